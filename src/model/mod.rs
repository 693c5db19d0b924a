//! The model: what TLS names and numbers mean. Wire values and GREASE, protocol versions,
//! cipher suites with their registry descriptors, named groups and signature schemes, and the
//! errors of reading their names. Nothing here knows policies, offers or adapters.

pub(crate) mod error;
pub(crate) mod group;
pub(crate) mod key;
pub(crate) mod registry;
pub(crate) mod signature;
pub(crate) mod suite;
pub(crate) mod version;
pub(crate) mod x509;
