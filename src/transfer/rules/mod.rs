//! Pure transfer rules: who may move a batch or an item from which state to which, when a child's
//! handover may complete, and the checks on hukou, property amounts and the child's opinion.
//! Rule ids refer to shared/domain/regulations.md §12 (TRF-*).
//!
//! The checklist-template rules (which lines must stay, how an edit becomes the next version) are in
//! `template`.

pub mod progress;
pub mod template;

use crate::org::InstitutionId;
use chrono::NaiveDate;

/// Which side of the transfer a user acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The sending (county) institution.
    Sender,
    /// The receiving (city) institution.
    Receiver,
}

crate::code_enum! {
    /// Batch states: draft → submitted → accepted / returned (with reason) → completed; or cancelled.
    pub enum BatchState {
        Draft = "draft",
        Submitted = "submitted",
        Accepted = "accepted",
        Returned = "returned",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

pub const ALL_BATCH_STATES: &[BatchState] = BatchState::ALL;

impl BatchState {
    /// Open batches hold their children: a child may be in one open batch only.
    pub fn is_open(self) -> bool {
        !matches!(self, BatchState::Completed | BatchState::Cancelled)
    }
}

crate::code_enum! {
    /// What a user asks to do with a batch. The page form and the API parse the same codes.
    pub enum BatchAction {
        Submit = "submit",
        Accept = "accept",
        Return = "return",
        Cancel = "cancel",
        /// Done by the system when the batch's last child completes.
        Complete = "complete",
    }
}

pub const ALL_BATCH_ACTIONS: &[BatchAction] = BatchAction::ALL;

impl BatchAction {
    /// An action a user may ask for by its code (page form or API): completion is the system's.
    pub fn requested(code: &str) -> Option<BatchAction> {
        BatchAction::parse(code).filter(|a| *a != BatchAction::Complete)
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not allowed from this state.
    WrongState,
    /// The other side must do this.
    WrongSide,
    /// A reason is required (return, cancel).
    ReasonRequired,
    /// Submitting an empty batch.
    NoChildren,
    /// Completing while children are still being handed over.
    ChildrenPending,
    /// Cancelling an accepted batch in which a child's handover is already completed: that child has
    /// moved; take the others out instead (issue 10 point 13).
    ChildrenCompleted,
}

/// The batch state machine. `children` and `pending_children` describe the batch; `reason` is the stated
/// reason, if any. Returns the new state or why not.
pub fn batch_transition(
    state: BatchState,
    action: BatchAction,
    side: Side,
    reason: &str,
    children: usize,
    pending_children: usize,
) -> Result<BatchState, Refusal> {
    use BatchAction::*;
    use BatchState::*;
    let needs_reason = matches!(action, Return | Cancel);
    let to = match (state, action) {
        (Draft | Returned, Submit) => Submitted,
        (Submitted, Accept) => Accepted,
        (Submitted, Return) => Returned,
        // An accepted batch can be cancelled too (issue 10 point 13), else it could be stuck forever.
        (Draft | Submitted | Returned | Accepted, Cancel) => Cancelled,
        (Accepted, Complete) => Completed,
        _ => return Err(Refusal::WrongState),
    };
    let side_ok = match action {
        // Once the handover is under way both institutions have a stake: either head may stop it.
        Cancel if state == Accepted => true,
        Submit | Cancel => side == Side::Sender,
        Accept | Return | Complete => side == Side::Receiver,
    };
    if !side_ok {
        return Err(Refusal::WrongSide);
    }
    if needs_reason && reason.trim().is_empty() {
        return Err(Refusal::ReasonRequired);
    }
    if action == Submit && children == 0 {
        return Err(Refusal::NoChildren);
    }
    if action == Complete && pending_children > 0 {
        return Err(Refusal::ChildrenPending);
    }
    if action == Cancel && state == Accepted && pending_children < children {
        return Err(Refusal::ChildrenCompleted);
    }
    Ok(to)
}

crate::code_enum! {
    /// State of one checklist item.
    pub enum ItemState {
        Pending = "pending",
        HandedOver = "handed-over",
        Received = "received",
        Discrepancy = "discrepancy",
        Waived = "waived",
    }
}

pub const ALL_ITEM_STATES: &[ItemState] = ItemState::ALL;

crate::code_enum! {
    /// A child's handover within a batch: pending until the receiving head completes it.
    pub enum HandoverState {
        Pending = "pending",
        Completed = "completed",
    }
}

crate::code_enum! {
    /// What a user does to an item. `confirm` is accepted as another word for receiving.
    pub enum ItemAction {
        /// The sender hands the item over (with note, quantity or amount).
        HandOver = "hand-over",
        /// The receiver confirms receipt.
        Receive = "receive" | "confirm",
        /// The receiver records a discrepancy (note required).
        RecordDiscrepancy = "discrepancy",
        /// The receiving head waives a mandatory item (reason required).
        Waive = "waive",
    }
}

pub const ALL_ITEM_ACTIONS: &[ItemAction] = ItemAction::ALL;

/// Whether a checklist line may be waived at all: the child in person never can be (the handover is of
/// the child; issue 10 point 11). Other mandatory lines may, by the receiving head with a reason.
pub fn waivable(code: &str) -> bool {
    code != "child-in-person"
}

/// Item transitions. Items move only while the batch is accepted (the handover is under way).
/// `is_receiving_head` matters for waivers only.
pub fn item_transition(
    batch: BatchState,
    item: ItemState,
    action: ItemAction,
    side: Side,
    is_receiving_head: bool,
    note: &str,
) -> Result<ItemState, Refusal> {
    use ItemAction::*;
    use ItemState::*;
    if batch != BatchState::Accepted {
        return Err(Refusal::WrongState);
    }
    let to = match (item, action) {
        // The sender (re)hands over a pending item or one with a discrepancy, after fixing it.
        (Pending | Discrepancy, HandOver) => HandedOver,
        (HandedOver | Discrepancy, Receive) => Received,
        (HandedOver, RecordDiscrepancy) => Discrepancy,
        (Pending | HandedOver | Discrepancy, Waive) => Waived,
        _ => return Err(Refusal::WrongState),
    };
    let side_ok = match action {
        HandOver => side == Side::Sender,
        Receive | RecordDiscrepancy => side == Side::Receiver,
        Waive => side == Side::Receiver && is_receiving_head,
    };
    if !side_ok {
        return Err(Refusal::WrongSide);
    }
    if matches!(action, RecordDiscrepancy | Waive) && note.trim().is_empty() {
        return Err(Refusal::ReasonRequired);
    }
    Ok(to)
}

/// Why a child's handover cannot complete yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// Mandatory items neither received nor waived (their labels).
    Unconfirmed(Vec<String>),
    /// Items with an open discrepancy.
    OpenDiscrepancies(Vec<String>),
    /// The plan lacks the child's opinion though the child is old enough to give one.
    OpinionMissing,
}

/// A checklist line for the completion check.
pub struct ItemView<'a> {
    pub label: &'a str,
    pub mandatory: bool,
    pub state: ItemState,
}

/// Completion (TRF-03): every mandatory item received or waived, no open discrepancy (mandatory or not),
/// and the child's opinion recorded when the child is `opinion_age` or older (以上: inclusive).
pub fn ready_to_complete(
    items: &[ItemView<'_>],
    age: i32,
    opinion_age: i32,
    opinion_recorded: bool,
) -> Result<(), Vec<NotReady>> {
    let mut problems = Vec::new();
    let open: Vec<String> = items
        .iter()
        .filter(|i| i.state == ItemState::Discrepancy)
        .map(|i| i.label.to_string())
        .collect();
    if !open.is_empty() {
        problems.push(NotReady::OpenDiscrepancies(open));
    }
    let unconfirmed: Vec<String> = items
        .iter()
        .filter(|i| i.mandatory && !matches!(i.state, ItemState::Received | ItemState::Waived))
        .filter(|i| i.state != ItemState::Discrepancy)
        .map(|i| i.label.to_string())
        .collect();
    if !unconfirmed.is_empty() {
        problems.push(NotReady::Unconfirmed(unconfirmed));
    }
    if age >= opinion_age && !opinion_recorded {
        problems.push(NotReady::OpinionMissing);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// TRF-02: the hukou moves with the child (户随人走) unless moving it would harm the child; keeping it
/// needs a stated reason, moving it needs the new hukou place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HukouDecision {
    Moved { new_place: String },
    Kept { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HukouProblem {
    NewPlaceMissing,
    ReasonMissing,
}

pub fn check_hukou(
    moved: bool,
    new_place: &str,
    reason: &str,
) -> Result<HukouDecision, HukouProblem> {
    if moved {
        let p = new_place.trim();
        if p.is_empty() {
            Err(HukouProblem::NewPlaceMissing)
        } else {
            Ok(HukouDecision::Moved {
                new_place: p.to_string(),
            })
        }
    } else {
        let r = reason.trim();
        if r.is_empty() {
            Err(HukouProblem::ReasonMissing)
        } else {
            Ok(HukouDecision::Kept {
                reason: r.to_string(),
            })
        }
    }
}

/// A property amount in yuan as typed ("1234.5", "1,234.50", "０"): whole fen (分), never negative, at
/// most two decimals, below 10^12 yuan. Amounts are kept as integers so totals add up exactly.
pub fn parse_amount_fen(raw: &str) -> Option<i64> {
    crate::platform::money::parse_fen(raw)
}

/// Format fen as yuan with two decimals.
pub fn format_fen(fen: i64) -> String {
    crate::platform::money::format_fen(fen)
}

/// A handover is overdue when its planned date has passed (the day after the planned date) and it is
/// not completed.
pub fn overdue(planned: NaiveDate, today: NaiveDate, state: BatchState) -> bool {
    state.is_open() && today > planned
}

/// The default receiver (TRF): the city child-welfare institution of the county's city. `institutions`
/// are (id, kind, division id); `city_of_county` is the county's parent division. Any other receiver needs
/// a stated reason.
pub fn default_receiver(
    institutions: &[(InstitutionId, &str, i64)],
    city_division: i64,
) -> Option<InstitutionId> {
    institutions
        .iter()
        .find(|(_, kind, div)| *kind == "city-welfare" && *div == city_division)
        .map(|(id, _, _)| *id)
}

/// A calendar month typed as `YYYY-MM` (the month the living allowance switches to the receiving
/// institution). Anything else is `None`.
pub fn parse_month(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.len() != 7 || raw.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{raw}-01"), "%Y-%m-%d").ok()
}

/// The checklist line of property in custody (代管财产), reconciled with the archive's ledger.
pub const CUSTODY_ITEM: &str = "property-in-custody";
/// The checklist line of school registration (学籍), which shows the archive's school data.
pub const SCHOOL_ITEM: &str = "school-registration";
/// The checklist line of the living allowance switch (基本生活费转移).
pub const ALLOWANCE_ITEM: &str = "allowance-switch";

/// The default checklist template (version 1); admins add versions later. (code, mandatory)
pub const DEFAULT_ITEMS: [(&str, bool); 14] = [
    ("child-in-person", true),
    ("hukou-booklet-page", true),
    ("id-card", false),
    ("social-security-card", false),
    ("disability-certificate", false),
    ("medical-insurance-card", false),
    ("hukou-moved-or-kept", true),
    ("school-registration", true),
    ("diagnoses-and-medicines", true),
    ("devices", false),
    ("rehab-records", false),
    ("allowance-switch", true),
    ("property-in-custody", true),
    ("psychological-preparation", true),
];

#[cfg(test)]
mod tests;
