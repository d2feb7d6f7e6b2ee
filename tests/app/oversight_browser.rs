//! Issue 17 "done when", in headless Chromium against `fuyu demo`: supervisor.jl and supervisor.cc open
//! the dashboard (different numbers; each row of the institutions table agrees with the children list
//! it links to), download the quarterly XLSX in the browser and read it with calamine (the summary
//! equals the page and the sum of the institution sheets); the allowance roster opens and its XLSX
//! downloads (rows and total as on the page); the yearly-duty pages open, and the supervisor drafts and
//! files the yearly progress report and reads its XLSX back; at phone width (the browser
//! starts at 390×844: no page wider than the phone) and at desk width; axe-core on every page.

use crate::browser::{click_and_wait, log_in, log_out, start};
use crate::browser_pages::{axe_check, Axe};
use crate::support::xlsx_sheets;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

/// Fetch a download with the browser's own session (the page's cookie) and return its bytes.
async fn download(client: &Client, path: &str) -> Result<Vec<u8>, CmdError> {
    let got = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0], {credentials: 'same-origin'})
               .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
               .then(b => done(Array.from(new Uint8Array(b))))
               .catch(e => done('failed: ' + e));",
            vec![path.into()],
        )
        .await?;
    let bytes = got
        .as_array()
        .unwrap_or_else(|| panic!("{path}: {got}"))
        .iter()
        .map(|v| v.as_u64().unwrap_or(0) as u8)
        .collect();
    Ok(bytes)
}

/// The first whole number in a text ("共 12 名" → 12).
fn number(text: &str) -> i64 {
    text.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no number in {text:?}"))
}

/// The page is no wider than the window (nothing scrolls sideways but the tables' own boxes).
async fn fits(client: &Client, label: &str) -> Result<(), CmdError> {
    let v = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await?;
    let (w, inner) = (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0));
    assert!(
        w <= inner,
        "{label}: page {w}px wider than the window {inner}px"
    );
    Ok(())
}

/// The institutions table: each row's link and its 在院 (active) count.
async fn institution_rows(client: &Client) -> Result<Vec<(String, i64)>, CmdError> {
    let mut out = Vec::new();
    for row in client
        .find_all(Locator::Css("#oversight-table tbody tr"))
        .await?
    {
        let href = row
            .find(Locator::Css("th a"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        let active = row.find(Locator::Css("td")).await?.text().await?;
        out.push((href, number(&active)));
    }
    Ok(out)
}

/// The dashboard and the quarterly extract for one supervisor; returns the children in care (active).
async fn walk_supervisor(
    client: &Client,
    base: &str,
    axe: &Axe,
    who: &str,
    violations: &mut Vec<String>,
) -> Result<i64, CmdError> {
    log_in(client, base, who).await?;
    client.goto(&format!("{base}/oversight")).await?;
    client.wait().for_element(Locator::Css("svg")).await?;
    violations.extend(axe_check(client, axe, &format!("dashboard {who}")).await?);
    fits(client, "dashboard").await?;
    // The table behind the institutions chart, each row against the children list it links to.
    client
        .goto(&format!("{base}/oversight/tables/institutions"))
        .await?;
    violations.extend(axe_check(client, axe, &format!("institutions table {who}")).await?);
    let rows = institution_rows(client).await?;
    assert!(!rows.is_empty(), "{who}: no institutions");
    let mut total = 0;
    for (href, active) in &rows {
        client.goto(&format!("{base}{href}")).await?;
        let count = client.find(Locator::Id("count")).await?.text().await?;
        assert_eq!(number(&count), *active, "{who} {href}");
        total += active;
    }
    // The quarterly extract: the XLSX downloaded in the browser and read back with calamine.
    client.goto(&format!("{base}/oversight/quarterly")).await?;
    violations.extend(axe_check(client, axe, &format!("quarterly {who}")).await?);
    fits(client, "quarterly").await?;
    let href = client
        .find(Locator::Id("quarterly-xlsx"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let q10_page = client
        .find(Locator::XPath(
            "//table[@id='quarterly-summary']//tr[td[1]='Q10']/td[last()]",
        ))
        .await?
        .text()
        .await?;
    let sheets = xlsx_sheets(&download(client, &href).await?);
    assert!(
        sheets.len() >= 2,
        "{who}: a summary and per-institution sheets"
    );
    let q10 = |rows: &Vec<Vec<String>>| -> i64 {
        rows.iter()
            .find(|r| r[0] == "Q10")
            .map(|r| r[2].parse::<f64>().unwrap_or(-1.0) as i64)
            .unwrap_or_else(|| panic!("{who}: no Q10 line"))
    };
    let summary = q10(&sheets[0].1);
    let by_institution: i64 = sheets[1..].iter().map(|(_, rows)| q10(rows)).sum();
    assert_eq!(
        summary, by_institution,
        "{who}: summary = sum of the sheets"
    );
    assert_eq!(summary, number(&q10_page), "{who}: the XLSX = the page");
    log_out(client).await?;
    Ok(total)
}

#[tokio::test(flavor = "current_thread")]
async fn supervisors_walk_the_dashboard_extract_roster_and_duties() {
    let axe = Axe::load();
    let d = start("oversight").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let result = async {
        let jl = walk_supervisor(client, base, &axe, "supervisor.jl", &mut violations).await?;
        let cc = walk_supervisor(client, base, &axe, "supervisor.cc", &mut violations).await?;
        assert!(
            jl > cc,
            "the province ({jl}) holds more than the city ({cc})"
        );
        // The allowance roster of an institution: the page and its XLSX agree.
        log_in(client, base, "supervisor.cc").await?;
        client.goto(&format!("{base}/oversight/allowances")).await?;
        let inst = client
            .find(Locator::Css("#institution option"))
            .await?
            .attr("value")
            .await?
            .unwrap_or_default();
        client
            .goto(&format!("{base}/oversight/allowances?institution={inst}"))
            .await?;
        violations.extend(axe_check(client, &axe, "allowance roster").await?);
        fits(client, "allowance roster").await?;
        let href = client
            .find(Locator::Id("roster-xlsx"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        let lines = client
            .find_all(Locator::Css("#allowance-roster tbody tr"))
            .await?
            .len();
        let sheets = xlsx_sheets(&download(client, &href).await?);
        let rows = &sheets[0].1[1..];
        assert_eq!(rows.len(), lines, "the XLSX has the page's lines");
        if lines > 0 {
            let page_total = number(
                &client
                    .find(Locator::Id("roster-total"))
                    .await?
                    .text()
                    .await?,
            );
            let sum: f64 = rows
                .iter()
                .map(|r| r[6].parse::<f64>().unwrap_or(0.0))
                .sum();
            assert_eq!(
                sum as i64, page_total,
                "the XLSX's amounts add up to the page's total"
            );
        }
        // The yearly duties: the filed roster (not filed yet in the demo) and the 应退未退 list.
        client
            .find(Locator::Id("roster-filed-link"))
            .await?
            .click()
            .await?;
        client.wait().for_element(Locator::Id("not-filed")).await?;
        violations.extend(axe_check(client, &axe, "filed roster").await?);
        fits(client, "filed roster").await?;
        client
            .goto(&format!("{base}/oversight/overpayments"))
            .await?;
        client
            .wait()
            .for_element(Locator::Id("overpay-open"))
            .await?;
        violations.extend(axe_check(client, &axe, "overpayments").await?);
        fits(client, "overpayments").await?;
        // The yearly archive spot check (issue 17 point 4): start the year's check with a seed, the
        // check page shows the seed and the sample, a sampled archive's checklist opens (phone width).
        client
            .goto(&format!("{base}/oversight/spot-checks"))
            .await?;
        violations.extend(axe_check(client, &axe, "spot checks").await?);
        fits(client, "spot checks").await?;
        client
            .find(Locator::Id("seed"))
            .await?
            .send_keys("20261124")
            .await?;
        click_and_wait(client, "spot-check-start-submit").await?;
        let seed = client
            .wait()
            .for_element(Locator::Id("spot-check-seed"))
            .await?
            .text()
            .await?;
        assert_eq!(seed.trim(), "20261124");
        violations.extend(axe_check(client, &axe, "spot check").await?);
        fits(client, "spot check").await?;
        let sample = client
            .find(Locator::Css("#spot-check-samples a"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        client.goto(&format!("{base}{sample}")).await?;
        client
            .wait()
            .for_element(Locator::Id("checklist-form"))
            .await?;
        violations.extend(axe_check(client, &axe, "spot check checklist").await?);
        fits(client, "spot check checklist").await?;
        // The yearly progress report (issue 17 point 4, seed 003): draft it, write the two sections only
        // the supervisor can write, file it, and read its XLSX back (phone width).
        client
            .goto(&format!("{base}/oversight/progress-reports"))
            .await?;
        violations.extend(axe_check(client, &axe, "progress reports").await?);
        fits(client, "progress reports").await?;
        click_and_wait(client, "progress-draft-submit").await?;
        client
            .wait()
            .for_element(Locator::Id("progress-form"))
            .await?;
        violations.extend(axe_check(client, &axe, "progress report draft").await?);
        fits(client, "progress report draft").await?;
        let r11 = number(
            &client
                .find(Locator::Css("#figure-R11 td.num"))
                .await?
                .text()
                .await?,
        );
        for (id, text) in [
            ("section-problems", "护理员队伍仍不足。"),
            ("section-next_steps", "明年完成剩余移交。"),
        ] {
            client.find(Locator::Id(id)).await?.send_keys(text).await?;
        }
        click_and_wait(client, "progress-file").await?;
        let state = client
            .wait()
            .for_element(Locator::Id("progress-state"))
            .await?
            .text()
            .await?;
        assert!(state.contains("已报送"), "filed: {state}");
        violations.extend(axe_check(client, &axe, "progress report filed").await?);
        fits(client, "progress report filed").await?;
        let href = client
            .find(Locator::Id("progress-xlsx"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        let sheets = xlsx_sheets(&download(client, &href).await?);
        let row = sheets[0].1.iter().find(|r| r[0] == "R11").expect("R11");
        assert_eq!(row[2], r11.to_string(), "the XLSX = the page");
        assert!(sheets[1].1.iter().any(|r| r[1] == "护理员队伍仍不足。"));
        // The same pages at desk width.
        client.set_window_size(1366, 900).await?;
        for path in [
            "/oversight",
            "/oversight/overpayments",
            "/oversight/spot-checks",
            "/oversight/progress-reports",
        ] {
            client.goto(&format!("{base}{path}")).await?;
            violations.extend(axe_check(client, &axe, &format!("{path} desk")).await?);
            fits(client, path).await?;
        }
        Ok::<(), CmdError>(())
    }
    .await;
    if let Err(e) = result {
        panic!(
            "{e}: {}",
            client
                .source()
                .await
                .unwrap_or_default()
                .chars()
                .take(3000)
                .collect::<String>()
        );
    }
    assert!(violations.is_empty(), "axe: {violations:#?}");
}
