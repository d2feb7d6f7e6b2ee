//! Issue 13 point 5 (ADP-26, 民法典 第1110条): after registration the adopted child's archive is secret;
//! "only the head and the registrar may then open it, with a stated purpose". The head's purpose-stated
//! view serves the documents of the restricted sections as the registrar's does: the purpose on the
//! links, every download audited with it; without a purpose refused; another institution's head 404;
//! a social worker or a caregiver (roles the secrecy restriction does not allow) 403.

use crate::support::*;
use diesel::prelude::*;
use fuyu::db::schema::{adoption_applications as aa, audit_log as a, child_documents as d};

fn registered_child_and_doc(t: &TestApp) -> (i64, i64) {
    let child: i64 = aa::table
        .filter(aa::state.eq("registered"))
        .select(aa::child_id)
        .first(&mut t.conn())
        .unwrap();
    let doc: i64 = d::table
        .filter(d::child_id.eq(child))
        .select(d::id)
        .first(&mut t.conn())
        .expect("the registered demo child has a document");
    (child, doc)
}

fn document_audit(t: &TestApp, doc: i64) -> Vec<(String, String)> {
    a::table
        .filter(a::action.eq("view_document"))
        .filter(a::record_id.eq(doc.to_string()))
        .select((a::outcome, a::detail))
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn adoption_head_downloads_restricted_documents_with_a_stated_purpose() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, doc) = registered_child_and_doc(&t);
    let plain = format!("/children/{child}/documents/{doc}");
    let q = "?purpose=%E9%99%A2%E5%86%85%E5%A4%8D%E6%A0%B8"; // 院内复核
    let with = format!("{plain}{q}");
    let mut head = login(&app, "head.cc").await;

    // Without a purpose the secret section's document is refused, as before (and nothing is audited).
    for path in [plain.clone(), format!("{plain}?purpose=%20%20")] {
        assert_eq!(head.fetch(&app, &path).await.status, 404, "{path}");
    }
    assert!(document_audit(&t, doc).is_empty());

    // The purpose-stated page carries the purpose on the document links.
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restricted"),
            &[("purpose", "院内复核"), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains(&with), "{}", p.body);

    // With it: the document, audited with the purpose (no lawful ground: the head reads in scope).
    let f = head.fetch(&app, &with).await;
    assert_eq!(f.status, 200);
    assert!(!f.bytes.is_empty());
    let rows = document_audit(&t, doc);
    assert_eq!(
        rows,
        vec![(
            "success".to_string(),
            format!("child {child}; purpose: 院内复核")
        )]
    );

    // Another institution's head: 404 (the scope), purpose or not.
    let na = login(&app, "head.na").await;
    assert_eq!(na.fetch(&app, &with).await.status, 404);

    // A social worker and a caregiver of the same institution: the secrecy restriction does not allow
    // their roles — refused, the attempt audited `denied`.
    for user in ["social.cc", "caregiver.cc"] {
        let s = login(&app, user).await;
        assert_eq!(s.fetch(&app, &with).await.status, 403, "{user}");
        assert_eq!(s.fetch(&app, &plain).await.status, 404, "{user}");
    }
    let denied = document_audit(&t, doc)
        .into_iter()
        .filter(|(o, _)| o == "denied")
        .count();
    assert_eq!(denied, 2);
}
