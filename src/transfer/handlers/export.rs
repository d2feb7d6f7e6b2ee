//! The transfers list as CSV or XLSX (issue 17 point 6): the batches the user's side may see (the same
//! `service::visible` as the list page, no filter on that page), Chinese column names, dates as dates,
//! the reference number as text, through the shared export pattern (audited).

use super::super::service;
use crate::auth::Action;
use crate::db::schema::institutions;
use crate::error::{AppError, AppResult};
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use diesel::prelude::*;

/// `?format=csv|xlsx`.
#[derive(serde::Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

/// Rows the export holds at most (the list page shows the newest 500).
const MAX_ROWS: i64 = 10_000;

/// `GET /transfers/export?format=csv|xlsx`.
pub async fn export_transfers(
    state: State,
    cu: CurrentUser,
    q: web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let format = q
        .format
        .as_deref()
        .and_then(Format::from_name)
        .ok_or(AppError::NotFound)?;
    let (rows, names) = state
        .run(&cu, move |c, op| {
            let rows = service::visible(c, op, MAX_ROWS)?;
            let names: Vec<(crate::org::InstitutionId, String)> = institutions::table
                .select((institutions::id, institutions::name))
                .load(c)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event(
                    "transfer",
                    &format!("transfers.{} ({} rows)", format.extension(), rows.len()),
                    "",
                ),
            )?;
            Ok((rows, names))
        })
        .await?;
    let tr = cu.tr();
    let name = |id| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let mut t = Table::new(tr.t("nav.transfers"))
        .column(tr.t("transfer.reference"), ColumnKind::Id)
        .column(tr.t("transfer.sender"), ColumnKind::Text)
        .column(tr.t("transfer.receiver"), ColumnKind::Text)
        .column(tr.t("transfer.planned_date"), ColumnKind::Date)
        .column(tr.t("field.status"), ColumnKind::Text)
        .column(tr.t("field.created_at"), ColumnKind::Date);
    for b in rows {
        t.row(vec![
            Cell::text(
                b.reference
                    .clone()
                    .unwrap_or_else(|| format!("{} #{}", tr.t("transfer.batch"), b.id)),
            ),
            Cell::text(name(b.sender_institution_id)),
            Cell::text(name(b.receiver_institution_id)),
            Cell::Date(b.planned_date),
            Cell::text(tr.t(&format!("transfer.state.{}", b.state))),
            Cell::Date(b.created_at.date()),
        ]);
    }
    export::download(format, "transfers", &[t])
}
