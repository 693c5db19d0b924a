//! Errors of the model layer: turning text into versions, suites, groups and schemes.

use core::fmt;
use core::str::FromStr;

/// Which registry a name or code was looked up in.
///
/// ```
/// use tls_policy::{NamedGroup, ParseError, Registry};
///
/// match "secp256k2".parse::<NamedGroup>() {
///     Err(ParseError::Unknown { registry, .. }) => assert_eq!(registry, Registry::Group),
///     other => panic!("expected an unknown group, got {other:?}"),
/// }
/// assert_eq!(Registry::SignatureScheme.to_string(), "signature scheme");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Registry {
    /// TLS protocol versions.
    Version,
    /// TLS cipher suites.
    CipherSuite,
    /// TLS supported groups (named groups).
    Group,
    /// TLS signature schemes.
    SignatureScheme,
    /// The crate's named catalogs.
    Catalog,
}

impl fmt::Display for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Version => "protocol version",
            Self::CipherSuite => "cipher suite",
            Self::Group => "named group",
            Self::SignatureScheme => "signature scheme",
            Self::Catalog => "catalog",
        })
    }
}

/// Text that does not name a version, suite, group, scheme or catalog.
///
/// ```
/// use tls_policy::{CipherSuite, ParseError};
///
/// let err = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265".parse::<CipherSuite>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown cipher suite \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265\" \
///      (did you mean TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256?)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The text was empty (or only white space).
    #[error("empty {registry}: expected a name or a hex code such as 0xC02F")]
    Empty {
        /// What was being parsed.
        registry: Registry,
    },
    /// A hex code that is not well formed.
    #[error("malformed {registry} code {}: expected {expected}", Quote(input))]
    BadHex {
        /// What was being parsed.
        registry: Registry,
        /// The text as given.
        input: String,
        /// What a well-formed code looks like.
        expected: &'static str,
    },
    /// A name no registry row carries.
    #[error("unknown {registry} {}{}", Quote(input), Suggestion(*suggestion))]
    Unknown {
        /// What was being parsed.
        registry: Registry,
        /// The text as given.
        input: String,
        /// The known name nearest to the input, if one is close.
        suggestion: Option<&'static str>,
    },
    /// An SChannel name with a curve suffix (`_P256`) where a bare cipher suite was expected:
    /// the suffix is a group constraint, which a [`CipherSuite`](crate::CipherSuite) cannot
    /// hold. Parse an [`SuiteEntry`](crate::SuiteEntry) instead.
    #[error(
        "{} names cipher suite {suite} constrained to group {group}; parse it as an SuiteEntry to keep the constraint",
        Quote(input)
    )]
    GroupConstraint {
        /// The text as given.
        input: String,
        /// The IANA name of the suite.
        suite: &'static str,
        /// The name of the group the suffix fixes.
        group: &'static str,
    },
    /// A curve suffix on a suite that does no elliptic-curve key exchange.
    #[error("{}: the curve suffix {suffix} only applies to ECDHE suites, and {suite} is not one", Quote(input))]
    SuffixOnNonEcdhe {
        /// The text as given.
        input: String,
        /// The suffix found (`_P256`).
        suffix: &'static str,
        /// The IANA name of the suite.
        suite: &'static str,
    },
}

/// How many characters of the input an error message quotes: a 20 MB value in a policy file
/// must not become a 20 MB log line. The longest registered name (45 characters) with a curve
/// suffix and a `+group` still fits, so a near miss of a real name is quoted whole. The field
/// itself keeps the whole input.
const QUOTED: usize = 64;

/// The input as a quoted string, cut after [`QUOTED`] characters with how long it was.
pub(crate) struct Quote<'a>(pub(crate) &'a str);

impl fmt::Display for Quote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTED) {
            Some((at, _)) => {
                let head = self.0.get(..at).unwrap_or_default();
                write!(f, "{head:?}... ({} bytes)", self.0.len())
            }
            None => write!(f, "{:?}", self.0),
        }
    }
}

pub(crate) struct Suggestion(pub(crate) Option<&'static str>);

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, " (did you mean {s}?)"),
            None => Ok(()),
        }
    }
}

/// Parses exactly four hex digits (the part after `0x`).
pub(crate) fn parse_hex_u16(hex: &str) -> Result<u16, &'static str> {
    const EXPECTED: &str = "four hex digits after 0x, such as 0x0303 or 0xC02F";
    if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(EXPECTED);
    }
    u16::from_str_radix(hex, 16).map_err(|_| EXPECTED)
}

/// The candidate nearest to `input` by edit distance (ASCII case ignored), if it is close
/// enough to be a plausible typo: at most a third of the input's length.
pub(crate) fn nearest(input: &str, candidates: impl IntoIterator<Item = &'static str>) -> Option<&'static str> {
    let input = input.trim().as_bytes();
    if input.is_empty() || input.len() > 200 {
        return None;
    }
    let mut limit = input.len().max(3) / 3;
    let histogram = |s: &[u8]| {
        let mut h = [0i16; 64];
        for &b in s {
            h[usize::from(b.to_ascii_uppercase() & 0x3F)] += 1;
        }
        h
    };
    let wanted = histogram(input);
    let mut rows = [Vec::new(), Vec::new(), Vec::new()];
    let mut best = None;
    for c in candidates {
        // Cheap lower bounds first: the distance is at least the difference in length, and at
        // least half the difference in character counts (one edit changes two counts at most).
        if c.len().abs_diff(input.len()) > limit {
            continue;
        }
        let have = histogram(c.as_bytes());
        let spread: usize = wanted.iter().zip(&have).map(|(a, b)| usize::from(a.abs_diff(*b))).sum();
        if spread > 2 * limit {
            continue;
        }
        if let Some(d) = distance_within(input, c.as_bytes(), limit, &mut rows) {
            best = Some(c);
            match d.checked_sub(1) {
                Some(closer) => limit = closer, // from now on, only a strictly closer name counts
                None => break,
            }
        }
    }
    best
}

/// The optimal string alignment distance between `a` and `b`, ASCII case ignored, if it is at
/// most `max`: insertions, deletions, substitutions and transpositions of neighbours each cost
/// one, so `secp265r1` is one step from `secp256r1`. Stops as soon as a whole row exceeds
/// `max`.
fn distance_within(a: &[u8], b: &[u8], max: usize, rows: &mut [Vec<usize>; 3]) -> Option<usize> {
    let same = |x: u8, y: u8| x.eq_ignore_ascii_case(&y);
    let [before, prev, cur] = rows;
    before.clear();
    prev.clear();
    prev.extend(0..=b.len());
    for i in 1..=a.len() {
        cur.clear();
        cur.push(i);
        for j in 1..=b.len() {
            let cost = usize::from(!same(a[i - 1], b[j - 1]));
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) {
                d = d.min(before[j - 2] + 1);
            }
            cur.push(d);
        }
        if cur.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        core::mem::swap(before, prev);
        core::mem::swap(prev, cur);
    }
    prev.last().copied().filter(|&d| d <= max)
}

/// Deserializes any `FromStr` type from a string, with the parse error as the message.
pub(crate) fn deserialize_from_str<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr<Err = ParseError>,
{
    struct Visitor<T>(core::marker::PhantomData<T>);
    impl<T: FromStr<Err = ParseError>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a name or a hex code")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
    }
    d.deserialize_str(Visitor(core::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        let mut rows = Default::default();
        let mut d = |a: &str, b: &str| distance_within(a.as_bytes(), b.as_bytes(), 10, &mut rows);
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("same", "SAME"), Some(0));
        assert_eq!(d("secp265r1", "secp256r1"), Some(1));
        assert_eq!(d("ab", "ba"), Some(1));
        assert_eq!(distance_within(b"abcdef", b"uvwxyz", 2, &mut rows), None);
    }

    #[test]
    fn suggestions_only_when_close() {
        let names = ["secp256r1", "secp384r1", "x25519"];
        assert_eq!(nearest("secp256k1", names), Some("secp256r1"));
        assert_eq!(nearest("X25519", names), Some("x25519"));
        assert_eq!(nearest("completely different", names), None);
        assert_eq!(nearest("", names), None);
    }
}
