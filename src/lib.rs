//! TLS cipher-suite policy: a typed model of TLS versions, cipher suites, named groups and
//! signature schemes covering the whole IANA registries; the published catalogs policies are
//! made from (the [Azure IoT DPS rules](https://learn.microsoft.com/azure/iot-dps/tls-support),
//! IoT Hub, Mozilla, NIST SP 800-52r2, BSI TR-02102-2); a deterministic engine that decides what
//! a server with a given [`Policy`] does with a client's [`Offer`] and says why when it refuses;
//! and a zero-copy [`ClientHello`] reader, so captured devices can be checked against a policy
//! before it is switched on.
//!
//! ```
//! use tls_policy::{negotiate, CipherSuite, KeyTypes, NamedGroup, Offer, Policy, ProtocolVersion, Reason};
//!
//! let policy = Policy::named("dps-tls12")?; // a DPS instance created with minTlsVersion 1.2
//! let suites = [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
//! let device = Offer::new(ProtocolVersion::TLSv1_2, &suites).with_groups(&[NamedGroup::secp256r1]);
//! let agreed = negotiate(&policy, &device, KeyTypes::RSA).expect("a TLS 1.2 device is accepted");
//! assert_eq!((agreed.suite, agreed.group), (suites[0], Some(NamedGroup::secp256r1)));
//! let old = Offer::new(ProtocolVersion::TLSv1_1, &suites);
//! assert_eq!(negotiate(&policy, &old, KeyTypes::RSA).unwrap_err().reason, Reason::ProtocolVersion);
//! # Ok::<(), tls_policy::PolicyError>(())
//! ```
//!
//! # Data flow
//!
//! - **Model**: [`ProtocolVersion`] and [`VersionSet`], [`CipherSuite`] (a wire code) with its
//!   [`SuiteInfo`] descriptor, [`NamedGroup`], [`SignatureScheme`]; unknown code points
//!   round-trip as themselves, GREASE is recognised ([RFC 8701](https://www.rfc-editor.org/rfc/rfc8701)).
//! - **Catalogs**: [`Catalog`], named lists of [`CatalogEntry`] exactly as their sources print
//!   them (a suite and, for SChannel's `_P256`/`_P384` names, the group it must use).
//! - **Policies**: [`Policy`] (named, or built from catalogs with [`PolicyBuilder`]), compiled
//!   once into bit sets; [`Policy::audit`] reports what current guidance advises against
//!   ([`Finding`]).
//! - **Offers**: an [`Offer`] built by hand, or read from a captured [`ClientHello`]; an
//!   [`OwnedOffer`] to keep or edit one (the [`offer`] module has the lists they are made of);
//!   [`HelloWriter`] writes an offer back as ClientHello bytes, to send to a server.
//! - **Captures**: `capture` (feature `capture`) reads packet captures (pcap, pcapng) into one
//!   [`ClientHello`] per TCP connection, streaming in bounded memory, and fingerprints each
//!   (JA4, JA3).
//! - **Answers**: [`scan`] reads what a server answers a ClientHello from the bytes it sends
//!   (sans I/O): the ServerHello or HelloRetryRequest, in TLS 1.2 its certificate's key and
//!   key exchange group, or the alert it refuses with.
//! - **Decision**: [`negotiate()`] gives an [`Agreement`] or a [`Refusal`] with its reason and
//!   TLS alert; [`explain()`] says what became of every offered suite; [`Transition`] says what
//!   a policy change does to a device.
//! - **Adapters**: `rustls` (feature `rustls`: a policy in, rustls configs and a ClientHello
//!   screen out, with an account of what rustls cannot enforce), `import::files` (feature `files`:
//!   policy files, ARM templates, Mozilla guidelines), [`import::openssl`] (OpenSSL cipher strings),
//!   [`import::sdk`] (the Azure IoT SDK releases that support TLS 1.2), [`export`] (a policy as
//!   OpenSSL 3.0 settings, with what OpenSSL cannot express), `strategy` (feature `proptest`:
//!   strategies to property-test a policy).
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `aws-lc-rs` | yes | the `rustls` module with the aws-lc-rs provider |
//! | `ring` | no | the `rustls` module with the ring provider |
//! | `rustls` | via a provider | the `rustls` module; bring a `CryptoProvider` |
//! | `files` | yes | the `import::files` module (serde_json, toml) |
//! | `proptest` | no | the `strategy` module |
//! | `tokio` | no | `rustls::Screen::accept_async`, the screen on tokio and tokio-rustls |
//! | `capture` | no | the `capture` module: packet captures to ClientHellos (pcap-parser, etherparse), JA4 and JA3 (sha2, md-5) |
//!
//! The model, the catalogs, the policies, the engine, [`import::openssl`], [`import::sdk`], the audit and the
//! fleet diff need none of them.
//!
//! # The command-line tool
//!
//! The repository also holds `tls-policy`, a command-line tool over this library: it checks
//! captured ClientHellos against named policies, policy files, ARM templates or OpenSSL cipher
//! strings (`check`), says which devices a policy change locks out (`diff`), and lists catalogs,
//! suites and policies; its commands are in the repository's README.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The data flow, from the ground up: the model (what TLS names and numbers mean), the
// catalogs published lists are made of, policies built from catalogs, the engine that decides
// what a policy does with an offer, the ClientHello reader that turns captured bytes into an
// offer, the server-answer reader (public: pure bytes, no feature), the packet-capture
// reader that finds ClientHellos in pcap files (feature "capture"), and the reports over policies and fleets. Adapters sit on top: importers from what
// people already have, the rustls adapter, and proptest strategies.
mod model;

mod catalog;
mod policy;

mod engine;
mod hello;
pub mod scan;
// Packet captures to ClientHellos, and device fingerprints (feature "capture").
#[cfg(feature = "capture")]
#[cfg_attr(docsrs, doc(cfg(feature = "capture")))]
pub mod capture;

mod report;

pub mod export;
pub mod import;

/// What a client offers, and the lists it is made of: [`Offer`] borrows them (from a
/// [`ClientHello`] or from slices), [`OwnedOffer`] owns them; both are also at the crate root.
/// [`Codes`](offer::Codes) is one list, typed or as wire bytes, as [`Offer`]'s accessors return it.
///
/// ```
/// use tls_policy::offer::{Codes, Offer, OwnedOffer};
/// use tls_policy::{CipherSuite, ProtocolVersion};
///
/// let owned = OwnedOffer::new(ProtocolVersion::TLSv1_2, vec![CipherSuite::TLS_AES_128_GCM_SHA256]);
/// let suites: Codes<'_, CipherSuite> = owned.as_offer().suites();
/// assert!(suites.iter().eq(Offer::from_wire_suites(ProtocolVersion::TLSv1_2, &[0x13, 0x01]).suites()));
/// ```
pub mod offer {
    pub use crate::engine::offer::{Codes, CodesIter, Offer, OwnedOffer};
}

// The rustls adapter: configs and screening (the only module naming rustls types).
#[cfg(feature = "rustls")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
pub mod rustls;

// Strategies for property tests of policies (the only module naming proptest types).
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;

pub use catalog::{Catalog, CatalogEntry};
pub use engine::explain::{Explanation, SuiteOutcome, explain};
// The reference decision the engine is proven against (a test oracle, not an API to build on).
#[doc(hidden)]
pub use engine::explain::negotiate_naive;
pub use engine::negotiate::negotiate;
pub use engine::offer::{Offer, OwnedOffer};
pub use engine::verdict::{Agreement, Alert, Reason, Refusal};
pub use hello::{ClientHello, HelloError, HelloWriter, WriteError};
pub use model::error::{ParseError, Registry};
pub use model::group::{GroupInfo, GroupKind, NamedGroup};
pub use model::key::KeyType;
pub use model::registry::{Hash, Recommended};
pub use model::signature::{Handshakes, SchemeInfo, SignatureAlgorithm, SignatureScheme};
pub use model::suite::{
    Authentication, Cipher, CipherSuite, IANA_REGISTRY_UPDATED, KeyExchange, Mode, SuiteClass, SuiteEntry, SuiteInfo,
    Weakness,
};
pub use model::version::{ProtocolVersion, VersionSet, VersionStatus};
pub use policy::{KeyTypes, KeyTypesError, MissingGroups, Policy, PolicyBuilder, PolicyError, Preference};
pub use report::audit::{Check, Finding, Severity};
pub use report::fleet::{Change, Transition};

// The README's examples run as doctests without being the front page.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
