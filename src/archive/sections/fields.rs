//! The section rule applied to the fields of a child's record (字段级限制): which section each field
//! belongs to, what a caregiver needs for daily care, and the one view every output is built from.

use super::super::model::{self, Child, ChildId, ChildStatus};
use super::{section_access, SectionAccess};
use crate::auth::Role;
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::QueryResult;
use serde::Serialize;

/// Which section of the archive each field of the child's record belongs to (字段所属分区), so that a
/// restriction hiding a section hides the fields that tell the same story as its documents:
///
/// - 入院 `intake`: how the child came into care — found place/date/finder, police report number
///   (the 捡拾报案证明), former names, intake category, class, case type and intake date;
/// - 基本 `basic`: civil identity beyond the name — ID number, hukou, ethnicity, guardian department,
///   welfare and allowance categories, the photo;
/// - 医疗 `medical`: disability and the health at intake;
/// - 教育 `education`: school, grade and 学籍号 (the caregiver sees school and grade, not the number);
/// - 离院 `discharge`: discharge date, reason (e.g. 被收养) and note.
///
/// The record's identity — id, archive number, name, sex, birth date, status, institution — belongs to
/// no section and is never hidden: it is what every list and every other module shows.
pub const FIELD_SECTIONS: &[(&str, &str)] = &[
    ("former_names", "intake"),
    ("found_place", "intake"),
    ("found_date", "intake"),
    ("found_by", "intake"),
    ("police_report_no", "intake"),
    ("intake_category", "intake"),
    ("archive_class", "intake"),
    ("case_type", "intake"),
    ("intake_date", "intake"),
    ("id_number", "basic"),
    ("ethnicity", "basic"),
    ("hukou_status", "basic"),
    ("hukou_place", "basic"),
    ("guardian_department", "basic"),
    ("welfare_categories", "basic"),
    ("allowance_category", "basic"),
    ("photo", "basic"),
    ("disability_type", "medical"),
    ("disability_grade", "medical"),
    ("disability_cert_no", "medical"),
    ("health_at_intake", "medical"),
    ("school_name", "education"),
    ("school_grade", "education"),
    ("xueji_no", "education"),
    ("discharge_date", "discharge"),
    ("discharge_reason", "discharge"),
    ("discharge_note", "discharge"),
];

/// What a caregiver (护理员) does not need for daily care and so never sees, restricted or not:
/// how the child was found, former names, the hukou place, the guardian department, welfare and
/// allowance categories, the disability certificate number, the case type and the discharge note.
/// The ID number is shown masked (see [`mask_id_number`]).
pub const CAREGIVER_HIDDEN: &[&str] = &[
    "former_names",
    "found_place",
    "found_date",
    "found_by",
    "police_report_no",
    "case_type",
    "hukou_place",
    "guardian_department",
    "welfare_categories",
    "allowance_category",
    "disability_cert_no",
    "xueji_no",
    "discharge_note",
];

/// The section a field belongs to (`None`: the record's identity, never hidden).
pub fn field_section(field: &str) -> Option<&'static str> {
    FIELD_SECTIONS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| *s)
}

/// An ID number as a caregiver sees it: only the last four characters (enough to check a card at a
/// hospital desk); the first fourteen — the registration region, the birth date and the sequence —
/// are replaced by `*`. A value of four characters or fewer is hidden entirely.
pub fn mask_id_number(n: &str) -> String {
    let chars: Vec<char> = n.trim().chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let keep = chars.len() - 4;
    format!(
        "{}{}",
        "*".repeat(keep),
        chars[keep..].iter().collect::<String>()
    )
}

/// What one user may see of one child's record: the one field-level view every output uses (JSON,
/// pages, PDFs, the transfer preview). A hidden field is `None` (and left out of JSON); `hidden`
/// lists their names so a reader knows something is withheld.
#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    pub id: ChildId,
    pub archive_no: String,
    pub institution_id: crate::org::InstitutionId,
    pub status: ChildStatus,
    pub legal_name: String,
    pub name_provisional: bool,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub birth_date_estimated: bool,
    pub version: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_names: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_date: Option<Option<NaiveDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police_report_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intake_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intake_date: Option<NaiveDate>,
    /// Masked for a caregiver (`id_number_masked` is then true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<Option<String>>,
    pub id_number_masked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hukou_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hukou_place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardian_department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub welfare_categories: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowance_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_document_id: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disability_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disability_grade: Option<Option<i32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disability_cert_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_at_intake: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_grade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xueji_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_date: Option<Option<NaiveDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_reason: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_note: Option<String>,
    /// The fields withheld from this user (by a restricted section or the caregiver's subset).
    pub hidden: Vec<&'static str>,
}

impl ChildView {
    /// Whether this user sees `field` (an identity field, or a field of a visible section that the
    /// role's subset includes). The history and the timeline ask this for each changed field.
    pub fn shows(&self, field: &str) -> bool {
        !self.hidden.contains(&field)
    }
    pub fn is_discharged(&self) -> bool {
        self.status == ChildStatus::Discharged
    }
    /// Catalogue key of the status label.
    pub fn status_key(&self) -> &'static str {
        match self.status {
            ChildStatus::Discharged => "status.discharged",
            ChildStatus::InFosterCare => "status.in-foster-care",
            ChildStatus::Active => "status.active",
        }
    }
    /// The photo, when this user may see it.
    pub fn photo(&self) -> Option<i64> {
        self.photo_document_id.flatten()
    }
}

/// The one field-level rule: what `role` sees of `c` given the section access `access` (the same
/// [`SectionAccess`] that decides documents and entries). Every output of a child's fields — the
/// JSON API, the list, the archive page, its PDF, the receiver's transfer preview, the handover
/// list — is built from the returned view, never from the `Child` row.
pub fn child_view(c: &Child, access: &SectionAccess, role: &Role) -> ChildView {
    let caregiver = *role == Role::Caregiver;
    let mut hidden: Vec<&'static str> = FIELD_SECTIONS
        .iter()
        .filter(|(f, s)| access.hides(s) || (caregiver && CAREGIVER_HIDDEN.contains(f)))
        .map(|(f, _)| *f)
        .collect();
    hidden.sort_unstable();
    let shows = |f: &str| !hidden.contains(&f);
    fn keep<T: Clone>(on: bool, v: &T) -> Option<T> {
        on.then(|| v.clone())
    }
    let masked = caregiver && shows("id_number") && c.id_number.is_some();
    ChildView {
        id: c.id,
        archive_no: c.archive_no.clone(),
        institution_id: c.institution_id,
        status: c.status,
        legal_name: c.legal_name.clone(),
        name_provisional: c.name_provisional,
        sex: c.sex.clone(),
        birth_date: c.birth_date,
        birth_date_estimated: c.birth_date_estimated,
        version: c.version,
        former_names: keep(shows("former_names"), &c.former_names),
        found_place: keep(shows("found_place"), &c.found_place),
        found_date: keep(shows("found_date"), &c.found_date),
        found_by: keep(shows("found_by"), &c.found_by),
        police_report_no: keep(shows("police_report_no"), &c.police_report_no),
        intake_category: keep(shows("intake_category"), &c.intake_category),
        archive_class: keep(shows("archive_class"), &c.archive_class),
        case_type: keep(shows("case_type"), &c.case_type),
        intake_date: keep(shows("intake_date"), &c.intake_date),
        id_number: shows("id_number").then(|| {
            c.id_number.as_deref().map(|n| {
                if caregiver {
                    mask_id_number(n)
                } else {
                    n.to_string()
                }
            })
        }),
        id_number_masked: masked,
        ethnicity: keep(shows("ethnicity"), &c.ethnicity),
        hukou_status: keep(shows("hukou_status"), &c.hukou_status),
        hukou_place: keep(shows("hukou_place"), &c.hukou_place),
        guardian_department: keep(shows("guardian_department"), &c.guardian_department),
        welfare_categories: keep(shows("welfare_categories"), &c.welfare_categories),
        allowance_category: keep(shows("allowance_category"), &c.allowance_category),
        photo_document_id: keep(shows("photo"), &c.photo_document_id),
        disability_type: keep(shows("disability_type"), &c.disability_type),
        disability_grade: keep(shows("disability_grade"), &c.disability_grade),
        disability_cert_no: keep(shows("disability_cert_no"), &c.disability_cert_no),
        health_at_intake: keep(shows("health_at_intake"), &c.health_at_intake),
        school_name: keep(shows("school_name"), &c.school_name),
        school_grade: keep(shows("school_grade"), &c.school_grade),
        xueji_no: keep(shows("xueji_no"), &c.xueji_no),
        discharge_date: keep(shows("discharge_date"), &c.discharge_date),
        discharge_reason: keep(shows("discharge_reason"), &c.discharge_reason),
        discharge_note: keep(shows("discharge_note"), &c.discharge_note),
        hidden,
    }
}

/// The view printed on a document for both institutions (the handover list): the section rule
/// without the purpose-stated view and without a role's subset (printed by heads and transfer
/// officers, never by a caregiver).
pub fn view_for_document(conn: &mut DbConn, c: &Child) -> QueryResult<ChildView> {
    let access = SectionAccess::locked(model::active_restrictions(conn, c.id)?);
    Ok(child_view(c, &access, &Role::Head))
}

/// Documents of a child in a section a restriction hides, for outputs that never open the
/// purpose-stated view (the transfer checklist, its API, the handover list): (document id, section).
pub fn withheld_documents(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<(i64, String)>> {
    let access = SectionAccess::locked(model::active_restrictions(conn, child_id)?);
    if !access.restricted() {
        return Ok(vec![]);
    }
    Ok(model::documents(conn, child_id)?
        .into_iter()
        .filter(|d| access.hides(&d.section))
        .map(|d| (d.id, d.section))
        .collect())
}

/// The label a line naming a withheld document shows instead of its title (the line itself stays:
/// the paper still changes hands), or `None` when the document is not withheld.
pub fn withheld_label(
    tr: &crate::platform::Catalogue,
    withheld: &[(i64, String)],
    document_id: Option<i64>,
) -> Option<String> {
    let (_, section) = withheld.iter().find(|(id, _)| Some(*id) == document_id)?;
    Some(tr.tf(
        "archive.restricted_document",
        &[("section", tr.t(&format!("section.{section}")))],
    ))
}

/// The views of several children for one role (the list and the API list), not unlocked.
pub fn views_for(
    conn: &mut DbConn,
    list: &[std::sync::Arc<Child>],
    role: &Role,
) -> QueryResult<Vec<ChildView>> {
    // The restrictions of the whole page in two queries (a list is read far more often than written).
    let ids: Vec<ChildId> = list.iter().map(|c| c.id).collect();
    let mut restrictions = model::active_restrictions_of(conn, &ids)?;
    Ok(list
        .iter()
        .zip(restrictions.iter_mut())
        .map(|(c, (_, kinds))| {
            let access = SectionAccess::of(std::mem::take(kinds), role, false);
            child_view(c, &access, role)
        })
        .collect())
}

/// The view of one child for `user` (not unlocked: the purpose-stated view is the archive page's).
pub fn view_for(conn: &mut DbConn, c: &Child, role: &Role) -> QueryResult<ChildView> {
    let access = section_access(conn, c.id, role, false)?;
    Ok(child_view(c, &access, role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::model::RestrictionKind;
    fn kind(hidden: &str, roles: &str) -> RestrictionKind {
        RestrictionKind {
            id: 1,
            code: "k".into(),
            name: "k".into(),
            hidden_sections: hidden.into(),
            allowed_roles: roles.into(),
            created_at: chrono::NaiveDateTime::default(),
        }
    }
    fn child() -> Child {
        let d = NaiveDate::from_ymd_opt(2020, 1, 2).unwrap();
        Child {
            id: ChildId(1),
            archive_no: "A-1".into(),
            institution_id: crate::org::InstitutionId(1),
            status: ChildStatus::Discharged,
            legal_name: "张三".into(),
            name_provisional: false,
            former_names: "小三".into(),
            name_pinyin: String::new(),
            name_initials: String::new(),
            sex: "M".into(),
            birth_date: d,
            birth_date_estimated: false,
            found_place: "火车站".into(),
            found_date: Some(d),
            found_by: "李四".into(),
            police_report_no: "BA-1".into(),
            ethnicity: "汉族".into(),
            hukou_status: "registered".into(),
            hukou_place: "长春".into(),
            id_number: Some("220102202001021234".into()),
            disability_type: String::new(),
            disability_grade: None,
            disability_cert_no: String::new(),
            health_at_intake: "良好".into(),
            photo_document_id: Some(5),
            guardian_department: String::new(),
            welfare_categories: String::new(),
            allowance_category: String::new(),
            intake_category: "abandoned-infant".into(),
            archive_class: "A".into(),
            case_type: "abandoned".into(),
            intake_date: d,
            admitted_by: crate::auth::UserId(1),
            responsible_user_id: None,
            discharge_date: Some(d),
            discharge_reason: Some("adopted".into()),
            discharge_note: String::new(),
            school_name: "第一小学".into(),
            school_grade: "三年级".into(),
            xueji_no: "G2201".into(),
            version: 1,
            created_at: chrono::NaiveDateTime::default(),
            updated_at: chrono::NaiveDateTime::default(),
        }
    }
    #[test]
    fn every_field_of_a_hidden_section_is_withheld() {
        let secrecy = || vec![kind("intake,social-work,discharge", "head,social-worker")];
        let head = SectionAccess::of(secrecy(), &Role::Head, false);
        let v = child_view(&child(), &head, &Role::Head);
        assert!(v.found_place.is_none() && v.police_report_no.is_none() && v.found_by.is_none());
        assert!(v.discharge_reason.is_none() && v.intake_category.is_none());
        assert_eq!(v.id_number, Some(Some("220102202001021234".into())));
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains("火车站") && !json.contains("adopted") && !json.contains("BA-1"));
        // Unlocked by an allowed role with a purpose: everything.
        let open = SectionAccess::of(secrecy(), &Role::Head, true);
        let v = child_view(&child(), &open, &Role::Head);
        assert!(v.hidden.is_empty() && v.found_place.as_deref() == Some("火车站"));
    }
    #[test]
    fn a_caregiver_sees_the_daily_care_subset_and_a_masked_id() {
        let none = SectionAccess::of(vec![], &Role::Caregiver, false);
        let v = child_view(&child(), &none, &Role::Caregiver);
        assert_eq!(v.id_number, Some(Some("**************1234".into())));
        assert!(v.id_number_masked && v.found_place.is_none() && v.hukou_place.is_none());
        assert_eq!(v.health_at_intake.as_deref(), Some("良好"));
        assert!(!v.shows("found_by") && v.shows("health_at_intake") && v.shows("legal_name"));
        assert_eq!(mask_id_number("123"), "***");
    }
    #[test]
    fn every_history_field_has_a_section_or_is_identity() {
        for (f, _) in crate::archive::ChildFields::default().pairs() {
            let identity = [
                "legal_name",
                "name_provisional",
                "sex",
                "birth_date",
                "birth_date_estimated",
            ];
            assert!(identity.contains(&f) || field_section(f).is_some(), "{f}");
        }
    }
}
