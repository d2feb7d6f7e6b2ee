//! The content-addressed document store: files live under the uploads folder by their SHA-256
//! (`ab/abcdef…`), written once, never overwritten or deleted.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Where the file with this SHA-256 lives.
pub fn path(uploads: &Path, sha: &str) -> PathBuf {
    uploads.join(sha.get(..2).unwrap_or("00")).join(sha)
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

/// Answer with a stored document's bytes, shown inline, never cached (children's data).
pub async fn send(
    doc: &super::model::Document,
    file: PathBuf,
) -> crate::error::AppResult<actix_web::HttpResponse> {
    let bytes = actix_web::web::block(move || std::fs::read(file))
        .await?
        .map_err(crate::error::AppError::internal)?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type(doc.mime.clone())
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"document-{}\"", doc.id),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
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
}
