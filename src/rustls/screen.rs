//! Screening, sans I/O: the engine decides on the raw ClientHello before rustls sees it.

use core::fmt;
use std::sync::Arc;
use std::time::Duration;

use ::rustls::ServerConfig;
use ::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use ::rustls::server::{Accepted, Acceptor};
use ::rustls::sign::CertifiedKey;

use super::{ConfigError, Realizer, Report};
use crate::engine::negotiate::negotiate;
use crate::engine::verdict::{Agreement, Alert, Refusal};
use crate::hello::{ClientHello, HelloError};
use crate::model::key::KeyType;
use crate::model::version::ProtocolVersion;
use crate::policy::KeyTypes;

/// A server front: one rustls config per key, and the engine deciding on every ClientHello
/// with the effective policy before a config is chosen.
///
/// ```no_run
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::net::TcpListener;
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Realizer, Screened};
/// # let (chain, key) = (vec![], rustls::pki_types::PrivateKeyDer::Pkcs8(vec![].into()));
///
/// let policy = Policy::named("dps-tls12")?;
/// let screen = Realizer::new(&policy).screen(vec![(chain, key)])?;
/// let listener = TcpListener::bind("127.0.0.1:8443")?;
/// for stream in listener.incoming() {
///     let mut stream = stream?;
///     match screen.accept(&mut stream) {
///         Ok(Screened::Accepted { connection, agreement }) => {
///             let tls = rustls::StreamOwned::new(*connection, stream);
///             // ... serve; `agreement` is what the engine predicted.
///         }
///         Ok(Screened::Refused { refusal, .. }) => eprintln!("refused: {refusal}"),
///         Ok(_) => {}
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Screen {
    configs: Vec<(KeyType, Arc<ServerConfig>)>,
    keys: KeyTypes,
    report: Report,
    pub(super) hello_deadline: Duration,
    pub(super) handshake_timeout: Duration,
}

impl Realizer<'_> {
    /// A [`Screen`] for these certificate chains and keys (at most one per key type).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyTypes, Policy};
    /// use tls_policy::rustls::{ConfigError, Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let der = || rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let dps = Policy::named("dps-tls12")?;
    /// let realizer = Realizer::new(&dps);
    /// assert_eq!(realizer.screen(vec![(vec![cert.der().clone()], der())])?.keys(), KeyTypes::ECDSA);
    /// // One key per key type.
    /// let twice = realizer.screen(vec![(vec![cert.der().clone()], der()), (vec![cert.der().clone()], der())]);
    /// assert!(matches!(twice, Err(ConfigError::DuplicateKeyType { .. })));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn screen(
        &self,
        keys: Vec<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    ) -> Result<Screen, ConfigError> {
        let mut loaded: Vec<(KeyType, CertifiedKey)> = Vec::with_capacity(keys.len());
        for (chain, key) in keys {
            let (key_type, certified) = self.load_key(chain, key)?;
            if loaded.iter().any(|(k, _)| *k == key_type) {
                return Err(ConfigError::DuplicateKeyType { key: key_type });
            }
            loaded.push((key_type, certified));
        }
        let (configs, keys) = self.server_for(&loaded, super::realize::Role::ScreenedServer)?;
        let report = match configs.first() {
            Some(first) => first.report.clone(),
            None => return Err(ConfigError::NoKeys),
        };
        let configs = loaded.iter().map(|(k, _)| *k).zip(configs.into_iter().map(|r| Arc::new(r.config))).collect();
        Ok(Screen { configs, keys, report, hello_deadline: HELLO_DEADLINE, handshake_timeout: HANDSHAKE_TIMEOUT })
    }
}

impl Screen {
    /// How long [`accept`](Self::accept) waits for a whole ClientHello (default
    /// [`HELLO_DEADLINE`]).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::{io::Cursor, time::Duration};
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Realizer, Screened};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?)
    ///     .screen(vec![(vec![cert.der().clone()], key_der)])?
    ///     .with_hello_deadline(Duration::from_secs(2));
    /// let mut socket = Cursor::new(include_bytes!("../../tests/data/hellos/openssl_tls1_1.bin").to_vec());
    /// assert!(matches!(screen.accept(&mut socket)?, Screened::Refused { .. })); // well within 2 s
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn with_hello_deadline(mut self, deadline: Duration) -> Self {
        self.hello_deadline = deadline;
        self
    }

    /// How long an async front ([`accept_async`](Self::accept_async), feature `tokio`) gives
    /// the whole handshake, ClientHello included (default [`HANDSHAKE_TIMEOUT`]): a peer that
    /// sends its hello and then a byte every few seconds is cut off when it runs out.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::time::Duration;
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?)
    ///     .screen(vec![(vec![cert.der().clone()], key_der)])?
    ///     .with_handshake_timeout(Duration::from_secs(5));
    /// assert_eq!(screen.handshake_timeout(), Duration::from_secs(5));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn with_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = timeout;
        self
    }

    /// The time an async front gives the whole handshake.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::{HANDSHAKE_TIMEOUT, Realizer}};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert_eq!(screen.handshake_timeout(), HANDSHAKE_TIMEOUT);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn handshake_timeout(&self) -> Duration {
        self.handshake_timeout
    }

    /// What the configs enforce of the policy.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyTypes, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert_eq!(screen.report().keys(), Some(KeyTypes::ECDSA));
    /// assert_eq!(screen.report().policy().id(), "dps-tls12");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn report(&self) -> &Report {
        &self.report
    }

    /// The key types held.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert!(screen.keys().holds(KeyType::Ecdsa) && !screen.keys().holds(KeyType::Rsa));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn keys(&self) -> KeyTypes {
        self.keys
    }

    /// The config for one key type.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert!(screen.config(KeyType::Ecdsa).is_some());
    /// assert!(screen.config(KeyType::Rsa).is_none());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn config(&self, key: KeyType) -> Option<&Arc<ServerConfig>> {
        self.configs.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }

    /// The engine's decision on raw ClientHello bytes (records as read from the socket),
    /// with the key type whose config serves an agreement.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy, Reason};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// let (agreement, key) = screen.decide(include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin")).expect("accepted");
    /// assert_eq!((agreement.version.name(), key), (Some("TLSv1.2"), KeyType::Ecdsa));
    /// let (refusal, _) = screen.decide(include_bytes!("../../tests/data/hellos/openssl_tls1.bin")).unwrap_err();
    /// assert_eq!(refusal.reason, Reason::ProtocolVersion);
    /// let (_, not_a_hello) = screen.decide(b"GET / HTTP/1.1\r\n\r\n").unwrap_err();
    /// assert!(not_a_hello.is_some());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decide(&self, bytes: &[u8]) -> Result<(Agreement, KeyType), (Refusal, Option<HelloError>)> {
        self.judge(bytes).0
    }

    /// [`decide`](Self::decide), with the client's `legacy_version` when the hello parsed.
    #[allow(clippy::type_complexity)]
    fn judge(
        &self,
        bytes: &[u8],
    ) -> (Result<(Agreement, KeyType), (Refusal, Option<HelloError>)>, Option<ProtocolVersion>) {
        let mut scratch = Vec::new();
        let hello = match ClientHello::parse_with(bytes, &mut scratch) {
            Ok(hello) => hello,
            Err(e) => return (Err((Refusal { reason: e.reason(), version: None }, Some(e))), None),
        };
        let offer = hello.offer();
        let decision = match negotiate(&self.report.effective, &offer, self.keys) {
            Ok(agreement) => Ok((agreement, self.key_for(&agreement, &offer))),
            Err(refusal) => Err((refusal, None)),
        };
        (decision, Some(hello.legacy_version()))
    }

    /// Starts screening one connection, sans I/O: feed it the bytes the peer sends until it
    /// decides. The blocking front ([`accept`](Self::accept)) and an async one are a read
    /// loop around it.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{Policy, Reason};
    /// use tls_policy::rustls::{Decision, Progress, Realizer};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1_1.bin");
    /// // The bytes may come in any pieces; here, 100 at a time.
    /// let mut screening = screen.screening();
    /// let mut pieces = hello.chunks(100);
    /// let decision = loop {
    ///     match screening.feed(pieces.next().expect("decided before the end")) {
    ///         Progress::NeedMore(more) => screening = more,
    ///         Progress::Decided(decision) => break decision,
    ///     }
    /// };
    /// let Decision::Refuse(rejection) = decision else { panic!("TLS 1.1 is refused") };
    /// assert_eq!(rejection.refusal.reason, Reason::ProtocolVersion);
    /// // What to send before closing: a fatal protocol_version alert, at the client's version.
    /// assert_eq!(rejection.alert.as_bytes(), &[0x15, 0x03, 0x02, 0x00, 0x02, 0x02, 70]);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn screening(&self) -> Screening<'_> {
        Screening { screen: self, acceptor: Box::default(), bytes: Vec::new() }
    }

    /// TLS 1.2 suites name their key; in TLS 1.3 the first key with a scheme the client
    /// offers and the policy allows serves.
    fn key_for(&self, agreement: &Agreement, offer: &crate::Offer<'_>) -> KeyType {
        let named = agreement.suite.info().and_then(|i| i.auth().key_type());
        let fallback = self.configs.first().map_or(KeyType::Rsa, |(k, _)| *k);
        if let Some(key) = named.filter(|k| self.keys.holds(*k)) {
            return key;
        }
        let allowed = self.report.effective.signature_schemes();
        let signs = |key: KeyType| {
            offer.signature_schemes().is_some_and(|theirs| {
                theirs
                    .iter()
                    .any(|s| allowed.contains(&s) && s.info().is_some_and(|i| i.server_signs(key, agreement.version)))
            })
        };
        self.configs.iter().map(|(k, _)| *k).find(|k| signs(*k)).unwrap_or(fallback)
    }
}

/// How long a [`Screen`] waits for a whole ClientHello by default: long enough for a slow
/// device, short enough that a peer sending a byte at a time cannot hold a thread for long.
/// Set the socket's own read timeout too, so that one read cannot block past it.
pub const HELLO_DEADLINE: Duration = Duration::from_secs(10);

/// How long an async front gives a whole handshake by default.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most ClientHello bytes a [`Screening`] takes before deciding on what came (a hello is at
/// most 2^24 bytes on the wire; rustls stops far below that, and so does the screen).
pub const MAX_HELLO: usize = 64 * 1024;

/// One connection being screened, sans I/O: [`feed`](Self::feed) it what the peer sends.
/// It keeps a copy of the bytes (at most [`MAX_HELLO`]) and a rustls
/// [`Acceptor`] reading the same bytes, so that an acceptance continues in rustls with
/// nothing read twice.
pub struct Screening<'s> {
    screen: &'s Screen,
    acceptor: Box<Acceptor>,
    bytes: Vec<u8>,
}

impl fmt::Debug for Screening<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Screening").field("buffered", &self.bytes.len()).finish_non_exhaustive()
    }
}

/// What [`Screening::feed`] made of the bytes so far. (Not `#[non_exhaustive]`: a screening
/// either needs more bytes or has decided, and every front matches both.)
#[derive(Debug)]
pub enum Progress<'s> {
    /// No whole ClientHello yet: read more and feed it.
    NeedMore(Screening<'s>),
    /// The screen has decided.
    Decided(Decision),
}

impl<'s> Screening<'s> {
    /// Takes the next bytes from the peer (any number, even one). Decides once rustls has a
    /// whole ClientHello, or refuses to buffer more, or [`MAX_HELLO`] bytes have come.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Decision, Progress, Realizer};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin");
    /// let Progress::NeedMore(half) = screen.screening().feed(&hello[..50]) else { panic!("too early") };
    /// assert_eq!(half.buffered(), 50);
    /// let Progress::Decided(Decision::Accept(admission)) = half.feed(&hello[50..]) else { panic!("TLS 1.2 is accepted") };
    /// let connection = admission.accepted.into_connection(admission.config).expect("rustls agrees");
    /// assert!(connection.is_handshaking());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn feed(mut self, input: &[u8]) -> Progress<'s> {
        let room = MAX_HELLO.saturating_sub(self.bytes.len());
        let input = input.get(..room).unwrap_or(input);
        self.bytes.extend_from_slice(input);
        let mut rest = input;
        // A slice reads at once; rustls takes what its buffer holds and refuses the rest.
        let mut refused = None;
        while !rest.is_empty() {
            match self.acceptor.read_tls(&mut rest) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    refused = Some(::rustls::Error::General(e.to_string()));
                    break;
                }
            }
        }
        let accepted = match refused {
            Some(error) => Err(error),
            None => match self.acceptor.accept() {
                Ok(Some(accepted)) => Ok(accepted),
                Ok(None) if self.bytes.len() < MAX_HELLO => return Progress::NeedMore(self),
                Ok(None) => Err(::rustls::Error::General(format!("no whole ClientHello in {MAX_HELLO} bytes"))),
                Err((error, _alert)) => Err(error),
            },
        };
        Progress::Decided(self.screen.conclude(&self.bytes, accepted))
    }

    /// The bytes taken so far.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert_eq!(screen.screening().buffered(), 0);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn buffered(&self) -> usize {
        self.bytes.len()
    }
}

impl Screen {
    /// The decision on a whole ClientHello (or on what came), with what rustls made of it.
    fn conclude(&self, bytes: &[u8], accepted: Result<Accepted, ::rustls::Error>) -> Decision {
        let (judged, legacy) = self.judge(bytes);
        let disagree = |agreement, error| {
            Decision::Disagree(Disagreement {
                agreement,
                error,
                alert: AlertRecord::new(Alert::HandshakeFailure, legacy),
            })
        };
        match (judged, accepted) {
            (Err((refusal, hello_error)), rustls) => Decision::Refuse(Rejection {
                alert: AlertRecord::new(refusal.alert(), legacy),
                refusal,
                hello_error,
                rustls_error: rustls.err(),
            }),
            (Ok((agreement, key)), Ok(accepted)) => match self.config(key) {
                Some(config) => {
                    Decision::Accept(Box::new(Admission { agreement, key, accepted, config: Arc::clone(config) }))
                }
                None => disagree(agreement, ::rustls::Error::General(format!("no config for the {key} key"))),
            },
            (Ok((agreement, _)), Err(error)) => disagree(agreement, error),
        }
    }
}

/// What the screen decided for one connection, and what the front does next.
#[derive(Debug)]
#[non_exhaustive]
pub enum Decision {
    /// The engine accepts: continue the handshake in rustls with [`Admission::config`].
    Accept(Box<Admission>),
    /// The engine refuses: send [`Rejection::alert`] and close.
    Refuse(Rejection),
    /// The engine accepts but rustls refused the hello: the effective policy did not predict
    /// rustls (please report it with the ClientHello bytes). Send the alert and close.
    Disagree(Disagreement),
}

/// An accepted ClientHello, ready to continue in rustls.
#[non_exhaustive]
pub struct Admission {
    /// What the engine decided; rustls will agree.
    pub agreement: Agreement,
    /// The key whose config serves it.
    pub key: KeyType,
    /// rustls's view of the same ClientHello: [`Accepted::into_connection`] with
    /// [`config`](Self::config) continues the handshake (or tokio-rustls's
    /// `StartHandshake::from_parts`).
    pub accepted: Accepted,
    /// The config for [`key`](Self::key).
    pub config: Arc<ServerConfig>,
}

impl fmt::Debug for Admission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Admission").field("agreement", &self.agreement).field("key", &self.key).finish_non_exhaustive()
    }
}

/// A refused ClientHello.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejection {
    /// Why, as the engine says.
    pub refusal: Refusal,
    /// Why the bytes were not a ClientHello, when they were not.
    pub hello_error: Option<HelloError>,
    /// What rustls alone would have done with the hello.
    pub rustls_error: Option<::rustls::Error>,
    /// The record to send before closing.
    pub alert: AlertRecord,
}

/// An acceptance rustls did not share.
#[derive(Debug)]
#[non_exhaustive]
pub struct Disagreement {
    /// The engine's decision.
    pub agreement: Agreement,
    /// rustls's error.
    pub error: ::rustls::Error,
    /// The record to send before closing (`handshake_failure`).
    pub alert: AlertRecord,
}

/// A fatal alert as one plaintext record, ready to write to the socket.
///
/// The record's version is the client's `legacy_version` capped to 0x0301..=0x0303, as
/// OpenSSL 3.0 answers (RFC 8446 §5.1 lets a server's first records carry any 0x03xx, and
/// some clients, wolfSSL 5.5 among them, refuse a record below the version they offered); a
/// hello that did not parse gets 0x0301.
///
/// ```
/// use tls_policy::{Alert, ProtocolVersion};
/// use tls_policy::rustls::AlertRecord;
///
/// let record = AlertRecord::new(Alert::ProtocolVersion, Some(ProtocolVersion::TLSv1_2));
/// assert_eq!(record.as_bytes(), &[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 70]);
/// assert_eq!(AlertRecord::new(Alert::DecodeError, None).as_bytes()[1..3], [0x03, 0x01]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRecord {
    bytes: [u8; 7],
}

impl AlertRecord {
    /// The record for `alert`, answering a client whose `legacy_version` is `client` (when
    /// its hello parsed).
    ///
    /// ```
    /// use tls_policy::{Alert, ProtocolVersion};
    /// use tls_policy::rustls::AlertRecord;
    ///
    /// // TLS 1.3 clients say 0x0303 in legacy_version; SSL 3.0 gets the TLS 1.0 floor.
    /// assert_eq!(AlertRecord::new(Alert::HandshakeFailure, Some(ProtocolVersion::TLSv1_3)).as_bytes()[1..3], [3, 3]);
    /// assert_eq!(AlertRecord::new(Alert::HandshakeFailure, Some(ProtocolVersion::SSLv3)).as_bytes()[1..3], [3, 1]);
    /// ```
    pub fn new(alert: Alert, client: Option<ProtocolVersion>) -> Self {
        let version = client.map_or(0x0301, |v| v.get().clamp(0x0301, 0x0303)).to_be_bytes();
        // struct { AlertLevel level; AlertDescription description; } Alert;  fatal(2)
        Self { bytes: [0x15, version[0], version[1], 0x00, 0x02, 0x02, alert.number()] }
    }

    /// The record's bytes.
    ///
    /// ```
    /// use tls_policy::Alert;
    /// use tls_policy::rustls::AlertRecord;
    ///
    /// assert_eq!(AlertRecord::new(Alert::DecodeError, None).as_bytes()[6], 50);
    /// ```
    pub const fn as_bytes(&self) -> &[u8; 7] {
        &self.bytes
    }
}
