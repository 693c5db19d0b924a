//! `policy`: the named policies listed, or one shown (or read from a file, a template or a
//! cipher string and printed as a policy file).

use std::path::Path;

use serde_json::{Value, json};
use tls_policy::{MissingGroups, NamedGroup, Policy, Preference};

use crate::error::Failure;
use crate::output::{emit, print_table};
use crate::sources;
use crate::suite::attributes;

/// `policy [ID] [--from SPEC] [--json | --toml]`.
pub(crate) fn run(
    id: Option<String>,
    from: Option<String>,
    json: bool,
    toml: bool,
    arm_parameters: Option<&Path>,
) -> Result<(), Failure> {
    let (all, file_format) = match (from, id) {
        (Some(spec), _) => (sources::resolve(&spec, arm_parameters)?, true),
        (None, Some(id)) => (vec![(id.clone(), Policy::named(&id)?)], false),
        (None, None) if !toml => return list_policies(json),
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

fn list_policies(json: bool) -> Result<(), Failure> {
    let policies = Policy::named_ids().iter().map(|id| Policy::named(id)).collect::<Result<Vec<_>, _>>();
    let policies = policies?;
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
