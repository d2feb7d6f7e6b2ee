//! Due items of adoption for the daily pass, each the bureau registrar's task: the registration review
//! deadline (ADP-16, 登记办法 第8条: 30 days from the day after receipt, the public-notice period not
//! counted), the assessment report deadline (ADP-23, policy) and the next post-adoption follow-up visit
//! (收养后回访, policy interval). A task past its due date shows as overdue.

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
        // 民法典 第203条: the calendar moves a last day off a rest day.
        let Ok(cal) = crate::adoption::service::calendar(conn, division, today) else {
            continue;
        };
        let deadline = clock::review_deadline_in(
            a.received_on,
            u32::try_from(review.max(1)).unwrap_or(1),
            notice,
            &cal,
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
    assessment_and_follow_up(conn, today, &mut out)?;
    Ok(out)
}

fn registrar_task(
    a: &model::Application,
    key: String,
    message_key: &'static str,
    due: NaiveDate,
) -> DueItem {
    DueItem {
        dedupe_key: key,
        module: super::MODULE_NAME,
        message_key,
        subject: a.id.to_string(),
        link: format!("/adoption/applications/{}", a.id),
        institution_id: Some(crate::org::InstitutionId(a.bureau_id)),
        role: Some("registrar"),
        user_id: None,
        due_date: due,
        mail: false,
    }
}

fn assessment_and_follow_up(
    conn: &mut DbConn,
    today: NaiveDate,
    out: &mut Vec<DueItem>,
) -> QueryResult<()> {
    for s in model::unreported_assessments(conn)? {
        let Some(a) = model::application(conn, s.application_id)? else {
            continue;
        };
        if !matches!(
            a.state(),
            Some(model::AppState::Received | model::AppState::Integration)
        ) {
            continue;
        }
        let division =
            crate::org::model::holding(conn, crate::org::InstitutionId(a.placing_institution_id))?
                .map(|i| i.division_id);
        let Ok(days) = crate::policy::int(
            conn,
            crate::policy::keys::ADOPTION_ASSESSMENT_REPORT_DAYS,
            division,
            s.started_on,
        ) else {
            continue;
        };
        let due = super::rules::assessment::report_due(
            s.started_on,
            u32::try_from(days.max(0)).unwrap_or(0),
        );
        out.push(registrar_task(
            &a,
            format!("adoption.assessment.{}", a.id),
            "task.adoption_assessment",
            due,
        ));
    }
    for a in model::registered_applications(conn)? {
        let Ok(Some(due)) = super::service::after::next_follow_up(conn, &a, today) else {
            continue;
        };
        // One task per scheduled visit: the key names the due date, so a recorded visit opens the next.
        out.push(registrar_task(
            &a,
            format!("adoption.follow_up.{}.{due}", a.id),
            "task.adoption_follow_up",
            due,
        ));
    }
    Ok(())
}
