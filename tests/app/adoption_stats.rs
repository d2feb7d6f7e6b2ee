//! Registrar statistics (issue 13 point 7): per quarter the applications, registrations, refusals by
//! reason and the average days from receipt to decision, for the registrar's own bureau; CSV and XLSX
//! through the shared export.

use crate::support::*;
use fuyu::adoption::model::{self, AppState};

#[actix_web::test]
async fn adoption_statistics_count_the_bureaus_quarter_with_refusal_reasons() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let mut c = t.conn();
    let bureau = fuyu::org::model::by_code(&mut c, "CC-MZJ")
        .unwrap()
        .unwrap()
        .id;
    let apps = model::applications_where(&mut c, &[bureau.0], &[]).unwrap();
    let refused = apps
        .iter()
        .find(|a| a.state() == Some(AppState::Refused))
        .unwrap();
    // The demo refusal: one applicant under 30 — the engine's rule is stored with the refusal.
    assert_eq!(refused.refusal_rules, "ADP-04");
    let (rows, reasons) = {
        let w = who(&t, "registrar.cc");
        let o = op(&t, &w);
        fuyu::adoption::handlers::stats::figures(&mut c, &o).unwrap()
    };
    let apps_total: i64 = rows.iter().map(|r| r.applications).sum();
    let registrations: i64 = rows.iter().map(|r| r.registrations).sum();
    let refusals: i64 = rows.iter().map(|r| r.refusals).sum();
    assert_eq!((apps_total, registrations, refusals), (3, 1, 1));
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].1, "ADP-04");
    let mut reg = login(&app, "registrar.cc").await;
    let p = reg.get(&app, "/adoption/statistics").await;
    assert_eq!(p.status, 200);
    assert!(
        p.body.contains("ADP-04（民法典 第1098条） ×1"),
        "{}",
        p.body
    );
    let mut head = login(&app, "head.cc").await;
    assert_eq!(head.get(&app, "/adoption/statistics").await.status, 403);

    // CSV (BOM, Chinese headers, the first table) and XLSX (two sheets) through the shared export.
    let f = reg
        .fetch(&app, "/adoption/statistics/export?format=csv")
        .await;
    assert_eq!(f.status, 200);
    assert!(f.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    let csv = String::from_utf8(f.bytes[3..].to_vec()).unwrap();
    assert!(csv.starts_with("季度,受理申请,登记,不予登记"), "{csv}");
    assert!(csv.contains(",3,1,1,"), "{csv}");
    let f = reg
        .fetch(&app, "/adoption/statistics/export?format=xlsx")
        .await;
    assert_eq!(f.status, 200);
    let sheets = xlsx_sheets(&f.bytes);
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[1].0, "不予登记原因");
    assert!(sheets[1].1[1][1].contains("ADP-04"), "{:?}", sheets[1].1);
    assert_eq!(
        reg.fetch(&app, "/adoption/statistics/export?format=pdf")
            .await
            .status,
        404
    );
    assert_eq!(
        head.fetch(&app, "/adoption/statistics/export?format=csv")
            .await
            .status,
        403
    );
    assert_eq!(audit_count(&mut t.conn(), "export", "success"), 2);
}
