//! `catalog`: the catalogs policies are made from, listed or one shown.

use serde_json::{Value, json};
use tls_policy::{Catalog, CatalogEntry, NamedGroup, SuiteInfo};

use crate::error::Failure;
use crate::output::print_table;
use crate::suite::{attributes, entry_rows, group_cell, suite_json};

/// `catalog [ID]`.
pub(crate) fn run(id: Option<&str>, json: bool) -> Result<(), Failure> {
    let Some(id) = id else { return list_catalogs(json) };
    let catalog = Catalog::find(id)?;
    if json {
        let rows: Vec<Value> = catalog.entries().iter().map(entry_json).collect();
        say!("{}", Value::Array(rows))
    } else {
        print_catalog(catalog)
    }
}

fn list_catalogs(json: bool) -> Result<(), Failure> {
    if json {
        let all: Vec<Value> = Catalog::all()
            .iter()
            .map(|c| {
                json!({
                    "id": c.id(),
                    "title": c.title(),
                    "source": c.source(),
                    "date": c.date(),
                    "versions": c.versions().iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    "entries": c.entries().len(),
                })
            })
            .collect();
        return say!("{}", Value::Array(all));
    }
    let rows: Vec<Vec<String>> = Catalog::all()
        .iter()
        .map(|c| {
            vec![
                c.id().to_owned(),
                c.entries().len().to_string(),
                c.versions().to_string(),
                c.date().to_owned(),
                c.title().to_owned(),
            ]
        })
        .collect();
    print_table(&["id", "suites", "versions", "date", "title"], &rows)
}

fn print_catalog(catalog: &Catalog) -> Result<(), Failure> {
    say!("{} ({}): {}", catalog.id(), catalog.date(), catalog.title())?;
    say!("source: {}", catalog.source())?;
    say!("versions: {}", catalog.versions())?;
    if !catalog.groups().is_empty() {
        let groups: Vec<String> = catalog.groups().iter().map(NamedGroup::to_string).collect();
        say!("groups: {}", groups.join(", "))?;
    }
    let rows = entry_rows(catalog.entries(), CatalogEntry::entry, |row, info| {
        vec![
            row.suite.to_string(),
            info.and_then(SuiteInfo::openssl).unwrap_or("-").to_owned(),
            row.to_string(),
            group_cell(row.group),
            info.map_or_else(String::new, attributes),
            notes(row.note, info),
        ]
    });
    print_table(&["#", "code", "IANA", "OpenSSL", "SChannel", "group", "attributes", "notes"], &rows)?;
    say!("{}", catalog.remarks())
}

/// The source's note, then the weaknesses it does not already say, as short tags.
fn notes(note: Option<&str>, info: Option<&SuiteInfo>) -> String {
    let said = note.unwrap_or("");
    let tags: Vec<&str> = info
        .into_iter()
        .flat_map(SuiteInfo::weaknesses)
        .filter(|w| !said.contains(w.explanation()))
        .map(<&str>::from)
        .collect();
    match (note, tags.is_empty()) {
        (None, true) => "-".to_owned(),
        (None, false) => tags.join(", "),
        (Some(note), true) => note.to_owned(),
        (Some(note), false) => format!("{note} [{}]", tags.join(", ")),
    }
}

fn entry_json(row: &CatalogEntry) -> Value {
    suite_json(row.entry(), row.note)
}
