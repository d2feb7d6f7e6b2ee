//! The quarterly statistical extract (issue 17 point 2): a page to choose the quarter and the XLSX
//! (one sheet per institution and a summary sheet first) through the shared export pattern.

use super::Narrow;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::{last_ended_quarter, Quarter};
use crate::oversight::service::{self, quarterly};
use crate::oversight::views::QuarterlyPage;
use crate::platform::export;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};

/// The quarter asked for (`2026Q3`), by default the last one ended. A quarter not yet ended is refused
/// as not found: its figures would still change (the extract is of ended quarters only).
fn quarter_of(q: &Narrow, today: chrono::NaiveDate) -> AppResult<Quarter> {
    match q.quarter.as_deref().map(str::trim) {
        None | Some("") => Ok(last_ended_quarter(today)),
        Some(s) => Quarter::parse(s)
            .filter(|q| q.ended_by(today))
            .ok_or(AppError::NotFound),
    }
}

/// The last eight ended quarters, newest first (the page's choice).
fn recent(today: chrono::NaiveDate) -> Vec<Quarter> {
    let mut q = last_ended_quarter(today);
    (0..8)
        .map(|_| {
            let this = q;
            q = q.previous();
            this
        })
        .collect()
}

pub async fn quarterly(
    state: State,
    cu: CurrentUser,
    q: web::Query<Narrow>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ExportStatistics)?;
    let today = state.clock.today();
    let quarter = quarter_of(&q, today)?;
    let (places, extract) = state
        .run(&cu, move |c, op| {
            let places = service::places(c, op, None)?;
            let x = quarterly::extract(c, op, &places, quarter)?;
            service::audit(c, op, "view_list", &format!("quarterly {}", quarter.code()))?;
            Ok((places, x))
        })
        .await?;
    let sheets_text = cu.tr().tf(
        "oversight.quarterly_sheets",
        &[("n", &places.len().to_string())],
    );
    render(&QuarterlyPage {
        sheets_text,
        ctx: Ctx::for_user(&cu),
        quarters: recent(today),
        selected: quarter,
        places,
        summary: extract.summary,
    })
}

/// The XLSX: the summary sheet, then one sheet per institution; every line with its code.
pub async fn quarterly_download(
    state: State,
    cu: CurrentUser,
    q: web::Query<Narrow>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ExportStatistics)?;
    let quarter = quarter_of(&q, state.clock.today())?;
    let only = q.institution()?;
    let tr = cu.tr();
    let extract = state
        .run(&cu, move |c, op| {
            let places = service::places(c, op, only)?;
            let x = quarterly::extract(c, op, &places, quarter)?;
            let filter = format!(
                "quarter={}{}",
                quarter.code(),
                only.map(|i| format!("&institution={i}"))
                    .unwrap_or_default()
            );
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event(crate::oversight::MODULE_NAME, "quarterly.xlsx", &filter),
            )?;
            Ok(x)
        })
        .await?;
    let sheet = |name: String, lines: &[quarterly::Line]| {
        let mut t = export::Table::new(name)
            .column(tr.t("oversight.q.code"), export::ColumnKind::Id)
            .column(tr.t("oversight.q.item"), export::ColumnKind::Text)
            .column(extract.quarter.code(), export::ColumnKind::Int);
        for l in lines {
            t.row(vec![
                export::Cell::text(l.code.clone()),
                export::Cell::text(l.label.clone()),
                export::Cell::Int(l.value),
            ]);
        }
        t
    };
    let mut tables = vec![sheet(
        tr.t("oversight.q.summary").to_string(),
        &extract.summary,
    )];
    tables.extend(
        extract
            .places
            .iter()
            .map(|(p, lines)| sheet(p.name.clone(), lines)),
    );
    export::download(
        export::Format::Xlsx,
        &format!("quarterly-{}", extract.quarter.code()),
        &tables,
    )
}
