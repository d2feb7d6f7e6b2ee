//! The eligibility engine (收养条件审查): every condition of 民法典 第1093–1104条 (ADP-01…ADP-13) and
//! the intercountry restriction (ADP-27), with the exemptions of 第1099条, 第1100条第二款 and 第1103条
//! applied exactly. Every failed condition is returned — never only the first — each with its rule id,
//! its article and a catalogue message in the reader's language.

use super::{Application, Category, Placer, Relation, Thresholds};
use crate::clock::age_on;
use crate::platform::Catalogue;

/// One failed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The rule id of shared/domain/regulations.md §12 (`ADP-04`); 第1098条(二)–(四), which §12 does
    /// not number, are `ADP-04B`, `ADP-04C`, `ADP-04D` beside the age of 第1098条(五).
    pub rule: &'static str,
    /// The article, as printed on a refusal (`民法典 第1098条`).
    pub article: &'static str,
    /// Catalogue key of the message.
    pub key: &'static str,
    /// Values for the message's `{placeholders}`.
    pub args: Vec<(&'static str, String)>,
}

impl Failure {
    fn new(rule: &'static str, article: &'static str, key: &'static str) -> Failure {
        Failure {
            rule,
            article,
            key,
            args: Vec::new(),
        }
    }
    fn arg(mut self, name: &'static str, v: impl ToString) -> Failure {
        self.args.push((name, v.to_string()));
        self
    }
    /// The message in the reader's language.
    pub fn message(&self, tr: &Catalogue) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tr.tf(self.key, &args)
    }
}

const CC_1093: &str = "民法典 第1093条";
const CC_1094: &str = "民法典 第1094条";
const CC_1096: &str = "民法典 第1096条";
const CC_1097: &str = "民法典 第1097条";
const CC_1098: &str = "民法典 第1098条";
const CC_1100: &str = "民法典 第1100条";
const CC_1101: &str = "民法典 第1101条";
const CC_1102: &str = "民法典 第1102条";
const CC_1103: &str = "民法典 第1103条";
const CC_1104: &str = "民法典 第1104条";
const CC_1108: &str = "民法典 第1108条";
const INTERCOUNTRY: &str = "民法典 第1109条；跨国收养政策调整（2024年9月5日起）";

/// The catalogue keys of every message [`check`] can return (checked in both languages).
pub const MESSAGE_KEYS: &[&str] = &[
    "adoption.fail.adult",
    "adoption.fail.category",
    "adoption.fail.placer",
    "adoption.fail.min_age",
    "adoption.fail.unable",
    "adoption.fail.disease",
    "adoption.fail.record",
    "adoption.fail.children",
    "adoption.fail.adoptions",
    "adoption.fail.spouse_joins",
    "adoption.fail.not_spouses",
    "adoption.fail.age_gap",
    "adoption.fail.consent_missing",
    "adoption.fail.consent_refused",
    "adoption.fail.parents_consent",
    "adoption.fail.raising_duty",
    "adoption.fail.grandparents",
    "adoption.fail.stepparent_consent",
    "adoption.fail.intercountry",
];

/// Every condition the application fails on its date `a.on`, in rule order; empty when eligible.
pub fn check(a: &Application, t: &Thresholds) -> Vec<Failure> {
    let mut out = Vec::new();
    let stepparent = a.relation == Relation::Stepparent;
    let collateral = a.relation == Relation::CollateralSameGeneration;
    let child = &a.child;
    let child_age = age_on(child.birth_date, a.on);
    // 第1100条第二款: an orphan, a disabled minor, or a minor raised by a child-welfare institution whose
    // parents cannot be found is exempt from 第1098条(一) and from 第1100条第一款. The institution flag
    // counts only for a child whose parents cannot be found (第1093条(二)): a child of known parents
    // with special difficulty is not one, whatever the flag says.
    let special_child = child.category == Category::Orphan
        || child.disabled
        || (child.category == Category::ParentsUnknown && child.cwi_raised_parents_unknown);

    // ADP-01 — 第1093条 (minors only), 第17条 (18 is adult): no exemption.
    if child_age >= t.adult_age {
        out.push(
            Failure::new("ADP-01", CC_1093, "adoption.fail.adult")
                .arg("age", child_age)
                .arg("adult", t.adult_age),
        );
    }
    // ADP-02 — 第1093条(一)–(三); 第1099条 and 第1103条 exempt from 第1093条(三).
    if child.category == Category::ParentsAble && !stepparent && !collateral {
        out.push(Failure::new("ADP-02", CC_1093, "adoption.fail.category"));
    }
    // ADP-03 — 第1094条; 第1099条 and 第1103条 exempt from 第1094条(三). Without a stated placer, birth
    // parents are the placers of a child whose category names them.
    let placer = a.placer.or(match child.category {
        Category::ParentsDifficulty => Some(Placer::ParentsWithDifficulty),
        Category::ParentsAble => Some(Placer::ParentsAble),
        _ => None,
    });
    if placer == Some(Placer::ParentsAble) && !stepparent && !collateral {
        out.push(Failure::new("ADP-03", CC_1094, "adoption.fail.placer"));
    }
    // ADP-04 and 第1098条(二)–(四) — each applicant (per spouse: both are 收养人); 第1103条 exempts a
    // stepparent from the whole of 第1098条.
    if !stepparent {
        for (i, p) in a.applicants.iter().enumerate() {
            let n = i + 1;
            let age = age_on(p.birth_date, a.on);
            if age < t.adopter_min_age {
                out.push(
                    Failure::new("ADP-04", CC_1098, "adoption.fail.min_age")
                        .arg("n", n)
                        .arg("age", age)
                        .arg("min", t.adopter_min_age),
                );
            }
            if !p.able_to_raise {
                out.push(Failure::new("ADP-04B", CC_1098, "adoption.fail.unable").arg("n", n));
            }
            if p.disqualifying_disease {
                out.push(Failure::new("ADP-04C", CC_1098, "adoption.fail.disease").arg("n", n));
            }
            if p.harmful_record {
                out.push(Failure::new("ADP-04D", CC_1098, "adoption.fail.record").arg("n", n));
            }
        }
    }
    // ADP-05 — 第1098条(一): no child or only one; exempt: 第1100条第二款 children, a stepparent
    // (第1103条), an overseas Chinese adopting a relative's child (第1099条第二款).
    if !stepparent && !special_child {
        for (i, p) in a.applicants.iter().enumerate() {
            let overseas_relative = collateral && p.overseas_chinese;
            if !overseas_relative && p.children_count > t.adopter_max_children {
                out.push(
                    Failure::new("ADP-05", CC_1098, "adoption.fail.children")
                        .arg("n", i + 1)
                        .arg("count", p.children_count)
                        .arg("max", t.adopter_max_children),
                );
            }
        }
    }
    // ADP-06 — 第1100条第一款: a childless adopter may adopt two, one with children only one; exempt:
    // 第1100条第二款 children and a stepparent (第1103条). 第1099条 does not exempt from it. The limit
    // is the strictest over the applicants; children other than those adopted decide "with children".
    if !stepparent && !special_child {
        let prior = a.prior_adoptions_since_childless;
        let limit = a
            .applicants
            .iter()
            .map(|p| {
                if p.children_count.saturating_sub(prior) == 0 {
                    t.max_adoptions_childless
                } else {
                    t.max_adoptions_with_children
                }
            })
            .min()
            .unwrap_or(t.max_adoptions_childless);
        if prior.saturating_add(1) > limit {
            out.push(
                Failure::new("ADP-06", CC_1100, "adoption.fail.adoptions")
                    .arg("prior", prior)
                    .arg("limit", limit),
            );
        }
    }
    // ADP-07 — 第1101条: a married person adopts jointly with the spouse; only spouses adopt jointly. A
    // stepparent's spouse is the child's birth parent, who consents (第1103条) rather than adopts.
    if !stepparent {
        if a.married && !a.spouse_joins {
            out.push(Failure::new(
                "ADP-07",
                CC_1101,
                "adoption.fail.spouse_joins",
            ));
        } else if !a.married && a.applicants.len() > 1 {
            out.push(Failure::new("ADP-07", CC_1101, "adoption.fail.not_spouses"));
        }
    }
    // ADP-08 — 第1102条: 无配偶者 adopting a child of the other sex must be 40 years older or more (以上:
    // 40 passes); 第1099条 exempts a relative's child. The gap is the adopter's age on the child's birth.
    if !a.married && !collateral {
        for (i, p) in a.applicants.iter().enumerate() {
            if p.sex != child.sex {
                let gap = age_on(p.birth_date, child.birth_date);
                if gap < t.unmarried_min_age_gap {
                    out.push(
                        Failure::new("ADP-08", CC_1102, "adoption.fail.age_gap")
                            .arg("n", i + 1)
                            .arg("gap", gap.max(0))
                            .arg("min", t.unmarried_min_age_gap),
                    );
                }
            }
        }
    }
    // ADP-09 — 第1104条: from 8 (八周岁以上: 8 included) the child's own consent; no exemption.
    if child_age >= t.child_consent_age {
        match child.consent {
            Some(true) => {}
            Some(false) => out.push(
                Failure::new("ADP-09", CC_1104, "adoption.fail.consent_refused")
                    .arg("age", child_age),
            ),
            None => out.push(
                Failure::new("ADP-09", CC_1104, "adoption.fail.consent_missing")
                    .arg("age", child_age)
                    .arg("min", t.child_consent_age),
            ),
        }
    }
    let by_birth_parents = matches!(
        placer,
        Some(Placer::ParentsWithDifficulty | Placer::ParentsAble)
    );
    // ADP-10 — 第1097条: birth parents place jointly (one alone only if the other is unknown or cannot
    // be found — then the joint consent is recorded as given).
    if by_birth_parents && !stepparent && a.birth_parent_consent == Some(false) {
        out.push(Failure::new(
            "ADP-10",
            CC_1097,
            "adoption.fail.parents_consent",
        ));
    }
    // ADP-11 — 第1096条: a guardian placing an orphan needs the consent of those with a duty to raise.
    if a.raising_duty_consent == Some(false) {
        out.push(Failure::new(
            "ADP-11",
            CC_1096,
            "adoption.fail.raising_duty",
        ));
    }
    // ADP-12 — 第1108条: the deceased spouse's parents' priority right to raise the child.
    if a.grandparents_priority_declined == Some(false) {
        out.push(Failure::new(
            "ADP-12",
            CC_1108,
            "adoption.fail.grandparents",
        ));
    }
    // ADP-13 — 第1103条: a stepparent adopts with the consent of the child's birth parent(s).
    if stepparent && a.birth_parent_consent == Some(false) {
        out.push(Failure::new(
            "ADP-13",
            CC_1103,
            "adoption.fail.stepparent_consent",
        ));
    }
    // ADP-27 — from 2024-09-05 (policy) no child is placed abroad, except a stepchild or the child of a
    // collateral blood relative of the same generation within three generations.
    let foreign = a.applicants.iter().any(|p| p.foreign_national);
    if foreign && a.on >= t.intercountry_restricted_from && !stepparent && !collateral {
        out.push(
            Failure::new("ADP-27", INTERCOUNTRY, "adoption.fail.intercountry")
                .arg("from", t.intercountry_restricted_from),
        );
    }
    out
}

/// The article of a rule id (for labels of refusals by reason), None for an id the module does not know.
pub fn article_of(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "ADP-01" | "ADP-02" => CC_1093,
        "ADP-03" => CC_1094,
        "ADP-04" | "ADP-04B" | "ADP-04C" | "ADP-04D" | "ADP-05" => CC_1098,
        "ADP-06" => CC_1100,
        "ADP-07" => CC_1101,
        "ADP-08" => CC_1102,
        "ADP-09" => CC_1104,
        "ADP-10" => CC_1097,
        "ADP-11" => CC_1096,
        "ADP-12" => CC_1108,
        "ADP-13" => CC_1103,
        "ADP-15" => "民法典 第1105条",
        "ADP-19" => "民法典 第1105条；收养评估办法（试行）",
        "ADP-27" => INTERCOUNTRY,
        _ => return None,
    })
}
