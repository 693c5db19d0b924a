//! The model's tables agree with their sources: the IANA registries, OpenSSL and rustls.

use tls_policy::{
    Authentication, Cipher, CipherSuite, Hash, KeyExchange, Mode, NamedGroup, ProtocolVersion, Recommended,
    SignatureScheme,
};

const SUITES_CSV: &str = include_str!("../src/model/suite/data/tls-parameters-4.csv");
const GROUPS_CSV: &str = include_str!("../src/model/data/tls-parameters-8.csv");
const SCHEMES_CSV: &str = include_str!("../src/model/data/tls-signaturescheme.csv");
/// `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' > src/model/suite/data/openssl-ciphers-v.txt`,
/// run with the system OpenSSL 3.0.19 (Debian 12) on 2026-11-28.
const OPENSSL_V: &str = include_str!("../src/model/suite/data/openssl-ciphers-v.txt");
/// The entries of OpenSSL 1.1.1w's and 1.0.2u's cipher tables (`ssl/s3_lib.c`; the file's
/// header names the tags and paths).
const OPENSSL_OLD: &str = include_str!("../src/model/suite/data/openssl-1.x-ciphers.txt");

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

/// OpenSSL 1.1.1's and 1.0.2's account of each suite they implemented: the name parses to
/// the line's code, the table gives it (as the newest name or an alias), and the algorithms of
/// OpenSSL's entry are the table's. So a name can never be tabled against the wrong code.
#[test]
fn old_openssl_names_and_fields_agree() {
    let newest: std::collections::BTreeSet<u16> = OPENSSL_V
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|c| u16::from(c.parse::<CipherSuite>().unwrap()))
        .collect();
    let lines: Vec<Vec<&str>> = OPENSSL_OLD
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let in_111: std::collections::BTreeSet<u16> = lines
        .iter()
        .filter(|w| w.get(2) == Some(&"1.1.1w"))
        .map(|w| u16::from(w[0].parse::<CipherSuite>().unwrap()))
        .collect();
    let (mut seen, mut unregistered) = (0, Vec::new());
    let mut named = newest.clone();
    for words in &lines {
        let line = words.join(" ");
        let [code, name, release, kx, au, enc, mac] = words[..] else { panic!("{line}") };
        let code: CipherSuite = code.parse().unwrap();
        let Some(info) = code.info() else {
            // GOST suites at codes the registry never assigned (drafts, private use).
            assert!(kx == "kGOST" || enc.starts_with("eGOST"), "{line}");
            assert_eq!(code.class(), tls_policy::SuiteClass::Unknown, "{line}");
            unregistered.push(u16::from(code));
            continue;
        };
        named.insert(u16::from(code));
        assert_eq!(name.parse::<CipherSuite>(), Ok(code), "{line}");
        let raw = u16::from(code);
        if release == "1.1.1w" || !(newest.contains(&raw) || in_111.contains(&raw)) {
            // OpenSSL 3.0 and 1.1.1 agree wherever both name a suite; 1.0.2's name counts
            // only where no newer release names the suite.
            assert_eq!(info.openssl(), Some(name), "{line}");
        } else {
            assert!(info.openssl() != Some(name) && info.openssl_aliases().contains(&name), "{line}");
        }
        let want_kx = match kx {
            "kRSA" => KeyExchange::Rsa,
            "kDHE" | "kEDH" => KeyExchange::Dhe,
            "kDHd" | "kDHr" => KeyExchange::Dh,
            "kECDHE" | "kEECDH" => KeyExchange::Ecdhe,
            "kECDHe" | "kECDHr" => KeyExchange::Ecdh,
            "kPSK" => KeyExchange::Psk,
            "kRSAPSK" => KeyExchange::RsaPsk,
            "kDHEPSK" => KeyExchange::DhePsk,
            "kECDHEPSK" => KeyExchange::EcdhePsk,
            "kSRP" => KeyExchange::Srp,
            "kKRB5" => KeyExchange::Krb5,
            "kANY" => KeyExchange::Any,
            other => panic!("{line}: key exchange {other}"),
        };
        assert_eq!(info.kx(), want_kx, "{line}");
        // OpenSSL 1.0.2 says aDH / aECDH for a static (EC)DH certificate; its kind of key
        // is in the key exchange field (kDHd: DSS, kDHr and kECDHr: RSA, kECDHe: ECDSA).
        let want_au = match (au, kx) {
            ("aRSA", _) | ("aDH", "kDHr") | ("aECDH", "kECDHr") => Authentication::Rsa,
            ("aDSS", _) | ("aDH", "kDHd") => Authentication::Dss,
            ("aECDSA", _) | ("aECDH", "kECDHe") => Authentication::Ecdsa,
            ("aNULL", _) => Authentication::Anonymous,
            ("aPSK", _) => Authentication::Psk,
            ("aSRP", _) => Authentication::Srp,
            ("aKRB5", _) => Authentication::Krb5,
            ("aANY", _) => Authentication::Any,
            other => panic!("{line}: authentication {other:?}"),
        };
        assert_eq!(info.auth(), want_au, "{line}");
        let want_enc = match enc {
            "eNULL" => (Cipher::Null, None),
            "3DES" => (Cipher::TripleDes, Some(Mode::Cbc)),
            "DES" => (Cipher::Des, Some(Mode::Cbc)),
            "RC4" => (Cipher::Rc4, Some(Mode::Stream)),
            "RC2" => (Cipher::Rc2, Some(Mode::Cbc)),
            "IDEA" => (Cipher::Idea, Some(Mode::Cbc)),
            "SEED" => (Cipher::Seed, Some(Mode::Cbc)),
            "AES128" | "AES256" => (Cipher::Aes, Some(Mode::Cbc)),
            "AES128GCM" | "AES256GCM" => (Cipher::Aes, Some(Mode::Gcm)),
            "AES128CCM" | "AES256CCM" => (Cipher::Aes, Some(Mode::Ccm)),
            "AES128CCM8" | "AES256CCM8" => (Cipher::Aes, Some(Mode::Ccm8)),
            "CAMELLIA128" | "CAMELLIA256" => (Cipher::Camellia, Some(Mode::Cbc)),
            "ARIA128GCM" | "ARIA256GCM" => (Cipher::Aria, Some(Mode::Gcm)),
            "CHACHA20POLY1305" => (Cipher::ChaCha20, Some(Mode::Poly1305)),
            other => panic!("{line}: encryption {other}"),
        };
        assert_eq!(info.cipher(), want_enc.0, "{line}");
        if let Some(mode) = want_enc.1 {
            assert_eq!(info.mode(), mode, "{line}");
        }
        if enc.ends_with("128") || enc.contains("128GCM") || enc.contains("128CCM") {
            assert_eq!(info.key_bits(), 128, "{line}");
        } else if enc.ends_with("256") || enc.contains("256GCM") || enc.contains("256CCM") {
            assert_eq!(info.key_bits(), 256, "{line}");
        }
        let want_mac = match mac {
            "MD5" => Some(Hash::Md5),
            "SHA1" => Some(Hash::Sha1),
            "SHA256" => Some(Hash::Sha256),
            "SHA384" => Some(Hash::Sha384),
            "AEAD" => None,
            other => panic!("{line}: mac {other}"),
        };
        match want_mac {
            Some(hash) => assert_eq!(info.hash(), hash, "{line}"),
            None => assert!(info.is_aead(), "{line}"),
        }
        // OpenSSL writes the export restriction into the name.
        assert_eq!(info.is_export(), name.starts_with("EXP-"), "{line}");
        seen += 1;
    }
    assert_eq!(seen, 256, "entries of registered suites");
    assert_eq!(unregistered, [0x0081, 0x0083, 0xFF85, 0xFF87, 0x0080, 0x0082, 0xFF00, 0xFF01, 0xFF02, 0xFF03]);
    // Every OpenSSL name in the table comes from one of the two sources.
    let tabled: std::collections::BTreeSet<u16> =
        CipherSuite::all().filter(|i| i.openssl().is_some()).map(|i| u16::from(i.suite())).collect();
    assert_eq!(tabled, named);
    assert!(CipherSuite::all().all(|i| i.openssl().is_some() || i.openssl_aliases().is_empty()));
}

/// The names people meet in OpenSSL 1.0.2 and 1.1.1 configurations parse, and the table
/// gives each suite its OpenSSL name (the newest one, for a name OpenSSL later changed).
#[test]
fn old_openssl_names_parse_and_display() {
    let cases = [
        ("DES-CBC3-SHA", 0x000A, "DES-CBC3-SHA", CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA),
        ("RC4-SHA", 0x0005, "RC4-SHA", CipherSuite::TLS_RSA_WITH_RC4_128_SHA),
        ("RC4-MD5", 0x0004, "RC4-MD5", CipherSuite::TLS_RSA_WITH_RC4_128_MD5),
        ("EDH-RSA-DES-CBC3-SHA", 0x0016, "DHE-RSA-DES-CBC3-SHA", CipherSuite::TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA),
        ("DHE-RSA-DES-CBC3-SHA", 0x0016, "DHE-RSA-DES-CBC3-SHA", CipherSuite::TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA),
        ("IDEA-CBC-SHA", 0x0007, "IDEA-CBC-SHA", CipherSuite::TLS_RSA_WITH_IDEA_CBC_SHA),
        ("SEED-SHA", 0x0096, "SEED-SHA", CipherSuite::TLS_RSA_WITH_SEED_CBC_SHA),
        ("DES-CBC-SHA", 0x0009, "DES-CBC-SHA", CipherSuite::TLS_RSA_WITH_DES_CBC_SHA),
        ("EXP-RC4-MD5", 0x0003, "EXP-RC4-MD5", CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5),
        (
            "EXP-EDH-RSA-DES-CBC-SHA",
            0x0014,
            "EXP-EDH-RSA-DES-CBC-SHA",
            CipherSuite::TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA,
        ),
        ("ECDHE-RSA-DES-CBC3-SHA", 0xC012, "ECDHE-RSA-DES-CBC3-SHA", CipherSuite::TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA),
        ("ECDH-ECDSA-AES128-SHA", 0xC004, "ECDH-ECDSA-AES128-SHA", CipherSuite::TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA),
        ("KRB5-DES-CBC3-SHA", 0x001F, "KRB5-DES-CBC3-SHA", CipherSuite::TLS_KRB5_WITH_3DES_EDE_CBC_SHA),
        // ASCII case is ignored, as for every name.
        ("des-cbc3-sha", 0x000A, "DES-CBC3-SHA", CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA),
    ];
    for (name, code, shown, suite) in cases {
        let parsed: CipherSuite = name.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(u16::from(parsed), code, "{name}");
        assert_eq!(parsed, suite, "{name}");
        assert_eq!(parsed.info().and_then(|i| i.openssl()), Some(shown), "{name}");
        assert_eq!(shown.parse::<CipherSuite>(), Ok(parsed), "{shown}");
    }
    // An SuiteEntry (catalogs, policy files) takes them too.
    assert_eq!(
        "DES-CBC3-SHA".parse::<tls_policy::SuiteEntry>().map(|e| e.suite),
        Ok(CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA)
    );
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
