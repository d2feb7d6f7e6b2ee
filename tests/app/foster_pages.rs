//! The family record pages (issue 12 point 1): list, new, show with the live engine result, members;
//! bad input re-renders with a message per field; scope (another institution's family is 404; a role
//! without the action is 403).

use crate::support::*;
use actix_web::test;

pub const GOOD: &[(&str, &str)] = &[
    ("family_name", "王建国家庭"),
    ("hukou_place", "吉林省长春市朝阳区"),
    ("hukou_local", "yes"),
    ("residence_kind", "owned"),
    ("fixed_residence", "yes"),
    ("area", "96.5"),
    ("address", "长春市朝阳区红旗街8号"),
    ("income", "42000"),
    ("caregiver_name", "王建国"),
    ("caregiver_birth_date", "1981-05-02"),
    ("caregiver_education", "junior_middle"),
    ("caregiver_healthy", "yes"),
    ("professional", "social_work"),
    ("volunteer", "yes"),
    ("phone", "13800000000"),
];

pub const SELF_MEMBER: &[(&str, &str)] = &[
    ("name", "王建国"),
    ("relation", "self"),
    ("birth_date", "1981-05-02"),
    ("health", "健康"),
    ("education", "junior_middle"),
    ("occupation", "教师"),
    ("consents", "yes"),
];

/// Records a family as `b` and answers its id.
pub async fn create_family<S, B>(app: &S, b: &mut Browser) -> i64
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    b.get(app, "/foster/new").await;
    let p = b.post(app, "/foster", GOOD).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let loc = p.location.unwrap();
    loc.trim_start_matches("/foster/").parse().unwrap()
}

#[actix_web::test]
async fn foster_family_record_with_live_eligibility_and_members() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    let list = b.get(&app, "/foster").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("new-family-link"));
    let id = create_family(&app, &mut b).await;
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("王建国家庭"));
    // No member recorded yet: FOS-13 with its article.
    assert!(page.body.contains("not-eligible"), "{}", page.body);
    assert!(page.body.contains("FOS-13") && page.body.contains("第12条"));
    let p = b
        .post(&app, &format!("/foster/{id}/members"), SELF_MEMBER)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // FOS-13: the member's written consent and the proofs are uploaded documents.
    crate::foster_documents::file_papers_of(&t, &app, &mut b, id).await;
    let page = b.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("id=\"eligible\""), "{}", page.body);
    // A spouse with a criminal record and a 4-year-old: FOS-07 and FOS-11, live.
    b.post(
        &app,
        &format!("/foster/{id}/members"),
        &[
            ("name", "李梅"),
            ("relation", "spouse"),
            ("birth_date", "1983-01-01"),
            ("education", "senior_high"),
            ("criminal_record", "yes"),
            ("consents", "yes"),
        ],
    )
    .await;
    b.post(
        &app,
        &format!("/foster/{id}/members"),
        &[
            ("name", "王小宝"),
            ("relation", "son"),
            ("birth_date", "2022-06-01"),
            ("education", "none"),
            ("consents", "yes"),
        ],
    )
    .await;
    let page = b.get(&app, &format!("/foster/{id}")).await;
    for rule in ["FOS-07", "FOS-11"] {
        assert!(page.body.contains(rule), "{rule}: {}", page.body);
    }
    assert!(page.body.contains("第9条"));
    let list = b.get(&app, "/foster").await;
    assert!(list.body.contains(&format!("/foster/{id}")));
}

#[actix_web::test]
async fn foster_forms_re_render_with_a_message_per_field() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    b.get(&app, "/foster/new").await;
    let bad = [
        ("family_name", "  "),
        ("hukou_place", "长春"),
        ("hukou_local", "maybe"),
        ("residence_kind", "castle"),
        ("area", "-3"),
        ("address", "长春"),
        ("income", "lots"),
        ("caregiver_name", "王建国"),
        ("caregiver_birth_date", "2099-01-01"),
        ("caregiver_education", "phd"),
        ("caregiver_healthy", ""),
        ("professional", "none"),
    ];
    let p = b.post(&app, "/foster", &bad).await;
    assert_eq!(p.status, 422);
    for f in [
        "family_name",
        "hukou_local",
        "residence_kind",
        "fixed_residence",
        "area",
        "income",
        "caregiver_birth_date",
        "caregiver_education",
        "caregiver_healthy",
    ] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    // What was typed is kept.
    assert!(p.body.contains("value=\"长春\"") && p.body.contains("value=\"王建国\""));
    let id = create_family(&app, &mut b).await;
    let p = b
        .post(
            &app,
            &format!("/foster/{id}/members"),
            &[
                ("name", ""),
                ("relation", "cousin"),
                ("birth_date", "soon"),
                ("education", "none"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    for f in ["name", "relation", "birth_date"] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
}

#[actix_web::test]
async fn foster_family_scope_and_roles() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut social = login(&app, "social.cc").await;
    let id = create_family(&app, &mut social).await;
    // Another institution's family does not exist for its head.
    let mut other = login(&app, "head.na").await;
    assert_eq!(other.get(&app, &format!("/foster/{id}")).await.status, 404);
    assert!(!other
        .get(&app, "/foster")
        .await
        .body
        .contains(&format!("/foster/{id}\"")));
    let p = other
        .post(&app, &format!("/foster/{id}/members"), SELF_MEMBER)
        .await;
    assert_eq!(p.status, 404);
    // A caregiver sees no foster file; a supervisor of the city reads but does not act.
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/foster").await.status, 403);
    assert_eq!(care.get(&app, &format!("/foster/{id}")).await.status, 403);
    let mut sup = login(&app, "supervisor.cc").await;
    let page = sup.get(&app, &format!("/foster/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("member-form"));
    assert_eq!(sup.get(&app, "/foster/new").await.status, 403);
    // Every view is audited.
    assert!(audit_count(&mut t.conn(), "view", "success") > 0);
}
