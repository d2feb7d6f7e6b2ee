//! The adoption assessment (收养评估, 《收养评估办法（试行）》 民发〔2020〕144号, in force 2021-01-01), pure:
//! who assesses (ADP-20), what is assessed (the content items), the red flags that must be reported and
//! block (ADP-21), the integration period (融合期, ADP-22), the report deadline (ADP-23) and whether a
//! registration needs the report at all (ADP-19). Dates and policy values are arguments.
//!
//! Day periods count from the day after the start (民法典 第201条): an integration period of 30 days
//! that starts on 1 March has run on 31 March; a report due 60 days after 1 March is due on 30 April.

use super::Relation;
use chrono::{Days, NaiveDate};

crate::code_enum! {
    /// Who assesses (评估方式, 收养评估办法 第5条).
    pub enum Mode {
        /// 自行组织评估小组 — the bureau's own team of established-post staff (第6条).
        Team = "team",
        /// 委托第三方 — a commissioned third party with a signed agreement (第5条, 第7条).
        ThirdParty = "third_party",
    }
}

crate::code_enum! {
    /// The content of the assessment (评估内容), every item of the 2020 measures.
    pub enum Item {
        /// 收养动机
        Motive = "motive",
        /// 道德品行
        Conduct = "conduct",
        /// 受教育程度
        Education = "education",
        /// 健康状况
        Health = "health",
        /// 经济及住房条件
        Finances = "finances",
        Housing = "housing",
        /// 婚姻家庭关系
        Marriage = "marriage",
        /// 共同生活家庭成员意见
        Household = "household",
        /// 抚育计划
        ParentingPlan = "parenting_plan",
        /// 邻里关系、社区环境
        Neighbourhood = "neighbourhood",
        /// 与被收养人融合情况
        Integration = "integration",
    }
}

crate::code_enum! {
    /// Circumstances the assessors must report to the civil-affairs department (ADP-21); any of them
    /// blocks the adoption. Items 7–9 are UNVERIFIED (regulations.md §4.1).
    pub enum Flag {
        /// 弄虚作假，伪造、变造相关材料或者隐瞒相关事实
        Falsification = "falsification",
        /// 参加非法组织、邪教组织
        Cult = "cult",
        /// 买卖、性侵、虐待或者遗弃、非法送养未成年人等侵犯未成年人身心健康
        MinorHarm = "minor_harm",
        /// 有持续性、经常性的家庭暴力
        DomesticViolence = "domestic_violence",
        /// 有故意犯罪行为，判处或者可能判处有期徒刑以上刑罚
        Crime = "crime",
        /// 患有精神类疾病、传染性疾病、重度残疾或者智力残疾、重大疾病
        Illness = "illness",
        /// 吸毒、酗酒、赌博、嫖娼等恶习 (UNVERIFIED)
        Vices = "vices",
        /// 故意或者过失导致正在进行融合的被收养人受到侵害或者面临危险 (UNVERIFIED)
        IntegrationHarm = "integration_harm",
        /// 其他不利于未成年人身心健康的情形 (UNVERIFIED)
        Other = "other",
    }
}

crate::code_enum! {
    /// The report's conclusion (评估结论).
    pub enum Conclusion {
        /// 适宜收养
        Suitable = "suitable",
        /// 不宜收养
        Unsuitable = "unsuitable",
    }
}

/// ADP-19 (民法典 第1105条第五款; 收养评估办法 第2条): every registration needs the assessment report
/// except a stepparent adopting a stepchild.
pub fn report_required(relation: Relation) -> bool {
    relation != Relation::Stepparent
}

/// ADP-23: the last day for the report, `days` counted from the day after the assessment started.
pub fn report_due(started: NaiveDate, days: u32) -> NaiveDate {
    started
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// ADP-22: the first day on which an integration period that started on `start` has run `days` days.
pub fn integration_done_on(start: NaiveDate, days: u32) -> NaiveDate {
    start
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// One reason the assessment or its report is not acceptable: the rule, its source, the catalogue
/// message (`adoption.assess.err.<code>`) and the form field it belongs beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    pub rule: &'static str,
    pub article: &'static str,
    pub code: &'static str,
    pub field: &'static str,
}

const MEASURES: &str = "收养评估办法（试行）";

/// ADP-20: a team has at least `team_min` assessors (第6条); a third party is named with its signed
/// commission agreement (第5条). `assessors` are the non-empty names.
pub fn check_start(
    mode: Mode,
    assessors: usize,
    agency: &str,
    agreement: &str,
    team_min: u32,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let p = |code, field| Problem {
        rule: "ADP-20",
        article: "收养评估办法（试行） 第5条、第6条",
        code,
        field,
    };
    match mode {
        Mode::Team => {
            if assessors < usize::try_from(team_min).unwrap_or(usize::MAX) {
                out.push(p("team_size", "assessors"));
            }
        }
        Mode::ThirdParty => {
            if agency.trim().is_empty() {
                out.push(p("agency", "agency"));
            }
            if agreement.trim().is_empty() {
                out.push(p("agreement", "agreement_ref"));
            }
        }
    }
    out
}

/// The report as typed.
pub struct Report<'a> {
    /// Findings per content item (an empty finding counts as missing).
    pub findings: &'a [(Item, String)],
    pub flags: &'a [Flag],
    pub conclusion: Option<Conclusion>,
    pub reasons: &'a str,
    pub reported_on: NaiveDate,
    /// The assessment's start (the report is not dated before it).
    pub started_on: NaiveDate,
    pub integration_start: Option<NaiveDate>,
}

/// Every reason the report cannot be issued as typed: each content item assessed, a conclusion with
/// reasons, a red flag only with 不宜 (ADP-21), and the integration period run (ADP-22, `integration_days`).
pub fn check_report(r: &Report<'_>, integration_days: u32) -> Vec<Problem> {
    let mut out = Vec::new();
    for item in Item::ALL {
        let done = r
            .findings
            .iter()
            .any(|(i, text)| i == item && !text.trim().is_empty());
        if !done {
            out.push(Problem {
                rule: "ADP-19",
                article: MEASURES,
                code: "item_missing",
                field: item_field(*item),
            });
        }
    }
    match r.conclusion {
        None => out.push(Problem {
            rule: "ADP-19",
            article: MEASURES,
            code: "conclusion",
            field: "conclusion",
        }),
        Some(Conclusion::Suitable) if !r.flags.is_empty() => out.push(Problem {
            rule: "ADP-21",
            article: MEASURES,
            code: "flagged",
            field: "conclusion",
        }),
        Some(_) => {}
    }
    if r.reasons.trim().is_empty() {
        out.push(Problem {
            rule: "ADP-19",
            article: MEASURES,
            code: "reasons",
            field: "reasons",
        });
    }
    if r.reported_on < r.started_on {
        out.push(Problem {
            rule: "ADP-23",
            article: MEASURES,
            code: "report_date",
            field: "reported_on",
        });
    }
    // A 不宜 conclusion may be reached without living together; a 适宜 one only after the period.
    if r.conclusion == Some(Conclusion::Suitable) {
        let ran = r
            .integration_start
            .is_some_and(|s| integration_done_on(s, integration_days) <= r.reported_on);
        if !ran {
            out.push(Problem {
                rule: "ADP-22",
                article: MEASURES,
                code: "integration",
                field: "reported_on",
            });
        }
    }
    out
}

/// The form field of a content item's finding.
pub fn item_field(item: Item) -> &'static str {
    match item {
        Item::Motive => "item_motive",
        Item::Conduct => "item_conduct",
        Item::Education => "item_education",
        Item::Health => "item_health",
        Item::Finances => "item_finances",
        Item::Housing => "item_housing",
        Item::Marriage => "item_marriage",
        Item::Household => "item_household",
        Item::ParentingPlan => "item_parenting_plan",
        Item::Neighbourhood => "item_neighbourhood",
        Item::Integration => "item_integration",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn all_items() -> Vec<(Item, String)> {
        Item::ALL.iter().map(|i| (*i, "良好".to_string())).collect()
    }

    fn report<'a>(findings: &'a [(Item, String)], flags: &'a [Flag], on: NaiveDate) -> Report<'a> {
        Report {
            findings,
            flags,
            conclusion: Some(Conclusion::Suitable),
            reasons: "符合条件",
            reported_on: on,
            started_on: d(2026, 1, 1),
            integration_start: Some(d(2026, 3, 1)),
        }
    }

    #[test]
    fn report_needed_except_for_a_stepparent() {
        assert!(report_required(Relation::None));
        assert!(report_required(Relation::CollateralSameGeneration));
        assert!(!report_required(Relation::Stepparent));
    }

    #[test]
    fn team_of_two_passes_one_fails_third_party_needs_agreement() {
        assert_eq!(check_start(Mode::Team, 1, "", "", 2).len(), 1);
        assert!(check_start(Mode::Team, 2, "", "", 2).is_empty());
        assert!(check_start(Mode::Team, 3, "", "", 2).is_empty());
        let p = check_start(Mode::ThirdParty, 0, "社工机构", " ", 2);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].rule, p[0].field), ("ADP-20", "agreement_ref"));
        assert!(check_start(Mode::ThirdParty, 0, "社工机构", "委托协议2026-01", 2).is_empty());
    }

    #[test]
    fn integration_of_30_days_runs_from_the_day_after_across_month_end() {
        // Started 1 March: day 30 is 31 March.
        assert_eq!(integration_done_on(d(2026, 3, 1), 30), d(2026, 3, 31));
        // Started 31 January (common year): 2 March.
        assert_eq!(integration_done_on(d(2026, 1, 31), 30), d(2026, 3, 2));
        // Leap year: 1 March.
        assert_eq!(integration_done_on(d(2028, 1, 31), 30), d(2028, 3, 1));
        let f = all_items();
        assert!(check_report(&report(&f, &[], d(2026, 3, 31)), 30).is_empty());
        let p = check_report(&report(&f, &[], d(2026, 3, 30)), 30);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].rule, "ADP-22");
        // No integration at all: a 适宜 report is refused.
        let mut r = report(&f, &[], d(2026, 6, 1));
        r.integration_start = None;
        assert_eq!(check_report(&r, 30)[0].rule, "ADP-22");
        // 不宜 without the period is allowed.
        r.conclusion = Some(Conclusion::Unsuitable);
        assert!(check_report(&r, 30).is_empty());
    }

    #[test]
    fn report_due_counts_from_the_day_after_start() {
        assert_eq!(report_due(d(2026, 3, 1), 60), d(2026, 4, 30));
        assert_eq!(report_due(d(2026, 12, 31), 60), d(2027, 3, 1));
        assert_eq!(report_due(d(2026, 1, 31), 30), d(2026, 3, 2));
    }

    #[test]
    fn every_item_conclusion_and_reasons_are_required() {
        let mut f = all_items();
        f.retain(|(i, _)| *i != Item::Household && *i != Item::Housing);
        f.push((Item::Motive, "重复".into()));
        f.push((Item::Housing, "  ".into()));
        let r = Report {
            conclusion: None,
            reasons: " ",
            ..report(&f, &[], d(2026, 4, 1))
        };
        let p = check_report(&r, 30);
        let fields: Vec<&str> = p.iter().map(|x| x.field).collect();
        assert_eq!(
            fields,
            ["item_housing", "item_household", "conclusion", "reasons"]
        );
    }

    #[test]
    fn a_red_flag_blocks_a_suitable_conclusion() {
        let f = all_items();
        for flag in Flag::ALL {
            let flags = [*flag];
            let p = check_report(&report(&f, &flags, d(2026, 4, 1)), 30);
            assert_eq!(p.len(), 1, "{flag:?}");
            assert_eq!((p[0].rule, p[0].code), ("ADP-21", "flagged"));
            let r = Report {
                conclusion: Some(Conclusion::Unsuitable),
                ..report(&f, &flags, d(2026, 4, 1))
            };
            assert!(check_report(&r, 30).is_empty());
        }
    }

    #[test]
    fn report_not_before_the_start() {
        let f = all_items();
        let mut r = report(&f, &[], d(2025, 12, 31));
        r.conclusion = Some(Conclusion::Unsuitable);
        assert_eq!(check_report(&r, 30)[0].rule, "ADP-23");
    }
}
