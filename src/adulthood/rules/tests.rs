//! Boundary tests of the adulthood clock (ADU-01…03), the deferral (ADU-02), escalation, the checklist
//! and 福彩圆梦 (ADU-06). The policy values are the demo province's defaults (Anhui/Xuancheng).

use super::fucai::{self, Facts, Level};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

const P: Policy = Policy {
    adult_age: 18,
    due_from_age: 16,
    assessment_months_before: 6,
    plan_months_before: 1,
    deferred_assessment_months: 1,
    escalate_supervisor_days: 14,
};

#[test]
fn listed_from_the_sixteenth_birthday_inclusive() {
    let birth = d(2010, 5, 10);
    assert!(!is_listed(birth, d(2026, 5, 9), &P));
    assert!(is_listed(birth, d(2026, 5, 10), &P));
    assert!(is_listed(birth, d(2029, 1, 1), &P));
}

#[test]
fn the_window_opens_six_months_before_the_eighteenth_birthday() {
    let c = clock(d(2009, 5, 10), None, &P);
    assert_eq!(c.adult_on, d(2027, 5, 10));
    assert_eq!(c.window_opens, Some(d(2026, 11, 10)));
    assert!(!c.window_open(d(2026, 11, 9)));
    assert!(c.window_open(d(2026, 11, 10)));
    assert_eq!(
        c.stage(d(2026, 11, 9)),
        Stage::NotYet {
            opens: d(2026, 11, 10)
        }
    );
    assert_eq!(
        c.stage(d(2026, 11, 10)),
        Stage::Assess {
            due: d(2027, 4, 10)
        }
    );
}

#[test]
fn the_plan_is_due_one_month_before_the_birthday_inclusive() {
    let c = clock(d(2009, 5, 10), None, &P);
    assert_eq!(c.plan_due, Some(d(2027, 4, 10)));
    assert_eq!(
        escalation(d(2027, 4, 10), d(2027, 4, 10), &P),
        Escalation::None
    );
    assert_eq!(
        escalation(d(2027, 4, 10), d(2027, 4, 11), &P),
        Escalation::Head
    );
}

#[test]
fn month_ends_clamp_to_the_last_day() {
    // Born 31 August: six months before 31 August is the last day of February.
    let c = clock(d(2009, 8, 31), None, &P);
    assert_eq!(c.window_opens, Some(d(2027, 2, 28)));
    assert_eq!(c.plan_due, Some(d(2027, 7, 31)));
    let leap = clock(d(2010, 8, 31), None, &P);
    assert_eq!(leap.window_opens, Some(d(2028, 2, 29)));
    // Born 31 October: one month before 31 October 2027 is 30 September.
    assert_eq!(
        clock(d(2009, 10, 31), None, &P).plan_due,
        Some(d(2027, 9, 30))
    );
}

#[test]
fn a_29_february_birthday_is_reached_on_1_march_in_a_common_year() {
    let c = clock(d(2008, 2, 29), None, &P);
    assert_eq!(c.adult_on, d(2026, 3, 1));
    assert_eq!(crate::clock::age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
    assert_eq!(c.window_opens, Some(d(2025, 9, 1)));
    assert!(!c.window_open(d(2025, 8, 31)));
    assert!(c.window_open(d(2025, 9, 1)));
    assert_eq!(c.plan_due, Some(d(2026, 2, 1)));
    // In a leap year the birthday is the day itself.
    let l = clock(d(2010, 2, 28), None, &P);
    assert_eq!(l.adult_on, d(2028, 2, 28));
    assert_eq!(birthday(d(2012, 2, 29), 16), d(2028, 2, 29));
    assert_eq!(birthday(d(2012, 2, 29), 18), d(2030, 3, 1));
    // Listed from the 16th birthday: 1 March in a common year.
    assert!(!is_listed(d(2010, 2, 28), d(2026, 2, 27), &P));
    assert!(!is_listed(d(2008, 2, 29), d(2024, 2, 28), &P));
    assert!(is_listed(d(2008, 2, 29), d(2024, 2, 29), &P));
}

#[test]
fn study_at_eighteen_defers_the_window_until_leaving() {
    let birth = d(2008, 9, 1);
    let still = Deferred {
        kind: Deferral::Study,
        left_on: None,
    };
    let c = clock(birth, Some(still), &P);
    assert_eq!(c.window_opens, None);
    assert_eq!(c.assessment_due, None);
    assert_eq!(c.plan_due, None);
    assert_eq!(c.stage(d(2026, 11, 23)), Stage::Deferred(Deferral::Study));
    assert!(!c.window_open(d(2030, 1, 1)));
}

#[test]
fn leaving_school_at_eighteen_years_two_months() {
    // 18 on 2026-09-01; leaves school on 2026-11-01 (18 years 2 months): assess by 2026-12-01.
    let birth = d(2008, 9, 1);
    let left = Deferred {
        kind: Deferral::Study,
        left_on: Some(d(2026, 11, 1)),
    };
    let c = clock(birth, Some(left), &P);
    assert_eq!(c.window_opens, Some(d(2026, 11, 1)));
    assert_eq!(c.assessment_due, Some(d(2026, 12, 1)));
    assert_eq!(c.plan_due, Some(d(2027, 1, 1)));
    assert_eq!(
        c.stage(d(2026, 10, 31)),
        Stage::NotYet {
            opens: d(2026, 11, 1)
        }
    );
    assert_eq!(
        c.stage(d(2026, 11, 1)),
        Stage::Assess {
            due: d(2026, 12, 1)
        }
    );
    assert_eq!(
        escalation(d(2026, 12, 1), d(2026, 12, 1), &P),
        Escalation::None
    );
    assert_eq!(
        escalation(d(2026, 12, 1), d(2026, 12, 2), &P),
        Escalation::Head
    );
}

#[test]
fn leaving_military_service_defers_the_same_way() {
    let left = Deferred {
        kind: Deferral::Military,
        left_on: Some(d(2028, 9, 30)),
    };
    let c = clock(d(2008, 9, 1), Some(left), &P);
    assert_eq!(c.deferred, Some(Deferral::Military));
    assert_eq!(c.assessment_due, Some(d(2028, 10, 30)));
}

#[test]
fn leaving_before_eighteen_is_the_ordinary_clock() {
    let birth = d(2008, 9, 1);
    let left = |on| Deferred {
        kind: Deferral::Study,
        left_on: Some(on),
    };
    let ordinary = clock(birth, None, &P);
    assert_eq!(clock(birth, Some(left(d(2026, 8, 31))), &P), ordinary);
    // Leaving on the birthday itself: still at school at 18 (以上 includes the day).
    assert_ne!(clock(birth, Some(left(d(2026, 9, 1))), &P), ordinary);
}

#[test]
fn escalation_to_the_supervisor_after_the_policy_days() {
    let due = d(2027, 4, 10);
    assert_eq!(escalation(due, d(2027, 4, 23), &P), Escalation::Head);
    assert_eq!(escalation(due, d(2027, 4, 24), &P), Escalation::Supervisor);
    assert_eq!(escalation(due, d(2027, 4, 9), &P), Escalation::None);
}

#[test]
fn tekun_support_needs_the_recorded_wish() {
    assert_eq!(
        pathway_problem(Pathway::TekunConcentrated, false),
        Some("ADU-08")
    );
    assert_eq!(
        pathway_problem(Pathway::TekunDispersed, false),
        Some("ADU-08")
    );
    assert_eq!(pathway_problem(Pathway::TekunConcentrated, true), None);
    assert_eq!(pathway_problem(Pathway::Social, false), None);
}

#[test]
fn checklist_lists_what_is_missing() {
    assert_eq!(checklist::missing(&[]).len(), checklist::ITEMS.len());
    let all: Vec<&str> = checklist::ITEMS.to_vec();
    assert!(checklist::missing(&all).is_empty());
    assert_eq!(checklist::missing(&all[1..]), vec!["id-card"]);
    assert!(checklist::is_item("hukou"));
    assert!(!checklist::is_item("passport"));
}

fn facts() -> Facts {
    Facts {
        birth: d(2008, 9, 1),
        orphan_identified_on: Some(d(2015, 3, 1)),
        adopted: false,
        disabled: false,
        full_time_continuous: true,
        level: Level::Higher,
    }
}

#[test]
fn fucai_orphan_status_identified_before_eighteen() {
    assert!(fucai::check(&facts(), 18).is_empty());
    assert_eq!(fucai::grant(&facts(), 18, 10_000), 10_000);
    let day_before = Facts {
        orphan_identified_on: Some(d(2026, 8, 31)),
        ..facts()
    };
    assert!(fucai::check(&day_before, 18).is_empty());
    let on_birthday = Facts {
        orphan_identified_on: Some(d(2026, 9, 1)),
        ..facts()
    };
    assert_eq!(
        fucai::check(&on_birthday, 18)[0].reason,
        "adulthood.fucai.not_orphan_before_18"
    );
    let never = Facts {
        orphan_identified_on: None,
        ..facts()
    };
    assert_eq!(fucai::grant(&never, 18, 10_000), 0);
}

#[test]
fn fucai_adopted_only_if_disabled() {
    let adopted = Facts {
        adopted: true,
        ..facts()
    };
    assert_eq!(
        fucai::check(&adopted, 18)[0].reason,
        "adulthood.fucai.adopted"
    );
    let disabled = Facts {
        adopted: true,
        disabled: true,
        ..facts()
    };
    assert!(fucai::check(&disabled, 18).is_empty());
}

#[test]
fn fucai_full_time_at_a_listed_level() {
    for level in [
        Level::SeniorHigh,
        Level::Vocational,
        Level::Higher,
        Level::Master,
    ] {
        assert!(fucai::check(&Facts { level, ..facts() }, 18).is_empty());
    }
    let other = Facts {
        level: Level::Other,
        ..facts()
    };
    assert_eq!(fucai::check(&other, 18)[0].rule, "ADU-06");
    let part_time = Facts {
        full_time_continuous: false,
        ..facts()
    };
    assert_eq!(
        fucai::check(&part_time, 18)[0].reason,
        "adulthood.fucai.not_full_time"
    );
    // Every failed condition is listed, not just the first.
    let all = Facts {
        orphan_identified_on: None,
        adopted: true,
        full_time_continuous: false,
        level: Level::Other,
        ..facts()
    };
    assert_eq!(fucai::check(&all, 18).len(), 4);
}
