//! Yearly and quarterly duties of the civil-affairs supervisor (issue 17 point 4): pure rules, no I/O.
//!
//! - **Filing a month's roster** (基本生活费发放名册 报送): a month may be filed once it has begun (a
//!   future month's roster would still change); the filed lines are frozen.
//! - **应退未退** (seed 002: "县级民政部门至少每季度比对一次…应退未退"): a paid line of a filed roster is an
//!   item to resolve when the month paid lies after the child's discharge (离院, adoption 收养 included)
//!   or after the month of the 18th birthday — the same month rules as the roster (ALW-05, 次月停发;
//!   民法典 第17条 十八周岁以上为成年人): paid through the month of the discharge and of the birthday.

use crate::clock::age_on;
use chrono::NaiveDate;

use super::allowance::first_of;

crate::code_enum! {
    /// Why a paid line of a filed roster should not have been paid (应退未退).
    pub enum OverpayReason {
        /// Discharged (离院) before the month began; the allowance stops the month after (ALW-05).
        Discharged = "discharged",
        /// Adopted (收养登记) before the month began.
        Adopted = "adopted",
        /// Reached the adult age (18, `child.adult_age`) before the month began (民法典 第17条).
        Adult = "adult",
    }
}

impl OverpayReason {
    pub fn label_key(self) -> String {
        format!("oversight.overpay.reason.{}", self.code())
    }
}

/// A roster of `month` may be filed from the month's first day on (`today` in that month or later).
pub fn may_file(month: NaiveDate, today: NaiveDate) -> bool {
    first_of(month) <= today
}

/// Whether a line paid for `month` was paid after the child's discharge or adult age: `None` when the
/// payment was due. Discharge wins over age (the earlier stop is the one the department acts on).
/// `discharge_reason` is the archive's code (`adopted` marks an adoption).
pub fn overpaid(
    month: NaiveDate,
    birth_date: NaiveDate,
    discharge: Option<(NaiveDate, &str)>,
    adult_age: i32,
) -> Option<OverpayReason> {
    let first = first_of(month);
    if let Some((day, reason)) = discharge {
        // Paid through the month of the discharge: a discharge on the month's first day is still paid.
        if day < first {
            return Some(if reason == "adopted" {
                OverpayReason::Adopted
            } else {
                OverpayReason::Discharged
            });
        }
    }
    // Paid through the month of the 18th birthday: the age on the day before the month begins.
    let eve = first.pred_opt().unwrap_or(first);
    (age_on(birth_date, eve) >= adult_age).then_some(OverpayReason::Adult)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_may_be_filed_from_its_first_day() {
        assert!(!may_file(d(2026, 12, 1), d(2026, 11, 30)));
        assert!(may_file(d(2026, 12, 1), d(2026, 12, 1)));
        assert!(may_file(d(2026, 11, 1), d(2026, 11, 23)));
        assert!(may_file(d(2026, 10, 1), d(2026, 11, 23)));
    }

    #[test]
    fn paid_through_the_discharge_month_and_overpaid_from_the_next() {
        let born = d(2015, 5, 5);
        // Discharged on the 1st of November: November is still due.
        assert_eq!(
            overpaid(d(2026, 11, 1), born, Some((d(2026, 11, 1), "returned")), 18),
            None
        );
        // Discharged on 31 October: November was overpaid.
        assert_eq!(
            overpaid(
                d(2026, 11, 1),
                born,
                Some((d(2026, 10, 31), "returned")),
                18
            ),
            Some(OverpayReason::Discharged)
        );
        assert_eq!(
            overpaid(d(2026, 11, 1), born, Some((d(2026, 9, 2), "adopted")), 18),
            Some(OverpayReason::Adopted)
        );
        // A discharge after the month: due.
        assert_eq!(
            overpaid(d(2026, 10, 1), born, Some((d(2026, 11, 2), "death")), 18),
            None
        );
        assert_eq!(overpaid(d(2026, 10, 1), born, None, 18), None);
    }

    #[test]
    fn paid_through_the_month_of_the_eighteenth_birthday() {
        // 18 on 15 October 2026: October due, November overpaid.
        let born = d(2008, 10, 15);
        assert_eq!(overpaid(d(2026, 10, 1), born, None, 18), None);
        assert_eq!(
            overpaid(d(2026, 11, 1), born, None, 18),
            Some(OverpayReason::Adult)
        );
        // Born on the 1st: 18 on 1 November — November is still due (age on 31 October is 17).
        let first = d(2008, 11, 1);
        assert_eq!(overpaid(d(2026, 11, 1), first, None, 18), None);
        assert_eq!(
            overpaid(d(2026, 12, 1), first, None, 18),
            Some(OverpayReason::Adult)
        );
        // Born on 31 October: 18 on the eve, so November is overpaid.
        assert_eq!(
            overpaid(d(2026, 11, 1), d(2008, 10, 31), None, 18),
            Some(OverpayReason::Adult)
        );
        // 29 February: 18 on 1 March 2026 in a common year (clock::age_on) — March still due.
        let leap = d(2008, 2, 29);
        assert_eq!(overpaid(d(2026, 3, 1), leap, None, 18), None);
        assert_eq!(
            overpaid(d(2026, 4, 1), leap, None, 18),
            Some(OverpayReason::Adult)
        );
        // The adult age is a policy value, not a literal.
        assert_eq!(overpaid(d(2026, 11, 1), born, None, 19), None);
    }

    #[test]
    fn discharge_is_named_before_age() {
        assert_eq!(
            overpaid(
                d(2026, 12, 1),
                d(2008, 1, 1),
                Some((d(2026, 3, 1), "adopted")),
                18
            ),
            Some(OverpayReason::Adopted)
        );
    }
}
