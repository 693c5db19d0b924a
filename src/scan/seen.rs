//! What a scan saw: per version, whether it is accepted and with which suites and groups, in
//! which order; whether the fallback signal is honoured; the certificates' key types.

use core::fmt;
use std::time::Duration;

use crate::model::group::NamedGroup;
use crate::model::key::KeyType;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;
use crate::model::x509::CertificateKey;
use crate::policy::Preference;

/// The result of a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scan {
    /// What was scanned (`127.0.0.1:4433`, or the policy's id for a scan of the engine).
    pub target: String,
    /// How many connections (probes) the scan made.
    pub connections: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// Each version probed, highest first: TLS 1.3, 1.2, 1.1, 1.0, SSL 3.0.
    pub versions: Vec<VersionScan>,
    /// What the endpoint does with `TLS_FALLBACK_SCSV` (RFC 7507).
    pub fallback_scsv: FallbackScsv,
    /// The key types of the certificates it serves, found from the suites it accepts and, in
    /// TLS 1.3, from offers whose `signature_algorithms` name one key type only.
    pub certificates: Vec<KeyType>,
    /// The certificate keys read from TLS 1.2 (and older) answers, where they are in the clear.
    pub certificate_keys: Vec<CertificateKey>,
    /// Probes that got no usable answer after the first one did (each counted as a refusal).
    pub faults: Vec<String>,
    /// Why the scan stopped before the end (a budget ran out), if it did.
    pub incomplete: Option<String>,
}

impl Scan {
    /// The scan of one version, if it was probed.
    pub fn version(&self, version: ProtocolVersion) -> Option<&VersionScan> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// The versions accepted, highest first.
    pub fn accepted_versions(&self) -> impl Iterator<Item = (ProtocolVersion, &Accepted)> {
        self.versions.iter().filter_map(|v| match &v.state {
            VersionState::Accepted(a) => Some((v.version, a)),
            _ => None,
        })
    }

    /// Whether the scan ran to its end with every probe answered.
    pub fn is_complete(&self) -> bool {
        self.incomplete.is_none() && self.faults.is_empty()
    }
}

/// One version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VersionScan {
    /// The version offered (as the highest the client supports).
    pub version: ProtocolVersion,
    /// What the endpoint did with it.
    pub state: VersionState,
}

/// What an endpoint does with a client whose best version is this one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VersionState {
    /// It accepts the version.
    Accepted(Accepted),
    /// It refuses every hello of this version: with this alert, or by closing (`None`).
    Refused {
        /// The alert's number.
        alert: Option<u8>,
    },
    /// It answers with a lower version (it has that one, not this one).
    Lower {
        /// The version it answered with.
        answered: ProtocolVersion,
    },
}

impl VersionState {
    /// `accepted`, `refused with protocol_version (70)`, `closed`, `answered TLSv1.0`.
    pub fn describe(&self) -> String {
        match self {
            Self::Accepted(_) => "accepted".to_owned(),
            Self::Refused { alert: Some(a) } => format!("refused with alert {}", alert_name(*a)),
            Self::Refused { alert: None } => "closed without an alert".to_owned(),
            Self::Lower { answered } => format!("answered with {answered}"),
        }
    }
}

/// An alert's number with its name where the crate knows it: `protocol_version (70)`.
pub(crate) fn alert_name(number: u8) -> String {
    match crate::engine::verdict::Alert::from_number(number) {
        Some(alert) => alert.to_string(),
        None => format!("({number})"),
    }
}

/// What an accepted version accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Accepted {
    /// The suites it accepts: in its order when it picks by its own preference, otherwise in
    /// the order the scan offered them.
    pub suites: Vec<CipherSuite>,
    /// Whether it picks suites by its own order or the client's (`None` with fewer than two).
    pub preference: Option<Preference>,
    /// The groups it accepts for key exchange, in its order when it has one (empty where no
    /// accepted suite uses a named group: RSA key transport, DHE in TLS 1.2).
    pub groups: Vec<NamedGroup>,
    /// Whether it picks groups by its own order or the client's (`None` with fewer than two).
    pub group_preference: Option<Preference>,
}

/// What an endpoint does with `TLS_FALLBACK_SCSV` from a client whose best version is below
/// the endpoint's (RFC 7507 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FallbackScsv {
    /// It refuses with `inappropriate_fallback` (86).
    Honoured,
    /// It accepts the lower version anyway.
    Ignored,
    /// Fewer than two versions are accepted, so there is nothing to fall back to.
    NotApplicable,
    /// It refused otherwise (another alert, or a close).
    Unclear {
        /// The alert's number, if one came.
        alert: Option<u8>,
    },
}

impl FallbackScsv {
    /// `honoured`, `ignored`, `not_applicable`, `unclear`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Honoured => "honoured",
            Self::Ignored => "ignored",
            Self::NotApplicable => "not_applicable",
            Self::Unclear { .. } => "unclear",
        }
    }
}

impl fmt::Display for FallbackScsv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Honoured => f.write_str("honoured (inappropriate_fallback (86))"),
            Self::Ignored => f.write_str("ignored (the lower version is accepted)"),
            Self::NotApplicable => f.write_str("not applicable (one version)"),
            Self::Unclear { alert: Some(a) } => write!(f, "unclear (refused with {})", alert_name(*a)),
            Self::Unclear { alert: None } => f.write_str("unclear (closed without an alert)"),
        }
    }
}
