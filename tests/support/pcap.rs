//! Packet captures written byte by byte, for the tests of the capture reader
//! (`#[path]`-included): classic pcap (either byte order, micro- or nanosecond timestamps,
//! any snaplen) and pcapng (a section header, one interface block per interface with its own
//! link type, snaplen and `if_tsresol`, enhanced and simple packet blocks, extra blocks a
//! reader must skip), around frames of eight link types (Ethernet with 0, 1 or 2 VLAN tags,
//! Linux cooked SLL and SLL2, raw IP, BSD loopback NULL and LOOP) carrying IPv4 or IPv6
//! (optionally fragmented, IPv6 optionally with a Hop-by-Hop header) and TCP segments with
//! valid checksums. Broken files too: a file that ends inside its last record, a wrong
//! length in the last record or block, a snaplen in the header smaller than the records.
//!
//! Nothing here reads captures; tests/capture_writer.rs checks the output with tcpdump and
//! tshark. Addresses are data only: nothing is sent anywhere.
//!
//! A capture in three steps: segments (by hand with [`Segment::new`], or a whole connection
//! with [`connection`] and [`close`], mixed with [`interleave`], [`shuffle`], [`retransmit`]
//! and [`overlap`], times set again with [`retime`]), a [`Writer`] for a [`Format`], and
//! [`Writer::finish`]:
//!
//! ```ignore
//! let conn = pcap::connection(client, server, 1000, 0, &hello, &[5, 100], true);
//! let mut writer = pcap::Writer::new(pcap::Format::pcap(pcap::Link::ethernet()));
//! conn.iter().for_each(|s| writer.push(s));
//! let bytes = writer.finish();
//! ```

#![allow(dead_code, unreachable_pub)]

use std::net::{IpAddr, SocketAddr};

/// TCP flag bits, to be or-ed together in [`Segment::flags`].
pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

/// The TCP window every segment advertises.
pub const WINDOW: u16 = 0xFFFF;

/// The link layer of an interface, with the LINKTYPE_ number [`Link::linktype`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// LINKTYPE_ETHERNET (1): MAC addresses `02:00:00:00:00:NN` (NN the last byte of the IP
    /// address), then one 802.1Q tag (TPID 0x8100) per VLAN id; with two or more ids the
    /// outer ones are 802.1ad service tags (0x88A8) and the last is 0x8100 (QinQ). Ids are
    /// 12 bits (priority and DEI 0).
    Ethernet { vlans: Vec<u16> },
    /// LINKTYPE_LINUX_SLL (113): the 16-byte cooked header (packet type 0 "to us", ARPHRD 1,
    /// the 6-byte source MAC, protocol 0x0800 or 0x86DD).
    Sll,
    /// LINKTYPE_LINUX_SLL2 (276): the 20-byte cooked header (protocol, interface index 1,
    /// ARPHRD 1, packet type 0, the 6-byte source MAC).
    Sll2,
    /// LINKTYPE_RAW (101): the IP packet alone, v4 or v6 by its first nibble.
    Raw,
    /// LINKTYPE_IPV4 (228): raw IPv4 only.
    RawV4,
    /// LINKTYPE_IPV6 (229): raw IPv6 only.
    RawV6,
    /// LINKTYPE_NULL (0): a 4-byte address family in the byte order of the file (the
    /// capturing host's): 2 for IPv4, `ipv6_family` for IPv6 (24 NetBSD/OpenBSD, 28 FreeBSD,
    /// 30 macOS).
    Null { ipv6_family: u32 },
    /// LINKTYPE_LOOP (108): as NULL, the family always big-endian (OpenBSD).
    Loop { ipv6_family: u32 },
}

impl Link {
    /// Ethernet without VLAN tags.
    pub fn ethernet() -> Link {
        Link::Ethernet { vlans: Vec::new() }
    }

    /// The LINKTYPE_ number pcap headers and pcapng interface blocks carry.
    pub fn linktype(&self) -> u16 {
        match self {
            Link::Ethernet { .. } => 1,
            Link::Sll => 113,
            Link::Sll2 => 276,
            Link::Raw => 101,
            Link::RawV4 => 228,
            Link::RawV6 => 229,
            Link::Null { .. } => 0,
            Link::Loop { .. } => 108,
        }
    }

    /// The frame carrying an IP packet on this link (`big_endian` is the file's byte order,
    /// which only NULL uses). Panics when RawV4 or RawV6 gets the other IP version.
    pub fn frame(&self, ip: &[u8], big_endian: bool) -> Vec<u8> {
        let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
        let ethertype: u16 = if v6 { 0x86DD } else { 0x0800 };
        let mac = source_mac(ip);
        let mut out = Vec::with_capacity(ip.len() + 24);
        match self {
            Link::Ethernet { vlans } => {
                out.extend([0x02, 0, 0, 0, 0, dest_mac_byte(ip)]);
                out.extend(mac);
                for (i, id) in vlans.iter().enumerate() {
                    let tpid: u16 = if i + 1 == vlans.len() { 0x8100 } else { 0x88A8 };
                    out.extend(tpid.to_be_bytes());
                    out.extend((id & 0x0FFF).to_be_bytes());
                }
                out.extend(ethertype.to_be_bytes());
            }
            Link::Sll => {
                out.extend([0, 0, 0, 1, 0, 6]);
                out.extend(mac);
                out.extend([0, 0]);
                out.extend(ethertype.to_be_bytes());
            }
            Link::Sll2 => {
                out.extend(ethertype.to_be_bytes());
                out.extend([0, 0, 0, 0, 0, 1, 0, 1, 0, 6]);
                out.extend(mac);
                out.extend([0, 0]);
            }
            Link::Raw => {}
            Link::RawV4 => assert!(!v6, "LINKTYPE_IPV4 carries IPv4 only"),
            Link::RawV6 => assert!(v6, "LINKTYPE_IPV6 carries IPv6 only"),
            Link::Null { ipv6_family } => {
                let family = if v6 { *ipv6_family } else { 2 };
                out.extend(if big_endian { family.to_be_bytes() } else { family.to_le_bytes() });
            }
            Link::Loop { ipv6_family } => {
                let family = if v6 { *ipv6_family } else { 2 };
                out.extend(family.to_be_bytes());
            }
        }
        out.extend_from_slice(ip);
        out
    }
}

/// The MAC address `02:00:00:00:00:NN`, NN the last byte of the packet's source address.
fn source_mac(ip: &[u8]) -> [u8; 6] {
    let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
    let last = if v6 { ip.get(23) } else { ip.get(15) };
    [0x02, 0, 0, 0, 0, last.copied().unwrap_or(0)]
}

/// The last byte of the packet's destination address (of its MAC address).
fn dest_mac_byte(ip: &[u8]) -> u8 {
    let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
    let last = if v6 { ip.get(39) } else { ip.get(19) };
    last.copied().unwrap_or(0)
}

/// One pcapng interface: its link, the snaplen its packets are cut at (0: no limit) and its
/// `if_tsresol` byte (`None`: no option, so microseconds; `Some(n)`: 10^-n seconds, or
/// 2^-(n & 0x7F) when the high bit is set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    pub link: Link,
    pub snaplen: u32,
    pub tsresol: Option<u8>,
}

impl Interface {
    /// Microsecond timestamps, written as `if_tsresol` 6.
    pub fn micros(link: Link, snaplen: u32) -> Interface {
        Interface { link, snaplen, tsresol: Some(6) }
    }

    /// Nanosecond timestamps (`if_tsresol` 9).
    pub fn nanos(link: Link, snaplen: u32) -> Interface {
        Interface { link, snaplen, tsresol: Some(9) }
    }

    /// A timestamp in this interface's units.
    fn ticks(&self, time_ns: u64) -> u64 {
        let resol = self.tsresol.unwrap_or(6);
        let exponent = u32::from(resol & 0x7F);
        let ticks = if resol & 0x80 == 0 {
            let scale = 10u128.pow(exponent);
            u128::from(time_ns) * scale / 1_000_000_000
        } else {
            (u128::from(time_ns) << exponent) / 1_000_000_000
        };
        u64::try_from(ticks).expect("a timestamp that fits 64 bits in the interface's units")
    }
}

/// The file format and what its header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Classic pcap: magic 0xA1B2C3D4 (microseconds) or 0xA1B23C4D (`nanos`), written
    /// big- or little-endian, version 2.4; packets longer than `snaplen` are cut to it.
    Pcap { link: Link, big_endian: bool, nanos: bool, snaplen: u32 },
    /// pcapng: one section (byte-order magic 0x1A2B3C4D written big- or little-endian, an
    /// `shb_userappl` option), then an interface description block per interface, in order
    /// (ids 0, 1, ...), each with `if_name` and its `if_tsresol`.
    PcapNg { big_endian: bool, interfaces: Vec<Interface> },
}

impl Format {
    /// Little-endian microsecond pcap, snaplen 262144 (what tcpdump writes by default).
    pub fn pcap(link: Link) -> Format {
        Format::Pcap { link, big_endian: false, nanos: false, snaplen: 262_144 }
    }

    /// Little-endian pcapng with one microsecond interface of snaplen 262144.
    pub fn pcapng(link: Link) -> Format {
        Format::PcapNg { big_endian: false, interfaces: vec![Interface::micros(link, 262_144)] }
    }

    fn big_endian(&self) -> bool {
        match self {
            Format::Pcap { big_endian, .. } | Format::PcapNg { big_endian, .. } => *big_endian,
        }
    }
}

/// How an IP packet is fragmented: fragment payloads of at most `max_payload` bytes (rounded
/// down to a multiple of 8, at least 8), the fragments recorded in order or, with
/// `shuffle: Some(seed)`, in an order the seed picks (the same seed, the same order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fragments {
    pub max_payload: usize,
    pub shuffle: Option<u64>,
}

/// One TCP segment and how it is carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Nanoseconds since the epoch (cut to the file's resolution).
    pub time_ns: u64,
    /// The pcapng interface id (0 for pcap).
    pub interface: u32,
    /// Both IPv4 or both IPv6.
    pub src: SocketAddr,
    pub dst: SocketAddr,
    pub seq: u32,
    pub ack: u32,
    /// [`SYN`], [`ACK`], ... or-ed together. A SYN carries an MSS option (1460).
    pub flags: u8,
    pub payload: Vec<u8>,
    /// IPv6 only: an 8-byte Hop-by-Hop options header (PadN) before TCP (or before the
    /// Fragment header).
    pub hop_by_hop: bool,
    /// IP fragmentation: IPv4 fragments (identification, MF, offsets), or for IPv6 a
    /// Fragment header in each fragment (the Hop-by-Hop header, if any, before it, in every
    /// fragment).
    pub fragment: Option<Fragments>,
    /// pcapng only: a simple packet block (interface 0 only, no timestamp) instead of an
    /// enhanced one. Ignored in pcap files.
    pub simple: bool,
}

impl Segment {
    /// A segment at time 0 on interface 0, unfragmented, no extension header.
    pub fn new(src: SocketAddr, dst: SocketAddr, seq: u32, ack: u32, flags: u8, payload: &[u8]) -> Segment {
        Segment {
            time_ns: 0,
            interface: 0,
            src,
            dst,
            seq,
            ack,
            flags,
            payload: payload.to_vec(),
            hop_by_hop: false,
            fragment: None,
            simple: false,
        }
    }

    /// The sequence number just past this segment (payload, SYN and FIN each count).
    pub fn end(&self) -> u32 {
        let len = u32::try_from(self.payload.len()).expect("a payload under 4 GiB");
        let syn = u32::from(self.flags & SYN != 0);
        let fin = u32::from(self.flags & FIN != 0);
        self.seq.wrapping_add(len).wrapping_add(syn).wrapping_add(fin)
    }

    /// The TCP header and payload, checksum included.
    pub fn tcp(&self) -> Vec<u8> {
        let mut options = Vec::new();
        if self.flags & SYN != 0 {
            options.extend([2, 4, 0x05, 0xB4]);
        }
        let header_len = 20 + options.len();
        let mut tcp = Vec::with_capacity(header_len + self.payload.len());
        tcp.extend(self.src.port().to_be_bytes());
        tcp.extend(self.dst.port().to_be_bytes());
        tcp.extend(self.seq.to_be_bytes());
        tcp.extend(self.ack.to_be_bytes());
        tcp.push(u8::try_from(header_len / 4).expect("a short TCP header") << 4);
        tcp.push(self.flags);
        tcp.extend(WINDOW.to_be_bytes());
        tcp.extend([0, 0, 0, 0]);
        tcp.extend(options);
        tcp.extend_from_slice(&self.payload);
        let sum = checksum(&[&pseudo_header(self.src.ip(), self.dst.ip(), 6, tcp.len()), &tcp]);
        tcp[16..18].copy_from_slice(&sum.to_be_bytes());
        tcp
    }

    /// The IP packets carrying this segment, in the order they are recorded: one, or the
    /// fragments (`id` is the IPv4 identification, cut to 16 bits, or the IPv6 fragment id).
    pub fn ip_packets(&self, id: u32) -> Vec<Vec<u8>> {
        let tcp = self.tcp();
        let hop_by_hop = self.hop_by_hop.then_some(HOP_BY_HOP);
        match self.fragment {
            None => {
                let id16 = u16::try_from(id & 0xFFFF).expect("masked to 16 bits");
                vec![ip_packet(self.src.ip(), self.dst.ip(), 6, &tcp, hop_by_hop, id16)]
            }
            Some(f) => {
                let mut packets = fragment(self.src.ip(), self.dst.ip(), 6, &tcp, hop_by_hop, f.max_payload, id);
                if let Some(seed) = f.shuffle {
                    shuffle_slice(&mut packets, seed);
                }
                packets
            }
        }
    }
}

/// The Hop-by-Hop options header the writer uses: next header (patched), length 0 (8 bytes),
/// a PadN option of 4 bytes.
const HOP_BY_HOP: [u8; 8] = [0, 0, 1, 4, 0, 0, 0, 0];

/// The Internet checksum of these bytes taken together (each chunk of even length but the
/// last).
pub fn checksum(chunks: &[&[u8]]) -> u16 {
    let mut sum: u64 = 0;
    for chunk in chunks {
        let mut pairs = chunk.chunks_exact(2);
        for pair in &mut pairs {
            sum += u64::from(u16::from_be_bytes([pair[0], pair[1]]));
        }
        if let [last] = pairs.remainder() {
            sum += u64::from(u16::from_be_bytes([*last, 0]));
        }
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !u16::try_from(sum).expect("folded to 16 bits")
}

/// The TCP/UDP pseudo-header for this upper-layer protocol and length.
fn pseudo_header(src: IpAddr, dst: IpAddr, protocol: u8, len: usize) -> Vec<u8> {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let mut out = s.octets().to_vec();
            out.extend(d.octets());
            out.extend([0, protocol]);
            out.extend(u16::try_from(len).expect("an IPv4 payload under 64 KiB").to_be_bytes());
            out
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let mut out = s.octets().to_vec();
            out.extend(d.octets());
            out.extend(u32::try_from(len).expect("a payload under 4 GiB").to_be_bytes());
            out.extend([0, 0, 0, protocol]);
            out
        }
        _ => panic!("source {src} and destination {dst} are not the same IP version"),
    }
}

/// An IPv4 header (no options, TTL 64, checksum set).
fn ipv4_header(src: [u8; 4], dst: [u8; 4], protocol: u8, payload_len: usize, id: u16, flags_offset: u16) -> Vec<u8> {
    let total = u16::try_from(20 + payload_len).expect("an IPv4 packet under 64 KiB");
    let mut h = vec![0x45, 0];
    h.extend(total.to_be_bytes());
    h.extend(id.to_be_bytes());
    h.extend(flags_offset.to_be_bytes());
    h.extend([64, protocol, 0, 0]);
    h.extend(src);
    h.extend(dst);
    let sum = checksum(&[&h]);
    h[10..12].copy_from_slice(&sum.to_be_bytes());
    h
}

/// An IPv6 header (hop limit 64) for a payload of this length after it.
fn ipv6_header(src: [u8; 16], dst: [u8; 16], next: u8, payload_len: usize) -> Vec<u8> {
    let mut h = vec![0x60, 0, 0, 0];
    h.extend(u16::try_from(payload_len).expect("an IPv6 payload under 64 KiB").to_be_bytes());
    h.extend([next, 64]);
    h.extend(src);
    h.extend(dst);
    h
}

/// One whole IP packet around an upper-layer payload: IPv4 with identification `id` and DF
/// set, or IPv6 (`id` unused) with `hop_by_hop` (IPv6 only) before the payload.
pub fn ip_packet(
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    payload: &[u8],
    hop_by_hop: Option<[u8; 8]>,
    id: u16,
) -> Vec<u8> {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            assert!(hop_by_hop.is_none(), "a Hop-by-Hop header is IPv6 only");
            let mut p = ipv4_header(s.octets(), d.octets(), protocol, payload.len(), id, 0x4000);
            p.extend_from_slice(payload);
            p
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let ext = hop_by_hop.map(|mut h| {
                h[0] = protocol;
                h
            });
            let ext_len = ext.map_or(0, |h| h.len());
            let next = if ext.is_some() { 0 } else { protocol };
            let mut p = ipv6_header(s.octets(), d.octets(), next, ext_len + payload.len());
            p.extend(ext.iter().flatten());
            p.extend_from_slice(payload);
            p
        }
        _ => panic!("source {src} and destination {dst} are not the same IP version"),
    }
}

/// The fragments of one IP packet, in order: fragment payloads of at most `max` bytes (down
/// to a multiple of 8). IPv4: identification `id` (low 16 bits), MF on all but the last,
/// offsets in 8-byte units, DF clear. IPv6: a Fragment header (id, offset, M) after the
/// Hop-by-Hop header when there is one.
pub fn fragment(
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    payload: &[u8],
    hop_by_hop: Option<[u8; 8]>,
    max: usize,
    id: u32,
) -> Vec<Vec<u8>> {
    let step = max / 8 * 8;
    assert!(step >= 8, "fragments carry at least 8 bytes, not {max}");
    let chunks: Vec<&[u8]> = if payload.is_empty() { vec![payload] } else { payload.chunks(step).collect() };
    let last = chunks.len() - 1;
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let offset = u16::try_from(i * step / 8).expect("a fragment offset under 8192");
            let more = u16::from(i != last);
            match (src, dst) {
                (IpAddr::V4(s), IpAddr::V4(d)) => {
                    assert!(hop_by_hop.is_none(), "a Hop-by-Hop header is IPv6 only");
                    let id16 = u16::try_from(id & 0xFFFF).expect("masked to 16 bits");
                    let mut p = ipv4_header(s.octets(), d.octets(), protocol, chunk.len(), id16, more << 13 | offset);
                    p.extend_from_slice(chunk);
                    p
                }
                (IpAddr::V6(s), IpAddr::V6(d)) => {
                    let mut frag = vec![protocol, 0];
                    frag.extend((offset << 3 | more).to_be_bytes());
                    frag.extend(id.to_be_bytes());
                    let mut ext = Vec::new();
                    let mut next = 44;
                    if let Some(mut h) = hop_by_hop {
                        h[0] = 44;
                        ext.extend(h);
                        next = 0;
                    }
                    ext.extend(frag);
                    let mut p = ipv6_header(s.octets(), d.octets(), next, ext.len() + chunk.len());
                    p.extend(ext);
                    p.extend_from_slice(chunk);
                    p
                }
                _ => panic!("source {src} and destination {dst} are not the same IP version"),
            }
        })
        .collect()
}

/// A UDP datagram in an IP packet, checksum set.
pub fn udp_packet(src: SocketAddr, dst: SocketAddr, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(8 + payload.len()).expect("a UDP datagram under 64 KiB");
    let mut udp = src.port().to_be_bytes().to_vec();
    udp.extend(dst.port().to_be_bytes());
    udp.extend(len.to_be_bytes());
    udp.extend([0, 0]);
    udp.extend_from_slice(payload);
    let sum = match checksum(&[&pseudo_header(src.ip(), dst.ip(), 17, udp.len()), &udp]) {
        0 => 0xFFFF,
        sum => sum,
    };
    udp[6..8].copy_from_slice(&sum.to_be_bytes());
    ip_packet(src.ip(), dst.ip(), 17, &udp, None, 0)
}

/// An Ethernet ARP request (who has `target`, tell `sender`), broadcast, no VLAN tag.
pub fn arp_frame(sender: [u8; 4], target: [u8; 4]) -> Vec<u8> {
    let mac = [0x02, 0, 0, 0, 0, sender[3]];
    let mut out = vec![0xFF; 6];
    out.extend(mac);
    out.extend([0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]);
    out.extend(mac);
    out.extend(sender);
    out.extend([0; 6]);
    out.extend(target);
    out
}

/// Integers in the file's byte order.
struct Order(bool);

impl Order {
    fn u16(&self, v: u16) -> [u8; 2] {
        if self.0 { v.to_be_bytes() } else { v.to_le_bytes() }
    }

    fn u32(&self, v: u32) -> [u8; 4] {
        if self.0 { v.to_be_bytes() } else { v.to_le_bytes() }
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).expect("a length under 4 GiB")
}

/// Zero bytes up to a multiple of 4.
fn pad4(out: &mut Vec<u8>) {
    while out.len() % 4 != 0 {
        out.push(0);
    }
}

/// A capture being written: the header comes from the [`Format`], the records (pcap) or
/// blocks (pcapng) are kept in push order until [`Writer::finish`].
#[derive(Debug)]
pub struct Writer {
    format: Format,
    /// Per interface, the snaplen the header or interface block says (normally the one
    /// packets are cut at; see [`Writer::claim_snaplen`]).
    claimed: Vec<u32>,
    /// Each record or block, whole.
    records: Vec<Vec<u8>>,
    /// The next IP identification / IPv6 fragment id.
    next_id: u32,
    /// Frames shorter than this get zero bytes added (Ethernet's 60-byte minimum).
    pad: usize,
}

impl Writer {
    /// A writer of this format, no records yet.
    pub fn new(format: Format) -> Writer {
        let claimed = match &format {
            Format::Pcap { snaplen, .. } => vec![*snaplen],
            Format::PcapNg { interfaces, .. } => interfaces.iter().map(|i| i.snaplen).collect(),
        };
        Writer { format, claimed, records: Vec::new(), next_id: 0x1234, pad: 0 }
    }

    /// Frames written from now on are padded with zero bytes to at least `len` bytes (60 is
    /// Ethernet's minimum without FCS, as real captures of small frames show), so a reader
    /// must use the IP length, not the frame's.
    pub fn pad_to(&mut self, len: usize) {
        self.pad = len;
    }

    /// The header (pcap) or interface block (pcapng) of `interface` says `snaplen`, while
    /// packets are still cut at the format's snaplen: a smaller claim makes records longer
    /// than the header allows.
    pub fn claim_snaplen(&mut self, interface: u32, snaplen: u32) {
        let index = usize::try_from(interface).expect("an interface id that fits usize");
        *self.claimed.get_mut(index).expect("an interface the format has") = snaplen;
    }

    /// How many records or blocks have been pushed (the header and interface blocks not
    /// counted).
    pub fn records(&self) -> usize {
        self.records.len()
    }

    fn link(&self, interface: u32) -> &Link {
        match &self.format {
            Format::Pcap { link, .. } => {
                assert_eq!(interface, 0, "a pcap file has interface 0 only");
                link
            }
            Format::PcapNg { interfaces, .. } => {
                let index = usize::try_from(interface).expect("an interface id that fits usize");
                &interfaces.get(index).expect("an interface the format has").link
            }
        }
    }

    /// Pushes a segment: its IP packet or fragments (each a record, same timestamp) on the
    /// link of its interface. Each segment takes the next IP identification (IPv4, from
    /// 0x1234 up) or fragment id (IPv6).
    pub fn push(&mut self, segment: &Segment) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        for ip in segment.ip_packets(id) {
            let frame = self.link(segment.interface).frame(&ip, self.format.big_endian());
            if segment.simple && matches!(self.format, Format::PcapNg { .. }) {
                assert_eq!(segment.interface, 0, "a simple packet block is for interface 0");
                self.push_simple_frame(&frame);
            } else {
                self.push_frame(segment.interface, segment.time_ns, &frame);
            }
        }
    }

    /// Pushes an IP packet (UDP, a hand-made fragment, ...) in the interface's link header.
    pub fn push_ip(&mut self, interface: u32, time_ns: u64, ip: &[u8]) {
        let frame = self.link(interface).frame(ip, self.format.big_endian());
        self.push_frame(interface, time_ns, &frame);
    }

    /// Pushes a whole link-layer frame as it is (an ARP frame, garbage, ...): a pcap record
    /// or an enhanced packet block, cut at the interface's snaplen.
    pub fn push_frame(&mut self, interface: u32, time_ns: u64, frame: &[u8]) {
        let frame = self.padded(frame);
        let order = Order(self.format.big_endian());
        let mut out = Vec::new();
        match &self.format {
            Format::Pcap { nanos, snaplen, .. } => {
                assert_eq!(interface, 0, "a pcap file has interface 0 only");
                let secs = u32::try_from(time_ns / 1_000_000_000).expect("a time before 2106");
                let frac = time_ns % 1_000_000_000;
                let frac = if *nanos { frac } else { frac / 1000 };
                let kept = frame.len().min(usize::try_from(*snaplen).expect("a snaplen that fits usize"));
                out.extend(order.u32(secs));
                out.extend(order.u32(u32::try_from(frac).expect("under a second")));
                out.extend(order.u32(len32(kept)));
                out.extend(order.u32(len32(frame.len())));
                out.extend_from_slice(&frame[..kept]);
            }
            Format::PcapNg { interfaces, .. } => {
                let index = usize::try_from(interface).expect("an interface id that fits usize");
                let iface = interfaces.get(index).expect("an interface the format has");
                let ticks = iface.ticks(time_ns);
                let kept = cut(&frame, iface.snaplen);
                let mut body = Vec::new();
                body.extend(order.u32(interface));
                body.extend(order.u32(u32::try_from(ticks >> 32).expect("the high half")));
                body.extend(order.u32(u32::try_from(ticks & 0xFFFF_FFFF).expect("the low half")));
                body.extend(order.u32(len32(kept.len())));
                body.extend(order.u32(len32(frame.len())));
                body.extend_from_slice(kept);
                pad4(&mut body);
                out = block(&order, 6, &body);
            }
        }
        self.records.push(out);
    }

    /// Pushes a frame as a pcapng simple packet block (interface 0, no timestamp, the
    /// original length; the data cut at interface 0's snaplen). Panics on pcap.
    pub fn push_simple_frame(&mut self, frame: &[u8]) {
        let frame = self.padded(frame);
        let order = Order(self.format.big_endian());
        let Format::PcapNg { interfaces, .. } = &self.format else { panic!("simple packet blocks are pcapng only") };
        let snaplen = interfaces.first().expect("an interface 0").snaplen;
        let mut body = order.u32(len32(frame.len())).to_vec();
        body.extend_from_slice(cut(&frame, snaplen));
        pad4(&mut body);
        self.records.push(block(&order, 3, &body));
    }

    /// Pushes a pcapng block of any type around `body` (padded to 4 bytes): an interface
    /// statistics block, a custom block (0x00000BAD, 0x40000BAD), a type no reader knows.
    /// Panics on pcap.
    pub fn push_block(&mut self, block_type: u32, body: &[u8]) {
        assert!(matches!(self.format, Format::PcapNg { .. }), "blocks are pcapng only");
        let order = Order(self.format.big_endian());
        let mut body = body.to_vec();
        pad4(&mut body);
        self.records.push(block(&order, block_type, &body));
    }

    /// Pushes a name resolution block (type 4): one IPv4 or IPv6 record per entry, then the
    /// end record.
    pub fn push_names(&mut self, entries: &[(IpAddr, &str)]) {
        let order = Order(self.format.big_endian());
        let mut body = Vec::new();
        for (ip, name) in entries {
            let (kind, mut value) = match ip {
                IpAddr::V4(a) => (1, a.octets().to_vec()),
                IpAddr::V6(a) => (2, a.octets().to_vec()),
            };
            value.extend(name.as_bytes());
            value.push(0);
            body.extend(order.u16(kind));
            body.extend(order.u16(u16::try_from(value.len()).expect("a short name")));
            body.extend(&value);
            pad4(&mut body);
        }
        body.extend([0, 0, 0, 0]);
        self.push_block(4, &body);
    }

    /// Pushes a pcapng custom block that may be copied (type 0x00000BAD) with this Private
    /// Enterprise Number (32473 is the one for documentation, RFC 5612) and data.
    pub fn push_custom(&mut self, pen: u32, data: &[u8]) {
        let mut body = Order(self.format.big_endian()).u32(pen).to_vec();
        body.extend_from_slice(data);
        self.push_block(0x0000_0BAD, &body);
    }

    /// The last record's length field says `len`, its bytes unchanged: pcap's included
    /// length, or the leading total length of the last pcapng block (the trailing copy
    /// keeps the true length).
    pub fn claim_last_length(&mut self, len: u32) {
        let order = Order(self.format.big_endian());
        let at = match self.format {
            Format::Pcap { .. } => 8,
            Format::PcapNg { .. } => 4,
        };
        let last = self.records.last_mut().expect("a record to change");
        last[at..at + 4].copy_from_slice(&order.u32(len));
    }

    fn padded(&self, frame: &[u8]) -> Vec<u8> {
        let mut frame = frame.to_vec();
        if frame.len() < self.pad {
            frame.resize(self.pad, 0);
        }
        frame
    }

    /// The file: header (pcap) or section header and interface blocks (pcapng), then the
    /// records in push order.
    pub fn finish(self) -> Vec<u8> {
        let order = Order(self.format.big_endian());
        let mut out = Vec::new();
        match &self.format {
            Format::Pcap { link, nanos, .. } => {
                out.extend(order.u32(if *nanos { 0xA1B2_3C4D } else { 0xA1B2_C3D4 }));
                out.extend(order.u16(2));
                out.extend(order.u16(4));
                out.extend([0; 8]);
                out.extend(order.u32(self.claimed[0]));
                out.extend(order.u32(u32::from(link.linktype())));
            }
            Format::PcapNg { interfaces, .. } => {
                let mut shb = order.u32(0x1A2B_3C4D).to_vec();
                shb.extend(order.u16(1));
                shb.extend(order.u16(0));
                shb.extend([0xFF; 8]);
                shb.extend(option(&order, 4, b"tls-policy tests"));
                shb.extend([0; 4]);
                out.extend(block(&order, 0x0A0D_0D0A, &shb));
                for (i, (iface, claimed)) in interfaces.iter().zip(&self.claimed).enumerate() {
                    let mut idb = order.u16(iface.link.linktype()).to_vec();
                    idb.extend([0, 0]);
                    idb.extend(order.u32(*claimed));
                    idb.extend(option(&order, 2, format!("if{i}").as_bytes()));
                    if let Some(resol) = iface.tsresol {
                        idb.extend(option(&order, 9, &[resol]));
                    }
                    idb.extend([0; 4]);
                    out.extend(block(&order, 1, &idb));
                }
            }
        }
        for record in &self.records {
            out.extend(record);
        }
        out
    }

    /// The file ending `keep` bytes into its last record (0 < `keep` < that record's
    /// length): inside the record header when `keep` is smaller than it, else inside the
    /// packet data.
    pub fn finish_cut(self, keep: usize) -> Vec<u8> {
        let last = self.records.last().expect("a record to cut").len();
        assert!(0 < keep && keep < last, "keep {keep} is not inside a record of {last} bytes");
        let mut out = self.finish();
        out.truncate(out.len() - last + keep);
        out
    }
}

/// The first `snaplen` bytes of a frame (all when `snaplen` is 0, as pcapng means it).
fn cut(frame: &[u8], snaplen: u32) -> &[u8] {
    match usize::try_from(snaplen).expect("a snaplen that fits usize") {
        0 => frame,
        n => &frame[..frame.len().min(n)],
    }
}

/// A pcapng block: type, total length, body (already padded), total length.
fn block(order: &Order, block_type: u32, body: &[u8]) -> Vec<u8> {
    let total = len32(body.len() + 12);
    let mut out = order.u32(block_type).to_vec();
    out.extend(order.u32(total));
    out.extend_from_slice(body);
    out.extend(order.u32(total));
    out
}

/// A pcapng option: code, length, value padded to 4 bytes.
fn option(order: &Order, code: u16, value: &[u8]) -> Vec<u8> {
    let mut out = order.u16(code).to_vec();
    out.extend(order.u16(u16::try_from(value.len()).expect("a short option")));
    out.extend_from_slice(value);
    pad4(&mut out);
    out
}

/// The server's initial sequence number in a [`connection`] whose client starts at `isn`.
pub fn server_isn(isn: u32) -> u32 {
    !isn
}

/// One TCP connection's packets, 1 ms apart from `start_ns`, on interface 0: when
/// `with_handshake`, SYN (seq `isn`), SYN-ACK (seq [`server_isn`]) and ACK; then
/// `client_data` cut at the offsets `cuts` (sorted, repeats and out-of-range offsets
/// dropped) into PSH-ACK segments numbered from `isn + 1` as if the handshake had happened,
/// each answered by the server's ACK of everything so far.
pub fn connection(
    client: SocketAddr,
    server: SocketAddr,
    isn: u32,
    start_ns: u64,
    client_data: &[u8],
    cuts: &[usize],
    with_handshake: bool,
) -> Vec<Segment> {
    let s_isn = server_isn(isn);
    let mut out = Vec::new();
    if with_handshake {
        out.push(Segment::new(client, server, isn, 0, SYN, &[]));
        out.push(Segment::new(server, client, s_isn, isn.wrapping_add(1), SYN | ACK, &[]));
        out.push(Segment::new(client, server, isn.wrapping_add(1), s_isn.wrapping_add(1), ACK, &[]));
    }
    let mut bounds: Vec<usize> = cuts.iter().copied().filter(|&c| 0 < c && c < client_data.len()).collect();
    bounds.sort_unstable();
    bounds.dedup();
    bounds.insert(0, 0);
    bounds.push(client_data.len());
    for pair in bounds.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if from == to {
            continue;
        }
        let seq = isn.wrapping_add(1).wrapping_add(len32(from));
        let acked = isn.wrapping_add(1).wrapping_add(len32(to));
        out.push(Segment::new(client, server, seq, s_isn.wrapping_add(1), PSH | ACK, &client_data[from..to]));
        out.push(Segment::new(server, client, s_isn.wrapping_add(1), acked, ACK, &[]));
    }
    retime(&mut out, start_ns, 1_000_000);
    out
}

/// The segments that end a connection built by [`connection`] (call it before mixing the
/// segments): client FIN-ACK, server FIN-ACK, client ACK, or with `reset` a client RST-ACK
/// alone; timed 1 ms apart after the last segment.
pub fn close(conn: &[Segment], reset: bool) -> Vec<Segment> {
    let first = conn.first().expect("a connection to close");
    let (client, server) =
        if first.flags & (SYN | ACK) == SYN | ACK { (first.dst, first.src) } else { (first.src, first.dst) };
    let next =
        |from: SocketAddr, fallback: u32| conn.iter().rev().find(|s| s.src == from).map_or(fallback, Segment::end);
    let c_seq = next(client, first.seq);
    let s_seq = next(server, first.ack);
    let time = conn.last().map_or(0, |s| s.time_ns);
    let mut out = if reset {
        vec![Segment::new(client, server, c_seq, s_seq, RST | ACK, &[])]
    } else {
        vec![
            Segment::new(client, server, c_seq, s_seq, FIN | ACK, &[]),
            Segment::new(server, client, s_seq, c_seq.wrapping_add(1), FIN | ACK, &[]),
            Segment::new(client, server, c_seq.wrapping_add(1), s_seq.wrapping_add(1), ACK, &[]),
        ]
    };
    retime(&mut out, time + 1_000_000, 1_000_000);
    out
}

/// Sets the times of these segments in their order: `start_ns`, then `step_ns` apart.
pub fn retime(segments: &mut [Segment], start_ns: u64, step_ns: u64) {
    let mut time = start_ns;
    for s in segments {
        s.time_ns = time;
        time += step_ns;
    }
}

/// A copy of `conn[index]` inserted at position `at` (`index < at <= len`), as a
/// retransmission, timed 1 us after the segment before it.
pub fn retransmit(conn: &mut Vec<Segment>, index: usize, at: usize) {
    assert!(index < at && at <= conn.len(), "retransmit {index} at {at} in {} segments", conn.len());
    let mut copy = conn[index].clone();
    copy.time_ns = conn[at - 1].time_ns + 1000;
    conn.insert(at, copy);
}

/// A segment re-sent over the data of `conn[index]` and half of the data segments before
/// and after it in the same direction (when there are some): the same bytes at the same
/// sequence numbers, inserted after that next data segment (or after `index`), timed 1 us
/// after the segment before it.
pub fn overlap(conn: &mut Vec<Segment>, index: usize) {
    let this = conn[index].clone();
    assert!(!this.payload.is_empty(), "segment {index} carries no data to overlap");
    let same = |s: &Segment| s.src == this.src && s.dst == this.dst && !s.payload.is_empty();
    let prev = conn[..index].iter().rposition(same);
    let next = conn[index + 1..].iter().position(same).map(|i| i + index + 1);
    let mut copy = this.clone();
    if let Some(p) = prev {
        let p = &conn[p];
        let half = p.payload.len() / 2;
        copy.seq = p.seq.wrapping_add(len32(half));
        copy.payload = [&p.payload[half..], &this.payload[..]].concat();
    }
    if let Some(n) = next {
        let n = &conn[n];
        copy.payload.extend_from_slice(&n.payload[..n.payload.len().div_ceil(2)]);
    }
    let at = next.unwrap_or(index) + 1;
    copy.time_ns = conn[at - 1].time_ns + 1000;
    conn.insert(at, copy);
}

/// Several connections' segments merged, each connection's own order kept: `order` lists
/// connection indices, each entry taking that connection's next segment (entries naming a
/// finished or missing connection are skipped); what is left is appended connection by
/// connection. Times are left as they were (see [`retime`]).
pub fn interleave(conns: Vec<Vec<Segment>>, order: &[usize]) -> Vec<Segment> {
    let mut queues: Vec<std::collections::VecDeque<Segment>> = conns.into_iter().map(Into::into).collect();
    let mut out = Vec::new();
    for &i in order {
        if let Some(s) = queues.get_mut(i).and_then(|q| q.pop_front()) {
            out.push(s);
        }
    }
    for q in queues {
        out.extend(q);
    }
    out
}

/// Out-of-order delivery: each run of `window` consecutive segments put in an order the
/// seed picks, so none moves by `window` places or more. Times are left as they were (see
/// [`retime`]).
pub fn shuffle(segments: &mut [Segment], window: usize, seed: u64) {
    assert!(window > 0, "a window of at least 1");
    let mut state = seed;
    for run in segments.chunks_mut(window) {
        shuffle_with(run, &mut state);
    }
}

/// The items in an order the seed picks (Fisher-Yates on splitmix64).
pub fn shuffle_slice<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    shuffle_with(items, &mut state);
}

fn shuffle_with<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i + 1).expect("a slice length that fits 64 bits");
        let j = usize::try_from(splitmix64(state) % bound).expect("below a usize length");
        items.swap(i, j);
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
