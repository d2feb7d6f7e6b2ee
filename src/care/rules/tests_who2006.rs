//! The WHO 2006 second view (GRW-01/03): the shipped BMI and weight-for-length/height table is pinned,
//! medians match WHO's printed tables, and the age and posture boundaries hold.

use super::who2006::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// SHA-256 of the data lines (no comments) of who2006_more_lms.csv as extracted.
const MORE_SHA256: &str = "ff3c61178148c58fb231936ed96b742f0b8754c816f5260b52aab585f77d8a1f";

#[test]
fn the_shipped_table_matches_its_checksum() {
    use sha2::{Digest, Sha256};
    let mut body = String::new();
    for l in MORE_TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        body.push_str(l);
        body.push('\n');
    }
    let hex: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, MORE_SHA256, "who2006_more_lms.csv changed");
}

#[test]
fn medians_match_whos_printed_tables() {
    // WHO BMI-for-age boys 12 months: median 16.8; weight-for-length boys 75.0 cm: 9.5 kg;
    // weight-for-height girls 100.0 cm: 15.2 kg (WHO's printed tables, one decimal).
    let m = bmi_lms("M", 365).unwrap().m;
    assert!((m - 16.8).abs() < 0.05, "{m}");
    let w = wfl_value_at_sd("wfl", "M", 75.0, 0.0).unwrap();
    assert!((w - 9.5).abs() < 0.05, "{w}");
    let w = wfl_value_at_sd("wfh", "F", 100.0, 0.0).unwrap();
    assert!((w - 15.2).abs() < 0.05, "{w}");
    // Between two 0.1 cm rows: between their medians.
    let (a, b) = (
        wfl_value_at_sd("wfl", "M", 75.0, 0.0).unwrap(),
        wfl_value_at_sd("wfl", "M", 75.1, 0.0).unwrap(),
    );
    let mid = wfl_value_at_sd("wfl", "M", 75.05, 0.0).unwrap();
    assert!(mid > a.min(b) && mid < a.max(b));
}

#[test]
fn a_median_child_is_zero_on_every_indicator() {
    let birth = d(2025, 1, 1);
    let on = d(2026, 1, 1); // 365 days
    let w = super::growth::lms_at(super::growth::Indicator::WeightForAge, "M", 365)
        .unwrap()
        .m;
    let h = super::growth::lms_at(super::growth::Indicator::LengthForAge, "M", 365)
        .unwrap()
        .m;
    let v = view("M", birth, on, Some(w), Some(h), None);
    assert!(v.wfa.unwrap().abs() < 1e-9 && v.lhfa.unwrap().abs() < 1e-9);
    assert!(v.hcfa.is_none(), "no head measured");
    assert!(v.bmi.unwrap().abs() < 0.3, "{:?}", v.bmi);
    assert!(v.wfl.unwrap().abs() < 0.3, "{:?}", v.wfl);
}

#[test]
fn the_view_covers_birth_to_sixty_months_only() {
    let birth = d(2020, 2, 29);
    assert!(!view("F", birth, birth, Some(3.2), Some(49.0), Some(34.0)).is_empty());
    // Day 1856 (WHO's last day) is covered for BMI; day 1857 gives nothing.
    let last = birth + chrono::Duration::days(1856);
    assert!(view("F", birth, last, Some(18.0), Some(109.0), None)
        .bmi
        .is_some());
    let after = birth + chrono::Duration::days(1857);
    assert!(view("F", birth, after, Some(18.0), Some(109.0), None).is_empty());
    // Before birth, or an unknown sex: nothing.
    assert!(view(
        "F",
        birth,
        birth - chrono::Duration::days(1),
        Some(3.0),
        None,
        None
    )
    .is_empty());
    assert!(view("X", birth, birth, Some(3.0), None, None).is_empty());
}

#[test]
fn length_under_two_years_and_height_from_two() {
    let birth = d(2024, 1, 1);
    // 100 cm is in both tables; 46 cm only in weight-for-length (45–110), 115 cm only in weight-for-height.
    let day730 = birth + chrono::Duration::days(730);
    let day731 = birth + chrono::Duration::days(731);
    assert!(view("M", birth, day730, Some(11.0), Some(46.0), None)
        .wfl
        .is_some());
    assert!(view("M", birth, day731, Some(11.0), Some(46.0), None)
        .wfl
        .is_none());
    assert!(view("M", birth, day730, Some(20.0), Some(115.0), None)
        .wfl
        .is_none());
    assert!(view("M", birth, day731, Some(20.0), Some(115.0), None)
        .wfl
        .is_some());
    // Weight alone: no BMI or weight-for-length.
    let v = view("M", birth, day731, Some(12.0), None, None);
    assert!(v.wfa.is_some() && v.bmi.is_none() && v.wfl.is_none());
}

#[test]
fn weight_based_indicators_are_restricted_beyond_three_sd() {
    let sd3 = wfl_value_at_sd("wfl", "M", 75.0, 3.0).unwrap();
    let sd2 = wfl_value_at_sd("wfl", "M", 75.0, 2.0).unwrap();
    let birth = d(2025, 1, 1);
    let on = d(2026, 1, 1);
    let v = view("M", birth, on, Some(sd3 + (sd3 - sd2)), Some(75.0), None);
    assert!((v.wfl.unwrap() - 4.0).abs() < 1e-6, "{:?}", v.wfl);
}
