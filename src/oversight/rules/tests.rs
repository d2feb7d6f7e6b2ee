use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn months_go_back_across_years() {
    let m = Month::of(d(2026, 2, 28));
    assert_eq!(
        m.back(0),
        Month {
            year: 2026,
            month: 2
        }
    );
    assert_eq!(
        m.back(1),
        Month {
            year: 2026,
            month: 1
        }
    );
    assert_eq!(
        m.back(2),
        Month {
            year: 2025,
            month: 12
        }
    );
    assert_eq!(
        m.back(14),
        Month {
            year: 2024,
            month: 12
        }
    );
    assert_eq!(m.back(2).label(), "2025-12");
    assert_eq!(m.first(), d(2026, 2, 1));
}

#[test]
fn last_24_months_end_with_this_month() {
    let ms = last_months(d(2026, 11, 24), 24);
    assert_eq!(ms.len(), 24);
    assert_eq!(
        ms[0],
        Month {
            year: 2024,
            month: 12
        }
    );
    assert_eq!(
        ms[23],
        Month {
            year: 2026,
            month: 11
        }
    );
    // 29 February: the month is still February.
    assert_eq!(
        Month::of(d(2024, 2, 29)),
        Month {
            year: 2024,
            month: 2
        }
    );
}

#[test]
fn quarter_ends_are_the_statistical_snapshot_days() {
    assert_eq!(Quarter { year: 2026, q: 1 }.end(), d(2026, 3, 31));
    assert_eq!(Quarter { year: 2026, q: 2 }.end(), d(2026, 6, 30));
    assert_eq!(Quarter { year: 2026, q: 3 }.end(), d(2026, 9, 30));
    assert_eq!(Quarter { year: 2026, q: 4 }.end(), d(2026, 12, 31));
    assert_eq!(Quarter { year: 2024, q: 1 }.start(), d(2024, 1, 1));
}

#[test]
fn a_day_falls_in_one_quarter() {
    assert_eq!(Quarter::of(d(2026, 3, 31)), Quarter { year: 2026, q: 1 });
    assert_eq!(Quarter::of(d(2026, 4, 1)), Quarter { year: 2026, q: 2 });
    assert_eq!(Quarter::of(d(2024, 2, 29)), Quarter { year: 2024, q: 1 });
    assert_eq!(Quarter::of(d(2026, 12, 31)), Quarter { year: 2026, q: 4 });
}

#[test]
fn previous_and_next_cross_years() {
    assert_eq!(
        Quarter { year: 2026, q: 1 }.previous(),
        Quarter { year: 2025, q: 4 }
    );
    assert_eq!(
        Quarter { year: 2025, q: 4 }.next(),
        Quarter { year: 2026, q: 1 }
    );
    assert_eq!(
        last_ended_quarter(d(2026, 11, 24)),
        Quarter { year: 2026, q: 3 }
    );
    assert_eq!(
        last_ended_quarter(d(2026, 1, 1)),
        Quarter { year: 2025, q: 4 }
    );
}

#[test]
fn a_quarter_has_ended_only_after_its_last_day() {
    let q3 = Quarter { year: 2026, q: 3 };
    assert!(!q3.ended_by(d(2026, 9, 30)));
    assert!(q3.ended_by(d(2026, 10, 1)));
}

#[test]
fn quarter_codes_parse_and_refuse() {
    assert_eq!(Quarter::parse("2026Q3"), Some(Quarter { year: 2026, q: 3 }));
    assert_eq!(Quarter::parse("2026q1"), Some(Quarter { year: 2026, q: 1 }));
    assert_eq!(Quarter { year: 2026, q: 3 }.code(), "2026Q3");
    for bad in [
        "2026Q0", "2026Q5", "Q3", "2026", "x", "", "99999Q1", "2026Q-1",
    ] {
        assert_eq!(Quarter::parse(bad), None, "{bad}");
    }
}
