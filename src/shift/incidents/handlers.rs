//! Incident pages (issue 15 point 6): the register (`/shift/incidents`), the phone form
//! (`/shift/incidents/new`), one incident (`/shift/incidents/{id}`) and the head's review.

use super::service::{self, IncidentInput};
use super::{Filter, Incident};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use crate::shift::rules::{self, IncidentKind};
use crate::shift::service as ss;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

/// A line of the register.
pub struct Line {
    pub id: i64,
    pub kind: String,
    pub when: String,
    pub place: String,
    pub children: String,
    pub staff: bool,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "shift/incidents.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub lines: Vec<Line>,
    pub can_record: bool,
    pub kinds: Vec<(&'static str, String)>,
    pub kind: String,
    pub from: String,
    pub to: String,
    /// The filters as a query string, for the download links.
    pub query: String,
}

#[derive(Template)]
#[template(path = "shift/incident_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, String)>,
    /// (id, label, ticked)
    pub children: Vec<(i64, String, bool)>,
    pub staff: Vec<(i64, String, bool)>,
    pub f: IncidentInput,
    pub errors: FieldErrors,
    pub who: i64,
    /// The form came back from a draft kept across a session timeout.
    pub restored: bool,
}

#[derive(Template)]
#[template(path = "shift/incident.html")]
pub struct OnePage {
    pub ctx: Ctx,
    pub i: Incident,
    pub kind: String,
    pub when: String,
    pub children: Vec<String>,
    pub staff: Vec<String>,
    pub recorded_by: String,
    pub reviewed: String,
    pub can_review: bool,
    pub reports: Vec<ReportView>,
    pub found: super::found::Panel,
}

/// A form of the incident's page that was refused, re-rendered with its input and messages.
pub enum Failed {
    None,
    /// A report's "sent" / "confirmed" form (the report's id).
    Report(i64, FieldErrors),
    Found(Box<(super::found::FoundInput, FieldErrors)>),
}

/// A mandatory report on the incident's page.
pub struct ReportView {
    pub id: i64,
    pub recipient: String,
    pub deadline: String,
    pub state: &'static str,
    pub state_label: String,
    pub sent: String,
    pub confirmed: String,
    pub can_send: bool,
    pub can_confirm: bool,
    pub err_how: String,
    pub err_receipt: String,
    /// The follow-up lines recorded with the report (a missing child found after it was sent).
    pub followups: Vec<String>,
}

pub fn kind_label(op: &Op<'_>, k: IncidentKind) -> String {
    op.tr
        .t(&format!("shift.incident_kind.{}", k.code()))
        .to_string()
}

/// The ward's local time of a UTC instant, as shown.
pub fn local_text(t: chrono::NaiveDateTime) -> String {
    rules::local(t).format("%Y-%m-%d %H:%M").to_string()
}

fn names_of(c: &mut crate::db::DbConn, ids: &[i64]) -> diesel::QueryResult<Vec<(i64, String)>> {
    let kids: Vec<ChildId> = ids.iter().map(|&i| ChildId(i)).collect();
    Ok(crate::archive::summaries(c, &kids)?
        .into_iter()
        .map(|s| {
            (
                i64::from(s.id),
                format!("{} · {}", s.legal_name, s.archive_no),
            )
        })
        .collect())
}

/// The register's filters (and the export's): kind, a period of local dates, the download format.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub format: String,
}

enum Out {
    Page(Box<ListPage>),
    File(
        crate::platform::export::Table,
        crate::platform::export::Format,
    ),
}

fn day_of(raw: &str, name: &'static str) -> AppResult<Option<chrono::NaiveDate>> {
    match raw.trim() {
        "" => Ok(None),
        d => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AppError::bad("shift_bad_date", format!("{name}: not a date (YYYY-MM-DD)"))
            }),
    }
}

/// The register: the incidents the user may read (staff-involved ones only for the head and the
/// supervisor), newest first, narrowed by the filters; `format=csv|xlsx` downloads the same list.
pub async fn list(
    state: State,
    cu: CurrentUser,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let kind = match q.kind.trim() {
        "" => None,
        k => Some(
            k.parse::<IncidentKind>()
                .map_err(|_| AppError::bad("shift_bad_kind", "kind: not an incident kind"))?,
        ),
    };
    let (from, to) = (day_of(&q.from, "from")?, day_of(&q.to, "to")?);
    let format = match q.format.trim() {
        "" => None,
        f => Some(
            crate::platform::export::Format::from_name(f)
                .ok_or_else(|| AppError::bad("invalid_field", "format: must be csv or xlsx"))?,
        ),
    };
    let midnight = |d: chrono::NaiveDate| rules::utc_of(d.and_time(chrono::NaiveTime::MIN));
    let filter = Filter {
        kind,
        from: from.map(midnight),
        until: to.and_then(|d| d.succ_opt()).map(midnight),
    };
    let filter_text = format!(
        "kind={} from={} to={}",
        q.kind.trim(),
        q.from.trim(),
        q.to.trim()
    );
    let ctx = Ctx::for_user(&cu);
    let out = state
        .run(&cu, move |c, op| {
            super::reports::escalate(c, op)?;
            let (insts, see_staff) = service::readable(c, op)?;
            let rows = super::list(c, &insts, see_staff, &filter, 1000)?;
            if let Some(f) = format {
                let (t, f) = super::export::download(c, op, f, &rows, &filter_text)?;
                return Ok(Out::File(t, f));
            }
            let ids: Vec<i64> = rows.iter().map(|i| i.id).collect();
            let pairs = super::children_of_many(c, &ids)?;
            let kid_ids: Vec<i64> = pairs.iter().map(|p| p.1).collect();
            let names = names_of(c, &kid_ids)?;
            let lines = rows
                .iter()
                .map(|i| Line {
                    id: i.id,
                    kind: kind_label(op, i.kind),
                    when: local_text(i.occurred_at),
                    place: i.place.clone(),
                    children: pairs
                        .iter()
                        .filter(|p| p.0 == i.id)
                        .filter_map(|p| names.iter().find(|n| n.0 == p.1).map(|n| n.1.clone()))
                        .collect::<Vec<_>>()
                        .join("、"),
                    staff: i.staff_involved,
                    open: i.reviewed_at.is_none(),
                })
                .collect();
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "shift_incidents", "-"),
            )?;
            Ok(Out::Page(Box::new(ListPage {
                ctx,
                lines,
                can_record: op.user.can(Action::RecordIncident),
                kinds: IncidentKind::ALL
                    .iter()
                    .map(|k| (k.code(), kind_label(op, *k)))
                    .collect(),
                kind: q.kind.trim().to_string(),
                from: q.from.trim().to_string(),
                to: q.to.trim().to_string(),
                query: serde_urlencoded::to_string([
                    ("kind", q.kind.trim()),
                    ("from", q.from.trim()),
                    ("to", q.to.trim()),
                ])
                .unwrap_or_default(),
            })))
        })
        .await?;
    match out {
        Out::File(t, f) => crate::platform::export::download(f, "shift-incidents", &[t]),
        Out::Page(page) => render_status(&*page, StatusCode::OK),
    }
}

/// The empty form — or, after a session timeout, the form as it was typed (issue 15 point 8: the draft
/// kept on the phone by `shift::handlers::user_or_stash`, only for the same user), once.
pub async fn new(state: State, cu: CurrentUser, req: HttpRequest) -> AppResult<HttpResponse> {
    let mut f = IncidentInput {
        idem: ss::new_key(),
        ..IncidentInput::default()
    };
    let mut restored = false;
    if let Some((name, pairs)) = crate::shift::handlers::draft(&req, i64::from(cu.user.id)) {
        if name == "incident" {
            f = IncidentInput::from_pairs(&pairs);
            restored = true;
        }
    }
    let mut res = form(
        &state,
        &cu,
        f,
        FieldErrors::default(),
        StatusCode::OK,
        restored,
    )
    .await?;
    if restored {
        crate::shift::handlers::clear_draft(&mut res);
    }
    Ok(res)
}

async fn form(
    state: &State,
    cu: &CurrentUser,
    mut f: IncidentInput,
    errors: FieldErrors,
    status: StatusCode,
    restored: bool,
) -> AppResult<HttpResponse> {
    if !cu.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden);
    }
    let ctx = Ctx::for_user(cu);
    let page = state
        .run(cu, move |c, op| {
            let inst = ss::home_institution(op)?;
            if f.occurred.is_empty() {
                f.occurred = rules::local(op.now).format("%Y-%m-%dT%H:%M").to_string();
            }
            let children =
                crate::archive::active_children(c, &[crate::org::InstitutionId(inst)], 1000)?
                    .into_iter()
                    .map(|s| {
                        let id = i64::from(s.id);
                        (
                            id,
                            format!("{} · {}", s.legal_name, s.archive_no),
                            f.children.contains(&id),
                        )
                    })
                    .collect();
            let staff = crate::auth::model::list(c)?
                .into_iter()
                .filter(|u| u.active && u.institution_id.map(i64::from) == Some(inst))
                .map(|u| {
                    let id = i64::from(u.id);
                    (id, u.display_name.clone(), f.staff.contains(&id))
                })
                .collect();
            Ok(FormPage {
                ctx,
                kinds: IncidentKind::ALL
                    .iter()
                    .map(|k| (k.code(), kind_label(op, *k)))
                    .collect(),
                children,
                staff,
                f,
                errors,
                who: i64::from(op.user.id),
                restored,
            })
        })
        .await?;
    render_status(&page, status)
}

pub async fn create(
    state: State,
    cu: Result<CurrentUser, AppError>,
    form_data: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let pairs = form_data.into_inner();
    let cu = match crate::shift::handlers::user_or_stash(cu, "incident", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let input = IncidentInput::from_pairs(&pairs);
    let kept = input.clone();
    // An incident naming staff is not the recorder's to read again (head and supervisor only): she
    // lands on the register with the confirmation.
    let hidden_after = !input.staff.is_empty() && !cu.user.can(Action::SeeStaffIncidents);
    let r = state
        .run(&cu, move |c, op| Ok(service::create(c, op, &input)))
        .await?;
    match r {
        Ok(Some(_)) if hidden_after => Ok(redirect_with(
            "/shift/incidents",
            "flash.shift_incident_saved",
        )),
        Ok(Some(id)) => Ok(redirect_with(
            &format!("/shift/incidents/{id}"),
            "flash.shift_incident_saved",
        )),
        // Staff-involved incidents are not the recorder's to read again: the register answers.
        Ok(None) => Ok(redirect_with("/shift/incidents", "flash.shift_already")),
        Err(e) => {
            let errors = e.into_fields()?;
            form(
                &state,
                &cu,
                kept,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            )
            .await
        }
    }
}

pub async fn one(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    show(&state, &cu, path.into_inner(), Failed::None, StatusCode::OK).await
}

/// One incident's page; `failed`: a form that was refused, with its messages.
pub async fn show(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    failed: Failed,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let ctx = Ctx::for_user(cu);
    let page = state
        .run(cu, move |c, op| {
            super::reports::escalate(c, op)?;
            let i = service::load(c, op, id)?;
            let kids = super::children_of(c, i.id)?;
            let children = names_of(c, &kids)?.into_iter().map(|n| n.1).collect();
            let users = crate::auth::model::list(c)?;
            let name = |id: i64| {
                users
                    .iter()
                    .find(|u| i64::from(u.id) == id)
                    .map_or(String::new(), |u| u.display_name.clone())
            };
            let staff = super::staff_of(c, i.id)?.into_iter().map(name).collect();
            let reviewed = match (i.reviewed_by, i.reviewed_at) {
                (Some(u), Some(t)) => format!("{} {}", name(u), local_text(t)),
                _ => String::new(),
            };
            let can_act = op.user.can(Action::RecordIncident);
            let (failed_report, failed_found) = match failed {
                Failed::None => (None, None),
                Failed::Report(r, e) => (Some((r, e)), None),
                Failed::Found(b) => (None, Some(*b)),
            };
            let found = super::found::panel(c, op, &i, failed_found, &name)?;
            let mut reports = Vec::new();
            for r in super::reports::of_incident(c, i.id)? {
                let followups = super::found::followups(c, r.id)?
                    .into_iter()
                    .map(|(n, t)| format!("{} {n}", local_text(t)))
                    .collect();
                reports.push({
                    let st = r.state(op.now);
                    let errs = failed_report.as_ref().filter(|f| f.0 == r.id).map(|f| &f.1);
                    ReportView {
                        id: r.id,
                        recipient: r.recipient.clone(),
                        deadline: local_text(r.deadline_at),
                        state: st.code(),
                        state_label: op
                            .tr
                            .t(&format!("shift.report_state.{}", st.code()))
                            .to_string(),
                        sent: match (r.sent_by, r.sent_at) {
                            (Some(u), Some(t)) => {
                                format!("{} {} · {}", name(u), local_text(t), r.sent_how)
                            }
                            _ => String::new(),
                        },
                        confirmed: match (r.confirmed_by, r.confirmed_at) {
                            (Some(u), Some(t)) => {
                                format!("{} {} · {}", name(u), local_text(t), r.receipt)
                            }
                            _ => String::new(),
                        },
                        can_send: can_act && r.sent_at.is_none(),
                        can_confirm: can_act && r.sent_at.is_some() && r.confirmed_at.is_none(),
                        err_how: errs.map_or(String::new(), |e| e.msg("how").to_string()),
                        err_receipt: errs.map_or(String::new(), |e| e.msg("receipt").to_string()),
                        followups,
                    }
                });
            }
            Ok(OnePage {
                kind: kind_label(op, i.kind),
                when: local_text(i.occurred_at),
                children,
                staff,
                recorded_by: format!("{} {}", name(i.recorded_by), local_text(i.recorded_at)),
                reviewed,
                can_review: op.user.can(Action::ReviewIncident) && i.reviewed_at.is_none(),
                reports,
                found,
                i,
                ctx,
            })
        })
        .await?;
    render_status(&page, status)
}

pub async fn review(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    state
        .run(&cu, move |c, op| service::review(c, op, id))
        .await?;
    Ok(redirect_with(
        &format!("/shift/incidents/{id}"),
        "flash.shift_saved",
    ))
}
