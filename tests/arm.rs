//! ARM templates: the seed's template as written, comments, parameters, several resources,
//! and typed errors for everything else.

#![cfg(feature = "files")]
#![allow(clippy::unwrap_used)]

use std::path::Path;

use proptest::prelude::*;
use tls_policy::Policy;
use tls_policy::import::files::arm::{self, Resource, ResourceKind};
use tls_policy::import::files::{FileError, Unresolved};

const DATA: &str = "tests/data/arm";

fn load(name: &str) -> Result<Vec<Resource>, FileError> {
    arm::load_template(Path::new(DATA).join(name), None)
}

fn summary(resources: &[Resource]) -> Vec<(ResourceKind, &str, Option<&str>, &str)> {
    resources.iter().map(|r| (r.kind, r.name.as_str(), r.min_tls_version.as_deref(), r.policy.id())).collect()
}

#[test]
fn the_seeds_template_parses_as_written() {
    let text = std::fs::read_to_string(Path::new(DATA).join("seed-dps-tls12.json")).unwrap();
    assert!(text.contains("},\n        }"), "the trailing comma after sku is kept");
    let resources = arm::read_template(&text, None).unwrap();
    assert_eq!(
        summary(&resources),
        [(ResourceKind::ProvisioningService, "<provide-a-valid-DPS-resource-name>", Some("1.2"), "dps-tls12")]
    );
    assert_eq!(resources[0].policy, Policy::named("dps-tls12").unwrap());
    assert_eq!((resources[0].at.line, resources[0].at.column), (5, 9));
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "plain JSON readers refuse it");
}

#[test]
fn comments_and_trailing_commas() {
    let resources = load("commented-dps.jsonc").unwrap();
    assert_eq!(
        summary(&resources),
        [(ResourceKind::ProvisioningService, "fleet-dps // not a comment /* nor this */", Some("1.2"), "dps-tls12")]
    );
    // Positions count the comments: the resource starts on line 7.
    assert_eq!(resources[0].at.line, 7);
    assert!(resources[0].at.file.as_deref().unwrap().ends_with("commented-dps.jsonc"));
}

#[test]
fn parameters_from_the_file_and_defaults() {
    let dir = Path::new(DATA);
    let resources =
        arm::load_template(dir.join("parameterized.json"), Some(&dir.join("parameterized.parameters.json"))).unwrap();
    assert_eq!(
        summary(&resources),
        [
            (ResourceKind::IotHub, "fleet-hub", Some("1.2"), "iot-hub"),
            (ResourceKind::ProvisioningService, "fleet-dps", Some("1.2"), "dps-tls12"),
        ]
    );

    // Without the parameters file: the hub's defaults still resolve, the DPS's minTls does not.
    let err = load("parameterized.json").unwrap_err();
    let FileError::UnresolvedParameter { at, resource, key, parameter, reason } = &err else { panic!("{err:?}") };
    assert_eq!(
        (resource.as_str(), key.as_str(), parameter.as_str()),
        ("[parameters('dpsName')]", "minTlsVersion", "minTls")
    );
    assert_eq!(*reason, Unresolved::NoParametersFile);
    assert_eq!((at.line, at.column), (25, 46));
    assert!(
        err.to_string().contains("minTlsVersion is [parameters('minTls')], which is unresolved: no parameters file"),
        "{err}"
    );

    // A parameters file that lacks it.
    let template = std::fs::read_to_string(dir.join("parameterized.json")).unwrap();
    let err = arm::read_template(&template, Some(r#"{"parameters": {"dpsName": {"value": "x"}}}"#)).unwrap_err();
    assert!(
        matches!(err, FileError::UnresolvedParameter { reason: Unresolved::MissingFromParametersFile, .. }),
        "{err}"
    );

    // A value from the parameters file that is not allowed is located in that file.
    let err =
        arm::read_template(&template, Some("{\"parameters\": {\n  \"minTls\": {\"value\": \"1.1\"}}}")).unwrap_err();
    let FileError::UnsupportedMinTlsVersion { at, value, allowed, .. } = &err else { panic!("{err:?}") };
    assert_eq!((value.as_str(), *allowed), ("1.1", &["1.2"][..]));
    assert_eq!((at.file.as_deref(), at.line, at.column), (Some(Path::new("(parameters)")), 2, 23));

    // A malformed parameters file.
    let err = arm::read_template(&template, Some("{\"parameters\": [}")).unwrap_err();
    assert!(
        matches!(&err, FileError::Syntax { at, .. } if at.file.as_deref() == Some(Path::new("(parameters)"))),
        "{err}"
    );
    let err = arm::read_template(&template, Some("{\"values\": {}}")).unwrap_err();
    assert!(matches!(err, FileError::MissingKey { key: "parameters", .. }), "{err}");
}

#[test]
fn several_resources_each_with_its_policy() {
    let resources = load("several.json").unwrap();
    assert_eq!(
        summary(&resources),
        [
            (ResourceKind::ProvisioningService, "dps-new", Some("1.2"), "dps-tls12"),
            (ResourceKind::ProvisioningService, "dps-old", None, "dps-legacy-security"),
            (ResourceKind::IotHub, "hub", None, "iot-hub"),
        ]
    );
    assert_eq!(resources[1].policy, Policy::named("dps-legacy-security").unwrap());
}

#[test]
fn symbolic_resources_and_case_insensitive_names() {
    assert_eq!(
        summary(&load("symbolic.json").unwrap()),
        [(ResourceKind::ProvisioningService, "symbolic-dps", Some("1.2"), "dps-tls12")]
    );
}

#[test]
fn refusals_name_the_value() {
    let err = load("no-dps.json").unwrap_err();
    let FileError::NoIotResource { found, at } = &err else { panic!("{err:?}") };
    assert_eq!(found, &["Microsoft.Storage/storageAccounts", "Microsoft.Web/sites"]);
    assert_eq!(at.line, 4);
    assert!(err.to_string().contains("has no Microsoft.Devices/ProvisioningServices or Microsoft.Devices/IotHubs resource (resource types found: Microsoft.Storage/storageAccounts, Microsoft.Web/sites)"), "{err}");

    let err = load("tls10.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{DATA}/tls10.json:7:34: resource \"dps-tls10\": minTlsVersion \"1.0\" is not supported: allowed are \"1.2\" or no minTlsVersion"
        )
    );

    let expr = r#"{"resources": [{"type": "Microsoft.Devices/IotHubs", "name": "h", "properties": {"minTlsVersion": "[variables('tls')]"}}]}"#;
    let err = arm::read_template(expr, None).unwrap_err();
    assert!(
        matches!(&err, FileError::UnsupportedExpression { expression, .. } if expression == "[variables('tls')]"),
        "{err}"
    );

    let number =
        r#"{"resources": [{"type": "Microsoft.Devices/IotHubs", "name": "h", "properties": {"minTlsVersion": 1.2}}]}"#;
    let err = arm::read_template(number, None).unwrap_err();
    assert!(matches!(err, FileError::WrongType { found: "a number", .. }), "{err}");

    assert!(matches!(arm::read_template("{}", None), Err(FileError::NoIotResource { .. })));
    assert!(matches!(arm::read_template("[]", None), Err(FileError::WrongType { .. })));
    let err = arm::read_template("{\"resources\": [ /* open", None).unwrap_err();
    assert!(matches!(&err, FileError::Syntax { message, .. } if message == "unterminated /* comment"), "{err}");
    assert!(matches!(load("missing.json"), Err(FileError::Io { .. })));
}

#[test]
fn escaped_brackets_are_literals() {
    let t = r#"{"resources": [{"type": "Microsoft.Devices/ProvisioningServices", "name": "[[literal]", "properties": {"minTlsVersion": null}}]}"#;
    assert_eq!(
        summary(&arm::read_template(t, None).unwrap()),
        [(ResourceKind::ProvisioningService, "[literal]", None, "dps-legacy-security")]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// No text, as template or as parameters file, makes the reader panic.
    #[test]
    fn no_text_panics(text in any::<String>()) {
        let _ = arm::read_template(&text, None);
        let _ = arm::read_template(include_str!("data/arm/parameterized.json"), Some(&text));
    }

    /// Nor does a real template with a piece cut out or replaced.
    #[test]
    fn no_damaged_template_panics(at in any::<prop::sample::Index>(), len in 0usize..12, put in "[\\[\\]{}\",:/*'()a-z0-9 \n]{0,4}") {
        for text in [include_str!("data/arm/commented-dps.jsonc"), include_str!("data/arm/parameterized.json")] {
            let mut chars: Vec<char> = text.chars().collect();
            let i = at.index(chars.len());
            chars.splice(i..(i + len).min(chars.len()), put.chars());
            let damaged: String = chars.into_iter().collect();
            let _ = arm::read_template(&damaged, Some(include_str!("data/arm/parameterized.parameters.json")));
        }
    }
}
