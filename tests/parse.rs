//! Every name form parses back to its value, and no string makes a parser panic.

use proptest::prelude::*;
use tls_policy::{
    Catalog, CipherSuite, NamedGroup, ParseError, ProtocolVersion, SignatureScheme, SuiteClass, SuiteEntry,
};

#[test]
fn every_suite_parses_from_every_name_form() {
    for info in CipherSuite::all() {
        let suite = info.suite();
        let code = u16::from(suite);
        let [hi, lo] = code.to_be_bytes();
        let mut forms = vec![
            info.iana().to_owned(),
            info.iana().to_ascii_lowercase(),
            info.schannel().to_owned(),
            suite.to_string(),
            format!("0x{code:04X}"),
            format!("0x{code:04x}"),
            format!("{code:04X}"),
            format!("0x{hi:02X},0x{lo:02X}"),
            format!("0x{hi:02X}, 0x{lo:02X}"),
            format!("  {}  ", info.iana()),
        ];
        forms.extend(info.openssl().map(str::to_owned));
        for form in forms {
            assert_eq!(form.parse::<CipherSuite>(), Ok(suite), "{form:?}");
            assert_eq!(form.parse::<SuiteEntry>(), Ok(SuiteEntry::new(suite)), "{form:?}");
        }
    }
}

#[test]
fn every_u16_round_trips_through_display() {
    for code in 0..=u16::MAX {
        let suite = CipherSuite::from(code);
        assert_eq!(suite.to_string().parse::<CipherSuite>(), Ok(suite), "0x{code:04X}");
        let group = NamedGroup::from(code);
        assert_eq!(group.to_string().parse::<NamedGroup>(), Ok(group), "0x{code:04X}");
        let scheme = SignatureScheme::from(code);
        assert_eq!(scheme.to_string().parse::<SignatureScheme>(), Ok(scheme), "0x{code:04X}");
        let version = ProtocolVersion::from(code);
        assert_eq!(version.to_string().parse::<ProtocolVersion>(), Ok(version), "0x{code:04X}");
        // GREASE is recognised wherever it can appear.
        let grease = code.to_be_bytes()[0] == code.to_be_bytes()[1] && code & 0x0F == 0x0A;
        assert_eq!(suite.class() == SuiteClass::Grease, grease, "0x{code:04X}");
        assert_eq!(group.is_grease() && version.is_grease() && scheme.is_grease(), grease);
    }
}

#[test]
fn schannel_curve_forms_round_trip_for_every_ecdhe_suite() {
    let curves = [NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1];
    for info in CipherSuite::all().filter(|i| i.kx().is_elliptic_curve()) {
        for group in curves {
            let entry = SuiteEntry::with_group(info.suite(), group);
            let name = entry.to_string();
            assert_eq!(name.parse::<SuiteEntry>(), Ok(entry), "{name}");
            assert!(matches!(name.parse::<CipherSuite>(), Err(ParseError::GroupConstraint { .. })), "{name}");
        }
    }
}

#[test]
fn every_group_and_scheme_parses_from_its_name() {
    for g in NamedGroup::all() {
        assert_eq!(g.name().parse::<NamedGroup>(), Ok(g.group()));
    }
    for s in SignatureScheme::all() {
        assert_eq!(s.name().parse::<SignatureScheme>(), Ok(s.scheme()));
    }
}

#[test]
fn errors_quote_the_input_and_suggest() {
    let err = "ECDHE-RSA-AES128-GCM-SHA265".parse::<CipherSuite>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown cipher suite \"ECDHE-RSA-AES128-GCM-SHA265\" (did you mean ECDHE-RSA-AES128-GCM-SHA256?)"
    );
    let err = "".parse::<CipherSuite>().unwrap_err();
    assert_eq!(err.to_string(), "empty cipher suite: expected a name or a hex code such as 0xC02F");
    let err = "0xC0,0xZZ".parse::<CipherSuite>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed cipher suite code \"0xC0,0xZZ\": expected two bytes separated by a comma, such as 0xC0,0x2F"
    );
    let err = "0xC0".parse::<CipherSuite>().unwrap_err();
    assert!(err.to_string().contains("four hex digits"), "{err}");
    let err = "secp265r1".parse::<NamedGroup>().unwrap_err();
    assert!(err.to_string().contains("did you mean secp256r1?"), "{err}");
    let err = "TLS 1.4".parse::<ProtocolVersion>().unwrap_err();
    assert!(err.to_string().starts_with("unknown protocol version \"TLS 1.4\""), "{err}");
    assert!("nothing like a name at all".parse::<CipherSuite>().unwrap_err().to_string().ends_with('"'));
}

fn any_name() -> impl Strategy<Value = String> {
    let names: Vec<String> =
        CipherSuite::all().flat_map(|i| [Some(i.iana()), i.openssl()]).flatten().map(str::to_owned).collect();
    prop::sample::select(names)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn no_string_makes_a_parser_panic(s in "\\PC*") {
        let _ = s.parse::<CipherSuite>();
        let _ = s.parse::<SuiteEntry>();
        let _ = s.parse::<NamedGroup>();
        let _ = s.parse::<SignatureScheme>();
        let _ = s.parse::<ProtocolVersion>();
        let _ = Catalog::find(&s);
    }

    #[test]
    fn no_bytes_make_a_parser_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = s.parse::<CipherSuite>();
        let _ = s.parse::<SuiteEntry>();
        let _ = s.parse::<ProtocolVersion>();
    }

    /// Near misses of real names (a character changed, dropped, doubled, a suffix added) never
    /// panic, and when they fail the error quotes the input.
    #[test]
    fn near_misses_fail_cleanly(name in any_name(), at in any::<prop::sample::Index>(), c in any::<char>(), op in 0..4u8) {
        let chars: Vec<char> = name.chars().collect();
        let i = at.index(chars.len());
        let mut mutated = chars.clone();
        match op {
            0 => mutated[i] = c,
            1 => { mutated.remove(i); }
            2 => mutated.insert(i, chars[i]),
            _ => mutated.extend("_P384+x25519".chars()),
        }
        let mutated: String = mutated.into_iter().collect();
        for result in [mutated.parse::<CipherSuite>().map(|_| ()), mutated.parse::<SuiteEntry>().map(|_| ())] {
            if let Err(e) = result {
                let shown = e.to_string();
                // The message quotes the input, or the part of `SUITE+group` that failed.
                let quoted = std::iter::once(mutated.as_str())
                    .chain(mutated.rsplit_once('+').into_iter().flat_map(|(a, b)| [a, b]))
                    .any(|part| shown.contains(&format!("{:?}", part.trim())));
                prop_assert!(quoted || matches!(e, ParseError::Empty { .. }), "{shown}");
            }
        }
    }
}
