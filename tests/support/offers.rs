//! Named owned offers: the parsed fields of every capture in `tests/data/hellos`
//! (`manifest.json`), shared by tests and benchmarks (`#[path]`-included).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use serde_json::Value;
use tls_policy::{CipherSuite, Offer, OwnedOffer, ProtocolVersion};

/// A named offer, owned, so an [`Offer`] can borrow it.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub offer: OwnedOffer,
}

impl Fields {
    pub fn offer(&self) -> Offer<'_> {
        self.offer.as_offer()
    }

    pub fn with_suites(&self, suites: Vec<CipherSuite>) -> Self {
        let mut copy = self.clone();
        copy.offer.suites = suites;
        copy
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
        .map(|c| {
            let mut offer =
                OwnedOffer::new(ProtocolVersion::from(hex(&c["legacy_version"])), codes(&c["cipher_suites"]).unwrap());
            offer.supported_versions = codes(&c["supported_versions"]);
            offer.groups = codes(&c["supported_groups"]);
            offer.signature_schemes = codes(&c["signature_algorithms"]);
            Fields { name: c["name"].as_str().unwrap().to_owned(), offer }
        })
        .collect()
}
