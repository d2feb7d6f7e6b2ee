//! Reading the body of `POST /api/v1/adoption/eligibility` field by field, so a body of the wrong shape
//! is refused naming the field (`applicants[1].birth_date`), never a 500 and never a guess: unknown
//! fields are refused too (a misspelt optional field must not pass silently as "not applicable").

use crate::adoption::rules::{Applicant, Application, Category, Child, Relation, Sex};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// A field that is missing or not what the endpoint expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadField {
    /// The field's path in the body (`child.consent`).
    pub field: String,
    pub message: String,
}

type R<T> = Result<T, BadField>;

fn bad(field: impl Into<String>, message: impl Into<String>) -> BadField {
    BadField {
        field: field.into(),
        message: message.into(),
    }
}

const TOP: &[&str] = &[
    "on",
    "applicants",
    "married",
    "spouse_joins",
    "relation",
    "child",
    "birth_parent_consent",
    "prior_adoptions_since_childless",
];
const APPLICANT: &[&str] = &[
    "sex",
    "birth_date",
    "children_count",
    "disqualifying_disease",
    "harmful_record",
    "able_to_raise",
    "overseas_chinese",
    "foreign_national",
];
const CHILD: &[&str] = &[
    "sex",
    "birth_date",
    "category",
    "disabled",
    "cwi_raised_parents_unknown",
    "consent",
];

fn object<'a>(v: &'a Value, path: &str, known: &[&str]) -> R<&'a Map<String, Value>> {
    let m = v.as_object().ok_or_else(|| {
        bad(
            if path.is_empty() { "body" } else { path },
            "must be a JSON object",
        )
    })?;
    if let Some(k) = m.keys().find(|k| !known.contains(&k.as_str())) {
        let at = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        return Err(bad(
            at,
            format!("unknown field; expected one of: {}", known.join(", ")),
        ));
    }
    Ok(m)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn required<'a>(m: &'a Map<String, Value>, path: &str, key: &str) -> R<&'a Value> {
    match m.get(key) {
        None => Err(bad(join(path, key), "is required")),
        Some(v) => Ok(v),
    }
}

fn boolean(m: &Map<String, Value>, path: &str, key: &str) -> R<bool> {
    required(m, path, key)?
        .as_bool()
        .ok_or_else(|| bad(join(path, key), "must be true or false"))
}

/// `true`, `false`, or `null`/absent (`None`).
fn optional_bool(m: &Map<String, Value>, path: &str, key: &str) -> R<Option<bool>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad(join(path, key), "must be true, false or null")),
    }
}

fn count(v: Option<&Value>, field: String) -> R<u32> {
    match v {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n <= 1000)
            .ok_or_else(|| bad(field, "must be a whole number from 0")),
    }
}

fn date(m: &Map<String, Value>, path: &str, key: &str) -> R<NaiveDate> {
    let field = join(path, key);
    let s = required(m, path, key)?
        .as_str()
        .ok_or_else(|| bad(&field, "must be a date string YYYY-MM-DD"))?;
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if shape => Ok(d),
        _ => Err(bad(field, "must be a calendar date YYYY-MM-DD")),
    }
}

fn code<T>(
    m: &Map<String, Value>,
    path: &str,
    key: &str,
    parse: fn(&str) -> Option<T>,
    all: &[&str],
) -> R<T> {
    let field = join(path, key);
    required(m, path, key)?
        .as_str()
        .and_then(parse)
        .ok_or_else(|| bad(field, format!("must be one of: {}", all.join(", "))))
}

fn sex(m: &Map<String, Value>, path: &str) -> R<Sex> {
    code(m, path, "sex", Sex::parse, &["M", "F"])
}

fn applicant(v: &Value, path: &str, on: NaiveDate) -> R<Applicant> {
    let m = object(v, path, APPLICANT)?;
    let birth_date = date(m, path, "birth_date")?;
    if birth_date > on {
        return Err(bad(join(path, "birth_date"), "is after `on`"));
    }
    Ok(Applicant {
        sex: sex(m, path)?,
        birth_date,
        children_count: count(
            Some(required(m, path, "children_count")?),
            join(path, "children_count"),
        )?,
        disqualifying_disease: boolean(m, path, "disqualifying_disease")?,
        harmful_record: boolean(m, path, "harmful_record")?,
        able_to_raise: boolean(m, path, "able_to_raise")?,
        overseas_chinese: boolean(m, path, "overseas_chinese")?,
        foreign_national: boolean(m, path, "foreign_national")?,
    })
}

fn child(v: &Value, on: NaiveDate) -> R<Child> {
    let path = "child";
    let m = object(v, path, CHILD)?;
    let birth_date = date(m, path, "birth_date")?;
    if birth_date > on {
        return Err(bad(join(path, "birth_date"), "is after `on`"));
    }
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
    Ok(Child {
        sex: sex(m, path)?,
        birth_date,
        category: code(m, path, "category", Category::parse, &categories)?,
        disabled: boolean(m, path, "disabled")?,
        cwi_raised_parents_unknown: boolean(m, path, "cwi_raised_parents_unknown")?,
        consent: optional_bool(m, path, "consent")?,
    })
}

/// The application the body describes, or the first field that is wrong.
pub fn parse(v: &Value) -> R<Application> {
    let m = object(v, "", TOP)?;
    let on = date(m, "", "on")?;
    // The engine applies the Civil Code, in force from 2021-01-01 (民法典 第1260条); adoptions before it
    // were judged under the old 收养法.
    if NaiveDate::from_ymd_opt(2021, 1, 1).is_some_and(|from| on < from) {
        return Err(bad(
            "on",
            "the engine applies the Civil Code, in force from 2021-01-01",
        ));
    }
    let list = required(m, "", "applicants")?
        .as_array()
        .ok_or_else(|| bad("applicants", "must be an array of one or two applicants"))?;
    if list.is_empty() || list.len() > 2 {
        return Err(bad("applicants", "must list one or two applicants"));
    }
    let applicants = list
        .iter()
        .enumerate()
        .map(|(i, a)| applicant(a, &format!("applicants[{i}]"), on))
        .collect::<R<Vec<_>>>()?;
    let relations: Vec<&str> = Relation::ALL.iter().map(|r| r.code()).collect();
    Ok(Application {
        on,
        applicants,
        married: boolean(m, "", "married")?,
        spouse_joins: boolean(m, "", "spouse_joins")?,
        relation: code(m, "", "relation", Relation::parse, &relations)?,
        child: child(required(m, "", "child")?, on)?,
        birth_parent_consent: optional_bool(m, "", "birth_parent_consent")?,
        prior_adoptions_since_childless: count(
            m.get("prior_adoptions_since_childless"),
            "prior_adoptions_since_childless".into(),
        )?,
        placer: None,
        raising_duty_consent: None,
        grandparents_priority_declined: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({"on": "2026-12-01",
            "applicants": [{"sex": "M", "birth_date": "1990-04-02", "children_count": 0, "disqualifying_disease": false,
                "harmful_record": false, "able_to_raise": true, "overseas_chinese": false, "foreign_national": false}],
            "married": true, "spouse_joins": true, "relation": "none",
            "child": {"sex": "F", "birth_date": "2022-06-01", "category": "parents_unknown", "disabled": false,
                "cwi_raised_parents_unknown": true, "consent": null},
            "birth_parent_consent": true, "prior_adoptions_since_childless": 0})
    }

    fn field_of(v: Value) -> String {
        parse(&v).expect_err("refused").field
    }

    #[test]
    fn the_issue_sample_parses() {
        let a = parse(&sample()).expect("parses");
        assert_eq!(a.applicants.len(), 1);
        assert_eq!(a.child.category, Category::ParentsUnknown);
        assert_eq!(a.child.consent, None);
        assert_eq!(a.birth_parent_consent, Some(true));
    }

    #[test]
    fn optional_fields_may_be_absent() {
        let mut v = sample();
        let m = v.as_object_mut().unwrap();
        m.remove("birth_parent_consent");
        m.remove("prior_adoptions_since_childless");
        let a = parse(&v).expect("parses");
        assert_eq!(
            (a.birth_parent_consent, a.prior_adoptions_since_childless),
            (None, 0)
        );
    }

    #[test]
    fn each_wrong_field_is_named() {
        let cases: Vec<(&str, Value, &str)> = vec![
            ("/on", json!("2026-13-01"), "on"),
            ("/on", json!(20261201), "on"),
            ("/on", json!("2020-12-31"), "on"),
            ("/applicants", json!([]), "applicants"),
            (
                "/applicants/0/birth_date",
                json!("1990-4-2"),
                "applicants[0].birth_date",
            ),
            (
                "/applicants/0/birth_date",
                json!("2027-01-01"),
                "applicants[0].birth_date",
            ),
            ("/applicants/0/sex", json!("male"), "applicants[0].sex"),
            (
                "/applicants/0/children_count",
                json!(-1),
                "applicants[0].children_count",
            ),
            (
                "/applicants/0/children_count",
                json!(1.5),
                "applicants[0].children_count",
            ),
            (
                "/applicants/0/children_count",
                json!("1"),
                "applicants[0].children_count",
            ),
            (
                "/applicants/0/able_to_raise",
                json!("yes"),
                "applicants[0].able_to_raise",
            ),
            ("/married", json!(null), "married"),
            ("/relation", json!("uncle"), "relation"),
            ("/child/category", json!("abandoned"), "child|category"),
            ("/child/consent", json!("yes"), "child|consent"),
            ("/child/birth_date", json!("2027-01-01"), "child|birth_date"),
            ("/birth_parent_consent", json!(1), "birth_parent_consent"),
            (
                "/prior_adoptions_since_childless",
                json!(-2),
                "prior_adoptions_since_childless",
            ),
        ];
        for (ptr, value, field) in cases {
            let mut v = sample();
            *v.pointer_mut(ptr).unwrap() = value;
            // (`|` stands for the dot, so the field paths do not look like policy keys to tests/app/policy.rs)
            assert_eq!(field_of(v), field.replace('|', "."), "{ptr}");
        }
        let mut v = sample();
        v.as_object_mut().unwrap().remove("child");
        assert_eq!(field_of(v), "child");
        let mut v = sample();
        v["applicants"][0]
            .as_object_mut()
            .unwrap()
            .remove("foreign_national");
        assert_eq!(field_of(v), "applicants[0].foreign_national");
        let mut v = sample();
        v["birth_parents_consent"] = json!(false);
        assert_eq!(field_of(v), "birth_parents_consent");
        assert_eq!(field_of(json!([1])), "body");
    }
}
