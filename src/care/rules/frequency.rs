//! Does a care-plan intervention's frequency (频次, free text on the plan: 每日, 每个工作日, 每周3次,
//! 每周一、三、五, 每月…) apply on a date? Pure: no I/O; the date and the plan's approval date (the
//! anchor of weekly and monthly items) are arguments. For the caregiver's round (issue 15 point 2).
//!
//! The plan's frequency is typed by the social worker, not chosen from a list, so it is read leniently:
//! - 每日 / 每天 / 每晚 / 每早 / daily: every day;
//! - 工作日 / weekday: Monday to Friday;
//! - named weekdays (周一、三、五 / 星期二 / 每周六): those days;
//! - 每周N次 (N times a week): spread over fixed days — 1: the weekday of approval; 2: Mon, Thu;
//!   3: Mon, Wed, Fri; 4: Mon, Tue, Thu, Fri; 5: Mon–Fri; 6: Mon–Sat; 7 or more: every day;
//! - 每周 / weekly (no count): the weekday of approval;
//! - 每月 / monthly: the day of the month of approval, or the month's last day when it has no such day
//!   (31 January → 28/29 February; the Civil Code's month counting, 民法典 第201条);
//! - anything else is [`Frequency::Unrecognised`] and applies every day: a care task shown with its own
//!   wording on a day it is not due costs a glance; one never shown is a task silently dropped.
//!
//! Nothing applies before the plan was approved.

use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    /// On these weekdays.
    Days(Vec<Weekday>),
    /// Once a week, on the anchor's weekday.
    Weekly,
    /// Once a month, on the anchor's day of the month (clamped to the month's last day).
    Monthly,
    Unrecognised,
}

const DAY_CHARS: [(char, Weekday); 8] = [
    ('一', Weekday::Mon),
    ('二', Weekday::Tue),
    ('三', Weekday::Wed),
    ('四', Weekday::Thu),
    ('五', Weekday::Fri),
    ('六', Weekday::Sat),
    ('日', Weekday::Sun),
    ('天', Weekday::Sun),
];

fn day_of(c: char) -> Option<Weekday> {
    DAY_CHARS.iter().find(|d| d.0 == c).map(|d| d.1)
}

fn count_of(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| {
        "零一二三四五六七"
            .chars()
            .position(|x| x == c)
            .map(|p| p as u32)
    })
}

/// Named weekdays: each 周X / 星期X, and the X of a list that follows it (周一、三、五 / 周一至周五 is
/// not a list — 至 ranges are read as their two ends' span).
fn named_days(t: &str) -> Vec<Weekday> {
    let cs: Vec<char> = t.chars().collect();
    let mut out: Vec<Weekday> = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let after =
            (cs[i] == '周' || (cs[i] == '期' && i > 0 && cs[i - 1] == '星')).then_some(i + 1);
        if let Some(mut j) = after {
            // 每周3次 / 每周 1 次 is a count, not a day.
            if let Some(d) = cs.get(j).copied().and_then(day_of) {
                out.push(d);
                j += 1;
                loop {
                    match (cs.get(j), cs.get(j + 1).copied().and_then(day_of)) {
                        (Some('、' | ',' | '，' | '和'), Some(d)) => {
                            out.push(d);
                            j += 2;
                        }
                        (Some('至' | '到' | '-' | '~'), _) => {
                            // 周一至周五 / 周一至五: the span between the two ends.
                            let k = if cs.get(j + 1) == Some(&'周') {
                                j + 2
                            } else {
                                j + 1
                            };
                            if let (Some(a), Some(b)) =
                                (out.last().copied(), cs.get(k).copied().and_then(day_of))
                            {
                                let mut d = a;
                                while d != b {
                                    d = d.succ();
                                    out.push(d);
                                }
                                j = k + 1;
                            } else {
                                break;
                            }
                        }
                        _ => break,
                    }
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out.sort_by_key(|d| d.num_days_from_monday());
    out.dedup();
    out
}

/// Read a plan's frequency text.
pub fn parse(text: &str) -> Frequency {
    let t: String = text.split_whitespace().collect::<String>().to_lowercase();
    if ["每日", "每天", "每晚", "每早", "daily", "everyday"]
        .iter()
        .any(|k| t.contains(k))
    {
        return Frequency::Daily;
    }
    if t.contains("工作日") || t.contains("weekday") {
        return Frequency::Days(vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]);
    }
    // 每周N次 (N as a digit or a Chinese numeral), read before the named days.
    if let Some(p) = t.find("每周").or_else(|| t.find("周")) {
        let rest: Vec<char> = t[p..].chars().skip_while(|c| *c != '周').skip(1).collect();
        if let (Some(n), Some('次')) = (rest.first().copied().and_then(count_of), rest.get(1)) {
            use Weekday::*;
            return match n {
                0 => Frequency::Unrecognised,
                1 => Frequency::Weekly,
                2 => Frequency::Days(vec![Mon, Thu]),
                3 => Frequency::Days(vec![Mon, Wed, Fri]),
                4 => Frequency::Days(vec![Mon, Tue, Thu, Fri]),
                5 => Frequency::Days(vec![Mon, Tue, Wed, Thu, Fri]),
                6 => Frequency::Days(vec![Mon, Tue, Wed, Thu, Fri, Sat]),
                _ => Frequency::Daily,
            };
        }
    }
    let days = named_days(&t);
    if !days.is_empty() {
        return Frequency::Days(days);
    }
    if t.contains("每周") || t.contains("weekly") {
        return Frequency::Weekly;
    }
    if t.contains("每月") || t.contains("monthly") {
        return Frequency::Monthly;
    }
    Frequency::Unrecognised
}

/// The anchor's day of the month in `on`'s month, clamped to that month's last day.
fn monthly_day(anchor: NaiveDate, on: NaiveDate) -> u32 {
    let mut d = anchor.day();
    while NaiveDate::from_ymd_opt(on.year(), on.month(), d).is_none() {
        d -= 1;
    }
    d
}

/// Whether an intervention with this frequency is due on `on`, for a plan approved on `approved_on`.
pub fn applies(f: &Frequency, approved_on: NaiveDate, on: NaiveDate) -> bool {
    if on < approved_on {
        return false;
    }
    match f {
        Frequency::Daily | Frequency::Unrecognised => true,
        Frequency::Days(ds) => ds.contains(&on.weekday()),
        Frequency::Weekly => on.weekday() == approved_on.weekday(),
        Frequency::Monthly => on.day() == monthly_day(approved_on, on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_plans_wordings_are_read() {
        assert_eq!(parse("每日"), Frequency::Daily);
        assert_eq!(parse("每天两次"), Frequency::Daily);
        assert_eq!(parse("Daily"), Frequency::Daily);
        assert_eq!(
            parse("每个工作日"),
            Frequency::Days(vec![Mon, Tue, Wed, Thu, Fri])
        );
        assert_eq!(
            parse("每周3次，每次40分钟"),
            Frequency::Days(vec![Mon, Wed, Fri])
        );
        assert_eq!(parse("每周 2 次"), Frequency::Days(vec![Mon, Thu]));
        assert_eq!(parse("每周三次"), Frequency::Days(vec![Mon, Wed, Fri]));
        assert_eq!(parse("每周1次"), Frequency::Weekly);
        assert_eq!(parse("每周7次"), Frequency::Daily);
        assert_eq!(parse("每周0次"), Frequency::Unrecognised);
        assert_eq!(
            parse("每周一、三、五"),
            Frequency::Days(vec![Mon, Wed, Fri])
        );
        assert_eq!(parse("星期二和星期四"), Frequency::Days(vec![Tue, Thu]));
        assert_eq!(
            parse("周一至周五"),
            Frequency::Days(vec![Mon, Tue, Wed, Thu, Fri])
        );
        assert_eq!(parse("周六至日"), Frequency::Days(vec![Sat, Sun]));
        assert_eq!(parse("每周"), Frequency::Weekly);
        assert_eq!(parse("每月核对"), Frequency::Monthly);
        assert_eq!(parse("视情况"), Frequency::Unrecognised);
        assert_eq!(parse(""), Frequency::Unrecognised);
    }

    #[test]
    fn nothing_applies_before_approval_and_the_approval_day_counts() {
        let approved = d(2026, 11, 18); // a Wednesday
        for f in [
            Frequency::Daily,
            Frequency::Unrecognised,
            Frequency::Weekly,
            Frequency::Monthly,
            Frequency::Days(vec![Wed]),
        ] {
            assert!(!applies(&f, approved, d(2026, 11, 17)), "{f:?}");
            assert!(applies(&f, approved, approved), "{f:?}");
        }
    }

    #[test]
    fn weekly_items_fall_on_their_days() {
        let approved = d(2026, 11, 18); // Wednesday
        let three = parse("每周3次");
        assert!(applies(&three, approved, d(2026, 11, 20))); // Friday
        assert!(!applies(&three, approved, d(2026, 11, 21))); // Saturday
        assert!(applies(&three, approved, d(2026, 11, 23))); // Monday
        assert!(!applies(&three, approved, d(2026, 11, 24))); // Tuesday
        assert!(applies(&Frequency::Weekly, approved, d(2026, 11, 25)));
        assert!(!applies(&Frequency::Weekly, approved, d(2026, 11, 26)));
        let weekdays = parse("每个工作日");
        assert!(!applies(&weekdays, approved, d(2026, 11, 22))); // Sunday
        assert!(applies(&weekdays, approved, d(2026, 11, 23)));
    }

    #[test]
    fn monthly_items_keep_their_day_or_the_months_last() {
        let m = Frequency::Monthly;
        let jan31 = d(2027, 1, 31);
        assert!(applies(&m, jan31, d(2027, 2, 28)));
        assert!(!applies(&m, jan31, d(2027, 2, 27)));
        assert!(applies(&m, jan31, d(2027, 3, 31)));
        assert!(!applies(&m, jan31, d(2027, 3, 30)));
        assert!(applies(&m, jan31, d(2027, 4, 30)));
        // 29 February: the 29th in a leap year, the 28th otherwise.
        let feb29 = d(2028, 2, 29);
        assert!(applies(&m, feb29, d(2028, 3, 29)));
        assert!(!applies(&m, feb29, d(2028, 3, 28)));
        assert!(applies(&m, feb29, d(2029, 2, 28)));
        assert!(applies(&m, d(2027, 1, 29), d(2028, 2, 29)));
        assert!(!applies(&m, d(2027, 1, 30), d(2028, 2, 28)));
        assert!(applies(&m, d(2027, 1, 30), d(2028, 2, 29)));
    }
}
