//! The seed's SDK table: which Azure IoT SDK releases support TLS 1.2.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use tls_policy::import::sdk::{self, Language, SdkError, SdkVersion};

#[test]
fn the_seeds_table() {
    for (language, yes, no) in [
        (
            "C",
            // Tags of the repository (src/import/data/azure-iot-sdk-c-tags.tsv), and release numbers.
            &[
                "2019-12-11",
                "2020-01-22",
                "LTS_07_2022_Ref01",
                "lts_07_2022_ref01",
                "LTS_03_2024",
                "2020-12-09",
                "1.3.7",
                "1.6.0",
                "v1.9.1",
                "1.14.0",
            ][..],
            &["2019-11-08", "2019-10-07", "LTS_07_2019_Ref01", "LTS_01_2018_Ref01", "2018-12-13", "1.3.6", "1.2.14"][..],
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
        ("C", "1.3"),
        ("C", "1.2.3.4"),
        ("C", "2019-01-22-public-preview"),
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
        sdk::supports_tls12("C", "1.3").unwrap_err().to_string(),
        "C SDK version \"1.3\" cannot be read: expected a date tag such as 2019-12-11, an LTS tag such as \
         LTS_07_2022_Ref01 or a release number such as 1.14.0"
    );
}

#[test]
fn answers_read_as_sentences() {
    let a = sdk::check("C", "LTS_07_2022_Ref01").unwrap();
    assert!(a.supported);
    assert_eq!(a.version, SdkVersion::Date { year: 2022, month: 7, day: 1, lts: Some(1) });
    assert_eq!(
        a.to_string(),
        "C SDK LTS_07_2022_Ref01 supports TLS 1.2 (tag 2019-12-11, release 1.3.7, or newer does; https://aka.ms/Tls_C_SDK_IoT)"
    );
    let a = sdk::check("C", "1.3.7").unwrap();
    assert_eq!(a.tags, ["1.3.7", "2019-12-11"]);
    assert_eq!(
        a.to_string(),
        "C SDK 1.3.7 (tags 1.3.7, 2019-12-11) supports TLS 1.2 (tag 2019-12-11, release 1.3.7, or newer does; \
         https://aka.ms/Tls_C_SDK_IoT)"
    );
    let a = sdk::check("C", "1.3.6").unwrap();
    assert_eq!(
        a.to_string(),
        "C SDK 1.3.6 (tags 1.3.6, 2019-10-07, 2019-11-08) does not support TLS 1.2: it needs tag 2019-12-11, \
         release 1.3.7, or newer (https://aka.ms/Tls_C_SDK_IoT)"
    );
}

/// `src/import/data/azure-iot-sdk-c-tags.tsv`: every tag of the C SDK repository, with its commit,
/// version files and whether it contains the commit of tag 2019-12-11.
fn c_sdk_tags() -> Vec<[String; 6]> {
    let text = include_str!("../src/import/data/azure-iot-sdk-c-tags.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<String> = l.split('\t').map(str::to_owned).collect();
            cols.try_into().unwrap_or_else(|c| panic!("bad row {c:?}"))
        })
        .collect()
}

/// A release number, the `(commit date, tag)` pairs carrying it, and their answers.
type Derived = (String, Vec<(String, String)>, Vec<bool>);

fn is_number(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `C_RELEASES` is what the tag file gives: per release number (version.txt, else the
/// header's IOTHUB_SDK_VERSION), the tags carrying it, oldest first, and their one answer.
#[test]
fn c_release_numbers_are_the_repositorys_tags() {
    let rows = c_sdk_tags();
    assert_eq!(rows.len(), 157, "the snapshot has 157 tags");
    let mut derived: Vec<Derived> = Vec::new();
    for [tag, _commit, date, version_txt, header, contains] in &rows {
        let v = if version_txt == "-" { header } else { version_txt };
        if !is_number(v) {
            continue;
        }
        let at = match derived.iter().position(|(n, _, _)| n == v) {
            Some(at) => at,
            None => {
                derived.push((v.clone(), Vec::new(), Vec::new()));
                derived.len() - 1
            }
        };
        derived[at].1.push((date.clone(), tag.clone()));
        derived[at].2.push(contains == "yes");
    }
    let key = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    derived.sort_by_key(|(v, _, _)| key(v));
    assert_eq!(derived.len(), sdk::C_RELEASES.len());
    for ((version, mut tags, answers), row) in derived.into_iter().zip(sdk::C_RELEASES) {
        tags.sort();
        let names: Vec<&str> = tags.iter().map(|(_, t)| t.as_str()).collect();
        assert!(answers.iter().all(|a| *a == answers[0]), "{version}: its tags disagree");
        assert_eq!(
            (row.version, row.date, row.tags, row.tls12),
            (version.as_str(), tags[0].0.as_str(), &names[..], answers[0]),
            "{version}"
        );
        // The answer is the table's, and the number order agrees with it: 1.3.7 is the first.
        assert_eq!(sdk::supports_tls12("C", row.version), Ok(row.tls12), "{version}");
        assert_eq!(key(row.version) >= key("1.3.7"), row.tls12, "{version}");
    }
    // Every numbered release since 2020-12 is there.
    for v in ["1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.9.1", "1.10.0", "1.10.1", "1.11.0", "1.12.0", "1.13.0", "1.14.0"] {
        assert!(sdk::C_RELEASES.iter().any(|r| r.version == v && r.tls12), "{v}");
    }
}

/// Every date tag, LTS tag and numbered tag of the repository reads, and answers as its
/// commit does: TLS 1.2 exactly when it contains the commit of tag 2019-12-11. Other tags
/// (previews, tests) answer the same when they read at all.
#[test]
fn every_c_sdk_tag_answers_as_its_commit() {
    let mut read = 0;
    for [tag, commit, _, _, _, contains] in c_sdk_tags() {
        let dated = tag.len() == 10 && tag.as_bytes()[4] == b'-' && tag.as_bytes()[7] == b'-';
        let must_read = dated || tag.starts_with("LTS_") || is_number(&tag);
        match sdk::supports_tls12("C", &tag) {
            Ok(yes) => {
                assert_eq!(yes, contains == "yes", "{tag} ({commit})");
                read += 1;
            }
            Err(e) => assert!(!must_read, "{tag}: {e}"),
        }
    }
    assert!(read >= 140, "{read} tags read");
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
    use tls_policy::import::sdk::{Language, supports_tls12};
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
