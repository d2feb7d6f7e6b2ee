//! Starting a transfer: one page with the batch's details and the children to send (searchable, several
//! at once), so a county officer goes from the home page to a batch with three children in five clicks:
//! 新建移交 → tick three children → 创建.

use super::super::service::roster;
use super::super::views::{Candidate, CreateForm, NewPage};
use super::refusal_to_field;
use super::status_for;
use crate::archive::{ChildId, ChildSummary};
use crate::auth::Action;
use crate::db::schema::institutions;
use crate::error::AppResult;
use crate::platform::forms::FieldErrors;
use crate::platform::Catalogue;
use crate::transfer::service::Field;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

/// The candidates as the picker shows them, with the ones already ticked.
pub fn candidate_views(
    tr: &Catalogue,
    kids: Vec<ChildSummary>,
    today: NaiveDate,
    ticked: &[String],
) -> Vec<Candidate> {
    kids.into_iter()
        .map(|k| Candidate {
            checked: ticked.contains(&k.id.to_string()),
            age: crate::archive::header::age_text(tr, k.birth_date, today),
            category: tr.t(&format!("category.{}", k.intake_category)).to_string(),
            id: k.id,
            name: k.legal_name,
            archive_no: k.archive_no,
        })
        .collect()
}

/// The form's fields; `child_id` may repeat (one per ticked child).
pub fn parse_pairs(pairs: &[(String, String)]) -> (CreateForm, Vec<String>) {
    let mut form = CreateForm::default();
    let mut ids = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "receiver" => form.receiver = v.clone(),
            "reason" => form.reason = v.clone(),
            "planned_date" => form.planned_date = v.clone(),
            "child_id" => ids.push(v.trim().to_string()),
            _ => {}
        }
    }
    (form, ids)
}

#[derive(Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    pub q: String,
}

async fn new_page(
    state: &State,
    cu: &CurrentUser,
    form: Option<CreateForm>,
    q: String,
    ticked: Vec<String>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let query = q.clone();
    let (kids, receivers, today) = state
        .run(cu, move |c, op| {
            let kids = roster::candidates(c, op, &query)?;
            let receivers: Vec<(crate::org::InstitutionId, String)> = institutions::table
                .filter(institutions::kind.eq_any(["city-welfare", "county-welfare"]))
                .select((institutions::id, institutions::name))
                .load(c)?;
            Ok((kids, receivers, op.today))
        })
        .await?;
    let tr = cu.tr();
    let page = NewPage {
        receivers,
        form: form.unwrap_or_else(|| CreateForm {
            planned_date: today.to_string(),
            ..CreateForm::default()
        }),
        q,
        candidates: candidate_views(tr, kids, today, &ticked),
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn new_form(
    state: State,
    cu: CurrentUser,
    q: web::Query<Search>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let q = q.into_inner().q;
    new_page(&state, &cu, None, q, vec![], FieldErrors::default()).await
}

fn create_field(field: Field) -> &'static str {
    match field {
        Field::PlannedDate => "planned_date",
        Field::Reason => "reason",
        Field::Receiver => "receiver",
        Field::Child => "child_id",
        _ => "form",
    }
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let (f, ticked) = parse_pairs(&form.into_inner());
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let planned = NaiveDate::parse_from_str(f.planned_date.trim(), "%Y-%m-%d").ok();
    if planned.is_none() {
        errors.add("planned_date", tr.t("err.date"));
    }
    let receiver = match f.receiver.trim() {
        "" => None,
        r => match r.parse::<crate::org::InstitutionId>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("receiver", tr.t("err.choose"));
                None
            }
        },
    };
    let children: Vec<ChildId> = ticked.iter().filter_map(|s| s.parse().ok()).collect();
    if children.len() != ticked.len() {
        errors.add("child_id", tr.t("err.choose"));
    }
    let reason = crate::platform::forms::text(&mut errors, tr, "reason", &f.reason, false, 200);
    let (Some(planned), true) = (planned, errors.is_empty()) else {
        return new_page(&state, &cu, Some(f), String::new(), ticked, errors).await;
    };
    let created = state
        .run(&cu, move |c, op| {
            roster::create_with_children(c, op, receiver, &reason, planned, &children)
        })
        .await;
    match created {
        Ok(id) => Ok(redirect_with(
            &format!("/transfers/{id}"),
            if ticked.is_empty() {
                "flash.transfer_created"
            } else {
                "flash.transfer_created_with_children"
            },
        )),
        Err(e) => {
            let errors = refusal_to_field(e, create_field)?;
            new_page(&state, &cu, Some(f), String::new(), ticked, errors).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn repeated_child_ids_are_all_kept() {
        let pairs: Vec<(String, String)> = [
            ("receiver", ""),
            ("child_id", "3"),
            ("planned_date", "2026-12-01"),
            ("child_id", " 7 "),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (form, ids) = parse_pairs(&pairs);
        assert_eq!(ids, ["3", "7"]);
        assert_eq!(form.planned_date, "2026-12-01");
    }
}
