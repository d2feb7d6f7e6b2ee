//! Boundary tests of the eligibility engine: ages on and around the birthday (29 February too), the
//! age gap 39/40, the child's consent at 7/8, the married applicant alone, intercountry before and after
//! 2024-09-05. The exemptions are in tests_exemptions.rs.

use super::*;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn applicant(sex: Sex, birth: NaiveDate) -> Applicant {
    Applicant {
        sex,
        birth_date: birth,
        children_count: 0,
        disqualifying_disease: false,
        harmful_record: false,
        able_to_raise: true,
        overseas_chinese: false,
        foreign_national: false,
    }
}

/// A married couple (both 36) adopting a two-year-old girl whose parents have special difficulty
/// (no exemption applies): eligible.
pub(super) fn base() -> Application {
    Application {
        on: d(2026, 12, 1),
        applicants: vec![
            applicant(Sex::Male, d(1990, 4, 2)),
            applicant(Sex::Female, d(1990, 6, 1)),
        ],
        married: true,
        spouse_joins: true,
        relation: Relation::None,
        child: Child {
            sex: Sex::Female,
            birth_date: d(2024, 6, 1),
            category: Category::ParentsDifficulty,
            disabled: false,
            cwi_raised_parents_unknown: false,
            consent: None,
        },
        birth_parent_consent: Some(true),
        prior_adoptions_since_childless: 0,
        placer: None,
        raising_duty_consent: None,
        grandparents_priority_declined: None,
    }
}

pub(super) fn rules(a: &Application) -> Vec<&'static str> {
    check(a, &Thresholds::national())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn the_base_case_is_eligible() {
    assert_eq!(rules(&base()), Vec::<&str>::new());
}

#[test]
fn adopter_age_29_30_on_and_around_the_birthday() {
    let mut a = base();
    a.applicants[0].birth_date = d(1996, 12, 1); // 30 on 2026-12-01
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "30 on the birthday: 以上 includes 30"
    );
    a.applicants[0].birth_date = d(1996, 12, 2); // 30 tomorrow
    assert_eq!(rules(&a), vec!["ADP-04"], "29 the day before the birthday");
    a.applicants[0].birth_date = d(1996, 11, 30);
    assert_eq!(rules(&a), Vec::<&str>::new(), "30 and a day");
    a.applicants[0].birth_date = d(1997, 12, 1);
    assert_eq!(rules(&a), vec!["ADP-04"], "29 on the 29th birthday");
}

#[test]
fn adopter_born_on_29_february() {
    let mut a = base();
    a.applicants[0].birth_date = d(1996, 2, 29);
    a.on = d(2026, 2, 28);
    assert_eq!(
        rules(&a),
        vec!["ADP-04"],
        "in a common year 30 only on 1 March"
    );
    a.on = d(2026, 3, 1);
    assert_eq!(rules(&a), Vec::<&str>::new());
    a.applicants[0].birth_date = d(1996, 2, 29);
    a.on = d(2028, 2, 29);
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "32 on the day itself in a leap year"
    );
    // Born 29 February 1997 does not exist; born 28 February and 1 March around the leap day.
    a.applicants[0].birth_date = d(1998, 3, 1);
    a.on = d(2028, 2, 29);
    assert_eq!(
        rules(&a),
        vec!["ADP-04"],
        "29 on the leap day before a 1 March birthday"
    );
    a.applicants[0].birth_date = d(1998, 2, 28);
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "30 the day after a 28 February birthday"
    );
}

#[test]
fn each_spouse_must_be_thirty() {
    let mut a = base();
    a.applicants[1].birth_date = d(1997, 1, 1);
    let f = check(&a, &Thresholds::national());
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule, f[0].article), ("ADP-04", "民法典 第1098条"));
    assert!(f[0].args.contains(&("n", "2".into())) && f[0].args.contains(&("age", "29".into())));
    a.applicants[0].birth_date = d(1997, 1, 1);
    assert_eq!(
        rules(&a),
        vec!["ADP-04", "ADP-04"],
        "every failure, one per spouse"
    );
}

#[test]
fn article_1098_items_two_to_four() {
    let mut a = base();
    a.applicants[0].able_to_raise = false;
    a.applicants[1].disqualifying_disease = true;
    a.applicants[1].harmful_record = true;
    assert_eq!(rules(&a), vec!["ADP-04B", "ADP-04C", "ADP-04D"]);
}

#[test]
fn the_child_must_be_a_minor() {
    let mut a = base();
    a.child.consent = Some(true);
    a.child.birth_date = d(2008, 12, 2); // 18 tomorrow
    assert_eq!(rules(&a), Vec::<&str>::new(), "17 the day before");
    a.child.birth_date = d(2008, 12, 1);
    assert_eq!(rules(&a), vec!["ADP-01"], "18 on the birthday");
    a.relation = Relation::Stepparent;
    assert_eq!(rules(&a), vec!["ADP-01"], "no exemption for a stepchild");
}

#[test]
fn child_consent_at_7_and_8() {
    let mut a = base();
    a.child.birth_date = d(2018, 12, 2); // 8 tomorrow
    assert_eq!(rules(&a), Vec::<&str>::new(), "7: consent not needed");
    a.child.consent = Some(false);
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "7: a refusal is heard, not a legal bar"
    );
    a.child.birth_date = d(2018, 12, 1); // 8 today
    assert_eq!(rules(&a), vec!["ADP-09"], "8 and refusing");
    a.child.consent = None;
    let f = check(&a, &Thresholds::national());
    assert_eq!(
        (f[0].rule, f[0].key),
        ("ADP-09", "adoption.fail.consent_missing")
    );
    a.child.consent = Some(true);
    assert_eq!(rules(&a), Vec::<&str>::new(), "8 and consenting");
    // Born 29 February: 8 on 1 March in a common year.
    a.child.birth_date = d(2016, 2, 29);
    a.child.consent = None;
    a.on = d(2024, 2, 28);
    assert_eq!(rules(&a), Vec::<&str>::new());
    a.on = d(2024, 2, 29);
    assert_eq!(rules(&a), vec!["ADP-09"]);
    a.on = d(2025, 2, 28);
    a.child.birth_date = d(2017, 3, 1);
    assert_eq!(rules(&a), Vec::<&str>::new(), "8 tomorrow");
    a.child.birth_date = d(2017, 2, 28);
    assert_eq!(rules(&a), vec!["ADP-09"], "8 today");
}

fn single_man_adopting_girl(man: NaiveDate, girl: NaiveDate) -> Application {
    let mut a = base();
    a.applicants = vec![applicant(Sex::Male, man)];
    a.married = false;
    a.spouse_joins = false;
    a.child.birth_date = girl;
    a
}

#[test]
fn age_gap_39_and_40_for_a_single_adopter() {
    let a = single_man_adopting_girl(d(1980, 6, 1), d(2020, 6, 1));
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "exactly 40 years: 以上 includes 40"
    );
    let a = single_man_adopting_girl(d(1980, 6, 2), d(2020, 6, 1));
    assert_eq!(rules(&a), vec!["ADP-08"], "one day short of 40");
    let a = single_man_adopting_girl(d(1981, 1, 1), d(2020, 6, 1));
    let f = check(&a, &Thresholds::national());
    assert_eq!((f[0].rule, f[0].article), ("ADP-08", "民法典 第1102条"));
    assert!(f[0].args.contains(&("gap", "39".into())));
    let a = single_man_adopting_girl(d(1980, 2, 29), d(2020, 2, 28));
    assert_eq!(
        rules(&a),
        vec!["ADP-08"],
        "born 29 February: 39 on 28 February 2020"
    );
    let a = single_man_adopting_girl(d(1980, 2, 29), d(2020, 2, 29));
    assert_eq!(rules(&a), Vec::<&str>::new());
    // Same sex: no gap rule. A married adopter: no gap rule.
    let mut a = single_man_adopting_girl(d(1990, 1, 1), d(2020, 6, 1));
    a.child.sex = Sex::Male;
    assert_eq!(rules(&a), Vec::<&str>::new());
    let mut a = single_man_adopting_girl(d(1990, 1, 1), d(2020, 6, 1));
    a.applicants[0].sex = Sex::Female;
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "a single woman adopting a girl"
    );
    a.child.sex = Sex::Male;
    assert_eq!(rules(&a), vec!["ADP-08"], "a single woman adopting a boy");
}

#[test]
fn married_applicant_alone() {
    let mut a = base();
    a.applicants.truncate(1);
    a.spouse_joins = false;
    let f = check(&a, &Thresholds::national());
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule, f[0].article), ("ADP-07", "民法典 第1101条"));
    a.spouse_joins = true;
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "the spouse joins (listed or not)"
    );
    // Two applicants who are not married to each other.
    let mut a = base();
    a.married = false;
    a.spouse_joins = false;
    assert_eq!(
        rules(&a),
        vec!["ADP-07", "ADP-08"],
        "and the man is not 40 older"
    );
}

#[test]
fn category_and_placer() {
    let mut a = base();
    a.child.category = Category::ParentsAble;
    assert_eq!(rules(&a), vec!["ADP-02", "ADP-03"]);
    a.child.category = Category::Orphan;
    a.placer = Some(Placer::Guardian);
    assert_eq!(rules(&a), Vec::<&str>::new());
    a.raising_duty_consent = Some(false);
    assert_eq!(rules(&a), vec!["ADP-11"]);
    a.raising_duty_consent = Some(true);
    a.grandparents_priority_declined = Some(false);
    assert_eq!(rules(&a), vec!["ADP-12"]);
}

#[test]
fn birth_parents_place_jointly() {
    let mut a = base();
    a.birth_parent_consent = Some(false);
    let f = check(&a, &Thresholds::national());
    assert_eq!((f[0].rule, f[0].article), ("ADP-10", "民法典 第1097条"));
    a.birth_parent_consent = None;
    assert_eq!(rules(&a), Vec::<&str>::new(), "absent: not applicable");
    a.child.category = Category::Orphan;
    a.birth_parent_consent = Some(false);
    assert_eq!(
        rules(&a),
        Vec::<&str>::new(),
        "an orphan is not placed by birth parents"
    );
}

#[test]
fn intercountry_before_and_after_2024_09_05() {
    let mut a = base();
    a.applicants[0].foreign_national = true;
    a.on = d(2024, 9, 4);
    assert_eq!(rules(&a), Vec::<&str>::new(), "the day before the policy");
    a.on = d(2024, 9, 5);
    let f = check(&a, &Thresholds::national());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "ADP-27");
    assert!(f[0].article.contains("2024"));
    a.on = d(2026, 12, 1);
    assert_eq!(rules(&a), vec!["ADP-27"]);
    a.relation = Relation::CollateralSameGeneration;
    assert_eq!(rules(&a), Vec::<&str>::new(), "a relative's child");
    a.relation = Relation::Stepparent;
    assert_eq!(rules(&a), Vec::<&str>::new(), "a stepchild");
    // An overseas Chinese is a Chinese citizen: not intercountry.
    let mut a = base();
    a.applicants[0].overseas_chinese = true;
    assert_eq!(rules(&a), Vec::<&str>::new());
    // The date is policy: a province with another date is read from the store.
    let mut t = Thresholds::national();
    t.intercountry_restricted_from = d(2025, 1, 1);
    let mut a = base();
    a.applicants[1].foreign_national = true;
    a.on = d(2024, 12, 31);
    assert!(check(&a, &t).is_empty());
}

#[test]
fn every_failure_is_returned_with_its_article() {
    let mut a = base();
    a.on = d(2026, 12, 1);
    a.applicants = vec![applicant(Sex::Male, d(2000, 1, 1))];
    a.applicants[0].children_count = 2;
    a.applicants[0].foreign_national = true;
    a.married = true;
    a.spouse_joins = false;
    a.child.birth_date = d(2016, 1, 1);
    a.child.category = Category::ParentsAble;
    a.birth_parent_consent = Some(false);
    let f = check(&a, &Thresholds::national());
    let got: Vec<_> = f.iter().map(|f| (f.rule, f.article)).collect();
    assert_eq!(
        got,
        vec![
            ("ADP-02", "民法典 第1093条"),
            ("ADP-03", "民法典 第1094条"),
            ("ADP-04", "民法典 第1098条"),
            ("ADP-05", "民法典 第1098条"),
            ("ADP-07", "民法典 第1101条"),
            ("ADP-09", "民法典 第1104条"),
            ("ADP-10", "民法典 第1097条"),
            (
                "ADP-27",
                "民法典 第1109条；跨国收养政策调整（2024年9月5日起）"
            ),
        ]
    );
    for x in &f {
        assert!(eligibility::MESSAGE_KEYS.contains(&x.key), "{}", x.key);
    }
}
