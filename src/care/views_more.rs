//! Pages of the second part of the care records (issue 14 points 4–6): the child's rehabilitation,
//! education and social-work page (`/children/{id}/care/records`) with its forms, and the institution's
//! education list (`/care/education`: the 控辍保学 list and the school-age children).

use super::service::rehab::MoreInput;
use super::views::{FormBuilder, FormView, Line};
use crate::archive::header::ChildHeader;
use crate::platform::FieldErrors;
use crate::web::Ctx;
use askama::Template;

/// A month's rehabilitation minutes against the plan's target (RHB-01).
pub struct MonthView {
    pub month: String,
    pub minutes: i64,
    pub target: String,
    /// Below the target.
    pub short: bool,
}

/// The child's rehabilitation, education and social-work page.
#[derive(Template)]
#[template(path = "care/records.html")]
pub struct RecordsPage {
    pub ctx: Ctx,
    pub head: ChildHeader,
    pub crumb: String,
    /// `None`: the section is not shown to this reader (role or the archive's restriction rule).
    pub months: Option<Vec<MonthView>>,
    pub sessions: Vec<Line>,
    pub devices: Vec<Line>,
    pub education: Option<Vec<Line>>,
    pub placement: String,
    pub school_records: Vec<Line>,
    pub social: Option<Vec<Line>>,
    pub wishes: Vec<Line>,
    /// The purpose-stated restricted view (offered or open).
    pub unlock: UnlockView,
    pub forms: Vec<FormView>,
    pub errors: FieldErrors,
}

/// Which forms the reader may use (by action), and the failed one's input and messages.
pub struct FormRights {
    pub rehab: bool,
    pub education: bool,
    pub social: bool,
}

fn relabel(mut f: FormView, name: &str, label: String) -> FormView {
    if let Some(x) = f.fields.iter_mut().find(|x| x.name == name) {
        x.label = label;
    }
    f
}

/// The forms of the records page, in page order.
pub fn more_forms(
    ctx: &Ctx,
    child: i64,
    rights: &FormRights,
    failed: &str,
    typed: &MoreInput,
    errors: &FieldErrors,
) -> Vec<FormView> {
    let e = |id: &str| (failed == id).then_some(errors);
    let blank = MoreInput::default();
    let t = |id: &str| if failed == id { typed } else { &blank };
    let base = format!("/children/{child}/care/records");
    let mut out = Vec::new();
    if rights.rehab {
        let f = t("session");
        out.push(
            FormBuilder::new(ctx, e("session"))
                .field("date", "date", &f.date, true)
                .field("therapist", "text", &f.therapist, true)
                .field("minutes", "number", &f.minutes, true)
                .field("activity", "text", &f.activity, true)
                .field("progress", "textarea", &f.progress, false)
                .form(
                    "session",
                    "care.form.session",
                    format!("{base}/session"),
                    "care.save",
                ),
        );
        let f = t("target");
        out.push(relabel(
            FormBuilder::new(ctx, e("target"))
                .field("minutes", "number", &f.minutes, true)
                .field("date", "date", &f.date, true)
                .form(
                    "target",
                    "care.form.target",
                    format!("{base}/target"),
                    "care.save",
                ),
            "minutes",
            ctx.t("care.f.monthly_minutes").to_string(),
        ));
        let f = t("device");
        out.push(
            FormBuilder::new(ctx, e("device"))
                .field("device", "text", &f.device, true)
                .field("size", "text", &f.size, false)
                .field("date", "date", &f.date, true)
                .field("next_check", "date", &f.next_check, false)
                .form(
                    "device",
                    "care.form.device",
                    format!("{base}/device"),
                    "care.save",
                ),
        );
    }
    if rights.education {
        let f = t("placement");
        out.push(
            FormBuilder::new(ctx, e("placement"))
                .select(
                    "kind",
                    "care.placement",
                    &["kindergarten", "regular", "special", "home", "none"],
                    &f.kind,
                )
                .field("school", "text", &f.school, false)
                .field("grade", "text", &f.grade, false)
                .field("xueji_no", "text", &f.xueji_no, false)
                .field("date", "date", &f.date, true)
                .field("end_date", "date", &f.end_date, false)
                .form(
                    "placement",
                    "care.form.placement",
                    format!("{base}/placement"),
                    "care.save",
                ),
        );
        let f = t("school_record");
        out.push(relabel(
            FormBuilder::new(ctx, e("school_record"))
                .select("kind", "care.school_record", &["term", "iep"], &f.kind)
                .field("label", "text", &f.label, true)
                .field("text", "textarea", &f.text, true)
                .field("date", "date", &f.date, true)
                .form(
                    "school_record",
                    "care.form.school_record",
                    format!("{base}/school_record"),
                    "care.save",
                ),
            "date",
            ctx.t("care.f.school_record_date").to_string(),
        ));
    }
    if rights.social {
        let f = t("social");
        out.push(relabel(
            FormBuilder::new(ctx, e("social"))
                .select(
                    "kind",
                    "care.social",
                    &["case_note", "counselling", "tracing", "visit", "wishes"],
                    &f.kind,
                )
                .field("date", "date", &f.date, true)
                .field("text", "textarea", &f.text, true)
                .field("follow_up", "textarea", &f.follow_up, false)
                .form(
                    "social",
                    "care.form.social",
                    format!("{base}/social"),
                    "care.save",
                ),
            "text",
            ctx.t("care.f.social_text").to_string(),
        ));
    }
    out
}

/// A child on the education list.
pub struct EducationLine {
    pub id: i64,
    pub name: String,
    pub archive_no: String,
    pub age: i32,
    pub placement: String,
    pub school: String,
    pub grade: String,
    pub xueji_no: String,
    /// On the 控辍保学 list since this day (empty when in school).
    pub unenrolled_since: String,
}

/// The institution's education list (`/care/education`).
#[derive(Template)]
#[template(path = "care/education.html")]
pub struct EducationPage {
    pub ctx: Ctx,
    pub unenrolled: Vec<EducationLine>,
    pub lines: Vec<EducationLine>,
    pub year: i32,
    pub can_export: bool,
}

/// The purpose-stated restricted view on a care page (the archive's rule, `archive::section_access`):
/// offered when a restriction hides a section and every active restriction allows the reader's role.
#[derive(Debug, Clone, Default)]
pub struct UnlockView {
    /// The form is offered (restricted, the role may open it, not open now).
    pub offer: bool,
    /// The restricted view is open now (for this one page view).
    pub open: bool,
    /// Where the form posts.
    pub action: String,
}

impl UnlockView {
    pub fn of(access: &crate::archive::SectionAccess, action: String) -> UnlockView {
        UnlockView {
            offer: !access.hidden_sections().is_empty()
                && access.role_may_unlock()
                && !access.unlocked(),
            open: access.unlocked(),
            action,
        }
    }
}

/// The WHO 2006 second view of a growth check, one line beside the primary standard's result
/// (GRW-01/03): each z with its percentile, then the standard and version stored with it.
pub fn who2006_text(
    tr: &crate::platform::i18n::Catalogue,
    w: &crate::care::model_more::Who2006,
) -> String {
    let parts: Vec<String> = [
        ("care.wfa", w.wfa_z100),
        ("care.lhfa", w.lhfa_z100),
        ("care.hcfa", w.hcfa_z100),
        ("care.who.bmi", w.bmi_z100),
        ("care.who.wfl", w.wfl_z100),
    ]
    .iter()
    .filter_map(|(label, z)| {
        let z = f64::from((*z)?) / 100.0;
        Some(format!(
            "{} {z:+.2} (P{:.0})",
            tr.t(label),
            crate::care::rules::who2006::pct(z)
        ))
    })
    .collect();
    format!(
        "{} {} {}: {}",
        tr.t("care.who.second_view"),
        w.standard,
        w.standard_version,
        parts.join(" · ")
    )
}
