//! The checklist template editor: versions, what a new version changes (drafts) and never changes
//! (submitted batches), refusals that keep the typed rows, and two admins saving at once.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    audit_log, children, institutions, transfer_batches as tb, transfer_children as tc,
    transfer_items as ti, transfer_templates as tt,
};

/// The editor form for version 1 as the page lays it out, with changes applied by `edit`.
fn v1_form(edit: impl Fn(&str, &mut Vec<(String, String)>)) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![("based_on".into(), "1".into())];
    for (i, (code, mandatory)) in fuyu::transfer::rules::DEFAULT_ITEMS.iter().enumerate() {
        f.push((format!("code_{i}"), code.to_string()));
        f.push((format!("order_{i}"), ((i + 1) * 10).to_string()));
        if *mandatory {
            f.push((format!("mandatory_{i}"), "on".into()));
        }
        edit(code, &mut f);
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn labels(t: &TestApp, batch: i64) -> Vec<String> {
    ti::table
        .inner_join(tc::table)
        .filter(tc::batch_id.eq(batch))
        .order(ti::id.asc())
        .select(ti::label)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn admins_edit_the_checklist_in_versions_that_never_change_submitted_batches() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let na: i64 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let kids: Vec<i64> = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.eq("active"))
        .select(children::id)
        .limit(3)
        .load(&mut t.conn())
        .unwrap();
    // Two batches on version 1: one submitted, one still a draft.
    let mut officer = login(&app, "transfer.na").await;
    let mut batches = vec![];
    for (k, submit) in [(kids[0], true), (kids[1], false)] {
        officer.get(&app, "/transfers").await;
        let p = officer
            .post(&app, "/transfers", &[("planned_date", "2026-12-20")])
            .await;
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
                &[("child_id", &k.to_string())],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        if submit {
            let p = officer
                .post(
                    &app,
                    &format!("/transfers/{id}/actions"),
                    &[("action", "submit"), ("version", "1")],
                )
                .await;
            assert_eq!(p.status, 303);
        }
        batches.push(id);
    }
    let (submitted, draft) = (batches[0], batches[1]);
    assert!(labels(&t, submitted).contains(&"居民身份证".to_string()));

    let mut admin = login(&app, "admin").await;
    let page = admin.get(&app, "/admin/transfer-templates").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("儿童本人") && page.body.contains("法定必交"));
    let mut head = login(&app, "head.cc").await;
    assert_eq!(
        head.get(&app, "/admin/transfer-templates").await.status,
        403
    );

    // Refused: a required line removed and a new line's order not a number. The rows come back as typed.
    let bad = v1_form(|code, f| {
        if code == "child-in-person" {
            f.push(("remove_0".into(), "on".into()));
            // The page sends mandatory for required rows; an attacker may drop it too.
        }
    });
    let mut bad = bad;
    bad.push(("code_14".into(), "".into()));
    bad.push(("label_14".into(), "学习用品".into()));
    bad.push(("order_14".into(), "第三".into()));
    bad.push(("note".into(), "增加学习用品".into()));
    let p = admin
        .post(&app, "/admin/transfer-templates", &pairs(&bad))
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("此项为法定必交事项"), "{}", p.body);
    assert!(p.body.contains("请输入整数"));
    assert!(p.body.contains("value=\"学习用品\"") && p.body.contains("value=\"第三\""));
    assert!(
        p.body.contains("value=\"增加学习用品\""),
        "the note is kept"
    );
    let versions: i64 = tt::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(versions, 1, "nothing saved");

    // Refused: nothing changed; and no note.
    let mut same = v1_form(|_, _| {});
    same.push(("note".into(), "无".into()));
    let p = admin
        .post(&app, "/admin/transfer-templates", &pairs(&same))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("与当前版本相同"));
    let good = |with_note: bool| {
        let mut f = v1_form(|code, f| {
            if code == "id-card" {
                f.push(("remove_2".into(), "on".into()));
            }
        });
        f.push(("label_14".into(), "学习用品".into()));
        f.push(("order_14".into(), "15".into()));
        f.push(("mandatory_14".into(), "on".into()));
        if with_note {
            f.push(("note".into(), "增加学习用品，身份证并入户口簿".into()));
        }
        f
    };
    let p = admin
        .post(&app, "/admin/transfer-templates", &pairs(&good(false)))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("此项必填"), "{}", p.body);

    // Saved as version 2.
    let p = admin
        .post(&app, "/admin/transfer-templates", &pairs(&good(true)))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = admin.get(&app, p.location.as_deref().unwrap()).await;
    assert!(page.body.contains("已保存为第 2 版"), "{}", page.body);
    assert!(
        page.body.contains("增加学习用品，身份证并入户口簿") && page.body.contains("系统管理员")
    );

    // The submitted batch keeps version 1 and its checklist; the draft moved to version 2.
    let v: Vec<(i64, i32)> = tb::table
        .filter(tb::id.eq_any([submitted, draft]))
        .order(tb::id.asc())
        .select((tb::id, tb::template_version))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(v, vec![(submitted, 1), (draft, 2)]);
    let s = labels(&t, submitted);
    assert!(s.contains(&"居民身份证".to_string()) && !s.contains(&"学习用品".to_string()));
    let d = labels(&t, draft);
    assert!(!d.contains(&"居民身份证".to_string()) && d.contains(&"学习用品".to_string()));
    assert_eq!(
        d.iter().position(|l| l == "学习用品"),
        Some(1 + d.iter().filter(|l| l.contains(" · ")).count()),
        "the new line sits where it was ordered: after the child and the child's documents"
    );
    // A batch created now starts on version 2.
    officer.get(&app, "/transfers").await;
    let p = officer
        .post(&app, "/transfers", &[("planned_date", "2026-12-20")])
        .await;
    let id: i64 = p
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    officer.get(&app, &format!("/transfers/{id}")).await;
    officer
        .post(
            &app,
            &format!("/transfers/{id}/children"),
            &[("child_id", &kids[2].to_string())],
        )
        .await;
    assert!(labels(&t, id).contains(&"学习用品".to_string()));

    // A second admin still editing version 1 is told, and keeps what they typed.
    let mut stale = good(true);
    stale.push(("label_15".into(), "乐器".into()));
    let p = admin
        .post(&app, "/admin/transfer-templates", &pairs(&stale))
        .await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p.body.contains("第 2 版") && p.body.contains("value=\"乐器\""));
    let versions: i64 = tt::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(versions, 2);
    let audited: i64 = audit_log::table
        .filter(audit_log::resource_type.eq("transfer_template"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audited, 1);
}
