//! Fleet diffs: what changes for one device when the server's policy changes (the
//! [DPS TLS support page](https://learn.microsoft.com/azure/iot-dps/tls-support)'s advice:
//! test all your devices before setting `minTlsVersion`, which cannot be changed afterwards).

use crate::engine::negotiate::negotiate;
use crate::engine::offer::Offer;
use crate::engine::verdict::{Agreement, Refusal};
use crate::policy::{KeyTypes, Policy};

/// What a policy change does to one device.
///
/// ```
/// use tls_policy::{Change, CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, Transition};
///
/// let (before, after) = (Policy::named("dps-legacy-security")?, Policy::named("dps-tls12")?);
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
/// let modern = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
/// assert_eq!(Transition::new(&before, &after, &modern, KeyTypes::RSA).change(), Change::Unchanged);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// Same version, suite and group.
    Unchanged,
    /// Accepted before, refused after.
    LosesAccess,
    /// Refused before, accepted after.
    GainsAccess,
    /// Accepted by both, with another suite (or version, or group).
    ChangesSuite,
    /// Refused by both, for another reason after (another alert, say protocol_version
    /// where it was inappropriate_fallback).
    ChangesRefusal,
    /// Refused by both, for the same reason.
    StillRefused,
}

impl Change {
    /// `unchanged`, `loses_access`, `gains_access`, `changes_suite`, `changes_refusal`,
    /// `still_refused`.
    ///
    /// ```
    /// use tls_policy::Change;
    ///
    /// assert_eq!(Change::LosesAccess.as_str(), "loses_access");
    /// ```
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One device's verdicts under the policy before and after.
///
/// ```
/// use tls_policy::{Change, CipherSuite, KeyTypes, Offer, Policy, ProtocolVersion, Transition};
///
/// let before = Policy::named("dps-legacy-security")?;
/// let after = Policy::named("dps-tls12")?;
/// let old_device = Offer::new(ProtocolVersion::TLSv1_0, &[CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]);
/// let t = Transition::new(&before, &after, &old_device, KeyTypes::RSA);
/// assert_eq!(t.change(), Change::LosesAccess);
/// assert_eq!(t.after.unwrap_err().alert().number(), 70);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The verdict under the policy before.
    pub before: Result<Agreement, Refusal>,
    /// The verdict under the policy after.
    pub after: Result<Agreement, Refusal>,
}

impl Transition {
    /// Decides `offer` under both policies.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, KeyTypes, Offer, Policy, ProtocolVersion, Transition};
    ///
    /// let (before, after) = (Policy::named("dps-legacy-security")?, Policy::named("dps-tls12")?);
    /// let device = Offer::new(ProtocolVersion::TLSv1_0, &[CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]);
    /// let t = Transition::new(&before, &after, &device, KeyTypes::RSA);
    /// assert!(t.before.is_ok() && t.after.is_err());
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn new(before: &Policy, after: &Policy, offer: &Offer<'_>, keys: KeyTypes) -> Self {
        Self { before: negotiate(before, offer, keys), after: negotiate(after, offer, keys) }
    }

    /// What changes.
    ///
    /// ```
    /// use tls_policy::{Change, CipherSuite, KeyTypes, Offer, Policy, ProtocolVersion, Transition};
    ///
    /// let tls12 = Policy::named("dps-tls12")?;
    /// let device = Offer::new(ProtocolVersion::TLSv1_0, &[CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]);
    /// assert_eq!(Transition::new(&tls12, &tls12, &device, KeyTypes::RSA).change(), Change::StillRefused);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn change(&self) -> Change {
        match (&self.before, &self.after) {
            (Ok(a), Ok(b)) if a == b => Change::Unchanged,
            (Ok(_), Ok(_)) => Change::ChangesSuite,
            (Ok(_), Err(_)) => Change::LosesAccess,
            (Err(_), Ok(_)) => Change::GainsAccess,
            (Err(a), Err(b)) if a.reason != b.reason => Change::ChangesRefusal,
            (Err(_), Err(_)) => Change::StillRefused,
        }
    }
}
