//! Issue 15 "done when" (the parts built), in headless Chromium at 390×844 against `fuyu demo`: a
//! caregiver opens her round from the menu, logs lunch for three children at once with one tap,
//! ticks a care-plan task that applies today (recorded on the child's card),
//! acknowledges the night shift's handover, sees an appointment on a child's card, records an
//! as-needed dose with its reason, and writes her own handover; she records a missing child and a
//! body mark on it (the drawn figure highlights the region); the head sees it unacknowledged on the day page and the units' occupancy. Every page is
//! checked with axe-core and measured for horizontal scrolling; screenshots at phone width go to
//! docs/screenshots (`FUYU_SCREENSHOTS=1`) or the scratch directory.

use crate::browser::{click_and_wait, log_in, log_out, start, Step};
use crate::browser_pages::{axe_check, Axe};
use fantoccini::{Client, Locator};

async fn flash(client: &Client) -> Result<String, fantoccini::error::CmdError> {
    client
        .wait()
        .for_element(Locator::Id("flash"))
        .await?
        .text()
        .await
}

/// The page is no wider than the phone (no horizontal scrolling).
async fn fits(client: &Client, page: &str) -> Step {
    let v = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    let (w, inner) = (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0));
    assert!(w <= inner, "{page}: {w}px wide on a {inner}px phone");
    Ok(())
}

async fn shot(client: &Client, name: &str) -> Step {
    let dir = if std::env::var("FUYU_SCREENSHOTS").is_ok_and(|v| v == "1") {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
    } else {
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    let png = client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}: not a PNG");
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(w, 390, "{name}: phone width");
    std::fs::write(dir.join(format!("{name}.png")), &png).expect("screenshot written");
    Ok(())
}

/// Set the viewport (not the window) to 390×844 CSS pixels (as browser_pages.rs: headless Chromium
/// starts wider than a phone and the window has borders).
async fn phone(client: &Client) -> Step {
    let (mut ow, mut oh) = (390i64, 844i64);
    for _ in 0..50 {
        client.set_window_size(ow as u32, oh as u32).await?;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let v = client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await?;
        let (w, h) = (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0));
        if (w, h) == (390, 844) {
            return Ok(());
        }
        ow += 390 - w;
        oh += 844 - h;
    }
    panic!("the viewport did not become 390×844");
}

/// Open a unit of the round by its name (the unit picker is a GET form: no JavaScript).
async fn open_unit(client: &Client, name: &str) -> Step {
    for o in client.find_all(Locator::Css("#unit-select option")).await? {
        if o.text().await?.contains(name) {
            o.click().await?;
        }
    }
    click_and_wait(client, "unit-go").await?;
    client.wait().for_element(Locator::Id("quick-log")).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_caregiver_works_a_round_on_a_phone_and_hands_over() {
    let axe = Axe::load();
    let d = start("shift").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let result = async {
        phone(client).await?;
        log_in(client, base, "caregiver.cc").await?;
        client.goto(&format!("{base}/shift")).await?;
        open_unit(client, "小星星婴儿室").await?;
        violations.extend(axe_check(client, &axe, "my shift").await?);
        fits(client, "my shift").await?;
        shot(client, "shift-round").await?;
        // The demo's appointments (a rehabilitation session later today, a hospital visit tomorrow at
        // 07:00): at least one is in this shift's span, with its time on the child's card.
        let outing = client
            .find(Locator::Css("[id^='round-appointment-']"))
            .await?
            .text()
            .await?;
        assert!(outing.contains("陪同："), "{outing}");
        // The night shift's handover comes first; she acknowledges it.
        let ack = client.find(Locator::Css("[id^='ack-']")).await?;
        let ack_id = ack.attr("id").await?.expect("id");
        click_and_wait(client, &ack_id).await?;
        assert!(flash(client).await?.contains("已记录"));
        // Lunch for three children: tick three, one tap.
        let ticks = client
            .find_all(Locator::Css("#log-children input[type='checkbox']"))
            .await?;
        assert!(ticks.len() >= 3, "three children in the infant room");
        for t in ticks.iter().take(3) {
            t.click().await?;
        }
        click_and_wait(client, "log-meal-all").await?;
        assert!(flash(client).await?.contains("已记录"));
        let logged = client
            .find_all(Locator::Css("#round-children ul.log li"))
            .await?;
        assert!(logged.len() >= 3, "the lunch lines are shown");
        // A care-plan task that applies today (the demo plans' daily item, 每日): one tap, recorded
        // with who and when on the child's card.
        let task = client.find(Locator::Css("[id^='task-done-']")).await?;
        let task_id = task.attr("id").await?.expect("id");
        let mark_id = task_id.replace("task-done-", "task-mark-");
        assert!(
            client.find(Locator::Id(&mark_id)).await.is_err(),
            "the task is not marked before the tap"
        );
        click_and_wait(client, &task_id).await?;
        assert!(flash(client).await?.contains("已记录"));
        let mark = client.find(Locator::Id(&mark_id)).await?.text().await?;
        assert!(mark.starts_with("已完成"), "{mark}");
        // A scheduled dose in its window, if the walk runs at such a time; else the as-needed round.
        if let Ok(b) = client.find(Locator::Css("button.given[id^='give-']")).await {
            let id = b.attr("id").await?.expect("id");
            click_and_wait(client, &id).await?;
            assert!(flash(client).await?.contains("已记录"));
        }
        open_unit(client, "向日葵家庭").await?;
        let reason = client.find(Locator::Css("[id^='prn-reason-']")).await?;
        let rid = reason.attr("id").await?.expect("id");
        reason.send_keys("体温38.5℃，遵医嘱退热").await?;
        click_and_wait(client, &rid.replace("prn-reason-", "prn-save-")).await?;
        assert!(flash(client).await?.contains("已记录"));
        // Her own handover for the family unit.
        client
            .find(Locator::Id("handover-note"))
            .await?
            .send_keys("白班平稳，一名儿童发热已用退热药。")
            .await?;
        click_and_wait(client, "handover-save").await?;
        assert!(flash(client).await?.contains("已记录"));
        fits(client, "my shift after the round").await?;
        // An incident with a mandatory report (issue 15 point 6): a child missing at the head count.
        client.goto(&format!("{base}/shift/incidents/new")).await?;
        violations.extend(axe_check(client, &axe, "incident form").await?);
        fits(client, "incident form").await?;
        client
            .find(Locator::Css("#incident-kind option[value='missing']"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Id("incident-place"))
            .await?
            .send_keys("院内操场")
            .await?;
        client
            .find(Locator::Css("#incident-children input[type='checkbox']"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Id("incident-description"))
            .await?
            .send_keys("午休后清点人数时发现不在")
            .await?;
        client
            .find(Locator::Id("incident-action"))
            .await?
            .send_keys("全院搜寻，调取监控")
            .await?;
        click_and_wait(client, "incident-save").await?;
        assert!(flash(client).await?.contains("已通知院长"));
        client
            .wait()
            .for_element(Locator::Id("incident-reports"))
            .await?;
        violations.extend(axe_check(client, &axe, "incident").await?);
        fits(client, "incident").await?;
        shot(client, "shift-incident").await?;
        let how = client.find(Locator::Css("[id^='report-how-']")).await?;
        let how_id = how.attr("id").await?.expect("id");
        how.send_keys("110电话报警").await?;
        click_and_wait(client, &how_id.replace("report-how-", "report-send-")).await?;
        assert!(flash(client).await?.contains("已记录"));
        // The body map (point 6): a bruise on the left arm; the drawn figure highlights it.
        client
            .find(Locator::Id("incident-body"))
            .await?
            .click()
            .await?;
        client.wait().for_element(Locator::Id("mark-form")).await?;
        client
            .find(Locator::Id("mark-side-front"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Css("#mark-region option[value='arm_left']"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Css("#mark-kind option[value='bruise']"))
            .await?
            .click()
            .await?;
        client
            .find(Locator::Id("mark-note"))
            .await?
            .send_keys("左前臂约2厘米淤青")
            .await?;
        click_and_wait(client, "mark-save").await?;
        assert!(flash(client).await?.contains("标记已保存"));
        client
            .find(Locator::Id("fig-front-arm_left-marked"))
            .await?;
        let list = client.find(Locator::Id("body-marks")).await?.text().await?;
        assert!(list.contains("左前臂约2厘米淤青"), "{list}");
        violations.extend(axe_check(client, &axe, "body map").await?);
        fits(client, "body map").await?;
        shot(client, "shift-body").await?;
        log_out(client).await?;
        // The head's day: the handover waits for the night shift; the units' occupancy.
        log_in(client, base, "head.cc").await?;
        client.goto(&format!("{base}/shift/day")).await?;
        let open = client
            .find(Locator::Id("day-handovers"))
            .await?
            .text()
            .await?;
        assert!(open.contains("白班平稳"), "{open}");
        violations.extend(axe_check(client, &axe, "head's day").await?);
        fits(client, "head's day").await?;
        shot(client, "shift-day").await?;
        client.goto(&format!("{base}/shift/units")).await?;
        violations.extend(axe_check(client, &axe, "units").await?);
        fits(client, "units").await?;
        shot(client, "shift-units").await?;
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    if let Err(e) = result {
        let url = client.current_url().await.map(|u| u.to_string());
        panic!("the walk stopped at {url:?}: {e}");
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
