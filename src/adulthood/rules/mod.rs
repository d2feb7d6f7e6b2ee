//! Pure rules of adulthood placement (成年后安置): who is due, the assessment window, the deferral for
//! full-time study or military service, the plan's deadline, the escalation of overdue steps, the
//! pathways and the 福彩圆梦 eligibility. No I/O: the date and the policy values are arguments.
//!
//! Counting follows the Civil Code (民法典 第1259条: 以上/以下 include the number, 不满/未满 exclude it);
//! a person reaches age N on the N-th birthday (`crate::clock::age_on`; a 29 February birthday is reached
//! on 1 March in common years). Months are counted back or forward with chrono's calendar months (the
//! same day of the month, or the month's last day when it has no such day — 民法典 第201条).

pub mod authority;
pub mod checklist;
pub mod fucai;
#[cfg(test)]
mod tests;

use chrono::{Months, NaiveDate};

/// The policy values the rules need, read by the service for the child's division on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// 成年年龄 (民法典 第17条): 18.
    pub adult_age: i32,
    /// Children are listed on the adulthood page from this age (issue 16 point 1: 16, a policy value).
    pub due_from_age: i32,
    /// ADU-01: the comprehensive assessment opens this many months before the 18th birthday (6).
    pub assessment_months_before: u32,
    /// ADU-03: the one-person plan (一人一案) is due this many months before the birthday (1).
    pub plan_months_before: u32,
    /// ADU-02: after leaving school or military service, the assessment is due within this many months (1).
    pub deferred_assessment_months: u32,
    /// An overdue step goes to the supervisor after this many days overdue (the head from the first day).
    pub escalate_supervisor_days: i64,
}

crate::code_enum! {
    /// What defers the window at 18 (ADU-02, 皖民儿童字〔2022〕72号 第2条、第4条).
    pub enum Deferral {
        /// 全日制在校就读 — full-time study.
        Study = "study",
        /// 服兵役 — military service.
        Military = "military",
    }
}

crate::code_enum! {
    /// Placement pathways (安置途径): ADU-04 (Anhui, Inner Mongolia, Xuancheng) and ADU-07 (Jilin 吉民发〔2022〕27号).
    pub enum Pathway {
        /// 社会化安置（就业扶持、住房保障）— social placement with employment support and housing.
        Social = "social",
        /// 特困人员集中供养 — special-hardship support in an institution (ADU-08: needs the recorded wish).
        TekunConcentrated = "tekun-concentrated",
        /// 特困人员分散供养 — special-hardship support at home.
        TekunDispersed = "tekun-dispersed",
        /// 成年社会福利机构 — an adult social-welfare institution.
        WelfareInstitution = "welfare-institution",
        /// 精神卫生福利机构 — a mental-health welfare institution.
        MentalHealth = "mental-health",
        /// 继续升学 — continued study (福彩圆梦, ADU-06).
        Study = "study",
        /// 参军入伍 — military service (ADU-07).
        Military = "military",
    }
}

/// The day a person reaches `age` (the N-th birthday; 1 March for a 29 February birth in a common year).
pub fn birthday(birth: NaiveDate, age: i32) -> NaiveDate {
    use chrono::Datelike;
    let year = birth.year() + age;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(birth)
}

fn months_before(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(m)).unwrap_or(d)
}

fn months_after(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

/// Whether a child belongs on the adulthood page: active and aged `due_from_age` or over (以上, inclusive)
/// and not yet placed. Adults still in care (deferred for study or service) stay on it.
pub fn is_listed(birth: NaiveDate, today: NaiveDate, p: &Policy) -> bool {
    crate::clock::age_on(birth, today) >= p.due_from_age
}

/// Study or service at the 18th birthday, and the day the young person left (if they have).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferred {
    pub kind: Deferral,
    /// The day the young person left school or service; `None` while they are still there.
    pub left_on: Option<NaiveDate>,
}

/// Where a young person stands on the clock, on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The window is not open yet (opens on the date).
    NotYet { opens: NaiveDate },
    /// The assessment is open and due by the date.
    Assess { due: NaiveDate },
    /// Deferred by study or service (ADU-02): nothing is due until they leave.
    Deferred(Deferral),
}

/// The clock of one young person: the 18th birthday, the window and the deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub adult_on: NaiveDate,
    /// The day the assessment window opens (ADU-01), or for a deferred young person who has left,
    /// the day they left; `None` while the deferral lasts.
    pub window_opens: Option<NaiveDate>,
    /// The last day for the assessment (inclusive).
    pub assessment_due: Option<NaiveDate>,
    /// The last day to submit the plan (inclusive, ADU-03).
    pub plan_due: Option<NaiveDate>,
    pub deferred: Option<Deferral>,
}

/// The clock of a young person born on `birth`, deferred or not.
///
/// - ADU-01 (皖民儿童字〔2022〕72号 第4条): the assessment is done within the 6 months before the 18th
///   birthday: the window opens on the day 6 months before it.
/// - ADU-03 (宣城市实施细则): the plan is submitted at least 1 month before the birthday: the last day is
///   the day 1 month before it. The assessment the plan is built on is due by the same day (decision:
///   a plan cannot be proposed without it; docs/adulthood.md).
/// - ADU-02 (第2条、第4条): a young person in full-time study or military service on the 18th birthday is
///   assessed within 1 month after leaving; the plan is then due 1 month after that (decision).
///   A young person who left before the 18th birthday is on the ordinary clock.
pub fn clock(birth: NaiveDate, deferred: Option<Deferred>, p: &Policy) -> Clock {
    let adult_on = birthday(birth, p.adult_age);
    let ordinary = Clock {
        adult_on,
        window_opens: Some(months_before(adult_on, p.assessment_months_before)),
        assessment_due: Some(months_before(adult_on, p.plan_months_before)),
        plan_due: Some(months_before(adult_on, p.plan_months_before)),
        deferred: None,
    };
    let Some(d) = deferred else { return ordinary };
    match d.left_on {
        Some(left) if left < adult_on => ordinary,
        Some(left) => {
            let due = months_after(left, p.deferred_assessment_months);
            Clock {
                adult_on,
                window_opens: Some(left),
                assessment_due: Some(due),
                plan_due: Some(months_after(due, p.plan_months_before)),
                deferred: Some(d.kind),
            }
        }
        None => Clock {
            adult_on,
            window_opens: None,
            assessment_due: None,
            plan_due: None,
            deferred: Some(d.kind),
        },
    }
}

impl Clock {
    /// The stage on `today` before the assessment is done.
    pub fn stage(&self, today: NaiveDate) -> Stage {
        match (self.window_opens, self.assessment_due, self.deferred) {
            (Some(opens), _, _) if today < opens => Stage::NotYet { opens },
            (Some(_), Some(due), _) => Stage::Assess { due },
            (_, _, Some(kind)) => Stage::Deferred(kind),
            // Unreachable by construction: an open window always has a deadline.
            (opens, _, None) => Stage::NotYet {
                opens: opens.unwrap_or(self.adult_on),
            },
        }
    }

    /// Whether the assessment window is open on `today` (from the day it opens, inclusive).
    pub fn window_open(&self, today: NaiveDate) -> bool {
        self.window_opens.is_some_and(|o| today >= o)
    }
}

/// Who an overdue step goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Escalation {
    /// Not overdue: the social workers' task.
    None,
    /// Overdue from the day after the deadline: the head, by e-mail.
    Head,
    /// Overdue by `escalate_supervisor_days` or more: the supervisor too, by e-mail.
    Supervisor,
}

/// The escalation of a step due on `due` (inclusive: the deadline day itself is not overdue).
pub fn escalation(due: NaiveDate, today: NaiveDate, p: &Policy) -> Escalation {
    let late = (today - due).num_days();
    if late >= p.escalate_supervisor_days.max(1) {
        Escalation::Supervisor
    } else if late >= 1 {
        Escalation::Head
    } else {
        Escalation::None
    }
}

/// Why a plan's pathway is refused (ADU-08, 吉民发〔2022〕27号: 特困 concentrated support needs the young
/// person's recorded wish — 本人意愿; 社会救助暂行办法 第15条、第19条: the person chooses concentrated or
/// dispersed support).
pub fn pathway_problem(pathway: Pathway, wishes_recorded: bool) -> Option<&'static str> {
    match pathway {
        Pathway::TekunConcentrated | Pathway::TekunDispersed if !wishes_recorded => Some("ADU-08"),
        _ => None,
    }
}
