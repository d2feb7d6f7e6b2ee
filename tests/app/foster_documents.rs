//! Typed uploads on the family record (issue 12 points 1, 5, 6): written consent per member and the
//! proofs of FOS-13 (家庭寄养管理办法 第12条(一)) feed the live engine; the archive's checks refuse a
//! file that is not what it claims; downloads are scoped and audited; a visit takes photos; a move
//! asks for the new proof of housing.

use crate::foster_pages::{create_family, SELF_MEMBER};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    audit_log, foster_documents as fd, foster_families as ff, foster_members as fm,
};

pub const PDF: &[u8] = b"%PDF-1.4\n% test paper\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----fuyufosterboundary";
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

/// Upload to a family's documents as `b`: the token as the first field, then `fields`, then the file.
pub async fn upload<S, B>(
    app: &S,
    b: &Browser,
    family: i64,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> Page
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut all = vec![("csrf_token", b.csrf.as_str())];
    all.extend_from_slice(fields);
    let (ctype, body) = multipart(&all, file);
    let req = test::TestRequest::post()
        .uri(&format!("/foster/{family}/documents"))
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            b.cookie.clone().unwrap_or_default(),
        ))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request();
    send(app, req).await
}

fn member_ids(t: &TestApp, family: i64) -> Vec<i64> {
    fm::table
        .filter(fm::family_id.eq(family))
        .order(fm::id.asc())
        .select(fm::id)
        .load(&mut t.conn())
        .unwrap()
}

/// Every member's written consent and the three proofs, uploaded as `b`.
pub async fn file_papers<S, B>(app: &S, b: &mut Browser, family: i64, members: &[i64])
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    b.get(app, &format!("/foster/{family}")).await;
    for m in members {
        let m = m.to_string();
        let p = upload(
            app,
            b,
            family,
            &[("doc_kind", "consent"), ("doc_member", &m)],
            Some(("consent.pdf", "application/pdf", PDF)),
        )
        .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    for k in ["income", "housing", "health"] {
        let p = upload(
            app,
            b,
            family,
            &[("doc_kind", k)],
            Some(("proof.pdf", "application/pdf", PDF)),
        )
        .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
}

/// [`file_papers`] for the members recorded in the test database.
pub async fn file_papers_of<S, B>(t: &TestApp, app: &S, b: &mut Browser, family: i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let members = member_ids(t, family);
    file_papers(app, b, family, &members).await;
}

fn docs(t: &TestApp, family: i64) -> i64 {
    fd::table
        .filter(fd::family_id.eq(family))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn foster_uploaded_consent_and_proofs_feed_the_live_eligibility() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    let id = create_family(&app, &mut b).await;
    b.post(&app, &format!("/foster/{id}/members"), SELF_MEMBER)
        .await;
    let m = member_ids(&t, id)[0];
    // The member's "consents" box is no longer what counts: without the document, FOS-13 names the
    // member's missing consent and the three missing proofs, each with 第12条.
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("id=\"not-eligible\""), "{}", page.body);
    assert!(page.body.contains("FOS-13") && page.body.contains("第12条"));
    assert!(page.body.contains("未书面同意寄养") && page.body.contains("申请材料缺少住房证明"));
    assert!(page
        .body
        .contains(&format!("id=\"consent-{m}\"><span class=\"status warn\">")));
    // Refused uploads re-render with a message at the field and store nothing.
    let ms = m.to_string();
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "")],
        Some(("a.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"doc_kind-error\""), "{}", p.body);
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "consent")],
        Some(("a.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"doc_member-error\""));
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "income")],
        Some(("income.pdf", "application/pdf", b"just text, not a PDF")),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"file-error\""), "{}", p.body);
    // The kind chosen is kept.
    assert!(
        p.body.contains("<option value=\"income\" selected>"),
        "{}",
        p.body
    );
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "income")],
        Some(("income.png", "image/png", PDF)),
    )
    .await;
    assert_eq!(p.status, 422, "a PDF named .png");
    let p = upload(&app, &b, id, &[("doc_kind", "income")], None).await;
    assert_eq!(p.status, 422);
    assert_eq!(docs(&t, id), 0);
    // No token first: refused before anything is read.
    let mut forged = b.clone();
    forged.csrf = "forged".into();
    let p = upload(
        &app,
        &forged,
        id,
        &[("doc_kind", "income")],
        Some(("i.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 403, "{}", p.body);
    assert_eq!(docs(&t, id), 0);
    // The consent and two proofs: only the health proof is missing.
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "consent"), ("doc_member", &ms)],
        Some(("c.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    for k in ["income", "housing"] {
        let p = upload(
            &app,
            &b,
            id,
            &[("doc_kind", k)],
            Some(("p.pdf", "application/pdf", PDF)),
        )
        .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert!(
        page.body
            .contains(&format!("id=\"consent-{m}\">书面同意书已上传")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("申请材料缺少家庭成员健康状况证明"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("申请材料缺少住房证明"), "{}", page.body);
    assert!(!page.body.contains("未书面同意寄养"), "{}", page.body);
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "health")],
        Some(("h.jpg", "image/jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01")),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("id=\"eligible\""), "{}", page.body);
    assert_eq!(docs(&t, id), 4);
    // A caregiver uploads nothing.
    let care = login(&app, "caregiver.cc").await;
    let p = upload(
        &app,
        &care,
        id,
        &[("doc_kind", "income")],
        Some(("p.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 403);
}

#[actix_web::test]
async fn foster_document_download_is_scoped_and_audited() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    let id = create_family(&app, &mut b).await;
    b.get(&app, &format!("/foster/{id}")).await;
    let p = upload(
        &app,
        &b,
        id,
        &[("doc_kind", "no_criminal_record")],
        Some(("record.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let doc: i64 = fd::table
        .filter(fd::family_id.eq(id))
        .select(fd::id)
        .first(&mut t.conn())
        .unwrap();
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains(&format!("/foster/{id}/documents/{doc}")));
    let f = b
        .fetch(&app, &format!("/foster/{id}/documents/{doc}"))
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    assert_eq!(f.bytes, PDF);
    let audited: i64 = audit_log::table
        .filter(audit_log::resource_type.eq("foster_document"))
        .filter(audit_log::action.eq("view"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audited, 1);
    // Another institution's head: 404; a caregiver: 403; a document of another family: 404.
    let other = login(&app, "head.na").await;
    assert_eq!(
        other
            .fetch(&app, &format!("/foster/{id}/documents/{doc}"))
            .await
            .status,
        404
    );
    let care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.fetch(&app, &format!("/foster/{id}/documents/{doc}"))
            .await
            .status,
        403
    );
    let wang: i64 = ff::table
        .filter(ff::family_name.eq("王建国家庭"))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        b.fetch(&app, &format!("/foster/{wang}/documents/{doc}"))
            .await
            .status,
        404
    );
    // Another institution cannot upload either (404 before the body is read).
    let p = upload(
        &app,
        &other,
        id,
        &[("doc_kind", "income")],
        Some(("p.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 404);
}

#[actix_web::test]
async fn foster_visit_takes_photos_and_a_move_asks_for_the_new_housing_proof() {
    use fuyu::db::schema::{foster_placements as fp, foster_visits as fv};
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let wang: i64 = ff::table
        .filter(ff::family_name.eq("王建国家庭"))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap();
    let pid: i64 = fp::table
        .filter(fp::family_id.eq(wang))
        .filter(fp::open_child_id.is_not_null())
        .select(fp::id)
        .first(&mut t.conn())
        .unwrap();
    let mut b = login(&app, "social.cc").await;
    // The demo family's papers are filed: eligible.
    let page = b.get(&app, &format!("/foster/{wang}")).await;
    assert!(page.body.contains("id=\"eligible\""), "{}", page.body);
    let today = fuyu::clock::Clock::today(t.clock.as_ref()).to_string();
    let visit = [
        ("visit_kind", "event"),
        ("visited_on", today.as_str()),
        ("visitor", "社工 张敏"),
        ("visit_health", "健康"),
        ("visit_schooling", "上幼儿园"),
        ("visit_home", "整洁"),
        ("visit_relationship", "亲近"),
    ];
    let p = b
        .post(
            &app,
            &format!("/foster/{wang}/placements/{pid}/visits"),
            &visit,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let vid: i64 = fv::table
        .filter(fv::placement_id.eq(pid))
        .select(fv::id)
        .first(&mut t.conn())
        .unwrap();
    let v = vid.to_string();
    b.get(&app, &format!("/foster/{wang}")).await;
    // A PDF is not a photo.
    let p = upload(
        &app,
        &b,
        wang,
        &[("doc_kind", "visit_photo"), ("visit_id", &v)],
        Some(("p.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"photo_file-error\""), "{}", p.body);
    let p = upload(
        &app,
        &b,
        wang,
        &[("doc_kind", "visit_photo"), ("visit_id", &v)],
        Some(("home.png", "image/png", PNG)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let photo: i64 = fd::table
        .filter(fd::visit_id.eq(vid))
        .select(fd::id)
        .first(&mut t.conn())
        .unwrap();
    let page = b.get(&app, &format!("/foster/{wang}")).await;
    assert!(
        page.body.contains(&format!("id=\"photo-{photo}\"")),
        "{}",
        page.body
    );
    let f = b
        .fetch(&app, &format!("/foster/{wang}/documents/{photo}"))
        .await;
    assert_eq!((f.status, f.content_type.as_str()), (200, "image/png"));
    // A visit of another family is not a target.
    let p = upload(
        &app,
        &b,
        wang,
        &[("doc_kind", "visit_photo"), ("visit_id", "999999")],
        Some(("home.png", "image/png", PNG)),
    )
    .await;
    assert_eq!(p.status, 404);
    // Moving house: the old housing proof is superseded, FOS-13 asks for the new one.
    let moved = [
        ("address", "长春市南关区人民大街1号"),
        ("residence_kind", "owned"),
        ("fixed_residence", "yes"),
        ("area", "168.6"),
    ];
    let p = b.post(&app, &format!("/foster/{wang}/move"), &moved).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = b.get(&app, &format!("/foster/{wang}")).await;
    assert!(page.body.contains("id=\"not-eligible\""), "{}", page.body);
    assert!(page.body.contains("申请材料缺少住房证明"), "{}", page.body);
    // Only the proof is missing: the message names the one an owned home needs.
    assert!(page.body.contains("不动产权证书"), "{}", page.body);
    assert!(!page.body.contains("房屋租赁合同"));
    assert!(page.body.contains("已失效"));
    let p = upload(
        &app,
        &b,
        wang,
        &[("doc_kind", "housing")],
        Some(("new-home.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = b.get(&app, &format!("/foster/{wang}")).await;
    assert!(page.body.contains("id=\"eligible\""), "{}", page.body);
}
