//! Reading a real ClientHello (`openssl_default`, 297 bytes) and deciding on it, against
//! rustls's `Acceptor`, tls-parser, and one plain pass over the bytes.
//!
//! - `hello/parse_and_decide`: raw bytes to verdict under `dps-tls12` with an RSA key;
//! - `hello/rustls_acceptor`: `Acceptor::read_tls` + `accept` to a `ClientHello`;
//! - `hello/tls_parser`: `parse_tls_plaintext` + `parse_tls_client_hello_extensions`;
//! - `hello/byte_sum`: `bytes.iter().map(|&b| u64::from(b)).sum()`, the floor;
//! - `hello/parse_hostile` and `hello/byte_sum_hostile`: the same on a 65 KB hello in five
//!   records with 16,237 distinct extension types, all 64 and above (issue 11), read with
//!   `parse_with` and a reused buffer: the reader must stay linear.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tls_policy::{ClientHello, KeyTypes, Policy, negotiate};

#[path = "../tests/support/wire.rs"]
mod wire;

const CAPTURE: &[u8] = include_bytes!("../tests/data/hellos/openssl_default.bin");

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("hello");
    let policy = Policy::named("dps-tls12").unwrap();
    let verdict = negotiate(&policy, &ClientHello::parse(CAPTURE).unwrap().offer(), KeyTypes::RSA);
    assert!(verdict.is_ok());

    group.bench_function("parse_and_decide", |b| {
        b.iter(|| {
            let hello = ClientHello::parse(black_box(CAPTURE)).unwrap();
            negotiate(&policy, &hello.offer(), KeyTypes::RSA)
        })
    });
    group.bench_function("rustls_acceptor", |b| {
        b.iter(|| {
            let mut acceptor = rustls::server::Acceptor::default();
            let mut input = black_box(CAPTURE);
            acceptor.read_tls(&mut input).unwrap();
            let accepted = acceptor.accept().ok().flatten().unwrap();
            accepted.client_hello().cipher_suites().len()
        })
    });
    group.bench_function("tls_parser", |b| {
        use tls_parser::{TlsMessage, TlsMessageHandshake, parse_tls_client_hello_extensions, parse_tls_plaintext};
        b.iter(|| {
            let (_, record) = parse_tls_plaintext(black_box(CAPTURE)).unwrap();
            let Some(TlsMessage::Handshake(TlsMessageHandshake::ClientHello(ch))) = record.msg.first() else {
                unreachable!()
            };
            let (_, exts) = parse_tls_client_hello_extensions(ch.ext.unwrap()).unwrap();
            (ch.ciphers.len(), exts.len())
        })
    });
    group.bench_function("byte_sum", |b| b.iter(|| black_box(CAPTURE).iter().map(|&b| u64::from(b)).sum::<u64>()));

    let hostile = wire::hostile();
    let mut buffer = Vec::new();
    let hello = ClientHello::parse_with(&hostile, &mut buffer).unwrap();
    assert_eq!(hello.extensions().count(), 3 + wire::HOSTILE_TYPES);
    assert!(negotiate(&policy, &hello.offer(), KeyTypes::RSA).is_ok());
    group.bench_function("parse_hostile", |b| {
        b.iter(|| {
            let hello = ClientHello::parse_with(black_box(&hostile), &mut buffer).unwrap();
            negotiate(&policy, &hello.offer(), KeyTypes::RSA)
        })
    });
    group.bench_function("byte_sum_hostile", |b| {
        b.iter(|| black_box(&hostile).iter().map(|&b| u64::from(b)).sum::<u64>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
