//! Policies: what a server accepts, validated once and compiled into the tables every
//! decision uses.

use core::fmt;

use crate::catalog::Catalog;
use crate::model::group::{GroupKind, NamedGroup};
use crate::model::signature::{SignatureAlgorithm, SignatureScheme};
use crate::model::suite::{Authentication, CipherSuite, Entry, KeyExchange};
use crate::model::version::{ProtocolVersion, VersionSet};

/// The most entries a policy may hold: the compiled form keeps one bit per entry in a `u128`.
pub const MAX_ENTRIES: usize = 128;
/// The most groups a policy may hold (one bit per group in a `u32`).
pub const MAX_GROUPS: usize = 32;

/// Whose order picks the suite.
///
/// ```
/// use tls_policy::{negotiate, CipherSuite, Credentials, NamedGroup, Offer, Policy, Preference, ProtocolVersion};
///
/// // The device prefers AES-128; dps-tls12 (server order) picks AES-256, iot-hub (client order) does not.
/// let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
/// let device = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
/// let dps = Policy::named("dps-tls12")?;
/// assert_eq!(dps.preference(), Preference::Server);
/// assert_eq!(negotiate(&dps, &device, Credentials::RSA).unwrap().suite, suites[1]);
/// let client_order = dps.to_builder().preference(Preference::Client).build()?;
/// assert_eq!(negotiate(&client_order, &device, Credentials::RSA).unwrap().suite, suites[0]);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
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
/// use tls_policy::{negotiate, CipherSuite, Credentials, MissingGroups, Offer, Policy, ProtocolVersion, Reason};
///
/// // A TLS 1.2 client that sends no supported_groups extension.
/// let device = Offer::new(ProtocolVersion::TLSv1_2, &[CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
/// let dps = Policy::named("dps-tls12")?;
/// assert_eq!(dps.missing_groups(), MissingGroups::Any);
/// assert!(negotiate(&dps, &device, Credentials::RSA).is_ok());
/// let strict = dps.to_builder().missing_groups(MissingGroups::NoneShared).build()?;
/// assert_eq!(negotiate(&strict, &device, Credentials::RSA).unwrap_err().reason, Reason::NoSharedGroup);
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MissingGroups {
    /// RFC 8422 §4: the server may pick any curve, so it takes the policy's first group that
    /// fits (a constrained entry uses its own group).
    #[default]
    Any,
    /// No group is shared, so no ECDHE suite can be chosen (what rustls and OpenSSL 3.0 do).
    NoneShared,
}

/// A key type a server can hold a certificate for.
///
/// ```
/// use tls_policy::{Credentials, KeyType};
///
/// assert!(Credentials::only(KeyType::Ecdsa).holds(KeyType::Ecdsa));
/// assert_eq!(KeyType::Rsa.to_string(), "RSA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum KeyType {
    /// An RSA key (rsaEncryption).
    Rsa,
    /// An ECDSA key.
    Ecdsa,
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rsa => "RSA",
            Self::Ecdsa => "ECDSA",
        })
    }
}

/// Which key types the server holds certificates for.
///
/// ```
/// use tls_policy::{Credentials, KeyType};
///
/// let both: Credentials = "rsa,ecdsa".parse()?;
/// assert_eq!(both, Credentials::RSA_AND_ECDSA);
/// assert!(both.holds(KeyType::Ecdsa));
/// assert!(!Credentials::RSA.holds(KeyType::Ecdsa));
/// # Ok::<(), tls_policy::CredentialsError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Credentials(u8);

impl Credentials {
    /// An RSA certificate only.
    pub const RSA: Self = Self(1);
    /// An ECDSA certificate only.
    pub const ECDSA: Self = Self(2);
    /// Both.
    pub const RSA_AND_ECDSA: Self = Self(3);

    /// Whether a certificate of this key type is held.
    ///
    /// ```
    /// use tls_policy::{Credentials, KeyType};
    ///
    /// assert!(Credentials::RSA_AND_ECDSA.holds(KeyType::Rsa));
    /// assert!(!Credentials::ECDSA.holds(KeyType::Rsa));
    /// ```
    pub const fn holds(self, key: KeyType) -> bool {
        self.0 & Self::bit(key) != 0
    }

    /// A certificate of this key type only.
    ///
    /// ```
    /// use tls_policy::{Credentials, KeyType};
    ///
    /// assert_eq!(Credentials::only(KeyType::Rsa), Credentials::RSA);
    /// ```
    pub const fn only(key: KeyType) -> Self {
        Self(Self::bit(key))
    }

    /// These credentials plus `key`.
    ///
    /// ```
    /// use tls_policy::{Credentials, KeyType};
    ///
    /// assert_eq!(Credentials::RSA.with(KeyType::Ecdsa), Credentials::RSA_AND_ECDSA);
    /// assert_eq!(Credentials::RSA.with(KeyType::Rsa).to_string(), "rsa");
    /// ```
    #[must_use]
    pub const fn with(self, key: KeyType) -> Self {
        Self(self.0 | Self::bit(key))
    }

    const fn bit(key: KeyType) -> u8 {
        match key {
            KeyType::Rsa => 1,
            KeyType::Ecdsa => 2,
        }
    }

    /// The index (0 to 3) of these credentials in per-credential tables.
    pub(crate) fn index(self) -> usize {
        usize::from(self.0 & 3)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Credentials {
    /// `rsa`, `ecdsa` or `rsa,ecdsa`, as parsed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            1 => "rsa",
            2 => "ecdsa",
            3 => "rsa,ecdsa",
            _ => "none",
        })
    }
}

/// Text that does not name key types.
///
/// ```
/// use tls_policy::Credentials;
///
/// let err = "rsa,dsa".parse::<Credentials>().unwrap_err();
/// assert_eq!(err.input, "rsa,dsa");
/// assert!(err.to_string().ends_with("expected rsa, ecdsa or rsa,ecdsa"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key type {input:?}: expected rsa, ecdsa or rsa,ecdsa")]
pub struct CredentialsError {
    /// The text as given.
    pub input: String,
}

impl serde::Serialize for Credentials {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Credentials {
    /// `"rsa"`, `"ecdsa"` or `"rsa,ecdsa"`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl core::str::FromStr for Credentials {
    type Err = CredentialsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut creds = Self(0);
        for part in s.split([',', '+', ' ']).filter(|p| !p.is_empty()) {
            creds = match part.to_ascii_lowercase().as_str() {
                "rsa" => creds.with(KeyType::Rsa),
                "ecdsa" | "ecc" | "ec" => creds.with(KeyType::Ecdsa),
                _ => return Err(CredentialsError { input: s.to_owned() }),
            };
        }
        if creds.0 == 0 { Err(CredentialsError { input: s.to_owned() }) } else { Ok(creds) }
    }
}

/// A policy that cannot be built, and what to change.
///
/// ```
/// use tls_policy::{CipherSuite, Policy, PolicyError, ProtocolVersion, VersionSet};
///
/// let tls13_only = Policy::builder("broken")
///     .versions(VersionSet::only(ProtocolVersion::TLSv1_3))
///     .suite(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA) // a TLS 1.2-and-below suite
///     .build();
/// assert!(matches!(tls13_only, Err(PolicyError::EntryOutsideVersions { .. })));
/// assert_eq!(Policy::builder("empty").build().unwrap_err(), PolicyError::NoSuites);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// No entries.
    #[error("the policy lists no cipher suite")]
    NoSuites,
    /// No protocol version.
    #[error("the policy allows no protocol version")]
    NoVersions,
    /// More entries than the compiled form holds.
    #[error("the policy lists {count} entries; at most {max} are supported")]
    TooManyEntries {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More groups than the compiled form holds.
    #[error("the policy lists {count} groups; at most {max} are supported")]
    TooManyGroups {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A suite the registry does not know, so its attributes are unknown.
    #[error("{suite} is not a registered cipher suite")]
    UnknownSuite {
        /// The code given.
        suite: CipherSuite,
    },
    /// The same entry twice.
    #[error("{entry} is listed twice")]
    DuplicateEntry {
        /// The entry.
        entry: Entry,
    },
    /// An entry valid in none of the policy's versions.
    #[error("{entry} is valid only in {valid}, none of which the policy allows ({versions})")]
    EntryOutsideVersions {
        /// The entry.
        entry: Entry,
        /// The versions the suite is valid in.
        valid: VersionSet,
        /// The policy's versions.
        versions: VersionSet,
    },
    /// A version of the policy that none of its entries can be used in.
    #[error("the policy allows {version}, but none of its suites is valid in {version}")]
    VersionWithoutSuites {
        /// The version.
        version: ProtocolVersion,
    },
    /// A group constraint on a suite that does no elliptic-curve key exchange.
    #[error("{entry}: only ECDHE suites can be constrained to a group")]
    ConstraintOnNonEcSuite {
        /// The entry.
        entry: Entry,
    },
    /// A group constraint naming a group the policy does not list.
    #[error("{entry} is constrained to {group}, which the policy's groups lack")]
    ConstraintOutsideGroups {
        /// The entry.
        entry: Entry,
        /// The group.
        group: NamedGroup,
    },
    /// A group the registry does not know.
    #[error("{group} is not a registered named group")]
    UnknownGroup {
        /// The code given.
        group: NamedGroup,
    },
    /// The same group twice.
    #[error("group {group} is listed twice")]
    DuplicateGroup {
        /// The group.
        group: NamedGroup,
    },
    /// A suite that needs a group kind the policy has none of.
    #[error("{entry} needs {needs} group, and the policy lists none usable in its versions")]
    NoGroupFor {
        /// The entry.
        entry: Entry,
        /// What kind of group (`an elliptic-curve`, `a TLS 1.3`).
        needs: &'static str,
    },
    /// SSL 3.0, which RFC 7568 forbids negotiating.
    #[error("the policy allows {version}, which RFC 7568 forbids; start at TLS 1.0")]
    ProhibitedVersion {
        /// The version.
        version: ProtocolVersion,
    },
    /// A group constraint no handshake can meet: the group is not an elliptic curve usable in
    /// a version the entry runs in.
    #[error("{entry} is constrained to {group}, which an ECDHE suite cannot use in the versions it runs in")]
    ConstraintGroupUnusable {
        /// The entry.
        entry: Entry,
        /// The group.
        group: NamedGroup,
    },
    /// A signature scheme the registry does not know.
    #[error("{scheme} is not a known signature scheme")]
    UnknownSignatureScheme {
        /// The code given.
        scheme: SignatureScheme,
    },
    /// The same signature scheme twice.
    #[error("signature scheme {scheme} is listed twice")]
    DuplicateSignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// A signature scheme no RSA or ECDSA server key can produce in a handshake.
    #[error("{scheme} cannot sign a server's handshake with an RSA or ECDSA key")]
    UnusableSignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// No named policy has this id.
    #[error("unknown policy {input:?}{}", crate::model::error::Suggestion(*suggestion))]
    UnknownPolicy {
        /// The id given.
        input: String,
        /// The nearest id.
        suggestion: Option<&'static str>,
    },
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
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct Policy {
    id: String,
    // Written only when they say something, so a policy file reads as what its author chose.
    #[serde(skip_serializing_if = "String::is_empty")]
    description: String,
    versions: VersionSet,
    entries: Vec<Entry>,
    groups: Vec<NamedGroup>,
    #[serde(skip_serializing_if = "is_recommended_signature_schemes")]
    signature_schemes: Vec<SignatureScheme>,
    preference: Preference,
    missing_groups: MissingGroups,
    #[serde(skip)]
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
    pub fn entries(&self) -> &[Entry] {
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
        &NAMED
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
        named(&id.trim().to_ascii_lowercase())
    }
}

/// The serialized form of a policy: its settings, without the compiled tables. Reading one
/// runs the builder again, so a policy file is validated as code-built policies are.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicySpec {
    id: String,
    #[serde(default)]
    description: String,
    versions: VersionSet,
    entries: Vec<Entry>,
    // A policy file's defaults (`files` documents them), so that serde reads what
    // `files::read_policy` reads.
    #[serde(default = "recommended_groups_vec")]
    groups: Vec<NamedGroup>,
    signature_schemes: Option<Vec<SignatureScheme>>,
    #[serde(default)]
    preference: Preference,
    #[serde(default)]
    missing_groups: MissingGroups,
}

impl<'de> serde::Deserialize<'de> for Policy {
    /// Reads what `Serialize` writes (lossless: a policy survives a geo-failover,
    /// as DPS's `minTlsVersion` does), validating it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = PolicySpec::deserialize(d)?;
        Policy::builder(spec.id)
            .description(spec.description)
            .versions(spec.versions)
            .entries(spec.entries)
            .groups(spec.groups)
            .preference(spec.preference)
            .missing_groups(spec.missing_groups)
            .signature_schemes(spec.signature_schemes.unwrap_or_else(recommended_signature_schemes))
            .build()
            .map_err(serde::de::Error::custom)
    }
}

/// Builds a [`Policy`], validating it.
///
/// ```
/// use tls_policy::{CipherSuite, NamedGroup, Policy, Preference, ProtocolVersion, VersionSet};
///
/// let policy = Policy::builder("gcm-only")
///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
///     .group(NamedGroup::x25519)
///     .preference(Preference::Client)
///     .build()?;
/// assert_eq!(policy.entries().len(), 1);
///
/// let err = Policy::builder("empty").versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build();
/// assert!(err.is_err());
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct PolicyBuilder {
    id: String,
    description: String,
    versions: VersionSet,
    entries: Vec<Entry>,
    groups: Vec<NamedGroup>,
    signature_schemes: Option<Vec<SignatureScheme>>,
    preference: Preference,
    missing_groups: MissingGroups,
}

impl PolicyBuilder {
    /// Sets the description.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().description("our staging DPS").build()?;
    /// assert_eq!(p.description(), "our staging DPS");
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Sets the versions.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::named("dps-legacy-security")?.to_builder().versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build()?;
    /// assert_eq!(p.versions().lowest(), Some(ProtocolVersion::TLSv1_2));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn versions(mut self, versions: VersionSet) -> Self {
        self.versions = versions;
        self
    }

    /// Appends an entry.
    ///
    /// ```
    /// use tls_policy::{Entry, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("p256-only")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256".parse::<Entry>()?)
    ///     .group(NamedGroup::secp256r1)
    ///     .build()?;
    /// assert_eq!(p.entries()[0].group, Some(NamedGroup::secp256r1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry(mut self, entry: Entry) -> Self {
        self.entries.push(entry);
        self
    }

    /// Appends an unconstrained suite.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("static-rsa")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .suite(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256) // no group needed: no ECDHE
    ///     .build()?;
    /// assert_eq!(p.entries()[0].group, None);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn suite(self, suite: CipherSuite) -> Self {
        self.entry(Entry::new(suite))
    }

    /// Appends entries.
    ///
    /// ```
    /// use tls_policy::{Catalog, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let legacy = Catalog::get("dps-legacy-1").unwrap();
    /// let p = Policy::builder("legacy-1")
    ///     .versions(VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2))
    ///     .entries(legacy.entries().iter().map(|row| row.entry()))
    ///     .groups([NamedGroup::secp256r1, NamedGroup::secp384r1])
    ///     .build()?;
    /// assert_eq!(p.entries().len(), legacy.entries().len());
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn entries(mut self, entries: impl IntoIterator<Item = Entry>) -> Self {
        self.entries.extend(entries);
        self
    }

    /// Removes every entry (to replace them, as when deriving a policy with
    /// [`Policy::to_builder`]).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().clear_entries()
    ///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)
    ///     .build()?;
    /// assert_eq!(p.entries().len(), 1);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn clear_entries(mut self) -> Self {
        self.entries.clear();
        self
    }

    /// Appends a catalog's entries, in its order.
    ///
    /// ```
    /// use tls_policy::{Catalog, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("recommended")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .catalog(Catalog::get("dps-recommended").unwrap())
    ///     .group(NamedGroup::secp256r1)
    ///     .build()?;
    /// assert_eq!(p.entries().len(), 4);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn catalog(self, catalog: &Catalog) -> Self {
        self.entries(catalog.entries().iter().map(|e| e.entry()))
    }

    /// Appends a group.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().group(NamedGroup::x25519).build()?;
    /// assert_eq!(p.groups().last(), Some(&NamedGroup::x25519));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn group(mut self, group: NamedGroup) -> Self {
        self.groups.push(group);
        self
    }

    /// Appends groups.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy, PolicyError};
    ///
    /// let twice = Policy::named("dps-tls12")?.to_builder().groups([NamedGroup::secp256r1]).build();
    /// assert!(matches!(twice, Err(PolicyError::DuplicateGroup { .. })));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn groups(mut self, groups: impl IntoIterator<Item = NamedGroup>) -> Self {
        self.groups.extend(groups);
        self
    }

    /// Sets the signature schemes the server signs with (default: every RSA PKCS#1, RSA-PSS
    /// (rsaEncryption key) and ECDSA scheme, SHA-1 included, as RFC 5246 servers do).
    ///
    /// ```
    /// use tls_policy::{Policy, SignatureScheme};
    ///
    /// let no_sha1 = Policy::named("dps-tls12")?.to_builder().signature_schemes(Policy::recommended_signature_schemes()).build()?;
    /// assert!(!no_sha1.signature_schemes().contains(&SignatureScheme::rsa_pkcs1_sha1));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn signature_schemes(mut self, schemes: impl IntoIterator<Item = SignatureScheme>) -> Self {
        self.signature_schemes = Some(schemes.into_iter().collect());
        self
    }

    /// Sets whose order picks the suite.
    ///
    /// ```
    /// use tls_policy::{Policy, Preference};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().preference(Preference::Client).build()?;
    /// assert_eq!(p.preference(), Preference::Client);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn preference(mut self, preference: Preference) -> Self {
        self.preference = preference;
        self
    }

    /// Sets how a client without `supported_groups` is treated.
    ///
    /// ```
    /// use tls_policy::{MissingGroups, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().missing_groups(MissingGroups::NoneShared).build()?;
    /// assert_eq!(p.missing_groups(), MissingGroups::NoneShared);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn missing_groups(mut self, missing: MissingGroups) -> Self {
        self.missing_groups = missing;
        self
    }

    /// Validates and compiles the policy.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy, PolicyError, ProtocolVersion, VersionSet};
    ///
    /// let no_group = Policy::builder("ecdhe")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    ///     .build();
    /// assert!(matches!(no_group, Err(PolicyError::NoGroupFor { .. })));
    /// ```
    pub fn build(self) -> Result<Policy, PolicyError> {
        let Self { id, description, versions, entries, groups, signature_schemes, preference, missing_groups } = self;
        if entries.is_empty() {
            return Err(PolicyError::NoSuites);
        }
        if versions.is_empty() {
            return Err(PolicyError::NoVersions);
        }
        if versions.contains(ProtocolVersion::SSLv3) {
            return Err(PolicyError::ProhibitedVersion { version: ProtocolVersion::SSLv3 });
        }
        if entries.len() > MAX_ENTRIES {
            return Err(PolicyError::TooManyEntries { count: entries.len(), max: MAX_ENTRIES });
        }
        if groups.len() > MAX_GROUPS {
            return Err(PolicyError::TooManyGroups { count: groups.len(), max: MAX_GROUPS });
        }
        for (i, g) in groups.iter().enumerate() {
            if g.info().is_none() {
                return Err(PolicyError::UnknownGroup { group: *g });
            }
            if groups[..i].contains(g) {
                return Err(PolicyError::DuplicateGroup { group: *g });
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            let info = entry.suite.info().ok_or(PolicyError::UnknownSuite { suite: entry.suite })?;
            if entries[..i].contains(entry) {
                return Err(PolicyError::DuplicateEntry { entry: *entry });
            }
            if info.versions().intersect(versions).is_empty() {
                return Err(PolicyError::EntryOutsideVersions { entry: *entry, valid: info.versions(), versions });
            }
            if let Some(group) = entry.group {
                if !info.kx().is_elliptic_curve() {
                    return Err(PolicyError::ConstraintOnNonEcSuite { entry: *entry });
                }
                if !groups.contains(&group) {
                    return Err(PolicyError::ConstraintOutsideGroups { entry: *entry, group });
                }
                let runs_in = info.versions().intersect(versions);
                if !is_ec_group(group) || !runs_in.iter().any(|v| usable_in(group, v)) {
                    return Err(PolicyError::ConstraintGroupUnusable { entry: *entry, group });
                }
            }
            let in_versions = info.versions().intersect(versions);
            if info.kx().is_elliptic_curve()
                && !groups.iter().any(|g| {
                    is_ec_group(*g) && g.info().is_some_and(|gi| !gi.versions().intersect(in_versions).is_empty())
                })
            {
                return Err(PolicyError::NoGroupFor { entry: *entry, needs: "an elliptic-curve" });
            }
            if info.kx() == KeyExchange::Any && !groups.iter().any(|g| usable_in(*g, ProtocolVersion::TLSv1_3)) {
                return Err(PolicyError::NoGroupFor { entry: *entry, needs: "a TLS 1.3" });
            }
        }
        for version in versions.iter() {
            if !entries.iter().any(|e| e.suite.info().is_some_and(|i| i.versions().contains(version))) {
                return Err(PolicyError::VersionWithoutSuites { version });
            }
        }
        let signature_schemes = signature_schemes.unwrap_or_else(default_signature_schemes);
        for (i, scheme) in signature_schemes.iter().enumerate() {
            if scheme.info().is_none() {
                return Err(PolicyError::UnknownSignatureScheme { scheme: *scheme });
            }
            if signature_schemes[..i].contains(scheme) {
                return Err(PolicyError::DuplicateSignatureScheme { scheme: *scheme });
            }
            let usable = [KeyType::Rsa, KeyType::Ecdsa].into_iter().any(|k| {
                [ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3]
                    .into_iter()
                    .any(|v| scheme_signs_with(*scheme, k, v))
            });
            if !usable {
                return Err(PolicyError::UnusableSignatureScheme { scheme: *scheme });
            }
        }
        let compiled = Box::new(Compiled::new(versions, &entries, &groups, &signature_schemes));
        Ok(Policy {
            id,
            description,
            versions,
            entries,
            groups,
            signature_schemes,
            preference,
            missing_groups,
            compiled,
        })
    }
}

/// Whether these are the schemes a policy file without the key gets, in that order (so leaving
/// them out of a written policy reads back the same).
fn is_recommended_signature_schemes(schemes: &[SignatureScheme]) -> bool {
    schemes == recommended_signature_schemes()
}

/// See [`Policy::recommended_groups`].
const RECOMMENDED_GROUPS: [NamedGroup; 3] = [NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1];

fn recommended_groups_vec() -> Vec<NamedGroup> {
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

/// Every scheme an RSA (rsaEncryption) or ECDSA key can sign with, SHA-1 and SHA-224 included.
pub(crate) fn default_signature_schemes() -> Vec<SignatureScheme> {
    SignatureScheme::all()
        .filter(|s| {
            matches!(
                s.algorithm(),
                SignatureAlgorithm::RsaPkcs1 | SignatureAlgorithm::RsaPssRsae | SignatureAlgorithm::Ecdsa
            ) && s.hash().is_some_and(|h| h != crate::model::registry::Hash::Md5)
                && !s.name().ends_with("_legacy")
                && !s.name().contains("brainpool")
        })
        .map(|s| s.scheme())
        .collect()
}

/// A group an ECDHE suite (TLS 1.0 to 1.2) can use: an elliptic curve, not FFDHE or a KEM.
pub(crate) fn is_ec_group(g: NamedGroup) -> bool {
    g.info().is_some_and(|i| matches!(i.kind(), GroupKind::PrimeCurve | GroupKind::BinaryCurve | GroupKind::Montgomery))
}

/// RFC 7919 §4: codes 256 to 511 are FFDHE groups, known or not.
pub(crate) const fn is_ffdhe_code(code: u16) -> bool {
    matches!(code, 256..=511)
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

/// Whether the group may be used in this version.
pub(crate) fn usable_in(g: NamedGroup, v: ProtocolVersion) -> bool {
    g.info().is_some_and(|i| i.versions().contains(v))
}

/// The key a suite's certificate must hold, if any key of ours can serve it.
pub(crate) fn needed_key(auth: Authentication) -> Option<KeyType> {
    match auth {
        Authentication::Rsa => Some(KeyType::Rsa),
        Authentication::Ecdsa => Some(KeyType::Ecdsa),
        _ => None,
    }
}

/// Whether a server holding `creds` can run this suite at all: the key exchange must be one
/// a certificate alone supports (no PSK, SRP, Kerberos, static DH/ECDH certificates), and the
/// certificate's key must match the suite's authentication (any key for TLS 1.3).
pub(crate) fn usable_with(info: &crate::model::suite::SuiteInfo, creds: Credentials) -> bool {
    match info.kx() {
        KeyExchange::Any => creds.0 != 0,
        KeyExchange::Rsa | KeyExchange::Dhe | KeyExchange::Ecdhe => match needed_key(info.auth()) {
            Some(key) => creds.holds(key),
            None => false, // anonymous or DSS: no such credential
        },
        _ => false,
    }
}

/// What a suite needs beyond a matching key, as the engine checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupNeed {
    /// Nothing (static RSA key transport).
    None,
    /// An elliptic curve (ECDHE, TLS 1.0 to 1.2).
    Ec,
    /// Finite-field DH under RFC 7919 rules (DHE).
    Ffdhe,
    /// Any group usable in TLS 1.3.
    Tls13,
}

pub(crate) fn group_need(info: &crate::model::suite::SuiteInfo) -> GroupNeed {
    match info.kx() {
        KeyExchange::Ecdhe | KeyExchange::Ecdh | KeyExchange::EcdhePsk | KeyExchange::Eccpwd => GroupNeed::Ec,
        KeyExchange::Dhe | KeyExchange::DhePsk => GroupNeed::Ffdhe,
        KeyExchange::Any => GroupNeed::Tls13,
        _ => GroupNeed::None,
    }
}

/// The key whose signature a suite's handshake carries in TLS 1.2 (ServerKeyExchange), if any:
/// static RSA key transport signs nothing.
pub(crate) fn signing_key(info: &crate::model::suite::SuiteInfo) -> Option<KeyType> {
    match info.kx() {
        KeyExchange::Dhe | KeyExchange::Ecdhe => needed_key(info.auth()),
        _ => None,
    }
}

/// Whether a server can sign its handshake with this scheme and a key of this type in this
/// version.
pub(crate) fn scheme_signs_with(scheme: SignatureScheme, key: KeyType, version: ProtocolVersion) -> bool {
    let Some(info) = scheme.info() else { return false };
    let tls13 = version == ProtocolVersion::TLSv1_3;
    // RFC 8734: the brainpool `tls13` schemes exist only in TLS 1.3. The `_legacy` PKCS#1
    // schemes are for TLS 1.3 client CertificateVerify only, never a server's handshake.
    if (info.name().contains("tls13") && !tls13) || info.name().ends_with("_legacy") {
        return false;
    }
    // RFC 8446 §4.2.3: PKCS#1 v1.5 and SHA-1 are not defined for TLS 1.3 handshake signatures.
    if tls13
        && (info.algorithm() == SignatureAlgorithm::RsaPkcs1
            || info.hash().is_some_and(|h| {
                matches!(h, crate::model::registry::Hash::Sha1 | crate::model::registry::Hash::Sha224)
            }))
    {
        return false;
    }
    match key {
        KeyType::Rsa => matches!(info.algorithm(), SignatureAlgorithm::RsaPkcs1 | SignatureAlgorithm::RsaPssRsae),
        KeyType::Ecdsa => info.algorithm() == SignatureAlgorithm::Ecdsa,
    }
}

/// The compiled form of a policy: bit sets and per-entry masks, so a decision is a handful of
/// mask operations plus one pass over the offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Compiled {
    /// One bit per cipher-suite code: is it in some entry?
    pub(crate) suite_bits: Box<[u64; 1024]>,
    /// Entries by suite code, in two levels: `pages[high byte]` is 0 or 1 + the index of a
    /// page in `slots`, whose `[low byte]` is 0 or 1 + the index of the mask in `masks`.
    pub(crate) pages: [u8; 256],
    pub(crate) slots: Vec<[u8; 256]>,
    pub(crate) masks: Vec<u128>,
    /// Entries valid in each version, by rank.
    pub(crate) valid_in: [u128; 5],
    /// Entries a server with these credentials can run, by [`Credentials::index`].
    pub(crate) usable_with: [u128; 4],
    /// Entries that need an elliptic curve / FFDHE / a TLS 1.3 group.
    pub(crate) needs_ec: u128,
    pub(crate) needs_ffdhe: u128,
    pub(crate) needs_tls13_group: u128,
    /// Entries constrained to the policy group of each index.
    pub(crate) constrained_to: Vec<u128>,
    /// Entries with any group constraint.
    pub(crate) constrained: u128,
    /// Derived, so a decision need not: entries that need no group; entries that take any
    /// elliptic curve (ECDHE, unconstrained); whether every shared group matters (some entry
    /// is constrained or does DHE, RFC 7919), not just the first usable one.
    pub(crate) needs_no_group: u128,
    pub(crate) any_curve: u128,
    pub(crate) every_group_matters: bool,
    /// Entries whose TLS 1.2 handshake an RSA / ECDSA key signs.
    pub(crate) signed_by_rsa: u128,
    pub(crate) signed_by_ecdsa: u128,
    /// Entries whose handshake nothing signs (static RSA key transport), derived.
    pub(crate) unsigned: u128,
    /// All entries.
    pub(crate) all: u128,
    /// For TLS 1.2 (`[0]`) and TLS 1.3 (`[1]`), by scheme code (codes up to 0x0FFF; no
    /// registered scheme is higher): which keys may sign with it, bit 0 RSA, bit 1 ECDSA.
    pub(crate) signers: Box<[[u8; 0x1000]; 2]>,
    /// The policy's groups with, for each, whether it is an elliptic curve, whether it is an
    /// FFDHE group, and the versions it may be used in.
    pub(crate) group_facts: Vec<GroupFacts>,
}

impl Compiled {
    fn new(versions: VersionSet, entries: &[Entry], groups: &[NamedGroup], schemes: &[SignatureScheme]) -> Self {
        let mut c = Self {
            suite_bits: Box::new([0; 1024]),
            pages: [0; 256],
            slots: Vec::new(),
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
            all: 0,
            signers: Box::new([[0; 0x1000]; 2]),
            group_facts: groups
                .iter()
                .map(|g| GroupFacts {
                    code: g.get(),
                    ec: is_ec_group(*g),
                    ffdhe: is_ffdhe_code(g.get()),
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
                let keys = u8::from(scheme_signs_with(scheme, KeyType::Rsa, version))
                    | u8::from(scheme_signs_with(scheme, KeyType::Ecdsa, version)) << 1;
                c.signers[t][usize::from(code)] = keys;
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            let bit = 1u128 << i;
            let Some(info) = entry.suite.info() else { continue };
            let code = u16::from(entry.suite);
            c.suite_bits[usize::from(code >> 6)] |= 1 << (code & 63);
            c.add_suite_entry(code, bit);
            for v in info.versions().intersect(versions).iter() {
                if let Some(rank) = v.rank() {
                    c.valid_in[usize::from(rank)] |= bit;
                }
            }
            for (index, creds) in [(1, Credentials::RSA), (2, Credentials::ECDSA), (3, Credentials::RSA_AND_ECDSA)] {
                if usable_with(info, creds) {
                    c.usable_with[index] |= bit;
                }
            }
            match group_need(info) {
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
            match signing_key(info) {
                Some(KeyType::Rsa) => c.signed_by_rsa |= bit,
                Some(KeyType::Ecdsa) => c.signed_by_ecdsa |= bit,
                None => {}
            }
            c.all |= bit;
        }
        c.needs_no_group = !(c.needs_ec | c.needs_ffdhe | c.needs_tls13_group);
        c.any_curve = c.needs_ec & !c.constrained;
        c.every_group_matters = c.constrained != 0 || c.needs_ffdhe != 0;
        c.unsigned = !(c.signed_by_rsa | c.signed_by_ecdsa | c.needs_tls13_group);
        c
    }

    /// Whether some entry has this suite.
    #[inline]
    pub(crate) fn has_suite(&self, code: u16) -> bool {
        self.suite_bits[usize::from(code >> 6)] & (1 << (code & 63)) != 0
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

    /// The entries with this suite (0 when none).
    #[inline]
    pub(crate) fn entries_of(&self, code: u16) -> u128 {
        let [high, low] = code.to_be_bytes();
        let page = usize::from(self.pages[usize::from(high)]);
        let Some(slot) = page.checked_sub(1).and_then(|p| self.slots.get(p)) else { return 0 };
        usize::from(slot[usize::from(low)]).checked_sub(1).and_then(|m| self.masks.get(m)).copied().unwrap_or(0)
    }

    /// Records that entry `bit` has suite `code`. A policy has at most 128 entries, so page
    /// and mask indices fit in a byte.
    fn add_suite_entry(&mut self, code: u16, bit: u128) {
        let [high, low] = code.to_be_bytes();
        let page = match self.pages[usize::from(high)] {
            0 => {
                self.slots.push([0; 256]);
                let index = u8::try_from(self.slots.len()).unwrap_or(u8::MAX);
                self.pages[usize::from(high)] = index;
                index
            }
            index => index,
        };
        let slot = &mut self.slots[usize::from(page) - 1];
        match slot[usize::from(low)] {
            0 => {
                self.masks.push(bit);
                slot[usize::from(low)] = u8::try_from(self.masks.len()).unwrap_or(u8::MAX);
            }
            index => self.masks[usize::from(index) - 1] |= bit,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Named policies.

const NAMED: [&str; 11] = [
    "dps-tls12",
    "dps-legacy-security",
    "dps-legacy-performance",
    "dps-2024",
    "iot-hub",
    "mozilla-modern",
    "mozilla-intermediate",
    "mozilla-old",
    "mozilla-old-5.7",
    "nist-800-52r2",
    "bsi-tr-02102-2",
];

fn catalog(id: &str) -> &'static Catalog {
    // The ids are the crate's own; a missing one is a bug caught by the named-policy tests.
    Catalog::get(id).unwrap_or_else(|| unreachable!("catalog {id} is shipped"))
}

fn named(id: &str) -> Result<Policy, PolicyError> {
    use NamedGroup as G;
    use ProtocolVersion as V;
    let dps_groups = [G::secp256r1, G::secp384r1];
    let builder = match id {
        "dps-tls12" => Policy::builder(id)
            .description(
                "DPS instance created with minTlsVersion 1.2, as the DPS TLS page of 2020-09-14 \
                 describes it: TLS 1.2 only, recommended then ECC suites, in server order; the page \
                 names no groups, so P-256 and P-384, the curves of its _P256/_P384 suites",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("dps-recommended"))
            .catalog(catalog("dps-ecc"))
            .groups(dps_groups),
        // The two legacy policies differ only in which ordering of the legacy list they take.
        "dps-legacy-security" | "dps-legacy-performance" => {
            let (option, description) = if id == "dps-legacy-security" {
                (
                    "dps-legacy-1",
                    "DPS instance without minTlsVersion (the default), as the DPS TLS page of 2020-09-14 \
                     describes it: TLS 1.0 to 1.2, recommended, ECC, legacy option #1, ECC \
                     legacy suites, in server order; P-256 and P-384",
                )
            } else {
                (
                    "dps-legacy-2",
                    "DPS instance without minTlsVersion, as the DPS TLS page of 2020-09-14 \
                     describes it, legacy option #2 (better performance): TLS 1.0 to 1.2, in server \
                     order; P-256 and P-384",
                )
            };
            Policy::builder(id)
                .description(description)
                .versions(VersionSet::between(V::TLSv1_0, V::TLSv1_2))
                .catalog(catalog("dps-recommended"))
                .catalog(catalog("dps-ecc"))
                .catalog(catalog(option))
                .catalog(catalog("dps-ecc-legacy"))
                .groups(dps_groups)
        }
        // The page of 2024 says nothing of order or groups: the 2020 page's server order and curves.
        "dps-2024" => Policy::builder(id)
            .description(
                "DPS as the DPS TLS page of 2024-11-27 describes every instance: TLS 1.2 only, the \
                 recommended then the legacy suites (option #1, the page's first ordering), no ECC \
                 device-authentication suites; the page names no order or groups, so the 2020 page's \
                 server order and P-256 and P-384",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("dps-2024-recommended"))
            .catalog(catalog("dps-2024-legacy-1"))
            .groups(dps_groups),
        // The page: IoT Hub "tries to follow the preference of the client", and an ECDHE client
        // "must provide the `supported_groups` extension ... with a valid group".
        "iot-hub" => Policy::builder(id)
            .description(
                "Azure IoT Hub's classic <hub>.azure-devices.net endpoint, as the IoT Hub TLS page of \
                 2026-05-26 describes it: TLS 1.2 with its eight suites (the ECDSA ones only in public \
                 cloud regions), in client order; a client without supported_groups shares no group. \
                 The <hub>.device.azure-devices.net endpoint offers TLS 1.3 (preview) beside a \
                 restricted TLS 1.2, but the page names no TLS 1.3 suites, so none is here; it names no \
                 groups either, so P-256 and P-384 are assumed",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("iot-hub"))
            .groups(dps_groups)
            .preference(Preference::Client)
            .missing_groups(MissingGroups::NoneShared),
        "mozilla-modern" | "mozilla-intermediate" | "mozilla-old" | "mozilla-old-5.7" => {
            let c = catalog(id);
            Policy::builder(id)
                .description(format!(
                    "{}: the Mozilla guidelines file of {} ({})",
                    c.title(),
                    c.date(),
                    if id == "mozilla-old" {
                        "the newest edition with an old configuration"
                    } else if id == "mozilla-old-5.7" {
                        "the old configuration before 5.8"
                    } else {
                        "the newest edition"
                    }
                ))
                .versions(c.versions())
                .catalog(c)
                .groups(c.groups().iter().copied())
                // Guidelines 6.0 set server_preferred_order false; 5.7 and 5.8 "old" set it true.
                .preference(if id.starts_with("mozilla-old") { Preference::Server } else { Preference::Client })
        }
        "nist-800-52r2" => Policy::builder(id)
            .description(
                "NIST SP 800-52 Rev. 2 (2019-08-29) for government servers: TLS 1.2 and 1.3, its 60 \
                 section 3.3.1 suites, which agree with two independent transcriptions; its groups, PSK \
                 suites and signature schemes are not verified against the document (the groups and \
                 signature schemes here are the crate's reading)",
            )
            .versions(VersionSet::between(V::TLSv1_2, V::TLSv1_3))
            .catalog(catalog(id))
            // The crate's reading of the document's curves and RFC 7919 groups, not verified
            // against it (the catalog says so).
            .groups([G::secp256r1, G::secp384r1, G::secp521r1, G::ffdhe2048, G::ffdhe3072, G::ffdhe4096])
            // The document's order is not a preference order.
            .preference(Preference::Client),
        "bsi-tr-02102-2" => Policy::builder(id)
            .description(
                "BSI TR-02102-2, edition 2023-01: TLS 1.2 and 1.3 with the suites of its tables 1 and 11 \
                 (the 2026-01 edition renumbers its tables); everything beyond those suite lists, the \
                 groups and signature schemes here included, is not verified against the document",
            )
            .versions(VersionSet::between(V::TLSv1_2, V::TLSv1_3))
            .catalog(catalog(id))
            // Not verified against the document (the catalog says so).
            .groups([
                G::secp256r1,
                G::secp384r1,
                G::brainpoolP256r1,
                G::brainpoolP384r1,
                G::brainpoolP512r1,
                G::brainpoolP256r1tls13,
                G::brainpoolP384r1tls13,
                G::brainpoolP512r1tls13,
                G::ffdhe3072,
                G::ffdhe4096,
            ])
            .preference(Preference::Client),
        _ => {
            return Err(PolicyError::UnknownPolicy {
                input: id.to_owned(),
                suggestion: crate::model::error::nearest(id, NAMED.iter().copied()),
            });
        }
    };
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_policy_builds() {
        for id in NAMED {
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
            ok().entry(Entry::with_group(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256, NamedGroup::secp256r1)).build(),
            Err(PolicyError::ConstraintOnNonEcSuite { .. })
        ));
        assert!(matches!(
            ok().entry(Entry::with_group(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, NamedGroup::secp384r1))
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
                .entry(Entry::with_group(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, NamedGroup::ffdhe2048))
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
        let too_many = Policy::builder("t").versions(v12).entries((0..129).map(|i| Entry::new(CipherSuite::from(i))));
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
}
