//! The children list as CSV or XLSX (issue 17 point 6): the list's own filters (search, status,
//! category, age band, sort), every matching row (not one page), Chinese column names, dates as dates,
//! archive and ID numbers as text, through the shared export pattern (`platform::export`: formula
//! injection neutralised, audited with the filter).
//!
//! Field-level scope (字段级限制) as on the page: each row goes through `views_for`, so a field the
//! user may not see for that child (a restricted section) is empty; the ID number column exists only
//! for roles that see ID numbers in full (a caregiver sees them masked on the page, so the column is
//! left out of the export altogether).

use super::super::model::{self, ChildFilter};
use super::super::service;
use crate::auth::{Action, Role};
use crate::error::{AppError, AppResult};
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpRequest, HttpResponse};

/// Most rows one export holds (a province's list is exported per institution or filter).
const MAX_ROWS: i64 = 100_000;

/// `GET /children/export?format=csv|xlsx&…the list's filters…`.
pub async fn export_children(
    state: State,
    cu: CurrentUser,
    req: HttpRequest,
    q: web::Query<ChildFilter>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let format = web::Query::<FormatQuery>::from_query(req.query_string())
        .ok()
        .and_then(|f| f.format.as_deref().and_then(Format::from_name))
        .ok_or(AppError::NotFound)?;
    let mut f = q.into_inner();
    f.per_page = Some(200);
    let filter = req.query_string().to_string();
    let tr = cu.tr();
    let with_id = cu.role() != Role::Caregiver;
    let rows = state
        .run(&cu, move |c, op| {
            let sc = service::child_scope(c, op.user)?;
            let mut out = Vec::new();
            let mut page = 1;
            loop {
                f.page = Some(page);
                let (rows, total) = model::search(c, &sc, &f, op.today)?;
                let done = rows.is_empty() || page * 200 >= total.min(MAX_ROWS);
                out.extend(crate::archive::views_for(c, &rows, &op.user.role)?);
                if done {
                    break;
                }
                page += 1;
            }
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event(
                    "child",
                    &format!("children.{} ({} rows)", format.extension(), out.len()),
                    &filter,
                ),
            )?;
            Ok(out)
        })
        .await?;
    let mut t = Table::new(tr.t("nav.children"))
        .column(tr.t("child.archive_no"), ColumnKind::Id)
        .column(tr.t("child.legal_name"), ColumnKind::Text)
        .column(tr.t("child.sex"), ColumnKind::Text)
        .column(tr.t("child.birth_date"), ColumnKind::Date);
    if with_id {
        t = t.column(tr.t("child.id_number"), ColumnKind::Id);
    }
    t = t
        .column(tr.t("child.intake_category"), ColumnKind::Text)
        .column(tr.t("child.intake_date"), ColumnKind::Date)
        .column(tr.t("child.status"), ColumnKind::Text);
    for c in rows {
        let mut cells = vec![
            Cell::text(&c.archive_no),
            Cell::text(&c.legal_name),
            Cell::text(tr.t(&format!("sex.{}", c.sex))),
            Cell::Date(c.birth_date),
        ];
        if with_id {
            cells.push(Cell::opt_text(c.id_number.clone().flatten()));
        }
        cells.push(match &c.intake_category {
            Some(cat) => Cell::text(tr.t(&format!("category.{cat}"))),
            None => Cell::text(tr.t("archive.withheld")),
        });
        cells.push(Cell::date(c.intake_date));
        cells.push(Cell::text(tr.t(c.status_key())));
        t.row(cells);
    }
    export::download(format, "children", &[t])
}

#[derive(serde::Deserialize)]
struct FormatQuery {
    format: Option<String>,
}
