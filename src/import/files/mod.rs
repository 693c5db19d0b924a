//! Policies from files: policy files in JSON or TOML, Azure Resource Manager templates
//! ([`arm`]) and Mozilla's server-side TLS guidelines ([`mozilla`]).
//!
//! # The policy file format
//!
//! A policy file holds one policy, as JSON (RFC 8259) or TOML (1.0 or 1.1), chosen by the
//! file's extension (`.json`, `.toml`). The keys are those of [`Policy`]:
//!
//! | key | required | value |
//! |---|---|---|
//! | `id` | yes | the policy's identifier, any string |
//! | `description` | no (empty) | text for people |
//! | `versions` | yes | protocol versions, each as [`ProtocolVersion`] parses it: `"TLSv1.2"`, `"TLS 1.2"`, `"1.2"`, `"0x0303"` |
//! | `entries` | yes | cipher suites in the server's preference order (below) |
//! | `groups` | no ([recommended](#defaults)) | named groups by IANA name, alias (`prime256v1`, `P-256`) or code (`"0x0017"`) |
//! | `signature_schemes` | no ([recommended](#defaults)) | signature schemes by IANA name or code |
//! | `preference` | no (`"server"`) | `"server"` (the first policy entry the client offers) or `"client"` |
//! | `missing_groups` | no (`"any"`) | what a client without `supported_groups` gets: `"any"` (RFC 8422 §4: the first policy group) or `"none-shared"` (rustls, OpenSSL) |
//!
//! An entry is a string or a table. A string is a suite by IANA name
//! (`"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"`), OpenSSL name (`"ECDHE-RSA-AES128-GCM-SHA256"`)
//! or code (`"0xC02F"`, `"0xC0,0x2F"`), with an optional group constraint written as SChannel
//! writes it (`"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256"`) or as `"SUITE+group"`
//! (`"0xC013+x25519"`). A table is `{ suite = "...", group = "..." }`, the group optional.
//! Names are matched ignoring ASCII case.
//!
//! Keys are matched exactly; an unknown key is an error that suggests the nearest known one,
//! and so is a misspelt suite, group, version or scheme. The policy is then validated as
//! [`PolicyBuilder::build`](crate::PolicyBuilder::build) validates code-built ones. Every error
//! is a [`FileError`] naming the file, line and column of the value at fault.
//!
//! ## Defaults
//!
//! A file that leaves out `groups` or `signature_schemes` gets what current guidance
//! recommends, so a file with versions and suites only is a sound policy, in which the crate's
//! own [audit](Policy::audit) finds nothing of medium severity or worse:
//!
//! - groups: X25519, secp256r1, secp384r1 ([`Policy::recommended_groups`]): RFC 8446 §9.1
//!   (secp256r1 MUST, X25519 SHOULD) and the classical groups of Mozilla's server-side TLS 6.0
//!   "intermediate" configuration;
//! - signature schemes: RSA-PSS, RSA PKCS#1 and ECDSA with SHA-256, SHA-384 and SHA-512
//!   ([`Policy::recommended_signature_schemes`]): RFC 8446 §9.1's mandatory schemes are in,
//!   SHA-1 (deprecated for TLS 1.2 by RFC 9155) and SHA-224 are out.
//!
//! An empty list is no omission: `groups = []` means no group. The
//! [builder](crate::PolicyBuilder) keeps its own defaults (no group; every RSA and ECDSA scheme,
//! SHA-1 included, as RFC 5246 servers sign), which the DPS policies use.
//!
//! ```
//! use tls_policy::{NamedGroup, Policy, Severity, SignatureScheme};
//!
//! let policy = Policy::from_toml_str(r#"
//!     id = "minimal"
//!     versions = ["TLSv1.2", "TLSv1.3"]
//!     entries = ["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]
//! "#)?;
//! assert_eq!(policy.groups(), [NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1]);
//! assert!(!policy.signature_schemes().contains(&SignatureScheme::rsa_pkcs1_sha1));
//! assert!(policy.audit().iter().all(|f| f.severity < Severity::Medium));
//!
//! // Written back, the defaults are left out again; groups are always written.
//! let toml = policy.to_toml_string();
//! assert!(!toml.contains("signature_schemes") && toml.contains("groups"));
//! assert_eq!(Policy::from_toml_str(&toml)?, policy);
//! # Ok::<(), tls_policy::import::files::FileError>(())
//! ```
//!
//! ## Writing
//!
//! Writing ([`Policy::to_json_string`], [`Policy::to_toml_string`]) gives entries as strings,
//! always writes `groups`, leaves out an empty description and signature schemes equal to a
//! file's default (so a policy using the builder's default schemes gets them written out), and
//! reads back to an equal policy: a policy survives a copy to another region as the DPS
//! `minTlsVersion` survives a failover.
//!
//! ```
//! use tls_policy::{NamedGroup, Policy, Preference};
//!
//! let policy = Policy::from_toml_str(r#"
//!     id = "dps-tls12-p256"
//!     description = "dps-tls12, P-256 only"
//!     versions = ["TLSv1.2"]
//!     entries = [
//!         "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
//!         "ECDHE-RSA-AES128-GCM-SHA256",
//!         "0xC028",
//!         { suite = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", group = "secp256r1" },
//!     ]
//!     groups = ["secp256r1"]
//! "#)?;
//! assert_eq!(policy.entries().len(), 4);
//! assert_eq!(policy.entries()[3].to_string(), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256");
//! assert_eq!(policy.preference(), Preference::Server);
//! assert_eq!(Policy::from_json_str(&policy.to_json_string())?, policy);
//!
//! let err = Policy::from_json_str(r#"{"id": "x", "version": ["TLSv1.2"]}"#).unwrap_err();
//! assert_eq!(err.to_string(), "line 1, column 13: unknown key \"version\" in the policy (did you mean versions?)");
//! # Ok::<(), tls_policy::import::files::FileError>(())
//! ```

use core::fmt;
use core::str::FromStr;
use std::path::Path;
use std::sync::Arc;

use crate::model::error::{ParseError, Suggestion};
use crate::policy::{EntrySpec, EntryTable, MissingGroups, Policy, PolicyError, PolicySpec, Preference, keys_of};
use crate::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme, SuiteEntry, VersionSet};

pub mod arm;
mod error;
pub mod mozilla;
mod tree;

pub use error::{FileError, Unresolved};

use tree::{Member, Node, Value};

/// Where in a file something is: the file (when read from one), and the 1-based line and
/// column (in characters).
///
/// ```
/// use tls_policy::import::files::{read_policy, Format};
///
/// let err = read_policy("id = \"x\"\nversoins = [\"1.2\"]\n", Format::Toml).unwrap_err();
/// let at = err.location().expect("the error has a place");
/// assert_eq!((at.line, at.column, at.file.is_none()), (2, 1, true));
/// assert_eq!(at.to_string(), "line 2, column 1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Location {
    /// The file, or `None` for text given as a string.
    pub file: Option<Arc<Path>>,
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    /// `policy.toml:3:12`, or `line 3, column 12` for text that came from no file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}:{}:{}", file.display(), self.line, self.column),
            None => write!(f, "line {}, column {}", self.line, self.column),
        }
    }
}

/// A policy file's syntax.
///
/// ```
/// use tls_policy::import::files::{read_policy, write_policy, Format};
/// use tls_policy::Policy;
///
/// let dps = Policy::named("dps-tls12")?;
/// for format in [Format::Json, Format::Toml] {
///     assert_eq!(read_policy(&write_policy(&dps, format), format)?, dps);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON (RFC 8259).
    Json,
    /// TOML.
    Toml,
}

impl Format {
    /// The format a file's extension names (`.json`, `.toml`, ASCII case ignored).
    ///
    /// ```
    /// use tls_policy::import::files::Format;
    ///
    /// assert_eq!(Format::from_path("policies/dps.TOML"), Some(Format::Toml));
    /// assert_eq!(Format::from_path("policy.yaml"), None);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Option<Self> {
        let ext = path.as_ref().extension()?.to_str()?;
        [("json", Self::Json), ("toml", Self::Toml)].into_iter().find(|(e, _)| ext.eq_ignore_ascii_case(e)).map(|p| p.1)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Json => "JSON",
            Self::Toml => "TOML",
        })
    }
}

/// Reads a policy file, choosing JSON or TOML by its extension.
///
/// ```no_run
/// let policy = tls_policy::import::files::load_policy("policies/dps-tls12.toml")?;
/// println!("{} allows {}", policy.id(), policy.versions());
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
pub fn load_policy(path: impl AsRef<Path>) -> Result<Policy, FileError> {
    let path = path.as_ref();
    let format = Format::from_path(path)
        .ok_or_else(|| FileError::UnknownFormat { path: path.to_owned(), expected: ".json or .toml" })?;
    let text = read_text(path)?;
    let doc = Doc { text: &text, file: Some(path), syntax: Syntax::Policy(format) };
    policy_from_doc(&doc)
}

/// Reads a policy from text in the given format.
///
/// ```
/// use tls_policy::import::files::{read_policy, Format};
///
/// let p = read_policy(r#"{"id": "gcm", "versions": ["1.2"], "entries": ["0xC02F"], "groups": ["x25519"]}"#, Format::Json)?;
/// assert_eq!(p.id(), "gcm");
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
pub fn read_policy(text: &str, format: Format) -> Result<Policy, FileError> {
    policy_from_doc(&Doc { text, file: None, syntax: Syntax::Policy(format) })
}

/// Writes a policy in the given format, as [`Policy::to_json_string`] and
/// [`Policy::to_toml_string`] do.
///
/// ```
/// use tls_policy::import::files::{write_policy, Format};
/// use tls_policy::Policy;
///
/// let toml = write_policy(&Policy::named("dps-tls12")?, Format::Toml);
/// assert!(toml.starts_with("id = \"dps-tls12\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_policy(policy: &Policy, format: Format) -> String {
    match format {
        Format::Json => policy.to_json_string(),
        Format::Toml => policy.to_toml_string(),
    }
}

impl Policy {
    /// Reads a policy file's JSON text (the format is in [`files`](crate::import::files)).
    ///
    /// ```
    /// use tls_policy::Policy;
    ///
    /// let json = r#"{
    ///     "id": "legacy-p256",
    ///     "versions": ["TLSv1.0", "TLSv1.1", "TLSv1.2"],
    ///     "entries": ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256", "AES128-SHA"],
    ///     "groups": ["secp256r1"]
    /// }"#;
    /// let policy = Policy::from_json_str(json)?;
    /// assert_eq!(policy.entries().len(), 2);
    /// # Ok::<(), tls_policy::import::files::FileError>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, FileError> {
        read_policy(text, Format::Json)
    }

    /// Reads a policy file's TOML text (the format is in [`files`](crate::import::files)).
    ///
    /// ```
    /// use tls_policy::Policy;
    ///
    /// let policy = Policy::from_toml_str("id = 'gcm'\nversions = ['1.2']\nentries = ['0xC02F']\ngroups = ['x25519']")?;
    /// assert_eq!(policy.groups().len(), 1);
    /// # Ok::<(), tls_policy::import::files::FileError>(())
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, FileError> {
        read_policy(text, Format::Toml)
    }

    /// The policy as a JSON policy file, pretty-printed.
    ///
    /// ```
    /// use tls_policy::Policy;
    ///
    /// let dps = Policy::named("dps-tls12")?;
    /// let json = dps.to_json_string();
    /// assert!(json.contains(r#""versions": ["#));
    /// assert_eq!(Policy::from_json_str(&json)?, dps);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json_string(&self) -> String {
        // Every field is a string, a list of strings or a unit enum: nothing can fail.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| unreachable!("a policy serializes to JSON: {e}"))
    }

    /// The policy as a TOML policy file.
    ///
    /// ```
    /// use tls_policy::Policy;
    ///
    /// let dps = Policy::named("dps-legacy-security")?;
    /// let toml = dps.to_toml_string();
    /// assert!(toml.starts_with("id = \"dps-legacy-security\"\n"));
    /// assert_eq!(Policy::from_toml_str(&toml)?, dps);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| unreachable!("a policy serializes to TOML: {e}"))
    }
}

fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = std::fs::read(path).map_err(|error| FileError::Io { path: path.to_owned(), error })?;
    tree::text(bytes).map_err(|error| FileError::Io { path: path.to_owned(), error })
}

// ---------------------------------------------------------------------------------------------
// Reading documents: positions, kinds, keys.

/// Which syntax a document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// A policy file.
    Policy(Format),
    /// JSON as ARM and Mozilla's files are written: comments and trailing commas allowed.
    Template,
}

/// A document being read: its text (for positions) and where it came from.
struct Doc<'a> {
    text: &'a str,
    file: Option<&'a Path>,
    syntax: Syntax,
}

impl Doc<'_> {
    fn loc(&self, at: usize) -> Location {
        let (line, column) = tree::line_column(self.text, at);
        Location { file: self.file.map(Arc::from), line, column }
    }

    fn parse(&self) -> Result<Node, FileError> {
        let (result, format) = match self.syntax {
            Syntax::Policy(Format::Json) => (tree::parse_json(self.text, tree::Dialect::STRICT), Format::Json),
            Syntax::Policy(Format::Toml) => (tree::parse_toml(self.text), Format::Toml),
            Syntax::Template => (tree::parse_json(self.text, tree::Dialect::TEMPLATE), Format::Json),
        };
        result.map_err(|e| FileError::Syntax {
            at: self.loc(e.at),
            format,
            message: e.message,
            near: tree::excerpt(self.text, e.at),
        })
    }

    fn wrong_type(&self, node: &Node, key: &str, expected: &'static str) -> FileError {
        FileError::WrongType {
            at: self.loc(node.at),
            key: key.to_owned(),
            expected,
            found: node.value.kind(),
            value: node.value.quote(),
        }
    }

    fn object<'n>(&self, node: &'n Node, key: &str) -> Result<&'n [Member], FileError> {
        match &node.value {
            Value::Object(members) => Ok(members),
            _ => Err(self.wrong_type(node, key, "an object (a table)")),
        }
    }

    fn array<'n>(&self, node: &'n Node, key: &str) -> Result<&'n [Node], FileError> {
        match &node.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.wrong_type(node, key, "a list")),
        }
    }

    fn string<'n>(&self, node: &'n Node, key: &str) -> Result<&'n str, FileError> {
        match &node.value {
            Value::String(s) => Ok(s),
            _ => Err(self.wrong_type(node, key, "a string")),
        }
    }

    fn bool(&self, node: &Node, key: &str) -> Result<bool, FileError> {
        match node.value {
            Value::Bool(b) => Ok(b),
            _ => Err(self.wrong_type(node, key, "true or false")),
        }
    }

    /// A string parsed as a version, suite, group or scheme.
    fn name<T: FromStr<Err = ParseError>>(&self, node: &Node, key: &str) -> Result<T, FileError> {
        self.string(node, key)?.parse().map_err(|error| FileError::BadName {
            at: self.loc(node.at),
            key: key.to_owned(),
            error,
        })
    }

    /// A string that must be one of `T`'s names (the model's, as serde reads them).
    fn choice<T>(&self, node: &Node, key: &str) -> Result<T, FileError>
    where
        T: strum::VariantNames + strum::IntoEnumIterator + Into<&'static str> + Copy,
    {
        let value = self.string(node, key)?;
        crate::policy::word(value).ok_or_else(|| FileError::BadChoice {
            at: self.loc(node.at),
            key: key.to_owned(),
            value: tree::clip(value),
            allowed: T::VARIANTS,
            suggestion: crate::model::error::nearest(value, T::VARIANTS.iter().copied()),
        })
    }

    /// Refuses keys not in `allowed` and keys given twice.
    fn check_keys(&self, members: &[Member], allowed: &'static [&'static str], within: &str) -> Result<(), FileError> {
        for (i, m) in members.iter().enumerate() {
            if !allowed.contains(&m.key.as_str()) {
                return Err(FileError::UnknownKey {
                    at: self.loc(m.at),
                    key: tree::clip(&m.key),
                    within: within.to_owned(),
                    expected: allowed,
                    suggestion: crate::model::error::nearest(&m.key, allowed.iter().copied()),
                });
            }
            if members[..i].iter().any(|earlier| earlier.key == m.key) {
                return Err(FileError::DuplicateKey {
                    at: self.loc(m.at),
                    key: tree::clip(&m.key),
                    within: within.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The value of a key that must be present.
    fn required<'n>(
        &self,
        node: &Node,
        members: &'n [Member],
        key: &'static str,
        within: &str,
    ) -> Result<&'n Node, FileError> {
        member(members, key).map(|m| &m.value).ok_or_else(|| FileError::MissingKey {
            at: self.loc(node.at),
            key,
            within: within.to_owned(),
        })
    }
}

/// The member with this key (exact match).
fn member<'n>(members: &'n [Member], key: &str) -> Option<&'n Member> {
    members.iter().find(|m| m.key == key)
}

// ---------------------------------------------------------------------------------------------
// Policy files.

// The reader walks the position-keeping tree itself, to point every error at its value, but
// feeds the one model (`PolicySpec`, whose serde derive names the keys it checks against) and
// its one conversion to a policy.

/// Where each part of a policy file is, to point a validation error at it.
#[derive(Default)]
struct Spots {
    root: usize,
    versions: usize,
    entries_key: usize,
    groups_key: usize,
    entries: Vec<(SuiteEntry, usize)>,
    groups: Vec<(NamedGroup, usize)>,
    schemes: Vec<(SignatureScheme, usize)>,
}

impl Spots {
    /// The offset of the value a validation error is about.
    fn of(&self, e: &PolicyError) -> usize {
        let entry =
            |entry: &SuiteEntry, nth: usize| self.entries.iter().filter(|(e, _)| e == entry).nth(nth).map(|p| p.1);
        let found = match e {
            PolicyError::NoSuites | PolicyError::TooManyEntries { .. } => Some(self.entries_key),
            PolicyError::NoVersions
            | PolicyError::VersionWithoutSuites { .. }
            | PolicyError::ProhibitedVersion { .. } => Some(self.versions),
            PolicyError::TooManyGroups { .. } => Some(self.groups_key),
            PolicyError::UnknownSuite { suite } => self.entries.iter().find(|(e, _)| e.suite == *suite).map(|p| p.1),
            PolicyError::DuplicateEntry { entry: e } => entry(e, 1),
            PolicyError::EntryOutsideVersions { entry: e, .. }
            | PolicyError::ConstraintOnNonEcSuite { entry: e }
            | PolicyError::ConstraintOutsideGroups { entry: e, .. }
            | PolicyError::NoGroupFor { entry: e, .. }
            | PolicyError::ConstraintGroupUnusable { entry: e, .. } => entry(e, 0),
            PolicyError::UnknownGroup { group } => self.groups.iter().find(|(g, _)| g == group).map(|p| p.1),
            PolicyError::DuplicateGroup { group } => self.groups.iter().filter(|(g, _)| g == group).nth(1).map(|p| p.1),
            PolicyError::UnknownSignatureScheme { scheme } | PolicyError::UnusableSignatureScheme { scheme } => {
                self.schemes.iter().find(|(s, _)| s == scheme).map(|p| p.1)
            }
            PolicyError::DuplicateSignatureScheme { scheme } => {
                self.schemes.iter().filter(|(s, _)| s == scheme).nth(1).map(|p| p.1)
            }
            _ => None,
        };
        found.unwrap_or(self.root)
    }
}

fn policy_from_doc(doc: &Doc<'_>) -> Result<Policy, FileError> {
    let root = doc.parse()?;
    policy_from_node(doc, &root)
}

fn policy_from_node(doc: &Doc<'_>, root: &Node) -> Result<Policy, FileError> {
    const WITHIN: &str = "the policy";
    let members = doc.object(root, WITHIN)?;
    doc.check_keys(members, keys_of::<PolicySpec>(), WITHIN)?;
    let mut spots = Spots { root: root.at, ..Spots::default() };

    let id = doc.string(doc.required(root, members, "id", WITHIN)?, "id")?.to_owned();
    let description = match member(members, "description") {
        Some(m) => doc.string(&m.value, "description")?.to_owned(),
        None => String::new(),
    };

    let versions = doc.required(root, members, "versions", WITHIN)?;
    spots.versions = versions.at;
    let mut set = VersionSet::EMPTY;
    for (i, node) in doc.array(versions, "versions")?.iter().enumerate() {
        let key = format!("versions[{i}]");
        let v: ProtocolVersion = doc.name(node, &key)?;
        if !v.is_known() {
            let error =
                ParseError::Unknown { registry: crate::Registry::Version, input: v.to_string(), suggestion: None };
            return Err(FileError::BadName { at: doc.loc(node.at), key, error });
        }
        set = set.with(v);
    }

    let entries = doc.required(root, members, "entries", WITHIN)?;
    spots.entries_key = entries.at;
    for (i, node) in doc.array(entries, "entries")?.iter().enumerate() {
        let entry = entry_from_node(doc, node, &format!("entries[{i}]"))?;
        spots.entries.push((entry, node.at));
    }

    // An absent key gets the model's default (module docs); an empty list is what it says.
    let groups = match member(members, "groups") {
        Some(m) => {
            spots.groups_key = m.value.at;
            for (i, node) in doc.array(&m.value, "groups")?.iter().enumerate() {
                spots.groups.push((doc.name(node, &format!("groups[{i}]"))?, node.at));
            }
            spots.groups.iter().map(|g| g.0).collect()
        }
        None => PolicySpec::default_groups(),
    };
    let signature_schemes = match member(members, "signature_schemes") {
        Some(m) => {
            for (i, node) in doc.array(&m.value, "signature_schemes")?.iter().enumerate() {
                spots.schemes.push((doc.name(node, &format!("signature_schemes[{i}]"))?, node.at));
            }
            Some(spots.schemes.iter().map(|s| s.0).collect())
        }
        None => None,
    };
    let preference = match member(members, "preference") {
        Some(m) => doc.choice(&m.value, "preference")?,
        None => Preference::default(),
    };
    let missing_groups = match member(members, "missing_groups") {
        Some(m) => doc.choice(&m.value, "missing_groups")?,
        None => MissingGroups::default(),
    };
    let spec = PolicySpec {
        id,
        description,
        versions: set,
        entries: spots.entries.iter().map(|e| EntrySpec(e.0)).collect(),
        groups,
        signature_schemes,
        preference,
        missing_groups,
    };
    spec.into_policy().map_err(|error| FileError::InvalidPolicy { at: doc.loc(spots.of(&error)), error })
}

/// `"NAME"`, `"NAME_P256"`, `"NAME+group"` or `{ suite = "NAME", group = "group" }`.
fn entry_from_node(doc: &Doc<'_>, node: &Node, key: &str) -> Result<SuiteEntry, FileError> {
    match &node.value {
        Value::String(_) => doc.name(node, key),
        Value::Object(members) => {
            doc.check_keys(members, keys_of::<EntryTable>(), key)?;
            let suite_node = doc.required(node, members, "suite", key)?;
            let suite: CipherSuite = doc.name(suite_node, &format!("{key}.suite"))?;
            let group = match member(members, "group") {
                Some(m) => Some(doc.name(&m.value, &format!("{key}.group"))?),
                None => None,
            };
            Ok(SuiteEntry { suite, group })
        }
        _ => Err(doc.wrong_type(node, key, "a suite name or code, or a table with suite and group")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_point_at_the_entry() {
        let text = "{\n \"id\": \"x\",\n \"versions\": [\"TLSv1.2\"],\n \"entries\": [\"0xC02F\", \"0xC02F\"],\n \"groups\": [\"x25519\"]\n}";
        let err = Policy::from_json_str(text).unwrap_err();
        assert!(matches!(err, FileError::InvalidPolicy { error: PolicyError::DuplicateEntry { .. }, .. }), "{err}");
        assert_eq!(err.location().map(|l| (l.line, l.column)), Some((4, 24)));
    }

    /// Every named policy, written in either format, reads back equal through the hand reader
    /// and through serde: the two read one model.
    #[test]
    fn named_policies_read_back_through_both_readers() {
        for id in Policy::named_ids() {
            let policy = Policy::named(id).unwrap();
            let (json, toml) = (write_policy(&policy, Format::Json), write_policy(&policy, Format::Toml));
            assert_eq!(read_policy(&json, Format::Json).unwrap(), policy, "{id}");
            assert_eq!(read_policy(&toml, Format::Toml).unwrap(), policy, "{id}");
            assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy, "{id}");
            assert_eq!(toml::from_str::<Policy>(&toml).unwrap(), policy, "{id}");
        }
    }

    /// A policy that sets every key of the model to something other than its default.
    fn every_key_set() -> Policy {
        Policy::builder("every-key")
            .description("every key set")
            .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
            .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
            .group(NamedGroup::secp256r1)
            .signature_schemes([SignatureScheme::rsa_pkcs1_sha256])
            .preference(Preference::Client)
            .missing_groups(MissingGroups::NoneShared)
            .build()
            .unwrap()
    }

    /// Reads `object` with the hand reader and with serde.
    fn both(
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> (Result<Policy, FileError>, serde_json::Result<Policy>) {
        let text = serde_json::Value::Object(object.clone()).to_string();
        (Policy::from_json_str(&text), serde_json::from_str(&text))
    }

    /// The sample sets every key of the model, so a key added to the model shows here.
    fn assert_keys(sample: &serde_json::Map<String, serde_json::Value>, model: &[&str]) {
        let mut keys: Vec<&str> = sample.keys().map(String::as_str).collect();
        let mut model = model.to_vec();
        keys.sort_unstable();
        model.sort_unstable();
        assert_eq!(keys, model, "the sample must set every key of the model");
    }

    /// Fails when the serde model gains (or renames) a key the hand reader does not read.
    #[test]
    fn the_reader_reads_every_key_of_the_model() {
        let policy = every_key_set();
        let written: serde_json::Value = serde_json::from_str(&policy.to_json_string()).unwrap();
        let object = written.as_object().unwrap();
        assert_keys(object, keys_of::<PolicySpec>());
        let (hand, serde) = both(object);
        assert_eq!((hand.unwrap(), serde.unwrap()), (policy.clone(), policy));
        for key in keys_of::<PolicySpec>() {
            // Each key is read: a value of the wrong type is refused, at that key ...
            let mut wrong = object.clone();
            wrong.insert((*key).to_owned(), serde_json::json!(12345));
            let (hand, serde) = both(&wrong);
            assert!(matches!(&hand, Err(FileError::WrongType { key: k, .. }) if k == key), "{key}: {hand:?}");
            assert!(serde.is_err(), "{key}");
            // ... and without it, both readers give the same default, or both refuse.
            let mut left_out = object.clone();
            left_out.remove(*key);
            match both(&left_out) {
                (Ok(hand), Ok(serde)) => assert_eq!(hand, serde, "{key}"),
                (Err(FileError::MissingKey { key: k, .. }), Err(_)) => assert_eq!(k, *key),
                other => panic!("{key}: {other:?}"),
            }
        }
    }

    /// The same for an entry's table form.
    #[test]
    fn the_reader_reads_every_key_of_an_entry_table() {
        let table = serde_json::json!({"suite": "0xC02F", "group": "secp256r1"});
        let mut object = serde_json::from_str::<serde_json::Value>(&every_key_set().to_json_string()).unwrap();
        let serde_json::Value::Object(object) = &mut object else { panic!("an object") };
        let serde_json::Value::Object(fields) = &table else { panic!("an object") };
        assert_keys(fields, keys_of::<EntryTable>());
        object.insert("entries".to_owned(), serde_json::json!([table]));
        let (hand, serde) = both(object);
        let hand = hand.unwrap();
        assert_eq!(
            hand.entries(),
            [SuiteEntry::with_group(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NamedGroup::secp256r1)]
        );
        assert_eq!(serde.unwrap(), hand);
        for key in keys_of::<EntryTable>() {
            let mut wrong = fields.clone();
            wrong.insert((*key).to_owned(), serde_json::json!(12345));
            object.insert("entries".to_owned(), serde_json::json!([wrong]));
            let (hand, serde) = both(object);
            let at = format!("entries[0].{key}");
            assert!(matches!(&hand, Err(FileError::WrongType { key: k, .. }) if *k == at), "{key}: {hand:?}");
            assert!(serde.is_err(), "{key}");
        }
    }
}
