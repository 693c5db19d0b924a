//! `check`, `diff` and `fleet` over packet captures, run as a user runs them: rows named
//! `FILE#client-ip:port` with the connection, SNI and fingerprints; CSV with the JSON's
//! columns; `fleet` groups by JA4; a capture without hellos, a truncated capture and a file
//! that only looks like one by name.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

#[path = "support/binary.rs"]
mod support;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use support::binary;

fn run(args: &[&str]) -> Output {
    Command::new(binary()).args(args).output().expect("run the binary")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

fn clients() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/captures/clients"))
}

fn lo() -> String {
    clients().join("lo-ethernet.pcap").to_str().unwrap().to_owned()
}

/// The manifest's JA3 string (as tshark computed it) for each client address of a capture.
fn manifest_ja3(file: &str) -> BTreeMap<String, String> {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(clients().join("manifest.json")).unwrap()).unwrap();
    let capture = manifest["captures"].as_array().unwrap().iter().find(|c| c["file"] == file).unwrap();
    capture["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let client = format!("{}:{}", c["client"]["address"].as_str().unwrap(), c["client"]["port"]);
            (client, c["seen_on"][0]["tshark"]["tls.handshake.ja3_full"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// A fresh folder for one test, removed by the test at its end.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tls-policy-cli-capture-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_json_rows_name_each_connection_and_carry_its_fingerprints() {
    let file = lo();
    let out = run(&["check", "--json", "--policy", "dps-tls12", &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    let ja3 = manifest_ja3("lo-ethernet.pcap");
    assert_eq!(rows.len(), ja3.len(), "one row per connection");
    for row in &rows {
        let client = row["client"].as_str().unwrap();
        assert_eq!(row["file"], format!("{file}#{client}"));
        assert!(row["server"].as_str().unwrap().starts_with("127.0.0.1:"), "{row}");
        assert!(row["time"].as_str().unwrap().ends_with('Z'), "RFC 3339 in UTC: {row}");
        assert_eq!(row["ja3"].as_str().unwrap(), ja3[client], "{client}: JA3 as tshark computed it");
        assert_eq!(row["ja3_hash"].as_str().unwrap().len(), 32, "{row}");
        let ja4 = row["ja4"].as_str().unwrap();
        assert!(ja4.starts_with('t') && ja4.len() == 36, "{ja4}");
        assert!(row["ja4_r"].as_str().unwrap().starts_with(&ja4[..10]), "{row}");
    }
    // The TLS 1.0 client is refused with protocol_version, the others accepted.
    let refused: Vec<&Value> = rows.iter().filter(|r| r["verdict"] == "reject").collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["alert"], 70);
    assert!(refused[0]["ja4"].as_str().unwrap().starts_with("t10"), "{}", refused[0]);
    let named: Vec<&Value> = rows.iter().filter(|r| r["sni"] == "device.example").collect();
    assert!(!named.is_empty(), "the clients given a host name send it");
    assert!(stderr(&out).contains("13 ClientHello(s) from"), "{}", stderr(&out));
}

#[test]
fn csv_has_the_jsons_columns_and_one_line_per_row() {
    let file = lo();
    let json =
        json_lines(&run(&["check", "--json", "--policy", "dps-tls12", "--policy", "dps-legacy-security", &file]));
    let out = run(&["check", "--csv", "--policy", "dps-tls12", "--policy", "dps-legacy-security", &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let keys: Vec<&str> = json[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(header, keys, "the JSON's fields, in its order");
    assert_eq!(lines.len(), 1 + json.len());
    // Each cell is the JSON's value (these rows hold no comma or quote; JA3 strings have
    // commas and so are quoted).
    for (line, row) in lines[1..].iter().zip(&json) {
        let ja3 = row["ja3"].as_str().unwrap();
        assert!(line.contains(&format!("\"{ja3}\"")), "{line}");
        assert!(line.starts_with(&format!("{},", row["alert"].as_u64().map(|a| a.to_string()).unwrap_or_default())));
    }
    let diff = run(&["diff", "--csv", "--from", "dps-legacy-security", "--to", "dps-tls12", &file]);
    assert!(diff.status.success(), "{}", stderr(&diff));
    let text = stdout(&diff);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("after.verdict") && header.contains("before.suite") && header.contains("change"),
        "{header}"
    );
    assert_eq!(text.lines().filter(|l| l.contains("loses_access")).count(), 1, "{text}");
    assert!(stderr(&diff).contains("1 lose access"), "the summary goes to stderr: {}", stderr(&diff));
}

#[test]
fn fleet_groups_by_ja4_largest_first_and_gates_on_lost_access() {
    let folder = clients();
    let dir = folder.to_str().unwrap();
    let out = run(&["fleet", "--json", dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    let (totals, groups) = lines.split_last().unwrap();
    let totals = &totals["totals"];
    let sum: u64 = groups.iter().map(|g| g["connections"].as_u64().unwrap()).sum();
    assert_eq!(totals["connections"].as_u64().unwrap(), sum);
    // Every connection of the manifest, once.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap()).unwrap();
    let connections: usize =
        manifest["captures"].as_array().unwrap().iter().map(|c| c["connections"].as_array().unwrap().len()).sum();
    assert_eq!(sum, u64::try_from(connections).unwrap());
    assert_eq!(totals["groups"].as_u64().unwrap(), u64::try_from(groups.len()).unwrap());
    let sizes: Vec<u64> = groups.iter().map(|g| g["connections"].as_u64().unwrap()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first: {sizes:?}");
    let ja4s: std::collections::BTreeSet<&str> = groups.iter().map(|g| g["ja4"].as_str().unwrap()).collect();
    assert_eq!(ja4s.len(), groups.len(), "one group per JA4");
    let lose: Vec<&Value> = groups.iter().filter(|g| g["change"] == "loses_access").collect();
    assert_eq!(lose.len(), 1, "the TLS 1.0 client");
    assert_eq!(lose[0]["verdicts"]["dps-tls12"]["alert"], 70);
    assert_eq!(totals["lose_access"], 1);
    let gate = run(&["fleet", "--fail-on", "lose-access", dir]);
    assert_eq!(gate.status.code(), Some(1), "{}", stderr(&gate));
    assert!(stdout(&gate).contains("lose access"), "{}", stdout(&gate));
    let csv = run(&["fleet", "--csv", dir]);
    let text = stdout(&csv);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for column in [
        "ja4",
        "ja4_r",
        "connections",
        "clients",
        "sample_sni",
        "sample_client",
        "change",
        "verdicts.dps-tls12.verdict",
    ] {
        assert!(header.contains(&column), "{column} in {header:?}");
    }
    assert_eq!(text.lines().count(), 1 + groups.len());
}

#[test]
fn a_capture_without_hellos_a_truncated_one_and_a_fake_are_said_so() {
    let dir = scratch("bad");
    // A pcap header and one ARP frame: a capture, but no TCP at all.
    let mut empty = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0];
    let arp = [[0xffu8; 6].as_slice(), &[2; 6], &[8, 6], &[0; 28]].concat();
    empty.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
    empty.extend_from_slice(&u32::try_from(arp.len()).unwrap().to_le_bytes().repeat(2));
    empty.extend_from_slice(&arp);
    std::fs::write(dir.join("quiet.pcap"), &empty).unwrap();
    let out = run(&["check", dir.join("quiet.pcap").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no ClientHello in the capture"), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 ClientHello(s) from 1 packets (0 TCP, 1 other)"), "{}", stderr(&out));
    // The real capture cut in the middle of its last packet: every hello before it is read.
    let whole = std::fs::read(lo()).unwrap();
    std::fs::write(dir.join("cut.pcap"), &whole[..whole.len() - 30]).unwrap();
    let out = run(&["check", "--json", "--policy", "dps-tls12", dir.join("cut.pcap").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 13);
    assert!(stderr(&out).contains("(truncated)"), "{}", stderr(&out));
    // Named like a capture, but text: read as a ClientHello file, which it is not either.
    std::fs::write(dir.join("notes.pcap"), b"these are not packets").unwrap();
    let out = run(&["check", "--json", "--policy", "dps-tls12", dir.join("notes.pcap").to_str().unwrap()]);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["reason"], "malformed", "{}", rows[0]);
    // A folder with the captures and a non-capture gives the captures' rows.
    std::fs::copy(lo(), dir.join("lo.pcap")).unwrap();
    let out = run(&["check", "--json", "--policy", "dps-tls12", dir.to_str().unwrap()]);
    let rows = json_lines(&out);
    assert!(rows.iter().filter(|r| r["file"].as_str().unwrap().contains("lo.pcap#")).count() == 13, "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
