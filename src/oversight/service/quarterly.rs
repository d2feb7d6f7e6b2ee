//! The quarterly statistical extract (季度统计, issue 17 point 2) per institution and for the division.
//!
//! Layout (docs/oversight.md, "Quarterly extract"): the child items of the civil-affairs quarterly report
//! 《民政统计季报表》 JBZH0001 (care-and-oversight.md §4, STAT-01) — beds, children in care at the
//! quarter end by category, sex, age band and disability, admissions and discharges in the quarter by
//! reason — plus transfers in and out and staff. The institution-level base form was not found
//! [UNVERIFIED], so the line codes are Fuyu's own (`Q…`), each line carrying its code (STAT-02: a form
//! revision is a remapping of codes).
//!
//! Reproducible (STAT-01): children in care are counted on the quarter-end day from the intake and
//! discharge dates and the archive's move history, where they were that day — not from today's status.
//! Beds and staff have no history in Fuyu: they are today's figures (stated in the sheet).

use super::Place;
use crate::archive::rules::{AGE_BANDS, ALL_CATEGORIES, DISCHARGE_REASONS};
use crate::archive::stats as archive;
use crate::db::schema::users;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::org::InstitutionId;
use crate::oversight::rules::Quarter;
use crate::platform::Op;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// One line of the extract: its code, its label and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub code: String,
    pub label: String,
    pub value: i64,
}

/// The extract of one quarter: the summary over the places and one block per place.
#[derive(Debug, Clone)]
pub struct Extract {
    pub quarter: Quarter,
    pub summary: Vec<Line>,
    pub places: Vec<(Place, Vec<Line>)>,
}

/// Compute the extract of `quarter` for the places (aggregate queries only).
pub fn extract(
    conn: &mut DbConn,
    op: &Op<'_>,
    places: &[Place],
    quarter: Quarter,
) -> AppResult<Extract> {
    let ids: Vec<InstitutionId> = super::ids(places);
    let (start, end) = (quarter.start(), quarter.end());
    let at_end = archive::children_on(conn, Some(&ids), end)?;
    let ins = archive::intakes(conn, Some(&ids), start, end)?;
    let outs = archive::discharges(conn, Some(&ids), start, end)?;
    let moves = archive::moves(conn, start, end)?;
    let staff: Vec<(Option<InstitutionId>, i64)> = users::table
        .filter(users::active.eq(true))
        .filter(users::institution_id.eq_any(ids.clone()))
        .group_by(users::institution_id)
        .select((users::institution_id, count_star()))
        .load(conn)?;
    let block = |only: Option<InstitutionId>| -> Vec<Line> {
        let mine = |id: i64| only.is_none_or(|o| o.0 == id);
        let moved = |from: bool| -> i64 {
            moves
                .iter()
                .filter(|m| {
                    let (a, b) = (&m.from_institution, &m.to_institution);
                    let (this, other) = if from { (a, b) } else { (b, a) };
                    let parse =
                        |s: &Option<String>| s.as_deref().and_then(|v| v.parse::<i64>().ok());
                    // Within the division, a move between two of its institutions is neither in nor
                    // out of the summary.
                    parse(this).is_some_and(|i| ids.iter().any(|p| p.0 == i) && mine(i))
                        && (only.is_some()
                            || parse(other).is_none_or(|o| !ids.iter().any(|p| p.0 == o)))
                })
                .map(|m| m.n)
                .sum()
        };
        let kids: Vec<&archive::ChildCount> =
            at_end.iter().filter(|k| mine(k.institution_id)).collect();
        let sum = |f: &dyn Fn(&archive::ChildCount) -> bool| -> i64 {
            kids.iter().filter(|k| f(k)).map(|k| k.n).sum()
        };
        let tr = op.tr;
        let mut out = vec![
            line(
                "Q01",
                tr.t("oversight.q.beds"),
                places
                    .iter()
                    .filter(|p| only.is_none_or(|o| o == p.id))
                    .map(|p| i64::from(p.beds))
                    .sum(),
            ),
            line(
                "Q02",
                tr.t("oversight.q.staff"),
                staff
                    .iter()
                    .filter(|(i, _)| i.is_some_and(|i| mine(i.0)))
                    .map(|s| s.1)
                    .sum(),
            ),
            line("Q10", tr.t("oversight.q.in_care"), sum(&|_| true)),
        ];
        for (i, c) in ALL_CATEGORIES.iter().enumerate() {
            let label = tr.t(&format!("category.{}", c.code())).to_string();
            out.push(line(
                &format!("Q11.{:02}", i + 1),
                &label,
                sum(&|k| k.category == c.code()),
            ));
        }
        for (i, s) in ["M", "F"].iter().enumerate() {
            out.push(line(
                &format!("Q12.{}", i + 1),
                tr.t(&format!("sex.{s}")),
                sum(&|k| k.sex == *s),
            ));
        }
        for (i, (band, _, _)) in AGE_BANDS.iter().enumerate() {
            let label = tr.tf("oversight.q.age_band", &[("band", band)]);
            out.push(line(
                &format!("Q13.{}", i + 1),
                &label,
                sum(&|k| k.band == *band),
            ));
        }
        out.push(line(
            "Q14",
            tr.t("oversight.q.disabled"),
            sum(&|k| k.disabled == 1),
        ));
        let flow = |v: &[archive::FlowCount], reason: Option<&str>| -> i64 {
            v.iter()
                .filter(|f| mine(f.institution_id) && reason.is_none_or(|r| f.reason == r))
                .map(|f| f.n)
                .sum()
        };
        out.push(line("Q20", tr.t("oversight.q.admitted"), flow(&ins, None)));
        for (i, c) in ALL_CATEGORIES.iter().enumerate() {
            let label = tr.t(&format!("category.{}", c.code())).to_string();
            out.push(line(
                &format!("Q21.{:02}", i + 1),
                &label,
                flow(&ins, Some(c.code())),
            ));
        }
        out.push(line(
            "Q30",
            tr.t("oversight.q.discharged"),
            flow(&outs, None),
        ));
        for (i, r) in DISCHARGE_REASONS.iter().enumerate() {
            let label = tr.t(&format!("discharge.{r}")).to_string();
            out.push(line(
                &format!("Q31.{}", i + 1),
                &label,
                flow(&outs, Some(r)),
            ));
        }
        out.push(line("Q40", tr.t("oversight.q.moved_in"), moved(false)));
        out.push(line("Q41", tr.t("oversight.q.moved_out"), moved(true)));
        out
    };
    Ok(Extract {
        quarter,
        summary: block(None),
        places: places
            .iter()
            .map(|p| (p.clone(), block(Some(p.id))))
            .collect(),
    })
}

fn line(code: &str, label: &str, value: i64) -> Line {
    Line {
        code: code.to_string(),
        label: label.to_string(),
        value,
    }
}
