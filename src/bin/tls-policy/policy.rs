//! `policy`: the named policies listed, or one shown (or read from a file, a template or a
//! cipher string and printed as a policy file).
//!
//! `--json` and `--toml` print the policy file the library writes (`Policy::to_json_string`,
//! `Policy::to_toml_string`), whatever the policy came from: one shape, which reads back. The
//! per-entry details (code, group, versions, attributes) are the text view's table; a suite's
//! details as JSON are `tls-policy suite NAME --json`.

use std::io;
use std::path::Path;

use tls_policy::{NamedGroup, Policy};

use crate::error::Failure;
use crate::output::{emit, print_table};
use crate::sources;
use crate::suite::{attributes, entry_rows, group_cell};

/// `policy [ID] [--from SPEC] [--json | --toml]`.
pub(crate) fn run(
    id: Option<String>,
    from: Option<String>,
    json: bool,
    toml: bool,
    arm_parameters: Option<&Path>,
) -> Result<(), Failure> {
    let all = match (from, id) {
        (Some(spec), _) => sources::resolve(&spec, arm_parameters)?,
        (None, Some(id)) => vec![(id.clone(), Policy::named(&id)?)],
        (None, None) if !toml => return list_policies(json),
        (None, None) => Vec::new(),
    };
    for (_, policy) in &all {
        if toml {
            emit(format_args!("{}", policy.to_toml_string()))?;
        } else if json {
            say!("{}", policy.to_json_string())?;
        } else {
            print_policy(policy)?;
        }
    }
    Ok(())
}

fn list_policies(json: bool) -> Result<(), Failure> {
    let policies = Policy::named_ids().iter().map(|id| Policy::named(id)).collect::<Result<Vec<_>, _>>();
    let policies = policies?;
    if json {
        // The policy files' shape, in a list; a policy always serializes, so this cannot fail.
        return say!("{}", serde_json::to_string_pretty(&policies).map_err(io::Error::from)?);
    }
    let rows: Vec<Vec<String>> = policies
        .iter()
        .map(|p| {
            vec![
                p.id().to_owned(),
                p.versions().to_string(),
                p.entries().len().to_string(),
                <&str>::from(p.preference()).to_owned(),
                p.description().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "versions", "suites", "order", "description"], &rows)
}

pub(crate) fn print_policy(policy: &Policy) -> Result<(), Failure> {
    say!("{}: {}", policy.id(), policy.description())?;
    say!("versions: {}", policy.versions())?;
    say!("preference: {} order", <&str>::from(policy.preference()))?;
    let groups: Vec<String> = policy.groups().iter().map(NamedGroup::to_string).collect();
    say!("groups: {}", groups.join(", "))?;
    say!("without supported_groups: {}", <&str>::from(policy.missing_groups()))?;
    let schemes: Vec<String> = policy.signature_schemes().iter().map(|s| s.to_string()).collect();
    say!("signs with: {}", schemes.join(", "))?;
    let rows = entry_rows(
        policy.entries(),
        |e| *e,
        |e, info| {
            vec![
                e.to_string(),
                group_cell(e.group),
                info.map_or_else(|| "-".to_owned(), |i| i.versions().to_string()),
                info.map_or_else(String::new, attributes),
            ]
        },
    );
    print_table(&["#", "code", "entry", "group", "versions", "attributes"], &rows)
}
