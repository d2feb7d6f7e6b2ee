//! The yearly archive spot check (档案抽查, seed 002 "每年开展一次档案抽查工作"; issue 17 point 4): a
//! supervisor starts the year's check of their division; the system draws a reproducible sample of the
//! archives in care per institution (`rules::spot_check::draw`, the seed kept and shown; the size from the
//! policy values); each sampled archive gets a checklist (`spot_check_items`); findings are tracked to
//! closed; the check completes when every sampled archive is checked. The daily pass keeps a task for
//! the supervisor of each institution whose archives are not checked by the policy day (`due`).

use super::Place;
use crate::archive;
use crate::db::schema::{
    oversight_spot_check_draws as dr, oversight_spot_check_samples as sa,
    oversight_spot_checks as sc,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::org::InstitutionId;
use crate::oversight::rules::spot_check as rules;
use crate::platform::{FieldErrors, Op};
use crate::policy::{self, keys};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

pub use super::spot_check_items::*;

/// A started check.
#[derive(Debug, Clone, Queryable)]
pub struct Check {
    pub id: i64,
    pub division_id: i64,
    pub year: i32,
    pub seed: String,
    pub drawn_on: NaiveDate,
    pub sample_percent: i32,
    pub sample_min: i32,
    pub started_by_name: String,
    pub started_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

type CheckCols = (
    sc::id,
    sc::division_id,
    sc::year,
    sc::seed,
    sc::drawn_on,
    sc::sample_percent,
    sc::sample_min,
    sc::started_by_name,
    sc::started_at,
    sc::completed_at,
);
const CHECK_COLS: CheckCols = (
    sc::id,
    sc::division_id,
    sc::year,
    sc::seed,
    sc::drawn_on,
    sc::sample_percent,
    sc::sample_min,
    sc::started_by_name,
    sc::started_at,
    sc::completed_at,
);

/// One institution's draw: archives in care on the draw day and the sample size.
#[derive(Debug, Clone)]
pub struct Draw {
    pub place: Place,
    pub population: i32,
    pub sample_size: i32,
}

/// A sampled archive.
#[derive(Debug, Clone, Queryable)]
pub struct Sample {
    pub id: i64,
    pub check_id: i64,
    pub institution_id: i64,
    pub child_id: i64,
    pub archive_no: String,
    pub position: i32,
    pub checked_at: Option<NaiveDateTime>,
    pub checked_by_name: Option<String>,
}

pub(super) const SAMPLE_COLS: (
    sa::id,
    sa::check_id,
    sa::institution_id,
    sa::child_id,
    sa::archive_no,
    sa::position,
    sa::checked_at,
    sa::checked_by_name,
) = (
    sa::id,
    sa::check_id,
    sa::institution_id,
    sa::child_id,
    sa::archive_no,
    sa::position,
    sa::checked_at,
    sa::checked_by_name,
);

/// A check as a user sees it: only the institutions of their scope.
#[derive(Debug, Clone)]
pub struct CheckView {
    pub check: Check,
    pub draws: Vec<Draw>,
    pub samples: Vec<Sample>,
    pub findings: Vec<Finding>,
}

crate::code_enum! {
    /// Why the spot check refused something the user can fix.
    pub enum Refused {
        /// The division's check of this year is already started (one check a year, seed 002).
        AlreadyStarted = "already_started",
        /// The seed is not a whole number of at most 20 digits.
        BadSeed = "bad_seed",
        /// The user has no division (a supervisor account without one cannot start a check).
        NoDivision = "no_division",
        /// An item of the checklist has no outcome.
        OutcomeMissing = "outcome_missing",
        /// A finding needs a note saying what is wrong.
        NoteRequired = "note_required",
        /// A correction needs a note saying what was done.
        CorrectionRequired = "correction_required",
        /// A finding is closed only after the institution recorded its correction.
        NotCorrected = "not_corrected",
        /// The finding is already closed.
        AlreadyClosed = "already_closed",
    }
}

impl Refused {
    pub fn message_key(self) -> String {
        format!("oversight.spot_check.err.{}", self.code())
    }
    /// The refusal as an error beside `field`, in the user's language.
    pub fn on(self, field: &'static str, op: &Op<'_>) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, op.tr.t(&self.message_key()));
        e
    }
}

/// The checks the user sees: those with an institution of their scope, newest first.
pub fn list(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Vec<(Check, Vec<Draw>)>> {
    let places = super::places(conn, op, None)?;
    let ids: Vec<i64> = places.iter().map(|p| p.id.0).collect();
    let check_ids: Vec<i64> = dr::table
        .filter(dr::institution_id.eq_any(&ids))
        .select(dr::check_id)
        .distinct()
        .load(conn)?;
    let checks: Vec<Check> = sc::table
        .filter(sc::id.eq_any(&check_ids))
        .order((sc::year.desc(), sc::id.desc()))
        .select(CHECK_COLS)
        .load(conn)?;
    let mut out = Vec::new();
    for c in checks {
        let draws = draws(conn, c.id, &places)?;
        out.push((c, draws));
    }
    Ok(out)
}

fn draws(conn: &mut DbConn, check: i64, places: &[Place]) -> AppResult<Vec<Draw>> {
    let rows: Vec<(i64, i32, i32)> = dr::table
        .filter(dr::check_id.eq(check))
        .order(dr::id.asc())
        .select((dr::institution_id, dr::population, dr::sample_size))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(inst, population, sample_size)| {
            let place = places.iter().find(|p| p.id.0 == inst)?.clone();
            Some(Draw {
                place,
                population,
                sample_size,
            })
        })
        .collect())
}

/// Whether the user's division already has this year's check.
pub fn started_this_year(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Option<i64>> {
    let Some(div) = op.user.division_id else {
        return Ok(None);
    };
    Ok(sc::table
        .filter(sc::division_id.eq(div))
        .filter(sc::year.eq(op.today.year()))
        .select(sc::id)
        .first(conn)
        .optional()?)
}

/// One check, limited to the institutions of the user's scope (none of them in it: 404). The view is
/// audited (it names archives by number).
pub fn view(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<CheckView> {
    let places = super::places(conn, op, None)?;
    let check: Check = sc::table
        .find(id)
        .select(CHECK_COLS)
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let draws = draws(conn, id, &places)?;
    if draws.is_empty() {
        return Err(AppError::NotFound);
    }
    let ids: Vec<i64> = draws.iter().map(|d| d.place.id.0).collect();
    let samples: Vec<Sample> = sa::table
        .filter(sa::check_id.eq(id))
        .filter(sa::institution_id.eq_any(&ids))
        .order((sa::institution_id.asc(), sa::position.asc()))
        .select(SAMPLE_COLS)
        .load(conn)?;
    let findings = findings(conn, &samples)?;
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "spot_check", id)
            .with_detail(format!("{} samples", samples.len())),
    )?;
    Ok(CheckView {
        check,
        draws,
        samples,
        findings,
    })
}

/// Start the year's check of the user's division: draw the sample of every institution of the division
/// (the user's scope) with `seed` (typed, or a fresh random one), in one write transaction with its
/// audit row.
pub fn start(conn: &mut DbConn, op: &Op<'_>, seed: &str) -> AppResult<Result<i64, FieldErrors>> {
    let Some(division) = op.user.division_id else {
        return Ok(Err(Refused::NoDivision.on("seed", op)));
    };
    let seed = if seed.trim().is_empty() {
        rand::random::<u64>().to_string()
    } else {
        match rules::parse_seed(seed) {
            Some(s) => s,
            None => return Ok(Err(Refused::BadSeed.on("seed", op))),
        }
    };
    let today = op.today;
    let percent = policy::int(
        conn,
        keys::OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT,
        Some(division),
        today,
    )?;
    let minimum = policy::int(
        conn,
        keys::OVERSIGHT_SPOT_CHECK_SAMPLE_MIN,
        Some(division),
        today,
    )?;
    let places = super::places(conn, op, None)?;
    crate::db::write_tx(conn, |c| {
        if started_this_year(c, op)?.is_some() {
            return Ok(Err(Refused::AlreadyStarted.on("seed", op)));
        }
        let id: i64 = diesel::insert_into(sc::table)
            .values((
                sc::division_id.eq(division),
                sc::year.eq(today.year()),
                sc::seed.eq(&seed),
                sc::drawn_on.eq(today),
                sc::sample_percent.eq(percent as i32),
                sc::sample_min.eq(minimum as i32),
                sc::started_by.eq(op.user.id.0),
                sc::started_by_name.eq(&op.user.display_name),
                sc::started_at.eq(op.now),
            ))
            .returning(sc::id)
            .get_result(c)?;
        let population = archive::spot_check_population(c, &super::ids(&places))?;
        let mut drawn = 0usize;
        for p in &places {
            let mine: Vec<&archive::SpotCheckArchive> = population
                .iter()
                .filter(|a| a.institution_id == p.id)
                .collect();
            let ids: Vec<i64> = mine.iter().map(|a| a.id.0).collect();
            let n = rules::sample_size(ids.len(), percent, minimum);
            let sample = rules::draw(&seed, &ids, n);
            diesel::insert_into(dr::table)
                .values((
                    dr::check_id.eq(id),
                    dr::institution_id.eq(p.id.0),
                    dr::population.eq(ids.len() as i32),
                    dr::sample_size.eq(sample.len() as i32),
                ))
                .execute(c)?;
            for (pos, child) in sample.iter().enumerate() {
                let no = mine
                    .iter()
                    .find(|a| a.id.0 == *child)
                    .map(|a| a.archive_no.clone())
                    .unwrap_or_default();
                diesel::insert_into(sa::table)
                    .values((
                        sa::check_id.eq(id),
                        sa::institution_id.eq(p.id.0),
                        sa::child_id.eq(child),
                        sa::archive_no.eq(no),
                        sa::position.eq(pos as i32 + 1),
                    ))
                    .execute(c)?;
            }
            drawn += sample.len();
        }
        // Nothing to check (no archive in care anywhere): the check is complete as it starts.
        if drawn == 0 {
            diesel::update(sc::table.find(id))
                .set(sc::completed_at.eq(Some(op.now)))
                .execute(c)?;
        }
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", "spot_check", id).with_detail(format!(
                "year {} seed {seed} percent {percent} min {minimum} drawn {drawn}",
                today.year()
            )),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(id))
    })
}

/// The daily pass's source: a task for the supervisor of each institution with archives in care whose
/// archives no completed check of the year covers, from `notice` days before the policy day on (due on
/// that day) — it closes when a check covering the institution completes.
pub fn due(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<crate::jobs::DueItem>> {
    use crate::db::schema::institutions;
    let fail = |e: AppError| diesel::result::Error::QueryBuilderError(e.to_string().into());
    let year = today.year();
    let mut in_care: Vec<i64> = archive::stats::children_now(conn, None, today)?
        .into_iter()
        .filter(|c| c.n > 0)
        .map(|c| c.institution_id)
        .collect();
    in_care.sort();
    in_care.dedup();
    let done: Vec<i64> = dr::table
        .inner_join(sc::table)
        .filter(sc::year.eq(year))
        .filter(sc::completed_at.is_not_null())
        .select(dr::institution_id)
        .load(conn)?;
    let places: Vec<(InstitutionId, String, i64)> = institutions::table
        .filter(institutions::id.eq_any(in_care.iter().map(|i| InstitutionId(*i))))
        .order(institutions::id.asc())
        .select((
            institutions::id,
            institutions::name,
            institutions::division_id,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (inst, name, division) in places {
        if done.contains(&inst.0) {
            continue;
        }
        let mmdd = policy::int(
            conn,
            keys::OVERSIGHT_SPOT_CHECK_DUE_MMDD,
            Some(division),
            today,
        )
        .map_err(fail)?;
        let notice = policy::int(
            conn,
            keys::OVERSIGHT_YEARLY_DUTY_NOTICE_DAYS,
            Some(division),
            today,
        )
        .map_err(fail)?;
        let due = rules::due_on(year, mmdd);
        if !rules::task_open(today, due, notice) {
            continue;
        }
        out.push(crate::jobs::DueItem {
            dedupe_key: format!("oversight-spotcheck:{}:{year}", inst),
            module: crate::oversight::MODULE_NAME,
            message_key: TASK_KEY,
            subject: format!("{name} {year}"),
            link: "/oversight/spot-checks".to_string(),
            institution_id: Some(inst),
            role: Some(crate::auth::Role::Supervisor.code()),
            user_id: None,
            due_date: due,
            mail: false,
        });
    }
    Ok(out)
}

/// The catalogue key of the supervisor's task.
pub const TASK_KEY: &str = "task.oversight_spot_check";
