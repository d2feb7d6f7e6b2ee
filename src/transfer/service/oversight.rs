//! The oversight report (TRF; seed 003 §3(1)): children that should be sent but are not, batches that
//! should be received but are not, overdue batches and open discrepancies, in the supervisor's scope.

use super::super::rules::{self, BatchState};
use crate::auth::scope::InstitutionScope;
use crate::db::schema::{institutions, transfer_children as tc};
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::prelude::*;

/// One line of the oversight report.
pub struct Line {
    pub kind: &'static str,
    pub institution: String,
    pub reference: String,
    pub detail: String,
    pub link: String,
}

/// Long-term guardianship categories (2018 list and the revision's long-term grounds).
fn long_term(category: &str) -> bool {
    category.starts_with("2018-") || category.starts_with("lt-")
}

pub fn report(
    conn: &mut DbConn,
    sc: &InstitutionScope,
    today: NaiveDate,
    tr: &crate::platform::Catalogue,
) -> QueryResult<Vec<Line>> {
    let insts: Vec<(crate::org::InstitutionId, String, String)> = institutions::table
        .select((institutions::id, institutions::name, institutions::kind))
        .load(conn)?;
    let name = |id: crate::org::InstitutionId| {
        insts
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    };
    let county: Vec<crate::org::InstitutionId> = insts
        .iter()
        .filter(|(i, _, k)| k == "county-welfare" && sc.contains(*i))
        .map(|(i, _, _)| *i)
        .collect();
    let mut out = Vec::new();
    // 应移送未移送: long-term-guarded children still in county institutions and in no open transfer.
    let in_transfer: Vec<crate::archive::ChildId> = tc::table
        .filter(tc::open_child_id.is_not_null())
        .select(tc::child_id)
        .load(conn)?;
    let waiting: Vec<(
        crate::archive::ChildId,
        crate::org::InstitutionId,
        String,
        String,
    )> = crate::archive::active_children(conn, &county, i64::MAX)?
        .into_iter()
        .filter(|k| !in_transfer.contains(&k.id))
        .map(|k| (k.id, k.institution_id, k.archive_no, k.intake_category))
        .collect();
    for (id, inst, no, cat) in waiting.into_iter().filter(|w| long_term(&w.3)) {
        out.push(Line {
            kind: "not-sent",
            institution: name(inst),
            reference: no,
            detail: tr.t(&format!("category.{cat}")).to_string(),
            link: format!("/children/{id}"),
        });
    }
    let discrepancies = super::open_discrepancies(conn)?;
    for b in crate::transfer::model::waiting_batches(conn)?
        .into_iter()
        .filter(|b| sc.contains(b.sender) || sc.contains(b.receiver))
    {
        let (id, sender, receiver, planned, st) = (b.id, b.sender, b.receiver, b.planned, b.state);
        if matches!(st, BatchState::Submitted | BatchState::Accepted) {
            out.push(Line {
                kind: "not-received",
                institution: name(receiver),
                reference: format!("#{id}"),
                detail: format!(
                    "{} → {}",
                    name(sender),
                    tr.t(&format!("transfer.state.{}", st.code()))
                ),
                link: format!("/transfers/{id}"),
            });
        }
        if rules::overdue(planned, today, st) {
            out.push(Line {
                kind: "overdue",
                institution: name(sender),
                reference: format!("#{id}"),
                detail: planned.to_string(),
                link: format!("/transfers/{id}"),
            });
        }
        for (_, label) in discrepancies.iter().filter(|(b, _)| *b == id) {
            out.push(Line {
                kind: "discrepancy",
                institution: name(sender),
                reference: format!("#{id}"),
                detail: label.clone(),
                link: format!("/transfers/{id}"),
            });
        }
    }
    Ok(out)
}
