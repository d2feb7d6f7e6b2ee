//! The checklist lines that reconcile with the archive (issue 10 points 10 and 19): property in custody
//! against the ledger (both amounts and a reason when they differ, printed on the handover PDF), the
//! allowance month at completion, the hukou confirmation after completion (a task until done), the
//! school data (学籍) on its line, and the template lines no version may drop.

use crate::support::*;
use actix_web::test as awt;
use diesel::prelude::*;
use fuyu::archive::custody_ledger::{self, EntryForm};
use fuyu::archive::ChildId;
use fuyu::db::schema::{
    custody_property as cp, tasks, transfer_children as tcs, transfer_items as ti,
};
use fuyu::error::AppError;
use fuyu::transfer::model::BatchId;
use fuyu::transfer::rules::{BatchAction, ItemAction};
use fuyu::transfer::service::{self, HukouConfirmation, ItemInput, Plan};

fn plan(month: &str) -> Plan<'_> {
    Plan {
        adaptation_plan: "移交前两次探访",
        special_needs: "",
        sibling_note: "",
        child_opinion: "愿意去长春",
        hukou_moved: true,
        hukou_new_place: "长春市二道区",
        hukou_keep_reason: "",
        new_school: "长春市二道区实验小学",
        allowance_from_month: month,
    }
}

/// One 农安 child in a batch accepted by 长春, with the plan saved; (batch, transfer child, child).
fn accepted(t: &TestApp, month: &str) -> (BatchId, i64, ChildId) {
    let officer = who(t, "transfer.na");
    let head = who(t, "head.cc");
    let kid = crate::transfer_print::kids_of(t, "NA-CWI")[0];
    let (b, tcids) = crate::transfer_print::draft(t, &officer, &[kid]);
    crate::transfer_print::act(t, &officer, b, BatchAction::Submit, "");
    crate::transfer_print::act(t, &head, b, BatchAction::Accept, "");
    service::save_plan(&mut t.conn(), &op(t, &officer), b, tcids[0], &plan(month)).unwrap();
    (b, tcids[0], kid)
}

fn items(t: &TestApp, tcid: i64) -> Vec<(i64, String, i32)> {
    ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .order(ti::id)
        .select((ti::id, ti::code, ti::version))
        .load(&mut t.conn())
        .unwrap()
}

fn line(t: &TestApp, tcid: i64, code: &str) -> (i64, i32) {
    items(t, tcid)
        .into_iter()
        .find(|(_, c, _)| c == code)
        .map(|(id, _, v)| (id, v))
        .unwrap()
}

fn deposit(t: &TestApp, w: &Who, child: ChildId, kind: &str, amount: &str) {
    let f = EntryForm {
        kind: kind.into(),
        amount: amount.into(),
        description: "孤儿基本生活费结余".into(),
        account: "农村信用社".into(),
        receipt_no: "R-7".into(),
    };
    let r = custody_ledger::record(&mut t.conn(), &op(t, w), child, &f);
    assert!(matches!(r, Ok(Ok(_))), "{r:?}");
}

/// Every line handed over (the custody line skipped unless `custody`) and received.
fn hand_over_rest(t: &TestApp, b: BatchId, tcid: i64, custody: bool) {
    let (officer, head) = (who(t, "transfer.na"), who(t, "head.cc"));
    for (id, code, v) in items(t, tcid) {
        if code == "property-in-custody" && !custody {
            continue;
        }
        let input = ItemInput {
            note: "已清点",
            quantity: "",
            amount: "",
            version: v,
        };
        service::item_act(
            &mut t.conn(),
            &op(t, &officer),
            b,
            id,
            ItemAction::HandOver,
            &input,
        )
        .unwrap();
    }
    for (id, _, v) in items(t, tcid) {
        let input = ItemInput {
            note: "",
            quantity: "",
            amount: "",
            version: v,
        };
        service::item_act(
            &mut t.conn(),
            &op(t, &head),
            b,
            id,
            ItemAction::Receive,
            &input,
        )
        .unwrap();
    }
}

fn pdf_text(bytes: &[u8]) -> String {
    pdf_raw_text(bytes)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[actix_web::test]
async fn the_custody_line_agrees_with_the_ledger_or_records_the_discrepancy_and_prints_it() {
    let t = TestApp::new();
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let (officer, head_na, head_cc) = (
        who(&t, "transfer.na"),
        who(&t, "head.na"),
        who(&t, "head.cc"),
    );
    let (b, tcid, child) = accepted(&t, "2027-01");
    deposit(&t, &head_na, child, "deposit", "1000");
    deposit(&t, &head_na, child, "withdrawal", "120.50");
    let (id, v) = line(&t, tcid, "property-in-custody");
    // A counted amount that differs from the ledger (¥879.50) needs its reason.
    let typed = |note: &'static str, amount: &'static str, version: i32| ItemInput {
        note,
        quantity: "",
        amount,
        version,
    };
    let r = service::item_act(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        id,
        ItemAction::HandOver,
        &typed("", "800", v),
    );
    assert!(
        matches!(&r, Err(AppError::BadRequest { code: "custody_reason", message }) if message.contains("¥879.50") && message.contains("¥800.00")),
        "{r:?}"
    );
    service::item_act(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        id,
        ItemAction::HandOver,
        &typed("现金短少79.50元，已报院长", "800", v),
    )
    .unwrap();
    let (amount, ledger): (Option<i64>, Option<i64>) = ti::table
        .find(id)
        .select((ti::amount_fen, ti::ledger_fen))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (amount, ledger),
        (Some(80_000), Some(87_950)),
        "both amounts recorded"
    );
    hand_over_rest(&t, b, tcid, false);
    // The checklist page shows the ledger balance and the discrepancy on the line.
    let mut officer_web = login(&app, "transfer.na").await;
    let page = officer_web
        .get(&app, &format!("/transfers/{b}/children/{tcid}"))
        .await;
    assert!(page.body.contains("台账余额 ¥879.50"), "{}", page.body);
    assert!(page.body.contains("差异：台账 ¥879.50，清点 ¥800.00"));
    service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None).unwrap();
    let moved: i64 = cp::table
        .filter(cp::child_id.eq(child))
        .filter(cp::state.eq("held"))
        .select(cp::amount_fen)
        .load::<i64>(&mut t.conn())
        .unwrap()
        .iter()
        .sum();
    assert_eq!(moved, 87_950, "the ledger moves as it stands");
    // The handover PDF prints the ledger lines, the total and the discrepancy with its reason.
    let pdf = officer_web
        .fetch(
            &app,
            &format!("/transfers/{b}/children/{tcid}/handover.pdf"),
        )
        .await;
    assert_eq!(pdf.status, 200);
    let text = pdf_text(&pdf.bytes);
    for want in [
        "代管财产台账",
        "R-7",
        "¥-120.50",
        "代管财产合计：¥879.50",
        "台账余额¥879.50，清点金额¥800.00，原因：现金短少79.50元，已报院长",
    ] {
        assert!(text.contains(want), "PDF lacks {want}: {text}");
    }
}

#[test]
fn a_ledger_change_after_the_hand_over_blocks_completion_until_counted_again() {
    let t = TestApp::new();
    let (officer, head_na, head_cc) = (
        who(&t, "transfer.na"),
        who(&t, "head.na"),
        who(&t, "head.cc"),
    );
    let (b, tcid, child) = accepted(&t, "2027-01");
    deposit(&t, &head_na, child, "deposit", "300");
    hand_over_rest(&t, b, tcid, true);
    let (id, _) = line(&t, tcid, "property-in-custody");
    let ledger: Option<i64> = ti::table
        .find(id)
        .select(ti::ledger_fen)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        ledger,
        Some(30_000),
        "nothing typed: the ledger balance is handed over"
    );
    deposit(&t, &head_na, child, "deposit", "50");
    let r = service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None);
    assert!(
        matches!(&r, Err(AppError::BadRequest { code: "custody_changed", message }) if message.contains("¥350.00")),
        "{r:?}"
    );
    // Disputed by the receiver, handed over again by the sender, received: completion goes through.
    let (_, v) = line(&t, tcid, "property-in-custody");
    let input = |note: &'static str, version: i32| ItemInput {
        note,
        quantity: "",
        amount: "",
        version,
    };
    service::item_act(
        &mut t.conn(),
        &op(&t, &head_cc),
        b,
        id,
        ItemAction::RecordDiscrepancy,
        &input("台账已变", v),
    )
    .unwrap();
    let (_, v) = line(&t, tcid, "property-in-custody");
    service::item_act(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        id,
        ItemAction::HandOver,
        &input("", v),
    )
    .unwrap();
    let (_, v) = line(&t, tcid, "property-in-custody");
    service::item_act(
        &mut t.conn(),
        &op(&t, &head_cc),
        b,
        id,
        ItemAction::Receive,
        &input("", v),
    )
    .unwrap();
    service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None).unwrap();
}

#[test]
fn the_allowance_month_is_required_and_not_before_the_completion_month() {
    use chrono::Datelike;
    use fuyu::clock::Clock;
    let t = TestApp::new();
    let (officer, head_cc) = (who(&t, "transfer.na"), who(&t, "head.cc"));
    let (b, tcid, _) = accepted(&t, "");
    hand_over_rest(&t, b, tcid, true);
    let r = service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None);
    assert!(
        matches!(
            &r,
            Err(AppError::BadRequest {
                code: "allowance_missing",
                ..
            })
        ),
        "{r:?}"
    );
    let today = t.clock.today();
    let last_month = (today.with_day0(0).unwrap() - chrono::Duration::days(1))
        .format("%Y-%m")
        .to_string();
    service::save_plan(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        tcid,
        &plan(&last_month),
    )
    .unwrap();
    let r = service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None);
    assert!(
        matches!(&r, Err(AppError::BadRequest { code: "allowance_early", message }) if message.contains(&today.format("%Y-%m").to_string())),
        "{r:?}"
    );
    let r = fuyu::transfer::service::refusal::refused(r.as_ref().unwrap_err());
    assert_eq!(
        r.map(|r| r.field()),
        Some(fuyu::transfer::service::Field::AllowanceMonth)
    );
    let this_month = today.format("%Y-%m").to_string();
    service::save_plan(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        tcid,
        &plan(&this_month),
    )
    .unwrap();
    service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None).unwrap();
}

#[actix_web::test]
async fn a_moved_hukou_is_a_task_until_the_receiver_confirms_it() {
    use fuyu::clock::Clock;
    let t = TestApp::new();
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let head_cc = who(&t, "head.cc");
    let (b, tcid, _) = accepted(&t, "2027-01");
    hand_over_rest(&t, b, tcid, true);
    let confirm = |date: &str, reference: &str| {
        service::confirm_hukou(
            &mut t.conn(),
            &op(&t, &head_cc),
            b,
            tcid,
            &HukouConfirmation { date, reference },
        )
    };
    assert!(
        matches!(
            confirm("2026-11-23", "二道派出所"),
            Err(AppError::BadRequest {
                code: "hukou_not_to_confirm",
                ..
            })
        ),
        "not before completion"
    );
    service::complete_child(&mut t.conn(), &op(&t, &head_cc), b, tcid, None).unwrap();
    let key = format!("transfer.hukou.{tcid}.confirm");
    let open = |t: &TestApp| -> i64 {
        tasks::table
            .filter(tasks::dedupe_key.eq(&key))
            .filter(tasks::status.eq("open"))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    assert_eq!(open(&t), 1, "a task for the receiving head at once");
    let mut head = login(&app, "head.cc").await;
    let path = format!("/transfers/{b}/children/{tcid}");
    let home = head.get(&app, "/").await;
    assert!(
        home.body.contains(&format!("href=\"{path}\"")),
        "{}",
        home.body
    );
    assert!(head
        .get(&app, &path)
        .await
        .body
        .contains("id=\"hukou-form\""));
    let tomorrow = (t.clock.today() + chrono::Duration::days(1)).to_string();
    let p = head
        .post(
            &app,
            &format!("{path}/hukou"),
            &[
                ("hukou_confirmed_on", &tomorrow),
                ("hukou_confirmed_ref", "二道派出所"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "a future date is refused");
    assert!(p.body.contains("id=\"hukou_confirmed_on-error\""));
    let today = t.clock.today().to_string();
    let p = head
        .post(
            &app,
            &format!("{path}/hukou"),
            &[("hukou_confirmed_on", &today), ("hukou_confirmed_ref", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"hukou_confirmed_ref-error\""));
    let mut county = login(&app, "transfer.na").await;
    county.get(&app, &path).await;
    let p = county
        .post(
            &app,
            &format!("{path}/hukou"),
            &[("hukou_confirmed_on", &today), ("hukou_confirmed_ref", "x")],
        )
        .await;
    assert_eq!(p.status, 403, "only the receiving side confirms");
    head.get(&app, &path).await;
    let p = head
        .post(
            &app,
            &format!("{path}/hukou"),
            &[
                ("hukou_confirmed_on", &today),
                ("hukou_confirmed_ref", "长春市公安局二道分局东站派出所"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(open(&t), 0, "the task closes with the confirmation");
    let (on, reference): (Option<chrono::NaiveDate>, String) = tcs::table
        .find(tcid)
        .select((tcs::hukou_confirmed_on, tcs::hukou_confirmed_ref))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (on, reference.as_str()),
        (Some(t.clock.today()), "长春市公安局二道分局东站派出所")
    );
    assert!(head
        .get(&app, &path)
        .await
        .body
        .contains("id=\"hukou-confirmed\""));
    let audited: i64 = fuyu::db::schema::audit_log::table
        .filter(fuyu::db::schema::audit_log::detail.eq("hukou_confirmed"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audited, 1);
    assert!(matches!(
        confirm(&today, "again"),
        Err(AppError::BadRequest {
            code: "hukou_not_to_confirm",
            ..
        })
    ));
}

#[actix_web::test]
async fn school_data_is_kept_in_the_archive_and_shown_on_the_school_line() {
    let t = TestApp::new();
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let (b, tcid, child) = accepted(&t, "2027-01");
    let c = fuyu::archive::load_for_law(
        &mut t.conn(),
        child,
        fuyu::archive::LawfulAccess::HandoverList,
    )
    .unwrap();
    let mut form =
        fuyu::archive::form::ChildForm::from_fields(&fuyu::archive::ChildFields::from_child(&c));
    form.version = c.version.to_string();
    form.school_name = "农安县第一小学".into();
    form.school_grade = "三年级".into();
    form.xueji_no = "G220122201601010011".into();
    let (status, tok) = api_token(&app, "head.na", PW).await;
    assert_eq!(status, 200);
    let tok = tok["token"].as_str().unwrap().to_string();
    let p = send(
        &app,
        awt::TestRequest::put()
            .uri(&format!("/api/v1/children/{child}"))
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .set_json(&form)
            .to_request(),
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let mut head = login(&app, "head.na").await;
    let edit = head.get(&app, &format!("/children/{child}/edit")).await;
    assert!(edit.body.contains("name=\"xueji_no\"") && edit.body.contains("G220122201601010011"));
    let page = head
        .get(&app, &format!("/transfers/{b}/children/{tcid}"))
        .await;
    assert!(
        page.body
            .contains("学籍：农安县第一小学 · 三年级 · 学籍号 G220122201601010011"),
        "{}",
        page.body
    );
    // Completion carries the record: the school data is the receiver's now.
    hand_over_rest(&t, b, tcid, true);
    service::complete_child(&mut t.conn(), &op(&t, &who(&t, "head.cc")), b, tcid, None).unwrap();
    let mut cc = login(&app, "head.cc").await;
    let edit = cc.get(&app, &format!("/children/{child}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains("G220122201601010011"));
}

#[test]
fn the_template_editor_keeps_the_school_allowance_and_preparation_lines() {
    use fuyu::transfer::rules::template::{default_items, next_version, EditLine, Problem};
    for code in [
        "school-registration",
        "allowance-switch",
        "psychological-preparation",
    ] {
        let current = default_items();
        let lines: Vec<EditLine> = current
            .iter()
            .map(|i| EditLine {
                code: i.code.clone(),
                label: String::new(),
                mandatory: i.mandatory,
                remove: i.code == code,
                order: String::new(),
            })
            .collect();
        let r = next_version(&current, &lines);
        assert!(
            matches!(&r, Err(p) if p.iter().any(|(_, p)| *p == Problem::Required)),
            "{code} removed: {r:?}"
        );
        let optional: Vec<EditLine> = lines
            .iter()
            .cloned()
            .map(|mut l| {
                if l.code == code {
                    l.remove = false;
                    l.mandatory = false;
                }
                l
            })
            .collect();
        assert!(
            next_version(&current, &optional).is_err(),
            "{code} made optional"
        );
    }
}
