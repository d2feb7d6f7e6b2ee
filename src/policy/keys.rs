//! The registry of policy keys: every legal threshold a module reads, with its national default,
//! effective date and source. Values live in the `policy_values` table; this list only seeds the
//! national defaults (and the Jilin overrides the seeds document) when they are missing.

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
        key: "child.adult_age",
        default: "18",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第17条",
        verified: true,
    },
    PolicyKey {
        key: "foster.caregiver_min_age",
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(五) FOS-08",
        verified: true,
    },
    PolicyKey {
        key: "foster.caregiver_max_age",
        default: "65",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 第8条(五) FOS-08",
        verified: true,
    },
    PolicyKey {
        key: "foster.max_children",
        default: "2",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-10",
        verified: true,
    },
    PolicyKey {
        key: "foster.no_resident_child_under_age",
        default: "6",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-11",
        verified: true,
    },
    PolicyKey {
        key: "foster.child_consent_age",
        default: "10",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-12",
        verified: false,
    },
    PolicyKey {
        key: "foster.integration_min_days",
        default: "60",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 FOS-16",
        verified: false,
    },
    PolicyKey {
        key: "foster.visit_interval_days",
        default: "30",
        jurisdiction: "CN",
        effective_from: "2014-12-01",
        source: "家庭寄养管理办法 定期探访 FOS-22",
        verified: false,
    },
    PolicyKey {
        key: "adoption.adopter_min_age",
        default: "30",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1098条(五) ADP-04",
        verified: true,
    },
    PolicyKey {
        key: "adoption.child_consent_age",
        default: "8",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1104条 ADP-09",
        verified: true,
    },
    PolicyKey {
        key: "adoption.unmarried_min_age_gap",
        default: "40",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1102条 ADP-08",
        verified: true,
    },
    PolicyKey {
        key: "adoption.public_notice_days",
        default: "60",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第1105条; 登记办法 第8条 ADP-15",
        verified: true,
    },
    PolicyKey {
        key: "adulthood.assessment_months_before",
        default: "6",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "皖民儿童字〔2022〕72号 第4条 ADU-01 (provincial model)",
        verified: true,
    },
    PolicyKey {
        key: "adulthood.plan_months_before",
        default: "1",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "宣城 rules ADU-03 (local model)",
        verified: true,
    },
    PolicyKey {
        key: "allowance.orphan_institution_monthly_yuan",
        default: "1000",
        jurisdiction: "CN",
        effective_from: "2010-01-01",
        source: "national floor VUL-04",
        verified: true,
    },
    PolicyKey {
        key: "allowance.orphan_scattered_monthly_yuan",
        default: "600",
        jurisdiction: "CN",
        effective_from: "2010-01-01",
        source: "national floor VUL-04",
        verified: true,
    },
    PolicyKey {
        key: "allowance.orphan_institution_monthly_yuan",
        default: "1500",
        jurisdiction: "22",
        effective_from: "2020-01-01",
        source: "吉林省 2020 (seed 000 §1)",
        verified: true,
    },
    PolicyKey {
        key: "allowance.orphan_scattered_monthly_yuan",
        default: "1100",
        jurisdiction: "22",
        effective_from: "2020-01-01",
        source: "吉林省 2020 (seed 000 §1)",
        verified: true,
    },
    PolicyKey {
        key: "archive.upload_max_mb",
        default: "20",
        jurisdiction: "CN",
        effective_from: "2020-01-01",
        source: "Fuyu operating default",
        verified: true,
    },
    PolicyKey {
        key: "intake.revised_categories_from",
        default: "2026-04-01",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "儿童福利机构管理办法 (2026 修订) 施行日 CWI-01",
        verified: true,
    },
    PolicyKey {
        key: "intake.street_child_min_months",
        default: "3",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "儿童福利机构管理办法 (2018) CWI-03: 超过三个月",
        verified: true,
    },
    PolicyKey {
        key: "archive.completion_days",
        default: "30",
        jurisdiction: "CN",
        effective_from: "2020-01-01",
        source: "Fuyu operating default (一人一档, seed 003)",
        verified: true,
    },
    PolicyKey {
        key: "transfer.child_opinion_age",
        default: "8",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source:
            "未成年人保护法 第19条; 民法典 第19条 (八周岁以上): the child's opinion is recorded",
        verified: true,
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
