//! Owned offer fields, and the parsed fields of every capture in `tests/data/hellos`
//! (`manifest.json`), shared by tests and benchmarks (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use serde_json::Value;
use tls_policy::{CipherSuite, NamedGroup, Offer, ProtocolVersion, SignatureScheme};

/// The fields of one offer, owned, so an [`Offer`] can borrow them.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub legacy: ProtocolVersion,
    pub versions: Option<Vec<ProtocolVersion>>,
    pub suites: Vec<CipherSuite>,
    pub groups: Option<Vec<NamedGroup>>,
    pub schemes: Option<Vec<SignatureScheme>>,
}

impl Fields {
    pub fn offer(&self) -> Offer<'_> {
        let mut offer = Offer::new(self.legacy, &self.suites);
        if let Some(v) = &self.versions {
            offer = offer.with_supported_versions(v);
        }
        if let Some(g) = &self.groups {
            offer = offer.with_groups(g);
        }
        if let Some(s) = &self.schemes {
            offer = offer.with_signature_schemes(s);
        }
        offer
    }

    pub fn with_suites(&self, suites: Vec<CipherSuite>) -> Self {
        Self { suites, ..self.clone() }
    }
}

/// `"0xC02F"` -> `0xC02F`.
pub fn hex(v: &Value) -> u16 {
    u16::from_str_radix(v.as_str().expect("hex string").trim_start_matches("0x"), 16).expect("hex")
}

fn codes<T: From<u16>>(v: &Value) -> Option<Vec<T>> {
    v.as_array().map(|a| a.iter().map(|x| T::from(hex(x))).collect())
}

/// Every capture's parsed fields, from `manifest.json`.
pub fn captures() -> Vec<Fields> {
    let manifest: Value = serde_json::from_str(include_str!("../data/hellos/manifest.json")).unwrap();
    manifest["captures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Fields {
            name: c["name"].as_str().unwrap().to_owned(),
            legacy: ProtocolVersion::from(hex(&c["legacy_version"])),
            versions: codes(&c["supported_versions"]),
            suites: codes(&c["cipher_suites"]).unwrap(),
            groups: codes(&c["supported_groups"]),
            schemes: codes(&c["signature_algorithms"]),
        })
        .collect()
}
