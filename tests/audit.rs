//! `Policy::audit` on the DPS policies, entry by entry, and the fleet diff of
//! `dps-legacy-security` to `dps-tls12` over every capture, row by row.

#![allow(clippy::unwrap_used)]

#[path = "support/offers.rs"]
mod offers;

use tls_policy::{
    Catalog, Change, Check, ClientHello, Finding, KeyTypes, Policy, ProtocolVersion, Severity, SignatureScheme,
    SuiteEntry, Transition, VersionSet, Weakness,
};

fn finding(findings: &[Finding], check: Check) -> Option<&Finding> {
    findings.iter().find(|f| f.check == check)
}

/// Entries by their SChannel names, as the DPS documentation prints them.
fn entries(names: &[&str]) -> Vec<SuiteEntry> {
    names.iter().map(|n| n.parse().unwrap()).collect()
}

const TLS12_CBC: [&str; 4] = [
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
];

#[test]
fn dps_tls12() {
    let findings = tls_policy::rustls::audit(&Policy::named("dps-tls12").unwrap());
    let checks: Vec<Check> = findings.iter().map(|f| f.check).collect();
    assert_eq!(
        checks,
        [Check::Suite(Weakness::Cbc), Check::Sha1Signatures, Check::RustlsCannotEnforce],
        "{findings:#?}"
    );
    let cbc = finding(&findings, Check::Suite(Weakness::Cbc)).unwrap();
    assert_eq!((cbc.severity, &cbc.entries), (Severity::Medium, &entries(&TLS12_CBC)));
    let sha1 = finding(&findings, Check::Sha1Signatures).unwrap();
    assert_eq!(sha1.schemes, [SignatureScheme::rsa_pkcs1_sha1, SignatureScheme::ecdsa_sha1]);
    assert_eq!(sha1.severity, Severity::Medium);
    assert!(sha1.explanation.contains("RFC 9155"));
    let rustls = finding(&findings, Check::RustlsCannotEnforce).unwrap();
    assert_eq!((rustls.severity, &rustls.entries), (Severity::Info, &entries(&TLS12_CBC)));
}

fn legacy(id: &str) {
    let policy = Policy::named(id).unwrap();
    let findings = tls_policy::rustls::audit(&policy);
    // Severities never increase down the list.
    assert!(findings.windows(2).all(|w| w[0].severity >= w[1].severity), "{findings:#?}");
    let keep = |names: &[&str]| -> Vec<SuiteEntry> {
        // Expected entries in the policy's order.
        let wanted = entries(names);
        policy.entries().iter().copied().filter(|e| wanted.contains(e)).collect()
    };
    let old = finding(&findings, Check::OldVersions).unwrap();
    assert_eq!(old.severity, Severity::High);
    assert_eq!(old.versions, VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1));
    let sha1_suites = [
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256",
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256",
    ];
    assert_eq!(old.entries, keep(&sha1_suites));
    let static_rsa = [
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_CBC_SHA256",
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
    ];
    let f = finding(&findings, Check::Suite(Weakness::StaticRsa)).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::High, &keep(&static_rsa)));
    let f = finding(&findings, Check::Suite(Weakness::NoForwardSecrecy)).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::Medium, &keep(&static_rsa)));
    let f = finding(&findings, Check::Suite(Weakness::Discouraged)).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::Low, &keep(&static_rsa)));
    let f = finding(&findings, Check::Suite(Weakness::Sha1)).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::Low, &keep(&sha1_suites)));
    let mut cbc: Vec<&str> = TLS12_CBC.to_vec();
    cbc.extend(sha1_suites);
    cbc.extend(["TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"]);
    let f = finding(&findings, Check::Suite(Weakness::Cbc)).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::Medium, &keep(&cbc)));
    assert_eq!(f.entries.len(), 12);
    let constrained: Vec<&str> =
        sha1_suites.iter().copied().filter(|n| n.ends_with("_P256") || n.ends_with("_P384")).collect();
    let f = finding(&findings, Check::GroupConstraint).unwrap();
    assert_eq!((f.severity, &f.entries), (Severity::Info, &keep(&constrained)));
    // rustls enforces the four ECDHE AES-GCM suites only.
    let f = finding(&findings, Check::RustlsCannotEnforce).unwrap();
    assert_eq!(f.entries.len(), policy.entries().len() - 4);
    assert!(
        f.entries
            .iter()
            .all(|e| !e.suite.info().unwrap().is_aead()
                || e.suite.info().unwrap().kx() != tls_policy::KeyExchange::Ecdhe)
    );
    assert!(finding(&findings, Check::Sha1Signatures).is_some());
    // Nothing else: no NULL, export, RC4, 3DES or MD5 in the DPS lists.
    assert_eq!(findings.len(), 9, "{findings:#?}");
}

#[test]
fn dps_legacy_security() {
    legacy("dps-legacy-security");
}

#[test]
fn dps_legacy_performance() {
    legacy("dps-legacy-performance");
}

#[test]
fn compliance_with_a_catalog() {
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let nist = Catalog::get("nist-800-52r2").unwrap();
    let findings = legacy.audit_against(nist);
    let outside = finding(&findings, Check::OutsideCatalog { catalog: "nist-800-52r2" }).unwrap();
    // NIST SP 800-52r2 has no static RSA suite; every other DPS suite is listed.
    assert!(outside.entries.iter().all(|e| e.suite.info().unwrap().kx() == tls_policy::KeyExchange::Rsa));
    assert_eq!(outside.entries.len(), 6);
    let mozilla = Catalog::get("mozilla-intermediate").unwrap();
    let findings = legacy.audit_against(mozilla);
    let versions = finding(&findings, Check::VersionsOutsideCatalog { catalog: "mozilla-intermediate" }).unwrap();
    assert_eq!(versions.versions, VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1));
    let outside = finding(&findings, Check::OutsideCatalog { catalog: "mozilla-intermediate" }).unwrap();
    assert!(outside.entries.iter().all(|e| !mozilla.entries().iter().any(|c| c.entry().suite == e.suite)));
    // A policy made from the catalog is inside it.
    let from_catalog = Policy::named("mozilla-intermediate").unwrap();
    assert!(
        finding(&from_catalog.audit_against(mozilla), Check::OutsideCatalog { catalog: "mozilla-intermediate" })
            .is_none()
    );
}

/// The committed table was reviewed by hand; its `after` column is also checked against
/// `expected.json`, which was written independently of the engine.
#[test]
fn fleet_diff_legacy_to_tls12_row_by_row() {
    let before = Policy::named("dps-legacy-security").unwrap();
    let after = Policy::named("dps-tls12").unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let table = std::fs::read_to_string(format!("{dir}/fleet/dps-legacy-security_to_dps-tls12.tsv")).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/hellos/expected.json")).unwrap()).unwrap();
    let cell = |r: &Result<tls_policy::Agreement, tls_policy::Refusal>| match r {
        Ok(a) => format!("accept {} {}", a.version, a.suite),
        Err(r) => format!("reject {} ({})", r.reason.as_str(), r.alert().number()),
    };
    let mut rows = 0;
    let (mut lose, mut change) = (0, 0);
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, kind, was, will] = cols[..] else { panic!("bad row {line:?}") };
        let bytes = std::fs::read(format!("{dir}/hellos/{file}")).unwrap();
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        let t = Transition::new(&before, &after, &hello.offer(), KeyTypes::RSA);
        assert_eq!(
            (t.change().as_str(), cell(&t.before).as_str(), cell(&t.after).as_str()),
            (kind, was, will),
            "{file}"
        );
        let name = file.trim_end_matches(".bin");
        let verdict = expected["verdicts"].as_array().unwrap().iter().find(|v| v["name"] == name).unwrap();
        assert_eq!(verdict["rsa_profile"]["verdict"] == "accept", t.after.is_ok(), "{file}");
        lose += usize::from(t.change() == Change::LosesAccess);
        change += usize::from(t.change() == Change::ChangesSuite);
        rows += 1;
    }
    assert_eq!(rows, offers::captures().len());
    assert_eq!((lose, change), (7, 0));
}

/// An audit against NIST SP 800-52r2 or BSI TR-02102-2 says, as an info finding, what of the
/// document was not verified; a catalog checked entry by entry against its source says nothing.
#[test]
fn compliance_says_what_of_the_catalog_is_unverified() {
    let policy = Policy::named("dps-tls12").unwrap();
    for id in ["nist-800-52r2", "bsi-tr-02102-2"] {
        let catalog = Catalog::get(id).unwrap();
        let findings = policy.audit_against(catalog);
        let f = finding(&findings, Check::UnverifiedSource { catalog: catalog.id() }).unwrap();
        assert_eq!((f.severity, f.check.as_str()), (Severity::Info, "unverified_source"));
        assert!(f.explanation.contains("not verified against the document"), "{}", f.explanation);
        assert!(f.explanation.contains(catalog.unverified()));
        assert!(f.entries.is_empty());
        // Severities still never increase down the list.
        assert!(findings.windows(2).all(|w| w[0].severity >= w[1].severity), "{findings:#?}");
    }
    for id in ["mozilla-intermediate", "dps-recommended", "iot-hub"] {
        let findings = policy.audit_against(Catalog::get(id).unwrap());
        assert!(findings.iter().all(|f| !matches!(f.check, Check::UnverifiedSource { .. })), "{id}");
    }
}

/// The core audit is pure: whatever features are on, it never names rustls; the adapter's
/// audit is the core one with its own finding added, nothing else changed.
#[test]
fn core_audit_never_names_the_adapter() {
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let core = policy.audit();
        assert!(core.iter().all(|f| f.check != Check::RustlsCannotEnforce), "{id}: {core:#?}");
        let mut adapter = tls_policy::rustls::audit(&policy);
        adapter.retain(|f| f.check != Check::RustlsCannotEnforce);
        assert_eq!(adapter, core, "{id}");
    }
}
