//! Issue 10 points 1 and 18: a restricted child's fields are withheld in every output (API one child,
//! API list, archive page, archive PDF, the receiver's transfer preview, the checklist, its API and the
//! handover PDF) for every role; a caregiver sees only the daily-care subset with the ID number
//! masked; print and download by anyone outside the holding institution need an approved, unexpired
//! borrow or copy request, and use under it is audited as such.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::archive::rules::id_check_char;
use fuyu::db::schema::{
    archive_requests as ar, audit_log as a, child_documents as cd, children, institutions,
    transfer_children as tc,
};

const FOUND_PLACE: &str = "长春站候车室";
const FINDER: &str = "站前派出所";
const POLICE_NO: &str = "捡字〔2026〕17号";
/// Strings of a restricted section that no output may show.
const SECRETS: [&str; 3] = [FOUND_PLACE, FINDER, POLICE_NO];

fn id_number() -> String {
    let first = "22010220200501123";
    format!("{first}{}", id_check_char(first).unwrap())
}

fn intake() -> Vec<(&'static str, String)> {
    vec![
        ("intake_date", "2026-11-20".into()),
        ("intake_category", "lt-unfindable".into()),
        ("case_type", "abandoned".into()),
        ("legal_name", "张小明".into()),
        ("sex", "M".into()),
        ("birth_date", "2020-05-01".into()),
        ("ethnicity", "汉族".into()),
        ("id_number", id_number()),
        ("hukou_status", "registered".into()),
        ("hukou_place", "长春市二道区".into()),
        ("found_date", "2026-11-01".into()),
        ("found_place", FOUND_PLACE.into()),
        ("found_by", FINDER.into()),
        ("police_report_no", POLICE_NO.into()),
        ("guardian_department", "长春市民政局".into()),
        ("allowance_category", "de-facto-unsupported".into()),
        ("wc_de_facto", "1".into()),
    ]
}

fn no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} shows {s}: {text}");
    }
    assert!(
        !text.contains("adopted") && !text.contains("被收养"),
        "{what} shows the discharge reason"
    );
}

/// 张小明 admitted at 长春 by the social worker; returns (id, the social worker's browser).
async fn admitted<S, B>(app: &S, t: &TestApp) -> (i64, Browser)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut s = login(app, "social.cc").await;
    s.get(app, "/children/new").await;
    let f = intake();
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = s.post(app, "/children", &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = children::table
        .filter(children::legal_name.eq("张小明"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    (id, s)
}

/// The head restricts the archive under adoption secrecy (民法典 第1110条) and it is closed as adopted.
async fn adopted_and_secret<S, B>(app: &S, t: &TestApp, id: i64)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut head = login(app, "head.cc").await;
    head.get(app, &format!("/children/{id}")).await;
    let p = head
        .post(
            app,
            &format!("/children/{id}/restrictions"),
            &[
                ("kind", "adoption-secrecy"),
                ("reason", "收养关系成立，依法保密"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    diesel::update(children::table.find(id))
        .set((
            children::status.eq("discharged"),
            children::discharge_date
                .eq(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())),
            children::discharge_reason.eq(Some("adopted")),
        ))
        .execute(&mut t.conn())
        .unwrap();
}

fn pdf_text(bytes: &[u8]) -> String {
    pdf_raw_text(bytes).replace([' ', '\n'], "")
}

fn token(v: &serde_json::Value) -> String {
    v["token"].as_str().unwrap().to_string()
}

const STAFF: [&str; 4] = ["head.cc", "social.cc", "medical.cc", "caregiver.cc"];

#[actix_web::test]
async fn the_api_withholds_restricted_fields_for_every_role_in_one_child_and_the_list() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (id, _) = admitted(&app, &t).await;
    let full = id_number();
    let masked = format!("{}{}", "*".repeat(14), &full[14..]);
    // Unrestricted: the head sees how the child was found; a caregiver only the daily-care subset.
    let (_, b) = api_token(&app, "head.cc", PW).await;
    let (s, v) = api_get(&app, &format!("/api/v1/children/{id}"), &token(&b)).await;
    assert_eq!(s, 200);
    assert_eq!(v["found_place"], FOUND_PLACE);
    assert_eq!(v["id_number"], full.as_str());
    let (_, b) = api_token(&app, "caregiver.cc", PW).await;
    let (_, v) = api_get(&app, &format!("/api/v1/children/{id}"), &token(&b)).await;
    assert_eq!(v["id_number"], masked.as_str(), "{v}");
    assert_eq!(v["id_number_masked"], true);
    assert!(v.get("found_place").is_none() && v.get("police_report_no").is_none());
    assert!(v["hidden"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "found_by"));

    adopted_and_secret(&app, &t, id).await;
    for user in STAFF.iter().chain(&["supervisor.cc", "supervisor.jl"]) {
        let (_, b) = api_token(&app, user, PW).await;
        let tok = token(&b);
        let (s, v) = api_get(&app, &format!("/api/v1/children/{id}"), &tok).await;
        assert_eq!(s, 200, "{user}");
        no_secret(&format!("GET one as {user}"), &v.to_string());
        assert!(v.get("found_date").is_none() && v.get("discharge_reason").is_none());
        assert!(
            v.get("intake_category").is_none(),
            "the intake's category is the intake's"
        );
        assert_eq!(v["legal_name"], "张小明");
        let expected = if *user == "caregiver.cc" {
            &masked
        } else {
            &full
        };
        assert_eq!(v["id_number"], expected.as_str(), "{user}: {v}");
        let (s, l) = api_get(
            &app,
            "/api/v1/children?status=all&q=%E5%BC%A0%E5%B0%8F%E6%98%8E",
            &tok,
        )
        .await;
        assert_eq!(s, 200, "{user}");
        assert_eq!(l["total"], 1, "{user}: {l}");
        no_secret(&format!("list as {user}"), &l.to_string());
        assert_eq!(l["items"][0]["id_number"], expected.as_str());
    }
}

#[actix_web::test]
async fn the_archive_page_and_its_pdf_withhold_restricted_fields_for_every_role() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (id, mut social) = admitted(&app, &t).await;
    let before = social.get(&app, &format!("/children/{id}")).await;
    assert!(
        before.body.contains(FOUND_PLACE),
        "shown while unrestricted"
    );
    let mut carer = login(&app, "caregiver.cc").await;
    let p = carer.get(&app, &format!("/children/{id}")).await;
    assert!(!p.body.contains(FOUND_PLACE) && !p.body.contains(&id_number()));
    assert!(
        p.body.contains(&id_number()[14..]),
        "the caregiver sees the last four"
    );
    adopted_and_secret(&app, &t, id).await;
    for user in STAFF.iter().chain(&["supervisor.cc"]) {
        let mut b = login(&app, user).await;
        for tab in ["", "?tab=history", "?tab=timeline", "?tab=documents"] {
            let p = b.get(&app, &format!("/children/{id}{tab}")).await;
            assert_eq!(p.status, 200, "{user} {tab}");
            no_secret(&format!("page{tab} as {user}"), &p.body);
        }
        let list = b
            .get(&app, "/children?status=all&q=%E5%BC%A0%E5%B0%8F%E6%98%8E")
            .await;
        assert!(list.body.contains("张小明"));
        no_secret(&format!("list page as {user}"), &list.body);
    }
    // The archive PDF of the holding institution's staff who may print (head, social worker).
    for user in ["head.cc", "social.cc"] {
        let b = login(&app, user).await;
        let f = b.fetch(&app, &format!("/children/{id}/archive.pdf")).await;
        assert_eq!(f.status, 200, "{user}");
        let text = pdf_text(&f.bytes);
        assert!(text.contains("张小明"), "{text}");
        no_secret(&format!("archive.pdf as {user}"), &text);
    }
    // The head who states a purpose sees the restricted sections (the rule is the one rule).
    let mut head = login(&app, "head.cc").await;
    head.get(&app, &format!("/children/{id}")).await;
    let p = head
        .post(
            &app,
            &format!("/children/{id}/restricted"),
            &[("purpose", "收养回访核对")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(FOUND_PLACE));
}

/// A 农安 child with a current document in the intake section: (child, the document's title).
fn county_child_with_intake_document(t: &TestApp) -> (i64, String) {
    let na: i64 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .inner_join(cd::table)
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .filter(cd::section.eq("intake"))
        .filter(cd::superseded_by.is_null())
        .select((children::id, cd::title))
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_transfer_preview_checklist_and_handover_list_honour_the_county_heads_restriction() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, title) = county_child_with_intake_document(&t);
    let title = format!("{title}#{child}");
    diesel::update(
        cd::table
            .filter(cd::child_id.eq(child))
            .filter(cd::section.eq("intake")),
    )
    .set(cd::title.eq(&title))
    .execute(&mut t.conn())
    .unwrap();
    diesel::update(children::table.find(child))
        .set((
            children::found_place.eq(FOUND_PLACE),
            children::found_by.eq(FINDER),
            children::police_report_no.eq(POLICE_NO),
            children::archive_class.eq("A"),
        ))
        .execute(&mut t.conn())
        .unwrap();
    let mut county = login(&app, "head.na").await;
    county.get(&app, &format!("/children/{child}")).await;
    let p = county
        .post(
            &app,
            &format!("/children/{child}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "送养人要求保密")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut officer = login(&app, "transfer.na").await;
    officer.get(&app, "/transfers").await;
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "2026-11-25")])
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
    officer.get(&app, &format!("/transfers/{id}")).await;
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/children"),
            &[("child_id", &child.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    officer.get(&app, &format!("/transfers/{id}")).await;
    let p = officer
        .post(
            &app,
            &format!("/transfers/{id}/actions"),
            &[("action", "submit"), ("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let tcid: i64 = tc::table
        .filter(tc::batch_id.eq(id))
        .select(tc::id)
        .first(&mut t.conn())
        .unwrap();
    let hidden = |what: &str, text: &str| {
        no_secret(what, text);
        assert!(
            !text.contains(&title),
            "{what} names the intake document: {text}"
        );
    };
    // The receiver's preview (head and social worker of the city institution).
    for user in ["head.cc", "social.cc"] {
        let mut b = login(&app, user).await;
        let p = b
            .get(&app, &format!("/transfers/{id}/children/{tcid}/archive"))
            .await;
        assert_eq!(p.status, 200, "{user}: {}", p.body);
        hidden(&format!("preview as {user}"), &p.body);
    }
    // The checklist on both sides and for the supervisor; the line stays, its title does not.
    for user in ["head.cc", "transfer.na", "head.na", "supervisor.cc"] {
        let mut b = login(&app, user).await;
        let p = b
            .get(&app, &format!("/transfers/{id}/children/{tcid}"))
            .await;
        assert_eq!(p.status, 200, "{user}");
        hidden(&format!("checklist as {user}"), &p.body);
        assert!(p.body.contains("受限分区材料"), "{user}: the line is kept");
        for pdf in [
            format!("/transfers/{id}/handover.pdf"),
            format!("/transfers/{id}/children/{tcid}/handover.pdf"),
        ] {
            let f = b.fetch(&app, &pdf).await;
            assert_eq!(f.status, 200, "{user} {pdf}");
            let text = pdf_text(&f.bytes);
            hidden(&format!("{pdf} as {user}"), &text);
            assert!(text.contains("受限分区材料"), "{text}");
        }
    }
    for user in ["head.cc", "transfer.na"] {
        let (_, b) = api_token(&app, user, PW).await;
        let (s, v) = api_get(&app, &format!("/api/v1/transfers/{id}"), &token(&b)).await;
        assert_eq!(s, 200);
        hidden(&format!("transfer API as {user}"), &v.to_string());
    }
}

fn request_id(t: &TestApp, kind: &str) -> i64 {
    ar::table
        .filter(ar::kind.eq(kind))
        .order(ar::id.desc())
        .select(ar::id)
        .first(&mut t.conn())
        .unwrap()
}

fn approved_uses(t: &TestApp, rid: i64) -> Vec<String> {
    a::table
        .filter(a::action.eq("approved_use"))
        .filter(a::detail.like(format!("request {rid} %")))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn print_and_download_outside_the_holding_institution_need_an_unexpired_approval() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (id, social) = admitted(&app, &t).await;
    let doc: i64 = {
        // Any current document of a 长春 child with one.
        cd::table
            .inner_join(children::table)
            .inner_join(institutions::table.on(institutions::id.eq(children::institution_id)))
            .filter(institutions::code.eq("CC-CWI"))
            .filter(cd::superseded_by.is_null())
            .filter(cd::section.ne("intake"))
            .select(cd::id)
            .first(&mut t.conn())
            .unwrap()
    };
    let doc_child: i64 = cd::table
        .find(doc)
        .select(cd::child_id)
        .first(&mut t.conn())
        .unwrap();
    diesel::update(children::table.find(doc_child))
        .set(children::photo_document_id.eq(None::<i64>))
        .execute(&mut t.conn())
        .unwrap();
    let print = format!("/children/{id}/archive.pdf");
    let download = format!("/children/{doc_child}/documents/{doc}");
    // The holding institution's own staff print and download without a request.
    assert_eq!(social.fetch(&app, &print).await.status, 200);
    assert_eq!(social.fetch(&app, &download).await.status, 200);
    // A supervisor of the division reaches the child but may not print or download unapproved.
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, &format!("/children/{id}")).await.status, 200);
    assert_eq!(sup.fetch(&app, &print).await.status, 403);
    assert_eq!(sup.fetch(&app, &download).await.status, 403);
    let (_, b) = api_token(&app, "supervisor.cc", PW).await;
    let (s, _) = api_get(
        &app,
        &format!("/api/v1/children/{id}/archive.pdf"),
        &token(&b),
    )
    .await;
    assert_eq!(s, 403, "the API prints under the same rule");
    // A borrow (借阅) covers reading documents, not printing the archive.
    for (child, kind) in [(doc_child, "borrow"), (id, "copy")] {
        sup.get(&app, &format!("/children/{child}?tab=access"))
            .await;
        let p = sup
            .post(
                &app,
                &format!("/children/{child}/requests"),
                &[("kind", kind), ("purpose", "专项检查核对档案")],
            )
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
    }
    let (borrow, copy) = (request_id(&t, "borrow"), request_id(&t, "copy"));
    let mut head = login(&app, "head.cc").await;
    head.get(&app, "/archive/requests").await;
    let p = head
        .post(
            &app,
            &format!("/archive/requests/{copy}"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(p.status, 400, "an approval needs its end date");
    let p = head
        .post(
            &app,
            &format!("/archive/requests/{copy}"),
            &[("decision", "approve"), ("valid_until", "2026-11-20")],
        )
        .await;
    assert_eq!(p.status, 400, "not before today");
    assert_eq!(
        sup.fetch(&app, &print).await.status,
        403,
        "pending is not approved"
    );
    for rid in [borrow, copy] {
        let p = head
            .post(
                &app,
                &format!("/archive/requests/{rid}"),
                &[("decision", "approve"), ("valid_until", "2026-11-30")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    assert!(head
        .get(&app, "/archive/requests")
        .await
        .body
        .contains("2026-11-30"));
    assert_eq!(
        sup.fetch(&app, &download).await.status,
        200,
        "borrow: download"
    );
    assert_eq!(
        sup.fetch(&app, &format!("/children/{doc_child}/archive.pdf"))
            .await
            .status,
        403,
        "borrow: no print"
    );
    let f = sup.fetch(&app, &print).await;
    assert_eq!(f.status, 200, "copy: print");
    assert_eq!(
        approved_uses(&t, borrow),
        vec![format!("request {borrow} download document {doc}")]
    );
    assert_eq!(
        approved_uses(&t, copy),
        vec![format!("request {copy} print archive.pdf")]
    );
    // An approval is the requester's own: another supervisor gets nothing from it.
    let jl = login(&app, "supervisor.jl").await;
    assert_eq!(jl.fetch(&app, &print).await.status, 403);
    // After its end date the approval no longer opens anything (today is 2026-11-23).
    diesel::update(ar::table)
        .set(ar::valid_until.eq(chrono::NaiveDate::from_ymd_opt(2026, 11, 22)))
        .execute(&mut t.conn())
        .unwrap();
    assert_eq!(sup.fetch(&app, &print).await.status, 403, "expired");
    assert_eq!(sup.fetch(&app, &download).await.status, 403, "expired");
}
