//! The foster overview and the monthly payment roster (issue 12 points 9, 10), for heads and
//! supervisors (`OverseeFoster`).

use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::oversight::{self, Overview, RosterLine};
use crate::platform::export::{self, Cell, ColumnKind, Table};
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "foster/oversight.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub o: Overview,
}

pub async fn overview(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeFoster)?;
    let o = state.run(&cu, oversight::overview).await?;
    render(&OverviewPage {
        ctx: Ctx::for_user(&cu),
        o,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RosterQuery {
    /// `YYYY-MM`; this month when empty or malformed.
    pub month: String,
    /// `csv` or `xlsx` for a download.
    pub format: String,
}

#[derive(Template)]
#[template(path = "foster/roster.html")]
pub struct RosterPage {
    pub ctx: Ctx,
    pub month: String,
    pub lines: Vec<RosterLine>,
    pub total_rearing: String,
    pub total_labour: String,
}

/// Fen as yuan with two decimals.
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

impl RosterPage {
    pub fn yuan<T: std::borrow::Borrow<i64>>(&self, fen: T) -> String {
        yuan(*fen.borrow())
    }
}

fn month_of(q: &str, today: NaiveDate) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("{}-01", q.trim()), "%Y-%m-%d").unwrap_or(today)
}

pub async fn roster(
    state: State,
    cu: CurrentUser,
    q: web::Query<RosterQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeFoster)?;
    let month = month_of(&q.month, state.clock.today());
    let format = match q.format.trim() {
        "" => None,
        f => Some(export::Format::from_name(f).ok_or_else(|| {
            crate::error::AppError::bad("invalid_field", "format: must be csv or xlsx")
        })?),
    };
    let lines = state
        .run(&cu, move |c, op| {
            let lines = oversight::roster(c, op, month)?;
            if let Some(f) = format {
                crate::audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &export::audit_event(
                        "foster_roster",
                        &format!("roster.{}", f.extension()),
                        &month.format("%Y-%m").to_string(),
                    ),
                )?;
            }
            Ok(lines)
        })
        .await?;
    if let Some(f) = format {
        return download(&cu, f, month, &lines);
    }
    let total_rearing = yuan(lines.iter().map(|l| l.rearing_fen).sum());
    let total_labour = yuan(lines.iter().map(|l| l.labour_fen).sum());
    render(&RosterPage {
        ctx: Ctx::for_user(&cu),
        month: month.format("%Y-%m").to_string(),
        lines,
        total_rearing,
        total_labour,
    })
}

/// The roster through the shared export pattern: one sheet, money in yuan, archive numbers as text.
fn download(
    cu: &CurrentUser,
    format: export::Format,
    month: NaiveDate,
    lines: &[RosterLine],
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let mut t = Table::new(format!(
        "{} {}",
        tr.t("foster.roster"),
        month.format("%Y-%m")
    ))
    .column(tr.t("foster.institution"), ColumnKind::Text)
    .column(tr.t("foster.family_name"), ColumnKind::Text)
    .column(tr.t("foster.caregiver_name"), ColumnKind::Text)
    .column(tr.t("foster.child"), ColumnKind::Text)
    .column(tr.t("foster.archive_no"), ColumnKind::Id)
    .column(tr.t("foster.days"), ColumnKind::Int)
    .column(tr.t("foster.rearing_subsidy"), ColumnKind::Money)
    .column(tr.t("foster.labour_subsidy"), ColumnKind::Money);
    for l in lines {
        t.row(vec![
            Cell::text(l.institution.clone()),
            Cell::text(l.family.clone()),
            Cell::text(l.caregiver.clone()),
            Cell::text(l.child.clone()),
            Cell::text(l.archive_no.clone()),
            Cell::Int(l.days),
            Cell::Money(l.rearing_fen),
            Cell::Money(l.labour_fen),
        ]);
    }
    export::download(
        format,
        &format!("foster-roster-{}", month.format("%Y-%m")),
        &[t],
    )
}
