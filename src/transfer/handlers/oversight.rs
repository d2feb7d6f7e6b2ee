//! Supervisor oversight of transfers in a division (TRF; seed 003 §3(1): no child "should be sent but not
//! sent, should be received but not received"): a page and a CSV download.

use super::super::service::oversight::{report, Line};
use super::super::views::OversightPage;
use crate::auth::scope;
use crate::auth::Action;
use crate::error::AppResult;
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

/// The same report as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese correctly). Audited as an export.
pub async fn csv(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeTransfers)?;
    let lines = load(&state, &cu).await?;
    let tr = cu.tr();
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let head = [
        tr.t("oversight.col.kind"),
        tr.t("oversight.col.institution"),
        tr.t("oversight.col.reference"),
        tr.t("oversight.col.detail"),
    ];
    w.write_record(head)
        .map_err(crate::error::AppError::internal)?;
    for l in &lines {
        w.write_record([
            tr.t(&format!("oversight.{}", l.kind)),
            l.institution.as_str(),
            l.reference.as_str(),
            l.detail.as_str(),
        ])
        .map_err(crate::error::AppError::internal)?;
    }
    let bytes = w.into_inner().map_err(crate::error::AppError::internal)?;
    state
        .run(&cu, move |c, op| {
            Ok(crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("export", "transfer", "-").with_detail("oversight.csv"),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"transfer-oversight.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
