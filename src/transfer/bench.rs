//! `fuyu bench-transfer`: completing a large batch and printing its handover list; and the transfer
//! batches `fuyu bench-data --transfer-batches N` adds so the transfer list is measured with many
//! batches (issue 11 deliverable 3).

use crate::db::schema::institutions;
use crate::platform::AppState;
use chrono::Duration;
use diesel::prelude::*;

/// The transfer figures: a batch of `n` children with `items` checklist items each, all received, then
/// every child's completion (each its own transaction) timed in total, and the batch PDF.
pub fn transfer(state: &AppState, n: usize, items: usize) -> Result<String, String> {
    use crate::db::schema::{transfer_children as tc, transfer_items as ti};
    use crate::transfer::{rules::BatchAction, service};
    let mut c = state.pool.get().map_err(|e| e.to_string())?;
    let conn = &mut *c;
    let na: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(conn)
        .map_err(|e| format!("run seed-demo first: {e}"))?;
    // Fresh children at the county institution for the batch (the archive seeds them).
    let now = state.clock.now();
    let today = state.clock.today();
    let kids = crate::archive::bench::plain_children(conn, na, n, today, now)?;
    let officer = crate::auth::model::by_username(conn, "transfer.na")
        .map_err(|e| e.to_string())?
        .ok_or("no transfer.na")?;
    let head = crate::auth::model::by_username(conn, "head.cc")
        .map_err(|e| e.to_string())?
        .ok_or("no head.cc")?;
    let (ao, ah) = (
        crate::audit::Actor::system("bench"),
        crate::audit::Actor::system("bench"),
    );
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let op_o = crate::platform::Op {
        tr,
        user: &officer,
        actor: &ao,
        today,
        now,
    };
    let op_h = crate::platform::Op {
        tr,
        user: &head,
        actor: &ah,
        today,
        now,
    };
    let batch = service::create(conn, &op_o, None, "", today + Duration::days(30))
        .map_err(|e| e.to_string())?;
    let t_add = std::time::Instant::now();
    for k in &kids {
        let tcid = service::add_child(conn, &op_o, batch, *k).map_err(|e| e.to_string())?;
        let have: i64 = ti::table
            .filter(ti::transfer_child_id.eq(tcid))
            .count()
            .get_result(conn)
            .map_err(|e| e.to_string())?;
        for extra in have as usize..items {
            diesel::insert_into(ti::table)
                .values((
                    ti::transfer_child_id.eq(tcid),
                    ti::code.eq("other"),
                    ti::label.eq(format!("物品{extra}")),
                    ti::mandatory.eq(true),
                    ti::state.eq(super::rules::ItemState::Pending),
                    ti::sender_note.eq(""),
                    ti::quantity.eq(""),
                    ti::receiver_note.eq(""),
                    ti::updated_at.eq(now),
                    ti::version.eq(1),
                ))
                .execute(conn)
                .map_err(|e| e.to_string())?;
        }
    }
    let add_s = t_add.elapsed().as_secs_f64();
    let v: i32 = crate::db::schema::transfer_batches::table
        .find(batch)
        .select(crate::db::schema::transfer_batches::version)
        .first(conn)
        .map_err(|e| e.to_string())?;
    service::act(conn, &op_o, batch, BatchAction::Submit, "", v).map_err(|e| e.to_string())?;
    service::act(conn, &op_h, batch, BatchAction::Accept, "", v + 1).map_err(|e| e.to_string())?;
    // Every item received and every plan filled in directly: the figure is for completion itself.
    let records: Vec<i64> = tc::table
        .filter(tc::batch_id.eq(batch))
        .select(tc::id)
        .load(conn)
        .map_err(|e| e.to_string())?;
    diesel::update(ti::table.filter(ti::transfer_child_id.eq_any(&records)))
        .set(ti::state.eq(super::rules::ItemState::Received))
        .execute(conn)
        .map_err(|e| e.to_string())?;
    diesel::update(tc::table.filter(tc::batch_id.eq(batch)))
        .set((
            tc::hukou_moved.eq(Some(true)),
            tc::hukou_new_place.eq("长春市"),
            tc::child_opinion.eq("同意"),
            // Completion needs the allowance month (issue 10 point 19): this month.
            tc::allowance_from_month.eq(op_h.today.format("%Y-%m").to_string()),
        ))
        .execute(conn)
        .map_err(|e| e.to_string())?;
    let total_items: i64 = ti::table
        .filter(ti::transfer_child_id.eq_any(&records))
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    let t0 = std::time::Instant::now();
    for r in &records {
        service::complete_child(conn, &op_h, batch, *r, None).map_err(|e| e.to_string())?;
    }
    let complete_s = t0.elapsed().as_secs_f64();
    let b = service::load(conn, &op_h, batch).map_err(|e| e.to_string())?;
    let t1 = std::time::Instant::now();
    let doc = crate::transfer::pdf::build(conn, tr, &b, None).map_err(|e| e.to_string())?;
    let pdf = crate::pdf::render(&doc)?;
    let pdf_s = t1.elapsed().as_secs_f64();
    Ok(format!(
        "batch #{batch}: {} children, {total_items} items (set-up {add_s:.1} s), state {}\n\n| measurement | seconds | target |\n|---|---|---|\n| complete all {} children (one transaction each) | {complete_s:.2} | < 5 |\n| batch handover PDF ({} bytes) | {pdf_s:.2} | < 2 |",
        records.len(),
        b.state,
        records.len(),
        pdf.len()
    ))
}

/// `n` submitted batches from 农安县儿童福利院 to 长春市儿童福利院, one fresh child each, through the real
/// service: the transfer list of either side then holds `n` batches.
pub fn batches(state: &AppState, n: usize) -> Result<String, String> {
    use crate::transfer::{rules::BatchAction, service};
    let mut c = state.pool.get().map_err(|e| e.to_string())?;
    let conn = &mut *c;
    let na: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(conn)
        .map_err(|e| format!("run seed-demo first: {e}"))?;
    let now = state.clock.now();
    let today = state.clock.today();
    let kids = crate::archive::bench::plain_children(conn, na, n, today, now)?;
    let officer = crate::auth::model::by_username(conn, "transfer.na")
        .map_err(|e| e.to_string())?
        .ok_or("no transfer.na")?;
    let actor = crate::audit::Actor::system("bench");
    let op = crate::platform::Op {
        tr: crate::platform::catalogue(crate::platform::Lang::Zh),
        user: &officer,
        actor: &actor,
        today,
        now,
    };
    for k in &kids {
        let batch = service::create(conn, &op, None, "", today + Duration::days(30))
            .map_err(|e| e.to_string())?;
        service::add_child(conn, &op, batch, *k).map_err(|e| e.to_string())?;
        let v: i32 = crate::db::schema::transfer_batches::table
            .find(batch)
            .select(crate::db::schema::transfer_batches::version)
            .first(conn)
            .map_err(|e| e.to_string())?;
        service::act(conn, &op, batch, BatchAction::Submit, "", v).map_err(|e| e.to_string())?;
    }
    Ok(format!("{} submitted transfer batches", kids.len()))
}
