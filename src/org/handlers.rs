//! Institution pages (list; admin create and edit) and `GET /api/v1/institutions`.

use super::model::{self, Division, Institution, InstitutionFields, InstitutionId, ALL_KINDS};
use crate::audit::{self, Event};
use crate::auth::{scope, Action};
use crate::error::{ApiResult, AppError, AppResult};
use crate::platform::forms::{self, FieldErrors};
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, ApiUser, Catalogue, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub struct Row {
    pub inst: Institution,
    pub division: String,
    pub kind_label: String,
}

#[derive(Template)]
#[template(path = "org/institutions.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<Row>,
    pub can_edit: bool,
}

async fn list_page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    let user = cu.user.clone();
    let rows = state
        .db(move |c, _| {
            let sc = scope::institution_scope(c, &user)?;
            Ok(model::list_in_scope(c, &sc)?)
        })
        .await?;
    let tr = cu.tr();
    let rows = rows
        .into_iter()
        .map(|(inst, d)| Row {
            kind_label: tr.t(&format!("kind.{}", inst.kind)).to_string(),
            division: division_label(tr, &d),
            inst,
        })
        .collect();
    render(&ListPage {
        can_edit: cu.user.can(Action::ManageInstitutions),
        ctx: Ctx::for_user(&cu),
        rows,
    })
}

fn division_label(tr: &Catalogue, d: &Division) -> String {
    if tr.lang == crate::platform::Lang::En {
        d.name_en.clone()
    } else {
        d.name.clone()
    }
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewInstitutions)?;
    list_page(state, cu).await
}

pub async fn admin_list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ManageInstitutions)?;
    list_page(state, cu).await
}

/// The form as typed, kept when it is re-rendered with errors.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct InstitutionForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub division_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub bed_capacity: String,
    #[serde(default)]
    pub version: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "org/institution_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub action: String,
    pub form: InstitutionForm,
    pub errors: FieldErrors,
    pub kinds: Vec<Choice>,
    pub divisions: Vec<Choice>,
    pub editing: bool,
    /// The saved values when the edit was stale (someone saved meanwhile), shown beside the typed ones.
    pub current: Option<InstitutionForm>,
}

fn form_page(
    cu: &CurrentUser,
    action: String,
    form: InstitutionForm,
    errors: FieldErrors,
    divisions: &[Division],
    editing: bool,
) -> FormPage {
    let tr = cu.tr();
    FormPage {
        ctx: Ctx::for_user(cu),
        action,
        form,
        errors,
        kinds: ALL_KINDS
            .iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: tr.t(&format!("kind.{}", k.as_str())).into(),
            })
            .collect(),
        divisions: divisions
            .iter()
            .map(|d| Choice {
                value: d.code.clone(),
                label: format!("{} {}", d.code, division_label(tr, d)),
            })
            .collect(),
        editing,
        current: None,
    }
}

/// Parse the typed form into fields, or collect a message per field.
fn parse(
    tr: &Catalogue,
    f: &InstitutionForm,
    divisions: &[Division],
) -> Result<InstitutionFields, FieldErrors> {
    use validator::ValidateEmail;
    let mut e = FieldErrors::default();
    let code = forms::text(&mut e, tr, "code", &f.code, true, 20);
    if !e.has("code") && !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        e.add("code", tr.t("err.code_chars"));
    }
    if model::InstitutionKind::parse(&f.kind).is_none() {
        e.add("kind", tr.t("err.choose"));
    }
    let name = forms::text(&mut e, tr, "name", &f.name, true, 100);
    let division = divisions.iter().find(|d| d.code == f.division_code);
    if division.is_none() {
        e.add("division_code", tr.t("err.choose"));
    }
    let address = forms::text(&mut e, tr, "address", &f.address, false, 200);
    let email = forms::text(&mut e, tr, "contact_email", &f.contact_email, false, 120);
    if !email.is_empty() && !email.validate_email() {
        e.add("contact_email", tr.t("err.email"));
    }
    let beds = f
        .bed_capacity
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (0..=10_000).contains(n));
    if beds.is_none() {
        e.add(
            "bed_capacity",
            tr.tf("err.number_range", &[("min", "0"), ("max", "10000")]),
        );
    }
    match (division, beds) {
        (Some(d), Some(b)) if e.is_empty() => Ok(InstitutionFields {
            code,
            kind: f.kind.clone(),
            name,
            division_id: d.id,
            address,
            contact_email: email,
            bed_capacity: b,
        }),
        _ => Err(e),
    }
}

pub async fn new_form(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ManageInstitutions)?;
    let divisions = state.db(|c, _| Ok(model::divisions_all(c)?)).await?;
    let form = InstitutionForm {
        bed_capacity: "0".into(),
        ..Default::default()
    };
    render(&form_page(
        &cu,
        "/admin/institutions".into(),
        form,
        FieldErrors::default(),
        &divisions,
        false,
    ))
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<InstitutionForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageInstitutions)?;
    save(state, cu, form.into_inner(), None).await
}

pub async fn edit_form(
    state: State,
    cu: CurrentUser,
    path: web::Path<InstitutionId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageInstitutions)?;
    let id = path.into_inner();
    let (inst, divisions) = state
        .db(move |c, _| {
            let inst = model::find_in_scope(c, &scope::InstitutionScope::All, id)?
                .ok_or(AppError::NotFound)?;
            Ok((inst, model::divisions_all(c)?))
        })
        .await?;
    let form = form_of(inst, &divisions);
    render(&form_page(
        &cu,
        format!("/admin/institutions/{id}"),
        form,
        FieldErrors::default(),
        &divisions,
        true,
    ))
}

pub async fn update(
    state: State,
    cu: CurrentUser,
    path: web::Path<InstitutionId>,
    form: web::Form<InstitutionForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageInstitutions)?;
    save(state, cu, form.into_inner(), Some(path.into_inner())).await
}

/// The form as it would show a stored institution.
fn form_of(inst: model::Institution, divisions: &[Division]) -> InstitutionForm {
    let code = divisions
        .iter()
        .find(|d| d.id == inst.division_id)
        .map(|d| d.code.clone())
        .unwrap_or_default();
    InstitutionForm {
        code: inst.code,
        kind: inst.kind,
        name: inst.name,
        division_code: code,
        address: inst.address,
        contact_email: inst.contact_email,
        bed_capacity: inst.bed_capacity.to_string(),
        version: inst.version.to_string(),
    }
}

enum Saved {
    Done,
    Invalid(FieldErrors, Vec<Division>),
    /// Someone saved first: the stored values, to show beside what was typed.
    Stale(Box<InstitutionForm>, Vec<Division>),
}

async fn save(
    state: State,
    cu: CurrentUser,
    form: InstitutionForm,
    id: Option<InstitutionId>,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let actor = cu.actor();
    let f2 = form.clone();
    let outcome = state
        .db(move |c, st| {
            let divisions = model::divisions_all(c)?;
            let fields = match parse(tr, &f2, &divisions) {
                Ok(f) => f,
                Err(e) => return Ok(Saved::Invalid(e, divisions)),
            };
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                let clash = model::by_code(c, &fields.code)?.filter(|i| Some(i.id) != id);
                if clash.is_some() {
                    let mut e = FieldErrors::default();
                    e.add("code", tr.t("err.code_taken"));
                    return Ok(Saved::Invalid(e, divisions.clone()));
                }
                match id {
                    None => {
                        let new_id = model::insert(c, &fields, now)?;
                        audit::record(c, now, &actor, &Event::ok("create", "institution", new_id))?;
                    }
                    Some(id) => {
                        let stored = model::find_in_scope(c, &scope::InstitutionScope::All, id)?
                            .ok_or(AppError::NotFound)?;
                        let version: i32 = f2
                            .version
                            .trim()
                            .parse()
                            .map_err(|_| AppError::bad("bad_version", "missing version"))?;
                        if model::update(c, id, version, &fields, now)? == 0 {
                            return Ok(Saved::Stale(
                                Box::new(form_of(stored, &divisions)),
                                divisions.clone(),
                            ));
                        }
                        audit::record(c, now, &actor, &Event::ok("update", "institution", id))?;
                    }
                }
                Ok(Saved::Done)
            })
        })
        .await?;
    match outcome {
        Saved::Done => Ok(redirect_with("/admin/institutions", "flash.saved")),
        Saved::Stale(current, divisions) => {
            // Keep what was typed, show what is stored, and let the next save build on the stored version.
            let mut errors = FieldErrors::default();
            errors.add("version", tr.t("err.stale_shown"));
            let typed = InstitutionForm {
                version: current.version.clone(),
                ..form
            };
            let action = format!(
                "/admin/institutions/{}",
                id.map(|i| i.0).unwrap_or_default()
            );
            let mut page = form_page(&cu, action, typed, errors, &divisions, true);
            page.current = Some(*current);
            render_status(&page, StatusCode::CONFLICT)
        }
        Saved::Invalid(errors, divisions) => {
            let action = id
                .map(|i| format!("/admin/institutions/{i}"))
                .unwrap_or_else(|| "/admin/institutions".into());
            render_status(
                &form_page(&cu, action, form, errors, &divisions, id.is_some()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(serde::Serialize)]
pub struct InstitutionJson {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub division_code: String,
    pub division_name: String,
    pub address: String,
    pub contact_email: String,
    pub bed_capacity: i32,
}

pub async fn api_list(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    au.require(Action::ViewInstitutions)?;
    let user = au.user.clone();
    let rows = state
        .db(move |c, _| {
            let sc = scope::institution_scope(c, &user)?;
            Ok(model::list_in_scope(c, &sc)?)
        })
        .await?;
    let out: Vec<InstitutionJson> = rows
        .into_iter()
        .map(|(i, d)| InstitutionJson {
            id: i.id.0,
            code: i.code,
            kind: i.kind,
            name: i.name,
            division_code: d.code,
            division_name: d.name,
            address: i.address,
            contact_email: i.contact_email,
            bed_capacity: i.bed_capacity,
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Template)]
#[template(path = "org/institution.html")]
pub struct DetailPage {
    pub ctx: Ctx,
    pub inst: Institution,
    pub kind_label: String,
    pub division: String,
    pub can_edit: bool,
}

/// One institution; outside the user's scope it does not exist (404).
pub async fn detail(
    state: State,
    cu: CurrentUser,
    path: web::Path<InstitutionId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewInstitutions)?;
    let (id, user) = (path.into_inner(), cu.user.clone());
    let (inst, divisions) = state
        .db(move |c, _| {
            let sc = scope::institution_scope(c, &user)?;
            let inst = model::find_in_scope(c, &sc, id)?.ok_or(AppError::NotFound)?;
            Ok((inst, model::divisions_all(c)?))
        })
        .await?;
    let tr = cu.tr();
    let division = divisions
        .iter()
        .find(|d| d.id == inst.division_id)
        .map(|d| division_label(tr, d))
        .unwrap_or_default();
    render(&DetailPage {
        kind_label: tr.t(&format!("kind.{}", inst.kind)).to_string(),
        division,
        can_edit: cu.user.can(Action::ManageInstitutions),
        ctx: Ctx::for_user(&cu),
        inst,
    })
}

/// OpenAPI paths and schemas of this module's endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, merge, ok};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    out.paths.push(("/api/v1/institutions", json!({"get": {"summary": "Institutions in the caller's scope", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/Institution"}}))}), errors(&["401", "403"]))}})));
    out.schemas.push(("Institution", json!({"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "kind": {"type": "string", "enum": ["city-welfare", "county-welfare", "protection-centre", "civil-affairs"]}, "name": {"type": "string"}, "division_code": {"type": "string"}, "division_name": {"type": "string"}, "address": {"type": "string"}, "contact_email": {"type": "string"}, "bed_capacity": {"type": "integer"}}})));
    out
}
