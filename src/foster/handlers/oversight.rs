//! The foster overview and the monthly payment roster (issue 12 points 9, 10), for heads and
//! supervisors (`OverseeFoster`).

use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::oversight::{self, Overview, RosterLine};
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
    let lines = state
        .run(&cu, move |c, op| oversight::roster(c, op, month))
        .await?;
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
