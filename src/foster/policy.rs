//! The foster thresholds in force for a division on a date, read from the policy store (national
//! values as default, a province or city may set its own — shared/domain/regulations.md §1.11).

use super::rules::Thresholds;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::policy::{self, keys};
use chrono::NaiveDate;

/// Everything the engine reads from the policy store.
#[derive(Debug, Clone, Copy)]
pub struct InForce {
    pub thresholds: Thresholds,
    /// FOS-04 local per-capita living area, m².
    pub local_avg_area: f64,
    /// FOS-05 local middle level of per-capita income, yuan per year.
    pub local_middle_income: f64,
    /// FOS-12 the age from which the child's opinion is recorded.
    pub opinion_age: i32,
}

/// The division whose policy applies to a user: the institution's (county or city; the chain climbs to
/// the city, the province and `CN`), or a supervisor's own division.
pub fn division_of(conn: &mut DbConn, user: &crate::auth::model::User) -> AppResult<Option<i64>> {
    if let Some(inst) = user.institution_id {
        return Ok(crate::org::model::holding(conn, inst)?.map(|i| i.division_id));
    }
    Ok(user.division_id)
}

/// The values in force on `on`, or `None` when a threshold of the engine has no value in force that
/// day (a date before the Measures took effect on 2014-12-01).
pub fn in_force(
    conn: &mut DbConn,
    division_id: Option<i64>,
    on: NaiveDate,
) -> AppResult<Option<InForce>> {
    let chain = policy::jurisdiction_chain(conn, division_id)?;
    let rows = policy::all(conn)?;
    let get = |key: &str| -> AppResult<Option<i64>> {
        let mine: Vec<policy::PolicyValue> =
            rows.iter().filter(|r| r.key == key).cloned().collect();
        match policy::choose(&mine, &chain, on) {
            None => Ok(None),
            Some(v) => v.value.trim().parse().map(Some).map_err(|_| {
                AppError::Internal(format!(
                    "policy value {key} (row {}) is not a whole number",
                    v.id
                ))
            }),
        }
    };
    let age = |v: i64| v.clamp(0, 150) as i32;
    let (
        Some(adult),
        Some(min_age),
        Some(max_age),
        Some(education),
        Some(max_children),
        Some(young),
        Some(consent),
        Some(area),
        Some(income),
        opinion,
    ) = (
        get(keys::CHILD_ADULT_AGE)?,
        get(keys::FOSTER_CAREGIVER_MIN_AGE)?,
        get(keys::FOSTER_CAREGIVER_MAX_AGE)?,
        get(keys::FOSTER_CAREGIVER_MIN_EDUCATION_LEVEL)?,
        get(keys::FOSTER_MAX_CHILDREN)?,
        get(keys::FOSTER_NO_RESIDENT_CHILD_UNDER_AGE)?,
        get(keys::FOSTER_CHILD_CONSENT_AGE)?,
        get(keys::FOSTER_LOCAL_AVG_AREA_DM2)?,
        get(keys::FOSTER_LOCAL_MIDDLE_INCOME_YUAN)?,
        get(keys::FOSTER_CHILD_OPINION_AGE)?,
    )
    else {
        return Ok(None);
    };
    Ok(Some(InForce {
        thresholds: Thresholds {
            child_adult_age: age(adult),
            caregiver_min_age: age(min_age),
            caregiver_max_age: age(max_age),
            caregiver_min_education_level: education,
            max_children,
            no_resident_child_under_age: age(young),
            child_consent_age: age(consent),
        },
        local_avg_area: area as f64 / 100.0,
        local_middle_income: income as f64,
        // The opinion age (未成年人保护法 第19条, revised text in force 2021-06-01) is not a condition of
        // the engine: on a date before it, the child's opinion is recorded from the consent age of
        // 第11条, so the Measures (in force 2014-12-01) are checked on any date they apply.
        opinion_age: age(opinion.unwrap_or(consent)),
    }))
}
