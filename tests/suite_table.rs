//! The committed generated tables are exactly what their generators make of their sources:
//! the cipher-suite table (`src/model/suite/table.rs`) and the OpenSSL cipher-string table
//! (`src/import/openssl/table.rs`).

#[path = "../src/model/suite/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

#[path = "../src/import/openssl/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod openssl_generate;

const IANA: &str = include_str!("../src/model/suite/data/tls-parameters-4.csv");
const OPENSSL: &str = include_str!("../src/model/suite/data/openssl-ciphers-v.txt");
const OPENSSL_OLD: &str = include_str!("../src/model/suite/data/openssl-1.x-ciphers.txt");

/// Fails if the committed file at `path` (from the crate root) is not `generated`; with
/// `TLS_POLICY_BLESS` set, first rewrites it.
fn assert_committed(path: &str, generated: &str) {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("TLS_POLICY_BLESS").is_some() {
        std::fs::write(&full, generated).unwrap_or_else(|e| panic!("write {path}: {e}"));
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("read {path}: {e}"));
    assert!(committed == generated, "{path} is stale: run `TLS_POLICY_BLESS=1 cargo test --test suite_table`");
}

#[test]
fn table_matches_its_sources() {
    let generated =
        generate::generate(IANA, OPENSSL, OPENSSL_OLD).expect("the generator understands every registry row");
    assert_committed("src/model/suite/table.rs", &generated);
}

#[test]
fn openssl_table_matches_its_source() {
    let lines = generate::openssl_lines(OPENSSL).expect("every line of openssl-ciphers-v.txt parses");
    let generated = openssl_generate::generate(lines.iter().map(|l| (l.code, l.name.as_str(), l.version.as_str())))
        .expect("the generator understands every OpenSSL line");
    assert_committed("src/import/openssl/table.rs", &generated);
}
