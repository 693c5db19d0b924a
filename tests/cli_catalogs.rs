//! The catalogs as their sources say today, through the `tls-policy` binary: IoT Hub's client
//! preference and groups, DPS's page of 2024, the C SDK's release numbers, and audits that say
//! what of NIST SP 800-52r2 was not verified.

#![cfg(feature = "cli")] // the binary is built with it
#![allow(clippy::unwrap_used)]

#[path = "support/binary.rs"]
mod support;
use std::process::{Command, Output};

use serde_json::Value;
use support::binary;
use tls_policy::{Catalog, CipherSuite};

fn run(args: &[&str]) -> Output {
    Command::new(binary()).args(args).output().expect("run the binary")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

#[test]
fn iot_hub_follows_the_client_and_shares_no_group_without_supported_groups() {
    let json: Value = serde_json::from_str(&stdout(&run(&["policy", "iot-hub", "--json"]))).unwrap();
    assert_eq!(json["preference"], "client");
    assert_eq!(json["missing_groups"], "none-shared");
    assert_eq!(json["versions"], serde_json::json!(["TLSv1.2"]));
    assert_eq!(json["entries"].as_array().unwrap().len(), 8);
    let description = json["description"].as_str().unwrap();
    for words in ["2026-05-26", "public cloud regions", "<hub>.device.azure-devices.net", "names no TLS 1.3 suites"] {
        assert!(description.contains(words), "{words:?}: {description}");
    }
    let text = stdout(&run(&["policy", "iot-hub"]));
    assert!(text.contains("preference: client order"), "{text}");
    assert!(text.contains("without supported_groups: none-shared"), "{text}");
}

#[test]
fn dps_2024_is_a_named_policy_and_listed() {
    let text = stdout(&run(&["policy", "dps-2024"]));
    assert!(text.starts_with("dps-2024: DPS as the DPS TLS page of 2024-11-27"), "{text}");
    assert!(text.contains("versions: TLSv1.2\n"), "{text}");
    let json: Value = serde_json::from_str(&stdout(&run(&["policy", "dps-2024", "--json"]))).unwrap();
    let code = |e: &Value| {
        let entry: tls_policy::SuiteEntry = e.as_str().unwrap().parse().unwrap();
        format!("0x{:04X}", u16::from(entry.suite))
    };
    let codes: Vec<String> = json["entries"].as_array().unwrap().iter().map(code).collect();
    // Recommended, then legacy option #1, in the page's order (DESIGN §2 code points).
    assert_eq!(
        codes,
        [
            "0xC030", "0xC02F", "0xC028", "0xC027", "0xC014", "0xC013", "0x009D", "0x009C", "0x003D", "0x003C",
            "0x0035", "0x002F"
        ]
    );
    let list: Value = serde_json::from_str(&stdout(&run(&["policy", "--json"]))).unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, tls_policy::Policy::named_ids());
    assert!(ids.contains(&"dps-2024") && ids.contains(&"mozilla-old-5.7"));
}

#[test]
fn c_sdk_release_numbers_are_answered() {
    let yes = stdout(&run(&["sdk", "c", "1.3.7"]));
    assert!(yes.starts_with("C SDK 1.3.7 (tags 1.3.7, 2019-12-11) supports TLS 1.2"), "{yes}");
    let no = stdout(&run(&["sdk", "c", "1.3.6"]));
    assert!(no.starts_with("C SDK 1.3.6 (tags 1.3.6, 2019-10-07, 2019-11-08) does not support TLS 1.2"), "{no}");
    for v in ["1.6.0", "1.14.0", "LTS_03_2025", "LTS_07_2022_Ref01"] {
        let json: Value = serde_json::from_str(&stdout(&run(&["sdk", "c", v, "--json"]))).unwrap();
        assert_eq!(json["tls12"], true, "{v}");
    }
}

/// The suites a bundled capture offers, from its manifest (written when it was captured).
fn offered(manifest: &Value, file: &str) -> Vec<CipherSuite> {
    let name = file.rsplit('/').next().unwrap().trim_end_matches(".bin");
    let capture = manifest["captures"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap();
    capture["cipher_suites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| CipherSuite::from(u16::from_str_radix(c.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()))
        .collect()
}

fn suites(ids: &[&str]) -> Vec<CipherSuite> {
    ids.iter().flat_map(|id| Catalog::get(id).unwrap().entries().iter().map(|e| e.suite)).collect()
}

/// `diff --from dps-tls12 --to dps-2024`: an instance created under the 2020 rules against
/// one as the 2024 page describes. With an RSA key the legacy-only devices gain access and no
/// one loses it; with an ECDSA key too, the devices that offer only ECDSA suites lose it.
#[test]
fn diff_from_the_seeds_tls12_to_the_2024_page() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/manifest.json")).unwrap()).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json")).unwrap()).unwrap();
    let (ecc, dps_2024) = (suites(&["dps-ecc"]), suites(&["dps-2024-recommended", "dps-2024-legacy-1"]));
    let legacy = suites(&["dps-2024-legacy-1"]);
    let tls12 = suites(&["dps-recommended", "dps-ecc"]);

    for (keys, paths, devices, lose, gain) in
        [("rsa", &[][..], 10, 0, 2), ("rsa", &[dir][..], 49, 0, 2), ("rsa,ecdsa", &[dir][..], 49, 2, 2)]
    {
        let mut args = vec!["diff", "--from", "dps-tls12", "--to", "dps-2024", "--keys", keys, "--json"];
        args.extend(paths);
        let lines: Vec<Value> = stdout(&run(&args)).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let (summary, rows) = lines.split_last().unwrap();
        assert_eq!(
            (&summary["devices"], &summary["lose_access"], &summary["gain_access"], &summary["change_suite"]),
            (&Value::from(devices), &Value::from(lose), &Value::from(gain), &Value::from(0)),
            "{keys} {paths:?}: {summary}"
        );
        for row in rows {
            let file = row["file"].as_str().unwrap();
            let offer = offered(&manifest, file);
            match row["change"].as_str().unwrap() {
                // It offered ECDSA suites, and none the 2024 page lists.
                "loses_access" => {
                    assert_eq!(keys, "rsa,ecdsa", "{file}");
                    assert!(
                        offer.iter().any(|s| ecc.contains(s)) && !offer.iter().any(|s| dps_2024.contains(s)),
                        "{file}"
                    );
                }
                // It offered only legacy suites, which the seed's TLS 1.2 instance refuses.
                "gains_access" => {
                    assert!(
                        !offer.iter().any(|s| tls12.contains(s)) && offer.iter().any(|s| legacy.contains(s)),
                        "{file}"
                    );
                    let name = file.rsplit('/').next().unwrap().trim_end_matches(".bin");
                    let verdict = expected["verdicts"].as_array().unwrap().iter().find(|v| v["name"] == name).unwrap();
                    assert_eq!(verdict["rsa_profile"]["verdict"], "reject", "{file}: refused under dps-tls12");
                    assert_eq!(row["after"]["verdict"], "accept", "{file}");
                }
                "unchanged" | "still_refused" => {}
                other => panic!("{file}: {other}"),
            }
        }
    }
    // The table names the devices.
    let text = stdout(&run(&["diff", "--from", "dps-tls12", "--to", "dps-2024"]));
    assert!(text.contains("openssl_tls1_2_static_rsa.bin   gains_access"), "{text}");
    assert!(text.contains("accept TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256"), "{text}");
    assert!(
        text.lines().last().unwrap().starts_with("10 devices, 0 lose access, 0 change suite, 2 gain access"),
        "{text}"
    );
}

#[test]
fn audit_against_nist_says_what_is_not_verified() {
    let text = stdout(&run(&["audit", "--policy", "dps-legacy-security", "--against", "nist-800-52r2"]));
    let line = text.lines().find(|l| l.contains("unverified_source")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("[info] unverified_source: nist-800-52r2 (2019-08-29): "), "{line}");
    assert!(line.contains("groups, its PSK suites") && line.contains("not verified against the document"), "{line}");
    let json: Value = serde_json::from_str(&stdout(&run(&[
        "audit",
        "--policy",
        "dps-tls12",
        "--against",
        "bsi-tr-02102-2",
        "--json",
    ])))
    .unwrap();
    let finding = json.as_array().unwrap().iter().find(|f| f["check"] == "unverified_source").unwrap();
    assert!(finding["explanation"].as_str().unwrap().contains("2026-01 edition renumbers its tables"));
    // The catalog says it too.
    let catalog = stdout(&run(&["catalog", "nist-800-52r2"]));
    assert!(catalog.contains("agree with two independent transcriptions"), "{catalog}");
    assert!(catalog.contains("not verified against the document"), "{catalog}");
}
