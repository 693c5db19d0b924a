//! `tls-policy scan` against sslscan and nmap's `ssl-enum-ciphers`, on 127.0.0.1 (a benchmark
//! script, not criterion: it runs the release binary and the other scanners, and prints figures
//! for the notes; issue 14, part 7).
//!
//! One `openssl s_server` serves the DPS recommended list (TLS 1.2 only, server order, the four
//! ECDHE-RSA suites, groups P-256 and P-384) with an RSA-2048 certificate. For each scanner the
//! script measures
//!
//! - the wall time of a whole scan: the median of 5 runs straight against `s_server`;
//! - the TCP connections the scan makes: one run through a counting proxy in this process,
//!   which counts every connection it accepts and forwards the bytes to `s_server` (the same
//!   count for all three scanners; `tls-policy` also reports its own in its JSON).
//!
//! It prints a table (seconds, connections, time against `tls-policy`'s) and the issue's
//! targets: fewer than 25 connections, and at least 3 times faster than sslscan. A scanner that
//! is not installed is skipped with a message; a missed target is printed, never a failure.
//!
//! `cargo bench --features cli --bench scan`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Timed runs per scanner; the median is reported.
const RUNS: usize = 5;
/// The longest one scan may take before it is killed and counted as failed.
const LIMIT: Duration = Duration::from_secs(300);
/// The DPS recommended list, as `s_server` takes it.
const CIPHERS: &str =
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256";

/// A child process killed (and reaped) when dropped, whatever happened.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A folder of this run's own, removed at the end.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An RSA-2048 certificate and key as PEM files.
fn certificate() -> Dir {
    let dir = std::env::temp_dir().join(format!("tls-policy-scan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the certificate folder");
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).expect("generate an RSA key");
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("certificate parameters")
        .self_signed(&key)
        .expect("self-sign the certificate");
    std::fs::write(dir.join("cert.pem"), cert.pem()).expect("write cert.pem");
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).expect("write key.pem");
    Dir(dir)
}

/// A port nothing listens on (bound, then released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("bind 127.0.0.1:0").port()
}

/// `openssl s_server` with the DPS recommended list on a free port, once it listens.
fn s_server(dir: &Path) -> (Guard, u16) {
    let port = free_port();
    let child = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}")])
        .args(["-cert", &dir.join("cert.pem").display().to_string()])
        .args(["-key", &dir.join("key.pem").display().to_string()])
        .args(["-tls1_2", "-serverpref", "-groups", "P-256:P-384", "-cipher", CIPHERS, "-www", "-quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server (is openssl installed?)");
    let mut guard = Guard(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let exited = guard.0.try_wait().ok().flatten();
        assert!(exited.is_none(), "openssl s_server exited ({exited:?}) before listening on {port}");
        assert!(Instant::now() < deadline, "openssl s_server did not listen on {port} within 10 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    (guard, port)
}

/// The state the proxy's threads share.
#[derive(Default)]
struct Counts {
    /// Connections accepted so far.
    accepted: AtomicUsize,
    /// The peer of the latest accepted connection.
    last: Mutex<Option<SocketAddr>>,
    /// Set when the proxy is to stop.
    stop: AtomicBool,
}

/// A TCP proxy on 127.0.0.1 that counts the connections it accepts and forwards each, both
/// ways, to `upstream`. Dropping it stops its threads and closes every connection.
struct Proxy {
    port: u16,
    counts: Arc<Counts>,
    acceptor: Option<JoinHandle<()>>,
}

/// Copies `from` to `to` until `from` ends (then half-closes `to`) or either fails (then
/// closes both).
fn pump(mut from: TcpStream, mut to: TcpStream) {
    match std::io::copy(&mut from, &mut to) {
        Ok(_) => {
            let _ = to.shutdown(Shutdown::Write);
        }
        Err(_) => {
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
        }
    }
}

/// One forwarded connection: its two sockets (to close them at the end) and its two pumps.
struct Forwarded {
    sockets: [TcpStream; 2],
    pumps: [JoinHandle<()>; 2],
}

impl Forwarded {
    fn start(client: TcpStream, upstream: u16) -> std::io::Result<Self> {
        let server = TcpStream::connect(("127.0.0.1", upstream))?;
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let sockets = [client.try_clone()?, server.try_clone()?];
        let (client_in, server_in) = (client.try_clone()?, server.try_clone()?);
        let up = std::thread::spawn(move || pump(client_in, server));
        let down = std::thread::spawn(move || pump(server_in, client));
        Ok(Self { sockets, pumps: [up, down] })
    }

    fn finished(&self) -> bool {
        self.pumps.iter().all(JoinHandle::is_finished)
    }

    fn close(self) {
        for socket in &self.sockets {
            let _ = socket.shutdown(Shutdown::Both);
        }
        for pump in self.pumps {
            let _ = pump.join();
        }
    }
}

impl Proxy {
    fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the counting proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let counts = Arc::new(Counts::default());
        let shared = Arc::clone(&counts);
        let acceptor = std::thread::spawn(move || {
            let mut open: Vec<Forwarded> = Vec::new();
            for client in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                *shared.last.lock().unwrap_or_else(PoisonError::into_inner) = client.peer_addr().ok();
                // Finished connections give back their threads and sockets as we go.
                let (done, still): (Vec<_>, Vec<_>) = open.into_iter().partition(Forwarded::finished);
                done.into_iter().for_each(Forwarded::close);
                open = still;
                if let Ok(forwarded) = Forwarded::start(client, upstream) {
                    open.push(forwarded);
                }
            }
            open.into_iter().for_each(Forwarded::close);
        });
        Self { port, counts, acceptor: Some(acceptor) }
    }

    fn accepted(&self) -> usize {
        self.counts.accepted.load(Ordering::SeqCst)
    }

    /// Waits until the proxy has accepted every connection made so far: it connects once
    /// more and waits for that marker connection (accepts are in order). Returns the count,
    /// the marker included.
    fn settle(&self) -> Result<usize, String> {
        let marker = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| format!("proxy marker: {e}"))?;
        let local = marker.local_addr().map_err(|e| format!("proxy marker: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while *self.counts.last.lock().unwrap_or_else(PoisonError::into_inner) != Some(local) {
            if Instant::now() > deadline {
                return Err("the proxy did not accept its marker connection within 10 s".to_owned());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(self.accepted())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.counts.stop.store(true, Ordering::SeqCst);
        // Wake the blocked accept; the acceptor sees the flag and closes everything.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// A scanner: its name and its command line against a port.
struct Scanner {
    name: &'static str,
    program: &'static str,
    args: fn(u16) -> Vec<String>,
}

fn ours(port: u16) -> Vec<String> {
    vec!["scan".to_owned(), format!("127.0.0.1:{port}"), "--json".to_owned()]
}

fn sslscan(port: u16) -> Vec<String> {
    vec!["--no-colour".to_owned(), format!("127.0.0.1:{port}")]
}

fn nmap(port: u16) -> Vec<String> {
    ["-Pn", "-n", "--script", "ssl-enum-ciphers", "-p", &port.to_string(), "127.0.0.1"].map(str::to_owned).to_vec()
}

/// Whether `program` can be started at all.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// One finished scan: how long it took, its exit status and its standard output.
struct Run {
    took: Duration,
    status: ExitStatus,
    stdout: Vec<u8>,
}

/// Runs `scanner` against `port` once, killing it after [`LIMIT`].
fn run(scanner: &Scanner, port: u16) -> Result<Run, String> {
    let start = Instant::now();
    let mut guard = Guard(
        Command::new(scanner.program)
            .args((scanner.args)(port))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("start {}: {e}", scanner.program))?,
    );
    let mut stdout = guard.0.stdout.take().ok_or("no stdout pipe")?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let status = loop {
        match guard.0.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > LIMIT => {
                drop(guard); // kills it, which also ends the reader
                let _ = reader.join();
                return Err(format!("killed after {} s", LIMIT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(format!("wait for {}: {e}", scanner.program)),
        }
    };
    let took = start.elapsed();
    let stdout = reader.join().map_err(|_| "the output reader panicked".to_owned())?;
    Ok(Run { took, status, stdout })
}

/// What the bench found for one scanner.
struct Measured {
    median: Duration,
    fastest: Duration,
    slowest: Duration,
    connections: usize,
    /// `tls-policy`'s own count, from its JSON (the proxied run).
    reported: Option<u64>,
    /// Exit statuses other than success, for the notes.
    statuses: Vec<String>,
}

fn reported_connections(stdout: &[u8]) -> Option<u64> {
    let json: serde_json::Value = serde_json::from_slice(stdout).ok()?;
    json.get("connections")?.as_u64()
}

/// One run through the proxy (the connections), then [`RUNS`] straight to `s_server` (the
/// times).
fn measure(scanner: &Scanner, server: u16, proxy: &Proxy) -> Result<Measured, String> {
    let mut statuses = Vec::new();
    let mut note = |status: ExitStatus, how: &str| {
        if !status.success() {
            statuses.push(format!("{how}: {status}"));
        }
    };
    let before = proxy.settle()?;
    let counted = run(scanner, proxy.port)?;
    // Less the second marker.
    let connections = proxy.settle()? - before - 1;
    note(counted.status, "proxied run");
    let reported = reported_connections(&counted.stdout);
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let timed = run(scanner, server)?;
        note(timed.status, &format!("timed run {}", i + 1));
        times.push(timed.took);
    }
    times.sort();
    Ok(Measured {
        median: times[RUNS / 2],
        fastest: times[0],
        slowest: times[RUNS - 1],
        connections,
        reported,
        statuses,
    })
}

/// `a / b` as a ratio of times.
fn ratio(a: &Measured, b: &Measured) -> f64 {
    a.median.as_secs_f64() / b.median.as_secs_f64()
}

fn verdict(met: bool) -> &'static str {
    if met { "PASS" } else { "MISS" }
}

fn main() {
    let dir = certificate();
    let (_server, port) = s_server(&dir.0);
    let proxy = Proxy::start(port);
    println!("scan: openssl s_server on 127.0.0.1:{port} (DPS recommended list), counting proxy on {}", proxy.port);

    let scanners = [
        Scanner { name: "tls-policy", program: env!("CARGO_BIN_EXE_tls-policy"), args: ours },
        Scanner { name: "sslscan", program: "sslscan", args: sslscan },
        Scanner { name: "nmap", program: "nmap", args: nmap },
    ];
    let mut results: Vec<(&str, Result<Measured, String>)> = Vec::new();
    for scanner in &scanners {
        if !installed(scanner.program) {
            println!("scan: {} is not installed, skipped", scanner.program);
            continue;
        }
        println!("scan: {} ({} timed runs)...", scanner.name, RUNS);
        results.push((scanner.name, measure(scanner, port, &proxy)));
    }
    drop(proxy);

    let find = |name: &str| results.iter().find(|(n, _)| *n == name).and_then(|(_, r)| r.as_ref().ok());
    let base = find("tls-policy");
    println!();
    println!("{:<12} {:>10} {:>17} {:>12} {:>10}", "tool", "median s", "min-max s", "connections", "time/ours");
    for (name, result) in &results {
        match result {
            Ok(m) => {
                let against = base.map_or_else(|| "n/a".to_owned(), |b| format!("{:.2}x", ratio(m, b)));
                println!(
                    "{name:<12} {:>10.3} {:>17} {:>12} {against:>10}",
                    m.median.as_secs_f64(),
                    format!("{:.3}-{:.3}", m.fastest.as_secs_f64(), m.slowest.as_secs_f64()),
                    m.connections,
                );
            }
            Err(why) => println!("{name:<12} failed: {why}"),
        }
    }
    println!();
    for (name, result) in &results {
        if let Ok(m) = result {
            if let Some(n) = m.reported {
                println!("{name}: reports {n} connections in its JSON, the proxy counted {}", m.connections);
            }
            for status in &m.statuses {
                println!("{name}: {status}");
            }
        }
    }
    for other in ["sslscan", "nmap"] {
        if let (Some(m), Some(b)) = (find(other), base) {
            println!("{other} time / tls-policy time: {:.2}x", ratio(m, b));
        }
    }
    println!();
    match base {
        Some(b) => {
            println!("target: tls-policy < 25 connections: {} {}", b.connections, verdict(b.connections < 25));
            match find("sslscan") {
                Some(s) => {
                    let faster = ratio(s, b);
                    println!("target: tls-policy >= 3x faster than sslscan: {faster:.2}x {}", verdict(faster >= 3.0));
                }
                None => println!("target: tls-policy >= 3x faster than sslscan: n/a (no sslscan figures)"),
            }
        }
        None => println!("targets: n/a (no tls-policy figures)"),
    }
}
