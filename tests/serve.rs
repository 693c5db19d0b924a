//! `tls-policy serve` against real clients: `openssl s_client` in many settings. For each,
//! the test records the client's ClientHello itself (a listener of its own), asks the
//! engine what the effective policy (from `tls-policy config --json`) does with it, then
//! runs the same client against the server: the client sees that suite or that alert, and
//! the server's line says the same. Everything runs on 127.0.0.1 with timeouts, and every
//! process started is stopped.

#![cfg(feature = "aws-lc-rs")] // the example needs it
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/example.rs"]
mod support;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
use support::example;

use tls_policy::{ClientHello, Credentials, Entry, Policy, negotiate};

const TIMEOUT: Duration = Duration::from_secs(15);

fn openssl() -> &'static str {
    let found = Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    assert!(found, "openssl is not installed: the real-client tests need `openssl s_client` (.ci/run installs it)");
    "openssl"
}

/// A child process killed when dropped, whatever the test did.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for a child, killing it after the timeout; its stdout and stderr together.
fn finish(child: Child) -> String {
    let mut guard = Guard(child);
    let deadline = Instant::now() + TIMEOUT;
    while guard.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "a client did not finish in {TIMEOUT:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut text = String::new();
    if let Some(mut out) = guard.0.stdout.take() {
        out.read_to_string(&mut text).unwrap();
    }
    if let Some(mut err) = guard.0.stderr.take() {
        err.read_to_string(&mut text).unwrap();
    }
    text
}

fn s_client(port: u16, args: &[&str]) -> Child {
    Command::new(openssl())
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}"), "-servername", "localhost"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start openssl s_client")
}

/// The ClientHello `s_client` sends with these settings, read by a listener of our own.
fn record_hello(args: &[&str]) -> Vec<u8> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let client = s_client(port, args);
    let deadline = Instant::now() + TIMEOUT;
    let mut stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("s_client {args:?} never connected: {e}"),
        }
    };
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    for _ in 0..64 {
        let mut scratch = Vec::new();
        if ClientHello::parse_with(&bytes, &mut scratch).is_ok() {
            break;
        }
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "s_client {args:?} closed before a whole ClientHello");
        bytes.extend_from_slice(&chunk[..n]);
    }
    drop(stream);
    finish(client);
    bytes
}

/// What the client saw: the suite (by IANA code) or the alert number.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Suite(u16),
    Alert(u8),
}

fn seen(output: &str) -> Seen {
    if let Some(alert) = output.split("alert number ").nth(1) {
        let digits: String = alert.chars().take_while(char::is_ascii_digit).collect();
        return Seen::Alert(digits.parse().unwrap());
    }
    let name = output
        .lines()
        .find_map(|l| l.split("Cipher is ").nth(1))
        .map(str::trim)
        .filter(|n| *n != "(NONE)")
        .unwrap_or_else(|| panic!("neither a suite nor an alert in:\n{output}"));
    Seen::Suite(name.parse::<Entry>().unwrap_or_else(|e| panic!("{name}: {e}")).suite.get())
}

/// The server, its lines as they come, and a guard that stops it.
struct Server {
    lines: Receiver<String>,
    port: u16,
    guard: Guard,
}

fn start(policy: &str, keys: &str) -> Server {
    let mut child = Command::new(example())
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
    let out = Command::new(example()).args(["config", "--policy", policy, "--keys", keys, "--json"]).output().unwrap();
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
    let creds: Credentials = keys.parse().unwrap();
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
