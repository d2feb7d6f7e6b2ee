//! The shift module's rows and queries (its own tables only; children through `crate::archive`).

use crate::db::schema::{
    shift_doses as sd, shift_handover_lines as hl, shift_handovers as sh, shift_log as sl,
    shift_placements as sp, shift_roster as sr, shift_units as su,
};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::code_enum! {
    /// The kind of a living unit (issue 15 point 1).
    pub enum UnitKind {
        /// 家庭式养育单元 (seed 003)
        Family = "family",
        /// 婴儿室
        Infant = "infant",
        /// 康复病区
        Rehab = "rehab",
        /// 特护/观察室 (INC-02 observation)
        Observation = "observation",
    }
}

crate::code_enum! {
    /// How a dose went (MAR-02: given / refused / omitted with a reason).
    pub enum Outcome {
        /// 已服
        Given = "given",
        /// 拒服
        Refused = "refused",
        /// 暂停给药 (withheld on a nurse's or doctor's word, e.g. vomiting)
        Withheld = "withheld",
        /// 漏服
        Missed = "missed",
    }
}

impl Outcome {
    /// Every outcome but "given" needs a reason (MAR-02).
    pub fn needs_reason(self) -> bool {
        self != Outcome::Given
    }
}

crate::code_enum! {
    /// A section of the daily care log (CARE-05: MZ/T 208-2024 feeding, sleep, toileting, activity).
    pub enum LogKind {
        Meal = "meal",
        Sleep = "sleep",
        Toilet = "toilet",
        Mood = "mood",
        Temperature = "temperature",
        Activity = "activity",
        Note = "note",
    }
}

impl LogKind {
    /// The one-tap values of a section (empty: free text or a number).
    pub fn values(self) -> &'static [&'static str] {
        match self {
            LogKind::Meal => &["all", "some", "refused"],
            LogKind::Sleep => &["good", "restless", "poor"],
            LogKind::Toilet => &["normal", "loose", "none"],
            LogKind::Mood => &["happy", "calm", "upset"],
            LogKind::Activity => &["outdoor", "play", "lesson", "rehab"],
            LogKind::Temperature | LogKind::Note => &[],
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = su)]
pub struct Unit {
    pub id: i64,
    pub institution_id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub capacity: i32,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sp)]
pub struct Placement {
    pub id: i64,
    pub child_id: i64,
    pub unit_id: i64,
    pub bed: String,
    pub from_at: NaiveDateTime,
    pub until_at: Option<NaiveDateTime>,
    pub placed_by: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sd)]
pub struct Dose {
    pub id: i64,
    pub institution_id: i64,
    pub child_id: i64,
    pub order_id: i64,
    pub due_at: Option<NaiveDateTime>,
    pub given_at: NaiveDateTime,
    pub outcome: Outcome,
    pub reason: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: NaiveDateTime,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sl)]
pub struct LogEntry {
    pub id: i64,
    pub institution_id: i64,
    pub child_id: i64,
    pub day: NaiveDate,
    pub kind: LogKind,
    pub value: String,
    pub temperature: Option<i32>,
    pub note: String,
    pub supersedes: Option<i64>,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sh)]
pub struct Handover {
    pub id: i64,
    pub unit_id: i64,
    pub shift: crate::shift::rules::Shift,
    pub shift_date: NaiveDate,
    pub note: String,
    pub written_by: i64,
    pub written_at: NaiveDateTime,
    pub acked_by: Option<i64>,
    pub acked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = hl)]
pub struct HandoverLine {
    pub id: i64,
    pub handover_id: i64,
    pub child_id: i64,
    pub note: String,
}

/// The units of some institutions, by name.
pub fn units_of(c: &mut DbConn, institutions: &[i64]) -> QueryResult<Vec<Unit>> {
    su::table
        .filter(su::institution_id.eq_any(institutions))
        .order((su::institution_id.asc(), su::name.asc()))
        .select(Unit::as_select())
        .load(c)
}

pub fn unit(c: &mut DbConn, id: i64) -> QueryResult<Option<Unit>> {
    su::table
        .find(id)
        .select(Unit::as_select())
        .first(c)
        .optional()
}

/// The current placements (open rows) of some units.
pub fn current_in_units(c: &mut DbConn, units: &[i64]) -> QueryResult<Vec<Placement>> {
    sp::table
        .filter(sp::unit_id.eq_any(units))
        .filter(sp::until_at.is_null())
        .order((sp::unit_id.asc(), sp::bed.asc()))
        .select(Placement::as_select())
        .load(c)
}

/// A child's current placement.
pub fn current_of(c: &mut DbConn, child: i64) -> QueryResult<Option<Placement>> {
    sp::table
        .filter(sp::child_id.eq(child))
        .filter(sp::until_at.is_null())
        .select(Placement::as_select())
        .first(c)
        .optional()
}

/// The unit a user is rostered on for a shift.
pub fn rostered_unit(
    c: &mut DbConn,
    user: i64,
    shift: crate::shift::rules::Shift,
    date: NaiveDate,
) -> QueryResult<Option<i64>> {
    sr::table
        .filter(sr::user_id.eq(user))
        .filter(sr::shift.eq(shift.code()))
        .filter(sr::shift_date.eq(date))
        .select(sr::unit_id)
        .first(c)
        .optional()
}

/// Who is rostered on a unit for a shift (user ids).
pub fn roster_of(
    c: &mut DbConn,
    unit: i64,
    shift: crate::shift::rules::Shift,
    date: NaiveDate,
) -> QueryResult<Vec<i64>> {
    sr::table
        .filter(sr::unit_id.eq(unit))
        .filter(sr::shift.eq(shift.code()))
        .filter(sr::shift_date.eq(date))
        .select(sr::user_id)
        .load(c)
}

/// The doses recorded for some children with a given time (or given) from `from` (local).
pub fn doses_since(
    c: &mut DbConn,
    children: &[i64],
    from: NaiveDateTime,
) -> QueryResult<Vec<Dose>> {
    sd::table
        .filter(sd::child_id.eq_any(children))
        .filter(sd::given_at.ge(from))
        .order(sd::given_at.asc())
        .select(Dose::as_select())
        .load(c)
}

/// A child's doses in a local period [from, to).
pub fn doses_between(
    c: &mut DbConn,
    child: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Dose>> {
    sd::table
        .filter(sd::child_id.eq(child))
        .filter(sd::given_at.ge(from))
        .filter(sd::given_at.lt(to))
        .order(sd::given_at.asc())
        .select(Dose::as_select())
        .load(c)
}

/// Missed doses nobody has reviewed yet (MAR-03 alerts), of some institutions (all when `None`).
pub fn unreviewed_missed(c: &mut DbConn, institutions: Option<&[i64]>) -> QueryResult<Vec<Dose>> {
    let mut q = sd::table
        .filter(sd::outcome.eq(Outcome::Missed.code()))
        .filter(sd::reviewed_at.is_null())
        .into_boxed();
    if let Some(i) = institutions {
        q = q.filter(sd::institution_id.eq_any(i.to_vec()));
    }
    q.order(sd::due_at.asc()).select(Dose::as_select()).load(c)
}

/// Log entries of some children on a day, oldest first (including superseded ones: the history).
pub fn log_of_day(c: &mut DbConn, children: &[i64], day: NaiveDate) -> QueryResult<Vec<LogEntry>> {
    sl::table
        .filter(sl::child_id.eq_any(children))
        .filter(sl::day.eq(day))
        .order(sl::id.asc())
        .select(LogEntry::as_select())
        .load(c)
}

pub fn log_entry(c: &mut DbConn, id: i64) -> QueryResult<Option<LogEntry>> {
    sl::table
        .find(id)
        .select(LogEntry::as_select())
        .first(c)
        .optional()
}

/// Handovers of some units, newest first.
pub fn handovers_of(c: &mut DbConn, units: &[i64], limit: i64) -> QueryResult<Vec<Handover>> {
    sh::table
        .filter(sh::unit_id.eq_any(units))
        .order(sh::written_at.desc())
        .limit(limit)
        .select(Handover::as_select())
        .load(c)
}

/// Handovers not acknowledged yet, of some units (all when `None`).
pub fn unacknowledged(c: &mut DbConn, units: Option<&[i64]>) -> QueryResult<Vec<Handover>> {
    let mut q = sh::table.filter(sh::acked_at.is_null()).into_boxed();
    if let Some(u) = units {
        q = q.filter(sh::unit_id.eq_any(u.to_vec()));
    }
    q.order(sh::written_at.asc())
        .select(Handover::as_select())
        .load(c)
}

pub fn handover(c: &mut DbConn, id: i64) -> QueryResult<Option<Handover>> {
    sh::table
        .find(id)
        .select(Handover::as_select())
        .first(c)
        .optional()
}

pub fn handover_lines(c: &mut DbConn, handovers: &[i64]) -> QueryResult<Vec<HandoverLine>> {
    hl::table
        .filter(hl::handover_id.eq_any(handovers))
        .order(hl::id.asc())
        .select(HandoverLine::as_select())
        .load(c)
}
