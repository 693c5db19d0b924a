//! `audit`: what a policy allows that current guidance advises against, and (with
//! `--against`) what falls outside a catalog.

use serde_json::{Value, json};
use tls_policy::{Catalog, Policy};

use crate::error::Failure;

/// `audit`: the findings, most severe first.
pub(crate) fn run(policy: &Policy, against: Option<&str>, json: bool) -> Result<(), Failure> {
    let findings = match against {
        Some(id) => tls_policy::rustls::audit_against(policy, Catalog::find(id)?),
        None => tls_policy::rustls::audit(policy),
    };
    if json {
        let rows: Vec<Value> = findings
            .iter()
            .map(|f| {
                json!({
                    "check": f.check.as_str(),
                    "severity": f.severity.to_string(),
                    "entries": f.entries.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "versions": f.versions.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    "schemes": f.schemes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "explanation": f.explanation,
                })
            })
            .collect();
        return say!("{}", Value::Array(rows));
    }
    say!(
        "{}: {} findings{}",
        policy.id(),
        findings.len(),
        against.map(|c| format!(" (against {c})")).unwrap_or_default()
    )?;
    for f in &findings {
        say!("\n[{}] {}: {}", f.severity, f.check, f.explanation)?;
        for entry in &f.entries {
            say!("    {entry}")?;
        }
    }
    Ok(())
}
