//! The page chrome every page shares (the skip link, the collapsible menu, the current page marked in
//! the navigation) and the list markup the phone layout relies on. What the layout looks like at phone
//! and desk width is checked in the browser (browser_pages.rs).

use crate::support::*;
use actix_web::test::init_service;
use fuyu::web::current_entry;

#[test]
fn the_current_entry_is_the_longest_parent_of_the_path() {
    let nav = [
        "/",
        "/children",
        "/archive/quality",
        "/transfers",
        "/transfers/oversight",
    ];
    assert_eq!(current_entry(&nav, "/"), Some(0));
    assert_eq!(current_entry(&nav, "/children"), Some(1));
    assert_eq!(current_entry(&nav, "/children/42/edit"), Some(1));
    assert_eq!(current_entry(&nav, "/transfers/7/children/3"), Some(3));
    assert_eq!(current_entry(&nav, "/transfers/oversight"), Some(4));
    assert_eq!(
        current_entry(&nav, "/childrenx"),
        None,
        "a prefix is not a parent"
    );
    assert_eq!(current_entry(&nav, "/account"), None, "home only on itself");
}

/// The `<a …>` tags in the navigation of `body` that carry aria-current.
fn marked(body: &str) -> Vec<String> {
    let nav = &body[body.find("<nav").unwrap_or(0)..body.find("</nav>").unwrap_or(body.len())];
    nav.split("<a ")
        .filter(|a| a.contains("aria-current=\"page\""))
        .map(|a| a[..a.find('>').unwrap_or(a.len())].to_string())
        .collect()
}

#[actix_web::test]
async fn every_page_has_a_skip_link_and_marks_the_current_page() {
    let t = TestApp::new();
    let app = init_service(fuyu::build_app(t.data())).await;
    let anon = Browser::anonymous().get(&app, "/login").await;
    assert!(anon
        .body
        .contains("<a class=\"skip-link\" href=\"#main\" id=\"skip-link\">跳到正文</a>"));
    assert!(anon.body.contains("<main id=\"main\""));
    let mut b = login(&app, "head.cc").await;
    let list = b.get(&app, "/children").await;
    assert_eq!(
        marked(&list.body),
        vec!["href=\"/children\" aria-current=\"page\""]
    );
    assert!(list.body.contains(
        "<details class=\"menu desk-open\" id=\"menu\"><summary id=\"menu-toggle\">菜单</summary>"
    ));
    let child = list
        .body
        .split("<td class=\"main name\"><a href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a child's name is the link")
        .to_string();
    let page = b.get(&app, &child).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        marked(&page.body),
        vec!["href=\"/children\" aria-current=\"page\""]
    );
    let home = b.get(&app, "/").await;
    assert_eq!(marked(&home.body), vec!["href=\"/\" aria-current=\"page\""]);
    let account = b.get(&app, "/account").await;
    assert_eq!(
        marked(&account.body),
        vec!["href=\"/account\" aria-current=\"page\""]
    );
}

#[actix_web::test]
async fn list_rows_are_cards_with_name_link_photo_age_and_category() {
    let t = TestApp::new();
    let app = init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "head.cc").await;
    let list = b.get(&app, "/children").await;
    let rows: Vec<&str> = list.body.split("<tr class=\"child-row").skip(1).collect();
    assert!(rows.len() >= 10, "a page of children");
    for r in &rows {
        assert!(
            r.contains("<td class=\"main name\"><a href=\"/children/"),
            "name link: {r}"
        );
        assert!(
            r.contains("<td class=\"meta no\">CC-CWI-"),
            "archive number: {r}"
        );
        assert!(
            r.contains("岁</td>") || r.contains("个月</td>"),
            "age with its unit: {r}"
        );
        assert!(r.contains("<td class=\"status\">"), "status: {r}");
    }
    let photo = rows
        .iter()
        .find_map(|r| r.split("<img src=\"").nth(1)?.split('"').next())
        .expect("a thumbnail");
    let img = b.fetch(&app, photo).await;
    assert_eq!(
        img.status, 200,
        "the thumbnail is the child's photo document"
    );
    assert!(
        img.content_type.starts_with("image/"),
        "{}",
        img.content_type
    );
    assert!(
        rows.iter().any(|r| r.starts_with(" no-photo")),
        "a child without a photo"
    );
    let transfers = b.get(&app, "/transfers").await;
    assert!(transfers
        .body
        .contains("<table id=\"transfers\" class=\"cards\">"));
    assert!(
        transfers.body.contains("〔") && transfers.body.contains("号</a>"),
        "the formal reference is the link"
    );
}
