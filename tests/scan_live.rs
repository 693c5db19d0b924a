//! `tls_policy::scan` against real servers on 127.0.0.1, each started by the test and stopped
//! by its pid:
//!
//! - `tls-policy serve --policy P` conforms to the effective policy of P (what rustls
//!   enforces), for every named policy rustls can realize and for random realizable ones;
//! - a plain rustls server (no screen) differs from its effective policy only in the alerts
//!   rustls itself sends for old versions;
//! - `openssl s_server` in several settings (the DPS list in server order, TLS 1.2 + 1.3,
//!   client order, legacy CBC with TLS 1.0, ECDSA and RSA certificates, fallback SCSV): the
//!   scan finds exactly `import::openssl::policy(S)` for the certificate's key types, and
//!   the same suites as nmap's `ssl-enum-ciphers` and sslscan where they are installed;
//! - the `tls-policy scan` command's JSON and exit status.

#![cfg(all(feature = "cli", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/serve.rs"]
mod serve;

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use s_client::{Guard, found, openssl};
use serve::{binary, start};
use tls_policy::import::files::{Format, write_policy};
use tls_policy::rustls::Realizer;
use tls_policy::scan::{FallbackScsv, Scan, ScanOptions, VersionState, conformance, scan};
use tls_policy::{KeyType, KeyTypes, Policy, Preference, ProtocolVersion};

/// A folder of this test's own, removed at the end.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir(name: &str) -> Dir {
    let dir = std::env::temp_dir().join(format!("tls-policy-scan-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Dir(dir)
}

fn options() -> ScanOptions {
    let mut options = ScanOptions::default();
    options.max_time = Duration::from_secs(60);
    options
}

/// The suites a scan found in `version`, as codes.
fn suites(scan: &Scan, version: ProtocolVersion) -> BTreeSet<u16> {
    match scan.version(version).map(|v| &v.state) {
        Some(VersionState::Accepted(a)) => a.suites.iter().map(|s| s.get()).collect(),
        _ => BTreeSet::new(),
    }
}

fn keys_arg(keys: KeyTypes) -> &'static str {
    match (keys.holds(KeyType::Rsa), keys.holds(KeyType::Ecdsa)) {
        (true, true) => "rsa,ecdsa",
        (false, true) => "ecdsa",
        _ => "rsa",
    }
}

/// Scans `serve --policy spec --keys keys` and compares it with `policy`'s effective policy.
fn serve_conforms(spec: &str, policy: &Policy, keys: KeyTypes) {
    let server = start(&["--policy", spec, "--keys", keys_arg(keys)], None);
    let seen = scan(&format!("127.0.0.1:{}", server.port), &options()).unwrap();
    let effective = Realizer::new(policy).report().unwrap().effective().clone();
    let result = conformance(&seen, &effective, Some(keys)).unwrap();
    assert!(seen.is_complete(), "{spec}: {:?} {:?}", seen.faults, seen.incomplete);
    assert!(
        result.conforms(),
        "serve --policy {spec} --keys {keys} differs from its effective policy:\n{}\nseen: {seen:#?}",
        result.differences.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n"),
    );
}

#[test]
fn serve_conforms_to_the_effective_policy_of_each_named_policy() {
    let mut realizable = 0;
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(report) = Realizer::new(&policy).report() else { continue };
        if report.effective().entries().is_empty() {
            continue;
        }
        realizable += 1;
        let keys = if serves(report.effective(), KeyType::Ecdsa) { KeyTypes::RSA_AND_ECDSA } else { KeyTypes::RSA };
        serve_conforms(id, &policy, keys);
    }
    assert!(realizable >= 8, "only {realizable} named policies are realizable");
}

/// Whether some suite of `policy` can be served with a key of this type.
fn serves(policy: &Policy, key: KeyType) -> bool {
    policy.entries().iter().any(|e| {
        e.suite.info().is_some_and(|i| i.auth() == tls_policy::Authentication::Any || i.auth().key_type() == Some(key))
    })
}

#[test]
fn serve_conforms_to_the_effective_policy_of_random_realizable_policies() {
    let folder = dir("random");
    let mut runner = TestRunner::deterministic();
    let strategy = (tls_policy::strategy::any_policy(), tls_policy::strategy::credentials());
    let mut tried = 0;
    let mut attempts = 0;
    while tried < 6 {
        attempts += 1;
        assert!(attempts < 500, "no realizable policies generated");
        let (policy, keys) = strategy.new_tree(&mut runner).unwrap().current();
        let Ok(report) = Realizer::new(&policy).report() else { continue };
        let held = [KeyType::Rsa, KeyType::Ecdsa].into_iter().filter(|k| keys.holds(*k));
        if report.effective().entries().is_empty() || !held.clone().all(|k| serves(report.effective(), k)) {
            // serve refuses to start with a key no suite can use, and says so.
            continue;
        }
        let file = folder.0.join(format!("policy-{tried}.json"));
        std::fs::write(&file, write_policy(&policy, Format::Json)).unwrap();
        serve_conforms(file.to_str().unwrap(), &policy, keys);
        tried += 1;
    }
}

#[test]
fn a_plain_rustls_server_is_scanned_as_its_effective_policy_with_rustls_alerts() {
    use std::io::{Read, Write};
    let dps = Policy::named("dps-tls12").unwrap();
    let (chain, key) = support_rsa();
    let config = Arc::new(Realizer::new(&dps).server_config(chain, key).unwrap().config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let server = std::thread::spawn(move || {
        for stream in listener.incoming() {
            if flag.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let Ok(mut conn) = rustls::ServerConnection::new(Arc::clone(&config)) else { continue };
            // Handshake until the peer gives up: the scanner never finishes one.
            let _ = conn.complete_io(&mut stream);
            let _ = stream.flush();
            let mut rest = [0u8; 64];
            let _ = stream.read(&mut rest);
        }
    });
    let seen = scan(&format!("127.0.0.1:{port}"), &options()).unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
    server.join().unwrap();
    let effective = Realizer::new(&dps).report().unwrap().effective().clone();
    let result = conformance(&seen, &effective, Some(KeyTypes::RSA)).unwrap();
    // rustls refuses TLS 1.0 and 1.1 with protocol_version (70) as the policy does; whatever
    // else differs must be an alert, never a suite, a group or an order.
    for difference in &result.differences {
        assert_eq!(difference.kind(), "alert", "{difference}");
    }
    assert_eq!(suites(&seen, ProtocolVersion::TLSv1_2), suites(&result.expected, ProtocolVersion::TLSv1_2));
    assert!(!suites(&seen, ProtocolVersion::TLSv1_2).is_empty());
}

fn support_rsa() -> (Vec<rustls::pki_types::CertificateDer<'static>>, rustls::pki_types::PrivateKeyDer<'static>) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
    (
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
}

/// Certificates for `s_server`: RSA-2048 (`rsa.pem`, `rsa.key`) and ECDSA P-256 (`ec.pem`, `ec.key`).
fn certificates() -> Dir {
    let folder = dir("certs");
    for (name, alg) in [("rsa", &rcgen::PKCS_RSA_SHA256), ("ec", &rcgen::PKCS_ECDSA_P256_SHA256)] {
        let key = rcgen::KeyPair::generate_for(alg).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&key).unwrap();
        std::fs::write(folder.0.join(format!("{name}.pem")), cert.pem()).unwrap();
        std::fs::write(folder.0.join(format!("{name}.key")), key.serialize_pem()).unwrap();
    }
    folder
}

/// One `openssl s_server` setting.
struct Setting {
    name: &'static str,
    /// `s_server` arguments besides the port and certificates.
    args: &'static [&'static str],
    /// The TLS 1.2-and-below cipher string (`-cipher`), compiled by `import::openssl`.
    cipher: &'static str,
    keys: KeyTypes,
}

const SETTINGS: [Setting; 5] = [
    Setting {
        name: "DPS recommended, TLS 1.2, server order",
        args: &["-tls1_2", "-serverpref", "-groups", "P-256:P-384"],
        cipher: "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256",
        keys: KeyTypes::RSA,
    },
    Setting {
        name: "TLS 1.2 and 1.3, client order",
        args: &["-no_tls1_1"],
        cipher: "HIGH:!aNULL",
        keys: KeyTypes::RSA,
    },
    Setting {
        name: "legacy CBC with TLS 1.0, server order",
        args: &["-serverpref"],
        cipher: "AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:@SECLEVEL=0",
        keys: KeyTypes::RSA,
    },
    Setting {
        name: "ECDSA and RSA certificates",
        args: &["-tls1_2"],
        cipher: "ECDHE+AESGCM:ECDHE+CHACHA20",
        keys: KeyTypes::RSA_AND_ECDSA,
    },
    Setting {
        name: "TLS 1.0 to 1.2 (fallback SCSV)",
        args: &["-no_tls1_3", "-serverpref"],
        cipher: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:@SECLEVEL=0",
        keys: KeyTypes::RSA,
    },
];

/// `s_server` in `setting` on a free port.
fn s_server(certs: &Dir, setting: &Setting) -> (Guard, u16) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let file = |name: &str| certs.0.join(name).display().to_string();
    let mut command = Command::new(openssl());
    command
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www", "-quiet"])
        .args(["-cert", &file("rsa.pem"), "-key", &file("rsa.key")])
        .args(["-cipher", setting.cipher])
        .args(setting.args);
    if setting.keys.holds(KeyType::Ecdsa) {
        command.args(["-dcert", &file("ec.pem"), "-dkey", &file("ec.key")]);
    }
    let child = command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let guard = Guard(child);
    s_client::wait_listening(port);
    (guard, port)
}

/// What `import::openssl` says the cipher string accepts in `version` with these keys: the
/// TLS 1.2-and-below suites whose authentication the keys can give.
fn compiled(setting: &Setting, version: ProtocolVersion) -> BTreeSet<u16> {
    let policy = tls_policy::import::openssl::policy("s_server", setting.cipher).unwrap();
    policy
        .entries()
        .iter()
        .map(|e| e.suite)
        .filter(|s| {
            s.info().is_some_and(|i| {
                i.versions().contains(version) && i.auth().key_type().is_some_and(|k| setting.keys.holds(k))
            })
        })
        .map(|s| s.get())
        .collect()
}

#[test]
fn openssl_servers_are_scanned_as_their_cipher_strings_compile() {
    let certs = certificates();
    for setting in &SETTINGS {
        let (_server, port) = s_server(&certs, setting);
        let seen = scan(&format!("127.0.0.1:{port}"), &options()).unwrap();
        assert!(seen.is_complete(), "{}: {:?}", setting.name, seen.faults);
        let mut accepted = 0;
        for version in [ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_0] {
            let found = suites(&seen, version);
            if found.is_empty() {
                continue;
            }
            accepted += 1;
            assert_eq!(found, compiled(setting, version), "{} {version}", setting.name);
        }
        assert!(accepted > 0, "{}: nothing accepted: {seen:#?}", setting.name);
        let mut keys: Vec<KeyType> = seen.certificates.clone();
        keys.sort_by_key(|k| matches!(k, KeyType::Ecdsa));
        let want: Vec<KeyType> =
            [KeyType::Rsa, KeyType::Ecdsa].into_iter().filter(|k| setting.keys.holds(*k)).collect();
        assert_eq!(keys, want, "{}", setting.name);
        check_setting(setting, &seen);
        differential(setting, port, &seen);
    }
}

/// What each setting shows beyond its suites.
fn check_setting(setting: &Setting, seen: &Scan) {
    let tls12 = match &seen.version(ProtocolVersion::TLSv1_2).unwrap().state {
        VersionState::Accepted(a) => a.clone(),
        other => panic!("{}: TLS 1.2 {other:?}", setting.name),
    };
    let server_order = setting.args.contains(&"-serverpref");
    assert_eq!(
        tls12.preference,
        Some(if server_order { Preference::Server } else { Preference::Client }),
        "{}",
        setting.name
    );
    match setting.name {
        "DPS recommended, TLS 1.2, server order" => {
            let codes: Vec<u16> = tls12.suites.iter().map(|s| s.get()).collect();
            assert_eq!(codes, [0xC030, 0xC02F, 0xC028, 0xC027]);
            assert_eq!(tls12.groups, [tls_policy::NamedGroup::secp256r1, tls_policy::NamedGroup::secp384r1]);
            for version in [ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_0] {
                assert_eq!(
                    seen.version(version).unwrap().state,
                    VersionState::Refused { alert: Some(70) },
                    "{version}"
                );
            }
            assert_eq!(seen.fallback_scsv, FallbackScsv::NotApplicable);
            assert!(seen.connections < 25, "{} connections", seen.connections);
        }
        "TLS 1.2 and 1.3, client order" => {
            assert!(suites(seen, ProtocolVersion::TLSv1_3).contains(&0x1301));
            assert_eq!(seen.fallback_scsv, FallbackScsv::Honoured);
        }
        "legacy CBC with TLS 1.0, server order" => {
            let codes: Vec<u16> = tls12.suites.iter().map(|s| s.get()).collect();
            assert_eq!(codes, [0x002F, 0x0035, 0xC013]);
            assert_eq!(suites(seen, ProtocolVersion::TLSv1_0), [0x002F, 0x0035, 0xC013].into_iter().collect());
        }
        "TLS 1.0 to 1.2 (fallback SCSV)" => assert_eq!(seen.fallback_scsv, FallbackScsv::Honoured),
        _ => {}
    }
}

/// The suites nmap's `ssl-enum-ciphers` and sslscan find in each version, beside the scan's.
fn differential(setting: &Setting, port: u16, seen: &Scan) {
    if found("nmap") {
        let out = Command::new("nmap")
            .args(["-Pn", "-n", "--script", "ssl-enum-ciphers", "-p", &port.to_string(), "127.0.0.1", "-oX", "-"])
            .output()
            .unwrap();
        let xml = String::from_utf8_lossy(&out.stdout);
        for version in
            [ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_0]
        {
            let theirs: BTreeSet<String> = nmap_suites(&xml, &version.to_string());
            let ours: BTreeSet<String> = suites(seen, version)
                .into_iter()
                .map(|c| tls_policy::CipherSuite::from_u16(c).to_string())
                // nmap names the TLS 1.3 suites as their draft did: TLS_AKE_WITH_AES_128_GCM_SHA256.
                .map(|name| name.replacen("TLS_", "TLS_AKE_WITH_", usize::from(version == ProtocolVersion::TLSv1_3)))
                .collect();
            assert_eq!(ours, theirs, "{} {version}: ours beside nmap's", setting.name);
        }
    } else {
        eprintln!("nmap is not installed: the nmap differential is skipped (.ci/run installs it)");
    }
    if found("sslscan") {
        let out = Command::new("sslscan").args(["--xml=-", &format!("127.0.0.1:{port}")]).output().unwrap();
        let xml = String::from_utf8_lossy(&out.stdout);
        for version in
            [ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_0]
        {
            let theirs = sslscan_suites(&xml, &version.to_string());
            assert_eq!(suites(seen, version), theirs, "{} {version}: ours beside sslscan's", setting.name);
        }
    } else {
        eprintln!("sslscan is not installed: the sslscan differential is skipped (.ci/run installs it)");
    }
}

/// The `<elem key="name">` entries of nmap's `<table key="VERSION">`.
fn nmap_suites(xml: &str, version: &str) -> BTreeSet<String> {
    let Some(start) = xml.find(&format!("<table key=\"{version}\">")) else { return BTreeSet::new() };
    let rest = &xml[start..];
    let end = rest.find("<table key=\"compressors\">").or_else(|| rest.find("cipher preference")).unwrap_or(rest.len());
    rest[..end]
        .split("<elem key=\"name\">")
        .skip(1)
        .filter_map(|part| part.split('<').next())
        .map(str::to_owned)
        .collect()
}

/// The `id` of sslscan's accepted `<cipher sslversion="VERSION">` entries.
fn sslscan_suites(xml: &str, version: &str) -> BTreeSet<u16> {
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<cipher ") && l.contains(&format!("sslversion=\"{version}\"")))
        .filter_map(|l| l.split("id=\"0x").nth(1)?.split('"').next().map(str::to_owned))
        .filter_map(|hex| u16::from_str_radix(&hex, 16).ok())
        .collect()
}

#[test]
fn the_scan_command_prints_json_and_exits_one_on_differences() {
    let server = start(&["--policy", "mozilla-intermediate"], None);
    let run = |policy: &str| {
        let out = Command::new(binary())
            .args(["scan", &format!("127.0.0.1:{}", server.port), "--json", "--policy", policy])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), json, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    // DPS is TLS 1.2 only: the endpoint's TLS 1.3 is a difference.
    let (status, json, stderr) = run("dps-tls12");
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(json["conforms"], false);
    assert_eq!(json["policy"], "dps-tls12");
    let version = |v: &str| json["versions"].as_array().unwrap().iter().find(|x| x["version"] == v).unwrap().clone();
    assert_eq!(version("TLSv1.3")["accepted"], true);
    assert_eq!(version("TLSv1.0"), serde_json::json!({"version": "TLSv1.0", "accepted": false, "alert": 70}));
    assert_eq!(version("TLSv1.2")["preference"], "client");
    assert!(json["differences"].as_array().unwrap().iter().any(|d| d["kind"] == "version"), "{json}");
    assert!(stderr.contains("does not conform to dps-tls12"), "{stderr}");
    assert_eq!(json["certificates"], serde_json::json!(["rsa"]));
    assert!(json["connections"].as_u64().unwrap() > 5);
    // Without a policy, nothing to differ from: exit 0.
    let out = Command::new(binary()).args(["scan", &format!("127.0.0.1:{}", server.port)]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("TLSv1.3  accepted"), "{out:?}");
    // A budget that runs out: the report so far, then exit 2.
    let out = Command::new(binary())
        .args(["scan", &format!("127.0.0.1:{}", server.port), "--max-connections", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("incomplete: the connection budget (3) ran out"), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("raise --max-connections"), "{out:?}");
    // Nothing listening: exit 2, and the error says so.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = Command::new(binary()).args(["scan", &format!("127.0.0.1:{closed}")]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect"), "{out:?}");
}
