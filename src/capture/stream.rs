//! One direction of one TCP connection, put back together only as far as its first
//! ClientHello: the bytes from the stream's start, the ranges that arrived (out of order,
//! retransmitted, overlapping: the first arrival wins, as most stacks keep it), and a cursor
//! over the TLS records that says when the hello is complete. Bounded: nothing past the
//! largest hello the grammar allows is kept, and at most [`MAX_HOLES`] holes.

use super::packet::fill;

/// The most bytes a ClientHello's records can take: the largest ClientHello the grammar
/// allows (RFC 8446 §4.1.2: 131,396 bytes with its handshake header) in records of at most
/// 2^14 bytes (RFC 8446 §5.1), each with its 5-byte header: 9 records.
pub const MAX_HELLO_BYTES: usize = 9 * (5 + (1 << 14));

/// The most bytes of a proxy's prologue (HTTP CONNECT, SOCKS) before the hello.
pub(crate) const MAX_PROLOGUE: usize = 8 * 1024;

/// The most bytes a stream keeps: a prologue and the largest hello.
const MAX_STREAM: usize = MAX_PROLOGUE + MAX_HELLO_BYTES;

/// Whether a stream starts like a proxy's prologue: an HTTP CONNECT request (RFC 9110
/// §9.3.6), or a SOCKS 5 (RFC 1928 §3) or SOCKS 4 greeting.
fn tunnel(bytes: &[u8]) -> bool {
    bytes.starts_with(b"CONNECT ") || matches!(bytes, [4 | 5, ..])
}

/// Whether six bytes start a TLS handshake record (content type 22, version 3.x, a length
/// within RFC 8446 §5.1's bound) holding a ClientHello.
pub(crate) fn starts_record(six: &[u8]) -> bool {
    match six {
        [22, 3, minor, high, low, 1, ..] if *minor <= 4 => {
            let length = usize::from(*high) << 8 | usize::from(*low);
            (1..=1 << 14).contains(&length)
        }
        _ => false,
    }
}

/// The most separate ranges a stream may hold before its hello is given up (a hostile or
/// broken sender); real reordering leaves a handful.
pub(crate) const MAX_HOLES: usize = 64;

/// How far the bytes so far go towards a ClientHello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Progress {
    /// More bytes are needed.
    More,
    /// Bytes `start..end` hold the hello's records (or all the records a reader needs to say
    /// why they are not one); `start` is past a proxy's prologue, if any.
    Hello {
        /// Where the first record starts.
        start: usize,
        /// Where the last one ends.
        end: usize,
    },
    /// The stream starts with a TLS handshake that is not a ClientHello: a server's side.
    ServerSide,
    /// Not TLS at all.
    NotTls,
}

/// Where the record walk stands: the next record's offset, how much of the handshake
/// message has arrived, and its length once the header is in.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    record: usize,
    message: Vec4,
    handshake: usize,
    length: Option<usize>,
}

/// The first four handshake bytes, gathered across records.
#[derive(Debug, Clone, Copy, Default)]
struct Vec4 {
    bytes: [u8; 4],
    len: usize,
}

/// One direction of a connection, from its first byte.
#[derive(Debug, Default)]
pub(crate) struct Stream {
    bytes: Vec<u8>,
    filled: Vec<(usize, usize)>,
    cursor: Cursor,
    /// Where the TLS records start: 0, or past a proxy's prologue.
    start: usize,
    /// Some segment of this stream was cut short in the capture.
    pub(crate) cut: bool,
}

/// Why a stream's bytes cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// More than [`MAX_HOLES`] separate ranges.
    Holes,
}

impl Stream {
    /// A stream whose buffer is reused.
    pub(crate) fn with_buffer(mut bytes: Vec<u8>) -> Self {
        bytes.clear();
        Self { bytes, ..Self::default() }
    }

    /// Gives the buffer back, for the next stream.
    pub(crate) fn into_buffer(self) -> Vec<u8> {
        self.bytes
    }

    /// The bytes from the stream's start that have all arrived.
    pub(crate) fn contiguous(&self) -> &[u8] {
        match self.filled.first() {
            Some(&(0, end)) => self.bytes.get(..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// How many bytes arrived in all (with holes between them).
    pub(crate) fn received(&self) -> usize {
        self.filled.iter().map(|(from, to)| to - from).sum()
    }

    /// The bytes held (the buffer's length), for the memory budget.
    pub(crate) fn held(&self) -> usize {
        self.bytes.capacity()
    }

    /// Puts `data`, which starts `offset` bytes into the stream, in its place. Bytes past
    /// a prologue and the largest hello are not kept; bytes already there stay.
    pub(crate) fn insert(&mut self, offset: usize, data: &[u8]) -> Result<(), Overflow> {
        let end = offset.saturating_add(data.len()).min(MAX_STREAM);
        if offset >= end {
            return Ok(());
        }
        let touches = self.filled.iter().any(|&(from, to)| from <= end && offset <= to);
        if !touches && self.filled.len() >= MAX_HOLES {
            return Err(Overflow::Holes);
        }
        fill(&mut self.bytes, &mut self.filled, offset, end, data);
        Ok(())
    }

    /// Walks the records that have arrived, from where the last call stopped.
    pub(crate) fn progress(&mut self) -> Progress {
        let available = self.contiguous().len();
        let Some(&first) = self.bytes.first().filter(|_| available > 0) else { return Progress::More };
        if first != HANDSHAKE && self.cursor.record == 0 {
            // An SSL 2.0-compatible hello (RFC 5246 §E.2): a 2-byte length with the high bit
            // set, then message type 1. Handed on whole, so the reader can say what it is.
            if first & 0x80 != 0 {
                // Only bytes that arrived: a later segment's zero-filled hole is not data.
                let arrived = self.bytes.get(..available).unwrap_or_default();
                return match (arrived.get(1), arrived.get(2)) {
                    (Some(&low), Some(&1)) if available >= 3 => {
                        let end = (usize::from(first & 0x7F) << 8 | usize::from(low)) + 2;
                        if available >= end { Progress::Hello { start: 0, end } } else { Progress::More }
                    }
                    (Some(_), Some(_)) => Progress::NotTls,
                    _ => Progress::More,
                };
            }
            // A proxy's prologue (an HTTP CONNECT request, a SOCKS 4 or 5 greeting), then the
            // hello: the tunnel a device behind a proxy opens.
            let bytes = self.bytes.get(..available).unwrap_or_default();
            if !tunnel(bytes) {
                return Progress::NotTls;
            }
            let from = if bytes.starts_with(b"CONNECT ") {
                match bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                    Some(at) => at + 4,
                    None if available < MAX_PROLOGUE => return Progress::More,
                    None => return Progress::NotTls,
                }
            } else {
                1
            };
            let start = bytes.get(from..).and_then(|rest| rest.windows(6).position(starts_record)).map(|at| from + at);
            match start {
                Some(start) => self.cursor.record = start,
                None if available < MAX_PROLOGUE => return Progress::More,
                None => return Progress::NotTls,
            }
            self.start = self.cursor.record;
        }
        let start = self.start;
        let bytes = self.bytes.get(..available).unwrap_or_default();
        let c = &mut self.cursor;
        loop {
            let Some(header) = bytes.get(c.record..c.record + 5) else { return Progress::More };
            let (kind, major, length) = (header[0], header[1], usize::from(u16::from_be_bytes([header[3], header[4]])));
            if (c.record > start && kind != HANDSHAKE) || major != 3 || length == 0 || length > 1 << 14 {
                // Not a record a hello continues in: hand what there is to the reader, which
                // says why (a first record's error names its byte).
                let end = if c.record == start { (c.record + 5).min(available) } else { c.record };
                return Progress::Hello { start, end };
            }
            let end = c.record + 5 + length;
            let Some(fragment) = bytes.get(c.record + 5..end) else {
                // The record's header is in, its body is still coming; the handshake header
                // may already say what message it is.
                let partial = bytes.get(c.record + 5..).unwrap_or_default();
                return match Self::header_so_far(c, partial) {
                    Some(kind) if kind != CLIENT_HELLO => Progress::ServerSide,
                    _ => Progress::More,
                };
            };
            for &b in fragment {
                if c.message.len < 4 {
                    c.message.bytes[c.message.len] = b;
                    c.message.len += 1;
                }
            }
            c.handshake += length;
            if c.message.len >= 1 && c.message.bytes[0] != CLIENT_HELLO {
                return Progress::ServerSide;
            }
            if c.length.is_none() && c.message.len == 4 {
                let [_, a, b, d] = c.message.bytes;
                c.length = Some(usize::from(a) << 16 | usize::from(b) << 8 | usize::from(d));
            }
            c.record = end;
            if let Some(length) = c.length {
                if c.handshake >= 4 + length || end - start >= MAX_HELLO_BYTES - (5 + (1 << 14)) {
                    return Progress::Hello { start, end };
                }
            }
        }
    }

    /// The handshake type, from a cursor and the part of a record that has arrived.
    fn header_so_far(c: &Cursor, partial: &[u8]) -> Option<u8> {
        if c.message.len >= 1 { Some(c.message.bytes[0]) } else { partial.first().copied() }
    }
}

/// Record content type `handshake` (RFC 8446 §5.1).
const HANDSHAKE: u8 = 22;
/// Handshake type `client_hello` (RFC 8446 §4).
const CLIENT_HELLO: u8 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    /// A handshake record holding `body` (message bytes).
    fn record(body: &[u8]) -> Vec<u8> {
        let mut r = vec![22, 3, 1];
        r.extend_from_slice(&u16::try_from(body.len()).expect("small").to_be_bytes());
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn an_ssl2_start_waits_for_its_bytes_not_for_a_hole() {
        // A later segment arrived first; the hole before it is not data.
        let mut stream = Stream::with_buffer(Vec::new());
        stream.insert(10, &[0xAA; 4]).unwrap();
        stream.insert(0, &[0x80]).unwrap();
        assert_eq!(stream.progress(), Progress::More);
        stream.insert(1, &[0x2E, 0x01]).unwrap();
        assert_eq!(stream.progress(), Progress::More, "an SSL 2.0 hello of 48 bytes, not all here");
    }

    fn hello_message(len: usize) -> Vec<u8> {
        let mut m = vec![1, 0, 0, u8::try_from(len).expect("small")];
        m.extend(std::iter::repeat_n(0xAB, len));
        m
    }

    #[test]
    fn a_hello_in_one_record_completes_at_its_end() {
        let r = record(&hello_message(40));
        let mut s = Stream::default();
        s.insert(0, &r[..10]).expect("room");
        assert_eq!(s.progress(), Progress::More);
        s.insert(10, &r[10..]).expect("room");
        assert_eq!(s.progress(), Progress::Hello { start: 0, end: r.len() });
    }

    #[test]
    fn a_hello_across_records_and_out_of_order_segments() {
        let m = hello_message(100);
        let mut bytes = record(&m[..3]);
        bytes.extend(record(&m[3..60]));
        bytes.extend(record(&m[60..]));
        bytes.extend(b"trailing application data");
        let mut s = Stream::default();
        // Reverse order, one overlapping retransmission.
        s.insert(50, &bytes[50..]).expect("room");
        assert_eq!(s.progress(), Progress::More);
        s.insert(20, &bytes[20..60]).expect("room");
        s.insert(0, &bytes[..21]).expect("room");
        assert_eq!(s.progress(), Progress::Hello { start: 0, end: bytes.len() - 25 });
    }

    #[test]
    fn overlapping_bytes_keep_the_first_arrival() {
        let mut s = Stream::default();
        s.insert(0, b"abcd").expect("room");
        s.insert(2, b"XXYY").expect("room");
        assert_eq!(s.contiguous(), b"abcdYY");
    }

    #[test]
    fn a_server_answer_and_plain_text_are_told_apart() {
        let mut s = Stream::default();
        s.insert(0, &record(&[2, 0, 0, 10, 3, 3])).expect("room");
        assert_eq!(s.progress(), Progress::ServerSide);
        let mut t = Stream::default();
        t.insert(0, b"GET / HTTP/1.1\r\n").expect("room");
        assert_eq!(t.progress(), Progress::NotTls);
    }

    #[test]
    fn a_hello_after_a_proxy_prologue_is_found() {
        let hello = record(&hello_message(20));
        let mut connect = b"CONNECT dps.example:8883 HTTP/1.1\r\nHost: dps.example:8883\r\n\r\n".to_vec();
        let prologue = connect.len();
        connect.extend(&hello);
        let mut s = Stream::default();
        s.insert(0, &connect[..prologue + 3]).expect("room");
        assert_eq!(s.progress(), Progress::More);
        s.insert(prologue + 3, &connect[prologue + 3..]).expect("room");
        assert_eq!(s.progress(), Progress::Hello { start: prologue, end: connect.len() });
        let mut socks = vec![5, 1, 0, 5, 1, 0, 1, 10, 0, 0, 1, 0x01, 0xBB];
        socks.extend(&hello);
        let mut t = Stream::default();
        t.insert(0, &socks).expect("room");
        assert_eq!(t.progress(), Progress::Hello { start: 13, end: socks.len() });
        let mut plain = Stream::default();
        plain.insert(0, &[b'G'; MAX_PROLOGUE + 1]).expect("room");
        assert_eq!(plain.progress(), Progress::NotTls);
        let mut endless = Stream::default();
        endless.insert(0, b"CONNECT x:1 HTTP/1.1\r\n").expect("room");
        assert_eq!(endless.progress(), Progress::More);
        endless.insert(22, &[b'a'; MAX_PROLOGUE]).expect("room");
        assert_eq!(endless.progress(), Progress::NotTls);
    }

    #[test]
    fn holes_are_bounded_and_bytes_past_a_hello_dropped() {
        let mut s = Stream::default();
        for i in 0..MAX_HOLES {
            s.insert(2 * i + 1, b"x").expect("room");
        }
        assert_eq!(s.insert(1000, b"x"), Err(Overflow::Holes));
        assert!(s.insert(2, b"x").is_ok(), "a byte that closes a hole is always taken");
        let mut big = Stream::default();
        big.insert(MAX_STREAM - 1, &[0; 100]).expect("room");
        assert!(big.held() >= MAX_STREAM);
        assert_eq!(big.received(), 1);
    }
}
