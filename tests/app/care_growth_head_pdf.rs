//! Issue 14 (GRW-01/03, session 9): the head-circumference chart on the care page (WS/T 423-2022
//! head-for-age 0–36 months, WHO 2006 dashed), and the growth chart on the care plan PDF — drawn with
//! vector lines, with a legend naming the standard and its version, only where the reader sees 养育.

use crate::support::*;
use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use chrono::{Months, NaiveDate};
use diesel::prelude::*;
use fuyu::db::schema::care_plans;

/// CC-CWI's active children in care, youngest first.
fn by_age(t: &TestApp) -> Vec<(i64, NaiveDate)> {
    cc_cwi_in_care_youngest_first(t)
}

/// The SVG of one chart (`id="chart-head"` …), or `None`.
fn chart<'a>(body: &'a str, id: &str) -> Option<&'a str> {
    let start = body.find(&format!("id=\"chart-{id}\""))?;
    let rest = &body[start..];
    Some(&rest[..rest.find("</svg>")?])
}

async fn record_head<S, B>(app: &S, med: &mut Browser, child: i64, on: NaiveDate, head: &str)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let p = med
        .post(
            app,
            &format!("/children/{child}/care/growth"),
            &[
                ("date", &on.to_string()),
                ("head_cm", head),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
}

#[actix_web::test]
async fn care_head_chart_draws_wst423_head_lines_only_up_to_36_months() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let today = start_time().date();
    let kids = by_age(&t);
    let mut med = login(&app, "medical.cc").await;

    // The youngest child: a head measurement today (under 36 months: the WS/T 423 head lines).
    let (young, birth) = kids[0];
    assert!(birth + Months::new(36) > today, "the youngest is under 3");
    record_head(&app, &mut med, young, today, "38.0").await;
    let p = med.get(&app, &format!("/children/{young}/care")).await;
    assert_eq!(p.status, 200);
    let svg = chart(&p.body, "head").unwrap_or_else(|| panic!("no head chart: {}", p.body));
    assert!(svg.contains("头围变化图"), "{svg}");
    for line in ["minus2", "median", "plus2"] {
        let at = svg
            .find(&format!("ref ref-wst423-{line}"))
            .unwrap_or_else(|| panic!("{line}: {svg}"));
        assert!(at < svg.find("<circle").unwrap(), "behind the points");
    }
    assert!(svg.contains("WS/T 423-2022 2022 SD tables (transcription, unverified)"));
    assert!(svg.contains("ref ref-who2006-median") && svg.contains("第二视图（虚线）"));
    assert!(svg.contains("38.0 cm"), "{svg}");
    // The three charts side by side, the head chart last.
    let (w, h, hc) = (
        p.body.find("id=\"chart-weight\"").unwrap(),
        p.body.find("id=\"chart-height\"").unwrap(),
        p.body.find("id=\"chart-head\"").unwrap(),
    );
    assert!(w < h && h < hc);

    // A child older than 36 months at every measurement (the demo's go back 180 days): a head chart
    // with no WS/T 423 line (its head table ends at 36 months), WHO 2006 up to 60 months.
    let (old, birth) = *kids
        .iter()
        .find(|(_, b)| *b + Months::new(43) < today)
        .expect("a child over 3½");
    record_head(&app, &mut med, old, today, "50.0").await;
    let p = med.get(&app, &format!("/children/{old}/care")).await;
    let svg = chart(&p.body, "head").unwrap_or_else(|| panic!("no head chart: {}", p.body));
    assert!(svg.contains("50.0 cm"), "{svg}");
    assert!(!svg.contains("ref-wst423"), "{svg}");
    assert!(!svg.contains("WS/T 423"), "no WS/T 423 legend: {svg}");
    if birth + Months::new(60) > today - chrono::Duration::days(180) {
        assert!(svg.contains("ref ref-who2006-median"), "{svg}");
    }
    // The weight chart of the same child still has its WS/T 423 lines (0–81 months).
    if birth + Months::new(81) > today {
        assert!(chart(&p.body, "weight")
            .unwrap()
            .contains("ref-wst423-median"));
    }

    // In English.
    med.post(&app, "/account/language", &[("language", "en")])
        .await;
    let p = med.get(&app, &format!("/children/{young}/care")).await;
    assert!(chart(&p.body, "head")
        .unwrap()
        .contains("Head circumference chart"));
}

#[actix_web::test]
async fn care_plan_pdf_draws_the_growth_chart_where_the_reader_sees_the_care_section() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, _) = by_age(&t)[0];
    let plan: i64 = care_plans::table
        .filter(care_plans::child_id.eq(child))
        .order(care_plans::id.desc())
        .select(care_plans::id)
        .first(&mut t.conn())
        .expect("every demo child has a plan");
    let url = format!("/children/{child}/care/plan/{plan}/pdf");
    let mut med = login(&app, "medical.cc").await;
    let f = med.fetch(&app, &url).await;
    assert_eq!(f.status, 200);
    let text = pdf_raw_text(&f.bytes);
    let at = text
        .find("生长曲线图")
        .unwrap_or_else(|| panic!("no chart heading: {text}"));
    // Under the heading: both panels, the axis labels and the legend with standard and version.
    let chart = &text[at..];
    for s in [
        "体重变化图",
        "身长/身高变化图",
        "月龄",
        " kg",
        " cm",
        "实测值",
        "WS/T 423-2022 2022 SD tables (transcription, unverified)",
        "WHO Child Growth Standards 2006 (LMS 0-60 months)",
        "第二视图（虚线）",
        "粗线为中位数，细线为 −2 SD 与 +2 SD",
    ] {
        assert!(chart.contains(s), "{s} missing under the heading: {chart}");
    }
    // Drawn with lines, not a picture: the PDF holds no image.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.pdf");
    std::fs::write(&file, &f.bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdfimages"))
        .arg("-list")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    let list = String::from_utf8(out.stdout).unwrap();
    assert_eq!(list.lines().count(), 2, "header lines only: {list}");

    // In English.
    med.post(&app, "/account/language", &[("language", "en")])
        .await;
    let text = pdf_raw_text(&med.fetch(&app, &url).await.bytes);
    let at = text.find("Growth chart").expect("English heading");
    assert!(text[at..].contains("Measured") && text[at..].contains("months"));

    // A restriction hiding 养育 (care): the reader may not see it, so no growth table and no chart.
    let mut admin = login(&app, "admin").await;
    let p = admin
        .post(
            &app,
            "/admin/restrictions",
            &[
                ("code", "care-privacy"),
                ("name", "养育保密"),
                ("hidden_sections", "care"),
                ("allowed_roles", "head"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut head = login(&app, "head.cc").await;
    head.get(&app, &format!("/children/{child}")).await;
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restrictions"),
            &[("kind", "care-privacy"), ("reason", "养育记录保密")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    med.post(&app, "/account/language", &[("language", "zh-CN")])
        .await;
    let f = med.fetch(&app, &url).await;
    assert_eq!(f.status, 200);
    let text = pdf_raw_text(&f.bytes);
    assert!(text.contains("个性化抚养方案"), "{text}");
    assert!(
        !text.contains("生长曲线图") && !text.contains("实测值"),
        "{text}"
    );
    assert!(!text.contains("WS/T 423-2022"), "{text}");
}
