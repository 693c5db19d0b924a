//! The rustls adapter: realization reports, typed errors on bad input, screening, and the
//! engine predicting real rustls handshakes.

#![cfg(feature = "aws-lc-rs")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/offers.rs"]
mod offers;
#[path = "support/tls.rs"]
mod tls;

use std::io::{self, Cursor, Read, Write};
use std::sync::Arc;

use proptest::prelude::*;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tls_policy::rustls::{ConfigError, Gap, Realizer, Screen, Screened, SuiteGap};
use tls_policy::{
    CipherSuite as C, ClientHello, KeyType, KeyTypes, MissingGroups, NamedGroup as G, Policy, Preference,
    ProtocolVersion, Reason, SignatureScheme as S, SuiteEntry, VersionSet, negotiate,
};

fn provider() -> CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

fn suites(entries: &[SuiteEntry]) -> Vec<C> {
    entries.iter().map(|e| e.suite).collect()
}

#[test]
fn dps_tls12_with_an_rsa_key() {
    let policy = Policy::named("dps-tls12").unwrap();
    let (chain, key) = tls::rsa().parts();
    let built = Realizer::new(&policy).server_config(chain, key).unwrap();
    let report = &built.report;
    let effective = report.effective();
    assert_eq!(effective.versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
    assert_eq!(
        suites(effective.entries()),
        [
            C::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            C::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            C::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ]
    );
    assert_eq!(effective.groups(), [G::secp256r1, G::secp384r1]);
    assert_eq!(effective.preference(), Preference::Server);
    assert_eq!(effective.missing_groups(), MissingGroups::NoneShared);
    // What an RSA key signs with in rustls: PKCS#1 and PSS with SHA-2, never SHA-1 or SHA-224.
    assert_eq!(
        effective.signature_schemes(),
        [
            S::rsa_pkcs1_sha256,
            S::rsa_pkcs1_sha384,
            S::rsa_pkcs1_sha512,
            S::rsa_pss_rsae_sha256,
            S::rsa_pss_rsae_sha384,
            S::rsa_pss_rsae_sha512
        ]
    );
    let cbc = |suite| Gap::Suite { entry: SuiteEntry::from(suite), why: SuiteGap::Cbc };
    let scheme = |scheme| Gap::SignatureScheme { scheme };
    assert_eq!(
        report.gaps(),
        [
            cbc(C::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
            cbc(C::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
            cbc(C::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384),
            cbc(C::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256),
            Gap::MissingGroupsAny,
            scheme(S::rsa_pkcs1_sha1),
            scheme(S::rsa_pkcs1_sha224),
        ]
    );
    assert_eq!(report.keys(), Some(KeyTypes::RSA));
    assert!(built.config.ignore_client_order);
}

#[test]
fn dps_legacy_security_keeps_only_tls12_aead() {
    let policy = Policy::named("dps-legacy-security").unwrap();
    let report = Realizer::new(&policy).report().unwrap();
    assert_eq!(report.effective().versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
    assert_eq!(report.effective().entries().len(), 4);
    let gaps = report.gaps();
    assert_eq!(gaps[0], Gap::Version { version: ProtocolVersion::TLSv1_0 });
    assert_eq!(gaps[1], Gap::Version { version: ProtocolVersion::TLSv1_1 });
    // Every dropped entry is named with its reason, in the policy's order.
    for entry in policy.entries() {
        let realized = report.effective().entries().contains(entry);
        assert_eq!(report.entry_gap(entry).is_none(), realized, "{entry}");
    }
    let static_rsa = SuiteEntry::from(C::TLS_RSA_WITH_AES_256_GCM_SHA384);
    assert_eq!(report.entry_gap(&static_rsa), Some(&Gap::Suite { entry: static_rsa, why: SuiteGap::StaticRsa }));
}

#[test]
fn strict_mode_names_every_gap_and_passes_an_exact_policy() {
    let policy = Policy::named("dps-tls12").unwrap();
    let err = Realizer::new(&policy).strict().report().unwrap_err();
    let text = err.to_string();
    assert!(matches!(&err, ConfigError::Unenforceable { gaps, .. } if gaps.len() == 5), "{text}");
    assert!(text.contains("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: CBC"), "{text}");
    assert!(text.contains("set missing-groups to none-shared"), "{text}");

    let exact = Policy::builder("exact")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .suite(C::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        .groups([G::x25519, G::secp256r1])
        .signature_schemes([S::rsa_pss_rsae_sha256, S::rsa_pkcs1_sha256])
        .missing_groups(MissingGroups::NoneShared)
        .build()
        .unwrap();
    let (chain, key) = tls::rsa().parts();
    let built = Realizer::new(&exact).strict().server_config(chain, key).unwrap();
    assert!(built.report.is_exact());
    assert_eq!(built.report.effective().entries(), exact.entries());
}

#[test]
fn per_suite_groups_are_dropped_not_widened() {
    let policy = Policy::builder("constrained")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .entry(SuiteEntry::with_group(C::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, G::secp384r1))
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        .groups([G::secp256r1, G::secp384r1])
        .build()
        .unwrap();
    let report = Realizer::new(&policy).report().unwrap();
    assert_eq!(suites(report.effective().entries()), [C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
    assert!(report.gaps().contains(&Gap::GroupConstraint { entry: policy.entries()[0] }));
}

#[test]
fn bad_input_gets_a_typed_error_that_says_what_to_change() {
    let dps = Policy::named("dps-tls12").unwrap();
    let realizer = Realizer::new(&dps);

    // A key that is not the certificate's.
    let (chain, _) = tls::rsa().parts();
    let (_, other) = tls::p256().parts();
    let err = realizer.server_config(chain, other).unwrap_err();
    assert!(matches!(err, ConfigError::KeyMismatch), "{err}");
    assert!(err.to_string().contains("does not match the certificate"));

    // No certificate; a key that is not a key; a key type the model lacks.
    let (_, key) = tls::rsa().parts();
    assert!(matches!(realizer.server_config(vec![], key).unwrap_err(), ConfigError::NoCertificate));
    let junk = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(vec![0x30, 0x03, 1, 2, 3]));
    let (chain, _) = tls::rsa().parts();
    assert!(matches!(realizer.server_config(chain, junk).unwrap_err(), ConfigError::Key(_)));
    let (chain, key) = tls::ed25519().parts();
    let err = realizer.server_config(chain, key).unwrap_err();
    assert!(matches!(err, ConfigError::UnsupportedKey { .. }), "{err}");

    // An ECDSA key with a policy whose enforceable suites are all RSA.
    let rsa_only = Policy::builder("rsa-only")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        .suite(C::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256)
        .group(G::secp256r1)
        .build()
        .unwrap();
    let (chain, key) = tls::p256().parts();
    let err = Realizer::new(&rsa_only).server_config(chain, key).unwrap_err();
    assert!(matches!(err, ConfigError::KeyUnusable { key: KeyType::Ecdsa, .. }), "{err}");

    // A policy with nothing rustls can enforce.
    let cbc_only = Policy::builder("cbc-only")
        .versions(VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2))
        .suite(C::TLS_RSA_WITH_AES_128_CBC_SHA)
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA)
        .group(G::secp256r1)
        .build()
        .unwrap();
    let err = Realizer::new(&cbc_only).report().unwrap_err();
    assert!(matches!(err, ConfigError::NothingEnforceable { ref gaps, .. } if gaps.len() == 5), "{err}");
    assert!(err.to_string().contains("TLS_RSA_WITH_AES_128_CBC_SHA: static RSA"), "{err}");

    // Two keys of one type.
    let err = realizer.screen(vec![tls::p256().parts(), tls::p384().parts()]).unwrap_err();
    assert!(matches!(err, ConfigError::DuplicateKeyType { key: KeyType::Ecdsa }), "{err}");
}

#[cfg(feature = "ring")]
#[test]
fn both_providers_at_once_and_ring_lacks_the_hybrid_group() {
    let policy = Policy::named("mozilla-modern").unwrap();
    let ring = Arc::new(rustls::crypto::ring::default_provider());
    let with_ring = Realizer::with_provider(&policy, ring).report().unwrap();
    let with_aws = Realizer::new(&policy).report().unwrap();
    for (report, provider) in [(&with_ring, "ring"), (&with_aws, "aws-lc-rs")] {
        for group in policy.groups() {
            let shipped = report.effective().groups().contains(group);
            assert_eq!(!shipped, report.gaps().contains(&Gap::Group { group: *group }), "{provider} {group}");
        }
    }
    let hybrid = G::X25519MLKEM768;
    if policy.groups().contains(&hybrid) {
        assert!(with_ring.gaps().contains(&Gap::Group { group: hybrid }));
        assert!(with_aws.effective().groups().contains(&hybrid));
    }
    // Building real configs with either provider works with both features on.
    let (chain, key) = tls::p256().parts();
    let ring = Arc::new(rustls::crypto::ring::default_provider());
    Realizer::with_provider(&policy, ring).server_config(chain, key).unwrap();
}

/// A socket made of a byte string in and a byte string out.
struct Pipe {
    input: Cursor<Vec<u8>>,
    output: Vec<u8>,
}

impl Read for Pipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.input.read(buf)
    }
}

impl Write for Pipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.output.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/hellos/{name}.bin", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn screen(policy: &Policy, keys: &[&tls::Identity]) -> Screen {
    Realizer::new(policy).screen(keys.iter().map(|k| k.parts()).collect()).unwrap()
}

#[test]
fn screening_sends_the_engines_alert() {
    let dps = Policy::named("dps-tls12").unwrap();
    let screen = screen(&dps, &[tls::rsa()]);
    // A TLS 1.0 device: rustls alone says handshake_failure (40); DPS says protocol_version.
    let mut pipe = Pipe { input: Cursor::new(capture("openssl_tls1")), output: Vec::new() };
    match screen.accept(&mut pipe).unwrap() {
        Screened::Refused { refusal, hello_error, rustls_error } => {
            assert_eq!(refusal.reason, Reason::ProtocolVersion);
            assert!(hello_error.is_none());
            assert!(rustls_error.is_some(), "rustls refuses it too, with another alert");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pipe.output, [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70]);

    // Not a ClientHello at all: decode_error, and the parser's reason for the log.
    let mut pipe = Pipe { input: Cursor::new(b"GET / HTTP/1.1\r\n\r\n".to_vec()), output: Vec::new() };
    match screen.accept(&mut pipe).unwrap() {
        Screened::Refused { refusal, hello_error, .. } => {
            assert_eq!(refusal.reason, Reason::Malformed);
            assert!(hello_error.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pipe.output, [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 50]);

    // A peer that hangs up half way.
    let mut cut = capture("openssl_default");
    cut.truncate(40);
    let mut pipe = Pipe { input: Cursor::new(cut), output: Vec::new() };
    assert!(matches!(screen.accept(&mut pipe), Err(tls_policy::rustls::ScreenError::Closed { read: 40 })));
}

/// Every capture, through a screen and through the bare config, against the engine on the
/// effective policy: the screen agrees always; the bare config agrees except where the
/// report says it cannot (the fallback SCSV), and refuses old versions with another alert.
#[test]
fn captures_screened_and_bare() {
    let manifest = offers::captures();
    let policies = ["dps-tls12", "dps-legacy-security", "mozilla-intermediate", "mozilla-modern"];
    let identities: [(&tls::Identity, KeyTypes); 2] = [(tls::rsa(), KeyTypes::RSA), (tls::p256(), KeyTypes::ECDSA)];
    let mut checked = 0;
    for id in policies {
        let policy = Policy::named(id).unwrap();
        for (identity, creds) in identities {
            let screen = screen(&policy, &[identity]);
            let (chain, key) = identity.parts();
            let bare = Realizer::new(&policy).server_config(chain, key).unwrap();
            assert_eq!(screen.report().effective(), bare.report.effective());
            let bare_config = Arc::new(bare.config);
            for fields in &manifest {
                let bytes = capture(&fields.name);
                let mut scratch = Vec::new();
                let hello = ClientHello::parse_with(&bytes, &mut scratch).unwrap();
                let expected = negotiate(screen.report().effective(), &hello.offer(), creds);
                let what = format!("{id} {creds} {}", fields.name);

                let mut pipe = Pipe { input: Cursor::new(bytes.clone()), output: Vec::new() };
                match (screen.accept(&mut pipe).unwrap(), expected) {
                    (Screened::Accepted { connection, agreement }, Ok(e)) => {
                        assert_eq!(agreement, e, "{what}");
                        assert_eq!(
                            connection.negotiated_cipher_suite().map(|s| u16::from(s.suite())),
                            Some(e.suite.get())
                        );
                    }
                    (Screened::Refused { refusal, .. }, Err(e)) => {
                        assert_eq!(refusal, e, "{what}");
                        assert_eq!(pipe.output.last(), Some(&e.alert().number()), "{what}");
                    }
                    (got, e) => panic!("{what}: screen {got:?}, engine {e:?}"),
                }

                let bare_result = bare_rustls(&bare_config, &bytes);
                match (bare_result, expected) {
                    (Ok(suite), Ok(e)) => assert_eq!(suite, e.suite.get(), "{what}"),
                    (Err(_), Err(_)) => {}
                    (Ok(_), Err(e)) if e.reason == Reason::InappropriateFallback => {
                        assert!(bare.report.gaps().contains(&Gap::FallbackScsv), "{what}");
                    }
                    (got, e) => panic!("{what}: bare rustls {got:?}, engine {e:?}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, policies.len() * 2 * manifest.len());
}

/// What a bare rustls config does with a ClientHello: the suite it picks, or its error.
fn bare_rustls(config: &Arc<rustls::ServerConfig>, bytes: &[u8]) -> Result<u16, String> {
    let mut acceptor = rustls::server::Acceptor::default();
    let mut input = bytes;
    while !input.is_empty() {
        acceptor.read_tls(&mut input).map_err(|e| e.to_string())?;
    }
    let accepted = acceptor.accept().map_err(|(e, _)| e.to_string())?.ok_or("incomplete")?;
    let connection = accepted.into_connection(Arc::clone(config)).map_err(|(e, _)| e.to_string())?;
    connection.negotiated_cipher_suite().map(|s| u16::from(s.suite())).ok_or_else(|| "no suite".to_owned())
}

#[test]
fn client_and_server_configs_from_one_policy_agree() {
    let dps = Policy::named("dps-tls12").unwrap();
    let (chain, key) = tls::rsa().parts();
    let server = Realizer::new(&dps).server_config(chain.clone(), key).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(chain[0].clone()).unwrap();
    let client = Realizer::new(&dps).client_config(roots).unwrap();
    let run = tls::handshake(Arc::new(client.config), Arc::new(server.config));
    let agreed = run.outcome.unwrap();
    assert_eq!(agreed.version, 0x0303);
    assert_eq!(agreed.suite, C::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.get());
    assert_eq!(agreed.group, Some(G::secp256r1.get()));
    // The client offers the policy: its realizable suites in order and its groups.
    let hello = ClientHello::parse(&run.client_hello).unwrap();
    let offered: Vec<u16> = hello.offer().suites().iter().map(|s| s.get()).collect();
    let mut expected: Vec<u16> = client.report.effective().entries().iter().map(|e| e.suite.get()).collect();
    expected.push(0x00FF); // rustls adds the renegotiation SCSV
    assert_eq!(offered, expected);
}

// ---------------------------------------------------------------------------------------------
// The engine predicts rustls.

/// The signature schemes a policy may list (the builder's default list).
fn policy_schemes() -> Vec<S> {
    Policy::builder("x")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .suite(C::TLS_RSA_WITH_AES_128_GCM_SHA256)
        .build()
        .unwrap()
        .signature_schemes()
        .to_vec()
}

fn version_sets() -> impl Strategy<Value = VersionSet> {
    prop_oneof![
        Just(VersionSet::only(ProtocolVersion::TLSv1_2)),
        Just(VersionSet::only(ProtocolVersion::TLSv1_3)),
        Just(VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3)),
    ]
}

/// Indices into a list of `n`, at least one, in random order.
fn picks(n: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n).prop_shuffle()
}

#[derive(Debug, Clone)]
struct Case {
    versions: VersionSet,
    suites: Vec<usize>,
    groups: Vec<usize>,
    schemes: Vec<usize>,
    client_order: bool,
    key: usize,
    client_versions: VersionSet,
    client_suites: Vec<usize>,
    client_groups: Vec<usize>,
    client_schemes: Vec<usize>,
}

fn cases() -> impl Strategy<Value = Case> {
    let p = provider();
    let (ns, ng) = (p.cipher_suites.len(), p.kx_groups.len());
    let nv = p.signature_verification_algorithms.supported_schemes().len();
    let np = policy_schemes().len();
    (
        (version_sets(), picks(ns), picks(ng), picks(np), any::<bool>(), 0..5usize),
        (version_sets(), picks(ns), picks(ng), picks(nv)),
    )
        .prop_map(|((versions, suites, groups, schemes, client_order, key), (cv, cs, cg, csch))| Case {
            versions,
            suites,
            groups,
            schemes,
            client_order,
            key,
            client_versions: cv,
            client_suites: cs,
            client_groups: cg,
            client_schemes: csch,
        })
}

fn rustls_versions(v: VersionSet) -> Vec<&'static rustls::SupportedProtocolVersion> {
    let mut out = Vec::new();
    if v.contains(ProtocolVersion::TLSv1_3) {
        out.push(&rustls::version::TLS13);
    }
    if v.contains(ProtocolVersion::TLSv1_2) {
        out.push(&rustls::version::TLS12);
    }
    out
}

/// The key sets a case may hold: one key, or an RSA and an ECDSA key.
fn identities(index: usize) -> (Vec<&'static tls::Identity>, KeyTypes) {
    match index {
        0 => (vec![tls::rsa()], KeyTypes::RSA),
        1 => (vec![tls::p256()], KeyTypes::ECDSA),
        2 => (vec![tls::p384()], KeyTypes::ECDSA),
        3 => (vec![tls::rsa(), tls::p256()], KeyTypes::RSA_AND_ECDSA),
        _ => (vec![tls::p384(), tls::rsa()], KeyTypes::RSA_AND_ECDSA),
    }
}

/// The case's policy, if the builder accepts it.
fn policy_of(case: &Case, p: &CryptoProvider) -> Option<Policy> {
    let all_schemes = policy_schemes();
    let entries: Vec<SuiteEntry> = case
        .suites
        .iter()
        .map(|&i| SuiteEntry::from(C::from_u16(u16::from(p.cipher_suites[i].suite()))))
        .filter(|e| e.suite.info().is_some_and(|i| !i.versions().intersect(case.versions).is_empty()))
        .collect();
    Policy::builder("random")
        .versions(case.versions)
        .entries(entries)
        .groups(case.groups.iter().map(|&i| tls_policy::NamedGroup::from_u16(u16::from(p.kx_groups[i].name()))))
        .signature_schemes(case.schemes.iter().map(|&i| all_schemes[i]))
        .preference(if case.client_order { Preference::Client } else { Preference::Server })
        .missing_groups(MissingGroups::NoneShared)
        .build()
        .ok()
}

/// The case's rustls client, if rustls accepts its settings.
fn client_of(case: &Case, p: &CryptoProvider) -> Option<Arc<rustls::ClientConfig>> {
    let verify = p.signature_verification_algorithms.supported_schemes();
    let client_provider = CryptoProvider {
        cipher_suites: case.client_suites.iter().map(|&i| p.cipher_suites[i]).collect(),
        kx_groups: case.client_groups.iter().map(|&i| p.kx_groups[i]).collect(),
        ..p.clone()
    };
    let verifier = tls::AnyServer::new(p, case.client_schemes.iter().map(|&i| verify[i]).collect());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(client_provider))
        .with_protocol_versions(&rustls_versions(case.client_versions))
        .ok()?;
    Some(Arc::new(builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth()))
}

/// What the engine says of a ClientHello. rustls may send an empty list (a TLS 1.2 client
/// whose only group is TLS 1.3-only), which the grammar forbids: the parser calls that
/// malformed.
fn predict(effective: &Policy, hello: &[u8], creds: KeyTypes) -> Result<tls_policy::Agreement, tls_policy::Refusal> {
    match ClientHello::parse(hello) {
        Ok(hello) => negotiate(effective, &hello.offer(), creds),
        Err(_) => Err(tls_policy::Refusal { reason: Reason::Malformed, version: None }),
    }
}

fn same(
    predicted: Result<tls_policy::Agreement, tls_policy::Refusal>,
    outcome: Result<tls::Agreed, String>,
) -> Result<(), TestCaseError> {
    match (predicted, outcome) {
        (Ok(e), Ok(got)) => {
            prop_assert_eq!(got.version, e.version.get());
            prop_assert_eq!(got.suite, e.suite.get());
            prop_assert_eq!(got.group, e.group.map(|g| g.get()));
        }
        (Err(_), Err(_)) => {}
        (e, got) => prop_assert!(false, "engine {:?}, rustls {:?}", e, got),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, max_global_rejects: 20_000, ..ProptestConfig::default() })]

    /// Random realizable policies, keys and rustls clients: the engine's verdict on the
    /// effective policy, from the client's real ClientHello bytes, is the bare config's
    /// handshake's.
    #[test]
    fn engine_predicts_rustls(case in cases()) {
        let p = provider();
        let Some(policy) = policy_of(&case, &p) else { return Err(TestCaseError::reject("not a valid policy")) };
        let (ids, creds) = identities(case.key % 3);
        let (chain, key) = ids[0].parts();
        let server = match Realizer::new(&policy).server_config(chain, key) {
            Ok(server) => server,
            Err(ConfigError::KeyUnusable { .. } | ConfigError::NothingEnforceable { .. } | ConfigError::NoSchemeForKey { .. }) => {
                return Err(TestCaseError::reject("no suite for this key"));
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        // A realizable policy loses nothing but what the key cannot sign and the SCSV.
        let only_keys = server.report.gaps().iter().all(|g| matches!(g, Gap::SignatureScheme { .. } | Gap::FallbackScsv));
        prop_assert!(only_keys, "{:?}", server.report.gaps());
        let Some(client) = client_of(&case, &p) else { return Err(TestCaseError::reject("rustls refuses the client")) };
        let run = tls::handshake(client, Arc::new(server.config));
        same(predict(server.report.effective(), &run.client_hello, creds), run.outcome)?;
    }

    /// The same through a `Screen` holding one or two keys: the screen's decision is the
    /// engine's, and when it accepts, rustls finishes the handshake with that agreement.
    #[test]
    fn screened_handshakes_follow_the_engine(case in cases()) {
        let p = provider();
        let Some(policy) = policy_of(&case, &p) else { return Err(TestCaseError::reject("not a valid policy")) };
        let (ids, creds) = identities(case.key);
        let screen = match Realizer::new(&policy).screen(ids.iter().map(|i| i.parts()).collect()) {
            Ok(screen) => screen,
            Err(ConfigError::KeyUnusable { .. } | ConfigError::NothingEnforceable { .. } | ConfigError::NoSchemeForKey { .. }) => {
                return Err(TestCaseError::reject("no suite for a key"));
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        prop_assert!(!screen.report().gaps().contains(&Gap::FallbackScsv));
        let Some(client) = client_of(&case, &p) else { return Err(TestCaseError::reject("rustls refuses the client")) };
        let (c, hello) = tls::start(client);
        let predicted = predict(screen.report().effective(), &hello, creds);
        let mut pipe = Pipe { input: Cursor::new(hello.clone()), output: Vec::new() };
        let outcome = match screen.accept(&mut pipe) {
            Ok(Screened::Accepted { connection, agreement }) => {
                prop_assert_eq!(Ok(agreement), predicted);
                tls::drive(c, *connection, Vec::new())
            }
            Ok(Screened::Refused { refusal, .. }) => {
                prop_assert_eq!(pipe.output.last(), Some(&refusal.alert().number()));
                Err(refusal.to_string())
            }
            Ok(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        same(predicted, outcome)?;
    }
}

#[test]
fn certificate_der_is_what_rcgen_made() {
    // Guards the support code: the identities are distinct keys of the stated types.
    let (rsa, ecdsa) = (tls::rsa(), tls::p256());
    assert_ne!(rsa.chain, ecdsa.chain);
    let provider = provider();
    let load = |id: &tls::Identity| provider.key_provider.load_private_key(id.parts().1).unwrap().algorithm();
    assert_eq!(load(rsa), rustls::SignatureAlgorithm::RSA);
    assert_eq!(load(ecdsa), rustls::SignatureAlgorithm::ECDSA);
    let _: &CertificateDer<'_> = &rsa.chain[0];
}

/// A peer that sends one byte per read, slowly.
struct Trickle {
    input: Cursor<Vec<u8>>,
    pause: std::time::Duration,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        std::thread::sleep(self.pause);
        let one = buf.len().min(1);
        self.input.read(&mut buf[..one])
    }
}

impl Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_slow_peer_meets_the_hello_deadline() {
    let dps = Policy::named("dps-tls12").unwrap();
    let screen = screen(&dps, &[tls::rsa()]).with_hello_deadline(std::time::Duration::from_millis(100));
    let pause = std::time::Duration::from_millis(5);
    let mut slow = Trickle { input: Cursor::new(capture("openssl_default")), pause };
    let started = std::time::Instant::now();
    match screen.accept(&mut slow) {
        Err(tls_policy::rustls::ScreenError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::TimedOut),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // The same bytes at once are accepted: the deadline is what stopped it.
    let mut fast = Pipe { input: Cursor::new(capture("openssl_default")), output: Vec::new() };
    assert!(matches!(screen.accept(&mut fast), Ok(Screened::Accepted { .. })));
}

#[test]
fn an_oversized_hello_is_refused_with_decode_error() {
    // A ClientHello declaring 0xFFFF bytes, sent in full-size records: rustls stops
    // buffering first; the screen decides on what came.
    let mut body = vec![0x01, 0x00, 0xFF, 0xFF];
    body.resize(4 + 0xFFFF, 0);
    let mut bytes = Vec::new();
    for chunk in body.chunks(16_384) {
        let len = u16::try_from(chunk.len()).unwrap().to_be_bytes();
        bytes.extend_from_slice(&[0x16, 0x03, 0x01, len[0], len[1]]);
        bytes.extend_from_slice(chunk);
    }
    let dps = Policy::named("dps-tls12").unwrap();
    let screen = screen(&dps, &[tls::rsa()]);
    let mut pipe = Pipe { input: Cursor::new(bytes), output: Vec::new() };
    match screen.accept(&mut pipe) {
        Ok(Screened::Refused { refusal, .. }) => assert_eq!(refusal.reason, Reason::Malformed),
        other => panic!("{other:?}"),
    }
    assert_eq!(pipe.output, [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 50]);
}

#[test]
fn a_key_that_signs_with_no_policy_scheme_is_an_error() {
    let policy = Policy::builder("p256-only")
        .versions(VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3))
        .suite(C::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
        .suite(C::TLS_AES_128_GCM_SHA256)
        .group(G::secp256r1)
        .signature_schemes([S::ecdsa_secp256r1_sha256])
        .build()
        .unwrap();
    let (chain, key) = tls::p384().parts();
    let err = Realizer::new(&policy).server_config(chain, key).unwrap_err();
    assert!(matches!(err, ConfigError::NoSchemeForKey { key: KeyType::Ecdsa, .. }), "{err}");
    assert!(err.to_string().contains("ecdsa_secp384r1_sha384"), "{err}");
    let (chain, key) = tls::p256().parts();
    assert!(Realizer::new(&policy).server_config(chain, key).is_ok());
    assert!(matches!(Realizer::new(&policy).screen(vec![]).unwrap_err(), ConfigError::NoKeys));
}

#[test]
fn a_client_is_not_held_to_server_settings() {
    // Exact for a client although `missing_groups` is the builder's default (a server
    // setting): strict mode builds it.
    let policy = Policy::builder("client")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        .group(G::x25519)
        .signature_schemes([S::rsa_pss_rsae_sha256, S::rsa_pkcs1_sha256])
        .build()
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(tls::rsa().chain[0].clone()).unwrap();
    let built = Realizer::new(&policy).strict().client_config(roots).unwrap();
    assert!(built.report.is_exact(), "{:?}", built.report.gaps());
    // The server side of the same policy is not exact: rustls needs supported_groups.
    assert!(Realizer::new(&policy).strict().report().is_err());
}

#[test]
fn a_client_report_speaks_of_its_verifier_not_of_held_keys() {
    let dps = Policy::named("dps-tls12").unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(tls::rsa().chain[0].clone()).unwrap();
    let client = Realizer::new(&dps).client_config(roots).unwrap();
    let gaps = client.report.gaps();
    assert!(!gaps.iter().any(|g| matches!(g, Gap::SignatureScheme { .. })), "{gaps:?}");
    assert!(gaps.iter().all(|g| !g.to_string().contains("keys held")), "{gaps:?}");
    // webpki checks neither SHA-1 nor SHA-224 signatures: those are the client's gaps.
    let verifier: Vec<S> = gaps
        .iter()
        .filter_map(|g| match g {
            Gap::VerifierScheme { scheme } => Some(*scheme),
            _ => None,
        })
        .collect();
    assert_eq!(verifier, [S::rsa_pkcs1_sha1, S::ecdsa_sha1, S::rsa_pkcs1_sha224, S::ecdsa_sha224]);
    assert_eq!(gaps.len(), 8); // the four CBC suites and the four schemes
    assert!(client.report.schemes_for_other_keys().is_empty());
}

#[test]
fn a_server_is_not_told_of_schemes_for_keys_it_does_not_hold() {
    let scheme_gaps = |gaps: &[Gap]| gaps.iter().filter(|g| matches!(g, Gap::SignatureScheme { .. })).count();
    let ecdsa = [S::ecdsa_secp256r1_sha256, S::ecdsa_secp384r1_sha384, S::ecdsa_secp521r1_sha512];
    let modern = Policy::named("mozilla-modern").unwrap();

    // RSA only: the ECDSA schemes are not its to sign; only SHA-1 and SHA-224 are gaps.
    let (chain, key) = tls::rsa().parts();
    let rsa = Realizer::new(&modern).server_config(chain, key).unwrap().report;
    assert_eq!(
        rsa.gaps(),
        [Gap::SignatureScheme { scheme: S::rsa_pkcs1_sha1 }, Gap::SignatureScheme { scheme: S::rsa_pkcs1_sha224 }]
    );
    assert!(ecdsa.iter().all(|s| rsa.schemes_for_other_keys().contains(s)));
    assert!(rsa.schemes_for_other_keys().contains(&S::ecdsa_sha1));

    // ECDSA P-256 only: no RSA scheme is a gap; the other curves' schemes still are, since
    // rustls signs with a P-256 key only as ecdsa_secp256r1_sha256.
    let (chain, key) = tls::p256().parts();
    let p256 = Realizer::new(&modern).server_config(chain, key).unwrap().report;
    assert_eq!(scheme_gaps(p256.gaps()), 4, "{:?}", p256.gaps());
    assert!(p256.gaps().contains(&Gap::SignatureScheme { scheme: S::ecdsa_secp384r1_sha384 }));
    assert!(p256.schemes_for_other_keys().contains(&S::rsa_pss_rsae_sha256));
    assert!(
        !p256.gaps().iter().any(|g| matches!(g, Gap::SignatureScheme { scheme } if *scheme == S::rsa_pss_rsae_sha256))
    );

    // Both key types held: every scheme is someone's, so nothing is set aside.
    let both = screen(&modern, &[tls::rsa(), tls::p256()]);
    assert!(both.report().schemes_for_other_keys().is_empty());
    // SHA-1 and SHA-224 for each key type, and the curves neither ECDSA key is on.
    assert_eq!(scheme_gaps(both.report().gaps()), 6, "{:?}", both.report().gaps());
}

#[test]
fn a_resolver_set_by_the_user_is_held_to_the_policys_schemes() {
    let pss_only = Policy::builder("pss-only")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .suite(C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        .group(G::secp256r1)
        .signature_schemes([S::rsa_pss_rsae_sha256])
        .missing_groups(MissingGroups::NoneShared)
        .build()
        .unwrap();
    let p = provider();
    let by_name = || {
        let (chain, key) = tls::rsa().parts();
        let mut sni = rustls::server::ResolvesServerCertUsingSni::new();
        let signing = p.key_provider.load_private_key(key).unwrap();
        sni.add("localhost", rustls::sign::CertifiedKey::new(chain, signing)).unwrap();
        Arc::new(sni)
    };
    // A client that verifies PKCS#1 only: the policy's PSS-only server must refuse it.
    let pkcs1_client = || {
        let verifier = tls::AnyServer::new(&p, vec![rustls::SignatureScheme::RSA_PKCS1_SHA256]);
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(provider()))
            .with_protocol_versions(&[&rustls::version::TLS12])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Arc::new(config)
    };
    let (chain, key) = tls::rsa().parts();
    let mut realized = Realizer::new(&pss_only).server_config(chain, key).unwrap();
    let before = realized.report.clone();
    realized.set_cert_resolver(by_name());
    assert_eq!(realized.report, before);
    assert!(tls::handshake(pkcs1_client(), Arc::new(realized.config.clone())).outcome.is_err());
    // The same resolver put in by hand, unwrapped, signs with PKCS#1: the report would lie.
    realized.config.cert_resolver = by_name();
    assert!(tls::handshake(pkcs1_client(), Arc::new(realized.config)).outcome.is_ok());
}
