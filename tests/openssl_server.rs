//! `openssl:STRING` policies against a real OpenSSL 3.0 server: `openssl s_server` runs
//! with the cipher string and an RSA certificate; for each `s_client` setting the test
//! records the ClientHello, asks the engine what `openssl::policy` does with it, and checks
//! that the real server agrees: the same suite, or a refusal. (The alerts differ: OpenSSL
//! sends internal_error (80) for TLS 1.0 where the engine, as DPS, says protocol_version.)

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use s_client::{Guard, Seen, finish, openssl, record_hello, s_client, seen};
use tls_policy::{ClientHello, KeyTypes, negotiate};

/// A folder of this test's own, removed at the end.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An RSA-2048 certificate and key as PEM files.
fn certificate() -> Dir {
    let dir = std::env::temp_dir().join(format!("tls-policy-openssl-server-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
    Dir(dir)
}

/// `s_server` with this cipher string, accepting `n` connections, on a free port.
fn server(dir: &Dir, cipher: &str, n: usize) -> (Guard, u16) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(openssl())
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www", "-naccept", &n.to_string()])
        .args(["-cert", &dir.0.join("cert.pem").display().to_string()])
        .args(["-key", &dir.0.join("key.pem").display().to_string()])
        .args(["-cipher", cipher])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server");
    let guard = Guard(child);
    s_client::wait_listening(port);
    (guard, port)
}

const SETTINGS: [&[&str]; 10] = [
    &[],
    &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-tls1_2"],
    &["-tls1_3"],
    &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:AES128-SHA"],
    &["-tls1_2", "-cipher", "kRSA:@SECLEVEL=0"],
    &["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305"],
    &["-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", "DEFAULT@SECLEVEL=0"],
    &["-tls1_2", "-groups", "X448"],
];

const STRINGS: [&str; 4] = ["HIGH:!aNULL", "ECDHE+AESGCM", "DEFAULT:@SECLEVEL=0", "kRSA:AESGCM:@SECLEVEL=0"];

#[test]
fn openssl_policies_predict_a_real_openssl_server() {
    let dir = certificate();
    let hellos: Vec<Vec<u8>> = SETTINGS.iter().map(|args| record_hello(args)).collect();
    let (mut accepted, mut known) = (0, 0);
    for string in STRINGS {
        let policy = tls_policy::import::openssl::policy("s_server", string).unwrap();
        // Connections: one readiness probe, then one per setting.
        let (_server, port) = server(&dir, string, SETTINGS.len() + 1);
        for (args, hello) in SETTINGS.iter().zip(&hellos) {
            let mut scratch = Vec::new();
            let offer = ClientHello::parse_with(hello, &mut scratch).unwrap();
            let predicted = negotiate(&policy, &offer.offer(), KeyTypes::RSA);
            let got = seen(&finish(s_client(port, args)));
            match (&predicted, &got) {
                (Ok(agreed), Seen::Suite(code)) => {
                    assert_eq!(agreed.suite.get(), *code, "{string} s_client {args:?}");
                    accepted += 1;
                }
                (Err(_), Seen::Alert(_)) => {}
                // Known and documented (`openssl::policy`): OpenSSL refuses a client whose
                // signature_algorithms share nothing with what its certificate signs, even
                // for a static-RSA suite, which signs nothing.
                (Ok(agreed), Seen::Alert(40))
                    if agreed.suite.info().unwrap().kx() == tls_policy::KeyExchange::Rsa
                        && args.contains(&"-sigalgs") =>
                {
                    known += 1;
                }
                _ => panic!("{string} s_client {args:?}: engine {predicted:?}, OpenSSL {got:?}"),
            }
        }
    }
    assert!(accepted >= 8, "{accepted} agreements only");
    assert!(known <= 2, "{known} known differences");
}
