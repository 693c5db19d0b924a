//! OpenSSL 3.0 cipher strings: what `SSL_CTX_set_cipher_list("HIGH:!aNULL")` selects, in the
//! order OpenSSL prefers it, and the [`Policy`] of an OpenSSL server configured with it.
//!
//! The Azure IoT C SDK's `CipherSuite` option, Python's `SSLContext.set_ciphers`, curl's
//! `--ciphers` and most server configurations take such a string. [`cipher_list`] compiles one
//! exactly as OpenSSL 3.0's `ssl_create_cipher_list` does:
//!
//! - the suites start in OpenSSL's preference order (ECDHE before DHE, AEAD first, stronger
//!   ciphers first, static RSA and PSK last, ...);
//! - words are OpenSSL suite names (`ECDHE-RSA-AES128-GCM-SHA256`) and aliases (`HIGH`,
//!   `kECDHE`, `aRSA`, `AESGCM`, `SHA256`, `TLSv1.2`, `COMPLEMENTOFDEFAULT`, ...), joined into
//!   intersections with `+` (`ECDHE+AESGCM`);
//! - a word adds its suites at the end of the list; `-` removes them (they may come back
//!   later), `!` removes them for good, `+` moves them to the end;
//! - words are separated by `:`, `,`, `;` or spaces; `@STRENGTH` sorts by key length and
//!   `@SECLEVEL=n` sets the security level; a string that *starts* with `DEFAULT` begins with
//!   [`DEFAULT_CIPHER_LIST`], and one that starts with `SUITEB128`, `SUITEB128ONLY`,
//!   `SUITEB128C2` or `SUITEB192` is replaced by the RFC 6460 suites.
//!
//! The suites are those of the OpenSSL 3.0.19 build the crate's tables come from
//! (`src/model/suite/data/openssl-ciphers-v.txt`): no RC4, 3DES, SEED, IDEA or GOST suites, which
//! default OpenSSL 3.0 builds do not offer. Aliases of those algorithms are known and select
//! nothing, as in OpenSSL. ([`SuiteInfo::openssl`](crate::SuiteInfo::openssl) also gives the
//! names older OpenSSL releases had for such suites; here they select nothing too.)
//!
//! Where this module is stricter than OpenSSL: OpenSSL silently ignores a word it does not
//! know (`HIHG`, `DEFAULT` anywhere but at the start), which hides typos; [`cipher_list`]
//! rejects it, naming the nearest valid word. Words OpenSSL 3.0 no longer knows but that old
//! strings still carry (`EXP`, `EXPORT`, `DES`, `SSLv2`, `KRB5`, `kECDH`, and every suite name
//! of OpenSSL 1.1.1 and 1.0.2 the build lacks: `DES-CBC3-SHA`, `RC4-SHA`, `EDH-RSA-DES-CBC3-SHA`,
//! `ECDH-ECDSA-AES128-SHA`, ...) select nothing, as in OpenSSL, and are reported in
//! [`CipherList::ignored`]. [`compile_lenient`] ignores every unknown word as OpenSSL does.
//!
//! Not modelled: configuration files (a `CipherString` or `MinProtocol` in `openssl.cnf`),
//! providers that add suites (the legacy provider's RC4, SEED, IDEA; GOST engines), DTLS, and
//! what the security level demands of keys, certificates, DH parameters and groups beyond
//! the suites themselves. One quirk is not reproduced: OpenSSL skips an alias of an algorithm
//! the build lacks (`RC4`) up to the next separator, so `RC4_X` passes there and is an
//! error here.
//!
//! TLS 1.3 suites are not part of the cipher string in OpenSSL 3.0 (they come from
//! `SSL_CTX_set_ciphersuites`, by default [`DEFAULT_CIPHERSUITES`]); the lists here hold the
//! TLS 1.2-and-below suites only, and [`policy`] adds the TLS 1.3 ones.
//!
//! ```
//! use tls_policy::CipherSuite;
//! use tls_policy::import::openssl;
//!
//! let suites = openssl::cipher_list("ECDHE+AESGCM:!aECDSA")?;
//! assert_eq!(
//!     suites,
//!     [CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
//! );
//!
//! let err = openssl::cipher_list("HIGH:!aNUL").unwrap_err();
//! assert_eq!(err.to_string(), "unknown cipher-string word \"aNUL\" at byte 6 of \"HIGH:!aNUL\" (did you mean aNULL?)");
//! # Ok::<(), openssl::CipherStringError>(())
//! ```

mod aliases;
mod compiler;
mod model;
mod table;

use crate::model::error::Suggestion;
use crate::model::group::NamedGroup;
use crate::model::suite::{CipherSuite, SuiteEntry};
use crate::model::version::{ProtocolVersion, VersionSet};
use crate::policy::{MissingGroups, Policy, PolicyError, Preference};
use compiler::{Compiler, SuiteB, universe};
use model::{K_PSK_ALL, K_SRP};

/// OpenSSL 3.0's `DEFAULT` (`OSSL_default_cipher_list()`), what a string starting with
/// `DEFAULT` begins with.
pub const DEFAULT_CIPHER_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// OpenSSL 3.0's default TLS 1.3 ciphersuites (`OSSL_default_ciphersuites()`), in order: what
/// `openssl ciphers` prints before the cipher string's suites.
pub const DEFAULT_CIPHERSUITES: &str = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// The security level used when the string sets none: 2, as Debian and Ubuntu build OpenSSL
/// 3.0 (`-DOPENSSL_TLS_SECURITY_LEVEL=2`; upstream's default is 1). For cipher suites the two
/// levels allow the same: everything but NULL encryption and anonymous suites.
pub const DEFAULT_SECURITY_LEVEL: u8 = 2;

/// OpenSSL 3.0's default supported groups, in its order (the `supported_groups` of an
/// `openssl s_client` ClientHello); [`policy`] gives a server these.
pub const DEFAULT_GROUPS: [NamedGroup; 10] = [
    NamedGroup::x25519,
    NamedGroup::secp256r1,
    NamedGroup::x448,
    NamedGroup::secp521r1,
    NamedGroup::secp384r1,
    NamedGroup::ffdhe2048,
    NamedGroup::ffdhe3072,
    NamedGroup::ffdhe4096,
    NamedGroup::ffdhe6144,
    NamedGroup::ffdhe8192,
];

/// A cipher string that OpenSSL would refuse, or that does not mean what it says.
///
/// Every variant quotes the whole input and the byte offset of the fault.
///
/// ```
/// use tls_policy::import::openssl::{self, CipherStringError};
///
/// let err = openssl::cipher_list("ECDHE+AESGCM:@SECLEVEL=7").unwrap_err();
/// assert!(matches!(err, CipherStringError::BadSecurityLevel { offset: 14, .. }));
/// assert!(matches!(openssl::cipher_list("aNULL:!aNULL"), Err(CipherStringError::SelectsNothing { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CipherStringError {
    /// A word that is neither an alias nor a suite name OpenSSL 3.0 knows (OpenSSL would
    /// silently ignore it).
    #[error("unknown cipher-string word {word:?} at byte {offset} of {input:?}{}", Suggestion(*suggestion))]
    UnknownWord {
        /// The whole cipher string.
        input: String,
        /// Where the word starts.
        offset: usize,
        /// The word.
        word: String,
        /// The nearest known alias or suite name, if one is close.
        suggestion: Option<&'static str>,
    },
    /// `DEFAULT` after the start of the string, where OpenSSL ignores it.
    #[error("DEFAULT at byte {offset} of {input:?} is ignored by OpenSSL: it only counts at the start of the string")]
    DefaultNotFirst {
        /// The whole cipher string.
        input: String,
        /// Where `DEFAULT` starts.
        offset: usize,
    },
    /// An IANA suite name: OpenSSL 3.0 cipher strings take OpenSSL's names only.
    #[error(
        "{name:?} at byte {offset} of {input:?} is an IANA name; OpenSSL 3.0 cipher strings take OpenSSL's name {openssl}"
    )]
    IanaName {
        /// The whole cipher string.
        input: String,
        /// Where the name starts.
        offset: usize,
        /// The IANA name given.
        name: String,
        /// OpenSSL's name of the same suite.
        openssl: &'static str,
    },
    /// A TLS 1.3 suite in the cipher string: OpenSSL 3.0 configures those apart
    /// (`SSL_CTX_set_ciphersuites`, see [`policy_with_ciphersuites`]).
    #[error(
        "{name:?} at byte {offset} of {input:?} is a TLS 1.3 suite, which OpenSSL takes from the ciphersuites setting, not the cipher string"
    )]
    Tls13Suite {
        /// The whole cipher string.
        input: String,
        /// Where the name starts.
        offset: usize,
        /// The suite's name.
        name: String,
    },
    /// A character that cannot start or continue a word (OpenSSL: "invalid command").
    #[error(
        "unexpected {found:?} at byte {offset} of {input:?}: words are letters, digits, '-', '.' and '=', separated by ':', ',', ';' or spaces"
    )]
    InvalidCharacter {
        /// The whole cipher string.
        input: String,
        /// Where the character is.
        offset: usize,
        /// The character.
        found: char,
    },
    /// A prefix (`!`, `-`, `+`, `@`) or a `+` joining words with no word after it.
    #[error("expected an alias or suite name at byte {offset} of {input:?}")]
    MissingWord {
        /// The whole cipher string.
        input: String,
        /// Where the word should start.
        offset: usize,
    },
    /// An `@` command other than `@STRENGTH` and `@SECLEVEL=n`.
    #[error("unknown command @{command} at byte {offset} of {input:?}: expected @STRENGTH or @SECLEVEL=0 to 5")]
    UnknownCommand {
        /// The whole cipher string.
        input: String,
        /// Where the command starts (after `@`).
        offset: usize,
        /// The command.
        command: String,
    },
    /// `@SECLEVEL=` with something other than a digit from 0 to 5.
    #[error("bad security level @{command} at byte {offset} of {input:?}: expected @SECLEVEL=0 to @SECLEVEL=5")]
    BadSecurityLevel {
        /// The whole cipher string.
        input: String,
        /// Where the command starts (after `@`).
        offset: usize,
        /// The command as written.
        command: String,
    },
    /// The string selects no TLS 1.2-and-below suite (OpenSSL: "no cipher match").
    #[error("{input:?} selects no cipher suite")]
    SelectsNothing {
        /// The whole cipher string.
        input: String,
    },
    /// A name in a TLS 1.3 ciphersuites list that is not one of OpenSSL 3.0's five.
    #[error("unknown TLS 1.3 ciphersuite {name:?} at byte {offset} of {input:?}{}", Suggestion(*suggestion))]
    UnknownCiphersuite {
        /// The whole ciphersuites list.
        input: String,
        /// Where the name starts.
        offset: usize,
        /// The name.
        name: String,
        /// The nearest of OpenSSL's TLS 1.3 ciphersuites, if one is close.
        suggestion: Option<&'static str>,
    },
    /// The suites make no valid policy (too many of them, for example).
    #[error("{input:?} makes no valid policy: {source}")]
    Policy {
        /// The whole cipher string.
        input: String,
        /// Why the policy builder refused.
        source: PolicyError,
    },
}

/// A word OpenSSL ignores, as [`compile`] and [`compile_lenient`] report it.
///
/// ```
/// use tls_policy::import::openssl;
///
/// let list = openssl::compile("EXP:AES128-SHA")?;
/// assert_eq!((list.ignored()[0].offset, list.ignored()[0].word.as_str()), (0, "EXP"));
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IgnoredWord {
    /// Where it starts in the cipher string.
    pub offset: usize,
    /// The word (for a `SUITEB` string, everything after the `SUITEB` keyword).
    pub word: String,
}

/// A compiled cipher string: the suites in OpenSSL's order, the security level it sets, and
/// the words OpenSSL ignores.
///
/// ```
/// use tls_policy::CipherSuite;
/// use tls_policy::import::openssl;
///
/// let list = openssl::compile("eNULL:ECDHE-RSA-AES128-SHA:@SECLEVEL=1")?;
/// assert_eq!(list.suites().len(), 19);
/// assert_eq!(list.security_level(), Some(1));
/// // At level 1 a handshake can use no NULL-encryption suite.
/// assert_eq!(list.usable(1).collect::<Vec<_>>(), [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]);
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CipherList {
    suites: Vec<CipherSuite>,
    security_level: Option<u8>,
    suite_b: Option<SuiteB>,
    ignored: Vec<IgnoredWord>,
}

impl CipherList {
    /// The TLS 1.2-and-below suites, in OpenSSL's order: what `openssl ciphers -V STRING`
    /// prints after the TLS 1.3 suites.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, import::openssl};
    ///
    /// let list = openssl::compile("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256")?;
    /// assert_eq!(list.suites(), [CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
    /// # Ok::<(), openssl::CipherStringError>(())
    /// ```
    pub fn suites(&self) -> &[CipherSuite] {
        &self.suites
    }

    /// The level of the last `@SECLEVEL=n`, if the string has one.
    ///
    /// ```
    /// use tls_policy::import::openssl;
    ///
    /// assert_eq!(openssl::compile("HIGH:@SECLEVEL=3")?.security_level(), Some(3));
    /// assert_eq!(openssl::compile("HIGH")?.security_level(), None);
    /// # Ok::<(), openssl::CipherStringError>(())
    /// ```
    pub fn security_level(&self) -> Option<u8> {
        self.security_level
    }

    /// The suites a handshake can use at security `level` (0 to 5; higher counts as 5), in
    /// order: what `openssl ciphers -s -psk -srp` prints. Level 1 and up drop NULL
    /// encryption, anonymous and MD5 suites and any under the level's bits (80, 112, 128,
    /// 192, 256); level 3 and up keep only ephemeral key exchange ((EC)DHE, with or without
    /// PSK); level 4 and up drop SHA-1.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, import::openssl};
    ///
    /// let list = openssl::compile("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256")?;
    /// assert_eq!(list.usable(0).count(), 2);
    /// // Level 3 keeps only ephemeral key exchange: static RSA goes.
    /// assert_eq!(list.usable(3).collect::<Vec<_>>(), [CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]);
    /// # Ok::<(), openssl::CipherStringError>(())
    /// ```
    pub fn usable(&self, level: u8) -> impl Iterator<Item = CipherSuite> + '_ {
        let universe = universe();
        self.suites.iter().copied().filter(move |s| universe.get(*s).is_some_and(|c| c.allowed_at(level)))
    }

    /// Words OpenSSL ignores that the string holds: words of removed algorithms (`EXP`,
    /// `RC4-SHA`), everything after a `SUITEB` keyword, and with [`compile_lenient`] any
    /// unknown word.
    ///
    /// ```
    /// use tls_policy::import::openssl;
    ///
    /// assert!(openssl::compile("ECDHE+AESGCM")?.ignored().is_empty());
    /// assert_eq!(openssl::compile("ECDHE+AESGCM:RC4-SHA")?.ignored()[0].word, "RC4-SHA");
    /// # Ok::<(), openssl::CipherStringError>(())
    /// ```
    pub fn ignored(&self) -> &[IgnoredWord] {
        &self.ignored
    }
}

/// Compiles an OpenSSL 3.0 cipher string into its TLS 1.2-and-below suites, in OpenSSL's
/// order (see the [module documentation](self)).
///
/// ```
/// use tls_policy::CipherSuite;
/// use tls_policy::import::openssl;
///
/// let suites = openssl::cipher_list("ECDHE-RSA-AES128-SHA:AES256-SHA:@STRENGTH")?;
/// assert_eq!(suites, [CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]);
/// assert_eq!(openssl::cipher_list("DEFAULT")?.len(), 57);
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
pub fn cipher_list(s: &str) -> Result<Vec<CipherSuite>, CipherStringError> {
    compile(s).map(|list| list.suites)
}

/// Compiles a cipher string, keeping the security level and the words OpenSSL ignores.
/// Unknown words are errors; see [`compile_lenient`] for OpenSSL's own leniency.
///
/// ```
/// use tls_policy::import::openssl;
///
/// let list = openssl::compile("HIGH:!aNULL:!EXP:!RC4")?;
/// assert_eq!(list.ignored()[0].word, "EXP"); // gone since OpenSSL 1.1.0
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
pub fn compile(s: &str) -> Result<CipherList, CipherStringError> {
    Compiler::new(s, false).run()
}

/// Compiles a cipher string ignoring unknown words (IANA names included), as OpenSSL does:
/// the result is then exactly what OpenSSL 3.0 makes of any string it accepts. Syntax errors
/// and strings that select nothing are still errors, as they are in OpenSSL.
///
/// ```
/// use tls_policy::import::openssl;
///
/// let list = openssl::compile_lenient("HIHG:AES128-SHA")?;
/// assert_eq!(list.suites().len(), 1);
/// assert_eq!(list.ignored()[0].word, "HIHG");
/// assert!(openssl::compile("HIHG:AES128-SHA").is_err());
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
pub fn compile_lenient(s: &str) -> Result<CipherList, CipherStringError> {
    Compiler::new(s, true).run()
}

/// The policy of an OpenSSL 3.0 server configured with this cipher string and the default
/// TLS 1.3 ciphersuites.
///
/// What the server can negotiate, as the crate's engine needs it:
/// - entries: the TLS 1.3 ciphersuites ([`DEFAULT_CIPHERSUITES`]) first, then the cipher
///   string's suites in order, both filtered by the security level (the string's
///   `@SECLEVEL`, else [`DEFAULT_SECURITY_LEVEL`]) as `openssl ciphers -s` filters them; PSK
///   and SRP suites are left out, as an OpenSSL server without PSK or SRP callbacks never
///   selects them;
/// - versions: TLS 1.2 and 1.3 as far as some entry is valid in them, and TLS 1.0 and 1.1
///   too at security level 0 only (OpenSSL 3.0 refuses them above; never SSL 3.0);
/// - signature schemes: RSA and ECDSA with SHA-256 to SHA-512, plus SHA-224 below level 3
///   and SHA-1 at level 0 only;
/// - groups: [`DEFAULT_GROUPS`] (P-256 and P-384 only for the `SUITEB128` strings, P-384 for
///   `SUITEB192`), not filtered by the security level; a client without `supported_groups`
///   gets no ECDHE ([`MissingGroups::NoneShared`]);
/// - preference: [`Preference::Client`], because OpenSSL servers follow the client's order
///   unless the application sets `SSL_OP_CIPHER_SERVER_PREFERENCE`.
///
/// Not modelled: an OpenSSL server refuses (handshake_failure) a TLS 1.2 client whose
/// `signature_algorithms` share nothing with what the server's certificate can sign, even
/// when a static-RSA suite, which signs nothing, is shared; the engine accepts that suite.
/// `tests/openssl_server.rs` checks these policies against a real `openssl s_server`.
///
/// ```
/// use tls_policy::{CipherSuite, Preference, ProtocolVersion, VersionSet};
/// use tls_policy::import::openssl;
///
/// let policy = openssl::policy("device", "ECDHE+AESGCM:!aECDSA")?;
/// assert_eq!(policy.entries().len(), 5); // three TLS 1.3 suites, two ECDHE-RSA ones
/// assert_eq!(policy.versions(), VersionSet::between(ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3));
/// assert_eq!(policy.preference(), Preference::Client);
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
pub fn policy(id: &str, cipher_string: &str) -> Result<Policy, CipherStringError> {
    policy_with_ciphersuites(id, cipher_string, DEFAULT_CIPHERSUITES)
}

/// As [`policy`], with the TLS 1.3 ciphersuites as `SSL_CTX_set_ciphersuites` takes them:
/// IANA names separated by `:`; an empty list turns TLS 1.3 off. A name that is not one of
/// OpenSSL's five TLS 1.3 suites is an error (OpenSSL skips it).
///
/// ```
/// use tls_policy::{ProtocolVersion, VersionSet};
/// use tls_policy::import::openssl;
///
/// let tls12 = openssl::policy_with_ciphersuites("tls12", "ECDHE+AESGCM", "")?;
/// assert_eq!(tls12.versions(), VersionSet::only(ProtocolVersion::TLSv1_2));
/// # Ok::<(), openssl::CipherStringError>(())
/// ```
pub fn policy_with_ciphersuites(
    id: &str,
    cipher_string: &str,
    ciphersuites: &str,
) -> Result<Policy, CipherStringError> {
    let list = compile(cipher_string)?;
    let tls13 = parse_ciphersuites(ciphersuites)?;
    let level = list.security_level.unwrap_or(DEFAULT_SECURITY_LEVEL);
    let universe = universe();
    let servable = |s: &CipherSuite| universe.get(*s).is_some_and(|c| c.kx & (K_PSK_ALL | K_SRP) == 0);
    let entries: Vec<CipherSuite> =
        tls13.into_iter().filter(|s| tls13_allowed_at(*s, level)).chain(list.usable(level).filter(servable)).collect();
    // OpenSSL 3.0 allows TLS 1.0 and 1.1 (MD5/SHA-1 handshake signatures) and SHA-1
    // signatures only at security level 0; SHA-224 (112 bits) stops at level 3.
    let lowest = if level == 0 { ProtocolVersion::TLSv1_0 } else { ProtocolVersion::TLSv1_2 };
    let tls = VersionSet::between(lowest, ProtocolVersion::TLSv1_3);
    let schemes = Policy::default_signature_schemes().into_iter().filter(|s| {
        let hash = s.info().and_then(|i| i.hash());
        match hash {
            Some(crate::Hash::Sha1) => level == 0,
            Some(crate::Hash::Sha224) => level < 3,
            _ => true,
        }
    });
    let versions = entries
        .iter()
        .filter_map(|s| s.info())
        .fold(VersionSet::EMPTY, |v, info| v.union(info.versions().intersect(tls)));
    let groups: &[NamedGroup] = match list.suite_b {
        Some(SuiteB::Bits128) => &[NamedGroup::secp256r1, NamedGroup::secp384r1],
        Some(SuiteB::Bits192) => &[NamedGroup::secp384r1],
        None => &DEFAULT_GROUPS,
    };
    Policy::builder(id)
        .description(format!("OpenSSL 3.0 server with cipher string {cipher_string:?}"))
        .versions(versions)
        .entries(entries.into_iter().map(SuiteEntry::new))
        .groups(groups.iter().copied().filter(|g| g.info().is_some()))
        .signature_schemes(schemes)
        .preference(Preference::Client)
        .missing_groups(MissingGroups::NoneShared)
        .build()
        .map_err(|source| CipherStringError::Policy { input: cipher_string.to_owned(), source })
}

/// The TLS 1.3 suites OpenSSL 3.0 implements, by the names `SSL_CTX_set_ciphersuites` takes.
const TLS13_SUITES: [(&str, CipherSuite); 5] = [
    ("TLS_AES_128_GCM_SHA256", CipherSuite::TLS_AES_128_GCM_SHA256),
    ("TLS_AES_256_GCM_SHA384", CipherSuite::TLS_AES_256_GCM_SHA384),
    ("TLS_CHACHA20_POLY1305_SHA256", CipherSuite::TLS_CHACHA20_POLY1305_SHA256),
    ("TLS_AES_128_CCM_SHA256", CipherSuite::TLS_AES_128_CCM_SHA256),
    ("TLS_AES_128_CCM_8_SHA256", CipherSuite::TLS_AES_128_CCM_8_SHA256),
];

/// A ciphersuites list (`TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256`), in order; names
/// compare exactly, as in OpenSSL, and white space around them is dropped.
fn parse_ciphersuites(input: &str) -> Result<Vec<CipherSuite>, CipherStringError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in input.split(':') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        if !name.is_empty() {
            match TLS13_SUITES.iter().find(|(n, _)| *n == name) {
                Some((_, suite)) if !out.contains(suite) => out.push(*suite),
                Some(_) => {}
                None => {
                    return Err(CipherStringError::UnknownCiphersuite {
                        input: input.to_owned(),
                        offset: offset + lead,
                        name: name.to_owned(),
                        suggestion: crate::model::error::nearest(name, TLS13_SUITES.iter().map(|(n, _)| *n)),
                    });
                }
            }
        }
        offset += part.len() + 1;
    }
    Ok(out)
}

/// The security levels' minimum bits (`ssl_security_default_callback`), for levels 1 to 5.
const LEVEL_BITS: [u16; 6] = [0, 80, 112, 128, 192, 256];

fn level_bits(level: u8) -> u16 {
    LEVEL_BITS.get(usize::from(level)).copied().unwrap_or(256)
}

/// TLS 1.3 suites pass the level by their key size alone.
fn tls13_allowed_at(suite: CipherSuite, level: u8) -> bool {
    level == 0 || suite.info().is_some_and(|i| i.key_bits() >= level_bits(level))
}

/// What OpenSSL 3.0 does with one suite as a server (for the exporter): the highest security
/// level (0 to 5) at which it offers it, or `None` when it cannot (a suite it does not
/// implement, a PSK or SRP suite, which need callbacks no setting provides).
pub(crate) fn server_level(suite: CipherSuite) -> Option<u8> {
    if let Some(&(_, s)) = TLS13_SUITES.iter().find(|(_, s)| *s == suite) {
        return (0..=5u8).rev().find(|&level| tls13_allowed_at(s, level));
    }
    let cipher = universe().get(suite).filter(|c| c.kx & (K_PSK_ALL | K_SRP) == 0)?;
    (0..=5u8).rev().find(|&level| cipher.allowed_at(level))
}

/// The name `SSL_CTX_set_ciphersuites` takes for a TLS 1.3 suite OpenSSL 3.0 implements.
pub(crate) fn ciphersuite_name(suite: CipherSuite) -> Option<&'static str> {
    TLS13_SUITES.iter().find(|(_, s)| *s == suite).map(|(n, _)| *n)
}
