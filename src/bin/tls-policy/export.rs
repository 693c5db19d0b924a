//! `export`: a policy as another program's settings, then on stderr what that program cannot
//! express of it.

use tls_policy::Policy;
use tls_policy::export::{openssl, sdk, servers};

use crate::args::Target;
use crate::error::Failure;
use crate::output::warn;

/// `export --to TARGET`: the setting on stdout (for `openssl`, exactly one line: the cipher
/// string), every gap on stderr.
pub(crate) fn run(policy: &Policy, to: Target) -> Result<(), Failure> {
    if let Target::Rustls = to {
        let (code, report) = tls_policy::export::rustls::rustls_code(policy)?;
        for line in code.lines() {
            say!("{line}")?;
        }
        for gap in report.gaps() {
            warn(&format!("cannot express: rustls: {gap}"));
        }
        if !policy.signature_schemes().is_empty() {
            warn(
                "cannot express: rustls code: the policy's signature schemes (the crate's adapter signs only with \
                 them; this code signs with rustls's own choice)",
            );
        }
        return Ok(());
    }
    let setting = match to {
        Target::CSdk => Some(sdk::c(policy)?),
        Target::Python => Some(sdk::python(policy)?),
        Target::Node => Some(sdk::node(policy)?),
        Target::Java => Some(sdk::java(policy)?),
        Target::Csharp => Some(sdk::csharp(policy)?),
        Target::Nginx => Some(servers::nginx(policy)?),
        Target::Haproxy => Some(servers::haproxy(policy)?),
        Target::Apache => Some(servers::apache(policy)?),
        Target::Go => Some(servers::go(policy)?),
        Target::Openssl | Target::OpensslConf | Target::Rustls => None,
    };
    if let Some(setting) = setting {
        for line in setting.text.lines() {
            say!("{line}")?;
        }
        for gap in &setting.gaps {
            warn(&format!("cannot express: {gap}"));
        }
        return Ok(());
    }
    let settings = openssl::openssl(policy)?;
    match to {
        Target::Openssl => {
            let Some(cipher) = &settings.cipher_string else {
                return Err(Failure::NoCipherString { policy: policy.id().escape_debug().to_string() });
            };
            say!("{cipher}")?;
        }
        Target::OpensslConf => {
            for line in settings.conf().lines() {
                say!("{line}")?;
            }
        }
        _ => {}
    }
    for gap in &settings.gaps {
        warn(&format!("cannot express: {gap}"));
    }
    Ok(())
}
