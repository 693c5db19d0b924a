//! Packet captures in, ClientHellos out: pcap and pcapng files read block by block, the link,
//! IP and TCP headers of each packet, the client's first flight of each TCP connection put
//! back together, and the fingerprints (JA4, JA3) of each hello.
//!
//! [`CaptureReader`] streams: it reads a capture through a buffer of its own (64 KiB, grown
//! for a larger block up to 4 MiB), keeps per connection only the bytes of its ClientHello
//! (at most the largest one the grammar allows, 147,501 bytes of records), and at most
//! [`Limits::max_flows`] connections and [`Limits::max_bytes`] buffered bytes in all, the
//! oldest evicted first and counted. So a 10 GB capture runs in the memory of a 10 MB one.
//!
//! What it reads:
//! - pcap (both byte orders, micro- and nanosecond timestamps) and pcapng (several sections and
//!   interfaces, each with its link type and timestamp resolution; Enhanced and Simple Packet
//!   Blocks), through `pcap-parser`;
//! - link types Ethernet (with 802.1Q and 802.1ad tags), Linux cooked (SLL, SLL2), raw IPv4
//!   and IPv6, BSD loopback; IPv4 and IPv6 (with extension headers) through `etherparse`; IP
//!   fragments put back together (at most [`Limits::max_fragmented`] packets at once);
//! - TCP: segments out of order, retransmitted or overlapping (the first arrival wins),
//!   interleaved connections, a hello over several segments and several records, connections
//!   whose SYN the capture missed (found by the first bytes of a handshake record).
//!
//! Every connection that carries client data ends as a [`CapturedHello`] or a [`Skipped`]
//! with its [`SkipReason`]; the rest is counted in [`Stats`].
//!
//! ```
//! use tls_policy::capture::{CaptureReader, Event};
//! use tls_policy::{negotiate, KeyTypes, Policy};
//!
//! # let capture = include_bytes!("../../tests/data/captures/clients/lo-ethernet.pcap");
//! let policy = Policy::named("dps-tls12")?;
//! let mut reader = CaptureReader::new(&capture[..])?;
//! let mut buffer = Vec::new();
//! for event in &mut reader {
//!     if let Event::Hello(captured) = event? {
//!         let hello = captured.parse(&mut buffer)?;
//!         let verdict = negotiate(&policy, &hello.offer(), KeyTypes::RSA);
//!         println!("{} -> {}: {verdict:?}", captured.client, captured.server);
//!     }
//! }
//! assert!(reader.stats().hellos > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use pcap_parser::traits::{PcapNGPacketBlock, PcapReaderIterator};
use pcap_parser::{Block, PcapBlockOwned, PcapError};

use crate::hello::{ClientHello, HelloError};

pub mod fingerprint;
mod flows;
mod packet;
mod stream;

pub use fingerprint::Fingerprints;
pub use stream::MAX_HELLO_BYTES;

/// The buffer the reader starts with.
const BUFFER: usize = 64 * 1024;
/// The largest block the reader grows its buffer for: above any snaplen a capture program
/// uses (tcpdump's largest is 262,144 bytes), so a larger one is a corrupt length.
const MAX_BLOCK: usize = 4 * 1024 * 1024;

/// Bounds on what a [`CaptureReader`] keeps at once.
///
/// ```
/// use tls_policy::capture::Limits;
///
/// let mut limits = Limits::default();
/// limits.max_flows = 1_000;
/// assert_eq!(Limits::default().max_flows, 100_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Connections followed at once (open or finished but not yet closed); beyond, the
    /// oldest is evicted and counted.
    pub max_flows: usize,
    /// Bytes of unfinished hellos kept at once, over all connections; beyond, the oldest
    /// connections are evicted.
    pub max_bytes: usize,
    /// IP packets whose fragments are being put back together at once (each up to 64 KiB).
    pub max_fragmented: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // 100,000 connections of a few hundred bytes each, and 256 MiB at most; 256 IP
        // packets in fragments, 16 MiB at most.
        Self { max_flows: 100_000, max_bytes: 256 * 1024 * 1024, max_fragmented: 256 }
    }
}

/// When a packet was captured: seconds and nanoseconds since the Unix epoch (UTC).
///
/// ```
/// use tls_policy::capture::Timestamp;
///
/// let t = Timestamp::new(1_700_000_000, 123_456_000);
/// assert_eq!(t.to_string(), "2023-11-14T22:13:20.123456Z");
/// assert_eq!(Timestamp::new(0, 5).to_string(), "1970-01-01T00:00:00.000000005Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: u64,
    nanos: u32,
}

impl Timestamp {
    /// A time `secs` seconds and `nanos` nanoseconds after the epoch (nanoseconds above a
    /// second carry into the seconds).
    pub const fn new(secs: u64, nanos: u32) -> Self {
        // A u32 holds at most 4 whole seconds of nanoseconds.
        let carry = match nanos / 1_000_000_000 {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => 3,
            _ => 4,
        };
        Self { secs: secs.saturating_add(carry), nanos: nanos % 1_000_000_000 }
    }

    /// Seconds since the epoch.
    pub const fn secs(&self) -> u64 {
        self.secs
    }

    /// Nanoseconds within the second.
    pub const fn nanos(&self) -> u32 {
        self.nanos
    }
}

/// RFC 3339 in UTC, with microseconds (nanoseconds when the capture has them).
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs / 86_400;
        let rest = self.secs % 86_400;
        let (year, month, day) = civil(days);
        write!(f, "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", rest / 3600, rest / 60 % 60, rest % 60)?;
        if self.nanos % 1000 == 0 { write!(f, ".{:06}Z", self.nanos / 1000) } else { write!(f, ".{:09}Z", self.nanos) }
    }
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// One connection's ClientHello as the client sent it: its records, exactly the bytes from
/// the stream's start to the end of the record that completes the hello.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CapturedHello {
    /// The client's address and port.
    pub client: SocketAddr,
    /// The server's address and port.
    pub server: SocketAddr,
    /// When the packet that completed the hello was captured (a Simple Packet Block has no
    /// time).
    pub time: Option<Timestamp>,
    /// The records.
    pub bytes: Vec<u8>,
}

impl CapturedHello {
    /// Reads the hello ([`ClientHello::parse_with`]: `buffer` holds it when it spans
    /// several records).
    pub fn parse<'a>(&'a self, buffer: &'a mut Vec<u8>) -> Result<ClientHello<'a>, HelloError> {
        ClientHello::parse_with(&self.bytes, buffer)
    }
}

/// How a connection ended before its hello was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ended {
    /// The capture ended.
    Capture,
    /// A FIN closed it.
    Closed,
    /// A RST reset it.
    Reset,
    /// A new SYN reused its ports.
    Reused,
}

/// Why a connection's client data gave no ClientHello.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The client's first bytes are not a TLS record (plain HTTP on port 443, say).
    NotTls {
        /// Up to 16 of them.
        first: Vec<u8>,
    },
    /// The hello had not all arrived when the connection ended.
    Incomplete {
        /// The bytes that had.
        received: usize,
        /// Some packet was cut short in the capture (its snaplen, or a truncated file).
        cut: bool,
        /// How it ended.
        ended: Ended,
    },
    /// Evicted while its hello was still incomplete: more connections were open at once
    /// than [`Limits::max_flows`] allows (or more bytes than [`Limits::max_bytes`]).
    Evicted {
        /// The bytes that had arrived.
        received: usize,
        /// The limit on connections.
        max_flows: usize,
    },
    /// The client's bytes arrived in more separate pieces than a reorder explains.
    TooFragmented,
    /// The capture joined the connection after its start, and no TLS record start was found
    /// in the client's segments.
    MidStream,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotTls { first } => {
                write!(f, "not TLS: the client's first bytes are \"{}\"", first.escape_ascii())
            }
            Self::Incomplete { received, cut, ended } => {
                let how = match ended {
                    Ended::Capture => "the capture ended",
                    Ended::Closed => "the connection was closed",
                    Ended::Reset => "the connection was reset",
                    Ended::Reused => "a new connection reused its ports",
                };
                write!(f, "the ClientHello is incomplete: {received} bytes had arrived when {how}")?;
                if *cut {
                    write!(f, " (a packet was cut short by the capture: capture with a larger snaplen, tcpdump -s 0)")?;
                }
                Ok(())
            }
            Self::Evicted { received, max_flows } => write!(
                f,
                "evicted with {received} bytes of its ClientHello: more than {max_flows} connections were open at once (raise --max-flows)"
            ),
            Self::TooFragmented => {
                write!(f, "the client's bytes arrived in more than {} separate pieces", stream::MAX_HOLES)
            }
            Self::MidStream => write!(
                f,
                "the capture starts inside this connection: no TLS record start in the client's first segments"
            ),
        }
    }
}

impl SkipReason {
    /// A short name for counting: `not_tls`, `incomplete`, `evicted`, `too_fragmented`,
    /// `mid_stream`.
    ///
    /// ```
    /// assert_eq!(tls_policy::capture::SkipReason::MidStream.as_str(), "mid_stream");
    /// ```
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::NotTls { .. } => "not_tls",
            Self::Incomplete { .. } => "incomplete",
            Self::Evicted { .. } => "evicted",
            Self::TooFragmented => "too_fragmented",
            Self::MidStream => "mid_stream",
        }
    }
}

/// A connection with client data but no ClientHello, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// The client's address and port.
    pub client: SocketAddr,
    /// The server's address and port.
    pub server: SocketAddr,
    /// When the reader gave up on it.
    pub time: Option<Timestamp>,
    /// Why.
    pub reason: SkipReason,
}

/// What the reader found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A connection's ClientHello.
    Hello(CapturedHello),
    /// A connection whose client sent data that gave no ClientHello.
    Skipped(Skipped),
}

/// What a capture held, counted as it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Bytes of the capture read.
    pub bytes: u64,
    /// Packets (frames) read.
    pub packets: u64,
    /// TCP segments among them.
    pub tcp: u64,
    /// Frames that are not TCP over IP (ARP, UDP, ICMP, too short to decode).
    pub other: u64,
    /// Frames on a pcapng interface whose link type the reader does not decode.
    pub unsupported_link: u64,
    /// IP packets whose fragments never all arrived (or were evicted).
    pub fragments_dropped: u64,
    /// ClientHellos found.
    pub hellos: u64,
    /// Connections skipped with a reason (each one an [`Event::Skipped`]).
    pub skipped: u64,
    /// Connections evicted before their hello was complete (each with client data also an
    /// [`Event::Skipped`]).
    pub evicted: u64,
    /// Streams that start with a TLS handshake other than a ClientHello: servers' sides of
    /// connections the capture joined mid-stream.
    pub server_side: u64,
    /// Connections that ended (or the capture did) before the client sent any data: a SYN
    /// flood, a port scan, a client that gave up.
    pub no_data: u64,
    /// The capture ends inside a packet at this byte (a truncated file): read up to there.
    pub truncated_at: Option<u64>,
    /// The most connections followed at once.
    pub peak_flows: usize,
}

/// Why a capture cannot be read (on): the file's own structure, not a connection in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// The input is empty.
    #[error("the capture is empty")]
    Empty,
    /// Neither pcap nor pcapng.
    #[error(
        "not a pcap or pcapng capture: it starts with {} (a pcap file starts with a1b2c3d4 or d4c3b2a1, \
         a pcapng file with 0a0d0d0a)",
        hex(.first)
    )]
    NotACapture {
        /// Its first bytes (up to 4).
        first: Vec<u8>,
    },
    /// A pcap file of a link type the reader does not decode.
    #[error("link type {link} is not one the reader decodes: {}", packet::link::SUPPORTED)]
    UnsupportedLink {
        /// The link type (tcpdump.org's LINKTYPE_ value).
        link: u32,
    },
    /// A block whose structure does not parse.
    #[error("byte {offset}: the capture's block does not parse ({what}); the capture is corrupt from here")]
    Corrupt {
        /// Where the block starts.
        offset: u64,
        /// What the parser says.
        what: String,
    },
    /// A block larger than any packet: a corrupt length.
    #[error(
        "byte {offset}: a block larger than {MAX_BLOCK} bytes (a corrupt block length?); the capture is corrupt from here"
    )]
    BlockTooLarge {
        /// Where the block starts.
        offset: u64,
    },
    /// Reading failed.
    #[error("reading the capture: {0}")]
    Io(#[from] io::Error),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `bytes` start like a pcap or pcapng file (by content, not by name).
///
/// ```
/// use tls_policy::capture::is_capture;
///
/// assert!(is_capture(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]));
/// assert!(!is_capture(&[0x16, 3, 1, 0, 0xc8]));
/// ```
pub fn is_capture(bytes: &[u8]) -> bool {
    const MAGICS: [[u8; 4]; 7] = [
        [0xa1, 0xb2, 0xc3, 0xd4], // pcap, microseconds, big-endian
        [0xd4, 0xc3, 0xb2, 0xa1], // ... little-endian
        [0xa1, 0xb2, 0x3c, 0x4d], // pcap, nanoseconds, big-endian
        [0x4d, 0x3c, 0xb2, 0xa1], // ... little-endian
        [0xa1, 0xb2, 0xcd, 0x34], // Alexey Kuznetzov's modified pcap
        [0x34, 0xcd, 0xb2, 0xa1],
        [0x0a, 0x0d, 0x0d, 0x0a], // a pcapng Section Header Block
    ];
    bytes.get(..4).is_some_and(|m| MAGICS.iter().any(|magic| magic == m))
}

/// A pcapng interface: its link type and clock.
#[derive(Debug, Clone, Copy)]
struct Interface {
    link: u32,
    /// Timestamp units per second.
    resolution: u64,
    /// Seconds added to every timestamp (`if_tsoffset`).
    offset: i64,
}

/// An input that keeps its I/O error, which pcap-parser reduces to `ReadError`.
struct Keep<R> {
    inner: R,
    error: Arc<Mutex<Option<io::Error>>>,
}

impl<R: Read> Read for Keep<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let copy = io::Error::new(e.kind(), e.to_string());
                    if let Ok(mut slot) = self.error.lock() {
                        *slot = Some(e);
                    }
                    return Err(copy);
                }
                ok => return ok,
            }
        }
    }
}

/// Reads a capture, yielding each connection's ClientHello (or why it has none) as soon as
/// it is complete. A fatal error (a corrupt block, a failed read) is the last item; the
/// connections still open are reported before it.
pub struct CaptureReader<'r> {
    blocks: Box<dyn PcapReaderIterator + Send + 'r>,
    error: Arc<Mutex<Option<io::Error>>>,
    /// The pcap file's link type, or pcapng's interfaces in the current section.
    legacy: Option<(u32, bool)>,
    interfaces: Vec<Interface>,
    /// The byte order of the file (pcap) or of the current section (pcapng).
    big_endian: bool,
    packets: Packets,
    done: bool,
    failed: Option<CaptureError>,
}

impl fmt::Debug for CaptureReader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaptureReader").field("stats", &self.packets.stats).finish_non_exhaustive()
    }
}

impl<'r> CaptureReader<'r> {
    /// A reader of `input` with the default [`Limits`]. Fails when the input is empty or not
    /// a capture, or its first block does not parse.
    pub fn new<R: Read + Send + 'r>(input: R) -> Result<Self, CaptureError> {
        Self::with_limits(input, Limits::default())
    }

    /// A reader of `input` keeping at most what `limits` allow.
    pub fn with_limits<R: Read + Send + 'r>(input: R, limits: Limits) -> Result<Self, CaptureError> {
        let error = Arc::new(Mutex::new(None));
        let mut keep = Keep { inner: input, error: Arc::clone(&error) };
        // The first block whole (pcap-parser reads its header with one read), and the magic
        // first, so a file that is no capture is named as such.
        let mut first = vec![0u8; BUFFER];
        let mut got = 0;
        while got < first.len() {
            match keep.read(first.get_mut(got..).unwrap_or_default())? {
                0 => break,
                n => got += n,
            }
        }
        first.truncate(got);
        if got == 0 {
            return Err(CaptureError::Empty);
        }
        if !is_capture(&first) {
            return Err(CaptureError::NotACapture { first: first.iter().copied().take(4).collect() });
        }
        let rest = io::Cursor::new(first).chain(keep);
        let blocks = pcap_parser::create_reader(BUFFER, rest).map_err(|e| match e {
            PcapError::Eof | PcapError::Incomplete(_) | PcapError::UnexpectedEof => {
                CaptureError::Corrupt { offset: 0, what: "the file ends inside its header".to_owned() }
            }
            other => CaptureError::Corrupt { offset: 0, what: format!("{other:?}") },
        })?;
        Ok(Self {
            blocks,
            error,
            legacy: None,
            interfaces: Vec::new(),
            big_endian: false,
            packets: Packets {
                flows: flows::Flows::new(limits),
                fragments: packet::Defragmenter::new(limits.max_fragmented),
                events: VecDeque::new(),
                stats: Stats::default(),
            },
            done: false,
            failed: None,
        })
    }

    /// What has been read so far; complete once the reader has yielded its last item.
    pub fn stats(&self) -> &Stats {
        &self.packets.stats
    }

    /// Reads blocks until an event is ready or the capture ends.
    fn fill(&mut self) {
        while self.packets.events.is_empty() && !self.done {
            let offset = u64::try_from(self.blocks.consumed()).unwrap_or(u64::MAX);
            match self.blocks.next() {
                Ok((length, block)) => {
                    let link = &mut self.legacy;
                    let interfaces = &mut self.interfaces;
                    match block {
                        PcapBlockOwned::LegacyHeader(header) => {
                            let network = u32::try_from(header.network.0).unwrap_or(u32::MAX);
                            if !packet::link::supported(network) {
                                self.failed = Some(CaptureError::UnsupportedLink { link: network });
                                self.done = true;
                            }
                            *link = Some((network, header.is_nanosecond_precision()));
                            self.big_endian = header.is_bigendian();
                        }
                        PcapBlockOwned::Legacy(frame) => {
                            let (network, nanos) = link.unwrap_or((packet::link::ETHERNET, false));
                            let fraction = if nanos { frame.ts_usec } else { frame.ts_usec.saturating_mul(1000) };
                            let time = Timestamp::new(u64::from(frame.ts_sec), fraction);
                            let cut = frame.caplen < frame.origlen;
                            self.packets.frame(network, frame.data, cut, Some(time));
                        }
                        PcapBlockOwned::NG(Block::SectionHeader(shb)) => {
                            interfaces.clear();
                            self.big_endian = shb.big_endian();
                        }
                        PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => interfaces.push(Interface {
                            link: u32::try_from(idb.linktype.0).unwrap_or(u32::MAX),
                            resolution: idb.ts_resolution().unwrap_or(1_000_000),
                            offset: idb.ts_offset(),
                        }),
                        PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                            let interface = usize::try_from(epb.if_id).ok().and_then(|i| interfaces.get(i)).copied();
                            match interface {
                                Some(i) if packet::link::supported(i.link) => {
                                    let ticks = u64::from(epb.ts_high) << 32 | u64::from(epb.ts_low);
                                    let time = ng_time(ticks, i);
                                    let cut = epb.caplen < epb.origlen;
                                    let data = epb.packet_data();
                                    self.packets.frame(i.link, data, cut, time);
                                }
                                _ => self.packets.unread(),
                            }
                        }
                        PcapBlockOwned::NG(Block::SimplePacket(spb)) => match interfaces.first().copied() {
                            Some(i) if packet::link::supported(i.link) => {
                                let data = spb.packet_data();
                                let cut = usize::try_from(spb.origlen).is_ok_and(|len| data.len() < len);
                                self.packets.frame(i.link, data, cut, None);
                            }
                            _ => self.packets.unread(),
                        },
                        PcapBlockOwned::NG(_) => {}
                    }
                    self.blocks.consume(length);
                    self.packets.stats.bytes = u64::try_from(self.blocks.consumed()).unwrap_or(u64::MAX);
                }
                Err(PcapError::Eof) => self.end(),
                Err(PcapError::Incomplete(_)) => {
                    if let Err(e) = self.blocks.refill().map_err(|e| e.to_owned_vec()) {
                        self.fail(offset, &e);
                    }
                }
                Err(PcapError::UnexpectedEof) => {
                    // A length no packet has is a corrupt block, not a file cut short.
                    if self.claimed_length().is_some_and(|length| length > MAX_BLOCK) {
                        self.failed = Some(CaptureError::BlockTooLarge { offset });
                    } else {
                        self.packets.stats.truncated_at = Some(offset);
                    }
                    self.end();
                }
                Err(PcapError::BufferTooSmall) => {
                    let size = self.blocks.data().len().max(BUFFER).saturating_mul(2);
                    if size > MAX_BLOCK || !self.blocks.grow(size) {
                        self.failed = Some(CaptureError::BlockTooLarge { offset });
                        self.end();
                    } else if let Err(e) = self.blocks.refill().map_err(|e| e.to_owned_vec()) {
                        self.fail(offset, &e);
                    }
                }
                Err(e) => {
                    let e = e.to_owned_vec();
                    self.fail(offset, &e);
                }
            }
        }
    }

    /// The length the next block (pcapng: its total length) or record (pcap: its included
    /// length) claims, from its header.
    fn claimed_length(&self) -> Option<usize> {
        let data = self.blocks.data();
        let at = if self.legacy.is_some() { 8 } else { 4 };
        let field: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        let length = if self.big_endian { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) };
        usize::try_from(length).ok()
    }

    fn fail(&mut self, offset: u64, e: &PcapError<&'static [u8]>) {
        let kept = self.error.lock().ok().and_then(|mut slot| slot.take());
        self.failed = Some(match kept {
            Some(io) => CaptureError::Io(io),
            None => CaptureError::Corrupt {
                offset,
                what: match e {
                    PcapError::NomError(_, kind) | PcapError::OwnedNomError(_, kind) => kind.description().to_owned(),
                    other => format!("{other:?}"),
                },
            },
        });
        self.end();
    }

    fn end(&mut self) {
        self.packets.flows.finish(&mut self.packets.stats, &mut self.packets.events);
        self.done = true;
    }
}

/// What the frames become: the connections, IP fragments in flight, the events ready and
/// the counts.
struct Packets {
    flows: flows::Flows,
    fragments: packet::Defragmenter,
    events: VecDeque<Event>,
    stats: Stats,
}

impl Packets {
    /// One frame of a link type, captured at `time` (`cut`: shorter than it was sent).
    fn frame(&mut self, link: u32, data: &[u8], cut: bool, time: Option<Timestamp>) {
        let stats = &mut self.stats;
        stats.packets += 1;
        let clock = time.map_or(0, |t| t.secs.saturating_mul(1_000_000_000).saturating_add(u64::from(t.nanos)));
        match packet::decode(link, data, cut, clock, &mut self.fragments) {
            packet::Frame::Tcp(segment) => {
                stats.tcp += 1;
                self.flows.segment(&segment, time, stats, &mut self.events);
                stats.peak_flows = stats.peak_flows.max(self.flows.open_now());
            }
            packet::Frame::Fragment => {}
            packet::Frame::Other => stats.other += 1,
        }
        stats.fragments_dropped = self.fragments.dropped;
    }

    /// A frame on an interface whose link type is not read.
    fn unread(&mut self) {
        self.stats.packets += 1;
        self.stats.unsupported_link += 1;
    }
}

/// A pcapng timestamp in its interface's units.
fn ng_time(ticks: u64, interface: Interface) -> Option<Timestamp> {
    let resolution = interface.resolution.max(1);
    let secs = i128::from(ticks / resolution) + i128::from(interface.offset);
    let nanos = u128::from(ticks % resolution) * 1_000_000_000 / u128::from(resolution);
    Some(Timestamp::new(u64::try_from(secs).ok()?, u32::try_from(nanos).ok()?))
}

impl Iterator for CaptureReader<'_> {
    type Item = Result<Event, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        if let Some(event) = self.packets.events.pop_front() {
            return Some(Ok(event));
        }
        self.failed.take().map(Err)
    }
}
