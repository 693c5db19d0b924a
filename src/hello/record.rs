//! TLS records and the handshake header: where the ClientHello message is, across records.

use super::*;

pub(super) struct Record<'a> {
    pub(super) version: ProtocolVersion,
    pub(super) payload: &'a [u8],
}

/// The handshake record starting at `at`.
pub(super) fn record(input: &[u8], at: usize) -> Result<Record<'_>, HelloError> {
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
pub(super) fn handshake_bounds(payload: &[u8], offset: usize) -> Result<usize, HelloError> {
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
pub(super) fn message_length(input: &[u8]) -> Result<usize, HelloError> {
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
pub(super) fn count_records(input: &[u8], message: usize) -> usize {
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
pub(super) fn input_offset(input: &[u8], mut handshake: usize) -> usize {
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
