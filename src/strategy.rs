//! proptest strategies for property-testing cipher policies (feature `proptest`).
//!
//! Offers come in client families shaped like real ClientHellos (OpenSSL `s_client`, curl
//! and Python's `ssl` on OpenSSL 3.0, as captured in the crate's `tests/data/hellos`), and
//! as arbitrary offers with GREASE, signalling values, unknown codes and any version list.
//! Policies come arbitrary-but-valid, or as variations of a policy of yours. A claim about a
//! policy becomes a property test:
//!
//! ```
//! use proptest::prelude::*;
//! use tls_policy::strategy::{client_offer, credentials};
//! use tls_policy::{negotiate, Policy};
//!
//! proptest! {
//!     // "Once minTlsVersion is 1.2, no agreed suite uses SHA-1 as its MAC." (In tests/,
//!     // add #[test].) Handshake signatures are the policy's signature schemes:
//!     // `Policy::audit` reports SHA-1 among them.
//!     fn dps_tls12_never_negotiates_sha1(device in client_offer(), keys in credentials()) {
//!         let policy = Policy::named("dps-tls12").unwrap();
//!         if let Ok(agreed) = negotiate(&policy, &device.offer(), keys) {
//!             prop_assert!(!agreed.suite.info().unwrap().uses_sha1());
//!         }
//!     }
//! }
//! # dps_tls12_never_negotiates_sha1();
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

use crate::model::key::KeyType;
use crate::model::suite::{Authentication, KeyExchange};
use crate::policy::{KeyTypes, MissingGroups, Policy, Preference};
use crate::{CipherSuite, NamedGroup, Offer, OwnedOffer, ProtocolVersion, SignatureScheme, SuiteEntry, VersionSet};

/// Which client a generated offer imitates.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::{Family, python_like};
///
/// proptest! {
///     fn python_offers_are_python(device in python_like()) {
///         prop_assert_eq!(device.family, Family::Python);
///     }
/// }
/// # python_offers_are_python();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// `openssl s_client` (OpenSSL 3.0): any version range, `-cipher`, `-groups`,
    /// `-sigalgs`, sometimes `-fallback_scsv`.
    OpenSsl,
    /// curl on OpenSSL 3.0: the same lists; `--tlsv1.x` / `--tls-max` ranges; no SCSV.
    Curl,
    /// Python's `ssl.create_default_context()` on OpenSSL 3.0: TLS 1.2 or 1.3, its own
    /// cipher list (ECDHE and DHE with AES-GCM, ChaCha20, AES-CBC with SHA-2).
    Python,
    /// Anything: GREASE, signalling values, unknown codes, odd version lists, empty lists.
    Arbitrary,
}

/// A generated client offer: the client it imitates and its [`OwnedOffer`];
/// [`offer`](Self::offer) lends it to the engine.
///
/// ```
/// use tls_policy::strategy::{ClientOffer, Family};
/// use tls_policy::{CipherSuite, OwnedOffer, ProtocolVersion};
///
/// let device = ClientOffer {
///     family: Family::Arbitrary,
///     offer: OwnedOffer::new(ProtocolVersion::TLSv1_2, vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]),
/// };
/// assert_eq!(device.offer().suites().len(), 1);
/// assert_eq!(device.offer.suites.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOffer {
    /// The client it imitates.
    pub family: Family,
    /// What it offers: `legacy_version`, the suites in the client's order (signalling values
    /// included) and the extensions it sends.
    pub offer: OwnedOffer,
}

impl ClientOffer {
    /// The offer, borrowing this one's lists ([`OwnedOffer::as_offer`]).
    ///
    /// ```
    /// use proptest::prelude::*;
    /// use tls_policy::strategy::{client_offer, credentials};
    /// use tls_policy::{explain, negotiate, Policy};
    ///
    /// proptest! {
    ///     fn explain_agrees_with_negotiate(device in client_offer(), keys in credentials()) {
    ///         let policy = Policy::named("dps-legacy-security").unwrap();
    ///         let offer = device.offer();
    ///         prop_assert_eq!(explain(&policy, &offer, keys).result(), negotiate(&policy, &offer, keys));
    ///     }
    /// }
    /// # explain_agrees_with_negotiate();
    /// ```
    pub fn offer(&self) -> Offer<'_> {
        self.offer.as_offer()
    }

    /// The highest version offered.
    ///
    /// ```
    /// use proptest::prelude::*;
    /// use tls_policy::strategy::curl_like;
    /// use tls_policy::ProtocolVersion;
    ///
    /// proptest! {
    ///     fn curl_offers_tls10_to_13(device in curl_like()) {
    ///         let v = device.highest_version().unwrap();
    ///         prop_assert!(v >= ProtocolVersion::TLSv1_0 && v <= ProtocolVersion::TLSv1_3);
    ///     }
    /// }
    /// # curl_offers_tls10_to_13();
    /// ```
    pub fn highest_version(&self) -> Option<ProtocolVersion> {
        self.offer().highest_version()
    }
}

/// OpenSSL 3.0's default cipher list (Debian, security level 2), as `s_client` and curl send
/// it with TLS 1.0 to 1.3 enabled (capture `openssl_default`).
const OPENSSL_SUITES: [u16; 30] = [
    0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA, 0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028,
    0x006B, 0xC023, 0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C,
    0x0035, 0x002F,
];
/// Python's default context's list (capture `python_default`).
const PYTHON_SUITES: [u16; 17] = [
    0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC024, 0xC028, 0xC023, 0xC027, 0x009F,
    0x009E, 0x006B, 0x0067,
];
/// OpenSSL 3.0's default groups: x25519, secp256r1, x448, secp521r1, secp384r1, ffdhe2048
/// to ffdhe8192 (the FFDHE ones only when TLS 1.3 is offered).
const OPENSSL_GROUPS: [u16; 10] = [0x001D, 0x0017, 0x001E, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
/// OpenSSL 3.0's default `signature_algorithms` at security level 2.
const OPENSSL_SCHEMES: [u16; 20] = [
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080A, 0x080B, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
    0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602,
];

const TLS: [ProtocolVersion; 4] =
    [ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_1, ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3];

/// A version range `(min, max)`, `min <= max`, from these versions.
fn range(versions: &'static [ProtocolVersion]) -> impl Strategy<Value = (ProtocolVersion, ProtocolVersion)> {
    let n = versions.len();
    (0..n, 0..n).prop_map(move |(a, b)| (versions[a.min(b)], versions[a.max(b)]))
}

/// A non-empty subsequence, order kept (a client's `-cipher` / `-groups` / `-sigalgs`).
fn some_of<T: Clone + core::fmt::Debug + 'static>(items: Vec<T>) -> BoxedStrategy<Vec<T>> {
    let n = items.len();
    if n == 0 {
        return Just(items).boxed();
    }
    // Often the whole default list, as most devices send it; else any part of it. The
    // subsequence arm comes first so that failures shrink towards shorter lists.
    prop_oneof![3 => subsequence(items.clone(), 1..=n), 2 => Just(items)].boxed()
}

/// An OpenSSL 3.0-based client's offer, following OpenSSL's rules for each version range:
/// TLS 1.3 suites and `supported_versions` only when TLS 1.3 is enabled (`legacy_version`
/// is the maximum otherwise), only suites usable in the range, FFDHE groups only with TLS
/// 1.3, no `signature_algorithms` below TLS 1.2 and no SHA-224 or DSA schemes in a TLS
/// 1.3-only hello, the renegotiation SCSV last (the fallback SCSV after it).
fn openssl_based(
    family: Family,
    suites: &'static [u16],
    versions: &'static [ProtocolVersion],
    fallback: bool,
) -> impl Strategy<Value = ClientOffer> {
    range(versions).prop_flat_map(move |(min, max)| {
        let span = VersionSet::between(min, max);
        let allowed: Vec<CipherSuite> = suites
            .iter()
            .map(|&c| CipherSuite::from_u16(c))
            .filter(|s| s.info().is_some_and(|i| !i.versions().intersect(span).is_empty()))
            .collect();
        let tls13 = max == ProtocolVersion::TLSv1_3;
        let groups: Vec<NamedGroup> = OPENSSL_GROUPS
            .iter()
            .filter(|&&g| tls13 || !(0x0100..0x0200).contains(&g))
            .map(|&g| NamedGroup::from_u16(g))
            .collect();
        let schemes: Vec<SignatureScheme> = OPENSSL_SCHEMES
            .iter()
            .map(|&s| SignatureScheme::from_u16(s))
            .filter(|s| {
                min < ProtocolVersion::TLSv1_3
                    || s.info().is_some_and(|i| {
                        i.algorithm() != crate::SignatureAlgorithm::Dsa
                            && !matches!(i.hash(), Some(crate::Hash::Sha1 | crate::Hash::Sha224))
                    })
            })
            .collect();
        let scsv = if fallback && !tls13 { any::<bool>().boxed() } else { Just(false).boxed() };
        (some_of(allowed), some_of(groups), some_of(schemes), scsv).prop_map(
            move |(mut suites, groups, schemes, scsv)| {
                if suites.last() != Some(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV) {
                    suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
                }
                if scsv {
                    suites.push(CipherSuite::TLS_FALLBACK_SCSV);
                }
                let supported: Vec<ProtocolVersion> = TLS.iter().rev().copied().filter(|v| span.contains(*v)).collect();
                let legacy_version = if tls13 { ProtocolVersion::TLSv1_2 } else { max };
                let mut offer = OwnedOffer::new(legacy_version, suites);
                offer.supported_versions = tls13.then_some(supported);
                offer.groups = Some(groups);
                offer.signature_schemes = (max >= ProtocolVersion::TLSv1_2).then_some(schemes);
                ClientOffer { family, offer }
            },
        )
    })
}

/// Offers shaped like `openssl s_client` (OpenSSL 3.0) with any TLS version range.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::{Family, openssl_like};
///
/// proptest! {
///     fn s_client_sends_suites(device in openssl_like()) {
///         prop_assert_eq!(device.family, Family::OpenSsl);
///         prop_assert!(!device.offer.suites.is_empty());
///     }
/// }
/// # s_client_sends_suites();
/// ```
pub fn openssl_like() -> impl Strategy<Value = ClientOffer> {
    openssl_based(Family::OpenSsl, &OPENSSL_SUITES, &TLS, true)
}

/// Offers shaped like curl on OpenSSL 3.0 with any `--tlsv1.x` / `--tls-max` range.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::{Family, curl_like};
/// use tls_policy::CipherSuite;
///
/// proptest! {
///     fn curl_never_sends_the_fallback_scsv(device in curl_like()) {
///         prop_assert_eq!(device.family, Family::Curl);
///         prop_assert!(!device.offer.suites.contains(&CipherSuite::TLS_FALLBACK_SCSV));
///     }
/// }
/// # curl_never_sends_the_fallback_scsv();
/// ```
pub fn curl_like() -> impl Strategy<Value = ClientOffer> {
    openssl_based(Family::Curl, &OPENSSL_SUITES, &TLS, false)
}

/// Offers shaped like Python's default SSL context (TLS 1.2 and 1.3) and its `set_ciphers`.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::python_like;
/// use tls_policy::ProtocolVersion;
///
/// proptest! {
///     fn python_offers_tls12_or_later(device in python_like()) {
///         prop_assert!(device.highest_version() >= Some(ProtocolVersion::TLSv1_2));
///     }
/// }
/// # python_offers_tls12_or_later();
/// ```
pub fn python_like() -> impl Strategy<Value = ClientOffer> {
    const MODERN: [ProtocolVersion; 2] = [ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3];
    openssl_based(Family::Python, &PYTHON_SUITES, &MODERN, false)
}

/// A realistic device: any of the client families.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::client_offer;
/// use tls_policy::{negotiate, KeyTypes, Policy, ProtocolVersion};
///
/// proptest! {
///     // "A DPS instance created with minTlsVersion 1.2 agrees on TLS 1.2 or nothing."
///     fn dps_tls12_is_tls12_only(device in client_offer()) {
///         let policy = Policy::named("dps-tls12").unwrap();
///         if let Ok(agreed) = negotiate(&policy, &device.offer(), KeyTypes::RSA_AND_ECDSA) {
///             prop_assert_eq!(agreed.version, ProtocolVersion::TLSv1_2);
///         }
///     }
/// }
/// # dps_tls12_is_tls12_only();
/// ```
pub fn client_offer() -> impl Strategy<Value = ClientOffer> {
    prop_oneof![openssl_like(), curl_like(), python_like()]
}

/// A code drawn from: known values, GREASE, signalling values, anything.
fn code(known: Vec<u16>, signalling: &'static [u16]) -> impl Strategy<Value = u16> {
    let grease = (0u16..16).prop_map(|i| 0x0A0A + i * 0x1010);
    let signalling: Vec<u16> = signalling.to_vec();
    prop_oneof![
        6 => proptest::sample::select(known),
        1 => grease,
        1 => proptest::sample::select(signalling),
        2 => any::<u16>(),
    ]
}

/// Any offer at all: GREASE anywhere, signalling values, unknown codes, TLS 1.0 to 1.3 (and
/// odd) version lists, missing or empty extensions. For robustness properties.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::{arbitrary_offer, credentials};
/// use tls_policy::{negotiate, Policy};
///
/// proptest! {
///     // Robustness: any offer gets an answer, and a refusal always names its alert.
///     fn every_offer_gets_an_answer(device in arbitrary_offer(), keys in credentials()) {
///         let policy = Policy::named("dps-legacy-security").unwrap();
///         if let Err(refusal) = negotiate(&policy, &device.offer(), keys) {
///             prop_assert!(refusal.alert().number() > 0);
///         }
///     }
/// }
/// # every_offer_gets_an_answer();
/// ```
pub fn arbitrary_offer() -> impl Strategy<Value = ClientOffer> {
    let suites: Vec<u16> = CipherSuite::all().map(|i| i.suite().get()).collect();
    let groups: Vec<u16> = NamedGroup::all().map(|i| i.group().get()).collect();
    let schemes: Vec<u16> = SignatureScheme::all().map(|i| i.scheme().get()).collect();
    let versions = vec![0x0300u16, 0x0301, 0x0302, 0x0303, 0x0304];
    let version = code(versions.clone(), &[0x7F1C, 0xFEFD, 0x0305]);
    (
        version,
        proptest::option::of(vec(code(versions, &[0x0305]), 0..6)),
        vec(code(suites, &[0x00FF, 0x5600]), 0..40),
        proptest::option::of(vec(code(groups, &[0x01FF]), 0..12)),
        proptest::option::of(vec(code(schemes, &[0x0000]), 0..16)),
    )
        .prop_map(|(legacy, versions, suites, groups, schemes)| {
            let suites = suites.into_iter().map(CipherSuite::from_u16).collect();
            let mut offer = OwnedOffer::new(ProtocolVersion::from_u16(legacy), suites);
            offer.supported_versions = versions.map(|v| v.into_iter().map(ProtocolVersion::from_u16).collect());
            offer.groups = groups.map(|g| g.into_iter().map(NamedGroup::from_u16).collect());
            offer.signature_schemes = schemes.map(|s| s.into_iter().map(SignatureScheme::from_u16).collect());
            ClientOffer { family: Family::Arbitrary, offer }
        })
}

/// A key type.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::key_type;
/// use tls_policy::KeyTypes;
///
/// proptest! {
///     fn one_key_type_is_held_alone(key in key_type()) {
///         prop_assert!(KeyTypes::only(key).holds(key));
///     }
/// }
/// # one_key_type_is_held_alone();
/// ```
pub fn key_type() -> impl Strategy<Value = KeyType> {
    prop_oneof![Just(KeyType::Rsa), Just(KeyType::Ecdsa)]
}

/// The key types a server may hold: RSA, ECDSA or both.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::credentials;
/// use tls_policy::KeyType;
///
/// proptest! {
///     fn a_server_holds_some_key(keys in credentials()) {
///         prop_assert!(keys.holds(KeyType::Rsa) || keys.holds(KeyType::Ecdsa));
///     }
/// }
/// # a_server_holds_some_key();
/// ```
pub fn credentials() -> impl Strategy<Value = KeyTypes> {
    prop_oneof![Just(KeyTypes::RSA), Just(KeyTypes::ECDSA), Just(KeyTypes::RSA_AND_ECDSA)]
}

/// Groups a policy may list.
const POLICY_GROUPS: [NamedGroup; 8] = [
    NamedGroup::x25519,
    NamedGroup::secp256r1,
    NamedGroup::secp384r1,
    NamedGroup::secp521r1,
    NamedGroup::x448,
    NamedGroup::ffdhe2048,
    NamedGroup::ffdhe3072,
    NamedGroup::X25519MLKEM768,
];

/// Any valid policy: a TLS version range, up to 24 suites a certificate can serve (ECDHE,
/// DHE, static RSA, TLS 1.3) in any order, some groups, either preference.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::any_policy;
/// use tls_policy::Policy;
///
/// proptest! {
///     // Every generated policy survives a round trip through the builder.
///     fn any_policy_rebuilds(policy in any_policy()) {
///         prop_assert_eq!(policy.to_builder().build().unwrap(), policy);
///     }
/// }
/// # any_policy_rebuilds();
/// ```
pub fn any_policy() -> impl Strategy<Value = Policy> {
    range(&TLS).prop_flat_map(|(min, max)| {
        let span = VersionSet::between(min, max);
        let candidates: Vec<CipherSuite> = CipherSuite::all()
            .filter(|i| {
                matches!(i.kx(), KeyExchange::Ecdhe | KeyExchange::Dhe | KeyExchange::Rsa | KeyExchange::Any)
                    && matches!(i.auth(), Authentication::Rsa | Authentication::Ecdsa | Authentication::Any)
                    && !i.versions().intersect(span).is_empty()
            })
            .map(|i| i.suite())
            .collect();
        let most = candidates.len().min(24);
        (
            subsequence(candidates, 1..=most).prop_shuffle(),
            subsequence(POLICY_GROUPS.to_vec(), 1..=POLICY_GROUPS.len()).prop_shuffle(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_filter_map("the builder refuses it", move |(suites, groups, client_order, none_shared)| {
                Policy::builder("arbitrary")
                    .versions(span)
                    .entries(suites.into_iter().map(SuiteEntry::new))
                    .groups(groups)
                    .preference(if client_order { Preference::Client } else { Preference::Server })
                    .missing_groups(if none_shared { MissingGroups::NoneShared } else { MissingGroups::Any })
                    .build()
                    .ok()
            })
    })
}

/// Valid variations of `policy`: entries dropped, in the policy's order or shuffled; a
/// narrower range of its versions; the other preference. For "does this change break
/// anything?" properties.
///
/// ```
/// use proptest::prelude::*;
/// use tls_policy::strategy::variation_of;
/// use tls_policy::Policy;
///
/// proptest! {
///     // A variation of dps-tls12 never adds a version or an entry.
///     fn variations_narrow(p in variation_of(&Policy::named("dps-tls12").unwrap())) {
///         let dps = Policy::named("dps-tls12").unwrap();
///         prop_assert_eq!(p.versions().intersect(dps.versions()), p.versions());
///         prop_assert!(p.entries().iter().all(|e| dps.entries().contains(e)));
///     }
/// }
/// # variations_narrow();
/// ```
pub fn variation_of(policy: &Policy) -> impl Strategy<Value = Policy> + use<> {
    let base = policy.clone();
    let entries = policy.entries().to_vec();
    let versions: Vec<ProtocolVersion> = policy.versions().iter().collect();
    let n = entries.len();
    let nv = versions.len();
    let kept = prop_oneof![subsequence(entries.clone(), 1..=n), subsequence(entries, 1..=n).prop_shuffle()];
    let range = (0..nv, 0..nv).prop_map(|(a, b)| (a.min(b), a.max(b)));
    (kept, range, any::<bool>()).prop_filter_map("the builder refuses it", move |(entries, (lo, hi), flip)| {
        let mut entries = entries;
        let preference = match (flip, base.preference()) {
            (true, Preference::Server) => Preference::Client,
            (true, _) => Preference::Server,
            (false, p) => p,
        };
        let versions: VersionSet = versions[lo..=hi].iter().copied().collect();
        // Entries valid in none of the narrowed versions go with them.
        entries.retain(|e| e.suite.info().is_some_and(|i| !i.versions().intersect(versions).is_empty()));
        base.to_builder().versions(versions).clear_entries().entries(entries).preference(preference).build().ok()
    })
}
