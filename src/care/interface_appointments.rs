//! For the caregiver-shift module (issue 15 point 2b): a child's appointments (预约外出 — hospital
//! visits, rehabilitation sessions, school meetings) on a day, read-only, for the round. The caller has
//! loaded the child in the user's scope (`archive::load_in_scope`) and audits its own page view. What
//! the appointment is about (place, what) is left empty for a reader who may not see it (the
//! archive's restriction rule on the kind's section; caregivers read daily care and medical only,
//! issue 14 point 8) — time, kind and escort are always given: the child must be ready to leave.

use crate::archive::ChildId;
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;

/// One appointment of the day, not cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentLine {
    pub id: i64,
    /// The kind's code (`hospital`, `rehab`, `school`, `other`); the label is `care.appointment.kind.<code>`.
    pub kind: &'static str,
    /// The archive section whose restriction rule covers what it is about.
    pub section: &'static str,
    /// Ward wall-clock time (China Standard Time).
    pub starts_at: NaiveDateTime,
    /// Empty when the reader may not see it.
    pub place: String,
    /// Empty when the reader may not see it.
    pub what: String,
    /// Who accompanies: the staff member's display name, or the free text.
    pub escort: String,
}

/// The child's appointments on `day` (ward wall-clock), soonest first; cancelled ones are left out.
pub fn on_day(
    c: &mut DbConn,
    child: ChildId,
    day: NaiveDate,
    role: crate::auth::Role,
    access: &crate::archive::SectionAccess,
) -> QueryResult<Vec<AppointmentLine>> {
    let from = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    between(
        c,
        child,
        (from, from + chrono::Duration::days(1)),
        role,
        access,
    )
}

/// The child's appointments starting in `[from, to)` (ward wall-clock), soonest first; cancelled ones
/// are left out. The round asks for its shift's span (a night shift sees tomorrow morning's visits).
pub fn between(
    c: &mut DbConn,
    child: ChildId,
    (from, to): (NaiveDateTime, NaiveDateTime),
    role: crate::auth::Role,
    access: &crate::archive::SectionAccess,
) -> QueryResult<Vec<AppointmentLine>> {
    let rows = super::appointments::model::between(c, child, from, to)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let users = crate::auth::model::list(c)?;
    Ok(rows
        .into_iter()
        .map(|mut a| {
            if !super::appointments::sees_detail(role, access, a.kind) {
                a.place.clear();
                a.what.clear();
            }
            a
        })
        .map(|a| AppointmentLine {
            id: a.id,
            kind: a.kind.code(),
            section: a.kind.section(),
            starts_at: a.starts_at,
            escort: super::appointments::escort_name(&users, a.escort_user_id, &a.escort_text),
            place: a.place,
            what: a.what,
        })
        .collect())
}
