//! The device's identity, read from its end-entity certificate by the crate's small bounded
//! DER walker (shared with the server-answer reader: every read checked, time linear in the
//! certificate's length).

use core::fmt;

use ::rustls::ServerConnection;

use crate::model::x509::{self, Malformed};
// The certificate's key, shared with the server-answer reader (`scan::CertificateKey`).
pub use crate::model::x509::CertificateKey as DeviceKey;
// The OID speller, for the tests.
#[cfg(test)]
use crate::model::x509::dotted;

/// Why a device's identity could not be read.
///
/// ```
/// use tls_policy::rustls::{DeviceIdentity, IdentityError};
///
/// assert!(matches!(DeviceIdentity::from_der(b"not a certificate"), Err(IdentityError::Malformed { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// The peer presented no certificate.
    #[error("the device presented no certificate")]
    NoCertificate,
    /// The certificate is not the DER X.509 structure expected.
    #[error("the device certificate is malformed: {what}")]
    Malformed {
        /// What was wrong, in words.
        what: &'static str,
    },
}

/// Who a device is, as its end-entity certificate says: the subject CN (for Azure IoT DPS
/// X.509 attestation, the registration id) and its key.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::NamedGroup;
/// use tls_policy::rustls::{DeviceIdentity, DeviceKey};
///
/// let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
/// let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
/// params.distinguished_name.push(rcgen::DnType::CommonName, "device-01");
/// let cert = params.self_signed(&key)?;
/// let device = DeviceIdentity::from_der(cert.der())?;
/// assert_eq!(device.common_name.as_deref(), Some("device-01"));
/// assert_eq!(device.key, DeviceKey::Ecdsa { curve: NamedGroup::secp256r1 });
/// assert_eq!(device.to_string(), "CN=device-01 ECDSA P-256");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DeviceIdentity {
    /// The subject's common name (2.5.4.3), the last one if there are several (the most
    /// specific, RFC 6125 §6.4.4); `None` if the subject has none.
    pub common_name: Option<String>,
    /// The subject public key.
    pub key: DeviceKey,
}

impl DeviceIdentity {
    /// Reads an end-entity certificate (DER). Only the subject and the key are read; trust
    /// is the verifier's business, not this function's.
    ///
    /// ```
    /// use tls_policy::rustls::{DeviceIdentity, IdentityError};
    ///
    /// // A SEQUENCE claiming more bytes than there are.
    /// let error = DeviceIdentity::from_der(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).unwrap_err();
    /// assert_eq!(error.to_string(), "the device certificate is malformed: a length runs past the end");
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, IdentityError> {
        let (common_name, key) =
            x509::subject_and_key(der).map_err(|Malformed(what)| IdentityError::Malformed { what })?;
        Ok(Self { common_name, key })
    }

    /// The identity of the device at the other end of a server connection, from the first
    /// certificate it presented (available once the handshake has passed the device's
    /// Certificate message).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::sync::Arc;
    /// use tls_policy::rustls::{DeviceIdentity, IdentityError};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    /// # let realized = tls_policy::rustls::Realizer::new(&tls_policy::Policy::named("dps-tls12")?).server_config(vec![cert.der().clone()], der.into())?;
    ///
    /// let connection = rustls::ServerConnection::new(Arc::new(realized.config))?;
    /// // No handshake yet, so no certificate.
    /// assert_eq!(DeviceIdentity::from_connection(&connection), Err(IdentityError::NoCertificate));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_connection(connection: &ServerConnection) -> Result<Self, IdentityError> {
        let end_entity = connection.peer_certificates().and_then(<[_]>::first).ok_or(IdentityError::NoCertificate)?;
        Self::from_der(end_entity)
    }
}

impl fmt::Display for DeviceIdentity {
    /// `CN=device-01 ECDSA P-256`; `(no CN) RSA 2048` without one. Control characters in
    /// the CN are escaped, since the name comes from the peer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.common_name {
            Some(cn) => write!(f, "CN={} {}", cn.escape_debug(), self.key),
            None => write!(f, "(no CN) {}", self.key),
        }
    }
}

#[cfg(test)]
#[path = "identity_tests.rs"]
mod tests;
