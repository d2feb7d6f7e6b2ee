//! Pure rules of appointments (no I/O): reading the typed time and refusing a time in the past.
//!
//! APT-01 (house rule, issue 15 point 2b): an appointment is planned ahead — a start before the
//! current minute of the ward's clock (China Standard Time) is refused. The current minute itself is
//! accepted (以上: "now or later").
//! APT-02 (house rule): a cancellation states a reason and keeps the record (nothing is deleted, as
//! every care record: the archive keeps what was planned).

use chrono::{Duration, NaiveDateTime, Timelike};

/// The offset of the ward's clock (China Standard Time, UTC+8).
const CST_HOURS: i64 = 8;

/// The ward's wall-clock time of a stored UTC instant.
pub fn local(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(CST_HOURS)
}

/// A typed start: `YYYY-MM-DDTHH:MM` (the browser's datetime-local) or `YYYY-MM-DD HH:MM`.
pub fn parse_start(raw: &str) -> Option<NaiveDateTime> {
    let t = raw.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .and_then(|d| d.with_second(0))
}

/// APT-01: whether a start (wall clock) is not in the past at `now_local` — the current minute counts.
pub fn not_past(start: NaiveDateTime, now_local: NaiveDateTime) -> bool {
    let minute = now_local
        .with_second(0)
        .and_then(|d| d.with_nanosecond(0))
        .unwrap_or(now_local);
    start >= minute
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|x| x.and_hms_opt(h, min, s))
            .unwrap()
    }

    #[test]
    fn the_typed_forms_are_read_and_nonsense_is_not() {
        assert_eq!(
            parse_start("2026-12-01T09:30"),
            Some(at(2026, 12, 1, 9, 30, 0))
        );
        assert_eq!(
            parse_start(" 2026-12-01 09:30 "),
            Some(at(2026, 12, 1, 9, 30, 0))
        );
        assert_eq!(
            parse_start("2026-12-01T09:30:45"),
            Some(at(2026, 12, 1, 9, 30, 0))
        );
        assert_eq!(
            parse_start("2028-02-29T08:00"),
            Some(at(2028, 2, 29, 8, 0, 0))
        );
        for bad in [
            "",
            "2026-12-01",
            "2027-02-29T08:00",
            "2026-13-01T08:00",
            "09:30",
            "明天",
        ] {
            assert_eq!(parse_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_current_minute_counts_and_the_minute_before_does_not() {
        let now = at(2026, 11, 24, 14, 30, 59);
        assert!(not_past(at(2026, 11, 24, 14, 30, 0), now));
        assert!(not_past(at(2026, 11, 24, 14, 31, 0), now));
        assert!(!not_past(at(2026, 11, 24, 14, 29, 0), now));
        assert!(!not_past(at(2026, 11, 23, 23, 59, 0), now));
    }

    #[test]
    fn the_ward_clock_is_eight_hours_ahead_of_utc_across_midnight() {
        // 16:30 UTC is half past midnight of the next day on the ward.
        assert_eq!(
            local(at(2026, 11, 24, 16, 30, 0)),
            at(2026, 11, 25, 0, 30, 0)
        );
        assert_eq!(local(at(2028, 2, 28, 16, 0, 0)), at(2028, 2, 29, 0, 0, 0));
    }
}
