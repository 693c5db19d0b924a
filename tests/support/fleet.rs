//! A synthetic gateway capture of a fleet: many TCP connections to port 443, each a real
//! bundled ClientHello (`tests/data/hellos/`, in turn) after a three-way handshake, the
//! server's ACK and a kilobyte of its answer, then the close; `CONCURRENT` connections at a
//! time interleaved, as a gateway sees them, with some segments out of order and some
//! retransmitted. About 1.9 KB of capture per connection, as in the 159 MB capture of
//! 100,000 connections tshark was measured on. Uses `pcap.rs` (include both with `#[path]`).

#![allow(dead_code, unreachable_pub)]

use std::net::{Ipv4Addr, SocketAddr};

use super::pcap;

/// Connections in flight at once.
const CONCURRENT: usize = 16;

/// The bundled hellos, in file-name order.
pub fn hellos() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hellos");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/hellos")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).expect("a bundled hello")).collect()
}

/// The capture, and how many hellos it holds (one per connection).
pub fn capture(connections: usize) -> Vec<u8> {
    let hellos = hellos();
    let mut writer = pcap::Writer::new(pcap::Format::pcap(pcap::Link::ethernet()));
    let server = SocketAddr::from((Ipv4Addr::new(192, 0, 2, 1), 443));
    let answer = vec![0x17; 1024];
    let mut time = 1_700_000_000_000_000_000u64;
    let mut seed = 0x5eed_u64;
    for batch in (0..connections).collect::<Vec<_>>().chunks(CONCURRENT) {
        let mut conns = Vec::new();
        for &i in batch {
            let host = u32::try_from(i).expect("fewer than 2^32 connections");
            let client = SocketAddr::from((
                Ipv4Addr::from(0x0a00_0000 | (host >> 8 & 0xFFFF) << 8 | (host & 0xFF)),
                40_000 + u16::try_from(i % 20_000).expect("small"),
            ));
            let hello = &hellos[i % hellos.len()];
            let isn = host.wrapping_mul(2_654_435_761);
            // Every fourth hello in two segments.
            let cuts: &[usize] = if i % 4 == 0 { &[hello.len() / 2] } else { &[] };
            let mut conn = pcap::connection(client, server, isn, time, hello, cuts, true);
            let s_isn = pcap::server_isn(isn);
            let acked = isn.wrapping_add(1).wrapping_add(u32::try_from(hello.len()).expect("small"));
            conn.push(pcap::Segment::new(server, client, s_isn.wrapping_add(1), acked, pcap::PSH | pcap::ACK, &answer));
            let closing = pcap::close(&conn, false);
            conn.extend(closing);
            if i % 8 == 1 {
                pcap::retransmit(&mut conn, 3, 5);
            }
            conns.push(conn);
        }
        let order: Vec<usize> = (0..conns.iter().map(Vec::len).sum::<usize>()).map(|k| k % conns.len()).collect();
        let mut segments = pcap::interleave(conns, &order);
        seed = seed.wrapping_add(1);
        pcap::shuffle(&mut segments, 3, seed);
        pcap::retime(&mut segments, time, 10_000);
        time += 10_000 * u64::try_from(segments.len()).expect("small");
        for s in &segments {
            writer.push(s);
        }
    }
    writer.finish()
}
