//! Headless Chromium (issue 13 "done when"): the head of the placing institution marks a child available,
//! the registrar receives the application, sees the conditions met and registers it, and the head sees
//! the outcome. On the way the registrar uploads the applicants' documents (ADP-18) through the page.
//! Every page on the way is checked with axe-core.

use crate::browser::{log_in, log_out, start, Step};
use crate::browser_pages::{axe_check, Axe};
use fantoccini::{Client, Locator};
use serde_json::json;

async fn set(client: &Client, id: &str, value: &str) -> Step {
    // Date inputs take their value by script: typed keys depend on the browser's locale.
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await?;
    Ok(())
}

async fn click(client: &Client, css: &str) -> Step {
    client.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

async fn type_in(client: &Client, id: &str, text: &str) -> Step {
    client.find(Locator::Id(id)).await?.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn adoption_browser_head_marks_registrar_registers_head_sees_outcome() {
    let axe = Axe::load();
    let d = start("adoption").await;
    let (client, base) = (&d.client, d.base.as_str());
    let now = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let today = now.to_string();
    // Received 35 days ago: the 30-day integration period (ADP-22) has run by today.
    let received = (now - chrono::Duration::days(35)).to_string();
    let mut violations = Vec::new();
    let result = async {
        // The head marks a child available (孤儿).
        log_in(client, base, "head.cc").await?;
        client.goto(&format!("{base}/adoption")).await?;
        violations.extend(axe_check(client, &axe, "adoption list (head)").await?);
        click(client, "#mark-link").await?;
        client.wait().for_element(Locator::Id("mark-form")).await?;
        violations.extend(axe_check(client, &axe, "adoption mark").await?);
        let option = client
            .find(Locator::Css("#child_id option:nth-child(2)"))
            .await?;
        let child = option.attr("value").await?.unwrap_or_default();
        option.click().await?;
        click(client, "#category option[value='orphan']").await?;
        type_in(client, "basis", "孤儿（民法典第1093条第一项）").await?;
        click(client, "#mark-submit").await?;
        client.wait().for_element(Locator::Id("marked")).await?;
        log_out(client).await?;

        // The registrar receives the application for that child.
        log_in(client, base, "registrar.cc").await?;
        client
            .goto(&format!("{base}/adoption/applications/new"))
            .await?;
        client.wait().for_element(Locator::Id("apply-form")).await?;
        violations.extend(axe_check(client, &axe, "adoption apply").await?);
        click(client, &format!("#child_id option[value='{child}']")).await?;
        set(client, "received_on", &received).await?;
        click(client, "input[name='married']").await?;
        click(client, "input[name='spouse_joins']").await?;
        click(client, "#child_consent option[value='yes']").await?;
        type_in(client, "a1_name", "张伟").await?;
        click(client, "#a1_sex option[value='M']").await?;
        set(client, "a1_birth_date", "1985-03-01").await?;
        type_in(client, "a1_children_count", "0").await?;
        type_in(client, "a2_name", "刘芳").await?;
        click(client, "#a2_sex option[value='F']").await?;
        set(client, "a2_birth_date", "1987-07-09").await?;
        type_in(client, "a2_children_count", "0").await?;
        click(client, "#apply-submit").await?;
        client.wait().for_element(Locator::Id("eligible")).await?;
        violations.extend(axe_check(client, &axe, "adoption application (registrar)").await?);
        let url = client.current_url().await?.to_string();

        // The assessment (ADP-19…ADP-23): a team of two, the integration period, the report 适宜.
        click(client, "#assessment-link").await?;
        client.wait().for_element(Locator::Id("start-form")).await?;
        violations.extend(axe_check(client, &axe, "adoption assessment").await?);
        type_in(client, "assessors", "王敏\n李强").await?;
        set(client, "started_on", &received).await?;
        click(client, "#start-submit").await?;
        client.wait().for_element(Locator::Id("assessment")).await?;
        set(client, "integration_start", &received).await?;
        click(client, "#integration-submit").await?;
        client
            .wait()
            .for_element(Locator::Id("integration-start"))
            .await?;
        for i in fuyu::adoption::rules::assessment::Item::ALL {
            let field = fuyu::adoption::rules::assessment::item_field(*i);
            type_in(client, field, "良好").await?;
        }
        click(client, "input[name='conclusion'][value='suitable']").await?;
        type_in(client, "reasons", "具备抚养能力，融合良好").await?;
        set(client, "reported_on", &today).await?;
        click(client, "#report-submit").await?;
        client.wait().for_element(Locator::Id("conclusion")).await?;
        violations.extend(axe_check(client, &axe, "adoption assessment report").await?);
        client.goto(&url).await?;
        client
            .wait()
            .for_element(Locator::Id("register-form"))
            .await?;

        // The applicants' documents (ADP-18, 登记办法 第6条): each required kind uploaded as a file through
        // the page's form; the checklist turns each line from missing to present.
        let pdf = std::env::temp_dir().join(format!("fuyu-adoption-{}.pdf", std::process::id()));
        std::fs::write(&pdf, fuyu::adoption::service::documents::SAMPLE_PDF).expect("sample file");
        let required = fuyu::adoption::rules::applicant_docs::required(
            fuyu::adoption::rules::Relation::None,
            fuyu::adoption::rules::Category::Orphan,
        );
        for (i, kind) in required.iter().enumerate() {
            click(
                client,
                &format!("#doc_type option[value='{}']", kind.code()),
            )
            .await?;
            client
                .find(Locator::Id("doc-file"))
                .await?
                .send_keys(&pdf.display().to_string())
                .await?;
            click(client, "#doc-upload-submit").await?;
            client
                .wait()
                .for_element(Locator::Css(&format!(
                    "li[data-kind='{}'].present",
                    kind.code()
                )))
                .await?;
            if i == 0 {
                violations.extend(axe_check(client, &axe, "adoption documents").await?);
            }
        }
        assert!(client
            .find(Locator::Css("#doc-checklist li.missing"))
            .await
            .is_err());

        // Registration: certificate, date, attendance, secrecy, confirmation.
        type_in(client, "certificate_no", "长民收登字（2026）第0099号").await?;
        set(client, "date", &today).await?;
        click(client, "input[name='attended']").await?;
        click(client, "input[name='secrecy']").await?;
        click(client, "#register-form input[name='confirm']").await?;
        click(client, "#register-submit").await?;
        client
            .wait()
            .for_element(Locator::Id("certificate"))
            .await?;
        let state = client.find(Locator::Id("state")).await?.text().await?;
        assert_eq!(state, "已登记");
        log_out(client).await?;

        // The head sees the outcome, not the applicants' file.
        log_in(client, base, "head.cc").await?;
        client.goto(&url).await?;
        let state = client.find(Locator::Id("state")).await?.text().await?;
        assert_eq!(state, "已登记");
        let body = client.source().await?;
        assert!(
            !body.contains("张伟"),
            "the head does not see the applicants"
        );
        violations.extend(axe_check(client, &axe, "adoption application (head)").await?);
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    if result.is_err() {
        // Say where the walk stopped: the page and its field messages.
        let url = d.client.current_url().await.map(|u| u.to_string());
        let src = d.client.source().await.unwrap_or_default();
        let errors: Vec<&str> = src
            .split("class=\"field-error\"")
            .skip(1)
            .map(|p| p.split('<').next().unwrap_or(""))
            .collect();
        let failures = src
            .split("id=\"failures\"")
            .nth(1)
            .map(|p| p.split("</ul>").next().unwrap_or("").to_string());
        eprintln!("walk stopped at {url:?}; field messages: {errors:?}; failures: {failures:?}");
    }
    let _ = d.client.clone().close().await;
    result.expect("browser flow");
    assert!(
        violations.is_empty(),
        "axe-core: serious or critical violations\n{}",
        violations.join("\n")
    );
}
