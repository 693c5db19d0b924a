//! `check`: what each policy does with each captured ClientHello; and the reading of
//! captures into verdicts that `diff` shares.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use tls_policy::capture::{CaptureReader, CapturedHello, Event, Fingerprints, Limits, Timestamp};
use tls_policy::{ClientHello, KeyTypes, Policy, negotiate};

use crate::args::CheckGate;
use crate::error::Failure;
use crate::output::{Csv, Format, print_table, warn};
use crate::progress::Progress;
use crate::{inputs, sources};

/// The captures at these paths, or the bundled samples (said so unless printing JSON). No
/// capture at all is an error: a pipeline must not pass on an empty folder.
pub(crate) fn inputs(
    paths: &[PathBuf],
    machine: bool,
    keys: KeyTypes,
    notes: &mut Notes,
) -> Result<Vec<inputs::Source>, Failure> {
    if paths.is_empty() {
        if !machine {
            say!("Sample devices (bundled captures), server keys: {keys}.")?;
            say!("Use your own: give packet captures (.pcap, .pcapng), ClientHello files (.bin, .hex) or folders.\n")?;
        }
        return Ok(inputs::samples());
    }
    let found = inputs::find(paths, &mut |path, why| notes.skipped_file(path, why));
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
    mut reading: Reading,
    fail_on: Option<CheckGate>,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let (ids, policies) = sources::resolve_all(specs, &["dps-tls12", "dps-legacy-security"], arm_parameters)?;
    let mut rows = Vec::new();
    let mut refused = 0;
    let mut devices = 0;
    let mut csv = Csv::default();
    let inputs = inputs(paths, format.machine(), keys, &mut reading.notes)?;
    let read = each_hello(&inputs, &mut reading, |origin, _, hello| {
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

/// How many inputs not read, capture summaries and skipped connections [`Notes`] keeps by
/// name (all are counted; stderr names every input and the first [`SKIPS_SHOWN`] skipped
/// connections of each capture as they come).
pub(crate) const NOTES_KEPT: usize = 100;

/// What a run read and what it could not: said on stderr as it comes, and kept (bounded) for
/// the HTML report, so nothing is lost silently.
#[derive(Default)]
pub(crate) struct Notes {
    /// Inputs not read, with why (files skipped in folders, unreadable files, captures that
    /// fail): the first [`NOTES_KEPT`].
    pub(crate) inputs: Vec<(String, String)>,
    /// How many inputs were not read.
    pub(crate) inputs_total: usize,
    /// Each packet capture's summary line: the first [`NOTES_KEPT`].
    pub(crate) captures: Vec<String>,
    /// How many packet captures were read.
    pub(crate) captures_total: usize,
    /// Connections skipped (with client data but no ClientHello), by reason, in all captures.
    pub(crate) skipped: std::collections::BTreeMap<&'static str, usize>,
    /// The first [`NOTES_KEPT`] skipped connections: `FILE#client -> server: why`.
    pub(crate) skipped_shown: Vec<String>,
    /// Connections evicted (more open at once than `--max-flows`), in all captures.
    pub(crate) evicted: u64,
    /// Connections without client data (a SYN flood, a scan), in all captures.
    pub(crate) no_data: u64,
    /// Frames on interfaces of a link type the reader does not decode, in all captures.
    pub(crate) unsupported_link: u64,
    /// The earliest and the latest time of a ClientHello in a capture.
    pub(crate) span: Option<(Timestamp, Timestamp)>,
}

impl Notes {
    /// An input not read: said on stderr and kept.
    pub(crate) fn input(&mut self, name: &str, why: &str) {
        warn(&format!("{name}: {why}"));
        self.keep(name, why);
    }

    /// A file or folder skipped while walking a folder: said on stderr and kept.
    fn skipped_file(&mut self, path: &Path, why: &str) {
        let name = path.display().to_string();
        warn(&format!("skipped {name}: {why}"));
        self.keep(&name, why);
    }

    fn keep(&mut self, name: &str, why: &str) {
        self.inputs_total += 1;
        if self.inputs.len() < NOTES_KEPT {
            self.inputs.push((name.to_owned(), why.to_owned()));
        }
    }

    /// How many connections were skipped in all.
    pub(crate) fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    fn time(&mut self, time: Option<Timestamp>) {
        if let Some(t) = time {
            self.span = Some(self.span.map_or((t, t), |(first, last)| (first.min(t), last.max(t))));
        }
    }
}

/// How a run reads its inputs: the capture reader's limits, whether to show progress (on a
/// terminal only), and the notes of what was not read.
pub(crate) struct Reading {
    pub(crate) limits: Limits,
    progress: Option<Progress>,
    pub(crate) notes: Notes,
}

impl Reading {
    /// Progress on stderr unless `quiet` or stderr is not a terminal.
    pub(crate) fn new(limits: Limits, quiet: bool) -> Self {
        let progress = (!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(Progress::start);
        Self { limits, progress, notes: Notes::default() }
    }

    /// Without progress (`replay`, whose answers are its progress).
    pub(crate) fn silent(limits: Limits) -> Self {
        Self { limits, progress: None, notes: Notes::default() }
    }

    fn tick(&mut self, bytes: u64, connections: u64) {
        if let Some(progress) = &mut self.progress {
            progress.tick(bytes, connections);
        }
    }
}

/// What became of the inputs that gave no row.
#[derive(Default)]
struct Problems {
    unreadable: usize,
    without_hello: usize,
}

/// Reads the inputs one at a time into one buffer, parses each and hands it on (with the
/// bytes as read). A packet capture gives one hello per TCP connection, streamed; what it
/// skips is said on stderr and noted. An unreadable input, or a capture with no
/// ClientHello, is reported on stderr and makes the result an error once all the others
/// have run; one larger than any ClientHello is a malformed row.
pub(crate) fn each_hello(
    inputs: &[inputs::Source],
    reading: &mut Reading,
    mut each: impl FnMut(&Origin<'_>, &[u8], &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut problems = Problems::default();
    let mut bytes = Vec::new();
    let mut joined = Vec::new();
    if let Some(progress) = &mut reading.progress {
        progress.total = inputs.iter().map(inputs::Source::size).sum();
    }
    let (mut done, mut connections) = (0u64, 0u64);
    for input in inputs {
        let name = input.name();
        let read = match input {
            inputs::Source::Sample(_, sample) => {
                bytes.clear();
                bytes.extend_from_slice(sample);
                Ok(())
            }
            inputs::Source::File(path) if inputs::is_capture(path) => {
                let at = (done, connections);
                connections += capture(path, &name, at, reading, &mut joined, &mut problems, &mut each)?;
                done = done.saturating_add(input.size());
                continue;
            }
            inputs::Source::File(path) => inputs::read(path, &mut bytes),
            inputs::Source::Unlisted(_, e) => {
                reading.notes.input(&name, &e.to_string());
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
                connections += 1;
            }
            Err(inputs::ReadError::TooLarge(why)) => {
                each(&origin, &[], &Err(Malformed::TooLarge(why)))?;
                connections += 1;
            }
            Err(e @ (inputs::ReadError::Io(_) | inputs::ReadError::Hex(_))) => {
                reading.notes.input(&name, &e.to_string());
                problems.unreadable += 1;
            }
        }
        done = done.saturating_add(input.size());
        reading.tick(done, connections);
    }
    if let Some(progress) = &mut reading.progress {
        progress.finish();
    }
    match problems {
        Problems { unreadable: 0, without_hello: 0 } => Ok(()),
        Problems { unreadable: 0, without_hello } => Err(Failure::NoHello { count: without_hello }),
        Problems { unreadable, .. } => Err(Failure::Unreadable { count: unreadable }),
    }
}

/// One packet capture: a row per connection's ClientHello, its skipped connections said on
/// stderr (the first few by name, all by reason) and noted, then a line of what it held.
/// `at` is the bytes and connections read before it, for the progress; returns the
/// connections it gave.
fn capture(
    path: &Path,
    name: &str,
    at: (u64, u64),
    reading: &mut Reading,
    joined: &mut Vec<u8>,
    problems: &mut Problems,
    each: &mut impl FnMut(&Origin<'_>, &[u8], &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<u64, Failure> {
    let limits = reading.limits;
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            reading.notes.input(name, &e.to_string());
            problems.unreadable += 1;
            return Ok(0);
        }
    };
    let mut reader = match CaptureReader::with_limits(file, limits) {
        Ok(reader) => reader,
        Err(e) => {
            reading.notes.input(name, &e.to_string());
            problems.unreadable += 1;
            return Ok(0);
        }
    };
    let mut skipped: Vec<(&'static str, usize)> = Vec::new();
    let mut shown = 0;
    let mut failed = None;
    let mut given = 0u64;
    while let Some(event) = reader.next() {
        match event {
            Ok(Event::Hello(captured)) => {
                let row = format!("{name}#{}", captured.client);
                let origin = Origin { name: &row, connection: Some(&captured) };
                let hello = captured.parse(joined).map_err(Malformed::Hello);
                each(&origin, &captured.bytes, &hello)?;
                reading.notes.time(captured.time);
                given += 1;
            }
            Ok(Event::Skipped(skip)) => {
                let notes = &mut reading.notes;
                // Named while stderr or the notes want names: a flood of them costs no text.
                if shown < SKIPS_SHOWN || notes.skipped_shown.len() < NOTES_KEPT {
                    let line = format!("{name}#{} -> {}: {}", skip.client, skip.server, skip.reason);
                    if shown < SKIPS_SHOWN {
                        warn(&format!("skipped {line}"));
                        shown += 1;
                    }
                    if notes.skipped_shown.len() < NOTES_KEPT {
                        notes.skipped_shown.push(line);
                    }
                }
                let kind = skip.reason.as_str();
                *notes.skipped.entry(kind).or_insert(0) += 1;
                match skipped.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => skipped.push((kind, 1)),
                }
            }
            Ok(_) => {}
            Err(e) => failed = Some(e),
        }
        reading.tick(at.0.saturating_add(reader.stats().bytes), at.1 + given);
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
    let notes = &mut reading.notes;
    notes.captures_total += 1;
    if notes.captures.len() < NOTES_KEPT {
        notes.captures.push(summary);
    }
    notes.evicted += stats.evicted;
    notes.no_data += stats.no_data;
    notes.unsupported_link += stats.unsupported_link;
    if let Some(e) = failed {
        notes.input(name, &e.to_string());
        problems.unreadable += 1;
    } else if stats.hellos == 0 {
        notes.input(
            name,
            "no ClientHello in the capture (is the capture of the TLS port, from the connection's start?)",
        );
        problems.without_hello += 1;
    }
    Ok(given)
}

/// What one policy does with one input.
#[derive(Clone)]
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

    /// The engine's decision; `None` for a hello that cannot be read.
    pub(crate) fn result(&self) -> Option<Result<tls_policy::Agreement, tls_policy::Refusal>> {
        match self {
            Self::Accept(a) => Some(Ok(*a)),
            Self::Reject(r) => Some(Err(*r)),
            Self::Malformed(_) => None,
        }
    }

    /// Whether the policy accepts.
    pub(crate) fn accepted(&self) -> bool {
        matches!(self, Self::Accept(_))
    }

    /// The verdict without details, for counting: `accept TLSv1.2 SUITE` or `reject REASON
    /// (ALERT)`, a malformed hello's error left out.
    pub(crate) fn category(&self) -> String {
        match self {
            Self::Accept(_) | Self::Reject(_) => self.cell(),
            Self::Malformed(e) => format!("reject {} ({})", e.reason().as_str(), e.reason().alert().number()),
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
