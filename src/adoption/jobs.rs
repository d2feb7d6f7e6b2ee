//! Due items of adoption for the daily pass: the registration review deadline (ADP-16, 登记办法 第8条: 30
//! days from the day after receipt, the public-notice period not counted) is the bureau registrar's task.

use super::model;
use super::rules::clock;
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::NaiveDate;
use diesel::QueryResult;

/// Open applications → one task each, due on the last day of the review.
pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let mut out = Vec::new();
    for a in model::open_applications(conn)? {
        let bureau = crate::org::InstitutionId(a.bureau_id);
        let division = crate::org::model::holding(conn, bureau)?.map(|i| i.division_id);
        // Thresholds from the policy store; a value that cannot be read is logged by the reader and the
        // task waits for it to be corrected rather than guessing a legal period.
        let (Ok(review), Ok(notice_days)) = (
            crate::policy::int(
                conn,
                crate::policy::keys::ADOPTION_REVIEW_DAYS,
                division,
                today,
            ),
            crate::policy::int(
                conn,
                crate::policy::keys::ADOPTION_PUBLIC_NOTICE_DAYS,
                division,
                today,
            ),
        ) else {
            continue;
        };
        let notice = model::availability_of(conn, a.child_id)?.and_then(|m| {
            m.notice_start.map(|published| clock::Notice {
                published,
                days: u32::try_from(notice_days.max(0)).unwrap_or(0),
            })
        });
        let deadline = clock::review_deadline(
            a.received_on,
            u32::try_from(review.max(1)).unwrap_or(1),
            notice,
        );
        out.push(DueItem {
            dedupe_key: format!("adoption.review.{}", a.id),
            module: super::MODULE_NAME,
            message_key: "task.adoption_review",
            subject: a.id.to_string(),
            link: format!("/adoption/applications/{}", a.id),
            institution_id: Some(bureau),
            role: Some("registrar"),
            user_id: None,
            due_date: deadline,
            mail: false,
        });
    }
    Ok(out)
}
