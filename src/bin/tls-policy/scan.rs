//! `scan`: what a live endpoint accepts (versions, suites in its order, groups, the fallback
//! signal, certificate key types), found by `tls_policy::scan`, and with `--policy` every way
//! it differs from what a server with that policy does.

use serde_json::{Value, json};
use tls_policy::scan::{Accepted, Conformance, Difference, Scan, ScanOptions, VersionState, conformance, scan};
use tls_policy::{CipherSuite, KeyTypes, Policy, Preference};

use crate::error::Failure;

/// `scan`: a report (or one JSON object) of `target`; with `policy`, the differences, and
/// exit status 1 when there are any; 2 when the scan is incomplete or some probe got no
/// usable answer (the report is printed first).
pub(crate) fn run(
    target: &str,
    options: &ScanOptions,
    policy: Option<&Policy>,
    keys: Option<KeyTypes>,
    json: bool,
) -> Result<(), Failure> {
    let seen = scan(target, options)?;
    let compared = policy.map(|p| conformance(&seen, p, keys)).transpose()?;
    if json {
        say!("{}", report_json(&seen, compared.as_ref()))?;
    } else {
        report(&seen, compared.as_ref())?;
    }
    if let Some(why) = &seen.incomplete {
        return Err(Failure::ScanIncomplete { target: target.to_owned(), why: why.clone() });
    }
    if !seen.faults.is_empty() {
        // Each counted as a refusal: what was found, and any difference, may be wrong.
        return Err(Failure::ScanFaults { target: target.to_owned(), count: seen.faults.len() });
    }
    match compared {
        Some(c) if !c.conforms() => {
            Err(Failure::NonConforming { target: target.to_owned(), policy: c.policy, count: c.differences.len() })
        }
        _ => Ok(()),
    }
}

/// `0xC030`.
fn code(suite: CipherSuite) -> String {
    format!("0x{:04X}", suite.get())
}

/// `server` or `client`.
fn order(p: Preference) -> &'static str {
    p.into()
}

fn report(seen: &Scan, compared: Option<&Conformance>) -> Result<(), Failure> {
    say!("{}: {} connections in {:.2} s", seen.target, seen.connections, seen.elapsed.as_secs_f64())?;
    for v in &seen.versions {
        match &v.state {
            VersionState::Accepted(accepted) => version_report(v.version.to_string(), accepted)?,
            other => say!("{:<8} {}", v.version.to_string(), other.describe())?,
        }
    }
    say!("fallback SCSV: {}", seen.fallback_scsv)?;
    let keys: Vec<String> = seen.certificates.iter().map(ToString::to_string).collect();
    let read: Vec<String> = seen.certificate_keys.iter().map(ToString::to_string).collect();
    say!(
        "certificates: {}{}",
        if keys.is_empty() { "none found".to_owned() } else { keys.join(", ") },
        if read.is_empty() { String::new() } else { format!(" (read: {})", read.join(", ")) }
    )?;
    for fault in &seen.faults {
        say!("fault: {fault}")?;
    }
    if let Some(why) = &seen.incomplete {
        say!("incomplete: {why}")?;
    }
    if let Some(c) = compared {
        if c.conforms() {
            say!("policy {} (keys {}): conforms", c.policy, c.keys)?;
        } else {
            say!("policy {} (keys {}): {} differences", c.policy, c.keys, c.differences.len())?;
            for d in &c.differences {
                say!("  {d}")?;
            }
        }
    }
    Ok(())
}

fn version_report(version: String, accepted: &Accepted) -> Result<(), Failure> {
    let how = accepted.preference.map_or_else(String::new, |p| format!(", {} order", order(p)));
    say!("{version:<8} accepted{how}")?;
    for suite in &accepted.suites {
        say!("         {} {suite}", code(*suite))?;
    }
    if !accepted.groups.is_empty() {
        let groups: Vec<String> = accepted.groups.iter().map(ToString::to_string).collect();
        let how = accepted.group_preference.map_or_else(String::new, |p| format!(" ({} order)", order(p)));
        say!("         groups: {}{how}", groups.join(", "))?;
    }
    Ok(())
}

fn report_json(seen: &Scan, compared: Option<&Conformance>) -> Value {
    let versions: Vec<Value> = seen
        .versions
        .iter()
        .map(|v| match &v.state {
            VersionState::Accepted(a) => json!({
                "version": v.version.to_string(),
                "accepted": true,
                "preference": a.preference.map(order),
                "suites": a.suites.iter().map(|s| json!({"code": code(*s), "iana": s.to_string()})).collect::<Vec<_>>(),
                "groups": a.groups.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "group_preference": a.group_preference.map(order),
            }),
            VersionState::Refused { alert } => json!({
                "version": v.version.to_string(),
                "accepted": false,
                "alert": alert,
            }),
            VersionState::Lower { answered } => json!({
                "version": v.version.to_string(),
                "accepted": false,
                "answered": answered.to_string(),
            }),
            _ => json!({"version": v.version.to_string(), "accepted": false}),
        })
        .collect();
    let mut object = json!({
        "target": seen.target,
        "connections": seen.connections,
        "seconds": seen.elapsed.as_secs_f64(),
        "versions": versions,
        "fallback_scsv": seen.fallback_scsv.as_str(),
        "certificates": seen.certificates.iter().map(|k| k.to_string().to_lowercase()).collect::<Vec<_>>(),
        "certificate_keys": seen.certificate_keys.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "faults": seen.faults,
        "incomplete": seen.incomplete,
    });
    if let (Some(c), Some(map)) = (compared, object.as_object_mut()) {
        map.insert("policy".to_owned(), json!(c.policy));
        map.insert("keys".to_owned(), json!(c.keys.to_string()));
        map.insert("conforms".to_owned(), json!(c.conforms()));
        map.insert("differences".to_owned(), c.differences.iter().map(difference_json).collect());
    }
    object
}

fn difference_json(d: &Difference) -> Value {
    json!({
        "kind": d.kind(),
        "version": d.version().map(|v| v.to_string()),
        "text": d.to_string(),
    })
}
