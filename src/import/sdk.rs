//! Which Azure IoT device SDK releases support TLS 1.2: the table of the
//! [DPS TLS support page](https://learn.microsoft.com/azure/iot-dps/tls-support) (as of
//! 2020-09-14), with version comparison for each SDK's release names.
//!
//! | language | TLS 1.2 from |
//! |---|---|
//! | C | tag `2019-12-11` (release `1.3.7`) |
//! | Python | 2.0.0 |
//! | C# | 1.21.4 |
//! | Java | 1.19.0 |
//! | Node.js | 1.12.2 |
//!
//! The C SDK names releases by date tags (`2019-12-11`), long-term-support tags
//! (`LTS_07_2022_Ref01`, read in any case), compared by date, and, since 2018, release numbers
//! (`1.3.7`; every release since 2020-12 is numbered, `1.6.0` to `1.14.0`, or an LTS tag). An LTS
//! tag names only a month, so it counts as that month's first day: `LTS_07_2019_Ref01` is older
//! than `2019-12-11` (when unsure, the answer is "no": test the device). A release number is
//! looked up in [`C_RELEASES`], read from the repository's tags and version files
//! (`src/import/data/azure-iot-sdk-c-tags.tsv` says how): `1.3.7` is the commit of tag `2019-12-11`,
//! so it and every later number support TLS 1.2, and `1.3.6` does not. The other SDKs
//! use semantic versions, read with or without a `v` prefix (`v1.21.4`), with missing parts
//! as zero (`2.0`), build metadata (`+abc`) ignored, and pre-releases (`1.21.4-preview.1`,
//! Python's `2.0.0rc1`) older than their release, as semver 2.0 §11 orders them.
//!
//! ```
//! use tls_policy::import::sdk::{self, Language};
//!
//! assert!(sdk::supports_tls12("C", "2020-02-04")?);
//! assert!(sdk::supports_tls12("c", "LTS_07_2022_Ref01")?);
//! assert!(!sdk::supports_tls12("C", "2019-10-07")?);
//! assert!(sdk::supports_tls12("C", "1.3.7")?); // the commit of tag 2019-12-11
//! assert!(!sdk::supports_tls12("C", "1.3.6")?);
//! assert!(sdk::supports_tls12("python", "v2.0.0")?);
//! assert!(!sdk::supports_tls12("Python", "2.0.0rc1")?);
//! assert!(!sdk::supports_tls12("C#", "1.21.3")?);
//!
//! let answer = sdk::check("node", "1.12.1")?;
//! assert_eq!(answer.language, Language::Node);
//! assert_eq!(answer.to_string(), "Node.js SDK 1.12.1 does not support TLS 1.2: it needs 1.12.2 or newer (https://aka.ms/Tls_Node_SDK_IoT)");
//!
//! let err = sdk::supports_tls12("pyhton", "2.0.0").unwrap_err();
//! assert_eq!(err.to_string(), "unknown SDK language \"pyhton\" (did you mean python?): expected C, Python, C#, Java or Node.js");
//! # Ok::<(), sdk::SdkError>(())
//! ```

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::model::error::Suggestion;

/// An Azure IoT device SDK, by language.
///
/// ```
/// use tls_policy::import::sdk::Language;
///
/// assert_eq!("C#".parse::<Language>()?, Language::CSharp);
/// assert_eq!("nodejs".parse::<Language>()?, Language::Node);
/// assert_eq!(Language::ALL.len(), 5);
/// # Ok::<(), tls_policy::import::sdk::SdkError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// azure-iot-sdk-c.
    C,
    /// azure-iot-sdk-python (`azure-iot-device`).
    Python,
    /// azure-iot-sdk-csharp (`Microsoft.Azure.Devices.Client`).
    CSharp,
    /// azure-iot-sdk-java (`iot-device-client`).
    Java,
    /// azure-iot-sdk-node (`azure-iot-device`).
    Node,
}

/// Every name a language is looked up by, lowercase.
const NAMES: &[(&str, Language)] = &[
    ("c", Language::C),
    ("python", Language::Python),
    ("py", Language::Python),
    ("c#", Language::CSharp),
    ("csharp", Language::CSharp),
    ("dotnet", Language::CSharp),
    (".net", Language::CSharp),
    ("java", Language::Java),
    ("node", Language::Node),
    ("nodejs", Language::Node),
    ("node.js", Language::Node),
    ("javascript", Language::Node),
];

impl Language {
    /// The five SDKs of the DPS TLS support page's table, in its order.
    pub const ALL: [Self; 5] = [Self::C, Self::Python, Self::CSharp, Self::Java, Self::Node];

    /// The name as the DPS TLS support page's table writes it (`NodeJS` as `Node.js`).
    ///
    /// ```
    /// use tls_policy::import::sdk::Language;
    ///
    /// assert_eq!(Language::Node.name(), "Node.js");
    /// assert_eq!(Language::CSharp.to_string(), "C#");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Self::C => "C",
            Self::Python => "Python",
            Self::CSharp => "C#",
            Self::Java => "Java",
            Self::Node => "Node.js",
        }
    }

    /// The first release that supports TLS 1.2, as the DPS TLS support page's table gives it.
    ///
    /// ```
    /// use tls_policy::import::sdk::Language;
    ///
    /// assert_eq!(Language::Java.tls12_since(), "1.19.0");
    /// assert_eq!(Language::C.tls12_since(), "2019-12-11"); // a date tag
    /// ```
    pub const fn tls12_since(self) -> &'static str {
        match self {
            Self::C => "2019-12-11",
            Self::Python => "2.0.0",
            Self::CSharp => "1.21.4",
            Self::Java => "1.19.0",
            Self::Node => "1.12.2",
        }
    }

    /// The DPS TLS support page's link to the SDK's TLS documentation.
    ///
    /// ```
    /// use tls_policy::import::sdk::Language;
    ///
    /// assert_eq!(Language::Python.docs(), "https://aka.ms/Tls_Python_SDK_IoT");
    /// ```
    pub const fn docs(self) -> &'static str {
        match self {
            Self::C => "https://aka.ms/Tls_C_SDK_IoT",
            Self::Python => "https://aka.ms/Tls_Python_SDK_IoT",
            Self::CSharp => "https://aka.ms/Tls_CSharp_SDK_IoT",
            Self::Java => "https://aka.ms/Tls_Java_SDK_IoT",
            Self::Node => "https://aka.ms/Tls_Node_SDK_IoT",
        }
    }

    /// Reads a release name of this language's SDK.
    ///
    /// ```
    /// use tls_policy::import::sdk::Language;
    ///
    /// let lts = Language::C.version("lts_07_2022_ref01")?;
    /// assert!(lts > Language::C.version("2019-12-11")?);
    /// assert!(Language::C.version("1.14.0")? > Language::C.version("1.3.7")?);
    /// assert!(Language::Java.version("v1.19.0-preview")? < Language::Java.version("1.19.0")?);
    /// assert!(Language::Java.version("1.2.3.4.5").is_err());
    /// # Ok::<(), tls_policy::import::sdk::SdkError>(())
    /// ```
    pub fn version(self, text: &str) -> Result<SdkVersion, SdkError> {
        let parsed = match self {
            Self::C => parse_c_tag(text.trim()).or_else(|| parse_c_number(text.trim())),
            _ => parse_semver(text.trim()),
        };
        parsed.ok_or_else(|| SdkError::BadVersion {
            language: self,
            input: text.to_owned(),
            expected: match self {
                Self::C => "a date tag such as 2019-12-11, an LTS tag such as LTS_07_2022_Ref01 or a release number such as 1.14.0",
                _ => "a version such as 1.21.4, v1.21.4 or 1.21.4-preview",
            },
        })
    }

    /// Whether this release supports TLS 1.2. A C release number is looked up in
    /// [`C_RELEASES`]; a number the table lacks is compared with `1.3.7`, the first number
    /// that supports it. A date tag for an SDK other than C, which [`Language::version`] never
    /// gives, is `false`.
    ///
    /// ```
    /// use tls_policy::import::sdk::Language;
    ///
    /// let java = Language::Java;
    /// assert!(java.supports_tls12(&java.version("1.19.0")?));
    /// assert!(!java.supports_tls12(&java.version("1.19.0-preview")?));
    /// # Ok::<(), tls_policy::import::sdk::SdkError>(())
    /// ```
    pub fn supports_tls12(self, version: &SdkVersion) -> bool {
        if self == Self::C {
            if let Some(release) = c_release(version) {
                return release.tls12;
            }
            if matches!(version, SdkVersion::Semver { .. }) {
                return parse_semver(C_TLS12_SINCE_NUMBER)
                    .and_then(|min| version.partial_cmp(&min))
                    .is_some_and(Ordering::is_ge);
            }
        }
        self.version(self.tls12_since()).ok().and_then(|min| version.partial_cmp(&min)).is_some_and(Ordering::is_ge)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = SdkError;

    /// `C`, `Python`, `C#` (`csharp`, `dotnet`, `.NET`), `Java`, `Node.js` (`node`, `nodejs`,
    /// `javascript`), ASCII case ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = s.trim();
        NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(input)).map(|(_, l)| *l).ok_or_else(|| {
            SdkError::UnknownLanguage {
                input: s.to_owned(),
                suggestion: crate::model::error::nearest(input, NAMES.iter().map(|(n, _)| *n)),
            }
        })
    }
}

/// One release number of the C SDK: the number, the first commit date of a tag carrying it,
/// the tags carrying it, and whether those tags contain the commit of tag `2019-12-11`.
///
/// A tag carries the number in its `version.txt`, or, in tags older than that file, in the
/// `IOTHUB_SDK_VERSION` of `iothub_client/inc/iothub_client_version.h` (which 1.7.0 forgot to
/// raise: the `1.7.0` tag says 1.6.0 there).
///
/// ```
/// use tls_policy::import::sdk::C_RELEASES;
///
/// let r = C_RELEASES.iter().find(|r| r.version == "1.3.7").unwrap();
/// assert_eq!((r.date, r.tags, r.tls12), ("2019-12-11", &["1.3.7", "2019-12-11"][..], true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CRelease {
    /// The release number (`1.3.7`).
    pub version: &'static str,
    /// The earliest committer date of the commits tagged with it (ISO 8601).
    pub date: &'static str,
    /// The tags carrying it, oldest commit first.
    pub tags: &'static [&'static str],
    /// Whether its tags contain the commit of tag `2019-12-11` (all of them agree).
    pub tls12: bool,
}

const fn r(version: &'static str, date: &'static str, tags: &'static [&'static str], tls12: bool) -> CRelease {
    CRelease { version, date, tags, tls12 }
}

/// The first C SDK release number that supports TLS 1.2: the number of tag `2019-12-11`.
const C_TLS12_SINCE_NUMBER: &str = "1.3.7";

/// Every release number the C SDK's tags carry, in number order, read from
/// `src/import/data/azure-iot-sdk-c-tags.tsv` (every tag of github.com/Azure/azure-iot-sdk-c with its
/// commit, version files and whether it contains the commit of tag `2019-12-11`; its header
/// says how it was made). `tests/sdk.rs` derives this table from that file again.
pub const C_RELEASES: &[CRelease] = &[
    r("1.1.2", "2016-12-13", &["2016-12-06", "2017-01-06"], false),
    r("1.1.3", "2017-01-13", &["2017-01-13"], false),
    r("1.1.5", "2017-01-23", &["2017-01-20"], false),
    r("1.1.6", "2017-01-27", &["2017-01-27"], false),
    r("1.1.7", "2017-02-10", &["2017-02-10"], false),
    r("1.1.8", "2017-02-24", &["2017-02-24"], false),
    r("1.1.9", "2017-03-10", &["2017-03-10"], false),
    r("1.1.10", "2017-03-24", &["2017-03-24"], false),
    r("1.1.11", "2017-04-06", &["2017-04-06"], false),
    r("1.1.12", "2017-04-07", &["2017-04-07"], false),
    r("1.1.13", "2017-04-21", &["2017-04-21"], false),
    r("1.1.14", "2017-05-05", &["2017-05-05"], false),
    r("1.1.15", "2017-05-19", &["2017-05-19"], false),
    r("1.1.16", "2017-06-05", &["2017-06-02"], false),
    r("1.1.17", "2017-06-08", &["2017-06-16-test2", "2017-06-16"], false),
    r("1.1.18", "2017-06-30", &["2017-06-30", "release_2017_06_30"], false),
    r("1.1.19", "2017-07-14", &["2017-07-14"], false),
    r("1.1.20", "2017-07-28", &["2017-07-28"], false),
    r("1.1.21", "2017-08-11", &["2017-08-11"], false),
    r("1.1.22", "2017-08-25", &["2017-08-25", "release_2017_08_25"], false),
    r("1.1.23", "2017-09-08", &["2017-09-08"], false),
    r("1.1.24", "2017-09-25", &["2017-09-25", "2017-09-25_invalid"], false),
    r("1.1.25", "2017-10-06", &["2017-10-06", "2017-10-09"], false),
    r("1.1.26", "2017-10-20", &["2017-10-20"], false),
    r("1.1.27", "2017-11-03", &["2017-11-03"], false),
    r("1.1.28", "2017-11-17", &["2017-11-17"], false),
    r("1.1.29", "2017-12-14", &["2017-12-14"], false),
    r("1.1.30", "2018-01-12", &["2018-01-12"], false),
    r("1.1.31", "2018-01-29", &["2018-01-29"], false),
    r("1.1.32", "2018-02-09", &["2018-02-09", "2018-03-01-temp-pod-1"], false),
    r("1.1.33", "2018-05-07", &["LTS_01_2018_Ref01"], false),
    r(
        "1.2.0",
        "2018-03-02",
        &["2018-03-02", "2018-03-07-temp-pod", "1.0.0-pre-release-1.0.7-h", "1.0.0-pre-release-1.0.8"],
        false,
    ),
    r("1.2.1", "2018-03-19", &["1.2.1", "2018-03-16"], false),
    r("1.2.2", "2018-04-03", &["1.2.2", "2018-04-02", "service-cocoapod"], false),
    r("1.2.3", "2018-04-16", &["1.2.3", "2018-04-13"], false),
    r("1.2.4", "2018-05-04", &["1.2.4", "2018-05-04"], false),
    r("1.2.5", "2018-06-08", &["2018-06-08", "1.2.5", "2018-06-15"], false),
    r("1.2.6", "2018-06-26", &["1.2.6", "2018-06-26"], false),
    r("1.2.7", "2018-06-28", &["1.2.7", "2018-06-27"], false),
    r("1.2.8", "2018-07-03", &["2018-07-03", "1.2.8", "2018-07-11"], false),
    r("1.2.9", "2018-09-11", &["1.2.9", "2018-09-11"], false),
    r("1.2.10", "2018-10-03", &["1.2.10", "2018-10-03"], false),
    r("1.2.11", "2018-11-20", &["1.2.11", "2018-11-20"], false),
    r("1.2.12", "2018-12-13", &["1.2.12", "2018-12-13", "2019-01-22-public-preview"], false),
    r("1.2.13", "2019-01-31", &["1.2.13", "2019-01-31"], false),
    r("1.2.14", "2019-02-11", &["1.2.14", "2019-02-11"], false),
    r("1.3.0", "2019-03-18", &["1.3.0", "2019-03-18", "2019-03-18-public-preview"], false),
    r("1.3.1", "2019-04-11", &["1.3.1", "2019-04-11", "2019-04-11-public-preview"], false),
    r("1.3.2", "2019-05-03", &["1.3.2", "2019-04-30"], false),
    r("1.3.3", "2019-05-20", &["1.3.3", "2019-05-16"], false),
    r("1.3.4", "2019-07-01", &["1.3.4", "2019-07-01", "LTS_07_2019_Ref01"], false),
    r("1.3.5", "2019-09-23", &["1.3.5", "2019-09-23"], false),
    r("1.3.6", "2019-10-07", &["1.3.6", "2019-10-07", "2019-11-08"], false),
    r("1.3.7", "2019-12-11", &["1.3.7", "2019-12-11"], true),
    r("1.3.8", "2020-01-22", &["1.3.8", "2020-01-22", "LTS_02_2020_Ref01", "public-preview-pnp-2020-06"], true),
    r("1.3.9", "2020-07-19", &["1.3.9", "2020-07-19", "LTS_07_2020_Ref01"], true),
    r("1.3.10", "2020-12-10", &["1.3.10", "LTS_02_2020_Ref02"], true),
    r("1.4.0", "2020-07-17", &["1.4.0", "2020-07-17"], true),
    r("1.4.1", "2020-12-10", &["1.4.1", "LTS_07_2020_Ref02"], true),
    r("1.5.0", "2020-12-10", &["1.5.0", "2020-12-09"], true),
    r("1.6.0", "2020-12-21", &["1.6.0", "LTS_01_2021_Ref01"], true),
    r("1.7.0", "2021-01-25", &["1.7.0", "LTS_07_2021_Ref01"], true),
    r("1.8.0", "2021-08-11", &["1.8.0", "LTS_01_2022_Ref01"], true),
    r("1.9.0", "2022-01-21", &["1.9.0", "LTS_07_2022_Ref01"], true),
    r("1.9.1", "2022-09-19", &["1.9.1", "LTS_07_2022_Ref02"], true),
    r("1.10.0", "2023-01-14", &["LTS_01_2023_Ref01"], true),
    r("1.10.1", "2023-04-20", &["1.10.1", "LTS_01_2023_Ref02"], true),
    r("1.11.0", "2023-01-13", &["1.11.0", "LTS_08_2023"], true),
    r("1.12.0", "2023-08-09", &["1.12.0", "LTS_03_2024"], true),
    r("1.12.1", "2024-06-26", &["LTS_03_2024_Ref02"], true),
    r("1.13.0", "2024-03-06", &["1.13.0", "LTS_08_2024"], true),
    r("1.14.0", "2024-08-13", &["1.14.0", "LTS_03_2025"], true),
];

/// The row of [`C_RELEASES`] for a release number.
fn c_release(version: &SdkVersion) -> Option<&'static CRelease> {
    let SdkVersion::Semver { major, minor, patch, pre } = version else { return None };
    if !pre.is_empty() {
        return None;
    }
    let text = format!("{major}.{minor}.{patch}");
    C_RELEASES.iter().find(|r| r.version == text)
}

/// A release of an SDK: a C SDK date or LTS tag, or a semantic version.
///
/// Releases of the same kind compare; a date and a semantic version do not
/// (`partial_cmp` is `None`).
///
/// ```
/// use tls_policy::import::sdk::{Language, SdkVersion};
///
/// let lts = Language::C.version("LTS_07_2022_Ref01")?;
/// assert_eq!(lts, SdkVersion::Date { year: 2022, month: 7, day: 1, lts: Some(1) });
/// let number = Language::C.version("1.3.7")?;
/// assert_eq!(lts.partial_cmp(&number), None); // a date and a number do not compare
/// assert_eq!(Language::Python.version("2.0")?.to_string(), "2.0.0");
/// # Ok::<(), tls_policy::import::sdk::SdkError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SdkVersion {
    /// A C SDK tag: `2019-12-11` (`lts: None`), or `LTS_07_2022_Ref01` (the month's first
    /// day, `lts: Some(1)`, the refresh number).
    Date {
        /// The year.
        year: u16,
        /// The month, 1 to 12.
        month: u8,
        /// The day, 1 to 31 (1 for an LTS tag).
        day: u8,
        /// For an LTS tag, its refresh number (`Ref01` is 1; 0 when the tag has none).
        lts: Option<u16>,
    },
    /// `major.minor.patch`, with its pre-release identifiers (`preview.1`) if any.
    Semver {
        /// The major version.
        major: u64,
        /// The minor version.
        minor: u64,
        /// The patch version.
        patch: u64,
        /// The pre-release identifiers, empty for a release.
        pre: Vec<String>,
    },
}

impl PartialOrd for SdkVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Self::Date { year, month, day, lts }, Self::Date { year: y2, month: m2, day: d2, lts: l2 }) => {
                Some((year, month, day, lts.map(|r| r + 1)).cmp(&(y2, m2, d2, l2.map(|r| r + 1))))
            }
            (Self::Semver { major, minor, patch, pre }, Self::Semver { major: a, minor: b, patch: c, pre: p2 }) => {
                Some((major, minor, patch).cmp(&(a, b, c)).then_with(|| compare_pre(pre, p2)))
            }
            _ => None,
        }
    }
}

impl fmt::Display for SdkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date { year, month, day, lts: None } => write!(f, "{year:04}-{month:02}-{day:02}"),
            Self::Date { year, month, lts: Some(0), .. } => write!(f, "LTS_{month:02}_{year:04}"),
            Self::Date { year, month, lts: Some(r), .. } => write!(f, "LTS_{month:02}_{year:04}_Ref{r:02}"),
            Self::Semver { major, minor, patch, pre } => {
                write!(f, "{major}.{minor}.{patch}")?;
                if !pre.is_empty() {
                    write!(f, "-{}", pre.join("."))?;
                }
                Ok(())
            }
        }
    }
}

/// Semver 2.0 §11: a release is newer than its pre-releases; identifiers compare one by one,
/// numbers numerically and below words; a longer list wins a tie.
fn compare_pre(a: &[String], b: &[String]) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        (false, false) => {}
    }
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            // Equal numbers written differently (`01`, `1`) order by their text, so that
            // only equal releases compare equal.
            (Ok(m), Ok(n)) => m.cmp(&n).then_with(|| x.cmp(y)),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

fn number<T: FromStr>(digits: &str, max_len: usize) -> Option<T> {
    (!digits.is_empty() && digits.len() <= max_len && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn date(year: &str, month: &str, day: &str, lts: Option<u16>) -> Option<SdkVersion> {
    let (year, month, day): (u16, u8, u8) = (number(year, 4)?, number(month, 2)?, number(day, 2)?);
    (year.to_string().len() == 4 && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(SdkVersion::Date {
        year,
        month,
        day,
        lts,
    })
}

/// `2019-12-11`, `LTS_07_2022_Ref01`, `lts_07_2022_ref01`, `LTS_03_2024`.
fn parse_c_tag(s: &str) -> Option<SdkVersion> {
    let parts: Vec<&str> = s.split(['-', '_']).collect();
    match parts.as_slice() {
        [y, m, d] if s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-') => date(y, m, d, None),
        [lts, m, y, rest @ ..] if lts.eq_ignore_ascii_case("lts") && s.as_bytes().get(3) == Some(&b'_') => {
            let refresh = match rest {
                [] => 0,
                [r] => {
                    let digits = r.get(..3).filter(|p| p.eq_ignore_ascii_case("ref")).and_then(|_| r.get(3..))?;
                    number(digits, 4)?
                }
                _ => return None,
            };
            date(y, m, "1", Some(refresh))
        }
        _ => None,
    }
}

/// A C SDK release number: `1.3.7` or `v1.3.7`, all three numbers written, so that a tag such
/// as `2019-01-22-public-preview` is not read as release 2019.
fn parse_c_number(s: &str) -> Option<SdkVersion> {
    let core = s.strip_prefix(['v', 'V']).unwrap_or(s).split(['-', '+']).next()?;
    if core.split('.').count() == 3 { parse_semver(s) } else { None }
}

/// `1.21.4`, `v1.21.4`, `2.0`, `1.21.4-preview.1`, `1.21.4+build`, Python's `2.0.0rc1`,
/// `2.0.0a1`, `2.0.0b2`, `2.0.0.dev1`.
fn parse_semver(s: &str) -> Option<SdkVersion> {
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let s = s.split_once('+').map_or(s, |(v, _)| v);
    let (core, pre) = match s.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (s, None),
    };
    // PEP 440 pre-releases follow the last number directly (`2.0.0rc1`) or after a dot (`.dev1`).
    let (core, pre) = match pre {
        Some(p) => (core, Some(p.to_owned())),
        None => match core.find(|c: char| c.is_ascii_alphabetic()) {
            Some(at) => {
                let (c, p) = core.split_at(at);
                // Only PEP 440's tags: `1.x` or `2.0.0foo` is not a release.
                let tag = p.trim_end_matches(|ch: char| ch.is_ascii_digit()).to_ascii_lowercase();
                // A post-release (`2.0.0.post1`) is the release plus packaging fixes: newer.
                if tag == "post" {
                    return parse_semver(c.strip_suffix('.').unwrap_or(c));
                }
                if !matches!(
                    tag.as_str(),
                    "a" | "b" | "c" | "rc" | "alpha" | "beta" | "pre" | "preview" | "dev" | "post"
                ) {
                    return None;
                }
                (c.strip_suffix('.').unwrap_or(c), Some(p.to_owned()))
            }
            None => (core, None),
        },
    };
    let numbers: Vec<u64> = core.split('.').map(|n| number(n, 19)).collect::<Option<_>>()?;
    let (major, minor, patch) = match numbers.as_slice() {
        [a] => (*a, 0, 0),
        [a, b] => (*a, *b, 0),
        [a, b, c] => (*a, *b, *c),
        _ => return None,
    };
    let pre: Vec<String> = match pre {
        None => Vec::new(),
        Some(p) => {
            let ids: Vec<String> = p.split('.').map(str::to_owned).collect();
            if ids.iter().any(|i| i.is_empty() || !i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
                return None;
            }
            ids
        }
    };
    Some(SdkVersion::Semver { major, minor, patch, pre })
}

/// An SDK question that cannot be answered.
///
/// ```
/// use tls_policy::import::sdk::{self, Language, SdkError};
///
/// let bad = sdk::check("java", "one.two").unwrap_err();
/// assert!(matches!(bad, SdkError::BadVersion { language: Language::Java, .. }));
/// assert!(bad.to_string().starts_with("Java SDK version \"one.two\" cannot be read"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SdkError {
    /// A language none of the SDKs is written in.
    #[error("unknown SDK language {input:?}{}: expected C, Python, C#, Java or Node.js", Suggestion(*suggestion))]
    UnknownLanguage {
        /// The text as given.
        input: String,
        /// The nearest language name.
        suggestion: Option<&'static str>,
    },
    /// A release name that is not one of the SDK's forms.
    #[error("{language} SDK version {input:?} cannot be read: expected {expected}")]
    BadVersion {
        /// The SDK.
        language: Language,
        /// The text as given.
        input: String,
        /// What the SDK's release names look like.
        expected: &'static str,
    },
}

/// The answer to "does this SDK release support TLS 1.2?".
///
/// ```
/// use tls_policy::import::sdk::{self, Language};
///
/// let answer = sdk::check("C", "1.3.7")?;
/// assert!(answer.supported);
/// assert_eq!(answer.language, Language::C);
/// assert!(answer.tags.contains(&"2019-12-11")); // the tag whose commit the release is
/// # Ok::<(), tls_policy::import::sdk::SdkError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Answer {
    /// The SDK.
    pub language: Language,
    /// The release asked about.
    pub version: SdkVersion,
    /// The text it was read from.
    pub input: String,
    /// Whether it supports TLS 1.2.
    pub supported: bool,
    /// For a C SDK release number, the tags carrying it ([`C_RELEASES`]); empty otherwise.
    pub tags: &'static [&'static str],
}

impl fmt::Display for Answer {
    /// One sentence with the minimum release and the SDK's TLS documentation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.language;
        let min = match l {
            Language::C => format!("tag {}, release {C_TLS12_SINCE_NUMBER},", l.tls12_since()),
            _ => l.tls12_since().to_owned(),
        };
        let release = match self.tags {
            [] => String::new(),
            [one] => format!(" (tag {one})"),
            tags => format!(" (tags {})", tags.join(", ")),
        };
        let input = self.input.trim();
        if self.supported {
            write!(f, "{l} SDK {input}{release} supports TLS 1.2 ({min} or newer does; {})", l.docs())
        } else {
            write!(f, "{l} SDK {input}{release} does not support TLS 1.2: it needs {min} or newer ({})", l.docs())
        }
    }
}

/// Whether release `version` of the `language` SDK supports TLS 1.2, with the reasons.
///
/// ```
/// use tls_policy::import::sdk;
///
/// let answer = sdk::check("python", "1.9.0")?;
/// assert!(!answer.supported);
/// assert!(answer.to_string().contains("it needs 2.0.0 or newer"));
/// # Ok::<(), tls_policy::import::sdk::SdkError>(())
/// ```
pub fn check(language: &str, version: &str) -> Result<Answer, SdkError> {
    let language: Language = language.parse()?;
    let parsed = language.version(version)?;
    let tags = if language == Language::C { c_release(&parsed).map_or(&[][..], |r| r.tags) } else { &[] };
    Ok(Answer {
        language,
        supported: language.supports_tls12(&parsed),
        version: parsed,
        input: version.to_owned(),
        tags,
    })
}

/// Whether release `version` of the `language` SDK supports TLS 1.2.
///
/// ```
/// use tls_policy::import::sdk;
///
/// assert!(sdk::supports_tls12("C#", "1.21.4")?);
/// assert!(!sdk::supports_tls12("csharp", "1.21.3")?);
/// assert!(sdk::supports_tls12("cobol", "1.0").is_err());
/// # Ok::<(), tls_policy::import::sdk::SdkError>(())
/// ```
pub fn supports_tls12(language: &str, version: &str) -> Result<bool, SdkError> {
    check(language, version).map(|a| a.supported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_minimums_parse_and_support() {
        for l in Language::ALL {
            let min = l.version(l.tls12_since()).unwrap_or_else(|e| panic!("{e}"));
            assert!(l.supports_tls12(&min), "{l}");
            assert_eq!(min.to_string(), l.tls12_since());
        }
    }

    #[test]
    fn pre_release_order() {
        let v = |s: &str| parse_semver(s).unwrap_or_else(|| panic!("{s}"));
        // The example order of semver 2.0 §11.
        let order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ];
        for w in order.windows(2) {
            assert!(v(w[0]) < v(w[1]), "{} < {}", w[0], w[1]);
        }
        assert_eq!(v("2.0.0rc1"), SdkVersion::Semver { major: 2, minor: 0, patch: 0, pre: vec!["rc1".into()] });
        assert!(v("2.0.0.dev1") < v("2.0.0"));
        assert_eq!(v("v1.2+build.5"), v("1.2.0"));
    }

    #[test]
    fn c_tags() {
        let c = |s: &str| parse_c_tag(s);
        assert!(c("2019-12-11").is_some() && c("LTS_07_2022_Ref01").is_some() && c("lts_07_2022_ref01").is_some());
        assert!(c("LTS_07_2022").is_some());
        for bad in ["2019-13-01", "2019-12-32", "19-12-11", "2019_12_11", "LTS_07_2022_Ref", "LTS_7_22x", "1.2.3", ""] {
            assert!(c(bad).is_none(), "{bad}");
        }
        assert!(c("LTS_12_2019_Ref01") < c("2019-12-11"));
        assert!(c("LTS_01_2020_Ref01") < c("LTS_01_2020_Ref02"));
        assert!(c("LTS_01_2020") < c("LTS_01_2020_Ref01"));
    }
}
