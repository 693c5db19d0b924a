//! Test certificates (rcgen) and in-memory rustls handshakes, shared by the adapter tests
//! and the handshake benchmark (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, ServerConfig, ServerConnection};

/// A self-signed certificate for `localhost` and its key.
#[derive(Debug)]
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivatePkcs8KeyDer<'static>,
}

impl Identity {
    pub fn generate(alg: &'static rcgen::SignatureAlgorithm) -> Self {
        let key = rcgen::KeyPair::generate_for(alg).expect("key generation");
        let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
        let cert = params.self_signed(&key).expect("self-signed");
        Self { chain: vec![cert.der().clone()], key: PrivatePkcs8KeyDer::from(key.serialize_der()) }
    }

    pub fn parts(&self) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        (self.chain.clone(), PrivateKeyDer::Pkcs8(self.key.clone_key()))
    }
}

/// RSA-2048, made once per test binary.
pub fn rsa() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::generate(&rcgen::PKCS_RSA_SHA256))
}

/// ECDSA P-256.
pub fn p256() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::generate(&rcgen::PKCS_ECDSA_P256_SHA256))
}

/// ECDSA P-384.
pub fn p384() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::generate(&rcgen::PKCS_ECDSA_P384_SHA384))
}

/// Ed25519, a key type the policy model has no credential for.
pub fn ed25519() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::generate(&rcgen::PKCS_ED25519))
}

/// What a finished handshake agreed on: version, suite and group codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreed {
    pub version: u16,
    pub suite: u16,
    pub group: Option<u16>,
}

/// A handshake's outcome, and the client's first flight (its ClientHello records).
#[derive(Debug)]
pub struct Handshake {
    pub outcome: Result<Agreed, String>,
    pub client_hello: Vec<u8>,
}

/// Runs a full handshake in memory (at most 16 flights each way).
pub fn handshake(client: Arc<ClientConfig>, server: Arc<ServerConfig>) -> Handshake {
    let (c, client_hello) = start(client);
    let s = ServerConnection::new(server).unwrap();
    let outcome = drive(c, s, client_hello.clone());
    Handshake { outcome, client_hello }
}

/// A client connection and its first flight.
pub fn start(client: Arc<ClientConfig>) -> (ClientConnection, Vec<u8>) {
    let name = ServerName::try_from("localhost").unwrap();
    let mut c = ClientConnection::new(client, name).unwrap();
    let mut client_hello = Vec::new();
    c.write_tls(&mut client_hello).unwrap();
    (c, client_hello)
}

/// Finishes a handshake: `to_server` is what the client sent that the server has not read.
pub fn drive(mut c: ClientConnection, mut s: ServerConnection, mut to_server: Vec<u8>) -> Result<Agreed, String> {
    for _ in 0..16 {
        feed(&mut s, &to_server).map_err(|e| format!("server: {e}"))?;
        let mut to_client = Vec::new();
        while s.wants_write() {
            s.write_tls(&mut to_client).unwrap();
        }
        feed_client(&mut c, &to_client).map_err(|e| format!("client: {e}"))?;
        to_server.clear();
        while c.wants_write() {
            c.write_tls(&mut to_server).unwrap();
        }
        if !c.is_handshaking() && !s.is_handshaking() {
            let version = s.protocol_version().map(u16::from).unwrap();
            let suite = s.negotiated_cipher_suite().map(|x| u16::from(x.suite())).unwrap();
            let group = s.negotiated_key_exchange_group().map(|g| u16::from(g.name()));
            if c.protocol_version() != s.protocol_version() {
                return Err("the peers disagree on the version".to_owned());
            }
            return Ok(Agreed { version, suite, group });
        }
    }
    Err("no end after 16 flights".to_owned())
}

fn feed(s: &mut ServerConnection, mut bytes: &[u8]) -> Result<(), rustls::Error> {
    while !bytes.is_empty() {
        s.read_tls(&mut bytes).unwrap();
        s.process_new_packets()?;
    }
    Ok(())
}

fn feed_client(c: &mut ClientConnection, mut bytes: &[u8]) -> Result<(), rustls::Error> {
    while !bytes.is_empty() {
        c.read_tls(&mut bytes).unwrap();
        c.process_new_packets()?;
    }
    Ok(())
}

/// A verifier that trusts any certificate (the tests are about negotiation, not trust) but
/// checks handshake signatures for real, offering the given schemes.
#[derive(Debug)]
pub struct AnyServer {
    pub schemes: Vec<rustls::SignatureScheme>,
    pub algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl AnyServer {
    pub fn new(provider: &rustls::crypto::CryptoProvider, schemes: Vec<rustls::SignatureScheme>) -> Self {
        Self { schemes, algorithms: provider.signature_verification_algorithms }
    }
}

impl rustls::client::danger::ServerCertVerifier for AnyServer {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.schemes.clone()
    }
}
