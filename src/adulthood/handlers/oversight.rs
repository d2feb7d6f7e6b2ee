//! The supervisors' oversight page by placing authority and its CSV/XLSX export (issue 16 point 8).

use crate::adulthood::service::{self, oversight};
use crate::adulthood::views::OversightPage;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::export::{self, Cell, ColumnKind, Format, Table};
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
            let action = if what == "export" {
                "export"
            } else {
                "view_list"
            };
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

fn format_of(path: &str) -> AppResult<Format> {
    Format::from_name(path).ok_or(AppError::NotFound)
}

/// The same report as CSV or XLSX (the shared export pattern), audited as an export.
pub async fn export(
    state: State,
    cu: CurrentUser,
    path: actix_web::web::Path<String>,
) -> AppResult<HttpResponse> {
    cu.require(Action::OverseeAdulthood)?;
    let format = format_of(&path)?;
    let lines = load(&state, &cu, "export").await?;
    let tr = cu.tr();
    let mut t = Table::new(tr.t("nav.adulthood_oversight"))
        .column(tr.t("adulthood.authority"), ColumnKind::Text)
        .column(tr.t("adulthood.oversight.due_soon"), ColumnKind::Int)
        .column(
            tr.t("adulthood.oversight.assessments_overdue"),
            ColumnKind::Int,
        )
        .column(
            tr.t("adulthood.oversight.awaiting_approval"),
            ColumnKind::Int,
        )
        .column(
            tr.t("adulthood.oversight.placed_this_year"),
            ColumnKind::Text,
        );
    for l in &lines {
        t.row(vec![
            Cell::text(l.authority.clone()),
            Cell::Int(l.due_soon as i64),
            Cell::Int(l.assessments_overdue as i64),
            Cell::Int(l.awaiting_approval as i64),
            Cell::text(placed_text(l, tr)),
        ]);
    }
    export::download(format, "adulthood-oversight", &[t])
}

/// The 福彩圆梦 payment roster (CSV or XLSX): every confirmed term of the young people the user may
/// see (ADU-06).
pub async fn roster(
    state: State,
    cu: CurrentUser,
    path: actix_web::web::Path<String>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdulthood)?;
    let format = format_of(&path)?;
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
                &export::audit_event(
                    "adulthood_grant",
                    &format!("roster.{}", format.extension()),
                    "",
                ),
            )?;
            Ok(grants
                .into_iter()
                .filter_map(|g| {
                    let y = all
                        .iter()
                        .find(|y| y.case.as_ref().is_some_and(|k| k.id == g.case_id))?;
                    Some(vec![
                        Cell::text(y.child.legal_name.clone()),
                        Cell::text(y.child.archive_no.clone()),
                        Cell::text(y.institution.clone()),
                        Cell::text(g.academic_year),
                        Cell::text(g.term),
                        Cell::text(g.school),
                        Cell::text(tr.t(&format!("adulthood.level.{}", g.level))),
                        Cell::Date(g.enrolment_confirmed_on),
                        Cell::Money(g.amount_yuan.saturating_mul(100)),
                    ])
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let mut t = Table::new(tr.t("adulthood.fucai"))
        .column(tr.t("child.legal_name"), ColumnKind::Text)
        .column(tr.t("child.archive_no"), ColumnKind::Id)
        .column(tr.t("adulthood.institution"), ColumnKind::Text)
        .column(tr.t("adulthood.field.academic_year"), ColumnKind::Text)
        .column(tr.t("adulthood.field.term"), ColumnKind::Text)
        .column(tr.t("adulthood.field.school"), ColumnKind::Text)
        .column(tr.t("adulthood.field.level"), ColumnKind::Text)
        .column(
            tr.t("adulthood.field.enrolment_confirmed_on"),
            ColumnKind::Date,
        )
        .column(tr.t("adulthood.field.amount"), ColumnKind::Money);
    t.rows = rows;
    export::download(format, "fucai-roster", &[t])
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
