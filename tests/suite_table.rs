//! The committed cipher-suite table is exactly what its generator makes of its sources.

#[path = "../src/model/suite/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

const IANA: &str = include_str!("../src/model/suite/data/tls-parameters-4.csv");
const OPENSSL: &str = include_str!("../src/model/suite/data/openssl-ciphers-v.txt");
const OPENSSL_OLD: &str = include_str!("../src/model/suite/data/openssl-1.x-ciphers.txt");
const TABLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model/suite/table.rs");

#[test]
fn table_matches_its_sources() {
    let generated =
        generate::generate(IANA, OPENSSL, OPENSSL_OLD).expect("the generator understands every registry row");
    if std::env::var_os("TLS_POLICY_BLESS").is_some() {
        std::fs::write(TABLE_PATH, &generated).expect("write table.rs");
    }
    let committed = std::fs::read_to_string(TABLE_PATH).expect("read table.rs");
    assert!(
        committed == generated,
        "src/model/suite/table.rs is stale: run `TLS_POLICY_BLESS=1 cargo test --test suite_table`"
    );
}
