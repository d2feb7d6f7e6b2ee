//! The care module's policy keys (issue 14), kept here so the registry stays within the house file
//! limit: the constants (re-exported by `policy::keys`) and their registry entries.

use super::{PolicyKey, AGE, INTERVAL_DAYS};

pub const CARE_PLAN_REVIEW_MONTHS: &str = "care.plan_review_months";
pub const CARE_EVENT_REVIEW_DAYS: &str = "care.event_review_days";
pub const CARE_FIRST_PLAN_DAYS: &str = "care.first_plan_days";
pub const CARE_APPROVAL_DAYS: &str = "care.approval_days";
pub const CARE_ASSESSMENT_MONTHS_DEVELOPMENT: &str = "care.assessment_months.development";
pub const CARE_ASSESSMENT_MONTHS_MENTAL: &str = "care.assessment_months.mental";
pub const CARE_ASSESSMENT_MONTHS_ILLNESS: &str = "care.assessment_months.illness";
pub const CARE_ASSESSMENT_MONTHS_DISABILITY: &str = "care.assessment_months.disability";
pub const CARE_ASSESSMENT_YOUNG_MONTHS: &str = "care.assessment_young_months";
pub const CARE_ASSESSMENT_YOUNG_AGE: &str = "care.assessment_young_age";
pub const CARE_ASSESSMENT_INTAKE_DAYS: &str = "care.assessment_intake_days";
pub const CARE_IMMUNISATION_CATCH_UP_AGE: &str = "care.immunisation_catch_up_age";
pub const CARE_SCHOOL_AGE_FROM: &str = "care.school_age_from";
pub const CARE_SCHOOL_AGE_UNTIL: &str = "care.school_age_until";
pub const CARE_GROWTH_CHECK_MONTHS: &str = "care.growth_check_months";
pub const CARE_GROWTH_CHECK_UNTIL_AGE: &str = "care.growth_check_until_age";
pub const CARE_GROWTH_CHECK_WINDOW_DAYS: &str = "care.growth_check_window_days";

/// Months between reviews or assessments: at least one, at most ten years.
pub(super) const MONTHS_KIND: super::ValueKind = super::ValueKind::WholeNumber { min: 1, max: 120 };

pub(super) const K_PLAN_REVIEW_MONTHS: PolicyKey = PolicyKey {
    key: CARE_PLAN_REVIEW_MONTHS,
    default: "6",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 制定完善个性化抚养方案；CARE-01 复查间隔（默认6个月，间隔未核实）",
    verified: false,
};

pub(super) const K_EVENT_REVIEW_DAYS: PolicyKey = PolicyKey {
    key: CARE_EVENT_REVIEW_DAYS,
    default: "30",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "CARE-01 重大事件（移交、寄养、住院、新诊断）后复查抚养方案（天数未核实）",
    verified: false,
};

pub(super) const K_FIRST_PLAN_DAYS: PolicyKey = PolicyKey {
    key: CARE_FIRST_PLAN_DAYS,
    default: "30",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "CARE-01 入院后制定个性化抚养方案的期限（天数未核实）",
    verified: false,
};

pub(super) const K_APPROVAL_DAYS: PolicyKey = PolicyKey {
    key: CARE_APPROVAL_DAYS,
    default: "7",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "抚育系统运行默认值（抚养方案提交后院长审批期限）",
    verified: true,
};

pub(super) const K_ASSESSMENT_MONTHS_DEVELOPMENT: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_MONTHS_DEVELOPMENT,
    default: "12",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估儿童智力、精神健康、疾病和残疾状况（每年，间隔未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_MONTHS_MENTAL: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_MONTHS_MENTAL,
    default: "12",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估儿童智力、精神健康、疾病和残疾状况（每年，间隔未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_MONTHS_ILLNESS: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_MONTHS_ILLNESS,
    default: "12",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估儿童智力、精神健康、疾病和残疾状况（每年，间隔未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_MONTHS_DISABILITY: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_MONTHS_DISABILITY,
    default: "12",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估儿童智力、精神健康、疾病和残疾状况（每年，间隔未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_YOUNG_MONTHS: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_YOUNG_MONTHS,
    default: "6",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估；3周岁以下每6个月（间隔未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_YOUNG_AGE: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_YOUNG_AGE,
    default: "3",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "种子文件003 §2(1) 定期评估；未满3周岁适用较短间隔（年龄未核实）",
    verified: false,
};

pub(super) const K_ASSESSMENT_INTAKE_DAYS: PolicyKey = PolicyKey {
    key: CARE_ASSESSMENT_INTAKE_DAYS,
    default: "30",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "儿童福利机构管理办法（2026修订）接收→评估；入院后30日内评估（天数未核实）",
    verified: false,
};

pub(super) const K_IMMUNISATION_CATCH_UP_AGE: PolicyKey = PolicyKey {
    key: CARE_IMMUNISATION_CATCH_UP_AGE,
    default: "18",
    jurisdiction: "CN",
    effective_from: "2019-01-01",
    source: "国家免疫规划疫苗儿童免疫程序（2021年版）IMM-02 补种至18周岁（措辞未核实）",
    verified: false,
};

// EDU-01 school age: 义务教育法 第11条 "凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并
// 完成义务教育；条件不具备的地区的儿童，可以推迟到七周岁" (V-PAGE; per division, so a province can hold 7);
// 第2条 nine years. 年满 includes the sixth birthday; the end of the band is a house reading of nine
// years from six (未满十六周岁), UNVERIFIED.
pub(super) const K_SCHOOL_AGE_FROM: PolicyKey = PolicyKey {
    key: CARE_SCHOOL_AGE_FROM,
    default: "6",
    jurisdiction: "CN",
    effective_from: "2006-09-01",
    source: "中华人民共和国义务教育法（2018修正）第11条 凡年满六周岁的儿童…应当送其入学；条件不具备的地区可以推迟到七周岁（V-PAGE）",
    verified: true,
};

pub(super) const K_SCHOOL_AGE_UNTIL: PolicyKey = PolicyKey {
    key: CARE_SCHOOL_AGE_UNTIL,
    default: "16",
    jurisdiction: "CN",
    effective_from: "2006-09-01",
    source: "义务教育法 第2条、第11条 九年义务教育：学龄至未满十六周岁（推定，未核实）",
    verified: false,
};

// GRW-04 the growth-check schedule (care-and-oversight.md §3; 国家基本公共卫生服务规范 0–6岁儿童健康管理,
// UNVERIFIED): the listed ages in months (a list: the policy page stores it as text; the care module
// reads it with rules::growth_check::parse_months), then yearly while under the age; the window is a
// house rule (the source names none).
pub(super) const K_GROWTH_CHECK_MONTHS: PolicyKey = PolicyKey {
    key: CARE_GROWTH_CHECK_MONTHS,
    default: "1,3,6,8,12,18,24,30,36",
    jurisdiction: "CN",
    effective_from: "2017-01-01",
    source: "国家基本公共卫生服务规范（第三版）0～6岁儿童健康管理：满月、3、6、8、12、18、24、30、36月龄，其后每年一次（GRW-04，未核实）",
    verified: false,
};

pub(super) const K_GROWTH_CHECK_UNTIL_AGE: PolicyKey = PolicyKey {
    key: CARE_GROWTH_CHECK_UNTIL_AGE,
    default: "18",
    jurisdiction: "CN",
    effective_from: "2017-01-01",
    source: "GRW-04 36月龄后每年一次，至未满18周岁（基本公卫规范至6岁；机构内延至成年为本系统做法，未核实）",
    verified: false,
};

pub(super) const K_GROWTH_CHECK_WINDOW_DAYS: PolicyKey = PolicyKey {
    key: CARE_GROWTH_CHECK_WINDOW_DAYS,
    default: "14",
    jurisdiction: "CN",
    effective_from: "2017-01-01",
    source: "GRW-04 体检时间窗：应查日前后14天（本系统做法，规范未规定，未核实）",
    verified: false,
};

/// The kind of each key above.
pub(super) const KINDS: &[(&str, super::ValueKind)] = &[
    (CARE_PLAN_REVIEW_MONTHS, MONTHS_KIND),
    (CARE_EVENT_REVIEW_DAYS, INTERVAL_DAYS),
    (CARE_FIRST_PLAN_DAYS, INTERVAL_DAYS),
    (CARE_APPROVAL_DAYS, INTERVAL_DAYS),
    (CARE_ASSESSMENT_MONTHS_DEVELOPMENT, MONTHS_KIND),
    (CARE_ASSESSMENT_MONTHS_MENTAL, MONTHS_KIND),
    (CARE_ASSESSMENT_MONTHS_ILLNESS, MONTHS_KIND),
    (CARE_ASSESSMENT_MONTHS_DISABILITY, MONTHS_KIND),
    (CARE_ASSESSMENT_YOUNG_MONTHS, MONTHS_KIND),
    (CARE_ASSESSMENT_YOUNG_AGE, AGE),
    (CARE_ASSESSMENT_INTAKE_DAYS, INTERVAL_DAYS),
    (CARE_IMMUNISATION_CATCH_UP_AGE, AGE),
    (CARE_SCHOOL_AGE_FROM, AGE),
    (CARE_SCHOOL_AGE_UNTIL, AGE),
    (CARE_GROWTH_CHECK_MONTHS, super::ValueKind::Text),
    (CARE_GROWTH_CHECK_UNTIL_AGE, AGE),
    (CARE_GROWTH_CHECK_WINDOW_DAYS, super::DAYS),
];

/// The seeded values of the keys above.
pub(super) const KEYS: &[PolicyKey] = &[
    K_PLAN_REVIEW_MONTHS,
    K_EVENT_REVIEW_DAYS,
    K_FIRST_PLAN_DAYS,
    K_APPROVAL_DAYS,
    K_ASSESSMENT_MONTHS_DEVELOPMENT,
    K_ASSESSMENT_MONTHS_MENTAL,
    K_ASSESSMENT_MONTHS_ILLNESS,
    K_ASSESSMENT_MONTHS_DISABILITY,
    K_ASSESSMENT_YOUNG_MONTHS,
    K_ASSESSMENT_YOUNG_AGE,
    K_ASSESSMENT_INTAKE_DAYS,
    K_IMMUNISATION_CATCH_UP_AGE,
    K_SCHOOL_AGE_FROM,
    K_SCHOOL_AGE_UNTIL,
    K_GROWTH_CHECK_MONTHS,
    K_GROWTH_CHECK_UNTIL_AGE,
    K_GROWTH_CHECK_WINDOW_DAYS,
];
