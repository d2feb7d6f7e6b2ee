//! The registry of policy keys: every legal threshold a module reads, with its national default,
//! effective date and source. Values live in the `policy_values` table; this list only seeds the
//! national defaults (and the Jilin overrides the seeds document) when they are missing.
//!
//! Each key has a constant (call sites name the constant, not a string) and a [`ValueKind`]; a value
//! typed on the policy page is refused by [`check`] unless it fits its key's kind, so a bad value can
//! never reach the modules that read it.

use chrono::NaiveDate;

pub const CHILD_ADULT_AGE: &str = "child.adult_age";
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

// Each domain module's keys live in a file of their own (issue 11 review: one registry file for every
// module grew past the house limit); their constants are re-exported here, so every call site still
// names `policy::keys::…`.
mod adoption;
mod adulthood;
mod care;
mod foster;
// caregiver shift (issue 15)
mod shift;
pub use adoption::*;
pub use adulthood::*;
pub use care::*;
pub use foster::*;
pub use shift::*;
// oversight (issue 17)
mod oversight;
pub use oversight::*;

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

/// The kind of every platform, archive and transfer key, in the order of the constants above.
const CORE_KINDS: &[(&str, ValueKind)] = &[
    (CHILD_ADULT_AGE, AGE),
    (ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN, YUAN_PER_MONTH),
    (ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN, YUAN_PER_MONTH),
    (ARCHIVE_UPLOAD_MAX_MB, MEGABYTES),
    (ARCHIVE_COMPLETION_DAYS, DAYS),
    (INTAKE_REVISED_CATEGORIES_FROM, ValueKind::Date),
    (INTAKE_STREET_CHILD_MIN_MONTHS, MONTHS),
    (INTAKE_COUNTY_LONG_TERM_CLOSED_FROM, ValueKind::Date),
    (TRANSFER_CHILD_OPINION_AGE, AGE),
    (TRANSFER_DRAFT_STALE_DAYS, INTERVAL_DAYS),
];

/// The kind of every registered key: the platform's, then each module's.
pub fn kinds() -> impl Iterator<Item = &'static (&'static str, ValueKind)> {
    CORE_KINDS
        .iter()
        .chain(foster::KINDS)
        .chain(adoption::KINDS)
        .chain(adulthood::KINDS)
        .chain(care::KINDS)
        .chain(shift::KINDS)
        .chain(oversight::KINDS)
}

/// The kind of a registered key; `None` for a key that is not registered.
pub fn kind_of(key: &str) -> Option<ValueKind> {
    kinds().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
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

const CORE_KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: CHILD_ADULT_AGE,
        default: "18",
        jurisdiction: "CN",
        effective_from: "2021-01-01",
        source: "民法典 第17条",
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
    },
    // Before the Civil Code the age of majority was 18 as well (民法通则 第11条, 1987-01-01; 民法总则
    // 第17条, 2017-10-01), so the rules in force earlier — 家庭寄养管理办法 第7条 (2014-12-01) — can be
    // checked on a date before 2021-01-01.
    PolicyKey {
        key: CHILD_ADULT_AGE,
        default: "18",
        jurisdiction: "CN",
        effective_from: "1987-01-01",
        source: "民法通则 第11条（十八周岁以上的公民是成年人）；民法总则 第17条（2017-10-01起）",
        verified: true,
    },
];

/// Every seeded value: the platform's, then each module's.
pub fn all() -> impl Iterator<Item = &'static PolicyKey> {
    CORE_KEYS
        .iter()
        .chain(foster::KEYS)
        .chain(adoption::KEYS)
        .chain(adulthood::KEYS)
        .chain(care::KEYS)
        .chain(shift::KEYS)
        .chain(oversight::KEYS)
}

/// Distinct keys, in registry order.
pub fn key_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for k in all() {
        if !v.contains(&k.key) {
            v.push(k.key);
        }
    }
    v
}

// care module (issue 14): constants and entries in keys/care.rs.

#[cfg(test)]
mod tests;
