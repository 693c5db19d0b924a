//! `export::sdk` proven by the real clients where they are installed (each skipped, saying
//! so, where its program is missing):
//!
//! - Python's `ssl`, Node's `tls` and Java's JSSE, each running the exported snippet as it is
//!   (Java 17: with `jdk.tls.namedGroups` for `setNamedGroups`, Java 20 and later), connect to
//!   a listener of the test's own: the ClientHello they send offers exactly the exported
//!   suites in order (Python: OpenSSL's own TLS 1.3 suites first, which it cannot choose) and
//!   the policy's versions (Java 17: not TLS 1.0 and 1.1, which it disables, as its gap says;
//!   OpenSSL at TLS 1.2 at most sends no `supported_versions`, so its lowest version is not
//!   seen); Java's and Node's groups are the exported ones, Python's OpenSSL's defaults (no
//!   call sets them, as its gap says);
//! - the same clients complete a handshake with `tls-policy serve` on that policy, with the
//!   suite the engine picks for the hello they sent;
//! - JDK 17's suite table is what `java` on this machine lists;
//! - the C and C# snippets, read back: the C cipher string compiles to the policy's OpenSSL
//!   suites, the C# names are the policy's suites' IANA names in order.

#![cfg(feature = "cli")] // the binary is built with it
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/serve.rs"]
mod serve;

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tls_policy::export::openssl::{group_name, openssl};
use tls_policy::export::{ExportError, Gap, sdk};
use tls_policy::import::openssl as import;
use tls_policy::{CipherSuite, ClientHello, KeyTypes, Policy, ProtocolVersion, VersionSet, negotiate};

/// How long a client has to connect, or to finish.
const WAIT: Duration = Duration::from_secs(30);

/// The policies the real clients run.
const POLICIES: [&str; 4] = ["dps-tls12", "mozilla-intermediate", "dps-2024", "dps-legacy-security"];

/// A child process killed (by its pid) when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A folder of this test's own, removed at the end.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir(name: &str) -> Dir {
    let path = std::env::temp_dir().join(format!("tls-policy-export-sdk-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&path).unwrap();
    Dir(path)
}

/// Whether `program` runs (`program --version` or `-version`).
fn present(program: &str, flag: &str) -> bool {
    let ok =
        Command::new(program).arg(flag).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

/// A client: a program and its arguments before the port and the mode.
struct Client {
    program: &'static str,
    args: Vec<String>,
}

impl Client {
    fn spawn(&self, port: u16, mode: &str) -> Child {
        Command::new(self.program)
            .args(&self.args)
            .arg(port.to_string())
            .arg(mode)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", self.program))
    }
}

/// Waits (bounded) for the child and gives its stdout and stderr.
fn output(child: Child) -> (String, String) {
    let mut guard = Guard(child);
    let deadline = Instant::now() + WAIT;
    while guard.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "a client did not finish in {WAIT:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut s) = guard.0.stdout.take() {
        s.read_to_string(&mut out).unwrap();
    }
    if let Some(mut s) = guard.0.stderr.take() {
        s.read_to_string(&mut err).unwrap();
    }
    (out, err)
}

/// The client's first flight on a plain TCP listener of the test's own, read with a
/// timeout until a whole ClientHello is there; the socket is then dropped and the client
/// killed.
fn capture(client: &Client) -> Vec<u8> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut guard = Guard(client.spawn(port, "capture"));
    let deadline = Instant::now() + WAIT;
    let mut stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if let Some(status) = guard.0.try_wait().unwrap() {
                    let mut err = String::new();
                    if let Some(mut s) = guard.0.stderr.take() {
                        let _ = s.read_to_string(&mut err);
                    }
                    panic!("{} exited ({status}) before connecting: {err}", client.program);
                }
                assert!(Instant::now() < deadline, "{} did not connect in {WAIT:?}", client.program);
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    };
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let mut buffer = Vec::new();
        if ClientHello::parse_with(&bytes, &mut buffer).is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "no whole ClientHello from {} in {WAIT:?}", client.program);
        let n = stream.read(&mut chunk).unwrap_or_else(|e| panic!("reading {}'s hello: {e}", client.program));
        assert!(n > 0, "{} closed before a whole ClientHello: {bytes:02x?}", client.program);
        bytes.extend_from_slice(&chunk[..n]);
    }
    drop(stream);
    drop(guard);
    bytes
}

fn is_grease(code: u16) -> bool {
    code & 0x0F0F == 0x0A0A && code >> 8 == code & 0xFF
}

/// The suites offered, GREASE and the signalling values (0x00FF, 0x5600) left out.
fn offered_suites(hello: &ClientHello<'_>) -> Vec<CipherSuite> {
    hello.suites().into_iter().filter(|s| !is_grease(s.get()) && !s.is_signalling()).collect()
}

/// `supported_versions` (GREASE left out), or `None` without the extension; what was
/// offered is printed (seen with `--nocapture`).
fn offered_versions(hello: &ClientHello<'_>) -> Option<Vec<ProtocolVersion>> {
    let v: Option<Vec<ProtocolVersion>> =
        hello.supported_versions().map(|v| v.into_iter().filter(|v| !is_grease(v.get())).collect());
    eprintln!(
        "offered: {:?}, supported_versions {v:?}, legacy_version {}",
        offered_suites(hello).iter().map(|s| s.iana_name().unwrap_or("?")).collect::<Vec<_>>(),
        hello.legacy_version()
    );
    v
}

fn versions_of(set: VersionSet) -> Vec<ProtocolVersion> {
    let mut v: Vec<ProtocolVersion> = set.iter().collect();
    v.sort();
    v.reverse();
    v
}

/// A suite by its IANA or OpenSSL name.
fn suite_named(name: &str) -> CipherSuite {
    CipherSuite::all()
        .find(|i| i.iana() == name || i.openssl() == Some(name))
        .map(|i| i.suite())
        .unwrap_or_else(|| panic!("no suite named {name}"))
}

/// The suites the exported OpenSSL cipher string (TLS 1.2 and below) compiles to.
fn legacy(policy: &Policy) -> Vec<CipherSuite> {
    let settings = openssl(policy).unwrap();
    settings
        .cipher_string
        .as_deref()
        .map(|s| import::compile(s).unwrap().usable(settings.security_level).collect())
        .unwrap_or_default()
}

/// The policy's TLS 1.3 suites, in its order.
fn tls13(policy: &Policy) -> Vec<CipherSuite> {
    policy
        .entries()
        .iter()
        .map(|e| e.suite)
        .filter(|s| s.info().is_some_and(|i| i.versions() == VersionSet::only(ProtocolVersion::TLSv1_3)))
        .collect()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?} in {text}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?} in {text}"));
    &text[from..from + len]
}

/// What a client saw with `tls-policy serve` (`OK <version> <suite>`), and the engine's
/// pick for the hello it sent.
fn against_serve(client: &Client, id: &str, hello: &[u8]) {
    let policy = Policy::named(id).unwrap();
    let mut buffer = Vec::new();
    let parsed = ClientHello::parse_with(hello, &mut buffer).unwrap();
    // dps-2024 has no suite for ECDSA keys that rustls enforces: serve refuses to start with one.
    let (keys, types) = if id == "dps-2024" { ("rsa", KeyTypes::RSA) } else { ("rsa,ecdsa", KeyTypes::RSA_AND_ECDSA) };
    let predicted = negotiate(&policy, &parsed.offer(), types).unwrap();
    let server = serve::start(&["--policy", id, "--keys", keys], None);
    let (out, err) = output(client.spawn(server.port, "serve"));
    let line = out.lines().find(|l| l.starts_with("OK ")).unwrap_or_else(|| panic!("{id}: {out}{err}"));
    let mut parts = line.split(' ').skip(1);
    let version = parts.next().unwrap();
    let suite = suite_named(parts.next().unwrap());
    assert_eq!(suite, predicted.suite, "{id}: {} with serve: {line}", client.program);
    let want = match predicted.version {
        ProtocolVersion::TLSv1_3 => "TLSv1.3",
        _ => "TLSv1.2",
    };
    assert_eq!(version, want, "{id}: {line}");
    eprintln!("{id}: {} with serve: {line}", client.program);
    drop(server);
}

// ---- Python -------------------------------------------------------------------------------

fn python_client(dir: &Path, id: &str) -> Client {
    let setting = sdk::python(&Policy::named(id).unwrap()).unwrap();
    let program = format!(
        "{}\n\
         import socket, sys\n\
         port, mode = int(sys.argv[1]), sys.argv[2]\n\
         if mode == 'serve':\n    \
         context.check_hostname = False\n    \
         context.verify_mode = ssl.CERT_NONE\n\
         with socket.create_connection(('127.0.0.1', port), timeout=10) as raw:\n    \
         with context.wrap_socket(raw, server_hostname='localhost') as s:\n        \
         print('OK', s.version(), s.cipher()[0], flush=True)\n",
        setting.text
    );
    let path = dir.join(format!("{id}.py"));
    std::fs::write(&path, program).unwrap();
    Client { program: "python3", args: vec![path.display().to_string()] }
}

#[test]
fn python_offers_the_exported_suites_and_versions() {
    if !present("python3", "--version") {
        return;
    }
    let dir = dir("python");
    for id in POLICIES {
        let policy = Policy::named(id).unwrap();
        let client = python_client(&dir.0, id);
        let bytes = capture(&client);
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        // OpenSSL's own TLS 1.3 suites come first when TLS 1.3 is on: Python cannot choose them.
        let mut want = Vec::new();
        if policy.versions().contains(ProtocolVersion::TLSv1_3) {
            want.extend(import::DEFAULT_CIPHERSUITES.split(':').map(suite_named));
        }
        want.extend(legacy(&policy));
        assert_eq!(offered_suites(&hello), want, "{id}");
        if policy.versions().contains(ProtocolVersion::TLSv1_3) {
            assert_eq!(offered_versions(&hello), Some(versions_of(policy.versions())), "{id}");
        } else {
            // OpenSSL with TLS 1.2 at most sends no supported_versions.
            assert_eq!(offered_versions(&hello), None, "{id}");
            assert_eq!(hello.legacy_version(), ProtocolVersion::TLSv1_2, "{id}");
        }
        // No call sets a client's groups: OpenSSL's defaults, whatever the policy (its gap).
        let groups: Vec<_> = hello.groups().unwrap().into_iter().filter(|g| !is_grease(g.get())).collect();
        // (OpenSSL 3.0 offers its FFDHE groups only with TLS 1.3 on.)
        let mut defaults = import::DEFAULT_GROUPS.to_vec();
        if !policy.versions().contains(ProtocolVersion::TLSv1_3) {
            defaults.retain(|g| g.info().is_some_and(|i| i.kind() != tls_policy::GroupKind::Ffdhe));
        }
        assert_eq!(groups, defaults, "{id}");
        assert!(
            sdk::python(&policy)
                .unwrap()
                .gaps
                .iter()
                .any(|g| matches!(g, Gap::Limit { what, .. } if what.contains("groups")))
        );
        against_serve(&client, id, &bytes);
    }
}

// ---- Node.js ------------------------------------------------------------------------------

fn node_client(dir: &Path, id: &str) -> Client {
    let setting = sdk::node(&Policy::named(id).unwrap()).unwrap();
    let options = setting.text.split("const socket").next().unwrap();
    let program = format!(
        "{options}\
         const [port, mode] = [Number(process.argv[2]), process.argv[3]];\n\
         const socket = tls.connect(port, '127.0.0.1', {{ ...options, servername: 'localhost', rejectUnauthorized: mode !== 'serve' }}, () => {{\n  \
         console.log('OK', socket.getProtocol(), socket.getCipher().standardName);\n  \
         socket.end();\n\
         }});\n\
         socket.on('error', (e) => {{ console.error(e.message); process.exit(1); }});\n"
    );
    let path = dir.join(format!("{id}.js"));
    std::fs::write(&path, program).unwrap();
    Client { program: "node", args: vec![path.display().to_string()] }
}

#[test]
fn node_offers_the_exported_suites_and_versions() {
    if !present("node", "--version") {
        return;
    }
    let dir = dir("node");
    for id in POLICIES {
        let policy = Policy::named(id).unwrap();
        let client = node_client(&dir.0, id);
        let bytes = capture(&client);
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        let mut want = tls13(&policy);
        want.extend(legacy(&policy));
        assert_eq!(offered_suites(&hello), want, "{id}");
        if policy.versions().contains(ProtocolVersion::TLSv1_3) {
            assert_eq!(offered_versions(&hello), Some(versions_of(policy.versions())), "{id}");
        } else {
            assert_eq!(offered_versions(&hello), None, "{id}");
            assert_eq!(hello.legacy_version(), ProtocolVersion::TLSv1_2, "{id}");
        }
        // ecdhCurve: the policy's groups OpenSSL implements, in order.
        let groups: Vec<_> = hello.groups().unwrap().into_iter().filter(|g| !is_grease(g.get())).collect();
        let want: Vec<_> = policy.groups().iter().copied().filter(|g| group_name(*g).is_some()).collect();
        assert_eq!(groups, want, "{id}");
        against_serve(&client, id, &bytes);
    }
}

// ---- Java ---------------------------------------------------------------------------------

/// The major version of `java` (`17` for "17.0.15").
fn java_major() -> u32 {
    let out = Command::new("java").arg("-version").output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    let version = between(&text, "version \"", "\"");
    let first = version.split(['.', '-', '+']).next().unwrap();
    // Java 8 says "1.8.0_...".
    if first == "1" { 8 } else { first.parse().unwrap() }
}

fn java_client(dir: &Path, id: &str, major: u32) -> Client {
    let setting = sdk::java(&Policy::named(id).unwrap()).unwrap();
    let mut body = String::new();
    for line in setting.text.lines() {
        if line.starts_with("p.setNamedGroups(") && major < 20 {
            // Before Java 20: the system property the snippet's next line gives.
            let groups = between(line, "{", "}").replace(['"', ' '], "");
            body.insert_str(0, &format!("        System.setProperty(\"jdk.tls.namedGroups\", \"{groups}\");\n"));
            continue;
        }
        let line =
            line.replace("context.init(null, null, null);", "context.init(null, serve ? TRUST_ALL : null, null);");
        body.push_str("        ");
        body.push_str(&line);
        body.push('\n');
    }
    let program = format!(
        "import javax.net.ssl.*;\n\
         import java.security.cert.X509Certificate;\n\
         \n\
         public class Client {{\n    \
         static final TrustManager[] TRUST_ALL = {{ new X509TrustManager() {{\n        \
         public void checkClientTrusted(X509Certificate[] c, String a) {{}}\n        \
         public void checkServerTrusted(X509Certificate[] c, String a) {{}}\n        \
         public X509Certificate[] getAcceptedIssuers() {{ return new X509Certificate[0]; }}\n    \
         }} }};\n\
         \n    \
         public static void main(String[] args) throws Exception {{\n        \
         int port = Integer.parseInt(args[0]);\n        \
         boolean serve = args[1].equals(\"serve\");\n\
         {body}        \
         SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(\"127.0.0.1\", port);\n        \
         socket.setSoTimeout(10000);\n        \
         socket.setSSLParameters(p);\n        \
         socket.startHandshake();\n        \
         System.out.println(\"OK \" + socket.getSession().getProtocol() + \" \" + socket.getSession().getCipherSuite());\n        \
         socket.close();\n    \
         }}\n\
         }}\n"
    );
    let folder = dir.join(id);
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("Client.java");
    std::fs::write(&path, program).unwrap();
    Client { program: "java", args: vec![path.display().to_string()] }
}

#[test]
fn java_offers_the_exported_suites_and_versions() {
    if !present("java", "-version") {
        return;
    }
    let major = java_major();
    let dir = dir("java");
    for id in POLICIES {
        let policy = Policy::named(id).unwrap();
        let setting = sdk::java(&policy).unwrap();
        let client = java_client(&dir.0, id, major);
        let bytes = capture(&client);
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        let exported: Vec<CipherSuite> = between(&setting.text, "setCipherSuites(new String[] {\n", "});")
            .split('"')
            .skip(1)
            .step_by(2)
            .map(suite_named)
            .collect();
        let kept: Vec<CipherSuite> = policy
            .entries()
            .iter()
            .map(|e| e.suite)
            .filter(|s| s.iana_name().is_some_and(|n| sdk::JDK17_CIPHER_SUITES.contains(&n)))
            .collect();
        assert_eq!(exported, kept, "{id}");
        assert_eq!(offered_suites(&hello), exported, "{id}");
        // JDK 17 disables TLS 1.0 and 1.1 (jdk.tls.disabledAlgorithms): setProtocols asks for
        // them in vain, as the gap says.
        let mut versions = versions_of(policy.versions());
        if versions.iter().any(|v| *v < ProtocolVersion::TLSv1_2) {
            assert!(
                setting
                    .gaps
                    .iter()
                    .any(|g| matches!(g, Gap::Limit { what, .. } if what.contains("disabledAlgorithms"))),
                "{id}"
            );
            versions.retain(|v| *v >= ProtocolVersion::TLSv1_2);
        }
        assert_eq!(offered_versions(&hello), Some(versions), "{id}");
        let groups: Vec<_> = hello.groups().unwrap().into_iter().filter(|g| !is_grease(g.get())).collect();
        let want: Vec<_> = policy
            .groups()
            .iter()
            .copied()
            .filter(|g| !setting.gaps.contains(&Gap::Group { target: sdk::JAVA, group: *g }))
            .collect();
        assert_eq!(groups, want, "{id}");
        against_serve(&client, id, &bytes);
    }
}

#[test]
fn the_jdk17_table_is_what_java_lists() {
    if !present("java", "-version") {
        return;
    }
    if java_major() != 17 {
        eprintln!("skipped: the table is JDK 17's, this java is {}", java_major());
        return;
    }
    let dir = dir("jdk");
    let path = dir.0.join("Suites.java");
    std::fs::write(
        &path,
        "import javax.net.ssl.SSLContext;\n\
         public class Suites {\n    \
         public static void main(String[] a) throws Exception {\n        \
         for (String s : SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()) System.out.println(s);\n    \
         }\n\
         }\n",
    )
    .unwrap();
    let child = Command::new("java").arg(&path).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (out, err) = output(child);
    let listed: Vec<&str> = out.lines().filter(|l| *l != "TLS_EMPTY_RENEGOTIATION_INFO_SCSV").collect();
    assert_eq!(listed, sdk::JDK17_CIPHER_SUITES, "{err}");
}

// ---- C and C# -----------------------------------------------------------------------------

/// Every suite of TLS 1.2 and below OpenSSL 3.0 serves without PSK or SRP.
fn servable() -> Vec<CipherSuite> {
    import::compile("ALL:COMPLEMENTOFALL:!PSK:!SRP:@SECLEVEL=0").unwrap().usable(0).collect()
}

#[test]
fn the_c_cipher_string_reads_back_to_the_policys_openssl_suites() {
    let servable = servable();
    let mut checked = 0;
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let Ok(settings) = openssl(&policy) else { continue };
        let Ok(setting) = sdk::c(&policy) else {
            assert!(settings.cipher_string.is_none(), "{id}");
            assert!(
                matches!(sdk::c(&policy), Err(ExportError::NoSuites { target, .. }) if target.contains("C SDK")),
                "{id}"
            );
            continue;
        };
        let text = &setting.text;
        let string = between(text, "IoTHubDeviceClient_LL_SetOption(handle, OPTION_OPENSSL_CIPHER_SUITE, \"", "\"");
        let back: Vec<CipherSuite> = import::compile(string).unwrap().usable(settings.security_level).collect();
        let want: Vec<CipherSuite> =
            policy.entries().iter().map(|e| e.suite).filter(|s| servable.contains(s)).collect();
        assert_eq!(back, want, "{id}: {string}");
        assert!(
            text.contains(&format!("Prov_Device_LL_SetOption(prov_handle, OPTION_OPENSSL_CIPHER_SUITE, \"{string}\")"))
        );
        let number = match settings.max_protocol.min(ProtocolVersion::TLSv1_2) {
            ProtocolVersion::TLSv1_0 => 10,
            ProtocolVersion::TLSv1_1 => 11,
            _ => 12,
        };
        assert!(text.contains(&format!("int tls_version = {number};\n")), "{id}");
        assert!(
            setting.gaps.iter().any(|g| matches!(g, Gap::Limit { what, .. } if what.contains("OPTION_TLS_VERSION")))
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

#[test]
fn the_csharp_names_are_the_policys_iana_names_in_order() {
    for id in Policy::named_ids() {
        let policy = Policy::named(id).unwrap();
        let setting = sdk::csharp(&policy).unwrap();
        let names: Vec<&str> = setting
            .text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("TlsCipherSuite."))
            .map(|l| l.trim_end_matches(','))
            .collect();
        let want: Vec<&str> = policy.entries().iter().map(|e| e.suite.iana_name().unwrap()).collect();
        assert_eq!(names, want, "{id}");
        let protocols = between(&setting.text, "EnabledSslProtocols = ", ",\n");
        let want: Vec<&str> = policy
            .versions()
            .iter()
            .map(|v| match v {
                ProtocolVersion::TLSv1_0 => "SslProtocols.Tls",
                ProtocolVersion::TLSv1_1 => "SslProtocols.Tls11",
                ProtocolVersion::TLSv1_2 => "SslProtocols.Tls12",
                _ => "SslProtocols.Tls13",
            })
            .collect();
        assert_eq!(protocols, want.join(" | "), "{id}");
        assert!(setting.gaps.iter().any(|g| matches!(g, Gap::Limit { what, .. } if what.contains("Windows"))), "{id}");
    }
}
