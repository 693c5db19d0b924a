//! Where a `--policy` comes from: a named policy, a policy file, an ARM template or an
//! OpenSSL cipher string.

use std::path::Path;

use tls_policy::import::files::{Format, arm, load_policy};
use tls_policy::{Policy, import::openssl};

use crate::error::Failure;
use crate::output::warn;

/// The policies a `--policy` value names, each with the label to show it under:
/// - `dps-tls12` (a named policy),
/// - `policy.json`, `policy.toml` (a policy file),
/// - `arm:azuredeploy.json` or `arm:azuredeploy.json#my-dps` (each DPS or IoT Hub resource,
///   `[parameters(..)]` resolved from `--arm-parameters`),
/// - `openssl:ECDHE+AESGCM:!SHA1` (what an OpenSSL 3.0 server with that string accepts).
pub(crate) fn resolve(spec: &str, arm_parameters: Option<&Path>) -> Result<Vec<(String, Policy)>, Failure> {
    if let Some(rest) = spec.strip_prefix("arm:") {
        return template(spec, rest, arm_parameters);
    }
    if let Some(string) = spec.strip_prefix("openssl:") {
        let policy = openssl::policy(spec, string)?;
        return Ok(vec![(spec.to_owned(), policy)]);
    }
    let path = Path::new(spec);
    // A named policy wins over a file or folder of the same name in the working directory:
    // `--policy dps-tls12` must mean the same everywhere. `./dps-tls12` names the path.
    if let Ok(policy) = Policy::named(spec) {
        if path.exists() {
            warn(&format!("--policy {spec} is the named policy; for the path of that name write ./{spec}"));
        }
        return Ok(vec![(policy.id().to_owned(), policy)]);
    }
    if path.is_dir() {
        return Err(Failure::PolicyIsFolder { spec: spec.to_owned() });
    }
    if Format::from_path(path).is_some() || path.exists() {
        let policy = load_policy(path)?;
        return Ok(vec![(policy.id().to_owned(), policy)]);
    }
    Policy::named(spec).map(|p| vec![(p.id().to_owned(), p)]).map_err(|source| Failure::NotAPolicy { source })
}

/// Every `--policy` given (or `defaults` when none is), each resolved to its policies: the
/// labels to show them under, and the policies, in the order given.
pub(crate) fn resolve_all(
    specs: &[String],
    defaults: &[&str],
    arm_parameters: Option<&Path>,
) -> Result<(Vec<String>, Vec<Policy>), Failure> {
    let specs: Vec<&str> =
        if specs.is_empty() { defaults.to_vec() } else { specs.iter().map(String::as_str).collect() };
    let mut labels = Vec::new();
    let mut policies = Vec::new();
    for spec in specs {
        for (label, policy) in resolve(spec, arm_parameters)? {
            labels.push(label);
            policies.push(policy);
        }
    }
    Ok((labels, policies))
}

/// `arm:TEMPLATE`, `arm:TEMPLATE#NAME`: the template's DPS and IoT Hub resources, or the one
/// named. A template whose path holds `#` is read whole when that file exists; otherwise the
/// text after the last `#` is the resource name, so `arm:a#b.json#` (empty name: every
/// resource) and `arm:a#b.json#my-dps` always work.
fn template(spec: &str, rest: &str, arm_parameters: Option<&Path>) -> Result<Vec<(String, Policy)>, Failure> {
    let (path, name) = match rest.rsplit_once('#') {
        Some(_) if Path::new(rest).is_file() => (rest, None),
        Some((path, "")) => (path, None),
        Some((path, name)) => (path, Some(name)),
        None => (rest, None),
    };
    if path.is_empty() {
        return Err(Failure::ArmNoTemplate { spec: spec.to_owned() });
    }
    if name.is_some() && !Path::new(path).exists() {
        return Err(Failure::ArmMissingTemplate {
            spec: spec.to_owned(),
            path: path.to_owned(),
            rest: rest.to_owned(),
        });
    }
    let resources = arm::load_template(path, arm_parameters)?;
    if let Some(file) = arm_parameters {
        // The template read, so its text does; ARM function names ignore case.
        let text = std::fs::read_to_string(path).unwrap_or_default().to_ascii_lowercase();
        if !text.contains("parameters(") {
            warn(&format!(
                "--arm-parameters {} is not used: {path} has no [parameters('...')] expression",
                file.display()
            ));
        }
    }
    let picked: Vec<(String, Policy)> = resources
        .iter()
        .filter(|r| name.is_none_or(|n| r.name == n))
        .map(|r| (format!("{} ({})", r.name, r.policy.id()), r.policy.clone()))
        .collect();
    if picked.is_empty() {
        return Err(Failure::ArmNoResource {
            path: path.to_owned(),
            name: name.unwrap_or("").to_owned(),
            names: resources.into_iter().map(|r| r.name).collect(),
        });
    }
    Ok(picked)
}

/// Exactly one policy: an ARM template with several resources must name one.
pub(crate) fn resolve_one(spec: &str, arm_parameters: Option<&Path>) -> Result<Policy, Failure> {
    let mut all = resolve(spec, arm_parameters)?;
    match all.len() {
        1 => Ok(all.remove(0).1),
        _ => {
            let labels: Vec<String> = all.into_iter().map(|(label, _)| label).collect();
            Err(Failure::SeveralPolicies { spec: spec.to_owned(), labels })
        }
    }
}
