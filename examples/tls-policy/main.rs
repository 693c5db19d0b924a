//! `tls-policy`: look up TLS cipher suites and the catalogs policies are made from.
//!
//! ```sh
//! cargo run --example tls-policy                           # check the bundled sample devices
//! cargo run --example tls-policy -- check tests/data/hellos/   # check your own ClientHellos
//! cargo run --example tls-policy -- check --json --policy dps-tls12 tests/data/hex/
//! cargo run --example tls-policy -- check --fail-on reject tests/data/hellos/  # exit 1: some are refused
//! cargo run --example tls-policy -- catalog                # list every catalog
//! cargo run --example tls-policy -- catalog dps-legacy-1   # one catalog as a table
//! cargo run --example tls-policy -- catalog dps-ecc --json # ... as JSON
//! cargo run --example tls-policy -- suite C014_P384        # one suite, by any name or code
//! cargo run --example tls-policy -- policy                 # list the named policies
//! cargo run --example tls-policy -- policy dps-tls12 --json
//! cargo run --example tls-policy -- config --policy dps-tls12 --keys rsa,ecdsa
//! cargo run --example tls-policy -- serve --policy dps-tls12 --port 8443
//! cargo run --example tls-policy -- audit --policy dps-legacy-security --against nist-800-52r2
//! cargo run --example tls-policy -- diff --from dps-legacy-security --to dps-tls12 tests/data/hellos/
//! cargo run --example tls-policy -- check --policy arm:tests/data/arm/several.json --policy 'openssl:HIGH:!aNULL'
//! cargo run --example tls-policy -- policy --from tests/data/policies/dps-legacy-security.toml --json
//! cargo run --example tls-policy -- sdk c LTS_07_2022_Ref01
//! ```
//!
//! Exit status: 0 on success (and when the output is a pipe closed early), 1 when a
//! `--fail-on` condition holds or the output cannot be written, 2 on a usage or input error
//! (no captures found, an unreadable file, a policy that does not load).

/// Writes one line of output; a failed write is a [`Failure::Output`] for `?` to carry up.
macro_rules! say {
    () => { $crate::emit(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::emit(format_args!("{}\n", format_args!($($arg)*))) };
}

mod fleet;
mod hex;
mod inputs;
mod serve;
mod sources;

use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};
use tls_policy::{
    Authentication, Catalog, CatalogEntry, ClientHello, Credentials, Entry, KeyExchange, MissingGroups, NamedGroup,
    Policy, Preference, SuiteClass, SuiteInfo, negotiate,
};

#[derive(Parser)]
#[command(name = "tls-policy", about = "TLS cipher-suite catalogs and lookups", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The parameters file for `arm:` policies (`[parameters('name')]` values).
    #[arg(long, global = true, value_name = "FILE")]
    arm_parameters: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Decide, for each captured ClientHello, what each policy does: accept (version, suite)
    /// or reject (reason, alert). Without PATH, checks sample captures bundled with the tool.
    Check {
        /// A policy id; repeat for one column each (default: dps-tls12 and dps-legacy-security).
        #[arg(long = "policy")]
        policies: Vec<String>,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: Credentials,
        /// Print one JSON object per capture and policy, one per line.
        #[arg(long)]
        json: bool,
        /// Exit 1 when any policy refuses any device (`reject`), for a pipeline to gate on.
        #[arg(long, value_name = "WHEN")]
        fail_on: Option<CheckGate>,
        /// Raw captures (.bin), hex dumps (.hex: hex digits, `xxd` output, Wireshark's hex
        /// stream or hex dump), or folders of them (walked, every skipped file named).
        paths: Vec<PathBuf>,
    },
    /// List the catalogs, or print one.
    Catalog {
        /// The catalog id (`dps-recommended`, `mozilla-intermediate`, ...).
        id: Option<String>,
        /// Print JSON: an array of entries (or of catalogs, without an id).
        #[arg(long)]
        json: bool,
    },
    /// Print one cipher suite found by IANA, OpenSSL or SChannel name, or by code.
    Suite {
        /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, `ECDHE-RSA-AES128-GCM-SHA256`,
        /// `TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256`, `0xC02F`, `C02F` or `0xC0,0x2F`.
        query: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// What rustls configs built from a policy enforce: each entry realized or not and why,
    /// and the effective policy.
    Config {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa (certificates are made at start).
        #[arg(long, default_value = "rsa")]
        keys: Credentials,
        /// Fail, listing every gap, unless rustls enforces the policy exactly.
        #[arg(long)]
        strict: bool,
        /// Print one JSON object; its `effective` field reads back as a policy.
        #[arg(long)]
        json: bool,
    },
    /// Serve TLS on 127.0.0.1 with self-signed certificates, screening every ClientHello
    /// with the engine; one line per connection; Ctrl-C stops.
    Serve {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: Credentials,
        /// The port (0: any free port; the first line says which).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// What a policy allows that current guidance advises against, what rustls cannot
    /// enforce, and (with --against) what falls outside a catalog.
    Audit {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// A catalog to check compliance with (`nist-800-52r2`, `bsi-tr-02102-2`,
        /// `mozilla-intermediate`, ...).
        #[arg(long)]
        against: Option<String>,
        /// Print a JSON array of findings.
        #[arg(long)]
        json: bool,
    },
    /// Which devices a policy change affects: captures whose verdict changes, and a summary
    /// (N devices, M lose access, K change suite). Without PATH, the bundled samples.
    Diff {
        /// The policy now.
        #[arg(long)]
        from: String,
        /// The policy after the change.
        #[arg(long)]
        to: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: Credentials,
        /// Print one JSON object per capture, then the summary object.
        #[arg(long)]
        json: bool,
        /// Exit 1 when any device loses access (`lose-access`), for a pipeline to gate on.
        #[arg(long, value_name = "WHEN")]
        fail_on: Option<DiffGate>,
        /// Raw captures (.bin), hex dumps (.hex), or folders of them.
        paths: Vec<PathBuf>,
    },
    /// List the named policies, or show one: versions, entries in order, groups, preference.
    Policy {
        /// The policy id (`dps-tls12`, `dps-legacy-security`, ...).
        id: Option<String>,
        /// Read the policy from a policy file (.json, .toml), an ARM template
        /// (`arm:azuredeploy.json[#name]`) or an OpenSSL cipher string (`openssl:HIGH:!aNULL`).
        #[arg(long, value_name = "FILE_OR_STRING", conflicts_with = "id")]
        from: Option<String>,
        /// Print JSON (with --from or --toml, the policy-file format, which reads back).
        #[arg(long)]
        json: bool,
        /// Print the policy as a TOML policy file.
        #[arg(long, conflicts_with = "json")]
        toml: bool,
    },
    /// Does this Azure IoT SDK release support TLS 1.2? LANGUAGE is c, python, csharp, java
    /// or node; VERSION a release (`1.21.4`) or, for C, a tag (`2019-12-11`, `LTS_07_2022_Ref01`).
    Sdk {
        /// The SDK's language.
        language: String,
        /// The release or tag.
        version: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// `check --fail-on`.
#[derive(Clone, Copy, ValueEnum)]
enum CheckGate {
    /// Any device refused (or malformed) under any policy.
    Reject,
}

/// `diff --fail-on`.
#[derive(Clone, Copy, ValueEnum)]
enum DiffGate {
    /// Any device that the change refuses and the current policy accepts.
    LoseAccess,
}

/// Why a run ends without success; [`Failure::exit`] maps each to its exit status once.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Writing the output failed. A closed pipe (`| head -1`) ends the run quietly, as other
    /// Unix tools do; anything else (a full disk) is one line and exit status 1.
    Output(io::Error),
    /// A usage or input error: one line, exit status 2.
    Error(String),
    /// A `--fail-on` condition held: the output says which devices; exit status 1.
    Gate(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Self::Error(e)
    }
}

impl Failure {
    fn exit(self) -> ExitCode {
        match self {
            Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Self::Output(e) => {
                warn(&format!("cannot write the output: {e}"));
                ExitCode::from(1)
            }
            Self::Error(e) => {
                warn(&e);
                ExitCode::from(2)
            }
            Self::Gate(e) => {
                warn(&e);
                ExitCode::from(1)
            }
        }
    }
}

/// Standard output, one call per line, so a closed or full output is an error here rather
/// than a panic in `println!`.
pub(crate) fn emit(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_fmt(args)?;
    // Flushed per line: `serve` and long `check` runs are read as they go.
    out.flush()?;
    Ok(())
}

/// A line on stderr. If stderr itself is closed there is nowhere left to say anything.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "tls-policy: {message}");
}

/// The captures at these paths, or the bundled samples (said so unless printing JSON). No
/// capture at all is an error: a pipeline must not pass on an empty folder.
fn inputs(paths: &[PathBuf], json: bool, keys: Credentials) -> Result<Vec<inputs::Source>, Failure> {
    if paths.is_empty() {
        if !json {
            say!("Sample devices (bundled captures), server keys: {keys}.")?;
            say!("Use your own: give capture files (.bin, .hex) or folders.\n")?;
        }
        return Ok(inputs::samples());
    }
    let found = inputs::find(paths);
    if found.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Failure::Error(format!(
            "no captures found in {} (a capture is a .bin file of raw bytes or a .hex dump)",
            named.join(", ")
        )));
    }
    Ok(found)
}

fn check(
    specs: &[String],
    arm_parameters: Option<&Path>,
    keys: Credentials,
    json: bool,
    fail_on: Option<CheckGate>,
    paths: &[PathBuf],
) -> Result<(), Failure> {
    let specs: Vec<&str> = if specs.is_empty() {
        vec!["dps-tls12", "dps-legacy-security"]
    } else {
        specs.iter().map(String::as_str).collect()
    };
    let mut ids = Vec::new();
    let mut policies = Vec::new();
    for spec in specs {
        for (label, policy) in sources::resolve(spec, arm_parameters)? {
            ids.push(label);
            policies.push(policy);
        }
    }
    let mut rows = Vec::new();
    let mut refused = 0;
    let read = each_hello(&inputs(paths, json, keys)?, |name, hello| {
        let mut row = vec![name.to_owned()];
        let mut any = false;
        for (policy, label) in policies.iter().zip(&ids) {
            let verdict = Verdict::of(policy, hello, keys);
            any |= !matches!(verdict, Verdict::Accept(_));
            if json {
                say!("{}", verdict.json(name, label))?;
            }
            row.push(verdict.cell());
        }
        refused += usize::from(any);
        rows.push(row);
        Ok(())
    });
    // A failed write ends the run at once; unreadable inputs still get the table.
    if let Err(Failure::Output(e)) = read {
        return Err(Failure::Output(e));
    }
    if !json {
        let mut headers = vec!["capture"];
        headers.extend(ids.iter().map(String::as_str));
        print_table(&headers, &rows)?;
    }
    read?;
    match fail_on {
        Some(CheckGate::Reject) if refused > 0 => {
            Err(Failure::Gate(format!("--fail-on reject: {refused} of {} devices are refused", rows.len())))
        }
        _ => Ok(()),
    }
}

/// Why an input is not a ClientHello: the reader's error (with a hint when the input is
/// text), or an input too large to be one.
#[derive(Clone)]
pub(crate) enum Malformed {
    Hello(tls_policy::HelloError),
    /// Not a record, and every byte printable text: most likely a hex dump named `.bin`.
    Text(tls_policy::HelloError),
    TooLarge(String),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hello(e) => e.fmt(f),
            Self::Text(e) => write!(f, "{e} (the file is text: a hex dump is read as one when its name ends in .hex)"),
            Self::TooLarge(why) => f.write_str(why),
        }
    }
}

impl Malformed {
    /// The byte offset the message names, for the JSON rows.
    fn offset(&self) -> Option<usize> {
        use tls_policy::HelloError as E;
        match self {
            Self::Hello(
                E::Truncated { offset, .. }
                | E::NotHandshake { offset, .. }
                | E::BadRecordVersion { offset, .. }
                | E::BadRecordLength { offset, .. }
                | E::NotClientHello { offset, .. }
                | E::BadLength { offset, .. }
                | E::DuplicateExtension { offset, .. },
            ) => Some(*offset),
            Self::Hello(E::Empty) => Some(0),
            Self::Text(e) => Self::Hello(e.clone()).offset(),
            // Errors the reader gained later: the offset its message names ("byte N").
            Self::Hello(other) => {
                let text = other.to_string();
                let (_, after) = text.split_once("byte ")?;
                after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
            }
            Self::TooLarge(_) => Some(inputs::MAX_CAPTURE),
        }
    }
}

/// Reads the inputs one at a time into one buffer, parses each and hands it on. An
/// unreadable one is reported on stderr and makes the result an error once all the others
/// have run; one larger than any ClientHello is a malformed row.
fn each_hello(
    inputs: &[inputs::Source],
    mut each: impl FnMut(&str, &Result<ClientHello<'_>, Malformed>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut unreadable = 0;
    let mut bytes = Vec::new();
    let mut joined = Vec::new();
    for input in inputs {
        let name = input.name();
        match inputs::read(input, &mut bytes) {
            Ok(()) => {
                let text = |e: &tls_policy::HelloError| {
                    matches!(e, tls_policy::HelloError::NotHandshake { offset: 0, .. })
                        && bytes.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
                };
                let hello = ClientHello::parse_with(&bytes, &mut joined)
                    .map_err(|e| if text(&e) { Malformed::Text(e) } else { Malformed::Hello(e) });
                each(&name, &hello)?;
            }
            Err(inputs::ReadError::TooLarge(why)) => each(&name, &Err(Malformed::TooLarge(why)))?,
            Err(inputs::ReadError::Unreadable(e)) => {
                warn(&format!("{name}: {e}"));
                unreadable += 1;
            }
        }
    }
    if unreadable > 0 { Err(Failure::Error(format!("{unreadable} input(s) could not be read"))) } else { Ok(()) }
}

/// What one policy does with one input.
enum Verdict {
    Accept(tls_policy::Agreement),
    Reject(tls_policy::Refusal),
    Malformed(Malformed),
}

impl From<Result<tls_policy::Agreement, tls_policy::Refusal>> for Verdict {
    fn from(result: Result<tls_policy::Agreement, tls_policy::Refusal>) -> Self {
        match result {
            Ok(a) => Self::Accept(a),
            Err(r) => Self::Reject(r),
        }
    }
}

impl Verdict {
    fn of(policy: &Policy, hello: &Result<ClientHello<'_>, Malformed>, keys: Credentials) -> Self {
        match hello {
            Ok(hello) => match negotiate(policy, &hello.offer(), keys) {
                Ok(a) => Self::Accept(a),
                Err(r) => Self::Reject(r),
            },
            Err(e) => Self::Malformed(e.clone()),
        }
    }

    fn cell(&self) -> String {
        match self {
            Self::Accept(a) => format!("accept {} {}", a.version, a.suite),
            Self::Reject(r) => format!("reject {} ({})", r.reason.as_str(), r.alert().number()),
            Self::Malformed(e) => format!("malformed (50): {e}"),
        }
    }

    /// One row; every row has the same keys, `offset` and `error` set for malformed inputs.
    fn json(&self, file: &str, policy: &str) -> Value {
        match self {
            Self::Accept(a) => json!({
                "file": file, "policy": policy, "verdict": "accept",
                "version": a.version.to_string(), "suite": a.suite.to_string(),
                "code": format!("0x{:04X}", u16::from(a.suite)), "group": a.group.map(|g| g.to_string()),
                "reason": null, "alert": null, "offset": null, "error": null,
            }),
            Self::Reject(r) => json!({
                "file": file, "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": r.reason.as_str(), "alert": r.alert().number(),
                "offset": null, "error": null,
            }),
            Self::Malformed(e) => json!({
                "file": file, "policy": policy, "verdict": "reject", "version": null, "suite": null,
                "code": null, "group": null, "reason": "malformed", "alert": 50,
                "offset": e.offset(), "error": e.to_string(),
            }),
        }
    }
}

/// The `arm:` policies a command line names, to tell whether `--arm-parameters` is used.
fn names_arm(command: Option<&Command>) -> bool {
    let specs: Vec<&str> = match command {
        Some(Command::Check { policies, .. }) => policies.iter().map(String::as_str).collect(),
        Some(Command::Config { policy, .. } | Command::Serve { policy, .. } | Command::Audit { policy, .. }) => {
            vec![policy]
        }
        Some(Command::Diff { from, to, .. }) => vec![from, to],
        Some(Command::Policy { from: Some(from), .. }) => vec![from],
        _ => Vec::new(),
    };
    specs.iter().any(|s| s.starts_with("arm:"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let params = cli.arm_parameters.as_deref();
    if let Some(file) = params {
        if !names_arm(cli.command.as_ref()) {
            warn(&format!("--arm-parameters {} is not used: only an arm:TEMPLATE policy reads it", file.display()));
        }
    }
    match run(cli.command, params).and_then(|()| Ok(io::stdout().flush()?)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

fn run(command: Option<Command>, params: Option<&Path>) -> Result<(), Failure> {
    let one = |spec: &str| sources::resolve_one(spec, params);
    match command {
        None => check(&[], None, Credentials::RSA, false, None, &[]),
        Some(Command::Check { policies, keys, json, fail_on, paths }) => {
            check(&policies, params, keys, json, fail_on, &paths)
        }
        Some(Command::Catalog { id: None, json }) => list_catalogs(json),
        Some(Command::Catalog { id: Some(id), json }) => {
            let catalog = Catalog::find(&id).map_err(|e| e.to_string())?;
            if json {
                let rows: Vec<Value> = catalog.entries().iter().map(entry_json).collect();
                say!("{}", Value::Array(rows))
            } else {
                print_catalog(catalog)
            }
        }
        Some(Command::Policy { id: None, from: None, json, toml: false }) => list_policies(json),
        Some(Command::Policy { id, from, json, toml }) => {
            let (all, file_format) = match (from, id) {
                (Some(spec), _) => (sources::resolve(&spec, params)?, true),
                (None, Some(id)) => (vec![(id.clone(), Policy::named(&id).map_err(|e| e.to_string())?)], false),
                (None, None) => (Vec::new(), false),
            };
            for (_, policy) in &all {
                if toml {
                    emit(format_args!("{}", policy.to_toml_string()))?;
                } else if json && file_format {
                    say!("{}", policy.to_json_string())?;
                } else if json {
                    say!("{}", policy_json(policy))?;
                } else {
                    print_policy(policy)?;
                }
            }
            Ok(())
        }
        Some(Command::Sdk { language, version, json }) => sources::sdk(&language, &version, json),
        Some(Command::Config { policy, keys, strict, json }) => serve::config(&one(&policy)?, keys, strict, json),
        Some(Command::Serve { policy, keys, port }) => serve::serve(&one(&policy)?, keys, port),
        Some(Command::Audit { policy, against, json }) => fleet::audit(&one(&policy)?, against.as_deref(), json),
        Some(Command::Diff { from, to, keys, json, fail_on, paths }) => {
            let lose = fleet::diff(&one(&from)?, &one(&to)?, keys, json, &paths)?;
            match fail_on {
                Some(DiffGate::LoseAccess) if lose > 0 => {
                    Err(Failure::Gate(format!("--fail-on lose-access: {lose} devices lose access")))
                }
                _ => Ok(()),
            }
        }
        Some(Command::Suite { query, json }) => {
            let entry = query.parse::<Entry>().map_err(|e| e.to_string())?;
            if json { say!("{}", suite_json(entry, None)) } else { print_suite(entry) }
        }
    }
}

fn list_catalogs(json: bool) -> Result<(), Failure> {
    if json {
        let all: Vec<Value> = Catalog::all()
            .iter()
            .map(|c| {
                json!({
                    "id": c.id(),
                    "title": c.title(),
                    "source": c.source(),
                    "date": c.date(),
                    "versions": c.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    "entries": c.entries().len(),
                })
            })
            .collect();
        return say!("{}", Value::Array(all));
    }
    let rows: Vec<Vec<String>> = Catalog::all()
        .iter()
        .map(|c| {
            vec![
                c.id().to_owned(),
                c.entries().len().to_string(),
                c.versions().to_string(),
                c.date().to_owned(),
                c.title().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "suites", "versions", "date", "title"], &rows)
}

fn list_policies(json: bool) -> Result<(), Failure> {
    let policies = Policy::named_ids().iter().map(|id| Policy::named(id)).collect::<Result<Vec<_>, _>>();
    let policies = policies.map_err(|e| e.to_string())?;
    if json {
        return say!("{}", Value::Array(policies.iter().map(policy_json).collect()));
    }
    let rows: Vec<Vec<String>> = policies
        .iter()
        .map(|p| {
            vec![
                p.id().to_owned(),
                p.versions().to_string(),
                p.entries().len().to_string(),
                preference(p.preference()).to_owned(),
                p.description().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "versions", "suites", "order", "description"], &rows)
}

fn preference(p: Preference) -> &'static str {
    match p {
        Preference::Client => "client",
        _ => "server",
    }
}

fn missing_groups(m: MissingGroups) -> &'static str {
    match m {
        MissingGroups::NoneShared => "none-shared",
        _ => "any",
    }
}

pub(crate) fn print_policy(policy: &Policy) -> Result<(), Failure> {
    say!("{}: {}", policy.id(), policy.description())?;
    say!("versions: {}", policy.versions())?;
    say!("preference: {} order", preference(policy.preference()))?;
    let groups: Vec<String> = policy.groups().iter().map(NamedGroup::to_string).collect();
    say!("groups: {}", groups.join(", "))?;
    say!("without supported_groups: {}", missing_groups(policy.missing_groups()))?;
    let schemes: Vec<String> = policy.signature_schemes().iter().map(|s| s.to_string()).collect();
    say!("signs with: {}", schemes.join(", "))?;
    let rows: Vec<Vec<String>> = policy
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let info = e.suite.info();
            vec![
                (i + 1).to_string(),
                format!("0x{:04X}", u16::from(e.suite)),
                e.to_string(),
                e.group.map_or_else(|| "-".to_owned(), |g| g.to_string()),
                info.map_or_else(|| "-".to_owned(), |i| i.versions().to_string()),
                info.map_or_else(String::new, attributes),
            ]
        })
        .collect();
    print_table(&["#", "code", "entry", "group", "versions", "attributes"], &rows)
}

fn policy_json(policy: &Policy) -> Value {
    json!({
        "id": policy.id(),
        "description": policy.description(),
        "versions": policy.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
        "preference": preference(policy.preference()),
        "missing_groups": missing_groups(policy.missing_groups()),
        "groups": policy.groups().iter().map(NamedGroup::to_string).collect::<Vec<_>>(),
        "signature_schemes": policy.signature_schemes().iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "entries": policy.entries().iter().map(|e| json!({
            "code": format!("0x{:04X}", u16::from(e.suite)),
            "iana": e.suite.iana_name(),
            "group": e.group.map(|g| g.to_string()),
            "schannel": e.to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn print_catalog(catalog: &Catalog) -> Result<(), Failure> {
    say!("{} ({}): {}", catalog.id(), catalog.date(), catalog.title())?;
    say!("source: {}", catalog.source())?;
    say!("versions: {}", catalog.versions())?;
    if !catalog.groups().is_empty() {
        let groups: Vec<String> = catalog.groups().iter().map(NamedGroup::to_string).collect();
        say!("groups: {}", groups.join(", "))?;
    }
    let rows: Vec<Vec<String>> = catalog
        .entries()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let info = row.suite.info();
            vec![
                (i + 1).to_string(),
                format!("0x{:04X}", u16::from(row.suite)),
                row.suite.to_string(),
                info.and_then(SuiteInfo::openssl).unwrap_or("-").to_owned(),
                row.to_string(),
                row.group.map_or_else(|| "-".to_owned(), |g| g.to_string()),
                info.map_or_else(String::new, attributes),
                notes(row.note, info),
            ]
        })
        .collect();
    print_table(&["#", "code", "IANA", "OpenSSL", "SChannel", "group", "attributes", "notes"], &rows)?;
    say!("{}", catalog.remarks())
}

fn print_suite(entry: Entry) -> Result<(), Failure> {
    let suite = entry.suite;
    let Some(info) = suite.info() else {
        let what = match suite.class() {
            SuiteClass::Signalling => "a signalling value, not a cipher suite",
            SuiteClass::Grease => "a GREASE value (RFC 8701), meaningless by design",
            _ => "not in the IANA registry",
        };
        return say!("0x{:04X} {}: {what}", u16::from(suite), suite.iana_name().unwrap_or(""));
    };
    let lines = [
        ("code", format!("0x{:04X}", u16::from(suite))),
        ("IANA", info.iana().to_owned()),
        ("OpenSSL", info.openssl().unwrap_or("-").to_owned()),
        ("SChannel", entry.to_string()),
        ("group", entry.group.map_or_else(|| "-".to_owned(), |g| g.to_string())),
        ("key exchange", info.kx().to_string()),
        ("authentication", info.auth().to_string()),
        ("cipher", format!("{} {} ({} bits)", info.cipher(), info.mode(), info.key_bits())),
        ("hash", info.hash().to_string()),
        ("versions", info.versions().to_string()),
        ("AEAD", yes_no(info.is_aead())),
        ("forward secrecy", yes_no(info.forward_secrecy())),
        ("SHA-1", yes_no(info.uses_sha1())),
        ("IANA recommended", info.recommended().to_string()),
        ("reference", info.reference().to_owned()),
        ("weaknesses", {
            let all: Vec<&str> = info.weaknesses().map(|w| w.explanation()).collect();
            if all.is_empty() { "-".to_owned() } else { all.join("; ") }
        }),
    ];
    for (key, value) in lines {
        say!("{key:>16}: {value}")?;
    }
    Ok(())
}

fn yes_no(b: bool) -> String {
    (if b { "yes" } else { "no" }).to_owned()
}

/// `ECDHE-RSA AES-128-GCM SHA256`, `RSA AES-256-CBC SHA1`, `TLS1.3 AES-128-GCM SHA256`.
fn attributes(info: &SuiteInfo) -> String {
    let kx = match (info.kx(), info.auth()) {
        (KeyExchange::Any, _) => "TLS1.3".to_owned(),
        (KeyExchange::Rsa, Authentication::Rsa) => "RSA".to_owned(),
        (kx, auth) => format!("{kx}-{auth}"),
    };
    format!("{kx} {}-{}-{} {}", info.cipher(), info.key_bits(), info.mode(), info.hash())
}

/// The source's note, then the weaknesses it does not already say, as short tags.
fn notes(note: Option<&str>, info: Option<&SuiteInfo>) -> String {
    let said = note.unwrap_or("");
    let tags: Vec<&str> = info
        .into_iter()
        .flat_map(SuiteInfo::weaknesses)
        .filter(|w| !said.contains(w.explanation()))
        .map(<&str>::from)
        .collect();
    match (note, tags.is_empty()) {
        (None, true) => "-".to_owned(),
        (None, false) => tags.join(", "),
        (Some(note), true) => note.to_owned(),
        (Some(note), false) => format!("{note} [{}]", tags.join(", ")),
    }
}

fn entry_json(row: &CatalogEntry) -> Value {
    suite_json(row.entry(), row.note)
}

fn suite_json(entry: Entry, note: Option<&str>) -> Value {
    let suite = entry.suite;
    let code = format!("0x{:04X}", u16::from(suite));
    let group = entry.group.map(|g| g.to_string());
    let Some(info) = suite.info() else {
        let class = match suite.class() {
            SuiteClass::Signalling => "signalling",
            SuiteClass::Grease => "grease",
            _ => "unknown",
        };
        return json!({ "code": code, "iana": suite.iana_name(), "class": class, "group": group });
    };
    json!({
        "code": code,
        "iana": info.iana(),
        "openssl": info.openssl(),
        "schannel": entry.to_string(),
        "group": group,
        "note": note,
        "class": "registered",
        "kx": info.kx().label(),
        "auth": info.auth().label(),
        "cipher": info.cipher().label(),
        "mode": info.mode().label(),
        "key_bits": info.key_bits(),
        "hash": info.hash().label(),
        "versions": info.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
        "aead": info.is_aead(),
        "forward_secrecy": info.forward_secrecy(),
        "sha1": info.uses_sha1(),
        "recommended": info.recommended().label(),
        "weaknesses": info.weaknesses().map(<&str>::from).collect::<Vec<_>>(),
    })
}

pub(crate) fn print_table(headers: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        say!("{}", padded.join("  ").trim_end())
    };
    line(headers.to_vec())?;
    line(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect())?;
    for row in rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}
