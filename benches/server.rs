//! Full TLS 1.2 handshakes over loopback TCP, a tokio-rustls client against a tokio server
//! with the same `dps-tls12` config (RSA-2048 certificate, ECDHE), one connection at a time:
//!
//! - `server/plain`: the server is tokio-rustls's `TlsAcceptor`;
//! - `server/screened`: the server is `Screen::accept_async`, which reads the ClientHello
//!   itself, decides with the engine, and hands the rest to tokio-rustls.
//!
//! What screening costs a real server is the difference (the target: within 3 %).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/tls.rs"]
mod tls;

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use rustls::pki_types::ServerName;
use tls_policy::rustls::{AsyncScreened, Realizer};
use tls_policy::{KeyType, Policy};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// A server task answering each connection with `accept`, on a fresh port.
fn spawn_server<F, Fut>(runtime: &tokio::runtime::Runtime, accept: F) -> u16
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                socket.set_nodelay(true).unwrap();
                tokio::spawn(accept(socket));
            }
        });
        port
    })
}

/// One full handshake as the client, then close.
async fn handshake(connector: &TlsConnector, port: u16) {
    let socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.set_nodelay(true).unwrap();
    let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), socket).await.unwrap();
    assert!(tls.get_ref().1.negotiated_cipher_suite().is_some());
    tls.shutdown().await.unwrap();
}

fn bench(c: &mut Criterion) {
    let policy = Policy::named("dps-tls12").unwrap();
    let identity = tls::rsa();
    let screen = Arc::new(Realizer::new(&policy).screen(vec![identity.parts()]).unwrap());
    let config = Arc::clone(screen.config(KeyType::Rsa).unwrap());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(identity.chain[0].clone()).unwrap();
    let mut client = Realizer::new(&policy).client_config(roots).unwrap().config;
    client.resumption = rustls::client::Resumption::disabled(); // a full handshake each time
    let connector = TlsConnector::from(Arc::new(client));

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let acceptor = TlsAcceptor::from(config);
    let plain = spawn_server(&runtime, move |socket| {
        let acceptor = acceptor.clone();
        async move {
            if let Ok(mut tls) = acceptor.accept(socket).await {
                let _ = tls.shutdown().await;
            }
        }
    });
    let screened = spawn_server(&runtime, move |socket| {
        let screen = Arc::clone(&screen);
        async move {
            if let Ok(AsyncScreened::Accepted { mut stream, .. }) = screen.accept_async(socket).await {
                let _ = stream.shutdown().await;
            }
        }
    });

    let mut group = c.benchmark_group("server");
    group.bench_function("plain", |b| b.iter(|| runtime.block_on(handshake(&connector, plain))));
    group.bench_function("screened", |b| b.iter(|| runtime.block_on(handshake(&connector, screened))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
