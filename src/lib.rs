#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The model: what TLS names and numbers mean.
mod error;
mod group;
mod signature;
mod suite;
mod version;
mod wire;

// Named catalogs built on the model, policies built from catalogs, and the engine that
// decides what a policy does with a client's offer.
mod audit;
mod catalog;
mod fleet;
mod hello;
mod negotiate;
mod offer;
pub mod openssl;
mod policy;

// The adapter: rustls configs and screening (the only module naming rustls types).
#[cfg(feature = "rustls")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
pub mod rustls;

// Strategies for property tests of policies (the only module naming proptest types).
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;

// Adapters from what people already have: policy files, ARM templates and Mozilla's guidelines
// (feature "files"), and the Azure IoT SDKs' TLS 1.2 table.
#[cfg(feature = "files")]
#[cfg_attr(docsrs, doc(cfg(feature = "files")))]
pub mod files;
pub mod sdk;

pub use audit::{Check, Finding, Severity};
pub use catalog::{Catalog, CatalogEntry};
pub use error::{ParseError, Registry};
pub use fleet::{Change, Transition};
pub use group::{GroupInfo, GroupKind, NamedGroup};
pub use hello::{ClientHello, HelloError};
pub use negotiate::{
    Agreement, Alert, Explanation, Reason, Refusal, SuiteOutcome, explain, negotiate, negotiate_naive,
};
pub use offer::{Codes, CodesIter, Offer};
pub use policy::{
    Credentials, CredentialsError, KeyType, MAX_ENTRIES, MAX_GROUPS, MissingGroups, Policy, PolicyBuilder, PolicyError,
    Preference,
};
pub use signature::{SchemeInfo, SignatureAlgorithm, SignatureScheme};
pub use suite::{
    Authentication, Cipher, CipherSuite, Entry, Hash, IANA_REGISTRY_UPDATED, KeyExchange, Mode, Recommended,
    SuiteClass, SuiteInfo, Weakness,
};
pub use version::{ProtocolVersion, VersionSet, VersionStatus};
