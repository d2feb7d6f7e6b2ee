//! Changes during a placement (issue 12 points 7, 8): short-term care at the institution within the
//! policy days (FOS-17), the family's wish to adopt exposed to the adoption module (FOS-24), and the
//! family's written notice before it ends the placement on its own request (FOS-21).

use crate::support::*;
use actix_web::test;
use chrono::{Duration, Months};
use diesel::prelude::*;
use fuyu::clock::Clock;
use fuyu::db::schema::{foster_families as ff, foster_placements as fp};

fn placement_of(t: &TestApp, family: &str) -> (i64, i64, i64) {
    let fam: i64 = ff::table
        .filter(ff::family_name.eq(family))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap();
    let (pid, child): (i64, i64) = fp::table
        .filter(fp::family_id.eq(fam))
        .filter(fp::open_child_id.is_not_null())
        .select((fp::id, fp::child_id))
        .first(&mut t.conn())
        .unwrap();
    (fam, pid, child)
}

#[actix_web::test]
async fn foster_short_term_care_is_limited_to_the_policy_days() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid, child) = placement_of(&t, "王建国家庭");
    let url = format!("/foster/{fam}/placements/{pid}/short-stay");
    let mut social = login(&app, "social.cc").await;
    let p = social.post(&app, &url, &[("stay_from", "x")]).await;
    assert_eq!(p.status, 422);
    for f in ["stay_from", "stay_to", "stay_reason"] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    // 31 days counting both ends: over the 30-day maximum.
    let from = t.clock.today();
    let (a, b31, b30) = (
        from.to_string(),
        (from + Duration::days(30)).to_string(),
        (from + Duration::days(29)).to_string(),
    );
    let long = [
        ("stay_from", a.as_str()),
        ("stay_to", b31.as_str()),
        ("stay_reason", "照料人住院"),
    ];
    let p = social.post(&app, &url, &long).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("FOS-17") && p.body.contains("30"),
        "{}",
        p.body
    );
    assert!(p.body.contains("照料人住院"), "typed text kept");
    let ok = [
        ("stay_from", a.as_str()),
        ("stay_to", b30.as_str()),
        ("stay_reason", "照料人住院"),
    ];
    assert_eq!(social.post(&app, &url, &ok).await.status, 303);
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains(&format!("{a} – {b30}")), "{}", page.body);
    let entries = fuyu::archive::entries(&mut t.conn(), fuyu::archive::ChildId(child)).unwrap();
    assert!(entries.iter().any(|e| e.summary.contains("短期回院照料")));
    // The child stays in foster care.
    let w = who(&t, "head.cc");
    let k = fuyu::archive::load_in_scope(&mut t.conn(), &w.user, fuyu::archive::ChildId(child))
        .unwrap();
    assert_eq!(k.status, fuyu::archive::ChildStatus::InFosterCare);
    // A caregiver may not; another institution's head does not see the family.
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.post(&app, &url, &ok).await.status, 403);
    let mut other = login(&app, "head.na").await;
    assert_eq!(other.post(&app, &url, &ok).await.status, 404);
}

#[actix_web::test]
async fn foster_family_wishing_to_adopt_is_shown_to_the_adoption_module() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid, child) = placement_of(&t, "王建国家庭");
    let kid = fuyu::archive::ChildId(child);
    assert_eq!(
        fuyu::foster::interface::adoption_priority(&mut t.conn(), kid).unwrap(),
        None
    );
    let url = format!("/foster/{fam}/placements/{pid}/adopt-wish");
    let mut social = login(&app, "social.cc").await;
    assert_eq!(
        social.post(&app, &url, &[("wishes", "maybe")]).await.status,
        400
    );
    assert_eq!(
        social.post(&app, &url, &[("wishes", "yes")]).await.status,
        303
    );
    let p = fuyu::foster::interface::adoption_priority(&mut t.conn(), kid)
        .unwrap()
        .expect("flagged");
    assert_eq!((p.family_id, p.family_name.as_str()), (fam, "王建国家庭"));
    assert_eq!(p.since, t.clock.today());
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains(&format!("id=\"adopt-wish-{pid}\"")));
    // Once the child is marked available for adoption (the marking itself is the adoption tests'),
    // the adoption list names the family's wish beside the child (FOS-24).
    {
        use fuyu::db::schema::{adoption_availability as aa, children};
        let mut c = t.conn();
        let (inst, archive_no): (i64, String) = children::table
            .find(child)
            .select((children::institution_id, children::archive_no))
            .first(&mut c)
            .unwrap();
        diesel::insert_into(aa::table)
            .values((
                aa::child_id.eq(child),
                aa::institution_id.eq(inst),
                aa::category.eq("orphan"),
                aa::basis.eq("test"),
                aa::notice_medium.eq(""),
                aa::notice_result.eq(""),
                aa::trafficked.eq(false),
                aa::marked_by.eq(1i64),
                aa::marked_at.eq(t.clock.now()),
                aa::version.eq(1),
            ))
            .execute(&mut c)
            .unwrap();
        let mut head = login(&app, "head.cc").await;
        let list = head.get(&app, "/adoption").await;
        assert_eq!(list.status, 200);
        let badge = list
            .body
            .split(&format!("id=\"wishes-{archive_no}\">"))
            .nth(1)
            .expect("the FOS-24 badge");
        assert!(badge.starts_with("寄养家庭王建国家庭"), "{badge}");
    }
    assert_eq!(
        social.post(&app, &url, &[("wishes", "no")]).await.status,
        303
    );
    assert_eq!(
        fuyu::foster::interface::adoption_priority(&mut t.conn(), kid).unwrap(),
        None
    );
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.post(&app, &url, &[("wishes", "yes")]).await.status,
        403
    );
}

#[actix_web::test]
async fn foster_family_request_ends_only_after_a_months_written_notice() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid, _) = placement_of(&t, "王建国家庭");
    // Past the integration period (it ends 15 days after the demo day): the notice applies.
    t.clock.advance(Duration::days(30));
    let today = t.clock.today();
    let url = format!("/foster/{fam}/placements/{pid}/end");
    let mut social = login(&app, "social.cc").await;
    let base = [
        ("reason", "family_request"),
        ("note", "照料人工作调动"),
        ("counselling", "社工疏导两次"),
    ];
    let p = social.post(&app, &url, &base).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"notice_on-error\""));
    let late = (today - Duration::days(10)).to_string();
    let mut short = base.to_vec();
    short.push(("notice_on", late.as_str()));
    let p = social.post(&app, &url, &short).await;
    assert_eq!(p.status, 422, "{}", p.body);
    let earliest = (today - Duration::days(10))
        .checked_add_months(Months::new(1))
        .unwrap()
        .to_string();
    assert!(
        p.body.contains("FOS-21") && p.body.contains(&earliest),
        "{}",
        p.body
    );
    let month = today
        .checked_sub_months(Months::new(1))
        .unwrap()
        .to_string();
    let mut enough = base.to_vec();
    enough.push(("notice_on", month.as_str()));
    let p = social.post(&app, &url, &enough).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (reason, notice): (Option<String>, Option<chrono::NaiveDate>) = fp::table
        .find(pid)
        .select((fp::end_reason, fp::notice_received_on))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(reason.as_deref(), Some("family_request"));
    assert_eq!(notice.map(|d| d.to_string()), Some(month));
}

#[actix_web::test]
async fn foster_moving_house_reruns_the_engine() {
    use fuyu::db::schema::foster_steps as fs;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, _, _) = placement_of(&t, "王建国家庭");
    let url = format!("/foster/{fam}/move");
    let mut social = login(&app, "social.cc").await;
    let p = social.post(&app, &url, &[("address", "")]).await;
    assert_eq!(p.status, 422);
    for f in ["address", "residence_kind", "fixed_residence", "area"] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    // A small flat: the living area per person falls below the local level (FOS-04).
    let small = [
        ("address", "长春市朝阳区红旗街8号"),
        ("residence_kind", "rented"),
        ("fixed_residence", "yes"),
        ("area", "20"),
    ];
    let p = social.post(&app, &url, &small).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains("红旗街8号"));
    // The message names the proof a rented home needs, besides the broken condition.
    assert!(
        page.body.contains("已不符合寄养条件") && page.body.contains("房屋租赁合同"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"not-eligible\""), "{}", page.body);
    assert!(page.body.contains("FOS-04"));
    let n: i64 = fs::table
        .filter(fs::family_id.eq(fam))
        .filter(fs::kind.eq("moved"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1);
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.post(&app, &url, &small).await.status, 403);
}

#[actix_web::test]
async fn foster_new_caregiver_needs_the_heads_approval_and_training() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, _, _) = placement_of(&t, "王建国家庭");
    let url = format!("/foster/{fam}/caregiver");
    let good = [
        ("caregiver_name", "李梅"),
        ("caregiver_birth_date", "1980-09-12"),
        ("caregiver_education", "junior_middle"),
        ("caregiver_healthy", "yes"),
        ("training_hours", "8"),
        ("training_topic", "儿童照料与安全"),
    ];
    // The social worker cannot approve (FOS-18: the institution's approval is the head's).
    let mut social = login(&app, "social.cc").await;
    assert_eq!(social.post(&app, &url, &good).await.status, 403);
    let mut head = login(&app, "head.cc").await;
    let mut short = good.to_vec();
    short.retain(|(k, _)| *k != "training_hours");
    short.push(("training_hours", "2"));
    let p = head.post(&app, &url, &short).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"training_hours-error\"") && p.body.contains("FOS-18"));
    let mut old = good.to_vec();
    old.retain(|(k, _)| *k != "caregiver_birth_date");
    old.push(("caregiver_birth_date", "1950-01-01"));
    let p = head.post(&app, &url, &old).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("FOS-08"), "{}", p.body);
    let p = head.post(&app, &url, &good).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let name: String = ff::table
        .find(fam)
        .select(ff::caregiver_name)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(name, "李梅");
}
