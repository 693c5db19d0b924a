//! What can go wrong reading a policy file, an ARM template or Mozilla's guidelines, with where.

use core::fmt;
use std::path::PathBuf;

use super::*;

/// A file that cannot be read into a policy, and where the problem is.
///
/// Every variant read from text carries the [`Location`] of the value at fault and quotes it.
///
/// The message is whole: a variant that wraps a cause ([`Io`](Self::Io),
/// [`BadName`](Self::BadName), [`InvalidPolicy`](Self::InvalidPolicy)) writes the cause's text
/// into its own and keeps the cause as a field, but does not return it from
/// [`source`](std::error::Error::source), so a reporter that prints the chain (`anyhow`,
/// `eyre`) prints it once. (`thiserror`'s rule: show a cause or return it, never both; this
/// crate's messages are written to be read alone, so they show it.)
///
/// ```
/// use tls_policy::import::files::FileError;
/// use tls_policy::Policy;
///
/// let err = Policy::from_toml_str("id = \"x\"\nversions = [\"TLSv1.2\"]\nentries = [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265\"]")
///     .unwrap_err();
/// assert!(matches!(err, FileError::BadName { .. }));
/// assert_eq!(err.location().map(|l| (l.line, l.column)), Some((3, 12)));
/// assert_eq!(
///     err.to_string(),
///     "line 3, column 12: entries[0]: unknown cipher suite \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265\" \
///      (did you mean TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256?)"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be read.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why (its text is part of this error's; see [`FileError`] on causes).
        error: std::io::Error,
    },
    /// A file whose extension names no format this reader knows.
    #[error("{}: cannot tell the format from the name: expected {expected}", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// The extensions accepted.
        expected: &'static str,
    },
    /// Text that is not JSON or TOML.
    #[error("{at}: malformed {format}: {message} (at {near:?})")]
    Syntax {
        /// Where.
        at: Location,
        /// The syntax expected.
        format: Format,
        /// What is wrong.
        message: String,
        /// The text from the fault to the end of its line.
        near: String,
    },
    /// A key the format does not have.
    #[error("{at}: unknown key {key:?} in {within}{}", Suggestion(*suggestion))]
    UnknownKey {
        /// Where the key is.
        at: Location,
        /// The key.
        key: String,
        /// What holds it (`the policy`, `entries[3]`).
        within: String,
        /// The keys allowed there.
        expected: &'static [&'static str],
        /// The allowed key nearest to the one given.
        suggestion: Option<&'static str>,
    },
    /// A key given twice in one object.
    #[error("{at}: key {key:?} is given twice in {within}")]
    DuplicateKey {
        /// Where the second one is.
        at: Location,
        /// The key.
        key: String,
        /// What holds it.
        within: String,
    },
    /// A required key that is absent.
    #[error("{at}: {within} lacks the required key {key:?}")]
    MissingKey {
        /// Where the object that lacks it starts.
        at: Location,
        /// The key.
        key: &'static str,
        /// The object.
        within: String,
    },
    /// A value of the wrong kind (a number where a list was expected).
    #[error("{at}: {key}: expected {expected}, found {found} {value}")]
    WrongType {
        /// Where the value is.
        at: Location,
        /// The value's path (`entries[2]`).
        key: String,
        /// What was expected.
        expected: &'static str,
        /// What was found (`a number`).
        found: &'static str,
        /// The value, quoted.
        value: String,
    },
    /// A string that names no version, suite, group or scheme; the [`ParseError`] quotes it
    /// and suggests the nearest name.
    #[error("{at}: {key}: {error}")]
    BadName {
        /// Where the value is.
        at: Location,
        /// The value's path.
        key: String,
        /// What is wrong with the name (its text is part of this error's).
        error: ParseError,
    },
    /// A string that is none of a fixed set of words.
    #[error("{at}: {key}: {value:?} is not one of {}{}", allowed.join(", "), Suggestion(*suggestion))]
    BadChoice {
        /// Where the value is.
        at: Location,
        /// The value's path.
        key: String,
        /// The value.
        value: String,
        /// The words allowed.
        allowed: &'static [&'static str],
        /// The allowed word nearest to the value.
        suggestion: Option<&'static str>,
    },
    /// A well-formed file whose policy does not validate; the location is that of the entry,
    /// group or scheme the [`PolicyError`] names, or of the key it concerns.
    #[error("{at}: {error}")]
    InvalidPolicy {
        /// Where.
        at: Location,
        /// What [`PolicyBuilder::build`](crate::PolicyBuilder::build) refused (its text is
        /// part of this error's).
        error: PolicyError,
    },
    /// An ARM template with no `Microsoft.Devices/ProvisioningServices` or
    /// `Microsoft.Devices/IotHubs` resource.
    #[error(
        "{at}: the template has no {} or {} resource (resource types found: {})",
        arm::DPS_TYPE,
        arm::IOT_HUB_TYPE,
        tree::few(found)
    )]
    NoIotResource {
        /// The template's start, or its `resources` key.
        at: Location,
        /// The resource types the template has.
        found: Vec<String>,
    },
    /// A `minTlsVersion` that neither DPS nor IoT Hub accepts.
    #[error("{at}: resource {resource:?}: minTlsVersion {value:?} is not supported: allowed are {} or no minTlsVersion",
        allowed.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", "))]
    UnsupportedMinTlsVersion {
        /// Where the value is (in the template, or in the parameters file it came from).
        at: Location,
        /// The resource's name.
        resource: String,
        /// The value.
        value: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// A `[parameters('name')]` value with no parameters file, or one lacking the parameter,
    /// and no `defaultValue` in the template.
    #[error("{at}: resource {resource:?}: {key} is [parameters('{parameter}')], which is unresolved: {reason}")]
    UnresolvedParameter {
        /// Where the expression is.
        at: Location,
        /// The resource's name.
        resource: String,
        /// The property (`minTlsVersion`).
        key: String,
        /// The parameter's name.
        parameter: String,
        /// Why it could not be resolved.
        reason: Unresolved,
    },
    /// A template expression other than `[parameters('name')]` where a value is needed.
    #[error(
        "{at}: resource {resource:?}: {key} is the expression {expression:?}, which only a deployment can evaluate"
    )]
    UnsupportedExpression {
        /// Where the expression is.
        at: Location,
        /// The resource's name.
        resource: String,
        /// The property.
        key: String,
        /// The expression.
        expression: String,
    },
    /// A Mozilla guidelines file whose configurations object is empty.
    #[error("{at}: the guidelines list no configuration")]
    NoConfigurations {
        /// Where the `configurations` key is.
        at: Location,
    },
}

/// Why a template parameter has no value.
///
/// ```
/// use tls_policy::import::files::{arm, FileError, Unresolved};
///
/// let template = r#"{ "parameters": { "tls": { "type": "string" } }, "resources": [
///     { "type": "Microsoft.Devices/ProvisioningServices", "name": "dps",
///       "properties": { "minTlsVersion": "[parameters('tls')]" } } ] }"#;
/// match arm::read_template(template, None) {
///     Err(FileError::UnresolvedParameter { parameter, reason, .. }) => {
///         assert_eq!((parameter.as_str(), reason), ("tls", Unresolved::NoParametersFile));
///     }
///     other => panic!("expected an unresolved parameter, got {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unresolved {
    /// No parameters file was given, and the template gives no `defaultValue`.
    NoParametersFile,
    /// The parameters file lacks the parameter (or gives it as a Key Vault `reference`), and
    /// the template gives no `defaultValue`.
    MissingFromParametersFile,
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoParametersFile => "no parameters file was given and the template has no defaultValue",
            Self::MissingFromParametersFile => {
                "the parameters file has no value for it and the template no defaultValue"
            }
        })
    }
}

impl FileError {
    /// Where in the text the problem is; `None` for errors about the file as a whole.
    ///
    /// ```
    /// use tls_policy::import::files::{read_policy, Format};
    ///
    /// let err = read_policy(r#"{"id": "x", "versions": ["1.2"], "entries": ["TLS_NOPE"]}"#, Format::Json).unwrap_err();
    /// assert_eq!(err.location().map(|at| at.line), Some(1));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::Io { .. } | Self::UnknownFormat { .. } => None,
            Self::Syntax { at, .. }
            | Self::UnknownKey { at, .. }
            | Self::DuplicateKey { at, .. }
            | Self::MissingKey { at, .. }
            | Self::WrongType { at, .. }
            | Self::BadName { at, .. }
            | Self::BadChoice { at, .. }
            | Self::InvalidPolicy { at, .. }
            | Self::NoIotResource { at, .. }
            | Self::UnsupportedMinTlsVersion { at, .. }
            | Self::UnresolvedParameter { at, .. }
            | Self::UnsupportedExpression { at, .. }
            | Self::NoConfigurations { at } => Some(at),
        }
    }
}
