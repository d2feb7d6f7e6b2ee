//! The data-quality list selects incomplete archives in SQL (issue 11); the pure completeness rule
//! (`missing_items`) stays the definition. These tests break each kind of completeness on some demo
//! children and check that the SQL and the rule still agree on every active child, and that the
//! page's count is the number of incomplete archives.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{child_documents, children, institutions};

fn active_ids(t: &TestApp, inst_code: &str) -> Vec<i64> {
    children::table
        .inner_join(institutions::table)
        .filter(institutions::code.eq(inst_code))
        .filter(children::status.eq("active"))
        .order(children::id.asc())
        .select(children::id)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_quality_list_agrees_with_the_completeness_rule_for_every_kind_of_gap() {
    let t = TestApp::new();
    let mut c = t.conn();
    assert_eq!(
        fuyu::archive::completeness_mismatches(&mut c).unwrap(),
        vec![]
    );
    let ids = active_ids(&t, "CC-CWI");
    assert!(
        ids.len() >= 9,
        "demo data has enough children: {}",
        ids.len()
    );
    // One gap per child, each kind once.
    let set = |id: i64, sql: &str| {
        diesel::sql_query(format!("UPDATE children SET {sql} WHERE id = {id}"))
            .execute(&mut t.conn())
            .unwrap();
    };
    set(ids[0], "photo_document_id = NULL");
    set(ids[1], "hukou_status = 'registered', id_number = NULL");
    set(ids[2], "hukou_status = 'registered', hukou_place = ''");
    set(ids[3], "ethnicity = ''");
    set(ids[4], "archive_class = 'A', found_date = NULL");
    set(
        ids[5],
        "case_type = 'trafficking-rescued', police_report_no = ''",
    );
    set(ids[6], "disability_grade = 2, disability_cert_no = ''");
    set(ids[7], "guardian_department = ''");
    // A required document superseded: no longer current.
    let doc: Option<i64> = child_documents::table
        .filter(child_documents::child_id.eq(ids[8]))
        .filter(child_documents::superseded_by.is_null())
        .filter(child_documents::doc_type.eq("health-check"))
        .select(child_documents::id)
        .first(&mut c)
        .optional()
        .unwrap();
    if let Some(d) = doc {
        diesel::update(child_documents::table.find(d))
            .set(child_documents::doc_type.eq("other"))
            .execute(&mut c)
            .unwrap();
    }
    assert_eq!(
        fuyu::archive::completeness_mismatches(&mut c).unwrap(),
        vec![],
        "SQL and rule agree after the gaps"
    );
    // The page counts exactly the incomplete archives of the scope, each of the broken ones included.
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    let q = s.get(&app, "/archive/quality").await;
    assert_eq!(q.status, 200);
    for id in &ids[..8] {
        assert!(
            q.body.contains(&format!("href=\"/children/{id}\"")),
            "child {id} listed"
        );
    }
}
