//! The rows of `care_appointments` (预约外出: hospital visits, rehabilitation sessions, school meetings).
//! Only the care module names the table; every query takes a child id or an institution the caller has
//! already checked against the user's scope.

use crate::archive::ChildId;
use crate::db::schema::care_appointments as ap;
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::prelude::*;

crate::code_enum! {
    /// What the appointment is (预约类型).
    pub enum Kind {
        /// 就医 — a hospital or clinic visit
        Hospital = "hospital",
        /// 康复训练 — a rehabilitation session outside the ward
        Rehab = "rehab",
        /// 学校会面 — a meeting at school (teacher, parents' day)
        School = "school",
        /// 其他 — anything else (an office, a court, a family visit)
        Other = "other",
    }
}

impl Kind {
    /// The archive section whose restriction rule covers what the appointment is about.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Hospital => "medical",
            Kind::Rehab => "rehab",
            Kind::School => "education",
            Kind::Other => "care",
        }
    }
}

/// One appointment as stored. `starts_at` is the ward's wall-clock time (China Standard Time).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ap)]
pub struct Appointment {
    pub id: i64,
    pub child_id: i64,
    pub institution_id: i64,
    pub kind: Kind,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub what: String,
    pub escort_user_id: Option<i64>,
    pub escort_text: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub cancelled_by: Option<i64>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: String,
}

impl Appointment {
    pub fn cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

/// Every appointment of a child, soonest first (cancelled ones too: they stay on the record).
pub fn of_child(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Appointment>> {
    ap::table
        .filter(ap::child_id.eq(i64::from(child)))
        .order((ap::starts_at.asc(), ap::id.asc()))
        .select(Appointment::as_select())
        .load(c)
}

/// The child's appointments not cancelled with a start in `[from, to)` (wall-clock times).
pub fn between(
    c: &mut DbConn,
    child: ChildId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Appointment>> {
    ap::table
        .filter(ap::child_id.eq(i64::from(child)))
        .filter(ap::cancelled_at.is_null())
        .filter(ap::starts_at.ge(from))
        .filter(ap::starts_at.lt(to))
        .order((ap::starts_at.asc(), ap::id.asc()))
        .select(Appointment::as_select())
        .load(c)
}

/// One appointment of this child (another child's id is not found).
pub fn one(c: &mut DbConn, child: ChildId, id: i64) -> QueryResult<Option<Appointment>> {
    ap::table
        .filter(ap::id.eq(id))
        .filter(ap::child_id.eq(i64::from(child)))
        .select(Appointment::as_select())
        .first(c)
        .optional()
}

/// A new appointment's values.
pub struct New<'a> {
    pub child: ChildId,
    pub institution_id: i64,
    pub kind: Kind,
    pub starts_at: NaiveDateTime,
    pub place: &'a str,
    pub what: &'a str,
    pub escort_user_id: Option<i64>,
    pub escort_text: &'a str,
    pub by: i64,
    pub at: NaiveDateTime,
}

/// Insert and return the new id.
pub fn insert(c: &mut DbConn, n: &New<'_>) -> QueryResult<i64> {
    diesel::insert_into(ap::table)
        .values((
            ap::child_id.eq(i64::from(n.child)),
            ap::institution_id.eq(n.institution_id),
            ap::kind.eq(n.kind),
            ap::starts_at.eq(n.starts_at),
            ap::place.eq(n.place),
            ap::what.eq(n.what),
            ap::escort_user_id.eq(n.escort_user_id),
            ap::escort_text.eq(n.escort_text),
            ap::created_by.eq(n.by),
            ap::created_at.eq(n.at),
            ap::cancel_reason.eq(""),
        ))
        .execute(c)?;
    ap::table
        .filter(ap::child_id.eq(i64::from(n.child)))
        .select(diesel::dsl::max(ap::id))
        .first::<Option<i64>>(c)?
        .ok_or(diesel::result::Error::NotFound)
}

/// Mark cancelled (only if not already); returns the number of rows changed.
pub fn cancel(
    c: &mut DbConn,
    child: ChildId,
    id: i64,
    by: i64,
    at: NaiveDateTime,
    reason: &str,
) -> QueryResult<usize> {
    diesel::update(
        ap::table
            .filter(ap::id.eq(id))
            .filter(ap::child_id.eq(i64::from(child)))
            .filter(ap::cancelled_at.is_null()),
    )
    .set((
        ap::cancelled_by.eq(Some(by)),
        ap::cancelled_at.eq(Some(at)),
        ap::cancel_reason.eq(reason),
    ))
    .execute(c)
}

/// Appointments not cancelled, with a staff escort, starting in `[from, to)` (every institution: the
/// daily pass's due source, which addresses each task to the escort only).
pub fn escorted_between(
    c: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Appointment>> {
    ap::table
        .filter(ap::cancelled_at.is_null())
        .filter(ap::escort_user_id.is_not_null())
        .filter(ap::starts_at.ge(from))
        .filter(ap::starts_at.lt(to))
        .order(ap::starts_at.asc())
        .select(Appointment::as_select())
        .load(c)
}
