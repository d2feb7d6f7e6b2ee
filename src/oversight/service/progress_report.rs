//! The yearly progress report (工作进展情况报告, seed 003: 每年11月底前将工作进展情况报送; issue 17 point 4):
//! the supervisor of a division drafts the year's report — figures computed for the division
//! (`progress_figures`) and a draft sentence per section written from them — edits the sections, may
//! bring the figures up to date while it is a draft, and files it (报送). A filed report never changes:
//! its figures and text are what the PDF and XLSX print, whenever they are downloaded. The supervisors of
//! the divisions above read the filed reports of the divisions below. The daily pass keeps a task for each
//! supervisor of a division below the top until the division's report of the year is filed (`due`).

use super::progress_figures;
use crate::auth::scope::division_subtree;
use crate::db::schema::{
    divisions, oversight_progress_report_sections as se, oversight_progress_reports as pr, users,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::progress_report::{self as rules, Figure, Section};
use crate::oversight::rules::spot_check::{due_on, task_open};
use crate::platform::{FieldErrors, Op};
use crate::policy::{self, keys};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// The catalogue key of the supervisor's task.
pub const TASK_KEY: &str = "task.oversight_progress_report";

/// A report's head row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pr)]
pub struct Report {
    pub id: i64,
    pub division_id: i64,
    pub year: i32,
    pub figures_as_of: NaiveDate,
    pub figures: String,
    pub drafted_by_name: String,
    pub drafted_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub filed_by_name: Option<String>,
    pub filed_at: Option<NaiveDateTime>,
}

impl Report {
    pub fn is_filed(&self) -> bool {
        self.filed_at.is_some()
    }
    /// The stored figures (a row that does not parse shows none rather than failing the page).
    pub fn figures(&self) -> Vec<Figure> {
        serde_json::from_str(&self.figures).unwrap_or_default()
    }
}

/// One report as a reader sees it.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub report: Report,
    pub division_name: String,
    /// Every section in document order with its text (empty if never written).
    pub sections: Vec<(Section, String)>,
    /// The reader's own division's report: editable while it is a draft.
    pub own: bool,
}

/// A division below the user's and its report of the year, if any (filed or only drafted).
#[derive(Debug, Clone)]
pub struct Below {
    pub division_name: String,
    pub level: String,
    pub report: Option<Report>,
}

/// The list page: the user's division's reports, newest first, and this year's state of the divisions
/// below.
#[derive(Debug, Clone)]
pub struct Listing {
    pub division_name: Option<String>,
    pub own: Vec<Report>,
    pub below: Vec<Below>,
    pub due: Option<NaiveDate>,
}

crate::code_enum! {
    /// Why a report action was refused in a way the user can act on.
    pub enum Refused {
        /// A supervisor account without a division has no report to draft.
        NoDivision = "no_division",
        /// The division's report of this year is already drafted (one a year).
        AlreadyDrafted = "already_drafted",
        /// A filed report never changes.
        AlreadyFiled = "already_filed",
        /// The figures of a past year's draft are not recomputed (they would count into this year).
        PastYear = "past_year",
    }
}

impl Refused {
    pub fn message_key(self) -> String {
        format!("oversight.progress.err.{}", self.code())
    }
    fn on(self, field: &'static str, op: &Op<'_>) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, op.tr.t(&self.message_key()));
        e
    }
}

/// The form field of a section (`section:overview`); its errors are under the section's code.
pub fn field(section: Section) -> String {
    format!("section:{}", section.code())
}

fn division_name(conn: &mut DbConn, id: i64) -> AppResult<String> {
    Ok(divisions::table
        .find(id)
        .select(divisions::name)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// The user's reports and the divisions below with their report of this year.
pub fn list(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Listing> {
    let Some(div) = op.user.division_id else {
        return Ok(Listing {
            division_name: None,
            own: Vec::new(),
            below: Vec::new(),
            due: None,
        });
    };
    let own: Vec<Report> = pr::table
        .filter(pr::division_id.eq(div))
        .order(pr::year.desc())
        .select(Report::as_select())
        .load(conn)?;
    let sub: Vec<i64> = division_subtree(conn, div)?
        .into_iter()
        .filter(|d| *d != div)
        .collect();
    let divs: Vec<(i64, String, String)> = divisions::table
        .filter(divisions::id.eq_any(&sub))
        .order(divisions::code.asc())
        .select((divisions::id, divisions::name, divisions::level))
        .load(conn)?;
    let year = op.today.year();
    let reports: Vec<Report> = pr::table
        .filter(pr::division_id.eq_any(&sub))
        .filter(pr::year.eq(year))
        .select(Report::as_select())
        .load(conn)?;
    let below = divs
        .into_iter()
        .map(|(id, name, level)| Below {
            division_name: name,
            level,
            report: reports.iter().find(|r| r.division_id == id).cloned(),
        })
        .collect();
    let mmdd = policy::int(
        conn,
        keys::OVERSIGHT_PROGRESS_REPORT_DUE_MMDD,
        Some(div),
        op.today,
    )?;
    Ok(Listing {
        division_name: Some(division_name(conn, div)?),
        own,
        below,
        due: Some(due_on(year, mmdd)),
    })
}

/// Draft this year's report of the user's division: the figures of the division's places from 1 January
/// to today and each section's draft sentence, in one write transaction with its audit row.
pub fn create(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Result<i64, FieldErrors>> {
    let Some(div) = op.user.division_id else {
        return Ok(Err(Refused::NoDivision.on("year", op)));
    };
    let year = op.today.year();
    let (start, as_of) = rules::period(year, op.today).ok_or(AppError::NotFound)?;
    let places = super::places(conn, op, None)?;
    let figures = progress_figures::figures(conn, op, &places, start, as_of)?;
    let json = serde_json::to_string(&figures).map_err(AppError::internal)?;
    crate::db::write_tx(conn, |c| {
        let exists: Option<i64> = pr::table
            .filter(pr::division_id.eq(div))
            .filter(pr::year.eq(year))
            .select(pr::id)
            .first(c)
            .optional()?;
        if exists.is_some() {
            return Ok(Err(Refused::AlreadyDrafted.on("year", op)));
        }
        let id: i64 = diesel::insert_into(pr::table)
            .values((
                pr::division_id.eq(div),
                pr::year.eq(year),
                pr::figures_as_of.eq(as_of),
                pr::figures.eq(&json),
                pr::drafted_by.eq(op.user.id.0),
                pr::drafted_by_name.eq(&op.user.display_name),
                pr::drafted_at.eq(op.now),
                pr::updated_at.eq(op.now),
            ))
            .returning(pr::id)
            .get_result(c)?;
        for s in Section::ALL {
            diesel::insert_into(se::table)
                .values((
                    se::report_id.eq(id),
                    se::section.eq(s.code()),
                    se::body.eq(rules::draft(*s, &figures, as_of, op.tr)),
                ))
                .execute(c)?;
        }
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", "progress_report", id)
                .with_detail(format!("year {year} as of {as_of}")),
        )?;
        Ok(Ok(id))
    })
}

/// The report if the user may read it: their own division's (draft or filed), or a filed report of a
/// division below theirs. Anything else is a 404, as if it did not exist.
fn readable(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<(Report, bool)> {
    let div = op.user.division_id.ok_or(AppError::NotFound)?;
    let report: Report = pr::table
        .find(id)
        .select(Report::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if report.division_id == div {
        return Ok((report, true));
    }
    if report.is_filed() && division_subtree(conn, div)?.contains(&report.division_id) {
        return Ok((report, false));
    }
    Err(AppError::NotFound)
}

/// One report with its sections; the reading is audited.
pub fn view(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<ReportView> {
    let (report, own) = readable(conn, op, id)?;
    let rows: Vec<(String, String)> = se::table
        .filter(se::report_id.eq(id))
        .select((se::section, se::body))
        .load(conn)?;
    let sections = Section::ALL
        .iter()
        .map(|s| {
            let body = rows
                .iter()
                .find(|(code, _)| code == s.code())
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            (*s, body)
        })
        .collect();
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "progress_report", id),
    )?;
    Ok(ReportView {
        division_name: division_name(conn, report.division_id)?,
        report,
        sections,
        own,
    })
}

/// Save the typed sections of the user's own draft; `file` also files it (报送) — then the sections filing
/// requires must be written. All in one write transaction: a refused save changes nothing.
pub fn save(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    typed: &[(Section, String)],
    file: bool,
) -> AppResult<Result<(), FieldErrors>> {
    let (report, own) = readable(conn, op, id)?;
    if !own {
        return Err(AppError::NotFound);
    }
    if report.is_filed() {
        return Ok(Err(Refused::AlreadyFiled.on("report", op)));
    }
    let problems = rules::check(typed, file);
    if !problems.is_empty() {
        let mut e = FieldErrors::default();
        for (s, p) in problems {
            let msg = op.tr.tf(
                p.message_key(),
                &[
                    ("section", op.tr.t(&s.label_key())),
                    ("max", &rules::MAX_SECTION_CHARS.to_string()),
                ],
            );
            e.add(s.code(), msg);
        }
        return Ok(Err(e));
    }
    crate::db::write_tx(conn, |c| {
        // Filed between the page and the save (another tab): nothing is written.
        let filed: Option<NaiveDateTime> = pr::table.find(id).select(pr::filed_at).first(c)?;
        if filed.is_some() {
            return Ok(Err(Refused::AlreadyFiled.on("report", op)));
        }
        for (s, body) in typed {
            diesel::update(
                se::table
                    .filter(se::report_id.eq(id))
                    .filter(se::section.eq(s.code())),
            )
            .set(se::body.eq(body))
            .execute(c)?;
        }
        let mut detail = format!("{} sections", typed.len());
        if file {
            diesel::update(pr::table.find(id))
                .set((
                    pr::updated_at.eq(op.now),
                    pr::filed_by_name.eq(Some(&op.user.display_name)),
                    pr::filed_at.eq(Some(op.now)),
                ))
                .execute(c)?;
            detail.push_str(&format!("; filed, year {}", report.year));
        } else {
            diesel::update(pr::table.find(id))
                .set(pr::updated_at.eq(op.now))
                .execute(c)?;
        }
        let action = if file { "file" } else { "update" };
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok(action, "progress_report", id).with_detail(detail),
        )?;
        if file {
            crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        }
        Ok(Ok(()))
    })
}

/// Recompute the figures of the user's own draft of this year (to today); the text is left as written.
pub fn refresh_figures(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
) -> AppResult<Result<(), FieldErrors>> {
    let (report, own) = readable(conn, op, id)?;
    if !own {
        return Err(AppError::NotFound);
    }
    if report.is_filed() {
        return Ok(Err(Refused::AlreadyFiled.on("report", op)));
    }
    let Some((start, as_of)) =
        rules::period(report.year, op.today).filter(|_| report.year == op.today.year())
    else {
        return Ok(Err(Refused::PastYear.on("report", op)));
    };
    let places = super::places(conn, op, None)?;
    let figures = progress_figures::figures(conn, op, &places, start, as_of)?;
    let json = serde_json::to_string(&figures).map_err(AppError::internal)?;
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(pr::table.find(id).filter(pr::filed_at.is_null()))
            .set((
                pr::figures.eq(&json),
                pr::figures_as_of.eq(as_of),
                pr::updated_at.eq(op.now),
            ))
            .execute(c)?;
        if n == 0 {
            return Ok(Err(Refused::AlreadyFiled.on("report", op)));
        }
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", "progress_report", id)
                .with_detail(format!("figures as of {as_of}")),
        )?;
        Ok(Ok(()))
    })
}

/// The daily pass's source: a task for each active supervisor of a division below the top (a city or a
/// county reports to the level above, seed 003 / seed 002) from `notice` days before the policy day on,
/// until the division's report of the year is filed.
pub fn due(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<crate::jobs::DueItem>> {
    let fail = |e: AppError| diesel::result::Error::QueryBuilderError(e.to_string().into());
    let year = today.year();
    let sups: Vec<(crate::auth::UserId, i64, String)> = users::table
        .inner_join(divisions::table.on(users::division_id.eq(divisions::id.nullable())))
        .filter(users::active.eq(true))
        .filter(users::role.eq(crate::auth::Role::Supervisor.code()))
        .filter(divisions::parent_id.is_not_null())
        .order(users::id.asc())
        .select((users::id, divisions::id, divisions::name))
        .load(conn)?;
    let filed: Vec<i64> = pr::table
        .filter(pr::year.eq(year))
        .filter(pr::filed_at.is_not_null())
        .select(pr::division_id)
        .load(conn)?;
    let mut out = Vec::new();
    for (user, div, name) in sups {
        if filed.contains(&div) {
            continue;
        }
        let mmdd = policy::int(
            conn,
            keys::OVERSIGHT_PROGRESS_REPORT_DUE_MMDD,
            Some(div),
            today,
        )
        .map_err(fail)?;
        let notice = policy::int(
            conn,
            keys::OVERSIGHT_YEARLY_DUTY_NOTICE_DAYS,
            Some(div),
            today,
        )
        .map_err(fail)?;
        let due = due_on(year, mmdd);
        if !task_open(today, due, notice) {
            continue;
        }
        out.push(crate::jobs::DueItem {
            dedupe_key: format!("oversight-progress:{div}:{year}:{user}"),
            module: crate::oversight::MODULE_NAME,
            message_key: TASK_KEY,
            subject: format!("{name} {year}"),
            link: "/oversight/progress-reports".to_string(),
            institution_id: None,
            role: None,
            user_id: Some(user),
            due_date: due,
            mail: false,
        });
    }
    Ok(out)
}
