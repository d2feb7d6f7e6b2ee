//! The oversight report (TRF; seed 003 §3(1)): children that should be sent but are not, batches that
//! should be received but are not, overdue batches and open discrepancies, in the supervisor's scope.

use super::super::rules::{self, BatchState};
use crate::auth::scope::InstitutionScope;
use crate::db::schema::{institutions, transfer_batches as tb, transfer_children as tc};
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
) -> crate::error::AppResult<Vec<Line>> {
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
    // 应移送未移送: long-term-guarded children still in county institutions that have not been sent. A
    // child counts as sent only from submission (issue 10 point 12): a draft — or a batch returned to the
    // sender — is the sender's own paperwork and moves nobody, so its children stay on this list.
    let in_transfer: Vec<crate::archive::ChildId> = tc::table
        .inner_join(tb::table)
        .filter(tc::open_child_id.is_not_null())
        .filter(tb::state.eq_any([BatchState::Submitted, BatchState::Accepted]))
        .select(tc::child_id)
        .load(conn)?;
    // A deferral (seed 003 §3(1), 因学业等特殊情况不适合立即移交; issue 10 point 14) is a decision, not an
    // omission: those children are listed as deferred until the review date, in a count of their own.
    let deferred = super::deferral::open_by_child(conn)?;
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
        let deferral = deferred.iter().find(|d| d.child_id == id);
        out.push(Line {
            kind: if deferral.is_some() {
                "deferred"
            } else {
                "not-sent"
            },
            institution: name(inst),
            reference: no,
            detail: match deferral {
                Some(d) => tr.tf(
                    "oversight.deferred_until",
                    &[("date", &d.review_date.to_string()), ("reason", &d.reason)],
                ),
                None => tr.t(&format!("category.{cat}")).to_string(),
            },
            link: format!("/children/{id}"),
        });
    }
    // Drafts that have waited longer than the policy number of days are shown to the supervisor: a batch
    // can otherwise hold children out of sight indefinitely (issue 10 point 12).
    for (id, sender, created) in super::super::model::drafts(conn)?
        .into_iter()
        .filter(|(_, s, _)| sc.contains(*s))
    {
        let division = insts_division(conn, sender)?;
        let days = crate::policy::int(
            conn,
            crate::policy::keys::TRANSFER_DRAFT_STALE_DAYS,
            Some(division),
            today,
        )?;
        if (today - created.date()).num_days() > days {
            out.push(Line {
                kind: "stale-draft",
                institution: name(sender),
                reference: format!("#{id}"),
                detail: tr.tf(
                    "oversight.draft_since",
                    &[("date", &created.date().to_string())],
                ),
                link: format!("/transfers/{id}"),
            });
        }
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

fn insts_division(conn: &mut DbConn, id: crate::org::InstitutionId) -> QueryResult<i64> {
    institutions::table
        .find(id)
        .select(institutions::division_id)
        .first(conn)
}
