//! The handover list (移交清单) PDF, per batch or per child: parties, children, every checklist item with
//! its state and notes, property totals, and signature/seal blocks for both institutions and the bureau.

use super::model::{Batch, Item};
use super::rules::format_fen;
use crate::db::schema::{institutions, transfer_items as ti};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pdf::{Block, Document};
use crate::platform::Catalogue;
use diesel::prelude::*;

pub fn build(
    conn: &mut DbConn,
    tr: &Catalogue,
    b: &Batch,
    only: Option<i64>,
) -> AppResult<Document> {
    let name = |c: &mut DbConn, id: crate::org::InstitutionId| -> QueryResult<String> {
        institutions::table
            .find(id)
            .select(institutions::name)
            .first(c)
    };
    let (sender, receiver) = (
        name(conn, b.sender_institution_id)?,
        name(conn, b.receiver_institution_id)?,
    );
    let kids = super::model::children_with_names(conn, b.id, only)?;
    let mut d = Document::new(tr.t("pdf.handover_title"));
    d.push(Block::KeyValues(vec![
        (tr.t("transfer.sender").into(), sender.clone()),
        (tr.t("transfer.receiver").into(), receiver.clone()),
        (
            tr.t("transfer.planned_date").into(),
            b.planned_date.to_string(),
        ),
        (
            tr.t("field.status").into(),
            tr.t(&format!("transfer.state.{}", b.state)).into(),
        ),
        (tr.t("pdf.batch_no").into(), format!("#{}", b.id)),
        (tr.t("transfer.children").into(), kids.len().to_string()),
    ]));
    for (k, archive_no, legal_name) in &kids {
        d.push(Block::Heading(format!(
            "{archive_no} {legal_name} · {}",
            tr.t(k.state_key())
        )));
        let hukou = match k.hukou_moved {
            Some(true) => format!("{} {}", tr.t("transfer.hukou_moved"), k.hukou_new_place),
            Some(false) => format!("{}：{}", tr.t("transfer.hukou_kept"), k.hukou_keep_reason),
            None => "—".into(),
        };
        d.push(Block::KeyValues(vec![
            (
                tr.t("transfer.adaptation_plan").into(),
                k.adaptation_plan.clone(),
            ),
            (tr.t("transfer.sibling_note").into(), k.sibling_note.clone()),
            (
                tr.t("transfer.child_opinion").into(),
                k.child_opinion.clone(),
            ),
            (tr.t("transfer.hukou").into(), hukou),
            (tr.t("transfer.new_school").into(), k.new_school.clone()),
            (
                tr.t("transfer.allowance_from_month").into(),
                k.allowance_from_month.clone(),
            ),
        ]));
        let items: Vec<Item> = ti::table
            .filter(ti::transfer_child_id.eq(k.id))
            .order(ti::id.asc())
            .select(Item::as_select())
            .load(conn)?;
        d.push(Block::Table {
            headers: vec![
                tr.t("transfer.item").into(),
                tr.t("field.status").into(),
                tr.t("transfer.sender_note").into(),
                tr.t("transfer.receiver_note").into(),
            ],
            widths: vec![4.0, 1.6, 3.0, 3.0],
            rows: items
                .iter()
                .map(|i| {
                    let mut sent = i.sender_note.clone();
                    if !i.quantity.is_empty() {
                        sent.push_str(&format!(" ×{}", i.quantity));
                    }
                    if let Some(a) = i.amount_fen {
                        sent.push_str(&format!(" ¥{}", format_fen(a)));
                    }
                    vec![
                        format!("{}{}", i.label, if i.mandatory { " *" } else { "" }),
                        tr.t(&format!("transfer.item.{}", i.state)).to_string(),
                        sent,
                        i.receiver_note.clone(),
                    ]
                })
                .collect(),
        });
        let held =
            crate::archive::custody_ledger::total_at(conn, k.child_id, b.sender_institution_id)?;
        d.push(Block::Paragraph(format!(
            "{}：¥{}",
            tr.t("pdf.property_total"),
            format_fen(held)
        )));
    }
    d.push(Block::Signatures(vec![
        format!("{}（{}）", tr.t("transfer.sender"), sender),
        format!("{}（{}）", tr.t("transfer.receiver"), receiver),
        tr.t("pdf.supervising_bureau").into(),
    ]));
    Ok(d)
}
