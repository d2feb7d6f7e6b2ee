//! The plan page (`/children/{id}/care/plan`, issue 14 point 1) and its actions: start a plan or a
//! revision, add and remove goals, submit, the head's approval or return, reviews, and the PDF.

use super::{status_for, to_fields};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::model::{self, PlanState, Progress};
use crate::care::service::{self, plans, plans::GoalInput, Failure};
use crate::care::views::*;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use std::collections::HashMap;

/// Draw the plan page; `typed_goal` and `comment` keep what a refused form held.
pub async fn show(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    typed_goal: GoalInput,
    comment: String,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    show_with(state, cu, child, typed_goal, comment, errors, None).await
}

/// [`show`], with the purpose-stated view open when `purpose` is given (checked by
/// `restricted::plan_page`: the archive's restriction rule, 收养保密 民法典第1110条): the parts of the
/// sections it opens are shown for this one page view, and the view is audited with the purpose.
pub async fn show_with(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    typed_goal: GoalInput,
    comment: String,
    errors: FieldErrors,
    purpose: Option<String>,
) -> AppResult<HttpResponse> {
    let ctx = Ctx::for_user(cu);
    let role = cu.role();
    let caregiver = role == crate::auth::Role::Caregiver;
    let (head, all, goals, base_goals, reviews, lines, writable, hidden, today, unlock) = state
        .run(cu, move |c, op| {
            let k = service::child_for(c, op, child, Action::ViewCare)?;
            let access = crate::archive::section_access(c, child, &role, purpose.is_some())?;
            let unlock = crate::care::views_more::UnlockView::of(
                &access,
                format!("/children/{child}/care/plan/restricted"),
            );
            let inst =
                crate::org::model::holding(c, k.institution_id)?.map_or(String::new(), |i| i.name);
            let head =
                crate::archive::header::header(op.tr, &k, &inst, op.today, !access.hides("basic"));
            let all = model::plans_of(c, child)?;
            let shown = plans::open_plan(&all).or(plans::current(&all)).cloned();
            let goals = match &shown {
                Some(p) => model::goals_of(c, p.id)?,
                None => vec![],
            };
            let base_goals = match shown.as_ref().and_then(|p| p.based_on) {
                Some(b)
                    if shown.as_ref().is_some_and(|p| {
                        p.state != PlanState::Approved || p.number.unwrap_or(0) > 1
                    }) =>
                {
                    Some(model::goals_of(c, b)?)
                }
                _ => None,
            };
            let ids: Vec<i64> = all.iter().map(|p| p.id).collect();
            let reviews = model::reviews_of(c, &ids)?;
            let rids: Vec<i64> = reviews.iter().map(|r| r.id).collect();
            let lines = model::review_lines(c, &rids)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &match &purpose {
                    Some(p) => Event::ok("view_restricted", "care_plan", child)
                        .with_detail(format!("child {child}; purpose: {p}")),
                    None => {
                        Event::ok("view", "care_plan", child).with_detail(format!("child {child}"))
                    }
                },
            )?;
            let writable = matches!(
                k.status,
                crate::archive::ChildStatus::Active | crate::archive::ChildStatus::InFosterCare
            );
            let hidden: Vec<String> = access.hidden_sections();
            Ok((
                head, all, goals, base_goals, reviews, lines, writable, hidden, op.today, unlock,
            ))
        })
        .await?;
    let shown = plans::open_plan(&all).or(plans::current(&all)).cloned();
    // Caregivers read the daily-care and medical parts (issue 14 point 8); restricted sections stay hidden.
    let visible = |g: &model::Goal| {
        (!caregiver || g.part.for_caregiver()) && !hidden.iter().any(|h| h == g.part.section())
    };
    let all_goals = goals.clone();
    let goals_v: Vec<GoalView> = goals
        .into_iter()
        .filter(|g| visible(g))
        .map(|g| GoalView {
            part_label: ctx.label("care.part", g.part.code()),
            goal: g,
        })
        .collect();
    let diff = base_goals.map(|b| {
        let b: Vec<_> = b.into_iter().filter(|g| visible(g)).collect();
        let n: Vec<_> = all_goals.iter().filter(|g| visible(g)).cloned().collect();
        model::diff(&b, &n)
    });
    let state_of = |s: PlanState| shown.as_ref().is_some_and(|p| p.state == s);
    let may_edit = writable
        && cu.user.can(Action::DraftCarePlan)
        && (state_of(PlanState::Draft) || state_of(PlanState::Returned));
    let may_start =
        writable && cu.user.can(Action::DraftCarePlan) && plans::open_plan(&all).is_none();
    let may_decide =
        writable && cu.user.can(Action::ApproveCarePlan) && state_of(PlanState::Submitted);
    let may_review = writable
        && cu.user.can(Action::DraftCarePlan)
        && state_of(PlanState::Approved)
        && !goals_v.is_empty();
    let goal_form = may_edit.then(|| {
        let ok = FieldErrors::default();
        FormBuilder::new(&ctx, Some(if errors.is_empty() { &ok } else { &errors }))
            .select(
                "part",
                "care.part",
                &["daily", "medical", "rehab", "education", "social"],
                &typed_goal.part,
            )
            .field("goal", "text", &typed_goal.goal, true)
            .field("intervention", "textarea", &typed_goal.intervention, true)
            .field("frequency", "text", &typed_goal.frequency, true)
            .field("responsible", "text", &typed_goal.responsible, true)
            .field("target_date", "date", &typed_goal.target_date, true)
            .form(
                "goal",
                "care.form.goal",
                format!(
                    "/children/{child}/care/plan/{}/goals",
                    shown.as_ref().map_or(0, |p| p.id)
                ),
                "care.add_goal",
            )
    });
    let reviews_v = reviews
        .into_iter()
        .map(|r| review_view(&ctx, r, &lines, &all_goals))
        .collect();
    let versions: Vec<_> = all
        .iter()
        .filter(|p| p.number.is_some())
        .rev()
        .cloned()
        .collect();
    let page = PlanPage {
        crumb: ctx.t("care.plan").to_string(),
        head,
        state_label: shown
            .as_ref()
            .map_or(String::new(), |p| ctx.label("care.state", p.state.code())),
        plan: shown,
        goals: goals_v,
        diff,
        versions,
        reviews: reviews_v,
        may_start,
        may_edit,
        may_decide,
        may_review,
        goal_form,
        typed_comment: comment,
        progress_codes: Progress::ALL
            .iter()
            .map(|p| (p.code().to_string(), ctx.label("care.progress", p.code())))
            .collect(),
        today: today.to_string(),
        unlock,
        errors,
        ctx,
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    show(
        &state,
        &cu,
        path.into_inner(),
        GoalInput::default(),
        String::new(),
        FieldErrors::default(),
    )
    .await
}

fn back(child: ChildId, flash: &'static str) -> HttpResponse {
    redirect_with(&format!("/children/{child}/care/plan"), flash)
}

async fn answer(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    done: Result<(), Failure>,
    flash: &'static str,
    goal: GoalInput,
    comment: String,
) -> AppResult<HttpResponse> {
    match done {
        Ok(()) => Ok(back(child, flash)),
        Err(e) => {
            let errors = to_fields(e)?;
            show(state, cu, child, goal, comment, errors).await
        }
    }
}

pub async fn start(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DraftCarePlan)?;
    let child = path.into_inner();
    let done = state
        .run(&cu, move |c, op| Ok(plans::start(c, op, child).map(|_| ())))
        .await?;
    answer(
        &state,
        &cu,
        child,
        done,
        "flash.care_plan_started",
        GoalInput::default(),
        String::new(),
    )
    .await
}

pub async fn add_goal(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    form: web::Form<GoalInput>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DraftCarePlan)?;
    let (child, plan) = path.into_inner();
    let g = form.into_inner();
    let g2 = g.clone();
    let done = state
        .run(&cu, move |c, op| {
            Ok(plans::add_goal(c, op, child, plan, &g2))
        })
        .await?;
    answer(
        &state,
        &cu,
        child,
        done,
        "flash.care_goal_added",
        g,
        String::new(),
    )
    .await
}

pub async fn remove_goal(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DraftCarePlan)?;
    let (child, plan, goal) = path.into_inner();
    let done = state
        .run(&cu, move |c, op| {
            Ok(plans::remove_goal(c, op, child, plan, goal))
        })
        .await?;
    answer(
        &state,
        &cu,
        child,
        done,
        "flash.care_goal_removed",
        GoalInput::default(),
        String::new(),
    )
    .await
}

/// The version a form saw, and the decision fields.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct DecideForm {
    pub version: String,
    pub action: String,
    pub comment: String,
}

fn version_of(cu: &CurrentUser, raw: &str) -> Result<i32, FieldErrors> {
    raw.trim().parse().map_err(|_| {
        let mut e = FieldErrors::default();
        e.add("version", cu.tr().t("err.stale_version"));
        e
    })
}

pub async fn submit(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DraftCarePlan)?;
    let (child, plan) = path.into_inner();
    let v = match version_of(&cu, &form.version) {
        Ok(v) => v,
        Err(e) => return show(&state, &cu, child, GoalInput::default(), String::new(), e).await,
    };
    let done = state
        .run(&cu, move |c, op| Ok(plans::submit(c, op, child, plan, v)))
        .await?;
    answer(
        &state,
        &cu,
        child,
        done,
        "flash.care_plan_submitted",
        GoalInput::default(),
        String::new(),
    )
    .await
}

pub async fn decide(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ApproveCarePlan)?;
    let (child, plan) = path.into_inner();
    let f = form.into_inner();
    let v = match version_of(&cu, &f.version) {
        Ok(v) => v,
        Err(e) => return show(&state, &cu, child, GoalInput::default(), f.comment, e).await,
    };
    let approve = match f.action.as_str() {
        "approve" => true,
        "return" => false,
        _ => {
            let mut e = FieldErrors::default();
            e.add("action", cu.tr().t("err.choose"));
            return show(&state, &cu, child, GoalInput::default(), f.comment, e).await;
        }
    };
    let comment = f.comment.clone();
    let done = state
        .run(&cu, move |c, op| {
            Ok(plans::decide(c, op, child, plan, approve, &comment, v).map(|_| ()))
        })
        .await?;
    let flash = if approve {
        "flash.care_plan_approved"
    } else {
        "flash.care_plan_returned"
    };
    answer(
        &state,
        &cu,
        child,
        done,
        flash,
        GoalInput::default(),
        f.comment,
    )
    .await
}

pub async fn review(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    form: web::Form<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DraftCarePlan)?;
    let (child, plan) = path.into_inner();
    let f = form.into_inner();
    let lines: Vec<(i64, String, String)> = f
        .iter()
        .filter_map(|(k, v)| {
            let id: i64 = k.strip_prefix("progress_")?.parse().ok()?;
            let note = f.get(&format!("note_{id}")).cloned().unwrap_or_default();
            Some((id, v.clone(), note))
        })
        .collect();
    let note = f.get("note").cloned().unwrap_or_default();
    let date = f.get("date").cloned().unwrap_or_default();
    let done = state
        .run(&cu, move |c, op| {
            Ok(plans::review(c, op, child, plan, &lines, &note, &date).map(|_| ()))
        })
        .await?;
    answer(
        &state,
        &cu,
        child,
        done,
        "flash.care_plan_reviewed",
        GoalInput::default(),
        String::new(),
    )
    .await
}

pub async fn pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    let (child, plan) = path.into_inner();
    let role = cu.role();
    let doc = state
        .run(&cu, move |c, op| {
            crate::care::pdf::plan_document(c, op, &role, child, plan)
        })
        .await?;
    crate::pdf::http_response(&doc)
}
