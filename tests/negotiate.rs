//! One test per rule of DESIGN.md §3 and per refusal reason, each checked on the engine and
//! on the naive reference.

#![allow(clippy::unwrap_used)]

use tls_policy::{
    Agreement, CipherSuite as S, KeyType, KeyTypes, MissingGroups, NamedGroup as G, Offer, Policy, Preference,
    ProtocolVersion as V, Reason, Refusal, SignatureScheme as Sig, SuiteEntry, SuiteOutcome, VersionSet, explain,
    negotiate, negotiate_naive,
};

/// Decides with both implementations and checks they agree.
fn decide(policy: &Policy, offer: &Offer<'_>, keys: KeyTypes) -> Result<Agreement, Refusal> {
    let engine = negotiate(policy, offer, keys);
    assert_eq!(engine, negotiate_naive(policy, offer, keys), "engine and naive differ on {offer:?}");
    engine
}

fn reason(r: Result<Agreement, Refusal>) -> Reason {
    r.expect_err("a refusal").reason
}

fn dps() -> Policy {
    Policy::named("dps-tls12").unwrap()
}

const P256: &[G] = &[G::secp256r1];
const RSA_SIGS: &[Sig] = &[Sig::rsa_pss_rsae_sha256, Sig::rsa_pkcs1_sha256];

#[test]
fn version_supported_versions_is_authoritative() {
    // A TLS 1.3-only client that also lists TLS 1.2 suites is refused: legacy_version 0x0303
    // is ignored when supported_versions is present (RFC 8446 §4.2.1).
    let suites = [S::TLS_AES_128_GCM_SHA256, S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
    let offer = Offer::new(V::TLSv1_2, &suites).with_supported_versions(&[V::TLSv1_3]).with_groups(P256);
    let refusal = decide(&dps(), &offer, KeyTypes::RSA).unwrap_err();
    assert_eq!((refusal.reason, refusal.alert().number(), refusal.version), (Reason::ProtocolVersion, 70, None));
    // GREASE in supported_versions is ignored.
    let versions = [V::from_u16(0x7A7A), V::TLSv1_3, V::TLSv1_2];
    let offer = offer.with_supported_versions(&versions);
    assert_eq!(decide(&dps(), &offer, KeyTypes::RSA).unwrap().version, V::TLSv1_2);
}

#[test]
fn version_without_extension_is_capped_at_tls12() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
    for legacy in [0x0303, 0x0304, 0x03FF, 0x0400, 0xFEFD] {
        let offer = Offer::new(V::from_u16(legacy), &suites).with_groups(P256);
        assert_eq!(decide(&dps(), &offer, KeyTypes::RSA).unwrap().version, V::TLSv1_2, "{legacy:04x}");
    }
    for legacy in [0x0301, 0x0302, 0x0300, 0x0002] {
        let offer = Offer::new(V::from_u16(legacy), &suites).with_groups(P256);
        assert_eq!(reason(decide(&dps(), &offer, KeyTypes::RSA)), Reason::ProtocolVersion, "{legacy:04x}");
    }
}

#[test]
fn ssl3_is_never_negotiated() {
    // RFC 7568: an SSL 3.0 client is refused, and no policy can allow SSL 3.0.
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_RSA_WITH_AES_128_CBC_SHA];
    assert_eq!(reason(decide(&legacy, &Offer::new(V::SSLv3, &suites), KeyTypes::RSA)), Reason::ProtocolVersion);
    let sv = [V::SSLv3];
    let offer = Offer::new(V::TLSv1_2, &suites).with_supported_versions(&sv);
    assert_eq!(reason(decide(&legacy, &offer, KeyTypes::RSA)), Reason::ProtocolVersion);
}

#[test]
fn empty_or_cut_lists_are_malformed() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
    for offer in [
        Offer::new(V::TLSv1_2, &[]),
        Offer::new(V::TLSv1_2, &suites).with_supported_versions(&[]),
        Offer::new(V::TLSv1_2, &suites).with_signature_schemes(&[]),
        Offer::from_wire_suites(V::TLSv1_2, &[0xC0, 0x30, 0x00]),
    ] {
        let refusal = decide(&dps(), &offer, KeyTypes::RSA).unwrap_err();
        assert_eq!((refusal.reason, refusal.alert().number()), (Reason::Malformed, 50), "{offer:?}");
    }
}

#[test]
fn explain_reports_repeats_and_suites_no_key_can_run() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites =
        [S::TLS_RSA_WITH_AES_128_CBC_SHA, S::TLS_RSA_WITH_AES_128_CBC_SHA, S::TLS_RSA_PSK_WITH_AES_128_CBC_SHA];
    let offer = Offer::new(V::TLSv1_2, &suites);
    let why: Vec<_> = explain(&legacy, &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(why, [SuiteOutcome::Chosen, SuiteOutcome::Repeated, SuiteOutcome::NotInPolicy]);
    let psk = Policy::builder("psk")
        .versions(VersionSet::only(V::TLSv1_2))
        .suite(S::TLS_RSA_PSK_WITH_AES_128_CBC_SHA)
        .suite(S::TLS_RSA_WITH_AES_128_CBC_SHA)
        .build()
        .unwrap();
    let why: Vec<_> = explain(&psk, &offer, KeyTypes::ECDSA).suites().map(|(_, o)| o).collect();
    assert_eq!(
        why,
        [SuiteOutcome::NeedsKey(KeyType::Rsa), SuiteOutcome::Repeated, SuiteOutcome::UnsupportedKeyExchange]
    );
}

#[test]
fn highest_common_version_wins() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, S::TLS_RSA_WITH_AES_128_CBC_SHA];
    let offer = Offer::new(V::TLSv1_1, &suites).with_groups(P256);
    let agreed = decide(&legacy, &offer, KeyTypes::RSA).unwrap();
    // TLS 1.1; the P-256-constrained C013 entry of legacy option 1 fits.
    assert_eq!(agreed, Agreement { version: V::TLSv1_1, suite: suites[0], group: Some(G::secp256r1) });
}

#[test]
fn fallback_scsv_below_the_policy_maximum_is_refused_after_the_version_step() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_RSA_WITH_AES_128_CBC_SHA, S::TLS_FALLBACK_SCSV];
    let offer = Offer::new(V::TLSv1_1, &suites);
    let refusal = decide(&legacy, &offer, KeyTypes::RSA).unwrap_err();
    assert_eq!((refusal.reason, refusal.alert().number()), (Reason::InappropriateFallback, 86));
    // At the policy's maximum the SCSV is harmless.
    let offer = Offer::new(V::TLSv1_2, &suites);
    assert_eq!(decide(&legacy, &offer, KeyTypes::RSA).unwrap().suite, suites[0]);
    // Step 1 first: a TLS 1.1 client of a TLS 1.2-only policy gets protocol_version.
    assert_eq!(reason(decide(&dps(), &Offer::new(V::TLSv1_1, &suites), KeyTypes::RSA)), Reason::ProtocolVersion);
}

#[test]
fn grease_signalling_and_unknown_codes_are_skipped() {
    let suites = [
        S::from(0x0A0A),
        S::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
        S::from(0x7777),
        S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];
    let groups = [G::from(0x1A1A), G::secp384r1];
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(&groups);
    let agreed = decide(&dps(), &offer, KeyTypes::RSA).unwrap();
    assert_eq!((agreed.suite, agreed.group), (suites[3], Some(G::secp384r1)));
    let outcomes: Vec<SuiteOutcome> = explain(&dps(), &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(outcomes, [SuiteOutcome::Grease, SuiteOutcome::Signalling, SuiteOutcome::Unknown, SuiteOutcome::Chosen]);
}

#[test]
fn suites_need_a_matching_key() {
    let suites = [S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384];
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(P256);
    assert_eq!(reason(decide(&dps(), &offer, KeyTypes::RSA)), Reason::NoSharedCipher);
    assert_eq!(decide(&dps(), &offer, KeyTypes::ECDSA).unwrap().suite, suites[0]);
    let why: Vec<_> = explain(&dps(), &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(why, [SuiteOutcome::NeedsKey(KeyType::Ecdsa)]);
    // Static RSA needs an RSA key too, and no group or signature.
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let rsa = [S::TLS_RSA_WITH_AES_128_GCM_SHA256];
    let offer = Offer::new(V::TLSv1_2, &rsa);
    assert_eq!(decide(&legacy, &offer, KeyTypes::RSA).unwrap().group, None);
    assert_eq!(reason(decide(&legacy, &offer, KeyTypes::ECDSA)), Reason::NoSharedCipher);
}

#[test]
fn suites_must_be_valid_in_the_version() {
    // GCM suites are TLS 1.2 only: a TLS 1.0 client of the legacy policy cannot get one.
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, S::TLS_RSA_WITH_AES_256_CBC_SHA];
    let offer = Offer::new(V::TLSv1_0, &suites).with_groups(P256);
    assert_eq!(decide(&legacy, &offer, KeyTypes::RSA).unwrap().suite, suites[1]);
    let why: Vec<_> = explain(&legacy, &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(why, [SuiteOutcome::WrongVersion, SuiteOutcome::Chosen]);
}

#[test]
fn schannel_group_constraints_are_honoured() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA];
    // Only P-256 offered: C014 is fixed to P-384, so C013 (fixed to P-256) is chosen.
    let offer = Offer::new(V::TLSv1_0, &suites).with_groups(P256);
    assert_eq!(
        decide(&legacy, &offer, KeyTypes::RSA).unwrap(),
        Agreement { version: V::TLSv1_0, suite: suites[1], group: Some(G::secp256r1) }
    );
    let why: Vec<_> = explain(&legacy, &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(why, [SuiteOutcome::GroupConstraintNotMet(G::secp384r1), SuiteOutcome::Chosen]);
    // Both offered, even with P-256 first: C014 is the policy's earlier entry and uses P-384.
    let offer = Offer::new(V::TLSv1_0, &suites).with_groups(&[G::secp256r1, G::secp384r1]);
    let agreed = decide(&legacy, &offer, KeyTypes::RSA).unwrap();
    assert_eq!((agreed.suite, agreed.group), (suites[0], Some(G::secp384r1)));
    // Only x25519: no constrained entry fits.
    let offer = Offer::new(V::TLSv1_0, &suites[..1]).with_groups(&[G::x25519]);
    assert_eq!(reason(decide(&legacy, &offer, KeyTypes::RSA)), Reason::NoSharedGroup);
}

#[test]
fn client_without_supported_groups() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
    let offer = Offer::new(V::TLSv1_2, &suites);
    // RFC 8422 §4: the server may pick any curve: the policy's first.
    let agreed = decide(&dps(), &offer, KeyTypes::RSA).unwrap();
    assert_eq!(agreed.group, Some(G::secp256r1));
    // A policy may treat it as no shared group instead (rustls, OpenSSL 3.0).
    let strict = dps().to_builder().missing_groups(MissingGroups::NoneShared).build().unwrap();
    assert_eq!(reason(decide(&strict, &offer, KeyTypes::RSA)), Reason::NoSharedGroup);
    // An empty extension is not a missing one: its grammar needs one group (RFC 8422 §5.1.1).
    let empty = offer.with_groups(&[]);
    let refusal = decide(&dps(), &empty, KeyTypes::RSA).unwrap_err();
    assert_eq!((refusal.reason, refusal.alert().number()), (Reason::Malformed, 50));
}

#[test]
fn groups_follow_the_client_order() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(&[G::x25519, G::secp384r1, G::secp256r1]);
    assert_eq!(decide(&dps(), &offer, KeyTypes::RSA).unwrap().group, Some(G::secp384r1));
}

#[test]
fn signature_schemes_in_tls12() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
    let base = Offer::new(V::TLSv1_2, &suites).with_groups(P256);
    // ECDSA schemes only: an RSA key cannot sign the ServerKeyExchange.
    let ecdsa_only = base.with_signature_schemes(&[Sig::ecdsa_secp256r1_sha256]);
    let refusal = decide(&dps(), &ecdsa_only, KeyTypes::RSA).unwrap_err();
    assert_eq!((refusal.reason, refusal.alert().number()), (Reason::NoSharedSignatureScheme, 40));
    assert!(decide(&dps(), &base.with_signature_schemes(RSA_SIGS), KeyTypes::RSA).is_ok());
    // No extension: the RFC 5246 default is SHA-1 with the suite's algorithm, which the
    // default policy signs with; a policy without SHA-1 (like rustls) refuses.
    assert!(decide(&dps(), &base, KeyTypes::RSA).is_ok());
    let no_sha1 =
        dps().to_builder().signature_schemes([Sig::rsa_pss_rsae_sha256, Sig::rsa_pkcs1_sha256]).build().unwrap();
    assert_eq!(reason(decide(&no_sha1, &base, KeyTypes::RSA)), Reason::NoSharedSignatureScheme);
    let sha1_only = base.with_signature_schemes(&[Sig::rsa_pkcs1_sha1]);
    assert_eq!(reason(decide(&no_sha1, &sha1_only, KeyTypes::RSA)), Reason::NoSharedSignatureScheme);
    // Static RSA signs nothing, so schemes do not matter.
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let rsa = [S::TLS_RSA_WITH_AES_128_GCM_SHA256];
    let unusable = Offer::new(V::TLSv1_2, &rsa).with_signature_schemes(&[Sig::ed25519]);
    assert!(decide(&legacy, &unusable, KeyTypes::RSA).is_ok());
}

#[test]
fn tls10_and_11_have_no_signature_negotiation() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA];
    let offer = Offer::new(V::TLSv1_0, &suites).with_groups(P256).with_signature_schemes(&[Sig::ed25519]);
    assert!(decide(&legacy, &offer, KeyTypes::RSA).is_ok());
}

#[test]
fn refusal_reasons_rank_by_the_furthest_stage() {
    let suites = [
        S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        S::TLS_AES_128_GCM_SHA256,
    ];
    // Nothing in common.
    let other = [S::TLS_RSA_WITH_3DES_EDE_CBC_SHA];
    assert_eq!(reason(decide(&dps(), &Offer::new(V::TLSv1_2, &other), KeyTypes::RSA)), Reason::NoSharedCipher);
    // The ECDHE_RSA suite gets past the cipher stage but finds no group.
    let no_group = Offer::new(V::TLSv1_2, &suites).with_groups(&[G::x448]);
    assert_eq!(reason(decide(&dps(), &no_group, KeyTypes::RSA)), Reason::NoSharedGroup);
    // It gets a group but no signature: the furthest stage wins.
    let no_sig = Offer::new(V::TLSv1_2, &suites).with_groups(P256).with_signature_schemes(&[Sig::ed25519]);
    assert_eq!(reason(decide(&dps(), &no_sig, KeyTypes::RSA)), Reason::NoSharedSignatureScheme);
    assert_eq!(Reason::NoSharedCipher.most_specific(Reason::NoSharedGroup), Reason::NoSharedGroup);
    assert_eq!(Reason::NoSharedSignatureScheme.most_specific(Reason::ProtocolVersion), Reason::ProtocolVersion);
    assert_eq!(Reason::Malformed.most_specific(Reason::ProtocolVersion), Reason::Malformed);
    // `max` agrees with `most_specific`.
    assert_eq!(Reason::Malformed.max(Reason::NoSharedSignatureScheme), Reason::Malformed);
    assert!(Reason::MissingExtension > Reason::NoSharedSignatureScheme);
}

#[test]
fn preference_server_versus_client() {
    let suites = [S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(P256);
    assert_eq!(decide(&dps(), &offer, KeyTypes::RSA).unwrap().suite, suites[1]);
    let client = dps().to_builder().preference(Preference::Client).build().unwrap();
    assert_eq!(decide(&client, &offer, KeyTypes::RSA).unwrap().suite, suites[0]);
    let outcomes: Vec<_> = explain(&dps(), &offer, KeyTypes::RSA).suites().map(|(_, o)| o).collect();
    assert_eq!(outcomes, [SuiteOutcome::Outranked, SuiteOutcome::Chosen]);
}

#[test]
fn tls13_needs_a_group_and_a_signature() {
    let modern = Policy::named("mozilla-modern").unwrap();
    let suites = [S::TLS_CHACHA20_POLY1305_SHA256, S::TLS_AES_128_GCM_SHA256];
    let offer = Offer::new(V::TLSv1_2, &suites)
        .with_supported_versions(&[V::TLSv1_3])
        .with_groups(&[G::x25519])
        .with_signature_schemes(&[Sig::ecdsa_secp256r1_sha256]);
    // Client order (Mozilla): the client's first.
    assert_eq!(
        decide(&modern, &offer, KeyTypes::ECDSA).unwrap(),
        Agreement { version: V::TLSv1_3, suite: suites[0], group: Some(G::x25519) }
    );
    // PKCS#1 is not a TLS 1.3 handshake signature (RFC 8446 §4.2.3).
    let pkcs1 = offer.with_signature_schemes(&[Sig::rsa_pkcs1_sha256]);
    assert_eq!(reason(decide(&modern, &pkcs1, KeyTypes::RSA)), Reason::NoSharedSignatureScheme);
    // No supported_groups or no signature_algorithms in TLS 1.3: missing_extension (RFC 8446
    // §9.2), whatever the policy says of TLS 1.2 clients.
    for missing in [offer.set_groups(None), offer.set_signature_schemes(None)] {
        let refusal = decide(&modern, &missing, KeyTypes::ECDSA).unwrap_err();
        assert_eq!((refusal.reason, refusal.alert().number()), (Reason::MissingExtension, 109));
    }
    // A group the policy lacks is a suite-stage refusal.
    let other = offer.with_groups(&[G::x448]);
    assert_eq!(reason(decide(&modern, &other, KeyTypes::ECDSA)), Reason::NoSharedGroup);
}

#[test]
fn dhe_follows_rfc7919() {
    // Mozilla's old configuration of 5.7 has DHE suites (5.8's has none).
    let old = Policy::named("mozilla-old-5.7").unwrap();
    let suites = [S::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256];
    // No FFDHE group offered: the server uses its own parameters.
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(&[G::x25519]);
    assert_eq!(decide(&old, &offer, KeyTypes::RSA).unwrap().group, None);
    // FFDHE groups offered, none acceptable: DHE must not be chosen.
    let offer = Offer::new(V::TLSv1_2, &suites).with_groups(&[G::ffdhe2048]);
    assert_eq!(reason(decide(&old, &offer, KeyTypes::RSA)), Reason::NoSharedGroup);
    let nist = Policy::named("nist-800-52r2").unwrap();
    let agreed = decide(&nist, &offer, KeyTypes::RSA).unwrap();
    assert_eq!(agreed.group, Some(G::ffdhe2048));
}

#[test]
fn policies_are_values() {
    let a = dps();
    let b = a.to_builder().build().unwrap();
    assert_eq!(a, b);
    let c = a
        .to_builder()
        .versions(VersionSet::between(V::TLSv1_2, V::TLSv1_2))
        .entry(SuiteEntry::new(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
    assert!(c.build().is_err(), "a duplicate entry is refused");
}

/// Issue 11 point 2: the fields judged once the version is known, on the engine and the naive
/// reference alike.
#[test]
fn version_dependent_fields_are_judged_with_the_version() {
    let intermediate = Policy::named("mozilla-intermediate").unwrap();
    let suites = [S::TLS_AES_128_GCM_SHA256, S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];
    let both = [V::TLSv1_3, V::TLSv1_2];
    let sigs = [Sig::ecdsa_secp256r1_sha256];
    let tls13 = Offer::new(V::TLSv1_2, &suites)
        .with_supported_versions(&both)
        .with_groups(&[G::x25519, G::secp256r1])
        .with_signature_schemes(&sigs);
    assert_eq!(decide(&intermediate, &tls13, KeyTypes::ECDSA).unwrap().version, V::TLSv1_3);
    let refused = |offer: &Offer<'_>| {
        let r = decide(&intermediate, offer, KeyTypes::ECDSA).unwrap_err();
        (r.reason, r.alert().number())
    };
    // RFC 8446 §9.2: no key_share in TLS 1.3 is missing_extension.
    assert_eq!(refused(&tls13.with_key_share(false)), (Reason::MissingExtension, 109));
    // RFC 8446 §4.1.2: TLS 1.3 compression is exactly [null]; TLS 1.2 takes null among others.
    assert_eq!(refused(&tls13.with_compression_methods(&[1, 0])), (Reason::IllegalParameter, 47));
    assert_eq!(refused(&tls13.with_compression_methods(&[0, 0])), (Reason::IllegalParameter, 47));
    assert_eq!(refused(&tls13.with_illegal_in_tls13(true)), (Reason::IllegalParameter, 47));
    let tls12 = tls13.set_supported_versions(None);
    assert_eq!(
        decide(&intermediate, &tls12.with_compression_methods(&[1, 0]), KeyTypes::ECDSA).unwrap().version,
        V::TLSv1_2
    );
    assert!(decide(&intermediate, &tls12.with_key_share(false).with_illegal_in_tls13(true), KeyTypes::ECDSA).is_ok());
    // RFC 8422 §5.1.2: ec_point_formats without uncompressed beside an EC group, before TLS 1.3.
    assert_eq!(refused(&tls12.set_ec_point_formats(Some(&[1, 2]))), (Reason::IllegalParameter, 47));
    assert!(decide(&intermediate, &tls12.set_ec_point_formats(Some(&[1, 0])), KeyTypes::ECDSA).is_ok());
    assert!(decide(&intermediate, &tls13.set_ec_point_formats(Some(&[1])), KeyTypes::ECDSA).is_ok());
    // Without an EC group the point formats say nothing (the refusal is the group's).
    let ffdhe = tls12.with_groups(&[G::ffdhe2048]).set_ec_point_formats(Some(&[1]));
    assert_ne!(refused(&ffdhe).0, Reason::IllegalParameter);
    // The version is decided first: a TLS 1.1 client gets protocol_version.
    let old = Offer::new(V::TLSv1_1, &suites).with_compression_methods(&[1, 0]).set_ec_point_formats(Some(&[1]));
    assert_eq!(refused(&old).0, Reason::ProtocolVersion);
    assert!(Reason::IllegalParameter > Reason::MissingExtension);
}

/// The engine and the naive reference agree on the version-dependent fields too, for client
/// offers of every family and every named or generated policy.
#[cfg(feature = "proptest")]
mod version_dependent {
    use proptest::prelude::*;
    use tls_policy::strategy::{any_policy, arbitrary_offer, client_offer, credentials};
    use tls_policy::{negotiate, negotiate_naive};

    fn compressions() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![4 => Just(vec![0]), 1 => prop::collection::vec(0u8..3, 1..4)]
    }

    fn point_formats() -> impl Strategy<Value = Option<Vec<u8>>> {
        prop_oneof![2 => Just(None), 1 => Just(Some(vec![0])), 1 => prop::collection::vec(0u8..3, 1..3).prop_map(Some)]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn engine_and_naive_agree(
            device in prop_oneof![client_offer(), arbitrary_offer()],
            policy in any_policy(),
            keys in credentials(),
            compression in compressions(),
            formats in point_formats(),
            key_share in prop::bool::weighted(0.8),
            illegal in prop::bool::weighted(0.2),
        ) {
            let offer = device
                .offer()
                .with_compression_methods(&compression)
                .set_ec_point_formats(formats.as_deref())
                .with_key_share(key_share)
                .with_illegal_in_tls13(illegal);
            prop_assert_eq!(negotiate(&policy, &offer, keys), negotiate_naive(&policy, &offer, keys));
        }
    }
}
