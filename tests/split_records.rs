//! Issue 11 point 3 through the rustls `Screen`: a real rustls ClientHello re-framed so that
//! its first record carries only 1, 2 or 3 handshake bytes (RFC 8446 §5.1 lets a message be
//! fragmented anywhere) is accepted by the screen, and the handshake then completes.

#![cfg(feature = "aws-lc-rs")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tls.rs"]
mod tls;
#[path = "support/wire.rs"]
mod wire;

use std::io::{self, Cursor, Read, Write};
use std::sync::Arc;

use tls_policy::rustls::{Realizer, Screened};
use tls_policy::{ClientHello, Policy, ProtocolVersion};

/// A socket made of a byte string in and a byte string out.
struct Pipe {
    input: Cursor<Vec<u8>>,
    output: Vec<u8>,
}

impl Read for Pipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.input.read(buf)
    }
}

impl Write for Pipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.output.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The handshake bytes of a flight of handshake records.
fn handshake_bytes(records: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 5 <= records.len() {
        let len = usize::from(u16::from_be_bytes([records[at + 3], records[at + 4]]));
        out.extend_from_slice(&records[at + 5..at + 5 + len]);
        at += 5 + len;
    }
    out
}

#[test]
fn the_screen_joins_a_handshake_header_split_across_records() {
    for id in ["dps-tls12", "mozilla-intermediate"] {
        let policy = Policy::named(id).unwrap();
        let screen = Realizer::new(&policy).screen(vec![tls::rsa().parts()]).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = tls::AnyServer::new(&provider, provider.signature_verification_algorithms.supported_schemes());
        let client = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let client = Arc::new(client);
        for first in 1..=3 {
            let (c, hello) = tls::start(Arc::clone(&client));
            let split = wire::records(&handshake_bytes(&hello), first);
            // The reader alone: the same hello, now in two records.
            let mut buffer = Vec::new();
            let parsed = ClientHello::parse_with(&split, &mut buffer).unwrap();
            assert_eq!(parsed.records(), 2);
            assert_eq!(parsed.legacy_version(), ProtocolVersion::TLSv1_2);

            let mut pipe = Pipe { input: Cursor::new(split), output: Vec::new() };
            match screen.accept(&mut pipe) {
                Ok(Screened::Accepted { connection, agreement }) => {
                    let agreed = tls::drive(c, *connection, Vec::new()).unwrap_or_else(|e| panic!("{id} {first}: {e}"));
                    assert_eq!(agreed.suite, agreement.suite.get(), "{id} {first}");
                    assert_eq!(agreed.version, agreement.version.get(), "{id} {first}");
                }
                other => panic!("{id}, first record of {first} bytes: {other:?}"),
            }
        }
    }
}
