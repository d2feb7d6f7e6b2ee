//! Visits and the end of an adoption (issue 13 points 4 and 6), by the bureau's registrar: visits of the
//! integration period (融合期, ADP-22) and follow-up visits after registration (收养后回访, policy
//! interval); dissolution by agreement (解除收养关系登记, ADP-25, 民法典 第1114条–第1116条) and
//! revocation of a registration obtained by fraud (撤销收养登记, 登记办法 第12条).

use super::dossier::load;
use super::refusal::Refused;
use crate::adoption::model::{self, AppState, Application};
use crate::adoption::rules::after;
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::schema::{adoption_applications, adoption_visits};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;

crate::code_enum! {
    /// Which visit.
    pub enum VisitKind {
        /// 融合期走访 — during the integration period (the application is in state `integration`).
        Integration = "integration",
        /// 收养后回访 — after registration.
        FollowUp = "follow_up",
    }
}

/// A visit as typed.
pub struct VisitInput {
    pub visited_on: Option<NaiveDate>,
    pub visitor: String,
    pub notes: String,
}

fn registrar_app(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Application> {
    if op.user.role() != Role::Registrar {
        return Err(AppError::Forbidden);
    }
    load(conn, op, id)
}

/// Record a visit. An integration visit falls in the integration period; a follow-up visit on or after
/// the registration date of a registered adoption. Neither is in the future.
pub fn record_visit(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    kind: VisitKind,
    f: &VisitInput,
) -> AppResult<Result<(), FieldErrors>> {
    let tr = op.tr;
    let app = registrar_app(conn, op, id)?;
    let mut e = FieldErrors::default();
    let from = match kind {
        VisitKind::Integration if app.state() == Some(AppState::Integration) => {
            app.integration_start
        }
        VisitKind::FollowUp if app.state() == Some(AppState::Registered) => app.decided_on,
        _ => None,
    };
    let Some(from) = from else {
        e.add("visited_on", tr.t("adoption.visit.err.state").to_string());
        return Ok(Err(e));
    };
    let date = f.visited_on.filter(|d| *d >= from && *d <= op.today);
    if date.is_none() {
        e.add("visited_on", tr.t(&Refused::Date.key()).to_string());
    }
    if f.visitor.trim().is_empty() {
        e.add("visitor", tr.t("adoption.visit.err.visitor").to_string());
    }
    if f.notes.trim().is_empty() {
        e.add("notes", tr.t("adoption.visit.err.notes").to_string());
    }
    let Some(date) = date else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let text = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        diesel::insert_into(adoption_visits::table)
            .values((
                adoption_visits::application_id.eq(id),
                adoption_visits::kind.eq(kind.code()),
                adoption_visits::visited_on.eq(date),
                adoption_visits::visitor.eq(text(&f.visitor, 200)),
                adoption_visits::notes.eq(text(&f.notes, 4000)),
                adoption_visits::recorded_by.eq(op.user.id.0),
                adoption_visits::created_at.eq(op.now),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_visit", "adoption_application", id).with_detail(kind.code()),
        )?;
        Ok(())
    })?;
    Ok(Ok(()))
}

/// The next follow-up visit of a registered adoption (policy interval), None otherwise.
pub fn next_follow_up(
    conn: &mut DbConn,
    app: &Application,
    today: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    let (Some(AppState::Registered), Some(registered)) = (app.state(), app.decided_on) else {
        return Ok(None);
    };
    let div =
        super::registry::division(conn, crate::org::InstitutionId(app.placing_institution_id))?;
    let interval = crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_FOLLOW_UP_INTERVAL_DAYS,
        div,
        today,
    )?;
    let last = model::visits(conn, app.id, VisitKind::FollowUp.code())?
        .last()
        .map(|v| v.visited_on);
    Ok(Some(after::next_follow_up(
        registered,
        last,
        u32::try_from(interval.max(1)).unwrap_or(1),
    )))
}

/// The end of an adoption as typed.
pub struct EndInput {
    pub date: Option<NaiveDate>,
    pub adopter_agrees: bool,
    pub placer_agrees: bool,
    pub child_consents: bool,
    pub reasons: String,
    pub confirm: bool,
    pub version: i32,
}

/// Register the dissolution (ADP-25) of a registered adoption: the agreement and the consents the law
/// asks on the date, with reasons.
pub fn dissolve(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &EndInput,
) -> AppResult<Result<(), FieldErrors>> {
    end(conn, op, id, f, AppState::Dissolved)
}

/// Revoke a registration obtained by fraud (登记办法 第12条): reasons and confirmation.
pub fn revoke(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &EndInput,
) -> AppResult<Result<(), FieldErrors>> {
    end(conn, op, id, f, AppState::Revoked)
}

fn end(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &EndInput,
    to: AppState,
) -> AppResult<Result<(), FieldErrors>> {
    let tr = op.tr;
    let app = registrar_app(conn, op, id)?;
    let mut e = FieldErrors::default();
    if app.state() != Some(AppState::Registered) {
        Refused::Decided.add_to(&mut e, tr);
    }
    let date = f
        .date
        .filter(|d| *d <= op.today && app.decided_on.is_some_and(|r| *d >= r));
    if date.is_none() {
        Refused::Date.add_to(&mut e, tr);
    }
    if f.reasons.trim().is_empty() {
        e.add("reasons", tr.t("adoption.end.err.reasons").to_string());
    }
    if !f.confirm {
        Refused::Confirm.add_to(&mut e, tr);
    }
    if let (AppState::Dissolved, Some(d)) = (to, date) {
        let child = crate::archive::adoption_facts(conn, crate::archive::ChildId(app.child_id))?;
        let div =
            super::registry::division(conn, crate::org::InstitutionId(app.placing_institution_id))?;
        let t = super::thresholds(conn, div, d)?;
        let problems = after::check_dissolution(
            &after::Dissolution {
                child_age: crate::clock::age_on(child.birth_date, d),
                adopter_agrees: f.adopter_agrees,
                placer_agrees: f.placer_agrees,
                child_consents: f.child_consents,
            },
            t.adult_age,
            t.child_consent_age,
        );
        for (rule, article, code, field) in problems {
            e.add(
                field,
                format!(
                    "{}（{rule} {article}）",
                    tr.t(&format!("adoption.end.err.{code}"))
                ),
            );
        }
    }
    let Some(date) = date else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let reasons: String = f.reasons.trim().chars().take(2000).collect();
    let minor = {
        let child = crate::archive::adoption_facts(conn, crate::archive::ChildId(app.child_id))?;
        let div =
            super::registry::division(conn, crate::org::InstitutionId(app.placing_institution_id))?;
        let adult_age = super::thresholds(conn, div, date)?.adult_age;
        crate::clock::age_on(child.birth_date, date) < adult_age
    };
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        let n = diesel::update(
            adoption_applications::table
                .find(id)
                .filter(adoption_applications::version.eq(f.version)),
        )
        .set((
            adoption_applications::state.eq(to.code()),
            adoption_applications::ended_on.eq(Some(date)),
            adoption_applications::end_reasons.eq(&reasons),
            adoption_applications::updated_at.eq(op.now),
            adoption_applications::version.eq(f.version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        let act = if to == AppState::Dissolved {
            "adoption_dissolve"
        } else {
            "adoption_revoke"
        };
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok(act, "adoption_application", id).with_detail(date.to_string()),
        )?;
        // The child, still a minor, returns to the placing institution's care in the same step
        // (民法典 第1114条: the placer agreed; 登记办法 第13条: a void adoption never took the child
        // out of its care). An adult adoptee (第1115条) is not re-admitted to a child welfare institution.
        if minor {
            let note = format!(
                "{}（{}）",
                tr.t(&format!("adoption.readmit.{}", to.code())),
                date
            );
            crate::archive::readmit_after_adoption(
                c,
                op,
                crate::archive::ChildId(app.child_id),
                crate::org::InstitutionId(app.placing_institution_id),
                date,
                &note,
            )?;
        }
        Ok(())
    })?;
    Ok(Ok(()))
}
