//! Device fingerprints of a ClientHello: JA4 (and its raw form, JA4_r) and JA3.
//!
//! **JA4** follows FoxIO's specification, `technical_details/JA4.md` in
//! <https://github.com/FoxIO-LLC/ja4> (read at commit `0e54bc8`, June 2026), for TLS over
//! TCP: `t`, the version, `d` or `i` for SNI, the counts of suites and extensions, the first
//! and last characters of the first ALPN protocol, then the truncated SHA-256 of the sorted
//! suites and that of the sorted extensions followed by the signature algorithms. GREASE
//! values (RFC 8701) are left out everywhere, as the specification says: "The program needs
//! to ignore GREASE values anywhere it sees them".
//!
//! Where FoxIO's own tools and the specification part, the specification is followed: a first
//! ALPN protocol whose first or last byte is not an ASCII letter or digit gives the first and
//! last hex digits of the name (`0xBA 0xAD` is `bd`), where those tools print `99`.
//!
//! **JA3** is Salesforce's `SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats`
//! with decimal values joined by `-`, GREASE left out (as Salesforce's `ja3` and Wireshark's
//! `tls.handshake.ja3_full` do), and its MD5.
//!
//! Every function reads the hello through its public accessors and never panics: a hello
//! [`ClientHello::parse`] accepted always has a fingerprint.

use core::fmt::Write as _;

use md5::{Digest as _, Md5};
use sha2::Sha256;

use crate::hello::ClientHello;

/// `server_name` (RFC 6066 §3).
const SERVER_NAME: u16 = 0x0000;
/// `application_layer_protocol_negotiation` (RFC 7301 §3.1).
const ALPN: u16 = 0x0010;
/// What JA4 writes for the hash of an empty list (JA4.md, "Cipher hash" and "Extension
/// hash": "We do this rather than running a sha256 hash of nothing").
const EMPTY_HASH: &str = "000000000000";

/// The fingerprints of one ClientHello sent over TCP.
///
/// ```
/// use tls_policy::ClientHello;
/// use tls_policy::capture::fingerprint::Fingerprints;
///
/// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
/// let prints = Fingerprints::of(&hello);
/// assert_eq!(prints.ja4, "t13i310900_e8f1e7e78f70_1f22a2ca17c4");
/// assert!(prints.ja4_r.starts_with("t13i310900_002f,0033,0035,0039,"));
/// assert_eq!(prints.ja3_hash, "c216e752cae6f8755fd27f561d031636");
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Fingerprints {
    /// JA4, for instance `t13d1516h2_8daaf6152771_e5627efa2ab1`.
    pub ja4: String,
    /// JA4_r: JA4 with the sorted lists themselves in place of their hashes.
    pub ja4_r: String,
    /// The JA3 string: `SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats`.
    pub ja3: String,
    /// The MD5 of the JA3 string, lower-case hex: what is usually called "the JA3".
    pub ja3_hash: String,
}

impl Fingerprints {
    /// The fingerprints of `hello`, taken as sent over TCP (JA4's `t`).
    ///
    /// ```
    /// use tls_policy::ClientHello;
    /// use tls_policy::capture::fingerprint::{Fingerprints, ja3, ja4};
    ///
    /// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
    /// let prints = Fingerprints::of(&hello);
    /// assert_eq!(prints.ja4, ja4(&hello));
    /// assert_eq!(prints.ja3, ja3(&hello));
    /// # Ok::<(), tls_policy::HelloError>(())
    /// ```
    pub fn of(hello: &ClientHello<'_>) -> Self {
        let parts = Ja4Parts::of(hello);
        let ja3 = ja3(hello);
        Self { ja4: parts.hashed(), ja4_r: parts.raw(), ja3_hash: md5_hex(&ja3), ja3 }
    }
}

/// JA4 of `hello` sent over TCP.
///
/// ```
/// use tls_policy::ClientHello;
/// use tls_policy::capture::fingerprint::ja4;
///
/// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
/// // TLS 1.3, no SNI, 31 suites, 9 extensions, no ALPN.
/// assert_eq!(ja4(&hello), "t13i310900_e8f1e7e78f70_1f22a2ca17c4");
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
pub fn ja4(hello: &ClientHello<'_>) -> String {
    Ja4Parts::of(hello).hashed()
}

/// JA4_r of `hello` sent over TCP: the sorted suites, the sorted extensions (SNI and ALPN left
/// out) and the signature algorithms in the client's order, each comma-separated, in place of
/// their hashes.
///
/// ```
/// use tls_policy::ClientHello;
/// use tls_policy::capture::fingerprint::ja4_r;
///
/// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
/// let raw = ja4_r(&hello);
/// assert!(raw.starts_with("t13i310900_002f,0033,"));
/// assert!(raw.ends_with("_000a,000b,000d,0016,0017,0023,002b,002d,0033_0403,0503,0603,0807,0808,0809,080a,080b,0804,0805,0806,0401,0501,0601,0303,0301,0302,0402,0502,0602"));
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
pub fn ja4_r(hello: &ClientHello<'_>) -> String {
    Ja4Parts::of(hello).raw()
}

/// The JA3 string of `hello`: `legacy_version`, then the suites, extensions, groups and
/// point formats in the client's order, decimal, joined by `-`, GREASE left out.
///
/// ```
/// use tls_policy::ClientHello;
/// use tls_policy::capture::fingerprint::ja3;
///
/// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
/// let ja3 = ja3(&hello);
/// assert!(ja3.starts_with("771,4866-4867-4865-49196-"));
/// assert!(ja3.ends_with(",11-10-35-22-23-13-43-45-51,29-23-30-25-24-256-257-258-259-260,0-1-2"));
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
pub fn ja3(hello: &ClientHello<'_>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail; the results are ignored rather than unwrapped.
    push_decimal(&mut out, u16::from(hello.legacy_version()));
    out.push(',');
    decimal_list(&mut out, hello.suites().iter().map(u16::from));
    out.push(',');
    decimal_list(&mut out, hello.extensions().map(|(ty, _)| ty));
    out.push(',');
    decimal_list(&mut out, hello.groups().into_iter().flat_map(|g| g.iter()).map(u16::from));
    out.push(',');
    // One byte each (RFC 8422 §5.1.2), never GREASE.
    let formats = hello.offer().ec_point_formats().unwrap_or(&[]);
    for (i, format) in formats.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        push_decimal(&mut out, u16::from(*format));
    }
    out
}

/// The MD5 of [`ja3`], lower-case hex.
///
/// ```
/// use tls_policy::ClientHello;
/// use tls_policy::capture::fingerprint::ja3_hash;
///
/// let hello = ClientHello::parse(include_bytes!("../../tests/data/hellos/openssl_default.bin"))?;
/// assert_eq!(ja3_hash(&hello), "c216e752cae6f8755fd27f561d031636");
/// # Ok::<(), tls_policy::HelloError>(())
/// ```
pub fn ja3_hash(hello: &ClientHello<'_>) -> String {
    md5_hex(&ja3(hello))
}

/// What JA4 reads of a hello, GREASE already left out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ja4Parts<'a> {
    /// The version the client offers (supported_versions' highest, else legacy_version).
    version: u16,
    /// Whether `server_name` was sent.
    sni: bool,
    /// The cipher suites, signalling values included, in the client's order.
    suites: Vec<u16>,
    /// The extension types, in the client's order.
    extensions: Vec<u16>,
    /// `signature_algorithms`, in the client's order.
    sigalgs: Vec<u16>,
    /// The first ALPN protocol name.
    alpn: Option<&'a [u8]>,
}

impl<'a> Ja4Parts<'a> {
    fn of(hello: &ClientHello<'a>) -> Self {
        let extensions: Vec<u16> = hello.extensions().map(|(ty, _)| ty).filter(|&ty| !is_grease(ty)).collect();
        let versions = hello.supported_versions();
        let highest = versions.into_iter().flat_map(|v| v.iter()).map(u16::from).filter(|&v| !is_grease(v)).max();
        Self {
            // JA4.md, "TLS and DTLS Version": "If extension 0x002b exists (supported_versions),
            // then the version is the highest value in the extension. Remember to ignore
            // GREASE values. If the extension doesn't exist, then the TLS version is the value
            // of the Protocol Version." An extension holding only GREASE has no highest value:
            // the Protocol Version (legacy_version) stands in.
            version: highest.unwrap_or_else(|| u16::from(hello.legacy_version())),
            // JA4.md, "SNI": "If the SNI extension (0x0000) exists".
            sni: extensions.contains(&SERVER_NAME),
            suites: hello.suites().iter().map(u16::from).filter(|&s| !is_grease(s)).collect(),
            // GREASE is left out of signature_algorithms too. JA4.md, "Details": "The program
            // needs to ignore GREASE values anywhere it sees them" (the sentence has stood
            // since FoxIO's commit 7f57907, September 2023; no later change to JA4.md, the
            // 2026 ones included, treats signature algorithms apart). FoxIO's python/ja4.py
            // drops them (python/common.py `get_signature_algorithms`, commit 638a765,
            // February 2024); its Rust ja4 and Wireshark plugin, at 0e54bc8, keep them.
            sigalgs: hello
                .signature_schemes()
                .into_iter()
                .flat_map(|s| s.iter())
                .map(u16::from)
                .filter(|&s| !is_grease(s))
                .collect(),
            alpn: hello.alpn().next(),
            extensions,
        }
    }

    /// JA4_a: `t`, version, SNI, counts, ALPN; e.g. `t13d1516h2`.
    fn prefix(&self) -> String {
        let mut out = String::with_capacity(10);
        out.push('t');
        out.push_str(version_code(self.version));
        out.push(if self.sni { 'd' } else { 'i' });
        push_count(&mut out, self.suites.len());
        push_count(&mut out, self.extensions.len());
        out.extend(alpn_code(self.alpn));
        out
    }

    /// The suites, sorted, as 4-digit hex, comma-separated.
    fn suite_list(&self) -> String {
        let mut suites = self.suites.clone();
        suites.sort_unstable();
        hex_list(&suites)
    }

    /// The extensions, SNI and ALPN left out, sorted, then `_` and the signature algorithms
    /// in the client's order when there are any (JA4.md: "If there are no signature
    /// algorithms in the hello packet, then the string ends without an underscore").
    fn extension_list(&self) -> String {
        let mut extensions: Vec<u16> =
            self.extensions.iter().copied().filter(|&ty| ty != SERVER_NAME && ty != ALPN).collect();
        extensions.sort_unstable();
        let mut out = hex_list(&extensions);
        if !extensions.is_empty() && !self.sigalgs.is_empty() {
            out.push('_');
            out.push_str(&hex_list(&self.sigalgs));
        }
        out
    }

    /// JA4: the prefix, the hash of the suites, the hash of extensions and signatures.
    fn hashed(&self) -> String {
        format!("{}_{}_{}", self.prefix(), hash12(&self.suite_list()), hash12(&self.extension_list()))
    }

    /// JA4_r: the prefix and the lists themselves.
    fn raw(&self) -> String {
        format!("{}_{}_{}", self.prefix(), self.suite_list(), self.extension_list())
    }
}

/// RFC 8701 §2: `0x?A?A`, both bytes equal.
fn is_grease(value: u16) -> bool {
    crate::model::registry::is_grease_u16(value)
}

/// JA4.md, "TLS and DTLS Version": the two characters of a version, `00` when unknown.
fn version_code(version: u16) -> &'static str {
    match version {
        0x0304 => "13",
        0x0303 => "12",
        0x0302 => "11",
        0x0301 => "10",
        0x0300 => "s3",
        0x0002 => "s2",
        0xfeff => "d1",
        0xfefd => "d2",
        0xfefc => "d3",
        _ => "00",
    }
}

/// Two decimal digits, at most 99 (JA4.md, "Number of Ciphers": "If there's > 99, which
/// there should never be, then output 99").
fn push_count(out: &mut String, count: usize) {
    let count = count.min(99);
    let _ = write!(out, "{count:02}");
}

/// JA4.md, "ALPN Extension Value": the first and last characters of the first protocol
/// name; `00` when there is none or it is empty; when its first or last byte is not an ASCII
/// letter or digit, the first and last characters of its hex form instead (`0xAB 0xCD` is
/// `ad`, `0x61 0x20` is `60`). One byte is both first and last.
fn alpn_code(alpn: Option<&[u8]>) -> [char; 2] {
    let Some((&first, &last)) = alpn.and_then(|name| name.first().zip(name.last())) else {
        return ['0', '0'];
    };
    if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() {
        [char::from(first), char::from(last)]
    } else {
        [hex_digit(first >> 4), hex_digit(last & 0x0f)]
    }
}

/// A nibble's lower-case hex digit.
fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble & 0x0f), 16).unwrap_or('0')
}

/// `0005,000a,...`: 4-digit lower-case hex, comma-separated.
fn hex_list(values: &[u16]) -> String {
    let mut out = String::with_capacity(values.len() * 5);
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for shift in [12, 8, 4, 0] {
            out.push(hex_digit(u8::try_from(value >> shift & 0x0f).unwrap_or(0)));
        }
    }
    out
}

/// The first 12 hex digits of SHA-256, or [`EMPTY_HASH`] for an empty list.
fn hash12(list: &str) -> String {
    if list.is_empty() {
        return EMPTY_HASH.to_owned();
    }
    let mut hex = lower_hex(&Sha256::digest(list.as_bytes()));
    hex.truncate(12);
    hex
}

/// MD5, lower-case hex.
fn md5_hex(text: &str) -> String {
    lower_hex(&Md5::digest(text.as_bytes()))
}

/// Bytes as lower-case hex.
fn lower_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(hex_digit(byte >> 4));
        out.push(hex_digit(byte));
    }
    out
}

/// Appends the non-GREASE values in decimal, joined by `-`.
fn decimal_list(out: &mut String, values: impl Iterator<Item = u16>) {
    for (i, value) in values.filter(|&v| !is_grease(v)).enumerate() {
        if i > 0 {
            out.push('-');
        }
        push_decimal(out, value);
    }
}

/// A number in decimal, without `fmt`'s machinery (this runs for every value of every hello).
fn push_decimal(out: &mut String, value: u16) {
    let mut digits = [0u8; 5];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits.get(at..).unwrap_or_default().iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_hex_lists_are_what_fmt_writes() {
        for value in [0u16, 1, 9, 10, 99, 100, 771, 4865, 9999, 10_000, 65_535] {
            let mut out = String::new();
            push_decimal(&mut out, value);
            assert_eq!(out, value.to_string());
            assert_eq!(hex_list(&[value]), format!("{value:04x}"));
        }
        assert_eq!(hex_list(&[0x1301, 0xc02f]), "1301,c02f");
    }

    #[test]
    fn the_specification_example() {
        // JA4.md, "Example" and "Raw Output".
        let parts = Ja4Parts {
            version: 0x0304,
            sni: true,
            suites: vec![
                0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
                0x002f, 0x0035,
            ],
            extensions: vec![
                0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01,
                0x000b, 0x000a, 0x0015,
            ],
            sigalgs: vec![0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
            alpn: Some(b"h2"),
        };
        assert_eq!(parts.hashed(), "t13d1516h2_8daaf6152771_e5627efa2ab1");
        assert_eq!(
            parts.raw(),
            "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_\
             0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_\
             0403,0804,0401,0503,0805,0501,0806,0601"
        );
        // "If there are no signature algorithms ..., then the string ends without an
        // underscore and is hashed": 6d807ffa2a79.
        let unsigned = Ja4Parts { sigalgs: Vec::new(), ..parts };
        assert!(unsigned.hashed().ends_with("_6d807ffa2a79"));
    }

    #[test]
    fn empty_lists_hash_to_zeros() {
        let parts =
            Ja4Parts { version: 0x0301, sni: false, suites: vec![], extensions: vec![], sigalgs: vec![], alpn: None };
        assert_eq!(parts.hashed(), "t10i000000_000000000000_000000000000");
        assert_eq!(parts.raw(), "t10i000000__");
        // SNI and ALPN alone leave the sorted list empty.
        let named = Ja4Parts { sni: true, extensions: vec![SERVER_NAME, ALPN], alpn: Some(b"h2"), ..parts };
        assert_eq!(named.hashed(), "t10d0002h2_000000000000_000000000000");
    }

    #[test]
    fn alpn_follows_the_specification_examples() {
        // JA4.md, "ALPN Extension Value".
        for (name, code) in [
            (&b"h2"[..], "h2"),
            (b"http/1.1", "h1"),
            (b"h", "hh"),
            (b"\xab", "ab"),
            (b"\x20", "20"),
            (b"\xab\xcd", "ad"),
            (b"\x20\x61", "21"),
            (b"\x30\xab", "3b"),
            (b"\x61\x20", "60"),
            (b"\x30\x31\xab\xcd", "3d"),
            (b"\x30\xab\xcd\x31", "01"),
        ] {
            assert_eq!(alpn_code(Some(name)).iter().collect::<String>(), code, "{name:02x?}");
        }
        assert_eq!(alpn_code(Some(b"")), ['0', '0']);
        assert_eq!(alpn_code(None), ['0', '0']);
    }

    #[test]
    fn versions() {
        for (version, code) in [
            (0x0304, "13"),
            (0x0303, "12"),
            (0x0302, "11"),
            (0x0301, "10"),
            (0x0300, "s3"),
            (0x0002, "s2"),
            (0xfeff, "d1"),
            (0xfefd, "d2"),
            (0xfefc, "d3"),
            (0x0305, "00"),
            (0x7f1c, "00"),
        ] {
            assert_eq!(version_code(version), code);
        }
    }

    #[test]
    fn counts_stop_at_99() {
        for (count, text) in [(0, "00"), (7, "07"), (99, "99"), (100, "99"), (65535, "99")] {
            let mut out = String::new();
            push_count(&mut out, count);
            assert_eq!(out, text);
        }
    }

    #[test]
    fn hashes() {
        assert_eq!(hash12(""), EMPTY_HASH);
        // FoxIO's rust/ja4/src/lib.rs test_hash12.
        assert_eq!(hash12("551d0f,551d25,551d11"), "aae71e8db6d7");
        // RFC 1321 §A.5.
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    }
}
