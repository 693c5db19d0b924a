//! `export --to rustls` writes code that compiles and builds the config the adapter builds:
//! the code for two policies is committed (`tests/data/export/`), regenerated and compared
//! here, and compiled into this test (`include!`), whose config must offer exactly the
//! suites, groups and order of `Realizer::server_config`.

#![cfg(feature = "aws-lc-rs")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tls_policy::Policy;
use tls_policy::export::rustls::rustls_code;
use tls_policy::rustls::Realizer;

// The generated code is `pub fn`, as a service pastes it into a module of its own.
#[allow(unreachable_pub)]
mod dps_tls12 {
    include!("data/export/dps-tls12.rustls.rs");
}

#[allow(unreachable_pub)]
mod mozilla_intermediate {
    include!("data/export/mozilla-intermediate.rustls.rs");
}

type Build = fn(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) -> Result<rustls::ServerConfig, rustls::Error>;

#[test]
fn the_committed_code_is_what_export_writes_and_builds_the_adapters_config() {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    let der = PrivatePkcs8KeyDer::from(key.serialize_der());
    let cases: [(&str, Build); 2] =
        [("dps-tls12", dps_tls12::server_config), ("mozilla-intermediate", mozilla_intermediate::server_config)];
    for (id, build) in cases {
        let policy = Policy::named(id).unwrap();
        let file = format!("{}/tests/data/export/{id}.rustls.rs", env!("CARGO_MANIFEST_DIR"));
        let (code, _) = rustls_code(&policy).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), code, "{file} is what export writes");
        let ours = build(vec![cert.der().clone()], der.clone_key().into()).unwrap();
        let adapter =
            Realizer::new(&policy).server_config(vec![cert.der().clone()], der.clone_key().into()).unwrap().config;
        let codes = |c: &rustls::ServerConfig| -> (Vec<u16>, Vec<u16>) {
            let p = c.crypto_provider();
            (
                p.cipher_suites.iter().map(|s| u16::from(s.suite())).collect(),
                p.kx_groups.iter().map(|g| u16::from(g.name())).collect(),
            )
        };
        // The adapter keeps only the suites an ECDSA key can use; the code lists all the
        // effective policy's, so compare on those.
        let (ours_suites, ours_groups) = codes(&ours);
        let (adapter_suites, adapter_groups) = codes(&adapter);
        let ecdsa: Vec<u16> = ours_suites
            .iter()
            .copied()
            .filter(|s| {
                adapter_suites.contains(s)
                    || tls_policy::CipherSuite::from(*s)
                        .info()
                        .is_some_and(|i| i.auth() == tls_policy::Authentication::Ecdsa)
            })
            .collect();
        assert_eq!(ecdsa, adapter_suites, "{id}: suites");
        assert_eq!(ours_groups, adapter_groups, "{id}: groups");
        assert_eq!(ours.ignore_client_order, adapter.ignore_client_order, "{id}: order");
    }
}
