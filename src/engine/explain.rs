//! The reference decision and the per-suite account: each policy entry checked on its own, in
//! preference order, with plain loops and no compiled tables.

use core::fmt;

use crate::engine::negotiate::{
    check_fallback, client_versions, highest_common, legacy_fields, negotiate, tls13_extensions, well_formed,
};
use crate::engine::offer::Offer;
use crate::engine::verdict::{Agreement, Reason, Refusal};
use crate::model::group::NamedGroup;
use crate::model::key::KeyType;
use crate::model::signature::SignatureScheme;
use crate::model::suite::{CipherSuite, GroupNeed, SuiteClass, SuiteEntry};
use crate::model::version::ProtocolVersion;
use crate::policy::{KeyTypes, MissingGroups, Policy, Preference};

/// How far one policy entry got with an offer (the order is the order of the checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    NotValidInVersion,
    NoKey,
    NoGroup,
    NoSignature,
    Eligible,
}

/// The textbook decision, written straight from the rules above with plain loops and no
/// compiled tables: for each policy entry in preference order, scan the offer and check that
/// entry. It agrees with [`negotiate`] on every input (the crate's property tests check
/// this), costs policy × offer, and exists to cross-check the engine and to benchmark it.
pub fn negotiate_naive(policy: &Policy, offer: &Offer<'_>, key_types: KeyTypes) -> Result<Agreement, Refusal> {
    well_formed(offer)?;
    let version = highest_common(policy, client_versions(offer))?;
    check_fallback(policy, offer, offer.has_fallback_scsv(), version)?;
    tls13_extensions(offer, version)?;
    legacy_fields(offer, version)?;
    let mut furthest = None;
    let mut consider = |entry: SuiteEntry| -> Option<Agreement> {
        let (stage, group) = entry_stage(policy, offer, key_types, version, entry);
        furthest = furthest.max(Some(stage));
        (stage == Stage::Eligible).then_some(Agreement { version, suite: entry.suite, group })
    };
    match policy.preference() {
        Preference::Server => {
            for entry in policy.entries() {
                if offer.suites().iter().any(|s| s == entry.suite) {
                    if let Some(agreed) = consider(*entry) {
                        return Ok(agreed);
                    }
                }
            }
        }
        Preference::Client => {
            for suite in offer.suites().iter() {
                for entry in policy.entries().iter().filter(|e| e.suite == suite) {
                    if let Some(agreed) = consider(*entry) {
                        return Ok(agreed);
                    }
                }
            }
        }
    }
    let reason = match furthest {
        Some(Stage::NoSignature) => Reason::NoSharedSignatureScheme,
        Some(Stage::NoGroup) => Reason::NoSharedGroup,
        _ => Reason::NoSharedCipher,
    };
    Err(Refusal { reason, version: Some(version) })
}

/// Checks one policy entry against the offer, step by step.
fn entry_stage(
    policy: &Policy,
    offer: &Offer<'_>,
    key_types: KeyTypes,
    version: ProtocolVersion,
    entry: SuiteEntry,
) -> (Stage, Option<NamedGroup>) {
    let Some(info) = entry.suite.info() else { return (Stage::NotValidInVersion, None) };
    if !info.versions().contains(version) {
        return (Stage::NotValidInVersion, None);
    }
    if !key_types.can_run(info) {
        return (Stage::NoKey, None);
    }
    let ours = policy.groups();
    let theirs = offer.groups();
    let client_has = |g: NamedGroup| theirs.is_some_and(|t| t.iter().any(|x| x == g));
    let group = match (info.group_need(), entry.group) {
        (GroupNeed::None, _) => Ok(None),
        (GroupNeed::Ec, Some(g)) => {
            let any = theirs.is_none() && policy.missing_groups() == MissingGroups::Any;
            let fits = ours.contains(&g) && g.is_elliptic_curve() && g.usable_in(version);
            if fits && (client_has(g) || any) { Ok(Some(g)) } else { Err(()) }
        }
        (GroupNeed::Ec, None) => {
            let fits = |g: &NamedGroup| g.is_elliptic_curve() && g.usable_in(version);
            match theirs {
                Some(t) => t.iter().find(|g| ours.contains(g) && fits(g)).map(Some).ok_or(()),
                None if policy.missing_groups() == MissingGroups::Any => {
                    ours.iter().copied().find(fits).map(Some).ok_or(())
                }
                None => Err(()),
            }
        }
        (GroupNeed::Ffdhe, _) => match theirs {
            Some(t) if t.iter().any(NamedGroup::is_ffdhe_range) => {
                t.iter().find(|g| g.is_ffdhe_range() && ours.contains(g) && g.usable_in(version)).map(Some).ok_or(())
            }
            _ => Ok(None),
        },
        (GroupNeed::Tls13, _) => match theirs {
            Some(t) => t.iter().find(|g| ours.contains(g) && g.usable_in(version)).map(Some).ok_or(()),
            None => Err(()),
        },
    };
    let Ok(group) = group else { return (Stage::NoGroup, None) };
    let signer = match info.group_need() {
        GroupNeed::Tls13 => {
            let mut any = [KeyType::Rsa, KeyType::Ecdsa].into_iter().filter(|k| key_types.holds(*k));
            any.find(|k| client_accepts_signature(policy, offer, version, *k))
        }
        _ => match info.signing_key() {
            None => return (Stage::Eligible, group),
            Some(k) => Some(k).filter(|k| client_accepts_signature(policy, offer, version, *k)),
        },
    };
    match signer {
        Some(_) => (Stage::Eligible, group),
        None => (Stage::NoSignature, None),
    }
}

/// Whether the client accepts some scheme the policy lets a `key` sign with, in `version`.
fn client_accepts_signature(policy: &Policy, offer: &Offer<'_>, version: ProtocolVersion, key: KeyType) -> bool {
    if version < ProtocolVersion::TLSv1_2 {
        return true;
    }
    let ours = policy.signature_schemes();
    let signs = |s: SignatureScheme| ours.contains(&s) && s.info().is_some_and(|i| i.server_signs(key, version));
    match offer.signature_schemes() {
        Some(theirs) => theirs.iter().any(signs),
        None if version == ProtocolVersion::TLSv1_3 => false,
        None => match key {
            KeyType::Rsa => signs(SignatureScheme::rsa_pkcs1_sha1),
            KeyType::Ecdsa => signs(SignatureScheme::ecdsa_sha1),
        },
    }
}

/// Why one offered suite was, or was not, chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SuiteOutcome {
    /// This suite was chosen.
    Chosen,
    /// Eligible, but the preference order picked another.
    Outranked,
    /// A GREASE value (RFC 8701), ignored.
    Grease,
    /// A signalling value (RFC 5746, RFC 7507), not a suite.
    Signalling,
    /// A code the registry does not name.
    Unknown,
    /// Not in the policy.
    NotInPolicy,
    /// In the policy, but not valid in the negotiated version.
    WrongVersion,
    /// The suite needs a certificate of this key type, which the server lacks.
    NeedsKey(KeyType),
    /// The suite's key exchange needs credentials a certificate cannot give (PSK, SRP, static
    /// DH), or an authentication the server has no key for (DSS, anonymous).
    UnsupportedKeyExchange,
    /// The policy fixes this suite to a group the client did not offer.
    GroupConstraintNotMet(NamedGroup),
    /// No key-exchange group fits.
    NoSharedGroup,
    /// The client accepts no signature the server can make for it.
    NoSharedSignatureScheme,
    /// The decision stopped before the suites (malformed hello, version, fallback, or a
    /// missing TLS 1.3 extension).
    NotReached,
    /// The client listed this suite earlier too; the earlier occurrence carries the outcome.
    Repeated,
}

impl SuiteOutcome {
    /// A short explanation for logs.
    pub const fn explanation(self) -> &'static str {
        match self {
            Self::Chosen => "chosen",
            Self::Outranked => "eligible, but another was preferred",
            Self::Grease => "GREASE value, ignored",
            Self::Signalling => "signalling value, not a suite",
            Self::Unknown => "unknown code point",
            Self::NotInPolicy => "not in the policy",
            Self::WrongVersion => "not valid in the negotiated version",
            Self::NeedsKey(KeyType::Rsa) => "needs an RSA certificate",
            Self::NeedsKey(KeyType::Ecdsa) => "needs an ECDSA certificate",
            Self::UnsupportedKeyExchange => "key exchange the server cannot do",
            Self::GroupConstraintNotMet(_) => "group constraint not met",
            Self::NoSharedGroup => "no shared group",
            Self::NoSharedSignatureScheme => "no shared signature scheme",
            Self::NotReached => "not reached",
            Self::Repeated => "listed again",
        }
    }
}

impl fmt::Display for SuiteOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::GroupConstraintNotMet(g) => write!(f, "group constraint not met (needs {g})"),
            _ => f.write_str(self.explanation()),
        }
    }
}

/// The decision and, for every offered suite in the client's order, why it was or was not
/// chosen. Allocates nothing: the account is an iterator.
///
/// ```
/// use tls_policy::{explain, CipherSuite, KeyTypes, Offer, Policy, ProtocolVersion, SuiteOutcome};
///
/// let policy = Policy::named("dps-tls12")?;
/// let suites = [CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA];
/// let account = explain(&policy, &Offer::new(ProtocolVersion::TLSv1_2, &suites), KeyTypes::RSA);
/// assert!(account.result().is_err());
/// let why: Vec<_> = account.suites().map(|(_, outcome)| outcome).collect();
/// assert_eq!(why, [SuiteOutcome::NeedsKey(tls_policy::KeyType::Ecdsa), SuiteOutcome::NotInPolicy]);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn explain<'p, 'o>(policy: &'p Policy, offer: &Offer<'o>, key_types: KeyTypes) -> Explanation<'p, 'o> {
    Explanation { policy, offer: *offer, key_types, result: negotiate(policy, offer, key_types) }
}

/// A decision with its per-suite account; see [`explain`].
#[derive(Debug, Clone, Copy)]
pub struct Explanation<'p, 'o> {
    policy: &'p Policy,
    offer: Offer<'o>,
    key_types: KeyTypes,
    result: Result<Agreement, Refusal>,
}

impl<'p, 'o> Explanation<'p, 'o> {
    /// The decision.
    pub const fn result(&self) -> Result<Agreement, Refusal> {
        self.result
    }

    /// Every offered suite in the client's order, with its outcome.
    pub fn suites(&self) -> impl Iterator<Item = (CipherSuite, SuiteOutcome)> + use<'p, 'o> {
        let (policy, offer, key_types, result) = (self.policy, self.offer, self.key_types, self.result);
        offer.suites().iter().enumerate().map(move |(i, suite)| {
            let repeated = offer.suites().iter().take(i).any(|earlier| earlier == suite);
            let outcome =
                if repeated { SuiteOutcome::Repeated } else { outcome(policy, &offer, key_types, result, suite) };
            (suite, outcome)
        })
    }
}

fn outcome(
    policy: &Policy,
    offer: &Offer<'_>,
    key_types: KeyTypes,
    result: Result<Agreement, Refusal>,
    suite: CipherSuite,
) -> SuiteOutcome {
    match suite.class() {
        SuiteClass::Grease => return SuiteOutcome::Grease,
        SuiteClass::Signalling => return SuiteOutcome::Signalling,
        SuiteClass::Unknown => return SuiteOutcome::Unknown,
        _ => {}
    }
    let mut entries = policy.entries().iter().filter(|e| e.suite == suite).peekable();
    if entries.peek().is_none() {
        return SuiteOutcome::NotInPolicy;
    }
    let version = match result {
        Ok(a) => a.version,
        Err(Refusal {
            reason: Reason::NoSharedCipher | Reason::NoSharedGroup | Reason::NoSharedSignatureScheme,
            version: Some(v),
        }) => v,
        Err(_) => return SuiteOutcome::NotReached,
    };
    if result.is_ok_and(|a| a.suite == suite) {
        return SuiteOutcome::Chosen;
    }
    // The furthest any of this suite's entries got.
    let mut best: Option<(Stage, SuiteEntry)> = None;
    for entry in entries {
        let (stage, _) = entry_stage(policy, offer, key_types, version, *entry);
        if best.is_none_or(|(s, _)| stage > s) {
            best = Some((stage, *entry));
        }
    }
    let Some((stage, entry)) = best else { return SuiteOutcome::NotInPolicy };
    match stage {
        Stage::Eligible => SuiteOutcome::Outranked,
        Stage::NotValidInVersion => SuiteOutcome::WrongVersion,
        Stage::NoKey => match suite.info() {
            // Only when another key would do: PSK, SRP or static DH suites need more than a key.
            Some(info) if KeyTypes::RSA_AND_ECDSA.can_run(info) => match info.auth().key_type() {
                Some(key) => SuiteOutcome::NeedsKey(key),
                None => SuiteOutcome::UnsupportedKeyExchange,
            },
            _ => SuiteOutcome::UnsupportedKeyExchange,
        },
        Stage::NoGroup => match entry.group {
            Some(g) => SuiteOutcome::GroupConstraintNotMet(g),
            None => SuiteOutcome::NoSharedGroup,
        },
        Stage::NoSignature => SuiteOutcome::NoSharedSignatureScheme,
    }
}
