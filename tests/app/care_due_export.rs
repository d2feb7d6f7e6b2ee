//! The care-plans-due list (issue 14 point 1; issue 17 point 6): plans and reviews due or overdue in
//! scope, filtered, downloaded as CSV and XLSX through the shared export pattern, audited.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::audit_log as a;

fn data_rows(csv: &str) -> Vec<String> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[actix_web::test]
async fn plans_due_are_listed_filtered_and_exported_as_csv_and_xlsx() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/care").await;
    assert!(p.body.contains("id=\"plans-due-link\""));
    let p = head.get(&app, "/care/plans-due").await;
    assert_eq!(p.status, 200);
    // The demo has an overdue review and a draft awaiting the head's approval.
    assert!(p.body.contains("复查抚养方案"), "{}", p.body);
    assert!(p.body.contains("class=\"overdue\""));
    // All plan steps, as CSV with BOM; the header is translated.
    let all = head.fetch(&app, "/care/plans-due/export?format=csv").await;
    assert_eq!(all.status, 200);
    assert!(all.content_type.starts_with("text/csv"));
    assert!(all.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8_lossy(&all.bytes).to_string();
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(header.contains("档案号") && header.contains("到期日") && header.contains("逾期天数"));
    let all_rows = data_rows(&text);
    assert!(all_rows.len() >= 2, "{text}");
    // Overdue reviews only: fewer rows, each a review.
    let q = "/care/plans-due/export?what=plan_review&overdue=1&format=csv";
    let f = head.fetch(&app, q).await;
    let text = String::from_utf8_lossy(&f.bytes).to_string();
    let rows = data_rows(&text);
    assert!(!rows.is_empty() && rows.len() < all_rows.len(), "{text}");
    assert!(rows.iter().all(|r| r.contains("复查抚养方案")), "{text}");
    // A date filter that nothing meets: header only.
    let f = head
        .fetch(&app, "/care/plans-due/export?until=2000-01-01&format=csv")
        .await;
    assert!(data_rows(&String::from_utf8_lossy(&f.bytes)).is_empty());
    // XLSX read back: the same rows, the due date as a date cell.
    let f = head
        .fetch(
            &app,
            "/care/plans-due/export?what=plan_review&overdue=1&format=xlsx",
        )
        .await;
    assert_eq!(f.status, 200);
    let sheets = xlsx_sheets(&f.bytes);
    assert_eq!(sheets[0].0, "抚养方案到期清单");
    assert_eq!(sheets[0].1.len(), rows.len() + 1, "{:?}", sheets[0].1);
    let due = &sheets[0].1[1][4];
    assert!(
        due.len() == 10 && due.starts_with("20"),
        "a date cell: {due}"
    );
    // Bad filters: the page says which (422); the download refuses (400); a bad format is 400.
    let p = head
        .get(&app, "/care/plans-due?what=gossip&until=soon")
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"what-error\"") && p.body.contains("id=\"until-error\""));
    assert_eq!(
        head.fetch(&app, "/care/plans-due/export?what=gossip&format=csv")
            .await
            .status,
        400
    );
    assert_eq!(
        head.fetch(&app, "/care/plans-due/export?format=pdf")
            .await
            .status,
        400
    );
    // Scope: another county's head sees none of CC-CWI's children.
    let other = login(&app, "head.na").await;
    let f = other.fetch(&app, "/care/plans-due/export?format=csv").await;
    assert_eq!(f.status, 200);
    let theirs = String::from_utf8_lossy(&f.bytes).to_string();
    for r in &all_rows {
        let no = r.split(',').next().unwrap_or_default();
        assert!(!theirs.contains(no), "{no} leaked to another institution");
    }
    // A role without ViewCare: 403.
    let reg = login(&app, "registrar.cc").await;
    assert_eq!(
        reg.fetch(&app, "/care/plans-due/export?format=csv")
            .await
            .status,
        403
    );
    // Every download is audited with its filters.
    let details: Vec<String> = a::table
        .filter(a::action.eq("export"))
        .filter(a::resource_type.eq("care"))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap();
    assert!(
        details
            .iter()
            .any(|d| d.contains("plans-due.xlsx") && d.contains("what=plan_review")),
        "{details:?}"
    );
    assert!(details.len() >= 4, "{details:?}");
}
