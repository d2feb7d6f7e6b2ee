//! Admin page to filter the audit log.

use super::{AuditFilter, AuditRow, PAGE_SIZE};
use crate::auth::Action;
use crate::error::AppResult;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "audit/audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub rows: Vec<AuditRow>,
    pub filter: AuditFilter,
    pub page: i64,
    pub has_next: bool,
    pub next_query: String,
    pub prev_query: String,
}

fn query_for(f: &AuditFilter, page: i64) -> String {
    let pairs = [
        ("actor", f.actor.clone().unwrap_or_default()),
        ("action", f.action.clone().unwrap_or_default()),
        ("resource_type", f.resource_type.clone().unwrap_or_default()),
        ("record_id", f.record_id.clone().unwrap_or_default()),
        ("from", f.from.clone().unwrap_or_default()),
        ("to", f.to.clone().unwrap_or_default()),
        ("page", page.to_string()),
    ];
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    q: web::Query<AuditFilter>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAudit)?;
    let filter = q.into_inner();
    let f2 = filter.clone();
    // The page shows every view so far, including those the batch writer still holds.
    let rows = state
        .db(move |c, st| {
            st.views.flush();
            Ok(super::search(c, &f2)?)
        })
        .await?;
    let page = filter.page.unwrap_or(1).max(1);
    render(&AuditPage {
        ctx: Ctx::for_user(&cu),
        has_next: rows.len() as i64 == PAGE_SIZE,
        next_query: query_for(&filter, page + 1),
        prev_query: query_for(&filter, (page - 1).max(1)),
        rows,
        page,
        filter,
    })
}
