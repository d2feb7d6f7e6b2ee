//! The adoption module's operations. Each write is one transaction with its audit rows; thresholds come
//! from the policy store for the acting user's division on the date in question.

pub mod after;
pub mod assessment;
pub mod decision;
pub mod documents;
pub mod dossier;
pub mod refusal;
pub mod registry;
pub mod third_party;

use super::rules::Thresholds;
use crate::auth::model::User;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::policy::keys;
use chrono::NaiveDate;

/// The division whose policy values apply to `user` (their institution's, or their own for a
/// supervisor); `None` for the national values.
pub fn division_of(conn: &mut DbConn, user: &User) -> AppResult<Option<i64>> {
    Ok(match user.institution_id {
        Some(i) => crate::org::model::holding(conn, i)?.map(|x| x.division_id),
        None => user.division_id,
    })
}

/// The eligibility thresholds in force on `on` in `division` (ADP-01…ADP-13, ADP-27).
pub fn thresholds(
    conn: &mut DbConn,
    division: Option<i64>,
    on: NaiveDate,
) -> AppResult<Thresholds> {
    let count = |v: i64| u32::try_from(v.clamp(0, 1000)).unwrap_or(0);
    let age = |v: i64| i32::try_from(v.clamp(0, 200)).unwrap_or(0);
    Ok(Thresholds {
        adult_age: age(crate::policy::int(
            conn,
            keys::CHILD_ADULT_AGE,
            division,
            on,
        )?),
        adopter_min_age: age(crate::policy::int(
            conn,
            keys::ADOPTION_ADOPTER_MIN_AGE,
            division,
            on,
        )?),
        adopter_max_children: count(crate::policy::int(
            conn,
            keys::ADOPTION_ADOPTER_MAX_CHILDREN,
            division,
            on,
        )?),
        max_adoptions_childless: count(crate::policy::int(
            conn,
            keys::ADOPTION_MAX_ADOPTIONS_CHILDLESS,
            division,
            on,
        )?),
        max_adoptions_with_children: count(crate::policy::int(
            conn,
            keys::ADOPTION_MAX_ADOPTIONS_WITH_CHILDREN,
            division,
            on,
        )?),
        unmarried_min_age_gap: age(crate::policy::int(
            conn,
            keys::ADOPTION_UNMARRIED_MIN_AGE_GAP,
            division,
            on,
        )?),
        child_consent_age: age(crate::policy::int(
            conn,
            keys::ADOPTION_CHILD_CONSENT_AGE,
            division,
            on,
        )?),
        intercountry_restricted_from: crate::policy::date(
            conn,
            keys::ADOPTION_INTERCOUNTRY_RESTRICTED_FROM,
            division,
            on,
        )?,
    })
}

/// The holiday calendar (民法典 第203条) in force on `on` for `division`: the policy lists of national
/// holidays and adjusted working days. A list that does not parse is an error (logged), never a guess.
pub fn calendar(
    conn: &mut DbConn,
    division: Option<i64>,
    on: NaiveDate,
) -> AppResult<super::rules::calendar::Calendar> {
    use super::rules::calendar::{parse_dates, Calendar};
    let dates = |key: &str, text: &str| -> AppResult<Vec<NaiveDate>> {
        parse_dates(text).map_err(|bad| {
            crate::error::AppError::Internal(format!("policy value {key}: not a date: {bad}"))
        })
    };
    let h = crate::policy::text(conn, keys::ADOPTION_HOLIDAYS, division, on)?;
    let holidays = dates(keys::ADOPTION_HOLIDAYS, &h.value)?;
    let w = crate::policy::text(conn, keys::ADOPTION_ADJUSTED_WORKDAYS, division, on)?;
    let workdays = dates(keys::ADOPTION_ADJUSTED_WORKDAYS, &w.value)?;
    Ok(Calendar::new(&holidays, &workdays))
}
