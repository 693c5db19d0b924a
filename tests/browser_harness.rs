//! The headless-Chromium harness (`tests/support/browser.rs`) can fail each of its checks: a
//! static page with text draws something and logs nothing, and a blank page draws nothing; a
//! page that logs an error and throws, and one whose inline script its Content-Security-Policy
//! blocks, show on the console; a short page prints to one page and a longer one to more.
//! The pages are in `tests/data/browser/`. Each test skips, saying so, when Chromium is not
//! installed; the parsing checks need no browser.

#![allow(clippy::unwrap_used)]

#[path = "support/browser.rs"]
mod browser;

use std::path::{Path, PathBuf};

use browser::{Screenshot, chromium, console_messages, pdf_page_count, print_pdf, render, skip_message};

/// The window every render here uses.
const WIDTH: u32 = 800;
const HEIGHT: u32 = 600;

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/browser").join(name)
}

/// Chromium, or `None` after printing the skip message for `test`.
fn browser_for(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        eprintln!("{}", skip_message(test));
    }
    found
}

#[test]
fn a_static_page_draws_text_and_logs_nothing_and_a_blank_one_draws_nothing() {
    let Some(chromium) = browser_for("a_static_page_draws_text_and_logs_nothing_and_a_blank_one_draws_nothing") else {
        return;
    };

    let text = render(&chromium, &page("text.html"), WIDTH, HEIGHT);
    assert_eq!((text.screenshot.width, text.screenshot.height), (WIDTH, HEIGHT), "the window size asked for");
    assert!(text.dom.contains("Harness sees this heading"), "the heading is in the DOM: {}", text.dom);
    assert_eq!(text.screenshot.background(), Some([255, 255, 255, 255]), "the page's white background");
    let drawn = text.screenshot.non_background_fraction();
    assert!(drawn > 0.0 && drawn < 0.5, "the text covers some of the window, not most: {drawn}");
    assert!(text.screenshot.distinct_colours() > 2, "anti-aliased text has shades between black and white");
    assert_eq!(text.console, Vec::<String>::new(), "a static page logs nothing");

    let blank = render(&chromium, &page("blank.html"), WIDTH, HEIGHT);
    assert_eq!(blank.screenshot.distinct_colours(), 1, "a blank page is one colour");
    assert!(blank.screenshot.non_background_fraction() == 0.0, "a blank page draws nothing");
    assert!(!blank.dom.contains("Harness sees this heading"));
}

#[test]
fn console_errors_exceptions_and_policy_violations_show_on_the_console() {
    let Some(chromium) = browser_for("console_errors_exceptions_and_policy_violations_show_on_the_console") else {
        return;
    };

    let logged = render(&chromium, &page("console-error.html"), WIDTH, HEIGHT);
    assert!(
        logged.console.iter().any(|m| m.contains("harness-console-error-x")),
        "console.error is on the console: {:?}",
        logged.console
    );
    assert!(
        logged.console.iter().any(|m| m.contains("Uncaught ReferenceError") && m.contains("notDefinedAnywhere")),
        "the uncaught exception is on the console: {:?}",
        logged.console
    );
    assert_eq!(logged.console.len(), 2, "each message once, though both runs saw it: {:?}", logged.console);

    let blocked = render(&chromium, &page("csp.html"), WIDTH, HEIGHT);
    assert!(
        blocked.console.iter().any(|m| m.contains("Content Security Policy") && m.contains("default-src 'none'")),
        "the blocked inline script is on the console: {:?}",
        blocked.console
    );
    // The script's own text is in the DOM either way; the paragraph it would rewrite is not.
    assert!(!blocked.dom.contains(r#"<p id="out">inline script ran"#), "the policy kept the script from running");
    assert!(blocked.dom.contains(r#"<p id="out">The inline script below"#), "{}", blocked.dom);
}

#[test]
fn a_short_page_prints_to_one_page_and_a_long_one_to_more() {
    let Some(chromium) = browser_for("a_short_page_prints_to_one_page_and_a_long_one_to_more") else {
        return;
    };

    let short = print_pdf(&chromium, &page("text.html"));
    assert_eq!(pdf_page_count(&short), 1, "a short page is one printed page");
    let long = print_pdf(&chromium, &page("three-pages.html"));
    assert_eq!(pdf_page_count(&long), 3, "three sections, each starting a page");
}

#[test]
fn console_messages_are_read_from_chromiums_log() {
    let stderr = concat!(
        "/usr/bin/chromium: 9: [: 1: unexpected operator\n",
        "[1:1:1203/142153.847332:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n",
        "[1:1:1203/142154.361170:INFO:CONSOLE:1] \"boom\", source: file:///tmp/a.html (1)\n",
        "[1:1:1203/142154.361291:INFO:CONSOLE:1] \"line one\nline two\", source: file:///tmp/a.html (7)\n",
        "[1:1:1203/142154.361323:INFO:CONSOLE:1] \"say \"hi\"\", source: file:///tmp/a.html (9)\n",
        "[1:1:1203/142154.361350:INFO:CONSOLE:1] unquoted\n",
        "[1:1:1203/142154.361351:INFO:CONSOLE",
    );
    assert_eq!(console_messages(stderr), ["boom", "line one\nline two", "say \"hi\"", "unquoted"]);
    assert!(console_messages("[1:1:1203/142153.847332:ERROR:dbus/bus.cc:405] no console here\n").is_empty());
}

#[test]
fn pdf_pages_are_counted_without_the_page_tree() {
    let pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj\n\
        2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n3 0 obj <</Type/Page>> endobj\n\
        4 0 obj <</Type /PageLabel>> endobj\n%%EOF\n";
    assert_eq!(pdf_page_count(pdf), 2);
    assert_eq!(pdf_page_count(b"%PDF-1.4\n%%EOF\n"), 0);
}

#[test]
fn screenshots_decode_and_measure_what_differs_from_the_background() {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 4, 1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0]).unwrap();
    }
    let shot = Screenshot::decode(&bytes).unwrap();
    assert_eq!((shot.width, shot.height), (4, 1));
    assert_eq!(shot.background(), Some([255, 255, 255, 255]));
    assert_eq!(shot.distinct_colours(), 2);
    assert!((shot.non_background_fraction() - 0.25).abs() < 1e-9);
    assert!(Screenshot::decode(b"not a png").is_err());
}
