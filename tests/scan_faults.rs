//! `tls_policy::scan::scan` against broken TCP endpoints on 127.0.0.1: one that never
//! answers, one that answers garbage, one that answers HTTP, one that floods its answer (with
//! an unfinished message, or with endless messages after a ServerHello), one that accepts
//! every hello (a TLS 1.2 ServerHello with the first suite offered, then a close, or a
//! reset), one that answers the first probe and then falls silent, the connection and time
//! budgets; a port nobody listens on, and targets that are not `HOST:PORT`.
//!
//! What it proves: every scan ends within a bound computed from its options (the scan runs on
//! a thread of its own and the test waits for it with a timeout, so a hang fails the test
//! instead of stalling it), never panics, and says what happened: a first probe that fails is
//! `ScanError::Unreachable` with the probe's error (no answer, not TLS, HTTP, too long), a later
//! one a fault counted as a refusal, an exhausted budget `incomplete`.
//!
//! The fake endpoints are std threads in the test, on ports the system gives (bind
//! 127.0.0.1:0); each stops when its test ends (a flag, then a connection that wakes its
//! `accept`) or after a bounded number of connections, and is joined with a bounded wait.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tls_policy::ClientHello;
use tls_policy::scan::{AnswerError, FallbackScsv, ProbeError, Scan, ScanError, ScanOptions, VersionState, scan};
use tls_policy::{Preference, ProtocolVersion};

/// The most connections a fake accepts before its loop ends by itself.
const MAX_ACCEPTS: usize = 5_000;

/// How long a fake's socket read blocks before it looks at its stop flag again.
const POLL: Duration = Duration::from_millis(25);

/// The slack on top of a scan's own time bound (a bound on hanging, not on speed).
const SLACK: Duration = Duration::from_secs(3);

/// What a fake does with one connection: its number (from 0), the socket, the stop flag.
type Handler = fn(usize, &mut TcpStream, &AtomicBool);

/// A fake endpoint: a listener on 127.0.0.1 and the thread that serves it, one connection at
/// a time (a scan makes one connection at a time).
struct Fake {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    accepted: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

impl Fake {
    fn start(handler: Handler) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (flag, count) = (Arc::clone(&stop), Arc::clone(&accepted));
        let thread = thread::spawn(move || {
            for n in 0..MAX_ACCEPTS {
                let Ok((mut socket, _)) = listener.accept() else { continue };
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                count.fetch_add(1, Ordering::SeqCst);
                // A socket error is the client's doing (it gave up, or reset): next one.
                let _ = socket.set_nodelay(true);
                let _ = socket.set_write_timeout(Some(Duration::from_secs(5)));
                handler(n, &mut socket, &flag);
            }
        });
        Self { address, stop, accepted, thread: Some(thread) }
    }

    fn target(&self) -> String {
        self.address.to_string()
    }

    /// The connections accepted so far.
    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept (refused once the loop has ended and dropped the listener).
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        let Some(thread) = self.thread.take() else { return };
        let deadline = Instant::now() + Duration::from_secs(5);
        while !thread.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        if thread.is_finished() {
            let panicked = thread.join().is_err();
            assert!(!panicked || thread::panicking(), "the fake endpoint at {} panicked", self.address);
        } else {
            assert!(thread::panicking(), "the fake endpoint at {} did not stop within 5 s", self.address);
        }
    }
}

/// Reads exactly `buffer.len()` bytes, giving up when the stop flag is set, the peer closes
/// or fails, or 10 s pass.
fn read_exact(socket: &mut TcpStream, buffer: &mut [u8], stop: &AtomicBool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    if socket.set_read_timeout(Some(POLL)).is_err() {
        return false;
    }
    let mut at = 0;
    while at < buffer.len() {
        if stop.load(Ordering::SeqCst) || Instant::now() >= deadline {
            return false;
        }
        match socket.read(&mut buffer[at..]) {
            Ok(0) => return false,
            Ok(n) => at += n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => {}
            Err(_) => return false,
        }
    }
    true
}

/// Reads one ClientHello record (the scanner sends each hello in one record).
fn read_hello(socket: &mut TcpStream, stop: &AtomicBool) -> Option<Vec<u8>> {
    let mut header = [0u8; 5];
    if !read_exact(socket, &mut header, stop) {
        return None;
    }
    let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let mut record = header.to_vec();
    record.resize(5 + length, 0);
    read_exact(socket, &mut record[5..], stop).then_some(record)
}

/// Reads and drops whatever comes until the peer closes or the stop flag is set.
fn drain(socket: &mut TcpStream, stop: &AtomicBool) {
    let mut sink = [0u8; 1024];
    let _ = socket.set_read_timeout(Some(POLL));
    while !stop.load(Ordering::SeqCst) {
        match socket.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => {}
            Err(_) => return,
        }
    }
}

/// A record of `content_type` with record version 0x0303 around `payload`.
fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len()).unwrap();
    let mut bytes = vec![content_type, 3, 3];
    bytes.extend(length.to_be_bytes());
    bytes.extend(payload);
    bytes
}

/// A handshake message: type, 24-bit length, body.
fn handshake(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let length = u32::try_from(body.len()).unwrap().to_be_bytes();
    let mut bytes = vec![msg_type, length[1], length[2], length[3]];
    bytes.extend(body);
    bytes
}

/// The ServerHello an accept-everything server sends: the hello's `legacy_version` (at most
/// TLS 1.2: no `supported_versions`, so a TLS 1.3 hello is answered with TLS 1.2), a fixed
/// random, no session id, the first suite offered, null compression, no extensions.
fn server_hello(client_hello: &[u8]) -> Option<Vec<u8>> {
    let hello = ClientHello::parse(client_hello).ok()?;
    let suite = hello.suites().iter().next()?.get();
    let version = u16::from(hello.legacy_version()).min(0x0303);
    let mut body = version.to_be_bytes().to_vec();
    body.extend([0x42; 32]);
    body.push(0);
    body.extend(suite.to_be_bytes());
    body.push(0);
    Some(record(22, &handshake(2, &body)))
}

/// Reads the hello, answers it with [`server_hello`], closes.
fn accept_everything(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    let Some(hello) = read_hello(socket, stop) else { return };
    let Some(answer) = server_hello(&hello) else { return };
    let _ = socket.write_all(&answer);
    let _ = socket.flush();
    let _ = socket.shutdown(std::net::Shutdown::Write);
    drain(socket, stop);
}

/// Reads the hello and sends nothing, until the client gives up.
fn silent(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    let _ = read_hello(socket, stop);
    drain(socket, stop);
}

/// Reads the hello, answers bytes that are not TLS, closes.
fn garbage(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    if read_hello(socket, stop).is_some() {
        let _ = socket.write_all(b"\x00\xFFgarbage\x13\x37 not a record at all");
    }
}

const HTTP_400: &[u8] = b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\
Connection: close\r\n\r\nBad Request";

/// Reads the hello, answers as a plain-HTTP server does, closes.
fn http(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    if read_hello(socket, stop).is_some() {
        let _ = socket.write_all(HTTP_400);
    }
}

/// 100 KiB of handshake records of 16 KiB: one ServerHello announced as 60000 bytes (under
/// the reader's 64 KiB message limit, so the reader waits for it) and never finished.
fn flood_bytes() -> Vec<u8> {
    let mut stream = vec![2, 0x00, 0xEA, 0x60];
    stream.resize(100 * 1024, 0);
    stream.chunks(16 * 1024).flat_map(|piece| record(22, piece)).collect()
}

/// Reads the hello, answers [`flood_bytes`].
fn flood(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    if read_hello(socket, stop).is_some() {
        // The client stops reading (and resets) once it has had enough.
        let _ = socket.write_all(&flood_bytes());
    }
    drain(socket, stop);
}

/// A complete TLS 1.2 ServerHello, then handshake messages the reader skips (type 22,
/// CertificateStatus) that never end with a ServerHelloDone: 100 KiB of them.
fn endless_messages(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    let Some(hello) = read_hello(socket, stop) else { return };
    let Some(mut answer) = server_hello(&hello) else { return };
    let status = record(22, &handshake(22, &[0; 1020]));
    while answer.len() < 100 * 1024 {
        answer.extend(&status);
    }
    let _ = socket.write_all(&answer);
    drain(socket, stop);
}

/// Peeks at the hello without reading it, answers it with [`server_hello`], and closes with
/// the hello unread, which makes the close a reset (RST) rather than a FIN.
fn accept_then_reset(_: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let _ = socket.set_read_timeout(Some(POLL));
    let mut peeked = vec![0u8; 5 + 0xFFFF];
    let hello = loop {
        if stop.load(Ordering::SeqCst) || Instant::now() >= deadline {
            return;
        }
        match socket.peek(&mut peeked) {
            Ok(0) => return,
            Ok(n) if n >= 5 => {
                let whole = 5 + usize::from(u16::from_be_bytes([peeked[3], peeked[4]]));
                if n >= whole {
                    break &peeked[..whole];
                }
                thread::sleep(Duration::from_millis(1));
            }
            Ok(_) => thread::sleep(Duration::from_millis(1)),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => {}
            Err(_) => return,
        }
    };
    if let Some(answer) = server_hello(hello) {
        let _ = socket.write_all(&answer);
    }
}

/// The first connection accepted as [`accept_everything`] does; every later one silent.
fn first_then_silent(n: usize, socket: &mut TcpStream, stop: &AtomicBool) {
    if n == 0 { accept_everything(n, socket, stop) } else { silent(n, socket, stop) }
}

fn options(timeout: Duration, max_connections: usize, max_time: Duration) -> ScanOptions {
    let mut options = ScanOptions::default();
    options.timeout = timeout;
    options.max_connections = max_connections;
    options.max_time = max_time;
    options
}

/// Runs the scan on its own thread and waits at most `max_time + SLACK` for it: a hang or a
/// panic fails the test with a message. Returns the outcome and how long it took.
fn scan_within(target: &str, options: &ScanOptions) -> (Result<Scan, ScanError>, Duration) {
    let bound = options.max_time + SLACK;
    let (send, receive) = mpsc::channel();
    let (owned_target, owned_options) = (target.to_owned(), options.clone());
    let started = Instant::now();
    let worker = thread::spawn(move || {
        let outcome = scan(&owned_target, &owned_options);
        let _ = send.send((outcome, started.elapsed()));
    });
    match receive.recv_timeout(bound) {
        Ok(done) => {
            worker.join().unwrap();
            assert!(done.1 <= bound, "the scan of {target} took {:?}, over {bound:?}", done.1);
            done
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the scan of {target} did not end within {bound:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().unwrap_err();
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("the scan of {target} panicked: {what}")
        }
    }
}

/// The probe error of a scan that could not be made, with its message.
fn unreachable(outcome: Result<Scan, ScanError>, target: &str) -> (ProbeError, String) {
    match outcome {
        Err(error @ ScanError::Unreachable { .. }) => {
            let message = error.to_string();
            let ScanError::Unreachable { target: named, error: probe } = error else { unreachable!() };
            assert_eq!(named, target);
            assert!(message.starts_with(target), "{message}");
            (probe, message)
        }
        other => panic!("{target}: expected ScanError::Unreachable, got {other:?}"),
    }
}

/// Asserts a probe failed within one timeout (plus slack): the first probe is the only one.
fn within_one_probe(took: Duration, options: &ScanOptions) {
    assert!(took <= options.timeout + SLACK, "one failed probe took {took:?} with a timeout of {:?}", options.timeout);
}

#[test]
fn an_endpoint_that_never_answers_is_unreachable_with_a_timeout() {
    let fake = Fake::start(silent);
    let options = options(Duration::from_millis(300), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let (error, message) = unreachable(outcome, &fake.target());
    assert!(matches!(error, ProbeError::Timeout { after } if after == Duration::from_millis(300)), "{error:?}");
    assert!(message.contains("no answer within 300 ms"), "{message}");
    // It waited for the timeout (less a socket timer's rounding), and no longer than one.
    assert!(took >= Duration::from_millis(250), "{took:?}");
    within_one_probe(took, &options);
    assert_eq!(fake.accepted(), 1, "a failed first probe ends the scan");
}

#[test]
fn an_endpoint_that_answers_garbage_is_unreachable_not_tls() {
    let fake = Fake::start(garbage);
    let options = options(Duration::from_secs(2), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let (error, message) = unreachable(outcome, &fake.target());
    assert!(matches!(error, ProbeError::Answer(AnswerError::NotTls { offset: 0, byte: 0 })), "{error:?}");
    assert!(message.contains("not TLS"), "{message}");
    assert!(message.contains("0x00 is not a TLS record content type"), "{message}");
    within_one_probe(took, &options);
}

#[test]
fn an_endpoint_that_answers_http_is_unreachable_and_named_http() {
    let fake = Fake::start(http);
    let options = options(Duration::from_secs(2), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let (error, message) = unreachable(outcome, &fake.target());
    assert!(matches!(error, ProbeError::Answer(AnswerError::Http)), "{error:?}");
    assert!(message.contains("answered HTTP"), "{message}");
    assert!(message.contains("plain-HTTP port"), "{message}");
    within_one_probe(took, &options);
}

#[test]
fn an_endpoint_that_floods_its_answer_is_cut_off_at_the_limit() {
    let fake = Fake::start(flood);
    let options = options(Duration::from_secs(3), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let (error, message) = unreachable(outcome, &fake.target());
    assert!(matches!(error, ProbeError::Answer(AnswerError::TooLong { limit: 65536 })), "{error:?}");
    assert!(message.contains("no complete answer within 65536 bytes"), "{message}");
    within_one_probe(took, &options);
}

#[test]
fn a_hello_followed_by_endless_messages_is_cut_off_at_the_limit() {
    let fake = Fake::start(endless_messages);
    let options = options(Duration::from_secs(3), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let (error, message) = unreachable(outcome, &fake.target());
    assert!(matches!(error, ProbeError::Answer(AnswerError::TooLong { limit: 65536 })), "{error:?}");
    assert!(message.contains("no complete answer within 65536 bytes"), "{message}");
    within_one_probe(took, &options);
}

/// The versions of a scan, each with its state described.
fn versions(scan: &Scan) -> Vec<(ProtocolVersion, String)> {
    scan.versions.iter().map(|v| (v.version, v.state.describe())).collect()
}

/// Checks what a scan of [`accept_everything`] says of each version it got to: TLS 1.3
/// answered with TLS 1.2 (the fake has no `supported_versions`), every other version
/// accepted, each suite found once.
fn accepted_everything(scan: &Scan) {
    assert_eq!(
        scan.version(ProtocolVersion::TLSv1_3).map(|v| &v.state),
        Some(&VersionState::Lower { answered: ProtocolVersion::TLSv1_2 }),
        "{:?}",
        versions(scan)
    );
    for v in scan.versions.iter().skip(1) {
        let VersionState::Accepted(accepted) = &v.state else { panic!("{}: {}", v.version, v.state.describe()) };
        let mut distinct = accepted.suites.clone();
        distinct.sort_by_key(|s| s.get());
        distinct.dedup();
        assert_eq!(distinct.len(), accepted.suites.len(), "{}: a suite found twice", v.version);
        assert!(accepted.suites.len() >= 2, "{}: {:?}", v.version, accepted.suites);
    }
}

#[test]
fn an_endpoint_that_accepts_everything_runs_out_of_a_budget_of_400() {
    let fake = Fake::start(accept_everything);
    let options = options(Duration::from_secs(2), 400, Duration::from_secs(60));
    let (outcome, _) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!("accept-everything, 400: {} connections, {:?}, {:?}", scan.connections, scan.incomplete, versions(&scan));
    assert_eq!(scan.connections, 400);
    assert_eq!(fake.accepted(), scan.connections, "the fake saw every connection the scan counted");
    let why = scan.incomplete.as_deref().expect("400 connections do not finish this scan");
    assert!(why.contains("connection budget (400)"), "{why}");
    accepted_everything(&scan);
    // TLS 1.2 is finished (its every suite, the order probes, the group probe) within the
    // budget; the budget runs out in TLS 1.1, whose suites found so far are kept.
    let Some(VersionState::Accepted(tls12)) = scan.version(ProtocolVersion::TLSv1_2).map(|v| &v.state) else {
        panic!("{:?}", versions(&scan))
    };
    assert!(tls12.suites.len() > 100, "{}", tls12.suites.len());
    assert_eq!(tls12.preference, Some(Preference::Client));
    assert!(scan.version(ProtocolVersion::TLSv1_1).is_some(), "{:?}", versions(&scan));
    assert!(scan.version(ProtocolVersion::SSLv3).is_none(), "{:?}", versions(&scan));
}

#[test]
fn an_endpoint_that_accepts_everything_is_scanned_to_the_end_within_the_default_budget() {
    use tls_policy::ProtocolVersion as V;
    let fake = Fake::start(accept_everything);
    let options = options(Duration::from_secs(2), ScanOptions::default().max_connections, Duration::from_secs(60));
    let (outcome, _) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!(
        "accept-everything, default budget: {} connections in {:?}; faults {:#?}; {:?}",
        scan.connections,
        scan.elapsed,
        scan.faults,
        versions(&scan)
    );
    assert!(scan.connections <= options.max_connections, "{}", scan.connections);
    assert_eq!(fake.accepted(), scan.connections);
    assert_eq!(scan.incomplete, None);
    let listed: Vec<ProtocolVersion> = scan.versions.iter().map(|v| v.version).collect();
    assert_eq!(listed, [V::TLSv1_3, V::TLSv1_2, V::TLSv1_1, V::TLSv1_0, V::SSLv3]);
    accepted_everything(&scan);
    let accepted: Vec<ProtocolVersion> = scan.accepted_versions().map(|(v, _)| v).collect();
    assert_eq!(accepted, [V::TLSv1_2, V::TLSv1_1, V::TLSv1_0, V::SSLv3]);
    for (version, a) in scan.accepted_versions() {
        // The fake takes the first suite offered: the client's order.
        assert_eq!(a.preference, Some(Preference::Client), "{version}");
        // Its ServerHello names no group (no ServerKeyExchange follows), so none is found.
        assert!(a.groups.is_empty(), "{version}: {:?}", a.groups);
    }
    assert_eq!(scan.fallback_scsv, FallbackScsv::Ignored);
    // The group search of each version with ECDHE suites (not SSL 3.0) is a fault: the
    // answer names no group.
    assert_eq!(scan.faults.len(), 3, "{:#?}", scan.faults);
    for (fault, version) in scan.faults.iter().zip(["TLSv1.2", "TLSv1.1", "TLSv1.0"]) {
        let start = format!("a {version} hello offering groups was answered with {version} TLS_ECDHE_");
        assert!(fault.contains(&start) && fault.ends_with("and no group (no key exchange named one)"), "{fault}");
    }
    assert!(!scan.is_complete());
}

#[test]
fn an_endpoint_that_falls_silent_after_the_first_answer_gives_faults_within_max_time() {
    let fake = Fake::start(first_then_silent);
    let options = options(Duration::from_millis(200), 500, Duration::from_secs(2));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!(
        "silent after one: {} connections in {took:?}; incomplete {:?}; {} faults; {:?}",
        scan.connections,
        scan.incomplete,
        scan.faults.len(),
        versions(&scan)
    );
    // Time runs out long before the 500 connections do: each silent probe takes 200 ms.
    let why = scan.incomplete.as_deref().expect("the time budget runs out");
    assert!(why.contains("time budget (2s)"), "{why}");
    assert!(took >= Duration::from_secs(2), "{took:?}");
    // About 2 s / 200 ms of them, and at least the answered one and a silent one.
    assert!((2..=15).contains(&scan.connections), "{}", scan.connections);
    assert!(!scan.faults.is_empty());
    for fault in &scan.faults {
        assert!(fault.starts_with("probe ") && fault.ends_with(": no answer within 200 ms"), "{fault}");
    }
    // The first answer is kept; the silent probes after it count as refusals.
    assert_eq!(scan.versions[0].state, VersionState::Lower { answered: ProtocolVersion::TLSv1_2 });
    assert_eq!(scan.version(ProtocolVersion::TLSv1_2).map(|v| &v.state), Some(&VersionState::Refused { alert: None }));
    assert!(!scan.is_complete());
}

#[test]
fn the_connection_budget_stops_a_scan_of_an_endpoint_that_accepts_everything() {
    let fake = Fake::start(accept_everything);
    let options = options(Duration::from_secs(2), 3, Duration::from_secs(30));
    let (outcome, _) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!("accept-everything, 3: {:?}, {:?}", scan.incomplete, versions(&scan));
    assert_eq!(scan.connections, 3);
    assert_eq!(fake.accepted(), 3);
    let why = scan.incomplete.as_deref().expect("incomplete");
    assert!(why.contains("connection budget (3)"), "{why}");
    // One probe for TLS 1.3 (answered with TLS 1.2), two suites found in TLS 1.2, kept.
    assert_eq!(scan.versions[0].state, VersionState::Lower { answered: ProtocolVersion::TLSv1_2 });
    let Some((ProtocolVersion::TLSv1_2, tls12)) = scan.accepted_versions().next() else { panic!("{scan:?}") };
    assert_eq!(tls12.suites.len(), 2, "{:?}", tls12.suites);
    assert_eq!(scan.versions.len(), 2);
    assert!(scan.faults.is_empty(), "{:?}", scan.faults);
}

#[test]
fn an_endpoint_that_answers_and_resets_is_scanned_as_one_that_closes() {
    let fake = Fake::start(accept_then_reset);
    let options = options(Duration::from_secs(2), 400, Duration::from_secs(60));
    let (outcome, _) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!("accept-then-reset, 400: {} connections, {:?}, {:?}", scan.connections, scan.incomplete, versions(&scan));
    assert!(scan.connections <= 400, "{}", scan.connections);
    // Linux hands the client the ServerHello queued before the reset, and the reader takes a
    // reset as a close: the same scan as of the fake that closes.
    if cfg!(target_os = "linux") {
        assert_eq!(scan.connections, 400);
        assert!(scan.incomplete.as_deref().is_some_and(|why| why.contains("connection budget (400)")));
        accepted_everything(&scan);
    }
}

#[test]
fn a_port_nobody_listens_on_is_unreachable_with_a_connect_error() {
    let address = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let target = address.to_string();
    let options = options(Duration::from_secs(2), 50, Duration::from_secs(10));
    let (outcome, took) = scan_within(&target, &options);
    let (error, message) = unreachable(outcome, &target);
    assert!(matches!(&error, ProbeError::Connect { address: a, .. } if *a == address), "{error:?}");
    assert!(message.contains(&format!("cannot connect to {address}")), "{message}");
    within_one_probe(took, &options);
}

#[test]
fn a_time_budget_under_a_second_ends_the_scan_in_time() {
    let fake = Fake::start(first_then_silent);
    let options = options(Duration::from_millis(200), 500, Duration::from_millis(700));
    let (outcome, took) = scan_within(&fake.target(), &options);
    let scan = outcome.unwrap();
    eprintln!("silent after one, 700 ms: {took:?}, {:?}, {:?}", scan.incomplete, scan.faults);
    assert!(took >= Duration::from_millis(700), "{took:?}");
    let why = scan.incomplete.as_deref().expect("the time budget runs out");
    // The budget is named as it was given.
    assert!(why.contains("time budget (700ms)"), "{why}");
    assert!(!scan.faults.is_empty());
}

#[test]
fn a_name_that_is_not_host_port_is_an_address_error() {
    let options = options(Duration::from_millis(500), 5, Duration::from_secs(5));
    for target in ["nohost", "127.0.0.1:notaport"] {
        let (outcome, took) = scan_within(target, &options);
        match outcome {
            Err(error @ ScanError::Address { .. }) => {
                let message = error.to_string();
                assert!(message.contains(&format!("{target:?}")), "{message}");
                assert!(message.contains("HOST:PORT"), "{message}");
                let ScanError::Address { target: named, why } = error else { unreachable!() };
                assert_eq!(named, target);
                assert!(!why.is_empty());
            }
            other => panic!("{target}: expected ScanError::Address, got {other:?}"),
        }
        assert!(took < SLACK, "{target}: {took:?}");
    }
}
