//! Golden vectors: every real ClientHello of `tests/data/hellos` (captured from OpenSSL, curl
//! and Python; see its `manifest.json`) gets the verdict `expected.json` gives it under
//! `dps-tls12`, with an RSA key (`rsa_profile`) and with RSA + ECDSA keys (`ecc_profile`).

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

#[path = "support/offers.rs"]
mod offers;

use offers::{captures, hex};
use serde_json::Value;
use tls_policy::{KeyTypes, Policy, ProtocolVersion, Reason, negotiate, negotiate_naive};

const EXPECTED: &str = include_str!("data/hellos/expected.json");

#[test]
fn every_capture_gets_its_expected_verdict() {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let verdicts = expected["verdicts"].as_array().unwrap();
    let policy = Policy::named("dps-tls12").unwrap();
    let captures = captures();
    assert_eq!(captures.len(), verdicts.len());
    assert_eq!(captures.len(), 49, "every .bin capture of tests/data/hellos");
    let mut checked = 0;
    for verdict in verdicts {
        let name = verdict["name"].as_str().unwrap();
        let fields = captures.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("{name} not in manifest"));
        let offer = fields.offer();
        for (profile, keys) in [("rsa_profile", KeyTypes::RSA), ("ecc_profile", KeyTypes::RSA_AND_ECDSA)] {
            let want = &verdict[profile];
            let got = negotiate(&policy, &offer, keys);
            assert_eq!(got, negotiate_naive(&policy, &offer, keys), "{name} {profile}: engine and naive differ");
            match want["verdict"].as_str().unwrap() {
                "accept" => {
                    let agreed = got.unwrap_or_else(|r| panic!("{name} {profile}: refused {r}"));
                    assert_eq!(u16::from(agreed.suite), hex(&want["suite"]), "{name} {profile}");
                    assert_eq!(agreed.version, ProtocolVersion::TLSv1_2, "{name} {profile}");
                }
                "reject" => {
                    let refusal = got.expect_err(name);
                    let text = want["reason"].as_str().unwrap();
                    let reason = if text.starts_with("protocol_version") {
                        Reason::ProtocolVersion
                    } else if text.starts_with("inappropriate_fallback") {
                        Reason::InappropriateFallback
                    } else if text.starts_with("no shared cipher") {
                        Reason::NoSharedCipher
                    } else {
                        panic!("{name}: unexpected reason {text}")
                    };
                    assert_eq!(refusal.reason, reason, "{name} {profile}: {text}");
                }
                other => panic!("{name}: verdict {other}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * verdicts.len());
}

/// Under client order the engine picks what `expected.json` records as `client_order_pick`.
#[test]
fn client_order_picks_match_the_recorded_ones() {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let policy =
        Policy::named("dps-tls12").unwrap().to_builder().preference(tls_policy::Preference::Client).build().unwrap();
    let captures = captures();
    let mut compared = 0;
    for verdict in expected["verdicts"].as_array().unwrap() {
        let fields = captures.iter().find(|c| c.name == verdict["name"]).unwrap();
        for (profile, keys) in [("rsa_profile", KeyTypes::RSA), ("ecc_profile", KeyTypes::RSA_AND_ECDSA)] {
            let Some(pick) = verdict[profile].get("client_order_pick").filter(|p| !p.is_null()) else { continue };
            let got = negotiate(&policy, &fields.offer(), keys).unwrap();
            assert_eq!(u16::from(got.suite), hex(pick), "{} {profile}", fields.name);
            compared += 1;
        }
    }
    assert!(compared > 40, "{compared}");
}
