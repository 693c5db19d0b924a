//! `config`: a policy as rustls configs, and its realization report; the screen `serve`
//! runs is built here too.

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use tls_policy::rustls::{ClientAuth, Gap, Realizer, Report, Screen};
use tls_policy::{KeyType, KeyTypes, Policy};

use crate::error::Failure;
use crate::output::print_table;
use crate::policy::print_policy;

/// A chain and key, made at start.
type Identity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

/// Self-signed certificates for `localhost`, one per key type held: RSA-2048, ECDSA P-256.
fn identities(keys: KeyTypes) -> Result<Vec<Identity>, Failure> {
    let mut out = Vec::new();
    for (key, alg) in [(KeyType::Rsa, &rcgen::PKCS_RSA_SHA256), (KeyType::Ecdsa, &rcgen::PKCS_ECDSA_P256_SHA256)] {
        if !keys.holds(key) {
            continue;
        }
        let pair = rcgen::KeyPair::generate_for(alg).map_err(|source| Failure::Key { key, source })?;
        let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(Failure::CertificateParams)?;
        let cert = params.self_signed(&pair).map_err(|source| Failure::Certificate { key, source })?;
        out.push((vec![cert.der().clone()], PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pair.serialize_der()))));
    }
    Ok(out)
}

/// The screen for a policy, with fresh certificates for these keys, verifying devices'
/// certificates when `client_auth` says so.
pub(crate) fn screen(
    policy: &Policy,
    keys: KeyTypes,
    strict: bool,
    client_auth: Option<ClientAuth>,
) -> Result<Screen, Failure> {
    let mut realizer = Realizer::new(policy);
    if strict {
        realizer = realizer.strict();
    }
    if let Some(auth) = client_auth {
        realizer = realizer.client_auth(auth);
    }
    Ok(realizer.screen(identities(keys)?)?)
}

/// `config`: what rustls configs built from the policy enforce, entry by entry.
pub(crate) fn run(policy: &Policy, keys: KeyTypes, strict: bool, json: bool) -> Result<(), Failure> {
    let screen = screen(policy, keys, strict, None)?;
    let report = screen.report();
    if json {
        return say!("{}", report_json(report, keys, strict));
    }
    say!("{}: as rustls configs for {keys} keys enforce it", policy.id())?;
    let rows: Vec<Vec<String>> = policy
        .entries()
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let status = match report.entry_gap(entry) {
                None => match key_missing(entry, keys) {
                    Some(key) => format!("realized; unused without an {key} key"),
                    None => "realized".to_owned(),
                },
                Some(Gap::Suite { why, .. }) => format!("dropped: {why}"),
                Some(Gap::GroupConstraint { .. }) => "dropped: rustls cannot tie a suite to one group".to_owned(),
                Some(Gap::NoGroupFor { .. }) => "dropped: no group rustls can use for it".to_owned(),
                Some(other) => format!("dropped: {other}"),
            };
            vec![(i + 1).to_string(), format!("0x{:04X}", entry.suite.get()), entry.to_string(), status]
        })
        .collect();
    print_table(&["#", "code", "entry", "rustls"], &rows)?;
    say!()?;
    let other: Vec<&Gap> = report.gaps().iter().filter(|g| g.entry().is_none()).collect();
    if other.is_empty() {
        say!("nothing else is lost")?;
    } else {
        say!("also not enforced:")?;
        for gap in other {
            say!("  - {gap}")?;
        }
    }
    let unused = report.schemes_for_other_keys();
    if !unused.is_empty() {
        let names: Vec<String> = unused.iter().map(ToString::to_string).collect();
        say!("not signed with, no key of their type being held: {}", names.join(", "))?;
    }
    say!()?;
    say!("effective policy (what the configs enforce, served through a screen):")?;
    print_policy(report.effective())
}

/// The key a TLS 1.2 suite needs that the server does not hold.
fn key_missing(entry: &tls_policy::SuiteEntry, keys: KeyTypes) -> Option<KeyType> {
    let key = match entry.suite.info()?.auth() {
        tls_policy::Authentication::Rsa => KeyType::Rsa,
        tls_policy::Authentication::Ecdsa => KeyType::Ecdsa,
        _ => return None,
    };
    (!keys.holds(key)).then_some(key)
}

/// The report as one JSON object; `effective` deserializes back into a `Policy`.
fn report_json(report: &Report, keys: KeyTypes, strict: bool) -> Value {
    let entries: Vec<Value> = report
        .policy()
        .entries()
        .iter()
        .map(|entry| {
            let gap = report.entry_gap(entry);
            json!({
                "entry": entry.to_string(),
                "code": format!("0x{:04X}", entry.suite.get()),
                "realized": gap.is_none(),
                "why": gap.map(ToString::to_string),
            })
        })
        .collect();
    json!({
        "policy": report.policy().id(),
        "keys": keys.to_string(),
        "strict": strict,
        "schemes_for_other_keys": report.schemes_for_other_keys().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "exact": report.is_exact(),
        "entries": entries,
        "gaps": report.gaps().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "effective": serde_json::to_value(report.effective()).unwrap_or(Value::Null),
    })
}
