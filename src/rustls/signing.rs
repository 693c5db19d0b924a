//! The signing-key, certificate-resolver and verifier wrappers that hold rustls to a policy.

use std::sync::Arc;

use ::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use ::rustls::pki_types::{CertificateDer, ServerName, SubjectPublicKeyInfoDer, UnixTime};
use ::rustls::server::{ClientHello as RustlsHello, ResolvesServerCert};
use ::rustls::sign::{CertifiedKey, Signer, SigningKey};
use ::rustls::{DigitallySignedStruct, ServerConfig};

use super::Realized;

/// A key that signs only with the policy's schemes.
#[derive(Debug)]
pub(super) struct PolicyKey {
    pub(super) inner: Arc<dyn SigningKey>,
    pub(super) schemes: Vec<::rustls::SignatureScheme>,
}

impl SigningKey for PolicyKey {
    fn choose_scheme(&self, offered: &[::rustls::SignatureScheme]) -> Option<Box<dyn Signer>> {
        let allowed: Vec<_> = offered.iter().copied().filter(|s| self.schemes.contains(s)).collect();
        self.inner.choose_scheme(&allowed)
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        self.inner.public_key()
    }

    fn algorithm(&self) -> ::rustls::SignatureAlgorithm {
        self.inner.algorithm()
    }
}

/// The resolver of a one-key config.
#[derive(Debug)]
pub(super) struct OneKey(pub(super) Arc<CertifiedKey>);

impl ResolvesServerCert for OneKey {
    fn resolve(&self, _: RustlsHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.0))
    }
}

/// Any resolver (one by SNI, say), its keys held to the policy's signature schemes.
#[derive(Debug)]
pub(super) struct PolicyResolver {
    pub(super) inner: Arc<dyn ResolvesServerCert>,
    pub(super) schemes: Vec<::rustls::SignatureScheme>,
}

impl ResolvesServerCert for PolicyResolver {
    fn resolve(&self, hello: RustlsHello<'_>) -> Option<Arc<CertifiedKey>> {
        let resolved = self.inner.resolve(hello)?;
        let key: Arc<dyn SigningKey> =
            Arc::new(PolicyKey { inner: Arc::clone(&resolved.key), schemes: self.schemes.clone() });
        Some(Arc::new(CertifiedKey { cert: resolved.cert.clone(), key, ocsp: resolved.ocsp.clone() }))
    }

    fn only_raw_public_keys(&self) -> bool {
        self.inner.only_raw_public_keys()
    }
}

impl Realized<ServerConfig> {
    /// Replaces the config's certificate resolver with `resolver` (one choosing a
    /// certificate by SNI, say), every key it resolves held to the effective policy's
    /// signature schemes as the crate's own key is. Give it keys of the types the report
    /// holds ([`Report::keys`](super::Report::keys)): the suites kept are those keys'.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::sync::Arc;
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Realizer, default_provider};
    ///
    /// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    /// let cert = rcgen::CertificateParams::new(vec!["device.example".into()])?.self_signed(&key)?;
    /// let der = || rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let dps = Policy::named("dps-tls12")?;
    /// let mut realized = Realizer::new(&dps).server_config(vec![cert.der().clone()], der())?;
    /// let before = realized.report.clone();
    ///
    /// let signing = default_provider().key_provider.load_private_key(der())?;
    /// let mut by_name = rustls::server::ResolvesServerCertUsingSni::new();
    /// by_name.add("device.example", rustls::sign::CertifiedKey::new(vec![cert.der().clone()], signing))?;
    /// realized.set_cert_resolver(Arc::new(by_name));
    /// assert_eq!(realized.report, before);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_cert_resolver(&mut self, resolver: Arc<dyn ResolvesServerCert>) {
        let schemes = self.report.effective.signature_schemes().iter().copied().map(Into::into).collect();
        self.config.cert_resolver = Arc::new(PolicyResolver { inner: resolver, schemes });
    }
}

/// A verifier held to the policy's signature schemes.
#[derive(Debug)]
pub(super) struct PolicyVerifier {
    pub(super) inner: Arc<dyn ServerCertVerifier>,
    pub(super) schemes: Vec<::rustls::SignatureScheme>,
}

impl PolicyVerifier {
    fn allowed(&self, dss: &DigitallySignedStruct) -> Result<(), ::rustls::Error> {
        scheme_allowed(&self.schemes, dss)
    }
}

/// A handshake signature made with one of these schemes passes; any other is the peer
/// signing with a scheme it was not offered.
pub(super) fn scheme_allowed(
    schemes: &[::rustls::SignatureScheme],
    dss: &DigitallySignedStruct,
) -> Result<(), ::rustls::Error> {
    if schemes.contains(&dss.scheme) {
        Ok(())
    } else {
        Err(::rustls::PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme.into())
    }
}

impl ServerCertVerifier for PolicyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, ::rustls::Error> {
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, ::rustls::Error> {
        self.allowed(dss)?;
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, ::rustls::Error> {
        self.allowed(dss)?;
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<::rustls::SignatureScheme> {
        self.schemes.clone()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}
