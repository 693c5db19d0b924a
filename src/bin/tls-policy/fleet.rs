//! `fleet`: the devices in packet captures grouped by fingerprint (JA4), each group's verdict
//! under every policy and, between the first two, who loses access; largest groups first,
//! then the totals. [`crate::tally`] does the counting (`diff --html` uses it too); this
//! prints its [`Fleet`] as a table, JSON or CSV, and with `--html` as the report
//! ([`crate::report`]).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use tls_policy::{Change, KeyTypes};

use crate::args::DiffGate;
use crate::check::{Reading, each_hello, inputs};
use crate::error::Failure;
use crate::output::{Csv, Format, print_table, warn};
use crate::tally::{Fleet, Tally};
use crate::{report, sources};

/// How `fleet` prints and what it gates on.
pub(crate) struct Output<'a> {
    pub(crate) format: Format,
    pub(crate) html: Option<&'a Path>,
    pub(crate) fail_on: Option<DiffGate>,
}

/// `fleet`: a table (or JSON lines, or CSV) of fingerprint groups with each policy's verdict,
/// and with `--html` the report.
pub(crate) fn run(
    specs: &[String],
    arm_parameters: Option<&Path>,
    keys: KeyTypes,
    output: &Output<'_>,
    mut reading: Reading,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let format = output.format;
    let (labels, policies) = sources::resolve_all(specs, &["dps-legacy-security", "dps-tls12"], arm_parameters)?;
    let run =
        output.html.map(|path| report::writable(path).and_then(|()| report::Run::new("fleet", paths))).transpose()?;
    let mut tally = Tally::new(&labels, &policies, keys, output.html.is_some());
    let inputs = inputs(paths, format.machine(), keys, &mut reading.notes)?;
    let read = each_hello(&inputs, &mut reading, |origin, _, hello| {
        tally.add(origin, hello);
        Ok(())
    });
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    let fleet = tally.finish(reading.notes);
    // The report first: a closed standard output (`| head`) must not cost it.
    if let (Some(path), Some(run)) = (output.html, &run) {
        report::write(path, &fleet, run)?;
    }
    print(&fleet, format)?;
    match format {
        Format::Json => say!("{}", fleet.totals())?,
        Format::Csv => warn(&fleet.summary()),
        Format::Table => say!("{}", fleet.summary())?,
    }
    read?;
    match output.fail_on {
        Some(DiffGate::LoseAccess) if fleet.count(Change::LosesAccess) > 0 => {
            Err(Failure::LoseAccess { lose: fleet.count(Change::LosesAccess) })
        }
        _ => Ok(()),
    }
}

/// The groups, largest first.
fn print(fleet: &Fleet, format: Format) -> Result<(), Failure> {
    let labels = &fleet.labels;
    let mut csv = Csv::default();
    let mut rows = Vec::new();
    for g in &fleet.groups {
        let mut verdicts = Map::new();
        let mut cells = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let Some((name, cell, other)) = g.verdict(i) else { continue };
            let mut v = match cell.verdict.verdict(label) {
                Value::Object(v) => v,
                _ => Map::new(),
            };
            v.remove("policy");
            v.insert("connections".into(), json!(cell.count));
            v.insert("other_verdicts".into(), json!(other));
            verdicts.insert(label.clone(), Value::Object(v));
            cells.push(if other > 0 { format!("{name} (+{other} other)") } else { name.clone() });
        }
        let change = g.change();
        if format.machine() {
            let mut row = Map::new();
            row.insert("ja4".into(), json!(g.ja4));
            row.insert("ja4_r".into(), json!(g.ja4_r));
            row.insert("connections".into(), json!(g.connections));
            row.insert("clients".into(), json!(g.clients()));
            row.insert("sample_sni".into(), json!(g.sample_sni));
            row.insert("sample_client".into(), json!(g.sample_clients.first()));
            row.insert("verdicts".into(), Value::Object(verdicts));
            row.insert("change".into(), json!(change.map(|c| c.0)));
            row.insert("lose_access".into(), json!(g.lose_access()));
            let row = Value::Object(row);
            if format == Format::Json { say!("{row}")? } else { csv.row(&row)? }
        } else {
            let mut row = vec![
                g.ja4.clone(),
                g.connections.to_string(),
                g.clients().to_string(),
                g.sample_sni.clone().map_or_else(|| "-".to_owned(), |s| s.escape_debug().to_string()),
                g.sample_clients.first().cloned().unwrap_or_default(),
            ];
            row.extend(cells);
            if labels.len() >= 2 {
                row.push(change.map_or_else(String::new, |(kind, n)| {
                    if n < g.connections { format!("{kind} ({n})") } else { kind.to_owned() }
                }));
            }
            rows.push(row);
        }
    }
    if !format.machine() {
        let mut headers = vec!["ja4", "connections", "clients", "sample sni", "sample client"];
        headers.extend(labels.iter().map(String::as_str));
        if labels.len() >= 2 {
            headers.push("change");
        }
        print_table(&headers, &rows)?;
    }
    Ok(())
}
