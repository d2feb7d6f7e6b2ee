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
    {
        use fuyu::clock::Clock;
        fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    }
    assert!(
        head.get(&app, "/")
            .await
            .body
            .contains(&format!("第{id}号移交已提交")),
        "the receiving head has a task"
    );
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
        head.post(&app, &format!("{child_page}/complete"), &[])
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
    {
        use fuyu::clock::Clock;
        fuyu::jobs::run(&mut t.conn(), t.clock.today(), t.clock.now()).unwrap();
    }
    assert!(
        !head
            .get(&app, "/")
            .await
            .body
            .contains(&format!("第{id}号移交")),
        "tasks close when done"
    );
    let page = head.get(&app, &format!("/transfers/{id}")).await;
    assert!(page.body.contains("移交完成"), "timeline shows completion");
    // The handover list PDF, per batch and per child, read back with pdftotext.
    for uri in [
        format!("/transfers/{id}/handover.pdf"),
        format!("{child_page}/handover.pdf"),
    ] {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(&uri)
                .cookie(actix_web::cookie::Cookie::new(
                    "fuyu_session",
                    head.cookie.clone().unwrap(),
                ))
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), 200, "{uri}");
        let bytes = test::read_body(resp).await;
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
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/transfers/oversight.csv")
            .cookie(actix_web::cookie::Cookie::new(
                "fuyu_session",
                sup.cookie.clone().unwrap(),
            ))
            .to_request(),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let bytes = test::read_body(resp).await;
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
    let mut head = login(&app, "head.cc").await;
    assert_eq!(head.get(&app, "/transfers/oversight").await.status, 403);
    assert_eq!(head.get(&app, "/transfers/oversight.csv").await.status, 403);
}
