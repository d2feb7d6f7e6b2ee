//! Shift pages (askama), phone-first: one column at 360–390 px, buttons at least 44 px high, no
//! JavaScript. The view structs hold text already translated; the templates only lay it out.

use crate::platform::FieldErrors;
use crate::web::Ctx;
use askama::Template;

/// The shift's own stylesheet (the CSP allows only same-origin styles; served at `/static/shift.css`).
pub const CSS: &str = include_str!("../../templates/shift/shift.css");

/// A dose on the round.
pub struct DoseView {
    pub child: i64,
    pub child_name: String,
    pub order: i64,
    pub drug: String,
    /// `YYYY-MM-DDTHH:MM` (the form's `due`).
    pub due: String,
    pub time: String,
    /// `<order>-<HHMM>`: element ids.
    pub key: String,
    /// `upcoming`, `due`, `missed` (unmarked) or `done`.
    pub state: &'static str,
    pub state_label: String,
    /// The mark, when marked: outcome label, reason, when.
    pub mark: String,
    pub idem: String,
    /// What was typed and the message, when this dose's form was refused.
    pub reason: String,
    pub error: String,
}

/// A PRN order of a child.
pub struct PrnView {
    pub order: i64,
    pub drug: String,
}

/// A child on the round.
pub struct ChildCard {
    pub id: i64,
    pub name: String,
    pub archive_no: String,
    pub age: String,
    pub bed: String,
    pub photo: Option<String>,
    /// (is an allergy, text)
    pub warnings: Vec<(bool, String)>,
    /// Today's log lines in force: (entry id, text).
    pub log: Vec<(i64, String)>,
    pub fever: bool,
    pub prn: Vec<PrnView>,
    pub prn_idem: String,
    pub prn_error: String,
    pub ticked: bool,
    pub handover_note: String,
    pub tasks: Vec<TaskView>,
    /// Today's appointments outside the ward: (id, time, text) — point 2b.
    pub appointments: Vec<(i64, String, String)>,
}

/// A care-plan task of today on a child's card: `state` is `open`, `done` or `not`.
pub struct TaskView {
    pub goal: i64,
    pub text: String,
    pub meta: String,
    pub state: &'static str,
    pub mark: String,
    pub idem: String,
}

/// A handover waiting for this shift's acknowledgement.
pub struct HandoverView {
    pub id: i64,
    pub heading: String,
    pub note: String,
    pub lines: Vec<(String, String)>,
    pub idem: String,
}

/// One-tap buttons of a log section: (section label, kind, [(value, label)]).
pub struct QuickSection {
    pub label: String,
    pub kind: &'static str,
    pub values: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "shift/round.html")]
pub struct RoundPage {
    pub ctx: Ctx,
    /// The user's id, in every form (a draft kept across a session timeout is given back only to them).
    pub who: i64,
    pub heading: String,
    pub unit_id: i64,
    pub has_unit: bool,
    pub units: Vec<(i64, String, bool)>,
    pub handovers: Vec<HandoverView>,
    pub doses: Vec<DoseView>,
    pub children: Vec<ChildCard>,
    pub sections: Vec<QuickSection>,
    pub log_idem: String,
    pub handover_idem: String,
    /// Which form failed (`log`, `handover`, `prn-<child>`), its typed text and its messages.
    pub failed: String,
    pub errors: FieldErrors,
    /// Messages of a failed form that is no longer drawn (a dose marked meanwhile, a handover
    /// acknowledged by a colleague): shown in the alert at the top.
    pub alert_messages: Vec<String>,
    pub typed_note: String,
    pub typed_temperature: String,
    pub typed_handover: String,
    pub restored: bool,
    pub mar_month: String,
}

/// A unit on the units page.
pub struct UnitView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub children: i64,
    pub capacity: i32,
    pub over: bool,
    /// (name, archive no, bed)
    pub placed: Vec<(String, String, String)>,
    pub roster: Vec<String>,
    /// The manage forms open (one of them failed), with their messages and what was typed.
    pub open: bool,
    pub err_child: String,
    pub err_bed: String,
    pub typed_bed: String,
    pub err_user: String,
}

#[derive(Template)]
#[template(path = "shift/units.html")]
pub struct UnitsPage {
    pub ctx: Ctx,
    pub units: Vec<UnitView>,
    pub total_children: i64,
    pub total_capacity: i64,
    pub can_manage: bool,
    pub kinds: Vec<(&'static str, String)>,
    /// Children in care not placed in any unit: (id, name · archive no).
    pub unplaced: Vec<(i64, String)>,
    pub caregivers: Vec<(i64, String)>,
    pub shifts: Vec<(&'static str, String)>,
    pub today: String,
    pub idem: String,
    pub failed: String,
    pub errors: FieldErrors,
    pub typed: Vec<(String, String)>,
}

impl UnitsPage {
    /// What was typed into the failed form's field (empty otherwise).
    pub fn typed(&self, form: &str, field: &str) -> String {
        if self.failed != form {
            return String::new();
        }
        self.typed
            .iter()
            .find(|(k, _)| k == field)
            .map_or(String::new(), |(_, v)| v.clone())
    }
    pub fn err(&self, form: &str, field: &str) -> String {
        if self.failed == form {
            self.errors.msg(field).to_string()
        } else {
            String::new()
        }
    }
}

/// A line of the head's day.
pub struct DayLine {
    pub id: i64,
    pub text: String,
    pub meta: String,
    pub idem: String,
}

#[derive(Template)]
#[template(path = "shift/day.html")]
pub struct DayPage {
    pub ctx: Ctx,
    pub heading: String,
    pub missed: Vec<DayLine>,
    pub handovers: Vec<DayLine>,
    pub over: Vec<DayLine>,
    pub fevers: Vec<DayLine>,
    pub unplaced: i64,
    /// Today's incidents (point 6), with unsent mandatory reports counted.
    pub incidents: Vec<DayLine>,
    /// Children named in today's missing-child incidents (the "children absent" of point 7).
    pub missing: Vec<DayLine>,
    pub can_review: bool,
}
