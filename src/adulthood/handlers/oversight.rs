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
