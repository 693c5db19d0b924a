//! The ClientHello writer: what it writes reads back as the same offer (generated offers and
//! the captures of `tests/data/hellos`), and real servers (`openssl s_server`, a rustls server
//! built from a policy) answer it with a ServerHello.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use tls_policy::{ClientHello, HelloWriter, NamedGroup, OwnedOffer};

const MANIFEST: &str = include_str!("data/hellos/manifest.json");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(feature = "proptest")]
mod generated {
    use super::*;
    use proptest::prelude::*;
    use tls_policy::WriteError;
    use tls_policy::strategy::{arbitrary_offer, client_offer};

    /// Reads `bytes` back, in one record or several.
    fn read_back(bytes: &[u8]) -> Result<OwnedOffer, String> {
        let mut buffer = Vec::new();
        ClientHello::parse_with(bytes, &mut buffer)
            .map(|h| h.offer().to_owned_offer())
            .map_err(|e| format!("{e}; hello: {}", hex(bytes)))
    }

    /// What a connection adds to an offer: server name, ALPN protocols, session id, random.
    fn connection() -> impl Strategy<Value = (Option<String>, Vec<Vec<u8>>, Vec<u8>, [u8; 32])> {
        (
            proptest::option::of("[a-z][a-z0-9]{0,9}(\\.[a-z][a-z0-9-]{0,8}[a-z0-9]){0,3}"),
            proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..12), 0..4),
            proptest::collection::vec(any::<u8>(), 0..=32),
            any::<[u8; 32]>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// `ClientHello::parse(write(offer))` is the offer, field by field, with the server
        /// name, ALPN protocols, session id and random given; a failure prints the hello.
        #[test]
        fn realistic_offers_round_trip(device in client_offer(), (name, alpn, id, random) in connection()) {
            let offer = device.offer();
            let mut writer = HelloWriter::new(&offer).session_id(&id).random(random);
            if let Some(name) = &name {
                writer = writer.server_name(name);
            }
            for p in &alpn {
                writer = writer.alpn_protocol(p);
            }
            let bytes = writer.write().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let hello = ClientHello::parse(&bytes).map_err(|e| TestCaseError::fail(format!("{e}; hello: {}", hex(&bytes))))?;
            let back = hello.offer().to_owned_offer();
            prop_assert_eq!(&back, &device.offer, "hello: {}", hex(&bytes));
            prop_assert_eq!(hello.server_name(), name.as_deref().map(str::as_bytes), "hello: {}", hex(&bytes));
            prop_assert!(hello.alpn().eq(alpn.iter().map(Vec::as_slice)), "hello: {}", hex(&bytes));
            prop_assert_eq!((hello.session_id(), hello.random()), (&id[..], &random[..]));
            prop_assert_eq!(hello.record_version().get(), 0x0301);
        }

        /// Any offer at all is written and read back as itself, or refused because a list is
        /// present but empty where its grammar wants a value.
        #[test]
        fn arbitrary_offers_round_trip_or_are_empty(device in arbitrary_offer()) {
            let o = &device.offer;
            let empty = o.suites.is_empty()
                || o.supported_versions.as_ref().is_some_and(Vec::is_empty)
                || o.groups.as_ref().is_some_and(Vec::is_empty)
                || o.signature_schemes.as_ref().is_some_and(Vec::is_empty);
            match HelloWriter::new(&device.offer()).write() {
                Ok(bytes) => {
                    prop_assert!(!empty);
                    let back = read_back(&bytes).map_err(TestCaseError::fail)?;
                    prop_assert_eq!(&back, o, "hello: {}", hex(&bytes));
                }
                Err(e) => prop_assert!(empty && matches!(e, WriteError::Empty { .. }), "{e}"),
            }
        }

        /// Whatever is asked of it, the writer answers without panicking, and what it writes reads.
        #[test]
        fn the_writer_never_panics(
            device in arbitrary_offer(),
            name in proptest::option::of(".{0,4}"),
            id in proptest::collection::vec(any::<u8>(), 0..40),
            shares in proptest::option::of(proptest::collection::vec(any::<u16>().prop_map(NamedGroup::from_u16), 0..3)),
            ec in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..3)),
            illegal in any::<bool>(),
            key_share in any::<bool>(),
        ) {
            let mut owned = device.offer;
            owned.ec_point_formats = ec;
            owned.illegal_in_tls13 = illegal;
            owned.key_share = key_share;
            let offer = owned.as_offer();
            let mut writer = HelloWriter::new(&offer).session_id(&id);
            if let Some(name) = &name {
                writer = writer.server_name(name);
            }
            if let Some(groups) = &shares {
                writer = writer.key_shares(groups);
            }
            if let Ok(bytes) = writer.write() {
                let mut buffer = Vec::new();
                if let Ok(hello) = ClientHello::parse_with(&bytes, &mut buffer) {
                    prop_assert_eq!(hello.offer().to_owned_offer(), owned, "hello: {}", hex(&bytes));
                }
            }
        }
    }
}

/// Every capture read, written again with its server name, ALPN, session id, random and key
/// share groups, and read back: the same offer and the same connection fields.
#[test]
fn captures_round_trip() {
    let manifest: Value = serde_json::from_str(MANIFEST).unwrap();
    let mut checked = 0;
    for capture in manifest["captures"].as_array().unwrap() {
        let name = capture["name"].as_str().unwrap();
        let bytes = std::fs::read(format!("{DIR}/{}", capture["file"].as_str().unwrap())).unwrap();
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        let offer = hello.offer();
        let groups: Vec<NamedGroup> = capture["key_share_groups"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|g| NamedGroup::from_u16(u16::from_str_radix(&g.as_str().unwrap()[2..], 16).unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        let random: [u8; 32] = hello.random().try_into().unwrap();
        let host = hello.server_name().map(|n| core::str::from_utf8(n).unwrap());
        let mut writer = HelloWriter::new(&offer).session_id(hello.session_id()).random(random).key_shares(&groups);
        if let Some(host) = host {
            writer = writer.server_name(host);
        }
        for p in hello.alpn() {
            writer = writer.alpn_protocol(p);
        }
        let written = writer.write().unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut again = Vec::new();
        let back = ClientHello::parse_with(&written, &mut again).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.offer().to_owned_offer(), offer.to_owned_offer(), "{name}: {}", hex(&written));
        assert_eq!(back.server_name(), hello.server_name(), "{name}");
        assert!(back.alpn().eq(hello.alpn()), "{name}");
        assert_eq!((back.session_id(), back.random()), (hello.session_id(), hello.random()), "{name}");
        let shares = |h: &ClientHello<'_>| h.extensions().find(|(ty, _)| *ty == 51).map(|(_, d)| d.len());
        assert_eq!(shares(&back), shares(&hello), "{name}: key_share of the same size");
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} captures");
}

#[cfg(feature = "aws-lc-rs")]
#[path = "support/s_client.rs"]
mod s_client;
#[cfg(feature = "aws-lc-rs")]
#[path = "support/tls.rs"]
mod tls;

/// Offers real servers should answer: TLS 1.2 with ECDHE-RSA, TLS 1.3 with a key share.
#[cfg(feature = "aws-lc-rs")]
mod servers {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::process::{Command, Stdio};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    use tls_policy::{CipherSuite as C, Policy, ProtocolVersion as V, SignatureScheme as S};

    use super::{s_client, tls};
    use s_client::Guard;

    const SCHEMES: [S; 4] =
        [S::rsa_pss_rsae_sha256, S::ecdsa_secp256r1_sha256, S::rsa_pkcs1_sha256, S::rsa_pss_rsae_sha384];

    fn tls12() -> OwnedOffer {
        let mut offer = OwnedOffer::new(
            V::TLSv1_2,
            vec![C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, C::TLS_EMPTY_RENEGOTIATION_INFO_SCSV],
        );
        offer.groups = Some(vec![NamedGroup::x25519, NamedGroup::secp256r1]);
        offer.signature_schemes = Some(SCHEMES.to_vec());
        offer.ec_point_formats = Some(vec![0]);
        offer.key_share = false;
        offer
    }

    /// A TLS 1.0 client: no `signature_algorithms` (RFC 5246 §7.4.1.4.1 came with TLS 1.2).
    fn tls10() -> OwnedOffer {
        let mut offer = OwnedOffer::new(
            V::TLSv1_0,
            vec![
                C::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
                C::TLS_RSA_WITH_AES_128_CBC_SHA,
                C::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
            ],
        );
        offer.groups = Some(vec![NamedGroup::x25519, NamedGroup::secp256r1]);
        offer.ec_point_formats = Some(vec![0]);
        offer.key_share = false;
        offer
    }

    fn tls13(group: NamedGroup) -> OwnedOffer {
        let mut offer = OwnedOffer::new(V::TLSv1_2, vec![C::TLS_AES_128_GCM_SHA256, C::TLS_AES_256_GCM_SHA384]);
        offer.supported_versions = Some(vec![V::TLSv1_3]);
        offer.groups = Some(vec![group]);
        offer.signature_schemes = Some(SCHEMES.to_vec());
        offer
    }

    /// The offers, written as a scanner would: with a server name and a 32-byte session id.
    fn hellos() -> Vec<(&'static str, Vec<u8>)> {
        write([
            ("TLS 1.2", tls12()),
            ("TLS 1.3 X25519", tls13(NamedGroup::x25519)),
            ("TLS 1.3 P-256", tls13(NamedGroup::secp256r1)),
            ("TLS 1.3 P-384", tls13(NamedGroup::secp384r1)),
        ])
    }

    fn write<const N: usize>(offers: [(&'static str, OwnedOffer); N]) -> Vec<(&'static str, Vec<u8>)> {
        offers
            .into_iter()
            .map(|(what, o)| {
                (what, HelloWriter::new(&o.as_offer()).server_name("localhost").session_id(&[9; 32]).write().unwrap())
            })
            .collect()
    }

    fn is_server_hello(answer: &[u8]) -> bool {
        answer.first() == Some(&0x16) && answer.get(5) == Some(&2)
    }

    #[test]
    fn openssl_s_server_answers_with_a_server_hello() {
        if !s_client::found("openssl") {
            eprintln!("skipped: openssl is not installed");
            return;
        }
        let dir = std::env::temp_dir().join(format!("tls-policy-hello-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (chain, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().self_signed(&pair).unwrap();
        std::fs::write(&chain, cert.pem()).unwrap();
        std::fs::write(&key, pair.serialize_pem()).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("openssl")
            // Security level 0: OpenSSL 3.0 refuses TLS 1.0 and 1.1 above it.
            .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www", "-cipher", "DEFAULT@SECLEVEL=0"])
            .args(["-cert", &chain.display().to_string(), "-key", &key.display().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        let _server = Guard(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "s_server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        let old = write([("TLS 1.0", tls10())]);
        for (what, hello) in hellos().into_iter().chain(old) {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            stream.write_all(&hello).unwrap();
            let mut answer = Vec::new();
            let mut chunk = [0u8; 4096];
            while answer.len() < 6 {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&chunk[..n]),
                }
            }
            assert!(is_server_hello(&answer), "{what}: s_server answered {} to {}", hex(&answer), hex(&hello));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_rustls_server_writes_a_server_hello() {
        let policy = Policy::named("mozilla-intermediate").unwrap();
        let (chain, key) = tls::rsa().parts();
        let config = Arc::new(tls_policy::rustls::Realizer::new(&policy).server_config(chain, key).unwrap().config);
        for (what, hello) in hellos() {
            let mut server = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            let mut input = &hello[..];
            while !input.is_empty() {
                server.read_tls(&mut input).unwrap();
                server.process_new_packets().unwrap_or_else(|e| panic!("{what}: {e}; hello: {}", hex(&hello)));
            }
            let mut answer = Vec::new();
            while server.wants_write() {
                server.write_tls(&mut answer).unwrap();
            }
            assert!(is_server_hello(&answer), "{what}: rustls answered {}", hex(&answer));
        }
    }
}
