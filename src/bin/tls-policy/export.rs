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
    }
    for gap in &settings.gaps {
        warn(&format!("cannot express: {gap}"));
    }
    Ok(())
}
