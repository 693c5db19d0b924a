//! Screening, sans I/O: the engine decides on the raw ClientHello before rustls sees it.

use std::sync::Arc;
use std::time::Duration;

use ::rustls::ServerConfig;
use ::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use ::rustls::sign::CertifiedKey;

use super::{ConfigError, Realizer, Report};
use crate::engine::negotiate::negotiate;
use crate::engine::verdict::{Agreement, Refusal};
use crate::hello::{ClientHello, HelloError};
use crate::model::key::KeyType;
use crate::policy::KeyTypes;

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
    keys: KeyTypes,
    report: Report,
    pub(super) hello_deadline: Duration,
}

impl Realizer<'_> {
    /// A [`Screen`] for these certificate chains and keys (at most one per key type).
    ///
    /// ```
    /// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
    /// use tls_policy::{KeyTypes, Policy};
    /// use tls_policy::rustls::{ConfigError, Realizer};
    ///
    /// let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// let der = || rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    /// let dps = Policy::named("dps-tls12")?;
    /// let realizer = Realizer::new(&dps);
    /// assert_eq!(realizer.screen(vec![(vec![cert.der().clone()], der())])?.keys(), KeyTypes::ECDSA);
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
        let (configs, keys) = self.server_for(&loaded, super::realize::Role::ScreenedServer)?;
        let report = match configs.first() {
            Some(first) => first.report.clone(),
            None => return Err(ConfigError::NoKeys),
        };
        let configs = loaded.iter().map(|(k, _)| *k).zip(configs.into_iter().map(|r| Arc::new(r.config))).collect();
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
    /// use tls_policy::{KeyTypes, Policy};
    /// use tls_policy::rustls::Realizer;
    /// # let key = rcgen::KeyPair::generate()?;
    /// # let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    /// # let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into();
    ///
    /// let screen = Realizer::new(&Policy::named("dps-tls12")?).screen(vec![(vec![cert.der().clone()], key_der)])?;
    /// assert_eq!(screen.report().keys(), Some(KeyTypes::ECDSA));
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
    pub const fn keys(&self) -> KeyTypes {
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
        let named = agreement.suite.info().and_then(|i| i.auth().key_type());
        let fallback = self.configs.first().map_or(KeyType::Rsa, |(k, _)| *k);
        if let Some(key) = named.filter(|k| self.keys.holds(*k)) {
            return key;
        }
        let allowed = self.report.effective.signature_schemes();
        let signs = |key: KeyType| {
            offer.signature_schemes().is_some_and(|theirs| {
                theirs
                    .iter()
                    .any(|s| allowed.contains(&s) && s.info().is_some_and(|i| i.server_signs(key, agreement.version)))
            })
        };
        self.configs.iter().map(|(k, _)| *k).find(|k| signs(*k)).unwrap_or(fallback)
    }
}

/// How long a [`Screen`] waits for a whole ClientHello by default: long enough for a slow
/// device, short enough that a peer sending a byte at a time cannot hold a thread for long.
/// Set the socket's own read timeout too, so that one read cannot block past it.
pub const HELLO_DEADLINE: Duration = Duration::from_secs(10);
