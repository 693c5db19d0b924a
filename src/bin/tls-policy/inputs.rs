//! The captures `check` and `diff` read: named files and folders (walked to a bounded depth,
//! symbolic-link loops caught, every skipped path said on stderr), each read with a bound, one
//! at a time.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::hex;

/// The most bytes a capture may hold: the largest ClientHello the grammar allows (RFC 8446
/// §4.1.2: a 38-byte fixed part, a 32-byte session id, 2^16-2 bytes of suites, 255
/// compression methods, 2^16-1 bytes of extensions, plus the 4-byte handshake header: 131,400
/// bytes) fills 9 records of at most 2^14 bytes (RFC 8446 §5.1), each with a 5-byte header.
/// The reader joins as many records as the handshake header asks for; anything larger is not
/// a ClientHello.
pub(crate) const MAX_CAPTURE: usize = 9 * (5 + (1 << 14));

/// The most text a hex dump may hold: Wireshark's hex dump, the widest form, takes about 4.6
/// characters a byte; 8 leaves room for indentation and CRLF line ends.
const MAX_HEX_TEXT: usize = 8 * MAX_CAPTURE;

/// How deep folders are walked.
const MAX_DEPTH: usize = 32;

/// Sample ClientHellos bundled with the tool: real captures from OpenSSL, curl and Python.
const SAMPLES: [(&str, &[u8]); 10] = [
    ("openssl_default.bin", include_bytes!("../../../tests/data/hellos/openssl_default.bin")),
    ("openssl_tls1_2.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_2.bin")),
    ("openssl_tls1_3.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_3.bin")),
    ("openssl_tls1.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1.bin")),
    ("openssl_tls1_1_fallback_scsv.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_1_fallback_scsv.bin")),
    ("openssl_tls1_2_sha1_legacy.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_2_sha1_legacy.bin")),
    ("openssl_tls1_2_static_rsa.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_2_static_rsa.bin")),
    ("openssl_tls1_2_ecdsa_only.bin", include_bytes!("../../../tests/data/hellos/openssl_tls1_2_ecdsa_only.bin")),
    ("curl_tls1_0.bin", include_bytes!("../../../tests/data/hellos/curl_tls1_0.bin")),
    ("python_default.bin", include_bytes!("../../../tests/data/hellos/python_default.bin")),
];

/// One input, not yet read.
pub(crate) enum Source {
    /// A bundled sample.
    Sample(&'static str, &'static [u8]),
    /// A file to read when its turn comes.
    File(PathBuf),
    /// A folder that could not be listed.
    Unlisted(PathBuf, std::io::Error),
}

impl Source {
    pub(crate) fn name(&self) -> String {
        match self {
            Self::Sample(name, _) => (*name).to_owned(),
            Self::File(path) | Self::Unlisted(path, _) => path.display().to_string(),
        }
    }

    /// Its size in bytes, for the progress (0 when it cannot be read).
    pub(crate) fn size(&self) -> u64 {
        match self {
            Self::Sample(_, bytes) => u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            Self::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Self::Unlisted(..) => 0,
        }
    }
}

/// The bundled samples.
pub(crate) fn samples() -> Vec<Source> {
    SAMPLES.iter().map(|(name, bytes)| Source::Sample(name, bytes)).collect()
}

/// The captures at these paths: a named file is read whatever its name (a packet capture is
/// told by its content); a folder gives its `.bin`, `.hex`, `.pcap`, `.pcapng` and `.cap`
/// files (any case), its subfolders' too, sorted by name. Every other entry
/// is given to `skipped` with the reason it is skipped.
pub(crate) fn find(paths: &[PathBuf], skipped: &mut dyn FnMut(&Path, &str)) -> Vec<Source> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        walk(path, 0, true, &mut seen, &mut found, skipped);
    }
    found
}

fn walk(
    path: &Path,
    depth: usize,
    named: bool,
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<Source>,
    skipped: &mut dyn FnMut(&Path, &str),
) {
    let Ok(meta) = std::fs::metadata(path) else {
        if !named && std::fs::symlink_metadata(path).is_ok() {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            return skipped(path, &format!("a symbolic link to {target:?}, which does not exist"));
        }
        // A named path that cannot be read is reported when its turn comes.
        return found.push(Source::File(path.to_owned()));
    };
    if meta.is_dir() {
        if depth >= MAX_DEPTH {
            return skipped(path, &format!("more than {MAX_DEPTH} folders deep"));
        }
        // A folder reached twice (a symbolic link to a parent, or named twice) is read once.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if !seen.insert(real.clone()) {
            return skipped(path, &format!("the folder {} is already read (a symbolic link loop?)", real.display()));
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return found.push(Source::Unlisted(path.to_owned(), e)),
        };
        entries.sort();
        for entry in entries {
            walk(&entry, depth + 1, false, seen, found, skipped);
        }
    } else if named {
        found.push(Source::File(path.to_owned()));
    } else if !meta.is_file() {
        skipped(path, "not a regular file");
    } else if extension(path).is_some() {
        found.push(Source::File(path.to_owned()));
    } else {
        skipped(path, "not a capture (.bin, .pcap, .pcapng) or hex dump (.hex)");
    }
}

/// `bin`, `hex`, `pcap`, `pcapng` or `cap`, whatever the case of the file's extension.
fn extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    ["bin", "hex", "pcap", "pcapng", "cap"].into_iter().find(|e| ext.eq_ignore_ascii_case(e))
}

/// Whether the file at `path` is a packet capture, by its first bytes (whatever its name).
pub(crate) fn is_capture(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && tls_policy::capture::is_capture(&magic)
}

/// An input larger than any ClientHello: a `malformed` row.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the input{} is over {MAX_CAPTURE} bytes, larger than any ClientHello (9 records of 16 KiB)", if *.hex { " (as hex)" } else { "" })]
pub(crate) struct TooLarge {
    /// Whether the input is a hex dump (its text or its bytes too large).
    hex: bool,
}

/// Why an input gave no bytes to parse.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    /// Larger than any ClientHello: a `malformed` row.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// Not readable: reported on stderr, the run fails.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Not a hex dump: reported on stderr, the run fails.
    #[error("{0}")]
    Hex(hex::HexError),
}

/// Reads one capture file into `buffer` (cleared first), at most [`MAX_CAPTURE`] bytes.
pub(crate) fn read(path: &Path, buffer: &mut Vec<u8>) -> Result<(), ReadError> {
    buffer.clear();
    let file = File::open(path)?;
    let hex = extension(path) == Some("hex");
    let limit = if hex { MAX_HEX_TEXT } else { MAX_CAPTURE };
    let mut raw = Vec::new();
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut raw)?;
    if raw.len() > limit {
        return Err(TooLarge { hex }.into());
    }
    if !hex {
        *buffer = raw;
        return Ok(());
    }
    let text = String::from_utf8_lossy(&raw);
    hex::decode(&text, buffer).map_err(ReadError::Hex)?;
    if buffer.len() > MAX_CAPTURE {
        return Err(TooLarge { hex }.into());
    }
    Ok(())
}
