//! A log entry's correction page (`/shift/log/{id}`: the entry, its history, the correction form) and
//! the monthly MAR sheet (`/shift/mar/{child}?month=YYYY-MM`).

use super::{field, user_or_stash};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::shift::model::{self, LogKind};
use crate::shift::rules;
use crate::shift::service::{self, log};
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "shift/log.html")]
pub struct LogPage {
    pub ctx: Ctx,
    pub who: i64,
    pub id: i64,
    pub child_name: String,
    pub kind: String,
    pub values: Vec<(&'static str, String)>,
    pub is_temperature: bool,
    /// Oldest first: (text, struck through).
    pub history: Vec<(String, bool)>,
    pub value: String,
    pub temperature: String,
    pub note: String,
    pub idem: String,
    pub errors: FieldErrors,
}

pub async fn page(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    show(
        &state,
        &cu,
        path.into_inner(),
        None,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: Option<Vec<(String, String)>>,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    cu.require(Action::RecordShift)?;
    let ctx = Ctx::for_user(cu);
    let page = state
        .run(cu, move |c, op| {
            let tr = op.tr;
            let e = model::log_entry(c, id)?.ok_or(AppError::NotFound)?;
            let k = service::child_in_care(c, op, ChildId(e.child_id), Action::RecordShift)
                .map_err(|f| f.into_app_error())?;
            let day = model::log_of_day(c, &[e.child_id], e.day)?;
            // The chain this entry belongs to: follow `supersedes` back from the newest.
            let mut chain = vec![e.clone()];
            while let Some(prev) = chain
                .last()
                .and_then(|x| x.supersedes)
                .and_then(|p| day.iter().find(|d| d.id == p))
            {
                chain.push(prev.clone());
            }
            chain.reverse();
            let mut later = e.clone();
            while let Some(next) = day.iter().find(|d| d.supersedes == Some(later.id)) {
                chain.push(next.clone());
                later = next.clone();
            }
            let last = chain.len().saturating_sub(1);
            let history = chain
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    let mut s = tr.t(&format!("shift.log.{}", x.kind.code())).to_string();
                    if !x.value.is_empty() {
                        s.push_str(&format!(
                            "：{}",
                            tr.t(&format!("shift.value.{}.{}", x.kind.code(), x.value))
                        ));
                    }
                    if let Some(t) = x.temperature {
                        s.push_str(&format!("：{}.{}℃", t / 10, t % 10));
                    }
                    if !x.note.is_empty() {
                        s.push_str(&format!(" · {}", x.note));
                    }
                    s.push_str(&format!(
                        " （{}）",
                        rules::local(x.recorded_at).format("%m-%d %H:%M")
                    ));
                    (s, i != last)
                })
                .collect();
            let cur = chain.last().cloned().unwrap_or(e.clone());
            let t = typed.unwrap_or_default();
            let pick = |name: &str, dflt: String| {
                if t.is_empty() {
                    dflt
                } else {
                    field(&t, name).to_string()
                }
            };
            Ok(LogPage {
                id: cur.id,
                child_name: k.legal_name.clone(),
                kind: tr.t(&format!("shift.log.{}", cur.kind.code())).to_string(),
                values: cur
                    .kind
                    .values()
                    .iter()
                    .map(|v| {
                        (
                            *v,
                            tr.t(&format!("shift.value.{}.{v}", cur.kind.code()))
                                .to_string(),
                        )
                    })
                    .collect(),
                is_temperature: cur.kind == LogKind::Temperature,
                history,
                value: pick("value", cur.value.clone()),
                temperature: pick(
                    "temperature",
                    cur.temperature
                        .map_or(String::new(), |t| format!("{}.{}", t / 10, t % 10)),
                ),
                note: pick("note", cur.note.clone()),
                idem: if t.is_empty() {
                    service::new_key()
                } else {
                    field(&t, "idem").to_string()
                },
                errors,
                who: i64::from(op.user.id),
                ctx,
            })
        })
        .await?;
    render_status(&page, status)
}

pub async fn correct(
    state: State,
    cu: Result<CurrentUser, AppError>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let cu = match user_or_stash(cu, "correct", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let id = path.into_inner();
    let input = log::LogInput::from_pairs(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(log::correct(c, op, id, &input)))
        .await?;
    match r {
        Ok(Some(_)) => Ok(redirect_with("/shift", "flash.shift_saved")),
        Ok(None) => Ok(redirect_with("/shift", "flash.shift_already")),
        Err(e) => {
            let errors = e.into_fields()?;
            show(
                &state,
                &cu,
                id,
                Some(pairs),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: String,
}

pub async fn mar_pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    q: web::Query<MonthQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::PrintMar)?;
    let child = path.into_inner();
    let month =
        chrono::NaiveDate::parse_from_str(&format!("{}-01", q.month.trim()), "%Y-%m-%d").ok();
    let doc = state
        .run(&cu, move |c, op| {
            let month = month.unwrap_or(rules::local(op.now).date());
            crate::shift::pdf::mar_document(c, op, child, month)
        })
        .await?;
    crate::pdf::http_response(&doc)
}
