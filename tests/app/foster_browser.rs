//! Headless Chromium (issue 12 "Done when"): a social worker takes a family from application to a
//! placed child and the head approves it, then records a visit, on the real binary with the demo data; axe-core checks every
//! foster page on the way (the matching page with a sibling recorded, the placements list).

use crate::browser::{log_in, log_out, start, Step};
use crate::browser_pages::{axe_check, Axe};
use fantoccini::{Client, Locator};
use serde_json::json;

/// Sets a field's value by id (date inputs take typed text differently per locale).
async fn set(client: &Client, id: &str, v: &str) -> Step {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(v)],
        )
        .await?;
    Ok(())
}

async fn click(client: &Client, id: &str) -> Step {
    client.find(Locator::Id(id)).await?.click().await?;
    Ok(())
}

/// Click what submits a form, and wait until the browser has left the page (as in care_browser.rs):
/// under load an element of the old page was taken for one of the new page, then went stale.
async fn submit(client: &Client, locator: Locator<'_>) -> Step {
    let old_page = client.find(Locator::Css("html")).await?;
    client.find(locator).await?.click().await?;
    for _ in 0..200 {
        if old_page.tag_name().await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

async fn flash(client: &Client) -> Result<String, fantoccini::error::CmdError> {
    client
        .wait()
        .for_element(Locator::Id("flash"))
        .await?
        .text()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn foster_browser_walk_from_application_to_placement() {
    let axe = Axe::load();
    let d = start("foster").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let result = async {
        log_in(client, base, "social.cc").await?;
        client.goto(&format!("{base}/foster")).await?;
        violations.extend(axe_check(client, &axe, "foster list").await?);
        click(client, "new-family-link").await?;
        client.wait().for_element(Locator::Id("family-form")).await?;
        violations.extend(axe_check(client, &axe, "foster new").await?);
        for (id, v) in [
            ("family_name", "孙海家庭"),
            ("hukou_place", "吉林省长春市南关区"),
            ("hukou_local", "yes"),
            ("residence_kind", "owned"),
            ("fixed_residence", "yes"),
            ("area", "120"),
            ("address", "长春市南关区人民大街1号"),
            ("income", "52000"),
            ("caregiver_name", "孙海"),
            ("caregiver_birth_date", "1980-03-03"),
            ("caregiver_education", "college"),
            ("caregiver_healthy", "yes"),
            ("professional", "psychology"),
        ] {
            set(client, id, v).await?;
        }
        click(client, "create-family").await?;
        assert!(flash(client).await?.contains("已登记"));
        for (id, v) in [("name", "孙海"), ("relation", "self"), ("birth_date", "1980-03-03"), ("education", "college")] {
            set(client, id, v).await?;
        }
        click(client, "add-member").await?;
        client.wait().for_element(Locator::Id("not-eligible")).await?;
        // FOS-13 (第12条(一)): the member's written consent and the three proofs, uploaded through the
        // page's document form (a real file chosen in the file input).
        let dir = tempfile::tempdir().expect("a temporary folder");
        let paper = dir.path().join("paper.pdf");
        std::fs::write(&paper, crate::foster_documents::PDF).expect("the paper written");
        for kind in ["consent", "income", "housing", "health"] {
            set(client, "doc_kind", kind).await?;
            if kind == "consent" {
                client
                    .execute("document.getElementById('doc_member').selectedIndex = 1;", vec![])
                    .await?;
            }
            client
                .find(Locator::Id("doc_file"))
                .await?
                .send_keys(&paper.display().to_string())
                .await?;
            // Wait for the page after the upload, not the one it was sent from.
            client
                .execute("document.body.setAttribute('data-old', '1');", vec![])
                .await?;
            click(client, "doc-upload").await?;
            client
                .wait()
                .for_element(Locator::Css("body:not([data-old]) #doc-list"))
                .await?;
        }
        assert!(flash(client).await?.contains("材料已上传"));
        client.wait().for_element(Locator::Id("eligible")).await?;
        violations.extend(axe_check(client, &axe, "foster family").await?);
        let family_url = client.current_url().await?.to_string();
        for (id, v) in [
            ("visit_date", "2026-11-20"),
            ("assessors", "张社工"),
            ("score_home", "4"),
            ("score_parenting", "4"),
            ("score_relations", "5"),
            ("score_community", "4"),
            ("narrative", "家庭和睦，条件良好。"),
        ] {
            set(client, id, v).await?;
        }
        click(client, "assess-form-submit").await?;
        client.wait().for_element(Locator::Id("waiting-head")).await?;
        log_out(client).await?;
        // The head approves (备案).
        log_in(client, base, "head.cc").await?;
        client.goto(&family_url).await?;
        click(client, "decision-approve").await?;
        set(client, "reasons", "符合条件").await?;
        click(client, "review-form-submit").await?;
        client.wait().for_element(Locator::Id("training-form")).await?;
        violations.extend(axe_check(client, &axe, "foster approved").await?);
        log_out(client).await?;
        // Training and the agreement, then matching and placement.
        log_in(client, base, "social.cc").await?;
        client.goto(&family_url).await?;
        for (id, v) in [("date", "2026-11-21"), ("hours", "8"), ("topic", "儿童照料")] {
            set(client, id, v).await?;
        }
        click(client, "training-form-submit").await?;
        client.wait().for_element(Locator::Id("sign-form")).await?;
        for (id, v) in [
            ("period_from", "2026-12-01"),
            ("period_to", "2029-11-30"),
            ("rights_obligations", "按协议范本。"),
            ("breach_liability", "按协议范本处理。"),
            ("signed_on", "2026-11-22"),
        ] {
            set(client, id, v).await?;
        }
        click(client, "sign-form-submit").await?;
        client.wait().for_element(Locator::Id("matching-link")).await?;
        click(client, "matching-link").await?;
        // The first child in the picker for whom an approved family matches (other modules' demo data
        // place, discharge or age some of the institution's children).
        for i in 1..=20 {
            client.wait().for_element(Locator::Id("child-picker")).await?;
            client
                .execute(
                    &format!("var s = document.getElementById('child'); s.selectedIndex = {i};"),
                    vec![],
                )
                .await?;
            submit(client, Locator::Id("find-families")).await?;
            client.wait().for_element(Locator::Id("matches")).await?;
            if client.find(Locator::Css("#matches form")).await.is_ok() {
                break;
            }
        }
        violations.extend(axe_check(client, &axe, "foster matching").await?);
        // Record a sibling of the chosen child (兄弟姐妹, issue 12 point 4): the page lists the group
        // and each family says whether it keeps the siblings together.
        client
            .execute(
                "document.getElementById('sibling_id').selectedIndex = 1;",
                vec![],
            )
            .await?;
        submit(client, Locator::Id("sibling-form-submit")).await?;
        client.wait().for_element(Locator::Id("sibling-list")).await?;
        assert!(flash(client).await?.contains("兄弟姐妹"));
        client.wait().for_element(Locator::Id("matches")).await?;
        violations.extend(axe_check(client, &axe, "foster matching with a sibling").await?);
        client
            .execute(
                "var f = document.querySelector('#matches form'); f.querySelector('select[name=consent]').value = 'yes'; f.querySelector('textarea[name=opinion]').value = '愿意';",
                vec![],
            )
            .await?;
        submit(client, Locator::Css("#matches form button[type='submit']")).await?;
        assert!(flash(client).await?.contains("寄养"));
        client.wait().for_element(Locator::Css("#placement-list li")).await?;
        violations.extend(axe_check(client, &axe, "foster placed").await?);
        // A visit to the placed child (FOS-22): the date defaults to today.
        client
            .find(Locator::Css("details[id^='visit-'] summary"))
            .await?
            .click()
            .await?;
        client
            .execute(
                "var f = document.querySelector(\"form[id^='visit-form-']\"); \
                 f.querySelector('[name=visit_kind]').value = 'scheduled'; \
                 f.querySelector('[name=visitor]').value = '张社工'; \
                 f.querySelector('[name=visit_health]').value = '身体健康'; \
                 f.querySelector('[name=visit_schooling]').value = '按时入园'; \
                 f.querySelector('[name=visit_home]').value = '居室整洁'; \
                 f.querySelector('[name=visit_relationship]').value = '与照料人亲近';",
                vec![],
            )
            .await?;
        client
            .find(Locator::Css("form[id^='visit-form-'] button[type='submit']"))
            .await?
            .click()
            .await?;
        // Only the page after the visit lists it (the old page has no visit yet).
        client.wait().for_element(Locator::Css("ul.visits li")).await?;
        assert!(flash(client).await?.contains("探访"));
        violations.extend(axe_check(client, &axe, "foster visit").await?);
        // The placements list (filters, downloads) shows the new placement.
        client.goto(&format!("{base}/foster/placements?state=open")).await?;
        client
            .wait()
            .for_element(Locator::Css("#placements tbody tr"))
            .await?;
        client.find(Locator::Id("placements-xlsx")).await?;
        violations.extend(axe_check(client, &axe, "foster placements").await?);
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = d.client.clone().close().await;
    result.expect("foster walk-through");
    assert!(
        violations.is_empty(),
        "axe-core: serious or critical violations\n{}",
        violations.join("\n")
    );
}
