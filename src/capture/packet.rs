//! One captured frame down to its TCP segment: the link header (by the capture's link type),
//! IPv4 or IPv6 (etherparse), and TCP; IP fragments are put back together first, in a bounded
//! pool. Checksums are not verified: a capture taken on the sending host holds the frames
//! before the network card fills them in (checksum offload), as tshark also warns.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};

use etherparse::{
    EtherType, Ethernet2HeaderSlice, IpNumber, Ipv4ExtensionsSlice, Ipv4HeaderSlice, Ipv6HeaderSlice,
    SingleVlanHeaderSlice, TcpSlice,
};
#[cfg(test)]
use etherparse::{LaxNetSlice, LaxSlicedPacket};

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
        fill(&mut datagram.bytes, &mut datagram.filled, offset, end, data);
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

/// Puts `data`, which starts at `offset`, into `bytes` up to `end` where `filled` says no
/// byte has arrived yet (the first arrival wins where pieces overlap, as most stacks keep
/// it), and adds the range to `filled`.
pub(crate) fn fill(bytes: &mut Vec<u8>, filled: &mut Vec<(usize, usize)>, offset: usize, end: usize, data: &[u8]) {
    if bytes.len() < end {
        bytes.resize(end, 0);
    }
    for (from, to) in gaps(filled, offset, end) {
        if let (Some(dst), Some(src)) = (bytes.get_mut(from..to), data.get(from - offset..to - offset)) {
            dst.copy_from_slice(src);
        }
    }
    insert_range(filled, offset, end);
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
/// that completes a packet is read from there. Each layer is read with etherparse's header
/// slices (borrowed views of a few bytes), not its whole-packet `LaxSlicedPacket`, whose
/// size made moving it the reader's largest cost; `reference` below is that slower decoder,
/// and the tests prove the two agree.
pub(crate) fn decode<'a>(
    link: u32,
    data: &'a [u8],
    cut: bool,
    time: u64,
    fragments: &'a mut Defragmenter,
) -> Frame<'a> {
    let Some(ip) = network(link, data) else { return Frame::Other };
    let Some(packet) = ip_packet(ip) else { return Frame::Other };
    if packet.protocol != IpNumber::TCP.0 {
        return Frame::Other;
    }
    let cut = cut || packet.incomplete;
    if let Some((id, offset, more)) = packet.fragment {
        let key = FragmentKey { src: packet.src, dst: packet.dst, protocol: packet.protocol, id };
        return match fragments.add(key, offset, more, packet.payload, cut, time) {
            true => fragments.segment().map_or(Frame::Other, Frame::Tcp),
            false => Frame::Fragment,
        };
    }
    tcp(packet.src, packet.dst, packet.payload, cut).map_or(Frame::Other, Frame::Tcp)
}

/// The IP packet a frame carries: past the link header (and VLAN tags), when the link says
/// IPv4 or IPv6.
fn network(link: u32, data: &[u8]) -> Option<&[u8]> {
    let (kind, rest) = match link {
        link::ETHERNET => {
            let ethernet = Ethernet2HeaderSlice::from_slice(data).ok()?;
            let mut kind = ethernet.ether_type();
            let mut rest = data.get(ethernet.slice().len()..)?;
            // 802.1Q, 802.1ad and the older QinQ tag: any number of them.
            while matches!(
                kind,
                EtherType::VLAN_TAGGED_FRAME | EtherType::PROVIDER_BRIDGING | EtherType::VLAN_DOUBLE_TAGGED_FRAME
            ) {
                let tag = SingleVlanHeaderSlice::from_slice(rest).ok()?;
                kind = tag.ether_type();
                rest = rest.get(tag.slice().len()..)?;
            }
            (kind, rest)
        }
        link::RAW | link::IPV4 | link::IPV6 => return Some(data),
        link::NULL | link::LOOP => return data.get(4..),
        // SLL: 16 bytes, the protocol (an EtherType) in the last two; SLL2: 20 bytes, the
        // protocol in the first two (tcpdump.org's LINKTYPE_LINUX_SLL and _SLL2 pages).
        link::LINUX_SLL => (EtherType(u16::from_be_bytes([*data.get(14)?, *data.get(15)?])), data.get(16..)?),
        link::LINUX_SLL2 => (EtherType(u16::from_be_bytes([*data.first()?, *data.get(1)?])), data.get(20..)?),
        _ => return None,
    };
    matches!(kind, EtherType::IPV4 | EtherType::IPV6).then_some(rest)
}

/// A fragment's identification, byte offset and "more fragments" flag.
type Fragment = (u32, usize, bool);

/// An IP packet's addresses, protocol and payload.
struct IpPacket<'a> {
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    payload: &'a [u8],
    /// The payload is shorter than the header says (the frame was cut).
    incomplete: bool,
    /// For a fragment, where it goes.
    fragment: Option<Fragment>,
}

/// Reads IPv4 (RFC 791) or IPv6 (RFC 8200, extension headers walked) by the version nibble.
/// The payload ends where the header's length says (so Ethernet padding is left out), or at
/// the end of what was captured.
fn ip_packet(data: &[u8]) -> Option<IpPacket<'_>> {
    match data.first()? >> 4 {
        4 => {
            let header = Ipv4HeaderSlice::from_slice(data).ok()?;
            let start = header.slice().len();
            let total = usize::from(header.total_len());
            let end = if total >= start { total.min(data.len()) } else { data.len() };
            let fragment = (header.more_fragments() || header.fragments_offset().value() != 0).then(|| {
                (
                    u32::from(header.identification()),
                    usize::from(header.fragments_offset().byte_offset()),
                    header.more_fragments(),
                )
            });
            // An Authentication Header (RFC 4302) is walked past, as etherparse's own packet
            // reader does.
            let (_, protocol, payload, _) =
                Ipv4ExtensionsSlice::from_slice_lax(header.protocol(), data.get(start..end)?);
            Some(IpPacket {
                src: IpAddr::V4(header.source_addr()),
                dst: IpAddr::V4(header.destination_addr()),
                protocol: protocol.0,
                payload,
                incomplete: total > data.len(),
                fragment,
            })
        }
        6 => {
            let header = Ipv6HeaderSlice::from_slice(data).ok()?;
            let length = usize::from(header.payload_length());
            // A payload length of 0 is a jumbogram (RFC 2675): the frame's length stands.
            let end = if length == 0 { data.len() } else { (40 + length).min(data.len()) };
            let body = data.get(40..end)?;
            let (protocol, payload, fragment) = ipv6_extensions(header.next_header().0, body);
            Some(IpPacket {
                src: IpAddr::V6(header.source_addr()),
                dst: IpAddr::V6(header.destination_addr()),
                protocol,
                payload,
                incomplete: length != 0 && 40 + length > data.len(),
                fragment,
            })
        }
        _ => None,
    }
}

/// Walks IPv6 extension headers (RFC 8200 §4; the Authentication Header's length in 4-byte
/// units, RFC 4302 §2.2) to the upper-layer protocol: its number, its bytes, and the Fragment
/// header's identification, byte offset and M flag when it fragments the packet. A header cut
/// short ends the walk with its own number, as etherparse's lax reader does. Written here
/// rather than with etherparse's extension iterator, which in 0.21 trusts a Fragment header's
/// length that a cut frame does not have (a debug assertion, and in release a read past the
/// slice).
fn ipv6_extensions(mut next: u8, mut rest: &[u8]) -> (u8, &[u8], Option<Fragment>) {
    let mut fragment = None;
    let mut first = true;
    loop {
        let length = match next {
            // Hop-by-Hop, only first (RFC 8200 §4.3); Routing; Destination Options.
            0 if first => rest.get(1).map(|&l| (usize::from(l) + 1) * 8),
            43 | 60 => rest.get(1).map(|&l| (usize::from(l) + 1) * 8),
            44 => Some(8),
            // A payload length of 0 is not a valid Authentication Header.
            51 => rest.get(1).filter(|&&l| l > 0).map(|&l| (usize::from(l) + 2) * 4),
            _ => return (next, rest, fragment),
        };
        first = false;
        let Some((header, tail)) = length.and_then(|l| (rest.len() >= l).then(|| rest.split_at(l))) else {
            return (next, rest, fragment);
        };
        if next == 44 {
            let field = u16::from_be_bytes([header[2], header[3]]);
            let (offset, more) = (usize::from(field >> 3) * 8, field & 1 == 1);
            if offset != 0 || more {
                fragment = Some((u32::from_be_bytes([header[4], header[5], header[6], header[7]]), offset, more));
            }
        }
        next = header[0];
        rest = tail;
    }
}

/// The decoder through etherparse's `LaxSlicedPacket`, which the fast one is proven against.
#[cfg(test)]
fn reference(link: u32, data: &[u8]) -> Option<(IpAddr, IpAddr, u8, Vec<u8>, bool, bool)> {
    let sliced = match link {
        link::ETHERNET => LaxSlicedPacket::from_ethernet(data).ok(),
        link::RAW | link::IPV4 | link::IPV6 => LaxSlicedPacket::from_ip(data).ok(),
        link::NULL | link::LOOP => data.get(4..).and_then(|ip| LaxSlicedPacket::from_ip(ip).ok()),
        link::LINUX_SLL => {
            let kind = u16::from_be_bytes([*data.get(14)?, *data.get(15)?]);
            Some(LaxSlicedPacket::from_ether_type(EtherType(kind), data.get(16..)?))
        }
        link::LINUX_SLL2 => {
            let kind = u16::from_be_bytes([*data.first()?, *data.get(1)?]);
            Some(LaxSlicedPacket::from_ether_type(EtherType(kind), data.get(20..)?))
        }
        _ => None,
    }?;
    let (src, dst, payload) = match sliced.net.as_ref()? {
        LaxNetSlice::Ipv4(v4) => {
            let h = v4.header();
            (IpAddr::V4(h.source_addr()), IpAddr::V4(h.destination_addr()), v4.payload().clone())
        }
        LaxNetSlice::Ipv6(v6) => {
            let h = v6.header();
            (IpAddr::V6(h.source_addr()), IpAddr::V6(h.destination_addr()), v6.payload().clone())
        }
        LaxNetSlice::Arp(_) => return None,
    };
    Some((src, dst, payload.ip_number.0, payload.payload.to_vec(), payload.incomplete, payload.fragmented))
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

// The test captures' writer, to make frames of every link type.
#[cfg(test)]
#[path = "../../tests/support/pcap.rs"]
mod writer;

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    /// Every link type, IPv4 and IPv6 (with and without a Hop-by-Hop header), whole and
    /// fragmented packets, Ethernet padding, and every truncation of each frame: the fast
    /// decoder reads what etherparse's `LaxSlicedPacket` reads.
    #[test]
    fn the_header_slice_decoder_agrees_with_etherparses_whole_packet_one() {
        use writer::{Fragments, Link, Segment};
        let links = [
            Link::ethernet(),
            Link::Ethernet { vlans: vec![100] },
            Link::Ethernet { vlans: vec![200, 100] },
            Link::Sll,
            Link::Sll2,
            Link::Raw,
            Link::Null { ipv6_family: 30 },
            Link::Loop { ipv6_family: 24 },
        ];
        let pairs: [(SocketAddr, SocketAddr); 2] = [
            ("10.0.0.7:51512".parse().expect("v4"), "192.0.2.1:443".parse().expect("v4")),
            ("[2001:db8::7]:51512".parse().expect("v6"), "[2001:db8::1]:443".parse().expect("v6")),
        ];
        let mut compared = 0;
        for link in &links {
            for (src, dst) in pairs {
                for (payload, hop_by_hop, fragment) in [
                    (0usize, false, None),
                    (300, false, None),
                    (300, true, None),
                    (700, false, Some(Fragments { max_payload: 256, shuffle: None })),
                    (700, src.is_ipv6(), Some(Fragments { max_payload: 128, shuffle: Some(7) })),
                ] {
                    let data: Vec<u8> = (0..payload).map(|i| u8::try_from(i % 251).expect("small")).collect();
                    let mut segment = Segment::new(src, dst, 1000, 2000, writer::ACK | writer::PSH, &data);
                    segment.hop_by_hop = hop_by_hop && src.is_ipv6();
                    segment.fragment = fragment;
                    for ip in segment.ip_packets(0x1234) {
                        let mut frame = link.frame(&ip, false);
                        let link_type = u32::from(link.linktype());
                        if matches!(link, Link::Ethernet { .. }) {
                            frame.extend([0; 12]); // padding after a short packet
                        }
                        for end in (0..=frame.len()).rev() {
                            let cut = frame.get(..end).expect("within");
                            let fast = network(link_type, cut).and_then(ip_packet).map(|p| {
                                (p.src, p.dst, p.protocol, p.payload.to_vec(), p.incomplete, p.fragment.is_some())
                            });
                            assert_eq!(fast, reference(link_type, cut), "{link:?} {src} {payload} cut at {end}");
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn any_bytes_decode_without_panic_and_as_the_reference_when_read() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut fragments = Defragmenter::new(4);
        for round in 0..20_000u32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = usize::try_from(state % 90).expect("small");
            let mut bytes: Vec<u8> = state.to_le_bytes().iter().cycle().take(len).copied().collect();
            // Mostly plausible IP headers, so the decoders get past the first check.
            if let Some(first) = bytes.first_mut() {
                *first = if round % 2 == 0 { 0x45 } else { 0x60 };
            }
            for link in [link::RAW, link::ETHERNET, link::LINUX_SLL2, link::NULL] {
                let _ = decode(link, &bytes, false, u64::from(round), &mut fragments);
                if let (Some(fast), Some(slow)) = (network(link, &bytes).and_then(ip_packet), reference(link, &bytes)) {
                    assert_eq!((fast.src, fast.dst, fast.protocol), (slow.0, slow.1, slow.2), "{bytes:02x?}");
                }
            }
        }
    }

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
