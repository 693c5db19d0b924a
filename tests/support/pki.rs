//! A certificate authority and devices for the mutual-TLS tests, made once per test binary
//! with rcgen (RSA keys are slow), as DER and as PEM files (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, date_time_ymd};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate and key, as DER and as files.
pub struct Cred {
    pub der: CertificateDer<'static>,
    pub key: PrivatePkcs8KeyDer<'static>,
    pub pem: PathBuf,
    pub key_pem: PathBuf,
}

impl Cred {
    pub fn parts(&self) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        (vec![self.der.clone()], PrivateKeyDer::Pkcs8(self.key.clone_key()))
    }
}

/// The CA, the server's certificate, and the devices, as files in a folder named by the
/// test process (made once: RSA keys are slow).
pub struct Pki {
    pub ca: CertificateDer<'static>,
    pub ca_pem: PathBuf,
    pub server: Cred,
    pub p256: Cred,
    pub p384: Cred,
    pub rsa: Cred,
    pub expired: Cred,
    pub not_yet_valid: Cred,
    pub other_ca: Cred,
    pub bad_signature: Cred,
}

fn make_ca(dir: &Path, name: &str) -> (Issuer<'static, KeyPair>, CertificateDer<'static>, PathBuf) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    let pem = dir.join(format!("{name}.pem"));
    std::fs::write(&pem, cert.pem()).unwrap();
    (Issuer::new(params, key), cert.der().clone(), pem)
}

fn issue(
    dir: &Path,
    issuer: &Issuer<'_, KeyPair>,
    alg: &'static rcgen::SignatureAlgorithm,
    cn: &str,
    validity: Option<(i32, i32)>,
) -> Cred {
    let key = KeyPair::generate_for(alg).unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params.distinguished_name.push(DnType::CommonName, cn);
    if let Some((from, to)) = validity {
        (params.not_before, params.not_after) = (date_time_ymd(from, 1, 1), date_time_ymd(to, 1, 1));
    }
    let cert = params.signed_by(&key, issuer).unwrap();
    let (pem, key_pem) = (dir.join(format!("{cn}.pem")), dir.join(format!("{cn}.key")));
    std::fs::write(&pem, cert.pem()).unwrap();
    std::fs::write(&key_pem, key.serialize_pem()).unwrap();
    Cred { der: cert.der().clone(), key: PrivatePkcs8KeyDer::from(key.serialize_der()), pem, key_pem }
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tls-policy-mtls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (issuer, ca, ca_pem) = make_ca(&dir, "device-ca");
        let (other, _, _) = make_ca(&dir, "other-ca");
        let mut bad_signature = issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P256_SHA256, "device-tampered", None);
        // The last byte is the issuer's signature's: flip it and the signature is wrong.
        let mut der = bad_signature.der.to_vec();
        *der.last_mut().unwrap() ^= 0x01;
        bad_signature.der = CertificateDer::from(der);
        write_pem(&bad_signature.pem, &bad_signature.der);
        Pki {
            server: issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P256_SHA256, "localhost", None),
            p256: issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P256_SHA256, "device-p256", None),
            p384: issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P384_SHA384, "device-p384", None),
            rsa: issue(&dir, &issuer, &rcgen::PKCS_RSA_SHA256, "device-rsa", None),
            expired: issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P256_SHA256, "device-expired", Some((2000, 2001))),
            not_yet_valid: issue(&dir, &issuer, &rcgen::PKCS_ECDSA_P256_SHA256, "device-future", Some((2090, 2091))),
            other_ca: issue(&dir, &other, &rcgen::PKCS_ECDSA_P256_SHA256, "device-stranger", None),
            bad_signature,
            ca,
            ca_pem,
        }
    })
}

fn write_pem(path: &Path, der: &[u8]) {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::from("-----BEGIN CERTIFICATE-----\n");
    for (i, chunk) in der.chunks(3).enumerate() {
        let n = chunk.iter().enumerate().fold(0u32, |n, (j, b)| n | (u32::from(*b) << (16 - 8 * j)));
        for k in 0..4 {
            let c = if k <= chunk.len() { B64[usize::try_from((n >> (18 - 6 * k)) & 63).unwrap()] } else { b'=' };
            text.push(char::from(c));
        }
        if i % 16 == 15 {
            text.push('\n');
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("-----END CERTIFICATE-----\n");
    std::fs::write(path, text).unwrap();
}
