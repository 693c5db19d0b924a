//! The negotiation engine: what a server with a policy does with a client's offer.
//!
//! The semantics, in order: version first (RFC 8446 §4.2.1), then the fallback check
//! (RFC 7507), then the suite (by the policy's preference), whose candidates must be valid in
//! the version, runnable with a held key, given a group (RFC 8422 §4, RFC 7919 §4,
//! RFC 8446 §4.2.7) and, where the handshake is signed, a signature scheme both sides accept
//! (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3). A decision is a pure function of its inputs: no
//! clock, no randomness, no allocation.

use crate::engine::offer::Offer;
use crate::engine::verdict::{Agreement, Reason, Refusal};
use crate::model::group::NamedGroup;
use crate::model::group::is_ffdhe_code;
use crate::model::key::KeyType;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::suite::GroupNeed;
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::{GroupsOffered, KeyTypes, MissingGroups, Policy, Preference};

/// Decides what a server with `policy` and certificates of `key_types` does with `offer`.
///
/// Cost: one pass over the offered suites (a bit-set test each), one over the groups and one
/// over the signature schemes when the candidates need them; no allocation.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, Reason};
///
/// let policy = Policy::named("dps-tls12")?;
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
/// let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
/// let agreed = negotiate(&policy, &offer, KeyTypes::RSA).unwrap();
/// assert_eq!(agreed.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384); // server order
/// assert_eq!(agreed.group, Some(NamedGroup::secp256r1));
///
/// let old = Offer::new(ProtocolVersion::TLSv1_1, &suites);
/// let refusal = negotiate(&policy, &old, KeyTypes::RSA).unwrap_err();
/// assert_eq!(refusal.reason, Reason::ProtocolVersion);
/// assert_eq!(refusal.alert().number(), 70);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
pub fn negotiate(policy: &Policy, offer: &Offer<'_>, key_types: KeyTypes) -> Result<Agreement, Refusal> {
    well_formed(offer)?;
    let client = client_versions(offer);
    let version = highest_common(policy, client)?;
    let c = &policy.compiled;
    let base = c.runnable(version, key_types);
    let table = c.suite_table();

    // Step 2. The SCSV only matters when the client's best version is below ours, which is
    // known before any pass over the suites; then one full pass serves steps 2 and 3.
    let mut offered = 0u128;
    let full_pass = client.tops_out_below(policy.versions());
    if full_pass {
        let mut scsv = false;
        offer.suites().any_code(|code| {
            offered |= c.entries_of(code);
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
    let group_ok = c.group_allows(groups.offered());
    let mut sig_ok = c.unsigned();
    if base & group_ok & !sig_ok != 0 {
        sig_ok = c.signature_allows(signing_keys(policy, offer, version, key_types));
    }
    let eligible = base & group_ok & sig_ok;

    // The pass over the suites stops as soon as nothing better can come: under server order
    // when the best eligible entry is offered, under client order at the first eligible suite.
    let chosen = match policy.preference() {
        Preference::Server => {
            let best = eligible & eligible.wrapping_neg();
            if !full_pass {
                offer.suites().any_in(table, |at| {
                    offered |= c.entries_at(at);
                    offered & best != 0
                });
            }
            offered & eligible
        }
        _ => {
            let mut first = 0;
            offer.suites().any_in(table, |at| {
                let entries = c.entries_at(at);
                offered |= entries;
                first = entries & eligible;
                first != 0
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
    } else {
        match c.group_need(bit) {
            GroupNeed::Ec => groups.ec,
            GroupNeed::Ffdhe => groups.ffdhe,
            GroupNeed::Tls13 => groups.tls13,
            GroupNeed::None => None,
        }
    };
    version_fields(offer, version)?;
    Ok(Agreement { version, suite: entry.suite, group })
}

/// The index of the lowest set bit (128 for none).
fn lowest_bit(mask: u128) -> usize {
    usize::try_from(mask.trailing_zeros()).unwrap_or(usize::MAX)
}

/// Step 0: every list has at least one whole value (otherwise `decode_error`).
pub(super) fn well_formed(offer: &Offer<'_>) -> Result<(), Refusal> {
    if offer.is_well_formed() { Ok(()) } else { Err(Refusal { reason: Reason::Malformed, version: None }) }
}

/// RFC 8446 §9.2: a TLS 1.3 ClientHello without `supported_groups`, `signature_algorithms` or
/// `key_share` (and no PSK, which this crate does not model) is refused with
/// `missing_extension`. (The naive reference's order; [`negotiate`] checks the lists here and
/// the rest in [`version_fields`], which gives the same answer.)
pub(super) fn tls13_extensions(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    tls13_lists(offer, version)?;
    tls13_key_share(offer, version)
}

/// The lists of [`tls13_extensions`].
pub(super) fn tls13_lists(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    if version == ProtocolVersion::TLSv1_3 && (offer.groups().is_none() || offer.signature_schemes().is_none()) {
        return Err(Refusal { reason: Reason::MissingExtension, version: Some(version) });
    }
    Ok(())
}

/// The `key_share` of [`tls13_extensions`].
pub(super) fn tls13_key_share(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
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
pub(super) fn version_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    tls13_key_share(offer, version)?;
    legacy_fields(offer, version)
}

/// The fields judged once the version is known, refused with `illegal_parameter`: in TLS 1.3,
/// compression methods other than exactly `[null]` (RFC 8446 §4.1.2) and the values of
/// [`Offer::illegal_in_tls13`]; before TLS 1.3, `ec_point_formats` without `uncompressed` (0)
/// from a client that names an elliptic curve (RFC 8422 §5.1.2).
#[inline]
pub(super) fn legacy_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
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
pub(super) fn illegal_fields(offer: &Offer<'_>, version: ProtocolVersion) -> Result<(), Refusal> {
    let curves = offer.groups().is_some_and(|groups| groups.iter().any(NamedGroup::is_elliptic_curve));
    if version == ProtocolVersion::TLSv1_3 || curves {
        return Err(Refusal { reason: Reason::IllegalParameter, version: Some(version) });
    }
    Ok(())
}

/// Step 1: the highest version both allow.
pub(super) fn highest_common(policy: &Policy, client: VersionSet) -> Result<ProtocolVersion, Refusal> {
    client.intersect(policy.versions()).highest().ok_or(Refusal { reason: Reason::ProtocolVersion, version: None })
}

/// TLS 1.0 and up.
const TLS_FAMILY: VersionSet = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_3);

/// The known versions the client offers.
pub(super) fn client_versions(offer: &Offer<'_>) -> VersionSet {
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
pub(super) fn check_fallback(
    policy: &Policy,
    offer: &Offer<'_>,
    scsv: bool,
    version: ProtocolVersion,
) -> Result<(), Refusal> {
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
    /// What the compiled policy needs to know of it.
    fn offered(&self) -> GroupsOffered {
        GroupsOffered {
            any_curve: self.ec.is_some(),
            shared_ec: self.shared_ec,
            ffdhe: self.ffdhe_ok,
            tls13: self.tls13.is_some(),
        }
    }

    fn new(policy: &Policy, offer: &Offer<'_>, version: ProtocolVersion) -> Self {
        let c = &policy.compiled;
        let facts = c.group_facts();
        let in_version = VersionSet::only(version).bits();
        let tls13 = version == ProtocolVersion::TLSv1_3;
        let mut ctx = Self { ec: None, shared_ec: 0, ffdhe_ok: false, ffdhe: None, tls13: None };
        // Every shared group matters only to constrained entries and to DHE (RFC 7919 looks
        // at any FFDHE code the client sends); otherwise the first usable one decides.
        let all = c.every_group_matters();
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
pub(super) fn signing_keys(policy: &Policy, offer: &Offer<'_>, version: ProtocolVersion, key_types: KeyTypes) -> u8 {
    let held = u8::from(key_types.holds(KeyType::Rsa)) | u8::from(key_types.holds(KeyType::Ecdsa)) << 1;
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
