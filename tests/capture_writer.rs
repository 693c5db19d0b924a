//! The capture writer of tests/support/pcap.rs read back by real readers: each capture is
//! written to a temporary file and read by tcpdump and, when installed, tshark, whose output
//! must show what the writer was asked for (packet counts, addresses, ports, sequence numbers,
//! lengths, timestamps, correct checksums, VLAN ids, reassembled fragments, and the errors of
//! broken files). A test whose program is missing says so and returns.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/pcap.rs"]
mod pcap;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use pcap::{ACK, FIN, Format, Fragments, Interface, Link, PSH, RST, SYN, Segment, Writer};
use proptest::prelude::*;

fn addr(s: &str) -> SocketAddr {
    s.parse().expect("a socket address")
}

fn client4() -> SocketAddr {
    addr("192.0.2.1:49152")
}

fn server4() -> SocketAddr {
    addr("198.51.100.2:443")
}

fn client6() -> SocketAddr {
    addr("[2001:db8::1]:49153")
}

fn server6() -> SocketAddr {
    addr("[2001:db8::2]:443")
}

/// 2023-11-14T22:13:20Z and some nanoseconds, so the fractions show.
const START: u64 = 1_700_000_000_123_456_789;

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| u8::try_from(i % 251).expect("below 251")).collect()
}

/// A connection with handshake, `data(100)` in three segments, and its close: 12 segments.
fn conversation(client: SocketAddr, server: SocketAddr) -> Vec<Segment> {
    let mut conn = pcap::connection(client, server, 1000, START, &data(100), &[10, 50], true);
    conn.extend(pcap::close(&conn, false));
    conn
}

fn write(format: Format, segments: &[Segment]) -> Vec<u8> {
    let mut writer = Writer::new(format);
    segments.iter().for_each(|s| writer.push(s));
    writer.finish()
}

/// A capture in a file of its own under the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("tls-policy-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("write the capture to the temporary directory");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Whether `program --version` runs (asked once per program), as `found` in
/// tests/support/s_client.rs asks; when not, says once per test that its checks are skipped. (`found` also
/// tries `PROGRAM version`, which tcpdump and tshark would take for a capture filter.)
fn have(program: &str) -> bool {
    static TCPDUMP: OnceLock<bool> = OnceLock::new();
    static TSHARK: OnceLock<bool> = OnceLock::new();
    let cell = match program {
        "tcpdump" => &TCPDUMP,
        "tshark" => &TSHARK,
        _ => panic!("no cell for {program}"),
    };
    let found = *cell.get_or_init(|| Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success()));
    thread_local! {
        /// The programs this test (its thread) has said are missing.
        static SAID: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if !found
        && SAID.with_borrow_mut(|said| {
            !said.contains(&program.to_owned()) && {
                said.push(program.to_owned());
                true
            }
        })
    {
        eprintln!("{program} is not installed: skipping its checks (CI installs {program} for them)");
    }
    found
}

/// What tcpdump printed: one entry per packet (its continuation lines joined to it with a
/// space), what it said on stderr, and whether it exited 0.
struct Dump {
    packets: Vec<String>,
    stderr: String,
    ok: bool,
}

/// `tcpdump -r FILE -n -nn -tt -v -S --time-stamp-precision=nano` plus `extra`, or `None`
/// when tcpdump is not installed.
fn tcpdump(name: &str, bytes: &[u8], extra: &[&str]) -> Option<Dump> {
    if !have("tcpdump") {
        return None;
    }
    let file = TempFile::new(name, bytes);
    let out = Command::new("tcpdump")
        .arg("-r")
        .arg(&file.0)
        .args(["-n", "-nn", "-tt", "-v", "-S", "--time-stamp-precision=nano"])
        .args(extra)
        .output()
        .expect("run tcpdump");
    let mut packets: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        match packets.last_mut() {
            Some(last) if line.starts_with(char::is_whitespace) => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => packets.push(line.to_owned()),
        }
    }
    Some(Dump { packets, stderr: String::from_utf8_lossy(&out.stderr).into_owned(), ok: out.status.success() })
}

/// What tshark printed: a row of fields per packet, stderr, whether it exited 0.
struct Table {
    rows: Vec<Vec<String>>,
    stderr: String,
    ok: bool,
}

impl Table {
    /// Column `field` (one of those asked for) of every row.
    fn column(&self, fields: &[&str], field: &str) -> Vec<String> {
        let i = fields.iter().position(|f| *f == field).expect("a field asked for");
        self.rows.iter().map(|r| r[i].clone()).collect()
    }
}

/// The fields the brief names, read for every packet.
const FIELDS: [&str; 8] = [
    "frame.len",
    "ip.src",
    "ipv6.src",
    "tcp.srcport",
    "tcp.seq_raw",
    "tcp.len",
    "tcp.checksum.status",
    "ip.checksum.status",
];

/// tshark's "Good" checksum status.
const GOOD: &str = "1";

/// `tshark -r FILE -T fields -e ...` with checksum checks on plus `prefs` (`-o` values), or
/// `None` when tshark is not installed.
fn tshark(name: &str, bytes: &[u8], prefs: &[&str], fields: &[&str]) -> Option<Table> {
    if !have("tshark") {
        return None;
    }
    let file = TempFile::new(name, bytes);
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(&file.0).args(["-T", "fields"]);
    for pref in ["tcp.check_checksum:TRUE", "ip.check_checksum:TRUE", "udp.check_checksum:TRUE"].iter().chain(prefs) {
        cmd.args(["-o", pref]);
    }
    for field in fields {
        cmd.args(["-e", field]);
    }
    let out = cmd.output().expect("run tshark");
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    Some(Table { rows, stderr: String::from_utf8_lossy(&out.stderr).into_owned(), ok: out.status.success() })
}

/// A time as `tcpdump -tt --time-stamp-precision=nano` prints it, after the file kept it at
/// `digits` decimal digits (6 or 9).
fn stamp(time_ns: u64, digits: u32) -> String {
    let unit = 10u64.pow(9 - digits);
    let t = time_ns / unit * unit;
    format!("{}.{:09}", t / 1_000_000_000, t % 1_000_000_000)
}

/// tcpdump's letters for TCP flags.
fn letters(flags: u8) -> String {
    [(FIN, 'F'), (SYN, 'S'), (RST, 'R'), (PSH, 'P'), (ACK, '.')]
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, c)| c)
        .collect()
}

/// Asserts that a tcpdump line shows this whole segment: time (kept at `digits`), addresses
/// and ports, flags, sequence and ack numbers, payload length, a checksum tcpdump found
/// correct.
fn assert_line(line: &str, seg: &Segment, digits: u32) {
    let time = if seg.simple { "0.000000000".to_owned() } else { stamp(seg.time_ns, digits) };
    assert!(line.starts_with(&format!("{time} ")), "not at {time}: {line}");
    let flags = letters(seg.flags);
    let (s, d) = (seg.src, seg.dst);
    let ends = if s.is_ipv6() && seg.hop_by_hop {
        format!("{} > {}: HBH (padn) {} > {}: Flags [{flags}]", s.ip(), d.ip(), s.port(), d.port())
    } else {
        format!("{}.{} > {}.{}: Flags [{flags}]", s.ip(), s.port(), d.ip(), d.port())
    };
    assert!(line.contains(&ends), "not {ends}: {line}");
    let len = u32::try_from(seg.payload.len()).expect("a short payload");
    if len > 0 {
        let seq = format!(", seq {}:{},", seg.seq, seg.seq.wrapping_add(len));
        assert!(line.contains(&seq), "not {seq}: {line}");
    } else if seg.flags & (SYN | FIN | RST) != 0 {
        let seq = format!(", seq {},", seg.seq);
        assert!(line.contains(&seq), "not {seq}: {line}");
    } else {
        assert!(!line.contains(" seq "), "a sequence number on a bare ACK: {line}");
    }
    if seg.flags & ACK != 0 {
        let ack = format!(", ack {},", seg.ack);
        assert!(line.contains(&ack), "not {ack}: {line}");
    }
    assert!(line.ends_with(&format!("length {len}")), "not length {len}: {line}");
    assert!(line.contains(" (correct), "), "no correct TCP checksum: {line}");
    assert!(!line.contains("bad cksum") && !line.contains("incorrect"), "a bad checksum: {line}");
}

/// Asserts that tcpdump read exactly these segments, one packet each, in order.
fn assert_packets(dump: &Dump, segments: &[Segment], digits: u32) {
    assert!(dump.ok, "tcpdump failed: {}", dump.stderr);
    assert_eq!(dump.packets.len(), segments.len(), "packets: {:#?}\n{}", dump.packets, dump.stderr);
    for (line, seg) in dump.packets.iter().zip(segments) {
        assert_line(line, seg, digits);
    }
}

/// Asserts that tshark read exactly these segments, one packet each, with good checksums.
fn assert_rows(table: &Table, segments: &[Segment]) {
    assert!(table.ok, "tshark failed: {}", table.stderr);
    assert_eq!(table.rows.len(), segments.len(), "rows: {:?}", table.rows);
    for (row, seg) in table.rows.iter().zip(segments) {
        let (v4, v6) = if seg.src.is_ipv4() {
            (seg.src.ip().to_string(), String::new())
        } else {
            (String::new(), seg.src.ip().to_string())
        };
        assert_eq!(row[1], v4, "{row:?}");
        assert_eq!(row[2], v6, "{row:?}");
        assert_eq!(row[3], seg.src.port().to_string(), "{row:?}");
        assert_eq!(row[4], seg.seq.to_string(), "{row:?}");
        assert_eq!(row[5], seg.payload.len().to_string(), "{row:?}");
        assert_eq!(row[6], GOOD, "TCP checksum status: {row:?}");
        if seg.src.is_ipv4() {
            assert_eq!(row[7], GOOD, "IPv4 checksum status: {row:?}");
        }
    }
}

/// u32 of the file at `at`, in its byte order.
fn u32_at(bytes: &[u8], at: usize, big_endian: bool) -> u32 {
    let b: [u8; 4] = bytes[at..at + 4].try_into().expect("four bytes");
    if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) }
}

#[test]
fn pcap_microseconds_little_endian_ethernet() {
    let conn = conversation(client4(), server4());
    assert_eq!(conn.len(), 12);
    let bytes = write(Format::pcap(Link::ethernet()), &conn);
    assert_eq!(bytes[..4], [0xD4, 0xC3, 0xB2, 0xA1], "little-endian microsecond magic");
    if let Some(dump) = tcpdump("micro.pcap", &bytes, &[]) {
        assert!(dump.stderr.contains("link-type EN10MB (Ethernet), snapshot length 262144"), "{}", dump.stderr);
        assert_packets(&dump, &conn, 6);
        // Each segment its own IPv4 identification, DF set, the header checksum right.
        for (i, line) in dump.packets.iter().enumerate() {
            let id = 0x1234 + i;
            assert!(line.contains(&format!("id {id}, offset 0, flags [DF], proto TCP (6)")), "{line}");
        }
    }
    if let Some(table) = tshark("micro.pcap", &bytes, &[], &FIELDS) {
        assert_rows(&table, &conn);
        let lens = table.column(&FIELDS, "frame.len");
        assert_eq!(lens, ["58", "58", "54", "64", "54", "94", "54", "104", "54", "54", "54", "54"]);
    }
}

#[test]
fn pcap_nanoseconds_big_endian() {
    let conn = conversation(client4(), server4());
    let format = Format::Pcap { link: Link::ethernet(), big_endian: true, nanos: true, snaplen: 65535 };
    let bytes = write(format, &conn);
    assert_eq!(bytes[..4], [0xA1, 0xB2, 0x3C, 0x4D], "big-endian nanosecond magic");
    if let Some(dump) = tcpdump("nanos.pcap", &bytes, &[]) {
        assert!(dump.stderr.contains("snapshot length 65535"), "{}", dump.stderr);
        assert_packets(&dump, &conn, 9);
        assert!(dump.packets[0].starts_with("1700000000.123456789 "), "{}", dump.packets[0]);
    }
    if let Some(table) = tshark("nanos.pcap", &bytes, &[], &["frame.time_epoch"]) {
        let times: Vec<String> = conn.iter().map(|s| stamp(s.time_ns, 9)).collect();
        assert_eq!(table.column(&["frame.time_epoch"], "frame.time_epoch"), times);
    }
}

#[test]
fn snaplen_cuts_long_packets() {
    let conn = conversation(client4(), server4());
    for big_endian in [false, true] {
        let format = Format::Pcap { link: Link::ethernet(), big_endian, nanos: false, snaplen: 60 };
        let bytes = write(format, &conn);
        // The fourth record carries 10 bytes of data: 64 on the wire, 60 kept.
        let mut at = 24;
        for _ in 0..3 {
            at += 16 + usize::try_from(u32_at(&bytes, at + 8, big_endian)).unwrap();
        }
        assert_eq!((u32_at(&bytes, at + 8, big_endian), u32_at(&bytes, at + 12, big_endian)), (60, 64));
        if let Some(dump) = tcpdump("snap60.pcap", &bytes, &[]) {
            assert!(dump.ok && dump.stderr.contains("snapshot length 60"), "{}", dump.stderr);
            assert_eq!(dump.packets.len(), conn.len());
            // Cut packets still show their headers; their checksums cannot be checked.
            assert!(dump.packets[3].contains("seq 1001:1011, ack 4294966296"), "{}", dump.packets[3]);
            assert!(!dump.packets[3].contains("(correct)"), "{}", dump.packets[3]);
            assert!(dump.packets[4].contains("(correct)"), "{}", dump.packets[4]);
        }
        let fields = ["frame.len", "frame.cap_len"];
        if let Some(table) = tshark("snap60.pcap", &bytes, &[], &fields) {
            let lens: Vec<(String, String)> = table.rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
            for ((len, cap), seg) in lens.iter().zip(&conn) {
                let wire = 54 + seg.payload.len() + if seg.flags & SYN != 0 { 4 } else { 0 };
                assert_eq!((len, cap), (&wire.to_string(), &wire.min(60).to_string()));
            }
        }
    }
}

#[test]
fn vlan_tags_and_qinq() {
    let conn = conversation(client4(), server4());
    let cases: [(Vec<u16>, &str, &str); 2] = [
        (vec![100], "ethertype 802.1Q (0x8100), length 62: vlan 100, p 0, ethertype IPv4 (0x0800)", ""),
        (
            vec![200, 100],
            "ethertype 802.1Q-QinQ (0x88a8), length 66: vlan 200, p 0, ethertype 802.1Q (0x8100), vlan 100, p 0, ethertype IPv4 (0x0800)",
            "200",
        ),
    ];
    for (vlans, shown, outer) in cases {
        let bytes = write(Format::pcapng(Link::Ethernet { vlans: vlans.clone() }), &conn);
        if let Some(dump) = tcpdump("vlan.pcapng", &bytes, &["-e"]) {
            assert!(dump.packets[0].contains(shown), "{}", dump.packets[0]);
            assert_packets(&dump, &conn, 6);
        }
        let fields = ["ieee8021ad.id", "vlan.id", "tcp.checksum.status"];
        if let Some(table) = tshark("vlan.pcapng", &bytes, &[], &fields) {
            assert_eq!(table.rows.len(), conn.len());
            for row in &table.rows {
                assert_eq!(row, &[outer, "100", GOOD]);
            }
        }
    }
}

/// Every link type, IPv4 and IPv6, both byte orders of pcap: what tcpdump calls the link,
/// what it shows of the link header, and every segment; tshark reads them all from one
/// pcapng with an interface for each.
#[test]
fn every_link_type() {
    let links = [
        (
            Link::ethernet(),
            "EN10MB (Ethernet)",
            "ethertype IPv4 (0x0800), length 58",
            "ethertype IPv6 (0x86dd), length 78",
        ),
        (
            Link::Sll,
            "LINUX_SLL (Linux cooked v1)",
            "In 02:00:00:00:00:01 ethertype IPv4 (0x0800), length 60",
            "ethertype IPv6 (0x86dd), length 80",
        ),
        (
            Link::Sll2,
            "LINUX_SLL2 (Linux cooked v2)",
            "In  ifindex 1 02:00:00:00:00:01 ethertype IPv4 (0x0800), length 64",
            "ethertype IPv6 (0x86dd), length 84",
        ),
        (Link::Raw, "RAW (Raw IP)", "", ""),
        (Link::RawV4, "IPV4 (Raw IPv4)", "", ""),
        (Link::RawV6, "IPV6 (Raw IPv6)", "", ""),
        (Link::Null { ipv6_family: 24 }, "NULL (BSD loopback)", "AF IPv4 (2), length 48", "AF IPv6 (24), length 68"),
        (Link::Null { ipv6_family: 28 }, "NULL (BSD loopback)", "AF IPv4 (2), length 48", "AF IPv6 (28), length 68"),
        (Link::Null { ipv6_family: 30 }, "NULL (BSD loopback)", "AF IPv4 (2), length 48", "AF IPv6 (30), length 68"),
        (
            Link::Loop { ipv6_family: 24 },
            "LOOP (OpenBSD loopback)",
            "AF IPv4 (2), length 48",
            "AF IPv6 (24), length 68",
        ),
    ];
    let (mut interfaces, mut segments) = (Vec::new(), Vec::new());
    for (link, name, v4_shows, v6_shows) in links {
        for (v6, shows) in [(false, v4_shows), (true, v6_shows)] {
            if (v6 && link == Link::RawV4) || (!v6 && link == Link::RawV6) {
                continue;
            }
            let conn = if v6 { conversation(client6(), server6()) } else { conversation(client4(), server4()) };
            for big_endian in [false, true] {
                let format = Format::Pcap { link: link.clone(), big_endian, nanos: false, snaplen: 65535 };
                let bytes = write(format, &conn);
                assert_eq!(u32_at(&bytes, 20, big_endian), u32::from(link.linktype()));
                // The loopback family: the file's byte order for NULL, big-endian for LOOP.
                let family = match (&link, v6) {
                    (Link::Null { ipv6_family } | Link::Loop { ipv6_family }, true) => Some(*ipv6_family),
                    (Link::Null { .. } | Link::Loop { .. }, false) => Some(2),
                    _ => None,
                };
                if let Some(family) = family {
                    let network_order = big_endian || matches!(link, Link::Loop { .. });
                    assert_eq!(u32_at(&bytes, 40, network_order), family, "{link:?}");
                }
                if let Some(dump) = tcpdump("link.pcap", &bytes, &["-e"]) {
                    assert!(dump.stderr.contains(&format!("link-type {name}")), "{link:?}: {}", dump.stderr);
                    assert!(dump.packets[0].contains(shows), "{link:?}: {}", dump.packets[0]);
                    assert_packets(&dump, &conn, 6);
                }
            }
            // One pcapng for tshark: an interface per link and IP version.
            let interface = u32::try_from(interfaces.len()).unwrap();
            interfaces.push(Interface::micros(link.clone(), 65535));
            segments.extend(conn.into_iter().map(|s| Segment { interface, ..s }));
        }
    }
    let bytes = write(Format::PcapNg { big_endian: false, interfaces }, &segments);
    if let Some(table) = tshark("links.pcapng", &bytes, &[], &FIELDS) {
        assert_rows(&table, &segments);
    }
}

#[test]
fn ipv6_with_a_hop_by_hop_header() {
    let mut conn = conversation(client6(), server6());
    conn.iter_mut().for_each(|s| s.hop_by_hop = true);
    let bytes = write(Format::pcap(Link::RawV6), &conn);
    if let Some(dump) = tcpdump("hbh.pcap", &bytes, &[]) {
        assert!(dump.packets[0].contains("next-header Options (0) payload length: 32"), "{}", dump.packets[0]);
        assert_packets(&dump, &conn, 6);
    }
    let fields = ["ipv6.nxt", "ipv6.hopopts.nxt", "tcp.checksum.status", "tcp.len"];
    if let Some(table) = tshark("hbh.pcap", &bytes, &[], &fields) {
        assert_eq!(table.rows.len(), conn.len());
        for (row, seg) in table.rows.iter().zip(&conn) {
            assert_eq!(row, &["0", "6", GOOD, &seg.payload.len().to_string()]);
        }
    }
}

/// The data segments of `conversation` (indices 3, 5 and 7) fragmented: 10 bytes of data in
/// fragments of 16 (two: 16 + 14 bytes of the TCP segment), 40 in fragments of 24 in a
/// seeded order (three: 24 + 24 + 12), 50 in fragments of 72 (one, whole).
fn fragmented(conn: &mut [Segment], shuffle: Option<u64>) {
    conn[3].fragment = Some(Fragments { max_payload: 16, shuffle: None });
    conn[5].fragment = Some(Fragments { max_payload: 31, shuffle });
    conn[7].fragment = Some(Fragments { max_payload: 72, shuffle: None });
}

#[test]
fn ipv4_fragments_in_order_and_shuffled() {
    for shuffle in [None, Some(7), Some(8)] {
        let mut conn = conversation(client4(), server4());
        fragmented(&mut conn, shuffle);
        let bytes = write(Format::pcap(Link::ethernet()), &conn);
        let offsets = |dump: &Dump, range: std::ops::Range<usize>| -> Vec<(String, String)> {
            dump.packets[range]
                .iter()
                .map(|l| {
                    let id = l.split("id ").nth(1).unwrap().split(',').next().unwrap().to_owned();
                    let rest = l.split("offset ").nth(1).unwrap();
                    (id, rest.split(", proto").next().unwrap().to_owned())
                })
                .collect()
        };
        if let Some(dump) = tcpdump("frag4.pcap", &bytes, &[]) {
            assert!(dump.ok, "{}", dump.stderr);
            assert_eq!(dump.packets.len(), 12 + 1 + 2, "{:#?}", dump.packets);
            assert_eq!(
                offsets(&dump, 3..5),
                [("4663".into(), "0, flags [+]".into()), ("4663".into(), "16, flags [none]".into())]
            );
            let mut third = offsets(&dump, 6..9);
            if shuffle.is_none() {
                assert_eq!(dump.packets[6].split("length ").nth(1).unwrap().split(')').next(), Some("44"));
            }
            third.sort();
            let expected: Vec<(String, String)> = ["0, flags [+]", "24, flags [+]", "48, flags [none]"]
                .iter()
                .map(|o| ("4665".into(), (*o).into()))
                .collect();
            assert_eq!(third, expected);
            // 50 bytes of data fit in one 64-byte fragment: a whole packet, DF clear.
            assert!(dump.packets[10].contains("id 4667, offset 0, flags [none]"), "{}", dump.packets[10]);
            assert!(dump.packets[10].contains("(correct)"), "{}", dump.packets[10]);
        }
        let fields = ["ip.id", "ip.flags.mf", "ip.frag_offset", "ip.checksum.status", "tcp.len", "tcp.checksum.status"];
        if let Some(table) = tshark("frag4.pcap", &bytes, &["ip.defragment:TRUE"], &fields) {
            assert!(table.ok, "{}", table.stderr);
            assert_eq!(table.rows.len(), 15);
            // Every fragment's header checksum is right; the datagram is put together on its
            // last fragment recorded, where TCP's length and checksum show.
            assert!(table.column(&fields, "ip.checksum.status").iter().all(|s| s == GOOD));
            let reassembled: Vec<(String, String)> =
                table.rows.iter().filter(|r| !r[4].is_empty()).map(|r| (r[4].clone(), r[5].clone())).collect();
            let lens: Vec<String> = conn.iter().map(|s| s.payload.len().to_string()).collect();
            assert_eq!(reassembled, lens.iter().map(|l| (l.clone(), GOOD.to_owned())).collect::<Vec<_>>());
            assert_eq!(&table.rows[3][..3], ["0x1237", "1", "0"]);
            // tshark counts the offset in 8-byte units.
            assert_eq!(&table.rows[4][..3], ["0x1237", "0", "2"]);
        }
    }
}

#[test]
fn ipv6_fragment_headers() {
    for hop_by_hop in [false, true] {
        let mut conn = conversation(client6(), server6());
        conn.iter_mut().for_each(|s| s.hop_by_hop = hop_by_hop);
        fragmented(&mut conn, Some(3));
        let bytes = write(Format::pcap(Link::ethernet()), &conn);
        if let Some(dump) = tcpdump("frag6.pcap", &bytes, &[]) {
            assert!(dump.ok, "{}", dump.stderr);
            assert_eq!(dump.packets.len(), 15, "{:#?}", dump.packets);
            let hbh = if hop_by_hop { "HBH (padn) " } else { "" };
            assert!(dump.packets[3].contains(&format!("{hbh}frag (0x00001237:0|16)")), "{}", dump.packets[3]);
            assert!(dump.packets[4].contains(&format!("{hbh}frag (0x00001237:16|14)")), "{}", dump.packets[4]);
            let mut third: Vec<&str> = dump.packets[6..9]
                .iter()
                .map(|l| l.split("frag (0x00001239:").nth(1).unwrap().split(')').next().unwrap())
                .collect();
            third.sort_unstable();
            assert_eq!(third, ["0|24", "24|24", "48|12"]);
            assert!(dump.packets[10].contains(&format!("{hbh}frag (0x0000123b:0|70)")), "{}", dump.packets[10]);
        }
        let fields = ["ipv6.fraghdr.ident", "tcp.len", "tcp.checksum.status"];
        if let Some(table) = tshark("frag6.pcap", &bytes, &["ipv6.defragment:TRUE"], &fields) {
            assert!(table.ok, "{}", table.stderr);
            assert_eq!(table.rows.len(), 15);
            let reassembled: Vec<(String, String)> =
                table.rows.iter().filter(|r| !r[1].is_empty()).map(|r| (r[1].clone(), r[2].clone())).collect();
            let lens: Vec<(String, String)> =
                conn.iter().map(|s| (s.payload.len().to_string(), GOOD.to_owned())).collect();
            assert_eq!(reassembled, lens);
            assert_eq!(table.rows[3][0], "0x00001237");
        }
    }
}

/// pcapng, both byte orders: two Ethernet interfaces (microseconds, nanoseconds), the
/// segments alternating between them, one in a simple packet block, and a name resolution
/// block, a custom block and a block of an unknown type to skip.
#[test]
fn pcapng_interfaces_and_blocks() {
    for big_endian in [false, true] {
        let interfaces = vec![Interface::micros(Link::ethernet(), 65535), Interface::nanos(Link::ethernet(), 65535)];
        let mut writer = Writer::new(Format::PcapNg { big_endian, interfaces });
        let mut conn = conversation(client4(), server4());
        for (i, seg) in conn.iter_mut().enumerate() {
            seg.interface = u32::try_from(i % 2).unwrap();
            seg.simple = i == 6;
            writer.push(seg);
            if i == 3 {
                writer.push_names(&[(client4().ip(), "client.example"), (server6().ip(), "server.example")]);
                writer.push_custom(32473, b"skip me");
                writer.push_block(0x0BAD_F00D, &[1, 2, 3]);
            }
        }
        assert_eq!(writer.records(), conn.len() + 3);
        let bytes = writer.finish();
        let magic = if big_endian { [0x1A, 0x2B, 0x3C, 0x4D] } else { [0x4D, 0x3C, 0x2B, 0x1A] };
        assert_eq!(bytes[8..12], magic);
        if let Some(dump) = tcpdump("blocks.pcapng", &bytes, &[]) {
            for (line, seg) in dump.packets.iter().zip(&conn) {
                assert_line(line, seg, if seg.interface == 1 { 9 } else { 6 });
            }
            assert_eq!(dump.packets.len(), conn.len());
            assert!(dump.ok, "{}", dump.stderr);
        }
        let fields = ["frame.interface_id", "frame.time_epoch", "frame.len", "frame.protocols"];
        if let Some(table) = tshark("blocks.pcapng", &bytes, &[], &fields) {
            assert!(table.ok, "{}", table.stderr);
            // tshark shows the custom block as a record of its own: no interface, its data
            // (padded to 4 bytes) as the frame.
            let (packets, others): (Vec<_>, Vec<_>) = table.rows.iter().partition(|r| !r[0].is_empty());
            assert_eq!(others, [&["", "", "8", "data"]], "{:?}", table.rows);
            assert_eq!(packets.len(), conn.len(), "{:?}", table.rows);
            for (row, seg) in packets.iter().zip(&conn) {
                let digits = if seg.interface == 1 { 9 } else { 6 };
                let time = if seg.simple { String::new() } else { stamp(seg.time_ns, digits) };
                assert_eq!((&row[0], &row[1]), (&seg.interface.to_string(), &time));
            }
        }
        if let Some(mut table) = tshark("blocks.pcapng", &bytes, &[], &FIELDS) {
            table.rows.retain(|r| !r[3].is_empty());
            assert_rows(&table, &conn);
        }
    }
}

/// Interfaces of different link types, snaplens and resolutions in one section: tshark
/// reads them; libpcap (so tcpdump) refuses a second link type.
#[test]
fn pcapng_mixed_link_types() {
    let interfaces = vec![
        Interface::micros(Link::ethernet(), 65535),
        Interface::nanos(Link::Sll2, 80),
        Interface { link: Link::Raw, snaplen: 0, tsresol: None },
        Interface { link: Link::Null { ipv6_family: 30 }, snaplen: 0, tsresol: Some(3) },
        Interface { link: Link::Ethernet { vlans: vec![7] }, snaplen: 0, tsresol: Some(0x80 | 20) },
    ];
    for big_endian in [false, true] {
        let mut segments = conversation(client4(), server4());
        segments.extend(conversation(client6(), server6()));
        for (i, seg) in segments.iter_mut().enumerate() {
            seg.interface = u32::try_from(i % interfaces.len()).unwrap();
        }
        let bytes = write(Format::PcapNg { big_endian, interfaces: interfaces.clone() }, &segments);
        if let Some(dump) = tcpdump("mixed.pcapng", &bytes, &[]) {
            assert!(
                dump.stderr.contains("an interface has a type 276 different from the type of the first interface"),
                "{}",
                dump.stderr
            );
        }
        let fields = [
            "frame.interface_id",
            "frame.time_epoch",
            "frame.len",
            "frame.cap_len",
            "tcp.seq_raw",
            "tcp.checksum.status",
        ];
        if let Some(table) = tshark("mixed.pcapng", &bytes, &[], &fields) {
            assert!(table.ok, "{}", table.stderr);
            assert_eq!(table.rows.len(), segments.len());
            for (row, seg) in table.rows.iter().zip(&segments) {
                let time = match seg.interface {
                    1 => stamp(seg.time_ns, 9),
                    3 => stamp(seg.time_ns, 3),
                    4 => {
                        // 2^-20 s ticks, shown to the nanosecond, rounded down.
                        let ticks = (u128::from(seg.time_ns) << 20) / 1_000_000_000;
                        let ns = u64::try_from((ticks * 1_000_000_000) >> 20).unwrap();
                        format!("{}.{:09}", ns / 1_000_000_000, ns % 1_000_000_000)
                    }
                    _ => stamp(seg.time_ns, 6),
                };
                assert_eq!((&row[0], &row[1]), (&seg.interface.to_string(), &time), "{row:?}");
                let len: usize = row[2].parse().unwrap();
                let cap = if seg.interface == 1 { len.min(80) } else { len };
                assert_eq!(row[3], cap.to_string(), "{row:?}");
                assert_eq!(row[4], seg.seq.to_string(), "{row:?}");
                let status = if cap < len { "2" } else { GOOD };
                assert_eq!(row[5], status, "{row:?}");
            }
        }
    }
}

/// A file that ends inside its last record: in the record header, in the packet data, for
/// pcap and pcapng.
#[test]
fn truncated_last_record() {
    let conn = conversation(client4(), server4());
    let cases = [
        (Format::pcap(Link::ethernet()), 7, "truncated dump file; tried to read 16 header bytes, only got 7"),
        (Format::pcap(Link::ethernet()), 30, "truncated dump file; tried to read 54 captured bytes, only got 14"),
        (Format::pcapng(Link::ethernet()), 6, "truncated pcapng dump file; tried to read 8 bytes, only got 6"),
        (Format::pcapng(Link::ethernet()), 40, "truncated pcapng dump file; tried to read 80 bytes, only got 32"),
    ];
    for (format, keep, message) in cases {
        let mut writer = Writer::new(format);
        conn.iter().for_each(|s| writer.push(s));
        let bytes = writer.finish_cut(keep);
        if let Some(dump) = tcpdump("cut.pcap", &bytes, &[]) {
            assert!(dump.stderr.contains(message), "{}", dump.stderr);
            assert!(!dump.ok);
            assert_packets(&Dump { ok: true, ..dump }, &conn[..conn.len() - 1], 6);
        }
        if let Some(table) = tshark("cut.pcap", &bytes, &[], &FIELDS) {
            assert!(
                table.stderr.contains("appears to have been cut short in the middle of a packet"),
                "{}",
                table.stderr
            );
            assert_rows(&Table { ok: true, ..table }, &conn[..conn.len() - 1]);
        }
    }
}

/// The last record's length is wrong, its bytes unchanged: the leading length of a pcapng
/// block (not a multiple of 4; past the end of the file; smaller than a block) with the
/// trailing copy right, or the included length of a pcap record (past the end; over the
/// header's snaplen and libpcap's maximum).
#[test]
fn corrupt_last_length() {
    let conn = conversation(client4(), server4());
    let cases = [
        (true, 999, "block in pcapng dump file has a length of 999 that is not a multiple of 4"),
        (true, 1000, "truncated pcapng dump file; tried to read 992 bytes, only got 80"),
        (true, 8, "block in pcapng dump file has a length of 8 < 12"),
        (false, 100, "truncated dump file; tried to read 100 captured bytes, only got 54"),
        (false, 1_000_000, "invalid packet capture length 1000000, bigger than snaplen of 262144"),
    ];
    for (pcapng, len, message) in cases {
        let format = if pcapng { Format::pcapng(Link::ethernet()) } else { Format::pcap(Link::ethernet()) };
        let mut writer = Writer::new(format);
        conn.iter().for_each(|s| writer.push(s));
        writer.claim_last_length(len);
        let bytes = writer.finish();
        if let Some(dump) = tcpdump("badlen", &bytes, &[]) {
            assert!(dump.stderr.contains(message), "{len}: {}", dump.stderr);
            assert!(!dump.ok, "{len}: tcpdump exited 0");
            assert_packets(&Dump { ok: true, ..dump }, &conn[..conn.len() - 1], 6);
        }
        if let Some(table) = tshark("badlen", &bytes, &[], &FIELDS) {
            assert!(!table.ok, "{len}: tshark read a broken record");
            assert_eq!(table.rows.len(), conn.len() - 1, "{len}");
        }
    }
}

/// Records longer than the snaplen the header claims: in pcap, libpcap keeps the claimed
/// snaplen's worth of each (tcpdump sees cut packets); in pcapng it stops at the first
/// (an error); tshark reads the whole records of both.
#[test]
fn records_longer_than_the_claimed_snaplen() {
    let conn = conversation(client4(), server4());
    for format in [Format::pcap(Link::ethernet()), Format::pcapng(Link::ethernet())] {
        let pcap = matches!(format, Format::Pcap { .. });
        let mut writer = Writer::new(format);
        writer.claim_snaplen(0, 40);
        conn.iter().for_each(|s| writer.push(s));
        let bytes = writer.finish();
        if pcap {
            assert_eq!(u32_at(&bytes, 16, false), 40, "the header's snaplen");
            assert_eq!(u32_at(&bytes, 24 + 8, false), 58, "the first record's length");
        }
        if let Some(dump) = tcpdump("oversnap", &bytes, &[]) {
            assert!(dump.stderr.contains("snapshot length 40"), "{}", dump.stderr);
            if pcap {
                assert!(dump.ok, "{}", dump.stderr);
                assert_eq!(dump.packets.len(), conn.len());
                assert!(dump.packets.iter().all(|l| l.ends_with("[|tcp]")), "{:#?}", dump.packets);
            } else {
                assert!(
                    dump.stderr.contains("invalid packet capture length 58, bigger than snaplen of 40"),
                    "{}",
                    dump.stderr
                );
                assert!(dump.packets.is_empty() && !dump.ok, "{:#?}", dump.packets);
            }
        }
        if let Some(table) = tshark("oversnap", &bytes, &[], &FIELDS) {
            assert_rows(&table, &conn);
        }
    }
}

/// Frames that are not TCP: an ARP request, a UDP datagram in IPv4 and IPv6, padded to
/// Ethernet's 60 bytes.
#[test]
fn arp_udp_and_padding() {
    let mut writer = Writer::new(Format::pcap(Link::ethernet()));
    writer.pad_to(60);
    writer.push_frame(0, START, &pcap::arp_frame([192, 0, 2, 1], [192, 0, 2, 2]));
    writer.push_ip(0, START + 1000, &pcap::udp_packet(addr("192.0.2.1:40000"), addr("192.0.2.2:40001"), b"xyz"));
    writer.push_ip(
        0,
        START + 2000,
        &pcap::udp_packet(addr("[2001:db8::1]:40000"), addr("[2001:db8::2]:40001"), b"xyz"),
    );
    let segment = Segment { time_ns: START + 3000, ..Segment::new(client4(), server4(), 5, 0, SYN, &[]) };
    writer.push(&segment);
    let bytes = writer.finish();
    if let Some(dump) = tcpdump("other.pcap", &bytes, &["-e"]) {
        assert_eq!(dump.packets.len(), 4, "{:#?}", dump.packets);
        assert!(dump.packets[0].contains("ethertype ARP (0x0806), length 60: Ethernet (len 6), IPv4 (len 4), Request who-has 192.0.2.2 tell 192.0.2.1"), "{}", dump.packets[0]);
        assert!(dump.packets[1].contains("length 60: (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto UDP (17), length 31) 192.0.2.1.40000 > 192.0.2.2.40001: UDP, length 3"), "{}", dump.packets[1]);
        assert!(dump.packets[2].contains("length 65: (hlim 64, next-header UDP (17) payload length: 11) 2001:db8::1.40000 > 2001:db8::2.40001: [udp sum ok] UDP, length 3"), "{}", dump.packets[2]);
        assert_line(&dump.packets[3], &segment, 6);
        assert!(dump.packets[3].contains("length 60: "), "{}", dump.packets[3]);
    }
    let fields = ["frame.len", "eth.padding", "udp.checksum.status", "tcp.checksum.status"];
    if let Some(table) = tshark("other.pcap", &bytes, &[], &fields) {
        let rows: Vec<Vec<&str>> = table.rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        assert_eq!(
            rows,
            [
                vec!["60", "000000000000000000000000000000000000", "", ""],
                vec!["60", "000000000000000000000000000000", GOOD, ""],
                vec!["65", "", GOOD, ""],
                vec!["60", "0000", "", GOOD],
            ]
        );
    }
}

/// The conversation helpers on their own: numbering, close, retransmit, overlap,
/// interleave, shuffle.
#[test]
fn conversation_helpers() {
    let conn = pcap::connection(client4(), server4(), u32::MAX - 2, 0, &data(30), &[0, 10, 10, 20, 99], true);
    let seqs: Vec<(u32, u32, u8, usize)> = conn.iter().map(|s| (s.seq, s.ack, s.flags, s.payload.len())).collect();
    let s = pcap::server_isn(u32::MAX - 2);
    assert_eq!(
        seqs,
        [
            (u32::MAX - 2, 0, SYN, 0),
            (s, u32::MAX - 1, SYN | ACK, 0),
            (u32::MAX - 1, s + 1, ACK, 0),
            (u32::MAX - 1, s + 1, PSH | ACK, 10),
            (s + 1, 8, ACK, 0),
            (8, s + 1, PSH | ACK, 10),
            (s + 1, 18, ACK, 0),
            (18, s + 1, PSH | ACK, 10),
            (s + 1, 28, ACK, 0),
        ]
    );
    assert!(conn.windows(2).all(|w| w[1].time_ns == w[0].time_ns + 1_000_000));
    let fin: Vec<(u32, u32, u8)> = pcap::close(&conn, false).iter().map(|x| (x.seq, x.ack, x.flags)).collect();
    assert_eq!(fin, [(28, s + 1, FIN | ACK), (s + 1, 29, FIN | ACK), (29, s + 2, ACK)]);
    let rst: Vec<(u32, u32, u8)> = pcap::close(&conn, true).iter().map(|x| (x.seq, x.ack, x.flags)).collect();
    assert_eq!(rst, [(28, s + 1, RST | ACK)]);

    let mut again = conn.clone();
    pcap::retransmit(&mut again, 3, 6);
    assert_eq!(again[6].payload, conn[3].payload);
    assert_eq!(again[6].time_ns, again[5].time_ns + 1000);
    let mut over = conn.clone();
    pcap::overlap(&mut over, 5);
    assert_eq!(over.len(), conn.len() + 1);
    assert_eq!((over[8].seq, over[8].payload.clone()), (3, data(30)[5..25].to_vec()));

    let tag = |n: u32| (0..4).map(|i| Segment::new(client4(), server4(), n * 100 + i, 0, ACK, &[])).collect::<Vec<_>>();
    let merged = pcap::interleave(vec![tag(0), tag(1), tag(2)], &[2, 2, 0, 9, 1, 2, 0]);
    let order: Vec<u32> = merged.iter().map(|x| x.seq).collect();
    assert_eq!(order, [200, 201, 0, 100, 202, 1, 2, 3, 101, 102, 103, 203]);
    let mut shuffled = tag(0).into_iter().chain(tag(1)).collect::<Vec<_>>();
    pcap::shuffle(&mut shuffled, 3, 42);
    let moved: Vec<u32> = shuffled.iter().map(|x| x.seq).collect();
    let mut sorted = moved.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [0, 1, 2, 3, 100, 101, 102, 103]);
    assert_ne!(moved, sorted, "seed 42 moves something");
    for (i, seq) in moved.iter().enumerate() {
        let home = [0, 1, 2, 3, 100, 101, 102, 103].iter().position(|x| x == seq).unwrap();
        assert_eq!(home / 3, i / 3, "{seq} left its window");
    }
}

/// tshark sees a retransmission and an overlapping re-send as such (the first after the
/// server acknowledged it: spurious; the second, over data sent before and after:
/// out of order), with correct checksums.
#[test]
fn tshark_sees_retransmissions() {
    let mut conn = pcap::connection(client4(), server4(), 1000, START, &data(90), &[30, 60], true);
    pcap::retransmit(&mut conn, 3, 5);
    pcap::overlap(&mut conn, 6);
    pcap::retime(&mut conn, START, 1_000_000);
    assert_eq!((conn[5].seq, conn[5].payload.len(), conn[9].seq, conn[9].payload.len()), (1001, 30, 1016, 60));
    let bytes = write(Format::pcap(Link::ethernet()), &conn);
    if let Some(dump) = tcpdump("again.pcap", &bytes, &[]) {
        assert_packets(&dump, &conn, 6);
    }
    let fields = [
        "tcp.seq_raw",
        "tcp.len",
        "tcp.analysis.spurious_retransmission",
        "tcp.analysis.out_of_order",
        "tcp.checksum.status",
    ];
    if let Some(table) = tshark("again.pcap", &bytes, &[], &fields) {
        assert!(table.ok, "{}", table.stderr);
        assert_eq!(table.rows.len(), conn.len());
        let marked: Vec<(usize, &[String])> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r[2..4].iter().any(|f| !f.is_empty()))
            .map(|(i, r)| (i, &r[..4]))
            .collect();
        assert_eq!(marked.len(), 2, "{:?}", table.rows);
        assert_eq!((marked[0].0, &marked[0].1[..2]), (5, &["1001".to_owned(), "30".to_owned()][..]));
        assert!(!marked[0].1[2].is_empty() && marked[0].1[3].is_empty(), "{:?}", marked[0]);
        assert_eq!((marked[1].0, &marked[1].1[..2]), (9, &["1016".to_owned(), "60".to_owned()][..]));
        assert!(marked[1].1[2].is_empty() && !marked[1].1[3].is_empty(), "{:?}", marked[1]);
        assert!(table.column(&fields, "tcp.checksum.status").iter().all(|s| s == GOOD));
    }
}

/// A connection for the property: IPv4 or IPv6, with or without handshake, cuts, a close.
#[derive(Debug, Clone)]
struct Conn {
    v6: bool,
    hop_by_hop: bool,
    handshake: bool,
    len: usize,
    cuts: Vec<usize>,
    close: Option<bool>,
    isn: u32,
}

fn conns() -> impl Strategy<Value = Conn> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..300,
        prop::collection::vec(0usize..300, 0..4),
        any::<Option<bool>>(),
        any::<u32>(),
    )
        .prop_map(|(v6, hop_by_hop, handshake, len, cuts, close, isn)| Conn {
            v6,
            hop_by_hop: v6 && hop_by_hop,
            handshake,
            len,
            cuts,
            close,
            isn,
        })
}

fn links() -> impl Strategy<Value = Link> {
    prop_oneof![
        prop::collection::vec(1u16..4095, 0..3).prop_map(|vlans| Link::Ethernet { vlans }),
        Just(Link::Sll),
        Just(Link::Sll2),
        Just(Link::Raw),
        prop_oneof![Just(24u32), Just(28), Just(30)].prop_map(|ipv6_family| Link::Null { ipv6_family }),
        Just(Link::Loop { ipv6_family: 24 }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Several connections mixed by a seed (interleaved, a retransmission, an overlapping
    /// re-send, windows shuffled), written in a random format and link: tcpdump reads every
    /// segment back in order, with its time, addresses, numbers and a correct checksum.
    #[test]
    fn tcpdump_reads_random_conversations(
        specs in prop::collection::vec(conns(), 1..4),
        order in prop::collection::vec(0usize..3, 0..40),
        again in any::<Option<(prop::sample::Index, prop::sample::Index)>>(),
        over in any::<Option<prop::sample::Index>>(),
        window in 1usize..5,
        seed in any::<u64>(),
        link in links(),
        pcapng in any::<bool>(),
        big_endian in any::<bool>(),
        nanos in any::<bool>(),
        two_interfaces in any::<bool>(),
        simple in any::<Option<prop::sample::Index>>(),
        step_ns in 1u64..5_000_000,
    ) {
        let mut all = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let n = u16::try_from(i).unwrap();
            let (client, server) = if spec.v6 {
                (SocketAddr::new(client6().ip(), 50000 + n), server6())
            } else {
                (SocketAddr::new(client4().ip(), 50000 + n), server4())
            };
            let mut conn = pcap::connection(client, server, spec.isn, START, &data(spec.len), &spec.cuts, spec.handshake);
            if let Some(reset) = spec.close.filter(|_| !conn.is_empty()) {
                let end = pcap::close(&conn, reset);
                conn.extend(end);
            }
            if let Some((from, to)) = again.filter(|_| conn.len() >= 2) {
                let index = from.index(conn.len() - 1);
                let at = index + 1 + to.index(conn.len() - index);
                pcap::retransmit(&mut conn, index, at);
            }
            if let Some(pick) = over {
                let with_data: Vec<usize> = (0..conn.len()).filter(|&j| !conn[j].payload.is_empty()).collect();
                if !with_data.is_empty() {
                    pcap::overlap(&mut conn, with_data[pick.index(with_data.len())]);
                }
            }
            conn.iter_mut().for_each(|s| s.hop_by_hop = spec.hop_by_hop);
            all.push(conn);
        }
        let mut segments = pcap::interleave(all, &order);
        pcap::shuffle(&mut segments, window, seed);
        pcap::retime(&mut segments, START, step_ns);
        let format = if pcapng {
            let second = Interface { link: link.clone(), snaplen: 262_144, tsresol: Some(if nanos { 6 } else { 9 }) };
            let mut interfaces = vec![Interface { link: link.clone(), snaplen: 262_144, tsresol: Some(if nanos { 9 } else { 6 }) }];
            // libpcap 1.10 takes a second LINKTYPE_RAW interface for another link type (it
            // compares the second's LINKTYPE with the first's DLT_RAW).
            if two_interfaces && link != Link::Raw {
                interfaces.push(second);
                for (i, s) in segments.iter_mut().enumerate() {
                    s.interface = u32::try_from(i % 2).unwrap();
                }
            }
            if let Some(pick) = simple.filter(|_| !segments.is_empty()) {
                let i = pick.index(segments.len());
                segments[i].interface = 0;
                segments[i].simple = true;
            }
            Format::PcapNg { big_endian, interfaces }
        } else {
            Format::Pcap { link, big_endian, nanos, snaplen: 65535 }
        };
        let bytes = write(format, &segments);
        if let Some(dump) = tcpdump("random.pcap", &bytes, &[]) {
            prop_assert!(dump.ok, "{}", dump.stderr);
            prop_assert_eq!(dump.packets.len(), segments.len());
            for (line, seg) in dump.packets.iter().zip(&segments) {
                let fine = if pcapng { (seg.interface == 0) == nanos } else { nanos };
                assert_line(line, seg, if fine { 9 } else { 6 });
            }
        }
    }
}
