//! Why the oversight duties refused something the user can fix (issue 17 point 4), typed: the stable
//! code, the catalogue message and the form field it is shown beside.

use crate::platform::{FieldErrors, Op};

crate::code_enum! {
    /// A refusal of the oversight duties.
    pub enum Refused {
        /// A month that has not begun cannot be filed: its roster would still change.
        FutureMonth = "future_month",
        /// The month's roster is already filed; a filed roster is frozen (no second filing).
        AlreadyFiled = "already_filed",
        /// Filing cannot be undone: the consequence must be confirmed.
        ConfirmRequired = "confirm_required",
        /// A resolution of an 应退未退 item says what was done (recovered, written off, an error).
        NoteRequired = "note_required",
        /// The item is already resolved.
        AlreadyResolved = "already_resolved",
    }
}

impl Refused {
    /// The form field the refusal is shown beside.
    pub fn field(self) -> &'static str {
        match self {
            Refused::FutureMonth | Refused::AlreadyFiled => "month",
            Refused::ConfirmRequired => "confirm",
            Refused::NoteRequired | Refused::AlreadyResolved => "note",
        }
    }

    pub fn message_key(self) -> String {
        format!("oversight.duties.err.{}", self.code())
    }

    /// The refusal as the form's field errors, in the user's language.
    pub fn errors(self, op: &Op<'_>) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(self.field(), op.tr.t(&self.message_key()));
        e
    }
}
