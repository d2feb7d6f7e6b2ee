//! HTTP handlers of the oversight module: the dashboard, the table behind each chart and its download.

pub mod quarterly;
pub use quarterly::{quarterly, quarterly_download};

use super::charts;
use super::service::{self, dashboard, Place};
use super::table::Table;
use super::views::{DashboardPage, Panel, TablePage};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::export;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};

/// `?institution=…` narrows the figures to one institution of the user's scope.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Narrow {
    pub institution: Option<String>,
    pub format: Option<String>,
    pub quarter: Option<String>,
}

impl Narrow {
    /// The institution asked for; a value that is not a number names no institution (404).
    pub fn institution(&self) -> AppResult<Option<i64>> {
        match self.institution.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| AppError::NotFound),
        }
    }
    pub fn query(&self) -> AppResult<String> {
        Ok(self
            .institution()?
            .map(|i| format!("?institution={i}"))
            .unwrap_or_default())
    }
}

/// The places and the dashboard's tables, audited as a view of aggregate figures.
async fn load(
    state: &State,
    cu: &CurrentUser,
    only: Option<i64>,
    what: String,
) -> AppResult<(Vec<Place>, Vec<Table>)> {
    let kept = state.kept.clone();
    state
        .run(cu, move |c, op| {
            let places = service::places(c, op, only)?;
            let tables = dashboard::tables(c, op, &places, only.is_some(), &kept)?;
            service::audit(c, op, "view_list", &what)?;
            Ok((places, tables))
        })
        .await
}

/// The dashboard (issue 17 point 1).
pub async fn dashboard(
    state: State,
    cu: CurrentUser,
    q: web::Query<Narrow>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewOversight)?;
    let only = q.institution()?;
    let query = q.query()?;
    let (places, tables) = load(&state, &cu, only, format!("dashboard{query}")).await?;
    let all_places = if only.is_some() {
        state.run(&cu, |c, op| service::places(c, op, None)).await?
    } else {
        places
    };
    let panels: Vec<Panel> = tables
        .into_iter()
        .map(|table| Panel {
            svg: charts::svg(&table),
            legend: table
                .series()
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), charts::colour(i)))
                .collect(),
            query: query.clone(),
            table,
        })
        .collect();
    // The caregiver-shift module's table (incidents, mandatory reports) is there once it has figures.
    let incidents_missing = !panels.iter().any(|p| p.table.slug == "incidents");
    render(&DashboardPage {
        ctx: Ctx::for_user(&cu),
        places: all_places,
        selected: only,
        panels,
        incidents_missing,
        as_of: cu.tr().tf(
            "oversight.as_of",
            &[("date", &state.clock.today().to_string())],
        ),
    })
}

/// One table of the dashboard, found by its slug (an unknown slug is a 404).
async fn one_table(
    state: &State,
    cu: &CurrentUser,
    slug: &str,
    q: &Narrow,
) -> AppResult<(Table, String)> {
    let only = q.institution()?;
    let what = format!("{slug}{}", q.query()?);
    let (places, tables) = load(state, cu, only, what).await?;
    let table = tables
        .into_iter()
        .find(|t| t.slug == slug)
        .ok_or(AppError::NotFound)?;
    let scope = match (only, places.first()) {
        (Some(_), Some(p)) => p.name.clone(),
        _ => String::new(),
    };
    Ok((table, scope))
}

/// The table behind a chart (one click away from it).
pub async fn table(
    state: State,
    cu: CurrentUser,
    path: web::Path<String>,
    q: web::Query<Narrow>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewOversight)?;
    let (table, scope_name) = one_table(&state, &cu, &path, &q).await?;
    render(&TablePage {
        ctx: Ctx::for_user(&cu),
        totals: table.totals(),
        query: q.query()?,
        table,
        scope_name,
    })
}

/// The table as CSV or XLSX through the shared export pattern, audited with its filter.
pub async fn table_download(
    state: State,
    cu: CurrentUser,
    path: web::Path<String>,
    q: web::Query<Narrow>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewOversight)?;
    let format = export::Format::from_name(q.format.as_deref().unwrap_or("csv"))
        .ok_or(AppError::NotFound)?;
    let slug = path.into_inner();
    let (table, _) = one_table(&state, &cu, &slug, &q).await?;
    let filter = format!("{slug}{}", q.query()?);
    state
        .run(&cu, move |c, op| {
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event(super::MODULE_NAME, "dashboard-table", &filter),
            )?;
            Ok(())
        })
        .await?;
    let tr = cu.tr();
    export::download(
        format,
        &format!("oversight-{slug}"),
        &[to_export(&table, tr)],
    )
}

/// A dashboard table as an export table: the row label as text, every count as a whole number.
pub fn to_export(t: &Table, tr: &crate::platform::Catalogue) -> export::Table {
    let mut x = export::Table::new(tr.t(t.title));
    for (i, c) in t.columns.iter().enumerate() {
        let kind = if i == 0 {
            export::ColumnKind::Text
        } else {
            export::ColumnKind::Int
        };
        x = x.column(c.clone(), kind);
    }
    for r in &t.rows {
        let mut cells = vec![export::Cell::text(r.label.clone())];
        cells.extend(r.values.iter().map(|v| export::Cell::Int(*v)));
        x.row(cells);
    }
    x
}

// Excel import of an institution's child list (issue 17 point 5).
pub mod import;
pub mod import_views;
// allowances (issue 17 point 3)
pub mod allowance;
// yearly duties (issue 17 point 4)
pub mod duties;
// yearly archive spot check (issue 17 point 4; seed 002)
pub mod spot_check;
// yearly duties (issue 17 point 4): the progress report (工作进展情况报告, seed 003).
pub mod progress_print;
pub mod progress_report;
