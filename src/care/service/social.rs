//! Social-work records (社会工作, issue 14 point 6): case notes (type, summary, follow-up), counselling
//! sessions (心理辅导), family tracing (寻亲) and relatives' visits, and the child's own wishes recorded
//! in the child's words (儿童心愿: kept verbatim, never paraphrased). Each files an entry in the
//! archive's 社会工作 section, so the archive's restriction rule for that section covers them on every
//! page. Social workers record them (`RecordSocialWork`).

use super::records::{audit_create, file, last_id};
use super::rehab::MoreInput;
use super::{child_to_write, CareResult, Check, Field, Refused};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::care::model_more::SocialKind;
use crate::db::schema::care_social as so;
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use diesel::prelude::*;

/// A social-work record of any kind.
pub fn record(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &MoreInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordSocialWork)?;
    let mut ck = Check::default();
    let kind = SocialKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    let on = ck.past_date(op, Field::Date, &f.date);
    // The child's words are kept as typed (only the surrounding blank is dropped).
    let text = ck.text(op, Field::Text, &f.text, 4000);
    let follow_up = ck.optional(op, Field::FollowUp, &f.follow_up, 2000);
    ck.done(())?;
    let kind = kind.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(so::table)
            .values((
                so::child_id.eq(child),
                so::institution_id.eq(k.institution_id),
                so::kind.eq(kind),
                so::held_on.eq(on),
                so::summary.eq(&text),
                so::follow_up.eq(&follow_up),
                so::recorded_by.eq(op.user.id),
                so::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = so::table
            .filter(so::child_id.eq(child))
            .select(diesel::dsl::max(so::id))
            .first(c);
        let id = last_id(c, q)?;
        let short: String = text.chars().take(80).collect();
        let summary = if kind == SocialKind::Wishes {
            format!("{}：「{}」", op.tr.t("care.social.wishes"), short)
        } else {
            format!(
                "{}：{}",
                op.tr.t(&format!("care.social.{}", kind.code())),
                short
            )
        };
        let kind_code = format!("care_social_{}", kind.code());
        file(c, op, child, "social-work", on, &kind_code, &summary, id)?;
        audit_create(c, op, &kind_code, id, child)?;
        Ok(id)
    })
}
