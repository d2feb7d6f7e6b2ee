//! The exemptions, exactly: 民法典 第1099条 (a collateral relative's child; an overseas Chinese also from
//! 第1098条(一)), 第1100条第二款 (orphans, disabled minors, CWI-raised minors whose parents cannot be
//! found) and 第1103条 (a stepparent) — with 0, 1 and 2 children each.

use super::tests::{applicant, base, d, rules};
use super::*;

fn with_children(n: u32) -> Application {
    let mut a = base();
    for p in a.applicants.iter_mut() {
        p.children_count = n;
    }
    a
}

fn no_failures() -> Vec<&'static str> {
    Vec::new()
}

#[test]
fn without_exemption_0_1_2_children() {
    assert_eq!(rules(&with_children(0)), no_failures());
    assert_eq!(
        rules(&with_children(1)),
        no_failures(),
        "只有一名子女 passes"
    );
    assert_eq!(
        rules(&with_children(2)),
        vec!["ADP-05", "ADP-05"],
        "each spouse"
    );
    let mut a = with_children(2);
    a.applicants[0].children_count = 0;
    assert_eq!(rules(&a), vec!["ADP-05"]);
}

#[test]
fn orphan_disabled_or_cwi_parents_unknown_0_1_2_children() {
    for n in [0, 1, 2] {
        let mut a = with_children(n);
        a.child.category = Category::Orphan;
        assert_eq!(rules(&a), no_failures(), "orphan, {n} children");
        let mut a = with_children(n);
        a.child.disabled = true;
        assert_eq!(rules(&a), no_failures(), "disabled, {n} children");
        let mut a = with_children(n);
        a.child.category = Category::ParentsUnknown;
        a.child.cwi_raised_parents_unknown = true;
        assert_eq!(
            rules(&a),
            no_failures(),
            "CWI parents unknown, {n} children"
        );
        // And from 第1100条第一款: a third adoption is allowed.
        a.prior_adoptions_since_childless = 2;
        assert_eq!(rules(&a), no_failures(), "third adoption, {n} children");
    }
    // Parents unknown but not raised by an institution: no exemption (第1100条第二款 names the CWI).
    let mut a = with_children(2);
    a.child.category = Category::ParentsUnknown;
    assert_eq!(rules(&a), vec!["ADP-05", "ADP-05"]);
    // The institution flag on a child of known parents (第1093条(三)) is no 第1100条第二款 child.
    let mut a = with_children(2);
    a.child.cwi_raised_parents_unknown = true;
    assert_eq!(a.child.category, Category::ParentsDifficulty);
    assert_eq!(rules(&a), vec!["ADP-05", "ADP-05"]);
    // The exemption does not reach the other conditions of 第1098条.
    let mut a = with_children(2);
    a.child.category = Category::Orphan;
    a.applicants[0].birth_date = d(1997, 1, 1);
    assert_eq!(rules(&a), vec!["ADP-04"]);
}

#[test]
fn collateral_relative_0_1_2_children() {
    for n in [0, 1] {
        let mut a = with_children(n);
        a.relation = Relation::CollateralSameGeneration;
        a.child.category = Category::ParentsAble;
        assert_eq!(rules(&a), no_failures(), "relative, {n} children");
    }
    // 第1099条 does not exempt from 第1098条(一) — unless the adopter is an overseas Chinese.
    let mut a = with_children(2);
    a.relation = Relation::CollateralSameGeneration;
    a.child.category = Category::ParentsAble;
    assert_eq!(rules(&a), vec!["ADP-05", "ADP-05"]);
    a.applicants[0].overseas_chinese = true;
    assert_eq!(rules(&a), vec!["ADP-05"], "only the spouse who is 华侨");
    a.applicants[1].overseas_chinese = true;
    assert_eq!(rules(&a), no_failures());
    // Nor from 第1100条第一款 or the age of 第1098条(五).
    a.prior_adoptions_since_childless = 2;
    a.applicants[0].children_count = 2;
    assert_eq!(rules(&a), vec!["ADP-06"]);
    let mut a = with_children(0);
    a.relation = Relation::CollateralSameGeneration;
    a.applicants[0].birth_date = d(2000, 1, 1);
    assert_eq!(rules(&a), vec!["ADP-04"]);
    // It exempts from 第1102条: a single uncle 30 years older adopts his nephew's daughter.
    let mut a = base();
    a.applicants = vec![applicant(Sex::Male, d(1990, 1, 1))];
    a.married = false;
    a.spouse_joins = false;
    assert_eq!(rules(&a), vec!["ADP-08"]);
    a.relation = Relation::CollateralSameGeneration;
    assert_eq!(rules(&a), no_failures());
}

#[test]
fn stepparent_0_1_2_children_and_under_30() {
    for n in [0, 1, 2, 3] {
        let mut a = with_children(n);
        a.applicants.truncate(1);
        a.relation = Relation::Stepparent;
        a.spouse_joins = false;
        a.child.category = Category::ParentsAble;
        a.prior_adoptions_since_childless = 2;
        assert_eq!(rules(&a), no_failures(), "stepparent, {n} children");
    }
    let mut a = base();
    a.applicants = vec![applicant(Sex::Male, d(2001, 6, 1))]; // 25
    a.relation = Relation::Stepparent;
    a.spouse_joins = false;
    a.child.category = Category::ParentsAble;
    assert_eq!(
        rules(&a),
        no_failures(),
        "a stepparent of 25 (第1103条 exempts 第1098条)"
    );
    a.applicants[0].harmful_record = true;
    assert_eq!(
        rules(&a),
        no_failures(),
        "第1103条 exempts the whole of 第1098条"
    );
    a.birth_parent_consent = Some(false);
    let f = check(&a, &Thresholds::national());
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule, f[0].article), ("ADP-13", "民法典 第1103条"));
    // The child's own consent from 8 still applies (第1104条).
    a.birth_parent_consent = Some(true);
    a.child.birth_date = d(2016, 1, 1);
    assert_eq!(rules(&a), vec!["ADP-09"]);
}

#[test]
fn adoptions_childless_two_with_children_one() {
    // Childless, adopted one before (now one child, adopted): a second is allowed.
    let mut a = with_children(1);
    a.prior_adoptions_since_childless = 1;
    assert_eq!(rules(&a), no_failures());
    // A third is not.
    let mut a = with_children(2);
    a.prior_adoptions_since_childless = 2;
    assert_eq!(rules(&a), vec!["ADP-05", "ADP-05", "ADP-06"]);
    // With a child of one's own and one adopted: no further adoption.
    let mut a = with_children(2);
    a.prior_adoptions_since_childless = 1;
    assert_eq!(rules(&a), vec!["ADP-05", "ADP-05", "ADP-06"]);
    let mut a = with_children(1);
    a.applicants[0].children_count = 2;
    a.prior_adoptions_since_childless = 1;
    let f = check(&a, &Thresholds::national());
    assert_eq!(
        f.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec!["ADP-05", "ADP-06"]
    );
    let six = f.iter().find(|f| f.rule == "ADP-06").unwrap();
    assert!(six.args.contains(&("limit", "1".into())));
}
