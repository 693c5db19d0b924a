//! Suite names of OpenSSL 1.1.1 and 1.0.2 (`DES-CBC3-SHA`, `EDH-RSA-DES-CBC3-SHA`, ...) parse
//! as suites, but in a cipher string they select nothing, exactly as the system OpenSSL 3.0's
//! `openssl ciphers` has it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;

use std::process::Command;

use tls_policy::import::openssl::{self, CipherStringError};
use tls_policy::{CipherSuite, ProtocolVersion, VersionSet};

/// The TLS 1.2-and-below suites `openssl ciphers -V STRING` lists, or `None` when OpenSSL
/// refuses the string ("no cipher match").
fn real_openssl(string: &str) -> Option<Vec<CipherSuite>> {
    let out = Command::new(s_client::openssl()).args(["ciphers", "-V", string]).output().expect("openssl runs");
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let suites = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|code| code.parse::<CipherSuite>().expect("a code"))
        .filter(|s| s.info().is_some_and(|i| i.versions() != VersionSet::only(ProtocolVersion::TLSv1_3)))
        .collect();
    Some(suites)
}

/// Every OpenSSL name the table holds for a suite OpenSSL 3.0 does not build.
fn old_names() -> Vec<(&'static str, CipherSuite)> {
    CipherSuite::all()
        // TLS 1.3 suites are no cipher-string words (OpenSSL takes them from `-ciphersuites`).
        .filter(|i| !i.versions().contains(ProtocolVersion::TLSv1_3))
        .flat_map(|i| i.openssl().into_iter().chain(i.openssl_aliases().iter().copied()).map(move |n| (n, i.suite())))
        .filter(|(name, _)| matches!(openssl::cipher_list(name), Err(CipherStringError::SelectsNothing { .. })))
        .collect()
}

#[test]
fn old_names_select_nothing_as_in_openssl_3() {
    let names = old_names();
    // 94 suites (3DES, RC4, DES, IDEA, SEED, export, static DH/ECDH and Kerberos), with
    // 1.0.2's "EDH-" spellings of two of them.
    assert_eq!(names.len(), 96, "{names:?}");
    for (name, suite) in &names {
        assert_eq!(name.parse::<CipherSuite>().as_ref(), Ok(suite), "{name}");
        // Alone, the name selects nothing: OpenSSL says "no cipher match".
        assert_eq!(real_openssl(name), None, "{name}");
        // Beside a suite OpenSSL has, it is ignored; the crate reports it as ignored (it is
        // no typo), in strict and lenient mode alike. OpenSSL 3.0 still keeps two "EDH-" names
        // as aliases (`cipher_aliases` in ssl/ssl_ciph.c): known words that select nothing.
        let alias = ["EDH-DSS-DES-CBC3-SHA", "EDH-RSA-DES-CBC3-SHA"].contains(name);
        let string = format!("{name}:AES128-SHA");
        let want = real_openssl(&string).expect("AES128-SHA selects");
        assert_eq!(want, [CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA], "{string}");
        for list in [openssl::compile(&string), openssl::compile_lenient(&string)] {
            let list = list.unwrap_or_else(|e| panic!("{string}: {e}"));
            assert_eq!(list.suites(), want, "{string}");
            let ignored = list.ignored().first().map(|w| w.word.as_str());
            assert_eq!(ignored, (!alias).then_some(*name), "{string}");
        }
        // Joined to another word with `+`, it makes the whole element select nothing.
        let joined = format!("AES128-SHA+{name}");
        assert_eq!(real_openssl(&joined), None, "{joined}");
        assert!(matches!(openssl::cipher_list(&joined), Err(CipherStringError::SelectsNothing { .. })), "{joined}");
        // Removing it changes nothing.
        let removed = format!("HIGH:!{name}");
        assert_eq!(Some(openssl::cipher_list(&removed).unwrap()), real_openssl(&removed), "{removed}");
    }
}

#[test]
fn names_are_case_sensitive_in_cipher_strings() {
    // OpenSSL matches cipher-string words case-sensitively; `des-cbc3-sha` is no word at all.
    assert_eq!(real_openssl("des-cbc3-sha:AES128-SHA"), real_openssl("AES128-SHA"));
    assert!(matches!(openssl::cipher_list("des-cbc3-sha:AES128-SHA"), Err(CipherStringError::UnknownWord { .. })));
    assert_eq!(
        openssl::compile_lenient("des-cbc3-sha:AES128-SHA").unwrap().suites(),
        [CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]
    );
}
