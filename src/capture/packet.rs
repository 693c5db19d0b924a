//! One captured frame down to its TCP segment: the link header (by the capture's link type),
//! IPv4 or IPv6 (etherparse), and TCP; IP fragments are put back together first, in a bounded
//! pool. Checksums are not verified: a capture taken on the sending host holds the frames
//! before the network card fills them in (checksum offload), as tshark also warns.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};

use etherparse::{EtherType, IpNumber, Ipv6ExtensionSlice, LaxIpPayloadSlice, LaxNetSlice, LaxSlicedPacket, TcpSlice};

/// Link types (tcpdump.org's LINKTYPE_ registry) the reader decodes.
pub(crate) mod link {
    /// BSD loopback: a 4-byte address family in the writer's byte order.
    pub(crate) const NULL: u32 = 0;
    /// Ethernet, with or without 802.1Q / 802.1ad VLAN tags.
    pub(crate) const ETHERNET: u32 = 1;
    /// Raw IP, the version read from the first nibble.
    pub(crate) const RAW: u32 = 101;
    /// OpenBSD loopback: the address family in network byte order.
    pub(crate) const LOOP: u32 = 108;
    /// Linux cooked capture v1 (`tcpdump -i any` before libpcap 1.10).
    pub(crate) const LINUX_SLL: u32 = 113;
    /// Raw IPv4.
    pub(crate) const IPV4: u32 = 228;
    /// Raw IPv6.
    pub(crate) const IPV6: u32 = 229;
    /// Linux cooked capture v2 (`tcpdump -i any` from libpcap 1.10).
    pub(crate) const LINUX_SLL2: u32 = 276;
    /// Every link type above, for messages.
    pub(crate) const SUPPORTED: &str =
        "Ethernet (1), BSD loopback (0, 108), raw IP (101, 228, 229), Linux cooked (113, 276)";

    /// Whether the reader decodes this link type.
    pub(crate) const fn supported(link: u32) -> bool {
        matches!(link, NULL | ETHERNET | RAW | LOOP | LINUX_SLL | IPV4 | IPV6 | LINUX_SLL2)
    }
}

/// A TCP segment as captured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment<'a> {
    pub(crate) src: SocketAddr,
    pub(crate) dst: SocketAddr,
    pub(crate) seq: u32,
    pub(crate) ack: u32,
    pub(crate) syn: bool,
    pub(crate) has_ack: bool,
    pub(crate) fin: bool,
    pub(crate) rst: bool,
    pub(crate) payload: &'a [u8],
    /// The frame was cut (snaplen, or a truncated last packet): `payload` is only the part
    /// the capture holds.
    pub(crate) cut: bool,
}

/// What a frame holds, as far as the reader is concerned.
pub(crate) enum Frame<'a> {
    /// A TCP segment.
    Tcp(Segment<'a>),
    /// A fragment of an IP packet; the packet's TCP segment once all fragments are in.
    Fragment,
    /// Neither IP nor TCP (ARP, UDP, ICMP, a frame too short): counted, not read.
    Other,
}

/// An IP packet's fragments are kept this long (in the capture's time) before they are
/// dropped: RFC 791's reassembly timer suggests 15 s at first, Linux's `ipfrag_time` is 30 s.
const FRAGMENT_TIMEOUT_NS: u64 = 30_000_000_000;

/// The most an IP packet's payload can be (IPv4's total length is 16 bits).
const MAX_DATAGRAM: usize = 65_535;

/// Identifies one fragmented IP packet (RFC 791 §3.2: source, destination, protocol,
/// identification; RFC 8200 §4.5 for IPv6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FragmentKey {
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    id: u32,
}

/// One packet being put back together: its bytes, the ranges that arrived, the total once
/// the last fragment says it.
struct Datagram {
    bytes: Vec<u8>,
    filled: Vec<(usize, usize)>,
    total: Option<usize>,
    first_seen: u64,
    cut: bool,
}

/// The IP fragments in flight, at most `limit` packets (the oldest dropped first, counted).
pub(crate) struct Defragmenter {
    pending: HashMap<FragmentKey, Datagram>,
    order: VecDeque<(FragmentKey, u64)>,
    limit: usize,
    /// Packets dropped unfinished: evicted, timed out, or inconsistent.
    pub(crate) dropped: u64,
    /// The last packet completed: its TCP segment is read from here.
    done: Vec<u8>,
    done_addresses: Option<(IpAddr, IpAddr, bool)>,
}

impl Defragmenter {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            pending: HashMap::new(),
            order: VecDeque::new(),
            limit: limit.max(1),
            dropped: 0,
            done: Vec::new(),
            done_addresses: None,
        }
    }

    /// Adds one fragment; true when it completes its packet (then [`Self::segment`] reads it).
    #[allow(clippy::too_many_arguments)]
    fn add(&mut self, key: FragmentKey, offset: usize, more: bool, data: &[u8], cut: bool, time: u64) -> bool {
        self.expire(time);
        if !self.pending.contains_key(&key) {
            while self.pending.len() >= self.limit {
                let Some((old, _)) = self.order.pop_front() else { break };
                if self.pending.remove(&old).is_some() {
                    self.dropped += 1;
                }
            }
            self.order.push_back((key, time));
            self.pending.insert(
                key,
                Datagram { bytes: Vec::new(), filled: Vec::new(), total: None, first_seen: time, cut: false },
            );
        }
        let Some(datagram) = self.pending.get_mut(&key) else { return false };
        let end = offset.saturating_add(data.len());
        let inconsistent = end > MAX_DATAGRAM
            || datagram.total.is_some_and(|total| end > total)
            || (!more
                && (datagram.total.is_some_and(|total| total != end) || datagram.filled.iter().any(|r| r.1 > end)));
        if inconsistent {
            self.pending.remove(&key);
            self.dropped += 1;
            return false;
        }
        if !more {
            datagram.total = Some(end);
        }
        datagram.cut |= cut;
        if datagram.bytes.len() < end {
            datagram.bytes.resize(end, 0);
        }
        // First arrival wins where fragments overlap.
        for (from, to) in gaps(&datagram.filled, offset, end) {
            if let (Some(dst), Some(src)) = (datagram.bytes.get_mut(from..to), data.get(from - offset..to - offset)) {
                dst.copy_from_slice(src);
            }
        }
        insert_range(&mut datagram.filled, offset, end);
        let complete = datagram.total.is_some_and(|total| datagram.filled.first() == Some(&(0, total)));
        if !complete {
            return false;
        }
        if let Some(datagram) = self.pending.remove(&key) {
            self.done = datagram.bytes;
            self.done_addresses = Some((key.src, key.dst, datagram.cut));
        }
        true
    }

    /// Drops packets whose first fragment is older than the timeout.
    fn expire(&mut self, now: u64) {
        while let Some(&(key, first)) = self.order.front() {
            let live = self.pending.get(&key).is_some_and(|d| d.first_seen == first);
            if live && now.saturating_sub(first) < FRAGMENT_TIMEOUT_NS {
                break;
            }
            self.order.pop_front();
            if live && self.pending.remove(&key).is_some() {
                self.dropped += 1;
            }
        }
    }

    /// The TCP segment of the packet the last [`Self::add`] completed.
    fn segment(&self) -> Option<Segment<'_>> {
        let (src, dst, cut) = self.done_addresses?;
        tcp(src, dst, &self.done, cut)
    }
}

/// The parts of `[from, to)` that `filled` (sorted, disjoint) does not cover.
pub(crate) fn gaps(filled: &[(usize, usize)], from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = from;
    let mut ranges = filled.iter();
    let mut done = from >= to;
    core::iter::from_fn(move || {
        while !done {
            match ranges.next() {
                Some(&(_, end)) if end <= at => continue,
                Some(&(start, end)) if start < to => {
                    let gap = (at < start).then_some((at, start));
                    at = at.max(end);
                    if at >= to {
                        done = true;
                    }
                    if gap.is_some() {
                        return gap;
                    }
                }
                _ => {
                    done = true;
                    return (at < to).then_some((at, to));
                }
            }
        }
        None
    })
}

/// Adds `[from, to)` to a sorted list of disjoint ranges, merging what touches.
pub(crate) fn insert_range(filled: &mut Vec<(usize, usize)>, from: usize, to: usize) {
    if from >= to {
        return;
    }
    let first = filled.partition_point(|r| r.1 < from);
    let mut last = first;
    let (mut start, mut end) = (from, to);
    while let Some(&(s, e)) = filled.get(last) {
        if s > to {
            break;
        }
        start = start.min(s);
        end = end.max(e);
        last += 1;
    }
    filled.splice(first..last, [(start, end)]);
}

/// Decodes one frame of the given link type. A fragment goes into `fragments`; the frame
/// that completes a packet is read from there.
pub(crate) fn decode<'a>(
    link: u32,
    data: &'a [u8],
    cut: bool,
    time: u64,
    fragments: &'a mut Defragmenter,
) -> Frame<'a> {
    let sliced = match link {
        link::ETHERNET => LaxSlicedPacket::from_ethernet(data).ok(),
        link::RAW | link::IPV4 | link::IPV6 => LaxSlicedPacket::from_ip(data).ok(),
        link::NULL | link::LOOP => data.get(4..).and_then(|ip| LaxSlicedPacket::from_ip(ip).ok()),
        // SLL: 16 bytes, the protocol (an EtherType) in the last two; SLL2: 20 bytes, the
        // protocol in the first two (tcpdump.org's LINKTYPE_LINUX_SLL and _SLL2 pages).
        link::LINUX_SLL => ether_type(data, 14, 16),
        link::LINUX_SLL2 => ether_type(data, 0, 20),
        _ => None,
    };
    let Some(packet) = sliced else { return Frame::Other };
    let Some(net) = &packet.net else { return Frame::Other };
    let (src, dst, payload, fragment) = match net {
        LaxNetSlice::Ipv4(v4) => {
            let header = v4.header();
            let fragment = (header.more_fragments() || header.fragments_offset().value() != 0).then(|| {
                (
                    u32::from(header.identification()),
                    usize::from(header.fragments_offset().byte_offset()),
                    header.more_fragments(),
                )
            });
            (IpAddr::V4(header.source_addr()), IpAddr::V4(header.destination_addr()), v4.payload(), fragment)
        }
        LaxNetSlice::Ipv6(v6) => {
            let header = v6.header();
            let fragment = v6.extensions().clone().into_iter().find_map(|ext| match ext {
                Ipv6ExtensionSlice::Fragment(f) if f.is_fragmenting_payload() => {
                    Some((f.identification(), usize::from(f.fragment_offset().byte_offset()), f.more_fragments()))
                }
                _ => None,
            });
            (IpAddr::V6(header.source_addr()), IpAddr::V6(header.destination_addr()), v6.payload(), fragment)
        }
        LaxNetSlice::Arp(_) => return Frame::Other,
    };
    if payload.ip_number != IpNumber::TCP {
        return Frame::Other;
    }
    let cut = cut || payload.incomplete;
    if let Some((id, offset, more)) = fragment {
        let key = FragmentKey { src, dst, protocol: payload.ip_number.0, id };
        return match fragments.add(key, offset, more, payload.payload, cut, time) {
            true => fragments.segment().map_or(Frame::Other, Frame::Tcp),
            false => Frame::Fragment,
        };
    }
    match whole(payload) {
        Some(bytes) => tcp(src, dst, bytes, cut).map_or(Frame::Other, Frame::Tcp),
        None => Frame::Other,
    }
}

/// A payload that is not a fragment.
fn whole<'a>(payload: &LaxIpPayloadSlice<'a>) -> Option<&'a [u8]> {
    (!payload.fragmented).then_some(payload.payload)
}

/// A cooked-capture frame: the EtherType at `at`, the network header at `header`.
fn ether_type(data: &[u8], at: usize, header: usize) -> Option<LaxSlicedPacket<'_>> {
    let kind = u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]);
    Some(LaxSlicedPacket::from_ether_type(EtherType(kind), data.get(header..)?))
}

/// The TCP header and payload of an IP packet's payload.
fn tcp(src: IpAddr, dst: IpAddr, bytes: &[u8], cut: bool) -> Option<Segment<'_>> {
    let tcp = TcpSlice::from_slice(bytes).ok()?;
    Some(Segment {
        src: SocketAddr::new(src, tcp.source_port()),
        dst: SocketAddr::new(dst, tcp.destination_port()),
        seq: tcp.sequence_number(),
        ack: tcp.acknowledgment_number(),
        syn: tcp.syn(),
        has_ack: tcp.ack(),
        fin: tcp.fin(),
        rst: tcp.rst(),
        payload: tcp.payload(),
        cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_what_the_ranges_leave_open() {
        let filled = [(2, 4), (6, 8)];
        assert_eq!(gaps(&filled, 0, 10).collect::<Vec<_>>(), [(0, 2), (4, 6), (8, 10)]);
        assert_eq!(gaps(&filled, 3, 7).collect::<Vec<_>>(), [(4, 6)]);
        assert_eq!(gaps(&filled, 2, 4).count(), 0);
        assert_eq!(gaps(&[], 1, 3).collect::<Vec<_>>(), [(1, 3)]);
        assert_eq!(gaps(&filled, 5, 5).count(), 0);
    }

    #[test]
    fn ranges_merge_when_they_touch_or_overlap() {
        let mut filled = Vec::new();
        for (from, to) in [(4, 6), (0, 2), (8, 9), (2, 4), (5, 8)] {
            insert_range(&mut filled, from, to);
        }
        assert_eq!(filled, [(0, 9)]);
        insert_range(&mut filled, 12, 14);
        insert_range(&mut filled, 10, 11);
        assert_eq!(filled, [(0, 9), (10, 11), (12, 14)]);
    }

    #[test]
    fn gaps_agree_with_a_byte_map() {
        // Every small set of ranges and query against the naive per-byte answer.
        for mask in 0u32..256 {
            let mut filled = Vec::new();
            let mut covered = [false; 12];
            for bit in 0..8 {
                if mask & (1 << bit) != 0 {
                    insert_range(&mut filled, bit, bit + 1 + bit % 3);
                    for c in covered.iter_mut().skip(bit).take(1 + bit % 3) {
                        *c = true;
                    }
                }
            }
            for from in 0..12 {
                for to in from..12 {
                    let mut naive = Vec::new();
                    for (i, &c) in covered.iter().enumerate().take(to).skip(from) {
                        if !c {
                            match naive.last_mut() {
                                Some((_, end)) if *end == i => *end = i + 1,
                                _ => naive.push((i, i + 1)),
                            }
                        }
                    }
                    assert_eq!(gaps(&filled, from, to).collect::<Vec<_>>(), naive, "{filled:?} {from}..{to}");
                }
            }
        }
    }
}
