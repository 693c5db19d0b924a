//! The model's tables agree with their sources: the IANA registries, OpenSSL and rustls.

use tls_policy::{
    Authentication, Cipher, CipherSuite, Hash, KeyExchange, Mode, NamedGroup, ProtocolVersion, Recommended,
    SignatureScheme,
};

const SUITES_CSV: &str = include_str!("../src/suite/data/tls-parameters-4.csv");
const GROUPS_CSV: &str = include_str!("../src/data/tls-parameters-8.csv");
const SCHEMES_CSV: &str = include_str!("../src/data/tls-signaturescheme.csv");
/// `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' > src/suite/data/openssl-ciphers-v.txt`,
/// run with the system OpenSSL 3.0.19 (Debian 12) on 2026-11-28.
const OPENSSL_V: &str = include_str!("../src/suite/data/openssl-ciphers-v.txt");

/// Minimal RFC 4180 reader: fields may be quoted and hold commas and newlines.
fn csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Registry rows that name a single value: `(value, name, recommended)`.
fn named_rows(text: &str, parse_value: fn(&str) -> Option<u16>, rec_col: usize) -> Vec<(u16, String, String)> {
    csv(text)
        .into_iter()
        .skip(1)
        .filter_map(|r| {
            let value = parse_value(r.first()?)?;
            let name = r.get(1)?.trim();
            if name.starts_with("Unassigned") || name.starts_with("Reserved") {
                return None;
            }
            Some((value, name.trim_end_matches(" (OBSOLETE)").to_owned(), r.get(rec_col)?.trim().to_owned()))
        })
        .collect()
}

fn recommended(flag: &str) -> Recommended {
    match flag {
        "Y" => Recommended::Yes,
        "D" => Recommended::Discouraged,
        _ => Recommended::No,
    }
}

#[test]
fn every_registry_cipher_suite_is_known_by_name_and_flag() {
    let pair = |v: &str| {
        let (hi, lo) = v.split_once(',')?;
        let hi = u8::from_str_radix(hi.trim().strip_prefix("0x")?, 16).ok()?;
        let lo = u8::from_str_radix(lo.trim().strip_prefix("0x")?, 16).ok()?;
        Some(u16::from_be_bytes([hi, lo]))
    };
    let rows = named_rows(SUITES_CSV, pair, 3);
    assert_eq!(rows.len(), 356, "rows naming one suite or signalling value");
    for (code, name, rec) in &rows {
        let suite = CipherSuite::from(*code);
        assert_eq!(suite.iana_name(), Some(name.as_str()), "0x{code:04X}");
        assert_eq!(name.parse::<CipherSuite>(), Ok(suite), "{name}");
        match suite.info() {
            Some(info) => assert_eq!(info.recommended(), recommended(rec), "{name}"),
            None => assert!(suite.is_signalling(), "{name}"),
        }
    }
    assert_eq!(CipherSuite::all().len(), rows.len() - 2);
}

#[test]
fn groups_match_the_registry_both_ways() {
    let rows = named_rows(GROUPS_CSV, |v| v.trim().parse().ok(), 3);
    for (code, name, rec) in &rows {
        let group = NamedGroup::from(*code);
        assert_eq!(group.name(), Some(name.as_str()), "{code}");
        assert_eq!(group.info().map(|i| i.recommended()), Some(recommended(rec)), "{name}");
        assert_eq!(name.parse::<NamedGroup>(), Ok(group));
    }
    assert_eq!(NamedGroup::all().len(), rows.len(), "the table has no group the registry lacks");
}

#[test]
fn signature_schemes_match_the_registry_plus_rfc5246_pairs() {
    let hex = |v: &str| u16::from_str_radix(v.trim().strip_prefix("0x")?, 16).ok();
    let rows = named_rows(SCHEMES_CSV, hex, 2);
    for (code, name, rec) in &rows {
        let scheme = SignatureScheme::from(*code);
        assert_eq!(scheme.name(), Some(name.as_str()), "0x{code:04X}");
        assert_eq!(scheme.info().map(|i| i.recommended()), Some(recommended(rec)), "{name}");
    }
    // Whatever else the table holds is an RFC 5246 (hash, signature) pair:
    // hash md5(1)..sha512(6), signature rsa(1), dsa(2), ecdsa(3).
    for info in SignatureScheme::all() {
        let code = u16::from(info.scheme());
        if rows.iter().any(|(c, _, _)| *c == code) {
            continue;
        }
        let [hash, sig] = code.to_be_bytes();
        assert!((1..=6).contains(&hash) && (1..=3).contains(&sig), "{}", info.name());
        assert!(info.is_tls12_pair_only(), "{}", info.name());
    }
}

/// OpenSSL's own account of each suite it implements, compared with the table's.
#[test]
fn openssl_names_and_attributes_agree() {
    let mut seen = 0;
    for line in OPENSSL_V.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [code, "-", name, version, kx, au, enc, mac] = words[..] else { panic!("{line}") };
        let code: CipherSuite = code.parse().unwrap();
        let info = code.info().unwrap_or_else(|| panic!("{line}"));
        assert_eq!(name.parse::<CipherSuite>(), Ok(code), "{name}");
        if !name.starts_with("TLS_") {
            assert_eq!(info.openssl(), Some(name), "{line}");
        }
        let field = |f: &str, key: &str| f.strip_prefix(key).unwrap_or_else(|| panic!("{line}")).to_owned();
        let (kx, au, enc, mac) = (field(kx, "Kx="), field(au, "Au="), field(enc, "Enc="), field(mac, "Mac="));

        let want_kx = match info.kx() {
            KeyExchange::Rsa => "RSA",
            KeyExchange::Dhe => "DH",
            KeyExchange::Ecdhe => "ECDH",
            KeyExchange::Psk => "PSK",
            KeyExchange::DhePsk => "DHEPSK",
            KeyExchange::EcdhePsk => "ECDHEPSK",
            KeyExchange::RsaPsk => "RSAPSK",
            KeyExchange::Srp => "SRP",
            KeyExchange::Any => "any",
            other => panic!("{line}: OpenSSL has no {other:?} suites"),
        };
        assert_eq!(kx, want_kx, "{line}");
        let want_au = match info.auth() {
            Authentication::Rsa => "RSA",
            Authentication::Ecdsa => "ECDSA",
            Authentication::Dss => "DSS",
            Authentication::Psk => "PSK",
            Authentication::Srp => "SRP",
            Authentication::Anonymous => "None",
            Authentication::Any => "any",
            other => panic!("{line}: OpenSSL has no {other:?} suites"),
        };
        assert_eq!(au, want_au, "{line}");
        let cipher = match (info.cipher(), info.mode()) {
            (Cipher::Aes, Mode::Gcm) => "AESGCM",
            (Cipher::Aes, Mode::Ccm) => "AESCCM",
            (Cipher::Aes, Mode::Ccm8) => "AESCCM8",
            (Cipher::Aes, Mode::Cbc) => "AES",
            (Cipher::ChaCha20, _) => "CHACHA20/POLY1305",
            (Cipher::Camellia, Mode::Cbc) => "Camellia",
            (Cipher::Aria, Mode::Gcm) => "ARIAGCM",
            (Cipher::Seed, _) => "SEED",
            (Cipher::TripleDes, _) => "3DES",
            (Cipher::Idea, _) => "IDEA",
            (Cipher::Rc4, _) => "RC4",
            (Cipher::Des, _) => "DES",
            (Cipher::Null, _) => "None",
            other => panic!("{line}: unexpected {other:?}"),
        };
        if info.cipher() == Cipher::Null {
            assert_eq!(enc, "None", "{line}");
        } else {
            assert_eq!(enc, format!("{cipher}({})", info.key_bits()), "{line}");
        }
        let want_mac = match info.hash() {
            _ if info.is_aead() => "AEAD",
            Hash::Sha1 => "SHA1",
            Hash::Sha256 => "SHA256",
            Hash::Sha384 => "SHA384",
            Hash::Md5 => "MD5",
            other => panic!("{line}: unexpected {other:?}"),
        };
        assert_eq!(mac, want_mac, "{line}");
        // OpenSSL prints the lowest version a suite may be used in, counting SSL 3.0 and
        // TLS 1.0 together ("SSLv3" for AES128-SHA, which RFC 3268 defined for TLS).
        let lowest = info.versions().lowest().unwrap();
        match version {
            "TLSv1.3" => assert_eq!(lowest, ProtocolVersion::TLSv1_3, "{line}"),
            "TLSv1.2" => assert_eq!(lowest, ProtocolVersion::TLSv1_2, "{line}"),
            "SSLv3" | "TLSv1" => assert!(lowest <= ProtocolVersion::TLSv1_0, "{line}"),
            other => panic!("{line}: version {other}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 158);
}

/// rustls names TLS 1.3 suites `TLS13_*` where IANA says `TLS_*`; otherwise the names agree
/// wherever both name a code. rustls also names a few codes the registry reserves or never
/// assigned (SSL 3.0's FORTEZZA suites, early ECC draft codes), which the crate treats as
/// unknown.
#[test]
fn iana_names_agree_with_rustls() {
    let mut compared = 0;
    for code in 0..=u16::MAX {
        let Some(theirs) = rustls::CipherSuite::from(code).as_str() else { continue };
        if CipherSuite::from(code).iana_name().is_none() {
            // A code the registry reserves or leaves unassigned (FORTEZZA, early ECC drafts).
            continue;
        }
        // rustls gives 0x001E both of its historical names, joined by "_or_".
        let theirs = theirs.split("_or_").next().unwrap_or(theirs);
        let theirs = theirs.strip_prefix("TLS13_").map_or_else(|| theirs.to_owned(), |rest| format!("TLS_{rest}"));
        assert_eq!(CipherSuite::from(code).iana_name(), Some(theirs.as_str()), "0x{code:04X}");
        compared += 1;
    }
    assert!(compared > 300, "rustls names {compared} suites");
}
