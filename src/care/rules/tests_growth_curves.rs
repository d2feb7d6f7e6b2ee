//! The charts' reference lines against the tables' cells (GRW-01, GRW-03).

use super::growth::Indicator::{LengthForAge as Lh, WeightForAge as Wfa};
use super::growth_curves::*;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn wst423_lines_at_whole_months_are_the_tables_cells() {
    // wst423_2022.csv: wfa,m,0 / 12 / 24 and lhfa,f,0 / 12 / 24 (−2SD, median, +2SD columns).
    for (ind, sex, month, want) in [
        (Wfa, "M", 0.0, [2.7, 3.5, 4.3]),
        (Wfa, "M", 12.0, [8.2, 10.1, 12.4]),
        (Wfa, "M", 24.0, [10.2, 12.6, 15.6]),
        (Lh, "F", 0.0, [46.6, 50.3, 54.1]),
        (Lh, "F", 12.0, [70.1, 75.2, 80.4]),
        (Lh, "F", 24.0, [80.8, 87.0, 93.1]),
    ] {
        let got = Reference::Wst423.lines_at(ind, sex, month).unwrap();
        for k in 0..3 {
            assert!(
                close(got[k], want[k], 1e-9),
                "{ind:?} {sex} {month}: {got:?}"
            );
        }
    }
    // Between two rows: linear (24 → 27 months, every 3 months after 24).
    let a = Reference::Wst423.lines_at(Wfa, "M", 24.0).unwrap()[1];
    let b = Reference::Wst423.lines_at(Wfa, "M", 27.0).unwrap()[1];
    let mid = Reference::Wst423.lines_at(Wfa, "M", 25.5).unwrap()[1];
    assert!(close(mid, (a + b) / 2.0, 1e-9));
    // Outside the tables: nothing (weight ends at 81 months; an unknown sex).
    assert!(Reference::Wst423.lines_at(Wfa, "M", 81.0).is_some());
    assert!(Reference::Wst423.lines_at(Wfa, "M", 81.5).is_none());
    assert!(Reference::Wst423.lines_at(Wfa, "X", 12.0).is_none());
    assert!(Reference::Wst423.lines_at(Wfa, "M", -0.1).is_none());
}

#[test]
fn who2006_lines_match_whos_printed_sd_tables() {
    // The median is the M of who_lms.csv; ±2 SD against WHO's printed weight-for-age (boys) 2.5/4.4,
    // 7.7/12.0, 9.7/15.3 kg at 0, 12, 24 months (printed to 0.1 kg).
    for (month, m, lo, hi) in [
        (0.0, 3.3464, 2.5, 4.4),
        (12.0, 9.6479, 7.7, 12.0),
        (24.0, 12.1515, 9.7, 15.3),
    ] {
        let got = Reference::Who2006.lines_at(Wfa, "M", month).unwrap();
        assert!(close(got[1], m, 1e-9), "{month}: {got:?}");
        assert!(
            close(got[0], lo, 0.05) && close(got[2], hi, 0.05),
            "{month}: {got:?}"
        );
    }
    assert!(Reference::Who2006.lines_at(Wfa, "M", 60.0).is_some());
    assert!(Reference::Who2006.lines_at(Wfa, "M", 60.5).is_none());
}

#[test]
fn who2007_median_is_the_lms_m_from_61_months() {
    let row = super::growth_std::data_lines(super::growth_std::WHO2007_TABLE)
        .find(|l| l.starts_with("lhfa,m,120,"))
        .unwrap();
    let m: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    let got = Reference::Who2007.lines_at(Lh, "M", 120.0).unwrap();
    assert!(
        close(got[1], m, 1e-9) && got[0] < m && m < got[2],
        "{got:?}"
    );
    assert!(Reference::Who2007.lines_at(Lh, "M", 60.0).is_none());
}

#[test]
fn a_curve_samples_both_ends_and_every_whole_month_between() {
    let c = curve(Reference::Wst423, Wfa, "F", 2.5, 6.2);
    let ages: Vec<f64> = c.iter().map(|p| p.0).collect();
    assert_eq!(ages, vec![2.5, 3.0, 4.0, 5.0, 6.0, 6.2]);
    // One age: one point; a reversed range: none; ages past the table are left out.
    assert_eq!(curve(Reference::Wst423, Wfa, "F", 3.0, 3.0).len(), 1);
    assert!(curve(Reference::Wst423, Wfa, "F", 4.0, 3.0).is_empty());
    assert_eq!(curve(Reference::Wst423, Wfa, "F", 80.0, 83.0).len(), 2);
}

#[test]
fn the_primary_standard_changes_on_the_seventh_birthday() {
    use Reference::*;
    assert_eq!(
        primary_stretches(10.0, 30.0, 84.0),
        vec![(Wst423, 10.0, 30.0)]
    );
    assert_eq!(
        primary_stretches(70.0, 100.0, 84.0),
        vec![(Wst423, 70.0, 84.0), (Who2007, 84.0, 100.0)]
    );
    // Measured on the 7th birthday: WHO 2007 (7岁以下 = 未满7周岁 ends the day before).
    assert_eq!(
        primary_stretches(84.0, 90.0, 84.0),
        vec![(Who2007, 84.0, 90.0)]
    );
    assert_eq!(who2006_stretch(50.0, 70.0), Some((50.0, 60.0)));
    assert_eq!(who2006_stretch(60.0, 70.0), Some((60.0, 60.0)));
    assert_eq!(who2006_stretch(60.5, 70.0), None);
}

#[test]
fn head_lines_are_the_tables_cells_and_end_with_the_tables() {
    use super::growth::Indicator::HeadForAge as Hc;
    // wst423_2022.csv: hcfa,m / hcfa,f at 0, 12, 24 months (−2SD, median, +2SD columns).
    for (sex, month, want) in [
        ("M", 0.0, [31.7, 34.3, 36.9]),
        ("M", 12.0, [43.7, 46.1, 48.7]),
        ("M", 24.0, [45.9, 48.3, 51.0]),
        ("F", 0.0, [31.4, 33.9, 36.5]),
        ("F", 12.0, [42.7, 45.1, 47.6]),
        ("F", 24.0, [44.8, 47.3, 50.0]),
    ] {
        let got = Reference::Wst423.lines_at(Hc, sex, month).unwrap();
        for k in 0..3 {
            assert!(close(got[k], want[k], 1e-9), "{sex} {month}: {got:?}");
        }
    }
    // WS/T 423's head table ends at 36 months: no line after, so a curve over 30–40 months stops
    // at 36 (30…36 = 7 points).
    assert!(Reference::Wst423.lines_at(Hc, "M", 36.0).is_some());
    assert!(Reference::Wst423.lines_at(Hc, "M", 36.5).is_none());
    let c = curve(Reference::Wst423, Hc, "M", 30.0, 40.0);
    assert_eq!(c.last().map(|p| p.0), Some(36.0));
    assert_eq!(c.len(), 7);
    assert!(curve(Reference::Wst423, Hc, "M", 37.0, 50.0).is_empty());
    // WHO 2006 head-for-age: the median is the LMS M (who_lms.csv hcfa,m,12 / hcfa,f,60), to 60 months;
    // WHO 2007 has no head circumference.
    let m12 = Reference::Who2006.lines_at(Hc, "M", 12.0).unwrap();
    assert!(close(m12[1], 46.0637, 1e-9) && m12[0] < m12[1] && m12[1] < m12[2]);
    let f60 = Reference::Who2006.lines_at(Hc, "F", 60.0).unwrap();
    assert!(close(f60[1], 49.9225, 1e-9), "{f60:?}");
    assert!(Reference::Who2006.lines_at(Hc, "F", 60.5).is_none());
    assert!(Reference::Who2007.lines_at(Hc, "M", 100.0).is_none());
}
