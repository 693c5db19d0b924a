//! The `tls-policy` binary, run as a user runs it. `cargo test` builds the package's binaries
//! before its integration tests and names each in `CARGO_BIN_EXE_<name>`.

#![cfg(feature = "cli")] // the binary is built with it
#![allow(clippy::unwrap_used)]

#[path = "support/binary.rs"]
mod support;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::binary;

fn run(args: &[&str]) -> Output {
    Command::new(binary()).args(args).output().expect("run the binary")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh folder for one test, removed by the test at its end.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tls-policy-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits for a child at most `limit`; past it the child is killed (by its handle, so by its
/// pid) and the test fails.
fn wait_bounded(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("{what} still ran after {limit:?}; stderr: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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
    let schannel: Vec<&str> = entries.iter().map(|e| e.as_str().unwrap()).collect();
    // Recommended, ECC, legacy option 2, ECC legacy: DESIGN.md §2.
    assert_eq!(schannel.len(), 18);
    assert_eq!(schannel[0], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(schannel[4], "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(schannel[8], "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256");
    assert_eq!(schannel[17], "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256");
    // One shape: what the library writes, with or without --from, alone or in the list.
    let named = tls_policy::Policy::named("dps-legacy-performance").unwrap();
    assert_eq!(stdout(&out).trim_end(), named.to_json_string());
    assert_eq!(tls_policy::Policy::from_json_str(&stdout(&out)).unwrap(), named);
    let list: serde_json::Value = serde_json::from_str(&stdout(&run(&["policy", "--json"]))).expect("JSON");
    let listed = list.as_array().unwrap().iter().find(|p| p["id"] == "dps-legacy-performance").unwrap();
    assert_eq!(listed, &policy);
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
            assert_eq!(
                sorted,
                [
                    "alert", "client", "code", "error", "file", "group", "ja3", "ja3_hash", "ja4", "ja4_r", "offset",
                    "policy", "reason", "server", "sni", "suite", "time", "verdict", "version"
                ]
            );
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

#[test]
fn config_lists_once_the_schemes_no_held_key_signs_with() {
    let json = |keys: &str| {
        let out = run(&["config", "--policy", "dps-tls12", "--keys", keys, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).expect("JSON")
    };
    let rsa = json("rsa");
    let unused: Vec<&str> =
        rsa["schemes_for_other_keys"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(unused.contains(&"ecdsa_secp256r1_sha256") && unused.iter().all(|s| s.starts_with("ecdsa_")), "{unused:?}");
    assert_eq!(json("rsa,ecdsa")["schemes_for_other_keys"].as_array().map(Vec::len), Some(0));
    let text = stdout(&run(&["config", "--policy", "dps-tls12", "--keys", "rsa"]));
    assert!(text.contains("not signed with, no key of their type being held: ecdsa_sha1"), "{text}");
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

fn capture() -> &'static [u8] {
    include_bytes!("data/hellos/openssl_tls1_2.bin")
}

// ---------------------------------------------------------------------------------------------
// Issue 11, point 4: a closed or full output is no panic.

/// The read end of stdout closed before the tool writes: it ends quietly (0, as other tools
/// on a broken pipe), never with a panic (101).
#[test]
fn a_closed_output_ends_quietly() {
    let file = data("hellos/openssl_tls1_2.bin");
    // Enough rows to outgrow any pipe buffer, so a write fails whenever the pipe closes.
    let many: Vec<&str> = std::iter::repeat_n(file.as_str(), 400).collect();
    let check: Vec<&str> = ["check", "--json"].into_iter().chain(many).collect();
    for args in [vec!["catalog"], vec!["policy", "dps-tls12"], check] {
        let mut child =
            Command::new(binary()).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take());
        let out = wait_bounded(child, Duration::from_secs(60), args[0]);
        assert!(matches!(out.status.code(), Some(0 | 141)), "{}: {:?} {}", args[0], out.status, stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

/// A full disk: one line saying so, exit status 1.
#[cfg(target_os = "linux")]
#[test]
fn a_full_output_is_one_error_line_and_status_1() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = Command::new(binary()).args(["policy", "dps-tls12"]).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tls-policy: cannot write the output: ") && err.contains("No space left"), "{err}");
}

/// `serve | head -1`: once nobody reads the log, the next connection's line ends the server
/// quietly (before, the connection's thread panicked and the server ran on, unseen).
#[test]
fn serve_stops_quietly_when_its_output_closes() {
    let mut child = Command::new(binary())
        .args(["serve", "--policy", "dps-tls12"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap(); // the reader drops here
    let addr = first.trim().strip_prefix("listening ").unwrap_or_else(|| panic!("{first}")).to_owned();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    drop(tcp);
    let out = wait_bounded(child, Duration::from_secs(30), "serve");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Point 5: bounded reads.

/// `/dev/zero` and a capture followed by 200 KB are larger than any ClientHello: a malformed
/// row saying so, at once (before, the first grew until memory ran out).
#[test]
fn an_input_larger_than_any_hello_is_a_malformed_row() {
    let dir = scratch("large");
    let mut big = capture().to_vec();
    big.resize(200_000, 0);
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    for path in [Path::new("/dev/zero").to_owned(), dir.join("big.bin")] {
        if !path.exists() {
            continue;
        }
        let child = Command::new(binary())
            .args(["check", "--json", "--policy", "dps-tls12", path.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = wait_bounded(child, Duration::from_secs(20), "check of a large input");
        assert!(out.status.success(), "{}", stderr(&out));
        let rows = json_lines(&out);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["reason"], "malformed");
        let error = rows[0]["error"].as_str().unwrap();
        assert!(error.contains("is over 147501 bytes, larger than any ClientHello"), "{error}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Point 6: nothing skipped silently, exit codes a pipeline can use.

#[test]
fn an_empty_folder_is_no_captures_found_and_status_2() {
    let dir = scratch("empty");
    let out = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no captures found"), "{}", stderr(&out));
    let out = run(&["diff", "--from", "dps-legacy-security", "--to", "dps-tls12", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Extensions in any case, nested folders, and on stderr every path skipped and why:
/// another file, a dangling link, a link back to a parent.
#[cfg(unix)]
#[test]
fn folders_are_walked_and_every_skipped_path_is_named() {
    let dir = scratch("walk");
    let hex: String = capture().iter().map(|b| format!("{b:02X}")).collect();
    std::fs::write(dir.join("UP.HEX"), hex).unwrap();
    std::fs::write(dir.join("LOUD.BIN"), capture()).unwrap();
    std::fs::create_dir_all(dir.join("site/gateway")).unwrap();
    std::fs::write(dir.join("site/gateway/deep.bin"), capture()).unwrap();
    std::fs::write(dir.join("notes.txt"), b"not a capture").unwrap();
    std::os::unix::fs::symlink(dir.join("gone.bin"), dir.join("dangling.bin")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("site/back")).unwrap();
    let out = run(&["check", "--json", "--policy", "dps-tls12", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for name in ["LOUD.BIN", "UP.HEX", "deep.bin"] {
        let row = rows.iter().find(|r| r["file"].as_str().unwrap().ends_with(name)).unwrap();
        assert_eq!(row["suite"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "{name} read as a capture: {row}");
    }
    let err = stderr(&out);
    assert!(err.contains("notes.txt: not a capture (.bin, .pcap, .pcapng) or hex dump (.hex)"), "{err}");
    assert!(err.contains("dangling.bin: a symbolic link to") && err.contains("which does not exist"), "{err}");
    assert!(err.contains("back: the folder") && err.contains("already read"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fail_on_gates_a_pipeline() {
    let accepted = data("hellos/openssl_tls1_2.bin");
    let refused = data("hellos/openssl_tls1.bin");
    let check = |paths: &[&str]| {
        let mut args = vec!["check", "--policy", "dps-tls12", "--fail-on", "reject"];
        args.extend(paths);
        run(&args)
    };
    assert_eq!(check(&[&accepted]).status.code(), Some(0));
    let out = check(&[&accepted, &refused]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("reject protocol_version (70)"), "the table is still printed");
    assert!(stderr(&out).contains("--fail-on reject: 1 of 2 devices are refused"), "{}", stderr(&out));

    let diff = |path: &str| {
        run(&["diff", "--from", "dps-legacy-security", "--to", "dps-tls12", "--fail-on", "lose-access", path])
    };
    assert_eq!(diff(&accepted).status.code(), Some(0));
    let out = diff(&refused);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--fail-on lose-access: 1 devices lose access"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Point 7: errors a person can act on.

/// `xxd`, `hexdump -C`, `od -Ax -tx1` and Wireshark's hex dump and hex stream all read as
/// the capture they print.
#[test]
fn hex_dumps_in_the_forms_tools_print() {
    let bytes = capture();
    let ascii = |chunk: &[u8]| -> String {
        chunk.iter().map(|&b| if (0x20..0x7f).contains(&b) { char::from(b) } else { '.' }).collect()
    };
    let (mut xxd, mut wireshark, mut hexdump) = (String::new(), String::new(), String::new());
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let groups: Vec<String> =
            chunk.chunks(2).map(|g| g.iter().map(|b| format!("{b:02x}")).collect::<String>()).collect();
        xxd.push_str(&format!("{:08x}: {:<39}  {}\n", i * 16, groups.join(" "), ascii(chunk)));
        let pairs: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        wireshark.push_str(&format!("{:04x}   {:<47}   {}\n", i * 16, pairs.join(" "), ascii(chunk)));
        let (left, right) = pairs.split_at(pairs.len().min(8));
        let hex = format!("{}  {}", left.join(" "), right.join(" "));
        hexdump.push_str(&format!("{:08x}  {:<48}  |{}|\n", i * 16, hex, ascii(chunk)));
    }
    hexdump.push_str(&format!("{:08x}\n", bytes.len()));
    // `od -Ax -tx1 -v -w32`: one blank after the offset, 32 bytes a line, no ASCII column.
    let mut od = String::new();
    for (i, chunk) in bytes.chunks(32).enumerate() {
        let pairs: Vec<String> = chunk.iter().map(|b| format!(" {b:02x}")).collect();
        od.push_str(&format!("{:06x}{}\n", i * 32, pairs.concat()));
    }
    od.push_str(&format!("{:06x}\n", bytes.len()));
    let stream: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let dir = scratch("hexforms");
    for (name, text) in [("xxd", xxd), ("wireshark", wireshark), ("hexdump", hexdump), ("od", od), ("stream", stream)] {
        let path = dir.join(format!("{name}.hex"));
        std::fs::write(&path, &text).unwrap();
        let out = run(&["check", "--json", "--policy", "dps-tls12", path.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}\n{text}", stderr(&out));
        assert_eq!(json_lines(&out)[0]["suite"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "{name}");
        if name == "xxd" {
            // The same dump named .bin is a malformed row that says how to have it read.
            std::fs::write(dir.join("xxd.bin"), &text).unwrap();
            let table = stdout(&run(&["check", "--policy", "dps-tls12", dir.join("xxd.bin").to_str().unwrap()]));
            assert!(
                table.contains("(the file is text: a hex dump is read as one when its name ends in .hex)"),
                "{table}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A hex error names line and column and the forms expected.
#[test]
fn hex_errors_give_line_column_and_the_forms_expected() {
    let dir = scratch("hexerrors");
    let cases: [(&str, &[u8], &str); 4] = [
        ("digit.hex", b"16 03 01\n00 zz", "line 2, column 4: 'z' is not a hex digit"),
        ("odd.hex", b"160301\n00b", "line 2, column 3: odd number of hex digits (9)"),
        ("gap.hex", b"00000000: 1603 0100  ....\n00000010: 0000  ..\n", "line 2, column 1: the offset is 0x10"),
        ("utf16.hex", b"\xff\xfe1\x006\x00", "it is UTF-16 or binary"),
    ];
    for (name, text, want) in cases {
        std::fs::write(dir.join(name), text).unwrap();
        let out = run(&["check", dir.join(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(err.contains(want), "{name}: {err}");
        assert!(err.contains("expected hex digits (white space ignored), `xxd` output, or Wireshark's"), "{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The JSON row of a malformed input keeps the byte offset and message the table shows.
#[test]
fn json_rows_of_malformed_inputs_keep_the_offset() {
    let dir = scratch("offset");
    let mut cut = capture().to_vec();
    cut.truncate(60);
    std::fs::write(dir.join("cut.bin"), &cut).unwrap();
    let path = dir.join("cut.bin");
    let table = stdout(&run(&["check", "--policy", "dps-tls12", path.to_str().unwrap()]));
    let row = &json_lines(&run(&["check", "--json", "--policy", "dps-tls12", path.to_str().unwrap()]))[0];
    let error = row["error"].as_str().unwrap();
    assert!(table.contains(&format!("malformed (50): {error}")), "{table}\n{row}");
    assert_eq!(row["offset"], 60, "{error}");
    assert!(error.contains("60"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn arm_without_a_path_says_what_to_write() {
    let out = run(&["policy", "--from", "arm:"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("names no template: write arm:TEMPLATE or arm:TEMPLATE#NAME"), "{}", stderr(&out));
}

/// A template whose path holds `#`: read whole, or with a resource name after a last `#`.
#[test]
fn arm_template_paths_may_hold_a_hash() {
    let dir = scratch("hash");
    let folder = dir.join("site#1");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(data("arm/several.json"), folder.join("t.json")).unwrap();
    let path = folder.join("t.json").to_str().unwrap().to_owned();
    let whole = run(&["check", "--policy", &format!("arm:{path}"), &data("hellos/openssl_tls1.bin")]);
    assert!(whole.status.success(), "{}", stderr(&whole));
    assert!(stdout(&whole).contains("dps-old (dps-legacy-security)"), "{}", stdout(&whole));
    let named = run(&["audit", "--policy", &format!("arm:{path}#dps-old")]);
    assert!(stdout(&named).starts_with("dps-legacy-security: "), "{}", stderr(&named));
    let missing = format!("arm:{}#x.json", dir.join("none").display());
    let err = stderr(&run(&["policy", "--from", &missing]));
    assert!(err.contains("the text after the last # is a resource name") && err.contains("#x.json#)"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// UTF-16, as PowerShell's `>` saves: say to save it as UTF-8.
#[test]
fn a_utf16_template_is_said_to_be_one() {
    let dir = scratch("utf16");
    let text = std::fs::read_to_string(data("arm/seed-dps-tls12.json")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("utf16.json"), utf16).unwrap();
    let out = run(&["policy", "--from", &format!("arm:{}", dir.join("utf16.json").display())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UTF-16") && stderr(&out).contains("save it as UTF-8"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A 20 MB number is quoted to 40 digits.
#[test]
fn a_huge_value_is_quoted_to_40_characters() {
    let dir = scratch("huge");
    let huge = format!(
        r#"{{"resources": [{{"type": "{}", "name": "d", "properties": {{"minTlsVersion": {}}}}}]}}"#,
        tls_policy::import::files::arm::DPS_TYPE,
        "1".repeat(20_000_000)
    );
    std::fs::write(dir.join("huge.json"), huge).unwrap();
    let out = run(&["policy", "--from", &format!("arm:{}", dir.join("huge.json").display())]);
    let err = stderr(&out);
    assert!(err.len() < 300, "{} bytes of error", err.len());
    assert!(err.contains(&format!("found a number {}...", "1".repeat(40))), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// 60,000 resource types: read in linear time (16 s before, measured), and the error names
/// five and counts the rest.
#[test]
fn many_resource_types_are_listed_briefly() {
    let dir = scratch("types");
    let types: Vec<String> =
        (0..60_000).map(|i| format!(r#"{{"type": "Contoso.Widgets/kind{i}", "name": "w{i}"}}"#)).collect();
    std::fs::write(dir.join("types.json"), format!(r#"{{"resources": [{}]}}"#, types.join(","))).unwrap();
    let out = run(&["policy", "--from", &format!("arm:{}", dir.join("types.json").display())]);
    let err = stderr(&out);
    assert!(err.contains("Contoso.Widgets/kind4 and 59995 more)"), "{}", &err[..err.len().min(400)]);
    assert!(err.len() < 400, "{} bytes of error", err.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder named like a policy does not hide the named policy; `./NAME` names the path.
#[test]
fn named_policies_win_over_paths_of_the_same_name() {
    let dir = scratch("shadow");
    std::fs::create_dir_all(dir.join("dps-tls12")).unwrap();
    let hello = data("hellos/openssl_tls1.bin");
    let out =
        Command::new(binary()).args(["check", "--policy", "dps-tls12", &hello]).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("reject protocol_version (70)"), "{}", stdout(&out));
    assert!(stderr(&out).contains("for the path of that name write ./dps-tls12"), "{}", stderr(&out));
    let out =
        Command::new(binary()).args(["check", "--policy", "./dps-tls12", &hello]).current_dir(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("./dps-tls12 is a folder, not a policy"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unused_arm_parameters_are_warned_about() {
    let params = data("arm/parameterized.parameters.json");
    let out = run(&["check", "--policy", "dps-tls12", "--arm-parameters", &params, &data("hellos/openssl_tls1.bin")]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("is not used: only an arm:TEMPLATE policy reads it"), "{}", stderr(&out));
    let template = format!("arm:{}", data("arm/parameterized.json"));
    let out = run(&["policy", "--from", &template, "--arm-parameters", &params]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains("not used"), "{}", stderr(&out));
    // A template without parameters.
    let out =
        run(&["policy", "--from", &format!("arm:{}", data("arm/seed-dps-tls12.json")), "--arm-parameters", &params]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("has no [parameters('...')] expression"), "{}", stderr(&out));
}

/// A hello whose host name is not one (a space in it, RFC 6066 §3) is refused with the alert
/// a server sends, illegal_parameter (47), not reported as undecodable (50); the JSON row
/// says the same and keeps the byte offset.
#[test]
fn an_illegal_value_is_reported_with_its_own_alert() {
    let dir = scratch("illegal-value");
    let mut bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hellos/openssl_sni.bin")).unwrap();
    let at = bytes.windows(6).position(|w| w == b"global").unwrap();
    bytes[at + 2] = b' ';
    let file = dir.join("bad-sni.bin");
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();

    let out = run(&["check", "--policy", "dps-tls12", path]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("illegal_parameter (47)"), "{table}");
    let out = run(&["check", "--policy", "dps-tls12", "--json", path]);
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["reason"], "illegal_parameter", "{row}");
    assert_eq!(row["alert"], 47, "{row}");
    assert!(row["offset"].as_u64().is_some(), "{row}");
    std::fs::remove_dir_all(&dir).unwrap();
}
