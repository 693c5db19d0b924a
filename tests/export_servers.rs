//! `export::servers` proven with the programs themselves where they are installed (each
//! test says when it skips; CI installs nginx):
//!
//! - nginx, HAProxy and Apache httpd started with the exported settings (and an RSA
//!   certificate) accept and refuse the bundled captures as the engine says for five
//!   policies, with the same suite (nginx refuses the two captures whose ALPN names no HTTP
//!   protocol, before any suite: counted apart);
//! - a hello of DHE suites alone: nginx needs `ssl_dhparam` (its gap), HAProxy the
//!   `tune.ssl.default-dh-param` the export adds;
//! - a hole in the versions: nginx keeps it, Apache cannot (its gap);
//! - `haproxy -c` and `apache2 -t` accept every named policy's export;
//! - a Go server of the exported `tls.Config` accepts and refuses as the engine says (Go
//!   picks the suite by its own ranking);
//! - nginx's `ssl_ciphers` and Apache's `SSLCipherSuite` read back through `import::openssl`
//!   to the policy's suites OpenSSL serves, in order, for every named policy;
//! - the Go snippet lists exactly the policy's suites Go implements, in order;
//! - a policy of suites a target lacks is `NoSuites` naming the target.

#![cfg(feature = "aws-lc-rs")] // rcgen's RSA keys
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/engine_check.rs"]
mod engine_check;
#[path = "support/s_client.rs"]
mod s_client;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use engine_check::{Dir, agrees_with_the_engine, dir, hellos};
use s_client::Guard;
use tls_policy::export::openssl::openssl;
use tls_policy::export::servers::{apache, go, haproxy, nginx};
use tls_policy::export::{ExportError, Setting};
use tls_policy::import::openssl as import;
use tls_policy::scan::{Answer, exchange};
use tls_policy::{
    CipherSuite, ClientHello, GroupKind, KeyExchange, KeyTypes, NamedGroup, Policy, ProtocolVersion, SuiteEntry,
    VersionSet, negotiate,
};

/// Whether `program` runs (`-v`, as nginx, haproxy and apache2 all take it).
fn installed(program: &str) -> bool {
    let found = Command::new(program).arg("-v").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: {program} is not installed (CI installs it)");
    }
    found
}

/// A minimal nginx.conf serving `snippet` on `port`, every path inside `dir` (the test may
/// not run as root).
fn nginx_conf(dir: &Path, port: u16, snippet: &str) -> String {
    let d = dir.display();
    format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\n\
         http {{\n\
         access_log off;\n\
         client_body_temp_path {d}/client;\nproxy_temp_path {d}/proxy;\nfastcgi_temp_path {d}/fastcgi;\n\
         uwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n\
         server {{\n\
         listen 127.0.0.1:{port} ssl;\n\
         ssl_certificate {d}/cert.pem;\nssl_certificate_key {d}/key.pem;\n\
         {snippet}\
         location / {{ return 200 \"ok\"; }}\n\
         }}\n}}\n"
    )
}

/// Policies the OpenSSL-based servers express but for their signature schemes.
const PROVEN: [&str; 5] = ["dps-tls12", "dps-2024", "mozilla-intermediate", "mozilla-modern", "mozilla-old"];

#[test]
fn nginx_with_the_exported_directives_does_what_the_engine_says() {
    if !installed("nginx") {
        return;
    }
    for id in PROVEN {
        let dir = dir(&format!("nginx-{id}"));
        let policy = Policy::named(id).unwrap();
        let setting = nginx(&policy).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let conf = dir.0.join("nginx.conf");
        std::fs::write(&conf, nginx_conf(&dir.0, port, &setting.text)).unwrap();
        let prefix = format!("{}/", dir.0.display());
        let check = Command::new("nginx").args(["-t", "-p", &prefix, "-c"]).arg(&conf).output().unwrap();
        assert!(
            check.status.success(),
            "{id}: nginx -t:\n{}\n{}",
            String::from_utf8_lossy(&check.stderr),
            setting.text
        );
        let child = Command::new("nginx")
            .args(["-p", &prefix, "-c"])
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let _guard = Guard(child);
        s_client::wait_listening(port);
        let (_, _, alpn) = agrees_with_the_engine("nginx", id, &policy, port, &setting.text);
        // The two captures whose ALPN names no HTTP protocol (mqtt; x-long-...).
        assert_eq!(alpn, 2, "{id}");
    }
}

#[test]
fn haproxy_takes_the_exported_global_section_and_does_what_the_engine_says() {
    if !installed("haproxy") {
        return;
    }
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(setting) = haproxy(&policy) else { continue };
        let dir = dir(&format!("haproxy-{id}"));
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let conf = haproxy_conf(&dir.0, port, &setting.text);
        let file = dir.0.join("haproxy.cfg");
        std::fs::write(&file, &conf).unwrap();
        let out = Command::new("haproxy").args(["-c", "-f"]).arg(&file).output().unwrap();
        assert!(
            out.status.success(),
            "{id}: haproxy -c:\n{}{}\n{conf}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if !PROVEN.contains(id) {
            continue;
        }
        let _haproxy = start("haproxy", &["-db", "-f"], &file, &dir.0.join("error.log"), port);
        agrees_with_the_engine("HAProxy", id, &policy, port, &setting.text);
    }
}

#[test]
fn apache_takes_the_exported_directives_and_does_what_the_engine_says() {
    if !installed("apache2") {
        return;
    }
    if !Path::new(MODULES).join("mod_ssl.so").exists() {
        eprintln!("skipped: no mod_ssl.so in {MODULES}");
        return;
    }
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(setting) = apache(&policy) else { continue };
        let dir = dir(&format!("apache-{id}"));
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let conf = apache_conf(&dir.0, port, &setting.text);
        let file = dir.0.join("httpd.conf");
        std::fs::write(&file, &conf).unwrap();
        let out = Command::new("apache2").args(["-t", "-f"]).arg(&file).output().unwrap();
        assert!(out.status.success(), "{id}: apache2 -t:\n{}\n{conf}", String::from_utf8_lossy(&out.stderr));
        if !PROVEN.contains(id) {
            continue;
        }
        // -t reads the directives; mod_ssl hands them to OpenSSL only when it starts (-X:
        // one process, in the foreground).
        let _apache = start("apache2", &["-X", "-f"], &file, &dir.0.join("error.log"), port);
        agrees_with_the_engine("Apache httpd", id, &policy, port, &setting.text);
    }
}

/// Debian's apache2 modules.
const MODULES: &str = "/usr/lib/apache2/modules";

/// A minimal httpd.conf for Debian's apache2 binary serving `directives` on `port`: the
/// modules its default configuration would load, loaded by hand, and every path inside
/// `dir`.
fn apache_conf(dir: &Path, port: u16, directives: &str) -> String {
    let (d, m) = (dir.display(), MODULES);
    // As root, Apache needs a user to switch to for its worker.
    let user = if is_root() { "User nobody\nGroup nogroup\n" } else { "" };
    format!(
        "ServerRoot {d}\nServerName localhost\nPidFile {d}/httpd.pid\nErrorLog {d}/error.log\n\
         DefaultRuntimeDir {d}\nMutex file:{d} default\n{user}\
         LoadModule mpm_event_module {m}/mod_mpm_event.so\n\
         LoadModule authz_core_module {m}/mod_authz_core.so\n\
         LoadModule socache_shmcb_module {m}/mod_socache_shmcb.so\n\
         LoadModule ssl_module {m}/mod_ssl.so\n\
         Listen 127.0.0.1:{port}\n\
         <VirtualHost 127.0.0.1:{port}>\n\
         SSLEngine on\nSSLCertificateFile {d}/cert.pem\nSSLCertificateKeyFile {d}/key.pem\n\
         {directives}</VirtualHost>\n"
    )
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Waits for the server on `port`, showing its error log if it never listens.
fn wait_or_log(port: u16, log: &Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing listens on {port}: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The policy's suites of TLS 1.2 and below OpenSSL serves (the rest are gaps), in order.
fn openssl_kept(policy: &Policy) -> Vec<CipherSuite> {
    let servable: Vec<CipherSuite> =
        import::compile("ALL:COMPLEMENTOFALL:!PSK:!SRP:@SECLEVEL=0").unwrap().usable(0).collect();
    policy.entries().iter().map(|e| e.suite).filter(|s| servable.contains(s)).collect()
}

/// The value of the line starting with `prefix`, if any.
fn value<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.lines().find_map(|l| l.strip_prefix(prefix))
}

#[test]
fn the_nginx_and_apache_cipher_strings_read_back_to_the_policys_suites() {
    let mut checked = 0;
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(settings) = openssl(&policy) else {
            assert!(nginx(&policy).is_err() && apache(&policy).is_err(), "{id}");
            continue;
        };
        let want = openssl_kept(&policy);
        let (n, a) = (nginx(&policy).unwrap(), apache(&policy).unwrap());
        let from_nginx = value(&n.text, "ssl_ciphers '").map(|s| s.trim_end_matches("';"));
        let from_apache =
            a.text.lines().filter_map(|l| l.strip_prefix("SSLCipherSuite ")).find(|s| !s.starts_with("TLSv1.3 "));
        for (target, string) in [("nginx", from_nginx), ("apache", from_apache)] {
            match string {
                Some(s) => {
                    let back: Vec<CipherSuite> = import::compile(s).unwrap().usable(settings.security_level).collect();
                    assert_eq!(back, want, "{id} {target}: {s}");
                    checked += 1;
                }
                None => assert!(want.is_empty(), "{id} {target}"),
            }
        }
    }
    assert!(checked >= 16, "{checked} strings checked");
}

/// The suites of TLS 1.2 and below Go's crypto/tls implements (cipher_suites.go's
/// constants), written out apart from the library's own table.
const GO: [u16; 22] = [
    0x0005, 0x000a, 0x002f, 0x0035, 0x003c, 0x009c, 0x009d, 0xc007, 0xc009, 0xc00a, 0xc011, 0xc012, 0xc013, 0xc014,
    0xc023, 0xc027, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9,
];

#[test]
fn the_go_snippet_lists_exactly_the_policys_go_suites_in_order() {
    let mut checked = 0;
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(setting) = go(&policy) else { continue };
        let listed: Vec<CipherSuite> = setting
            .text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("tls.TLS_"))
            .map(|name| format!("TLS_{}", name.trim_end_matches(',')).parse::<SuiteEntry>().unwrap().suite)
            .collect();
        let tls12 = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2);
        let want: Vec<CipherSuite> = policy
            .entries()
            .iter()
            .map(|e| e.suite)
            .filter(|s| GO.contains(&s.get()))
            .filter(|s| {
                s.info().is_some_and(|i| !i.versions().intersect(tls12).intersect(policy.versions()).is_empty())
            })
            .collect();
        assert_eq!(listed, want, "{id}:\n{}", setting.text);
        assert!(setting.text.starts_with("tls.Config{\n\tMinVersion: tls.VersionTLS1"), "{id}");
        checked += usize::from(!want.is_empty());
    }
    assert!(checked >= 8, "{checked} policies checked");
}

#[test]
fn a_policy_of_suites_the_target_lacks_is_no_suites_naming_it() {
    let aria = Policy::builder("x")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .entries([SuiteEntry::new(CipherSuite::TLS_RSA_WITH_ARIA_128_GCM_SHA256)])
        .groups([NamedGroup::secp256r1])
        .build()
        .unwrap();
    // OpenSSL 3.0 implements ARIA, so the OpenSSL-based servers have a setting; Go has none.
    assert!(nginx(&aria).is_ok());
    match go(&aria) {
        Err(ExportError::NoSuites { target, policy, suites }) => {
            assert_eq!((target, policy.as_str()), ("Go crypto/tls", "x"));
            assert_eq!(suites, [CipherSuite::TLS_RSA_WITH_ARIA_128_GCM_SHA256]);
        }
        other => panic!("{other:?}"),
    }
    // A suite OpenSSL 3.0 does not implement either (SM4 GCM): none of the four.
    let sm4 = Policy::builder("y")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_3))
        .entries([SuiteEntry::new(CipherSuite::TLS_SM4_GCM_SM3)])
        .groups([NamedGroup::secp256r1])
        .build()
        .unwrap();
    let results: [(&str, Result<Setting, ExportError>); 4] = [
        ("nginx", nginx(&sm4)),
        ("HAProxy", haproxy(&sm4)),
        ("Apache httpd", apache(&sm4)),
        ("Go crypto/tls", go(&sm4)),
    ];
    for (name, result) in results {
        match result {
            Err(ExportError::NoSuites { target, .. }) => assert!(target.starts_with(name), "{target}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn go_names_what_it_cannot_set() {
    let setting = go(&Policy::named("mozilla-intermediate").unwrap()).unwrap();
    let gaps: Vec<String> = setting.gaps.iter().map(ToString::to_string).collect();
    assert!(gaps.iter().any(|g| g.contains("ignores CipherSuites for TLS 1.3")), "{gaps:?}");
    assert!(gaps.iter().any(|g| g.contains("PreferServerCipherSuites")), "{gaps:?}");
    assert!(setting.text.ends_with("}\n"));
}

fn start(program: &str, args: &[&str], file: &Path, log: &Path, port: u16) -> Guard {
    let child = Command::new(program)
        .args(args)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {program}: {e}"));
    let guard = Guard(child);
    wait_or_log(port, log);
    guard
}

fn haproxy_conf(dir: &Path, port: u16, global: &str) -> String {
    let d = dir.display();
    let pem =
        std::fs::read_to_string(dir.join("cert.pem")).unwrap() + &std::fs::read_to_string(dir.join("key.pem")).unwrap();
    std::fs::write(dir.join("both.pem"), pem).unwrap();
    format!(
        "{global}defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\n\
         frontend f\n    bind 127.0.0.1:{port} ssl crt {d}/both.pem\n    default_backend b\n\
         backend b\n    server s 127.0.0.1:1\n"
    )
}

/// The DHE suites, shown by each server: nginx refuses a hello of DHE suites alone, which
/// the engine (and the policy) accept, until it has `ssl_dhparam` (its gap says so);
/// HAProxy serves them with the `tune.ssl.default-dh-param` the export adds, and Apache
/// httpd with its own parameters.
#[test]
fn the_servers_serve_dhe_as_the_export_says() {
    if !s_client::found("openssl") {
        eprintln!("skipped: openssl is not installed (CI installs it)");
        return;
    }
    let policy = Policy::builder("dhe")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
        .entries([
            SuiteEntry::new(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            SuiteEntry::new(CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256),
        ])
        .groups([NamedGroup::secp256r1, NamedGroup::ffdhe2048])
        .build()
        .unwrap();
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos/openssl_tls1_2_dhe_only.bin")).unwrap();
    let mut buffer = Vec::new();
    let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
    let predicted = negotiate(&policy, &hello.offer(), KeyTypes::RSA).unwrap().suite;
    assert_eq!(predicted, CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
    let dir = dir("dhe");
    let log = dir.0.join("error.log");
    let seen =
        |port: u16| match exchange(SocketAddr::from(([127, 0, 0, 1], port)), &bytes, Duration::from_secs(5)).unwrap() {
            Answer::Hello(h) => Some(h.suite),
            _ => None,
        };
    if installed("nginx") {
        let setting = nginx(&policy).unwrap();
        assert!(setting.gaps.iter().any(|g| g.to_string().contains("ssl_dhparam")), "{:?}", setting.gaps);
        let params = Command::new("openssl")
            .args(["genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out"])
            .arg(dir.0.join("ffdhe2048.pem"))
            .output()
            .unwrap();
        assert!(params.status.success(), "{}", String::from_utf8_lossy(&params.stderr));
        for dhparam in [false, true] {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let mut snippet = setting.text.clone();
            if dhparam {
                snippet.push_str(&format!("ssl_dhparam {}/ffdhe2048.pem;\n", dir.0.display()));
            }
            let conf = dir.0.join("nginx.conf");
            std::fs::write(&conf, nginx_conf(&dir.0, port, &snippet)).unwrap();
            let prefix = format!("{}/", dir.0.display());
            let _nginx = start("nginx", &["-p", &prefix, "-c"], &conf, &log, port);
            assert_eq!(seen(port), dhparam.then_some(predicted), "nginx, ssl_dhparam {dhparam}");
        }
    }
    if installed("haproxy") {
        let setting = haproxy(&policy).unwrap();
        assert!(setting.text.contains("    tune.ssl.default-dh-param 2048\n"), "{}", setting.text);
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let file = dir.0.join("haproxy.cfg");
        std::fs::write(&file, haproxy_conf(&dir.0, port, &setting.text)).unwrap();
        let _haproxy = start("haproxy", &["-db", "-f"], &file, &log, port);
        assert_eq!(seen(port), Some(predicted), "HAProxy:\n{}", setting.text);
    }
    if installed("apache2") && Path::new(MODULES).join("mod_ssl.so").exists() {
        let setting = apache(&policy).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let file = dir.0.join("httpd.conf");
        std::fs::write(&file, apache_conf(&dir.0, port, &setting.text)).unwrap();
        let _apache = start("apache2", &["-X", "-f"], &file, &log, port);
        assert_eq!(seen(port), Some(predicted), "Apache httpd:\n{}", setting.text);
    }
}

/// A policy with a hole in its versions (TLS 1.0 and 1.2, not 1.1): nginx lists versions
/// and answers as the engine does, hole and all (OpenSSL honours it as a server); Apache
/// httpd serves nothing below the hole, which its setting leaves out and lists as a gap.
#[test]
fn a_hole_in_the_versions_nginx_keeps_and_apache_cannot() {
    let policy = Policy::builder("hole")
        .versions(VersionSet::only(ProtocolVersion::TLSv1_0).with(ProtocolVersion::TLSv1_2))
        .entries([
            SuiteEntry::new(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            SuiteEntry::new(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA),
        ])
        .groups([NamedGroup::secp256r1, NamedGroup::x25519])
        .build()
        .unwrap();
    let dir = dir("hole");
    let log = dir.0.join("error.log");
    if installed("nginx") {
        let setting = nginx(&policy).unwrap();
        assert!(setting.text.starts_with("ssl_protocols TLSv1 TLSv1.2;\n"), "{}", setting.text);
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let conf = dir.0.join("nginx.conf");
        std::fs::write(&conf, nginx_conf(&dir.0, port, &setting.text)).unwrap();
        let prefix = format!("{}/", dir.0.display());
        let _nginx = start("nginx", &["-p", &prefix, "-c"], &conf, &log, port);
        agrees_with_the_engine("nginx", "hole", &policy, port, &setting.text);
    }
    if installed("apache2") && Path::new(MODULES).join("mod_ssl.so").exists() {
        // mod_ssl allows no hole: what it serves is the policy without TLS 1.0, and the
        // setting says so (listing +TLSv1 too, Apache refuses every TLS 1.0 hello).
        let setting = apache(&policy).unwrap();
        assert!(setting.text.starts_with("SSLProtocol -all +TLSv1.2\n"), "{}", setting.text);
        assert!(setting.gaps.iter().any(|g| g.to_string().contains("SSLProtocol takes no hole")), "{:?}", setting.gaps);
        let served = policy.to_builder().versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build().unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let file = dir.0.join("httpd.conf");
        std::fs::write(&file, apache_conf(&dir.0, port, &setting.text)).unwrap();
        let _apache = start("apache2", &["-X", "-f"], &file, &log, port);
        agrees_with_the_engine("Apache httpd", "hole (served: TLS 1.2)", &served, port, &setting.text);
    }
}

/// A Go server of the exported `tls.Config` (where `go` is installed; CI does not install
/// it), against the engine for the policy as Go can serve it: the policy's suites and
/// groups Go implements. Go picks the suite by its own ranking (the gap says so), so a
/// hello is checked for being accepted or refused as the engine says, with a suite of the
/// policy's that the hello offers.
#[test]
fn a_go_server_of_the_exported_config_accepts_what_the_engine_does() {
    if !Command::new("go").arg("version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: go is not installed");
        return;
    }
    let version = String::from_utf8(Command::new("go").arg("version").output().unwrap().stdout).unwrap();
    // "go version go1.19.8 linux/amd64": tls.X25519MLKEM768 came with Go 1.24.
    let minor: u32 = version.split("go1.").nth(1).and_then(|v| v.split(['.', ' ']).next()).unwrap().parse().unwrap();
    // Go's build cache, shared by the five builds and removed at the end.
    let cache = Dir(std::env::temp_dir().join(format!("tls-policy-export-servers-gocache-{}", std::process::id())));
    for id in PROVEN {
        let policy = Policy::named(id).unwrap();
        let setting = go(&policy).unwrap();
        let mut config = setting.text.clone();
        let mut groups: Vec<NamedGroup> = policy.groups().to_vec();
        if minor < 24 {
            config = config.replace("tls.X25519MLKEM768, ", "");
            groups.retain(|g| *g != NamedGroup::X25519MLKEM768);
        }
        let go_groups = [NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1, NamedGroup::x25519];
        groups.retain(|g| go_groups.contains(g) || *g == NamedGroup::X25519MLKEM768);
        let tls13 = [
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_AES_256_GCM_SHA384,
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        ];
        let entries: Vec<SuiteEntry> = policy
            .entries()
            .iter()
            .copied()
            .filter(|e| GO.contains(&e.suite.get()) || tls13.contains(&e.suite))
            .collect();
        let served = Policy::builder(id)
            .versions(policy.versions())
            .entries(entries.iter().map(|e| SuiteEntry::new(e.suite)))
            .groups(groups)
            .signature_schemes(policy.signature_schemes().iter().copied())
            .preference(policy.preference())
            .build()
            .unwrap();
        let dir = dir(&format!("go-{id}"));
        let main = format!(
            "package main\n\nimport (\n\t\"crypto/tls\"\n\t\"os\"\n)\n\n\
             func main() {{\n\tcert, err := tls.LoadX509KeyPair(os.Args[1], os.Args[2])\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n\
             \tconfig := &{}\
             \tconfig.Certificates = []tls.Certificate{{cert}}\n\
             \tln, err := tls.Listen(\"tcp\", os.Args[3], config)\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n\
             \tfor {{\n\t\tc, err := ln.Accept()\n\t\tif err != nil {{\n\t\t\tcontinue\n\t\t}}\n\
             \t\tgo func() {{ _ = c.(*tls.Conn).Handshake(); c.Close() }}()\n\t}}\n}}\n",
            config
        );
        std::fs::write(dir.0.join("main.go"), &main).unwrap();
        let build = Command::new("go")
            .args(["build", "-o"])
            .arg(dir.0.join("server"))
            .arg(dir.0.join("main.go"))
            .env("GOCACHE", &cache.0)
            .env("GOPATH", dir.0.join("gopath"))
            .env("GO111MODULE", "off")
            .output()
            .unwrap();
        assert!(build.status.success(), "{id}: go build:\n{}\n{main}", String::from_utf8_lossy(&build.stderr));
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(dir.0.join("server"))
            .arg(dir.0.join("cert.pem"))
            .arg(dir.0.join("key.pem"))
            .arg(format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let _go = Guard(child);
        wait_or_log(port, &dir.0.join("none"));
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let mut differ = Vec::new();
        let (mut accepted, mut refused, mut other_suite) = (0, 0, 0);
        for (name, bytes) in &hellos() {
            let mut buffer = Vec::new();
            let hello = ClientHello::parse_with(bytes, &mut buffer).unwrap();
            let predicted = negotiate(&served, &hello.offer(), KeyTypes::RSA).ok().map(|a| a.suite);
            let seen = match exchange(address, bytes, Duration::from_secs(5)).unwrap() {
                Answer::Hello(h) => Some(h.suite),
                Answer::HelloRetry(_) => predicted,
                _ => None,
            };
            let no_curve =
                hello.groups().is_none_or(|g| g.iter().all(|g| g.info().is_none_or(|i| i.kind() == GroupKind::Ffdhe)));
            let ecdhe = predicted.and_then(|s| s.info()).is_some_and(|i| i.kx() == KeyExchange::Ecdhe);
            if no_curve && ecdhe && seen.is_none() {
                continue; // as OpenSSL: no ECDHE without a curve offered
            }
            accepted += usize::from(seen.is_some());
            refused += usize::from(seen.is_none());
            other_suite += usize::from(seen.is_some() && predicted.is_some() && seen != predicted);
            let fits =
                |s: CipherSuite| hello.suites().iter().any(|o| o == s) && served.entries().iter().any(|e| e.suite == s);
            if seen.is_some() != predicted.is_some() || seen.is_some_and(|s| !fits(s)) {
                differ.push(format!("{name}: engine {predicted:?}, Go {seen:?}"));
            }
        }
        assert!(differ.is_empty(), "Go {id}:\n{config}\n{}", differ.join("\n"));
        assert!(accepted > 0 && refused > 0, "Go {id}: {accepted} accepted, {refused} refused");
        eprintln!(
            "Go {id}: as the engine on {accepted} accepted and {refused} refused hellos; another suite of the policy's on {other_suite}"
        );
    }
}
