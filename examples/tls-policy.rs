//! `tls-policy`: look up TLS cipher suites and the catalogs policies are made from.
//!
//! ```sh
//! cargo run --example tls-policy                           # the DPS catalogs
//! cargo run --example tls-policy -- catalog                # list every catalog
//! cargo run --example tls-policy -- catalog dps-legacy-1   # one catalog as a table
//! cargo run --example tls-policy -- catalog dps-ecc --json # ... as JSON
//! cargo run --example tls-policy -- suite C014_P384        # one suite, by any name or code
//! cargo run --example tls-policy -- policy                 # list the named policies
//! cargo run --example tls-policy -- policy dps-tls12 --json
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use tls_policy::{
    Authentication, Catalog, CatalogEntry, Entry, KeyExchange, MissingGroups, NamedGroup, Policy, Preference,
    SuiteClass, SuiteInfo,
};

#[derive(Parser)]
#[command(name = "tls-policy", about = "TLS cipher-suite catalogs and lookups", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List the catalogs, or print one.
    Catalog {
        /// The catalog id (`dps-recommended`, `mozilla-intermediate`, ...).
        id: Option<String>,
        /// Print JSON: an array of entries (or of catalogs, without an id).
        #[arg(long)]
        json: bool,
    },
    /// Print one cipher suite found by IANA, OpenSSL or SChannel name, or by code.
    Suite {
        /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, `ECDHE-RSA-AES128-GCM-SHA256`,
        /// `TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256`, `0xC02F`, `C02F` or `0xC0,0x2F`.
        query: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// List the named policies, or show one: versions, entries in order, groups, preference.
    Policy {
        /// The policy id (`dps-tls12`, `dps-legacy-security`, ...).
        id: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

const DPS_CATALOGS: [&str; 5] = ["dps-recommended", "dps-legacy-1", "dps-legacy-2", "dps-ecc", "dps-ecc-legacy"];

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            println!("The Azure IoT DPS cipher-suite catalogs (`tls-policy --help` for more).\n");
            for id in DPS_CATALOGS {
                if let Ok(catalog) = Catalog::find(id) {
                    print_catalog(catalog);
                    println!();
                }
            }
            Ok(())
        }
        Some(Command::Catalog { id: None, json }) => {
            list_catalogs(json);
            Ok(())
        }
        Some(Command::Catalog { id: Some(id), json }) => Catalog::find(&id)
            .map(|catalog| {
                if json {
                    let rows: Vec<Value> = catalog.entries().iter().map(entry_json).collect();
                    println!("{}", Value::Array(rows));
                } else {
                    print_catalog(catalog);
                }
            })
            .map_err(|e| e.to_string()),
        Some(Command::Policy { id: None, json }) => list_policies(json),
        Some(Command::Policy { id: Some(id), json }) => Policy::named(&id)
            .map(|policy| {
                if json {
                    println!("{}", policy_json(&policy));
                } else {
                    print_policy(&policy);
                }
            })
            .map_err(|e| e.to_string()),
        Some(Command::Suite { query, json }) => query
            .parse::<Entry>()
            .map(|entry| {
                if json {
                    println!("{}", suite_json(entry, None));
                } else {
                    print_suite(entry);
                }
            })
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tls-policy: {err}");
            ExitCode::from(2)
        }
    }
}

fn list_catalogs(json: bool) {
    if json {
        let all: Vec<Value> = Catalog::all()
            .iter()
            .map(|c| {
                json!({
                    "id": c.id(),
                    "title": c.title(),
                    "source": c.source(),
                    "date": c.date(),
                    "versions": c.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    "entries": c.entries().len(),
                })
            })
            .collect();
        println!("{}", Value::Array(all));
        return;
    }
    let rows: Vec<Vec<String>> = Catalog::all()
        .iter()
        .map(|c| {
            vec![
                c.id().to_owned(),
                c.entries().len().to_string(),
                c.versions().to_string(),
                c.date().to_owned(),
                c.title().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "suites", "versions", "date", "title"], &rows);
}

fn list_policies(json: bool) -> Result<(), String> {
    let policies = Policy::named_ids().iter().map(|id| Policy::named(id)).collect::<Result<Vec<_>, _>>();
    let policies = policies.map_err(|e| e.to_string())?;
    if json {
        println!("{}", Value::Array(policies.iter().map(policy_json).collect()));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = policies
        .iter()
        .map(|p| {
            vec![
                p.id().to_owned(),
                p.versions().to_string(),
                p.entries().len().to_string(),
                preference(p.preference()).to_owned(),
                p.description().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "versions", "suites", "order", "description"], &rows);
    Ok(())
}

fn preference(p: Preference) -> &'static str {
    match p {
        Preference::Client => "client",
        _ => "server",
    }
}

fn missing_groups(m: MissingGroups) -> &'static str {
    match m {
        MissingGroups::NoneShared => "none-shared",
        _ => "any",
    }
}

fn print_policy(policy: &Policy) {
    println!("{}: {}", policy.id(), policy.description());
    println!("versions: {}", policy.versions());
    println!("preference: {} order", preference(policy.preference()));
    let groups: Vec<String> = policy.groups().iter().map(NamedGroup::to_string).collect();
    println!("groups: {}", groups.join(", "));
    println!("without supported_groups: {}", missing_groups(policy.missing_groups()));
    let schemes: Vec<String> = policy.signature_schemes().iter().map(|s| s.to_string()).collect();
    println!("signs with: {}", schemes.join(", "));
    let rows: Vec<Vec<String>> = policy
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let info = e.suite.info();
            vec![
                (i + 1).to_string(),
                format!("0x{:04X}", u16::from(e.suite)),
                e.to_string(),
                e.group.map_or_else(|| "-".to_owned(), |g| g.to_string()),
                info.map_or_else(|| "-".to_owned(), |i| i.versions().to_string()),
                info.map_or_else(String::new, attributes),
            ]
        })
        .collect();
    print_table(&["#", "code", "entry", "group", "versions", "attributes"], &rows);
}

fn policy_json(policy: &Policy) -> Value {
    json!({
        "id": policy.id(),
        "description": policy.description(),
        "versions": policy.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
        "preference": preference(policy.preference()),
        "missing_groups": missing_groups(policy.missing_groups()),
        "groups": policy.groups().iter().map(NamedGroup::to_string).collect::<Vec<_>>(),
        "signature_schemes": policy.signature_schemes().iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "entries": policy.entries().iter().map(|e| json!({
            "code": format!("0x{:04X}", u16::from(e.suite)),
            "iana": e.suite.iana_name(),
            "group": e.group.map(|g| g.to_string()),
            "schannel": e.to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn print_catalog(catalog: &Catalog) {
    println!("{} ({}): {}", catalog.id(), catalog.date(), catalog.title());
    println!("source: {}", catalog.source());
    println!("versions: {}", catalog.versions());
    if !catalog.groups().is_empty() {
        let groups: Vec<String> = catalog.groups().iter().map(NamedGroup::to_string).collect();
        println!("groups: {}", groups.join(", "));
    }
    let rows: Vec<Vec<String>> = catalog
        .entries()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let info = row.suite.info();
            vec![
                (i + 1).to_string(),
                format!("0x{:04X}", u16::from(row.suite)),
                row.suite.to_string(),
                info.and_then(SuiteInfo::openssl).unwrap_or("-").to_owned(),
                row.to_string(),
                row.group.map_or_else(|| "-".to_owned(), |g| g.to_string()),
                info.map_or_else(String::new, attributes),
                notes(row.note, info),
            ]
        })
        .collect();
    print_table(&["#", "code", "IANA", "OpenSSL", "SChannel", "group", "attributes", "notes"], &rows);
    println!("{}", catalog.remarks());
}

fn print_suite(entry: Entry) {
    let suite = entry.suite;
    let Some(info) = suite.info() else {
        let what = match suite.class() {
            SuiteClass::Signalling => "a signalling value, not a cipher suite",
            SuiteClass::Grease => "a GREASE value (RFC 8701), meaningless by design",
            _ => "not in the IANA registry",
        };
        println!("0x{:04X} {}: {what}", u16::from(suite), suite.iana_name().unwrap_or(""));
        return;
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
        println!("{key:>16}: {value}");
    }
}

fn yes_no(b: bool) -> String {
    (if b { "yes" } else { "no" }).to_owned()
}

/// `ECDHE-RSA AES-128-GCM SHA256`, `RSA AES-256-CBC SHA1`, `TLS1.3 AES-128-GCM SHA256`.
fn attributes(info: &SuiteInfo) -> String {
    let kx = match (info.kx(), info.auth()) {
        (KeyExchange::Any, _) => "TLS1.3".to_owned(),
        (KeyExchange::Rsa, Authentication::Rsa) => "RSA".to_owned(),
        (kx, auth) => format!("{kx}-{auth}"),
    };
    format!("{kx} {}-{}-{} {}", info.cipher(), info.key_bits(), info.mode(), info.hash())
}

/// The source's note, then the weaknesses it does not already say, as short tags.
fn notes(note: Option<&str>, info: Option<&SuiteInfo>) -> String {
    let said = note.unwrap_or("");
    let tags: Vec<&str> = info
        .into_iter()
        .flat_map(SuiteInfo::weaknesses)
        .filter(|w| !said.contains(w.explanation()))
        .map(<&str>::from)
        .collect();
    match (note, tags.is_empty()) {
        (None, true) => "-".to_owned(),
        (None, false) => tags.join(", "),
        (Some(note), true) => note.to_owned(),
        (Some(note), false) => format!("{note} [{}]", tags.join(", ")),
    }
}

fn entry_json(row: &CatalogEntry) -> Value {
    suite_json(row.entry(), row.note)
}

fn suite_json(entry: Entry, note: Option<&str>) -> Value {
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

fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.to_vec());
    line(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}
