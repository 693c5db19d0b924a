//! `tls-policy serve` against real clients: `openssl s_client` in many settings. For each,
//! the test records the client's ClientHello itself (a listener of its own), asks the
//! engine what the effective policy (from `tls-policy config --json`) does with it, then
//! runs the same client against the server: the client sees that suite or that alert, and
//! the server's line says the same. Everything runs on 127.0.0.1 with timeouts, and every
//! process started is stopped.

#![cfg(feature = "cli")] // the binary is built with it
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/binary.rs"]
mod support;
use s_client::{Guard, Seen, TIMEOUT, finish, record_hello, s_client, seen};
use std::io::{BufRead, BufReader};

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
use support::binary;

use tls_policy::{ClientHello, KeyTypes, Policy, negotiate};

/// The server, its lines as they come, and a guard that stops it.
struct Server {
    lines: Receiver<String>,
    port: u16,
    guard: Guard,
}

fn start(policy: &str, keys: &str) -> Server {
    let mut child = Command::new(binary())
        .args(["serve", "--policy", policy, "--keys", keys])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tls-policy serve");
    let stdout = child.stdout.take().unwrap();
    let guard = Guard(child);
    let (send, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let first = lines.recv_timeout(TIMEOUT).expect("the server's first line");
    let port = first
        .strip_prefix("listening 127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    Server { lines, port, guard }
}

fn effective(policy: &str, keys: &str) -> Policy {
    let out = Command::new(binary()).args(["config", "--policy", policy, "--keys", keys, "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    serde_json::from_value(report["effective"].clone()).unwrap()
}

/// The s_client settings: versions, suite families, signature algorithms, groups, fallback.
const SETTINGS: [&[&str]; 12] = [
    &[],
    &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-tls1_2"],
    &["-tls1_3"],
    &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:AES128-SHA"],
    &["-tls1_2", "-cipher", "aECDSA"],
    &["-tls1_2", "-cipher", "kRSA"],
    &["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-CHACHA20-POLY1305"],
    &["-tls1_2", "-sigalgs", "RSA+SHA1:ECDSA+SHA1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-groups", "X448"],
    &["-tls1_2", "-fallback_scsv"],
];

fn against(policy: &str, keys: &str) {
    let creds: KeyTypes = keys.parse().unwrap();
    let effective = effective(policy, keys);
    let mut server = start(policy, keys);
    let mut outcomes = Vec::new();
    for args in SETTINGS {
        let hello = record_hello(args);
        let mut scratch = Vec::new();
        let offer = ClientHello::parse_with(&hello, &mut scratch).unwrap();
        let expected = match negotiate(&effective, &offer.offer(), creds) {
            Ok(agreed) => Seen::Suite(agreed.suite.get()),
            Err(refusal) => Seen::Alert(refusal.alert().number()),
        };
        let got = seen(&finish(s_client(server.port, args)));
        assert_eq!(got, expected, "{policy} {keys} s_client {args:?}");
        let line = server.lines.recv_timeout(TIMEOUT).expect("the server's line");
        let agrees = match &expected {
            Seen::Suite(code) => {
                line.contains(" accept ") && !line.contains("disagrees") && {
                    let name = tls_policy::CipherSuite::from_u16(*code).to_string();
                    line.contains(&name)
                }
            }
            Seen::Alert(n) => line.contains(" reject ") && line.contains(&format!("({n})")),
        };
        assert!(agrees, "{policy} {keys} s_client {args:?}: server said {line:?}, expected {expected:?}");
        outcomes.push(expected);
    }
    // Ctrl-C: the server ends its loop, says so and exits successfully.
    let pid = server.guard.0.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let last = server.lines.recv_timeout(TIMEOUT).expect("the server's last line");
    assert_eq!(last, format!("stopped after {} connections", SETTINGS.len()));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = server.guard.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{status}");
    // The settings are not all alike: both outcomes occur.
    assert!(outcomes.iter().any(|o| matches!(o, Seen::Suite(_))), "{outcomes:?}");
    assert!(outcomes.iter().any(|o| matches!(o, Seen::Alert(_))), "{outcomes:?}");
}

#[test]
fn dps_tls12_with_an_rsa_certificate() {
    against("dps-tls12", "rsa");
}

#[test]
fn mozilla_intermediate_with_both_certificates() {
    against("mozilla-intermediate", "rsa,ecdsa");
}

#[test]
fn old_devices_get_protocol_version_not_handshake_failure() {
    // The reason screening exists: rustls alone answers a TLS 1.0 ClientHello with
    // handshake_failure (40); DPS, and this server, with protocol_version (70).
    let server = start("dps-tls12", "rsa");
    let out = finish(s_client(server.port, &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"]));
    assert_eq!(seen(&out), Seen::Alert(70));
}
