//! What a suite is made of, as its IANA name says: key exchange, authentication, cipher, mode,
//! and the weaknesses current guidance names.

use core::fmt;

use crate::model::registry::{Hash, Recommended, labels};

use super::SuiteInfo;

/// A known weakness of a cipher suite.
///
/// ```
/// use tls_policy::{CipherSuite, Weakness};
///
/// let info = CipherSuite::TLS_RSA_WITH_RC4_128_SHA.info().expect("registered");
/// assert!(info.weaknesses().any(|w| w == Weakness::Rc4)); // RFC 7465
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Weakness {
    /// No encryption at all.
    NullCipher,
    /// No server authentication: anyone in the path can impersonate the server.
    Anonymous,
    /// Export grade: keys of 40 or 56 bits, broken in practice (FREAK, Logjam).
    Export,
    /// RC4, prohibited by RFC 7465.
    Rc4,
    /// A 64-bit block cipher (DES, 3DES, IDEA, RC2), open to Sweet32 (CVE-2016-2183).
    SmallBlock,
    /// MD5 as the MAC.
    Md5,
    /// RSA key transport: no forward secrecy, and Bleichenbacher-style oracles (RFC 9325 §4.1).
    StaticRsa,
    /// No forward secrecy.
    NoForwardSecrecy,
    /// SHA-1 as the MAC.
    Sha1,
    /// CBC with MAC-then-encrypt, the construction behind Lucky Thirteen and POODLE-style attacks.
    Cbc,
    /// The IANA registry marks the suite "D" (discouraged).
    Discouraged,
}

impl Weakness {
    pub(super) fn applies_to(self, s: &SuiteInfo) -> bool {
        match self {
            Self::NullCipher => s.cipher == Cipher::Null,
            Self::Anonymous => matches!(s.auth, Authentication::Anonymous | Authentication::Null),
            Self::Export => s.export,
            Self::Rc4 => s.cipher == Cipher::Rc4,
            Self::SmallBlock => matches!(s.cipher, Cipher::Des | Cipher::TripleDes | Cipher::Idea | Cipher::Rc2),
            Self::Md5 => s.hash == Hash::Md5,
            Self::StaticRsa => s.kx == KeyExchange::Rsa,
            Self::NoForwardSecrecy => !s.forward_secrecy(),
            Self::Sha1 => s.uses_sha1(),
            Self::Cbc => s.mode == Mode::Cbc,
            Self::Discouraged => s.recommended == Recommended::Discouraged,
        }
    }

    /// A one-line explanation for a person reading a report.
    ///
    /// ```
    /// use tls_policy::Weakness;
    ///
    /// assert_eq!(Weakness::SmallBlock.explanation(), "64-bit block cipher (Sweet32)");
    /// assert_eq!(Weakness::Sha1.to_string(), "uses SHA-1");
    /// ```
    pub const fn explanation(self) -> &'static str {
        match self {
            Self::NullCipher => "no encryption",
            Self::Anonymous => "no server authentication",
            Self::Export => "export grade (40/56-bit keys)",
            Self::Rc4 => "RC4 (prohibited by RFC 7465)",
            Self::SmallBlock => "64-bit block cipher (Sweet32)",
            Self::Md5 => "uses MD5",
            Self::StaticRsa => "static RSA key transport",
            Self::NoForwardSecrecy => "lack of Perfect Forward Secrecy",
            Self::Sha1 => "uses SHA-1",
            Self::Cbc => "CBC mode (MAC-then-encrypt)",
            Self::Discouraged => "discouraged by IANA",
        }
    }

    /// The longer account a report gives: what the weakness exposes to, and the guidance
    /// (RFC) that advises against it. [`explanation`](Self::explanation) is the short label;
    /// [`Policy::audit`](crate::Policy::audit) writes this one in its findings.
    ///
    /// ```
    /// use tls_policy::Weakness;
    ///
    /// assert_eq!(Weakness::Rc4.detail(), "RC4, prohibited by RFC 7465");
    /// assert!(Weakness::SmallBlock.detail().contains("Sweet32"));
    /// ```
    pub const fn detail(self) -> &'static str {
        match self {
            Self::NullCipher => "no encryption at all",
            Self::Anonymous => "no server authentication: anyone in the path can impersonate it",
            Self::Export => "export-grade, deliberately weakened (FREAK, Logjam)",
            Self::Rc4 => "RC4, prohibited by RFC 7465",
            Self::Md5 => "MD5 record MAC",
            Self::SmallBlock => "64-bit block cipher, open to Sweet32 (RFC 9325 §4.1)",
            Self::StaticRsa => {
                "static RSA key transport: no forward secrecy and exposed to Bleichenbacher oracles (ROBOT); RFC 9325 §4.1"
            }
            Self::NoForwardSecrecy => {
                "no forward secrecy: a stolen server key decrypts recorded sessions (RFC 9325 §4.1)"
            }
            Self::Sha1 => "HMAC-SHA1 record MAC: CBC-era suites RFC 9325 §4.2 advises against",
            Self::Cbc => "CBC with MAC-then-encrypt (Lucky Thirteen, padding oracles); RFC 9325 §4.2 prefers AEAD",
            Self::Discouraged => "marked D (discouraged) in the IANA registry (RFC 9847)",
        }
    }
}

impl fmt::Display for Weakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.explanation())
    }
}

/// How the premaster (or, in TLS 1.3, the shared) secret is agreed.
///
/// ```
/// use tls_policy::{CipherSuite, KeyExchange};
///
/// let kx = CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256.info().map(|i| i.kx());
/// assert_eq!(kx, Some(KeyExchange::Dhe));
/// assert_eq!(KeyExchange::Dhe.to_string(), "DHE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyExchange {
    /// None (TLS_NULL_WITH_NULL_NULL).
    Null,
    /// RSA key transport.
    Rsa,
    /// Static Diffie-Hellman from the certificate.
    Dh,
    /// Ephemeral Diffie-Hellman (also anonymous DH).
    Dhe,
    /// Static ECDH from the certificate.
    Ecdh,
    /// Ephemeral ECDH (also anonymous ECDH).
    Ecdhe,
    /// Pre-shared key (RFC 4279).
    Psk,
    /// Ephemeral DH plus PSK.
    DhePsk,
    /// RSA key transport plus PSK.
    RsaPsk,
    /// Ephemeral ECDH plus PSK (RFC 5489).
    EcdhePsk,
    /// Kerberos 5 (RFC 2712).
    Krb5,
    /// SRP (RFC 5054).
    Srp,
    /// ECCPWD password-authenticated exchange (RFC 8492).
    Eccpwd,
    /// GOST R 34.10-2012 VKO (RFC 9189).
    Gost,
    /// Not fixed by the suite: TLS 1.3 negotiates it separately.
    Any,
}

labels!(KeyExchange {
    Null => "NULL", Rsa => "RSA", Dh => "DH", Dhe => "DHE", Ecdh => "ECDH", Ecdhe => "ECDHE",
    Psk => "PSK", DhePsk => "DHE-PSK", RsaPsk => "RSA-PSK", EcdhePsk => "ECDHE-PSK",
    Krb5 => "KRB5", Srp => "SRP", Eccpwd => "ECCPWD", Gost => "GOST", Any => "any",
});

impl KeyExchange {
    /// Whether the exchange is ephemeral (forward secret).
    ///
    /// ```
    /// use tls_policy::KeyExchange;
    ///
    /// assert!(KeyExchange::Ecdhe.is_ephemeral() && KeyExchange::Dhe.is_ephemeral());
    /// assert!(!KeyExchange::Rsa.is_ephemeral() && !KeyExchange::Ecdh.is_ephemeral());
    /// ```
    pub const fn is_ephemeral(self) -> bool {
        matches!(self, Self::Dhe | Self::Ecdhe | Self::DhePsk | Self::EcdhePsk | Self::Srp | Self::Eccpwd | Self::Any)
    }

    /// Whether the exchange runs over an elliptic curve group negotiated with
    /// `supported_groups` (RFC 8422), so a group constraint can apply.
    ///
    /// ```
    /// use tls_policy::KeyExchange;
    ///
    /// assert!(KeyExchange::Ecdhe.is_elliptic_curve() && KeyExchange::Ecdh.is_elliptic_curve());
    /// assert!(!KeyExchange::Dhe.is_elliptic_curve());
    /// ```
    pub const fn is_elliptic_curve(self) -> bool {
        matches!(self, Self::Ecdh | Self::Ecdhe | Self::EcdhePsk | Self::Eccpwd)
    }
}

/// How the server proves its identity.
///
/// ```
/// use tls_policy::{Authentication, CipherSuite};
///
/// let anon = CipherSuite::TLS_DH_anon_WITH_AES_128_CBC_SHA.info().expect("registered");
/// assert_eq!(anon.auth(), Authentication::Anonymous);
/// assert_eq!(Authentication::Anonymous.to_string(), "anon");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Authentication {
    /// None (TLS_NULL_WITH_NULL_NULL).
    Null,
    /// Anonymous (DH_anon, ECDH_anon).
    Anonymous,
    /// An RSA certificate.
    Rsa,
    /// A DSA certificate.
    Dss,
    /// An ECDSA certificate.
    Ecdsa,
    /// A pre-shared key.
    Psk,
    /// Kerberos 5.
    Krb5,
    /// The SRP verifier.
    Srp,
    /// The ECCPWD password.
    Eccpwd,
    /// A GOST R 34.10-2012 certificate.
    Gost,
    /// Not fixed by the suite (TLS 1.3).
    Any,
}

labels!(Authentication {
    Null => "NULL", Anonymous => "anon", Rsa => "RSA", Dss => "DSS", Ecdsa => "ECDSA", Psk => "PSK",
    Krb5 => "KRB5", Srp => "SRP", Eccpwd => "ECCPWD", Gost => "GOST", Any => "any",
});

/// The bulk cipher.
///
/// ```
/// use tls_policy::{Cipher, CipherSuite};
///
/// let des3 = CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA.info().expect("registered");
/// assert_eq!((des3.cipher(), des3.key_bits()), (Cipher::TripleDes, 168));
/// assert_eq!(Cipher::TripleDes.to_string(), "3DES");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cipher {
    /// No encryption.
    Null,
    /// RC4.
    Rc4,
    /// RC2.
    Rc2,
    /// DES (56-bit, or 40-bit export).
    Des,
    /// Triple DES (EDE).
    TripleDes,
    /// IDEA.
    Idea,
    /// SEED.
    Seed,
    /// AES.
    Aes,
    /// Camellia.
    Camellia,
    /// ARIA.
    Aria,
    /// ChaCha20.
    ChaCha20,
    /// SM4.
    Sm4,
    /// AEGIS-128L.
    Aegis128L,
    /// AEGIS-256.
    Aegis256,
    /// Ascon-AEAD128.
    Ascon,
    /// GOST 28147-89.
    Gost28147,
    /// Kuznyechik (GOST R 34.12-2015, 128-bit block).
    Kuznyechik,
    /// Magma (GOST R 34.12-2015, 64-bit block).
    Magma,
}

labels!(Cipher {
    Null => "NULL", Rc4 => "RC4", Rc2 => "RC2", Des => "DES", TripleDes => "3DES", Idea => "IDEA",
    Seed => "SEED", Aes => "AES", Camellia => "Camellia", Aria => "ARIA", ChaCha20 => "ChaCha20",
    Sm4 => "SM4", Aegis128L => "AEGIS-128L", Aegis256 => "AEGIS-256", Ascon => "Ascon",
    Gost28147 => "GOST28147", Kuznyechik => "Kuznyechik", Magma => "Magma",
});

/// The cipher's mode of operation.
///
/// ```
/// use tls_policy::{CipherSuite, Mode};
///
/// let ccm8 = CipherSuite::TLS_AES_128_CCM_8_SHA256.info().expect("registered");
/// assert_eq!(ccm8.mode(), Mode::Ccm8);
/// assert_eq!(Mode::Gcm.to_string(), "GCM");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// No cipher, or an integrity-only suite (RFC 9150).
    Null,
    /// A stream cipher (RC4).
    Stream,
    /// CBC, MAC-then-encrypt.
    Cbc,
    /// GCM (AEAD).
    Gcm,
    /// CCM with a 16-byte tag (AEAD).
    Ccm,
    /// CCM with an 8-byte tag (AEAD).
    Ccm8,
    /// Poly1305 (AEAD, with ChaCha20).
    Poly1305,
    /// The AEGIS AEAD.
    Aegis,
    /// The Ascon AEAD.
    Ascon,
    /// GOST 28147-89 counter mode with imitation insert (RFC 9189).
    CntImit,
    /// CTR with OMAC (RFC 9189).
    CtrOmac,
    /// MGM, light key update (AEAD, RFC 9367).
    MgmL,
    /// MGM, strong key update (AEAD, RFC 9367).
    MgmS,
}

labels!(Mode {
    Null => "NULL", Stream => "stream", Cbc => "CBC", Gcm => "GCM", Ccm => "CCM", Ccm8 => "CCM8",
    Poly1305 => "Poly1305", Aegis => "AEGIS", Ascon => "Ascon", CntImit => "CNT-IMIT",
    CtrOmac => "CTR-OMAC", MgmL => "MGM-L", MgmS => "MGM-S",
});

impl Mode {
    /// Whether the mode is an AEAD.
    ///
    /// ```
    /// use tls_policy::Mode;
    ///
    /// assert!(Mode::Gcm.is_aead() && Mode::Poly1305.is_aead());
    /// assert!(!Mode::Cbc.is_aead() && !Mode::Stream.is_aead());
    /// ```
    pub const fn is_aead(self) -> bool {
        matches!(
            self,
            Self::Gcm | Self::Ccm | Self::Ccm8 | Self::Poly1305 | Self::Aegis | Self::Ascon | Self::MgmL | Self::MgmS
        )
    }
}
