//! The commissioned third party's qualifications (收养评估办法（试行） 第7条, issue 13 point 4), stored with
//! the assessment it carries out: checked on the start form (`rules::third_party`), written in the
//! start's transaction, shown on the assessment page.

use crate::adoption::rules::third_party::{self as rules, Professional, RowError};
use crate::db::schema::adoption_third_parties as tp;
use crate::db::DbConn;
use crate::platform::{FieldErrors, Op};
use diesel::prelude::*;

/// The third party's part of the start form, as typed.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub credit_code: String,
    pub legal_person: bool,
    pub sound_management: bool,
    pub scope_covers: bool,
    pub business_scope: String,
    /// Up to `rules::ROWS` rows: name, profession code, qualification, years (as typed).
    pub rows: Vec<[String; 4]>,
}

/// The form fields of the professional rows (name, profession, years), one row per line.
pub const ROW_FIELDS: [[&str; 3]; rules::ROWS] = [
    ["p1_name", "p1_profession", "p1_years"],
    ["p2_name", "p2_profession", "p2_years"],
    ["p3_name", "p3_profession", "p3_years"],
    ["p4_name", "p4_profession", "p4_years"],
    ["p5_name", "p5_profession", "p5_years"],
];

/// The third party as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub credit_code: String,
    pub business_scope: String,
    pub professionals: Vec<Professional>,
}

/// ADP-20B (第7条) and the professional rows; the problems go beside their fields (`p<N>_name`,
/// `p<N>_profession`, `p<N>_years`, counted from 1). The professionals when everything passes.
pub fn check(op: &Op<'_>, f: &Input, e: &mut FieldErrors) -> Vec<Professional> {
    let attested = rules::Attested {
        credit_code: &f.credit_code,
        legal_person: f.legal_person,
        sound_management: f.sound_management,
        scope_covers: f.scope_covers,
        business_scope: &f.business_scope,
    };
    for p in rules::check(&attested) {
        e.add(
            p.field,
            format!(
                "{}（{} {}）",
                op.tr.t(&format!("adoption.assess.err.{}", p.code)),
                p.rule,
                p.article
            ),
        );
    }
    let mut staff = Vec::new();
    for (i, [name, profession, qualification, years]) in f.rows.iter().take(rules::ROWS).enumerate()
    {
        match rules::parse_row(name, profession, qualification, years) {
            Ok(Some(p)) => staff.push(p),
            Ok(None) => {}
            Err(err) => {
                let (col, key) = match err {
                    RowError::Name => (0, "adoption.assess.err.tp_row_name"),
                    RowError::Profession => (1, "adoption.assess.err.tp_row_profession"),
                    RowError::Years => (2, "adoption.assess.err.tp_row_years"),
                };
                e.add(ROW_FIELDS[i][col], op.tr.t(key).to_string());
            }
        }
    }
    staff
}

/// Store the third party of assessment `assessment_id`, inside the caller's transaction.
pub fn insert(
    c: &mut DbConn,
    assessment_id: i64,
    f: &Input,
    staff: &[Professional],
) -> QueryResult<()> {
    let text = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
    diesel::insert_into(tp::table)
        .values((
            tp::assessment_id.eq(assessment_id),
            tp::credit_code.eq(text(&f.credit_code, 18)),
            tp::legal_person.eq(f.legal_person),
            tp::sound_management.eq(f.sound_management),
            tp::scope_covers.eq(f.scope_covers),
            tp::business_scope.eq(text(&f.business_scope, 500)),
            tp::professionals.eq(staff
                .iter()
                .map(Professional::to_line)
                .collect::<Vec<_>>()
                .join("\n")),
        ))
        .execute(c)?;
    Ok(())
}

/// The third party of an assessment, if it was carried out by one.
pub fn of(c: &mut DbConn, assessment_id: i64) -> QueryResult<Option<Stored>> {
    let row: Option<(String, String, String)> = tp::table
        .filter(tp::assessment_id.eq(assessment_id))
        .select((tp::credit_code, tp::business_scope, tp::professionals))
        .get_result(c)
        .optional()?;
    Ok(row.map(|(credit_code, business_scope, lines)| Stored {
        credit_code,
        business_scope,
        professionals: lines.lines().filter_map(Professional::from_line).collect(),
    }))
}
