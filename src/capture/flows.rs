//! The open TCP connections of a capture, each only until its ClientHello is complete: which
//! side is the client (the SYN's sender, the SYN-ACK's receiver, or, for a connection the
//! capture joined mid-stream, the side whose bytes start a TLS handshake record), its stream
//! put back together, and what became of it. Bounded: at most `max_flows` open connections
//! and `max_bytes` of buffered stream bytes, the oldest connection evicted first, and the
//! most recent finished ones remembered in a few bytes each.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;

use super::packet::Segment;
use super::stream::{MAX_HELLO_BYTES, Progress, Stream};
use super::{CapturedHello, Ended, Event, Limits, SkipReason, Skipped, Stats, Timestamp};

/// Segments kept for a connection joined mid-stream before a record start is found.
const MAX_LOOSE: usize = 16;

/// A direction of a connection: client address, then server address.
type Key = (SocketAddr, SocketAddr);

/// How many finished connections are remembered (see [`Closed`]).
const MAX_CLOSED: usize = 16 * 1024;

/// A connection whose client's first flight is being put back together. `base` is the
/// sequence number of its first byte, once known; until then (mid-stream) segments wait in
/// `loose`.
struct Open {
    stream: Stream,
    base: Option<u32>,
    loose: Vec<(u32, Vec<u8>)>,
    isn: Option<u32>,
    first_seen: Option<Timestamp>,
    /// The client sent its FIN. The connection is not given up at once: a capture may
    /// record the FIN before a segment it follows.
    fin: bool,
}

/// Connections whose hello is out (or that are not TLS, or ended), with their initial
/// sequence number: the rest of each, and any copy of it (a capture on two interfaces sees
/// every packet twice), is ignored until a SYN with another initial sequence number reuses
/// the ports. Only the [`MAX_CLOSED`] most recent are kept, in a few bytes each, so memory
/// does not grow with the capture: a copy that arrives after that many later connections
/// closed would be read again.
#[derive(Default)]
struct Closed {
    isn: HashMap<Key, (Option<u32>, u64)>,
    order: VecDeque<(Key, u64)>,
    generation: u64,
}

impl Closed {
    fn insert(&mut self, key: Key, isn: Option<u32>) {
        self.generation += 1;
        self.isn.insert(key, (isn, self.generation));
        self.order.push_back((key, self.generation));
        while self.isn.len() > MAX_CLOSED || self.order.len() > 2 * MAX_CLOSED {
            let Some((old, generation)) = self.order.pop_front() else { break };
            if self.isn.get(&old).is_some_and(|(_, g)| *g == generation) {
                self.isn.remove(&old);
            }
        }
    }

    /// The initial sequence number of a remembered connection (`Some(None)`: one joined
    /// mid-stream).
    fn get(&self, key: &Key) -> Option<Option<u32>> {
        self.isn.get(key).map(|(isn, _)| *isn)
    }
}

/// What a segment did to its connection.
enum Outcome {
    Hello(Vec<u8>),
    ServerSide,
    Skip(SkipReason),
}

struct Entry {
    state: Open,
    generation: u64,
}

/// Every connection being read.
pub(crate) struct Flows {
    table: HashMap<Key, Entry>,
    order: VecDeque<(Key, u64)>,
    closed: Closed,
    generation: u64,
    held: usize,
    limits: Limits,
    spare: Vec<Vec<u8>>,
}

impl Flows {
    pub(crate) fn new(limits: Limits) -> Self {
        Self {
            table: HashMap::new(),
            order: VecDeque::new(),
            closed: Closed::default(),
            generation: 0,
            held: 0,
            limits,
            spare: Vec::new(),
        }
    }

    /// One TCP segment, at `time` (when the capture says).
    pub(crate) fn segment(
        &mut self,
        seg: &Segment<'_>,
        time: Option<Timestamp>,
        stats: &mut Stats,
        out: &mut VecDeque<Event>,
    ) {
        let key = (seg.src, seg.dst);
        let reverse = (seg.dst, seg.src);
        if seg.rst {
            self.end(key, Ended::Reset, time, stats, out);
            self.end(reverse, Ended::Reset, time, stats, out);
            return;
        }
        if seg.syn {
            if seg.has_ack {
                // The server's answer: the client's first byte is the one it acknowledges.
                if !self.table.contains_key(&reverse) && self.closed.get(&reverse).is_none() {
                    let open = self.open(Some(seg.ack), Some(seg.ack.wrapping_sub(1)), time);
                    self.insert(reverse, open, stats, out, time);
                }
            } else {
                let isn = match self.table.get(&key) {
                    Some(entry) => entry.state.isn,
                    None => self.closed.get(&key).flatten(),
                };
                if isn == Some(seg.seq) {
                    return; // the same SYN again: a retransmission, or a second interface's copy
                }
                if let Some(Entry { state: Open { isn: isn @ None, base: Some(base), .. }, .. }) =
                    self.table.get_mut(&key)
                {
                    if *base == seg.seq.wrapping_add(1) {
                        // The SYN recorded after the connection's first data (a capture that
                        // reorders): the same connection.
                        *isn = Some(seg.seq);
                        return;
                    }
                }
                // A new connection on the same ports: the old one, if still open, ended.
                self.end(key, Ended::Reused, time, stats, out);
                self.closed.isn.remove(&key);
                let open = self.open(Some(seg.seq.wrapping_add(1)), Some(seg.seq), time);
                self.insert(key, open, stats, out, time);
            }
            return;
        }
        if !seg.payload.is_empty() {
            self.data(key, reverse, seg, time, stats, out);
        }
        if seg.fin {
            if let Some(entry) = self.table.get_mut(&key) {
                entry.state.fin = true;
            }
        }
    }

    fn data(
        &mut self,
        key: Key,
        reverse: Key,
        seg: &Segment<'_>,
        time: Option<Timestamp>,
        stats: &mut Stats,
        out: &mut VecDeque<Event>,
    ) {
        if !self.table.contains_key(&key) {
            if self.closed.get(&key).is_some() {
                return; // a connection already read
            }
            if self.table.contains_key(&reverse) || self.closed.get(&reverse).is_some() {
                return; // the server's side of a connection whose client is known
            }
            let open = self.open(None, None, time);
            self.insert(key, open, stats, out, time);
        }
        let outcome = {
            let Some(entry) = self.table.get_mut(&key) else { return };
            let Open { stream, base, loose, .. } = &mut entry.state;
            stream.cut |= seg.cut;
            let start = match *base {
                Some(b) => Some(b),
                None if starts_record(seg.payload) => {
                    *base = Some(seg.seq);
                    Some(seg.seq)
                }
                None => None,
            };
            match start {
                None if loose.len() >= MAX_LOOSE => Some(Outcome::Skip(SkipReason::MidStream)),
                None => {
                    let data: Vec<u8> = seg.payload.iter().copied().take(MAX_HELLO_BYTES).collect();
                    self.held += data.len();
                    loose.push((seg.seq, data));
                    None
                }
                Some(start) => {
                    let before = stream.held();
                    let mut overflow = place(stream, start, seg.seq, seg.payload).is_err();
                    for (seq, data) in loose.drain(..) {
                        self.held = self.held.saturating_sub(data.len());
                        overflow |= place(stream, start, seq, &data).is_err();
                    }
                    self.held = (self.held + stream.held()).saturating_sub(before);
                    if overflow {
                        Some(Outcome::Skip(SkipReason::TooFragmented))
                    } else {
                        match stream.progress() {
                            Progress::More => None,
                            Progress::Hello { start, end } => {
                                Some(Outcome::Hello(stream.contiguous().get(start..end).unwrap_or_default().to_vec()))
                            }
                            Progress::ServerSide => Some(Outcome::ServerSide),
                            Progress::NotTls => {
                                let first = stream.contiguous().iter().copied().take(16).collect();
                                Some(Outcome::Skip(SkipReason::NotTls { first }))
                            }
                        }
                    }
                }
            }
        };
        match outcome {
            None => {
                if self.held > self.limits.max_bytes {
                    self.evict_until_under(stats, out, time);
                }
            }
            Some(Outcome::Hello(bytes)) => {
                stats.hellos += 1;
                out.push_back(Event::Hello(CapturedHello { client: key.0, server: key.1, time, bytes }));
                self.close(key, None, time, stats, out);
            }
            Some(Outcome::ServerSide) => {
                stats.server_side += 1;
                self.close(key, None, time, stats, out);
            }
            Some(Outcome::Skip(reason)) => self.close(key, Some(reason), time, stats, out),
        }
    }

    /// A new open state, its buffer reused when one is spare.
    fn open(&mut self, base: Option<u32>, isn: Option<u32>, time: Option<Timestamp>) -> Open {
        let stream = Stream::with_buffer(self.spare.pop().unwrap_or_default());
        // A reused buffer is held from now on, as `release` counts it when it goes back.
        self.held += stream.held();
        Open { stream, base, loose: Vec::new(), isn, first_seen: time, fin: false }
    }

    fn insert(&mut self, key: Key, state: Open, stats: &mut Stats, out: &mut VecDeque<Event>, time: Option<Timestamp>) {
        while self.table.len() >= self.limits.max_flows.max(1) {
            if !self.evict_oldest(stats, out, time) {
                break;
            }
        }
        self.generation += 1;
        self.table.insert(key, Entry { state, generation: self.generation });
        self.order.push_back((key, self.generation));
        if self.order.len() > 2 * self.table.len() + 1024 {
            let table = &self.table;
            self.order.retain(|(k, g)| table.get(k).is_some_and(|e| e.generation == *g));
        }
    }

    /// Evicts the oldest connection; false when there is none.
    fn evict_oldest(&mut self, stats: &mut Stats, out: &mut VecDeque<Event>, time: Option<Timestamp>) -> bool {
        while let Some((key, generation)) = self.order.pop_front() {
            if self.table.get(&key).is_none_or(|e| e.generation != generation) {
                continue;
            }
            if let Some(entry) = self.table.remove(&key) {
                let Open { stream, loose, fin, isn, .. } = entry.state;
                // Remembered, so that its later segments are not read as a new connection.
                self.closed.insert(key, isn);
                let received = stream.received() + loose.iter().map(|(_, d)| d.len()).sum::<usize>();
                if fin {
                    // Closed by its client with its hello incomplete: that, not the eviction,
                    // is what happened to it.
                    self.report_unfinished(key, &stream, &loose, Ended::Closed, time, stats, out);
                } else if received > 0 {
                    stats.evicted += 1;
                    stats.skipped += 1;
                    let reason = SkipReason::Evicted { received, max_flows: self.limits.max_flows };
                    out.push_back(Event::Skipped(Skipped { client: key.0, server: key.1, time, reason }));
                } else {
                    stats.no_data += 1;
                }
                self.release(stream, &loose);
            }
            return true;
        }
        false
    }

    fn evict_until_under(&mut self, stats: &mut Stats, out: &mut VecDeque<Event>, time: Option<Timestamp>) {
        while self.held > self.limits.max_bytes {
            if !self.evict_oldest(stats, out, time) {
                break;
            }
        }
    }

    /// Marks a connection done (remembered as closed), saying why when it was skipped.
    fn close(
        &mut self,
        key: Key,
        reason: Option<SkipReason>,
        time: Option<Timestamp>,
        stats: &mut Stats,
        out: &mut VecDeque<Event>,
    ) {
        let Some(entry) = self.table.remove(&key) else { return };
        self.closed.insert(key, entry.state.isn);
        self.release(entry.state.stream, &entry.state.loose);
        if let Some(reason) = reason {
            stats.skipped += 1;
            out.push_back(Event::Skipped(Skipped { client: key.0, server: key.1, time, reason }));
        }
    }

    /// The connection ended (reset, reused): an open one with bytes is incomplete. It is
    /// remembered as closed, so that late packets (and copies) do not open it again.
    fn end(&mut self, key: Key, how: Ended, time: Option<Timestamp>, stats: &mut Stats, out: &mut VecDeque<Event>) {
        let Some(entry) = self.table.remove(&key) else { return };
        let Open { stream, loose, isn, .. } = entry.state;
        self.closed.insert(key, isn);
        self.report_unfinished(key, &stream, &loose, how, time, stats, out);
        self.release(stream, &loose);
    }

    #[allow(clippy::too_many_arguments)]
    fn report_unfinished(
        &self,
        key: Key,
        stream: &Stream,
        loose: &[(u32, Vec<u8>)],
        how: Ended,
        time: Option<Timestamp>,
        stats: &mut Stats,
        out: &mut VecDeque<Event>,
    ) {
        let received = stream.received() + loose.iter().map(|(_, d)| d.len()).sum::<usize>();
        if received == 0 {
            stats.no_data += 1;
            return;
        }
        stats.skipped += 1;
        let reason = if stream.received() == 0 {
            SkipReason::MidStream
        } else {
            SkipReason::Incomplete { received, cut: stream.cut, ended: how }
        };
        out.push_back(Event::Skipped(Skipped { client: key.0, server: key.1, time, reason }));
    }

    /// The end of the capture: every connection still open, oldest first.
    pub(crate) fn finish(&mut self, stats: &mut Stats, out: &mut VecDeque<Event>) {
        while let Some((key, generation)) = self.order.pop_front() {
            if self.table.get(&key).is_none_or(|e| e.generation != generation) {
                continue;
            }
            if let Some(Entry { state: Open { stream, loose, first_seen, fin, .. }, .. }) = self.table.remove(&key) {
                let how = if fin { Ended::Closed } else { Ended::Capture };
                self.report_unfinished(key, &stream, &loose, how, first_seen, stats, out);
                self.release(stream, &loose);
            }
        }
        self.table.clear();
        self.held = 0;
    }

    fn release(&mut self, stream: Stream, loose: &[(u32, Vec<u8>)]) {
        self.held = self.held.saturating_sub(stream.held() + loose.iter().map(|(_, d)| d.len()).sum::<usize>());
        if self.spare.len() < 64 {
            let buffer = stream.into_buffer();
            if buffer.capacity() <= 4096 {
                self.spare.push(buffer);
            }
        }
    }

    /// Connections open now.
    pub(crate) fn open_now(&self) -> usize {
        self.table.len()
    }
}

/// Puts a segment at its place in a stream that starts at `base`. A segment from before the
/// start (a SYN's data, a stray old retransmission) or far past any hello is left out.
fn place(stream: &mut Stream, base: u32, seq: u32, data: &[u8]) -> Result<(), super::stream::Overflow> {
    let offset = seq.wrapping_sub(base);
    // A sequence number "before" the base wraps to the upper half (RFC 9293 §3.4's modular
    // comparison).
    if offset >= 1 << 31 {
        let behind = usize::try_from(base.wrapping_sub(seq)).unwrap_or(usize::MAX);
        return match data.get(behind..) {
            Some(rest) if !rest.is_empty() => stream.insert(0, rest),
            _ => Ok(()),
        };
    }
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    if offset >= MAX_HELLO_BYTES {
        return Ok(());
    }
    stream.insert(offset, data)
}

/// Whether a mid-stream segment starts a ClientHello: a TLS handshake record holding one,
/// or an SSL 2.0-compatible ClientHello.
fn starts_record(data: &[u8]) -> bool {
    match data {
        [first, _, 1, 3, minor, ..] if first & 0x80 != 0 && *minor <= 3 => true,
        _ => data.get(..6).is_some_and(super::stream::starts_record),
    }
}
