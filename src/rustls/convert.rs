//! Conversions between the crate's registry values and rustls's, so that nobody goes
//! through `u16`.
//!
//! Both sides are total over the 16-bit code space (the crate's types are wire codes with
//! registry data; rustls's enums keep every other code in `Unknown(u16)`), so every
//! conversion is a [`From`] and a round trip gives the same code back. A code rustls names
//! comes back as its named variant, not as `Unknown`.
//!
//! ```
//! use tls_policy::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};
//!
//! let suite = rustls::CipherSuite::from(CipherSuite::TLS_AES_128_GCM_SHA256);
//! assert_eq!(suite, rustls::CipherSuite::TLS13_AES_128_GCM_SHA256);
//! assert_eq!(CipherSuite::from(suite), CipherSuite::TLS_AES_128_GCM_SHA256);
//! assert_eq!(rustls::NamedGroup::from(NamedGroup::x25519), rustls::NamedGroup::X25519);
//! assert_eq!(SignatureScheme::from(rustls::SignatureScheme::ED25519), SignatureScheme::ed25519);
//! assert_eq!(rustls::ProtocolVersion::from(ProtocolVersion::TLSv1_3), rustls::ProtocolVersion::TLSv1_3);
//! ```

use crate::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

/// `From` both ways between one of the crate's wire-code types and rustls's enum for it.
macro_rules! both_ways {
    ($($ours:ident),+) => {$(
        impl From<$ours> for ::rustls::$ours {
            fn from(value: $ours) -> Self {
                Self::from(value.get())
            }
        }

        impl From<::rustls::$ours> for $ours {
            fn from(value: ::rustls::$ours) -> Self {
                Self::from_u16(u16::from(value))
            }
        }
    )+};
}

both_ways!(CipherSuite, NamedGroup, SignatureScheme, ProtocolVersion);

/// The suite a rustls provider implements, as the crate names it.
///
/// ```
/// use tls_policy::CipherSuite;
///
/// # #[cfg(any(feature = "aws-lc-rs", feature = "ring"))] {
/// let provider = tls_policy::rustls::default_provider();
/// let suites: Vec<CipherSuite> = provider.cipher_suites.iter().copied().map(CipherSuite::from).collect();
/// assert!(suites.contains(&CipherSuite::TLS_AES_128_GCM_SHA256));
/// # }
/// ```
impl From<::rustls::SupportedCipherSuite> for CipherSuite {
    fn from(value: ::rustls::SupportedCipherSuite) -> Self {
        Self::from(value.suite())
    }
}

/// The version a rustls config enables, as the crate names it.
///
/// ```
/// use tls_policy::ProtocolVersion;
///
/// assert_eq!(ProtocolVersion::from(&rustls::version::TLS12), ProtocolVersion::TLSv1_2);
/// ```
impl From<&::rustls::SupportedProtocolVersion> for ProtocolVersion {
    fn from(value: &::rustls::SupportedProtocolVersion) -> Self {
        Self::from(value.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every registry value goes to rustls and back unchanged, and keeps its code.
    fn round_trips<Ours, Theirs>(values: impl Iterator<Item = Ours>, code: impl Fn(Ours) -> u16)
    where
        Ours: Copy + PartialEq + core::fmt::Debug + From<Theirs>,
        Theirs: Copy + From<Ours> + Into<u16>,
    {
        let mut seen = 0;
        for ours in values {
            let theirs = Theirs::from(ours);
            assert_eq!(theirs.into(), code(ours), "{ours:?}");
            assert_eq!(Ours::from(theirs), ours);
            seen += 1;
        }
        assert!(seen > 0);
    }

    #[test]
    fn every_cipher_suite_round_trips() {
        round_trips::<_, ::rustls::CipherSuite>(CipherSuite::all().map(|i| i.suite()), CipherSuite::get);
    }

    #[test]
    fn every_named_group_round_trips() {
        round_trips::<_, ::rustls::NamedGroup>(NamedGroup::all().map(|i| i.group()), NamedGroup::get);
    }

    #[test]
    fn every_signature_scheme_round_trips() {
        round_trips::<_, ::rustls::SignatureScheme>(SignatureScheme::all().map(|i| i.scheme()), SignatureScheme::get);
    }

    #[test]
    fn every_protocol_version_round_trips() {
        round_trips::<_, ::rustls::ProtocolVersion>(ProtocolVersion::ALL.into_iter(), ProtocolVersion::get);
    }

    #[test]
    fn named_rustls_values_map_to_the_same_code() {
        assert_eq!(
            ::rustls::CipherSuite::from(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            ::rustls::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        );
        assert_eq!(::rustls::NamedGroup::from(NamedGroup::secp384r1), ::rustls::NamedGroup::secp384r1);
        assert_eq!(
            ::rustls::SignatureScheme::from(SignatureScheme::rsa_pss_rsae_sha256),
            ::rustls::SignatureScheme::RSA_PSS_SHA256
        );
        assert_eq!(::rustls::ProtocolVersion::from(ProtocolVersion::TLSv1_2), ::rustls::ProtocolVersion::TLSv1_2);
        assert_eq!(ProtocolVersion::from(&::rustls::version::TLS13), ProtocolVersion::TLSv1_3);
        // A code rustls does not name survives as Unknown and comes back.
        let grease = NamedGroup::from_u16(0x7A7A);
        assert_eq!(::rustls::NamedGroup::from(grease), ::rustls::NamedGroup::Unknown(0x7A7A));
        assert_eq!(NamedGroup::from(::rustls::NamedGroup::Unknown(0x7A7A)), grease);
    }
}
