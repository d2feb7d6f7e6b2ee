//! Which appointments the round shows (issue 15 point 2b, session 7), pure: the span of the shift of
//! an instant joined with the ward's calendar day, so a night shift sees tomorrow morning's 07:00
//! hospital visit (the child must be woken, fed and dressed by that shift), and a day shift still sees
//! the whole of today (as before). No new threshold: the span follows the shift hours, which are
//! already policy values (`shift.day_start_hour`, `shift.night_start_hour`, CARE-03) — a fixed "next
//! 24 hours" would show the next shift's appointments to a shift that hands the child over first.

use super::{shift_of, Shift};
use chrono::{Duration, NaiveDateTime, NaiveTime};

/// The hours `shift_of` uses (its fallback to 08/20 included).
fn hours(day_start_hour: i64, night_start_hour: i64) -> (u32, u32) {
    if (0..24).contains(&day_start_hour)
        && (0..24).contains(&night_start_hour)
        && day_start_hour < night_start_hour
    {
        (day_start_hour as u32, night_start_hour as u32)
    } else {
        (8, 20)
    }
}

/// CARE-03: the shift of a local instant as [start, end) in ward wall-clock time.
pub fn shift_span(
    local: NaiveDateTime,
    day_start_hour: i64,
    night_start_hour: i64,
) -> (NaiveDateTime, NaiveDateTime) {
    let (d, n) = hours(day_start_hour, night_start_hour);
    let at = |date: chrono::NaiveDate, h: u32| {
        date.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default())
    };
    let (shift, started) = shift_of(local, day_start_hour, night_start_hour);
    match shift {
        Shift::Day => (at(started, d), at(started, n)),
        Shift::Night => (at(started, n), at(started + Duration::days(1), d)),
    }
}

/// The round's appointment span: [start, end) covering both the shift of `local` and its calendar
/// day (00:00 to the next 00:00).
pub fn round_span(
    local: NaiveDateTime,
    day_start_hour: i64,
    night_start_hour: i64,
) -> (NaiveDateTime, NaiveDateTime) {
    let (s, e) = shift_span(local, day_start_hour, night_start_hour);
    let midnight = local.date().and_time(NaiveTime::MIN);
    (s.min(midnight), e.max(midnight + Duration::days(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|x| x.and_hms_opt(h, mi, 0))
            .unwrap_or_default()
    }

    #[test]
    fn the_day_shift_sees_its_whole_day() {
        assert_eq!(
            round_span(t(2026, 11, 25, 8, 0), 8, 20),
            (t(2026, 11, 25, 0, 0), t(2026, 11, 26, 0, 0))
        );
        assert_eq!(
            round_span(t(2026, 11, 25, 19, 59), 8, 20),
            (t(2026, 11, 25, 0, 0), t(2026, 11, 26, 0, 0))
        );
    }

    #[test]
    fn the_night_shift_sees_tomorrow_morning_until_the_day_shift_starts() {
        // 20:00 is the night shift's first minute: its span runs to 08:00 tomorrow (excluded).
        assert_eq!(
            round_span(t(2026, 11, 25, 20, 0), 8, 20),
            (t(2026, 11, 25, 0, 0), t(2026, 11, 26, 8, 0))
        );
        assert_eq!(
            shift_span(t(2026, 11, 25, 23, 59), 8, 20),
            (t(2026, 11, 25, 20, 0), t(2026, 11, 26, 8, 0))
        );
    }

    #[test]
    fn after_midnight_the_night_shift_still_sees_last_evening_and_the_new_day() {
        assert_eq!(
            round_span(t(2026, 11, 26, 0, 0), 8, 20),
            (t(2026, 11, 25, 20, 0), t(2026, 11, 27, 0, 0))
        );
        assert_eq!(
            round_span(t(2026, 11, 26, 7, 59), 8, 20),
            (t(2026, 11, 25, 20, 0), t(2026, 11, 27, 0, 0))
        );
    }

    #[test]
    fn across_29_february_and_at_policy_hours() {
        assert_eq!(
            shift_span(t(2028, 2, 28, 21, 0), 7, 19),
            (t(2028, 2, 28, 19, 0), t(2028, 2, 29, 7, 0))
        );
        assert_eq!(
            shift_span(t(2028, 2, 29, 6, 59), 7, 19),
            (t(2028, 2, 28, 19, 0), t(2028, 2, 29, 7, 0))
        );
        assert_eq!(
            shift_span(t(2028, 2, 29, 7, 0), 7, 19),
            (t(2028, 2, 29, 7, 0), t(2028, 2, 29, 19, 0))
        );
        // Nonsense hours fall back to 08/20, as `shift_of`.
        assert_eq!(
            shift_span(t(2028, 2, 29, 9, 0), 20, 8),
            (t(2028, 2, 29, 8, 0), t(2028, 2, 29, 20, 0))
        );
    }
}
