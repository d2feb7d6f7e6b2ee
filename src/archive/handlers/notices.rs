//! A notice the archive raised (ID conflict, county intake exception, missing file): its addressee reads
//! it and marks it handled, which closes its task (issue 10 points 7, 15, 21).

use super::super::model::{Notice, NoticeKind};
use super::super::service;
use crate::error::AppResult;
use crate::web::flash::redirect_with;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "archive/notice.html")]
pub struct NoticePage {
    pub ctx: Ctx,
    pub notice: Notice,
    pub kind_label: &'static str,
    pub kind_help: &'static str,
}

/// The catalogue keys of a notice kind: its title and what the addressee should do.
pub fn kind_keys(kind: NoticeKind) -> (&'static str, &'static str) {
    match kind {
        NoticeKind::IdConflict => ("notice.kind.id-conflict", "notice.help.id-conflict"),
        NoticeKind::IntakeException => (
            "notice.kind.intake-exception",
            "notice.help.intake-exception",
        ),
        NoticeKind::MissingFile => ("notice.kind.missing-file", "notice.help.missing-file"),
    }
}

pub async fn show_notice(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let notice = state
        .run(&cu, move |c, op| service::notice_for(c, op, id))
        .await?;
    let (kind_label, kind_help) = kind_keys(notice.kind);
    render(&NoticePage {
        ctx: Ctx::for_user(&cu),
        notice,
        kind_label,
        kind_help,
    })
}

pub async fn close_notice(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    state
        .run(&cu, move |c, op| service::close_notice(c, op, id))
        .await?;
    Ok(redirect_with("/", "flash.notice_closed"))
}
