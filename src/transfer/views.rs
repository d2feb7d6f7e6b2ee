//! Page structs of the transfer pages (askama, `templates/transfer/`), the lines and forms they show.

use super::model::{Batch, Item, TransferChild};
use super::rules::template::EditLine;
use super::rules::BatchState;
use super::service::checklist::Version;
use super::service::oversight::Line;
use crate::archive::views::SectionView;
use crate::platform::forms::FieldErrors;
use crate::web::Ctx;
use askama::Template;
use serde::Deserialize;

pub struct BatchLine {
    pub batch: Batch,
    pub sender: String,
    pub receiver: String,
    pub state_label: String,
}

#[derive(Template)]
#[template(path = "transfer/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<BatchLine>,
    pub can_send: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CreateForm {
    pub receiver: String,
    pub reason: String,
    pub planned_date: String,
}

pub struct KidLine {
    pub tc: TransferChild,
    pub archive_no: String,
    pub name: String,
    /// Where this child's handover stands, in words that fit the batch's state.
    pub status: String,
    /// Items received or waived, of all items ("6/22"), once the handover is under way.
    pub progress: String,
}

/// A child that can be added: not in any open transfer.
pub struct Candidate {
    pub id: crate::archive::ChildId,
    pub name: String,
    pub archive_no: String,
    pub age: String,
    pub category: String,
    pub checked: bool,
}

/// One step of the indicator.
pub struct StepView {
    pub label: String,
    pub status: &'static str,
}

/// The new-transfer page: the batch's details and the children to send, in one form.
#[derive(Template)]
#[template(path = "transfer/new.html")]
pub struct NewPage {
    pub ctx: Ctx,
    pub receivers: Vec<(crate::org::InstitutionId, String)>,
    pub form: CreateForm,
    pub q: String,
    pub candidates: Vec<Candidate>,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "transfer/batch.html")]
pub struct BatchPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub sender: String,
    pub receiver: String,
    pub state_label: String,
    pub kids: Vec<KidLine>,
    pub events: Vec<(String, String, String)>,
    pub candidates: Vec<Candidate>,
    pub steps: Vec<StepView>,
    /// Whose move it is, in words ("轮到：接收机构").
    pub turn: String,
    pub can_submit: bool,
    pub can_cancel: bool,
    pub can_decide: bool,
    /// Either side may take a child out (with a reason) before the child's handover completes.
    pub can_remove: bool,
    /// Children taken out of the batch: (when, who, reason), from the timeline (issue 10 point 13).
    pub removed: Vec<(String, String, String)>,
    /// The sender has nothing to submit yet.
    pub needs_children: bool,
    pub is_sender: bool,
    pub is_receiver: bool,
    pub can_preview: bool,
    pub typed: BatchTyped,
    pub errors: FieldErrors,
}

/// What the user typed on the batch page, kept when a form is refused.
#[derive(Default)]
pub struct BatchTyped {
    pub child_ids: Vec<String>,
    pub reason: String,
}

pub struct ItemLine {
    pub item: Item,
    pub label: String,
    pub state_label: String,
    pub amount: String,
    /// What the archive says for this line: the custody ledger balance and any recorded discrepancy,
    /// the school data (学籍) — issue 10 points 10 and 19.
    pub detail: String,
    /// The message for this item and what was typed on it, when its form was refused.
    pub error: String,
    pub typed: ItemForm,
    /// The line's document was replaced in the archive after the list was accepted (issue 10 point 17).
    pub replaced_since: bool,
}

#[derive(Template)]
#[template(path = "transfer/child.html")]
pub struct ChildPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub tc: TransferChild,
    pub archive_no: String,
    pub name: String,
    pub items: Vec<ItemLine>,
    pub is_sender: bool,
    pub is_receiver: bool,
    pub is_receiving_head: bool,
    pub can_preview: bool,
    pub accepted: bool,
    pub plan: PlanForm,
    /// Documents filed in the archive since the list was accepted (issue 10 point 17).
    pub docs_added: Vec<String>,
    pub errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ItemForm {
    pub action: String,
    pub note: String,
    pub quantity: String,
    pub amount: String,
    pub version: String,
    pub back: String,
    /// Waiving is confirmed with a required checkbox.
    pub confirm: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlanForm {
    pub adaptation_plan: String,
    pub special_needs: String,
    pub sibling_note: String,
    pub child_opinion: String,
    pub hukou: String,
    pub hukou_new_place: String,
    pub hukou_keep_reason: String,
    pub new_school: String,
    pub allowance_from_month: String,
}

impl PlanForm {
    pub(super) fn from_child(k: &TransferChild) -> PlanForm {
        PlanForm {
            adaptation_plan: k.adaptation_plan.clone(),
            special_needs: k.special_needs.clone(),
            sibling_note: k.sibling_note.clone(),
            child_opinion: k.child_opinion.clone(),
            hukou: if k.hukou_moved == Some(false) {
                "kept".into()
            } else {
                "moved".into()
            },
            hukou_new_place: k.hukou_new_place.clone(),
            hukou_keep_reason: k.hukou_keep_reason.clone(),
            new_school: k.new_school.clone(),
            allowance_from_month: k.allowance_from_month.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "transfer/preview.html")]
pub struct PreviewPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub tc: TransferChild,
    pub child: crate::archive::ChildView,
    pub institution: String,
    pub age: i32,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<SectionView>,
}

#[derive(Template)]
#[template(path = "transfer/oversight.html")]
pub struct OversightPage {
    pub ctx: Ctx,
    pub lines: Vec<(String, Line)>,
    /// How many lines of each kind, in report order (deferred children counted apart from not sent).
    pub counts: Vec<(String, usize)>,
}

/// One editor row as shown: what was typed, whether it is built in or required, and its message.
pub struct Row {
    pub line: EditLine,
    pub builtin_label: String,
    pub required: bool,
    pub error: String,
}

pub struct VersionLine {
    pub v: Version,
    pub at: String,
    pub lines: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "transfer/templates.html")]
pub struct TemplatesPage {
    pub ctx: Ctx,
    pub newest: i32,
    pub based_on: String,
    pub rows: Vec<Row>,
    pub row_errors: bool,
    pub note: String,
    pub errors: FieldErrors,
    pub versions: Vec<VersionLine>,
    pub notice: String,
}

/// School, grade and 学籍号 on one line (empty parts left out).
pub fn school_text(tr: &crate::platform::Catalogue, name: &str, grade: &str, no: &str) -> String {
    let mut parts: Vec<String> = [name, grade]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect();
    if !no.trim().is_empty() {
        parts.push(format!("{} {}", tr.t("child.xueji_no"), no.trim()));
    }
    parts.join(" · ")
}

/// One open deferral as the county's page shows it.
pub struct DeferralLine {
    pub id: i64,
    pub name: String,
    pub archive_no: String,
    pub reason: String,
    pub review_date: chrono::NaiveDate,
    pub version: i32,
}

/// Deferrals of transfer (暂缓移交, seed 003 §3(1)): the county's open deferrals with their review
/// forms, and the form to defer a child not yet sent (issue 10 point 14).
#[derive(Template)]
#[template(path = "transfer/deferrals.html")]
pub struct DeferralsPage {
    pub ctx: Ctx,
    pub open: Vec<DeferralLine>,
    pub candidates: Vec<Candidate>,
    pub typed: DeferralForm,
    pub errors: FieldErrors,
}

/// The deferral forms as typed (record: child, reason, review date; review: action, date, reason, note).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DeferralForm {
    pub child_id: String,
    pub reason: String,
    pub review_date: String,
    pub action: String,
    pub note: String,
    pub version: String,
}
