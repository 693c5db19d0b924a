//! Device fingerprints (JA4, JA4_r, JA3) against references: FoxIO's own captures and published
//! values (`tests/data/captures/foxio`), and tshark's JA3 and FoxIO's python ja4.py for the
//! crate's bundled hellos (`tests/data/hellos/fingerprints.json`); then what the
//! specification says of GREASE, counts and ALPN, on hellos written for the purpose.

#![cfg(feature = "capture")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::Value;
use tls_policy::capture::fingerprint::{Fingerprints, ja3, ja3_hash, ja4, ja4_r};
use tls_policy::{CipherSuite, ClientHello, HelloWriter, NamedGroup, OwnedOffer, ProtocolVersion, SignatureScheme};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DATA}/{path}")).unwrap()).unwrap()
}

/// The fingerprints of a hello held in one record or several.
fn prints(bytes: &[u8]) -> Fingerprints {
    let mut buffer = Vec::new();
    let hello = ClientHello::parse_with(bytes, &mut buffer).unwrap_or_else(|e| panic!("{e}; hello: {}", hex(bytes)));
    Fingerprints::of(&hello)
}

/// Every ClientHello cut from FoxIO's captures has the JA4 and JA4_r that FoxIO publishes for
/// its connection (or, where FoxIO's tools and the specification part, the specification's).
#[test]
fn foxio_captures() {
    let expected = json("captures/foxio/expected.json");
    let mut checked = 0;
    for pcap in expected["pcaps"].as_array().unwrap() {
        let file = pcap["file"].as_str().unwrap();
        assert!(std::fs::metadata(format!("{DATA}/captures/foxio/{file}")).is_ok(), "{file} is listed but missing");
        for stream in pcap["streams"].as_array().unwrap() {
            let hellos = [(stream, "first"), (&stream["second_hello"], "second")];
            for (entry, which) in hellos {
                let Some(path) = entry["hello"].as_str() else { continue };
                let bytes = std::fs::read(format!("{DATA}/captures/foxio/{path}")).unwrap();
                let got = prints(&bytes);
                let at = format!("{file} stream {} ({which} hello)", stream["stream"]);
                assert_eq!(got.ja4, entry["ja4"].as_str().unwrap(), "{at}");
                assert_eq!(got.ja4_r, entry["ja4_r"].as_str().unwrap(), "{at}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15);
}

/// Where expected.json departs from FoxIO's published value, it is by the ALPN characters
/// alone, and says why.
#[test]
fn foxio_departures_are_explained() {
    let expected = json("captures/foxio/expected.json");
    let mut departures = 0;
    for stream in expected["pcaps"].as_array().unwrap().iter().flat_map(|p| p["streams"].as_array().unwrap()) {
        let Some(foxio) = stream["foxio_ja4"].as_str() else { continue };
        let ours = stream["ja4"].as_str().unwrap();
        assert_ne!(foxio, ours);
        assert_eq!((&foxio[..8], &foxio[10..]), (&ours[..8], &ours[10..]), "only JA4_a's ALPN part differs");
        let (foxio_r, ours_r) = (stream["foxio_ja4_r"].as_str().unwrap(), stream["ja4_r"].as_str().unwrap());
        assert_eq!((&foxio_r[..8], &foxio_r[10..]), (&ours_r[..8], &ours_r[10..]));
        assert!(stream["differs"].as_str().unwrap().contains("ALPN Extension Value"));
        departures += 1;
    }
    assert_eq!(departures, 1);
}

/// Every bundled hello has the JA3 and JA3 hash tshark gives it and the JA4 and JA4_r
/// FoxIO's python ja4.py gives it; every bundled hello is listed.
#[test]
fn bundled_hellos() {
    let expected = json("hellos/fingerprints.json");
    let listed: Vec<&Value> = expected["hellos"].as_array().unwrap().iter().collect();
    let mut files: Vec<String> = std::fs::read_dir(format!("{DATA}/hellos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".bin"))
        .collect();
    files.sort();
    let names: Vec<&str> = listed.iter().map(|h| h["file"].as_str().unwrap()).collect();
    assert_eq!(names, files);
    for entry in listed {
        let file = entry["file"].as_str().unwrap();
        let got = prints(&std::fs::read(format!("{DATA}/hellos/{file}")).unwrap());
        for (field, value) in [("ja4", &got.ja4), ("ja4_r", &got.ja4_r), ("ja3", &got.ja3), ("ja3_hash", &got.ja3_hash)]
        {
            assert_eq!(value, entry[field].as_str().unwrap(), "{file}: {field}");
        }
    }
}

/// The four functions agree with `Fingerprints::of`, which serializes with its field names.
#[test]
fn functions_and_struct_agree() {
    let bytes = std::fs::read(format!("{DATA}/hellos/python_sni_alpn.bin")).unwrap();
    let hello = ClientHello::parse(&bytes).unwrap();
    let all = Fingerprints::of(&hello);
    assert_eq!(
        (ja4(&hello), ja4_r(&hello), ja3(&hello), ja3_hash(&hello)),
        (all.ja4.clone(), all.ja4_r.clone(), all.ja3.clone(), all.ja3_hash.clone())
    );
    let value = serde_json::to_value(&all).unwrap();
    assert_eq!(value["ja4"], all.ja4.as_str());
    assert_eq!(value.as_object().unwrap().len(), 4);
}

/// Extensions as `(type, data)`.
type Extensions = Vec<(u16, Vec<u8>)>;

/// The extensions of a hello in one record, and the offset where the list (its 2-byte
/// length) starts; `None` when the hello has no extension list.
fn extension_list(hello: &[u8]) -> (usize, Option<Extensions>) {
    let mut at = 5 + 4 + 2 + 32;
    at += 1 + usize::from(hello[at]);
    at += 2 + usize::from(u16::from_be_bytes([hello[at], hello[at + 1]]));
    at += 1 + usize::from(hello[at]);
    if at == hello.len() {
        return (at, None);
    }
    let end = at + 2 + usize::from(u16::from_be_bytes([hello[at], hello[at + 1]]));
    let mut list = Vec::new();
    let mut i = at + 2;
    while i < end {
        let ty = u16::from_be_bytes([hello[i], hello[i + 1]]);
        let len = usize::from(u16::from_be_bytes([hello[i + 2], hello[i + 3]]));
        list.push((ty, hello[i + 4..i + 4 + len].to_vec()));
        i += 4 + len;
    }
    (at, Some(list))
}

/// `hello` (one record, as the writer makes it) with `extensions` in place of its
/// extension list, the three lengths above it set again.
fn with_extensions(hello: &[u8], extensions: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let (at, _) = extension_list(hello);
    let mut out = hello[..at].to_vec();
    let body: Vec<u8> = extensions
        .iter()
        .flat_map(|(ty, data)| {
            let len = u16::try_from(data.len()).unwrap();
            [ty.to_be_bytes().as_slice(), len.to_be_bytes().as_slice(), data].concat()
        })
        .collect();
    out.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
    out.extend_from_slice(&body);
    let handshake = u32::try_from(out.len() - 9).unwrap().to_be_bytes();
    out[6..9].copy_from_slice(&handshake[1..]);
    let record = u16::try_from(out.len() - 5).unwrap().to_be_bytes();
    out[3..5].copy_from_slice(&record);
    out
}

const GREASE: [u16; 16] = [
    0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada,
    0xeaea, 0xfafa,
];

fn is_grease(v: u16) -> bool {
    GREASE.contains(&v)
}

/// A u16 that is not GREASE.
fn plain() -> impl Strategy<Value = u16> {
    any::<u16>().prop_filter("not GREASE", |&v| !is_grease(v))
}

/// Where to put GREASE values in a list: `(position, GREASE index)` pairs.
fn insertions() -> impl Strategy<Value = Vec<(usize, usize)>> {
    proptest::collection::vec((any::<usize>(), 0..16usize), 0..4)
}

/// `list` with GREASE values put in at the given places.
fn greased<T: Copy>(list: &[T], at: &[(usize, usize)], make: impl Fn(u16) -> T) -> Vec<T> {
    let mut out = list.to_vec();
    for &(position, which) in at {
        out.insert(position % (out.len() + 1), make(GREASE[which]));
    }
    out
}

/// A hello's parts for the GREASE property: an offer and what the connection adds.
#[derive(Debug, Clone)]
struct Parts {
    legacy: u16,
    suites: Vec<u16>,
    versions: Option<Vec<u16>>,
    groups: Option<Vec<u16>>,
    sigalgs: Option<Vec<u16>>,
    formats: Option<Vec<u8>>,
    sni: bool,
    alpn: Vec<Vec<u8>>,
}

fn parts() -> impl Strategy<Value = Parts> {
    let versions = proptest::sample::subsequence(vec![0x0304, 0x0303, 0x0302, 0x0301, 0x0300], 1..=5);
    (
        prop_oneof![Just(0x0303u16), Just(0x0301), Just(0x0300), plain()],
        proptest::collection::vec(plain(), 1..40),
        proptest::option::of(versions),
        proptest::option::of(proptest::collection::vec(plain(), 1..12)),
        proptest::option::of(proptest::collection::vec(plain(), 1..24)),
        proptest::option::of(proptest::collection::vec(0..3u8, 1..4)),
        any::<bool>(),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..10), 0..3),
    )
        .prop_map(|(legacy, suites, versions, groups, sigalgs, formats, sni, alpn)| Parts {
            legacy,
            suites,
            versions,
            groups,
            sigalgs,
            formats,
            sni,
            alpn,
        })
}

/// The hello these parts make, with extra extensions put in at the given places.
fn write(p: &Parts, extra: &[(usize, u16)]) -> Vec<u8> {
    let mut offer =
        OwnedOffer::new(ProtocolVersion::from(p.legacy), p.suites.iter().copied().map(CipherSuite::from).collect());
    offer.supported_versions = p.versions.as_ref().map(|v| v.iter().copied().map(ProtocolVersion::from).collect());
    offer.groups = p.groups.as_ref().map(|v| v.iter().copied().map(NamedGroup::from).collect());
    offer.signature_schemes = p.sigalgs.as_ref().map(|v| v.iter().copied().map(SignatureScheme::from).collect());
    offer.ec_point_formats = p.formats.clone();
    offer.key_share = false;
    let offer = offer.as_offer();
    let mut writer = HelloWriter::new(&offer);
    if p.sni {
        writer = writer.server_name("device.example");
    }
    for protocol in &p.alpn {
        writer = writer.alpn_protocol(protocol);
    }
    let bytes = writer.write().unwrap();
    if extra.is_empty() {
        return bytes;
    }
    let mut list = extension_list(&bytes).1.unwrap_or_default();
    for &(position, ty) in extra {
        list.insert(position % (list.len() + 1), (ty, Vec::new()));
    }
    with_extensions(&bytes, &list)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// GREASE anywhere (suites, supported_versions, supported_groups, signature_algorithms,
    /// the extensions) changes neither JA4, JA4_r nor JA3.
    #[test]
    fn grease_never_changes_a_fingerprint(
        p in parts(),
        in_suites in insertions(),
        in_versions in insertions(),
        in_groups in insertions(),
        in_sigalgs in insertions(),
        in_extensions in proptest::sample::subsequence((0..16usize).collect::<Vec<_>>(), 0..4),
        positions in proptest::collection::vec(any::<usize>(), 4),
    ) {
        let plain_hello = write(&p, &[]);
        let g = Parts {
            suites: greased(&p.suites, &in_suites, |v| v),
            versions: p.versions.as_ref().map(|v| greased(v, &in_versions, |v| v)),
            groups: p.groups.as_ref().map(|v| greased(v, &in_groups, |v| v)),
            sigalgs: p.sigalgs.as_ref().map(|v| greased(v, &in_sigalgs, |v| v)),
            ..p.clone()
        };
        let extra: Vec<(usize, u16)> = in_extensions.iter().zip(&positions).map(|(&i, &at)| (at, GREASE[i])).collect();
        let greasy_hello = write(&g, &extra);
        let (a, b) = (prints(&plain_hello), prints(&greasy_hello));
        prop_assert_eq!(a, b, "plain {} greased {}", hex(&plain_hello), hex(&greasy_hello));
    }

    /// Any hello the reader accepts has fingerprints, of the spec's shape.
    #[test]
    fn any_hello_has_fingerprints(p in parts(), extra in proptest::collection::vec((any::<usize>(), plain()), 0..6)) {
        let mut extra = extra;
        extra.sort_by_key(|e| e.1);
        extra.dedup_by_key(|e| e.1);
        // Extensions the reader checks would need their grammar: only unknown ones are added.
        extra.retain(|e| e.1 >= 0x0100 && e.1 != 0xff01 && e.1 != 0xfe0d && e.1 != 0xfd00);
        let bytes = write(&p, &extra);
        let mut buffer = Vec::new();
        if let Ok(hello) = ClientHello::parse_with(&bytes, &mut buffer) {
            let f = Fingerprints::of(&hello);
            let parts: Vec<&str> = f.ja4.split('_').collect();
            prop_assert_eq!(parts.len(), 3);
            prop_assert_eq!(parts[0].len(), 10);
            prop_assert!(parts[1].len() == 12 && parts[2].len() == 12);
            prop_assert!(f.ja4_r.starts_with(parts[0]));
            prop_assert_eq!(f.ja3.split(',').count(), 5);
            prop_assert_eq!(f.ja3_hash.len(), 32);
        }
    }

    /// Bytes changed at random in the bundled hellos: whatever still reads has fingerprints.
    #[test]
    fn mutated_hellos_never_panic(which in 0..49usize, changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut files: Vec<_> = std::fs::read_dir(format!("{DATA}/hellos")).unwrap()
            .map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "bin")).collect();
        files.sort();
        let mut bytes = std::fs::read(&files[which % files.len()]).unwrap();
        for (at, value) in changes {
            let len = bytes.len();
            bytes[at % len] = value;
        }
        let mut buffer = Vec::new();
        if let Ok(hello) = ClientHello::parse_with(&bytes, &mut buffer) {
            let _ = Fingerprints::of(&hello);
        }
    }
}

/// An offer of these suites, with this ALPN and without key share.
fn hello_with(suites: &[u16], alpn: &[&[u8]], versions: Option<&[u16]>, legacy: u16) -> Vec<u8> {
    let p = Parts {
        legacy,
        suites: suites.to_vec(),
        versions: versions.map(<[u16]>::to_vec),
        groups: None,
        sigalgs: None,
        formats: None,
        sni: false,
        alpn: alpn.iter().map(|a| a.to_vec()).collect(),
    };
    write(&p, &[])
}

/// JA4_a of a hello.
fn prefix(bytes: &[u8]) -> String {
    prints(bytes).ja4[..10].to_owned()
}

#[test]
fn counts_stop_at_99() {
    let suites: Vec<u16> = (0x0100..0x0196).collect(); // 150 suites
    let bytes = hello_with(&suites, &[], None, 0x0303);
    assert_eq!(prefix(&bytes), "t12i990000");
    // The list itself keeps every suite (JA4_r), only the count stops.
    assert_eq!(prints(&bytes).ja4_r.split('_').nth(1).unwrap().split(',').count(), 150);

    let extensions: Vec<(usize, u16)> = (0x1000..0x1078).map(|ty| (usize::MAX, ty)).collect(); // 120
    let p = Parts {
        legacy: 0x0303,
        suites: vec![0x002f],
        versions: None,
        groups: None,
        sigalgs: None,
        formats: None,
        sni: false,
        alpn: vec![],
    };
    let bytes = write(&p, &extensions);
    assert_eq!(prefix(&bytes), "t12i019900");
    assert_eq!(prints(&bytes).ja4_r.split('_').nth(2).unwrap().split(',').count(), 120);
    // And GREASE is not counted: 99 + 16 GREASE suites is still 99, 98 + 16 is 98.
    let mut greasy: Vec<u16> = (0x0100..0x0162).collect();
    greasy.extend(GREASE);
    assert_eq!(prefix(&hello_with(&greasy, &[], None, 0x0303)), "t12i980000");
}

#[test]
fn alpn_edge_cases() {
    let suites = [0x1301];
    for (alpn, code) in [
        (&[][..], "00"),
        (&[&b"h2"[..], b"http/1.1"][..], "h2"),
        (&[&b"http/1.1"[..], b"h2"][..], "h1"),
        (&[&b"h"[..]][..], "hh"),
        (&[&b"\xba\xad"[..]][..], "bd"),
        (&[&b"\xab"[..]][..], "ab"),
        (&[&b"\x20"[..]][..], "20"),
        (&[&b"\x61\x20"[..]][..], "60"),
        (&[&b"\x20\x61"[..]][..], "21"),
        (&[&b"\x30\xab"[..]][..], "3b"),
        (&[&b"\x30\x31\xab\xcd"[..]][..], "3d"),
        (&[&b"\x30\xab\xcd\x31"[..]][..], "01"),
        (&["é".as_bytes()][..], "c9"),
    ] {
        let bytes = hello_with(&suites, alpn, None, 0x0303);
        assert_eq!(&prefix(&bytes)[8..], code, "{alpn:02x?}");
    }
}

#[test]
fn versions() {
    for (versions, legacy, code) in [
        (Some(&[0x0304, 0x0303][..]), 0x0303, "13"),
        (Some(&[0x3a3a, 0x0303, 0x0304][..]), 0x0303, "13"),
        (Some(&[0x0302][..]), 0x0303, "11"),
        // Only GREASE in supported_versions: the legacy version stands in.
        (Some(&[0x3a3a][..]), 0x0302, "11"),
        (None, 0x0303, "12"),
        (None, 0x0301, "10"),
        (None, 0x0300, "s3"),
        (None, 0x0305, "00"),
        (Some(&[0x7f1c][..]), 0x0303, "00"),
    ] {
        let bytes = hello_with(&[0x002f], &[], versions, legacy);
        assert_eq!(&prefix(&bytes)[1..3], code, "{versions:04x?} {legacy:04x}");
    }
}

#[test]
fn no_extensions_and_no_suites_hash_to_zeros() {
    // A TLS 1.0 hello without extensions, as the SOCKS capture's: JA4_c is all zeros and
    // JA4_r ends in the separator.
    let bytes = hello_with(&[0x002f, 0x00ff], &[], None, 0x0301);
    let f = prints(&bytes);
    // sha256("002f,00ff") starts a5878986a7c9.
    assert_eq!(f.ja4, "t10i020000_a5878986a7c9_000000000000");
    assert_eq!(f.ja4_r, "t10i020000_002f,00ff_");
    assert_eq!(f.ja3, "769,47-255,,,");
    // Only GREASE suites: no suites at all for JA4.
    let f = prints(&hello_with(&[0x0a0a, 0x1a1a], &[], None, 0x0303));
    assert_eq!(f.ja4, "t12i000000_000000000000_000000000000");
    assert_eq!(f.ja3, "771,,,,");
}
