//! The injectable clock. Everything that asks "what time is it" asks this, so tests can set the date.
//! Times are stored as UTC; "today" for legal deadlines is the date in China Standard Time (UTC+8).

use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync {
    /// Current UTC time, truncated to whole microseconds (what both databases store exactly).
    fn now(&self) -> NaiveDateTime;
    /// Today's date in China Standard Time.
    fn today(&self) -> NaiveDate {
        let cst = FixedOffset::east_opt(8 * 3600)
            .map(|o| o.local_minus_utc())
            .unwrap_or(28_800);
        (self.now() + Duration::seconds(cst as i64)).date()
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// A stored UTC time as people in China read it: `YYYY-MM-DD HH:MM` in China Standard Time (UTC+8).
pub fn cst_minutes(t: NaiveDateTime) -> String {
    (t + Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn truncate_micros(t: NaiveDateTime) -> NaiveDateTime {
    let n = t.nanosecond();
    t.with_nanosecond(n - n % 1000).unwrap_or(t)
}

#[derive(Debug, Default)]
pub struct SystemClock;
impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        truncate_micros(Utc::now().naive_utc())
    }
}

/// A clock tests move by hand.
#[derive(Debug)]
pub struct FixedClock(Mutex<NaiveDateTime>);
impl FixedClock {
    pub fn new(t: NaiveDateTime) -> Self {
        FixedClock(Mutex::new(truncate_micros(t)))
    }
    pub fn set(&self, t: NaiveDateTime) {
        if let Ok(mut g) = self.0.lock() {
            *g = truncate_micros(t);
        }
    }
    pub fn advance(&self, d: Duration) {
        if let Ok(mut g) = self.0.lock() {
            *g += d;
        }
    }
}
impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0.lock().map(|g| *g).unwrap_or_default()
    }
}

/// Age in whole years on `on` under the Civil Code convention: a person reaches age N on the N-th birthday
/// (民法典 第1259条). A 29 February birthday is reached on 1 March in common years: the day-of-year
/// comparison treats the birthday as not yet passed on 28 February.
/// Whole months of age on `on` (a month is complete on the same day of the month; from the 31st, on
/// the last day of a shorter month).
pub fn months_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    if on < birth {
        return 0;
    }
    let mut months = (on.year() - birth.year()) * 12 + on.month() as i32 - birth.month() as i32;
    let last_day = birth
        .checked_add_months(chrono::Months::new(months.max(0) as u32))
        .unwrap_or(on);
    if last_day > on {
        months -= 1;
    }
    months.max(0)
}

pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    #[test]
    fn times_show_in_china_standard_time() {
        let t = d(2026, 11, 22).and_hms_opt(16, 30, 59).unwrap_or_default();
        assert_eq!(cst_minutes(t), "2026-11-23 00:30");
    }
    #[test]
    fn age_reached_on_birthday_not_before() {
        assert_eq!(age_on(d(1996, 5, 10), d(2026, 5, 9)), 29);
        assert_eq!(age_on(d(1996, 5, 10), d(2026, 5, 10)), 30);
        assert_eq!(age_on(d(1996, 5, 10), d(2026, 5, 11)), 30);
    }
    #[test]
    fn leap_day_birthday() {
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2028, 2, 29)), 20);
    }
    #[test]
    fn today_is_china_date() {
        let c = FixedClock::new(d(2026, 11, 22).and_hms_opt(16, 30, 0).unwrap());
        assert_eq!(c.today(), d(2026, 11, 23));
        c.set(d(2026, 11, 22).and_hms_opt(15, 59, 59).unwrap());
        assert_eq!(c.today(), d(2026, 11, 22));
    }
    #[test]
    fn months_of_age_for_babies() {
        assert_eq!(months_on(d(2026, 2, 24), d(2026, 11, 24)), 9);
        assert_eq!(months_on(d(2026, 2, 25), d(2026, 11, 24)), 8);
        assert_eq!(months_on(d(2026, 11, 24), d(2026, 11, 24)), 0);
        assert_eq!(months_on(d(2026, 1, 31), d(2026, 2, 28)), 1);
        assert_eq!(months_on(d(2026, 1, 31), d(2026, 2, 27)), 0);
        assert_eq!(months_on(d(2024, 11, 24), d(2026, 11, 23)), 23);
        assert_eq!(months_on(d(2027, 1, 1), d(2026, 11, 24)), 0);
    }
}
