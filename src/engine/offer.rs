//! What a client offered in its ClientHello, in the client's order: borrowed ([`Offer`], what
//! the engine reads) or owned ([`OwnedOffer`], to keep, generate or edit one).

use core::fmt;
use core::marker::PhantomData;

use crate::model::group::NamedGroup;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

/// A list of 16-bit code points, borrowed either as typed values or as the big-endian bytes of
/// a ClientHello (`cipher_suites`, `supported_groups`, `signature_algorithms`,
/// `supported_versions` bodies). Iterating never allocates.
///
/// ```
/// use tls_policy::offer::Codes;
/// use tls_policy::NamedGroup;
///
/// let typed = Codes::new(&[NamedGroup::x25519, NamedGroup::secp256r1]);
/// let wire = Codes::<NamedGroup>::from_wire(&[0x00, 0x1D, 0x00, 0x17]);
/// assert!(typed.iter().eq(wire));
/// ```
pub struct Codes<'a, T> {
    repr: Repr<'a, T>,
}

enum Repr<'a, T> {
    Typed(&'a [T]),
    /// Big-endian pairs; a trailing odd byte is ignored.
    Wire(&'a [u8]),
}

impl<T> Clone for Codes<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Codes<'_, T> {}

impl<T> Clone for Repr<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Repr<'_, T> {}

impl<'a, T: Copy + From<u16>> Codes<'a, T> {
    /// Typed values.
    pub const fn new(values: &'a [T]) -> Self {
        Self { repr: Repr::Typed(values) }
    }

    /// Big-endian wire bytes, two per value (an odd trailing byte is ignored).
    pub const fn from_wire(bytes: &'a [u8]) -> Self {
        Self { repr: Repr::Wire(bytes) }
    }

    /// How many values.
    pub const fn len(&self) -> usize {
        match self.repr {
            Repr::Typed(v) => v.len(),
            Repr::Wire(b) => b.len() / 2,
        }
    }

    /// Whether there are none.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the list holds at least one value and, in wire form, no stray byte.
    pub const fn is_well_formed(&self) -> bool {
        match self.repr {
            Repr::Typed(v) => !v.is_empty(),
            Repr::Wire(b) => !b.is_empty() && b.len() % 2 == 0,
        }
    }

    /// The values, in order.
    pub fn iter(&self) -> CodesIter<'a, T> {
        CodesIter { repr: self.repr, at: 0, _t: PhantomData }
    }
}

impl<T: Copy + Into<u16>> Codes<'_, T> {
    /// Calls `f` with each raw code, in order, until it returns `true`; says whether it did.
    /// One tight loop per representation, for the engine's hot path.
    #[inline]
    pub(crate) fn any_code(&self, mut f: impl FnMut(u16) -> bool) -> bool {
        match self.repr {
            Repr::Typed(values) => values.iter().any(|v| f((*v).into())),
            Repr::Wire(bytes) => bytes.chunks_exact(2).any(|p| f(u16::from_be_bytes([p[0], p[1]]))),
        }
    }

    /// Calls `f` with the nonzero bytes `table` holds for the codes, in order, until it
    /// returns `true`; says whether it did. Codes whose byte is 0 are skipped four at a time:
    /// the step per code is one load, and one compare per four.
    #[inline]
    pub(crate) fn any_in(&self, table: &[u8; 0x1_0000], mut f: impl FnMut(u8) -> bool) -> bool {
        match self.repr {
            Repr::Typed(values) => {
                let at = |v: T| table[usize::from(v.into())];
                let mut quads = values.chunks_exact(4);
                for q in &mut quads {
                    let quad = [at(q[0]), at(q[1]), at(q[2]), at(q[3])];
                    if quad[0] | quad[1] | quad[2] | quad[3] != 0 && quad.into_iter().any(|b| b != 0 && f(b)) {
                        return true;
                    }
                }
                quads.remainder().iter().any(|v| {
                    let b = at(*v);
                    b != 0 && f(b)
                })
            }
            Repr::Wire(bytes) => {
                let at = |p: &[u8]| table[usize::from(u16::from_be_bytes([p[0], p[1]]))];
                let mut octets = bytes.chunks_exact(8);
                for o in &mut octets {
                    let quad = [at(&o[0..2]), at(&o[2..4]), at(&o[4..6]), at(&o[6..8])];
                    if quad[0] | quad[1] | quad[2] | quad[3] != 0 && quad.into_iter().any(|b| b != 0 && f(b)) {
                        return true;
                    }
                }
                octets.remainder().chunks_exact(2).any(|p| {
                    let b = at(p);
                    b != 0 && f(b)
                })
            }
        }
    }
}

impl<'a, T: Copy + From<u16>> IntoIterator for Codes<'a, T> {
    type Item = T;
    type IntoIter = CodesIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Copy + From<u16> + fmt::Debug> fmt::Debug for Codes<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over [`Codes`].
///
/// ```
/// use tls_policy::offer::{Codes, CodesIter};
/// use tls_policy::CipherSuite;
///
/// let mut it: CodesIter<'_, CipherSuite> = Codes::from_wire(&[0x13, 0x01, 0x13, 0x02]).iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next(), Some(CipherSuite::TLS_AES_128_GCM_SHA256));
/// ```
pub struct CodesIter<'a, T> {
    repr: Repr<'a, T>,
    at: usize,
    _t: PhantomData<T>,
}

impl<T: Copy + From<u16>> Iterator for CodesIter<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        let item = match self.repr {
            Repr::Typed(v) => *v.get(self.at)?,
            Repr::Wire(b) => {
                let pair = b.get(self.at * 2..self.at * 2 + 2)?;
                T::from(u16::from_be_bytes([pair[0], pair[1]]))
            }
        };
        self.at += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match self.repr {
            Repr::Typed(v) => v.len(),
            Repr::Wire(b) => b.len() / 2,
        };
        let left = len.saturating_sub(self.at);
        (left, Some(left))
    }
}

impl<T: Copy + From<u16>> ExactSizeIterator for CodesIter<'_, T> {}

/// What a client offered: the inputs of a negotiation, borrowed, in the client's order.
///
/// An absent extension is `None`; an extension present but empty is `Some` of an empty list,
/// and the two mean different things (RFC 8446 §4.2.1, RFC 8422 §4, RFC 5246 §7.4.1.4.1).
///
/// Some fields matter only in one version, so the reader records them and the engine judges
/// them once the version is known: `legacy_compression_methods` (exactly `[0]` in TLS 1.3),
/// `ec_point_formats` (must hold `uncompressed` before TLS 1.3), whether `key_share` was sent
/// (required in TLS 1.3), and whether a TLS 1.3 list repeats a value. An offer built by hand
/// describes a conforming client: null compression only, a key share, no `ec_point_formats`.
///
/// ```
/// use tls_policy::{CipherSuite, NamedGroup, Offer, ProtocolVersion};
///
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV];
/// let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::x25519]);
/// assert_eq!(offer.suites().len(), 2);
/// assert_eq!(offer.highest_version(), Some(ProtocolVersion::TLSv1_2));
///
/// // The same offer straight from ClientHello bytes.
/// let wire = Offer::from_wire_suites(ProtocolVersion::TLSv1_2, &[0xC0, 0x2F, 0x00, 0xFF]);
/// assert!(wire.suites().iter().eq(suites));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Offer<'a> {
    legacy_version: ProtocolVersion,
    supported_versions: Option<Codes<'a, ProtocolVersion>>,
    suites: Codes<'a, CipherSuite>,
    groups: Option<Codes<'a, NamedGroup>>,
    signature_schemes: Option<Codes<'a, SignatureScheme>>,
    compression_methods: &'a [u8],
    ec_point_formats: Option<&'a [u8]>,
    key_share: bool,
    illegal_in_tls13: bool,
}

impl<'a> Offer<'a> {
    /// An offer of `suites` with this `legacy_version` and no extensions.
    pub const fn new(legacy_version: ProtocolVersion, suites: &'a [CipherSuite]) -> Self {
        Self::with_codes(legacy_version, Codes::new(suites))
    }

    /// An offer whose cipher suites are the raw `cipher_suites` bytes of a ClientHello.
    pub const fn from_wire_suites(legacy_version: ProtocolVersion, suites: &'a [u8]) -> Self {
        Self::with_codes(legacy_version, Codes::from_wire(suites))
    }

    /// An offer of these suites, with no extensions, null compression only and a key share: a conforming client, so only
    /// what a caller sets can make the engine refuse it.
    pub const fn with_codes(legacy_version: ProtocolVersion, suites: Codes<'a, CipherSuite>) -> Self {
        Self::from_parts(legacy_version, suites, None, None, None, &[0], None, true, false)
    }

    /// Every field at once, for the ClientHello reader: one move instead of a chain of
    /// builders on its hot path.
    #[allow(clippy::too_many_arguments)]
    pub(crate) const fn from_parts(
        legacy_version: ProtocolVersion,
        suites: Codes<'a, CipherSuite>,
        supported_versions: Option<Codes<'a, ProtocolVersion>>,
        groups: Option<Codes<'a, NamedGroup>>,
        signature_schemes: Option<Codes<'a, SignatureScheme>>,
        compression_methods: &'a [u8],
        ec_point_formats: Option<&'a [u8]>,
        key_share: bool,
        illegal_in_tls13: bool,
    ) -> Self {
        Self {
            legacy_version,
            supported_versions,
            suites,
            groups,
            signature_schemes,
            compression_methods,
            ec_point_formats,
            key_share,
            illegal_in_tls13,
        }
    }

    /// With a `supported_versions` extension.
    ///
    /// The `with_*` builders take typed slices, the common case; each `set_*` twin takes any
    /// [`Codes`] or `None`, to give a list as wire bytes or to clear it. An [`OwnedOffer`]'s
    /// lists are its public fields.
    #[must_use]
    pub const fn with_supported_versions(mut self, versions: &'a [ProtocolVersion]) -> Self {
        self.supported_versions = Some(Codes::new(versions));
        self
    }

    /// With a `supported_groups` extension.
    #[must_use]
    pub const fn with_groups(mut self, groups: &'a [NamedGroup]) -> Self {
        self.groups = Some(Codes::new(groups));
        self
    }

    /// With a `signature_algorithms` extension.
    #[must_use]
    pub const fn with_signature_schemes(mut self, schemes: &'a [SignatureScheme]) -> Self {
        self.signature_schemes = Some(Codes::new(schemes));
        self
    }

    /// Sets or clears `supported_versions` from any [`Codes`].
    #[must_use]
    pub const fn set_supported_versions(mut self, versions: Option<Codes<'a, ProtocolVersion>>) -> Self {
        self.supported_versions = versions;
        self
    }

    /// Sets or clears `supported_groups` from any [`Codes`].
    #[must_use]
    pub const fn set_groups(mut self, groups: Option<Codes<'a, NamedGroup>>) -> Self {
        self.groups = groups;
        self
    }

    /// Sets or clears `signature_algorithms` from any [`Codes`].
    #[must_use]
    pub const fn set_signature_schemes(mut self, schemes: Option<Codes<'a, SignatureScheme>>) -> Self {
        self.signature_schemes = schemes;
        self
    }

    /// With these `legacy_compression_methods` (default `[0]`, null only).
    ///
    /// ```
    /// use tls_policy::{negotiate, CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, Reason, SignatureScheme};
    ///
    /// let suites = [CipherSuite::TLS_AES_128_GCM_SHA256];
    /// let versions = [ProtocolVersion::TLSv1_3];
    /// let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites)
    ///     .with_supported_versions(&versions)
    ///     .with_groups(&[NamedGroup::x25519])
    ///     .with_signature_schemes(&[SignatureScheme::ecdsa_secp256r1_sha256])
    ///     .with_compression_methods(&[1, 0]);
    /// let policy = Policy::named("mozilla-modern")?;
    /// // RFC 8446 §4.1.2: TLS 1.3 allows exactly [null].
    /// let refusal = negotiate(&policy, &offer, KeyTypes::ECDSA).unwrap_err();
    /// assert_eq!((refusal.reason, refusal.alert().number()), (Reason::IllegalParameter, 47));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    #[must_use]
    pub const fn with_compression_methods(mut self, methods: &'a [u8]) -> Self {
        self.compression_methods = methods;
        self
    }

    /// Sets or clears the `ec_point_formats` list (RFC 8422 §5.1.2; default: not sent).
    #[must_use]
    pub const fn set_ec_point_formats(mut self, formats: Option<&'a [u8]>) -> Self {
        self.ec_point_formats = formats;
        self
    }

    /// Whether `key_share` was sent (RFC 8446 §4.2.8; default `true`).
    #[must_use]
    pub const fn with_key_share(mut self, sent: bool) -> Self {
        self.key_share = sent;
        self
    }

    /// Whether the hello holds a value a TLS 1.3 server refuses with `illegal_parameter`: a
    /// group repeated in `key_share` or a key share in the wrong form for its group
    /// (RFC 8446 §4.2.8, §4.2.8.2), an algorithm repeated in `compress_certificate`
    /// (RFC 8879 §3), `pre_shared_key` binders that do not match its identities
    /// (RFC 8446 §4.2.11). Default `false`.
    #[must_use]
    pub const fn with_illegal_in_tls13(mut self, illegal: bool) -> Self {
        self.illegal_in_tls13 = illegal;
        self
    }

    /// `legacy_compression_methods`.
    pub const fn compression_methods(&self) -> &'a [u8] {
        self.compression_methods
    }

    /// The `ec_point_formats` list, if sent.
    pub const fn ec_point_formats(&self) -> Option<&'a [u8]> {
        self.ec_point_formats
    }

    /// Whether `key_share` was sent.
    pub const fn has_key_share(&self) -> bool {
        self.key_share
    }

    /// Whether the hello holds a value a TLS 1.3 server refuses (see
    /// [`with_illegal_in_tls13`](Self::with_illegal_in_tls13)).
    pub const fn illegal_in_tls13(&self) -> bool {
        self.illegal_in_tls13
    }

    /// The ClientHello's `legacy_version` (`client_version` before TLS 1.3).
    pub const fn legacy_version(&self) -> ProtocolVersion {
        self.legacy_version
    }

    /// The `supported_versions` extension, if sent.
    pub const fn supported_versions(&self) -> Option<Codes<'a, ProtocolVersion>> {
        self.supported_versions
    }

    /// The cipher suites, in the client's order.
    pub const fn suites(&self) -> Codes<'a, CipherSuite> {
        self.suites
    }

    /// The `supported_groups` extension, if sent.
    pub const fn groups(&self) -> Option<Codes<'a, NamedGroup>> {
        self.groups
    }

    /// The `signature_algorithms` extension, if sent.
    pub const fn signature_schemes(&self) -> Option<Codes<'a, SignatureScheme>> {
        self.signature_schemes
    }

    /// Whether a version is offered: `supported_versions` is authoritative when present
    /// (RFC 8446 §4.2.1; GREASE and unknown values mean nothing); otherwise the client takes
    /// anything from TLS 1.0 up to `legacy_version`, capped at TLS 1.2. SSL 3.0 is never
    /// offered: RFC 7568 forbids negotiating it.
    pub fn offers_version(&self, v: ProtocolVersion) -> bool {
        if v < ProtocolVersion::TLSv1_0 {
            return false;
        }
        match self.supported_versions {
            Some(list) => list.iter().any(|x| x == v),
            None => self.legacy_ceiling().is_some_and(|ceiling| v <= ceiling),
        }
    }

    /// The highest known version offered.
    pub fn highest_version(&self) -> Option<ProtocolVersion> {
        match self.supported_versions {
            Some(list) => list.iter().filter(|v| *v >= ProtocolVersion::TLSv1_0).max(),
            None => self.legacy_ceiling(),
        }
    }

    /// Without `supported_versions`: the highest version `legacy_version` admits. Any value
    /// from 0x0303 up means TLS 1.2 (RFC 5246 §E.1: a server answers a higher client_version
    /// with the highest version it supports; RFC 8446 §4.2.1 caps it at TLS 1.2 without the
    /// extension); TLS 1.0 and 1.1 mean themselves; anything lower admits no TLS version.
    fn legacy_ceiling(&self) -> Option<ProtocolVersion> {
        match self.legacy_version.get() {
            0x0303.. => Some(ProtocolVersion::TLSv1_2),
            0x0301..=0x0302 => Some(self.legacy_version),
            _ => None,
        }
    }

    /// Whether every list present has the minimum length its grammar demands: `cipher_suites`
    /// `<2..2^16-2>` (RFC 5246 §7.4.1.2), `supported_versions` `<2..254>` (RFC 8446 §4.2.1),
    /// `NamedGroupList` `<2..2^16-1>` (RFC 8422 §5.1.1), `supported_signature_algorithms`
    /// `<2..2^16-2>` (RFC 5246 §7.4.1.4.1): at least one value, and whole values in wire form.
    pub fn is_well_formed(&self) -> bool {
        self.suites.is_well_formed()
            && self.supported_versions.is_none_or(|l| l.is_well_formed())
            && self.groups.is_none_or(|l| l.is_well_formed())
            && self.signature_schemes.is_none_or(|l| l.is_well_formed())
    }

    /// Whether TLS_FALLBACK_SCSV (0x5600) is among the suites.
    pub fn has_fallback_scsv(&self) -> bool {
        self.suites.iter().any(|s| s == CipherSuite::TLS_FALLBACK_SCSV)
    }

    /// The same offer with its lists copied into an [`OwnedOffer`] (also
    /// `OwnedOffer::from(&offer)`). Wire-form lists are decoded; a stray odd byte, which
    /// [`is_well_formed`](Self::is_well_formed) reports, is not kept.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Offer, ProtocolVersion};
    ///
    /// let offer = Offer::from_wire_suites(ProtocolVersion::TLSv1_2, &[0xC0, 0x2F]).with_groups(&[NamedGroup::x25519]);
    /// let mut owned = offer.to_owned_offer();
    /// assert_eq!(owned.groups, Some(vec![NamedGroup::x25519]));
    /// owned.groups = None;
    /// assert!(owned.as_offer().groups().is_none());
    /// ```
    pub fn to_owned_offer(&self) -> OwnedOffer {
        fn list<T: Copy + From<u16>>(codes: Option<Codes<'_, T>>) -> Option<Vec<T>> {
            codes.map(|c| c.iter().collect())
        }
        OwnedOffer {
            legacy_version: self.legacy_version,
            supported_versions: list(self.supported_versions),
            suites: self.suites.iter().collect(),
            groups: list(self.groups),
            signature_schemes: list(self.signature_schemes),
            compression_methods: self.compression_methods.to_vec(),
            ec_point_formats: self.ec_point_formats.map(<[u8]>::to_vec),
            key_share: self.key_share,
            illegal_in_tls13: self.illegal_in_tls13,
        }
    }
}

/// An [`Offer`] that owns its lists, for offers kept, generated or edited: its fields are
/// public, and [`as_offer`](Self::as_offer) lends it to the engine without copying.
///
/// Its fields are those of [`Offer`], with the same meaning and defaults; more may come as the
/// engine judges more of a ClientHello, so it is built with [`new`](Self::new) (or from an
/// [`Offer`]) and then edited.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, KeyTypes, NamedGroup, OwnedOffer, Policy, ProtocolVersion};
///
/// let mut device = OwnedOffer::new(ProtocolVersion::TLSv1_2, vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
/// device.groups = Some(vec![NamedGroup::secp256r1]);
/// let policy = Policy::named("dps-tls12")?;
/// assert!(negotiate(&policy, &device.as_offer(), KeyTypes::RSA).is_ok());
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OwnedOffer {
    /// `legacy_version` (`client_version` before TLS 1.3).
    pub legacy_version: ProtocolVersion,
    /// `supported_versions`, when sent.
    pub supported_versions: Option<Vec<ProtocolVersion>>,
    /// The cipher suites, in the client's order (signalling values included).
    pub suites: Vec<CipherSuite>,
    /// `supported_groups`, when sent.
    pub groups: Option<Vec<NamedGroup>>,
    /// `signature_algorithms`, when sent.
    pub signature_schemes: Option<Vec<SignatureScheme>>,
    /// `legacy_compression_methods` (default `[0]`, null only).
    pub compression_methods: Vec<u8>,
    /// `ec_point_formats`, when sent (default: not sent).
    pub ec_point_formats: Option<Vec<u8>>,
    /// Whether `key_share` was sent (default `true`).
    pub key_share: bool,
    /// Whether the hello holds a value a TLS 1.3 server refuses (see
    /// [`Offer::with_illegal_in_tls13`]; default `false`).
    pub illegal_in_tls13: bool,
}

impl OwnedOffer {
    /// An offer of `suites` with this `legacy_version` and no extensions, from a conforming
    /// client (null compression only, a key share), as [`Offer::new`].
    ///
    /// ```
    /// use tls_policy::{CipherSuite, OwnedOffer, ProtocolVersion};
    ///
    /// let owned = OwnedOffer::new(ProtocolVersion::TLSv1_2, vec![CipherSuite::TLS_AES_128_GCM_SHA256]);
    /// assert_eq!((owned.compression_methods.as_slice(), owned.key_share), (&[0][..], true));
    /// ```
    pub fn new(legacy_version: ProtocolVersion, suites: Vec<CipherSuite>) -> Self {
        Offer::new(legacy_version, &[]).to_owned_offer().with_suites(suites)
    }

    /// The same offer with these suites instead.
    fn with_suites(mut self, suites: Vec<CipherSuite>) -> Self {
        self.suites = suites;
        self
    }

    /// The offer, borrowing this one's lists (also `Offer::from(&owned)`).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Offer, OwnedOffer, ProtocolVersion};
    ///
    /// let owned = OwnedOffer::new(ProtocolVersion::TLSv1_2, vec![CipherSuite::TLS_FALLBACK_SCSV]);
    /// assert!(owned.as_offer().has_fallback_scsv());
    /// assert_eq!(Offer::from(&owned).to_owned_offer(), owned);
    /// ```
    pub fn as_offer(&self) -> Offer<'_> {
        Offer::from_parts(
            self.legacy_version,
            Codes::new(&self.suites),
            self.supported_versions.as_deref().map(Codes::new),
            self.groups.as_deref().map(Codes::new),
            self.signature_schemes.as_deref().map(Codes::new),
            &self.compression_methods,
            self.ec_point_formats.as_deref(),
            self.key_share,
            self.illegal_in_tls13,
        )
    }
}

impl<'a> From<&'a OwnedOffer> for Offer<'a> {
    fn from(owned: &'a OwnedOffer) -> Self {
        owned.as_offer()
    }
}

impl From<&Offer<'_>> for OwnedOffer {
    fn from(offer: &Offer<'_>) -> Self {
        offer.to_owned_offer()
    }
}

impl From<Offer<'_>> for OwnedOffer {
    fn from(offer: Offer<'_>) -> Self {
        offer.to_owned_offer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The four-at-a-time scan agrees with a plain filter, typed and on the wire (an odd
        /// trailing byte included), and stops where `f` says.
        #[test]
        fn any_in_is_a_filter(
            codes in proptest::collection::vec(0u16..64, 0..40),
            odd in proptest::option::of(0u8..=255),
            stop in 0usize..12,
        ) {
            let mut table = Box::new([0u8; 0x1_0000]);
            for code in (0..64u16).step_by(5) {
                table[usize::from(code)] = u8::try_from(code % 7 + 1).unwrap_or(1);
            }
            let expected: Vec<u8> =
                codes.iter().map(|c| table[usize::from(*c)]).filter(|b| *b != 0).take(stop + 1).collect();
            let suites: Vec<CipherSuite> = codes.iter().map(|c| CipherSuite::from(*c)).collect();
            let mut wire: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
            wire.extend(odd);
            for list in [Codes::new(&suites), Codes::from_wire(&wire)] {
                let mut seen = Vec::new();
                let stopped = list.any_in(&table, |b| {
                    seen.push(b);
                    seen.len() > stop
                });
                proptest::prop_assert_eq!(&seen, &expected);
                proptest::prop_assert_eq!(stopped, expected.len() > stop);
            }
        }
    }

    #[test]
    fn legacy_version_rules() {
        let o = |v: u16| Offer::new(ProtocolVersion::from_u16(v), &[]);
        assert_eq!(o(0x0303).highest_version(), Some(ProtocolVersion::TLSv1_2));
        assert_eq!(o(0x0304).highest_version(), Some(ProtocolVersion::TLSv1_2));
        assert_eq!(o(0x03FF).highest_version(), Some(ProtocolVersion::TLSv1_2));
        assert_eq!(o(0x0400).highest_version(), Some(ProtocolVersion::TLSv1_2));
        assert_eq!(o(0x0300).highest_version(), None);
        assert!(!o(0x0303).offers_version(ProtocolVersion::SSLv3));
        assert_eq!(o(0x0301).highest_version(), Some(ProtocolVersion::TLSv1_0));
        assert!(o(0x0302).offers_version(ProtocolVersion::TLSv1_0));
        assert!(!o(0x0302).offers_version(ProtocolVersion::TLSv1_2));
        assert_eq!(o(0x0200).highest_version(), None);
    }

    #[test]
    fn supported_versions_is_authoritative() {
        let sv = [ProtocolVersion::from_u16(0x1A1A), ProtocolVersion::TLSv1_3];
        let o = Offer::new(ProtocolVersion::TLSv1_2, &[]).with_supported_versions(&sv);
        assert!(!o.offers_version(ProtocolVersion::TLSv1_2));
        assert_eq!(o.highest_version(), Some(ProtocolVersion::TLSv1_3));
        let none = Offer::new(ProtocolVersion::TLSv1_2, &[]).with_supported_versions(&sv[..1]);
        assert_eq!(none.highest_version(), None);
    }

    #[test]
    fn wire_codes_ignore_an_odd_byte_but_are_not_well_formed() {
        let c: Codes<'_, CipherSuite> = Codes::from_wire(&[0xC0, 0x2F, 0x13]);
        assert!(!c.is_well_formed());
        assert!(Codes::<CipherSuite>::from_wire(&[0xC0, 0x2F]).is_well_formed());
        assert!(!Codes::<CipherSuite>::new(&[]).is_well_formed());
        assert_eq!(c.len(), 1);
        assert_eq!(c.iter().collect::<Vec<_>>(), [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
    }

    #[test]
    fn owned_offers_round_trip_every_field() {
        let suites = [CipherSuite::TLS_AES_128_GCM_SHA256];
        let offer = Offer::new(ProtocolVersion::TLSv1_2, &suites)
            .with_supported_versions(&[ProtocolVersion::TLSv1_3])
            .with_groups(&[NamedGroup::x25519])
            .with_signature_schemes(&[SignatureScheme::ed25519])
            .with_compression_methods(&[1, 0])
            .set_ec_point_formats(Some(&[0]))
            .with_key_share(false)
            .with_illegal_in_tls13(true);
        let owned = OwnedOffer::from(&offer);
        let back = owned.as_offer();
        assert_eq!(format!("{back:?}"), format!("{offer:?}"));
        assert_eq!(OwnedOffer::from(back), owned);
        let wire = Offer::from_wire_suites(ProtocolVersion::TLSv1_2, &[0x13, 0x01]).to_owned_offer();
        assert_eq!(wire, OwnedOffer::new(ProtocolVersion::TLSv1_2, suites.to_vec()));
    }
}
