//! A policy as OpenSSL 3.0 settings: the cipher string (`SSL_CTX_set_cipher_list`, TLS 1.2 and
//! below, in the policy's order, with `@SECLEVEL=n` when a suite or version needs a lower
//! security level than Debian's default 2), the TLS 1.3 `ciphersuites`, the protocol range,
//! the groups and server preference; as `s_server`/`s_client` options or an `openssl.cnf`
//! section (what the Azure IoT C SDK, Python's `ssl`, Node's `tls` and nginx pass on to
//! OpenSSL). [`import::openssl::cipher_list`](crate::import::openssl::cipher_list) reads the
//! cipher string back to exactly the policy's suites that OpenSSL implements, in order.
//!
//! ```
//! use tls_policy::Policy;
//! use tls_policy::export::openssl;
//!
//! let settings = openssl::openssl(&Policy::named("dps-tls12")?)?;
//! // DPS accepts SHA-1 handshake signatures, which OpenSSL 3.0 allows at level 0 only.
//! assert_eq!(
//!     settings.cipher_string.as_deref(),
//!     Some("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:\
//!           ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:\
//!           ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0")
//! );
//! assert_eq!(settings.groups, ["P-256", "P-384"]);
//! assert_eq!(settings.s_server_args()[..2], ["-min_protocol", "TLSv1.2"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::export::{ExportError, Gap};
use crate::import::openssl::{DEFAULT_SECURITY_LEVEL, ciphersuite_name, server_level};
use crate::model::group::NamedGroup;
use crate::model::registry::Hash;
use crate::model::suite::KeyExchange;
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::{Policy, Preference};

/// The target's name in gaps and errors.
const TARGET: &str = "OpenSSL 3.0";

/// OpenSSL 3.0's settings for a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpensslSettings {
    /// The cipher string for TLS 1.2 and below; `None` for a policy of TLS 1.3 alone.
    pub cipher_string: Option<String>,
    /// The TLS 1.3 suites (`SSL_CTX_set_ciphersuites`, `-ciphersuites`); empty when the
    /// policy has none.
    pub ciphersuites: String,
    /// The lowest version (`MinProtocol`, `-min_protocol`).
    pub min_protocol: ProtocolVersion,
    /// The highest version (`MaxProtocol`, `-max_protocol`).
    pub max_protocol: ProtocolVersion,
    /// The groups, in the policy's order (`Groups`, `-groups`), by OpenSSL's names.
    pub groups: Vec<&'static str>,
    /// The security level the settings need (also in the cipher string when below 2).
    pub security_level: u8,
    /// The server picks by its own order (`Options = ServerPreference`, `-serverpref`).
    pub server_preference: bool,
    /// What OpenSSL cannot express of the policy.
    pub gaps: Vec<Gap>,
}

/// OpenSSL's name of a version, as `MinProtocol` and `-min_protocol` take it.
///
/// ```
/// use tls_policy::ProtocolVersion;
/// use tls_policy::export::openssl::protocol_name;
///
/// assert_eq!(protocol_name(ProtocolVersion::TLSv1_0), Some("TLSv1"));
/// ```
pub fn protocol_name(version: ProtocolVersion) -> Option<&'static str> {
    match version {
        ProtocolVersion::SSLv3 => Some("SSLv3"),
        ProtocolVersion::TLSv1_0 => Some("TLSv1"),
        ProtocolVersion::TLSv1_1 => Some("TLSv1.1"),
        ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
        ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
        _ => None,
    }
}

/// OpenSSL 3.0's name of a group it implements (`SSL_CTX_set1_groups_list`).
///
/// ```
/// use tls_policy::NamedGroup;
/// use tls_policy::export::openssl::group_name;
///
/// assert_eq!(group_name(NamedGroup::secp256r1), Some("P-256"));
/// assert_eq!(group_name(NamedGroup::X25519MLKEM768), None); // OpenSSL 3.5 and later
/// ```
pub fn group_name(group: NamedGroup) -> Option<&'static str> {
    Some(match group {
        NamedGroup::secp256r1 => "P-256",
        NamedGroup::secp384r1 => "P-384",
        NamedGroup::secp521r1 => "P-521",
        NamedGroup::x25519 => "X25519",
        NamedGroup::x448 => "X448",
        NamedGroup::ffdhe2048 => "ffdhe2048",
        NamedGroup::ffdhe3072 => "ffdhe3072",
        NamedGroup::ffdhe4096 => "ffdhe4096",
        NamedGroup::ffdhe6144 => "ffdhe6144",
        NamedGroup::ffdhe8192 => "ffdhe8192",
        _ => return None,
    })
}

/// The settings for `policy`, with every gap listed. A policy OpenSSL implements none of
/// the suites of, or none of the groups its ECDHE and DHE suites need, is an error.
pub fn openssl(policy: &Policy) -> Result<OpensslSettings, ExportError> {
    let mut gaps = Vec::new();
    let mut legacy = Vec::new();
    let mut tls13 = Vec::new();
    let mut level = DEFAULT_SECURITY_LEVEL;
    let mut versions = VersionSet::EMPTY;
    let mut needs_group = false;
    for entry in policy.entries() {
        let suite = entry.suite;
        let (Some(info), Some(allowed)) = (suite.info(), server_level(suite)) else {
            gaps.push(Gap::Suite { target: TARGET, suite });
            continue;
        };
        if let Some(group) = entry.group {
            gaps.push(Gap::GroupConstraint { target: TARGET, suite, group });
        }
        level = level.min(allowed);
        versions = versions.union(info.versions().intersect(policy.versions()));
        needs_group |= matches!(info.kx(), KeyExchange::Ecdhe | KeyExchange::Dhe | KeyExchange::Any);
        // A suite listed again (`X`, `X_P256`, `X_P384`) is named once.
        match ciphersuite_name(suite) {
            Some(name) if !tls13.contains(&name) => tls13.push(name),
            None => match info.openssl() {
                Some(name) if !legacy.contains(&name) => legacy.push(name),
                Some(_) => {}
                None => gaps.push(Gap::Suite { target: TARGET, suite }),
            },
            Some(_) => {}
        }
    }
    let (Some(min), Some(max)) = (versions.lowest(), versions.highest()) else {
        return Err(ExportError::no_suites(TARGET, policy));
    };
    for missing in VersionSet::between(min, max).iter().filter(|v| !versions.contains(*v)) {
        gaps.push(Gap::VersionHole { target: TARGET, missing });
    }
    // OpenSSL 3.0 allows TLS 1.0 and 1.1, and SHA-1 signatures, only at security level 0.
    let sha1 = policy.signature_schemes().iter().any(|s| s.info().and_then(|i| i.hash()) == Some(Hash::Sha1));
    if min < ProtocolVersion::TLSv1_2 || sha1 {
        level = 0;
        gaps.push(Gap::Limit {
            target: TARGET,
            what: "@SECLEVEL=0 (which TLS 1.0/1.1 or SHA-1 signatures need) also lifts OpenSSL's minimum key and DH sizes",
        });
    }
    let mut groups = Vec::new();
    for &group in policy.groups() {
        match group_name(group) {
            Some(name) if !groups.contains(&name) => groups.push(name),
            Some(_) => {}
            None => gaps.push(Gap::Group { target: TARGET, group }),
        }
    }
    if needs_group && groups.is_empty() {
        return Err(ExportError::NoGroups {
            target: TARGET,
            policy: super::quoted_id(policy),
            groups: policy.groups().to_vec(),
        });
    }
    gaps.push(Gap::SignatureSchemes { target: TARGET });
    let cipher_string = (!legacy.is_empty()).then(|| {
        let mut s = legacy.join(":");
        if level < DEFAULT_SECURITY_LEVEL {
            s.push_str(&format!(":@SECLEVEL={level}"));
        }
        s
    });
    Ok(OpensslSettings {
        cipher_string,
        ciphersuites: tls13.join(":"),
        min_protocol: min,
        max_protocol: max,
        groups,
        security_level: level,
        server_preference: policy.preference() == Preference::Server,
        gaps,
    })
}

impl OpensslSettings {
    /// The options of `openssl s_server` (and, but for `-serverpref`, `s_client`).
    pub fn s_server_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        let mut push = |flag: &str, value: &str| {
            args.push(flag.to_owned());
            args.push(value.to_owned());
        };
        push("-min_protocol", protocol_name(self.min_protocol).unwrap_or("TLSv1.2"));
        push("-max_protocol", protocol_name(self.max_protocol).unwrap_or("TLSv1.3"));
        // Without TLS 1.2 suites, a cipher string of the TLS 1.3-only kind OpenSSL accepts.
        let cipher = self.cipher_string.clone().unwrap_or_else(|| format!("DEFAULT@SECLEVEL={}", self.security_level));
        push("-cipher", &cipher);
        push("-ciphersuites", &self.ciphersuites);
        if !self.groups.is_empty() {
            push("-groups", &self.groups.join(":"));
        }
        if self.server_preference {
            args.push("-serverpref".to_owned());
        }
        args
    }

    /// An `openssl.cnf` section (`[system_default_sect]`, as `openssl_conf` /
    /// `ssl_conf` / `system_default` name it; `SSL_CONF_cmd` takes the same commands).
    pub fn conf(&self) -> String {
        let mut out = String::from("[system_default_sect]\n");
        let mut line = |key: &str, value: &str| {
            out.push_str(key);
            out.push_str(" = ");
            out.push_str(value);
            out.push('\n');
        };
        line("MinProtocol", protocol_name(self.min_protocol).unwrap_or("TLSv1.2"));
        line("MaxProtocol", protocol_name(self.max_protocol).unwrap_or("TLSv1.3"));
        if let Some(cipher) = &self.cipher_string {
            line("CipherString", cipher);
        }
        line("Ciphersuites", &self.ciphersuites);
        if !self.groups.is_empty() {
            line("Groups", &self.groups.join(":"));
        }
        if self.server_preference {
            line("Options", "ServerPreference");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::openssl as import;
    use crate::model::suite::CipherSuite;

    #[test]
    fn every_named_policy_reads_back_through_the_cipher_string_compiler() {
        for id in Policy::named_ids() {
            let policy = Policy::named(id).expect("named");
            let Ok(settings) = openssl(&policy) else { continue };
            let kept: Vec<CipherSuite> = policy
                .entries()
                .iter()
                .map(|e| e.suite)
                .filter(|s| server_level(*s).is_some() && ciphersuite_name(*s).is_none())
                .collect();
            match &settings.cipher_string {
                Some(s) => {
                    let list = import::compile(s).expect("the exported string compiles");
                    let usable: Vec<CipherSuite> = list.usable(settings.security_level).collect();
                    assert_eq!(usable, kept, "{id}: {s}");
                }
                None => assert!(kept.is_empty(), "{id}"),
            }
        }
    }
}
