//! What is due for a child's care (issue 14 points 1 and 2): the first plan, the head's approval, a
//! returned plan's revision, the plan's review (CARE-01), each kind of periodic assessment (seed 003
//! §2(1)) and overdue immunisations (IMM-02). The same computation feeds the child's care page and the
//! daily pass (tasks, and e-mails for the plan's steps).

use crate::archive::{Child, ChildId, ChildStatus};
use crate::care::model::{self, PlanState};
use crate::care::rules::{self, immunisation, schedule};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::jobs::DueItem;
use crate::policy::keys;
use chrono::NaiveDate;
use diesel::QueryResult;

/// One thing due for a child.
#[derive(Debug, Clone)]
pub struct DueLine {
    /// Stable code: `plan_first`, `plan_approval`, `plan_revise`, `plan_review`, `assessment.<kind>`,
    /// `immunisation`, `growth_review`, `growth_check`.
    pub what: String,
    pub due: NaiveDate,
    /// Who does it: a role at the child's institution, or one user (the drafter).
    pub role: &'static str,
    pub user: Option<crate::auth::UserId>,
    pub detail: String,
}

/// The policy values the due dates need, read once per division and day.
#[derive(Debug, Clone)]
pub struct Policies {
    pub review: rules::ReviewPolicy,
    pub first_plan_days: i64,
    pub approval_days: i64,
    pub assessments: Vec<(schedule::AssessmentKind, schedule::AssessmentPolicy)>,
    pub catch_up_age: i32,
    /// EDU-01 school age (`care.school_age_from`, `care.school_age_until`).
    pub school: rules::education::SchoolAge,
    /// GRW-04 the growth-check schedule; `None` when the stored list does not read (logged).
    pub growth_checks: Option<rules::growth_check::CheckPolicy>,
}

/// Read the policy values for a division on `today`.
pub fn policies(c: &mut DbConn, div: Option<i64>, today: NaiveDate) -> AppResult<Policies> {
    // One read of every value (crate::policy::Snapshot), not a chain walk per key.
    let snap = crate::policy::Snapshot::read(
        c,
        &[
            keys::CARE_ASSESSMENT_YOUNG_MONTHS,
            keys::CARE_ASSESSMENT_YOUNG_AGE,
            keys::CARE_ASSESSMENT_INTAKE_DAYS,
            keys::CARE_ASSESSMENT_MONTHS_DEVELOPMENT,
            keys::CARE_ASSESSMENT_MONTHS_MENTAL,
            keys::CARE_ASSESSMENT_MONTHS_ILLNESS,
            keys::CARE_ASSESSMENT_MONTHS_DISABILITY,
            keys::CARE_PLAN_REVIEW_MONTHS,
            keys::CARE_EVENT_REVIEW_DAYS,
            keys::CARE_FIRST_PLAN_DAYS,
            keys::CARE_APPROVAL_DAYS,
            keys::CARE_IMMUNISATION_CATCH_UP_AGE,
            keys::CARE_SCHOOL_AGE_FROM,
            keys::CARE_SCHOOL_AGE_UNTIL,
            keys::CARE_GROWTH_CHECK_MONTHS,
            keys::CARE_GROWTH_CHECK_UNTIL_AGE,
            keys::CARE_GROWTH_CHECK_WINDOW_DAYS,
        ],
        div,
        today,
    )?;
    let int = |k: &str| snap.int(k);
    let young_months = int(keys::CARE_ASSESSMENT_YOUNG_MONTHS)?.clamp(1, 120) as u32;
    let young_age = int(keys::CARE_ASSESSMENT_YOUNG_AGE)?.clamp(0, 120) as i32;
    let intake_days = int(keys::CARE_ASSESSMENT_INTAKE_DAYS)?;
    let months = [
        int(keys::CARE_ASSESSMENT_MONTHS_DEVELOPMENT)?,
        int(keys::CARE_ASSESSMENT_MONTHS_MENTAL)?,
        int(keys::CARE_ASSESSMENT_MONTHS_ILLNESS)?,
        int(keys::CARE_ASSESSMENT_MONTHS_DISABILITY)?,
    ];
    use schedule::AssessmentKind::*;
    let assessments = [Development, Mental, Illness, Disability]
        .into_iter()
        .zip(months)
        .map(|(kind, m)| {
            (
                kind,
                schedule::AssessmentPolicy {
                    interval_months: m.clamp(1, 120) as u32,
                    young_interval_months: young_months,
                    young_age,
                    intake_days,
                },
            )
        })
        .collect();
    // The list is stored as text (the policy page checks only that it is not empty): a list that does
    // not read asks for no growth check rather than failing the care page, and says so in the log.
    let list = snap.text(keys::CARE_GROWTH_CHECK_MONTHS)?;
    let growth_checks = match rules::growth_check::parse_months(&list.value) {
        Some(months) => Some(rules::growth_check::CheckPolicy {
            months,
            until_age: int(keys::CARE_GROWTH_CHECK_UNTIL_AGE)?.clamp(0, 120) as u32,
            window_days: int(keys::CARE_GROWTH_CHECK_WINDOW_DAYS)?.clamp(0, 3650),
        }),
        None => {
            log::warn!(
                "policy value {} = {:?} is not a list of months; no growth checks scheduled",
                keys::CARE_GROWTH_CHECK_MONTHS,
                list.value
            );
            None
        }
    };
    Ok(Policies {
        growth_checks,
        // The same values as super::review_policy reads one by one.
        review: rules::ReviewPolicy {
            interval_months: int(keys::CARE_PLAN_REVIEW_MONTHS)?.clamp(1, 120) as u32,
            event_review_days: int(keys::CARE_EVENT_REVIEW_DAYS)?,
        },
        first_plan_days: int(keys::CARE_FIRST_PLAN_DAYS)?,
        approval_days: int(keys::CARE_APPROVAL_DAYS)?,
        assessments,
        catch_up_age: int(keys::CARE_IMMUNISATION_CATCH_UP_AGE)?.clamp(0, 120) as i32,
        school: rules::education::SchoolAge {
            from: int(keys::CARE_SCHOOL_AGE_FROM)?.clamp(0, 120) as i32,
            until: int(keys::CARE_SCHOOL_AGE_UNTIL)?.clamp(0, 120) as i32,
        },
    })
}

/// Everything due for one child in care on `today` (policy values of the child's division).
pub fn for_child(c: &mut DbConn, k: &Child, today: NaiveDate) -> AppResult<Vec<DueLine>> {
    if !matches!(k.status, ChildStatus::Active | ChildStatus::InFosterCare) {
        return Ok(Vec::new());
    }
    let div = super::division_of(c, k.institution_id)?;
    let p = policies(c, div, today)?;
    for_child_with(c, k, today, &p)
}

/// [`for_child`] with the policy values already read.
pub fn for_child_with(
    c: &mut DbConn,
    k: &Child,
    today: NaiveDate,
    pv: &Policies,
) -> AppResult<Vec<DueLine>> {
    if !matches!(k.status, ChildStatus::Active | ChildStatus::InFosterCare) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let plans = model::plans_of(c, k.id)?;
    let open = super::plans::open_plan(&plans).cloned();
    let current = super::plans::current(&plans).cloned();
    match (&open, &current) {
        (Some(p), _) if p.state == PlanState::Submitted => out.push(DueLine {
            what: "plan_approval".into(),
            due: rules::approval_due(p.submitted_on.unwrap_or(today), pv.approval_days),
            role: "head",
            user: None,
            detail: String::new(),
        }),
        (Some(p), _) if p.state == PlanState::Returned => out.push(DueLine {
            what: "plan_revise".into(),
            due: rules::approval_due(p.decided_at.map_or(today, |t| t.date()), pv.approval_days),
            role: "social-worker",
            user: Some(p.drafted_by),
            detail: String::new(),
        }),
        (_, None) => out.push(DueLine {
            what: "plan_first".into(),
            due: rules::first_plan_due(k.intake_date, pv.first_plan_days),
            role: "social-worker",
            user: open.as_ref().map(|p| p.drafted_by),
            detail: String::new(),
        }),
        _ => {}
    }
    if let Some(p) = &current {
        let reviews = model::reviews_of(c, &[p.id])?;
        let last = reviews.iter().map(|r| r.reviewed_on).max();
        // CARE-01 major events: the care module's own (hospitalisation, new diagnosis, and any other
        // module's call of `interface::major_event`) and those in the archive's status history
        // (transfer, foster placement), whichever is later.
        let history = crate::archive::status_history(c, k.id)?;
        let rows: Vec<(&str, &str, NaiveDate)> = history
            .iter()
            .map(|h| (h.field.as_str(), h.new_value.as_str(), h.on))
            .collect();
        let event = model::last_event(c, k.id)?.max(rules::archive_major_event(&rows));
        out.push(DueLine {
            what: "plan_review".into(),
            due: rules::plan_review_due(p.approved_on.unwrap_or(today), last, event, pv.review),
            role: "social-worker",
            user: Some(p.drafted_by),
            detail: p.number.unwrap_or(0).to_string(),
        });
    }
    let done = model::assessments_of(c, k.id)?;
    for (kind, p) in &pv.assessments {
        let p = *p;
        let last = done
            .iter()
            .filter(|a| a.kind == *kind)
            .map(|a| a.assessed_on)
            .max();
        out.push(DueLine {
            what: format!("assessment.{}", kind.code()),
            due: schedule::next_assessment(k.birth_date, k.intake_date, last, p),
            role: if *kind == schedule::AssessmentKind::Mental {
                "social-worker"
            } else {
                "medical"
            },
            user: None,
            detail: String::new(),
        });
    }
    // IMM-01: each dose follows the edition in force on the date it falls due for this child.
    let s = immunisation::for_child(&immunisation::shipped(), k.birth_date);
    {
        let s = s.as_slice();
        let given = model::immunisations_of(c, k.id)?
            .into_iter()
            .map(|(v, n, _)| (v, n))
            .collect::<Vec<_>>();
        let catch_up = pv.catch_up_age;
        let late: Vec<_> = immunisation::outstanding(s, k.birth_date, &given, today, catch_up)
            .into_iter()
            .filter(|d| d.overdue)
            .collect();
        if let Some(first) = late.iter().filter_map(|d| d.overdue_from).min() {
            out.push(DueLine {
                what: "immunisation".into(),
                due: first,
                role: "medical",
                user: None,
                detail: late
                    .iter()
                    .map(|d| format!("{}-{}", d.dose.vaccine, d.dose.dose))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    more_lines(c, k, today, pv, &mut out)?;
    super::growth_review::lines(c, k, &mut out)?;
    super::growth_review::check_line(c, k, today, pv, &mut out)?;
    out.sort_by_key(|l| l.due);
    Ok(out)
}

/// The due lines of the second part (issue 14 points 4 and 5): a school-age child not in school
/// (EDU-02 控辍保学, the head's task) and an assistive device's next check (the medical staff's).
fn more_lines(
    c: &mut DbConn,
    k: &Child,
    today: NaiveDate,
    pv: &Policies,
    out: &mut Vec<DueLine>,
) -> AppResult<()> {
    use crate::care::model_more;
    let periods: Vec<rules::education::Period> = model_more::placements_of(c, k.id)?
        .iter()
        .map(|p| rules::education::Period {
            in_school: p.kind.in_school(),
            start: p.start_on,
            end: p.end_on,
        })
        .collect();
    if let Some(since) =
        rules::education::unenrolled_since(k.birth_date, k.intake_date, &periods, today, pv.school)
    {
        out.push(DueLine {
            what: "education_unenrolled".into(),
            due: since,
            role: "head",
            user: None,
            detail: String::new(),
        });
    }
    // The latest record of each device carries its next check.
    let mut seen = std::collections::HashSet::new();
    for d in model_more::devices_of(c, k.id)? {
        if !seen.insert(d.device.clone()) {
            continue;
        }
        if let Some(next) = d.next_check_on {
            out.push(DueLine {
                what: "device_check".into(),
                due: next,
                role: "medical",
                user: None,
                detail: d.device,
            });
        }
    }
    Ok(())
}

/// How far ahead an assessment becomes a task (a month's notice).
const NOTICE_DAYS: i64 = 30;

/// The daily pass: every child in care at any institution.
pub fn due_items(c: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let insts: Vec<crate::org::InstitutionId> = crate::org::model::list_all(c)?
        .into_iter()
        .map(|(i, _)| i.id)
        .collect();
    let kids = crate::archive::active_children(c, &insts, 100_000)?;
    let mut out = Vec::new();
    let mut cache: std::collections::HashMap<crate::org::InstitutionId, Policies> =
        std::collections::HashMap::new();
    for s in kids {
        let Ok(k) = crate::archive::load_for_law(c, s.id, crate::archive::LawfulAccess::DailyPass)
        else {
            continue;
        };
        use std::collections::hash_map::Entry;
        let pv = match cache.entry(k.institution_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(v) => {
                match super::division_of(c, k.institution_id).and_then(|d| policies(c, d, today)) {
                    Ok(p) => v.insert(p),
                    Err(e) => {
                        log::warn!(
                            "care policy values for institution {}: {e}",
                            k.institution_id
                        );
                        continue;
                    }
                }
            }
        };
        let lines = match for_child_with(c, &k, today, pv) {
            Ok(l) => l,
            Err(e) => {
                log::warn!("care due items for child {}: {e}", s.id);
                continue;
            }
        };
        out.extend(
            lines
                .into_iter()
                .filter(|l| (l.due - today).num_days() <= NOTICE_DAYS)
                .map(|l| item(&k.id, &k.archive_no, k.institution_id, l)),
        );
    }
    Ok(out)
}

fn item(child: &ChildId, archive_no: &str, inst: crate::org::InstitutionId, l: DueLine) -> DueItem {
    let plan = l.what.starts_with("plan_");
    DueItem {
        dedupe_key: format!("care.{}.{}.{}", l.what, child, l.due),
        module: crate::care::MODULE_NAME,
        message_key: message_key(&l.what),
        subject: archive_no.to_string(),
        link: if plan {
            format!("/children/{child}/care/plan")
        } else {
            format!("/children/{child}/care")
        },
        institution_id: Some(inst),
        role: if l.user.is_some() { None } else { Some(l.role) },
        user_id: l.user,
        due_date: l.due,
        // The plan's steps are e-mailed to the people named (issue 14 point 1).
        mail: plan,
    }
}

/// The task text of a due line.
pub fn message_key(what: &str) -> &'static str {
    match what {
        "plan_first" => "task.care_plan_first",
        "plan_approval" => "task.care_plan_approval",
        "plan_revise" => "task.care_plan_revise",
        "plan_review" => "task.care_plan_review",
        "immunisation" => "task.care_immunisation",
        "education_unenrolled" => "task.care_education_unenrolled",
        "device_check" => "task.care_device_check",
        "growth_review" => "task.care_growth_review",
        "growth_check" => "task.care_growth_check",
        _ => "task.care_assessment",
    }
}

/// Every task key the module uses (for the catalogue check).
pub const TASK_KEYS: &[&str] = &[
    "task.care_plan_first",
    "task.care_plan_approval",
    "task.care_plan_revise",
    "task.care_plan_review",
    "task.care_immunisation",
    "task.care_assessment",
    "task.care_education_unenrolled",
    "task.care_device_check",
    "task.care_growth_review",
    "task.care_growth_check",
];
