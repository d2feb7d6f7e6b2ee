//! Pure rules of the caregiver's shift (护理员的班次, issue 15): no I/O; the instant and the policy
//! values are arguments. Rule ids are those of shared/domain/care-and-oversight.md §1 (RPT-) and §6
//! (CARE-, MAR-, INC-).
//!
//! Instants: the database keeps UTC (`op.now`); the ward works in China Standard Time, so every rule
//! here takes the *local* wall-clock time ([`local`]) — a dose at 08:00 is 08:00 on the ward.
//!
//! - [`doses_of_day`]: MAR-01/MAR-02, the scheduled doses of a written order (医嘱) on one day: its
//!   times, only from its start date to its end date inclusive; a PRN (必要时) order has none.
//! - [`dose_state`]: the missed-dose window (`shift.missed_dose_minutes`): a dose not marked within the
//!   window after its time is missed (漏服) — MAR-03.
//! - [`fever`]: the temperature alert threshold (`shift.temperature_alert_decidegrees`, 以上: the
//!   threshold itself alerts).
//! - [`report_deadline`] / [`report_state`]: RPT-01/RPT-05 — 未成年人保护法 第11条 第2款 (立即报告) and
//!   《关于建立侵害未成年人案件强制报告制度的意见（试行）》(2020) 第2条、第4条: the report is due at once;
//!   the policy window (`shift.report_deadline_minutes`, default 60) is when it escalates.
//! - [`shift_of`]: which shift an instant belongs to (policy-defined day/night start hours, CARE-03 24 h
//!   roster); a night shift that began yesterday evening owns the early morning.
//! - [`over_capacity`]: a unit with more children than its capacity (CARE-06: capacity is configured
//!   per unit, with no legal default).

/// The body map of an incident (BODY-01).
pub mod body;
pub mod span;
#[cfg(test)]
mod tests;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// China Standard Time is UTC+8 all year (no daylight saving).
pub const CST_OFFSET_HOURS: i64 = 8;

/// The ward's wall-clock time of a UTC instant.
pub fn local(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(CST_OFFSET_HOURS)
}

/// The UTC instant of a ward wall-clock time.
pub fn utc_of(local: NaiveDateTime) -> NaiveDateTime {
    local - Duration::hours(CST_OFFSET_HOURS)
}

/// The schedule part of a written order (MAR-01) the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSchedule {
    /// Times of day `HH:MM`; a malformed time is skipped (the care module validates on entry).
    pub times: Vec<String>,
    /// 必要时 (as needed): no scheduled dose at all; given on observation, with the reason.
    pub prn: bool,
    pub start_on: NaiveDate,
    /// Inclusive: the last day the order runs.
    pub end_on: Option<NaiveDate>,
}

/// MAR-01: the scheduled doses of an order on `day`, as local instants in time order. None before the
/// start date, none after the end date (both dates included), none for a PRN order.
pub fn doses_of_day(o: &OrderSchedule, day: NaiveDate) -> Vec<NaiveDateTime> {
    if o.prn || day < o.start_on || o.end_on.is_some_and(|e| day > e) {
        return Vec::new();
    }
    let mut out: Vec<NaiveDateTime> = o
        .times
        .iter()
        .filter_map(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .map(|t| day.and_time(t))
        .collect();
    out.sort();
    out.dedup();
    out
}

crate::code_enum! {
    /// Where an unmarked dose stands at an instant (MAR-03).
    pub enum DoseState {
        /// Its time has not come.
        Upcoming = "upcoming",
        /// Due: from its time until the window closes (the window's last minute still counts).
        Due = "due",
        /// Not marked within the window: missed (漏服), an alert to the medical staff and the head.
        Missed = "missed",
    }
}

/// MAR-03: an unmarked dose at local instant `due` seen at local instant `now` with a window of
/// `window_minutes`: upcoming before its time, due from its time through `due + window` inclusive,
/// missed after.
pub fn dose_state(due: NaiveDateTime, now: NaiveDateTime, window_minutes: i64) -> DoseState {
    if now < due {
        DoseState::Upcoming
    } else if now <= due + Duration::minutes(window_minutes.max(0)) {
        DoseState::Due
    } else {
        DoseState::Missed
    }
}

/// The temperature alert (CARE-05 health observation): at or above the threshold (以上, the number
/// itself included), in tenths of a degree Celsius (37.3 ℃ = 373).
pub fn fever(tenths: i32, threshold_tenths: i64) -> bool {
    i64::from(tenths) >= threshold_tenths
}

/// A temperature typed on the ward, `36.8` or `36,8` (℃), as tenths; a plausible body range only
/// (30.0–45.0 ℃), else `None` (a typing mistake, refused with the field).
pub fn parse_temperature(raw: &str) -> Option<i32> {
    let v = raw.trim().replace(['，', ','], ".").replace('℃', "");
    let x: f64 = v.trim().parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    let t = (x * 10.0).round() as i32;
    (300..=450).contains(&t).then_some(t)
}

/// RPT-01: when a mandatory report must have been made: the law says 立即 (at once, 未成年人保护法
/// 第11条; 意见 第2条), so the report is due from discovery; the configurable window is how long before
/// it escalates to the supervisor. Returns discovery + window.
pub fn report_deadline(discovered: NaiveDateTime, window_minutes: i64) -> NaiveDateTime {
    discovered + Duration::minutes(window_minutes.max(0))
}

crate::code_enum! {
    /// Where a mandatory report stands (RPT-01).
    pub enum ReportState {
        /// Not yet sent, within the window (due at once: shown as urgent).
        Pending = "pending",
        /// Not sent after the window: escalated to the supervisor.
        Overdue = "overdue",
        /// Sent (by whom, when, how), the recipient's receipt not yet recorded.
        Sent = "sent",
        /// The recipient's receipt is recorded (意见 第8条: the police accept the report at once).
        Confirmed = "confirmed",
    }
}

/// RPT-01: a report confirmed at any time is confirmed; sent at any time (even late) is sent; otherwise
/// it is overdue strictly after its deadline (the deadline minute itself is still on time). The law's
/// duty is to report (立即报告), so the window runs until the report is sent, not until it is confirmed.
pub fn report_state(
    deadline: NaiveDateTime,
    sent: Option<NaiveDateTime>,
    confirmed: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> ReportState {
    match (sent, confirmed) {
        (_, Some(_)) => ReportState::Confirmed,
        (Some(_), None) => ReportState::Sent,
        (None, None) if now > deadline => ReportState::Overdue,
        (None, None) => ReportState::Pending,
    }
}

crate::code_enum! {
    /// A shift of the 24-hour roster (CARE-03: 24 h duty).
    pub enum Shift {
        /// 白班
        Day = "day",
        /// 夜班
        Night = "night",
    }
}

/// CARE-03: the shift a local instant belongs to and the date the shift started on. The day shift runs
/// from `day_start_hour` (included) to `night_start_hour` (excluded); the night shift from
/// `night_start_hour` to the next day's `day_start_hour`, so 03:00 belongs to the night shift that
/// began the evening before. Hours outside 0–23, or a night start not after the day start, fall back to
/// 08/20 (the policy page refuses them anyway).
pub fn shift_of(
    local: NaiveDateTime,
    day_start_hour: i64,
    night_start_hour: i64,
) -> (Shift, NaiveDate) {
    let (d, n) = if (0..24).contains(&day_start_hour)
        && (0..24).contains(&night_start_hour)
        && day_start_hour < night_start_hour
    {
        (day_start_hour as u32, night_start_hour as u32)
    } else {
        (8, 20)
    };
    let h = local.hour();
    let date = local.date();
    if h >= d && h < n {
        (Shift::Day, date)
    } else if h >= n {
        (Shift::Night, date)
    } else {
        (Shift::Night, date.pred_opt().unwrap_or(date))
    }
}

/// The shift that follows (who must acknowledge a handover, issue 15 point 5).
pub fn next_shift(shift: Shift, started: NaiveDate) -> (Shift, NaiveDate) {
    match shift {
        Shift::Day => (Shift::Night, started),
        Shift::Night => (Shift::Day, started.succ_opt().unwrap_or(started)),
    }
}

/// CARE-06: a unit is over capacity when it holds more children than its capacity (at capacity is
/// full, not over).
pub fn over_capacity(children: i64, capacity: i64) -> bool {
    children > capacity
}

crate::code_enum! {
    /// The incident kinds of issue 15 point 6 (INC-01: every incident passes the RPT-01 check).
    pub enum IncidentKind {
        /// 意外伤害
        Accident = "accident",
        /// 疾病
        Illness = "illness",
        /// 走失/失踪 — RPT-05
        Missing = "missing",
        /// 自伤
        SelfHarm = "self-harm",
        /// 约束
        Restraint = "restraint",
        /// 儿童间冲突
        Conflict = "conflict",
        /// 疑似虐待或忽视 — 意见 第4条
        SuspectedAbuse = "suspected-abuse",
    }
}

/// RPT-01/RPT-05/INC-01: whether an incident starts the mandatory reporting flow. A missing child
/// (意见 第4条第7项) and suspected abuse or neglect (第4条第1–6项, suspected cases included) always do;
/// self-harm does when it caused injury (第4条第5项: 自杀、自伤 causing disability — the caregiver ticks
/// "serious"); the others do when the caregiver flags serious harm (第4条第9项).
pub fn must_report(kind: IncidentKind, serious: bool) -> bool {
    match kind {
        IncidentKind::Missing | IncidentKind::SuspectedAbuse => true,
        _ => serious,
    }
}
