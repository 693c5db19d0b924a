//! The readiness report (`fleet --html`, `diff --html`), run as a user runs it: its numbers
//! are the JSON's of the same run; it renders in headless Chromium with no console message,
//! draws the charts' colours, prints to a sane number of pages and shows its summary line;
//! the committed example (`docs/fleet-report.html`) is what the tool makes today, byte for
//! byte; hostile names and SNIs come out as text; 10,000 fingerprints are bounded. And the
//! progress line: on a terminal only, never with `--quiet`.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

#[path = "support/browser.rs"]
mod browser;
#[path = "support/pcap.rs"]
mod pcap;
#[path = "support/binary.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::binary;
use tls_policy::{CipherSuite, HelloWriter, NamedGroup, Offer, ProtocolVersion};

/// The date every report here is made on (2026-01-02), so the bytes do not depend on the day.
const EPOCH: &str = "1767312000";

/// The committed example and the command that makes it (from the crate's folder).
const EXAMPLE: &str = "docs/fleet-report.html";
const EXAMPLE_ARGS: [&str; 3] = ["fleet", "tests/data/hellos/", "tests/data/captures/clients/"];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of this test's own, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("tls-policy-report-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(manifest())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The text of an HTML attribute value back from its escapes.
fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Every start tag of the page that carries attribute `name`, as its attributes.
fn tags_with(page: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let needle = format!(" {name}=\"");
    let mut tags = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(&needle) {
        let start = rest[..at].rfind('<').unwrap();
        let end = at + rest[at..].find('>').unwrap();
        tags.push(attributes(&rest[start..end]));
        rest = &rest[end..];
    }
    tags
}

/// `<tag a="1" b="x">` as `{a: 1, b: x}` (values unescaped; the page quotes every value).
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(' ').next().unwrap().to_owned();
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap();
        map.insert(name, unescape(&after[..close]));
        rest = &after[close + 1..];
    }
    map
}

fn number(tag: &BTreeMap<String, String>, name: &str) -> u64 {
    tag.get(name).unwrap_or_else(|| panic!("no {name} in {tag:?}")).parse().unwrap()
}

/// The value of `data-NAME="KEY"` elements: the number inside the element.
fn data_value(page: &str, attribute: &str, key: &str) -> u64 {
    let needle = format!("{attribute}=\"{key}\">");
    let at = page.find(&needle).unwrap_or_else(|| panic!("no {needle} in the page")) + needle.len();
    let text = &page[at..];
    text[..text.find('<').unwrap()].trim().parse().unwrap_or_else(|e| panic!("{needle}: {e}"))
}

/// Whether every element of the page is closed, in order (the page writes no void element
/// but `meta`, and no `<` in text: an input's `<` would show here as an unclosed tag).
fn balanced(page: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        let end = at + rest[at..].find('>').ok_or("a tag is not closed")?;
        let tag = &rest[at + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name = tag.trim_start_matches('/').split([' ', '\n']).next().unwrap_or_default();
        if tag.starts_with('/') {
            match open.pop() {
                Some(top) if top == name => {}
                top => return Err(format!("</{name}> closes {top:?}")),
            }
        } else if name != "meta" {
            open.push(name);
        }
    }
    if open.is_empty() { Ok(()) } else { Err(format!("not closed: {open:?}")) }
}

/// The summary line the page must show, from the JSON totals of the same run.
fn headline(totals: &Value, from: &str, to: &str) -> String {
    format!(
        "{} connections from {} devices ({} distinct fingerprints) checked against {from} \u{2192} {to}: {} lose access, {} change suite",
        totals["connections"], totals["clients"], totals["groups"], totals["lose_access"], totals["change_suite"]
    )
}

/// `fleet --json --html` once: the JSON lines and the page of the same run, which must
/// succeed.
fn fleet(dir: &Path, args: &[&str]) -> (Vec<Value>, String) {
    let (out, lines, page) = fleet_run(dir, args);
    assert!(out.status.success(), "{}", stderr(&out));
    (lines, page)
}

/// `fleet --json --html` once, however it ends: its output, JSON lines and page.
fn fleet_run(dir: &Path, args: &[&str]) -> (Output, Vec<Value>, String) {
    let page = dir.join("report.html");
    let mut all = vec!["fleet", "--json", "--html", page.to_str().unwrap()];
    all.extend(args);
    let out = run(&all);
    assert!(stderr(&out).contains("wrote the report"), "{}", stderr(&out));
    let lines = json_lines(&out);
    (out, lines, std::fs::read_to_string(page).unwrap())
}

#[test]
fn the_pages_numbers_are_the_json_of_the_same_run() {
    let dir = Dir::new("numbers");
    let (lines, page) = fleet(&dir.0, &["tests/data/hellos/", "tests/data/captures/clients/"]);
    let (totals, groups) = lines.split_last().unwrap();
    let totals = &totals["totals"];
    assert_eq!(data_value(&page, "data-total", "loses_access"), totals["lose_access"].as_u64().unwrap());
    for key in ["connections", "clients", "groups", "lose_access_groups"] {
        assert_eq!(data_value(&page, "data-total", key), totals[key].as_u64().unwrap(), "{key}");
    }
    for (change, n) in totals["changes"].as_object().unwrap() {
        assert_eq!(data_value(&page, "data-total", change), n.as_u64().unwrap(), "{change}");
    }
    for key in ["inputs", "connections", "evicted", "without_client_data"] {
        assert_eq!(data_value(&page, "data-not-read", key), totals["not_read"][key].as_u64().unwrap(), "{key}");
    }
    assert!(totals["lose_access"].as_u64().unwrap() > 0, "the bundled hellos include devices that lose access");
    assert!(totals["not_read"]["inputs"].as_u64().unwrap() > 0, "the folders hold files that are not captures");

    // Each policy's accepted and refused, and every bar of its chart.
    for policy in ["dps-legacy-security", "dps-tls12"] {
        let counts = &totals["policies"][policy];
        let tag = tags_with(&page, "data-accepted").into_iter().find(|t| t["data-policy"] == policy).unwrap();
        assert_eq!(number(&tag, "data-accepted"), counts["accepted"].as_u64().unwrap());
        let bars: BTreeMap<String, u64> = tags_with(&page, "data-verdict")
            .into_iter()
            .filter(|t| t["data-policy"] == policy)
            .map(|t| (t["data-verdict"].clone(), number(&t, "data-count")))
            .collect();
        let json: BTreeMap<String, u64> =
            counts["verdicts"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        assert!(!bars.is_empty());
        for (verdict, n) in &bars {
            if verdict == "(other)" {
                let shown: u64 = bars.iter().filter(|(v, _)| *v != "(other)").map(|(_, n)| n).sum();
                assert_eq!(shown + n, json.values().sum::<u64>(), "{policy}: the other bar is the rest");
            } else {
                assert_eq!(Some(n), json.get(verdict), "{policy}: {verdict}");
            }
        }
    }

    // The groups, in the JSON's order, each with its counts.
    let articles = tags_with(&page, "data-ja4");
    assert_eq!(articles.len(), groups.len().min(100));
    for (article, group) in articles.iter().zip(groups) {
        assert_eq!(article["data-ja4"], group["ja4"].as_str().unwrap());
        assert_eq!(number(article, "data-connections"), group["connections"].as_u64().unwrap());
        assert_eq!(number(article, "data-clients"), group["clients"].as_u64().unwrap());
        assert_eq!(number(article, "data-lose"), group["lose_access"].as_u64().unwrap());
    }
    // The chart of groups that lose access: every such group, with its count.
    let lose: BTreeMap<String, u64> = tags_with(&page, "data-lose-ja4")
        .iter()
        .map(|t| (t["data-lose-ja4"].clone(), number(t, "data-count")))
        .collect();
    let expected: BTreeMap<String, u64> = groups
        .iter()
        .filter(|g| g["lose_access"].as_u64().unwrap() > 0)
        .map(|g| (g["ja4"].as_str().unwrap().to_owned(), g["lose_access"].as_u64().unwrap()))
        .collect();
    assert_eq!(lose, expected);
    // Why a refusal is refused: the engine's per-suite account, or the versions.
    assert!(page.contains("the client offers TLSv1.0; the policy allows TLSv1.2"), "a version refusal explained");
    assert!(page.contains("not in the policy: "), "a suite refusal explained suite by suite");
    assert!(page.contains(&headline(totals, "dps-legacy-security", "dps-tls12")));
    balanced(&page).unwrap();
    assert!(balanced("<p><b>x</p></b>").is_err() && balanced("<p>").is_err(), "the check can fail");
}

#[test]
fn diff_html_has_the_numbers_of_diff_json() {
    let dir = Dir::new("diff");
    let page = dir.0.join("diff.html");
    let out = run(&[
        "diff",
        "--from",
        "dps-legacy-security",
        "--to",
        "dps-2024",
        "--json",
        "--html",
        page.to_str().unwrap(),
        "tests/data/hellos/",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    let summary = lines.last().unwrap();
    let page = std::fs::read_to_string(page).unwrap();
    assert_eq!(data_value(&page, "data-total", "connections"), summary["devices"].as_u64().unwrap());
    for (json, html) in [
        ("lose_access", "loses_access"),
        ("change_suite", "changes_suite"),
        ("gain_access", "gains_access"),
        ("changes_refusal", "changes_refusal"),
    ] {
        assert_eq!(data_value(&page, "data-total", html), summary[json].as_u64().unwrap(), "{json}");
    }
    // Every device the JSON says changes is a row of the page's list.
    let changed: Vec<&Value> =
        lines.iter().filter(|l| l.get("change").is_some_and(|c| c != "unchanged" && c != "still_refused")).collect();
    assert!(!changed.is_empty());
    for row in &changed {
        let name = row["file"].as_str().unwrap();
        assert!(
            page.contains(&format!(
                "<tr><td><code>{name}</code></td><td class=\"{}\">",
                row["change"].as_str().unwrap()
            )),
            "{name}"
        );
    }
    assert!(page.contains("<title>TLS readiness: dps-legacy-security \u{2192} dps-2024</title>"));
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_the_committed_example_is_current() {
    let dir = Dir::new("example");
    let mut pages = Vec::new();
    for i in 0..2 {
        let page = dir.0.join(format!("{i}.html"));
        let mut args = vec![EXAMPLE_ARGS[0], "--html", page.to_str().unwrap()];
        args.extend(&EXAMPLE_ARGS[1..]);
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        pages.push(std::fs::read(&page).unwrap());
    }
    assert!(pages[0] == pages[1], "two runs (each with its own hash seeds) differ");
    let committed = std::fs::read(manifest().join(EXAMPLE)).unwrap();
    assert!(
        committed == pages[0],
        "{EXAMPLE} is not what the tool makes: regenerate it with\n  SOURCE_DATE_EPOCH={EPOCH} cargo run --features cli -- {} --html {EXAMPLE} {}",
        EXAMPLE_ARGS[0],
        EXAMPLE_ARGS[1..].join(" ")
    );
}

/// The accept and reject colours of the report's bars.
const GREEN: [u8; 3] = [0x2e, 0x7d, 0x32];
const RED: [u8; 3] = [0xc6, 0x28, 0x28];

fn has_colour(shot: &browser::Screenshot, rgb: [u8; 3]) -> bool {
    shot.pixels.iter().any(|p| p[..3] == rgb)
}

#[test]
fn the_page_renders_in_chromium_with_its_charts_and_summary_and_no_console_message() {
    let Some(chromium) = browser::chromium() else {
        return eprintln!("{}", browser::skip_message("the_page_renders_in_chromium"));
    };
    let dir = Dir::new("render");
    let (lines, _) = fleet(&dir.0, &["tests/data/hellos/", "tests/data/captures/clients/"]);
    let totals = &lines.last().unwrap()["totals"];
    let page = dir.0.join("report.html");
    for (width, height) in [(1200, 1600), (390, 2400)] {
        let render = browser::render(&chromium, &page, width, height);
        assert!(render.console.is_empty(), "{width}px: console: {:?}", render.console);
        let shot = &render.screenshot;
        assert!(shot.non_background_fraction() > 0.05, "{width}px: the screenshot is nearly blank");
        assert!(has_colour(shot, GREEN) && has_colour(shot, RED), "{width}px: the bars are not drawn in their colours");
        let summary = headline(totals, "dps-legacy-security", "dps-tls12");
        assert!(render.dom.contains(&format!("id=\"summary\">{summary}</p>")), "{width}px: no summary line in the DOM");
    }
    let pdf = browser::print_pdf(&chromium, &page);
    let pages = browser::pdf_page_count(&pdf);
    assert!((2..=60).contains(&pages), "the report prints on {pages} pages");
}

/// A ClientHello with `suites` (and secp256r1) naming `sni`.
fn hello(suites: &[CipherSuite], sni: Option<&str>) -> Vec<u8> {
    let offer = Offer::new(ProtocolVersion::TLSv1_2, suites).with_groups(&[NamedGroup::secp256r1]);
    let writer = HelloWriter::new(&offer);
    let writer = match sni {
        Some(name) => writer.server_name(name),
        None => writer,
    };
    writer.write().unwrap()
}

#[test]
fn hostile_names_and_snis_are_text_and_the_page_stays_whole() {
    let dir = Dir::new("hostile");
    let inputs = dir.0.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let sni = "<script>alert(1)</script>";
    let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
    let name = "evil\"quote'\n<img src=x onerror=alert(2)>\u{202e}.bin";
    std::fs::write(inputs.join(name), hello(&suites, Some(sni))).unwrap();
    std::fs::write(
        inputs.join("plain.bin"),
        hello(&[CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA], Some("device-7.example")),
    )
    .unwrap();
    std::fs::write(inputs.join("bad\"name\n.hex"), "zz not hex").unwrap();
    let (out, _, page) = fleet_run(&dir.0, &[inputs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an unreadable input fails the run, after the report: {}", stderr(&out));
    assert!(!page.contains("<script"), "the SNI opened a script");
    assert!(!page.contains("<img"), "the file name opened a tag");
    assert!(!page.contains('\u{202e}'), "a bidirectional override reached the page");
    // The reader refuses a host name that is not one (RFC 6066 §3), so that SNI is never shown
    // as a name; the hello is an illegal_parameter refusal of its own group.
    assert!(page.contains("reject illegal_parameter (47)"), "the hostile SNI's hello is refused");
    assert!(page.contains("<code>device-7.example</code>"), "a real SNI is shown");
    assert!(page.contains("evil&quot;quote&#39;\\n&lt;img src=x onerror=alert(2)&gt;\\u{202e}.bin"));
    assert!(page.contains("bad&quot;name\\n.hex"), "the unreadable hex dump is listed as not read");
    balanced(&page).unwrap();
    let Some(chromium) = browser::chromium() else {
        return eprintln!("{}", browser::skip_message("hostile_names (render)"));
    };
    let render = browser::render(&chromium, &dir.0.join("report.html"), 1000, 800);
    assert!(render.console.is_empty(), "console: {:?}", render.console);
    assert!(
        !render.dom.contains("<script") && !render.dom.contains("<img"),
        "the DOM gained an element from the input"
    );
    assert!(render.dom.contains("&lt;img src=x onerror=alert(2)&gt;"), "the file name is shown as text");
}

#[test]
fn ten_thousand_fingerprints_are_counted_and_the_largest_listed() {
    let dir = Dir::new("many");
    let inputs = dir.0.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    // 10,000 distinct suite lists, so as many JA4s; every one accepted by dps-legacy-security
    // through its first suite, and some refused by dps-tls12.
    let codes = (0x2000u16..).filter(|c| c & 0x0F0F != 0x0A0A); // no GREASE value (RFC 8701)
    for (i, code) in codes.take(10_000).enumerate() {
        let suites = [
            if i % 2 == 0 {
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            } else {
                CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA
            },
            CipherSuite::from(code),
        ];
        std::fs::write(inputs.join(format!("{i:05}.bin")), hello(&suites, None)).unwrap();
    }
    let (lines, page) = fleet(&dir.0, &[inputs.to_str().unwrap()]);
    let totals = &lines.last().unwrap()["totals"];
    assert_eq!(totals["groups"], 10_000);
    assert_eq!(tags_with(&page, "data-ja4").len(), 100, "the page lists the largest groups");
    let more = tags_with(&page, "data-more-groups");
    assert_eq!(more.len(), 1);
    assert_eq!(number(&more[0], "data-more-groups"), 9_900);
    assert!(page.len() < 1_000_000, "the page is {} bytes", page.len());
    assert!(page.contains("more fingerprints"), "the chart of groups that lose access is bounded");
    balanced(&page).unwrap();
}

#[test]
fn progress_is_shown_on_a_terminal_and_never_in_a_pipe_or_with_quiet() {
    let args = ["fleet", "--policy", "dps-tls12", "tests/data/captures/clients/"];
    // A pipe: no progress line, whatever the delay.
    let out = Command::new(binary())
        .args(args)
        .current_dir(manifest())
        .env("TLS_POLICY_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stderr(&out).contains("\x1b[K") && !stderr(&out).contains('\r'), "{}", stderr(&out));
    // A terminal, through script(1).
    if Command::new("script").arg("--version").output().is_err() {
        return eprintln!("skipping the terminal half: script (util-linux) is not installed");
    }
    let on_terminal = |quiet: bool| {
        let command = format!(
            "TLS_POLICY_PROGRESS_DELAY_MS=0 {} {}{}",
            binary().display(),
            args.join(" "),
            if quiet { " --quiet" } else { "" }
        );
        let out = Command::new("script")
            .args(["-q", "-e", "-c", &command, "/dev/null"])
            .current_dir(manifest())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = on_terminal(false);
    assert!(shown.contains("\rread ") && shown.contains(" connection") && shown.contains("\x1b[K"), "{shown:?}");
    assert!(shown.contains("\r\x1b[K"), "the line is erased: {shown:?}");
    let quiet = on_terminal(true);
    assert!(!quiet.contains("\rread ") && !quiet.contains("\x1b[K"), "{quiet:?}");
    assert!(quiet.contains("connections from"), "the run itself still prints: {quiet:?}");
}

#[test]
fn a_report_that_cannot_be_written_fails_before_anything_is_read() {
    let dir = Dir::new("unwritable");
    let missing = dir.0.join("no-such-folder/report.html");
    for (args, says) in [
        (vec!["fleet", "--html", missing.to_str().unwrap()], "No such file or directory"),
        (vec!["fleet", "--html", dir.0.to_str().unwrap()], "it is a folder"),
        (
            vec!["diff", "--from", "dps-legacy-security", "--to", "dps-tls12", "--html", missing.to_str().unwrap()],
            "No such file or directory",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: read before failing: {}", String::from_utf8_lossy(&out.stdout));
        let err = stderr(&out);
        assert!(err.contains("cannot write the report") && err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(&dir.0).unwrap().count(), 0, "a partial file was left behind");
    let out = Command::new(binary())
        .args(["fleet", "--html", dir.0.join("r.html").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "last tuesday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("SOURCE_DATE_EPOCH is \"last tuesday\""), "{}", stderr(&out));
}

#[test]
fn skipped_connections_are_in_the_report_by_reason_and_by_name() {
    let dir = Dir::new("skipped");
    let hello = std::fs::read(manifest().join("tests/data/hellos/openssl_tls1_2.bin")).unwrap();
    let server = std::net::SocketAddr::from(([192, 0, 2, 1], 443));
    let client = |port: u16| std::net::SocketAddr::from(([198, 51, 100, 7], port));
    let mut writer = pcap::Writer::new(pcap::Format::pcap(pcap::Link::ethernet()));
    let flows: [(u16, &[u8]); 3] =
        [(40001, &hello), (40002, b"GET / HTTP/1.1\r\nHost: <b>x</b>\r\n\r\n"), (40003, &hello[..hello.len() / 2])];
    for (i, (port, data)) in flows.iter().enumerate() {
        let start = 1_700_000_000_000_000_000 + u64::try_from(i).unwrap() * 1_000_000_000;
        let mut segments = pcap::connection(client(*port), server, 1000, start, data, &[], true);
        segments.extend(pcap::close(&segments, false));
        for segment in &segments {
            writer.push(segment);
        }
    }
    let capture = dir.0.join("gateway.pcap");
    std::fs::write(&capture, writer.finish()).unwrap();
    let (lines, page) = fleet(&dir.0, &[capture.to_str().unwrap()]);
    let not_read = &lines.last().unwrap()["totals"]["not_read"];
    assert_eq!(not_read["connections"], 2);
    assert_eq!(data_value(&page, "data-not-read", "connections"), 2);
    let reasons: BTreeMap<String, u64> =
        tags_with(&page, "data-skipped").iter().map(|t| (t["data-skipped"].clone(), number(t, "data-count"))).collect();
    assert_eq!(reasons, BTreeMap::from([("incomplete".to_owned(), 1), ("not_tls".to_owned(), 1)]));
    assert!(page.contains("198.51.100.7:40002 -&gt; 192.0.2.1:443: "), "the skipped connection is named");
    assert!(page.contains("198.51.100.7:40003 -&gt; 192.0.2.1:443: "), "the incomplete hello is named");
    assert!(!page.contains("<b>x</b>"), "the flow's first bytes are quoted as text");
    assert_eq!(data_value(&page, "data-total", "connections"), 1);
}

#[test]
fn past_twenty_thousand_fingerprints_the_rest_are_one_group_and_still_counted() {
    let dir = Dir::new("others");
    let server = std::net::SocketAddr::from(([192, 0, 2, 1], 443));
    let mut writer = pcap::Writer::new(pcap::Format::pcap(pcap::Link::ethernet()));
    let codes = (0x2000u16..).filter(|c| c & 0x0F0F != 0x0A0A); // no GREASE value (RFC 8701)
    for (i, code) in codes.take(25_000).enumerate() {
        let i = u32::try_from(i).unwrap();
        let client = std::net::SocketAddr::from((std::net::Ipv4Addr::from(0x0A00_0000 + i), 40_000));
        let bytes = hello(&[CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::from(code)], None);
        for segment in
            pcap::connection(client, server, 1000, 1_700_000_000_000_000_000 + u64::from(i), &bytes, &[], false)
        {
            writer.push(&segment);
        }
    }
    let capture = dir.0.join("random-offers.pcap");
    std::fs::write(&capture, writer.finish()).unwrap();
    let (lines, page) = fleet(&dir.0, &[capture.to_str().unwrap()]);
    let (totals, groups) = lines.split_last().unwrap();
    let totals = &totals["totals"];
    assert_eq!(totals["connections"], 25_000);
    assert_eq!(totals["groups"], 25_000, "every distinct fingerprint is counted");
    assert_eq!(totals["groups_listed"], 20_001);
    assert_eq!(groups.len(), 20_001);
    let others: Vec<&Value> = groups.iter().filter(|g| g["ja4"] == "(fingerprints beyond the first 20000)").collect();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0]["connections"], 5_000, "the fingerprints past the limit share one group");
    assert_eq!(others[0]["clients"], 5_000);
    assert_eq!(data_value(&page, "data-total", "groups"), 25_000);
    balanced(&page).unwrap();
}

#[test]
fn a_closed_standard_output_does_not_cost_the_report() {
    let dir = Dir::new("closed");
    let (full, _) = fleet(&dir.0, &["tests/data/hellos/"]);
    let connections = full.last().unwrap()["totals"]["connections"].as_u64().unwrap();
    let page = dir.0.join("closed.html");
    for command in [
        vec!["fleet", "--json", "--html", page.to_str().unwrap(), "tests/data/hellos/"],
        vec![
            "diff",
            "--from",
            "dps-legacy-security",
            "--to",
            "dps-tls12",
            "--json",
            "--html",
            page.to_str().unwrap(),
            "tests/data/hellos/",
        ],
    ] {
        let _ = std::fs::remove_file(&page);
        let mut child = Command::new(binary())
            .args(&command)
            .current_dir(manifest())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the first row is written: every write fails (EPIPE).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{command:?}: a closed pipe ends the run quietly: {}", stderr(&out));
        let page = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{command:?}: no report: {e}"));
        assert_eq!(
            data_value(&page, "data-total", "connections"),
            connections,
            "{command:?}: the report has every device"
        );
        balanced(&page).unwrap();
    }
}
