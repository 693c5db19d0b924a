//! The blocking front of a [`Screen`]: reading a ClientHello from a socket, answering it.

use std::io::{self, Read, Write};
use std::time::Instant;

use ::rustls::ServerConnection;

use super::Screen;
use super::screen::{Admission, AlertRecord, Decision, Disagreement, Progress, Rejection};
use crate::engine::verdict::{Agreement, Refusal};
use crate::hello::HelloError;

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
    /// The engine accepted and rustls continued, but the rest of the handshake failed: the
    /// peer's certificate was refused, or it sent something rustls rejects, or it hung up.
    #[error("the handshake failed after the engine accepted {agreement}: {error}")]
    Handshake {
        /// The engine's decision.
        agreement: Agreement,
        /// The failure; [`ScreenError::rustls_error`] finds rustls's own error in it.
        error: io::Error,
    },
}

impl ScreenError {
    /// rustls's error behind this one, if any: a [`Disagreement`](Self::Disagreement)'s, or
    /// the one a failed [`Handshake`](Self::Handshake) carries (tokio-rustls wraps it in an
    /// `io::Error`).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::io;
    /// use tls_policy::{Agreement, CipherSuite, ProtocolVersion};
    /// use tls_policy::rustls::ScreenError;
    ///
    /// let agreement = Agreement { version: ProtocolVersion::TLSv1_2, suite: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, group: None };
    /// let error = io::Error::new(io::ErrorKind::InvalidData, rustls::Error::NoCertificatesPresented);
    /// let failed = ScreenError::Handshake { agreement, error };
    /// assert_eq!(failed.rustls_error(), Some(&rustls::Error::NoCertificatesPresented));
    /// # }
    /// ```
    pub fn rustls_error(&self) -> Option<&::rustls::Error> {
        match self {
            Self::Disagreement { error, .. } => Some(error),
            Self::Handshake { error, .. } => error.get_ref().and_then(|e| e.downcast_ref::<::rustls::Error>()),
            _ => None,
        }
    }
}

impl Screen {
    /// Reads a ClientHello from `stream` into a [`Screening`](Self::screening), decides with the
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
        let deadline = Instant::now() + self.hello_deadline;
        let mut screening = self.screening();
        let mut buffer = [0u8; 4096];
        let decision = loop {
            if Instant::now() >= deadline {
                let late = io::Error::new(io::ErrorKind::TimedOut, "no whole ClientHello before the deadline");
                return Err(ScreenError::Io(late));
            }
            let read = match stream.read(&mut buffer) {
                Ok(0) => return Err(ScreenError::Closed { read: screening.buffered() }),
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ScreenError::Io(e)),
            };
            match screening.feed(buffer.get(..read).unwrap_or(&buffer)) {
                Progress::NeedMore(more) => screening = more,
                Progress::Decided(decision) => break decision,
            }
        };
        match decision {
            Decision::Refuse(Rejection { refusal, hello_error, rustls_error, alert }) => {
                send(stream, &alert)?;
                Ok(Screened::Refused { refusal, hello_error, rustls_error })
            }
            Decision::Accept(admission) => {
                let Admission { agreement, accepted, config, .. } = *admission;
                match accepted.into_connection(config) {
                    Ok(connection) => Ok(Screened::Accepted { connection: Box::new(connection), agreement }),
                    Err((error, mut alert)) => {
                        alert.write_all(stream)?;
                        Err(ScreenError::Disagreement { agreement, error })
                    }
                }
            }
            Decision::Disagree(Disagreement { agreement, error, alert }) => {
                send(stream, &alert)?;
                Err(ScreenError::Disagreement { agreement, error })
            }
        }
    }
}

/// Writes an alert record and flushes it.
fn send<S: Write>(stream: &mut S, alert: &AlertRecord) -> io::Result<()> {
    stream.write_all(alert.as_bytes())?;
    stream.flush()
}
