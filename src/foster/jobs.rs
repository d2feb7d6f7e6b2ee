//! Foster due items for the daily pass: the review at the end of a placement's integration period
//! (FOS-16) for the social workers, and an urgent task for the head on the day a placement ends on a
//! mandatory ground (FOS-19), kept open for a week.

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
    for (pid, family, inst, until, name) in open {
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
    Ok(out)
}
