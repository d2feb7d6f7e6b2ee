//! Issue 14 "done when", in headless Chromium against `fuyu demo`: a social worker drafts a revision of a
//! child's care plan, the head returns it with comments and then approves it, and a medical worker
//! records a clinic visit and a growth measurement on the child's care page, then a rehabilitation
//! session on the records page. Each page is checked with
//! axe-core like the other walks.

use crate::browser::{log_in, log_out, start, Step};
use crate::browser_pages::{axe_check, Axe};
use fantoccini::{Client, Locator};

async fn text_of(client: &Client, id: &str) -> Result<String, fantoccini::error::CmdError> {
    client.find(Locator::Id(id)).await?.text().await
}

async fn set(client: &Client, id: &str, value: &str) -> Step {
    // Dates are set through the DOM: typing into a date input depends on the browser's locale.
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![id.into(), value.into()],
        )
        .await?;
    Ok(())
}

/// Click a button that submits a form, and wait until the browser has left the page: every click here
/// posts and redirects, and an element of the old page must not be taken for one of the new page
/// (under load the old page's element was found, then went stale).
async fn click(client: &Client, id: &str) -> Step {
    let old_page = client.find(Locator::Css("html")).await?;
    client.find(Locator::Id(id)).await?.click().await?;
    for _ in 0..200 {
        if old_page.tag_name().await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_social_worker_drafts_the_head_returns_then_approves_and_a_medical_worker_records() {
    let axe = Axe::load();
    let d = start("care").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let day = (chrono::Utc::now() - chrono::Duration::days(1))
        .date_naive()
        .to_string();
    let target = (chrono::Utc::now() + chrono::Duration::days(200))
        .date_naive()
        .to_string();
    let result = async {
        log_in(client, base, "social.cc").await?;
        client.goto(&format!("{base}/care")).await?;
        violations.extend(axe_check(client, &axe, "care list").await?);
        let links = client
            .find_all(Locator::Css("#care-list td.main a"))
            .await?;
        assert!(
            links.len() > 3,
            "the care list shows the institution's children"
        );
        let href = links[2].attr("href").await?.expect("link");
        let plan = format!("{base}{href}/plan");
        client.goto(&plan).await?;
        click(client, "start-plan").await?;
        client.wait().for_element(Locator::Id("goal-form")).await?;
        client
            .find(Locator::Css("#goal-part option[value='education']"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Id("goal-goal"))
            .await?
            .send_keys("认读100个汉字")
            .await?;
        client
            .find(Locator::Id("goal-intervention"))
            .await?
            .send_keys("每日识字卡游戏")
            .await?;
        client
            .find(Locator::Id("goal-frequency"))
            .await?
            .send_keys("每日")
            .await?;
        client
            .find(Locator::Id("goal-responsible"))
            .await?
            .send_keys("教师 刘芳")
            .await?;
        set(client, "goal-target_date", &target).await?;
        click(client, "goal-save").await?;
        client
            .wait()
            .for_element(Locator::Id("submit-plan"))
            .await?;
        violations.extend(axe_check(client, &axe, "care plan draft").await?);
        click(client, "submit-plan").await?;
        client.wait().for_element(Locator::Id("flash")).await?;
        assert!(text_of(client, "plan-state").await?.contains("待院长审批"));
        log_out(client).await?;
        // The head returns it with comments.
        log_in(client, base, "head.cc").await?;
        client.goto(&plan).await?;
        client
            .wait()
            .for_element(Locator::Id("decide-form"))
            .await?;
        violations.extend(axe_check(client, &axe, "care plan decision").await?);
        client
            .find(Locator::Id("comment"))
            .await?
            .send_keys("请补充康复训练频次")
            .await?;
        click(client, "return-plan").await?;
        client
            .wait()
            .for_element(Locator::Id("head-comment"))
            .await?;
        log_out(client).await?;
        // The social worker submits again; the head approves.
        log_in(client, base, "social.cc").await?;
        client.goto(&plan).await?;
        assert!(text_of(client, "head-comment")
            .await?
            .contains("请补充康复训练频次"));
        click(client, "submit-plan").await?;
        client.wait().for_element(Locator::Id("plan-state")).await?;
        log_out(client).await?;
        log_in(client, base, "head.cc").await?;
        client.goto(&plan).await?;
        click(client, "approve-plan").await?;
        client.wait().for_element(Locator::Id("versions")).await?;
        let state = text_of(client, "plan-state").await?;
        assert!(state.contains("已批准"), "{state}");
        assert!(text_of(client, "plan-title").await?.contains('2'));
        assert!(text_of(client, "changes").await?.contains("认读100个汉字"));
        log_out(client).await?;
        // The medical worker records a clinic visit and a growth measurement.
        log_in(client, base, "medical.cc").await?;
        client.goto(&format!("{base}{href}")).await?;
        client
            .wait()
            .for_element(Locator::Id("medical-form"))
            .await?;
        violations.extend(axe_check(client, &axe, "care page").await?);
        client
            .find(Locator::Css("#medical-kind option[value='visit']"))
            .await?
            .click()
            .await?;
        set(client, "medical-date", &day).await?;
        client
            .find(Locator::Id("medical-reason"))
            .await?
            .send_keys("发热")
            .await?;
        client
            .find(Locator::Id("medical-diagnosis"))
            .await?
            .send_keys("上呼吸道感染")
            .await?;
        client
            .find(Locator::Id("medical-icd10"))
            .await?
            .send_keys("J06.9")
            .await?;
        client
            .find(Locator::Css("#medical-funding option[value='insurance']"))
            .await?
            .click()
            .await?;
        click(client, "medical-save").await?;
        client
            .wait()
            .for_element(Locator::Id("care-medical"))
            .await?;
        assert!(text_of(client, "care-medical").await?.contains("发热"));
        set(client, "growth-date", &day).await?;
        client
            .find(Locator::Id("growth-weight_kg"))
            .await?
            .send_keys("13.25")
            .await?;
        client
            .find(Locator::Id("growth-height_cm"))
            .await?
            .send_keys("92.4")
            .await?;
        client
            .find(Locator::Id("growth-measurer"))
            .await?
            .send_keys("医生 李静")
            .await?;
        click(client, "growth-save").await?;
        client
            .wait()
            .for_element(Locator::Id("growth-table"))
            .await?;
        assert!(text_of(client, "growth-table").await?.contains("13.25"));
        // Then a rehabilitation session on the records page (issue 14 point 4).
        client
            .find(Locator::Id("open-records"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .for_element(Locator::Id("session-form"))
            .await?;
        violations.extend(axe_check(client, &axe, "care records").await?);
        set(client, "session-date", &day).await?;
        for (id, text) in [
            ("session-therapist", "康复师 赵强"),
            ("session-minutes", "35"),
            ("session-activity", "坐位平衡训练"),
        ] {
            client.find(Locator::Id(id)).await?.send_keys(text).await?;
        }
        click(client, "session-save").await?;
        client
            .wait()
            .for_element(Locator::Id("rehab-sessions"))
            .await?;
        assert!(text_of(client, "rehab-sessions")
            .await?
            .contains("坐位平衡训练"));
        Ok::<(), fantoccini::error::CmdError>(())
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
