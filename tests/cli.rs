//! The `tls-policy` example, run as a user runs it. `cargo test` builds examples before it
//! runs tests, so the binary sits in `target/<profile>/examples/`.

#![cfg(all(feature = "aws-lc-rs", feature = "files"))] // the example needs them
#![allow(clippy::unwrap_used)]

#[path = "support/example.rs"]
mod support;
use std::process::{Command, Output};
use support::example;

fn run(args: &[&str]) -> Output {
    Command::new(example()).args(args).output().expect("run the example")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

#[test]
fn no_arguments_checks_the_bundled_devices() {
    let out = run(&[]);
    assert!(out.status.success());
    let text = stdout(&out);
    let row =
        |name: &str| text.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name}:\n{text}")).to_owned();
    let header = text.lines().find(|l| l.starts_with("capture")).unwrap();
    assert!(header.contains("dps-tls12") && header.contains("dps-legacy-security"), "{header}");
    assert!(row("openssl_default.bin").contains("accept TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    assert!(row("openssl_tls1.bin").contains("reject protocol_version (70)"));
    assert!(row("openssl_tls1_1_fallback_scsv.bin").contains("reject inappropriate_fallback (86)"));
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

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

/// `check --json` over the captures folder, run as a process, gives expected.json's verdicts.
#[test]
fn check_json_gives_the_expected_verdicts() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("data/hellos/expected.json")).expect("expected.json");
    for (keys, profile) in [("rsa", "rsa_profile"), ("rsa,ecdsa", "ecc_profile")] {
        let out = run(&["check", "--json", "--policy", "dps-tls12", "--keys", keys, dir]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let rows = json_lines(&out);
        assert_eq!(rows.len(), 49);
        for row in &rows {
            let keys_seen: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
            let mut sorted = keys_seen.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, ["alert", "code", "file", "group", "policy", "reason", "suite", "verdict", "version"]);
            let file = row["file"].as_str().unwrap();
            let name = std::path::Path::new(file).file_stem().unwrap().to_str().unwrap();
            let want = expected["verdicts"].as_array().unwrap().iter().find(|v| v["name"] == name).unwrap();
            let want = &want[profile];
            assert_eq!(row["verdict"], want["verdict"], "{name} {profile}");
            if want["verdict"] == "accept" {
                assert_eq!(row["code"], want["suite"], "{name}");
                assert_eq!(row["suite"], want["suite_name"], "{name}");
                assert_eq!(row["version"], "TLSv1.2");
                assert_eq!(row["alert"], serde_json::Value::Null);
            } else {
                let reason = row["reason"].as_str().unwrap();
                let text = want["reason"].as_str().unwrap();
                let same = match reason {
                    "no_shared_cipher" => text.starts_with("no shared cipher"),
                    other => text.starts_with(other),
                };
                assert!(same, "{name}: {reason} vs {text}");
                assert!(row["alert"].as_u64().is_some());
            }
        }
    }
}

/// Hex dumps read like raw captures; a file that is not a ClientHello is a malformed row and
/// the others still run; a missing file makes the exit status non-zero.
#[test]
fn check_reads_hex_and_reports_malformed_files() {
    let dir = std::env::temp_dir().join(format!("tls-policy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let capture = include_bytes!("data/hellos/openssl_tls1_2.bin");
    let hex: String =
        capture.iter().enumerate().map(|(i, b)| format!("{b:02x}{}", if i % 16 == 15 { "\n" } else { " " })).collect();
    std::fs::write(dir.join("device.hex"), hex).unwrap();
    std::fs::write(dir.join("garbage.bin"), b"GET / HTTP/1.1\r\n\r\n").unwrap();
    std::fs::write(dir.join("notes.txt"), b"ignored").unwrap();
    let out = run(&["check", "--json", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 4, "two files, two default policies");
    let device: Vec<_> = rows.iter().filter(|r| r["file"].as_str().unwrap().ends_with("device.hex")).collect();
    assert_eq!(device[0]["suite"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    let garbage: Vec<_> = rows.iter().filter(|r| r["file"].as_str().unwrap().ends_with("garbage.bin")).collect();
    assert!(garbage.iter().all(|r| r["reason"] == "malformed" && r["alert"] == 50));
    let table = run(&["check", dir.join("garbage.bin").to_str().unwrap()]);
    assert!(stdout(&table).contains("malformed (50): byte 0: record content type 71 is not handshake (22)"));
    let missing = run(&["check", dir.join("missing.bin").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn audit_lists_findings_most_severe_first() {
    let out = run(&["audit", "--policy", "dps-legacy-security", "--against", "nist-800-52r2", "--json"]);
    assert!(out.status.success());
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = findings.as_array().unwrap();
    assert_eq!(findings[0]["check"], "old_versions");
    assert_eq!(findings[0]["severity"], "high");
    let outside = findings.iter().find(|f| f["check"] == "outside_catalog").unwrap();
    assert_eq!(outside["entries"].as_array().unwrap().len(), 6);
    let text = stdout(&run(&["audit", "--policy", "dps-tls12"]));
    assert!(text.starts_with("dps-tls12: 3 findings"), "{text}");
    assert!(!run(&["audit", "--policy", "dps-tls12", "--against", "nist-800-52"]).status.success());
}

#[test]
fn diff_lists_the_devices_that_change_and_a_summary() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");
    let out = run(&["diff", "--from", "dps-legacy-security", "--to", "dps-tls12", data]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.lines().last().unwrap().starts_with("49 devices, 7 lose access, 0 change suite"), "{text}");
    let row = text.lines().find(|l| l.contains("openssl_tls1_1.bin")).unwrap();
    assert!(row.contains("loses_access") && row.contains("reject protocol_version (70)"), "{row}");
    assert!(!text.contains("openssl_default.bin"), "unchanged devices are not listed");
    let out = run(&["diff", "--from", "dps-legacy-security", "--to", "dps-tls12", "--json", data]);
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 50);
    assert_eq!(lines[49]["lose_access"], 7);
}

#[test]
fn config_reports_each_entry_and_strict_mode_lists_every_gap() {
    let out = run(&["config", "--policy", "dps-tls12", "--keys", "rsa", "--json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 8);
    let realized: Vec<&str> =
        entries.iter().filter(|e| e["realized"] == true).map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(realized, ["0xC030", "0xC02F", "0xC02C", "0xC02B"]);
    assert!(entries[2]["why"].as_str().unwrap().contains("CBC"));
    assert_eq!(report["exact"], false);
    let effective: tls_policy::Policy = serde_json::from_value(report["effective"].clone()).unwrap();
    assert_eq!(effective.entries().len(), 4);

    let strict = run(&["config", "--policy", "dps-tls12", "--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    let err = String::from_utf8(strict.stderr).unwrap();
    assert!(err.contains("cannot be enforced exactly by rustls"), "{err}");
    assert!(err.contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: CBC"), "{err}");
}

fn data(path: &str) -> String {
    format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn policy_accepts_templates_files_and_openssl_strings() {
    let arm = format!("arm:{}", data("arm/several.json"));
    let file = data("policies/dps-legacy-security.toml");
    let hello = data("hellos/openssl_tls1.bin");
    let out =
        run(&["check", "--json", "--policy", &arm, "--policy", "openssl:ECDHE+AESGCM", "--policy", &file, &hello]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by = |p: &str| rows.iter().find(|r| r["policy"] == p).unwrap_or_else(|| panic!("{p}: {rows:?}"));
    // Each DPS or IoT Hub resource is one column, named with its policy.
    assert_eq!(by("dps-new (dps-tls12)")["reason"], "protocol_version");
    assert_eq!(by("dps-old (dps-legacy-security)")["verdict"], "accept");
    assert_eq!(by("hub (iot-hub)")["verdict"], "reject");
    assert_eq!(by("openssl:ECDHE+AESGCM")["reason"], "protocol_version");
    assert_eq!(by("dps-legacy-security")["version"], "TLSv1.0");
    assert_eq!(rows.len(), 5);

    // One resource by name; a template with several where one policy is needed.
    let one = run(&["audit", "--policy", &format!("{arm}#dps-old")]);
    assert!(stdout(&one).starts_with("dps-legacy-security: "), "{}", stdout(&one));
    let several = run(&["audit", "--policy", &arm]);
    assert_eq!(several.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&several.stderr).contains("gives 3 policies"));

    // Parameters resolved from the file given.
    let template = format!("arm:{}", data("arm/parameterized.json"));
    let unresolved = run(&["policy", "--from", &template]);
    assert_eq!(unresolved.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unresolved.stderr).contains("unresolved"));
    let resolved =
        run(&["policy", "--from", &template, "--arm-parameters", &data("arm/parameterized.parameters.json")]);
    assert!(resolved.status.success(), "{}", String::from_utf8_lossy(&resolved.stderr));
}

#[test]
fn policy_from_prints_a_policy_file_that_reads_back() {
    for (flag, parse) in [("--json", true), ("--toml", false)] {
        let out = run(&["policy", "--from", "openssl:ECDHE+AESGCM:!SHA1", flag]);
        assert!(out.status.success());
        let text = stdout(&out);
        let policy = if parse {
            tls_policy::Policy::from_json_str(&text).unwrap()
        } else {
            tls_policy::Policy::from_toml_str(&text).unwrap()
        };
        assert_eq!(policy.entries().len(), 7, "{text}");
        assert!(policy.entries().iter().all(|e| e.suite.info().unwrap().is_aead()));
    }
    let out = run(&["policy", "--from", &data("policies/dps-legacy-security.json")]);
    assert!(stdout(&out).starts_with("dps-legacy-security: "));
    let bad = run(&["policy", "--from", "openssl:ECDHE+AESGM"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean AESGCM?"));
}

#[test]
fn sdk_answers_the_tls12_question() {
    let yes = stdout(&run(&["sdk", "c", "LTS_07_2022_Ref01"]));
    assert!(yes.contains("supports TLS 1.2"), "{yes}");
    let no = stdout(&run(&["sdk", "csharp", "1.21.3"]));
    assert!(no.contains("does not support TLS 1.2: it needs 1.21.4 or newer"), "{no}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["sdk", "python", "2.0.0", "--json"]))).unwrap();
    assert_eq!(json["tls12"], true);
    for bad in [["java", "1.x"], ["pyhton", "2.0.0"], ["c", "yesterday"]] {
        let out = run(&["sdk", bad[0], bad[1]]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(bad[0])
                || String::from_utf8_lossy(&out.stderr).contains(bad[1])
        );
    }
}
