//! Why the transfer service refused something the user can fix, typed. Each refusal names its stable
//! API code, its message (catalogue key) and the form field it belongs beside, so pages place the
//! message by the field the service states, never by matching the text or the code.

use crate::error::AppError;
use crate::platform::Op;

/// The form field a refusal concerns. Pages map it to their own input names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The chosen action itself (or the state the batch is in): shown at the action buttons.
    Action,
    /// A stated reason (return, cancel, waive, a receiver other than the city institution).
    Reason,
    Receiver,
    PlannedDate,
    /// The child being added.
    Child,
    /// A property amount.
    Amount,
    HukouNewPlace,
    HukouKeepReason,
    HukouDecision,
    AllowanceMonth,
    /// Hukou confirmed after completion (户口迁入确认): the date, and the police station or reference.
    HukouConfirmDate,
    HukouConfirmRef,
    /// The review date of a deferral.
    ReviewDate,
}

crate::code_enum! {
    /// A refusal of the transfer service.
    pub enum Refused {
        WrongState = "wrong_state",
        ReasonRequired = "reason_required",
        NoChildren = "no_children",
        ChildrenPending = "children_pending",
        NotCounty = "not_county",
        NoReceiver = "no_receiver",
        BadReceiver = "bad_receiver",
        ReceiverReason = "receiver_reason",
        PlannedPast = "planned_past",
        BatchLocked = "batch_locked",
        NotOwnChild = "not_own_child",
        ChildInTransfer = "child_in_transfer",
        ChildCompleted = "child_completed",
        BadAmount = "bad_amount",
        HukouPlace = "hukou_place",
        HukouReason = "hukou_reason",
        HukouUndecided = "hukou_undecided",
        BadMonth = "bad_month",
        /// Completing a child whose checklist is not done; the message lists what is missing.
        NotReady = "not_ready",
        /// The child in person is never waived.
        NotWaivable = "not_waivable",
        /// The counted custody amount differs from the ledger and no reason was given (民法典 第35条).
        CustodyReason = "custody_reason",
        /// The ledger changed after the custody line was handed over: hand it over again.
        CustodyChanged = "custody_changed",
        /// Completion needs the month the allowance switches (基本生活费转入月份).
        AllowanceMissing = "allowance_missing",
        /// The allowance may not switch before the month the child is handed over.
        AllowanceEarly = "allowance_early",
        HukouConfirmDate = "hukou_confirm_date",
        HukouConfirmRef = "hukou_confirm_ref",
        /// Only a completed handover whose hukou moved is confirmed.
        HukouNotToConfirm = "hukou_not_to_confirm",
        /// Cancelling a batch in which a child's handover is already completed (issue 10 point 13).
        ChildrenCompleted = "children_completed",
        /// A deferral's review date must be a date after today.
        ReviewDate = "review_date",
        /// The child already has an open deferral.
        AlreadyDeferred = "already_deferred",
    }
}

impl Refused {
    pub fn field(self) -> Field {
        use Refused::*;
        match self {
            WrongState | NoChildren | ChildrenPending | NotCounty | BatchLocked
            | ChildCompleted | NotReady | NotWaivable | CustodyChanged | HukouNotToConfirm
            | ChildrenCompleted => Field::Action,
            CustodyReason => Field::Reason,
            AllowanceMissing | AllowanceEarly => Field::AllowanceMonth,
            HukouConfirmDate => Field::HukouConfirmDate,
            HukouConfirmRef => Field::HukouConfirmRef,
            ReasonRequired | ReceiverReason => Field::Reason,
            NoReceiver | BadReceiver => Field::Receiver,
            PlannedPast => Field::PlannedDate,
            NotOwnChild | ChildInTransfer | AlreadyDeferred => Field::Child,
            ReviewDate => Field::ReviewDate,
            BadAmount => Field::Amount,
            HukouPlace => Field::HukouNewPlace,
            HukouReason => Field::HukouKeepReason,
            HukouUndecided => Field::HukouDecision,
            BadMonth => Field::AllowanceMonth,
        }
    }

    pub fn message_key(self) -> &'static str {
        use Refused::*;
        match self {
            WrongState => "err.transfer_wrong_state",
            ReasonRequired => "err.reason_required",
            NoChildren => "err.transfer_no_children",
            ChildrenPending => "err.transfer_children_pending",
            NotCounty => "err.transfer_not_county",
            NoReceiver => "err.transfer_no_receiver",
            BadReceiver => "err.transfer_bad_receiver",
            ReceiverReason => "err.transfer_receiver_reason",
            PlannedPast => "err.date_past",
            BatchLocked => "err.transfer_locked",
            NotOwnChild => "err.transfer_not_own_child",
            ChildInTransfer => "err.transfer_child_busy",
            ChildCompleted => "err.transfer_child_completed",
            BadAmount => "err.amount",
            HukouPlace => "err.hukou_place",
            HukouReason => "err.hukou_reason",
            HukouUndecided => "err.hukou_undecided",
            BadMonth => "err.month",
            NotReady => "err.transfer_not_ready",
            NotWaivable => "err.transfer_not_waivable",
            CustodyReason => "err.custody_reason",
            CustodyChanged => "err.custody_changed",
            AllowanceMissing => "err.allowance_missing",
            AllowanceEarly => "err.allowance_early",
            HukouConfirmDate => "err.date",
            HukouConfirmRef => "err.hukou_confirm_ref",
            HukouNotToConfirm => "err.hukou_not_to_confirm",
            ChildrenCompleted => "err.transfer_children_completed",
            ReviewDate => "err.deferral_review_date",
            AlreadyDeferred => "err.deferral_exists",
        }
    }

    /// The error the service returns: 400 with the stable code and the message in the user's language.
    pub fn error(self, op: &Op<'_>) -> AppError {
        self.with_message(op.tr.t(self.message_key()))
    }

    /// The same refusal with a message composed by the service (e.g. the list of unconfirmed items).
    pub fn with_message(self, message: impl Into<String>) -> AppError {
        AppError::bad(self.code(), message)
    }
}

/// The typed refusal inside an error, if it is one of ours.
pub fn refused(e: &AppError) -> Option<Refused> {
    match e {
        AppError::BadRequest { code, .. } => Refused::parse(code),
        _ => None,
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
