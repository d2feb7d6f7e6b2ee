//! Matching (issue 12 point 4, FOS-23): families near rehabilitation / special-education / medical
//! services rank first for a disabled child only (家庭寄养管理办法 第10条), and a sibling group is kept
//! together (the archive's sibling links): a family with room for the pair first, a family already
//! fostering a sibling first, a warning where a placement would split the group.

use crate::foster_placement::signed_family;
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::foster_families as ff;

/// `n` active children of 长春市儿童福利院 under 8 (no opinion needed), none disabled.
fn young_children(t: &TestApp, n: usize) -> Vec<i64> {
    let w = who(t, "social.cc");
    let inst: Vec<fuyu::org::InstitutionId> = w.user.institution_id.into_iter().collect();
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    let mut conn = t.conn();
    let kids = fuyu::archive::active_children(&mut conn, &inst, 500).unwrap();
    let out: Vec<i64> = kids
        .iter()
        .filter(|k| fuyu::clock::age_on(k.birth_date, today) < 8)
        .filter(|k| {
            fuyu::archive::load_in_scope(&mut conn, &w.user, k.id)
                .unwrap()
                .disability_type
                .is_empty()
        })
        .map(|k| k.id.0)
        .take(n)
        .collect();
    assert_eq!(out.len(), n, "demo children under 8 without a disability");
    out
}

/// Where a family's match block starts on the page (panics when it is not offered).
fn at(body: &str, family: i64) -> usize {
    body.find(&format!("id=\"match-{family}\""))
        .unwrap_or_else(|| panic!("family {family} not offered: {body}"))
}

#[actix_web::test]
async fn foster_matching_services_rank_first_for_a_disabled_child_only() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // Two families alike in everything the ranking reads but the services near the home.
    let plain = signed_family(&t, &app).await;
    let near = signed_family(&t, &app).await;
    diesel::update(ff::table.find(near))
        .set((ff::near_rehab.eq(true), ff::near_special_education.eq(true)))
        .execute(&mut t.conn())
        .unwrap();
    let child = young_children(&t, 1)[0];
    let mut social = login(&app, "social.cc").await;
    let url = format!("/foster/matching?child={child}");
    let page = social.get(&app, &url).await;
    assert_eq!(page.status, 200);
    // No disability: the older record first, the services do not count.
    assert!(at(&page.body, plain) < at(&page.body, near));
    assert!(!page.body.contains("disabled-note"));
    // A disability recorded in the archive (through its interface, as a care assessment does).
    {
        let w = who(&t, "head.cc");
        let o = op(&t, &w);
        let mut conn = t.conn();
        fuyu::db::write_tx(&mut conn, |c| {
            fuyu::archive::record_disability(
                c,
                &o,
                fuyu::archive::ChildId(child),
                "肢体残疾",
                3,
                "test",
            )
        })
        .unwrap();
    }
    let page = social.get(&app, &url).await;
    assert!(page.body.contains("disabled-note"), "{}", page.body);
    assert!(at(&page.body, near) < at(&page.body, plain));
    assert!(page.body.contains(&format!("id=\"services-{near}\">2<")));
    assert!(page.body.contains(&format!("id=\"services-{plain}\">0<")));
    // The family page shows the services; the new-family form takes them.
    let fam = social.get(&app, &format!("/foster/{near}")).await;
    assert!(fam.body.contains("康复训练") && fam.body.contains("特殊教育"));
    let form = social.get(&app, "/foster/new").await;
    assert!(form.body.contains("name=\"near_rehab\""));
}

#[actix_web::test]
async fn foster_matching_keeps_a_sibling_pair_together() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let roomy = signed_family(&t, &app).await;
    let one_left = signed_family(&t, &app).await;
    // Room enough for three (FOS-04: the living area per person after placement).
    diesel::update(ff::table.filter(ff::id.eq_any([roomy, one_left])))
        .set(ff::area_dm2.eq(30_000))
        .execute(&mut t.conn())
        .unwrap();
    let kids = young_children(&t, 3);
    let (a, b, other) = (kids[0], kids[1], kids[2]);
    let mut social = login(&app, "social.cc").await;
    // `one_left` fosters another child already: room for one more under FOS-10 (2).
    let p = social
        .post(
            &app,
            &format!("/foster/{one_left}/placements"),
            &[("child_id", &other.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Without siblings the older record leads.
    let url = format!("/foster/matching?child={a}");
    let page = social.get(&app, &url).await;
    assert!(page.body.contains("no-siblings"));
    assert!(at(&page.body, roomy) < at(&page.body, one_left));
    // Refusals re-render with the message at the field; a caregiver may not record siblings.
    let same = [("child_id", a.to_string()), ("sibling_id", a.to_string())];
    let same: Vec<(&str, &str)> = same.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = social.post(&app, "/foster/matching/siblings", &same).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("sibling_id-error"), "{}", r.body);
    let pair = [("child_id", a.to_string()), ("sibling_id", b.to_string())];
    let pair: Vec<(&str, &str)> = pair.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut carer = login(&app, "caregiver.cc").await;
    assert_eq!(
        carer
            .post(&app, "/foster/matching/siblings", &pair)
            .await
            .status,
        403
    );
    let r = social.post(&app, "/foster/matching/siblings", &pair).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Twice is refused (already one group).
    let again = social.post(&app, "/foster/matching/siblings", &pair).await;
    assert_eq!(again.status, 422);
    // The pair: the family with room for both first; the other would split them and says so.
    let page = social.get(&app, &url).await;
    assert!(
        page.body.contains(&format!("id=\"sibling-{b}\"")),
        "{}",
        page.body
    );
    assert!(at(&page.body, roomy) < at(&page.body, one_left));
    assert!(page.body.contains(&format!("id=\"together-{roomy}\"")));
    assert!(page.body.contains(&format!("id=\"splits-{one_left}\"")));
    // Seen from the sibling too (the link goes both ways).
    let from_b = social
        .get(&app, &format!("/foster/matching?child={b}"))
        .await;
    assert!(from_b.body.contains(&format!("id=\"sibling-{a}\"")));
    // Once `a` is placed with `roomy`, `roomy` fosters a sibling of `b` and leads for `b`.
    let p = social
        .post(
            &app,
            &format!("/foster/{roomy}/placements"),
            &[("child_id", &a.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let from_b = social
        .get(&app, &format!("/foster/matching?child={b}"))
        .await;
    assert!(at(&from_b.body, roomy) < at(&from_b.body, one_left));
    assert!(
        from_b.body.contains("该家庭已寄养该儿童的兄弟姐妹"),
        "{}",
        from_b.body
    );
    assert!(from_b.body.contains(&format!("href=\"/foster/{roomy}\"")));
}
