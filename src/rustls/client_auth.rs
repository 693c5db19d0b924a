//! Mutual TLS: servers that verify device certificates under the policy, devices that
//! present theirs, and refusals of a device in words.
//!
//! A server asks for a certificate in a CertificateRequest (RFC 8446 §4.3.2, RFC 5246
//! §7.4.4) listing the signature schemes it accepts for the device's CertificateVerify; a
//! [`ClientAuth`] makes those the policy's schemes that the crypto provider verifies, checks
//! the chain with rustls's webpki verifier against the trust anchors given, and refuses a
//! device key of a type it does not allow.

use std::path::Path;
use std::sync::Arc;

use ::rustls::client::ResolvesClientCert;
use ::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerifier};
use ::rustls::crypto::CryptoProvider;
use ::rustls::pki_types::pem::PemObject;
use ::rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use ::rustls::server::WebPkiClientVerifier;
use ::rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use ::rustls::sign::CertifiedKey;
use ::rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, DistinguishedName, Error, OtherError, PeerMisbehaved,
    RootCertStore,
};

use super::ConfigError;
use super::identity::{DeviceIdentity, DeviceKey};
use super::realize::{Realized, Realizer};
use super::signing::{PolicyKey, scheme_allowed};
use crate::model::key::KeyType;
use crate::policy::{KeyTypes, Policy};
use crate::{Alert, SignatureScheme};

/// How a server authenticates devices: the CAs it trusts, whether a certificate is required,
/// and which device key types it accepts. Give it to [`Realizer::client_auth`].
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::KeyTypes;
/// use tls_policy::rustls::ClientAuth;
///
/// let ca = rcgen::KeyPair::generate()?;
/// let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
/// params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
/// let ca = params.self_signed(&ca)?;
/// // As DPS recommends: ECDSA device certificates only.
/// let auth = ClientAuth::from_pem(ca.pem().as_bytes(), "ca.pem")?.allow_keys(KeyTypes::ECDSA);
/// assert!(auth.is_required() && auth.keys() == KeyTypes::ECDSA && auth.roots().len() == 1);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ClientAuth {
    roots: Vec<CertificateDer<'static>>,
    required: bool,
    keys: KeyTypes,
}

impl ClientAuth {
    /// Devices certified by these CAs (DER), a certificate required, RSA and ECDSA keys
    /// allowed.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::KeyTypes;
    /// use tls_policy::rustls::ClientAuth;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let ca = rcgen::CertificateParams::new(Vec::<String>::new())?.self_signed(&key)?;
    ///
    /// let auth = ClientAuth::new([ca.der().clone()]);
    /// assert!(auth.is_required() && auth.keys() == KeyTypes::RSA_AND_ECDSA);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(roots: impl IntoIterator<Item = CertificateDer<'static>>) -> Self {
        Self { roots: roots.into_iter().collect(), required: true, keys: KeyTypes::RSA_AND_ECDSA }
    }

    /// Trust anchors from PEM text (every `CERTIFICATE` block); `name` says where the text
    /// came from in errors.
    ///
    /// ```
    /// use tls_policy::rustls::{ClientAuth, ClientAuthError};
    ///
    /// let error = ClientAuth::from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "ca.pem").unwrap_err();
    /// assert_eq!(error.to_string(), "no CERTIFICATE block in ca.pem");
    /// ```
    pub fn from_pem(pem: &[u8], name: &str) -> Result<Self, ClientAuthError> {
        let mut roots = Vec::new();
        for item in CertificateDer::pem_slice_iter(pem) {
            roots.push(item.map_err(|e| ClientAuthError::Pem { name: name.to_owned(), reason: e.to_string() })?);
        }
        if roots.is_empty() {
            return Err(ClientAuthError::NoCertificate { name: name.to_owned() });
        }
        Ok(Self::new(roots))
    }

    /// Trust anchors from a PEM file.
    ///
    /// ```
    /// use tls_policy::rustls::{ClientAuth, ClientAuthError};
    ///
    /// let error = ClientAuth::from_pem_file("/nonexistent/ca.pem").unwrap_err();
    /// assert!(matches!(error, ClientAuthError::Read { .. }));
    /// assert!(error.to_string().starts_with("cannot read /nonexistent/ca.pem: "));
    /// ```
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, ClientAuthError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let pem =
            std::fs::read(path).map_err(|e| ClientAuthError::Read { name: name.clone(), reason: e.to_string() })?;
        Self::from_pem(&pem, &name)
    }

    /// Let devices without a certificate in (RFC 8446 §4.4.2.4 and RFC 5246 §7.4.6 leave it
    /// to the server); a certificate given is still verified.
    ///
    /// ```
    /// # use tls_policy::rustls::ClientAuth;
    /// assert!(!ClientAuth::new([]).optional().is_required());
    /// ```
    #[must_use]
    pub const fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    /// Refuse devices without a certificate (the default).
    ///
    /// ```
    /// # use tls_policy::rustls::ClientAuth;
    /// assert!(ClientAuth::new([]).optional().required().is_required());
    /// ```
    #[must_use]
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The device key types accepted (default RSA and ECDSA).
    ///
    /// ```
    /// # use tls_policy::{KeyTypes, rustls::ClientAuth};
    /// assert_eq!(ClientAuth::new([]).allow_keys(KeyTypes::ECDSA).keys(), KeyTypes::ECDSA);
    /// ```
    #[must_use]
    pub const fn allow_keys(mut self, keys: KeyTypes) -> Self {
        self.keys = keys;
        self
    }

    /// Whether a device must present a certificate.
    ///
    /// ```
    /// # use tls_policy::rustls::ClientAuth;
    /// assert!(ClientAuth::new([]).is_required());
    /// ```
    pub const fn is_required(&self) -> bool {
        self.required
    }

    /// The device key types accepted.
    ///
    /// ```
    /// # use tls_policy::{KeyTypes, rustls::ClientAuth};
    /// assert_eq!(ClientAuth::new([]).keys(), KeyTypes::RSA_AND_ECDSA);
    /// ```
    pub const fn keys(&self) -> KeyTypes {
        self.keys
    }

    /// The trust anchors (DER).
    ///
    /// ```
    /// # use tls_policy::rustls::ClientAuth;
    /// assert!(ClientAuth::new([]).roots().is_empty());
    /// ```
    pub fn roots(&self) -> &[CertificateDer<'static>] {
        &self.roots
    }

    /// The verifier for a server config: webpki under `provider`, held to the policy.
    pub(super) fn verifier(
        &self,
        policy: &Policy,
        provider: &Arc<CryptoProvider>,
    ) -> Result<Arc<dyn ClientCertVerifier>, ClientAuthError> {
        if self.roots.is_empty() {
            return Err(ClientAuthError::NoRoots);
        }
        let mut store = RootCertStore::empty();
        for (index, root) in self.roots.iter().enumerate() {
            store.add(root.clone()).map_err(|e| ClientAuthError::BadRoot { index, reason: e.to_string() })?;
        }
        let builder = WebPkiClientVerifier::builder_with_provider(Arc::new(store), Arc::clone(provider));
        let builder = if self.required { builder } else { builder.allow_unauthenticated() };
        let inner = builder.build().map_err(|e| ClientAuthError::Verifier { reason: e.to_string() })?;
        let verified: Vec<u16> = inner.supported_verify_schemes().into_iter().map(u16::from).collect();
        let schemes: Vec<SignatureScheme> =
            policy.signature_schemes().iter().copied().filter(|s| verified.contains(&s.get())).collect();
        for key in [KeyType::Rsa, KeyType::Ecdsa].into_iter().filter(|k| self.keys.holds(*k)) {
            if !schemes.iter().any(|s| s.info().is_some_and(|i| i.signed_by(key))) {
                return Err(ClientAuthError::NoScheme { policy: policy.id().to_owned(), key });
            }
        }
        let schemes = schemes.iter().map(|s| ::rustls::SignatureScheme::from(*s)).collect();
        Ok(Arc::new(DeviceVerifier { inner, schemes, keys: self.keys }))
    }
}

/// Why a [`ClientAuth`] could not be made or used.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::Policy;
/// use tls_policy::rustls::{ClientAuth, ClientAuthError, ConfigError, Realizer};
/// # let key = rcgen::KeyPair::generate()?;
/// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// # let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
///
/// let dps = Policy::named("dps-tls12")?;
/// let realizer = Realizer::new(&dps).client_auth(ClientAuth::new([]));
/// let error = realizer.server_config(vec![cert.der().clone()], der.into()).unwrap_err();
/// assert!(matches!(error, ConfigError::ClientAuth(ClientAuthError::NoRoots)));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientAuthError {
    /// A file could not be read.
    #[error("cannot read {name}: {reason}")]
    Read {
        /// The file.
        name: String,
        /// Why.
        reason: String,
    },
    /// The text is not PEM.
    #[error("{name} is not valid PEM: {reason}")]
    Pem {
        /// Where the text came from.
        name: String,
        /// Why.
        reason: String,
    },
    /// The PEM holds no certificate.
    #[error("no CERTIFICATE block in {name}")]
    NoCertificate {
        /// Where the text came from.
        name: String,
    },
    /// No trust anchor was given.
    #[error("no CA certificate given to verify devices against; give at least one")]
    NoRoots,
    /// A CA certificate cannot be a trust anchor.
    #[error("CA certificate {index} (counting from 0) cannot be a trust anchor: {reason}")]
    BadRoot {
        /// Its position among the roots.
        index: usize,
        /// Why.
        reason: String,
    },
    /// rustls refused to build the verifier.
    #[error("rustls refused the client verifier: {reason}")]
    Verifier {
        /// Why.
        reason: String,
    },
    /// No signature scheme of the policy, verified by the provider, is made by keys of an
    /// allowed type, so every such device would be refused.
    #[error(
        "policy {policy}: no signature scheme of the policy verifies a {key} device's CertificateVerify; \
         add one or stop allowing {key} devices"
    )]
    NoScheme {
        /// The policy id.
        policy: String,
        /// The key type.
        key: KeyType,
    },
}

impl Realizer<'_> {
    /// Server configs from this realizer ([`server_config`](Self::server_config),
    /// [`screen`](Self::screen)) verify device certificates with `auth`: rustls's
    /// `WebPkiClientVerifier` under the realizer's provider, offering and accepting only the
    /// policy's signature schemes for the device's CertificateVerify, and refusing device keys
    /// of a type `auth` does not allow.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::Policy;
    /// use std::sync::Arc;
    /// use tls_policy::rustls::{ClientAuth, Realizer};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    /// # let ca = cert.der().clone();
    ///
    /// let dps = Policy::named("dps-tls12")?;
    /// let realized = Realizer::new(&dps).client_auth(ClientAuth::new([ca])).server_config(vec![cert.der().clone()], der.into())?;
    /// // Every connection from this config sends a CertificateRequest.
    /// let connection = rustls::ServerConnection::new(Arc::new(realized.config))?;
    /// assert!(connection.is_handshaking());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// A device's client config: it offers the policy, verifies servers against `roots`
    /// (webpki) and presents `chain` (end-entity first) with `key` (RSA or ECDSA) when the
    /// server asks, signing only with the policy's schemes. Its report is
    /// [`client_config`](Self::client_config)'s.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::Realizer;
    ///
    /// let device_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384)?;
    /// let device = rcgen::CertificateParams::new(Vec::<String>::new())?.self_signed(&device_key)?;
    /// let key = rustls::pki_types::PrivatePkcs8KeyDer::from(device_key.serialize_der());
    /// let mut roots = rustls::RootCertStore::empty();
    /// roots.add(device.der().clone())?; // a server CA, in real life
    /// let realized = Realizer::new(&Policy::named("dps-tls12")?).device_config(vec![device.der().clone()], key.into(), roots)?;
    /// assert!(realized.config.client_auth_cert_resolver.has_certs());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn device_config(
        &self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        server_roots: RootCertStore,
    ) -> Result<Realized<ClientConfig>, ConfigError> {
        let plain = self.client_config(server_roots)?;
        self.present(plain, chain, key)
    }

    /// [`device_config`](Self::device_config) with a server verifier of your own (held to
    /// the policy as in [`client_config_with_verifier`](Self::client_config_with_verifier)).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::sync::Arc;
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{ConfigError, Realizer, default_provider};
    ///
    /// let device_key = rcgen::KeyPair::generate()?;
    /// let device = rcgen::CertificateParams::new(Vec::<String>::new())?.self_signed(&device_key)?;
    /// let key = || rustls::pki_types::PrivatePkcs8KeyDer::from(device_key.serialize_der()).into();
    /// let mut roots = rustls::RootCertStore::empty();
    /// roots.add(device.der().clone())?;
    /// let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::new(default_provider())).build()?;
    /// let dps = Policy::named("dps-tls12")?;
    /// let realizer = Realizer::new(&dps);
    /// assert!(realizer.device_config_with_verifier(vec![device.der().clone()], key(), verifier.clone()).is_ok());
    /// // No certificate: nothing to present.
    /// assert!(matches!(realizer.device_config_with_verifier(vec![], key(), verifier), Err(ConfigError::NoCertificate)));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn device_config_with_verifier(
        &self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> Result<Realized<ClientConfig>, ConfigError> {
        let plain = self.client_config_with_verifier(verifier)?;
        self.present(plain, chain, key)
    }

    /// A client config that presents this certificate and key, signing with the policy's
    /// schemes that the key makes in the config's versions.
    fn present(
        &self,
        plain: Realized<ClientConfig>,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<Realized<ClientConfig>, ConfigError> {
        let (key_type, certified) = self.load_key(chain, key)?;
        let policy = plain.report.policy();
        let versions = plain.report.effective().versions();
        let signs = |s: &SignatureScheme| {
            certified.key.choose_scheme(&[::rustls::SignatureScheme::from(s.get())]).is_some()
                && versions.iter().any(|v| s.info().is_some_and(|i| i.server_signs(key_type, v)))
        };
        let schemes: Vec<_> = policy
            .signature_schemes()
            .iter()
            .filter(|s| signs(s))
            .map(|s| ::rustls::SignatureScheme::from(*s))
            .collect();
        if schemes.is_empty() {
            let could = SignatureScheme::all().map(|i| i.scheme()).filter(|s| signs(s)).map(|s| s.to_string());
            let could: Vec<String> = could.collect();
            return Err(ConfigError::NoSchemeForKey {
                policy: policy.id().to_owned(),
                key: key_type,
                could: could.join(", "),
            });
        }
        let key = Arc::new(PolicyKey { inner: Arc::clone(&certified.key), schemes });
        let mut config = plain.config;
        config.client_auth_cert_resolver = Arc::new(DeviceCert(Arc::new(CertifiedKey::new(certified.cert, key))));
        Ok(Realized { config, report: plain.report })
    }
}

/// The device's certificate and key, presented whenever a server asks.
#[derive(Debug)]
struct DeviceCert(Arc<CertifiedKey>);

impl ResolvesClientCert for DeviceCert {
    fn resolve(&self, _: &[&[u8]], _: &[::rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.0))
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// rustls's webpki client verifier, held to the policy's schemes and the allowed key types.
#[derive(Debug)]
struct DeviceVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    schemes: Vec<::rustls::SignatureScheme>,
    keys: KeyTypes,
}

impl ClientCertVerifier for DeviceVerifier {
    fn offer_client_auth(&self) -> bool {
        self.inner.offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.inner.client_auth_mandatory()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        let verified = self.inner.verify_client_cert(end_entity, intermediates, now)?;
        let key = DeviceIdentity::from_der(end_entity)
            .map_err(|_| Error::InvalidCertificate(CertificateError::BadEncoding))?
            .key;
        if key.key_type().is_some_and(|k| self.keys.holds(k)) {
            Ok(verified)
        } else {
            let refusal = DeviceRefusal::KeyNotAllowed { key, allowed: self.keys };
            Err(Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(refusal)))))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        scheme_allowed(&self.schemes, dss).and_then(|()| self.inner.verify_tls12_signature(message, cert, dss))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        scheme_allowed(&self.schemes, dss).and_then(|()| self.inner.verify_tls13_signature(message, cert, dss))
    }

    fn supported_verify_schemes(&self) -> Vec<::rustls::SignatureScheme> {
        self.schemes.clone()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}

/// Why a server refused a device, in words, with the alert rustls sent it.
///
/// ```
/// use tls_policy::Alert;
/// use tls_policy::rustls::DeviceRefusal;
///
/// let refusal = DeviceRefusal::from_error(&rustls::Error::NoCertificatesPresented).expect("about the device");
/// assert_eq!(refusal, DeviceRefusal::NoCertificate);
/// assert_eq!(refusal.alert(), Alert::CertificateRequired);
/// assert_eq!(refusal.to_string(), "the device presented no certificate, and one is required");
/// // Not about the device's certificate.
/// assert_eq!(DeviceRefusal::from_error(&rustls::Error::HandshakeNotComplete), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceRefusal {
    /// The device sent no certificate (an empty Certificate message, RFC 8446 §4.4.2.4,
    /// RFC 5246 §7.4.6) where one is required.
    #[error("the device presented no certificate, and one is required")]
    NoCertificate,
    /// The certificate does not chain to a trusted CA.
    #[error("the device certificate was not issued by a CA this server trusts")]
    UnknownIssuer,
    /// The certificate's notAfter has passed.
    #[error("the device certificate has expired")]
    Expired,
    /// The certificate's notBefore has not come.
    #[error("the device certificate is not valid yet")]
    NotYetValid,
    /// A signature did not verify: the issuer's on the certificate, or the device's own in
    /// CertificateVerify.
    #[error("a signature does not verify: the certificate's, or the device's proof that it holds the key")]
    BadSignature,
    /// The device's key is of a type the server does not allow.
    #[error("the device key is {key}; this server allows {allowed} device keys only")]
    KeyNotAllowed {
        /// The device's key.
        key: DeviceKey,
        /// The key types allowed.
        allowed: KeyTypes,
    },
    /// Any other refusal of the certificate, as rustls words it.
    #[error("the device certificate was refused: {reason}")]
    Other {
        /// rustls's words.
        reason: String,
        /// The alert rustls sent.
        alert: Alert,
    },
}

impl DeviceRefusal {
    /// The refusal a rustls server error is, or `None` when it is not about the device's
    /// certificate (a protocol error, an I/O error).
    ///
    /// ```
    /// use rustls::{CertificateError, Error};
    /// use tls_policy::rustls::DeviceRefusal;
    ///
    /// let unknown = Error::InvalidCertificate(CertificateError::UnknownIssuer);
    /// assert_eq!(DeviceRefusal::from_error(&unknown), Some(DeviceRefusal::UnknownIssuer));
    /// let revoked = DeviceRefusal::from_error(&Error::InvalidCertificate(CertificateError::Revoked)).expect("a refusal");
    /// assert_eq!(revoked.alert().number(), 44);
    /// ```
    pub fn from_error(error: &Error) -> Option<Self> {
        let certificate = match error {
            Error::NoCertificatesPresented => return Some(Self::NoCertificate),
            Error::InvalidCertificate(e) => e,
            Error::PeerMisbehaved(PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme) => {
                return Some(Self::Other { reason: error.to_string(), alert: Alert::IllegalParameter });
            }
            _ => return None,
        };
        if let CertificateError::Other(other) = certificate {
            if let Some(ours) = other.0.downcast_ref::<Self>() {
                return Some(ours.clone());
            }
        }
        Some(match certificate {
            CertificateError::UnknownIssuer => Self::UnknownIssuer,
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => Self::Expired,
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => Self::NotYetValid,
            CertificateError::BadSignature => Self::BadSignature,
            other => Self::Other { reason: other.to_string(), alert: alert_for(other) },
        })
    }

    /// The alert rustls sends for this refusal (RFC 5246 §7.2.2, RFC 8446 §6.2), as
    /// measured against rustls 0.23: `certificate_required` (116) for no certificate in
    /// TLS 1.2 as in TLS 1.3, `unknown_ca` (48), `certificate_expired` (45) for both
    /// validity failures, `decrypt_error` (51) for a bad signature, and
    /// `certificate_unknown` (46) for a key type not allowed.
    ///
    /// ```
    /// use tls_policy::Alert;
    /// use tls_policy::rustls::DeviceRefusal;
    ///
    /// assert_eq!(DeviceRefusal::NotYetValid.alert(), Alert::CertificateExpired);
    /// assert_eq!(DeviceRefusal::UnknownIssuer.alert().to_string(), "unknown_ca (48)");
    /// ```
    pub fn alert(&self) -> Alert {
        match self {
            Self::NoCertificate => Alert::CertificateRequired,
            Self::UnknownIssuer => Alert::UnknownCa,
            Self::Expired | Self::NotYetValid => Alert::CertificateExpired,
            Self::BadSignature => Alert::DecryptError,
            Self::KeyNotAllowed { .. } => Alert::CertificateUnknown,
            Self::Other { alert, .. } => *alert,
        }
    }
}

/// The alert rustls sends for a certificate error.
fn alert_for(error: &CertificateError) -> Alert {
    use ::rustls::AlertDescription as A;
    match A::from(error.clone()) {
        A::BadCertificate => Alert::BadCertificate,
        A::UnsupportedCertificate => Alert::UnsupportedCertificate,
        A::CertificateRevoked => Alert::CertificateRevoked,
        A::CertificateExpired => Alert::CertificateExpired,
        A::UnknownCA => Alert::UnknownCa,
        A::AccessDenied => Alert::AccessDenied,
        A::DecryptError => Alert::DecryptError,
        _ => Alert::CertificateUnknown,
    }
}
