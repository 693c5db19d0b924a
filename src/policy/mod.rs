//! Policies: what a server accepts, validated once and compiled into the tables every
//! decision uses.

use core::fmt;

use crate::catalog::Catalog;
use crate::model::group::NamedGroup;
use crate::model::signature::{SignatureAlgorithm, SignatureScheme};
use crate::model::suite::{CipherSuite, KeyExchange, SuiteEntry};
use crate::model::version::{ProtocolVersion, VersionSet};

mod builder;
mod compiled;
mod error;
mod key_types;
mod named;
mod spec;

use crate::model::key::KeyType;
pub use builder::PolicyBuilder;
pub(crate) use compiled::*;
pub use error::PolicyError;
pub use key_types::{KeyTypes, KeyTypesError};
#[cfg(feature = "files")]
pub(crate) use spec::{EntrySpec, EntryTable, PolicySpec, keys_of, word};

/// The most entries a policy may hold: the compiled form keeps one bit per entry in a `u128`.
pub(crate) const MAX_ENTRIES: usize = 128;
/// The most groups a policy may hold (one bit per group in a `u32`).
pub(crate) const MAX_GROUPS: usize = 32;

/// Whose order picks the suite.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, KeyTypes, NamedGroup, Offer, Policy, Preference, ProtocolVersion};
///
/// // The device prefers AES-128; dps-tls12 (server order) picks AES-256, iot-hub (client order) does not.
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
/// let device = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
/// let dps = Policy::named("dps-tls12")?;
/// assert_eq!(dps.preference(), Preference::Server);
/// assert_eq!(negotiate(&dps, &device, KeyTypes::RSA).unwrap().suite, suites[1]);
/// let client_order = dps.to_builder().preference(Preference::Client).build()?;
/// assert_eq!(negotiate(&client_order, &device, KeyTypes::RSA).unwrap().suite, suites[0]);
///
/// // Its names in a policy file (and in the CLI's output), written once, on this type.
/// assert_eq!(<&str>::from(Preference::Client), "client");
/// assert_eq!(<Preference as strum::VariantNames>::VARIANTS, ["server", "client"]);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, strum::IntoStaticStr, strum::VariantNames, strum::EnumIter,
)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Preference {
    /// The first policy entry the client offers and the server can use (DPS, SChannel).
    #[default]
    Server,
    /// The first suite in the client's list that the policy allows and the server can use.
    Client,
}

/// What a client that sends no `supported_groups` extension gets.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, KeyTypes, MissingGroups, Offer, Policy, ProtocolVersion, Reason};
///
/// // A TLS 1.2 client that sends no supported_groups extension.
/// let device = Offer::new(ProtocolVersion::TLSv1_2, &[CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
/// let dps = Policy::named("dps-tls12")?;
/// assert_eq!(dps.missing_groups(), MissingGroups::Any);
/// assert!(negotiate(&dps, &device, KeyTypes::RSA).is_ok());
/// let strict = dps.to_builder().missing_groups(MissingGroups::NoneShared).build()?;
/// assert_eq!(negotiate(&strict, &device, KeyTypes::RSA).unwrap_err().reason, Reason::NoSharedGroup);
///
/// // Its names in a policy file (and in the CLI's output), written once, on this type.
/// assert_eq!(<&str>::from(MissingGroups::NoneShared), "none-shared");
/// assert_eq!(<MissingGroups as strum::VariantNames>::VARIANTS, ["any", "none-shared"]);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, strum::IntoStaticStr, strum::VariantNames, strum::EnumIter,
)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum MissingGroups {
    /// RFC 8422 §4: the server may pick any curve, so it takes the policy's first group that
    /// fits (a constrained entry uses its own group).
    #[default]
    Any,
    /// No group is shared, so no ECDHE suite can be chosen (what rustls and OpenSSL 3.0 do).
    NoneShared,
}

/// A TLS server's cipher-suite policy: versions, entries in preference order, groups, and how
/// to choose. Immutable once built; build one with [`Policy::builder`] or take a
/// [named](Policy::named) one.
///
/// ```
/// use tls_policy::{Policy, ProtocolVersion, CipherSuite};
///
/// let dps = Policy::named("dps-tls12")?;
/// assert_eq!(dps.versions().highest(), Some(ProtocolVersion::TLSv1_2));
/// assert_eq!(dps.entries()[0].suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
///
/// serde writes and reads it as a policy file (the format is in
/// [`files`](crate::import::files)); reading validates it.
#[derive(Clone, PartialEq, Eq)]
pub struct Policy {
    id: String,
    description: String,
    versions: VersionSet,
    entries: Vec<SuiteEntry>,
    groups: Vec<NamedGroup>,
    signature_schemes: Vec<SignatureScheme>,
    preference: Preference,
    missing_groups: MissingGroups,
    pub(crate) compiled: Box<Compiled>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("id", &self.id)
            .field("versions", &self.versions)
            .field("entries", &self.entries)
            .field("groups", &self.groups)
            .field("preference", &self.preference)
            .field("missing_groups", &self.missing_groups)
            .finish_non_exhaustive()
    }
}

impl Policy {
    /// A builder with nothing in it.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let policy = Policy::builder("gateway")
    ///     .versions(VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3))
    ///     .suite(CipherSuite::TLS_AES_128_GCM_SHA256)
    ///     .suite(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
    ///     .group(NamedGroup::x25519)
    ///     .build()?;
    /// assert_eq!(policy.entries().len(), 2);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn builder(id: impl Into<String>) -> PolicyBuilder {
        PolicyBuilder {
            id: id.into(),
            description: String::new(),
            versions: VersionSet::EMPTY,
            entries: Vec::new(),
            groups: Vec::new(),
            signature_schemes: None,
            preference: Preference::Server,
            missing_groups: MissingGroups::Any,
        }
    }

    /// A builder holding this policy's settings, to derive a new policy from.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let legacy = Policy::named("dps-legacy-security")?;
    /// let tls12 = legacy.to_builder().versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build()?;
    /// assert_eq!((tls12.id(), tls12.entries()), (legacy.id(), legacy.entries()));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn to_builder(&self) -> PolicyBuilder {
        PolicyBuilder {
            id: self.id.clone(),
            description: self.description.clone(),
            versions: self.versions,
            entries: self.entries.clone(),
            groups: self.groups.clone(),
            signature_schemes: Some(self.signature_schemes.clone()),
            preference: self.preference,
            missing_groups: self.missing_groups,
        }
    }

    /// The identifier (`dps-tls12`).
    ///
    /// ```
    /// assert_eq!(tls_policy::Policy::named("DPS-TLS12")?.id(), "dps-tls12");
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A description for people.
    ///
    /// ```
    /// let dps = tls_policy::Policy::named("dps-tls12")?;
    /// assert!(dps.description().contains("minTlsVersion 1.2"));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The protocol versions allowed.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let legacy = Policy::named("dps-legacy-security")?;
    /// assert_eq!(legacy.versions(), VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub const fn versions(&self) -> VersionSet {
        self.versions
    }

    /// The entries, in the server's preference order.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy};
    ///
    /// let legacy = Policy::named("dps-legacy-security")?;
    /// // SChannel's _P256 / _P384 rows keep their group constraint.
    /// assert!(legacy.entries().iter().any(|e| e.group == Some(NamedGroup::secp384r1)));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn entries(&self) -> &[SuiteEntry] {
        &self.entries
    }

    /// The key-exchange groups allowed.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy};
    ///
    /// assert_eq!(Policy::named("dps-tls12")?.groups(), [NamedGroup::secp256r1, NamedGroup::secp384r1]);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn groups(&self) -> &[NamedGroup] {
        &self.groups
    }

    /// The signature schemes the server is willing to sign handshakes with.
    ///
    /// ```
    /// use tls_policy::{Policy, SignatureScheme};
    ///
    /// let dps = Policy::named("dps-tls12")?;
    /// assert!(dps.signature_schemes().contains(&SignatureScheme::rsa_pkcs1_sha256));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn signature_schemes(&self) -> &[SignatureScheme] {
        &self.signature_schemes
    }

    /// Whose order picks the suite.
    ///
    /// ```
    /// use tls_policy::{Policy, Preference};
    ///
    /// assert_eq!(Policy::named("dps-tls12")?.preference(), Preference::Server);
    /// assert_eq!(Policy::named("iot-hub")?.preference(), Preference::Client);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub const fn preference(&self) -> Preference {
        self.preference
    }

    /// How a client without `supported_groups` is treated.
    ///
    /// ```
    /// use tls_policy::{MissingGroups, Policy};
    ///
    /// assert_eq!(Policy::named("dps-tls12")?.missing_groups(), MissingGroups::Any); // RFC 8422 §4
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub const fn missing_groups(&self) -> MissingGroups {
        self.missing_groups
    }

    /// The signature schemes a policy gets when its builder is given none: every scheme an
    /// RSA (rsaEncryption) or ECDSA key can sign a handshake with, SHA-1 and SHA-224 included.
    ///
    /// ```
    /// use tls_policy::{Policy, SignatureScheme};
    ///
    /// let schemes = Policy::default_signature_schemes();
    /// assert!(schemes.contains(&SignatureScheme::rsa_pkcs1_sha1)); // as RFC 5246 servers sign
    /// assert!(schemes.len() > Policy::recommended_signature_schemes().len());
    /// ```
    pub fn default_signature_schemes() -> Vec<SignatureScheme> {
        default_signature_schemes()
    }

    /// The groups a policy file that has no `groups` key gets (see [`files`](crate::import::files)):
    /// X25519, secp256r1 and secp384r1, in that order. RFC 8446 §9.1 makes secp256r1 a MUST
    /// and X25519 a SHOULD; they and secp384r1 are the classical groups of Mozilla's
    /// server-side TLS 6.0 "intermediate" configuration (whose X25519MLKEM768 is left out: it
    /// is TLS 1.3-only and not in every rustls provider). The builder's default stays none.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy};
    ///
    /// assert_eq!(Policy::recommended_groups(), [NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1]);
    /// ```
    pub const fn recommended_groups() -> &'static [NamedGroup] {
        &RECOMMENDED_GROUPS
    }

    /// The signature schemes a policy file that has no `signature_schemes` key gets: the
    /// builder's [defaults](Policy::default_signature_schemes) with SHA-256 or a stronger hash,
    /// that is RSA-PSS (rsaEncryption key), RSA PKCS#1 and ECDSA with SHA-256, SHA-384 and
    /// SHA-512. SHA-1 is left out as RFC 9155 deprecates it for TLS 1.2 signatures, and
    /// SHA-224 as RFC 8446 §4.2.3 defines no scheme with it and Mozilla's 6.0 configurations
    /// sign with none; RFC 8446 §9.1's mandatory rsa_pkcs1_sha256, rsa_pss_rsae_sha256 and
    /// ecdsa_secp256r1_sha256 are all in. The builder's default stays every scheme, as RFC
    /// 5246 servers have it.
    ///
    /// ```
    /// use tls_policy::{Policy, SignatureScheme};
    ///
    /// let schemes = Policy::recommended_signature_schemes();
    /// assert_eq!(schemes.len(), 9);
    /// assert!(schemes.contains(&SignatureScheme::rsa_pss_rsae_sha256));
    /// assert!(!schemes.contains(&SignatureScheme::rsa_pkcs1_sha1));
    /// ```
    pub fn recommended_signature_schemes() -> Vec<SignatureScheme> {
        recommended_signature_schemes()
    }

    /// The ids of the named policies.
    ///
    /// ```
    /// use tls_policy::Policy;
    ///
    /// assert!(Policy::named_ids().contains(&"dps-legacy-performance"));
    /// assert!(Policy::named_ids().iter().all(|id| Policy::named(id).is_ok()));
    /// ```
    pub const fn named_ids() -> &'static [&'static str] {
        &named::NAMED
    }

    /// A named policy: the three DPS policies (`dps-tls12`, `dps-legacy-security`,
    /// `dps-legacy-performance`, from the
    /// [DPS TLS support page](https://learn.microsoft.com/azure/iot-dps/tls-support) of 2020-09-14),
    /// `dps-2024` (the DPS page of 2024-11-27), `iot-hub`, the Mozilla configurations
    /// (`mozilla-modern`, `mozilla-intermediate`, `mozilla-old` from 5.8, `mozilla-old-5.7`),
    /// `nist-800-52r2` and `bsi-tr-02102-2`. Each description names its source and date.
    ///
    /// ```
    /// use tls_policy::{MissingGroups, Policy, Preference};
    ///
    /// let hub = Policy::named("iot-hub")?;
    /// assert_eq!(hub.preference(), Preference::Client);
    /// assert_eq!(hub.missing_groups(), MissingGroups::NoneShared);
    /// assert!(Policy::named("dps-2024")?.description().contains("2024-11-27"));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn named(id: &str) -> Result<Self, PolicyError> {
        named::named(&id.trim().to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_policy_builds() {
        for id in named::NAMED {
            let p = Policy::named(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(p.id(), id);
        }
        assert!(matches!(
            Policy::named("dps-tls1.2"),
            Err(PolicyError::UnknownPolicy { suggestion: Some("dps-tls12"), .. })
        ));
    }

    #[test]
    fn builder_errors() {
        let v12 = VersionSet::only(ProtocolVersion::TLSv1_2);
        let gcm = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
        let ok = || Policy::builder("t").versions(v12).suite(gcm).group(NamedGroup::secp256r1);
        assert!(ok().build().is_ok());
        assert_eq!(Policy::builder("t").versions(v12).build(), Err(PolicyError::NoSuites));
        assert_eq!(Policy::builder("t").suite(gcm).build(), Err(PolicyError::NoVersions));
        assert!(matches!(ok().suite(gcm).build(), Err(PolicyError::DuplicateEntry { .. })));
        assert!(matches!(ok().group(NamedGroup::secp256r1).build(), Err(PolicyError::DuplicateGroup { .. })));
        assert!(matches!(ok().group(NamedGroup::from(0x7777)).build(), Err(PolicyError::UnknownGroup { .. })));
        assert!(matches!(ok().suite(CipherSuite::from(0x7777)).build(), Err(PolicyError::UnknownSuite { .. })));
        assert!(matches!(
            ok().suite(CipherSuite::TLS_AES_128_GCM_SHA256).build(),
            Err(PolicyError::EntryOutsideVersions { .. })
        ));
        assert!(matches!(
            ok().versions(VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3)).build(),
            Err(PolicyError::VersionWithoutSuites { version: ProtocolVersion::TLSv1_3 })
        ));
        assert!(matches!(
            ok().entry(SuiteEntry::with_group(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256, NamedGroup::secp256r1))
                .build(),
            Err(PolicyError::ConstraintOnNonEcSuite { .. })
        ));
        assert!(matches!(
            ok().entry(SuiteEntry::with_group(
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                NamedGroup::secp384r1
            ))
            .build(),
            Err(PolicyError::ConstraintOutsideGroups { .. })
        ));
        assert!(matches!(
            Policy::builder("t").versions(v12).suite(gcm).build(),
            Err(PolicyError::NoGroupFor { needs: "an elliptic-curve", .. })
        ));
        assert!(matches!(
            ok().versions(VersionSet::between(ProtocolVersion::SSLv3, ProtocolVersion::TLSv1_2)).build(),
            Err(PolicyError::ProhibitedVersion { .. })
        ));
        assert!(matches!(
            ok().group(NamedGroup::ffdhe2048)
                .entry(SuiteEntry::with_group(
                    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                    NamedGroup::ffdhe2048
                ))
                .build(),
            Err(PolicyError::ConstraintGroupUnusable { .. })
        ));
        assert!(matches!(
            ok().signature_schemes([SignatureScheme::from(0x7777)]).build(),
            Err(PolicyError::UnknownSignatureScheme { .. })
        ));
        assert!(matches!(
            ok().signature_schemes([SignatureScheme::ed25519]).build(),
            Err(PolicyError::UnusableSignatureScheme { .. })
        ));
        assert!(matches!(
            ok().signature_schemes([SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pkcs1_sha256]).build(),
            Err(PolicyError::DuplicateSignatureScheme { .. })
        ));
        let too_many =
            Policy::builder("t").versions(v12).entries((0..129).map(|i| SuiteEntry::new(CipherSuite::from(i))));
        assert!(matches!(too_many.build(), Err(PolicyError::TooManyEntries { count: 129, .. })));
    }

    #[test]
    fn default_schemes_sign_with_rsa_and_ecdsa_including_sha1() {
        let schemes = default_signature_schemes();
        assert!(schemes.contains(&SignatureScheme::rsa_pkcs1_sha1));
        assert!(schemes.contains(&SignatureScheme::ecdsa_sha1));
        assert!(schemes.contains(&SignatureScheme::rsa_pss_rsae_sha256));
        assert!(!schemes.contains(&SignatureScheme::rsa_pss_pss_sha256));
        assert!(!schemes.contains(&SignatureScheme::ed25519));
    }

    /// The defaults were chosen by name (no `_legacy`, no brainpool) before the handshake use
    /// became data; the list is the same, in the same order.
    #[test]
    fn default_schemes_are_those_once_chosen_by_name() {
        let by_name: Vec<_> = SignatureScheme::all()
            .filter(|s| {
                matches!(
                    s.algorithm(),
                    SignatureAlgorithm::RsaPkcs1 | SignatureAlgorithm::RsaPssRsae | SignatureAlgorithm::Ecdsa
                ) && s.hash().is_some_and(|h| h != crate::Hash::Md5)
                    && !s.name().ends_with("_legacy")
                    && !s.name().contains("brainpool")
            })
            .map(|s| s.scheme())
            .collect();
        assert_eq!(default_signature_schemes(), by_name);
        assert_eq!(by_name.len(), 13);
    }
}
