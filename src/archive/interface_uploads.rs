//! Typed uploads for other modules (the foster module's family documents and visit photos, issue 12):
//! the archive's own checks of an uploaded file — read streamed into the content-addressed store's
//! staging folder, size-limited by the policy `archive.upload_max_mb` of the institution, PDF/JPEG/PNG
//! identified from the bytes and matching the name and the declared type — and its inline, uncached
//! download. The archive's own upload (`service::add_document`) uses the same [`check_file`].

use super::store::Staged;
use crate::error::{AppError, AppResult};
use crate::platform::Catalogue;

/// Room for the text fields and the multipart framing around the file.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// The longest text field of an upload form.
const FIELD_MAX: usize = 4096;

/// A multipart form as read: its text fields and the file staged beside the store (never in memory).
pub struct Received {
    pub fields: Vec<(String, String)>,
    pub file_name: String,
    pub claimed_type: Option<String>,
    pub file: Option<Staged>,
    /// Reading stopped at the limit: nothing of the file was kept.
    pub too_large: bool,
}

impl Received {
    /// A text field's value ("" when absent).
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The policy upload limit, in bytes, for an institution (`archive.upload_max_mb` of its division).
pub fn upload_limit_bytes(
    conn: &mut crate::db::DbConn,
    inst: crate::org::InstitutionId,
    today: chrono::NaiveDate,
) -> AppResult<u64> {
    let inst = crate::org::model::holding(conn, inst)?.ok_or(AppError::NotFound)?;
    let mb = crate::policy::int(
        conn,
        crate::policy::keys::ARCHIVE_UPLOAD_MAX_MB,
        Some(inst.division_id),
        today,
    )?;
    Ok(mb.unsigned_abs() * 1024 * 1024)
}

/// Refuse a body whose declared length is past the limit before reading any of it.
pub fn refuse_declared(req: &actix_web::HttpRequest, limit: u64) -> AppResult<()> {
    let declared: Option<u64> = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    if declared.is_some_and(|n| n > limit.saturating_add(FORM_OVERHEAD)) {
        return Err(AppError::TooLarge);
    }
    Ok(())
}

fn unreadable() -> AppError {
    AppError::bad(
        "bad_multipart",
        "上传内容无法读取 / The upload could not be read.",
    )
}

/// Read a multipart form: text fields (bounded) and one `file`, streamed into a staged file; reading
/// stops at `limit` (`too_large`, nothing kept). With `expected` (a web form), the first field must be
/// the matching `csrf_token`: nothing else is read before it has been checked.
pub async fn read_form(
    mut mp: actix_multipart::Multipart,
    uploads_dir: &std::path::Path,
    limit: u64,
    expected: Option<crate::web::csrf::ExpectedToken>,
) -> AppResult<Received> {
    use futures_util::StreamExt;
    let mut token_ok = expected.is_none();
    let mut r = Received {
        fields: Vec::new(),
        file_name: String::new(),
        claimed_type: None,
        file: None,
        too_large: false,
    };
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or("").to_string();
        if !token_ok && name != "csrf_token" {
            return Err(AppError::Csrf);
        }
        if name == "file" {
            r.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("")
                .to_string();
            r.claimed_type = field.content_type().map(|m| m.essence_str().to_string());
            let mut staged = Staged::new(uploads_dir).map_err(AppError::internal)?;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                if staged.size() + chunk.len() as u64 > limit {
                    r.too_large = true;
                    return Ok(r);
                }
                staged.write(&chunk).map_err(AppError::internal)?;
            }
            r.file = Some(staged);
            continue;
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            if data.len() + chunk.len() > FIELD_MAX {
                return Err(AppError::TooLarge);
            }
            data.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&data).to_string();
        if name == "csrf_token" {
            token_ok = expected.as_ref().is_none_or(|t| t.matches(&text));
            if !token_ok {
                return Err(AppError::Csrf);
            }
        }
        r.fields.push((name, text));
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(r)
}

/// The accepted file types, identified from the bytes (PDF, JPEG, PNG).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    super::service::sniff(bytes)
}

fn extension_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some("application/pdf"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        _ => None,
    }
}

/// The archive's checks of an uploaded file: within `max_bytes` (reading stopped or the size past
/// it), not empty, a safe name, PDF/JPEG/PNG by content, matching what the name and the declared type
/// claim. The sniffed type, or the message for the `file` field in the reader's language.
pub fn check_file(
    tr: &Catalogue,
    name: &str,
    size: u64,
    head: Option<&[u8]>,
    claimed_type: Option<&str>,
    too_large: bool,
    max_bytes: u64,
) -> Result<&'static str, String> {
    let name = name.trim();
    let sniffed = head.and_then(sniff);
    if too_large || size > max_bytes {
        let mb = (max_bytes / (1024 * 1024)).to_string();
        return Err(tr.tf("err.file_too_large", &[("n", &mb)]));
    }
    if size == 0 {
        return Err(tr.t("err.file_missing").to_string());
    }
    if name.contains('/')
        || name.contains('\\')
        || name.contains("..")
        || name.chars().any(char::is_control)
        || name.chars().count() > 120
    {
        return Err(tr.t("err.file_name").to_string());
    }
    let Some(mime) = sniffed else {
        return Err(tr.t("err.file_type").to_string());
    };
    if extension_type(name) != Some(mime)
        || claimed_type.is_some_and(|c| c != "application/octet-stream" && c != mime)
    {
        return Err(tr.t("err.file_type_mismatch").to_string());
    }
    Ok(mime)
}

/// [`check_file`] on a received form.
pub fn check_received(
    tr: &Catalogue,
    r: &Received,
    max_bytes: u64,
) -> Result<&'static str, String> {
    check_file(
        tr,
        &r.file_name,
        r.file.as_ref().map_or(0, |f| f.size()),
        r.file.as_ref().map(|f| f.head()),
        r.claimed_type.as_deref(),
        r.too_large,
        max_bytes,
    )
}

/// Answer with a stored file by its SHA-256, shown inline and never cached (children's and families'
/// data); a file missing from the store is a 404, never a 500.
pub async fn send_stored(
    uploads_dir: &std::path::Path,
    sha: &str,
    mime: &str,
    download_name: &str,
) -> AppResult<actix_web::HttpResponse> {
    let file = super::store::path(uploads_dir, sha);
    let bytes = actix_web::web::block(move || match std::fs::read(file) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    })
    .await?
    .map_err(AppError::internal)?
    .ok_or(AppError::NotFound)?;
    let safe: String = download_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    Ok(actix_web::HttpResponse::Ok()
        .content_type(mime.to_string())
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{safe}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// Put bytes already in hand (demo data) into the store; their SHA-256.
pub fn store_bytes(uploads_dir: &std::path::Path, bytes: &[u8]) -> std::io::Result<String> {
    super::store::put(uploads_dir, bytes)
}
