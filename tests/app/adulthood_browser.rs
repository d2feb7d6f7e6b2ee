//! Headless Chromium (issue 16, done when): a social worker walks a young person from the assessment to a
//! plan, the head submits it, the supervisor approves it, the social worker completes the leaving-care
//! checklist and discharges — every page checked with axe-core.

use crate::browser::{log_in, log_out, start, Step};
use crate::browser_pages::{axe_check, Axe};
use fantoccini::{Client, Locator};

/// Set an input's value (date inputs take their value in the page's locale when typed; set it as the
/// ISO date the form sends). `today` is the browser's UTC date, never after the server's China date.
async fn set(client: &Client, id: &str, value: &str) -> Step {
    client
        .execute(
            "const [id, v] = arguments; const e = document.getElementById(id);
             e.value = v === 'today' ? new Date().toISOString().slice(0, 10) : v;",
            vec![id.into(), value.into()],
        )
        .await?;
    Ok(())
}

async fn type_in(client: &Client, id: &str, text: &str) -> Step {
    client.find(Locator::Id(id)).await?.send_keys(text).await?;
    Ok(())
}

/// Click, then wait until the old page is gone (a submit under load: the next `find` must not see the
/// page that was just left).
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

/// Wait for the next page's flash message to say `text` (the page before may still show an older one).
async fn flash(client: &Client, text: &str) -> bool {
    for _ in 0..100 {
        if let Ok(e) = client.find(Locator::Id("flash")).await {
            if e.text().await.is_ok_and(|t| t.contains(text)) {
                return true;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

async fn open_young(client: &Client, base: &str, name: &str) -> Step {
    client.goto(&format!("{base}/adulthood")).await?;
    client.find(Locator::LinkText(name)).await?.click().await?;
    client.wait().for_element(Locator::Id("facts")).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn adulthood_browser_walk_from_assessment_to_discharge() {
    let axe = Axe::load();
    let d = start("adulthood").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let result = async {
        log_in(client, base, "social.cc").await?;
        open_young(client, base, "袁子骞").await?;
        violations.extend(axe_check(client, &axe, "adulthood young person").await?);
        set(client, "assessment-assessed_on", "today").await?;
        for (id, text) in [
            ("assessment-labour_capacity", "具备劳动能力"),
            ("assessment-civil_capacity", "完全民事行为能力"),
            ("assessment-self_care", "完全自理"),
            ("assessment-mental_physical", "健康"),
            ("assessment-education_skills", "大学在读"),
            ("assessment-wishes", "我想留在长春工作。"),
            ("assessment-conclusion", "具备社会化安置条件"),
        ] {
            type_in(client, id, text).await?;
        }
        client
            .find(Locator::Css(
                "#assessment-proposed_pathway option[value='social']",
            ))
            .await?
            .click()
            .await?;
        click(client, "save-assessment").await?;
        assert!(flash(client, "已记录综合评估").await);
        // The plan (its amounts are offered from the policy values).
        client
            .find(Locator::Css("#plan-pathway-input option[value='social']"))
            .await?
            .click()
            .await?;
        type_in(client, "plan-steps", "1. 签订劳动合同\n2. 申请公租房").await?;
        type_in(client, "plan-responsible_bodies", "长春市民政局").await?;
        set(client, "plan-placement_on", "today").await?;
        click(client, "save-plan").await?;
        assert!(flash(client, "已保存安置方案草稿").await);
        violations.extend(axe_check(client, &axe, "adulthood plan draft").await?);
        log_out(client).await?;
        // The head submits it to the civil-affairs department.
        log_in(client, base, "head.cc").await?;
        open_young(client, base, "袁子骞").await?;
        click(client, "submit-plan").await?;
        assert!(flash(client, "已报送民政部门审批").await);
        log_out(client).await?;
        // The supervisor approves it.
        log_in(client, base, "supervisor.cc").await?;
        open_young(client, base, "袁子骞").await?;
        violations.extend(axe_check(client, &axe, "adulthood plan to decide").await?);
        type_in(client, "decision-comment", "同意").await?;
        click(client, "approve-plan").await?;
        assert!(flash(client, "已批准安置方案").await);
        log_out(client).await?;
        // The social worker completes the checklist and discharges.
        log_in(client, base, "social.cc").await?;
        open_young(client, base, "袁子骞").await?;
        assert!(client.source().await?.contains("一人一案已批准"));
        for item in fuyu::adulthood::rules::checklist::ITEMS {
            type_in(client, &format!("by-{item}"), "陈社工").await?;
            set(client, &format!("on-{item}"), "today").await?;
            client
                .find(Locator::Css(&format!("#confirm-{item} button")))
                .await?
                .click()
                .await?;
            // The same message follows every item: wait for this item's form to be gone.
            let mut gone = false;
            for _ in 0..100 {
                if client
                    .find(Locator::Id(&format!("confirm-{item}")))
                    .await
                    .is_err()
                {
                    gone = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert!(gone && flash(client, "已确认").await, "{item}");
        }
        violations.extend(axe_check(client, &axe, "adulthood checklist complete").await?);
        set(client, "discharge-date", "today").await?;
        // A checkbox: no page to wait for.
        client
            .find(Locator::Id("discharge-confirm"))
            .await?
            .click()
            .await?;
        click(client, "discharge-button").await?;
        assert!(flash(client, "已办理成年安置离院").await);
        assert!(client.source().await?.contains("已安置（社会化安置"));
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = d.client.clone().close().await;
    result.expect("browser walk");
    assert!(
        violations.is_empty(),
        "axe-core: serious or critical violations\n{}",
        violations.join("\n")
    );
}
