//! The care plan as a printed document (issue 14 point 1): the child, the version and its state, the
//! goals of each part the reader may see, the last reviews, and the signatures — drafted by, approved by,
//! date. A draft or submitted plan prints with the 未完成 watermark of the shared printer.

use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::care::model::{self, Part, PlanState};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::Op;

fn name_of(c: &mut DbConn, id: Option<crate::auth::UserId>) -> AppResult<String> {
    Ok(match id {
        Some(id) => crate::auth::model::by_id(c, id)?.map_or(String::new(), |u| u.display_name),
        None => String::new(),
    })
}

/// Build the plan's document for the reader (404 outside scope or for another child's plan).
pub fn plan_document(
    c: &mut DbConn,
    op: &Op<'_>,
    role: &Role,
    child: ChildId,
    plan_id: i64,
) -> AppResult<Document> {
    let k = super::service::child_for(c, op, child, Action::ViewCare)?;
    let p = model::plan(c, plan_id)?
        .filter(|p| p.child_id == child)
        .ok_or(AppError::NotFound)?;
    let access = crate::archive::section_access(c, child, role, false)?;
    let tr = op.tr;
    let mut doc = Document::for_reader(tr.t("care.pdf.title"), tr);
    doc.file_name = format!("{}-{}.pdf", tr.t("care.pdf.title"), k.archive_no);
    doc.file_name_ascii = format!("care-plan-{}.pdf", k.archive_no);
    if !matches!(p.state, PlanState::Approved | PlanState::Superseded) {
        doc.push(Block::Banner(tr.t("care.pdf.not_approved").to_string()));
    }
    doc.push(Block::KeyValues(vec![
        (tr.t("care.child").to_string(), k.legal_name.clone()),
        (tr.t("care.archive_no").to_string(), k.archive_no.clone()),
        (
            tr.t("care.version_no").to_string(),
            p.number.map_or("—".into(), |n| n.to_string()),
        ),
        (
            tr.t("care.state").to_string(),
            tr.t(&format!("care.state.{}", p.state.code())).to_string(),
        ),
    ]));
    let goals = model::goals_of(c, p.id)?;
    for part in Part::ALL {
        let hidden =
            access.hides(part.section()) || (*role == Role::Caregiver && !part.for_caregiver());
        let rows: Vec<Vec<String>> = goals
            .iter()
            .filter(|g| g.part == *part && !hidden)
            .map(|g| {
                vec![
                    g.goal.clone(),
                    g.intervention.clone(),
                    g.frequency.clone(),
                    g.responsible.clone(),
                    g.target_date.to_string(),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        doc.push(Block::Heading(
            tr.t(&format!("care.part.{}", part.code())).to_string(),
        ));
        doc.push(Block::Table {
            headers: [
                "goal",
                "intervention",
                "frequency",
                "responsible",
                "target_date",
            ]
            .iter()
            .map(|h| tr.t(&format!("care.f.{h}")).to_string())
            .collect(),
            widths: vec![3.0, 4.0, 1.5, 1.5, 1.5],
            rows,
        });
    }
    // GRW-01/03: the latest growth results with both views and the chart, where the reader sees the 养育 section.
    if !access.hides("care") {
        for b in super::pdf_growth::blocks(c, tr, &k)? {
            doc.push(b);
        }
    }
    if !p.head_comment.is_empty() {
        doc.push(Block::Paragraph(format!(
            "{}{}",
            tr.t("care.head_comment"),
            p.head_comment
        )));
    }
    let drafted = name_of(c, Some(p.drafted_by))?;
    let approved = name_of(c, p.decided_by.filter(|_| p.approved_on.is_some()))?;
    doc.push(Block::KeyValues(vec![
        (tr.t("care.pdf.drafted_by").to_string(), drafted),
        (tr.t("care.pdf.approved_by").to_string(), approved),
        (
            tr.t("care.pdf.approved_on").to_string(),
            p.approved_on.map_or(String::new(), |d| d.to_string()),
        ),
    ]));
    doc.push(Block::Signatures(vec![
        tr.t("care.pdf.drafted_by").to_string(),
        tr.t("care.pdf.approved_by").to_string(),
    ]));
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("print", "care_plan", plan_id).with_detail(format!("child {child}")),
    )?;
    Ok(doc)
}
