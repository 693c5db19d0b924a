//! The key types a server holds certificates for.

use core::fmt;

use crate::model::key::KeyType;
use crate::model::suite::SuiteInfo;

/// Which key types the server holds certificates for.
///
/// ```
/// use tls_policy::{KeyTypes, KeyType};
///
/// let both: KeyTypes = "rsa,ecdsa".parse()?;
/// assert_eq!(both, KeyTypes::RSA_AND_ECDSA);
/// assert!(both.holds(KeyType::Ecdsa));
/// assert!(!KeyTypes::RSA.holds(KeyType::Ecdsa));
/// # Ok::<(), tls_policy::KeyTypesError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyTypes(pub(super) u8);

impl KeyTypes {
    /// An RSA certificate only.
    pub const RSA: Self = Self(1);
    /// An ECDSA certificate only.
    pub const ECDSA: Self = Self(2);
    /// Both.
    pub const RSA_AND_ECDSA: Self = Self(3);

    /// Whether a certificate of this key type is held.
    ///
    /// ```
    /// use tls_policy::{KeyTypes, KeyType};
    ///
    /// assert!(KeyTypes::RSA_AND_ECDSA.holds(KeyType::Rsa));
    /// assert!(!KeyTypes::ECDSA.holds(KeyType::Rsa));
    /// ```
    pub const fn holds(self, key: KeyType) -> bool {
        self.0 & Self::bit(key) != 0
    }

    /// A certificate of this key type only.
    ///
    /// ```
    /// use tls_policy::{KeyTypes, KeyType};
    ///
    /// assert_eq!(KeyTypes::only(KeyType::Rsa), KeyTypes::RSA);
    /// ```
    pub const fn only(key: KeyType) -> Self {
        Self(Self::bit(key))
    }

    /// These credentials plus `key`.
    ///
    /// ```
    /// use tls_policy::{KeyTypes, KeyType};
    ///
    /// assert_eq!(KeyTypes::RSA.with(KeyType::Ecdsa), KeyTypes::RSA_AND_ECDSA);
    /// assert_eq!(KeyTypes::RSA.with(KeyType::Rsa).to_string(), "rsa");
    /// ```
    #[must_use]
    pub const fn with(self, key: KeyType) -> Self {
        Self(self.0 | Self::bit(key))
    }

    const fn bit(key: KeyType) -> u8 {
        match key {
            KeyType::Rsa => 1,
            KeyType::Ecdsa => 2,
        }
    }

    /// Whether a server holding these can run the suite: some held key
    /// [runs it](crate::SuiteInfo::runs_with).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, KeyTypes};
    ///
    /// let ecdsa = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.info().expect("registered");
    /// assert!(KeyTypes::RSA_AND_ECDSA.can_run(ecdsa));
    /// assert!(!KeyTypes::RSA.can_run(ecdsa));
    /// ```
    pub fn can_run(self, suite: &SuiteInfo) -> bool {
        [KeyType::Rsa, KeyType::Ecdsa].into_iter().any(|key| self.holds(key) && suite.runs_with(key))
    }

    /// The index (0 to 3) of these credentials in per-credential tables.
    pub(crate) fn index(self) -> usize {
        usize::from(self.0 & 3)
    }
}

impl fmt::Debug for KeyTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for KeyTypes {
    /// `rsa`, `ecdsa` or `rsa,ecdsa`, as parsed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            1 => "rsa",
            2 => "ecdsa",
            3 => "rsa,ecdsa",
            _ => "none",
        })
    }
}

/// Text that does not name key types.
///
/// ```
/// use tls_policy::KeyTypes;
///
/// let err = "rsa,dsa".parse::<KeyTypes>().unwrap_err();
/// assert_eq!(err.input, "rsa,dsa");
/// assert!(err.to_string().ends_with("expected rsa, ecdsa or rsa,ecdsa"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key type {input:?}: expected rsa, ecdsa or rsa,ecdsa")]
pub struct KeyTypesError {
    /// The text as given.
    pub input: String,
}

impl serde::Serialize for KeyTypes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for KeyTypes {
    /// `"rsa"`, `"ecdsa"` or `"rsa,ecdsa"`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl core::str::FromStr for KeyTypes {
    type Err = KeyTypesError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut creds = Self(0);
        for part in s.split([',', '+', ' ']).filter(|p| !p.is_empty()) {
            creds = match part.to_ascii_lowercase().as_str() {
                "rsa" => creds.with(KeyType::Rsa),
                "ecdsa" | "ecc" | "ec" => creds.with(KeyType::Ecdsa),
                _ => return Err(KeyTypesError { input: s.to_owned() }),
            };
        }
        if creds.0 == 0 { Err(KeyTypesError { input: s.to_owned() }) } else { Ok(creds) }
    }
}
