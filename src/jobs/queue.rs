//! The home page's work queue (待办): tasks grouped by when they are due, so each user sees what to do
//! today first. Pure: the date is an argument.
//!
//! A task overdue by more than [`BACKLOG_AFTER_DAYS`] is *backlog*: typically the completeness of an
//! archive taken years before the system existed. It stays visible, as one counted group, instead of
//! burying today's work under dozens of red alarms.

use chrono::NaiveDate;

/// Overdue by more than this many days: backlog (a display rule, not a legal deadline).
pub const BACKLOG_AFTER_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Past due (within the backlog window).
    Overdue,
    /// Due today.
    Today,
    /// Due within the next seven days.
    ThisWeek,
    /// Due later.
    Later,
    /// Long overdue: counted and listed apart.
    Backlog,
}

impl Group {
    pub fn code(self) -> &'static str {
        match self {
            Group::Overdue => "overdue",
            Group::Today => "today",
            Group::ThisWeek => "week",
            Group::Later => "later",
            Group::Backlog => "backlog",
        }
    }
}

pub fn group_of(due: NaiveDate, today: NaiveDate) -> Group {
    let days = (due - today).num_days();
    match days {
        d if d < -BACKLOG_AFTER_DAYS => Group::Backlog,
        d if d < 0 => Group::Overdue,
        0 => Group::Today,
        1..=7 => Group::ThisWeek,
        _ => Group::Later,
    }
}

/// Items in queue order: overdue, today, this week, later, backlog; by due date within a group.
pub fn ordered<T>(mut items: Vec<(NaiveDate, T)>, today: NaiveDate) -> Vec<(Group, NaiveDate, T)> {
    items.sort_by_key(|(due, _)| (group_of(*due, today), *due));
    items
        .into_iter()
        .map(|(due, t)| (group_of(due, today), due, t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    #[test]
    fn groups_at_every_boundary() {
        let today = d(2026, 11, 24);
        assert_eq!(group_of(d(2026, 11, 24), today), Group::Today);
        assert_eq!(group_of(d(2026, 11, 23), today), Group::Overdue);
        assert_eq!(group_of(d(2026, 10, 25), today), Group::Overdue); // 30 days late
        assert_eq!(group_of(d(2026, 10, 24), today), Group::Backlog); // 31 days late
        assert_eq!(group_of(d(2010, 3, 1), today), Group::Backlog);
        assert_eq!(group_of(d(2026, 11, 25), today), Group::ThisWeek);
        assert_eq!(group_of(d(2026, 12, 1), today), Group::ThisWeek); // 7 days ahead
        assert_eq!(group_of(d(2026, 12, 2), today), Group::Later);
    }
    #[test]
    fn today_before_the_week_and_backlog_last() {
        let today = d(2026, 11, 24);
        let q = ordered(
            vec![
                (d(2010, 1, 1), "old"),
                (d(2026, 11, 30), "soon"),
                (d(2026, 11, 24), "now"),
                (d(2026, 11, 20), "late"),
            ],
            today,
        );
        let names: Vec<&str> = q.iter().map(|(_, _, t)| *t).collect();
        assert_eq!(names, ["late", "now", "soon", "old"]);
    }
}
