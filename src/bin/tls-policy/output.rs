//! Standard output one line at a time (a failed write is a [`Failure::Output`], never a
//! panic), warnings on stderr, and the aligned tables every command prints.

use std::fmt;
use std::io::{self, Write as _};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Failure;

/// Whether a progress line is on stderr now, to be erased before any other line.
static PROGRESS_SHOWN: AtomicBool = AtomicBool::new(false);

/// Draws the progress line on stderr in place (only ever called on a terminal).
pub(crate) fn progress(line: &str) {
    let _ = write!(io::stderr().lock(), "\r{line}\x1b[K");
    PROGRESS_SHOWN.store(true, Ordering::Relaxed);
}

/// Erases the progress line, if one is drawn.
pub(crate) fn clear_progress() {
    if PROGRESS_SHOWN.swap(false, Ordering::Relaxed) {
        let _ = write!(io::stderr().lock(), "\r\x1b[K");
    }
}

/// Standard output, one call per line, so a closed or full output is an error here rather
/// than a panic in `println!`.
pub(crate) fn emit(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    clear_progress();
    let mut out = io::stdout().lock();
    out.write_fmt(args)?;
    // Flushed per line: `serve` and long `check` runs are read as they go.
    out.flush()?;
    Ok(())
}

/// A line on stderr. If stderr itself is closed there is nowhere left to say anything.
pub(crate) fn warn(message: &str) {
    clear_progress();
    let _ = writeln!(io::stderr().lock(), "tls-policy: {message}");
}

/// The exit status of a failed run, its line said on stderr (nothing for a closed pipe).
pub(crate) fn exit(failure: Failure) -> ExitCode {
    let Some(status) = failure.status() else { return ExitCode::SUCCESS };
    warn(&failure.to_string());
    ExitCode::from(status)
}

/// Flushes standard output at the end of a run.
pub(crate) fn flush() -> Result<(), Failure> {
    Ok(io::stdout().flush()?)
}

/// Columns padded to their widest cell, a rule of dashes under the headers.
pub(crate) fn print_table(headers: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        say!("{}", padded.join("  ").trim_end())
    };
    line(headers.to_vec())?;
    line(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect())?;
    for row in rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}

/// How a command prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// An aligned table for people.
    Table,
    /// One JSON object per line.
    Json,
    /// Comma-separated values with a header line, the JSON's fields as columns (nested
    /// objects flattened to `outer.inner`), to open in a spreadsheet.
    Csv,
}

impl Format {
    /// `--json` or `--csv` (clap keeps them apart), else a table.
    pub(crate) fn of(json: bool, csv: bool) -> Self {
        match (json, csv) {
            (true, _) => Self::Json,
            (_, true) => Self::Csv,
            _ => Self::Table,
        }
    }

    /// Whether the rows are for a program (JSON or CSV): then nothing else goes to stdout.
    pub(crate) fn machine(self) -> bool {
        self != Self::Table
    }
}

/// CSV rows (RFC 4180), the columns fixed by the first row.
#[derive(Default)]
pub(crate) struct Csv {
    columns: Option<Vec<String>>,
}

impl Csv {
    /// One row from a JSON object; the first also prints the header.
    pub(crate) fn row(&mut self, value: &serde_json::Value) -> Result<(), Failure> {
        let mut cells = Vec::new();
        flatten("", value, &mut cells);
        let columns = match &self.columns {
            Some(columns) => columns,
            None => {
                let names: Vec<String> = cells.iter().map(|(k, _)| k.clone()).collect();
                say!("{}", names.iter().map(|n| cell(n)).collect::<Vec<_>>().join(","))?;
                self.columns.insert(names)
            }
        };
        let line: Vec<String> = columns
            .iter()
            .map(|c| cells.iter().find(|(k, _)| k == c).map(|(_, v)| cell(v)).unwrap_or_default())
            .collect();
        say!("{}", line.join(","))
    }
}

/// `value`'s leaves as `(path, text)`, nested keys joined with `.`; null is empty.
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Array(items) => {
            let parts: Vec<String> =
                items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect();
            out.push((prefix.to_owned(), parts.join(" ")));
        }
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180 §2); text that
/// a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage
/// return, as in a hostile SNI) gets a leading `'`, as OWASP's CSV-injection advice says.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }

    #[test]
    fn nested_objects_flatten_with_dots() {
        let mut out = Vec::new();
        flatten("", &serde_json::json!({"a": 1, "b": {"c": null, "d": "x"}}), &mut out);
        assert_eq!(out, [("a".into(), "1".into()), ("b.c".into(), String::new()), ("b.d".into(), "x".into())]);
    }
}
