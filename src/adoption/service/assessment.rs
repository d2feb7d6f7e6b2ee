//! The adoption assessment (收养评估, issue 13 point 4, ADP-19…ADP-24) as the bureau's registrar records
//! it: start it (the bureau's team or a commissioned third party, ADP-20), start the integration period
//! (融合期, ADP-22) and record its visits, and issue the report (every content item, red flags reported
//! and blocking, ADP-21; 适宜/不宜 with reasons). The report deadline (ADP-23) is a countdown and a task.
//! No fee is recorded anywhere: the assessment is free (ADP-24).

use super::dossier::load;
use super::refusal::Refused;
use crate::adoption::model::{self, AppState, Application};
use crate::adoption::rules::assessment::{self as rules, Conclusion, Flag, Item, Mode, Problem};
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::schema::{adoption_applications, adoption_assessment_entries, adoption_assessments};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;

/// The assessment as stored, with its findings, flags and the integration period's visits.
pub struct Assessment {
    pub row: model::AssessmentRow,
    pub assessors: Vec<String>,
    pub findings: Vec<(Item, String)>,
    pub flags: Vec<Flag>,
    /// ADP-23: the last day for the report and the days left today.
    pub due: NaiveDate,
    pub days_left: i64,
    /// ADP-22: the first day a 适宜 report may be dated (None before the period starts).
    pub integration_done_on: Option<NaiveDate>,
    /// The commissioned third party's qualifications (第7条), when a third party assesses.
    pub third_party: Option<super::third_party::Stored>,
}

impl Assessment {
    pub fn conclusion(&self) -> Option<Conclusion> {
        self.row.conclusion.as_deref().and_then(Conclusion::parse)
    }
}

fn division(conn: &mut DbConn, app: &Application) -> AppResult<Option<i64>> {
    super::registry::division(conn, crate::org::InstitutionId(app.placing_institution_id))
}

/// A policy count or number of days as u32 (negative values read as 0).
fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(0)
}

/// The assessment of an application, if started (read by the registrar's pages and the decision).
pub fn of(conn: &mut DbConn, app: &Application, today: NaiveDate) -> AppResult<Option<Assessment>> {
    let Some(row) = model::assessment_of(conn, app.id)? else {
        return Ok(None);
    };
    let div = division(conn, app)?;
    let report_days = count(crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_ASSESSMENT_REPORT_DAYS,
        div,
        row.started_on,
    )?);
    let integration_days = count(crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_INTEGRATION_MIN_DAYS,
        div,
        today,
    )?);
    let due = rules::report_due(row.started_on, report_days);
    let mut findings = Vec::new();
    let mut flags = Vec::new();
    for e in model::assessment_entries(conn, row.id)? {
        match e.kind.as_str() {
            "item" => findings.extend(Item::parse(&e.code).map(|i| (i, e.note))),
            _ => flags.extend(Flag::parse(&e.code)),
        }
    }
    Ok(Some(Assessment {
        third_party: super::third_party::of(conn, row.id)?,
        assessors: row
            .assessors
            .lines()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        findings,
        flags,
        due,
        days_left: crate::adoption::rules::clock::days_left(due, today),
        integration_done_on: app
            .integration_start
            .map(|s| rules::integration_done_on(s, integration_days)),
        row,
    }))
}

/// The application open for the registrar's assessment work (403 for anyone else, 404 outside scope).
fn open_app(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    e: &mut FieldErrors,
) -> AppResult<Application> {
    if op.user.role() != Role::Registrar {
        return Err(AppError::Forbidden);
    }
    let app = load(conn, op, id)?;
    if !matches!(
        app.state(),
        Some(AppState::Received | AppState::Integration)
    ) {
        Refused::Decided.add_to(e, op.tr);
    }
    Ok(app)
}

fn add(e: &mut FieldErrors, op: &Op<'_>, problems: &[Problem]) {
    for p in problems {
        let msg = format!(
            "{}（{} {}）",
            op.tr.t(&format!("adoption.assess.err.{}", p.code)),
            p.rule,
            p.article
        );
        if !e.has(p.field) {
            e.add(p.field, msg);
        }
    }
}

/// How the assessment is started, as typed.
#[derive(Default)]
pub struct StartInput {
    pub mode: Option<Mode>,
    /// One assessor per line.
    pub assessors: String,
    pub agency: String,
    pub agreement_ref: String,
    pub started_on: Option<NaiveDate>,
    /// A commissioned third party's qualifications (第7条); read only in mode `third_party`.
    pub third_party: super::third_party::Input,
}

/// Start the assessment (ADP-20): the team has at least the policy minimum of members, a third party
/// is named with its commission agreement.
pub fn start(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &StartInput,
) -> AppResult<Result<(), FieldErrors>> {
    let mut e = FieldErrors::default();
    let app = open_app(conn, op, id, &mut e)?;
    if model::assessment_of(conn, id)?.is_some() {
        e.add("mode", op.tr.t("adoption.assess.err.started").to_string());
    }
    let started = match f.started_on {
        Some(d) if d <= op.today && d >= app.received_on => Some(d),
        _ => {
            Refused::Date.add_to(&mut e, op.tr);
            None
        }
    };
    let names = f.assessors.lines().filter(|l| !l.trim().is_empty()).count();
    let div = division(conn, &app)?;
    let min = count(crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_ASSESSMENT_TEAM_MIN,
        div,
        op.today,
    )?);
    match f.mode {
        None => e.add("mode", op.tr.t("adoption.assess.err.mode").to_string()),
        Some(m) => add(
            &mut e,
            op,
            &rules::check_start(m, names, &f.agency, &f.agreement_ref, min),
        ),
    }
    // ADP-20B (第7条): the third party's qualifications.
    let staff = match f.mode {
        Some(Mode::ThirdParty) => super::third_party::check(op, &f.third_party, &mut e),
        _ => Vec::new(),
    };
    let (Some(mode), Some(started)) = (f.mode, started) else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let text = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        diesel::insert_into(adoption_assessments::table)
            .values((
                adoption_assessments::application_id.eq(id),
                adoption_assessments::mode.eq(mode.code()),
                adoption_assessments::assessors.eq(text(&f.assessors, 1000)),
                adoption_assessments::agency.eq(text(&f.agency, 200)),
                adoption_assessments::agreement_ref.eq(text(&f.agreement_ref, 200)),
                adoption_assessments::started_on.eq(started),
                adoption_assessments::reasons.eq(""),
                adoption_assessments::created_by.eq(op.user.id.0),
                adoption_assessments::created_at.eq(op.now),
                adoption_assessments::version.eq(1),
            ))
            .execute(c)?;
        if mode == Mode::ThirdParty {
            let aid: i64 = adoption_assessments::table
                .filter(adoption_assessments::application_id.eq(id))
                .select(adoption_assessments::id)
                .get_result(c)?;
            super::third_party::insert(c, aid, &f.third_party, &staff)?;
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_assess_start", "adoption_application", id)
                .with_detail(mode.code()),
        )?;
        Ok(())
    })?;
    Ok(Ok(()))
}

/// Start the integration period (融合期, ADP-22): the child lives with the applicants from `date`.
pub fn start_integration(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    date: Option<NaiveDate>,
    version: i32,
) -> AppResult<Result<(), FieldErrors>> {
    let mut e = FieldErrors::default();
    let app = open_app(conn, op, id, &mut e)?;
    if app.state() == Some(AppState::Integration) {
        e.add(
            "integration_start",
            op.tr.t("adoption.assess.err.integrating").to_string(),
        );
    }
    if model::assessment_of(conn, id)?.is_none() {
        e.add(
            "integration_start",
            op.tr.t("adoption.assess.err.not_started").to_string(),
        );
    }
    let Some(date) = date.filter(|d| *d <= op.today && *d >= app.received_on) else {
        e.add(
            "integration_start",
            op.tr.t(&Refused::Date.key()).to_string(),
        );
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        let n = diesel::update(
            adoption_applications::table
                .find(id)
                .filter(adoption_applications::version.eq(version)),
        )
        .set((
            adoption_applications::state.eq(AppState::Integration.code()),
            adoption_applications::integration_start.eq(Some(date)),
            adoption_applications::updated_at.eq(op.now),
            adoption_applications::version.eq(version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_integration", "adoption_application", id)
                .with_detail(date.to_string()),
        )?;
        Ok(())
    })?;
    Ok(Ok(()))
}

/// The report as typed.
pub struct ReportInput {
    pub findings: Vec<(Item, String)>,
    pub flags: Vec<Flag>,
    pub conclusion: Option<Conclusion>,
    pub reasons: String,
    pub reported_on: Option<NaiveDate>,
}

/// Issue the assessment report. A red flag (ADP-21) is reported to the bureau (audit row and e-mail to
/// its address) and allows only 不宜; a 适宜 report needs the integration period run (ADP-22).
pub fn report(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &ReportInput,
) -> AppResult<Result<(), FieldErrors>> {
    let mut e = FieldErrors::default();
    let app = open_app(conn, op, id, &mut e)?;
    let Some(a) = of(conn, &app, op.today)? else {
        e.add(
            "conclusion",
            op.tr.t("adoption.assess.err.not_started").to_string(),
        );
        return Ok(Err(e));
    };
    if a.row.reported_on.is_some() {
        e.add(
            "conclusion",
            op.tr.t("adoption.assess.err.reported").to_string(),
        );
    }
    let Some(on) = f.reported_on.filter(|d| *d <= op.today) else {
        e.add("reported_on", op.tr.t(&Refused::Date.key()).to_string());
        return Ok(Err(e));
    };
    let div = division(conn, &app)?;
    let integration_days = count(crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_INTEGRATION_MIN_DAYS,
        div,
        on,
    )?);
    let problems = rules::check_report(
        &rules::Report {
            findings: &f.findings,
            flags: &f.flags,
            conclusion: f.conclusion,
            reasons: &f.reasons,
            reported_on: on,
            started_on: a.row.started_on,
            integration_start: app.integration_start,
        },
        integration_days,
    );
    add(&mut e, op, &problems);
    let Some(conclusion) = f.conclusion else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let text = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        let n = diesel::update(
            adoption_assessments::table
                .find(a.row.id)
                .filter(adoption_assessments::version.eq(a.row.version)),
        )
        .set((
            adoption_assessments::conclusion.eq(Some(conclusion.code())),
            adoption_assessments::reasons.eq(text(&f.reasons, 4000)),
            adoption_assessments::reported_on.eq(Some(on)),
            adoption_assessments::version.eq(a.row.version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        for (item, note) in &f.findings {
            if note.trim().is_empty() {
                continue;
            }
            entry(c, a.row.id, "item", item.code(), &text(note, 2000))?;
        }
        for flag in &f.flags {
            entry(c, a.row.id, "flag", flag.code(), "")?;
        }
        if !f.flags.is_empty() {
            // ADP-21: the circumstances are reported to the civil-affairs department (the bureau).
            let codes: Vec<&str> = f.flags.iter().map(|x| x.code()).collect();
            audit::record(
                c,
                op.now,
                op.actor,
                &Event::ok("adoption_red_flag", "adoption_application", id)
                    .with_detail(codes.join(",")),
            )?;
            let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
            let bureau = crate::org::model::holding(c, crate::org::InstitutionId(app.bureau_id))?;
            if let Some(to) = bureau
                .map(|i| i.contact_email)
                .filter(|m| !m.trim().is_empty())
            {
                let body = zh.tf("adoption.mail.red_flag", &[("id", &id.to_string())]);
                crate::mail::enqueue(
                    c,
                    &to,
                    zh.t("adoption.mail.red_flag_subject"),
                    &body,
                    op.now,
                )?;
            }
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_assess_report", "adoption_application", id)
                .with_detail(conclusion.code()),
        )?;
        Ok(())
    })?;
    Ok(Ok(()))
}

fn entry(c: &mut DbConn, assessment: i64, kind: &str, code: &str, note: &str) -> AppResult<()> {
    diesel::insert_into(adoption_assessment_entries::table)
        .values((
            adoption_assessment_entries::assessment_id.eq(assessment),
            adoption_assessment_entries::kind.eq(kind),
            adoption_assessment_entries::code.eq(code),
            adoption_assessment_entries::note.eq(note),
        ))
        .execute(c)?;
    Ok(())
}

/// ADP-19: what stops a registration on the assessment's side (None: the report allows it).
pub fn blocks_registration(
    conn: &mut DbConn,
    app: &Application,
    today: NaiveDate,
) -> AppResult<Option<&'static str>> {
    let relation = crate::adoption::rules::Relation::parse(&app.relation)
        .unwrap_or(crate::adoption::rules::Relation::None);
    if !rules::report_required(relation) {
        return Ok(None);
    }
    Ok(match of(conn, app, today)? {
        None => Some("adoption.assess.err.no_report"),
        Some(a) => match a.conclusion() {
            None => Some("adoption.assess.err.no_report"),
            Some(Conclusion::Unsuitable) => Some("adoption.assess.err.unsuitable"),
            Some(Conclusion::Suitable) => None,
        },
    })
}
