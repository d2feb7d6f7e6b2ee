//! Supervisor oversight of transfers in a division (TRF; seed 003 §3(1): no child "should be sent but not
//! sent, should be received but not received"): a page and a CSV/XLSX download.

use super::super::service::oversight::{report, Line};
use super::super::views::OversightPage;
use crate::auth::scope;
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;

async fn load(state: &State, cu: &CurrentUser) -> AppResult<Vec<Line>> {
    state
        .run(&cu, move |c, op| {
            let sc = scope::institution_scope(c, op.user)?;
            let lines = report(c, &sc, op.today, op.tr)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view_list", "transfer", "-").with_detail("oversight"),
            )?;
            Ok(lines)
        })
        .await
}

pub async fn page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeTransfers)?;
    let lines = load(&state, &cu).await?;
    let tr = cu.tr();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in &lines {
        let label = tr.t(&format!("oversight.{}", l.kind)).to_string();
        match counts.iter_mut().find(|(k, _)| *k == label) {
            Some(c) => c.1 += 1,
            None => counts.push((label, 1)),
        }
    }
    render(&OversightPage {
        counts,
        lines: lines
            .into_iter()
            .map(|l| (tr.t(&format!("oversight.{}", l.kind)).to_string(), l))
            .collect(),
        ctx: Ctx::for_user(&cu),
    })
}

/// The same report as CSV or XLSX (the shared export pattern). Audited as an export.
pub async fn export(
    state: State,
    cu: CurrentUser,
    path: actix_web::web::Path<String>,
) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeTransfers)?;
    let format = Format::from_name(&path).ok_or(crate::error::AppError::NotFound)?;
    let lines = load(&state, &cu).await?;
    let tr = cu.tr();
    let mut t = Table::new(tr.t("nav.oversight"))
        .column(tr.t("oversight.col.kind"), ColumnKind::Text)
        .column(tr.t("oversight.col.institution"), ColumnKind::Text)
        .column(tr.t("oversight.col.reference"), ColumnKind::Id)
        .column(tr.t("oversight.col.detail"), ColumnKind::Text);
    for l in &lines {
        t.row(vec![
            Cell::text(tr.t(&format!("oversight.{}", l.kind))),
            Cell::text(l.institution.clone()),
            Cell::text(l.reference.clone()),
            Cell::text(l.detail.clone()),
        ]);
    }
    let what = format!("oversight.{}", format.extension());
    state
        .run(&cu, move |c, op| {
            Ok(crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event("transfer", &what, ""),
            )?)
        })
        .await?;
    export::download(format, "transfer-oversight", &[t])
}
