//! Boundary tests of the eligibility engine: every threshold on, just before and just after its day.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const T: Thresholds = Thresholds {
    child_adult_age: 18,
    caregiver_min_age: 30,
    caregiver_max_age: 65,
    caregiver_min_education_level: 2,
    max_children: 2,
    no_resident_child_under_age: 6,
    child_consent_age: 10,
};

fn member(relation: Relation, birth: NaiveDate) -> Member {
    Member {
        relation,
        birth_date: birth,
        infectious_or_mental_illness: false,
        criminal_record: false,
        bad_habits: false,
        consents: true,
    }
}

/// The issue's example family: eligible on 2026-12-01.
fn family(caregiver_birth: NaiveDate) -> Family {
    Family {
        hukou_local: true,
        fixed_residence: true,
        area_per_capita_after: 28.5,
        local_avg_area: 25.0,
        income_per_capita: 42000.0,
        local_middle_income: 36000.0,
        current_foster_children: 0,
        main_caregiver: Caregiver {
            birth_date: caregiver_birth,
            education: Education::JuniorMiddle,
            healthy: true,
        },
        members: vec![member(Relation::SelfRel, caregiver_birth)],
        proofs: None,
    }
}

fn child(birth: NaiveDate) -> Child {
    Child {
        birth_date: birth,
        guardianship: Guardianship::CivilAffairs,
        severe_disability_needing_professional_care: false,
        consent: None,
    }
}

fn rules(f: &[Failure]) -> Vec<&'static str> {
    f.iter().map(|x| x.rule.id()).collect()
}

fn keys(f: &[Failure]) -> Vec<&'static str> {
    f.iter().map(|x| x.key).collect()
}

#[test]
fn the_issue_example_is_eligible() {
    let f = family(d(1981, 5, 2));
    let c = child(d(2018, 3, 1));
    assert!(check(d(2026, 12, 1), &f, Some(&c), &T).is_empty());
}

#[test]
fn caregiver_29_and_30_around_the_30th_birthday() {
    let f = family(d(1996, 5, 10));
    assert_eq!(
        keys(&check(d(2026, 5, 9), &f, None, &T)),
        ["foster.fail.caregiver_young"]
    );
    assert!(
        check(d(2026, 5, 10), &f, None, &T).is_empty(),
        "30 on the birthday: 以上 includes 30"
    );
    assert!(check(d(2026, 5, 11), &f, None, &T).is_empty());
}

#[test]
fn caregiver_65_and_66_around_the_66th_birthday() {
    let f = family(d(1961, 5, 10));
    assert!(
        check(d(2026, 5, 10), &f, None, &T).is_empty(),
        "65: 以下 includes 65"
    );
    assert!(
        check(d(2027, 5, 9), &f, None, &T).is_empty(),
        "still 65 the day before"
    );
    let out = check(d(2027, 5, 10), &f, None, &T);
    assert_eq!(keys(&out), ["foster.fail.caregiver_old"]);
    assert_eq!(rules(&out), ["FOS-08"]);
    assert!(out[0].rule.article().contains("第8条"));
    assert!(!check(d(2027, 5, 11), &f, None, &T).is_empty());
}

#[test]
fn caregiver_born_29_february() {
    // A common year has no 29 February: the birthday is reached on 1 March.
    let young = family(d(1996, 2, 29));
    assert_eq!(rules(&check(d(2026, 2, 28), &young, None, &T)), ["FOS-08"]);
    assert!(check(d(2026, 3, 1), &young, None, &T).is_empty());
    // In a leap year it is reached on 29 February itself (a local minimum of 40 for the example).
    let forty = Thresholds {
        caregiver_min_age: 40,
        ..T
    };
    let leap = family(d(1988, 2, 29));
    assert_eq!(
        rules(&check(d(2028, 2, 28), &leap, None, &forty)),
        ["FOS-08"]
    );
    assert!(check(d(2028, 2, 29), &leap, None, &forty).is_empty());
    let old = family(d(1960, 2, 29));
    assert!(check(d(2026, 2, 28), &old, None, &T).is_empty());
    assert_eq!(rules(&check(d(2026, 3, 1), &old, None, &T)), ["FOS-08"]);
}

#[test]
fn co_resident_child_5_and_6() {
    let mut f = family(d(1981, 5, 2));
    f.members.push(member(Relation::Son, d(2020, 6, 1)));
    let out = check(d(2026, 5, 31), &f, None, &T);
    assert_eq!(rules(&out), ["FOS-11"], "5 years old: 未满6周岁");
    assert!(out[0].rule.article().contains("第9条"));
    assert!(
        check(d(2026, 6, 1), &f, None, &T).is_empty(),
        "6 on the birthday"
    );
    // Born on 29 February: 6 on 1 March of a common year.
    let mut g = family(d(1981, 5, 2));
    g.members.push(member(Relation::Daughter, d(2020, 2, 29)));
    assert_eq!(rules(&check(d(2026, 2, 28), &g, None, &T)), ["FOS-11"]);
    assert!(check(d(2026, 3, 1), &g, None, &T).is_empty());
}

#[test]
fn child_9_and_10_consent() {
    let f = family(d(1981, 5, 2));
    let mut c = child(d(2016, 6, 1));
    assert!(
        check(d(2026, 5, 31), &f, Some(&c), &T).is_empty(),
        "9: no consent needed"
    );
    let out = check(d(2026, 6, 1), &f, Some(&c), &T);
    assert_eq!(
        keys(&out),
        ["foster.fail.child_consent_missing"],
        "10 on the birthday"
    );
    assert_eq!(rules(&out), ["FOS-12"]);
    c.consent = Some(false);
    assert_eq!(
        keys(&check(d(2026, 6, 1), &f, Some(&c), &T)),
        ["foster.fail.child_refuses"]
    );
    c.consent = Some(true);
    assert!(check(d(2026, 6, 1), &f, Some(&c), &T).is_empty());
    // A 9-year-old's "no" is heard (opinion) but is not the consent rule.
    c.consent = Some(false);
    assert!(check(d(2026, 5, 31), &f, Some(&c), &T).is_empty());
    // A stricter local age is followed.
    let strict = Thresholds {
        child_consent_age: 8,
        ..T
    };
    c.consent = None;
    assert_eq!(
        rules(&check(d(2024, 6, 1), &f, Some(&c), &strict)),
        ["FOS-12"]
    );
}

#[test]
fn child_7_and_8_opinion() {
    let b = d(2018, 3, 1);
    assert!(!opinion_required(b, d(2026, 2, 28), 8));
    assert!(opinion_required(b, d(2026, 3, 1), 8));
    assert!(opinion_required(b, d(2026, 3, 2), 8));
    assert!(!opinion_required(d(2016, 2, 29), d(2024, 2, 28), 8));
    assert!(opinion_required(d(2016, 2, 29), d(2024, 2, 29), 8));
}

#[test]
fn child_17_and_18() {
    let f = family(d(1981, 5, 2));
    let mut c = child(d(2008, 12, 2));
    c.consent = Some(true);
    assert!(
        check(d(2026, 12, 1), &f, Some(&c), &T).is_empty(),
        "17: under 18"
    );
    let out = check(d(2026, 12, 2), &f, Some(&c), &T);
    assert_eq!(
        keys(&out),
        ["foster.fail.child_adult"],
        "18 on the birthday: an adult"
    );
    assert!(out[0].rule.article().contains("第7条"));
}

#[test]
fn guardianship_and_severe_disability() {
    let f = family(d(1981, 5, 2));
    let mut c = child(d(2018, 3, 1));
    c.guardianship = Guardianship::Temporary;
    assert!(
        check(d(2026, 12, 1), &f, Some(&c), &T).is_empty(),
        "未保法 第93条"
    );
    c.guardianship = Guardianship::Parent;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, Some(&c), &T)),
        ["foster.fail.guardianship"]
    );
    c.guardianship = Guardianship::CivilAffairs;
    c.severe_disability_needing_professional_care = true;
    let out = check(d(2026, 12, 1), &f, Some(&c), &T);
    assert_eq!(rules(&out), ["FOS-02"]);
    assert!(out[0].rule.article().contains("第7条第2款"));
}

#[test]
fn two_and_three_foster_children() {
    let mut f = family(d(1981, 5, 2));
    let c = child(d(2018, 3, 1));
    f.current_foster_children = 1;
    assert!(
        check(d(2026, 12, 1), &f, Some(&c), &T).is_empty(),
        "1 + this child = 2"
    );
    f.current_foster_children = 2;
    let out = check(d(2026, 12, 1), &f, Some(&c), &T);
    assert_eq!(rules(&out), ["FOS-10"], "2 + this child = 3");
    // Without a child: the family itself with 2 is within the limit, with 3 is not.
    assert!(check(d(2026, 12, 1), &f, None, &T).is_empty());
    f.current_foster_children = 3;
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &T)), ["FOS-10"]);
}

#[test]
fn area_equal_to_the_local_figure_passes() {
    let mut f = family(d(1981, 5, 2));
    f.area_per_capita_after = 25.0;
    assert!(
        check(d(2026, 12, 1), &f, None, &T).is_empty(),
        "不低于: equal passes"
    );
    f.area_per_capita_after = 24.99;
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &T)), ["FOS-04"]);
    // A figure read from the policy store in 0.01 m² compares equal to the same decimal.
    f.local_avg_area = 4176.0 / 100.0;
    f.area_per_capita_after = 41.76;
    assert!(check(d(2026, 12, 1), &f, None, &T).is_empty());
}

#[test]
fn income_equal_to_the_local_figure_passes() {
    let mut f = family(d(1981, 5, 2));
    f.income_per_capita = 36000.0;
    assert!(
        check(d(2026, 12, 1), &f, None, &T).is_empty(),
        "中等水平以上: equal passes"
    );
    f.income_per_capita = 35999.99;
    let out = check(d(2026, 12, 1), &f, None, &T);
    assert_eq!(rules(&out), ["FOS-05"]);
    assert!(out[0].rule.article().contains("第8条第(二)项"));
}

#[test]
fn education_junior_middle_is_the_floor() {
    let mut f = family(d(1981, 5, 2));
    f.main_caregiver.education = Education::Primary;
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &T)), ["FOS-09"]);
    f.main_caregiver.education = Education::None;
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &T)), ["FOS-09"]);
    for e in [
        Education::JuniorMiddle,
        Education::SeniorHigh,
        Education::Vocational,
        Education::College,
        Education::Postgraduate,
    ] {
        f.main_caregiver.education = e;
        assert!(check(d(2026, 12, 1), &f, None, &T).is_empty(), "{e:?}");
    }
    // A city requiring senior high (e.g. 泸州 2022) sets level 3.
    let strict = Thresholds {
        caregiver_min_education_level: 3,
        ..T
    };
    f.main_caregiver.education = Education::JuniorMiddle;
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &strict)), ["FOS-09"]);
    f.main_caregiver.education = Education::Vocational;
    assert!(check(d(2026, 12, 1), &f, None, &strict).is_empty());
}

#[test]
fn hukou_residence_health_conduct_and_consent() {
    let mut f = family(d(1981, 5, 2));
    f.hukou_local = false;
    f.fixed_residence = false;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, None, &T)),
        ["foster.fail.hukou", "foster.fail.residence"]
    );
    let mut f = family(d(1981, 5, 2));
    f.members.push(Member {
        infectious_or_mental_illness: true,
        ..member(Relation::Spouse, d(1980, 1, 1))
    });
    assert_eq!(rules(&check(d(2026, 12, 1), &f, None, &T)), ["FOS-06"]);
    f.members[1].infectious_or_mental_illness = false;
    f.members[1].criminal_record = true;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, None, &T)),
        ["foster.fail.criminal"]
    );
    f.members[1].criminal_record = false;
    f.members[1].bad_habits = true;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, None, &T)),
        ["foster.fail.habits"]
    );
    f.members[1].bad_habits = false;
    f.members[1].consents = false;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, None, &T)),
        ["foster.fail.member_consent"]
    );
    f.members.clear();
    assert_eq!(
        keys(&check(d(2026, 12, 1), &f, None, &T)),
        ["foster.fail.no_members"]
    );
    let mut g = family(d(1981, 5, 2));
    g.main_caregiver.healthy = false;
    assert_eq!(
        keys(&check(d(2026, 12, 1), &g, None, &T)),
        ["foster.fail.caregiver_health"]
    );
    g.main_caregiver.healthy = true;
    g.proofs = Some(Proofs {
        income: true,
        housing: false,
        health: true,
    });
    assert_eq!(
        keys(&check(d(2026, 12, 1), &g, None, &T)),
        ["foster.fail.proof_housing"]
    );
}

#[test]
fn every_failure_is_returned_in_rule_order() {
    let mut f = family(d(2000, 1, 1));
    f.hukou_local = false;
    f.area_per_capita_after = 10.0;
    f.income_per_capita = 1000.0;
    f.current_foster_children = 2;
    f.main_caregiver.education = Education::Primary;
    f.members.push(member(Relation::Daughter, d(2024, 1, 1)));
    f.members[0].criminal_record = true;
    f.members[0].consents = false;
    let mut c = child(d(2012, 1, 1));
    c.severe_disability_needing_professional_care = true;
    let out = check(d(2026, 12, 1), &f, Some(&c), &T);
    assert_eq!(
        rules(&out),
        [
            "FOS-02", "FOS-03", "FOS-04", "FOS-05", "FOS-07", "FOS-08", "FOS-09", "FOS-10",
            "FOS-11", "FOS-12", "FOS-13"
        ]
    );
}

#[test]
fn messages_are_in_the_readers_language_with_codes_translated() {
    use crate::platform::{catalogue, Lang};
    let mut f = family(d(1981, 5, 2));
    f.members.push(Member {
        criminal_record: true,
        ..member(Relation::Spouse, d(1980, 1, 1))
    });
    f.main_caregiver.education = Education::Primary;
    let out = check(d(2026, 12, 1), &f, None, &T);
    let zh: Vec<String> = out.iter().map(|x| x.message(catalogue(Lang::Zh))).collect();
    let en: Vec<String> = out.iter().map(|x| x.message(catalogue(Lang::En))).collect();
    assert!(zh[0].contains("配偶"), "{zh:?}");
    assert!(en[0].contains("spouse"), "{en:?}");
    assert!(zh[1].contains("小学"), "{zh:?}");
    for m in zh.iter().chain(&en) {
        assert!(!m.contains('{') && !m.starts_with("foster."), "{m}");
    }
    for k in FAILURE_KEYS {
        assert!(
            catalogue(Lang::Zh).has(k) && catalogue(Lang::En).has(k),
            "{k}"
        );
    }
}
