//! Any bytes through the ClientHello reader, and whatever it reads through the engine and its
//! per-suite account, under every named policy: nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tls_policy::{ClientHello, KeyTypes, Policy, explain, negotiate, negotiate_naive};

fn policies() -> &'static [Policy] {
    static POLICIES: OnceLock<Vec<Policy>> = OnceLock::new();
    POLICIES.get_or_init(|| Policy::named_ids().iter().filter_map(|id| Policy::named(id).ok()).collect())
}

fuzz_target!(|data: &[u8]| {
    let mut buffer = Vec::new();
    let Ok(hello) = ClientHello::parse_with(data, &mut buffer) else { return };
    let _ = hello.alpn().count() + hello.extensions().count();
    let offer = hello.offer();
    for policy in policies() {
        for keys in [KeyTypes::RSA, KeyTypes::ECDSA, KeyTypes::RSA_AND_ECDSA] {
            let fast = negotiate(policy, &offer, keys);
            assert_eq!(fast, negotiate_naive(policy, &offer, keys), "engine and naive disagree");
            let _ = explain(policy, &offer, keys).suites().count();
        }
    }
});
