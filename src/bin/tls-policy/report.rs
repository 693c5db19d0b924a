//! The fleet readiness report (`fleet --html`, `diff --html`): one self-contained HTML page
//! for the people who decide whether to set `minTlsVersion`. At the top the question and the
//! answer; then a chart of each policy's verdicts, a chart of the fingerprint groups that
//! lose access, each group with its verdicts and why a policy refuses it, the devices whose
//! verdict changes, and what was not read.
//!
//! The page loads nothing (no script, font, image or style sheet from anywhere; its
//! Content-Security-Policy forbids them), prints on A4 or Letter and reads on a phone. Every
//! string from the input (an SNI, a file name, an error quoting bytes) is clipped, has its
//! control and bidirectional characters written as escapes, and is HTML-escaped; lists are
//! bounded, saying how many more there are. The same inputs give the same bytes: nothing
//! depends on the clock but the report's date, a day, which `SOURCE_DATE_EPOCH` sets
//! (reproducible-builds.org).
//!
//! The numbers are also in `data-` attributes for programs (and the tests, which check them
//! against `--json` of the same run): `data-total="connections"` (and `clients`, `groups`,
//! each change such as `loses_access`), `data-accepted`/`data-refused` per `data-policy`, each
//! chart bar's `data-verdict` and `data-count`, each group's `data-ja4`, `data-connections`,
//! `data-clients` and `data-lose`, and `data-not-read="inputs"` (and `connections`, `evicted`,
//! `without_client_data`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tls_policy::Change;

use crate::error::Failure;
use crate::tally::{CHANGED_KEPT, Fleet, Group};

/// How many fingerprint groups the page shows in full (the rest are counted).
pub(crate) const GROUPS_SHOWN: usize = 100;

/// How many bars the chart of groups that lose access has.
const LOSE_BARS: usize = 15;

/// How many verdicts a policy's chart shows (the rest are one bar).
const VERDICT_BARS: usize = 10;

/// How many inputs the page names.
const INPUTS_SHOWN: usize = 20;

/// The most characters of one input string the page shows.
const TEXT_CHARS: usize = 160;

/// The most characters of a JA4_r the page shows (a hello of many suites makes it long).
const LONG_TEXT_CHARS: usize = 1000;

/// What the report says of the run itself.
pub(crate) struct Run {
    command: &'static str,
    inputs: Vec<String>,
    date: String,
}

impl Run {
    /// `command` over `paths` (none: the bundled samples), dated today in UTC or by
    /// `SOURCE_DATE_EPOCH`.
    pub(crate) fn new(command: &'static str, paths: &[PathBuf]) -> Result<Self, Failure> {
        let secs = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) => value.trim().parse::<u64>().map_err(|_| Failure::SourceDateEpoch { value })?,
            Err(_) => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        };
        let stamp = tls_policy::capture::Timestamp::new(secs, 0).to_string();
        let date = stamp.split('T').next().unwrap_or_default().to_owned();
        let inputs = if paths.is_empty() {
            vec!["the sample devices bundled with the tool".to_owned()]
        } else {
            paths.iter().map(|p| p.display().to_string()).collect()
        };
        Ok(Self { command, inputs, date })
    }
}

/// The file the page is written to before it is renamed to `path`.
fn partial(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// Fails at once, before a long read, when the page could not be written at `path`: a folder,
/// or in a folder that is missing or read-only.
pub(crate) fn writable(path: &Path) -> Result<(), Failure> {
    let failed = |source| Failure::Report { path: path.to_owned(), source };
    if path.is_dir() {
        return Err(failed(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder")));
    }
    let partial = partial(path);
    std::fs::write(&partial, b"").map_err(failed)?;
    let _ = std::fs::remove_file(&partial);
    Ok(())
}

/// Writes the page to `path` whole or not at all (a file beside it, then renamed), and says
/// so on stderr.
pub(crate) fn write(path: &Path, fleet: &Fleet, run: &Run) -> Result<(), Failure> {
    let page = page(fleet, run);
    let failed = |source| Failure::Report { path: path.to_owned(), source };
    let partial = partial(path);
    std::fs::write(&partial, &page).map_err(failed)?;
    if let Err(e) = std::fs::rename(&partial, path) {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(e));
    }
    crate::output::warn(&format!("wrote the report {} ({} bytes)", path.display(), page.len()));
    Ok(())
}

/// The answer in one line, as the page's top says it:
/// `12 connections from 7 devices (5 distinct fingerprints) checked against A → B: 3 lose
/// access, 1 change suite`.
pub(crate) fn headline(fleet: &Fleet) -> String {
    let mut line = format!(
        "{} connections from {} devices ({} distinct fingerprints) checked against ",
        fleet.connections, fleet.clients, fleet.fingerprints
    );
    match fleet.labels.as_slice() {
        [from, to, ..] => line.push_str(&format!(
            "{from} \u{2192} {to}: {} lose access, {} change suite",
            fleet.count(Change::LosesAccess),
            fleet.count(Change::ChangesSuite)
        )),
        [one] => {
            let accepted = fleet.accepted(0);
            line.push_str(&format!("{one}: {accepted} accepted, {} refused", fleet.connections - accepted));
        }
        [] => line.push_str("no policy"),
    }
    line
}

/// The whole page.
pub(crate) fn page(fleet: &Fleet, run: &Run) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = match fleet.labels.as_slice() {
        [from, to, ..] => format!("TLS readiness: {from} \u{2192} {to}"),
        labels => format!("TLS readiness: {}", labels.join(", ")),
    };
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    let _ = writeln!(out, "<title>{}</title>", text(&title));
    out.push_str(STYLE);
    out.push_str("</head>\n<body>\n<main>\n");
    header(&mut out, fleet, run, &title);
    totals(&mut out, fleet);
    charts(&mut out, fleet);
    groups(&mut out, fleet);
    changed(&mut out, fleet);
    not_read(&mut out, fleet);
    let _ = writeln!(
        out,
        "<footer>Made by tls-policy {} (<code>{}</code>). Counts are connections; a device is a client address (for a \
         file of one ClientHello, the file). A verdict is what a server with the policy and {} keys does with the \
         device's ClientHello.</footer>",
        env!("CARGO_PKG_VERSION"),
        run.command,
        fleet.keys
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, fleet: &Fleet, run: &Run, title: &str) {
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", text(title));
    if let [from, to, ..] = fleet.labels.as_slice() {
        let _ = writeln!(
            out,
            "<p class=\"question\">Which devices lose access when the server's policy changes from {} to {}?</p>",
            text(from),
            text(to)
        );
    }
    let lose = fleet.count(Change::LosesAccess);
    let class = if lose > 0 { "answer bad" } else { "answer good" };
    let _ = writeln!(out, "<p class=\"{class}\" id=\"summary\">{}</p>", text(&headline(fleet)));
    out.push_str("<dl class=\"facts\">\n");
    let _ = writeln!(out, "<dt>Report date</dt><dd>{}</dd>", run.date);
    if let Some((first, last)) = fleet.notes.span {
        let _ = writeln!(out, "<dt>Recorded</dt><dd>{first} to {last}</dd>");
    }
    let _ = writeln!(out, "<dt>Policies</dt><dd>{}</dd>", list(fleet.labels.iter().map(|l| text(l))));
    let _ = writeln!(out, "<dt>Server keys</dt><dd>{}</dd>", fleet.keys);
    let mut inputs: Vec<String> =
        run.inputs.iter().take(INPUTS_SHOWN).map(|i| format!("<code>{}</code>", text(i))).collect();
    if run.inputs.len() > INPUTS_SHOWN {
        inputs.push(format!("and {} more", run.inputs.len() - INPUTS_SHOWN));
    }
    let _ = writeln!(out, "<dt>Inputs</dt><dd>{}</dd>", inputs.join(", "));
    let _ = writeln!(out, "<dt>Made by</dt><dd>tls-policy {} ({})</dd>", env!("CARGO_PKG_VERSION"), run.command);
    out.push_str("</dl>\n</header>\n");
}

fn totals(out: &mut String, fleet: &Fleet) {
    out.push_str("<section id=\"totals\">\n<h2>Totals</h2>\n<table class=\"totals\">\n<tbody>\n");
    let mut row = |name: &str, key: &str, value: usize| {
        let _ = writeln!(out, "<tr><th scope=\"row\">{name}</th><td data-total=\"{key}\">{value}</td></tr>");
    };
    row("Connections", "connections", fleet.connections);
    row("Devices (distinct clients)", "clients", fleet.clients);
    row("Distinct fingerprints (JA4)", "groups", fleet.fingerprints);
    for (i, label) in fleet.labels.iter().enumerate() {
        let accepted = fleet.accepted(i);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td><span data-policy=\"{}\" data-accepted=\"{accepted}\">{accepted} accepted</span>, \
             <span data-refused=\"{}\">{} refused</span></td></tr>",
            text(label),
            text(label),
            fleet.connections - accepted,
            fleet.connections - accepted
        );
    }
    if fleet.labels.len() >= 2 {
        let mut row = |name: &str, change: Change| {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{name}</th><td data-total=\"{}\">{}</td></tr>",
                change.as_str(),
                fleet.count(change)
            );
        };
        row("Lose access", Change::LosesAccess);
        row("Change suite (or version, or group)", Change::ChangesSuite);
        row("Gain access", Change::GainsAccess);
        row("Refused for another reason", Change::ChangesRefusal);
        row("Refused by both, alike", Change::StillRefused);
        row("Unchanged", Change::Unchanged);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">Fingerprints that lose access</th><td data-total=\"lose_access_groups\">{}</td></tr>",
            fleet.lose_access_groups()
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One bar of a chart.
struct Bar {
    label: String,
    count: usize,
    /// `accept`, `reject` or `other`: the colour.
    kind: &'static str,
    /// The bar's data attributes, already escaped (` data-x="y"`).
    data: String,
}

fn charts(out: &mut String, fleet: &Fleet) {
    out.push_str("<section id=\"verdicts\">\n<h2>Verdicts per policy</h2>\n");
    for (i, label) in fleet.labels.iter().enumerate() {
        let verdicts = fleet.verdicts.get(i).map_or(&[][..], Vec::as_slice);
        let mut bars: Vec<Bar> = verdicts
            .iter()
            .take(VERDICT_BARS)
            .map(|(category, count)| Bar {
                label: category.clone(),
                count: count.connections,
                kind: if count.accepted { "accept" } else { "reject" },
                data: format!(
                    " data-policy=\"{}\" data-verdict=\"{}\" data-count=\"{}\"",
                    text(label),
                    text(category),
                    count.connections
                ),
            })
            .collect();
        let rest = verdicts.get(VERDICT_BARS..).unwrap_or_default();
        if !rest.is_empty() {
            let count = rest.iter().map(|(_, n)| n.connections).sum();
            bars.push(Bar {
                label: format!("{} other verdicts", rest.len()),
                count,
                kind: "other",
                data: format!(" data-policy=\"{}\" data-verdict=\"(other)\" data-count=\"{count}\"", text(label)),
            });
        }
        let _ = writeln!(
            out,
            "<figure>\n<figcaption>{}: accepted by version and suite, refused by reason and alert</figcaption>",
            text(label)
        );
        chart(out, &bars, fleet.connections, &format!("Verdicts under {label}"));
        out.push_str("</figure>\n");
    }
    out.push_str("</section>\n");
    if fleet.labels.len() < 2 {
        return;
    }
    let mut losing: Vec<&Group> = fleet.groups.iter().filter(|g| g.lose_access() > 0).collect();
    losing.sort_by(|a, b| b.lose_access().cmp(&a.lose_access()).then_with(|| a.ja4.cmp(&b.ja4)));
    out.push_str("<section id=\"lose\">\n<h2>Fingerprints that lose access</h2>\n");
    if losing.is_empty() {
        out.push_str("<p class=\"good\">No fingerprint loses access.</p>\n</section>\n");
        return;
    }
    let mut bars: Vec<Bar> = losing
        .iter()
        .take(LOSE_BARS)
        .map(|g| Bar {
            label: match &g.sample_sni {
                Some(sni) => format!("{} ({})", g.ja4, clip(sni, 24)),
                None => g.ja4.clone(),
            },
            count: g.lose_access(),
            kind: "reject",
            data: format!(" data-lose-ja4=\"{}\" data-count=\"{}\"", text(&g.ja4), g.lose_access()),
        })
        .collect();
    if losing.len() > LOSE_BARS {
        let rest = losing.get(LOSE_BARS..).unwrap_or_default();
        bars.push(Bar {
            label: format!("{} more fingerprints", rest.len()),
            count: rest.iter().map(|g| g.lose_access()).sum(),
            kind: "other",
            data: String::new(),
        });
    }
    let _ =
        writeln!(out, "<figure>\n<figcaption>Connections that lose access, by fingerprint, largest first</figcaption>");
    chart(out, &bars, fleet.count(Change::LosesAccess), "Fingerprints that lose access");
    out.push_str("</figure>\n</section>\n");
}

/// A horizontal bar chart: each bar's label above it, its count and share after it.
fn chart(out: &mut String, bars: &[Bar], total: usize, title: &str) {
    const WIDTH: usize = 640;
    const BAR: usize = 500;
    const ROW: usize = 46;
    let height = ROW * bars.len().max(1) + 4;
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let _ = writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        text(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW;
        let length = (bar.count * BAR).div_ceil(max).max(1);
        let share = (bar.count * 100).checked_div(total).unwrap_or(0);
        let _ = writeln!(
            out,
            "<g class=\"{}\"{}><title>{}: {}</title><text x=\"0\" y=\"{}\">{}</text>\
             <rect x=\"0\" y=\"{}\" width=\"{length}\" height=\"16\" rx=\"2\"></rect>\
             <text class=\"n\" x=\"{}\" y=\"{}\">{} ({share}%)</text></g>",
            bar.kind,
            bar.data,
            text(&bar.label),
            bar.count,
            y + 16,
            text(&bar.label),
            y + 21,
            length + 6,
            y + 35,
            bar.count
        );
    }
    out.push_str("</svg>\n");
}

fn groups(out: &mut String, fleet: &Fleet) {
    let _ = writeln!(out, "<section id=\"groups\">\n<h2>Fingerprint groups ({})</h2>", fleet.groups.len());
    if fleet.groups.len() > GROUPS_SHOWN {
        let _ = writeln!(
            out,
            "<p>The {GROUPS_SHOWN} largest of {} groups; <code>fleet --json</code> lists them all.</p>",
            fleet.groups.len()
        );
    }
    for (n, g) in fleet.groups.iter().take(GROUPS_SHOWN).enumerate() {
        let lose = g.lose_access();
        let class = if lose > 0 { "group lose" } else { "group" };
        let _ = writeln!(
            out,
            "<article class=\"{class}\" data-ja4=\"{}\" data-connections=\"{}\" data-clients=\"{}\" data-lose=\"{lose}\">",
            text(&g.ja4),
            g.connections,
            g.clients()
        );
        let _ = writeln!(out, "<h3><span class=\"rank\">{}.</span> <code>{}</code></h3>", n + 1, text(&g.ja4));
        out.push_str("<dl class=\"facts\">\n");
        let _ = writeln!(out, "<dt>Connections</dt><dd>{}</dd><dt>Devices</dt><dd>{}</dd>", g.connections, g.clients());
        let sni = g.sample_sni.as_deref().map_or_else(|| "none".to_owned(), |s| format!("<code>{}</code>", text(s)));
        let _ = writeln!(out, "<dt>Sample SNI</dt><dd>{sni}</dd>");
        let clients = list(g.sample_clients.iter().map(|c| format!("<code>{}</code>", text(c))));
        let more = g.clients().saturating_sub(g.sample_clients.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let _ = writeln!(out, "<dt>Sample devices</dt><dd>{clients}{more}</dd>");
        if let Some(ja4_r) = &g.ja4_r {
            let _ = writeln!(out, "<dt>JA4_r</dt><dd><code>{}</code></dd>", text_up_to(ja4_r, LONG_TEXT_CHARS));
        }
        if let (Some((change, count)), true) = (g.change(), fleet.labels.len() >= 2) {
            let of = if count < g.connections { format!(" ({count} of {})", g.connections) } else { String::new() };
            let _ = writeln!(out, "<dt>Change</dt><dd class=\"{change}\">{}{of}</dd>", change.replace('_', " "));
        }
        out.push_str("</dl>\n<table class=\"verdicts\">\n<thead><tr><th>Policy</th><th>Verdict</th><th>Why</th></tr></thead>\n<tbody>\n");
        for (i, label) in fleet.labels.iter().enumerate() {
            let Some((name, cell, other)) = g.verdict(i) else { continue };
            let kind = if cell.accepted { "accept" } else { "reject" };
            let other = if other > 0 { format!(" <small>(+{other} other)</small>") } else { String::new() };
            let why = if cell.why.is_empty() {
                String::new()
            } else {
                format!("<ul>{}</ul>", cell.why.iter().map(|w| format!("<li>{}</li>", text(w))).collect::<String>())
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"{kind}\">{}{other}</td><td>{why}</td></tr>",
                text(label),
                text(name)
            );
        }
        out.push_str("</tbody>\n</table>\n</article>\n");
    }
    if let Some(rest) = fleet.groups.get(GROUPS_SHOWN..).filter(|r| !r.is_empty()) {
        let connections: usize = rest.iter().map(|g| g.connections).sum();
        let lose: usize = rest.iter().map(|g| g.lose_access()).sum();
        let _ = writeln!(
            out,
            "<p class=\"more\" data-more-groups=\"{}\">{} more groups ({connections} connections, {lose} of them lose access) \
             are not shown.</p>",
            rest.len(),
            rest.len()
        );
    }
    out.push_str("</section>\n");
}

fn changed(out: &mut String, fleet: &Fleet) {
    if fleet.labels.len() < 2 {
        return;
    }
    let total = fleet.changed_total();
    let _ = writeln!(out, "<section id=\"changed\">\n<h2>Devices whose verdict changes ({total})</h2>");
    if total == 0 {
        out.push_str("<p>No device's verdict changes.</p>\n</section>\n");
        return;
    }
    let [from, to, ..] = fleet.labels.as_slice() else { return };
    let _ = writeln!(
        out,
        "<div class=\"wide\"><table class=\"changed\">\n<thead><tr><th>Device</th><th>Change</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        text(from),
        text(to)
    );
    for c in &fleet.changed {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            text(&c.name),
            c.change,
            c.change.replace('_', " "),
            text(&c.before),
            text(&c.after)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    if total > fleet.changed.len() {
        let _ = writeln!(
            out,
            "<p class=\"more\">The first {CHANGED_KEPT}; {} more are not shown (<code>diff --json</code> lists them all).</p>",
            total - fleet.changed.len()
        );
    }
    out.push_str("</section>\n");
}

fn not_read(out: &mut String, fleet: &Fleet) {
    let notes = &fleet.notes;
    out.push_str("<section id=\"not-read\">\n<h2>Not read</h2>\n");
    let skipped = notes.skipped_total();
    let _ = writeln!(
        out,
        "<table class=\"totals\"><tbody>\
         <tr><th scope=\"row\">Inputs not read</th><td data-not-read=\"inputs\">{}</td></tr>\
         <tr><th scope=\"row\">Connections skipped (client data, but no ClientHello)</th><td data-not-read=\"connections\">{skipped}</td></tr>\
         <tr><th scope=\"row\">Connections evicted (more open at once than <code>--max-flows</code>)</th><td data-not-read=\"evicted\">{}</td></tr>\
         <tr><th scope=\"row\">Connections without client data (a scan, a SYN flood)</th><td data-not-read=\"without_client_data\">{}</td></tr>\
         </tbody></table>",
        notes.inputs_total, notes.evicted, notes.no_data
    );
    if !notes.inputs.is_empty() {
        out.push_str("<h3>Inputs not read</h3>\n<ul class=\"notes\">\n");
        for (name, why) in &notes.inputs {
            let _ = writeln!(out, "<li><code>{}</code>: {}</li>", text(name), text(why));
        }
        out.push_str("</ul>\n");
        more(out, notes.inputs_total, notes.inputs.len(), "inputs");
    }
    if !notes.skipped.is_empty() {
        out.push_str("<h3>Skipped connections by reason</h3>\n<ul class=\"notes\">\n");
        for (reason, n) in &notes.skipped {
            let _ = writeln!(
                out,
                "<li data-skipped=\"{reason}\" data-count=\"{n}\">{}: {n}</li>",
                reason.replace('_', " ")
            );
        }
        out.push_str("</ul>\n<h3>Skipped connections</h3>\n<ul class=\"notes\">\n");
        for line in &notes.skipped_shown {
            let _ = writeln!(out, "<li><code>{}</code></li>", text(line));
        }
        out.push_str("</ul>\n");
        more(out, skipped, notes.skipped_shown.len(), "skipped connections");
    }
    if !notes.captures.is_empty() {
        let _ = writeln!(out, "<h3>Packet captures read ({})</h3>\n<ul class=\"notes\">", notes.captures_total);
        for line in &notes.captures {
            let _ = writeln!(out, "<li>{}</li>", text(line));
        }
        out.push_str("</ul>\n");
        more(out, notes.captures_total, notes.captures.len(), "captures");
    }
    if notes.inputs_total == 0 && skipped == 0 && notes.evicted == 0 {
        out.push_str("<p class=\"good\">Every input was read and no connection was skipped.</p>\n");
    }
    out.push_str("</section>\n");
}

/// `<p>… N more …</p>` when a list is cut.
fn more(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(
            out,
            "<p class=\"more\">{} more {what} are not listed here (stderr names them all).</p>",
            total - shown
        );
    }
}

/// At most `chars` characters, cut with `…` (a chart's label must fit its line).
fn clip(input: &str, chars: usize) -> String {
    match input.char_indices().nth(chars) {
        Some((at, _)) => format!("{}\u{2026}", input.get(..at).unwrap_or_default()),
        None => input.to_owned(),
    }
}

/// Items joined by commas.
fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// A string from the input as the page shows it: at most [`TEXT_CHARS`] characters (cut
/// with `…`), control, invisible and bidirectional characters written as escapes (`\n`,
/// `\u{202e}`) so a name cannot hide or reorder what follows it, then HTML-escaped, safe in
/// text and in a quoted attribute.
pub(crate) fn text(input: &str) -> String {
    text_up_to(input, TEXT_CHARS)
}

/// [`text`] with another length.
fn text_up_to(input: &str, chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(chars) + 8);
    for (i, c) in input.chars().enumerate() {
        if i == chars {
            out.push('\u{2026}');
            break;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that do not show as themselves: controls, zero-width and bidirectional
/// formatting characters, line and paragraph separators, the byte-order mark.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// The page's style: system fonts, cards for the groups, bars in two colours; narrow
/// screens get one column, print gets A4/Letter margins and no card split across pages.
const STYLE: &str = "<style>
:root { color-scheme: light; --accept: #2e7d32; --reject: #c62828; --other: #757575; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; overflow-wrap: anywhere; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.question { font-size: 1.05rem; margin: 0 0 .5rem; }
.answer { font-size: 1.2rem; font-weight: 600; padding: .75rem 1rem; border-radius: 6px; margin: 0 0 1rem; }
.answer.bad { background: #ffebe9; border-left: 6px solid var(--reject); }
.answer.good { background: #dafbe1; border-left: 6px solid var(--accept); }
.good { color: var(--accept); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { color: #59636e; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
table.totals { max-width: 40rem; }
table.totals td { text-align: right; font-variant-numeric: tabular-nums; }
td.accept { color: var(--accept); }
td.reject, .loses_access { color: var(--reject); font-weight: 600; }
td ul { margin: 0; padding-left: 1.1rem; font-size: .9em; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
svg.chart { width: 100%; max-width: 44rem; height: auto; display: block; font: 14px system-ui, sans-serif; }
svg.chart .n { fill: #1f2328; }
svg.chart .accept rect { fill: var(--accept); }
svg.chart .reject rect { fill: var(--reject); }
svg.chart .other rect { fill: var(--other); }
article.group { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; margin: 0 0 1rem; }
article.group.lose { border-left: 6px solid var(--reject); }
.rank { color: #59636e; }
.wide { overflow-x: auto; }
.more { color: #59636e; font-style: italic; }
ul.notes { padding-left: 1.2rem; }
footer { margin-top: 2rem; color: #59636e; font-size: .85rem; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  main { padding: 1rem .6rem 2rem; }
  dl.facts { grid-template-columns: 1fr; }
  svg.chart { font-size: 18px; }
  dl.facts dd { margin-bottom: .3rem; }
  table.verdicts th, table.verdicts td { display: block; border: 0; padding: .15rem 0; }
  table.verdicts thead { display: none; }
  table.verdicts tr { display: block; border-top: 1px solid var(--line); padding: .3rem 0; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  article.group, figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .wide { overflow: visible; }
  .answer { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg.chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_clipped_and_shows_hidden_characters() {
        assert_eq!(text("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(text("a\"b'c&d"), "a&quot;b&#39;c&amp;d");
        assert_eq!(text("two\nlines\r\t"), "two\\nlines\\r\\t");
        assert_eq!(text("abc\u{202e}txt.exe"), "abc\\u{202e}txt.exe");
        assert_eq!(text("\u{0}\u{1b}[31m"), "\\u{0000}\\u{001b}[31m");
        assert_eq!(text("zero\u{200b}width"), "zero\\u{200b}width");
        let long = "x".repeat(TEXT_CHARS + 50);
        assert_eq!(text(&long), format!("{}\u{2026}", "x".repeat(TEXT_CHARS)));
        assert_eq!(text("caf\u{e9} \u{1F600}"), "caf\u{e9} \u{1F600}", "printable non-ASCII stays");
    }

    use proptest::prelude::*;
    use tls_policy::{CipherSuite, ClientHello, HelloWriter, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion};

    use crate::check::{Notes, Origin};
    use crate::tally::Tally;

    /// The page of a fleet whose devices are files named `names`, a third of them refused by
    /// dps-tls12, each name also an input not read.
    fn page_of(names: &[String]) -> String {
        let labels = ["dps-legacy-security".to_owned(), "dps-tls12".to_owned()];
        let policies = [Policy::named(&labels[0]).unwrap(), Policy::named(&labels[1]).unwrap()];
        let mut tally = Tally::new(&labels, &policies, KeyTypes::RSA, true);
        let suites = [
            [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
            [CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA],
            [CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA],
        ];
        let mut notes = Notes::default();
        for (i, name) in names.iter().enumerate() {
            let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites[i % 3]).with_groups(&[NamedGroup::secp256r1]);
            let bytes = HelloWriter::new(&offer).server_name("device.example").write().unwrap();
            let hello = ClientHello::parse(&bytes).map_err(crate::check::Malformed::Hello);
            tally.add(&Origin { name, connection: None }, &hello);
            notes.inputs.push((name.clone(), name.clone()));
            notes.inputs_total += 1;
        }
        let run = Run { command: "fleet", inputs: names.to_vec(), date: "2026-01-02".to_owned() };
        page(&tally.finish(notes), &run)
    }

    fn hostile_char() -> impl Strategy<Value = char> {
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec!['<', '>', '"', '\'', '&', '\n', '\u{202e}', '\u{0}', '/', '=', ';', '-', '!']),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the names, the page has the markup it has with plain names: the same
        /// count of every character that makes or ends a tag or an attribute.
        #[test]
        fn input_strings_never_change_the_pages_markup(
            raw in prop::collection::vec(prop::collection::vec(hostile_char(), 0..60), 1..12)
        ) {
            let hostile: Vec<String> =
                raw.iter().enumerate().map(|(i, chars)| format!("{i}{}", chars.iter().collect::<String>())).collect();
            let plain: Vec<String> = (0..hostile.len()).map(|i| format!("{i}n")).collect();
            let (hostile, plain) = (page_of(&hostile), page_of(&plain));
            for c in ['<', '>', '"', '\''] {
                prop_assert_eq!(hostile.matches(c).count(), plain.matches(c).count(), "{:?}", c);
            }
        }
    }

    #[test]
    fn no_input_string_can_open_a_tag_or_leave_an_attribute() {
        // Every character, alone and around the characters HTML treats specially.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let out = text(&format!("{c}<\"'>&"));
            assert!(!out.contains(['<', '>', '"', '\'']), "{c:?} gives {out:?}");
            assert!(!out.chars().any(hidden), "{c:?} gives {out:?}");
        }
    }
}
