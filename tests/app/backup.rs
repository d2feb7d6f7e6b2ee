//! Issue 10 point 21: `fuyu backup` copies the database and the document store together with a manifest
//! of SHA-256s; `fuyu restore` checks the manifest before it replaces anything; after a restore into a
//! fresh data folder every document downloads and the audit chain verifies. Both backends (PostgreSQL
//! through pg_dump / pg_restore).

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{child_documents, children};
use sha2::Digest;
use std::process::Command;

fn fuyu(url: &str, data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fuyu"))
        .args(args)
        .arg("--database-url")
        .arg(url)
        .env("FUYU_DATA_DIR", data)
        .env_remove("DATABASE_URL")
        .env_remove("FUYU_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An empty database to restore into.
fn empty_database(dir: &std::path::Path) -> String {
    match pg_url() {
        Some(base) => {
            let name = format!("fuyu_restore_{}_{}", std::process::id(), rand_suffix());
            pg_admin_exec(
                &base,
                &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"),
            );
            let cut = base.rfind('/').unwrap();
            format!("{}/{name}", &base[..cut])
        }
        None => format!("sqlite://{}", dir.join("restored.sqlite3").display()),
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        % 1_000_000_007
}

#[actix_web::test]
async fn backup_then_restore_keeps_every_document_and_the_audit_chain() {
    let t = TestApp::new();
    let s = &t.state.settings;
    let docs: Vec<(i64, i64, String)> = child_documents::table
        .select((
            child_documents::child_id,
            child_documents::id,
            child_documents::sha256,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert!(docs.len() > 5, "the demo has documents");
    let out = tempfile::tempdir().unwrap();
    let bk = out.path().join("bk");
    let o = fuyu(
        &s.database_url,
        &s.data_dir,
        &["backup", "--to", bk.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bk.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    for (_, _, sha) in &docs {
        assert!(
            files.iter().any(|f| f["sha256"] == sha.as_str()),
            "{sha} is in the manifest"
        );
    }
    // The foster families' papers and the adoption applicants' documents share the store: they are
    // backed up too (modules::STORED_FILES).
    let foster: Vec<String> = fuyu::db::schema::foster_documents::table
        .select(fuyu::db::schema::foster_documents::sha256)
        .load(&mut t.conn())
        .unwrap();
    let adoption: Vec<String> = fuyu::db::schema::adoption_documents::table
        .select(fuyu::db::schema::adoption_documents::sha256)
        .load(&mut t.conn())
        .unwrap();
    assert!(!foster.is_empty(), "the demo families have papers");
    for sha in foster.iter().chain(&adoption) {
        assert!(
            files.iter().any(|f| f["sha256"] == sha.as_str()),
            "module file {sha} is in the manifest"
        );
    }
    assert_eq!(
        manifest["documents"].as_u64().unwrap() as usize,
        docs.len() + foster.len() + adoption.len()
    );

    // A damaged backup is refused before anything is replaced.
    let bad = out.path().join("bad");
    copy_tree(&bk, &bad);
    let victim = bad.join(files[0]["path"].as_str().unwrap());
    std::fs::write(&victim, b"tampered").unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let url = empty_database(fresh.path());
    let data = fresh.path().join("data");
    let o = fuyu(&url, &data, &["restore", "--from", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("does not match its manifest"),
        "{}",
        text(&o)
    );
    assert!(!data.join("uploads").exists(), "nothing restored");

    // Restore into a fresh data folder and database.
    let o = fuyu(&url, &data, &["restore", "--from", bk.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let o = fuyu(&url, &data, &["audit-verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain intact"));

    // Every document downloads from the restored service (the province supervisor sees every
    // institution; a restricted section's documents are checked in the store instead).
    let mut rs = fuyu::config::Settings::defaults();
    rs.database_url = url;
    rs.data_dir = data;
    let rs = rs.finish().unwrap();
    let clock = std::sync::Arc::new(fuyu::clock::FixedClock::new(start_time()));
    let state = fuyu::cli::prepare(&rs, clock).unwrap();
    let restored_children: i64 = children::table
        .count()
        .get_result(&mut state.pool.get().unwrap())
        .unwrap();
    assert!(restored_children > 0);
    let app = test::init_service(fuyu::build_app(actix_web::web::Data::new(state.clone()))).await;
    // Each document as the head of the institution holding it (outside it, an approved request is
    // needed: issue 10 point 18).
    let heads: Vec<(i64, i64, String)> = {
        use fuyu::db::schema::users;
        let mut c = state.pool.get().unwrap();
        let heads: Vec<(Option<fuyu::org::InstitutionId>, String)> = users::table
            .filter(users::role.eq(fuyu::auth::Role::Head))
            .select((users::institution_id, users::username))
            .load(&mut c)
            .unwrap();
        docs.iter()
            .filter_map(|(child, doc, _)| {
                let inst: fuyu::org::InstitutionId = children::table
                    .find(child)
                    .select(children::institution_id)
                    .first(&mut c)
                    .unwrap();
                heads
                    .iter()
                    .find(|(i, _)| *i == Some(inst))
                    .map(|(_, u)| (*child, *doc, u.clone()))
            })
            .collect()
    };
    assert!(!heads.is_empty());
    let mut downloaded = 0;
    let mut sessions: std::collections::HashMap<String, Browser> = Default::default();
    for (child, doc, sha) in &docs {
        let Some((_, _, head)) = heads.iter().find(|(c, d, _)| c == child && d == doc) else {
            continue;
        };
        if !sessions.contains_key(head) {
            sessions.insert(head.clone(), login(&app, head).await);
        }
        let f = sessions[head]
            .fetch(&app, &format!("/children/{child}/documents/{doc}"))
            .await;
        assert_ne!(f.status, 500, "document {doc}");
        if f.status == 200 {
            assert_eq!(&hex::encode(sha2::Sha256::digest(&f.bytes)), sha);
            downloaded += 1;
        } else {
            assert_eq!(f.status, 404, "restricted, not missing");
        }
        let stored = rs.uploads_dir().join(&sha[..2]).join(sha);
        assert_eq!(
            &hex::encode(sha2::Sha256::digest(std::fs::read(&stored).unwrap())),
            sha
        );
    }
    assert!(downloaded > 0);

    // Restoring over an existing database needs --force.
    let o = fuyu(
        &rs.database_url,
        &rs.data_dir,
        &["restore", "--from", bk.to_str().unwrap()],
    );
    if t.is_sqlite() {
        assert!(!o.status.success());
        assert!(text(&o).contains("--force"), "{}", text(&o));
    }
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
