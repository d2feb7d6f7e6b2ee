//! Allowance standards and the monthly roster (基本生活费标准与发放名册, issue 17 point 3): pure rules, no
//! I/O. The amounts are policy data (ALW-01: no amount in code) — the caller passes the policy rows.
//!
//! Month rules (decisions, docs/oversight.md "Allowances"):
//! - **Which standard**: the one in force on the **last day** of the month applies to the whole month,
//!   so a standard taking effect mid-month is paid for that whole month (rates rise; the choice most
//!   favourable to the child, 最有利于未成年人原则, 未成年人保护法 第4条).
//! - **Intake and discharge**: a child in care on any day of the month is paid for that month; the
//!   allowance stops from the month after the discharge (次月停发) — adoption, return to the family,
//!   death, adult placement alike (ALW-05).
//! - **Age**: paid through the month of the 18th birthday (`child.adult_age`), stopped from the next one
//!   (ALW-05; 民法典 第17条 十八周岁以上为成年人). A birthday on the 1st stops that month's payment
//!   only from the next month too: the test is the age on the day before the month begins.
//! - **Transfer** (TRF-03, 基本生活费转移): the sending institution pays until the month before the
//!   handover's allowance switch month, the receiver from that month, whatever day the child moved.

use crate::archive::AllowanceFacts;
use crate::clock::age_on;
use crate::org::InstitutionId;
use crate::policy::{self, PolicyValue};
use crate::transfer::interface_oversight::AllowanceSwitch;
use chrono::{Datelike, Days, Months, NaiveDate};

crate::code_enum! {
    /// The allowance categories with a standard (VUL-04, ALW-01): 机构集中养育孤儿, 社会散居孤儿,
    /// 事实无人抚养儿童, 困境儿童.
    pub enum Category {
        InstitutionOrphan = "orphan-institution",
        ScatteredOrphan = "orphan-scattered",
        DeFacto = "de-facto-unsupported",
        Difficulty = "difficulty",
    }
}

impl Category {
    /// The policy key holding the category's monthly standard in yuan.
    pub fn policy_key(self) -> &'static str {
        use crate::policy::keys as k;
        match self {
            Category::InstitutionOrphan => k::ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
            Category::ScatteredOrphan => k::ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN,
            Category::DeFacto => k::ALLOWANCE_DE_FACTO_MONTHLY_YUAN,
            Category::Difficulty => k::ALLOWANCE_DIFFICULTY_MONTHLY_YUAN,
        }
    }

    /// The category of an archive's allowance category code (保障金类别). `tekun` (特困人员救助供养, a
    /// different scheme) and `none` are not on this roster.
    pub fn from_archive(code: &str) -> Option<Category> {
        Category::parse(code)
    }

    /// The catalogue key of the category's name.
    pub fn label_key(self) -> String {
        format!("oversight.allowance.category.{}", self.code())
    }
}

/// The first day of `d`'s month.
pub fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The last day of `d`'s month.
pub fn last_of(d: NaiveDate) -> NaiveDate {
    first_of(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.checked_sub_days(Days::new(1)))
        .unwrap_or(d)
}

/// The month before (its first day).
pub fn previous_month(month: NaiveDate) -> NaiveDate {
    first_of(month)
        .checked_sub_months(Months::new(1))
        .unwrap_or(month)
}

/// A month typed as `YYYY-MM` (exactly), as its first day.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let shape = s.len() == 7 && s.as_bytes()[4] == b'-';
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()
}

/// The day whose standard applies to the whole month: the month's last day (see the module doc).
pub fn standard_day(month: NaiveDate) -> NaiveDate {
    last_of(month)
}

/// The standard of one category for a month: among `rows` (the policy values of the category's key),
/// the most specific jurisdiction of `chain` (county, city, province, CN) with a value in force on the
/// month's last day.
pub fn standard<'a>(
    rows: &'a [PolicyValue],
    chain: &[String],
    month: NaiveDate,
) -> Option<&'a PolicyValue> {
    policy::choose(rows, chain, standard_day(month))
}

/// ALW-03: a standard below the national floor (the `CN` value of the same key) is flagged.
pub fn below_floor(amount: i64, floor: Option<i64>) -> bool {
    floor.is_some_and(|f| amount < f)
}

/// In care on some day of the month (taken in by its last day, not discharged before its first).
pub fn in_care_during(f: &AllowanceFacts, month: NaiveDate) -> bool {
    f.intake_date <= last_of(month) && f.discharge_date.is_none_or(|d| d >= first_of(month))
}

/// Under the adult age on the day before the month begins: paid through the birthday month.
pub fn under_age(f: &AllowanceFacts, month: NaiveDate, adult_age: i32) -> bool {
    let eve = first_of(month).pred_opt().unwrap_or(month);
    age_on(f.birth_date, eve) < adult_age
}

/// The institution the child was at on `day`: where the first move after that day came from, else
/// where the child is now.
pub fn institution_on(f: &AllowanceFacts, day: NaiveDate) -> InstitutionId {
    f.moves
        .iter()
        .find(|(on, _, _)| *on > day)
        .map_or(f.institution_now, |(_, from, _)| *from)
}

/// The allowance category on `day`, from the change history.
pub fn category_on(f: &AllowanceFacts, day: NaiveDate) -> String {
    f.category_changes
        .iter()
        .find(|(on, _, _)| *on > day)
        .map_or_else(|| f.allowance_category.clone(), |(_, old, _)| old.clone())
}

/// The day the month's facts are read on: its last day, or the discharge day within it.
fn fact_day(f: &AllowanceFacts, month: NaiveDate) -> NaiveDate {
    let last = last_of(month);
    f.discharge_date.map_or(last, |d| d.min(last))
}

/// The institution that pays the month: where the child was on the fact day, corrected by each
/// completed handover's allowance switch month (the sender pays until the month before it).
pub fn payer(f: &AllowanceFacts, switches: &[AllowanceSwitch], month: NaiveDate) -> InstitutionId {
    let day = fact_day(f, month);
    let mut at = institution_on(f, day);
    for s in switches.iter().filter(|s| s.child_id == f.id) {
        let moved = s.completed_on <= day;
        let switched = s.month <= first_of(month);
        if moved && !switched && at == s.to {
            at = s.from;
        } else if !moved && switched && at == s.from {
            at = s.to;
        }
    }
    at
}

/// Who is paid for a month and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entitlement {
    pub category: Category,
    pub payer: InstitutionId,
}

/// The child's entitlement for the month, if any (in care, under age, in a category with a standard).
pub fn entitlement(
    f: &AllowanceFacts,
    switches: &[AllowanceSwitch],
    month: NaiveDate,
    adult_age: i32,
) -> Option<Entitlement> {
    if !in_care_during(f, month) || !under_age(f, month, adult_age) {
        return None;
    }
    let category = Category::from_archive(&category_on(f, fact_day(f, month)))?;
    Some(Entitlement {
        category,
        payer: payer(f, switches, month),
    })
}

crate::code_enum! {
    /// A roster line's change from the month before (highlighted on the roster).
    pub enum Change {
        /// Paid by this institution last month too, in the same category.
        Continuing = "continuing",
        /// Newly paid (taken in, or newly in a category with a standard).
        New = "new",
        /// Paid by another institution last month: handed over to this one.
        TransferredIn = "transferred-in",
        /// Paid last month in another category.
        CategoryChanged = "category-changed",
        /// Stopped: paid by another institution from this month (handover's switch month).
        TransferredOut = "transferred-out",
        /// Stopped: discharged last month (adoption, return, death, placement — the reason shows).
        Discharged = "discharged",
        /// Stopped: reached the adult age last month.
        Adult = "adult",
        /// Stopped: no longer in a category with a standard.
        NoCategory = "no-category",
    }
}

impl Change {
    /// The line is a stop (amount 0 this month).
    pub fn is_stop(self) -> bool {
        matches!(
            self,
            Change::TransferredOut | Change::Discharged | Change::Adult | Change::NoCategory
        )
    }
    pub fn label_key(self) -> String {
        format!("oversight.allowance.change.{}", self.code())
    }
}

/// The child's line on `institution`'s roster for the month, if any: entitled and paid here (with the
/// change from last month), or paid here last month and stopped now (with why).
pub fn roster_change(
    f: &AllowanceFacts,
    switches: &[AllowanceSwitch],
    institution: InstitutionId,
    month: NaiveDate,
    adult_age: i32,
) -> Option<(Change, Option<Category>)> {
    let now = entitlement(f, switches, month, adult_age);
    let before = entitlement(f, switches, previous_month(month), adult_age);
    match (now, before) {
        (Some(n), b) if n.payer == institution => Some(match b {
            Some(b) if b.payer != institution => (Change::TransferredIn, Some(n.category)),
            Some(b) if b.category != n.category => (Change::CategoryChanged, Some(n.category)),
            Some(_) => (Change::Continuing, Some(n.category)),
            None => (Change::New, Some(n.category)),
        }),
        (now, Some(b)) if b.payer == institution => {
            let why = if now.is_some() {
                Change::TransferredOut
            } else if !in_care_during(f, month) {
                Change::Discharged
            } else if !under_age(f, month, adult_age) {
                Change::Adult
            } else {
                Change::NoCategory
            };
            Some((why, Some(b.category)))
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "allowance_tests.rs"]
mod tests;
