//! Due items of transfers for the daily pass: batches awaiting acceptance (receiving head), returned
//! batches (sender), open discrepancies (sender) and handovers past their planned date (both heads, who
//! are also reminded by e-mail when that task opens).

use super::rules::{self, BatchState};
use crate::db::DbConn;
use crate::jobs::DueItem;
use crate::transfer::model::BatchId;
use chrono::NaiveDate;
use diesel::prelude::*;

pub const MODULE: &str = super::MODULE_NAME;

fn item(
    key: String,
    message_key: &'static str,
    id: BatchId,
    institution: crate::org::InstitutionId,
    role: &'static str,
    due: NaiveDate,
) -> DueItem {
    DueItem {
        dedupe_key: key,
        module: MODULE,
        message_key,
        subject: id.to_string(),
        link: format!("/transfers/{id}"),
        institution_id: Some(institution),
        role: Some(role),
        user_id: None,
        due_date: due,
        mail: false,
    }
}

pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let discrepancies = super::service::open_discrepancies(conn)?;
    // Deferrals (issue 10 point 14): the review date is the county head's task.
    let mut out = super::service::deferral::due_items(conn)?;
    for b in super::model::waiting_batches(conn)? {
        let (id, sender, receiver, planned, st) = (b.id, b.sender, b.receiver, b.planned, b.state);
        match st {
            BatchState::Submitted => out.push(item(
                format!("transfer.accept.{id}"),
                "task.transfer_accept",
                id,
                receiver,
                "head",
                today,
            )),
            // The handover is under way: the sender hands items over, the receiving head confirms and
            // completes each child; both by the planned date.
            BatchState::Accepted => {
                out.push(item(
                    format!("transfer.handover.{id}"),
                    "task.transfer_handover",
                    id,
                    sender,
                    "transfer-officer",
                    planned,
                ));
                out.push(item(
                    format!("transfer.receive.{id}"),
                    "task.transfer_receive",
                    id,
                    receiver,
                    "head",
                    planned,
                ));
            }
            BatchState::Returned => {
                out.push(item(
                    format!("transfer.returned.{id}"),
                    "task.transfer_returned",
                    id,
                    sender,
                    "transfer-officer",
                    today,
                ));
            }
            _ => {}
        }
        if rules::overdue(planned, today, st) {
            // Issue 4 point 6: both heads are reminded by e-mail when the planned date has passed.
            // A draft is not yet the receiver's business (they cannot even see it): only the sender.
            let mut sides = vec![("sender", sender)];
            if st != BatchState::Draft {
                sides.push(("receiver", receiver));
            }
            for (side, inst) in sides {
                out.push(DueItem {
                    mail: true,
                    ..item(
                        format!("transfer.overdue.{side}.{id}"),
                        "task.transfer_overdue",
                        id,
                        inst,
                        "head",
                        planned,
                    )
                });
            }
        }
        if st == BatchState::Accepted && discrepancies.iter().any(|(b, _)| *b == id) {
            out.push(item(
                format!("transfer.discrepancy.{id}"),
                "task.transfer_discrepancy",
                id,
                sender,
                "transfer-officer",
                today,
            ));
        }
    }
    // 户随人走 (TRF-02): a completed handover whose hukou moved stays a task for the receiving head
    // until the registration is confirmed (date and police station or reference).
    use crate::db::schema::{transfer_batches as tb, transfer_children as tc};
    let unconfirmed: Vec<(
        i64,
        BatchId,
        crate::org::InstitutionId,
        Option<chrono::NaiveDateTime>,
    )> = tc::table
        .inner_join(tb::table)
        .filter(tc::state.eq(rules::HandoverState::Completed))
        .filter(tc::hukou_moved.eq(Some(true)))
        .filter(tc::hukou_confirmed_on.is_null())
        .select((
            tc::id,
            tb::id,
            tb::receiver_institution_id,
            tc::completed_at,
        ))
        .load(conn)?;
    for (tcid, id, receiver, completed) in unconfirmed {
        out.push(DueItem {
            link: format!("/transfers/{id}/children/{tcid}"),
            ..item(
                format!("transfer.hukou.{tcid}.confirm"),
                "task.transfer_hukou",
                id,
                receiver,
                "head",
                completed.map(|t| t.date()).unwrap_or(today),
            )
        });
    }
    Ok(out)
}
