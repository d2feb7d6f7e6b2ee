//! Policy keys of the 家庭寄养 (foster families, issue 12) module: constants, kinds and seeded
//! values. Registered through [`super::all`] and [`super::kinds`]; read with
//! `crate::policy::int(conn, keys::…, …)`.

use super::*;

pub const FOSTER_CAREGIVER_MIN_AGE: &str = "foster.caregiver_min_age";
pub const FOSTER_CAREGIVER_MAX_AGE: &str = "foster.caregiver_max_age";
pub const FOSTER_MAX_CHILDREN: &str = "foster.max_children";
pub const FOSTER_NO_RESIDENT_CHILD_UNDER_AGE: &str = "foster.no_resident_child_under_age";
pub const FOSTER_CHILD_CONSENT_AGE: &str = "foster.child_consent_age";
pub const FOSTER_INTEGRATION_MIN_DAYS: &str = "foster.integration_min_days";
pub const FOSTER_VISIT_INTERVAL_DAYS: &str = "foster.visit_interval_days";
// foster (issue 12): thresholds of the eligibility engine FOS-04/05/09/12.
/// FOS-09: the lowest education level of the main caregiver, as `foster::rules::Education::level`
/// (2 = 初中 junior middle school; a city requiring senior high sets 3).
pub const FOSTER_CAREGIVER_MIN_EDUCATION_LEVEL: &str = "foster.caregiver_min_education_level";
/// FOS-04: the local per-capita living area in 0.01 m² (dm²), so 41.76 m² is 4176.
pub const FOSTER_LOCAL_AVG_AREA_DM2: &str = "foster.local_avg_area_dm2";
/// FOS-05: the local middle level of per-capita income, yuan per person per year.
pub const FOSTER_LOCAL_MIDDLE_INCOME_YUAN: &str = "foster.local_middle_income_yuan";
/// FOS-12: from this age the child's opinion on the placement is recorded (not yet consent).
pub const FOSTER_CHILD_OPINION_AGE: &str = "foster.child_opinion_age";
/// FOS-14 培训: the fewest hours of training of the main caregiver before the agreement.
pub const FOSTER_TRAINING_MIN_HOURS: &str = "foster.training_min_hours";

/// FOS-21: months of written notice the family gives to end a placement on its own request.
pub const FOSTER_FAMILY_NOTICE_MONTHS: &str = "foster.family_notice_months";
/// FOS-17: the longest short-term care back at the institution, in days (both ends counted).
pub const FOSTER_SHORT_TERM_CARE_MAX_DAYS: &str = "foster.short_term_care_max_days";

/// Point 9: the monthly rearing subsidy for a foster child (寄养儿童养育费), yuan per child per month.
pub const FOSTER_REARING_SUBSIDY_MONTHLY_YUAN: &str = "foster.rearing_subsidy_monthly_yuan";
/// Point 9: the family's monthly labour subsidy (寄养家庭劳务补贴), yuan per child per month.
pub const FOSTER_LABOUR_SUBSIDY_MONTHLY_YUAN: &str = "foster.labour_subsidy_monthly_yuan";
/// FOS-26: foster children per foster social worker, at most (1:30 → 30).
pub const FOSTER_CHILDREN_PER_WORKER: &str = "foster.children_per_worker";

/// The kind of each key above.
pub(super) const KINDS: &[(&str, ValueKind)] = &[
    (FOSTER_CAREGIVER_MIN_AGE, AGE),
    (FOSTER_CAREGIVER_MAX_AGE, AGE),
    (FOSTER_MAX_CHILDREN, CHILDREN),
    (FOSTER_NO_RESIDENT_CHILD_UNDER_AGE, AGE),
    (FOSTER_CHILD_CONSENT_AGE, AGE),
    (FOSTER_INTEGRATION_MIN_DAYS, DAYS),
    (FOSTER_VISIT_INTERVAL_DAYS, INTERVAL_DAYS),
    // foster (issue 12)
    (
        FOSTER_CAREGIVER_MIN_EDUCATION_LEVEL,
        ValueKind::WholeNumber { min: 0, max: 5 },
    ),
    // 1 m² to 1 000 m² per person, in 0.01 m².
    (
        FOSTER_LOCAL_AVG_AREA_DM2,
        ValueKind::WholeNumber {
            min: 100,
            max: 100_000,
        },
    ),
    // Yuan per person per year: refuses an amount typed in fen (×100) or per month by its size only
    // when absurd; up to ten million.
    (
        FOSTER_LOCAL_MIDDLE_INCOME_YUAN,
        ValueKind::WholeNumber {
            min: 0,
            max: 10_000_000,
        },
    ),
    (FOSTER_CHILD_OPINION_AGE, AGE),
    (
        FOSTER_TRAINING_MIN_HOURS,
        ValueKind::WholeNumber { min: 1, max: 1000 },
    ),
    (
        FOSTER_FAMILY_NOTICE_MONTHS,
        ValueKind::WholeNumber { min: 0, max: 24 },
    ),
    (FOSTER_SHORT_TERM_CARE_MAX_DAYS, DAYS),
    (FOSTER_REARING_SUBSIDY_MONTHLY_YUAN, YUAN_PER_MONTH),
    (FOSTER_LABOUR_SUBSIDY_MONTHLY_YUAN, YUAN_PER_MONTH),
    (
        FOSTER_CHILDREN_PER_WORKER,
        ValueKind::WholeNumber { min: 1, max: 1000 },
    ),
];

/// The seeded values of the keys above.
pub(super) const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: FOSTER_CAREGIVER_MIN_AGE,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(五) FOS-08",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_CAREGIVER_MAX_AGE,
        default: "65",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(五) FOS-08",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_MAX_CHILDREN,
        default: "2",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-10",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_NO_RESIDENT_CHILD_UNDER_AGE,
        default: "6",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-11",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_CHILD_CONSENT_AGE,
        default: "10",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-12",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_INTEGRATION_MIN_DAYS,
        default: "60",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-16",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_VISIT_INTERVAL_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 定期探访 FOS-22",
        verified: false,
    },
    // foster (issue 12)
    PolicyKey {
        key: FOSTER_CAREGIVER_MIN_EDUCATION_LEVEL,
        default: "2",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(五) 初中以上文化程度 FOS-09",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_LOCAL_AVG_AREA_DM2,
        default: "4176",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(一) FOS-04；全国参考值：第七次全国人口普查 家庭户人均住房建筑面积41.76平方米（应由市级民政部门设定当地人均居住水平）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_LOCAL_MIDDLE_INCOME_YUAN,
        default: "34707",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(二) FOS-05；全国参考值：国家统计局 2024年全国居民人均可支配收入中位数34707元（应由市级民政部门设定当地中等水平）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_CHILD_OPINION_AGE,
        default: "8",
        jurisdiction: "CN",
        effective_from: "2021-06-01",
        source: "未成年人保护法 第19条；民法典 第19条（八周岁以上）：记录儿童本人对寄养的意见 FOS-12",
        verified: true,
    },
    PolicyKey {
        key: FOSTER_TRAINING_MIN_HOURS,
        default: "8",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第12条(四) 对主要照料人进行培训 FOS-14；学时全国未定，抚育系统运行默认值",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_FAMILY_NOTICE_MONTHS,
        default: "1",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 寄养家庭提出解除寄养应提前一个月书面通知 FOS-21（条号与数值待核实）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_SHORT_TERM_CARE_MAX_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 短期照料一般不超过30日 FOS-17（2003年暂行办法 第16条；2014年条文待核实）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_REARING_SUBSIDY_MONTHLY_YUAN,
        default: "1000",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "寄养儿童养育费：地方标准（应由市级民政部门设定）；全国默认取集中养育孤儿最低养育标准1000元/月（VUL-04）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_LABOUR_SUBSIDY_MONTHLY_YUAN,
        default: "0",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "寄养家庭劳务补贴：地方标准，全国无统一数额（应由市级民政部门设定）",
        verified: false,
    },
    PolicyKey {
        key: FOSTER_CHILDREN_PER_WORKER,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 家庭寄养工作人员与寄养儿童比例不低于1:30 FOS-26（2003年暂行办法为1:25；2014年数值待核实）",
        verified: false,
    },
];
