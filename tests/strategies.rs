//! The exported strategies generate what they claim, and the property tests a policy owner
//! would write with them: passing where the claim holds, failing (and shrinking to a small
//! counterexample) where it does not.

#![cfg(feature = "proptest")]
#![allow(clippy::unwrap_used)]

#[path = "support/offers.rs"]
mod offers;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestError, TestRunner};
use tls_policy::strategy::{
    ClientOffer, Family, any_policy, arbitrary_offer, client_offer, credentials, curl_like, openssl_like, python_like,
    variation_of,
};
use tls_policy::{CipherSuite, KeyTypes, Policy, ProtocolVersion, VersionSet, negotiate, negotiate_naive};

const RENEGOTIATION: CipherSuite = CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV;

/// `n` values of a strategy, deterministically.
fn sample<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect()
}

fn capture(name: &str) -> offers::Fields {
    offers::captures().into_iter().find(|c| c.name == name).unwrap()
}

/// Whether `part` is `whole` with some items left out, order kept.
fn is_subsequence<T: PartialEq>(part: &[T], whole: &[T]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

/// The shape every OpenSSL 3.0-based hello has, checked against the captured default of the
/// same client: lists are parts of its default lists in its order; the SCSVs come last;
/// versions follow OpenSSL's rules.
fn assert_openssl_shape(o: &ClientOffer, default: &offers::Fields) {
    let mut suites = o.offer.suites.clone();
    let fallback = suites.last() == Some(&CipherSuite::TLS_FALLBACK_SCSV);
    if fallback {
        suites.pop();
    }
    assert_eq!(suites.pop(), Some(RENEGOTIATION), "{o:?}");
    assert!(!suites.is_empty() && is_subsequence(&suites, &default.offer.suites), "{o:?}");
    let highest = o.highest_version().unwrap();
    match &o.offer.supported_versions {
        Some(v) => {
            assert_eq!(o.offer.legacy_version, ProtocolVersion::TLSv1_2);
            assert_eq!(v[0], ProtocolVersion::TLSv1_3);
            assert!(v.windows(2).all(|w| w[0].get() == w[1].get() + 1), "contiguous, descending: {v:?}");
            assert!(!fallback, "no fallback SCSV with TLS 1.3 on");
        }
        None => assert!(o.offer.legacy_version < ProtocolVersion::TLSv1_3),
    }
    // Every suite is usable in some offered version.
    for s in &suites {
        let valid = s.info().unwrap().versions();
        assert!(valid.iter().any(|v| v <= highest && o.offer().offers_version(v)), "{s} in {o:?}");
    }
    let groups = o.offer.groups.as_ref().unwrap();
    let all_groups = capture("openssl_default").offer.groups.unwrap();
    assert!(!groups.is_empty() && is_subsequence(groups, &all_groups));
    let ffdhe = groups.iter().any(|g| (0x0100..0x0200).contains(&g.get()));
    assert!(!ffdhe || highest == ProtocolVersion::TLSv1_3, "FFDHE groups only with TLS 1.3");
    assert_eq!(o.offer.signature_schemes.is_some(), highest >= ProtocolVersion::TLSv1_2, "{o:?}");
    assert!(o.offer.suites.iter().all(|s| !s.is_grease()));
}

#[test]
fn openssl_family_has_the_shape_of_openssl_hellos() {
    let default = capture("openssl_default");
    // The checker accepts the real captures it is modelled on.
    for name in ["openssl_default", "openssl_tls1", "openssl_tls1_1", "openssl_tls1_2", "openssl_tls1_3"] {
        let c = capture(name);
        let real = ClientOffer { family: Family::OpenSsl, offer: c.offer.clone() };
        assert_openssl_shape(&real, &default);
    }
    let offers = sample(openssl_like(), 2000);
    for o in &offers {
        assert_eq!(o.family, Family::OpenSsl);
        assert_openssl_shape(o, &default);
    }
    // Every maximum version, the whole default list, and the fallback SCSV all occur.
    for v in [ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3] {
        assert!(offers.iter().any(|o| o.highest_version() == Some(v)), "{v}");
    }
    assert!(offers.iter().any(|o| o.offer.suites == default.offer.suites));
    assert!(offers.iter().any(|o| o.offer.suites.contains(&CipherSuite::TLS_FALLBACK_SCSV)));
}

#[test]
fn curl_family_never_sends_the_fallback_scsv() {
    let default = capture("curl_default");
    for o in sample(curl_like(), 1000) {
        assert_eq!(o.family, Family::Curl);
        assert_openssl_shape(&o, &default);
        assert!(!o.offer.suites.contains(&CipherSuite::TLS_FALLBACK_SCSV));
    }
}

#[test]
fn python_family_is_tls12_and_up_from_its_own_list() {
    let default = capture("python_default");
    let offers = sample(python_like(), 1000);
    for o in &offers {
        assert_eq!(o.family, Family::Python);
        assert_openssl_shape(o, &default);
        assert!(o.highest_version().unwrap() >= ProtocolVersion::TLSv1_2);
    }
    assert!(offers.iter().any(|o| o.offer.suites == default.offer.suites));
    assert!(offers.iter().any(|o| o.highest_version() == Some(ProtocolVersion::TLSv1_2)));
}

#[test]
fn arbitrary_offers_cover_the_odd_cases() {
    let offers = sample(arbitrary_offer(), 3000);
    let any = |f: &dyn Fn(&ClientOffer) -> bool| offers.iter().any(f);
    assert!(any(&|o| o.offer.suites.iter().any(|s| s.is_grease())), "GREASE suites");
    assert!(any(&|o| o.offer.suites.iter().any(|s| s.is_signalling())), "signalling values");
    assert!(
        any(&|o| o.offer.suites.iter().any(|s| s.info().is_none() && !s.is_grease() && !s.is_signalling())),
        "unknown"
    );
    assert!(any(&|o| o.offer.suites.is_empty()), "empty suite list");
    assert!(any(&|o| o.offer.groups.is_none()) && any(&|o| o.offer.groups.as_ref().is_some_and(Vec::is_empty)));
    assert!(any(&|o| o.offer.groups.as_ref().is_some_and(|g| g.iter().any(|g| g.is_grease()))));
    for v in [ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3] {
        assert!(any(&|o| o.offer.supported_versions.as_ref().is_some_and(|l| l.contains(&v))), "{v}");
    }
    assert!(offers.iter().all(|o| o.family == Family::Arbitrary));
}

#[test]
fn policies_are_valid_and_variations_stay_inside_the_original() {
    for p in sample(any_policy(), 300) {
        // Built by the builder, so valid; it survives a JSON round trip.
        let back: Policy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
    let dps = Policy::named("dps-legacy-security").unwrap();
    let variations = sample(variation_of(&dps), 300);
    for v in &variations {
        assert!(v.entries().iter().all(|e| dps.entries().contains(e)));
        assert!(v.versions().iter().all(|x| dps.versions().contains(x)));
        assert_eq!(v.groups(), dps.groups());
    }
    assert!(variations.iter().any(|v| v.entries().len() < dps.entries().len()));
    assert!(variations.iter().any(|v| v.preference() != dps.preference()));
    assert!(variations.iter().any(|v| v.versions() != dps.versions()));
    // Some keep the policy's order, some do not; narrowed versions stay a range.
    let in_order = |v: &Policy| is_subsequence(v.entries(), dps.entries());
    assert!(variations.iter().any(in_order) && !variations.iter().all(in_order));
    for v in &variations {
        let (lo, hi) = (v.versions().lowest().unwrap(), v.versions().highest().unwrap());
        assert_eq!(v.versions(), dps.versions().intersect(VersionSet::between(lo, hi)));
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests a policy owner writes.

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// "Once minTlsVersion is 1.2, we never negotiate SHA-1."
    #[test]
    fn dps_tls12_never_negotiates_sha1(device in client_offer(), keys in credentials()) {
        let policy = Policy::named("dps-tls12").unwrap();
        if let Ok(agreed) = negotiate(&policy, &device.offer(), keys) {
            prop_assert!(!agreed.suite.info().unwrap().uses_sha1());
        }
    }

    /// "Every agreement has forward secrecy."
    #[test]
    fn dps_tls12_agreements_are_forward_secret(device in client_offer(), keys in credentials()) {
        let policy = Policy::named("dps-tls12").unwrap();
        if let Ok(agreed) = negotiate(&policy, &device.offer(), keys) {
            prop_assert!(agreed.suite.info().unwrap().forward_secrecy());
        }
    }

    /// "Moving to minTlsVersion 1.2 breaks none of our devices": a fleet of Python clients
    /// (TLS 1.2 and up) keeps access.
    #[test]
    fn python_fleet_survives_min_tls_12(device in python_like()) {
        let today = Policy::named("dps-legacy-security").unwrap();
        let after = Policy::named("dps-tls12").unwrap();
        if negotiate(&today, &device.offer(), KeyTypes::RSA).is_ok() {
            prop_assert!(negotiate(&after, &device.offer(), KeyTypes::RSA).is_ok());
        }
    }

    /// The engine agrees with the textbook reference on any policy and any offer.
    #[test]
    fn engine_equals_reference(policy in any_policy(), device in arbitrary_offer(), keys in credentials()) {
        let offer = device.offer();
        prop_assert_eq!(negotiate(&policy, &offer, keys), negotiate_naive(&policy, &offer, keys));
    }
}

/// Runs a property that must fail; returns proptest's minimal counterexample.
fn counterexample<S>(strategy: S, property: impl Fn(&S::Value) -> bool) -> S::Value
where
    S: Strategy,
    S::Value: Clone + core::fmt::Debug,
{
    let mut runner = TestRunner::new_with_rng(
        Config { cases: 2000, ..Config::default() },
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    match runner.run(&strategy, |v| {
        prop_assert!(property(&v));
        Ok(())
    }) {
        Err(TestError::Fail(_, minimal)) => {
            eprintln!("minimal counterexample: {minimal:?}");
            minimal
        }
        other => panic!("the property should fail: {other:?}"),
    }
}

#[test]
fn no_sha1_is_false_for_dps_legacy_security_and_shrinks() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let minimal = counterexample(client_offer(), |d| {
        negotiate(&legacy, &d.offer(), KeyTypes::RSA).map_or(true, |a| !a.suite.info().unwrap().uses_sha1())
    });
    // The counterexample is small and really uses SHA-1.
    let agreed = negotiate(&legacy, &minimal.offer(), KeyTypes::RSA).unwrap();
    assert!(agreed.suite.info().unwrap().uses_sha1());
    assert!(minimal.offer.suites.len() <= 3, "{minimal:?}"); // one suite and the SCSVs
    assert_eq!(minimal.offer.groups.as_ref().map(Vec::len), Some(1), "{minimal:?}");
}

#[test]
fn forward_secrecy_is_false_for_dps_legacy_security_and_shrinks() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let minimal = counterexample(client_offer(), |d| {
        negotiate(&legacy, &d.offer(), KeyTypes::RSA).map_or(true, |a| a.suite.info().unwrap().forward_secrecy())
    });
    let agreed = negotiate(&legacy, &minimal.offer(), KeyTypes::RSA).unwrap();
    assert_eq!(agreed.suite.info().unwrap().kx(), tls_policy::KeyExchange::Rsa);
    assert!(minimal.offer.suites.len() <= 3, "{minimal:?}");
}

#[test]
fn an_openssl_fleet_does_not_survive_min_tls_12_and_the_culprit_is_an_old_version() {
    let today = Policy::named("dps-legacy-security").unwrap();
    let after = Policy::named("dps-tls12").unwrap();
    let minimal = counterexample(openssl_like(), |d| {
        negotiate(&today, &d.offer(), KeyTypes::RSA).is_err() || negotiate(&after, &d.offer(), KeyTypes::RSA).is_ok()
    });
    let refusal = negotiate(&after, &minimal.offer(), KeyTypes::RSA).unwrap_err();
    // Either an old version or a suite dps-tls12 dropped (SHA-1 CBC, static RSA).
    assert!(matches!(refusal.alert().number(), 70 | 40), "{minimal:?}");
    assert!(minimal.offer.suites.len() <= 3, "{minimal:?}");
}
