//! `fuyu backup` and `fuyu restore` (issue 10 point 21): the database and the document store together,
//! with a manifest of SHA-256s that restore checks before it replaces anything.
//!
//! A backup is a new folder:
//!
//! ```text
//! PATH/database.sqlite3   (SQLite: VACUUM INTO, a consistent snapshot while the service runs)
//! PATH/database.pgdump    (PostgreSQL: pg_dump --format=custom, one consistent snapshot)
//! PATH/uploads/ab/ab…     (every stored document, by SHA-256)
//! PATH/manifest.json      (written last: every file with its SHA-256 and size)
//! ```
//!
//! Why it is consistent: the store is append-only and a document's file is stored *before* its row is
//! committed (`archive::store`). The database snapshot is taken first and the store copied after it,
//! so every document row in the snapshot finds its file in the copy (files newer than the snapshot are
//! harmless extras). The backup then checks exactly that and fails if a row's file is missing.

use crate::config::Settings;
use crate::db;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MANIFEST: &str = "manifest.json";
const FORMAT: &str = "fuyu-backup/1";
const SQLITE_FILE: &str = "database.sqlite3";
const PG_FILE: &str = "database.pgdump";

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    sha256: String,
    bytes: u64,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    created_at: String,
    backend: String,
    database: Entry,
    files: Vec<Entry>,
    /// Document rows in the database copy (each has its file among `files`).
    documents: usize,
}

/// Copy `from` to `to` (created new), returning the SHA-256 and size of what was written.
fn copy_hashed(from: &Path, to: &Path) -> std::io::Result<(String, u64)> {
    let mut src = std::fs::File::open(from)?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut n_total = 0u64;
    loop {
        let n = src.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        dst.write_all(&buf[..n])?;
        n_total += n as u64;
    }
    dst.sync_all()?;
    Ok((hex::encode(h.finalize()), n_total))
}

fn hash_file(p: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(p)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((hex::encode(h.finalize()), n))
}

/// The stored documents: `uploads/ab/<64 hex>` (never `.incoming/` or a `.part`).
fn stored_files(uploads: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(uploads) else {
        return Ok(out);
    };
    let is_hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    for d in dirs {
        let d = d?;
        let name = d.file_name().to_string_lossy().to_string();
        if name.len() != 2 || !is_hex(&name) || !d.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(d.path())? {
            let f = f?;
            let sha = f.file_name().to_string_lossy().to_string();
            if sha.len() == 64 && is_hex(&sha) && sha.starts_with(&name) {
                out.push((sha, f.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn tool(name: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("`{name}` is not on PATH (install the PostgreSQL client tools)"))
}

fn run_tool(mut cmd: std::process::Command, what: &str) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

/// The SHA-256 of every document row in a database (the snapshot for SQLite, the live one otherwise).
fn document_hashes(url: &str) -> Result<Vec<String>, String> {
    let pool = db::connect(url, 1).map_err(|e| e.to_string())?;
    let mut c = pool.get().map_err(|e| e.to_string())?;
    crate::archive::store::referenced(&mut c).map_err(|e| e.to_string())
}

/// `fuyu backup --to PATH`.
pub fn backup(s: &Settings, to: &Path) -> Result<i32, String> {
    if to.exists() {
        return Err(format!(
            "{} already exists; choose a new folder",
            to.display()
        ));
    }
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let kind = db::DbKind::from_url(&s.database_url)?;
    // 1. The database, one consistent snapshot.
    let (backend, db_file, rows) = match kind {
        db::DbKind::Sqlite(_) => {
            use diesel::connection::SimpleConnection;
            let file = to.join(SQLITE_FILE);
            let path = file
                .to_str()
                .ok_or("backup path is not valid UTF-8")?
                .replace('\'', "''");
            let pool = db::connect(&s.database_url, 1).map_err(|e| e.to_string())?;
            let mut c = pool.get().map_err(|e| e.to_string())?;
            c.batch_execute(&format!("VACUUM INTO '{path}'"))
                .map_err(|e| format!("backup failed: {e}"))?;
            drop(c);
            let rows = document_hashes(&format!("sqlite://{}", file.display()))?;
            ("sqlite", SQLITE_FILE, rows)
        }
        db::DbKind::Postgres(_) => {
            // Rows first, then the dump: every row listed here is in the dump, and its file was stored
            // before the row was committed.
            let rows = document_hashes(&s.database_url)?;
            let mut cmd = std::process::Command::new(tool("pg_dump")?);
            cmd.arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(to.join(PG_FILE))
                .arg(&s.database_url);
            run_tool(cmd, "pg_dump")?;
            ("postgres", PG_FILE, rows)
        }
    };
    let (db_sha, db_bytes) =
        hash_file(&to.join(db_file)).map_err(|e| format!("cannot read the database copy: {e}"))?;
    // 2. The document store, after the snapshot.
    let uploads = s.uploads_dir();
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for (sha, from) in stored_files(&uploads).map_err(|e| e.to_string())? {
        let rel = format!("uploads/{}/{sha}", &sha[..2]);
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap_or(to)).map_err(|e| e.to_string())?;
        let (got, bytes) = copy_hashed(&from, &target)
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        if got != sha {
            // A file whose content no longer matches its name is damaged: reported, not backed up.
            let _ = std::fs::remove_file(&target);
            bad.push(format!("{} (damaged)", from.display()));
            continue;
        }
        files.push(Entry {
            path: rel,
            sha256: got,
            bytes,
        });
    }
    // 3. Every document row of the snapshot has its file.
    let have: std::collections::HashSet<&str> = files.iter().map(|f| f.sha256.as_str()).collect();
    for sha in rows.iter().filter(|r| !have.contains(r.as_str())) {
        bad.push(format!(
            "uploads/{}/{sha} (missing from the store)",
            sha.get(..2).unwrap_or("00")
        ));
    }
    bad.sort();
    bad.dedup();
    if !bad.is_empty() {
        return Err(format!(
            "backup incomplete, {} document file(s) missing or damaged (restore them first):\n  {}",
            bad.len(),
            bad.join("\n  ")
        ));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        backend: backend.into(),
        database: Entry {
            path: db_file.into(),
            sha256: db_sha,
            bytes: db_bytes,
        },
        documents: rows.len(),
        files,
    };
    // 4. The manifest last: a folder without one is an unfinished backup.
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    let tmp = to.join("manifest.json.part");
    std::fs::write(&tmp, json).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, to.join(MANIFEST)).map_err(|e| e.to_string())?;
    println!(
        "backup written to {}: {backend} database, {} files for {} documents",
        to.display(),
        manifest.files.len(),
        manifest.documents
    );
    Ok(0)
}

/// Check every file the manifest lists; nothing is changed.
fn verify(from: &Path) -> Result<Manifest, String> {
    let text = std::fs::read(from.join(MANIFEST))
        .map_err(|e| format!("{} has no readable {MANIFEST}: {e}", from.display()))?;
    let m: Manifest = serde_json::from_slice(&text).map_err(|e| format!("{MANIFEST}: {e}"))?;
    if m.format != FORMAT {
        return Err(format!("unknown backup format {}", m.format));
    }
    let mut bad = Vec::new();
    for e in std::iter::once(&m.database).chain(m.files.iter()) {
        if e.path.contains("..") || e.path.starts_with('/') {
            bad.push(format!("{} (bad path)", e.path));
            continue;
        }
        match hash_file(&from.join(&e.path)) {
            Ok((sha, bytes)) if sha == e.sha256 && bytes == e.bytes => {}
            Ok(_) => bad.push(format!("{} (content differs from the manifest)", e.path)),
            Err(err) => bad.push(format!("{} ({err})", e.path)),
        }
    }
    if !bad.is_empty() {
        return Err(format!(
            "the backup does not match its manifest; nothing was restored:\n  {}",
            bad.join("\n  ")
        ));
    }
    Ok(m)
}

/// `fuyu restore --from PATH [--force]`: verify the manifest, then put back the database and the
/// documents. Stop the service first. An existing database is only replaced with `--force` (SQLite:
/// the old file is kept beside it as `*.before-restore`).
pub fn restore(s: &Settings, from: &Path, force: bool) -> Result<i32, String> {
    let m = verify(from)?;
    let kind = db::DbKind::from_url(&s.database_url)?;
    match (&kind, m.backend.as_str()) {
        (db::DbKind::Sqlite(path), "sqlite") => {
            let target = PathBuf::from(path);
            if target.exists() {
                if !force {
                    return Err(format!(
                        "{} exists; stop the service and run again with --force to replace it",
                        target.display()
                    ));
                }
                let aside = target.with_extension("before-restore");
                std::fs::rename(&target, &aside).map_err(|e| e.to_string())?;
                for ext in ["-wal", "-shm"] {
                    let side = PathBuf::from(format!("{}{ext}", target.display()));
                    let _ = std::fs::remove_file(side);
                }
                println!("previous database kept as {}", aside.display());
            }
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            let tmp = PathBuf::from(format!("{}.restoring", target.display()));
            let _ = std::fs::remove_file(&tmp);
            copy_hashed(&from.join(&m.database.path), &tmp).map_err(|e| e.to_string())?;
            std::fs::rename(&tmp, &target).map_err(|e| e.to_string())?;
        }
        (db::DbKind::Postgres(_), "postgres") => {
            let mut cmd = std::process::Command::new(tool("pg_restore")?);
            cmd.arg("--no-owner").arg("--exit-on-error");
            if force {
                cmd.arg("--clean").arg("--if-exists");
            }
            cmd.arg("--dbname")
                .arg(&s.database_url)
                .arg(from.join(&m.database.path));
            run_tool(cmd, "pg_restore")?;
        }
        (_, other) => {
            return Err(format!(
                "this backup holds a {other} database; the configured database is another kind"
            ))
        }
    }
    let uploads = s.uploads_dir();
    let mut copied = 0;
    for e in &m.files {
        let target = uploads.join(e.path.trim_start_matches("uploads/"));
        if target.exists() && hash_file(&target).is_ok_and(|(sha, _)| sha == e.sha256) {
            continue;
        }
        std::fs::create_dir_all(target.parent().unwrap_or(&uploads)).map_err(|e| e.to_string())?;
        let tmp = target.with_extension("part");
        let _ = std::fs::remove_file(&tmp);
        copy_hashed(&from.join(&e.path), &tmp).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &target).map_err(|e| e.to_string())?;
        copied += 1;
    }
    println!(
        "restored the {} database and {} of {} document files into {}; run `fuyu audit-verify` next",
        m.backend,
        copied,
        m.files.len(),
        uploads.display()
    );
    Ok(0)
}
