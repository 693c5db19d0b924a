//! What every registry shares, below them all: the wire-value newtypes' conventions
//! (`ProtocolVersion`, `CipherSuite`, `NamedGroup`, `SignatureScheme`: a `u16` in and out,
//! GREASE recognition, serde through their text form, the `Display`/`Debug` convention, `0x`
//! codes), the IANA "Recommended" column, and the hash functions named by suites and schemes.

use core::fmt;

use crate::model::error::{ParseError, Registry};

/// RFC 8701 §2: GREASE values are `0x0A0A`, `0x1A1A`, ... `0xFAFA`.
pub(crate) const fn is_grease_u16(v: u16) -> bool {
    let [hi, lo] = v.to_be_bytes();
    hi == lo && lo & 0x0F == 0x0A
}

/// `u16` conversions, `is_grease`, and serde through `Display` / `FromStr`.
macro_rules! wire_value {
    ($ty:ident) => {
        impl $ty {
            /// The value with this wire code.
            ///
            /// ```
            #[doc = concat!("use tls_policy::", stringify!($ty), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_u16(0x0303), ", stringify!($ty), "::from(0x0303));")]
            /// ```
            pub const fn from_u16(value: u16) -> Self {
                Self(value)
            }

            /// The wire code.
            ///
            /// ```
            #[doc = concat!("use tls_policy::", stringify!($ty), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_u16(0xC02F).get(), 0xC02F);")]
            /// ```
            pub const fn get(self) -> u16 {
                self.0
            }

            /// Whether this is a GREASE value (RFC 8701 §2: `0x?A?A`, both bytes equal).
            ///
            /// ```
            #[doc = concat!("use tls_policy::", stringify!($ty), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($ty), "::from_u16(0x7A7A).is_grease());")]
            #[doc = concat!("assert!(!", stringify!($ty), "::from_u16(0x7A7B).is_grease());")]
            /// ```
            pub const fn is_grease(self) -> bool {
                crate::model::registry::is_grease_u16(self.0)
            }
        }

        impl From<u16> for $ty {
            fn from(value: u16) -> Self {
                Self(value)
            }
        }

        impl From<$ty> for u16 {
            fn from(value: $ty) -> Self {
                value.0
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::model::error::deserialize_from_str(d)
            }
        }
    };
}

/// `Display` as the registry name or the code (`0x1A1A`, which parses back), and `Debug` as
/// `name(0xC02F)`, `GREASE(0x1A1A)` or `Type(0x7777)`.
macro_rules! wire_names {
    ($ty:ident, $name:ident) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.$name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "0x{:04X}", self.0),
                }
            }
        }

        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.$name() {
                    Some(name) => write!(f, "{name}(0x{:04X})", self.0),
                    None if self.is_grease() => write!(f, "GREASE(0x{:04X})", self.0),
                    None => write!(f, concat!(stringify!($ty), "(0x{:04X})"), self.0),
                }
            }
        }
    };
}

pub(crate) use {wire_names, wire_value};

/// `Some` when `input` is a `0x` code: its value, or what a well-formed code looks like.
pub(crate) fn parse_prefixed_hex(input: &str, registry: Registry) -> Option<Result<u16, ParseError>> {
    let hex = input.strip_prefix("0x").or_else(|| input.strip_prefix("0X"))?;
    Some(crate::model::error::parse_hex_u16(hex).map_err(|expected| ParseError::BadHex {
        registry,
        input: input.to_owned(),
        expected,
    }))
}

/// Reads a registry value from text: a `0x` code, or one of `names` (ASCII case ignored),
/// with the nearest name suggested when none matches.
pub(crate) fn parse_name_or_code<T: Copy + From<u16>>(
    s: &str,
    registry: Registry,
    names: impl Iterator<Item = (&'static str, T)> + Clone,
) -> Result<T, ParseError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(ParseError::Empty { registry });
    }
    if let Some(code) = parse_prefixed_hex(input, registry) {
        return code.map(T::from);
    }
    names.clone().find(|(name, _)| name.eq_ignore_ascii_case(input)).map(|(_, v)| v).ok_or_else(|| {
        ParseError::Unknown {
            registry,
            input: input.to_owned(),
            suggestion: crate::model::error::nearest(input, names.map(|(name, _)| name)),
        }
    })
}

/// Implements `Display` with the given labels (the name a person reads in a table).
macro_rules! labels {
    ($ty:ident { $first:ident => $first_label:literal $(, $variant:ident => $label:literal)* $(,)? }) => {
        labels!(@impl $ty, $first, $first_label { $first => $first_label $(, $variant => $label)* });
    };
    (@impl $ty:ident, $first:ident, $first_label:literal { $($variant:ident => $label:literal),+ }) => {
        impl $ty {
            /// The label printed in tables (`ECDHE`, `AES-GCM`, ...), as `Display` writes it.
            ///
            /// ```
            #[doc = concat!("use tls_policy::", stringify!($ty), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($first), ".label(), ", stringify!($first_label), ");")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($first), ".to_string(), ", stringify!($first_label), ");")]
            /// ```
            pub const fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use labels;

/// A hash function, as named at the end of a suite name.
///
/// ```
/// use tls_policy::{CipherSuite, Hash};
///
/// assert_eq!(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA.info().map(|i| i.hash()), Some(Hash::Sha1));
/// assert_eq!(Hash::Sha384.to_string(), "SHA384");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hash {
    /// None (TLS_NULL_WITH_NULL_NULL).
    Null,
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224 (only in RFC 5246 signature pairs).
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SM3.
    Sm3,
    /// Streebog-256 (GOST R 34.11-2012).
    Streebog256,
    /// Streebog-512 (GOST R 34.11-2012; only in signature schemes).
    Streebog512,
    /// Ascon-Hash256.
    AsconHash256,
}

labels!(Hash {
    Null => "NULL", Md5 => "MD5", Sha1 => "SHA1", Sha224 => "SHA224", Sha256 => "SHA256", Sha384 => "SHA384",
    Sha512 => "SHA512", Sm3 => "SM3", Streebog256 => "Streebog256", Streebog512 => "Streebog512", AsconHash256 => "Ascon-Hash256",
});

/// The IANA "Recommended" column (RFC 8447 §5 and RFC 9847).
///
/// ```
/// use tls_policy::{CipherSuite, Recommended};
///
/// let cbc = CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA.info().expect("registered");
/// assert_ne!(cbc.recommended(), Recommended::Yes);
/// assert_eq!(Recommended::Discouraged.to_string(), "D");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Recommended {
    /// "Y": vetted and recommended by the IETF.
    Yes,
    /// "N" (or empty): not evaluated, or of limited applicability.
    No,
    /// "D": discouraged; must not be used in new deployments.
    Discouraged,
}

labels!(Recommended { Yes => "Y", No => "N", Discouraged => "D" });
