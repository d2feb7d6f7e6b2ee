//! The dashboard's kept figures (issue 17 point 7, `platform::figures`): reads and views leave the data
//! version alone, so a second dashboard is served from what the first computed; any write moves it, so
//! the next dashboard is computed afresh and still agrees with the children list.

use crate::oversight::table_rows;
use crate::support::*;
use actix_web::test;
use fuyu::archive::rules::id_check_char;

fn version(t: &TestApp) -> i64 {
    fuyu::db::version::current(&mut t.conn()).unwrap()
}

/// (label, 在院 active) of the dashboard's children-by-institution table.
async fn by_institution<S, B>(app: &S, b: &mut Browser) -> Vec<(String, i64)>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let p = b.get(app, "/oversight/tables/institutions").await;
    assert_eq!(p.status, 200, "{}", p.body);
    table_rows(&p.body)
        .into_iter()
        .map(|(label, _, values)| (label, values[0]))
        .collect()
}

#[actix_web::test]
async fn views_keep_the_figures_and_a_write_makes_the_next_dashboard_count_afresh() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    // A login is a write (the user's last login): both before the version is read.
    let mut social = login(&app, "social.cc").await;
    let page = sup.get(&app, "/oversight").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!t.state.kept.is_empty(), "the dashboard's figures are kept");
    let before = by_institution(&app, &mut sup).await;
    let v0 = version(&t);

    // Reading is not writing: the list, the dashboard again, a table — each audited as a view.
    assert_eq!(social.get(&app, "/children").await.status, 200);
    assert_eq!(sup.get(&app, "/oversight").await.status, 200);
    assert_eq!(by_institution(&app, &mut sup).await, before);
    assert_eq!(version(&t), v0, "views record only the audit log");

    // A child admitted at 长春 (the social worker's institution) moves the version …
    social.get(&app, "/children/new").await;
    let first = "22010220190301122";
    let id_number = format!("{first}{}", id_check_char(first).unwrap());
    let fields = [
        ("intake_date", "2026-11-20"),
        ("intake_category", "lt-unfindable"),
        ("case_type", "abandoned"),
        ("legal_name", "王新来"),
        ("sex", "F"),
        ("birth_date", "2019-03-01"),
        ("ethnicity", "汉族"),
        ("id_number", id_number.as_str()),
        ("hukou_status", "registered"),
        ("hukou_place", "长春市二道区"),
        ("found_date", "2026-11-01"),
        ("found_place", "长春站"),
        ("found_by", "站前派出所"),
        ("police_report_no", "捡字〔2026〕18号"),
        ("guardian_department", "长春市民政局"),
        ("allowance_category", "de-facto-unsupported"),
        ("wc_de_facto", "1"),
    ];
    let p = social.post(&app, "/children", &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(version(&t) > v0, "a write moves the data version");

    // … so the dashboard counts again: one more child at exactly one institution, as the list says.
    let after = by_institution(&app, &mut sup).await;
    assert_eq!(after.len(), before.len());
    let grew: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| a.1 != b.1)
        .map(|(b, a)| (b.0.clone(), b.1, a.1))
        .collect();
    assert_eq!(grew.len(), 1, "{grew:?}");
    assert_eq!(grew[0].2, grew[0].1 + 1, "{grew:?}");
}
