//! Named catalogs: published cipher-suite lists, each with its source and date.
//!
//! A catalog is data as its source printed it: the order, the group constraints and the notes.
//! Deciding what a server does with a catalog is the job of a policy.

use core::fmt;

use crate::error::{ParseError, Registry};
use crate::group::NamedGroup;
use crate::suite::{CipherSuite as S, Entry};
use crate::version::{ProtocolVersion as V, VersionSet};

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
}

/// One row of a catalog: a suite, the group its source fixes for it, and the source's note.
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
    pub const fn entry(&self) -> Entry {
        Entry { suite: self.suite, group: self.group }
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
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// A title for people.
    pub const fn title(&self) -> &'static str {
        self.title
    }

    /// Where the list was published.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// The date of the source (ISO 8601).
    pub const fn date(&self) -> &'static str {
        self.date
    }

    /// The protocol versions the source says the list is for.
    pub const fn versions(&self) -> VersionSet {
        self.versions
    }

    /// The key-exchange groups the source names, in its order (empty when it names none).
    pub const fn groups(&self) -> &'static [NamedGroup] {
        self.groups
    }

    /// The rows, in the source's order.
    pub const fn entries(&self) -> &'static [CatalogEntry] {
        self.entries
    }

    /// What a reader should know about the source or its transcription.
    pub const fn remarks(&self) -> &'static str {
        self.remarks
    }

    /// Every catalog the crate ships.
    pub const fn all() -> &'static [Catalog] {
        CATALOGS
    }

    /// The catalog with this id.
    pub fn get(id: &str) -> Option<&'static Catalog> {
        CATALOGS.iter().find(|c| c.id.eq_ignore_ascii_case(id.trim()))
    }

    /// The catalog with this id, or an error naming the nearest id.
    pub fn find(id: &str) -> Result<&'static Catalog, ParseError> {
        Self::get(id).ok_or_else(|| ParseError::Unknown {
            registry: Registry::Catalog,
            input: id.trim().to_owned(),
            suggestion: crate::error::nearest(id, CATALOGS.iter().map(|c| c.id)),
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
        entries: &[
            E::new(S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
            E::new(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
        ],
        remarks: "Enforced by a DPS instance created with minTlsVersion 1.2.",
    },
    Catalog {
        id: "dps-legacy-1",
        title: "DPS legacy cipher suites, option #1 (better security)",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS10_12,
        groups: &[],
        entries: &[
            E::curve(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, G::secp384r1, SHA1),
            E::curve(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, G::secp256r1, SHA1),
            E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, SHA1_NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, SHA1_NO_PFS),
        ],
        remarks: "The _P384/_P256 suffixes are pre-Windows 10 SChannel names: the suffix fixes the \
                  ECDHE curve of that row.",
    },
    Catalog {
        id: "dps-legacy-2",
        title: "DPS legacy cipher suites, option #2 (better performance)",
        source: DPS_SOURCE,
        date: DPS_DATE,
        versions: TLS10_12,
        groups: &[],
        entries: &[
            E::curve(S::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, G::secp256r1, SHA1),
            E::curve(S::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, G::secp384r1, SHA1),
            E::noted(S::TLS_RSA_WITH_AES_128_GCM_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_256_GCM_SHA384, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA256, NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_128_CBC_SHA, SHA1_NO_PFS),
            E::noted(S::TLS_RSA_WITH_AES_256_CBC_SHA, SHA1_NO_PFS),
        ],
        remarks: "The same suites as option #1, 128-bit first.",
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
        remarks: "ECDHE_ECDSA suites: the server needs an ECDSA key to use them.",
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
        remarks: "SChannel curve-suffixed names, as in the legacy lists.",
    },
    Catalog {
        id: "iot-hub",
        title: "Azure IoT Hub recommended cipher suites (TLS 1.2 enforced)",
        source: "https://learn.microsoft.com/azure/iot-hub/iot-hub-tls-support \
                 (\"Transport Layer Security (TLS) support in IoT Hub\", ms.date 06/05/2025)",
        date: "2025-06-05",
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
        remarks: "Read from the page's Markdown source dated 2025-06-05. The page has since said that \
                  IoT Hub dropped its weak (legacy) suites on 2025-08-31; this recommended list is \
                  the one that remains.",
    },
    Catalog {
        id: "mozilla-modern",
        title: "Mozilla server-side TLS guidelines 6.0, modern",
        source: "https://ssl-config.mozilla.org/guidelines/6.0.json (mozilla/ssl-config-generator)",
        date: "2025-03-04",
        versions: VersionSet::only(V::TLSv1_3),
        groups: &[G::X25519MLKEM768, G::x25519, G::secp256r1, G::secp384r1],
        entries: &[
            E::noted(S::TLS_AES_128_GCM_SHA256, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_AES_256_GCM_SHA384, "ciphersuites (TLS 1.3)"),
            E::noted(S::TLS_CHACHA20_POLY1305_SHA256, "ciphersuites (TLS 1.3)"),
        ],
        remarks: "TLS 1.3 only; ECDSA certificates; client preference order.",
    },
    Catalog {
        id: "mozilla-intermediate",
        title: "Mozilla server-side TLS guidelines 6.0, intermediate",
        source: "https://ssl-config.mozilla.org/guidelines/6.0.json (mozilla/ssl-config-generator)",
        date: "2025-03-04",
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
    },
    Catalog {
        id: "mozilla-old",
        title: "Mozilla server-side TLS guidelines 5.7, old",
        source: "https://ssl-config.mozilla.org/guidelines/5.7.json (mozilla/ssl-config-generator)",
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
        remarks: "Guidelines 6.0 removed the old configuration; 5.7 is its last edition. RSA \
                  certificates; server preference order.",
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
        remarks: "Document order, which is not a preference order; the document asks to prefer \
                  ephemeral keys, GCM or CCM over CBC, and CCM over CCM_8. Transcribed from \
                  secondary copies that agree with each other; the PDF was not at hand.",
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
        remarks: "Table order (grouped by key exchange, not a preference order). Transcribed from a \
                  secondary copy of tables 1 and 11; the use-until years of this edition are not \
                  recorded here.",
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
