//! Named groups (the `supported_groups` extension, RFC 8422 §5.1.1 and RFC 8446 §4.2.7).

use core::str::FromStr;

use crate::model::error::{ParseError, Registry};
use crate::model::registry::Recommended;
use crate::model::version::{ProtocolVersion, VersionSet};

/// A named group code point as it travels on the wire.
///
/// Every name of the IANA "TLS Supported Groups" registry is a constant spelled as IANA
/// spells it (`NamedGroup::secp256r1`, `NamedGroup::X25519MLKEM768`). Any `u16` can be held;
/// GREASE values are recognised.
///
/// ```
/// use tls_policy::NamedGroup;
///
/// let g: NamedGroup = "secp384r1".parse()?;
/// assert_eq!(g, NamedGroup::secp384r1);
/// assert_eq!(u16::from(g), 0x0018);
/// assert_eq!("P-384".parse::<NamedGroup>()?, g); // NIST / OpenSSL aliases
/// assert_eq!("0x0018".parse::<NamedGroup>()?, g);
/// assert!(NamedGroup::from(0x3A3A).is_grease());
/// assert_eq!(NamedGroup::from(0x3A3A).to_string(), "0x3A3A");
/// # Ok::<(), tls_policy::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamedGroup(u16);

/// What kind of group it is.
///
/// ```
/// use tls_policy::{GroupKind, NamedGroup};
///
/// assert_eq!(NamedGroup::x25519.info().map(|i| i.kind()), Some(GroupKind::Montgomery));
/// assert_eq!(NamedGroup::ffdhe2048.info().map(|i| i.kind()), Some(GroupKind::Ffdhe)); // RFC 7919
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupKind {
    /// An elliptic curve over a prime field (secp*, brainpool*, GOST, SM2).
    PrimeCurve,
    /// An elliptic curve over a binary field (sect*), deprecated by RFC 8422.
    BinaryCurve,
    /// X25519 or X448 (RFC 7748).
    Montgomery,
    /// A finite-field Diffie-Hellman group (RFC 7919).
    Ffdhe,
    /// A pure ML-KEM key encapsulation.
    Kem,
    /// A hybrid of ECDH and a post-quantum KEM.
    Hybrid,
    /// Explicit curve parameters (RFC 8422 deprecates them).
    Explicit,
}

impl GroupKind {
    /// Whether a group of this kind is an elliptic curve an ECDHE suite of TLS 1.0 to 1.2 can
    /// use (RFC 8422 §5.1.1): prime, binary or Montgomery, not FFDHE, a KEM or a hybrid.
    ///
    /// ```
    /// use tls_policy::GroupKind;
    ///
    /// assert!(GroupKind::Montgomery.is_elliptic_curve());
    /// assert!(!GroupKind::Hybrid.is_elliptic_curve());
    /// ```
    pub const fn is_elliptic_curve(self) -> bool {
        matches!(self, Self::PrimeCurve | Self::BinaryCurve | Self::Montgomery)
    }
}

/// What the registry and the RFCs say about one group.
///
/// ```
/// use tls_policy::{NamedGroup, ProtocolVersion};
///
/// let hybrid = NamedGroup::X25519MLKEM768.info().expect("registered");
/// assert!(!hybrid.versions().contains(ProtocolVersion::TLSv1_2)); // TLS 1.3 only
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct GroupInfo {
    group: NamedGroup,
    name: &'static str,
    kind: GroupKind,
    versions: VersionSet,
    recommended: Recommended,
    reference: &'static str,
}

impl GroupInfo {
    /// The code point.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert!(NamedGroup::all().all(|i| i.group().info() == Some(i)));
    /// ```
    pub const fn group(&self) -> NamedGroup {
        self.group
    }
    /// The IANA name.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert_eq!(NamedGroup::from(0x0017).info().map(|i| i.name()), Some("secp256r1"));
    /// ```
    pub const fn name(&self) -> &'static str {
        self.name
    }
    /// The kind of group.
    ///
    /// ```
    /// use tls_policy::{GroupKind, NamedGroup};
    ///
    /// assert_eq!(NamedGroup::sect163k1.info().map(|i| i.kind()), Some(GroupKind::BinaryCurve));
    /// ```
    pub const fn kind(&self) -> GroupKind {
        self.kind
    }
    /// The protocol versions that may use it: TLS 1.0 to 1.2 for the RFC 8422 curves and
    /// RFC 7919 groups, TLS 1.3 for those RFC 8446 §4.2.7 and later RFCs allow there.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, ProtocolVersion};
    ///
    /// let p256 = NamedGroup::secp256r1.info().expect("registered");
    /// assert!(p256.versions().contains(ProtocolVersion::TLSv1_0) && p256.versions().contains(ProtocolVersion::TLSv1_3));
    /// ```
    pub const fn versions(&self) -> VersionSet {
        self.versions
    }
    /// The registry's "Recommended" column.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Recommended};
    ///
    /// assert_eq!(NamedGroup::x25519.info().map(|i| i.recommended()), Some(Recommended::Yes));
    /// assert_eq!(NamedGroup::sect163k1.info().map(|i| i.recommended()), Some(Recommended::Discouraged));
    /// ```
    pub const fn recommended(&self) -> Recommended {
        self.recommended
    }
    /// The registry's references.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert_eq!(NamedGroup::ffdhe2048.info().map(|i| i.reference()), Some("[RFC7919]"));
    /// ```
    pub const fn reference(&self) -> &'static str {
        self.reference
    }
}

const TLS12: VersionSet = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2);
const TLS13: VersionSet = VersionSet::only(ProtocolVersion::TLSv1_3);
const BOTH: VersionSet = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_3);

macro_rules! groups {
    ($($name:ident = $code:literal, $kind:ident, $versions:ident, $rec:ident, $reference:literal;)+) => {
        #[allow(non_upper_case_globals)]
        impl NamedGroup {
            $(
                #[doc = concat!("`", stringify!($name), "`, ", stringify!($code), ".")]
                pub const $name: Self = Self($code);
            )+
        }

        /// The registry, by code.
        static GROUPS: &[GroupInfo] = &[
            $(GroupInfo {
                group: NamedGroup::$name,
                name: stringify!($name),
                kind: GroupKind::$kind,
                versions: $versions,
                recommended: Recommended::$rec,
                reference: $reference,
            },)+
        ];
    };
}

// Every named row of the IANA "TLS Supported Groups" registry (tls-parameters-8, updated
// 2026-08-10); `tests/registries.rs` checks this list against `src/model/data/tls-parameters-8.csv`.
groups! {
    sect163k1 = 0x0001, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect163r1 = 0x0002, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect163r2 = 0x0003, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect193r1 = 0x0004, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect193r2 = 0x0005, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect233k1 = 0x0006, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect233r1 = 0x0007, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect239k1 = 0x0008, BinaryCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    sect283k1 = 0x0009, BinaryCurve, TLS12, No, "[RFC8422]";
    sect283r1 = 0x000A, BinaryCurve, TLS12, No, "[RFC8422]";
    sect409k1 = 0x000B, BinaryCurve, TLS12, No, "[RFC8422]";
    sect409r1 = 0x000C, BinaryCurve, TLS12, No, "[RFC8422]";
    sect571k1 = 0x000D, BinaryCurve, TLS12, No, "[RFC8422]";
    sect571r1 = 0x000E, BinaryCurve, TLS12, No, "[RFC8422]";
    secp160k1 = 0x000F, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp160r1 = 0x0010, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp160r2 = 0x0011, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp192k1 = 0x0012, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp192r1 = 0x0013, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp224k1 = 0x0014, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp224r1 = 0x0015, PrimeCurve, TLS12, Discouraged, "[RFC8422][RFC9847]";
    secp256k1 = 0x0016, PrimeCurve, TLS12, No, "[RFC8422]";
    secp256r1 = 0x0017, PrimeCurve, BOTH, Yes, "[RFC8422]";
    secp384r1 = 0x0018, PrimeCurve, BOTH, Yes, "[RFC8422]";
    secp521r1 = 0x0019, PrimeCurve, BOTH, No, "[RFC8422]";
    brainpoolP256r1 = 0x001A, PrimeCurve, TLS12, No, "[RFC7027]";
    brainpoolP384r1 = 0x001B, PrimeCurve, TLS12, No, "[RFC7027]";
    brainpoolP512r1 = 0x001C, PrimeCurve, TLS12, No, "[RFC7027]";
    x25519 = 0x001D, Montgomery, BOTH, Yes, "[RFC9846][RFC8422]";
    x448 = 0x001E, Montgomery, BOTH, Yes, "[RFC9846][RFC8422]";
    brainpoolP256r1tls13 = 0x001F, PrimeCurve, TLS13, No, "[RFC8734]";
    brainpoolP384r1tls13 = 0x0020, PrimeCurve, TLS13, No, "[RFC8734]";
    brainpoolP512r1tls13 = 0x0021, PrimeCurve, TLS13, No, "[RFC8734]";
    GC256A = 0x0022, PrimeCurve, BOTH, No, "[RFC9189]";
    GC256B = 0x0023, PrimeCurve, BOTH, No, "[RFC9189]";
    GC256C = 0x0024, PrimeCurve, BOTH, No, "[RFC9189]";
    GC256D = 0x0025, PrimeCurve, BOTH, No, "[RFC9189]";
    GC512A = 0x0026, PrimeCurve, BOTH, No, "[RFC9189]";
    GC512B = 0x0027, PrimeCurve, BOTH, No, "[RFC9189]";
    GC512C = 0x0028, PrimeCurve, BOTH, No, "[RFC9189]";
    curveSM2 = 0x0029, PrimeCurve, TLS13, No, "[RFC8998]";
    ffdhe2048 = 0x0100, Ffdhe, BOTH, No, "[RFC7919]";
    ffdhe3072 = 0x0101, Ffdhe, BOTH, No, "[RFC7919]";
    ffdhe4096 = 0x0102, Ffdhe, BOTH, No, "[RFC7919]";
    ffdhe6144 = 0x0103, Ffdhe, BOTH, No, "[RFC7919]";
    ffdhe8192 = 0x0104, Ffdhe, BOTH, No, "[RFC7919]";
    MLKEM512 = 0x0200, Kem, TLS13, No, "[draft-connolly-tls-mlkem-key-agreement-05]";
    MLKEM768 = 0x0201, Kem, TLS13, No, "[draft-connolly-tls-mlkem-key-agreement-05]";
    MLKEM1024 = 0x0202, Kem, TLS13, No, "[draft-connolly-tls-mlkem-key-agreement-05]";
    SecP256r1MLKEM512 = 0x11E9, Hybrid, TLS13, No, "[draft-rosomakho-tls-ecdhe-mlkem512-00]";
    MLKEM512X25519 = 0x11EA, Hybrid, TLS13, No, "[draft-rosomakho-tls-ecdhe-mlkem512-00]";
    SecP256r1MLKEM768 = 0x11EB, Hybrid, TLS13, No, "[RFC10024]";
    X25519MLKEM768 = 0x11EC, Hybrid, TLS13, Yes, "[RFC10024]";
    SecP384r1MLKEM1024 = 0x11ED, Hybrid, TLS13, No, "[RFC10024]";
    curveSM2MLKEM768 = 0x11EE, Hybrid, TLS13, No, "[draft-yang-tls-hybrid-sm2-mlkem-03]";
    X25519Kyber768Draft00 = 0x6399, Hybrid, TLS13, Discouraged, "[draft-tls-westerbaan-xyber768d00-02][RFC10024]";
    SecP256r1Kyber768Draft00 = 0x639A, Hybrid, TLS13, Discouraged, "[draft-kwiatkowski-tls-ecdhe-kyber-01][RFC10024]";
    arbitrary_explicit_prime_curves = 0xFF01, Explicit, TLS12, No, "[RFC8422]";
    arbitrary_explicit_char2_curves = 0xFF02, Explicit, TLS12, No, "[RFC8422]";
}

/// Other names people use: NIST (`P-256`) and OpenSSL (`prime256v1`) curve names, and the
/// capitalised `X25519`/`X448` of OpenSSL and rustls.
const ALIASES: &[(&str, NamedGroup)] = &[
    ("P-256", NamedGroup::secp256r1),
    ("P256", NamedGroup::secp256r1),
    ("prime256v1", NamedGroup::secp256r1),
    ("P-384", NamedGroup::secp384r1),
    ("P384", NamedGroup::secp384r1),
    ("P-521", NamedGroup::secp521r1),
    ("P521", NamedGroup::secp521r1),
    ("prime192v1", NamedGroup::secp192r1),
];

crate::model::registry::wire_value!(NamedGroup);
crate::model::registry::wire_names!(NamedGroup, name);

impl NamedGroup {
    /// Whether the code is in the range RFC 7919 §4 gives finite-field DH groups (256 to 511),
    /// registered or not: a client offering any of them asks for FFDHE.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert!(NamedGroup::ffdhe2048.is_ffdhe_range());
    /// assert!(NamedGroup::from(0x01FF).is_ffdhe_range()); // unregistered, still FFDHE
    /// assert!(!NamedGroup::secp256r1.is_ffdhe_range());
    /// ```
    pub const fn is_ffdhe_range(self) -> bool {
        is_ffdhe_code(self.0)
    }

    /// Whether this is a registered elliptic curve an ECDHE suite of TLS 1.0 to 1.2 can use
    /// (see [`GroupKind::is_elliptic_curve`]).
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert!(NamedGroup::x25519.is_elliptic_curve());
    /// assert!(!NamedGroup::ffdhe2048.is_elliptic_curve());
    /// assert!(!NamedGroup::X25519MLKEM768.is_elliptic_curve());
    /// ```
    pub fn is_elliptic_curve(self) -> bool {
        self.info().is_some_and(|i| i.kind.is_elliptic_curve())
    }

    /// Whether this registered group may be used in `version`.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, ProtocolVersion};
    ///
    /// assert!(NamedGroup::secp256r1.usable_in(ProtocolVersion::TLSv1_2));
    /// assert!(!NamedGroup::X25519MLKEM768.usable_in(ProtocolVersion::TLSv1_2)); // TLS 1.3 only
    /// ```
    pub fn usable_in(self, version: ProtocolVersion) -> bool {
        self.info().is_some_and(|i| i.versions.contains(version))
    }

    /// What the registry knows of this group.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert!(NamedGroup::secp384r1.info().is_some());
    /// assert!(NamedGroup::from(0x0A0A).info().is_none()); // GREASE
    /// ```
    pub fn info(self) -> Option<&'static GroupInfo> {
        GROUPS.binary_search_by_key(&self.0, |g| g.group.0).ok().and_then(|i| GROUPS.get(i))
    }

    /// The IANA name.
    ///
    /// ```
    /// use tls_policy::NamedGroup;
    ///
    /// assert_eq!(NamedGroup::x25519.name(), Some("x25519"));
    /// assert_eq!(NamedGroup::from(0xFE00).name(), None);
    /// ```
    pub fn name(self) -> Option<&'static str> {
        self.info().map(|i| i.name)
    }

    /// Every registered group, by code.
    ///
    /// ```
    /// use tls_policy::{GroupKind, NamedGroup};
    ///
    /// let ffdhe = NamedGroup::all().filter(|i| i.kind() == GroupKind::Ffdhe).count();
    /// assert_eq!(ffdhe, 5); // ffdhe2048 to ffdhe8192
    /// ```
    pub fn all() -> impl ExactSizeIterator<Item = &'static GroupInfo> {
        GROUPS.iter()
    }
}

impl FromStr for NamedGroup {
    type Err = ParseError;

    /// The IANA name or an alias (ASCII case ignored), or a hex code (`0x0017`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let names = GROUPS.iter().map(|g| (g.name, g.group)).chain(ALIASES.iter().copied());
        crate::model::registry::parse_name_or_code(s, Registry::Group, names)
    }
}

/// RFC 7919 §4: codes 256 to 511 are FFDHE groups, known or not (the code alone, for the
/// engine's walk over raw offer codes).
pub(crate) const fn is_ffdhe_code(code: u16) -> bool {
    matches!(code, 256..=511)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_code() {
        assert!(GROUPS.windows(2).all(|w| w[0].group < w[1].group));
    }

    #[test]
    fn versions_follow_the_rfcs() {
        let v13 = |g: NamedGroup| g.info().unwrap().versions().contains(ProtocolVersion::TLSv1_3);
        assert!(v13(NamedGroup::secp256r1) && v13(NamedGroup::x25519) && v13(NamedGroup::ffdhe2048));
        assert!(!v13(NamedGroup::sect571r1) && !v13(NamedGroup::brainpoolP256r1) && !v13(NamedGroup::secp256k1));
        let v12 = |g: NamedGroup| g.info().unwrap().versions().contains(ProtocolVersion::TLSv1_2);
        assert!(!v12(NamedGroup::X25519MLKEM768) && !v12(NamedGroup::brainpoolP256r1tls13));
    }
}
