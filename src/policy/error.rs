//! Why a policy cannot be built.

use super::*;

/// A policy that cannot be built, and what to change.
///
/// ```
/// use tls_policy::{CipherSuite, Policy, PolicyError, ProtocolVersion, VersionSet};
///
/// let tls13_only = Policy::builder("broken")
///     .versions(VersionSet::only(ProtocolVersion::TLSv1_3))
///     .suite(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA) // a TLS 1.2-and-below suite
///     .build();
/// assert!(matches!(tls13_only, Err(PolicyError::EntryOutsideVersions { .. })));
/// assert_eq!(Policy::builder("empty").build().unwrap_err(), PolicyError::NoSuites);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// No entries.
    #[error("the policy lists no cipher suite")]
    NoSuites,
    /// No protocol version.
    #[error("the policy allows no protocol version")]
    NoVersions,
    /// More entries than the compiled form holds.
    #[error("the policy lists {count} entries; at most {max} are supported")]
    TooManyEntries {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More groups than the compiled form holds.
    #[error("the policy lists {count} groups; at most {max} are supported")]
    TooManyGroups {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A suite the registry does not know, so its attributes are unknown.
    #[error("{suite} is not a registered cipher suite")]
    UnknownSuite {
        /// The code given.
        suite: CipherSuite,
    },
    /// The same entry twice.
    #[error("{entry} is listed twice")]
    DuplicateEntry {
        /// The entry.
        entry: SuiteEntry,
    },
    /// An entry valid in none of the policy's versions.
    #[error("{entry} is valid only in {valid}, none of which the policy allows ({versions})")]
    EntryOutsideVersions {
        /// The entry.
        entry: SuiteEntry,
        /// The versions the suite is valid in.
        valid: VersionSet,
        /// The policy's versions.
        versions: VersionSet,
    },
    /// A version of the policy that none of its entries can be used in.
    #[error("the policy allows {version}, but none of its suites is valid in {version}")]
    VersionWithoutSuites {
        /// The version.
        version: ProtocolVersion,
    },
    /// A group constraint on a suite that does no elliptic-curve key exchange.
    #[error("{entry}: only ECDHE suites can be constrained to a group")]
    ConstraintOnNonEcSuite {
        /// The entry.
        entry: SuiteEntry,
    },
    /// A group constraint naming a group the policy does not list.
    #[error("{entry} is constrained to {group}, which the policy's groups lack")]
    ConstraintOutsideGroups {
        /// The entry.
        entry: SuiteEntry,
        /// The group.
        group: NamedGroup,
    },
    /// A group the registry does not know.
    #[error("{group} is not a registered named group")]
    UnknownGroup {
        /// The code given.
        group: NamedGroup,
    },
    /// The same group twice.
    #[error("group {group} is listed twice")]
    DuplicateGroup {
        /// The group.
        group: NamedGroup,
    },
    /// A suite that needs a group kind the policy has none of.
    #[error("{entry} needs {needs} group, and the policy lists none usable in its versions")]
    NoGroupFor {
        /// The entry.
        entry: SuiteEntry,
        /// What kind of group (`an elliptic-curve`, `a TLS 1.3`).
        needs: &'static str,
    },
    /// SSL 3.0, which RFC 7568 forbids negotiating.
    #[error("the policy allows {version}, which RFC 7568 forbids; start at TLS 1.0")]
    ProhibitedVersion {
        /// The version.
        version: ProtocolVersion,
    },
    /// A group constraint no handshake can meet: the group is not an elliptic curve usable in
    /// a version the entry runs in.
    #[error("{entry} is constrained to {group}, which an ECDHE suite cannot use in the versions it runs in")]
    ConstraintGroupUnusable {
        /// The entry.
        entry: SuiteEntry,
        /// The group.
        group: NamedGroup,
    },
    /// A signature scheme the registry does not know.
    #[error("{scheme} is not a known signature scheme")]
    UnknownSignatureScheme {
        /// The code given.
        scheme: SignatureScheme,
    },
    /// The same signature scheme twice.
    #[error("signature scheme {scheme} is listed twice")]
    DuplicateSignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// A signature scheme no RSA or ECDSA server key can produce in a handshake.
    #[error("{scheme} cannot sign a server's handshake with an RSA or ECDSA key")]
    UnusableSignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// No named policy has this id.
    #[error("unknown policy {input:?}{}", crate::model::error::Suggestion(*suggestion))]
    UnknownPolicy {
        /// The id given.
        input: String,
        /// The nearest id.
        suggestion: Option<&'static str>,
    },
}
