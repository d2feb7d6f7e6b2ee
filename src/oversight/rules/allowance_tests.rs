//! Boundary tests of the allowance rules: the month's standard, intake and discharge months, the 18th
//! birthday (29 February too), and the transfer's allowance switch month.

use super::*;
use crate::archive::ChildId;
use chrono::NaiveDateTime;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn value(id: i64, jurisdiction: &str, from: NaiveDate, yuan: &str) -> PolicyValue {
    PolicyValue {
        id,
        key: "allowance.orphan_institution_monthly_yuan".into(),
        jurisdiction: jurisdiction.into(),
        value: yuan.into(),
        effective_from: from,
        source: String::new(),
        verified: true,
        created_by: None,
        created_at: NaiveDateTime::default(),
    }
}

const A: InstitutionId = InstitutionId(1);
const B: InstitutionId = InstitutionId(2);

fn child() -> AllowanceFacts {
    AllowanceFacts {
        id: ChildId(7),
        archive_no: "X-1".into(),
        name: "甲".into(),
        birth_date: d(2015, 6, 15),
        intake_date: d(2020, 3, 10),
        discharge_date: None,
        discharge_reason: None,
        allowance_category: "orphan-institution".into(),
        institution_now: A,
        moves: vec![],
        category_changes: vec![],
    }
}

#[test]
fn a_standard_starting_mid_month_applies_to_that_whole_month() {
    let rows = vec![
        value(1, "CN", d(2010, 1, 1), "1000"),
        value(2, "22", d(2026, 7, 15), "1600"),
    ];
    let chain = vec!["2201".to_string(), "22".to_string(), "CN".to_string()];
    assert_eq!(
        standard(&rows, &chain, d(2026, 6, 1)).unwrap().value,
        "1000"
    );
    assert_eq!(
        standard(&rows, &chain, d(2026, 7, 1)).unwrap().value,
        "1600"
    );
    // Starting on the 1st of the next month: not this month.
    let rows = vec![
        value(1, "CN", d(2010, 1, 1), "1000"),
        value(2, "22", d(2026, 8, 1), "1600"),
    ];
    assert_eq!(
        standard(&rows, &chain, d(2026, 7, 1)).unwrap().value,
        "1000"
    );
    assert_eq!(
        standard(&rows, &chain, d(2026, 8, 1)).unwrap().value,
        "1600"
    );
    // The most specific jurisdiction wins; none in force → no standard.
    assert!(standard(&rows, &chain, d(2009, 12, 1)).is_none());
}

#[test]
fn month_arithmetic_and_parsing() {
    assert_eq!(last_of(d(2028, 2, 10)), d(2028, 2, 29));
    assert_eq!(last_of(d(2026, 2, 1)), d(2026, 2, 28));
    assert_eq!(last_of(d(2026, 12, 31)), d(2026, 12, 31));
    assert_eq!(previous_month(d(2026, 1, 20)), d(2025, 12, 1));
    assert_eq!(parse_month("2026-11"), Some(d(2026, 11, 1)));
    for bad in ["2026-13", "2026-1", "202611", "", "2026-11-01", "abcd-ef"] {
        assert_eq!(parse_month(bad), None, "{bad}");
    }
}

#[test]
fn paid_from_the_intake_month_through_the_discharge_month() {
    let mut c = child();
    assert!(!in_care_during(&c, d(2020, 2, 1)));
    assert!(in_care_during(&c, d(2020, 3, 1)));
    c.discharge_date = Some(d(2026, 9, 1));
    assert!(
        in_care_during(&c, d(2026, 9, 1)),
        "discharged on the 1st: still paid that month"
    );
    assert!(!in_care_during(&c, d(2026, 10, 1)), "次月停发");
    c.discharge_date = Some(d(2026, 8, 31));
    assert!(!in_care_during(&c, d(2026, 9, 1)));
}

#[test]
fn paid_through_the_month_of_the_18th_birthday() {
    let mut c = child();
    c.birth_date = d(2008, 11, 15);
    assert!(under_age(&c, d(2026, 11, 1), 18));
    assert!(!under_age(&c, d(2026, 12, 1), 18));
    // Born on the 1st: 18 on the first day of the month, still paid that month (the day before it, 17).
    c.birth_date = d(2008, 12, 1);
    assert!(under_age(&c, d(2026, 12, 1), 18));
    assert!(!under_age(&c, d(2027, 1, 1), 18));
    // 29 February: 18 on 1 March in a common year (Civil Code counting, clock::age_on).
    c.birth_date = d(2008, 2, 29);
    assert!(under_age(&c, d(2026, 3, 1), 18), "17 on 28 February 2026");
    assert!(!under_age(&c, d(2026, 4, 1), 18));
}

#[test]
fn the_category_and_the_institution_come_from_history() {
    let mut c = child();
    c.allowance_category = "none".into();
    c.category_changes = vec![(d(2026, 9, 10), "orphan-institution".into(), "none".into())];
    assert_eq!(category_on(&c, d(2026, 8, 31)), "orphan-institution");
    assert_eq!(category_on(&c, d(2026, 9, 10)), "none");
    assert!(entitlement(&c, &[], d(2026, 8, 1), 18).is_some());
    assert!(entitlement(&c, &[], d(2026, 9, 1), 18).is_none());
    assert_eq!(
        roster_change(&c, &[], A, d(2026, 9, 1), 18),
        Some((Change::NoCategory, Some(Category::InstitutionOrphan)))
    );
    let mut c = child();
    c.institution_now = B;
    c.moves = vec![(d(2026, 10, 5), A, B)];
    assert_eq!(institution_on(&c, d(2026, 10, 4)), A);
    assert_eq!(institution_on(&c, d(2026, 10, 5)), B);
    assert_eq!(Category::from_archive("tekun"), None);
    assert_eq!(Category::from_archive("none"), None);
}

#[test]
fn the_sender_pays_until_the_switch_month_and_the_receiver_from_it() {
    let mut c = child();
    c.institution_now = B;
    c.moves = vec![(d(2026, 11, 23), A, B)];
    let sw = [AllowanceSwitch {
        child_id: c.id,
        from: A,
        to: B,
        completed_on: d(2026, 11, 23),
        month: d(2027, 1, 1),
    }];
    assert_eq!(payer(&c, &sw, d(2026, 10, 1)), A);
    assert_eq!(
        payer(&c, &sw, d(2026, 11, 1)),
        A,
        "moved, the switch is later"
    );
    assert_eq!(payer(&c, &sw, d(2026, 12, 1)), A);
    assert_eq!(payer(&c, &sw, d(2027, 1, 1)), B);
    assert_eq!(
        roster_change(&c, &sw, A, d(2026, 12, 1), 18),
        Some((Change::Continuing, Some(Category::InstitutionOrphan)))
    );
    assert_eq!(roster_change(&c, &sw, B, d(2026, 12, 1), 18), None);
    assert_eq!(
        roster_change(&c, &sw, A, d(2027, 1, 1), 18),
        Some((Change::TransferredOut, Some(Category::InstitutionOrphan)))
    );
    assert_eq!(
        roster_change(&c, &sw, B, d(2027, 1, 1), 18),
        Some((Change::TransferredIn, Some(Category::InstitutionOrphan)))
    );
    assert_eq!(roster_change(&c, &sw, A, d(2027, 2, 1), 18), None);
    assert_eq!(
        roster_change(&c, &sw, B, d(2027, 2, 1), 18),
        Some((Change::Continuing, Some(Category::InstitutionOrphan)))
    );
    // Without a recorded switch the allowance follows the child at the month's end.
    assert_eq!(payer(&c, &[], d(2026, 11, 1)), B);
}

#[test]
fn stops_name_their_reason() {
    let mut c = child();
    c.discharge_date = Some(d(2026, 10, 20));
    c.discharge_reason = Some("adopted".into());
    assert_eq!(
        roster_change(&c, &[], A, d(2026, 10, 1), 18).map(|x| x.0),
        Some(Change::Continuing)
    );
    assert_eq!(
        roster_change(&c, &[], A, d(2026, 11, 1), 18).map(|x| x.0),
        Some(Change::Discharged)
    );
    assert_eq!(roster_change(&c, &[], A, d(2026, 12, 1), 18), None);
    let mut c = child();
    c.birth_date = d(2008, 10, 3);
    assert_eq!(
        roster_change(&c, &[], A, d(2026, 11, 1), 18).map(|x| x.0),
        Some(Change::Adult)
    );
    let c = child();
    assert_eq!(
        roster_change(&c, &[], A, d(2020, 3, 1), 18).map(|x| x.0),
        Some(Change::New)
    );
    assert!(below_floor(900, Some(1000)));
    assert!(!below_floor(1000, Some(1000)));
    assert!(!below_floor(5, None));
}
