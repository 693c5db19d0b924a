//! The adapter's own audit finding: what rustls cannot enforce of a policy.

use crate::catalog::Catalog;
use crate::model::version::VersionSet;
use crate::policy::Policy;
use crate::report::audit::{Check, Finding, Severity};

use super::Realizer;

/// [`Policy::audit`] with what rustls cannot enforce of the policy
/// ([`Check::RustlsCannotEnforce`]): the entries this crate's rustls config drops or widens,
/// as the realization report with the default provider says. The core audit is pure and the
/// same whatever features are on; this is the adapter's own finding, added where the core
/// audit's order puts it (before the curve constraints, most severe first).
///
/// ```
/// use tls_policy::{Check, Policy};
///
/// let dps = Policy::named("dps-tls12")?;
/// assert!(dps.audit().iter().all(|f| f.check != Check::RustlsCannotEnforce));
/// let with_rustls = tls_policy::rustls::audit(&dps);
/// let gap = with_rustls.iter().find(|f| f.check == Check::RustlsCannotEnforce).expect("CBC suites");
/// assert_eq!(gap.entries.len(), 4); // the four CBC suites: rustls has AEAD suites only
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn audit(policy: &Policy) -> Vec<Finding> {
    with_rustls_finding(policy, policy.audit())
}

/// [`Policy::audit_against`] with the rustls finding of [`audit`].
///
/// ```
/// use tls_policy::{Catalog, Check, Policy};
///
/// let dps = Policy::named("dps-tls12")?;
/// let findings = tls_policy::rustls::audit_against(&dps, Catalog::get("nist-800-52r2").unwrap());
/// assert!(findings.iter().any(|f| f.check == Check::RustlsCannotEnforce));
/// assert!(findings.iter().any(|f| matches!(f.check, Check::UnverifiedSource { .. })));
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn audit_against(policy: &Policy, catalog: &'static Catalog) -> Vec<Finding> {
    policy.audit_against_from(catalog, audit(policy))
}

fn with_rustls_finding(policy: &Policy, mut findings: Vec<Finding>) -> Vec<Finding> {
    let entries = match Realizer::new(policy).report() {
        Ok(report) => policy.entries_where(|e| report.entry_gap(e).is_some()),
        Err(_) => policy.entries().to_vec(),
    };
    if entries.is_empty() {
        return findings;
    }
    let finding = Finding {
        check: Check::RustlsCannotEnforce,
        severity: Severity::Info,
        explanation: format!(
            "{} entries a rustls config cannot enforce (rustls has AEAD ECDHE and TLS 1.3 suites only)",
            entries.len()
        ),
        entries,
        versions: VersionSet::EMPTY,
        schemes: Vec::new(),
    };
    // The curve constraints are the core audit's last info finding; ours comes just before.
    let at = findings.iter().position(|f| f.check == Check::GroupConstraint).unwrap_or(findings.len());
    findings.insert(at, finding);
    findings
}
