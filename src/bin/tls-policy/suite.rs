//! `suite`: one cipher suite, found by any of its names or its code; and how suites are
//! shown everywhere (the attributes column, the JSON object).

use serde_json::{Value, json};
use tls_policy::{Authentication, KeyExchange, NamedGroup, SuiteClass, SuiteEntry, SuiteInfo};

use crate::error::Failure;

/// `suite QUERY`.
pub(crate) fn run(query: &str, json: bool) -> Result<(), Failure> {
    let entry = query.parse::<SuiteEntry>()?;
    if json { say!("{}", suite_json(entry, None)) } else { print_suite(entry) }
}

fn print_suite(entry: SuiteEntry) -> Result<(), Failure> {
    let suite = entry.suite;
    let Some(info) = suite.info() else {
        let what = match suite.class() {
            SuiteClass::Signalling => "a signalling value, not a cipher suite",
            SuiteClass::Grease => "a GREASE value (RFC 8701), meaningless by design",
            _ => "not in the IANA registry",
        };
        return say!("0x{:04X} {}: {what}", u16::from(suite), suite.iana_name().unwrap_or(""));
    };
    let lines = [
        ("code", format!("0x{:04X}", u16::from(suite))),
        ("IANA", info.iana().to_owned()),
        ("OpenSSL", info.openssl().unwrap_or("-").to_owned()),
        ("SChannel", entry.to_string()),
        ("group", entry.group.map_or_else(|| "-".to_owned(), |g| g.to_string())),
        ("key exchange", info.kx().to_string()),
        ("authentication", info.auth().to_string()),
        ("cipher", format!("{} {} ({} bits)", info.cipher(), info.mode(), info.key_bits())),
        ("hash", info.hash().to_string()),
        ("versions", info.versions().to_string()),
        ("AEAD", yes_no(info.is_aead())),
        ("forward secrecy", yes_no(info.forward_secrecy())),
        ("SHA-1", yes_no(info.uses_sha1())),
        ("IANA recommended", info.recommended().to_string()),
        ("reference", info.reference().to_owned()),
        ("weaknesses", {
            let all: Vec<&str> = info.weaknesses().map(|w| w.explanation()).collect();
            if all.is_empty() { "-".to_owned() } else { all.join("; ") }
        }),
    ];
    for (key, value) in lines {
        say!("{key:>16}: {value}")?;
    }
    Ok(())
}

fn yes_no(b: bool) -> String {
    (if b { "yes" } else { "no" }).to_owned()
}

/// Table rows for a list of entries: the position and the code, then the cells `rest` gives.
pub(crate) fn entry_rows<T>(
    items: &[T],
    entry: impl Fn(&T) -> SuiteEntry,
    rest: impl Fn(&T, Option<&'static SuiteInfo>) -> Vec<String>,
) -> Vec<Vec<String>> {
    let row = |(i, item): (usize, &T)| {
        let suite = entry(item).suite;
        let mut cells = vec![(i + 1).to_string(), format!("0x{:04X}", u16::from(suite))];
        cells.extend(rest(item, suite.info()));
        cells
    };
    items.iter().enumerate().map(row).collect()
}

/// A group constraint's cell: its name, or `-`.
pub(crate) fn group_cell(group: Option<NamedGroup>) -> String {
    group.map_or_else(|| "-".to_owned(), |g| g.to_string())
}

/// `ECDHE-RSA AES-128-GCM SHA256`, `RSA AES-256-CBC SHA1`, `TLS1.3 AES-128-GCM SHA256`.
pub(crate) fn attributes(info: &SuiteInfo) -> String {
    let kx = match (info.kx(), info.auth()) {
        (KeyExchange::Any, _) => "TLS1.3".to_owned(),
        (KeyExchange::Rsa, Authentication::Rsa) => "RSA".to_owned(),
        (kx, auth) => format!("{kx}-{auth}"),
    };
    format!("{kx} {}-{}-{} {}", info.cipher(), info.key_bits(), info.mode(), info.hash())
}

pub(crate) fn suite_json(entry: SuiteEntry, note: Option<&str>) -> Value {
    let suite = entry.suite;
    let code = format!("0x{:04X}", u16::from(suite));
    let group = entry.group.map(|g| g.to_string());
    let Some(info) = suite.info() else {
        let class = match suite.class() {
            SuiteClass::Signalling => "signalling",
            SuiteClass::Grease => "grease",
            _ => "unknown",
        };
        return json!({ "code": code, "iana": suite.iana_name(), "class": class, "group": group });
    };
    json!({
        "code": code,
        "iana": info.iana(),
        "openssl": info.openssl(),
        "schannel": entry.to_string(),
        "group": group,
        "note": note,
        "class": "registered",
        "kx": info.kx().label(),
        "auth": info.auth().label(),
        "cipher": info.cipher().label(),
        "mode": info.mode().label(),
        "key_bits": info.key_bits(),
        "hash": info.hash().label(),
        "versions": info.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
        "aead": info.is_aead(),
        "forward_secrecy": info.forward_secrecy(),
        "sha1": info.uses_sha1(),
        "recommended": info.recommended().label(),
        "weaknesses": info.weaknesses().map(<&str>::from).collect::<Vec<_>>(),
    })
}
