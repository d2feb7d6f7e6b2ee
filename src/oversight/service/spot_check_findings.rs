//! Findings of the yearly archive spot check as tasks (档案抽查, seed 002; issue 17 point 4): while a
//! finding is not corrected, the head of the archive's institution has a task to correct it; once the
//! correction is recorded and until the supervisor closes the finding, the supervisors of the division
//! have a task to review and close it. Both are due `oversight.spot_check_correction_days` after the
//! archive was checked (a house rule: seed 002 sets no time for corrections).

use crate::db::schema::{
    institutions, oversight_spot_check_items as it, oversight_spot_check_samples as sa,
};
use crate::db::DbConn;
use crate::error::AppError;
use crate::org::InstitutionId;
use crate::oversight::rules::spot_check::Outcome;
use crate::policy::{self, keys};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// The catalogue key of the head's task (correct the finding).
pub const CORRECT_TASK_KEY: &str = "task.oversight_spot_check_correct";
/// The catalogue key of the supervisor's task (review the correction and close the finding).
pub const CLOSE_TASK_KEY: &str = "task.oversight_spot_check_close";

/// The daily pass's source: one task per open finding, the head's before its correction, the
/// supervisor's after it.
pub fn due(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<crate::jobs::DueItem>> {
    let fail = |e: AppError| diesel::result::Error::QueryBuilderError(e.to_string().into());
    type Row = (
        i64,
        Option<NaiveDateTime>,
        i64,
        i64,
        String,
        Option<NaiveDateTime>,
    );
    let open: Vec<Row> = it::table
        .inner_join(sa::table)
        .filter(it::outcome.eq(Outcome::Finding.code()))
        .filter(it::closed_at.is_null())
        .order(it::id.asc())
        .select((
            it::id,
            it::corrected_at,
            sa::check_id,
            sa::institution_id,
            sa::archive_no,
            sa::checked_at,
        ))
        .load(conn)?;
    let mut insts: Vec<i64> = open.iter().map(|r| r.3).collect();
    insts.sort();
    insts.dedup();
    let divisions: Vec<(InstitutionId, i64)> = institutions::table
        .filter(institutions::id.eq_any(insts.iter().map(|i| InstitutionId(*i))))
        .select((institutions::id, institutions::division_id))
        .load(conn)?;
    // The policy value once per division, not once per finding.
    let mut days_of: std::collections::HashMap<Option<i64>, i64> = Default::default();
    let mut out = Vec::new();
    for (id, corrected, check, inst, archive_no, checked) in open {
        let division = divisions.iter().find(|d| d.0 .0 == inst).map(|d| d.1);
        let days = match days_of.get(&division) {
            Some(d) => *d,
            None => {
                let d = policy::int(
                    conn,
                    keys::OVERSIGHT_SPOT_CHECK_CORRECTION_DAYS,
                    division,
                    today,
                )
                .map_err(fail)?;
                days_of.insert(division, d);
                d
            }
        };
        let from = checked.map_or(today, |c| c.date());
        let due = from + chrono::Days::new(days.max(0) as u64);
        let (key, role, tag) = match corrected {
            None => (CORRECT_TASK_KEY, crate::auth::Role::Head, "correct"),
            Some(_) => (CLOSE_TASK_KEY, crate::auth::Role::Supervisor, "close"),
        };
        out.push(crate::jobs::DueItem {
            dedupe_key: format!("oversight-spotfinding:{id}:{tag}"),
            module: crate::oversight::MODULE_NAME,
            message_key: key,
            subject: archive_no,
            link: format!("/oversight/spot-checks/{check}#finding-{id}"),
            institution_id: Some(InstitutionId(inst)),
            role: Some(role.code()),
            user_id: None,
            due_date: due,
            mail: false,
        });
    }
    Ok(out)
}
