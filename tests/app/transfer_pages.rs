//! The transfer pages, driven like a browser: a county officer and a city head through a whole handover.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    children, institutions, transfer_batches as tb, transfer_children as tc, transfer_items as ti,
};

#[actix_web::test]
async fn county_officer_and_city_head_complete_a_handover_in_the_pages() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let na: i64 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let child: i64 = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let mut officer = login(&app, "transfer.na").await;
    assert!(officer
        .get(&app, "/transfers")
        .await
        .body
        .contains("href=\"/transfers/new\""));
    assert!(officer
        .get(&app, "/transfers/new")
        .await
        .body
        .contains("id=\"new-transfer\""));
    let p = officer
        .post(
            &app,
            "/transfers",
            &[
                ("receiver", ""),
                ("reason", ""),
                ("planned_date", "2026-12-15"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let loc = p.location.unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    officer.get(&app, &loc).await;
    assert_eq!(
        officer
            .post(
                &app,
                &format!("/transfers/{id}/children"),
                &[("child_id", &child.to_string())]
            )
            .await
            .status,
        303
    );
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut head = login(&app, "head.cc").await;
    // The submission is the receiving head's task at once, without waiting for the daily pass, with
    // what to do and a button straight to the batch.
    let home = head.get(&app, "/").await.body;
    assert!(
        home.contains(&format!("移交 第{id}号")) && home.contains("审核并接收移交"),
        "the receiving head has a task: {home}"
    );
    assert!(home.contains(&format!("href=\"/transfers/{id}\"")));
    assert!(home.contains("id=\"group-today\""), "due today");
    let page = head.get(&app, &format!("/transfers/{id}")).await;
    assert!(page.body.contains("已提交") && page.body.contains("农安县儿童福利院"));
    assert_eq!(
        head.post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "accept"), ("version", "2")]
        )
        .await
        .status,
        303
    );
    let tcid: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .select(tc::id)
        .first(&mut t.conn())
        .unwrap();
    let child_page = format!("/transfers/{id}/children/{tcid}");
    officer.get(&app, &child_page).await;
    let p = officer
        .post(
            &app,
            &format!("{child_page}/plan"),
            &[
                ("adaptation_plan", "两次探访"),
                ("child_opinion", "同意"),
                ("hukou", "moved"),
                ("hukou_new_place", "长春市二道区"),
                ("new_school", "实验小学"),
                // Completion needs the allowance month (issue 10 point 19).
                ("allowance_from_month", "2027-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let items: Vec<(i64, i32)> = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .select((ti::id, ti::version))
        .load(&mut t.conn())
        .unwrap();
    for (item, v) in &items {
        let p = officer
            .post(
                &app,
                &format!("/transfers/{id}/items/{item}"),
                &[
                    ("action", "hand-over"),
                    ("note", "已清点"),
                    ("version", &v.to_string()),
                    ("back", &tcid.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    // A sender cannot mark received.
    let (first, v1): (i64, i32) = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .select((ti::id, ti::version))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        officer
            .post(
                &app,
                &format!("/transfers/{id}/items/{first}"),
                &[("action", "receive"), ("version", &v1.to_string())]
            )
            .await
            .status,
        403
    );
    head.get(&app, &child_page).await;
    let items: Vec<(i64, i32)> = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .select((ti::id, ti::version))
        .load(&mut t.conn())
        .unwrap();
    for (item, v) in &items {
        assert_eq!(
            head.post(
                &app,
                &format!("/transfers/{id}/items/{item}"),
                &[
                    ("action", "receive"),
                    ("version", &v.to_string()),
                    ("back", &tcid.to_string())
                ]
            )
            .await
            .status,
            303
        );
    }
    let page = head.get(&app, &child_page).await;
    assert!(page.body.contains("id=\"complete-child\""));
    assert_eq!(
        head.post(
            &app,
            &format!("{child_page}/complete"),
            &[("confirm", "yes")]
        )
        .await
        .status,
        303
    );
    let state: String = tb::table
        .find(id)
        .select(tb::state)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(state, "completed");
    // The handover tasks close at once; what stays is confirming the moved hukou (issue 10 point 19).
    let home = head.get(&app, "/").await.body;
    assert_eq!(
        home.matches(&format!("移交 第{id}号")).count(),
        1,
        "tasks close when done, at once: {home}"
    );
    assert!(home.contains(&format!("href=\"/transfers/{id}/children/{tcid}\"")));
    let page = head.get(&app, &format!("/transfers/{id}")).await;
    assert!(page.body.contains("移交完成"), "timeline shows completion");
    // The handover list PDF, per batch and per child, read back with pdftotext.
    for uri in [
        format!("/transfers/{id}/handover.pdf"),
        format!("{child_page}/handover.pdf"),
    ] {
        let f = head.fetch(&app, &uri).await;
        assert_eq!(f.status, 200, "{uri}");
        let bytes = f.bytes;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("h.pdf"), &bytes).unwrap();
        let out = std::process::Command::new(require_tool("pdftotext"))
            .arg(dir.path().join("h.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for s in [
            "儿童移交清单",
            "农安县儿童福利院",
            "长春市儿童福利院",
            "儿童本人",
            "已接收",
            "长春市二道区",
            "代管财产合计",
            "监督民政部门",
            "签字",
        ] {
            assert!(text.contains(s), "{s} in {uri}: {text}");
        }
    }
    // Others: a caregiver has no transfer pages; another city's head sees nothing.
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/transfers").await.status, 403);
    let mut jl = login(&app, "head.jl").await;
    assert_eq!(jl.get(&app, &format!("/transfers/{id}")).await.status, 404);
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(
        sup.get(&app, &format!("/transfers/{id}")).await.status,
        200,
        "the supervisor oversees"
    );
    assert_eq!(
        sup.post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "cancel"), ("reason", "x"), ("version", "3")]
        )
        .await
        .status,
        403
    );
}

#[actix_web::test]
async fn supervisors_see_what_should_be_sent_and_received_as_page_and_csv() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    let page = sup.get(&app, "/transfers/oversight").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("应移送未移送") && page.body.contains("农安县儿童福利院"));
    assert!(
        !page.body.contains("永吉县儿童福利院"),
        "another city's counties are outside the division"
    );
    // Put one 农安 child into a submitted transfer: it leaves "not sent" and appears as "not received".
    let mut officer = login(&app, "transfer.na").await;
    officer.get(&app, "/transfers").await;
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "2026-11-25")])
        .await;
    let id: i64 = p
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let na: i64 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let (child, no): (i64, String) = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .filter(
            children::intake_category
                .like("2018-%")
                .or(children::intake_category.like("lt-%")),
        )
        .select((children::id, children::archive_no))
        .first(&mut t.conn())
        .unwrap();
    assert!(sup
        .get(&app, "/transfers/oversight")
        .await
        .body
        .contains(&no));
    officer
        .post(
            &app,
            &format!("/transfers/{id}/children"),
            &[("child_id", &child.to_string())],
        )
        .await;
    officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;
    let page = sup.get(&app, "/transfers/oversight").await;
    assert!(
        !page.body.contains(&no),
        "a child in an open transfer is not 'not sent'"
    );
    assert!(page.body.contains("应接收未接收") && page.body.contains(&format!("#{id}")));
    t.clock.advance(chrono::Duration::days(5));
    let mut sup = login(&app, "supervisor.cc").await;
    assert!(
        sup.get(&app, "/transfers/oversight")
            .await
            .body
            .contains("逾期未交接"),
        "past the planned date"
    );
    let f = sup.fetch(&app, "/transfers/oversight.csv").await;
    assert_eq!(f.status, 200);
    let bytes = f.bytes;
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "BOM for spreadsheets"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.lines().next().unwrap().contains("类别")
            && text.contains("应接收未接收")
            && text.contains("逾期未交接")
    );
    let exports: i64 = fuyu::db::schema::audit_log::table
        .filter(fuyu::db::schema::audit_log::action.eq("export"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(exports, 1, "the export is audited");
    // The same lines as a workbook, read back by calamine, audited too.
    let x = sup.fetch(&app, "/transfers/oversight.xlsx").await;
    assert_eq!(x.status, 200);
    let sheets = crate::support::xlsx_sheets(&x.bytes);
    let rows = &sheets[0].1;
    assert_eq!(rows.len(), text.lines().count(), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "应接收未接收"), "{rows:?}");
    let exports: i64 = fuyu::db::schema::audit_log::table
        .filter(fuyu::db::schema::audit_log::action.eq("export"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(exports, 2);
    let mut head = login(&app, "head.cc").await;
    assert_eq!(head.get(&app, "/transfers/oversight").await.status, 403);
    assert_eq!(head.get(&app, "/transfers/oversight.csv").await.status, 403);
}

#[actix_web::test]
async fn the_transfer_api_runs_a_whole_handover() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = |v: serde_json::Value| v["token"].as_str().unwrap().to_string();
    let officer = tok(api_token(&app, "transfer.na", PW).await.1);
    let head = tok(api_token(&app, "head.cc", PW).await.1);
    let na: i64 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let child: i64 = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let post = |uri: String, token: &str, body: serde_json::Value| {
        test::TestRequest::post()
            .uri(&uri)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .set_json(body)
            .to_request()
    };
    let p = send(
        &app,
        post(
            "/api/v1/transfers".into(),
            &officer,
            serde_json::json!({"planned_date": "2026-12-01", "child_ids": [child]}),
        ),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let created: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let id = created["batch"]["id"].as_i64().unwrap();
    // Lists are scoped: the receiver does not see a draft; another city's head never sees it.
    let ids = |v: serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert!(ids(api_get(&app, "/api/v1/transfers", &officer).await.1).contains(&id));
    assert!(
        !ids(api_get(&app, "/api/v1/transfers", &head).await.1).contains(&id),
        "drafts are the sender's"
    );
    assert_eq!(
        send(
            &app,
            post(
                format!("/api/v1/transfers/{id}/actions"),
                &officer,
                serde_json::json!({"action": "submit", "version": 1})
            )
        )
        .await
        .status,
        200
    );
    assert_eq!(
        send(
            &app,
            post(
                format!("/api/v1/transfers/{id}/actions"),
                &head,
                serde_json::json!({"action": "accept", "version": 2})
            )
        )
        .await
        .status,
        200
    );
    let sup = tok(api_token(&app, "supervisor.cc", PW).await.1);
    let other = tok(api_token(&app, "head.jl", PW).await.1);
    assert!(ids(api_get(&app, "/api/v1/transfers", &head).await.1).contains(&id));
    assert!(
        ids(api_get(&app, "/api/v1/transfers", &sup).await.1).contains(&id),
        "the supervisor oversees"
    );
    assert!(
        !ids(api_get(&app, "/api/v1/transfers", &other).await.1).contains(&id),
        "another city sees nothing"
    );
    let (s, d) = api_get(&app, &format!("/api/v1/transfers/{id}"), &officer).await;
    assert_eq!(s, 200);
    let items: Vec<(i64, i64)> = d["children"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_i64().unwrap(), i["version"].as_i64().unwrap()))
        .collect();
    let bad = send(
        &app,
        post(
            format!(
                "/api/v1/transfers/{id}/children/{child}/items/{}",
                items[0].0
            ),
            &officer,
            serde_json::json!({"action": "hand-over", "amount": "-3", "version": items[0].1}),
        ),
    )
    .await;
    assert_eq!(bad.status, 400, "negative amount refused");
    for (item, v) in &items {
        let p = send(
            &app,
            post(
                format!("/api/v1/transfers/{id}/children/{child}/items/{item}"),
                &officer,
                serde_json::json!({"action": "hand-over", "version": v}),
            ),
        )
        .await;
        assert_eq!(p.status, 200, "{}", p.body);
    }
    for (item, v) in &items {
        let p = send(
            &app,
            post(
                format!("/api/v1/transfers/{id}/children/{child}/items/{item}"),
                &head,
                serde_json::json!({"action": "confirm", "version": v + 1}),
            ),
        )
        .await;
        assert_eq!(p.status, 200, "{}", p.body);
    }
    // The plan (hukou decision, opinion) is still missing: completion says so.
    let p = send(
        &app,
        post(
            format!("/api/v1/transfers/{id}/children/{child}/complete"),
            &head,
            serde_json::json!({}),
        ),
    )
    .await;
    assert_eq!(p.status, 400);
    let tcid: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .select(tc::id)
        .first(&mut t.conn())
        .unwrap();
    {
        let user = fuyu::auth::model::by_username(&mut t.conn(), "transfer.na")
            .unwrap()
            .unwrap();
        let actor = fuyu::audit::Actor::system("test");
        let op = fuyu::platform::Op::now(
            fuyu::platform::i18n::catalogue(fuyu::platform::i18n::Lang::Zh),
            &user,
            &actor,
            t.clock.as_ref(),
        );
        let plan = fuyu::transfer::service::Plan {
            adaptation_plan: "",
            special_needs: "",
            sibling_note: "",
            child_opinion: "同意",
            hukou_moved: false,
            hukou_new_place: "",
            hukou_keep_reason: "保留承包地权益",
            new_school: "",
            allowance_from_month: "2027-01",
        };
        fuyu::transfer::service::save_plan(
            &mut t.conn(),
            &op,
            fuyu::transfer::model::BatchId(id),
            tcid,
            &plan,
        )
        .unwrap();
    }
    let p = send(
        &app,
        post(
            format!("/api/v1/transfers/{id}/children/{child}/complete"),
            &head,
            serde_json::json!({}),
        ),
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let done: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(done["batch"]["state"], "completed");
    let req = test::TestRequest::get()
        .uri(&format!("/api/v1/transfers/{id}/handover.pdf"))
        .insert_header(("Authorization", format!("Bearer {head}")))
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), 200);
    assert!(test::read_body(resp).await.starts_with(b"%PDF"));
    let jl = tok(api_token(&app, "head.jl", PW).await.1);
    assert_eq!(
        api_get(&app, &format!("/api/v1/transfers/{id}"), &jl)
            .await
            .0,
        404
    );
    let care = tok(api_token(&app, "caregiver.cc", PW).await.1);
    assert_eq!(api_get(&app, "/api/v1/transfers", &care).await.0, 403);
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    for p in [
        "/api/v1/transfers",
        "/api/v1/transfers/{id}",
        "/api/v1/transfers/{id}/actions",
        "/api/v1/transfers/{id}/children/{child_id}/items/{item_id}",
        "/api/v1/transfers/{id}/children/{child_id}/complete",
        "/api/v1/transfers/{id}/handover.pdf",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p} described");
    }
}

/// The pages of issue 9, scoped and permission-checked: the discharge page (another institution's
/// child → 404, a caregiver → 403), the new-transfer page (a caregiver → 403) and removing a child
/// from a batch (another institution → 404, the receiving side → 403).
#[actix_web::test]
async fn new_pages_are_scoped_and_permission_checked() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (na, cc) = {
        use fuyu::db::schema::institutions as i;
        let id = |code: &str| -> i64 {
            i::table
                .filter(i::code.eq(code))
                .select(i::id)
                .first(&mut t.conn())
                .unwrap()
        };
        (id("NA-CWI"), id("CC-CWI"))
    };
    let child_of = |inst: i64| -> i64 {
        children::table
            .filter(children::institution_id.eq(inst))
            .filter(children::status.eq("active"))
            .select(children::id)
            .first(&mut t.conn())
            .unwrap()
    };
    let (na_child, cc_child) = (child_of(na), child_of(cc));
    let mut head = login(&app, "head.cc").await;
    assert_eq!(
        head.get(&app, &format!("/children/{cc_child}/discharge"))
            .await
            .status,
        200
    );
    assert_eq!(
        head.get(&app, &format!("/children/{na_child}/discharge"))
            .await
            .status,
        404
    );
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.get(&app, &format!("/children/{cc_child}/discharge"))
            .await
            .status,
        403
    );
    assert_eq!(care.get(&app, "/transfers/new").await.status, 403);
    // A draft of 农安 with one child: 长春 (receiver, not yet submitted) sees nothing; once submitted the
    // receiving social worker may look but not remove; 吉林 never sees it.
    let mut officer = login(&app, "transfer.na").await;
    officer.get(&app, "/transfers/new").await;
    let p = officer
        .post(
            &app,
            "/transfers",
            &[
                ("planned_date", "2026-12-15"),
                ("child_id", &na_child.to_string()),
            ],
        )
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
    let tcid: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .select(tc::id)
        .first(&mut t.conn())
        .unwrap();
    let remove = format!("/transfers/{id}/children/{tcid}/remove");
    let mut jl = login(&app, "head.jl").await;
    jl.get(&app, "/").await;
    assert_eq!(jl.post(&app, &remove, &[("reason", "x")]).await.status, 404);
    officer.get(&app, &format!("/transfers/{id}")).await;
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Issue 10 point 13: once submitted, the head of either side may take a child out; the receiving
    // social worker may not.
    let mut social = login(&app, "social.cc").await;
    social.get(&app, &format!("/transfers/{id}")).await;
    assert_eq!(
        social.post(&app, &remove, &[("reason", "x")]).await.status,
        403
    );
    let still: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(still, 1, "nothing removed");
}
