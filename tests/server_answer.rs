//! The server-answer reader against real servers: `openssl s_server` on 127.0.0.1 sent a
//! captured ClientHello, and the crate's own rustls server in memory; then properties: no
//! bytes make it panic, and an answer fed in any pieces reads as it does whole.

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys, the rustls server
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/tls.rs"]
mod tls;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use s_client::{Guard, openssl};
use tls_policy::scan::{Answer, AnswerError, CertificateKey, ServerAnswer, ServerHelloInfo};
use tls_policy::{Alert, CipherSuite, ClientHello, KeyTypes, NamedGroup, Policy, ProtocolVersion, negotiate};

fn hello(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hellos").join(format!("{name}.bin"));
    std::fs::read(path).unwrap()
}

/// A folder of this test's own, removed at the end.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `s_server` with this identity and these arguments, on a free port, killed when dropped.
fn server(identity: &tls::Identity, name: &str, args: &[&str]) -> (Guard, Dir, u16) {
    let dir = std::env::temp_dir().join(format!("tls-policy-server-answer-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cert.der"), &identity.chain[0]).unwrap();
    std::fs::write(dir.join("key.der"), identity.key.secret_pkcs8_der()).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(openssl())
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www"])
        .args(["-cert", &dir.join("cert.der").display().to_string(), "-certform", "DER"])
        .args(["-key", &dir.join("key.der").display().to_string(), "-keyform", "DER"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server");
    let guard = Guard(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not listen");
        std::thread::sleep(Duration::from_millis(20));
    }
    (guard, Dir(dir), port)
}

/// Sends a ClientHello and reads the answer as it arrives; also the raw bytes.
fn ask(port: u16, client_hello: &[u8]) -> (Result<Answer, AnswerError>, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(client_hello).unwrap();
    let mut answer = ServerAnswer::new();
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        assert!(Instant::now() < deadline, "no answer in 15 s");
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            // A reset is a close, as far as the answer goes.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => 0,
            Err(e) => panic!("reading the answer: {e}"),
        };
        if n == 0 {
            return (answer.finish(), raw);
        }
        raw.extend_from_slice(&chunk[..n]);
        match answer.feed(&chunk[..n]) {
            Ok(None) => {}
            Ok(Some(done)) => return (Ok(done), raw),
            Err(e) => return (Err(e), raw),
        }
    }
}

/// The answer read whole, for comparing with the one read as it arrived.
fn hello_again(raw: &[u8]) -> ServerHelloInfo {
    expect_hello(ServerAnswer::parse(raw))
}

fn expect_hello(answer: Result<Answer, AnswerError>) -> ServerHelloInfo {
    match answer {
        Ok(Answer::Hello(hello)) => hello,
        other => panic!("expected a ServerHello, got {other:?}"),
    }
}

/// Real answers (the rustls server's, deterministic in shape), for the properties below.
fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| rustls_answers().into_iter().map(|(_, bytes)| bytes).collect())
}

#[test]
fn openssl_tls12_rsa_ecdhe_gives_suite_group_and_certificate() {
    let (_guard, _dir, port) = server(tls::rsa(), "a", &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]);
    let (answer, raw) = ask(port, &hello("openssl_tls1_2"));
    let hello = expect_hello(answer);
    assert_eq!(hello.version, ProtocolVersion::TLSv1_2);
    assert_eq!(hello.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    assert_eq!(hello.group, Some(NamedGroup::x25519));
    assert!(hello.signature_scheme.is_some());
    let certificate = hello.certificate.unwrap();
    assert_eq!((certificate.key, certificate.chain), (CertificateKey::Rsa { bits: 2048 }, 1));
    assert_eq!(ServerAnswer::parse(&raw), Ok(Answer::Hello(hello_again(&raw))));
}

#[test]
fn openssl_tls13_gives_the_key_share_group() {
    let (_guard, _dir, port) = server(tls::rsa(), "b", &[]);
    let hello = expect_hello(ask(port, &hello("openssl_tls1_3")).0);
    assert_eq!((hello.legacy_version, hello.version), (ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
    assert_eq!(hello.group, Some(NamedGroup::x25519));
    assert!(hello.suite.info().is_some_and(|i| i.versions().contains(ProtocolVersion::TLSv1_3)));
    assert_eq!(hello.certificate, None);
}

#[test]
fn openssl_tls12_only_refuses_a_tls10_hello_with_protocol_version() {
    let (_guard, _dir, port) = server(tls::rsa(), "c", &["-tls1_2"]);
    let Ok(Answer::Alert(alert)) = ask(port, &hello("openssl_tls1")).0 else { panic!("expected an alert") };
    assert_eq!((alert.level, alert.description, alert.alert()), (2, 70, Some(Alert::ProtocolVersion)));
    assert_eq!(alert.hello, None);
}

#[test]
fn openssl_asks_for_another_key_share() {
    // The hello offers a key share for x25519 only; the server takes only P-256.
    let (_guard, _dir, port) = server(tls::rsa(), "d", &["-groups", "P-256"]);
    let Ok(Answer::HelloRetry(retry)) = ask(port, &hello("openssl_tls1_3")).0 else { panic!("expected a retry") };
    assert_eq!((retry.version, retry.group), (ProtocolVersion::TLSv1_3, Some(NamedGroup::secp256r1)));
}

#[test]
fn openssl_tls12_ecdsa_certificate_names_its_curve() {
    let (_guard, _dir, port) = server(tls::p256(), "e", &["-tls1_2"]);
    let hello = expect_hello(ask(port, &hello("openssl_tls1_2")).0);
    assert_eq!(hello.version, ProtocolVersion::TLSv1_2);
    assert_eq!(hello.certificate.map(|c| c.key), Some(CertificateKey::Ecdsa { curve: NamedGroup::secp256r1 }));
    assert!(hello.suite.to_string().starts_with("TLS_ECDHE_ECDSA_"), "{}", hello.suite);
}

#[test]
fn openssl_tls12_dhe_gives_the_prime_size() {
    let (_guard, _dir, port) = server(tls::rsa(), "f", &["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"]);
    let hello = expect_hello(ask(port, &hello("openssl_tls1_2_dhe_only")).0);
    assert_eq!(hello.suite, CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
    // OpenSSL 3 picks the FFDHE prime to match the RSA key's strength: 2048 bits.
    assert_eq!((hello.group, hello.dh_bits), (None, Some(2048)));
}

#[test]
fn an_http_server_is_recognised() {
    assert_eq!(ServerAnswer::parse(b"HTTP/1.1 400 Bad Request\r\n\r\n"), Err(AnswerError::Http));
}

/// What the crate's rustls server (the `dps-tls12` policy, RSA) answers these captured hellos.
fn rustls_answers() -> Vec<(&'static str, Vec<u8>)> {
    let policy = Policy::named("dps-tls12").unwrap();
    let (chain, key) = tls::rsa().parts();
    let config = Arc::new(tls_policy::rustls::Realizer::new(&policy).server_config(chain, key).unwrap().config);
    ["openssl_tls1_2", "openssl_tls1_3", "openssl_tls1", "python_default"]
        .into_iter()
        .map(|name| {
            let mut server = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            let bytes = hello(name);
            let mut input = bytes.as_slice();
            while !input.is_empty() {
                server.read_tls(&mut input).unwrap();
                if server.process_new_packets().is_err() {
                    break;
                }
            }
            let mut out = Vec::new();
            while server.wants_write() {
                server.write_tls(&mut out).unwrap();
            }
            (name, out)
        })
        .collect()
}

#[test]
fn the_crates_rustls_server_answers_as_the_engine_predicts() {
    let policy = Policy::named("dps-tls12").unwrap();
    for (name, bytes) in rustls_answers() {
        let offered = hello(name);
        let predicted = negotiate(&policy, &ClientHello::parse(&offered).unwrap().offer(), KeyTypes::RSA);
        match (ServerAnswer::parse(&bytes), predicted) {
            (Ok(Answer::Hello(hello)), Ok(agreed)) => {
                assert_eq!(
                    (hello.version, hello.suite, hello.group),
                    (agreed.version, agreed.suite, agreed.group),
                    "{name}"
                );
                if hello.version == ProtocolVersion::TLSv1_2 {
                    assert_eq!(hello.certificate.map(|c| c.key), Some(CertificateKey::Rsa { bits: 2048 }), "{name}");
                }
            }
            (Ok(Answer::Alert(alert)), Err(refused)) => {
                // rustls refuses a TLS 1.0-only hello with handshake_failure (40) where the
                // engine, as a DPS server, says protocol_version (70): the reader reads what
                // was sent.
                let sent = if name == "openssl_tls1" { Alert::HandshakeFailure } else { refused.alert() };
                assert_eq!((alert.level, alert.alert()), (2, Some(sent)), "{name}");
            }
            (read, predicted) => panic!("{name}: read {read:?}, predicted {predicted:?}"),
        }
    }
}

/// Reads `bytes` in pieces cut at `cuts`.
fn in_pieces(bytes: &[u8], cuts: &[prop::sample::Index]) -> Result<Answer, AnswerError> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
    at.sort_unstable();
    let mut answer = ServerAnswer::new();
    let mut from = 0;
    for to in at.into_iter().chain([bytes.len()]) {
        answer.feed(&bytes[from..to])?;
        from = to;
    }
    answer.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = ServerAnswer::parse(&bytes).map_err(|e| e.to_string());
    }

    #[test]
    fn mutated_real_answers_never_panic(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut bytes = which.get(corpus()).clone();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        bytes.truncate(cut.index(bytes.len() + 1));
        let _ = ServerAnswer::parse(&bytes).map_err(|e| e.to_string());
    }

    #[test]
    fn any_split_reads_as_the_whole(which in any::<prop::sample::Index>(), cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = which.get(corpus()).clone();
        prop_assert_eq!(in_pieces(&bytes, &cuts), ServerAnswer::parse(&bytes));
        let i = at.index(bytes.len());
        bytes[i] = byte;
        prop_assert_eq!(in_pieces(&bytes, &cuts), ServerAnswer::parse(&bytes));
    }
}
