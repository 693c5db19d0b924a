//! What a server answered a ClientHello, as [`ServerAnswer`](super::ServerAnswer)(super::ServerAnswer) reports
//! it: the outcome types, shared by the record reader and the message parser.

use crate::engine::verdict::Alert;
use crate::hello::HelloError;
use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

use super::CertificateKey;

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
    /// Only [`ServerAnswer::finish`](super::ServerAnswer::finish) gives this.
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
        Alert::from_number(self.description)
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
