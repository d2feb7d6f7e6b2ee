//! The audit hash chain catches an altered or removed row.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::audit::{self, Verify};
use fuyu::db::schema::audit_log as a;

#[actix_web::test]
async fn verify_catches_altered_and_removed_rows() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for u in ["admin", "head.cc", "caregiver.cc"] {
        login(&app, u).await;
    }
    let mut c = t.conn();
    let Verify::Intact { rows } = audit::verify(&mut c).unwrap() else {
        panic!("chain should be intact")
    };
    assert!(rows >= 15, "seed + logins recorded: {rows}");
    let ids: Vec<i64> = a::table
        .select(a::id)
        .order(a::id.asc())
        .load(&mut c)
        .unwrap();
    let victim = ids[ids.len() / 2];
    diesel::update(a::table.find(victim))
        .set(a::outcome.eq("failure"))
        .execute(&mut c)
        .unwrap();
    assert!(
        matches!(audit::verify(&mut c).unwrap(), Verify::Broken { row_id, .. } if row_id == victim)
    );
    diesel::update(a::table.find(victim))
        .set(a::outcome.eq("success"))
        .execute(&mut c)
        .unwrap();
    // Restoring the content restores the chain, proving it was exactly that field.
    assert!(matches!(
        audit::verify(&mut c).unwrap(),
        Verify::Intact { .. }
    ));
    let removed = ids[3];
    diesel::delete(a::table.find(removed))
        .execute(&mut c)
        .unwrap();
    assert!(
        matches!(audit::verify(&mut c).unwrap(), Verify::Broken { row_id, .. } if row_id == ids[4])
    );
}

#[actix_web::test]
async fn admin_filters_the_log_and_others_cannot() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut bad = Browser::anonymous();
    bad.post_raw(
        &app,
        "/login",
        &[("username", "head.jl"), ("password", "wrong-wrong-1")],
    )
    .await;
    let mut adm = login(&app, "admin").await;
    let p = adm
        .get(&app, "/admin/audit?actor=head.jl&action=login")
        .await;
    assert_eq!(p.status, 200);
    assert!(
        p.body.contains("失败"),
        "the outcome in Chinese: {}",
        p.body
    );
    assert!(!p.body.contains("<td>admin</td>"), "filtered to one actor");
    let mut s = login(&app, "supervisor.jl").await;
    assert_eq!(s.get(&app, "/admin/audit").await.status, 403);
}
