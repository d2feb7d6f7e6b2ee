//! Exports of lists (issue 17 point 6): the children list with its filters and the transfers list as
//! CSV and XLSX — Chinese column names, the same rows as the page, ID numbers as text only for roles
//! that see them, formula injection neutralised, every export audited with its filter.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{audit_log, children, institutions};

fn list_count(body: &str) -> usize {
    body.split("id=\"count\">")
        .nth(1)
        .unwrap()
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = vec![r.headers().unwrap().iter().map(str::to_string).collect()];
    out.extend(
        r.records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect()),
    );
    out
}

#[actix_web::test]
async fn the_children_list_exports_with_its_filters_and_the_id_number_scope() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    // A child of CC-CWI with an ID number, and a name typed as a formula (injection).
    let (child, idn): (i64, String) = children::table
        .filter(children::institution_id.eq(cc))
        .filter(children::status.eq("active"))
        .filter(children::id_number.is_not_null())
        .select((children::id, children::id_number.assume_not_null()))
        .first(&mut t.conn())
        .unwrap();
    diesel::update(children::table.find(child))
        .set(children::legal_name.eq("=HYPERLINK(\"x\")"))
        .execute(&mut t.conn())
        .unwrap();

    let mut head = login(&app, "head.cc").await;
    for query in ["", "status=all", "status=all&age_band=0-2"] {
        let page = head.get(&app, &format!("/children?{query}")).await;
        let n = list_count(&page.body);
        let x = head
            .fetch(&app, &format!("/children/export?{query}&format=xlsx"))
            .await;
        assert_eq!(x.status, 200, "{query}");
        let sheets = xlsx_sheets(&x.bytes);
        assert_eq!(sheets[0].1.len() - 1, n, "{query}: the page's total");
        let c = head
            .fetch(&app, &format!("/children/export?{query}&format=csv"))
            .await;
        assert_eq!(csv_rows(&c.bytes).len() - 1, n, "{query}");
    }
    let x = head.fetch(&app, "/children/export?format=xlsx").await;
    let sheet = &xlsx_sheets(&x.bytes)[0].1;
    assert_eq!(sheet[0][0], "档案号");
    assert_eq!(sheet[0][4], "公民身份号码");
    assert!(
        sheet.iter().any(|r| r[4] == idn),
        "the ID number as text, every digit kept"
    );
    let c = csv_rows(&head.fetch(&app, "/children/export?format=csv").await.bytes);
    assert!(
        c.iter().any(|r| r[1] == "'=HYPERLINK(\"x\")"),
        "neutralised"
    );
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("export"))
        .filter(audit_log::detail.like("children.xlsx%status=all%"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(audited >= 2, "audited with the filter");

    // A caregiver sees ID numbers masked on the page: the export has no ID number column.
    let care = login(&app, "caregiver.cc").await;
    let x = care.fetch(&app, "/children/export?format=xlsx").await;
    assert_eq!(x.status, 200);
    let sheet = &xlsx_sheets(&x.bytes)[0].1;
    assert!(!sheet[0].iter().any(|h| h == "公民身份号码"));
    assert!(!sheet.iter().flatten().any(|v| *v == idn));
    // No format named: 404, never a guess; no role without the list: 403.
    assert_eq!(head.fetch(&app, "/children/export").await.status, 404);
    let admin = login(&app, "admin").await;
    assert_eq!(
        admin
            .fetch(&app, "/children/export?format=csv")
            .await
            .status,
        403
    );
}

#[actix_web::test]
async fn the_transfers_list_exports_as_csv_and_xlsx() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for who in ["head.cc", "supervisor.jl"] {
        let mut b = login(&app, who).await;
        let page = b.get(&app, "/transfers").await;
        let shown = page.body.matches("<tr class=\"no-photo\">").count();
        let x = b.fetch(&app, "/transfers/export?format=xlsx").await;
        assert_eq!(x.status, 200, "{who}");
        let sheet = &xlsx_sheets(&x.bytes)[0].1;
        assert_eq!(sheet[0][1], "移出机构", "{who}: {:?}", sheet[0]);
        assert_eq!(sheet.len() - 1, shown, "{who}: the page's rows");
        let c = b.fetch(&app, "/transfers/export?format=csv").await;
        assert_eq!(csv_rows(&c.bytes).len() - 1, shown, "{who}");
    }
    let care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.fetch(&app, "/transfers/export?format=csv")
            .await
            .status,
        403
    );
}
