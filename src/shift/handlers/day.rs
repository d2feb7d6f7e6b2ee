//! The head's day (`/shift/day`, issue 15 point 7): on one page, missed doses waiting for review
//! (MAR-03), handovers nobody has acknowledged (point 5), units over capacity (point 1), today's fever
//! readings (CARE-05) and the children in care placed in no unit. Supervisors read it for their
//! division. Today's incidents (point 6; staff-involved ones only for the head and the supervisor), the
//! children reported missing today, and mandatory reports not yet sent (escalated first when overdue).

use super::field;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
use crate::shift::model::{self, LogKind};
use crate::shift::rules;
use crate::shift::service::{self, mar, units};
use crate::shift::views::*;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub async fn page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    if !cu.user.can(Action::OverseeShift) && !cu.user.can(Action::ReviewMissedDose) {
        return Err(crate::error::AppError::Forbidden);
    }
    let ctx = Ctx::for_user(&cu);
    let page = state
        .run(&cu, move |c, op| {
            let tr = op.tr;
            let insts = service::institutions_in_scope(c, op)?;
            let now = rules::local(op.now);
            let occ = units::occupancy(c, &insts)?;
            let unit_ids: Vec<i64> = occ.iter().map(|o| o.unit.id).collect();
            let placed = model::current_in_units(c, &unit_ids)?;
            let kid_ids: Vec<ChildId> = placed.iter().map(|p| ChildId(p.child_id)).collect();
            // MAR-03: doses past their window are marked missed before the page counts them.
            if let Some(inst) = op.user.institution_id {
                let div = service::division_of(c, i64::from(inst))?;
                let p = service::policies(c, div, now.date())?;
                mar::sweep(c, op, &kid_ids, p.missed_window).map_err(|f| f.into_app_error())?;
            }
            let missed_rows = model::unreviewed_missed(c, Some(insts.as_slice()))?;
            let mut ids: Vec<ChildId> = missed_rows.iter().map(|d| ChildId(d.child_id)).collect();
            ids.extend(kid_ids.iter().copied());
            let names = crate::archive::summaries(c, &ids)?;
            let name = |id: i64| {
                crate::archive::summary_of(&names, ChildId(id)).map_or(String::new(), |s| {
                    format!("{} · {}", s.legal_name, s.archive_no)
                })
            };
            let mut missed = Vec::new();
            for d in &missed_rows {
                let drug = crate::care::interface::active_orders(
                    c,
                    ChildId(d.child_id),
                    d.given_at.date(),
                )?
                .into_iter()
                .find(|o| o.id == d.order_id)
                .map_or(String::new(), |o| format!("{} {}", o.drug, o.dose));
                missed.push(DayLine {
                    id: d.id,
                    text: format!("{} — {drug}", name(d.child_id)),
                    meta: format!(
                        "{} {}",
                        d.due_at
                            .map_or(String::new(), |t| t.format("%m-%d %H:%M").to_string()),
                        if d.recorded_by.is_none() {
                            tr.t("shift.auto_missed").to_string()
                        } else {
                            d.reason.clone()
                        }
                    ),
                    idem: service::new_key(),
                });
            }
            let unit_name = |id: i64| {
                occ.iter()
                    .find(|o| o.unit.id == id)
                    .map_or(String::new(), |o| o.unit.name.clone())
            };
            let handovers = model::unacknowledged(c, Some(unit_ids.as_slice()))?
                .into_iter()
                .map(|h| DayLine {
                    id: h.id,
                    text: format!("{} — {}", unit_name(h.unit_id), h.note),
                    meta: format!(
                        "{} {} · {}",
                        h.shift_date,
                        tr.t(&format!("shift.shift.{}", h.shift.code())),
                        rules::local(h.written_at).format("%m-%d %H:%M")
                    ),
                    idem: String::new(),
                })
                .collect();
            let over = occ
                .iter()
                .filter(|o| o.over)
                .map(|o| DayLine {
                    id: o.unit.id,
                    text: o.unit.name.clone(),
                    meta: format!("{} / {}", o.children, o.unit.capacity),
                    idem: String::new(),
                })
                .collect();
            let raw: Vec<i64> = kid_ids.iter().map(|k| i64::from(*k)).collect();
            let mut fevers = Vec::new();
            if let Some(inst) = op
                .user
                .institution_id
                .or_else(|| insts.first().map(|i| crate::org::InstitutionId(*i)))
            {
                let div = service::division_of(c, i64::from(inst))?;
                let p = service::policies(c, div, now.date())?;
                let logs = model::log_of_day(c, &raw, now.date())?;
                for e in service::log::in_force(&logs) {
                    if e.kind == LogKind::Temperature
                        && e.temperature
                            .is_some_and(|t| rules::fever(t, p.fever_tenths))
                    {
                        let t = e.temperature.unwrap_or_default();
                        fevers.push(DayLine {
                            id: e.id,
                            text: name(e.child_id),
                            meta: format!(
                                "{}.{}℃ · {}",
                                t / 10,
                                t % 10,
                                rules::local(e.recorded_at).format("%H:%M")
                            ),
                            idem: String::new(),
                        });
                    }
                }
            }
            let in_care = crate::archive::active_children(
                c,
                &insts
                    .iter()
                    .map(|i| crate::org::InstitutionId(*i))
                    .collect::<Vec<_>>(),
                10_000,
            )?;
            let unplaced = in_care
                .iter()
                .filter(|s| !raw.contains(&i64::from(s.id)))
                .count() as i64;
            // Incidents of today (local midnight on); RPT-01: overdue reports escalate first.
            crate::shift::incidents::reports::escalate(c, op)?;
            let midnight = rules::utc_of(now.date().and_time(chrono::NaiveTime::MIN));
            let today_incidents = crate::shift::incidents::list(
                c,
                &insts,
                op.user.can(Action::SeeStaffIncidents),
                &crate::shift::incidents::Filter {
                    from: Some(midnight),
                    ..Default::default()
                },
                200,
            )?;
            let pairs = crate::shift::incidents::children_of_many(
                c,
                &today_incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
            )?;
            let extra: Vec<ChildId> = pairs.iter().map(|p| ChildId(p.1)).collect();
            let more = crate::archive::summaries(c, &extra)?;
            let kid = |id: i64| {
                crate::archive::summary_of(&more, ChildId(id)).map_or(String::new(), |s| {
                    format!("{} · {}", s.legal_name, s.archive_no)
                })
            };
            let mut incidents = Vec::new();
            let mut missing = Vec::new();
            // A missing child recorded as found is no longer absent.
            let found = crate::shift::incidents::found::found_among(
                c,
                &today_incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
            )?;
            for i in &today_incidents {
                let kids: Vec<String> = pairs
                    .iter()
                    .filter(|p| p.0 == i.id)
                    .map(|p| kid(p.1))
                    .collect();
                let kind = tr
                    .t(&format!("shift.incident_kind.{}", i.kind.code()))
                    .to_string();
                let reports = crate::shift::incidents::reports::of_incident(c, i.id)?;
                let unsent = reports.iter().filter(|r| r.sent_at.is_none()).count();
                incidents.push(DayLine {
                    id: i.id,
                    text: format!("{kind} · {}", rules::local(i.occurred_at).format("%H:%M")),
                    meta: if unsent > 0 {
                        format!(
                            "{} · {} {unsent}",
                            i.place,
                            tr.t("shift.day_reports_unsent")
                        )
                    } else {
                        i.place.clone()
                    },
                    idem: String::new(),
                });
                if i.kind == rules::IncidentKind::Missing && !found.contains(&i.id) {
                    for k in kids {
                        missing.push(DayLine {
                            id: i.id,
                            text: k,
                            meta: rules::local(i.occurred_at).format("%H:%M").to_string(),
                            idem: String::new(),
                        });
                    }
                }
            }
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "shift_day", "-"),
            )?;
            Ok(DayPage {
                heading: tr.tf("shift.day_heading", &[("date", &now.date().to_string())]),
                missed,
                handovers,
                over,
                fevers,
                unplaced,
                incidents,
                missing,
                can_review: op.user.can(Action::ReviewMissedDose),
                ctx,
            })
        })
        .await?;
    render_status(&page, StatusCode::OK)
}

/// Medical staff or the head reviews a missed dose (the alert task closes).
pub async fn review(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let idem = field(&form, "idem").to_string();
    let r = state
        .run(&cu, move |c, op| Ok(mar::review(c, op, id, &idem)))
        .await?;
    match r {
        Ok(Some(())) => Ok(redirect_with("/shift/day", "flash.shift_saved")),
        Ok(None) => Ok(redirect_with("/shift/day", "flash.shift_already")),
        Err(e) => Err(e.into_app_error()),
    }
}
