//! Issue 13 point 5 (ADP-26, 民法典 第1110条): the registrar of the bureau handling a child's adoption
//! opens the child's secret archive with a stated purpose, through the archive's lawful-read hook
//! (`crate::modules::LAWFUL_READS`). Every other registrar, and this registrar for any other child, gets
//! 404; the registrar edits nothing and finds the child in no list or search.

use crate::support::*;
use diesel::prelude::*;
use fuyu::db::schema::{adoption_applications as aa, audit_log as a, children, institutions};

/// A hidden section's text (zh-CN).
const HIDDEN: &str = "本分区受限，说明用途后方可查阅。";

/// The demo's children by the state of their application at CC-MZJ.
fn child_in(t: &TestApp, state: &str) -> i64 {
    aa::table
        .filter(aa::state.eq(state))
        .select(aa::child_id)
        .first(&mut t.conn())
        .unwrap()
}

/// A child of 长春市儿童福利院 with no adoption application.
fn unrelated_child(t: &TestApp) -> i64 {
    let inst = who(t, "head.cc").user.institution_id.unwrap();
    let with_app: Vec<i64> = aa::table.select(aa::child_id).load(&mut t.conn()).unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::id.ne_all(with_app))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

/// A registrar of another bureau (吉林市民政局, JL-MZJ), same password as the demo's registrar.
fn other_registrar(t: &TestApp) {
    let first = who(t, "registrar.cc").user;
    let bureau: i64 = institutions::table
        .filter(institutions::code.eq("JL-MZJ"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let now = start_time();
    fuyu::auth::model::insert(
        &mut t.conn(),
        &fuyu::auth::model::NewUser {
            username: "registrar.jl",
            display_name: "冯登记员",
            email: None,
            password_hash: &first.password_hash,
            role: fuyu::auth::Role::Registrar,
            institution_id: Some(fuyu::org::InstitutionId(bureau)),
            division_id: None,
            language: "zh-CN",
            active: true,
            failed_logins: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
}

fn details(t: &TestApp, action: &str, child: i64) -> Vec<String> {
    a::table
        .filter(a::action.eq(action))
        .filter(a::resource_type.eq("child"))
        .filter(a::record_id.eq(child.to_string()))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn adoption_registrar_opens_the_secret_archive_with_a_purpose_and_nothing_else() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let registered = child_in(&t, "registered");
    let (name, no): (String, String) = children::table
        .find(registered)
        .select((children::legal_name, children::archive_no))
        .first(&mut t.conn())
        .unwrap();
    let mut reg = login(&app, "registrar.cc").await;

    // Without a purpose: the page with every section hidden and the purpose form (the unlock form).
    let p = reg.get(&app, &format!("/children/{registered}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p
        .body
        .contains(&format!("action=\"/children/{registered}/restricted\"")));
    assert!(p.body.contains("id=\"purpose\""));
    let docs = reg
        .get(&app, &format!("/children/{registered}?tab=documents"))
        .await;
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains(HIDDEN), "the sections are hidden");
    assert!(
        !docs.body.contains("被依法收养"),
        "the discharge entry is hidden"
    );
    assert!(!docs.body.contains("id=\"upload-form\""), "no upload");
    assert!(!docs.body.contains("id=\"edit-child\""), "no edit link");
    let views = details(&t, "view", registered);
    assert!(
        views
            .iter()
            .any(|d| d.starts_with("lawful ground: adoption #")),
        "{views:?}"
    );

    // An empty purpose re-renders the form with its message (422).
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "  "), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("field-error"));
    assert!(p.body.contains(HIDDEN) && !p.body.contains("被依法收养"));

    // With a purpose: the sections the secrecy kind allows the registrar, audited with the purpose and
    // the ground.
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "核对收养登记档案"), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains(&no) && p.body.contains(&name));
    assert!(p.body.contains("id=\"section-discharge\"") && !p.body.contains(HIDDEN));
    assert!(
        p.body.contains("被依法收养"),
        "the discharge entry is shown"
    );
    assert!(!p.body.contains("id=\"upload-form\""));
    let opened = details(&t, "view_restricted", registered);
    assert!(
        opened
            .iter()
            .any(|d| d.contains("purpose: 核对收养登记档案")
                && d.contains("lawful ground: adoption #")),
        "{opened:?}"
    );

    // The application in its integration period is a ground too; the refused one is not.
    let integrating = child_in(&t, "integration");
    assert_eq!(
        reg.get(&app, &format!("/children/{integrating}"))
            .await
            .status,
        200
    );
    let refused = child_in(&t, "refused");
    assert_eq!(
        reg.get(&app, &format!("/children/{refused}")).await.status,
        404
    );
    let p = reg
        .post(
            &app,
            &format!("/children/{refused}/restricted"),
            &[("purpose", "x"), ("tab", "")],
        )
        .await;
    assert_eq!(p.status, 404);
    // An unrelated child and an id that does not exist: the same 404.
    let other = unrelated_child(&t);
    assert_eq!(
        reg.get(&app, &format!("/children/{other}")).await.status,
        404
    );
    assert_eq!(reg.get(&app, "/children/987654").await.status, 404);

    // No edits or requests: the matrix refuses before any lookup (403). (Downloads and the print under
    // the ground: `adoption_lawful_reader_downloads_and_prints_with_the_ground_and_a_purpose`.)
    for path in [
        format!("/children/{registered}/edit"),
        format!("/children/{registered}/discharge"),
        format!("/children/{registered}/custody"),
    ] {
        assert_eq!(reg.get(&app, &path).await.status, 403, "{path}");
    }
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/requests"),
            &[("kind", "copy"), ("purpose", "x")],
        )
        .await;
    assert_eq!(p.status, 403);
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "x")],
        )
        .await;
    assert_eq!(p.status, 403);
    // No list or search shows the child.
    for path in ["/children".to_string(), format!("/children?q={no}")] {
        let p = reg.get(&app, &path).await;
        assert_eq!(p.status, 403, "{path}");
        assert!(!p.body.contains(&no));
    }
    let (code, token) = api_token(&app, "registrar.cc", fuyu::demo::DEMO_PASSWORD).await;
    assert_eq!(code, 200);
    let token = token["token"].as_str().unwrap().to_string();
    let (code, _) = api_get(&app, &format!("/api/v1/children/{registered}"), &token).await;
    assert_eq!(code, 403);
    let (code, _) = api_get(&app, "/api/v1/children", &token).await;
    assert_eq!(code, 403);
}

#[actix_web::test]
async fn adoption_lawful_read_is_only_for_the_bureau_handling_the_adoption() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    other_registrar(&t);
    let registered = child_in(&t, "registered");
    let mut jl = login(&app, "registrar.jl").await;
    assert_eq!(
        jl.get(&app, &format!("/children/{registered}"))
            .await
            .status,
        404
    );
    let p = jl
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "核对"), ("tab", "")],
        )
        .await;
    assert_eq!(p.status, 404);
    assert!(details(&t, "view_restricted", registered).is_empty());
    // Institution staff are unchanged: the head still opens it with a purpose (no ground named), the
    // caregiver still cannot open the restricted sections.
    let mut head = login(&app, "head.cc").await;
    let p = head
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "院内复核"), ("tab", "")],
        )
        .await;
    assert_eq!(p.status, 200);
    let opened = details(&t, "view_restricted", registered);
    assert_eq!(opened, vec!["purpose: 院内复核".to_string()]);
    let mut carer = login(&app, "caregiver.cc").await;
    let p = carer
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "x"), ("tab", "")],
        )
        .await;
    assert_eq!(p.status, 403);
}

/// pdftotext of a fetched PDF.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pdf"), bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg(dir.path().join("a.pdf"))
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[actix_web::test]
async fn adoption_lawful_reader_downloads_and_prints_with_the_ground_and_a_purpose() {
    use fuyu::db::schema::child_documents as d;
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let registered = child_in(&t, "registered");
    let (name, no): (String, String) = children::table
        .find(registered)
        .select((children::legal_name, children::archive_no))
        .first(&mut t.conn())
        .unwrap();
    let doc: i64 = d::table
        .filter(d::child_id.eq(registered))
        .select(d::id)
        .first(&mut t.conn())
        .expect("the registered demo child has a document");
    let mut reg = login(&app, "registrar.cc").await;

    // The purpose-stated page links the documents and the print with the purpose.
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/restricted"),
            &[("purpose", "核对收养登记档案"), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let q = "?purpose=%E6%A0%B8%E5%AF%B9%E6%94%B6%E5%85%BB%E7%99%BB%E8%AE%B0%E6%A1%A3%E6%A1%88";
    assert!(
        p.body
            .contains(&format!("/children/{registered}/documents/{doc}{q}")),
        "{}",
        p.body
    );
    assert!(p
        .body
        .contains(&format!("/children/{registered}/archive.pdf{q}")));

    // With the purpose: the document and the PDF, each audited with the purpose and the ground.
    let f = reg
        .fetch(&app, &format!("/children/{registered}/documents/{doc}{q}"))
        .await;
    assert_eq!(f.status, 200);
    assert!(!f.bytes.is_empty());
    let docs: Vec<String> = a::table
        .filter(a::action.eq("view_document"))
        .filter(a::record_id.eq(doc.to_string()))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap();
    assert!(
        docs.iter()
            .any(|x| x.contains("purpose: 核对收养登记档案")
                && x.contains("lawful ground: adoption #")),
        "{docs:?}"
    );
    let f = reg
        .fetch(&app, &format!("/children/{registered}/archive.pdf{q}"))
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let text = pdf_text(&f.bytes);
    assert!(text.contains(&no) && text.contains(&name), "{text}");
    let prints = details(&t, "print", registered);
    assert!(
        prints
            .iter()
            .any(|x| x.contains("archive.pdf; purpose: 核对收养登记档案")
                && x.contains("lawful ground: adoption #")),
        "{prints:?}"
    );

    // Without a purpose: refused (every section is hidden until one is stated).
    for path in [
        format!("/children/{registered}/documents/{doc}"),
        format!("/children/{registered}/archive.pdf"),
        format!("/children/{registered}/archive.pdf?purpose=%20"),
    ] {
        assert_eq!(reg.fetch(&app, &path).await.status, 403, "{path}");
    }
    // Without the ground — an unrelated child, another bureau's registrar, the ground ended — 404.
    let other = unrelated_child(&t);
    assert_eq!(
        reg.fetch(&app, &format!("/children/{other}/archive.pdf?purpose=x"))
            .await
            .status,
        404
    );
    other_registrar(&t);
    let jl = login(&app, "registrar.jl").await;
    for path in [
        format!("/children/{registered}/documents/{doc}{q}"),
        format!("/children/{registered}/archive.pdf{q}"),
    ] {
        assert_eq!(jl.fetch(&app, &path).await.status, 404, "{path}");
    }
    diesel::update(aa::table.filter(aa::child_id.eq(registered)))
        .set(aa::state.eq("dissolved"))
        .execute(&mut t.conn())
        .unwrap();
    for path in [
        format!("/children/{registered}/documents/{doc}{q}"),
        format!("/children/{registered}/archive.pdf{q}"),
    ] {
        assert_eq!(reg.fetch(&app, &path).await.status, 404, "{path}");
    }
    // A caregiver (no print right) is still refused by the matrix.
    let carer = login(&app, "caregiver.cc").await;
    assert_eq!(
        carer
            .fetch(&app, &format!("/children/{other}/archive.pdf{q}"))
            .await
            .status,
        403
    );
}

#[actix_web::test]
async fn archive_borrow_form_is_shown_only_to_those_who_may_submit_it() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let registered = child_in(&t, "registered");
    let other = unrelated_child(&t);
    let form = |id: i64| format!("action=\"/children/{id}/requests\"");

    // The registrar on the ground: the access tab without the form (its submission is 403).
    let mut reg = login(&app, "registrar.cc").await;
    let p = reg
        .get(&app, &format!("/children/{registered}?tab=access"))
        .await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains(&form(registered)), "{}", p.body);
    assert!(!p.body.contains("id=\"approval-rule\""));
    let p = reg
        .post(
            &app,
            &format!("/children/{registered}/requests"),
            &[("kind", "borrow"), ("purpose", "x")],
        )
        .await;
    assert_eq!(p.status, 403);

    // Those who may borrow see it, and their submission is accepted.
    for user in ["head.cc", "social.cc", "caregiver.cc", "supervisor.cc"] {
        let mut b = login(&app, user).await;
        let p = b.get(&app, &format!("/children/{other}?tab=access")).await;
        assert_eq!(p.status, 200, "{user}");
        assert!(p.body.contains(&form(other)), "{user}");
    }
    let mut sup = login(&app, "supervisor.cc").await;
    sup.get(&app, &format!("/children/{other}?tab=access"))
        .await;
    let p = sup
        .post(
            &app,
            &format!("/children/{other}/requests"),
            &[("kind", "borrow"), ("purpose", "督查抽查")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains(&form(other)));
}
