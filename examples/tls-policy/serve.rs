//! `config` and `serve`: a policy as rustls configs, its realization report, and a real
//! server on 127.0.0.1 that screens every ClientHello with the engine.

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use tls_policy::rustls::{Gap, Realizer, Report, Screen, ScreenError, Screened};
use tls_policy::{Agreement, Credentials, KeyType, Policy};

use crate::Failure;

/// A chain and key, made at start.
type Identity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

/// Self-signed certificates for `localhost`, one per key type held: RSA-2048, ECDSA P-256.
fn identities(keys: Credentials) -> Result<Vec<Identity>, String> {
    let mut out = Vec::new();
    for (key, alg) in [(KeyType::Rsa, &rcgen::PKCS_RSA_SHA256), (KeyType::Ecdsa, &rcgen::PKCS_ECDSA_P256_SHA256)] {
        if !keys.holds(key) {
            continue;
        }
        let pair = rcgen::KeyPair::generate_for(alg).map_err(|e| format!("{key} key: {e}"))?;
        let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(|e| e.to_string())?;
        let cert = params.self_signed(&pair).map_err(|e| format!("{key} certificate: {e}"))?;
        out.push((vec![cert.der().clone()], PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pair.serialize_der()))));
    }
    Ok(out)
}

fn screen(policy: &Policy, keys: Credentials, strict: bool) -> Result<Screen, String> {
    let realizer = Realizer::new(policy);
    let realizer = if strict { realizer.strict() } else { realizer };
    realizer.screen(identities(keys)?).map_err(|e| e.to_string())
}

/// `config`: what rustls configs built from the policy enforce, entry by entry.
pub(crate) fn config(policy: &Policy, keys: Credentials, strict: bool, json: bool) -> Result<(), Failure> {
    let screen = screen(policy, keys, strict)?;
    let report = screen.report();
    if json {
        return say!("{}", report_json(report, keys, strict));
    }
    say!("{}: as rustls configs for {keys} keys enforce it", policy.id())?;
    let rows: Vec<Vec<String>> = policy
        .entries()
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let status = match report.entry_gap(entry) {
                None => match key_missing(entry, keys) {
                    Some(key) => format!("realized; unused without an {key} key"),
                    None => "realized".to_owned(),
                },
                Some(Gap::Suite { why, .. }) => format!("dropped: {why}"),
                Some(Gap::GroupConstraint { .. }) => "dropped: rustls cannot tie a suite to one group".to_owned(),
                Some(Gap::NoGroupFor { .. }) => "dropped: no group rustls can use for it".to_owned(),
                Some(other) => format!("dropped: {other}"),
            };
            vec![(i + 1).to_string(), format!("0x{:04X}", entry.suite.get()), entry.to_string(), status]
        })
        .collect();
    crate::print_table(&["#", "code", "entry", "rustls"], &rows)?;
    say!()?;
    let other: Vec<&Gap> = report.gaps().iter().filter(|g| g.entry().is_none()).collect();
    if other.is_empty() {
        say!("nothing else is lost")?;
    } else {
        say!("also not enforced:")?;
        for gap in other {
            say!("  - {gap}")?;
        }
    }
    say!()?;
    say!("effective policy (what the configs enforce, served through a screen):")?;
    crate::print_policy(report.effective())
}

/// The key a TLS 1.2 suite needs that the server does not hold.
fn key_missing(entry: &tls_policy::Entry, keys: Credentials) -> Option<KeyType> {
    let key = match entry.suite.info()?.auth() {
        tls_policy::Authentication::Rsa => KeyType::Rsa,
        tls_policy::Authentication::Ecdsa => KeyType::Ecdsa,
        _ => return None,
    };
    (!keys.holds(key)).then_some(key)
}

/// The report as one JSON object; `effective` deserializes back into a `Policy`.
fn report_json(report: &Report, keys: Credentials, strict: bool) -> Value {
    let entries: Vec<Value> = report
        .policy()
        .entries()
        .iter()
        .map(|entry| {
            let gap = report.entry_gap(entry);
            json!({
                "entry": entry.to_string(),
                "code": format!("0x{:04X}", entry.suite.get()),
                "realized": gap.is_none(),
                "why": gap.map(ToString::to_string),
            })
        })
        .collect();
    json!({
        "policy": report.policy().id(),
        "keys": keys.to_string(),
        "strict": strict,
        "exact": report.is_exact(),
        "entries": entries,
        "gaps": report.gaps().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "effective": serde_json::to_value(report.effective()).unwrap_or(Value::Null),
    })
}

/// Set by Ctrl-C (SIGINT) or SIGTERM, or when the output fails: the accept loop ends.
static STOP: AtomicBool = AtomicBool::new(false);

/// The first failed write of a connection's line: the server stops, since nobody can read
/// what it does any more, and the run ends as that failure says.
static OUTPUT_FAILED: Mutex<Option<Failure>> = Mutex::new(None);

/// `serve`: accept on 127.0.0.1 until Ctrl-C, one line per connection.
pub(crate) fn serve(policy: &Policy, keys: Credentials, port: u16) -> Result<(), Failure> {
    let screen = screen(policy, keys, false)?;
    for gap in screen.report().gaps() {
        crate::warn(&format!("not enforced: {gap}"));
    }
    ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst)).map_err(|e| format!("signal handler: {e}"))?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    say!("listening {local}")?;
    // One thread per connection, so a slow peer holds up no other; each is bounded by the
    // screen's hello deadline and the socket timeouts.
    let screen = Arc::new(screen);
    let mut running: Vec<std::thread::JoinHandle<()>> = Vec::new();
    let mut served = 0u64;
    while !STOP.load(Ordering::SeqCst) {
        running.retain(|t| !t.is_finished());
        match listener.accept() {
            Ok((stream, peer)) => {
                let screen = Arc::clone(&screen);
                running.push(std::thread::spawn(move || {
                    if let Err(failure) = say!("{peer} {}", connection(&screen, stream)) {
                        if let Ok(mut first) = OUTPUT_FAILED.lock() {
                            first.get_or_insert(failure);
                        }
                        STOP.store(true, Ordering::SeqCst);
                    }
                }));
                served += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(20)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::Error(format!("accept: {e}"))),
        }
    }
    for thread in running {
        let _ = thread.join();
    }
    if let Some(failure) = OUTPUT_FAILED.lock().ok().and_then(|mut f| f.take()) {
        return Err(failure);
    }
    say!("stopped after {served} connections")
}

/// One connection: screen, finish the handshake, close; the line to print.
fn connection(screen: &Screen, mut stream: TcpStream) -> String {
    let setup = stream
        .set_nonblocking(false)
        .and_then(|()| stream.set_read_timeout(Some(Duration::from_secs(5))))
        .and_then(|()| stream.set_write_timeout(Some(Duration::from_secs(5))));
    // The whole ClientHello within the screen's deadline (10 s), each read within 5 s.
    if let Err(e) = setup {
        return format!("error {e}");
    }
    match screen.accept(&mut stream) {
        Ok(Screened::Accepted { connection, agreement }) => finish(*connection, &mut stream, agreement),
        Ok(Screened::Refused { refusal, hello_error, .. }) => {
            let detail = hello_error.map(|e| format!(": {e}")).unwrap_or_default();
            format!("reject {} ({}){detail}", refusal.reason.as_str(), refusal.alert().number())
        }
        Ok(_) => "error unknown outcome".to_owned(),
        Err(ScreenError::Disagreement { agreement, error }) => {
            format!("error the engine accepted {agreement} but rustls refused: {error}")
        }
        Err(e) => format!("error {e}"),
    }
}

/// Drives the handshake rustls continues, checks it agrees with the engine, closes.
fn finish(mut conn: rustls::ServerConnection, stream: &mut TcpStream, agreement: Agreement) -> String {
    // At most a few round trips; each read is bounded by the socket's timeout.
    for _ in 0..8 {
        if !conn.is_handshaking() {
            break;
        }
        if let Err(e) = conn.complete_io(stream) {
            return format!("error handshake after the engine accepted {agreement}: {e}");
        }
    }
    if conn.is_handshaking() {
        return "error the handshake did not finish".to_owned();
    }
    let real = (
        conn.protocol_version().map(u16::from),
        conn.negotiated_cipher_suite().map(|s| u16::from(s.suite())),
        conn.negotiated_key_exchange_group().map(|g| u16::from(g.name())),
    );
    let predicted = (Some(agreement.version.get()), Some(agreement.suite.get()), agreement.group.map(|g| g.get()));
    conn.send_close_notify();
    let _ = conn.complete_io(stream);
    let group = agreement.group.map(|g| format!(" {g}")).unwrap_or_default();
    let line = format!("accept {} {}{group}", agreement.version, agreement.suite);
    if real == predicted { line } else { format!("{line} (rustls disagrees: {real:?})") }
}
