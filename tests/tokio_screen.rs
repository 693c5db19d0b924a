//! The async screen on tokio over 127.0.0.1: a tokio-rustls client is accepted and reads
//! application data; `openssl s_client` as a TLS 1.0 device is refused with the engine's
//! alert; a peer that never finishes its hello, or dribbles the handshake, is cut off by the
//! deadlines. Every wait is bounded.

#![cfg(all(feature = "tokio", feature = "aws-lc-rs"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/tls.rs"]
mod tls;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use tls_policy::rustls::{AsyncScreened, Realizer, Screen, ScreenError};
use tls_policy::{CipherSuite, Policy, Reason};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/hellos/{name}.bin", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn screen(policy: &str) -> Arc<Screen> {
    let screen = Realizer::new(&Policy::named(policy).unwrap()).screen(vec![tls::rsa().parts()]).unwrap();
    Arc::new(screen.with_hello_deadline(Duration::from_secs(1)).with_handshake_timeout(Duration::from_secs(2)))
}

/// Accepts one connection on a fresh port and screens it; the outcome comes back through the
/// join handle.
async fn serve_one(
    screen: Arc<Screen>,
) -> (u16, tokio::task::JoinHandle<Result<AsyncScreened<TcpStream>, ScreenError>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        screen.accept_async(socket).await
    });
    (port, task)
}

#[tokio::test]
async fn a_tokio_rustls_client_is_accepted_and_served() {
    let (port, task) = serve_one(screen("dps-tls12")).await;
    let mut roots = rustls::RootCertStore::empty();
    roots.add(tls::rsa().chain[0].clone()).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let client = async {
        let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), socket).await?;
        let mut answer = [0u8; 5];
        tls.read_exact(&mut answer).await?;
        io::Result::Ok((tls.get_ref().1.negotiated_cipher_suite().map(|s| u16::from(s.suite())), answer))
    };
    let server = async {
        let outcome = timeout(Duration::from_secs(10), task).await.unwrap().unwrap();
        let Ok(AsyncScreened::Accepted { mut stream, agreement, device: None }) = outcome else {
            panic!("{outcome:?}")
        };
        stream.write_all(b"hello").await.unwrap();
        stream.flush().await.unwrap();
        agreement
    };
    let (client, agreement) = tokio::join!(timeout(Duration::from_secs(10), client), server);
    let (suite, answer) = client.unwrap().unwrap();
    assert_eq!(&answer, b"hello");
    assert_eq!(suite, Some(agreement.suite.get()), "rustls negotiated what the engine decided");
    assert_eq!(agreement.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384); // DPS's order
}

#[tokio::test]
async fn openssl_as_a_tls_1_0_device_gets_protocol_version() {
    let (port, task) = serve_one(screen("dps-tls12")).await;
    let client = tokio::task::spawn_blocking(move || {
        s_client::finish(s_client::s_client(port, &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"]))
    });
    let outcome = timeout(Duration::from_secs(10), task).await.unwrap().unwrap();
    match outcome {
        Ok(AsyncScreened::Refused { refusal, .. }) => assert_eq!(refusal.reason, Reason::ProtocolVersion),
        other => panic!("{other:?}"),
    }
    let said = timeout(Duration::from_secs(20), client).await.unwrap().unwrap();
    assert!(said.contains("alert protocol version"), "s_client saw: {said}");
}

#[tokio::test]
async fn a_hello_that_never_completes_is_cut_off_at_the_hello_deadline() {
    let (port, task) = serve_one(screen("dps-tls12")).await;
    let mut socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.write_all(&capture("openssl_tls1_2")[..40]).await.unwrap();
    let outcome = timeout(Duration::from_secs(10), task).await.expect("the screen gave up on its own").unwrap();
    match outcome {
        Err(ScreenError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::TimedOut),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_handshake_dribbled_a_byte_at_a_time_is_cut_off_at_the_handshake_timeout() {
    let (port, task) = serve_one(screen("dps-tls12")).await;
    let mut socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.write_all(&capture("openssl_tls1_2")).await.unwrap();
    // After the hello, the start of a record header, one byte at a time: each byte alone is
    // no reason for rustls to fail, so only the timeout ends it.
    let dribble = async {
        for byte in [0x16u8, 0x03, 0x03, 0x00, 0x10, 0x10, 0x00, 0x00] {
            tokio::time::sleep(Duration::from_millis(400)).await;
            if socket.write_all(&[byte]).await.is_err() {
                break;
            }
        }
    };
    let (outcome, ()) = tokio::join!(timeout(Duration::from_secs(10), task), dribble);
    match outcome.expect("the screen gave up on its own").unwrap() {
        Err(ScreenError::Handshake { error, .. }) => assert_eq!(error.kind(), io::ErrorKind::TimedOut),
        other => panic!("{other:?}"),
    }
}
