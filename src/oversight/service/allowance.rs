//! The monthly allowance roster (基本生活费发放名册, issue 17 point 3) of one institution the user
//! oversees: who is paid that month, in which category, the standard in force and the amount, and the
//! changes from the month before (new, transferred in or out, discharged, adult). Computed from the
//! archive's history (`archive::allowance_facts`) and the transfer module's allowance switch months
//! (`transfer::interface_oversight`), with the standards from the policy store (ALW-01). The view is
//! audited (it names children: the roster is the civil-affairs department's payment document).

use super::Place;
use crate::archive::{self, ChildId};
use crate::db::schema::institutions;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::oversight::rules::allowance::{self as rules, Category, Change};
use crate::platform::Op;
use crate::policy::{self, keys, PolicyValue, NATIONAL};
use chrono::NaiveDate;
use diesel::prelude::*;

/// The standard of a category in force for the month at the institution's division.
#[derive(Debug, Clone)]
pub struct Standard {
    pub category: Category,
    /// Yuan per month; `None` when no value is in force (no line can be paid).
    pub yuan: Option<i64>,
    pub jurisdiction: String,
    pub effective_from: Option<NaiveDate>,
    pub source: String,
    pub verified: bool,
    /// ALW-03: below the national floor (the `CN` value of the key).
    pub below_floor: bool,
}

/// One line of the roster.
#[derive(Debug, Clone)]
pub struct Line {
    pub child: ChildId,
    pub archive_no: String,
    pub name: String,
    pub category: Category,
    pub change: Change,
    /// Yuan this month (0 on a stop line).
    pub yuan: i64,
    /// Last month's standard when it differs (a changed rate, highlighted).
    pub previous_yuan: Option<i64>,
    /// The discharge reason code of a discharged child.
    pub discharge_reason: Option<String>,
}

/// An institution's roster for a month.
#[derive(Debug, Clone)]
pub struct Roster {
    pub place: Place,
    /// The month's first day.
    pub month: NaiveDate,
    pub standards: Vec<Standard>,
    pub lines: Vec<Line>,
    /// Yuan paid this month (stop lines excluded).
    pub total: i64,
    /// How many children are paid.
    pub paid: usize,
}

/// The standard of each category in force for `month` in `chain`, with the floor check.
fn standards(rows: &[PolicyValue], chain: &[String], month: NaiveDate) -> AppResult<Vec<Standard>> {
    let national = [NATIONAL.to_string()];
    Category::ALL
        .iter()
        .map(|&category| {
            let mine: Vec<PolicyValue> = rows
                .iter()
                .filter(|r| r.key == category.policy_key())
                .cloned()
                .collect();
            let int = |v: Option<&PolicyValue>| v.and_then(|v| v.value.trim().parse::<i64>().ok());
            let chosen = rules::standard(&mine, chain, month);
            let floor = int(rules::standard(&mine, &national, month));
            let yuan = int(chosen);
            Ok(Standard {
                category,
                yuan,
                jurisdiction: chosen.map(|v| v.jurisdiction.clone()).unwrap_or_default(),
                effective_from: chosen.map(|v| v.effective_from),
                source: chosen.map(|v| v.source.clone()).unwrap_or_default(),
                verified: chosen.is_some_and(|v| v.verified),
                below_floor: yuan.is_some_and(|y| rules::below_floor(y, floor)),
            })
        })
        .collect()
}

fn amount(standards: &[Standard], c: Category) -> i64 {
    standards
        .iter()
        .find(|s| s.category == c)
        .and_then(|s| s.yuan)
        .unwrap_or(0)
}

/// The roster of `institution` (which the user must oversee: else 404) for the month of `month`.
pub fn roster(
    conn: &mut DbConn,
    op: &Op<'_>,
    institution: i64,
    month: NaiveDate,
) -> AppResult<Roster> {
    let month = rules::first_of(month);
    let place = super::places(conn, op, Some(institution))?
        .into_iter()
        .next()
        .ok_or(crate::error::AppError::NotFound)?;
    let division: i64 = institutions::table
        .find(place.id)
        .select(institutions::division_id)
        .first(conn)?;
    let chain = policy::jurisdiction_chain(conn, Some(division))?;
    let day = rules::standard_day(month);
    let adult_age = policy::int(conn, keys::CHILD_ADULT_AGE, Some(division), day)? as i32;
    let rows = policy::all(conn)?;
    let now = standards(&rows, &chain, month)?;
    let before = standards(&rows, &chain, rules::previous_month(month))?;
    let facts = archive::allowance_facts(
        conn,
        &[place.id],
        rules::previous_month(month),
        rules::last_of(month),
    )?;
    let ids: Vec<ChildId> = facts.iter().map(|f| f.id).collect();
    let switches = crate::transfer::interface_oversight::allowance_switches(conn, &ids)?;
    let mut lines: Vec<Line> = facts
        .iter()
        .filter_map(|f| {
            let (change, category) =
                rules::roster_change(f, &switches, place.id, month, adult_age)?;
            let category = category?;
            let (yuan, previous_yuan) = if change.is_stop() {
                (0, None)
            } else {
                let y = amount(&now, category);
                let p = amount(&before, category);
                (y, (change == Change::Continuing && p != y).then_some(p))
            };
            Some(Line {
                child: f.id,
                archive_no: f.archive_no.clone(),
                name: f.name.clone(),
                category,
                change,
                yuan,
                previous_yuan,
                discharge_reason: f.discharge_reason.clone(),
            })
        })
        .collect();
    // Paid lines first, then the stops; each by archive number.
    lines.sort_by(|a, b| {
        (a.change.is_stop(), &a.archive_no).cmp(&(b.change.is_stop(), &b.archive_no))
    });
    let total = lines.iter().map(|l| l.yuan).sum();
    let paid = lines.iter().filter(|l| !l.change.is_stop()).count();
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view_list", "allowance_roster", place.id).with_detail(format!(
            "month {} ({} lines)",
            month.format("%Y-%m"),
            lines.len()
        )),
    )?;
    Ok(Roster {
        place,
        month,
        standards: now,
        lines,
        total,
        paid,
    })
}
