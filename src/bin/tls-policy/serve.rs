//! `serve`: a real TLS server on 127.0.0.1 that screens every ClientHello with the engine,
//! one line per connection, until Ctrl-C.

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tls_policy::rustls::{Screen, ScreenError, Screened};
use tls_policy::{Agreement, KeyTypes, Policy};

use crate::config::screen;
use crate::error::Failure;
use crate::output::warn;

/// Set by Ctrl-C (SIGINT) or SIGTERM, or when the output fails: the accept loop ends.
static STOP: AtomicBool = AtomicBool::new(false);

/// The first failed write of a connection's line: the server stops, since nobody can read
/// what it does any more, and the run ends as that failure says.
static OUTPUT_FAILED: Mutex<Option<Failure>> = Mutex::new(None);

/// `serve`: accept on 127.0.0.1 until Ctrl-C, one line per connection.
pub(crate) fn run(policy: &Policy, keys: KeyTypes, port: u16) -> Result<(), Failure> {
    let screen = screen(policy, keys, false)?;
    for gap in screen.report().gaps() {
        warn(&format!("not enforced: {gap}"));
    }
    ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst))?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|source| Failure::Bind { port, source })?;
    let local = listener.local_addr().map_err(Failure::Listener)?;
    listener.set_nonblocking(true).map_err(Failure::Listener)?;
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
            Err(e) => return Err(Failure::Accept(e)),
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
