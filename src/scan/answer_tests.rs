#![allow(clippy::unwrap_used)]

use super::*;
use crate::model::x509::CertificateKey;
use crate::scan::outcome::*;
use crate::{Alert, CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

/// A handshake message of this type and body.
fn message(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).unwrap().to_be_bytes();
    let mut m = vec![msg_type, len[1], len[2], len[3]];
    m.extend_from_slice(body);
    m
}

/// One record of this type holding `payload`.
fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len()).unwrap().to_be_bytes();
    let mut r = vec![content_type, 3, 3, len[0], len[1]];
    r.extend_from_slice(payload);
    r
}

fn server_hello(random: [u8; 32], suite: u16, extensions: &[u8]) -> Vec<u8> {
    let mut body = vec![3, 3];
    body.extend(random);
    body.push(0);
    body.extend(suite.to_be_bytes());
    body.push(0);
    if !extensions.is_empty() {
        body.extend(u16::try_from(extensions.len()).unwrap().to_be_bytes());
        body.extend_from_slice(extensions);
    }
    message(2, &body)
}

fn tls12_flight() -> Vec<u8> {
    let mut flight = server_hello([7; 32], 0xC02F, &[0xFF, 0x01, 0, 1, 0]);
    // ServerKeyExchange: named_curve secp384r1, a 3-byte point, rsa_pss_rsae_sha256, a signature.
    flight.extend(message(12, &[3, 0, 24, 3, 4, 1, 2, 0x08, 0x04, 0, 2, 0xAB, 0xCD]));
    flight.extend(message(14, &[]));
    record(22, &flight)
}

#[test]
fn a_tls12_flight_gives_the_group_and_scheme() {
    let Answer::Hello(hello) = ServerAnswer::parse(&tls12_flight()).unwrap() else { panic!() };
    assert_eq!(hello.version, ProtocolVersion::TLSv1_2);
    assert_eq!(hello.suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    assert_eq!(hello.group, Some(NamedGroup::secp384r1));
    assert_eq!(hello.signature_scheme, Some(SignatureScheme::rsa_pss_rsae_sha256));
    assert_eq!(hello.certificate, None);
}

#[test]
fn byte_at_a_time_gives_the_same_answer() {
    let bytes = tls12_flight();
    let mut answer = ServerAnswer::new();
    let mut last = None;
    for b in &bytes {
        last = answer.feed(core::slice::from_ref(b)).unwrap();
    }
    assert_eq!(last, Some(ServerAnswer::parse(&bytes).unwrap()));
    assert_eq!(answer.read(), bytes.len());
}

#[test]
fn a_hello_split_across_records_is_joined() {
    let bytes = tls12_flight();
    let payload = &bytes[5..];
    let mut split = record(22, &payload[..3]);
    split.extend(record(22, &payload[3..50]));
    split.extend(record(22, &payload[50..]));
    assert_eq!(ServerAnswer::parse(&split), ServerAnswer::parse(&bytes));
}

#[test]
fn a_hello_retry_request_is_recognised_by_its_random() {
    let hrr =
        server_hello(super::super::messages::HELLO_RETRY_RANDOM, 0x1301, &[0, 43, 0, 2, 3, 4, 0, 51, 0, 2, 0, 23]);
    let Answer::HelloRetry(retry) = ServerAnswer::parse(&record(22, &hrr)).unwrap() else { panic!() };
    assert_eq!(
        (retry.version, retry.group, retry.cookie),
        (ProtocolVersion::TLSv1_3, Some(NamedGroup::secp256r1), false)
    );
}

#[test]
fn an_alert_after_the_hello_keeps_the_hello() {
    let mut bytes = record(22, &server_hello([1; 32], 0x009E, &[]));
    bytes.extend(record(21, &[2, 40]));
    let Answer::Alert(alert) = ServerAnswer::parse(&bytes).unwrap() else { panic!() };
    assert_eq!(alert.alert(), Some(Alert::HandshakeFailure));
    assert_eq!(alert.hello.map(|h| h.suite), Some(CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256));
}

#[test]
fn a_dhe_key_exchange_gives_the_prime_size() {
    let mut flight = server_hello([1; 32], 0x009E, &[]);
    let mut ske = vec![1, 0];
    ske.push(0x80);
    ske.extend([0xFF; 255]);
    ske.extend([0, 1, 2, 0, 1, 9]);
    flight.extend(message(12, &ske));
    flight.extend(message(14, &[]));
    let Answer::Hello(hello) = ServerAnswer::parse(&record(22, &flight)).unwrap() else { panic!() };
    assert_eq!((hello.dh_bits, hello.group), (Some(2048), None));
}

#[test]
fn garbage_is_refused_with_its_offset_and_byte() {
    assert_eq!(ServerAnswer::parse(b"\x00garbage"), Err(AnswerError::NotTls { offset: 0, byte: 0 }));
    assert_eq!(
        ServerAnswer::parse(&[22, 4, 0, 0, 1, 0]),
        Err(AnswerError::BadRecordVersion { offset: 1, version: 0x0400 })
    );
    assert_eq!(
        ServerAnswer::parse(&[22, 3, 3, 0x48, 0x01]),
        Err(AnswerError::BadRecordLength { offset: 3, length: 0x4801 })
    );
    assert_eq!(ServerAnswer::parse(&[20, 3, 3, 0, 1, 1]), Err(AnswerError::Unexpected { offset: 0, content_type: 20 }));
    let big = [22, 3, 3, 0, 4, 2, 1, 0, 1];
    assert!(matches!(ServerAnswer::parse(&big), Err(AnswerError::MessageTooLong { offset: 5, length: 65537, .. })));
    let certificate_first = record(22, &message(11, &[0, 0, 0]));
    assert!(matches!(
        ServerAnswer::parse(&certificate_first),
        Err(AnswerError::UnexpectedMessage { offset: 5, msg_type: 11, .. })
    ));
    let short = record(22, &message(2, &[3, 3, 1]));
    let error = ServerAnswer::parse(&short).unwrap_err();
    assert!(
        error.to_string().starts_with("the ServerHello is malformed: truncated at byte 12: random needs 31"),
        "{error}"
    );
}

#[test]
fn a_bad_certificate_is_refused_where_it_starts() {
    let mut flight = server_hello([1; 32], 0x002F, &[]);
    flight.extend(message(11, &[0, 0, 5, 0, 0, 2, 0x30, 0x05]));
    let bytes = record(22, &flight);
    let at = 5 + 42 + 4 + 6;
    assert!(matches!(ServerAnswer::parse(&bytes), Err(AnswerError::Certificate { offset, .. }) if offset == at));
}

#[test]
fn the_certificate_key_and_chain_are_read() {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, "server");
    let der = params.self_signed(&key).unwrap().der().to_vec();
    let mut list: Vec<u8> = Vec::new();
    for _ in 0..2 {
        list.extend(&u32::try_from(der.len()).unwrap().to_be_bytes()[1..]);
        list.extend(&der);
    }
    let mut body = u32::try_from(list.len()).unwrap().to_be_bytes()[1..].to_vec();
    body.extend(list);
    let mut flight = server_hello([1; 32], 0xC02C, &[]);
    flight.extend(message(11, &body));
    flight.extend(message(14, &[]));
    let Answer::Hello(hello) = ServerAnswer::parse(&record(22, &flight)).unwrap() else { panic!() };
    let certificate = hello.certificate.unwrap();
    assert_eq!(certificate.key, CertificateKey::Ecdsa { curve: NamedGroup::secp384r1 });
    assert_eq!((certificate.common_name.as_deref(), certificate.chain), (Some("server"), 2));
}

#[test]
fn http_is_recognised_in_pieces_and_closing_gives_what_was_read() {
    let mut answer = ServerAnswer::new();
    assert_eq!(answer.feed(b"HT"), Ok(None));
    assert_eq!(answer.feed(b"TP/1.0 400 Bad Request\r\n"), Err(AnswerError::Http));
    let mut tls12 = ServerAnswer::new();
    let mut flight = record(22, &server_hello([7; 32], 0xC02F, &[]));
    let first = flight.len();
    flight.extend(record(22, &message(14, &[])));
    tls12.feed(&flight[..first + 3]).unwrap();
    let Ok(Answer::Closed { read, hello: Some(hello) }) = tls12.finish() else { panic!() };
    assert_eq!(read, first + 3);
    assert_eq!((hello.suite, hello.group), (CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, None));
}
