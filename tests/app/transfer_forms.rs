//! The receiving side's archive preview, refused transfer forms shown again with the input and a message
//! per field, and e-mail reminders when a planned handover date has passed.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    audit_log, child_documents as cd, child_restrictions as cr, children, institutions,
    mail_outbox, restriction_kinds as rk, transfer_batches as tb, transfer_children as tc,
    transfer_items as ti,
};

fn inst(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

/// A 农安 child with at least two current documents.
fn child_with_documents(t: &TestApp) -> (i64, String) {
    let na = inst(t, "NA-CWI");
    let kids: Vec<(i64, String)> = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .select((children::id, children::archive_no))
        .load(&mut t.conn())
        .unwrap();
    kids.into_iter()
        .find(|(id, _)| {
            let n: i64 = cd::table
                .filter(cd::child_id.eq(id))
                .filter(cd::superseded_by.is_null())
                .count()
                .get_result(&mut t.conn())
                .unwrap();
            n >= 2
        })
        .expect("a demo child with documents")
}

/// The officer creates a batch with `child` and (optionally) submits it; returns (batch, tc id).
async fn batch_with<S, B>(
    app: &S,
    t: &TestApp,
    officer: &mut Browser,
    child: i64,
    submit: bool,
) -> (i64, i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    officer.get(app, "/transfers").await;
    let p = officer
        .post(app, "/transfers", &[("planned_date", "2026-11-25")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id: i64 = p
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    officer.get(app, &format!("/transfers/{id}")).await;
    let p = officer
        .post(
            app,
            &format!("/transfers/{id}/children"),
            &[("child_id", &child.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    if submit {
        let p = officer
            .post(
                app,
                &format!("/transfers/{id}/actions"),
                &[("action", "submit"), ("version", "1")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    let tcid = tc::table
        .filter(tc::batch_id.eq(id))
        .select(tc::id)
        .first(&mut t.conn())
        .unwrap();
    (id, tcid)
}

#[actix_web::test]
async fn the_receiving_side_previews_each_archive_read_only_before_accepting() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, archive_no) = child_with_documents(&t);
    let docs: Vec<(i64, String, String)> = cd::table
        .filter(cd::child_id.eq(child))
        .filter(cd::superseded_by.is_null())
        .order(cd::id.asc())
        .select((cd::id, cd::section, cd::title))
        .load(&mut t.conn())
        .unwrap();
    let mut officer = login(&app, "transfer.na").await;
    let (id, tcid) = batch_with(&app, &t, &mut officer, child, false).await;
    let preview = format!("/transfers/{id}/children/{tcid}/archive");
    let mut head = login(&app, "head.cc").await;
    assert_eq!(
        head.get(&app, &preview).await.status,
        404,
        "a draft is not the receiver's yet"
    );
    officer.get(&app, &format!("/transfers/{id}")).await;
    officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;

    // Hide the section of the second document under a restriction kind.
    let now = start_time();
    diesel::insert_into(rk::table)
        .values((
            rk::code.eq("test-hide"),
            rk::name.eq("测试限制"),
            rk::hidden_sections.eq(&docs[1].1),
            rk::allowed_roles.eq("head"),
            rk::created_at.eq(now),
        ))
        .execute(&mut t.conn())
        .unwrap();
    let head_na: i64 = fuyu::db::schema::users::table
        .filter(fuyu::db::schema::users::username.eq("head.na"))
        .select(fuyu::db::schema::users::id)
        .first(&mut t.conn())
        .unwrap();
    diesel::insert_into(cr::table)
        .values((
            cr::child_id.eq(child),
            cr::kind_code.eq("test-hide"),
            cr::reason.eq("测试"),
            cr::set_by.eq(head_na),
            cr::set_at.eq(now),
        ))
        .execute(&mut t.conn())
        .unwrap();

    let batch = head.get(&app, &format!("/transfers/{id}")).await;
    assert!(
        batch.body.contains(&preview),
        "the batch links each child's preview"
    );
    let page = head.get(&app, &preview).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&archive_no) && page.body.contains("只读预览"));
    let visible: Vec<&(i64, String, String)> = docs.iter().filter(|d| d.1 != docs[1].1).collect();
    assert!(!visible.is_empty());
    for d in &visible {
        assert!(page.body.contains(&d.2), "document {} listed", d.2);
    }
    assert!(page.body.contains("此部分受查阅限制"));
    assert!(
        !page.body.contains(&format!("/documents/{}\"", docs[1].0)),
        "no link into the hidden section"
    );
    assert!(
        !page.body.contains("id=\"upload") && !page.body.contains("/edit"),
        "read-only"
    );
    // A document opens from the preview; one in the hidden section does not.
    let doc_url = |doc: i64| format!("/transfers/{id}/children/{tcid}/documents/{doc}");
    let f = head.fetch(&app, &doc_url(visible[0].0)).await;
    assert_eq!(f.status, 200);
    assert!(!f.bytes.is_empty());
    assert_eq!(head.fetch(&app, &doc_url(docs[1].0)).await.status, 404);
    // The receiver still cannot open the archive itself before completion.
    assert_eq!(
        head.get(&app, &format!("/children/{child}")).await.status,
        404
    );
    let views: i64 = audit_log::table
        .filter(audit_log::detail.eq(format!("transfer preview {id}")))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(views, 2, "the page view and the download are audited");
    // Who else: a city social worker may; the sender's officer, a supervisor, another city may not.
    let mut sw = login(&app, "social.cc").await;
    assert_eq!(sw.get(&app, &preview).await.status, 200);
    assert_eq!(officer.get(&app, &preview).await.status, 403);
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, &preview).await.status, 403);
    let mut jl = login(&app, "head.jl").await;
    assert_eq!(jl.get(&app, &preview).await.status, 404);
    // Returned to the sender: no more preview.
    let v: i32 = tb::table
        .find(id)
        .select(tb::version)
        .first(&mut t.conn())
        .unwrap();
    head.get(&app, &format!("/transfers/{id}")).await;
    let p = head
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[
                ("action", "return"),
                ("reason", "材料不全"),
                ("version", &v.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(head.get(&app, &preview).await.status, 404);
}

#[actix_web::test]
async fn after_completion_the_preview_leads_to_the_receivers_own_archive() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The demo's completed transfer 农安 → 长春.
    let (id, tcid, child): (i64, i64, i64) = tc::table
        .inner_join(tb::table)
        .filter(tc::state.eq("completed"))
        .select((tb::id, tc::id, tc::child_id))
        .first(&mut t.conn())
        .unwrap();
    let mut head = login(&app, "head.cc").await;
    let p = head
        .get(&app, &format!("/transfers/{id}/children/{tcid}/archive"))
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(
        p.location.as_deref(),
        Some(format!("/children/{child}").as_str())
    );
    assert_eq!(
        head.get(&app, &format!("/children/{child}")).await.status,
        200
    );
}

#[actix_web::test]
async fn refused_transfer_forms_come_back_with_the_input_and_a_message_per_field() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let batches = |t: &TestApp| -> i64 { tb::table.count().get_result(&mut t.conn()).unwrap() };
    let before = batches(&t);
    let mut officer = login(&app, "transfer.na").await;
    officer.get(&app, "/transfers").await;
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "2026-13-01")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("id=\"planned_date-error\"") && p.body.contains("value=\"2026-13-01\"")
    );
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "2026-11-01")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"planned_date-error\""), "{}", p.body);
    // Another receiver than the default needs a reason; the choice is kept.
    let jl = inst(&t, "JL-CWI");
    let p = officer
        .post(
            &app,
            "/transfers",
            &[
                ("receiver", &jl.to_string()),
                ("planned_date", "2026-12-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"reason-error\""));
    assert!(
        p.body
            .contains(&format!("<option value=\"{jl}\" selected>")),
        "{}",
        p.body
    );
    assert_eq!(batches(&t), before, "nothing written");

    // Adding a child of another institution.
    let (id, tcid) = {
        let (child, _) = child_with_documents(&t);
        batch_with(&app, &t, &mut officer, child, false).await
    };
    let other: i64 = children::table
        .filter(children::institution_id.eq(inst(&t, "CC-CWI")))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/children"),
            &[("child_id", &other.to_string())],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"child_id-error\""));
    let in_batch: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(in_batch, 1);
    // A stale version: 409 with the current page.
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "7")],
        )
        .await;
    assert_eq!(p.status, 409);
    assert!(p.body.contains("id=\"stale\""));
    officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;
    // Returning without a reason.
    let mut head = login(&app, "head.cc").await;
    head.get(&app, &format!("/transfers/{id}")).await;
    let p = head
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "return"), ("version", "2")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"reason-error\""));
    let p = head
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "accept"), ("version", "2")],
        )
        .await;
    assert_eq!(p.status, 303);

    // The plan: hukou kept without a reason, a month that is not one; everything typed comes back.
    let child_page = format!("/transfers/{id}/children/{tcid}");
    officer.get(&app, &child_page).await;
    let p = officer
        .post(
            &app,
            &format!("{child_page}/plan"),
            &[
                ("adaptation_plan", "第一周探访两次\n第二周陪同入住"),
                ("hukou", "kept"),
                ("allowance_from_month", "2027年1月"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("id=\"allowance_from_month-error\""),
        "{}",
        p.body
    );
    assert!(
        p.body.contains("第一周探访两次\n第二周陪同入住") && p.body.contains("value=\"2027年1月\"")
    );
    let p = officer
        .post(
            &app,
            &format!("{child_page}/plan"),
            &[
                ("adaptation_plan", "第一周探访两次\n第二周陪同入住"),
                ("hukou", "kept"),
                ("allowance_from_month", "2027-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"hukou_keep_reason-error\""));
    let saved: String = tc::table
        .find(tcid)
        .select(tc::adaptation_plan)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(saved, "", "nothing saved");
    let p = officer
        .post(
            &app,
            &format!("{child_page}/plan"),
            &[
                ("adaptation_plan", "第一周探访两次\n第二周陪同入住"),
                ("hukou", "moved"),
                ("hukou_new_place", "长春市"),
                ("allowance_from_month", "2027-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let saved: String = tc::table
        .find(tcid)
        .select(tc::adaptation_plan)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        saved, "第一周探访两次\n第二周陪同入住",
        "line breaks are allowed in a textarea"
    );

    // An item handed over with a negative amount: the row shows the message and the typed amount.
    let (item, v): (i64, i32) = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .filter(ti::code.eq("property-in-custody"))
        .select((ti::id, ti::version))
        .first(&mut t.conn())
        .unwrap();
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/items/{item}"),
            &[
                ("action", "hand-over"),
                ("amount", "-5.00"),
                ("note", "现金"),
                ("version", &v.to_string()),
                ("back", &tcid.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("item-error")
            && p.body.contains("value=\"-5.00\"")
            && p.body.contains("value=\"现金\"")
    );
    let state: String = ti::table
        .find(item)
        .select(ti::state)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(state, "pending");
    // Completing with items still open: the page says so above the button.
    head.get(&app, &child_page).await;
    // Completion is never one tap: without the confirmation nothing happens.
    let p = head
        .post(&app, &format!("{child_page}/complete"), &[])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"complete-error\"") && p.body.contains("请勾选确认"));
    let p = head
        .post(
            &app,
            &format!("{child_page}/complete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"complete-error\"") && !p.body.contains("请勾选确认"));
    // Waiving is confirmed too: without the tick the item stays as it was.
    let v: i32 = ti::table
        .find(item)
        .select(ti::version)
        .first(&mut t.conn())
        .unwrap();
    let waive = |confirm: &'static str| {
        let mut f = vec![
            ("action", "waive".to_string()),
            ("note", "原件遗失，另附说明".to_string()),
            ("version", v.to_string()),
            ("back", tcid.to_string()),
        ];
        if !confirm.is_empty() {
            f.push(("confirm", confirm.to_string()));
        }
        f
    };
    let fields = waive("");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = head
        .post(&app, &format!("/transfers/{id}/items/{item}"), &refs)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("请勾选确认"));
    let state: String = ti::table
        .find(item)
        .select(ti::state)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(state, "pending");
    let fields = waive("yes");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = head
        .post(&app, &format!("/transfers/{id}/items/{item}"), &refs)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let state: String = ti::table
        .find(item)
        .select(ti::state)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(state, "waived");
    // In English for an English user.
    officer.get(&app, "/account").await;
    officer
        .post(&app, "/account/language", &[("language", "en")])
        .await;
    officer.get(&app, "/transfers").await;
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "soon")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("YYYY-MM-DD") && p.body.contains("Some fields need attention"),
        "{}",
        p.body
    );
}

#[actix_web::test]
async fn both_heads_are_reminded_by_mail_once_when_the_planned_date_has_passed() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, _) = child_with_documents(&t);
    let mut officer = login(&app, "transfer.na").await;
    let (id, _) = batch_with(&app, &t, &mut officer, child, true).await;
    use fuyu::clock::Clock;
    fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    let reminders = |t: &TestApp| -> Vec<String> {
        mail_outbox::table
            .filter(mail_outbox::subject.eq(format!("第{id}号移交已过计划交接日期")))
            .order(mail_outbox::recipient.asc())
            .select(mail_outbox::recipient)
            .load(&mut t.conn())
            .unwrap()
    };
    assert!(
        reminders(&t).is_empty(),
        "not before the planned date (2026-11-25)"
    );
    t.clock.advance(chrono::Duration::days(2));
    fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    assert!(
        reminders(&t).is_empty(),
        "the planned day itself is not overdue"
    );
    t.clock.advance(chrono::Duration::days(1));
    fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    assert_eq!(
        reminders(&t),
        vec!["head.cc@fuyu.invalid", "head.na@fuyu.invalid"]
    );
    let body: String = mail_outbox::table
        .filter(mail_outbox::subject.eq(format!("第{id}号移交已过计划交接日期")))
        .select(mail_outbox::body)
        .first(&mut t.conn())
        .unwrap();
    assert!(body.contains(&format!("/transfers/{id}")));
    t.clock.advance(chrono::Duration::days(1));
    fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    assert_eq!(reminders(&t).len(), 2, "a reminder, not a daily nag");
}
