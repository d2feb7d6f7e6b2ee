//! The module boundaries hold in the source tree: no module reaches another's tables, the archive is
//! reached only through its public interface, and no source file grows past the house limit.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            (rel.replace('\\', "/"), std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

/// The archive's tables (一人一档): only `src/archive/` names them.
const ARCHIVE_TABLES: [&str; 10] = [
    "children",
    "child_documents",
    "child_entries",
    "child_changes",
    "child_restrictions",
    "restriction_kinds",
    "archive_requests",
    "archive_notices",
    "archive_sequences",
    "custody_property",
];

/// Whether `text` names `table` as a diesel table (`table::`, or in a `schema::{…}` import).
fn names_table(text: &str, table: &str) -> bool {
    let word = |i: usize, len: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    // `use children::*;` re-exports a local module of that name, not the table.
    let qualified = format!("{table}::");
    if text
        .match_indices(&qualified)
        .any(|(i, _)| word(i, table.len()) && !text[..i].ends_with("use "))
    {
        return true;
    }
    text.match_indices("schema::{").any(|(i, _)| {
        let rest = &text[i..];
        let end = rest.find('}').unwrap_or(rest.len());
        let list = &rest["schema::{".len()..end];
        list.split(',')
            .any(|item| item.split_whitespace().next() == Some(table))
    }) || text.contains(&format!("schema::{table};"))
        || text.contains(&format!("schema::{table} as"))
}

#[test]
fn only_the_archive_touches_the_archive_tables() {
    // The scanner itself.
    assert!(names_table("children::table.find(1)", "children"));
    assert!(names_table(
        "use crate::db::schema::{institutions, children};",
        "children"
    ));
    assert!(names_table(
        "use crate::db::schema::custody_property as cp;",
        "custody_property"
    ));
    assert!(!names_table("transfer_children::table", "children"));
    assert!(!names_table("let children = 3;", "children"));
    assert!(!names_table("pub use children::*;", "children"));
    let mut offenders = Vec::new();
    for (rel, text) in sources() {
        // The schema declares every table; the archive owns these.
        if rel.starts_with("archive/") || rel.starts_with("db/schema/") {
            continue;
        }
        for t in ARCHIVE_TABLES {
            if names_table(&text, t) {
                offenders.push(format!("{rel} uses the archive table `{t}`"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use the archive's public interface (src/archive/interface.rs) instead:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn other_modules_use_only_the_archive_interface() {
    // `archive::model` and `archive::service` are private (a compile-time boundary); this names the
    // intent for any module path that would bypass the interface.
    let mut offenders = Vec::new();
    for (rel, text) in sources() {
        if rel.starts_with("archive/") {
            continue;
        }
        for private in ["archive::model", "archive::service", "archive::sections"] {
            if text.contains(private) {
                offenders.push(format!("{rel} names {private}"));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn no_source_file_is_over_the_house_limit() {
    // House style: files stay small (about 500 lines); the schema too, one file per module.
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|(_, n)| *n > 520)
        .map(|(rel, n)| format!("{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

#[test]
fn non_handler_code_does_not_import_the_web_layer_for_platform_parts() {
    // The catalogue, form errors, state and request context live in `platform`.
    let mut offenders = Vec::new();
    for (rel, text) in sources() {
        for old in [
            "crate::web::forms",
            "crate::web::i18n",
            "crate::web::Catalogue",
            "crate::web::AppState",
            "web::safe_for_log",
        ] {
            if text.contains(old) {
                offenders.push(format!("{rel} imports {old}"));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
