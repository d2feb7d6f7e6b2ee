//! My shift (`/shift`): the round page. Its forms (mark a dose, give a PRN dose, the quick log for
//! several children, write and acknowledge a handover) are in `round_forms`.

use super::field;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::{Catalogue, FieldErrors};
use crate::shift::model::{LogEntry, LogKind};
use crate::shift::rules;
use crate::shift::service::{self, round, Failure};
use crate::shift::views::*;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// Which form failed (or came back from a draft) and what was typed.
#[derive(Default, Clone)]
pub struct Failed {
    pub form: String,
    pub pairs: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub restored: bool,
}

#[derive(serde::Deserialize)]
pub struct UnitQuery {
    #[serde(default)]
    unit: String,
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    q: web::Query<UnitQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    cu.require(Action::RecordShift)?;
    let mut unit = q.unit.trim().parse::<i64>().ok();
    let had_cookie = req.cookie(super::DRAFT_COOKIE).is_some();
    let draft = super::draft(&req, i64::from(cu.user.id));
    // An incident's draft waits for the incident form (`incidents::handlers::new`), not the round.
    let incident_draft = draft.as_ref().is_some_and(|(f, _)| f == "incident");
    let failed = match draft {
        Some((form, pairs)) if form != "incident" => {
            unit = unit.or_else(|| field(&pairs, "unit").parse().ok());
            Failed {
                form,
                pairs,
                errors: FieldErrors::default(),
                restored: true,
            }
        }
        _ => Failed::default(),
    };
    let mut res = show(&state, &cu, unit, failed, StatusCode::OK).await?;
    if had_cookie && !incident_draft {
        super::clear_draft(&mut res);
    }
    Ok(res)
}

fn log_text(tr: &Catalogue, e: &LogEntry) -> String {
    let mut s = tr.t(&format!("shift.log.{}", e.kind.code())).to_string();
    if !e.value.is_empty() {
        s.push('：');
        s.push_str(tr.t(&format!("shift.value.{}.{}", e.kind.code(), e.value)));
    }
    if let Some(t) = e.temperature {
        s.push_str(&format!("：{}.{}℃", t / 10, t % 10));
    }
    if !e.note.is_empty() {
        s.push_str(" · ");
        s.push_str(&e.note);
    }
    s.push_str(&format!(
        " （{}）",
        rules::local(e.recorded_at).format("%H:%M")
    ));
    if e.supersedes.is_some() {
        s.push_str(tr.t("shift.corrected"));
    }
    s
}

/// Draw the round (with a failed form's input and messages, if any).
pub async fn show(
    state: &State,
    cu: &CurrentUser,
    unit: Option<i64>,
    failed: Failed,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let ctx = Ctx::for_user(cu);
    let f2 = failed.clone();
    let page = state
        .run(cu, move |c, op| {
            let r = round::round(c, op, unit).map_err(to_app)?;
            let tr = op.tr;
            let f = &f2;
            let unit_name = r.unit.as_ref().map_or(String::new(), |u| u.name.clone());
            let heading = format!(
                "{} · {} · {}",
                tr.t(&format!("shift.shift.{}", r.shift.code())),
                r.shift_date,
                if unit_name.is_empty() {
                    tr.t("shift.no_unit_short").to_string()
                } else {
                    unit_name
                }
            );
            let names: Vec<(i64, String)> = r
                .children
                .iter()
                .map(|k| (i64::from(k.child.id), k.child.legal_name.clone()))
                .collect();
            let name_of = |id: i64| {
                names
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map_or(String::new(), |(_, n)| n.clone())
            };
            let mut doses = Vec::new();
            for k in &r.children {
                for d in &k.doses {
                    let due = d.due_at.format("%Y-%m-%dT%H:%M").to_string();
                    let key = format!("{}-{}", d.order.id, d.due_at.format("%d%H%M"));
                    let this = f.form == "dose"
                        && field(&f.pairs, "order") == d.order.id.to_string()
                        && field(&f.pairs, "due") == due;
                    let (state, state_label, mark) = match &d.mark {
                        Some(m) => (
                            "done",
                            tr.t(&format!("shift.outcome.{}", m.outcome.code()))
                                .to_string(),
                            format!(
                                "{} · {}{}",
                                tr.t(&format!("shift.outcome.{}", m.outcome.code())),
                                if m.recorded_by.is_none() {
                                    tr.t("shift.auto_missed").to_string()
                                } else {
                                    rules::local(m.recorded_at).format("%H:%M").to_string()
                                },
                                if m.reason.is_empty() {
                                    String::new()
                                } else {
                                    format!(" · {}", m.reason)
                                }
                            ),
                        ),
                        None => (
                            d.state.code(),
                            tr.t(&format!("shift.state.{}", d.state.code())).to_string(),
                            String::new(),
                        ),
                    };
                    doses.push(DoseView {
                        child: i64::from(k.child.id),
                        child_name: k.child.legal_name.clone(),
                        order: d.order.id,
                        drug: format!("{} {} {}", d.order.drug, d.order.dose, d.order.route),
                        time: if d.due_at.date() == rules::local(op.now).date() {
                            d.due_at.format("%H:%M").to_string()
                        } else {
                            d.due_at.format("%m-%d %H:%M").to_string()
                        },
                        due,
                        key,
                        state,
                        state_label,
                        mark,
                        idem: if this {
                            field(&f.pairs, "idem").to_string()
                        } else {
                            service::new_key()
                        },
                        reason: if this {
                            field(&f.pairs, "reason").to_string()
                        } else {
                            String::new()
                        },
                        error: if this {
                            let mut m = f.errors.msg("reason").to_string();
                            for other in ["outcome", "order"] {
                                if f.errors.has(other) {
                                    m.push_str(f.errors.msg(other));
                                }
                            }
                            m
                        } else {
                            String::new()
                        },
                    });
                }
            }
            doses.sort_by(|a, b| a.due.cmp(&b.due));
            let ticked: Vec<String> = if f.form == "log" {
                f.pairs
                    .iter()
                    .filter(|(k, _)| k == "child")
                    .map(|(_, v)| v.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let users = crate::auth::model::list(c)?;
            let children = r
                .children
                .iter()
                .map(|k| {
                    let id = i64::from(k.child.id);
                    let prn_form = f.form == "prn" && field(&f.pairs, "child") == id.to_string();
                    ChildCard {
                        id,
                        name: k.child.legal_name.clone(),
                        archive_no: k.child.archive_no.clone(),
                        age: crate::archive::header::age_text(tr, k.child.birth_date, op.today),
                        bed: k.bed.clone(),
                        photo: k
                            .child
                            .photo_document_id
                            .filter(|_| k.photo_visible)
                            .map(|p| format!("/children/{id}/documents/{p}")),
                        warnings: k
                            .warnings
                            .iter()
                            .map(|w| (w.allergy, w.text.clone()))
                            .collect(),
                        log: k.log.iter().map(|e| (e.id, log_text(tr, e))).collect(),
                        fever: k.fever,
                        prn: k
                            .prn
                            .iter()
                            .map(|o| PrnView {
                                order: o.id,
                                drug: format!("{} {} {}", o.drug, o.dose, o.route),
                            })
                            .collect(),
                        prn_idem: if prn_form {
                            field(&f.pairs, "idem").to_string()
                        } else {
                            service::new_key()
                        },
                        prn_error: if prn_form {
                            format!("{}{}", f.errors.msg("reason"), f.errors.msg("order"))
                        } else {
                            String::new()
                        },
                        ticked: ticked.contains(&id.to_string()),
                        tasks: super::tasks::views(tr, &users, &k.tasks),
                        appointments: super::tasks::appointments(
                            tr,
                            &k.appointments,
                            crate::shift::rules::local(op.now).date(),
                        ),
                        handover_note: if f.form == "handover" {
                            field(&f.pairs, &format!("note_{id}")).to_string()
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            let handovers = r
                .to_acknowledge
                .iter()
                .map(|(h, lines)| {
                    let writer = crate::auth::model::by_id(c, crate::auth::UserId(h.written_by))
                        .ok()
                        .flatten()
                        .map_or(String::new(), |u| u.display_name);
                    HandoverView {
                        id: h.id,
                        heading: tr.tf(
                            "shift.handover_from",
                            &[
                                ("shift", tr.t(&format!("shift.shift.{}", h.shift.code()))),
                                ("date", &h.shift_date.to_string()),
                                ("who", &writer),
                            ],
                        ),
                        note: h.note.clone(),
                        lines: lines
                            .iter()
                            .map(|l| (name_of(l.child_id), l.note.clone()))
                            .collect(),
                        idem: service::new_key(),
                    }
                })
                .collect();
            let sections = LogKind::ALL
                .iter()
                .filter(|k| !k.values().is_empty())
                .map(|k| QuickSection {
                    label: tr.t(&format!("shift.log.{}", k.code())).to_string(),
                    kind: k.code(),
                    values: k
                        .values()
                        .iter()
                        .map(|v| {
                            (
                                *v,
                                tr.t(&format!("shift.value.{}.{v}", k.code())).to_string(),
                            )
                        })
                        .collect(),
                })
                .collect();
            let keep = |form: &str, name: &str| {
                if f.form == form {
                    field(&f.pairs, name).to_string()
                } else {
                    String::new()
                }
            };
            Ok(RoundPage {
                heading,
                unit_id: r.unit.as_ref().map_or(0, |u| u.id),
                has_unit: r.unit.is_some(),
                units: r
                    .units
                    .iter()
                    .map(|u| {
                        (
                            u.id,
                            u.name.clone(),
                            r.unit.as_ref().is_some_and(|x| x.id == u.id),
                        )
                    })
                    .collect(),
                handovers,
                doses,
                children,
                sections,
                log_idem: if f.form == "log" {
                    field(&f.pairs, "idem").to_string()
                } else {
                    service::new_key()
                },
                handover_idem: if f.form == "handover" {
                    field(&f.pairs, "idem").to_string()
                } else {
                    service::new_key()
                },
                alert_messages: if f.form == "dose" || f.form == "ack" {
                    f.errors
                        .fields()
                        .iter()
                        .map(|k| f.errors.msg(k).to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                failed: f.form.clone(),
                errors: f.errors.clone(),
                typed_note: keep("log", "note"),
                typed_temperature: keep("log", "temperature"),
                typed_handover: keep("handover", "note"),
                restored: f.restored,
                mar_month: rules::local(op.now).format("%Y-%m").to_string(),
                who: i64::from(op.user.id),
                ctx,
            })
        })
        .await?;
    render_status(&page, status)
}

pub fn to_app(f: Failure) -> AppError {
    f.into_app_error()
}
