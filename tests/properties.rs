//! Properties of the engine over random policies, offers and keys (10,000 cases each).

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use tls_policy::{
    Agreement, CipherSuite, KeyTypes, MissingGroups, NamedGroup, OwnedOffer, Policy, PolicyError, Preference,
    ProtocolVersion, Refusal, SignatureScheme, SuiteClass, SuiteEntry, VersionSet, negotiate, negotiate_naive,
};

/// Suites a server may or may not be able to run, across versions and key types.
const SUITE_POOL: &[u16] = &[
    0xC030, 0xC02F, 0xC028, 0xC027, 0xC02C, 0xC02B, 0xC024, 0xC023, 0xC014, 0xC013, 0xC00A, 0xC009, 0x009D, 0x009C,
    0x003D, 0x003C, 0x0035, 0x002F, 0x000A, 0xCCA8, 0xCCA9, 0xCCAA, 0x009E, 0x009F, 0x0033, 0x0039, 0x1301, 0x1302,
    0x1303, 0x00A8, 0xC0AC, 0xC0AD, 0x0032, 0xC004, 0x0005,
];
const GROUP_POOL: &[u16] = &[0x0017, 0x0018, 0x0019, 0x001D, 0x001E, 0x0100, 0x0101, 0x11EC, 0x001A];
const SCHEME_POOL: &[u16] =
    &[0x0401, 0x0501, 0x0601, 0x0201, 0x0804, 0x0805, 0x0403, 0x0503, 0x0603, 0x0203, 0x0807, 0x0809, 0x0303, 0x0301];

fn pick<T: Copy + core::fmt::Debug + 'static>(pool: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(pool)
}

/// A code that is GREASE, signalling, unknown or random, for noise.
fn noise() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => (0u8..16).prop_map(|n| u16::from_be_bytes([n << 4 | 0x0A, n << 4 | 0x0A])),
        2 => Just(0x00FF),
        1 => Just(0x5600),
        3 => any::<u16>(),
    ]
}

#[path = "support/offers.rs"]
mod support;

use support::Fields as OfferParts;

fn offers() -> impl Strategy<Value = OfferParts> {
    let version = prop_oneof![6 => 0x0301u16..=0x0304, 1 => noise()];
    let legacy = prop_oneof![5 => Just(0x0303u16), 2 => 0x0300u16..=0x0304, 1 => noise()];
    let suite = prop_oneof![6 => pick(SUITE_POOL), 1 => noise()].prop_map(CipherSuite::from);
    let group = prop_oneof![3 => pick(GROUP_POOL), 1 => noise()].prop_map(NamedGroup::from);
    let scheme = prop_oneof![3 => pick(SCHEME_POOL), 1 => noise()].prop_map(SignatureScheme::from);
    (
        legacy,
        prop::option::weighted(0.4, prop::collection::vec(version.prop_map(ProtocolVersion::from), 0..5)),
        prop::collection::vec(suite, 0..24),
        prop::option::weighted(0.85, prop::collection::vec(group, 0..6)),
        prop::option::weighted(0.85, prop::collection::vec(scheme, 0..8)),
    )
        .prop_map(|(legacy, versions, suites, groups, schemes)| {
            let mut offer = OwnedOffer::new(ProtocolVersion::from(legacy), suites);
            offer.supported_versions = versions;
            offer.groups = groups;
            offer.signature_schemes = schemes;
            OfferParts { name: String::new(), offer }
        })
}

/// A valid policy: random versions, entries, constraints, groups, schemes and preference,
/// repaired until the builder accepts it.
fn policies() -> impl Strategy<Value = Policy> {
    (
        1u8..=4,
        1u8..=4,
        prop::collection::vec(
            (pick(SUITE_POOL), prop::option::weighted(0.2, pick(&[0x0017u16, 0x0018, 0x001D]))),
            1..14,
        ),
        prop::collection::vec(pick(GROUP_POOL), 0..5),
        prop::option::weighted(0.3, prop::collection::vec(pick(SCHEME_POOL), 0..6)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(a, b, entries, groups, schemes, client, strict)| {
            let (lo, hi) = (a.min(b), a.max(b));
            let versions =
                VersionSet::between(ProtocolVersion::from_rank(lo).unwrap(), ProtocolVersion::from_rank(hi).unwrap());
            let mut entries: Vec<SuiteEntry> = entries
                .into_iter()
                .map(|(s, g)| {
                    let suite = CipherSuite::from(s);
                    let ec = suite.info().is_some_and(|i| i.kx().is_elliptic_curve());
                    SuiteEntry { suite, group: g.filter(|_| ec).map(NamedGroup::from) }
                })
                .filter(|e| e.suite.info().is_some_and(|i| !i.versions().intersect(versions).is_empty()))
                .collect();
            first_occurrences(&mut entries);
            let mut groups: Vec<NamedGroup> = groups.into_iter().map(NamedGroup::from).collect();
            first_occurrences(&mut groups);
            let mut schemes = schemes;
            if let Some(list) = schemes.as_mut() {
                first_occurrences(list);
            }
            let builder = |entries: &Vec<SuiteEntry>, groups: &Vec<NamedGroup>, schemes: &Option<Vec<u16>>| {
                let mut b = Policy::builder("random")
                    .versions(versions)
                    .entries(entries.iter().copied())
                    .groups(groups.iter().copied())
                    .preference(if client { Preference::Client } else { Preference::Server })
                    .missing_groups(if strict { MissingGroups::NoneShared } else { MissingGroups::Any });
                if let Some(s) = schemes {
                    b = b.signature_schemes(s.iter().map(|c| SignatureScheme::from(*c)));
                }
                b.build()
            };
            for _ in 0..32 {
                match builder(&entries, &groups, &schemes) {
                    Ok(p) => return p,
                    Err(PolicyError::NoSuites) | Err(PolicyError::VersionWithoutSuites { .. }) => {
                        let v = versions
                            .iter()
                            .find(|v| !entries.iter().any(|e| e.suite.info().unwrap().versions().contains(*v)));
                        let filler = match v.map(|v| v.rank()) {
                            Some(Some(4)) => 0x1301,
                            Some(Some(3)) => 0xC02F,
                            _ => 0xC013,
                        };
                        let e = SuiteEntry::new(CipherSuite::from(filler));
                        if !entries.contains(&e) {
                            entries.push(e);
                        }
                    }
                    Err(PolicyError::NoGroupFor { .. }) => {
                        for g in [NamedGroup::secp256r1, NamedGroup::x25519] {
                            if !groups.contains(&g) {
                                groups.push(g);
                                break;
                            }
                        }
                    }
                    Err(PolicyError::ConstraintOutsideGroups { group, .. }) => groups.push(group),
                    Err(PolicyError::UnusableSignatureScheme { scheme }) => {
                        if let Some(list) = schemes.as_mut() {
                            list.retain(|c| *c != scheme.get());
                        }
                    }
                    Err(PolicyError::DuplicateEntry { entry }) => {
                        let at = entries.iter().rposition(|e| *e == entry).unwrap();
                        entries.remove(at);
                    }
                    Err(e) => panic!("unexpected {e}"),
                }
            }
            panic!("could not repair {entries:?} {groups:?}")
        })
}

/// Keeps the first occurrence of each value, in order.
fn first_occurrences<T: PartialEq + Copy>(values: &mut Vec<T>) {
    let mut seen = Vec::new();
    values.retain(|v| {
        let new = !seen.contains(v);
        seen.push(*v);
        new
    });
}

fn keys() -> impl Strategy<Value = KeyTypes> {
    prop_oneof![Just(KeyTypes::RSA), Just(KeyTypes::ECDSA), Just(KeyTypes::RSA_AND_ECDSA)]
}

/// The index of the policy entry an agreement came from.
fn entry_index(policy: &Policy, a: &Agreement) -> usize {
    policy
        .entries()
        .iter()
        .position(|e| e.suite == a.suite && (e.group.is_none() || e.group == a.group))
        .expect("the agreement names a policy entry")
}

/// The offer with only `suite` (and the fallback SCSV, if the original had it).
fn only(parts: &OfferParts, suite: CipherSuite) -> OfferParts {
    let mut suites = vec![suite];
    if parts.offer.suites.contains(&CipherSuite::TLS_FALLBACK_SCSV) {
        suites.push(CipherSuite::TLS_FALLBACK_SCSV);
    }
    parts.with_suites(suites)
}

fn decide(policy: &Policy, parts: &OfferParts, keys: KeyTypes) -> Result<Agreement, Refusal> {
    negotiate(policy, &parts.offer(), keys)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, max_global_rejects: 100_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_and_naive_agree(policy in policies(), parts in offers(), keys in keys()) {
        let offer = parts.offer();
        prop_assert_eq!(negotiate(&policy, &offer, keys), negotiate_naive(&policy, &offer, keys));
    }

    #[test]
    fn agreements_are_within_both_sides(policy in policies(), parts in offers(), keys in keys()) {
        let offer = parts.offer();
        if let Ok(a) = negotiate(&policy, &offer, keys) {
            prop_assert!(parts.offer.suites.contains(&a.suite), "offered");
            prop_assert!(policy.entries().iter().any(|e| e.suite == a.suite), "in policy");
            prop_assert_eq!(a.suite.class(), SuiteClass::Registered, "never GREASE or signalling");
            prop_assert!(a.suite.info().unwrap().versions().contains(a.version), "valid in the version");
            prop_assert!(policy.versions().contains(a.version), "policy version");
            prop_assert!(offer.offers_version(a.version), "client version");
            if let Some(g) = a.group {
                prop_assert!(policy.groups().contains(&g), "policy group");
                if let Some(theirs) = &parts.offer.groups {
                    prop_assert!(theirs.contains(&g), "client group");
                }
            }
        }
    }

    #[test]
    fn decisions_are_deterministic_and_server_order_ignores_the_offer_order(
        policy in policies(),
        (parts, shuffled) in offers().prop_flat_map(|p| { let s = Just(p.offer.suites.clone()).prop_shuffle(); (Just(p), s) }),
        keys in keys(),
    ) {
        let first = decide(&policy, &parts, keys);
        prop_assert_eq!(first, decide(&policy, &parts, keys));
        if policy.preference() == Preference::Server {
            prop_assert_eq!(first, decide(&policy, &parts.with_suites(shuffled), keys));
        }
    }

    #[test]
    fn the_preferred_eligible_entry_is_chosen(policy in policies(), parts in offers(), keys in keys()) {
        let Ok(chosen) = decide(&policy, &parts, keys) else { return Ok(()) };
        match policy.preference() {
            // No offered suite alone leads to an earlier policy entry.
            Preference::Server => {
                let at = entry_index(&policy, &chosen);
                for s in &parts.offer.suites {
                    if let Ok(alone) = decide(&policy, &only(&parts, *s), keys) {
                        prop_assert!(entry_index(&policy, &alone) >= at, "{:?} beats {:?}", alone, chosen);
                    }
                }
            }
            // The chosen suite is the first offered suite that works alone.
            Preference::Client => {
                let first = parts.offer.suites.iter().find(|s| decide(&policy, &only(&parts, **s), keys).is_ok());
                prop_assert_eq!(first, Some(&chosen.suite));
            }
            _ => {}
        }
    }

    #[test]
    fn adding_a_suite_the_policy_lacks_changes_nothing(
        policy in policies(), parts in offers(), keys in keys(), extra in noise(), at in any::<prop::sample::Index>(),
    ) {
        let extra = CipherSuite::from(extra);
        prop_assume!(parts.offer().is_well_formed());
        prop_assume!(extra != CipherSuite::TLS_FALLBACK_SCSV && !policy.entries().iter().any(|e| e.suite == extra));
        let mut suites = parts.offer.suites.clone();
        suites.insert(at.index(suites.len() + 1), extra);
        prop_assert_eq!(decide(&policy, &parts, keys), decide(&policy, &parts.with_suites(suites), keys));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// A policy survives serialization (the seed's "minTlsVersion survives failover").
    #[test]
    fn policies_round_trip_through_json(policy in policies()) {
        let text = serde_json::to_string(&policy).unwrap();
        let back: Policy = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, policy);
    }
}

#[test]
fn named_policies_round_trip_and_bad_files_are_refused() {
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let back: Policy = serde_json::from_str(&serde_json::to_string_pretty(&policy).unwrap()).unwrap();
        assert_eq!(back, policy, "{id}");
    }
    let unknown_key = r#"{"id":"x","versions":["TLSv1.2"],"entries":["0xC02F"],"groups":["x25519"],"colour":1}"#;
    assert!(serde_json::from_str::<Policy>(unknown_key).unwrap_err().to_string().contains("unknown field `colour`"));
    // An ECDHE suite with no group (a file without `groups` gets the recommended ones).
    let invalid = r#"{"id":"x","versions":["TLSv1.2"],"entries":["0xC02F"],"groups":[]}"#;
    let err = serde_json::from_str::<Policy>(invalid).unwrap_err().to_string();
    assert!(err.contains("needs an elliptic-curve group"), "{err}");
    let typo =
        r#"{"id":"x","versions":["TLSv1.2"],"entries":["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265"],"groups":["x25519"]}"#;
    let err = serde_json::from_str::<Policy>(typo).unwrap_err().to_string();
    assert!(err.contains("did you mean TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256?"), "{err}");
}
