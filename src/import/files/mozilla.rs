//! Mozilla's server-side TLS guidelines (the JSON files behind ssl-config.mozilla.org) to
//! policies, one per configuration (`modern`, `intermediate`, `old`).
//!
//! Both layouts are read: 5.5 to 6.0 give the TLS 1.3 suites as `ciphersuites` and the others
//! as `ciphers.iana` (else `ciphers.openssl`); 5.0 to 5.4 as `openssl_ciphersuites` and
//! `openssl_ciphers`. A configuration's policy has the TLS 1.3 suites first, then the others in
//! the file's order, its `tls_versions`, its `tls_curves` as groups, and client preference
//! unless `server_preferred_order` is true. Its id is `mozilla-NAME`, as the crate's named
//! Mozilla policies are; keys that say nothing about the handshake (certificates, HSTS,
//! oldest clients) are not read.
//!
//! ```
//! use tls_policy::import::files::mozilla;
//! use tls_policy::Policy;
//!
//! let guidelines = mozilla::read_guidelines(r#"{
//!     "version": 6.0,
//!     "configurations": {
//!         "modern": {
//!             "ciphers": { "iana": [], "openssl": [] },
//!             "ciphersuites": ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"],
//!             "server_preferred_order": false,
//!             "tls_curves": ["X25519MLKEM768", "X25519", "prime256v1", "secp384r1"],
//!             "tls_versions": ["TLSv1.3"]
//!         }
//!     }
//! }"#)?;
//! assert_eq!(guidelines.version, "6.0");
//! let modern = guidelines.get("modern").expect("listed");
//! let shipped = Policy::named("mozilla-modern")?;
//! assert_eq!((modern.versions(), modern.entries(), modern.groups()), (shipped.versions(), shipped.entries(), shipped.groups()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::Path;

use super::tree::{Member, Node, Value};
use super::{Doc, FileError, Location, Spots, Syntax, member};
use crate::policy::{Policy, Preference};
use crate::{NamedGroup, ProtocolVersion, SuiteEntry, VersionSet};

/// The configurations of one guidelines file.
///
/// ```
/// use tls_policy::import::files::mozilla;
///
/// // The 5.0 layout: OpenSSL names, and the version only in `href`.
/// let guidelines = mozilla::read_guidelines(r#"{
///     "href": "https://ssl-config.mozilla.org/guidelines/5.0.json",
///     "configurations": { "intermediate": {
///         "openssl_ciphersuites": ["TLS_AES_128_GCM_SHA256"],
///         "openssl_ciphers": ["ECDHE-RSA-AES128-GCM-SHA256"],
///         "tls_versions": ["TLSv1.2", "TLSv1.3"], "tls_curves": ["X25519"] } }
/// }"#)?;
/// assert_eq!(guidelines.version, "5.0");
/// assert_eq!(guidelines.get("intermediate").map(|p| p.entries().len()), Some(2));
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Guidelines {
    /// The guidelines' version as written (`"5.7"`); from `href` when there is no `version`
    /// key (5.0 has none), empty when neither says.
    pub version: String,
    /// Where Mozilla publishes the file, if it says.
    pub href: Option<String>,
    /// One per configuration, in the file's order.
    pub configurations: Vec<Configuration>,
}

impl Guidelines {
    /// The policy of the configuration with this name.
    ///
    /// ```
    /// use tls_policy::import::files::mozilla;
    ///
    /// let guidelines = mozilla::read_guidelines(r#"{ "version": 6.0, "configurations": { "modern": {
    ///     "ciphers": { "iana": [] }, "ciphersuites": ["TLS_AES_128_GCM_SHA256"],
    ///     "tls_versions": ["TLSv1.3"], "tls_curves": ["X25519"] } } }"#)?;
    /// assert_eq!(guidelines.get("modern").map(|p| p.id()), Some("mozilla-modern"));
    /// assert!(guidelines.get("old").is_none());
    /// # Ok::<(), tls_policy::import::files::FileError>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&Policy> {
        self.configurations.iter().find(|c| c.name == name).map(|c| &c.policy)
    }
}

/// One configuration and its policy.
///
/// ```
/// use tls_policy::import::files::mozilla;
///
/// let guidelines = mozilla::read_guidelines(r#"{ "version": 6.0, "configurations": { "modern": {
///     "ciphers": { "iana": [] }, "ciphersuites": ["TLS_AES_256_GCM_SHA384"],
///     "tls_versions": ["TLSv1.3"], "tls_curves": ["X25519"] } } }"#)?;
/// let modern = &guidelines.configurations[0];
/// assert_eq!((modern.name.as_str(), modern.at.line), ("modern", 1));
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Configuration {
    /// `modern`, `intermediate` or `old`, as the file names it.
    pub name: String,
    /// The policy it describes.
    pub policy: Policy,
    /// Where it starts in the file.
    pub at: Location,
}

/// Reads a guidelines file's text.
///
/// ```
/// use tls_policy::import::files::mozilla;
///
/// assert!(mozilla::read_guidelines(r#"{ "version": 6.0 }"#).is_err()); // no configurations
/// ```
pub fn read_guidelines(text: &str) -> Result<Guidelines, FileError> {
    guidelines(&Doc { text, file: None, syntax: Syntax::Template })
}

/// Reads a guidelines file.
///
/// ```no_run
/// let g = tls_policy::import::files::mozilla::load_guidelines("guidelines/5.7.json")?;
/// for c in &g.configurations {
///     println!("{}: {} entries", c.name, c.policy.entries().len());
/// }
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
pub fn load_guidelines(path: impl AsRef<Path>) -> Result<Guidelines, FileError> {
    let path = path.as_ref();
    let text = super::read_text(path)?;
    guidelines(&Doc { text: &text, file: Some(path), syntax: Syntax::Template })
}

fn guidelines(doc: &Doc<'_>) -> Result<Guidelines, FileError> {
    let root = doc.parse()?;
    let members = doc.object(&root, "the guidelines")?;
    let href = match member(members, "href") {
        Some(m) => Some(doc.string(&m.value, "href")?.to_owned()),
        None => None,
    };
    let version = match member(members, "version").map(|m| &m.value) {
        Some(Node { value: Value::Number(n) | Value::String(n), .. }) => n.clone(),
        Some(other) => return Err(doc.wrong_type(other, "version", "a number such as 5.7")),
        // 5.0 has no version key, only ".../guidelines/5.0.json".
        None => href
            .as_deref()
            .and_then(|h| h.rsplit('/').next())
            .and_then(|f| f.strip_suffix(".json"))
            .unwrap_or_default()
            .to_owned(),
    };
    let configs_node = doc.required(&root, members, "configurations", "the guidelines")?;
    let configs = doc.object(configs_node, "configurations")?;
    if configs.is_empty() {
        return Err(FileError::NoConfigurations { at: doc.loc(configs_node.at) });
    }
    let configurations = configs.iter().map(|m| configuration(doc, m, &version)).collect::<Result<Vec<_>, _>>()?;
    Ok(Guidelines { version, href, configurations })
}

fn configuration(doc: &Doc<'_>, config: &Member, version: &str) -> Result<Configuration, FileError> {
    let name = &config.key;
    let path = |key: &str| format!("configurations.{name}.{key}");
    let members = doc.object(&config.value, &format!("configurations.{name}"))?;
    let within = format!("configuration {name:?}");

    let mut spots = Spots { root: config.value.at, ..Spots::default() };
    let mut versions = VersionSet::EMPTY;
    let tls_versions = doc.required(&config.value, members, "tls_versions", &within)?;
    spots.versions = tls_versions.at;
    for (i, node) in doc.array(tls_versions, &path("tls_versions"))?.iter().enumerate() {
        let v: ProtocolVersion = doc.name(node, &format!("{}[{i}]", path("tls_versions")))?;
        versions = versions.with(v);
    }

    let mut add = |list: &Node, key: String| -> Result<(), FileError> {
        for (i, node) in doc.array(list, &key)?.iter().enumerate() {
            let suite = match &node.value {
                // OpenSSL 3.0 builds without 3DES, so the crate's OpenSSL names lack it.
                Value::String(s) if s == "DES-CBC3-SHA" => crate::CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA,
                _ => doc.name(node, &format!("{key}[{i}]"))?,
            };
            spots.entries.push((SuiteEntry::new(suite), node.at));
        }
        Ok(())
    };
    // TLS 1.3 suites: `ciphersuites` from 5.5 on, `openssl_ciphersuites` before.
    if let Some(m) = member(members, "ciphersuites").or_else(|| member(members, "openssl_ciphersuites")) {
        add(&m.value, path(&m.key))?;
    }
    // The others: `ciphers.iana` (or `ciphers.openssl`) from 5.5 on, `openssl_ciphers` before.
    if let Some(m) = member(members, "ciphers") {
        let by_library = doc.object(&m.value, &path("ciphers"))?;
        let list = member(by_library, "iana")
            .or_else(|| member(by_library, "openssl"))
            .ok_or_else(|| FileError::MissingKey { at: doc.loc(m.value.at), key: "iana", within: path("ciphers") })?;
        add(&list.value, format!("{}.{}", path("ciphers"), list.key))?;
    } else if let Some(m) = member(members, "openssl_ciphers") {
        add(&m.value, path("openssl_ciphers"))?;
    }

    if let Some(m) = member(members, "tls_curves") {
        spots.groups_key = m.value.at;
        for (i, node) in doc.array(&m.value, &path("tls_curves"))?.iter().enumerate() {
            let group: NamedGroup = doc.name(node, &format!("{}[{i}]", path("tls_curves")))?;
            spots.groups.push((group, node.at));
        }
    }
    let server_order = match member(members, "server_preferred_order") {
        Some(m) => doc.bool(&m.value, &path("server_preferred_order"))?,
        None => false,
    };

    let title = if version.is_empty() { String::new() } else { format!(" {version}") };
    let policy = Policy::builder(format!("mozilla-{name}"))
        .description(format!("Mozilla server-side TLS guidelines{title}, {name}"))
        .versions(versions)
        .entries(spots.entries.iter().map(|e| e.0))
        .groups(spots.groups.iter().map(|g| g.0))
        .preference(if server_order { Preference::Server } else { Preference::Client })
        .build()
        .map_err(|error| FileError::InvalidPolicy { at: doc.loc(spots.of(&error)), error })?;
    Ok(Configuration { name: name.clone(), policy, at: doc.loc(config.value.at) })
}
