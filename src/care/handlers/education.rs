//! The institution's education list (`/care/education`, issue 14 point 5): the children of school age
//! (EDU-01, policy ages) in care in the user's scope with their placement, the 控辍保学 list on top
//! (EDU-02: of school age and in no school — the head's task), and the yearly report of school-age
//! children to the education bureau (EDU-03) as a CSV/XLSX download.

use crate::archive::{Child, ChildId};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::model_more::{self as mm, Placement};
use crate::care::rules::education::{self, Period, SchoolAge};
use crate::care::views_more::*;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::Op;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::HttpResponse;
use chrono::{Datelike, NaiveDate};

/// The children in care in the user's scope, each with its placements and school-age band.
pub fn school_children(
    c: &mut DbConn,
    op: &Op<'_>,
) -> AppResult<Vec<(Child, Vec<Placement>, SchoolAge)>> {
    let scope = crate::auth::scope::institution_scope(c, op.user)?;
    let insts: Vec<crate::org::InstitutionId> = crate::org::model::list_in_scope(c, &scope)?
        .into_iter()
        .map(|(i, _)| i.id)
        .collect();
    let kids = crate::archive::active_children(c, &insts, 5000)?;
    let ids: Vec<ChildId> = kids.iter().map(|k| k.id).collect();
    let all = mm::placements_of_all(c, &ids)?;
    let mut bands = std::collections::HashMap::new();
    let mut out = Vec::new();
    for s in kids {
        let k = crate::archive::load_in_scope(c, op.user, s.id)?;
        let band = match bands.get(&k.institution_id) {
            Some(b) => *b,
            None => {
                let div = crate::care::service::division_of(c, k.institution_id)?;
                let b = SchoolAge {
                    from: crate::policy::int(
                        c,
                        crate::policy::keys::CARE_SCHOOL_AGE_FROM,
                        div,
                        op.today,
                    )?
                    .clamp(0, 120) as i32,
                    until: crate::policy::int(
                        c,
                        crate::policy::keys::CARE_SCHOOL_AGE_UNTIL,
                        div,
                        op.today,
                    )?
                    .clamp(0, 120) as i32,
                };
                bands.insert(k.institution_id, b);
                b
            }
        };
        let mine: Vec<Placement> = all.iter().filter(|p| p.child_id == k.id).cloned().collect();
        out.push((k, mine, band));
    }
    Ok(out)
}

/// The placement in force on `on`.
pub fn placement_on(ps: &[Placement], on: NaiveDate) -> Option<&Placement> {
    ps.iter()
        .find(|p| p.start_on <= on && p.end_on.is_none_or(|e| e >= on))
}

pub fn periods(ps: &[Placement]) -> Vec<Period> {
    ps.iter()
        .map(|p| Period {
            in_school: p.kind.in_school(),
            start: p.start_on,
            end: p.end_on,
        })
        .collect()
}

fn line(
    op: &Op<'_>,
    k: &Child,
    ps: &[Placement],
    on: NaiveDate,
    since: Option<NaiveDate>,
) -> EducationLine {
    let p = placement_on(ps, on);
    EducationLine {
        id: k.id.into(),
        name: k.legal_name.clone(),
        archive_no: k.archive_no.clone(),
        age: crate::clock::age_on(k.birth_date, on),
        placement: p.map_or(op.tr.t("care.no_placement").to_string(), |p| {
            op.tr
                .t(&format!("care.placement.{}", p.kind.code()))
                .to_string()
        }),
        school: p.map_or(String::new(), |p| p.school.clone()),
        grade: p.map_or(String::new(), |p| p.grade.clone()),
        xueji_no: p.map_or(String::new(), |p| p.xueji_no.clone()),
        unenrolled_since: since.map_or(String::new(), |d| d.to_string()),
    }
}

/// The school year a date falls in (from 1 September).
pub fn school_year(on: NaiveDate) -> i32 {
    if on.month() >= 9 {
        on.year()
    } else {
        on.year() - 1
    }
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewEducationList)?;
    let (unenrolled, lines, year) = state
        .run(&cu, move |c, op| {
            let mut unenrolled = Vec::new();
            let mut lines = Vec::new();
            for (k, ps, band) in school_children(c, op)? {
                if !education::is_school_age(k.birth_date, op.today, band) {
                    continue;
                }
                let since = education::unenrolled_since(
                    k.birth_date,
                    k.intake_date,
                    &periods(&ps),
                    op.today,
                    band,
                );
                let l = line(op, &k, &ps, op.today, since);
                if since.is_some() {
                    unenrolled.push(l);
                } else {
                    lines.push(l);
                }
            }
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "care_education", "-"),
            )?;
            Ok((unenrolled, lines, school_year(op.today)))
        })
        .await?;
    let page = EducationPage {
        ctx: Ctx::for_user(&cu),
        unenrolled,
        lines,
        year,
        can_export: true,
    };
    render_status(&page, actix_web::http::StatusCode::OK)
}
