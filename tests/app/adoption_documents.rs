//! The applicants' documents (ADP-18, 登记办法 第6条, issue 13 point 2): typed uploads on the application
//! checked by the archive's checks (content sniffed, name and declared type matching), a checklist of
//! present and missing documents, registration refused with the rule cited while one is missing (a
//! stepparent needs only three), download by the bureau's registrar only, audited.

use crate::adoption_assessment::{days_ago, file, hand_in_documents, kids, register};
use crate::support::*;
use actix_web::test;
use fuyu::adoption::rules::applicant_docs::DocKind;
use fuyu::adoption::rules::Relation;
use fuyu::adoption::service::documents;

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----fuyuadoptionboundary3kQ9";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, ctype, bytes)) = file {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn upload_req(b: &Browser, id: i64, kind: &str, file: (&str, &str, &[u8])) -> actix_http::Request {
    let (ctype, body) = multipart(&[("csrf_token", &b.csrf), ("doc_type", kind)], Some(file));
    test::TestRequest::post()
        .uri(&format!("/adoption/applications/{id}/documents"))
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            b.cookie.clone().unwrap(),
        ))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request()
}

fn missing_count(body: &str) -> usize {
    body.matches("class=\"missing\"").count()
}

#[actix_web::test]
async fn adoption_documents_typed_uploads_checklist_registration_and_scoped_download() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let today = rop.today;
    let k = kids(&t);
    let id = {
        let mut c = t.conn();
        file(
            &mut c,
            &hop,
            &rop,
            k[0].id,
            days_ago(today, 40),
            Relation::None,
        )
    };
    let at = format!("/adoption/applications/{id}");
    let mut r = login(&app, "registrar.cc").await;
    let p = r.get(&app, &at).await;
    assert_eq!(p.status, 200);
    // An orphan, unrelated adopters: the six documents of 第6条, all missing.
    assert!(p.body.contains("id=\"doc-checklist\"") && p.body.contains("id=\"doc-upload-form\""));
    assert_eq!(missing_count(&p.body), 6, "{}", p.body);

    let pdf = documents::SAMPLE_PDF;
    // Not a PDF/JPEG/PNG by content: refused beside the file field, the chosen kind kept.
    let p = send(
        &app,
        upload_req(&r, id, "hukou", ("hukou.txt", "text/plain", b"hello")),
    )
    .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("id=\"file-error\""));
    assert!(p.body.contains("value=\"hukou\" selected"));
    // A PDF named .png: the content and the name disagree.
    let p = send(
        &app,
        upload_req(&r, id, "hukou", ("hukou.png", "image/png", pdf)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"file-error\""));
    // No kind chosen.
    let p = send(
        &app,
        upload_req(&r, id, "", ("a.pdf", "application/pdf", pdf)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"kind-error\""));
    assert!(documents::list(&mut t.conn(), id).unwrap().is_empty());

    // A PDF hukou: stored, audited, the checklist has one fewer missing.
    let uploads_before = audit_count(&mut t.conn(), "upload", "success");
    let p = send(
        &app,
        upload_req(&r, id, "hukou", ("户口簿.pdf", "application/pdf", pdf)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        audit_count(&mut t.conn(), "upload", "success"),
        uploads_before + 1
    );
    let p = r.get(&app, &at).await;
    assert_eq!(missing_count(&p.body), 5);
    assert!(p.body.contains("data-kind=\"hukou\" class=\"present\""));
    let doc = documents::list(&mut t.conn(), id).unwrap()[0].id;
    assert!(p.body.contains(&format!("{at}/documents/{doc}")));

    // Registration is refused while documents are missing, the rule cited and the missing ones named.
    let e = {
        let mut c = t.conn();
        register(&mut c, &rop, id, 1).expect_err("documents missing")
    };
    let msg = e.msg("documents");
    assert!(
        msg.contains("ADP-18") && msg.contains("登记办法 第6条"),
        "{msg}"
    );
    assert!(
        msg.contains("居民身份证") && !msg.contains("户口簿"),
        "{msg}"
    );

    // Download: the bureau's registrar, audited; the head and a caregiver may not.
    let views_before = audit_count(&mut t.conn(), "view_document", "success");
    let f = r.fetch(&app, &format!("{at}/documents/{doc}")).await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    assert_eq!(f.bytes, pdf);
    assert_eq!(
        audit_count(&mut t.conn(), "view_document", "success"),
        views_before + 1
    );
    for other in ["head.cc", "caregiver.cc"] {
        let b = login(&app, other).await;
        let f = b.fetch(&app, &format!("{at}/documents/{doc}")).await;
        assert_eq!(f.status, 403, "{other}");
        let p = send(
            &app,
            upload_req(&b, id, "hukou", ("a.pdf", "application/pdf", pdf)),
        )
        .await;
        assert_eq!(p.status, 403, "{other} uploads");
    }
    // The head sees the outcome, never the applicants' documents.
    let mut h = login(&app, "head.cc").await;
    let p = h.get(&app, &at).await;
    assert!(!p.body.contains("doc-checklist"));

    // A stepparent hands in only hukou, ID and the marriage certificate (第6条).
    let id2 = {
        let mut c = t.conn();
        file(
            &mut c,
            &hop,
            &rop,
            k[1].id,
            days_ago(today, 40),
            Relation::Stepparent,
        )
    };
    let app2 = fuyu::adoption::model::application(&mut t.conn(), id2)
        .unwrap()
        .unwrap();
    let lines = documents::checklist(&mut t.conn(), &app2).unwrap();
    assert_eq!(
        lines.iter().map(|l| l.kind).collect::<Vec<_>>(),
        [
            DocKind::Hukou,
            DocKind::IdCard,
            DocKind::MarriageCertificate
        ]
    );
    {
        let mut c = t.conn();
        let e = register(&mut c, &rop, id2, 1).expect_err("documents missing");
        assert!(e.has("documents"));
        hand_in_documents(&mut c, &rop, id2);
        if let Err(e) = register(&mut c, &rop, id2, 1) {
            assert!(!e.has("documents"), "{:?}", e.fields());
        }
    }
    // Another application's document is not reachable under this one.
    let doc2 = documents::list(&mut t.conn(), id2).unwrap()[0].id;
    let f = r.fetch(&app, &format!("{at}/documents/{doc2}")).await;
    assert_eq!(f.status, 404);
}
