//! Admin institution pages: per-field errors with input kept, nothing half-written, stale edits refused.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::institutions as i;

fn count(t: &TestApp) -> i64 {
    i::table.count().get_result(&mut t.conn()).unwrap()
}

#[actix_web::test]
async fn create_with_bad_input_keeps_input_and_writes_nothing() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.get(&app, "/admin/institutions/new").await;
    let before = count(&t);
    let p = a
        .post(
            &app,
            "/admin/institutions",
            &[
                ("code", "BAD CODE!"),
                ("kind", "zoo"),
                ("name", "德惠市儿童福利院"),
                ("division_code", "99"),
                ("contact_email", "not-mail"),
                ("bed_capacity", "-3"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    for msg in [
        "只能使用字母、数字和连字符",
        "请从列表中选择",
        "邮箱格式不正确",
        "请输入 0 到 10000 之间的整数",
    ] {
        assert!(p.body.contains(msg), "{msg}");
    }
    assert!(p.body.contains("value=\"德惠市儿童福利院\""), "input kept");
    assert_eq!(count(&t), before);
    // Duplicate code.
    let p = a
        .post(
            &app,
            "/admin/institutions",
            &[
                ("code", "CC-CWI"),
                ("kind", "county-welfare"),
                ("name", "x"),
                ("division_code", "2201"),
                ("bed_capacity", "1"),
            ],
        )
        .await;
    assert!(p.body.contains("已被使用"));
    assert_eq!(count(&t), before);
    let p = a
        .post(
            &app,
            "/admin/institutions",
            &[
                ("code", "DH-CWI"),
                ("kind", "county-welfare"),
                ("name", "德惠市儿童福利院"),
                ("division_code", "2201"),
                ("address", "德惠市"),
                ("contact_email", "cwi@dh.fuyu.invalid"),
                ("bed_capacity", "20"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(count(&t), before + 1);
    let mut c = t.conn();
    assert!(audit_count(&mut c, "create", "success") > 0);
}

#[actix_web::test]
async fn english_user_sees_english_field_errors() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.post(&app, "/account/language", &[("language", "en")])
        .await;
    a.get(&app, "/admin/institutions/new").await;
    let p = a
        .post(
            &app,
            "/admin/institutions",
            &[("code", ""), ("bed_capacity", "lots")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("Required.") && p.body.contains("Enter a whole number from 0 to 10000"),
        "{}",
        p.body
    );
}

#[actix_web::test]
async fn stale_edit_is_a_conflict_and_changes_nothing() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    let id: i64 = i::table
        .filter(i::code.eq("YS-CWI"))
        .select(i::id)
        .first(&mut t.conn())
        .unwrap();
    let form = a.get(&app, &format!("/admin/institutions/{id}/edit")).await;
    assert!(form.body.contains("name=\"version\" value=\"1\""));
    let fields = [
        ("code", "YS-CWI"),
        ("kind", "county-welfare"),
        ("name", "榆树市儿童福利院"),
        ("division_code", "220182"),
        ("address", "榆树市"),
        ("contact_email", "cwi@ys.fuyu.invalid"),
        ("bed_capacity", "30"),
        ("version", "1"),
    ];
    assert_eq!(
        a.post(&app, &format!("/admin/institutions/{id}"), &fields)
            .await
            .status,
        303
    );
    let mut f2 = fields;
    f2[7] = ("version", "1");
    f2[6] = ("bed_capacity", "99");
    let p = a
        .post(&app, &format!("/admin/institutions/{id}"), &f2)
        .await;
    assert_eq!(p.status, 409);
    let beds: i32 = i::table
        .find(id)
        .select(i::bed_capacity)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(beds, 30);
    // The page shows the saved values and keeps what was typed, ready to build on version 2.
    assert!(p.body.contains("id=\"stale\"") && p.body.contains("<dd id=\"current-beds\">30</dd>"));
    assert!(p.body.contains("value=\"99\"") && p.body.contains("name=\"version\" value=\"2\""));
    let mut f3 = f2;
    f3[7] = ("version", "2");
    let p = a
        .post(&app, &format!("/admin/institutions/{id}"), &f3)
        .await;
    assert_eq!(p.status, 303, "saving again after checking applies");
    let beds: i32 = i::table
        .find(id)
        .select(i::bed_capacity)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(beds, 99);
}

#[::core::prelude::v1::test]
fn a_failed_write_transaction_leaves_nothing_behind() {
    let t = TestApp::new();
    let mut c = t.conn();
    let before = count(&t);
    let r: Result<(), diesel::result::Error> = fuyu::db::write_tx(&mut c, |c| {
        diesel::update(i::table.filter(i::code.eq("NA-CWI")))
            .set(i::bed_capacity.eq(999))
            .execute(c)?;
        // A nested transaction inside works (savepoint) …
        diesel::Connection::transaction(c, |c| {
            fuyu::audit::record(
                c,
                start_time(),
                &fuyu::audit::Actor::system("test"),
                &fuyu::audit::Event::ok("update", "institution", "x"),
            )
        })?;
        // … and a fault afterwards undoes everything.
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(r.is_err());
    let beds: i32 = i::table
        .filter(i::code.eq("NA-CWI"))
        .select(i::bed_capacity)
        .first(&mut c)
        .unwrap();
    assert_eq!(beds, 40);
    assert_eq!(count(&t), before);
    assert!(matches!(
        fuyu::audit::verify(&mut c).unwrap(),
        fuyu::audit::Verify::Intact { .. }
    ));
    let ok: Result<(), diesel::result::Error> = fuyu::db::write_tx(&mut c, |c| {
        diesel::update(i::table.filter(i::code.eq("NA-CWI")))
            .set(i::bed_capacity.eq(41))
            .execute(c)
            .map(|_| ())
    });
    assert!(ok.is_ok(), "the connection is usable after the rollback");
}
