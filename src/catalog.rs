//! Named catalogs: published cipher-suite lists, each with its source and date.
//!
//! A catalog is data as its source printed it: the order, the group constraints and the notes.
//! Deciding what a server does with a catalog is the job of a policy.

use core::fmt;

use crate::model::error::{ParseError, Registry};
use crate::model::group::NamedGroup;
use crate::model::suite::{CipherSuite as S, SuiteEntry};
use crate::model::version::{ProtocolVersion as V, VersionSet};

/// One published cipher-suite list.
///
/// ```
/// use tls_policy::{Catalog, CipherSuite, NamedGroup};
///
/// let legacy = Catalog::get("dps-legacy-1").unwrap();
/// let first = legacy.entries()[0];
/// assert_eq!(first.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
/// assert_eq!(first.group, Some(NamedGroup::secp384r1));
/// assert_eq!(first.note, Some("uses SHA-1"));
/// assert_eq!(first.to_string(), "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384");
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct Catalog {
    id: &'static str,
    title: &'static str,
    source: &'static str,
    date: &'static str,
    versions: VersionSet,
    groups: &'static [NamedGroup],
    entries: &'static [CatalogEntry],
    remarks: &'static str,
    unverified: &'static str,
}

/// One row of a catalog: a suite, the group its source fixes for it, and the source's note.
///
/// ```
/// use tls_policy::{Catalog, CipherSuite, NamedGroup};
///
/// let legacy = Catalog::get("dps-legacy-2").expect("shipped");
/// let row = legacy.entries()[0]; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256
/// assert_eq!((row.suite, row.group), (CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, Some(NamedGroup::secp256r1)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CatalogEntry {
    /// The suite.
    pub suite: S,
    /// The group the source fixes for this row (SChannel's `_P256`/`_P384` suffixes).
    pub group: Option<NamedGroup>,
    /// The source's note on this row, verbatim (`uses SHA-1`), or the part of the source the
    /// row comes from.
    pub note: Option<&'static str>,
}

impl CatalogEntry {
    const fn new(suite: S) -> Self {
        Self { suite, group: None, note: None }
    }

    const fn noted(suite: S, note: &'static str) -> Self {
        Self { suite, group: None, note: Some(note) }
    }

    const fn curve(suite: S, group: NamedGroup, note: &'static str) -> Self {
        Self { suite, group: Some(group), note: Some(note) }
    }

    /// The suite and its group constraint.
    ///
    /// ```
    /// use tls_policy::{Catalog, SuiteEntry};
    ///
    /// let row = Catalog::get("dps-legacy-1").expect("shipped").entries()[0];
    /// let entry: SuiteEntry = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384".parse()?;
    /// assert_eq!(row.entry(), entry);
    /// # Ok::<(), tls_policy::ParseError>(())
    /// ```
    pub const fn entry(&self) -> SuiteEntry {
        SuiteEntry { suite: self.suite, group: self.group }
    }
}

impl fmt::Display for CatalogEntry {
    /// The SChannel form of the entry (`TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.entry(), f)
    }
}

impl Catalog {
    /// The stable identifier (`dps-recommended`).
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert!(Catalog::all().iter().any(|c| c.id() == "iot-hub"));
    /// ```
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// A title for people.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert_eq!(Catalog::get("dps-recommended").unwrap().title(), "DPS recommended cipher suites (TLS 1.2)");
    /// ```
    pub const fn title(&self) -> &'static str {
        self.title
    }

    /// Where the list was published.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert!(Catalog::get("dps-recommended").unwrap().source().contains("ms.date 09/14/2020"));
    /// ```
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// The date of the source (ISO 8601).
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert_eq!(Catalog::get("dps-ecc").unwrap().date(), "2020-09-14");
    /// ```
    pub const fn date(&self) -> &'static str {
        self.date
    }

    /// The protocol versions the source says the list is for.
    ///
    /// ```
    /// use tls_policy::{Catalog, ProtocolVersion, VersionSet};
    ///
    /// assert_eq!(Catalog::get("dps-recommended").unwrap().versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
    /// ```
    pub const fn versions(&self) -> VersionSet {
        self.versions
    }

    /// The key-exchange groups the source names, in its order (empty when it names none).
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert!(Catalog::get("dps-recommended").unwrap().groups().is_empty()); // DPS names none
    /// assert!(!Catalog::get("mozilla-modern").unwrap().groups().is_empty());
    /// ```
    pub const fn groups(&self) -> &'static [NamedGroup] {
        self.groups
    }

    /// The rows, in the source's order.
    ///
    /// ```
    /// use tls_policy::{Catalog, CipherSuite};
    ///
    /// let recommended = Catalog::get("dps-recommended").unwrap().entries();
    /// assert_eq!(recommended.len(), 4);
    /// assert_eq!(recommended[0].suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    /// ```
    pub const fn entries(&self) -> &'static [CatalogEntry] {
        self.entries
    }

    /// What a reader should know about the source or its transcription.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert!(Catalog::get("dps-recommended").unwrap().remarks().contains("minTlsVersion 1.2"));
    /// ```
    pub const fn remarks(&self) -> &'static str {
        self.remarks
    }

    /// What of the source was not checked against the document itself (empty when everything
    /// the catalog and its named policy take from it was). [`Policy::audit_against`] reports
    /// it.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert!(Catalog::get("dps-recommended").unwrap().unverified().is_empty());
    /// assert!(Catalog::get("nist-800-52r2").unwrap().unverified().contains("not verified"));
    /// ```
    ///
    /// [`Policy::audit_against`]: crate::Policy::audit_against
    pub const fn unverified(&self) -> &'static str {
        self.unverified
    }

    /// Every catalog the crate ships.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// let dps = Catalog::all().iter().filter(|c| c.id().starts_with("dps-")).count();
    /// assert_eq!(dps, 8); // the pages of 2020 and 2024
    /// ```
    pub const fn all() -> &'static [Catalog] {
        CATALOGS
    }

    /// The catalog with this id.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// assert_eq!(Catalog::get(" DPS-ECC ").map(|c| c.id()), Some("dps-ecc")); // case and spaces ignored
    /// assert!(Catalog::get("dps-ecc-2").is_none());
    /// ```
    pub fn get(id: &str) -> Option<&'static Catalog> {
        CATALOGS.iter().find(|c| c.id.eq_ignore_ascii_case(id.trim()))
    }

    /// The catalog with this id, or an error naming the nearest id.
    ///
    /// ```
    /// use tls_policy::Catalog;
    ///
    /// let err = Catalog::find("dps-recomended").unwrap_err();
    /// assert_eq!(err.to_string(), "unknown catalog \"dps-recomended\" (did you mean dps-recommended?)");
    /// ```
    pub fn find(id: &str) -> Result<&'static Catalog, ParseError> {
        Self::get(id).ok_or_else(|| ParseError::Unknown {
            registry: Registry::Catalog,
            input: id.trim().to_owned(),
            suggestion: crate::model::error::nearest(id, CATALOGS.iter().map(|c| c.id)),
        })
    }
}

use CatalogEntry as E;
use NamedGroup as G;

const SHA1: &str = "uses SHA-1";
const NO_PFS: &str = "lack of Perfect Forward Secrecy";
const SHA1_NO_PFS: &str = "uses SHA-1, lack of Perfect Forward Secrecy";

const DPS_SOURCE: &str = "https://learn.microsoft.com/azure/iot-dps/tls-support \
    (\"TLS support in Azure IoT Hub Device Provisioning Service (DPS)\", ms.date 09/14/2020)";
const DPS_DATE: &str = "2020-09-14";
const DPS_2024_SOURCE: &str = "https://learn.microsoft.com/azure/iot-dps/tls-support \
    (\"TLS support in Azure IoT Hub Device Provisioning Service (DPS)\", ms.date 11/27/2024)";
const DPS_2024_DATE: &str = "2024-11-27";
const MOZILLA_6_0: &str = "https://ssl-config.mozilla.org/guidelines/6.0.json (mozilla/ssl-config-generator, \
    src/static/guidelines/6.0.json; released 2026-04-06 per its CHANGELOG)";

// The recommended and legacy lists are the same, row for row, on the DPS page of 2020 and on
// that of 2024 (tests/catalogs.rs reads both pages); each page's catalogs share them.
const DPS_RECOMMENDED: &[CatalogEntry] = &[
    E::new(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
    E::new(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
    E::new(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
    E::new(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
];
const DPS_LEGACY_1: &[CatalogEntry] = &[
    E::curve(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, G::secp384r1, SHA1),
    E::curve(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, G::secp256r1, SHA1),
    E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, SHA1_NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, SHA1_NO_PFS),
];
const DPS_LEGACY_2: &[CatalogEntry] = &[
    E::curve(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, G::secp256r1, SHA1),
    E::curve(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, G::secp384r1, SHA1),
    E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, SHA1_NO_PFS),
    E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, SHA1_NO_PFS),
];

/// What NIST SP 800-52r2 gives that was not checked against the document (a macro, so that
/// the remarks can include it).
macro_rules! nist_unverified {
    () => {
        "Its groups, its PSK suites (not listed here) and its signature schemes are not verified \
         against the document: the nist-800-52r2 policy's groups and signature schemes are the \
         crate's reading, not a transcription."
    };
}

/// What BSI TR-02102-2 gives beyond its suite lists, none of it checked against the document.
macro_rules! bsi_unverified {
    () => {
        "Everything of BSI TR-02102-2 beyond its suite lists (groups, signature schemes, key \
         lengths, the use-until years) is not verified against the document: the bsi-tr-02102-2 \
         policy's groups and signature schemes are the crate's reading. Edition 2023-01: the \
         2026-01 edition renumbers its tables, so tables 1 and 11 here are 2023-01's numbers, and \
         its lists were not compared with these."
    };
}
const TLS12: VersionSet = VersionSet::only(V::TLSv1_2);
const TLS10_12: VersionSet = VersionSet::between(V::TLSv1_0, V::TLSv1_2);

static CATALOGS: &[Catalog] = &[
    Catalog {
        id: "dps-recommended",
        title: "DPS recommended cipher suites (TLS 1.2)",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS12,
        groups: &[],
        entries: DPS_RECOMMENDED,
        remarks: "The DPS TLS page of 2020-09-14: enforced by a DPS instance created with \
                  minTlsVersion 1.2.",
        unverified: "",
    },
    Catalog {
        id: "dps-legacy-1",
        title: "DPS legacy cipher suites, option #1 (better security)",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS10_12,
        groups: &[],
        entries: DPS_LEGACY_1,
        remarks: "The DPS TLS page of 2020-09-14. The _P384/_P256 suffixes are pre-Windows 10 \
                  SChannel names: the suffix fixes the ECDHE curve of that row.",
        unverified: "",
    },
    Catalog {
        id: "dps-legacy-2",
        title: "DPS legacy cipher suites, option #2 (better performance)",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS10_12,
        groups: &[],
        entries: DPS_LEGACY_2,
        remarks: "The DPS TLS page of 2020-09-14: the same suites as option #1, 128-bit first.",
        unverified: "",
    },
    Catalog {
        id: "dps-ecc",
        title: "DPS cipher suites for ECC device authentication",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS12,
        groups: &[],
        entries: &[
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256),
        ],
        remarks: "The DPS TLS page of 2020-09-14; the page of 2024-11-27 has no such section. \
                  ECDHE_ECDSA suites: the server needs an ECDSA key to use them.",
        unverified: "",
    },
    Catalog {
        id: "dps-ecc-legacy",
        title: "DPS legacy cipher suites for ECC device authentication",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS10_12,
        groups: &[],
        entries: &[
            E::curve(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, G::secp384r1, SHA1),
            E::curve(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, G::secp256r1, SHA1),
        ],
        remarks: "The DPS TLS page of 2020-09-14; gone from the page of 2024-11-27. SChannel \
                  curve-suffixed names, as in the legacy lists.",
        unverified: "",
    },
    Catalog {
        id: "dps-2024-recommended",
        title: "DPS recommended TLS 1.2 cipher suites (page of 2024-11-27)",
        source: DPS_2024_SOURCE,
        date: DPS_2024_DATE,
        versions: TLS12,
        groups: &[],
        entries: DPS_RECOMMENDED,
        remarks: "\"DPS only supports TLS 1.2\"; every instance enforces these and the legacy suites. \
                  The same rows as the 2020 page's list.",
        unverified: "",
    },
    Catalog {
        id: "dps-2024-legacy-1",
        title: "DPS legacy cipher suites, option #1 (better security; page of 2024-11-27)",
        source: DPS_2024_SOURCE,
        date: DPS_2024_DATE,
        versions: TLS12,
        groups: &[],
        entries: DPS_LEGACY_1,
        remarks: "\"Still supported by DPS but will be depreciated\" (sic), in TLS 1.2, the only \
                  version DPS supports. The same rows as the 2020 page's option #1.",
        unverified: "",
    },
    Catalog {
        id: "dps-2024-legacy-2",
        title: "DPS legacy cipher suites, option #2 (better performance; page of 2024-11-27)",
        source: DPS_2024_SOURCE,
        date: DPS_2024_DATE,
        versions: TLS12,
        groups: &[],
        entries: DPS_LEGACY_2,
        remarks: "The same suites as option #1, 128-bit first; the same rows as the 2020 page's option #2.",
        unverified: "",
    },
    Catalog {
        id: "iot-hub",
        title: "Azure IoT Hub cipher suites (the only ones since 2025-08-31)",
        source: "https://learn.microsoft.com/azure/iot-hub/iot-hub-tls-support \
                 (\"Transport Layer Security (TLS) support in IoT Hub\", ms.date 05/26/2026)",
        date: "2026-05-26",
        versions: TLS12,
        groups: &[],
        entries: &[
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256),
            E::new(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
        ],
        remarks: "The page's order. Since 2025-08-31 IoT Hub supports only these, on every hub. \
                  The ECDSA suites are only in public cloud regions. IoT Hub \"tries to follow the \
                  preference of the client\", and a client using ECDHE must send supported_groups \
                  with a valid group (the page names no group). The classic <hub>.azure-devices.net \
                  endpoint is TLS 1.2; the newer <hub>.device.azure-devices.net endpoint offers TLS \
                  1.3 (preview) beside a restricted TLS 1.2, and the page names no TLS 1.3 suite, \
                  so none is listed here.",
        unverified: "",
    },
    Catalog {
        id: "mozilla-modern",
        title: "Mozilla server-side TLS guidelines 6.0, modern",
        source: MOZILLA_6_0,
        date: "2026-04-06",
        versions: VersionSet::only(V::TLSv1_3),
        groups: &[G::X25519MLKEM768, G::x25519, G::secp256r1, G::secp384r1],
        entries: &[
            E::noted(S::TLS_AES_128_GCM_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_CHACHA20_POLY1305_SHA256, "ciphersuites (TLS 1.3)"),
        ],
        remarks: "TLS 1.3 only; ECDSA certificates; client preference order.",
        unverified: "",
    },
    Catalog {
        id: "mozilla-intermediate",
        title: "Mozilla server-side TLS guidelines 6.0, intermediate",
        source: MOZILLA_6_0,
        date: "2026-04-06",
        versions: VersionSet::between(V::TLSv1_2, V::TLSv1_3),
        groups: &[G::X25519MLKEM768, G::x25519, G::secp256r1, G::secp384r1],
        entries: &[
            E::noted(S::TLS_AES_128_GCM_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_CHACHA20_POLY1305_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.2)"),
        ],
        remarks: "ECDSA or RSA certificates; client preference order.",
        unverified: "",
    },
    Catalog {
        id: "mozilla-old",
        title: "Mozilla server-side TLS guidelines 5.8, old",
        source: "https://ssl-config.mozilla.org/guidelines/5.8.json (mozilla/ssl-config-generator, \
                 src/static/guidelines/5.8.json; released 2026-04-06 per its CHANGELOG)",
        date: "2026-04-06",
        versions: VersionSet::between(V::TLSv1_0, V::TLSv1_3),
        groups: &[G::X25519MLKEM768, G::x25519, G::secp256r1, G::secp384r1],
        entries: &[
            E::noted(S::TLS_AES_128_GCM_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_CHACHA20_POLY1305_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_3DES_EDE_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
        ],
        remarks: "The newest edition with an old configuration (6.0 has none). It drops the five \
                  TLS_DHE_RSA suites of 5.7's, so its dh_param_size of 2048 applies to no suite \
                  here, and adds the X25519MLKEM768 group. RSA certificates; server preference \
                  order.",
        unverified: "",
    },
    Catalog {
        id: "mozilla-old-5.7",
        title: "Mozilla server-side TLS guidelines 5.7, old",
        source: "https://ssl-config.mozilla.org/guidelines/5.7.json (mozilla/ssl-config-generator, \
                 src/static/guidelines/5.7.json; released 2023-05-15 per its CHANGELOG)",
        date: "2023-05-15",
        versions: VersionSet::between(V::TLSv1_0, V::TLSv1_3),
        groups: &[G::x25519, G::secp256r1, G::secp384r1],
        entries: &[
            E::noted(S::TLS_AES_128_GCM_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_CHACHA20_POLY1305_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
            E::noted(S::TLS_RSA_WITH_3DES_EDE_CBC_SHA, "ciphers (TLS 1.0-1.2)"),
        ],
        remarks: "The old configuration before 5.8 (see mozilla-old): with five TLS_DHE_RSA suites \
                  and a dh_param_size of 1024. RSA certificates; server preference order.",
        unverified: "",
    },
    Catalog {
        id: "nist-800-52r2",
        title: "NIST SP 800-52 Rev. 2, section 3.3.1 cipher suites",
        source: "https://doi.org/10.6028/NIST.SP.800-52r2 (August 2019)",
        date: "2019-08-29",
        versions: VersionSet::between(V::TLSv1_0, V::TLSv1_3),
        groups: &[],
        entries: &[
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CCM, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CCM, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, "ECDSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, "ECDSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "ECDSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CCM, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CCM, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CCM_8, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CCM_8, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, "RSA certificates, TLS 1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "RSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "RSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CBC_SHA, "RSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CBC_SHA, "RSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_128_GCM_SHA256, "DSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, "DSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, "DSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, "DSA certificates, TLS 1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_128_CBC_SHA, "DSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_256_CBC_SHA, "DSA certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_128_GCM_SHA256, "DSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_256_GCM_SHA384, "DSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_128_CBC_SHA256, "DSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_256_CBC_SHA256, "DSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_128_CBC_SHA, "DSA-signed DH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DH_DSS_WITH_AES_256_CBC_SHA, "DSA-signed DH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_128_GCM_SHA256, "RSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_256_GCM_SHA384, "RSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_128_CBC_SHA256, "RSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_256_CBC_SHA256, "RSA-signed DH certificates, TLS 1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_128_CBC_SHA, "RSA-signed DH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_DH_RSA_WITH_AES_256_CBC_SHA, "RSA-signed DH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256, "ECDSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384, "ECDSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256, "ECDSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384, "ECDSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA, "ECDSA-signed ECDH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA, "ECDSA-signed ECDH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256, "RSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384, "RSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256, "RSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384, "RSA-signed ECDH certificates, TLS 1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_128_CBC_SHA, "RSA-signed ECDH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_ECDH_RSA_WITH_AES_256_CBC_SHA, "RSA-signed ECDH certificates, TLS 1.0-1.2"),
            E::noted(S::TLS_AES_128_GCM_SHA256, "TLS 1.3"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "TLS 1.3"),
            E::noted(S::TLS_AES_128_CCM_SHA256, "TLS 1.3"),
            E::noted(S::TLS_AES_128_CCM_8_SHA256, "TLS 1.3"),
        ],
        remarks: concat!(
            "Document order, which is not a preference order; the document asks to prefer ephemeral \
             keys, GCM or CCM over CBC, and CCM over CCM_8. These 60 suites agree with two \
             independent transcriptions of the document; the PDF itself was not at hand. ",
            nist_unverified!()
        ),
        unverified: nist_unverified!(),
    },
    Catalog {
        id: "bsi-tr-02102-2",
        title: "BSI TR-02102-2 (2023-01), recommended cipher suites",
        source: "https://www.bsi.bund.de/SharedDocs/Downloads/DE/BSI/Publikationen/TechnischeRichtlinien/\
                 TR02102/BSI-TR-02102-2.pdf (version 2023-01, tables 1 and 11)",
        date: "2023-01",
        versions: VersionSet::between(V::TLSv1_2, V::TLSv1_3),
        groups: &[],
        entries: &[
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_128_CCM, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_ECDSA_WITH_AES_256_CCM, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_128_GCM_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_128_CCM, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_DHE_RSA_WITH_AES_256_CCM, "table 1 (TLS 1.2, PFS)"),
            E::noted(S::TLS_AES_128_GCM_SHA256, "table 11 (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "table 11 (TLS 1.3)"),
            E::noted(S::TLS_AES_128_CCM_SHA256, "table 11 (TLS 1.3)"),
        ],
        remarks: concat!(
            "Table order (grouped by key exchange, not a preference order). Tables 1 and 11 of the \
             2023-01 edition, transcribed from a secondary copy. ",
            bsi_unverified!()
        ),
        unverified: bsi_unverified!(),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        for (i, c) in CATALOGS.iter().enumerate() {
            assert!(CATALOGS[..i].iter().all(|d| d.id != c.id), "{}", c.id);
        }
    }

    #[test]
    fn every_entry_is_registered_and_valid_in_the_catalog_versions() {
        for c in CATALOGS {
            for e in c.entries {
                let info = e.suite.info().unwrap_or_else(|| panic!("{}: {:?}", c.id, e.suite));
                assert!(!info.versions().intersect(c.versions).is_empty(), "{}: {}", c.id, info.iana());
                if e.group.is_some() {
                    assert!(info.kx().is_elliptic_curve(), "{}: {}", c.id, info.iana());
                }
            }
        }
    }

    #[test]
    fn unknown_id_suggests() {
        let err = Catalog::find("dps-legacy").unwrap_err();
        assert!(err.to_string().contains("did you mean dps-legacy-1?"), "{err}");
    }
}
