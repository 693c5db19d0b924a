//! Signature schemes (the `signature_algorithms` extension, RFC 5246 §7.4.1.4.1 and
//! RFC 8446 §4.2.3).

use core::str::FromStr;

use crate::model::error::{ParseError, Registry};
use crate::model::key::KeyType;
use crate::model::registry::{Hash, Recommended};
use crate::model::version::ProtocolVersion;

/// A signature scheme code point as it travels on the wire.
///
/// Every name of the IANA "TLS SignatureScheme" registry is a constant spelled as IANA
/// spells it. TLS 1.2 clients also send `(hash, signature)` pairs of RFC 5246 that the
/// registry does not name (`0x0303`, ECDSA with SHA-224); those have the names OpenSSL gives
/// them (`ecdsa_sha224`, `rsa_pkcs1_sha224`, `dsa_sha256`).
///
/// ```
/// use tls_policy::{SignatureAlgorithm, SignatureScheme};
///
/// let s: SignatureScheme = "rsa_pss_rsae_sha256".parse()?;
/// assert_eq!(u16::from(s), 0x0804);
/// assert_eq!(s.info().unwrap().algorithm(), SignatureAlgorithm::RsaPssRsae);
/// assert_eq!(SignatureScheme::from(0x0303).to_string(), "ecdsa_sha224");
/// # Ok::<(), tls_policy::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SignatureScheme(u16);

/// The signature algorithm of a scheme: what key the signer needs.
///
/// ```
/// use tls_policy::{SignatureAlgorithm, SignatureScheme};
///
/// let pss = SignatureScheme::rsa_pss_rsae_sha256.info().expect("registered");
/// assert_eq!(pss.algorithm(), SignatureAlgorithm::RsaPssRsae); // an ordinary RSA key signs it
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (an RSA key).
    RsaPkcs1,
    /// RSASSA-PSS with an rsaEncryption key (an ordinary RSA key).
    RsaPssRsae,
    /// RSASSA-PSS with an RSASSA-PSS key.
    RsaPssPss,
    /// ECDSA.
    Ecdsa,
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// DSA.
    Dsa,
    /// SM2.
    Sm2,
    /// GOST R 34.10-2012.
    Gost,
    /// ML-DSA.
    MlDsa,
    /// SLH-DSA.
    SlhDsa,
    /// Identity-based signatures (ECCSI, ISO IBS).
    IdentityBased,
}

/// Where a scheme may sign a handshake: the server's `ServerKeyExchange` (TLS 1.2) or a
/// `CertificateVerify` (TLS 1.3). Data of the scheme's defining RFC, not of its name.
///
/// ```
/// use tls_policy::{Handshakes, SignatureScheme};
///
/// let signs = |s: SignatureScheme| s.info().map(|i| i.handshakes());
/// assert_eq!(signs(SignatureScheme::rsa_pkcs1_sha256), Some(Handshakes::Tls12)); // RFC 8446 §4.2.3
/// assert_eq!(signs(SignatureScheme::rsa_pss_rsae_sha256), Some(Handshakes::Tls12And13));
/// assert_eq!(signs(SignatureScheme::ecdsa_brainpoolP256r1tls13_sha256), Some(Handshakes::Tls13)); // RFC 8734
/// assert_eq!(signs(SignatureScheme::rsa_pkcs1_sha256_legacy), Some(Handshakes::Tls13Client)); // RFC 9963
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Handshakes {
    /// TLS 1.2 (and earlier) only: the RFC 5246 `(hash, signature)` pairs, and the PKCS#1 v1.5,
    /// SHA-1 and SHA-224 schemes RFC 8446 §4.2.3 keeps out of TLS 1.3 handshakes.
    Tls12,
    /// TLS 1.2 and TLS 1.3 (RSASSA-PSS, ECDSA with a NIST curve, EdDSA: RFC 8446 §4.2.3,
    /// RFC 8422 §5.1.3).
    Tls12And13,
    /// TLS 1.3 only: the brainpool schemes of RFC 8734 and schemes defined for TLS 1.3 alone
    /// (SM2, GOST, ML-DSA, SLH-DSA, identity-based).
    Tls13,
    /// Only a TLS 1.3 client's `CertificateVerify` (RFC 9963), never a server's handshake.
    Tls13Client,
}

impl Handshakes {
    /// Whether a server's handshake in `version` may be signed with a scheme of this kind.
    ///
    /// ```
    /// use tls_policy::{Handshakes, ProtocolVersion};
    ///
    /// assert!(Handshakes::Tls12.signs_server(ProtocolVersion::TLSv1_2));
    /// assert!(!Handshakes::Tls12.signs_server(ProtocolVersion::TLSv1_3));
    /// assert!(!Handshakes::Tls13Client.signs_server(ProtocolVersion::TLSv1_3));
    /// ```
    pub fn signs_server(self, version: ProtocolVersion) -> bool {
        let tls13 = version == ProtocolVersion::TLSv1_3;
        match self {
            Self::Tls12 => !tls13,
            Self::Tls12And13 => true,
            Self::Tls13 => tls13,
            Self::Tls13Client => false,
        }
    }
}

/// What the registry says about one scheme.
///
/// ```
/// use tls_policy::{Hash, SignatureScheme};
///
/// let info = SignatureScheme::ecdsa_secp256r1_sha256.info().expect("registered");
/// assert_eq!((info.name(), info.hash()), ("ecdsa_secp256r1_sha256", Some(Hash::Sha256)));
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SchemeInfo {
    scheme: SignatureScheme,
    name: &'static str,
    algorithm: SignatureAlgorithm,
    hash: Option<Hash>,
    recommended: Recommended,
    signs: Handshakes,
    reference: &'static str,
}

impl SchemeInfo {
    /// The code point.
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert!(SignatureScheme::all().all(|i| i.scheme().info() == Some(i)));
    /// ```
    pub const fn scheme(&self) -> SignatureScheme {
        self.scheme
    }
    /// The IANA name (or OpenSSL's, for an RFC 5246 pair the registry does not name).
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert_eq!(SignatureScheme::from(0x0804).info().map(|i| i.name()), Some("rsa_pss_rsae_sha256"));
    /// ```
    pub const fn name(&self) -> &'static str {
        self.name
    }
    /// The signature algorithm.
    ///
    /// ```
    /// use tls_policy::{SignatureAlgorithm, SignatureScheme};
    ///
    /// assert_eq!(SignatureScheme::ed25519.info().map(|i| i.algorithm()), Some(SignatureAlgorithm::Ed25519));
    /// ```
    pub const fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }
    /// The hash, where the scheme names one.
    ///
    /// ```
    /// use tls_policy::{Hash, SignatureScheme};
    ///
    /// assert_eq!(SignatureScheme::rsa_pkcs1_sha1.info().and_then(|i| i.hash()), Some(Hash::Sha1)); // RFC 9155
    /// assert_eq!(SignatureScheme::ed25519.info().and_then(|i| i.hash()), None);
    /// ```
    pub const fn hash(&self) -> Option<Hash> {
        self.hash
    }
    /// The registry's "Recommended" column ("N" for the unnamed RFC 5246 pairs).
    ///
    /// ```
    /// use tls_policy::{Recommended, SignatureScheme};
    ///
    /// assert_eq!(SignatureScheme::rsa_pkcs1_sha256.info().map(|i| i.recommended()), Some(Recommended::Yes));
    /// assert_eq!(SignatureScheme::rsa_pkcs1_sha1.info().map(|i| i.recommended()), Some(Recommended::No));
    /// ```
    pub const fn recommended(&self) -> Recommended {
        self.recommended
    }
    /// The registry's references (`[RFC5246]` for the unnamed pairs).
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert_eq!(SignatureScheme::dsa_sha1.info().map(|i| i.reference()), Some("[RFC5246]"));
    /// ```
    pub const fn reference(&self) -> &'static str {
        self.reference
    }
    /// Where the scheme may sign a handshake.
    ///
    /// ```
    /// use tls_policy::{Handshakes, SignatureScheme};
    ///
    /// assert_eq!(SignatureScheme::ecdsa_sha1.info().map(|i| i.handshakes()), Some(Handshakes::Tls12));
    /// ```
    pub const fn handshakes(&self) -> Handshakes {
        self.signs
    }
    /// Whether a key of this type signs with the scheme's algorithm: PKCS#1 v1.5 and
    /// RSASSA-PSS with an rsaEncryption key for RSA, ECDSA for ECDSA.
    ///
    /// ```
    /// use tls_policy::{KeyType, SignatureScheme};
    ///
    /// let pss = SignatureScheme::rsa_pss_rsae_sha256.info().expect("registered");
    /// assert!(pss.signed_by(KeyType::Rsa) && !pss.signed_by(KeyType::Ecdsa));
    /// ```
    pub fn signed_by(&self, key: KeyType) -> bool {
        match key {
            KeyType::Rsa => matches!(self.algorithm, SignatureAlgorithm::RsaPkcs1 | SignatureAlgorithm::RsaPssRsae),
            KeyType::Ecdsa => self.algorithm == SignatureAlgorithm::Ecdsa,
        }
    }
    /// Whether a server holding a key of this type can sign its handshake in `version` with
    /// this scheme: the key signs the algorithm and the scheme is defined for that handshake.
    ///
    /// ```
    /// use tls_policy::{KeyType, ProtocolVersion, SignatureScheme};
    ///
    /// let pkcs1 = SignatureScheme::rsa_pkcs1_sha256.info().expect("registered");
    /// assert!(pkcs1.server_signs(KeyType::Rsa, ProtocolVersion::TLSv1_2));
    /// assert!(!pkcs1.server_signs(KeyType::Rsa, ProtocolVersion::TLSv1_3)); // RFC 8446 §4.2.3
    /// ```
    pub fn server_signs(&self, key: KeyType, version: ProtocolVersion) -> bool {
        self.signs.signs_server(version) && self.signed_by(key)
    }
    /// Whether this is an RFC 5246 `(hash, signature)` pair rather than a registry row.
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert!(SignatureScheme::ecdsa_sha224.info().is_some_and(|i| i.is_tls12_pair_only()));
    /// assert!(SignatureScheme::rsa_pkcs1_sha256.info().is_some_and(|i| !i.is_tls12_pair_only()));
    /// ```
    pub fn is_tls12_pair_only(&self) -> bool {
        self.reference == "[RFC5246]"
    }
}

macro_rules! schemes {
    ($($name:ident = $code:literal, $alg:ident, $hash:expr, $rec:ident, $signs:ident, $reference:literal;)+) => {
        #[allow(non_upper_case_globals)]
        impl SignatureScheme {
            $(
                #[doc = concat!("`", stringify!($name), "`, ", stringify!($code), ".")]
                pub const $name: Self = Self($code);
            )+
        }

        /// The registry plus the RFC 5246 pairs, by code.
        static SCHEMES: &[SchemeInfo] = &[
            $(SchemeInfo {
                scheme: SignatureScheme::$name,
                name: stringify!($name),
                algorithm: SignatureAlgorithm::$alg,
                hash: $hash,
                recommended: Recommended::$rec,
                signs: Handshakes::$signs,
                reference: $reference,
            },)+
        ];
    };
}

// Every named row of the IANA "TLS SignatureScheme" registry (updated 2026-08-10), plus the
// RFC 5246 (hash, signature) pairs it lacks (reference "[RFC5246]"); `tests/registries.rs`
// checks this list against `src/model/data/tls-signaturescheme.csv`.
schemes! {
    rsa_pkcs1_md5 = 0x0101, RsaPkcs1, Some(Hash::Md5), No, Tls12, "[RFC5246]";
    dsa_md5 = 0x0102, Dsa, Some(Hash::Md5), No, Tls12, "[RFC5246]";
    ecdsa_md5 = 0x0103, Ecdsa, Some(Hash::Md5), No, Tls12, "[RFC5246]";
    rsa_pkcs1_sha1 = 0x0201, RsaPkcs1, Some(Hash::Sha1), No, Tls12, "[RFC9846][RFC9155]";
    dsa_sha1 = 0x0202, Dsa, Some(Hash::Sha1), No, Tls12, "[RFC5246]";
    ecdsa_sha1 = 0x0203, Ecdsa, Some(Hash::Sha1), No, Tls12, "[RFC9846][RFC9155]";
    rsa_pkcs1_sha224 = 0x0301, RsaPkcs1, Some(Hash::Sha224), No, Tls12, "[RFC5246]";
    dsa_sha224 = 0x0302, Dsa, Some(Hash::Sha224), No, Tls12, "[RFC5246]";
    ecdsa_sha224 = 0x0303, Ecdsa, Some(Hash::Sha224), No, Tls12, "[RFC5246]";
    rsa_pkcs1_sha256 = 0x0401, RsaPkcs1, Some(Hash::Sha256), Yes, Tls12, "[RFC9846]";
    dsa_sha256 = 0x0402, Dsa, Some(Hash::Sha256), No, Tls12, "[RFC5246]";
    ecdsa_secp256r1_sha256 = 0x0403, Ecdsa, Some(Hash::Sha256), Yes, Tls12And13, "[RFC9846]";
    rsa_pkcs1_sha256_legacy = 0x0420, RsaPkcs1, Some(Hash::Sha256), No, Tls13Client, "[RFC9963]";
    rsa_pkcs1_sha384 = 0x0501, RsaPkcs1, Some(Hash::Sha384), Yes, Tls12, "[RFC9846]";
    dsa_sha384 = 0x0502, Dsa, Some(Hash::Sha384), No, Tls12, "[RFC5246]";
    ecdsa_secp384r1_sha384 = 0x0503, Ecdsa, Some(Hash::Sha384), Yes, Tls12And13, "[RFC9846]";
    rsa_pkcs1_sha384_legacy = 0x0520, RsaPkcs1, Some(Hash::Sha384), No, Tls13Client, "[RFC9963]";
    rsa_pkcs1_sha512 = 0x0601, RsaPkcs1, Some(Hash::Sha512), Yes, Tls12, "[RFC9846]";
    dsa_sha512 = 0x0602, Dsa, Some(Hash::Sha512), No, Tls12, "[RFC5246]";
    ecdsa_secp521r1_sha512 = 0x0603, Ecdsa, Some(Hash::Sha512), Yes, Tls12And13, "[RFC9846]";
    rsa_pkcs1_sha512_legacy = 0x0620, RsaPkcs1, Some(Hash::Sha512), No, Tls13Client, "[RFC9963]";
    eccsi_sha256 = 0x0704, IdentityBased, Some(Hash::Sha256), No, Tls13, "[draft-wang-tls-raw-public-key-with-ibc-02]";
    iso_ibs1 = 0x0705, IdentityBased, None, No, Tls13, "[draft-wang-tls-raw-public-key-with-ibc-02]";
    iso_ibs2 = 0x0706, IdentityBased, None, No, Tls13, "[draft-wang-tls-raw-public-key-with-ibc-02]";
    iso_chinese_ibs = 0x0707, IdentityBased, None, No, Tls13, "[draft-wang-tls-raw-public-key-with-ibc-02]";
    sm2sig_sm3 = 0x0708, Sm2, Some(Hash::Sm3), No, Tls13, "[RFC8998]";
    gostr34102012_256a = 0x0709, Gost, Some(Hash::Streebog256), No, Tls13, "[RFC9367]";
    gostr34102012_256b = 0x070A, Gost, Some(Hash::Streebog256), No, Tls13, "[RFC9367]";
    gostr34102012_256c = 0x070B, Gost, Some(Hash::Streebog256), No, Tls13, "[RFC9367]";
    gostr34102012_256d = 0x070C, Gost, Some(Hash::Streebog256), No, Tls13, "[RFC9367]";
    gostr34102012_512a = 0x070D, Gost, Some(Hash::Streebog512), No, Tls13, "[RFC9367]";
    gostr34102012_512b = 0x070E, Gost, Some(Hash::Streebog512), No, Tls13, "[RFC9367]";
    gostr34102012_512c = 0x070F, Gost, Some(Hash::Streebog512), No, Tls13, "[RFC9367]";
    rsa_pss_rsae_sha256 = 0x0804, RsaPssRsae, Some(Hash::Sha256), Yes, Tls12And13, "[RFC9846]";
    rsa_pss_rsae_sha384 = 0x0805, RsaPssRsae, Some(Hash::Sha384), Yes, Tls12And13, "[RFC9846]";
    rsa_pss_rsae_sha512 = 0x0806, RsaPssRsae, Some(Hash::Sha512), Yes, Tls12And13, "[RFC9846]";
    ed25519 = 0x0807, Ed25519, None, Yes, Tls12And13, "[RFC9846]";
    ed448 = 0x0808, Ed448, None, Yes, Tls12And13, "[RFC9846]";
    rsa_pss_pss_sha256 = 0x0809, RsaPssPss, Some(Hash::Sha256), Yes, Tls12And13, "[RFC9846]";
    rsa_pss_pss_sha384 = 0x080A, RsaPssPss, Some(Hash::Sha384), Yes, Tls12And13, "[RFC9846]";
    rsa_pss_pss_sha512 = 0x080B, RsaPssPss, Some(Hash::Sha512), Yes, Tls12And13, "[RFC9846]";
    ecdsa_brainpoolP256r1tls13_sha256 = 0x081A, Ecdsa, Some(Hash::Sha256), No, Tls13, "[RFC8734]";
    ecdsa_brainpoolP384r1tls13_sha384 = 0x081B, Ecdsa, Some(Hash::Sha384), No, Tls13, "[RFC8734]";
    ecdsa_brainpoolP512r1tls13_sha512 = 0x081C, Ecdsa, Some(Hash::Sha512), No, Tls13, "[RFC8734]";
    mldsa44 = 0x0904, MlDsa, None, No, Tls13, "[draft-ietf-tls-mldsa-00]";
    mldsa65 = 0x0905, MlDsa, None, No, Tls13, "[draft-ietf-tls-mldsa-00]";
    mldsa87 = 0x0906, MlDsa, None, No, Tls13, "[draft-ietf-tls-mldsa-00]";
    slhdsa_sha2_128s = 0x0911, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_sha2_128f = 0x0912, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_sha2_192s = 0x0913, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_sha2_192f = 0x0914, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_sha2_256s = 0x0915, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_sha2_256f = 0x0916, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_128s = 0x0917, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_128f = 0x0918, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_192s = 0x0919, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_192f = 0x091A, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_256s = 0x091B, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
    slhdsa_shake_256f = 0x091C, SlhDsa, None, No, Tls13, "[draft-reddy-tls-slhdsa-01]";
}

crate::model::registry::wire_value!(SignatureScheme);
crate::model::registry::wire_names!(SignatureScheme, name);

impl SignatureScheme {
    /// What the registry knows of this scheme.
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert!(SignatureScheme::ed25519.info().is_some());
    /// assert!(SignatureScheme::from(0xFEFE).info().is_none());
    /// ```
    pub fn info(self) -> Option<&'static SchemeInfo> {
        SCHEMES.binary_search_by_key(&self.0, |s| s.scheme.0).ok().and_then(|i| SCHEMES.get(i))
    }

    /// The name.
    ///
    /// ```
    /// use tls_policy::SignatureScheme;
    ///
    /// assert_eq!(SignatureScheme::from(0x0403).name(), Some("ecdsa_secp256r1_sha256"));
    /// ```
    pub fn name(self) -> Option<&'static str> {
        self.info().map(|i| i.name)
    }

    /// Every known scheme, by code.
    ///
    /// ```
    /// use tls_policy::{SignatureAlgorithm, SignatureScheme};
    ///
    /// assert!(SignatureScheme::all().any(|i| i.algorithm() == SignatureAlgorithm::MlDsa));
    /// assert!(SignatureScheme::all().map(|i| i.scheme()).is_sorted());
    /// ```
    pub fn all() -> impl ExactSizeIterator<Item = &'static SchemeInfo> {
        SCHEMES.iter()
    }
}

impl FromStr for SignatureScheme {
    type Err = ParseError;

    /// The name (ASCII case ignored) or a hex code (`0x0804`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let names = SCHEMES.iter().map(|s| (s.name, s.scheme));
        crate::model::registry::parse_name_or_code(s, Registry::SignatureScheme, names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_code() {
        assert!(SCHEMES.windows(2).all(|w| w[0].scheme < w[1].scheme));
    }

    #[test]
    fn tls12_pairs_have_openssl_names() {
        for (code, name) in [(0x0303, "ecdsa_sha224"), (0x0301, "rsa_pkcs1_sha224"), (0x0402, "dsa_sha256")] {
            assert_eq!(SignatureScheme::from(code).name(), Some(name));
            assert!(SignatureScheme::from(code).info().unwrap().is_tls12_pair_only());
        }
        assert!(!SignatureScheme::rsa_pkcs1_sha256.info().unwrap().is_tls12_pair_only());
    }

    /// The rule as it was written on names before it became data, kept as the oracle: the
    /// only difference is `ecdsa_md5`, an RFC 5246 pair that is no TLS 1.3 scheme.
    #[test]
    fn handshake_data_agrees_with_the_name_rule() {
        use crate::model::key::KeyType;
        for info in SignatureScheme::all() {
            for version in ProtocolVersion::ALL {
                for key in [KeyType::Rsa, KeyType::Ecdsa] {
                    let tls13 = version == ProtocolVersion::TLSv1_3;
                    let by_name = !((info.name.contains("tls13") && !tls13) || info.name.ends_with("_legacy"))
                        && !(tls13
                            && (info.algorithm == SignatureAlgorithm::RsaPkcs1
                                || matches!(info.hash, Some(Hash::Sha1 | Hash::Sha224))))
                        && info.signed_by(key);
                    let expected = by_name && !(tls13 && info.scheme == SignatureScheme::ecdsa_md5);
                    assert_eq!(info.server_signs(key, version), expected, "{} {key} {version}", info.name);
                }
            }
        }
    }
}
