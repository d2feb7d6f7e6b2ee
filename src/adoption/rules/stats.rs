//! Registrar statistics (issue 13 point 7), pure: per calendar quarter the applications received, the
//! registrations and refusals decided, the refusals by reason (the rule that failed), and the average
//! days from receipt to decision.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter {
            year: d.year(),
            q: (d.month() - 1) / 3 + 1,
        }
    }
    /// "2026Q4".
    pub fn label(&self) -> String {
        format!("{}Q{}", self.year, self.q)
    }
}

/// One application as the statistics need it.
pub struct Record {
    pub received: NaiveDate,
    /// The decision (registered or refused) and its date.
    pub decided: Option<(NaiveDate, bool)>,
    /// Refusal reasons: rule ids ("other" when none).
    pub refusal_rules: Vec<String>,
}

/// One quarter's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub quarter: Quarter,
    pub applications: i64,
    pub registrations: i64,
    pub refusals: i64,
    /// Average days from receipt to decision of the decisions in the quarter, in tenths of a day.
    pub avg_days_tenths: Option<i64>,
}

/// The quarters in order with their figures, and the refusals by (quarter, rule) — each refusal counts
/// once under every rule it names.
pub fn quarterly(records: &[Record]) -> (Vec<Row>, Vec<(Quarter, String, i64)>) {
    let mut rows: BTreeMap<Quarter, (i64, i64, i64, i64, i64)> = BTreeMap::new();
    let mut reasons: BTreeMap<(Quarter, String), i64> = BTreeMap::new();
    for r in records {
        rows.entry(Quarter::of(r.received)).or_default().0 += 1;
        if let Some((on, registered)) = r.decided {
            let q = Quarter::of(on);
            let e = rows.entry(q).or_default();
            if registered {
                e.1 += 1;
            } else {
                e.2 += 1;
                for rule in &r.refusal_rules {
                    *reasons.entry((q, rule.clone())).or_default() += 1;
                }
            }
            e.3 += (on - r.received).num_days();
            e.4 += 1;
        }
    }
    let rows = rows
        .into_iter()
        .map(|(quarter, (a, reg, refu, days, n))| Row {
            quarter,
            applications: a,
            registrations: reg,
            refusals: refu,
            // Rounded half up to a tenth of a day.
            avg_days_tenths: if n > 0 {
                Some((days * 20 + n) / (2 * n))
            } else {
                None
            },
        })
        .collect();
    let reasons = reasons.into_iter().map(|((q, r), n)| (q, r, n)).collect();
    (rows, reasons)
}

/// "12.5" from tenths.
pub fn tenths(v: i64) -> String {
    format!("{}.{}", v / 10, v % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_split_at_month_ends() {
        assert_eq!(Quarter::of(d(2026, 3, 31)), Quarter { year: 2026, q: 1 });
        assert_eq!(Quarter::of(d(2026, 4, 1)).label(), "2026Q2");
        assert_eq!(Quarter::of(d(2026, 12, 31)).label(), "2026Q4");
    }

    #[test]
    fn decisions_count_in_their_own_quarter_with_average_days() {
        let recs = [
            // Received in Q1, registered in Q2 after 20 days.
            Record {
                received: d(2026, 3, 20),
                decided: Some((d(2026, 4, 9), true)),
                refusal_rules: vec![],
            },
            // Received and refused in Q2 after 5 days, two reasons.
            Record {
                received: d(2026, 5, 1),
                decided: Some((d(2026, 5, 6), false)),
                refusal_rules: vec!["ADP-04".into(), "ADP-05".into()],
            },
            // Still open.
            Record {
                received: d(2026, 6, 30),
                decided: None,
                refusal_rules: vec![],
            },
        ];
        let (rows, reasons) = quarterly(&recs);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (
                rows[0].applications,
                rows[0].registrations,
                rows[0].avg_days_tenths
            ),
            (1, 0, None)
        );
        let q2 = &rows[1];
        assert_eq!((q2.applications, q2.registrations, q2.refusals), (2, 1, 1));
        assert_eq!(q2.avg_days_tenths, Some(125));
        assert_eq!(tenths(125), "12.5");
        assert_eq!(
            reasons,
            [
                (q2.quarter, "ADP-04".to_string(), 1),
                (q2.quarter, "ADP-05".to_string(), 1)
            ]
        );
    }

    #[test]
    fn average_rounds_half_up_to_a_tenth() {
        let r = |days: u64| Record {
            received: d(2026, 1, 1),
            decided: Some((d(2026, 1, 1) + chrono::Days::new(days), true)),
            refusal_rules: vec![],
        };
        // (1 + 2 + 2) / 3 = 1.666… → 1.7
        let (rows, _) = quarterly(&[r(1), r(2), r(2)]);
        assert_eq!(rows[0].avg_days_tenths, Some(17));
        // (1 + 0) / 2 = 0.5
        let (rows, _) = quarterly(&[r(1), r(0)]);
        assert_eq!(rows[0].avg_days_tenths, Some(5));
    }
}
