//! Standard output one line at a time (a failed write is a [`Failure::Output`], never a
//! panic), warnings on stderr, and the aligned tables every command prints.

use std::fmt;
use std::io::{self, Write as _};
use std::process::ExitCode;

use crate::error::Failure;

/// Standard output, one call per line, so a closed or full output is an error here rather
/// than a panic in `println!`.
pub(crate) fn emit(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_fmt(args)?;
    // Flushed per line: `serve` and long `check` runs are read as they go.
    out.flush()?;
    Ok(())
}

/// A line on stderr. If stderr itself is closed there is nowhere left to say anything.
pub(crate) fn warn(message: &str) {
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
