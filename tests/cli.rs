//! The `tls-policy` example, run as a user runs it. `cargo test` builds examples before it
//! runs tests, so the binary sits in `target/<profile>/examples/`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn example() -> PathBuf {
    // target/<profile>/deps/cli-<hash> -> target/<profile>/examples/tls-policy
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let path = dir.join("examples").join(format!("tls-policy{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is missing: cargo test builds it", path.display());
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(example()).args(args).output().expect("run the example")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

#[test]
fn no_arguments_prints_the_dps_catalogs() {
    let out = run(&[]);
    assert!(out.status.success());
    let text = stdout(&out);
    for id in ["dps-recommended", "dps-legacy-1", "dps-legacy-2", "dps-ecc", "dps-ecc-legacy"] {
        assert!(text.contains(&format!("{id} (2020-09-14)")), "{id} missing:\n{text}");
    }
    assert!(text.contains("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384"));
}

#[test]
fn catalog_json_is_an_array_of_entries_in_order() {
    let out = run(&["catalog", "dps-legacy-1", "--json"]);
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let rows = rows.as_array().expect("array");
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["0xC014", "0xC013", "0x009D", "0x009C", "0x003D", "0x003C", "0x0035", "0x002F"]);
    let first = &rows[0];
    assert_eq!(first["iana"], "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    assert_eq!(first["openssl"], "ECDHE-RSA-AES256-SHA");
    assert_eq!(first["group"], "secp384r1");
    assert_eq!(first["sha1"], true);
    assert_eq!(first["forward_secrecy"], true);
    assert_eq!(first["aead"], false);
    assert_eq!(first["versions"], serde_json::json!(["TLSv1.0", "TLSv1.1", "TLSv1.2"]));
    assert_eq!(rows[2]["forward_secrecy"], false);
    assert_eq!(rows[2]["group"], serde_json::Value::Null);
}

#[test]
fn suite_by_any_name_gives_one_json_object() {
    for query in ["ECDHE-RSA-AES256-GCM-SHA384", "0xC030", "C030", "0xC0,0x30", "tls_ecdhe_rsa_with_aes_256_gcm_sha384"]
    {
        let out = run(&["suite", query, "--json"]);
        assert!(out.status.success(), "{query}");
        let obj: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        assert_eq!(obj["code"], "0xC030", "{query}");
        assert_eq!(obj["iana"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assert_eq!(obj["versions"], serde_json::json!(["TLSv1.2"]));
        assert_eq!(obj["aead"], true);
    }
    let out = run(&["suite", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256", "--json"]);
    let obj: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!((obj["code"].as_str(), obj["group"].as_str()), (Some("0xC009"), Some("secp256r1")));
    assert_eq!(obj["openssl"], "ECDHE-ECDSA-AES128-SHA");
}

#[test]
fn unknown_names_fail_with_a_suggestion() {
    let out = run(&["suite", "ECDHE-RSA-AES128-GCM-SHA265"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean ECDHE-RSA-AES128-GCM-SHA256?"), "{err}");
    let out = run(&["catalog", "dps-legacy-3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown catalog \"dps-legacy-3\""));
}

#[test]
fn policy_lists_and_shows_named_policies() {
    let out = run(&["policy"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for id in ["dps-tls12", "dps-legacy-security", "dps-legacy-performance", "mozilla-intermediate"] {
        assert!(text.lines().any(|l| l.starts_with(id)), "{id} missing:\n{text}");
    }
    let out = run(&["policy", "dps-legacy-performance", "--json"]);
    assert!(out.status.success());
    let policy: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(policy["versions"], serde_json::json!(["TLSv1.0", "TLSv1.1", "TLSv1.2"]));
    assert_eq!(policy["preference"], "server");
    assert_eq!(policy["groups"], serde_json::json!(["secp256r1", "secp384r1"]));
    let entries = policy["entries"].as_array().unwrap();
    let schannel: Vec<&str> = entries.iter().map(|e| e["schannel"].as_str().unwrap()).collect();
    // Recommended, ECC, legacy option 2, ECC legacy: DESIGN.md §2.
    assert_eq!(schannel.len(), 18);
    assert_eq!(schannel[0], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(schannel[4], "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(schannel[8], "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256");
    assert_eq!(schannel[17], "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256");
    let out = run(&["policy", "dps-tls1.2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean dps-tls12?"));
}
