#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The model: what TLS names and numbers mean.
mod error;
mod group;
mod signature;
mod suite;
mod version;

// Named catalogs built on the model.
mod catalog;

pub use catalog::{Catalog, CatalogEntry};
pub use error::{ParseError, Registry};
pub use group::{GroupInfo, GroupKind, NamedGroup};
pub use signature::{SchemeInfo, SignatureAlgorithm, SignatureScheme};
pub use suite::{
    Authentication, Cipher, CipherSuite, Entry, Hash, IANA_REGISTRY_UPDATED, KeyExchange, Mode, Recommended,
    SuiteClass, SuiteInfo, Weakness,
};
pub use version::{ProtocolVersion, VersionSet, VersionStatus};
