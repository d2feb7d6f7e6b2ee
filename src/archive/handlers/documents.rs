//! Uploading (streamed, checked, content-addressed) and downloading documents.

use super::super::model::{self};
use super::super::service::{self};
use super::super::views::UploadTyped;
use super::*;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::web::flash::redirect_with;
use crate::web::{render_status, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Where a multipart upload goes and how much of it may be read.
pub(crate) struct UploadTarget {
    pub uploads_dir: std::path::PathBuf,
    /// The policy limit for the file, in bytes.
    pub limit: u64,
}

/// Refuse a body whose declared length is past the limit before reading any of it (issue 10 point 6):
/// the one check every typed upload uses (`interface_uploads`).
pub(crate) use super::super::interface_uploads::refuse_declared;

fn unreadable() -> AppError {
    AppError::bad(
        "bad_multipart",
        "上传内容无法读取 / The upload could not be read.",
    )
}

/// Read a multipart upload: the text fields (bounded) and the file, streamed into a staged file beside
/// the store and never held in memory; reading stops at the limit (`too_large`, nothing kept).
///
/// With `expected` (a web form), the first field must be the matching `csrf_token`: nothing else is
/// read, and no file byte is stored, before it has been checked.
pub(crate) async fn read_upload(
    mut mp: actix_multipart::Multipart,
    target: &UploadTarget,
    expected: Option<crate::web::csrf::ExpectedToken>,
) -> AppResult<service::Upload> {
    let mut token_ok = expected.is_none();
    use futures_util::StreamExt;
    let mut up = service::Upload {
        section: String::new(),
        doc_type: String::new(),
        title: String::new(),
        doc_date: String::new(),
        issuing_body: String::new(),
        file_name: String::new(),
        claimed_type: None,
        file: None,
        too_large: false,
        replaces: None,
        replace_reason: String::new(),
    };
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or("").to_string();
        if !token_ok && name != "csrf_token" {
            return Err(AppError::Csrf);
        }
        if name == "file" {
            up.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("")
                .to_string();
            up.claimed_type = field.content_type().map(|m| m.essence_str().to_string());
            let mut staged = super::super::store::Staged::new(&target.uploads_dir)
                .map_err(AppError::internal)?;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                if staged.size() + chunk.len() as u64 > target.limit {
                    // Stop here: the staged part is deleted when dropped, the rest is never read.
                    up.too_large = true;
                    return Ok(up);
                }
                staged.write(&chunk).map_err(AppError::internal)?;
            }
            up.file = Some(staged);
            continue;
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            if data.len() + chunk.len() > 4096 {
                return Err(AppError::TooLarge);
            }
            data.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&data).to_string();
        match name.as_str() {
            "csrf_token" => {
                token_ok = expected.as_ref().is_none_or(|t| t.matches(&text));
                if !token_ok {
                    return Err(AppError::Csrf);
                }
            }
            // The page's one select: "section/type" (the type list follows the section).
            "filing" => {
                let (s, t) = text.split_once('/').unwrap_or(("", ""));
                up.section = s.to_string();
                up.doc_type = t.to_string();
            }
            "section" => up.section = text,
            "doc_type" => up.doc_type = text,
            "title" => up.title = text,
            "doc_date" => up.doc_date = text,
            "issuing_body" => up.issuing_body = text,
            "replaces" => up.replaces = text.trim().parse().ok(),
            "replace_reason" => up.replace_reason = text,
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(up)
}

/// Scope, state and the size limit of an upload to `id`, checked before its body is read; then the body.
pub(crate) async fn receive_upload(
    state: &State,
    caller: &impl crate::platform::Caller,
    id: ChildId,
    req: &actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
    expected: Option<crate::web::csrf::ExpectedToken>,
) -> AppResult<service::Upload> {
    let limit = state
        .run(caller, move |c, op| service::upload_limit(c, op, id))
        .await?;
    refuse_declared(req, limit)?;
    let target = UploadTarget {
        uploads_dir: state.settings.uploads_dir(),
        limit,
    };
    read_upload(mp, &target, expected).await
}

pub async fn upload(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    req: actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    cu.require(Action::UploadDocument)?;
    let id = path.into_inner();
    let expected = {
        use actix_web::HttpMessage;
        req.extensions()
            .get::<crate::web::csrf::ExpectedToken>()
            .cloned()
    };
    let up = receive_upload(&state, &cu, id, &req, mp, expected).await?;
    // The page offers no default type: one must be chosen (the API keeps "other" as its default).
    if up.doc_type.is_empty() {
        let mut errors = crate::platform::forms::FieldErrors::default();
        errors.add("filing", cu.tr().t("err.choose_filing"));
        let l = load_all(&state, &cu, id, "documents", "view", String::new()).await?;
        let mut page = child_page(&cu, &l, "documents", false, errors, String::new());
        page.upload = UploadTyped::from(&up);
        return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let typed = UploadTyped::from(&up);
    let settings = state.settings.clone();
    let r = state
        .run(&cu, move |c, op| {
            service::add_document(c, op, id, up, &settings.uploads_dir())
        })
        .await?;
    match r {
        Ok(_) => Ok(redirect_with(
            &format!("/children/{id}?tab=documents"),
            "flash.uploaded",
        )),
        Err(mut errors) => {
            // The section/type pair is one field on the page.
            for f in ["section", "doc_type"] {
                if errors.has(f) {
                    errors.add("filing", errors.msg(f).to_string());
                }
            }
            let l = load_all(&state, &cu, id, "documents", "view", String::new()).await?;
            let mut page = child_page(&cu, &l, "documents", false, errors, String::new());
            page.upload = typed;
            render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// Download a stored document (audited as a view; restricted sections stay hidden). A file missing from
/// the store answers 404 with a message and raises a notice for the admin (issue 10 point 21), never 500.
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    q: web::Query<super::PurposeQuery>,
) -> AppResult<HttpResponse> {
    let (id, doc_id) = path.into_inner();
    // A reader on a lawful ground (ADP-26), with the purpose stated on the page.
    if super::purpose::is_lawful_reader(&cu) {
        return super::purpose::lawful_download(state, cu, id, doc_id, &q.purpose).await;
    }
    cu.require(Action::ViewChildren)?;
    let settings = state.settings.clone();
    let purpose = super::purpose::clean(&q.purpose);
    let served = state
        .run(&cu, move |c, op| {
            let child = service::load(c, op.user, id)?;
            let doc = model::documents(c, id)?
                .into_iter()
                .find(|d| d.id == doc_id)
                .ok_or(AppError::NotFound)?;
            let access = crate::archive::section_access(c, id, &op.user.role, false)?;
            // A restricted section's document is served only on the purpose-stated view (ADP-26,
            // 民法典 第1110条: the head opens a secret adoption's archive with a stated purpose), to a role
            // every active restriction allows; without a purpose it stays hidden (404, as before).
            let stated = access.hides(&doc.section);
            if stated {
                if purpose.is_empty() {
                    return Err(AppError::NotFound);
                }
                if !access.role_may_unlock() {
                    audit::record_alone(
                        c,
                        op.now,
                        op.actor,
                        &Event::ok("view_document", "child_document", doc_id)
                            .with_outcome("denied")
                            .with_detail(format!("child {id}; purpose: {purpose}")),
                    )?;
                    return Ok(None);
                }
                if crate::archive::section_access(c, id, &op.user.role, true)?.hides(&doc.section) {
                    return Err(AppError::NotFound);
                }
            }
            let stated_purpose = if stated {
                format!("; purpose: {purpose}")
            } else {
                String::new()
            };
            // ARC-05: outside the holding institution's own staff, only under an approved request —
            // except the current photo of a visible basic section, the face shown in lists.
            let photo = child.photo_document_id == Some(doc_id);
            let approval = if photo {
                None
            } else {
                service::approval_for(c, op.user, &child, model::ArchiveUse::Download, op.today)?
            };
            let file = super::super::store::path(&settings.uploads_dir(), &doc.sha256);
            match approval {
                Some(rid) => service::audit_approved_use(
                    c,
                    op.now,
                    op.actor,
                    id,
                    rid,
                    &format!("download document {doc_id}{stated_purpose}"),
                )?,
                None => audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &Event::ok("view_document", "child_document", doc_id)
                        .with_detail(format!("child {id}{stated_purpose}")),
                )?,
            }
            Ok(Some((doc, file)))
        })
        .await?;
    // A role no active restriction allows stated a purpose: refused (audited `denied` above).
    let (doc, file) = served.ok_or(AppError::Forbidden)?;
    if let Some(resp) = super::super::store::send_if_present(&doc, file).await? {
        return Ok(resp);
    }
    let sha = doc.sha256.clone();
    state
        .run(&cu, move |c, op| {
            let child = service::load(c, op.user, id)?;
            crate::db::write_tx(c, |c| {
                service::raise_missing_file(c, op, &child, doc_id, &sha)?;
                Ok(())
            })
        })
        .await?;
    let page = crate::error::ErrorPage {
        status: 404,
        zh: crate::platform::catalogue(crate::platform::Lang::Zh).t("err.document_file_missing"),
        en: crate::platform::catalogue(crate::platform::Lang::En).t("err.document_file_missing"),
    };
    Ok(HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(askama::Template::render(&page).map_err(AppError::internal)?))
}
