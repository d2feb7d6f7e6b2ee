//! Pure foster-care rules (家庭寄养管理办法, 民政部令第54号, in force 2014-12-01): the eligibility
//! engine FOS-01…FOS-13. No I/O: the date and every threshold are arguments (the thresholds come from
//! the policy store per division, national values as default — see `super::policy`).
//!
//! Ages follow the Civil Code (民法典 第1259条): 以上/以下 include the number, 未满/不满 exclude it;
//! an age is reached on the birthday (`crate::clock::age_on`; a 29 February birthday is reached on
//! 1 March in a common year).

use crate::clock::age_on;
use chrono::NaiveDate;

pub mod changes;
pub mod matching;
pub mod money;
pub mod steps;
#[cfg(test)]
mod tests;
pub mod visits;

crate::code_enum! {
    /// 文化程度 — education level, lowest first (FOS-09 compares levels, see [`Education::level`]).
    pub enum Education {
        None = "none",
        Primary = "primary",
        JuniorMiddle = "junior_middle",
        SeniorHigh = "senior_high",
        Vocational = "vocational",
        College = "college",
        Postgraduate = "postgraduate",
    }
}

impl Education {
    /// Ordinal used against the policy minimum (`foster.caregiver_min_education_level`, default 2 =
    /// 初中). Secondary vocational school (中专/职高) is at the senior-high level.
    pub fn level(self) -> i64 {
        match self {
            Education::None => 0,
            Education::Primary => 1,
            Education::JuniorMiddle => 2,
            Education::SeniorHigh | Education::Vocational => 3,
            Education::College => 4,
            Education::Postgraduate => 5,
        }
    }
}

crate::code_enum! {
    /// 与主要照料人关系 — a household member's relation to the applicant.
    pub enum Relation {
        SelfRel = "self",
        Spouse = "spouse",
        Son = "son",
        Daughter = "daughter",
        Father = "father",
        Mother = "mother",
        Grandfather = "grandfather",
        Grandmother = "grandmother",
        Other = "other",
    }
}

crate::code_enum! {
    /// 监护类型 — who holds the child's guardianship.
    pub enum Guardianship {
        /// 民政部门长期监护 (民法典 第32条)
        CivilAffairs = "civil_affairs",
        /// 临时监护 (未成年人保护法 第92–93条)
        Temporary = "temporary",
        /// 父母或其他监护人 — not a child the measures let an institution foster.
        Parent = "parent",
    }
}

/// The main caregiver (主要照料人), Art 8(5).
#[derive(Debug, Clone)]
pub struct Caregiver {
    pub birth_date: NaiveDate,
    pub education: Education,
    pub healthy: bool,
}

/// One household member (家庭成员), Art 8(3)(4), Art 9, Art 12(1).
#[derive(Debug, Clone)]
pub struct Member {
    pub relation: Relation,
    pub birth_date: NaiveDate,
    pub infectious_or_mental_illness: bool,
    pub criminal_record: bool,
    pub bad_habits: bool,
    /// Written consent to foster care (全体家庭成员同意).
    pub consents: bool,
}

/// Proofs filed with the application (Art 12(1)); `None` when the caller does not know (the API).
#[derive(Debug, Clone, Copy, Default)]
pub struct Proofs {
    pub income: bool,
    pub housing: bool,
    pub health: bool,
}

/// The family as the engine sees it. Areas are m², incomes yuan per person per year.
#[derive(Debug, Clone)]
pub struct Family {
    pub hukou_local: bool,
    pub fixed_residence: bool,
    /// Per-capita living area once the child has moved in.
    pub area_per_capita_after: f64,
    pub local_avg_area: f64,
    pub income_per_capita: f64,
    pub local_middle_income: f64,
    pub current_foster_children: i64,
    pub main_caregiver: Caregiver,
    pub members: Vec<Member>,
    pub proofs: Option<Proofs>,
}

/// The child to be placed (Art 7, Art 11).
#[derive(Debug, Clone)]
pub struct Child {
    pub birth_date: NaiveDate,
    pub guardianship: Guardianship,
    pub severe_disability_needing_professional_care: bool,
    /// true / false, or `None` when not asked.
    pub consent: Option<bool>,
}

/// Thresholds in force for the institution's division on the date checked (policy store).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// 未满十八周岁 (民法典 第17条): the child must be under this age.
    pub child_adult_age: i32,
    pub caregiver_min_age: i32,
    pub caregiver_max_age: i32,
    pub caregiver_min_education_level: i64,
    pub max_children: i64,
    /// No co-resident child under (未满) this age.
    pub no_resident_child_under_age: i32,
    pub child_consent_age: i32,
}

/// Rule ids of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Fos01,
    Fos02,
    Fos03,
    Fos04,
    Fos05,
    Fos06,
    Fos07,
    Fos08,
    Fos09,
    Fos10,
    Fos11,
    Fos12,
    Fos13,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::Fos01 => "FOS-01",
            Rule::Fos02 => "FOS-02",
            Rule::Fos03 => "FOS-03",
            Rule::Fos04 => "FOS-04",
            Rule::Fos05 => "FOS-05",
            Rule::Fos06 => "FOS-06",
            Rule::Fos07 => "FOS-07",
            Rule::Fos08 => "FOS-08",
            Rule::Fos09 => "FOS-09",
            Rule::Fos10 => "FOS-10",
            Rule::Fos11 => "FOS-11",
            Rule::Fos12 => "FOS-12",
            Rule::Fos13 => "FOS-13",
        }
    }
    /// The article, as cited in Chinese in both languages (a legal citation is not translated).
    /// Art 9 and Art 11 numbers are UNVERIFIED (shared/domain/regulations.md §1.3, §1.4).
    pub fn article(self) -> &'static str {
        match self {
            Rule::Fos01 => "家庭寄养管理办法 第7条第1款；未成年人保护法 第93条",
            Rule::Fos02 => "家庭寄养管理办法 第7条第2款",
            Rule::Fos03 | Rule::Fos04 => "家庭寄养管理办法 第8条第(一)项",
            Rule::Fos05 => "家庭寄养管理办法 第8条第(二)项",
            Rule::Fos06 => "家庭寄养管理办法 第8条第(三)项",
            Rule::Fos07 => "家庭寄养管理办法 第8条第(四)项",
            Rule::Fos08 | Rule::Fos09 => "家庭寄养管理办法 第8条第(五)项",
            Rule::Fos10 | Rule::Fos11 => "家庭寄养管理办法 第9条",
            Rule::Fos12 => "家庭寄养管理办法 第11条；未成年人保护法 第19条",
            Rule::Fos13 => "家庭寄养管理办法 第12条第(一)项",
        }
    }
}

/// One unmet condition: the rule, the catalogue key of its message and the message's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: Rule,
    /// `foster.fail.<what>` in the catalogues.
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Failure {
    fn new(rule: Rule, key: &'static str) -> Self {
        Failure {
            rule,
            key,
            args: Vec::new(),
        }
    }
    fn arg(mut self, k: &'static str, v: impl ToString) -> Self {
        self.args.push((k, v.to_string()));
        self
    }
    /// The message in the reader's language.
    pub fn message(&self, tr: &crate::platform::Catalogue) -> String {
        // Codes (relations, education) are shown through the catalogue, never raw.
        let shown: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let v = match *k {
                    "members" => v
                        .split(", ")
                        .map(|c| tr.t(&format!("foster.relation.{c}")).to_string())
                        .collect::<Vec<_>>()
                        .join(tr.t("foster.list_sep")),
                    "education" => tr.t(&format!("foster.education.{v}")).to_string(),
                    _ => v.clone(),
                };
                (*k, v)
            })
            .collect();
        let args: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tr.tf(self.key, &args)
    }
}

/// Catalogue keys of every failure message (checked in both languages).
pub const FAILURE_KEYS: &[&str] = &[
    "foster.fail.child_adult",
    "foster.fail.guardianship",
    "foster.fail.severe_disability",
    "foster.fail.hukou",
    "foster.fail.residence",
    "foster.fail.area",
    "foster.fail.income",
    "foster.fail.illness",
    "foster.fail.criminal",
    "foster.fail.habits",
    "foster.fail.caregiver_young",
    "foster.fail.caregiver_old",
    "foster.fail.caregiver_health",
    "foster.fail.education",
    "foster.fail.capacity",
    "foster.fail.young_child",
    "foster.fail.child_consent_missing",
    "foster.fail.child_refuses",
    "foster.fail.no_members",
    "foster.fail.member_consent",
    "foster.fail.proof_income",
    "foster.fail.proof_housing",
    "foster.fail.proof_health",
];

/// Compares amounts in hundredths, so 28.5 and 28.50 (or 41.76 read from 4176/100) are equal.
fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

fn members_where(family: &Family, f: impl Fn(&Member) -> bool) -> Vec<Relation> {
    family
        .members
        .iter()
        .filter(|m| f(m))
        .map(|m| m.relation)
        .collect()
}

fn relations(rs: &[Relation]) -> String {
    rs.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")
}

/// Every condition the family (and, when given, the child with it) fails on `on` — all of them, in
/// rule order. An empty list means eligible.
pub fn check(
    on: NaiveDate,
    family: &Family,
    child: Option<&Child>,
    t: &Thresholds,
) -> Vec<Failure> {
    let mut out = Vec::new();
    if let Some(c) = child {
        let age = age_on(c.birth_date, on);
        // 第7条: 未满十八周岁 — 18 itself is an adult (民法典 第17条).
        if age >= t.child_adult_age {
            out.push(Failure::new(Rule::Fos01, "foster.fail.child_adult").arg("age", age));
        }
        // 第7条 + 未保法 第93条: long-term or temporary guardianship of the civil-affairs department.
        if c.guardianship == Guardianship::Parent {
            out.push(Failure::new(Rule::Fos01, "foster.fail.guardianship"));
        }
        // 第7条第2款: 需要长期依托专业机构照料的重度残疾儿童 is not suited to family foster care.
        if c.severe_disability_needing_professional_care {
            out.push(Failure::new(Rule::Fos02, "foster.fail.severe_disability"));
        }
    }
    // 第8条(一): 当地常住户口和固定住所.
    if !family.hukou_local {
        out.push(Failure::new(Rule::Fos03, "foster.fail.hukou"));
    }
    if !family.fixed_residence {
        out.push(Failure::new(Rule::Fos03, "foster.fail.residence"));
    }
    // 第8条(一): 人均居住面积不低于当地人均居住水平 — equal is enough.
    if hundredths(family.area_per_capita_after) < hundredths(family.local_avg_area) {
        out.push(
            Failure::new(Rule::Fos04, "foster.fail.area")
                .arg("area", family.area_per_capita_after)
                .arg("local", family.local_avg_area),
        );
    }
    // 第8条(二): 人均收入在当地处于中等水平以上 — 以上 includes the level itself.
    if hundredths(family.income_per_capita) < hundredths(family.local_middle_income) {
        out.push(
            Failure::new(Rule::Fos05, "foster.fail.income")
                .arg("income", family.income_per_capita)
                .arg("local", family.local_middle_income),
        );
    }
    // 第8条(三)
    let ill = members_where(family, |m| m.infectious_or_mental_illness);
    if !ill.is_empty() {
        out.push(Failure::new(Rule::Fos06, "foster.fail.illness").arg("members", relations(&ill)));
    }
    // 第8条(四)
    let crim = members_where(family, |m| m.criminal_record);
    if !crim.is_empty() {
        out.push(
            Failure::new(Rule::Fos07, "foster.fail.criminal").arg("members", relations(&crim)),
        );
    }
    let habits = members_where(family, |m| m.bad_habits);
    if !habits.is_empty() {
        out.push(
            Failure::new(Rule::Fos07, "foster.fail.habits").arg("members", relations(&habits)),
        );
    }
    // 第8条(五): 三十周岁以上六十五周岁以下 — both ends included; 身体健康.
    let mc = &family.main_caregiver;
    let cg_age = age_on(mc.birth_date, on);
    if cg_age < t.caregiver_min_age {
        out.push(
            Failure::new(Rule::Fos08, "foster.fail.caregiver_young")
                .arg("age", cg_age)
                .arg("min", t.caregiver_min_age),
        );
    }
    if cg_age > t.caregiver_max_age {
        out.push(
            Failure::new(Rule::Fos08, "foster.fail.caregiver_old")
                .arg("age", cg_age)
                .arg("max", t.caregiver_max_age),
        );
    }
    if !mc.healthy {
        out.push(Failure::new(Rule::Fos08, "foster.fail.caregiver_health"));
    }
    // 第8条(五): 初中以上文化程度 — 初中 itself is enough.
    if mc.education.level() < t.caregiver_min_education_level {
        out.push(Failure::new(Rule::Fos09, "foster.fail.education").arg("education", mc.education));
    }
    // 第9条: 寄养儿童不超过2名 — counting the child to be placed.
    let after = family.current_foster_children + i64::from(child.is_some());
    if after > t.max_children {
        out.push(
            Failure::new(Rule::Fos10, "foster.fail.capacity")
                .arg("count", after)
                .arg("max", t.max_children),
        );
    }
    // 第9条: 该家庭无未满六周岁的儿童 — a member aged exactly 6 does not block.
    let young = members_where(family, |m| {
        age_on(m.birth_date, on) < t.no_resident_child_under_age
    });
    if !young.is_empty() {
        out.push(
            Failure::new(Rule::Fos11, "foster.fail.young_child")
                .arg("members", relations(&young))
                .arg("age", t.no_resident_child_under_age),
        );
    }
    // 第11条: 寄养十周岁以上儿童的，应当征得其同意 — from the 10th birthday on.
    if let Some(c) = child {
        let age = age_on(c.birth_date, on);
        if age >= t.child_consent_age {
            match c.consent {
                Some(true) => {}
                Some(false) => {
                    out.push(Failure::new(Rule::Fos12, "foster.fail.child_refuses").arg("age", age))
                }
                None => out.push(
                    Failure::new(Rule::Fos12, "foster.fail.child_consent_missing")
                        .arg("age", age)
                        .arg("min", t.child_consent_age),
                ),
            }
        }
    }
    // 第12条(一): 全体家庭成员同意 and the proofs of income, housing and health.
    if family.members.is_empty() {
        out.push(Failure::new(Rule::Fos13, "foster.fail.no_members"));
    }
    let no_consent = members_where(family, |m| !m.consents);
    if !no_consent.is_empty() {
        out.push(
            Failure::new(Rule::Fos13, "foster.fail.member_consent")
                .arg("members", relations(&no_consent)),
        );
    }
    if let Some(p) = family.proofs {
        for (ok, key) in [
            (p.income, "foster.fail.proof_income"),
            (p.housing, "foster.fail.proof_housing"),
            (p.health, "foster.fail.proof_health"),
        ] {
            if !ok {
                out.push(Failure::new(Rule::Fos13, key));
            }
        }
    }
    out
}

/// Whether the child's opinion must be heard and recorded (未保法 第19条; 民法典 第19条: from 8).
pub fn opinion_required(child_birth: NaiveDate, on: NaiveDate, opinion_age: i32) -> bool {
    age_on(child_birth, on) >= opinion_age
}
