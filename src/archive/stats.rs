//! Aggregate counts of the archive's own tables for the oversight dashboard and the quarterly extract
//! (监督统计, issue 17). Every function answers GROUP BY / COUNT rows computed by the database — never
//! the children themselves — and no name (STAT-04: supervisors see aggregates above the institution).
//!
//! The SQL is written once for both backends. Only values the code computes itself (dates, integer
//! institution ids, the fixed age-band labels) are spliced into it; nothing a user typed.

use crate::archive::rules::{birth_range_for_ages, AGE_BANDS};
use crate::db::DbConn;
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text};

/// Children in care counted by institution, status, legal category, sex, disability and age band.
#[derive(Debug, Clone, QueryableByName, PartialEq, Eq)]
pub struct ChildCount {
    #[diesel(sql_type = BigInt)]
    pub institution_id: i64,
    /// `active` or `in-foster-care` (a child in foster care is still in the institution's care).
    #[diesel(sql_type = Text)]
    pub status: String,
    /// The intake category code (`category.<code>` in the catalogue).
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub sex: String,
    /// 1 when a disability type is recorded.
    #[diesel(sql_type = Integer)]
    pub disabled: i32,
    /// One of the archive's `AGE_BANDS` names (the children list's filter), or "" for none.
    #[diesel(sql_type = Text)]
    pub band: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Intakes or discharges on one day, by institution and reason (the intake category, or the discharge
/// reason).
#[derive(Debug, Clone, QueryableByName, PartialEq, Eq)]
pub struct FlowCount {
    #[diesel(sql_type = BigInt)]
    pub institution_id: i64,
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// A count per institution.
#[derive(Debug, Clone, QueryableByName, PartialEq, Eq)]
pub struct PerInstitution {
    #[diesel(sql_type = BigInt)]
    pub institution_id: i64,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// `institution_id IN (…)` for a list of institutions (`None`: every institution, the admin's scope).
fn within(column: &str, institutions: Option<&[crate::org::InstitutionId]>) -> String {
    match institutions {
        None => "1 = 1".into(),
        Some([]) => "1 = 0".into(),
        Some(ids) => format!(
            "{column} IN ({})",
            ids.iter()
                .map(|i| i.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The CASE expression naming a birth date's age band on `day` — the same bands and the same birth-date
/// ranges as the children list's age filter (`rules::birth_range_for_ages`), so the two agree.
fn band_case(day: NaiveDate) -> String {
    let mut s = String::from("CASE");
    for (name, min, max) in AGE_BANDS {
        let (from, to) = birth_range_for_ages(day, min, max);
        s.push_str(&format!(
            " WHEN birth_date BETWEEN '{from}' AND '{to}' THEN '{name}'"
        ));
    }
    s.push_str(" ELSE '' END");
    s
}

fn snapshot(
    conn: &mut DbConn,
    from: &str,
    inst: &str,
    day: NaiveDate,
) -> QueryResult<Vec<ChildCount>> {
    let sql = format!(
        "SELECT institution_id, status, category, sex, disabled, band, COUNT(*) AS n FROM (\
           SELECT {inst} AS institution_id, status, {cat} AS category, sex, \
             CAST(CASE WHEN disability_type <> '' THEN 1 ELSE 0 END AS INTEGER) AS disabled, \
             {band} AS band \
           FROM {from}) t \
         GROUP BY institution_id, status, category, sex, disabled, band",
        cat = "intake_category",
        band = band_case(day),
    );
    diesel::sql_query(sql).load(conn)
}

/// Children in care today (在院 and 家庭寄养中) in the given institutions.
pub fn children_now(
    conn: &mut DbConn,
    institutions: Option<&[crate::org::InstitutionId]>,
    today: NaiveDate,
) -> QueryResult<Vec<ChildCount>> {
    let from = format!(
        "children WHERE status IN ('active', 'in-foster-care') AND {}",
        within("institution_id", institutions)
    );
    snapshot(conn, &from, "institution_id", today)
}

/// The institution a child was at on `day`: the old value of the first move after that day (the
/// archive's change history, written by `relocate`), else where the child is now. Reproducible for a
/// past quarter (issue 17 point 2).
fn institution_on(day: NaiveDate) -> String {
    let next = day + Days::new(1);
    format!(
        "COALESCE((SELECT CAST(cc.old_value AS BIGINT) FROM child_changes cc \
           WHERE cc.child_id = c.id AND cc.field = 'institution' AND cc.changed_at >= '{next} 00:00:00' \
           ORDER BY cc.changed_at, cc.id LIMIT 1), c.institution_id)"
    )
}

/// The institution that took the child in: the old value of the child's first move, else the current one.
const INTAKE_INSTITUTION: &str =
    "COALESCE((SELECT CAST(cc.old_value AS BIGINT) FROM child_changes cc \
    WHERE cc.child_id = c.id AND cc.field = 'institution' ORDER BY cc.changed_at, cc.id LIMIT 1), \
    c.institution_id)";

/// Children in care at the end of `day` (taken in on or before it, not discharged by it), counted where
/// they were that day — from the dates and the move history, not from today's status, so a past
/// quarter's figures do not change when a child leaves later (STAT-01).
pub fn children_on(
    conn: &mut DbConn,
    institutions: Option<&[crate::org::InstitutionId]>,
    day: NaiveDate,
) -> QueryResult<Vec<ChildCount>> {
    let from = format!(
        "(SELECT {inst} AS at_institution, 'in-care' AS status, c.intake_category, c.sex, \
            c.disability_type, c.birth_date \
          FROM children c WHERE c.intake_date <= '{day}' \
            AND (c.discharge_date IS NULL OR c.discharge_date > '{day}')) x WHERE {w}",
        inst = institution_on(day),
        w = within("at_institution", institutions),
    );
    snapshot(conn, &from, "at_institution", day)
}

/// Intakes per day, institution and intake category from `from` to `to` inclusive (counted at the
/// institution that took the child in).
pub fn intakes(
    conn: &mut DbConn,
    institutions: Option<&[crate::org::InstitutionId]>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<FlowCount>> {
    let sql = format!(
        "SELECT institution_id, day, reason, COUNT(*) AS n FROM (\
           SELECT {INTAKE_INSTITUTION} AS institution_id, c.intake_date AS day, \
             c.intake_category AS reason \
           FROM children c WHERE c.intake_date BETWEEN '{from}' AND '{to}') t \
         WHERE {w} GROUP BY institution_id, day, reason",
        w = within("institution_id", institutions),
    );
    diesel::sql_query(sql).load(conn)
}

/// Discharges (离院) per day, institution and reason from `from` to `to` inclusive.
pub fn discharges(
    conn: &mut DbConn,
    institutions: Option<&[crate::org::InstitutionId]>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<FlowCount>> {
    let sql = format!(
        "SELECT institution_id, discharge_date AS day, COALESCE(discharge_reason, '') AS reason, \
           COUNT(*) AS n FROM children \
         WHERE discharge_date BETWEEN '{from}' AND '{to}' AND {w} \
         GROUP BY institution_id, discharge_date, discharge_reason",
        w = within("institution_id", institutions),
    );
    diesel::sql_query(sql).load(conn)
}

/// A move between institutions (a completed transfer), counted per receiving and per sending side.
#[derive(Debug, Clone, QueryableByName, PartialEq, Eq)]
pub struct MoveCount {
    #[diesel(sql_type = Nullable<Text>)]
    pub from_institution: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub to_institution: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Moves between institutions recorded in the archive's history from `from` to `to` inclusive (the
/// quarterly extract's transferred in / out). Institutions are ids as the history stores them.
pub fn moves(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<MoveCount>> {
    let end = to + Days::new(1);
    let sql = format!(
        "SELECT old_value AS from_institution, new_value AS to_institution, COUNT(*) AS n \
         FROM child_changes WHERE field = 'institution' \
           AND changed_at >= '{from} 00:00:00' AND changed_at < '{end} 00:00:00' \
         GROUP BY old_value, new_value"
    );
    diesel::sql_query(sql).load(conn)
}

/// Long-term-guarded children (categories starting with one of `prefixes`) in care at the given
/// institutions, excluding `except` (children another module accounts for, e.g. those in an open
/// transfer), per institution — the transfer oversight's 应移送未移送 count without loading children.
pub fn active_in_categories(
    conn: &mut DbConn,
    institutions: &[crate::org::InstitutionId],
    prefixes: &[&str],
    except: &[i64],
) -> QueryResult<Vec<PerInstitution>> {
    if institutions.is_empty() || prefixes.is_empty() {
        return Ok(vec![]);
    }
    let cats = prefixes
        .iter()
        .filter(|p| p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|p| format!("intake_category LIKE '{p}%'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let not_in = if except.is_empty() {
        String::new()
    } else {
        format!(
            " AND id NOT IN ({})",
            except
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let sql = format!(
        "SELECT institution_id, COUNT(*) AS n FROM children \
         WHERE status = 'active' AND {w} AND ({cats}){not_in} GROUP BY institution_id",
        w = within("institution_id", Some(institutions)),
    );
    diesel::sql_query(sql).load(conn)
}
