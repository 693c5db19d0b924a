//! What a suite asks of a server, as rustls puts such rules on its suite descriptors: the key
//! its certificate must hold, the group its key exchange runs over, and the key that signs its
//! handshake.

use crate::model::key::KeyType;
use crate::model::suite::{Authentication, KeyExchange, SuiteInfo};

impl Authentication {
    /// The certificate key this authentication needs, if a key of [`KeyType`] can serve it
    /// (DSS, anonymous, PSK and the rest cannot).
    ///
    /// ```
    /// use tls_policy::{Authentication, KeyType};
    ///
    /// assert_eq!(Authentication::Ecdsa.key_type(), Some(KeyType::Ecdsa));
    /// assert_eq!(Authentication::Dss.key_type(), None);
    /// ```
    pub const fn key_type(self) -> Option<KeyType> {
        match self {
            Self::Rsa => Some(KeyType::Rsa),
            Self::Ecdsa => Some(KeyType::Ecdsa),
            _ => None,
        }
    }
}

/// The group a suite's key exchange needs, as the engine checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupNeed {
    /// Nothing (static RSA key transport, and exchanges no certificate alone can run).
    None,
    /// An elliptic curve (ECDHE and the other EC exchanges, TLS 1.0 to 1.2; RFC 8422 §4).
    Ec,
    /// Finite-field DH under RFC 7919 rules (DHE).
    Ffdhe,
    /// Any group usable in TLS 1.3 (RFC 8446 §4.2.7).
    Tls13,
}

impl KeyExchange {
    /// The group this exchange runs over.
    pub(crate) const fn group_need(self) -> GroupNeed {
        match self {
            Self::Ecdhe | Self::Ecdh | Self::EcdhePsk | Self::Eccpwd => GroupNeed::Ec,
            Self::Dhe | Self::DhePsk => GroupNeed::Ffdhe,
            Self::Any => GroupNeed::Tls13,
            _ => GroupNeed::None,
        }
    }
}

impl SuiteInfo {
    /// Whether a server whose certificate holds a key of this type can run the suite: the key
    /// exchange must be one a certificate alone supports (no PSK, SRP, Kerberos, static DH or
    /// ECDH certificates) and the key must match the suite's authentication (any key for
    /// TLS 1.3, whose suites do not fix it).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, KeyType};
    ///
    /// let rsa = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().expect("registered");
    /// assert!(rsa.runs_with(KeyType::Rsa) && !rsa.runs_with(KeyType::Ecdsa));
    /// let tls13 = CipherSuite::TLS_AES_128_GCM_SHA256.info().expect("registered");
    /// assert!(tls13.runs_with(KeyType::Ecdsa));
    /// let psk = CipherSuite::TLS_PSK_WITH_AES_128_GCM_SHA256.info().expect("registered");
    /// assert!(!psk.runs_with(KeyType::Rsa));
    /// ```
    pub fn runs_with(&self, key: KeyType) -> bool {
        match self.kx() {
            KeyExchange::Any => true,
            KeyExchange::Rsa | KeyExchange::Dhe | KeyExchange::Ecdhe => self.auth().key_type() == Some(key),
            _ => false,
        }
    }

    /// The key whose signature the suite's TLS 1.2 handshake carries (in `ServerKeyExchange`),
    /// if any: static RSA key transport signs nothing, and TLS 1.3 suites leave it to the
    /// certificate.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, KeyType};
    ///
    /// let signed = |s: CipherSuite| s.info().and_then(|i| i.signing_key());
    /// assert_eq!(signed(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), Some(KeyType::Ecdsa));
    /// assert_eq!(signed(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256), None);
    /// ```
    pub fn signing_key(&self) -> Option<KeyType> {
        match self.kx() {
            KeyExchange::Dhe | KeyExchange::Ecdhe => self.auth().key_type(),
            _ => None,
        }
    }

    /// The group the suite's key exchange needs.
    pub(crate) fn group_need(&self) -> GroupNeed {
        self.kx().group_need()
    }
}
