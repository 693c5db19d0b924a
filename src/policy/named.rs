//! The policies the crate ships, by id.

use super::*;

pub(super) const NAMED: [&str; 11] = [
    "dps-tls12",
    "dps-legacy-security",
    "dps-legacy-performance",
    "dps-2024",
    "iot-hub",
    "mozilla-modern",
    "mozilla-intermediate",
    "mozilla-old",
    "mozilla-old-5.7",
    "nist-800-52r2",
    "bsi-tr-02102-2",
];

fn catalog(id: &str) -> &'static Catalog {
    // The ids are the crate's own; a missing one is a bug caught by the named-policy tests.
    Catalog::get(id).unwrap_or_else(|| unreachable!("catalog {id} is shipped"))
}

pub(super) fn named(id: &str) -> Result<Policy, PolicyError> {
    use NamedGroup as G;
    use ProtocolVersion as V;
    let dps_groups = [G::secp256r1, G::secp384r1];
    let builder = match id {
        "dps-tls12" => Policy::builder(id)
            .description(
                "DPS instance created with minTlsVersion 1.2, as the DPS TLS page of 2020-09-14 \
                 describes it: TLS 1.2 only, recommended then ECC suites, in server order; the page \
                 names no groups, so P-256 and P-384, the curves of its _P256/_P384 suites",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("dps-recommended"))
            .catalog(catalog("dps-ecc"))
            .groups(dps_groups),
        // The two legacy policies differ only in which ordering of the legacy list they take.
        "dps-legacy-security" | "dps-legacy-performance" => {
            let (option, description) = if id == "dps-legacy-security" {
                (
                    "dps-legacy-1",
                    "DPS instance without minTlsVersion (the default), as the DPS TLS page of 2020-09-14 \
                     describes it: TLS 1.0 to 1.2, recommended, ECC, legacy option #1, ECC \
                     legacy suites, in server order; P-256 and P-384",
                )
            } else {
                (
                    "dps-legacy-2",
                    "DPS instance without minTlsVersion, as the DPS TLS page of 2020-09-14 \
                     describes it, legacy option #2 (better performance): TLS 1.0 to 1.2, in server \
                     order; P-256 and P-384",
                )
            };
            Policy::builder(id)
                .description(description)
                .versions(VersionSet::between(V::TLSv1_0, V::TLSv1_2))
                .catalog(catalog("dps-recommended"))
                .catalog(catalog("dps-ecc"))
                .catalog(catalog(option))
                .catalog(catalog("dps-ecc-legacy"))
                .groups(dps_groups)
        }
        // The page of 2024 says nothing of order or groups: the 2020 page's server order and curves.
        "dps-2024" => Policy::builder(id)
            .description(
                "DPS as the DPS TLS page of 2024-11-27 describes every instance: TLS 1.2 only, the \
                 recommended then the legacy suites (option #1, the page's first ordering), no ECC \
                 device-authentication suites; the page names no order or groups, so the 2020 page's \
                 server order and P-256 and P-384",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("dps-2024-recommended"))
            .catalog(catalog("dps-2024-legacy-1"))
            .groups(dps_groups),
        // The page: IoT Hub "tries to follow the preference of the client", and an ECDHE client
        // "must provide the `supported_groups` extension ... with a valid group".
        "iot-hub" => Policy::builder(id)
            .description(
                "Azure IoT Hub's classic <hub>.azure-devices.net endpoint, as the IoT Hub TLS page of \
                 2026-05-26 describes it: TLS 1.2 with its eight suites (the ECDSA ones only in public \
                 cloud regions), in client order; a client without supported_groups shares no group. \
                 The <hub>.device.azure-devices.net endpoint offers TLS 1.3 (preview) beside a \
                 restricted TLS 1.2, but the page names no TLS 1.3 suites, so none is here; it names no \
                 groups either, so P-256 and P-384 are assumed",
            )
            .versions(VersionSet::only(V::TLSv1_2))
            .catalog(catalog("iot-hub"))
            .groups(dps_groups)
            .preference(Preference::Client)
            .missing_groups(MissingGroups::NoneShared),
        "mozilla-modern" | "mozilla-intermediate" | "mozilla-old" | "mozilla-old-5.7" => {
            let c = catalog(id);
            Policy::builder(id)
                .description(format!(
                    "{}: the Mozilla guidelines file of {} ({})",
                    c.title(),
                    c.date(),
                    if id == "mozilla-old" {
                        "the newest edition with an old configuration"
                    } else if id == "mozilla-old-5.7" {
                        "the old configuration before 5.8"
                    } else {
                        "the newest edition"
                    }
                ))
                .versions(c.versions())
                .catalog(c)
                .groups(c.groups().iter().copied())
                // Guidelines 6.0 set server_preferred_order false; 5.7 and 5.8 "old" set it true.
                .preference(if id.starts_with("mozilla-old") { Preference::Server } else { Preference::Client })
        }
        "nist-800-52r2" => Policy::builder(id)
            .description(
                "NIST SP 800-52 Rev. 2 (2019-08-29) for government servers: TLS 1.2 and 1.3, its 60 \
                 section 3.3.1 suites, which agree with two independent transcriptions; its groups, PSK \
                 suites and signature schemes are not verified against the document (the groups and \
                 signature schemes here are the crate's reading)",
            )
            .versions(VersionSet::between(V::TLSv1_2, V::TLSv1_3))
            .catalog(catalog(id))
            // The crate's reading of the document's curves and RFC 7919 groups, not verified
            // against it (the catalog says so).
            .groups([G::secp256r1, G::secp384r1, G::secp521r1, G::ffdhe2048, G::ffdhe3072, G::ffdhe4096])
            // The document's order is not a preference order.
            .preference(Preference::Client),
        "bsi-tr-02102-2" => Policy::builder(id)
            .description(
                "BSI TR-02102-2, edition 2023-01: TLS 1.2 and 1.3 with the suites of its tables 1 and 11 \
                 (the 2026-01 edition renumbers its tables); everything beyond those suite lists, the \
                 groups and signature schemes here included, is not verified against the document",
            )
            .versions(VersionSet::between(V::TLSv1_2, V::TLSv1_3))
            .catalog(catalog(id))
            // Not verified against the document (the catalog says so).
            .groups([
                G::secp256r1,
                G::secp384r1,
                G::brainpoolP256r1,
                G::brainpoolP384r1,
                G::brainpoolP512r1,
                G::brainpoolP256r1tls13,
                G::brainpoolP384r1tls13,
                G::brainpoolP512r1tls13,
                G::ffdhe3072,
                G::ffdhe4096,
            ])
            .preference(Preference::Client),
        _ => {
            return Err(PolicyError::UnknownPolicy {
                input: id.to_owned(),
                suggestion: crate::model::error::nearest(id, NAMED.iter().copied()),
            });
        }
    };
    builder.build()
}
