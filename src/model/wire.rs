//! What the wire-value newtypes (`ProtocolVersion`, `CipherSuite`, `NamedGroup`,
//! `SignatureScheme`) share: a `u16` in and out, GREASE recognition, serde through their text
//! form, and the `Display`/`Debug` convention.

use crate::model::error::{ParseError, Registry};

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
                crate::model::version::is_grease_u16(self.0)
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
