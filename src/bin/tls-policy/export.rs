//! `export`: a policy as another program's settings, then on stderr what that program cannot
//! express of it.

use tls_policy::Policy;
use tls_policy::export::openssl;

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
        return Ok(());
    }
    let settings = openssl::openssl(policy)?;
    match to {
        Target::Openssl => {
            let Some(cipher) = &settings.cipher_string else {
                return Err(Failure::NoCipherString { policy: policy.id().to_owned() });
            };
            say!("{cipher}")?;
        }
        Target::OpensslConf => {
            for line in settings.conf().lines() {
                say!("{line}")?;
            }
        }
        Target::Rustls => {}
    }
    for gap in &settings.gaps {
        warn(&format!("cannot express: {gap}"));
    }
    Ok(())
}
