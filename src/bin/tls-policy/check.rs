//! `check`: what each policy does with each captured ClientHello; and the reading of
//! captures into verdicts that `diff` shares.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tls_policy::{ClientHello, KeyTypes, Policy, negotiate};

use crate::args::CheckGate;
use crate::error::Failure;
use crate::output::{print_table, warn};
use crate::{inputs, sources};

/// The captures at these paths, or the bundled samples (said so unless printing JSON). No
/// capture at all is an error: a pipeline must not pass on an empty folder.
pub(crate) fn inputs(paths: &[PathBuf], json: bool, keys: KeyTypes) -> Result<Vec<inputs::Source>, Failure> {
    if paths.is_empty() {
        if !json {
            say!("Sample devices (bundled captures), server keys: {keys}.")?;
            say!("Use your own: give capture files (.bin, .hex) or folders.\n")?;
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
    json: bool,
    fail_on: Option<CheckGate>,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let specs: Vec<&str> = if specs.is_empty() {
        vec!["dps-tls12", "dps-legacy-security"]
    } else {
        specs.iter().map(String::as_str).collect()
    };
    let mut ids = Vec::new();
    let mut policies = Vec::new();
    for spec in specs {
        for (label, policy) in sources::resolve(spec, arm_parameters)? {
            ids.push(label);
            policies.push(policy);
        }
    }
    let mut rows = Vec::new();
    let mut refused = 0;
    let read = each_hello(&inputs(paths, json, keys)?, |name, _, hello| {
        let mut row = vec![name.to_owned()];
        let mut any = false;
        for (policy, label) in policies.iter().zip(&ids) {
            let verdict = Verdict::of(policy, hello, keys);
            any |= !matches!(verdict, Verdict::Accept(_));
            if json {
                say!("{}", verdict.json(name, label))?;
            }
            row.push(verdict.cell());
        }
        refused += usize::from(any);
        rows.push(row);
        Ok(())
    });
    // A failed write ends the run at once; unreadable inputs still get the table.
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    if !json {
        let mut headers = vec!["capture"];
        headers.extend(ids.iter().map(String::as_str));
        print_table(&headers, &rows)?;
    }
    read?;
    match fail_on {
        Some(CheckGate::Reject) if refused > 0 => Err(Failure::Refused { refused, devices: rows.len() }),
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

/// Reads the inputs one at a time into one buffer, parses each and hands it on (with the
/// bytes as read). An
/// unreadable one is reported on stderr and makes the result an error once all the others
/// have run; one larger than any ClientHello is a malformed row.
pub(crate) fn each_hello(
    inputs: &[inputs::Source],
    mut each: impl FnMut(&str, &[u8], &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut unreadable = 0;
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
            inputs::Source::File(path) => inputs::read(path, &mut bytes),
            inputs::Source::Unlisted(_, e) => {
                warn(&format!("{name}: {e}"));
                unreadable += 1;
                continue;
            }
        };
        match read {
            Ok(()) => {
                let text = |e: &tls_policy::HelloError| {
                    matches!(e, tls_policy::HelloError::NotHandshake { offset: 0, .. })
                        && bytes.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
                };
                let hello = ClientHello::parse_with(&bytes, &mut joined)
                    .map_err(|e| if text(&e) { Malformed::Text(e) } else { Malformed::Hello(e) });
                each(&name, &bytes, &hello)?;
            }
            Err(inputs::ReadError::TooLarge(why)) => each(&name, &[], &Err(Malformed::TooLarge(why)))?,
            Err(e @ (inputs::ReadError::Io(_) | inputs::ReadError::Hex(_))) => {
                warn(&format!("{name}: {e}"));
                unreadable += 1;
            }
        }
    }
    if unreadable > 0 { Err(Failure::Unreadable { count: unreadable }) } else { Ok(()) }
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
    fn of(policy: &Policy, hello: &Result<ClientHello<'_>, Malformed>, keys: KeyTypes) -> Self {
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

    /// One row; every row has the same keys, `offset` and `error` set for malformed inputs.
    pub(crate) fn json(&self, file: &str, policy: &str) -> Value {
        match self {
            Self::Accept(a) => json!({
                "file": file, "policy": policy, "verdict": "accept",
                "version": a.version.to_string(), "suite": a.suite.to_string(),
                "code": format!("0x{:04X}", u16::from(a.suite)), "group": a.group.map(|g| g.to_string()),
                "reason": null, "alert": null, "offset": null, "error": null,
            }),
            Self::Reject(r) => json!({
                "file": file, "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": r.reason.as_str(), "alert": r.alert().number(),
                "offset": null, "error": null,
            }),
            Self::Malformed(e) => json!({
                "file": file, "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": e.reason().as_str(), "alert": e.reason().alert().number(),
                "offset": e.offset(), "error": e.to_string(),
            }),
        }
    }
}
