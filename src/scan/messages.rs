//! The server's handshake messages: ServerHello (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3),
//! Certificate (RFC 5246 §7.4.2), ServerKeyExchange (RFC 8422 §5.4, RFC 5246 §7.4.3),
//! CertificateRequest and ServerHelloDone.

use crate::hello::HelloError;
use crate::hello::reader::Reader;
use crate::model::suite::KeyExchange;
use crate::model::version::ProtocolVersion;
use crate::model::x509;

use super::outcome::{Answer, AnswerError, HelloRetry, ServerCertificate, ServerHelloInfo};

/// Handshake types (RFC 8446 §4, RFC 5246 §7.4).
const SERVER_HELLO: u8 = 2;
const CERTIFICATE: u8 = 11;
const SERVER_KEY_EXCHANGE: u8 = 12;
const CERTIFICATE_REQUEST: u8 = 13;
const SERVER_HELLO_DONE: u8 = 14;

/// Extension types in a ServerHello.
const SUPPORTED_VERSIONS: u16 = 43;
const COOKIE: u16 = 44;
const KEY_SHARE: u16 = 51;

/// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is
/// SHA-256("HelloRetryRequest").
pub(super) const HELLO_RETRY_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11,
    0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

/// ECParameters.curve_type `named_curve` (RFC 8422 §5.4).
const NAMED_CURVE: u8 = 3;

/// What the handshake has said so far.
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    pub(super) hello: Option<ServerHelloInfo>,
}

/// One whole handshake message: its type, its input offset, a reader over its body.
pub(super) struct Message<'a, 'm> {
    pub(super) msg_type: u8,
    pub(super) offset: usize,
    pub(super) reader: Reader<'a, 'm>,
}

/// Reads a message into `state`; the answer, once it is complete.
pub(super) fn read(message: Message<'_, '_>, state: &mut State) -> Result<Option<Answer>, AnswerError> {
    let Message { msg_type, offset, mut reader } = message;
    let Some(hello) = state.hello.as_mut() else {
        if msg_type != SERVER_HELLO {
            return Err(AnswerError::UnexpectedMessage { offset, msg_type, expected: "ServerHello" });
        }
        return match server_hello(&mut reader).map_err(malformed("ServerHello"))? {
            Hello::Retry(retry) => Ok(Some(Answer::HelloRetry(retry))),
            Hello::Tls13(hello) => Ok(Some(Answer::Hello(hello))),
            Hello::Tls12(hello) => {
                state.hello = Some(hello);
                Ok(None)
            }
        };
    };
    match msg_type {
        CERTIFICATE => hello.certificate = certificate(&mut reader)?,
        SERVER_KEY_EXCHANGE => key_exchange(&mut reader, hello).map_err(malformed("ServerKeyExchange"))?,
        CERTIFICATE_REQUEST => hello.certificate_requested = true,
        SERVER_HELLO_DONE => return Ok(state.hello.take().map(Answer::Hello)),
        SERVER_HELLO => {
            return Err(AnswerError::UnexpectedMessage { offset, msg_type, expected: "no second ServerHello" });
        }
        // CertificateStatus and the rest say nothing this reader reports.
        _ => {}
    }
    Ok(None)
}

fn malformed(message: &'static str) -> impl Fn(HelloError) -> AnswerError {
    move |error| AnswerError::Malformed { message, error }
}

enum Hello {
    Retry(HelloRetry),
    Tls13(ServerHelloInfo),
    Tls12(ServerHelloInfo),
}

fn server_hello(r: &mut Reader<'_, '_>) -> Result<Hello, HelloError> {
    let legacy_version = ProtocolVersion::from(r.u16("legacy_version")?);
    let random = r.take(32, "random")?;
    r.vector(1, "legacy_session_id_echo", 0, 32, false)?;
    let suite = r.u16("cipher_suite")?.into();
    let compression = r.u8("legacy_compression_method")?;
    let (mut selected, mut group, mut cookie) = (None, None, false);
    // RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may end without extensions.
    if !r.done() {
        let all = r.vector(2, "extensions", 0, 0xFFFF, false)?;
        let mut e = r.sub(all, r.base + r.at - all.len());
        while !e.done() {
            let ty = e.u16("extension_type")?;
            let data = e.vector(2, "extension_data", 0, 0xFFFF, false)?;
            let mut d = e.sub(data, e.base + e.at - data.len());
            match ty {
                SUPPORTED_VERSIONS => selected = Some(ProtocolVersion::from(d.u16("selected_version")?)),
                // A ServerHello's KeyShareEntry and a HelloRetryRequest's selected_group both
                // start with the group.
                KEY_SHARE => group = Some(d.u16("key_share group")?.into()),
                COOKIE => cookie = true,
                _ => {}
            }
        }
        if !r.done() {
            return Err(r.bad_length(
                r.at,
                "ServerHello",
                r.bytes.len(),
                "the end of its extensions (bytes left over)",
            ));
        }
    }
    let version = selected.unwrap_or(legacy_version);
    if random == HELLO_RETRY_RANDOM {
        return Ok(Hello::Retry(HelloRetry { version, suite, group, cookie }));
    }
    let tls13 = selected.is_some();
    let info = ServerHelloInfo {
        legacy_version,
        version,
        suite,
        compression,
        group: group.filter(|_| tls13),
        dh_bits: None,
        signature_scheme: None,
        certificate: None,
        certificate_requested: false,
    };
    Ok(if tls13 { Hello::Tls13(info) } else { Hello::Tls12(info) })
}

/// A 24-bit length.
fn u24(r: &mut Reader<'_, '_>, what: &'static str) -> Result<usize, HelloError> {
    let b = r.take(3, what)?;
    Ok(b.iter().fold(0, |n, d| n << 8 | usize::from(*d)))
}

/// The Certificate message (RFC 5246 §7.4.2): `ASN.1Cert certificate_list<0..2^24-1>`, the
/// sender's first.
fn certificate(r: &mut Reader<'_, '_>) -> Result<Option<ServerCertificate>, AnswerError> {
    let (chain, first) = certificate_list(r).map_err(malformed("Certificate"))?;
    let Some((offset, der)) = first else { return Ok(None) };
    let (common_name, key) =
        x509::subject_and_key(der).map_err(|x509::Malformed(what)| AnswerError::Certificate { offset, what })?;
    Ok(Some(ServerCertificate { key, common_name, chain }))
}

/// The first certificate of a list, with its input offset.
type First<'a> = Option<(usize, &'a [u8])>;

/// How many certificates the list holds, and the first.
fn certificate_list<'a>(r: &mut Reader<'a, '_>) -> Result<(usize, First<'a>), HelloError> {
    let length = u24(r, "certificate_list")?;
    let list = r.take(length, "certificate_list")?;
    let mut l = r.sub(list, r.base + r.at - list.len());
    let (mut chain, mut first) = (0, None);
    while !l.done() {
        let length = u24(&mut l, "ASN.1Cert")?;
        let at = l.offset(l.at);
        let der = l.take(length, "ASN.1Cert")?;
        first = first.or(Some((at, der)));
        chain += 1;
    }
    Ok((chain, first))
}

/// The ServerKeyExchange of an ECDHE or DHE suite: the group or the prime's size, and in TLS
/// 1.2 the signature scheme (anonymous suites sign nothing).
fn key_exchange(r: &mut Reader<'_, '_>, hello: &mut ServerHelloInfo) -> Result<(), HelloError> {
    match hello.suite.info().map(|i| i.kx) {
        Some(KeyExchange::Ecdhe) => {
            let at = r.at;
            if r.u8("curve_type")? == NAMED_CURVE {
                hello.group = Some(r.u16("namedcurve")?.into());
                r.vector(1, "ECPoint", 1, 0xFF, false)?;
            } else {
                // Explicit curves (deprecated by RFC 8422 §5.1.1): nothing to name.
                r.at = at;
                return Ok(());
            }
        }
        Some(KeyExchange::Dhe) => {
            let p = r.vector(2, "dh_p", 1, 0xFFFF, false)?;
            hello.dh_bits = x509::bits(p).ok();
            r.vector(2, "dh_g", 1, 0xFFFF, false)?;
            r.vector(2, "dh_Ys", 1, 0xFFFF, false)?;
        }
        _ => return Ok(()),
    }
    if hello.version == ProtocolVersion::TLSv1_2 && r.bytes.len().saturating_sub(r.at) >= 2 {
        hello.signature_scheme = Some(r.u16("SignatureAndHashAlgorithm")?.into());
    }
    Ok(())
}
