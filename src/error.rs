//! Errors of the model layer: turning text into versions, suites, groups and schemes.

use core::fmt;
use core::str::FromStr;

/// Which registry a name or code was looked up in.
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
    #[error("malformed {registry} code {input:?}: expected {expected}")]
    BadHex {
        /// What was being parsed.
        registry: Registry,
        /// The text as given.
        input: String,
        /// What a well-formed code looks like.
        expected: &'static str,
    },
    /// A name no registry row carries.
    #[error("unknown {registry} {input:?}{}", Suggestion(*suggestion))]
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
    /// hold. Parse an [`Entry`](crate::Entry) instead.
    #[error(
        "{input:?} names cipher suite {suite} constrained to group {group}; parse it as an Entry to keep the constraint"
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
    #[error("{input:?}: the curve suffix {suffix} only applies to ECDHE suites, and {suite} is not one")]
    SuffixOnNonEcdhe {
        /// The text as given.
        input: String,
        /// The suffix found (`_P256`).
        suffix: &'static str,
        /// The IANA name of the suite.
        suite: &'static str,
    },
}

struct Suggestion(Option<&'static str>);

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
    let input = input.trim().to_ascii_uppercase();
    if input.is_empty() || input.len() > 200 {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    for c in candidates {
        let d = edit_distance(input.as_bytes(), c.to_ascii_uppercase().as_bytes());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, _)| *d * 3 <= input.len().max(3)).map(|(_, c)| c)
}

fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
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
        assert_eq!(edit_distance(b"", b"abc"), 3);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"same", b"same"), 0);
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
