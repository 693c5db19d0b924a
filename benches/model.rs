//! Lookups of the model: code to suite description, and name to code.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tls_policy::CipherSuite;

/// The 31 suite codes OpenSSL 3.0 offers by default, in its order (the `openssl_default`
/// capture).
const OPENSSL_DEFAULT: [u16; 31] = [
    0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA, 0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028,
    0x006B, 0xC023, 0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C,
    0x0035, 0x002F, 0x00FF,
];

fn lookups(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    group.bench_function("suite_info", |b| {
        b.iter(|| {
            let mut aead = 0u32;
            for code in black_box(OPENSSL_DEFAULT) {
                aead += u32::from(CipherSuite::from(code).info().is_some_and(|i| i.is_aead()));
            }
            aead
        })
    });
    group.bench_function("parse_iana_name", |b| {
        b.iter(|| black_box("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256").parse::<CipherSuite>())
    });
    group.bench_function("parse_openssl_name", |b| b.iter(|| black_box("AES128-SHA").parse::<CipherSuite>()));
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
