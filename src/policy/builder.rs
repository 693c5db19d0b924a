//! Building and validating a policy.

use super::*;

/// Builds a [`Policy`], validating it.
///
/// ```
/// use tls_policy::{CipherSuite, NamedGroup, Policy, Preference, ProtocolVersion, VersionSet};
///
/// let policy = Policy::builder("gcm-only")
///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
///     .group(NamedGroup::x25519)
///     .preference(Preference::Client)
///     .build()?;
/// assert_eq!(policy.entries().len(), 1);
///
/// let err = Policy::builder("empty").versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build();
/// assert!(err.is_err());
/// # Ok::<(), tls_policy::PolicyError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct PolicyBuilder {
    pub(super) id: String,
    pub(super) description: String,
    pub(super) versions: VersionSet,
    pub(super) entries: Vec<SuiteEntry>,
    pub(super) groups: Vec<NamedGroup>,
    pub(super) signature_schemes: Option<Vec<SignatureScheme>>,
    pub(super) preference: Preference,
    pub(super) missing_groups: MissingGroups,
}

impl PolicyBuilder {
    /// Sets the description.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().description("our staging DPS").build()?;
    /// assert_eq!(p.description(), "our staging DPS");
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Sets the versions.
    ///
    /// ```
    /// use tls_policy::{Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::named("dps-legacy-security")?.to_builder().versions(VersionSet::only(ProtocolVersion::TLSv1_2)).build()?;
    /// assert_eq!(p.versions().lowest(), Some(ProtocolVersion::TLSv1_2));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn versions(mut self, versions: VersionSet) -> Self {
        self.versions = versions;
        self
    }

    /// Appends an entry.
    ///
    /// ```
    /// use tls_policy::{SuiteEntry, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("p256-only")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256".parse::<SuiteEntry>()?)
    ///     .group(NamedGroup::secp256r1)
    ///     .build()?;
    /// assert_eq!(p.entries()[0].group, Some(NamedGroup::secp256r1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry(mut self, entry: SuiteEntry) -> Self {
        self.entries.push(entry);
        self
    }

    /// Appends an unconstrained suite.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("static-rsa")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .suite(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256) // no group needed: no ECDHE
    ///     .build()?;
    /// assert_eq!(p.entries()[0].group, None);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn suite(self, suite: CipherSuite) -> Self {
        self.entry(SuiteEntry::new(suite))
    }

    /// Appends entries.
    ///
    /// ```
    /// use tls_policy::{Catalog, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let legacy = Catalog::get("dps-legacy-1").unwrap();
    /// let p = Policy::builder("legacy-1")
    ///     .versions(VersionSet::between(ProtocolVersion::TLSv1_0, ProtocolVersion::TLSv1_2))
    ///     .entries(legacy.entries().iter().map(|row| row.entry()))
    ///     .groups([NamedGroup::secp256r1, NamedGroup::secp384r1])
    ///     .build()?;
    /// assert_eq!(p.entries().len(), legacy.entries().len());
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn entries(mut self, entries: impl IntoIterator<Item = SuiteEntry>) -> Self {
        self.entries.extend(entries);
        self
    }

    /// Removes every entry (to replace them, as when deriving a policy with
    /// [`Policy::to_builder`]).
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().clear_entries()
    ///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)
    ///     .build()?;
    /// assert_eq!(p.entries().len(), 1);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn clear_entries(mut self) -> Self {
        self.entries.clear();
        self
    }

    /// Appends a catalog's entries, in its order.
    ///
    /// ```
    /// use tls_policy::{Catalog, NamedGroup, Policy, ProtocolVersion, VersionSet};
    ///
    /// let p = Policy::builder("recommended")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .catalog(Catalog::get("dps-recommended").unwrap())
    ///     .group(NamedGroup::secp256r1)
    ///     .build()?;
    /// assert_eq!(p.entries().len(), 4);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn catalog(self, catalog: &Catalog) -> Self {
        self.entries(catalog.entries().iter().map(|e| e.entry()))
    }

    /// Appends a group.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().group(NamedGroup::x25519).build()?;
    /// assert_eq!(p.groups().last(), Some(&NamedGroup::x25519));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn group(mut self, group: NamedGroup) -> Self {
        self.groups.push(group);
        self
    }

    /// Appends groups.
    ///
    /// ```
    /// use tls_policy::{NamedGroup, Policy, PolicyError};
    ///
    /// let twice = Policy::named("dps-tls12")?.to_builder().groups([NamedGroup::secp256r1]).build();
    /// assert!(matches!(twice, Err(PolicyError::DuplicateGroup { .. })));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn groups(mut self, groups: impl IntoIterator<Item = NamedGroup>) -> Self {
        self.groups.extend(groups);
        self
    }

    /// Sets the signature schemes the server signs with (default: every RSA PKCS#1, RSA-PSS
    /// (rsaEncryption key) and ECDSA scheme, SHA-1 included, as RFC 5246 servers do).
    ///
    /// ```
    /// use tls_policy::{Policy, SignatureScheme};
    ///
    /// let no_sha1 = Policy::named("dps-tls12")?.to_builder().signature_schemes(Policy::recommended_signature_schemes()).build()?;
    /// assert!(!no_sha1.signature_schemes().contains(&SignatureScheme::rsa_pkcs1_sha1));
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn signature_schemes(mut self, schemes: impl IntoIterator<Item = SignatureScheme>) -> Self {
        self.signature_schemes = Some(schemes.into_iter().collect());
        self
    }

    /// Sets whose order picks the suite.
    ///
    /// ```
    /// use tls_policy::{Policy, Preference};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().preference(Preference::Client).build()?;
    /// assert_eq!(p.preference(), Preference::Client);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn preference(mut self, preference: Preference) -> Self {
        self.preference = preference;
        self
    }

    /// Sets how a client without `supported_groups` is treated.
    ///
    /// ```
    /// use tls_policy::{MissingGroups, Policy};
    ///
    /// let p = Policy::named("dps-tls12")?.to_builder().missing_groups(MissingGroups::NoneShared).build()?;
    /// assert_eq!(p.missing_groups(), MissingGroups::NoneShared);
    /// # Ok::<(), tls_policy::PolicyError>(())
    /// ```
    pub fn missing_groups(mut self, missing: MissingGroups) -> Self {
        self.missing_groups = missing;
        self
    }

    /// Validates and compiles the policy.
    ///
    /// ```
    /// use tls_policy::{CipherSuite, Policy, PolicyError, ProtocolVersion, VersionSet};
    ///
    /// let no_group = Policy::builder("ecdhe")
    ///     .versions(VersionSet::only(ProtocolVersion::TLSv1_2))
    ///     .suite(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    ///     .build();
    /// assert!(matches!(no_group, Err(PolicyError::NoGroupFor { .. })));
    /// ```
    pub fn build(self) -> Result<Policy, PolicyError> {
        let Self { id, description, versions, entries, groups, signature_schemes, preference, missing_groups } = self;
        if entries.is_empty() {
            return Err(PolicyError::NoSuites);
        }
        if versions.is_empty() {
            return Err(PolicyError::NoVersions);
        }
        if versions.contains(ProtocolVersion::SSLv3) {
            return Err(PolicyError::ProhibitedVersion { version: ProtocolVersion::SSLv3 });
        }
        if entries.len() > MAX_ENTRIES {
            return Err(PolicyError::TooManyEntries { count: entries.len(), max: MAX_ENTRIES });
        }
        if groups.len() > MAX_GROUPS {
            return Err(PolicyError::TooManyGroups { count: groups.len(), max: MAX_GROUPS });
        }
        for (i, g) in groups.iter().enumerate() {
            if g.info().is_none() {
                return Err(PolicyError::UnknownGroup { group: *g });
            }
            if groups[..i].contains(g) {
                return Err(PolicyError::DuplicateGroup { group: *g });
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            let info = entry.suite.info().ok_or(PolicyError::UnknownSuite { suite: entry.suite })?;
            if entries[..i].contains(entry) {
                return Err(PolicyError::DuplicateEntry { entry: *entry });
            }
            if info.versions().intersect(versions).is_empty() {
                return Err(PolicyError::EntryOutsideVersions { entry: *entry, valid: info.versions(), versions });
            }
            if let Some(group) = entry.group {
                if !info.kx().is_elliptic_curve() {
                    return Err(PolicyError::ConstraintOnNonEcSuite { entry: *entry });
                }
                if !groups.contains(&group) {
                    return Err(PolicyError::ConstraintOutsideGroups { entry: *entry, group });
                }
                let runs_in = info.versions().intersect(versions);
                if !group.is_elliptic_curve() || !runs_in.iter().any(|v| group.usable_in(v)) {
                    return Err(PolicyError::ConstraintGroupUnusable { entry: *entry, group });
                }
            }
            let in_versions = info.versions().intersect(versions);
            if info.kx().is_elliptic_curve()
                && !groups.iter().any(|g| {
                    g.is_elliptic_curve() && g.info().is_some_and(|gi| !gi.versions().intersect(in_versions).is_empty())
                })
            {
                return Err(PolicyError::NoGroupFor { entry: *entry, needs: "an elliptic-curve" });
            }
            if info.kx() == KeyExchange::Any && !groups.iter().any(|g| g.usable_in(ProtocolVersion::TLSv1_3)) {
                return Err(PolicyError::NoGroupFor { entry: *entry, needs: "a TLS 1.3" });
            }
        }
        for version in versions.iter() {
            if !entries.iter().any(|e| e.suite.info().is_some_and(|i| i.versions().contains(version))) {
                return Err(PolicyError::VersionWithoutSuites { version });
            }
        }
        let signature_schemes = signature_schemes.unwrap_or_else(default_signature_schemes);
        for (i, scheme) in signature_schemes.iter().enumerate() {
            if scheme.info().is_none() {
                return Err(PolicyError::UnknownSignatureScheme { scheme: *scheme });
            }
            if signature_schemes[..i].contains(scheme) {
                return Err(PolicyError::DuplicateSignatureScheme { scheme: *scheme });
            }
            let usable = [KeyType::Rsa, KeyType::Ecdsa].into_iter().any(|k| {
                [ProtocolVersion::TLSv1_2, ProtocolVersion::TLSv1_3]
                    .into_iter()
                    .any(|v| scheme.info().is_some_and(|i| i.server_signs(k, v)))
            });
            if !usable {
                return Err(PolicyError::UnusableSignatureScheme { scheme: *scheme });
            }
        }
        let compiled = Box::new(Compiled::new(versions, &entries, &groups, &signature_schemes));
        Ok(Policy {
            id,
            description,
            versions,
            entries,
            groups,
            signature_schemes,
            preference,
            missing_groups,
            compiled,
        })
    }
}
