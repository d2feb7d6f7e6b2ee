//! GRW-02 (WS/T 423 表1; care-and-oversight.md §3): a growth check whose weight- or
//! length/height-for-age is below P3, or two bands or more below the previous check's, is a review task
//! for the medical staff from the day measured. A clinic visit or hospitalisation recorded on or after
//! that day is the review (a doctor has seen the child), and closes it. [`check_line`]: GRW-04, the
//! next scheduled growth check.

use super::due::DueLine;
use crate::archive::Child;
use crate::care::model;
use crate::care::rules::growth_std::needs_review;
use crate::db::DbConn;
use crate::error::AppResult;

/// The review line of a child, if the latest check calls for one (appended to `out`).
pub fn lines(c: &mut DbConn, k: &Child, out: &mut Vec<DueLine>) -> AppResult<()> {
    let rows = model::growth_of(c, k.id)?;
    let Some(last) = rows.last() else {
        return Ok(());
    };
    let before = &rows[..rows.len() - 1];
    let z = |v: Option<i32>| v.map(|v| f64::from(v) / 100.0);
    // The previous check of the same indicator (a check may carry only some measurements).
    let previous =
        |pick: fn(&model::Growth) -> Option<i32>| before.iter().rev().find_map(|g| z(pick(g)));
    let mut why = Vec::new();
    for (code, now, prev) in [
        ("wfa", z(last.wfa_z100), previous(|g| g.wfa_z100)),
        ("lhfa", z(last.lhfa_z100), previous(|g| g.lhfa_z100)),
    ] {
        if let Some(now) = now {
            if needs_review(prev, now) {
                why.push(format!("{code} z={now:+.2}"));
            }
        }
    }
    if why.is_empty() {
        return Ok(());
    }
    let seen = model::medical_of(c, k.id)?
        .iter()
        .any(|m| m.started_on >= last.measured_on);
    if !seen {
        out.push(DueLine {
            what: "growth_review".into(),
            due: last.measured_on,
            role: "medical",
            user: None,
            detail: why.join(", "),
        });
    }
    Ok(())
}

/// GRW-04: the growth check a child is due for (the medical staff's task), from the days growth was
/// measured, the child's birth and intake and the division's schedule (`rules::growth_check`). The
/// detail is the scheduled age in months.
pub fn check_line(
    c: &mut DbConn,
    k: &Child,
    today: chrono::NaiveDate,
    pv: &super::due::Policies,
    out: &mut Vec<DueLine>,
) -> AppResult<()> {
    let Some(p) = &pv.growth_checks else {
        return Ok(());
    };
    let checks: Vec<chrono::NaiveDate> = model::growth_of(c, k.id)?
        .iter()
        .map(|g| g.measured_on)
        .collect();
    if let Some(next) =
        crate::care::rules::growth_check::next_check(k.birth_date, k.intake_date, &checks, today, p)
    {
        out.push(DueLine {
            what: "growth_check".into(),
            due: next.due_by,
            role: "medical",
            user: None,
            detail: next.age_months.to_string(),
        });
    }
    Ok(())
}
