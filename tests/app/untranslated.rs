//! Every page of the demo, as every demo user, in zh-CN: no raw code on the page. A code is a
//! lowercase word joined by `-`, `_` or `.` (`lt-unfindable`, `2018-parents-dead`,
//! `adoption.adopter_min_age`, `handed-over`) or an English state word shown alone (`accepted`).
//! Every such code must go through the catalogue before it reaches a Chinese page.

use crate::support::*;
use actix_web::test;
use std::collections::{BTreeSet, VecDeque};

/// Visible text of a page: scripts and styles dropped, tags removed, a few entities decoded.
fn visible_text(html: &str) -> String {
    let mut cleaned = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script").or_else(|| rest.find("<style")) {
        cleaned.push_str(&rest[..i]);
        let close = if rest[i..].starts_with("<script") {
            "</script>"
        } else {
            "</style>"
        };
        rest = match rest[i..].find(close) {
            Some(j) => &rest[i + j + close.len()..],
            None => "",
        };
    }
    cleaned.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for ch in cleaned.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
}

/// The raw codes in a text.
fn codes_in(text: &str, known: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        // E-mail addresses and file names are data, not codes.
        if word.contains('@') {
            continue;
        }
        for token in word.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))) {
            let token = token.trim_matches(|c: char| "-_.".contains(c));
            if token.is_empty() {
                continue;
            }
            let lower = token.chars().all(|c| !c.is_ascii_uppercase());
            let letters = token.chars().any(|c| c.is_ascii_lowercase());
            let joined = token.contains(['-', '_', '.']);
            let file = [".pdf", ".csv", ".png", ".jpg"]
                .iter()
                .any(|e| token.ends_with(e));
            if (lower && letters && joined && !file) || known.contains(token) {
                found.push(token.to_string());
            }
        }
    }
    found
}

/// The state words and role codes that would be raw English on a Chinese page.
fn known_codes() -> BTreeSet<String> {
    let mut k = BTreeSet::new();
    for s in fuyu::transfer::rules::BatchState::ALL {
        k.insert(s.code().to_string());
    }
    for s in fuyu::transfer::rules::ItemState::ALL {
        k.insert(s.code().to_string());
    }
    for r in fuyu::auth::ALL_ROLES {
        k.insert(r.code().to_string());
    }
    for s in fuyu::archive::ChildStatus::ALL {
        k.insert(s.code().to_string());
    }
    for c in fuyu::archive::rules::ALL_CASE_TYPES {
        k.insert(c.code().to_string());
    }
    for c in fuyu::archive::rules::DISCHARGE_REASONS
        .iter()
        .chain(fuyu::archive::rules::SECTIONS.iter())
        .chain(fuyu::archive::rules::DOCUMENT_TYPES.iter())
    {
        k.insert(c.to_string());
    }
    k
}

fn crawlable(href: &str) -> bool {
    // The extension is the path's, not the query's (`/shift/mar/1.pdf?month=…`, `/x?format=csv`).
    let path = href.split('?').next().unwrap_or(href);
    let href_path = path;
    href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/static")
        && !href.starts_with("/lang/")
        && !href.starts_with("/api/")
        && !href.contains("/documents/")
        && !href_path.ends_with(".pdf")
        && !href_path.ends_with(".csv")
        // Workbooks are downloads, not pages (`….xlsx`, `…/download?format=xlsx`).
        && !href_path.ends_with(".xlsx")
        && !href.contains("format=xlsx")
}

fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .filter(|h| crawlable(h))
        .collect()
}

#[actix_web::test]
async fn no_raw_codes_on_any_chinese_page_for_any_role() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let known = known_codes();
    // Usernames are how people are named on admin pages: data, not codes.
    let usernames: BTreeSet<String> = fuyu::demo::ACCOUNTS
        .iter()
        .map(|a| a.0.to_string())
        .collect();
    let mut problems = Vec::new();
    let mut pages = 0;
    for user in fuyu::demo::ACCOUNTS.iter().map(|a| a.0) {
        let mut b = login(&app, user).await;
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from(["/".to_string()]);
        // Each distinct page shape once: /children/12 and /children/13 are the same template.
        let mut shapes = BTreeSet::new();
        while let Some(path) = queue.pop_front() {
            if seen.len() >= 60 || !seen.insert(path.clone()) {
                continue;
            }
            let shape: String = path
                .split(['/', '?', '&', '='])
                .map(|p| {
                    if p.chars().all(|c| c.is_ascii_digit()) {
                        "#"
                    } else {
                        p
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            if !shapes.insert(shape) {
                continue;
            }
            let p = b.get(&app, &path).await;
            if p.status != 200 {
                continue;
            }
            pages += 1;
            for code in codes_in(&visible_text(&p.body), &known) {
                if !usernames.contains(&code) {
                    problems.push(format!("{user} {path}: {code}"));
                }
            }
            queue.extend(links(&p.body));
        }
    }
    assert!(pages > 40, "the crawl reached {pages} pages");
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "raw codes on Chinese pages:\n{}",
        problems.join("\n")
    );
}

#[::core::prelude::v1::test]
fn the_code_detector_finds_codes_and_leaves_data_alone() {
    let known = known_codes();
    let text = "2018-unidentified · abandoned lt-unfindable → accepted 张三 CC-CWI-2020-00001 \
                2026-11-24 head.cc@fuyu.invalid report.pdf 档案";
    let found = codes_in(text, &known);
    assert_eq!(
        found,
        [
            "2018-unidentified",
            "abandoned",
            "lt-unfindable",
            "accepted"
        ]
    );
}
