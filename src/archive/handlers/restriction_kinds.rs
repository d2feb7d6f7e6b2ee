//! Admin page for restriction kinds (查阅限制类型): adoption secrecy is built in (民法典 第1110条);
//! admins define others — which sections they hide and which roles may still open them with a purpose.

use super::super::model;
use super::super::model::RestrictionKind;
use super::super::rules;
use super::super::views::Choice;
use crate::audit::{self, Event};
use crate::auth::{Action, ALL_ROLES};
use crate::db::schema::restriction_kinds;
use crate::error::AppResult;
use crate::platform::forms::{self, FieldErrors};
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;

async fn page(
    state: &State,
    cu: &CurrentUser,
    form: KindForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let kinds = state.db(|c, _| Ok(model::restriction_kinds(c)?)).await?;
    let tr = cu.tr();
    let labels = |list: &str, prefix: &str| -> String {
        list.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    let rows = kinds
        .into_iter()
        .map(|k| {
            let (s, r) = (
                labels(&k.hidden_sections, "section"),
                labels(&k.allowed_roles, "role"),
            );
            (k, s, r)
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        &KindsPage {
            ctx: Ctx::for_user(cu),
            rows,
            form,
            errors,
            section_choices: super::super::views::choices(tr, "section", &rules::SECTIONS),
            role_choices: ALL_ROLES
                .iter()
                .map(|r| super::super::views::Choice {
                    value: r.code().to_string(),
                    label: tr.t(&r.label_key()).to_string(),
                })
                .collect(),
        },
        status,
    )
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ManageRestrictionKinds)?;
    page(&state, &cu, KindForm::default(), FieldErrors::default()).await
}

fn codes(list: &str) -> Vec<String> {
    list.split([',', '，', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    pairs: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageRestrictionKinds)?;
    // Sections and roles come as ticked boxes (repeated fields) or as one comma-separated field.
    let mut form = KindForm::default();
    for (k, v) in pairs.into_inner() {
        let list = match k.as_str() {
            "code" => {
                form.code = v;
                continue;
            }
            "name" => {
                form.name = v;
                continue;
            }
            "hidden_sections" => &mut form.hidden_sections,
            "allowed_roles" => &mut form.allowed_roles,
            _ => continue,
        };
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(&v);
    }
    let tr = cu.tr();
    let mut e = FieldErrors::default();
    let code = forms::text(&mut e, tr, "code", &form.code, true, 40);
    if !e.has("code")
        && !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        e.add("code", tr.t("err.code_chars"));
    }
    let name = forms::text(&mut e, tr, "name", &form.name, true, 60);
    let sections = codes(&form.hidden_sections);
    if sections.is_empty() || !sections.iter().all(|s| rules::is_section(s)) {
        e.add("hidden_sections", tr.t("err.choose"));
    }
    let roles = codes(&form.allowed_roles);
    if !roles.iter().all(|r| crate::auth::Role::parse(r).is_some()) {
        e.add("allowed_roles", tr.t("err.choose"));
    }
    let f2 = form.clone();
    let saved = state
        .run(&cu, move |c, op| {
            if !e.is_empty() {
                return Ok(Err(e));
            }
            let now = op.now;
            crate::db::write_tx(c, |c| {
                let dup: i64 = restriction_kinds::table
                    .filter(restriction_kinds::code.eq(&code))
                    .count()
                    .get_result(c)?;
                if dup > 0 {
                    e.add("code", op.tr.t("err.code_taken"));
                    return Ok(Err(e));
                }
                diesel::insert_into(restriction_kinds::table)
                    .values((
                        restriction_kinds::code.eq(&code),
                        restriction_kinds::name.eq(&name),
                        restriction_kinds::hidden_sections.eq(sections.join(",")),
                        restriction_kinds::allowed_roles.eq(roles.join(",")),
                        restriction_kinds::created_at.eq(now),
                    ))
                    .execute(c)?;
                audit::record(
                    c,
                    now,
                    op.actor,
                    &Event::ok("create", "restriction_kind", &code),
                )?;
                Ok(Ok(()))
            })
        })
        .await?;
    match saved {
        Ok(()) => Ok(redirect_with("/admin/restrictions", "flash.saved")),
        Err(errors) => page(&state, &cu, f2, errors).await,
    }
}

/// The restriction-kind form as typed (admin page).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct KindForm {
    pub code: String,
    pub name: String,
    pub hidden_sections: String,
    pub allowed_roles: String,
}

#[derive(Template)]
#[template(path = "archive/restrictions.html")]
pub struct KindsPage {
    pub ctx: Ctx,
    /// Each kind with its sections and roles named in the reader's language.
    pub rows: Vec<(RestrictionKind, String, String)>,
    pub form: KindForm,
    pub errors: FieldErrors,
    pub section_choices: Vec<Choice>,
    pub role_choices: Vec<Choice>,
}

impl KindForm {
    /// Whether a code is among the comma-separated ones typed or ticked in `list`.
    pub fn has(list: &str, code: &str) -> bool {
        list.split(',').any(|c| c.trim() == code)
    }
}
