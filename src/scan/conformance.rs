//! Conformance: a scan beside the scan of the engine standing for a server with a policy and
//! the same certificate key types, asked the same questions, and every difference between
//! the two.

use core::fmt;

use crate::model::group::NamedGroup;
use crate::model::key::KeyType;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;
use crate::policy::{KeyTypes, Policy, Preference};

use super::probe::EnginePeer;
use super::scanner::{ScanError, ScanOptions, scan_with};
use super::seen::{FallbackScsv, Scan, VersionState, alert_name};

/// A scan compared with a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Conformance {
    /// The policy's id.
    pub policy: String,
    /// The key types the policy's server was given (those the scan found, RSA if none).
    pub keys: KeyTypes,
    /// The scan of the engine: what a server with the policy answers.
    pub expected: Scan,
    /// Every difference, version by version, then the fallback signal.
    pub differences: Vec<Difference>,
}

impl Conformance {
    /// Whether the endpoint does what the policy says.
    pub fn conforms(&self) -> bool {
        self.differences.is_empty()
    }
}

/// One way an endpoint differs from its policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Difference {
    /// The version is accepted by one and not the other (or answered with another version).
    Version {
        /// The version.
        version: ProtocolVersion,
        /// What the endpoint does.
        seen: String,
        /// What the policy's server does.
        expected: String,
    },
    /// Both refuse the version, with different alerts.
    Alert {
        /// The version.
        version: ProtocolVersion,
        /// The endpoint's alert (`None`: it closed).
        seen: Option<u8>,
        /// The policy's alert.
        expected: Option<u8>,
    },
    /// The endpoint accepts a suite the policy refuses.
    SuiteAccepted {
        /// The version.
        version: ProtocolVersion,
        /// The suite.
        suite: CipherSuite,
    },
    /// The endpoint refuses a suite the policy accepts.
    SuiteRefused {
        /// The version.
        version: ProtocolVersion,
        /// The suite.
        suite: CipherSuite,
    },
    /// They pick suites differently (server order against client order).
    Preference {
        /// The version.
        version: ProtocolVersion,
        /// The endpoint's.
        seen: Preference,
        /// The policy's.
        expected: Preference,
    },
    /// Both pick by server order, in different orders (of the suites both accept).
    Order {
        /// The version.
        version: ProtocolVersion,
        /// The endpoint's order.
        seen: Vec<CipherSuite>,
        /// The policy's order.
        expected: Vec<CipherSuite>,
    },
    /// The endpoint accepts a group the policy does not.
    GroupAccepted {
        /// The version.
        version: ProtocolVersion,
        /// The group.
        group: NamedGroup,
    },
    /// The endpoint refuses a group the policy accepts.
    GroupRefused {
        /// The version.
        version: ProtocolVersion,
        /// The group.
        group: NamedGroup,
    },
    /// Both pick groups by server order, in different orders.
    GroupOrder {
        /// The version.
        version: ProtocolVersion,
        /// The endpoint's order.
        seen: Vec<NamedGroup>,
        /// The policy's order.
        expected: Vec<NamedGroup>,
    },
    /// They treat `TLS_FALLBACK_SCSV` differently.
    Fallback {
        /// The endpoint's.
        seen: FallbackScsv,
        /// The policy's.
        expected: FallbackScsv,
    },
}

impl Difference {
    /// A short name of the kind: `version`, `alert`, `suite_accepted`, `suite_refused`,
    /// `preference`, `order`, `group_accepted`, `group_refused`, `group_order`, `fallback_scsv`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Version { .. } => "version",
            Self::Alert { .. } => "alert",
            Self::SuiteAccepted { .. } => "suite_accepted",
            Self::SuiteRefused { .. } => "suite_refused",
            Self::Preference { .. } => "preference",
            Self::Order { .. } => "order",
            Self::GroupAccepted { .. } => "group_accepted",
            Self::GroupRefused { .. } => "group_refused",
            Self::GroupOrder { .. } => "group_order",
            Self::Fallback { .. } => "fallback_scsv",
        }
    }

    /// The version it is about, if one.
    pub const fn version(&self) -> Option<ProtocolVersion> {
        match self {
            Self::Version { version, .. }
            | Self::Alert { version, .. }
            | Self::SuiteAccepted { version, .. }
            | Self::SuiteRefused { version, .. }
            | Self::Preference { version, .. }
            | Self::Order { version, .. }
            | Self::GroupAccepted { version, .. }
            | Self::GroupRefused { version, .. }
            | Self::GroupOrder { version, .. } => Some(*version),
            Self::Fallback { .. } => None,
        }
    }
}

fn alert(a: Option<u8>) -> String {
    a.map_or_else(|| "a close without an alert".to_owned(), alert_name)
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |p: Preference| <&str>::from(p);
        match self {
            Self::Version { version, seen, expected } => {
                write!(f, "{version}: the endpoint {seen}; the policy's server {expected}")
            }
            Self::Alert { version, seen, expected } => {
                write!(f, "{version} is refused with {}, the policy refuses it with {}", alert(*seen), alert(*expected))
            }
            Self::SuiteAccepted { version, suite } => {
                write!(f, "{version}: {suite} is accepted, the policy refuses it")
            }
            Self::SuiteRefused { version, suite } => {
                write!(f, "{version}: {suite} is refused, the policy accepts it")
            }
            Self::Preference { version, seen, expected } => write!(
                f,
                "{version}: suites are picked in {} order, the policy picks in {} order",
                name(*seen),
                name(*expected)
            ),
            Self::Order { version, seen, expected } => {
                write!(f, "{version}: the order is {}, the policy's is {}", list(seen), list(expected))
            }
            Self::GroupAccepted { version, group } => {
                write!(f, "{version}: group {group} is accepted, the policy refuses it")
            }
            Self::GroupRefused { version, group } => {
                write!(f, "{version}: group {group} is refused, the policy accepts it")
            }
            Self::GroupOrder { version, seen, expected } => {
                write!(f, "{version}: the group order is {}, the policy's is {}", list(seen), list(expected))
            }
            Self::Fallback { seen, expected } => {
                write!(f, "TLS_FALLBACK_SCSV is {seen}, the policy's server: {expected}")
            }
        }
    }
}

/// The key types a scan found, as a server's [`KeyTypes`] (RSA when it found none).
fn key_types(found: &[KeyType]) -> KeyTypes {
    let mut keys = found.iter().copied();
    match keys.next() {
        Some(first) => keys.fold(KeyTypes::only(first), KeyTypes::with),
        None => KeyTypes::RSA,
    }
}

/// Compares `seen` with what a server with `policy` and certificates of `keys` (default:
/// the key types the scan found) answers to the same probes.
///
/// ```
/// use tls_policy::scan::{conformance, scan_with, Difference, EnginePeer, ScanOptions};
/// use tls_policy::{KeyTypes, Policy, ProtocolVersion};
///
/// // An endpoint that still speaks TLS 1.0, held to DPS's TLS 1.2-only policy.
/// let legacy = Policy::named("dps-legacy-security")?;
/// let seen = scan_with(&mut EnginePeer::new(&legacy, KeyTypes::RSA), "legacy", &ScanOptions::default())?;
/// let result = conformance(&seen, &Policy::named("dps-tls12")?, None)?;
/// assert!(!result.conforms());
/// assert!(result.differences.iter().any(|d| matches!(d, Difference::Version { version, .. } if *version == ProtocolVersion::TLSv1_0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// None in practice: the engine answers every probe. The type is the scan's.
pub fn conformance(seen: &Scan, policy: &Policy, keys: Option<KeyTypes>) -> Result<Conformance, ScanError> {
    let keys = keys.unwrap_or_else(|| key_types(&seen.certificates));
    let expected = scan_with(&mut EnginePeer::new(policy, keys), policy.id(), &ScanOptions::unbounded())?;
    let mut differences = Vec::new();
    for mine in &seen.versions {
        let Some(theirs) = expected.version(mine.version) else { continue };
        compare(mine.version, &mine.state, &theirs.state, &mut differences);
    }
    let applicable = |f: FallbackScsv| f != FallbackScsv::NotApplicable;
    if applicable(seen.fallback_scsv)
        && applicable(expected.fallback_scsv)
        && seen.fallback_scsv.as_str() != expected.fallback_scsv.as_str()
    {
        differences.push(Difference::Fallback { seen: seen.fallback_scsv, expected: expected.fallback_scsv });
    }
    Ok(Conformance { policy: policy.id().to_owned(), keys, expected, differences })
}

fn compare(version: ProtocolVersion, seen: &VersionState, expected: &VersionState, out: &mut Vec<Difference>) {
    match (seen, expected) {
        (VersionState::Accepted(mine), VersionState::Accepted(theirs)) => {
            out.extend(
                mine.suites
                    .iter()
                    .filter(|s| !theirs.suites.contains(s))
                    .map(|&suite| Difference::SuiteAccepted { version, suite }),
            );
            out.extend(
                theirs
                    .suites
                    .iter()
                    .filter(|s| !mine.suites.contains(s))
                    .map(|&suite| Difference::SuiteRefused { version, suite }),
            );
            match (mine.preference, theirs.preference) {
                (Some(a), Some(b)) if a != b => out.push(Difference::Preference { version, seen: a, expected: b }),
                (Some(Preference::Server), Some(Preference::Server)) => {
                    let (a, b) = common_order(&mine.suites, &theirs.suites);
                    if a != b {
                        out.push(Difference::Order { version, seen: a, expected: b });
                    }
                }
                _ => {}
            }
            out.extend(
                mine.groups
                    .iter()
                    .filter(|g| !theirs.groups.contains(g))
                    .map(|&group| Difference::GroupAccepted { version, group }),
            );
            out.extend(
                theirs
                    .groups
                    .iter()
                    .filter(|g| !mine.groups.contains(g))
                    .map(|&group| Difference::GroupRefused { version, group }),
            );
            if (mine.group_preference, theirs.group_preference) == (Some(Preference::Server), Some(Preference::Server))
            {
                let (a, b) = common_order(&mine.groups, &theirs.groups);
                if a != b {
                    out.push(Difference::GroupOrder { version, seen: a, expected: b });
                }
            }
        }
        (VersionState::Refused { alert: a }, VersionState::Refused { alert: b }) => {
            if a != b {
                out.push(Difference::Alert { version, seen: *a, expected: *b });
            }
        }
        (VersionState::Lower { answered: a }, VersionState::Lower { answered: b }) if a == b => {}
        (a, b) => out.push(Difference::Version { version, seen: a.describe(), expected: b.describe() }),
    }
}

/// Both lists cut down to what they share, each in its own order.
fn common_order<T: PartialEq + Copy>(a: &[T], b: &[T]) -> (Vec<T>, Vec<T>) {
    (a.iter().filter(|x| b.contains(x)).copied().collect(), b.iter().filter(|x| a.contains(x)).copied().collect())
}
