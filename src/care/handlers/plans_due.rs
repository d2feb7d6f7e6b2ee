//! The plans-due list (`/care/plans-due`, issue 14 point 1 with issue 17 point 6): the care-plan steps
//! due and overdue for the children in care in the user's scope — the first plan (social workers), the
//! head's approval, a returned plan's revision and the review (CARE-01) — with filters (what, due by a
//! date, overdue only, institution), and its download as CSV or XLSX through the shared export pattern
//! (`/care/plans-due/export?…&format=csv|xlsx`, the same filters applied, audited). The dates are the
//! ones the daily pass turns into tasks (`service::due`), so the list and the tasks agree.

use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::service::due;
use crate::error::{AppError, AppResult};
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
use crate::platform::Op;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

/// The plan steps the list shows (codes of `service::due`).
pub const WHATS: [&str; 4] = ["plan_first", "plan_approval", "plan_revise", "plan_review"];

/// The filters as typed (query string); a bad value is refused under its field.
#[derive(Deserialize, Default, Clone)]
pub struct Filters {
    #[serde(default)]
    pub what: String,
    /// Due on or before this date (YYYY-MM-DD).
    #[serde(default)]
    pub until: String,
    /// `1`: overdue only.
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub institution: String,
    #[serde(default)]
    pub format: String,
}

impl Filters {
    /// The query string of the filters (for the download links).
    fn query(&self) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        };
        format!(
            "what={}&until={}&overdue={}&institution={}",
            enc(&self.what),
            enc(&self.until),
            enc(&self.overdue),
            enc(&self.institution)
        )
    }
}

/// One plan step due for a child.
pub struct DueRow {
    pub id: i64,
    pub archive_no: String,
    pub name: String,
    pub institution: String,
    pub what: String,
    pub due: NaiveDate,
    pub overdue: bool,
    pub days_late: i64,
    pub who: String,
}

#[derive(Template)]
#[template(path = "care/plans_due.html")]
pub struct PlansDuePage {
    pub ctx: Ctx,
    pub rows: Vec<DueRow>,
    pub f: Filters,
    pub whats: Vec<(String, String)>,
    pub institutions: Vec<(String, String)>,
    pub query: String,
    pub errors: crate::platform::FieldErrors,
}

/// Checked filters.
struct Checked {
    what: Option<String>,
    until: Option<NaiveDate>,
    overdue: bool,
    institution: Option<i64>,
}

fn check(op: &Op<'_>, f: &Filters) -> Result<Checked, crate::platform::FieldErrors> {
    let mut e = crate::platform::FieldErrors::default();
    let what = f.what.trim();
    if !what.is_empty() && !WHATS.contains(&what) {
        e.add("what", op.tr.t("care.err.bad_filter"));
    }
    let until = f.until.trim();
    let until_d = crate::care::service::parse_date(until);
    if !until.is_empty() && until_d.is_none() {
        e.add("until", op.tr.t("care.err.bad_filter"));
    }
    let inst = f.institution.trim();
    let inst_id = inst.parse::<i64>().ok();
    if !inst.is_empty() && inst_id.is_none() {
        e.add("institution", op.tr.t("care.err.bad_filter"));
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Checked {
        what: (!what.is_empty()).then(|| what.to_string()),
        until: until_d,
        overdue: matches!(f.overdue.trim(), "1" | "on" | "true"),
        institution: inst_id,
    })
}

type Loaded = (Vec<DueRow>, Vec<(String, String)>);

/// The rows in the user's scope with the filters applied, and the institutions in scope.
fn rows(c: &mut crate::db::DbConn, op: &Op<'_>, k: &Checked) -> AppResult<Loaded> {
    let scope = crate::auth::scope::institution_scope(c, op.user)?;
    let insts = crate::org::model::list_in_scope(c, &scope)?;
    let choices: Vec<(String, String)> = insts
        .iter()
        .map(|(i, _)| (i64::from(i.id).to_string(), i.name.clone()))
        .collect();
    // An institution outside the scope filters to nothing (never another institution's children).
    let ids: Vec<crate::org::InstitutionId> = insts
        .iter()
        .map(|(i, _)| i.id)
        .filter(|i| k.institution.is_none_or(|w| i64::from(*i) == w))
        .collect();
    let name_of = |id: crate::org::InstitutionId| {
        insts
            .iter()
            .find(|(i, _)| i.id == id)
            .map_or(String::new(), |(i, _)| i.name.clone())
    };
    let mut out = Vec::new();
    for s in crate::archive::active_children(c, &ids, 2000)? {
        let child = crate::archive::load_in_scope(c, op.user, s.id)?;
        for l in due::for_child(c, &child, op.today)? {
            let overdue = l.due < op.today;
            if !WHATS.contains(&l.what.as_str())
                || k.what.as_ref().is_some_and(|w| *w != l.what)
                || k.until.is_some_and(|u| l.due > u)
                || (k.overdue && !overdue)
            {
                continue;
            }
            out.push(DueRow {
                id: s.id.into(),
                archive_no: s.archive_no.clone(),
                name: s.legal_name.clone(),
                institution: name_of(s.institution_id),
                what: op.tr.t(&format!("care.due.{}", l.what)).to_string(),
                due: l.due,
                overdue,
                days_late: if overdue {
                    (op.today - l.due).num_days()
                } else {
                    0
                },
                who: op.tr.t(&format!("role.{}", l.role)).to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.archive_no.cmp(&b.archive_no)));
    Ok((out, choices))
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    q: web::Query<Filters>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    let f = q.into_inner();
    let f2 = f.clone();
    let (rows, institutions, errors) = state
        .run(&cu, move |c, op| {
            let (k, errors) = match check(op, &f2) {
                Ok(k) => (k, crate::platform::FieldErrors::default()),
                Err(e) => (
                    Checked {
                        what: None,
                        until: None,
                        overdue: false,
                        institution: None,
                    },
                    e,
                ),
            };
            let (rows, insts) = rows(c, op, &k)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "care_plans_due", "-"),
            )?;
            Ok((rows, insts, errors))
        })
        .await?;
    let ctx = Ctx::for_user(&cu);
    let whats = WHATS
        .iter()
        .map(|w| (w.to_string(), ctx.t(&format!("care.due.{w}")).to_string()))
        .collect();
    let status = if errors.is_empty() {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let query = f.query();
    render_status(
        &PlansDuePage {
            ctx,
            rows,
            f,
            whats,
            institutions,
            query,
            errors,
        },
        status,
    )
}

pub async fn export(
    state: State,
    cu: CurrentUser,
    q: web::Query<Filters>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    let tr = cu.tr();
    let f = q.into_inner();
    let format = Format::from_name(&f.format)
        .ok_or_else(|| AppError::bad("bad_format", tr.t("care.err.bad_format")))?;
    let tables = state
        .run(&cu, move |c, op| {
            let k = check(op, &f)
                .map_err(|_| AppError::bad("bad_filter", op.tr.t("care.err.bad_filter")))?;
            let (rows, _) = rows(c, op, &k)?;
            let t = |k: &str| op.tr.t(k).to_string();
            let mut table = Table::new(t("care.plans_due_title"))
                .column(t("care.archive_no"), ColumnKind::Id)
                .column(t("care.child"), ColumnKind::Text)
                .column(t("care.institution"), ColumnKind::Text)
                .column(t("care.due_what"), ColumnKind::Text)
                .column(t("care.due_on"), ColumnKind::Date)
                .column(t("care.days_late"), ColumnKind::Int)
                .column(t("care.responsible_role"), ColumnKind::Text);
            for r in &rows {
                table.row(vec![
                    Cell::text(&r.archive_no),
                    Cell::text(&r.name),
                    Cell::text(&r.institution),
                    Cell::text(&r.what),
                    Cell::Date(r.due),
                    Cell::Int(r.days_late),
                    Cell::text(&r.who),
                ]);
            }
            let what = format!("plans-due.{}", format.extension());
            audit::record(
                c,
                op.now,
                op.actor,
                &export::audit_event(crate::care::MODULE_NAME, &what, &f.query()),
            )?;
            Ok(vec![table])
        })
        .await?;
    export::download(format, "care-plans-due", &tables)
}
