//! The child's rehabilitation, education and social-work page (`/children/{id}/care/records`, issue 14
//! points 4–6) and its forms. Caregivers read daily care and medication only (point 8), so they see
//! none of these; a section the archive's restriction rule hides (e.g. 社会工作) stays hidden. Every view
//! is audited; a refused form is drawn again with what was typed and a message per field (422).

use super::{status_for, to_fields};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::care::model_more::{self as mm, SocialKind};
use crate::care::rules::education;
use crate::care::service::{self, rehab::MoreInput};
use crate::care::views::Line;
use crate::care::views_more::*;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use chrono::{Datelike, NaiveDate};

/// The last six calendar months, newest first, with minutes against the target (RHB-01).
fn months(
    sessions: &[mm::RehabSession],
    targets: &[mm::RehabTarget],
    today: NaiveDate,
) -> Vec<MonthView> {
    let s: Vec<(NaiveDate, i32)> = sessions.iter().map(|x| (x.held_on, x.minutes)).collect();
    let t: Vec<(NaiveDate, i32)> = targets
        .iter()
        .map(|x| (x.from_on, x.monthly_minutes))
        .collect();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    (0..6u32)
        .filter_map(|i| first.checked_sub_months(chrono::Months::new(i)))
        .map(|m| {
            let minutes = education::minutes_in_month(&s, m);
            let target = education::target_for_month(&t, m);
            MonthView {
                month: m.format("%Y-%m").to_string(),
                minutes,
                target: target.map_or("—".into(), |v| v.to_string()),
                short: target.is_some_and(|v| minutes < i64::from(v)),
            }
        })
        .collect()
}

/// What the page shows, read in one pass.
struct Parts {
    head: crate::archive::header::ChildHeader,
    crumb: String,
    months: Option<Vec<MonthView>>,
    sessions: Vec<Line>,
    devices: Vec<Line>,
    education: Option<Vec<Line>>,
    placement: String,
    school_records: Vec<Line>,
    social: Option<Vec<Line>>,
    wishes: Vec<Line>,
}

/// Draw the records page (with a failed form's input and messages, if any).
pub async fn show(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    failed: String,
    typed: MoreInput,
    errors: FieldErrors,
    purpose: Option<String>,
) -> AppResult<HttpResponse> {
    let role = cu.role();
    let (parts, rights, unlock) = state
        .run(cu, move |c, op| {
            let k = service::child_for(c, op, child, Action::ViewCare)?;
            // The purpose-stated view opens what the archive's restriction rule lets this role open.
            let access = crate::archive::section_access(c, child, &role, purpose.is_some())?;
            let unlock = UnlockView::of(
                &access,
                format!("/children/{child}/care/records/restricted"),
            );
            let caregiver = role == Role::Caregiver;
            let sees = |section: &str| !caregiver && !access.hides(section);
            let tr = op.tr;
            let inst =
                crate::org::model::holding(c, k.institution_id)?.map_or(String::new(), |i| i.name);
            let head = crate::archive::header::header(tr, &k, &inst, op.today, sees("basic"));
            let (mut months_v, mut sessions, mut devices) = (None, vec![], vec![]);
            if sees("rehab") {
                let all = mm::sessions_of(c, child)?;
                let targets = mm::targets_of(c, child)?;
                months_v = Some(months(&all, &targets, op.today));
                sessions = all
                    .into_iter()
                    .take(30)
                    .map(|x| Line {
                        date: x.held_on.to_string(),
                        title: format!("{} · {} {}", x.activity, x.minutes, tr.t("care.minutes")),
                        detail: format!("{} {}", x.therapist, x.progress),
                    })
                    .collect();
                devices = mm::devices_of(c, child)?
                    .into_iter()
                    .map(|d| Line {
                        date: d.issued_on.to_string(),
                        title: format!("{} {}", d.device, d.size),
                        detail: d.next_check_on.map_or(String::new(), |n| {
                            tr.tf("care.next_check_on", &[("date", &n.to_string())])
                        }),
                    })
                    .collect();
            }
            let (mut education_v, mut placement, mut school_records) =
                (None, String::new(), vec![]);
            if sees("education") {
                let all = mm::placements_of(c, child)?;
                placement = all
                    .iter()
                    .find(|p| p.start_on <= op.today && p.end_on.is_none_or(|e| e >= op.today))
                    .map_or(tr.t("care.no_placement").to_string(), |p| {
                        format!(
                            "{} · {} {} {}",
                            tr.t(&format!("care.placement.{}", p.kind.code())),
                            p.school,
                            p.grade,
                            p.xueji_no
                        )
                    });
                education_v = Some(
                    all.into_iter()
                        .map(|p| Line {
                            date: format!(
                                "{} – {}",
                                p.start_on,
                                p.end_on.map_or(String::new(), |e| e.to_string())
                            ),
                            title: tr
                                .t(&format!("care.placement.{}", p.kind.code()))
                                .to_string(),
                            detail: format!("{} {} {}", p.school, p.grade, p.xueji_no),
                        })
                        .collect(),
                );
                school_records = mm::school_records_of(c, child)?
                    .into_iter()
                    .map(|r| Line {
                        date: r.on_date.to_string(),
                        title: format!(
                            "{}：{}",
                            tr.t(&format!("care.school_record.{}", r.kind.code())),
                            r.label
                        ),
                        detail: r.body,
                    })
                    .collect();
            }
            let (mut social_v, mut wishes) = (None, vec![]);
            if sees("social-work") {
                let all = mm::social_of(c, child)?;
                let line = |s: &mm::Social| Line {
                    date: s.held_on.to_string(),
                    title: tr.t(&format!("care.social.{}", s.kind.code())).to_string(),
                    detail: if s.follow_up.is_empty() {
                        s.summary.clone()
                    } else {
                        format!("{} → {}", s.summary, s.follow_up)
                    },
                };
                wishes = all
                    .iter()
                    .filter(|s| s.kind == SocialKind::Wishes)
                    .map(line)
                    .collect();
                social_v = Some(
                    all.iter()
                        .filter(|s| s.kind != SocialKind::Wishes)
                        .map(line)
                        .collect(),
                );
            }
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &match &purpose {
                    Some(p) => Event::ok("view_restricted", "care_records", child)
                        .with_detail(format!("child {child}; purpose: {p}")),
                    None => Event::ok("view", "care_records", child)
                        .with_detail(format!("child {child}")),
                },
            )?;
            let writable = matches!(
                k.status,
                crate::archive::ChildStatus::Active | crate::archive::ChildStatus::InFosterCare
            );
            let rights = FormRights {
                rehab: writable && op.user.can(Action::RecordRehab) && sees("rehab"),
                education: writable && op.user.can(Action::RecordEducation) && sees("education"),
                social: writable && op.user.can(Action::RecordSocialWork) && sees("social-work"),
            };
            Ok((
                Parts {
                    head,
                    crumb: tr.t("care.records").to_string(),
                    months: months_v,
                    sessions,
                    devices,
                    education: education_v,
                    placement,
                    school_records,
                    social: social_v,
                    wishes,
                },
                rights,
                unlock,
            ))
        })
        .await?;
    let ctx = Ctx::for_user(cu);
    let forms = more_forms(&ctx, child.into(), &rights, &failed, &typed, &errors);
    let page = RecordsPage {
        ctx,
        head: parts.head,
        crumb: parts.crumb,
        months: parts.months,
        sessions: parts.sessions,
        devices: parts.devices,
        education: parts.education,
        placement: parts.placement,
        school_records: parts.school_records,
        social: parts.social,
        wishes: parts.wishes,
        unlock,
        forms,
        errors,
    };
    render_status(&page, status_for(&page.errors))
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
        String::new(),
        MoreInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

/// The action each form needs.
fn action_of(kind: &str) -> Option<Action> {
    Some(match kind {
        "session" | "target" | "device" => Action::RecordRehab,
        "placement" | "school_record" => Action::RecordEducation,
        "social" => Action::RecordSocialWork,
        _ => return None,
    })
}

/// Save one record (`/children/{id}/care/records/{kind}`).
pub async fn create(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, String)>,
    form: web::Form<MoreInput>,
) -> AppResult<HttpResponse> {
    let (child, kind) = path.into_inner();
    let action = action_of(&kind).ok_or(AppError::NotFound)?;
    cu.require(action)?;
    let f = form.into_inner();
    let typed = f.clone();
    let k = kind.clone();
    let done = state
        .run(&cu, move |c, op| {
            use crate::care::service::{rehab, school, social};
            Ok(match k.as_str() {
                "session" => rehab::session(c, op, child, &f),
                "target" => rehab::target(c, op, child, &f),
                "device" => rehab::device(c, op, child, &f),
                "placement" => school::placement(c, op, child, &f),
                "school_record" => school::school_record(c, op, child, &f),
                _ => social::record(c, op, child, &f),
            })
        })
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/children/{child}/care/records"),
            "flash.care_recorded",
        )),
        Err(e) => {
            let errors = to_fields(e)?;
            show(&state, &cu, child, kind, typed, errors, None).await
        }
    }
}
