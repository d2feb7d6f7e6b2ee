//! The yearly report of school-age children to the education bureau (EDU-03, issue 14 point 5):
//! `/care/education/export?year=2026&format=xlsx|csv` through the shared export pattern. The children
//! in care in the user's scope who are of school age (EDU-01, policy ages) on 1 September of the school
//! year, with their placement on that day; the XLSX has a second sheet, the 控辍保学 list of today. The
//! ID number is left out: the 学籍号 names the pupil to the bureau, and the report travels outside the
//! institution (a house decision).

use super::education::{periods, placement_on, school_children, school_year};
use crate::audit;
use crate::auth::Action;
use crate::care::rules::education;
use crate::error::{AppError, AppResult};
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub format: String,
}

pub async fn export(
    state: State,
    cu: CurrentUser,
    q: web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewEducationList)?;
    let tr = cu.tr();
    let format = Format::from_name(&q.format)
        .ok_or_else(|| AppError::bad("bad_format", tr.t("care.err.bad_format")))?;
    let year_raw = q.year.trim().to_string();
    let tables = state
        .run(&cu, move |c, op| {
            let year = if year_raw.is_empty() {
                school_year(op.today)
            } else {
                year_raw
                    .parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .ok_or_else(|| AppError::bad("bad_year", op.tr.t("care.err.bad_year")))?
            };
            let day = education::report_day(year)
                .ok_or_else(|| AppError::bad("bad_year", op.tr.t("care.err.bad_year")))?;
            let t = |k: &str| op.tr.t(k).to_string();
            let mut report = Table::new(t("care.school_report_sheet"))
                .column(t("care.archive_no"), ColumnKind::Id)
                .column(t("care.child"), ColumnKind::Text)
                .column(t("child.sex"), ColumnKind::Text)
                .column(t("care.birth_date"), ColumnKind::Date)
                .column(t("care.age"), ColumnKind::Int)
                .column(t("care.f.kind"), ColumnKind::Text)
                .column(t("care.f.school"), ColumnKind::Text)
                .column(t("care.f.grade"), ColumnKind::Text)
                .column(t("care.f.xueji_no"), ColumnKind::Id)
                .column(t("care.placement_from"), ColumnKind::Date);
            let mut out = Table::new(t("care.unenrolled"))
                .column(t("care.archive_no"), ColumnKind::Id)
                .column(t("care.child"), ColumnKind::Text)
                .column(t("care.birth_date"), ColumnKind::Date)
                .column(t("care.unenrolled_since"), ColumnKind::Date);
            for (k, ps, band) in school_children(c, op)? {
                if education::is_school_age(k.birth_date, day, band) {
                    let p = placement_on(&ps, day);
                    report.row(vec![
                        Cell::text(&k.archive_no),
                        Cell::text(&k.legal_name),
                        Cell::text(op.tr.t(&format!("sex.{}", k.sex))),
                        Cell::Date(k.birth_date),
                        Cell::Int(i64::from(crate::clock::age_on(k.birth_date, day))),
                        Cell::text(p.map_or(op.tr.t("care.no_placement").to_string(), |p| {
                            op.tr
                                .t(&format!("care.placement.{}", p.kind.code()))
                                .to_string()
                        })),
                        Cell::opt_text(p.map(|p| p.school.clone())),
                        Cell::opt_text(p.map(|p| p.grade.clone())),
                        Cell::opt_text(p.map(|p| p.xueji_no.clone())),
                        Cell::date(p.map(|p| p.start_on)),
                    ]);
                }
                if let Some(since) = education::unenrolled_since(
                    k.birth_date,
                    k.intake_date,
                    &periods(&ps),
                    op.today,
                    band,
                ) {
                    out.row(vec![
                        Cell::text(&k.archive_no),
                        Cell::text(&k.legal_name),
                        Cell::Date(k.birth_date),
                        Cell::Date(since),
                    ]);
                }
            }
            let what = format!("school-age-{year}.{}", format.extension());
            audit::record(
                c,
                op.now,
                op.actor,
                &export::audit_event(crate::care::MODULE_NAME, &what, &format!("year={year}")),
            )?;
            Ok((year, vec![report, out]))
        })
        .await?;
    let (year, tables) = tables;
    export::download(format, &format!("school-age-children-{year}"), &tables)
}
