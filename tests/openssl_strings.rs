//! OpenSSL cipher strings: for every string of `tests/data/openssl-ciphers/strings.txt`, the
//! compiled list equals what the system `openssl ciphers` printed (OpenSSL 3.0.19), order
//! included; see that folder's README for how the data was made.

use std::path::Path;

use proptest::prelude::*;
use tls_policy::import::openssl::{self, CipherList, CipherStringError, DEFAULT_CIPHERSUITES, DEFAULT_SECURITY_LEVEL};
use tls_policy::{CipherSuite, KeyExchange, NamedGroup, Preference, ProtocolVersion, VersionSet};

/// One generated case: the string and OpenSSL's two listings.
struct Case {
    file: String,
    tag: String,
    string: String,
    status: String,
    configured: Vec<CipherSuite>,
    usable: Vec<CipherSuite>,
}

fn code(line: &str) -> CipherSuite {
    let pair = line.split_whitespace().next().expect("a code");
    let (hi, lo) = pair.split_once(',').expect("0xHH,0xHH");
    let byte = |b: &str| u8::from_str_radix(b.trim_start_matches("0x"), 16).expect("hex");
    CipherSuite::from(u16::from_be_bytes([byte(hi), byte(lo)]))
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openssl-ciphers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("data folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.len() == 7 && n.ends_with(".txt")))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .unwrap_or_else(|| panic!("{path:?}: no {name}"))
                    .to_owned()
            };
            let (_, listings) = text.split_once("--- openssl ciphers -V\n").expect("-V section");
            let (configured, usable) =
                listings.split_once("--- openssl ciphers -s -psk -srp -V\n").expect("-s section");
            let parse = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).map(code).collect();
            Case {
                file: path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned(),
                tag: field("tag: "),
                string: field("string: "),
                status: field("status: "),
                configured: parse(configured),
                usable: parse(usable),
            }
        })
        .collect()
}

/// OpenSSL prints the TLS 1.3 suites first; splits them off.
fn split_tls13(list: &[CipherSuite]) -> (&[CipherSuite], &[CipherSuite]) {
    let n = list
        .iter()
        .take_while(|s| s.info().is_some_and(|i| i.versions() == VersionSet::only(ProtocolVersion::TLSv1_3)))
        .count();
    list.split_at(n)
}

fn default_tls13() -> Vec<CipherSuite> {
    DEFAULT_CIPHERSUITES.split(':').map(|n| n.parse().expect("IANA name")).collect()
}

#[test]
fn every_string_compiles_as_openssl_does() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} strings", cases.len());
    for case in &cases {
        let ctx = format!("{} {:?}", case.file, case.string);
        let lenient = openssl::compile_lenient(&case.string);
        let strict = openssl::compile(&case.string);
        match case.status.as_str() {
            "ok" => {
                let list: CipherList = lenient.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let (tls13, rest) = split_tls13(&case.configured);
                assert_eq!(tls13, default_tls13(), "{ctx}: TLS 1.3 suites");
                assert_eq!(list.suites(), rest, "{ctx}");
                let level = list.security_level().unwrap_or(DEFAULT_SECURITY_LEVEL);
                let (_, usable) = split_tls13(&case.usable);
                assert_eq!(list.usable(level).collect::<Vec<_>>(), usable, "{ctx}: usable at level {level}");
                match case.tag.as_str() {
                    "=" => assert_eq!(strict.as_ref(), Ok(&list), "{ctx}"),
                    "?" => assert!(
                        matches!(
                            strict,
                            Err(CipherStringError::UnknownWord { .. }
                                | CipherStringError::DefaultNotFirst { .. }
                                | CipherStringError::Tls13Suite { .. }
                                | CipherStringError::IanaName { .. })
                        ),
                        "{ctx}: {strict:?}"
                    ),
                    tag => panic!("{ctx}: tag {tag}"),
                }
            }
            "error no cipher match" => {
                assert!(matches!(lenient, Err(CipherStringError::SelectsNothing { .. })), "{ctx}: {lenient:?}");
                assert!(strict.is_err(), "{ctx}");
            }
            "error invalid command" => {
                assert!(
                    matches!(
                        lenient,
                        Err(CipherStringError::InvalidCharacter { .. }
                            | CipherStringError::MissingWord { .. }
                            | CipherStringError::UnknownCommand { .. }
                            | CipherStringError::BadSecurityLevel { .. })
                    ),
                    "{ctx}: {lenient:?}"
                );
                assert_eq!(strict, lenient, "{ctx}");
            }
            status => panic!("{ctx}: status {status}"),
        }
    }
}

#[test]
fn errors_quote_the_input_with_offsets() {
    let err = openssl::cipher_list("ECDHE+AESGCM:HIHG").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown cipher-string word \"HIHG\" at byte 13 of \"ECDHE+AESGCM:HIHG\" (did you mean HIGH?)"
    );
    assert!(matches!(
        openssl::cipher_list("HIGH:!ECDHE-RSA-AES128-SHA2"),
        Err(CipherStringError::UnknownWord { offset: 6, suggestion: Some("ECDHE-RSA-AES128-SHA"), .. })
    ));
    let err = openssl::cipher_list("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").unwrap_err();
    assert!(matches!(err, CipherStringError::IanaName { offset: 0, openssl: "ECDHE-RSA-AES128-GCM-SHA256", .. }));
    assert!(err.to_string().contains("OpenSSL's name ECDHE-RSA-AES128-GCM-SHA256"), "{err}");
    assert!(matches!(
        openssl::cipher_list("HIGH:TLS_AES_128_GCM_SHA256"),
        Err(CipherStringError::Tls13Suite { offset: 5, .. })
    ));
    assert!(matches!(openssl::cipher_list("HIGH:DEFAULT"), Err(CipherStringError::DefaultNotFirst { offset: 5, .. })));
    assert!(matches!(
        openssl::cipher_list("AES_GCM"),
        Err(CipherStringError::InvalidCharacter { offset: 3, found: '_', .. })
    ));
    assert!(matches!(openssl::cipher_list("HIGH:!"), Err(CipherStringError::MissingWord { offset: 6, .. })));
    assert!(matches!(openssl::cipher_list("HIGH+:"), Err(CipherStringError::MissingWord { offset: 5, .. })));
    assert!(matches!(openssl::cipher_list("HIGH:@STRENGHT"), Err(CipherStringError::UnknownCommand { offset: 6, .. })));
    let err = openssl::cipher_list("HIGH:@SECLEVEL=6").unwrap_err();
    assert!(matches!(err, CipherStringError::BadSecurityLevel { offset: 6, .. }));
    assert_eq!(
        err.to_string(),
        "bad security level @SECLEVEL=6 at byte 6 of \"HIGH:@SECLEVEL=6\": expected @SECLEVEL=0 to @SECLEVEL=5"
    );
    assert!(matches!(
        openssl::cipher_list("HIGH é"),
        Err(CipherStringError::InvalidCharacter { offset: 5, found: 'é', .. })
    ));
    let err = openssl::cipher_list("kRSA+kDHE").unwrap_err();
    assert_eq!(err.to_string(), "\"kRSA+kDHE\" selects no cipher suite");
}

#[test]
fn obsolete_words_are_ignored_not_errors() {
    let list = openssl::compile("HIGH:!aNULL:!EXPORT:!DES:!RC4:!MD5:!3DES").unwrap();
    let words: Vec<&str> = list.ignored().iter().map(|w| w.word.as_str()).collect();
    assert_eq!(words, ["EXPORT", "DES"]); // RC4, MD5 and 3DES are aliases OpenSSL 3.0 still has
    let suite_b = openssl::compile("SUITEB128:AES128-SHA").unwrap();
    assert_eq!(suite_b.ignored()[0].offset, 9);
    assert_eq!(suite_b.ignored()[0].word, ":AES128-SHA");
}

#[test]
fn policies_are_what_an_openssl_server_negotiates() {
    let p = openssl::policy("default", "DEFAULT").unwrap();
    assert_eq!(p.preference(), Preference::Client);
    // Above security level 0, OpenSSL 3.0 refuses TLS 1.0 and 1.1 and SHA-1 signatures.
    assert_eq!(p.versions(), VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
    assert!(p.signature_schemes().iter().all(|s| s.info().unwrap().hash() != Some(tls_policy::Hash::Sha1)));
    let l0 = openssl::policy("default", "DEFAULT:@SECLEVEL=0").unwrap();
    assert_eq!(l0.versions(), VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_3));
    assert!(l0.signature_schemes().contains(&tls_policy::SignatureScheme::rsa_pkcs1_sha1));
    assert_eq!(p.groups()[..2], [NamedGroup::x25519, NamedGroup::secp256r1]);
    let suites: Vec<CipherSuite> = p.entries().iter().map(|e| e.suite).collect();
    assert_eq!(suites[..3], default_tls13()[..]);
    // No PSK or SRP suite: an OpenSSL server without those callbacks never picks them.
    let servable = |s: &CipherSuite| {
        s.info().is_some_and(|i| {
            !matches!(
                i.kx(),
                KeyExchange::Psk | KeyExchange::DhePsk | KeyExchange::RsaPsk | KeyExchange::EcdhePsk | KeyExchange::Srp
            )
        })
    };
    let list = openssl::cipher_list("DEFAULT").unwrap();
    assert_eq!(suites[3..], list.iter().copied().filter(servable).collect::<Vec<_>>()[..]);
    assert_eq!(suites.len(), 3 + 27); // 21 (EC)DHE suites, 6 static RSA ones

    let p = openssl::policy("gcm", "ECDHE+AESGCM").unwrap();
    assert_eq!(p.versions(), VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
    let p = openssl::policy_with_ciphersuites("tls12", "ECDHE+AESGCM", "").unwrap();
    assert_eq!(p.versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
    let p = openssl::policy("suiteb", "SUITEB192").unwrap();
    assert_eq!(p.groups(), [NamedGroup::secp384r1]);
    // Level 4 keeps 256-bit suites without SHA-1 only, TLS 1.3 ones included.
    let p = openssl::policy("l4", "ECDHE:@SECLEVEL=4").unwrap();
    assert!(p.entries().iter().all(|e| e.suite.info().is_some_and(|i| i.key_bits() == 256 && !i.uses_sha1())));
    // At level 0 every listed suite counts, NULL and anonymous ones too.
    let p = openssl::policy("l0", "aNULL:eNULL:@SECLEVEL=0").unwrap();
    assert_eq!(p.entries().len(), 3 + 13 + 5); // 13 anonymous suites, 5 more NULL ones without PSK
    let err = openssl::policy_with_ciphersuites("x", "HIGH", "TLS_AES_128_GCM_SHA384").unwrap_err();
    assert!(matches!(
        err,
        CipherStringError::UnknownCiphersuite { offset: 0, suggestion: Some("TLS_AES_128_GCM_SHA256"), .. }
    ));
    assert!(matches!(openssl::policy("psk", "PSK"), Err(CipherStringError::Policy { .. }) | Ok(_)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Arbitrary text: an answer, never a panic, and the offsets of errors point into the input.
    #[test]
    fn no_panic_on_arbitrary_strings(s in "\\PC{0,40}") {
        for result in [openssl::compile(&s), openssl::compile_lenient(&s)] {
            if let Err(e) = result {
                let quoted = e.to_string().contains(&format!("{s:?}"));
                prop_assert!(quoted, "{} does not quote the input", e);
            }
        }
    }

    /// Strings made of real words, prefixes and separators: compiled lists hold each suite once,
    /// and the lenient and strict compilers agree whenever the strict one accepts.
    #[test]
    fn word_soup(words in prop::collection::vec(
        (prop::sample::select(vec!["", "!", "-", "+", "@"]),
         prop::sample::select(vec!["ALL", "HIGH", "DEFAULT", "kRSA", "ECDHE", "aECDSA", "AESGCM", "SHA1", "SHA256",
             "TLSv1.2", "SSLv3", "eNULL", "PSK", "CAMELLIA", "STRENGTH", "SECLEVEL=3", "AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384",
             "COMPLEMENTOFDEFAULT", "aNULL", "CHACHA20", "EXP", "HIHG", "AES_GCM"]),
         prop::sample::select(vec![":", ",", " ", ";", "+"])),
        0..8)) {
        let s: String = words.iter().map(|(p, w, sep)| format!("{p}{w}{sep}")).collect();
        let lenient = openssl::compile_lenient(&s);
        if let Ok(list) = &lenient {
            let mut seen = list.suites().to_vec();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), list.suites().len());
        }
        if let Ok(strict) = openssl::compile(&s) {
            prop_assert_eq!(Ok(strict.suites()), lenient.as_ref().map(|l| l.suites()));
        }
    }
}
