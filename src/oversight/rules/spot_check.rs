//! The yearly archive spot check (档案抽查, seed 002: "每年开展一次档案抽查工作"; issue 17 point 4) and
//! the yearly duties' due dates: pure rules, no I/O — the day, the seed and the policy values are
//! arguments.
//!
//! **The draw** is reproducible: every archive in the population is ordered by SHA-256 of
//! `"<seed>:<child id>"` (the `sha2` crate the platform already uses for session tokens) and the first
//! `n` are the sample. The same seed and the same population (the archives in care at the institution on
//! the draw day) give the same sample on any machine and any version of Fuyu — a hash ordering does not
//! depend on a PRNG's stream, which crates may change between versions.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

crate::code_enum! {
    /// How the supervisor marks an item of the checklist of a sampled archive.
    pub enum Outcome {
        /// 合格 — the item is in the archive as required.
        Ok = "ok",
        /// 问题 — a finding: the institution must correct it.
        Finding = "finding",
    }
}

impl Outcome {
    pub fn label_key(self) -> String {
        format!("oversight.spot_check.outcome.{}", self.code())
    }
}

/// The sample size for an institution with `population` archives in care: `percent` of them rounded up,
/// at least `minimum`, never more than there are (policy values `oversight.spot_check_sample_percent` and
/// `oversight.spot_check_sample_min`).
pub fn sample_size(population: usize, percent: i64, minimum: i64) -> usize {
    let pct = percent.clamp(0, 100) as usize;
    let by_percent = (population * pct).div_ceil(100);
    let floor = minimum.max(0) as usize;
    by_percent.max(floor).min(population)
}

/// The draw key of one archive: SHA-256 of `"<seed>:<id>"`.
fn key(seed: &str, id: i64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed.as_bytes());
    h.update(b":");
    h.update(id.to_string().as_bytes());
    h.finalize().into()
}

/// The sample of `n` ids out of `population` for `seed`, in draw order (the order of the hash; ties —
/// impossible in practice — by id). Independent of the order of `population`.
pub fn draw(seed: &str, population: &[i64], n: usize) -> Vec<i64> {
    let mut keyed: Vec<([u8; 32], i64)> =
        population.iter().map(|&id| (key(seed, id), id)).collect();
    keyed.sort();
    keyed.into_iter().take(n).map(|(_, id)| id).collect()
}

/// A seed as typed: 1–20 digits, a whole number up to `u64::MAX` (shown on the check so anyone can
/// redo the draw). `None` if it is not one.
pub fn parse_seed(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().map(|n| n.to_string())
}

/// The due day of a yearly duty in `year` from a policy value `MMDD` (e.g. 1130 = 30 November); a day
/// past the month's end (0229 in a common year, 1131) is the month's last day.
pub fn due_on(year: i32, mmdd: i64) -> NaiveDate {
    let month = (mmdd / 100).clamp(1, 12) as u32;
    let day = (mmdd % 100).max(1) as u32;
    let mut d = day;
    loop {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, d) {
            return date;
        }
        d -= 1;
    }
}

/// Whether the task of a yearly duty due on `due` is open on `today`, the duty not done: from
/// `notice_days` before the day on (and overdue after it) — the duty of the year `due` falls in.
pub fn task_open(today: NaiveDate, due: NaiveDate, notice_days: i64) -> bool {
    today.year() == due.year() && today + chrono::Duration::days(notice_days.max(0)) >= due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sample_size_is_the_percentage_rounded_up_with_a_floor() {
        assert_eq!(sample_size(0, 10, 5), 0);
        assert_eq!(sample_size(3, 10, 5), 3, "never more than there are");
        assert_eq!(sample_size(5, 10, 5), 5);
        assert_eq!(sample_size(49, 10, 5), 5, "4.9 → 5, the floor");
        assert_eq!(sample_size(50, 10, 5), 5);
        assert_eq!(sample_size(51, 10, 5), 6, "5.1 rounds up");
        assert_eq!(sample_size(100, 10, 5), 10);
        assert_eq!(sample_size(100, 100, 0), 100);
        assert_eq!(sample_size(100, 0, 0), 0);
        assert_eq!(
            sample_size(10, 250, -3),
            10,
            "out-of-range values are clamped"
        );
    }

    #[test]
    fn the_draw_is_reproducible_and_depends_on_the_seed() {
        let pop: Vec<i64> = (1..=200).collect();
        let a = draw("20261123", &pop, 10);
        assert_eq!(a.len(), 10);
        assert_eq!(a, draw("20261123", &pop, 10), "same seed, same sample");
        let mut rev = pop.clone();
        rev.reverse();
        assert_eq!(
            a,
            draw("20261123", &rev, 10),
            "the input order does not matter"
        );
        assert_ne!(
            a,
            draw("20261124", &pop, 10),
            "another seed, another sample"
        );
        // A larger sample begins with the smaller one (draw order).
        assert_eq!(&draw("20261123", &pop, 20)[..10], &a[..]);
        let mut uniq = a.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), 10, "no archive twice");
        assert!(draw("1", &[], 5).is_empty());
        assert_eq!(draw("1", &[7], 5), vec![7]);
    }

    #[test]
    fn seeds_are_whole_numbers() {
        assert_eq!(parse_seed(" 42 ").as_deref(), Some("42"));
        assert_eq!(parse_seed("007").as_deref(), Some("7"));
        assert_eq!(
            parse_seed("18446744073709551615").as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(parse_seed("18446744073709551616"), None, "past u64");
        assert_eq!(parse_seed(""), None);
        assert_eq!(parse_seed("-1"), None);
        assert_eq!(parse_seed("12a"), None);
    }

    #[test]
    fn due_days_from_month_and_day() {
        assert_eq!(due_on(2026, 1130), d(2026, 11, 30));
        assert_eq!(due_on(2026, 1131), d(2026, 11, 30), "past the month's end");
        assert_eq!(
            due_on(2026, 229),
            d(2026, 2, 28),
            "29 February in a common year"
        );
        assert_eq!(due_on(2028, 229), d(2028, 2, 29));
        assert_eq!(due_on(2026, 1231), d(2026, 12, 31));
        assert_eq!(due_on(2026, 101), d(2026, 1, 1));
    }

    #[test]
    fn the_task_opens_notice_days_before_and_stays_through_the_year() {
        let due = d(2026, 11, 30);
        assert!(!task_open(d(2026, 10, 30), due, 30), "31 days before");
        assert!(task_open(d(2026, 10, 31), due, 30), "30 days before: open");
        assert!(task_open(d(2026, 11, 30), due, 30));
        assert!(task_open(d(2026, 12, 31), due, 30), "overdue, still open");
        assert!(
            !task_open(d(2027, 1, 1), due, 30),
            "next year is next year's duty"
        );
        assert!(!task_open(d(2026, 11, 29), due, 0));
        assert!(task_open(d(2026, 11, 30), due, 0));
    }
}
