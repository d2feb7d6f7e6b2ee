//! The monthly allowance roster (issue 17 point 3): the page of one institution's roster for a month,
//! with the standards in force, and its download (CSV/XLSX, the shared export pattern).

use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::allowance as rules;
use crate::oversight::service::{self, allowance::Roster, Place};
use crate::platform::export::{self, Cell, ColumnKind, Table};
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

/// `?institution=ID&month=YYYY-MM&format=csv|xlsx`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RosterQuery {
    pub institution: Option<String>,
    pub month: Option<String>,
    pub format: Option<String>,
}

impl RosterQuery {
    /// The month asked for (this month when absent); a malformed month is a 400 naming the field.
    fn month(&self, today: NaiveDate) -> AppResult<NaiveDate> {
        match self.month.as_deref().map(str::trim) {
            None | Some("") => Ok(rules::first_of(today)),
            Some(s) => rules::parse_month(s)
                .ok_or_else(|| AppError::bad("invalid_field", "month: must be YYYY-MM")),
        }
    }
    /// The institution asked for; not a number names no institution (404).
    fn institution(&self) -> AppResult<Option<i64>> {
        match self.institution.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| AppError::NotFound),
        }
    }
}

/// A roster line as shown.
pub struct LineView {
    pub archive_no: String,
    pub name: String,
    pub category: String,
    pub change: String,
    pub changed: bool,
    pub stop: bool,
    pub yuan: i64,
    pub previous_yuan: Option<i64>,
}

/// A standard as shown.
pub struct StandardView {
    pub category: String,
    pub yuan: Option<i64>,
    pub jurisdiction: String,
    pub effective_from: String,
    pub source: String,
    pub verified: bool,
    pub below_floor: bool,
}

#[derive(Template)]
#[template(path = "oversight/allowance_roster.html")]
pub struct RosterPage {
    pub ctx: Ctx,
    pub places: Vec<Place>,
    pub selected: Option<i64>,
    pub month: String,
    pub previous: String,
    pub next: String,
    pub institution_name: String,
    pub standards: Vec<StandardView>,
    pub lines: Vec<LineView>,
    pub total: i64,
    pub paid: usize,
    pub shown: bool,
}

impl RosterPage {
    pub fn is_selected(&self, p: &Place) -> bool {
        self.selected == Some(p.id.0)
    }
}

fn ym(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn reason_label(cu: &CurrentUser, l: &service::allowance::Line) -> String {
    let tr = cu.tr();
    let change = tr.t(&l.change.label_key()).to_string();
    match (&l.discharge_reason, l.change) {
        (Some(r), rules::Change::Discharged) => {
            format!("{change}（{}）", tr.t(&format!("discharge.{r}")))
        }
        _ => change,
    }
}

pub async fn roster(
    state: State,
    cu: CurrentUser,
    q: web::Query<RosterQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAllowanceRoster)?;
    let month = q.month(state.clock.today())?;
    let asked = q.institution()?;
    let format = match q.format.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => Some(
            export::Format::from_name(f)
                .ok_or_else(|| AppError::bad("invalid_field", "format: must be csv or xlsx"))?,
        ),
    };
    let (places, roster) = state
        .run(&cu, move |c, op| {
            let places = service::places(c, op, None)?;
            // A head oversees one institution: the roster opens on it.
            let one = asked.or(match places.as_slice() {
                [only] => Some(only.id.0),
                _ => None,
            });
            let roster = match one {
                Some(i) => Some(service::allowance::roster(c, op, i, month)?),
                None => None,
            };
            if let (Some(f), Some(r)) = (format, &roster) {
                crate::audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &export::audit_event(
                        "allowance_roster",
                        &format!("allowance-roster.{}", f.extension()),
                        &format!("institution={} month={}", r.place.id, ym(month)),
                    ),
                )?;
            }
            Ok((places, roster))
        })
        .await?;
    if let (Some(f), Some(r)) = (format, &roster) {
        return download(&cu, f, r);
    }
    if format.is_some() {
        return Err(AppError::bad(
            "invalid_field",
            "institution: choose the institution of the roster",
        ));
    }
    let tr = cu.tr();
    let mut page = RosterPage {
        ctx: Ctx::for_user(&cu),
        places,
        selected: roster.as_ref().map(|r| r.place.id.0),
        month: ym(month),
        previous: ym(rules::previous_month(month)),
        next: ym(rules::last_of(month).succ_opt().unwrap_or(month)),
        institution_name: String::new(),
        standards: vec![],
        lines: vec![],
        total: 0,
        paid: 0,
        shown: roster.is_some(),
    };
    if let Some(r) = roster {
        page.institution_name = r.place.name.clone();
        page.standards = r
            .standards
            .iter()
            .map(|s| StandardView {
                category: tr.t(&s.category.label_key()).to_string(),
                yuan: s.yuan,
                jurisdiction: s.jurisdiction.clone(),
                effective_from: s.effective_from.map(|d| d.to_string()).unwrap_or_default(),
                source: s.source.clone(),
                verified: s.verified,
                below_floor: s.below_floor,
            })
            .collect();
        page.lines = r
            .lines
            .iter()
            .map(|l| LineView {
                archive_no: l.archive_no.clone(),
                name: l.name.clone(),
                category: tr.t(&l.category.label_key()).to_string(),
                change: reason_label(&cu, l),
                changed: l.change != rules::Change::Continuing || l.previous_yuan.is_some(),
                stop: l.change.is_stop(),
                yuan: l.yuan,
                previous_yuan: l.previous_yuan,
            })
            .collect();
        page.total = r.total;
        page.paid = r.paid;
    }
    render(&page)
}

/// The roster through the shared export pattern: archive numbers as text, amounts as money.
fn download(cu: &CurrentUser, format: export::Format, r: &Roster) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let mut t = Table::new(format!(
        "{} {}",
        tr.t("oversight.allowance.roster"),
        ym(r.month)
    ))
    .column(tr.t("oversight.allowance.institution"), ColumnKind::Text)
    .column(tr.t("oversight.allowance.month"), ColumnKind::Text)
    .column(tr.t("oversight.allowance.archive_no"), ColumnKind::Id)
    .column(tr.t("oversight.allowance.name"), ColumnKind::Text)
    .column(tr.t("oversight.allowance.category"), ColumnKind::Text)
    .column(tr.t("oversight.allowance.change"), ColumnKind::Text)
    .column(tr.t("oversight.allowance.amount"), ColumnKind::Money)
    .column(tr.t("oversight.allowance.previous"), ColumnKind::Money);
    for l in &r.lines {
        t.row(vec![
            Cell::text(r.place.name.clone()),
            Cell::text(ym(r.month)),
            Cell::text(l.archive_no.clone()),
            Cell::text(l.name.clone()),
            Cell::text(tr.t(&l.category.label_key())),
            Cell::text(reason_label(cu, l)),
            Cell::Money(l.yuan * 100),
            l.previous_yuan
                .map_or(Cell::Empty, |p| Cell::Money(p * 100)),
        ]);
    }
    export::download(
        format,
        &format!("allowance-roster-{}-{}", r.place.id, ym(r.month)),
        &[t],
    )
}
