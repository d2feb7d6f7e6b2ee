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

/// The `print` audit rows of a child.
fn print_audit(t: &TestApp, child: i64) -> Vec<(String, String)> {
    a::table
        .filter(a::action.eq("print"))
        .filter(a::resource_type.eq("child"))
        .filter(a::record_id.eq(child.to_string()))
        .select((a::outcome, a::detail))
        .load(&mut t.conn())
        .unwrap()
}

/// The PDF's text without the line breaks and spaces a table cell may add.
fn flat_pdf_text(bytes: &[u8]) -> String {
    pdf_raw_text(bytes)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[actix_web::test]
async fn adoption_head_prints_the_restricted_sections_with_a_stated_purpose() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (child, doc) = registered_child_and_doc(&t);
    let title: String = d::table
        .find(doc)
        .select(d::title)
        .first(&mut t.conn())
        .unwrap();
    let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let q = "?purpose=%E9%99%A2%E5%86%85%E5%A4%8D%E6%A0%B8"; // 院内复核
    let plain = format!("/children/{child}/archive.pdf");
    let with = format!("{plain}{q}");
    let mut head = login(&app, "head.cc").await;

    // The purpose-stated page's print link carries the purpose.
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restricted"),
            &[("purpose", "院内复核"), ("tab", "")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains(&with), "{}", p.body);

    // Without a purpose the restricted sections are left out, as before.
    let f = head.fetch(&app, &plain).await;
    assert_eq!(f.status, 200);
    let text = flat_pdf_text(&f.bytes);
    assert!(text.contains("受限分区，未打印"), "{text}");
    assert!(!text.contains(&title), "{text}");

    // With the purpose: the restricted sections are printed (the secret section's document is listed),
    // the print audited with the purpose.
    let f = head.fetch(&app, &with).await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let text = flat_pdf_text(&f.bytes);
    assert!(text.contains(&title), "{title}: {text}");
    assert!(!text.contains("受限分区，未打印"), "{text}");
    assert_eq!(
        print_audit(&t, child),
        vec![
            ("success".to_string(), "archive.pdf".to_string()),
            (
                "success".to_string(),
                "archive.pdf; purpose: 院内复核".to_string()
            ),
        ]
    );
    // A blank purpose is no purpose: the sections stay out.
    let f = head.fetch(&app, &format!("{plain}?purpose=%20%20")).await;
    assert_eq!(f.status, 200);
    assert!(flat_pdf_text(&f.bytes).contains("受限分区，未打印"));

    // Another institution's head: 404, purpose or not.
    let na = login(&app, "head.na").await;
    assert_eq!(na.fetch(&app, &with).await.status, 404);

    // A social worker may print, but the secrecy restriction does not allow the role: with a purpose
    // refused (audited `denied`), without one the PDF still leaves the sections out.
    let s = login(&app, "social.cc").await;
    assert_eq!(s.fetch(&app, &with).await.status, 403);
    let denied: Vec<(String, String)> = print_audit(&t, child)
        .into_iter()
        .filter(|(o, _)| o == "denied")
        .collect();
    assert_eq!(
        denied,
        vec![(
            "denied".to_string(),
            "archive.pdf; purpose: 院内复核".to_string()
        )]
    );
    let f = s.fetch(&app, &plain).await;
    assert_eq!(f.status, 200);
    let text = flat_pdf_text(&f.bytes);
    assert!(text.contains("受限分区，未打印") && !text.contains(&title));
}
