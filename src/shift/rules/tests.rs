//! Boundary tests of the shift rules: every edge of every window, both sides.

use super::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}
fn order(times: &[&str], prn: bool, start: NaiveDate, end: Option<NaiveDate>) -> OrderSchedule {
    OrderSchedule {
        times: times.iter().map(|t| t.to_string()).collect(),
        prn,
        start_on: start,
        end_on: end,
    }
}

#[test]
fn doses_run_from_the_start_date_to_the_end_date_inclusive() {
    let o = order(
        &["20:00", "08:00"],
        false,
        d(2026, 11, 10),
        Some(d(2026, 11, 12)),
    );
    assert!(
        doses_of_day(&o, d(2026, 11, 9)).is_empty(),
        "the day before the start"
    );
    assert_eq!(
        doses_of_day(&o, d(2026, 11, 10)),
        vec![at(d(2026, 11, 10), 8, 0), at(d(2026, 11, 10), 20, 0)],
        "the start day, in time order"
    );
    assert_eq!(
        doses_of_day(&o, d(2026, 11, 12)).len(),
        2,
        "the end day counts"
    );
    assert!(
        doses_of_day(&o, d(2026, 11, 13)).is_empty(),
        "the day after the end"
    );
}

#[test]
fn an_open_order_runs_on_and_a_prn_order_has_no_round() {
    let o = order(&["12:00"], false, d(2024, 2, 28), None);
    assert_eq!(
        doses_of_day(&o, d(2024, 2, 29)),
        vec![at(d(2024, 2, 29), 12, 0)]
    );
    assert_eq!(doses_of_day(&o, d(2030, 1, 1)).len(), 1);
    let prn = order(&["12:00"], true, d(2024, 1, 1), None);
    assert!(doses_of_day(&prn, d(2024, 2, 29)).is_empty());
}

#[test]
fn malformed_and_repeated_times_are_skipped() {
    let o = order(&["8:00", "25:00", "08:00", "x"], false, d(2026, 1, 1), None);
    assert_eq!(
        doses_of_day(&o, d(2026, 1, 1)),
        vec![at(d(2026, 1, 1), 8, 0)]
    );
}

#[test]
fn the_missed_dose_window_includes_its_last_minute() {
    let due = at(d(2026, 11, 23), 8, 0);
    assert_eq!(
        dose_state(due, at(d(2026, 11, 23), 7, 59), 60),
        DoseState::Upcoming
    );
    assert_eq!(dose_state(due, due, 60), DoseState::Due);
    assert_eq!(
        dose_state(due, at(d(2026, 11, 23), 9, 0), 60),
        DoseState::Due
    );
    assert_eq!(
        dose_state(due, at(d(2026, 11, 23), 9, 0) + Duration::seconds(1), 60),
        DoseState::Missed
    );
    assert_eq!(
        dose_state(due, at(d(2026, 11, 23), 9, 1), 60),
        DoseState::Missed
    );
    // A zero window: missed the moment after its time; a negative value counts as zero.
    assert_eq!(dose_state(due, due, 0), DoseState::Due);
    assert_eq!(
        dose_state(due, at(d(2026, 11, 23), 8, 1), -5),
        DoseState::Missed
    );
}

#[test]
fn a_window_crosses_midnight() {
    let due = at(d(2026, 11, 23), 23, 30);
    assert_eq!(
        dose_state(due, at(d(2026, 11, 24), 0, 30), 60),
        DoseState::Due
    );
    assert_eq!(
        dose_state(due, at(d(2026, 11, 24), 0, 31), 60),
        DoseState::Missed
    );
}

#[test]
fn the_fever_threshold_itself_alerts() {
    assert!(!fever(372, 373));
    assert!(fever(373, 373));
    assert!(fever(401, 373));
}

#[test]
fn temperatures_are_read_in_tenths_within_a_body_range() {
    assert_eq!(parse_temperature("36.8"), Some(368));
    assert_eq!(parse_temperature(" 37,3 "), Some(373));
    assert_eq!(parse_temperature("38.5℃"), Some(385));
    assert_eq!(parse_temperature("30.0"), Some(300));
    assert_eq!(parse_temperature("45.0"), Some(450));
    assert_eq!(parse_temperature("29.9"), None);
    assert_eq!(parse_temperature("45.1"), None);
    assert_eq!(parse_temperature("368"), None, "typed without the point");
    assert_eq!(parse_temperature(""), None);
    assert_eq!(parse_temperature("NaN"), None);
}

#[test]
fn a_report_is_overdue_only_after_its_deadline() {
    let found = at(d(2026, 11, 23), 10, 0);
    let deadline = report_deadline(found, 60);
    assert_eq!(deadline, at(d(2026, 11, 23), 11, 0));
    assert_eq!(
        report_state(deadline, None, None, found),
        ReportState::Pending
    );
    assert_eq!(
        report_state(deadline, None, None, deadline),
        ReportState::Pending
    );
    assert_eq!(
        report_state(deadline, None, None, deadline + Duration::seconds(1)),
        ReportState::Overdue
    );
    // Sent late is sent (no longer escalating); the receipt makes it confirmed.
    assert_eq!(
        report_state(
            deadline,
            Some(deadline + Duration::hours(2)),
            None,
            deadline + Duration::hours(3)
        ),
        ReportState::Sent
    );
    assert_eq!(
        report_state(
            deadline,
            Some(deadline),
            Some(deadline + Duration::hours(5)),
            deadline + Duration::hours(6)
        ),
        ReportState::Confirmed
    );
    // 立即: a zero window makes the report overdue the moment after discovery.
    assert_eq!(report_deadline(found, 0), found);
    assert_eq!(report_deadline(found, -10), found);
}

#[test]
fn shifts_change_at_the_policy_hours() {
    let day = d(2026, 11, 23);
    assert_eq!(
        shift_of(at(day, 7, 59), 8, 20),
        (Shift::Night, d(2026, 11, 22))
    );
    assert_eq!(shift_of(at(day, 8, 0), 8, 20), (Shift::Day, day));
    assert_eq!(shift_of(at(day, 19, 59), 8, 20), (Shift::Day, day));
    assert_eq!(shift_of(at(day, 20, 0), 8, 20), (Shift::Night, day));
    assert_eq!(shift_of(at(day, 23, 59), 8, 20), (Shift::Night, day));
    assert_eq!(
        shift_of(at(day, 0, 0), 8, 20),
        (Shift::Night, d(2026, 11, 22))
    );
    // Other policy hours, and nonsense falling back to 08/20.
    assert_eq!(shift_of(at(day, 7, 0), 7, 19), (Shift::Day, day));
    assert_eq!(shift_of(at(day, 19, 0), 7, 19), (Shift::Night, day));
    assert_eq!(shift_of(at(day, 9, 0), 20, 8), (Shift::Day, day));
    assert_eq!(shift_of(at(day, 9, 0), 8, 24), (Shift::Day, day));
    // 1 March after 29 February: the night of the 29th owns the small hours of 1 March.
    assert_eq!(
        shift_of(at(d(2024, 3, 1), 2, 0), 8, 20),
        (Shift::Night, d(2024, 2, 29))
    );
}

#[test]
fn the_next_shift_follows_round_the_clock() {
    let day = d(2024, 2, 28);
    assert_eq!(next_shift(Shift::Day, day), (Shift::Night, day));
    assert_eq!(next_shift(Shift::Night, day), (Shift::Day, d(2024, 2, 29)));
    assert_eq!(
        next_shift(Shift::Night, d(2024, 2, 29)),
        (Shift::Day, d(2024, 3, 1))
    );
}

#[test]
fn a_full_unit_is_not_over_capacity() {
    assert!(!over_capacity(7, 8));
    assert!(!over_capacity(8, 8));
    assert!(over_capacity(9, 8));
    assert!(over_capacity(1, 0));
}

#[test]
fn missing_and_abuse_always_report_others_when_serious() {
    use IncidentKind::*;
    for k in IncidentKind::ALL {
        let always = matches!(k, Missing | SuspectedAbuse);
        assert_eq!(must_report(*k, false), always, "{k:?}");
        assert!(must_report(*k, true), "{k:?}");
    }
}

#[test]
fn local_time_is_eight_hours_ahead() {
    let u = at(d(2026, 11, 23), 16, 30);
    assert_eq!(local(u), at(d(2026, 11, 24), 0, 30));
    assert_eq!(utc_of(local(u)), u);
}
