//! The incremental reader: records, the handshake stream across them, and the outcome.
//!
//! Why incremental rather than `parse(bytes) -> Result<_, Truncated>`: a scanner reads a socket
//! and must know when to stop reading. With [`ServerAnswer::feed`] every byte is looked at
//! once (records are reassembled as they complete, handshake messages as their last fragment
//! arrives), so a server that dribbles its answer a byte at a time costs linear time, and the
//! caller learns the outcome the moment it is decided, without a second pass or a guess
//! at how much more to read. [`ServerAnswer::parse`] is the one-shot form over it.

use crate::engine::verdict::Alert;
use crate::hello::HelloError;
use crate::hello::reader::Reader;
use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

use super::messages::{self, Message};
use super::{CertificateKey, MAX_ANSWER, MAX_MESSAGE, MAX_RECORD};

/// Record content types (RFC 8446 §5.1; 23 is application_data; heartbeat, RFC 6520).
const CHANGE_CIPHER_SPEC: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const HEARTBEAT: u8 = 24;

/// What a server answered.
///
/// ```
/// use tls_policy::scan::{Answer, ServerAnswer};
///
/// assert!(matches!(ServerAnswer::parse(&[21, 3, 3, 0, 2, 2, 40])?, Answer::Alert(a) if a.description == 40));
/// assert_eq!(ServerAnswer::parse(&[22, 3, 3])?, Answer::Closed { read: 3, hello: None });
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// A ServerHello: in TLS 1.3 as soon as it is read (what follows is encrypted); in TLS
    /// 1.2 and below at ServerHelloDone, or at a ChangeCipherSpec (an abbreviated handshake),
    /// with the certificate and key exchange read on the way.
    Hello(ServerHelloInfo),
    /// A HelloRetryRequest (RFC 8446 §4.1.4): the server wants another key share.
    HelloRetry(HelloRetry),
    /// An alert in a plaintext record, before the ServerHello or after it.
    Alert(AlertAnswer),
    /// The peer closed (or reset) before the answer was complete: what was read by then.
    /// Only [`ServerAnswer::finish`] gives this.
    Closed {
        /// How many bytes were read.
        read: usize,
        /// The ServerHello, if one was read (a TLS 1.2 server that closed mid-flight).
        hello: Option<ServerHelloInfo>,
    },
}

/// A ServerHello, and in TLS 1.2 and below what came with it in the clear.
///
/// ```
/// use tls_policy::scan::{Answer, ServerAnswer};
/// use tls_policy::{CipherSuite, NamedGroup, ProtocolVersion};
///
/// // A TLS 1.3 ServerHello: legacy_version 1.2, supported_versions 1.3, key_share x25519.
/// let mut hello = vec![3, 3];
/// hello.extend([0x11; 32]); // random
/// hello.extend([0, 0x13, 0x01, 0]); // no session id, TLS_AES_128_GCM_SHA256, null compression
/// hello.extend([0, 16, 0, 43, 0, 2, 3, 4, 0, 51, 0, 6, 0, 29, 0, 2, 0xAA, 0xBB]);
/// let mut bytes = vec![22, 3, 3, 0, 4 + 56, 2, 0, 0, 56];
/// bytes.extend(&hello);
/// let Answer::Hello(info) = ServerAnswer::parse(&bytes)? else { panic!() };
/// assert_eq!((info.legacy_version, info.version), (ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
/// assert_eq!((info.suite, info.group), (CipherSuite::TLS_AES_128_GCM_SHA256, Some(NamedGroup::x25519)));
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerHelloInfo {
    /// `legacy_version` (in TLS 1.3 always 1.2).
    pub legacy_version: ProtocolVersion,
    /// The version negotiated: `supported_versions`' in TLS 1.3, `legacy_version` otherwise.
    pub version: ProtocolVersion,
    /// The cipher suite.
    pub suite: CipherSuite,
    /// The compression method (0, null, unless the server is very old).
    pub compression: u8,
    /// The group: `key_share`'s in TLS 1.3; in TLS 1.2 the named curve of an ECDHE
    /// ServerKeyExchange. `None` for RSA key transport, for DHE (see
    /// [`dh_bits`](Self::dh_bits)), and for a TLS 1.2 answer cut short.
    pub group: Option<NamedGroup>,
    /// For a DHE ServerKeyExchange, the prime's length in bits (FFDHE groups are not named on
    /// the wire in TLS 1.2).
    pub dh_bits: Option<u32>,
    /// The scheme that signed a TLS 1.2 ServerKeyExchange.
    pub signature_scheme: Option<SignatureScheme>,
    /// The server's certificate (TLS 1.2 and below, where it is in the clear).
    pub certificate: Option<ServerCertificate>,
    /// Whether the server asked for a client certificate (TLS 1.2 CertificateRequest).
    pub certificate_requested: bool,
}

/// The end-entity certificate of a TLS 1.2 (or older) server.
///
/// ```
/// use tls_policy::scan::{CertificateKey, ServerCertificate};
///
/// fn is_weak(certificate: &ServerCertificate) -> bool {
///     matches!(certificate.key, CertificateKey::Rsa { bits } if bits < 2048)
/// }
/// # let _ = is_weak;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerCertificate {
    /// Its key.
    pub key: CertificateKey,
    /// The subject's common name (the last, if several).
    pub common_name: Option<String>,
    /// How many certificates the chain held, the end-entity one included.
    pub chain: usize,
}

/// A HelloRetryRequest: a ServerHello whose random is SHA-256("HelloRetryRequest")
/// (RFC 8446 §4.1.3).
///
/// ```
/// use tls_policy::scan::{Answer, HelloRetry, ServerAnswer};
///
/// fn wants(answer: &Answer) -> Option<&HelloRetry> {
///     match answer { Answer::HelloRetry(retry) => Some(retry), _ => None }
/// }
/// assert_eq!(wants(&ServerAnswer::parse(&[])?), None);
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HelloRetry {
    /// The version in `supported_versions` (TLS 1.3), or `legacy_version` without one.
    pub version: ProtocolVersion,
    /// The cipher suite.
    pub suite: CipherSuite,
    /// The group `key_share` selects, if the server sent one.
    pub group: Option<NamedGroup>,
    /// Whether the server sent a `cookie`.
    pub cookie: bool,
}

/// An alert in a plaintext record.
///
/// ```
/// use tls_policy::Alert;
/// use tls_policy::scan::{Answer, ServerAnswer};
///
/// let Answer::Alert(alert) = ServerAnswer::parse(&[21, 3, 3, 0, 2, 2, 70])? else { panic!() };
/// assert!(alert.is_fatal() && alert.hello.is_none());
/// assert_eq!(alert.alert(), Some(Alert::ProtocolVersion));
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AlertAnswer {
    /// The level: 1 warning, 2 fatal.
    pub level: u8,
    /// The description: the alert's number.
    pub description: u8,
    /// The ServerHello read before it, if any.
    pub hello: Option<ServerHelloInfo>,
}

impl AlertAnswer {
    /// Whether the level is fatal (2).
    ///
    /// ```
    /// # use tls_policy::scan::{Answer, ServerAnswer};
    /// let Answer::Alert(alert) = ServerAnswer::parse(&[21, 3, 3, 0, 2, 1, 0])? else { panic!() };
    /// assert!(!alert.is_fatal()); // a warning close_notify
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub const fn is_fatal(&self) -> bool {
        self.level == 2
    }

    /// The description as the crate names it, for the alerts it names.
    ///
    /// ```
    /// # use tls_policy::scan::{Answer, ServerAnswer};
    /// let Answer::Alert(alert) = ServerAnswer::parse(&[21, 3, 3, 0, 2, 2, 40])? else { panic!() };
    /// assert_eq!(alert.alert(), Some(tls_policy::Alert::HandshakeFailure));
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub fn alert(&self) -> Option<Alert> {
        // The crate's alerts by kind: the handshake's, then the certificate's, then the rest.
        #[rustfmt::skip]
        const NAMED: [Alert; 16] = [
            Alert::HandshakeFailure, Alert::IllegalParameter, Alert::DecodeError, Alert::ProtocolVersion,
            Alert::InappropriateFallback, Alert::MissingExtension,
            Alert::BadCertificate, Alert::UnsupportedCertificate, Alert::CertificateRevoked,
            Alert::CertificateExpired, Alert::CertificateUnknown, Alert::UnknownCa, Alert::CertificateRequired,
            Alert::AccessDenied, Alert::DecryptError, Alert::InternalError,
        ];
        NAMED.into_iter().find(|a| a.number() == self.description)
    }
}

/// Why bytes are not a server's answer. Offsets count from the first byte fed.
///
/// ```
/// use tls_policy::scan::{AnswerError, ServerAnswer};
///
/// let error = ServerAnswer::parse(b"HTTP/1.1 400 Bad Request\r\n\r\n").unwrap_err();
/// assert_eq!(error, AnswerError::Http);
/// assert!(error.to_string().contains("HTTP"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The server answered HTTP, not TLS: a plain-HTTP port.
    #[error("the server answered HTTP (\"HTTP/...\"), not TLS: a plain-HTTP port")]
    Http,
    /// A byte that cannot start a TLS record.
    #[error("byte {offset}: 0x{byte:02X} is not a TLS record content type (20-24)")]
    NotTls {
        /// Where.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A record version outside the SSL/TLS family (`0x03xx`).
    #[error("byte {offset}: record version 0x{version:04X} is not a TLS version")]
    BadRecordVersion {
        /// The offset of the version field.
        offset: usize,
        /// The value.
        version: u16,
    },
    /// A record longer than [`MAX_RECORD`](super::MAX_RECORD), or an empty alert or
    /// handshake record.
    #[error("byte {offset}: record length {length} is not within 1..=18432")]
    BadRecordLength {
        /// The offset of the length field.
        offset: usize,
        /// The value.
        length: usize,
    },
    /// A record of a type that cannot come yet: ChangeCipherSpec, ApplicationData or
    /// Heartbeat before a ServerHello.
    #[error("byte {offset}: a record of content type {content_type} before any ServerHello")]
    Unexpected {
        /// The record's offset.
        offset: usize,
        /// Its content type.
        content_type: u8,
    },
    /// A handshake message that cannot come here (the first must be a ServerHello).
    #[error("byte {offset}: handshake message type {msg_type} where {expected} was expected")]
    UnexpectedMessage {
        /// The message's offset.
        offset: usize,
        /// Its type.
        msg_type: u8,
        /// What was expected.
        expected: &'static str,
    },
    /// A handshake message whose header announces more than [`MAX_MESSAGE`](super::MAX_MESSAGE).
    #[error("byte {offset}: handshake message type {msg_type} announces {length} bytes, over {limit}")]
    MessageTooLong {
        /// The message's offset.
        offset: usize,
        /// Its type.
        msg_type: u8,
        /// Its announced length.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// An alert record with fewer than two bytes.
    #[error("byte {offset}: an alert record of {length} bytes (an alert takes 2)")]
    BadAlert {
        /// The record's offset.
        offset: usize,
        /// Its length.
        length: usize,
    },
    /// A message that breaks its grammar (the ClientHello reader's account of it).
    #[error("the {message} is malformed: {error}")]
    Malformed {
        /// Which message.
        message: &'static str,
        /// What was wrong, and where.
        error: HelloError,
    },
    /// The end-entity certificate is not the DER X.509 expected.
    #[error("byte {offset}: the server certificate is malformed: {what}")]
    Certificate {
        /// Where the certificate starts.
        offset: usize,
        /// What was wrong.
        what: &'static str,
    },
    /// More bytes than the limit without a complete answer.
    #[error("no complete answer within {limit} bytes")]
    TooLong {
        /// The limit.
        limit: usize,
    },
}

/// Reads a server's answer, fed in pieces as they arrive.
///
/// ```
/// use tls_policy::scan::{Answer, ServerAnswer};
///
/// let mut answer = ServerAnswer::new();
/// assert_eq!(answer.feed(&[22, 3, 3, 0, 40, 2])?, None);
/// // The peer closed: what was read is all there is.
/// assert_eq!(answer.finish(), Ok(Answer::Closed { read: 6, hello: None }));
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ServerAnswer {
    limit: usize,
    /// Bytes taken.
    read: usize,
    /// The record being read: its header and what has come of its payload.
    pending: Vec<u8>,
    /// The offset of that record.
    record_at: usize,
    /// The handshake stream.
    stream: Stream,
    /// What the handshake has said so far.
    state: State,
    done: Option<Result<Answer, AnswerError>>,
}

/// The handshake messages' bytes, joined across records, and where each fragment came from.
#[derive(Debug, Clone, Default)]
struct Stream {
    bytes: Vec<u8>,
    /// `(stream offset, input offset)` of each fragment, in order.
    pieces: Vec<(usize, usize)>,
    /// Stream bytes already read as whole messages.
    consumed: usize,
}

impl Stream {
    /// The input offset of a stream offset.
    fn input_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(start, _)| *start <= at);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((start, input)) => input + (at - start),
            None => at,
        }
    }
}

/// What the handshake has said so far.
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    pub(super) hello: Option<ServerHelloInfo>,
}

impl Default for ServerAnswer {
    fn default() -> Self {
        Self::new()
    }
}

impl ServerAnswer {
    /// A reader taking at most [`MAX_ANSWER`] bytes.
    ///
    /// ```
    /// assert_eq!(tls_policy::scan::ServerAnswer::new().read(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_limit(MAX_ANSWER)
    }

    /// A reader taking at most `limit` bytes.
    ///
    /// ```
    /// use tls_policy::scan::{AnswerError, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::with_limit(4);
    /// assert_eq!(answer.feed(&[22, 3, 3, 0, 9]), Err(AnswerError::TooLong { limit: 4 }));
    /// ```
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            read: 0,
            pending: Vec::new(),
            record_at: 0,
            stream: Stream::default(),
            state: State::default(),
            done: None,
        }
    }

    /// Reads all of `bytes` as a server's whole answer: [`feed`](Self::feed), then
    /// [`finish`](Self::finish).
    ///
    /// ```
    /// use tls_policy::scan::{Answer, ServerAnswer};
    ///
    /// assert_eq!(ServerAnswer::parse(&[])?, Answer::Closed { read: 0, hello: None });
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Answer, AnswerError> {
        let mut answer = Self::new();
        answer.feed(bytes)?;
        answer.finish()
    }

    /// Takes the next bytes the server sent: `Ok(None)` while more are needed, the answer
    /// once it is complete, or why these are not an answer. Once decided, the outcome stays:
    /// further calls return it again and take nothing.
    ///
    /// ```
    /// use tls_policy::scan::{AnswerError, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::new();
    /// let error = answer.feed(&[23, 3, 3, 0, 1, 0]).unwrap_err();
    /// assert_eq!(error, AnswerError::Unexpected { offset: 0, content_type: 23 });
    /// assert_eq!(answer.feed(&[21, 3, 3, 0, 2, 2, 40]), Err(error));
    /// ```
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Option<Answer>, AnswerError> {
        if self.done.is_none() {
            let room = self.limit.saturating_sub(self.read);
            let (taken, over) = bytes.split_at(room.min(bytes.len()));
            if let Err(error) = self.take(taken) {
                self.done = Some(Err(error));
            } else if self.done.is_none() && !over.is_empty() {
                self.done = Some(Err(AnswerError::TooLong { limit: self.limit }));
            }
        }
        self.done.clone().transpose()
    }

    /// The peer closed or reset: the answer if it was complete, else [`Answer::Closed`] with
    /// what had been read.
    ///
    /// ```
    /// use tls_policy::scan::{Answer, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::new();
    /// answer.feed(&[21, 3, 3, 0, 2])?;
    /// assert_eq!(answer.finish(), Ok(Answer::Closed { read: 5, hello: None }));
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub fn finish(&self) -> Result<Answer, AnswerError> {
        match &self.done {
            Some(outcome) => outcome.clone(),
            None => Ok(Answer::Closed { read: self.read, hello: self.state.hello.clone() }),
        }
    }

    /// How many bytes have been taken.
    ///
    /// ```
    /// let mut answer = tls_policy::scan::ServerAnswer::new();
    /// answer.feed(&[22, 3])?;
    /// assert_eq!(answer.read(), 2);
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub const fn read(&self) -> usize {
        self.read
    }

    fn take(&mut self, mut input: &[u8]) -> Result<(), AnswerError> {
        while !input.is_empty() && self.done.is_none() {
            if self.pending.is_empty() {
                self.record_at = self.read;
            }
            let header = self.pending.len() < 5;
            let want = if header { 5 } else { 5 + self.record_length() };
            let (now, rest) = input.split_at(want.saturating_sub(self.pending.len()).min(input.len()));
            self.pending.extend_from_slice(now);
            self.read += now.len();
            input = rest;
            if header && self.pending.len() == 5 {
                self.header()?;
            }
            if self.done.is_none() && self.pending.len() == 5 + self.record_length() {
                self.record()?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    fn record_length(&self) -> usize {
        match self.pending.get(3..5) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => 0,
        }
    }

    /// Checks a record header as soon as its five bytes are in.
    fn header(&mut self) -> Result<(), AnswerError> {
        let at = self.record_at;
        let &[content_type, major, minor, ..] = self.pending.as_slice() else { return Ok(()) };
        if at == 0 && self.pending.starts_with(b"HTTP/") {
            return Err(AnswerError::Http);
        }
        if !(CHANGE_CIPHER_SPEC..=HEARTBEAT).contains(&content_type) {
            return Err(AnswerError::NotTls { offset: at, byte: content_type });
        }
        if major != 3 {
            return Err(AnswerError::BadRecordVersion { offset: at + 1, version: u16::from_be_bytes([major, minor]) });
        }
        let length = self.record_length();
        let needs_payload = matches!(content_type, ALERT | HANDSHAKE);
        if length > MAX_RECORD || (length == 0 && needs_payload) {
            return Err(AnswerError::BadRecordLength { offset: at + 3, length });
        }
        if !needs_payload {
            // ChangeCipherSpec, ApplicationData or Heartbeat: after a TLS 1.2 ServerHello the
            // clear part is over (an abbreviated handshake, or a server in a hurry).
            match self.state.hello.take() {
                Some(hello) => self.done = Some(Ok(Answer::Hello(hello))),
                None => return Err(AnswerError::Unexpected { offset: at, content_type }),
            }
        }
        Ok(())
    }

    /// Reads a whole alert or handshake record.
    fn record(&mut self) -> Result<(), AnswerError> {
        let at = self.record_at;
        let payload = self.pending.get(5..).unwrap_or_default();
        if self.pending.first() == Some(&ALERT) {
            let &[level, description, ..] = payload else {
                return Err(AnswerError::BadAlert { offset: at, length: payload.len() });
            };
            let hello = self.state.hello.take();
            self.done = Some(Ok(Answer::Alert(AlertAnswer { level, description, hello })));
            return Ok(());
        }
        self.stream.pieces.push((self.stream.bytes.len(), at + 5));
        self.stream.bytes.extend_from_slice(payload);
        self.messages()
    }

    /// Reads every whole handshake message the stream holds.
    fn messages(&mut self) -> Result<(), AnswerError> {
        let stream = &self.stream;
        let mut consumed = stream.consumed;
        let map = |at: usize| stream.input_offset(at);
        while self.done.is_none() {
            let rest = stream.bytes.get(consumed..).unwrap_or_default();
            let &[msg_type, a, b, c, ..] = rest else { break };
            let length = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
            if length > MAX_MESSAGE {
                let offset = map(consumed);
                return Err(AnswerError::MessageTooLong { offset, msg_type, length, limit: MAX_MESSAGE });
            }
            let Some(body) = rest.get(4..4 + length) else { break };
            let r = Reader { bytes: body, at: 0, base: consumed + 4, map: &map };
            let message = Message { msg_type, offset: map(consumed), reader: r };
            self.done = messages::read(message, &mut self.state)?.map(Ok);
            consumed += 4 + length;
        }
        self.stream.consumed = consumed;
        Ok(())
    }
}

#[cfg(test)]
#[path = "answer_tests.rs"]
mod tests;
