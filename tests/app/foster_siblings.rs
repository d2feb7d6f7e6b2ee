//! Sibling links (兄弟姐妹, issue 12 point 4): shown on the archive page with each sibling's name only to
//! a reader who may see that child, and a wrong link removed with a reason by those who may record one.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{audit_log as a, child_siblings as cs, children, institutions};

fn inst(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

/// Two active children of CC-CWI: (id, name, archive no).
fn two_children(t: &TestApp) -> Vec<(i64, String, String)> {
    children::table
        .filter(children::institution_id.eq(inst(t, "CC-CWI")))
        .filter(children::status.eq("active"))
        .order(children::id.asc())
        .select((children::id, children::legal_name, children::archive_no))
        .limit(2)
        .load(&mut t.conn())
        .unwrap()
}

/// The siblings panel of the archive page's overview.
fn panel(body: &str) -> &str {
    let Some(i) = body.find("id=\"panel-siblings\"") else {
        return "";
    };
    let rest = &body[i..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[actix_web::test]
async fn foster_siblings_show_on_the_archive_page_by_scope_in_both_directions() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = two_children(&t);
    let ((x, xname, xno), (y, yname, yno)) = (kids[0].clone(), kids[1].clone());
    let mut social = login(&app, "social.cc").await;
    social
        .get(&app, &format!("/foster/matching?child={x}"))
        .await;
    let pair = [("child_id", x.to_string()), ("sibling_id", y.to_string())];
    let pair: Vec<(&str, &str)> = pair.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = social.post(&app, "/foster/matching/siblings", &pair).await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Same institution: a caregiver sees the sibling's name and number on the overview.
    let mut carer = login(&app, "caregiver.cc").await;
    let p = carer.get(&app, &format!("/children/{x}")).await;
    assert_eq!(p.status, 200);
    let s = panel(&p.body);
    assert!(s.contains(&yname) && s.contains(&yno), "{}", p.body);
    assert!(s.contains(&format!("/foster/siblings/{x}")));
    // The siblings page links the sibling; no removal form for a caregiver.
    let p = carer.get(&app, &format!("/foster/siblings/{x}")).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(&format!("href=\"/children/{y}\"")));
    assert!(!p.body.contains("/remove\""), "{}", p.body);

    // The sibling is transferred to 农安县儿童福利院 (NA-CWI): each side sees "a sibling in another
    // institution", with neither name nor number.
    // (Written as the application writes: in a versioned transaction, so kept pages are read afresh.)
    let na_cwi = inst(&t, "NA-CWI");
    fuyu::db::write_tx(&mut t.conn(), |c| {
        diesel::update(children::table.find(y))
            .set(children::institution_id.eq(na_cwi))
            .execute(c)
    })
    .unwrap();
    let p = carer.get(&app, &format!("/children/{x}")).await;
    let s = panel(&p.body);
    assert!(s.contains("在其他机构的兄弟姐妹"), "{s}");
    assert!(!s.contains(&yname) && !s.contains(&yno), "{s}");
    let p = carer.get(&app, &format!("/foster/siblings/{x}")).await;
    assert!(!p.body.contains(&yname) && !p.body.contains(&yno));
    assert!(!p.body.contains(&format!("/children/{y}\"")));
    let mut na = login(&app, "head.na").await;
    let p = na.get(&app, &format!("/children/{y}")).await;
    assert_eq!(p.status, 200);
    let s = panel(&p.body);
    assert!(s.contains("在其他机构的兄弟姐妹"), "{s}");
    assert!(!s.contains(&xname) && !s.contains(&xno), "{s}");
    // The other institution's child itself stays 404 on the siblings page.
    assert_eq!(
        na.get(&app, &format!("/foster/siblings/{x}")).await.status,
        404
    );
    // A provincial supervisor may see both children: names on both sides.
    let mut sup = login(&app, "supervisor.jl").await;
    let p = sup.get(&app, &format!("/children/{x}")).await;
    assert_eq!(p.status, 200);
    assert!(panel(&p.body).contains(&yname), "{}", panel(&p.body));
    let p = sup.get(&app, &format!("/children/{y}")).await;
    assert!(panel(&p.body).contains(&xname));
    // A child without siblings has no panel.
    diesel::delete(cs::table).execute(&mut t.conn()).unwrap();
    let p = carer.get(&app, &format!("/children/{x}")).await;
    assert!(panel(&p.body).is_empty());
}

#[actix_web::test]
async fn foster_a_wrong_sibling_link_is_removed_with_a_reason() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = two_children(&t);
    let (x, y) = (kids[0].0, kids[1].0);
    let mut social = login(&app, "social.cc").await;
    social
        .get(&app, &format!("/foster/matching?child={x}"))
        .await;
    let pair = [("child_id", x.to_string()), ("sibling_id", y.to_string())];
    let pair: Vec<(&str, &str)> = pair.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        social
            .post(&app, "/foster/matching/siblings", &pair)
            .await
            .status,
        303
    );
    let link: i64 = cs::table.select(cs::id).first(&mut t.conn()).unwrap();
    let path = format!("/foster/siblings/{x}/remove");
    let p = social.get(&app, &format!("/foster/siblings/{x}")).await;
    assert!(
        p.body.contains(&format!("id=\"remove-{link}\"")),
        "{}",
        p.body
    );

    // A caregiver may not (403); another institution's head finds no such child (404).
    let mut carer = login(&app, "caregiver.cc").await;
    carer.get(&app, &format!("/foster/siblings/{x}")).await;
    let l = link.to_string();
    let form = [("link", l.as_str()), ("reason", "登记错误")];
    assert_eq!(carer.post(&app, &path, &form).await.status, 403);
    let mut na = login(&app, "head.na").await;
    na.get(&app, "/").await;
    assert_eq!(na.post(&app, &path, &form).await.status, 404);
    // A link that does not name this child: 404.
    let bogus = (link + 1000).to_string();
    assert_eq!(
        social
            .post(&app, &path, &[("link", bogus.as_str()), ("reason", "x")])
            .await
            .status,
        404
    );
    // No reason: the page again with the message at the field (422), the link kept.
    let p = social
        .post(&app, &path, &[("link", l.as_str()), ("reason", " ")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains(&format!("id=\"reason-{link}-error\"")),
        "{}",
        p.body
    );
    assert_eq!(
        cs::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        1
    );

    // With a reason: removed, audited on both children with the reason.
    let p = social.post(&app, &path, &form).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        cs::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );
    for (k, o) in [(x, y), (y, x)] {
        let d: Vec<String> = a::table
            .filter(a::resource_type.eq("child"))
            .filter(a::record_id.eq(k.to_string()))
            .filter(a::detail.like("sibling link%"))
            .select(a::detail)
            .load(&mut t.conn())
            .unwrap();
        assert!(
            d.iter()
                .any(|d| d.contains(&format!("to {o} removed")) && d.contains("登记错误")),
            "{d:?}"
        );
    }
    let p = social.get(&app, &format!("/foster/siblings/{x}")).await;
    assert!(p.body.contains("id=\"no-siblings\""));
}
