//! The families list (`/foster`) and the placements list (`/foster/placements`) with their filters,
//! and their downloads through the shared export pattern (`?format=csv|xlsx`, issue 17 point 6): the
//! same rows as the page, Chinese column names, dates as dates, phone and archive numbers as text,
//! audited as an export with the filter. Another format, a malformed date or an unknown stage or state
//! is a 400 naming the field.

use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::foster::lists::{
    self, FamilyFilter, FamilyRow, PlacementFilter, PlacementRow, PlacementState,
};
use crate::foster::model::Stage;
use crate::platform::export::{self, Cell, ColumnKind, Table};
use crate::platform::Catalogue;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "foster/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<FamilyRow>,
    pub can_act: bool,
    pub can_oversee: bool,
    pub stage: String,
    pub q: String,
    /// The filter as a query string, for the download links.
    pub query: String,
}

impl ListPage {
    pub fn stage_codes(&self) -> Vec<&'static str> {
        Stage::ALL.iter().map(|s| s.code()).collect()
    }
}

#[derive(Template)]
#[template(path = "foster/placements.html")]
pub struct PlacementsPage {
    pub ctx: Ctx,
    pub rows: Vec<PlacementRow>,
    pub state: String,
    pub from: String,
    pub to: String,
    pub query: String,
}

impl PlacementsPage {
    pub fn state_codes(&self) -> Vec<&'static str> {
        [
            PlacementState::All,
            PlacementState::Open,
            PlacementState::Ended,
        ]
        .iter()
        .map(|s| s.code())
        .collect()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FamilyQuery {
    pub stage: String,
    pub q: String,
    pub format: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlacementQuery {
    pub state: String,
    pub from: String,
    pub to: String,
    pub format: String,
}

fn bad(field: &str, msg: &str) -> AppError {
    AppError::bad("invalid_field", format!("{field}: {msg}"))
}

fn format_of(s: &str) -> AppResult<Option<export::Format>> {
    match s.trim() {
        "" => Ok(None),
        f => export::Format::from_name(f)
            .map(Some)
            .ok_or_else(|| bad("format", "must be csv or xlsx")),
    }
}

fn date_of(field: &str, s: &str) -> AppResult<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| bad(field, "must be a date YYYY-MM-DD")),
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

pub async fn list(
    state: State,
    cu: CurrentUser,
    q: web::Query<FamilyQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let q = q.into_inner();
    let format = format_of(&q.format)?;
    let stage = match q.stage.trim() {
        "" => None,
        s => Some(Stage::parse(s).ok_or_else(|| bad("stage", "unknown stage"))?),
    };
    let filter = FamilyFilter {
        stage,
        text: q.q.chars().take(60).collect(),
    };
    let f2 = filter.clone();
    let rows = state
        .run(&cu, move |c, op| {
            let rows = lists::families(c, op, &f2)?;
            if let Some(f) = format {
                crate::audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &export::audit_event(
                        "foster_families",
                        &format!("families.{}", f.extension()),
                        &f2.describe(),
                    ),
                )?;
            }
            Ok(rows)
        })
        .await?;
    if let Some(f) = format {
        return export::download(f, "foster-families", &[families_table(cu.tr(), &rows)]);
    }
    render(&ListPage {
        ctx: Ctx::for_user(&cu),
        query: encode(&[("stage", q.stage.trim()), ("q", filter.text.trim())]),
        rows,
        can_act: cu.user.can(Action::ActOnFoster),
        can_oversee: cu.user.can(Action::OverseeFoster),
        stage: q.stage.trim().to_string(),
        q: filter.text,
    })
}

fn families_table(tr: &Catalogue, rows: &[FamilyRow]) -> Table {
    let mut t = Table::new(tr.t("foster.families_list"))
        .column(tr.t("foster.institution"), ColumnKind::Text)
        .column(tr.t("foster.family_name"), ColumnKind::Text)
        .column(tr.t("foster.caregiver_name"), ColumnKind::Text)
        .column(tr.t("foster.caregiver_birth_date"), ColumnKind::Date)
        .column(tr.t("foster.caregiver_education"), ColumnKind::Text)
        .column(tr.t("foster.stage"), ColumnKind::Text)
        .column(tr.t("foster.hukou_place"), ColumnKind::Text)
        .column(tr.t("foster.address"), ColumnKind::Text)
        .column(tr.t("foster.phone"), ColumnKind::Id)
        .column(tr.t("foster.professional"), ColumnKind::Text)
        .column(tr.t("foster.volunteer"), ColumnKind::Text)
        .column(tr.t("foster.nearby_services"), ColumnKind::Text)
        .column(tr.t("foster.export.placed"), ColumnKind::Int)
        .column(tr.t("foster.export.created_on"), ColumnKind::Date);
    let yes_no = |b: bool| tr.t(if b { "foster.yes" } else { "foster.no" }).to_string();
    for r in rows {
        let f = &r.family;
        let services: Vec<&str> = [
            (f.near_rehab, "foster.nearby.near_rehab"),
            (
                f.near_special_education,
                "foster.nearby.near_special_education",
            ),
            (f.near_medical, "foster.nearby.near_medical"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| tr.t(k))
        .collect();
        t.row(vec![
            Cell::text(r.institution.clone()),
            Cell::text(f.family_name.clone()),
            Cell::text(f.caregiver_name.clone()),
            Cell::Date(f.caregiver_birth_date),
            Cell::text(tr.t(&format!(
                "foster.education.{}",
                f.caregiver_education.code()
            ))),
            Cell::text(tr.t(&format!("foster.stage.{}", f.stage.code()))),
            Cell::text(f.hukou_place.clone()),
            Cell::text(f.address.clone()),
            Cell::text(f.phone.clone()),
            Cell::text(tr.t(&format!("foster.professional.{}", f.professional.code()))),
            Cell::text(yes_no(f.volunteer)),
            Cell::text(services.join("、")),
            Cell::Int(r.placed),
            Cell::Date(f.created_at.date()),
        ]);
    }
    t
}

pub async fn placements(
    state: State,
    cu: CurrentUser,
    q: web::Query<PlacementQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let q = q.into_inner();
    let format = format_of(&q.format)?;
    let filter = PlacementFilter {
        state: PlacementState::parse(q.state.trim())
            .ok_or_else(|| bad("state", "must be all, open or ended"))?,
        from: date_of("from", &q.from)?,
        to: date_of("to", &q.to)?,
    };
    let rows = state
        .run(&cu, move |c, op| {
            let rows = lists::placements(c, op, &filter)?;
            // The list names children: the view is audited like the download.
            let ev = match format {
                Some(f) => export::audit_event(
                    "foster_placements",
                    &format!("placements.{}", f.extension()),
                    &filter.describe(),
                ),
                None => crate::audit::Event::ok("view", "foster_placements", 0)
                    .with_detail(filter.describe()),
            };
            crate::audit::record_alone(c, op.now, op.actor, &ev)?;
            Ok(rows)
        })
        .await?;
    if let Some(f) = format {
        return export::download(f, "foster-placements", &[placements_table(cu.tr(), &rows)]);
    }
    let (from, to) = (q.from.trim().to_string(), q.to.trim().to_string());
    render(&PlacementsPage {
        ctx: Ctx::for_user(&cu),
        query: encode(&[("state", filter.state.code()), ("from", &from), ("to", &to)]),
        rows,
        state: filter.state.code().to_string(),
        from,
        to,
    })
}

fn placements_table(tr: &Catalogue, rows: &[PlacementRow]) -> Table {
    let mut t = Table::new(tr.t("foster.placements_list"))
        .column(tr.t("foster.institution"), ColumnKind::Text)
        .column(tr.t("foster.family_name"), ColumnKind::Text)
        .column(tr.t("foster.caregiver_name"), ColumnKind::Text)
        .column(tr.t("foster.child"), ColumnKind::Text)
        .column(tr.t("foster.archive_no"), ColumnKind::Id)
        .column(tr.t("foster.export.started_on"), ColumnKind::Date)
        .column(tr.t("foster.export.integration_until"), ColumnKind::Date)
        .column(tr.t("foster.export.ended_on"), ColumnKind::Date)
        .column(tr.t("foster.end_reason"), ColumnKind::Text);
    for r in rows {
        let p = &r.placement;
        t.row(vec![
            Cell::text(r.institution.clone()),
            Cell::text(r.family.clone()),
            Cell::text(r.caregiver.clone()),
            Cell::text(r.child.clone()),
            Cell::text(r.archive_no.clone()),
            Cell::Date(p.started_on),
            Cell::Date(p.integration_until),
            Cell::date(p.ended_on),
            Cell::text(
                p.end_reason
                    .as_ref()
                    .map(|r| tr.t(&format!("foster.end.{r}")).to_string())
                    .unwrap_or_default(),
            ),
        ]);
    }
    t
}
