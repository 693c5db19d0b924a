//! rustls configs from a policy: the one module that names rustls types.
//!
//! rustls implements far less than the TLS registries hold (its manual's
//! [feature list](https://docs.rs/rustls/0.23/rustls/manual/_04_features/index.html), rustls 0.23): TLS 1.2 and 1.3
//! only, AEAD suites with ECDHE (no CBC, no static RSA, no DHE), no per-suite curves, a
//! `supported_groups` extension required, no SHA-1 or SHA-224 handshake signatures, and an
//! ECDSA key that signs with its own curve's scheme only. A [`Realizer`] says so rather than
//! drop anything silently: in [`Mode::Strict`] every such gap is an error; in
//! [`Mode::Lenient`] the config is built from the part rustls can enforce, and its
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
//! A [`Screen`] decides with the engine on the raw ClientHello before rustls sees it, so a
//! TLS 1.0 device is refused with `protocol_version` (70), as DPS does, where rustls alone
//! would answer `handshake_failure` (40).

use core::fmt;
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ::rustls::client::WebPkiServerVerifier;
use ::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use ::rustls::crypto::CryptoProvider;
use ::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, SubjectPublicKeyInfoDer, UnixTime};
use ::rustls::server::{Acceptor, ClientHello as RustlsHello, ResolvesServerCert};
use ::rustls::sign::{CertifiedKey, Signer, SigningKey};
use ::rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, ServerConfig, ServerConnection};

#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
mod audit;
#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
pub use audit::{audit, audit_against};

use crate::engine::negotiate::negotiate;
use crate::engine::verdict::{Agreement, Alert, Refusal};
use crate::hello::{ClientHello, HelloError};
use crate::model::suite::{Entry, KeyExchange, Mode as CipherMode};
use crate::policy::{Credentials, KeyType, MissingGroups, Policy, PolicyError, usable_with};
use crate::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme, VersionSet};

/// What a [`Realizer`] does with what rustls cannot enforce.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Mode, Realizer};
///
/// let dps = Policy::named("dps-tls12")?; // lists CBC suites, which rustls lacks
/// assert!(Realizer::new(&dps).mode(Mode::Lenient).report().is_ok());
/// assert!(Realizer::new(&dps).mode(Mode::Strict).report().is_err());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
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
        entry: Entry,
        /// Why.
        why: SuiteGap,
    },
    /// An entry tied to one group: rustls picks groups for the connection, not per suite, so
    /// the entry is dropped rather than widened to every group.
    GroupConstraint {
        /// The entry.
        entry: Entry,
    },
    /// An entry left without any group rustls can use for it.
    NoGroupFor {
        /// The entry.
        entry: Entry,
    },
    /// A key-exchange group the crypto provider does not ship.
    Group {
        /// The group.
        group: NamedGroup,
    },
    /// A signature scheme none of the server's keys signs with in rustls (SHA-1 and SHA-224
    /// never; an ECDSA key only with its own curve's scheme), or the client's verifier lacks.
    SignatureScheme {
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
    /// use tls_policy::{CipherSuite, Entry, ProtocolVersion};
    /// use tls_policy::rustls::{Gap, SuiteGap};
    ///
    /// let entry = Entry::from(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA);
    /// assert_eq!(Gap::Suite { entry, why: SuiteGap::Cbc }.entry(), Some(&entry));
    /// assert_eq!(Gap::Version { version: ProtocolVersion::TLSv1_1 }.entry(), None);
    /// ```
    pub const fn entry(&self) -> Option<&Entry> {
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
    /// rustls refused the config.
    #[error("rustls refused the config: {0}")]
    Rustls(#[from] ::rustls::Error),
}

fn list(gaps: &[Gap]) -> String {
    gaps.iter().map(|g| format!("\n  - {g}")).collect()
}

/// What a config realizes of a policy.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::{Policy, ProtocolVersion};
/// use tls_policy::rustls::Realizer;
///
/// let report = Realizer::new(&Policy::named("dps-legacy-security")?).report()?;
/// assert!(report.policy().versions().contains(ProtocolVersion::TLSv1_0));
/// assert!(!report.effective().versions().contains(ProtocolVersion::TLSv1_0));
/// assert!(!report.is_exact());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    policy: Policy,
    effective: Policy,
    gaps: Vec<Gap>,
    keys: Option<Credentials>,
}

impl Report {
    /// The policy asked for.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// let dps = Policy::named("dps-tls12")?;
    /// assert_eq!(Realizer::new(&dps).report()?.policy(), &dps);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy the config really enforces: evaluate it with
    /// [`negotiate`](crate::negotiate()) to predict the config's handshakes.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{negotiate, CipherSuite, Credentials, Offer, Policy, ProtocolVersion};
    /// use tls_policy::rustls::Realizer;
    ///
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// // A CBC-only device: the policy accepts it, the rustls config will not.
    /// let cbc = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256];
    /// let device = Offer::new(ProtocolVersion::TLSv1_2, &cbc);
    /// assert!(negotiate(report.policy(), &device, Credentials::RSA).is_ok());
    /// assert!(negotiate(report.effective(), &device, Credentials::RSA).is_err());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn effective(&self) -> &Policy {
        &self.effective
    }

    /// Everything of the policy the config does not enforce, in the policy's order.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::{Gap, Realizer}};
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// assert!(report.gaps().contains(&Gap::MissingGroupsAny));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }

    /// The server's key types, for a server config.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// // A report without a server key has no key types; `server_config` gives them.
    /// assert_eq!(Realizer::new(&Policy::named("dps-tls12")?).report()?.keys(), None);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn keys(&self) -> Option<Credentials> {
        self.keys
    }

    /// Why this entry of the policy is not enforced, or `None` when it is.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{CipherSuite, Entry, Policy};
    /// use tls_policy::rustls::Realizer;
    ///
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// let gcm = Entry::from(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    /// let cbc = Entry::from(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384);
    /// assert!(report.entry_gap(&gcm).is_none());
    /// assert!(report.entry_gap(&cbc).is_some());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry_gap(&self, entry: &Entry) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.entry() == Some(entry))
    }

    /// Whether the config enforces exactly the policy.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{CipherSuite, MissingGroups, NamedGroup, Policy, ProtocolVersion, SignatureScheme, VersionSet};
    /// use tls_policy::rustls::Realizer;
    ///
    /// let policy = Policy::builder("aead-only")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    ///     .group(NamedGroup::secp256r1)
    ///     .signature_schemes([SignatureScheme::rsa_pss_rsae_sha256])
    ///     .missing_groups(MissingGroups::NoneShared)
    ///     .build()?;
    /// assert!(Realizer::new(&policy).report()?.is_exact());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_exact(&self) -> bool {
        self.gaps.is_empty()
    }
}

/// A built config and its report.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::{Credentials, Policy};
/// use tls_policy::rustls::Realizer;
///
/// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
/// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
/// let realized = Realizer::new(&Policy::named("dps-tls12")?).server_config(vec![cert.der().clone()], der.into())?;
/// assert_eq!(realized.report.keys(), Some(Credentials::ECDSA));
/// assert!(realized.config.alpn_protocols.is_empty()); // still yours to set up
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Realized<T> {
    /// The config, ready for rustls.
    pub config: Arc<T>,
    /// What it enforces of the policy.
    pub report: Report,
}

/// The crypto provider of the crate's provider feature: aws-lc-rs when `aws-lc-rs` is on,
/// else ring.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// let provider = tls_policy::rustls::default_provider();
/// assert!(!provider.cipher_suites.is_empty() && !provider.kx_groups.is_empty());
/// # }
/// ```
#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
pub fn default_provider() -> CryptoProvider {
    #[cfg(feature = "aws-lc-rs")]
    return ::rustls::crypto::aws_lc_rs::default_provider();
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    return ::rustls::crypto::ring::default_provider();
}

/// Builds rustls configs that enforce a policy.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use tls_policy::{Policy, ProtocolVersion, VersionSet};
/// use tls_policy::rustls::Realizer;
///
/// let report = Realizer::new(&Policy::named("dps-legacy-performance")?).report()?;
/// assert_eq!(report.effective().versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Realizer<'p> {
    policy: &'p Policy,
    provider: Arc<CryptoProvider>,
    mode: Mode,
}

impl<'p> Realizer<'p> {
    /// A lenient realizer with the [default provider](default_provider).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// assert!(Realizer::new(&Policy::named("iot-hub")?).report().is_ok());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
    pub fn new(policy: &'p Policy) -> Self {
        Self::with_provider(policy, Arc::new(default_provider()))
    }

    /// A lenient realizer with this crypto provider (its suites and groups bound what can
    /// be realized).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::sync::Arc;
    /// use tls_policy::{Policy, rustls::{Gap, Realizer, default_provider}};
    ///
    /// // A provider without the suites the policy needs: every entry becomes a gap.
    /// let bare = rustls::crypto::CryptoProvider { cipher_suites: Vec::new(), ..default_provider() };
    /// let dps = Policy::named("dps-tls12")?;
    /// assert!(Realizer::with_provider(&dps, Arc::new(bare)).report().is_err());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_provider(policy: &'p Policy, provider: Arc<CryptoProvider>) -> Self {
        Self { policy, provider, mode: Mode::Lenient }
    }

    /// Refuse to build unless the config enforces exactly the policy.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// let error = Realizer::new(&Policy::named("dps-tls12")?).strict().report().unwrap_err();
    /// assert!(error.to_string().starts_with("policy dps-tls12 cannot be enforced exactly by rustls"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn strict(mut self) -> Self {
        self.mode = Mode::Strict;
        self
    }

    /// Sets the mode.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::{Mode, Realizer}};
    /// let dps = Policy::named("dps-tls12")?;
    /// assert!(Realizer::new(&dps).strict().mode(Mode::Lenient).report().is_ok());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// What a config would realize, leaving signature schemes as the policy has them (they
    /// depend on the keys: see [`server_config`](Self::server_config)).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// // The four CBC suites are dropped; the four AES-GCM suites stay.
    /// assert_eq!(report.effective().entries().len(), 4);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn report(&self) -> Result<Report, ConfigError> {
        let schemes = self.policy.signature_schemes().to_vec();
        self.realize(schemes, Vec::new(), None, false, false)
    }

    /// A server config for one certificate chain (end-entity first) and its private key.
    ///
    /// ```no_run
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::net::TcpListener;
    /// use tls_policy::{Policy, rustls::Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?;
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    /// let realized = Realizer::new(&Policy::named("dps-tls12")?).server_config(vec![cert.der().clone()], der.into())?;
    /// let (mut tcp, _) = TcpListener::bind("127.0.0.1:8443")?.accept()?;
    /// let mut tls = rustls::ServerConnection::new(realized.config)?;
    /// tls.complete_io(&mut tcp)?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn server_config(
        &self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<Realized<ServerConfig>, ConfigError> {
        let key = self.load_key(chain, key)?;
        let (realized, _) = self.server_for(&[key], false)?;
        let config = realized.into_iter().next().ok_or(ConfigError::NoCertificate)?;
        Ok(config)
    }

    /// A client config verifying servers against these roots (webpki), offering the policy.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet, rustls::Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?;
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let mut roots = rustls::RootCertStore::empty();
    /// roots.add(cert.der().clone())?;
    /// let realized = Realizer::new(&Policy::named("dps-tls12")?).client_config(roots)?;
    /// assert_eq!(realized.report.effective().versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_config(&self, roots: RootCertStore) -> Result<Realized<ClientConfig>, ConfigError> {
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&self.provider))
            .build()
            .map_err(|e| ConfigError::Rustls(::rustls::Error::General(e.to_string())))?;
        self.client_config_with_verifier(verifier)
    }

    /// A client config with this verifier; the signature schemes offered are the policy's
    /// that the verifier supports, and the verifier is held to them.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::sync::Arc;
    /// use tls_policy::{Policy, rustls::{Realizer, default_provider}};
    ///
    /// let key = rcgen::KeyPair::generate()?;
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let mut roots = rustls::RootCertStore::empty();
    /// roots.add(cert.der().clone())?;
    /// let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::new(default_provider())).build()?;
    /// let realized = Realizer::new(&Policy::named("dps-tls12")?).client_config_with_verifier(verifier)?;
    /// assert!(!realized.report.effective().signature_schemes().is_empty());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_config_with_verifier(
        &self,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> Result<Realized<ClientConfig>, ConfigError> {
        let supported: Vec<u16> = verifier.supported_verify_schemes().into_iter().map(u16::from).collect();
        let (keep, drop): (Vec<_>, Vec<_>) =
            self.policy.signature_schemes().iter().partition(|s| supported.contains(&s.get()));
        let gaps = drop.into_iter().map(|scheme| Gap::SignatureScheme { scheme }).collect();
        let report = self.realize(keep, gaps, None, true, true)?;
        let schemes = to_rustls_schemes(report.effective.signature_schemes());
        let provider = self.provider_for(&report.effective);
        let config = ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&versions_of(&report.effective))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PolicyVerifier { inner: verifier, schemes }))
            .with_no_client_auth();
        Ok(Realized { config: Arc::new(config), report })
    }

    /// Loads a key and checks it against its certificate.
    fn load_key(
        &self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<(KeyType, CertifiedKey), ConfigError> {
        if chain.is_empty() {
            return Err(ConfigError::NoCertificate);
        }
        let signing = self.provider.key_provider.load_private_key(key).map_err(ConfigError::Key)?;
        let key_type = match signing.algorithm() {
            ::rustls::SignatureAlgorithm::RSA => KeyType::Rsa,
            ::rustls::SignatureAlgorithm::ECDSA => KeyType::Ecdsa,
            other => return Err(ConfigError::UnsupportedKey { algorithm: format!("{other:?}") }),
        };
        let certified = CertifiedKey::new(chain, signing);
        match certified.keys_match() {
            Ok(()) | Err(::rustls::Error::InconsistentKeys(::rustls::InconsistentKeys::Unknown)) => {}
            Err(::rustls::Error::InconsistentKeys(_)) => return Err(ConfigError::KeyMismatch),
            Err(e) => return Err(ConfigError::Rustls(e)),
        }
        Ok((key_type, certified))
    }

    /// One server config per key, all with the same effective policy (whose signature
    /// schemes are those some key signs with), plus the credentials they hold together.
    fn server_for(
        &self,
        keys: &[(KeyType, CertifiedKey)],
        screened: bool,
    ) -> Result<(Vec<Realized<ServerConfig>>, Credentials), ConfigError> {
        let Some(((first, _), rest)) = keys.split_first() else { return Err(ConfigError::NoKeys) };
        let creds = rest.iter().fold(Credentials::only(*first), |c, (k, _)| c.with(*k));
        // Which schemes each key signs with in rustls, probed on the key itself.
        let signs = |key: &CertifiedKey, s: SignatureScheme| {
            key.key.choose_scheme(&[::rustls::SignatureScheme::from(s.get())]).is_some()
        };
        let (keep, drop): (Vec<_>, Vec<_>) =
            self.policy.signature_schemes().iter().partition(|s| keys.iter().any(|(_, k)| signs(k, **s)));
        let gaps = drop.into_iter().map(|scheme| Gap::SignatureScheme { scheme }).collect();
        let report = self.realize(keep, gaps, Some(creds), screened, false)?;
        for (key_type, _) in keys {
            let usable = report
                .effective
                .entries()
                .iter()
                .any(|e| e.suite.info().is_some_and(|i| usable_with(i, Credentials::only(*key_type))));
            if !usable {
                return Err(ConfigError::KeyUnusable { policy: self.policy.id().to_owned(), key: *key_type });
            }
        }
        // Every key must be able to sign with some scheme left, in some version left.
        for (key_type, key) in keys {
            let effective = &report.effective;
            let can_sign = effective.signature_schemes().iter().any(|s| {
                signs(key, *s)
                    && effective.versions().iter().any(|v| crate::policy::scheme_signs_with(*s, *key_type, v))
            });
            if !can_sign {
                let could: Vec<String> = SignatureScheme::all()
                    .map(|i| i.scheme())
                    .filter(|s| signs(key, *s))
                    .map(|s| s.to_string())
                    .collect();
                return Err(ConfigError::NoSchemeForKey {
                    policy: self.policy.id().to_owned(),
                    key: *key_type,
                    could: could.join(", "),
                });
            }
        }
        let provider = Arc::new(self.provider_for(&report.effective));
        let versions = versions_of(&report.effective);
        let mut configs = Vec::with_capacity(keys.len());
        for (_, certified) in keys {
            let schemes = to_rustls_schemes(report.effective.signature_schemes());
            let key: Arc<dyn SigningKey> = Arc::new(PolicyKey { inner: Arc::clone(&certified.key), schemes });
            let resolver = OneKey(Arc::new(CertifiedKey::new(certified.cert.clone(), key)));
            let mut config = ServerConfig::builder_with_provider(Arc::clone(&provider))
                .with_protocol_versions(&versions)?
                .with_no_client_auth()
                .with_cert_resolver(Arc::new(resolver));
            config.ignore_client_order = report.effective.preference() == crate::Preference::Server;
            configs.push(Realized { config: Arc::new(config), report: report.clone() });
        }
        Ok((configs, creds))
    }

    /// The provider restricted to the effective policy's suites and groups, in its order.
    fn provider_for(&self, effective: &Policy) -> CryptoProvider {
        let base = &*self.provider;
        let cipher_suites = effective
            .entries()
            .iter()
            .filter_map(|e| base.cipher_suites.iter().find(|s| u16::from(s.suite()) == e.suite.get()).copied())
            .collect();
        let kx_groups = effective
            .groups()
            .iter()
            .filter_map(|g| base.kx_groups.iter().find(|k| u16::from(k.name()) == g.get()).copied())
            .collect();
        CryptoProvider { cipher_suites, kx_groups, ..base.clone() }
    }

    /// The effective policy and the gaps, given the signature schemes kept and the gaps
    /// found in them.
    fn realize(
        &self,
        schemes: Vec<SignatureScheme>,
        scheme_gaps: Vec<Gap>,
        keys: Option<Credentials>,
        screened: bool,
        client: bool,
    ) -> Result<Report, ConfigError> {
        let policy = self.policy;
        let provider = &*self.provider;
        let mut gaps = Vec::new();
        let rustls_versions = VersionSet::only(ProtocolVersion::TLSv1_2).with(ProtocolVersion::TLSv1_3);
        let mut versions = policy.versions().intersect(rustls_versions);
        for version in policy.versions().iter().filter(|v| !rustls_versions.contains(*v)) {
            gaps.push(Gap::Version { version });
        }
        let mut groups = Vec::new();
        for group in policy.groups() {
            if provider.kx_groups.iter().any(|k| u16::from(k.name()) == group.get()) {
                groups.push(*group);
            } else {
                gaps.push(Gap::Group { group: *group });
            }
        }
        let mut entries = Vec::new();
        for entry in policy.entries() {
            if !provider.cipher_suites.iter().any(|s| u16::from(s.suite()) == entry.suite.get()) {
                gaps.push(Gap::Suite { entry: *entry, why: suite_gap(entry.suite) });
            } else if entry.group.is_some() {
                gaps.push(Gap::GroupConstraint { entry: *entry });
            } else {
                entries.push(*entry);
            }
        }
        // A server setting: a rustls client always sends supported_groups.
        if !client && policy.missing_groups() == MissingGroups::Any && versions.contains(ProtocolVersion::TLSv1_2) {
            gaps.push(Gap::MissingGroupsAny);
        }
        gaps.extend(scheme_gaps);
        // The builder's own checks find what is left unusable; each drop makes progress, so
        // this ends within entries + versions rounds.
        loop {
            let built = Policy::builder(format!("{}+rustls", policy.id()))
                .description(format!("{} as a rustls config enforces it", policy.id()))
                .versions(versions)
                .entries(entries.iter().copied())
                .groups(groups.iter().copied())
                .signature_schemes(schemes.iter().copied())
                .preference(policy.preference())
                .missing_groups(MissingGroups::NoneShared)
                .build();
            match built {
                Ok(effective) => {
                    // A fallback needs two versions; a screened server refuses it.
                    let v = effective.versions();
                    if !screened && v.contains(ProtocolVersion::TLSv1_2) && v.contains(ProtocolVersion::TLSv1_3) {
                        gaps.push(Gap::FallbackScsv);
                    }
                    if self.mode == Mode::Strict && !gaps.is_empty() {
                        return Err(ConfigError::Unenforceable { policy: policy.id().to_owned(), gaps });
                    }
                    return Ok(Report { policy: policy.clone(), effective, gaps, keys });
                }
                Err(PolicyError::NoGroupFor { entry, .. }) => {
                    entries.retain(|e| *e != entry);
                    gaps.push(Gap::NoGroupFor { entry });
                }
                Err(PolicyError::VersionWithoutSuites { version }) => {
                    versions = VersionSet::from_iter(versions.iter().filter(|v| *v != version));
                    gaps.push(Gap::VersionWithoutSuites { version });
                }
                Err(PolicyError::EntryOutsideVersions { entry, .. }) => {
                    entries.retain(|e| *e != entry);
                    gaps.push(Gap::Suite { entry, why: SuiteGap::NotInProvider });
                }
                Err(PolicyError::NoSuites | PolicyError::NoVersions) => {
                    return Err(ConfigError::NothingEnforceable { policy: policy.id().to_owned(), gaps });
                }
                Err(other) => return Err(ConfigError::Effective(other)),
            }
        }
    }
}

/// Why rustls has no such suite.
fn suite_gap(suite: CipherSuite) -> SuiteGap {
    let Some(info) = suite.info() else { return SuiteGap::NotInProvider };
    match (info.kx(), info.mode()) {
        (KeyExchange::Rsa, _) => SuiteGap::StaticRsa,
        (KeyExchange::Dhe | KeyExchange::DhePsk, _) => SuiteGap::FiniteFieldDhe,
        (_, CipherMode::Cbc) => SuiteGap::Cbc,
        _ => SuiteGap::NotInProvider,
    }
}

fn versions_of(policy: &Policy) -> Vec<&'static ::rustls::SupportedProtocolVersion> {
    let mut out = Vec::new();
    if policy.versions().contains(ProtocolVersion::TLSv1_3) {
        out.push(&::rustls::version::TLS13);
    }
    if policy.versions().contains(ProtocolVersion::TLSv1_2) {
        out.push(&::rustls::version::TLS12);
    }
    out
}

fn to_rustls_schemes(schemes: &[SignatureScheme]) -> Vec<::rustls::SignatureScheme> {
    schemes.iter().map(|s| ::rustls::SignatureScheme::from(s.get())).collect()
}

/// A key that signs only with the policy's schemes.
#[derive(Debug)]
struct PolicyKey {
    inner: Arc<dyn SigningKey>,
    schemes: Vec<::rustls::SignatureScheme>,
}

impl SigningKey for PolicyKey {
    fn choose_scheme(&self, offered: &[::rustls::SignatureScheme]) -> Option<Box<dyn Signer>> {
        let allowed: Vec<_> = offered.iter().copied().filter(|s| self.schemes.contains(s)).collect();
        self.inner.choose_scheme(&allowed)
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        self.inner.public_key()
    }

    fn algorithm(&self) -> ::rustls::SignatureAlgorithm {
        self.inner.algorithm()
    }
}

/// The resolver of a one-key config.
#[derive(Debug)]
struct OneKey(Arc<CertifiedKey>);

impl ResolvesServerCert for OneKey {
    fn resolve(&self, _: RustlsHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.0))
    }
}

/// A verifier held to the policy's signature schemes.
#[derive(Debug)]
struct PolicyVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    schemes: Vec<::rustls::SignatureScheme>,
}

impl PolicyVerifier {
    fn allowed(&self, dss: &DigitallySignedStruct) -> Result<(), ::rustls::Error> {
        if self.schemes.contains(&dss.scheme) {
            Ok(())
        } else {
            Err(::rustls::PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme.into())
        }
    }
}

impl ServerCertVerifier for PolicyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, ::rustls::Error> {
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, ::rustls::Error> {
        self.allowed(dss)?;
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, ::rustls::Error> {
        self.allowed(dss)?;
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<::rustls::SignatureScheme> {
        self.schemes.clone()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}

// ---------------------------------------------------------------------------------------------
// Screening: the engine decides on the raw ClientHello before rustls sees it.

/// The most ClientHello bytes a [`Screen`] reads before giving up (a hello is at most
/// 2^24 bytes on the wire; rustls stops far below that, and so do we).
const MAX_HELLO: usize = 64 * 1024;

/// A server front: one rustls config per key, and the engine deciding on every ClientHello
/// with the effective policy before a config is chosen.
///
/// ```no_run
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::net::TcpListener;
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Realizer, Screened};
/// # let (chain, key) = (vec![], rustls::pki_types::PrivateKeyDer::Pkcs8(vec![].into()));
///
/// let policy = Policy::named("dps-tls12")?;
/// let screen = Realizer::new(&policy).screen(vec![(chain, key)])?;
/// let listener = TcpListener::bind("127.0.0.1:8443")?;
/// for stream in listener.incoming() {
///     let mut stream = stream?;
///     match screen.accept(&mut stream) {
///         Ok(Screened::Accepted { connection, agreement }) => {
///             let tls = rustls::StreamOwned::new(*connection, stream);
///             // ... serve; `agreement` is what the engine predicted.
///         }
///         Ok(Screened::Refused { refusal, .. }) => eprintln!("refused: {refusal}"),
///         Ok(_) => {}
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Screen {
    configs: Vec<(KeyType, Arc<ServerConfig>)>,
    keys: Credentials,
    report: Report,
    hello_deadline: Duration,
}

/// What a [`Screen`] did with a connection.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::io::Cursor;
/// use tls_policy::{Policy, Reason};
/// use tls_policy::rustls::{Realizer, Screened};
/// # let key = rcgen::KeyPair::generate()?;
/// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
///
/// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
/// // An in-memory "socket" holding a TLS 1.0 device's ClientHello; the alert is written after it.
/// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1.bin");
/// let mut socket = Cursor::new(hello.to_vec());
/// match screen.accept(&mut socket)? {
///     Screened::Refused { refusal, .. } => assert_eq!(refusal.reason, Reason::ProtocolVersion),
///     other => panic!("expected a refusal, got {other:?}"),
/// }
/// assert_eq!(socket.get_ref()[hello.len()..], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70]); // protocol_version
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Screened {
    /// The engine accepted: rustls continues with the config of the key the agreement needs.
    Accepted {
        /// The connection, its ClientHello consumed; drive it to finish the handshake.
        connection: Box<ServerConnection>,
        /// What the engine decided (rustls will agree: see [`Report::effective`]).
        agreement: Agreement,
    },
    /// The engine refused; its alert has been sent.
    Refused {
        /// Why, as the engine says.
        refusal: Refusal,
        /// Why the bytes were not a ClientHello, when they were not.
        hello_error: Option<HelloError>,
        /// What rustls alone would have done with the hello, had it been asked.
        rustls_error: Option<::rustls::Error>,
    },
}

/// A connection that failed before a decision could be made or carried out.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::io::Cursor;
/// use tls_policy::Policy;
/// use tls_policy::rustls::{Realizer, ScreenError};
/// # let key = rcgen::KeyPair::generate()?;
/// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
///
/// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
/// // The peer hangs up after 20 bytes of its ClientHello.
/// let hello = include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin");
/// let mut socket = Cursor::new(hello[..20].to_vec());
/// assert!(matches!(screen.accept(&mut socket), Err(ScreenError::Closed { read: 20 })));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreenError {
    /// Reading or writing the socket failed (a timeout included).
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
    /// The peer closed the connection before a whole ClientHello arrived.
    #[error("the peer closed the connection after {read} bytes, before a whole ClientHello")]
    Closed {
        /// Bytes read.
        read: usize,
    },
    /// The engine accepted but rustls refused: the effective policy did not predict rustls
    /// (please report it with the ClientHello bytes).
    #[error("the engine accepted {agreement:?} but rustls refused: {error}")]
    Disagreement {
        /// The engine's decision.
        agreement: Agreement,
        /// rustls's error.
        error: ::rustls::Error,
    },
}

impl Realizer<'_> {
    /// A [`Screen`] for these certificate chains and keys (at most one per key type).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{Credentials, Policy};
    /// use tls_policy::rustls::{ConfigError, Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let der = || rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let dps = Policy::named("dps-tls12")?;
    /// let realizer = Realizer::new(&dps);
    /// assert_eq!(realizer.screen(vec![(vec![cert.der().clone()], der())])?.keys(), Credentials::ECDSA);
    /// // One key per key type.
    /// let twice = realizer.screen(vec![(vec![cert.der().clone()], der()), (vec![cert.der().clone()], der())]);
    /// assert!(matches!(twice, Err(ConfigError::DuplicateKeyType { .. })));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn screen(
        &self,
        keys: Vec<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    ) -> Result<Screen, ConfigError> {
        let mut loaded: Vec<(KeyType, CertifiedKey)> = Vec::with_capacity(keys.len());
        for (chain, key) in keys {
            let (key_type, certified) = self.load_key(chain, key)?;
            if loaded.iter().any(|(k, _)| *k == key_type) {
                return Err(ConfigError::DuplicateKeyType { key: key_type });
            }
            loaded.push((key_type, certified));
        }
        let (configs, keys) = self.server_for(&loaded, true)?;
        let report = match configs.first() {
            Some(first) => first.report.clone(),
            None => return Err(ConfigError::NoKeys),
        };
        let configs = loaded.iter().map(|(k, _)| *k).zip(configs.into_iter().map(|r| r.config)).collect();
        Ok(Screen { configs, keys, report, hello_deadline: HELLO_DEADLINE })
    }
}

impl Screen {
    /// How long [`accept`](Self::accept) waits for a whole ClientHello (default
    /// [`HELLO_DEADLINE`]).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::{io::Cursor, time::Duration};
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Realizer, Screened};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?)
    ///     .screen(vec![(vec![cert.der().clone()], key_der)])?
    ///     .with_hello_deadline(Duration::from_secs(2));
    /// let mut socket = Cursor::new(include_bytes!("../../tests/data/hellos/openssl_tls1_1.bin").to_vec());
    /// assert!(matches!(screen.accept(&mut socket)?, Screened::Refused { .. })); // well within 2 s
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn with_hello_deadline(mut self, deadline: Duration) -> Self {
        self.hello_deadline = deadline;
        self
    }

    /// What the configs enforce of the policy.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{Credentials, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert_eq!(screen.report().keys(), Some(Credentials::ECDSA));
    /// assert_eq!(screen.report().policy().id(), "dps-tls12");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn report(&self) -> &Report {
        &self.report
    }

    /// The key types held.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert!(screen.keys().holds(KeyType::Ecdsa) && !screen.keys().holds(KeyType::Rsa));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn keys(&self) -> Credentials {
        self.keys
    }

    /// The config for one key type.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert!(screen.config(KeyType::Ecdsa).is_some());
    /// assert!(screen.config(KeyType::Rsa).is_none());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn config(&self, key: KeyType) -> Option<&Arc<ServerConfig>> {
        self.configs.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }

    /// The engine's decision on raw ClientHello bytes (records as read from the socket),
    /// with the key type whose config serves an agreement.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyType, Policy, Reason};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// let (agreement, key) = screen.decide(include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin")).expect("accepted");
    /// assert_eq!((agreement.version.name(), key), (Some("TLSv1.2"), KeyType::Ecdsa));
    /// let (refusal, _) = screen.decide(include_bytes!("../../tests/data/hellos/openssl_tls1.bin")).unwrap_err();
    /// assert_eq!(refusal.reason, Reason::ProtocolVersion);
    /// let (_, not_a_hello) = screen.decide(b"GET / HTTP/1.1\r\n\r\n").unwrap_err();
    /// assert!(not_a_hello.is_some());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decide(&self, bytes: &[u8]) -> Result<(Agreement, KeyType), (Refusal, Option<HelloError>)> {
        let mut scratch = Vec::new();
        let hello = ClientHello::parse_with(bytes, &mut scratch)
            .map_err(|e| (Refusal { reason: e.reason(), version: None }, Some(e)))?;
        let offer = hello.offer();
        let agreement = negotiate(&self.report.effective, &offer, self.keys).map_err(|r| (r, None))?;
        let key = self.key_for(&agreement, &offer);
        Ok((agreement, key))
    }

    /// TLS 1.2 suites name their key; in TLS 1.3 the first key with a scheme the client
    /// offers and the policy allows serves.
    fn key_for(&self, agreement: &Agreement, offer: &crate::Offer<'_>) -> KeyType {
        let named = agreement.suite.info().and_then(|i| crate::policy::needed_key(i.auth()));
        let fallback = self.configs.first().map_or(KeyType::Rsa, |(k, _)| *k);
        if let Some(key) = named.filter(|k| self.keys.holds(*k)) {
            return key;
        }
        let allowed = self.report.effective.signature_schemes();
        let signs = |key: KeyType| {
            offer.signature_schemes().is_some_and(|theirs| {
                theirs
                    .iter()
                    .any(|s| allowed.contains(&s) && crate::policy::scheme_signs_with(s, key, agreement.version))
            })
        };
        self.configs.iter().map(|(k, _)| *k).find(|k| signs(*k)).unwrap_or(fallback)
    }

    /// Reads a ClientHello from `stream` through rustls's [`Acceptor`], decides with the
    /// engine on the same bytes, then either hands rustls the config of the right key or
    /// sends the engine's alert. Waits for a whole ClientHello (at most 64 KiB) until the
    /// [hello deadline](Self::with_hello_deadline); set a read timeout on the stream as well,
    /// so that one read cannot block past it.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use std::io::Cursor;
    /// use tls_policy::Policy;
    /// use tls_policy::rustls::{Realizer, Screened};
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// // A TLS 1.2 device: the engine accepts and rustls takes over with the ECDSA config.
    /// let mut socket = Cursor::new(include_bytes!("../../tests/data/hellos/openssl_tls1_2.bin").to_vec());
    /// match screen.accept(&mut socket)? {
    ///     Screened::Accepted { connection, agreement } => {
    ///         assert!(connection.is_handshaking());
    ///         assert_eq!(agreement.version.name(), Some("TLSv1.2"));
    ///     }
    ///     other => panic!("expected an acceptance, got {other:?}"),
    /// }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accept<S: Read + Write>(&self, stream: &mut S) -> Result<Screened, ScreenError> {
        let mut acceptor = Acceptor::default();
        let mut bytes = Vec::new();
        let deadline = Instant::now() + self.hello_deadline;
        let accepted = loop {
            let mut tee = Tee { inner: &mut *stream, copy: &mut bytes, limit: MAX_HELLO, deadline, failed: None };
            let read = acceptor.read_tls(&mut tee);
            let failed = tee.failed.take();
            match (read, failed) {
                (Ok(0), _) => return Err(ScreenError::Closed { read: bytes.len() }),
                (Ok(_), _) => {}
                // The socket failed, or the peer is too slow or sends too much: no decision.
                (Err(_), Some(e)) => return Err(ScreenError::Io(e)),
                // rustls's own refusal to buffer more (a hello beyond its limit): decide on
                // what came, which the parser calls malformed.
                (Err(e), None) => break Err(::rustls::Error::General(e.to_string())),
            }
            match acceptor.accept() {
                Ok(Some(accepted)) => break Ok(accepted),
                Ok(None) => {}
                Err((error, _alert)) => break Err(error),
            }
        };
        match (self.decide(&bytes), accepted) {
            (Err((refusal, hello_error)), rustls) => {
                send_alert(stream, refusal.alert())?;
                Ok(Screened::Refused { refusal, hello_error, rustls_error: rustls.err() })
            }
            (Ok((agreement, key)), Ok(accepted)) => {
                let config = self.config(key).map(Arc::clone).ok_or(ScreenError::Disagreement {
                    agreement,
                    error: ::rustls::Error::General("no config for the key".into()),
                })?;
                match accepted.into_connection(config) {
                    Ok(connection) => Ok(Screened::Accepted { connection: Box::new(connection), agreement }),
                    Err((error, mut alert)) => {
                        alert.write_all(stream)?;
                        Err(ScreenError::Disagreement { agreement, error })
                    }
                }
            }
            (Ok((agreement, _)), Err(error)) => {
                send_alert(stream, Alert::HandshakeFailure)?;
                Err(ScreenError::Disagreement { agreement, error })
            }
        }
    }
}

/// Sends a fatal alert in a plaintext record. The record version is 0x0301: before a version
/// is agreed, some stacks (mbedTLS 2.28) reject any other (measured against OpenSSL 3.0
/// `s_server` and mbedTLS 2.28 clients).
fn send_alert<S: Write>(stream: &mut S, alert: Alert) -> io::Result<()> {
    // struct { AlertLevel level; AlertDescription description; } Alert;  fatal(2)
    stream.write_all(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, alert.number()])?;
    stream.flush()
}

/// Copies what it reads, up to a limit and a deadline; remembers an error of its own or of
/// the stream, so that it is not taken for rustls's.
struct Tee<'a, S> {
    inner: &'a mut S,
    copy: &'a mut Vec<u8>,
    limit: usize,
    deadline: Instant,
    failed: Option<io::Error>,
}

impl<S: Read> Tee<'_, S> {
    fn fail(&mut self, error: io::Error) -> io::Error {
        let copy = io::Error::new(error.kind(), error.to_string());
        self.failed = Some(error);
        copy
    }
}

impl<S: Read> Read for Tee<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.copy.len());
        if room == 0 {
            return Err(self.fail(io::Error::other("the ClientHello exceeds 64 KiB")));
        }
        if Instant::now() >= self.deadline {
            return Err(self.fail(io::Error::new(io::ErrorKind::TimedOut, "no whole ClientHello before the deadline")));
        }
        let take = buf.len().min(room);
        match self.inner.read(&mut buf[..take]) {
            Ok(n) => {
                self.copy.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// How long a [`Screen`] waits for a whole ClientHello by default: long enough for a slow
/// device, short enough that a peer sending a byte at a time cannot hold a thread for long.
/// Set the socket's own read timeout too, so that one read cannot block past it.
pub const HELLO_DEADLINE: Duration = Duration::from_secs(10);
