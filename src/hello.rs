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

use crate::group::NamedGroup;
use crate::offer::{Codes, Offer};
use crate::signature::SignatureScheme;
use crate::suite::CipherSuite;
use crate::version::ProtocolVersion;

/// Record content type `handshake` (RFC 8446 §5.1).
const HANDSHAKE: u8 = 22;
/// Handshake type `client_hello` (RFC 8446 §4).
const CLIENT_HELLO: u8 = 1;
/// RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes."
const MAX_RECORD: usize = 1 << 14;

/// Extension code points the reader looks at (IANA "TLS ExtensionType Values").
mod ext {
    pub(super) const SERVER_NAME: u16 = 0;
    pub(super) const SUPPORTED_GROUPS: u16 = 10;
    pub(super) const SIGNATURE_ALGORITHMS: u16 = 13;
    pub(super) const ALPN: u16 = 16;
    pub(super) const SUPPORTED_VERSIONS: u16 = 43;
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
    /// The ClientHello spans several records: [`ClientHello::parse`] only borrows one.
    #[error("the ClientHello spans {records} records; read it with ClientHello::parse_with and a buffer")]
    Fragmented {
        /// How many records it spans.
        records: usize,
    },
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

    /// The offer the engine decides on: `legacy_version`, cipher suites, and the
    /// `supported_versions`, `supported_groups` and `signature_algorithms` extensions, all
    /// borrowed.
    pub fn offer(&self) -> Offer<'a> {
        Offer::with_codes(self.legacy_version, Codes::from_wire(self.suites))
            .set_supported_versions(self.supported_versions.map(Codes::from_wire))
            .set_groups(self.groups.map(Codes::from_wire))
            .set_signature_schemes(self.signature_schemes.map(Codes::from_wire))
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

/// Duplicate detection for 16-bit codes in linear time without a large set on the common
/// path: codes below 64 in one word, the first [`RareCodes::FEW`] others inline; only when
/// more appear is the whole list checked once against a 65,536-bit set (8 KiB on the stack).
struct RareCodes {
    few: [u16; RareCodes::FEW],
    len: usize,
    /// Set once the full pass has run: where the first repeated code starts, if any.
    full: Option<Option<usize>>,
}

impl RareCodes {
    /// Real hellos carry at most a handful of extension types of 64 and above (GREASE,
    /// renegotiation_info, ECH, ALPS).
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

/// Every extension of a list as `(start, type)`, while the headers and lengths hold.
fn extension_types(all: &[u8]) -> impl Iterator<Item = (usize, u16)> + '_ {
    let mut start = 0;
    core::iter::from_fn(move || {
        let (&[t0, t1, l0, l1], tail) = all.get(start..)?.split_first_chunk()?;
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        tail.get(..len)?;
        let at = start;
        start += 4 + len;
        Some((at, u16::from_be_bytes([t0, t1])))
    })
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
    let compression = r.vector(1, "legacy_compression_methods", 1, 0xFF, false)?;
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
    })
}

/// Walks the extensions (`list`'s bytes), checking each header, that no type repeats, and the
/// grammar of the ones the reader keeps, which go into `found`.
#[inline(never)]
fn read_extensions<'a>(list: &Reader<'a, '_>, found: &mut Found<'a>) -> Result<(), HelloError> {
    /// The types read further, as a bit set (all are below 64).
    const KEPT: u64 = 1 << ext::SERVER_NAME
        | 1 << ext::SUPPORTED_GROUPS
        | 1 << ext::SIGNATURE_ALGORITHMS
        | 1 << ext::ALPN
        | 1 << ext::SUPPORTED_VERSIONS;
    let all = list.bytes;
    // Types below 64 (all the common ones) are tracked in a bit set; rarer ones as RareCodes
    // says, so that the check stays linear however many types a hello lists.
    let mut seen = 0u64;
    let mut rare = RareCodes::new();
    let mut start = 0;
    // struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
    while let Some((&[t0, t1, l0, l1], tail)) = all.get(start..).and_then(<[u8]>::split_first_chunk) {
        let ty = u16::from_be_bytes([t0, t1]);
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let Some(data) = tail.get(..len) else {
            return Err(list.truncated_at(start + 4, len, "extension data"));
        };
        let at = start;
        start += 4 + len;
        // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type."
        if ty < 64 {
            let bit = 1u64 << ty;
            if seen & bit != 0 {
                return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty });
            }
            seen |= bit;
            if bit & KEPT == 0 {
                continue;
            }
        } else if rare.repeats(ty, at, || first_repeat(extension_types(all).filter(|(_, t)| *t >= 64))) {
            return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty });
        } else {
            continue;
        }
        // The lists of 16-bit values are checked in one go when well formed; anything else
        // (and every server_name and ALPN) goes through the reader, which says what is wrong.
        let kept = match ty {
            // opaque ProtocolVersion versions<2..254>;
            ext::SUPPORTED_VERSIONS => whole_list(data, 1, 254).map(|l| found.supported_versions = Some(l)).is_some(),
            // NamedGroup named_group_list<2..2^16-1>;
            ext::SUPPORTED_GROUPS => whole_list(data, 2, 0xFFFF).map(|l| found.groups = Some(l)).is_some(),
            // SignatureScheme supported_signature_algorithms<2..2^16-2>;
            ext::SIGNATURE_ALGORITHMS => {
                whole_list(data, 2, 0xFFFE).map(|l| found.signature_schemes = Some(l)).is_some()
            }
            ext::SERVER_NAME => data.is_empty(),
            _ => false,
        };
        if !kept {
            known_extension(list.sub(data, list.base + at + 4), ty, found)?;
        }
    }
    if start < all.len() {
        return Err(list.truncated_at(start, 4, "extension header"));
    }
    Ok(())
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

/// Reads one extension the reader keeps, with every check of its grammar, from `d` (its data).
#[inline(never)]
fn known_extension<'a>(mut d: Reader<'a, '_>, ty: u16, found: &mut Found<'a>) -> Result<(), HelloError> {
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
                let kind = names.u8("server name type")?;
                let name = names.vector(2, "host_name", 1, 0xFFFF, false)?;
                if kind == 0 && found.server_name.is_none() {
                    found.server_name = Some(name);
                }
            }
        }
        // ProtocolName protocol_name_list<2..2^16-1>; opaque ProtocolName<1..2^8-1>;
        ext::ALPN => {
            let list = d.vector(2, "protocol_name_list", 2, 0xFFFF, false)?;
            let mut names = d.sub(list, data_at + 2);
            while !names.done() {
                names.vector(1, "protocol name", 1, 0xFF, false)?;
            }
            found.alpn = Some(list);
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
