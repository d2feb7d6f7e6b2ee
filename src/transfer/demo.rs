//! Demo transfers: one completed (农安 → 长春), one in progress with a discrepancy (榆树 → 长春); the
//! other county children are still waiting, so the oversight page has something to show.

use super::rules::{BatchAction, ItemAction};
use super::service::{self, ItemInput, Plan};
use crate::audit::Actor;
use crate::db::schema::{institutions, transfer_batches as tb, transfer_items as ti};
use crate::db::DbConn;
use crate::platform::Op;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

struct Person {
    user: crate::auth::model::User,
    actor: Actor,
}

fn person(conn: &mut DbConn, name: &str) -> Result<Person, String> {
    let user = crate::auth::model::by_username(conn, name)
        .map_err(|e| e.to_string())?
        .ok_or(format!("no demo user {name}"))?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "demo".into(),
    };
    Ok(Person { user, actor })
}

fn err(e: crate::error::AppError) -> String {
    e.to_string()
}

pub fn seed(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime) -> Result<(), String> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let (officer, head_cc, head_ys) = (
        person(conn, "transfer.na")?,
        person(conn, "head.cc")?,
        person(conn, "head.ys")?,
    );
    fn at<'a>(
        p: &'a Person,
        tr: &'static crate::platform::Catalogue,
        today: NaiveDate,
        now: NaiveDateTime,
    ) -> Op<'a> {
        Op {
            tr,
            user: &p.user,
            actor: &p.actor,
            today,
            now,
        }
    }
    let op = |p| at(p, tr, today, now);
    let version = |c: &mut DbConn, b: super::model::BatchId| -> Result<i32, String> {
        tb::table
            .find(b)
            .select(tb::version)
            .first(c)
            .map_err(|e| e.to_string())
    };
    let kids =
        |c: &mut DbConn, code: &str, n: i64| -> Result<Vec<crate::archive::ChildId>, String> {
            let inst: crate::org::InstitutionId = institutions::table
                .filter(institutions::code.eq(code))
                .select(institutions::id)
                .first(c)
                .map_err(|e| e.to_string())?;
            let mut ids: Vec<crate::archive::ChildId> =
                crate::archive::active_children(c, &[inst], i64::MAX)
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|k| k.id)
                    .collect();
            ids.sort_unstable();
            ids.truncate(n as usize);
            Ok(ids)
        };
    let items = |c: &mut DbConn, tcid: i64| -> Result<Vec<(i64, i32)>, String> {
        ti::table
            .filter(ti::transfer_child_id.eq(tcid))
            .order(ti::id.asc())
            .select((ti::id, ti::version))
            .load(c)
            .map_err(|e| e.to_string())
    };
    let month = (today + Duration::days(40)).format("%Y-%m").to_string();
    let plan = Plan {
        adaptation_plan: "移交前由原护理员陪同探访两次，带上常用玩具和被褥",
        special_needs: "",
        sibling_note: "无兄弟姐妹在院",
        child_opinion: "愿意到长春生活",
        hukou_moved: true,
        hukou_new_place: "长春市二道区",
        hukou_keep_reason: "",
        new_school: "长春市二道区实验小学",
        allowance_from_month: &month,
    };
    // 1. Completed: 农安 → 长春, one child with property in custody.
    let a =
        service::create(conn, &op(&officer), None, "", today + Duration::days(3)).map_err(err)?;
    let child = kids(conn, "NA-CWI", 1)?
        .first()
        .copied()
        .ok_or("no 农安 child")?;
    let na: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(conn)
        .map_err(|e| e.to_string())?;
    crate::archive::custody_ledger::deposit(
        conn,
        &crate::archive::Deposit {
            child_id: child,
            institution_id: na,
            description: "孤儿基本生活费结余",
            account: "农村信用社 ****1234",
            amount_fen: 356_000,
            recorded_by: None,
            at: now,
        },
    )
    .map_err(|e| e.to_string())?;
    let tca = service::add_child(conn, &op(&officer), a, child).map_err(err)?;
    let v = version(conn, a)?;
    service::act(conn, &op(&officer), a, BatchAction::Submit, "", v).map_err(err)?;
    let v = version(conn, a)?;
    service::act(conn, &op(&head_cc), a, BatchAction::Accept, "", v).map_err(err)?;
    service::save_plan(conn, &op(&officer), a, tca, &plan).map_err(err)?;
    for (id, v) in items(conn, tca)? {
        service::item_act(
            conn,
            &op(&officer),
            a,
            id,
            ItemAction::HandOver,
            &ItemInput {
                note: "已清点移交",
                quantity: "",
                amount: "",
                version: v,
            },
        )
        .map_err(err)?;
    }
    for (id, v) in items(conn, tca)? {
        service::item_act(
            conn,
            &op(&head_cc),
            a,
            id,
            ItemAction::Receive,
            &ItemInput {
                note: "",
                quantity: "",
                amount: "",
                version: v,
            },
        )
        .map_err(err)?;
    }
    service::complete_child(conn, &op(&head_cc), a, tca, None).map_err(err)?;
    // 2. In progress with a discrepancy: 榆树 → 长春, two children.
    let b =
        service::create(conn, &op(&head_ys), None, "", today + Duration::days(10)).map_err(err)?;
    let ys = kids(conn, "YS-CWI", 2)?;
    let mut first = None;
    for k in &ys {
        let t = service::add_child(conn, &op(&head_ys), b, *k).map_err(err)?;
        first.get_or_insert(t);
    }
    let v = version(conn, b)?;
    service::act(conn, &op(&head_ys), b, BatchAction::Submit, "", v).map_err(err)?;
    let v = version(conn, b)?;
    service::act(conn, &op(&head_cc), b, BatchAction::Accept, "", v).map_err(err)?;
    let tcb = first.ok_or("no 榆树 child")?;
    for (id, v) in items(conn, tcb)?.into_iter().take(6) {
        service::item_act(
            conn,
            &op(&head_ys),
            b,
            id,
            ItemAction::HandOver,
            &ItemInput {
                note: "已移交",
                quantity: "",
                amount: "",
                version: v,
            },
        )
        .map_err(err)?;
    }
    let handed: Vec<(i64, i32)> = ti::table
        .filter(ti::transfer_child_id.eq(tcb))
        .filter(ti::state.eq(super::rules::ItemState::HandedOver))
        .order(ti::id.asc())
        .select((ti::id, ti::version))
        .load(conn)
        .map_err(|e| e.to_string())?;
    for (n, (id, v)) in handed.into_iter().enumerate() {
        let (action, note) = if n == 1 {
            (
                ItemAction::RecordDiscrepancy,
                "户口簿本人页缺失，仅有复印件",
            )
        } else {
            (ItemAction::Receive, "")
        };
        service::item_act(
            conn,
            &op(&head_cc),
            b,
            id,
            action,
            &ItemInput {
                note,
                quantity: "",
                amount: "",
                version: v,
            },
        )
        .map_err(err)?;
    }
    Ok(())
}

/// The registration's demo hook.
pub fn seed_module(conn: &mut DbConn, env: &crate::platform::DemoEnv<'_>) -> Result<(), String> {
    seed(conn, env.today, env.now)
}
