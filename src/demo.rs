//! The demo data set: Jilin province (吉林省), two cities, five counties, their child-welfare
//! institutions, a protection centre, civil-affairs bureaus, and one account per role.

use crate::audit::{self, Actor, Event};
use crate::auth::users_admin::{create_account, NewAccount};
use crate::db::schema::{institutions, users};
use crate::db::DbConn;
use crate::org::model::{self as org, InstitutionFields};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub const DEMO_PASSWORD: &str = "Fuyu-demo-2026";

/// (code, name, English name, level, parent code)
const DIVISIONS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    ("22", "吉林省", "Jilin Province", "province", None),
    ("2201", "长春市", "Changchun", "city", Some("22")),
    ("2202", "吉林市", "Jilin City", "city", Some("22")),
    ("220122", "农安县", "Nong'an County", "county", Some("2201")),
    ("220182", "榆树市", "Yushu", "county", Some("2201")),
    ("220221", "永吉县", "Yongji County", "county", Some("2202")),
    ("220281", "蛟河市", "Jiaohe", "county", Some("2202")),
    ("220284", "磐石市", "Panshi", "county", Some("2202")),
];

/// (code, kind, name, division, address, e-mail, beds)
const INSTITUTIONS: &[(&str, &str, &str, &str, &str, &str, i32)] = &[
    (
        "JL-MZT",
        "civil-affairs",
        "吉林省民政厅",
        "22",
        "长春市南关区人民大街",
        "mzt@jl.fuyu.invalid",
        0,
    ),
    (
        "CC-CWI",
        "city-welfare",
        "长春市儿童福利院",
        "2201",
        "长春市二道区",
        "cwi@cc.fuyu.invalid",
        400,
    ),
    (
        "CC-PC",
        "protection-centre",
        "长春市未成年人救助保护中心",
        "2201",
        "长春市宽城区",
        "pc@cc.fuyu.invalid",
        60,
    ),
    (
        "CC-MZJ",
        "civil-affairs",
        "长春市民政局",
        "2201",
        "长春市朝阳区",
        "mzj@cc.fuyu.invalid",
        0,
    ),
    (
        "NA-CWI",
        "county-welfare",
        "农安县儿童福利院",
        "220122",
        "农安县农安镇",
        "cwi@na.fuyu.invalid",
        40,
    ),
    (
        "YS-CWI",
        "county-welfare",
        "榆树市儿童福利院",
        "220182",
        "榆树市华昌街道",
        "",
        30,
    ),
    (
        "JL-CWI",
        "city-welfare",
        "吉林市儿童福利院",
        "2202",
        "吉林市船营区",
        "cwi@jl.fuyu.invalid",
        300,
    ),
    (
        "JL-MZJ",
        "civil-affairs",
        "吉林市民政局",
        "2202",
        "吉林市丰满区",
        "mzj@jlc.fuyu.invalid",
        0,
    ),
    (
        "YJ-CWI",
        "county-welfare",
        "永吉县儿童福利院",
        "220221",
        "永吉县口前镇",
        "cwi@yj.fuyu.invalid",
        30,
    ),
    (
        "JH-CWI",
        "county-welfare",
        "蛟河市儿童福利院",
        "220281",
        "蛟河市民主街道",
        "cwi@jh.fuyu.invalid",
        25,
    ),
    (
        "PS-CWI",
        "county-welfare",
        "磐石市儿童福利院",
        "220284",
        "磐石市东宁街道",
        "cwi@ps.fuyu.invalid",
        35,
    ),
];

/// (username, display name, role, institution, division)
pub const ACCOUNTS: &[(&str, &str, &str, &str, &str)] = &[
    ("admin", "系统管理员", "admin", "", ""),
    ("head.cc", "王院长", "head", "CC-CWI", ""),
    ("caregiver.cc", "李护理员", "caregiver", "CC-CWI", ""),
    ("social.cc", "陈社工", "social-worker", "CC-CWI", ""),
    ("medical.cc", "赵医生", "medical", "CC-CWI", ""),
    (
        "transfer.na",
        "刘移交专员",
        "transfer-officer",
        "NA-CWI",
        "",
    ),
    ("head.na", "孙院长", "head", "NA-CWI", ""),
    ("head.ys", "周院长", "head", "YS-CWI", ""),
    ("registrar.cc", "吴登记员", "registrar", "CC-MZJ", ""),
    ("head.jl", "郑院长", "head", "JL-CWI", ""),
    ("supervisor.cc", "黄科长", "supervisor", "", "2201"),
    ("supervisor.jl", "林处长", "supervisor", "", "22"),
];

/// Empty means no institution and no user yet.
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let i: i64 = institutions::table.count().get_result(conn)?;
    let u: i64 = users::table.count().get_result(conn)?;
    Ok(i == 0 && u == 0)
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database error: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("{0}")]
    Other(String),
}

impl From<crate::error::AppError> for SeedError {
    fn from(e: crate::error::AppError) -> Self {
        SeedError::Other(e.to_string())
    }
}

pub fn seed(
    conn: &mut DbConn,
    uploads: &std::path::Path,
    now: NaiveDateTime,
) -> Result<(), SeedError> {
    let hash = crate::auth::password::hash(DEMO_PASSWORD).map_err(SeedError::Other)?;
    let actor = Actor::system("demo-seed");
    let tr = crate::platform::catalogue(crate::platform::Lang::En);
    crate::db::write_tx(conn, |c| -> Result<(), SeedError> {
        for (code, name, en, level, parent) in DIVISIONS {
            let parent_id = match parent {
                Some(p) => org::division_by_code(c, p)?.map(|d| d.id),
                None => None,
            };
            org::insert_division(c, code, name, en, level, parent_id)?;
        }
        for (code, kind, name, div, addr, email, beds) in INSTITUTIONS {
            let d = org::division_by_code(c, div)?
                .ok_or_else(|| SeedError::Other(format!("no division {div}")))?;
            let f = InstitutionFields {
                code: code.to_string(),
                kind: kind.to_string(),
                name: name.to_string(),
                division_id: d.id,
                address: addr.to_string(),
                contact_email: email.to_string(),
                bed_capacity: *beds,
            };
            org::insert(c, &f, now)?;
        }
        audit::record(c, now, &actor, &Event::ok("seed_demo", "database", "-"))?;
        Ok(())
    })?;
    for (username, display, role, inst, div) in ACCOUNTS {
        let a = NewAccount {
            username: username.to_string(),
            display_name: display.to_string(),
            email: format!("{username}@fuyu.invalid"),
            role: role.to_string(),
            institution: inst.to_string(),
            division: div.to_string(),
            password: DEMO_PASSWORD.to_string(),
            language: "zh-CN".into(),
        };
        if let Err(e) = create_account(conn, tr, &a, &hash, now, &actor)? {
            return Err(SeedError::Other(format!(
                "demo account {username}: {:?}",
                e.fields()
            )));
        }
    }
    let today = (now + chrono::Duration::hours(8)).date();
    let env = crate::platform::DemoEnv {
        uploads,
        today,
        now,
    };
    for m in crate::modules::ALL {
        if let Some(setup) = m.setup {
            setup(conn, now)?;
        }
    }
    for m in crate::modules::ALL {
        if let Some(demo) = m.demo {
            demo(conn, &env).map_err(SeedError::Other)?;
        }
    }
    crate::jobs::run(conn, today, now)?;
    Ok(())
}

pub fn print_accounts() {
    println!("\n演示账户 Demo accounts (password 密码: {DEMO_PASSWORD})");
    for (u, d, r, i, dv) in ACCOUNTS {
        let home = if !i.is_empty() {
            *i
        } else if !dv.is_empty() {
            *dv
        } else {
            "-"
        };
        println!("  {u:<15} {r:<17} {home:<8} {d}");
    }
}
