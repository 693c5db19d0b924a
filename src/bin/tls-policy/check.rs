//! `check`: what each policy does with each captured ClientHello; and the reading of
//! captures into verdicts that `diff` shares.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use tls_policy::capture::{CaptureReader, CapturedHello, Event, Fingerprints, Limits};
use tls_policy::{ClientHello, KeyTypes, Policy, negotiate};

use crate::args::CheckGate;
use crate::error::Failure;
use crate::output::{Csv, Format, print_table, warn};
use crate::{inputs, sources};

/// The captures at these paths, or the bundled samples (said so unless printing JSON). No
/// capture at all is an error: a pipeline must not pass on an empty folder.
pub(crate) fn inputs(paths: &[PathBuf], machine: bool, keys: KeyTypes) -> Result<Vec<inputs::Source>, Failure> {
    if paths.is_empty() {
        if !machine {
            say!("Sample devices (bundled captures), server keys: {keys}.")?;
            say!("Use your own: give packet captures (.pcap, .pcapng), ClientHello files (.bin, .hex) or folders.\n")?;
        }
        return Ok(inputs::samples());
    }
    let found = inputs::find(paths);
    if found.is_empty() {
        return Err(Failure::NoCaptures { paths: paths.to_vec() });
    }
    Ok(found)
}

/// `check`: a table (or JSON rows) of verdicts, one column per policy.
pub(crate) fn run(
    specs: &[String],
    arm_parameters: Option<&Path>,
    keys: KeyTypes,
    format: Format,
    limits: Limits,
    fail_on: Option<CheckGate>,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let (ids, policies) = sources::resolve_all(specs, &["dps-tls12", "dps-legacy-security"], arm_parameters)?;
    let mut rows = Vec::new();
    let mut refused = 0;
    let mut devices = 0;
    let mut csv = Csv::default();
    let read = each_hello(&inputs(paths, format.machine(), keys)?, limits, |origin, _, hello| {
        let mut row = vec![origin.name.to_owned()];
        let mut any = false;
        let fields = if format.machine() { origin.fields(hello) } else { Map::new() };
        for (policy, label) in policies.iter().zip(&ids) {
            let verdict = Verdict::of(policy, hello, keys);
            any |= !matches!(verdict, Verdict::Accept(_));
            match format {
                Format::Json => say!("{}", verdict.json(&fields, label))?,
                Format::Csv => csv.row(&verdict.json(&fields, label))?,
                Format::Table => {}
            }
            row.push(verdict.cell());
        }
        refused += usize::from(any);
        devices += 1;
        // The table needs every row for its widths; JSON and CSV stream, keeping nothing.
        if !format.machine() {
            rows.push(row);
        }
        Ok(())
    });
    // A failed write ends the run at once; unreadable inputs still get the table.
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    if !format.machine() {
        let mut headers = vec!["capture"];
        headers.extend(ids.iter().map(String::as_str));
        print_table(&headers, &rows)?;
    }
    read?;
    match fail_on {
        Some(CheckGate::Reject) if refused > 0 => Err(Failure::Refused { refused, devices }),
        _ => Ok(()),
    }
}

/// Why an input is not a ClientHello: the reader's error (with a hint when the input is
/// text), or an input too large to be one.
#[derive(Clone)]
pub(crate) enum Malformed {
    Hello(tls_policy::HelloError),
    /// Not a record, and every byte printable text: most likely a hex dump named `.bin`.
    Text(tls_policy::HelloError),
    TooLarge(inputs::TooLarge),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hello(e) => e.fmt(f),
            Self::Text(e) => write!(f, "{e} (the file is text: a hex dump is read as one when its name ends in .hex)"),
            Self::TooLarge(why) => why.fmt(f),
        }
    }
}

impl Malformed {
    /// The byte offset the message names, for the JSON rows.
    fn offset(&self) -> Option<usize> {
        use tls_policy::HelloError as E;
        match self {
            Self::Hello(
                E::Truncated { offset, .. }
                | E::NotHandshake { offset, .. }
                | E::BadRecordVersion { offset, .. }
                | E::BadRecordLength { offset, .. }
                | E::NotClientHello { offset, .. }
                | E::BadLength { offset, .. }
                | E::DuplicateExtension { offset, .. }
                | E::BadValue { offset, .. },
            ) => Some(*offset),
            Self::Hello(E::Empty) => Some(0),
            Self::Text(e) => Self::Hello(e.clone()).offset(),
            // Errors the reader gained later: the offset its message names ("byte N").
            Self::Hello(other) => {
                let text = other.to_string();
                let (_, after) = text.split_once("byte ")?;
                after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
            }
            Self::TooLarge(_) => Some(inputs::MAX_CAPTURE),
        }
    }

    /// Why a server refuses such bytes: `malformed` (decode_error), or `illegal_parameter`
    /// for a value the grammar allows but the protocol forbids (a host name that is not one).
    pub(crate) fn reason(&self) -> tls_policy::Reason {
        match self {
            Self::Hello(e) | Self::Text(e) => e.reason(),
            Self::TooLarge(_) => tls_policy::Reason::Malformed,
        }
    }
}

/// Where a hello came from: an input's name (`FILE`, or `FILE#client-ip:port` for a
/// connection in a packet capture) and, from a capture, the connection.
pub(crate) struct Origin<'a> {
    pub(crate) name: &'a str,
    pub(crate) connection: Option<&'a CapturedHello>,
}

impl Origin<'_> {
    /// The JSON fields every row carries: the input, the connection (null for a file of one
    /// hello), the SNI and the fingerprints (null for a malformed hello).
    pub(crate) fn fields(&self, hello: &Result<ClientHello<'_>, Malformed>) -> Map<String, Value> {
        let c = self.connection;
        let hello = hello.as_ref().ok();
        let prints = hello.map(Fingerprints::of);
        let mut map = Map::new();
        map.insert("file".into(), json!(self.name));
        map.insert("client".into(), json!(c.map(|c| c.client.to_string())));
        map.insert("server".into(), json!(c.map(|c| c.server.to_string())));
        map.insert("time".into(), json!(c.and_then(|c| c.time).map(|t| t.to_string())));
        map.insert(
            "sni".into(),
            json!(hello.and_then(|h| h.server_name()).map(|n| String::from_utf8_lossy(n).into_owned())),
        );
        map.insert("ja4".into(), json!(prints.as_ref().map(|p| p.ja4.clone())));
        map.insert("ja4_r".into(), json!(prints.as_ref().map(|p| p.ja4_r.clone())));
        map.insert("ja3".into(), json!(prints.as_ref().map(|p| p.ja3.clone())));
        map.insert("ja3_hash".into(), json!(prints.as_ref().map(|p| p.ja3_hash.clone())));
        map
    }
}

/// How many skipped connections of one capture are named one by one on stderr; the rest
/// are counted by reason.
const SKIPS_SHOWN: usize = 5;

/// What became of the inputs that gave no row.
#[derive(Default)]
struct Problems {
    unreadable: usize,
    without_hello: usize,
}

/// Reads the inputs one at a time into one buffer, parses each and hands it on (with the
/// bytes as read). A packet capture gives one hello per TCP connection, streamed; what it
/// skips is said on stderr. An unreadable input, or a capture with no ClientHello, is
/// reported on stderr and makes the result an error once all the others have run; one
/// larger than any ClientHello is a malformed row.
pub(crate) fn each_hello(
    inputs: &[inputs::Source],
    limits: Limits,
    mut each: impl FnMut(&Origin<'_>, &[u8], &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut problems = Problems::default();
    let mut bytes = Vec::new();
    let mut joined = Vec::new();
    for input in inputs {
        let name = input.name();
        let read = match input {
            inputs::Source::Sample(_, sample) => {
                bytes.clear();
                bytes.extend_from_slice(sample);
                Ok(())
            }
            inputs::Source::File(path) if inputs::is_capture(path) => {
                capture(path, &name, limits, &mut joined, &mut problems, &mut each)?;
                continue;
            }
            inputs::Source::File(path) => inputs::read(path, &mut bytes),
            inputs::Source::Unlisted(_, e) => {
                warn(&format!("{name}: {e}"));
                problems.unreadable += 1;
                continue;
            }
        };
        let origin = Origin { name: &name, connection: None };
        match read {
            Ok(()) => {
                let text = |e: &tls_policy::HelloError| {
                    matches!(e, tls_policy::HelloError::NotHandshake { offset: 0, .. })
                        && bytes.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
                };
                let hello = ClientHello::parse_with(&bytes, &mut joined)
                    .map_err(|e| if text(&e) { Malformed::Text(e) } else { Malformed::Hello(e) });
                each(&origin, &bytes, &hello)?;
            }
            Err(inputs::ReadError::TooLarge(why)) => each(&origin, &[], &Err(Malformed::TooLarge(why)))?,
            Err(e @ (inputs::ReadError::Io(_) | inputs::ReadError::Hex(_))) => {
                warn(&format!("{name}: {e}"));
                problems.unreadable += 1;
            }
        }
    }
    match problems {
        Problems { unreadable: 0, without_hello: 0 } => Ok(()),
        Problems { unreadable: 0, without_hello } => Err(Failure::NoHello { count: without_hello }),
        Problems { unreadable, .. } => Err(Failure::Unreadable { count: unreadable }),
    }
}

/// One packet capture: a row per connection's ClientHello, its skipped connections said on
/// stderr (the first few by name, all by reason), then a line of what it held.
fn capture(
    path: &Path,
    name: &str,
    limits: Limits,
    joined: &mut Vec<u8>,
    problems: &mut Problems,
    each: &mut impl FnMut(&Origin<'_>, &[u8], &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            warn(&format!("{name}: {e}"));
            problems.unreadable += 1;
            return Ok(());
        }
    };
    let mut reader = match CaptureReader::with_limits(file, limits) {
        Ok(reader) => reader,
        Err(e) => {
            warn(&format!("{name}: {e}"));
            problems.unreadable += 1;
            return Ok(());
        }
    };
    let mut skipped: Vec<(&'static str, usize)> = Vec::new();
    let mut shown = 0;
    let mut failed = None;
    for event in &mut reader {
        match event {
            Ok(Event::Hello(captured)) => {
                let row = format!("{name}#{}", captured.client);
                let origin = Origin { name: &row, connection: Some(&captured) };
                let hello = captured.parse(joined).map_err(Malformed::Hello);
                each(&origin, &captured.bytes, &hello)?;
            }
            Ok(Event::Skipped(skip)) => {
                if shown < SKIPS_SHOWN {
                    warn(&format!("skipped {name}#{} -> {}: {}", skip.client, skip.server, skip.reason));
                    shown += 1;
                }
                let kind = skip.reason.as_str();
                match skipped.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => skipped.push((kind, 1)),
                }
            }
            Ok(_) => {}
            Err(e) => failed = Some(e),
        }
    }
    let stats = reader.stats();
    let mut summary = format!(
        "{name}: {} ClientHello(s) from {} packets ({} TCP, {} other)",
        stats.hellos, stats.packets, stats.tcp, stats.other
    );
    if !skipped.is_empty() {
        let counts: Vec<String> = skipped.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
        summary.push_str(&format!("; skipped {} connection(s): {}", stats.skipped, counts.join(", ")));
    }
    if stats.evicted > 0 {
        summary.push_str(&format!("; {} evicted (more than {} open at once)", stats.evicted, limits.max_flows));
    }
    if stats.unsupported_link > 0 {
        summary.push_str(&format!("; {} frames on interfaces of a link type not read", stats.unsupported_link));
    }
    if stats.no_data > 0 {
        summary.push_str(&format!("; {} connection(s) without client data", stats.no_data));
    }
    if let Some(at) = stats.truncated_at {
        summary.push_str(&format!("; the file ends inside a packet at byte {at} (truncated)"));
    }
    warn(&summary);
    if let Some(e) = failed {
        warn(&format!("{name}: {e}"));
        problems.unreadable += 1;
    } else if stats.hellos == 0 {
        warn(&format!(
            "{name}: no ClientHello in the capture (is the capture of the TLS port, from the connection's start?)"
        ));
        problems.without_hello += 1;
    }
    Ok(())
}

/// What one policy does with one input.
pub(crate) enum Verdict {
    Accept(tls_policy::Agreement),
    Reject(tls_policy::Refusal),
    Malformed(Malformed),
}

impl From<Result<tls_policy::Agreement, tls_policy::Refusal>> for Verdict {
    fn from(result: Result<tls_policy::Agreement, tls_policy::Refusal>) -> Self {
        match result {
            Ok(a) => Self::Accept(a),
            Err(r) => Self::Reject(r),
        }
    }
}

impl Verdict {
    pub(crate) fn of(policy: &Policy, hello: &Result<ClientHello<'_>, Malformed>, keys: KeyTypes) -> Self {
        match hello {
            Ok(hello) => match negotiate(policy, &hello.offer(), keys) {
                Ok(a) => Self::Accept(a),
                Err(r) => Self::Reject(r),
            },
            Err(e) => Self::Malformed(e.clone()),
        }
    }

    pub(crate) fn cell(&self) -> String {
        match self {
            Self::Accept(a) => format!("accept {} {}", a.version, a.suite),
            Self::Reject(r) => format!("reject {} ({})", r.reason.as_str(), r.alert().number()),
            Self::Malformed(e) => format!("{} ({}): {e}", e.reason().as_str(), e.reason().alert().number()),
        }
    }

    /// One row: the origin's fields (file, connection, SNI, fingerprints), then the
    /// verdict's; every row has the same keys, `offset` and `error` set for malformed inputs.
    pub(crate) fn json(&self, origin: &Map<String, Value>, policy: &str) -> Value {
        let mut row = origin.clone();
        if let Value::Object(verdict) = self.verdict(policy) {
            row.extend(verdict);
        }
        Value::Object(row)
    }

    /// The verdict's fields alone (for `diff`'s `before` and `after`).
    pub(crate) fn verdict(&self, policy: &str) -> Value {
        match self {
            Self::Accept(a) => json!({
                "policy": policy, "verdict": "accept",
                "version": a.version.to_string(), "suite": a.suite.to_string(),
                "code": format!("0x{:04X}", u16::from(a.suite)), "group": a.group.map(|g| g.to_string()),
                "reason": null, "alert": null, "offset": null, "error": null,
            }),
            Self::Reject(r) => json!({
                "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": r.reason.as_str(), "alert": r.alert().number(),
                "offset": null, "error": null,
            }),
            Self::Malformed(e) => json!({
                "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": e.reason().as_str(), "alert": e.reason().alert().number(),
                "offset": e.offset(), "error": e.to_string(),
            }),
        }
    }
}
