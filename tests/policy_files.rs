//! Policy files: the documented JSON and TOML format, lossless round trips, and errors that
//! name the line, column and value at fault.

#![cfg(feature = "files")]
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use tls_policy::import::files::{self, FileError, Format};
use tls_policy::{
    CipherSuite, MissingGroups, NamedGroup, ParseError, Policy, PolicyError, Preference, ProtocolVersion, Severity,
    SignatureScheme, SuiteEntry, VersionSet,
};

const SUITE_POOL: &[u16] = &[
    0xC030, 0xC02F, 0xC028, 0xC027, 0xC02C, 0xC02B, 0xC024, 0xC023, 0xC014, 0xC013, 0xC00A, 0xC009, 0x009D, 0x009C,
    0x003D, 0x003C, 0x0035, 0x002F, 0x000A, 0xCCA8, 0xCCA9, 0x009E, 0x009F, 0x0033, 0x0039, 0x1301, 0x1302, 0x1303,
];
const GROUP_POOL: &[u16] = &[0x0017, 0x0018, 0x0019, 0x001D, 0x001E, 0x0100, 0x0101, 0x11EC];
/// Schemes an RSA or ECDSA key can sign with.
const SCHEME_POOL: &[u16] = &[0x0401, 0x0501, 0x0601, 0x0201, 0x0804, 0x0805, 0x0403, 0x0503, 0x0603, 0x0203];

fn dedup<T: PartialEq>(mut v: Vec<T>) -> Vec<T> {
    let mut out = Vec::new();
    for x in v.drain(..) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// Valid policies with every setting varied, and ids and descriptions of any text.
fn policies() -> impl Strategy<Value = Policy> {
    (
        (1u8..=4, 1u8..=4),
        prop::collection::vec((prop::sample::select(SUITE_POOL), prop::option::weighted(0.3, 0usize..3)), 1..16),
        prop::collection::vec(prop::sample::select(GROUP_POOL), 0..5),
        prop::option::weighted(0.4, prop::collection::vec(prop::sample::select(SCHEME_POOL), 1..6)),
        (any::<bool>(), any::<bool>()),
        (
            any::<String>(),
            prop_oneof![Just(String::new()), any::<String>(), Just("line\n\"quoted\" \\ 'x' ''' \t".into())],
        ),
    )
        .prop_filter_map("builds", |((a, b), entries, groups, schemes, (client, strict), (id, description))| {
            let versions = VersionSet::between(
                ProtocolVersion::from_rank(a.min(b)).unwrap(),
                ProtocolVersion::from_rank(a.max(b)).unwrap(),
            );
            let constraint = [NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::x25519];
            let mut entries: Vec<SuiteEntry> = entries
                .into_iter()
                .map(|(code, g)| {
                    let suite = CipherSuite::from(code);
                    let ec = suite.info().unwrap().kx().is_elliptic_curve();
                    SuiteEntry { suite, group: g.filter(|_| ec).map(|i| constraint[i]) }
                })
                .filter(|e| !e.suite.info().unwrap().versions().intersect(versions).is_empty())
                .collect();
            for (v, filler) in [
                (ProtocolVersion::TLSv1_3, 0x1301),
                (ProtocolVersion::TLSv1_2, 0xC02F),
                (ProtocolVersion::TLSv1_0, 0xC013),
            ] {
                if versions.contains(v) {
                    entries.push(SuiteEntry::new(CipherSuite::from(filler)));
                }
            }
            let mut groups: Vec<NamedGroup> = groups.into_iter().map(NamedGroup::from).collect();
            groups.extend([NamedGroup::secp256r1, NamedGroup::x25519]);
            groups.extend(entries.iter().filter_map(|e| e.group));
            let mut builder = Policy::builder(id)
                .description(description)
                .versions(versions)
                .entries(dedup(entries))
                .groups(dedup(groups))
                .preference(if client { Preference::Client } else { Preference::Server })
                .missing_groups(if strict { MissingGroups::NoneShared } else { MissingGroups::Any });
            if let Some(s) = schemes {
                builder = builder.signature_schemes(dedup(s).into_iter().map(SignatureScheme::from));
            }
            builder.build().ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, max_global_rejects: 100_000, ..ProptestConfig::default() })]

    /// The seed's "minTlsVersion survives failover", for any policy and both formats.
    #[test]
    fn any_policy_survives_json_and_toml(policy in policies()) {
        let json = policy.to_json_string();
        prop_assert_eq!(&Policy::from_json_str(&json).unwrap(), &policy);
        let toml = policy.to_toml_string();
        prop_assert_eq!(&Policy::from_toml_str(&toml).unwrap(), &policy);
        // serde's own path reads the same text.
        prop_assert_eq!(&serde_json::from_str::<Policy>(&json).unwrap(), &policy);
    }

    /// No text makes a reader panic.
    #[test]
    fn no_text_panics(text in any::<String>()) {
        let _ = Policy::from_json_str(&text);
        let _ = Policy::from_toml_str(&text);
    }

    /// Nor does a valid file with a piece cut out or a character put in.
    #[test]
    fn no_damaged_file_panics(policy in policies(), at in any::<prop::sample::Index>(), len in 0usize..8, c in any::<char>()) {
        for text in [policy.to_json_string(), policy.to_toml_string()] {
            let mut chars: Vec<char> = text.chars().collect();
            let i = at.index(chars.len());
            chars.splice(i..(i + len).min(chars.len()), [c]);
            let damaged: String = chars.into_iter().collect();
            let _ = Policy::from_json_str(&damaged);
            let _ = Policy::from_toml_str(&damaged);
        }
    }
}

#[test]
fn named_policies_round_trip_and_the_format_is_stable() {
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        assert_eq!(Policy::from_json_str(&policy.to_json_string()).unwrap(), policy, "{id}");
        assert_eq!(Policy::from_toml_str(&policy.to_toml_string()).unwrap(), policy, "{id}");
    }
    // The committed files are what the writer gives: a change to the format shows here.
    let dps = Policy::named("dps-legacy-security").unwrap();
    assert_eq!(dps.to_json_string(), include_str!("data/policies/dps-legacy-security.json").trim_end());
    assert_eq!(dps.to_toml_string(), include_str!("data/policies/dps-legacy-security.toml"));
    assert_eq!(files::load_policy("tests/data/policies/dps-legacy-security.toml").unwrap(), dps);
    assert_eq!(files::load_policy("tests/data/policies/dps-legacy-security.json").unwrap(), dps);
}

#[test]
fn written_files_leave_out_defaults() {
    // A file's defaults are left out when written, and read back the same.
    let minimal = Policy::from_toml_str(MINIMAL_TOML).unwrap();
    let json = minimal.to_json_string();
    assert!(!json.contains("signature_schemes") && !json.contains("description"), "{json}");
    assert_eq!(Policy::from_json_str(&json).unwrap(), minimal);
    // Groups are always written, so a file says which it has.
    assert!(json.contains("\"groups\": [\n    \"x25519\",\n    \"secp256r1\",\n    \"secp384r1\"\n  ]"), "{json}");
    // What differs from a file's default is written: the builder's own default schemes (SHA-1
    // included, as the DPS policies have them) and any other choice.
    let dps = Policy::named("dps-tls12").unwrap();
    assert!(dps.to_json_string().contains("\"rsa_pkcs1_sha1\""));
    assert_eq!(Policy::from_json_str(&dps.to_json_string()).unwrap(), dps);
    let custom =
        dps.to_builder().description("").signature_schemes([SignatureScheme::rsa_pss_rsae_sha256]).build().unwrap();
    let json = custom.to_json_string();
    assert!(json.contains("\"signature_schemes\": [\n    \"rsa_pss_rsae_sha256\"\n  ]"), "{json}");
    assert!(!json.contains("description"));
    assert_eq!(Policy::from_json_str(&json).unwrap(), custom);
}

/// A policy file with versions and suites only, as a new user writes one.
const MINIMAL_TOML: &str = r#"
id = "minimal"
versions = ["TLSv1.2", "TLSv1.3"]
entries = ["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"]
"#;

#[test]
fn a_minimal_file_gets_the_recommended_groups_and_schemes() {
    let json = r#"{"id": "minimal", "versions": ["TLSv1.2", "TLSv1.3"],
        "entries": ["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"]}"#;
    let from_toml = Policy::from_toml_str(MINIMAL_TOML).unwrap_or_else(|e| panic!("{e}"));
    let from_json = Policy::from_json_str(json).unwrap();
    // serde's own path reads the format the same way.
    let from_serde: Policy = serde_json::from_str(json).unwrap();
    for policy in [&from_toml, &from_json, &from_serde] {
        assert_eq!(policy.groups(), [NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1]);
        assert_eq!(policy.groups(), Policy::recommended_groups());
        assert_eq!(policy.signature_schemes(), Policy::recommended_signature_schemes());
        // RFC 8446 §9.1's mandatory schemes are in; SHA-1 (RFC 9155) and SHA-224 are not.
        for s in [
            SignatureScheme::rsa_pkcs1_sha256,
            SignatureScheme::rsa_pss_rsae_sha256,
            SignatureScheme::ecdsa_secp256r1_sha256,
        ] {
            assert!(policy.signature_schemes().contains(&s), "{s}");
        }
        for s in [
            SignatureScheme::rsa_pkcs1_sha1,
            SignatureScheme::ecdsa_sha1,
            SignatureScheme::rsa_pkcs1_sha224,
            SignatureScheme::ecdsa_sha224,
        ] {
            assert!(!policy.signature_schemes().contains(&s), "{s}");
        }
        // The crate's own audit finds nothing of medium severity or worse in it.
        let serious: Vec<String> =
            policy.audit().iter().filter(|f| f.severity >= Severity::Medium).map(|f| f.to_string()).collect();
        assert!(serious.is_empty(), "{serious:?}");
    }
    assert_eq!(from_toml, from_json);
    assert_eq!(from_json, from_serde);
}

#[test]
fn an_empty_list_is_not_a_default() {
    // Static RSA needs no group: `groups = []` says so, and stays empty through a round trip.
    let toml = "id = 'rsa'\nversions = ['TLSv1.2']\nentries = ['AES128-GCM-SHA256']\ngroups = []\n";
    let policy = Policy::from_toml_str(toml).unwrap();
    assert!(policy.groups().is_empty());
    assert_eq!(Policy::from_toml_str(&policy.to_toml_string()).unwrap(), policy);
    assert_eq!(serde_json::from_str::<Policy>(&policy.to_json_string()).unwrap(), policy);
    // So does an empty list of schemes (a server that signs nothing: static RSA in TLS 1.2).
    let unsigned = Policy::from_toml_str(&format!("{toml}signature_schemes = []\n")).unwrap();
    assert!(unsigned.signature_schemes().is_empty());
    assert_eq!(Policy::from_json_str(&unsigned.to_json_string()).unwrap(), unsigned);
}

/// thiserror's rule: an error shows its cause in its message or returns it from `source()`,
/// never both, or a reporter that prints the chain (anyhow) prints the cause twice.
/// `FileError` shows it, so the whole chain holds each message once.
#[test]
fn file_errors_print_their_cause_once() {
    fn chain(err: &dyn std::error::Error) -> String {
        let mut text = err.to_string();
        let mut next = err.source();
        while let Some(cause) = next {
            text = format!("{text}: {cause}");
            next = cause.source();
        }
        text
    }
    let bad_name = Policy::from_toml_str("id = 'x'\nversions = ['TLSv1.2']\nentries = ['ECDHE-RSA-AES128-GCM-SHA265']")
        .unwrap_err();
    let invalid =
        Policy::from_toml_str("id = 'x'\nversions = ['TLSv1.2']\nentries = ['0xC02F']\ngroups = []").unwrap_err();
    let io = files::load_policy("tests/data/policies/no-such-file.toml").unwrap_err();
    let cases: [(&FileError, String); 3] = [
        (
            &bad_name,
            match &bad_name {
                FileError::BadName { error, .. } => error.to_string(),
                other => panic!("{other}"),
            },
        ),
        (
            &invalid,
            match &invalid {
                FileError::InvalidPolicy { error, .. } => error.to_string(),
                other => panic!("{other}"),
            },
        ),
        (
            &io,
            match &io {
                FileError::Io { error, .. } => error.to_string(),
                other => panic!("{other}"),
            },
        ),
    ];
    for (err, cause) in cases {
        let text = chain(err);
        assert_eq!(text.matches(cause.as_str()).count(), 1, "{text}");
        assert!(err.to_string().ends_with(&cause), "the message shows its cause: {err}");
        assert!(std::error::Error::source(err).is_none(), "{err}");
    }
}

#[test]
fn entries_by_every_name() {
    let toml = r#"
id = "every-form"
versions = ["TLS 1.0", "tls1.1", "1.2"]
entries = [
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",      # IANA
    "ecdhe-rsa-aes128-gcm-sha256",                # OpenSSL, any case
    "0xC028",                                     # code
    "0xC0,0x27",                                  # code as two bytes
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384",    # SChannel with a curve
    "0xC013+secp256r1",                           # code with a group
    { suite = "TLS_RSA_WITH_AES_128_CBC_SHA" },
    { suite = "ECDHE-ECDSA-AES128-SHA", group = "P-256" },
]
groups = ["prime256v1", "0x0018"]
preference = "client"
missing_groups = "none-shared"
"#;
    let p = Policy::from_toml_str(toml).unwrap();
    let s = |c: u16| CipherSuite::from(c);
    assert_eq!(
        p.entries(),
        [
            SuiteEntry::new(s(0xC030)),
            SuiteEntry::new(s(0xC02F)),
            SuiteEntry::new(s(0xC028)),
            SuiteEntry::new(s(0xC027)),
            SuiteEntry::with_group(s(0xC014), NamedGroup::secp384r1),
            SuiteEntry::with_group(s(0xC013), NamedGroup::secp256r1),
            SuiteEntry::new(s(0x002F)),
            SuiteEntry::with_group(s(0xC009), NamedGroup::secp256r1),
        ]
    );
    assert_eq!(p.groups(), [NamedGroup::secp256r1, NamedGroup::secp384r1]);
    assert_eq!((p.preference(), p.missing_groups()), (Preference::Client, MissingGroups::NoneShared));
    assert_eq!(p.versions(), VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2));
    // The same policy in JSON.
    let json = p.to_json_string();
    assert!(json.contains("\"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256\""), "{json}");
    assert_eq!(Policy::from_json_str(&json).unwrap(), p);
}

/// The line and column of an error, and its text.
fn at(err: &FileError) -> (usize, usize) {
    let l = err.location().unwrap();
    (l.line, l.column)
}

const GOOD_JSON: &str = r#"{
  "id": "gcm",
  "versions": ["TLSv1.2"],
  "entries": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
  "groups": ["x25519"]
}"#;

#[test]
fn unknown_keys_suggest_the_nearest() {
    let text = GOOD_JSON.replace("\"groups\"", "\"group\"");
    let err = Policy::from_json_str(&text).unwrap_err();
    assert!(matches!(&err, FileError::UnknownKey { key, suggestion: Some("groups"), .. } if key == "group"), "{err}");
    assert_eq!(at(&err), (5, 3));
    assert_eq!(err.to_string(), "line 5, column 3: unknown key \"group\" in the policy (did you mean groups?)");

    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2']\nentries = ['0xC02F']\nmissing-groups = 'any'\n")
        .unwrap_err();
    assert!(matches!(&err, FileError::UnknownKey { suggestion: Some("missing_groups"), .. }), "{err}");
    assert_eq!(at(&err), (4, 1));

    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2']\nentries = [{ suite = '0xC02F', grup = 'x25519' }]")
        .unwrap_err();
    assert!(
        matches!(&err, FileError::UnknownKey { within, suggestion: Some("group"), .. } if within == "entries[0]"),
        "{err}"
    );
    assert_eq!(at(&err), (3, 32));

    let err = Policy::from_json_str(r#"{"id": "x", "colour": 1}"#).unwrap_err();
    assert!(matches!(&err, FileError::UnknownKey { suggestion: None, .. }), "{err}");
}

#[test]
fn bad_names_quote_the_value_and_suggest() {
    let text = GOOD_JSON.replace("GCM_SHA256", "GCM_SHA265");
    let err = Policy::from_json_str(&text).unwrap_err();
    let FileError::BadName { key, error: ParseError::Unknown { input, suggestion, .. }, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((key.as_str(), input.as_str()), ("entries[0]", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265"));
    assert_eq!(*suggestion, Some("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    assert_eq!(at(&err), (4, 15));

    let err = Policy::from_json_str(&GOOD_JSON.replace("x25519", "x25591")).unwrap_err();
    assert!(err.to_string().ends_with("groups[0]: unknown named group \"x25591\" (did you mean x25519?)"), "{err}");
    assert_eq!(at(&err), (5, 14));

    let err = Policy::from_json_str(&GOOD_JSON.replace("TLSv1.2", "TLSv1.4")).unwrap_err();
    assert!(err.to_string().contains("versions[0]: unknown protocol version \"TLSv1.4\""), "{err}");
    let err = Policy::from_json_str(&GOOD_JSON.replace("TLSv1.2", "0x7F1C")).unwrap_err();
    assert!(err.to_string().contains("versions[0]: unknown protocol version \"0x7F1C\""), "{err}");

    let err =
        Policy::from_json_str(&GOOD_JSON.replace("\"id\": \"gcm\"", "\"id\": \"gcm\", \"preference\": \"sever\""))
            .unwrap_err();
    assert!(matches!(&err, FileError::BadChoice { value, suggestion: Some("server"), .. } if value == "sever"));
    assert_eq!(
        err.to_string(),
        "line 2, column 30: preference: \"sever\" is not one of server, client (did you mean server?)"
    );

    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2']\nentries = ['0xC0']").unwrap_err();
    assert!(matches!(&err, FileError::BadName { error: ParseError::BadHex { .. }, .. }), "{err}");
}

#[test]
fn wrong_kinds_missing_and_duplicate_keys() {
    let err = Policy::from_json_str(&GOOD_JSON.replace("[\"x25519\"]", "\"x25519\"")).unwrap_err();
    assert!(matches!(&err, FileError::WrongType { expected: "a list", found: "a string", .. }), "{err}");
    assert_eq!(err.to_string(), "line 5, column 13: groups: expected a list, found a string \"x25519\"");

    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2']\nentries = [49199]").unwrap_err();
    assert!(
        err.to_string().contains(
            "entries[0]: expected a suite name or code, or a table with suite and group, found a number 49199"
        ),
        "{err}"
    );

    let err = Policy::from_json_str(r#"{"id": "x", "entries": ["0xC02F"]}"#).unwrap_err();
    assert!(matches!(&err, FileError::MissingKey { key: "versions", .. }), "{err}");
    assert_eq!(err.to_string(), "line 1, column 1: the policy lacks the required key \"versions\"");

    let err = Policy::from_json_str(r#"{"id": "x", "id": "y"}"#).unwrap_err();
    assert!(matches!(&err, FileError::DuplicateKey { .. }), "{err}");
    assert_eq!(at(&err), (1, 13));

    let err = Policy::from_json_str("[1, 2]").unwrap_err();
    assert!(matches!(&err, FileError::WrongType { found: "an array", .. }), "{err}");
}

#[test]
fn invalid_policies_point_at_the_culprit() {
    // An ECDHE suite and no elliptic curve: the entry is at fault.
    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2']\nentries = ['0xC02F']\ngroups = ['ffdhe2048']")
        .unwrap_err();
    assert!(matches!(&err, FileError::InvalidPolicy { error: PolicyError::NoGroupFor { .. }, .. }), "{err}");
    assert_eq!(at(&err), (3, 12));
    // TLS 1.3 allowed but no TLS 1.3 suite: the versions are.
    let err = Policy::from_json_str(&GOOD_JSON.replace("[\"TLSv1.2\"]", "[\"TLSv1.2\", \"TLSv1.3\"]")).unwrap_err();
    assert!(matches!(&err, FileError::InvalidPolicy { error: PolicyError::VersionWithoutSuites { .. }, .. }));
    assert_eq!(at(&err), (3, 15));
    assert!(
        err.to_string().ends_with("the policy allows TLSv1.3, but none of its suites is valid in TLSv1.3"),
        "{err}"
    );
    // A duplicate group: the second one.
    let err = Policy::from_json_str(&GOOD_JSON.replace("[\"x25519\"]", "[\"x25519\", \"X25519\"]")).unwrap_err();
    assert_eq!(at(&err), (5, 24));
}

#[test]
fn malformed_text_is_located_and_quoted() {
    let err = Policy::from_json_str(&GOOD_JSON.replace("\"groups\"", "groups")).unwrap_err();
    let FileError::Syntax { format: Format::Json, message, near, .. } = &err else { panic!("{err:?}") };
    assert_eq!(message, "expected a key in double quotes, found 'g'");
    assert_eq!(near, "groups: [\"x25519\"]");
    assert_eq!(at(&err), (5, 3));
    // Policy files are plain JSON: no trailing commas.
    let err = Policy::from_json_str(&GOOD_JSON.replace("[\"x25519\"]", "[\"x25519\"],")).unwrap_err();
    assert!(matches!(err, FileError::Syntax { .. }));
    assert_eq!(at(&err), (6, 1));

    let err = Policy::from_toml_str("id = 'x'\nversions = ['1.2'\nentries = []").unwrap_err();
    assert!(matches!(&err, FileError::Syntax { format: Format::Toml, .. }), "{err}");
    assert_eq!(at(&err).0, 3);
    let err = Policy::from_toml_str("id = 'x'\nid = 'y'").unwrap_err();
    assert!(matches!(&err, FileError::Syntax { format: Format::Toml, .. }), "{err}");
    assert_eq!(at(&err), (2, 1));
    assert_eq!(
        Policy::from_json_str("").unwrap_err().to_string(),
        "line 1, column 1: malformed JSON: expected a value, found the end of the text (at \"\")"
    );
}

#[test]
fn files_are_named_in_errors() {
    let dir = std::env::temp_dir().join(format!("tls-policy-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "id = 'x'\nversions = ['1.2']\nentries = ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265']\n")
        .unwrap();
    let err = files::load_policy(&path).unwrap_err();
    assert_eq!(err.location().unwrap().file.as_deref(), Some(path.as_path()));
    assert!(
        err.to_string().starts_with(&format!("{}:3:12: entries[0]: unknown cipher suite", path.display())),
        "{err}"
    );

    let json = dir.join("good.JSON");
    std::fs::write(&json, GOOD_JSON).unwrap();
    assert_eq!(files::load_policy(&json).unwrap().id(), "gcm");

    let yaml = dir.join("policy.yaml");
    assert!(matches!(files::load_policy(&yaml), Err(FileError::UnknownFormat { .. })));
    let missing = dir.join("missing.json");
    let err = files::load_policy(&missing).unwrap_err();
    assert!(matches!(err, FileError::Io { .. }));
    assert!(err.to_string().starts_with(&missing.display().to_string()), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn write_and_read_by_format() {
    let p = Policy::named("iot-hub").unwrap();
    for format in [Format::Json, Format::Toml] {
        assert_eq!(files::read_policy(&files::write_policy(&p, format), format).unwrap(), p);
    }
}

/// A huge name in a policy file is quoted briefly: the error names its start and its length,
/// not 20 MB of it (issue 11, point 7). Before, `ParseError` quoted the input whole.
#[test]
fn a_huge_name_is_quoted_briefly() {
    let name = format!("TLS_{}", "X".repeat(20_000_000));
    let json = format!(r#"{{"id": "huge", "versions": ["TLSv1.2"], "entries": ["{name}"]}}"#);
    let message = Policy::from_json_str(&json).unwrap_err().to_string();
    assert!(message.len() < 400, "{} bytes: {}", message.len(), &message[..400.min(message.len())]);
    assert!(message.contains("\"TLS_XXXX"), "{message}");
    assert!(message.contains("20000004 bytes"), "{message}");

    // The same for every parser of the model, and a short input is still quoted whole.
    let err = name.parse::<CipherSuite>().unwrap_err();
    assert!(err.to_string().len() < 200, "{err}");
    assert!(matches!(&err, ParseError::Unknown { input, .. } if input.len() == name.len()));
    assert_eq!(
        "0xZZ".parse::<NamedGroup>().unwrap_err().to_string(),
        "malformed named group code \"0xZZ\": expected four hex digits after 0x, such as 0x0303 or 0xC02F"
    );
}
