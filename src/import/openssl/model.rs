//! OpenSSL's description of a suite: bit masks as in its `SSL_CIPHER`.

use super::level_bits;
use crate::model::registry::Hash;
use crate::model::suite::{Authentication, Cipher, CipherSuite, KeyExchange, Mode};

// Key exchange.
pub(super) const K_RSA: u32 = 1;
pub(super) const K_DHE: u32 = 1 << 1;
pub(super) const K_ECDHE: u32 = 1 << 2;
pub(super) const K_PSK: u32 = 1 << 3;
pub(super) const K_RSAPSK: u32 = 1 << 4;
pub(super) const K_ECDHEPSK: u32 = 1 << 5;
pub(super) const K_DHEPSK: u32 = 1 << 6;
pub(super) const K_SRP: u32 = 1 << 7;
pub(super) const K_GOST: u32 = 1 << 8;
pub(super) const K_GOST18: u32 = 1 << 9;
pub(super) const K_PSK_ALL: u32 = K_PSK | K_RSAPSK | K_ECDHEPSK | K_DHEPSK;

// Authentication.
pub(super) const A_RSA: u32 = 1;
pub(super) const A_DSS: u32 = 1 << 1;
pub(super) const A_NULL: u32 = 1 << 2;
pub(super) const A_ECDSA: u32 = 1 << 3;
pub(super) const A_PSK: u32 = 1 << 4;
pub(super) const A_GOST01: u32 = 1 << 5;
pub(super) const A_GOST12: u32 = 1 << 6;
pub(super) const A_SRP: u32 = 1 << 7;

// Bulk encryption.
pub(super) const E_DES: u32 = 1;
pub(super) const E_3DES: u32 = 1 << 1;
pub(super) const E_RC4: u32 = 1 << 2;
pub(super) const E_RC2: u32 = 1 << 3;
pub(super) const E_IDEA: u32 = 1 << 4;
pub(super) const E_NULL: u32 = 1 << 5;
pub(super) const E_AES128: u32 = 1 << 6;
pub(super) const E_AES256: u32 = 1 << 7;
pub(super) const E_CAMELLIA128: u32 = 1 << 8;
pub(super) const E_CAMELLIA256: u32 = 1 << 9;
pub(super) const E_GOST89: u32 = 1 << 10;
pub(super) const E_SEED: u32 = 1 << 11;
pub(super) const E_AES128GCM: u32 = 1 << 12;
pub(super) const E_AES256GCM: u32 = 1 << 13;
pub(super) const E_AES128CCM: u32 = 1 << 14;
pub(super) const E_AES256CCM: u32 = 1 << 15;
pub(super) const E_AES128CCM8: u32 = 1 << 16;
pub(super) const E_AES256CCM8: u32 = 1 << 17;
pub(super) const E_GOST8912: u32 = 1 << 18;
pub(super) const E_CHACHA20: u32 = 1 << 19;
pub(super) const E_ARIA128GCM: u32 = 1 << 20;
pub(super) const E_ARIA256GCM: u32 = 1 << 21;
pub(super) const E_MAGMA: u32 = 1 << 22;
pub(super) const E_KUZNYECHIK: u32 = 1 << 23;
pub(super) const E_AESGCM: u32 = E_AES128GCM | E_AES256GCM;
pub(super) const E_AESCCM: u32 = E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8;
pub(super) const E_AESCCM8: u32 = E_AES128CCM8 | E_AES256CCM8;
pub(super) const E_AES: u32 = E_AES128 | E_AES256 | E_AESGCM | E_AESCCM;
pub(super) const E_CAMELLIA: u32 = E_CAMELLIA128 | E_CAMELLIA256;
pub(super) const E_ARIA: u32 = E_ARIA128GCM | E_ARIA256GCM;
pub(super) const E_CBC: u32 = E_DES | E_3DES | E_RC2 | E_IDEA | E_AES128 | E_AES256 | E_CAMELLIA | E_SEED;

// Record MAC.
pub(super) const M_MD5: u32 = 1;
pub(super) const M_SHA1: u32 = 1 << 1;
pub(super) const M_GOST94: u32 = 1 << 2;
pub(super) const M_GOST89MAC: u32 = 1 << 3;
pub(super) const M_SHA256: u32 = 1 << 4;
pub(super) const M_SHA384: u32 = 1 << 5;
pub(super) const M_AEAD: u32 = 1 << 6;
pub(super) const M_GOST12_256: u32 = 1 << 7;
pub(super) const M_GOST89MAC12: u32 = 1 << 8;

// Strength classes (OpenSSL's SSL_STRONG_MASK: FIPS is one of them, so `HIGH+FIPS` meets
// in nothing, as in OpenSSL).
pub(super) const S_NONE: u8 = 1;
pub(super) const S_LOW: u8 = 1 << 1;
pub(super) const S_MEDIUM: u8 = 1 << 2;
pub(super) const S_HIGH: u8 = 1 << 3;
pub(super) const S_FIPS: u8 = 1 << 4;

/// The lowest version a suite can be used in, as OpenSSL records it (`min_tls`); it is what
/// the `SSLv3`, `TLSv1` and `TLSv1.2` aliases match, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MinTls {
    Ssl3,
    Tls1,
    Tls12,
}

/// One suite as OpenSSL describes it (its `SSL_CIPHER`).
#[derive(Debug, Clone, Copy)]
pub(super) struct SslCipher {
    pub(super) suite: CipherSuite,
    pub(super) kx: u32,
    pub(super) auth: u32,
    pub(super) enc: u32,
    pub(super) mac: u32,
    pub(super) min: MinTls,
    pub(super) strength: u8,
    pub(super) not_default: bool,
    pub(super) bits: u16,
}

impl SslCipher {
    /// OpenSSL's attributes, derived from the registry's; `None` for a suite OpenSSL's
    /// classes do not cover (the unit tests prove every row of the table is covered).
    pub(super) fn derive(code: u16, min: MinTls) -> Option<Self> {
        let suite = CipherSuite::from(code);
        let info = suite.info()?;
        let kx = match info.kx() {
            KeyExchange::Rsa => K_RSA,
            KeyExchange::Dhe => K_DHE,
            KeyExchange::Ecdhe => K_ECDHE,
            KeyExchange::Psk => K_PSK,
            KeyExchange::RsaPsk => K_RSAPSK,
            KeyExchange::EcdhePsk => K_ECDHEPSK,
            KeyExchange::DhePsk => K_DHEPSK,
            KeyExchange::Srp => K_SRP,
            _ => return None,
        };
        let auth = match info.auth() {
            Authentication::Rsa => A_RSA,
            Authentication::Dss => A_DSS,
            Authentication::Anonymous => A_NULL,
            Authentication::Ecdsa => A_ECDSA,
            Authentication::Psk => A_PSK,
            Authentication::Srp => A_SRP,
            _ => return None,
        };
        let wide = info.key_bits() == 256;
        let enc = match (info.cipher(), info.mode()) {
            (Cipher::Null, _) => E_NULL,
            (Cipher::Aes, Mode::Cbc) => pick(wide, E_AES256, E_AES128),
            (Cipher::Aes, Mode::Gcm) => pick(wide, E_AES256GCM, E_AES128GCM),
            (Cipher::Aes, Mode::Ccm) => pick(wide, E_AES256CCM, E_AES128CCM),
            (Cipher::Aes, Mode::Ccm8) => pick(wide, E_AES256CCM8, E_AES128CCM8),
            (Cipher::Camellia, Mode::Cbc) => pick(wide, E_CAMELLIA256, E_CAMELLIA128),
            (Cipher::Aria, Mode::Gcm) => pick(wide, E_ARIA256GCM, E_ARIA128GCM),
            (Cipher::ChaCha20, Mode::Poly1305) => E_CHACHA20,
            _ => return None,
        };
        let mac = match (info.is_aead(), info.hash()) {
            (true, _) => M_AEAD,
            (false, Hash::Md5) => M_MD5,
            (false, Hash::Sha1) => M_SHA1,
            (false, Hash::Sha256) => M_SHA256,
            (false, Hash::Sha384) => M_SHA384,
            _ => return None,
        };
        let strength = if enc == E_NULL {
            S_NONE
        } else if enc & (E_CAMELLIA | E_ARIA | E_AESCCM | E_CHACHA20) != 0 || kx == K_SRP {
            S_HIGH
        } else {
            S_HIGH | S_FIPS
        };
        // COMPLEMENTOFDEFAULT: anonymous and DSS suites, CCM, ARIA and Camellia.
        let not_default =
            enc != E_NULL && (auth & (A_NULL | A_DSS) != 0 || enc & (E_AESCCM | E_ARIA | E_CAMELLIA) != 0);
        let bits = if enc == E_NULL { 0 } else { info.key_bits() };
        Some(Self { suite, kx, auth, enc, mac, min, strength, not_default, bits })
    }

    /// The order `ssl_create_cipher_list` puts every suite in before reading the string, as a
    /// sort key. OpenSSL builds it with a fixed sequence of moves, each a stable partition, so
    /// the last move decides first:
    /// 1. (EC)DHE with AEAD, then other (EC)DHE, then other AEAD, then the rest;
    /// 2. TLS 1.2-only suites before older ones;
    /// 3. more key bits first;
    /// 4. to the end, in turn: MD5, anonymous, static RSA, plain PSK (RC4 last, none here);
    /// 5. AES-GCM, then ChaCha20, then other AES, then the rest;
    /// 6. ECDHE-ECDSA, then other ECDHE, then the rest.
    ///
    /// Ties keep the order of `openssl ciphers -V 'ALL:COMPLEMENTOFALL'` (the table's), which
    /// is OpenSSL's own within every tie.
    pub(super) fn initial_rank(&self) -> impl Ord + use<> {
        let dhe = self.kx & (K_DHE | K_ECDHE) != 0;
        let aead = self.mac & M_AEAD != 0;
        let bump = (!(dhe && aead), !dhe, !aead);
        let moved_last = (
            self.enc == E_RC4,
            self.kx & K_PSK != 0,
            self.kx & K_RSA != 0,
            self.auth & A_NULL != 0,
            self.mac & M_MD5 != 0,
        );
        let cipher = if self.enc & E_AESGCM != 0 {
            0
        } else if self.enc & E_CHACHA20 != 0 {
            1
        } else if self.enc & E_AES != 0 {
            2
        } else {
            3
        };
        let ecdhe = match (self.kx & K_ECDHE != 0, self.auth & A_ECDSA != 0) {
            (true, true) => 0,
            (true, false) => 1,
            (false, _) => 2,
        };
        (bump, self.min != MinTls::Tls12, core::cmp::Reverse(self.bits), moved_last, cipher, ecdhe)
    }

    /// Whether a handshake may use the suite at this security level
    /// (`ssl_security_default_callback`, `SSL_SECOP_CIPHER_SUPPORTED`).
    pub(super) fn allowed_at(&self, level: u8) -> bool {
        if level == 0 {
            return true;
        }
        let min_bits = level_bits(level);
        self.bits >= min_bits
            && self.auth & A_NULL == 0
            && self.mac & M_MD5 == 0
            && !(min_bits > 160 && self.mac & M_SHA1 != 0)
            && !(level >= 2 && self.enc == E_RC4)
            && !(level >= 3 && self.kx & (K_DHE | K_ECDHE | K_DHEPSK | K_ECDHEPSK) == 0)
    }
}

const fn pick(wide: bool, a: u32, b: u32) -> u32 {
    if wide { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::openssl::table::OPENSSL_SUITES;

    const SOURCE: &str = include_str!("../../model/suite/data/openssl-ciphers-v.txt");

    fn kx_label(kx: u32) -> &'static str {
        match kx {
            K_RSA => "RSA",
            K_DHE => "DH",
            K_ECDHE => "ECDH",
            K_PSK => "PSK",
            K_RSAPSK => "RSAPSK",
            K_ECDHEPSK => "ECDHEPSK",
            K_DHEPSK => "DHEPSK",
            K_SRP => "SRP",
            _ => "?",
        }
    }

    fn auth_label(auth: u32) -> &'static str {
        match auth {
            A_RSA => "RSA",
            A_DSS => "DSS",
            A_NULL => "None",
            A_ECDSA => "ECDSA",
            A_PSK => "PSK",
            A_SRP => "SRP",
            _ => "?",
        }
    }

    fn enc_label(enc: u32) -> &'static str {
        match enc {
            E_NULL => "None",
            E_AES128 => "AES(128)",
            E_AES256 => "AES(256)",
            E_AES128GCM => "AESGCM(128)",
            E_AES256GCM => "AESGCM(256)",
            E_AES128CCM => "AESCCM(128)",
            E_AES256CCM => "AESCCM(256)",
            E_AES128CCM8 => "AESCCM8(128)",
            E_AES256CCM8 => "AESCCM8(256)",
            E_CAMELLIA128 => "Camellia(128)",
            E_CAMELLIA256 => "Camellia(256)",
            E_ARIA128GCM => "ARIAGCM(128)",
            E_ARIA256GCM => "ARIAGCM(256)",
            E_CHACHA20 => "CHACHA20/POLY1305(256)",
            _ => "?",
        }
    }

    fn mac_label(mac: u32) -> &'static str {
        match mac {
            M_MD5 => "MD5",
            M_SHA1 => "SHA1",
            M_SHA256 => "SHA256",
            M_SHA384 => "SHA384",
            M_AEAD => "AEAD",
            _ => "?",
        }
    }

    #[test]
    fn table_matches_openssl_output() {
        let lines: Vec<&str> = SOURCE.lines().filter(|l| !l.contains("TLSv1.3") && !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), OPENSSL_SUITES.len());
        for (line, &(code, min)) in lines.iter().zip(&OPENSSL_SUITES) {
            let c = SslCipher::derive(code, min).unwrap_or_else(|| panic!("0x{code:04X} not derived"));
            let version = match min {
                MinTls::Ssl3 => "SSLv3",
                MinTls::Tls1 => "TLSv1",
                MinTls::Tls12 => "TLSv1.2",
            };
            let name = c.suite.info().and_then(|i| i.openssl()).unwrap_or("?");
            let [hi, lo] = code.to_be_bytes();
            let want: Vec<&str> = line.split_whitespace().collect();
            let have = [
                format!("0x{hi:02X},0x{lo:02X}"),
                "-".to_owned(),
                name.to_owned(),
                version.to_owned(),
                format!("Kx={}", kx_label(c.kx)),
                format!("Au={}", auth_label(c.auth)),
                format!("Enc={}", enc_label(c.enc)),
                format!("Mac={}", mac_label(c.mac)),
            ];
            assert_eq!(want, have, "{line}");
        }
    }
}
