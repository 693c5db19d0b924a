//! Every `cargo run --features cli ...` command of README.md runs as written, from the
//! repository's root: its files exist, its exit status is success (or the status its comment
//! states, `(exit status N)`), it prints something. `serve` commands are started, waited for
//! until they say `listening`, then stopped by pid. The commands go through `sh -c` so their
//! quoting is a shell's, with the `tls-policy` binary cargo built for the tests in place of
//! `cargo run --features cli --` (cargo would build again for every line). Commands that talk
//! to `127.0.0.1:8443` (the README's `serve` port) get a `serve --policy dps-tls12` of this
//! test's own, on a free port put in place of 8443.

#![cfg(feature = "cli")] // the binary is built with it
#![allow(clippy::unwrap_used)]

#[path = "support/binary.rs"]
mod support;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PREFIX: &str = "cargo run --features cli";

/// The commands, continuation lines (ending in `\`) joined.
fn commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if !line.starts_with(PREFIX) {
            continue;
        }
        let mut command = line.to_owned();
        while command.ends_with('\\') {
            command.pop();
            command.push(' ');
            command.push_str(lines.next().unwrap_or_default().trim());
        }
        out.push(command);
    }
    out
}

/// The exit status a command's comment states, `(exit status N)`, else 0.
fn documented_status(command: &str) -> i32 {
    command
        .split_once("(exit status ")
        .and_then(|(_, rest)| rest.split(')').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn shell(command: &str) -> Command {
    let binary = support::binary();
    let rest = command.strip_prefix(PREFIX).unwrap_or(command);
    let rest = rest.trim_start().strip_prefix("--").unwrap_or(rest);
    let mut sh = Command::new("sh");
    // `exec`, so that the pid is the tool's and stopping it stops the tool.
    sh.arg("-c").arg(format!("exec '{}' {rest}", binary.display())).current_dir(env!("CARGO_MANIFEST_DIR"));
    sh
}

fn wait_bounded(mut child: Child, command: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("still running after 60 s: {command}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Starts a `serve` command, waits for its `listening` line, stops it by pid.
fn serve(command: &str) {
    let mut child = shell(command).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(60));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let _ = reader.join();
    let line = line.unwrap_or_else(|_| panic!("no output within 60 s: {command}"));
    assert!(line.starts_with("listening 127.0.0.1:"), "{command}: {line:?} ({status})");
}

/// `serve --policy dps-tls12` on a free port, for the commands that need an endpoint.
fn start_serve() -> (Child, u16) {
    let mut child = shell("serve --policy dps-tls12").stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let port = first.strip_prefix("listening 127.0.0.1:").and_then(|p| p.parse().ok());
    let Some(port) = port else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("serve for the README's scans said {first:?}");
    };
    // The rest of its output is drained, so that its lines never fill the pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, port)
}

#[test]
fn every_readme_command_runs_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let commands = commands(&readme);
    assert!(commands.len() >= 15, "{commands:?}");
    let mut failures = Vec::new();
    let mut endpoint: Option<(Child, u16)> = None;
    for command in &commands {
        let command = &if command.contains("127.0.0.1:8443") && !command.contains(" serve ") {
            let port = match &endpoint {
                Some((_, port)) => *port,
                None => {
                    let (child, port) = start_serve();
                    endpoint = Some((child, port));
                    port
                }
            };
            command.replace("127.0.0.1:8443", &format!("127.0.0.1:{port}"))
        } else {
            command.clone()
        };
        // In an interactive bash, `!` in an unquoted or double-quoted word is history expansion.
        for (at, _) in command.match_indices("openssl:") {
            if command.get(..at).is_none_or(|before| !before.ends_with('\'')) {
                failures.push(format!("{command}\n    openssl: strings must be in single quotes"));
            }
        }
        if command.contains(" serve ") {
            serve(command);
            continue;
        }
        let child = shell(command).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let out = wait_bounded(child, command);
        let want = documented_status(command);
        if out.status.code() != Some(want) {
            let err = String::from_utf8_lossy(&out.stderr);
            failures.push(format!("{command}\n    exit status {:?}, documented {want}: {err}", out.status.code()));
        } else if out.stdout.is_empty() && out.stderr.is_empty() {
            failures.push(format!("{command}\n    printed nothing"));
        } else if want == 0 && out.stdout.is_empty() {
            failures.push(format!("{command}\n    printed nothing on stdout"));
        }
    }
    if let Some((mut child, _)) = endpoint {
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(failures.is_empty(), "README commands that do not run as written:\n{}", failures.join("\n"));
}

#[test]
fn commands_are_extracted_with_their_continuation_lines() {
    let text = "x\n  cargo run --features cli -- check a \\\n    --json b   # c (exit status 2)\ncargo test\n";
    let found = commands(text);
    assert_eq!(found, ["cargo run --features cli -- check a  --json b   # c (exit status 2)"]);
    assert_eq!(documented_status(&found[0]), 2);
    assert_eq!(documented_status("cargo run --features cli -- check"), 0);
}
