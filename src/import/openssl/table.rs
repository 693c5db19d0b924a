//! The per-suite table, transcribed from `openssl ciphers -V`.

use super::model::MinTls;

/// The TLS 1.2-and-below suites of OpenSSL 3.0.19 with their `min_tls`, in the order of
/// `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` (`src/model/suite/data/openssl-ciphers-v.txt`,
/// whose TLS 1.3 lines are left out). Written from that file with
/// `grep -v TLSv1.3 FILE | awk '{split($1,b,","); print b[1] substr(b[2],3), $4, $3}'`;
/// the unit tests check it against the file.
#[rustfmt::skip]
pub(super) const OPENSSL_SUITES: [(u16, MinTls); 155] = {
    use MinTls::{Ssl3, Tls1, Tls12};
    [
    (0xC02C, Tls12), // ECDHE-ECDSA-AES256-GCM-SHA384
    (0xC030, Tls12), // ECDHE-RSA-AES256-GCM-SHA384
    (0x00A3, Tls12), // DHE-DSS-AES256-GCM-SHA384
    (0x009F, Tls12), // DHE-RSA-AES256-GCM-SHA384
    (0xCCA9, Tls12), // ECDHE-ECDSA-CHACHA20-POLY1305
    (0xCCA8, Tls12), // ECDHE-RSA-CHACHA20-POLY1305
    (0xCCAA, Tls12), // DHE-RSA-CHACHA20-POLY1305
    (0xC0AF, Tls12), // ECDHE-ECDSA-AES256-CCM8
    (0xC0AD, Tls12), // ECDHE-ECDSA-AES256-CCM
    (0xC0A3, Tls12), // DHE-RSA-AES256-CCM8
    (0xC09F, Tls12), // DHE-RSA-AES256-CCM
    (0xC05D, Tls12), // ECDHE-ECDSA-ARIA256-GCM-SHA384
    (0xC061, Tls12), // ECDHE-ARIA256-GCM-SHA384
    (0xC057, Tls12), // DHE-DSS-ARIA256-GCM-SHA384
    (0xC053, Tls12), // DHE-RSA-ARIA256-GCM-SHA384
    (0x00A7, Tls12), // ADH-AES256-GCM-SHA384
    (0xC02B, Tls12), // ECDHE-ECDSA-AES128-GCM-SHA256
    (0xC02F, Tls12), // ECDHE-RSA-AES128-GCM-SHA256
    (0x00A2, Tls12), // DHE-DSS-AES128-GCM-SHA256
    (0x009E, Tls12), // DHE-RSA-AES128-GCM-SHA256
    (0xC0AE, Tls12), // ECDHE-ECDSA-AES128-CCM8
    (0xC0AC, Tls12), // ECDHE-ECDSA-AES128-CCM
    (0xC0A2, Tls12), // DHE-RSA-AES128-CCM8
    (0xC09E, Tls12), // DHE-RSA-AES128-CCM
    (0xC05C, Tls12), // ECDHE-ECDSA-ARIA128-GCM-SHA256
    (0xC060, Tls12), // ECDHE-ARIA128-GCM-SHA256
    (0xC056, Tls12), // DHE-DSS-ARIA128-GCM-SHA256
    (0xC052, Tls12), // DHE-RSA-ARIA128-GCM-SHA256
    (0x00A6, Tls12), // ADH-AES128-GCM-SHA256
    (0xC024, Tls12), // ECDHE-ECDSA-AES256-SHA384
    (0xC028, Tls12), // ECDHE-RSA-AES256-SHA384
    (0x006B, Tls12), // DHE-RSA-AES256-SHA256
    (0x006A, Tls12), // DHE-DSS-AES256-SHA256
    (0xC073, Tls12), // ECDHE-ECDSA-CAMELLIA256-SHA384
    (0xC077, Tls12), // ECDHE-RSA-CAMELLIA256-SHA384
    (0x00C4, Tls12), // DHE-RSA-CAMELLIA256-SHA256
    (0x00C3, Tls12), // DHE-DSS-CAMELLIA256-SHA256
    (0x006D, Tls12), // ADH-AES256-SHA256
    (0x00C5, Tls12), // ADH-CAMELLIA256-SHA256
    (0xC023, Tls12), // ECDHE-ECDSA-AES128-SHA256
    (0xC027, Tls12), // ECDHE-RSA-AES128-SHA256
    (0x0067, Tls12), // DHE-RSA-AES128-SHA256
    (0x0040, Tls12), // DHE-DSS-AES128-SHA256
    (0xC072, Tls12), // ECDHE-ECDSA-CAMELLIA128-SHA256
    (0xC076, Tls12), // ECDHE-RSA-CAMELLIA128-SHA256
    (0x00BE, Tls12), // DHE-RSA-CAMELLIA128-SHA256
    (0x00BD, Tls12), // DHE-DSS-CAMELLIA128-SHA256
    (0x006C, Tls12), // ADH-AES128-SHA256
    (0x00BF, Tls12), // ADH-CAMELLIA128-SHA256
    (0xC00A, Tls1), // ECDHE-ECDSA-AES256-SHA
    (0xC014, Tls1), // ECDHE-RSA-AES256-SHA
    (0x0039, Ssl3), // DHE-RSA-AES256-SHA
    (0x0038, Ssl3), // DHE-DSS-AES256-SHA
    (0x0088, Ssl3), // DHE-RSA-CAMELLIA256-SHA
    (0x0087, Ssl3), // DHE-DSS-CAMELLIA256-SHA
    (0xC019, Tls1), // AECDH-AES256-SHA
    (0x003A, Ssl3), // ADH-AES256-SHA
    (0x0089, Ssl3), // ADH-CAMELLIA256-SHA
    (0xC009, Tls1), // ECDHE-ECDSA-AES128-SHA
    (0xC013, Tls1), // ECDHE-RSA-AES128-SHA
    (0x0033, Ssl3), // DHE-RSA-AES128-SHA
    (0x0032, Ssl3), // DHE-DSS-AES128-SHA
    (0x0045, Ssl3), // DHE-RSA-CAMELLIA128-SHA
    (0x0044, Ssl3), // DHE-DSS-CAMELLIA128-SHA
    (0xC018, Tls1), // AECDH-AES128-SHA
    (0x0034, Ssl3), // ADH-AES128-SHA
    (0x0046, Ssl3), // ADH-CAMELLIA128-SHA
    (0x00AD, Tls12), // RSA-PSK-AES256-GCM-SHA384
    (0x00AB, Tls12), // DHE-PSK-AES256-GCM-SHA384
    (0xCCAE, Tls12), // RSA-PSK-CHACHA20-POLY1305
    (0xCCAD, Tls12), // DHE-PSK-CHACHA20-POLY1305
    (0xCCAC, Tls12), // ECDHE-PSK-CHACHA20-POLY1305
    (0xC0AB, Tls12), // DHE-PSK-AES256-CCM8
    (0xC0A7, Tls12), // DHE-PSK-AES256-CCM
    (0xC06F, Tls12), // RSA-PSK-ARIA256-GCM-SHA384
    (0xC06D, Tls12), // DHE-PSK-ARIA256-GCM-SHA384
    (0x009D, Tls12), // AES256-GCM-SHA384
    (0xC0A1, Tls12), // AES256-CCM8
    (0xC09D, Tls12), // AES256-CCM
    (0xC051, Tls12), // ARIA256-GCM-SHA384
    (0x00A9, Tls12), // PSK-AES256-GCM-SHA384
    (0xCCAB, Tls12), // PSK-CHACHA20-POLY1305
    (0xC0A9, Tls12), // PSK-AES256-CCM8
    (0xC0A5, Tls12), // PSK-AES256-CCM
    (0xC06B, Tls12), // PSK-ARIA256-GCM-SHA384
    (0x00AC, Tls12), // RSA-PSK-AES128-GCM-SHA256
    (0x00AA, Tls12), // DHE-PSK-AES128-GCM-SHA256
    (0xC0AA, Tls12), // DHE-PSK-AES128-CCM8
    (0xC0A6, Tls12), // DHE-PSK-AES128-CCM
    (0xC06E, Tls12), // RSA-PSK-ARIA128-GCM-SHA256
    (0xC06C, Tls12), // DHE-PSK-ARIA128-GCM-SHA256
    (0x009C, Tls12), // AES128-GCM-SHA256
    (0xC0A0, Tls12), // AES128-CCM8
    (0xC09C, Tls12), // AES128-CCM
    (0xC050, Tls12), // ARIA128-GCM-SHA256
    (0x00A8, Tls12), // PSK-AES128-GCM-SHA256
    (0xC0A8, Tls12), // PSK-AES128-CCM8
    (0xC0A4, Tls12), // PSK-AES128-CCM
    (0xC06A, Tls12), // PSK-ARIA128-GCM-SHA256
    (0x003D, Tls12), // AES256-SHA256
    (0x00C0, Tls12), // CAMELLIA256-SHA256
    (0x003C, Tls12), // AES128-SHA256
    (0x00BA, Tls12), // CAMELLIA128-SHA256
    (0xC038, Tls1), // ECDHE-PSK-AES256-CBC-SHA384
    (0xC036, Tls1), // ECDHE-PSK-AES256-CBC-SHA
    (0xC022, Ssl3), // SRP-DSS-AES-256-CBC-SHA
    (0xC021, Ssl3), // SRP-RSA-AES-256-CBC-SHA
    (0xC020, Ssl3), // SRP-AES-256-CBC-SHA
    (0x00B7, Tls1), // RSA-PSK-AES256-CBC-SHA384
    (0x00B3, Tls1), // DHE-PSK-AES256-CBC-SHA384
    (0x0095, Ssl3), // RSA-PSK-AES256-CBC-SHA
    (0x0091, Ssl3), // DHE-PSK-AES256-CBC-SHA
    (0xC09B, Tls1), // ECDHE-PSK-CAMELLIA256-SHA384
    (0xC099, Tls1), // RSA-PSK-CAMELLIA256-SHA384
    (0xC097, Tls1), // DHE-PSK-CAMELLIA256-SHA384
    (0x0035, Ssl3), // AES256-SHA
    (0x0084, Ssl3), // CAMELLIA256-SHA
    (0x00AF, Tls1), // PSK-AES256-CBC-SHA384
    (0x008D, Ssl3), // PSK-AES256-CBC-SHA
    (0xC095, Tls1), // PSK-CAMELLIA256-SHA384
    (0xC037, Tls1), // ECDHE-PSK-AES128-CBC-SHA256
    (0xC035, Tls1), // ECDHE-PSK-AES128-CBC-SHA
    (0xC01F, Ssl3), // SRP-DSS-AES-128-CBC-SHA
    (0xC01E, Ssl3), // SRP-RSA-AES-128-CBC-SHA
    (0xC01D, Ssl3), // SRP-AES-128-CBC-SHA
    (0x00B6, Tls1), // RSA-PSK-AES128-CBC-SHA256
    (0x00B2, Tls1), // DHE-PSK-AES128-CBC-SHA256
    (0x0094, Ssl3), // RSA-PSK-AES128-CBC-SHA
    (0x0090, Ssl3), // DHE-PSK-AES128-CBC-SHA
    (0xC09A, Tls1), // ECDHE-PSK-CAMELLIA128-SHA256
    (0xC098, Tls1), // RSA-PSK-CAMELLIA128-SHA256
    (0xC096, Tls1), // DHE-PSK-CAMELLIA128-SHA256
    (0x002F, Ssl3), // AES128-SHA
    (0x0041, Ssl3), // CAMELLIA128-SHA
    (0x00AE, Tls1), // PSK-AES128-CBC-SHA256
    (0x008C, Ssl3), // PSK-AES128-CBC-SHA
    (0xC094, Tls1), // PSK-CAMELLIA128-SHA256
    (0xC006, Tls1), // ECDHE-ECDSA-NULL-SHA
    (0xC010, Tls1), // ECDHE-RSA-NULL-SHA
    (0xC015, Tls1), // AECDH-NULL-SHA
    (0x003B, Tls12), // NULL-SHA256
    (0xC03B, Tls1), // ECDHE-PSK-NULL-SHA384
    (0xC03A, Tls1), // ECDHE-PSK-NULL-SHA256
    (0xC039, Tls1), // ECDHE-PSK-NULL-SHA
    (0x00B9, Tls1), // RSA-PSK-NULL-SHA384
    (0x00B8, Tls1), // RSA-PSK-NULL-SHA256
    (0x00B5, Tls1), // DHE-PSK-NULL-SHA384
    (0x00B4, Tls1), // DHE-PSK-NULL-SHA256
    (0x002E, Ssl3), // RSA-PSK-NULL-SHA
    (0x002D, Ssl3), // DHE-PSK-NULL-SHA
    (0x0002, Ssl3), // NULL-SHA
    (0x0001, Ssl3), // NULL-MD5
    (0x00B1, Tls1), // PSK-NULL-SHA384
    (0x00B0, Tls1), // PSK-NULL-SHA256
    (0x002C, Ssl3), // PSK-NULL-SHA
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::openssl::model::*;

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
