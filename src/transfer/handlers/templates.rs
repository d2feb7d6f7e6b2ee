//! Admin page for the handover checklist template (移交清单模板): the newest version as an editable table,
//! every earlier version read-only, and saving an edit as the next version. A rejected edit comes back
//! with the rows as typed and a message on each row at fault.

use super::super::rules::template::{self, EditLine, Problem};
use super::super::service::checklist;
use super::super::views::{Row, TemplatesPage, VersionLine};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::{self, FieldErrors};
use crate::web::{redirect, render_status, Catalogue, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// Blank rows offered for new lines under the existing ones.
const BLANK_ROWS: usize = 3;

fn rows_for(
    tr: &Catalogue,
    lines: Vec<EditLine>,
    problems: &[(Option<usize>, Problem)],
) -> Vec<Row> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| Row {
            builtin_label: template::builtin_label(tr, &line.code).unwrap_or_default(),
            required: template::is_required(&line.code),
            error: problems
                .iter()
                .filter(|(r, _)| *r == Some(i))
                .map(|(_, p)| tr.t(p.key()).to_string())
                .collect::<Vec<_>>()
                .join(" "),
            line,
        })
        .collect()
}

fn with_blanks(mut lines: Vec<EditLine>) -> Vec<EditLine> {
    let start = lines.len();
    for i in 0..BLANK_ROWS {
        lines.push(EditLine {
            order: ((start + i + 1) * 10).to_string(),
            ..EditLine::default()
        });
    }
    lines
}

struct Shown {
    lines: Vec<EditLine>,
    based_on: String,
    note: String,
    problems: Vec<(Option<usize>, Problem)>,
    errors: FieldErrors,
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    typed: Option<Shown>,
    notice: String,
) -> AppResult<HttpResponse> {
    let versions = state.db(|c, _| Ok(checklist::history(c)?)).await?;
    let tr = cu.tr();
    let newest = versions.first().map(|v| v.version).unwrap_or(0);
    let status = match &typed {
        Some(s) if s.errors.has("based_on") => StatusCode::CONFLICT,
        Some(s) if !s.errors.is_empty() || !s.problems.is_empty() => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        _ => StatusCode::OK,
    };
    let s = typed.unwrap_or_else(|| Shown {
        lines: with_blanks(
            versions
                .first()
                .map(|v| {
                    v.items
                        .iter()
                        .enumerate()
                        .map(|(i, t)| EditLine {
                            code: t.code.clone(),
                            label: t.label.clone(),
                            mandatory: t.mandatory,
                            remove: false,
                            order: ((i + 1) * 10).to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        based_on: newest.to_string(),
        note: String::new(),
        problems: vec![],
        errors: FieldErrors::default(),
    });
    let mut errors = s.errors;
    for (_, p) in s.problems.iter().filter(|(r, _)| r.is_none()) {
        errors.add("rows", tr.t(p.key()));
    }
    render_status(
        &TemplatesPage {
            row_errors: s.problems.iter().any(|(r, _)| r.is_some()),
            rows: rows_for(tr, s.lines, &s.problems),
            based_on: s.based_on,
            note: s.note,
            errors,
            notice,
            newest,
            versions: versions
                .into_iter()
                .map(|v| VersionLine {
                    at: crate::clock::cst_minutes(v.created_at),
                    lines: v
                        .items
                        .iter()
                        .map(|t| (t.label_in(tr), t.mandatory))
                        .collect(),
                    v,
                })
                .collect(),
            ctx: Ctx::for_user(cu),
        },
        status,
    )
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub saved: String,
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageTransferTemplates)?;
    let notice = match q.saved.trim().parse::<i32>() {
        Ok(v) => cu
            .tr()
            .tf("transfer.template_saved", &[("v", &v.to_string())]),
        Err(_) => String::new(),
    };
    show(&state, &cu, None, notice).await
}

/// The form arrives as `code_N`, `label_N`, `mandatory_N`, `remove_N`, `order_N` for rows 0..n, plus
/// `based_on` (the version the admin edited) and `note` (why).
fn parse_rows(pairs: &[(String, String)]) -> (Vec<EditLine>, String, String) {
    let mut lines: Vec<EditLine> = Vec::new();
    let (mut based_on, mut note) = (String::new(), String::new());
    for (k, v) in pairs {
        match k.as_str() {
            "based_on" => based_on = v.clone(),
            "note" => note = v.clone(),
            _ => {
                let Some((field, idx)) = k.rsplit_once('_') else {
                    continue;
                };
                let Ok(i) = idx.parse::<usize>() else {
                    continue;
                };
                if i >= template::MAX_LINES + BLANK_ROWS + 100 {
                    continue; // a crafted index cannot make us allocate without bound
                }
                if lines.len() <= i {
                    lines.resize(i + 1, EditLine::default());
                }
                let l = &mut lines[i];
                match field {
                    "code" => l.code = v.trim().to_string(),
                    "label" => l.label = v.clone(),
                    "mandatory" => l.mandatory = true,
                    "remove" => l.remove = true,
                    "order" => l.order = v.clone(),
                    _ => {}
                }
            }
        }
    }
    (lines, based_on, note)
}

pub async fn save(
    state: State,
    cu: CurrentUser,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageTransferTemplates)?;
    let tr = cu.tr();
    let (lines, based_on, note_raw) = parse_rows(&form.into_inner());
    let mut errors = FieldErrors::default();
    let note = forms::text(&mut errors, tr, "note", &note_raw, true, 200);
    let (user_id, lines2) = (cu.user.id, lines.clone());
    let seen: Option<i32> = based_on.trim().parse().ok();
    let outcome = state
        .run(&cu, move |c, op| {
            let now = op.now;
            crate::db::write_tx(c, |c| {
                let (newest, current) = checklist::latest(c)?;
                if seen != Some(newest) {
                    // Someone saved a version meanwhile: keep the rows as typed, say which version is
                    // newest, and let the next save build on it.
                    errors.add(
                        "based_on",
                        op.tr.tf("err.tmpl_stale", &[("v", &newest.to_string())]),
                    );
                    return Ok(Err((errors, vec![], newest)));
                }
                let next = match template::next_version(&current, &lines2) {
                    Ok(next) if errors.is_empty() => next,
                    Ok(_) => return Ok(Err((errors, vec![], newest))),
                    Err(problems) => return Ok(Err((errors, problems, newest))),
                };
                let (v, moved) = checklist::store_next(c, &next, &note, user_id, now)?;
                audit::record(
                    c,
                    now,
                    op.actor,
                    &Event::ok("create", "transfer_template", v)
                        .with_detail(format!("drafts moved {moved}")),
                )?;
                Ok(Ok(v))
            })
        })
        .await?;
    match outcome {
        Ok(v) => Ok(redirect(&format!("/admin/transfer-templates?saved={v}"))),
        Err((errors, problems, newest)) => {
            show(
                &state,
                &cu,
                Some(Shown {
                    lines,
                    based_on: newest.to_string(),
                    note: note_raw,
                    problems,
                    errors,
                }),
                String::new(),
            )
            .await
        }
    }
}
