//! Transfers at the service layer: the whole handover, completion atomicity, races, sides and refusals.

use crate::support::*;
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::clock::Clock;
use fuyu::db::schema::{
    children, custody_property as cp, institutions, mail_outbox, transfer_batches as tb,
    transfer_items as ti,
};
use fuyu::error::AppError;
use fuyu::transfer::model::BatchId;
use fuyu::transfer::rules::{BatchAction, ItemAction};
use fuyu::transfer::service::{self, ItemInput, Plan};

fn inst(t: &TestApp, code: &str) -> fuyu::org::InstitutionId {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

fn kids_of(t: &TestApp, code: &str) -> Vec<fuyu::archive::ChildId> {
    children::table
        .filter(children::institution_id.eq(inst(t, code)))
        .filter(children::status.eq("active"))
        .order(children::id)
        .select(children::id)
        .load(&mut t.conn())
        .unwrap()
}

fn planned() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
}

fn version(t: &TestApp, batch: BatchId) -> i32 {
    tb::table
        .find(batch)
        .select(tb::version)
        .first(&mut t.conn())
        .unwrap()
}

fn items(t: &TestApp, tcid: i64) -> Vec<(i64, String, i32, bool)> {
    ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .order(ti::id)
        .select((ti::id, ti::state, ti::version, ti::mandatory))
        .load(&mut t.conn())
        .unwrap()
}

fn input(v: i32) -> ItemInput<'static> {
    ItemInput {
        note: "已清点",
        quantity: "1",
        amount: "",
        version: v,
    }
}

/// A batch from 农安 to 长春 with one child, submitted and accepted; returns (batch, transfer child, child).
fn accepted_batch(
    t: &TestApp,
    officer: &Who,
    receiver: &Who,
) -> (BatchId, i64, fuyu::archive::ChildId) {
    let mut c = t.conn();
    let b = service::create(&mut c, &op(t, officer), None, "", planned()).unwrap();
    let child = kids_of(t, "NA-CWI")[0];
    let tcid = service::add_child(&mut c, &op(t, officer), b, child).unwrap();
    service::act(
        &mut c,
        &op(t, officer),
        b,
        BatchAction::Submit,
        "",
        version(t, b),
    )
    .unwrap();
    service::act(
        &mut c,
        &op(t, receiver),
        b,
        BatchAction::Accept,
        "",
        version(t, b),
    )
    .unwrap();
    let plan = Plan {
        adaptation_plan: "移交前两次探访，由原护理员陪同",
        special_needs: "",
        sibling_note: "无兄弟姐妹",
        child_opinion: "愿意去长春",
        hukou_moved: true,
        hukou_new_place: "长春市二道区",
        hukou_keep_reason: "",
        new_school: "长春市二道区实验小学",
        allowance_from_month: "2027-01",
    };
    service::save_plan(&mut c, &op(t, officer), b, tcid, &plan).unwrap();
    (b, tcid, child)
}

fn hand_over_all(t: &TestApp, officer: &Who, b: BatchId, tcid: i64) {
    for (id, _, v, _) in items(t, tcid) {
        service::item_act(
            &mut t.conn(),
            &op(t, officer),
            b,
            id,
            ItemAction::HandOver,
            &input(v),
        )
        .unwrap();
    }
}

#[test]
fn a_whole_handover_moves_child_archive_hukou_property_and_notifies() {
    let t = TestApp::new();
    let (officer, head_cc, social_cc) = (
        who(&t, "transfer.na"),
        who(&t, "head.cc"),
        who(&t, "social.cc"),
    );
    let mut c = t.conn();
    // Refusals while building the batch.
    let b0 = service::create(&mut c, &op(&t, &officer), None, "", planned()).unwrap();
    let foreign = kids_of(&t, "CC-CWI")[0];
    assert!(matches!(
        service::add_child(&mut c, &op(&t, &officer), b0, foreign),
        Err(AppError::BadRequest {
            code: "not_own_child",
            ..
        })
    ));
    assert!(matches!(
        service::act(&mut c, &op(&t, &officer), b0, BatchAction::Submit, "", 1),
        Err(AppError::BadRequest {
            code: "no_children",
            ..
        })
    ));
    assert!(
        matches!(
            service::load(&mut c, &op(&t, &head_cc), b0),
            Err(AppError::NotFound)
        ),
        "the receiver does not see drafts"
    );
    service::act(
        &mut c,
        &op(&t, &officer),
        b0,
        BatchAction::Cancel,
        "重复创建",
        1,
    )
    .unwrap();

    let (b, tcid, child) = accepted_batch(&t, &officer, &social_cc);
    assert!(matches!(
        service::add_child(&mut c, &op(&t, &officer), b0, child),
        Err(AppError::BadRequest { .. })
    ));
    let b2 = service::create(&mut c, &op(&t, &officer), None, "", planned()).unwrap();
    assert!(
        matches!(
            service::add_child(&mut c, &op(&t, &officer), b2, child),
            Err(AppError::BadRequest {
                code: "child_in_transfer",
                ..
            })
        ),
        "one open transfer per child"
    );
    let submitted_mail: i64 = mail_outbox::table
        .filter(mail_outbox::recipient.eq("head.cc@fuyu.invalid"))
        .filter(
            mail_outbox::subject
                .like(format!("%第{b}号%"))
                .and(mail_outbox::subject.like("%已提交%")),
        )
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(submitted_mail, 1, "the receiving head is told on submit");
    // Property in custody at the county institution.
    let na = inst(&t, "NA-CWI");
    for (kind, amount) in [("cash", 120_050i64), ("deposit", 300_000)] {
        diesel::insert_into(cp::table)
            .values((
                cp::child_id.eq(child),
                cp::institution_id.eq(na),
                cp::kind.eq(kind),
                cp::description.eq("代管"),
                cp::account.eq(""),
                cp::amount_fen.eq(amount),
                cp::state.eq("held"),
                cp::recorded_at.eq(start_time()),
            ))
            .execute(&mut c)
            .unwrap();
    }
    hand_over_all(&t, &officer, b, tcid);
    let list = items(&t, tcid);
    assert!(
        list.len() > 14,
        "template items plus one line per archive document"
    );
    // A negative amount is refused.
    let bad = service::item_act(
        &mut c,
        &op(&t, &officer),
        b,
        list[0].0,
        ItemAction::HandOver,
        &ItemInput {
            note: "",
            quantity: "",
            amount: "-5",
            version: list[0].2,
        },
    );
    assert!(bad.is_err());
    // The receiver confirms everything but records a discrepancy on the first item.
    let (first, _, v, _) = list[0].clone();
    service::item_act(
        &mut c,
        &op(&t, &social_cc),
        b,
        first,
        ItemAction::RecordDiscrepancy,
        &ItemInput {
            note: "缺少一张照片",
            quantity: "",
            amount: "",
            version: v,
        },
    )
    .unwrap();
    for (id, _, v, _) in list.iter().skip(1) {
        service::item_act(
            &mut c,
            &op(&t, &social_cc),
            b,
            *id,
            ItemAction::Receive,
            &input(*v),
        )
        .unwrap();
    }
    let disc_mail: i64 = mail_outbox::table
        .filter(mail_outbox::recipient.eq("head.na@fuyu.invalid"))
        .filter(
            mail_outbox::subject
                .like(format!("%第{b}号%"))
                .and(mail_outbox::subject.like("%差异%")),
        )
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(disc_mail, 1, "the sender is told of the discrepancy");
    let not_ready = service::complete_child(&mut c, &op(&t, &head_cc), b, tcid, None);
    assert!(
        matches!(&not_ready, Err(AppError::BadRequest { code: "not_ready", message }) if message.contains("差异")),
        "{not_ready:?}"
    );
    // Sides: a sender cannot mark received; only the receiving head completes.
    let (_, _, v, _) = items(&t, tcid)[0].clone();
    assert!(matches!(
        service::item_act(
            &mut c,
            &op(&t, &officer),
            b,
            first,
            ItemAction::Receive,
            &input(v)
        ),
        Err(AppError::Forbidden)
    ));
    service::item_act(
        &mut c,
        &op(&t, &officer),
        b,
        first,
        ItemAction::HandOver,
        &input(v),
    )
    .unwrap();
    let (_, _, v, _) = items(&t, tcid)[0].clone();
    service::item_act(
        &mut c,
        &op(&t, &social_cc),
        b,
        first,
        ItemAction::Receive,
        &input(v),
    )
    .unwrap();
    assert!(matches!(
        service::complete_child(&mut c, &op(&t, &social_cc), b, tcid, None),
        Err(AppError::Forbidden)
    ));
    let archive_no: String = children::table
        .find(child)
        .select(children::archive_no)
        .first(&mut c)
        .unwrap();
    service::complete_child(&mut c, &op(&t, &head_cc), b, tcid, None).unwrap();
    let (now_at, no, hukou): (fuyu::org::InstitutionId, String, String) = children::table
        .find(child)
        .select((
            children::institution_id,
            children::archive_no,
            children::hukou_place,
        ))
        .first(&mut c)
        .unwrap();
    assert_eq!(now_at, inst(&t, "CC-CWI"));
    assert_eq!(no, archive_no, "the archive keeps its number");
    assert_eq!(hukou, "长春市二道区", "户随人走");
    let held_cc: Vec<i64> = cp::table
        .filter(cp::child_id.eq(child))
        .filter(cp::state.eq("held"))
        .filter(cp::institution_id.eq(inst(&t, "CC-CWI")))
        .select(cp::amount_fen)
        .load(&mut c)
        .unwrap();
    let held_na: i64 = cp::table
        .filter(cp::child_id.eq(child))
        .filter(cp::state.eq("held"))
        .filter(cp::institution_id.eq(na))
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(
        (held_cc.iter().sum::<i64>(), held_na),
        (420_050, 0),
        "property moved once, totals equal"
    );
    let state: String = tb::table.find(b).select(tb::state).first(&mut c).unwrap();
    assert_eq!(state, "completed");
    for to in [
        "head.na@fuyu.invalid",
        "head.cc@fuyu.invalid",
        "supervisor.cc@fuyu.invalid",
        "supervisor.jl@fuyu.invalid",
    ] {
        let n: i64 = mail_outbox::table
            .filter(mail_outbox::recipient.eq(to))
            .filter(
                mail_outbox::subject
                    .like(format!("%第{b}号%"))
                    .and(mail_outbox::subject.like("%已完成%")),
            )
            .count()
            .get_result(&mut c)
            .unwrap();
        assert_eq!(n, 1, "completion mail to {to}");
    }
    let entry: i64 = fuyu::db::schema::child_entries::table
        .filter(fuyu::db::schema::child_entries::child_id.eq(child))
        .filter(fuyu::db::schema::child_entries::kind.eq("transfer"))
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(entry, 1, "the handover record is filed in the archive");
    // Completing again is refused; the sending institution no longer sees the archive.
    assert!(matches!(
        service::complete_child(&mut c, &op(&t, &head_cc), b, tcid, None),
        Err(AppError::BadRequest { .. }) | Err(AppError::Conflict(_))
    ));
    let head_na = who(&t, "head.na");
    assert!(matches!(
        fuyu::archive::load_in_scope(&mut c, &head_na.user, child),
        Err(AppError::NotFound)
    ));
    assert!(
        service::load(&mut c, &op(&t, &head_na), b).is_ok(),
        "the sender keeps the handover record"
    );
    assert!(matches!(
        fuyu::audit::verify(&mut c).unwrap(),
        fuyu::audit::Verify::Intact { .. }
    ));
}

#[test]
fn a_fault_anywhere_in_completion_leaves_nothing_changed() {
    let t = TestApp::new();
    let (officer, head_cc) = (who(&t, "transfer.na"), who(&t, "head.cc"));
    let (b, tcid, child) = accepted_batch(&t, &officer, &head_cc);
    let na = inst(&t, "NA-CWI");
    let mut c = t.conn();
    diesel::insert_into(cp::table)
        .values((
            cp::child_id.eq(child),
            cp::institution_id.eq(na),
            cp::kind.eq("cash"),
            cp::description.eq("零用钱"),
            cp::account.eq(""),
            cp::amount_fen.eq(5_000i64),
            cp::state.eq("held"),
            cp::recorded_at.eq(start_time()),
        ))
        .execute(&mut c)
        .unwrap();
    hand_over_all(&t, &officer, b, tcid);
    for (id, _, v, _) in items(&t, tcid) {
        service::item_act(
            &mut c,
            &op(&t, &head_cc),
            b,
            id,
            ItemAction::Receive,
            &input(v),
        )
        .unwrap();
    }
    let property_rows =
        |c: &mut fuyu::db::DbConn| -> i64 { cp::table.count().get_result(c).unwrap() };
    let before_rows = property_rows(&mut c);
    for fault in [
        "after-mark",
        "after-child",
        "after-property",
        "before-batch",
    ] {
        let r = service::complete_child(&mut c, &op(&t, &head_cc), b, tcid, Some(fault));
        assert!(r.is_err(), "{fault}");
        let at: fuyu::org::InstitutionId = children::table
            .find(child)
            .select(children::institution_id)
            .first(&mut c)
            .unwrap();
        assert_eq!(at, na, "child still at the sender after a fault {fault}");
        assert_eq!(
            property_rows(&mut c),
            before_rows,
            "property untouched after {fault}"
        );
        let st: String = fuyu::db::schema::transfer_children::table
            .find(tcid)
            .select(fuyu::db::schema::transfer_children::state)
            .first(&mut c)
            .unwrap();
        assert_eq!(st, "pending");
    }
    service::complete_child(&mut c, &op(&t, &head_cc), b, tcid, None).unwrap();
    let at: fuyu::org::InstitutionId = children::table
        .find(child)
        .select(children::institution_id)
        .first(&mut c)
        .unwrap();
    assert_eq!(at, inst(&t, "CC-CWI"));
}

#[test]
fn two_receivers_on_one_item_and_state_machine_refusals() {
    let t = TestApp::new();
    let (officer, head_cc, social_cc, head_jl) = (
        who(&t, "transfer.na"),
        who(&t, "head.cc"),
        who(&t, "social.cc"),
        who(&t, "head.jl"),
    );
    let (b, tcid, _) = accepted_batch(&t, &officer, &head_cc);
    hand_over_all(&t, &officer, b, tcid);
    let mut c = t.conn();
    let (id, _, v, _) = items(&t, tcid)[1].clone();
    // Both saw version v; the first wins, the second is refused and writes nothing.
    service::item_act(
        &mut c,
        &op(&t, &head_cc),
        b,
        id,
        ItemAction::Receive,
        &input(v),
    )
    .unwrap();
    assert!(matches!(
        service::item_act(
            &mut c,
            &op(&t, &social_cc),
            b,
            id,
            ItemAction::Receive,
            &input(v)
        ),
        Err(AppError::Conflict(_)) | Err(AppError::BadRequest { .. })
    ));
    // Waivers need the receiving head and a reason.
    let (id2, _, v2, _) = items(&t, tcid)[2].clone();
    assert!(matches!(
        service::item_act(
            &mut c,
            &op(&t, &social_cc),
            b,
            id2,
            ItemAction::Waive,
            &input(v2)
        ),
        Err(AppError::Forbidden)
    ));
    assert!(service::item_act(
        &mut c,
        &op(&t, &head_cc),
        b,
        id2,
        ItemAction::Waive,
        &ItemInput {
            note: " ",
            quantity: "",
            amount: "",
            version: v2
        }
    )
    .is_err());
    // Another institution sees nothing; accepted batches cannot be returned or cancelled.
    assert!(matches!(
        service::load(&mut c, &op(&t, &head_jl), b),
        Err(AppError::NotFound)
    ));
    assert!(service::act(
        &mut c,
        &op(&t, &head_cc),
        b,
        BatchAction::Return,
        "资料不全",
        version(&t, b)
    )
    .is_err());
    assert!(service::act(
        &mut c,
        &op(&t, &officer),
        b,
        BatchAction::Cancel,
        "撤回",
        version(&t, b)
    )
    .is_err());
    // Return needs a reason; a returned batch can be resubmitted; cancelling frees its children.
    let b2 = service::create(&mut c, &op(&t, &officer), None, "", planned()).unwrap();
    let kid = kids_of(&t, "NA-CWI")[1];
    service::add_child(&mut c, &op(&t, &officer), b2, kid).unwrap();
    service::act(
        &mut c,
        &op(&t, &officer),
        b2,
        BatchAction::Submit,
        "",
        version(&t, b2),
    )
    .unwrap();
    assert!(matches!(
        service::act(
            &mut c,
            &op(&t, &head_cc),
            b2,
            BatchAction::Return,
            " ",
            version(&t, b2)
        ),
        Err(AppError::BadRequest {
            code: "reason_required",
            ..
        })
    ));
    service::act(
        &mut c,
        &op(&t, &head_cc),
        b2,
        BatchAction::Return,
        "缺少体检表",
        version(&t, b2),
    )
    .unwrap();
    let returned: i64 = mail_outbox::table
        .filter(
            mail_outbox::subject
                .like(format!("%第{b2}号%"))
                .and(mail_outbox::subject.like("%退回%")),
        )
        .count()
        .get_result(&mut c)
        .unwrap();
    assert!(returned >= 1);
    assert!(
        matches!(
            service::act(&mut c, &op(&t, &officer), b2, BatchAction::Submit, "", 1),
            Err(AppError::Conflict(_))
        ),
        "a stale version is refused"
    );
    service::act(
        &mut c,
        &op(&t, &officer),
        b2,
        BatchAction::Cancel,
        "改期",
        version(&t, b2),
    )
    .unwrap();
    let b3 = service::create(&mut c, &op(&t, &officer), None, "", planned()).unwrap();
    service::add_child(&mut c, &op(&t, &officer), b3, kid).unwrap();
    // A receiver other than the city institution needs a reason; the planned date cannot be past.
    let jl = inst(&t, "JL-CWI");
    assert!(matches!(
        service::create(&mut c, &op(&t, &officer), Some(jl), "", planned()),
        Err(AppError::BadRequest {
            code: "receiver_reason",
            ..
        })
    ));
    assert!(service::create(
        &mut c,
        &op(&t, &officer),
        Some(jl),
        "吉林市有康复条件",
        planned()
    )
    .is_ok());
    assert!(matches!(
        service::create(
            &mut c,
            &op(&t, &officer),
            None,
            "",
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        ),
        Err(AppError::BadRequest {
            code: "planned_past",
            ..
        })
    ));
    let today = t.clock.today();
    assert!(today < planned());
}

/// Issue 10 point 2: a county social worker prepares a transfer but only the sending head or transfer
/// officer submits or cancels it. Point 11: the child in person can never be waived.
#[test]
fn only_the_sending_head_or_officer_sends_and_the_child_is_never_waived() {
    let t = TestApp::new();
    let (officer, head_cc, social_cc) = (
        who(&t, "transfer.na"),
        who(&t, "head.cc"),
        who(&t, "social.cc"),
    );
    let mut c = t.conn();
    let now = start_time();
    fuyu::auth::model::insert(
        &mut c,
        &fuyu::auth::model::NewUser {
            username: "social.na",
            display_name: "农安社工",
            email: None,
            password_hash: "x",
            role: fuyu::auth::Role::SocialWorker,
            institution_id: Some(inst(&t, "NA-CWI")),
            division_id: None,
            language: "zh-CN",
            active: true,
            failed_logins: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
    let social_na = who(&t, "social.na");
    let b = service::create(&mut c, &op(&t, &officer), None, "", planned()).unwrap();
    service::add_child(&mut c, &op(&t, &officer), b, kids_of(&t, "NA-CWI")[1]).unwrap();
    for action in [BatchAction::Submit, BatchAction::Cancel] {
        assert!(
            matches!(
                service::act(
                    &mut c,
                    &op(&t, &social_na),
                    b,
                    action,
                    "理由",
                    version(&t, b)
                ),
                Err(AppError::Forbidden)
            ),
            "{action:?} by a county social worker"
        );
    }
    service::act(
        &mut c,
        &op(&t, &officer),
        b,
        BatchAction::Submit,
        "",
        version(&t, b),
    )
    .unwrap();
    // The receiving head may waive a mandatory line with a reason, never the child in person.
    let (b2, tcid, _) = accepted_batch(&t, &officer, &social_cc);
    let child_line: (i64, i32) = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .filter(ti::code.eq("child-in-person"))
        .select((ti::id, ti::version))
        .first(&mut c)
        .unwrap();
    let waive = ItemInput {
        note: "儿童住院，无法到场",
        quantity: "",
        amount: "",
        version: child_line.1,
    };
    assert!(matches!(
        service::item_act(
            &mut c,
            &op(&t, &head_cc),
            b2,
            child_line.0,
            ItemAction::Waive,
            &waive
        ),
        Err(AppError::BadRequest {
            code: "not_waivable",
            ..
        })
    ));
    let state: String = ti::table
        .find(child_line.0)
        .select(ti::state)
        .first(&mut c)
        .unwrap();
    assert_eq!(state, "pending");
}
