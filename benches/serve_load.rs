//! `tls-policy serve` under load, on 127.0.0.1 (a benchmark script, not criterion: it runs
//! the release binary and prints figures for the notes):
//!
//! - handshakes per second with 64 concurrent tokio-rustls clients (full TLS 1.2 handshakes,
//!   `dps-tls12`, RSA-2048), for 5 seconds;
//! - the server's peak resident memory (VmHWM) after that;
//! - what 500 slow clients (each holding half a ClientHello) do to a fresh client's handshake,
//!   against the same client's time on an idle server (medians of 20).
//!
//! `cargo bench --features cli --bench serve_load`

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/tls.rs"]
mod tls;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tls-policy"))
        .args(["serve", "--policy", "dps-tls12", "--max-connections", "1024", "--handshake-timeout", "30"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tls-policy serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port = first.strip_prefix("listening 127.0.0.1:").unwrap().parse().unwrap();
    // Drain the per-connection lines so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    Server(child, port)
}

async fn handshake(connector: &TlsConnector, port: u16) -> Duration {
    let start = Instant::now();
    let socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.set_nodelay(true).unwrap();
    let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), socket).await.unwrap();
    let took = start.elapsed();
    let _ = tls.shutdown().await;
    took
}

async fn median_of(connector: &TlsConnector, port: u16, n: usize) -> Duration {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(handshake(connector, port).await);
    }
    times.sort();
    times[n / 2]
}

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(tls::AnyServer::new(
            &provider,
            provider.signature_verification_algorithms.supported_schemes(),
        )))
        .with_no_client_auth();
    config.resumption = rustls::client::Resumption::disabled();
    let connector = TlsConnector::from(Arc::new(config));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = start();
    let port = server.1;

    runtime.block_on(async {
        let idle = median_of(&connector, port, 20).await;
        let done = Arc::new(AtomicU64::new(0));
        let until = Instant::now() + Duration::from_secs(5);
        let clients: Vec<_> = (0..64)
            .map(|_| {
                let (connector, done) = (connector.clone(), Arc::clone(&done));
                tokio::spawn(async move {
                    while Instant::now() < until {
                        handshake(&connector, port).await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for client in clients {
            client.await.unwrap();
        }
        let rate = f64::from(u32::try_from(done.load(Ordering::Relaxed)).unwrap_or(u32::MAX)) / 5.0;
        println!("serve_load/64_clients: {rate:.0} handshakes/s");
        println!("serve_load/peak_rss: {} KiB", peak_rss_kib(server.0.id()));

        let hello =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos/openssl_tls1_2.bin")).unwrap();
        let mut slow = Vec::with_capacity(500);
        for _ in 0..500 {
            let mut socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            socket.write_all(&hello[..hello.len() / 2]).await.unwrap();
            slow.push(socket);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let loaded = median_of(&connector, port, 20).await;
        println!(
            "serve_load/fresh_client: {:.2} ms idle, {:.2} ms with 500 slow clients holding half a hello ({:.2}x)",
            idle.as_secs_f64() * 1e3,
            loaded.as_secs_f64() * 1e3,
            loaded.as_secs_f64() / idle.as_secs_f64()
        );
        println!("serve_load/peak_rss_with_slow: {} KiB", peak_rss_kib(server.0.id()));
        drop(slow);
    });
}
