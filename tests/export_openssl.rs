//! `export::openssl` proven with OpenSSL itself (skipped, saying so, where `openssl` is
//! missing; CI installs it):
//!
//! - `openssl ciphers -V` lists exactly the policy's suites OpenSSL implements, in the
//!   policy's order, for every named policy;
//! - `openssl s_server` started with the exported settings (and an RSA certificate) accepts
//!   and refuses the bundled captures as the engine says for the policy, with the same suite;
//! - the cipher string reads back through `import::openssl` to the policy's suites, for every
//!   named policy and any policy of suites OpenSSL 3.0 implements (a property test);
//! - the `export` command prints one line for `--to openssl`, the gaps on stderr.

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/engine_check.rs"]
mod engine_check;
#[path = "support/s_client.rs"]
mod s_client;

use std::net::TcpListener;
use std::process::{Command, Stdio};

use engine_check::{agrees_with_the_engine, dir};
use proptest::prelude::*;
use s_client::{Guard, openssl};
use tls_policy::export::openssl::openssl as export;
use tls_policy::import::openssl as import;
use tls_policy::{CipherSuite, NamedGroup, Policy, SuiteEntry};

/// The policy's suites of TLS 1.2 and below that the exported cipher string keeps: those
/// OpenSSL serves (the rest are listed as gaps).
fn kept(policy: &Policy) -> Vec<CipherSuite> {
    let servable = servable();
    policy.entries().iter().map(|e| e.suite).filter(|s| servable.contains(s)).collect()
}

fn present() -> bool {
    if s_client::found(openssl()) {
        return true;
    }
    eprintln!("skipped: openssl is not installed (CI installs it)");
    false
}

#[test]
fn openssl_ciphers_lists_exactly_the_policys_suites_in_order() {
    if !present() {
        return;
    }
    let mut checked = 0;
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(settings) = export(&policy) else { continue };
        let Some(string) = &settings.cipher_string else { continue };
        let out = Command::new(openssl()).args(["ciphers", "-V", "-ciphersuites", "", string]).output().unwrap();
        assert!(out.status.success(), "{id}: {string}: {}", String::from_utf8_lossy(&out.stderr));
        let codes: Vec<u16> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let code = l.trim().split(' ').next().unwrap();
                let (hi, lo) = code.split_once(",0x").unwrap();
                u16::from_str_radix(&format!("{}{lo}", hi.trim_start_matches("0x")), 16).unwrap()
            })
            .collect();
        let want: Vec<u16> = kept(&policy).iter().map(|s| s.get()).collect();
        assert_eq!(codes, want, "{id}: {string}");
        checked += 1;
    }
    assert!(checked >= 8, "{checked} policies checked");
}

#[test]
fn s_server_with_the_exported_settings_does_what_the_engine_says() {
    if !present() {
        return;
    }
    let dir = dir("openssl");
    // Policies OpenSSL expresses but for its signature schemes: no SChannel curve
    // constraints, no suite it lacks.
    for id in ["dps-tls12", "dps-2024", "mozilla-intermediate", "mozilla-modern", "mozilla-old"] {
        let policy = Policy::named(id).unwrap();
        let settings = export(&policy).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(openssl())
            .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www"])
            .args(["-cert", &dir.0.join("cert.pem").display().to_string()])
            .args(["-key", &dir.0.join("key.pem").display().to_string()])
            .args(settings.s_server_args())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        let _guard = Guard(child);
        s_client::wait_listening(port);
        let (_, _, alpn) =
            agrees_with_the_engine("s_server", id, &policy, port, &format!("{:?}", settings.s_server_args()));
        assert_eq!(alpn, 0, "{id}: s_server -www takes any ALPN");
    }
}

#[test]
fn the_export_command_prints_one_line_and_the_gaps_on_stderr() {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_tls-policy"));
    let out =
        Command::new(binary).args(["export", "--policy", "dps-legacy-security", "--to", "openssl"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(
        import::compile(text.trim()).unwrap().usable(0).collect::<Vec<_>>(),
        kept(&Policy::named("dps-legacy-security").unwrap())
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot tie TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA to secp384r1"), "{err}");
    let modern =
        Command::new(binary).args(["export", "--policy", "mozilla-modern", "--to", "openssl"]).output().unwrap();
    assert_eq!(modern.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&modern.stderr).contains("no TLS 1.2 or older suite"));
    let conf =
        Command::new(binary).args(["export", "--policy", "mozilla-modern", "--to", "openssl-conf"]).output().unwrap();
    let text = String::from_utf8(conf.stdout).unwrap();
    assert!(
        text.contains("MinProtocol = TLSv1.3\n") && text.contains("Ciphersuites = TLS_AES_128_GCM_SHA256:"),
        "{text}"
    );
}

/// Every suite of TLS 1.2 and below OpenSSL 3.0 serves without PSK or SRP.
fn servable() -> Vec<CipherSuite> {
    import::compile("ALL:COMPLEMENTOFALL:!PSK:!SRP:@SECLEVEL=0").unwrap().usable(0).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any policy of suites OpenSSL implements, in any order: the cipher string reads back
    /// to those suites in that order.
    #[test]
    fn the_cipher_string_reads_back_to_the_policys_suites(picks in proptest::sample::subsequence(servable(), 1..40), seed in any::<u64>()) {
        let mut suites = picks;
        // An order of the seed's choosing.
        let mut state = seed | 1;
        for i in (1..suites.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            suites.swap(i, usize::try_from(state % u64::try_from(i + 1).unwrap()).unwrap());
        }
        let tls = tls_policy::VersionSet::between(tls_policy::ProtocolVersion::TLSv1_0, tls_policy::ProtocolVersion::TLSv1_2);
        let versions = suites.iter().filter_map(|s| s.info()).fold(tls_policy::VersionSet::EMPTY, |v, i| v.union(i.versions().intersect(tls)));
        let policy = Policy::builder("any")
            .versions(versions)
            .entries(suites.iter().copied().map(SuiteEntry::new))
            .groups([NamedGroup::secp256r1, NamedGroup::x25519, NamedGroup::ffdhe2048])
            .build()
            .unwrap();
        let settings = export(&policy).unwrap();
        let string = settings.cipher_string.clone().unwrap();
        let back: Vec<CipherSuite> = import::compile(&string).unwrap().usable(settings.security_level).collect();
        prop_assert_eq!(back, suites, "{}", string);
    }
}

/// A suite listed as `X_P256`, `X_P384` and `X` (SChannel's per-curve entries) is named once in
/// every target's list, with the group constraints as gaps; and a hostile id reaches an error
/// message with its control characters escaped.
#[test]
fn a_suite_listed_again_is_named_once_and_ids_in_errors_are_escaped() {
    use tls_policy::export::{sdk, servers};
    let json = r#"{"id": "dup", "versions": ["TLSv1.2"], "groups": ["secp256r1", "secp384r1"],
        "entries": ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P384",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]}"#;
    let policy = Policy::from_json_str(json).unwrap();
    assert_eq!(export(&policy).unwrap().cipher_string.as_deref(), Some("ECDHE-RSA-AES128-SHA"));
    for (target, setting) in [
        ("java", sdk::java(&policy).unwrap()),
        ("csharp", sdk::csharp(&policy).unwrap()),
        ("go", servers::go(&policy).unwrap()),
    ] {
        let named = setting.text.matches("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA").count();
        assert_eq!(named, 1, "{target}:\n{}", setting.text);
    }
    let json = "{\"id\": \"evil\\n\\u001b[31mcannot express: nothing\", \"versions\": [\"TLSv1.3\"], \
                \"entries\": [\"TLS_AES_128_GCM_SHA256\"], \"groups\": [\"x25519\"]}";
    let policy = Policy::from_json_str(json).unwrap();
    let error =
        sdk::java(&Policy::from_json_str(&json.replace("TLS_AES_128_GCM_SHA256", "TLS_SHA256_SHA256")).unwrap())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
    assert!(!error.is_empty(), "a policy of a suite Java lacks is an error");
    assert!(!error.contains(['\n', '\u{1b}']) && error.contains("evil\\n\\u{1b}[31m"), "{error:?}");
    assert!(export(&policy).is_ok());
}
