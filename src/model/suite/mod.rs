//! Cipher suites: the wire identity ([`CipherSuite`]) and what each registered suite is
//! ([`SuiteInfo`]).

use core::fmt;
use core::str::FromStr;

use crate::model::error::{ParseError, Registry};
use crate::model::group::NamedGroup;
use crate::model::registry::{Hash, Recommended};
use crate::model::version::VersionSet;

mod attributes;
mod rules;
mod table;

pub use attributes::{Authentication, Cipher, KeyExchange, Mode, Weakness};
pub(crate) use rules::GroupNeed;

/// The "Last Updated" date of the IANA TLS parameters registry the tables were made from.
pub const IANA_REGISTRY_UPDATED: &str = "2026-08-10";

/// A cipher suite code point as it travels on the wire (RFC 8446 §4.1.2, `CipherSuite`).
///
/// Every name of the IANA "TLS Cipher Suites" registry is a constant, spelled as IANA spells
/// it. Any `u16` can be held, so an unknown code a client sends round-trips as itself; GREASE
/// values (RFC 8701) and the two signalling values (0x00FF, 0x5600) are recognised as such.
/// What a registered suite *is* lives in its [`SuiteInfo`].
///
/// Parsing accepts the IANA name, the OpenSSL name (OpenSSL 3.0's, or 1.1.1's and 1.0.2's for
/// the suites 3.0 dropped: `DES-CBC3-SHA`, `EDH-RSA-DES-CBC3-SHA`), hex (`0xC02F`, `C02F`,
/// `0xC0,0x2F`), and the `SSL_` prefix of older Java and IBM names, ASCII case ignored.
///
/// ```
/// use tls_policy::CipherSuite;
///
/// let s: CipherSuite = "ECDHE-RSA-AES128-GCM-SHA256".parse()?;
/// assert_eq!(s, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
/// assert_eq!("0xC0,0x2F".parse::<CipherSuite>()?, s);
/// assert_eq!(u16::from(s), 0xC02F);
/// assert_eq!(s.to_string(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
/// assert_eq!(format!("{s:?}"), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F)");
///
/// let info = s.info().expect("registered");
/// assert!(info.is_aead() && info.forward_secrecy() && !info.uses_sha1());
///
/// // Unknown and GREASE code points stay themselves.
/// assert_eq!(CipherSuite::from(0x1A1A).to_string(), "0x1A1A");
/// assert!(CipherSuite::from(0x1A1A).is_grease());
/// # Ok::<(), tls_policy::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CipherSuite(u16);

/// What kind of value a cipher suite code point is.
///
/// ```
/// use tls_policy::{CipherSuite, SuiteClass};
///
/// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.class(), SuiteClass::Registered);
/// assert_eq!(CipherSuite::TLS_FALLBACK_SCSV.class(), SuiteClass::Signalling);
/// assert_eq!(CipherSuite::from(0x2A2A).class(), SuiteClass::Grease); // RFC 8701
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SuiteClass {
    /// A cipher suite of the IANA registry.
    Registered,
    /// TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746) or TLS_FALLBACK_SCSV (RFC 7507).
    Signalling,
    /// A GREASE value (RFC 8701): meaningless by design, to be ignored.
    Grease,
    /// A code point the registry does not name (unassigned, private use, or newer than the
    /// crate's copy of the registry).
    Unknown,
}

crate::model::registry::wire_value!(CipherSuite);
crate::model::registry::wire_names!(CipherSuite, iana_name);

impl CipherSuite {
    /// What the registry knows of this suite; `None` for signalling, GREASE and unknown values.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().map(|i| i.key_bits()), Some(128));
    /// assert!(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV.info().is_none());
    /// ```
    pub fn info(self) -> Option<&'static SuiteInfo> {
        table::SUITES.binary_search_by_key(&self.0, |s| s.suite.0).ok().and_then(|i| table::SUITES.get(i))
    }

    /// Whether this is one of the two signalling cipher suite values.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_FALLBACK_SCSV.is_signalling()); // RFC 7507
    /// assert!(!CipherSuite::TLS_AES_128_GCM_SHA256.is_signalling());
    /// ```
    pub const fn is_signalling(self) -> bool {
        self.0 == Self::TLS_EMPTY_RENEGOTIATION_INFO_SCSV.0 || self.0 == Self::TLS_FALLBACK_SCSV.0
    }

    /// What kind of value this is.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, SuiteClass};
    ///
    /// assert_eq!(CipherSuite::from(0x0B0B).class(), SuiteClass::Unknown); // unassigned
    /// ```
    pub fn class(self) -> SuiteClass {
        if self.is_signalling() {
            SuiteClass::Signalling
        } else if self.is_grease() {
            SuiteClass::Grease
        } else if self.info().is_some() {
            SuiteClass::Registered
        } else {
            SuiteClass::Unknown
        }
    }

    /// The IANA name, for registered suites and signalling values.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert_eq!(CipherSuite::from(0x00FF).iana_name(), Some("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
    /// assert_eq!(CipherSuite::from(0x1A1A).iana_name(), None); // GREASE
    /// ```
    pub fn iana_name(self) -> Option<&'static str> {
        match self.info() {
            Some(info) => Some(info.iana),
            None => table::SIGNALLING.iter().find(|(s, _)| *s == self).map(|(_, n)| *n),
        }
    }

    /// Every registered suite, by code.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::all().len() > 300);
    /// assert!(CipherSuite::all().map(|i| i.suite()).is_sorted());
    /// ```
    pub fn all() -> impl ExactSizeIterator<Item = &'static SuiteInfo> {
        table::SUITES.iter()
    }

    /// Parses a name or code that may carry an SChannel curve suffix, returning the suite
    /// and the group constraint (as [`SuiteEntry::from_str`] does).
    fn parse_with_group(s: &str) -> Result<(Self, Option<NamedGroup>), ParseError> {
        let input = s.trim();
        if input.is_empty() {
            return Err(ParseError::Empty { registry: Registry::CipherSuite });
        }
        if let Some(code) = parse_hex(input)? {
            return Ok((Self(code), None));
        }
        if let Some(suite) = lookup_name(input) {
            return Ok((suite, None));
        }
        // SChannel before Windows 10 fixed the ECDHE curve with a suffix on the IANA name.
        for (suffix, group) in SCHANNEL_SUFFIXES {
            let Some(base) = strip_suffix_ignore_case(input, suffix) else { continue };
            let Some(suite) = lookup_name(base).or_else(|| parse_hex(base).ok().flatten().map(Self)) else { continue };
            let ecc = suite.info().is_some_and(|i| i.kx.is_elliptic_curve());
            if !ecc {
                return Err(ParseError::SuffixOnNonEcdhe {
                    input: input.to_owned(),
                    suffix,
                    suite: suite.iana_name().unwrap_or("?"),
                });
            }
            return Ok((suite, Some(group)));
        }
        Err(ParseError::Unknown {
            registry: Registry::CipherSuite,
            input: input.to_owned(),
            suggestion: crate::model::error::nearest(input, all_names()),
        })
    }
}

/// The SChannel curve suffixes and the group each fixes.
const SCHANNEL_SUFFIXES: [(&str, NamedGroup); 3] =
    [("_P256", NamedGroup::secp256r1), ("_P384", NamedGroup::secp384r1), ("_P521", NamedGroup::secp521r1)];

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (base, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(base)
}

/// `0xC02F`, `C02F`, `0xC0,0x2F` (spaces allowed after the comma). `Ok(None)` when the text
/// does not look like hex at all, so name lookup can run.
fn parse_hex(input: &str) -> Result<Option<u16>, ParseError> {
    let bad = |expected| ParseError::BadHex { registry: Registry::CipherSuite, input: input.to_owned(), expected };
    if let Some((hi, lo)) = input.split_once(',') {
        let byte = |b: &str| {
            let b = b.trim();
            let digits = b.strip_prefix("0x").or_else(|| b.strip_prefix("0X")).unwrap_or(b);
            (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|c| c.is_ascii_hexdigit()))
                .then(|| u8::from_str_radix(digits, 16).ok())
                .flatten()
        };
        return match (byte(hi), byte(lo)) {
            (Some(h), Some(l)) => Ok(Some(u16::from_be_bytes([h, l]))),
            _ => Err(bad("two bytes separated by a comma, such as 0xC0,0x2F")),
        };
    }
    if let Some(hex) = input.strip_prefix("0x").or_else(|| input.strip_prefix("0X")) {
        return crate::model::error::parse_hex_u16(hex).map(Some).map_err(bad);
    }
    if input.len() == 4 && input.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Ok(u16::from_str_radix(input, 16).ok());
    }
    Ok(None)
}

fn lookup_name(name: &str) -> Option<CipherSuite> {
    let by_iana = |n: &str| {
        table::SUITES
            .iter()
            .find(|s| s.iana.eq_ignore_ascii_case(n))
            .map(|s| s.suite)
            .or_else(|| table::SIGNALLING.iter().find(|(_, i)| i.eq_ignore_ascii_case(n)).map(|(s, _)| *s))
    };
    by_iana(name)
        .or_else(|| {
            table::SUITES.iter().find(|s| s.openssl_names().any(|o| o.eq_ignore_ascii_case(name))).map(|s| s.suite)
        })
        .or_else(|| {
            // Java and IBM keep SSL 3.0's `SSL_` prefix for the suites SSL 3.0 had.
            let rest = name.get(..4).filter(|p| p.eq_ignore_ascii_case("SSL_")).and(name.get(4..))?;
            by_iana(&format!("TLS_{rest}"))
        })
}

fn all_names() -> impl Iterator<Item = &'static str> {
    table::SUITES
        .iter()
        .flat_map(|s| core::iter::once(s.iana).chain(s.openssl_names()))
        .chain(table::SIGNALLING.iter().map(|(_, n)| *n))
}

impl FromStr for CipherSuite {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Self::parse_with_group(s)? {
            (suite, None) => Ok(suite),
            (suite, Some(group)) => Err(ParseError::GroupConstraint {
                input: s.trim().to_owned(),
                suite: suite.iana_name().unwrap_or("?"),
                group: group.name().unwrap_or("?"),
            }),
        }
    }
}

/// A cipher suite with an optional group constraint: the unit of catalogs and policies.
///
/// SChannel before Windows 10 listed ECDHE suites once per curve (`..._SHA_P256`); such an
/// entry is the suite *and* the group it must use, as the
/// [DPS TLS support page](https://learn.microsoft.com/azure/iot-dps/tls-support) lists them.
///
/// ```
/// use tls_policy::{CipherSuite, SuiteEntry, NamedGroup};
///
/// let e: SuiteEntry = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384".parse()?;
/// assert_eq!(e.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
/// assert_eq!(e.group, Some(NamedGroup::secp384r1));
/// assert_eq!(e.to_string(), "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384");
/// # Ok::<(), tls_policy::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SuiteEntry {
    /// The suite.
    pub suite: CipherSuite,
    /// The group the suite must use, if constrained.
    pub group: Option<NamedGroup>,
}

impl SuiteEntry {
    /// An unconstrained entry.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, SuiteEntry};
    ///
    /// let e = SuiteEntry::new(CipherSuite::TLS_AES_128_GCM_SHA256);
    /// assert_eq!((e.group, e), (None, SuiteEntry::from(CipherSuite::TLS_AES_128_GCM_SHA256)));
    /// ```
    pub const fn new(suite: CipherSuite) -> Self {
        Self { suite, group: None }
    }

    /// An entry that must use `group`.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, SuiteEntry, NamedGroup};
    ///
    /// let e = SuiteEntry::with_group(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, NamedGroup::secp256r1);
    /// assert_eq!(e.to_string(), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256");
    /// ```
    pub const fn with_group(suite: CipherSuite, group: NamedGroup) -> Self {
        Self { suite, group: Some(group) }
    }

    /// The SChannel curve suffix of the constraint (`_P384`), if it has one.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, SuiteEntry, NamedGroup};
    ///
    /// let suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA;
    /// assert_eq!(SuiteEntry::with_group(suite, NamedGroup::secp384r1).schannel_suffix(), Some("_P384"));
    /// assert_eq!(SuiteEntry::with_group(suite, NamedGroup::x25519).schannel_suffix(), None); // written NAME+x25519
    /// ```
    pub fn schannel_suffix(self) -> Option<&'static str> {
        let group = self.group?;
        SCHANNEL_SUFFIXES.iter().find(|(_, g)| *g == group).map(|(s, _)| *s)
    }
}

impl fmt::Display for SuiteEntry {
    /// The SChannel form: the IANA name plus the curve suffix; a constraint SChannel has no
    /// suffix for is written `NAME+group`, which parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.suite, f)?;
        match (self.group, self.schannel_suffix()) {
            (_, Some(suffix)) => f.write_str(suffix),
            (Some(group), None) => write!(f, "+{group}"),
            (None, None) => Ok(()),
        }
    }
}

impl fmt::Debug for SuiteEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.group {
            Some(g) => write!(f, "{:?}+{g:?}", self.suite),
            None => fmt::Debug::fmt(&self.suite, f),
        }
    }
}

impl FromStr for SuiteEntry {
    type Err = ParseError;

    /// Any form [`CipherSuite`] parses, an SChannel curve suffix (`_P256`, `_P384`, `_P521`),
    /// or `SUITE+group` for any other constraint.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some((suite, group)) = s.rsplit_once('+') {
            let suite: CipherSuite = suite.parse()?;
            return Ok(Self::with_group(suite, group.parse()?));
        }
        let (suite, group) = CipherSuite::parse_with_group(s)?;
        Ok(Self { suite, group })
    }
}

impl From<CipherSuite> for SuiteEntry {
    fn from(suite: CipherSuite) -> Self {
        Self::new(suite)
    }
}

impl serde::Serialize for SuiteEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SuiteEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::model::error::deserialize_from_str(d)
    }
}

/// Everything the registry and the suite's name say about one cipher suite.
///
/// Instances are `&'static`, one per registered suite; get one with [`CipherSuite::info`].
///
/// ```
/// use tls_policy::{CipherSuite, KeyExchange, ProtocolVersion};
///
/// let info = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().expect("registered");
/// assert_eq!(info.kx(), KeyExchange::Ecdhe);
/// assert!(info.versions().contains(ProtocolVersion::TLSv1_2) && info.is_aead());
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SuiteInfo {
    pub(crate) suite: CipherSuite,
    pub(crate) iana: &'static str,
    pub(crate) openssl: Option<&'static str>,
    pub(crate) openssl_aliases: &'static [&'static str],
    pub(crate) kx: KeyExchange,
    pub(crate) auth: Authentication,
    pub(crate) cipher: Cipher,
    pub(crate) mode: Mode,
    pub(crate) key_bits: u16,
    pub(crate) hash: Hash,
    pub(crate) versions: VersionSet,
    pub(crate) export: bool,
    pub(crate) recommended: Recommended,
    pub(crate) dtls: bool,
    pub(crate) reference: &'static str,
}

impl SuiteInfo {
    /// The code point.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// let suite = CipherSuite::TLS_AES_256_GCM_SHA384;
    /// assert_eq!(suite.info().map(|i| i.suite()), Some(suite));
    /// ```
    pub const fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// let info = "ECDHE-RSA-AES128-GCM-SHA256".parse::<CipherSuite>()?.info().expect("registered");
    /// assert_eq!(info.iana(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    /// # Ok::<(), tls_policy::ParseError>(())
    /// ```
    pub const fn iana(&self) -> &'static str {
        self.iana
    }

    /// OpenSSL's name (`ECDHE-RSA-AES128-GCM-SHA256`): the newest one OpenSSL gave the suite,
    /// as OpenSSL 3.0 reports it with `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`,
    /// or for a suite OpenSSL 3.0 no longer builds (3DES, RC4, DES, IDEA, SEED, export, static
    /// DH and ECDH, Kerberos) the name in OpenSSL 1.1.1's or else 1.0.2's cipher table. `None`
    /// when no OpenSSL release named the suite.
    ///
    /// A name does not mean that OpenSSL 3.0 accepts the suite: [`crate::import::openssl`] compiles
    /// cipher strings as OpenSSL 3.0 does, where these old suites select nothing.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// let info = CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA.info().expect("registered");
    /// assert_eq!(info.openssl(), Some("DES-CBC3-SHA"));
    /// assert_eq!("DES-CBC3-SHA".parse::<CipherSuite>()?, CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA);
    /// # Ok::<(), tls_policy::ParseError>(())
    /// ```
    pub const fn openssl(&self) -> Option<&'static str> {
        self.openssl
    }

    /// Older OpenSSL names of the suite that differ from [`openssl`](Self::openssl): OpenSSL
    /// 1.0.2 called `DHE-RSA-DES-CBC3-SHA` `EDH-RSA-DES-CBC3-SHA`. They parse too.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// let suite: CipherSuite = "EDH-RSA-DES-CBC3-SHA".parse()?;
    /// assert_eq!(suite, CipherSuite::TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA);
    /// let info = suite.info().expect("registered");
    /// assert_eq!(info.openssl(), Some("DHE-RSA-DES-CBC3-SHA"));
    /// assert_eq!(info.openssl_aliases(), ["EDH-RSA-DES-CBC3-SHA"]);
    /// # Ok::<(), tls_policy::ParseError>(())
    /// ```
    pub const fn openssl_aliases(&self) -> &'static [&'static str] {
        self.openssl_aliases
    }

    /// Every OpenSSL name of the suite, newest first.
    fn openssl_names(&self) -> impl Iterator<Item = &'static str> {
        self.openssl.into_iter().chain(self.openssl_aliases.iter().copied())
    }

    /// SChannel's name. SChannel names suites as IANA does; only the curve-suffixed forms of
    /// Windows before 10 differ, and those are [`SuiteEntry`] names.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// let info = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().expect("registered");
    /// assert_eq!(info.schannel(), info.iana());
    /// ```
    pub const fn schannel(&self) -> &'static str {
        self.iana
    }

    /// The key exchange.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, KeyExchange};
    ///
    /// assert_eq!(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA.info().map(|i| i.kx()), Some(KeyExchange::Rsa));
    /// assert_eq!(CipherSuite::TLS_AES_128_GCM_SHA256.info().map(|i| i.kx()), Some(KeyExchange::Any)); // TLS 1.3
    /// ```
    pub const fn kx(&self) -> KeyExchange {
        self.kx
    }

    /// How the server authenticates (the key type its certificate must hold).
    ///
    /// ```
    /// use tls_policy::{Authentication, CipherSuite};
    ///
    /// let ecdsa = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.info().expect("registered");
    /// assert_eq!(ecdsa.auth(), Authentication::Ecdsa);
    /// ```
    pub const fn auth(&self) -> Authentication {
        self.auth
    }

    /// The bulk cipher.
    ///
    /// ```
    /// use tls_policy::{Cipher, CipherSuite};
    ///
    /// assert_eq!(CipherSuite::TLS_CHACHA20_POLY1305_SHA256.info().map(|i| i.cipher()), Some(Cipher::ChaCha20));
    /// ```
    pub const fn cipher(&self) -> Cipher {
        self.cipher
    }

    /// The cipher's mode.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Mode};
    ///
    /// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256.info().map(|i| i.mode()), Some(Mode::Cbc));
    /// ```
    pub const fn mode(&self) -> Mode {
        self.mode
    }

    /// The key size in bits (168 for 3DES, 40 for export ciphers, 0 for NULL).
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert_eq!(CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5.info().map(|i| i.key_bits()), Some(40));
    /// ```
    pub const fn key_bits(&self) -> u16 {
        self.key_bits
    }

    /// The hash the name ends with: the HMAC hash of non-AEAD suites up to TLS 1.2, the PRF
    /// (TLS 1.2) or HKDF (TLS 1.3) hash of AEAD suites.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Hash};
    ///
    /// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.info().map(|i| i.hash()), Some(Hash::Sha384));
    /// ```
    pub const fn hash(&self) -> Hash {
        self.hash
    }

    /// The protocol versions the suite may be negotiated in.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, ProtocolVersion};
    ///
    /// let tls13 = CipherSuite::TLS_AES_128_GCM_SHA256.info().expect("registered");
    /// assert_eq!(tls13.versions().lowest(), Some(ProtocolVersion::TLSv1_3));
    /// ```
    pub const fn versions(&self) -> VersionSet {
        self.versions
    }

    /// Whether the cipher is an AEAD.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_AES_128_GCM_SHA256.info().is_some_and(|i| i.is_aead()));
    /// assert!(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA.info().is_some_and(|i| !i.is_aead()));
    /// ```
    pub const fn is_aead(&self) -> bool {
        self.mode.is_aead()
    }

    /// Whether the key exchange is ephemeral, so a stolen long-term key does not reveal past
    /// sessions. TLS 1.3 suites count as forward secret: their key exchange is (EC)DHE unless
    /// a session is resumed with `psk_ke`, which the suite does not decide.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA.info().is_some_and(|i| i.forward_secrecy()));
    /// assert!(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256.info().is_some_and(|i| !i.forward_secrecy()));
    /// ```
    pub const fn forward_secrecy(&self) -> bool {
        self.kx.is_ephemeral()
    }

    /// Whether SHA-1 is used (as the record MAC).
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA.info().is_some_and(|i| i.uses_sha1()));
    /// assert!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().is_some_and(|i| !i.uses_sha1()));
    /// ```
    pub const fn uses_sha1(&self) -> bool {
        matches!(self.hash, Hash::Sha1)
    }

    /// Whether this is an export-grade suite (deliberately weakened, RFC 2246 §A.5).
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5.info().is_some_and(|i| i.is_export()));
    /// ```
    pub const fn is_export(&self) -> bool {
        self.export
    }

    /// The registry's "Recommended" column (RFC 8447 §5, RFC 9847).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Recommended};
    ///
    /// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().map(|i| i.recommended()), Some(Recommended::Yes));
    /// assert_eq!(CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5.info().map(|i| i.recommended()), Some(Recommended::Discouraged));
    /// ```
    pub const fn recommended(&self) -> Recommended {
        self.recommended
    }

    /// The registry's "DTLS-OK" column.
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().is_some_and(|i| i.dtls_ok()));
    /// assert!(CipherSuite::TLS_RSA_EXPORT_WITH_RC4_40_MD5.info().is_some_and(|i| !i.dtls_ok())); // RC4
    /// ```
    pub const fn dtls_ok(&self) -> bool {
        self.dtls
    }

    /// The registry's references (`[RFC5289]`).
    ///
    /// ```
    /// use tls_policy::CipherSuite;
    ///
    /// assert_eq!(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.info().map(|i| i.reference()), Some("[RFC5289]"));
    /// ```
    pub const fn reference(&self) -> &'static str {
        self.reference
    }

    /// The known weaknesses of the suite, most severe first.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Weakness};
    ///
    /// let info = CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA.info().unwrap();
    /// let found: Vec<Weakness> = info.weaknesses().collect();
    /// assert_eq!(
    ///     found,
    ///     [Weakness::StaticRsa, Weakness::NoForwardSecrecy, Weakness::Sha1, Weakness::Cbc, Weakness::Discouraged]
    /// );
    /// ```
    pub fn weaknesses(&self) -> impl Iterator<Item = Weakness> + '_ {
        <Weakness as strum::IntoEnumIterator>::iter().filter(move |w| w.applies_to(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(table::SUITES.windows(2).all(|w| w[0].suite < w[1].suite));
    }

    #[test]
    fn hex_forms() {
        for s in ["0xC02F", "0XC02F", "C02F", "c02f", "0xC0,0x2F", "0xc0, 0x2f", "C0,2F"] {
            assert_eq!(s.parse::<CipherSuite>(), Ok(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), "{s}");
        }
        for s in ["0x", "0xC02", "0xC02FF", "0xC0,", "0xC0,0x2G", ",", "0x0x,0x12"] {
            assert!(matches!(s.parse::<CipherSuite>(), Err(ParseError::BadHex { .. })), "{s}");
        }
    }

    #[test]
    fn schannel_suffixes() {
        let e: SuiteEntry = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256".parse().unwrap();
        assert_eq!(e, SuiteEntry::with_group(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, NamedGroup::secp256r1));
        assert!(matches!(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256".parse::<CipherSuite>(),
            Err(ParseError::GroupConstraint { group: "secp256r1", .. })
        ));
        assert!(matches!(
            "TLS_RSA_WITH_AES_128_CBC_SHA_P256".parse::<SuiteEntry>(),
            Err(ParseError::SuffixOnNonEcdhe { suffix: "_P256", .. })
        ));
        let hex: SuiteEntry = "C014_P384".parse().unwrap();
        assert_eq!(hex, SuiteEntry::with_group(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, NamedGroup::secp384r1));
        let x: SuiteEntry = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256+x25519".parse().unwrap();
        assert_eq!(x.to_string(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256+x25519");
    }

    #[test]
    fn classes() {
        assert_eq!(CipherSuite::TLS_FALLBACK_SCSV.class(), SuiteClass::Signalling);
        assert_eq!(CipherSuite::from(0x00FF).class(), SuiteClass::Signalling);
        assert_eq!(CipherSuite::from(0xFAFA).class(), SuiteClass::Grease);
        assert_eq!(CipherSuite::from(0xFAFB).class(), SuiteClass::Unknown);
        assert_eq!(CipherSuite::TLS_AES_128_GCM_SHA256.class(), SuiteClass::Registered);
        assert_eq!(format!("{:?}", CipherSuite::from(0x2A2A)), "GREASE(0x2A2A)");
        assert_eq!(format!("{:?}", CipherSuite::from(0xFAFB)), "CipherSuite(0xFAFB)");
    }

    #[test]
    fn old_ssl_prefix() {
        assert_eq!("SSL_RSA_WITH_3DES_EDE_CBC_SHA".parse(), Ok(CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA));
    }
}
