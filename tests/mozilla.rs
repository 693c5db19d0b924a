//! Mozilla's guidelines files (5.0, 5.7, 5.8, 6.0, as published) to policies, checked against
//! the crate's own Mozilla policies where they overlap.

#![cfg(feature = "files")]
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use tls_policy::import::files::FileError;
use tls_policy::import::files::mozilla::{self, Guidelines};
use tls_policy::{CipherSuite, NamedGroup, Policy, Preference, SuiteEntry};

fn load(version: &str) -> Guidelines {
    mozilla::load_guidelines(format!("tests/data/mozilla/{version}.json")).unwrap()
}

fn names(g: &Guidelines) -> Vec<&str> {
    g.configurations.iter().map(|c| c.name.as_str()).collect()
}

/// The parts of a policy that decide handshakes.
fn handshake(p: &Policy) -> impl PartialEq + std::fmt::Debug + '_ {
    (p.versions(), p.entries(), p.groups(), p.preference(), p.missing_groups(), p.signature_schemes())
}

#[test]
fn every_published_layout_reads() {
    for (version, configs) in [
        ("5.0", &["modern", "intermediate", "old"][..]),
        ("5.7", &["modern", "intermediate", "old"]),
        ("5.8", &["modern", "intermediate", "old"]),
        ("6.0", &["modern", "intermediate"]),
    ] {
        let g = load(version);
        assert_eq!(g.version, version, "5.0 has no version key: it comes from href");
        assert_eq!(names(&g), configs);
        for c in &g.configurations {
            assert_eq!(c.policy.id(), format!("mozilla-{}", c.name));
            assert_eq!(c.policy.description(), format!("Mozilla server-side TLS guidelines {version}, {}", c.name));
            // TLS 1.3 suites come first.
            assert_eq!(c.policy.entries()[0].suite, CipherSuite::TLS_AES_128_GCM_SHA256);
            assert_eq!(c.policy.preference() == Preference::Server, c.name == "old");
        }
    }
}

#[test]
fn the_files_match_the_crates_catalogs() {
    // The crate's modern and intermediate come from 6.0, old from 5.8 (the newest edition with
    // an old configuration), old-5.7 from 5.7: equal where they meet.
    let g6 = load("6.0");
    for name in ["modern", "intermediate"] {
        let shipped = Policy::named(&format!("mozilla-{name}")).unwrap();
        assert_eq!(handshake(g6.get(name).unwrap()), handshake(&shipped), "6.0 {name}");
    }
    let old = Policy::named("mozilla-old").unwrap();
    assert_eq!(handshake(load("5.8").get("old").unwrap()), handshake(&old));
    let old57 = Policy::named("mozilla-old-5.7").unwrap();
    assert_eq!(handshake(load("5.7").get("old").unwrap()), handshake(&old57));
}

/// The guidelines' CHANGELOG (`tests/data/mozilla/CHANGELOG.md`, its release headings):
/// edition -> release date.
fn release_dates() -> Vec<(String, String)> {
    include_str!("data/mozilla/CHANGELOG.md")
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .map(|l| {
            let (version, date) = l.split_once("] - ").unwrap();
            // `6.0.0` is edition 6.0, `5.7` is 5.7; `5.7.1` is a release of the site, not an edition.
            (
                version.strip_suffix(".0").filter(|v| v.matches('.').count() == 1).unwrap_or(version).to_owned(),
                date.to_owned(),
            )
        })
        .collect()
}

#[test]
fn catalogs_are_dated_by_the_changelog_and_old_follows_5_8() {
    let dates = release_dates();
    let date = |v: &str| dates.iter().find(|(e, _)| e == v).map(|(_, d)| d.as_str()).unwrap();
    // 6.0 and 5.8 came out together, not on the 6.0 commit's author date (2025-03-04).
    assert_eq!((date("6.0"), date("5.8"), date("5.7")), ("2026-04-06", "2026-04-06", "2023-05-15"));
    for (id, edition) in
        [("mozilla-modern", "6.0"), ("mozilla-intermediate", "6.0"), ("mozilla-old", "5.8"), ("mozilla-old-5.7", "5.7")]
    {
        let c = tls_policy::Catalog::get(id).unwrap();
        assert_eq!(c.date(), date(edition), "{id}");
        assert!(c.title().contains(&format!("guidelines {edition},")), "{id}: {}", c.title());
        assert!(c.source().contains(&format!("guidelines/{edition}.json")), "{id}: {}", c.source());
        let p = Policy::named(id).unwrap();
        assert!(p.description().contains(date(edition)) && p.description().contains("Mozilla guidelines"), "{id}");
    }
    // 5.8 old, as the file has it: 24 suites, none of 5.7's five TLS_DHE_RSA ones,
    // dh_param_size 2048, X25519MLKEM768 first; 6.0 has no old configuration.
    let file: serde_json::Value = serde_json::from_str(include_str!("data/mozilla/5.8.json")).unwrap();
    assert_eq!(file["configurations"]["old"]["dh_param_size"], 2048);
    let old = Policy::named("mozilla-old").unwrap();
    assert_eq!(old.entries().len(), 24);
    assert!(old.entries().iter().all(|e| e.suite.info().unwrap().kx() != tls_policy::KeyExchange::Dhe));
    assert_eq!(old.groups()[0], NamedGroup::X25519MLKEM768);
    let old57 = Policy::named("mozilla-old-5.7").unwrap();
    let dhe = old57.entries().iter().filter(|e| e.suite.info().unwrap().kx() == tls_policy::KeyExchange::Dhe).count();
    assert_eq!((old57.entries().len(), dhe), (29, 5));
    assert!(load("6.0").get("old").is_none());
    assert!(!tls_policy::Catalog::get("mozilla-old").unwrap().remarks().contains("last edition"));
}

#[test]
fn where_editions_differ() {
    let (g57, g58, g6) = (load("5.7"), load("5.8"), load("6.0"));
    let dhe = [
        CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];
    // 5.7 intermediate still had the three DHE suites; 5.8 and 6.0 dropped them.
    let i57 = g57.get("intermediate").unwrap();
    let i6 = g6.get("intermediate").unwrap();
    assert!(dhe.iter().all(|s| i57.entries().contains(&SuiteEntry::new(*s))));
    assert!(dhe.iter().all(|s| !i6.entries().contains(&SuiteEntry::new(*s))));
    assert_eq!(i57.entries().len(), i6.entries().len() + 3);
    // 5.8 added the X25519MLKEM768 hybrid group in front of the curves.
    assert_eq!(g57.get("modern").unwrap().groups()[0], NamedGroup::x25519);
    assert_eq!(g58.get("modern").unwrap().groups()[0], NamedGroup::X25519MLKEM768);
    // 5.8 old dropped the five DHE suites of 5.7 old.
    let (o57, o58) = (g57.get("old").unwrap(), g58.get("old").unwrap());
    let dropped: Vec<&SuiteEntry> = o57.entries().iter().filter(|e| !o58.entries().contains(e)).collect();
    assert_eq!(dropped.len(), 5);
    assert!(dropped.iter().all(|e| e.suite.info().unwrap().kx() == tls_policy::KeyExchange::Dhe), "{dropped:?}");
    assert!(o58.entries().iter().all(|e| o57.entries().contains(e)));
    // 5.0 named its lists after OpenSSL only; they map to the same suites 5.7 names by IANA,
    // except that 5.7 intermediate added DHE-RSA-CHACHA20-POLY1305.
    let i50 = load("5.0").get("intermediate").unwrap().clone();
    let missing: Vec<&SuiteEntry> = i57.entries().iter().filter(|e| !i50.entries().contains(e)).collect();
    assert_eq!(missing, [&SuiteEntry::new(CipherSuite::TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256)]);
}

#[test]
fn openssl_and_iana_lists_agree() {
    // Each file gives the TLS 1.2 ciphers twice; the reader takes `iana`, and `openssl` names
    // the same suites, in the same order but for one swap in 5.7 intermediate, where `iana`
    // lists DHE AES-256-GCM before AES-128-GCM (harmless: its order is the client's).
    for version in ["5.7", "5.8", "6.0"] {
        let text = std::fs::read_to_string(format!("tests/data/mozilla/{version}.json")).unwrap();
        let by_iana = mozilla::read_guidelines(&text).unwrap();
        let by_openssl = mozilla::read_guidelines(&text.replace("\"iana\":", "\"iana_removed\":")).unwrap();
        for (a, b) in by_iana.configurations.iter().zip(&by_openssl.configurations) {
            let (mut x, y) = (a.policy.entries().to_vec(), b.policy.entries().to_vec());
            if (version, a.name.as_str()) == ("5.7", "intermediate") {
                let at = |v: &[SuiteEntry], s| v.iter().position(|e| e.suite == s).unwrap();
                let (i, j) = (
                    at(&x, CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256),
                    at(&x, CipherSuite::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384),
                );
                assert_eq!(i, j + 1, "the swap");
                x.swap(i, j);
            }
            assert_eq!(x, y, "{version} {}", a.name);
        }
    }
}

#[test]
fn bad_guidelines_are_typed_errors() {
    let err = mozilla::read_guidelines(r#"{"version": 6.0, "configurations": {}}"#).unwrap_err();
    assert!(matches!(err, FileError::NoConfigurations { .. }), "{err}");
    let err = mozilla::read_guidelines(r#"{"version": 6.0}"#).unwrap_err();
    assert!(matches!(err, FileError::MissingKey { key: "configurations", .. }), "{err}");
    let bad_cipher = r#"{"configurations": {"x": {"tls_versions": ["TLSv1.2"], "ciphers": {"iana": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265"]}, "tls_curves": ["X25519"]}}}"#;
    let err = mozilla::read_guidelines(bad_cipher).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 77: configurations.x.ciphers.iana[0]: unknown cipher suite \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265\" \
         (did you mean TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256?)"
    );
    let no_curve = r#"{"configurations": {"x": {"tls_versions": ["TLSv1.2"], "ciphers": {"openssl": ["ECDHE-RSA-AES128-GCM-SHA256"]}}}}"#;
    let err = mozilla::read_guidelines(no_curve).unwrap_err();
    assert!(matches!(err, FileError::InvalidPolicy { .. }), "{err}");
    assert_eq!(err.location().unwrap().column, 80);
    let err = mozilla::read_guidelines(r#"{"configurations": {"x": {"tls_versions": ["TLSv1.2"], "ciphers": {}}}}"#)
        .unwrap_err();
    assert!(matches!(err, FileError::MissingKey { key: "iana", .. }), "{err}");
    let err = mozilla::read_guidelines(r#"{"configurations": {"x": {"tls_versions": "TLSv1.2"}}}"#).unwrap_err();
    assert!(matches!(err, FileError::WrongType { .. }), "{err}");
    assert!(matches!(mozilla::read_guidelines("{"), Err(FileError::Syntax { .. })));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_text_panics(text in any::<String>()) {
        let _ = mozilla::read_guidelines(&text);
    }

    #[test]
    fn no_damaged_file_panics(at in any::<prop::sample::Index>(), len in 0usize..12, put in "[\\[\\]{}\",:a-zA-Z0-9_. \n-]{0,4}") {
        let text = include_str!("data/mozilla/5.7.json");
        let mut chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len());
        chars.splice(i..(i + len).min(chars.len()), put.chars());
        let _ = mozilla::read_guidelines(&chars.into_iter().collect::<String>());
    }
}
