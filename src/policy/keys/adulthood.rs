//! Policy keys of the 成年后安置 (adulthood placement, issue 16) module: constants, kinds and seeded
//! values. Registered through [`super::all`] and [`super::kinds`]; read with
//! `crate::policy::int(conn, keys::…, …)`.

use super::*;

pub const ADULTHOOD_ASSESSMENT_MONTHS_BEFORE: &str = "adulthood.assessment_months_before";
pub const ADULTHOOD_PLAN_MONTHS_BEFORE: &str = "adulthood.plan_months_before";
// --- adulthood (成年后安置, issue 16) ---
/// Children appear on the adulthood page from this age (issue 16 point 1; a system default).
pub const ADULTHOOD_DUE_FROM_AGE: &str = "adulthood.due_from_age";
/// ADU-02: assessment within this many months after leaving school or military service.
pub const ADULTHOOD_DEFERRED_ASSESSMENT_MONTHS: &str = "adulthood.deferred_assessment_months";
/// An overdue adulthood step goes to the supervisor after this many days (the head from the first day).
pub const ADULTHOOD_ESCALATE_SUPERVISOR_DAYS: &str = "adulthood.escalate_supervisor_days";
/// ADU-06: the 福彩圆梦 grant per academic year, in yuan.
pub const ADULTHOOD_FUCAI_GRANT_YUAN: &str = "adulthood.fucai_grant_yuan";
/// The transition period after placement with follow-up contacts, in years (Shenzhen: 3).
pub const ADULTHOOD_TRANSITION_YEARS: &str = "adulthood.transition_years";
/// Follow-up contacts during the transition period, every this many days.
pub const ADULTHOOD_FOLLOWUP_INTERVAL_DAYS: &str = "adulthood.followup_interval_days";
/// A one-off settlement grant at placement, in yuan (Shenzhen: 25 000 for furniture and appliances).
pub const ADULTHOOD_SETTLEMENT_YUAN: &str = "adulthood.settlement_yuan";
/// Rent support per year during the transition, in yuan (Shenzhen: 9 600).
pub const ADULTHOOD_RENT_SUPPORT_YUAN_PER_YEAR: &str = "adulthood.rent_support_yuan_per_year";

/// The kind of each key above.
pub(super) const KINDS: &[(&str, ValueKind)] = &[
    (ADULTHOOD_ASSESSMENT_MONTHS_BEFORE, MONTHS),
    (ADULTHOOD_PLAN_MONTHS_BEFORE, MONTHS),
    // --- adulthood (成年后安置, issue 16) ---
    (ADULTHOOD_DUE_FROM_AGE, AGE),
    (ADULTHOOD_DEFERRED_ASSESSMENT_MONTHS, MONTHS),
    (ADULTHOOD_ESCALATE_SUPERVISOR_DAYS, INTERVAL_DAYS),
    // A grant per academic year: 10 000 today; the monthly bound ×1 still refuses an amount in fen.
    (ADULTHOOD_FUCAI_GRANT_YUAN, YUAN_PER_MONTH),
    (
        ADULTHOOD_TRANSITION_YEARS,
        ValueKind::WholeNumber { min: 0, max: 10 },
    ),
    (ADULTHOOD_FOLLOWUP_INTERVAL_DAYS, INTERVAL_DAYS),
    (ADULTHOOD_SETTLEMENT_YUAN, YUAN_PER_MONTH),
    (ADULTHOOD_RENT_SUPPORT_YUAN_PER_YEAR, YUAN_PER_MONTH),
];

/// The seeded values of the keys above.
pub(super) const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: ADULTHOOD_ASSESSMENT_MONTHS_BEFORE,
        default: "6",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "皖民儿童字〔2022〕72号 第4条 ADU-01（省级参考）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_PLAN_MONTHS_BEFORE,
        default: "1",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "宣城市规定 ADU-03（市级参考）",
        verified: true,
    },
    // --- adulthood (成年后安置, issue 16) ---
    PolicyKey {
        key: ADULTHOOD_DUE_FROM_AGE,
        default: "16",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "抚育系统运行默认值（issue 16 第1点：16周岁起列入成年安置名单）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_DEFERRED_ASSESSMENT_MONTHS,
        default: "1",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "皖民儿童字〔2022〕72号 第2条、第4条 ADU-02（省级参考）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_ESCALATE_SUPERVISOR_DAYS,
        default: "14",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "抚育系统运行默认值（逾期步骤先报院长，再报民政部门）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_FUCAI_GRANT_YUAN,
        default: "10000",
        jurisdiction: "CN",
        effective_from: "2025-01-01",
        source: "福彩圆梦·孤儿助学工程项目实施办法（2025修订）ADU-06：每人每学年1万元",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_TRANSITION_YEARS,
        default: "3",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "深圳市社会福利机构成年孤儿安置办法（2019）3年过渡期（市级参考）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_FOLLOWUP_INTERVAL_DAYS,
        default: "90",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "抚育系统运行默认值（过渡期每季度回访一次）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_SETTLEMENT_YUAN,
        default: "25000",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "深圳市社会福利机构成年孤儿安置办法（2019）一次性安家费25000元（市级参考）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_RENT_SUPPORT_YUAN_PER_YEAR,
        default: "9600",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "深圳市社会福利机构成年孤儿安置办法（2019）公租房租金每年9600元（市级参考）",
        verified: true,
    },
    PolicyKey {
        key: ADULTHOOD_ASSESSMENT_MONTHS_BEFORE,
        default: "6",
        jurisdiction: "22",
        effective_from: "2022-07-26",
        source: "皖民儿童字〔2022〕72号 第4条 ADU-01；演示省份（吉林）暂用安徽/宣城值，吉林省规定待核实",
        verified: false,
    },
    PolicyKey {
        key: ADULTHOOD_PLAN_MONTHS_BEFORE,
        default: "1",
        jurisdiction: "22",
        effective_from: "2022-07-26",
        source: "宣城市成年孤儿安置实施细则 ADU-03；演示省份（吉林）暂用安徽/宣城值，吉林省规定待核实",
        verified: false,
    },
    PolicyKey {
        key: ADULTHOOD_DEFERRED_ASSESSMENT_MONTHS,
        default: "1",
        jurisdiction: "22",
        effective_from: "2022-07-26",
        source: "皖民儿童字〔2022〕72号 第2条、第4条 ADU-02；演示省份（吉林）暂用安徽/宣城值，吉林省规定待核实",
        verified: false,
    },
];
