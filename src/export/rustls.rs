//! A policy as the rustls code the crate's own adapter builds
//! ([`Realizer`]): the provider's suites and groups of the effective
//! policy, the protocol versions and the server-order switch, for a service that writes its
//! rustls config by hand. What rustls cannot enforce is the realization report's gaps.
//!
//! ```
//! use tls_policy::Policy;
//! use tls_policy::export::rustls::rustls_code;
//!
//! let (code, report) = rustls_code(&Policy::named("dps-tls12")?)?;
//! assert!(code.contains("cipher_suite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"));
//! assert!(code.contains("with_protocol_versions(&[&rustls::version::TLS12])"));
//! assert!(code.contains("pub fn server_config("));
//! assert!(!report.gaps().is_empty()); // the CBC suites rustls lacks, among others
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::group::NamedGroup;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;
use crate::policy::{Policy, Preference};
use crate::rustls::{ConfigError, Realizer, Report};

/// The provider module the snippet names: the one this build's default provider comes from.
#[cfg(feature = "aws-lc-rs")]
const PROVIDER: &str = "aws_lc_rs";
#[cfg(not(feature = "aws-lc-rs"))]
const PROVIDER: &str = "ring";

/// rustls's constant for a suite it implements: its IANA name, `TLS13_` for TLS 1.3 ones.
///
/// ```
/// use tls_policy::CipherSuite;
/// use tls_policy::export::rustls::suite_constant;
///
/// assert_eq!(suite_constant(CipherSuite::TLS_AES_128_GCM_SHA256).as_deref(), Some("TLS13_AES_128_GCM_SHA256"));
/// ```
pub fn suite_constant(suite: CipherSuite) -> Option<String> {
    let info = suite.info()?;
    let name = info.iana();
    if info.versions().lowest() == Some(ProtocolVersion::TLSv1_3) {
        Some(format!("TLS13_{}", name.strip_prefix("TLS_")?))
    } else {
        Some(name.to_owned())
    }
}

/// rustls's constant for a key-exchange group.
///
/// ```
/// use tls_policy::NamedGroup;
/// use tls_policy::export::rustls::group_constant;
///
/// assert_eq!(group_constant(NamedGroup::secp256r1), Some("SECP256R1"));
/// ```
pub fn group_constant(group: NamedGroup) -> Option<&'static str> {
    Some(match group {
        NamedGroup::x25519 => "X25519",
        NamedGroup::secp256r1 => "SECP256R1",
        NamedGroup::secp384r1 => "SECP384R1",
        NamedGroup::X25519MLKEM768 => "X25519MLKEM768",
        _ => return None,
    })
}

/// The code of a function `server_config(chain, key)` building the server config for
/// `policy` (paste it into a module of your service), and the report of what it enforces (its
/// [`gaps`](Report::gaps) are what rustls cannot express).
pub fn rustls_code(policy: &Policy) -> Result<(String, Report), ConfigError> {
    let report = Realizer::new(policy).report()?;
    let effective = report.effective();
    let mut code = format!(
        "// The rustls server config tls-policy builds for {}\n\
         // (tls_policy::rustls::Realizer::new(&policy).server_config(chain, key)).\n\
         use std::sync::Arc;\n\n\
         use rustls::crypto::{{{PROVIDER}, CryptoProvider}};\n\
         use rustls::pki_types::{{CertificateDer, PrivateKeyDer}};\n\n\
         pub fn server_config(\n    chain: Vec<CertificateDer<'static>>,\n    key: PrivateKeyDer<'static>,\n\
         ) -> Result<rustls::ServerConfig, rustls::Error> {{\n    \
         let provider = CryptoProvider {{\n        cipher_suites: vec![\n",
        super::comment_id(policy)
    );
    for entry in effective.entries() {
        if let Some(name) = suite_constant(entry.suite) {
            code.push_str(&format!("            {PROVIDER}::cipher_suite::{name},\n"));
        }
    }
    code.push_str("        ],\n        kx_groups: vec![\n");
    for group in effective.groups() {
        if let Some(name) = group_constant(*group) {
            code.push_str(&format!("            {PROVIDER}::kx_group::{name},\n"));
        }
    }
    code.push_str(&format!("        ],\n        ..{PROVIDER}::default_provider()\n    }};\n"));
    let versions: Vec<&str> = effective
        .versions()
        .iter()
        .filter_map(|v| match v {
            ProtocolVersion::TLSv1_3 => Some("&rustls::version::TLS13"),
            ProtocolVersion::TLSv1_2 => Some("&rustls::version::TLS12"),
            _ => None,
        })
        .collect();
    let mutable = if effective.preference() == Preference::Server { "mut " } else { "" };
    code.push_str(&format!(
        "    let {mutable}config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))\n        \
         .with_protocol_versions(&[{}])?\n        .with_no_client_auth()\n        .with_single_cert(chain, key)?;\n",
        versions.join(", ")
    ));
    if effective.preference() == Preference::Server {
        code.push_str("    config.ignore_client_order = true;\n");
    }
    code.push_str("    Ok(config)\n}\n");
    Ok((code, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snippet names exactly the suites, groups and order of the config the adapter
    /// builds, for every named policy rustls can realize.
    #[test]
    fn the_code_names_what_the_adapter_builds() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).expect("key");
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .expect("params")
            .self_signed(&key)
            .expect("cert");
        let der = ::rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
        for id in Policy::named_ids() {
            let policy = Policy::named(id).expect("named");
            let Ok(realized) = Realizer::new(&policy).server_config(vec![cert.der().clone()], der.clone_key().into())
            else {
                continue;
            };
            let (code, _) = rustls_code(&policy).expect("code");
            let provider = realized.config.crypto_provider();
            let named: Vec<String> = code
                .lines()
                .filter_map(|l| l.trim().strip_prefix(&format!("{PROVIDER}::cipher_suite::")))
                .map(|n| n.trim_end_matches(',').to_owned())
                .collect();
            let built: Vec<String> = provider
                .cipher_suites
                .iter()
                .filter_map(|s| suite_constant(CipherSuite::from(u16::from(s.suite()))))
                .collect();
            // The adapter drops suites the server's key cannot use; the code lists the
            // effective policy's, a superset in the same order.
            let mut rest = named.iter();
            assert!(built.iter().all(|b| rest.any(|n| n == b)), "{id}: {built:?} in {named:?}");
            let groups: Vec<&str> = provider
                .kx_groups
                .iter()
                .filter_map(|g| group_constant(NamedGroup::from(u16::from(g.name()))))
                .collect();
            for g in &groups {
                assert!(code.contains(&format!("kx_group::{g},")), "{id}: {g}");
            }
            assert_eq!(code.contains("ignore_client_order = true"), realized.config.ignore_client_order, "{id}");
        }
    }
}
