//! The yearly progress report (工作进展情况报告, seed 003: 每年11月底前报送; issue 17 point 4): the city
//! supervisor's task before the policy day, a draft written from the division's figures (which agree
//! with the dashboard), a refused filing that keeps what was typed and changes nothing, filing that
//! freezes the report and closes the task, the province reading the filed report, and the PDF and XLSX
//! read back with real readers.

use crate::oversight::table_rows;
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    audit_log, divisions, institutions, oversight_progress_report_sections as se,
    oversight_progress_reports as pr, tasks,
};

fn open_tasks(t: &TestApp) -> Vec<(Option<i64>, String)> {
    tasks::table
        .filter(tasks::message_key.eq("task.oversight_progress_report"))
        .filter(tasks::status.eq("open"))
        .select((tasks::user_id, tasks::subject))
        .load::<(Option<fuyu::auth::UserId>, String)>(&mut t.conn())
        .unwrap()
        .into_iter()
        .map(|(u, s)| (u.map(|u| u.0), s))
        .collect()
}

/// The value of a figure on the report page (`<tr id="figure-R11">…<td class="num" …>97</td>`).
fn figure(body: &str, code: &str) -> i64 {
    let row = body
        .split(&format!("id=\"figure-{code}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no figure {code}"));
    let row = row.split("</tr>").next().unwrap();
    let cell = row.split("class=\"num\"").nth(1).unwrap();
    cell.split('>')
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn section(t: &TestApp, report: i64, code: &str) -> String {
    se::table
        .filter(se::report_id.eq(report))
        .filter(se::section.eq(code))
        .select(se::body)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_report_is_drafted_from_the_figures_edited_filed_and_read_above() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    let cc = who(&t, "supervisor.cc");
    let jl = who(&t, "supervisor.jl");
    // 23 November, due 30 November (policy 1130) with 30 days' notice: the city's supervisor has the
    // task; the province (no division above it) has none.
    fuyu::jobs::run(&mut t.conn(), today, start_time()).unwrap();
    let open = open_tasks(&t);
    assert!(
        open.iter()
            .any(|(u, s)| *u == Some(cc.user.id.0) && s.contains("长春市")),
        "{open:?}"
    );
    assert!(
        !open.iter().any(|(u, _)| *u == Some(jl.user.id.0)),
        "{open:?}"
    );

    let mut sup = login(&app, "supervisor.cc").await;
    assert!(sup
        .get(&app, "/")
        .await
        .body
        .contains("报送年度工作进展情况报告"));
    let list = sup.get(&app, "/oversight/progress-reports").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("id=\"progress-draft\""));
    assert!(list.body.contains("2026-11-30"), "the due day from policy");
    let p = sup.post(&app, "/oversight/progress-reports", &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let url = p.location.unwrap();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let again = sup.post(&app, "/oversight/progress-reports", &[]).await;
    assert_eq!(again.status, 422, "one report a year");
    assert!(again.body.contains("已经起草"));

    // The figures agree with the dashboard: in care = active + in foster care over the institutions
    // table; 应移送未移送 and overdue batches = the transfers table's columns.
    let page = sup.get(&app, &url).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let rows = table_rows(&sup.get(&app, "/oversight/tables/institutions").await.body);
    let in_care: i64 = rows.iter().map(|r| r.2[2]).sum();
    assert!(in_care > 0);
    assert_eq!(figure(&page.body, "R11"), in_care);
    // 儿童福利机构 of the city and its counties: the welfare kinds only.
    let welfare: i64 = institutions::table
        .inner_join(divisions::table)
        .filter(divisions::code.eq_any(["2201", "220122", "220182"]))
        .filter(institutions::kind.eq_any(["city-welfare", "county-welfare"]))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(welfare >= 2);
    assert_eq!(figure(&page.body, "R01"), welfare);
    let transfers = table_rows(&sup.get(&app, "/oversight/tables/transfers").await.body);
    assert_eq!(
        figure(&page.body, "R41"),
        transfers.iter().map(|r| r.2[0]).sum::<i64>()
    );
    assert_eq!(
        figure(&page.body, "R42"),
        transfers.iter().map(|r| r.2[4]).sum::<i64>()
    );
    // The first text is written from those figures; problems and next steps are left to the supervisor.
    let overview = section(&t, id, "overview");
    assert!(
        overview.contains(&format!("在院儿童{in_care}名")),
        "{overview}"
    );
    assert!(overview.contains("2026年11月23日"), "{overview}");
    assert_eq!(section(&t, id, "problems"), "");

    // Filing without the problems and the next steps: refused, every section as typed, nothing saved.
    let typed = "本年完成县级机构儿童移交。";
    let p = sup
        .post(
            &app,
            &url,
            &[
                ("section:overview", typed),
                ("section:problems", " "),
                ("action", "file"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains(typed), "the typed text is kept");
    assert!(p.body.contains("id=\"section-problems-error\""));
    assert!(p.body.contains("id=\"section-next_steps-error\""));
    assert!(p.body.contains("报送前请填写“八、存在的问题”"));
    assert!(!p.body.contains("id=\"section-overview-error\""));
    assert_eq!(section(&t, id, "overview"), overview, "nothing written");
    let filed: Option<chrono::NaiveDateTime> = pr::table
        .find(id)
        .select(pr::filed_at)
        .first(&mut t.conn())
        .unwrap();
    assert!(filed.is_none());

    // A section longer than the limit is refused the same way.
    let long = "字".repeat(10_001);
    let p = sup
        .post(&app, &url, &[("section:care", &long), ("action", "save")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"section-care-error\""));

    // Saving keeps the draft; the figures come up to date without touching the text.
    let p = sup
        .post(
            &app,
            &url,
            &[
                ("section:overview", typed),
                ("section:problems", "护理员不足。"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(section(&t, id, "overview"), typed);
    let p = sup.post(&app, &format!("{url}/figures"), &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(section(&t, id, "overview"), typed, "text kept");

    // The draft prints with its banner; the XLSX has the figures and the sections.
    let draft = sup.fetch(&app, &format!("{url}/download?format=pdf")).await;
    assert_eq!(draft.status, 200);
    assert_eq!(draft.content_type, "application/pdf");
    let text = pdf_raw_text(&draft.bytes);
    assert!(text.contains("尚未报送"), "{text}");
    assert!(!text.contains("报送单位"), "no seal box on a draft");

    // Filing with everything written: frozen, audited, and the task closes.
    let p = sup
        .post(
            &app,
            &url,
            &[
                ("section:overview", typed),
                ("section:problems", "护理员不足。"),
                ("section:next_steps", "明年完成全部移交。"),
                ("action", "file"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let filed: Option<chrono::NaiveDateTime> = pr::table
        .find(id)
        .select(pr::filed_at)
        .first(&mut t.conn())
        .unwrap();
    assert!(filed.is_some());
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("file"))
        .filter(audit_log::resource_type.eq("progress_report"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audited, 1);
    assert!(
        !open_tasks(&t).iter().any(|(u, _)| *u == Some(cc.user.id.0)),
        "the task closed"
    );
    let page = sup.get(&app, &url).await;
    assert!(
        !page.body.contains("<textarea"),
        "a filed report is read only"
    );
    let p = sup
        .post(
            &app,
            &url,
            &[("section:overview", "改"), ("action", "save")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("已报送"));
    assert_eq!(section(&t, id, "overview"), typed, "unchanged");
    let p = sup.post(&app, &format!("{url}/figures"), &[]).await;
    assert_eq!(p.status, 422);

    let pdf = sup.fetch(&app, &format!("{url}/download?format=pdf")).await;
    let text = pdf_raw_text(&pdf.bytes);
    for want in [
        "2026年儿童福利机构优化提质和创新转型工作进展情况报告",
        "长春市",
        typed,
        "明年完成全部移交",
        "报送单位（盖章）",
        "R11",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert!(!text.contains("尚未报送"));
    let xlsx = sup
        .fetch(&app, &format!("{url}/download?format=xlsx"))
        .await;
    assert_eq!(xlsx.status, 200);
    let sheets = xlsx_sheets(&xlsx.bytes);
    assert_eq!(sheets.len(), 2);
    let r11 = sheets[0].1.iter().find(|r| r[0] == "R11").expect("R11 row");
    assert_eq!(r11[2], in_care.to_string());
    assert!(sheets[1].1.iter().any(|r| r[1] == typed));
    assert_eq!(
        sup.fetch(&app, &format!("{url}/download?format=doc"))
            .await
            .status,
        404
    );

    // The province reads the city's filed report (read only) and cannot change it; a head cannot open
    // the pages at all.
    let mut prov = login(&app, "supervisor.jl").await;
    let list = prov.get(&app, "/oversight/progress-reports").await;
    assert!(
        list.body
            .contains(&format!("href=\"/oversight/progress-reports/{id}\"")),
        "{}",
        list.body
    );
    let page = prov.get(&app, &url).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(typed) && !page.body.contains("<textarea"));
    assert_eq!(
        prov.post(&app, &url, &[("section:overview", "x"), ("action", "save")])
            .await
            .status,
        404
    );
    let mut head = login(&app, "head.cc").await;
    assert_eq!(
        head.get(&app, "/oversight/progress-reports").await.status,
        403
    );
    assert_eq!(head.get(&app, &url).await.status, 403);
}

#[actix_web::test]
async fn a_draft_is_seen_only_by_its_own_division() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.post(&app, "/oversight/progress-reports", &[]).await;
    let url = p.location.unwrap();
    // Not filed yet: the province sees "draft" in its list but cannot open it.
    let mut prov = login(&app, "supervisor.jl").await;
    let list = prov.get(&app, "/oversight/progress-reports").await;
    assert!(list.body.contains("草稿") && !list.body.contains(&format!("href=\"{url}\"")));
    assert_eq!(prov.get(&app, &url).await.status, 404);
    assert_eq!(
        prov.fetch(&app, &format!("{url}/download?format=xlsx"))
            .await
            .status,
        404
    );
    // A whole report of long sections (about 800 KB of form) is read, not refused as too large.
    let long = "字".repeat(10_000);
    let mut fields: Vec<(String, String)> = fuyu::oversight::rules::progress_report::Section::ALL
        .iter()
        .map(|s| (format!("section:{}", s.code()), long.clone()))
        .collect();
    fields.push(("action".into(), "save".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let p = sup.post(&app, &url, &refs).await;
    assert_eq!(p.status, 303, "{}", &p.body[..p.body.len().min(300)]);
    assert_eq!(
        prov.get(&app, "/oversight/progress-reports/999999")
            .await
            .status,
        404
    );
}
