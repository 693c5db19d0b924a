//! `replay`: each captured ClientHello sent as is to a live endpoint, and what the endpoint
//! answered (read by `tls_policy::scan`), beside what the engine predicts for a policy. This
//! is how a fleet is tried against a staging endpoint before `minTlsVersion` changes.

use std::net::ToSocketAddrs;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use tls_policy::capture::Limits;
use tls_policy::scan::Answer;
use tls_policy::{Agreement, KeyTypes, Policy, Refusal, negotiate};

use crate::check::{Malformed, Reading, each_hello, inputs};
use crate::error::Failure;
use crate::output::print_table;

/// How long one connection may take, connect to answer.
const TIMEOUT: Duration = Duration::from_secs(5);

/// What the endpoint did with one hello.
enum Seen {
    Accept { version: String, suite: String, group: Option<String>, codes: (u16, u16, Option<u16>) },
    Retry { group: Option<String> },
    Reject { alert: u8, name: String },
    Closed { read: usize },
    Error(String),
}

impl Seen {
    fn cell(&self) -> String {
        match self {
            Self::Accept { version, suite, group, .. } => {
                format!("accept {version} {suite}{}", group.as_ref().map(|g| format!(" {g}")).unwrap_or_default())
            }
            Self::Retry { group } => format!("retry {}", group.as_deref().unwrap_or("-")),
            Self::Reject { alert, name } => format!("reject {name} ({alert})"),
            Self::Closed { read } => format!("closed after {read} bytes"),
            Self::Error(e) => format!("error {e}"),
        }
    }

    /// Whether the engine's prediction is what happened (a retry is an acceptance still to
    /// come, so it agrees with an accepted prediction).
    fn agrees(&self, predicted: &Result<Agreement, Refusal>) -> bool {
        match (self, predicted) {
            (Self::Accept { codes, .. }, Ok(a)) => *codes == (a.version.get(), a.suite.get(), a.group.map(|g| g.get())),
            (Self::Retry { .. }, Ok(_)) => true,
            (Self::Reject { alert, .. }, Err(r)) => *alert == r.alert().number(),
            _ => false,
        }
    }
}

/// Sends `hello` to `to` and reads the answer, bounded by [`TIMEOUT`].
fn send(to: &str, hello: &[u8]) -> Seen {
    match exchange(to, hello) {
        Ok(Answer::Hello(h)) => Seen::Accept {
            version: h.version.to_string(),
            suite: h.suite.to_string(),
            group: h.group.map(|g| g.to_string()),
            codes: (h.version.get(), h.suite.get(), h.group.map(|g| g.get())),
        },
        Ok(Answer::HelloRetry(r)) => Seen::Retry { group: r.group.map(|g| g.to_string()) },
        Ok(Answer::Alert(a)) => Seen::Reject {
            alert: a.description,
            name: a.alert().map_or_else(|| "alert".to_owned(), |x| x.name().to_owned()),
        },
        Ok(Answer::Closed { read, .. }) => Seen::Closed { read },
        Ok(_) => Seen::Error("an answer this tool does not know".to_owned()),
        Err(e) => Seen::Error(e),
    }
}

fn exchange(to: &str, hello: &[u8]) -> Result<Answer, String> {
    let address = to.to_socket_addrs().map_err(|e| format!("{to}: {e}"))?.next().ok_or(format!("{to}: no address"))?;
    tls_policy::scan::exchange(address, hello, TIMEOUT).map_err(|e| e.to_string())
}

/// `replay`: a table (or JSON lines) of what `to` answered each capture, with the engine's
/// prediction under `policy`. Exit status 1 when a prediction differs.
pub(crate) fn run(
    to: &str,
    policy: Option<&Policy>,
    keys: KeyTypes,
    json: bool,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let mut rows = Vec::new();
    let mut differ = 0;
    let mut devices = 0;
    let mut reading = Reading::silent(Limits::default());
    let inputs = inputs(paths, json, keys, &mut reading.notes)?;
    let read = each_hello(&inputs, &mut reading, |origin, bytes, hello| {
        let name = origin.name;
        devices += 1;
        let seen = match hello {
            Err(Malformed::TooLarge(why)) => Seen::Error(format!("not sent: {why}")),
            _ => send(to, bytes),
        };
        let predicted = match (policy, hello) {
            (Some(policy), Ok(hello)) => Some(negotiate(policy, &hello.offer(), keys)),
            _ => None,
        };
        let agrees = predicted.as_ref().map(|p| seen.agrees(p));
        differ += usize::from(agrees == Some(false));
        let engine = predicted.as_ref().map(|p| match p {
            Ok(a) => format!("accept {a}"),
            Err(r) => format!("reject {} ({})", r.reason.as_str(), r.alert().number()),
        });
        if json {
            let row: Value = json!({
                "file": name,
                "endpoint": seen.cell(),
                "policy": policy.map(Policy::id),
                "engine": engine,
                "agrees": agrees,
            });
            say!("{row}")?;
        } else {
            let mut row = vec![name.to_owned(), seen.cell()];
            if policy.is_some() {
                row.push(engine.unwrap_or_else(|| "-".to_owned()));
                row.push(match agrees {
                    Some(true) => "yes".to_owned(),
                    Some(false) => "NO".to_owned(),
                    None => "-".to_owned(),
                });
            }
            rows.push(row);
        }
        Ok(())
    });
    if !json {
        let mut headers = vec!["capture", to];
        if let Some(policy) = policy {
            headers.push(policy.id());
            headers.push("agrees");
        }
        print_table(&headers, &rows)?;
    }
    read?;
    if differ > 0 { Err(Failure::Differs { differ, devices }) } else { Ok(()) }
}
