//! Due items of adulthood placement for the daily pass (issue 16 point 2): the assessment is a task for
//! the social workers from the day the window opens (ADU-01; after leaving school or service, ADU-02);
//! the plan is theirs once the assessment is done (ADU-03); a submitted plan is the department's
//! (supervisors'); a returned plan goes back. An overdue step escalates: to the head from the day after
//! the deadline, and to the supervisor after `adulthood.escalate_supervisor_days` — each by e-mail once.

use super::model::{self, PlanState};
use super::rules::{self, Escalation, Stage};
use super::service::{deferred_of, Org, Policies};
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

const MODULE: &str = super::MODULE_NAME;

#[allow(clippy::too_many_arguments)]
fn task(
    key: String,
    message_key: &'static str,
    subject: &str,
    child: crate::archive::ChildId,
    inst: crate::org::InstitutionId,
    role: &'static str,
    due: NaiveDate,
    mail: bool,
) -> DueItem {
    DueItem {
        dedupe_key: key,
        module: MODULE,
        message_key,
        subject: subject.to_string(),
        link: format!("/adulthood/{child}"),
        institution_id: Some(inst),
        role: Some(role),
        user_id: None,
        due_date: due,
        mail,
    }
}

/// A step due on `due` for the social workers, with its escalations.
#[allow(clippy::too_many_arguments)]
fn step(
    out: &mut Vec<DueItem>,
    what: &'static str,
    subject: &str,
    child: crate::archive::ChildId,
    inst: crate::org::InstitutionId,
    due: NaiveDate,
    today: NaiveDate,
    p: &rules::Policy,
    supervisors: &[(crate::auth::UserId, crate::auth::scope::InstitutionScope)],
) {
    let (sw, head, sup) = match what {
        "assess" => (
            "task.adulthood_assess",
            "task.adulthood_assess_overdue",
            "task.adulthood_assess_escalated",
        ),
        _ => (
            "task.adulthood_plan",
            "task.adulthood_plan_overdue",
            "task.adulthood_plan_escalated",
        ),
    };
    let key = |who: &str| format!("adulthood.{what}.{who}.{child}.{due}");
    out.push(task(
        key("sw"),
        sw,
        subject,
        child,
        inst,
        "social-worker",
        due,
        false,
    ));
    let level = rules::escalation(due, today, p);
    if level >= Escalation::Head {
        out.push(task(
            key("head"),
            head,
            subject,
            child,
            inst,
            "head",
            due,
            true,
        ));
    }
    // Supervisors have no institution, so the e-mail goes to each one whose division holds the
    // institution, by name (the platform mails a role only at an institution).
    if level >= Escalation::Supervisor {
        for (id, _) in supervisors.iter().filter(|(_, s)| s.contains(inst)) {
            let mut t = task(
                key(&format!("sup{id}")),
                sup,
                subject,
                child,
                inst,
                "supervisor",
                due,
                true,
            );
            t.role = None;
            t.user_id = Some(*id);
            out.push(t);
        }
    }
}

pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let fail =
        |e: crate::error::AppError| diesel::result::Error::QueryBuilderError(e.to_string().into());
    let org = Org::load(conn).map_err(fail)?;
    let mut pol = Policies::default();
    let insts: Vec<crate::org::InstitutionId> = org.insts.keys().copied().collect();
    // Everyone 16 or over anywhere (the national default bounds the query; each division's own value
    // decides below).
    let y = today.year() - 16;
    let born_by = NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(today);
    let kids = crate::archive::in_care_born_by(conn, &insts, born_by)?;
    let ids: Vec<crate::archive::ChildId> = kids.iter().map(|k| k.id).collect();
    let cases = model::cases_of(conn, &ids)?;
    let case_ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let assessments = model::latest_assessments(conn, &case_ids)?;
    let plans = model::current_plans(conn, &case_ids)?;
    let mut supervisors = Vec::new();
    for u in crate::auth::model::list(conn)? {
        if u.active && u.role == crate::auth::Role::Supervisor {
            let scope = crate::auth::scope::institution_scope(conn, &u)?;
            supervisors.push((u.id, scope));
        }
    }
    let mut out = Vec::new();
    for k in kids {
        let Some(div) = org.division_of(k.institution_id) else {
            continue;
        };
        let p = pol.get(conn, div, today).map_err(fail)?;
        if !rules::is_listed(k.birth_date, today, &p) {
            continue;
        }
        let case = cases.iter().find(|c| c.child_id == k.id);
        if case.is_some_and(|c| c.discharged_on.is_some()) {
            continue;
        }
        let clock = rules::clock(k.birth_date, deferred_of(case), &p);
        let cid = case.map(|c| c.id);
        let assessed = assessments.iter().any(|a| Some(a.case_id) == cid);
        let plan = plans.iter().find(|x| Some(x.case_id) == cid);
        let subject = k.archive_no.as_str();
        match (clock.stage(today), assessed) {
            (Stage::Assess { due }, false) => {
                step(
                    &mut out,
                    "assess",
                    subject,
                    k.id,
                    k.institution_id,
                    due,
                    today,
                    &p,
                    &supervisors,
                );
            }
            (Stage::Assess { .. }, true) => match (plan.map(|x| x.state), clock.plan_due) {
                (None | Some(PlanState::Draft) | Some(PlanState::Returned), Some(due)) => {
                    step(
                        &mut out,
                        "plan",
                        subject,
                        k.id,
                        k.institution_id,
                        due,
                        today,
                        &p,
                        &supervisors,
                    );
                }
                (Some(PlanState::Submitted), _) => out.push(task(
                    format!("adulthood.decide.{}", k.id),
                    "task.adulthood_decide",
                    subject,
                    k.id,
                    k.institution_id,
                    "supervisor",
                    today,
                    false,
                )),
                _ => {}
            },
            _ => {}
        }
    }
    // After-care: the next follow-up of each placed young adult in the transition period.
    out.extend(super::service::aftercare::due_items(conn, today).map_err(fail)?);
    Ok(out)
}
