//! A real TLS server started with exported settings, checked against the engine: a folder
//! with an RSA certificate for it, the bundled hellos, and the comparison (shared by the
//! export tests, `#[path]`-included; needs `s_client.rs` beside it as `s_client`).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use tls_policy::scan::{Answer, exchange};
use tls_policy::{ClientHello, GroupKind, KeyExchange, KeyTypes, Policy, negotiate};

/// A folder of this test's own, removed at the end.
pub(crate) struct Dir(pub(crate) PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder holding `cert.pem` and `key.pem`, an RSA-2048 certificate for localhost.
pub(crate) fn dir(name: &str) -> Dir {
    let dir = std::env::temp_dir().join(format!("tls-policy-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
    Dir(dir)
}

/// The bundled ClientHellos (`tests/data/hellos/*.bin`), by name, in name order.
pub(crate) fn hellos() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// What a server on `port` answered to each bundled hello against the engine for `policy`:
/// panics on a difference; the counts of hellos it accepted, refused, and refused for their
/// ALPN alone.
pub(crate) fn agrees_with_the_engine(
    server: &str,
    id: &str,
    policy: &Policy,
    port: u16,
    text: &str,
) -> (usize, usize, usize) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut differ = Vec::new();
    let (mut accepted, mut refused, mut alpn_refused) = (0, 0, 0);
    for (name, bytes) in &hellos() {
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(bytes, &mut buffer).unwrap();
        let predicted = negotiate(policy, &hello.offer(), KeyTypes::RSA).ok().map(|a| a.suite);
        let answer = exchange(address, bytes, Duration::from_secs(5)).unwrap();
        // An HTTP server (nginx 1.21.4 and later) may refuse a hello whose ALPN names no
        // HTTP protocol with no_application_protocol (120), before any suite is chosen: a
        // matter of the application, not of the suites (the MQTT and made-up ALPN captures).
        let http = hello.alpn().any(|p| p.starts_with(b"http/1.") || p == b"h2");
        if hello.alpn().next().is_some() && !http && matches!(&answer, Answer::Alert(a) if a.description == 120) {
            alpn_refused += 1;
            continue;
        }
        let seen = match answer {
            Answer::Hello(h) => Some(h.suite),
            Answer::HelloRetry(_) => predicted, // a TLS 1.3 key share still to come
            _ => None,
        };
        // The difference tests/export_openssl.rs documents for s_server, the same OpenSSL
        // under each server: a TLS 1.2 hello offering ECDHE suites without an elliptic curve.
        // RFC 8422 §4 lets the server pick one, as the engine does; OpenSSL leaves out every
        // ECDHE suite then.
        let no_curve =
            hello.groups().is_none_or(|g| g.iter().all(|g| g.info().is_none_or(|i| i.kind() == GroupKind::Ffdhe)));
        let ecdhe = predicted.and_then(|s| s.info()).is_some_and(|i| i.kx() == KeyExchange::Ecdhe);
        let seen_ecdhe = seen.and_then(|s| s.info()).is_some_and(|i| i.kx() == KeyExchange::Ecdhe);
        if no_curve && ecdhe && !seen_ecdhe {
            continue;
        }
        accepted += usize::from(seen.is_some());
        refused += usize::from(seen.is_none());
        if seen != predicted {
            differ.push(format!("{name}: engine {predicted:?}, {server} {seen:?}"));
        }
    }
    assert!(differ.is_empty(), "{server} {id}:\n{text}\n{}", differ.join("\n"));
    assert!(accepted > 0 && refused > 0, "{server} {id}: {accepted} accepted, {refused} refused: both kinds seen");
    eprintln!(
        "{server} {id}: as the engine on {accepted} accepted and {refused} refused hellos; {alpn_refused} refused for ALPN"
    );
    (accepted, refused, alpn_refused)
}
