//! HTTP handlers of the child-list import (issue 17 point 5): the page, the template download, the
//! upload (multipart, size-limited, CSRF checked in its first field before any file byte is read), the
//! dry-run report and the import. Heads only (`Action::ImportChildren`), into their own institution.

use super::super::service::import::{self, Imported};
use super::super::service::import_file::MAX_BYTES;
use super::super::service::import_template;
use super::import_views::{ImportPage, ProgressPage, ReportPage};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::progress::Progress;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;

/// The multipart framing and the token around the file.
const FORM_OVERHEAD: u64 = 64 * 1024;

async fn page(state: &State, cu: &CurrentUser, error: Option<String>) -> AppResult<HttpResponse> {
    let uploads = state.run(cu, import::list).await?;
    let failed = error.is_some();
    let p = ImportPage {
        ctx: Ctx::for_user(cu),
        uploads,
        error: error.unwrap_or_default(),
        max_mb: MAX_BYTES / (1024 * 1024),
    };
    if failed {
        render_status(&p, StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        render(&p)
    }
}

/// `GET /oversight/import`.
pub async fn import_page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ImportChildren)?;
    page(&state, &cu, None).await
}

/// `GET /oversight/import/template`: the empty template (no child data in it).
pub async fn import_template(cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ImportChildren)?;
    let bytes = import_template::template(cu.tr())?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "content-disposition",
            "attachment; filename=\"fuyu-children-template.xlsx\"",
        ))
        .body(bytes))
}

/// What the upload form sent.
enum Received {
    File(String, Vec<u8>),
    /// A message for the page (too large, no file).
    Refused(String),
}

async fn receive(
    req: &HttpRequest,
    mut mp: actix_multipart::Multipart,
    tr: &crate::platform::Catalogue,
) -> AppResult<Received> {
    let too_large = || {
        Received::Refused(tr.tf(
            "oversight.import.err.too_large",
            &[("mb", &(MAX_BYTES / (1024 * 1024)).to_string())],
        ))
    };
    let declared: Option<u64> = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let expected = req
        .extensions()
        .get::<crate::web::csrf::ExpectedToken>()
        .cloned();
    let mut token_ok = expected.is_none();
    let unreadable = || {
        AppError::bad(
            "bad_multipart",
            tr.t("oversight.import.err.unreadable_upload"),
        )
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or("").to_string();
        if !token_ok && name != "csrf_token" {
            return Err(AppError::Csrf);
        }
        if name == "file" {
            // Checked only after the token: a cross-site post learns nothing, not even the limit.
            if declared.is_some_and(|n| n > MAX_BYTES + FORM_OVERHEAD) {
                return Ok(too_large());
            }
            let fname = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("")
                .to_string();
            let mut data = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                if (data.len() + chunk.len()) as u64 > MAX_BYTES {
                    return Ok(too_large());
                }
                data.extend_from_slice(&chunk);
            }
            file = Some((fname, data));
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
        if name == "csrf_token" {
            let text = String::from_utf8_lossy(&data);
            token_ok = expected.as_ref().is_none_or(|t| t.matches(&text));
            if !token_ok {
                return Err(AppError::Csrf);
            }
        }
    }
    if !token_ok {
        return Err(AppError::Csrf);
    }
    Ok(match file {
        Some((name, data)) if !data.is_empty() => Received::File(name, data),
        _ => Received::Refused(tr.t("oversight.import.err.no_file").to_string()),
    })
}

/// `POST /oversight/import`: the upload; its dry run; then its report page.
pub async fn import_upload(
    state: State,
    cu: CurrentUser,
    req: HttpRequest,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    cu.require(Action::ImportChildren)?;
    match receive(&req, mp, cu.tr()).await? {
        Received::Refused(msg) => page(&state, &cu, Some(msg)).await,
        Received::File(name, bytes) => {
            let id = state
                .run(&cu, move |c, op| import::check(c, op, &name, &bytes))
                .await?;
            Ok(HttpResponse::SeeOther()
                .insert_header(("location", format!("/oversight/import/{id}")))
                .finish())
        }
    }
}

/// Rows of the report shown in full; beyond, the page says how many more (all are in the counts).
const SHOWN_GOOD_ROWS: usize = 200;

/// `GET /oversight/import/{id}`: the dry-run report (or the import's outcome).
pub async fn import_report(
    state: State,
    cu: CurrentUser,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ImportChildren)?;
    let id: i64 = path.parse().map_err(|_| AppError::NotFound)?;
    let up = state.run(&cu, move |c, op| import::load(c, op, id)).await?;
    // Read after the scope check: another institution's import shows nothing of its progress.
    let notice = match state.running.take(&running_key(id)) {
        Some(Progress::Running { done, total }) => {
            return render(&ProgressPage {
                ctx: Ctx::for_user(&cu),
                done_text: cu.tr().tf(
                    "oversight.import.progress_text",
                    &[("done", &done.to_string()), ("total", &total.to_string())],
                ),
                upload: up,
                done,
                total,
            });
        }
        Some(Progress::Ended { ok, message }) => Some((ok, message)),
        None => None,
    };
    let report = up.report();
    let good: Vec<_> = report.rows.iter().filter(|r| r.good()).cloned().collect();
    render(&ReportPage {
        ctx: Ctx::for_user(&cu),
        bad: report.rows.iter().filter(|r| !r.good()).cloned().collect(),
        warned: report
            .rows
            .iter()
            .filter(|r| !r.warnings.is_empty())
            .cloned()
            .collect(),
        more_good: good.len().saturating_sub(SHOWN_GOOD_ROWS),
        good: good.into_iter().take(SHOWN_GOOD_ROWS).collect(),
        file_problems: report.file_problems,
        upload: up,
        notice,
    })
}

/// The key of an import's progress (`AppState::running`).
fn running_key(id: i64) -> String {
    format!("oversight-import:{id}")
}

/// `POST /oversight/import/{id}`: start the import (one transaction) and answer at once with the report
/// page, which shows how far it is while it runs (a file has up to 5,000 rows: seconds to minutes).
pub async fn import_run(
    state: State,
    cu: CurrentUser,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ImportChildren)?;
    let id: i64 = path.parse().map_err(|_| AppError::NotFound)?;
    // In scope (else 404) and still to import (else the import's own refusal, as before).
    let up = state.run(&cu, move |c, op| import::load(c, op, id)).await?;
    let to = format!("/oversight/import/{id}");
    let key = running_key(id);
    if up.state != "checked" {
        return Err(AppError::Conflict(
            cu.tr().t("oversight.import.err.not_pending").to_string(),
        ));
    }
    // A second click while it runs: the page that shows it.
    if !state.running.start(&key, up.rows_good.max(0) as usize) {
        return Ok(HttpResponse::SeeOther()
            .insert_header(("location", to))
            .finish());
    }
    let (st, caller) = (state.clone(), cu.clone());
    actix_web::rt::spawn(async move {
        let running = st.running.clone();
        let k = key.clone();
        let out = st
            .run(&caller, move |c, op| {
                import::import(c, op, id, &|n, of| running.advance(&k, n, of))
            })
            .await;
        let tr = caller.tr();
        let (ok, message) = match out {
            Ok(Imported::Done(_)) => (true, tr.t("flash.oversight_import_done").to_string()),
            Ok(Imported::Changed) => (false, tr.t("flash.oversight_import_changed").to_string()),
            Err(e) => (false, e.message_in(caller.lang())),
        };
        st.running.end(&key, ok, message);
    });
    Ok(HttpResponse::SeeOther()
        .insert_header(("location", to))
        .finish())
}
