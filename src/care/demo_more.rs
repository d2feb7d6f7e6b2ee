//! Demo data of the second part (issue 14 point 10), through the services: school placements for the
//! children of CC-CWI of school age except two (the 控辍保学 list has two children), a kindergarten
//! for the younger ones from three, a term result; rehabilitation sessions against a monthly target
//! and an assistive device due for a check for the first child; a case note and the child's own
//! wishes for the first and third.

use super::rules::education::{self, SchoolAge};
use super::service::rehab::MoreInput;
use super::service::{rehab, school, social};
use crate::archive::ChildId;
use crate::db::DbConn;
use crate::platform::Op;
use chrono::{Datelike, Duration, NaiveDate};

fn fail(e: super::service::Failure) -> String {
    format!("{e:?}")
}

/// The ops of the social worker and the medical staff on a day (`days_ago` before the demo's today).
pub type OpAt<'a> = dyn Fn(&str, i64) -> Op<'a> + 'a;

/// Seed the records of the children (in archive order) of one institution.
pub fn seed(
    c: &mut DbConn,
    op_at: &OpAt<'_>,
    today: NaiveDate,
    kids: &[ChildId],
) -> Result<(), String> {
    let band = SchoolAge {
        from: crate::policy::int(c, crate::policy::keys::CARE_SCHOOL_AGE_FROM, None, today)
            .map_err(|e| e.to_string())?
            .clamp(0, 120) as i32,
        until: crate::policy::int(c, crate::policy::keys::CARE_SCHOOL_AGE_UNTIL, None, today)
            .map_err(|e| e.to_string())?
            .clamp(0, 120) as i32,
    };
    let year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let term_start = NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(today);
    let mut school_age_seen = 0;
    for (i, &child) in kids.iter().enumerate() {
        let k = crate::archive::load_for_law(c, child, crate::archive::LawfulAccess::DailyPass)
            .map_err(|e| e.to_string())?;
        let age = crate::clock::age_on(k.birth_date, today);
        let start = term_start.max(k.intake_date).min(today);
        let days = (today - start).num_days();
        if education::is_school_age(k.birth_date, today, band) {
            school_age_seen += 1;
            // The first two school-age children stay out of school: the head's 控辍保学 list.
            if school_age_seen > 2 {
                let special = !k.disability_type.is_empty();
                let f = MoreInput {
                    kind: if special { "special" } else { "regular" }.into(),
                    school: if special {
                        "长春市朝阳区特殊教育学校"
                    } else {
                        "长春市朝阳区实验小学"
                    }
                    .into(),
                    grade: format!("{}年级", (age - band.from + 1).clamp(1, 9)),
                    xueji_no: format!("G22010{:06}", 100 + i),
                    date: start.to_string(),
                    ..Default::default()
                };
                school::placement(c, &op_at("social", days), child, &f).map_err(fail)?;
                let f = MoreInput {
                    kind: "term".into(),
                    label: format!("{}–{}学年第二学期", year - 1, year),
                    text: "语文良好，数学合格，体育优秀。".into(),
                    date: NaiveDate::from_ymd_opt(year, 7, 10)
                        .unwrap_or(today)
                        .max(k.intake_date)
                        .min(today)
                        .to_string(),
                    ..Default::default()
                };
                school::school_record(c, &op_at("social", 0), child, &f).map_err(fail)?;
            }
        } else if age >= 3 && age < band.from {
            let f = MoreInput {
                kind: "kindergarten".into(),
                school: "朝阳区儿童福利院附属幼儿园".into(),
                grade: "中班".into(),
                date: start.to_string(),
                ..Default::default()
            };
            school::placement(c, &op_at("social", days), child, &f).map_err(fail)?;
        }
        if i == 0 {
            let from = today - Duration::days(60);
            let f = MoreInput {
                minutes: "480".into(),
                date: from.to_string(),
                ..Default::default()
            };
            rehab::target(c, &op_at("medical", 60), child, &f).map_err(fail)?;
            for d in [40i64, 33, 26, 12, 5] {
                let f = MoreInput {
                    date: (today - Duration::days(d)).to_string(),
                    therapist: "康复师 赵强".into(),
                    minutes: "40".into(),
                    activity: "平衡训练与步行".into(),
                    progress: "能扶栏行走10米".into(),
                    ..Default::default()
                };
                rehab::session(c, &op_at("medical", d), child, &f).map_err(fail)?;
            }
            let f = MoreInput {
                device: "踝足矫形器".into(),
                size: "童码18".into(),
                date: (today - Duration::days(160)).to_string(),
                next_check: (today + Duration::days(20)).to_string(),
                ..Default::default()
            };
            rehab::device(c, &op_at("medical", 160), child, &f).map_err(fail)?;
        }
        if i == 0 || i == 2 {
            let f = MoreInput {
                kind: "case_note".into(),
                date: (today - Duration::days(14)).to_string(),
                text: "入院适应良好，与同伴互动增多。".into(),
                follow_up: "下月评估同伴关系。".into(),
                ..Default::default()
            };
            social::record(c, &op_at("social", 14), child, &f).map_err(fail)?;
            let f = MoreInput {
                kind: "wishes".into(),
                date: (today - Duration::days(10)).to_string(),
                text: "我想要一辆自行车，还想去上学。".into(),
                ..Default::default()
            };
            social::record(c, &op_at("social", 10), child, &f).map_err(fail)?;
        }
    }
    Ok(())
}
