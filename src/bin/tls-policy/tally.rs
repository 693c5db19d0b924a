//! The counting behind `fleet` and the readiness report: every hello into its fingerprint
//! (JA4) group, with each policy's verdict (and, for a refusal, why), the change between the
//! first two policies, and the totals. [`Tally`] counts; [`Fleet`] is what it gives the
//! printers (`fleet`'s table, JSON and CSV, and [`crate::report`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use serde_json::{Map, Value, json};
use tls_policy::capture::fingerprint;
use tls_policy::{Change, ClientHello, KeyTypes, Policy, Reason, SuiteOutcome, Transition, explain};

use crate::check::{Malformed, Notes, Origin, Verdict};

/// The group of hellos that could not be read (no fingerprint).
const UNREADABLE: &str = "(unreadable hello)";

/// How many fingerprint groups are kept apart. A hello with a fingerprint beyond them joins
/// the [`OTHERS`] group, so a capture of random offers (a fuzzer, a scanner, a hostile
/// client) cannot make a group per connection: memory stays bounded, the totals stay exact,
/// and the distinct fingerprints are still counted (by a 64-bit hash each).
pub(crate) const GROUPS_KEPT: usize = 20_000;

/// The group of the hellos whose fingerprint came after [`GROUPS_KEPT`] others.
pub(crate) const OTHERS: &str = "(fingerprints beyond the first 20000)";

/// How many client addresses a group keeps as samples.
const SAMPLE_CLIENTS: usize = 3;

/// How many devices whose verdict changes are kept by name (all are counted).
pub(crate) const CHANGED_KEPT: usize = 200;

/// How many suites one line of a refusal's explanation names.
const SUITES_NAMED: usize = 6;

/// A client: its address (from a packet capture) or, for a file of one hello, the file.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    File(String),
}

/// One policy's verdict as a group saw it: how often, the first such verdict's fields and,
/// for a refusal, why.
pub(crate) struct Cell {
    /// Whether the policy accepts.
    pub(crate) accepted: bool,
    pub(crate) count: usize,
    /// The first such verdict (its JSON fields are made when printed).
    pub(crate) verdict: Verdict,
    pub(crate) why: Vec<String>,
}

/// One fingerprint's devices.
pub(crate) struct Group {
    pub(crate) ja4: String,
    pub(crate) ja4_r: Option<String>,
    pub(crate) connections: usize,
    clients: HashSet<Client>,
    pub(crate) sample_sni: Option<String>,
    /// The first few client addresses (or files), in the order seen.
    pub(crate) sample_clients: Vec<String>,
    /// Per policy: each verdict cell and how the group saw it.
    verdicts: Vec<BTreeMap<String, Cell>>,
    /// Between the first two policies: each change, how often.
    changes: BTreeMap<&'static str, usize>,
}

impl Group {
    /// The most common of a policy's verdicts in this group (ties: the first by name), and
    /// how many connections had another.
    pub(crate) fn verdict(&self, policy: usize) -> Option<(&String, &Cell, usize)> {
        let cells = self.verdicts.get(policy)?;
        let (name, cell) = cells.iter().max_by(|a, b| a.1.count.cmp(&b.1.count).then(b.0.cmp(a.0)))?;
        Some((name, cell, self.connections - cell.count))
    }

    /// The most common change between the first two policies, and how often.
    pub(crate) fn change(&self) -> Option<(&'static str, usize)> {
        self.changes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, n)| (*k, *n))
    }

    /// How many distinct clients.
    pub(crate) fn clients(&self) -> usize {
        self.clients.len()
    }

    /// How many of its connections lose access between the first two policies.
    pub(crate) fn lose_access(&self) -> usize {
        self.changes.get(Change::LosesAccess.as_str()).copied().unwrap_or(0)
    }
}

/// A device whose verdict changes between the first two policies.
pub(crate) struct Changed {
    pub(crate) name: String,
    pub(crate) change: &'static str,
    pub(crate) before: String,
    pub(crate) after: String,
}

/// The counting of a run: every hello into its fingerprint group.
pub(crate) struct Tally<'a> {
    labels: &'a [String],
    policies: &'a [Policy],
    keys: KeyTypes,
    /// Whether to say why a policy refuses (the report shows it; the table and JSON do not).
    explain: bool,
    groups: HashMap<String, Group>,
    /// The hashes of the fingerprints that joined [`OTHERS`].
    others: HashSet<u64>,
    clients: HashSet<Client>,
    verdicts: Vec<BTreeMap<String, Count>>,
    changes: BTreeMap<&'static str, usize>,
    changed: Vec<Changed>,
}

/// How many connections got one verdict category, and whether it accepts.
#[derive(Clone, Copy, Default)]
pub(crate) struct Count {
    pub(crate) accepted: bool,
    pub(crate) connections: usize,
}

impl<'a> Tally<'a> {
    /// A tally of `policies` (named `labels`) with `keys`; with `explain`, each group keeps why
    /// each policy refuses it (an account of its offered suites, made once per group and verdict).
    pub(crate) fn new(labels: &'a [String], policies: &'a [Policy], keys: KeyTypes, explain: bool) -> Self {
        Self {
            labels,
            policies,
            keys,
            explain,
            groups: HashMap::new(),
            others: HashSet::new(),
            clients: HashSet::new(),
            verdicts: vec![BTreeMap::new(); policies.len()],
            changes: BTreeMap::new(),
            changed: Vec::new(),
        }
    }

    /// One hello.
    pub(crate) fn add(&mut self, origin: &Origin<'_>, hello: &Result<ClientHello<'_>, Malformed>) {
        let (policies, keys, explain) = (self.policies, self.keys, self.explain);
        // Only JA4 is needed per hello (JA4_r once per group; JA3's MD5 never).
        let mut key = hello.as_ref().map_or_else(|_| UNREADABLE.to_owned(), fingerprint::ja4);
        if self.groups.len() >= GROUPS_KEPT && !self.groups.contains_key(&key) {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&key, &mut hasher);
            self.others.insert(std::hash::Hasher::finish(&hasher));
            OTHERS.clone_into(&mut key);
        }
        // A client is its address (from a capture) or its file.
        let client =
            origin.connection.map_or_else(|| Client::File(origin.name.to_owned()), |c| Client::Address(c.client.ip()));
        let group = self.groups.entry(key).or_insert_with_key(|key| Group {
            ja4: key.clone(),
            ja4_r: hello.as_ref().ok().filter(|_| key != OTHERS).map(fingerprint::ja4_r),
            connections: 0,
            clients: HashSet::new(),
            sample_sni: None,
            sample_clients: Vec::new(),
            verdicts: (0..policies.len()).map(|_| BTreeMap::new()).collect(),
            changes: BTreeMap::new(),
        });
        group.connections += 1;
        if group.clients.insert(client.clone()) && group.sample_clients.len() < SAMPLE_CLIENTS {
            group
                .sample_clients
                .push(origin.connection.map_or_else(|| origin.name.to_owned(), |c| c.client.to_string()));
        }
        self.clients.insert(client);
        if group.sample_sni.is_none() {
            group.sample_sni =
                hello.as_ref().ok().and_then(|h| h.server_name()).map(|n| String::from_utf8_lossy(n).into_owned());
        }
        let verdicts: Vec<Verdict> = policies.iter().map(|p| Verdict::of(p, hello, keys)).collect();
        for (i, (cells, verdict)) in group.verdicts.iter_mut().zip(&verdicts).enumerate() {
            let name = verdict.cell();
            let category = match verdict {
                Verdict::Malformed(_) => Some(verdict.category()),
                Verdict::Accept(_) | Verdict::Reject(_) => None,
            };
            if let Some(counts) = self.verdicts.get_mut(i) {
                let category = category.as_deref().unwrap_or(&name);
                match counts.get_mut(category) {
                    Some(count) => count.connections += 1,
                    None => {
                        counts.insert(category.to_owned(), Count { accepted: verdict.accepted(), connections: 1 });
                    }
                }
            }
            let cell = cells.entry(name).or_insert_with(|| Cell {
                accepted: verdict.accepted(),
                count: 0,
                verdict: verdict.clone(),
                why: policies.get(i).filter(|_| explain).map(|p| why(p, hello, keys, verdict)).unwrap_or_default(),
            });
            cell.count += 1;
        }
        // The change between the first two, from the verdicts just made (not decided again).
        let change = match verdicts.as_slice() {
            [before, after, ..] => Some(match (before.result(), after.result()) {
                (Some(before), Some(after)) => Transition { before, after }.change(),
                _ => Change::StillRefused,
            }),
            _ => None,
        };
        if let (Some(change), [before, after, ..]) = (change, verdicts.as_slice()) {
            *group.changes.entry(change.as_str()).or_insert(0) += 1;
            *self.changes.entry(change.as_str()).or_insert(0) += 1;
            if !matches!(change, Change::Unchanged | Change::StillRefused) && self.changed.len() < CHANGED_KEPT {
                self.changed.push(Changed {
                    name: origin.name.to_owned(),
                    change: change.as_str(),
                    before: before.cell(),
                    after: after.cell(),
                });
            }
        }
    }

    /// The groups, largest first (ties by JA4), and the totals.
    pub(crate) fn finish(self, notes: Notes) -> Fleet {
        let mut groups: Vec<Group> = self.groups.into_values().collect();
        groups.sort_by(|a, b| b.connections.cmp(&a.connections).then_with(|| a.ja4.cmp(&b.ja4)));
        let connections = groups.iter().map(|g| g.connections).sum();
        let mut verdicts: Vec<Vec<(String, Count)>> =
            self.verdicts.into_iter().map(|counts| counts.into_iter().collect()).collect();
        for counts in &mut verdicts {
            counts.sort_by(|a, b| b.1.connections.cmp(&a.1.connections).then_with(|| a.0.cmp(&b.0)));
        }
        let others = groups.iter().any(|g| g.ja4 == OTHERS);
        Fleet {
            labels: self.labels.to_vec(),
            keys: self.keys,
            connections,
            clients: self.clients.len(),
            fingerprints: groups.len() - usize::from(others) + self.others.len(),
            groups,
            verdicts,
            changes: self.changes,
            changed: self.changed,
            notes,
        }
    }
}

/// A finished tally: what the printers print.
pub(crate) struct Fleet {
    /// The policies' labels, in the order given; the first two are compared.
    pub(crate) labels: Vec<String>,
    pub(crate) keys: KeyTypes,
    pub(crate) connections: usize,
    /// Distinct clients.
    pub(crate) clients: usize,
    /// Distinct fingerprints (an unreadable hello counts as one), those in [`OTHERS`] too.
    pub(crate) fingerprints: usize,
    /// Largest first.
    pub(crate) groups: Vec<Group>,
    /// Per policy: each verdict category (`accept TLSv1.2 SUITE`, `reject REASON (ALERT)`)
    /// and its connections, most first.
    pub(crate) verdicts: Vec<Vec<(String, Count)>>,
    /// Between the first two policies: each change and its connections.
    pub(crate) changes: BTreeMap<&'static str, usize>,
    /// The first [`CHANGED_KEPT`] devices whose verdict changes.
    pub(crate) changed: Vec<Changed>,
    /// What was not read.
    pub(crate) notes: Notes,
}

impl Fleet {
    /// Connections with this change between the first two policies.
    pub(crate) fn count(&self, change: Change) -> usize {
        self.changes.get(change.as_str()).copied().unwrap_or(0)
    }

    /// Devices whose verdict changes (changes other than unchanged and still refused).
    pub(crate) fn changed_total(&self) -> usize {
        self.changes
            .iter()
            .filter(|(k, _)| **k != Change::Unchanged.as_str() && **k != Change::StillRefused.as_str())
            .map(|(_, n)| n)
            .sum()
    }

    /// Groups with a connection that loses access.
    pub(crate) fn lose_access_groups(&self) -> usize {
        self.groups.iter().filter(|g| g.lose_access() > 0).count()
    }

    /// A policy's accepted connections.
    pub(crate) fn accepted(&self, policy: usize) -> usize {
        self.verdicts.get(policy).into_iter().flatten().filter(|(_, n)| n.accepted).map(|(_, n)| n.connections).sum()
    }

    /// The totals object `fleet --json` ends with.
    pub(crate) fn totals(&self) -> Value {
        let mut per_policy = Map::new();
        for (i, label) in self.labels.iter().enumerate() {
            let accepted = self.accepted(i);
            let verdicts: Map<String, Value> =
                self.verdicts.get(i).into_iter().flatten().map(|(c, n)| (c.clone(), json!(n.connections))).collect();
            per_policy.insert(
                label.clone(),
                json!({"accepted": accepted, "refused": self.connections - accepted, "verdicts": verdicts}),
            );
        }
        let changes: Map<String, Value> = self.changes.iter().map(|(k, n)| ((*k).to_owned(), json!(n))).collect();
        let notes = &self.notes;
        json!({"totals": {
            "summary": self.summary(), "connections": self.connections, "clients": self.clients,
            "groups": self.fingerprints, "groups_listed": self.groups.len(), "policies": per_policy,
            "lose_access": self.count(Change::LosesAccess), "lose_access_groups": self.lose_access_groups(),
            "change_suite": self.count(Change::ChangesSuite), "gain_access": self.count(Change::GainsAccess),
            "changes": changes,
            "not_read": {"inputs": notes.inputs_total, "connections": notes.skipped_total(),
                "evicted": notes.evicted, "without_client_data": notes.no_data},
        }})
    }

    /// The totals as one line.
    pub(crate) fn summary(&self) -> String {
        let connections = self.connections;
        let mut summary = format!(
            "{connections} connections from {} clients in {} fingerprint groups",
            self.clients, self.fingerprints
        );
        for (i, label) in self.labels.iter().enumerate() {
            let accepted = self.accepted(i);
            summary.push_str(&format!("; {label}: {accepted} accepted, {} refused", connections - accepted));
        }
        if let [from, to, ..] = self.labels.as_slice() {
            summary.push_str(&format!(
                "; {from} -> {to}: {} connections in {} groups lose access",
                self.count(Change::LosesAccess),
                self.lose_access_groups()
            ));
        }
        summary
    }
}

/// Why `policy` refuses `hello`, in a few lines: for a refusal at the suites, each offered
/// suite's outcome with the suites it holds; for one before them, what the client offered
/// against what the policy allows. Nothing for an acceptance.
fn why(policy: &Policy, hello: &Result<ClientHello<'_>, Malformed>, keys: KeyTypes, verdict: &Verdict) -> Vec<String> {
    let (hello, refusal) = match (hello, verdict) {
        (Err(e), _) => return vec![format!("the hello cannot be read: {e}")],
        (Ok(hello), Verdict::Reject(r)) => (hello, r),
        _ => return Vec::new(),
    };
    match refusal.reason {
        Reason::NoSharedCipher | Reason::NoSharedGroup | Reason::NoSharedSignatureScheme => {
            let offer = hello.offer();
            let account = explain(policy, &offer, keys);
            let mut lines: Vec<(String, Vec<String>)> = Vec::new();
            for (suite, outcome) in account.suites() {
                if matches!(outcome, SuiteOutcome::Grease | SuiteOutcome::Signalling | SuiteOutcome::Repeated) {
                    continue;
                }
                let text = outcome.to_string();
                let name = suite.to_string();
                match lines.iter_mut().find(|(t, _)| *t == text) {
                    Some((_, names)) => names.push(name),
                    None => lines.push((text, vec![name])),
                }
            }
            lines.into_iter().map(|(text, names)| format!("{text}: {}", named(&names))).collect()
        }
        Reason::ProtocolVersion => {
            let offered: Vec<String> = match hello.supported_versions() {
                Some(versions) => versions.iter().filter(|v| !v.is_grease()).map(|v| v.to_string()).collect(),
                None => vec![hello.legacy_version().to_string()],
            };
            vec![format!("the client offers {}; the policy allows {}", offered.join(", "), policy.versions())]
        }
        Reason::InappropriateFallback => vec![format!(
            "the client signals a fallback (TLS_FALLBACK_SCSV) below the policy's best version, {} (RFC 7507)",
            policy.versions().iter().last().map_or_else(String::new, |v| v.to_string())
        )],
        Reason::MissingExtension => {
            vec!["TLS 1.3 is agreed, but the client sends no supported_groups, signature_algorithms or key_share (RFC 8446 §9.2)".to_owned()]
        }
        Reason::IllegalParameter => vec![
            "the hello holds a value the protocol forbids: compression other than null in TLS 1.3 (RFC 8446 §4.1.2), \
             ec_point_formats without uncompressed (RFC 8422 §5.1.2), a repeated or misshapen key share (RFC 8446 \
             §4.2.8), a host name that is not one (RFC 6066 §3) or pre_shared_key not last (RFC 8446 §4.2.11)"
                .to_owned(),
        ],
        _ => vec![format!("refused: {}", refusal.reason.as_str())],
    }
}

/// `A, B, C, and 4 more`.
fn named(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(SUITES_NAMED).map(String::as_str).collect();
    let more = names.len().saturating_sub(SUITES_NAMED);
    let tail = format!("and {more} more");
    if more > 0 {
        shown.push(&tail);
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_others_group_names_the_limit() {
        assert!(OTHERS.contains(&GROUPS_KEPT.to_string()));
    }
}
