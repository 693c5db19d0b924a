//! `tls-policy`: check captured ClientHellos against TLS policies, and look up the suites,
//! catalogs and policies they are made of. Installed with
//! `cargo install tls-policy --features cli` (from a clone: `cargo install --path . --features cli`).
//!
//! ```sh
//! tls-policy                                      # check the bundled sample devices
//! tls-policy check tests/data/hellos/             # check your own ClientHellos
//! tls-policy check --json --policy dps-tls12 tests/data/hex/
//! tls-policy check --fail-on reject tests/data/hellos/  # exit 1: some are refused
//! tls-policy catalog                              # list every catalog
//! tls-policy catalog dps-legacy-1                 # one catalog as a table
//! tls-policy catalog dps-ecc --json               # ... as JSON
//! tls-policy suite C014_P384                      # one suite, by any name or code
//! tls-policy policy                               # list the named policies
//! tls-policy policy dps-tls12 --json
//! tls-policy config --policy dps-tls12 --keys rsa,ecdsa
//! tls-policy serve --policy dps-tls12 --port 8443
//! tls-policy audit --policy dps-legacy-security --against nist-800-52r2
//! tls-policy diff --from dps-legacy-security --to dps-tls12 tests/data/hellos/
//! tls-policy fleet tests/data/captures/clients/     # devices in packet captures, by JA4
//! tls-policy fleet --html report.html captures/     # ... and the readiness report, one HTML page
//! tls-policy check --policy arm:tests/data/arm/several.json --policy 'openssl:HIGH:!aNULL'
//! tls-policy policy --from tests/data/policies/dps-legacy-security.toml --json
//! tls-policy sdk c LTS_07_2022_Ref01
//! tls-policy export --policy dps-tls12 --to openssl  # the OpenSSL cipher string
//! tls-policy scan 127.0.0.1:4433 --policy dps-tls12  # what an endpoint really accepts
//! ```
//!
//! One module per command (`check`, `diff`, `fleet`, `audit`, `catalog`, `suite`, `policy`, `config`,
//! `serve`, `sdk`, `scan`, `replay`, `export`); `args` is the command line, `sources` and `inputs` what `--policy` and the
//! capture paths name, `tally` the counting of `fleet` and `report` its HTML page (both also `diff --html`'s), `progress` the progress line, `output` the
//! lines and tables, `error` every way a run fails.
//!
//! Exit status: 0 on success (and when the output is a pipe closed early), 1 when a
//! `--fail-on` condition holds or the output cannot be written, 2 on a usage or input error
//! (no captures found, an unreadable file, a policy that does not load); [`error::Failure`]
//! maps each error to its status in one place.

/// Writes one line of output; a failed write is a [`error::Failure::Output`] for `?` to carry up.
macro_rules! say {
    () => { $crate::output::emit(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::emit(format_args!("{}\n", format_args!($($arg)*))) };
}

mod answer;
mod args;
mod audit;
mod catalog;
mod check;
mod config;
mod diff;
mod error;
mod export;
mod fleet;
mod hex;
mod inputs;
mod output;
mod policy;
mod progress;
mod replay;
mod report;
mod scan;
mod sdk;
mod serve;
mod sources;
mod suite;
mod tally;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser as _;
use tls_policy::KeyTypes;

use crate::args::{Cli, Command};
use crate::error::Failure;
use crate::output::Format;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let params = cli.arm_parameters.as_deref();
    if let Some(file) = params {
        if !args::names_arm(cli.command.as_ref()) {
            output::warn(&format!(
                "--arm-parameters {} is not used: only an arm:TEMPLATE policy reads it",
                file.display()
            ));
        }
    }
    match run(cli.command, params).and_then(|()| output::flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => output::exit(failure),
    }
}

/// One command; without one, `check` of the bundled samples with the default policies.
fn run(command: Option<Command>, params: Option<&Path>) -> Result<(), Failure> {
    let one = |spec: &str| sources::resolve_one(spec, params);
    match command {
        None => {
            let reading = check::Reading::new(Default::default(), false);
            check::run(&[], None, KeyTypes::RSA, Format::Table, reading, None, &[])
        }
        Some(Command::Check { policies, keys, json, csv, fail_on, flows, paths }) => check::run(
            &policies,
            params,
            keys,
            Format::of(json, csv),
            check::Reading::new(flows.limits(), flows.quiet()),
            fail_on,
            &paths,
        ),
        Some(Command::Fleet { policies, keys, json, csv, fail_on, html, flows, paths }) => {
            let output = fleet::Output { format: Format::of(json, csv), html: html.as_deref(), fail_on };
            fleet::run(&policies, params, keys, &output, check::Reading::new(flows.limits(), flows.quiet()), &paths)
        }
        Some(Command::Catalog { id, json }) => catalog::run(id.as_deref(), json),
        Some(Command::Suite { query, json }) => suite::run(&query, json),
        Some(Command::Policy { id, from, json, toml }) => policy::run(id, from, json, toml, params),
        Some(Command::Sdk { language, version, json }) => sdk::run(&language, &version, json),
        Some(Command::Config { policy, keys, strict, json }) => config::run(&one(&policy)?, keys, strict, json),
        Some(Command::Serve {
            policy,
            keys,
            port,
            max_connections,
            handshake_timeout,
            client_ca,
            client_auth,
            echo,
        }) => {
            let limits = serve::Limits {
                max_connections: usize::try_from(max_connections).unwrap_or(usize::MAX),
                handshake_timeout: std::time::Duration::from_secs(handshake_timeout),
                echo,
            };
            let devices = match client_ca {
                Some(path) => {
                    let auth = tls_policy::rustls::ClientAuth::from_pem_file(path)?;
                    Some(if client_auth == Some(args::ClientAuthMode::Optional) { auth.optional() } else { auth })
                }
                None => None,
            };
            serve::run(&one(&policy)?, keys, port, limits, devices)
        }
        Some(Command::Export { policy, to }) => export::run(&one(&policy)?, to),
        Some(Command::Audit { policy, against, json }) => audit::run(&one(&policy)?, against.as_deref(), json),
        Some(Command::Replay { to, policy, keys, json, paths }) => {
            let policy = policy.as_deref().map(one).transpose()?;
            replay::run(&to, policy.as_ref(), keys, json, &paths)
        }
        Some(Command::Scan { target, sni, policy, keys, json, max_connections, max_time, timeout }) => {
            let policy = policy.as_deref().map(one).transpose()?;
            let mut options = tls_policy::scan::ScanOptions::default();
            options.server_name = sni;
            options.max_connections = usize::try_from(max_connections).unwrap_or(usize::MAX);
            options.max_time = std::time::Duration::from_secs(max_time);
            options.timeout = std::time::Duration::from_secs(timeout);
            scan::run(&target, &options, policy.as_ref(), keys, json)
        }
        Some(Command::Diff { from, to, keys, json, csv, fail_on, html, flows, paths }) => {
            let output = fleet::Output { format: Format::of(json, csv), html: html.as_deref(), fail_on };
            diff::run(
                &one(&from)?,
                &one(&to)?,
                keys,
                &output,
                check::Reading::new(flows.limits(), flows.quiet()),
                &paths,
            )
        }
    }
}
