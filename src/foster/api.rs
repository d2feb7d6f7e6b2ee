//! `/api/v1/foster…`: the eligibility engine without saving anything (issue 12 point 2).

use super::rules::{self, Caregiver, Child, Education, Family, Guardianship, Member, Relation};
use crate::auth::Action;
use crate::error::ApiResult;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};

/// A body field that is missing, of the wrong type or out of range, by its path in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadField {
    pub field: String,
    pub why: String,
}

impl BadField {
    /// 400 `invalid_field` naming the field, in the field and at the start of the message.
    fn response(&self) -> HttpResponse {
        HttpResponse::BadRequest().json(json!({"error": {
            "code": "invalid_field", "field": self.field,
            "message": format!("{}: {}", self.field, self.why)}}))
    }
}

fn bad(path: &str, why: &str) -> BadField {
    BadField {
        field: path.to_string(),
        why: why.to_string(),
    }
}

type Obj = Map<String, Value>;

fn object<'a>(v: Option<&'a Value>, path: &str) -> Result<&'a Obj, BadField> {
    match v {
        Some(Value::Object(m)) => Ok(m),
        None | Some(Value::Null) => Err(bad(path, "is required")),
        Some(_) => Err(bad(path, "must be an object")),
    }
}

/// Refuses names the endpoint does not know, so a misspelt `local_avg_aera` is not silently replaced
/// by the policy value.
fn only(m: &Obj, path: &str, known: &[&str]) -> Result<(), BadField> {
    match m.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(bad(&join(path, k), "is not a field of this body")),
        None => Ok(()),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn boolean(m: &Obj, path: &str, name: &str) -> Result<bool, BadField> {
    match m.get(name) {
        Some(Value::Bool(b)) => Ok(*b),
        None | Some(Value::Null) => Err(bad(&join(path, name), "is required (true or false)")),
        Some(_) => Err(bad(&join(path, name), "must be true or false")),
    }
}

fn date(m: &Obj, path: &str, name: &str) -> Result<NaiveDate, BadField> {
    let p = join(path, name);
    match m.get(name) {
        Some(Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| bad(&p, "must be a date YYYY-MM-DD")),
        None | Some(Value::Null) => Err(bad(&p, "is required (YYYY-MM-DD)")),
        Some(_) => Err(bad(&p, "must be a date string YYYY-MM-DD")),
    }
}

/// A non-negative finite number; `None` when absent or null and `optional`.
fn number(m: &Obj, path: &str, name: &str, optional: bool) -> Result<Option<f64>, BadField> {
    let p = join(path, name);
    match m.get(name) {
        None | Some(Value::Null) if optional => Ok(None),
        None | Some(Value::Null) => Err(bad(&p, "is required (a number)")),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.is_finite() && (0.0..=1e12).contains(&x) => Ok(Some(x)),
            _ => Err(bad(&p, "must be a number from 0")),
        },
        Some(_) => Err(bad(&p, "must be a number")),
    }
}

fn code<T>(
    m: &Obj,
    path: &str,
    name: &str,
    parse: fn(&str) -> Option<T>,
    all: &[&str],
) -> Result<T, BadField> {
    let p = join(path, name);
    match m.get(name) {
        Some(Value::String(s)) => {
            parse(s.trim()).ok_or_else(|| bad(&p, &format!("must be one of {}", all.join(", "))))
        }
        None | Some(Value::Null) => {
            Err(bad(&p, &format!("is required: one of {}", all.join(", "))))
        }
        Some(_) => Err(bad(&p, &format!("must be one of {}", all.join(", ")))),
    }
}

fn codes<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

/// Whether a date lies after the checking date (a birth date cannot).
fn not_after(d: NaiveDate, on: NaiveDate, path: &str) -> Result<NaiveDate, BadField> {
    if d > on {
        Err(bad(path, "is after `on`"))
    } else {
        Ok(d)
    }
}

/// The parsed body: the date, the family (local figures possibly absent) and the child.
pub struct Request {
    pub on: NaiveDate,
    pub family: Family,
    pub local_avg_area: Option<f64>,
    pub local_middle_income: Option<f64>,
    pub child: Option<Child>,
}

/// Reads the body, naming the first field that is wrong.
pub fn parse(v: &Value) -> Result<Request, BadField> {
    let root = object(Some(v), "body")?;
    only(root, "", &["on", "family", "child"])?;
    let on = date(root, "", "on")?;
    let f = object(root.get("family"), "family")?;
    only(
        f,
        "family",
        &[
            "hukou_local",
            "fixed_residence",
            "area_per_capita_after",
            "local_avg_area",
            "income_per_capita",
            "local_middle_income",
            "current_foster_children",
            "main_caregiver",
            "members",
        ],
    )?;
    let current = match f.get("current_foster_children") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(k) if (0..=100).contains(&k) => k,
            _ => {
                return Err(bad(
                    "family.current_foster_children",
                    "must be a whole number from 0",
                ))
            }
        },
        Some(_) => {
            return Err(bad(
                "family.current_foster_children",
                "must be a whole number from 0",
            ))
        }
    };
    let mc = object(f.get("main_caregiver"), "family.main_caregiver")?;
    only(
        mc,
        "family.main_caregiver",
        &["birth_date", "education", "healthy"],
    )?;
    let main_caregiver = Caregiver {
        birth_date: not_after(
            date(mc, "family.main_caregiver", "birth_date")?,
            on,
            "family.main_caregiver.birth_date",
        )?,
        education: code(
            mc,
            "family.main_caregiver",
            "education",
            Education::parse,
            &codes(Education::ALL, Education::code),
        )?,
        healthy: boolean(mc, "family.main_caregiver", "healthy")?,
    };
    let list = match f.get("members") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => return Err(bad("family.members", "is required (a list)")),
        Some(_) => return Err(bad("family.members", "must be a list")),
    };
    let mut members = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let p = format!("family.members[{i}]");
        let o = object(Some(m), &p)?;
        only(
            o,
            &p,
            &[
                "relation",
                "birth_date",
                "infectious_or_mental_illness",
                "criminal_record",
                "bad_habits",
                "consents",
            ],
        )?;
        members.push(Member {
            relation: code(
                o,
                &p,
                "relation",
                Relation::parse,
                &codes(Relation::ALL, Relation::code),
            )?,
            birth_date: not_after(date(o, &p, "birth_date")?, on, &join(&p, "birth_date"))?,
            infectious_or_mental_illness: boolean(o, &p, "infectious_or_mental_illness")?,
            criminal_record: boolean(o, &p, "criminal_record")?,
            bad_habits: boolean(o, &p, "bad_habits")?,
            consents: boolean(o, &p, "consents")?,
        });
    }
    let local_avg_area = number(f, "family", "local_avg_area", true)?;
    let local_middle_income = number(f, "family", "local_middle_income", true)?;
    let family = Family {
        hukou_local: boolean(f, "family", "hukou_local")?,
        fixed_residence: boolean(f, "family", "fixed_residence")?,
        area_per_capita_after: number(f, "family", "area_per_capita_after", false)?.unwrap_or(0.0),
        local_avg_area: local_avg_area.unwrap_or(0.0),
        income_per_capita: number(f, "family", "income_per_capita", false)?.unwrap_or(0.0),
        local_middle_income: local_middle_income.unwrap_or(0.0),
        current_foster_children: current,
        main_caregiver,
        members,
        proofs: None,
    };
    let child = match root.get("child") {
        None | Some(Value::Null) => None,
        Some(c) => {
            let o = object(Some(c), "child")?;
            only(
                o,
                "child",
                &[
                    "birth_date",
                    "guardianship",
                    "severe_disability_needing_professional_care",
                    "consent",
                ],
            )?;
            Some(Child {
                birth_date: not_after(
                    date(o, "child", "birth_date")?,
                    on,
                    &join("child", "birth_date"),
                )?,
                guardianship: code(
                    o,
                    "child",
                    "guardianship",
                    Guardianship::parse,
                    &codes(Guardianship::ALL, Guardianship::code),
                )?,
                severe_disability_needing_professional_care: boolean(
                    o,
                    "child",
                    "severe_disability_needing_professional_care",
                )?,
                consent: match o.get("consent") {
                    None | Some(Value::Null) => None,
                    Some(Value::Bool(b)) => Some(*b),
                    Some(_) => {
                        return Err(bad(
                            &join("child", "consent"),
                            "must be true, false or null",
                        ))
                    }
                },
            })
        }
    };
    Ok(Request {
        on,
        family,
        local_avg_area,
        local_middle_income,
        child,
    })
}

/// `POST /api/v1/foster/eligibility`: the engine's answer for the posted family and child on `on`,
/// with the local figures of the caller's city where the body leaves them out. Nothing is saved.
pub async fn eligibility(
    state: State,
    au: ApiUser,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewFoster)?;
    let mut req = match parse(&body.into_inner()) {
        Ok(r) => r,
        Err(e) => return Ok(e.response()),
    };
    let out = state
        .run(&au, move |c, op| {
            let division = super::policy::division_of(c, op.user)?;
            let Some(p) = super::policy::in_force(c, division, req.on)? else {
                return Ok(None);
            };
            req.family.local_avg_area = req.local_avg_area.unwrap_or(p.local_avg_area);
            req.family.local_middle_income =
                req.local_middle_income.unwrap_or(p.local_middle_income);
            let failures = rules::check(req.on, &req.family, req.child.as_ref(), &p.thresholds);
            Ok(Some(answer(&failures, op.tr)))
        })
        .await?;
    match out {
        Some(v) => Ok(HttpResponse::Ok().json(v)),
        None => Ok(bad(
            "on",
            "no foster rules are in force on this date (the Measures apply from 2014-12-01)",
        )
        .response()),
    }
}

/// The answer's JSON shape, shared with the pages' live result.
pub fn answer(failures: &[rules::Failure], tr: &crate::platform::Catalogue) -> Value {
    json!({
        "eligible": failures.is_empty(),
        "failures": failures.iter().map(|f| json!({
            "rule": f.rule.id(),
            "article": f.rule.article(),
            "message": f.message(tr),
        })).collect::<Vec<_>>(),
    })
}

pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, json_body, merge, ok, one_of, BODY_ERRORS};
    let mut out = crate::platform::module::OpenApi::default();
    let b = json!({"type": "boolean"});
    let date = json!({"type": "string", "format": "date"});
    let caregiver = json!({"type": "object", "required": ["birth_date", "education", "healthy"], "properties": {
        "birth_date": date, "education": one_of(Education::ALL.iter().map(|e| e.code())), "healthy": b}});
    let member = json!({"type": "object", "required": ["relation", "birth_date", "infectious_or_mental_illness", "criminal_record", "bad_habits", "consents"], "properties": {
        "relation": one_of(Relation::ALL.iter().map(|r| r.code())), "birth_date": date,
        "infectious_or_mental_illness": b, "criminal_record": b, "bad_habits": b,
        "consents": {"type": "boolean", "description": "written consent to foster care (FOS-13)"}}});
    let family = json!({"type": "object", "required": ["hukou_local", "fixed_residence", "area_per_capita_after", "income_per_capita", "main_caregiver", "members"], "properties": {
        "hukou_local": b, "fixed_residence": b,
        "area_per_capita_after": {"type": "number", "minimum": 0, "description": "m² per person once the child has moved in (FOS-04)"},
        "local_avg_area": {"type": "number", "minimum": 0, "nullable": true, "description": "m²; when left out, the policy value foster.local_avg_area_dm2 for the caller's city on `on`"},
        "income_per_capita": {"type": "number", "minimum": 0, "description": "yuan per person per year (FOS-05)"},
        "local_middle_income": {"type": "number", "minimum": 0, "nullable": true, "description": "yuan; when left out, the policy value foster.local_middle_income_yuan for the caller's city on `on`"},
        "current_foster_children": {"type": "integer", "minimum": 0, "default": 0, "description": "children already fostered; the child in the body is counted on top (FOS-10)"},
        "main_caregiver": caregiver, "members": {"type": "array", "items": member}}});
    let child = json!({"type": "object", "nullable": true, "required": ["birth_date", "guardianship", "severe_disability_needing_professional_care"], "properties": {
        "birth_date": date, "guardianship": one_of(Guardianship::ALL.iter().map(|g| g.code())),
        "severe_disability_needing_professional_care": b,
        "consent": {"type": "boolean", "nullable": true, "description": "the child's consent; null when not asked (required from the policy age, default 10: FOS-12)"}}});
    let failure = json!({"type": "object", "required": ["rule", "article", "message"], "properties": {
        "rule": {"type": "string", "example": "FOS-08"}, "article": {"type": "string", "example": "家庭寄养管理办法 第8条第(五)项"},
        "message": {"type": "string", "description": "in the caller's language"}}});
    out.paths.push(("/api/v1/foster/eligibility", json!({"post": {
        "summary": "Check a foster family (and a child with it) against FOS-01…FOS-13 of 家庭寄养管理办法 on a date; nothing is saved",
        "description": "Every failed condition is returned (not only the first) with its rule id, its article and a message in the caller's language. Ages follow the Civil Code: 以上/以下 include the number, 未满 excludes it. Thresholds are the policy values in force on `on` for the caller's institution's division (national values as default). Unknown field names are refused. Any role that may see foster families (head, social worker, supervisor).",
        "requestBody": json_body(json!({"type": "object", "required": ["on", "family"], "properties": {"on": date, "family": family, "child": child}})),
        "responses": merge(json!({"200": ok("the engine's answer", json!({"type": "object", "required": ["eligible", "failures"], "properties": {
            "eligible": b, "failures": {"type": "array", "items": failure}}}))}), errors(&[&["401", "403"][..], &BODY_ERRORS[..]].concat()))}})));
    out
}

/// The foster endpoints inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/foster/eligibility", web::post().to(eligibility));
}
