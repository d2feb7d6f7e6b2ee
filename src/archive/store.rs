//! The content-addressed document store: files live under the uploads folder by their SHA-256
//! (`ab/abcdef…`), written once, never overwritten or deleted.
//!
//! An upload is streamed into a [`Staged`] file in `.incoming/` beside the store while it is read (its
//! SHA-256 and size computed on the way, never the whole file in memory — issue 10 point 6); only a
//! checked upload is renamed into place. A staged file that is dropped (refused, too large, a broken
//! connection) is deleted.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of files still being received (never part of the store or of a backup).
pub const INCOMING: &str = ".incoming";

/// How many leading bytes are kept to identify the file type (`infer` reads at most a few KiB).
const HEAD: usize = 8192;

/// Where the file with this SHA-256 lives.
pub fn path(uploads: &Path, sha: &str) -> PathBuf {
    uploads.join(sha.get(..2).unwrap_or("00")).join(sha)
}

/// The SHA-256 of every document row — the archive's and those of the modules listed in
/// `crate::modules::STORED_FILES` — the files a backup must hold (issue 10 point 21).
pub fn referenced(conn: &mut crate::db::DbConn) -> diesel::QueryResult<Vec<String>> {
    use crate::db::schema::child_documents;
    use diesel::prelude::*;
    let mut out: Vec<String> = child_documents::table
        .select(child_documents::sha256)
        .load(conn)?;
    // Other modules' uploads share the store (crate::modules::STORED_FILES).
    for files in crate::modules::STORED_FILES {
        out.extend(files(conn)?);
    }
    Ok(out)
}

/// Store `bytes` (atomically: a temporary file renamed into place) and return their SHA-256.
pub fn put(uploads: &Path, bytes: &[u8]) -> std::io::Result<String> {
    let sha = hex::encode(Sha256::digest(bytes));
    let target = path(uploads, &sha);
    if !target.exists() {
        let dir = target.parent().unwrap_or(uploads);
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{sha}.part"));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &target)?;
    }
    Ok(sha)
}

/// A file being received: written to `.incoming/`, hashed and counted as it arrives.
pub struct Staged {
    tmp: Option<PathBuf>,
    file: Option<std::fs::File>,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
}

impl Staged {
    /// A new, empty staged file in the store's own folder (same file system: the final rename is atomic).
    pub fn new(uploads: &Path) -> std::io::Result<Staged> {
        let dir = uploads.join(INCOMING);
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!("{}.part", hex::encode(rand::random::<[u8; 16]>())));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        Ok(Staged {
            tmp: Some(tmp),
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
        })
    }

    /// A staged file holding `bytes` (for callers that already have the whole file, e.g. other modules).
    pub fn from_bytes(uploads: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let mut s = Staged::new(uploads)?;
        s.write(bytes)?;
        Ok(s)
    }

    /// Append a chunk.
    pub fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        match self.file.as_mut() {
            Some(f) => f.write_all(chunk),
            None => Err(std::io::Error::other("staged file already closed")),
        }
    }

    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The first bytes, to identify the type.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Move the checked file into the store under its SHA-256 (kept if the same content is already
    /// there) and return the SHA-256.
    pub fn commit(mut self, uploads: &Path) -> std::io::Result<String> {
        let sha = hex::encode(self.hasher.clone().finalize());
        if let Some(f) = self.file.take() {
            f.sync_all()?;
        }
        let target = path(uploads, &sha);
        let tmp = self
            .tmp
            .take()
            .ok_or_else(|| std::io::Error::other("no file"))?;
        if target.exists() {
            std::fs::remove_file(&tmp)?;
        } else {
            std::fs::create_dir_all(target.parent().unwrap_or(uploads))?;
            std::fs::rename(&tmp, &target)?;
        }
        Ok(sha)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.file.take();
        if let Some(tmp) = self.tmp.take() {
            // Best effort: a refused or abandoned upload leaves nothing behind.
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Answer with a stored document's bytes, shown inline, never cached (children's data); a file missing
/// from the store is a 404, never a 500.
pub async fn send(
    doc: &super::model::Document,
    file: PathBuf,
) -> crate::error::AppResult<actix_web::HttpResponse> {
    send_if_present(doc, file)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

/// As [`send`], but a file that is missing from the store answers `Ok(None)`: the archive's own
/// download shows a 404 with a message and tells the admin.
pub async fn send_if_present(
    doc: &super::model::Document,
    file: PathBuf,
) -> crate::error::AppResult<Option<actix_web::HttpResponse>> {
    let bytes = actix_web::web::block(move || match std::fs::read(file) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    })
    .await?
    .map_err(crate::error::AppError::internal)?;
    Ok(bytes.map(|bytes| {
        actix_web::HttpResponse::Ok()
            .content_type(doc.mime.clone())
            .insert_header((
                "Content-Disposition",
                format!("inline; filename=\"document-{}\"", doc.id),
            ))
            .insert_header(("Cache-Control", "no-store"))
            .body(bytes)
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_bytes_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = super::put(dir.path(), b"%PDF-1.7 x").unwrap();
        let b = super::put(dir.path(), b"%PDF-1.7 x").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            std::fs::read(super::path(dir.path(), &a)).unwrap(),
            b"%PDF-1.7 x"
        );
        assert!(!super::path(dir.path(), &a).with_extension("part").exists());
    }

    #[test]
    fn staged_files_commit_by_hash_or_vanish() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = super::Staged::new(dir.path()).unwrap();
        s.write(b"%PDF-1.7 ").unwrap();
        s.write(b"x").unwrap();
        assert_eq!(s.size(), 10);
        let sha = s.commit(dir.path()).unwrap();
        assert_eq!(sha, super::put(dir.path(), b"%PDF-1.7 x").unwrap());
        let dropped = super::Staged::from_bytes(dir.path(), b"abc").unwrap();
        drop(dropped);
        let incoming = dir.path().join(super::INCOMING);
        assert_eq!(std::fs::read_dir(incoming).unwrap().count(), 0);
    }
}
