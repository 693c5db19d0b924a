//! The engine against the textbook decision, on real captures and on a worst case.
//!
//! - `negotiate/engine`, `negotiate/naive`: one iteration decides every capture's parsed offer
//!   in `tests/data/hellos` under `dps-tls12` with an RSA key.
//! - `negotiate/engine_worst`, `negotiate/naive_worst`: a 120-suite offer whose only policy
//!   match is its last suite, which is also the policy's last entry (`dps-legacy-security`).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tls_policy::{
    CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, SignatureScheme, negotiate, negotiate_naive,
};

#[path = "../tests/support/offers.rs"]
mod offers;

use offers::{Fields, captures};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("negotiate");

    let dps = Policy::named("dps-tls12").unwrap();
    let fields = captures();
    let offers: Vec<Offer<'_>> = fields.iter().map(Fields::offer).collect();
    for offer in &offers {
        assert_eq!(negotiate(&dps, offer, KeyTypes::RSA), negotiate_naive(&dps, offer, KeyTypes::RSA));
    }
    group.bench_function("engine", |b| {
        b.iter(|| {
            let mut accepted = 0u32;
            for offer in &offers {
                accepted += u32::from(negotiate(black_box(&dps), black_box(offer), KeyTypes::RSA).is_ok());
            }
            accepted
        })
    });
    group.bench_function("naive", |b| {
        b.iter(|| {
            let mut accepted = 0u32;
            for offer in &offers {
                accepted += u32::from(negotiate_naive(black_box(&dps), black_box(offer), KeyTypes::RSA).is_ok());
            }
            accepted
        })
    });

    // 119 registered suites the policy lacks, then the policy's last entry.
    let legacy = Policy::named("dps-legacy-security").unwrap();
    let last = *legacy.entries().last().unwrap();
    let mut suites: Vec<CipherSuite> = CipherSuite::all()
        .map(|i| i.suite())
        .filter(|s| !legacy.entries().iter().any(|e| e.suite == *s))
        .take(119)
        .collect();
    suites.push(last.suite);
    assert_eq!(suites.len(), 120);
    let groups = [NamedGroup::secp256r1, NamedGroup::secp384r1];
    let schemes = [SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pss_rsae_sha256];
    let worst = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&groups).with_signature_schemes(&schemes);
    let keys = KeyTypes::RSA_AND_ECDSA;
    let agreed = negotiate(&legacy, &worst, keys).unwrap();
    assert_eq!(agreed.suite, last.suite);
    assert_eq!(Ok(agreed), negotiate_naive(&legacy, &worst, keys));
    group.bench_function("engine_worst", |b| b.iter(|| negotiate(black_box(&legacy), black_box(&worst), keys)));
    group.bench_function("naive_worst", |b| b.iter(|| negotiate_naive(black_box(&legacy), black_box(&worst), keys)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
