//! Policy keys of the 收养 (adoption, issue 13) module: constants, kinds and seeded
//! values. Registered through [`super::all`] and [`super::kinds`]; read with
//! `crate::policy::int(conn, keys::…, …)`.

use super::*;

pub const ADOPTION_ADOPTER_MIN_AGE: &str = "adoption.adopter_min_age";
pub const ADOPTION_CHILD_CONSENT_AGE: &str = "adoption.child_consent_age";
pub const ADOPTION_UNMARRIED_MIN_AGE_GAP: &str = "adoption.unmarried_min_age_gap";
pub const ADOPTION_PUBLIC_NOTICE_DAYS: &str = "adoption.public_notice_days";
// adoption (收养): the thresholds of the adoption module (src/adoption), read through `crate::policy`.
/// 民法典 第1098条(一): an adopter has no child or only one (ADP-05).
pub const ADOPTION_ADOPTER_MAX_CHILDREN: &str = "adoption.adopter_max_children";
/// 民法典 第1100条第一款: a childless adopter may adopt two children (ADP-06).
pub const ADOPTION_MAX_ADOPTIONS_CHILDLESS: &str = "adoption.max_adoptions_childless";
/// 民法典 第1100条第一款: an adopter with children may adopt one (ADP-06).
pub const ADOPTION_MAX_ADOPTIONS_WITH_CHILDREN: &str = "adoption.max_adoptions_with_children";
/// ADP-27: from this date no child is placed abroad except a stepchild or a collateral relative's child.
pub const ADOPTION_INTERCOUNTRY_RESTRICTED_FROM: &str = "adoption.intercountry_restricted_from";
/// 登记办法 第8条: days of review counted from the day after receipt (ADP-16).
pub const ADOPTION_REVIEW_DAYS: &str = "adoption.review_days";
/// 收养评估办法: the integration period (融合期) before the assessment report (ADP-22, unverified).
pub const ADOPTION_INTEGRATION_MIN_DAYS: &str = "adoption.integration_min_days";
/// 收养评估办法: days from the start of an assessment to its report (ADP-23, unverified).
pub const ADOPTION_ASSESSMENT_REPORT_DAYS: &str = "adoption.assessment_report_days";
/// 收养评估办法 第6条: members of a self-organised assessment team (ADP-20).
pub const ADOPTION_ASSESSMENT_TEAM_MIN: &str = "adoption.assessment_team_min";
/// ADP-29: months in care before the police "cannot be found" certificate of a trafficked child.
pub const ADOPTION_TRAFFICKED_CERT_MIN_MONTHS: &str = "adoption.trafficked_cert_min_months";
/// Post-adoption follow-up visits (收养后回访): days between visits (system default, unverified).
pub const ADOPTION_FOLLOW_UP_INTERVAL_DAYS: &str = "adoption.follow_up_interval_days";
/// 民法典 第203条: the national holidays (放假日) of the State Council's yearly notices, a list of dates.
pub const ADOPTION_HOLIDAYS: &str = "adoption.holidays";
/// 民法典 第203条: the weekend days the yearly notices make working days (调休上班), a list of dates.
pub const ADOPTION_ADJUSTED_WORKDAYS: &str = "adoption.adjusted_workdays";
/// A count of children or of team members: 0 to 20.
const ADOPTION_COUNT: ValueKind = ValueKind::WholeNumber { min: 0, max: 20 };

/// The kind of each key above.
pub(super) const KINDS: &[(&str, ValueKind)] = &[
    (ADOPTION_ADOPTER_MIN_AGE, AGE),
    (ADOPTION_CHILD_CONSENT_AGE, AGE),
    // A gap between two ages is itself bounded by a lifespan.
    (ADOPTION_UNMARRIED_MIN_AGE_GAP, AGE),
    (ADOPTION_PUBLIC_NOTICE_DAYS, DAYS),
    // adoption (收养)
    (ADOPTION_ADOPTER_MAX_CHILDREN, ADOPTION_COUNT),
    (ADOPTION_MAX_ADOPTIONS_CHILDLESS, ADOPTION_COUNT),
    (ADOPTION_MAX_ADOPTIONS_WITH_CHILDREN, ADOPTION_COUNT),
    (ADOPTION_INTERCOUNTRY_RESTRICTED_FROM, ValueKind::Date),
    (ADOPTION_REVIEW_DAYS, INTERVAL_DAYS),
    (ADOPTION_INTEGRATION_MIN_DAYS, DAYS),
    (ADOPTION_ASSESSMENT_REPORT_DAYS, INTERVAL_DAYS),
    (ADOPTION_ASSESSMENT_TEAM_MIN, ADOPTION_COUNT),
    (ADOPTION_TRAFFICKED_CERT_MIN_MONTHS, MONTHS),
    (ADOPTION_FOLLOW_UP_INTERVAL_DAYS, INTERVAL_DAYS),
    // Lists of YYYY-MM-DD dates (parsed by `adoption::rules::calendar::parse_dates`).
    (ADOPTION_HOLIDAYS, ValueKind::Text),
    (ADOPTION_ADJUSTED_WORKDAYS, ValueKind::Text),
];

/// The seeded values of the keys above.
pub(super) const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: ADOPTION_ADOPTER_MIN_AGE,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1098条(五) ADP-04",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_CHILD_CONSENT_AGE,
        default: "8",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1104条 ADP-09",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_UNMARRIED_MIN_AGE_GAP,
        default: "40",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1102条 ADP-08",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_PUBLIC_NOTICE_DAYS,
        default: "60",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1105条; 登记办法 第8条 ADP-15",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_ADOPTER_MAX_CHILDREN,
        default: "1",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1098条(一) 无子女或者只有一名子女 ADP-05",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_MAX_ADOPTIONS_CHILDLESS,
        default: "2",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1100条第一款 无子女的收养人可以收养两名子女 ADP-06",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_MAX_ADOPTIONS_WITH_CHILDREN,
        default: "1",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1100条第一款 有子女的收养人只能收养一名子女 ADP-06",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_INTERCOUNTRY_RESTRICTED_FROM,
        default: "2024-09-05",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "外交部发言人 2024-09-05：除继子女和三代以内旁系同辈血亲的子女外不再向外国送养 ADP-27（公开报道，政策）",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_REVIEW_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "中国公民收养子女登记办法 第8条 自次日起30日内审查 ADP-16",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_INTEGRATION_MIN_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "收养评估办法（试行）融合期 ADP-22（待核实）",
        verified: false,
    },
    PolicyKey {
        key: ADOPTION_ASSESSMENT_REPORT_DAYS,
        default: "60",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "收养评估办法（试行）报告期限 ADP-23（2015指引30日可延至60日；2020文本待核实）",
        verified: false,
    },
    PolicyKey {
        key: ADOPTION_ASSESSMENT_TEAM_MIN,
        default: "2",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "收养评估办法（试行）第6条 评估小组至少2名在编人员 ADP-20",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_TRAFFICKED_CERT_MIN_MONTHS,
        default: "12",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民政部 公安部 2015年通知 被拐儿童入院满12个月后出具查找不到生父母证明 ADP-29",
        verified: true,
    },
    PolicyKey {
        key: ADOPTION_FOLLOW_UP_INTERVAL_DAYS,
        default: "180",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "收养后回访（辽宁省规定，省级参考；间隔为系统默认值，待核实）",
        verified: false,
    },
    PolicyKey {
        key: ADOPTION_HOLIDAYS,
        default: "2025-01-01,2025-01-28,2025-01-29,2025-01-30,2025-01-31,2025-02-01,2025-02-02,2025-02-03,2025-02-04,2025-04-04,2025-04-05,2025-04-06,2025-05-01,2025-05-02,2025-05-03,2025-05-04,2025-05-05,2025-05-31,2025-06-01,2025-06-02,2025-10-01,2025-10-02,2025-10-03,2025-10-04,2025-10-05,2025-10-06,2025-10-07,2025-10-08,2026-01-01,2026-01-02,2026-01-03,2026-02-15,2026-02-16,2026-02-17,2026-02-18,2026-02-19,2026-02-20,2026-02-21,2026-02-22,2026-02-23,2026-04-04,2026-04-05,2026-04-06,2026-05-01,2026-05-02,2026-05-03,2026-05-04,2026-05-05,2026-06-19,2026-06-20,2026-06-21,2026-09-25,2026-09-26,2026-09-27,2026-10-01,2026-10-02,2026-10-03,2026-10-04,2026-10-05,2026-10-06,2026-10-07",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，未核对原文）；关于2026年部分节假日安排的通知（2025年11月4日，新华社转载已核对）",
        verified: false,
    },
    PolicyKey {
        key: ADOPTION_ADJUSTED_WORKDAYS,
        default: "2025-01-26,2025-02-08,2025-04-27,2025-09-28,2025-10-11,2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，未核对原文）；关于2026年部分节假日安排的通知（2025年11月4日，新华社转载已核对）",
        verified: false,
    },
];
