//! The async front of a [`Screen`] on tokio: a read loop around the sans-I/O
//! [`Screening`](super::Screening), then tokio-rustls for the rest of the handshake.

use std::io;

use ::tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use ::tokio::time::{Instant, timeout_at};
use tokio_rustls::StartHandshake;
use tokio_rustls::server::TlsStream;

use super::screen::{Admission, AlertRecord, Decision, Disagreement, Progress, Rejection};
use super::{DeviceIdentity, Screen, ScreenError};
use crate::engine::verdict::{Agreement, Refusal};
use crate::hello::HelloError;

/// What [`Screen::accept_async`] did with a connection.
#[derive(Debug)]
#[non_exhaustive]
pub enum AsyncScreened<IO> {
    /// The engine accepted and the handshake finished: the stream is ready for application
    /// data.
    Accepted {
        /// The TLS stream (its `get_ref().1` is the rustls connection: peer certificates,
        /// the negotiated suite).
        stream: Box<TlsStream<IO>>,
        /// What the engine decided; rustls agreed.
        agreement: Agreement,
        /// The device, when it presented a certificate (the realizer's
        /// [`client_auth`](super::Realizer::client_auth) verified it).
        device: Option<DeviceIdentity>,
    },
    /// The engine refused; its alert has been sent and the stream shut down.
    Refused {
        /// Why, as the engine says.
        refusal: Refusal,
        /// Why the bytes were not a ClientHello, when they were not.
        hello_error: Option<HelloError>,
        /// What rustls alone would have done with the hello.
        rustls_error: Option<::rustls::Error>,
    },
}

impl Screen {
    /// Screens one connection on tokio: reads the ClientHello (at most
    /// [`MAX_HELLO`](super::MAX_HELLO) bytes, by the [hello deadline](Self::with_hello_deadline)),
    /// decides with the engine, then either finishes the handshake in tokio-rustls with the
    /// config of the right key (client authentication as the realizer set it) or sends the
    /// engine's alert and shuts the stream down. The whole handshake is bounded by the
    /// [handshake timeout](Self::with_handshake_timeout).
    ///
    /// ```
    /// # #[cfg(all(feature = "tokio", any(feature = "aws-lc-rs", feature = "ring")))] {
    /// use tls_policy::{Policy, Reason};
    /// use tls_policy::rustls::{AsyncScreened, Realizer};
    /// use tokio::io::AsyncWriteExt;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    /// runtime.block_on(async {
    ///     // An in-memory socket: a TLS 1.0 device on one end, the screen on the other.
    ///     let (mut device, server) = tokio::io::duplex(4096);
    ///     device.write_all(include_bytes!("../../tests/data/hellos/openssl_tls1.bin")).await?;
    ///     match screen.accept_async(server).await? {
    ///         AsyncScreened::Refused { refusal, .. } => assert_eq!(refusal.reason, Reason::ProtocolVersion),
    ///         other => panic!("expected a refusal, got {other:?}"),
    ///     }
    ///     Ok::<(), Box<dyn std::error::Error>>(())
    /// })?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn accept_async<IO>(&self, mut io: IO) -> Result<AsyncScreened<IO>, ScreenError>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let start = Instant::now();
        let hello_by = start + self.hello_deadline;
        let done_by = start + self.handshake_timeout;
        let mut screening = self.screening();
        let mut buffer = [0u8; 4096];
        let decision = loop {
            let read = match timeout_at(hello_by.min(done_by), io.read(&mut buffer)).await {
                Err(_) => return Err(late("no whole ClientHello before the deadline")),
                Ok(Ok(0)) => return Err(ScreenError::Closed { read: screening.buffered() }),
                Ok(Ok(read)) => read,
                Ok(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                Ok(Err(e)) => return Err(ScreenError::Io(e)),
            };
            match screening.feed(buffer.get(..read).unwrap_or(&buffer)) {
                Progress::NeedMore(more) => screening = more,
                Progress::Decided(decision) => break decision,
            }
        };
        match decision {
            Decision::Refuse(Rejection { refusal, hello_error, rustls_error, alert }) => {
                send(&mut io, &alert, done_by).await?;
                Ok(AsyncScreened::Refused { refusal, hello_error, rustls_error })
            }
            Decision::Accept(admission) => {
                let Admission { agreement, accepted, config, .. } = *admission;
                let handshake = StartHandshake::from_parts(accepted, io).into_stream(config);
                match timeout_at(done_by, handshake).await {
                    Ok(Ok(stream)) => {
                        let device = DeviceIdentity::from_connection(stream.get_ref().1).ok();
                        Ok(AsyncScreened::Accepted { stream: Box::new(stream), agreement, device })
                    }
                    Ok(Err(error)) => Err(ScreenError::Handshake { agreement, error }),
                    Err(_) => Err(ScreenError::Handshake {
                        agreement,
                        error: io::Error::new(io::ErrorKind::TimedOut, "the handshake did not finish in time"),
                    }),
                }
            }
            Decision::Disagree(Disagreement { agreement, error, alert }) => {
                send(&mut io, &alert, done_by).await?;
                Err(ScreenError::Disagreement { agreement, error })
            }
        }
    }
}

fn late(what: &str) -> ScreenError {
    ScreenError::Io(io::Error::new(io::ErrorKind::TimedOut, what))
}

/// Writes an alert record and shuts the stream down, by the deadline.
async fn send<IO: AsyncWrite + Unpin>(io: &mut IO, alert: &AlertRecord, by: Instant) -> Result<(), ScreenError> {
    let write = async {
        io.write_all(alert.as_bytes()).await?;
        io.shutdown().await
    };
    match timeout_at(by, write).await {
        Ok(result) => result.map_err(ScreenError::Io),
        Err(_) => Err(late("the alert could not be sent in time")),
    }
}
