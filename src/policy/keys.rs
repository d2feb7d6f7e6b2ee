//! The registry of policy keys: every legal threshold a module reads, with its national default,
//! effective date and source. Values live in the `policy_values` table; this list only seeds the
//! national defaults (and the Jilin overrides the seeds document) when they are missing.
//!
//! Each key has a constant (call sites name the constant, not a string) and a [`ValueKind`]; a value
//! typed on the policy page is refused by [`check`] unless it fits its key's kind, so a bad value can
//! never reach the modules that read it.

use chrono::NaiveDate;

pub const CHILD_ADULT_AGE: &str = "child.adult_age";
pub const FOSTER_CAREGIVER_MIN_AGE: &str = "foster.caregiver_min_age";
pub const FOSTER_CAREGIVER_MAX_AGE: &str = "foster.caregiver_max_age";
pub const FOSTER_MAX_CHILDREN: &str = "foster.max_children";
pub const FOSTER_NO_RESIDENT_CHILD_UNDER_AGE: &str = "foster.no_resident_child_under_age";
pub const FOSTER_CHILD_CONSENT_AGE: &str = "foster.child_consent_age";
pub const FOSTER_INTEGRATION_MIN_DAYS: &str = "foster.integration_min_days";
pub const FOSTER_VISIT_INTERVAL_DAYS: &str = "foster.visit_interval_days";
pub const ADOPTION_ADOPTER_MIN_AGE: &str = "adoption.adopter_min_age";
pub const ADOPTION_CHILD_CONSENT_AGE: &str = "adoption.child_consent_age";
pub const ADOPTION_UNMARRIED_MIN_AGE_GAP: &str = "adoption.unmarried_min_age_gap";
pub const ADOPTION_PUBLIC_NOTICE_DAYS: &str = "adoption.public_notice_days";
pub const ADULTHOOD_ASSESSMENT_MONTHS_BEFORE: &str = "adulthood.assessment_months_before";
pub const ADULTHOOD_PLAN_MONTHS_BEFORE: &str = "adulthood.plan_months_before";
pub const ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN: &str =
    "allowance.orphan_institution_monthly_yuan";
pub const ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN: &str = "allowance.orphan_scattered_monthly_yuan";
pub const ARCHIVE_UPLOAD_MAX_MB: &str = "archive.upload_max_mb";
pub const ARCHIVE_COMPLETION_DAYS: &str = "archive.completion_days";
pub const INTAKE_REVISED_CATEGORIES_FROM: &str = "intake.revised_categories_from";
pub const INTAKE_STREET_CHILD_MIN_MONTHS: &str = "intake.street_child_min_months";
/// TRF-01: from this date a county child-welfare institution admits only temporary-guardianship
/// categories (民发〔2021〕44号: county institutions stop taking in long-term-guarded children; the
/// reform was to be completed by 2025). A province whose reform finished earlier or later sets its own.
pub const INTAKE_COUNTY_LONG_TERM_CLOSED_FROM: &str = "intake.county_long_term_closed_from";
pub const TRANSFER_CHILD_OPINION_AGE: &str = "transfer.child_opinion_age";
pub const TRANSFER_DRAFT_STALE_DAYS: &str = "transfer.draft_stale_days";
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

/// What a key's value must look like. The bounds are a type check against typing mistakes (a stray
/// digit, a value in the wrong unit), not a legal judgement: they are wide enough for any lawful
/// provincial variation and narrow enough that a reader never gets an absurd number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An integer from `min` to `max` inclusive, stored without sign, zeros or spaces (`"+012"` → `"12"`).
    WholeNumber { min: i64, max: i64 },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Any non-empty text (no key uses it yet).
    Text,
}

/// An age in whole years: a human lifespan. (Readers cast ages to `i32` and add them to birth dates.)
const AGE: ValueKind = ValueKind::WholeNumber { min: 0, max: 120 };
/// A waiting period in days that may be zero (no wait): up to ten years.
const DAYS: ValueKind = ValueKind::WholeNumber { min: 0, max: 3650 };
/// A recurring interval in days: at least one day (a zero interval would schedule endlessly), up to ten years.
const INTERVAL_DAYS: ValueKind = ValueKind::WholeNumber { min: 1, max: 3650 };
/// A lead time in months: up to ten years, matching the days bound (intake already clamps months to 0..=120).
const MONTHS: ValueKind = ValueKind::WholeNumber { min: 0, max: 120 };
/// A monthly allowance in yuan: today's floors are hundreds to a few thousand; 100 000 still allows any
/// plausible rise but refuses an amount typed in fen (×100) or with extra zeros.
const YUAN_PER_MONTH: ValueKind = ValueKind::WholeNumber {
    min: 0,
    max: 100_000,
};
/// An upload size limit in megabytes: at least 1 (0 would refuse every file), at most 1 GiB.
const MEGABYTES: ValueKind = ValueKind::WholeNumber { min: 1, max: 1024 };
/// How many children one foster family may look after: at least one (0 would forbid fostering, which is
/// not this key's job), and 20 as a generous ceiling for a household.
const CHILDREN: ValueKind = ValueKind::WholeNumber { min: 1, max: 20 };

/// The kind of every key, in the order of the constants above.
pub const KINDS: &[(&str, ValueKind)] = &[
    (CHILD_ADULT_AGE, AGE),
    (FOSTER_CAREGIVER_MIN_AGE, AGE),
    (FOSTER_CAREGIVER_MAX_AGE, AGE),
    (FOSTER_MAX_CHILDREN, CHILDREN),
    (FOSTER_NO_RESIDENT_CHILD_UNDER_AGE, AGE),
    (FOSTER_CHILD_CONSENT_AGE, AGE),
    (FOSTER_INTEGRATION_MIN_DAYS, DAYS),
    (FOSTER_VISIT_INTERVAL_DAYS, INTERVAL_DAYS),
    (ADOPTION_ADOPTER_MIN_AGE, AGE),
    (ADOPTION_CHILD_CONSENT_AGE, AGE),
    // A gap between two ages is itself bounded by a lifespan.
    (ADOPTION_UNMARRIED_MIN_AGE_GAP, AGE),
    (ADOPTION_PUBLIC_NOTICE_DAYS, DAYS),
    (ADULTHOOD_ASSESSMENT_MONTHS_BEFORE, MONTHS),
    (ADULTHOOD_PLAN_MONTHS_BEFORE, MONTHS),
    (ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN, YUAN_PER_MONTH),
    (ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN, YUAN_PER_MONTH),
    (ARCHIVE_UPLOAD_MAX_MB, MEGABYTES),
    (ARCHIVE_COMPLETION_DAYS, DAYS),
    (INTAKE_REVISED_CATEGORIES_FROM, ValueKind::Date),
    (INTAKE_STREET_CHILD_MIN_MONTHS, MONTHS),
    (INTAKE_COUNTY_LONG_TERM_CLOSED_FROM, ValueKind::Date),
    (TRANSFER_CHILD_OPINION_AGE, AGE),
    (TRANSFER_DRAFT_STALE_DAYS, INTERVAL_DAYS),
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
];

/// The kind of a registered key; `None` for a key that is not registered.
pub fn kind_of(key: &str) -> Option<ValueKind> {
    KINDS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
}

/// Why a typed value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UnknownKey,
    Empty,
    NotWholeNumber,
    OutOfRange { min: i64, max: i64 },
    NotDate,
}

/// Keys the law sets for the whole country: a province or city may not enter its own value (the
/// Civil Code's ages, and the date the 2026 revision of the institutions' measures takes effect —
/// issue 10 point 20).
pub fn national_only(key: &str) -> bool {
    matches!(
        key,
        CHILD_ADULT_AGE
            | INTAKE_REVISED_CATEGORIES_FROM
            | ADOPTION_ADOPTER_MIN_AGE
            | ADOPTION_CHILD_CONSENT_AGE
            | ADOPTION_UNMARRIED_MIN_AGE_GAP
    )
}

/// Checks a value typed for `key` against the key's kind; on success, the value to store (trimmed, and for
/// numbers in plain form). Pure: the same answer for the same input, no database.
pub fn check(key: &str, raw: &str) -> Result<String, Refusal> {
    let kind = kind_of(key).ok_or(Refusal::UnknownKey)?;
    let v = raw.trim();
    if v.is_empty() {
        return Err(Refusal::Empty);
    }
    match kind {
        ValueKind::WholeNumber { min, max } => {
            let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refusal::NotWholeNumber);
            }
            // All digits but too long for i64: a whole number, just far out of range.
            let n: i64 = v.parse().map_err(|_| Refusal::OutOfRange { min, max })?;
            if n < min || n > max {
                return Err(Refusal::OutOfRange { min, max });
            }
            Ok(n.to_string())
        }
        ValueKind::Date => {
            // Exactly YYYY-MM-DD, so "20026-04-01" or "2026-4-1" is not silently read as something else.
            let shape = v.len() == 10
                && v.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(_) if shape => Ok(v.to_string()),
                _ => Err(Refusal::NotDate),
            }
        }
        ValueKind::Text => Ok(v.to_string()),
    }
}

/// One threshold and where it comes from.
pub struct PolicyKey {
    pub key: &'static str,
    pub default: &'static str,
    /// Jurisdiction of the seeded value: `CN` (national) or a division code.
    pub jurisdiction: &'static str,
    pub effective_from: &'static str,
    pub source: &'static str,
    /// false for values marked [UNVERIFIED] in shared/domain/regulations.md (a task asks an admin to confirm).
    pub verified: bool,
}

pub const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: CHILD_ADULT_AGE,
        default: "18",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第17条",
        verified: true,
    },
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
    PolicyKey {
        key: ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
        default: "1000",
        jurisdiction: "CN",
        effective_from: "2010-01-01",
        source: "国家最低标准 VUL-04",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN,
        default: "600",
        jurisdiction: "CN",
        effective_from: "2010-01-01",
        source: "国家最低标准 VUL-04",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
        default: "1500",
        jurisdiction: "22",
        effective_from: "2020-01-01",
        source: "吉林省 2020年标准（种子文件000 §1）",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN,
        default: "1100",
        jurisdiction: "22",
        effective_from: "2020-01-01",
        source: "吉林省 2020年标准（种子文件000 §1）",
        verified: true,
    },
    PolicyKey {
        key: ARCHIVE_UPLOAD_MAX_MB,
        default: "20",
        jurisdiction: "CN",
        effective_from: "2020-01-01",
        source: "抚育系统运行默认值",
        verified: true,
    },
    PolicyKey {
        key: INTAKE_REVISED_CATEGORIES_FROM,
        default: "2026-04-01",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "儿童福利机构管理办法 (2026 修订) 施行日 CWI-01",
        verified: true,
    },
    PolicyKey {
        key: INTAKE_COUNTY_LONG_TERM_CLOSED_FROM,
        default: "2026-01-01",
        jurisdiction: "CN",
        effective_from: "2021-06-01",
        source: "民发〔2021〕44号 县级机构不再收留长期监护儿童（2025年底前完成）TRF-01",
        verified: true,
    },
    PolicyKey {
        key: INTAKE_STREET_CHILD_MIN_MONTHS,
        default: "3",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "儿童福利机构管理办法 (2018) CWI-03: 超过三个月",
        verified: true,
    },
    PolicyKey {
        key: ARCHIVE_COMPLETION_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2020-01-01",
        source: "抚育系统运行默认值（一人一档，种子文件003）",
        verified: true,
    },
    PolicyKey {
        key: TRANSFER_CHILD_OPINION_AGE,
        default: "8",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "未成年人保护法 第19条；民法典 第19条（八周岁以上）：记录儿童本人意见",
        verified: true,
    },
    PolicyKey {
        key: TRANSFER_DRAFT_STALE_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2020-01-01",
        source: "抚育系统运行默认值（起草未提交的移交批次提示监督，种子文件003 §3(1)）",
        verified: true,
    },    // adoption (收养)
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
];

/// Distinct keys, in registry order.
pub fn key_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for k in KEYS {
        if !v.contains(&k.key) {
            v.push(k.key);
        }
    }
    v
}

#[cfg(test)]
mod tests;

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
/// A count of children or of team members: 0 to 20.
const ADOPTION_COUNT: ValueKind = ValueKind::WholeNumber { min: 0, max: 20 };
