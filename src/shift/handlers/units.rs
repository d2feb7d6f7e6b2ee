//! Living units (`/shift/units`, issue 15 point 1): occupancy per unit and for the institution (the
//! head's and the supervisor's page), and the head's forms: a new unit, a child into a bed, a caregiver
//! on a unit for a shift.

use super::{field, typed};
use crate::auth::{Action, Role};
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::shift::model::{self, UnitKind};
use crate::shift::rules::{self, Shift};
use crate::shift::service::{self, units, Failure};
use crate::shift::views::*;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub async fn page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    show(
        &state,
        &cu,
        String::new(),
        Vec::new(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    failed: String,
    typed: Vec<(String, String)>,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    if !cu.user.can(Action::OverseeShift) && !cu.user.can(Action::ManageUnits) {
        return Err(crate::error::AppError::Forbidden);
    }
    let ctx = Ctx::for_user(cu);
    let page = state
        .run(cu, move |c, op| {
            let tr = op.tr;
            let insts = service::institutions_in_scope(c, op)?;
            let occ = units::occupancy(c, &insts)?;
            let ids: Vec<i64> = occ.iter().map(|o| o.unit.id).collect();
            let placed = model::current_in_units(c, &ids)?;
            let kids: Vec<crate::archive::ChildId> = placed
                .iter()
                .map(|p| crate::archive::ChildId(p.child_id))
                .collect();
            let names = crate::archive::summaries(c, &kids)?;
            let now = rules::local(op.now);
            let div = match op.user.institution_id {
                Some(i) => service::division_of(c, i64::from(i))?,
                None => op.user.division_id,
            };
            let p = service::policies(c, div, now.date())?;
            let (shift, date) = rules::shift_of(now, p.day_start, p.night_start);
            let users = crate::auth::model::list(c)?;
            let mut out = Vec::new();
            for o in &occ {
                let roster: Vec<String> = model::roster_of(c, o.unit.id, shift, date)?
                    .into_iter()
                    .filter_map(|id| users.iter().find(|u| i64::from(u.id) == id))
                    .map(|u| u.display_name.clone())
                    .collect();
                out.push(UnitView {
                    id: o.unit.id,
                    name: o.unit.name.clone(),
                    kind: tr
                        .t(&format!("shift.kind.{}", o.unit.kind.code()))
                        .to_string(),
                    children: o.children,
                    capacity: o.unit.capacity,
                    over: o.over,
                    placed: placed
                        .iter()
                        .filter(|p| p.unit_id == o.unit.id)
                        .filter_map(|p| {
                            crate::archive::summary_of(&names, crate::archive::ChildId(p.child_id))
                                .filter(|s| s.status == crate::archive::ChildStatus::Active)
                                .map(|s| {
                                    (s.legal_name.clone(), s.archive_no.clone(), p.bed.clone())
                                })
                        })
                        .collect(),
                    roster,
                    open: false,
                    err_child: String::new(),
                    err_bed: String::new(),
                    typed_bed: String::new(),
                    err_user: String::new(),
                });
            }
            for u in &mut out {
                let (pf, rf) = (format!("place-{}", u.id), format!("roster-{}", u.id));
                if failed == pf || failed == rf {
                    u.open = true;
                    u.err_child = if failed == pf {
                        errors.msg("child").to_string()
                    } else {
                        String::new()
                    };
                    u.err_bed = if failed == pf {
                        errors.msg("bed").to_string()
                    } else {
                        String::new()
                    };
                    u.typed_bed = if failed == pf {
                        field(&typed, "bed").to_string()
                    } else {
                        String::new()
                    };
                    u.err_user = if failed == rf {
                        format!(
                            "{}{}{}",
                            errors.msg("user"),
                            errors.msg("date"),
                            errors.msg("shift")
                        )
                    } else {
                        String::new()
                    };
                }
            }
            let can_manage = op.user.can(Action::ManageUnits);
            let (unplaced, caregivers) = match (can_manage, op.user.institution_id) {
                (true, Some(inst)) => {
                    let all = crate::archive::active_children(c, &[inst], 1000)?;
                    let unplaced = all
                        .into_iter()
                        .filter(|s| !placed.iter().any(|p| p.child_id == i64::from(s.id)))
                        .map(|s| {
                            (
                                i64::from(s.id),
                                format!("{} · {}", s.legal_name, s.archive_no),
                            )
                        })
                        .collect();
                    let cg = users
                        .iter()
                        .filter(|u| {
                            u.role == Role::Caregiver && u.active && u.institution_id == Some(inst)
                        })
                        .map(|u| (i64::from(u.id), u.display_name.clone()))
                        .collect();
                    (unplaced, cg)
                }
                _ => (Vec::new(), Vec::new()),
            };
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "shift_units", "-"),
            )?;
            Ok(UnitsPage {
                total_children: out.iter().map(|u| u.children).sum(),
                total_capacity: out.iter().map(|u| i64::from(u.capacity)).sum(),
                units: out,
                can_manage,
                kinds: UnitKind::ALL
                    .iter()
                    .map(|k| {
                        (
                            k.code(),
                            tr.t(&format!("shift.kind.{}", k.code())).to_string(),
                        )
                    })
                    .collect(),
                unplaced,
                caregivers,
                shifts: Shift::ALL
                    .iter()
                    .map(|s| {
                        (
                            s.code(),
                            tr.t(&format!("shift.shift.{}", s.code())).to_string(),
                        )
                    })
                    .collect(),
                today: now.date().to_string(),
                idem: service::new_key(),
                failed,
                errors,
                typed,
                ctx,
            })
        })
        .await?;
    render_status(&page, status)
}

type Pairs = web::Form<Vec<(String, String)>>;

async fn answer<T>(
    state: &State,
    cu: &CurrentUser,
    form: &str,
    pairs: Vec<(String, String)>,
    r: Result<Option<T>, Failure>,
) -> AppResult<HttpResponse> {
    match r {
        Ok(Some(_)) => Ok(redirect_with("/shift/units", "flash.shift_saved")),
        Ok(None) => Ok(redirect_with("/shift/units", "flash.shift_already")),
        Err(e) => {
            let errors = e.into_fields()?;
            show(
                state,
                cu,
                form.to_string(),
                pairs,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn create(state: State, cu: CurrentUser, form: Pairs) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let input: units::UnitInput = typed(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(units::create_unit(c, op, &input)))
        .await?;
    answer(&state, &cu, "unit", pairs, r).await
}

pub async fn place(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let unit = path.into_inner();
    let input: units::PlaceInput = typed(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(units::place(c, op, unit, &input)))
        .await?;
    answer(&state, &cu, &format!("place-{unit}"), pairs, r).await
}

pub async fn roster(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let unit = path.into_inner();
    let input: units::RosterInput = typed(&pairs);
    let _ = field(&pairs, "idem");
    let r = state
        .run(&cu, move |c, op| Ok(units::roster(c, op, unit, &input)))
        .await?;
    answer(&state, &cu, &format!("roster-{unit}"), pairs, r).await
}
