//! The care panel on the overview of the child's archive page (issue 14 point 7, "one view of the
//! child"): the plan version in force and its next review, the plan's open steps, assessments due,
//! allergies and chronic conditions with other warnings (overdue doses, an overdue review) and the
//! medication orders in force. Registered in `crate::modules::CHILD_PANELS`; the archive draws it
//! without naming this module. It shows what the care page shows the same reader: caregivers see daily
//! care and medication only (point 8), and sections the archive's restriction rule hides stay hidden
//! (the panel never opens the purpose-stated view; the care page offers it).

use crate::archive::ChildId;
use crate::auth::{Action, Role};
use crate::care::model;
use crate::care::service::{due, plans};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::module::{ChildPanel, FactSubject, PanelLine};
use crate::platform::Op;

/// The care panel's registration.
pub const CHILD_PANEL: ChildPanel = ChildPanel {
    id: "care",
    label: "care.title",
    action: Action::ViewCare,
    href: super::care_href,
    open: "care.panel.open",
    lines,
};

fn line(label: String, value: String, warn: bool) -> PanelLine {
    PanelLine { label, value, warn }
}

/// The panel's lines for this reader (read inside the archive page's own audited read).
fn lines(c: &mut DbConn, op: &Op<'_>, s: &FactSubject<'_>) -> AppResult<Option<Vec<PanelLine>>> {
    let id = ChildId(s.child_id);
    let (k, access) = crate::archive::subject_in_scope(c, op.user, s)?;
    let caregiver = op.user.role == Role::Caregiver;
    let sees = |section: &str| !access.hides(section);
    let tr = op.tr;
    let mut out = Vec::new();
    // The plan in force (养育 section) and its state.
    if sees("care") {
        let all = model::plans_of(c, id)?;
        let value = match (plans::current(&all), plans::open_plan(&all)) {
            (Some(p), open) => {
                let mut v = tr.tf(
                    "care.plan_in_force",
                    &[
                        ("n", &p.number.unwrap_or(0).to_string()),
                        (
                            "date",
                            &p.approved_on.map_or(String::new(), |d| d.to_string()),
                        ),
                    ],
                );
                if let Some(o) = open {
                    v.push_str(" · ");
                    v.push_str(tr.t(&format!("care.state.{}", o.state.code())));
                }
                v
            }
            (None, Some(o)) => tr.t(&format!("care.state.{}", o.state.code())).to_string(),
            (None, None) => tr.t("care.no_plan").to_string(),
        };
        out.push(line(tr.t("care.plan").to_string(), value, false));
    }
    // What is due: the plan's steps and review, and (not for caregivers) assessments and the next
    // growth check (GRW-04).
    let today = op.today;
    let mut assessments = 0;
    let due_lines = due::for_child(c, &k, today)?;
    for d in &due_lines {
        let overdue = d.due < today;
        let shown = if d.what.starts_with("assessment") || d.what == "growth_check" {
            !caregiver
        } else {
            d.what.starts_with("plan") && sees("care")
        };
        if !shown {
            continue;
        }
        if d.what.starts_with("assessment") {
            assessments += 1;
        }
        let mut value = d.due.to_string();
        if overdue {
            value.push_str(" · ");
            value.push_str(tr.t("care.overdue"));
        }
        out.push(line(
            tr.t(&format!("care.due.{}", d.what)).to_string(),
            value,
            overdue,
        ));
    }
    if !caregiver && assessments == 0 && !out.is_empty() {
        out.push(line(
            tr.t("care.panel.assessments").to_string(),
            tr.t("care.nothing_due").to_string(),
            false,
        ));
    }
    if sees("medical") {
        // Allergies and chronic conditions: the warning strip of every page of the child.
        for x in model::conditions_of(c, id)? {
            out.push(line(
                tr.t(&format!("care.condition.{}", x.kind.code()))
                    .to_string(),
                x.description,
                true,
            ));
        }
        let overdue_doses: Vec<String> = due_lines
            .iter()
            .filter(|d| d.what == "immunisation" && d.due < today)
            .map(|d| d.detail.clone())
            .collect();
        if !overdue_doses.is_empty() && !caregiver {
            out.push(line(
                tr.t("care.due.immunisation").to_string(),
                overdue_doses.join("；"),
                true,
            ));
        }
        // The medication orders in force today (MAR-01).
        let orders = super::interface::active_orders(c, id, today)?;
        let value = if orders.is_empty() {
            tr.t("care.none").to_string()
        } else {
            orders
                .iter()
                .map(|o| {
                    let mut v = format!("{} {} {} {}", o.drug, o.dose, o.route, o.times.join(","));
                    if o.prn {
                        v.push_str(tr.t("care.prn"));
                    }
                    v.trim().to_string()
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        out.push(line(tr.t("care.orders").to_string(), value, false));
    }
    Ok(if out.is_empty() { None } else { Some(out) })
}
