//! Boundary tests of the growth standards by age (GRW-01…03) and the review rule (GRW-02).

use super::growth::Indicator;
use super::growth_std::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn wst423_data_lines_match_the_imported_checksum() {
    use sha2::{Digest, Sha256};
    let mut body = String::new();
    for l in data_lines(WST_TABLE) {
        body.push_str(l);
        body.push('\n');
    }
    let hex: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hex, WST_SHA256,
        "wst423_2022.csv changed: a new version needs a new checksum"
    );
    // 44 ages for weight and length/height, 29 for head, each sex.
    assert_eq!(data_lines(WST_TABLE).count(), 2 * (44 + 44 + 29));
}

#[test]
fn wst423_z_scores_at_the_printed_sd_points_and_between() {
    // Boys, birth: weight −3…+3 SD 2.4 2.7 3.1 3.5 3.9 4.3 4.7 kg (附录B).
    let sd = wst_sd(Indicator::WeightForAge, "M", 0).unwrap();
    assert_eq!(sd, [2.4, 2.7, 3.1, 3.5, 3.9, 4.3, 4.7]);
    assert!(close(z_from_sd(&sd, 3.5), 0.0, 1e-9));
    assert!(close(z_from_sd(&sd, 3.9), 1.0, 1e-9));
    assert!(close(z_from_sd(&sd, 3.7), 0.5, 1e-9));
    assert!(close(z_from_sd(&sd, 2.7), -2.0, 1e-9));
    // Beyond ±3 SD: continued with the 2–3 SD distance (0.4 kg).
    assert!(close(z_from_sd(&sd, 5.1), 4.0, 1e-9));
    assert!(close(z_from_sd(&sd, 2.1), -4.0, 1e-9));
    // Between two table ages (24 and 27 months): each point interpolated by age.
    let days = (25.5 * 30.4375_f64).round() as i64;
    let mid = wst_sd(Indicator::WeightForAge, "M", days).unwrap();
    assert!(close(mid[3], 12.85, 0.01), "{mid:?}");
    // Girls' height at 36 months: median 96.2 cm.
    let g = wst_sd(
        Indicator::LengthForAge,
        "F",
        (36.0 * 30.4375_f64) as i64 + 1,
    )
    .unwrap();
    assert!(close(g[3], 96.2, 0.01), "{g:?}");
    // Outside the tables: head after 36 months, weight after 81 months, an unknown sex.
    assert!(wst_sd(
        Indicator::HeadForAge,
        "M",
        (36.0 * 30.4375_f64).ceil() as i64 + 1
    )
    .is_none());
    assert!(wst_sd(Indicator::HeadForAge, "M", 1095).is_some());
    assert!(wst_sd(
        Indicator::WeightForAge,
        "F",
        (81.0 * 30.4375_f64).ceil() as i64 + 1
    )
    .is_none());
    assert!(wst_sd(Indicator::WeightForAge, "X", 10).is_none());
}

#[test]
fn grw03_the_standard_is_chosen_by_age_on_the_day_measured() {
    // 7岁以下 (未满7周岁): WS/T 423 up to the day before the 7th birthday.
    let birth = d(2019, 3, 1);
    assert_eq!(Standard::of(birth, d(2026, 2, 28)), Standard::Wst423);
    assert_eq!(Standard::of(birth, d(2026, 3, 1)), Standard::Who2007);
    // Born on 29 February: the birthday is reached on 1 March in a common year.
    let leap = d(2020, 2, 29);
    assert_eq!(Standard::of(leap, d(2027, 2, 28)), Standard::Wst423);
    assert_eq!(Standard::of(leap, d(2027, 3, 1)), Standard::Who2007);
    // Each result names its standard and version.
    let m = measure(
        "M",
        d(2024, 1, 1),
        d(2024, 1, 1),
        Some(3.5),
        Some(51.2),
        Some(34.3),
    );
    assert_eq!(m.standard, WST_STANDARD);
    assert_eq!(m.version, WST_VERSION);
    assert!(close(m.wfa.unwrap(), 0.0, 1e-9) && close(m.lhfa.unwrap(), 0.0, 1e-9));
    assert!(close(m.hcfa.unwrap(), 0.0, 1e-9));
    let m = measure(
        "F",
        d(2016, 1, 1),
        d(2025, 12, 31),
        Some(31.8578),
        Some(138.6),
        Some(50.0),
    );
    assert_eq!(m.standard, WHO2007_STANDARD);
    assert!(close(m.wfa.unwrap(), 0.0, 0.01), "{m:?}");
    assert!(m.hcfa.is_none(), "no head circumference reference after 7");
}

#[test]
fn who2007_reference_matches_whos_printed_medians() {
    let at = |months: f64| (months * 30.4375_f64).floor() as i64;
    // WHO 2007 height-for-age boys: 7 years 121.7, 10 years 137.8, 19 years 176.5 cm (median).
    let m = |ind, sex, mo| who2007_value(ind, sex, at(mo), 0.0).unwrap();
    assert!(close(m(Indicator::LengthForAge, "M", 84.0), 121.7, 0.06));
    assert!(close(m(Indicator::LengthForAge, "M", 120.0), 137.8, 0.06));
    assert!(close(m(Indicator::LengthForAge, "M", 228.0), 176.5, 0.06));
    // Weight-for-age girls 10 years: median 31.9 kg; none after 10 years.
    assert!(close(m(Indicator::WeightForAge, "F", 120.0), 31.9, 0.06));
    assert!(who2007_lms(Indicator::WeightForAge, "F", at(121.0)).is_none());
    assert!(who2007_lms(Indicator::LengthForAge, "F", at(229.0)).is_none());
}

#[test]
fn grw02_below_p3_or_two_bands_down_is_a_review() {
    // The cut-offs belong to the band above them: exactly P3 is not "below P3".
    assert_eq!(band(BAND_CUTS[0]), 1);
    assert_eq!(band(BAND_CUTS[0] - 1e-6), 0);
    assert_eq!(band(0.0), 2);
    assert_eq!(band(BAND_CUTS[3]), 4);
    assert!(needs_review(None, -1.9));
    assert!(!needs_review(None, BAND_CUTS[0]));
    // P75–P97 → P3–P25: two bands down.
    assert!(needs_review(Some(1.0), -1.0));
    // One band down is not; going up never is.
    assert!(!needs_review(Some(0.0), -1.0));
    assert!(!needs_review(Some(-1.0), 1.0));
    assert!(close(pct(0.0), 50.0, 1e-6));
}
