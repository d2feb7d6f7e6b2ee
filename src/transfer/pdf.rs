//! The handover list (儿童移交清单) PDF, per batch or per child: the formal reference number under the
//! title, the parties, each child's identity (name, sex, birth date, ID number, archive number), the
//! plan, every checklist item with its state and notes, property totals, and — only when the handover
//! is finished — a closing statement and signature/seal boxes for both institutions and the bureau.
//!
//! Printing rules (docs/transfer-design.md, "Printing"):
//! - the reference (`transfer_batches.reference`, given on submission) is on the first page and in the
//!   running header of every continuation page, with the child that page continues;
//! - an unfinished list (the batch not completed; for one child's list, that child's handover not
//!   completed) carries a 未完成 watermark on every page and a banner, and no signature boxes;
//! - every label comes from the reader's catalogue, so the Chinese list has Chinese labels only and the
//!   English one English labels only; data (names, institutions, document titles, notes) is printed
//!   as recorded;
//! - the ID number is printed for the two institutions and the bureau that sign, never logged.

use super::model::{Batch, Item, TransferChild};
use super::rules::{format_fen, BatchState, HandoverState};
use crate::archive::LawfulAccess;
use crate::db::schema::{institutions, transfer_items as ti};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::money::yuan;
use crate::platform::Catalogue;
use diesel::prelude::*;

/// One child on the list, with the identity the archive holds.
struct Kid {
    tc: TransferChild,
    archive_no: String,
    name: String,
    sex: String,
    birth: String,
    id_number: String,
}

const NONE: &str = "—";

fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        NONE.into()
    } else {
        s.to_string()
    }
}

fn kids(conn: &mut DbConn, tr: &Catalogue, b: &Batch, only: Option<i64>) -> AppResult<Vec<Kid>> {
    let mut out = Vec::new();
    for (tc, archive_no, _) in super::model::children_with_names(conn, b.id, only)? {
        // The batch was loaded in the user's scope (a side of it, or its supervisor); the receiving
        // institution is entitled to the identity of the child it takes in.
        let row = crate::archive::load_for_law(conn, tc.child_id, LawfulAccess::HandoverList)?;
        // Identity through the archive's field-level rule (an ID number of a hidden section is not
        // printed).
        let c = crate::archive::view_for_document(conn, &row)?;
        let sex = match c.sex.as_str() {
            "M" => tr.t("sex.M").to_string(),
            "F" => tr.t("sex.F").to_string(),
            other => or_none(other),
        };
        let birth = if c.birth_date_estimated {
            tr.tf(
                "pdf.birth_estimated",
                &[("date", &c.birth_date.to_string())],
            )
        } else {
            c.birth_date.to_string()
        };
        let id_number = match c.id_number.as_ref().map(|n| n.as_deref().map(str::trim)) {
            None => tr.t("archive.withheld").to_string(),
            Some(Some(n)) if !n.is_empty() => n.to_string(),
            Some(_) => tr.t("pdf.id_unregistered").to_string(),
        };
        out.push(Kid {
            tc,
            archive_no,
            name: c.legal_name,
            sex,
            birth,
            id_number,
        });
    }
    Ok(out)
}

/// The handover list of the whole batch (`only` = None) or of one child of it (its transfer-child id).
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
    let kids = kids(conn, tr, b, only)?;
    let one = match (only, kids.as_slice()) {
        (None, _) => None,
        (Some(_), [k]) => Some(k),
        (Some(_), _) => return Err(AppError::NotFound),
    };
    let id = b.id.to_string();
    let reference = match &b.reference {
        Some(r) => r.clone(),
        None => tr.tf("pdf.unnumbered", &[("id", &id)]),
    };
    let title = tr.t("pdf.handover_title");
    let batch_state = tr.t(&format!("transfer.state.{}", b.state)).to_string();
    let (finished, state) = match one {
        None => (b.state == BatchState::Completed, batch_state.clone()),
        Some(k) => (
            k.tc.state == HandoverState::Completed,
            tr.t(k.tc.state_key()).to_string(),
        ),
    };

    let mut d = Document::for_reader(title, tr);
    let file_ref = b
        .reference
        .clone()
        .unwrap_or_else(|| tr.tf("pdf.file_unnumbered", &[("id", &id)]));
    (d.file_name, d.file_name_ascii) = match one {
        None => (
            tr.tf("pdf.file_batch", &[("reference", &file_ref)]),
            format!("transfer-{id}-handover.pdf"),
        ),
        Some(k) => (
            tr.tf(
                "pdf.file_child",
                &[("reference", &file_ref), ("archive_no", &k.archive_no)],
            ),
            format!("transfer-{id}-handover-{}.pdf", k.archive_no),
        ),
    };
    d.push(Block::Centered(reference.clone()));
    d.push(Block::RunningHeader(tr.tf(
        "pdf.running_header",
        &[("reference", &reference), ("title", title)],
    )));
    if !finished {
        d.watermark = Some(tr.t("pdf.unfinished_mark").into());
        d.push(Block::Banner(
            tr.tf("pdf.unfinished_banner", &[("state", &state)]),
        ));
    }
    d.push(Block::KeyValues(vec![
        (tr.t("pdf.batch_no").into(), reference.clone()),
        (tr.t("transfer.sender").into(), sender.clone()),
        (tr.t("transfer.receiver").into(), receiver.clone()),
        (
            tr.t("transfer.planned_date").into(),
            b.planned_date.to_string(),
        ),
        (tr.t("field.status").into(), batch_state),
        (tr.t("transfer.children").into(), kids.len().to_string()),
    ]));
    if one.is_none() {
        d.push(Block::Heading(tr.t("pdf.children_list").into()));
        d.push(Block::Table {
            headers: vec![
                tr.t("pdf.col_no").into(),
                tr.t("child.legal_name").into(),
                tr.t("child.sex").into(),
                tr.t("child.birth_date").into(),
                tr.t("child.id_number").into(),
                tr.t("child.archive_no").into(),
                tr.t("pdf.handover_state").into(),
            ],
            widths: vec![0.8, 1.6, 0.8, 2.0, 3.2, 3.0, 1.6],
            rows: kids
                .iter()
                .enumerate()
                .map(|(n, k)| {
                    vec![
                        (n + 1).to_string(),
                        k.name.clone(),
                        k.sex.clone(),
                        k.birth.clone(),
                        k.id_number.clone(),
                        k.archive_no.clone(),
                        tr.t(k.tc.state_key()).to_string(),
                    ]
                })
                .collect(),
        });
    }
    for (n, k) in kids.iter().enumerate() {
        child_section(conn, tr, b, &mut d, &reference, n + 1, k)?;
    }
    if finished {
        d.push(Block::Paragraph(tr.t("pdf.closing").into()));
        let party = |role: &str, name: &str| tr.tf("pdf.party", &[("role", role), ("name", name)]);
        d.push(Block::Signatures(vec![
            party(tr.t("transfer.sender"), &sender),
            party(tr.t("transfer.receiver"), &receiver),
            tr.t("pdf.supervising_bureau").into(),
        ]));
    }
    Ok(d)
}

fn child_section(
    conn: &mut DbConn,
    tr: &Catalogue,
    b: &Batch,
    d: &mut Document,
    reference: &str,
    n: usize,
    k: &Kid,
) -> AppResult<()> {
    let title = tr.t("pdf.handover_title");
    d.push(Block::RunningHeader(tr.tf(
        "pdf.running_header_child",
        &[
            ("reference", reference),
            ("title", title),
            ("name", &k.name),
            ("archive_no", &k.archive_no),
        ],
    )));
    d.push(Block::Heading(tr.tf(
        "pdf.child_heading",
        &[
            ("n", &n.to_string()),
            ("name", &k.name),
            ("archive_no", &k.archive_no),
            ("state", tr.t(k.tc.state_key())),
        ],
    )));
    let t = &k.tc;
    let hukou = match t.hukou_moved {
        Some(true) => tr.tf(
            "pdf.hukou_moved",
            &[("place", &or_none(&t.hukou_new_place))],
        ),
        Some(false) => tr.tf(
            "pdf.hukou_kept",
            &[("reason", &or_none(&t.hukou_keep_reason))],
        ),
        None => NONE.into(),
    };
    // 学籍 travels with the child's record (issue 10 point 19).
    let school = {
        let c = crate::archive::load_for_law(
            conn,
            t.child_id,
            crate::archive::LawfulAccess::HandoverList,
        )?;
        super::views::school_text(tr, &c.school_name, &c.school_grade, &c.xueji_no)
    };
    let hukou_confirmed = match t.hukou_confirmed_on {
        Some(d) => format!("{d} · {}", t.hukou_confirmed_ref),
        None => NONE.into(),
    };
    d.push(Block::KeyValues(vec![
        (tr.t("child.legal_name").into(), k.name.clone()),
        (tr.t("child.archive_no").into(), k.archive_no.clone()),
        (tr.t("child.sex").into(), k.sex.clone()),
        (tr.t("child.birth_date").into(), k.birth.clone()),
        (tr.t("child.id_number").into(), k.id_number.clone()),
        (
            tr.t("transfer.adaptation_plan").into(),
            or_none(&t.adaptation_plan),
        ),
        (
            tr.t("transfer.sibling_note").into(),
            or_none(&t.sibling_note),
        ),
        (
            tr.t("transfer.child_opinion").into(),
            or_none(&t.child_opinion),
        ),
        (tr.t("transfer.hukou").into(), hukou),
        (tr.t("transfer.school_data").into(), or_none(&school)),
        (tr.t("transfer.new_school").into(), or_none(&t.new_school)),
        (tr.t("transfer.hukou_confirmed").into(), hukou_confirmed),
        (
            tr.t("transfer.allowance_from_month").into(),
            or_none(&t.allowance_from_month),
        ),
    ]));
    let items: Vec<Item> = ti::table
        .filter(ti::transfer_child_id.eq(t.id))
        .order(ti::id.asc())
        .select(Item::as_select())
        .load(conn)?;
    // A document line was copied as "section · title" in Chinese; print the section in the reader's
    // language (the title is the document's own).
    let docs = crate::archive::documents(conn, t.child_id)?;
    // A document of a restricted section keeps its line but not its title.
    let withheld = crate::archive::withheld_documents(conn, t.child_id)?;
    let label = |i: &Item| {
        if let Some(l) = crate::archive::withheld_label(tr, &withheld, i.document_id) {
            return l;
        }
        match docs.iter().find(|x| Some(x.id) == i.document_id) {
            Some(x) => tr.tf(
                "pdf.document_line",
                &[
                    ("section", tr.t(&format!("section.{}", x.section))),
                    ("title", &x.title),
                ],
            ),
            None => i.label_in(tr),
        }
    };
    d.push(Block::Paragraph(tr.t("pdf.mandatory_legend").into()));
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
                    format!("{}{}", label(i), if i.mandatory { " *" } else { "" }),
                    tr.t(&format!("transfer.item.{}", i.state)).to_string(),
                    sent.trim().to_string(),
                    i.receiver_note.clone(),
                ]
            })
            .collect(),
    });
    // 代管财产 (民法典 第35条; seed 003 所代管的儿童财产移交): the ledger lines that move with the child,
    // their total, and the discrepancy the custody line recorded, if any.
    let ledger = crate::archive::custody_ledger::lines_for_handover(
        conn,
        t.child_id,
        b.sender_institution_id,
        t.id,
    )?;
    let held: i64 = ledger.iter().map(|l| l.amount_fen).sum();
    d.push(Block::Heading(tr.t("pdf.custody_ledger").into()));
    if ledger.is_empty() {
        d.push(Block::Paragraph(tr.t("custody.empty").into()));
    } else {
        d.push(Block::Table {
            headers: vec![
                tr.t("custody.at").into(),
                tr.t("custody.kind").into(),
                tr.t("custody.description").into(),
                tr.t("custody.receipt_no").into(),
                tr.t("custody.amount").into(),
                tr.t("custody.balance").into(),
            ],
            widths: vec![2.2, 1.2, 3.6, 1.8, 1.6, 1.6],
            rows: ledger
                .iter()
                .map(|l| {
                    vec![
                        crate::clock::cst_minutes(l.recorded_at),
                        tr.t(&format!("custody.kind.{}", l.kind)).to_string(),
                        l.description.clone(),
                        l.receipt_no.clone(),
                        yuan(l.amount_fen),
                        yuan(l.balance_fen),
                    ]
                })
                .collect(),
        });
    }
    d.push(Block::Paragraph(tr.tf(
        "pdf.label_value",
        &[
            ("label", tr.t("pdf.property_total")),
            ("value", &yuan(held)),
        ],
    )));
    let custody_line = items.iter().find(|i| i.code == super::rules::CUSTODY_ITEM);
    if let Some((l, a, why)) = custody_line.and_then(|i| match (i.ledger_fen, i.amount_fen) {
        (Some(l), Some(a)) if l != a => Some((l, a, i.sender_note.clone())),
        _ => None,
    }) {
        d.push(Block::Paragraph(tr.tf(
            "pdf.custody_discrepancy",
            &[
                ("ledger", &yuan(l)),
                ("counted", &yuan(a)),
                ("reason", &why),
            ],
        )));
    }
    Ok(())
}
