//! The seed's SDK table: which Azure IoT SDK releases support TLS 1.2.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use tls_policy::sdk::{self, Language, SdkError, SdkVersion};

#[test]
fn the_seeds_table() {
    for (language, yes, no) in [
        (
            "C",
            &["2019-12-11", "2020-02-04", "LTS_07_2022_Ref01", "lts_01_2020_Ref01", "LTS_02_2020", "2024-01-31"][..],
            &["2019-12-10", "2019-10-07", "LTS_07_2019_Ref01", "LTS_12_2019_Ref01", "2018-12-31"][..],
        ),
        (
            "Python",
            &["2.0.0", "v2.0.0", "2.0", "2.12.0", "3.0.0b1", "2.0.1-rc.1"],
            &["1.4.6", "2.0.0rc1", "2.0.0-preview", "2.0.0.dev1", "0.9"],
        ),
        (
            "C#",
            &["1.21.4", "v1.21.4", "1.21.5", "1.42.0", "2.0.0-preview001"],
            &["1.21.3", "1.21.4-preview-001", "1.20.9", "v1.2"],
        ),
        ("Java", &["1.19.0", "1.30.1", "v2.1.0"], &["1.18.9", "1.19.0-preview", "1.9.0"]),
        ("Node.js", &["1.12.2", "1.13.0", "v1.18.1", "2.0.0"], &["1.12.1", "1.12.2-beta.1", "1.2.12"]),
    ] {
        for v in yes {
            assert!(sdk::supports_tls12(language, v).unwrap(), "{language} {v}");
        }
        for v in no {
            assert!(!sdk::supports_tls12(language, v).unwrap(), "{language} {v}");
        }
    }
}

#[test]
fn language_names() {
    for (name, l) in [
        ("c", Language::C),
        ("CSharp", Language::CSharp),
        (".NET", Language::CSharp),
        ("nodejs", Language::Node),
        ("NodeJS", Language::Node),
        ("py", Language::Python),
        (" Java ", Language::Java),
    ] {
        assert_eq!(name.parse::<Language>().unwrap(), l, "{name}");
    }
    let err = "jav".parse::<Language>().unwrap_err();
    assert_eq!(err, SdkError::UnknownLanguage { input: "jav".into(), suggestion: Some("java") });
    assert!(matches!("rust".parse::<Language>(), Err(SdkError::UnknownLanguage { suggestion: None, .. })));
}

#[test]
fn unparsable_versions_are_quoted() {
    for (language, bad) in [
        ("C", "1.3.9"),
        ("C", "2019-12"),
        ("C", "LTS_13_2020_Ref01"),
        ("C", "LTS_07_2022_Refxx"),
        ("Python", "two"),
        ("C#", "1.2.3.4"),
        ("Java", "1..2"),
        ("Node.js", ""),
        ("Java", "1.2.3-"),
    ] {
        let err = sdk::supports_tls12(language, bad).unwrap_err();
        assert!(matches!(&err, SdkError::BadVersion { input, .. } if input == bad), "{language} {bad}: {err}");
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    assert_eq!(
        sdk::supports_tls12("C", "1.3.9").unwrap_err().to_string(),
        "C SDK version \"1.3.9\" cannot be read: expected a date tag such as 2019-12-11 or an LTS tag such as LTS_07_2022_Ref01"
    );
}

#[test]
fn answers_read_as_sentences() {
    let a = sdk::check("C", "LTS_07_2022_Ref01").unwrap();
    assert!(a.supported);
    assert_eq!(a.version, SdkVersion::Date { year: 2022, month: 7, day: 1, lts: Some(1) });
    assert_eq!(
        a.to_string(),
        "C SDK LTS_07_2022_Ref01 supports TLS 1.2 (2019-12-11 or newer does; https://aka.ms/Tls_C_SDK_IoT)"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

    /// No text panics, as language or as version.
    #[test]
    fn no_text_panics(language in any::<String>(), version in any::<String>(), known in prop::sample::select(&Language::ALL[..])) {
        let _ = sdk::check(&language, &version);
        let _ = sdk::check(known.name(), &version);
    }

    /// Semantic versions order as their numbers do, whatever the spelling.
    #[test]
    fn semver_orders_by_number(a in (0u64..40, 0u64..40, 0u64..40), b in (0u64..40, 0u64..40, 0u64..40), v in any::<bool>()) {
        let text = |(x, y, z): (u64, u64, u64)| format!("{}{x}.{y}.{z}", if v { "v" } else { "" });
        let (x, y) = (Language::Java.version(&text(a)).unwrap(), Language::Java.version(&text(b)).unwrap());
        prop_assert_eq!(x.partial_cmp(&y), Some(a.cmp(&b)));
        // A pre-release sorts just below its release.
        let pre = Language::Java.version(&format!("{}-preview.1", text(a))).unwrap();
        prop_assert!(pre < x);
        prop_assert_eq!(pre.partial_cmp(&y) == Some(std::cmp::Ordering::Less), a <= b);
    }

    /// Date tags order as dates; an LTS tag as the first of its month.
    #[test]
    fn c_tags_order_by_date(y in 2015u16..2030, m in 1u8..=12, d in 1u8..=28, y2 in 2015u16..2030, m2 in 1u8..=12) {
        let date = Language::C.version(&format!("{y:04}-{m:02}-{d:02}")).unwrap();
        let lts = Language::C.version(&format!("LTS_{m2:02}_{y2:04}_Ref01")).unwrap();
        prop_assert_eq!(date.partial_cmp(&lts), Some((y, m, d, 0).cmp(&(y2, m2, 1, 1))));
        prop_assert_eq!(Language::C.supports_tls12(&date), (y, m, d) >= (2019, 12, 11));
    }
}

#[test]
fn review_cases_post_releases_leading_zeros_and_lts_without_refresh() {
    use tls_policy::sdk::{Language, supports_tls12};
    // PEP 440: a post-release is newer than its release.
    assert_eq!(supports_tls12("python", "2.0.0.post1"), Ok(true));
    assert_eq!(supports_tls12("python", "2.0.0post1"), Ok(true));
    assert_eq!(supports_tls12("python", "1.9.9.post3"), Ok(false));
    // Ordering agrees with equality.
    let a = Language::Java.version("1.0.0-01").unwrap();
    let b = Language::Java.version("1.0.0-1").unwrap();
    assert_ne!(a, b);
    assert_ne!(a.partial_cmp(&b), Some(core::cmp::Ordering::Equal));
    // A tag without a refresh number prints as written.
    assert_eq!(Language::C.version("LTS_07_2022").unwrap().to_string(), "LTS_07_2022");
    assert_eq!(Language::C.version("LTS_07_2022_Ref01").unwrap().to_string(), "LTS_07_2022_Ref01");
}
