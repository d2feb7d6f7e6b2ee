//! Due items owned by the platform itself (the modules add their own sources beside this one).

use super::DueItem;
use crate::db::schema::{institutions, mail_outbox, policy_values, users};
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::prelude::*;

pub const MODULE: &str = "platform";

pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let mut out = Vec::new();
    // An institution without a contact e-mail cannot receive transfer or system notices: its head fixes it.
    let missing: Vec<(crate::org::InstitutionId, String, String)> = institutions::table
        .filter(institutions::contact_email.eq(""))
        .select((institutions::id, institutions::code, institutions::name))
        .load(conn)?;
    for (id, code, name) in missing {
        out.push(DueItem {
            dedupe_key: format!("platform.institution_email.head.{code}"),
            module: MODULE,
            message_key: "task.institution_email_head",
            subject: name.clone(),
            link: "/institutions".into(),
            institution_id: Some(id),
            role: Some("head"),
            user_id: None,
            due_date: today,
            mail: false,
        });
        out.push(DueItem {
            dedupe_key: format!("platform.institution_email.{code}"),
            module: MODULE,
            message_key: "task.institution_email",
            subject: name,
            link: format!("/admin/institutions/{id}/edit"),
            institution_id: Some(id),
            role: Some("admin"),
            user_id: None,
            due_date: today,
            mail: false,
        });
    }
    // Policy values marked unverified (shared/domain/regulations.md [UNVERIFIED]) must be confirmed.
    let unverified: Vec<(String, String)> = policy_values::table
        .filter(policy_values::verified.eq(false))
        .filter(policy_values::effective_from.le(today))
        .select((policy_values::key, policy_values::jurisdiction))
        .load(conn)?;
    for (key, j) in unverified {
        out.push(DueItem {
            dedupe_key: format!("platform.policy_unverified.{key}.{j}"),
            module: MODULE,
            message_key: "task.policy_unverified",
            subject: format!("{key} ({j})"),
            link: "/policy".into(),
            institution_id: None,
            role: Some("admin"),
            user_id: None,
            due_date: today,
            mail: false,
        });
    }
    // Mail that could not be delivered after every retry.
    let failed: i64 = mail_outbox::table
        .filter(mail_outbox::failed_at.is_not_null())
        .count()
        .get_result(conn)?;
    if failed > 0 {
        out.push(DueItem {
            dedupe_key: "platform.mail_failed".into(),
            module: MODULE,
            message_key: "task.mail_failed",
            subject: failed.to_string(),
            link: "/admin/audit".into(),
            institution_id: None,
            role: Some("admin"),
            user_id: None,
            due_date: today,
            mail: false,
        });
    }
    // Accounts locked after repeated failed logins: the admin checks and unlocks.
    let now = today.and_time(chrono::NaiveTime::MIN);
    let locked: Vec<(i64, String)> = users::table
        .filter(users::locked_until.gt(now))
        .select((users::id, users::username))
        .load(conn)?;
    for (id, name) in locked {
        out.push(DueItem {
            dedupe_key: format!("platform.account_locked.{id}"),
            module: MODULE,
            message_key: "task.account_locked",
            subject: name,
            link: format!("/admin/users/{id}"),
            institution_id: None,
            role: Some("admin"),
            user_id: None,
            due_date: today,
            mail: false,
        });
    }
    Ok(out)
}
