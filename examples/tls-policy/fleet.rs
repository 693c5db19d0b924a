//! `audit` and `diff`: what a policy allows that it should not, and which devices a policy
//! change affects.

use std::path::PathBuf;

use serde_json::{Value, json};
use tls_policy::{Catalog, Change, Credentials, Policy, Transition};

use crate::{Failure, Verdict};

/// `audit`: the findings, most severe first.
pub(crate) fn audit(policy: &Policy, against: Option<&str>, json: bool) -> Result<(), Failure> {
    let findings = match against {
        Some(id) => policy.audit_against(Catalog::find(id).map_err(|e| e.to_string())?),
        None => policy.audit(),
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

/// `diff`: one row per device whose verdict changes, then a summary line; returns how many
/// devices lose access.
pub(crate) fn diff(
    from: &Policy,
    to: &Policy,
    keys: Credentials,
    json: bool,
    paths: &[PathBuf],
) -> Result<usize, Failure> {
    let (mut devices, mut lose, mut gain, mut change, mut reasons) = (0, 0, 0, 0, 0);
    let mut rows = Vec::new();
    let read = crate::each_hello(&crate::inputs(paths, json, keys)?, |name, hello| {
        devices += 1;
        let (kind, before, after) = match hello {
            Ok(hello) => {
                let t = Transition::new(from, to, &hello.offer(), keys);
                (t.change().as_str(), Verdict::from(t.before), Verdict::from(t.after))
            }
            Err(e) => ("still_refused", Verdict::Malformed(e.clone()), Verdict::Malformed(e.clone())),
        };
        match kind {
            "changes_refusal" => reasons += 1,
            "loses_access" => lose += 1,
            "gains_access" => gain += 1,
            "changes_suite" => change += 1,
            _ => {}
        }
        if json {
            let (b, a) = (before.json(name, from.id()), after.json(name, to.id()));
            say!("{}", json!({"file": name, "change": kind, "before": b, "after": a}))?;
        } else if kind != Change::Unchanged.as_str() && kind != Change::StillRefused.as_str() {
            rows.push(vec![name.to_owned(), kind.to_owned(), before.cell(), after.cell()]);
        }
        Ok(())
    });
    // A failed write ends the run at once; unreadable inputs still get the summary.
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    let summary = format!(
        "{devices} devices, {lose} lose access, {change} change suite, {gain} gain access, {reasons} refused for another reason"
    );
    if json {
        say!(
            "{}",
            json!({"summary": summary, "devices": devices, "lose_access": lose, "change_suite": change, "gain_access": gain, "changes_refusal": reasons})
        )?;
    } else {
        say!("{} -> {} (server keys: {keys})", from.id(), to.id())?;
        if rows.is_empty() {
            say!("no device's verdict changes")?;
        } else {
            crate::print_table(&["capture", "change", from.id(), to.id()], &rows)?;
        }
        say!("{summary}")?;
    }
    read.map(|()| lose)
}
