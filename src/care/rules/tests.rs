//! Boundary tests of the pure care rules: each threshold on both sides, month ends and 29 February.

use super::growth::{self, Indicator};
use super::immunisation::{self, outstanding};
use super::schedule::{next_assessment, AssessmentKind, AssessmentPolicy};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const REVIEW: ReviewPolicy = ReviewPolicy {
    interval_months: 6,
    event_review_days: 30,
};

#[test]
fn due_state_is_overdue_only_from_the_day_after() {
    let due = d(2026, 5, 31);
    assert_eq!(due_state(due, d(2026, 5, 30)), Due::Upcoming);
    assert_eq!(due_state(due, d(2026, 5, 31)), Due::Today);
    assert_eq!(due_state(due, d(2026, 6, 1)), Due::Overdue);
}

#[test]
fn review_every_six_months_from_approval_or_last_review() {
    // CARE-01: six months from approval.
    assert_eq!(
        plan_review_due(d(2026, 1, 15), None, None, REVIEW),
        d(2026, 7, 15)
    );
    // A review restarts the cycle.
    assert_eq!(
        plan_review_due(d(2026, 1, 15), Some(d(2026, 6, 1)), None, REVIEW),
        d(2026, 12, 1)
    );
    // A review dated before the approval (of an earlier version) does not move it back.
    assert_eq!(
        plan_review_due(d(2026, 1, 15), Some(d(2025, 12, 1)), None, REVIEW),
        d(2026, 7, 15)
    );
}

#[test]
fn review_month_ends_follow_the_civil_code() {
    // 民法典 第201条: no 31 February, so the last day of February.
    assert_eq!(
        plan_review_due(d(2025, 8, 31), None, None, REVIEW),
        d(2026, 2, 28)
    );
    assert_eq!(
        plan_review_due(d(2027, 8, 31), None, None, REVIEW),
        d(2028, 2, 29)
    );
    // Approved on 29 February: six months later is 29 August.
    assert_eq!(
        plan_review_due(d(2028, 2, 29), None, None, REVIEW),
        d(2028, 8, 29)
    );
}

#[test]
fn a_major_event_brings_the_review_forward() {
    let approved = d(2026, 1, 1);
    // Event on 2026-03-01: review by 2026-03-31, sooner than 2026-07-01.
    assert_eq!(
        plan_review_due(approved, None, Some(d(2026, 3, 1)), REVIEW),
        d(2026, 3, 31)
    );
    // An event whose review would fall after the cycle does not delay it.
    assert_eq!(
        plan_review_due(approved, None, Some(d(2026, 6, 20)), REVIEW),
        d(2026, 7, 1)
    );
    // An event on the approval day itself was known when the plan was approved.
    assert_eq!(
        plan_review_due(approved, None, Some(approved), REVIEW),
        d(2026, 7, 1)
    );
    // The day after is a new event.
    assert_eq!(
        plan_review_due(approved, None, Some(d(2026, 1, 2)), REVIEW),
        d(2026, 2, 1)
    );
}

#[test]
fn first_plan_and_approval_deadlines() {
    assert_eq!(first_plan_due(d(2026, 11, 1), 30), d(2026, 12, 1));
    assert_eq!(approval_due(d(2026, 12, 25), 7), d(2027, 1, 1));
}

fn assessment() -> AssessmentPolicy {
    AssessmentPolicy {
        interval_months: 12,
        young_interval_months: 6,
        young_age: 3,
        intake_days: 30,
    }
}

#[test]
fn first_assessment_within_thirty_days_of_intake() {
    let birth = d(2020, 1, 1);
    let intake = d(2026, 3, 2);
    assert_eq!(
        next_assessment(birth, intake, None, assessment()),
        d(2026, 4, 1)
    );
    // An assessment from before this intake (an earlier stay) does not count.
    assert_eq!(
        next_assessment(birth, intake, Some(d(2026, 3, 1)), assessment()),
        d(2026, 4, 1)
    );
    // One on the intake day counts.
    assert_eq!(
        next_assessment(birth, intake, Some(intake), assessment()),
        d(2027, 3, 2)
    );
}

#[test]
fn under_three_every_six_months_from_three_yearly() {
    let birth = d(2023, 6, 10);
    let intake = d(2023, 7, 1);
    // The day before the third birthday: still 未满3周岁 → six months.
    assert_eq!(
        next_assessment(birth, intake, Some(d(2026, 6, 9)), assessment()),
        d(2026, 12, 9)
    );
    // On the third birthday the child is 3 (the age is reached on the birthday) → yearly.
    assert_eq!(
        next_assessment(birth, intake, Some(d(2026, 6, 10)), assessment()),
        d(2027, 6, 10)
    );
}

#[test]
fn leap_day_birthday_reaches_three_on_the_first_of_march() {
    let birth = d(2024, 2, 29);
    let intake = d(2024, 3, 10);
    // 2027-02-28: not yet three (common year) → six months.
    assert_eq!(
        next_assessment(birth, intake, Some(d(2027, 2, 28)), assessment()),
        d(2027, 8, 28)
    );
    assert_eq!(
        next_assessment(birth, intake, Some(d(2027, 3, 1)), assessment()),
        d(2028, 3, 1)
    );
}

#[test]
fn assessment_kinds_round_trip() {
    for k in AssessmentKind::ALL {
        assert_eq!(AssessmentKind::parse(k.code()), Some(*k));
    }
}

#[test]
fn the_shipped_schedule_parses_and_is_in_force() {
    let eds = immunisation::shipped();
    assert_eq!(eds.len(), immunisation::EDITIONS.len());
    let s = immunisation::in_force(&eds, d(2026, 1, 1)).unwrap();
    assert_eq!(s[0].version, "2025");
    assert_eq!(
        immunisation::in_force(&eds, d(2024, 12, 31)).unwrap()[0].version,
        "2021"
    );
    assert_eq!(
        immunisation::in_force(&eds, d(2025, 1, 1)).unwrap()[0].version,
        "2025"
    );
    assert!(s
        .iter()
        .any(|x| x.vaccine == "BCG" && x.complete_before_months == Some(3)));
    assert!(immunisation::in_force(&eds, d(2020, 12, 31)).is_none());
    assert!(immunisation::parse("2021,2021-01-01,X,one,0,,,").is_err());
}

#[test]
fn bcg_overdue_from_three_months_of_age() {
    let eds = immunisation::shipped();
    let s = immunisation::in_force(&eds, d(2026, 1, 1)).unwrap();
    let birth = d(2026, 1, 31);
    let bcg = |today| {
        outstanding(s, birth, &[], today, 18)
            .into_iter()
            .find(|x| x.dose.vaccine == "BCG")
            .map(|x| x.overdue)
    };
    // Complete before 3 months: 2026-04-30 (no 31 April) is the first day it is late.
    assert_eq!(bcg(d(2026, 4, 29)), Some(false));
    assert_eq!(bcg(d(2026, 4, 30)), Some(true));
    // Recorded: no longer outstanding.
    let given = vec![("BCG".to_string(), 1)];
    assert!(outstanding(s, birth, &given, d(2026, 5, 1), 18)
        .iter()
        .all(|x| x.dose.vaccine != "BCG"));
}

#[test]
fn a_dose_is_listed_from_its_age_and_never_after_the_catch_up_age() {
    let eds = immunisation::shipped();
    let s = immunisation::in_force(&eds, d(2026, 1, 1)).unwrap();
    let birth = d(2008, 6, 1);
    // MMR dose 1 at 8 months: listed from 2009-02-01, not the day before.
    let mmr = |today| {
        outstanding(s, birth, &[], today, 18)
            .iter()
            .any(|x| x.dose.vaccine == "MMR" && x.dose.dose == 1)
    };
    assert!(!mmr(d(2009, 1, 31)));
    assert!(mmr(d(2009, 2, 1)));
    // Catch-up until 18 (IMM-02): the day before the 18th birthday still listed, on it not.
    assert!(mmr(d(2026, 5, 31)));
    assert!(!mmr(d(2026, 6, 1)));
}

#[test]
fn one_series_of_the_alternatives() {
    let eds = immunisation::shipped();
    let s = immunisation::in_force(&eds, d(2026, 1, 1)).unwrap();
    let birth = d(2020, 1, 1);
    let today = d(2026, 1, 1);
    let names = |given: &[(String, i32)]| -> Vec<String> {
        outstanding(s, birth, given, today, 18)
            .iter()
            .map(|x| format!("{}-{}", x.dose.vaccine, x.dose.dose))
            .collect()
    };
    // Nothing recorded: the default (live) series is expected, not both.
    let none = names(&[]);
    assert!(none.contains(&"JE-L-2".to_string()));
    assert!(!none.iter().any(|n| n.starts_with("JE-I")));
    // A dose of the inactivated series chooses it.
    let inact = names(&[("JE-I".to_string(), 1)]);
    assert!(inact.contains(&"JE-I-2".to_string()));
    assert!(!inact.iter().any(|n| n.starts_with("JE-L")));
}

#[test]
fn weight_for_age_against_who_published_values() {
    // WHO weight-for-age, boys, birth: median 3.3464 kg; the SD table prints +2SD 4.4 and −2SD 2.5.
    let p = growth::lms_at(Indicator::WeightForAge, "M", 0).unwrap();
    assert!((p.m - 3.3464).abs() < 1e-9);
    assert!((growth::value_at_sd(p, 2.0) - 4.4).abs() < 0.05);
    assert!((growth::value_at_sd(p, -2.0) - 2.5).abs() < 0.05);
    let z = growth::z_score(Indicator::WeightForAge, p, 3.3464);
    assert!(z.abs() < 1e-9);
    // Boys at 12 months: median 9.6479 kg, −2SD 7.7, +2SD 12.0.
    let p12 = growth::lms_at(Indicator::WeightForAge, "M", 365).unwrap();
    assert!((p12.m - 9.6479).abs() < 0.01);
    assert!((growth::value_at_sd(p12, -2.0) - 7.7).abs() < 0.05);
    assert!((growth::value_at_sd(p12, 2.0) - 12.0).abs() < 0.05);
}

#[test]
fn length_and_head_against_who_published_values() {
    // Girls' length at 24 months: median 86.4153 cm; boys' head circumference at birth 34.4618 cm.
    let girl = growth::lms_at(Indicator::LengthForAge, "F", (24.0 * 30.4375_f64) as i64).unwrap();
    assert!((girl.m - 86.4153).abs() < 0.05);
    let head = growth::lms_at(Indicator::HeadForAge, "M", 0).unwrap();
    assert!((head.m - 34.4618).abs() < 1e-9);
    // Boys' head at 12 months: WHO prints median 46.1 cm, +2SD 48.6.
    let h12 = growth::lms_at(Indicator::HeadForAge, "M", 365).unwrap();
    assert!((h12.m - 46.1).abs() < 0.05);
    assert!((growth::value_at_sd(h12, 2.0) - 48.6).abs() < 0.1);
}

#[test]
fn percentiles_of_z_scores() {
    assert!((growth::percentile(0.0) - 50.0).abs() < 1e-6);
    // P3 and P97 sit at z = ∓1.881.
    assert!((growth::percentile(-1.881) - 3.0).abs() < 0.01);
    assert!((growth::percentile(1.881) - 97.0).abs() < 0.01);
    assert!((growth::percentile(-2.0) - 2.275).abs() < 0.01);
}

#[test]
fn weight_beyond_three_sd_uses_the_restricted_formula() {
    let p = growth::lms_at(Indicator::WeightForAge, "M", 0).unwrap();
    let sd3 = growth::value_at_sd(p, 3.0);
    let sd2 = growth::value_at_sd(p, 2.0);
    let z = growth::z_score(Indicator::WeightForAge, p, sd3 + (sd3 - sd2));
    assert!((z - 4.0).abs() < 1e-9);
    let lo3 = growth::value_at_sd(p, -3.0);
    let lo2 = growth::value_at_sd(p, -2.0);
    let z = growth::z_score(Indicator::WeightForAge, p, lo3 - (lo2 - lo3));
    assert!((z + 4.0).abs() < 1e-9);
}

#[test]
fn the_standard_covers_birth_to_five_years_only() {
    let birth = d(2021, 1, 1);
    // 60 months: the last row.
    let at60 = growth::assess(
        Indicator::WeightForAge,
        "F",
        birth,
        birth + chrono::Duration::days(1826),
        18.0,
    );
    assert!(at60.is_some());
    assert_eq!(at60.unwrap().standard, growth::STANDARD);
    // Past 60 months: not covered (WHO 2007 / WS/T 612 not shipped).
    assert!(growth::assess(Indicator::WeightForAge, "F", birth, d(2026, 3, 1), 18.0).is_none());
    assert!(growth::assess(Indicator::WeightForAge, "F", birth, birth, 0.0).is_none());
    assert!(growth::assess(Indicator::WeightForAge, "X", birth, birth, 3.0).is_none());
    assert!(growth::assess(Indicator::WeightForAge, "F", birth, d(2020, 1, 1), 3.0).is_none());
}

#[test]
fn archive_history_transfer_and_foster_placement_are_major_events_nothing_else() {
    use super::archive_major_event;
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(archive_major_event(&[]), None);
    assert_eq!(
        archive_major_event(&[("status", "active", d(3, 1)), ("hukou_place", "x", d(4, 1))]),
        None,
        "a return to active care or another field is not a major event"
    );
    assert_eq!(
        archive_major_event(&[
            ("status", "in-foster-care", d(2, 1)),
            ("institution", "7", d(5, 2)),
            ("status", "active", d(6, 1)),
        ]),
        Some(d(5, 2))
    );
    assert_eq!(
        archive_major_event(&[("status", "in-foster-care", d(7, 9))]),
        Some(d(7, 9))
    );
}

/// The 百白破 (DTaP) and 白破 (DT) doses of a child's schedule: (vaccine, dose, months, edition).
fn dtap(birth: NaiveDate) -> Vec<(String, i32, u32, String)> {
    immunisation::for_child(&immunisation::shipped(), birth)
        .into_iter()
        .filter(|x| x.vaccine == "DTaP" || x.vaccine == "DT")
        .map(|x| (x.vaccine, x.dose, x.due_months, x.version))
        .collect()
}

fn dose(v: &str, n: i32, months: u32, edition: &str) -> (String, i32, u32, String) {
    (v.to_string(), n, months, edition.to_string())
}

#[test]
fn imm01_the_2025_dtap_change_is_chosen_by_the_dose_date() {
    // Born long before: the 2021 timing for the infant doses and 白破 at 6 years (2018-12-31 + 72
    // months = 2024-12-31, the last day of the 2021 edition).
    assert_eq!(
        dtap(d(2018, 12, 31)),
        vec![
            dose("DTaP", 1, 3, "2021"),
            dose("DTaP", 2, 4, "2021"),
            dose("DTaP", 3, 5, "2021"),
            dose("DTaP", 4, 18, "2021"),
            dose("DT", 1, 72, "2021"),
        ]
    );
    // One day later the 6-year dose falls due on 2025-01-01: 百白破 dose 5 replaces 白破.
    assert_eq!(
        dtap(d(2019, 1, 1)),
        vec![
            dose("DTaP", 1, 3, "2021"),
            dose("DTaP", 2, 4, "2021"),
            dose("DTaP", 3, 5, "2021"),
            dose("DTaP", 4, 18, "2021"),
            dose("DTaP", 5, 72, "2025"),
        ]
    );
    // Born 2024-11-01: dose 1 at 2 months falls due on 2025-01-01 — the whole 2025 series.
    let new = vec![
        dose("DTaP", 1, 2, "2025"),
        dose("DTaP", 2, 4, "2025"),
        dose("DTaP", 3, 6, "2025"),
        dose("DTaP", 4, 18, "2025"),
        dose("DTaP", 5, 72, "2025"),
    ];
    assert_eq!(dtap(d(2024, 11, 1)), new);
    // Born 2024-10-31: 2 months is 2024-12-31 (2021 then, which gave it at 3 months = 2025-01-31,
    // under 2025): in neither edition's own time, so the newer edition's dose 1 (due 2024-12-31).
    assert_eq!(dtap(d(2024, 10, 31)), new);
    // Born 2024-07-31: dose 3 at 5 months (2021) = 2024-12-31 and at 6 months (2025) = 2025-01-31
    // both in force on their dates: the earlier, which fell due first.
    assert_eq!(
        dtap(d(2024, 7, 31))[2],
        dose("DTaP", 3, 5, "2021"),
        "overlap: the dose that fell due first"
    );
    assert_eq!(dtap(d(2024, 8, 1))[2], dose("DTaP", 3, 6, "2025"));
    // Born 2024-08-31: dose 3 at 5 months is 2025-01-31 — the 2025 timing (6 months).
    assert_eq!(dtap(d(2024, 8, 31))[2], dose("DTaP", 3, 6, "2025"));
    // No dose is lost or doubled across the change: five doses for every birth date around it.
    let mut b = d(2018, 6, 1);
    while b <= d(2025, 3, 1) {
        let v = dtap(b);
        assert_eq!(v.len(), 5, "born {b}: {v:?}");
        let nums: Vec<i32> = v.iter().filter(|x| x.0 == "DTaP").map(|x| x.1).collect();
        assert!(nums.windows(2).all(|w| w[0] + 1 == w[1]), "born {b}: {v:?}");
        b = b.succ_opt().unwrap();
    }
}

#[test]
fn imm02_the_2025_sixth_year_dose_is_overdue_from_seven() {
    let birth = d(2019, 3, 10);
    let s = immunisation::for_child(&immunisation::shipped(), birth);
    let given: Vec<(String, i32)> = (1..=4).map(|n| ("DTaP".to_string(), n)).collect();
    let late = |today| {
        outstanding(&s, birth, &given, today, 18)
            .into_iter()
            .find(|x| x.dose.vaccine == "DTaP" && x.dose.dose == 5)
            .map(|x| x.overdue)
    };
    assert_eq!(late(d(2025, 3, 9)), None, "not yet due before 6 years");
    assert_eq!(late(d(2025, 3, 10)), Some(false));
    assert_eq!(late(d(2026, 3, 9)), Some(false));
    assert_eq!(late(d(2026, 3, 10)), Some(true), "complete before 7 years");
    // The vaccine list names each code once across editions.
    let v = immunisation::vaccines();
    assert!(v.contains(&"DT".to_string()) && v.contains(&"DTaP".to_string()));
    assert_eq!(v.iter().filter(|x| *x == "DTaP").count(), 1);
}
