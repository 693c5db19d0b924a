//! The blocking front of a [`Screen`]: reading a ClientHello from a socket, answering it.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::Instant;

use ::rustls::ServerConnection;
use ::rustls::server::Acceptor;

use super::Screen;
use crate::engine::verdict::{Agreement, Alert, Refusal};
use crate::hello::HelloError;

/// The most ClientHello bytes a [`Screen`] reads before giving up (a hello is at most
/// 2^24 bytes on the wire; rustls stops far below that, and so do we).
const MAX_HELLO: usize = 64 * 1024;

/// What a [`Screen`] did with a connection.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::io::Cursor;
/// use tls_policy::{Policy, Reason};
/// use tls_policy::rustls::{Realizer, Screened};
/// # let key = rcgen::KeyPair::generate()?;
/// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
///
/// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
/// // An in-memory "socket" holding a TLS 1.0 device's ClientHello; the alert is written after it.
/// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1.bin");
/// let mut socket = Cursor::new(hello.to_vec());
/// match screen.accept(&mut socket)? {
///     Screened::Refused { refusal, .. } => assert_eq!(refusal.reason, Reason::ProtocolVersion),
///     other => panic!("expected a refusal, got {other:?}"),
/// }
/// assert_eq!(socket.get_ref()[hello.len()..], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70]); // protocol_version
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Screened {
    /// The engine accepted: rustls continues with the config of the key the agreement needs.
    Accepted {
        /// The connection, its ClientHello consumed; drive it to finish the handshake.
        connection: Box<ServerConnection>,
        /// What the engine decided (rustls will agree: see [`Report::effective`](super::Report::effective)).
        agreement: Agreement,
    },
    /// The engine refused; its alert has been sent.
    Refused {
        /// Why, as the engine says.
        refusal: Refusal,
        /// Why the bytes were not a ClientHello, when they were not.
        hello_error: Option<HelloError>,
        /// What rustls alone would have done with the hello, had it been asked.
        rustls_error: Option<::rustls::Error>,
    },
}

/// A connection that failed before a decision could be made or carried out.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::io::Cursor;
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Realizer, ScreenError};
/// # let key = rcgen::KeyPair::generate()?;
/// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
///
/// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
/// // The peer hangs up after 20 bytes of its ClientHello.
/// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin");
/// let mut socket = Cursor::new(hello[..20].to_vec());
/// assert!(matches!(screen.accept(&mut socket), Err(ScreenError::Closed { read: 20 })));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreenError {
    /// Reading or writing the socket failed (a timeout included).
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
    /// The peer closed the connection before a whole ClientHello arrived.
    #[error("the peer closed the connection after {read} bytes, before a whole ClientHello")]
    Closed {
        /// Bytes read.
        read: usize,
    },
    /// The engine accepted but rustls refused: the effective policy did not predict rustls
    /// (please report it with the ClientHello bytes).
    #[error("the engine accepted {agreement:?} but rustls refused: {error}")]
    Disagreement {
        /// The engine's decision.
        agreement: Agreement,
        /// rustls's error.
        error: ::rustls::Error,
    },
}

impl Screen {
    /// Reads a ClientHello from `stream` through rustls's [`Acceptor`], decides with the
    /// engine on the same bytes, then either hands rustls the config of the right key or
    /// sends the engine's alert. Waits for a whole ClientHello (at most 64 KiB) until the
    /// [hello deadline](Self::with_hello_deadline); set a read timeout on the stream as well,
    /// so that one read cannot block past it.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::io::Cursor;
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Realizer, Screened};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// // A TLS 1.2 device: the engine accepts and rustls takes over with the ECDSA config.
    /// let mut socket = Cursor::new(include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin").to_vec());
    /// match screen.accept(&mut socket)? {
    ///     Screened::Accepted { connection, agreement } => {
    ///         assert!(connection.is_handshaking());
    ///         assert_eq!(agreement.version.name(), Some("TLSv1.2"));
    ///     }
    ///     other => panic!("expected an acceptance, got {other:?}"),
    /// }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accept<S: Read + Write>(&self, stream: &mut S) -> Result<Screened, ScreenError> {
        let mut acceptor = Acceptor::default();
        let mut bytes = Vec::new();
        let deadline = Instant::now() + self.hello_deadline;
        let accepted = loop {
            let mut tee = Tee { inner: &mut *stream, copy: &mut bytes, limit: MAX_HELLO, deadline, failed: None };
            let read = acceptor.read_tls(&mut tee);
            let failed = tee.failed.take();
            match (read, failed) {
                (Ok(0), _) => return Err(ScreenError::Closed { read: bytes.len() }),
                (Ok(_), _) => {}
                // The socket failed, or the peer is too slow or sends too much: no decision.
                (Err(_), Some(e)) => return Err(ScreenError::Io(e)),
                // rustls's own refusal to buffer more (a hello beyond its limit): decide on
                // what came, which the parser calls malformed.
                (Err(e), None) => break Err(::rustls::Error::General(e.to_string())),
            }
            match acceptor.accept() {
                Ok(Some(accepted)) => break Ok(accepted),
                Ok(None) => {}
                Err((error, _alert)) => break Err(error),
            }
        };
        match (self.decide(&bytes), accepted) {
            (Err((refusal, hello_error)), rustls) => {
                send_alert(stream, refusal.alert())?;
                Ok(Screened::Refused { refusal, hello_error, rustls_error: rustls.err() })
            }
            (Ok((agreement, key)), Ok(accepted)) => {
                let config = self.config(key).map(Arc::clone).ok_or(ScreenError::Disagreement {
                    agreement,
                    error: ::rustls::Error::General("no config for the key".into()),
                })?;
                match accepted.into_connection(config) {
                    Ok(connection) => Ok(Screened::Accepted { connection: Box::new(connection), agreement }),
                    Err((error, mut alert)) => {
                        alert.write_all(stream)?;
                        Err(ScreenError::Disagreement { agreement, error })
                    }
                }
            }
            (Ok((agreement, _)), Err(error)) => {
                send_alert(stream, Alert::HandshakeFailure)?;
                Err(ScreenError::Disagreement { agreement, error })
            }
        }
    }
}

/// Sends a fatal alert in a plaintext record. The record version is 0x0301: before a version
/// is agreed, some stacks (mbedTLS 2.28) reject any other (measured against OpenSSL 3.0
/// `s_server` and mbedTLS 2.28 clients).
fn send_alert<S: Write>(stream: &mut S, alert: Alert) -> io::Result<()> {
    // struct { AlertLevel level; AlertDescription description; } Alert;  fatal(2)
    stream.write_all(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, alert.number()])?;
    stream.flush()
}

/// Copies what it reads, up to a limit and a deadline; remembers an error of its own or of
/// the stream, so that it is not taken for rustls's.
struct Tee<'a, S> {
    inner: &'a mut S,
    copy: &'a mut Vec<u8>,
    limit: usize,
    deadline: Instant,
    failed: Option<io::Error>,
}

impl<S: Read> Tee<'_, S> {
    fn fail(&mut self, error: io::Error) -> io::Error {
        let copy = io::Error::new(error.kind(), error.to_string());
        self.failed = Some(error);
        copy
    }
}

impl<S: Read> Read for Tee<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.copy.len());
        if room == 0 {
            return Err(self.fail(io::Error::other("the ClientHello exceeds 64 KiB")));
        }
        if Instant::now() >= self.deadline {
            return Err(self.fail(io::Error::new(io::ErrorKind::TimedOut, "no whole ClientHello before the deadline")));
        }
        let take = buf.len().min(room);
        match self.inner.read(&mut buf[..take]) {
            Ok(n) => {
                self.copy.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}
