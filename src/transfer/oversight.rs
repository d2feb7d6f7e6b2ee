//! Supervisor oversight of transfers in a division (TRF; seed 003 §3(1): no child "should be sent but not
//! sent, should be received but not received"): a page and a CSV download.

use super::rules::{self, BatchState};
use crate::auth::scope::{self, InstitutionScope};
use crate::auth::Action;
use crate::db::schema::{institutions, transfer_batches as tb, transfer_children as tc};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;
use askama::Template;
use chrono::NaiveDate;
use diesel::prelude::*;

/// One line of the oversight report.
pub struct Line {
    pub kind: &'static str,
    pub institution: String,
    pub reference: String,
    pub detail: String,
    pub link: String,
}

/// Long-term guardianship categories (2018 list and the revision's long-term grounds).
fn long_term(category: &str) -> bool {
    category.starts_with("2018-") || category.starts_with("lt-")
}

pub fn report(
    conn: &mut DbConn,
    sc: &InstitutionScope,
    today: NaiveDate,
) -> QueryResult<Vec<Line>> {
    let insts: Vec<(i64, String, String)> = institutions::table
        .select((institutions::id, institutions::name, institutions::kind))
        .load(conn)?;
    let name = |id: i64| {
        insts
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    };
    let county: Vec<i64> = insts
        .iter()
        .filter(|(i, _, k)| k == "county-welfare" && sc.contains(*i))
        .map(|(i, _, _)| *i)
        .collect();
    let mut out = Vec::new();
    // 应移送未移送: long-term-guarded children still in county institutions and in no open transfer.
    let in_transfer: Vec<i64> = tc::table
        .filter(tc::open_child_id.is_not_null())
        .select(tc::child_id)
        .load(conn)?;
    let waiting: Vec<(i64, i64, String, String)> =
        crate::archive::active_children(conn, &county, i64::MAX)?
            .into_iter()
            .filter(|k| !in_transfer.contains(&k.id))
            .map(|k| (k.id, k.institution_id, k.archive_no, k.intake_category))
            .collect();
    for (id, inst, no, cat) in waiting.into_iter().filter(|w| long_term(&w.3)) {
        out.push(Line {
            kind: "not-sent",
            institution: name(inst),
            reference: no,
            detail: cat,
            link: format!("/children/{id}"),
        });
    }
    let open: Vec<(i64, i64, i64, String, NaiveDate)> = tb::table
        .filter(tb::state.eq_any(["submitted", "accepted", "returned"]))
        .select((
            tb::id,
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
            tb::planned_date,
        ))
        .load(conn)?;
    let discrepancies = super::service::open_discrepancies(conn)?;
    for (id, sender, receiver, state, planned) in open
        .into_iter()
        .filter(|b| sc.contains(b.1) || sc.contains(b.2))
    {
        let st = BatchState::parse(&state).unwrap_or(BatchState::Draft);
        if matches!(st, BatchState::Submitted | BatchState::Accepted) {
            out.push(Line {
                kind: "not-received",
                institution: name(receiver),
                reference: format!("#{id}"),
                detail: format!("{} → {}", name(sender), state),
                link: format!("/transfers/{id}"),
            });
        }
        if rules::overdue(planned, today, st) {
            out.push(Line {
                kind: "overdue",
                institution: name(sender),
                reference: format!("#{id}"),
                detail: planned.to_string(),
                link: format!("/transfers/{id}"),
            });
        }
        for (_, label) in discrepancies.iter().filter(|(b, _)| *b == id) {
            out.push(Line {
                kind: "discrepancy",
                institution: name(sender),
                reference: format!("#{id}"),
                detail: label.clone(),
                link: format!("/transfers/{id}"),
            });
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "transfer/oversight.html")]
pub struct OversightPage {
    pub ctx: Ctx,
    pub lines: Vec<(String, Line)>,
}

async fn load(state: &State, cu: &CurrentUser) -> AppResult<Vec<Line>> {
    state
        .run(&cu, move |c, op| {
            let sc = scope::institution_scope(c, op.user)?;
            let lines = report(c, &sc, op.today)?;
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
    render(&OversightPage {
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
