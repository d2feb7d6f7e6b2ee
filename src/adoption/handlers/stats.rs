//! Registrar statistics (`/adoption/statistics`, issue 13 point 7): per quarter the applications, the
//! registrations, the refusals by reason and the average days from receipt to decision, for the
//! registrar's own bureau.

use crate::adoption::model::{self, AppState};
use crate::adoption::rules::stats::{self, Quarter, Record, Row};
use crate::auth::{Action, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;
use askama::Template;

/// One quarter's line as shown.
pub struct StatLine {
    pub quarter: String,
    pub applications: i64,
    pub registrations: i64,
    pub refusals: i64,
    pub avg_days: String,
    /// "ADP-04 民法典 第1098条 ×2" …
    pub reasons: Vec<(String, i64)>,
}

#[derive(Template)]
#[template(path = "adoption/stats.html")]
pub struct StatsPage {
    pub ctx: Ctx,
    pub lines: Vec<StatLine>,
}

/// The quarters' figures and the refusals by (quarter, rule).
pub type Figures = (Vec<Row>, Vec<(Quarter, String, i64)>);

/// The bureau's figures (registrar only: another bureau's applications are not counted).
pub fn figures(c: &mut DbConn, op: &Op<'_>) -> AppResult<Figures> {
    if op.user.role() != Role::Registrar {
        return Err(AppError::Forbidden);
    }
    let own: Vec<i64> = op.user.institution_id.map(|i| i.0).into_iter().collect();
    let records: Vec<Record> = model::applications_where(c, &own, &[])?
        .into_iter()
        .map(|a| {
            let registered = matches!(
                a.state(),
                Some(AppState::Registered | AppState::Dissolved | AppState::Revoked)
            );
            let refused = a.state() == Some(AppState::Refused);
            Record {
                received: a.received_on,
                decided: a
                    .decided_on
                    .filter(|_| registered || refused)
                    .map(|d| (d, registered)),
                refusal_rules: a
                    .refusal_rules
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            }
        })
        .collect();
    crate::audit::record_alone(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "adoption_statistics", 0),
    )?;
    Ok(stats::quarterly(&records))
}

/// The reason's label: the rule id with its article, or "other".
pub fn reason_label(tr: &crate::platform::Catalogue, rule: &str) -> String {
    if rule == "other" {
        return tr.t("adoption.stats.other").to_string();
    }
    match crate::adoption::rules::eligibility::article_of(rule) {
        Some(article) => format!("{rule}（{article}）"),
        None => rule.to_string(),
    }
}

pub fn lines(
    tr: &crate::platform::Catalogue,
    rows: &[Row],
    reasons: &[(Quarter, String, i64)],
) -> Vec<StatLine> {
    rows.iter()
        .map(|r| StatLine {
            quarter: r.quarter.label(),
            applications: r.applications,
            registrations: r.registrations,
            refusals: r.refusals,
            avg_days: r.avg_days_tenths.map(stats::tenths).unwrap_or_default(),
            reasons: reasons
                .iter()
                .filter(|(q, _, _)| *q == r.quarter)
                .map(|(_, rule, n)| (reason_label(tr, rule), *n))
                .collect(),
        })
        .collect()
}

/// `GET /adoption/statistics`.
pub async fn show(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (rows, reasons) = state.run(&cu, figures).await?;
    render(&StatsPage {
        lines: lines(cu.tr(), &rows, &reasons),
        ctx: Ctx::for_user(&cu),
    })
}

/// `GET /adoption/statistics/export?format=csv|xlsx` (the shared export pattern, audited): the quarters
/// and, in XLSX, a second sheet of the refusals by reason. Another format is 404.
pub async fn export(
    state: State,
    cu: CurrentUser,
    q: actix_web::web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
    cu.require(Action::ManageAdoptions)?;
    let format = Format::from_name(&q.format).ok_or(AppError::NotFound)?;
    let what = format!("statistics.{}", format.extension());
    let (rows, reasons) = state
        .run(&cu, move |c, op| {
            let r = figures(c, op)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event("adoption_statistics", &what, ""),
            )?;
            Ok(r)
        })
        .await?;
    let tr = cu.tr();
    let mut t = Table::new(tr.t("adoption.stats.sheet"))
        .column(tr.t("adoption.stats.quarter"), ColumnKind::Id)
        .column(tr.t("adoption.stats.applications"), ColumnKind::Int)
        .column(tr.t("adoption.stats.registrations"), ColumnKind::Int)
        .column(tr.t("adoption.stats.refusals"), ColumnKind::Int)
        .column(tr.t("adoption.stats.avg_days"), ColumnKind::Text);
    for r in &rows {
        t.row(vec![
            Cell::text(r.quarter.label()),
            Cell::Int(r.applications),
            Cell::Int(r.registrations),
            Cell::Int(r.refusals),
            Cell::opt_text(r.avg_days_tenths.map(stats::tenths)),
        ]);
    }
    let mut why = Table::new(tr.t("adoption.stats.reasons_sheet"))
        .column(tr.t("adoption.stats.quarter"), ColumnKind::Id)
        .column(tr.t("adoption.stats.reason"), ColumnKind::Text)
        .column(tr.t("adoption.stats.count"), ColumnKind::Int);
    for (q, rule, n) in &reasons {
        why.row(vec![
            Cell::text(q.label()),
            Cell::text(reason_label(tr, rule)),
            Cell::Int(*n),
        ]);
    }
    export::download(format, "adoption-statistics", &[t, why])
}

/// The export's query.
#[derive(serde::Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: String,
}
