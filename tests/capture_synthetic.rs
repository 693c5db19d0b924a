//! The capture reader on captures written byte by byte (`tests/support/pcap.rs`, itself
//! checked against tcpdump and tshark in tests/capture_writer.rs): every file format, link
//! type and IP variant; reordering, retransmission, overlap, fragments; and the bad inputs
//! (a truncated file, a corrupt block length, a snaplen cut, a non-TLS flow, a flow that
//! starts mid-hello, a million one-byte segments, a SYN flood) each a hello or a counted
//! skip with its reason, within the reader's limits. A property test: for any bundled
//! hellos, any segmentation and any interleaving, the reassembled hellos are the originals.

#![cfg(feature = "capture")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/pcap.rs"]
mod pcap;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use pcap::{Format, Fragments, Interface, Link, Segment, Writer};
use proptest::prelude::*;
use tls_policy::capture::{CaptureError, CaptureReader, Ended, Event, Limits, SkipReason, Stats};

const HELLOS: [&[u8]; 6] = [
    include_bytes!("data/hellos/openssl_default.bin"),
    include_bytes!("data/hellos/curl_tls1_0.bin"),
    include_bytes!("data/hellos/python_default.bin"),
    include_bytes!("data/hellos/openssl_tls1_2_split_records.bin"),
    include_bytes!("data/hellos/openssl_split_records_3.bin"),
    include_bytes!("data/hellos/openssl_tls1_2_sni.bin"),
];

fn client(i: u16) -> SocketAddr {
    SocketAddr::from(([10, 0, 0, 7], 40_000 + i))
}

fn client6(i: u16) -> SocketAddr {
    format!("[2001:db8::7]:{}", 40_000 + i).parse().unwrap()
}

fn server() -> SocketAddr {
    SocketAddr::from(([192, 0, 2, 1], 443))
}

fn server6() -> SocketAddr {
    "[2001:db8::1]:443".parse().unwrap()
}

/// What a capture gives: the hellos by client, the skips, the stats, the error if any.
struct Read {
    hellos: BTreeMap<SocketAddr, (SocketAddr, Vec<u8>, Option<u64>)>,
    skipped: Vec<(SocketAddr, SkipReason)>,
    stats: Stats,
    error: Option<CaptureError>,
}

fn read_with(bytes: &[u8], limits: Limits) -> Read {
    let mut reader = CaptureReader::with_limits(bytes, limits).unwrap();
    let mut read = Read { hellos: BTreeMap::new(), skipped: Vec::new(), stats: Stats::default(), error: None };
    for event in &mut reader {
        match event {
            Ok(Event::Hello(h)) => {
                let time = h.time.map(|t| t.secs() * 1_000_000_000 + u64::from(t.nanos()));
                assert!(read.hellos.insert(h.client, (h.server, h.bytes, time)).is_none(), "{} twice", h.client);
            }
            Ok(Event::Skipped(s)) => read.skipped.push((s.client, s.reason)),
            Ok(_) => {}
            Err(e) => read.error = Some(e),
        }
    }
    read.stats = reader.stats().clone();
    read
}

fn read(bytes: &[u8]) -> Read {
    read_with(bytes, Limits::default())
}

/// A connection carrying `hello`, with the handshake, cut at `cuts`, then closed.
fn conn(client: SocketAddr, server: SocketAddr, isn: u32, hello: &[u8], cuts: &[usize]) -> Vec<Segment> {
    let mut c = pcap::connection(client, server, isn, 1_700_000_000_000_000_000, hello, cuts, true);
    let close = pcap::close(&c, false);
    c.extend(close);
    c
}

fn write(format: Format, segments: &[Segment]) -> Vec<u8> {
    let mut w = Writer::new(format);
    for s in segments {
        w.push(s);
    }
    w.finish()
}

#[test]
fn every_file_format_and_link_type_gives_the_hellos_back() {
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
    for link in links {
        for v6 in [false, true] {
            let (c, s) = if v6 { (client6(1), server6()) } else { (client(1), server()) };
            let segments = conn(c, s, 7, HELLOS[0], &[100, 200]);
            let formats = [
                Format::pcap(link.clone()),
                Format::Pcap { link: link.clone(), big_endian: true, nanos: true, snaplen: 65_535 },
                Format::pcapng(link.clone()),
                Format::PcapNg { big_endian: true, interfaces: vec![Interface::nanos(link.clone(), 0)] },
            ];
            for format in formats {
                let got = read(&write(format.clone(), &segments));
                let (server, bytes, time) =
                    got.hellos.get(&c).unwrap_or_else(|| panic!("{format:?} v6={v6}: no hello"));
                assert_eq!((server, bytes.as_slice()), (&s, HELLOS[0]), "{format:?}");
                // The segment that completes it: the third data segment, 1 ms apart from the
                // SYN at index 0 (SYN, SYN-ACK, ACK, data, ACK, data, ACK, data).
                assert_eq!(*time, Some(1_700_000_000_000_000_000 + 7_000_000), "{format:?}");
                assert!(got.skipped.is_empty() && got.error.is_none(), "{format:?}: {:?}", got.skipped);
            }
        }
    }
}

#[test]
fn pcapng_with_two_interfaces_simple_blocks_and_blocks_to_skip() {
    let format = Format::PcapNg {
        big_endian: false,
        interfaces: vec![Interface::micros(Link::ethernet(), 262_144), Interface::nanos(Link::Sll2, 0)],
    };
    let mut w = Writer::new(format);
    w.push_names(&[(server().ip(), "dps.example")]);
    let a = conn(client(1), server(), 1, HELLOS[0], &[]);
    let mut b = conn(client(2), server(), 2, HELLOS[2], &[50]);
    for s in &mut b {
        s.interface = 1;
    }
    // Connection 3 in simple packet blocks (interface 0, no time).
    let mut c = conn(client(3), server(), 3, HELLOS[5], &[]);
    for s in &mut c {
        s.simple = true;
    }
    for s in pcap::interleave(vec![a, b, c], &[0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]) {
        w.push(&s);
    }
    w.push_custom(32473, b"a custom block");
    w.push_block(0x0000_0005, &[0; 12]); // interface statistics, too short to mean anything
    let got = read(&w.finish());
    assert_eq!(got.hellos.len(), 3, "{:?}", got.skipped);
    assert_eq!(got.hellos[&client(2)].1, HELLOS[2]);
    assert_eq!(got.hellos[&client(3)].2, None, "a simple packet block has no time");
    assert!(got.error.is_none());
}

#[test]
fn reordered_retransmitted_and_overlapping_segments() {
    // Split records too: the hello spans records and segments.
    let hello = HELLOS[4];
    let mut c = conn(client(1), server(), 0xFFFF_FF00, hello, &[1, 7, 60, 61, 200]); // seq wraps
    pcap::overlap(&mut c, 5);
    pcap::retransmit(&mut c, 3, 6);
    pcap::shuffle(&mut c, 5, 42);
    let got = read(&write(Format::pcap(Link::ethernet()), &c));
    assert_eq!(got.hellos[&client(1)].1, hello);
    assert!(got.skipped.is_empty(), "{:?}", got.skipped);
}

#[test]
fn ip_fragments_v4_and_v6_and_extension_headers() {
    let mut v4 = conn(client(1), server(), 9, HELLOS[2], &[]);
    let mut v6 = conn(client6(2), server6(), 10, HELLOS[0], &[40]);
    for s in v4.iter_mut().chain(v6.iter_mut()) {
        if !s.payload.is_empty() {
            s.fragment = Some(Fragments { max_payload: 96, shuffle: Some(3) });
        }
        s.hop_by_hop = s.src.is_ipv6();
    }
    let got = read(&write(Format::pcap(Link::Raw), &pcap::interleave(vec![v4, v6], &[0, 1, 0, 1, 0, 1, 0, 1])));
    assert_eq!(got.hellos[&client(1)].1, HELLOS[2]);
    assert_eq!(got.hellos[&client6(2)].1, HELLOS[0]);
    assert_eq!(got.stats.fragments_dropped, 0);
}

#[test]
fn a_capture_that_joins_mid_stream_finds_the_hello_or_says_why_not() {
    // No SYN: the hello is found from its record header.
    let whole = pcap::connection(client(1), server(), 5, 0, HELLOS[0], &[], false);
    // No SYN and the first data segment missing: the capture starts mid-hello.
    let mut cut = pcap::connection(client(2), server(), 6, 0, HELLOS[2], &[100], false);
    cut.remove(0);
    let close = pcap::close(&cut, false);
    cut.extend(close);
    let got = read(&write(Format::pcap(Link::ethernet()), &[whole, cut].concat()));
    assert_eq!(got.hellos[&client(1)].1, HELLOS[0]);
    assert!(!got.hellos.contains_key(&client(2)));
    assert_eq!(got.skipped, [(client(2), SkipReason::MidStream)]);
}

#[test]
fn a_non_tls_flow_on_443_is_a_skip_naming_its_first_bytes() {
    let http = conn(client(1), server(), 5, b"GET / HTTP/1.1\r\nHost: dps\r\n\r\n", &[]);
    let got = read(&write(Format::pcap(Link::ethernet()), &http));
    assert!(got.hellos.is_empty());
    assert_eq!(got.skipped, [(client(1), SkipReason::NotTls { first: b"GET / HTTP/1.1\r\n".to_vec() })]);
    assert_eq!(
        got.skipped[0].1.to_string(),
        "not TLS: the client's first bytes are \"GET / HTTP/1.1\\r\\n\"",
        "quoted, escaped"
    );
}

#[test]
fn a_truncated_file_a_snaplen_cut_and_a_corrupt_block_length() {
    let a = conn(client(1), server(), 1, HELLOS[0], &[]);
    let b = conn(client(2), server(), 2, HELLOS[2], &[]);
    let mut w = Writer::new(Format::pcap(Link::ethernet()));
    for s in a.iter().chain(&b[..4]) {
        w.push(s);
    }
    // The file ends 30 bytes into the packet carrying b's hello.
    let got = read(&w.finish_cut(30));
    assert_eq!(got.hellos[&client(1)].1, HELLOS[0]);
    assert!(got.stats.truncated_at.is_some(), "{:?}", got.stats);
    assert!(got.error.is_none(), "a truncated file is not an error: {:?}", got.error);
    // b had only its SYN and ACK: no data, counted.
    assert_eq!(got.stats.no_data, 1);

    // A snaplen of 100 cuts the hello's packet: incomplete, said to be cut.
    let short = Format::Pcap { link: Link::ethernet(), big_endian: false, nanos: false, snaplen: 100 };
    let got = read(&write(short, &a));
    assert!(got.hellos.is_empty());
    match &got.skipped[..] {
        [(c, SkipReason::Incomplete { cut: true, ended: Ended::Closed, received })] => {
            assert_eq!((*c, *received), (client(1), 100 - 14 - 20 - 20));
        }
        other => panic!("{other:?}"),
    }
    assert!(got.skipped[0].1.to_string().contains("snaplen"), "{}", got.skipped[0].1);

    // pcapng whose last block claims 3 GB: the hellos before it, then the error.
    let mut w = Writer::new(Format::pcapng(Link::ethernet()));
    for s in &a {
        w.push(s);
    }
    w.push_frame(0, 0, &[0; 60]);
    w.claim_last_length(3_000_000_000);
    let got = read(&w.finish());
    assert_eq!(got.hellos[&client(1)].1, HELLOS[0]);
    let error = got.error.expect("a corrupt block length is an error");
    assert!(error.to_string().contains("corrupt"), "{error}");
}

#[test]
fn a_million_one_byte_segments_stay_bounded() {
    // A hello announcing the largest message (131,396 bytes), its first byte alone, then
    // a million one-byte segments in reverse order: only the hello's largest size is kept,
    // and the missing second byte leaves it incomplete.
    let mut record = vec![22, 3, 1, 0x40, 0, 1, 2, 1, 0x40];
    record.resize(16_389, 0);
    let one_byte = |reverse_from: u32, step: usize| {
        let base = pcap::connection(client(1), server(), 100, 0, &record[..1], &[], true);
        let mut w = Writer::new(Format::pcap(Link::Raw));
        for s in &base {
            w.push(s);
        }
        for i in (2..reverse_from).rev().step_by(step) {
            w.push(&Segment::new(client(1), server(), 101u32.wrapping_add(i), 0, pcap::ACK, &[0]));
        }
        w.finish()
    };
    let got = read(&one_byte(1_000_002, 1));
    assert_eq!(got.stats.tcp, 1_000_005, "the handshake, the first byte and its ACK, a million more");
    match &got.skipped[..] {
        [(c, SkipReason::Incomplete { received, ended: Ended::Capture, .. })] => {
            assert_eq!(*c, client(1));
            assert!(*received < tls_policy::capture::MAX_HELLO_BYTES, "{received}: bounded");
        }
        other => panic!("{other:?}"),
    }
    // Every other byte: the holes run out, a counted skip.
    let got = read(&one_byte(1_000_002, 2));
    assert_eq!(got.skipped, [(client(1), SkipReason::TooFragmented)]);

    // The same hello in one-byte segments in order: put back together, whatever its size.
    let hello = HELLOS[2];
    let cuts: Vec<usize> = (1..hello.len()).collect();
    let got = read(&write(Format::pcap(Link::ethernet()), &conn(client(2), server(), 1, hello, &cuts)));
    assert_eq!(got.hellos[&client(2)].1, hello);
}

#[test]
fn a_syn_flood_and_too_many_open_connections_stay_within_the_limits() {
    let mut limits = Limits::default();
    limits.max_flows = 1_000;
    let mut w = Writer::new(Format::pcap(Link::Raw));
    for i in 0..100_000u32 {
        let [_, hi, mid, lo] = i.to_be_bytes();
        let c = SocketAddr::from(([10, 1, mid, lo], 1024 + u16::from(hi)));
        w.push(&Segment::new(c, server(), i, 0, pcap::SYN, &[]));
    }
    // Then 3,000 connections that each send half a hello and wait.
    let half = &HELLOS[0][..100];
    for i in 0..3_000u16 {
        for s in pcap::connection(client(i), server(), u32::from(i), 0, half, &[], true) {
            w.push(&s);
        }
    }
    let got = read_with(&w.finish(), limits);
    assert!(got.hellos.is_empty());
    assert!(got.stats.peak_flows <= 1_000, "{:?}", got.stats);
    assert_eq!(got.stats.no_data, 100_000, "every SYN without data, counted");
    // The oldest half-hellos are evicted (each a skip), the last 1,000 end with the capture.
    let evicted = got.skipped.iter().filter(|(_, r)| matches!(r, SkipReason::Evicted { .. })).count();
    let unfinished = got.skipped.iter().filter(|(_, r)| matches!(r, SkipReason::Incomplete { .. })).count();
    assert_eq!((evicted, unfinished), (2_000, 1_000));
    assert_eq!(got.stats.evicted, 2_000);
}

#[test]
fn what_is_no_capture_says_so() {
    assert!(matches!(CaptureReader::new(&b""[..]), Err(CaptureError::Empty)));
    let text = CaptureReader::new(&b"GET / HTTP/1.1\r\n"[..]).unwrap_err();
    assert!(text.to_string().contains("starts with 47455420"), "{text}");
    let mut w = Writer::new(Format::pcap(Link::ethernet()));
    w.push_frame(0, 0, &[0; 60]);
    let mut bytes = w.finish();
    bytes[20] = 147; // LINKTYPE_USER0
    let error = CaptureReader::new(&bytes[..]).unwrap().find_map(Result::err).unwrap();
    assert!(matches!(error, CaptureError::UnsupportedLink { link: 147 }), "{error}");
}

/// A cut of a hello into segments: offsets from a seed.
fn cuts(len: usize, seed: u64, pieces: usize) -> Vec<usize> {
    let mut state = seed | 1;
    (0..pieces)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % u64::try_from(len).unwrap()).unwrap()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any bundled hellos, any segmentation, retransmissions, overlaps, reordering within
    /// a window and any interleaving of the connections: the reader gives back each hello
    /// exactly, once, from its own client.
    #[test]
    fn reassembled_hellos_equal_the_originals(
        picks in proptest::collection::vec((0..HELLOS.len(), any::<u64>(), 0usize..12, any::<bool>()), 1..8),
        order in proptest::collection::vec(0usize..8, 0..120),
        window in 1usize..4,
        seed in any::<u64>(),
        v6 in any::<bool>(),
        link in 0usize..4,
    ) {
        let mut conns = Vec::new();
        for (i, &(pick, cut_seed, pieces, repeat)) in picks.iter().enumerate() {
            let n = u16::try_from(i).unwrap();
            let (c, s) = if v6 { (client6(n), server6()) } else { (client(n), server()) };
            let hello = HELLOS[pick];
            let mut segments = conn(c, s, u32::try_from(cut_seed >> 32).unwrap(), hello, &cuts(hello.len(), cut_seed, pieces));
            if repeat {
                let data: Vec<usize> = (0..segments.len()).filter(|&k| !segments[k].payload.is_empty()).collect();
                if let Some(&k) = data.first() {
                    let at = segments.len() - 3;
                    pcap::retransmit(&mut segments, k, at);
                    pcap::overlap(&mut segments, k);
                }
            }
            pcap::shuffle(&mut segments, window, seed ^ cut_seed);
            conns.push(segments);
        }
        let link = [Link::ethernet(), Link::Sll2, Link::Raw, Link::Ethernet { vlans: vec![7] }][link].clone();
        let got = read(&write(Format::pcap(link), &pcap::interleave(conns, &order)));
        prop_assert!(got.skipped.is_empty(), "{:?}", got.skipped);
        prop_assert_eq!(got.hellos.len(), picks.len());
        for (i, &(pick, ..)) in picks.iter().enumerate() {
            let n = u16::try_from(i).unwrap();
            let c = if v6 { client6(n) } else { client(n) };
            prop_assert_eq!(&got.hellos[&c].1, &HELLOS[pick].to_vec());
        }
    }
}
