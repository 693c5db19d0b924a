//! TLS protocol versions: the wire value, its rank and its standing.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::model::error::{ParseError, Registry};

/// A TLS protocol version as it travels on the wire (`ProtocolVersion`, RFC 8446 §4.1.2).
///
/// Any `u16` can be held, so a version a peer sends that this crate does not know (a GREASE
/// value, a draft, DTLS) survives as itself. The five versions of the SSL 3.0 / TLS family have
/// constants and a [rank](Self::rank); versions compare by rank, never by wire value.
///
/// ```
/// use tls_policy::ProtocolVersion;
///
/// let v: ProtocolVersion = "TLSv1.2".parse()?;
/// assert_eq!(v, ProtocolVersion::TLSv1_2);
/// assert_eq!(u16::from(v), 0x0303);
/// assert!(ProtocolVersion::TLSv1_3 > v);
/// assert_eq!(v.to_string(), "TLSv1.2");
/// assert_eq!("1.2".parse::<ProtocolVersion>()?, v);
/// assert_eq!("0x0303".parse::<ProtocolVersion>()?, v);
/// # Ok::<(), tls_policy::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolVersion(u16);

/// Where a protocol version stands in the IETF's eyes.
///
/// ```
/// use tls_policy::{ProtocolVersion, VersionStatus};
///
/// assert_eq!(ProtocolVersion::TLSv1_1.status(), Some(VersionStatus::Deprecated)); // RFC 8996
/// assert_eq!(ProtocolVersion::TLSv1_3.status(), Some(VersionStatus::Current));
/// assert_eq!(VersionStatus::Legacy.to_string(), "legacy");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
#[non_exhaustive]
pub enum VersionStatus {
    /// Must not be used: SSL 3.0 (RFC 7568), TLS 1.0 and TLS 1.1 (RFC 8996).
    Deprecated,
    /// Still allowed, but superseded: TLS 1.2 (RFC 9325 §3.1.1: TLS 1.3 is to be preferred).
    Legacy,
    /// The current version: TLS 1.3 (RFC 8446).
    Current,
}

impl fmt::Display for VersionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.into())
    }
}

/// `(version, rank, display name, status, defining RFC)`.
const KNOWN: [(ProtocolVersion, u8, &str, VersionStatus, &str); 5] = [
    (ProtocolVersion::SSLv3, 0, "SSLv3", VersionStatus::Deprecated, "RFC 6101"),
    (ProtocolVersion::TLSv1_0, 1, "TLSv1.0", VersionStatus::Deprecated, "RFC 2246"),
    (ProtocolVersion::TLSv1_1, 2, "TLSv1.1", VersionStatus::Deprecated, "RFC 4346"),
    (ProtocolVersion::TLSv1_2, 3, "TLSv1.2", VersionStatus::Legacy, "RFC 5246"),
    (ProtocolVersion::TLSv1_3, 4, "TLSv1.3", VersionStatus::Current, "RFC 8446"),
];

// Named as rustls and OpenSSL name them: `TLSv1_2` reads better than `TLSV1_2`.
#[allow(non_upper_case_globals)]
impl ProtocolVersion {
    /// SSL 3.0, `0x0300` (RFC 6101; prohibited by RFC 7568).
    pub const SSLv3: Self = Self(0x0300);
    /// TLS 1.0, `0x0301` (RFC 2246; deprecated by RFC 8996).
    pub const TLSv1_0: Self = Self(0x0301);
    /// TLS 1.1, `0x0302` (RFC 4346; deprecated by RFC 8996).
    pub const TLSv1_1: Self = Self(0x0302);
    /// TLS 1.2, `0x0303` (RFC 5246).
    pub const TLSv1_2: Self = Self(0x0303);
    /// TLS 1.3, `0x0304` (RFC 8446).
    pub const TLSv1_3: Self = Self(0x0304);

    /// The known versions, lowest first.
    pub const ALL: [Self; 5] = [Self::SSLv3, Self::TLSv1_0, Self::TLSv1_1, Self::TLSv1_2, Self::TLSv1_3];

    /// The rank among known versions: 0 for SSL 3.0 up to 4 for TLS 1.3; `None` when unknown.
    ///
    /// ```
    /// use tls_policy::ProtocolVersion;
    ///
    /// assert_eq!(ProtocolVersion::TLSv1_2.rank(), Some(3));
    /// assert_eq!(ProtocolVersion::from(0x7F1C).rank(), None); // a TLS 1.3 draft
    /// ```
    pub const fn rank(self) -> Option<u8> {
        match self.0 {
            0x0300..=0x0304 => Some(self.0.to_be_bytes()[1]),
            _ => None,
        }
    }

    /// The known version of this rank.
    ///
    /// ```
    /// use tls_policy::ProtocolVersion;
    ///
    /// assert_eq!(ProtocolVersion::from_rank(4), Some(ProtocolVersion::TLSv1_3));
    /// assert_eq!(ProtocolVersion::from_rank(5), None);
    /// ```
    pub const fn from_rank(rank: u8) -> Option<Self> {
        match rank {
            0 => Some(Self::SSLv3),
            1 => Some(Self::TLSv1_0),
            2 => Some(Self::TLSv1_1),
            3 => Some(Self::TLSv1_2),
            4 => Some(Self::TLSv1_3),
            _ => None,
        }
    }

    /// Whether this is one of the five known versions.
    ///
    /// ```
    /// use tls_policy::ProtocolVersion;
    ///
    /// assert!(ProtocolVersion::SSLv3.is_known());
    /// assert!(!ProtocolVersion::from(0x0A0A).is_known()); // GREASE
    /// ```
    pub const fn is_known(self) -> bool {
        self.rank().is_some()
    }

    /// Where the version stands; `None` when unknown.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionStatus};
    ///
    /// assert_eq!(ProtocolVersion::TLSv1_2.status(), Some(VersionStatus::Legacy)); // RFC 9325 §3.1.1
    /// ```
    pub fn status(self) -> Option<VersionStatus> {
        self.known().map(|k| k.3)
    }

    /// The RFC that defines the version; `None` when unknown.
    ///
    /// ```
    /// use tls_policy::ProtocolVersion;
    ///
    /// assert_eq!(ProtocolVersion::TLSv1_2.rfc(), Some("RFC 5246"));
    /// ```
    pub fn rfc(self) -> Option<&'static str> {
        self.known().map(|k| k.4)
    }

    /// The OpenSSL-style name (`TLSv1.2`); `None` when unknown.
    ///
    /// ```
    /// use tls_policy::ProtocolVersion;
    ///
    /// assert_eq!(ProtocolVersion::TLSv1_0.name(), Some("TLSv1.0"));
    /// assert_eq!(ProtocolVersion::from(0x0305).name(), None);
    /// ```
    pub fn name(self) -> Option<&'static str> {
        self.known().map(|k| k.2)
    }

    fn known(self) -> Option<&'static (ProtocolVersion, u8, &'static str, VersionStatus, &'static str)> {
        let rank = self.rank()?;
        KNOWN.get(usize::from(rank))
    }
}

crate::model::registry::wire_value!(ProtocolVersion);

impl Ord for ProtocolVersion {
    /// Known versions by rank; unknown ones sort below every known one, by wire value.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.rank(), other.rank()) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => self.0.cmp(&other.0),
        }
    }
}

impl PartialOrd for ProtocolVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ProtocolVersion {
    /// `TLSv1.2`; an unknown version as its wire value, `0x7F1C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "0x{:04X}", self.0),
        }
    }
}

impl fmt::Debug for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{}(0x{:04X})", name.replace('.', "_"), self.0),
            None if self.is_grease() => write!(f, "GREASE(0x{:04X})", self.0),
            None => write!(f, "ProtocolVersion(0x{:04X})", self.0),
        }
    }
}

impl FromStr for ProtocolVersion {
    type Err = ParseError;

    /// Accepts `TLSv1.2`, `TLS 1.2`, `TLS1_2`, `tls1.2`, `1.2`, `TLSv1` (OpenSSL's TLS 1.0),
    /// `SSLv3`, `SSL 3.0`, and any wire value in hex (`0x0303`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = s.trim();
        if input.is_empty() {
            return Err(ParseError::Empty { registry: Registry::Version });
        }
        if let Some(hex) = input.strip_prefix("0x").or_else(|| input.strip_prefix("0X")) {
            return crate::model::error::parse_hex_u16(hex).map(Self).map_err(|expected| ParseError::BadHex {
                registry: Registry::Version,
                input: input.to_owned(),
                expected,
            });
        }
        let lower = input.to_ascii_lowercase();
        let (family, number) = if let Some(rest) = lower.strip_prefix("tls") {
            ("tls", rest)
        } else if let Some(rest) = lower.strip_prefix("ssl") {
            ("ssl", rest)
        } else {
            ("", lower.as_str())
        };
        let number = number.trim_start_matches([' ', 'v', '_', '-']).replace('_', ".");
        let found = match (family, number.as_str()) {
            ("ssl", "3") | ("ssl" | "", "3.0") => Some(Self::SSLv3),
            // OpenSSL writes TLS 1.0 as `TLSv1`; a bare `1` is too vague to accept.
            ("tls", "1") | ("tls" | "", "1.0") => Some(Self::TLSv1_0),
            ("tls" | "", "1.1") => Some(Self::TLSv1_1),
            ("tls" | "", "1.2") => Some(Self::TLSv1_2),
            ("tls" | "", "1.3") => Some(Self::TLSv1_3),
            _ => None,
        };
        found.ok_or_else(|| ParseError::Unknown {
            registry: Registry::Version,
            input: input.to_owned(),
            suggestion: crate::model::error::nearest(input, KNOWN.iter().map(|k| k.2)),
        })
    }
}

/// A set of the known protocol versions, held as a bit per rank.
///
/// ```
/// use tls_policy::{ProtocolVersion, VersionSet};
///
/// let set = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2);
/// assert!(set.contains(ProtocolVersion::TLSv1_1));
/// assert!(!set.contains(ProtocolVersion::TLSv1_3));
/// assert_eq!(set.highest(), Some(ProtocolVersion::TLSv1_2));
/// assert_eq!(set.to_string(), "TLSv1.0, TLSv1.1, TLSv1.2");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct VersionSet(u8);

impl VersionSet {
    /// No version.
    pub const EMPTY: Self = Self(0);

    /// Every known version from `low` to `high`, both included; empty when either is unknown
    /// or `low > high`.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3).iter().count(), 2);
    /// assert!(VersionSet::between(ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2).is_empty());
    /// ```
    pub const fn between(low: ProtocolVersion, high: ProtocolVersion) -> Self {
        match (low.rank(), high.rank()) {
            (Some(lo), Some(hi)) if lo <= hi => Self((0xFFu8 >> (7 - hi)) & (0xFFu8 << lo)),
            _ => Self::EMPTY,
        }
    }

    /// Just this version (empty when unknown).
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(VersionSet::only(ProtocolVersion::TLSv1_2).to_string(), "TLSv1.2");
    /// assert!(VersionSet::only(ProtocolVersion::from(0x0305)).is_empty());
    /// ```
    pub const fn only(v: ProtocolVersion) -> Self {
        match v.rank() {
            Some(rank) => Self(1 << rank),
            None => Self::EMPTY,
        }
    }

    /// The set with `v` added (unchanged when unknown).
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// let set = VersionSet::only(ProtocolVersion::TLSv1_2).with(ProtocolVersion::TLSv1_3);
    /// assert_eq!(set, VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
    /// ```
    #[must_use]
    pub const fn with(self, v: ProtocolVersion) -> Self {
        Self(self.0 | Self::only(v).0)
    }

    /// Whether `v` is in the set.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert!(!VersionSet::EMPTY.contains(ProtocolVersion::TLSv1_2));
    /// ```
    pub const fn contains(self, v: ProtocolVersion) -> bool {
        Self::only(v).0 & self.0 != 0
    }

    /// Versions in both sets.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion as V, VersionSet};
    ///
    /// let legacy = VersionSet::between(V::TLSv1_0, V::TLSv1_2);
    /// assert_eq!(legacy.intersect(VersionSet::between(V::TLSv1_2, V::TLSv1_3)), VersionSet::only(V::TLSv1_2));
    /// ```
    #[must_use]
    pub const fn intersect(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// Versions in either set.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion as V, VersionSet};
    ///
    /// assert_eq!(VersionSet::only(V::TLSv1_2).union(VersionSet::only(V::TLSv1_3)), VersionSet::between(V::TLSv1_2, V::TLSv1_3));
    /// ```
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the set holds no version.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert!(VersionSet::EMPTY.is_empty() && !VersionSet::only(ProtocolVersion::TLSv1_3).is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The bits, one per [rank](ProtocolVersion::rank).
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(VersionSet::only(ProtocolVersion::TLSv1_2).bits(), 1 << 3); // rank 3
    /// ```
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The highest version in the set.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2).highest(), Some(ProtocolVersion::TLSv1_2));
    /// assert_eq!(VersionSet::EMPTY.highest(), None);
    /// ```
    pub const fn highest(self) -> Option<ProtocolVersion> {
        // The highest set bit is the highest rank.
        match self.0.checked_ilog2() {
            Some(0) => Some(ProtocolVersion::SSLv3),
            Some(1) => Some(ProtocolVersion::TLSv1_0),
            Some(2) => Some(ProtocolVersion::TLSv1_1),
            Some(3) => Some(ProtocolVersion::TLSv1_2),
            Some(4) => Some(ProtocolVersion::TLSv1_3),
            _ => None,
        }
    }

    /// Whether this set's highest version is below `other`'s (an empty set is below any other
    /// set): `self.highest() < other.highest()`, as one comparison of the bits.
    pub(crate) const fn tops_out_below(self, other: Self) -> bool {
        self.0.leading_zeros() > other.0.leading_zeros()
    }

    /// The lowest version in the set.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2).lowest(), Some(ProtocolVersion::TLSv1_0));
    /// ```
    pub const fn lowest(self) -> Option<ProtocolVersion> {
        let mut rank = 0;
        while rank < 5 {
            if self.0 & (1 << rank) != 0 {
                return ProtocolVersion::from_rank(rank);
            }
            rank += 1;
        }
        None
    }

    /// The versions, lowest first.
    ///
    /// ```
    /// use tls_policy::{ProtocolVersion as V, VersionSet};
    ///
    /// let set: VersionSet = [V::TLSv1_3, V::TLSv1_2].into_iter().collect();
    /// assert_eq!(set.iter().collect::<Vec<_>>(), [V::TLSv1_2, V::TLSv1_3]); // lowest first
    /// ```
    pub fn iter(self) -> impl Iterator<Item = ProtocolVersion> {
        ProtocolVersion::ALL.into_iter().filter(move |v| self.contains(*v))
    }
}

impl FromIterator<ProtocolVersion> for VersionSet {
    fn from_iter<I: IntoIterator<Item = ProtocolVersion>>(iter: I) -> Self {
        iter.into_iter().fold(Self::EMPTY, Self::with)
    }
}

impl fmt::Display for VersionSet {
    /// The versions, lowest first, comma separated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(&v, f)?;
        }
        Ok(())
    }
}

impl serde::Serialize for VersionSet {
    /// A list of version names, lowest first (`["TLSv1.2", "TLSv1.3"]`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for VersionSet {
    /// A list of versions in any form [`ProtocolVersion`] parses; unknown versions are an error.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let versions = Vec::<ProtocolVersion>::deserialize(d)?;
        match versions.iter().find(|v| !v.is_known()) {
            Some(v) => Err(serde::de::Error::custom(format!("{v} is not a TLS protocol version"))),
            None => Ok(versions.into_iter().collect()),
        }
    }
}

impl fmt::Debug for VersionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_family_not_the_wire() {
        let mut sorted = vec![
            ProtocolVersion::from_u16(0x7F1C),
            ProtocolVersion::TLSv1_3,
            ProtocolVersion::SSLv3,
            ProtocolVersion::TLSv1_1,
        ];
        sorted.sort();
        assert_eq!(
            sorted,
            [
                ProtocolVersion::from_u16(0x7F1C),
                ProtocolVersion::SSLv3,
                ProtocolVersion::TLSv1_1,
                ProtocolVersion::TLSv1_3
            ]
        );
        // DTLS 1.2 (0xFEFD) has a larger wire value than TLS 1.3 but is not a TLS version.
        assert!(ProtocolVersion::from_u16(0xFEFD) < ProtocolVersion::SSLv3);
    }

    #[test]
    fn every_spelling_parses() {
        for (s, v) in [
            ("TLSv1.2", ProtocolVersion::TLSv1_2),
            ("TLS 1.2", ProtocolVersion::TLSv1_2),
            ("TLS1_2", ProtocolVersion::TLSv1_2),
            ("TLS1.2", ProtocolVersion::TLSv1_2),
            ("tlsv1_3", ProtocolVersion::TLSv1_3),
            ("1.2", ProtocolVersion::TLSv1_2),
            ("0x0303", ProtocolVersion::TLSv1_2),
            ("TLSv1", ProtocolVersion::TLSv1_0),
            ("TLS 1.0", ProtocolVersion::TLSv1_0),
            ("1.1", ProtocolVersion::TLSv1_1),
            ("SSLv3", ProtocolVersion::SSLv3),
            ("SSL 3.0", ProtocolVersion::SSLv3),
            ("0x7f1c", ProtocolVersion::from_u16(0x7F1C)),
        ] {
            assert_eq!(s.parse::<ProtocolVersion>().ok(), Some(v), "{s}");
        }
        for bad in ["", "TLS 1.4", "SSLv2", "0x", "0x12345", "ssl 1.2", "tls 3.0", "1", "3", "v3"] {
            assert!(bad.parse::<ProtocolVersion>().is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(ProtocolVersion::SSLv3.status(), Some(VersionStatus::Deprecated));
        assert_eq!(ProtocolVersion::TLSv1_1.status(), Some(VersionStatus::Deprecated));
        assert_eq!(ProtocolVersion::TLSv1_2.status(), Some(VersionStatus::Legacy));
        assert_eq!(ProtocolVersion::TLSv1_3.status(), Some(VersionStatus::Current));
        assert_eq!(ProtocolVersion::from_u16(0x0A0A).status(), None);
    }

    #[test]
    fn version_sets() {
        let all = VersionSet::between(ProtocolVersion::SSLv3, ProtocolVersion::TLSv1_3);
        assert_eq!(all.bits(), 0b1_1111);
        assert_eq!(all.lowest(), Some(ProtocolVersion::SSLv3));
        assert_eq!(all.highest(), Some(ProtocolVersion::TLSv1_3));
        assert!(VersionSet::between(ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_0).is_empty());
        assert_eq!(VersionSet::only(ProtocolVersion::from_u16(0x0A0A)), VersionSet::EMPTY);
        assert_eq!(format!("{:?}", VersionSet::only(ProtocolVersion::TLSv1_2)), "{TLSv1_2(0x0303)}");
    }
}
