//! The child's care page (`/children/{id}/care`, issue 14 point 7): warnings (allergies, chronic
//! conditions, overdue doses, an overdue review), the plan in force, what is due, medication orders,
//! growth with WHO z-scores and a small chart, medical records, assessments, the recent timeline, and
//! the record forms of the user's role. Caregivers see daily care and medication only; sections the
//! archive's restriction rule hides stay hidden here too.

use super::{status_for, to_fields};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::care::model;
use crate::care::service::{self, due, plans, records, records::RecordInput};
use crate::care::views::*;
use crate::care::views_more::UnlockView;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};

fn z_text(z: Option<i32>) -> String {
    z.map_or("—".into(), |z| {
        let z = f64::from(z) / 100.0;
        format!(
            "{z:+.2} (P{:.0})",
            crate::care::rules::growth::percentile(z)
        )
    })
}

fn dec(v: Option<i32>, div: f64, places: usize) -> String {
    v.map_or("—".into(), |v| {
        format!("{:.*}", places, f64::from(v) / div)
    })
}

/// Draw the care page (with a failed form's input and messages, if any).
pub async fn show(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    failed: &'static str,
    typed: RecordInput,
    errors: FieldErrors,
    purpose: Option<String>,
) -> AppResult<HttpResponse> {
    let role = cu.role();
    let mut page = state
        .run(cu, move |c, op| {
            let k = service::child_for(c, op, child, Action::ViewCare)?;
            // The purpose-stated view opens what the archive's restriction rule lets this role open.
            let access = crate::archive::section_access(c, child, &role, purpose.is_some())?;
            let unlock = UnlockView::of(&access, format!("/children/{child}/care/restricted"));
            let caregiver = role == Role::Caregiver;
            let sees = |section: &str| !access.hides(section);
            let medical_visible = sees("medical") && !caregiver;
            let tr = op.tr;
            let inst =
                crate::org::model::holding(c, k.institution_id)?.map_or(String::new(), |i| i.name);
            let head = crate::archive::header::header(tr, &k, &inst, op.today, sees("basic"));
            let conditions = if sees("medical") {
                model::conditions_of(c, child)?
            } else {
                vec![]
            };
            let mut warnings: Vec<String> = conditions
                .iter()
                .map(|x| {
                    format!(
                        "{}：{}",
                        tr.t(&format!("care.condition.{}", x.kind.code())),
                        x.description
                    )
                })
                .collect();
            let due_lines = due::for_child(c, &k, op.today)?;
            let mut due = Vec::new();
            for l in &due_lines {
                let overdue = l.due < op.today;
                if overdue
                    && (l.what == "immunisation" || l.what == "plan_review")
                    && sees("medical")
                {
                    warnings.push(format!(
                        "{} {}",
                        tr.t(&format!("care.due.{}", l.what)),
                        l.detail
                    ));
                }
                let visible = match l.what.as_str() {
                    "immunisation" => medical_visible,
                    w if w.starts_with("assessment")
                        || w == "education_unenrolled"
                        || w == "device_check"
                        || w == "growth_review"
                        || w == "growth_check" =>
                    {
                        !caregiver
                    }
                    _ => true,
                };
                if visible {
                    due.push(DueView {
                        what: tr.t(&format!("care.due.{}", l.what)).to_string(),
                        due: l.due.to_string(),
                        overdue,
                        detail: if l.what == "immunisation" {
                            l.detail.clone()
                        } else if l.what == "growth_check" {
                            tr.tf("care.growth_check.age", &[("months", &l.detail)])
                        } else {
                            String::new()
                        },
                    });
                }
            }
            let all_plans = model::plans_of(c, child)?;
            let plan_line = match (plans::current(&all_plans), plans::open_plan(&all_plans)) {
                (Some(p), open) => {
                    let mut s = tr.tf(
                        "care.plan_in_force",
                        &[
                            ("n", &p.number.unwrap_or(0).to_string()),
                            (
                                "date",
                                &p.approved_on.map_or(String::new(), |d| d.to_string()),
                            ),
                        ],
                    );
                    if let Some(o) = open {
                        s.push_str(" · ");
                        s.push_str(tr.t(&format!("care.state.{}", o.state.code())));
                    }
                    s
                }
                (None, Some(o)) => tr.t(&format!("care.state.{}", o.state.code())).to_string(),
                (None, None) => tr.t("care.no_plan").to_string(),
            };
            let orders = if sees("medical") {
                model::orders_of(c, child)?
                    .into_iter()
                    .map(|o| {
                        let active =
                            o.stopped_at.is_none() && o.end_on.is_none_or(|e| e >= op.today);
                        OrderView {
                            id: o.id,
                            drug: o.drug,
                            dose: o.dose,
                            route: o.route,
                            times: o.times,
                            prn: o.prn,
                            period: format!(
                                "{} – {}",
                                o.start_on,
                                o.end_on.map_or(String::new(), |d| d.to_string())
                            ),
                            prescriber: o.prescriber,
                            active,
                        }
                    })
                    .collect()
            } else {
                vec![]
            };
            let rows = if sees("care") {
                model::growth_of(c, child)?
            } else {
                vec![]
            };
            let ids: Vec<i64> = rows.iter().map(|g| g.id).collect();
            let who = crate::care::model_more::who2006_of(c, &ids)?;
            // The reference lines of the stored standards behind the measured values (GRW-01/03).
            let subject = crate::care::chart::Subject {
                sex: &k.sex,
                birth: k.birth_date,
                who2006: crate::care::chart::who2006_drawn(&rows, who.len()),
            };
            let chart = crate::care::chart::for_child(tr, &subject, &rows);
            let growth = rows
                .iter()
                .rev()
                .map(|g| GrowthView {
                    date: g.measured_on.to_string(),
                    height: dec(g.height_mm, 10.0, 1),
                    weight: dec(g.weight_g, 1000.0, 2),
                    head: dec(g.head_mm, 10.0, 1),
                    wfa: z_text(g.wfa_z100),
                    lhfa: z_text(g.lhfa_z100),
                    hcfa: z_text(g.hcfa_z100),
                    standard: format!("{} {}", g.standard, g.standard_version),
                    who2006: who
                        .iter()
                        .find(|w| w.growth_id == g.id)
                        .map_or(String::new(), |w| {
                            crate::care::views_more::who2006_text(tr, w)
                        }),
                })
                .collect();
            let medical: Vec<Line> = if medical_visible {
                model::medical_of(c, child)?
                    .into_iter()
                    .map(|m| Line {
                        date: m.started_on.to_string(),
                        title: format!(
                            "{} {}",
                            tr.t(&format!("care.medical.{}", m.kind.code())),
                            m.reason
                        ),
                        detail: format!(
                            "{} {} · {}",
                            m.diagnosis,
                            m.icd10,
                            tr.t(&format!("care.funding.{}", m.funding.code()))
                        ),
                    })
                    .collect()
            } else {
                vec![]
            };
            let assessments: Vec<Line> = if caregiver {
                vec![]
            } else {
                model::assessments_of(c, child)?
                    .into_iter()
                    .filter(|a| {
                        sees(
                            if a.kind == crate::care::rules::schedule::AssessmentKind::Mental {
                                "social-work"
                            } else {
                                "medical"
                            },
                        )
                    })
                    .map(|a| Line {
                        date: a.assessed_on.to_string(),
                        title: format!(
                            "{} · {}",
                            tr.t(&format!("care.assessment.{}", a.kind.code())),
                            a.instrument
                        ),
                        detail: format!("{} {} {} ({})", a.score, a.level, a.narrative, a.assessor),
                    })
                    .collect()
            };
            // The recent timeline: the entries this module filed in the archive, newest first, in the
            // sections the user may see.
            let timeline: Vec<Line> = crate::archive::entries(c, child)?
                .into_iter()
                .filter(|e| e.module == crate::care::MODULE_NAME && sees(&e.section))
                .filter(|e| {
                    !caregiver
                        || matches!(e.section.as_str(), "care" | "medical")
                            && e.kind != "care_medical"
                })
                .rev()
                .take(10)
                .map(|e| Line {
                    date: e.entry_date.to_string(),
                    title: e.summary,
                    detail: String::new(),
                })
                .collect();
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &match &purpose {
                    Some(p) => Event::ok("view_restricted", "care", child)
                        .with_detail(format!("child {child}; purpose: {p}")),
                    None => Event::ok("view", "care", child).with_detail(format!("child {child}")),
                },
            )?;
            let hidden_note = caregiver || !access.hidden_sections().is_empty();
            let writable = matches!(
                k.status,
                crate::archive::ChildStatus::Active | crate::archive::ChildStatus::InFosterCare
            );
            Ok((
                head,
                warnings,
                plan_line,
                due,
                orders,
                growth,
                chart,
                medical,
                assessments,
                timeline,
                hidden_note,
                writable,
                unlock,
            ))
        })
        .await
        .map(
            |(
                head,
                warnings,
                plan_line,
                due,
                orders,
                growth,
                chart,
                medical,
                assessments,
                timeline,
                hidden_note,
                writable,
                unlock,
            )| {
                CarePage {
                    crumb: cu.tr().t("care.title").to_string(),
                    ctx: Ctx::for_user(cu),
                    head,
                    warnings,
                    plan_line,
                    due,
                    orders,
                    can_stop_orders: writable && cu.user.can(Action::RecordMedical),
                    growth,
                    chart,
                    medical,
                    assessments,
                    timeline,
                    hidden_note,
                    unlock,
                    forms: Vec::new(),
                    failed: failed.to_string(),
                    errors: FieldErrors::default(),
                }
                .with_writable(writable)
            },
        )?;
    let vaccines: Vec<String> = crate::care::rules::immunisation::vaccines();
    if page.forms.is_empty() && page.can_write() {
        let forms = record_forms(
            &page.ctx,
            child.into(),
            cu.user.can(Action::RecordMedical),
            cu.user.can(Action::RecordAssessment),
            failed,
            &typed,
            &errors,
            &vaccines,
        );
        page.forms = forms;
    }
    page.errors = errors;
    render_status(&page, status_for(&page.errors))
}

impl CarePage {
    fn with_writable(mut self, writable: bool) -> Self {
        if !writable {
            self.failed = "read-only".into();
        }
        self
    }
    fn can_write(&self) -> bool {
        self.failed != "read-only"
    }
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    show(
        &state,
        &cu,
        path.into_inner(),
        "",
        RecordInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

/// Which record a form posts.
#[derive(Clone, Copy)]
pub enum Kind {
    Medical,
    Growth,
    Order,
    Condition,
    Immunisation,
    Assessment,
}

impl Kind {
    fn form(self) -> &'static str {
        match self {
            Kind::Medical => "medical",
            Kind::Growth => "growth",
            Kind::Order => "order",
            Kind::Condition => "condition",
            Kind::Immunisation => "immunisation",
            Kind::Assessment => "assessment",
        }
    }
    fn action(self) -> Action {
        match self {
            Kind::Assessment => Action::RecordAssessment,
            _ => Action::RecordMedical,
        }
    }
}

async fn record(
    state: State,
    cu: CurrentUser,
    child: ChildId,
    form: RecordInput,
    kind: Kind,
) -> AppResult<HttpResponse> {
    cu.require(kind.action())?;
    let f = form.clone();
    let done = state
        .run(&cu, move |c, op| {
            Ok(match kind {
                Kind::Medical => records::medical(c, op, child, &f),
                Kind::Growth => records::growth(c, op, child, &f),
                Kind::Order => records::order(c, op, child, &f),
                Kind::Condition => records::condition(c, op, child, &f),
                Kind::Immunisation => records::immunisation(c, op, child, &f),
                Kind::Assessment => records::assessment(c, op, child, &f),
            })
        })
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/children/{child}/care"),
            "flash.care_recorded",
        )),
        Err(e) => {
            let errors = to_fields(e)?;
            show(&state, &cu, child, kind.form(), form, errors, None).await
        }
    }
}

macro_rules! record_handler {
    ($name:ident, $kind:expr) => {
        pub async fn $name(
            state: State,
            cu: CurrentUser,
            path: web::Path<ChildId>,
            form: web::Form<RecordInput>,
        ) -> AppResult<HttpResponse> {
            record(state, cu, path.into_inner(), form.into_inner(), $kind).await
        }
    };
}

record_handler!(medical, Kind::Medical);
record_handler!(growth, Kind::Growth);
record_handler!(order, Kind::Order);
record_handler!(condition, Kind::Condition);
record_handler!(immunisation, Kind::Immunisation);
record_handler!(assessment, Kind::Assessment);

pub async fn stop_order(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::RecordMedical)?;
    let (child, id) = path.into_inner();
    state
        .run(&cu, move |c, op| {
            records::stop_order(c, op, child, id).map_err(|e| e.into_app_error())
        })
        .await?;
    Ok(redirect_with(
        &format!("/children/{child}/care"),
        "flash.care_order_stopped",
    ))
}
