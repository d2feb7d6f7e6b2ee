//! The body map and photos page of an incident (`/shift/incidents/{id}/body`, issue 15 point 6): the
//! marks per child as a no-JavaScript list (side, region, kind, note), the photos, and the forms to add
//! a mark and upload a photo (multipart, the CSRF token as the first field, the size limit checked
//! before the body is read). Same scope as the incident (404), every view and download audited.

use super::body::{self, MarkInput};
use super::body_fix::Fate;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::shift::rules::body::{MarkKind, Region, Side};
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

/// A mark as the page lists it.
pub struct MarkView {
    pub id: i64,
    /// The number on the figure (marks in force), 0 for a superseded mark.
    pub n: usize,
    /// For a superseded mark: corrected or withdrawn (with the reason), by whom and when.
    pub fate: String,
    pub child: String,
    pub place: String,
    pub kind: String,
    pub note: String,
    pub recorded: String,
}

/// A photo as the page lists it.
pub struct PhotoView {
    pub id: i64,
    pub name: String,
    pub recorded: String,
    /// Withdrawn (shown to the head only): "withdrawn (reason): who when"; empty while in force.
    pub withdrawn: String,
    /// The head or its uploader, while in force (`photo_fix`).
    pub can_withdraw: bool,
}

#[derive(Template)]
#[template(path = "shift/incident_body.html")]
pub struct BodyPage {
    pub ctx: Ctx,
    pub id: i64,
    pub kind: String,
    pub marks: Vec<MarkView>,
    /// Superseded marks (corrected or withdrawn), struck through — the history stays.
    pub history: Vec<MarkView>,
    /// The drawn figure (inline SVG built by `figure::svg`; only numbers and escaped labels inside).
    pub figure: String,
    pub photos: Vec<PhotoView>,
    pub can_add: bool,
    pub children: Vec<(String, String)>,
    pub sides: Vec<(&'static str, String)>,
    pub regions: Vec<(&'static str, String)>,
    pub kinds: Vec<(&'static str, String)>,
    pub typed: MarkInput,
    pub errors: FieldErrors,
    /// The photo whose withdrawal was refused (its form open with the message), and the reason typed.
    pub photo_fail: i64,
    pub photo_reason: String,
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: MarkInput,
    errors: FieldErrors,
    photo_fail: Option<(i64, String)>,
) -> AppResult<HttpResponse> {
    let ctx = Ctx::for_user(cu);
    let (kind, (marks, history, figure), photos, can_add, children) = state
        .run(cu, move |c, op| {
            let i = super::service::load(c, op, id)?;
            let tr = op.tr;
            let kids: Vec<ChildId> = super::children_of(c, i.id)?
                .into_iter()
                .map(ChildId)
                .collect();
            let names: Vec<(i64, String)> = crate::archive::summaries(c, &kids)?
                .into_iter()
                .map(|s| {
                    (
                        i64::from(s.id),
                        format!("{} · {}", s.legal_name, s.archive_no),
                    )
                })
                .collect();
            let name_of = |k: i64| {
                names
                    .iter()
                    .find(|n| n.0 == k)
                    .map_or(String::new(), |n| n.1.clone())
            };
            let users = crate::auth::model::list(c)?;
            let who = |u: i64, at: chrono::NaiveDateTime| {
                format!(
                    "{} {}",
                    users
                        .iter()
                        .find(|x| i64::from(x.id) == u)
                        .map_or("", |x| x.display_name.as_str()),
                    super::handlers::local_text(at)
                )
            };
            let all = body::marks_of(c, i.id)?;
            let (mut marks, mut history, mut drawn) = (Vec::new(), Vec::new(), Vec::new());
            for (m, fate) in super::body_fix::fates(&all) {
                let (n, fate) = match fate {
                    Fate::InForce(n) => {
                        if let (Some(s), Some(r)) = (Side::parse(&m.side), Region::parse(&m.region))
                        {
                            drawn.push((n, s, r));
                        }
                        (n, String::new())
                    }
                    Fate::Corrected(by) | Fate::Withdrawn(by) => {
                        let x = all.iter().find(|x| x.id == by);
                        let when = x.map_or(String::new(), |x| who(x.recorded_by, x.recorded_at));
                        let text = match x.and_then(|x| x.withdrawn_reason.as_deref()) {
                            Some(reason) => {
                                tr.tf("shift.body.withdrawn", &[("reason", reason), ("by", &when)])
                            }
                            None => tr.tf("shift.body.corrected", &[("by", &when)]),
                        };
                        (0, text)
                    }
                };
                let v = MarkView {
                    id: m.id,
                    n,
                    fate,
                    child: name_of(m.child_id),
                    place: format!(
                        "{} · {}",
                        tr.t(&format!("shift.body.side.{}", m.side)),
                        tr.t(&format!("shift.body.region.{}", m.region))
                    ),
                    kind: tr.t(&format!("shift.body.kind.{}", m.kind)).to_string(),
                    note: m.note.clone(),
                    recorded: who(m.recorded_by, m.recorded_at),
                };
                if n > 0 {
                    marks.push(v);
                } else {
                    history.push(v);
                }
            }
            let figure = super::figure::svg(
                &drawn,
                (
                    tr.t("shift.body.side.front"),
                    tr.t("shift.body.side.back"),
                    &tr.tf(
                        "shift.body.figure_label",
                        &[("n", &drawn.len().to_string())],
                    ),
                ),
            );
            let photos = super::photo_fix::listed(c, op, i.id)?
                .into_iter()
                .map(|(p, w)| PhotoView {
                    id: p.id,
                    can_withdraw: w.is_none() && super::photo_fix::may_withdraw(op, &p),
                    withdrawn: w.map_or(String::new(), |w| {
                        tr.tf(
                            "shift.photo.withdrawn",
                            &[
                                ("reason", &w.reason),
                                ("by", &who(w.withdrawn_by, w.withdrawn_at)),
                            ],
                        )
                    }),
                    name: p.original_name,
                    recorded: who(p.uploaded_by, p.uploaded_at),
                })
                .collect();
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "shift_incident_body", i.id),
            )?;
            Ok((
                super::handlers::kind_label(op, i.kind),
                (marks, history, figure),
                photos,
                op.user.can(Action::RecordIncident),
                names
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n))
                    .collect::<Vec<_>>(),
            ))
        })
        .await?;
    let opts = |codes: Vec<&'static str>, prefix: &str| {
        codes
            .into_iter()
            .map(|c| (c, ctx.t(&format!("shift.body.{prefix}.{c}")).to_string()))
            .collect::<Vec<_>>()
    };
    let page = BodyPage {
        sides: opts(Side::ALL.iter().map(|s| s.code()).collect(), "side"),
        regions: opts(Region::ALL.iter().map(|s| s.code()).collect(), "region"),
        kinds: opts(MarkKind::ALL.iter().map(|s| s.code()).collect(), "kind"),
        ctx,
        id,
        kind,
        marks,
        history,
        figure,
        photos,
        can_add,
        children,
        typed,
        errors,
        photo_fail: photo_fail.as_ref().map_or(0, |f| f.0),
        photo_reason: photo_fail.map(|f| f.1).unwrap_or_default(),
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

pub async fn page(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    show(
        &state,
        &cu,
        path.into_inner(),
        MarkInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

/// `POST /shift/incidents/{id}/marks`: one mark; back to the page, or the form again with messages.
pub async fn mark(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<MarkInput>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let f = form.into_inner();
    let typed = f.clone();
    let r = state
        .run(&cu, move |c, op| body::add_mark(c, op, id, &f))
        .await?;
    match r {
        Ok(_) => Ok(redirect_with(
            &format!("/shift/incidents/{id}/body"),
            "flash.shift_body_saved",
        )),
        Err(errors) => show(&state, &cu, id, typed, errors, None).await,
    }
}

/// `POST /shift/incidents/{id}/photos` (multipart: `csrf_token` first, then `file`).
pub async fn photo(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    req: actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let expected = {
        use actix_web::HttpMessage;
        req.extensions()
            .get::<crate::web::csrf::ExpectedToken>()
            .cloned()
    };
    // Scope (404), the action (403) and the policy limit before any byte of the body is read.
    let limit = state.run(&cu, move |c, op| body::limit(c, op, id)).await?;
    crate::archive::refuse_declared(&req, limit)?;
    let uploads = state.settings.uploads_dir();
    let received = crate::archive::read_form(mp, &uploads, limit, expected).await?;
    let r = state
        .run(&cu, move |c, op| {
            body::add_photo(c, op, id, received, &uploads)
        })
        .await?;
    match r {
        Ok(_) => Ok(redirect_with(
            &format!("/shift/incidents/{id}/body"),
            "flash.shift_photo_saved",
        )),
        Err(errors) => show(&state, &cu, id, MarkInput::default(), errors, None).await,
    }
}

/// `GET /shift/incidents/{id}/photos/{photo}`: inline, never cached; 404 outside the incident's scope.
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (id, photo) = path.into_inner();
    let p = state
        .run(&cu, move |c, op| body::for_download(c, op, id, photo))
        .await?;
    let ext = if p.mime == "image/png" { "png" } else { "jpg" };
    crate::archive::send_stored(
        &state.settings.uploads_dir(),
        &p.sha256,
        &p.mime,
        &format!("incident-{id}-photo-{}.{ext}", p.id),
    )
    .await
}

/// The withdrawal form of a photo.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WithdrawPhoto {
    pub reason: String,
}

/// `POST /shift/incidents/{id}/photos/{photo}/withdraw`: the photo withdrawn with its reason (the head
/// or its uploader, `photo_fix`); back to the page, or the page again with the message (422).
pub async fn withdraw(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<WithdrawPhoto>,
) -> AppResult<HttpResponse> {
    let (id, photo) = path.into_inner();
    let reason = form.into_inner().reason;
    let typed = reason.clone();
    let r = state
        .run(&cu, move |c, op| {
            super::photo_fix::withdraw(c, op, id, photo, &reason)
        })
        .await?;
    match r {
        Ok(()) => Ok(redirect_with(
            &format!("/shift/incidents/{id}/body"),
            "flash.shift_photo_withdrawn",
        )),
        Err(errors) => {
            show(
                &state,
                &cu,
                id,
                MarkInput::default(),
                errors,
                Some((photo, typed)),
            )
            .await
        }
    }
}
