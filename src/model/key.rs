//! The key a certificate holds: what a suite needs and what signs a handshake.

use core::fmt;

/// A key type a server can hold a certificate for.
///
/// ```
/// use tls_policy::{KeyTypes, KeyType};
///
/// assert!(KeyTypes::only(KeyType::Ecdsa).holds(KeyType::Ecdsa));
/// assert_eq!(KeyType::Rsa.to_string(), "RSA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum KeyType {
    /// An RSA key (rsaEncryption).
    Rsa,
    /// An ECDSA key.
    Ecdsa,
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rsa => "RSA",
            Self::Ecdsa => "ECDSA",
        })
    }
}
