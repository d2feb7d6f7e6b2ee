//! Why the adulthood service refused something the user can fix, typed: the stable API code, the
//! catalogue message and the form field it belongs beside (pages place it by the field, never by text).

use crate::platform::{FieldErrors, Op};

crate::code_enum! {
    /// A refusal of the adulthood service.
    pub enum Refused {
        /// A plan needs an assessment first (ADU-03: the plan is proposed from the assessment).
        NoAssessment = "no_assessment",
        /// The plan is not in a state that allows this (e.g. editing a submitted plan).
        WrongState = "wrong_state",
        /// ADU-08: 特困 support needs the young person's recorded wish (本人意愿) in the assessment.
        WishRequired = "wish_required",
        /// A panel assessment names its members.
        PanelMembers = "panel_members",
        /// Returning a plan needs a comment.
        CommentRequired = "comment_required",
        /// The checklist item is already confirmed.
        AlreadyConfirmed = "already_confirmed",
        /// Discharge needs an approved plan.
        PlanNotApproved = "plan_not_approved",
        /// Discharge needs every checklist item confirmed; the message lists what is missing.
        ChecklistIncomplete = "checklist_incomplete",
        /// The young person is already discharged.
        Closed = "closed",
        /// The date left school or service cannot be before the deferral starts or in the future.
        LeftOn = "left_on",
        /// A date after today.
        DateFuture = "date_future",
        /// Follow-up contacts are for a placed (discharged) young adult.
        NotPlaced = "not_placed",
    }
}

impl Refused {
    /// The form field the refusal is shown beside.
    pub fn field(self) -> &'static str {
        use Refused::*;
        match self {
            NoAssessment | WrongState | Closed | PlanNotApproved | ChecklistIncomplete
            | NotPlaced => "action",
            WishRequired => "pathway",
            PanelMembers => "panel_members",
            CommentRequired => "comment",
            AlreadyConfirmed => "item",
            LeftOn => "left_on",
            DateFuture => "date",
        }
    }

    pub fn message_key(self) -> &'static str {
        use Refused::*;
        match self {
            NoAssessment => "adulthood.err.no_assessment",
            WrongState => "adulthood.err.wrong_state",
            WishRequired => "adulthood.err.wish_required",
            PanelMembers => "adulthood.err.panel_members",
            CommentRequired => "adulthood.err.comment_required",
            AlreadyConfirmed => "adulthood.err.already_confirmed",
            PlanNotApproved => "adulthood.err.plan_not_approved",
            ChecklistIncomplete => "adulthood.err.checklist_incomplete",
            Closed => "adulthood.err.closed",
            LeftOn => "adulthood.err.left_on",
            DateFuture => "err.date_future",
            NotPlaced => "adulthood.err.not_placed",
        }
    }

    /// The refusal as per-field errors, in the user's language.
    pub fn errors(self, op: &Op<'_>) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(self.field(), op.tr.t(self.message_key()));
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for lang in [crate::platform::Lang::Zh, crate::platform::Lang::En] {
            let tr = crate::platform::catalogue(lang);
            for r in Refused::ALL {
                assert_ne!(tr.t(r.message_key()), r.message_key(), "{r:?} in {lang:?}");
            }
        }
    }
}
