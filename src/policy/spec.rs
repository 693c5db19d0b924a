//! The policy-file format's one model: the serde types a policy is written as and read from,
//! and the one conversion from them to a validated [`Policy`].
//!
//! Key names are the field names below, and value names (`server`, `none-shared`) are the
//! `strum` names on [`Preference`] and [`MissingGroups`]: serde, the position-keeping reader in
//! `import::files` and the CLI all take them from here ([`keys_of`], [`word`]).

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::*;

/// A policy as a file holds it: its settings, without the compiled tables. Reading one runs
/// the builder ([`PolicySpec::into_policy`]), so a policy file is validated as code-built
/// policies are, whichever reader fed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicySpec {
    pub(crate) id: String,
    // Written only when they say something, so a policy file reads as what its author chose.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) description: String,
    pub(crate) versions: VersionSet,
    pub(crate) entries: Vec<EntrySpec>,
    /// A policy file's default ([`files`](crate::import::files) documents it); always written.
    #[serde(default = "PolicySpec::default_groups")]
    pub(crate) groups: Vec<NamedGroup>,
    /// `None`: the recommended schemes, which is also what is left out when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signature_schemes: Option<Vec<SignatureScheme>>,
    #[serde(default)]
    pub(crate) preference: Preference,
    #[serde(default)]
    pub(crate) missing_groups: MissingGroups,
}

impl PolicySpec {
    /// The groups a file without the `groups` key gets.
    pub(crate) fn default_groups() -> Vec<NamedGroup> {
        recommended_groups_vec()
    }

    /// The one conversion to a policy, with its defaults and validation.
    pub(crate) fn into_policy(self) -> Result<Policy, PolicyError> {
        Policy::builder(self.id)
            .description(self.description)
            .versions(self.versions)
            .entries(self.entries.into_iter().map(|e| e.0))
            .groups(self.groups)
            .preference(self.preference)
            .missing_groups(self.missing_groups)
            .signature_schemes(self.signature_schemes.unwrap_or_else(recommended_signature_schemes))
            .build()
    }
}

impl From<&Policy> for PolicySpec {
    fn from(p: &Policy) -> Self {
        Self {
            id: p.id.clone(),
            description: p.description.clone(),
            versions: p.versions,
            entries: p.entries.iter().copied().map(EntrySpec).collect(),
            groups: p.groups.clone(),
            signature_schemes: (!is_recommended_signature_schemes(&p.signature_schemes))
                .then(|| p.signature_schemes.clone()),
            preference: p.preference,
            missing_groups: p.missing_groups,
        }
    }
}

/// One entry: written as a string (`"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256"`), read from a
/// string or an [`EntryTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct EntrySpec(pub(crate) SuiteEntry);

/// An entry's table form: `{ suite = "...", group = "..." }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryTable {
    pub(crate) suite: CipherSuite,
    #[serde(default)]
    pub(crate) group: Option<NamedGroup>,
}

impl<'de> Deserialize<'de> for EntrySpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = EntrySpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a suite name or code, or a table with suite and group")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EntrySpec, E> {
                v.parse().map(EntrySpec).map_err(E::custom)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<EntrySpec, A::Error> {
                let t = EntryTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(EntrySpec(SuiteEntry { suite: t.suite, group: t.group }))
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

impl serde::Serialize for Policy {
    /// The policy file's form ([`files`](crate::import::files)): what `Deserialize` reads back
    /// to an equal policy.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PolicySpec::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Policy {
    /// Reads what `Serialize` writes (lossless: a policy survives a geo-failover,
    /// as DPS's `minTlsVersion` does), validating it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        PolicySpec::deserialize(d)?.into_policy().map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Names taken from the model.

/// The variant of `T` whose `strum` name is exactly `text`.
pub(crate) fn word<T>(text: &str) -> Option<T>
where
    T: strum::IntoEnumIterator + Into<&'static str> + Copy,
{
    T::iter().find(|v| Into::<&'static str>::into(*v) == text)
}

/// serde for a unit enum through its `strum` names, so that serde, the file reader and the CLI
/// spell its values the same.
macro_rules! serde_by_strum_name {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str((*self).into())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                word(&text).ok_or_else(|| {
                    de::Error::unknown_variant(&text, <$ty as strum::VariantNames>::VARIANTS)
                })
            }
        }
    )*};
}

serde_by_strum_name!(Preference, MissingGroups);

#[cfg(any(feature = "files", test))]
/// The keys serde's derive gives a struct (its `deserialize_struct` field list), so a hand
/// reader checks keys against the model itself.
pub(crate) fn keys_of<T: de::DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldProbe) {
        Err(Probe(Some(fields))) => fields,
        _ => &[],
    }
}

#[cfg(any(feature = "files", test))]
/// A deserializer that only records the field list it is asked for.
struct FieldProbe;

#[cfg(any(feature = "files", test))]
/// [`FieldProbe`]'s answer, carried as its error.
#[derive(Debug)]
struct Probe(Option<&'static [&'static str]>);

#[cfg(any(feature = "files", test))]
impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field probe")
    }
}

#[cfg(any(feature = "files", test))]
impl std::error::Error for Probe {}

#[cfg(any(feature = "files", test))]
impl de::Error for Probe {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self(None)
    }
}

#[cfg(any(feature = "files", test))]
impl<'de> Deserializer<'de> for FieldProbe {
    type Error = Probe;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
        Err(Probe(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probe> {
        Err(Probe(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_derive() {
        assert_eq!(
            keys_of::<PolicySpec>(),
            ["id", "description", "versions", "entries", "groups", "signature_schemes", "preference", "missing_groups"]
        );
        assert_eq!(keys_of::<EntryTable>(), ["suite", "group"]);
    }

    #[test]
    fn words_are_the_strum_names() {
        assert_eq!(<Preference as strum::VariantNames>::VARIANTS, ["server", "client"]);
        assert_eq!(<MissingGroups as strum::VariantNames>::VARIANTS, ["any", "none-shared"]);
        assert_eq!(word::<MissingGroups>("none-shared"), Some(MissingGroups::NoneShared));
        assert_eq!(word::<Preference>("Server"), None);
    }
}
