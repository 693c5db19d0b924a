//! The ClientHello reader on real captures, against their manifest, the expected verdicts,
//! and two independent parsers (tls-parser and rustls's `Acceptor`); and on broken input.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::Value;
use tls_policy::{ClientHello, HelloError, KeyTypes, Policy, Reason, negotiate};

#[path = "support/wire.rs"]
mod wire;

const MANIFEST: &str = include_str!("data/hellos/manifest.json");
const EXPECTED: &str = include_str!("data/hellos/expected.json");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");

fn hex(v: &Value) -> u16 {
    u16::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

fn hexes(v: &Value) -> Option<Vec<u16>> {
    v.as_array().map(|a| a.iter().map(hex).collect())
}

/// `(name, bytes, manifest entry)` for every capture.
fn captures() -> Vec<(String, Vec<u8>, Value)> {
    let manifest: Value = serde_json::from_str(MANIFEST).unwrap();
    manifest["captures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let file = c["file"].as_str().unwrap();
            let bytes = std::fs::read(format!("{DIR}/{file}")).unwrap();
            (c["name"].as_str().unwrap().to_owned(), bytes, c.clone())
        })
        .collect()
}

fn codes<T: Into<u16>>(it: impl Iterator<Item = T>) -> Vec<u16> {
    it.map(Into::into).collect()
}

#[test]
fn every_capture_reads_as_its_manifest_says() {
    let all = captures();
    assert_eq!(all.len(), 49);
    for (name, bytes, m) in &all {
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(bytes, &mut buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(u16::from(hello.legacy_version()), hex(&m["legacy_version"]), "{name}");
        assert_eq!(u16::from(hello.record_version()), hex(&m["record_version"]), "{name}");
        assert_eq!(hello.records(), m["records"].as_array().unwrap().len(), "{name}");
        assert_eq!(hello.length(), 4 + usize::try_from(m["handshake_length"].as_u64().unwrap()).unwrap(), "{name}");
        assert_eq!(hello.trailing(), usize::try_from(m["trailing_handshake_bytes"].as_u64().unwrap()).unwrap());
        assert_eq!(hello.session_id().len(), usize::try_from(m["session_id_len"].as_u64().unwrap()).unwrap());
        assert_eq!(Some(codes(hello.suites().iter())), hexes(&m["cipher_suites"]), "{name}");
        assert_eq!(hello.supported_versions().map(|v| codes(v.iter())), hexes(&m["supported_versions"]), "{name}");
        assert_eq!(hello.groups().map(|v| codes(v.iter())), hexes(&m["supported_groups"]), "{name}");
        assert_eq!(hello.signature_schemes().map(|v| codes(v.iter())), hexes(&m["signature_algorithms"]), "{name}");
        assert_eq!(Some(hello.extensions().map(|(t, _)| t).collect()), hexes(&m["extensions"]), "{name}");
        let sni = hello.server_name().map(|s| String::from_utf8(s.to_vec()).unwrap());
        let want_sni = m["sni"].as_array().and_then(|a| a.first()).and_then(Value::as_str);
        assert_eq!(sni.as_deref(), want_sni, "{name}");
        let alpn: Vec<String> = hello.alpn().map(|p| String::from_utf8(p.to_vec()).unwrap()).collect();
        let want: Vec<String> = m["alpn"]
            .as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        assert_eq!(alpn, want, "{name}");
        // One-record hellos need no buffer; split ones say so.
        let records = hello.records();
        match ClientHello::parse(bytes) {
            Ok(_) => assert!(buffer.is_empty() && records == 1, "{name}"),
            Err(HelloError::Fragmented { records: r }) => assert_eq!(r, records, "{name}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

/// Raw bytes through the reader and the engine give `expected.json`'s verdicts.
#[test]
fn every_capture_gets_its_expected_verdict_from_its_bytes() {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let policy = Policy::named("dps-tls12").unwrap();
    let all = captures();
    for verdict in expected["verdicts"].as_array().unwrap() {
        let name = verdict["name"].as_str().unwrap();
        let (_, bytes, _) = all.iter().find(|(n, _, _)| n == name).unwrap();
        let mut buffer = Vec::new();
        let hello = ClientHello::parse_with(bytes, &mut buffer).unwrap();
        for (profile, keys) in [("rsa_profile", KeyTypes::RSA), ("ecc_profile", KeyTypes::RSA_AND_ECDSA)] {
            let want = &verdict[profile];
            let got = negotiate(&policy, &hello.offer(), keys);
            if want["verdict"] == "accept" {
                assert_eq!(u16::from(got.unwrap().suite), hex(&want["suite"]), "{name} {profile}");
            } else {
                let reason = got.unwrap_err().reason;
                let text = want["reason"].as_str().unwrap();
                let ok = match reason {
                    Reason::ProtocolVersion => text.starts_with("protocol_version"),
                    Reason::InappropriateFallback => text.starts_with("inappropriate_fallback"),
                    Reason::NoSharedCipher => text.starts_with("no shared cipher"),
                    _ => false,
                };
                assert!(ok, "{name} {profile}: {reason:?} vs {text}");
            }
        }
    }
}

/// What tls-parser and rustls read from the same bytes, where they accept them.
struct Peer {
    suites: Vec<u16>,
    groups: Option<Vec<u16>>,
    schemes: Option<Vec<u16>>,
    sni: Option<Vec<u8>>,
    alpn: Option<Vec<Vec<u8>>>,
}

fn tls_parser_view(bytes: &[u8]) -> Option<Peer> {
    use tls_parser::{
        TlsExtension, TlsMessage, TlsMessageHandshake, parse_tls_client_hello_extensions, parse_tls_plaintext,
    };
    let (_, record) = parse_tls_plaintext(bytes).ok()?;
    let Some(TlsMessage::Handshake(TlsMessageHandshake::ClientHello(ch))) = record.msg.first() else { return None };
    let mut peer =
        Peer { suites: ch.ciphers.iter().map(|c| c.0).collect(), groups: None, schemes: None, sni: None, alpn: None };
    if let Some(ext) = ch.ext {
        // tls-parser stops at the first extension it cannot read and returns the rest: it
        // accepts the hello only when nothing is left.
        let (rest, exts) = parse_tls_client_hello_extensions(ext).ok()?;
        if !rest.is_empty() {
            return None;
        }
        for e in exts {
            match e {
                TlsExtension::EllipticCurves(g) => peer.groups = Some(g.iter().map(|g| g.0).collect()),
                TlsExtension::SignatureAlgorithms(s) => peer.schemes = Some(s.clone()),
                TlsExtension::SNI(names) => peer.sni = names.iter().find(|(t, _)| t.0 == 0).map(|(_, n)| n.to_vec()),
                TlsExtension::ALPN(p) => peer.alpn = Some(p.iter().map(|p| p.to_vec()).collect()),
                _ => {}
            }
        }
    }
    Some(peer)
}

fn rustls_view(bytes: &[u8]) -> Option<Peer> {
    let mut acceptor = rustls::server::Acceptor::default();
    let mut cursor = std::io::Cursor::new(bytes);
    while usize::try_from(cursor.position()).ok()? < bytes.len() {
        if acceptor.read_tls(&mut cursor).ok()? == 0 {
            break;
        }
    }
    let accepted = acceptor.accept().ok()??;
    let ch = accepted.client_hello();
    Some(Peer {
        suites: ch.cipher_suites().iter().map(|s| u16::from(*s)).collect(),
        groups: ch.named_groups().map(|g| g.iter().map(|g| u16::from(*g)).collect()),
        schemes: Some(ch.signature_schemes().iter().map(|s| u16::from(*s)).collect()),
        sni: ch.server_name().map(|s| s.as_bytes().to_vec()),
        alpn: ch.alpn().map(|a| a.map(<[u8]>::to_vec).collect()),
    })
}

/// Compares our reading with a peer's, field by field. `rustls` relaxes two fields: rustls
/// reports an absent `signature_algorithms` as empty, and drops a `host_name` that is not a
/// valid DNS name and lower-cases the rest (we report the bytes as sent).
fn agree(ours: &ClientHello<'_>, peer: &Peer, rustls: bool) -> Result<(), String> {
    let schemes_if_sent = rustls;
    let check = |what: &str, same: bool| if same { Ok(()) } else { Err(format!("{what} differs")) };
    check("suites", codes(ours.suites().iter()) == peer.suites)?;
    check("groups", ours.groups().map(|g| codes(g.iter())) == peer.groups)?;
    let schemes = ours.signature_schemes().map(|s| codes(s.iter()));
    if schemes_if_sent {
        check("schemes", schemes.clone().unwrap_or_default() == peer.schemes.clone().unwrap_or_default())?;
    } else {
        check("schemes", schemes == peer.schemes)?;
    }
    let sni = ours.server_name().map(<[u8]>::to_vec);
    let same_name = match (&sni, &peer.sni) {
        (Some(a), Some(b)) if rustls => a.eq_ignore_ascii_case(b),
        _ => sni == peer.sni,
    };
    check("sni", same_name || (rustls && peer.sni.is_none()))?;
    let alpn: Vec<Vec<u8>> = ours.alpn().map(<[u8]>::to_vec).collect();
    check("alpn", Some(alpn.clone()) == peer.alpn || (alpn.is_empty() && peer.alpn.is_none()))
}

#[test]
fn captures_read_the_same_as_tls_parser_and_rustls() {
    let mut compared = (0, 0);
    for (name, bytes, _) in captures() {
        let mut buffer = Vec::new();
        let ours = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        // tls-parser reads one record; compare where the hello fits in one.
        if let Some(peer) = tls_parser_view(&bytes) {
            agree(&ours, &peer, false).unwrap_or_else(|e| panic!("{name}: tls-parser: {e}"));
            compared.0 += 1;
        }
        // rustls's Acceptor refuses hellos it cannot serve (TLS 1.0/1.1 only); compare the rest.
        if let Some(peer) = rustls_view(&bytes) {
            agree(&ours, &peer, true).unwrap_or_else(|e| panic!("{name}: rustls: {e}"));
            compared.1 += 1;
        }
    }
    assert!(compared.0 >= 45 && compared.1 >= 40, "{compared:?}");
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let files: Vec<Vec<u8>> = captures().into_iter().map(|(_, b, _)| b).collect();
    (prop::sample::select(files), prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..4u8), 1..6))
        .prop_map(|(mut bytes, edits)| {
            for (at, value, op) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = value,
                    1 => bytes[i] ^= 1 << (value % 8),
                    2 => bytes.truncate(i),
                    _ => bytes.insert(i, value),
                }
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_bytes_make_the_reader_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut buffer = Vec::new();
        if let Ok(hello) = ClientHello::parse_with(&bytes, &mut buffer) {
            let _ = negotiate(&Policy::named("dps-tls12").unwrap(), &hello.offer(), KeyTypes::RSA);
            let _ = hello.alpn().count() + hello.extensions().count();
        }
        let _ = ClientHello::parse(&bytes);
    }

    /// Mutated captures never panic, and where a peer parser still accepts the bytes, it reads
    /// the same suites, groups, schemes, SNI and ALPN as we do (or we refuse them as malformed).
    #[test]
    fn mutated_captures_agree_with_the_peers(bytes in mutated()) {
        let mut buffer = Vec::new();
        let ours = ClientHello::parse_with(&bytes, &mut buffer);
        if let Ok(hello) = &ours {
            let _ = negotiate(&Policy::named("dps-tls12").unwrap(), &hello.offer(), KeyTypes::RSA);
            if let Some(peer) = rustls_view(&bytes) {
                prop_assert!(agree(hello, &peer, true).is_ok(), "rustls: {:?}", agree(hello, &peer, true));
            }
            if let Some(peer) = tls_parser_view(&bytes) {
                if hello.records() == 1 {
                    prop_assert!(agree(hello, &peer, false).is_ok(), "tls-parser: {:?}", agree(hello, &peer, false));
                }
            }
        }
    }
}

/// One typed error per way a hello can be broken, each with the offset it names.
#[test]
fn broken_hellos_get_typed_errors_with_offsets() {
    let good = include_bytes!("data/hellos/openssl_tls1_2.bin").to_vec();
    let parse = |bytes: &[u8]| ClientHello::parse(bytes).map(|_| ());
    assert_eq!(parse(&[]), Err(HelloError::Empty));
    assert_eq!(parse(&good[..3]), Err(HelloError::Truncated { offset: 3, what: "record header", needed: 2 }));
    assert!(matches!(parse(&good[..100]), Err(HelloError::Truncated { offset: 100, what: "record", .. })));
    // An SSL 2.0-compatible CLIENT-HELLO announcing TLS 1.0.
    assert_eq!(parse(&[0x80, 0x2E, 0x01, 0x03, 0x01, 0x00, 0x15]), Err(HelloError::Sslv2 { version: 0x0301 }));
    let mut alert = good.clone();
    alert[0] = 21;
    assert_eq!(parse(&alert), Err(HelloError::NotHandshake { offset: 0, content_type: 21 }));
    let mut dtls = good.clone();
    dtls[1] = 0xFE;
    assert!(matches!(parse(&dtls), Err(HelloError::BadRecordVersion { offset: 1, .. })));
    let mut server_hello = good.clone();
    server_hello[5] = 2;
    assert_eq!(parse(&server_hello), Err(HelloError::NotClientHello { offset: 5, msg_type: 2 }));
    // A session id longer than 32 bytes (RFC 8446 §4.1.2: legacy_session_id<0..32>).
    let mut long_id = good.clone();
    long_id[5 + 4 + 2 + 32] = 33;
    assert!(matches!(parse(&long_id), Err(HelloError::BadLength { offset: 43, field: "legacy_session_id", .. })));
    // An odd cipher_suites length.
    let hello = ClientHello::parse(&good).unwrap();
    let suites_at = 5 + 4 + 2 + 32 + 1 + hello.session_id().len();
    let mut odd = good.clone();
    odd[suites_at + 1] ^= 1;
    assert!(matches!(
        parse(&odd),
        Err(HelloError::BadLength { field: "cipher_suites", rule: "a list of 16-bit values", .. })
    ));
}

#[test]
fn duplicate_extensions_trailing_records_and_fragments() {
    let good = include_bytes!("data/hellos/openssl_tls1_2.bin").to_vec();
    let hello = ClientHello::parse(&good).unwrap();
    // Append a second supported_groups extension: fix the three enclosing lengths.
    let extra = [0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17];
    let ext_len_at = good.len() - hello.extensions().map(|(_, d)| 4 + d.len()).sum::<usize>() - 2;
    let mut dup = good.clone();
    dup.extend_from_slice(&extra);
    let bump = |bytes: &mut Vec<u8>, at: usize, width: usize| {
        let mut value = 0usize;
        for i in 0..width {
            value = value << 8 | usize::from(bytes[at + i]);
        }
        value += extra.len();
        for i in 0..width {
            bytes[at + i] = u8::try_from((value >> (8 * (width - 1 - i))) & 0xFF).unwrap();
        }
    };
    bump(&mut dup, 3, 2);
    bump(&mut dup, 6, 3);
    bump(&mut dup, ext_len_at, 2);
    assert!(matches!(
        ClientHello::parse(&dup),
        Err(HelloError::DuplicateExtension { ext_type: 0x000A, offset }) if offset == good.len()
    ));
    // Several records in one buffer: the hello is read, what follows it is left alone.
    let mut two = good.clone();
    two.extend_from_slice(&[21, 3, 3, 0, 2, 1, 0]);
    assert_eq!(ClientHello::parse(&two).unwrap().suites().len(), hello.suites().len());
    // A split hello needs a buffer, and reads the same as whole.
    let split = include_bytes!("data/hellos/openssl_split_records_3.bin");
    assert_eq!(ClientHello::parse(split).map(|_| ()), Err(HelloError::Fragmented { records: 3 }));
    let mut buffer = Vec::new();
    let joined = ClientHello::parse_with(split, &mut buffer).unwrap();
    assert_eq!(joined.records(), 3);
    // A cut in the middle of the second record names the input offset.
    let mut cut_buffer = Vec::new();
    let cut = ClientHello::parse_with(&split[..600], &mut cut_buffer).map(|_| ());
    assert!(matches!(cut, Err(HelloError::Truncated { offset: 600, what: "record", .. })), "{cut:?}");
}

/// Issue 11 point 1: the hostile hello (16,237 distinct extension types, all 64 and above, in
/// five records) is read whole and decided; its cost is `hello/parse_hostile`.
#[test]
fn the_hostile_hello_reads_and_is_decided() {
    let bytes = wire::hostile();
    assert!(bytes.len() > 65_000);
    let mut buffer = Vec::new();
    let hello = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
    assert_eq!(hello.records(), 4);
    assert_eq!(hello.extensions().count(), 3 + wire::HOSTILE_TYPES);
    let agreed = negotiate(&Policy::named("dps-tls12").unwrap(), &hello.offer(), KeyTypes::RSA).unwrap();
    assert_eq!(agreed.suite.get(), 0xC02F);
}

/// Issue 11 point 1: after a run of empty rare extensions (the hostile hello's fast path), a
/// partial header at the end of the block is still `Truncated`, not skipped.
#[test]
fn a_partial_header_after_many_rare_types_is_truncated() {
    for stray in 1..4 {
        let mut extensions = wire::tls12_extensions();
        for i in 0..20 {
            extensions.extend(wire::ext(wire::HOSTILE_BASE + i, &[]));
        }
        extensions.extend(std::iter::repeat_n(0x01, stray));
        let bytes = wire::records(&wire::message(&[0xC02F], &extensions), 1 << 14);
        let got = ClientHello::parse(&bytes).map(|_| ());
        assert!(
            matches!(got, Err(HelloError::Truncated { what: "extension header", needed, .. }) if needed == 4 - stray),
            "{stray} stray bytes: {got:?}"
        );
    }
}

/// Where byte `m` of a handshake message lies in `wire::records(message, first)`.
fn input_offset(m: usize, first: usize) -> usize {
    if m < first { 5 + m } else { m + 5 * (2 + (m - first) / (1 << 14)) }
}

/// The textbook check: the first extension whose type an earlier one has, by a scan of all
/// earlier ones (quadratic, for the test only).
fn naive_first_duplicate(types: &[u16]) -> Option<usize> {
    (0..types.len()).find(|&j| types[..j].contains(&types[j]))
}

/// Extension types that need no body: unassigned or unread codes, at and above 64 mostly,
/// plus a few below (where the reader's one-word set serves).
fn bodiless_type() -> impl Strategy<Value = u16> {
    prop_oneof![
        8 => 0x0100u16..0xFD00,
        1 => 0x0040u16..0x0050,
        1 => prop::sample::select(vec![18u16, 22, 23, 49, 60, 61, 62, 63]),
    ]
}

/// Many distinct types, then a few positions overwritten with an earlier type (or not).
fn type_lists() -> impl Strategy<Value = Vec<u16>> {
    (
        prop::collection::hash_set(bodiless_type(), 1..3000),
        prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..3),
    )
        .prop_map(|(set, dups)| {
            let mut types: Vec<u16> = set.into_iter().collect();
            for (to, from) in dups {
                let (a, b) = (to.index(types.len()), from.index(types.len()));
                types[a.max(b)] = types[a.min(b)];
            }
            types
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Issue 11 point 1: the linear duplicate check (a word, a few inline, then a 65,536-bit
    /// set) finds exactly the duplicate the quadratic scan finds, at any position, among
    /// thousands of distinct types, in one record or split across several.
    #[test]
    fn duplicates_are_found_as_the_naive_check_finds_them(types in type_lists(), first in 1usize..6) {
        let mut extensions = wire::tls12_extensions();
        let mut starts = Vec::new();
        for &ty in &types {
            starts.push(extensions.len());
            extensions.extend(wire::ext(ty, &[]));
        }
        let message = wire::message(&[0xC02F], &extensions);
        let bytes = wire::records(&message, first);
        let mut buffer = Vec::new();
        let got = ClientHello::parse_with(&bytes, &mut buffer).map(|h| h.extensions().count());
        // The three plain extensions have types 10, 11 and 13, which the lists never use.
        match naive_first_duplicate(&types) {
            None => prop_assert_eq!(got, Ok(3 + types.len())),
            Some(j) => match got {
                Err(HelloError::DuplicateExtension { ext_type, offset }) => {
                    prop_assert_eq!(ext_type, types[j]);
                    // The extensions block starts after the header, version, random, empty
                    // session id, one suite, compression and the block's own length.
                    let in_message = 4 + 2 + 32 + 1 + 4 + 2 + 2 + starts[j];
                    prop_assert_eq!(offset, input_offset(in_message, first));
                }
                other => prop_assert!(false, "duplicate at {j} (0x{:04X}), got {other:?}", types[j]),
            },
        }
    }
}

/// Issue 11 point 3: a first record with only 1, 2 or 3 handshake bytes (the header split
/// across records) reads the same as the whole hello, through `parse_with`; `parse` says the
/// hello is fragmented, and a cut inside the header is still `Truncated`.
#[test]
fn a_handshake_header_split_across_records_is_joined() {
    for (name, bytes, _) in captures() {
        let mut buffer = Vec::new();
        let whole = ClientHello::parse_with(&bytes, &mut buffer).unwrap();
        let mut message = Vec::new();
        let mut at = 0;
        while at + 5 <= bytes.len() {
            let len = usize::from(u16::from_be_bytes([bytes[at + 3], bytes[at + 4]]));
            message.extend_from_slice(&bytes[at + 5..at + 5 + len]);
            at += 5 + len;
        }
        message.truncate(whole.length());
        for first in 1..=3 {
            let split = wire::records(&message, first);
            let records = 1 + (message.len() - first).div_ceil(1 << 14);
            assert_eq!(ClientHello::parse(&split).map(|_| ()), Err(HelloError::Fragmented { records }), "{name}");
            let mut joined_buffer = Vec::new();
            let joined =
                ClientHello::parse_with(&split, &mut joined_buffer).unwrap_or_else(|e| panic!("{name} {first}: {e}"));
            assert_eq!(joined.records(), records);
            assert_eq!(joined.length(), whole.length());
            assert!(joined.suites().iter().eq(whole.suites().iter()), "{name}");
            assert!(joined.extensions().eq(whole.extensions()), "{name}");
            // Cut after the first record: the header still needs 4 - first bytes.
            let cut = &split[..5 + first];
            assert_eq!(
                ClientHello::parse_with(cut, &mut Vec::new()).map(|_| ()),
                Err(HelloError::Truncated { offset: 5 + first, what: "handshake header", needed: 4 - first })
            );
        }
    }
    // One byte per record for the whole header: four records before the body.
    let message = wire::message(&[0xC02F], &wire::tls12_extensions());
    let mut bytes = Vec::new();
    for b in &message[..4] {
        bytes.extend(wire::records(&[*b], 1));
    }
    bytes.extend(wire::records(&message[4..], 1 << 14));
    let mut buffer = Vec::new();
    assert_eq!(ClientHello::parse_with(&bytes, &mut buffer).unwrap().records(), 5);
    // A wrong message type is named at its offset even when the header is split.
    let mut server_hello = wire::records(&message, 2);
    server_hello[5] = 2;
    assert_eq!(
        ClientHello::parse(&server_hello).map(|_| ()),
        Err(HelloError::NotClientHello { offset: 5, msg_type: 2 })
    );
}

/// Issue 11 point 2: the extension bodies rustls reads are checked, each refused with the
/// alert its RFC names; version-dependent ones reach the offer.
#[test]
fn extension_bodies_are_checked_with_their_alerts() {
    let read = |extra: &[u8]| {
        let mut extensions = wire::tls12_extensions();
        extensions.extend_from_slice(extra);
        let bytes = wire::records(&wire::message(&[0xC02F], &extensions), 1 << 14);
        let mut buffer = Vec::new();
        ClientHello::parse_with(&bytes, &mut buffer)
            .map(|h| (h.offer().illegal_in_tls13(), h.offer().has_key_share()))
            .map_err(|e| e.reason())
    };
    let sni = |names: &[&[u8]]| {
        let list: Vec<u8> = names.iter().flat_map(|n| [&[0u8][..], &wire::v16(n)].concat()).collect();
        wire::ext(0, &wire::v16(&list))
    };
    assert_eq!(read(&sni(&[b"device.example"])), Ok((false, false)));
    assert_eq!(read(&sni(&[b"device.example."])), Ok((false, false)));
    assert_eq!(read(&sni(&[b"10.0.0.1"])), Ok((false, false)));
    assert_eq!(read(&sni(&[b"a.example", b"b.example"])), Err(Reason::Malformed));
    for bad in [&b"dev\x00ice.example"[..], b"-a.example", b"a..example", b"example.123", b"a b", b"\xfa"] {
        assert_eq!(read(&sni(&[bad])), Err(Reason::IllegalParameter), "{bad:?}");
    }
    assert_eq!(read(&wire::ext(0, &wire::v16(&[7, 0, 1, b'x']))), Err(Reason::IllegalParameter));
    // extended_master_secret and early_data are empty (RFC 7627 §5.1, RFC 8446 §4.2.10).
    assert_eq!(read(&wire::ext(23, &[])), Ok((false, false)));
    assert_eq!(read(&wire::ext(23, &[0])), Err(Reason::Malformed));
    assert_eq!(read(&wire::ext(42, &[1, 2])), Err(Reason::Malformed));
    // status_request: OCSP with its two lists, nothing left over.
    assert_eq!(read(&wire::ext(5, &[1, 0, 0, 0, 0])), Ok((false, false)));
    assert_eq!(read(&wire::ext(5, &[1, 0, 0, 0])), Err(Reason::Malformed));
    assert_eq!(read(&wire::ext(5, &[1, 0, 0, 0, 0, 9])), Err(Reason::Malformed));
    // renegotiation_info, cookie, compress_certificate, ECH.
    assert_eq!(read(&wire::ext(0xFF01, &[0])), Ok((false, false)));
    assert_eq!(read(&wire::ext(0xFF01, &[1])), Err(Reason::Malformed));
    assert_eq!(read(&wire::ext(44, &wire::v16(&[]))), Err(Reason::Malformed));
    assert_eq!(read(&wire::ext(27, &wire::v8(&[0, 2]))), Ok((false, false)));
    assert_eq!(read(&wire::ext(27, &wire::v8(&[0, 2, 0, 2]))), Ok((true, false)));
    assert_eq!(read(&wire::ext(27, &wire::v8(&[0, 2, 0]))), Err(Reason::Malformed));
    assert_eq!(read(&wire::ext(0xFE0D, &[1])), Ok((false, false)));
    assert_eq!(read(&wire::ext(0xFE0D, &[2])), Err(Reason::Malformed));
    // key_share: entries well formed, in the form of their group; a repeated group is
    // illegal in TLS 1.3 (RFC 8446 §4.2.8), which the engine judges.
    let share = |group: u16, key: &[u8]| [&group.to_be_bytes()[..], &wire::v16(key)].concat();
    let x25519 = share(0x001D, &[9; 32]);
    assert_eq!(read(&wire::ext(51, &wire::v16(&x25519))), Ok((false, true)));
    assert_eq!(read(&wire::ext(51, &wire::v16(&[x25519.clone(), x25519.clone()].concat()))), Ok((true, true)));
    assert_eq!(read(&wire::ext(51, &wire::v16(&share(0x001D, &[9; 31])))), Ok((true, true)));
    assert_eq!(
        read(&wire::ext(51, &wire::v16(&share(0x0017, &[[4].as_slice(), &[1; 64]].concat())))),
        Ok((false, true))
    );
    assert_eq!(read(&wire::ext(51, &wire::v16(&x25519[..10]))), Err(Reason::Malformed));
    // pre_shared_key must come last (RFC 8446 §4.2.11: illegal_parameter).
    let psk = [wire::v16(&[wire::v16(b"ticket"), vec![0; 4]].concat()), wire::v16(&wire::v8(&[5; 32]))].concat();
    assert_eq!(read(&wire::ext(41, &psk)), Ok((false, false)));
    assert_eq!(read(&[wire::ext(41, &psk), wire::ext(23, &[])].concat()), Err(Reason::IllegalParameter));
}

/// Compression methods without null are malformed (RFC 5246 §7.4.1.2; OpenSSL: decode_error).
#[test]
fn compression_without_null_is_malformed() {
    let mut message = wire::message(&[0xC02F], &wire::tls12_extensions());
    // header 4, version 2, random 32, session id length 1, suites 4, then [1, 0].
    assert_eq!(&message[43..45], &[1, 0]);
    message[44] = 1;
    let error = ClientHello::parse(&wire::records(&message, 1 << 14)).unwrap_err();
    assert!(matches!(error, HelloError::BadValue { offset: 48, field: "legacy_compression_methods", .. }), "{error}");
    assert_eq!(error.reason(), Reason::Malformed);
}
