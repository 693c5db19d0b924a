//! A zero-copy ClientHello reader: TLS records, then the handshake message, then the
//! extensions the engine needs, borrowing the input throughout; and its inverse, a writer of
//! an offer as ClientHello records (`write.rs`).
//!
//! Grammar, RFC 8446 §5.1 and §4.1.2 (RFC 5246 §6.2.1 and §7.4.1.2 agree on the wire):
//!
//! ```text
//! struct { ContentType type; ProtocolVersion legacy_record_version;
//!          uint16 length; opaque fragment[TLSPlaintext.length]; } TLSPlaintext;
//! struct { HandshakeType msg_type; uint24 length; ClientHello body; } Handshake;
//! struct {
//!     ProtocolVersion legacy_version;
//!     Random random;                                     /* 32 bytes */
//!     opaque legacy_session_id<0..32>;
//!     CipherSuite cipher_suites<2..2^16-2>;
//!     opaque legacy_compression_methods<1..2^8-1>;
//!     Extension extensions<8..2^16-1>;                   /* absent in some TLS 1.0-1.2 hellos */
//! } ClientHello;
//! ```

use crate::engine::offer::{Codes, Offer};
use crate::engine::verdict::Reason;
use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

mod duplicates;
mod extensions;
pub(crate) mod reader;
mod record;
mod write;

use duplicates::*;
use extensions::*;
use reader::*;
use record::*;
pub use write::{HelloWriter, WriteError};

/// Record content type `handshake` (RFC 8446 §5.1).
const HANDSHAKE: u8 = 22;
/// Handshake type `client_hello` (RFC 8446 §4).
const CLIENT_HELLO: u8 = 1;
/// RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes."
const MAX_RECORD: usize = 1 << 14;

/// Extension code points the reader looks at (IANA "TLS ExtensionType Values").
mod ext {
    pub(super) const SERVER_NAME: u16 = 0;
    pub(super) const STATUS_REQUEST: u16 = 5;
    pub(super) const SUPPORTED_GROUPS: u16 = 10;
    pub(super) const EC_POINT_FORMATS: u16 = 11;
    pub(super) const SIGNATURE_ALGORITHMS: u16 = 13;
    pub(super) const ALPN: u16 = 16;
    pub(super) const CLIENT_CERTIFICATE_TYPE: u16 = 19;
    pub(super) const SERVER_CERTIFICATE_TYPE: u16 = 20;
    pub(super) const EXTENDED_MASTER_SECRET: u16 = 23;
    pub(super) const COMPRESS_CERTIFICATE: u16 = 27;
    pub(super) const PRE_SHARED_KEY: u16 = 41;
    pub(super) const EARLY_DATA: u16 = 42;
    pub(super) const SUPPORTED_VERSIONS: u16 = 43;
    pub(super) const COOKIE: u16 = 44;
    pub(super) const PSK_KEY_EXCHANGE_MODES: u16 = 45;
    pub(super) const CERTIFICATE_AUTHORITIES: u16 = 47;
    pub(super) const KEY_SHARE: u16 = 51;
    pub(super) const TICKET_REQUEST: u16 = 58;
    pub(super) const ECH_OUTER_EXTENSIONS: u16 = 0xFD00;
    pub(super) const ENCRYPTED_CLIENT_HELLO: u16 = 0xFE0D;
    pub(super) const RENEGOTIATION_INFO: u16 = 0xFF01;
}

/// Why bytes are not a ClientHello. Offsets count from the start of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HelloError {
    /// No bytes at all.
    #[error("empty input: expected a TLS record")]
    Empty,
    /// The input ends inside a structure.
    #[error("truncated at byte {offset}: {what} needs {needed} more bytes")]
    Truncated {
        /// Where the missing bytes should start.
        offset: usize,
        /// What was being read.
        what: &'static str,
        /// How many bytes are missing.
        needed: usize,
    },
    /// An SSL 2.0-compatible ClientHello (RFC 5246 §E.2), which no TLS 1.3 server and no
    /// modern TLS 1.2 server accepts.
    #[error("SSL 2.0-compatible ClientHello (version 0x{version:04X}), not a TLS record")]
    Sslv2 {
        /// The version it announces.
        version: u16,
    },
    /// A record that is not a handshake record.
    #[error("byte {offset}: record content type {content_type} is not handshake (22)")]
    NotHandshake {
        /// The record's offset.
        offset: usize,
        /// Its content type.
        content_type: u8,
    },
    /// A record version outside the SSL/TLS family (`0x03xx`).
    #[error("byte {offset}: record version 0x{version:04X} is not a TLS version")]
    BadRecordVersion {
        /// The offset of the version field.
        offset: usize,
        /// The value.
        version: u16,
    },
    /// A record longer than 2^14 bytes, or an empty handshake record (RFC 8446 §5.1).
    #[error("byte {offset}: record length {length} is not within 1..=16384 (RFC 8446 §5.1)")]
    BadRecordLength {
        /// The offset of the length field.
        offset: usize,
        /// The value.
        length: usize,
    },
    /// A handshake message that is not a ClientHello.
    #[error("byte {offset}: handshake message type {msg_type} is not ClientHello (1)")]
    NotClientHello {
        /// The offset of the type field.
        offset: usize,
        /// The type.
        msg_type: u8,
    },
    /// A length that breaks the grammar.
    #[error("byte {offset}: {field} length {length} breaks {rule}")]
    BadLength {
        /// The offset of the length field.
        offset: usize,
        /// The field.
        field: &'static str,
        /// The value.
        length: usize,
        /// The rule broken.
        rule: &'static str,
    },
    /// The same extension twice (RFC 8446 §4.2).
    #[error("byte {offset}: extension 0x{ext_type:04X} appears twice (RFC 8446 §4.2)")]
    DuplicateExtension {
        /// The offset of the second occurrence.
        offset: usize,
        /// The extension type.
        ext_type: u16,
    },
    /// A value the grammar allows but the protocol forbids: no null compression method
    /// (RFC 5246 §7.4.1.2), two host names or a host name that is not one (RFC 6066 §3),
    /// `pre_shared_key` before another extension (RFC 8446 §4.2.11), an ECH type that is
    /// neither outer nor inner. [`reason`](Self::reason) says which alert it earns.
    #[error("byte {offset}: {field} breaks {rule}")]
    BadValue {
        /// Where the value starts.
        offset: usize,
        /// The field.
        field: &'static str,
        /// The rule broken.
        rule: &'static str,
        /// Why a server refuses it: malformed (decode_error) or illegal_parameter.
        reason: Reason,
    },
    /// The ClientHello spans several records: [`ClientHello::parse`] only borrows one.
    #[error("the ClientHello spans {records} records; read it with ClientHello::parse_with and a buffer")]
    Fragmented {
        /// How many records it spans.
        records: usize,
    },
}

impl HelloError {
    /// Why a server refuses these bytes: [`Reason::IllegalParameter`] for a value RFC 6066 or
    /// RFC 8446 answers with `illegal_parameter` (47), [`Reason::Malformed`] (decode_error,
    /// 50) for everything else.
    ///
    /// ```
    /// use tls_policy::{ClientHello, Reason};
    ///
    /// let error = ClientHello::parse(b"GET / HTTP/1.1").unwrap_err();
    /// assert_eq!(error.reason(), Reason::Malformed);
    /// ```
    pub const fn reason(&self) -> Reason {
        match self {
            Self::BadValue { reason, .. } => *reason,
            _ => Reason::Malformed,
        }
    }
}

/// A ClientHello, borrowed from the bytes it was read from.
///
/// ```
/// use tls_policy::{negotiate, ClientHello, KeyTypes, Policy};
///
/// # let bytes = include_bytes!("../../tests/data/hellos/openssl_default.bin");
/// let hello = ClientHello::parse(bytes)?;
/// assert_eq!(hello.suites().len(), 31);
/// let verdict = negotiate(&Policy::named("dps-tls12").unwrap(), &hello.offer(), KeyTypes::RSA);
/// assert_eq!(verdict.unwrap().suite.to_string(), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ClientHello<'a> {
    record_version: ProtocolVersion,
    records: usize,
    length: usize,
    trailing: usize,
    legacy_version: ProtocolVersion,
    random: &'a [u8],
    session_id: &'a [u8],
    suites: &'a [u8],
    compression: &'a [u8],
    extensions: Option<&'a [u8]>,
    supported_versions: Option<&'a [u8]>,
    groups: Option<&'a [u8]>,
    signature_schemes: Option<&'a [u8]>,
    server_name: Option<&'a [u8]>,
    alpn: Option<&'a [u8]>,
    ec_point_formats: Option<&'a [u8]>,
    key_share: bool,
    illegal_in_tls13: bool,
}

impl<'a> ClientHello<'a> {
    /// Reads a ClientHello held in one record (the common case), borrowing `input`.
    /// Bytes after the first handshake message are ignored (see [`trailing`](Self::trailing)).
    pub fn parse(input: &'a [u8]) -> Result<Self, HelloError> {
        let first = record(input, 0)?;
        // The handshake header may itself be split across records (RFC 8446 §5.1: "a single
        // message MAY be fragmented across several records"): then the hello spans several.
        let message = match handshake_bounds(first.payload, 5) {
            Ok(message) => message,
            Err(HelloError::Truncated { .. }) => {
                let message = message_length(input)?;
                return Err(HelloError::Fragmented { records: count_records(input, message) });
            }
            Err(e) => return Err(e),
        };
        if message > first.payload.len() {
            return Err(HelloError::Fragmented { records: count_records(input, message) });
        }
        let framing = Framing { version: first.version, records: 1, trailing: first.payload.len() - message };
        body(first.payload, message, framing, &|at| 5 + at)
    }

    /// Reads a ClientHello that may span several records (its handshake header included):
    /// when it does, the fragments are copied into `buffer` (cleared first) and the hello
    /// borrows that; otherwise `buffer` is not touched and nothing is allocated.
    pub fn parse_with(input: &'a [u8], buffer: &'a mut Vec<u8>) -> Result<Self, HelloError> {
        match Self::parse(input) {
            Err(HelloError::Fragmented { .. }) => {}
            other => return other,
        }
        let first = record(input, 0)?;
        let message = message_length(input)?;
        buffer.clear();
        let mut at = 0;
        let mut records = 0;
        while buffer.len() < message {
            let r = record(input, at)?;
            buffer.extend_from_slice(r.payload);
            at += 5 + r.payload.len();
            records += 1;
        }
        let trailing = buffer.len() - message;
        let joined: &'a [u8] = buffer;
        let framing = Framing { version: first.version, records, trailing };
        body(joined, message, framing, &|h| input_offset(input, h))
    }

    /// The offer the engine decides on: `legacy_version`, cipher suites, the
    /// `supported_versions`, `supported_groups` and `signature_algorithms` extensions, and
    /// what the engine judges once the version is known (compression methods,
    /// `ec_point_formats`, whether `key_share` was sent, values TLS 1.3 forbids), all
    /// borrowed.
    pub fn offer(&self) -> Offer<'a> {
        Offer::from_parts(
            self.legacy_version,
            Codes::from_wire(self.suites),
            self.supported_versions.map(Codes::from_wire),
            self.groups.map(Codes::from_wire),
            self.signature_schemes.map(Codes::from_wire),
            self.compression,
            self.ec_point_formats,
            self.key_share,
            self.illegal_in_tls13,
        )
    }

    /// The record layer's version (usually 0x0301, whatever the client supports).
    pub const fn record_version(&self) -> ProtocolVersion {
        self.record_version
    }

    /// How many records the hello spans.
    pub const fn records(&self) -> usize {
        self.records
    }

    /// The handshake message's length.
    pub const fn length(&self) -> usize {
        self.length
    }

    /// Handshake bytes after the ClientHello in its last record.
    pub const fn trailing(&self) -> usize {
        self.trailing
    }

    /// `legacy_version`.
    pub const fn legacy_version(&self) -> ProtocolVersion {
        self.legacy_version
    }

    /// The 32-byte random.
    pub const fn random(&self) -> &'a [u8] {
        self.random
    }

    /// `legacy_session_id`.
    pub const fn session_id(&self) -> &'a [u8] {
        self.session_id
    }

    /// The cipher suites, GREASE and signalling values included.
    pub fn suites(&self) -> Codes<'a, CipherSuite> {
        Codes::from_wire(self.suites)
    }

    /// `legacy_compression_methods`.
    pub const fn compression_methods(&self) -> &'a [u8] {
        self.compression
    }

    /// `supported_versions`, if sent.
    pub fn supported_versions(&self) -> Option<Codes<'a, ProtocolVersion>> {
        self.supported_versions.map(Codes::from_wire)
    }

    /// `supported_groups`, if sent.
    pub fn groups(&self) -> Option<Codes<'a, NamedGroup>> {
        self.groups.map(Codes::from_wire)
    }

    /// `signature_algorithms`, if sent.
    pub fn signature_schemes(&self) -> Option<Codes<'a, SignatureScheme>> {
        self.signature_schemes.map(Codes::from_wire)
    }

    /// The `host_name` of `server_name` (RFC 6066 §3), if sent.
    pub fn server_name(&self) -> Option<&'a [u8]> {
        self.server_name
    }

    /// The ALPN protocol names (RFC 7301 §3.1), in order; empty when not sent.
    pub fn alpn(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let mut rest = self.alpn.unwrap_or(&[]);
        core::iter::from_fn(move || {
            let (&len, tail) = rest.split_first()?;
            let name = tail.get(..usize::from(len))?;
            rest = tail.get(usize::from(len)..)?;
            Some(name)
        })
    }

    /// Every extension as `(type, data)`, in order; empty when the hello has none.
    pub fn extensions(&self) -> impl Iterator<Item = (u16, &'a [u8])> + use<'a> {
        let mut rest = self.extensions.unwrap_or(&[]);
        core::iter::from_fn(move || {
            let ty = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]);
            let len = usize::from(u16::from_be_bytes([*rest.get(2)?, *rest.get(3)?]));
            let data = rest.get(4..4 + len)?;
            rest = rest.get(4 + len..)?;
            Some((ty, data))
        })
    }
}
