//! Policy pages: everyone with `ViewPolicy` reads current and past values; admins add a new value with its
//! effective date and source (old values are kept). A value that does not fit its key's kind
//! ([`keys::check`]) is refused at entry with a message next to the field; nothing is written.

use super::keys::{self, Refusal, ValueKind};
use super::{PolicyValue, NATIONAL};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::{self, FieldErrors};
use crate::platform::Catalogue;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub jurisdiction: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: Option<String>,
}

/// A key in the form's list, with what its value must look like.
pub struct KeyChoice {
    pub key: &'static str,
    /// The setting's name in the reader's language.
    pub name: String,
    pub hint: String,
}

pub struct Line {
    pub row: PolicyValue,
    pub in_force: bool,
    /// The setting's name and one-line explanation in the reader's language (the key stays a code).
    pub name: String,
    pub help: String,
    /// 全国 / national, or the division code.
    pub jurisdiction: String,
}

/// A policy key's name in the reader's language (the key itself when the catalogue has none).
pub fn key_name(tr: &Catalogue, key: &str) -> String {
    let k = format!("policykey.{key}");
    if tr.has(&k) {
        tr.t(&k).to_string()
    } else {
        key.to_string()
    }
}

/// 全国 for the national level; a division code as it is.
pub fn jurisdiction_name(tr: &Catalogue, j: &str) -> String {
    let k = format!("jurisdiction.{j}");
    if tr.has(&k) {
        tr.t(&k).to_string()
    } else {
        j.to_string()
    }
}

#[derive(Template)]
#[template(path = "policy/policy.html")]
pub struct PolicyPage {
    pub ctx: Ctx,
    pub lines: Vec<Line>,
    pub can_edit: bool,
    pub keys: Vec<KeyChoice>,
    pub form: PolicyForm,
    pub errors: FieldErrors,
}

fn key_choices(tr: &Catalogue) -> Vec<KeyChoice> {
    keys::key_names()
        .into_iter()
        .map(|key| KeyChoice {
            key,
            name: key_name(tr, key),
            hint: match keys::kind_of(key) {
                Some(ValueKind::WholeNumber { min, max }) => tr.tf(
                    "policy.kind_whole_number",
                    &[("min", &min.to_string()), ("max", &max.to_string())],
                ),
                Some(ValueKind::Date) => tr.t("policy.kind_date").to_string(),
                Some(ValueKind::Text) | None => tr.t("policy.kind_text").to_string(),
            },
        })
        .collect()
}

/// Puts a refusal from [`keys::check`] next to the field it concerns, in the reader's language.
fn refuse(e: &mut FieldErrors, tr: &Catalogue, key: &str, r: Refusal) {
    let (min, max) = match (r, keys::kind_of(key)) {
        (Refusal::OutOfRange { min, max }, _) | (_, Some(ValueKind::WholeNumber { min, max })) => {
            (min.to_string(), max.to_string())
        }
        _ => Default::default(),
    };
    let range = [("min", min.as_str()), ("max", max.as_str())];
    match r {
        Refusal::UnknownKey if key.trim().is_empty() => e.add("key", tr.t("err.choose")),
        Refusal::UnknownKey => e.add("key", tr.tf("policy.err.unknown_key", &[("key", key)])),
        Refusal::Empty => e.add("value", tr.t("err.required")),
        Refusal::NotWholeNumber => e.add("value", tr.tf("policy.err.not_whole_number", &range)),
        Refusal::OutOfRange { .. } => e.add("value", tr.tf("policy.err.out_of_range", &range)),
        Refusal::NotDate => e.add("value", tr.t("policy.err.not_date")),
    }
}

async fn page(
    state: &State,
    cu: &CurrentUser,
    form: PolicyForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (rows, today) = state
        .db(|c, st| Ok((super::all(c)?, st.clock.today())))
        .await?;
    let tr = cu.tr();
    // A row is in force when it is the latest not-future row of its key and jurisdiction.
    let lines = rows
        .iter()
        .map(|r| {
            let newer = rows.iter().any(|o| {
                o.key == r.key
                    && o.jurisdiction == r.jurisdiction
                    && o.effective_from > r.effective_from
                    && o.effective_from <= today
            });
            Line {
                in_force: r.effective_from <= today && !newer,
                name: key_name(tr, &r.key),
                help: tr.t(&format!("policykey.{}.help", r.key)).to_string(),
                jurisdiction: jurisdiction_name(tr, &r.jurisdiction),
                row: r.clone(),
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        &PolicyPage {
            ctx: Ctx::for_user(cu),
            lines,
            can_edit: cu.user.can(Action::ManagePolicy),
            keys: key_choices(cu.tr()),
            form,
            errors,
        },
        status,
    )
}

pub async fn view(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewPolicy)?;
    page(
        &state,
        &cu,
        PolicyForm {
            jurisdiction: NATIONAL.into(),
            ..Default::default()
        },
        FieldErrors::default(),
    )
    .await
}

pub async fn add(
    state: State,
    cu: CurrentUser,
    form: web::Form<PolicyForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManagePolicy)?;
    let form = form.into_inner();
    let tr = cu.tr();
    let mut e = FieldErrors::default();
    let typed = forms::text(&mut e, tr, "value", &form.value, true, 100);
    // Stored as checked: trimmed, numbers in plain form. A refused value writes nothing.
    let value = keys::check(&form.key, &typed).unwrap_or_else(|r| {
        refuse(&mut e, tr, &form.key, r);
        typed
    });
    let source = forms::text(&mut e, tr, "source", &form.source, true, 200);
    let jurisdiction = forms::text(&mut e, tr, "jurisdiction", &form.jurisdiction, true, 12);
    let from = NaiveDate::parse_from_str(form.effective_from.trim(), "%Y-%m-%d").ok();
    if from.is_none() {
        e.add("effective_from", tr.t("err.date"));
    }
    let (f2, actor, uid) = (form.clone(), cu.actor(), cu.user.id);
    let saved = state
        .db(move |c, st| {
            if jurisdiction != NATIONAL
                && crate::org::model::division_by_code(c, &jurisdiction)?.is_none()
            {
                e.add("jurisdiction", tr.t("err.division_unknown"));
            } else if jurisdiction != NATIONAL && keys::national_only(&f2.key) {
                e.add("jurisdiction", tr.t("policy.err.national_only"));
            }
            let (Some(from), true) = (from, e.is_empty()) else {
                return Ok(Err(e));
            };
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                use crate::db::schema::policy_values as pv;
                use diesel::prelude::*;
                let dup: i64 = pv::table
                    .filter(pv::key.eq(&f2.key))
                    .filter(pv::jurisdiction.eq(&jurisdiction))
                    .filter(pv::effective_from.eq(from))
                    .count()
                    .get_result(c)?;
                if dup > 0 {
                    e.add("effective_from", tr.t("err.policy_duplicate"));
                    return Ok(Err(e));
                }
                super::insert(
                    c,
                    &f2.key,
                    &jurisdiction,
                    &value,
                    from,
                    &source,
                    f2.verified.is_some(),
                    Some(uid),
                    now,
                )?;
                audit::record(
                    c,
                    now,
                    &actor,
                    &Event::ok("create", "policy_value", &f2.key)
                        .with_detail(format!("{jurisdiction} from {from}")),
                )?;
                Ok(Ok(()))
            })
        })
        .await?;
    match saved {
        Ok(()) => Ok(redirect_with("/policy", "flash.policy_saved")),
        Err(errors) => page(&state, &cu, form, errors).await,
    }
}
