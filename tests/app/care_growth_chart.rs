//! Issue 14 (GRW-01/03): the care page's growth charts draw the reference lines (−2 SD, median, +2 SD)
//! of the stored standard behind the child's points, with a legend naming the standard and its
//! version, in both languages; the table stays.

use crate::support::*;
use actix_web::test;

/// The youngest child in CC-CWI's care (under 7 in the demo).
fn youngest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    cc_cwi_in_care_youngest_first(t)[0]
}

/// The SVG of one chart (`id="chart-weight"` …).
fn chart<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"chart-{id}\""))
        .unwrap_or_else(|| panic!("no {id} chart: {body}"));
    let rest = &body[start..];
    &rest[..rest.find("</svg>").unwrap()]
}

#[actix_web::test]
async fn care_growth_charts_draw_the_stored_standards_reference_lines_with_a_legend() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, birth) = youngest(&t);
    let today = start_time().date();
    let base = format!("/children/{child}/care");
    let mut med = login(&app, "medical.cc").await;
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
            &[
                ("date", &today.to_string()),
                ("weight_kg", "10.5"),
                ("height_cm", "80.0"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let under5 = (today - birth).num_days() <= 1826;

    let p = med.get(&app, &base).await;
    assert_eq!(p.status, 200);
    for id in ["weight", "height"] {
        let svg = chart(&p.body, id);
        for line in ["minus2", "median", "plus2"] {
            let class = format!("ref ref-wst423-{line}");
            let at = svg
                .find(&class)
                .unwrap_or_else(|| panic!("{id}: {class} missing: {svg}"));
            // Behind the child's points: drawn before them.
            assert!(at < svg.find("<circle").unwrap(), "{id}: {svg}");
        }
        // A path with at least two vertices, not an empty `d`.
        let d = svg.split("ref-wst423-median\" d=\"").nth(1).unwrap();
        let d = &d[..d.find('"').unwrap()];
        // Across the whole age range shown: from the left edge of the box to its right edge.
        assert!(d.starts_with("M48,") && d.contains('L'), "{d}");
        assert!(d.rsplit('L').next().unwrap().starts_with("468,"), "{d}");
        assert!(
            svg.contains("WS/T 423-2022 2022 SD tables (transcription, unverified)")
                && svg.contains("粗线为中位数，细线为 −2 SD 与 +2 SD"),
            "{svg}"
        );
        assert!(svg.contains("实测值"));
        if under5 {
            assert!(svg.contains("ref ref-who2006-median"), "{svg}");
            assert!(svg.contains("WHO Child Growth Standards 2006 (LMS 0-60 months)"));
            assert!(svg.contains("第二视图（虚线）"));
        }
    }
    assert!(chart(&p.body, "weight").contains("10.5 kg"));
    assert!(p.body.contains("id=\"growth-table\""), "the table is kept");

    // In English.
    med.post(&app, "/account/language", &[("language", "en")])
        .await;
    let p = med.get(&app, &base).await;
    let svg = chart(&p.body, "height");
    assert!(
        svg.contains("WS/T 423-2022 2022 SD tables (transcription, unverified)")
            && svg.contains("thick line: median; thin lines: −2 SD and +2 SD"),
        "{svg}"
    );
    assert!(svg.contains("Measured") && svg.contains("Length/height chart"));
}
