//! Incident photos withdrawn (issue 15 point 6, session 8) and the body map and photos in the API and
//! the report PDF: a photo uploaded by mistake is withdrawn with a required reason by its uploader or
//! the head (403 for another caregiver); the file stays stored; it is no longer listed or downloadable
//! except to the head, who sees it marked withdrawn with the reason. The incidents API (list and one)
//! carries the marks and photos in force with a download URL in the incident's scope; staff-involved
//! incidents stay hidden from other caregivers; the mandatory report lists the marks and counts photos.

use crate::shift_incident_body::{record, upload, PNG};
use crate::shift_incidents::{cc_children, second_caregiver, user_id};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    shift_incident_marks as mk, shift_incident_photos as ph, shift_incidents,
    shift_photo_withdrawals as pw,
};

fn photos_of(t: &TestApp, incident: i64) -> Vec<i64> {
    ph::table
        .filter(ph::incident_id.eq(incident))
        .order(ph::id.asc())
        .select(ph::id)
        .load(&mut t.conn())
        .unwrap()
}

/// The newest incidents: (plain, staff-involved).
fn two_incidents(t: &TestApp) -> (i64, i64) {
    let ids: Vec<(i64, bool)> = shift_incidents::table
        .order(shift_incidents::id.desc())
        .select((shift_incidents::id, shift_incidents::staff_involved))
        .limit(2)
        .load(&mut t.conn())
        .unwrap();
    (
        ids.iter().find(|x| !x.1).unwrap().0,
        ids.iter().find(|x| x.1).unwrap().0,
    )
}

#[actix_web::test]
async fn a_photo_uploaded_by_mistake_is_withdrawn_with_a_reason_and_kept_for_the_head_only() {
    let t = TestApp::new();
    second_caregiver(&t);
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    record(&app, &mut cg, &t, &kids[0], "", "pw-1").await;
    let id: i64 = shift_incidents::table
        .select(diesel::dsl::max(shift_incidents::id))
        .first::<Option<i64>>(&mut t.conn())
        .unwrap()
        .unwrap();
    assert_eq!(upload(&app, &cg, id, "wrong.png", PNG).await.status, 303);
    assert_eq!(upload(&app, &cg, id, "other.png", PNG).await.status, 303);
    let ps = photos_of(&t, id);
    let (wrong, other) = (ps[0], ps[1]);
    let page = format!("/shift/incidents/{id}/body");
    let withdraw = |p: i64| format!("/shift/incidents/{id}/photos/{p}/withdraw");

    // Another caregiver (neither the head nor the uploader): no form, and a 403.
    let mut cg2 = login(&app, "caregiver2.cc").await;
    let p = cg2.get(&app, &page).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(&format!("id=\"photo-{wrong}\"")));
    assert!(!p
        .body
        .contains(&format!("id=\"photo-withdraw-form-{wrong}\"")));
    let r = cg2
        .post(&app, &withdraw(wrong), &[("reason", "不是本事件的儿童")])
        .await;
    assert_eq!(r.status, 403);
    // The uploader without a reason: the message on the field (422), nothing recorded.
    let p = cg.get(&app, &page).await;
    assert!(p
        .body
        .contains(&format!("id=\"photo-withdraw-form-{wrong}\"")));
    let r = cg.post(&app, &withdraw(wrong), &[("reason", " ")]).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body
            .contains(&format!("id=\"photo-reason-{wrong}-error\"")),
        "{}",
        r.body
    );
    assert_eq!(
        pw::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );
    // Withdrawn with the reason, audited.
    let before = audit_count(&mut t.conn(), "withdraw", "success");
    let r = cg
        .post(
            &app,
            &withdraw(wrong),
            &[("reason", "拍错了，不是本事件的儿童")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        audit_count(&mut t.conn(), "withdraw", "success"),
        before + 1
    );
    // The row and the file stay (history, the backup).
    assert_eq!(photos_of(&t, id).len(), 2);
    let kept = (fuyu::shift::incidents::body::STORED_FILES)(&mut t.conn()).unwrap();
    assert_eq!(kept.len(), 2);
    // Gone for the caregivers: not listed, not downloadable; the other photo still is.
    let url = format!("/shift/incidents/{id}/photos/{wrong}");
    for b in [&mut cg, &mut cg2] {
        let p = b.get(&app, &page).await;
        assert!(
            !p.body.contains(&format!("id=\"photo-{wrong}\"")),
            "{}",
            p.body
        );
        assert!(p.body.contains(&format!("id=\"photo-{other}\"")));
        assert_eq!(b.fetch(&app, &url).await.status, 404);
    }
    assert_eq!(
        cg.post(&app, &withdraw(wrong), &[("reason", "再撤一次")])
            .await
            .status,
        404
    );
    // The head sees it marked withdrawn with the reason, and may download it.
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, &page).await;
    let line = &p.body[p
        .body
        .find(&format!("id=\"photo-withdrawn-{wrong}\""))
        .expect("marked withdrawn for the head")..];
    assert!(line.contains("拍错了，不是本事件的儿童"), "{line}");
    let f = head.fetch(&app, &url).await;
    assert_eq!((f.status, f.bytes.as_slice()), (200, PNG));
    // The head withdraws a photo she did not upload; a second withdrawal is refused on the field.
    let r = head
        .post(&app, &withdraw(other), &[("reason", "照片重复")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = head
        .post(&app, &withdraw(other), &[("reason", "照片重复")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("此照片已撤回"), "{}", r.body);
    // Another institution's head: 404.
    let mut na = login(&app, "head.na").await;
    assert_eq!(
        na.post(&app, &withdraw(other), &[("reason", "x")])
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn the_api_and_the_report_carry_the_marks_and_photos_in_force_in_the_incidents_scope() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    record(&app, &mut cg, &t, &kids[0], "", "api-b1").await;
    record(
        &app,
        &mut cg,
        &t,
        &kids[0],
        &user_id(&t, "medical.cc"),
        "api-b2",
    )
    .await;
    let (plain, staff) = two_incidents(&t);
    let mut head = login(&app, "head.cc").await;
    // Two marks on each; the second withdrawn: one in force.
    for (b, id) in [(&mut cg, plain), (&mut head, staff)] {
        for (region, note) in [("arm_left", "左前臂约2厘米淤青"), ("face", "记错的标记")]
        {
            let r = b
                .post(
                    &app,
                    &format!("/shift/incidents/{id}/marks"),
                    &[
                        ("child", &kids[0]),
                        ("side", "front"),
                        ("region", region),
                        ("kind", "bruise"),
                        ("note", note),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
        }
        let m: i64 = mk::table
            .filter(mk::incident_id.eq(id))
            .select(diesel::dsl::max(mk::id))
            .first::<Option<i64>>(&mut t.conn())
            .unwrap()
            .unwrap();
        let r = b
            .post(
                &app,
                &format!("/shift/incidents/{id}/marks/{m}/withdraw"),
                &[("reason", "标错了")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(upload(&app, b, id, "a.png", PNG).await.status, 303);
        assert_eq!(upload(&app, b, id, "b.png", PNG).await.status, 303);
        let ps = photos_of(&t, id);
        let r = b
            .post(
                &app,
                &format!("/shift/incidents/{id}/photos/{}/withdraw", ps[1]),
                &[("reason", "照片选错")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let (_, v) = api_token(&app, "caregiver.cc", PW).await;
    let tok = v["token"].as_str().unwrap().to_string();
    let (s, one) = api_get(&app, &format!("/api/v1/shift/incidents/{plain}"), &tok).await;
    assert_eq!(s, 200, "{one}");
    assert_eq!(one["id"], plain);
    let marks = one["body_marks"].as_array().expect("body_marks");
    assert_eq!(marks.len(), 1, "{one}");
    assert_eq!(
        (
            marks[0]["region"].as_str(),
            marks[0]["side"].as_str(),
            marks[0]["kind"].as_str(),
            marks[0]["note"].as_str()
        ),
        (
            Some("arm_left"),
            Some("front"),
            Some("bruise"),
            Some("左前臂约2厘米淤青")
        )
    );
    let photos = one["photos"].as_array().expect("photos");
    assert_eq!(photos.len(), 1, "{one}");
    let ps = photos_of(&t, plain);
    assert_eq!(photos[0]["id"], ps[0]);
    assert_eq!(photos[0]["content_type"], "image/png");
    assert_eq!(photos[0]["size_bytes"], PNG.len() as i64);
    assert!(photos[0]["uploaded_at"].is_string());
    // The download URL answers with the incident's scope; the withdrawn photo's does not.
    let get = |url: String, tok: String| {
        test::TestRequest::get()
            .uri(&url)
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .to_request()
    };
    let url = photos[0]["url"].as_str().unwrap().to_string();
    let res = test::call_service(&app, get(url.clone(), tok.clone())).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(test::read_body(res).await.as_ref(), PNG);
    let gone = format!("/api/v1/shift/incidents/{plain}/photos/{}", ps[1]);
    let res = test::call_service(&app, get(gone, tok.clone())).await;
    assert_eq!(res.status().as_u16(), 404);
    let (_, na) = api_token(&app, "head.na", PW).await;
    let na = na["token"].as_str().unwrap().to_string();
    let res = test::call_service(&app, get(url, na.clone())).await;
    assert_eq!(res.status().as_u16(), 404);
    let (s, _) = api_get(&app, &format!("/api/v1/shift/incidents/{plain}"), &na).await;
    assert_eq!(s, 404);
    // The list carries the same.
    let (s, list) = api_get(&app, "/api/v1/shift/incidents", &tok).await;
    assert_eq!(s, 200);
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == plain)
        .expect("listed");
    assert_eq!(row["body_marks"].as_array().map(Vec::len), Some(1));
    assert_eq!(row["photos"].as_array().map(Vec::len), Some(1));
    // Staff-involved: hidden from the caregiver in the list and one (404), its photo too.
    assert!(
        !list.as_array().unwrap().iter().any(|i| i["id"] == staff),
        "{list}"
    );
    let (s, _) = api_get(&app, &format!("/api/v1/shift/incidents/{staff}"), &tok).await;
    assert_eq!(s, 404);
    let sp = photos_of(&t, staff);
    let res = test::call_service(
        &app,
        get(
            format!("/api/v1/shift/incidents/{staff}/photos/{}", sp[0]),
            tok.clone(),
        ),
    )
    .await;
    assert_eq!(res.status().as_u16(), 404);
    let (_, h) = api_token(&app, "head.cc", PW).await;
    let h = h["token"].as_str().unwrap().to_string();
    let (s, v) = api_get(&app, &format!("/api/v1/shift/incidents/{staff}"), &h).await;
    assert_eq!(s, 200);
    assert_eq!(v["body_marks"].as_array().map(Vec::len), Some(1), "{v}");
    // The OpenAPI description documents them.
    let (_, doc) = api_get(&app, "/api/v1/openapi.json", &tok).await;
    assert!(doc["paths"]["/api/v1/shift/incidents/{id}"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/shift/incidents/{id}/photos/{photo}"]["get"].is_object());
    assert!(doc.to_string().contains("body_marks"));

    // The mandatory report (suspected abuse by staff): the marks in force listed, the photos counted.
    let f = head
        .fetch(&app, &format!("/shift/incidents/{staff}/report.pdf"))
        .await;
    assert_eq!(f.status, 200);
    let text = pdf_raw_text(&f.bytes);
    assert!(text.contains("体表伤情标记"), "{text}");
    assert!(text.contains("左前臂约2厘米淤青"), "{text}");
    assert!(
        !text.contains("记错的标记"),
        "withdrawn mark left out: {text}"
    );
    assert!(text.contains("随附照片：1 张"), "{text}");
}
