//! `serve`: a real TLS server on 127.0.0.1 that screens every ClientHello with the engine,
//! one line per connection, until Ctrl-C or SIGTERM. One tokio runtime; a connection is a
//! task, bounded by the handshake timeout and by the number of connections held at once.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, timeout};

use tls_policy::rustls::{AsyncScreened, ClientAuth, DeviceIdentity, DeviceRefusal, Screen, ScreenError};
use tls_policy::{Agreement, KeyTypes, Policy};

use crate::answer::{Facts, answer};
use crate::config::screen;
use crate::error::Failure;
use crate::output::warn;

/// How `serve` bounds what its clients may hold, and how it answers them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections served at once; the next wait in the listen queue.
    pub(crate) max_connections: usize,
    /// The whole handshake, ClientHello included; then as long again for the request.
    pub(crate) handshake_timeout: Duration,
    /// Echo the first request instead of answering it.
    pub(crate) echo: bool,
}

/// The first wait after a failed `accept` (too many open files, no memory): doubled on each
/// failure in a row, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// How long a closed connection's close_notify may take.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// `serve`: accept on 127.0.0.1 until Ctrl-C or SIGTERM, one line per connection.
pub(crate) fn run(
    policy: &Policy,
    keys: KeyTypes,
    port: u16,
    limits: Limits,
    devices: Option<ClientAuth>,
) -> Result<(), Failure> {
    let verify = devices.is_some();
    let screen = screen(policy, keys, false, devices)?
        .with_hello_deadline(limits.handshake_timeout)
        .with_handshake_timeout(limits.handshake_timeout);
    for gap in screen.report().gaps() {
        warn(&format!("not enforced: {gap}"));
    }
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(Failure::Runtime)?;
    runtime.block_on(serve(screen, port, limits, verify))
}

/// What every connection task needs to know beyond its socket.
struct Shared {
    screen: Screen,
    verify: bool,
    limits: Limits,
}

async fn serve(screen: Screen, port: u16, limits: Limits, verify: bool) -> Result<(), Failure> {
    let stop = stop_signal().map_err(Failure::SignalHandler)?;
    tokio::pin!(stop);
    let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|source| Failure::Bind { port, source })?;
    let local = listener.local_addr().map_err(Failure::Listener)?;
    say!("listening {local}")?;
    let shared = Arc::new(Shared { screen, verify, limits });
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut tasks: JoinSet<Result<(), Failure>> = JoinSet::new();
    let mut served = 0u64;
    let mut backoff = FIRST_BACKOFF;
    let mut failure = None;
    // A slot first, then a connection: at the limit, new connections wait in the listen queue.
    let mut slot = None;
    'serving: loop {
        tokio::select! {
            biased;
            () = &mut stop => break,
            Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                if let Some(f) = finished(done) {
                    failure = Some(f);
                    break;
                }
            }
            permit = Arc::clone(&slots).acquire_owned(), if slot.is_none() => match permit {
                Ok(permit) => slot = Some(permit),
                Err(_) => break, // never closed
            },
            accepted = listener.accept(), if slot.is_some() => match accepted {
                Ok((socket, peer)) => {
                    backoff = FIRST_BACKOFF;
                    let permit = slot.take();
                    served += 1;
                    let shared = Arc::clone(&shared);
                    tasks.spawn(async move {
                        let line = connection(&shared, socket).await;
                        drop(permit);
                        say!("{peer} {line}")
                    });
                }
                // EMFILE, ENFILE, ENOMEM, a connection reset in the queue: the listener is
                // still good, so wait a little and go on.
                Err(e) => {
                    warn(&format!("accept failed: {e}; retrying in {} ms", backoff.as_millis()));
                    tokio::select! {
                        () = &mut stop => break 'serving,
                        () = sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            },
        }
    }
    // Stuck clients are not waited for: their tasks end here, and their sockets close.
    tasks.abort_all();
    while let Some(done) = tasks.join_next().await {
        if let Some(f) = finished(done) {
            failure.get_or_insert(f);
        }
    }
    if let Some(failure) = failure {
        return Err(failure);
    }
    say!("stopped after {served} connections")
}

/// A connection task's end: the failure to stop for (its line could not be written), if any.
fn finished(done: Result<Result<(), Failure>, tokio::task::JoinError>) -> Option<Failure> {
    match done {
        Ok(Ok(())) => None,
        Ok(Err(failure)) => Some(failure),
        Err(e) if e.is_cancelled() => None,
        // A panic in a connection is a bug; the server goes on serving the others.
        Err(e) => {
            warn(&format!("a connection task failed: {e}"));
            None
        }
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM; the handlers are installed at once.
fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// One connection: screen, finish the handshake, answer the first request, close; the
/// line to print (naming the device with client authentication on).
async fn connection(shared: &Shared, socket: TcpStream) -> String {
    let verify = shared.verify;
    match shared.screen.accept_async(socket).await {
        Ok(AsyncScreened::Accepted { stream, agreement, device }) => {
            let device = verify.then(|| named(device.as_ref()));
            finish(*stream, agreement, device, shared).await
        }
        Ok(AsyncScreened::Refused { refusal, hello_error, .. }) => {
            let detail = hello_error.map(|e| format!(": {e}")).unwrap_or_default();
            format!("reject {} ({}){detail}", refusal.reason.as_str(), refusal.alert().number())
        }
        Ok(_) => "error unknown outcome".to_owned(),
        Err(ScreenError::Disagreement { agreement, error }) => {
            format!("error the engine accepted {agreement} but rustls refused: {error}")
        }
        Err(failed @ ScreenError::Handshake { .. }) => {
            let refused = if verify { failed.rustls_error().and_then(DeviceRefusal::from_error) } else { None };
            match (refused, failed) {
                (Some(refused), _) => format!("reject device: {refused} ({}) device=none", refused.alert().number()),
                (None, ScreenError::Handshake { agreement, error }) => {
                    format!("error handshake after the engine accepted {agreement}: {error}")
                }
                (None, other) => format!("error {other}"),
            }
        }
        Err(e) => format!("error {e}"),
    }
}

/// The device a verified connection authenticated: its CN and key, or `none`.
fn named(device: Option<&DeviceIdentity>) -> String {
    let Some(identity) = device else { return "none".to_owned() };
    let cn = identity.common_name.as_deref().map_or_else(|| "(no CN)".to_owned(), |cn| cn.escape_debug().to_string());
    format!("{cn} ({})", identity.key)
}

/// Checks the finished handshake agrees with the engine, answers the first request, closes.
async fn finish(
    mut stream: tokio_rustls::server::TlsStream<TcpStream>,
    agreement: Agreement,
    device: Option<String>,
    shared: &Shared,
) -> String {
    let conn = stream.get_ref().1;
    let facts = Facts {
        policy: shared.screen.report().policy().id().to_owned(),
        version: conn.protocol_version().map(u16::from),
        suite: conn.negotiated_cipher_suite().map(|s| u16::from(s.suite())),
        group: conn.negotiated_key_exchange_group().map(|g| u16::from(g.name())),
        agreement,
        device,
    };
    let deadline = Instant::now() + shared.limits.handshake_timeout;
    answer(&mut stream, &facts, shared.limits.echo, deadline).await;
    let _ = timeout(CLOSE_TIMEOUT, tokio::io::AsyncWriteExt::shutdown(&mut stream)).await;
    let group = agreement.group.map(|g| format!(" {g}")).unwrap_or_default();
    let mut line = format!("accept {} {}{group}", agreement.version, agreement.suite);
    if !facts.agrees() {
        line.push_str(&format!(" (rustls disagrees: {:?})", (facts.version, facts.suite, facts.group)));
    }
    if let Some(device) = &facts.device {
        line.push_str(&format!(" device={device}"));
    }
    line
}
