//! The rules a policy is checked and compiled by, and the compiled form every decision reads.

use super::*;
use crate::model::signature::Handshakes;
use crate::model::suite::GroupNeed;

/// Whether these are the schemes a policy file without the key gets, in that order (so leaving
/// them out of a written policy reads back the same).
pub(crate) fn is_recommended_signature_schemes(schemes: &[SignatureScheme]) -> bool {
    schemes == recommended_signature_schemes()
}

/// See [`Policy::recommended_groups`].
pub(crate) const RECOMMENDED_GROUPS: [NamedGroup; 3] =
    [NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1];

pub(crate) fn recommended_groups_vec() -> Vec<NamedGroup> {
    RECOMMENDED_GROUPS.to_vec()
}

/// See [`Policy::recommended_signature_schemes`].
pub(crate) fn recommended_signature_schemes() -> Vec<SignatureScheme> {
    use crate::model::registry::Hash;
    default_signature_schemes()
        .into_iter()
        .filter(|s| {
            s.info().and_then(|i| i.hash()).is_some_and(|h| matches!(h, Hash::Sha256 | Hash::Sha384 | Hash::Sha512))
        })
        .collect()
}

/// Every scheme an RSA (rsaEncryption) or ECDSA key can sign a server's handshake with in
/// TLS 1.2 or 1.3, SHA-1 and SHA-224 included, MD5 and the TLS 1.3-only brainpool schemes not.
pub(crate) fn default_signature_schemes() -> Vec<SignatureScheme> {
    SignatureScheme::all()
        .filter(|s| {
            matches!(
                s.algorithm(),
                SignatureAlgorithm::RsaPkcs1 | SignatureAlgorithm::RsaPssRsae | SignatureAlgorithm::Ecdsa
            ) && s.hash().is_some_and(|h| h != crate::model::registry::Hash::Md5)
                && matches!(s.handshakes(), Handshakes::Tls12 | Handshakes::Tls12And13)
        })
        .map(|s| s.scheme())
        .collect()
}

/// What the engine needs to know of one policy group, without registry look-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupFacts {
    pub(crate) code: u16,
    pub(crate) ec: bool,
    pub(crate) ffdhe: bool,
    /// [`VersionSet::bits`] of the versions it may be used in.
    pub(crate) versions: u8,
}

/// What the offer's groups allow, as the engine works it out before the pass over the suites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupsOffered {
    /// Some elliptic curve an unconstrained ECDHE entry can use.
    pub(crate) any_curve: bool,
    /// The policy groups (by index) both sides have, for entries constrained to one.
    pub(crate) shared_ec: u32,
    /// Whether a DHE entry may be chosen (RFC 7919 §4).
    pub(crate) ffdhe: bool,
    /// Some group a TLS 1.3 entry can use.
    pub(crate) tls13: bool,
}

/// The compiled form of a policy: per-entry bit masks (bit `i` is entry `i`, in preference
/// order) and flat tables by code, so a decision is a handful of mask operations plus one pass
/// over the offer whose step per suite is one load and one compare. The engine reads it
/// through the methods below; its fields are its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Compiled {
    /// By cipher-suite code: 0 when no entry has the suite, else 1 + the index in `masks` of
    /// the entries that have it.
    suites: Box<[u8; 0x1_0000]>,
    masks: Vec<u128>,
    /// Entries valid in each version, by rank.
    valid_in: [u128; 5],
    /// Entries a server with these credentials can run, by [`KeyTypes::index`].
    usable_with: [u128; 4],
    /// Entries that need an elliptic curve / FFDHE / a TLS 1.3 group.
    needs_ec: u128,
    needs_ffdhe: u128,
    needs_tls13_group: u128,
    /// Entries constrained to the policy group of each index.
    constrained_to: Vec<u128>,
    /// Entries with any group constraint.
    constrained: u128,
    /// Derived, so a decision need not: entries that need no group; entries that take any
    /// elliptic curve (ECDHE, unconstrained); whether every shared group matters (some entry
    /// is constrained or does DHE, RFC 7919), not just the first usable one.
    needs_no_group: u128,
    any_curve: u128,
    every_group_matters: bool,
    /// Entries whose TLS 1.2 handshake an RSA / ECDSA key signs.
    signed_by_rsa: u128,
    signed_by_ecdsa: u128,
    /// Entries whose handshake nothing signs (static RSA key transport), derived.
    unsigned: u128,
    /// For TLS 1.2 (`[0]`) and TLS 1.3 (`[1]`), by scheme code (codes up to 0x0FFF; no
    /// registered scheme is higher): which keys may sign with it, bit 0 RSA, bit 1 ECDSA.
    signers: Box<[[u8; 0x1000]; 2]>,
    /// The policy's groups with, for each, whether it is an elliptic curve, whether it is an
    /// FFDHE group, and the versions it may be used in.
    group_facts: Vec<GroupFacts>,
}

impl Compiled {
    pub(super) fn new(
        versions: VersionSet,
        entries: &[SuiteEntry],
        groups: &[NamedGroup],
        schemes: &[SignatureScheme],
    ) -> Self {
        let mut c = Self {
            suites: Box::new([0; 0x1_0000]),
            masks: Vec::new(),
            valid_in: [0; 5],
            usable_with: [0; 4],
            needs_ec: 0,
            needs_ffdhe: 0,
            needs_tls13_group: 0,
            constrained_to: vec![0; groups.len()],
            constrained: 0,
            needs_no_group: 0,
            any_curve: 0,
            every_group_matters: false,
            unsigned: 0,
            signed_by_rsa: 0,
            signed_by_ecdsa: 0,
            signers: Box::new([[0; 0x1000]; 2]),
            group_facts: groups
                .iter()
                .map(|g| GroupFacts {
                    code: g.get(),
                    ec: g.is_elliptic_curve(),
                    ffdhe: g.is_ffdhe_range(),
                    versions: g.info().map_or(0, |i| i.versions().bits()),
                })
                .collect(),
        };
        for &scheme in schemes {
            let code = scheme.get();
            if code > 0x0FFF {
                continue;
            }
            for (t, version) in [(0, ProtocolVersion::TLSv1_2), (1, ProtocolVersion::TLSv1_3)] {
                let keys = u8::from(scheme.info().is_some_and(|i| i.server_signs(KeyType::Rsa, version)))
                    | u8::from(scheme.info().is_some_and(|i| i.server_signs(KeyType::Ecdsa, version))) << 1;
                c.signers[t][usize::from(code)] = keys;
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            let bit = 1u128 << i;
            let Some(info) = entry.suite.info() else { continue };
            let code = u16::from(entry.suite);
            c.add_suite_entry(code, bit);
            for v in info.versions().intersect(versions).iter() {
                if let Some(rank) = v.rank() {
                    c.valid_in[usize::from(rank)] |= bit;
                }
            }
            for (index, creds) in [(1, KeyTypes::RSA), (2, KeyTypes::ECDSA), (3, KeyTypes::RSA_AND_ECDSA)] {
                if creds.can_run(info) {
                    c.usable_with[index] |= bit;
                }
            }
            match info.group_need() {
                GroupNeed::Ec => c.needs_ec |= bit,
                GroupNeed::Ffdhe => c.needs_ffdhe |= bit,
                GroupNeed::Tls13 => c.needs_tls13_group |= bit,
                GroupNeed::None => {}
            }
            if let Some(g) = entry.group {
                c.constrained |= bit;
                if let Some(at) = groups.iter().position(|p| *p == g) {
                    c.constrained_to[at] |= bit;
                }
            }
            match info.signing_key() {
                Some(KeyType::Rsa) => c.signed_by_rsa |= bit,
                Some(KeyType::Ecdsa) => c.signed_by_ecdsa |= bit,
                None => {}
            }
        }
        c.needs_no_group = !(c.needs_ec | c.needs_ffdhe | c.needs_tls13_group);
        c.any_curve = c.needs_ec & !c.constrained;
        c.every_group_matters = c.constrained != 0 || c.needs_ffdhe != 0;
        c.unsigned = !(c.signed_by_rsa | c.signed_by_ecdsa | c.needs_tls13_group);
        c
    }

    /// The table by suite code behind [`entries_of`](Self::entries_of), for the engine's pass
    /// over the offer: a code's byte is 0 when no entry has the suite.
    #[inline]
    pub(crate) fn suite_table(&self) -> &[u8; 0x1_0000] {
        &self.suites
    }

    /// The entries with the suite whose [`suite_table`](Self::suite_table) byte is `index`
    /// (0 when none).
    #[inline]
    pub(crate) fn entries_at(&self, index: u8) -> u128 {
        usize::from(index).checked_sub(1).and_then(|m| self.masks.get(m)).copied().unwrap_or(0)
    }

    /// The entries with this suite (0 when none).
    #[inline]
    pub(crate) fn entries_of(&self, code: u16) -> u128 {
        self.entries_at(self.suites[usize::from(code)])
    }

    /// The entries valid in `version` that a server holding `keys` can run.
    #[inline]
    pub(crate) fn runnable(&self, version: ProtocolVersion, keys: KeyTypes) -> u128 {
        let rank = usize::from(version.rank().unwrap_or(0));
        self.valid_in.get(rank).copied().unwrap_or(0) & self.usable_with[keys.index()]
    }

    /// The entries the offer's groups allow.
    #[inline]
    pub(crate) fn group_allows(&self, offered: GroupsOffered) -> u128 {
        let mut ok = self.needs_no_group;
        if offered.any_curve {
            ok |= self.any_curve;
        }
        let mut shared = offered.shared_ec;
        while shared != 0 {
            let i = usize::try_from(shared.trailing_zeros()).unwrap_or(usize::MAX);
            ok |= self.constrained_to.get(i).copied().unwrap_or(0);
            shared &= shared - 1;
        }
        if offered.ffdhe {
            ok |= self.needs_ffdhe;
        }
        if offered.tls13 {
            ok |= self.needs_tls13_group;
        }
        ok
    }

    /// The entries whose handshake nothing signs.
    #[inline]
    pub(crate) fn unsigned(&self) -> u128 {
        self.unsigned
    }

    /// The entries the keys that can sign (bit 0 RSA, bit 1 ECDSA) allow, unsigned ones
    /// included.
    #[inline]
    pub(crate) fn signature_allows(&self, can_sign: u8) -> u128 {
        let mut ok = self.unsigned;
        if can_sign & 1 != 0 {
            ok |= self.signed_by_rsa;
        }
        if can_sign & 2 != 0 {
            ok |= self.signed_by_ecdsa;
        }
        if can_sign != 0 {
            ok |= self.needs_tls13_group;
        }
        ok
    }

    /// The group the entries of `bit` need.
    #[inline]
    pub(crate) fn group_need(&self, bit: u128) -> GroupNeed {
        if self.needs_ec & bit != 0 {
            GroupNeed::Ec
        } else if self.needs_ffdhe & bit != 0 {
            GroupNeed::Ffdhe
        } else if self.needs_tls13_group & bit != 0 {
            GroupNeed::Tls13
        } else {
            GroupNeed::None
        }
    }

    /// Whether every shared group matters (some entry is constrained or does DHE), not just
    /// the first usable one.
    #[inline]
    pub(crate) fn every_group_matters(&self) -> bool {
        self.every_group_matters
    }

    /// The policy's groups, in order, with what the engine needs of each.
    #[inline]
    pub(crate) fn group_facts(&self) -> &[GroupFacts] {
        &self.group_facts
    }

    /// The keys (bit 0 RSA, bit 1 ECDSA) that can sign with this scheme under the policy.
    #[inline]
    pub(crate) fn scheme_keys(&self, code: u16, tls13: bool) -> u8 {
        self.signers(tls13).get(usize::from(code)).copied().unwrap_or(0)
    }

    /// The table behind [`scheme_keys`](Self::scheme_keys) for one version, to look codes up
    /// in a loop.
    #[inline]
    pub(crate) fn signers(&self, tls13: bool) -> &[u8; 0x1000] {
        &self.signers[usize::from(tls13)]
    }

    /// Records that entry `bit` has suite `code`. A policy has at most 128 entries, so a mask
    /// index fits in a byte.
    fn add_suite_entry(&mut self, code: u16, bit: u128) {
        let slot = &mut self.suites[usize::from(code)];
        match *slot {
            0 => {
                self.masks.push(bit);
                *slot = u8::try_from(self.masks.len()).unwrap_or(u8::MAX);
            }
            index => {
                if let Some(mask) = self.masks.get_mut(usize::from(index) - 1) {
                    *mask |= bit;
                }
            }
        }
    }
}
