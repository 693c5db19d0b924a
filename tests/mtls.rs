//! Mutual TLS end to end, real programs on 127.0.0.1: a server built by the crate (a plain
//! rustls `ServerConnection`, or the blocking `Screen` front) verifies devices that
//! `openssl s_client` and `curl` present certificates for, and names or refuses them; the
//! crate's device config presents its certificate to `openssl s_server -Verify`. The
//! certificates are made at test time with rcgen. Every loop is bounded, every socket has
//! timeouts, and every process started is stopped by its guard.

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys, the default provider
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/pki.rs"]
mod pki;
#[path = "support/s_client.rs"]
mod s_client;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pki::{Cred, pki};
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use s_client::{Guard, TIMEOUT, finish, found, s_client};
use tls_policy::rustls::{ClientAuth, DeviceIdentity, DeviceKey, DeviceRefusal, Realizer, Screen, Screened};
use tls_policy::{Alert, KeyTypes, NamedGroup, Policy};

/// What the server made of one connection.
#[derive(Debug)]
enum Outcome {
    Accepted(DeviceIdentity),
    Refused(rustls::Error),
    Failed(String),
}

/// How the server takes a connection.
#[derive(Clone)]
enum Front {
    Plain(Arc<ServerConfig>),
    Screened(Box<Screen>),
}

fn front(policy: &str, auth: ClientAuth, screened: bool) -> Front {
    let policy = Policy::named(policy).unwrap();
    let realizer = Realizer::new(&policy).client_auth(auth);
    let (chain, key) = pki().server.parts();
    if screened {
        Front::Screened(Box::new(realizer.screen(vec![(chain, key)]).unwrap()))
    } else {
        Front::Plain(Arc::new(realizer.server_config(chain, key).unwrap().config))
    }
}

fn auth() -> ClientAuth {
    ClientAuth::from_pem_file(&pki().ca_pem).unwrap()
}

/// Serves one connection on a port of its own; the outcome when it ends.
fn serve(front: Front) -> (u16, JoinHandle<Outcome>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + TIMEOUT;
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => return Outcome::Failed(format!("no connection: {e}")),
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        let connection = match front {
            Front::Plain(config) => ServerConnection::new(config).unwrap(),
            Front::Screened(screen) => match screen.accept(&mut stream) {
                Ok(Screened::Accepted { connection, .. }) => *connection,
                other => return Outcome::Failed(format!("screen: {other:?}")),
            },
        };
        drive(connection, &mut stream)
    });
    (port, handle)
}

/// Finishes the handshake (at most 64 rounds), answers an HTTP response and closes.
fn drive(mut tls: ServerConnection, stream: &mut TcpStream) -> Outcome {
    for _ in 0..64 {
        if !tls.is_handshaking() {
            let identity = DeviceIdentity::from_connection(&tls);
            let body = identity.as_ref().map_or_else(|e| e.to_string(), ToString::to_string);
            let response =
                format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = tls.writer().write_all(response.as_bytes());
            tls.send_close_notify();
            while tls.wants_write() && tls.write_tls(stream).is_ok() {}
            return identity.map_or_else(|e| Outcome::Failed(e.to_string()), Outcome::Accepted);
        }
        if tls.wants_write() {
            if let Err(e) = tls.write_tls(stream) {
                return Outcome::Failed(format!("write: {e}"));
            }
            continue;
        }
        match tls.read_tls(stream) {
            Ok(0) => return Outcome::Failed("the client closed during the handshake".into()),
            Ok(_) => {}
            Err(e) => return Outcome::Failed(format!("read: {e}")),
        }
        if let Err(error) = tls.process_new_packets() {
            while tls.wants_write() && tls.write_tls(stream).is_ok() {}
            return Outcome::Refused(error);
        }
    }
    Outcome::Failed("no end after 64 rounds".into())
}

fn outcome(handle: JoinHandle<Outcome>) -> Outcome {
    handle.join().expect("the server thread")
}

fn openssl_present() -> bool {
    let here = found("openssl");
    if !here {
        eprintln!("skipped: openssl is not installed (the mutual-TLS tests drive openssl s_client and s_server)");
    }
    here
}

/// `openssl s_client` presenting a device certificate (or none): the server's outcome and
/// what the client printed.
fn with_s_client(front: Front, device: Option<&Cred>, args: &[&str]) -> (Outcome, String) {
    let (port, handle) = serve(front);
    let ca = pki().ca_pem.to_str().unwrap();
    let mut all = vec!["-CAfile", ca, "-verify_return_error", "-ign_eof"];
    if let Some(device) = device {
        all.extend(["-cert", device.pem.to_str().unwrap(), "-key", device.key_pem.to_str().unwrap()]);
    }
    all.extend(args);
    let printed = finish(s_client(port, &all));
    (outcome(handle), printed)
}

fn assert_accepted(outcome: &Outcome, cn: &str, key: &DeviceKey) {
    match outcome {
        Outcome::Accepted(device) => {
            assert_eq!(device.common_name.as_deref(), Some(cn));
            assert_eq!(&device.key, key);
        }
        other => panic!("{cn}: expected acceptance, got {other:?}"),
    }
}

/// The refusal, checked against the alert s_client reports when it reports one.
fn assert_refused(outcome: &Outcome, printed: &str, expected: &DeviceRefusal) {
    let Outcome::Refused(error) = outcome else { panic!("expected {expected}, got {outcome:?}\n{printed}") };
    let refusal = DeviceRefusal::from_error(error).unwrap_or_else(|| panic!("not about the device: {error}"));
    assert_eq!(&refusal, expected, "{error}");
    let number = refusal.alert().number();
    assert!(printed.contains(&format!("alert number {number}")), "s_client did not see alert {number}:\n{printed}");
}

const P256: DeviceKey = DeviceKey::Ecdsa { curve: NamedGroup::secp256r1 };

#[test]
fn s_client_devices_are_named_by_cn_and_key() {
    if !openssl_present() {
        return;
    }
    let pki = pki();
    for version in ["-tls1_2", "-tls1_3"] {
        let front = front("mozilla-intermediate", auth(), false);
        let (got, printed) = with_s_client(front.clone(), Some(&pki.p256), &[version]);
        assert_accepted(&got, "device-p256", &P256);
        assert!(printed.contains("CN=device-p256 ECDSA P-256"), "{printed}");
        let (got, _) = with_s_client(front.clone(), Some(&pki.rsa), &[version]);
        assert_accepted(&got, "device-rsa", &DeviceKey::Rsa { bits: 2048 });
        let (got, _) = with_s_client(front, Some(&pki.p384), &[version]);
        assert_accepted(&got, "device-p384", &DeviceKey::Ecdsa { curve: NamedGroup::secp384r1 });
    }
}

#[test]
fn the_screened_front_verifies_devices_too() {
    if !openssl_present() {
        return;
    }
    let (got, _) = with_s_client(front("dps-tls12", auth(), true), Some(&pki().p256), &[]);
    assert_accepted(&got, "device-p256", &P256);
    let (got, printed) = with_s_client(front("dps-tls12", auth(), true), Some(&pki().other_ca), &[]);
    assert_refused(&got, &printed, &DeviceRefusal::UnknownIssuer);
}

#[test]
fn s_client_refusals_say_why_with_rustls_alerts() {
    if !openssl_present() {
        return;
    }
    let pki = pki();
    let rsa = DeviceKey::Rsa { bits: 2048 };
    let cases: [(Option<&Cred>, ClientAuth, DeviceRefusal); 6] = [
        (None, auth(), DeviceRefusal::NoCertificate),
        (Some(&pki.other_ca), auth(), DeviceRefusal::UnknownIssuer),
        (Some(&pki.expired), auth(), DeviceRefusal::Expired),
        (Some(&pki.not_yet_valid), auth(), DeviceRefusal::NotYetValid),
        (Some(&pki.bad_signature), auth(), DeviceRefusal::BadSignature),
        (
            Some(&pki.rsa),
            auth().allow_keys(KeyTypes::ECDSA),
            DeviceRefusal::KeyNotAllowed { key: rsa, allowed: KeyTypes::ECDSA },
        ),
    ];
    for (device, auth, expected) in cases {
        for version in ["-tls1_2", "-tls1_3"] {
            let (got, printed) = with_s_client(front("mozilla-intermediate", auth.clone(), false), device, &[version]);
            assert_refused(&got, &printed, &expected);
        }
    }
    assert_eq!(DeviceRefusal::NoCertificate.alert(), Alert::CertificateRequired);
}

#[test]
fn optional_client_auth_lets_a_device_without_a_certificate_in() {
    if !openssl_present() {
        return;
    }
    let (got, _) = with_s_client(front("mozilla-intermediate", auth().optional(), false), None, &[]);
    assert!(matches!(got, Outcome::Failed(ref e) if e == "the device presented no certificate"), "{got:?}");
}

#[test]
fn curl_devices_are_named_or_refused() {
    if !found("curl") {
        eprintln!("skipped: curl is not installed");
        return;
    }
    let pki = pki();
    let curl = |device: Option<&Cred>, auth: ClientAuth| {
        let (port, handle) = serve(front("mozilla-intermediate", auth, false));
        let presented = device.map(|d| ["--cert", d.pem.to_str().unwrap(), "--key", d.key_pem.to_str().unwrap()]);
        let child = Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "10", "--cacert", pki.ca_pem.to_str().unwrap()])
            .args(presented.iter().flatten())
            .args(["--resolve", &format!("localhost:{port}:127.0.0.1"), &format!("https://localhost:{port}/")])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start curl");
        let printed = finish(child);
        (outcome(handle), printed)
    };
    let (got, printed) = curl(Some(&pki.p256), auth());
    assert_accepted(&got, "device-p256", &P256);
    assert_eq!(printed, "CN=device-p256 ECDSA P-256");
    let (got, printed) = curl(Some(&pki.rsa), auth());
    assert_accepted(&got, "device-rsa", &DeviceKey::Rsa { bits: 2048 });
    assert_eq!(printed, "CN=device-rsa RSA 2048");
    let refused = [
        (None, DeviceRefusal::NoCertificate),
        (Some(&pki.other_ca), DeviceRefusal::UnknownIssuer),
        (Some(&pki.expired), DeviceRefusal::Expired),
    ];
    for (device, expected) in refused {
        let (got, printed) = curl(device, auth());
        let Outcome::Refused(error) = &got else { panic!("expected {expected}, got {got:?}: {printed}") };
        assert_eq!(DeviceRefusal::from_error(error), Some(expected));
    }
}

/// `openssl s_server -Verify 1` on a port of its own, its output as it comes.
fn s_server() -> (Guard, u16, std::sync::mpsc::Receiver<String>) {
    let pki = pki();
    let mut child = Command::new("openssl")
        .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-Verify", "1"])
        .args(["-CAfile", pki.ca_pem.to_str().unwrap()])
        .args(["-cert", pki.server.pem.to_str().unwrap(), "-key", pki.server.key_pem.to_str().unwrap()])
        // Open while the guard holds the child: s_server quits at the end of its input.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start openssl s_server");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let guard = Guard(child);
    let (send, lines) = channel();
    let outs: [Box<dyn Read + Send>; 2] = [Box::new(stdout), Box::new(stderr)];
    for out in outs {
        let send = send.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let deadline = Instant::now() + TIMEOUT;
    let port = loop {
        let line =
            lines.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("s_server's ACCEPT line");
        if let Some(port) = line.strip_prefix("ACCEPT 127.0.0.1:").and_then(|p| p.trim().parse().ok()) {
            break port;
        }
    };
    (guard, port, lines)
}

#[test]
fn the_device_config_presents_its_certificate_to_s_server() {
    if !openssl_present() {
        return;
    }
    let pki = pki();
    for (device, cn) in [(&pki.p256, "device-p256"), (&pki.p384, "device-p384"), (&pki.rsa, "device-rsa")] {
        let (guard, port, lines) = s_server();
        let mut roots = RootCertStore::empty();
        roots.add(pki.ca.clone()).unwrap();
        let policy = Policy::named("mozilla-intermediate").unwrap();
        let (chain, key) = device.parts();
        let realized = Realizer::new(&policy).device_config(chain, key, roots).unwrap();
        assert_eq!(realized.report.policy().id(), "mozilla-intermediate");
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let mut tls = ClientConnection::new(Arc::new(realized.config), name).unwrap();
        for _ in 0..64 {
            if !tls.is_handshaking() {
                break;
            }
            if let Err(e) = tls.complete_io(&mut tcp) {
                let said: Vec<String> =
                    lines.recv_timeout(Duration::from_secs(1)).into_iter().chain(lines.try_iter()).collect();
                panic!("{cn}: {e}; s_server said:\n{}", said.join("\n"));
            }
        }
        assert!(!tls.is_handshaking(), "{cn}: no handshake in 64 rounds");
        tls.writer().write_all(b"hello from the device\n").unwrap();
        tls.send_close_notify();
        // s_server may reset rather than answer the close_notify: only the sending matters.
        while tls.wants_write() {
            tls.write_tls(&mut tcp).unwrap();
        }
        // What s_server printed, until it has echoed our line or the timeout.
        let deadline = Instant::now() + TIMEOUT;
        let mut printed = Vec::new();
        while let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            let done = line.contains("hello from the device");
            printed.push(line);
            if done {
                break;
            }
        }
        drop(guard);
        let printed = printed.join("\n");
        assert!(printed.contains(&format!("subject=CN = {cn}")), "{cn}:\n{printed}");
    }
}
