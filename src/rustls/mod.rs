//! rustls configs from a policy: the one module that names rustls types.
//!
//! rustls implements far less than the TLS registries hold (its manual's
//! [feature list](https://docs.rs/rustls/0.23/rustls/manual/_04_features/index.html), rustls 0.23): TLS 1.2 and 1.3
//! only, AEAD suites with ECDHE (no CBC, no static RSA, no DHE), no per-suite curves, a
//! `supported_groups` extension required, no SHA-1 or SHA-224 handshake signatures, and an
//! ECDSA key that signs with its own curve's scheme only. A [`Realizer`] says so rather than
//! drop anything silently: in [`Enforcement::Strict`] every such gap is an error; in
//! [`Enforcement::Lenient`] the config is built from the part rustls can enforce, and its
//! [`Report`] lists what was dropped and gives the *effective policy*: the policy the built
//! config really enforces, which [`negotiate`](crate::negotiate()) evaluates exactly.
//!
//! ```
//! # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
//! use tls_policy::Policy;
//! use tls_policy::rustls::{Gap, Realizer};
//!
//! let dps = Policy::named("dps-legacy-security")?;
//! let report = Realizer::new(&dps).report()?;
//! // TLS 1.0 and 1.1, CBC and static-RSA suites cannot be enforced by rustls.
//! assert!(report.gaps().iter().any(|g| matches!(g, Gap::Version { .. })));
//! assert_eq!(report.effective().entries().len(), 4); // the four ECDHE AES-GCM suites
//! // Strict mode refuses, naming every gap.
//! assert!(Realizer::new(&dps).strict().report().is_err());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With [`Realizer::client_auth`] every server config verifies device certificates (mutual
//! TLS, as Azure IoT DPS X.509 attestation does): a [`DeviceIdentity`] names the device
//! from its certificate, a [`DeviceRefusal`] says in words why one was refused; a device
//! presents its own with [`Realizer::device_config`].
//!
//! A [`Screen`] decides with the engine on the raw ClientHello before rustls sees it, so a
//! TLS 1.0 device is refused with `protocol_version` (70), as DPS does, where rustls alone
//! would answer `handshake_failure` (40).

#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
mod audit;
mod blocking;
mod client_auth;
mod convert;
mod identity;
mod realize;
mod screen;
mod signing;
#[cfg(feature = "tokio")]
mod tokio;

use core::fmt;

use crate::model::key::KeyType;
use crate::model::suite::SuiteEntry;
use crate::policy::PolicyError;
use crate::{NamedGroup, ProtocolVersion, SignatureScheme};

#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
pub use audit::{audit, audit_against};
pub use blocking::{ScreenError, Screened};
pub use client_auth::{ClientAuth, ClientAuthError, DeviceRefusal};
pub use identity::{DeviceIdentity, DeviceKey, IdentityError};
#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
pub use realize::default_provider;
pub use realize::{Realized, Realizer, Report};
pub use screen::{
    Admission, AlertRecord, Decision, Disagreement, HANDSHAKE_TIMEOUT, HELLO_DEADLINE, MAX_HELLO, Progress, Rejection,
    Screen, Screening,
};
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use tokio::AsyncScreened;

/// What a [`Realizer`] does with what rustls cannot enforce.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Enforcement, Realizer};
///
/// let dps = Policy::named("dps-tls12")?; // lists CBC suites, which rustls lacks
/// assert!(Realizer::new(&dps).enforcement(Enforcement::Lenient).report().is_ok());
/// assert!(Realizer::new(&dps).enforcement(Enforcement::Strict).report().is_err());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Enforcement {
    /// Build the enforceable part and report the rest ([`Report::gaps`]).
    #[default]
    Lenient,
    /// Refuse to build unless the config enforces exactly the policy.
    Strict,
}

/// Why rustls cannot offer a cipher suite.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::{CipherSuite, Policy};
/// use tls_policy::rustls::{Gap, Realizer, SuiteGap};
///
/// let report = Realizer::new(&Policy::named("dps-legacy-security")?).report()?;
/// let why = |suite| report.gaps().iter().find_map(|g| match g {
///     Gap::Suite { entry, why } if entry.suite == suite => Some(*why),
///     _ => None,
/// });
/// assert_eq!(why(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384), Some(SuiteGap::Cbc));
/// assert_eq!(why(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256), Some(SuiteGap::StaticRsa));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SuiteGap {
    /// Static RSA key transport: no forward secrecy; rustls never implemented it.
    StaticRsa,
    /// Finite-field DHE: not in rustls's providers.
    FiniteFieldDhe,
    /// CBC (MAC-then-encrypt): rustls implements AEAD suites only.
    Cbc,
    /// A suite the crypto provider in use does not ship.
    NotInProvider,
}

impl fmt::Display for SuiteGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StaticRsa => "static RSA key transport is not implemented by rustls",
            Self::FiniteFieldDhe => "finite-field DHE is not in rustls's crypto providers",
            Self::Cbc => "CBC (MAC-then-encrypt) suites are not implemented by rustls",
            Self::NotInProvider => "the crypto provider does not ship this suite",
        })
    }
}

/// One part of a policy a rustls config cannot enforce, and what to change.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::{Policy, ProtocolVersion};
/// use tls_policy::rustls::{Gap, Realizer};
///
/// let report = Realizer::new(&Policy::named("dps-legacy-security")?).report()?;
/// let tls10 = Gap::Version { version: ProtocolVersion::TLSv1_0 };
/// assert!(report.gaps().contains(&tls10));
/// assert!(tls10.to_string().contains("remove it from the versions"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Gap {
    /// A protocol version rustls does not implement (it has TLS 1.2 and 1.3).
    Version {
        /// The version.
        version: ProtocolVersion,
    },
    /// A version left without any suite rustls can offer.
    VersionWithoutSuites {
        /// The version.
        version: ProtocolVersion,
    },
    /// An entry whose suite rustls cannot offer.
    Suite {
        /// The entry.
        entry: SuiteEntry,
        /// Why.
        why: SuiteGap,
    },
    /// An entry tied to one group: rustls picks groups for the connection, not per suite, so
    /// the entry is dropped rather than widened to every group.
    GroupConstraint {
        /// The entry.
        entry: SuiteEntry,
    },
    /// An entry left without any group rustls can use for it.
    NoGroupFor {
        /// The entry.
        entry: SuiteEntry,
    },
    /// A key-exchange group the crypto provider does not ship.
    Group {
        /// The group.
        group: NamedGroup,
    },
    /// A signature scheme of a key type the server holds that its key does not sign with in
    /// rustls (SHA-1 and SHA-224 never; an ECDSA key only with its own curve's scheme).
    /// Schemes of key types the server does not hold are not gaps
    /// ([`Report::schemes_for_other_keys`]).
    SignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// A signature scheme a client config's server-certificate verifier cannot check, so the
    /// client does not offer it.
    VerifierScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// rustls ignores `TLS_FALLBACK_SCSV` (RFC 7507): a config offering TLS 1.2 and 1.3 lets
    /// a client that fell back to TLS 1.2 in, where the policy refuses it with
    /// `inappropriate_fallback` (86). A [`Screen`] enforces it.
    FallbackScsv,
    /// The policy lets a TLS 1.2 client without `supported_groups` use any curve (RFC 8422
    /// §4); rustls refuses such a client.
    MissingGroupsAny,
}

impl Gap {
    /// The policy entry this gap drops, if it is about one.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, SuiteEntry, ProtocolVersion};
    /// use tls_policy::rustls::{Gap, SuiteGap};
    ///
    /// let entry = SuiteEntry::from(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA);
    /// assert_eq!(Gap::Suite { entry, why: SuiteGap::Cbc }.entry(), Some(&entry));
    /// assert_eq!(Gap::Version { version: ProtocolVersion::TLSv1_1 }.entry(), None);
    /// ```
    pub const fn entry(&self) -> Option<&SuiteEntry> {
        match self {
            Self::Suite { entry, .. } | Self::GroupConstraint { entry } | Self::NoGroupFor { entry } => Some(entry),
            _ => None,
        }
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version { version } => {
                write!(f, "{version}: rustls implements TLS 1.2 and 1.3 only; remove it from the versions")
            }
            Self::VersionWithoutSuites { version } => {
                write!(f, "{version}: none of its suites can be offered by rustls; remove it or add AEAD suites")
            }
            Self::Suite { entry, why } => write!(f, "{entry}: {why}; remove the entry"),
            Self::GroupConstraint { entry } => {
                write!(f, "{entry}: rustls cannot tie a suite to one group; remove the constraint or the entry")
            }
            Self::NoGroupFor { entry } => {
                write!(f, "{entry}: no group rustls can use for it is left; add secp256r1 or x25519")
            }
            Self::Group { group } => {
                write!(f, "group {group}: the crypto provider does not ship it; remove it from the groups")
            }
            Self::SignatureScheme { scheme } => {
                write!(f, "{scheme}: rustls does not sign with it using the keys held; remove it from the schemes")
            }
            Self::VerifierScheme { scheme } => {
                write!(
                    f,
                    "{scheme}: the verifier cannot check it, so the client does not offer it; remove it from the schemes"
                )
            }
            Self::FallbackScsv => f.write_str(
                "TLS_FALLBACK_SCSV: rustls ignores it (RFC 7507); screen connections with a Screen to refuse fallbacks",
            ),
            Self::MissingGroupsAny => f.write_str(
                "without supported_groups: rustls refuses such a TLS 1.2 client; set missing-groups to none-shared",
            ),
        }
    }
}

/// A config that cannot be built, and what to change.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::Policy;
/// use tls_policy::rustls::{ConfigError, Realizer};
///
/// let dps = Policy::named("dps-tls12")?;
/// match Realizer::new(&dps).strict().report() {
///     Err(ConfigError::Unenforceable { policy, gaps }) => assert!(policy == "dps-tls12" && !gaps.is_empty()),
///     other => panic!("expected a strict refusal, got {other:?}"),
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Strict mode: the policy asks for what rustls cannot enforce.
    #[error("policy {policy} cannot be enforced exactly by rustls:{}", list(gaps))]
    Unenforceable {
        /// The policy id.
        policy: String,
        /// Every gap.
        gaps: Vec<Gap>,
    },
    /// Nothing of the policy is left for rustls to enforce.
    #[error("policy {policy}: rustls can enforce none of it:{}", list(gaps))]
    NothingEnforceable {
        /// The policy id.
        policy: String,
        /// Every gap.
        gaps: Vec<Gap>,
    },
    /// No entry rustls can enforce authenticates with the server's key.
    #[error(
        "policy {policy}: no suite rustls can enforce is usable with {key} keys; \
         use a certificate of another key type or add suites for {key}"
    )]
    KeyUnusable {
        /// The policy id.
        policy: String,
        /// The key type.
        key: KeyType,
    },
    /// A key that can sign with none of the policy's signature schemes in its versions, so
    /// every handshake would fail.
    #[error(
        "policy {policy}: the {key} key signs with none of the policy's signature schemes \
         (in rustls it signs with {could}); add one of those to the policy"
    )]
    NoSchemeForKey {
        /// The policy id.
        policy: String,
        /// The key type.
        key: KeyType,
        /// The schemes the key can sign with in rustls.
        could: String,
    },
    /// No certificate and key at all.
    #[error("no certificate and key given; give at least one")]
    NoKeys,
    /// A key the policy model has no credential for (Ed25519, Ed448).
    #[error("the private key is {algorithm}; tls-policy models RSA and ECDSA server keys only")]
    UnsupportedKey {
        /// The key's algorithm as rustls names it.
        algorithm: String,
    },
    /// Two keys of one type: a screen holds at most one per type.
    #[error("two {key} keys given; give at most one per key type")]
    DuplicateKeyType {
        /// The key type.
        key: KeyType,
    },
    /// The certificate chain is empty.
    #[error("the certificate chain is empty; give the end-entity certificate first")]
    NoCertificate,
    /// The private key is not the one the certificate was issued for.
    #[error("the private key does not match the certificate's public key; give the key the certificate was issued for")]
    KeyMismatch,
    /// The private key could not be loaded.
    #[error("the private key could not be loaded: {0}")]
    Key(::rustls::Error),
    /// The effective policy failed validation (a bug: please report it with the policy).
    #[error("the effective policy is invalid: {0}")]
    Effective(PolicyError),
    /// The client-auth setting cannot be used (see [`Realizer::client_auth`]).
    #[error("client authentication: {0}")]
    ClientAuth(#[from] ClientAuthError),
    /// rustls refused the config.
    #[error("rustls refused the config: {0}")]
    Rustls(#[from] ::rustls::Error),
}

fn list(gaps: &[Gap]) -> String {
    gaps.iter().map(|g| format!("\n  - {g}")).collect()
}
