//! The mandatory report on paper and its recorded steps (issue 15 point 6): the generated report PDF
//! (`/shift/incidents/{id}/report.pdf`, what is sent to the police and civil affairs — 未成年人保护法
//! 第11条; 强制报告意见 第2条、第4条), "sent" and "confirmed" with who and when.

use super::handlers::{kind_label, local_text};
use super::reports;
use crate::audit::{self, Event};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::Op;
use crate::shift::service::Failure;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// The report document of an incident the user reads (404 otherwise), its printing audited.
pub fn report_document(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Document> {
    let i = super::service::load(c, op, id)?;
    let tr = op.tr;
    let to = reports::of_incident(c, i.id)?;
    if to.is_empty() {
        return Err(AppError::NotFound);
    }
    let inst = crate::org::model::holding(c, crate::org::InstitutionId(i.institution_id))?
        .ok_or(AppError::NotFound)?;
    let kids: Vec<crate::archive::ChildId> = super::children_of(c, i.id)?
        .into_iter()
        .map(crate::archive::ChildId)
        .collect();
    let names = crate::archive::summaries(c, &kids)?;
    let users = crate::auth::model::list(c)?;
    let name = |u: i64| {
        users
            .iter()
            .find(|x| i64::from(x.id) == u)
            .map_or(String::new(), |x| x.display_name.clone())
    };
    let staff: Vec<String> = super::staff_of(c, i.id)?.into_iter().map(name).collect();
    let title = tr.t("shift.report_pdf.title");
    let mut doc = Document::for_reader(title, tr);
    doc.file_name = format!("{title}-{}.pdf", i.id);
    doc.file_name_ascii = format!("mandatory-report-{}.pdf", i.id);
    doc.push(Block::Centered(format!("{} #{}", inst.name, i.id)));
    let mut kv = vec![
        (
            tr.t("shift.report_pdf.to").to_string(),
            to.iter()
                .map(|r| r.recipient.clone())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        (
            tr.t("shift.f.incident_kind").to_string(),
            kind_label(op, i.kind),
        ),
        (
            tr.t("shift.f.occurred").to_string(),
            local_text(i.occurred_at),
        ),
        (tr.t("shift.f.place").to_string(), i.place.clone()),
        (
            tr.t("shift.f.children").to_string(),
            names
                .iter()
                .map(|s| format!("{}（{}）", s.legal_name, s.archive_no))
                .collect::<Vec<_>>()
                .join("、"),
        ),
    ];
    if !staff.is_empty() {
        kv.push((tr.t("shift.f.staff").to_string(), staff.join("、")));
    }
    kv.push((
        tr.t("shift.incident_recorded").to_string(),
        format!("{} {}", name(i.recorded_by), local_text(i.recorded_at)),
    ));
    doc.push(Block::KeyValues(kv));
    doc.push(Block::Heading(tr.t("shift.f.description").to_string()));
    doc.push(Block::Paragraph(i.description.clone()));
    doc.push(Block::Heading(tr.t("shift.f.action_taken").to_string()));
    doc.push(Block::Paragraph(i.action_taken.clone()));
    // The body map (BODY-01): the marks in force as a list, numbered as on the page's figure (the
    // drawn figure is SVG, which the PDF writer does not place; the list carries the same facts). The
    // photos are counted, not printed: they stay with the incident, read with its scope.
    let marks = super::body::marks_of(c, i.id)?;
    let rows: Vec<Vec<String>> = super::body_fix::fates(&marks)
        .into_iter()
        .filter_map(|(m, f)| match f {
            super::body_fix::Fate::InForce(n) => Some(vec![
                n.to_string(),
                names
                    .iter()
                    .find(|s| i64::from(s.id) == m.child_id)
                    .map_or(String::new(), |s| s.legal_name.clone()),
                tr.t(&format!("shift.body.side.{}", m.side)).to_string(),
                tr.t(&format!("shift.body.region.{}", m.region)).to_string(),
                tr.t(&format!("shift.body.kind.{}", m.kind)).to_string(),
                m.note.clone(),
            ]),
            _ => None,
        })
        .collect();
    doc.push(Block::Heading(
        tr.t("shift.report_pdf.body_marks").to_string(),
    ));
    if rows.is_empty() {
        doc.push(Block::Paragraph(tr.t("shift.body.none").to_string()));
    } else {
        doc.push(Block::Table {
            headers: ["#", "child", "side", "region", "kind", "note"]
                .iter()
                .map(|h| match *h {
                    "#" => "#".to_string(),
                    k => tr.t(&format!("shift.body.{k}")).to_string(),
                })
                .collect(),
            widths: vec![0.5, 2.0, 1.0, 1.5, 1.5, 3.0],
            rows,
        });
    }
    let photos = super::photo_fix::in_force(c, i.id)?.len();
    doc.push(Block::Paragraph(
        tr.tf("shift.report_pdf.photos", &[("n", &photos.to_string())]),
    ));
    doc.push(Block::Paragraph(tr.t("shift.report_pdf.basis").to_string()));
    doc.push(Block::Signatures(vec![
        tr.t("shift.report_pdf.reporter").to_string(),
        tr.t("shift.pdf.head").to_string(),
    ]));
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("print", "shift_report", i.id),
    )?;
    Ok(doc)
}

pub async fn pdf(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let doc = state
        .run(&cu, move |c, op| report_document(c, op, id))
        .await?;
    crate::pdf::http_response(&doc)
}

type Pairs = web::Form<Vec<(String, String)>>;

async fn answer(
    state: &State,
    cu: &CurrentUser,
    report: i64,
    r: Result<i64, Failure>,
) -> AppResult<HttpResponse> {
    match r {
        Ok(incident) => Ok(redirect_with(
            &format!("/shift/incidents/{incident}"),
            "flash.shift_saved",
        )),
        Err(e) => {
            let errors = e.into_fields()?;
            let incident = state
                .run(cu, move |c, _| {
                    reports::incident_of(c, report)?.ok_or(AppError::NotFound)
                })
                .await?;
            super::handlers::show(
                state,
                cu,
                incident,
                super::handlers::Failed::Report(report, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn sent(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let how = crate::shift::handlers::field(&form, "how").to_string();
    let r = state
        .run(&cu, move |c, op| Ok(reports::mark_sent(c, op, id, &how)))
        .await?;
    answer(&state, &cu, id, r).await
}

pub async fn confirm(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let receipt = crate::shift::handlers::field(&form, "receipt").to_string();
    let r = state
        .run(&cu, move |c, op| Ok(reports::confirm(c, op, id, &receipt)))
        .await?;
    answer(&state, &cu, id, r).await
}
