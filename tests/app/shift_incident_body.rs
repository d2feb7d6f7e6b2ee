//! The body map and photos of an incident (issue 15 point 6): they belong to the incident and are read
//! exactly by those who read the incident — a staff-involved incident's photo is a 404 for the
//! caregiver and a download for the head; a real PNG is accepted, a text file named .png refused with
//! a message on the field; a mark on the wrong side refused (BODY-01); views and downloads audited.

use crate::shift_incidents::{an_hour_ago, cc_children, user_id};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{shift_incident_marks as mk, shift_incident_photos as ph, shift_incidents};

pub(crate) const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";

pub(crate) async fn upload<S, B>(
    app: &S,
    b: &Browser,
    incident: i64,
    name: &str,
    bytes: &[u8],
) -> Page
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let boundary = "----fuyushiftboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n",
        b.csrf
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = test::TestRequest::post()
        .uri(&format!("/shift/incidents/{incident}/photos"))
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            b.cookie.clone().unwrap_or_default(),
        ))
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .set_payload(body)
        .to_request();
    send(app, req).await
}

pub(crate) async fn record<S, B>(
    app: &S,
    b: &mut Browser,
    t: &TestApp,
    child: &str,
    staff: &str,
    idem: &str,
) where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let when = an_hour_ago(t);
    let mut f = vec![
        ("kind", "accident"),
        ("occurred", when.as_str()),
        ("place", "二号单元活动室"),
        ("child", child),
        ("description", "从滑梯上摔下"),
        ("action_taken", "冷敷，报告院长"),
        ("idem", idem),
    ];
    if !staff.is_empty() {
        f.push(("staff", staff));
        f[0] = ("kind", "suspected-abuse");
    }
    let p = b.post(app, "/shift/incidents", &f).await;
    assert_eq!(p.status, 303, "{}", p.body);
}

#[actix_web::test]
async fn a_body_map_and_photos_belong_to_the_incident_and_follow_its_scope() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    record(&app, &mut cg, &t, &kids[0], "", "body-1").await;
    record(
        &app,
        &mut cg,
        &t,
        &kids[0],
        &user_id(&t, "medical.cc"),
        "body-2",
    )
    .await;
    let ids: Vec<(i64, bool)> = shift_incidents::table
        .order(shift_incidents::id.desc())
        .select((shift_incidents::id, shift_incidents::staff_involved))
        .limit(2)
        .load(&mut t.conn())
        .unwrap();
    let plain = ids.iter().find(|x| !x.1).unwrap().0;
    let staff = ids.iter().find(|x| x.1).unwrap().0;

    // The caregiver marks a bruise on the plain incident; a chest on the back is refused (BODY-01)
    // with the input kept.
    let page = format!("/shift/incidents/{plain}/body");
    let p = cg.get(&app, &page).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"mark-form\""));
    let marks = format!("/shift/incidents/{plain}/marks");
    let r = cg
        .post(
            &app,
            &marks,
            &[
                ("child", &kids[0]),
                ("side", "back"),
                ("region", "chest"),
                ("kind", "bruise"),
                ("note", "约 2 cm"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"mark-region-error\""), "{}", r.body);
    assert!(r.body.contains("BODY-01"));
    assert!(r.body.contains("value=\"约 2 cm\""));
    let r = cg
        .post(
            &app,
            &marks,
            &[
                ("child", &kids[0]),
                ("side", "front"),
                ("region", "arm_left"),
                ("kind", "bruise"),
                ("note", "左前臂约 2 cm 淤青"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let p = cg.get(&app, &page).await;
    assert!(
        p.body.contains("正面 · 左臂") && p.body.contains("左前臂约 2 cm 淤青"),
        "{}",
        p.body
    );
    assert_eq!(
        mk::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        1
    );

    // A text file named .png is refused on the field; a real PNG is stored.
    let r = upload(
        &app,
        &cg,
        plain,
        "bruise.png",
        b"just some text, not an image",
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("id=\"photo-file-error\""), "{}", r.body);
    assert_eq!(
        ph::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );
    let r = upload(&app, &cg, plain, "bruise.png", PNG).await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The head uploads to the staff-involved incident (the caregiver cannot even see it: 404).
    let head = login(&app, "head.cc").await;
    let r = upload(&app, &head, staff, "arm.png", PNG).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let photo: i64 = ph::table
        .filter(ph::incident_id.eq(staff))
        .select(ph::id)
        .first(&mut t.conn())
        .unwrap();
    let url = format!("/shift/incidents/{staff}/photos/{photo}");
    let before = audit_count(&mut t.conn(), "view", "success");
    let f = head.fetch(&app, &url).await;
    assert_eq!((f.status, f.content_type.as_str()), (200, "image/png"));
    assert_eq!(f.bytes, PNG);
    assert!(audit_count(&mut t.conn(), "view", "success") > before);
    assert_eq!(cg.fetch(&app, &url).await.status, 404);
    assert_eq!(
        cg.get(&app, &format!("/shift/incidents/{staff}/body"))
            .await
            .status,
        404
    );
    assert_eq!(upload(&app, &cg, staff, "x.png", PNG).await.status, 404);
    let r = cg
        .post(
            &app,
            &format!("/shift/incidents/{staff}/marks"),
            &[
                ("child", &kids[0]),
                ("side", "front"),
                ("region", "face"),
                ("kind", "cut"),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, 404);
    // A photo id of another incident under this one's path: 404; another institution's head: 404.
    let own: i64 = ph::table
        .filter(ph::incident_id.eq(plain))
        .select(ph::id)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        head.fetch(&app, &format!("/shift/incidents/{staff}/photos/{own}"))
            .await
            .status,
        404
    );
    let na = login(&app, "head.na").await;
    assert_eq!(
        na.fetch(&app, &format!("/shift/incidents/{plain}/photos/{own}"))
            .await
            .status,
        404
    );
    // The supervisor reads the staff incident's photo; the caregiver's own photo is hers to read.
    let sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.fetch(&app, &url).await.status, 200);
    assert_eq!(
        cg.fetch(&app, &format!("/shift/incidents/{plain}/photos/{own}"))
            .await
            .status,
        200
    );
    // The backup keeps the files.
    let kept = (fuyu::shift::incidents::body::STORED_FILES)(&mut t.conn()).unwrap();
    assert_eq!(kept.len(), 2);
}
