//! After-care (issue 16 point 7): contacts with a placed young adult during the transition period
//! (`adulthood.transition_years`, Shenzhen 2019: 3 years) on a policy schedule
//! (`adulthood.followup_interval_days`), with notes and concerns; a young adult who comes back for help is
//! recorded here, not re-admitted.

use super::load_to_act;
use super::records::date_field;
use super::refusal::Refused;
use crate::adulthood::model::{self, ContactKind};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::adulthood_followups as af;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::forms::multiline;
use crate::platform::{FieldErrors, Op};
use chrono::{Months, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ContactForm {
    pub contact_on: String,
    pub kind: String,
    pub note: String,
    pub concern: String,
}

/// Record a contact with a placed young adult.
pub fn record(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &ContactForm,
) -> AppResult<Result<i64, FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    let Some(case) = y.case.clone().filter(|c| c.discharged_on.is_some()) else {
        return Ok(Err(Refused::NotPlaced.errors(op)));
    };
    let mut e = FieldErrors::default();
    let on = date_field(&mut e, op, "contact_on", &f.contact_on, true);
    let kind = ContactKind::parse(f.kind.trim());
    if kind.is_none() {
        e.add("kind", op.tr.t("err.choose"));
    }
    let note = multiline(&mut e, op.tr, "note", &f.note, true, 4000);
    let (Some(on), Some(kind), true) = (on, kind, e.is_empty()) else {
        return Ok(Err(e));
    };
    let concern = f.concern == "yes";
    crate::db::write_tx(conn, |c| -> AppResult<Result<i64, FieldErrors>> {
        let id: i64 = diesel::insert_into(af::table)
            .values((
                af::case_id.eq(case.id),
                af::contact_on.eq(on),
                af::kind.eq(kind),
                af::note.eq(&note),
                af::concern.eq(concern),
                af::recorded_by.eq(op.user.id),
                af::recorded_at.eq(op.now),
            ))
            .returning(af::id)
            .get_result(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "adulthood_followup", id)
                .with_detail(format!("child {child} {}", kind.code())),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(id))
    })
}

/// The next follow-up due after placement on `placed`, with the last contact on `last` (pure): every
/// `interval_days` from the last contact (or the placement), while within `transition_years` of it;
/// `None` once the transition period is over.
pub fn next_due(
    placed: NaiveDate,
    last: Option<NaiveDate>,
    interval_days: i64,
    transition_years: u32,
) -> Option<NaiveDate> {
    let end = placed.checked_add_months(Months::new(transition_years * 12))?;
    let due = last.unwrap_or(placed).max(placed) + chrono::Duration::days(interval_days.max(1));
    (due <= end).then_some(due)
}

/// The follow-ups due for the daily pass: one task per placed young adult in the transition period.
pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> AppResult<Vec<crate::jobs::DueItem>> {
    let placed = model::placed_cases(conn)?;
    let ids: Vec<i64> = placed.iter().map(|c| c.id).collect();
    let contacts = model::followups(conn, &ids)?;
    let org = super::Org::load(conn)?;
    let names =
        crate::archive::summaries(conn, &placed.iter().map(|c| c.child_id).collect::<Vec<_>>())?;
    let mut out = Vec::new();
    for c in placed {
        let Some(on) = c.discharged_on else { continue };
        let div = org.division_of(c.institution_id);
        let interval = crate::policy::int(
            conn,
            crate::policy::keys::ADULTHOOD_FOLLOWUP_INTERVAL_DAYS,
            div,
            today,
        )?;
        let years = crate::policy::int(
            conn,
            crate::policy::keys::ADULTHOOD_TRANSITION_YEARS,
            div,
            today,
        )?;
        let last = contacts
            .iter()
            .find(|f| f.case_id == c.id)
            .map(|f| f.contact_on);
        let Some(due) = next_due(on, last, interval, years.max(0) as u32) else {
            continue;
        };
        let subject = crate::archive::summary_of(&names, c.child_id)
            .map(|s| s.archive_no.clone())
            .unwrap_or_default();
        out.push(crate::jobs::DueItem {
            dedupe_key: format!("adulthood.followup.{}.{due}", c.child_id),
            module: crate::adulthood::MODULE_NAME,
            message_key: "task.adulthood_followup",
            subject,
            link: format!("/adulthood/{}", c.child_id),
            institution_id: Some(c.institution_id),
            role: Some("social-worker"),
            user_id: None,
            due_date: due,
            mail: false,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::next_due;
    use chrono::NaiveDate;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid")
    }
    #[test]
    fn follow_ups_every_interval_within_the_transition_period() {
        assert_eq!(next_due(d(2025, 11, 23), None, 90, 3), Some(d(2026, 2, 21)));
        assert_eq!(
            next_due(d(2025, 11, 23), Some(d(2026, 2, 20)), 90, 3),
            Some(d(2026, 5, 21))
        );
        // The last day of the transition period is still in it; the day after is not.
        assert_eq!(
            next_due(d(2025, 11, 23), Some(d(2028, 8, 25)), 90, 3),
            Some(d(2028, 11, 23))
        );
        assert_eq!(next_due(d(2025, 11, 23), Some(d(2028, 8, 26)), 90, 3), None);
    }
}
