//! Building rustls configs from a policy, and the report of what they enforce of it.

use std::sync::Arc;

use ::rustls::client::WebPkiServerVerifier;
use ::rustls::client::danger::ServerCertVerifier;
use ::rustls::crypto::CryptoProvider;
use ::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use ::rustls::sign::{CertifiedKey, SigningKey};
use ::rustls::{ClientConfig, RootCertStore, ServerConfig};

use super::signing::{OneKey, PolicyKey, PolicyVerifier};
use super::{ConfigError, Enforcement, Gap, SuiteGap};
use crate::model::key::KeyType;
use crate::model::suite::{KeyExchange, Mode, SuiteEntry};
use crate::policy::{KeyTypes, MissingGroups, Policy, PolicyError};
use crate::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme, VersionSet};

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
    pub(super) effective: Policy,
    gaps: Vec<Gap>,
    keys: Option<KeyTypes>,
    other_keys: Vec<SignatureScheme>,
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
    /// use tls_policy::{negotiate, CipherSuite, KeyTypes, Offer, Policy, ProtocolVersion};
    /// use tls_policy::rustls::Realizer;
    ///
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// // A CBC-only device: the policy accepts it, the rustls config will not.
    /// let cbc = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256];
    /// let device = Offer::new(ProtocolVersion::TLSv1_2, &cbc);
    /// assert!(negotiate(report.policy(), &device, KeyTypes::RSA).is_ok());
    /// assert!(negotiate(report.effective(), &device, KeyTypes::RSA).is_err());
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
    pub const fn keys(&self) -> Option<KeyTypes> {
        self.keys
    }

    /// The policy's signature schemes for key types the server holds no key of (ECDSA
    /// schemes for an RSA-only server, and the other way round): left out of the effective
    /// policy but not gaps, since no key the server holds could ever sign with them. Empty for
    /// a client config and for a report without keys.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{Policy, SignatureScheme};
    /// use tls_policy::rustls::{Gap, Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    /// let dps = Policy::named("dps-tls12")?;
    /// let report = Realizer::new(&dps).server_config(vec![cert.der().clone()], der.into())?.report;
    /// let pss = SignatureScheme::rsa_pss_rsae_sha256;
    /// assert!(report.schemes_for_other_keys().contains(&pss));
    /// assert!(!report.gaps().contains(&Gap::SignatureScheme { scheme: pss }));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schemes_for_other_keys(&self) -> &[SignatureScheme] {
        &self.other_keys
    }

    /// Why this entry of the policy is not enforced, or `None` when it is.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{CipherSuite, SuiteEntry, Policy};
    /// use tls_policy::rustls::Realizer;
    ///
    /// let report = Realizer::new(&Policy::named("dps-tls12")?).report()?;
    /// let gcm = SuiteEntry::from(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    /// let cbc = SuiteEntry::from(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384);
    /// assert!(report.entry_gap(&gcm).is_none());
    /// assert!(report.entry_gap(&cbc).is_some());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry_gap(&self, entry: &SuiteEntry) -> Option<&Gap> {
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
/// The config is yours, not yet behind an [`Arc`]: set what the policy does not speak to
/// (ALPN, session storage, a key log, tickets) before handing `Arc::new(config)` to rustls.
/// The report describes what the crate set (versions, suites, groups, signature schemes, the
/// preference order) and stays true as long as those are left alone.
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// use std::sync::Arc;
/// use tls_policy::{KeyTypes, Policy};
/// use tls_policy::rustls::Realizer;
///
/// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
/// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
/// let der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
/// let dps = Policy::named("dps-tls12")?;
/// let mut realized = Realizer::new(&dps).server_config(vec![cert.der().clone()], der.into())?;
/// assert_eq!(realized.report.keys(), Some(KeyTypes::ECDSA));
/// let before = realized.report.clone();
///
/// realized.config.alpn_protocols = vec![b"mqtt".to_vec()];
/// realized.config.key_log = Arc::new(rustls::KeyLogFile::new());
/// realized.config.session_storage = rustls::server::ServerSessionMemoryCache::new(256);
///
/// let tls12_only = realized.config.crypto_provider().cipher_suites.iter().all(|s| s.tls13().is_none());
/// assert!(tls12_only); // what the crate set is untouched
/// assert_eq!(realized.report, before);
/// let config: Arc<rustls::ServerConfig> = Arc::new(realized.config);
/// assert_eq!(config.alpn_protocols, [b"mqtt".to_vec()]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Realized<T> {
    /// The config, owned: shape it, then put it in an [`Arc`] for rustls.
    pub config: T,
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
    enforcement: Enforcement,
    /// How server configs verify device certificates: see [`Realizer::client_auth`].
    pub(super) client_auth: Option<super::ClientAuth>,
}

impl<'p> Realizer<'p> {
    /// A lenient realizer with the process-default crypto provider when one is installed
    /// ([`CryptoProvider::install_default`]), as rustls's own `ServerConfig::builder()` takes
    /// it, else the [feature's provider](default_provider).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::Realizer};
    /// // No provider installed in this process: the feature's provider is used.
    /// assert!(Realizer::new(&Policy::named("iot-hub")?).report().is_ok());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "ring"))))]
    pub fn new(policy: &'p Policy) -> Self {
        let provider = CryptoProvider::get_default().map_or_else(|| Arc::new(default_provider()), Arc::clone);
        Self::with_provider(policy, provider)
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
        Self { policy, provider, enforcement: Enforcement::Lenient, client_auth: None }
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
        self.enforcement = Enforcement::Strict;
        self
    }

    /// Sets what to do with what rustls cannot enforce.
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// # use tls_policy::{Policy, rustls::{Enforcement, Realizer}};
    /// let dps = Policy::named("dps-tls12")?;
    /// assert!(Realizer::new(&dps).strict().enforcement(Enforcement::Lenient).report().is_ok());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn enforcement(mut self, enforcement: Enforcement) -> Self {
        self.enforcement = enforcement;
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
        self.realize(schemes, Vec::new(), None, Role::Server)
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
    /// let mut tls = rustls::ServerConnection::new(std::sync::Arc::new(realized.config))?;
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
        let (realized, _) = self.server_for(&[key], Role::Server)?;
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
        let supported: Vec<SignatureScheme> =
            verifier.supported_verify_schemes().into_iter().map(SignatureScheme::from).collect();
        let (keep, drop): (Vec<_>, Vec<_>) =
            self.policy.signature_schemes().iter().partition(|s| supported.contains(s));
        let gaps = drop.into_iter().map(|scheme| Gap::VerifierScheme { scheme }).collect();
        let report = self.realize(keep, gaps, None, Role::Client)?;
        let schemes = to_rustls_schemes(report.effective.signature_schemes());
        let provider = self.provider_for(&report.effective);
        let config = ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&versions_of(&report.effective))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PolicyVerifier { inner: verifier, schemes }))
            .with_no_client_auth();
        Ok(Realized { config, report })
    }

    /// Loads a key and checks it against its certificate.
    pub(super) fn load_key(
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
    pub(super) fn server_for(
        &self,
        keys: &[(KeyType, CertifiedKey)],
        role: Role,
    ) -> Result<(Vec<Realized<ServerConfig>>, KeyTypes), ConfigError> {
        let Some(((first, _), rest)) = keys.split_first() else { return Err(ConfigError::NoKeys) };
        let creds = rest.iter().fold(KeyTypes::only(*first), |c, (k, _)| c.with(*k));
        // Which schemes each key signs with in rustls, probed on the key itself.
        let signs = |key: &CertifiedKey, s: SignatureScheme| key.key.choose_scheme(&[s.into()]).is_some();
        let (keep, drop): (Vec<_>, Vec<_>) =
            self.policy.signature_schemes().iter().partition(|s| keys.iter().any(|(_, k)| signs(k, **s)));
        // A scheme of a key type the server does not hold is not the server's to sign: no gap.
        let (gaps, other_keys) = held_or_not(drop, keys);
        let mut report = self.realize(keep, gaps, Some(creds), role)?;
        report.other_keys = other_keys;
        for (key_type, _) in keys {
            let usable = report
                .effective
                .entries()
                .iter()
                .any(|e| e.suite.info().is_some_and(|i| KeyTypes::only(*key_type).can_run(i)));
            if !usable {
                return Err(ConfigError::KeyUnusable { policy: self.policy.id().to_owned(), key: *key_type });
            }
        }
        // Every key must be able to sign with some scheme left, in some version left.
        for (key_type, key) in keys {
            let effective = &report.effective;
            let can_sign = effective.signature_schemes().iter().any(|s| {
                signs(key, *s)
                    && effective.versions().iter().any(|v| s.info().is_some_and(|i| i.server_signs(*key_type, v)))
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
        let devices = self.client_auth.as_ref().map(|a| a.verifier(self.policy, &self.provider)).transpose()?;
        let mut configs = Vec::with_capacity(keys.len());
        for (_, certified) in keys {
            let schemes = to_rustls_schemes(report.effective.signature_schemes());
            let key: Arc<dyn SigningKey> = Arc::new(PolicyKey { inner: Arc::clone(&certified.key), schemes });
            let resolver = OneKey(Arc::new(CertifiedKey::new(certified.cert.clone(), key)));
            let builder =
                ServerConfig::builder_with_provider(Arc::clone(&provider)).with_protocol_versions(&versions)?;
            let builder = match &devices {
                Some(verifier) => builder.with_client_cert_verifier(Arc::clone(verifier)),
                None => builder.with_no_client_auth(),
            };
            let mut config = builder.with_cert_resolver(Arc::new(resolver));
            config.ignore_client_order = report.effective.preference() == crate::Preference::Server;
            configs.push(Realized { config, report: report.clone() });
        }
        Ok((configs, creds))
    }

    /// The provider restricted to the effective policy's suites and groups, in its order.
    fn provider_for(&self, effective: &Policy) -> CryptoProvider {
        let base = &*self.provider;
        let cipher_suites = effective
            .entries()
            .iter()
            .filter_map(|e| base.cipher_suites.iter().find(|s| CipherSuite::from(**s) == e.suite).copied())
            .collect();
        let kx_groups = effective
            .groups()
            .iter()
            .filter_map(|g| base.kx_groups.iter().find(|k| NamedGroup::from(k.name()) == *g).copied())
            .collect();
        CryptoProvider { cipher_suites, kx_groups, ..base.clone() }
    }

    /// The effective policy and the gaps, given the signature schemes kept and the gaps
    /// found in them.
    fn realize(
        &self,
        schemes: Vec<SignatureScheme>,
        scheme_gaps: Vec<Gap>,
        keys: Option<KeyTypes>,
        role: Role,
    ) -> Result<Report, ConfigError> {
        let client = role == Role::Client;
        // A client never answers a fallback, and a screened server refuses one.
        let screened = role != Role::Server;
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
            if provider.kx_groups.iter().any(|k| NamedGroup::from(k.name()) == *group) {
                groups.push(*group);
            } else {
                gaps.push(Gap::Group { group: *group });
            }
        }
        let mut entries = Vec::new();
        for entry in policy.entries() {
            if !provider.cipher_suites.iter().any(|s| CipherSuite::from(*s) == entry.suite) {
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
                    if self.enforcement == Enforcement::Strict && !gaps.is_empty() {
                        return Err(ConfigError::Unenforceable { policy: policy.id().to_owned(), gaps });
                    }
                    return Ok(Report { policy: policy.clone(), effective, gaps, keys, other_keys: Vec::new() });
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

/// The schemes no held key signs with in rustls, split into gaps (a key of the scheme's type
/// is held, or the scheme is unregistered) and the schemes of key types not held.
fn held_or_not(dropped: Vec<SignatureScheme>, held: &[(KeyType, CertifiedKey)]) -> (Vec<Gap>, Vec<SignatureScheme>) {
    let (gaps, other_keys): (Vec<_>, Vec<_>) =
        dropped.into_iter().partition(|s| s.info().is_none_or(|i| held.iter().any(|(k, _)| i.signed_by(*k))));
    (gaps.into_iter().map(|scheme| Gap::SignatureScheme { scheme }).collect(), other_keys)
}

/// Why rustls has no such suite.
fn suite_gap(suite: CipherSuite) -> SuiteGap {
    let Some(info) = suite.info() else { return SuiteGap::NotInProvider };
    match (info.kx(), info.mode()) {
        (KeyExchange::Rsa, _) => SuiteGap::StaticRsa,
        (KeyExchange::Dhe | KeyExchange::DhePsk, _) => SuiteGap::FiniteFieldDhe,
        (_, Mode::Cbc) => SuiteGap::Cbc,
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
    schemes.iter().copied().map(::rustls::SignatureScheme::from).collect()
}

/// What a config is for, as far as what it can enforce depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A client: it always sends `supported_groups` and never answers a fallback.
    Client,
    /// A server that rustls alone decides for.
    Server,
    /// A server whose ClientHellos the engine screens first (see [`Screen`](crate::rustls::Screen)).
    ScreenedServer,
}
