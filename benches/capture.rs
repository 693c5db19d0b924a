//! Hellos per second out of a synthetic gateway capture (`tests/support/fleet.rs`: 10,000
//! TCP connections to port 443, each a bundled ClientHello, 16 at a time interleaved, some
//! retransmitted; about 19 MB), beside one plain pass over the same bytes:
//!
//! - `capture/hellos`: read the pcap, put each connection's first flight back together,
//!   parse the hello, compute its JA4, decide it under `dps-tls12` with an RSA key;
//! - `capture/read`: the same without JA4 and the decision (the reader alone);
//! - `capture/byte_sum`: `bytes.iter().map(|&b| u64::from(b)).sum()`, the floor.
//!
//! Throughput is the capture's bytes, so criterion prints MB/s; hellos per second is that
//! over 1.9 KB. tshark 4.0 reads about 1,250 hellos/s (2 MB/s) here (DESIGN.md).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tls_policy::capture::{CaptureReader, Event};
use tls_policy::{KeyTypes, Policy, negotiate};

#[path = "../tests/support/fleet.rs"]
mod fleet;
#[path = "../tests/support/pcap.rs"]
mod pcap;

/// Connections in the capture.
const CONNECTIONS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let capture = fleet::capture(CONNECTIONS);
    let policy = Policy::named("dps-tls12").unwrap();
    let mut group = c.benchmark_group("capture");
    group.throughput(Throughput::Bytes(u64::try_from(capture.len()).unwrap()));
    group.sample_size(20);
    let run = |decide: bool| {
        let mut buffer = Vec::new();
        let mut hellos = 0usize;
        let mut accepted = 0usize;
        for event in CaptureReader::new(black_box(&capture[..])).unwrap() {
            if let Event::Hello(captured) = event.unwrap() {
                hellos += 1;
                if decide {
                    let hello = captured.parse(&mut buffer).unwrap();
                    let ja4 = tls_policy::capture::fingerprint::ja4(&hello);
                    black_box(ja4);
                    accepted += usize::from(negotiate(&policy, &hello.offer(), KeyTypes::RSA).is_ok());
                }
            }
        }
        (hellos, accepted)
    };
    let (hellos, accepted) = run(true);
    assert_eq!(hellos, CONNECTIONS, "one hello per connection");
    assert!(accepted > 0 && accepted < hellos);
    group.bench_function("hellos", |b| b.iter(|| run(true)));
    group.bench_function("read", |b| b.iter(|| run(false)));
    // What `fleet` and `check --json` compute per hello: all four fingerprints.
    group.bench_function("fingerprints", |b| {
        b.iter(|| {
            let mut buffer = Vec::new();
            let mut n = 0usize;
            for event in CaptureReader::new(black_box(&capture[..])).unwrap() {
                if let Event::Hello(captured) = event.unwrap() {
                    let hello = captured.parse(&mut buffer).unwrap();
                    n += tls_policy::capture::Fingerprints::of(&hello).ja3_hash.len();
                }
            }
            n
        })
    });
    group.bench_function("byte_sum", |b| b.iter(|| black_box(&capture).iter().map(|&b| u64::from(b)).sum::<u64>()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
