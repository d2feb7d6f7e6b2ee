//! The yearly progress report's rules (工作进展情况报告, issue 17 point 4). Seed 003 (吉民发〔2022〕27号):
//! "2022-2025年期间，每年11底前将工作进展情况报送省民政厅儿童福利处"; seed 002 asks the same of the city
//! and county departments by 1 December. The due day is the policy value
//! `oversight.progress_report_due_mmdd` (default 1130). No I/O here: the sections, the period the
//! figures count, the draft text written from the figures and what filing requires.

use crate::platform::Catalogue;
use chrono::{Datelike, NaiveDate};

crate::code_enum! {
    /// A section of the report, in the order of the document. The headings follow the parts of seed 003's
    /// 实施意见 (接收抚养, 移交, 医疗康复教育, 家庭寄养与送养, 成年后安置, 安全管理, 档案管理) plus the two
    /// every report to the province ends with (存在的问题, 下一步工作打算).
    pub enum Section {
        /// 一、总体情况 — the year in figures.
        Overview = "overview",
        /// 二、县级机构儿童移交与接收 (seed 003 二(一), 三(一)).
        Transfer = "transfer",
        /// 三、养育、医疗、康复和教育 (seed 003 二(一)–(四)).
        Care = "care",
        /// 四、家庭寄养与收养 (seed 003 二(一): 家庭寄养, 先国内后国外送养).
        Family = "family",
        /// 五、成年后安置 (seed 003 二(五)).
        Adulthood = "adulthood",
        /// 六、安全管理与强制报告 (seed 003 二(七); 未成年人保护法 第11条).
        Safety = "safety",
        /// 七、档案管理 (seed 003 二(一): 一人一档、动态管理).
        Archive = "archive",
        /// 八、存在的问题.
        Problems = "problems",
        /// 九、下一步工作打算.
        NextSteps = "next_steps",
    }
}

impl Section {
    /// Catalogue key of the heading.
    pub fn label_key(self) -> String {
        format!("oversight.progress.section.{}", self.code())
    }
    /// Catalogue key of the draft sentence written from the figures (none for the two sections only
    /// the supervisor can write).
    pub fn draft_key(self) -> Option<String> {
        match self {
            Section::Problems | Section::NextSteps => None,
            s => Some(format!("oversight.progress.draft.{}", s.code())),
        }
    }
    /// A report is filed only with these written: the overview, the problems and the next steps (a
    /// report that names no problem and no plan is not a report).
    pub fn required_at_filing(self) -> bool {
        matches!(
            self,
            Section::Overview | Section::Problems | Section::NextSteps
        )
    }
}

/// The longest a section may be (characters): a few pages, not a file pasted in.
pub const MAX_SECTION_CHARS: usize = 10_000;

/// One figure of the report: its code (`R…`, docs/oversight.md), its label and its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub code: String,
    pub label: String,
    pub value: i64,
}

/// The days the report of `year` counts on `today`: from 1 January to today, or to 31 December once the
/// year is over; `None` for a year not begun.
pub fn period(year: i32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    (today >= start).then(|| (start, today.min(end)))
}

/// Why a section cannot be saved or filed as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Filing needs this section written.
    Required,
    /// Longer than [`MAX_SECTION_CHARS`].
    TooLong,
}

impl Problem {
    pub fn message_key(self) -> &'static str {
        match self {
            Problem::Required => "oversight.progress.err.required",
            Problem::TooLong => "oversight.progress.err.too_long",
        }
    }
}

/// Every problem of the typed sections (all of them, not only the first); `filing` adds the sections
/// filing requires. A section not typed counts as empty.
pub fn check(typed: &[(Section, String)], filing: bool) -> Vec<(Section, Problem)> {
    let body = |s: Section| {
        typed
            .iter()
            .find(|(t, _)| *t == s)
            .map_or("", |(_, b)| b.as_str())
    };
    Section::ALL
        .iter()
        .filter_map(|&s| {
            let b = body(s);
            if b.chars().count() > MAX_SECTION_CHARS {
                Some((s, Problem::TooLong))
            } else if filing && s.required_at_filing() && b.trim().is_empty() {
                Some((s, Problem::Required))
            } else {
                None
            }
        })
        .collect()
}

/// The draft text of a section written from the figures in the reader's language (`{R11}` in the
/// catalogue is the value of figure R11, `{as_of}` the last day counted); empty for a section only the
/// supervisor can write.
pub fn draft(section: Section, figures: &[Figure], as_of: NaiveDate, tr: &Catalogue) -> String {
    let Some(key) = section.draft_key() else {
        return String::new();
    };
    let values: Vec<(String, String)> = figures
        .iter()
        .map(|f| (f.code.clone(), f.value.to_string()))
        .collect();
    let date = tr.tf(
        "oversight.progress.date",
        &[
            ("y", &as_of.year().to_string()),
            ("m", &as_of.month().to_string()),
            ("d", &as_of.day().to_string()),
        ],
    );
    let mut args: Vec<(&str, &str)> = values
        .iter()
        .map(|(c, v)| (c.as_str(), v.as_str()))
        .collect();
    args.push(("as_of", &date));
    tr.tf(&key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::i18n::{catalogue, Lang};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_period_runs_from_new_year_to_today_or_to_the_year_end() {
        assert_eq!(
            period(2026, d(2026, 11, 25)),
            Some((d(2026, 1, 1), d(2026, 11, 25)))
        );
        assert_eq!(
            period(2026, d(2026, 1, 1)),
            Some((d(2026, 1, 1), d(2026, 1, 1)))
        );
        assert_eq!(
            period(2025, d(2026, 1, 3)),
            Some((d(2025, 1, 1), d(2025, 12, 31)))
        );
        assert_eq!(
            period(2025, d(2025, 12, 31)),
            Some((d(2025, 1, 1), d(2025, 12, 31)))
        );
        assert_eq!(period(2027, d(2026, 12, 31)), None, "a year not begun");
    }

    #[test]
    fn filing_needs_the_overview_the_problems_and_the_next_steps() {
        let typed = vec![(Section::Overview, "  ".to_string())];
        assert!(check(&typed, false).is_empty(), "a draft may be empty");
        let got = check(&typed, true);
        assert_eq!(
            got,
            vec![
                (Section::Overview, Problem::Required),
                (Section::Problems, Problem::Required),
                (Section::NextSteps, Problem::Required),
            ]
        );
        let full: Vec<(Section, String)> = Section::ALL
            .iter()
            .map(|s| (*s, "写了".to_string()))
            .collect();
        assert!(check(&full, true).is_empty());
    }

    #[test]
    fn a_section_may_be_ten_thousand_characters_and_not_one_more() {
        let at = "字".repeat(MAX_SECTION_CHARS);
        assert!(check(&[(Section::Care, at.clone())], true)
            .iter()
            .all(|(s, _)| *s != Section::Care));
        let over = format!("{at}字");
        assert_eq!(
            check(&[(Section::Care, over)], false),
            vec![(Section::Care, Problem::TooLong)]
        );
    }

    #[test]
    fn the_draft_is_written_from_the_figures_in_the_readers_language() {
        let f = |code: &str, value: i64| Figure {
            code: code.into(),
            label: String::new(),
            value,
        };
        let figures = vec![
            f("R01", 3),
            f("R10", 90),
            f("R11", 97),
            f("R12", 40),
            f("R20", 12),
            f("R30", 5),
        ];
        let zh = draft(
            Section::Overview,
            &figures,
            d(2026, 11, 25),
            catalogue(Lang::Zh),
        );
        assert!(zh.contains("2026年11月25日"), "{zh}");
        assert!(
            zh.contains("97") && zh.contains("90") && zh.contains("12"),
            "{zh}"
        );
        assert!(!zh.contains('{'), "every placeholder filled: {zh}");
        let en = draft(
            Section::Overview,
            &figures,
            d(2026, 11, 25),
            catalogue(Lang::En),
        );
        assert!(en.contains("97") && !en.contains('{'), "{en}");
        assert_ne!(zh, en);
        assert_eq!(
            draft(
                Section::Problems,
                &figures,
                d(2026, 11, 25),
                catalogue(Lang::Zh)
            ),
            ""
        );
    }
}
