//! `tls-policy replay` against live endpoints on 127.0.0.1: the bundled devices sent to
//! `serve --policy dps-tls12` are answered as the policy predicts; sent to an
//! `openssl s_server` that speaks TLS 1.3 only, the TLS 1.2 devices are refused where the
//! policy accepts them, and the run says so and exits 1. Every process is stopped by its pid.

#![cfg(all(feature = "cli", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/serve.rs"]
mod serve;

use std::net::TcpListener;
use std::process::{Command, Stdio};

use s_client::{Guard, openssl};
use serve::{binary, start};

fn replay(to: &str, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = Command::new(binary()).args(["replay", "--to", to, "--json"]).args(extra).output().unwrap();
    let rows = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out.status.code(), rows)
}

#[test]
fn serve_answers_the_bundled_devices_as_its_policy_predicts() {
    let server = start(&["--policy", "dps-tls12"], None);
    let (status, rows) = replay(&format!("127.0.0.1:{}", server.port), &["--policy", "dps-tls12"]);
    assert_eq!(rows.len(), 10);
    for row in &rows {
        assert_eq!(row["agrees"], true, "{row}");
    }
    assert!(rows.iter().any(|r| r["endpoint"].as_str().unwrap().starts_with("accept TLSv1.2")));
    assert!(rows.iter().any(|r| r["endpoint"] == "reject protocol_version (70)"));
    assert_eq!(status, Some(0));
}

#[test]
fn a_tls_1_3_only_endpoint_differs_from_dps_and_the_run_says_so() {
    let dir = std::env::temp_dir().join(format!("tls-policy-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(openssl())
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-tls1_3", "-quiet"])
        .args(["-cert", dir.join("cert.pem").to_str().unwrap(), "-key", dir.join("key.pem").to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _guard = Guard(child);
    s_client::wait_listening(port);
    let capture = format!("{}/tests/data/hellos/openssl_tls1_2.bin", env!("CARGO_MANIFEST_DIR"));
    let (status, rows) = replay(&format!("127.0.0.1:{port}"), &["--policy", "dps-tls12", &capture]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["endpoint"], "reject protocol_version (70)", "{}", rows[0]);
    assert!(rows[0]["engine"].as_str().unwrap().starts_with("accept TLSv1.2"));
    assert_eq!(rows[0]["agrees"], false);
    assert_eq!(status, Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_endpoint_that_is_not_there_is_an_error_row() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // closed again
    let capture = format!("{}/tests/data/hellos/openssl_tls1_2.bin", env!("CARGO_MANIFEST_DIR"));
    let (_, rows) = replay(&format!("127.0.0.1:{port}"), &[&capture]);
    assert!(rows[0]["endpoint"].as_str().unwrap().starts_with("error cannot connect"), "{}", rows[0]);
}
