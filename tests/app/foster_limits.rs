//! FOS-10 (家庭寄养管理办法 第9条): the family record, the annual review and a move count the family's
//! CURRENT foster children (its open placements), not zero.

use crate::foster_placement::young_child;
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{foster_families as ff, foster_steps as fs};

fn family_named(t: &TestApp, name: &str) -> i64 {
    ff::table
        .filter(ff::family_name.eq(name))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap()
}

fn set_max_children(t: &TestApp, n: &str) {
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::FOSTER_MAX_CHILDREN,
        "2201",
        n,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        "长春市 test",
        true,
        None,
        start_time(),
    )
    .unwrap();
}

#[actix_web::test]
async fn foster_annual_review_counts_the_current_foster_children_at_the_limit() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let fam = family_named(&t, "王建国家庭");
    // 王建国家庭 has one child placed; a second one brings it to the national limit of 2.
    let child = young_child(&t);
    let mut social = login(&app, "social.cc").await;
    let p = social
        .post(
            &app,
            &format!("/foster/{fam}/placements"),
            &[("child_id", &child.to_string()), ("opinion", "愿意")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Two children, limit 2 (以下 includes the number): no FOS-10 on the record or in the review.
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(!page.body.contains("FOS-10"), "{}", page.body);
    let mut head = login(&app, "head.cc").await;
    let url = format!("/foster/{fam}/annual-review");
    let p = head
        .post(&app, &url, &[("annual_decision", "continue")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // The city lowers the limit to 1: the two children now living there fail FOS-10 on the record
    // and in the annual review (before, the review counted 0 children and passed).
    set_max_children(&t, "1");
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains("FOS-10"), "{}", page.body);
    let p = head
        .post(
            &app,
            &url,
            &[
                ("annual_decision", "conditions"),
                ("annual_note", "超过寄养人数"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let data: Vec<String> = fs::table
        .filter(fs::family_id.eq(fam))
        .filter(fs::kind.eq("annual_review"))
        .order(fs::id.asc())
        .select(fs::data)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(data.len(), 2);
    let first: serde_json::Value = serde_json::from_str(&data[0]).unwrap();
    let second: serde_json::Value = serde_json::from_str(&data[1]).unwrap();
    assert!(!first.to_string().contains("FOS-10"), "{first}");
    assert!(second["engine"].to_string().contains("FOS-10"), "{second}");
    assert_eq!(second["engine"]["eligible"], false);
}

#[actix_web::test]
async fn foster_move_counts_the_current_foster_children() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let fam = family_named(&t, "王建国家庭");
    // One child placed; at a limit of 1 the move passes FOS-10 …
    set_max_children(&t, "1");
    let mut social = login(&app, "social.cc").await;
    let moved = [
        ("address", "长春市南关区人民大街1号"),
        ("residence_kind", "owned"),
        ("fixed_residence", "yes"),
        ("area", "168.6"),
    ];
    let p = social
        .post(&app, &format!("/foster/{fam}/move"), &moved)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let engine = |t: &TestApp| -> String {
        fs::table
            .filter(fs::family_id.eq(fam))
            .filter(fs::kind.eq("moved"))
            .order(fs::id.desc())
            .select(fs::data)
            .first(&mut t.conn())
            .unwrap()
    };
    assert!(!engine(&t).contains("FOS-10"), "{}", engine(&t));
    // … and the per-capita area counts the child living there: 168.6 m² over the members and the
    // child is below a local level set just above it.
    let people = {
        use fuyu::db::schema::foster_members as fm;
        let n: i64 = fm::table
            .filter(fm::family_id.eq(fam))
            .count()
            .get_result(&mut t.conn())
            .unwrap();
        n + 1
    };
    let per_head_dm2 = 16860 / people;
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::FOSTER_LOCAL_AVG_AREA_DM2,
        "2201",
        &(per_head_dm2 + 2).to_string(),
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        "长春市 test",
        true,
        None,
        start_time(),
    )
    .unwrap();
    let p = social
        .post(&app, &format!("/foster/{fam}/move"), &moved)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(engine(&t).contains("FOS-04"), "{}", engine(&t));
}
