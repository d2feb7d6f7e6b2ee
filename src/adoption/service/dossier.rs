//! One application as its reader may see it (issue 13 point 8): the registrar of the bureau sees the
//! applicants' file, the engine's findings and the review clock; the placing institution's staff and
//! supervisors see the child's adoption status and the outcome only. Anyone else: 404.

use crate::adoption::model::{self, AppState, ApplicantRow, Application, Availability};
use crate::adoption::rules::{self, clock, Category, Failure, Placer, Relation, Sex};
use crate::archive::{self, AdoptionFacts, ChildId};
use crate::auth::Role;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;

/// What the reader sees of an application.
pub struct Dossier {
    pub app: Application,
    pub state: AppState,
    pub child: AdoptionFacts,
    /// The applicants' file — only for the registrar of the bureau.
    pub file: Option<RegistrarFile>,
}

/// The registrar's part: applicants, the marking, the engine's findings and the clock.
pub struct RegistrarFile {
    pub applicants: Vec<ApplicantRow>,
    pub marking: Option<Availability>,
    pub failures: Vec<Failure>,
    /// ADP-16: the last day of the review (notice period excluded) and the days left.
    pub deadline: NaiveDate,
    pub days_left: i64,
    /// ADP-15: the notice, and whether it has run out by today.
    pub notice: Option<clock::Notice>,
    pub notice_complete: bool,
}

/// Whether the user may read this application at all (404 otherwise).
pub fn may_read(conn: &mut DbConn, op: &Op<'_>, a: &Application) -> AppResult<bool> {
    let own = op.user.institution_id.map(|i| i.0);
    Ok(match op.user.role() {
        Role::Registrar => own == Some(a.bureau_id),
        Role::Head | Role::SocialWorker => own == Some(a.placing_institution_id),
        Role::Supervisor => match crate::auth::scope::institution_scope(conn, op.user)? {
            crate::auth::scope::InstitutionScope::All => true,
            crate::auth::scope::InstitutionScope::Only(ids) => {
                ids.iter().any(|i| i.0 == a.placing_institution_id)
            }
        },
        _ => false,
    })
}

/// The application in the user's scope, or 404.
pub fn load(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Application> {
    let a = model::application(conn, id)?.ok_or(AppError::NotFound)?;
    if !may_read(conn, op, &a)? {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

/// The engine's input from the stored file, on `on`. The institution places the child (第1094条(二)),
/// so no birth-parent consent applies; a child the institution marked "parents unknown" is raised by it
/// (第1100条第二款).
pub fn engine_input(
    app: &Application,
    applicants: &[ApplicantRow],
    child: &AdoptionFacts,
    marking: Option<&Availability>,
    on: NaiveDate,
) -> rules::Application {
    let category = marking
        .and_then(|m| Category::parse(&m.category))
        .unwrap_or(Category::ParentsDifficulty);
    rules::Application {
        on,
        applicants: applicants
            .iter()
            .map(|p| rules::Applicant {
                sex: Sex::parse(&p.sex).unwrap_or(Sex::Male),
                birth_date: p.birth_date,
                children_count: u32::try_from(p.children_count.max(0)).unwrap_or(0),
                disqualifying_disease: p.disqualifying_disease,
                harmful_record: p.harmful_record,
                able_to_raise: p.able_to_raise,
                overseas_chinese: p.overseas_chinese,
                foreign_national: p.foreign_national,
            })
            .collect(),
        married: app.married,
        spouse_joins: app.spouse_joins,
        relation: Relation::parse(&app.relation).unwrap_or(Relation::None),
        child: rules::Child {
            sex: Sex::parse(&child.sex).unwrap_or(Sex::Female),
            birth_date: child.birth_date,
            category,
            disabled: child.disabled,
            cwi_raised_parents_unknown: category == Category::ParentsUnknown,
            consent: app.child_consent,
        },
        birth_parent_consent: None,
        prior_adoptions_since_childless: u32::try_from(app.prior_adoptions.max(0)).unwrap_or(0),
        placer: Some(Placer::Institution),
        raising_duty_consent: None,
        grandparents_priority_declined: None,
    }
}

/// The registrar's file of an application, judged on `on`.
pub fn registrar_file(
    conn: &mut DbConn,
    app: &Application,
    child: &AdoptionFacts,
    on: NaiveDate,
    today: NaiveDate,
) -> AppResult<RegistrarFile> {
    let applicants = model::applicants(conn, app.id)?;
    let marking = model::availability_of(conn, app.child_id)?;
    let division = super::registry::division(conn, child.institution_id)?;
    let t = super::thresholds(conn, division, on)?;
    let failures = rules::check(
        &engine_input(app, &applicants, child, marking.as_ref(), on),
        &t,
    );
    let notice_days = crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_PUBLIC_NOTICE_DAYS,
        division,
        on,
    )?;
    let review_days = crate::policy::int(
        conn,
        crate::policy::keys::ADOPTION_REVIEW_DAYS,
        division,
        on,
    )?;
    let notice = marking.as_ref().and_then(|m| {
        m.notice_start.map(|published| clock::Notice {
            published,
            days: u32::try_from(notice_days.max(0)).unwrap_or(60),
        })
    });
    // 民法典 第203条: a last day on a statutory rest day moves to the next working day.
    let cal = super::calendar(conn, division, on)?;
    let deadline = clock::review_deadline_in(
        app.received_on,
        u32::try_from(review_days.max(1)).unwrap_or(30),
        notice,
        &cal,
    );
    Ok(RegistrarFile {
        applicants,
        notice_complete: notice.is_some_and(|n| n.complete_by(on)),
        marking,
        failures,
        deadline,
        days_left: clock::days_left(deadline, today),
        notice,
    })
}

/// The application as the user may see it (the view is audited: it is child data).
pub fn dossier(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Dossier> {
    let app = load(conn, op, id)?;
    let state = app
        .state()
        .ok_or_else(|| AppError::internal("unknown adoption state"))?;
    let child = archive::adoption_facts(conn, ChildId(app.child_id))?;
    let file = if op.user.role() == Role::Registrar {
        Some(registrar_file(conn, &app, &child, op.today, op.today)?)
    } else {
        None
    };
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "adoption_application", id),
    )?;
    Ok(Dossier {
        app,
        state,
        child,
        file,
    })
}
