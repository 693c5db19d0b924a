//! A policy as server settings: nginx, HAProxy and Apache httpd (all three hand the settings
//! to OpenSSL, so they are built from [`openssl`]), and Go's
//! `crypto/tls` (a `tls.Config` literal). Each [`Setting`] lists what the program cannot
//! express; a policy with nothing left for a program is [`ExportError::NoSuites`] naming it.
//!
//! ```
//! use tls_policy::Policy;
//! use tls_policy::export::servers;
//!
//! let nginx = servers::nginx(&Policy::named("mozilla-intermediate")?)?;
//! assert!(nginx.text.starts_with("ssl_protocols TLSv1.2 TLSv1.3;\n"));
//! let go = servers::go(&Policy::named("dps-2024")?)?;
//! assert!(go.text.contains("\t\ttls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::export::openssl::{OpensslSettings, openssl, protocol_name};
use crate::export::{ExportError, Gap, Setting};
use crate::model::group::NamedGroup;
use crate::model::suite::{CipherSuite, KeyExchange};
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::{Policy, Preference};

// The three hand the settings to OpenSSL: what it lacks, they lack.
const NGINX: &str = "nginx (OpenSSL 3.0)";
const HAPROXY: &str = "HAProxy (OpenSSL 3.0)";
const APACHE: &str = "Apache httpd (OpenSSL 3.0)";
const GO: &str = "Go crypto/tls";

/// OpenSSL's settings for `policy`, with the gaps and errors naming `target` instead.
fn through_openssl(policy: &Policy, target: &'static str) -> Result<OpensslSettings, ExportError> {
    let mut settings = openssl(policy).map_err(|e| e.for_target(target))?;
    settings.gaps = settings.gaps.into_iter().map(|g| g.for_target(target)).collect();
    Ok(settings)
}

/// The versions between the settings' lowest and highest that the policy allows, by
/// OpenSSL's names (what nginx's `ssl_protocols` and Apache's `SSLProtocol` list).
fn listed_versions(policy: &Policy, settings: &OpensslSettings) -> Vec<&'static str> {
    VersionSet::between(settings.min_protocol, settings.max_protocol)
        .intersect(policy.versions())
        .iter()
        .filter_map(protocol_name)
        .collect()
}

/// Whether the policy keeps a finite-field DHE suite OpenSSL serves (`DHE-`, `EDH-` and
/// anonymous `ADH-` alike): nginx needs `ssl_dhparam` for it, HAProxy a DH size. Told by the
/// suite's key exchange, not its name.
fn has_dhe(policy: &Policy) -> bool {
    policy.entries().iter().any(|e| {
        e.suite.info().is_some_and(|i| i.kx() == KeyExchange::Dhe)
            && crate::import::openssl::server_level(e.suite).is_some()
            && crate::import::openssl::ciphersuite_name(e.suite).is_none()
    })
}

/// nginx's `server` (or `http`) block directives for `policy` (nginx 1.19.4 and later with
/// OpenSSL 1.1.1 or later for `ssl_conf_command`): `ssl_protocols` lists each version the
/// policy allows, `ssl_ciphers` is OpenSSL's cipher string in the policy's order,
/// `ssl_conf_command Ciphersuites` the TLS 1.3 suites, `ssl_ecdh_curve` the groups and
/// `ssl_prefer_server_ciphers` the preference. nginx serves DHE suites only with
/// `ssl_dhparam <file>`, which names a file of the deployment's: a policy with DHE suites
/// gets a gap saying so.
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::servers::nginx;
///
/// let setting = nginx(&Policy::named("dps-tls12")?)?;
/// assert_eq!(
///     setting.text,
///     "ssl_protocols TLSv1.2;\n\
///      ssl_ciphers 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:\
///      ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:\
///      ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0';\n\
///      ssl_ecdh_curve P-256:P-384;\n\
///      ssl_prefer_server_ciphers on;\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nginx(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = through_openssl(policy, NGINX)?;
    let mut gaps = Vec::new();
    for gap in settings.gaps.iter().cloned() {
        // nginx lists versions: a hole in the range is expressed (OpenSSL keeps it for a
        // server through SSL_OP_NO_TLSv1_1 and the like).
        if let Gap::VersionHole { .. } = gap {
            continue;
        }
        gaps.push(gap);
    }
    let mut text = format!("ssl_protocols {};\n", listed_versions(policy, &settings).join(" "));
    if let Some(cipher) = &settings.cipher_string {
        text.push_str(&format!("ssl_ciphers '{cipher}';\n"));
    }
    if !settings.ciphersuites.is_empty() {
        text.push_str(&format!("ssl_conf_command Ciphersuites {};\n", settings.ciphersuites));
    }
    if !settings.groups.is_empty() {
        text.push_str(&format!("ssl_ecdh_curve {};\n", settings.groups.join(":")));
    }
    text.push_str(&format!("ssl_prefer_server_ciphers {};\n", on_off(settings.server_preference)));
    if !settings.ciphersuites.is_empty() {
        gaps.push(Gap::Limit {
            target: NGINX,
            what: "ssl_conf_command (the TLS 1.3 suites) needs nginx 1.19.4 or later built with OpenSSL 1.1.1 or later",
        });
    }
    if has_dhe(policy) {
        gaps.push(Gap::Limit {
            target: NGINX,
            what: "nginx serves DHE suites only with `ssl_dhparam <file>` (RFC 7919 ffdhe2048 parameters, say); without it they are left out",
        });
    }
    Ok(Setting::new(text, gaps))
}

/// HAProxy's `global` section for `policy`: `ssl-default-bind-ciphers` (OpenSSL's cipher
/// string in the policy's order), `ssl-default-bind-ciphersuites` (TLS 1.3),
/// `ssl-default-bind-options` with the version range (and `prefer-client-ciphers` for a
/// policy of client order: HAProxy prefers its own by default) and
/// `ssl-default-bind-curves` (HAProxy 2.6 takes it; a release without it takes `curves` on
/// each `bind` line), and for a policy with DHE suites `tune.ssl.default-dh-param 2048`,
/// without which HAProxy serves none.
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::servers::haproxy;
///
/// let setting = haproxy(&Policy::named("mozilla-modern")?)?;
/// assert_eq!(
///     setting.text,
///     "global\n    \
///      ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256\n    \
///      ssl-default-bind-options ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3 prefer-client-ciphers\n    \
///      ssl-default-bind-curves X25519:P-256:P-384\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn haproxy(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = through_openssl(policy, HAPROXY)?;
    let mut gaps = settings.gaps.clone();
    let mut text = String::from("global\n");
    if let Some(cipher) = &settings.cipher_string {
        text.push_str(&format!("    ssl-default-bind-ciphers {cipher}\n"));
    }
    if !settings.ciphersuites.is_empty() {
        text.push_str(&format!("    ssl-default-bind-ciphersuites {}\n", settings.ciphersuites));
    }
    text.push_str(&format!(
        "    ssl-default-bind-options ssl-min-ver {} ssl-max-ver {}",
        haproxy_version(settings.min_protocol),
        haproxy_version(settings.max_protocol)
    ));
    if !settings.server_preference {
        text.push_str(" prefer-client-ciphers");
    }
    text.push('\n');
    if !settings.groups.is_empty() {
        text.push_str(&format!("    ssl-default-bind-curves {}\n", settings.groups.join(":")));
        gaps.push(Gap::Limit {
            target: HAPROXY,
            what: "ssl-default-bind-curves: HAProxy 2.6 takes it (checked with haproxy -c); a release without it takes `curves` on each bind line",
        });
    }
    if has_dhe(policy) {
        // Without it HAProxy 2.6 (OpenSSL 3.0) leaves out DHE suites; 2048 is its RFC 7919
        // ffdhe2048 group.
        text.push_str("    tune.ssl.default-dh-param 2048\n");
    }
    Ok(Setting::new(text, gaps))
}

/// HAProxy's name of a version (`ssl-min-ver`, `ssl-max-ver`).
fn haproxy_version(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::SSLv3 => "SSLv3",
        ProtocolVersion::TLSv1_0 => "TLSv1.0",
        ProtocolVersion::TLSv1_1 => "TLSv1.1",
        ProtocolVersion::TLSv1_2 => "TLSv1.2",
        _ => "TLSv1.3",
    }
}

/// Apache httpd's mod_ssl directives for `policy` (2.4.36 and later for TLS 1.3):
/// `SSLProtocol` lists the versions the policy allows (down to a hole, if there is one:
/// mod_ssl serves none below it, and that is a gap), `SSLCipherSuite` is OpenSSL's cipher
/// string in the policy's order, `SSLCipherSuite TLSv1.3` the TLS 1.3 suites,
/// `SSLOpenSSLConfCmd Groups` the groups (2.4.8 and later with OpenSSL 1.0.2 or later) and
/// `SSLHonorCipherOrder` the preference.
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::servers::apache;
///
/// let setting = apache(&Policy::named("mozilla-modern")?)?;
/// assert_eq!(
///     setting.text,
///     "SSLProtocol -all +TLSv1.3\n\
///      SSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256\n\
///      SSLOpenSSLConfCmd Groups X25519:P-256:P-384\n\
///      SSLHonorCipherOrder off\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apache(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = through_openssl(policy, APACHE)?;
    let mut gaps: Vec<Gap> = settings.gaps.iter().filter(|g| !matches!(g, Gap::VersionHole { .. })).cloned().collect();
    // mod_ssl turns SSLProtocol into a range from the highest version listed down to the
    // first one left out (it allows no hole, as a run of Apache 2.4 showed): the versions
    // below a hole are not listed, and are a gap.
    let allowed = VersionSet::between(settings.min_protocol, settings.max_protocol).intersect(policy.versions());
    let mut text = String::from("SSLProtocol -all");
    let mut versions = Vec::new();
    let mut below_hole = false;
    let range: Vec<ProtocolVersion> =
        VersionSet::between(settings.min_protocol, settings.max_protocol).iter().collect();
    for &version in range.iter().rev() {
        if !allowed.contains(version) {
            below_hole |= !versions.is_empty();
        } else if below_hole {
            gaps.push(Gap::Limit {
                target: APACHE,
                what: "SSLProtocol takes no hole: mod_ssl serves from the highest version down to the first left out, so the policy's versions below the hole are not served",
            });
            break;
        } else if let Some(name) = protocol_name(version) {
            versions.push(name);
        }
    }
    for version in versions.iter().rev() {
        text.push_str(" +");
        text.push_str(version);
    }
    text.push('\n');
    if let Some(cipher) = &settings.cipher_string {
        text.push_str(&format!("SSLCipherSuite {cipher}\n"));
    }
    if !settings.ciphersuites.is_empty() {
        text.push_str(&format!("SSLCipherSuite TLSv1.3 {}\n", settings.ciphersuites));
    }
    if !settings.groups.is_empty() {
        text.push_str(&format!("SSLOpenSSLConfCmd Groups {}\n", settings.groups.join(":")));
    }
    text.push_str(&format!("SSLHonorCipherOrder {}\n", on_off(settings.server_preference)));
    Ok(Setting::new(text, gaps))
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

/// The suites of TLS 1.2 and below Go's `crypto/tls` implements, by its constant names
/// (`crypto/tls` `cipher_suites.go`; the names are IANA's).
const GO_SUITES: [CipherSuite; 22] = [
    CipherSuite::TLS_RSA_WITH_RC4_128_SHA,
    CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA,
    CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
    CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA,
    CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA256,
    CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_RC4_128_SHA,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    CipherSuite::TLS_ECDHE_RSA_WITH_RC4_128_SHA,
    CipherSuite::TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
];

/// The TLS 1.3 suites Go implements (always all three: `CipherSuites` does not apply).
const GO_TLS13: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

/// Go's constant for a group it implements (`tls.CurveID`).
fn go_curve(group: NamedGroup) -> Option<&'static str> {
    Some(match group {
        NamedGroup::secp256r1 => "tls.CurveP256",
        NamedGroup::secp384r1 => "tls.CurveP384",
        NamedGroup::secp521r1 => "tls.CurveP521",
        NamedGroup::x25519 => "tls.X25519",
        NamedGroup::X25519MLKEM768 => "tls.X25519MLKEM768",
        _ => return None,
    })
}

/// Go's constant for a version it implements.
fn go_version(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::TLSv1_0 => "tls.VersionTLS10",
        ProtocolVersion::TLSv1_1 => "tls.VersionTLS11",
        ProtocolVersion::TLSv1_2 => "tls.VersionTLS12",
        _ => "tls.VersionTLS13",
    }
}

/// A Go `crypto/tls` `tls.Config` literal for `policy`: `MinVersion`, `MaxVersion`,
/// `CipherSuites` (the policy's suites of TLS 1.2 and below that Go implements, in order)
/// and `CurvePreferences`. Go sets no TLS 1.3 suites (it serves all three of its own), has
/// no server order since Go 1.17 (it picks by its own ranking), implements no DHE, and no
/// version below TLS 1.0: each is a gap.
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::servers::go;
///
/// let setting = go(&Policy::named("mozilla-intermediate")?)?;
/// assert!(setting.text.starts_with("tls.Config{\n\tMinVersion: tls.VersionTLS12,\n\tMaxVersion: tls.VersionTLS13,\n"));
/// assert!(setting.text.contains("\t\ttls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn go(policy: &Policy) -> Result<Setting, ExportError> {
    let mut gaps = Vec::new();
    let mut names = Vec::new();
    let mut tls13 = Vec::new();
    let mut versions = VersionSet::EMPTY;
    let mut needs_group = false;
    let usable = VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_3).intersect(policy.versions());
    for entry in policy.entries() {
        let suite = entry.suite;
        // Go's constants are the IANA names.
        let legacy = GO_SUITES.contains(&suite).then(|| suite.info().map(|i| i.iana())).flatten();
        let info = suite.info().filter(|_| legacy.is_some() || GO_TLS13.contains(&suite));
        let Some(info) = info.filter(|i| !i.versions().intersect(usable).is_empty()) else {
            gaps.push(Gap::Suite { target: GO, suite });
            continue;
        };
        if let Some(group) = entry.group {
            gaps.push(Gap::GroupConstraint { target: GO, suite, group });
        }
        versions = versions.union(info.versions().intersect(usable));
        needs_group |= matches!(info.kx(), KeyExchange::Ecdhe | KeyExchange::Any);
        match legacy {
            Some(name) if !names.contains(&name) => names.push(name),
            None if !tls13.contains(&suite) => tls13.push(suite),
            _ => {}
        }
    }
    let (Some(min), Some(max)) = (versions.lowest(), versions.highest()) else {
        return Err(ExportError::no_suites(GO, policy));
    };
    for missing in VersionSet::between(min, max).iter().filter(|v| !versions.contains(*v)) {
        gaps.push(Gap::VersionHole { target: GO, missing });
    }
    if policy.versions().contains(ProtocolVersion::SSLv3) {
        gaps.push(Gap::Limit { target: GO, what: "Go implements no SSL 3.0" });
    }
    let mut curves = Vec::new();
    for &group in policy.groups() {
        match go_curve(group) {
            Some(name) if !curves.contains(&name) => curves.push(name),
            Some(_) => {}
            None => gaps.push(Gap::Group { target: GO, group }),
        }
    }
    if needs_group && curves.is_empty() {
        return Err(ExportError::NoGroups {
            target: GO,
            policy: super::quoted_id(policy),
            groups: policy.groups().to_vec(),
        });
    }
    if curves.contains(&"tls.X25519MLKEM768") {
        gaps.push(Gap::Limit { target: GO, what: "tls.X25519MLKEM768 needs Go 1.24 or later" });
    }
    if max == ProtocolVersion::TLSv1_3 {
        gaps.push(Gap::Limit {
            target: GO,
            what: "Go ignores CipherSuites for TLS 1.3: it serves its three TLS 1.3 suites (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305) in its own order",
        });
    }
    if names.len() > 1 || policy.preference() == Preference::Server {
        gaps.push(Gap::Limit {
            target: GO,
            what: "Go 1.17 and later pick the suite by their own ranking: the CipherSuites order and PreferServerCipherSuites are ignored",
        });
    }
    gaps.push(Gap::Limit {
        target: GO,
        what: "the signature schemes are Go's own: tls.Config has no server setting for them",
    });
    let mut text = format!("tls.Config{{\n\tMinVersion: {},\n\tMaxVersion: {},\n", go_version(min), go_version(max));
    if !names.is_empty() {
        text.push_str("\tCipherSuites: []uint16{\n");
        for name in &names {
            text.push_str(&format!("\t\ttls.{name},\n"));
        }
        text.push_str("\t},\n");
    }
    if !curves.is_empty() {
        text.push_str(&format!("\tCurvePreferences: []tls.CurveID{{{}}},\n", curves.join(", ")));
    }
    text.push('}');
    text.push('\n');
    Ok(Setting::new(text, gaps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::suite::SuiteEntry;

    #[test]
    fn every_go_suite_has_its_iana_name() {
        // Go's crypto/tls constants are the IANA names; the Go server test builds with them.
        assert!(GO_SUITES.iter().all(|s| s.iana_name().is_some()));
    }

    #[test]
    fn a_policy_of_suites_go_lacks_is_no_suites_for_go() {
        let policy = Policy::builder("x")
            .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
            .entries([SuiteEntry::new(CipherSuite::TLS_RSA_WITH_ARIA_128_GCM_SHA256)])
            .groups([NamedGroup::secp256r1])
            .build()
            .expect("policy");
        assert!(matches!(go(&policy), Err(ExportError::NoSuites { target: GO, .. })));
    }
}
