//! Oversight (issue 17): the dashboard's numbers agree with the detail pages (the children list, the
//! transfer oversight page); each supervisor sees their own division; scope (404 / 403); the tables'
//! downloads; the quarterly XLSX read back with calamine, reproducible after later changes.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{children, institutions};

/// Undo the HTML escaping of an attribute or text.
fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x3d;", "=")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The rows of the oversight table page: (label, link, values).
pub fn table_rows(body: &str) -> Vec<(String, Option<String>, Vec<i64>)> {
    let tbody = body
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tbody>").next())
        .unwrap_or("");
    tbody
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let head = row.split("</th>").next().unwrap_or("");
            let link = head
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .map(unescape);
            let label = unescape(
                head.rsplit('>')
                    .find(|s| !s.is_empty() && !s.starts_with('<'))
                    .unwrap_or(head)
                    .split('<')
                    .next()
                    .unwrap_or(""),
            );
            let values = row
                .split("<td class=\"num\">")
                .skip(1)
                .filter_map(|v| v.split('<').next()?.trim().parse().ok())
                .collect();
            (label, link, values)
        })
        .collect()
}

/// The total the children list states ("共 N 名儿童").
fn list_count(body: &str) -> i64 {
    let p = body.split("id=\"count\">").nth(1).unwrap();
    p.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}

fn institution(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn dashboard_numbers_agree_with_the_children_list() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    let page = sup.get(&app, "/oversight").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"), "charts drawn on the server");
    assert!(page.body.contains("id=\"table-categories\""));
    assert!(
        page.body.contains("id=\"panel-incidents\""),
        "the named place"
    );
    let mut checked = 0;
    for slug in ["institutions", "categories", "ages"] {
        let p = sup.get(&app, &format!("/oversight/tables/{slug}")).await;
        assert_eq!(p.status, 200, "{slug}: {}", p.body);
        let rows = table_rows(&p.body);
        assert!(!rows.is_empty(), "{slug}: no rows\n{}", p.body);
        let mut active_total = 0;
        for (label, link, values) in &rows {
            let link = link
                .as_ref()
                .unwrap_or_else(|| panic!("{slug} {label}: no link"));
            let list = sup.get(&app, link).await;
            assert_eq!(list.status, 200, "{link}");
            // Column 1 is 在院 (active): the list's default status.
            assert_eq!(list_count(&list.body), values[0], "{slug} {label} ({link})");
            // Active + in foster care = the total column.
            assert_eq!(values[0] + values[1], values[2], "{slug} {label}");
            active_total += values[0];
            checked += 1;
        }
        let all = sup.get(&app, "/children").await;
        assert_eq!(
            list_count(&all.body),
            active_total,
            "{slug}: the sum is the list's total"
        );
    }
    assert!(checked >= 5, "only {checked} rows compared");
}

#[actix_web::test]
async fn transfer_figures_agree_with_the_transfer_oversight_page() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for who in ["supervisor.cc", "supervisor.jl"] {
        let mut sup = login(&app, who).await;
        let dash = sup.get(&app, "/oversight/tables/transfers").await;
        assert_eq!(dash.status, 200);
        let rows = table_rows(&dash.body);
        let col = |i: usize| rows.iter().map(|r| r.2[i]).sum::<i64>();
        let page = sup.get(&app, "/transfers/oversight").await;
        let lines = |kind_label: &str| {
            page.body
                .split("<tbody>")
                .nth(1)
                .unwrap()
                .matches(&format!("<tr><td>{kind_label}</td>"))
                .count() as i64
        };
        assert_eq!(col(0), lines("应移送未移送"), "{who}: not sent");
        assert_eq!(col(1), lines("暂缓移交"), "{who}: deferred");
        assert_eq!(col(2), lines("应接收未接收"), "{who}: not received");
        assert_eq!(col(4), lines("逾期未交接"), "{who}: overdue");
        assert!(col(0) > 0, "{who}: the demo has children to send");
    }
}

#[actix_web::test]
async fn each_supervisor_sees_their_division_and_a_head_their_institution() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let total = |body: &str| -> (usize, i64) {
        let rows = table_rows(body);
        (rows.len(), rows.iter().map(|r| *r.2.last().unwrap()).sum())
    };
    let mut cc = login(&app, "supervisor.cc").await;
    let mut jl = login(&app, "supervisor.jl").await;
    let (cc_rows, cc_n) = total(&cc.get(&app, "/oversight/tables/institutions").await.body);
    let (jl_rows, jl_n) = total(&jl.get(&app, "/oversight/tables/institutions").await.body);
    assert!(cc_n > 0 && jl_n > cc_n, "province {jl_n} > city {cc_n}");
    assert!(jl_rows > cc_rows);
    let dash = jl.get(&app, "/oversight").await.body;
    assert!(dash.contains("永吉县儿童福利院"));
    assert!(!cc
        .get(&app, "/oversight")
        .await
        .body
        .contains("永吉县儿童福利院"));
    // Another city's institution is outside supervisor.cc's scope: 404, as if it did not exist.
    let yj = institution(&t, "YJ-CWI");
    assert_eq!(
        cc.get(&app, &format!("/oversight?institution={yj}"))
            .await
            .status,
        404
    );
    assert_eq!(
        jl.get(&app, &format!("/oversight?institution={yj}"))
            .await
            .status,
        200
    );
    assert_eq!(cc.get(&app, "/oversight?institution=abc").await.status, 404);
    assert_eq!(cc.get(&app, "/oversight/tables/nonsense").await.status, 404);
    // A head sees their own institution only.
    let mut head = login(&app, "head.na").await;
    let (rows, n) = total(&head.get(&app, "/oversight/tables/institutions").await.body);
    let na = institution(&t, "NA-CWI");
    let in_care: i64 = children::table
        .filter(children::institution_id.eq(na))
        .filter(children::status.ne("discharged"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!((rows, n), (1, in_care));
    // Roles without the action: 403.
    for who in ["caregiver.cc", "social.cc", "registrar.cc"] {
        let mut b = login(&app, who).await;
        assert_eq!(b.get(&app, "/oversight").await.status, 403, "{who}");
        assert_eq!(
            b.get(&app, "/oversight/quarterly").await.status,
            403,
            "{who}"
        );
    }
}

#[actix_web::test]
async fn a_table_downloads_as_csv_and_xlsx_and_is_audited() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let sup = login(&app, "supervisor.jl").await;
    let before = audit_count(&mut t.conn(), "export", "success");
    let csv = sup
        .fetch(&app, "/oversight/tables/categories/download?format=csv")
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    assert!(text.lines().next().unwrap().contains("合计"), "{text}");
    let xlsx = sup
        .fetch(&app, "/oversight/tables/intakes/download?format=xlsx")
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"), "a zip (XLSX)");
    assert_eq!(
        sup.fetch(&app, "/oversight/tables/intakes/download?format=pdf")
            .await
            .status,
        404
    );
    assert!(audit_count(&mut t.conn(), "export", "success") >= before + 2);
}

/// The incidents panel (the caregiver-shift module's figures): each institution's incidents of the
/// last 12 months and its mandatory reports by state, as the incident register holds them.
#[actix_web::test]
async fn the_incidents_panel_counts_the_register_and_its_reports() {
    use fuyu::db::schema::{shift_incidents as si, shift_reports as sr};
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    let dash = sup.get(&app, "/oversight").await;
    assert_eq!(dash.status, 200);
    assert!(
        dash.body.contains("id=\"panel-incidents\""),
        "the panel is on the dashboard"
    );
    assert!(
        !dash.body.contains("尚未上线"),
        "the placeholder is gone once the module has figures"
    );
    let p = sup.get(&app, "/oversight/tables/incidents").await;
    assert_eq!(p.status, 200);
    let rows = table_rows(&p.body);
    let cc = institution(&t, "CC-CWI");
    let cc_name: String = institutions::table
        .find(cc)
        .select(institutions::name)
        .first(&mut t.conn())
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.0 == cc_name)
        .expect("CC-CWI has a row");
    let incidents: i64 = si::table
        .filter(si::institution_id.eq(cc))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let unsent: i64 = sr::table
        .inner_join(si::table)
        .filter(si::institution_id.eq(cc))
        .filter(sr::sent_at.is_null())
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(incidents >= 1, "the demo has an incident");
    assert_eq!(row.2[0], incidents, "incidents of the year: {row:?}");
    // Pending + overdue are the unsent reports.
    assert_eq!(row.2[1] + row.2[2], unsent, "unsent reports: {row:?}");
    assert!(unsent >= 1, "the demo's report is pending");
}
