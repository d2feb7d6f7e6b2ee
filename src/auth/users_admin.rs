//! Admin management of accounts: create, disable/enable, unlock, reset password, revoke sessions;
//! and the service used by the CLI's `create-user` and the demo seed.

use super::model::{self, NewUser, User, UserId};
use super::permissions::{Role, RoleHome, ALL_ROLES};
use super::session;
use crate::audit::{self, Actor, Event};
use crate::db::schema::users;
use crate::db::DbConn;
use crate::error::{ApiResult, AppError, AppResult};
use crate::org::model as org;
use crate::platform::forms::{self, FieldErrors};
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, ApiUser, Catalogue, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// Input for a new account, from any front door (admin form, CLI, demo seed).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewAccount {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    /// Institution code (for institution roles).
    #[serde(default)]
    pub institution: String,
    /// Division code (for supervisors).
    #[serde(default)]
    pub division: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub language: String,
}

/// Validate and insert one account in a write transaction, audited. The caller hashes the password first
/// (slow by design, so it stays outside the transaction). Returns the new id or the per-field errors.
pub fn create_account(
    conn: &mut DbConn,
    tr: &Catalogue,
    a: &NewAccount,
    password_hash: &str,
    now: NaiveDateTime,
    actor: &Actor,
) -> AppResult<Result<UserId, FieldErrors>> {
    use validator::ValidateEmail;
    let mut e = FieldErrors::default();
    let username = a.username.trim();
    if !model::valid_username(username) {
        e.add("username", tr.t("err.username"));
    }
    let display = forms::text(&mut e, tr, "display_name", &a.display_name, true, 60);
    let email = forms::text(&mut e, tr, "email", &a.email, false, 120);
    if !email.is_empty() && !email.validate_email() {
        e.add("email", tr.t("err.email"));
    }
    if let Err(k) = super::password::check_strength(&a.password) {
        e.add("password", tr.t(k));
    }
    let role = Role::parse(&a.role);
    let (mut inst_id, mut div_id) = (None, None);
    match role.map(Role::home) {
        None => e.add("role", tr.t("err.choose")),
        Some(RoleHome::Institution) => match org::by_code(conn, a.institution.trim())? {
            Some(i) => inst_id = Some(i.id),
            None => e.add("institution", tr.t("err.institution_unknown")),
        },
        Some(RoleHome::Division) => match org::division_by_code(conn, a.division.trim())? {
            Some(d) => div_id = Some(d.id),
            None => e.add("division", tr.t("err.division_unknown")),
        },
        Some(RoleHome::Nothing) => {}
    }
    let language = if a.language.is_empty() {
        "zh-CN"
    } else {
        a.language.as_str()
    };
    if !crate::platform::Lang::is_known(language) {
        e.add("language", tr.t("err.choose"));
    }
    let Some(role) = role.filter(|_| e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| {
        if model::by_username(c, username)?.is_some() {
            let mut e = FieldErrors::default();
            e.add("username", tr.t("err.username_taken"));
            return Ok(Err(e));
        }
        let id = model::insert(
            c,
            &NewUser {
                username,
                display_name: &display,
                email: Some(email.as_str()).filter(|s| !s.is_empty()),
                password_hash,
                role,
                institution_id: inst_id,
                division_id: div_id,
                language,
                active: true,
                failed_logins: 0,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "user", id).with_detail(format!("role={role}")),
        )?;
        Ok(Ok(id))
    })
}

pub struct UserRow {
    pub user: User,
    pub role_label: String,
    pub home: String,
    pub locked: bool,
}

#[derive(Template)]
#[template(path = "auth/users.html")]
pub struct UsersPage {
    pub ctx: Ctx,
    pub rows: Vec<UserRow>,
}

fn home_names(conn: &mut DbConn) -> QueryResult<(Vec<org::Institution>, Vec<org::Division>)> {
    let insts = org::list_in_scope(conn, &crate::auth::scope::InstitutionScope::All)?
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    Ok((insts, org::divisions_all(conn)?))
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(super::Action::ManageUsers)?;
    let (users, (insts, divs), now) = state
        .db(|c, st| Ok((model::list(c)?, home_names(c)?, st.clock.now())))
        .await?;
    let tr = cu.tr();
    let rows = users
        .into_iter()
        .map(|u| {
            let home = u
                .institution_id
                .and_then(|i| insts.iter().find(|x| x.id == i).map(|x| x.name.clone()))
                .or_else(|| {
                    u.division_id
                        .and_then(|d| divs.iter().find(|x| x.id == d).map(|x| x.name.clone()))
                })
                .unwrap_or_else(|| "—".into());
            UserRow {
                role_label: tr.t(&u.role.label_key()).to_string(),
                locked: u.locked_until.is_some_and(|t| t > now),
                home,
                user: u,
            }
        })
        .collect();
    render(&UsersPage {
        ctx: Ctx::for_user(&cu),
        rows,
    })
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "auth/user_form.html")]
pub struct UserFormPage {
    pub ctx: Ctx,
    pub form: NewAccount,
    pub errors: FieldErrors,
    pub roles: Vec<Choice>,
    pub institutions: Vec<Choice>,
    pub divisions: Vec<Choice>,
}

fn user_form(
    cu: &CurrentUser,
    form: NewAccount,
    errors: FieldErrors,
    insts: &[org::Institution],
    divs: &[org::Division],
) -> UserFormPage {
    let tr = cu.tr();
    UserFormPage {
        ctx: Ctx::for_user(cu),
        form,
        errors,
        roles: ALL_ROLES
            .iter()
            .map(|r| Choice {
                value: r.code().into(),
                label: tr.t(&r.label_key()).into(),
            })
            .collect(),
        institutions: insts
            .iter()
            .map(|i| Choice {
                value: i.code.clone(),
                label: format!("{} {}", i.code, i.name),
            })
            .collect(),
        divisions: divs
            .iter()
            .map(|d| Choice {
                value: d.code.clone(),
                label: format!("{} {}", d.code, d.name),
            })
            .collect(),
    }
}

pub async fn new_form(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(super::Action::ManageUsers)?;
    let (insts, divs) = state.db(|c, _| Ok(home_names(c)?)).await?;
    render(&user_form(
        &cu,
        NewAccount::default(),
        FieldErrors::default(),
        &insts,
        &divs,
    ))
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<NewAccount>,
) -> AppResult<HttpResponse> {
    cu.require(super::Action::ManageUsers)?;
    let mut form = form.into_inner();
    let tr = cu.tr();
    // Hash only a password that passes the strength rule (hashing is deliberately slow).
    let hash = if super::password::check_strength(&form.password).is_ok() {
        let p = form.password.clone();
        web::block(move || super::password::hash(&p))
            .await?
            .map_err(AppError::internal)?
    } else {
        String::new()
    };
    let (f2, actor) = (form.clone(), cu.actor());
    let (result, insts, divs) = state
        .db(move |c, st| {
            let r = create_account(c, tr, &f2, &hash, st.clock.now(), &actor)?;
            let (i, d) = home_names(c)?;
            Ok((r, i, d))
        })
        .await?;
    match result {
        Ok(_) => Ok(redirect_with("/admin/users", "flash.user_created")),
        Err(errors) => {
            form.password.clear();
            render_status(
                &user_form(&cu, form, errors, &insts, &divs),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "auth/user_detail.html")]
pub struct UserDetailPage {
    pub ctx: Ctx,
    pub user: User,
    pub role_label: String,
    pub locked: bool,
    /// "Locked until …" (Beijing time), if locked.
    pub locked_note: String,
    pub errors: FieldErrors,
    pub notice: String,
}

async fn detail_page(
    state: &State,
    cu: &CurrentUser,
    id: UserId,
    errors: FieldErrors,
    notice: String,
) -> AppResult<HttpResponse> {
    let (user, now) = state
        .db(move |c, st| {
            Ok((
                model::by_id(c, id)?.ok_or(AppError::NotFound)?,
                st.clock.now(),
            ))
        })
        .await?;
    let tr = cu.tr();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = UserDetailPage {
        ctx: Ctx::for_user(cu),
        role_label: tr.t(&user.role.label_key()).to_string(),
        locked: user.locked_until.is_some_and(|t| t > now),
        locked_note: user
            .locked_until
            .filter(|t| *t > now)
            .map(|t| {
                tr.tf(
                    "admin.locked_until",
                    &[("until", &crate::clock::cst_minutes(t))],
                )
            })
            .unwrap_or_default(),
        user,
        errors,
        notice,
    };
    render_status(&page, status)
}

pub async fn detail(
    state: State,
    cu: CurrentUser,
    path: web::Path<UserId>,
) -> AppResult<HttpResponse> {
    cu.require(super::Action::ManageUsers)?;
    detail_page(
        &state,
        &cu,
        path.into_inner(),
        FieldErrors::default(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct AdminAction {
    pub action: String,
    #[serde(default)]
    pub new_password: String,
    /// The confirmation checkbox (`yes`) that unlocking requires.
    #[serde(default)]
    pub confirm: String,
}

/// One POST for the account actions: disable, enable, unlock, revoke-sessions, reset-password.
pub async fn act(
    state: State,
    cu: CurrentUser,
    path: web::Path<UserId>,
    form: web::Form<AdminAction>,
) -> AppResult<HttpResponse> {
    cu.require(super::Action::ManageUsers)?;
    let id = path.into_inner();
    let tr = cu.tr();
    let form = form.into_inner();
    let mut hash = None;
    if form.action == "reset-password" {
        if let Err(k) = super::password::check_strength(&form.new_password) {
            let mut e = FieldErrors::default();
            e.add("new_password", tr.t(k));
            return detail_page(&state, &cu, id, e, String::new()).await;
        }
        let p = form.new_password.clone();
        hash = Some(
            web::block(move || super::password::hash(&p))
                .await?
                .map_err(AppError::internal)?,
        );
    }
    if !matches!(
        form.action.as_str(),
        "disable" | "enable" | "unlock" | "revoke-sessions" | "reset-password"
    ) {
        return Err(AppError::bad("unknown_action", "unknown action"));
    }
    // Unlocking lets someone past the lockout: the admin confirms having checked with the owner.
    if form.action == "unlock" && form.confirm != "yes" {
        let mut e = FieldErrors::default();
        e.add("confirm", tr.t("err.confirm_required"));
        return detail_page(&state, &cu, id, e, String::new()).await;
    }
    if id == cu.user.id && form.action == "disable" {
        return Err(AppError::bad("self_disable", tr.t("err.self_disable")));
    }
    let (action, actor) = (form.action.clone(), cu.actor());
    state
        .db(move |c, st| {
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                let before = model::by_id(c, id)?.ok_or(AppError::NotFound)?;
                let mut detail = action.clone();
                let target = users::table.find(id);
                match action.as_str() {
                    "disable" => {
                        diesel::update(target)
                            .set((users::active.eq(false), users::updated_at.eq(now)))
                            .execute(c)?;
                        session::revoke_all_for_user(c, id, now)?;
                    }
                    "enable" => {
                        diesel::update(target)
                            .set((users::active.eq(true), users::updated_at.eq(now)))
                            .execute(c)?;
                    }
                    "unlock" => {
                        // The audit row says which lock this ended (issue 10 point 4).
                        if let Some(t) = before.locked_until.filter(|t| *t > now) {
                            detail = format!("unlock; was locked until {t}");
                        }
                        diesel::update(target)
                            .set((
                                users::locked_until.eq(None::<NaiveDateTime>),
                                users::failed_logins.eq(0),
                            ))
                            .execute(c)?;
                    }
                    "revoke-sessions" => {
                        session::revoke_all_for_user(c, id, now)?;
                    }
                    _ => {
                        let h = hash.clone().unwrap_or_default();
                        diesel::update(target)
                            .set((users::password_hash.eq(h), users::updated_at.eq(now)))
                            .execute(c)?;
                        session::revoke_all_for_user(c, id, now)?;
                    }
                }
                diesel::update(users::table.find(id))
                    .set(users::version.eq(users::version + 1))
                    .execute(c)?;
                audit::record(
                    c,
                    now,
                    &actor,
                    &Event::ok(status_action(&action), "user", id).with_detail(detail),
                )?;
                Ok(())
            })
        })
        .await?;
    if form.action == "unlock" {
        return Ok(redirect_with(
            &format!("/admin/users/{id}"),
            "flash.user_unlocked",
        ));
    }
    detail_page(
        &state,
        &cu,
        id,
        FieldErrors::default(),
        tr.t("admin.user_updated").into(),
    )
    .await
}

fn status_action(a: &str) -> &'static str {
    match a {
        "disable" | "enable" => "status_change",
        "revoke-sessions" => "revoke_sessions",
        "reset-password" => "reset_password",
        "unlock" => "unlock",
        _ => "update",
    }
}

pub async fn api_list(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    au.require(super::Action::ManageUsers)?;
    let users = state.db(|c, _| Ok(model::list(c)?)).await?;
    Ok(HttpResponse::Ok().json(users))
}
