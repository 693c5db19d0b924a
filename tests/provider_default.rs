//! `Realizer::new` takes the process-default crypto provider when one is installed, as
//! rustls's own builders do. Installing one is process-global, so this test has a binary of
//! its own and is its only test.

#![cfg(any(feature = "aws-lc-rs", feature = "ring"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::PrivatePkcs8KeyDer;
use tls_policy::rustls::{Gap, Realizer, SuiteGap, default_provider};
use tls_policy::{CipherSuite, NamedGroup, Policy, SuiteEntry};

/// ring's provider when that feature is on (so it differs from the aws-lc-rs fallback),
/// else the feature's, in both cases without one suite and one group that dps-tls12 lists.
fn customised() -> CryptoProvider {
    #[cfg(feature = "ring")]
    let base = rustls::crypto::ring::default_provider();
    #[cfg(not(feature = "ring"))]
    let base = default_provider();
    let missing_suite = rustls::CipherSuite::from(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
    let missing_group = rustls::NamedGroup::from(NamedGroup::secp384r1);
    CryptoProvider {
        cipher_suites: base.cipher_suites.iter().copied().filter(|s| s.suite() != missing_suite).collect(),
        kx_groups: base.kx_groups.iter().copied().filter(|k| k.name() != missing_group).collect(),
        ..base
    }
}

#[test]
fn an_installed_default_provider_is_used_and_with_provider_overrides_it() {
    let dps = Policy::named("dps-tls12").unwrap();
    let not_shipped = Gap::Suite {
        entry: SuiteEntry::from(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        why: SuiteGap::NotInProvider,
    };
    let no_group = Gap::Group { group: NamedGroup::secp384r1 };

    // Before anything is installed: the feature's provider, which ships both.
    let before = Realizer::new(&dps).report().unwrap();
    assert!(!before.gaps().contains(&not_shipped) && !before.gaps().contains(&no_group), "{:?}", before.gaps());

    customised().install_default().unwrap();
    let installed = CryptoProvider::get_default().unwrap();

    let report = Realizer::new(&dps).report().unwrap();
    assert!(report.gaps().contains(&not_shipped), "{:?}", report.gaps());
    assert!(report.gaps().contains(&no_group), "{:?}", report.gaps());
    assert_eq!(report.gaps().len(), before.gaps().len() + 2);

    // The config's provider is the installed one, restricted to the effective policy.
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap().self_signed(&key).unwrap();
    let der = PrivatePkcs8KeyDer::from(key.serialize_der());
    let realized = Realizer::new(&dps).server_config(vec![cert.der().clone()], der.into()).unwrap();
    let provider = realized.config.crypto_provider();
    assert!(std::ptr::addr_eq(provider.key_provider, installed.key_provider));
    let groups: Vec<NamedGroup> = provider.kx_groups.iter().map(|k| NamedGroup::from(k.name())).collect();
    assert_eq!(groups, [NamedGroup::secp256r1]);
    assert!(provider.cipher_suites.iter().all(|s| installed.cipher_suites.contains(s)));

    // An explicit provider still wins over the installed default.
    let explicit = Realizer::with_provider(&dps, Arc::new(default_provider())).report().unwrap();
    assert_eq!(explicit.gaps(), before.gaps());
}
