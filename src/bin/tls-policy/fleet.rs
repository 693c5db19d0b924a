//! `fleet`: the devices in packet captures grouped by fingerprint (JA4), each group's verdict
//! under every policy and, between the first two, who loses access; largest groups first,
//! then the totals.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use tls_policy::capture::{Fingerprints, Limits};
use tls_policy::{Change, KeyTypes, Transition};

use crate::args::DiffGate;
use crate::check::{Verdict, each_hello, inputs};
use crate::error::Failure;
use crate::output::{Csv, Format, print_table, warn};
use crate::sources;

/// The group of hellos that could not be read (no fingerprint).
const UNREADABLE: &str = "(unreadable hello)";

/// A client: its address (from a packet capture) or, for a file of one hello, the file.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    File(String),
}

/// One fingerprint's devices.
struct Group {
    ja4: String,
    ja4_r: Option<String>,
    connections: usize,
    clients: HashSet<Client>,
    sample_sni: Option<String>,
    sample_client: String,
    /// Per policy: each verdict cell, how often, and the first such verdict's fields.
    verdicts: Vec<BTreeMap<String, (usize, Value)>>,
    /// Between the first two policies: each change, how often.
    changes: BTreeMap<&'static str, usize>,
}

impl Group {
    /// The most common of a policy's verdicts in this group (ties: the first by name), and
    /// how many connections had another.
    fn verdict(&self, policy: usize) -> Option<(&String, usize, &Value, usize)> {
        let cells = self.verdicts.get(policy)?;
        let (cell, (count, fields)) = cells.iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))?;
        Some((cell, *count, fields, self.connections - count))
    }

    fn change(&self) -> Option<(&'static str, usize)> {
        self.changes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, n)| (*k, *n))
    }
}

/// `fleet`: a table (or JSON lines, or CSV) of fingerprint groups with each policy's verdict.
pub(crate) fn run(
    specs: &[String],
    arm_parameters: Option<&Path>,
    keys: KeyTypes,
    format: Format,
    limits: Limits,
    fail_on: Option<DiffGate>,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let (labels, policies) = sources::resolve_all(specs, &["dps-legacy-security", "dps-tls12"], arm_parameters)?;
    let mut groups: HashMap<String, Group> = HashMap::new();
    let mut all_clients = HashSet::new();
    let read = each_hello(&inputs(paths, format.machine(), keys)?, limits, |origin, _, hello| {
        let prints = hello.as_ref().ok().map(Fingerprints::of);
        let key = prints.as_ref().map_or_else(|| UNREADABLE.to_owned(), |p| p.ja4.clone());
        // A client is its address (from a capture) or its file.
        let client =
            origin.connection.map_or_else(|| Client::File(origin.name.to_owned()), |c| Client::Address(c.client.ip()));
        let group = groups.entry(key.clone()).or_insert_with(|| Group {
            ja4: key,
            ja4_r: prints.as_ref().map(|p| p.ja4_r.clone()),
            connections: 0,
            clients: HashSet::new(),
            sample_sni: None,
            sample_client: origin.connection.map_or_else(|| origin.name.to_owned(), |c| c.client.to_string()),
            verdicts: vec![BTreeMap::new(); policies.len()],
            changes: BTreeMap::new(),
        });
        group.connections += 1;
        group.clients.insert(client.clone());
        all_clients.insert(client);
        if group.sample_sni.is_none() {
            group.sample_sni =
                hello.as_ref().ok().and_then(|h| h.server_name()).map(|n| String::from_utf8_lossy(n).into_owned());
        }
        let verdicts: Vec<Verdict> = policies.iter().map(|p| Verdict::of(p, hello, keys)).collect();
        for ((cells, verdict), label) in group.verdicts.iter_mut().zip(&verdicts).zip(&labels) {
            let entry = cells.entry(verdict.cell()).or_insert_with(|| (0, verdict.verdict(label)));
            entry.0 += 1;
        }
        if let ([before, after, ..], Ok(hello)) = (policies.as_slice(), hello) {
            let change = Transition::new(before, after, &hello.offer(), keys).change();
            *group.changes.entry(change.as_str()).or_insert(0) += 1;
        } else if policies.len() >= 2 {
            *group.changes.entry(Change::StillRefused.as_str()).or_insert(0) += 1;
        }
        Ok(())
    });
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    groups.sort_by(|a, b| b.connections.cmp(&a.connections).then_with(|| a.ja4.cmp(&b.ja4)));
    let lose: usize = groups.iter().map(|g| g.changes.get(Change::LosesAccess.as_str()).copied().unwrap_or(0)).sum();
    let lose_groups = groups.iter().filter(|g| g.changes.contains_key(Change::LosesAccess.as_str())).count();
    print(&groups, &labels, format)?;
    let connections: usize = groups.iter().map(|g| g.connections).sum();
    let mut summary =
        format!("{connections} connections from {} clients in {} fingerprint groups", all_clients.len(), groups.len());
    let mut per_policy = Map::new();
    for (i, label) in labels.iter().enumerate() {
        let accepted: usize = groups
            .iter()
            .flat_map(|g| g.verdicts.get(i).into_iter().flatten())
            .filter(|(cell, _)| cell.starts_with("accept"))
            .map(|(_, (n, _))| n)
            .sum();
        summary.push_str(&format!("; {label}: {accepted} accepted, {} refused", connections - accepted));
        per_policy.insert(label.clone(), json!({"accepted": accepted, "refused": connections - accepted}));
    }
    if let [from, to, ..] = labels.as_slice() {
        summary.push_str(&format!("; {from} -> {to}: {lose} connections in {lose_groups} groups lose access"));
    }
    match format {
        Format::Json => say!(
            "{}",
            json!({"totals": {"summary": summary, "connections": connections, "clients": all_clients.len(),
                "groups": groups.len(), "policies": per_policy, "lose_access": lose, "lose_access_groups": lose_groups}})
        )?,
        Format::Csv => warn(&summary),
        Format::Table => say!("{summary}")?,
    }
    read?;
    match fail_on {
        Some(DiffGate::LoseAccess) if lose > 0 => Err(Failure::LoseAccess { lose }),
        _ => Ok(()),
    }
}

/// The groups, largest first.
fn print(groups: &[Group], labels: &[String], format: Format) -> Result<(), Failure> {
    let mut csv = Csv::default();
    let mut rows = Vec::new();
    for g in groups {
        let mut verdicts = Map::new();
        let mut cells = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let Some((cell, count, fields, other)) = g.verdict(i) else { continue };
            let mut v = fields.as_object().cloned().unwrap_or_default();
            v.remove("policy");
            v.insert("connections".into(), json!(count));
            v.insert("other_verdicts".into(), json!(other));
            verdicts.insert(label.clone(), Value::Object(v));
            cells.push(if other > 0 { format!("{cell} (+{other} other)") } else { cell.clone() });
        }
        let change = g.change();
        if format.machine() {
            let mut row = Map::new();
            row.insert("ja4".into(), json!(g.ja4));
            row.insert("ja4_r".into(), json!(g.ja4_r));
            row.insert("connections".into(), json!(g.connections));
            row.insert("clients".into(), json!(g.clients.len()));
            row.insert("sample_sni".into(), json!(g.sample_sni));
            row.insert("sample_client".into(), json!(g.sample_client));
            row.insert("verdicts".into(), Value::Object(verdicts));
            row.insert("change".into(), json!(change.map(|c| c.0)));
            row.insert("lose_access".into(), json!(g.changes.get(Change::LosesAccess.as_str()).copied().unwrap_or(0)));
            let row = Value::Object(row);
            if format == Format::Json { say!("{row}")? } else { csv.row(&row)? }
        } else {
            let mut row = vec![
                g.ja4.clone(),
                g.connections.to_string(),
                g.clients.len().to_string(),
                g.sample_sni.clone().map_or_else(|| "-".to_owned(), |s| s.escape_debug().to_string()),
                g.sample_client.clone(),
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
