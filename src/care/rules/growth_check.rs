//! GRW-04, the growth-check schedule (生长发育监测时间表; care-and-oversight.md §3, source 国家基本公共卫生
//!服务规范 0–6岁儿童健康管理, UNVERIFIED): checks at the ages in `care.growth_check_months` (default 1, 3,
//! 6, 8, 12, 18, 24, 30 and 36 months), then one a year after the last listed age while the child is
//! under `care.growth_check_until_age` (未满: the birthday itself is excluded). Pure: no I/O; the dates and
//! the policy values are arguments.
//!
//! A scheduled age falls on the birth date plus that many months (民法典 第201条: the corresponding day,
//! else the last day of the month — a 29 February birthday's 12-month check is 28 February). House rule
//! (the source gives no window): a check counts for a scheduled age when measured from
//! `care.growth_check_window_days` before that day until the next scheduled age's window opens, so an
//! early check (within the window) and a late check (before the next window) both count; the check is
//! overdue from the day after the scheduled day plus the window. A scheduled age whose check was already
//! overdue before the child's intake is not asked for (the child was not in care); a scheduled age
//! whose window passed without a check is superseded by the next one (a missed check is not made up).

use super::{add_days, add_months};
use chrono::NaiveDate;

/// The policy values of GRW-04.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPolicy {
    /// `care.growth_check_months`: the listed ages in months, strictly increasing.
    pub months: Vec<u32>,
    /// `care.growth_check_until_age`: yearly checks after the list while under this age (years).
    pub until_age: u32,
    /// `care.growth_check_window_days`: how early a check counts, and the grace after the scheduled day.
    pub window_days: i64,
}

/// The check a child is due for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDue {
    /// The scheduled age in months.
    pub age_months: u32,
    /// The day the child reaches that age.
    pub on: NaiveDate,
    /// The last day the check is on time (`on` + window); overdue from the day after.
    pub due_by: NaiveDate,
}

/// Reads `care.growth_check_months` ("1,3,6,8,12,18,24,30,36"; commas, 、 or spaces): `None` unless
/// every item is a whole number of months from 0 to 216 (18 years) and they strictly increase.
pub fn parse_months(s: &str) -> Option<Vec<u32>> {
    let items: Vec<&str> = s
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    let mut out: Vec<u32> = Vec::with_capacity(items.len());
    for t in items {
        if !t.bytes().all(|b| b.is_ascii_digit()) || t.len() > 3 {
            return None;
        }
        let m: u32 = t.parse().ok()?;
        if m > 216 || out.last().is_some_and(|&last| m <= last) {
            return None;
        }
        out.push(m);
    }
    Some(out)
}

/// Every scheduled age in months: the list, then yearly after its last age while under `until_age`.
pub fn scheduled_months(p: &CheckPolicy) -> Vec<u32> {
    let limit = p.until_age.saturating_mul(12);
    let mut out: Vec<u32> = p.months.iter().copied().filter(|&m| m < limit).collect();
    let mut next = p.months.last().map_or(12, |&m| m + 12);
    while next < limit {
        out.push(next);
        next += 12;
    }
    out
}

/// GRW-04: the check a child is due for on `today` — the scheduled age whose window is open and has no
/// check yet, else the next scheduled age — or `None` when the schedule has ended. `checks` are the
/// days growth was measured (any order).
pub fn next_check(
    birth: NaiveDate,
    intake: NaiveDate,
    checks: &[NaiveDate],
    today: NaiveDate,
    p: &CheckPolicy,
) -> Option<CheckDue> {
    let w = p.window_days.max(0);
    let points: Vec<CheckDue> = scheduled_months(p)
        .into_iter()
        .map(|m| {
            let on = add_months(birth, m);
            CheckDue {
                age_months: m,
                on,
                due_by: add_days(on, w),
            }
        })
        .collect();
    let opens = |i: usize| points.get(i).map(|c| add_days(c.on, -w));
    for (i, point) in points.iter().enumerate() {
        // Not yet open: this is the next check.
        if opens(i).is_some_and(|o| today < o) {
            return Some(*point);
        }
        let open = opens(i).unwrap_or(point.on);
        let next_open = opens(i + 1);
        let in_window = |d: &&NaiveDate| **d >= open && next_open.is_none_or(|n| **d < n);
        let done = checks.iter().any(|d| in_window(&d));
        let was_in_care = point.due_by >= intake;
        let superseded = next_open.is_some_and(|n| today >= n);
        if !done && was_in_care && !superseded {
            return Some(*point);
        }
        if !superseded {
            // Done (or before intake) and the next window has not opened: the next one is upcoming.
            return points.get(i + 1).copied();
        }
    }
    None
}
