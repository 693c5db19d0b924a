//! Generator of `table.rs`: the whole IANA TLS Cipher Suites registry with each suite's
//! attributes and OpenSSL name.
//!
//! This file is not a module of the crate. `tests/suite_table.rs` includes it, regenerates the
//! table from the committed sources in `data/` and fails if `table.rs` differs; run
//! `TLS_POLICY_BLESS=1 cargo test --test suite_table` to rewrite `table.rs` after the sources
//! change. It uses only `std`, so the crate's own types cannot hide a mistake here.
//!
//! Sources (all committed beside this file):
//! - `data/tls-parameters-4.csv`: IANA "TLS Cipher Suites" registry, CSV export of
//!   <https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4>;
//! - `data/openssl-ciphers-v.txt`: `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`
//!   printed by OpenSSL 3.0 (the system OpenSSL of the build machine), for OpenSSL's names;
//! - `data/openssl-1.x-ciphers.txt`: the entries of OpenSSL 1.1.1w's and 1.0.2u's cipher
//!   tables (`ssl/s3_lib.c`, its header names the tags and files), for the names of suites
//!   OpenSSL 3.0 no longer builds (3DES, RC4, DES, IDEA, SEED, export, ...).
//!
//! A suite's OpenSSL name is the newest one: OpenSSL 3.0's, else 1.1.1's, else 1.0.2's. Older
//! names that differ (1.0.2's `EDH-RSA-DES-CBC3-SHA`, renamed `DHE-RSA-DES-CBC3-SHA` in 1.1.0)
//! are kept as aliases, which parse too.
//!
//! Attributes are derived from the IANA name, whose grammar is regular:
//! `TLS_<kx>[_<auth>][_EXPORT]_WITH_<cipher>_<mode>_<hash>` up to TLS 1.2 and
//! `TLS_<cipher>_<mode>_<hash>` for TLS 1.3 (RFC 8446 §B.4). A name the grammar does not cover
//! is an error, so a new registry row can never be tabled with guessed attributes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One registry row that names a cipher suite (or a signalling value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub code: u16,
    pub name: String,
    pub dtls: String,
    pub recommended: String,
    pub reference: String,
}

/// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
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
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Registry rows naming exactly one code point, in registry order.
pub fn iana_rows(csv: &str) -> Result<Vec<Row>, String> {
    let rows = parse_csv(csv);
    let header = rows.first().ok_or("empty registry file")?;
    let want = ["Value", "Description", "DTLS-OK", "Recommended", "Reference"];
    if header.len() < want.len() || header.iter().zip(want).any(|(h, w)| h.trim() != w) {
        return Err(format!("unexpected registry header {header:?}, want {want:?}"));
    }
    let mut out = Vec::new();
    for r in &rows[1..] {
        if r.len() < 5 {
            continue;
        }
        // Single code points are written "0xC0,0x2F"; ranges ("0x00,0x1C-1D", "0x01-55,*")
        // are unassigned or reserved blocks.
        let Some(code) = parse_pair(&r[0]) else { continue };
        let name = r[1].trim();
        if !name.starts_with("TLS_") {
            continue; // "Reserved", "Unassigned"
        }
        out.push(Row {
            code,
            name: name.to_owned(),
            dtls: r[2].trim().to_owned(),
            recommended: r[3].trim().to_owned(),
            reference: r[4].split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    Ok(out)
}

fn parse_pair(value: &str) -> Option<u16> {
    let (hi, lo) = value.trim().split_once(',')?;
    let byte = |s: &str| -> Option<u16> {
        let s = s.trim().strip_prefix("0x")?;
        if s.len() != 2 {
            return None;
        }
        u16::from_str_radix(s, 16).ok()
    };
    Some(byte(hi)? << 8 | byte(lo)?)
}

/// One line of `openssl ciphers -V` output:
/// `0xC0,0x2F - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpensslLine {
    pub code: u16,
    pub name: String,
    /// The lowest version OpenSSL uses the suite in (its `min_tls`): `SSLv3`, `TLSv1`,
    /// `TLSv1.2` or `TLSv1.3`.
    pub version: String,
    /// The `Kx=`, `Au=`, `Enc=` and `Mac=` columns, without their keys.
    pub fields: [String; 4],
}

/// The lines of `openssl ciphers -V` output, in file order.
pub fn openssl_lines(text: &str) -> Result<Vec<OpensslLine>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [code, "-", name, version, kx, au, enc, mac] = words[..] else {
            return Err(format!("unexpected openssl line {line:?}"));
        };
        let code = parse_pair(code).ok_or_else(|| format!("bad code in {line:?}"))?;
        let mut fields = [String::new(), String::new(), String::new(), String::new()];
        for ((field, word), key) in fields.iter_mut().zip([kx, au, enc, mac]).zip(["Kx=", "Au=", "Enc=", "Mac="]) {
            *field = word.strip_prefix(key).ok_or_else(|| format!("no {key} column in {line:?}"))?.to_owned();
        }
        out.push(OpensslLine { code, name: name.to_owned(), version: version.to_owned(), fields });
    }
    Ok(out)
}

/// `code -> OpenSSL name` from `openssl ciphers -V` output.
pub fn openssl_names(text: &str) -> Result<BTreeMap<u16, String>, String> {
    Ok(openssl_lines(text)?.into_iter().map(|l| (l.code, l.name)).collect())
}

/// One entry of `openssl-1.x-ciphers.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldName {
    pub code: u16,
    pub name: String,
    /// `1.1.1w` or `1.0.2u`.
    pub release: String,
    /// The entry's key exchange, authentication, encryption and MAC fields (`kRSA`, `aRSA`,
    /// `3DES`, `SHA1`).
    pub fields: [String; 4],
}

/// The entries of `openssl-1.x-ciphers.txt`, in file order (`#` lines are comments).
pub fn openssl_old_names(text: &str) -> Result<Vec<OldName>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [code, name, release, kx, auth, enc, mac] = words[..] else {
            return Err(format!("unexpected line {line:?}: want code, name, release and four fields"));
        };
        let code = parse_pair(code).ok_or_else(|| format!("bad code in {line:?}"))?;
        if release != "1.1.1w" && release != "1.0.2u" {
            return Err(format!("unknown release in {line:?}"));
        }
        let fields = [kx, auth, enc, mac].map(str::to_owned);
        out.push(OldName { code, name: name.to_owned(), release: release.to_owned(), fields });
    }
    Ok(out)
}

/// Every OpenSSL name of each code, newest first: OpenSSL 3.0's, then 1.1.1's, then 1.0.2's,
/// each name once.
pub fn openssl_names_by_code(openssl_v: &str, old: &str) -> Result<BTreeMap<u16, Vec<String>>, String> {
    let mut out: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    let old = openssl_old_names(old)?;
    let newest = openssl_names(openssl_v)?.into_iter();
    let by_release =
        |release: &'static str| old.iter().filter(move |e| e.release == release).map(|e| (e.code, e.name.clone()));
    for (code, name) in newest.chain(by_release("1.1.1w")).chain(by_release("1.0.2u")) {
        let names = out.entry(code).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // A name must name one suite, or parsing it would depend on table order.
    let mut owner: BTreeMap<String, u16> = BTreeMap::new();
    for (code, names) in &out {
        for name in names {
            if let Some(other) = owner.insert(name.to_ascii_uppercase(), *code) {
                return Err(format!("OpenSSL name {name} names both 0x{other:04X} and 0x{code:04X}"));
            }
        }
    }
    Ok(out)
}

/// Whether OpenSSL's old tables name a code the IANA registry leaves unassigned: the GOST
/// drafts (0x0080-0x0083) and private-use GOST codes (0xFF00-0xFFFF), which the table skips.
pub fn is_unregistered_gost(code: u16) -> bool {
    (0x0080..=0x0083).contains(&code) || code >= 0xFF00
}

/// Attributes derived from an IANA name, as the Rust expressions the table uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes {
    pub kx: &'static str,
    pub auth: &'static str,
    pub cipher: &'static str,
    pub mode: &'static str,
    pub key_bits: u16,
    pub hash: &'static str,
    pub export: bool,
    /// Lowest and highest version, as `ProtocolVersion` const names.
    pub versions: (&'static str, &'static str),
}

/// Derives the attributes of a suite from its IANA name and code.
pub fn attributes(code: u16, name: &str) -> Result<Attributes, String> {
    let body = name.strip_prefix("TLS_").ok_or_else(|| format!("{name}: no TLS_ prefix"))?;
    let (kx_part, rest) = match body.split_once("_WITH_") {
        Some((kx, rest)) => (Some(kx), rest),
        None => (None, body),
    };
    let mut export = false;
    let (kx, auth) = match kx_part {
        None => ("Any", "Any"),
        Some(kx) => {
            let kx = match kx.strip_suffix("_EXPORT") {
                Some(k) => {
                    export = true;
                    k
                }
                None => kx,
            };
            match kx {
                "NULL" => ("Null", "Null"),
                "RSA" => ("Rsa", "Rsa"),
                "DH_DSS" => ("Dh", "Dss"),
                "DH_RSA" => ("Dh", "Rsa"),
                "DHE_DSS" => ("Dhe", "Dss"),
                "DHE_RSA" => ("Dhe", "Rsa"),
                "DH_anon" => ("Dhe", "Anonymous"),
                "ECDH_ECDSA" => ("Ecdh", "Ecdsa"),
                "ECDH_RSA" => ("Ecdh", "Rsa"),
                "ECDHE_ECDSA" => ("Ecdhe", "Ecdsa"),
                "ECDHE_RSA" => ("Ecdhe", "Rsa"),
                "ECDH_anon" => ("Ecdhe", "Anonymous"),
                "PSK" => ("Psk", "Psk"),
                // RFC 6655 spells 0xC0AA/0xC0AB "PSK_DHE"; the exchange is RFC 4279's DHE_PSK.
                "DHE_PSK" | "PSK_DHE" => ("DhePsk", "Psk"),
                "RSA_PSK" => ("RsaPsk", "Rsa"), // RFC 4279 §4: an RSA certificate plus the PSK
                "ECDHE_PSK" => ("EcdhePsk", "Psk"),
                "KRB5" => ("Krb5", "Krb5"),
                "SRP_SHA" => ("Srp", "Srp"),
                "SRP_SHA_RSA" => ("Srp", "Rsa"),
                "SRP_SHA_DSS" => ("Srp", "Dss"),
                "ECCPWD" => ("Eccpwd", "Eccpwd"),
                "GOSTR341112_256" => ("Gost", "Gost"),
                other => return Err(format!("{name}: unknown key exchange {other:?}")),
            }
        }
    };
    let tokens: Vec<&str> = rest.split('_').collect();
    let bits = |t: Option<&&str>| -> Result<u16, String> {
        t.and_then(|t| t.parse().ok()).ok_or_else(|| format!("{name}: no key size"))
    };
    // (cipher, mode, key bits, tokens consumed)
    let (cipher, mode, key_bits, used) = match tokens.as_slice() {
        ["NULL", ..] => ("Null", "Null", 0, 1),
        ["RC4", b, ..] => ("Rc4", "Stream", bits(Some(b))?, 2),
        ["RC2", "CBC", b, ..] => ("Rc2", "Cbc", bits(Some(b))?, 3),
        ["DES40", "CBC", ..] => ("Des", "Cbc", 40, 2),
        ["DES", "CBC", "40", ..] => ("Des", "Cbc", 40, 3),
        ["DES", "CBC", ..] => ("Des", "Cbc", 56, 2),
        ["3DES", "EDE", "CBC", ..] => ("TripleDes", "Cbc", 168, 3),
        ["IDEA", "CBC", ..] => ("Idea", "Cbc", 128, 2),
        ["SEED", "CBC", ..] => ("Seed", "Cbc", 128, 2),
        ["CHACHA20", "POLY1305", ..] => ("ChaCha20", "Poly1305", 256, 2),
        ["SM4", m, ..] => ("Sm4", block_mode(name, m)?, 128, 2),
        ["ASCONAEAD128", ..] => ("Ascon", "Ascon", 128, 1),
        ["AEGIS", "128L", ..] => ("Aegis128L", "Aegis", 128, 2),
        ["AEGIS", "256", ..] => ("Aegis256", "Aegis", 256, 2),
        ["28147", "CNT", "IMIT", ..] => ("Gost28147", "CntImit", 256, 3),
        [c @ ("KUZNYECHIK" | "MAGMA"), m1, m2, ..] => {
            let cipher = if *c == "MAGMA" { "Magma" } else { "Kuznyechik" };
            let mode = match (*m1, *m2) {
                ("CTR", "OMAC") => "CtrOmac",
                ("MGM", "L") => "MgmL",
                ("MGM", "S") => "MgmS",
                other => return Err(format!("{name}: unknown GOST mode {other:?}")),
            };
            (cipher, mode, 256, 3)
        }
        [c @ ("AES" | "CAMELLIA" | "ARIA"), b, m, rest @ ..] => {
            let cipher = match *c {
                "AES" => "Aes",
                "CAMELLIA" => "Camellia",
                _ => "Aria",
            };
            let mut mode = block_mode(name, m)?;
            let mut used = 3;
            if mode == "Ccm" && rest.first() == Some(&"8") {
                mode = "Ccm8";
                used = 4;
            }
            (cipher, mode, bits(Some(b))?, used)
        }
        // RFC 9150 integrity-only suites: `TLS_SHA256_SHA256`.
        [h1, h2] if h1 == h2 && kx_part.is_none() => ("Null", "Null", 0, 1),
        _ => return Err(format!("{name}: unknown cipher in {rest:?}")),
    };
    let hash = match &tokens[used..] {
        ["NULL"] => "Null",
        ["SHA"] => "Sha1",
        ["MD5"] => "Md5",
        ["SHA256"] => "Sha256",
        ["SHA384"] => "Sha384",
        ["SHA512"] => "Sha512",
        ["SM3"] => "Sm3",
        ["ASCONHASH256"] => "AsconHash256",
        // AES-CCM suites of RFC 6655 / RFC 7251 name no hash: their PRF is SHA-256.
        [] if kx_part.is_some() && (mode == "Ccm" || mode == "Ccm8") => "Sha256",
        // GOST suites (RFC 9189, RFC 9367) use Streebog-256 for the PRF and HKDF.
        [] if kx == "Gost" => "Streebog256",
        other => return Err(format!("{name}: unknown hash {other:?}")),
    };
    let aead = matches!(mode, "Gcm" | "Ccm" | "Ccm8" | "Poly1305" | "MgmL" | "MgmS" | "Aegis" | "Ascon");
    let tls13 = kx_part.is_none() || matches!(mode, "MgmL" | "MgmS");
    let versions = if tls13 {
        ("TLSv1_3", "TLSv1_3")
    } else if kx == "Eccpwd" {
        // RFC 8492 §4: defined for TLS 1.2 and TLS 1.3.
        ("TLSv1_2", "TLSv1_3")
    } else if !aead && matches!(hash, "Sha256" | "Sha384") && auth_is_psk_family(kx) {
        // RFC 5487 §3.2-3.3, RFC 5489 §3, RFC 6367 §3: the PSK suites with SHA-256/384 CBC
        // or NULL ciphers also run over TLS 1.0 and 1.1, with that version's PRF.
        ("TLSv1_0", "TLSv1_2")
    } else if aead || matches!(hash, "Sha256" | "Sha384") || kx == "Gost" {
        // RFC 5246 §A.5, RFC 5288 §4, RFC 5289 §4: only TLS 1.2 has the PRF these need.
        ("TLSv1_2", "TLSv1_2")
    } else {
        // SSL 3.0 defined 0x0000..=0x001B; later suites were written for TLS.
        let low = if code <= 0x001B { "SSLv3" } else { "TLSv1_0" };
        let high = if export {
            // RFC 4346 §A.5: TLS 1.1 implementations MUST NOT negotiate export suites.
            "TLSv1_0"
        } else if matches!(cipher, "Des" | "Idea") {
            // RFC 5246 §1.2 and RFC 5469: TLS 1.2 removed the IDEA and DES suites.
            "TLSv1_1"
        } else {
            "TLSv1_2"
        };
        (low, high)
    };
    Ok(Attributes { kx, auth, cipher, mode, key_bits, hash, export, versions })
}

fn auth_is_psk_family(kx: &str) -> bool {
    matches!(kx, "Psk" | "DhePsk" | "RsaPsk" | "EcdhePsk")
}

fn block_mode(name: &str, m: &str) -> Result<&'static str, String> {
    Ok(match m {
        "CBC" => "Cbc",
        "GCM" => "Gcm",
        "CCM" => "Ccm",
        other => return Err(format!("{name}: unknown mode {other:?}")),
    })
}

/// Signalling cipher suite values: in the registry, but not cipher suites.
pub fn is_signalling(name: &str) -> bool {
    name.ends_with("_SCSV")
}

/// The text of `table.rs`.
pub fn generate(iana_csv: &str, openssl_v: &str, openssl_old: &str) -> Result<String, String> {
    let rows = iana_rows(iana_csv)?;
    let mut openssl = openssl_names_by_code(openssl_v, openssl_old)?;
    let mut seen = BTreeMap::new();
    for r in &rows {
        if let Some(prev) = seen.insert(r.code, r.name.clone()) {
            return Err(format!("code 0x{:04X} named twice: {prev} and {}", r.code, r.name));
        }
    }
    let mut out = String::new();
    out.push_str(
        "// @generated by src/model/suite/generate.rs from src/model/suite/data/tls-parameters-4.csv (IANA)\n\
         // src/model/suite/data/openssl-ciphers-v.txt (OpenSSL 3.0) and src/model/suite/data/openssl-1.x-ciphers.txt\n\
         // (OpenSSL 1.1.1w, 1.0.2u). Do not edit by hand:\n\
         // `TLS_POLICY_BLESS=1 cargo test --test suite_table` rewrites it.\n\n\
         use super::{Authentication, Cipher, CipherSuite, Hash, KeyExchange, Mode, Recommended, SuiteInfo};\n\
         use crate::model::version::{ProtocolVersion, VersionSet};\n\n",
    );
    out.push_str("/// Every code point the IANA registry names, with its IANA name.\n");
    out.push_str("#[allow(non_upper_case_globals)]\nimpl CipherSuite {\n");
    for r in &rows {
        let _ = writeln!(out, "    /// `0x{:04X}`, `{}`.", r.code, r.reference);
        let _ = writeln!(out, "    pub const {}: Self = Self(0x{:04X});", r.name, r.code);
    }
    out.push_str("}\n\n");
    out.push_str("/// Signalling values (RFC 5746, RFC 7507): `(code, IANA name)`.\n");
    out.push_str("pub(crate) static SIGNALLING: &[(CipherSuite, &str)] = &[\n");
    for r in rows.iter().filter(|r| is_signalling(&r.name)) {
        let _ = writeln!(out, "    (CipherSuite::{}, \"{}\"),", r.name, r.name);
    }
    out.push_str("];\n\n");
    out.push_str("/// Every registry cipher suite, sorted by code.\n");
    out.push_str("pub(crate) static SUITES: &[SuiteInfo] = &[\n");
    let mut sorted: Vec<&Row> = rows.iter().filter(|r| !is_signalling(&r.name)).collect();
    sorted.sort_by_key(|r| r.code);
    for r in sorted {
        let a = attributes(r.code, &r.name)?;
        let names = openssl.remove(&r.code).unwrap_or_default();
        let openssl = match names.first() {
            Some(n) => format!("Some(\"{n}\")"),
            None => "None".to_owned(),
        };
        let aliases: Vec<String> = names.iter().skip(1).map(|n| format!("\"{n}\"")).collect();
        let aliases = aliases.join(", ");
        let recommended = match r.recommended.as_str() {
            "Y" => "Yes",
            "N" | "" => "No",
            "D" => "Discouraged",
            other => return Err(format!("{}: unknown Recommended value {other:?}", r.name)),
        };
        let _ = writeln!(
            out,
            "    SuiteInfo {{\n        suite: CipherSuite::{name},\n        iana: \"{name}\",\n        \
             openssl: {openssl},\n        openssl_aliases: &[{aliases}],\n        kx: KeyExchange::{kx},\n        auth: Authentication::{auth},\n        \
             cipher: Cipher::{cipher},\n        mode: Mode::{mode},\n        key_bits: {bits},\n        \
             hash: Hash::{hash},\n        versions: VersionSet::between(ProtocolVersion::{lo}, ProtocolVersion::{hi}),\n        \
             export: {export},\n        recommended: Recommended::{recommended},\n        dtls: {dtls},\n        \
             reference: \"{reference}\",\n    }},",
            name = r.name,
            kx = a.kx,
            auth = a.auth,
            cipher = a.cipher,
            mode = a.mode,
            bits = a.key_bits,
            hash = a.hash,
            lo = a.versions.0,
            hi = a.versions.1,
            export = a.export,
            dtls = r.dtls == "Y",
            reference = r.reference,
        );
    }
    out.push_str("];\n");
    if let Some((code, names)) = openssl.into_iter().find(|(code, _)| !is_unregistered_gost(*code)) {
        return Err(format!("OpenSSL names 0x{code:04X} {names:?}, which the IANA registry lacks"));
    }
    Ok(out)
}
