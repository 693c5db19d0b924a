//! A policy out to the settings other programs take, each with an honest list of what that
//! program cannot express ([`Gap`]), and a typed error when nothing of the policy is left
//! for it ([`ExportError`]):
//!
//! - [`openssl`]: OpenSSL 3.0's cipher string, TLS 1.3 `ciphersuites`, protocol range and
//!   groups, as command-line options or an `openssl.cnf` section (the inverse of
//!   [`import::openssl`](crate::import::openssl));
//! - [`sdk`]: the device side, per Azure IoT SDK language (C with OpenSSL, Python `ssl`,
//!   Node.js `tls`, Java JSSE, .NET `SslStream`), as a short snippet in that language;
//! - [`servers`]: a gateway's nginx, HAProxy and Apache httpd directives and a Go
//!   `tls.Config`;
//! - `rustls` (a provider feature): the rustls server config the crate's own adapter builds,
//!   as code (all but the adapter's limit on signature schemes, which the CLI names as a gap).
//!
//! Each is proven by the real program in the repository's tests (`tests/export_*.rs`), but
//! for the C SDK (its cipher string is read back by the crate's OpenSSL importer) and C#
//! (its names are checked against the policy's IANA names; no .NET runs here).

pub mod openssl;
// The rustls code the crate's adapter builds (a provider feature: it asks the adapter).
#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
pub mod rustls;
pub mod sdk;
pub mod servers;

use crate::model::group::NamedGroup;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

/// Something in a policy a target cannot express; the setting is built without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Gap {
    /// The program does not implement the suite (or cannot serve it without more setup: a
    /// PSK or SRP suite).
    #[error("{target} does not implement {suite}")]
    Suite {
        /// The program.
        target: &'static str,
        /// The suite left out.
        suite: CipherSuite,
    },
    /// An entry that must use one group (an SChannel `_P256`/`_P384` entry): the program
    /// sets groups for all suites at once.
    #[error(
        "{target} cannot tie {suite} to {group} alone (SChannel's _P256/_P384 entries); the suite is kept with every group"
    )]
    GroupConstraint {
        /// The program.
        target: &'static str,
        /// The suite.
        suite: CipherSuite,
        /// The group the policy ties it to.
        group: NamedGroup,
    },
    /// A group the program does not implement.
    #[error("{target} does not implement the group {group}")]
    Group {
        /// The program.
        target: &'static str,
        /// The group left out.
        group: NamedGroup,
    },
    /// The policy's versions have a hole (TLS 1.0 and 1.2 without 1.1) that a range cannot
    /// say.
    #[error("{target} takes a range of versions: {missing} is allowed too")]
    VersionHole {
        /// The program.
        target: &'static str,
        /// The version the range adds.
        missing: ProtocolVersion,
    },
    /// Something else the program's setting cannot say (a .NET platform without
    /// `CipherSuitesPolicy`, what OpenSSL's security level 0 also allows, ...).
    #[error("{target}: {what}")]
    Limit {
        /// The program.
        target: &'static str,
        /// What it cannot say.
        what: &'static str,
    },
    /// The policy's signature schemes: the program's own defaults (and its security level)
    /// decide them instead.
    #[error("{target}'s signature schemes are its defaults at the security level set, not the policy's list")]
    SignatureSchemes {
        /// The program.
        target: &'static str,
    },
}

/// A setting for one program: its text (a configuration snippet, code, a string) and what
/// it cannot express of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Setting {
    /// The text, ready to paste.
    pub text: String,
    /// What the program cannot express.
    pub gaps: Vec<Gap>,
}

impl Setting {
    /// A setting of this text with these gaps.
    pub fn new(text: String, gaps: Vec<Gap>) -> Self {
        Self { text, gaps }
    }
}

/// Why a policy cannot be exported to a target at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Nothing of the policy's suites is left for the target.
    #[error("{target} implements none of {policy}'s suites: {}", list(.suites))]
    NoSuites {
        /// The program.
        target: &'static str,
        /// The policy.
        policy: String,
        /// Its suites.
        suites: Vec<CipherSuite>,
    },
    /// None of the policy's groups, where a suite needs one.
    #[error("{target} implements none of {policy}'s groups ({}), and its ECDHE and DHE suites need one", list(.groups))]
    NoGroups {
        /// The program.
        target: &'static str,
        /// The policy.
        policy: String,
        /// Its groups.
        groups: Vec<NamedGroup>,
    },
}

/// A policy's id as the comments of generated code quote it: letters, digits and `-_.:`
/// kept, anything else (a newline, `*/`, a quote in a hostile policy file's id) replaced by
/// `_`, so the id cannot end a comment or a line of the setting.
pub(crate) fn comment_id(policy: &crate::policy::Policy) -> String {
    policy.id().chars().map(|c| if c.is_ascii_alphanumeric() || "-_.:".contains(c) { c } else { '_' }).collect()
}

/// A policy's id as an error message quotes it: control characters escaped (`\n`,
/// `\u{1b}`), so a hostile policy file's id cannot forge or recolour a line on a terminal.
pub(crate) fn quoted_id(policy: &crate::policy::Policy) -> String {
    policy.id().escape_debug().to_string()
}

impl ExportError {
    /// Nothing of `policy`'s suites is left for `target`.
    pub(crate) fn no_suites(target: &'static str, policy: &crate::policy::Policy) -> Self {
        Self::NoSuites { target, policy: quoted_id(policy), suites: policy.entries().iter().map(|e| e.suite).collect() }
    }

    /// The same error, naming `target` (a program that passes the settings on to another).
    pub(crate) fn for_target(self, target: &'static str) -> Self {
        match self {
            Self::NoSuites { policy, suites, .. } => Self::NoSuites { target, policy, suites },
            Self::NoGroups { policy, groups, .. } => Self::NoGroups { target, policy, groups },
        }
    }
}

impl Gap {
    /// The same gap, naming `target`.
    pub(crate) fn for_target(self, target: &'static str) -> Self {
        match self {
            Self::Suite { suite, .. } => Self::Suite { target, suite },
            Self::GroupConstraint { suite, group, .. } => Self::GroupConstraint { target, suite, group },
            Self::Group { group, .. } => Self::Group { target, group },
            Self::VersionHole { missing, .. } => Self::VersionHole { target, missing },
            Self::Limit { what, .. } => Self::Limit { target, what },
            Self::SignatureSchemes { .. } => Self::SignatureSchemes { target },
        }
    }
}

fn list<T: core::fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::suite::{CipherSuite, SuiteEntry};
    use crate::policy::Policy;

    #[test]
    fn a_hostile_policy_id_cannot_break_out_of_a_snippets_comment() {
        let policy = Policy::builder("evil\n*/ system(\"rm\"); /* // '")
            .versions(crate::VersionSet::only(ProtocolVersion::TLSv1_2))
            .entries([SuiteEntry::new(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)])
            .groups([NamedGroup::secp256r1])
            .build()
            .expect("a policy");
        assert_eq!(comment_id(&policy), "evil____system__rm___________");
        for setting in
            [sdk::c(&policy), sdk::python(&policy), sdk::node(&policy), sdk::java(&policy), sdk::csharp(&policy)]
        {
            let text = setting.expect("a setting").text;
            assert!(!text.contains("*/ system") && !text.contains("\"rm\""), "{text}");
        }
    }
}
