//! FoxIO's own JA4 test captures (`tests/data/captures/foxio/`, copied from FoxIO-LLC/ja4 with
//! the values FoxIO publishes for them; `SOURCE.md` says where each comes from): the capture
//! reader finds every TLS-over-TCP connection FoxIO lists, and each one's JA4 and JA4_r are
//! FoxIO's (or, where FoxIO's tools lag the specification, the specification's, as
//! `expected.json` records). A second ClientHello after a HelloRetryRequest is not the
//! connection's first flight, so it is not read.

#![cfg(feature = "capture")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tls_policy::capture::{CaptureReader, Event, Fingerprints};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/captures/foxio")
}

fn endpoint(stream: &Value, side: &str) -> String {
    let ip: IpAddr = stream[format!("{side}_ip")].as_str().unwrap().parse().unwrap();
    let port = u16::try_from(stream[format!("{side}_port")].as_u64().unwrap()).unwrap();
    SocketAddr::new(ip, port).to_string()
}

#[test]
fn every_connection_foxio_lists_has_foxios_ja4() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(folder().join("expected.json")).unwrap()).unwrap();
    let mut connections = 0;
    for pcap in expected["pcaps"].as_array().unwrap() {
        let file = folder().join(pcap["file"].as_str().unwrap());
        let mut reader = CaptureReader::new(std::fs::File::open(&file).unwrap()).unwrap();
        let mut found: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
        let mut buffer = Vec::new();
        for event in &mut reader {
            if let Event::Hello(c) = event.unwrap() {
                let hello = c.parse(&mut buffer).unwrap();
                let prints = Fingerprints::of(&hello);
                found.insert((c.client.to_string(), c.server.to_string()), (prints.ja4, prints.ja4_r));
            }
        }
        for stream in pcap["streams"].as_array().unwrap() {
            let key = (endpoint(stream, "client"), endpoint(stream, "server"));
            let (ja4, ja4_r) =
                found.get(&key).unwrap_or_else(|| panic!("{}: no hello from {} to {}", file.display(), key.0, key.1));
            assert_eq!(ja4, stream["ja4"].as_str().unwrap(), "{} stream {}", file.display(), stream["stream"]);
            assert_eq!(ja4_r, stream["ja4_r"].as_str().unwrap(), "{} stream {}", file.display(), stream["stream"]);
            connections += 1;
        }
    }
    assert!(connections >= 70, "FoxIO's connections: {connections}");
}
