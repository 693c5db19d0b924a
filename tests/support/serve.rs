//! `tls-policy serve` as a test peer: started with arguments (under `ulimit -n` when asked),
//! its stdout and stderr read line by line, killed by its pid when dropped
//! (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

#[path = "binary.rs"]
mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub(crate) use support::binary;

pub const WAIT: Duration = Duration::from_secs(15);

/// A running `serve`: its stdout and stderr lines as they come; killed when dropped.
pub struct Server {
    pub child: Child,
    pub out: Receiver<String>,
    pub err: Receiver<String>,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(read: impl Read + Send + 'static) -> Receiver<String> {
    let (send, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(read).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// `serve` with these arguments, under `ulimit -n` when given.
pub fn start(args: &[&str], open_files: Option<u32>) -> Server {
    let mut command = match open_files {
        Some(n) => {
            let mut sh = Command::new("sh");
            sh.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\"")]).arg(binary());
            sh
        }
        None => Command::new(binary()),
    };
    let mut child = command
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tls-policy serve");
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let first = out.recv_timeout(WAIT).expect("the server's first line");
    let port = first
        .strip_prefix("listening 127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    Server { child, out, err, port }
}

/// The next line that contains `part`, within the wait.
pub fn line_with(lines: &Receiver<String>, part: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines.recv_timeout(left).unwrap_or_else(|_| panic!("no line with {part:?}"));
        if line.contains(part) {
            return line;
        }
    }
}
