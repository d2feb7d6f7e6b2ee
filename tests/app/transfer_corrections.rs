//! Issue 10 points 12, 13, 14 and 17: children in drafts still count as not sent and stale drafts are
//! shown to the supervisor; a batch can no longer get stuck (removal after submission, discharge takes
//! the child out, either head cancels an accepted batch); deferral for schooling; the handover list
//! follows the archive's documents until acceptance and shows what changed after.

use crate::support::*;

use diesel::prelude::*;
use fuyu::db::schema::{
    child_documents as cd, children, institutions, tasks, transfer_batches as tb,
    transfer_children as tc, transfer_events as te, transfer_items as ti,
};
use fuyu::error::AppError;
use fuyu::transfer::model::BatchId;
use fuyu::transfer::rules::BatchAction;
use fuyu::transfer::service;

fn inst(t: &TestApp, code: &str) -> fuyu::org::InstitutionId {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

/// 农安's active long-term children (who belong on 应移送未移送 until sent): (id, archive number).
fn long_term_kids(t: &TestApp) -> Vec<(fuyu::archive::ChildId, String)> {
    children::table
        .filter(children::institution_id.eq(inst(t, "NA-CWI")))
        .filter(children::status.eq("active"))
        .filter(
            children::intake_category
                .like("2018-%")
                .or(children::intake_category.like("lt-%")),
        )
        .order(children::id)
        .select((children::id, children::archive_no))
        .load(&mut t.conn())
        .unwrap()
}

fn planned() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
}

fn version(t: &TestApp, b: BatchId) -> i32 {
    tb::table
        .find(b)
        .select(tb::version)
        .first(&mut t.conn())
        .unwrap()
}

/// The oversight report as 黄科长 (长春 division) sees it: (kind, reference, detail).
fn oversight(t: &TestApp) -> Vec<(String, String, String)> {
    let sup = who(t, "supervisor.cc");
    let mut c = t.conn();
    let sc = fuyu::auth::scope::institution_scope(&mut c, &sup.user).unwrap();
    let o = op(t, &sup);
    service::oversight::report(&mut c, &sc, o.today, o.tr)
        .unwrap()
        .into_iter()
        .map(|l| (l.kind.to_string(), l.reference, l.detail))
        .collect()
}

/// A batch from 农安 with these children; submitted and accepted when asked.
fn batch(t: &TestApp, kids: &[fuyu::archive::ChildId], submit: bool, accept: bool) -> BatchId {
    let (officer, head_cc) = (who(t, "transfer.na"), who(t, "head.cc"));
    let mut c = t.conn();
    let b =
        service::roster::create_with_children(&mut c, &op(t, &officer), None, "", planned(), kids)
            .unwrap();
    if submit {
        service::act(
            &mut c,
            &op(t, &officer),
            b,
            BatchAction::Submit,
            "",
            version(t, b),
        )
        .unwrap();
    }
    if accept {
        service::act(
            &mut c,
            &op(t, &head_cc),
            b,
            BatchAction::Accept,
            "",
            version(t, b),
        )
        .unwrap();
    }
    b
}

fn tc_of(t: &TestApp, b: BatchId, child: fuyu::archive::ChildId) -> Option<i64> {
    tc::table
        .filter(tc::batch_id.eq(b))
        .filter(tc::child_id.eq(child))
        .select(tc::id)
        .first(&mut t.conn())
        .optional()
        .unwrap()
}

#[test]
fn a_child_parked_in_a_draft_stays_not_sent_until_submission() {
    let t = TestApp::new();
    let (child, no) = long_term_kids(&t)[0].clone();
    let b = batch(&t, &[child], false, false);
    assert!(
        oversight(&t)
            .iter()
            .any(|(k, r, _)| k == "not-sent" && *r == no),
        "a draft moves nobody: the child is still 应移送未移送"
    );
    let officer = who(&t, "transfer.na");
    service::act(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        BatchAction::Submit,
        "",
        version(&t, b),
    )
    .unwrap();
    assert!(!oversight(&t).iter().any(|(_, r, _)| *r == no));
}

#[test]
fn stale_and_overdue_drafts_reach_the_supervisor_and_the_sender() {
    let t = TestApp::new();
    let (child, _) = long_term_kids(&t)[0].clone();
    let b = batch(&t, &[child], false, false);
    let reference = format!("#{b}");
    assert!(!oversight(&t)
        .iter()
        .any(|(k, r, _)| k == "stale-draft" && *r == reference));
    // Started 31 days ago (the national default is 30) and planned for last week.
    let now = start_time();
    diesel::update(tb::table.find(b))
        .set((
            tb::created_at.eq(now - chrono::Duration::days(31)),
            tb::planned_date.eq(now.date() - chrono::Duration::days(7)),
        ))
        .execute(&mut t.conn())
        .unwrap();
    let lines = oversight(&t);
    assert!(lines
        .iter()
        .any(|(k, r, _)| k == "stale-draft" && *r == reference));
    assert!(lines
        .iter()
        .any(|(k, r, _)| k == "overdue" && *r == reference));
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let keys: Vec<String> = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::dedupe_key.like(format!("transfer.overdue.%.{b}")))
        .select(tasks::dedupe_key)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(
        keys,
        vec![format!("transfer.overdue.sender.{b}")],
        "an overdue draft is the sender's task only (the receiver cannot see a draft)"
    );
}

#[test]
fn either_head_removes_a_child_after_acceptance_and_both_sides_see_it() {
    let t = TestApp::new();
    let kids = long_term_kids(&t);
    let (a, b_child) = (kids[0].0, kids[1].0);
    let b = batch(&t, &[a, b_child], true, true);
    let (officer, social_cc, head_cc) = (
        who(&t, "transfer.na"),
        who(&t, "social.cc"),
        who(&t, "head.cc"),
    );
    let tca = tc_of(&t, b, a).unwrap();
    for w in [&officer, &social_cc] {
        assert!(matches!(
            service::roster::remove_child(&mut t.conn(), &op(&t, w), b, tca, "儿童已被收养"),
            Err(AppError::Forbidden)
        ));
    }
    assert!(service::roster::remove_child(&mut t.conn(), &op(&t, &head_cc), b, tca, " ").is_err());
    service::roster::remove_child(&mut t.conn(), &op(&t, &head_cc), b, tca, "儿童已被收养")
        .unwrap();
    assert_eq!(tc_of(&t, b, a), None);
    let open: Option<i64> = tc::table
        .filter(tc::open_child_id.eq(a))
        .select(tc::id)
        .first(&mut t.conn())
        .optional()
        .unwrap();
    assert_eq!(open, None, "the child can join another transfer");
    let detail: String = te::table
        .filter(te::batch_id.eq(b))
        .filter(te::action.eq("remove_child"))
        .select(te::detail)
        .first(&mut t.conn())
        .unwrap();
    assert!(detail.ends_with("儿童已被收养"));
    let _ = b_child;
}

#[actix_web::test]
async fn removal_after_acceptance_is_listed_for_both_sides() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let kids = long_term_kids(&t);
    let b = batch(&t, &[kids[0].0, kids[1].0], true, true);
    let tca = tc_of(&t, b, kids[0].0).unwrap();
    let mut head_na = login(&app, "head.na").await;
    let page = head_na.get(&app, &format!("/transfers/{b}")).await;
    assert!(page
        .body
        .contains(&format!("/transfers/{b}/children/{tca}/remove")));
    let p = head_na
        .post(
            &app,
            &format!("/transfers/{b}/children/{tca}/remove"),
            &[("reason", "儿童已由监护人领回")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    for user in ["head.cc", "transfer.na"] {
        let mut u = login(&app, user).await;
        let body = u.get(&app, &format!("/transfers/{b}")).await.body;
        assert!(body.contains("id=\"removed-children\""), "{user}");
        assert!(body.contains("儿童已由监护人领回"), "{user}");
    }
}

#[actix_web::test]
async fn discharge_of_a_child_in_an_open_transfer_removes_it_in_the_same_step_or_is_refused() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, _) = long_term_kids(&t)[0].clone();
    let b = batch(&t, &[child], true, true);
    let reference: String = tb::table
        .find(b)
        .select(tb::reference)
        .first::<Option<String>>(&mut t.conn())
        .unwrap()
        .unwrap();
    let mut head = login(&app, "head.na").await;
    let form = head
        .get(&app, &format!("/children/{child}/discharge"))
        .await;
    assert!(form.body.contains(&reference), "the page names the batch");
    assert!(form.body.contains("name=\"release_holds\""));
    let v: i32 = children::table
        .find(child)
        .select(children::version)
        .first(&mut t.conn())
        .unwrap();
    let date = start_time().date().to_string();
    let mut fields = vec![
        ("discharge_reason", "adopted"),
        ("discharge_date", date.as_str()),
        ("discharge_note", ""),
        ("confirm", "yes"),
    ];
    let vs = v.to_string();
    fields.push(("version", vs.as_str()));
    let p = head
        .post(&app, &format!("/children/{child}/discharge"), &fields)
        .await;
    assert_eq!(p.status, 422, "refused without taking the child out");
    assert!(p.body.contains("release_holds-error"));
    let status: String = children::table
        .find(child)
        .select(children::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "active");
    assert!(tc_of(&t, b, child).is_some());
    fields.push(("release_holds", "yes"));
    let p = head
        .post(&app, &format!("/children/{child}/discharge"), &fields)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(tc_of(&t, b, child), None, "taken out of the batch");
    let detail: String = te::table
        .filter(te::batch_id.eq(b))
        .filter(te::action.eq("remove_child"))
        .select(te::detail)
        .first(&mut t.conn())
        .unwrap();
    assert!(detail.contains("离院"), "{detail}");
}

#[actix_web::test]
async fn either_head_cancels_an_accepted_batch_with_a_reason_and_the_children_are_free() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, no) = long_term_kids(&t)[0].clone();
    let b = batch(&t, &[child], true, true);
    let v = version(&t, b).to_string();
    let path = format!("/transfers/{b}/actions");
    let mut officer = login(&app, "transfer.na").await;
    officer.get(&app, &format!("/transfers/{b}")).await;
    let p = officer
        .post(
            &app,
            &path,
            &[
                ("action", "cancel"),
                ("reason", "x"),
                ("version", &v),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(
        p.status, 403,
        "a transfer officer does not stop a handover under way"
    );
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, &format!("/transfers/{b}")).await;
    assert!(
        page.body.contains("id=\"cancel-transfer\""),
        "the receiving head is offered it"
    );
    let p = head
        .post(
            &app,
            &path,
            &[
                ("action", "cancel"),
                ("reason", "接收机构暂无床位"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "confirmation required");
    let p = head
        .post(
            &app,
            &path,
            &[
                ("action", "cancel"),
                ("reason", "接收机构暂无床位"),
                ("version", &v),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (state, reason): (String, String) = tb::table
        .find(b)
        .select((tb::state, tb::state_reason))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (state.as_str(), reason.as_str()),
        ("cancelled", "接收机构暂无床位")
    );
    let body = officer.get(&app, &format!("/transfers/{b}")).await.body;
    assert!(
        body.contains("接收机构暂无床位"),
        "the sender sees the reason"
    );
    assert!(oversight(&t)
        .iter()
        .any(|(k, r, _)| k == "not-sent" && *r == no));
    let audited: Vec<(String, String)> = fuyu::db::schema::audit_log::table
        .filter(fuyu::db::schema::audit_log::record_id.eq(Some(b.to_string())))
        .filter(fuyu::db::schema::audit_log::resource_type.eq("transfer"))
        .select((
            fuyu::db::schema::audit_log::actor_name,
            fuyu::db::schema::audit_log::detail,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert!(
        audited
            .iter()
            .any(|(who, d)| who == "head.cc" && d == "cancelled"),
        "{audited:?}"
    );
}

#[actix_web::test]
async fn a_deferred_child_shows_as_deferred_with_a_review_task() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, no) = long_term_kids(&t)[0].clone();
    let mut officer = login(&app, "transfer.na").await;
    let page = officer.get(&app, "/transfers/deferrals").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&no));
    let past = (start_time().date() - chrono::Duration::days(1)).to_string();
    let p = officer
        .post(
            &app,
            "/transfers/deferrals",
            &[
                ("child_id", &child.to_string()),
                ("reason", "初三在读，待中考后移交"),
                ("review_date", &past),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("review_date-error") && p.body.contains("初三在读"));
    let p = officer
        .post(
            &app,
            "/transfers/deferrals",
            &[
                ("child_id", &child.to_string()),
                ("reason", "初三在读，待中考后移交"),
                ("review_date", "2027-07-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let lines = oversight(&t);
    assert!(!lines.iter().any(|(k, r, _)| k == "not-sent" && *r == no));
    assert!(lines
        .iter()
        .any(|(k, r, d)| k == "deferred" && *r == no && d.contains("2027-07-01")));
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let (due, inst): (chrono::NaiveDate, Option<i64>) = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::dedupe_key.like("transfer.deferral.%"))
        .select((tasks::due_date, tasks::institution_id))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(due.to_string(), "2027-07-01");
    assert_eq!(inst, Some(inst_id(&t, "NA-CWI")));
    // The review ends it: the child is not sent again.
    let page = officer.get(&app, "/transfers/deferrals").await;
    let id = page
        .body
        .split("action=\"/transfers/deferrals/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let p = officer
        .post(
            &app,
            &format!("/transfers/deferrals/{id}"),
            &[("action", "end"), ("note", "中考结束"), ("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(oversight(&t)
        .iter()
        .any(|(k, r, _)| k == "not-sent" && *r == no));
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, "/transfers/oversight").await.status, 200);
}

fn inst_id(t: &TestApp, code: &str) -> i64 {
    inst(t, code).0
}

fn file_document(t: &TestApp, child: fuyu::archive::ChildId, title: &str) -> i64 {
    let by: i64 = who(t, "head.na").user.id.0;
    let mut c = t.conn();
    diesel::insert_into(cd::table)
        .values((
            cd::child_id.eq(child),
            cd::section.eq("medical"),
            cd::doc_type.eq("health-check"),
            cd::title.eq(title),
            cd::issuing_body.eq(""),
            cd::sha256.eq("0".repeat(64)),
            cd::mime.eq("application/pdf"),
            cd::size_bytes.eq(1_i64),
            cd::original_name.eq("x.pdf"),
            cd::uploaded_by.eq(by),
            cd::uploaded_at.eq(start_time()),
        ))
        .execute(&mut c)
        .unwrap();
    cd::table
        .filter(cd::title.eq(title))
        .select(cd::id)
        .first(&mut c)
        .unwrap()
}

fn document_lines(t: &TestApp, tcid: i64) -> Vec<Option<i64>> {
    ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .filter(ti::code.eq("document"))
        .select(ti::document_id)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_list_follows_the_archive_until_acceptance_and_shows_later_changes() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, _) = long_term_kids(&t)[0].clone();
    let b = batch(&t, &[child], false, false);
    let tcid = tc_of(&t, b, child).unwrap();
    let early = file_document(&t, child, "2026年体检报告（补）");
    assert!(!document_lines(&t, tcid).contains(&Some(early)));
    let officer = who(&t, "transfer.na");
    service::act(
        &mut t.conn(),
        &op(&t, &officer),
        b,
        BatchAction::Submit,
        "",
        version(&t, b),
    )
    .unwrap();
    assert!(
        document_lines(&t, tcid).contains(&Some(early)),
        "a document filed before submission is on the list"
    );
    let head_cc = who(&t, "head.cc");
    service::act(
        &mut t.conn(),
        &op(&t, &head_cc),
        b,
        BatchAction::Accept,
        "",
        version(&t, b),
    )
    .unwrap();
    let lines_at_acceptance = document_lines(&t, tcid);
    let late = file_document(&t, child, "受理后补充的诊断证明");
    let mut head = login(&app, "head.cc").await;
    let page = head
        .get(&app, &format!("/transfers/{b}/children/{tcid}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"docs-changed\""));
    assert!(page.body.contains("受理后补充的诊断证明"));
    assert_eq!(
        document_lines(&t, tcid),
        lines_at_acceptance,
        "the accepted list itself is not rewritten"
    );
    let _ = late;
}
