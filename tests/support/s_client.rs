//! `openssl s_client` as a test peer: run it in a setting, record the ClientHello it sends,
//! and read what it saw (shared by the real-client tests, `#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tls_policy::{ClientHello, SuiteEntry};

pub const TIMEOUT: Duration = Duration::from_secs(15);

pub fn openssl() -> &'static str {
    let found = Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    assert!(found, "openssl is not installed: the real-client tests need `openssl s_client` (.ci/run installs it)");
    "openssl"
}

/// A child process killed when dropped, whatever the test did.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for a child, killing it after the timeout; its stdout and stderr together.
pub fn finish(child: Child) -> String {
    let mut guard = Guard(child);
    let deadline = Instant::now() + TIMEOUT;
    while guard.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "a client did not finish in {TIMEOUT:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut text = String::new();
    if let Some(mut out) = guard.0.stdout.take() {
        out.read_to_string(&mut text).unwrap();
    }
    if let Some(mut err) = guard.0.stderr.take() {
        err.read_to_string(&mut text).unwrap();
    }
    text
}

pub fn s_client(port: u16, args: &[&str]) -> Child {
    Command::new(openssl())
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}"), "-servername", "localhost"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start openssl s_client")
}

/// The ClientHello `s_client` sends with these settings, read by a listener of our own.
pub fn record_hello(args: &[&str]) -> Vec<u8> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let client = s_client(port, args);
    let deadline = Instant::now() + TIMEOUT;
    let mut stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("s_client {args:?} never connected: {e}"),
        }
    };
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    for _ in 0..64 {
        let mut scratch = Vec::new();
        if ClientHello::parse_with(&bytes, &mut scratch).is_ok() {
            break;
        }
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "s_client {args:?} closed before a whole ClientHello");
        bytes.extend_from_slice(&chunk[..n]);
    }
    drop(stream);
    finish(client);
    bytes
}

/// What the client saw: the suite (by IANA code) or the alert number.
#[derive(Debug, PartialEq, Eq)]
pub enum Seen {
    Suite(u16),
    Alert(u8),
}

pub fn seen(output: &str) -> Seen {
    if let Some(alert) = output.split("alert number ").nth(1) {
        let digits: String = alert.chars().take_while(char::is_ascii_digit).collect();
        return Seen::Alert(digits.parse().unwrap());
    }
    let name = output
        .lines()
        .find_map(|l| l.split("Cipher is ").nth(1))
        .map(str::trim)
        .filter(|n| *n != "(NONE)")
        .unwrap_or_else(|| panic!("neither a suite nor an alert in:\n{output}"));
    Seen::Suite(name.parse::<SuiteEntry>().unwrap_or_else(|e| panic!("{name}: {e}")).suite.get())
}

/// Whether a program runs at all (`PROGRAM -version` or `PROGRAM version`), for tests that
/// skip, saying so, when it is missing.
pub fn found(program: &str) -> bool {
    ["version", "--version"].iter().any(|arg| Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success()))
}

/// Waits until something listens on 127.0.0.1:`port` (a server just started), at most 10 s.
pub fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on 127.0.0.1:{port} after 10 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}
