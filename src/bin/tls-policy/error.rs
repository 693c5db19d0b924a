//! Why a run ends without success. Every error keeps its type (the library's own, rcgen's,
//! the I/O error) up to [`Failure::exit`], the one place that turns it into a line on stderr
//! and an exit status.

use std::io;
use std::path::PathBuf;

use tls_policy::import::files::FileError;
use tls_policy::import::openssl::CipherStringError;
use tls_policy::import::sdk::SdkError;
use tls_policy::rustls::ConfigError;
use tls_policy::{KeyType, ParseError, PolicyError};

/// What a `--policy` may be, for the errors that name a wrong one.
const POLICY_FORMS: &str =
    "a --policy is a named policy, a .json/.toml policy file, arm:TEMPLATE[#NAME] or openssl:STRING";

/// How many of a template's resources an error lists.
pub(crate) const RESOURCES_SHOWN: usize = 5;

/// Why a run ends without success.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Failure {
    /// Writing the output failed. A closed pipe (`| head -1`) ends the run quietly, as other
    /// Unix tools do; anything else (a full disk) is one line and exit status 1.
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
    /// `check --fail-on reject` held.
    #[error("--fail-on reject: {refused} of {devices} devices are refused")]
    Refused { refused: usize, devices: usize },
    /// `diff --fail-on lose-access` held.
    #[error("--fail-on lose-access: {lose} devices lose access")]
    LoseAccess { lose: usize },
    /// `replay --policy` saw an endpoint answer other than the policy predicts.
    #[error("{differ} of {devices} devices were answered otherwise than the policy predicts")]
    Differs { differ: usize, devices: usize },
    /// `scan --policy` found the endpoint doing otherwise than the policy.
    #[error("{target} does not conform to {policy}: {count} differences")]
    NonConforming { target: String, policy: String, count: usize },
    /// `scan` could not reach or read the endpoint.
    #[error(transparent)]
    Scan(#[from] tls_policy::scan::ScanError),
    /// `scan` ran out of its budget; what it saw is printed, but it is not all there is.
    #[error("{target}: the scan is incomplete: {why} (raise --max-connections or --max-time)")]
    ScanIncomplete { target: String, why: String },
    /// `scan`: some probes got no usable answer (each counted as a refusal), so the scan may
    /// be wrong.
    #[error(
        "{target}: {count} probe(s) got no usable answer (listed as faults, each counted as a refusal); \
         the scan may be wrong: scan again, or raise --timeout"
    )]
    ScanFaults { target: String, count: usize },
    /// `check` or `diff` found no capture at the paths given.
    #[error(
        "no captures found in {} (a capture is a packet capture, .pcap or .pcapng, a .bin file of a \
         ClientHello's raw bytes or a .hex dump)",
        paths_list(.paths)
    )]
    NoCaptures { paths: Vec<PathBuf> },
    /// `--html` could not write its report.
    #[error("cannot write the report {}: {source}", .path.display())]
    Report { path: PathBuf, source: io::Error },
    /// `SOURCE_DATE_EPOCH` is set but is not a number of seconds.
    #[error("SOURCE_DATE_EPOCH is {value:?}, not a number of seconds since 1970 (unset it to date the report today)")]
    SourceDateEpoch { value: String },
    /// Some inputs could not be read (each is named on stderr as it comes).
    #[error("{count} input(s) could not be read")]
    Unreadable { count: usize },
    /// Some packet captures held no ClientHello (each is named on stderr).
    #[error("{count} packet capture(s) held no ClientHello")]
    NoHello { count: usize },
    /// A catalog id or a suite name that does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A named policy that does not exist.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A `--policy` that is no named policy, file, template or cipher string.
    #[error("{source} ({POLICY_FORMS})")]
    NotAPolicy { source: PolicyError },
    /// A `--policy` that names a folder.
    #[error("{spec} is a folder, not a policy: {POLICY_FORMS}")]
    PolicyIsFolder { spec: String },
    /// An `openssl:` policy whose cipher string does not compile.
    #[error(transparent)]
    CipherString(#[from] CipherStringError),
    /// A policy file or ARM template that does not load.
    #[error(transparent)]
    File(#[from] FileError),
    /// `arm:` with no template path.
    #[error("{spec:?} names no template: write arm:TEMPLATE or arm:TEMPLATE#NAME, e.g. arm:azuredeploy.json")]
    ArmNoTemplate { spec: String },
    /// `arm:PATH#NAME` whose template does not exist.
    #[error(
        "{spec}: no template {path:?} (the text after the last # is a resource name; for a path \
         that contains #, end it with #, as in arm:{rest}#)"
    )]
    ArmMissingTemplate { spec: String, path: String, rest: String },
    /// `arm:PATH#NAME` whose template has no resource of that name.
    #[error("{path}: no resource named {}; the template has {}", clip(.name), resources_list(.names))]
    ArmNoResource { path: String, name: String, names: Vec<String> },
    /// One policy wanted, several given (an ARM template with several resources).
    #[error("{spec} gives {} policies ({}); name one with #NAME", .labels.len(), .labels.join(", "))]
    SeveralPolicies { spec: String, labels: Vec<String> },
    /// `sdk` with a language or release it does not know.
    #[error(transparent)]
    Sdk(#[from] SdkError),
    /// `export` of a policy no target setting can hold.
    #[error(transparent)]
    Export(#[from] tls_policy::export::ExportError),
    /// `export --to openssl` of a policy without TLS 1.2 suites.
    #[error(
        "{policy} has no TLS 1.2 or older suite, so no cipher string: its TLS 1.3 suites are OpenSSL's \
         Ciphersuites (--to openssl-conf)"
    )]
    NoCipherString { policy: String },
    /// The rustls configs could not be built.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// rcgen could not make a key.
    #[error("{key} key: {source}")]
    Key { key: KeyType, source: rcgen::Error },
    /// rcgen refused the certificate's parameters.
    #[error(transparent)]
    CertificateParams(rcgen::Error),
    /// rcgen could not sign the certificate.
    #[error("{key} certificate: {source}")]
    Certificate { key: KeyType, source: rcgen::Error },
    /// `--client-ca` could not be read as CA certificates.
    #[error(transparent)]
    ClientAuth(#[from] tls_policy::rustls::ClientAuthError),
    /// The Ctrl-C and SIGTERM handlers could not be set.
    #[error("signal handler: {0}")]
    SignalHandler(io::Error),
    /// The async runtime could not start.
    #[error("runtime: {0}")]
    Runtime(io::Error),
    /// `serve` could not bind its port.
    #[error("bind 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: io::Error },
    /// The bound socket could not be set up.
    #[error(transparent)]
    Listener(io::Error),
}

impl Failure {
    /// The exit status: `None` for a run that ends quietly with success (a closed pipe), 1
    /// when the output cannot be written or a `--fail-on` condition holds, 2 for a usage or
    /// input error. [`crate::output::exit`] says it on stderr.
    pub(crate) fn status(&self) -> Option<u8> {
        match self {
            Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
            Self::Output(_)
            | Self::Refused { .. }
            | Self::LoseAccess { .. }
            | Self::Differs { .. }
            | Self::NonConforming { .. } => Some(1),
            _ => Some(2),
        }
    }
}

fn paths_list(paths: &[PathBuf]) -> String {
    let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    named.join(", ")
}

/// The first few resource names, quoted and clipped, and how many more there are.
fn resources_list(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(RESOURCES_SHOWN).map(|n| clip(n)).collect();
    if names.len() > RESOURCES_SHOWN {
        shown.push(format!("and {} more", names.len() - RESOURCES_SHOWN));
    }
    shown.join(", ")
}

/// A name as an error quotes it: at most 40 characters.
fn clip(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{:?}...", text.get(..at).unwrap_or_default()),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status_is_one_for_gates_and_output_two_for_input_errors() {
        let pipe = Failure::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(pipe.status(), None, "a closed pipe ends the run quietly");
        assert_eq!(Failure::Output(io::Error::from(io::ErrorKind::StorageFull)).status(), Some(1));
        assert_eq!(Failure::Refused { refused: 1, devices: 2 }.status(), Some(1));
        assert_eq!(Failure::LoseAccess { lose: 1 }.status(), Some(1));
        assert_eq!(Failure::NoCaptures { paths: vec![PathBuf::from("empty/")] }.status(), Some(2));
        assert_eq!(Failure::Unreadable { count: 1 }.status(), Some(2));
        assert_eq!(Failure::NoHello { count: 1 }.status(), Some(2));
        let unknown = tls_policy::Policy::named("no-such-policy").map(|_| ()).map_err(Failure::from);
        assert_eq!(unknown.err().and_then(|e| e.status()), Some(2));
    }

    #[test]
    fn resource_lists_are_clipped_and_counted() {
        let names: Vec<String> = (0..7).map(|i| format!("dps-{i}")).collect();
        let e = Failure::ArmNoResource { path: "t.json".to_owned(), name: "x".repeat(50), names };
        let text = e.to_string();
        assert!(text.starts_with(&format!("t.json: no resource named \"{}\"...;", "x".repeat(40))), "{text}");
        assert!(text.ends_with("\"dps-3\", \"dps-4\", and 2 more"), "{text}");
    }
}
