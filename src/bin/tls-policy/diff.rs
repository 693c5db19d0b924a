//! `diff`: which devices a policy change affects.

use std::path::PathBuf;

use serde_json::{Value, json};
use tls_policy::{Change, KeyTypes, Policy, Transition};

use crate::args::DiffGate;
use crate::check::{Reading, Verdict, each_hello, inputs};
use crate::error::Failure;
use crate::fleet::Output;
use crate::output::{Csv, Format, print_table};
use crate::report;
use crate::tally::Tally;

/// `diff`: one row per device whose verdict changes, then a summary line; with
/// `--fail-on lose-access`, a failure when any device loses access; with `--html`, the
/// report of the two policies (as `fleet --html` makes it).
pub(crate) fn run(
    from: &Policy,
    to: &Policy,
    keys: KeyTypes,
    output: &Output<'_>,
    reading: Reading,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let lose = compare(from, to, keys, output, reading, paths)?;
    match output.fail_on {
        Some(DiffGate::LoseAccess) if lose > 0 => Err(Failure::LoseAccess { lose }),
        _ => Ok(()),
    }
}

/// The rows and the summary; returns how many devices lose access.
fn compare(
    from: &Policy,
    to: &Policy,
    keys: KeyTypes,
    output: &Output<'_>,
    mut reading: Reading,
    paths: &[PathBuf],
) -> Result<usize, Failure> {
    let format = output.format;
    let (mut devices, mut lose, mut gain, mut change, mut reasons) = (0, 0, 0, 0, 0);
    let mut rows = Vec::new();
    let mut csv = Csv::default();
    let labels = [from.id().to_owned(), to.id().to_owned()];
    let policies = [from.clone(), to.clone()];
    let run =
        output.html.map(|path| report::writable(path).and_then(|()| report::Run::new("diff", paths))).transpose()?;
    let mut tally = output.html.map(|_| Tally::new(&labels, &policies, keys, true));
    let inputs = inputs(paths, format.machine(), keys, &mut reading.notes)?;
    // With --html, a closed standard output (`| head`) stops the rows, not the report.
    let mut closed: Option<std::io::Error> = None;
    let read = each_hello(&inputs, &mut reading, |origin, _, hello| {
        if let Some(tally) = &mut tally {
            tally.add(origin, hello);
        }
        let name = origin.name;
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
        if closed.is_some() {
            // Standard output is gone; the report still gets every device.
        } else if format.machine() {
            let fields = origin.fields(hello);
            let (b, a) = (before.verdict(from.id()), after.verdict(to.id()));
            let mut row = fields;
            row.insert("change".into(), json!(kind));
            row.insert("before".into(), b);
            row.insert("after".into(), a);
            let row = Value::Object(row);
            let printed = if format == Format::Json { say!("{row}") } else { csv.row(&row) };
            match printed {
                Err(Failure::Output(e)) if tally.is_some() => closed = Some(e),
                other => other?,
            }
        } else if kind != Change::Unchanged.as_str() && kind != Change::StillRefused.as_str() {
            rows.push(vec![name.to_owned(), kind.to_owned(), before.cell(), after.cell()]);
        }
        Ok(())
    });
    // A failed write ends the run at once; unreadable inputs still get the summary.
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    if let (Some(tally), Some(path), Some(run)) = (tally, output.html, &run) {
        report::write(path, &tally.finish(reading.notes), run)?;
    }
    if let Some(e) = closed {
        return Err(Failure::Output(e));
    }
    let summary = format!(
        "{devices} devices, {lose} lose access, {change} change suite, {gain} gain access, {reasons} refused for another reason"
    );
    if format == Format::Json {
        say!(
            "{}",
            json!({"summary": summary, "devices": devices, "lose_access": lose, "change_suite": change, "gain_access": gain, "changes_refusal": reasons})
        )?;
    } else if format == Format::Csv {
        // The summary goes to stderr, so the CSV stays one table.
        crate::output::warn(&summary);
    } else {
        say!("{} -> {} (server keys: {keys})", from.id(), to.id())?;
        if rows.is_empty() {
            say!("no device's verdict changes")?;
        } else {
            print_table(&["capture", "change", from.id(), to.id()], &rows)?;
        }
        say!("{summary}")?;
    }
    read.map(|()| lose)
}
