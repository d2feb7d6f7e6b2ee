//! The reference lines of the growth charts (GRW-01, GRW-03; care-and-oversight.md §3): the −2 SD,
//! median and +2 SD curves of the standard stored with the child's results, for the child's sex, over
//! the ages the chart shows. Pure: ages in months (days / 30.4375, as the tables count), no I/O.
//!
//! - **WS/T 423-2022** (《7岁以下儿童生长标准》附录B): the table's own −2SD, 中位数 and +2SD columns,
//!   linear between the table's ages (as `growth_std` reads z-scores), weight and length/height 0–81
//!   months.
//! - **WHO Growth Reference 2007** (5–19 years): M·(1 + L·S·z)^(1/L) from its LMS rows (61+ months).
//! - **WHO Child Growth Standards 2006** (0–60 months, the second view stored beside WS/T 423 and the
//!   standard of results recorded before it): the same formula from `who_lms.csv`.
//!
//! Which standard applies at an age is GRW-03's rule (`growth_std::Standard::of`: WS/T 423 under 7,
//! 未满7周岁; WHO 2007 from 7), so the lines are those of the standard each result was stored under.

use super::growth::{self, value_at_sd, Indicator};
use super::growth_std;

/// A reference drawn on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// WS/T 423-2022 (7岁以下儿童生长标准)
    Wst423,
    /// WHO Growth Reference 2007 (5–19 years)
    Who2007,
    /// WHO Child Growth Standards 2006 (0–60 months)
    Who2006,
}

/// The SD lines drawn: −2 SD, median, +2 SD.
pub const LINES_SD: [f64; 3] = [-2.0, 0.0, 2.0];

impl Reference {
    pub fn name(self) -> &'static str {
        match self {
            Reference::Wst423 => growth_std::WST_STANDARD,
            Reference::Who2007 => growth_std::WHO2007_STANDARD,
            Reference::Who2006 => growth::STANDARD,
        }
    }
    pub fn version(self) -> &'static str {
        match self {
            Reference::Wst423 => growth_std::WST_VERSION,
            Reference::Who2007 => growth_std::WHO2007_VERSION,
            Reference::Who2006 => growth::VERSION,
        }
    }
    /// The −2 SD, median and +2 SD values at an age in months, or `None` outside the tables.
    pub fn lines_at(self, ind: Indicator, sex: &str, months: f64) -> Option<[f64; 3]> {
        match self {
            Reference::Wst423 => {
                let sd = growth_std::wst_sd_months(ind, sex, months)?;
                Some([sd[1], sd[3], sd[5]])
            }
            Reference::Who2007 => {
                let p = growth_std::who2007_lms_months(ind, sex, months)?;
                Some(LINES_SD.map(|z| value_at_sd(p, z)))
            }
            Reference::Who2006 => {
                let p = growth::lms_at_months(ind, sex, months)?;
                Some(LINES_SD.map(|z| value_at_sd(p, z)))
            }
        }
    }
}

/// One sampled age of a curve: months and the −2 SD, median and +2 SD values.
pub type CurvePoint = (f64, [f64; 3]);

/// The curves of `reference` from `from` to `to` months: both ends and every whole month between (so
/// the lines pass through the table's cells); ages outside the tables are left out.
pub fn curve(
    reference: Reference,
    ind: Indicator,
    sex: &str,
    from: f64,
    to: f64,
) -> Vec<CurvePoint> {
    if from.is_nan() || to.is_nan() || to < from {
        return vec![];
    }
    let mut ages = vec![from];
    let mut m = from.floor() + 1.0;
    while m < to {
        ages.push(m);
        m += 1.0;
    }
    if to > from {
        ages.push(to);
    }
    ages.into_iter()
        .filter_map(|a| Some((a, reference.lines_at(ind, sex, a)?)))
        .collect()
}

/// The primary standard's stretches of the age range `from`–`to` (months): WS/T 423 before
/// `seventh_birthday` (the age in months of the 7th birthday), WHO 2007 from it (GRW-03). Empty
/// stretches are left out.
pub fn primary_stretches(from: f64, to: f64, seventh_birthday: f64) -> Vec<(Reference, f64, f64)> {
    let mut out = Vec::new();
    if from < seventh_birthday {
        out.push((Reference::Wst423, from, to.min(seventh_birthday)));
    }
    if to >= seventh_birthday {
        out.push((Reference::Who2007, from.max(seventh_birthday), to));
    }
    out
}

/// The stretch of `from`–`to` the WHO 2006 second view covers (0–60 months), if any.
pub fn who2006_stretch(from: f64, to: f64) -> Option<(f64, f64)> {
    const WHO2006_LAST_MONTH: f64 = 60.0;
    (from <= WHO2006_LAST_MONTH).then(|| (from, to.min(WHO2006_LAST_MONTH)))
}
