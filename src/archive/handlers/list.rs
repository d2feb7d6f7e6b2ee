//! The children list, the data-quality page and the archive print.

use super::super::model::{self, ChildFilter};
use super::super::rules::{self};
use super::super::service::{self};
use super::super::views::*;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::web::{render, Ctx, CurrentUser, PageRequest, State};
use actix_web::{web, HttpResponse};

fn query_string(f: &ChildFilter, page: i64) -> String {
    let pairs = [
        ("q", f.q.clone().unwrap_or_default()),
        ("status", f.status.clone().unwrap_or_default()),
        ("category", f.category.clone().unwrap_or_default()),
        ("age_band", f.age_band.clone().unwrap_or_default()),
        ("sort", f.sort.clone().unwrap_or_default()),
        ("page", page.to_string()),
    ];
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// Whole months from `birth` to `on` (a month is complete on the same day of the month).
pub async fn list(
    state: State,
    page: PageRequest,
    q: web::Query<ChildFilter>,
) -> AppResult<HttpResponse> {
    let f = q.into_inner();
    let f2 = f.clone();
    // One hop: the session, the permission and the search (crate::web::deferred, issue 11).
    let (cu, (rows, total, today)) = page
        .run(&state, Action::ViewChildren, move |c, op| {
            let today = op.today;
            let sc = service::child_scope(c, op.user)?;
            let (rows, total) = model::search(c, &sc, &f2, today)?;
            // Each row through the one field-level rule (a restricted child's class is its intake's).
            let rows = crate::archive::views_for(c, &rows, &op.user.role)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_list", "child", "-").with_detail(format!("{} rows", rows.len())),
            )?;
            Ok((rows, total, today))
        })
        .await?;
    let tr = cu.tr();
    let pages = ((total + f.per_page() - 1) / f.per_page()).max(1);
    render(&ListPage {
        rows: rows
            .into_iter()
            .map(|c| ListRow {
                age_text: crate::archive::header::age_text(tr, c.birth_date, today),
                class_label: c
                    .intake_category
                    .as_ref()
                    .map(|cat| tr.t(&format!("category.{cat}")).to_string())
                    .unwrap_or_else(|| tr.t("archive.withheld").to_string()),
                sex_label: tr.t(&format!("sex.{}", c.sex)).to_string(),
                status_label: tr.t(c.status_key()).to_string(),
                child: c,
            })
            .collect(),
        total,
        page: f.page(),
        pages,
        q: f.q.clone().unwrap_or_default(),
        status: f.status.clone().unwrap_or_else(|| "active".into()),
        category: f.category.clone().unwrap_or_default(),
        age_band: f.age_band.clone().unwrap_or_default(),
        sort: f.sort.clone().unwrap_or_default(),
        bands: rules::AGE_BANDS.iter().map(|b| b.0).collect(),
        classes: vec!["A", "B", "C", "D", "E"],
        count_text: tr.tf("archive.count", &[("n", &total.to_string())]),
        page_text: tr.tf(
            "archive.page_of",
            &[
                ("page", &f.page().to_string()),
                ("pages", &pages.to_string()),
            ],
        ),
        prev_query: query_string(&f, (f.page() - 1).max(1)),
        next_query: query_string(&f, f.page() + 1),
        can_admit: cu.user.can(Action::AdmitChild),
        ctx: Ctx::for_user(&cu),
    })
}

/// `?page=` of the data-quality list.
#[derive(serde::Deserialize)]
pub struct QualityQuery {
    page: Option<String>,
}

/// Rows per page of the data-quality list.
const QUALITY_PER_PAGE: i64 = 100;

pub async fn quality(
    state: State,
    cu: CurrentUser,
    q: web::Query<QualityQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    // An odd page number (an old bookmark, a typo) shows the first page.
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let (rows, total) = state
        .run(&cu, move |c, op| {
            let sc = service::child_scope(c, op.user)?;
            let rows = service::quality(c, &sc, page, QUALITY_PER_PAGE)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_list", "child", "-").with_detail("data quality"),
            )?;
            Ok(rows)
        })
        .await?;
    let tr = cu.tr();
    let pages = ((total + QUALITY_PER_PAGE - 1) / QUALITY_PER_PAGE).max(1);
    render(&QualityPage {
        count_text: tr.tf("archive.count", &[("n", &total.to_string())]),
        page_text: tr.tf(
            "archive.page_of",
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        ),
        page,
        pages,
        rows: rows
            .into_iter()
            .map(|(child, missing)| QualityRow {
                labels: missing
                    .documents
                    .iter()
                    .map(|d| tr.t(&format!("doc.{d}")).to_string())
                    .chain(missing.fields.iter().map(|f| field_label(tr, f)))
                    .collect(),
                child,
                missing,
            })
            .collect(),
        ctx: Ctx::for_user(&cu),
    })
}

pub async fn print(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    q: web::Query<super::PurposeQuery>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    // A reader on a lawful ground (ADP-26), with the purpose stated on the page.
    if super::purpose::is_lawful_reader(&cu) {
        return super::purpose::lawful_print(state, cu, id, &q.purpose).await;
    }
    cu.require(Action::PrintArchive)?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    // The purpose-stated view's print (ADP-26): the restricted sections with the purpose, audited.
    let purpose = super::purpose::clean(&q.purpose);
    let bytes = state
        .db(move |c, st| super::super::pdf::print(c, tr, &user, &actor, id, st, &purpose))
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(pdf_response(bytes, id))
}

pub fn pdf_response(bytes: Vec<u8>, id: ChildId) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"archive-{id}.pdf\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_is_complete_on_the_same_day() {
        assert_eq!(crate::clock::months_on(d(2025, 3, 15), d(2025, 4, 14)), 0);
        assert_eq!(crate::clock::months_on(d(2025, 3, 15), d(2025, 4, 15)), 1);
        assert_eq!(
            crate::clock::months_on(d(2024, 12, 31), d(2025, 12, 30)),
            11
        );
        assert_eq!(
            crate::clock::months_on(d(2024, 12, 31), d(2025, 12, 31)),
            12
        );
    }

    #[test]
    fn months_under_two_years_from_two() {
        let zh = crate::web::catalogue(crate::web::Lang::Zh);
        let en = crate::web::catalogue(crate::web::Lang::En);
        assert_eq!(
            crate::archive::header::age_text(zh, d(2025, 7, 1), d(2026, 4, 2)),
            "9个月"
        );
        assert_eq!(
            crate::archive::header::age_text(zh, d(2024, 4, 3), d(2026, 4, 2)),
            "23个月"
        );
        assert_eq!(
            crate::archive::header::age_text(zh, d(2024, 4, 2), d(2026, 4, 2)),
            "2岁"
        );
        assert_eq!(
            crate::archive::header::age_text(en, d(2025, 7, 1), d(2026, 4, 2)),
            "9 months"
        );
        assert_eq!(
            crate::archive::header::age_text(en, d(2016, 1, 1), d(2026, 4, 2)),
            "10 years"
        );
    }
}
