//! 福彩圆梦·孤儿助学工程 (issue 16 point 6, ADU-06): term-by-term enrolment confirmations of a young
//! person in continued study, checked against the eligibility rule (`rules::fucai`), each carrying its
//! share of the grant per academic year (`adulthood.fucai_grant_yuan`, 10 000: two terms a year, half
//! each — a decision, docs/adulthood.md), and the payment roster (CSV).

use super::load_to_act;
use super::records::date_field;
use super::refusal::Refused;
use crate::adulthood::model;
use crate::adulthood::rules::fucai::{self, Facts, Level};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::adulthood_grants as ag;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::forms::text;
use crate::platform::{FieldErrors, Op};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Terms in an academic year (the grant is paid in equal shares per confirmed term).
pub const TERMS_PER_YEAR: i64 = 2;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EnrolmentForm {
    pub academic_year: String,
    pub term: String,
    pub school: String,
    pub level: String,
    pub enrolment_confirmed_on: String,
    pub orphan_identified_on: String,
    pub disabled: String,
    pub full_time: String,
}

/// A line of the roster.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ag)]
pub struct Grant {
    pub id: i64,
    pub case_id: i64,
    pub academic_year: String,
    pub term: String,
    pub school: String,
    pub level: String,
    pub enrolment_confirmed_on: NaiveDate,
    pub amount_yuan: i64,
    pub recorded_by: crate::auth::UserId,
    pub recorded_at: NaiveDateTime,
}

pub fn of_cases(conn: &mut DbConn, cases: &[i64]) -> QueryResult<Vec<Grant>> {
    ag::table
        .filter(ag::case_id.eq_any(cases))
        .order((ag::academic_year.asc(), ag::term.asc(), ag::id.asc()))
        .select(Grant::as_select())
        .load(conn)
}

/// Confirm a term's enrolment; refused per field, or with every failed ADU-06 condition at `eligibility`.
pub fn confirm(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &EnrolmentForm,
) -> AppResult<Result<i64, FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    if y.case.as_ref().is_some_and(|c| c.discharged_on.is_some()) {
        return Ok(Err(Refused::Closed.errors(op)));
    }
    let mut e = FieldErrors::default();
    let year = text(&mut e, op.tr, "academic_year", &f.academic_year, true, 20);
    let term = text(&mut e, op.tr, "term", &f.term, true, 20);
    let school = text(&mut e, op.tr, "school", &f.school, true, 200);
    let level = Level::parse(f.level.trim());
    if level.is_none() {
        e.add("level", op.tr.t("err.choose"));
    }
    let confirmed = date_field(
        &mut e,
        op,
        "enrolment_confirmed_on",
        &f.enrolment_confirmed_on,
        true,
    );
    let orphan_on = date_field(
        &mut e,
        op,
        "orphan_identified_on",
        &f.orphan_identified_on,
        false,
    );
    let (Some(level), Some(confirmed), true) = (level, confirmed, e.is_empty()) else {
        return Ok(Err(e));
    };
    let facts = Facts {
        birth: y.child.birth_date,
        orphan_identified_on: orphan_on,
        // A young person still in the institution's care has not been adopted.
        adopted: false,
        disabled: f.disabled == "yes",
        full_time_continuous: f.full_time == "yes",
        level,
    };
    let div = super::Org::load(conn)?.division_of(y.child.institution_id);
    let adult_age =
        crate::policy::int(conn, crate::policy::keys::CHILD_ADULT_AGE, div, op.today)? as i32;
    let per_year = crate::policy::int(
        conn,
        crate::policy::keys::ADULTHOOD_FUCAI_GRANT_YUAN,
        div,
        op.today,
    )?;
    let failed = fucai::check(&facts, adult_age);
    if !failed.is_empty() {
        let reasons: Vec<String> = failed
            .iter()
            .map(|x| op.tr.t(x.reason).to_string())
            .collect();
        e.add("eligibility", reasons.join("；"));
        return Ok(Err(e));
    }
    let amount = fucai::grant(&facts, adult_age, per_year) / TERMS_PER_YEAR;
    crate::db::write_tx(conn, |c| -> AppResult<Result<i64, FieldErrors>> {
        let case = model::ensure_case(c, child, y.child.institution_id, op.now)?;
        let id: i64 = diesel::insert_into(ag::table)
            .values((
                ag::case_id.eq(case.id),
                ag::academic_year.eq(&year),
                ag::term.eq(&term),
                ag::school.eq(&school),
                ag::level.eq(level.code()),
                ag::enrolment_confirmed_on.eq(confirmed),
                ag::amount_yuan.eq(amount),
                ag::recorded_by.eq(op.user.id),
                ag::recorded_at.eq(op.now),
            ))
            .returning(ag::id)
            .get_result(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "adulthood_grant", id)
                .with_detail(format!("child {child} {year} {term} {amount}")),
        )?;
        Ok(Ok(id))
    })
}
