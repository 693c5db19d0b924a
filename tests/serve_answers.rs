//! `tls-policy serve` answers like a server (`openssl s_server -www`): after the handshake it
//! reads the first request and says what the connection negotiated. Driven by curl, Python's
//! `http.client`, `openssl s_client` and a raw rustls client on 127.0.0.1; every wait bounded.

#![cfg(all(feature = "cli", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/s_client.rs"]
mod s_client;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/tls.rs"]
mod tls;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use s_client::{finish, found};
use serve::{Server, line_with, start};

fn serve(extra: &[&str]) -> Server {
    let mut args = vec!["--policy", "dps-tls12"];
    args.extend(extra);
    start(&args, None)
}

/// `GET /` over a fresh TLS connection from rustls; everything the server sent back.
fn exchange(port: u16, request: &[u8]) -> String {
    // serve's certificate is made at its start: trusted by construction.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let schemes = provider.signature_verification_algorithms.supported_schemes();
    let config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(tls::AnyServer::new(&provider, schemes)))
        .with_no_client_auth();
    let mut tls = rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("localhost").unwrap()).unwrap();
    let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    socket.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut io = rustls::Stream::new(&mut tls, &mut socket);
    // The server may close before taking a request this large: keep what it answered.
    let _ = io.write_all(request);
    let mut reply = Vec::new();
    let _ = io.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
fn curl_prints_the_suite() {
    if !found("curl") {
        eprintln!("skipped: curl is not installed (.ci/run installs it)");
        return;
    }
    let server = serve(&[]);
    let child = Command::new("curl")
        .args(["--silent", "--show-error", "--insecure", "--max-time", "10"])
        .arg(format!("https://127.0.0.1:{}/", server.port))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let page = finish(child);
    let line = line_with(&server.out, "127.0.0.1:");
    let suite = line.split_whitespace().nth(3).unwrap();
    assert!(page.contains(&format!("cipher suite: {suite} (0x")), "{page}");
    assert!(page.contains("policy: dps-tls12") && page.contains("(agrees)"), "{page}");
}

#[test]
fn python_gets_json_equal_to_the_log_line() {
    if !found("python3") {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let server = serve(&[]);
    let script = format!(
        "import http.client, ssl\n\
         c = http.client.HTTPSConnection('127.0.0.1', {}, context=ssl._create_unverified_context(), timeout=10)\n\
         c.request('GET', '/', headers={{'Accept': 'application/json'}})\n\
         r = c.getresponse()\n\
         print(r.status, r.getheader('Content-Type'))\n\
         print(r.read().decode())\n",
        server.port
    );
    let out = Command::new("python3").args(["-c", &script]).stdin(Stdio::null()).output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    let (status, body) = printed.split_once('\n').unwrap();
    assert_eq!(status, "200 application/json", "{printed} {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(body.trim()).unwrap();
    // `127.0.0.1:PORT accept TLSv1.2 SUITE GROUP`
    let line = line_with(&server.out, "127.0.0.1:");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[1], "accept");
    assert_eq!(json["version"], words[2]);
    assert_eq!(json["suite"], words[3]);
    assert_eq!(json["group"], words[4]);
    assert_eq!(json["engine"]["suite"], words[3]);
    assert_eq!(json["policy"], "dps-tls12");
    assert_eq!(json["agrees"], true);
}

#[test]
fn s_client_sending_get_reads_the_page() {
    let server = serve(&[]);
    let mut child = Command::new(s_client::openssl())
        .args(["s_client", "-connect", &format!("127.0.0.1:{}", server.port), "-quiet", "-ign_eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let page = finish(child);
    assert!(page.contains("HTTP/1.1 200 OK") && page.contains("protocol: TLSv1.2"), "{page}");
}

#[test]
fn a_megabyte_of_junk_gets_the_bounded_answer_and_the_server_goes_on() {
    let server = serve(&[]);
    let junk = vec![0x01u8; 1 << 20];
    let reply = exchange(server.port, &junk);
    assert!(reply.starts_with("protocol: TLSv1.2\n") && reply.len() < 1024, "{reply}");
    // A request whose headers never end (1 MB of them): answered from the first 16 KiB.
    let mut endless = b"GET / HTTP/1.1\r\n".to_vec();
    endless.extend(b"X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1 << 15));
    let reply = exchange(server.port, &endless);
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    // And the next client is served as before.
    let reply = exchange(server.port, b"GET / HTTP/1.0\r\n\r\n");
    assert!(reply.contains("cipher suite: TLS_ECDHE_"), "{reply}");
}

#[test]
fn echo_echoes_the_first_request() {
    let server = serve(&["--echo"]);
    let reply = exchange(server.port, b"ping 123\n");
    assert_eq!(reply, "ping 123\n");
}
