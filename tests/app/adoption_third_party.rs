//! Issue 13 point 4 (收养评估办法（试行） 第7条): a commissioned third party's qualifications on the start
//! form — legal person, sound organisation, business scope (ADP-20B, refused per field with the form
//! re-rendered as typed), its registration code and its assessors' professional field, qualification
//! and years, recorded and shown.

use crate::adoption_assessment::{days_ago, file, kids};
use crate::support::*;
use fuyu::adoption::rules::Relation;

#[actix_web::test]
async fn adoption_third_party_qualifications_refused_per_field_then_recorded() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let received = days_ago(rop.today, 10);
    let id = {
        let mut c = t.conn();
        file(&mut c, &hop, &rop, kids(&t)[0].id, received, Relation::None)
    };
    let path = format!("/adoption/applications/{id}/assessment");
    let mut r = login(&app, "registrar.cc").await;
    let form = r.get(&app, &path).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("id=\"tp_credit_code\"") && form.body.contains("id=\"p5_years\""));

    let started = received.to_string();
    let mut fields = vec![
        ("mode", "third_party"),
        ("agency", "长春市阳光社会工作服务中心"),
        ("agreement_ref", "委托协议〔2026〕3号"),
        ("started_on", started.as_str()),
        ("tp_credit_code", "5222010MJY12345"),
        ("tp_scope", ""),
        ("p1_name", "刘芳"),
        ("p1_profession", "social_work"),
        ("p1_qualification", "中级社会工作师"),
        ("p1_years", "8"),
        ("p2_name", "陈律"),
        ("p2_profession", ""),
        ("p2_years", "abc"),
    ];
    let p = r.post(&app, &format!("{path}/start"), &fields).await;
    assert_eq!(p.status, 422, "{}", p.body);
    for f in [
        "tp_credit_code",
        "tp_legal_person",
        "tp_management",
        "tp_scope",
        "p2_profession",
    ] {
        assert!(
            p.body.contains(&format!("id=\"{f}-error\"")),
            "{f}: {}",
            p.body
        );
    }
    assert!(p.body.contains("ADP-20B") && p.body.contains("第7条"));
    // What was typed is kept.
    assert!(
        p.body.contains("value=\"中级社会工作师\"")
            && p.body.contains("value=\"委托协议〔2026〕3号\"")
    );

    fields.retain(|(k, _)| !k.starts_with("p2_") && *k != "tp_credit_code" && *k != "tp_scope");
    fields.extend([
        ("tp_credit_code", "52220102MJY1234560"),
        ("tp_legal_person", "yes"),
        ("tp_management", "yes"),
        ("tp_scope_covers", "yes"),
        ("tp_scope", "社会调查、社会工作评估服务"),
        ("p2_name", "陈律"),
        ("p2_profession", "law"),
        ("p2_qualification", "律师执业证"),
        ("p2_years", "12"),
        ("p3_name", "王敏"),
        ("p3_profession", "social_work"),
        ("p3_years", "3"),
    ]);
    // GB 32100-2015: one character mistyped (the check character no longer matches) — the form comes
    // back with the message on the code's field and the code as typed; nothing is started.
    let mut mistyped = fields.clone();
    for f in mistyped.iter_mut() {
        if f.0 == "tp_credit_code" {
            f.1 = "52220102MJY1234570";
        }
    }
    let p = r.post(&app, &format!("{path}/start"), &mistyped).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("id=\"tp_credit_code-error\""), "{}", p.body);
    assert!(
        p.body.contains("校验码") && p.body.contains("GB 32100-2015"),
        "{}",
        p.body
    );
    assert!(
        p.body.contains("value=\"52220102MJY1234570\""),
        "{}",
        p.body
    );
    assert!(!p.body.contains("id=\"p2_years-error\""), "{}", p.body);
    assert!(fuyu::adoption::model::assessment_of(&mut t.conn(), id)
        .unwrap()
        .is_none());

    let p = r.post(&app, &format!("{path}/start"), &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = r.get(&app, &path).await;
    assert!(page.body.contains("52220102MJY1234560"), "{}", page.body);
    assert!(page.body.contains("社会调查、社会工作评估服务"));
    assert!(page.body.contains("陈律 · 法律 · 律师执业证 · 12年"));
    assert!(page.body.contains("社会工作 2、法律 1"));
    let mut c = t.conn();
    let a = fuyu::adoption::model::assessment_of(&mut c, id)
        .unwrap()
        .unwrap();
    let tp = fuyu::adoption::service::third_party::of(&mut c, a.id)
        .unwrap()
        .unwrap();
    assert_eq!(tp.professionals.len(), 3);
}
