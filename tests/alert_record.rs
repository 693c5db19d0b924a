//! The record version of the screen's alerts, held against OpenSSL 3.0's: each refused hello
//! is sent to `openssl s_server` set to refuse it the same way, and the record OpenSSL answers
//! with must carry the version the screen's does (the client's `legacy_version`, capped to
//! 0x0301..=0x0303). The alerts themselves may differ; the record version must not.

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/tls.rs"]
mod tls;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use s_client::{Guard, openssl};
use tls_policy::Policy;
use tls_policy::rustls::{Decision, Progress, Realizer};

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/hellos/{name}.bin", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The first record header OpenSSL answers `hello` with, from `s_server` with `flags`.
fn openssl_answer(flags: &[&str], hello: &[u8]) -> [u8; 3] {
    let dir = std::env::temp_dir().join(format!("tls-policy-alert-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(openssl())
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-naccept", "1", "-quiet"])
        .args(["-cert", &dir.join("cert.pem").display().to_string()])
        .args(["-key", &dir.join("key.pem").display().to_string()])
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server");
    let _guard = Guard(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => break stream,
            Err(e) => assert!(Instant::now() < deadline, "s_server did not listen: {e}"),
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(hello).unwrap();
    let mut header = [0u8; 3];
    stream.read_exact(&mut header).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    header
}

/// The header of the record the screen answers `hello` with under `policy`.
fn screen_answer(policy: &str, hello: &[u8]) -> [u8; 3] {
    let screen = Realizer::new(&Policy::named(policy).unwrap()).screen(vec![tls::rsa().parts()]).unwrap();
    let Progress::Decided(Decision::Refuse(rejection)) = screen.screening().feed(hello) else {
        panic!("{policy} refuses this hello")
    };
    let sent = rejection.alert.as_bytes();
    [sent[0], sent[1], sent[2]]
}

#[test]
fn refusals_carry_the_record_version_openssl_gives() {
    let cases = [
        // (capture, s_server flags refusing it, a policy refusing it, the version expected)
        ("openssl_tls1", ["-tls1_2"], "dps-tls12", [0x03, 0x01]),
        ("openssl_tls1_1", ["-tls1_2"], "dps-tls12", [0x03, 0x02]),
        ("openssl_tls1_2", ["-tls1_3"], "mozilla-modern", [0x03, 0x03]),
    ];
    for (name, flags, policy, version) in cases {
        let hello = capture(name);
        let ours = screen_answer(policy, &hello);
        let theirs = openssl_answer(&flags, &hello);
        assert_eq!(theirs, [0x15, version[0], version[1]], "OpenSSL's answer to {name}");
        assert_eq!(ours, theirs, "the screen's answer to {name}");
    }
}
