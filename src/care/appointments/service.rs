//! Planning and cancelling appointments: each one write transaction with its audit row. Medical staff,
//! social workers and the head (`Action::ManageAppointments`) plan them for a child of their
//! institution in care; the child is reached only through `crate::archive` (another institution's
//! child is 404). A refusal names the form field and the rule (APT-01, APT-02 in `rules`).

use super::model::{self, Kind};
use super::rules;
use crate::archive::{ChildId, ChildStatus};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};

/// What an appointment operation returns when it does not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The user's fixable input: a message per field, and the first refusal's stable code (API).
    Refused(FieldErrors, &'static str),
    Error(AppError),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Error(e)
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Error(e.into())
    }
}

impl Failure {
    /// As an API error: 400 with the first refusal's code and every field's message.
    pub fn into_app_error(self) -> AppError {
        match self {
            Failure::Error(e) => e,
            Failure::Refused(errors, code) => AppError::bad(
                code,
                errors
                    .fields()
                    .iter()
                    .map(|f| format!("{f}: {}", errors.msg(f)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }
}

pub type ApptResult<T> = Result<T, Failure>;

/// Collects refusals: (field, catalogue key of the message, stable code).
struct Check<'a> {
    op: &'a Op<'a>,
    errors: FieldErrors,
    first: Option<&'static str>,
}

impl<'a> Check<'a> {
    fn new(op: &'a Op<'a>) -> Self {
        Check {
            op,
            errors: FieldErrors::default(),
            first: None,
        }
    }
    fn refuse(&mut self, field: &'static str, code: &'static str) {
        self.first.get_or_insert(code);
        self.errors
            .add(field, self.op.tr.t(&format!("care.appointment.err.{code}")));
    }
    /// Required one-line text of at most `max` characters.
    fn text(&mut self, field: &'static str, raw: &str, max: usize, required: bool) -> String {
        let v = raw.trim();
        if (required && v.is_empty())
            || v.chars().count() > max
            || v.chars().any(|c| c.is_control())
        {
            self.refuse(field, "required");
        }
        v.to_string()
    }
    fn done(self) -> ApptResult<()> {
        match self.first {
            None => Ok(()),
            Some(code) => Err(Failure::Refused(self.errors, code)),
        }
    }
}

/// The form (and the API body) of a new appointment.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppointmentInput {
    /// `hospital`, `rehab`, `school`, `other`.
    pub kind: String,
    /// Ward wall-clock time, `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub place: String,
    pub what: String,
    /// A staff member of the institution (user id), or empty.
    pub escort: String,
    /// Anyone else who accompanies (free text), when no staff member is chosen.
    pub escort_other: String,
}

/// The active staff of an institution: who may accompany a child (id, display name).
pub fn staff(c: &mut DbConn, institution: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(crate::auth::model::list(c)?
        .into_iter()
        .filter(|u| u.active && u.institution_id.map(i64::from) == Some(institution))
        .map(|u| (i64::from(u.id), u.display_name))
        .collect())
}

/// A child the user may plan for: has the action (403), sees the child (404), the child is in care.
fn child_to_plan(c: &mut DbConn, op: &Op<'_>, child: ChildId) -> ApptResult<crate::archive::Child> {
    if !op.user.can(Action::ManageAppointments) {
        return Err(AppError::Forbidden.into());
    }
    let k = crate::archive::load_in_scope(c, op.user, child)?;
    if !matches!(k.status, ChildStatus::Active | ChildStatus::InFosterCare) {
        let mut ck = Check::new(op);
        ck.refuse("action", "not_in_care");
        ck.done()?;
    }
    Ok(k)
}

/// Plan an appointment (APT-01: not in the past; someone accompanies).
pub fn create(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &AppointmentInput,
) -> ApptResult<i64> {
    let k = child_to_plan(c, op, child)?;
    let institution = i64::from(k.institution_id);
    let mut ck = Check::new(op);
    let kind = Kind::parse(f.kind.trim());
    if kind.is_none() {
        ck.refuse("kind", "bad_kind");
    }
    let start = rules::parse_start(&f.starts_at);
    match start {
        None => ck.refuse("starts_at", "bad_time"),
        Some(s) if !rules::not_past(s, rules::local(op.now)) => ck.refuse("starts_at", "past"),
        Some(_) => {}
    }
    let place = ck.text("place", &f.place, 200, true);
    let what = ck.text("what", &f.what, 500, true);
    let other = ck.text("escort_other", &f.escort_other, 100, false);
    let escort = match f.escort.trim() {
        "" => None,
        raw => {
            let id = raw.parse::<i64>().ok();
            let known = staff(c, institution)?;
            match id.filter(|i| known.iter().any(|(s, _)| s == i)) {
                Some(i) => Some(i),
                None => {
                    ck.refuse("escort", "bad_escort");
                    None
                }
            }
        }
    };
    if f.escort.trim().is_empty() && other.is_empty() {
        ck.refuse("escort", "no_escort");
    }
    ck.done()?;
    let (Some(kind), Some(starts_at)) = (kind, start) else {
        return Err(AppError::Internal("checked".into()).into());
    };
    crate::db::write_tx(c, |c| {
        let id = model::insert(
            c,
            &model::New {
                child,
                institution_id: institution,
                kind,
                starts_at,
                place: &place,
                what: &what,
                escort_user_id: escort,
                // A staff member chosen wins; the free text is kept only without one.
                escort_text: if escort.is_some() { "" } else { &other },
                by: i64::from(op.user.id),
                at: op.now,
            },
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "care_appointment", id)
                .with_detail(format!("child {child}; kind {}", kind.code())),
        )?;
        // The escort's task appears at once (as every module's tasks: ARCHITECTURE, the work queue).
        crate::jobs::refresh(c, super::MODULE.name, op.today, op.now)?;
        Ok(id)
    })
}

/// Cancel an appointment with a reason (APT-02: the record stays, marked cancelled).
pub fn cancel(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    id: i64,
    reason: &str,
) -> ApptResult<()> {
    child_to_plan(c, op, child)?;
    let found = model::one(c, child, id)?.ok_or(AppError::NotFound)?;
    let mut ck = Check::new(op);
    if found.cancelled() {
        ck.refuse("reason", "already_cancelled");
    }
    let reason = ck.text("reason", reason, 300, true);
    ck.done()?;
    crate::db::write_tx(c, |c| {
        if model::cancel(c, child, id, i64::from(op.user.id), op.now, &reason)? == 0 {
            return Err(Failure::Error(AppError::Conflict(
                op.tr.t("care.appointment.err.already_cancelled").into(),
            )));
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("cancel", "care_appointment", id).with_detail(format!("child {child}")),
        )?;
        crate::jobs::refresh(c, super::MODULE.name, op.today, op.now)?;
        Ok(())
    })
}
