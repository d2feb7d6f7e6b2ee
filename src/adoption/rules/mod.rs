//! Pure adoption rules (收养): the applicants' eligibility under the Civil Code (ADP-01…ADP-13, and the
//! intercountry restriction ADP-27) and the registration clock (ADP-15, ADP-16). No I/O: the date and
//! every threshold are arguments ([`Thresholds`], read from the policy store by the caller).
//!
//! Counting follows 民法典 第1259条: 以上/以下 include the number (30 years "以上" is age ≥ 30, a gap of
//! 40 years "以上" is ≥ 40, "八周岁以上" is ≥ 8); ages are whole years by `crate::clock::age_on` (a
//! person born on 29 February reaches a new age on 1 March in a common year).

pub mod after;
pub mod applicant_docs;
pub mod assessment;
pub mod calendar;
pub mod checklist;
pub mod clock;
pub mod eligibility;
pub mod stats;
pub mod third_party;

pub use eligibility::{check, Failure};

use chrono::NaiveDate;

crate::code_enum! {
    /// 性别 — sex of an applicant or of the child.
    pub enum Sex {
        Male = "M",
        Female = "F",
    }
}

crate::code_enum! {
    /// The applicant's relation to the child (与被收养人的关系).
    pub enum Relation {
        /// 无亲属关系 — no relation.
        None = "none",
        /// 继父母 — a stepparent adopting a stepchild (民法典 第1103条).
        Stepparent = "stepparent",
        /// 三代以内旁系同辈血亲 — the child of a collateral blood relative of the same generation within
        /// three generations (民法典 第1099条).
        CollateralSameGeneration = "collateral_same_generation_within_3",
    }
}

crate::code_enum! {
    /// Why the child may be adopted (被收养人类别, 民法典 第1093条).
    pub enum Category {
        /// 丧失父母的孤儿 — 第1093条(一).
        Orphan = "orphan",
        /// 查找不到生父母的未成年人 — 第1093条(二).
        ParentsUnknown = "parents_unknown",
        /// 生父母有特殊困难无力抚养的子女 — 第1093条(三).
        ParentsDifficulty = "parents_difficulty",
        /// Birth parents able to raise the child: adoptable only by a relative (第1099条) or a
        /// stepparent (第1103条).
        ParentsAble = "parents_able",
    }
}

crate::code_enum! {
    /// Who places the child (送养人, 民法典 第1094条, 第1095条).
    pub enum Placer {
        /// 孤儿的监护人 — 第1094条(一) (and the guardian of 第1095条).
        Guardian = "guardian",
        /// 儿童福利机构 — 第1094条(二).
        Institution = "institution",
        /// 有特殊困难无力抚养子女的生父母 — 第1094条(三).
        ParentsWithDifficulty = "parents_difficulty",
        /// Birth parents without special difficulty: a placer only in the 第1099/1103条 cases.
        ParentsAble = "parents_able",
    }
}

/// One applicant (收养人) as the engine needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// 子女数 — the applicant's children, adopted ones included (民法典 第1098条(一)).
    pub children_count: u32,
    /// 患有在医学上认为不应当收养子女的疾病 — 第1098条(三).
    pub disqualifying_disease: bool,
    /// 有不利于被收养人健康成长的违法犯罪记录 — 第1098条(四).
    pub harmful_record: bool,
    /// 有抚养、教育和保护被收养人的能力 — 第1098条(二).
    pub able_to_raise: bool,
    /// 华侨 — an overseas Chinese (第1099条第二款).
    pub overseas_chinese: bool,
    /// 外国人 — a foreign national (第1109条; ADP-27).
    pub foreign_national: bool,
}

/// The child (被收养人) as the engine needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub category: Category,
    /// 残疾未成年人 — 第1100条第二款.
    pub disabled: bool,
    /// 儿童福利机构抚养的查找不到生父母的未成年人 — 第1100条第二款.
    pub cwi_raised_parents_unknown: bool,
    /// The child's own consent (第1104条): `None` when not asked.
    pub consent: Option<bool>,
}

/// One application: everything the engine judges, on the date `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub on: NaiveDate,
    /// One or two applicants (a married couple adopts jointly, 第1101条).
    pub applicants: Vec<Applicant>,
    /// 有配偶 — the applicant is married.
    pub married: bool,
    /// The spouse adopts jointly (夫妻共同收养).
    pub spouse_joins: bool,
    pub relation: Relation,
    pub child: Child,
    /// The birth parents' consent: for a placement by birth parents both must consent (第1097条), for
    /// a stepchild the birth parent(s) (第1103条). `None`: not applicable.
    pub birth_parent_consent: Option<bool>,
    /// Adoptions the applicants made since they were childless (第1100条第一款); 0 when none.
    pub prior_adoptions_since_childless: u32,
    /// Who places the child; `None` when not known (the eligibility API has no placer field: it is
    /// derived from the category where the category names it).
    pub placer: Option<Placer>,
    /// A guardian placing an orphan: the consent of everyone with a duty to raise the child (第1096条);
    /// `None` when not applicable or not known.
    pub raising_duty_consent: Option<bool>,
    /// A surviving spouse placing the child: the deceased's parents declined their priority right to
    /// raise the child (第1108条); `None` when not applicable or not known.
    pub grandparents_priority_declined: Option<bool>,
}

/// The thresholds in force on the application's date, from the policy store (`crate::policy::keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// 民法典 第17条: 18 — the child must be under it (ADP-01).
    pub adult_age: i32,
    /// 第1098条(五): 30 (ADP-04).
    pub adopter_min_age: i32,
    /// 第1098条(一): 1 (ADP-05).
    pub adopter_max_children: u32,
    /// 第1100条第一款: 2 for a childless adopter, 1 for one with children (ADP-06).
    pub max_adoptions_childless: u32,
    pub max_adoptions_with_children: u32,
    /// 第1102条: 40 (ADP-08).
    pub unmarried_min_age_gap: i32,
    /// 第1104条: 8 (ADP-09).
    pub child_consent_age: i32,
    /// ADP-27: the day intercountry placements stopped (外交部 2024-09-05), as policy.
    pub intercountry_restricted_from: NaiveDate,
}

impl Thresholds {
    /// The national defaults (for tests; production reads the policy store).
    #[cfg(test)]
    pub fn national() -> Thresholds {
        Thresholds {
            adult_age: 18,
            adopter_min_age: 30,
            adopter_max_children: 1,
            max_adoptions_childless: 2,
            max_adoptions_with_children: 1,
            unmarried_min_age_gap: 40,
            child_consent_age: 8,
            intercountry_restricted_from: NaiveDate::from_ymd_opt(2024, 9, 5).expect("date"),
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_exemptions;
