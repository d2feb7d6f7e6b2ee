//! Boundary tests of the growth-check schedule (GRW-04).

use super::growth_check::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The national default as seeded (1, 3, 6, 8, 12, 18, 24, 30, 36 months, yearly under 18, 14 days).
fn p() -> CheckPolicy {
    CheckPolicy {
        months: parse_months("1,3,6,8,12,18,24,30,36").unwrap(),
        until_age: 18,
        window_days: 14,
    }
}

#[test]
fn parse_months_accepts_lists_and_refuses_nonsense() {
    assert_eq!(parse_months("1, 3，6、8 12"), Some(vec![1, 3, 6, 8, 12]));
    assert_eq!(parse_months("0"), Some(vec![0]));
    assert_eq!(parse_months(""), None);
    assert_eq!(parse_months(" , "), None);
    assert_eq!(parse_months("1,3,3"), None, "not strictly increasing");
    assert_eq!(parse_months("3,1"), None);
    assert_eq!(parse_months("1,-3"), None);
    assert_eq!(parse_months("1,3.5"), None);
    assert_eq!(parse_months("216"), Some(vec![216]));
    assert_eq!(parse_months("217"), None, "over 18 years");
    assert_eq!(parse_months("99999999999"), None);
}

#[test]
fn schedule_is_the_list_then_yearly_while_under_the_age() {
    let s = scheduled_months(&p());
    assert_eq!(&s[..9], &[1, 3, 6, 8, 12, 18, 24, 30, 36]);
    assert_eq!(s[9], 48);
    // 未满18: the last yearly check is at 17 years (204 months), never at 18.
    assert_eq!(s.last(), Some(&204));
    let short = CheckPolicy {
        until_age: 6,
        ..p()
    };
    assert_eq!(scheduled_months(&short).last(), Some(&60));
    let tiny = CheckPolicy {
        until_age: 1,
        ..p()
    };
    assert_eq!(scheduled_months(&tiny), vec![1, 3, 6, 8]);
}

#[test]
fn each_scheduled_age_is_due_on_its_day_and_overdue_after_the_window() {
    let birth = d(2025, 1, 10);
    let p = p();
    // Every listed age: the day itself is on time, due_by is the last on-time day.
    for (m, on) in [
        (1, d(2025, 2, 10)),
        (3, d(2025, 4, 10)),
        (6, d(2025, 7, 10)),
        (8, d(2025, 9, 10)),
        (12, d(2026, 1, 10)),
        (18, d(2026, 7, 10)),
        (24, d(2027, 1, 10)),
        (30, d(2027, 7, 10)),
        (36, d(2028, 1, 10)),
        (48, d(2029, 1, 10)),
    ] {
        let due = next_check(birth, birth, &[], on, &p).unwrap();
        assert_eq!((due.age_months, due.on), (m, on), "age {m}");
        assert_eq!(due.due_by, on + chrono::Duration::days(14));
        // The day after due_by is still this check (overdue), until the next window opens.
        let late = next_check(birth, birth, &[], due.due_by.succ_opt().unwrap(), &p).unwrap();
        assert_eq!(late.age_months, m, "overdue check at {m} still asked");
    }
}

#[test]
fn a_check_counts_from_the_window_before_and_until_the_next_window() {
    let birth = d(2025, 1, 10);
    let p = p();
    let twelve = d(2026, 1, 10);
    let today = d(2026, 1, 30);
    // 14 days early counts for 12 months; 15 days early does not (it counts for 8 months instead).
    let early = next_check(birth, birth, &[d(2025, 12, 27)], today, &p).unwrap();
    assert_eq!(early.age_months, 18, "a check 14 days early counts");
    let too_early = next_check(birth, birth, &[d(2025, 12, 26)], today, &p).unwrap();
    assert_eq!((too_early.age_months, too_early.on), (12, twelve));
    // A late check (three months after, before the 18-month window) still counts for 12 months.
    let late_day = d(2026, 4, 10);
    let late = next_check(birth, birth, &[late_day], late_day, &p).unwrap();
    assert_eq!(late.age_months, 18);
    // The last day before the 18-month window (2026-06-26 opens it) counts; the opening day does not.
    let last = d(2026, 6, 25);
    assert_eq!(
        next_check(birth, birth, &[last], last, &p)
            .unwrap()
            .age_months,
        18
    );
    let opening = d(2026, 6, 26);
    assert_eq!(
        next_check(birth, birth, &[opening], opening, &p),
        Some(CheckDue {
            age_months: 24,
            on: d(2027, 1, 10),
            due_by: d(2027, 1, 24)
        }),
        "a check on the day the 18-month window opens is the 18-month check"
    );
}

#[test]
fn a_missed_check_is_superseded_when_the_next_window_opens() {
    let birth = d(2025, 1, 10);
    let p = p();
    // No check at 12 months; on the day before the 18-month window it is still the 12-month check…
    let before = next_check(birth, birth, &[], d(2026, 6, 25), &p).unwrap();
    assert_eq!(before.age_months, 12);
    // …and on the day it opens, the 18-month check.
    let after = next_check(birth, birth, &[], d(2026, 6, 26), &p).unwrap();
    assert_eq!(after.age_months, 18);
}

#[test]
fn before_the_first_window_the_first_check_is_upcoming() {
    let birth = d(2025, 1, 10);
    let due = next_check(birth, birth, &[], birth, &p()).unwrap();
    assert_eq!((due.age_months, due.on), (1, d(2025, 2, 10)));
}

#[test]
fn a_check_overdue_before_intake_is_not_asked() {
    let birth = d(2025, 1, 10);
    let p = p();
    // Admitted on 2026-01-25 (the 12-month check was due by 2026-01-24): the 18-month check is next.
    let after = next_check(birth, d(2026, 1, 25), &[], d(2026, 2, 1), &p).unwrap();
    assert_eq!(after.age_months, 18);
    // Admitted on 2026-01-24, the last on-time day: the 12-month check is asked (and overdue after).
    let on = next_check(birth, d(2026, 1, 24), &[], d(2026, 2, 1), &p).unwrap();
    assert_eq!(on.age_months, 12);
}

#[test]
fn leap_day_birthdays_fall_on_the_last_day_of_february() {
    let birth = d(2024, 2, 29);
    let p = p();
    // 12 months: 2025 has no 29 February → 28 February (民法典 第201条).
    let due = next_check(birth, birth, &[], d(2025, 2, 20), &p).unwrap();
    assert_eq!((due.age_months, due.on), (12, d(2025, 2, 28)));
    // 48 months: 2028 is a leap year → 29 February.
    let four = next_check(birth, birth, &[], d(2028, 2, 20), &p).unwrap();
    assert_eq!((four.age_months, four.on), (48, d(2028, 2, 29)));
    // 1 month after 29 February is 29 March; 6 months is 29 August.
    assert_eq!(
        next_check(birth, birth, &[], birth, &p).unwrap().on,
        d(2024, 3, 29)
    );
}

#[test]
fn the_schedule_ends_before_the_until_age() {
    let birth = d(2000, 3, 1);
    let p = p();
    let last = d(2017, 3, 1); // 204 months
    let due = next_check(birth, birth, &[], d(2017, 2, 20), &p).unwrap();
    assert_eq!((due.age_months, due.on), (204, last));
    // Checked at 17: nothing more (no check at 18).
    assert_eq!(next_check(birth, birth, &[last], last, &p), None);
    // Not checked: the 17-year check stays overdue (no later window supersedes it).
    let unchecked = next_check(birth, birth, &[], d(2017, 12, 1), &p).unwrap();
    assert_eq!(unchecked.age_months, 204);
}

#[test]
fn a_zero_or_negative_window_is_the_day_itself() {
    let birth = d(2025, 1, 10);
    let p = CheckPolicy {
        window_days: -5,
        ..p()
    };
    let due = next_check(birth, birth, &[], d(2025, 2, 10), &p).unwrap();
    assert_eq!(due.due_by, d(2025, 2, 10));
    // A check one day early does not count for 1 month with no window.
    let early = next_check(birth, birth, &[d(2025, 2, 9)], d(2025, 2, 10), &p).unwrap();
    assert_eq!(early.age_months, 1);
}
