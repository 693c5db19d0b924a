//! A zero-copy ClientHello reader: TLS records, then the handshake message, then the
//! extensions the engine needs, borrowing the input throughout.
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

use crate::engine::negotiate::Reason;
use crate::engine::offer::{Codes, Offer};
use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

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
/// use tls_policy::{negotiate, ClientHello, Credentials, Policy};
///
/// # let bytes = include_bytes!("../tests/data/hellos/openssl_default.bin");
/// let hello = ClientHello::parse(bytes)?;
/// assert_eq!(hello.suites().len(), 31);
/// let verdict = negotiate(&Policy::named("dps-tls12").unwrap(), &hello.offer(), Credentials::RSA);
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

struct Record<'a> {
    version: ProtocolVersion,
    payload: &'a [u8],
}

/// The handshake record starting at `at`.
fn record(input: &[u8], at: usize) -> Result<Record<'_>, HelloError> {
    let rest = input.get(at..).unwrap_or(&[]);
    if at == 0 {
        if rest.is_empty() {
            return Err(HelloError::Empty);
        }
        // RFC 5246 §E.2: an SSL 2.0 CLIENT-HELLO has a 2-byte length with the high bit set,
        // then msg_type 1, then the version.
        if rest[0] & 0x80 != 0 && rest.get(2) == Some(&1) {
            let version = u16::from_be_bytes([rest.get(3).copied().unwrap_or(0), rest.get(4).copied().unwrap_or(0)]);
            return Err(HelloError::Sslv2 { version });
        }
    }
    if rest.len() < 5 {
        return Err(HelloError::Truncated { offset: input.len(), what: "record header", needed: 5 - rest.len() });
    }
    if rest[0] != HANDSHAKE {
        return Err(HelloError::NotHandshake { offset: at, content_type: rest[0] });
    }
    let version = u16::from_be_bytes([rest[1], rest[2]]);
    if rest[1] != 3 {
        return Err(HelloError::BadRecordVersion { offset: at + 1, version });
    }
    let length = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
    if length == 0 || length > MAX_RECORD {
        return Err(HelloError::BadRecordLength { offset: at + 3, length });
    }
    let payload = rest.get(5..5 + length).ok_or_else(|| HelloError::Truncated {
        offset: input.len(),
        what: "record",
        needed: (5 + length).saturating_sub(rest.len()),
    })?;
    Ok(Record { version: ProtocolVersion::from(version), payload })
}

/// Checks the handshake header at the start of the first record's payload; returns the whole
/// message's length (header included).
fn handshake_bounds(payload: &[u8], offset: usize) -> Result<usize, HelloError> {
    if payload.len() < 4 {
        return Err(HelloError::Truncated {
            offset: offset + payload.len(),
            what: "handshake header",
            needed: 4 - payload.len(),
        });
    }
    if payload[0] != CLIENT_HELLO {
        return Err(HelloError::NotClientHello { offset, msg_type: payload[0] });
    }
    let length = usize::from(payload[1]) << 16 | usize::from(payload[2]) << 8 | usize::from(payload[3]);
    Ok(4 + length)
}

/// The whole message's length (header included) from a handshake header that may be split
/// across the first records, each carrying at least one byte (RFC 8446 §5.1 forbids empty
/// handshake records, and [`record`] refuses them).
fn message_length(input: &[u8]) -> Result<usize, HelloError> {
    let mut header = [0u8; 4];
    let (mut have, mut at) = (0, 0);
    while have < header.len() {
        if at > 0 && at >= input.len() {
            return Err(HelloError::Truncated { offset: input.len(), what: "handshake header", needed: 4 - have });
        }
        let r = record(input, at)?;
        for (slot, &b) in header.iter_mut().skip(have).zip(r.payload) {
            *slot = b;
            have += 1;
        }
        at += 5 + r.payload.len();
    }
    handshake_bounds(&header, 5)
}

/// How many records hold the first `message` bytes of handshake data.
fn count_records(input: &[u8], message: usize) -> usize {
    let (mut at, mut have, mut records) = (0, 0, 0);
    while have < message {
        let Ok(r) = record(input, at) else { return records + 1 };
        have += r.payload.len();
        at += 5 + r.payload.len();
        records += 1;
    }
    records
}

/// Maps an offset in the joined handshake bytes to an offset in the input.
fn input_offset(input: &[u8], mut handshake: usize) -> usize {
    let mut at = 0;
    while let Ok(r) = record(input, at) {
        if handshake < r.payload.len() {
            return at + 5 + handshake;
        }
        handshake -= r.payload.len();
        at += 5 + r.payload.len();
    }
    at + handshake
}

/// A cursor over part of the handshake message. `base` is where `bytes` starts in the
/// message; `map` turns a message offset into an input offset, and runs only on errors.
struct Reader<'a, 'm> {
    bytes: &'a [u8],
    at: usize,
    base: usize,
    map: &'m dyn Fn(usize) -> usize,
}

impl<'a, 'm> Reader<'a, 'm> {
    /// A reader over `bytes`, which start at message offset `base`.
    fn sub(&self, bytes: &'a [u8], base: usize) -> Reader<'a, 'm> {
        Reader { bytes, at: 0, base, map: self.map }
    }

    /// The input offset of a position in this reader.
    fn offset(&self, at: usize) -> usize {
        (self.map)(self.base + at)
    }

    #[inline]
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], HelloError> {
        match self.bytes.get(self.at..self.at + n) {
            Some(slice) => {
                self.at += n;
                Ok(slice)
            }
            None => Err(self.truncated(n, what)),
        }
    }

    #[cold]
    fn truncated(&self, n: usize, what: &'static str) -> HelloError {
        HelloError::Truncated { offset: self.offset(self.bytes.len()), what, needed: self.at + n - self.bytes.len() }
    }

    /// `needed` bytes wanted at position `at`, beyond the end.
    #[cold]
    fn truncated_at(&self, at: usize, needed: usize, what: &'static str) -> HelloError {
        HelloError::Truncated {
            offset: self.offset(self.bytes.len()),
            what,
            needed: (at + needed).saturating_sub(self.bytes.len()),
        }
    }

    #[cold]
    fn bad_length(&self, start: usize, field: &'static str, length: usize, rule: &'static str) -> HelloError {
        HelloError::BadLength { offset: self.offset(start), field, length, rule }
    }

    #[cold]
    fn bad_value(&self, start: usize, field: &'static str, rule: &'static str, reason: Reason) -> HelloError {
        HelloError::BadValue { offset: self.offset(start), field, rule, reason }
    }

    #[inline]
    fn u8(&mut self, what: &'static str) -> Result<u8, HelloError> {
        Ok(self.take(1, what)?[0])
    }

    #[inline]
    fn u16(&mut self, what: &'static str) -> Result<u16, HelloError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// A vector with a 1- or 2-byte length prefix, checked against `<min..max>` and, for
    /// lists of 16-bit values, evenness.
    #[inline]
    fn vector(
        &mut self,
        prefix: u8,
        what: &'static str,
        min: usize,
        max: usize,
        pairs: bool,
    ) -> Result<&'a [u8], HelloError> {
        let start = self.at;
        let length = if prefix == 1 { usize::from(self.u8(what)?) } else { usize::from(self.u16(what)?) };
        if length < min || length > max {
            let rule = if min > 0 { "the grammar's minimum or maximum length" } else { "the grammar's maximum length" };
            return Err(self.bad_length(start, what, length, rule));
        }
        if pairs && length % 2 != 0 {
            return Err(self.bad_length(start, what, length, "a list of 16-bit values"));
        }
        self.take(length, what)
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// Duplicate detection for the groups of `key_share` in linear time without a large set on
/// the common path: the first [`RareCodes::FEW`] inline; only when more appear is the whole
/// list checked once against a 65,536-bit set (8 KiB on the stack). (The extension types use
/// [`FewTypes`] and [`AllTypes`] in one pass instead.)
struct RareCodes {
    few: [u16; RareCodes::FEW],
    len: usize,
    /// Set once the full pass has run: where the first repeated code starts, if any.
    full: Option<Option<usize>>,
}

impl RareCodes {
    /// Real hellos carry at most a handful of extension types of 64 and above (GREASE,
    /// renegotiation_info, ECH, ALPS), and of key shares.
    const FEW: usize = 8;

    const fn new() -> Self {
        Self { few: [0; Self::FEW], len: 0, full: None }
    }

    /// Whether `code`, the item starting at `at`, repeats an earlier one; `all` gives every
    /// item as `(start, code)`, for the full pass.
    #[inline]
    fn repeats(&mut self, code: u16, at: usize, all: impl FnOnce() -> Option<usize>) -> bool {
        if let Some(first) = self.full {
            return first == Some(at);
        }
        let few = self.few.get(..self.len).unwrap_or(&[]);
        if few.contains(&code) {
            return true;
        }
        if let Some(slot) = self.few.get_mut(self.len) {
            *slot = code;
            self.len += 1;
            return false;
        }
        let first = all();
        self.full = Some(first);
        first == Some(at)
    }
}

/// The start of the first item whose code repeats an earlier one, by a 65,536-bit set: one
/// pass, linear in the items.
#[cold]
#[inline(never)]
fn first_repeat(items: impl Iterator<Item = (usize, u16)>) -> Option<usize> {
    let mut set = [0u64; 1024];
    for (start, code) in items {
        let (word, bit) = (usize::from(code >> 6), 1u64 << (code & 63));
        let Some(w) = set.get_mut(word) else { continue };
        if *w & bit != 0 {
            return Some(start);
        }
        *w |= bit;
    }
    None
}

/// The extension types of 64 and above seen so far, for the duplicate check.
trait RareTypes {
    /// Records `ty`: `Some(true)` if it was seen before, `Some(false)` if not, `None` when
    /// there is no room to remember it.
    fn insert(&mut self, ty: u16) -> Option<bool>;

    /// Records the types of the empty extensions at the start of `rest` that need nothing
    /// but the duplicate check, while none repeats; returns what follows them.
    #[inline]
    fn skip_run<'a>(&mut self, rest: &'a [u8]) -> &'a [u8] {
        rest
    }
}

/// The first [`RareCodes::FEW`] rare types, inline: nothing to clear on the common path.
struct FewTypes {
    types: [u16; RareCodes::FEW],
    len: usize,
}

impl RareTypes for FewTypes {
    #[inline]
    fn insert(&mut self, ty: u16) -> Option<bool> {
        if self.types.get(..self.len).unwrap_or(&[]).contains(&ty) {
            return Some(true);
        }
        let slot = self.types.get_mut(self.len)?;
        *slot = ty;
        self.len += 1;
        Some(false)
    }
}

/// Every type, as a 65,536-bit set (8 KiB): taken only when a hello lists more rare types
/// than [`FewTypes`] holds.
struct AllTypes([u64; 1024]);

impl RareTypes for AllTypes {
    /// Thousands of types fit in a hello only as (mostly) empty extensions, so a hostile one
    /// is long runs of bare 4-byte headers. Through a run the next header is 4 bytes on, so
    /// the walk does not wait on each length it loads (the length is checked by a predicted
    /// branch instead), and the word of the set in use is held in a register, written back
    /// only when the type moves to another word: neighbouring types (one word holds 64) then
    /// make no chain of stores and reloads through memory. The types that get more than the
    /// check (below 64, and `ech_outer_extensions` 0xFD00 and up, RFC 5746's
    /// `renegotiation_info` 0xFF01 among them) end the run, as does a repeat; the general step
    /// then reads that one.
    #[inline]
    fn skip_run<'a>(&mut self, rest: &'a [u8]) -> &'a [u8] {
        let (mut at, mut word) = (0, self.0.first().copied().unwrap_or(0));
        // Records the type of `header` if it is a plain one; false when the run ends there.
        let mut plain = |header: u32| {
            // Type 64 up to 0xFD00 (excluded), length 0.
            if header.wrapping_sub(0x0040_0000) >= 0xFD00_0000 - 0x0040_0000 || header & 0xFFFF != 0 {
                return false;
            }
            let (index, bit) = (usize::try_from(header >> 22).unwrap_or(0), 1u64 << ((header >> 16) & 63));
            if index != at {
                if let Some(w) = self.0.get_mut(at) {
                    *w = word;
                }
                at = index;
                word = self.0.get(at).copied().unwrap_or(0);
            }
            let seen = word & bit != 0;
            word |= bit;
            !seen
        };
        let mut done = 0;
        // Two headers a step: one bounds check and one length test for both.
        while let Some(&pair) = rest.get(done..).and_then(|r| r.first_chunk::<8>()) {
            let pair = u64::from_be_bytes(pair);
            if pair & 0x0000_FFFF_0000_FFFF != 0 {
                break;
            }
            let (first, second) =
                (u32::try_from(pair >> 32).unwrap_or(0), u32::try_from(pair & 0xFFFF_FFFF).unwrap_or(0));
            if !plain(first) {
                break;
            }
            done += 4;
            if !plain(second) {
                break;
            }
            done += 4;
        }
        // The last header, or the one that ended the pairs (recording a type twice is harmless:
        // a repeat stays a repeat).
        while let Some(&header) = rest.get(done..).and_then(|r| r.first_chunk::<4>()) {
            if !plain(u32::from_be_bytes(header)) {
                break;
            }
            done += 4;
        }
        if let Some(w) = self.0.get_mut(at) {
            *w = word;
        }
        rest.get(done..).unwrap_or(&[])
    }

    #[inline]
    fn insert(&mut self, ty: u16) -> Option<bool> {
        let (word, bit) = (usize::from(ty >> 6), 1u64 << (ty & 63));
        let w = self.0.get_mut(word)?;
        let seen = *w & bit != 0;
        *w |= bit;
        Some(seen)
    }
}

/// What the record layer says of a hello: the first record's version, how many records it
/// spans, and the bytes after it in its last record.
struct Framing {
    version: ProtocolVersion,
    records: usize,
    trailing: usize,
}

/// The extensions the reader keeps, as it finds them.
#[derive(Default)]
struct Found<'a> {
    supported_versions: Option<&'a [u8]>,
    groups: Option<&'a [u8]>,
    signature_schemes: Option<&'a [u8]>,
    server_name: Option<&'a [u8]>,
    alpn: Option<&'a [u8]>,
    ec_point_formats: Option<&'a [u8]>,
    key_share: bool,
    illegal_in_tls13: bool,
}

impl Found<'_> {
    /// A `key_share` was read; `illegal` if it holds a value TLS 1.3 forbids.
    fn note_key_share(&mut self, illegal: bool) {
        self.key_share = true;
        self.illegal_in_tls13 |= illegal;
    }
}

/// Reads the ClientHello body from `bytes[..message]` (handshake header included).
fn body<'a>(
    bytes: &'a [u8],
    message: usize,
    framing: Framing,
    map: &dyn Fn(usize) -> usize,
) -> Result<ClientHello<'a>, HelloError> {
    let Some(msg) = bytes.get(..message) else {
        return Err(HelloError::Truncated {
            offset: map(bytes.len()),
            what: "ClientHello",
            needed: message.saturating_sub(bytes.len()),
        });
    };
    let mut r = Reader { bytes: msg, at: 4, base: 0, map };
    let legacy_version = ProtocolVersion::from(r.u16("legacy_version")?);
    let random = r.take(32, "random")?;
    let session_id = r.vector(1, "legacy_session_id", 0, 32, false)?;
    let suites = r.vector(2, "cipher_suites", 2, 0xFFFE, true)?;
    let compression_at = r.at;
    let compression = r.vector(1, "legacy_compression_methods", 1, 0xFF, false)?;
    // RFC 5246 §7.4.1.2: "this vector MUST contain ... CompressionMethod.null"; OpenSSL
    // answers decode_error. (TLS 1.3's "exactly [null]" is the engine's, once the version is
    // known.)
    if !compression.contains(&0) {
        return Err(r.bad_value(
            compression_at,
            "legacy_compression_methods",
            "the rule that it holds null (0) (RFC 5246 §7.4.1.2)",
            Reason::Malformed,
        ));
    }
    let mut found = Found::default();
    // RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end here, without extensions.
    let extensions = if r.done() {
        None
    } else {
        let all = r.vector(2, "extensions", 0, 0xFFFF, false)?;
        if !r.done() {
            return Err(HelloError::BadLength {
                offset: r.offset(r.at),
                field: "ClientHello",
                length: message - 4,
                rule: "the end of its extensions (bytes left over)",
            });
        }
        read_extensions(&r.sub(all, r.at - all.len()), &mut found)?;
        Some(all)
    };
    // Built here, in the caller's slot, rather than filled in and moved.
    Ok(ClientHello {
        record_version: framing.version,
        records: framing.records,
        length: message,
        trailing: framing.trailing,
        legacy_version,
        random,
        session_id,
        suites,
        compression,
        extensions,
        supported_versions: found.supported_versions,
        groups: found.groups,
        signature_schemes: found.signature_schemes,
        server_name: found.server_name,
        alpn: found.alpn,
        ec_point_formats: found.ec_point_formats,
        key_share: found.key_share,
        illegal_in_tls13: found.illegal_in_tls13,
    })
}

/// Walks the extensions (`list`'s bytes), checking each header, that no type repeats, and the
/// grammar of every extension the engine or rustls reads; what the engine needs goes into
/// `found`. One pass, linear in the list: see [`walk`].
#[inline(never)]
fn read_extensions<'a>(list: &Reader<'a, '_>, found: &mut Found<'a>) -> Result<(), HelloError> {
    let mut few = FewTypes { types: [0; RareCodes::FEW], len: 0 };
    match walk(list, found, 0, &mut few, 0)? {
        None => Ok(()),
        Some((seen, at)) => walk_on(list, found, seen, &few, at),
    }
}

/// The rest of the walk from the extension at `at`, once more rare types came than
/// [`FewTypes`] holds (a hostile or very unusual hello).
#[cold]
#[inline(never)]
fn walk_on<'a>(
    list: &Reader<'a, '_>,
    found: &mut Found<'a>,
    seen: u64,
    few: &FewTypes,
    at: usize,
) -> Result<(), HelloError> {
    let mut all = AllTypes([0; 1024]);
    for &ty in few.types.get(..few.len).unwrap_or(&[]) {
        all.insert(ty);
    }
    walk(list, found, seen, &mut all, at).map(|_| ())
}

/// Reads the extensions from byte `start` of the list; `seen` holds the types below 64 met so
/// far (one bit each), `rare` the others. Returns where it stopped, with `seen`, when `rare`
/// ran out of room.
#[inline(always)]
fn walk<'a, R: RareTypes>(
    list: &Reader<'a, '_>,
    found: &mut Found<'a>,
    mut seen: u64,
    rare: &mut R,
    start: usize,
) -> Result<Option<(u64, usize)>, HelloError> {
    /// The types below 64 read further, as a bit set.
    const READ: u64 = 1 << ext::SERVER_NAME
        | 1 << ext::STATUS_REQUEST
        | 1 << ext::SUPPORTED_GROUPS
        | 1 << ext::EC_POINT_FORMATS
        | 1 << ext::SIGNATURE_ALGORITHMS
        | 1 << ext::ALPN
        | 1 << ext::CLIENT_CERTIFICATE_TYPE
        | 1 << ext::SERVER_CERTIFICATE_TYPE
        | 1 << ext::EXTENDED_MASTER_SECRET
        | 1 << ext::COMPRESS_CERTIFICATE
        | 1 << ext::PRE_SHARED_KEY
        | 1 << ext::EARLY_DATA
        | 1 << ext::SUPPORTED_VERSIONS
        | 1 << ext::COOKIE
        | 1 << ext::PSK_KEY_EXCHANGE_MODES
        | 1 << ext::CERTIFICATE_AUTHORITIES
        | 1 << ext::KEY_SHARE
        | 1 << ext::TICKET_REQUEST;
    let all = list.bytes;
    // The walk follows a slice rather than an index: the step from one header to the next is
    // then one addition, the chain every TLV walk waits on.
    let mut rest = all.get(start..).unwrap_or(&[]);
    // struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
    loop {
        rest = rare.skip_run(rest);
        let Some((&[t0, t1, l0, l1], tail)) = rest.split_first_chunk() else { break };
        let ty = u16::from_be_bytes([t0, t1]);
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let at = all.len() - rest.len();
        let Some((data, next)) = tail.split_at_checked(len) else {
            return Err(list.truncated_at(at + 4, len, "extension data"));
        };
        rest = next;
        // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type."
        // Types below 64 (all the common ones) are tracked in one word, the others by `rare`.
        if ty < 64 {
            let bit = 1u64 << ty;
            if seen & bit != 0 {
                return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty });
            }
            seen |= bit;
            if bit & READ == 0 {
                continue;
            }
        } else {
            match rare.insert(ty) {
                Some(false) => {}
                Some(true) => return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty }),
                None => return Ok(Some((seen, at))),
            }
            if !matches!(ty, ext::ECH_OUTER_EXTENSIONS | ext::ENCRYPTED_CLIENT_HELLO | ext::RENEGOTIATION_INFO) {
                continue;
            }
        }
        // The common shapes are checked in one go; anything else goes through the reader,
        // which says what is wrong.
        let kept = match ty {
            // opaque ProtocolVersion versions<2..254>;
            ext::SUPPORTED_VERSIONS => whole_list(data, 1, 254).map(|l| found.supported_versions = Some(l)).is_some(),
            // NamedGroup named_group_list<2..2^16-1>;
            ext::SUPPORTED_GROUPS => whole_list(data, 2, 0xFFFF).map(|l| found.groups = Some(l)).is_some(),
            // SignatureScheme supported_signature_algorithms<2..2^16-2>;
            ext::SIGNATURE_ALGORITHMS => {
                whole_list(data, 2, 0xFFFE).map(|l| found.signature_schemes = Some(l)).is_some()
            }
            // RFC 7627 §5.1 and RFC 8446 §4.2.10: "extension_data" is empty.
            ext::EXTENDED_MASTER_SECRET | ext::EARLY_DATA => data.is_empty(),
            // ECPointFormat ec_point_format_list<1..2^8-1>;
            ext::EC_POINT_FORMATS => byte_list(data).map(|l| found.ec_point_formats = Some(l)).is_some(),
            // PskKeyExchangeMode ke_modes<1..255>;
            ext::PSK_KEY_EXCHANGE_MODES => byte_list(data).is_some(),
            ext::KEY_SHARE => few_shares(data).map(|illegal| found.note_key_share(illegal)).is_some(),
            ext::SERVER_NAME => one_host_name(data).map(|name| found.server_name = Some(name)).is_some(),
            _ => false,
        };
        if !kept {
            let d = list.sub(data, list.base + at + 4);
            known_extension(d, ty, found, rest.is_empty())?;
        }
    }
    if !rest.is_empty() {
        return Err(list.truncated_at(all.len() - rest.len(), 4, "extension header"));
    }
    Ok(None)
}

/// The body of a list of bytes whose 1-byte length fills `data` exactly and is at least 1.
#[inline]
fn byte_list(data: &[u8]) -> Option<&[u8]> {
    let (&n, list) = data.split_first()?;
    (usize::from(n) == list.len() && n > 0).then_some(list)
}

/// The common `key_share`: at most four well-formed entries filling `data`; says whether one
/// is illegal in TLS 1.3 (a repeated group, or a share in the wrong form for its group).
#[inline]
fn few_shares(data: &[u8]) -> Option<bool> {
    let (&n, mut rest) = data.split_first_chunk::<2>()?;
    if usize::from(u16::from_be_bytes(n)) != rest.len() {
        return None;
    }
    let mut groups = [0u16; 4];
    let mut count = 0;
    let mut illegal = false;
    while let Some((&[g0, g1, l0, l1], tail)) = rest.split_first_chunk() {
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let key = tail.get(..len).filter(|k| !k.is_empty())?;
        let group = u16::from_be_bytes([g0, g1]);
        illegal |= groups.get(..count)?.contains(&group) || !key_share_fits(group, key);
        *groups.get_mut(count)? = group;
        count += 1;
        rest = tail.get(len..)?;
    }
    rest.is_empty().then_some(illegal)
}

/// The common `server_name`: one `host_name` filling `data`, a valid one.
#[inline]
fn one_host_name(data: &[u8]) -> Option<&[u8]> {
    let (&[l0, l1, kind, n0, n1], name) = data.split_first_chunk()?;
    let whole = usize::from(u16::from_be_bytes([l0, l1])) == name.len() + 3;
    let fits = usize::from(u16::from_be_bytes([n0, n1])) == name.len();
    (whole && fits && kind == 0 && is_host_name(name)).then_some(name)
}

/// The body of a list of 16-bit values whose `prefix`-byte length fills `data` exactly and
/// is within `<2..max>`, the common case; `None` otherwise.
#[inline]
fn whole_list(data: &[u8], prefix: usize, max: usize) -> Option<&[u8]> {
    let (length, list) = match prefix {
        1 => data.split_first().map(|(&n, list)| (usize::from(n), list))?,
        _ => data.split_first_chunk().map(|(&n, list)| (usize::from(u16::from_be_bytes(n)), list))?,
    };
    (length == list.len() && (2..=max).contains(&length) && length % 2 == 0).then_some(list)
}

/// Reads one extension with every check of its grammar, from `d` (its data); `last` says
/// whether it ends the list.
#[inline(never)]
fn known_extension<'a>(mut d: Reader<'a, '_>, ty: u16, found: &mut Found<'a>, last: bool) -> Result<(), HelloError> {
    let data_at = d.base;
    match ty {
        // opaque ProtocolVersion versions<2..254>;
        ext::SUPPORTED_VERSIONS => found.supported_versions = Some(d.vector(1, "supported_versions", 2, 254, true)?),
        // NamedGroup named_group_list<2..2^16-1>;
        ext::SUPPORTED_GROUPS => found.groups = Some(d.vector(2, "supported_groups", 2, 0xFFFF, true)?),
        // SignatureScheme supported_signature_algorithms<2..2^16-2>;
        ext::SIGNATURE_ALGORITHMS => {
            found.signature_schemes = Some(d.vector(2, "signature_algorithms", 2, 0xFFFE, true)?);
        }
        // ServerName server_name_list<1..2^16-1>; struct { NameType; HostName<1..2^16-1> }
        ext::SERVER_NAME => {
            let list = d.vector(2, "server_name_list", 1, 0xFFFF, false)?;
            let mut names = d.sub(list, data_at + 2);
            while !names.done() {
                let kind_at = names.at;
                // RFC 6066 §3: host_name (0) is the only type, and another cannot be skipped
                // (its length form is unknown): the rest of the list is left unread, as rustls
                // and OpenSSL do.
                if names.u8("server name type")? != 0 {
                    break;
                }
                let name = names.vector(2, "host_name", 1, 0xFFFF, false)?;
                // "The ServerNameList MUST NOT contain more than one name of the same
                // name_type"; OpenSSL and rustls answer decode_error.
                if found.server_name.is_some() {
                    let rule = "the rule of one host_name (RFC 6066 §3)";
                    return Err(names.bad_value(kind_at, "server_name_list", rule, Reason::Malformed));
                }
                if !is_host_name(name) {
                    let rule = "the DNS host name syntax: letters, digits, hyphens, dots (RFC 6066 §3)";
                    return Err(names.bad_value(kind_at + 3, "host_name", rule, Reason::IllegalParameter));
                }
                found.server_name = Some(name);
            }
            // A list without a host_name names no server: rustls refuses it (47).
            if found.server_name.is_none() {
                let rule = "the rule that it holds a host_name (RFC 6066 §3)";
                return Err(d.bad_value(2, "server_name_list", rule, Reason::IllegalParameter));
            }
        }
        // struct { CertificateStatusType status_type; select (status_type) { case ocsp:
        // OCSPStatusRequest; } } with ResponderID responder_id_list<0..2^16-1>; Extensions
        // request_extensions; (RFC 6066 §8); other types are opaque.
        ext::STATUS_REQUEST => {
            if d.u8("status_type")? == 1 {
                let ids = d.vector(2, "responder_id_list", 0, 0xFFFF, false)?;
                let mut ids = d.sub(ids, data_at + 3);
                while !ids.done() {
                    ids.vector(2, "ResponderID", 1, 0xFFFF, false)?;
                }
                d.vector(2, "request_extensions", 0, 0xFFFF, false)?;
            } else {
                d.at = d.bytes.len();
            }
        }
        // ECPointFormat ec_point_format_list<1..2^8-1>; (RFC 8422 §5.1.2)
        ext::EC_POINT_FORMATS => found.ec_point_formats = Some(d.vector(1, "ec_point_format_list", 1, 0xFF, false)?),
        // ProtocolName protocol_name_list<2..2^16-1>; opaque ProtocolName<1..2^8-1>;
        ext::ALPN => {
            let list = d.vector(2, "protocol_name_list", 2, 0xFFFF, false)?;
            let mut names = d.sub(list, data_at + 2);
            while !names.done() {
                names.vector(1, "protocol name", 1, 0xFF, false)?;
            }
            found.alpn = Some(list);
        }
        // CertificateType client_certificate_types<1..2^8-1>; (RFC 7250 §3)
        ext::CLIENT_CERTIFICATE_TYPE | ext::SERVER_CERTIFICATE_TYPE => {
            d.vector(1, "certificate_types", 1, 0xFF, false)?;
        }
        // Empty (RFC 7627 §5.1, RFC 8446 §4.2.10): the fast path saw data, which is wrong.
        ext::EXTENDED_MASTER_SECRET | ext::EARLY_DATA => {}
        // CertificateCompressionAlgorithm algorithms<2..2^8-2>; (RFC 8879 §3)
        ext::COMPRESS_CERTIFICATE => {
            let algorithms = d.vector(1, "compress_certificate algorithms", 2, 0xFE, true)?;
            // At most 127 values: the quadratic scan is bounded.
            let repeated =
                algorithms.chunks_exact(2).enumerate().any(|(i, a)| algorithms.chunks_exact(2).take(i).any(|b| a == b));
            found.illegal_in_tls13 |= repeated;
        }
        // struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; }
        // with struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } and
        // opaque PskBinderEntry<32..255>; (RFC 8446 §4.2.11)
        ext::PRE_SHARED_KEY => {
            if !last {
                let rule = "the rule that it comes last (RFC 8446 §4.2.11)";
                return Err(d.bad_value(0, "pre_shared_key", rule, Reason::IllegalParameter));
            }
            let identities = d.vector(2, "identities", 7, 0xFFFF, false)?;
            let mut ids = d.sub(identities, data_at + 2);
            let mut count = 0usize;
            while !ids.done() {
                ids.vector(2, "identity", 1, 0xFFFF, false)?;
                ids.take(4, "obfuscated_ticket_age")?;
                count += 1;
            }
            let binders_at = d.at;
            let binders = d.vector(2, "binders", 33, 0xFFFF, false)?;
            let mut entries = d.sub(binders, data_at + binders_at + 2);
            while !entries.done() {
                entries.vector(1, "PskBinderEntry", 32, 0xFF, false)?;
                count = count.wrapping_sub(1);
            }
            // "... the server MUST validate the binder value ... abort ... illegal_parameter"
            // when the numbers differ (rustls does so in TLS 1.3).
            found.illegal_in_tls13 |= count != 0;
        }
        // opaque cookie<1..2^16-1>; (RFC 8446 §4.2.2)
        ext::COOKIE => {
            d.vector(2, "cookie", 1, 0xFFFF, false)?;
        }
        // PskKeyExchangeMode ke_modes<1..255>; (RFC 8446 §4.2.9)
        ext::PSK_KEY_EXCHANGE_MODES => {
            d.vector(1, "ke_modes", 1, 0xFF, false)?;
        }
        // DistinguishedName authorities<3..2^16-1>; opaque DistinguishedName<1..2^16-1>;
        // (RFC 8446 §4.2.4)
        ext::CERTIFICATE_AUTHORITIES => {
            let names = d.vector(2, "authorities", 3, 0xFFFF, false)?;
            let mut names = d.sub(names, data_at + 2);
            while !names.done() {
                names.vector(2, "DistinguishedName", 1, 0xFFFF, false)?;
            }
        }
        // KeyShareEntry client_shares<0..2^16-1>; struct { NamedGroup group;
        // opaque key_exchange<1..2^16-1>; } KeyShareEntry; (RFC 8446 §4.2.8)
        ext::KEY_SHARE => {
            let shares = d.vector(2, "client_shares", 0, 0xFFFF, false)?;
            let mut entries = d.sub(shares, data_at + 2);
            let mut groups = RareCodes::new();
            while !entries.done() {
                let at = entries.at;
                let group = entries.u16("key share group")?;
                let key = entries.vector(2, "key_exchange", 1, 0xFFFF, false)?;
                // "Clients MUST NOT offer multiple KeyShareEntry values for the same group"
                // (servers MAY refuse with illegal_parameter, and rustls does).
                let repeated = groups.repeats(group, at, || first_repeat(share_groups(shares)));
                found.illegal_in_tls13 |= repeated || !key_share_fits(group, key);
            }
            found.key_share = true;
        }
        // struct { uint8 new_session_count; uint8 resumption_count; } (RFC 9149 §3)
        ext::TICKET_REQUEST => {
            d.take(2, "ticket_request")?;
        }
        // ExtensionType OuterExtensions<2..254>; (RFC 9849 §5.1)
        ext::ECH_OUTER_EXTENSIONS => {
            d.vector(1, "ech_outer_extensions", 2, 254, true)?;
        }
        // enum { outer(0), inner(1) } ECHClientHelloType; outer: HpkeSymmetricCipherSuite
        // cipher_suite; uint8 config_id; opaque enc<0..2^16-1>; opaque payload<1..2^16-1>;
        // inner: empty. (RFC 9849 §5)
        ext::ENCRYPTED_CLIENT_HELLO => match d.u8("ECHClientHelloType")? {
            0 => {
                d.take(5, "ECH cipher_suite and config_id")?;
                d.vector(2, "ECH enc", 0, 0xFFFF, false)?;
                d.vector(2, "ECH payload", 1, 0xFFFF, false)?;
            }
            1 => {}
            _ => {
                let rule = "ECHClientHelloType outer (0) or inner (1) (RFC 9849 §5)";
                return Err(d.bad_value(0, "encrypted_client_hello", rule, Reason::Malformed));
            }
        },
        // opaque renegotiated_connection<0..255>; (RFC 5746 §3.2)
        ext::RENEGOTIATION_INFO => {
            d.vector(1, "renegotiated_connection", 0, 0xFF, false)?;
        }
        _ => return Ok(()),
    }
    if !d.done() {
        return Err(HelloError::BadLength {
            offset: d.offset(0),
            field: "extension data",
            length: d.bytes.len(),
            rule: "its own contents (bytes left over)",
        });
    }
    Ok(())
}

/// Every key share's group as `(start, group)`, while the entries hold.
fn share_groups(shares: &[u8]) -> impl Iterator<Item = (usize, u16)> + '_ {
    let mut start = 0;
    core::iter::from_fn(move || {
        let (&[g0, g1, l0, l1], tail) = shares.get(start..)?.split_first_chunk()?;
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        tail.get(..len)?;
        let at = start;
        start += 4 + len;
        Some((at, u16::from_be_bytes([g0, g1])))
    })
}

/// Whether a key share has the form its group defines, for the groups whose form is fixed:
/// the uncompressed point `04 || X || Y` of RFC 8446 §4.2.8.2 for the NIST curves, 32 and 56
/// bytes for X25519 and X448 (RFC 7748 §6), 1184 + 32 bytes for X25519MLKEM768
/// (draft-ietf-tls-ecdhe-mlkem §4). Other groups are not judged.
fn key_share_fits(group: u16, key: &[u8]) -> bool {
    let point = |len: usize| key.len() == len && key.first() == Some(&4);
    match group {
        0x0017 => point(65),
        0x0018 => point(97),
        0x0019 => point(133),
        0x001D => key.len() == 32,
        0x001E => key.len() == 56,
        0x11EC => key.len() == 1216,
        _ => true,
    }
}

/// Whether `name` is a host name as RFC 6066 §3 wants it ("the fully qualified DNS hostname
/// ... ASCII ... without a trailing dot"; one trailing dot is tolerated, as browsers send it),
/// in the LDH syntax of RFC 1123 §2.1 with `_`, which real names carry: labels of 1 to 63
/// letters, digits, hyphens and underscores, no hyphen first or last, 253 bytes at most, and
/// a last label that is not a number (it would read as an IPv4 address). An IP address
/// literal is not a host name, but rustls takes it as no name at all, so it is let through.
fn is_host_name(name: &[u8]) -> bool {
    let trimmed = name.strip_suffix(b".").unwrap_or(name);
    // One pass: the current label's length, the byte before, where the last label starts.
    let (mut label, mut before, mut last) = (0usize, b'.', 0usize);
    let mut ok = !trimmed.is_empty() && trimmed.len() <= 253;
    for (i, &b) in trimmed.iter().enumerate() {
        if b == b'.' {
            ok &= label > 0 && before != b'-';
            label = 0;
            last = i + 1;
        } else {
            ok &= b.is_ascii_alphanumeric() || b == b'_' || (b == b'-' && label > 0);
            label += 1;
            ok &= label <= 63;
        }
        if !ok {
            break;
        }
        before = b;
    }
    ok &= label > 0 && before != b'-';
    let last = trimmed.get(last..).unwrap_or(&[]);
    let hex = matches!(last, [b'0', b'x' | b'X', digits @ ..] if digits.iter().all(u8::is_ascii_hexdigit));
    if ok && !hex && !last.iter().all(u8::is_ascii_digit) {
        return true;
    }
    core::str::from_utf8(name).is_ok_and(|s| s.parse::<core::net::IpAddr>().is_ok())
}
