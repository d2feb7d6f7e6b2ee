//! Foster due items for the daily pass: the review at the end of a placement's integration period
//! (FOS-16) for the social workers, and an urgent task for the head on the day a placement ends on a
//! mandatory ground (FOS-19), kept open for a week; overdue visits (FOS-22) for the social workers and
//! the head, with an e-mail; the annual review of each signed family for the head.

use super::rules::steps::EndReason;
use crate::db::schema::{foster_families as ff, foster_placements as fp};
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;

/// An ended placement: id, family, institution, end date, ground, family name.
type EndedRow = (i64, i64, i64, Option<NaiveDate>, Option<String>, String);

pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let mut out = Vec::new();
    // Open placements whose integration period ends within a week: the review is due on its last day.
    let open: Vec<(i64, i64, i64, NaiveDate, String)> = fp::table
        .inner_join(ff::table)
        .filter(fp::open_child_id.is_not_null())
        .filter(fp::integration_until.le(today + Duration::days(7)))
        .select((
            fp::id,
            fp::family_id,
            fp::institution_id,
            fp::integration_until,
            ff::family_name,
        ))
        .load(conn)?;
    let ids: Vec<i64> = open.iter().map(|o| o.0).collect();
    let reviewed = super::visits::reviewed(conn, &ids)?;
    for (pid, family, inst, until, name) in open {
        // Done once the integration review is recorded (a visit of that kind).
        if reviewed.contains(&pid) {
            continue;
        }
        out.push(DueItem {
            dedupe_key: format!("foster.integration.{pid}"),
            module: super::MODULE_NAME,
            message_key: "task.foster_integration_review",
            subject: name,
            link: format!("/foster/{family}"),
            institution_id: Some(crate::org::InstitutionId(inst)),
            role: Some("social-worker"),
            user_id: None,
            due_date: until,
            mail: false,
        });
    }
    // Ended on a mandatory ground in the last week: urgent for the head, due the day it ended.
    let ended: Vec<EndedRow> = fp::table
        .inner_join(ff::table)
        .filter(fp::ended_on.ge(today - Duration::days(7)))
        .select((
            fp::id,
            fp::family_id,
            fp::institution_id,
            fp::ended_on,
            fp::end_reason,
            ff::family_name,
        ))
        .load(conn)?;
    for (pid, family, inst, on, reason, name) in ended {
        let mandatory = reason
            .as_deref()
            .and_then(EndReason::parse)
            .is_some_and(|r| r.mandatory());
        let Some(on) = on.filter(|_| mandatory) else {
            continue;
        };
        out.push(DueItem {
            dedupe_key: format!("foster.mandatory_end.{pid}"),
            module: super::MODULE_NAME,
            message_key: "task.foster_mandatory_end",
            subject: name,
            link: format!("/foster/{family}"),
            institution_id: Some(crate::org::InstitutionId(inst)),
            role: Some("head"),
            user_id: None,
            due_date: on,
            mail: true,
        });
    }
    visits_due(conn, today, &mut out)?;
    annual_due(conn, today, &mut out)?;
    Ok(out)
}

/// FOS-22: every open placement whose next scheduled visit is past due — a task for the institution's
/// social workers and one for its head, each e-mailed once; keyed by the due day, so the next overdue
/// visit is a new task and a recorded visit closes this one.
fn visits_due(conn: &mut DbConn, today: NaiveDate, out: &mut Vec<DueItem>) -> QueryResult<()> {
    use super::rules::visits as rv;
    let open: Vec<(i64, i64, i64, NaiveDate, String)> = fp::table
        .inner_join(ff::table)
        .filter(fp::open_child_id.is_not_null())
        .select((
            fp::id,
            fp::family_id,
            fp::institution_id,
            fp::started_on,
            ff::family_name,
        ))
        .load(conn)?;
    let ids: Vec<i64> = open.iter().map(|o| o.0).collect();
    let last = super::visits::last_visits(conn, &ids)?;
    let mut intervals: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for (pid, family, inst, started, name) in open {
        let interval = match intervals.get(&inst) {
            Some(n) => *n,
            None => {
                // A policy value that cannot be read skips the institution (logged), as in care.
                match super::visits::interval_days(conn, crate::org::InstitutionId(inst), today) {
                    Ok(n) => {
                        intervals.insert(inst, n);
                        n
                    }
                    Err(e) => {
                        log::warn!("foster visit interval for institution {inst}: {e}");
                        continue;
                    }
                }
            }
        };
        let due = rv::next_visit_due(started, last.get(&pid).copied(), interval);
        if !rv::overdue(due, today) {
            continue;
        }
        for role in ["social-worker", "head"] {
            out.push(DueItem {
                dedupe_key: format!("foster.visit.{pid}.{due}.{role}"),
                module: super::MODULE_NAME,
                message_key: "task.foster_visit_overdue",
                subject: name.clone(),
                link: format!("/foster/{family}#placement-{pid}"),
                institution_id: Some(crate::org::InstitutionId(inst)),
                role: Some(role),
                user_id: None,
                due_date: due,
                mail: true,
            });
        }
    }
    Ok(())
}

/// The annual review of every signed family (from 30 days before it is due), for the head; keyed by
/// the due day, so recording the review closes it and opens next year's in time.
fn annual_due(conn: &mut DbConn, today: NaiveDate, out: &mut Vec<DueItem>) -> QueryResult<()> {
    use super::rules::visits as rv;
    use crate::db::schema::foster_steps as fs;
    let signed: Vec<(i64, i64, String)> = ff::table
        .filter(ff::stage.eq(super::model::Stage::Signed))
        .select((ff::id, ff::institution_id, ff::family_name))
        .load(conn)?;
    let ids: Vec<i64> = signed.iter().map(|s| s.0).collect();
    let steps: Vec<(i64, super::steps::Kind, NaiveDate)> = fs::table
        .filter(fs::family_id.eq_any(&ids))
        .filter(fs::kind.eq_any([
            super::steps::Kind::Agreement,
            super::steps::Kind::AnnualReview,
        ]))
        .select((fs::family_id, fs::kind, fs::on_date))
        .load(conn)?;
    for (family, inst, name) in signed {
        let mine = steps.iter().filter(|s| s.0 == family);
        let Some(signed_on) = mine
            .clone()
            .filter(|s| s.1 == super::steps::Kind::Agreement)
            .map(|s| s.2)
            .min()
        else {
            continue;
        };
        let last = mine
            .filter(|s| s.1 == super::steps::Kind::AnnualReview)
            .map(|s| s.2)
            .max();
        let due = rv::annual_review_due(signed_on, last);
        if !rv::annual_review_open(due, today) {
            continue;
        }
        out.push(DueItem {
            dedupe_key: format!("foster.annual.{family}.{due}"),
            module: super::MODULE_NAME,
            message_key: "task.foster_annual_review",
            subject: name,
            link: format!("/foster/{family}#annual"),
            institution_id: Some(crate::org::InstitutionId(inst)),
            role: Some("head"),
            user_id: None,
            due_date: due,
            mail: false,
        });
    }
    Ok(())
}
