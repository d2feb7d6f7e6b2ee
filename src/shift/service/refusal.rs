//! Why the shift service refused something the user can fix, typed: the stable API code, the message
//! (catalogue key) and the form field it belongs beside (as `care::service::refusal`).

use crate::error::AppError;
use crate::platform::{FieldErrors, Op};

/// The form field a refusal concerns; pages name their inputs after [`Field::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Kind,
    Capacity,
    Child,
    Bed,
    User,
    Date,
    Shift,
    Outcome,
    Reason,
    Value,
    Temperature,
    Note,
    Children,
    Order,
    Occurred,
    Place,
    Description,
    Action,
    Staff,
    How,
    Receipt,
    FoundAt,
    FoundBy,
    Condition,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Capacity => "capacity",
            Field::Child => "child",
            Field::Bed => "bed",
            Field::User => "user",
            Field::Date => "date",
            Field::Shift => "shift",
            Field::Outcome => "outcome",
            Field::Reason => "reason",
            Field::Value => "value",
            Field::Temperature => "temperature",
            Field::Note => "note",
            Field::Children => "children",
            Field::Order => "order",
            Field::Occurred => "occurred",
            Field::Place => "place",
            Field::Description => "description",
            Field::Action => "action_taken",
            Field::Staff => "staff",
            Field::How => "how",
            Field::Receipt => "receipt",
            Field::FoundAt => "found_at",
            Field::FoundBy => "found_by",
            Field::Condition => "condition",
        }
    }
}

crate::code_enum! {
    /// A refusal of the shift service.
    pub enum Refused {
        /// A required text is empty or too long.
        Required = "shift_required",
        BadKind = "shift_bad_kind",
        BadNumber = "shift_bad_number",
        BadDate = "shift_bad_date",
        /// The child is not in care at this institution (another institution's child is a 404).
        NotInCare = "shift_not_in_care",
        /// The user named is not a caregiver of this institution.
        NotCaregiver = "shift_not_caregiver",
        /// MAR-02: refused, withheld and missed doses need a reason; so does a PRN dose.
        ReasonRequired = "shift_reason_required",
        /// MAR-01: no active written order for this dose (stopped, ended, or not this child's).
        NoOrder = "shift_no_order",
        /// The dose is already marked (one mark per scheduled dose).
        AlreadyMarked = "shift_already_marked",
        /// A scheduled dose that is not in the order's schedule for that time.
        NotScheduled = "shift_not_scheduled",
        /// The log value is not one of the section's values.
        BadValue = "shift_bad_value",
        /// CARE-05: a temperature outside 30.0–45.0 ℃ (a typing mistake).
        BadTemperature = "shift_bad_temperature",
        /// No child ticked for a quick entry.
        NoChildren = "shift_no_children",
        /// The handover was acknowledged already, or is the user's own.
        CannotAcknowledge = "shift_cannot_acknowledge",
        /// Not rostered on a unit for this shift (the round and the handover are per unit).
        NoUnit = "shift_no_unit",
        /// An incident's time is later than now (a typing mistake).
        FutureTime = "shift_future_time",
        /// A staff member named in an incident is not an active user of the institution.
        NotStaff = "shift_not_staff",
        /// A mandatory report already sent (or confirmed), or confirmed before it was sent.
        ReportDone = "shift_report_done",
        /// The missing child of this incident is recorded as found already.
        AlreadyFound = "shift_already_found",
        /// The child cannot be found before the incident happened.
        BeforeIncident = "shift_before_incident",
    }
}

impl Refused {
    pub fn message_key(self) -> String {
        format!("shift.err.{}", self.code().trim_start_matches("shift_"))
    }

    pub fn at(self, op: &Op<'_>, field: Field) -> Refusal {
        Refusal {
            reason: self,
            field,
            message: op.tr.t(&self.message_key()).to_string(),
        }
    }
}

/// A refusal with the field it concerns.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub reason: Refused,
    pub field: Field,
    pub message: String,
}

/// What a shift operation returns when it does not succeed: the user's fixable input, or an error.
#[derive(Debug)]
pub enum Failure {
    Refused(Vec<Refusal>),
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

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(vec![r])
    }
}

impl Failure {
    /// As an API error: 400 with the first refusal's code and every field's message.
    pub fn into_app_error(self) -> AppError {
        match self {
            Failure::Error(e) => e,
            Failure::Refused(rs) => {
                let code = rs.first().map_or("shift_refused", |r| r.reason.code());
                let msg = rs
                    .iter()
                    .map(|r| format!("{}: {}", r.field.name(), r.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                AppError::bad(code, msg)
            }
        }
    }

    /// The refusals as field errors for a page (an error stays an error).
    pub fn into_fields(self) -> Result<FieldErrors, AppError> {
        match self {
            Failure::Error(e) => Err(e),
            Failure::Refused(rs) => {
                let mut fe = FieldErrors::default();
                for r in rs {
                    fe.add(r.field.name(), r.message);
                }
                Ok(fe)
            }
        }
    }
}

pub type ShiftResult<T> = Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for lang in [crate::platform::Lang::Zh, crate::platform::Lang::En] {
            let tr = crate::platform::catalogue(lang);
            for r in Refused::ALL {
                let k = r.message_key();
                assert_ne!(tr.t(&k), k, "{r:?} in {lang:?}");
            }
        }
    }
}
