//! Packet captures of real clients (OpenSSL, curl, Python, GnuTLS, Node.js, Java) recorded with
//! tcpdump and dumpcap on 127.0.0.1 (`tests/data/captures/clients/`, made by its `capture.sh`):
//! the reader finds exactly the ClientHellos of the manifest, one per connection, with their
//! client and server, SNI, the capture time of the packet that completes each and the JA3
//! string tshark computed; and, where tshark is installed, tshark run now agrees.

#![cfg(feature = "capture")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tls_policy::capture::{CaptureReader, Event, Fingerprints};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/captures/clients")
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(folder().join("manifest.json")).unwrap()).unwrap()
}

/// What the reader finds of one hello.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    server: String,
    sni: Option<String>,
    ja3: String,
    time: String,
}

/// Every hello of a capture, by client address, and the skips.
fn read(file: &Path) -> (BTreeMap<String, Found>, usize) {
    let mut reader = CaptureReader::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut found = BTreeMap::new();
    let mut buffer = Vec::new();
    let mut skipped = 0;
    for event in &mut reader {
        match event.unwrap() {
            Event::Hello(c) => {
                let hello = c.parse(&mut buffer).unwrap();
                let row = Found {
                    server: c.server.to_string(),
                    sni: hello.server_name().map(|n| String::from_utf8(n.to_vec()).unwrap()),
                    ja3: Fingerprints::of(&hello).ja3,
                    time: c.time.map(|t| format!("{}.{:09}", t.secs(), t.nanos())).unwrap(),
                };
                assert!(found.insert(c.client.to_string(), row).is_none(), "{}: {} twice", file.display(), c.client);
            }
            Event::Skipped(s) => {
                eprintln!("{}: skipped {s:?}", file.display());
                skipped += 1;
            }
            _ => {}
        }
    }
    (found, skipped)
}

fn address(endpoint: &Value) -> String {
    let ip: std::net::IpAddr = endpoint["address"].as_str().unwrap().parse().unwrap();
    std::net::SocketAddr::new(ip, u16::try_from(endpoint["port"].as_u64().unwrap()).unwrap()).to_string()
}

/// The manifest's timestamp (`1796298878.757422`, as stored) as seconds and nine decimals.
fn nine_decimals(stored: &str) -> String {
    let (secs, fraction) = stored.split_once('.').unwrap();
    format!("{secs}.{fraction:0<9}")
}

#[test]
fn every_capture_gives_the_manifests_hellos_one_per_connection() {
    let manifest = manifest();
    let captures = manifest["captures"].as_array().unwrap();
    assert!(captures.len() >= 6, "the manifest lists the captures");
    let mut link_types = std::collections::BTreeSet::new();
    for capture in captures {
        let file = folder().join(capture["file"].as_str().unwrap());
        for interface in capture["interfaces"].as_array().unwrap() {
            link_types.insert(interface["linktype"].as_u64().unwrap());
        }
        let (found, skipped) = read(&file);
        let mut expected = BTreeMap::new();
        for c in capture["connections"].as_array().unwrap() {
            let hello = &c["hello"];
            // The first interface the hello was seen on completes it.
            let first = &c["seen_on"][0];
            let row = Found {
                server: address(&c["server"]),
                sni: c["sni"].as_str().map(str::to_owned),
                ja3: hello["ja3_full"].as_str().unwrap().to_owned(),
                time: nine_decimals(first["hello_completed_at"].as_str().unwrap()),
            };
            expected.insert(address(&c["client"]), row);
        }
        assert!(!expected.is_empty(), "{}: the manifest has connections", file.display());
        assert_eq!(found, expected, "{}", file.display());
        assert_eq!(skipped, 0, "{}: nothing skipped", file.display());
    }
    // Ethernet, Linux cooked v1 and v2 are all there.
    for link in [1, 113, 276] {
        assert!(link_types.contains(&link), "a capture of link type {link}: {link_types:?}");
    }
}

#[test]
fn tshark_run_now_finds_the_same_hellos_and_ja3() {
    if !Command::new("tshark").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: tshark is not installed (CI installs it: apt-get install tshark)");
        return;
    }
    let manifest = manifest();
    for capture in manifest["captures"].as_array().unwrap() {
        let file = folder().join(capture["file"].as_str().unwrap());
        let port = capture["server"]["port"].as_u64().unwrap();
        // Sequence analysis off: a second interface's copy of a hello is then read as a
        // hello, not a retransmission; the copies are folded below.
        let out = Command::new("tshark")
            .args(["-n", "-r"])
            .arg(&file)
            .args(["-o", "tcp.analyze_sequence_numbers:FALSE", "-d", &format!("tcp.port=={port},tls")])
            .args(["-Y", "tls.handshake.type==1", "-T", "fields", "-E", "separator=/t"])
            .args(["-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "tls.handshake.ja3_full"])
            .output()
            .unwrap();
        assert!(out.status.success(), "tshark: {}", String::from_utf8_lossy(&out.stderr));
        let mut tshark = BTreeMap::new();
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let ip: std::net::IpAddr = if f[0].is_empty() { f[1] } else { f[0] }.parse().unwrap();
            let client = std::net::SocketAddr::new(ip, f[2].parse().unwrap()).to_string();
            tshark.insert(client, f[3].to_owned());
        }
        let (found, _) = read(&file);
        let ours: BTreeMap<String, String> = found.into_iter().map(|(k, v)| (k, v.ja3)).collect();
        assert_eq!(ours, tshark, "{}", file.display());
    }
}
