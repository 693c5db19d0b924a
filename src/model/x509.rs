//! The key an X.509 certificate holds, read by a small bounded DER walker.
//!
//! The walker reads only what it needs of an X.509 certificate (RFC 5280 §4.1): the subject
//! `Name` and the `SubjectPublicKeyInfo`. Every read is checked against the bytes left, every
//! length is at most four bytes long, and every loop consumes input, so any bytes give an
//! answer or an error, in time linear in their length. Shared by the rustls adapter's device
//! identity and the server-answer reader, so it needs no feature.

use core::fmt;

use crate::model::group::NamedGroup;
use crate::model::key::KeyType;

/// The most attributes a subject may hold before the walker gives up (real subjects hold a
/// handful; the bound keeps a hostile one from costing more than it must).
const MAX_ATTRIBUTES: usize = 256;

/// The longest OID the walker spells out, in encoded bytes.
const MAX_OID: usize = 64;

/// What was wrong with a certificate, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed(pub(crate) &'static str);

fn malformed(what: &'static str) -> Malformed {
    Malformed(what)
}

/// The public key in an X.509 certificate (a device's, or a server's).
///
/// ```
/// use tls_policy::{KeyType, NamedGroup};
/// use tls_policy::scan::CertificateKey;
///
/// let key = CertificateKey::Ecdsa { curve: NamedGroup::secp256r1 };
/// assert_eq!((key.to_string(), key.key_type()), ("ECDSA P-256".to_owned(), Some(KeyType::Ecdsa)));
/// assert_eq!(CertificateKey::Rsa { bits: 2048 }.to_string(), "RSA 2048");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateKey {
    /// An RSA key (rsaEncryption) with a modulus of this many bits.
    Rsa {
        /// The modulus length in bits.
        bits: u32,
    },
    /// An ECDSA key (id-ecPublicKey) on a named curve: P-256 is `secp256r1`, P-384
    /// `secp384r1`, P-521 `secp521r1`.
    Ecdsa {
        /// The curve.
        curve: NamedGroup,
    },
    /// An Ed25519 key (RFC 8410).
    Ed25519,
    /// Any other key: the algorithm's OID in dotted form, or for an id-ecPublicKey key on a
    /// curve not named above, the curve's.
    Other {
        /// The OID, dotted (`1.2.840.10045.3.1.1`).
        oid: String,
    },
}

impl CertificateKey {
    /// The key type as the policy model names it, if it has one (RSA and ECDSA).
    ///
    /// ```
    /// use tls_policy::KeyType;
    /// use tls_policy::scan::CertificateKey;
    ///
    /// assert_eq!(CertificateKey::Rsa { bits: 3072 }.key_type(), Some(KeyType::Rsa));
    /// assert_eq!(CertificateKey::Ed25519.key_type(), None);
    /// ```
    pub const fn key_type(&self) -> Option<KeyType> {
        match self {
            Self::Rsa { .. } => Some(KeyType::Rsa),
            Self::Ecdsa { .. } => Some(KeyType::Ecdsa),
            Self::Ed25519 | Self::Other { .. } => None,
        }
    }
}

impl fmt::Display for CertificateKey {
    /// `RSA 2048`, `ECDSA P-256`, `Ed25519`, `key 1.2.3.4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rsa { bits } => write!(f, "RSA {bits}"),
            Self::Ecdsa { curve } if *curve == NamedGroup::secp256r1 => f.write_str("ECDSA P-256"),
            Self::Ecdsa { curve } if *curve == NamedGroup::secp384r1 => f.write_str("ECDSA P-384"),
            Self::Ecdsa { curve } if *curve == NamedGroup::secp521r1 => f.write_str("ECDSA P-521"),
            Self::Ecdsa { curve } => write!(f, "ECDSA {curve}"),
            Self::Ed25519 => f.write_str("Ed25519"),
            Self::Other { oid } => write!(f, "key {oid}"),
        }
    }
}

/// Reads an end-entity certificate (DER): the subject's last CN and the key. Only these are
/// read; trust is a verifier's business.
pub(crate) fn subject_and_key(der: &[u8]) -> Result<(Option<String>, CertificateKey), Malformed> {
    let mut outer = Der(der);
    let mut certificate = Der(outer.expect(SEQUENCE, "the certificate is not a SEQUENCE")?);
    let mut tbs = Der(certificate.expect(SEQUENCE, "tbsCertificate is not a SEQUENCE")?);
    if tbs.peek() == Some(0xa0) {
        tbs.any("version")?;
    }
    tbs.expect(INTEGER, "serialNumber is not an INTEGER")?;
    tbs.expect(SEQUENCE, "signature is not an AlgorithmIdentifier")?;
    tbs.expect(SEQUENCE, "issuer is not a Name")?;
    tbs.expect(SEQUENCE, "validity is not a SEQUENCE")?;
    let subject = tbs.expect(SEQUENCE, "subject is not a Name")?;
    let spki = tbs.expect(SEQUENCE, "subjectPublicKeyInfo is not a SEQUENCE")?;
    Ok((common_name(subject)?, public_key(spki)?))
}

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;

const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const CURVES: [(&[u8], NamedGroup); 3] = [
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], NamedGroup::secp256r1),
    (&[0x2b, 0x81, 0x04, 0x00, 0x22], NamedGroup::secp384r1),
    (&[0x2b, 0x81, 0x04, 0x00, 0x23], NamedGroup::secp521r1),
];

/// DER bytes yet to read.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// The next element: its tag and contents.
    fn any(&mut self, what: &'static str) -> Result<(u8, &'a [u8]), Malformed> {
        let (&tag, rest) = self.0.split_first().ok_or(malformed(what))?;
        if tag & 0x1f == 0x1f {
            return Err(malformed("a tag number above 30"));
        }
        let (&first, rest) = rest.split_first().ok_or(malformed("a length is missing"))?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return Err(malformed("a length is indefinite or longer than four bytes"));
            }
            let (digits, rest) = rest.split_at_checked(count).ok_or(malformed("a length runs past the end"))?;
            let len = digits.iter().fold(0u32, |n, d| (n << 8) | u32::from(*d));
            (usize::try_from(len).map_err(|_| malformed("a length does not fit in memory"))?, rest)
        };
        let (contents, rest) = rest.split_at_checked(len).ok_or(malformed("a length runs past the end"))?;
        self.0 = rest;
        Ok((tag, contents))
    }

    /// The next element's contents, which must have this tag.
    fn expect(&mut self, tag: u8, what: &'static str) -> Result<&'a [u8], Malformed> {
        match self.any(what)? {
            (t, contents) if t == tag => Ok(contents),
            _ => Err(malformed(what)),
        }
    }
}

/// The last CN of a Name (RDNSequence: SEQUENCE OF SET OF AttributeTypeAndValue).
fn common_name(name: &[u8]) -> Result<Option<String>, Malformed> {
    let mut rdns = Der(name);
    let mut found = None;
    let mut attributes = 0usize;
    while rdns.peek().is_some() {
        let mut set = Der(rdns.expect(SET, "a subject RDN is not a SET")?);
        while set.peek().is_some() {
            attributes += 1;
            if attributes > MAX_ATTRIBUTES {
                return Err(malformed("the subject holds more than 256 attributes"));
            }
            let mut attribute = Der(set.expect(SEQUENCE, "a subject attribute is not a SEQUENCE")?);
            let oid = attribute.expect(OID, "a subject attribute type is not an OID")?;
            let (tag, value) = attribute.any("a subject attribute has no value")?;
            if oid == OID_CN {
                found = Some(directory_string(tag, value)?);
            }
        }
    }
    Ok(found)
}

/// A DirectoryString (RFC 5280 §4.1.2.4) as text.
fn directory_string(tag: u8, value: &[u8]) -> Result<String, Malformed> {
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;
    const IA5: u8 = 0x16;
    const BMP: u8 = 0x1e;
    match tag {
        UTF8 | PRINTABLE | IA5 => {
            core::str::from_utf8(value).map(str::to_owned).map_err(|_| malformed("the subject CN is not valid UTF-8"))
        }
        BMP => {
            if value.len() % 2 != 0 {
                return Err(malformed("the subject CN is a BMPString of odd length"));
            }
            let units = value.chunks_exact(2).map(|p| p.iter().fold(0u16, |u, b| (u << 8) | u16::from(*b)));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map_err(|_| malformed("the subject CN is not valid UTF-16"))
        }
        _ => Err(malformed("the subject CN is not a UTF8, printable, IA5 or BMP string")),
    }
}

/// The key of a SubjectPublicKeyInfo.
fn public_key(spki: &[u8]) -> Result<CertificateKey, Malformed> {
    let mut spki = Der(spki);
    let mut algorithm = Der(spki.expect(SEQUENCE, "the key's algorithm is not an AlgorithmIdentifier")?);
    let oid = algorithm.expect(OID, "the key's algorithm is not an OID")?;
    let key = spki.expect(BIT_STRING, "subjectPublicKey is not a BIT STRING")?;
    match oid {
        OID_RSA => {
            let (&unused, key) = key.split_first().ok_or(malformed("subjectPublicKey is empty"))?;
            if unused != 0 {
                return Err(malformed("an RSA key's BIT STRING has unused bits"));
            }
            let mut rsa = Der(Der(key).expect(SEQUENCE, "an RSA key is not an RSAPublicKey")?);
            let modulus = rsa.expect(INTEGER, "an RSA modulus is not an INTEGER")?;
            Ok(CertificateKey::Rsa { bits: bits(modulus)? })
        }
        OID_EC => {
            let curve = algorithm.expect(OID, "an EC key's curve is not a named curve")?;
            match CURVES.iter().find(|(c, _)| *c == curve) {
                Some((_, group)) => Ok(CertificateKey::Ecdsa { curve: *group }),
                None => Ok(CertificateKey::Other { oid: dotted(curve)? }),
            }
        }
        OID_ED25519 => Ok(CertificateKey::Ed25519),
        other => Ok(CertificateKey::Other { oid: dotted(other)? }),
    }
}

/// The bit length of a non-negative INTEGER's contents.
pub(crate) fn bits(integer: &[u8]) -> Result<u32, Malformed> {
    let Some(start) = integer.iter().position(|b| *b != 0) else { return Ok(0) };
    let significant = integer.get(start..).unwrap_or_default();
    let bytes = u32::try_from(significant.len()).map_err(|_| malformed("an RSA modulus is too long"))?;
    let lead = significant.first().map_or(0, |b| b.leading_zeros());
    bytes.checked_mul(8).map(|b| b - lead).ok_or(malformed("an RSA modulus is too long"))
}

/// An OID's contents in dotted form (X.690 §8.19).
pub(crate) fn dotted(oid: &[u8]) -> Result<String, Malformed> {
    if oid.is_empty() || oid.len() > MAX_OID {
        return Err(malformed("an OID is empty or longer than 64 bytes"));
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut arc = 0u64;
    for (i, byte) in oid.iter().enumerate() {
        arc = arc.checked_mul(128).ok_or(malformed("an OID arc exceeds 64 bits"))? | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            arcs.push(arc);
            arc = 0;
        } else if i + 1 == oid.len() {
            return Err(malformed("an OID ends inside an arc"));
        }
    }
    let mut text = String::new();
    for (i, arc) in arcs.iter().enumerate() {
        if i == 0 {
            let (x, y) = match *arc {
                a if a < 40 => (0, a),
                a if a < 80 => (1, a - 40),
                a => (2, a - 80),
            };
            text.push_str(&format!("{x}.{y}"));
        } else {
            text.push_str(&format!(".{arc}"));
        }
    }
    Ok(text)
}
