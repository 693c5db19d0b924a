//! The signing-key, certificate-resolver and verifier wrappers that hold rustls to a policy.

use std::sync::Arc;

use ::rustls::DigitallySignedStruct;
use ::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use ::rustls::pki_types::{CertificateDer, ServerName, SubjectPublicKeyInfoDer, UnixTime};
use ::rustls::server::{ClientHello as RustlsHello, ResolvesServerCert};
use ::rustls::sign::{CertifiedKey, Signer, SigningKey};

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
