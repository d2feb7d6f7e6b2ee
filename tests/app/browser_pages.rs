//! Pages in headless Chromium: axe-core on every page a demo user reaches (serious and critical
//! violations fail), no page wider than a phone, the current page marked in the navigation, lists as
//! cards and the menu collapsed at 390×844, the desk layout at 1366×900, and the screenshots of the
//! main pages at both widths (docs/screenshots when `FUYU_SCREENSHOTS=1`).

use crate::browser::{log_in, log_out, start};
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// axe-core's `axe.min.js`, installed from the npm registry by scripts/install-deps.sh (tests/axe).
pub struct Axe(String);

impl Axe {
    /// Fails the test at once when axe-core is not installed: the accessibility check is never skipped.
    pub fn load() -> Axe {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/axe/node_modules/axe-core/axe.min.js");
        match std::fs::read_to_string(&p) {
            Ok(src) if src.contains("axe") => Axe(src),
            other => panic!(
                "axe-core is missing ({}: {:?}); run `bash scripts/install-deps.sh` (npm ci in tests/axe)",
                p.display(),
                other.err()
            ),
        }
    }
}

/// Known violations in a template this branch may not edit, as (rule, element): each is waiting for
/// the template's owner and is removed here with the fix. templates/archive/child.html: the
/// restriction form's kind `<select>` has no label.
const WAITING_FOR_OWNER: &[(&str, &str)] = &[];

const RUN_AXE: &str = r#"
const known = arguments[0], done = arguments[arguments.length - 1];
const waiting = (v, n) => known.some(([rule, el]) => rule === v.id && n.target.join(' ') === el);
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({v, nodes: v.nodes.filter(n => !waiting(v, n))}))
    .filter(({nodes}) => nodes.length > 0)
    .map(({v, nodes}) => v.impact + ' ' + v.id + ': ' + v.help + ' — ' +
        nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '))))
  .catch(e => done(['axe failed: ' + e]));
"#;

/// The serious and critical violations axe-core finds on the current page, each prefixed with `label`.
pub async fn axe_check(client: &Client, axe: &Axe, label: &str) -> Result<Vec<String>, CmdError> {
    client.execute(&axe.0, vec![]).await?;
    let known = serde_json::to_value(WAITING_FOR_OWNER).unwrap_or_default();
    let found = client.execute_async(RUN_AXE, vec![known]).await?;
    let Value::Array(found) = found else {
        panic!("axe-core returned {found}");
    };
    let url = client.current_url().await?;
    Ok(found
        .iter()
        .map(|v| format!("{label} {}: {}", url.path(), v.as_str().unwrap_or("?")))
        .collect())
}

async fn js(client: &Client, script: &str) -> Result<Value, CmdError> {
    client.execute(script, vec![]).await
}

/// Page-wide checks that hold on every page at phone width: nothing wider than the screen (a wide
/// table scrolls inside its own box), and at most one navigation entry marked current.
async fn fits_the_phone(client: &Client, label: &str) -> Result<Vec<String>, CmdError> {
    let v = js(
        client,
        "return [document.documentElement.scrollWidth, window.innerWidth,
                 document.querySelectorAll('header nav a[aria-current=page]').length]",
    )
    .await?;
    let (scroll, inner, current) = (v[0].as_i64(), v[1].as_i64(), v[2].as_i64());
    let mut problems = Vec::new();
    if scroll > inner {
        problems.push(format!("{label}: page {scroll:?} px wide in {inner:?} px"));
    }
    if current > Some(1) {
        problems.push(format!("{label}: {current:?} entries marked current"));
    }
    Ok(problems)
}

/// The hrefs of the links in `main` matching the regular expression `pattern` (first `n`).
async fn links(client: &Client, pattern: &str, n: usize) -> Result<Vec<String>, CmdError> {
    let v = client
        .execute(
            "return [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))
                .filter(h => h && new RegExp(arguments[0]).test(h)).slice(0, arguments[1])",
            vec![pattern.into(), n.into()],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// Every page the logged-in `user` reaches from the navigation, plus the first child's archive (each
/// tab), its edit form, the intake form, the first transfer and its first checklist: axe-core and the
/// phone checks on each, and the navigation entry of each navigation page marked current.
pub async fn walk_role_pages(
    client: &Client,
    base: &str,
    user: &str,
    axe: &Axe,
) -> Result<Vec<String>, CmdError> {
    let mut problems = Vec::new();
    client.goto(&format!("{base}/")).await?;
    let nav = js(
        client,
        "return [...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))",
    )
    .await?;
    let nav: Vec<String> = nav
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(nav.len() >= 3, "{user}: navigation {nav:?}");
    let mut pages: Vec<String> = Vec::new();
    for href in &nav {
        named(client.goto(&format!("{base}{href}")).await, user, href)?;
        named(loaded(client).await, user, href)?;
        let marked = js(
            client,
            "const a = document.querySelector('header nav a[aria-current=page]');
             return a && a.getAttribute('href')",
        )
        .await?;
        if marked.as_str() != Some(href.as_str()) {
            problems.push(format!("{user} {href}: nav marks {marked} as current"));
        }
        let label = format!("{user} {href}");
        problems.extend(named(axe_check(client, axe, &label).await, user, href)?);
        problems.extend(named(fits_the_phone(client, &label).await, user, href)?);
        if href == "/children" {
            let child = links(client, r"^/children/\d+$", 1).await?;
            for c in &child {
                for tab in [
                    "",
                    "?tab=documents",
                    "?tab=timeline",
                    "?tab=history",
                    "?tab=access",
                ] {
                    pages.push(format!("{c}{tab}"));
                }
            }
            pages.extend(links(client, r"^/children/new$", 1).await?);
        }
        if href == "/transfers" {
            pages.extend(links(client, r"^/transfers/\d+$", 1).await?);
        }
    }
    let mut i = 0;
    while i < pages.len() {
        let page = pages[i].clone();
        named(client.goto(&format!("{base}{page}")).await, user, &page)?;
        named(loaded(client).await, user, &page)?;
        let label = format!("{user} {page}");
        problems.extend(named(axe_check(client, axe, &label).await, user, &page)?);
        problems.extend(named(fits_the_phone(client, &label).await, user, &page)?);
        // Deep pages reached from these: the edit form, the custody ledger and the care page with its
        // growth charts (each linked only for the roles that may see it) and a transfer's first
        // checklist.
        if page.ends_with(|c: char| c.is_ascii_digit()) {
            for more in links(
                client,
                r"^/children/\d+/edit$|^/children/\d+/custody$|^/children/\d+/care$|^/transfers/\d+/children/\d+$",
                1,
            )
            .await?
            {
                if !pages.contains(&more) {
                    pages.push(more);
                }
            }
        }
        i += 1;
    }
    Ok(problems)
}

/// A WebDriver error on a page of the walk fails the test naming the user and the page (a bare
/// "browser flow" error said neither, so a flake on a loaded CI machine could not be traced).
fn named<T>(r: Result<T, CmdError>, user: &str, page: &str) -> Result<T, CmdError> {
    if let Err(e) = &r {
        panic!("{user} {page}: {e}");
    }
    r
}

/// Wait (up to 60 s) until the page has loaded whole and has its `main`: on a loaded machine a check
/// could otherwise run against a page still arriving.
async fn loaded(client: &Client) -> Result<(), CmdError> {
    for _ in 0..600 {
        let v = js(
            client,
            "return document.readyState === 'complete' && !!document.querySelector('main')",
        )
        .await?;
        if v.as_bool() == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "page never finished loading: {}",
        client.current_url().await?
    );
}

/// Set the viewport (not the window) to `w`×`h` CSS pixels.
async fn viewport(client: &Client, w: i64, h: i64) -> Result<(), CmdError> {
    let (mut ow, mut oh) = (w, h);
    let mut seen = (None, None);
    for _ in 0..50 {
        client.set_window_size(ow as u32, oh as u32).await?;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let v = js(client, "return [window.innerWidth, window.innerHeight]").await?;
        seen = (v[0].as_i64(), v[1].as_i64());
        if seen == (Some(w), Some(h)) {
            return Ok(());
        }
        // The window may be larger than its viewport: grow it by the difference.
        ow += w - seen.0.unwrap_or(w);
        oh += h - seen.1.unwrap_or(h);
        ow = ow.clamp(w, w + 200);
        oh = oh.clamp(h, h + 200);
    }
    panic!("viewport {w}×{h} not reached: {seen:?}");
}

/// Where the screenshots go: docs/screenshots when `FUYU_SCREENSHOTS=1` (to refresh the checked-in
/// ones), otherwise the test's scratch directory, so an ordinary run leaves the work tree clean.
fn screenshot_dir() -> std::path::PathBuf {
    let dir = if std::env::var("FUYU_SCREENSHOTS").is_ok_and(|v| v == "1") {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
    } else {
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

/// A PNG of the viewport, checked (a PNG, as wide as the viewport, not huge) and saved as `name`.
async fn screenshot(client: &Client, name: &str, width: u32) -> Result<(), CmdError> {
    let png = client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}: not a PNG");
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(w, width, "{name}: screenshot width");
    assert!(png.len() < 400_000, "{name}: {} bytes", png.len());
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, &png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Ok(())
}

/// Measurements of the page at the current width, in CSS pixels.
const MEASURE: &str = r#"
const lh = el => parseFloat(getComputedStyle(el).lineHeight) || 25;
const text = el => { const r = document.createRange(); r.selectNodeContents(el);
  const rs = [...r.getClientRects()].filter(x => x.width > 0);
  return rs.length ? {top: Math.min(...rs.map(x => x.top)), bottom: Math.max(...rs.map(x => x.bottom)),
    width: Math.max(...rs.map(x => x.right)) - Math.min(...rs.map(x => x.left))} : null; };
const oneLine = el => { const t = text(el); return !t || t.bottom - t.top < 1.6 * lh(el); };
const rect = el => el.getBoundingClientRect();
const shown = el => !!el && el.checkVisibility({visibilityProperty: true});
const q = s => document.querySelector(s), qa = s => [...document.querySelectorAll(s)];
const rows = qa('main table.cards tbody tr, main table.stack tbody tr');
return {
  inner: innerWidth, height: innerHeight, scroll: document.documentElement.scrollWidth,
  header: Math.round(rect(q('header.top')).height),
  toggle: shown(q('#menu-toggle')), nav: shown(q('header nav ul')),
  current: (q('header nav a[aria-current=page]') || {}).textContent || null,
  row_display: rows.length ? getComputedStyle(rows[0]).display : null,
  rows_on_screen: rows.filter(r => rect(r).bottom <= innerHeight).length,
  one_line: qa('td.name a, td.no, td.status, td.main a').every(oneLine),
  narrowest: Math.min(...qa('td.name a, td.status').filter(text).map(e => text(e).width / parseFloat(getComputedStyle(e).fontSize))),
  photos: qa('td.photo img').filter(i => rect(i).bottom <= innerHeight).map(i => i.complete && i.naturalWidth > 0),
  buttons_inside: qa('main button, main .button').filter(shown).every(b => rect(b).right <= innerWidth + 0.5),
  buttons: qa('main button, main .button').filter(shown).length,
  skip: q('body > a:first-child') && q('body > a:first-child').getAttribute('href'),
};
"#;

/// What each page pattern must show, measured in the page (true when present and on screen).
const PATTERNS: &str = r#"
const q = s => document.querySelector(s), qa = s => [...document.querySelectorAll(s)];
const onScreen = e => { if (!e) return false; const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= -0.5 && r.right <= innerWidth + 0.5; };
const before = (a, b) => a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) > 0;
return {
  queue: onScreen(q('#work-queue')) && (qa('.queue-group').length > 0 || !!q('#backlog') || !!q('#no-tasks'))
    && qa('#work-queue .task .button').every(onScreen),
  header: onScreen(q('#child-head')) && /\d/.test((q('#child-age') || {}).textContent || '')
    && !!q('nav.crumbs') && !!q('nav.tabs [aria-current=page]'),
  upload: onScreen(q('#upload-form')) && before(q('#upload-form'), q('#section-intake'))
    && qa('#filing optgroup').length === 8 && q('#filing').value === ''
    && !q('#upload-form').getAttribute('action').includes('csrf'),
  discharge: onScreen(q('#discharge-consequence')) && !!q('input#confirm[required]') && onScreen(q('#child-head')),
  steps: qa('#steps li').length === 4 && qa('#steps [aria-current=step]').length === 1 && onScreen(q('#turn'))
    && qa('#transfer-children .progress').length > 0,
  picker: onScreen(q('#child-picker')) && qa('#child-picker input[type=checkbox]').length > 0
    && onScreen(q('#create-transfer')),
};
"#;

#[tokio::test(flavor = "current_thread")]
async fn phone_and_desk_layouts_with_screenshots() {
    let axe = Axe::load();
    let d = start("layout").await;
    let (client, base) = (&d.client, d.base.as_str());
    let mut violations = Vec::new();
    let result = async {
        for (w, h, tag) in [(390, 844, "phone"), (1366, 900, "desktop")] {
            viewport(client, w, h).await?;
            client.goto(&format!("{base}/login")).await?;
            let m = js(client, MEASURE).await?;
            assert_eq!(m["skip"], "#main", "the skip link comes first");
            assert!(
                m["scroll"].as_i64() <= m["inner"].as_i64(),
                "{tag} login {m}"
            );
            screenshot(client, &format!("{tag}-login"), w as u32).await?;
        }
        viewport(client, 390, 844).await?;
        // A policy value not yet in force: the policy page shows it as a greyed row.
        log_in(client, base, "admin").await?;
        client.goto(&format!("{base}/policy")).await?;
        client
            .find(Locator::Id("key"))
            .await?
            .select_by_value("foster.caregiver_max_age")
            .await?;
        for (id, value) in [
            ("jurisdiction", "2201"),
            ("value", "60"),
            ("effective_from", "2099-01-01"),
            ("source", "长春市 测试"),
        ] {
            client
                .execute(
                    "document.getElementById(arguments[0]).value = arguments[1]",
                    vec![id.into(), value.into()],
                )
                .await?;
        }
        client
            .find(Locator::Css("form[action='/admin/policy'] button"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .for_element(Locator::Css("#policy tr.muted"))
            .await?;
        log_out(client).await?;
        log_in(client, base, "head.cc").await?;
        // The transfer in handover (榆树 → 长春) and its first child's checklist.
        client.goto(&format!("{base}/transfers")).await?;
        let batch = js(
            client,
            "return [...document.querySelectorAll('#transfers tbody tr')]
                .filter(r => r.textContent.includes('交接中'))
                .map(r => r.querySelector('a').getAttribute('href'))[0]",
        )
        .await?;
        let batch = batch.as_str().expect("a transfer in handover").to_string();
        client.goto(&format!("{base}{batch}")).await?;
        let checklist = links(client, r"^/transfers/\d+/children/\d+$", 1).await?;
        client.goto(&format!("{base}/children")).await?;
        let child = links(client, r"^/children/\d+$", 1).await?;
        let pages = [
            ("home", "/".to_string()),
            ("children", "/children".to_string()),
            ("child", child.first().cloned().expect("a child")),
            ("transfers", "/transfers".to_string()),
            (
                "checklist",
                checklist.first().cloned().expect("a checklist"),
            ),
            ("policy", "/policy".to_string()),
        ];
        for (name, url) in &pages {
            viewport(client, 390, 844).await?;
            client.goto(&format!("{base}{url}")).await?;
            screenshot(client, &format!("phone-{name}"), 390).await?;
            violations.extend(axe_check(client, &axe, &format!("phone {name}")).await?);
            phone_checks(client, name).await?;
            menu_opens(client, name).await?;
            viewport(client, 1366, 900).await?;
            violations.extend(axe_check(client, &axe, &format!("desktop {name}")).await?);
            let m = js(client, MEASURE).await?;
            assert!(
                !m["toggle"].as_bool().unwrap_or(true) && m["nav"] == true,
                "desk nav {m}"
            );
            assert!(m["header"].as_i64() < Some(80), "desk header {m}");
            if m["row_display"].is_string() {
                assert_eq!(m["row_display"], "table-row", "a table on the desk: {m}");
            }
            assert!(m["one_line"] == true, "{name}: desk cells on one line {m}");
            screenshot(client, &format!("desktop-{name}"), 1366).await?;
        }
        // The page patterns of issue 9 at both widths: the work queue, the child's header and
        // discharge page, uploads by section, the transfer steps and the children picker.
        let child_url = child.first().cloned().expect("a child");
        for (w, h) in [(390, 844), (1366, 900)] {
            viewport(client, w, h).await?;
            for (url, label) in [
                ("/".to_string(), "queue"),
                (child_url.clone(), "header"),
                (format!("{child_url}?tab=documents"), "upload"),
                (format!("{child_url}/discharge"), "discharge"),
                (batch.clone(), "steps"),
                ("/transfers/new".to_string(), "picker"),
            ] {
                client.goto(&format!("{base}{url}")).await?;
                let seen = js(client, PATTERNS).await?;
                assert_eq!(seen[label], true, "{label} at {w}px: {seen}");
                violations.extend(axe_check(client, &axe, &format!("{w}px {label}")).await?);
                if w == 390 {
                    violations.extend(fits_the_phone(client, label).await?);
                }
            }
        }
        viewport(client, 390, 844).await?;
        log_out(client).await?;
        Ok::<(), CmdError>(())
    }
    .await;
    let _ = d.client.clone().close().await;
    result.expect("layouts");
    assert!(
        violations.is_empty(),
        "axe-core:\n{}",
        violations.join("\n")
    );
}

/// At 390×844: the menu is collapsed into one bar and opens on a tap with the current page marked;
/// lists are cards with names, numbers and statuses on one line; no page or button leaves the screen.
async fn phone_checks(client: &Client, name: &str) -> Result<(), CmdError> {
    let mut m = js(client, MEASURE).await?;
    for _ in 0..50 {
        let photos = m["photos"].as_array().cloned().unwrap_or_default();
        if photos.iter().all(|p| p == true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        m = js(client, MEASURE).await?;
    }
    assert!(
        m["scroll"].as_i64() <= m["inner"].as_i64(),
        "{name}: sideways {m}"
    );
    assert!(
        m["toggle"] == true && m["nav"] == false,
        "{name}: menu collapsed {m}"
    );
    assert!(
        m["header"].as_i64() <= Some(60),
        "{name}: header height {m}"
    );
    assert!(
        m["one_line"] == true,
        "{name}: names, numbers, statuses on one line {m}"
    );
    assert!(
        m["buttons_inside"] == true,
        "{name}: a button off screen {m}"
    );
    if let Some(rows) = m["row_display"].as_str() {
        assert_eq!(rows, "flex", "{name}: rows reflow into cards {m}");
        assert!(
            m["narrowest"].as_f64() >= Some(2.0),
            "{name}: a column one character wide {m}"
        );
    }
    match name {
        "children" => {
            assert!(
                m["rows_on_screen"].as_i64() >= Some(5),
                "children per screen {m}"
            );
            let photos = m["photos"].as_array().cloned().unwrap_or_default();
            assert!(!photos.is_empty(), "thumbnails on the first cards {m}");
            assert!(photos.iter().all(|p| p == true), "thumbnails load {m}");
        }
        "transfers" => assert!(m["rows_on_screen"].as_i64() >= Some(1), "{m}"),
        "policy" => {
            let greyed = js(
                client,
                "return document.querySelectorAll('#policy tr.muted').length",
            )
            .await?;
            assert!(greyed.as_i64() >= Some(1), "a greyed policy row: {greyed}");
        }
        "checklist" => assert!(
            m["buttons"].as_i64() >= Some(1),
            "an action on the checklist {m}"
        ),
        _ => {}
    }
    Ok(())
}

/// On a phone the menu opens with a tap and shows the current page marked.
async fn menu_opens(client: &Client, name: &str) -> Result<(), CmdError> {
    client
        .find(Locator::Id("menu-toggle"))
        .await?
        .click()
        .await?;
    let opened = js(client, MEASURE).await?;
    assert!(opened["nav"] == true, "{name}: the menu opens {opened}");
    assert!(
        opened["current"].is_string(),
        "{name}: current page marked {opened}"
    );
    Ok(())
}
