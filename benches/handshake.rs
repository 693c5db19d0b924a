//! A full in-memory TLS 1.2 handshake between configs built by the crate (`dps-tls12`,
//! RSA-2048 certificate, ECDHE P-256), and the screening decision a `Screen` adds to it.
//!
//! - `handshake/rustls_tls12`: ClientHello to Finished, both sides, in memory;
//! - `handshake/screen_decision`: `Screen::decide` on that handshake's ClientHello bytes
//!   (parse + engine), what screening adds before rustls sees the hello.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/tls.rs"]
mod tls;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tls_policy::Policy;
use tls_policy::rustls::Realizer;

fn bench(c: &mut Criterion) {
    let policy = Policy::named("dps-tls12").unwrap();
    let identity = tls::rsa();
    let (chain, key) = identity.parts();
    let server = std::sync::Arc::new(Realizer::new(&policy).server_config(chain.clone(), key).unwrap().config);
    let mut roots = rustls::RootCertStore::empty();
    roots.add(chain[0].clone()).unwrap();
    let client = std::sync::Arc::new(Realizer::new(&policy).client_config(roots).unwrap().config);
    // A full handshake each time: no session to resume.
    let mut full = (*client).clone();
    full.resumption = rustls::client::Resumption::disabled();
    let client = std::sync::Arc::new(full);
    let screen = Realizer::new(&policy).screen(vec![identity.parts()]).unwrap();

    let first = tls::handshake(client.clone(), server.clone());
    let agreed = first.outcome.expect("the handshake succeeds");
    assert_eq!(agreed.version, 0x0303);
    let (decision, _) = screen.decide(&first.client_hello).unwrap();
    assert_eq!(decision.suite.get(), agreed.suite);

    let mut group = c.benchmark_group("handshake");
    group.bench_function("rustls_tls12", |b| {
        b.iter(|| tls::handshake(black_box(client.clone()), black_box(server.clone())).outcome.unwrap())
    });
    group.bench_function("screen_decision", |b| b.iter(|| screen.decide(black_box(&first.client_hello)).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
