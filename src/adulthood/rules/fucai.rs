//! 福彩圆梦·孤儿助学工程 (ADU-06; MCA 2025 revised measures, V-PAGE): who may receive the grant and how
//! much per academic year. Pure: the facts and the policy amount are arguments.

use chrono::NaiveDate;

crate::code_enum! {
    /// The study levels the measures list (全日制: senior high, secondary vocational, higher education,
    /// full-time master's in the national plan).
    pub enum Level {
        /// 普通高中
        SeniorHigh = "senior-high",
        /// 中等职业学校
        Vocational = "vocational",
        /// 普通高等学校（专科、本科）
        Higher = "higher",
        /// 纳入国家计划的全日制硕士研究生
        Master = "master",
        /// Any other study (not listed: no grant).
        Other = "other",
    }
}

/// The facts the eligibility rests on.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub birth: NaiveDate,
    /// The day orphan status was identified (孤儿认定); `None` if never.
    pub orphan_identified_on: Option<NaiveDate>,
    pub adopted: bool,
    pub disabled: bool,
    /// Full-time and without interruption (全日制、连续就读).
    pub full_time_continuous: bool,
    pub level: Level,
}

/// A failed condition: the rule id and the catalogue key of the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed {
    pub rule: &'static str,
    pub reason: &'static str,
}

/// Every failed condition (empty: eligible). `adult_age` is 18 (民法典 第17条).
pub fn check(f: &Facts, adult_age: i32) -> Vec<Failed> {
    let mut out = Vec::new();
    let adult_on = super::birthday(f.birth, adult_age);
    // (1) identified as an orphan before turning 18 (不满18周岁时认定): the 18th birthday itself is too late.
    if f.orphan_identified_on.is_none_or(|d| d >= adult_on) {
        out.push(Failed {
            rule: "ADU-06",
            reason: "adulthood.fucai.not_orphan_before_18",
        });
    }
    // (2) not adopted — an adopted disabled orphan still qualifies.
    if f.adopted && !f.disabled {
        out.push(Failed {
            rule: "ADU-06",
            reason: "adulthood.fucai.adopted",
        });
    }
    // (3) full-time, continuous study at a listed level.
    if !f.full_time_continuous {
        out.push(Failed {
            rule: "ADU-06",
            reason: "adulthood.fucai.not_full_time",
        });
    }
    if f.level == Level::Other {
        out.push(Failed {
            rule: "ADU-06",
            reason: "adulthood.fucai.level",
        });
    }
    out
}

/// The grant for one academic year in yuan: the policy amount when eligible, else 0.
pub fn grant(f: &Facts, adult_age: i32, per_year_yuan: i64) -> i64 {
    if check(f, adult_age).is_empty() {
        per_year_yuan
    } else {
        0
    }
}
