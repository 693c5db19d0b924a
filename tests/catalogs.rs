//! The DPS catalogs are exactly the tables of the DPS documentation, read from its text
//! (`tests/data/dps-tls-support.md`, a copy of the seed page).

use tls_policy::{Catalog, CipherSuite, Entry, NamedGroup, ProtocolVersion};

const SEED: &str = include_str!("data/dps-tls-support.md");

/// `(name as printed, note)` for every row of every cipher table in the page, table by table.
/// A table row looks like ``| `NAME   (note)`<br>`NAME2` |``.
fn seed_tables() -> Vec<Vec<(String, Option<String>)>> {
    SEED.lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            line.trim_matches(|c: char| c == '|' || c.is_whitespace())
                .split("<br>")
                .map(|cell| {
                    let cell = cell.trim().trim_matches('`');
                    match cell.split_once('(') {
                        Some((name, note)) => (name.trim().to_owned(), Some(note.trim_end_matches(')').to_owned())),
                        None => (cell.trim().to_owned(), None),
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn dps_catalogs_are_the_seed_tables_in_order() {
    let tables = seed_tables();
    let ids = ["dps-recommended", "dps-legacy-1", "dps-legacy-2", "dps-ecc", "dps-ecc-legacy"];
    assert_eq!(tables.len(), ids.len(), "the page has five cipher tables");
    for (id, table) in ids.iter().zip(&tables) {
        let catalog = Catalog::get(id).unwrap();
        assert_eq!(catalog.entries().len(), table.len(), "{id}");
        for (row, (name, note)) in catalog.entries().iter().zip(table) {
            let printed: Entry = name.parse().unwrap_or_else(|e| panic!("{id}: {name}: {e}"));
            assert_eq!(row.entry(), printed, "{id}: {name}");
            assert_eq!(row.note, note.as_deref(), "{id}: {name}");
            // Printing the row gives back the name the page uses.
            assert_eq!(row.to_string(), *name, "{id}");
        }
    }
}

#[test]
fn dps_rows_carry_the_code_points_and_constraints_of_design_section_2() {
    let codes = |id: &str| -> Vec<(u16, Option<NamedGroup>)> {
        Catalog::get(id).unwrap().entries().iter().map(|e| (u16::from(e.suite), e.group)).collect()
    };
    let (p256, p384) = (Some(NamedGroup::secp256r1), Some(NamedGroup::secp384r1));
    assert_eq!(codes("dps-recommended"), [(0xC030, None), (0xC02F, None), (0xC028, None), (0xC027, None)]);
    assert_eq!(
        codes("dps-legacy-1"),
        [
            (0xC014, p384),
            (0xC013, p256),
            (0x009D, None),
            (0x009C, None),
            (0x003D, None),
            (0x003C, None),
            (0x0035, None),
            (0x002F, None)
        ]
    );
    assert_eq!(
        codes("dps-legacy-2"),
        [
            (0xC013, p256),
            (0xC014, p384),
            (0x009C, None),
            (0x009D, None),
            (0x003C, None),
            (0x003D, None),
            (0x002F, None),
            (0x0035, None)
        ]
    );
    assert_eq!(codes("dps-ecc"), [(0xC02C, None), (0xC02B, None), (0xC024, None), (0xC023, None)]);
    assert_eq!(codes("dps-ecc-legacy"), [(0xC00A, p384), (0xC009, p256)]);
}

/// The seed's notes are what the suite attributes say: SHA-1 where it says "uses SHA-1", no
/// forward secrecy where it says "lack of Perfect Forward Secrecy", and nothing else.
#[test]
fn seed_notes_agree_with_suite_attributes() {
    for id in ["dps-recommended", "dps-legacy-1", "dps-legacy-2", "dps-ecc", "dps-ecc-legacy"] {
        for row in Catalog::get(id).unwrap().entries() {
            let info = row.suite.info().unwrap();
            let note = row.note.unwrap_or("");
            assert_eq!(note.contains("uses SHA-1"), info.uses_sha1(), "{id}: {}", info.iana());
            assert_eq!(
                note.contains("lack of Perfect Forward Secrecy"),
                !info.forward_secrecy(),
                "{id}: {}",
                info.iana()
            );
        }
    }
}

#[test]
fn every_catalog_lists_known_suites_valid_for_its_versions() {
    let ids: Vec<&str> = Catalog::all().iter().map(Catalog::id).collect();
    assert_eq!(
        ids,
        [
            "dps-recommended",
            "dps-legacy-1",
            "dps-legacy-2",
            "dps-ecc",
            "dps-ecc-legacy",
            "iot-hub",
            "mozilla-modern",
            "mozilla-intermediate",
            "mozilla-old",
            "nist-800-52r2",
            "bsi-tr-02102-2"
        ]
    );
    for catalog in Catalog::all() {
        assert!(!catalog.source().is_empty() && !catalog.date().is_empty(), "{}", catalog.id());
        let mut seen = Vec::new();
        for row in catalog.entries() {
            let info = row.suite.info().unwrap_or_else(|| panic!("{}: {:?}", catalog.id(), row.suite));
            assert!(!info.versions().intersect(catalog.versions()).is_empty(), "{}: {}", catalog.id(), info.iana());
            assert!(!seen.contains(&row.entry()), "{}: {} twice", catalog.id(), row);
            seen.push(row.entry());
        }
    }
}

#[test]
fn mozilla_modern_is_tls13_only_and_intermediate_has_no_cbc() {
    let modern = Catalog::get("mozilla-modern").unwrap();
    assert!(modern.entries().iter().all(|e| e.suite.info().unwrap().versions().contains(ProtocolVersion::TLSv1_3)));
    let intermediate = Catalog::get("mozilla-intermediate").unwrap();
    assert!(intermediate.entries().iter().all(|e| e.suite.info().unwrap().is_aead()));
    assert!(intermediate.entries().iter().any(|e| e.suite == CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256));
}
