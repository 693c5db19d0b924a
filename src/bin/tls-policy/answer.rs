//! What `serve` says to a client after the handshake, as `openssl s_server -www` does: it
//! reads the first request (bounded in size and time) and answers with what the connection
//! negotiated and what the engine predicted, as an HTTP page (`Accept: application/json` for
//! JSON) or as plain text to anything that is not HTTP; `--echo` echoes instead.

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::time::{Instant, timeout_at};

use tls_policy::{Agreement, CipherSuite, NamedGroup, ProtocolVersion};

/// The most request bytes read before answering: a request line and its headers.
pub(crate) const MAX_REQUEST: usize = 16 * 1024;

/// What one connection negotiated, as the page and the log line say it.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub(crate) policy: String,
    /// What rustls negotiated (codes).
    pub(crate) version: Option<u16>,
    pub(crate) suite: Option<u16>,
    pub(crate) group: Option<u16>,
    /// What the engine predicted.
    pub(crate) agreement: Agreement,
    /// The device's CN and key, with client authentication on.
    pub(crate) device: Option<String>,
}

impl Facts {
    pub(crate) fn agrees(&self) -> bool {
        (self.version, self.suite, self.group)
            == (
                Some(self.agreement.version.get()),
                Some(self.agreement.suite.get()),
                self.agreement.group.map(|g| g.get()),
            )
    }

    fn text(&self) -> String {
        let version = self.version.map_or_else(|| "-".to_owned(), |v| ProtocolVersion::from(v).to_string());
        let suite = self.suite.map_or_else(|| "-".to_owned(), |s| format!("{} (0x{s:04X})", CipherSuite::from(s)));
        let group = self.group.map_or_else(|| "-".to_owned(), |g| NamedGroup::from(g).to_string());
        let mut text = format!("protocol: {version}\ncipher suite: {suite}\ngroup: {group}\n");
        if let Some(device) = &self.device {
            text.push_str(&format!("device: {device}\n"));
        }
        text.push_str(&format!("policy: {}\n", self.policy));
        let verdict = if self.agrees() { "agrees".to_owned() } else { "differs".to_owned() };
        text.push_str(&format!("engine: {} ({verdict})\n", self.agreement));
        text
    }

    pub(crate) fn json(&self) -> Value {
        json!({
            "version": self.version.map(|v| ProtocolVersion::from(v).to_string()),
            "suite": self.suite.map(|s| CipherSuite::from(s).to_string()),
            "code": self.suite.map(|s| format!("0x{s:04X}")),
            "group": self.group.map(|g| NamedGroup::from(g).to_string()),
            "device": self.device,
            "policy": self.policy,
            "engine": {
                "version": self.agreement.version.to_string(),
                "suite": self.agreement.suite.to_string(),
                "group": self.agreement.group.map(|g| g.to_string()),
            },
            "agrees": self.agrees(),
        })
    }
}

/// Reads the client's first request by `deadline` and answers it; then the caller closes.
/// Returns how the client was answered, for the log line.
pub(crate) async fn answer<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    facts: &Facts,
    echo: bool,
    deadline: Instant,
) -> &'static str {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    // Until the end of the headers, or the first bytes of what is not HTTP.
    while request.len() < MAX_REQUEST && !ends_request(&request) {
        match timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => request.extend_from_slice(buffer.get(..n).unwrap_or(&buffer)),
            Err(_) => return "silent",
        }
        if !request.is_empty() && !looks_like_http(&request) {
            break;
        }
    }
    if request.is_empty() {
        return "silent";
    }
    request.truncate(MAX_REQUEST);
    let (reply, how) = if echo {
        (request.clone(), "echoed")
    } else if looks_like_http(&request) {
        let wants_json = header_has(&request, "accept", "application/json");
        let (body, kind) = if wants_json {
            (format!("{}\n", facts.json()), "application/json")
        } else {
            (facts.text(), "text/plain; charset=utf-8")
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        (format!("{head}{body}").into_bytes(), if wants_json { "http json" } else { "http" })
    } else {
        (facts.text().into_bytes(), "text")
    };
    // A client that stops reading is bounded by the same deadline.
    let write = async {
        stream.write_all(&reply).await?;
        stream.flush().await
    };
    if !matches!(timeout_at(deadline, write).await, Ok(Ok(()))) {
        return "unread";
    }
    // What the client still sends is read and dropped, up to a bound, so that closing with
    // unread bytes does not reset the connection before the client has read the answer.
    // A client with nothing more to say costs one short pause.
    let drain_by = deadline.min(Instant::now() + DRAIN_TIME);
    let mut drained = 0;
    while drained < MAX_DRAIN {
        let pause = drain_by.min(Instant::now() + DRAIN_PAUSE);
        match timeout_at(pause, stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => drained += n,
            _ => break,
        }
    }
    how
}

/// The most bytes read and dropped after the answer, for how long in all, and the longest
/// pause between two reads.
const MAX_DRAIN: usize = 4 << 20;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(1);
const DRAIN_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// Whether the request's headers are complete.
fn ends_request(request: &[u8]) -> bool {
    request.windows(4).any(|w| w == b"\r\n\r\n") || request.windows(2).any(|w| w == b"\n\n")
}

/// An HTTP/1.x request line: a method, a target, a version.
fn looks_like_http(request: &[u8]) -> bool {
    const METHODS: [&[u8]; 8] = [b"GET ", b"HEAD ", b"POST ", b"PUT ", b"DELETE ", b"OPTIONS ", b"PATCH ", b"TRACE "];
    METHODS.iter().any(|m| request.starts_with(m) || m.starts_with(request))
}

/// Whether a header (name case-insensitive) holds this value.
fn header_has(request: &[u8], name: &str, value: &str) -> bool {
    String::from_utf8_lossy(request)
        .lines()
        .skip(1)
        .any(|line| line.split_once(':').is_some_and(|(n, v)| n.trim().eq_ignore_ascii_case(name) && v.contains(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_told_apart() {
        assert!(looks_like_http(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(looks_like_http(b"GE")); // may still become one
        assert!(!looks_like_http(b"\x00\x01junk"));
        assert!(ends_request(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert!(!ends_request(b"GET / HTTP/1.1\r\nHost: x\r\n"));
        assert!(header_has(b"GET / HTTP/1.1\r\naccept: application/json\r\n\r\n", "Accept", "application/json"));
        assert!(!header_has(b"GET / HTTP/1.1\r\nAccept: text/html\r\n\r\n", "Accept", "application/json"));
    }
}
