//! The round's forms (`/shift`): mark a dose, give a PRN dose, the quick log for several children, write
//! and acknowledge a handover. Each answers with the round: back to it with a flash when saved, or the
//! round again (422) with what was typed and the messages (`answer`).

use super::round::{show, Failed};
use super::{field, typed, user_or_stash};
use crate::error::{AppError, AppResult};
use crate::shift::service::{log, mar, round, Failure};
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Where a form returns: the round of the unit it was posted from.
fn back(pairs: &[(String, String)]) -> String {
    match field(pairs, "unit").parse::<i64>() {
        Ok(u) => format!("/shift?unit={u}"),
        Err(_) => "/shift".into(),
    }
}

/// A form's outcome: saved (or saved before: the same answer) → back to the round with a flash;
/// refused → the round again, 422, with what was typed and the messages.
pub(super) async fn answer<T>(
    state: &State,
    cu: &CurrentUser,
    form: &str,
    pairs: Vec<(String, String)>,
    r: Result<Option<T>, Failure>,
) -> AppResult<HttpResponse> {
    match r {
        Ok(Some(_)) => Ok(redirect_with(&back(&pairs), "flash.shift_saved")),
        Ok(None) => Ok(redirect_with(&back(&pairs), "flash.shift_already")),
        Err(e) => {
            let errors = e.into_fields()?;
            let unit = field(&pairs, "unit").parse().ok();
            let failed = Failed {
                form: form.to_string(),
                pairs,
                errors,
                restored: false,
            };
            show(state, cu, unit, failed, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

type Pairs = web::Form<Vec<(String, String)>>;

pub async fn dose(
    state: State,
    cu: Result<CurrentUser, AppError>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let cu = match user_or_stash(cu, "dose", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let input: mar::MarkInput = typed(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(mar::mark(c, op, &input)))
        .await?;
    answer(&state, &cu, "dose", pairs, r).await
}

pub async fn prn(
    state: State,
    cu: Result<CurrentUser, AppError>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let cu = match user_or_stash(cu, "prn", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let input: mar::PrnInput = typed(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(mar::prn(c, op, &input)))
        .await?;
    answer(&state, &cu, "prn", pairs, r).await
}

pub async fn quick_log(
    state: State,
    cu: Result<CurrentUser, AppError>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let cu = match user_or_stash(cu, "log", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let mut input = log::LogInput::from_pairs(&pairs);
    // One tap: the button pressed names the section and its value (`meal:all`, `temperature:`).
    let entry = field(&pairs, "entry");
    if let Some((k, v)) = entry.split_once(':') {
        input.kind = k.to_string();
        input.value = v.to_string();
    }
    let r = state
        .run(&cu, move |c, op| Ok(log::quick(c, op, &input)))
        .await?;
    answer(&state, &cu, "log", pairs, r).await
}

pub async fn write_handover(
    state: State,
    cu: Result<CurrentUser, AppError>,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let mut pairs = form.into_inner();
    let unit = path.into_inner();
    pairs.retain(|(k, _)| k != "unit");
    pairs.push(("unit".into(), unit.to_string()));
    let cu = match user_or_stash(cu, "handover", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let input = round::HandoverInput::from_pairs(&pairs);
    let r = state
        .run(&cu, move |c, op| {
            Ok(round::write_handover(c, op, unit, &input))
        })
        .await?;
    answer(&state, &cu, "handover", pairs, r).await
}

pub async fn acknowledge(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let id = path.into_inner();
    let idem = field(&pairs, "idem").to_string();
    let r = state
        .run(&cu, move |c, op| Ok(round::acknowledge(c, op, id, &idem)))
        .await?;
    answer(&state, &cu, "ack", pairs, r).await
}
