//! ClientHello bytes built by hand: a handshake message from its parts, records of chosen
//! sizes, and the hostile hello of issue 11 (thousands of distinct extension types). Shared
//! by tests and the hello benchmark (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::as_conversions)]

/// `u16`-length-prefixed bytes.
pub fn v16(body: &[u8]) -> Vec<u8> {
    let mut out = u16::try_from(body.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

/// `u8`-length-prefixed bytes.
pub fn v8(body: &[u8]) -> Vec<u8> {
    let mut out = vec![u8::try_from(body.len()).unwrap()];
    out.extend_from_slice(body);
    out
}

/// One extension: type, then its data with a 2-byte length.
pub fn ext(ty: u16, data: &[u8]) -> Vec<u8> {
    let mut out = ty.to_be_bytes().to_vec();
    out.extend(v16(data));
    out
}

/// Big-endian bytes of 16-bit codes.
pub fn codes(values: &[u16]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// A ClientHello handshake message (header included): TLS 1.2 `legacy_version`, an empty
/// session id, these suites, null compression, and these extensions (already encoded).
pub fn message(suites: &[u16], extensions: &[u8]) -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend([7u8; 32]);
    body.push(0);
    body.extend(v16(&codes(suites)));
    body.extend([1, 0]);
    body.extend(v16(extensions));
    let len = u32::try_from(body.len()).unwrap().to_be_bytes();
    let mut msg = vec![1, len[1], len[2], len[3]];
    msg.extend(body);
    msg
}

/// Handshake bytes in records: the first carries `first` bytes, the rest at most 2^14 each.
pub fn records(handshake: &[u8], first: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (head, mut rest) = handshake.split_at(first.min(handshake.len()));
    let mut push = |chunk: &[u8]| {
        out.extend([22, 3, 1]);
        out.extend(u16::try_from(chunk.len()).unwrap().to_be_bytes());
        out.extend_from_slice(chunk);
    };
    push(head);
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(rest.len().min(1 << 14));
        push(chunk);
        rest = tail;
    }
    out
}

/// The extensions of a plain TLS 1.2 hello that `dps-tls12` accepts with an RSA key:
/// supported_groups (secp256r1), ec_point_formats (uncompressed), signature_algorithms.
pub fn tls12_extensions() -> Vec<u8> {
    let mut out = ext(10, &v16(&codes(&[0x0017])));
    out.extend(ext(11, &v8(&[0])));
    out.extend(ext(13, &v16(&codes(&[0x0804, 0x0401]))));
    out
}

/// How many distinct extension types the hostile hello lists (issue 11): as many empty
/// extensions as fit in the 2^16-1 bytes of the extensions block beside a plain hello's.
pub const HOSTILE_TYPES: usize = 16_237;

/// The first hostile type: 0x0100 and up are unassigned or extensions the reader does not
/// read (none of them needs a body), all at or above 64.
pub const HOSTILE_BASE: u16 = 0x0100;

/// A ~65 KB hello with [`HOSTILE_TYPES`] distinct empty extensions of types 0x0100 and up,
/// after a plain TLS 1.2 hello's, in records of 2^14 bytes: `dps-tls12` accepts it.
pub fn hostile() -> Vec<u8> {
    let mut extensions = tls12_extensions();
    for i in 0..HOSTILE_TYPES {
        extensions.extend(ext(HOSTILE_BASE + u16::try_from(i).unwrap(), &[]));
    }
    records(&message(&[0xC02F], &extensions), 1 << 14)
}
