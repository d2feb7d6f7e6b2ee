//! The supervisors' oversight page by placing authority and its CSV export (issue 16 point 8).

use crate::adulthood::service::{self, oversight};
use crate::adulthood::views::OversightPage;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::Catalogue;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;

async fn load(
    state: &State,
    cu: &CurrentUser,
    what: &'static str,
) -> AppResult<Vec<oversight::Line>> {
    state
        .run(cu, move |c, op| {
            let all = service::visible(c, op)?;
            let action = if what == "csv" { "export" } else { "view_list" };
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok(action, "adulthood", "-").with_detail("oversight"),
            )?;
            Ok(oversight::report(&all, op.today))
        })
        .await
}

/// "社会化安置 2、继续升学 1" in the reader's language.
pub fn placed_text(l: &oversight::Line, tr: &Catalogue) -> String {
    l.placed_this_year
        .iter()
        .map(|(p, n)| format!("{} {n}", tr.t(&format!("adulthood.pathway.{p}"))))
        .collect::<Vec<_>>()
        .join("、")
}

pub async fn page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeAdulthood)?;
    let lines = load(&state, &cu, "page").await?;
    let tr = cu.tr();
    render(&OversightPage {
        lines: lines
            .into_iter()
            .map(|l| {
                let placed = placed_text(&l, tr);
                (l, placed)
            })
            .collect(),
        ctx: Ctx::for_user(&cu),
    })
}

/// The same report as CSV (UTF-8 with BOM for spreadsheet programs), audited as an export.
pub async fn csv(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeAdulthood)?;
    let lines = load(&state, &cu, "csv").await?;
    let tr = cu.tr();
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record([
        tr.t("adulthood.authority"),
        tr.t("adulthood.oversight.due_soon"),
        tr.t("adulthood.oversight.assessments_overdue"),
        tr.t("adulthood.oversight.awaiting_approval"),
        tr.t("adulthood.oversight.placed_this_year"),
    ])
    .map_err(AppError::internal)?;
    for l in &lines {
        w.write_record([
            l.authority.clone(),
            l.due_soon.to_string(),
            l.assessments_overdue.to_string(),
            l.awaiting_approval.to_string(),
            placed_text(l, tr),
        ])
        .map_err(AppError::internal)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"adulthood-oversight.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// The 福彩圆梦 payment roster (CSV): every confirmed term of the young people the user may see (ADU-06).
pub async fn roster(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdulthood)?;
    let tr = cu.tr();
    let rows = state
        .run(&cu, move |c, op| {
            let all = service::visible(c, op)?;
            let cases: Vec<i64> = all
                .iter()
                .filter_map(|y| y.case.as_ref().map(|k| k.id))
                .collect();
            let grants = service::fucai::of_cases(c, &cases)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("export", "adulthood_grant", "-").with_detail("roster"),
            )?;
            Ok(grants
                .into_iter()
                .filter_map(|g| {
                    let y = all
                        .iter()
                        .find(|y| y.case.as_ref().is_some_and(|k| k.id == g.case_id))?;
                    Some([
                        y.child.legal_name.clone(),
                        y.child.archive_no.clone(),
                        y.institution.clone(),
                        g.academic_year,
                        g.term,
                        g.school,
                        tr.t(&format!("adulthood.level.{}", g.level)).to_string(),
                        g.enrolment_confirmed_on.to_string(),
                        g.amount_yuan.to_string(),
                    ])
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record([
        tr.t("child.legal_name"),
        tr.t("child.archive_no"),
        tr.t("adulthood.institution"),
        tr.t("adulthood.field.academic_year"),
        tr.t("adulthood.field.term"),
        tr.t("adulthood.field.school"),
        tr.t("adulthood.field.level"),
        tr.t("adulthood.field.enrolment_confirmed_on"),
        tr.t("adulthood.field.amount"),
    ])
    .map_err(AppError::internal)?;
    for r in rows {
        w.write_record(r).map_err(AppError::internal)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"fucai-roster.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// The plan as a PDF (audited as a print).
pub async fn plan_pdf(
    state: State,
    cu: CurrentUser,
    path: actix_web::web::Path<crate::archive::ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdulthood)?;
    let child = path.into_inner();
    let tr = cu.tr();
    let (bytes, disposition) = state
        .run(&cu, move |c, op| {
            let y = service::load(c, op, child)?;
            if y.plan.is_none() {
                return Err(AppError::NotFound);
            }
            let doc = crate::adulthood::pdf::plan_document(&y, tr);
            let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("print", "adulthood_plan", child).with_detail("plan.pdf"),
            )?;
            Ok((bytes, crate::pdf::content_disposition(&doc)))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", disposition))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
