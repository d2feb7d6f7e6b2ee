//! Demo children: a few hundred across the demo institutions, with documents in several sections, some
//! missing items, some discharged archives and one under adoption secrecy. Deterministic.

use super::model::{self, ChildFields, NewDocument};
use super::rules::{self, CaseType, IntakeCategory};
use crate::archive::ChildId;
use crate::db::schema::{child_restrictions, children, institutions, users};
use crate::db::DbConn;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "曹",
];
const GIVEN: &[&str] = &[
    "小明", "晓红", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "思远", "雨桐", "佳怡", "博文",
    "一诺", "天佑", "安琪", "嘉豪", "明轩", "诗涵", "志强", "春燕", "福生", "新民", "国庆", "冬梅",
    "长青", "松涛", "雪莲", "向阳", "晨曦", "乐乐",
];
const PLACES: &[&str] = &[
    "火车站候车室",
    "医院门口",
    "公园长椅",
    "派出所门前",
    "商场入口",
    "社区服务中心",
];

/// A tiny deterministic generator (no external randomness: the demo is the same every time).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() as usize) % v.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A valid 1×1 PNG, used as the demo photo.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The demo children's photo: a grey silhouette, 96×96 (what the lists and screenshots show).
pub const DEMO_PHOTO: &[u8] = include_bytes!("demo_photo.png");

/// Store bytes by SHA-256 under the uploads folder; returns (sha, mime, size).
pub fn store(uploads: &std::path::Path, bytes: &[u8]) -> std::io::Result<(String, String, i64)> {
    let sha = super::store::put(uploads, bytes)?;
    let mime = super::service::sniff(bytes)
        .unwrap_or("application/pdf")
        .to_string();
    Ok((sha, mime, bytes.len() as i64))
}

/// (institution code, number of children)
const PER_INSTITUTION: &[(&str, usize)] = &[
    ("CC-CWI", 120),
    ("JL-CWI", 90),
    ("NA-CWI", 22),
    ("YS-CWI", 16),
    ("YJ-CWI", 18),
    ("JH-CWI", 14),
    ("PS-CWI", 20),
];

pub fn seed(
    conn: &mut DbConn,
    uploads: &std::path::Path,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, String> {
    let sample_pdf = crate::pdf::render(&{
        let mut d = crate::pdf::Document::new("演示材料");
        d.push(crate::pdf::Block::Paragraph(
            "本文件为抚育系统演示数据，不含真实个人信息。".into(),
        ));
        d
    })?;
    let pdf = store(uploads, &sample_pdf).map_err(|e| e.to_string())?;
    let png = store(uploads, DEMO_PHOTO).map_err(|e| e.to_string())?;
    let revised = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or(today);
    let mut rng = Lcg(20261123);
    let mut n = 0;
    crate::db::write_tx(conn, |c| -> QueryResult<()> {
        for (code, count) in PER_INSTITUTION {
            let Some((inst_id, div_code, div_name)) = institutions::table
                .inner_join(crate::db::schema::divisions::table)
                .filter(institutions::code.eq(code))
                .select((
                    institutions::id,
                    crate::db::schema::divisions::code,
                    crate::db::schema::divisions::name,
                ))
                .first::<(crate::org::InstitutionId, String, String)>(c)
                .optional()?
            else {
                continue;
            };
            let staff: Vec<(crate::auth::UserId, String)> = users::table
                .filter(users::institution_id.eq(inst_id))
                .select((users::id, users::role))
                .load(c)?;
            let Some(admitter) = staff
                .iter()
                .find(|(_, r)| r == "social-worker" || r == "head")
                .map(|(i, _)| *i)
            else {
                continue;
            };
            let social = staff
                .iter()
                .find(|(_, r)| r == "social-worker")
                .map(|(i, _)| *i);
            for i in 0..*count {
                let sex = if rng.below(2) == 0 {
                    rules::Sex::Male
                } else {
                    rules::Sex::Female
                };
                let age_days = rng.below(17 * 365 + 300) as i64 + 20;
                let birth = today - Duration::days(age_days);
                let intake = (birth + Duration::days(rng.below(age_days.min(2000) as u64) as i64))
                    .min(today);
                let case = *rng.pick(&[
                    CaseType::Abandoned,
                    CaseType::Abandoned,
                    CaseType::Abandoned,
                    CaseType::ParentsDead,
                    CaseType::ParentsDead,
                    CaseType::ParentsIncapable,
                    CaseType::CourtAppointed,
                    CaseType::TraffickingRescued,
                    CaseType::Other,
                ]);
                let cat = rules::categories_on(intake, revised)
                    .into_iter()
                    .find(|k| k.archive_class() == case.archive_class())
                    .unwrap_or(IntakeCategory::Y2018OtherLegal);
                let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
                let (py, ini) = super::names::pinyin_forms(&name);
                let registered = rng.below(10) < 6;
                let id_number = registered.then(|| {
                    let region = format!("{div_code:0<6}");
                    let seq = format!(
                        "{:02}{}",
                        rng.below(100),
                        if sex == rules::Sex::Male {
                            1 + 2 * rng.below(5)
                        } else {
                            2 * rng.below(5)
                        }
                    );
                    let first = format!("{}{}{}", &region[..6], birth.format("%Y%m%d"), seq);
                    format!("{first}{}", rules::id_check_char(&first).unwrap_or('0'))
                });
                let disabled = rng.below(10) < 4;
                let fields = ChildFields {
                    legal_name: name.clone(),
                    name_provisional: case == CaseType::Abandoned && rng.below(3) == 0,
                    former_names: String::new(),
                    name_pinyin: py,
                    name_initials: ini,
                    sex: sex.code().into(),
                    birth_date: birth,
                    birth_date_estimated: case == CaseType::Abandoned && !registered,
                    found_place: if case.archive_class() == 'A' {
                        format!("{div_name}{}", rng.pick(PLACES))
                    } else {
                        String::new()
                    },
                    found_date: (case.archive_class() == 'A')
                        .then_some(intake - Duration::days(rng.below(40) as i64))
                        .map(|d| d.max(birth)),
                    found_by: if case.archive_class() == 'A' {
                        "派出所民警".into()
                    } else {
                        String::new()
                    },
                    police_report_no: if case.archive_class() == 'A' && rng.below(4) != 0 {
                        format!("捡字〔{}〕{}号", intake.year(), 100 + i)
                    } else {
                        String::new()
                    },
                    ethnicity: if rng.below(12) == 0 {
                        "朝鲜族".into()
                    } else {
                        "汉族".into()
                    },
                    hukou_status: if registered {
                        "registered".into()
                    } else {
                        "pending".into()
                    },
                    hukou_place: if registered {
                        "吉林省".into()
                    } else {
                        String::new()
                    },
                    id_number,
                    disability_type: if disabled {
                        rng.pick(&["智力残疾", "肢体残疾", "听力残疾", "视力残疾", "多重残疾"])
                            .to_string()
                    } else {
                        String::new()
                    },
                    disability_grade: disabled.then(|| 1 + rng.below(4) as i32),
                    disability_cert_no: if disabled && rng.below(3) != 0 {
                        format!("2201{:06}", rng.below(999_999))
                    } else {
                        String::new()
                    },
                    health_at_intake: if disabled {
                        "需康复训练".into()
                    } else {
                        "良好".into()
                    },
                    guardian_department: format!("{div_name}民政局"),
                    welfare_categories: if case.archive_class() == 'B' {
                        "orphan".into()
                    } else {
                        "de-facto-unsupported".into()
                    },
                    allowance_category: if case.archive_class() == 'B' {
                        "orphan-institution".into()
                    } else {
                        "de-facto-unsupported".into()
                    },
                    ..ChildFields::default()
                };
                let id = super::service::insert_admission(
                    c,
                    &super::service::Admission {
                        institution: (inst_id, code),
                        category: cat,
                        case,
                        intake_date: intake,
                        admitted_by: admitter,
                        responsible: social,
                        now,
                    },
                    &fields,
                )?;
                // Most required documents are on file; some are missing, so the quality page has work.
                for doc in case.required_documents() {
                    if rng.below(10) < 8 {
                        doc_row(c, id, "intake", doc, &pdf, intake, admitter, now)?;
                    }
                }
                if rng.below(10) < 7 {
                    let photo = doc_row(c, id, "basic", "photo", &png, intake, admitter, now)?;
                    diesel::update(children::table.find(id))
                        .set(children::photo_document_id.eq(Some(photo)))
                        .execute(c)?;
                }
                for (section, title) in [
                    ("medical", "年度体检报告"),
                    ("education", "学期成绩单"),
                    ("rehab", "康复评估报告"),
                    ("care", "成长记录"),
                ] {
                    if rng.below(10) < 5 {
                        doc_row_titled(
                            c,
                            id,
                            section,
                            title,
                            &pdf,
                            today
                                - Duration::days(rng.below(300) as i64)
                                    .min(Duration::days((today - intake).num_days())),
                            admitter,
                            now,
                        )?;
                    }
                }
                // A few archives closed after discharge; one kept secret after adoption.
                if i % 25 == 7 {
                    let d = today - Duration::days(rng.below(200) as i64);
                    let d = d.max(intake);
                    diesel::update(children::table.find(id))
                        .set((
                            children::status.eq(model::ChildStatus::Discharged),
                            children::discharge_date.eq(Some(d)),
                            children::discharge_reason.eq(Some("adopted")),
                        ))
                        .execute(c)?;
                    model::add_entry(
                        c,
                        &super::interface::NewEntry {
                            child_id: id,
                            section: "discharge",
                            date: d,
                            kind: "discharge",
                            summary: "adopted",
                            module: "archive",
                            reference: None,
                        },
                        Some(admitter),
                        now,
                    )?;
                    if i % 50 == 7 {
                        diesel::insert_into(child_restrictions::table)
                            .values((
                                child_restrictions::child_id.eq(id),
                                child_restrictions::kind_code.eq("adoption-secrecy"),
                                child_restrictions::reason.eq("收养关系成立，依法保密"),
                                child_restrictions::set_by.eq(admitter),
                                child_restrictions::set_at.eq(now),
                            ))
                            .execute(c)?;
                    }
                }
                n += 1;
            }
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(n)
}

#[allow(clippy::too_many_arguments)]
fn doc_row(
    c: &mut DbConn,
    child: ChildId,
    section: &str,
    doc_type: &str,
    file: &(String, String, i64),
    date: NaiveDate,
    by: crate::auth::UserId,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let title = crate::platform::catalogue(crate::platform::Lang::Zh)
        .t(&format!("doc.{doc_type}"))
        .to_string();
    insert_doc(c, child, section, doc_type, &title, file, date, by, now)
}

#[allow(clippy::too_many_arguments)]
fn doc_row_titled(
    c: &mut DbConn,
    child: ChildId,
    section: &str,
    title: &str,
    file: &(String, String, i64),
    date: NaiveDate,
    by: crate::auth::UserId,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    insert_doc(c, child, section, "other", title, file, date, by, now)
}

#[allow(clippy::too_many_arguments)]
fn insert_doc(
    c: &mut DbConn,
    child: ChildId,
    section: &str,
    doc_type: &str,
    title: &str,
    file: &(String, String, i64),
    date: NaiveDate,
    by: crate::auth::UserId,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    model::insert_document(
        c,
        &NewDocument {
            child_id: child,
            section: section.into(),
            doc_type: doc_type.into(),
            title: title.into(),
            doc_date: Some(date),
            issuing_body: "演示机构".into(),
            sha256: file.0.clone(),
            mime: file.1.clone(),
            size_bytes: file.2,
            original_name: format!(
                "{doc_type}.{}",
                if file.1 == "image/png" { "png" } else { "pdf" }
            ),
            uploaded_by: by,
            uploaded_at: now,
        },
    )
}

/// The registration's demo hook.
pub fn seed_module(conn: &mut DbConn, env: &crate::platform::DemoEnv<'_>) -> Result<(), String> {
    seed(conn, env.uploads, env.today, env.now).map(|_| ())
}
