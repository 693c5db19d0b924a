//! One probe: a ClientHello sent to a peer and what came back, reduced to what a scan needs.
//!
//! A [`Peer`] is anything that answers hellos: a live endpoint over TCP ([`TcpPeer`]), or the
//! engine standing for a server with a policy ([`EnginePeer`]). The scanner asks both the same
//! way, which is how a scan is compared with a policy: the same questions, put to the endpoint
//! and to the model of it.

use std::io::{self, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::engine::negotiate::negotiate;
use crate::engine::offer::OwnedOffer;
use crate::hello::{HelloWriter, WriteError};
use crate::model::group::NamedGroup;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;
use crate::model::x509::CertificateKey;
use crate::policy::{KeyTypes, Policy};

use super::answer::ServerAnswer;
use super::outcome::{Answer, AnswerError};

/// One hello a scan sends: the offer and the groups it sends key shares for (TLS 1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Probe {
    /// What the hello offers.
    pub offer: OwnedOffer,
    /// The groups of its key shares, in order (empty: an empty `client_shares`).
    pub key_shares: Vec<NamedGroup>,
}

impl Probe {
    /// A probe of this offer with these key shares.
    pub const fn new(offer: OwnedOffer, key_shares: Vec<NamedGroup>) -> Self {
        Self { offer, key_shares }
    }
}

/// What a peer did with a probe.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reply {
    /// A ServerHello (or a HelloRetryRequest, which fixes the version and suite as well).
    Accepted {
        /// The version it chose.
        version: ProtocolVersion,
        /// The suite it chose.
        suite: CipherSuite,
        /// The group: `key_share`'s or the HelloRetryRequest's in TLS 1.3, the
        /// ServerKeyExchange's curve in TLS 1.2.
        group: Option<NamedGroup>,
        /// The certificate's key, where it was in the clear (TLS 1.2 and below).
        certificate: Option<CertificateKey>,
    },
    /// A refusal: the alert's number, or `None` when the peer closed without one.
    Refused {
        /// The alert's description.
        alert: Option<u8>,
    },
}

/// Why a probe got no reply a scan can use.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    /// The TCP connection could not be made.
    #[error("cannot connect to {address}: {error}")]
    Connect {
        /// Where.
        address: SocketAddr,
        /// Why.
        error: io::Error,
    },
    /// Sending or reading failed.
    #[error("{what} failed: {error}")]
    Io {
        /// `send` or `read`.
        what: &'static str,
        /// Why.
        error: io::Error,
    },
    /// No complete answer within the time allowed.
    #[error("no answer within {} ms", .after.as_millis())]
    Timeout {
        /// The time allowed.
        after: Duration,
    },
    /// The answer is not a TLS server's.
    #[error("the answer is not TLS: {0}")]
    Answer(#[from] AnswerError),
    /// The probe could not be written (a bug in the scanner, or a server name too long).
    #[error("the hello could not be written: {0}")]
    Write(#[from] WriteError),
}

/// A server that answers probes.
pub trait Peer {
    /// Sends `probe` and reads the reply, taking at most `timeout`.
    ///
    /// # Errors
    ///
    /// [`ProbeError`] when nothing usable came back.
    fn exchange(&mut self, probe: &Probe, timeout: Duration) -> Result<Reply, ProbeError>;
}

/// A live endpoint over TCP, each probe on a new connection.
#[derive(Debug, Clone)]
pub struct TcpPeer {
    address: SocketAddr,
    server_name: Option<String>,
}

impl TcpPeer {
    /// The endpoint at `address`, with this host name in `server_name` (none: no extension).
    pub const fn new(address: SocketAddr, server_name: Option<String>) -> Self {
        Self { address, server_name }
    }
}

impl Peer for TcpPeer {
    fn exchange(&mut self, probe: &Probe, timeout: Duration) -> Result<Reply, ProbeError> {
        let offer = probe.offer.as_offer();
        let mut writer = HelloWriter::new(&offer);
        if probe.offer.key_share {
            writer = writer.key_shares(&probe.key_shares);
        }
        if let Some(name) = &self.server_name {
            writer = writer.server_name(name);
        }
        let hello = writer.write()?;
        Ok(reply(exchange(self.address, &hello, timeout)?))
    }
}

/// The engine standing for a server with a policy and certificates of some key types.
///
/// ```
/// use std::time::Duration;
/// use tls_policy::scan::{EnginePeer, Peer, Probe, Reply};
/// use tls_policy::{CipherSuite, KeyTypes, OwnedOffer, Policy, ProtocolVersion};
///
/// let dps = Policy::named("dps-tls12")?;
/// let mut peer = EnginePeer::new(&dps, KeyTypes::RSA);
/// let old = OwnedOffer::new(ProtocolVersion::TLSv1_0, vec![CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]);
/// let reply = peer.exchange(&Probe::new(old, vec![]), Duration::ZERO)?;
/// assert_eq!(reply, Reply::Refused { alert: Some(70) });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EnginePeer<'p> {
    policy: &'p Policy,
    keys: KeyTypes,
}

impl<'p> EnginePeer<'p> {
    /// A server with `policy` holding certificates of `keys`.
    pub const fn new(policy: &'p Policy, keys: KeyTypes) -> Self {
        Self { policy, keys }
    }
}

impl Peer for EnginePeer<'_> {
    fn exchange(&mut self, probe: &Probe, _timeout: Duration) -> Result<Reply, ProbeError> {
        Ok(match negotiate(self.policy, &probe.offer.as_offer(), self.keys) {
            Ok(agreed) => {
                Reply::Accepted { version: agreed.version, suite: agreed.suite, group: agreed.group, certificate: None }
            }
            Err(refusal) => Reply::Refused { alert: Some(refusal.alert().number()) },
        })
    }
}

/// What a scan makes of an answer: a hello (or retry) is an acceptance; an alert or a close
/// before any hello is a refusal; a close after a TLS 1.2 ServerHello is that hello.
fn reply(answer: Answer) -> Reply {
    match answer {
        Answer::Hello(h) => Reply::Accepted {
            version: h.version,
            suite: h.suite,
            group: h.group,
            certificate: h.certificate.map(|c| c.key),
        },
        Answer::HelloRetry(r) => {
            Reply::Accepted { version: r.version, suite: r.suite, group: r.group, certificate: None }
        }
        Answer::Alert(a) => match a.hello {
            // An alert after the ServerHello (a TLS 1.2 server that gave up on its key
            // exchange, say) still says what it chose.
            Some(h) => Reply::Accepted {
                version: h.version,
                suite: h.suite,
                group: h.group,
                certificate: h.certificate.map(|c| c.key),
            },
            None => Reply::Refused { alert: Some(a.description) },
        },
        Answer::Closed { hello: Some(h), .. } => Reply::Accepted {
            version: h.version,
            suite: h.suite,
            group: h.group,
            certificate: h.certificate.map(|c| c.key),
        },
        Answer::Closed { hello: None, .. } => Reply::Refused { alert: None },
    }
}

/// Sends `hello` to `address` on a new connection and reads the answer, all within `timeout`.
///
/// A peer that closes or resets ends the answer with what came before
/// ([`Answer::Closed`]); a peer that keeps sending is cut off by the reader's limit
/// ([`AnswerError::TooLong`]).
///
/// # Errors
///
/// [`ProbeError`] when the connection fails, time runs out, or the bytes are not TLS.
pub fn exchange(address: SocketAddr, hello: &[u8], timeout: Duration) -> Result<Answer, ProbeError> {
    let deadline = Instant::now() + timeout;
    let mut socket =
        TcpStream::connect_timeout(&address, timeout).map_err(|error| ProbeError::Connect { address, error })?;
    let left = || {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() { Err(ProbeError::Timeout { after: timeout }) } else { Ok(left) }
    };
    let io = |what| move |error| ProbeError::Io { what, error };
    socket.set_nodelay(true).map_err(io("send"))?;
    socket.set_write_timeout(Some(left()?)).map_err(io("send"))?;
    socket.write_all(hello).map_err(|error| match error.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ProbeError::Timeout { after: timeout },
        _ => ProbeError::Io { what: "send", error },
    })?;
    let mut answer = ServerAnswer::new();
    let mut buffer = [0u8; 4096];
    loop {
        socket.set_read_timeout(Some(left()?)).map_err(io("read"))?;
        let read = match socket.read(&mut buffer) {
            Ok(0) => return Ok(answer.finish()?),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A reset after a refusal: what came before it is the answer.
            Err(e) if matches!(e.kind(), io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted) => {
                return Ok(answer.finish()?);
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(ProbeError::Timeout { after: timeout });
            }
            Err(error) => return Err(ProbeError::Io { what: "read", error }),
        };
        if let Some(done) = answer.feed(buffer.get(..read).unwrap_or(&buffer))? {
            return Ok(done);
        }
    }
}
