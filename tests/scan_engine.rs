//! The scanner against the engine, no network: for random policies and key types, scanning
//! `EnginePeer` finds, per version, exactly the suites a one-suite hello of that version gets
//! accepted with (asked of `negotiate` directly, one hello per suite: the naive way), in the
//! policy's own order when it picks by server order; and a policy always conforms to itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use proptest::prelude::*;
use tls_policy::scan::{EnginePeer, ScanOptions, VersionState, conformance, scan_with};
use tls_policy::strategy::{any_policy, credentials};
use tls_policy::{CipherSuite, KeyTypes, NamedGroup, OwnedOffer, Policy, Preference, ProtocolVersion, negotiate};

const VERSIONS: [ProtocolVersion; 5] = [
    ProtocolVersion::TLSv1_3,
    ProtocolVersion::TLSv1_2,
    ProtocolVersion::TLSv1_1,
    ProtocolVersion::TLSv1_0,
    ProtocolVersion::SSLv3,
];

/// A hello of `version` offering one suite and every common group, as a plain client would.
fn one_suite(version: ProtocolVersion, suite: CipherSuite) -> OwnedOffer {
    let tls13 = version == ProtocolVersion::TLSv1_3;
    let mut offer = OwnedOffer::new(if tls13 { ProtocolVersion::TLSv1_2 } else { version }, vec![suite]);
    if tls13 {
        offer.supported_versions = Some(vec![ProtocolVersion::TLSv1_3]);
        offer.key_share = true;
    }
    if version != ProtocolVersion::SSLv3 {
        offer.groups = Some(vec![
            NamedGroup::x25519,
            NamedGroup::secp256r1,
            NamedGroup::secp384r1,
            NamedGroup::secp521r1,
            NamedGroup::x448,
            NamedGroup::brainpoolP256r1,
            NamedGroup::brainpoolP384r1,
            NamedGroup::brainpoolP512r1,
        ]);
        if tls13 {
            offer.groups.as_mut().unwrap().extend([NamedGroup::ffdhe2048, NamedGroup::ffdhe3072]);
        }
    }
    if version >= ProtocolVersion::TLSv1_2 {
        let mut schemes = Policy::default_signature_schemes();
        schemes.extend([tls_policy::SignatureScheme::rsa_pkcs1_sha1, tls_policy::SignatureScheme::ecdsa_sha1]);
        offer.signature_schemes = Some(schemes);
    }
    offer
}

/// The suites a server with `policy` accepts in `version`, one hello per registered suite.
fn naive(policy: &Policy, keys: KeyTypes, version: ProtocolVersion) -> BTreeSet<u16> {
    CipherSuite::all()
        .map(|info| info.suite())
        .filter(|s| !s.is_signalling())
        .filter(|&s| negotiate(policy, &one_suite(version, s).as_offer(), keys).is_ok_and(|a| a.version == version))
        .map(|s| s.get())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_scan_of_the_engine_finds_exactly_what_one_suite_hellos_find(policy in any_policy(), keys in credentials()) {
        let scan = scan_with(&mut EnginePeer::new(&policy, keys), "engine", &ScanOptions::default()).unwrap();
        prop_assert!(scan.is_complete(), "{:?} {:?}", scan.faults, scan.incomplete);
        for version in VERSIONS {
            let expected = naive(&policy, keys, version);
            let state = &scan.version(version).unwrap().state;
            match state {
                VersionState::Accepted(accepted) => {
                    let found: BTreeSet<u16> = accepted.suites.iter().map(|s| s.get()).collect();
                    prop_assert_eq!(&found, &expected, "{}", version);
                    prop_assert_eq!(found.len(), accepted.suites.len(), "a suite found twice");
                    if accepted.suites.len() > 1 {
                        prop_assert_eq!(accepted.preference, Some(policy.preference()), "{}", version);
                    }
                    if policy.preference() == Preference::Server {
                        let order: Vec<CipherSuite> = policy
                            .entries()
                            .iter()
                            .map(|e| e.suite)
                            .filter(|s| expected.contains(&s.get()))
                            .fold(Vec::new(), |mut v, s| { if !v.contains(&s) { v.push(s) } v });
                        prop_assert_eq!(&accepted.suites, &order, "{}", version);
                    }
                }
                other => prop_assert!(expected.is_empty(), "{version}: {other:?}, yet {expected:?} are accepted"),
            }
        }
        let same = conformance(&scan, &policy, Some(keys)).unwrap();
        prop_assert!(same.conforms(), "{:?}", same.differences);
    }
}

#[test]
fn dps_refuses_every_old_version_with_protocol_version_and_takes_few_connections() {
    let dps = Policy::named("dps-tls12").unwrap();
    let scan = scan_with(&mut EnginePeer::new(&dps, KeyTypes::RSA), "dps", &ScanOptions::default()).unwrap();
    for version in [ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_0] {
        assert_eq!(scan.version(version).unwrap().state, VersionState::Refused { alert: Some(70) }, "{version}");
    }
    let (_, accepted) = scan.accepted_versions().next().unwrap();
    let rsa: Vec<CipherSuite> = dps
        .entries()
        .iter()
        .map(|e| e.suite)
        .filter(|s| s.info().is_some_and(|i| i.auth().key_type() == Some(tls_policy::KeyType::Rsa)))
        .collect();
    assert_eq!(accepted.suites, rsa);
    assert_eq!(accepted.groups, [NamedGroup::secp256r1, NamedGroup::secp384r1]);
    assert!(scan.connections < 40, "{} connections", scan.connections);
}

#[test]
fn a_tls_1_0_endpoint_does_not_conform_to_dps_and_each_difference_says_why() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let seen = scan_with(&mut EnginePeer::new(&legacy, KeyTypes::RSA), "legacy", &ScanOptions::default()).unwrap();
    let result = conformance(&seen, &Policy::named("dps-tls12").unwrap(), None).unwrap();
    let texts: Vec<String> = result.differences.iter().map(ToString::to_string).collect();
    assert!(
        texts.contains(
            &"TLSv1.0: the endpoint accepted; the policy's server refused with alert protocol_version (70)".to_owned()
        ),
        "{texts:#?}"
    );
    assert!(result.differences.iter().any(|d| d.kind() == "suite_accepted"), "{texts:#?}");
}
