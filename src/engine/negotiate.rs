//! The negotiation engine: what a server with a policy does with a client's offer.
//!
//! The semantics, in order: version first (RFC 8446 §4.2.1), then the fallback check
//! (RFC 7507), then the suite (by the policy's preference), whose candidates must be valid in
//! the version, runnable with a held key, given a group (RFC 8422 §4, RFC 7919 §4,
//! RFC 8446 §4.2.7) and, where the handshake is signed, a signature scheme both sides accept
//! (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3). A decision is a pure function of its inputs: no
//! clock, no randomness, no allocation.

use core::fmt;

use crate::engine::offer::Offer;
use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::{CipherSuite, Entry, SuiteClass};
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::{
    Credentials, GroupNeed, KeyType, MissingGroups, Policy, Preference, group_need, is_ec_group, is_ffdhe_code,
    needed_key, scheme_signs_with, signing_key, usable_in, usable_with,
};

/// What the server and client agreed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Agreement {
    /// The protocol version.
    pub version: ProtocolVersion,
    /// The cipher suite.
    pub suite: CipherSuite,
    /// The key-exchange group: `None` for static RSA, and for DHE when the client named no
    /// FFDHE group (the server then uses its own parameters, RFC 7919 §4).
    pub group: Option<NamedGroup>,
}

impl fmt::Display for Agreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.version, self.suite)?;
        match self.group {
            Some(g) => write!(f, " {g}"),
            None => Ok(()),
        }
    }
}

/// A TLS alert a server sends when it refuses (RFC 8446 §6.2, RFC 7507 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Alert {
    /// `handshake_failure` (40).
    HandshakeFailure,
    /// `illegal_parameter` (47).
    IllegalParameter,
    /// `decode_error` (50).
    DecodeError,
    /// `protocol_version` (70).
    ProtocolVersion,
    /// `inappropriate_fallback` (86).
    InappropriateFallback,
    /// `missing_extension` (109).
    MissingExtension,
}

impl Alert {
    /// The alert's number on the wire.
    pub const fn number(self) -> u8 {
        match self {
            Self::HandshakeFailure => 40,
            Self::IllegalParameter => 47,
            Self::DecodeError => 50,
            Self::ProtocolVersion => 70,
            Self::InappropriateFallback => 86,
            Self::MissingExtension => 109,
        }
    }

    /// The alert's name in the RFCs (`protocol_version`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::HandshakeFailure => "handshake_failure",
            Self::IllegalParameter => "illegal_parameter",
            Self::DecodeError => "decode_error",
            Self::ProtocolVersion => "protocol_version",
            Self::InappropriateFallback => "inappropriate_fallback",
            Self::MissingExtension => "missing_extension",
        }
    }
}

impl fmt::Display for Alert {
    /// `protocol_version (70)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.number())
    }
}

/// Why a server refuses. Reasons are ordered by how specific they are, the least specific
/// first, so `max` (or [`Reason::most_specific`]) picks the one to report: a malformed hello
/// (decode_error) before the version, the fallback check and the missing or forbidden values,
/// then the furthest of the suite, group and signature stages that any candidate reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Reason {
    /// No offered suite is in the policy, valid in the version and runnable with a held key.
    NoSharedCipher,
    /// Some suite was, but no key-exchange group fits it.
    NoSharedGroup,
    /// Some suite had a group, but the client accepts no signature the server can make.
    NoSharedSignatureScheme,
    /// TLS 1.3 was agreed, but the client sent no `supported_groups`, `signature_algorithms`
    /// or `key_share` (RFC 8446 §9.2).
    MissingExtension,
    /// A field holds a value the protocol forbids: compression other than exactly null in
    /// TLS 1.3 (RFC 8446 §4.1.2), `ec_point_formats` without `uncompressed` beside elliptic
    /// curves (RFC 8422 §5.1.2), a repeated or misshapen key share (RFC 8446 §4.2.8), a
    /// host name that is not one (RFC 6066 §3), `pre_shared_key` not last (RFC 8446 §4.2.11).
    IllegalParameter,
    /// TLS_FALLBACK_SCSV from a client whose best version is below the server's (RFC 7507).
    InappropriateFallback,
    /// No protocol version both sides allow.
    ProtocolVersion,
    /// The ClientHello could not be read, or a list in it is empty or cut short.
    Malformed,
}

impl Reason {
    /// The alert a server sends for this reason.
    pub const fn alert(self) -> Alert {
        match self {
            Self::Malformed => Alert::DecodeError,
            Self::ProtocolVersion => Alert::ProtocolVersion,
            Self::InappropriateFallback => Alert::InappropriateFallback,
            Self::MissingExtension => Alert::MissingExtension,
            Self::IllegalParameter => Alert::IllegalParameter,
            Self::NoSharedCipher | Self::NoSharedGroup | Self::NoSharedSignatureScheme => Alert::HandshakeFailure,
        }
    }

    /// A stable snake_case name (`no_shared_cipher`), as used in JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::ProtocolVersion => "protocol_version",
            Self::InappropriateFallback => "inappropriate_fallback",
            Self::MissingExtension => "missing_extension",
            Self::IllegalParameter => "illegal_parameter",
            Self::NoSharedCipher => "no_shared_cipher",
            Self::NoSharedGroup => "no_shared_group",
            Self::NoSharedSignatureScheme => "no_shared_signature_scheme",
        }
    }

    /// The more specific of two reasons: a malformed hello beats everything, then the version,
    /// the fallback check, a forbidden value, a missing TLS 1.3 extension, and among the suite stages the furthest
    /// one reached. The same as `max`.
    #[must_use]
    pub fn most_specific(self, other: Self) -> Self {
        self.max(other)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Malformed => "malformed ClientHello",
            Self::ProtocolVersion => "no protocol version in common",
            Self::InappropriateFallback => "inappropriate fallback (TLS_FALLBACK_SCSV below the server's best version)",
            Self::MissingExtension => "TLS 1.3 without supported_groups, signature_algorithms or key_share",
            Self::IllegalParameter => "a field holds a value the protocol forbids",
            Self::NoSharedCipher => "no cipher suite in common",
            Self::NoSharedGroup => "no key-exchange group in common",
            Self::NoSharedSignatureScheme => "no signature scheme in common",
        })
    }
}

/// A server's refusal: the reason, and the version if one was agreed before the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("refused: {reason}, alert {}", reason.alert())]
pub struct Refusal {
    /// Why.
    pub reason: Reason,
    /// The version agreed before the suite stage, if it got that far.
    pub version: Option<ProtocolVersion>,
}

impl Refusal {
    /// The alert the server sends.
    pub const fn alert(&self) -> Alert {
        self.reason.alert()
    }
}

/// Decides what a server with `policy` and `keys` does with `offer`.
///
/// Cost: one pass over the offered suites (a bit-set test each), one over the groups and one
/// over the signature schemes when the candidates need them; no allocation.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, Credentials, NamedGroup, Offer, Policy, ProtocolVersion, Reason};
///
/// let policy = Policy::named("dps-tls12")?;
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
/// let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
/// let agreed = negotiate(&policy, &offer, Credentials::RSA).unwrap();
/// assert_eq!(agreed.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384); // server order
/// assert_eq!(agreed.group, Some(NamedGroup::secp256r1));
///
/// let old = Offer::new(ProtocolVersion::TLSv1_1, &suites);
/// let refusal = negotiate(&policy, &old, Credentials::RSA).unwrap_err();
/// assert_eq!(refusal.reason, Reason::ProtocolVersion);
/// assert_eq!(refusal.alert().number(), 70);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn negotiate(policy: &Policy, offer: &Offer<'_>, keys: Credentials) -> Result<Agreement, Refusal> {
    well_formed(offer)?;
    let client = client_versions(offer);
    let version = highest_common(policy, client)?;
    let c = &policy.compiled;
    let rank = usize::from(version.rank().unwrap_or(0));
    let base = c.valid_in[rank] & c.usable_with[keys.index()];

    // Step 2. The SCSV only matters when the client's best version is below ours, which is
    // known before any pass over the suites; then one full pass serves steps 2 and 3.
    let mut offered = 0u128;
    let full_pass = client.tops_out_below(policy.versions());
    if full_pass {
        let mut scsv = false;
        offer.suites().any_code(|code| {
            if c.has_suite(code) {
                offered |= c.entries_of(code);
            }
            scsv |= code == CipherSuite::TLS_FALLBACK_SCSV.get();
            false
        });
        if scsv {
            return Err(Refusal { reason: Reason::InappropriateFallback, version: Some(version) });
        }
    }
    tls13_lists(offer, version)?;

    // Steps 3 and 4 as masks: which entries the offer's groups and signature schemes allow.
    // They do not depend on the suites, so they are known before the pass over them.
    let groups = GroupContext::new(policy, offer, version);
    let mut group_ok = c.needs_no_group;
    if groups.ec.is_some() {
        group_ok |= c.any_curve;
    }
    let mut shared = groups.shared_ec;
    while shared != 0 {
        let i = lowest_bit(u128::from(shared));
        group_ok |= c.constrained_to.get(i).copied().unwrap_or(0);
        shared &= shared - 1;
    }
    if groups.ffdhe_ok {
        group_ok |= c.needs_ffdhe;
    }
    if groups.tls13.is_some() {
        group_ok |= c.needs_tls13_group;
    }
    let mut sig_ok = c.unsigned;
    if base & group_ok & !c.unsigned != 0 {
        let can_sign = signing_keys(policy, offer, version, keys);
        if can_sign & 1 != 0 {
            sig_ok |= c.signed_by_rsa;
        }
        if can_sign & 2 != 0 {
            sig_ok |= c.signed_by_ecdsa;
        }
        if can_sign != 0 {
            sig_ok |= c.needs_tls13_group;
        }
    }
    let eligible = base & group_ok & sig_ok;

    // The pass over the suites stops as soon as nothing better can come: under server order
    // when the best eligible entry is offered, under client order at the first eligible suite.
    let chosen = match policy.preference() {
        Preference::Server => {
            let best = eligible & eligible.wrapping_neg();
            if !full_pass {
                offer.suites().any_code(|code| {
                    if c.has_suite(code) {
                        offered |= c.entries_of(code);
                        return offered & best != 0;
                    }
                    false
                });
            }
            offered & eligible
        }
        _ => {
            let mut first = 0;
            offer.suites().any_code(|code| {
                if c.has_suite(code) {
                    let entries = c.entries_of(code);
                    offered |= entries;
                    first = entries & eligible;
                    return first != 0;
                }
                false
            });
            first
        }
    };
    if chosen == 0 {
        // The fields judged with the version outrank a suite-stage refusal.
        version_fields(offer, version)?;
        // The pass was complete: report the furthest stage any offered entry reached.
        let stage0 = offered & base;
        let reason = if stage0 & group_ok != 0 {
            Reason::NoSharedSignatureScheme
        } else if stage0 != 0 {
            Reason::NoSharedGroup
        } else {
            Reason::NoSharedCipher
        };
        return Err(Refusal { reason, version: Some(version) });
    }
    let index = lowest_bit(chosen);
    let Some(entry) = policy.entries().get(index).copied() else {
        return Err(Refusal { reason: Reason::NoSharedCipher, version: Some(version) }); // unreachable
    };
    let bit = 1u128 << index;
    let group = if entry.group.is_some() {
        entry.group
    } else if c.needs_ec & bit != 0 {
        groups.ec
    } else if c.needs_ffdhe & bit != 0 {
        groups.ffdhe
    } else if c.needs_tls13_group & bit != 0 {
        groups.tls13
    } else {
        None
    };
    version_fields(offer, version)?;
    Ok(Agreement { version, suite: entry.suite, group })
}

/// The index of the lowest set bit (128 for none).
fn lowest_bit(mask: u128) -> usize {
    usize::try_from(mask.trailing_zeros()).unwrap_or(usize::MAX)
}

/// Step 0: every list has at least one whole value (otherwise `decode_error`).
fn well_formed(offer: &Offer<'_>) -> Result<(), Refusal> {
    if offer.is_well_formed() { Ok(()) } else { Err(Refusal { reason: Reason::Malformed, version: None }) }
}

/// RFC 8446 §9.2: a TLS 1.3 ClientHello without `supported_groups`, `signature_algorithms` or
/// `key_share` (and no PSK, which this crate does not model) is refused with
/// `missing_extension`. (The naive reference's order; [`negotiate`] checks the lists here and
/// the rest in [`version_fields`], which gives the same answer.)
fn tls13_extensions(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    tls13_lists(offer, version)?;
    tls13_key_share(offer, version)
}

/// The lists of [`tls13_extensions`].
fn tls13_lists(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    if version == ProtocolVersion::TLSv1_3 && (offer.groups().is_none() || offer.signature_schemes().is_none()) {
        return Err(Refusal { reason: Reason::MissingExtension, version: Some(version) });
    }
    Ok(())
}

/// The `key_share` of [`tls13_extensions`].
fn tls13_key_share(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    if version == ProtocolVersion::TLSv1_3 && !offer.has_key_share() {
        return Err(Refusal { reason: Reason::MissingExtension, version: Some(version) });
    }
    Ok(())
}

/// What [`negotiate`] checks after the suite stage (a refusal from it outranks the suite
/// stage's, so the answer is that of checking first, as the naive reference does; checking
/// late keeps the pass over the suites as tight as it was): `key_share` in TLS 1.3, then the
/// values the version forbids.
#[inline(never)]
fn version_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    tls13_key_share(offer, version)?;
    legacy_fields(offer, version)
}

/// The fields judged once the version is known, refused with `illegal_parameter`: in TLS 1.3,
/// compression methods other than exactly `[null]` (RFC 8446 §4.1.2) and the values of
/// [`Offer::illegal_in_tls13`]; before TLS 1.3, `ec_point_formats` without `uncompressed` (0)
/// from a client that names an elliptic curve (RFC 8422 §5.1.2).
#[inline]
fn legacy_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    // The common hello passes on a few comparisons; the rest is out of line.
    let suspect = if version == ProtocolVersion::TLSv1_3 {
        offer.compression_methods() != [0] || offer.illegal_in_tls13()
    } else {
        offer.ec_point_formats().is_some_and(|formats| !formats.contains(&0))
    };
    if suspect { illegal_fields(offer, version) } else { Ok(()) }
}

/// [`legacy_fields`] on a suspect hello: TLS 1.3 refuses it; before, only a client that names
/// an elliptic curve is held to the point formats.
#[cold]
#[inline(never)]
fn illegal_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    let curves = offer.groups().is_some_and(|groups| groups.iter().any(is_ec_group));
    if version == ProtocolVersion::TLSv1_3 || curves {
        return Err(Refusal { reason: Reason::IllegalParameter, version: Some(version) });
    }
    Ok(())
}

/// Step 1: the highest version both allow.
fn highest_common(policy: &Policy, client: VersionSet) -> Result<ProtocolVersion, Refusal> {
    client.intersect(policy.versions()).highest().ok_or(Refusal { reason: Reason::ProtocolVersion, version: None })
}

/// TLS 1.0 and up.
const TLS_FAMILY: VersionSet = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_3);

/// The known versions the client offers.
fn client_versions(offer: &Offer<'_>) -> VersionSet {
    match offer.supported_versions() {
        // SSL 3.0 is never offered (RFC 7568): drop its bit.
        Some(list) => {
            let mut set = VersionSet::EMPTY;
            list.any_code(|code| {
                set = set.with(ProtocolVersion::from_u16(code));
                false
            });
            set.intersect(TLS_FAMILY)
        }
        None => ProtocolVersion::ALL.into_iter().filter(|v| offer.offers_version(*v)).collect(),
    }
}

/// Step 2 (RFC 7507 §3): SCSV from a client whose best known version is below ours.
fn check_fallback(policy: &Policy, offer: &Offer<'_>, scsv: bool, version: ProtocolVersion) -> Result<(), Refusal> {
    if scsv && client_versions(offer).tops_out_below(policy.versions()) {
        return Err(Refusal { reason: Reason::InappropriateFallback, version: Some(version) });
    }
    Ok(())
}

/// The groups a decision can use, worked out once from the offer.
struct GroupContext {
    /// The elliptic curve for an unconstrained ECDHE suite (client order).
    ec: Option<NamedGroup>,
    /// Policy groups (by index) an entry constrained to them can use.
    shared_ec: u32,
    /// Whether a DHE suite may be chosen, and with which named group (RFC 7919 §4).
    ffdhe_ok: bool,
    ffdhe: Option<NamedGroup>,
    /// The group for a TLS 1.3 suite.
    tls13: Option<NamedGroup>,
}

impl GroupContext {
    fn new(policy: &Policy, offer: &Offer<'_>, version: ProtocolVersion) -> Self {
        let facts = &policy.compiled.group_facts;
        let in_version = VersionSet::only(version).bits();
        let tls13 = version == ProtocolVersion::TLSv1_3;
        let mut ctx = Self { ec: None, shared_ec: 0, ffdhe_ok: false, ffdhe: None, tls13: None };
        // Every shared group matters only to constrained entries and to DHE (RFC 7919 looks
        // at any FFDHE code the client sends); otherwise the first usable one decides.
        let c = &policy.compiled;
        let all = c.every_group_matters;
        match offer.groups() {
            Some(theirs) => {
                let mut client_ffdhe = false;
                theirs.any_code(|code| {
                    client_ffdhe |= is_ffdhe_code(code);
                    let Some(i) = facts.iter().position(|f| f.code == code) else { return false };
                    let f = facts[i];
                    if f.versions & in_version == 0 {
                        return false;
                    }
                    let group = NamedGroup::from_u16(code);
                    if f.ec {
                        ctx.ec = ctx.ec.or(Some(group));
                        ctx.shared_ec |= 1 << i;
                    }
                    if f.ffdhe {
                        ctx.ffdhe = ctx.ffdhe.or(Some(group));
                    }
                    if tls13 {
                        ctx.tls13 = ctx.tls13.or(Some(group));
                    }
                    !all && ctx.ec.is_some() && (!tls13 || ctx.tls13.is_some())
                });
                ctx.ffdhe_ok = !client_ffdhe || ctx.ffdhe.is_some();
            }
            None => {
                ctx.ffdhe_ok = true;
                // RFC 8422 §4 lets a TLS 1.2 server pick any curve; TLS 1.3 requires the
                // extension (RFC 8446 §9.2).
                if policy.missing_groups() == MissingGroups::Any && !tls13 {
                    for (i, f) in facts.iter().enumerate() {
                        if f.ec && f.versions & in_version != 0 {
                            ctx.ec = ctx.ec.or(Some(NamedGroup::from_u16(f.code)));
                            ctx.shared_ec |= 1 << i;
                        }
                    }
                }
            }
        }
        ctx
    }
}

/// Which held keys (bit 0 RSA, bit 1 ECDSA) can sign a handshake the client will accept.
fn signing_keys(policy: &Policy, offer: &Offer<'_>, version: ProtocolVersion, keys: Credentials) -> u8 {
    let held = u8::from(keys.holds(KeyType::Rsa)) | u8::from(keys.holds(KeyType::Ecdsa)) << 1;
    if version < ProtocolVersion::TLSv1_2 {
        return held; // TLS 1.0 and 1.1 sign with MD5+SHA-1 / SHA-1, no negotiation
    }
    let tls13 = version == ProtocolVersion::TLSv1_3;
    let c = &policy.compiled;
    match offer.signature_schemes() {
        Some(theirs) => {
            let signers = c.signers(tls13);
            let mut ok = 0;
            theirs.any_code(|code| {
                ok |= signers.get(usize::from(code)).copied().unwrap_or(0);
                ok & held == held
            });
            ok & held
        }
        // RFC 5246 §7.4.1.4.1: without the extension, the client accepts SHA-1 with the
        // algorithm of the suite. TLS 1.3 has no such default (RFC 8446 §4.2.3).
        None if tls13 => 0,
        None => {
            let rsa = c.scheme_keys(SignatureScheme::rsa_pkcs1_sha1.get(), false) & 1;
            let ecdsa = c.scheme_keys(SignatureScheme::ecdsa_sha1.get(), false) & 2;
            (rsa | ecdsa) & held
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The reference implementation and the per-suite account.

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
pub fn negotiate_naive(policy: &Policy, offer: &Offer<'_>, keys: Credentials) -> Result<Agreement, Refusal> {
    well_formed(offer)?;
    let version = highest_common(policy, client_versions(offer))?;
    check_fallback(policy, offer, offer.has_fallback_scsv(), version)?;
    tls13_extensions(offer, version)?;
    legacy_fields(offer, version)?;
    let mut furthest = None;
    let mut consider = |entry: Entry| -> Option<Agreement> {
        let (stage, group) = entry_stage(policy, offer, keys, version, entry);
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
    keys: Credentials,
    version: ProtocolVersion,
    entry: Entry,
) -> (Stage, Option<NamedGroup>) {
    let Some(info) = entry.suite.info() else { return (Stage::NotValidInVersion, None) };
    if !info.versions().contains(version) {
        return (Stage::NotValidInVersion, None);
    }
    if !usable_with(info, keys) {
        return (Stage::NoKey, None);
    }
    let ours = policy.groups();
    let theirs = offer.groups();
    let client_has = |g: NamedGroup| theirs.is_some_and(|t| t.iter().any(|x| x == g));
    let group = match (group_need(info), entry.group) {
        (GroupNeed::None, _) => Ok(None),
        (GroupNeed::Ec, Some(g)) => {
            let any = theirs.is_none() && policy.missing_groups() == MissingGroups::Any;
            let fits = ours.contains(&g) && is_ec_group(g) && usable_in(g, version);
            if fits && (client_has(g) || any) { Ok(Some(g)) } else { Err(()) }
        }
        (GroupNeed::Ec, None) => {
            let fits = |g: &NamedGroup| is_ec_group(*g) && usable_in(*g, version);
            match theirs {
                Some(t) => t.iter().find(|g| ours.contains(g) && fits(g)).map(Some).ok_or(()),
                None if policy.missing_groups() == MissingGroups::Any => {
                    ours.iter().copied().find(fits).map(Some).ok_or(())
                }
                None => Err(()),
            }
        }
        (GroupNeed::Ffdhe, _) => {
            let is_ffdhe = |g: &NamedGroup| (256..=511).contains(&g.get());
            match theirs {
                Some(t) if t.iter().any(|g| is_ffdhe(&g)) => {
                    t.iter().find(|g| is_ffdhe(g) && ours.contains(g) && usable_in(*g, version)).map(Some).ok_or(())
                }
                _ => Ok(None),
            }
        }
        (GroupNeed::Tls13, _) => match theirs {
            Some(t) => t.iter().find(|g| ours.contains(g) && usable_in(*g, version)).map(Some).ok_or(()),
            None => Err(()),
        },
    };
    let Ok(group) = group else { return (Stage::NoGroup, None) };
    let signer = match group_need(info) {
        GroupNeed::Tls13 => {
            let mut any = [KeyType::Rsa, KeyType::Ecdsa].into_iter().filter(|k| keys.holds(*k));
            any.find(|k| client_accepts_signature(policy, offer, version, *k))
        }
        _ => match signing_key(info) {
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
    let signs = |s: SignatureScheme| ours.contains(&s) && scheme_signs_with(s, key, version);
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
/// use tls_policy::{explain, CipherSuite, Credentials, Offer, Policy, ProtocolVersion, SuiteOutcome};
///
/// let policy = Policy::named("dps-tls12")?;
/// let suites = [CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA];
/// let account = explain(&policy, &Offer::new(ProtocolVersion::TLSv1_2, &suites), Credentials::RSA);
/// assert!(account.result().is_err());
/// let why: Vec<_> = account.suites().map(|(_, outcome)| outcome).collect();
/// assert_eq!(why, [SuiteOutcome::NeedsKey(tls_policy::KeyType::Ecdsa), SuiteOutcome::NotInPolicy]);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn explain<'p, 'o>(policy: &'p Policy, offer: &Offer<'o>, keys: Credentials) -> Explanation<'p, 'o> {
    Explanation { policy, offer: *offer, keys, result: negotiate(policy, offer, keys) }
}

/// A decision with its per-suite account; see [`explain`].
#[derive(Debug, Clone, Copy)]
pub struct Explanation<'p, 'o> {
    policy: &'p Policy,
    offer: Offer<'o>,
    keys: Credentials,
    result: Result<Agreement, Refusal>,
}

impl<'p, 'o> Explanation<'p, 'o> {
    /// The decision.
    pub const fn result(&self) -> Result<Agreement, Refusal> {
        self.result
    }

    /// Every offered suite in the client's order, with its outcome.
    pub fn suites(&self) -> impl Iterator<Item = (CipherSuite, SuiteOutcome)> + use<'p, 'o> {
        let (policy, offer, keys, result) = (self.policy, self.offer, self.keys, self.result);
        offer.suites().iter().enumerate().map(move |(i, suite)| {
            let repeated = offer.suites().iter().take(i).any(|earlier| earlier == suite);
            let outcome = if repeated { SuiteOutcome::Repeated } else { outcome(policy, &offer, keys, result, suite) };
            (suite, outcome)
        })
    }
}

fn outcome(
    policy: &Policy,
    offer: &Offer<'_>,
    keys: Credentials,
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
    let mut best: Option<(Stage, Entry)> = None;
    for entry in entries {
        let (stage, _) = entry_stage(policy, offer, keys, version, *entry);
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
            Some(info) if usable_with(info, Credentials::RSA_AND_ECDSA) => match needed_key(info.auth()) {
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
