//! Restriction flags, borrow/copy requests (借阅/复制) and their decisions.

use super::super::model::{self};
use super::super::service::{self};
use super::super::views::*;
use super::*;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RestrictForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn restrict(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<RestrictForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::RestrictArchive)?;
    let id = path.into_inner();
    let f = form.into_inner();
    state
        .run(&cu, move |c, op| {
            service::restrict(c, op.user, op.actor, id, &f.kind, &f.reason, op.now)
        })
        .await?;
    Ok(redirect_with(
        &format!("/children/{id}"),
        "flash.restricted",
    ))
}

#[derive(Deserialize)]
pub struct AccessForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub purpose: String,
}

pub async fn request_access(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<AccessForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let (tr, f) = (cu.tr(), form.into_inner());
    let r = state
        .run(&cu, move |c, op| {
            service::request_access(c, op, id, &f.kind, &f.purpose)
        })
        .await?;
    let l = load_all(&state, &cu, id, "access", "view", String::new()).await?;
    match r {
        Ok(_) => render(&child_page(
            &cu,
            &l,
            "access",
            false,
            FieldErrors::default(),
            tr.t("archive.request_sent").into(),
        )),
        Err(e) => render_status(
            &child_page(&cu, &l, "access", false, e, String::new()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

pub async fn requests(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let user = cu.user.clone();
    let rows = state
        .db(move |c, _| {
            use crate::db::schema::{archive_requests as r, children as ch, users as u};
            use diesel::prelude::*;
            let sc = service::child_scope(c, &user)?;
            let mut q = r::table
                .inner_join(ch::table)
                .inner_join(u::table.on(u::id.eq(r::requested_by)))
                .select((
                    model::ArchiveRequest::as_select(),
                    ch::archive_no,
                    u::display_name,
                ))
                .order(r::id.desc())
                .into_boxed();
            if let crate::auth::scope::InstitutionScope::Only(ids) = sc {
                q = q.filter(ch::institution_id.eq_any(ids));
            }
            Ok(q.limit(200)
                .load::<(model::ArchiveRequest, String, String)>(c)?)
        })
        .await?;
    render(&RequestsPage {
        rows: rows
            .into_iter()
            .map(|(req, archive_no, requester)| RequestLine {
                req,
                archive_no,
                requester,
            })
            .collect(),
        can_decide: cu.user.can(Action::DecideArchiveRequest),
        ctx: Ctx::for_user(&cu),
    })
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    /// The approval's end date (ARC-05), required to approve.
    #[serde(default)]
    pub valid_until: String,
}

pub async fn decide(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DecideArchiveRequest)?;
    let id = path.into_inner();
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => {
            return Err(AppError::bad(
                "bad_decision",
                "approve or refuse / 请选择批准或拒绝",
            ))
        }
    };
    let note = form.note.clone();
    let until = chrono::NaiveDate::parse_from_str(form.valid_until.trim(), "%Y-%m-%d").ok();
    state
        .run(&cu, move |c, op| {
            service::decide_request(c, op.user, op.actor, id, approve, until, &note, op.now)
        })
        .await?;
    Ok(redirect_with("/archive/requests", "flash.request_decided"))
}
