//! Headless Chromium as a test reader of HTML pages (shared by the tests that check an HTML
//! page, `#[path]`-included): the DOM after the page's scripts ran, every message the page
//! wrote on the console (errors, warnings, Content-Security-Policy violations, uncaught
//! exceptions), a screenshot decoded to pixels, and the page printed to PDF.
//!
//! Each Chromium run is offline and leaves nothing behind: no network beyond the page's own
//! `file://` URL, a fresh empty profile in a folder of its own that is removed afterwards, and
//! a bounded wait ([`TIMEOUT`]) after which the browser is killed and the test fails.
//!
//! Chromium writes page console messages on stderr with `--enable-logging=stderr --v=0`, one
//! log entry each: `[pid:tid:time:INFO:CONSOLE:N] "message", source: URL (line)`.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one Chromium run may take before it is killed and the test fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(60);

/// The flags every run gets: headless, no sandbox (tests may run as root), no GPU, and none of
/// the browser's own network traffic (updates, sync, QUIC, first-run pages).
const FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
];

/// What marks a page console message in Chromium's stderr log.
const CONSOLE_MARK: &str = ":INFO:CONSOLE";

/// The Chromium binary: `chromium`, then `chromium-browser`, the first found on `PATH` that
/// answers `--version`; `None` when neither does (the tests then skip).
pub(crate) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| {
            candidate.is_file()
                && Command::new(candidate)
                    .arg("--version")
                    .stdin(Stdio::null())
                    .output()
                    .is_ok_and(|o| o.status.success())
        })
    })
}

/// The message a test prints when it skips because Chromium is not installed.
pub(crate) fn skip_message(test: &str) -> String {
    format!("skipping: {test}: Chromium is not installed (Debian package chromium)")
}

/// A page as Chromium rendered it.
#[derive(Debug)]
pub(crate) struct Render {
    /// The serialized DOM after the page loaded and its scripts ran (`--dump-dom`).
    pub(crate) dom: String,
    /// The text of every console message the page wrote, in order (see [`render`] for how the
    /// two runs' messages are merged).
    pub(crate) console: Vec<String>,
    /// The viewport as drawn (`--screenshot`).
    pub(crate) screenshot: Screenshot,
}

/// Renders `page` (a local HTML file) in a `width` x `height` window: one run dumps the DOM,
/// another takes a screenshot, each with a fresh profile and bounded by [`TIMEOUT`].
///
/// `console` holds the messages of both runs merged as a multiset: the first run's messages in
/// order, then any message the second run wrote more often than the first. A page that logs
/// the same thing on every load therefore shows it once, and a message only one run saw (a
/// timing-dependent error, say) still shows.
///
/// Panics, with Chromium's stderr, when a run fails, times out or writes no output.
pub(crate) fn render(chromium: &Path, page: &Path, width: u32, height: u32) -> Render {
    let url = file_url(page);
    let scratch = Scratch::new();
    let window = format!("--window-size={width},{height}");

    let dump = run(chromium, &scratch, &["--dump-dom", &window], &url, "dump the DOM of");
    let dom =
        String::from_utf8(dump.stdout).unwrap_or_else(|e| panic!("Chromium's DOM dump of {url} is not UTF-8: {e}"));
    assert!(!dom.trim().is_empty(), "Chromium dumped no DOM for {url}; its stderr:\n{}", tail(&dump.stderr));

    let file = scratch.path.join("screenshot.png");
    let flag = format!("--screenshot={}", file.display());
    let shot = run(chromium, &scratch, &[&flag, &window], &url, "take a screenshot of");
    let bytes = std::fs::read(&file).unwrap_or_else(|e| {
        panic!("Chromium wrote no screenshot of {url} ({}: {e}); its stderr:\n{}", file.display(), tail(&shot.stderr))
    });
    let screenshot = Screenshot::decode(&bytes).unwrap_or_else(|e| panic!("the screenshot of {url}: {e}"));

    let console = merge(console_messages(&dump.stderr), console_messages(&shot.stderr));
    Render { dom, console, screenshot }
}

/// `page` printed to PDF by Chromium (`--print-to-pdf`, without the date, title and URL
/// header and footer), with a fresh profile and bounded by [`TIMEOUT`], on Chromium's default
/// paper and margins (US Letter, 612 x 792 points, in Chromium 156).
///
/// Panics, with Chromium's stderr, when the run fails, times out or writes no PDF.
pub(crate) fn print_pdf(chromium: &Path, page: &Path) -> Vec<u8> {
    let url = file_url(page);
    let scratch = Scratch::new();
    let file = scratch.path.join("page.pdf");
    let flag = format!("--print-to-pdf={}", file.display());
    let printed = run(chromium, &scratch, &[&flag, "--no-pdf-header-footer"], &url, "print");
    let pdf = std::fs::read(&file).unwrap_or_else(|e| {
        panic!("Chromium wrote no PDF of {url} ({}: {e}); its stderr:\n{}", file.display(), tail(&printed.stderr))
    });
    assert!(pdf.starts_with(b"%PDF-"), "Chromium's print of {url} is not a PDF ({} bytes)", pdf.len());
    pdf
}

/// The number of pages in a PDF: its page objects, each `/Type /Page` (whitespace between the
/// two names optional) not followed by another name character, so the page tree's
/// `/Type /Pages` nodes do not count. Chromium writes its objects uncompressed, so every page
/// object is found.
pub(crate) fn pdf_page_count(pdf: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = pdf;
    while let Some(at) = find(rest, b"/Type") {
        rest = &rest[at + b"/Type".len()..];
        let value = rest.trim_ascii_start();
        let name_goes_on = |after: &[u8]| after.first().is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if value.strip_prefix(b"/Page").is_some_and(|after| !name_goes_on(after)) {
            count += 1;
        }
    }
    count
}

/// The text of each page console message in Chromium's stderr log, in order: for an entry
/// `[...:INFO:CONSOLE:N] "message", source: URL (line)`, the `message` (which may span
/// lines); for an entry in any other shape, the rest of its line.
pub(crate) fn console_messages(stderr: &str) -> Vec<String> {
    let mut messages = Vec::new();
    let mut rest = stderr;
    while let Some(at) = rest.find(CONSOLE_MARK) {
        let entry = &rest[at + CONSOLE_MARK.len()..];
        let Some(close) = entry.find("] ") else {
            break;
        };
        let body = &entry[close + "] ".len()..];
        let quoted = body.strip_prefix('"').and_then(|text| text.find("\", source: ").map(|end| text.split_at(end)));
        let (message, next) = quoted.unwrap_or_else(|| body.split_at(body.find('\n').unwrap_or(body.len())));
        messages.push(message.to_owned());
        rest = next;
    }
    messages
}

/// A screenshot decoded to pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Screenshot {
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// The pixels as RGBA, row by row from the top left; opaque formats get alpha 255.
    pub(crate) pixels: Vec<[u8; 4]>,
}

impl Screenshot {
    /// Decodes a PNG of any colour type and bit depth to 8-bit RGBA.
    pub(crate) fn decode(png_bytes: &[u8]) -> Result<Screenshot, String> {
        let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| format!("not a PNG: {e}"))?;
        let size = reader.output_buffer_size().ok_or("the PNG is too large to decode")?;
        let mut buffer = vec![0; size];
        let frame = reader.next_frame(&mut buffer).map_err(|e| format!("a broken PNG: {e}"))?;
        let data = &buffer[..frame.buffer_size()];
        let channels = frame.color_type.samples();
        let pixels: Vec<[u8; 4]> = match frame.color_type {
            png::ColorType::Grayscale => data.iter().map(|&g| [g, g, g, 255]).collect(),
            png::ColorType::GrayscaleAlpha => data.chunks_exact(channels).map(|p| [p[0], p[0], p[0], p[1]]).collect(),
            png::ColorType::Rgb => data.chunks_exact(channels).map(|p| [p[0], p[1], p[2], 255]).collect(),
            png::ColorType::Rgba => data.chunks_exact(channels).map(|p| [p[0], p[1], p[2], p[3]]).collect(),
            png::ColorType::Indexed => return Err("an indexed PNG left unexpanded".to_owned()),
        };
        let expected = u64::from(frame.width) * u64::from(frame.height);
        if u64::try_from(pixels.len()).ok() != Some(expected) {
            return Err(format!("{} pixels for {} x {}", pixels.len(), frame.width, frame.height));
        }
        Ok(Screenshot { width: frame.width, height: frame.height, pixels })
    }

    /// How many different colours the screenshot has; a blank page has 1.
    pub(crate) fn distinct_colours(&self) -> usize {
        self.pixels.iter().collect::<HashSet<_>>().len()
    }

    /// The most common colour (taken as the background), `None` for an empty screenshot.
    pub(crate) fn background(&self) -> Option<[u8; 4]> {
        let mut counts: HashMap<[u8; 4], usize> = HashMap::new();
        for pixel in &self.pixels {
            *counts.entry(*pixel).or_default() += 1;
        }
        counts.into_iter().max_by_key(|&(colour, count)| (count, colour)).map(|(colour, _)| colour)
    }

    /// The fraction of pixels that differ from the most common colour: 0 for a blank page,
    /// more the more the page draws.
    pub(crate) fn non_background_fraction(&self) -> f64 {
        let Some(background) = self.background() else {
            return 0.0;
        };
        let others = self.pixels.iter().filter(|&&p| p != background).count();
        ratio(others, self.pixels.len())
    }
}

/// `part / whole` for pixel counts (which fit in a `u32` for any screenshot Chromium takes).
fn ratio(part: usize, whole: usize) -> f64 {
    let as_f64 = |n: usize| f64::from(u32::try_from(n).expect("a pixel count fits in a u32"));
    as_f64(part) / as_f64(whole)
}

/// The multiset union of two runs' console messages: `first` in its order, then each message
/// of `second` beyond as many copies of it as `first` has.
fn merge(first: Vec<String>, second: Vec<String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for message in &first {
        *seen.entry(message.clone()).or_default() += 1;
    }
    let mut merged = first;
    for message in second {
        let left = seen.entry(message.clone()).or_default();
        if *left > 0 {
            *left -= 1;
        } else {
            merged.push(message);
        }
    }
    merged
}

/// The `file://` URL of a local file, its path made absolute and percent-encoded.
pub(crate) fn file_url(page: &Path) -> String {
    let absolute =
        page.canonicalize().unwrap_or_else(|e| panic!("the page {} for Chromium to open: {e}", page.display()));
    let text = absolute.to_str().unwrap_or_else(|| panic!("the page's path {} is not UTF-8", absolute.display()));
    let mut url = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            write!(url, "%{byte:02X}").expect("writing to a String cannot fail");
        }
    }
    url
}

/// What one Chromium run wrote.
struct Output {
    /// Everything on stdout.
    stdout: Vec<u8>,
    /// Everything on stderr, as text.
    stderr: String,
}

/// Runs Chromium on `url` with [`FLAGS`], `args` and a fresh profile in `scratch`, its stdout
/// and stderr sent to files there (a pipe could fill up and stall it), killing it after
/// [`TIMEOUT`]. `what` names the run in panic messages ("print", "dump the DOM of").
fn run(chromium: &Path, scratch: &Scratch, args: &[&str], url: &str, what: &str) -> Output {
    let n = scratch.next();
    let profile = scratch.path.join(format!("profile-{n}"));
    std::fs::create_dir(&profile).unwrap_or_else(|e| panic!("create the profile {}: {e}", profile.display()));
    let stdout_path = scratch.path.join(format!("stdout-{n}"));
    let stderr_path = scratch.path.join(format!("stderr-{n}"));
    let create = |path: &Path| File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));

    let child = Command::new(chromium)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(create(&stdout_path))
        .stderr(create(&stderr_path))
        .spawn()
        .unwrap_or_else(|e| panic!("start {} to {what} {url}: {e}", chromium.display()));
    let status = finish(child, || {
        format!(
            "Chromium did not {what} {url} in {TIMEOUT:?} and was killed; its stderr:\n{}",
            tail(&read_text(&stderr_path))
        )
    });

    let output = Output {
        stdout: std::fs::read(&stdout_path).unwrap_or_else(|e| panic!("read {}: {e}", stdout_path.display())),
        stderr: read_text(&stderr_path),
    };
    assert!(status.success(), "Chromium failed to {what} {url} ({status}); its stderr:\n{}", tail(&output.stderr));
    output
}

/// Waits for `child`, polling, and kills it after [`TIMEOUT`], panicking with `timed_out()`.
/// The child is always waited for, whatever happens, so no process is left.
fn finish(child: Child, timed_out: impl Fn() -> String) -> ExitStatus {
    let mut guard = Guard(child);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match guard.0.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                // The guard kills and waits for it on the way out.
                panic!("{}", timed_out());
            }
            Err(e) => panic!("wait for Chromium: {e}"),
        }
    }
}

/// A Chromium process, killed and waited for when dropped unless it has already exited.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        if !matches!(self.0.try_wait(), Ok(Some(_))) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// A file read as text, lossily (Chromium's log is UTF-8 but a page can log anything); empty
/// when it cannot be read.
fn read_text(path: &Path) -> String {
    std::fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

/// The last lines of Chromium's stderr for a panic message, without its D-Bus complaints
/// (a test machine has no system bus).
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.contains("dbus") && !l.contains("D-Bus")).collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A folder of one call's own under the temporary directory, named by the process, the test
/// (its thread's name) and a counter so parallel tests never share one, removed when dropped.
struct Scratch {
    /// The folder.
    path: PathBuf,
    /// The runs made in it so far, to name each run's files.
    runs: AtomicUsize,
}

impl Scratch {
    /// Creates a new, empty folder.
    fn new() -> Scratch {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, Ordering::Relaxed);
        let thread = std::thread::current();
        let test: String = thread
            .name()
            .unwrap_or("unnamed")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect();
        let path = std::env::temp_dir().join(format!("tls-policy-browser-{}-{test}-{call}", std::process::id()));
        if path.exists() {
            let _ = std::fs::remove_dir_all(&path);
        }
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        Scratch { path, runs: AtomicUsize::new(0) }
    }

    /// The number of the next run in this folder.
    fn next(&self) -> usize {
        self.runs.fetch_add(1, Ordering::Relaxed)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Chromium's helper processes can outlive the browser by a moment and still write to
        // the profile; a second try covers that.
        if std::fs::remove_dir_all(&self.path).is_err() {
            std::thread::sleep(Duration::from_millis(200));
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
