//! Pure calendar rules of the oversight module (issue 17): the months of the dashboard's flow charts and
//! the quarters of the statistical report (民政统计季报, STAT-01: snapshots at 31 Mar, 30 Jun, 30 Sep and
//! 31 Dec). No I/O: the day is an argument.

use chrono::{Datelike, NaiveDate};

/// A calendar month, `(year, month)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }
    /// The first day of the month.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
    /// The month `n` months before this one.
    pub fn back(self, n: u32) -> Month {
        let idx = self.year * 12 + self.month as i32 - 1 - n as i32;
        Month {
            year: idx.div_euclid(12),
            month: (idx.rem_euclid(12) + 1) as u32,
        }
    }
    /// "2026-03".
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The `n` months ending with the month of `today` (the current month included, oldest first), e.g. the
/// dashboard's last 24 months.
pub fn last_months(today: NaiveDate, n: u32) -> Vec<Month> {
    let now = Month::of(today);
    (0..n).rev().map(|i| now.back(i)).collect()
}

/// A quarter of a year (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    /// Parse "2026Q3" (case-insensitive); `None` for anything else.
    pub fn parse(s: &str) -> Option<Quarter> {
        let s = s.trim().to_ascii_uppercase();
        let (y, q) = s.split_once('Q')?;
        let year: i32 = y.parse().ok()?;
        let q: u32 = q.parse().ok()?;
        ((1..=4).contains(&q) && (1900..=9999).contains(&year)).then_some(Quarter { year, q })
    }
    /// The quarter a day falls in.
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter {
            year: d.year(),
            q: (d.month() - 1) / 3 + 1,
        }
    }
    /// The first day of the quarter.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN)
    }
    /// The quarter-end snapshot day (STAT-01): 31 Mar, 30 Jun, 30 Sep, 31 Dec.
    pub fn end(self) -> NaiveDate {
        let next = self.next().start();
        next.pred_opt().unwrap_or(next)
    }
    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }
    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
    /// "2026Q3".
    pub fn code(self) -> String {
        format!("{}Q{}", self.year, self.q)
    }
    /// Whether the quarter has ended by `today` (an extract of a quarter still running would change).
    pub fn ended_by(self, today: NaiveDate) -> bool {
        self.end() < today
    }
}

/// The latest quarter that has ended by `today` (the default extract).
pub fn last_ended_quarter(today: NaiveDate) -> Quarter {
    Quarter::of(today).previous()
}

#[cfg(test)]
mod tests;

// allowances (issue 17 point 3): standards and the monthly roster.
pub mod allowance;

// yearly duties (issue 17 point 4): filing a roster, 应退未退.
pub mod duties;

// yearly duties (issue 17 point 4): the archive spot check and the yearly due days.
pub mod spot_check;
// yearly duties (issue 17 point 4): the progress report (工作进展情况报告, seed 003).
pub mod progress_report;
