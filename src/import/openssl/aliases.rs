//! The pattern algebra of cipher-string words, and the words OpenSSL 3.0 knows.

use super::model::*;
use crate::model::suite::CipherSuite;

/// What a word, or words joined by `+`, select: every set field must overlap the suite's.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pattern {
    pub(super) suite: Option<CipherSuite>,
    pub(super) kx: u32,
    pub(super) auth: u32,
    pub(super) enc: u32,
    pub(super) mac: u32,
    pub(super) min: Option<MinTls>,
    pub(super) strength: u8,
    pub(super) not_default: bool,
}

pub(super) const ANY: Pattern =
    Pattern { suite: None, kx: 0, auth: 0, enc: 0, mac: 0, min: None, strength: 0, not_default: false };

impl Pattern {
    /// `self+other`: set fields intersect; `None` when an intersection is empty, which
    /// OpenSSL treats as a word that selects nothing.
    pub(super) fn meet(mut self, other: &Pattern) -> Option<Self> {
        fn field(a: &mut u32, b: u32) -> bool {
            if b != 0 {
                *a = if *a == 0 { b } else { *a & b };
                return *a != 0;
            }
            true
        }
        let ok = field(&mut self.kx, other.kx)
            && field(&mut self.auth, other.auth)
            && field(&mut self.enc, other.enc)
            && field(&mut self.mac, other.mac);
        if !ok {
            return None;
        }
        if other.strength != 0 {
            if self.strength == 0 {
                // OpenSSL assigns the strength class over the whole strength field, so a
                // COMPLEMENTOFDEFAULT before it is forgotten: `COMPLEMENTOFDEFAULT+HIGH` is
                // `HIGH`, while `HIGH+COMPLEMENTOFDEFAULT` is what it says.
                self.strength = other.strength;
                self.not_default = false;
            } else {
                self.strength &= other.strength;
                if self.strength == 0 {
                    return None;
                }
            }
        }
        self.not_default |= other.not_default;
        if other.suite.is_some() {
            self.suite = other.suite;
        } else if let Some(min) = other.min {
            if self.min.is_some_and(|m| m != min) {
                return None;
            }
            self.min = Some(min);
        }
        Some(self)
    }
}

/// How a suite meets the pattern words.
impl SslCipher {
    pub(super) fn matches(&self, p: &Pattern) -> bool {
        let meets = |want: u32, have: u32| want == 0 || want & have != 0;
        p.suite.is_none_or(|s| s == self.suite)
            && meets(p.kx, self.kx)
            && meets(p.auth, self.auth)
            && meets(p.enc, self.enc)
            && meets(p.mac, self.mac)
            && p.min.is_none_or(|m| m == self.min)
            && (p.strength == 0 || p.strength & self.strength != 0)
            && (!p.not_default || self.not_default)
    }

    /// The suite as a pattern word: a name in the string selects it and meets other words
    /// in its attributes (`kRSA+AES128-SHA`), but not in its version.
    pub(super) fn pattern(&self) -> Pattern {
        Pattern {
            suite: Some(self.suite),
            kx: self.kx,
            auth: self.auth,
            enc: self.enc,
            mac: self.mac,
            min: None,
            strength: self.strength,
            not_default: self.not_default,
        }
    }
}

/// OpenSSL 3.0's aliases (`cipher_aliases` in `ssl/ssl_ciph.c`), with what each selects.
/// Those of algorithms the build lacks (RC4, 3DES, GOST, ...) select nothing.
pub(super) const ALIASES: &[(&str, Pattern)] = &[
    ("ALL", Pattern { enc: !E_NULL, ..ANY }),
    ("COMPLEMENTOFALL", Pattern { enc: E_NULL, ..ANY }),
    ("COMPLEMENTOFDEFAULT", Pattern { not_default: true, ..ANY }),
    ("kRSA", Pattern { kx: K_RSA, ..ANY }),
    ("kEDH", Pattern { kx: K_DHE, ..ANY }),
    ("kDHE", Pattern { kx: K_DHE, ..ANY }),
    ("DH", Pattern { kx: K_DHE, ..ANY }),
    ("kEECDH", Pattern { kx: K_ECDHE, ..ANY }),
    ("kECDHE", Pattern { kx: K_ECDHE, ..ANY }),
    ("ECDH", Pattern { kx: K_ECDHE, ..ANY }),
    ("kPSK", Pattern { kx: K_PSK, ..ANY }),
    ("kRSAPSK", Pattern { kx: K_RSAPSK, ..ANY }),
    ("kECDHEPSK", Pattern { kx: K_ECDHEPSK, ..ANY }),
    ("kDHEPSK", Pattern { kx: K_DHEPSK, ..ANY }),
    ("kSRP", Pattern { kx: K_SRP, ..ANY }),
    ("kGOST", Pattern { kx: K_GOST, ..ANY }),
    ("kGOST18", Pattern { kx: K_GOST18, ..ANY }),
    ("aRSA", Pattern { auth: A_RSA, ..ANY }),
    ("aDSS", Pattern { auth: A_DSS, ..ANY }),
    ("DSS", Pattern { auth: A_DSS, ..ANY }),
    ("aNULL", Pattern { auth: A_NULL, ..ANY }),
    ("aECDSA", Pattern { auth: A_ECDSA, ..ANY }),
    ("ECDSA", Pattern { auth: A_ECDSA, ..ANY }),
    ("aPSK", Pattern { auth: A_PSK, ..ANY }),
    ("aGOST01", Pattern { auth: A_GOST01, ..ANY }),
    ("aGOST12", Pattern { auth: A_GOST12, ..ANY }),
    ("aGOST", Pattern { auth: A_GOST01 | A_GOST12, ..ANY }),
    ("aSRP", Pattern { auth: A_SRP, ..ANY }),
    ("EDH", Pattern { kx: K_DHE, auth: !A_NULL, ..ANY }),
    ("DHE", Pattern { kx: K_DHE, auth: !A_NULL, ..ANY }),
    ("EECDH", Pattern { kx: K_ECDHE, auth: !A_NULL, ..ANY }),
    ("ECDHE", Pattern { kx: K_ECDHE, auth: !A_NULL, ..ANY }),
    ("NULL", Pattern { enc: E_NULL, ..ANY }),
    ("RSA", Pattern { kx: K_RSA, auth: A_RSA, ..ANY }),
    ("ADH", Pattern { kx: K_DHE, auth: A_NULL, ..ANY }),
    ("AECDH", Pattern { kx: K_ECDHE, auth: A_NULL, ..ANY }),
    ("PSK", Pattern { kx: K_PSK_ALL, ..ANY }),
    ("SRP", Pattern { kx: K_SRP, ..ANY }),
    ("3DES", Pattern { enc: E_3DES, ..ANY }),
    ("RC4", Pattern { enc: E_RC4, ..ANY }),
    ("RC2", Pattern { enc: E_RC2, ..ANY }),
    ("IDEA", Pattern { enc: E_IDEA, ..ANY }),
    ("SEED", Pattern { enc: E_SEED, ..ANY }),
    ("eNULL", Pattern { enc: E_NULL, ..ANY }),
    ("GOST89", Pattern { enc: E_GOST89 | E_GOST8912 | E_MAGMA | E_KUZNYECHIK, ..ANY }),
    ("AES128", Pattern { enc: E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8, ..ANY }),
    ("AES256", Pattern { enc: E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8, ..ANY }),
    ("AES", Pattern { enc: E_AES, ..ANY }),
    ("AESGCM", Pattern { enc: E_AESGCM, ..ANY }),
    ("AESCCM", Pattern { enc: E_AESCCM, ..ANY }),
    ("AESCCM8", Pattern { enc: E_AESCCM8, ..ANY }),
    ("CAMELLIA128", Pattern { enc: E_CAMELLIA128, ..ANY }),
    ("CAMELLIA256", Pattern { enc: E_CAMELLIA256, ..ANY }),
    ("CAMELLIA", Pattern { enc: E_CAMELLIA, ..ANY }),
    ("CHACHA20", Pattern { enc: E_CHACHA20, ..ANY }),
    ("GOST2012-GOST8912-GOST8912", Pattern { enc: E_GOST8912, ..ANY }),
    ("ARIA", Pattern { enc: E_ARIA, ..ANY }),
    ("ARIAGCM", Pattern { enc: E_ARIA, ..ANY }),
    ("ARIA128", Pattern { enc: E_ARIA128GCM, ..ANY }),
    ("ARIA256", Pattern { enc: E_ARIA256GCM, ..ANY }),
    ("CBC", Pattern { enc: E_CBC, ..ANY }),
    ("MD5", Pattern { mac: M_MD5, ..ANY }),
    ("SHA1", Pattern { mac: M_SHA1, ..ANY }),
    ("SHA", Pattern { mac: M_SHA1, ..ANY }),
    ("GOST94", Pattern { mac: M_GOST94, ..ANY }),
    ("GOST89MAC", Pattern { mac: M_GOST89MAC | M_GOST89MAC12, ..ANY }),
    ("SHA256", Pattern { mac: M_SHA256, ..ANY }),
    ("SHA384", Pattern { mac: M_SHA384, ..ANY }),
    ("GOST12", Pattern { mac: M_GOST12_256, ..ANY }),
    ("SSLv3", Pattern { min: Some(MinTls::Ssl3), ..ANY }),
    ("TLSv1", Pattern { min: Some(MinTls::Tls1), ..ANY }),
    ("TLSv1.0", Pattern { min: Some(MinTls::Tls1), ..ANY }),
    ("TLSv1.2", Pattern { min: Some(MinTls::Tls12), ..ANY }),
    ("LOW", Pattern { strength: S_LOW, ..ANY }),
    ("MEDIUM", Pattern { strength: S_MEDIUM, ..ANY }),
    ("HIGH", Pattern { strength: S_HIGH, ..ANY }),
    ("FIPS", Pattern { enc: !E_NULL, strength: S_FIPS, ..ANY }),
    // "EDH-" names kept for compatibility; their suites (3DES) are not in the build.
    ("EDH-DSS-DES-CBC3-SHA", Pattern { kx: K_DHE, auth: A_DSS, enc: E_3DES, mac: M_SHA1, ..ANY }),
    ("EDH-RSA-DES-CBC3-SHA", Pattern { kx: K_DHE, auth: A_RSA, enc: E_3DES, mac: M_SHA1, ..ANY }),
];

/// Words OpenSSL 3.0 does not know but old cipher strings carry: aliases removed in OpenSSL
/// 1.1.0 and names of suites the build lacks. They select nothing, as in OpenSSL, and are
/// reported as ignored rather than as typos.
pub(super) const OBSOLETE_WORDS: &[&str] = &[
    // Aliases of OpenSSL 1.0.2 and earlier.
    "EXP",
    "EXPORT",
    "EXPORT40",
    "EXPORT56",
    "DES",
    "SSLv2",
    "KRB5",
    "kKRB5",
    "aKRB5",
    "kECDH",
    "kECDHe",
    "kECDHr",
    "aECDH",
    "kDH",
    "kDHr",
    "kDHd",
    "aDH",
    "kFZA",
    "aFZA",
    "eFZA",
    "FZA",
    "ECCdraft",
    "DHr",
    "DHd",
    "ECDHr",
    "ECDHe",
    // Suites without RC4, 3DES, single DES, IDEA or SEED support in the build.
    "RC4-MD5",
    "RC4-SHA",
    "ADH-RC4-MD5",
    "ECDHE-RSA-RC4-SHA",
    "ECDHE-ECDSA-RC4-SHA",
    "AECDH-RC4-SHA",
    "PSK-RC4-SHA",
    "RSA-PSK-RC4-SHA",
    "DHE-PSK-RC4-SHA",
    "ECDHE-PSK-RC4-SHA",
    "DES-CBC3-SHA",
    "DHE-DSS-DES-CBC3-SHA",
    "DHE-RSA-DES-CBC3-SHA",
    "ADH-DES-CBC3-SHA",
    "ECDHE-RSA-DES-CBC3-SHA",
    "ECDHE-ECDSA-DES-CBC3-SHA",
    "AECDH-DES-CBC3-SHA",
    "PSK-3DES-EDE-CBC-SHA",
    "RSA-PSK-3DES-EDE-CBC-SHA",
    "DHE-PSK-3DES-EDE-CBC-SHA",
    "ECDHE-PSK-3DES-EDE-CBC-SHA",
    "SRP-3DES-EDE-CBC-SHA",
    "SRP-RSA-3DES-EDE-CBC-SHA",
    "SRP-DSS-3DES-EDE-CBC-SHA",
    "DES-CBC-SHA",
    "EDH-RSA-DES-CBC-SHA",
    "EDH-DSS-DES-CBC-SHA",
    "ADH-DES-CBC-SHA",
    "DES-CBC-MD5",
    "DES-CBC3-MD5",
    "EXP-RC4-MD5",
    "EXP-RC2-CBC-MD5",
    "EXP-DES-CBC-SHA",
    "EXP-EDH-RSA-DES-CBC-SHA",
    "EXP-EDH-DSS-DES-CBC-SHA",
    "EXP-ADH-DES-CBC-SHA",
    "EXP-ADH-RC4-MD5",
    "IDEA-CBC-SHA",
    "IDEA-CBC-MD5",
    "RC2-CBC-MD5",
    "SEED-SHA",
    "DHE-DSS-SEED-SHA",
    "DHE-RSA-SEED-SHA",
    "ADH-SEED-SHA",
    "GOST2001-GOST89-GOST89",
    "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC",
    "GOST2012-MAGMA-MAGMAOMAC",
    "IANA-GOST2012-GOST8912-GOST8912",
    "LEGACY-GOST2012-GOST8912-GOST8912",
    "GOST2001-NULL-GOST94",
    "GOST2012-NULL-GOST12",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::openssl::compiler::{Word, lookup, universe};
    use crate::import::openssl::table::OPENSSL_SUITES;

    #[test]
    fn aliases_are_unique_and_not_suite_names() {
        let u = universe();
        assert_eq!(u.suites.len(), OPENSSL_SUITES.len());
        for (i, (name, _)) in ALIASES.iter().enumerate() {
            assert!(ALIASES[..i].iter().all(|(n, _)| n != name), "{name}");
            assert!(!matches!(lookup(name, u), Word::Obsolete | Word::Unknown));
        }
        for word in OBSOLETE_WORDS {
            assert!(matches!(lookup(word, u), Word::Obsolete), "{word}");
        }
    }

    #[test]
    fn meet_follows_openssl() {
        let get = |w: &str| match lookup(w, universe()) {
            Word::Pattern(p) => p,
            _ => panic!("{w}"),
        };
        assert!(get("kRSA").meet(&get("kDHE")).is_none());
        assert!(get("HIGH").meet(&get("FIPS")).is_none());
        assert!(get("TLSv1.2").meet(&get("SSLv3")).is_none());
        let p = get("TLSv1.2").meet(&get("AES128-SHA")).expect("versions of names do not meet");
        assert!(!universe().suites.iter().any(|c| c.matches(&p)));
    }
}
