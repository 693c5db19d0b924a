//! `tls-policy serve --client-ca` against real devices on 127.0.0.1: `openssl s_client -cert
//! -key` and `curl --cert --key` with device certificates made at test time (rcgen), and the
//! crate's own device config. Valid ECDSA P-256 and RSA devices are accepted and named in the
//! server's line; none, another CA's and an expired certificate are refused with the reason.

#![cfg(all(feature = "cli", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/pki.rs"]
mod pki;
#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/tls.rs"]
mod tls;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use pki::{Cred, pki};
use rustls::pki_types::ServerName;
use s_client::{finish, found, s_client};
use serve::{Server, line_with, start};
use tls_policy::Policy;
use tls_policy::rustls::Realizer;

fn serve(auth: &str) -> Server {
    let ca = pki().ca_pem.to_str().unwrap().to_owned();
    start(&["--policy", "dps-tls12", "--keys", "rsa,ecdsa", "--client-ca", &ca, "--client-auth", auth], None)
}

fn device_args(device: Option<&Cred>) -> Vec<String> {
    device.map_or_else(Vec::new, |d| {
        vec!["-cert".into(), d.pem.display().to_string(), "-key".into(), d.key_pem.display().to_string()]
    })
}

#[test]
fn s_client_devices_are_named_or_refused_by_serve() {
    let pki = pki();
    let server = serve("required");
    let cases: [(Option<&Cred>, &str); 5] = [
        (Some(&pki.p256), "device=device-p256 (ECDSA P-256)"),
        (Some(&pki.rsa), "device=device-rsa (RSA 2048)"),
        (None, "reject device: the device presented no certificate"),
        (Some(&pki.other_ca), "reject device:"),
        (Some(&pki.expired), "reject device:"),
    ];
    for (device, expected) in cases {
        // DPS's policy is TLS 1.2 only: s_client as a TLS 1.2 client, and as a TLS 1.3 one
        // that also offers 1.2.
        for version in ["-tls1_2", "-no_ssl3"] {
            let mut args = device_args(device);
            args.push(version.to_owned());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let printed = finish(s_client(server.port, &args));
            let line = line_with(&server.out, "127.0.0.1:");
            assert!(line.contains(expected), "{version} {expected:?}: the line {line:?} (s_client: {printed})");
            if expected.starts_with("device=") {
                assert!(line.contains(" accept TLSv1."), "{line}");
            }
        }
    }
    // The refusals say why, in words.
    for (device, words) in
        [(&pki.other_ca, "not issued by a ca this server trusts (48)"), (&pki.expired, "has expired (45)")]
    {
        let args = device_args(Some(device));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = finish(s_client(server.port, &args));
        let line = line_with(&server.out, "reject device:");
        assert!(line.to_lowercase().contains(words), "{line}");
    }
}

#[test]
fn optional_client_auth_lets_a_device_without_a_certificate_in() {
    let server = serve("optional");
    let _ = finish(s_client(server.port, &["-tls1_2"]));
    let line = line_with(&server.out, "127.0.0.1:");
    assert!(line.contains(" accept TLSv1.2") && line.ends_with("device=none"), "{line}");
}

#[test]
fn curl_devices_are_named_or_refused_by_serve() {
    if !found("curl") {
        eprintln!("skipped: curl is not installed (.ci/run installs it)");
        return;
    }
    let pki = pki();
    let server = serve("required");
    for (device, expected) in [
        (Some(&pki.p256), "device=device-p256 (ECDSA P-256)"),
        (Some(&pki.rsa), "device=device-rsa (RSA 2048)"),
        (None, "reject device:"),
        (Some(&pki.other_ca), "reject device:"),
        (Some(&pki.expired), "reject device:"),
    ] {
        let presented = device.map(|d| ["--cert", d.pem.to_str().unwrap(), "--key", d.key_pem.to_str().unwrap()]);
        let child = Command::new("curl")
            .args(["--silent", "--show-error", "--insecure", "--max-time", "10"])
            .args(presented.iter().flatten())
            .arg(format!("https://127.0.0.1:{}/", server.port))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start curl");
        let printed = finish(child);
        let line = line_with(&server.out, "127.0.0.1:");
        assert!(line.contains(expected), "{expected:?}: the line {line:?} (curl: {printed})");
    }
}

#[test]
fn the_crates_device_config_is_named_by_serve() {
    let pki = pki();
    let server = serve("required");
    let policy = Policy::named("dps-tls12").unwrap();
    // serve's certificate is made at its start: trusted by construction.
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let verifier =
        Arc::new(tls::AnyServer::new(&provider, provider.signature_verification_algorithms.supported_schemes()));
    for (device, expected) in [
        (&pki.p256, "device=device-p256 (ECDSA P-256)"),
        (&pki.p384, "device=device-p384 (ECDSA P-384)"),
        (&pki.rsa, "device=device-rsa (RSA 2048)"),
    ] {
        let (chain, key) = device.parts();
        let realized = Realizer::new(&policy).device_config_with_verifier(chain, key, verifier.clone()).unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let mut tls = rustls::ClientConnection::new(Arc::new(realized.config), name).unwrap();
        let mut socket = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        socket.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        socket.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        for _ in 0..16 {
            if !tls.is_handshaking() {
                break;
            }
            tls.complete_io(&mut socket).unwrap();
        }
        assert!(!tls.is_handshaking(), "the handshake finished");
        // One request, and serve's page, which names the device too.
        let mut page = Vec::new();
        let mut io = rustls::Stream::new(&mut tls, &mut socket);
        io.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        let _ = io.read_to_end(&mut page);
        let page = String::from_utf8_lossy(&page);
        assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
        assert!(page.contains(&format!("device: {}", expected.trim_start_matches("device="))), "{page}");
        let line = line_with(&server.out, "127.0.0.1:");
        assert!(line.contains(" accept TLSv1.2") && line.contains(expected), "{expected:?}: {line}");
    }
}

#[test]
fn a_chain_of_100_certificates_and_a_garbage_ca_file_do_not_hurt() {
    let pki = pki();
    let server = serve("required");
    // The device's certificate followed by 99 more (the CA's, over and over): refused or not,
    // the connection gets a line and the next device is served.
    let chain = std::env::temp_dir().join(format!("tls-policy-chain-{}.pem", std::process::id()));
    let ca = std::fs::read_to_string(&pki.ca_pem).unwrap();
    std::fs::write(&chain, ca.repeat(99)).unwrap();
    let mut args = device_args(Some(&pki.p256));
    args.extend(["-cert_chain".to_owned(), chain.display().to_string(), "-tls1_2".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let _ = finish(s_client(server.port, &args));
    let line = line_with(&server.out, "127.0.0.1:");
    assert!(line.contains(" accept ") || line.contains(" reject ") || line.contains(" error "), "{line}");
    let args = device_args(Some(&pki.p256));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let _ = finish(s_client(server.port, &args));
    assert!(line_with(&server.out, "127.0.0.1:").contains("device=device-p256"));
    let _ = std::fs::remove_file(&chain);

    // A CA file that is not PEM: a clear error naming the file, exit status 2.
    let garbage = std::env::temp_dir().join(format!("tls-policy-garbage-{}.pem", std::process::id()));
    std::fs::write(&garbage, b"\x00\x01 not a certificate").unwrap();
    let out = Command::new(serve::binary())
        .args(["serve", "--policy", "dps-tls12", "--client-ca", garbage.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains(garbage.to_str().unwrap()), "{said}");
    let _ = std::fs::remove_file(&garbage);
}
