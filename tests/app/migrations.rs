//! The two migration folders stay in step: same names; up, down, up again; the same columns.

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use fuyu::db::{self, DbConn};
use std::collections::{BTreeMap, BTreeSet};

fn names(backend: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn folders_have_the_same_migrations() {
    let (s, p) = (names("sqlite"), names("postgres"));
    assert!(!s.is_empty());
    assert_eq!(s, p);
    for n in &s {
        for b in ["sqlite", "postgres"] {
            for f in ["up.sql", "down.sql"] {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("migrations")
                    .join(b)
                    .join(n)
                    .join(f);
                assert!(path.exists(), "{}", path.display());
            }
        }
    }
}

#[derive(QueryableByName)]
struct Col {
    #[diesel(sql_type = Text)]
    t: String,
    #[diesel(sql_type = Text)]
    c: String,
}

fn columns(conn: &mut DbConn) -> BTreeMap<String, BTreeSet<String>> {
    let rows: Vec<Col> = match conn {
        DbConn::Sqlite(_) => diesel::sql_query(
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name != '__diesel_schema_migrations'",
        )
        .load(conn)
        .unwrap(),
        DbConn::Pg(_) => diesel::sql_query(
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name != '__diesel_schema_migrations'",
        )
        .load(conn)
        .unwrap(),
    };
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        m.entry(r.t).or_default().insert(r.c);
    }
    m
}

fn up_down_up(url: &str) -> BTreeMap<String, BTreeSet<String>> {
    let pool = db::connect(url, 1).unwrap();
    let mut c = pool.get().unwrap();
    db::migrate(&mut c).unwrap();
    let first = columns(&mut c);
    match &mut *c {
        DbConn::Sqlite(s) => {
            s.revert_all_migrations(db::SQLITE_MIGRATIONS).unwrap();
        }
        DbConn::Pg(p) => {
            p.revert_all_migrations(db::PG_MIGRATIONS).unwrap();
        }
    }
    assert!(columns(&mut c).is_empty(), "down removes every table");
    db::migrate(&mut c).unwrap();
    let again = columns(&mut c);
    assert_eq!(first, again);
    again
}

#[test]
fn up_down_up_and_same_columns_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = up_down_up(&format!(
        "sqlite://{}",
        dir.path().join("m.sqlite3").display()
    ));
    assert!(sqlite.contains_key("audit_log") && sqlite["users"].contains("locked_until"));
    match crate::support::pg_url() {
        Some(base) => {
            let name = format!("fuyu_mig_{}", std::process::id());
            crate::support::pg_admin_exec(
                &base,
                &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"),
            );
            let url = format!("{}/{}", &base[..base.rfind('/').unwrap()], name);
            let pg = up_down_up(&url);
            assert_eq!(
                sqlite, pg,
                "same tables and columns on SQLite and PostgreSQL"
            );
        }
        None => {
            // Without a server, compare against the PostgreSQL migration text itself.
            let mut pg: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for n in names("postgres") {
                let sql = std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("migrations/postgres")
                        .join(&n)
                        .join("up.sql"),
                )
                .unwrap();
                let mut table = None;
                for line in sql.lines() {
                    let l = line.trim();
                    if let Some(rest) = l.strip_prefix("ALTER TABLE ") {
                        // ALTER TABLE t ADD COLUMN c …
                        let w: Vec<&str> = rest.split_whitespace().collect();
                        if let [t, "ADD", "COLUMN", c, ..] = w.as_slice() {
                            pg.entry(t.to_string()).or_default().insert(c.to_string());
                        }
                    } else if let Some(rest) = l.strip_prefix("CREATE TABLE ") {
                        table = Some(rest.trim_end_matches(" (").to_string());
                    } else if l.starts_with(");") {
                        table = None;
                    } else if let Some(t) = &table {
                        let col = l.split_whitespace().next().unwrap_or("");
                        if !col.is_empty()
                            && !["UNIQUE", "PRIMARY", "CHECK", "CONSTRAINT", "FOREIGN"]
                                .contains(&col)
                        {
                            pg.entry(t.clone()).or_default().insert(col.to_string());
                        }
                    }
                }
            }
            assert_eq!(sqlite, pg, "SQLite columns match the PostgreSQL migrations");
        }
    }
}

#[test]
fn unknown_scheme_is_refused() {
    let e = db::DbKind::from_url("mysql://localhost/x").unwrap_err();
    assert!(e.contains("unsupported database scheme"));
    assert!(db::connect("redis://x", 1).is_err());
}
