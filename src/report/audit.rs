//! Policy audit: what a policy allows that current guidance (RFC 8996, RFC 9155, RFC 9325)
//! advises against, and how it compares with a catalog. Pure: it reads the model and the policy,
//! never an adapter.

use core::fmt;

use crate::catalog::Catalog;
use crate::model::registry::Hash;
use crate::model::signature::SignatureScheme;
use crate::model::suite::{SuiteEntry, Weakness};
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::Policy;

/// How much a finding matters.
///
/// ```
/// use tls_policy::{Policy, Severity};
///
/// assert!(Severity::High > Severity::Medium && Severity::Low > Severity::Info);
/// // Findings come most severe first.
/// let findings = Policy::named("dps-legacy-performance")?.audit();
/// assert_eq!(findings[0].severity, Severity::High);
/// assert_eq!(Severity::High.to_string(), "high");
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; no weakness by itself.
    Info,
    /// A weakness with little practical attack today.
    Low,
    /// A weakness current guidance says to remove.
    Medium,
    /// Broken or forbidden by an RFC.
    High,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.into())
    }
}

/// What a finding is about.
///
/// ```
/// use tls_policy::{Check, Policy, Weakness};
///
/// let findings = Policy::named("dps-legacy-security")?.audit();
/// assert!(findings.iter().any(|f| f.check == Check::OldVersions)); // TLS 1.0 and 1.1: RFC 8996
/// assert!(findings.iter().any(|f| f.check == Check::Suite(Weakness::Sha1)));
/// assert!(findings.iter().any(|f| f.check == Check::GroupConstraint)); // the _P256 / _P384 entries
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Check {
    /// TLS 1.0 or 1.1 allowed (RFC 8996).
    OldVersions,
    /// Entries whose suite has this weakness (see [`Weakness`]).
    Suite(Weakness),
    /// The server may sign handshakes with SHA-1 (RFC 9155).
    Sha1Signatures,
    /// Entries a rustls config cannot enforce. [`Policy::audit`] is pure and never reports it:
    /// the rustls adapter (feature `rustls`) adds it from its realization report, since the
    /// crypto provider decides what rustls can run.
    RustlsCannotEnforce,
    /// Entries tied to one curve, as SChannel names them (`_P256`).
    GroupConstraint,
    /// Entries outside the catalog audited against.
    OutsideCatalog {
        /// The catalog's id.
        catalog: &'static str,
    },
    /// Versions outside the catalog audited against.
    VersionsOutsideCatalog {
        /// The catalog's id.
        catalog: &'static str,
    },
    /// What of the catalog audited against was not verified against its source document
    /// ([`Catalog::unverified`]): compliance with it is only as good as that.
    UnverifiedSource {
        /// The catalog's id.
        catalog: &'static str,
    },
}

impl Check {
    /// A stable snake_case name (`old_versions`, `static_rsa`, `outside_catalog`, ...).
    ///
    /// ```
    /// use tls_policy::{Check, Weakness};
    ///
    /// assert_eq!(Check::OldVersions.as_str(), "old_versions");
    /// assert_eq!(Check::Suite(Weakness::StaticRsa).as_str(), "static_rsa");
    /// assert_eq!(Check::OutsideCatalog { catalog: "nist-800-52r2" }.to_string(), "outside_catalog");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::OldVersions => "old_versions",
            Self::Suite(w) => w.into(),
            Self::Sha1Signatures => "sha1_signatures",
            Self::RustlsCannotEnforce => "rustls_cannot_enforce",
            Self::GroupConstraint => "group_constraint",
            Self::OutsideCatalog { .. } => "outside_catalog",
            Self::VersionsOutsideCatalog { .. } => "versions_outside_catalog",
            Self::UnverifiedSource { .. } => "unverified_source",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: what, how much it matters, the entries involved, and why, in one line.
///
/// ```
/// use tls_policy::{Check, Policy, ProtocolVersion};
///
/// let findings = Policy::named("dps-legacy-security")?.audit();
/// let old = findings.iter().find(|f| f.check == Check::OldVersions).expect("TLS 1.0 is allowed");
/// assert!(old.versions.contains(ProtocolVersion::TLSv1_0) && !old.versions.contains(ProtocolVersion::TLSv1_2));
/// assert!(old.to_string().starts_with("[high] old_versions: "));
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is about.
    pub check: Check,
    /// How much it matters.
    pub severity: Severity,
    /// The policy's entries involved, in the policy's order (empty when none is).
    pub entries: Vec<SuiteEntry>,
    /// The versions involved (old versions, versions outside a catalog).
    pub versions: VersionSet,
    /// The signature schemes involved.
    pub schemes: Vec<SignatureScheme>,
    /// One line for people.
    pub explanation: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.severity, self.check, self.explanation)
    }
}

/// How much each suite weakness matters: the audit's judgement. What the weakness is, and
/// the guidance against it, is the model's ([`Weakness::detail`]).
const fn severity(w: Weakness) -> Severity {
    match w {
        Weakness::NullCipher
        | Weakness::Anonymous
        | Weakness::Export
        | Weakness::Rc4
        | Weakness::Md5
        | Weakness::StaticRsa => Severity::High,
        Weakness::SmallBlock | Weakness::NoForwardSecrecy | Weakness::Cbc => Severity::Medium,
        Weakness::Sha1 | Weakness::Discouraged => Severity::Low,
    }
}

impl Policy {
    /// What this policy allows that current guidance advises against, and its curve
    /// constraints (what rustls cannot enforce of it is the rustls adapter's to say); most severe first, each with the entries
    /// involved.
    ///
    /// ```
    /// use tls_policy::{Policy, Severity, Check, Weakness};
    ///
    /// let legacy = Policy::named("dps-legacy-security")?;
    /// let findings = legacy.audit();
    /// let old = findings.iter().find(|f| f.check == Check::OldVersions).unwrap();
    /// assert_eq!(old.severity, Severity::High);
    /// let static_rsa = findings.iter().find(|f| f.check == Check::Suite(Weakness::StaticRsa)).unwrap();
    /// assert_eq!(static_rsa.entries.len(), 6);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn audit(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let old = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1).intersect(self.versions());
        if !old.is_empty() {
            let entries =
                self.entries_where(|e| e.suite.info().is_some_and(|i| !i.versions().intersect(old).is_empty()));
            findings.push(Finding {
                check: Check::OldVersions,
                severity: Severity::High,
                explanation: format!(
                    "allows {old}, deprecated by RFC 8996; {} entries can be negotiated in them",
                    entries.len()
                ),
                entries,
                versions: old,
                schemes: Vec::new(),
            });
        }
        for w in <Weakness as strum::IntoEnumIterator>::iter() {
            let entries = self.entries_where(|e| e.suite.info().is_some_and(|i| i.weaknesses().any(|x| x == w)));
            if entries.is_empty() {
                continue;
            }
            findings.push(Finding {
                check: Check::Suite(w),
                severity: severity(w),
                explanation: format!("{} entries: {}", entries.len(), w.detail()),
                entries,
                versions: VersionSet::EMPTY,
                schemes: Vec::new(),
            });
        }
        let sha1: Vec<SignatureScheme> = self
            .signature_schemes()
            .iter()
            .copied()
            .filter(|s| s.info().is_some_and(|i| i.hash() == Some(Hash::Sha1)))
            .collect();
        let signs_in_tls12 = self.versions().contains(ProtocolVersion::TLSv1_2);
        if !sha1.is_empty() && signs_in_tls12 {
            let names: Vec<String> = sha1.iter().map(ToString::to_string).collect();
            findings.push(Finding {
                check: Check::Sha1Signatures,
                severity: Severity::Medium,
                explanation: format!("may sign TLS 1.2 handshakes with {}, deprecated by RFC 9155", names.join(", ")),
                entries: Vec::new(),
                versions: VersionSet::EMPTY,
                schemes: sha1,
            });
        }
        let constrained = self.entries_where(|e| e.group.is_some());
        if !constrained.is_empty() {
            findings.push(Finding {
                check: Check::GroupConstraint,
                severity: Severity::Info,
                explanation: format!(
                    "{} entries tied to one curve, as SChannel enforces; OpenSSL and rustls cannot",
                    constrained.len()
                ),
                entries: constrained,
                versions: VersionSet::EMPTY,
                schemes: Vec::new(),
            });
        }
        findings.sort_by_key(|f| core::cmp::Reverse(f.severity));
        findings
    }

    /// [`audit`](Self::audit) plus compliance with a catalog: the entries whose suite the
    /// catalog does not list, the versions it does not allow, and (as an info finding) what of
    /// the catalog's source was not verified against the document.
    ///
    /// ```
    /// use tls_policy::{Catalog, Check, Policy};
    ///
    /// let dps = Policy::named("dps-tls12")?;
    /// let nist = Catalog::get("nist-800-52r2").unwrap();
    /// let outside = dps.audit_against(nist).into_iter().find(|f| matches!(f.check, Check::OutsideCatalog { .. }));
    /// assert!(outside.is_none()); // every dps-tls12 suite is in NIST SP 800-52r2
    /// let unverified = dps.audit_against(nist).into_iter().find(|f| matches!(f.check, Check::UnverifiedSource { .. }));
    /// assert!(unverified.unwrap().explanation.contains("not verified against the document"));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn audit_against(&self, catalog: &'static Catalog) -> Vec<Finding> {
        self.audit_against_from(catalog, self.audit())
    }

    /// The catalog's findings added to `findings` (an audit, perhaps with an adapter's own),
    /// most severe first.
    pub(crate) fn audit_against_from(&self, catalog: &'static Catalog, mut findings: Vec<Finding>) -> Vec<Finding> {
        let listed = |e: &SuiteEntry| catalog.entries().iter().any(|c| c.entry().suite == e.suite);
        let outside = self.entries_where(|e| !listed(e));
        if !outside.is_empty() {
            findings.push(Finding {
                check: Check::OutsideCatalog { catalog: catalog.id() },
                severity: Severity::Medium,
                explanation: format!("{} entries are not in {} ({})", outside.len(), catalog.id(), catalog.title()),
                entries: outside,
                versions: VersionSet::EMPTY,
                schemes: Vec::new(),
            });
        }
        let extra: VersionSet = self.versions().iter().filter(|v| !catalog.versions().contains(*v)).collect();
        if !extra.is_empty() {
            findings.push(Finding {
                check: Check::VersionsOutsideCatalog { catalog: catalog.id() },
                severity: Severity::Medium,
                explanation: format!("allows {extra}, which {} does not ({})", catalog.id(), catalog.versions()),
                entries: Vec::new(),
                versions: extra,
                schemes: Vec::new(),
            });
        }
        if !catalog.unverified().is_empty() {
            findings.push(Finding {
                check: Check::UnverifiedSource { catalog: catalog.id() },
                severity: Severity::Info,
                explanation: format!("{} ({}): {}", catalog.id(), catalog.date(), catalog.unverified()),
                entries: Vec::new(),
                versions: VersionSet::EMPTY,
                schemes: Vec::new(),
            });
        }
        findings.sort_by_key(|f| core::cmp::Reverse(f.severity));
        findings
    }

    pub(crate) fn entries_where(&self, keep: impl Fn(&SuiteEntry) -> bool) -> Vec<SuiteEntry> {
        self.entries().iter().copied().filter(|e| keep(e)).collect()
    }
}
