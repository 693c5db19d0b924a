//! `tls-policy serve` under load and faults, on 127.0.0.1: running out of file descriptors,
//! more clients than `--max-connections`, a client that dribbles its handshake past
//! `--handshake-timeout`, and SIGTERM or SIGINT with stuck clients. Every wait is bounded and
//! the server is stopped by its pid whatever happens.

#![cfg(all(feature = "cli", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/serve.rs"]
mod serve;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use serve::{Server, WAIT, line_with, start};

fn hello() -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/hellos/openssl_tls1_2.bin", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    stream
}

/// Sends a TLS 1.2 ClientHello and says whether a handshake record (the ServerHello) came
/// back within `within`.
fn answered(stream: &mut TcpStream, within: Duration) -> bool {
    stream.write_all(&hello()).unwrap();
    stream.set_read_timeout(Some(within)).unwrap();
    let mut first = [0u8; 1];
    matches!(stream.read(&mut first), Ok(1) if first[0] == 0x16)
}

fn signal(server: &Server, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

/// Waits for the server to exit; how long it took.
fn exited(server: &mut Server) -> Duration {
    let start = Instant::now();
    while server.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < WAIT, "the server did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
    start.elapsed()
}

#[test]
fn running_out_of_file_descriptors_is_survived() {
    let server = start(&["--policy", "dps-tls12", "--handshake-timeout", "2"], Some(40));
    // More idle connections than descriptors: accepts fail with EMFILE while they are held.
    let idle: Vec<TcpStream> = (0..60).map(|_| connect(server.port)).collect();
    let logged = line_with(&server.err, "accept failed");
    assert!(logged.contains("Too many open files") || logged.contains("os error 24"), "{logged}");
    drop(idle);
    // Descriptors free again (the held ones time out or see EOF): a fresh client is served.
    let deadline = Instant::now() + WAIT;
    loop {
        let mut fresh = connect(server.port);
        if answered(&mut fresh, Duration::from_secs(3)) {
            break;
        }
        assert!(Instant::now() < deadline, "no client was served after the descriptors freed");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut server = server;
    assert!(server.child.try_wait().unwrap().is_none(), "the server is still running");
}

#[test]
fn clients_beyond_max_connections_wait_for_a_slot() {
    let server = start(&["--policy", "dps-tls12", "--max-connections", "2", "--handshake-timeout", "30"], None);
    let first = connect(server.port);
    let second = connect(server.port);
    std::thread::sleep(Duration::from_millis(200)); // both taken by the server
    // A third client's hello waits in the listen queue: no answer while both slots are held.
    let mut third = connect(server.port);
    assert!(!answered(&mut third, Duration::from_secs(1)), "served beyond --max-connections 2");
    // The first hangs up: its slot frees, and the third is answered.
    first.shutdown(std::net::Shutdown::Both).unwrap();
    drop(first);
    third.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut record = [0u8; 1];
    assert_eq!(third.read(&mut record).unwrap(), 1, "the third client is served once a slot frees");
    assert_eq!(record[0], 0x16);
    drop(second);
}

#[test]
fn a_dribbled_handshake_is_cut_at_the_handshake_timeout() {
    let server = start(&["--policy", "dps-tls12", "--handshake-timeout", "1"], None);
    let mut client = connect(server.port);
    assert!(answered(&mut client, Duration::from_secs(5)), "the hello is answered");
    let start = Instant::now();
    // Then a byte every 300 ms: the server ends it after its timeout, not when we stop.
    for byte in [0x16u8, 0x03, 0x03, 0x00, 0x10, 0x10, 0x00, 0x00, 0x00, 0x00] {
        std::thread::sleep(Duration::from_millis(300));
        if client.write_all(&[byte]).is_err() {
            break;
        }
    }
    let line = line_with(&server.out, "did not finish in time");
    assert!(line.contains("error handshake after the engine accepted"), "{line}");
    assert!(start.elapsed() < WAIT);
}

#[test]
fn sigterm_and_sigint_stop_at_once_even_with_stuck_clients() {
    for name in ["TERM", "INT"] {
        let mut server = start(&["--policy", "dps-tls12", "--handshake-timeout", "60"], None);
        let stuck: Vec<TcpStream> = (0..3).map(|_| connect(server.port)).collect();
        std::thread::sleep(Duration::from_millis(200));
        signal(&server, name);
        let took = exited(&mut server);
        assert!(server.child.wait().unwrap().success(), "SIG{name}: a clean exit");
        assert!(took < Duration::from_secs(2), "SIG{name}: stopped after {took:?}");
        line_with(&server.out, "stopped after 3 connections");
        drop(stuck);
    }
}

#[test]
fn a_peer_that_resets_mid_handshake_is_a_line_and_nothing_more() {
    let server = start(&["--policy", "dps-tls12"], None);
    let mut client = connect(server.port);
    assert!(answered(&mut client, Duration::from_secs(5)));
    // Closed half way through the handshake with the rest of the server's flight unread:
    // Linux answers that close with a reset.
    drop(client);
    let line = line_with(&server.out, "127.0.0.1:");
    assert!(line.contains(" error "), "{line}");
    let mut next = connect(server.port);
    assert!(answered(&mut next, Duration::from_secs(5)), "the next client is served");
}
