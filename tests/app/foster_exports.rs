//! The families and placements lists with their filters, and their downloads through the shared
//! export pattern (issue 17 point 6): the filtered rows exactly, Chinese column names, dates as dates,
//! phone and archive numbers as text, audited; another institution's families never appear; a
//! caregiver gets 403.

use crate::foster_pages::create_family;
use crate::support::*;
use actix_web::test;

/// The first sheet's rows (header first).
fn sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    xlsx_sheets(bytes).remove(0).1
}

/// Whether the cell at (row, col) of the first sheet is a real date cell.
fn is_date_cell(bytes: &[u8], row: usize, col: usize) -> bool {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    matches!(range.get((row, col)), Some(Data::DateTime(_)))
}

#[actix_web::test]
async fn foster_families_list_filters_and_downloads_exactly_the_filtered_rows() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // Another institution's family: never in 长春's list or download.
    let mut other = login(&app, "head.na").await;
    create_family(&app, &mut other).await;
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, "/foster?stage=signed").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("王建国家庭") && page.body.contains("刘志强家庭"));
    assert!(!page.body.contains("陈丽家庭"), "filtered out: assessed");
    assert!(page.body.contains("format=xlsx") && page.body.contains("stage=signed"));
    let f = head.fetch(&app, "/foster?stage=signed&format=xlsx").await;
    assert_eq!(f.status, 200);
    let rows = sheet(&f.bytes);
    assert_eq!(rows[0][1], "家庭名称", "{:?}", rows[0]);
    assert!(rows[0].contains(&"联系电话".to_string()));
    let names: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        vec!["刘志强家庭", "王建国家庭"],
        "exactly the signed ones"
    );
    // The phone stays text; the caregiver's birth date is a date cell.
    let phone = rows[0].iter().position(|h| h == "联系电话").unwrap();
    assert_eq!(rows[1][phone], "0431-80000000");
    assert!(is_date_cell(&f.bytes, 1, 3));
    // The text filter, as CSV: only 陈丽家庭.
    let f = head
        .fetch(&app, "/foster?q=%E9%99%88%E4%B8%BD&format=csv")
        .await;
    assert_eq!(f.status, 200);
    let text = String::from_utf8_lossy(&f.bytes);
    assert!(
        text.contains("陈丽家庭") && !text.contains("王建国家庭"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "header and one row: {text}");
    // The other institution's family is absent from the unfiltered download too.
    let all = sheet(&head.fetch(&app, "/foster?format=xlsx").await.bytes);
    assert_eq!(all.len() - 1, 4, "the four demo families of 长春: {all:?}");
    // Bad filter values are 400s naming the field; a caregiver has no foster list.
    let bad = head.fetch(&app, "/foster?format=pdf").await;
    assert_eq!(bad.status, 400);
    assert!(String::from_utf8_lossy(&bad.bytes).contains("format"));
    assert_eq!(head.fetch(&app, "/foster?stage=nope").await.status, 400);
    let mut carer = login(&app, "caregiver.cc").await;
    assert_eq!(carer.get(&app, "/foster?format=xlsx").await.status, 403);
    let mut c = t.conn();
    assert!(audit_count(&mut c, "export", "success") >= 3);
}

#[actix_web::test]
async fn foster_placements_list_filters_and_downloads() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut social = login(&app, "social.cc").await;
    let page = social.get(&app, "/foster/placements").await;
    assert_eq!(page.status, 200);
    // Demo: 王建国家庭 one open, 刘志强家庭 one ended and one open.
    assert_eq!(page.body.matches("id=\"placement-row-").count(), 3);
    let ended = social.get(&app, "/foster/placements?state=ended").await;
    assert_eq!(ended.body.matches("id=\"placement-row-").count(), 1);
    let f = social
        .fetch(&app, "/foster/placements?state=ended&format=xlsx")
        .await;
    assert_eq!(f.status, 200);
    let rows = sheet(&f.bytes);
    assert_eq!(rows.len(), 2, "header and the ended placement: {rows:?}");
    assert_eq!(rows[0][4], "档案号");
    assert_eq!(rows[1][1], "刘志强家庭");
    assert!(!rows[1][7].is_empty(), "the end date");
    assert!(is_date_cell(&f.bytes, 1, 5) && is_date_cell(&f.bytes, 1, 7));
    // The archive number is text (a leading zero or letters survive).
    assert!(!rows[1][4].is_empty());
    // Placed from tomorrow: nothing; open: two, as CSV.
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    let tomorrow = today.succ_opt().unwrap();
    let none = social
        .fetch(
            &app,
            &format!("/foster/placements?from={tomorrow}&format=csv"),
        )
        .await;
    assert_eq!(String::from_utf8_lossy(&none.bytes).lines().count(), 1);
    let open = social
        .fetch(&app, "/foster/placements?state=open&format=csv")
        .await;
    assert_eq!(String::from_utf8_lossy(&open.bytes).lines().count(), 3);
    assert_eq!(
        social
            .fetch(&app, "/foster/placements?from=2026-13-01")
            .await
            .status,
        400
    );
    // Another institution sees none of 长春's placements; a caregiver gets 403.
    let mut other = login(&app, "head.na").await;
    let theirs = other.get(&app, "/foster/placements").await;
    assert_eq!(theirs.status, 200);
    assert!(!theirs.body.contains("placement-row-"));
    let mut carer = login(&app, "caregiver.cc").await;
    assert_eq!(carer.get(&app, "/foster/placements").await.status, 403);
}
