//! The DER walker on arbitrary bytes and on rcgen-made certificates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use proptest::prelude::*;

use super::{DeviceIdentity, DeviceKey, IdentityError, dotted};
use crate::NamedGroup;

fn certificate(key: &rcgen::KeyPair, cn: Option<&str>) -> Vec<u8> {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(rcgen::DnType::OrganizationName, "Contoso");
    if let Some(cn) = cn {
        params.distinguished_name.push(rcgen::DnType::CommonName, cn);
    }
    params.self_signed(key).unwrap().der().to_vec()
}

/// The three key types, each generated once (RSA generation is slow).
fn keys() -> &'static [(&'static rcgen::SignatureAlgorithm, rcgen::KeyPair, DeviceKey); 3] {
    static KEYS: OnceLock<[(&'static rcgen::SignatureAlgorithm, rcgen::KeyPair, DeviceKey); 3]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let make =
            |alg: &'static rcgen::SignatureAlgorithm, key| (alg, rcgen::KeyPair::generate_for(alg).unwrap(), key);
        [
            make(&rcgen::PKCS_RSA_SHA256, DeviceKey::Rsa { bits: 2048 }),
            make(&rcgen::PKCS_ECDSA_P256_SHA256, DeviceKey::Ecdsa { curve: NamedGroup::secp256r1 }),
            make(&rcgen::PKCS_ECDSA_P384_SHA384, DeviceKey::Ecdsa { curve: NamedGroup::secp384r1 }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = DeviceIdentity::from_der(&bytes);
    }

    #[test]
    fn mutated_certificates_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let (_, key, _) = &keys()[1];
        let mut der = certificate(key, Some("device-01"));
        let i = at.index(der.len());
        der[i] = byte;
        let _ = DeviceIdentity::from_der(&der);
        let _ = DeviceIdentity::from_der(&der[..cut.index(der.len())]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn common_name_and_key_round_trip(which in 0usize..3, cn in proptest::option::of("[ -~\u{e9}\u{4e2d}]{1,64}")) {
        let (_, key, expected) = &keys()[which];
        let device = DeviceIdentity::from_der(&certificate(key, cn.as_deref())).unwrap();
        prop_assert_eq!(device.common_name, cn);
        prop_assert_eq!(&device.key, expected);
    }
}

#[test]
fn a_16_kib_subject_is_read_or_refused_without_panic() {
    let (_, key, _) = &keys()[1];
    let long = "d".repeat(16 * 1024);
    match DeviceIdentity::from_der(&certificate(key, Some(&long))) {
        Ok(device) => assert_eq!(device.common_name.map(|c| c.len()), Some(long.len())),
        Err(e) => assert!(matches!(e, IdentityError::Malformed { .. })),
    }
}

#[test]
fn ed25519_and_unknown_keys_are_named() {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let device = DeviceIdentity::from_der(&certificate(&key, None)).unwrap();
    assert_eq!(device.key, DeviceKey::Ed25519);
    assert_eq!(device.to_string(), "(no CN) Ed25519");
    assert_eq!(dotted(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01]).unwrap(), "1.2.840.10045.3.1.1");
    assert_eq!(dotted(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3");
    assert!(dotted(&[0x81]).is_err());
    assert!(dotted(&[0xff; 12]).is_err());
}

#[test]
fn display_escapes_control_characters() {
    let device = DeviceIdentity { common_name: Some("a\nb".into()), key: DeviceKey::Rsa { bits: 2048 } };
    assert_eq!(device.to_string(), "CN=a\\nb RSA 2048");
}
