//! The registrar's assessment page (`/adoption/applications/{id}/assessment`, 收养评估, ADP-19…ADP-24):
//! start the assessment, start the integration period, record its visits, issue the report; and the
//! printed documents (`/adoption/applications/{id}/print/{kind}`).

use crate::adoption::model::{self, AppState};
use crate::adoption::rules::assessment::{item_field, Conclusion, Flag, Item, Mode};
use crate::adoption::service::third_party as assessment_tp;
use crate::adoption::service::{after, assessment, dossier};
use crate::adoption::views_work::{
    AssessView, AssessmentPage, ThirdPartyView, TpRow, Typed, VisitView,
};
use crate::auth::{Action, Role};
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub(super) fn flag_field(f: Flag) -> String {
    format!("flag_{}", f.code())
}

async fn page(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (app, child, a, visits, team_min, integration_days) = state
        .run(cu, move |c, op| {
            if op.user.role() != Role::Registrar {
                return Err(AppError::Forbidden);
            }
            let app = dossier::load(c, op, id)?;
            let child = crate::archive::adoption_facts(c, crate::archive::ChildId(app.child_id))?;
            let a = assessment::of(c, &app, op.today)?;
            let visits = model::visits(c, id, after::VisitKind::Integration.code())?;
            let div = crate::adoption::service::registry::division(
                c,
                crate::org::InstitutionId(app.placing_institution_id),
            )?;
            let team_min = crate::policy::int(
                c,
                crate::policy::keys::ADOPTION_ASSESSMENT_TEAM_MIN,
                div,
                op.today,
            )?;
            let days = crate::policy::int(
                c,
                crate::policy::keys::ADOPTION_INTEGRATION_MIN_DAYS,
                div,
                op.today,
            )?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "adoption_assessment", id),
            )?;
            Ok((app, child, a, visits, team_min, days))
        })
        .await?;
    let st = app.state().unwrap_or(AppState::Received);
    let assessment = a.map(|a| AssessView {
        mode: tr
            .t(&format!("adoption.assess.mode.{}", a.row.mode))
            .to_string(),
        assessors: a.assessors.join("、"),
        agency: a.row.agency.clone(),
        agreement_ref: a.row.agreement_ref.clone(),
        started_on: a.row.started_on.to_string(),
        due: a.due.to_string(),
        days_left: a.days_left,
        integration_done_on: a
            .integration_done_on
            .map_or(String::new(), |d| d.to_string()),
        reported_on: a.row.reported_on.map_or(String::new(), |d| d.to_string()),
        conclusion: a.conclusion().map_or(String::new(), |c| {
            tr.t(&format!("adoption.assess.conclusion.{}", c.code()))
                .to_string()
        }),
        reasons: a.row.reasons.clone(),
        findings: a
            .findings
            .iter()
            .map(|(i, n)| {
                (
                    tr.t(&format!("adoption.assess.item.{}", i.code()))
                        .to_string(),
                    n.clone(),
                )
            })
            .collect(),
        flags: a
            .flags
            .iter()
            .map(|f| {
                tr.t(&format!("adoption.assess.flag.{}", f.code()))
                    .to_string()
            })
            .collect(),
        third_party: a.third_party.as_ref().map(|t| third_party_view(tr, t)),
    });
    let page = AssessmentPage {
        ctx: Ctx::for_user(cu),
        id,
        version: app.version,
        archive_no: child.archive_no,
        name: child.name,
        state: tr.t(&format!("adoption.state.{}", st.code())).to_string(),
        open: matches!(st, AppState::Received | AppState::Integration),
        integrating: st == AppState::Integration,
        integration_start: app
            .integration_start
            .map_or(String::new(), |d| d.to_string()),
        assessment,
        visits: visits
            .into_iter()
            .map(|v| VisitView {
                date: v.visited_on.to_string(),
                visitor: v.visitor,
                notes: v.notes,
            })
            .collect(),
        items: Item::ALL
            .iter()
            .map(|i| {
                (
                    item_field(*i).to_string(),
                    tr.t(&format!("adoption.assess.item.{}", i.code()))
                        .to_string(),
                )
            })
            .collect(),
        flags: Flag::ALL
            .iter()
            .map(|f| {
                (
                    flag_field(*f),
                    tr.t(&format!("adoption.assess.flag.{}", f.code()))
                        .to_string(),
                )
            })
            .collect(),
        team_min,
        integration_days,
        tp_rows: (1..=crate::adoption::rules::third_party::ROWS)
            .map(|n| {
                let v = |k: &str| typed.v(&format!("p{n}_{k}")).to_string();
                TpRow {
                    n,
                    name: v("name"),
                    profession: v("profession"),
                    qualification: v("qualification"),
                    years: v("years"),
                }
            })
            .collect(),
        professions: crate::adoption::rules::third_party::Profession::ALL
            .iter()
            .map(|p| {
                (
                    p.code().to_string(),
                    tr.t(&format!("adoption.assess.profession.{}", p.code()))
                        .to_string(),
                )
            })
            .collect(),
        typed,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

fn third_party_view(
    tr: &crate::platform::Catalogue,
    t: &crate::adoption::service::third_party::Stored,
) -> ThirdPartyView {
    let prof = |p: crate::adoption::rules::third_party::Profession| {
        tr.t(&format!("adoption.assess.profession.{}", p.code()))
            .to_string()
    };
    ThirdPartyView {
        credit_code: t.credit_code.clone(),
        business_scope: t.business_scope.clone(),
        professionals: t
            .professionals
            .iter()
            .map(|p| {
                format!(
                    "{} · {} · {} · {}",
                    p.name,
                    prof(p.profession),
                    p.qualification,
                    tr.tf("adoption.assess.years", &[("n", &p.years.to_string())])
                )
            })
            .collect(),
        counts: crate::adoption::rules::third_party::per_profession(&t.professionals)
            .into_iter()
            .map(|(p, n)| format!("{} {n}", prof(p)))
            .collect::<Vec<_>>()
            .join("、"),
    }
}

/// The third party's part of the start form (第7条).
fn third_party_input(t: &Typed) -> assessment_tp::Input {
    use crate::adoption::rules::third_party::ROWS;
    assessment_tp::Input {
        credit_code: t.v("tp_credit_code").trim().to_uppercase(),
        legal_person: t.on("tp_legal_person"),
        sound_management: t.on("tp_management"),
        scope_covers: t.on("tp_scope_covers"),
        business_scope: t.v("tp_scope").to_string(),
        rows: (1..=ROWS)
            .map(|i| {
                ["name", "profession", "qualification", "years"]
                    .map(|k| t.v(&format!("p{i}_{k}")).to_string())
            })
            .collect(),
    }
}

/// `GET /adoption/applications/{id}/assessment` (registrar of the bureau; 404 outside scope).
pub async fn show(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    page(
        &state,
        &cu,
        path.into_inner(),
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

type Pairs = web::Form<Vec<(String, String)>>;

async fn done(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: Typed,
    r: Result<(), FieldErrors>,
    flash: &'static str,
) -> AppResult<HttpResponse> {
    match r {
        Ok(()) => Ok(redirect_with(
            &format!("/adoption/applications/{id}/assessment"),
            flash,
        )),
        Err(errors) => page(state, cu, id, typed, errors).await,
    }
}

/// `POST …/assessment/start`.
pub async fn start(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = assessment::StartInput {
        mode: Mode::parse(t.v("mode")),
        assessors: t.v("assessors").to_string(),
        agency: t.v("agency").to_string(),
        agreement_ref: t.v("agreement_ref").to_string(),
        started_on: t.date("started_on"),
        third_party: third_party_input(&t),
    };
    let r = state
        .run(&cu, move |c, op| assessment::start(c, op, id, &input))
        .await?;
    done(&state, &cu, id, t, r, "flash.adoption_assessment_started").await
}

/// `POST …/assessment/integration`.
pub async fn integration(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let (date, v) = (t.date("integration_start"), t.version());
    let r = state
        .run(&cu, move |c, op| {
            assessment::start_integration(c, op, id, date, v)
        })
        .await?;
    done(&state, &cu, id, t, r, "flash.adoption_integration_started").await
}

/// `POST …/assessment/visit`: a visit of the integration period.
pub async fn visit(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = after::VisitInput {
        visited_on: t.date("visited_on"),
        visitor: t.v("visitor").to_string(),
        notes: t.v("notes").to_string(),
    };
    let r = state
        .run(&cu, move |c, op| {
            after::record_visit(c, op, id, after::VisitKind::Integration, &input)
        })
        .await?;
    done(&state, &cu, id, t, r, "flash.adoption_visit_recorded").await
}

/// `POST …/assessment/report`.
pub async fn report(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = assessment::ReportInput {
        findings: Item::ALL
            .iter()
            .map(|i| (*i, t.v(item_field(*i)).to_string()))
            .collect(),
        flags: Flag::ALL
            .iter()
            .copied()
            .filter(|f| t.on(&flag_field(*f)))
            .collect(),
        conclusion: Conclusion::parse(t.v("conclusion")),
        reasons: t.v("reasons").to_string(),
        reported_on: t.date("reported_on"),
    };
    let r = state
        .run(&cu, move |c, op| assessment::report(c, op, id, &input))
        .await?;
    done(&state, &cu, id, t, r, "flash.adoption_assessment_reported").await
}

/// `GET /adoption/applications/{id}/print/{kind}`: the assessment report, the certificate or the
/// refusal letter as PDF (registrar only).
pub async fn print(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, String)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, kind) = path.into_inner();
    let kind = crate::adoption::pdf::Kind::parse(&kind).ok_or(AppError::NotFound)?;
    let doc = state
        .run(&cu, move |c, op| {
            crate::adoption::pdf::document(c, op, id, kind)
        })
        .await?;
    let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", crate::pdf::content_disposition(&doc)))
        .body(bytes))
}
