//! The registrar's decision (issue 13 point 5, ADP-14…ADP-17): register — in one transaction the
//! application is registered, the child discharged with reason "adopted" (guardianship closed, any
//! foster placement or transfer released through the archive's holds, ADP-28), the archive restricted
//! under adoption secrecy on request (ADP-26) and the placing institution told by e-mail — or refuse
//! with reasons.

use super::dossier::{load, registrar_file};
use super::refusal::Refused;
use crate::adoption::model::AppState;
use crate::archive::{self, ChildId};
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::schema::{adoption_applicants, adoption_applications};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;

/// A registration as typed.
pub struct RegisterInput {
    /// 收养登记证 number.
    pub certificate_no: String,
    /// The registration date: the adoption starts on it (民法典 第1105条, ADP-14).
    pub date: Option<NaiveDate>,
    /// Every applicant attended in person (登记办法 第5条).
    pub attended: bool,
    /// The adopters or the placer asked for secrecy (民法典 第1110条).
    pub secrecy: bool,
    pub confirm: bool,
    pub version: i32,
}

fn open_for_decision(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    e: &mut FieldErrors,
) -> AppResult<crate::adoption::model::Application> {
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

/// Register the adoption, or say per field why not.
pub fn register(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &RegisterInput,
) -> AppResult<Result<(), FieldErrors>> {
    let tr = op.tr;
    let mut e = FieldErrors::default();
    let app = open_for_decision(conn, op, id, &mut e)?;
    if !f.confirm {
        Refused::Confirm.add_to(&mut e, tr);
    }
    if f.certificate_no.trim().is_empty() {
        Refused::Certificate.add_to(&mut e, tr);
    }
    if !f.attended {
        Refused::Attendance.add_to(&mut e, tr);
    }
    let date = match f.date {
        Some(d) if d <= op.today && d >= app.received_on => Some(d),
        _ => {
            Refused::Date.add_to(&mut e, tr);
            None
        }
    };
    let child = archive::adoption_facts(conn, ChildId(app.child_id))?;
    if let Some(d) = date {
        let file = registrar_file(conn, &app, &child, d, op.today)?;
        if !file.failures.is_empty() {
            let list: Vec<String> = file
                .failures
                .iter()
                .map(|x| format!("{}（{}）{}", x.rule, x.article, x.message(tr)))
                .collect();
            e.add(
                "decision",
                format!("{} {}", tr.t(&Refused::NotEligible.key()), list.join("；")),
            );
        }
        // ADP-15: a parents-unknown child is registered only after the notice has run its period.
        let unknown = file
            .marking
            .as_ref()
            .is_some_and(|m| m.category == "parents_unknown");
        if unknown && !file.notice_complete {
            Refused::NoticeRunning.add_to(&mut e, tr);
        }
    }
    // ADP-19 (民法典 第1105条第五款): the assessment report, 适宜, before registration (not for a
    // stepchild, 收养评估办法 第2条).
    if let Some(key) = super::assessment::blocks_registration(conn, &app, op.today)? {
        e.add(
            "assessment",
            format!("{}（ADP-19 民法典 第1105条）", tr.t(key)),
        );
    }
    // ADP-18 (登记办法 第6条): every required document of the applicants is on file.
    let missing = super::documents::missing(conn, &app)?;
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|k| tr.t(&format!("adoption.adoc.{}", k.code())).to_string())
            .collect();
        e.add(
            Refused::Documents.field(),
            format!(
                "{}（ADP-18 登记办法 第6条）{}",
                tr.t(&Refused::Documents.key()),
                names.join("、")
            ),
        );
    }
    let Some(date) = date else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let cert: String = f.certificate_no.trim().chars().take(60).collect();
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let n = diesel::update(
            adoption_applications::table
                .find(id)
                .filter(adoption_applications::version.eq(f.version)),
        )
        .set((
            adoption_applications::state.eq(AppState::Registered.code()),
            adoption_applications::certificate_no.eq(Some(&cert)),
            adoption_applications::decided_on.eq(Some(date)),
            adoption_applications::updated_at.eq(op.now),
            adoption_applications::version.eq(f.version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        diesel::update(
            adoption_applicants::table.filter(adoption_applicants::application_id.eq(id)),
        )
        .set(adoption_applicants::attended.eq(true))
        .execute(c)?;
        let note = format!("收养登记证 {cert}");
        if let Err(fe) =
            archive::discharge_on_adoption(c, op, ChildId(app.child_id), date, &note, f.secrecy)?
        {
            // The archive refused the discharge (e.g. a date before intake): nothing is written.
            let msg = fe
                .fields()
                .iter()
                .map(|k| fe.msg(k).to_string())
                .collect::<Vec<_>>()
                .join("；");
            return Err(AppError::bad("discharge_refused", msg));
        }
        notify(
            c,
            op,
            app.placing_institution_id,
            "adoption.mail.registered",
            &child.archive_no,
            &cert,
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_register", "adoption_application", id).with_detail(cert.clone()),
        )?;
        Ok(Ok(()))
    })
}

/// Refuse registration with reasons (不予登记, 登记办法 第8条).
pub fn refuse(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    reasons: &str,
    confirm: bool,
    version: i32,
) -> AppResult<Result<(), FieldErrors>> {
    let tr = op.tr;
    let mut e = FieldErrors::default();
    let app = open_for_decision(conn, op, id, &mut e)?;
    let reasons: String = reasons.trim().chars().take(2000).collect();
    if reasons.is_empty() {
        Refused::Reasons.add_to(&mut e, tr);
    }
    if !confirm {
        Refused::Confirm.add_to(&mut e, tr);
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let child = archive::adoption_facts(conn, ChildId(app.child_id))?;
    let rules = refusal_rules(conn, op, &app, &child)?;
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let n = diesel::update(
            adoption_applications::table
                .find(id)
                .filter(adoption_applications::version.eq(version)),
        )
        .set((
            adoption_applications::state.eq(AppState::Refused.code()),
            adoption_applications::refusal_reasons.eq(&reasons),
            adoption_applications::refusal_rules.eq(&rules),
            adoption_applications::decided_on.eq(Some(op.today)),
            adoption_applications::updated_at.eq(op.now),
            adoption_applications::version.eq(version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        notify(
            c,
            op,
            app.placing_institution_id,
            "adoption.mail.refused",
            &child.archive_no,
            "",
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_refuse", "adoption_application", id),
        )?;
        Ok(Ok(()))
    })
}

/// The rules that fail on the refusal date (the engine's, the notice ADP-15, an assessment concluded
/// 不宜 ADP-19), comma-separated; "other" when the registrar refuses for a reason the engine does not know.
fn refusal_rules(
    conn: &mut DbConn,
    op: &Op<'_>,
    app: &crate::adoption::model::Application,
    child: &archive::AdoptionFacts,
) -> AppResult<String> {
    let file = registrar_file(conn, app, child, op.today, op.today)?;
    let mut rules: Vec<&str> = file.failures.iter().map(|f| f.rule).collect();
    let unknown = file
        .marking
        .as_ref()
        .is_some_and(|m| m.category == "parents_unknown");
    if unknown && !file.notice_complete {
        rules.push("ADP-15");
    }
    // An assessment concluded 不宜 counts as the assessment's reason (a report not yet made does not:
    // the refusal has another reason then).
    if super::assessment::blocks_registration(conn, app, op.today)?
        == Some("adoption.assess.err.unsuitable")
    {
        rules.push("ADP-19");
    }
    rules.dedup();
    Ok(if rules.is_empty() {
        "other".into()
    } else {
        rules.join(",")
    })
}

/// The placing institution's e-mail (outbox, in the caller's transaction): the archive number and the
/// certificate number only — no names, the adoption may be secret.
fn notify(
    c: &mut DbConn,
    op: &Op<'_>,
    placing: i64,
    key: &str,
    archive_no: &str,
    cert: &str,
) -> AppResult<()> {
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let inst = crate::org::model::holding(c, crate::org::InstitutionId(placing))?;
    if let Some(to) = inst
        .map(|i| i.contact_email)
        .filter(|m| !m.trim().is_empty())
    {
        let body = zh.tf(key, &[("archive_no", archive_no), ("certificate", cert)]);
        crate::mail::enqueue(c, &to, zh.t("adoption.mail.subject"), &body, op.now)?;
    }
    Ok(())
}
