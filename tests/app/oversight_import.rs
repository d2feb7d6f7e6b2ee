//! The Excel import of an institution's child list (issue 17 point 5): a 2,000-row file with 20 bad
//! rows shows the dry run and then imports exactly the good rows (archive numbers, audit rows,
//! completeness tasks); bad files give a clear report and import nothing; scope and permissions.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{audit_log, children, tasks};
use rust_xlsxwriter::{Format, Workbook};

const HEADERS: [&str; 11] = [
    "姓名*",
    "性别*",
    "出生日期*",
    "身份证号",
    "户籍状态*",
    "入院日期*",
    "入院类别*",
    "案件类型*",
    "保障类别*",
    "民族",
    "发现地点",
];

/// One row's cells as the test writes them.
#[derive(Clone)]
enum V {
    S(String),
    /// A real date cell (number with a date format).
    D(chrono::NaiveDate),
    /// A bare number (an Excel serial, or an ID number typed as a number).
    N(f64),
    F(String),
}

fn s(x: &str) -> V {
    V::S(x.to_string())
}

fn xlsx(sheet: &str, headers: &[&str], rows: &[Vec<V>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v {
                V::S(x) => ws.write_string(r, c, x).map(|_| ()),
                V::D(d) => ws.write_datetime_with_format(r, c, *d, &date).map(|_| ()),
                V::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                V::F(f) => ws.write_formula(r, c, f.as_str()).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// A GB 11643 ID number for a birth date (sequence odd for boys).
fn id_number(birth: chrono::NaiveDate, seq: u32, male: bool) -> String {
    let seq = seq % 500 * 2 + u32::from(male);
    let body = format!("220102{}{seq:03}", birth.format("%Y%m%d"));
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(w)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!(
        "{body}{}",
        "10X98765432".chars().nth((sum % 11) as usize).unwrap()
    )
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A good row `i`: a unique name, dates written in the four ways a user's file has them.
fn good_row(i: usize) -> Vec<V> {
    const A: [&str; 10] = ["赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈"];
    const B: [&str; 20] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "春", "夏", "秋", "冬", "东",
        "南", "西", "北", "中", "和",
    ];
    let name = format!("{}{}{}", A[i % 10], B[(i / 10) % 20], B[(i / 200) % 20]);
    let birth = d(2012, 1, 1) + chrono::Duration::days(i as i64);
    let male = i.is_multiple_of(2);
    let birth_cell = match i % 4 {
        0 => V::D(birth),
        1 => V::S(birth.to_string()),
        2 => V::S(birth.format("%Y/%-m/%-d").to_string()),
        _ => V::N((birth - d(1899, 12, 30)).num_days() as f64),
    };
    let id = if i.is_multiple_of(10) {
        id_number(birth, i as u32, male)
    } else {
        String::new()
    };
    vec![
        V::S(name),
        s(if male { "男" } else { "F" }),
        birth_cell,
        V::S(id),
        s("待落户"),
        V::S("2020-06-01".into()),
        s("2018-unidentified"),
        s("abandoned"),
        s("orphan-institution"),
        s("汉族"),
        s("长春市"),
    ]
}

fn multipart(token: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----fuyuimportboundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"children.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload<S, B>(app: &S, b: &mut Browser, file: &[u8]) -> Page
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    b.get(app, "/oversight/import").await;
    let (ctype, body) = multipart(&b.csrf, file);
    let req = test::TestRequest::post()
        .uri("/oversight/import")
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            b.cookie.clone().unwrap(),
        ))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request();
    let p = send(app, req).await;
    match p.location.clone() {
        Some(to) if p.status == 303 => b.get(app, &to).await,
        _ => p,
    }
}

fn dd(body: &str, id: &str) -> i64 {
    body.split(&format!("id=\"{id}\">"))
        .nth(1)
        .and_then(|x| x.split('<').next())
        .and_then(|x| x.split_whitespace().next())
        .and_then(|x| x.parse().ok())
        .unwrap_or(-1)
}

fn count_children(t: &TestApp) -> i64 {
    children::table.count().get_result(&mut t.conn()).unwrap()
}

#[actix_web::test]
async fn a_2000_row_file_with_20_bad_rows_imports_exactly_the_good_rows() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut rows: Vec<Vec<V>> = (0..2000).map(good_row).collect();
    // 20 bad rows, each refused for a reason the report names by row and column.
    let bad: Vec<usize> = (0..20).map(|k| 37 + k * 97).collect();
    for (k, &i) in bad.iter().enumerate() {
        let r = &mut rows[i];
        match k % 6 {
            0 => r[0] = s(""),                                   // 姓名 required
            1 => r[2] = s("三月四日"),                           // not a date
            2 => r[6] = s("不存在的类别"),                       // not a category
            3 => r[5] = s("2011-01-01"),                         // intake before birth
            4 => r[3] = s("220102201201010011"),                 // bad check digit / birth mismatch
            _ => r[3] = V::S(id_number(d(2012, 1, 1), 0, true)), // same ID as row 2 (i = 0)
        }
    }
    // Possible duplicates (warnings, imported anyway): a name + birth date repeated in the file.
    rows[1999][0] = rows[1995][0].clone();
    rows[1999][2] = V::S((d(2012, 1, 1) + chrono::Duration::days(1995)).to_string());
    rows[1999][1] = s("男");
    let file = xlsx("儿童名单", &HEADERS, &rows);

    let before = count_children(&t);
    let mut head = login(&app, "head.cc").await;
    let started = std::time::Instant::now();
    let report = upload(&app, &mut head, &file).await;
    let dry = started.elapsed();
    assert_eq!(
        report.status,
        200,
        "{}",
        &report.body[..report.body.len().min(2000)]
    );
    assert_eq!(dd(&report.body, "rows-total"), 2000);
    assert_eq!(dd(&report.body, "rows-good"), 1980, "{}", report.body);
    assert_eq!(dd(&report.body, "rows-bad"), 20);
    assert!(dd(&report.body, "rows-warned") >= 1);
    assert!(
        report.body.contains("与第 1997 行相同"),
        "name + birth date within the file"
    );
    // Every bad row is named with its Excel row number (data row i is Excel row i + 2).
    let errors = report.body.split("id=\"import-errors\"").nth(1).unwrap();
    for &i in &bad {
        assert!(
            errors.contains(&format!("<td class=\"num\">{}</td>", i + 2)),
            "row {}",
            i + 2
        );
    }
    assert!(errors.contains("「三月四日」不是日期"));
    assert!(errors.contains("身份证号与第 2 行相同"));
    assert_eq!(count_children(&t), before, "the dry run admits nobody");

    let audits_before: i64 = audit_log::table
        .filter(audit_log::action.eq("create"))
        .filter(audit_log::resource_type.eq("child"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let id = report
        .body
        .split("action=\"/oversight/import/")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap()
        .to_string();
    let started = std::time::Instant::now();
    let path = format!("/oversight/import/{id}");
    let done = head.post(&app, &path, &[]).await;
    // The import runs on after the answer: the report page shows how far it is until it ends.
    assert_eq!(done.status, 303);
    assert_eq!(done.location.as_deref(), Some(path.as_str()));
    let first = head.get(&app, &path).await;
    assert!(
        first.body.contains("id=\"import-progress\""),
        "{}",
        first.body
    );
    assert!(first.body.contains("max=\""));
    assert!(first.body.contains("/static/reload.js"));
    // A second click while it runs: back to the progress, nothing started twice.
    assert_eq!(head.post(&app, &path, &[]).await.status, 303);
    let mut seen: Vec<i64> = Vec::new();
    let page = loop {
        let p = head.get(&app, &path).await;
        if !p.body.contains("id=\"import-progress\"") {
            break p;
        }
        seen.push(
            p.body
                .split("<progress id=\"import-progress\" value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap(),
        );
        assert!(started.elapsed().as_secs() < 600, "the import never ended");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let took = started.elapsed();
    println!("2,000 rows: dry run {dry:?}, import {took:?}; progress read {seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {seen:?}"
    );
    let max: i64 = first
        .body
        .split("max=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(seen.iter().all(|n| *n <= max.max(2000)));
    assert!(
        page.body.contains("id=\"import-notice\""),
        "the outcome, once"
    );
    assert!(!head
        .get(&app, &path)
        .await
        .body
        .contains("id=\"import-notice\""));
    assert_eq!(count_children(&t), before + 1980, "exactly the good rows");
    let audits: i64 = audit_log::table
        .filter(audit_log::action.eq("create"))
        .filter(audit_log::resource_type.eq("child"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audits - audits_before, 1980, "an audit row per child");
    // Every imported child has an archive number and its completeness task, as through the form.
    let imported: Vec<(i64, String)> = children::table
        .order(children::id.desc())
        .limit(1980)
        .select((children::id, children::archive_no))
        .load(&mut t.conn())
        .unwrap();
    assert!(imported.iter().all(|(_, no)| !no.is_empty()));
    let keys: Vec<String> = imported
        .iter()
        .map(|(id, _)| format!("archive.incomplete.{id}"))
        .collect();
    let with_task: i64 = tasks::table
        .filter(tasks::dedupe_key.eq_any(&keys))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(with_task, 1980);
    let page = head.get(&app, &format!("/oversight/import/{id}")).await;
    assert_eq!(dd(&page.body, "imported-count"), 1980);
    // Importing the same file again is refused (409), nothing added.
    let again = head
        .post(&app, &format!("/oversight/import/{id}"), &[])
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(count_children(&t), before + 1980);
}

#[actix_web::test]
async fn bad_files_give_a_clear_report_and_import_nothing() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let before = count_children(&t);
    let mut head = login(&app, "head.cc").await;
    let good = vec![good_row(1)];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not an xlsx",
            b"PK\x03\x04 not really a zip".to_vec(),
            "这不是 XLSX 工作簿",
        ),
        ("a pdf", b"%PDF-1.4\n".to_vec(), "这不是 XLSX 工作簿"),
        (
            "wrong sheet",
            xlsx("Sheet1", &HEADERS, &good),
            "找不到工作表「儿童名单」",
        ),
        (
            "wrong columns",
            xlsx("儿童名单", &["名字", "性别", "出生日期"], &good),
            "缺少必填列",
        ),
        ("no rows", xlsx("儿童名单", &HEADERS, &[]), "没有数据行"),
    ];
    for (what, file, says) in cases {
        let p = upload(&app, &mut head, &file).await;
        assert_eq!(p.status, 200, "{what}");
        assert!(p.body.contains(says), "{what}: {}", p.body);
        assert!(p.body.contains("id=\"file-problems\""), "{what}");
        assert!(
            !p.body.contains("id=\"import-confirm\""),
            "{what}: nothing to import"
        );
    }
    let wrong = upload(
        &app,
        &mut head,
        &xlsx("儿童名单", &["名字", "性别", "出生日期"], &good),
    )
    .await;
    assert!(wrong.body.contains("无法识别的列：名字"));

    // Cell problems: a formula, an ID number stored as a number, an error-free but wrong flag.
    let mut r1 = good_row(2);
    r1[10] = V::F("=CONCATENATE(\"长\",\"春\")".into());
    let mut r2 = good_row(3);
    r2[3] = V::N(220102201201040011.0);
    let p = upload(
        &app,
        &mut head,
        &xlsx("儿童名单", &HEADERS, &[r1, r2, good_row(5)]),
    )
    .await;
    assert_eq!(dd(&p.body, "rows-bad"), 2, "{}", p.body);
    assert_eq!(dd(&p.body, "rows-good"), 1);
    assert!(p.body.contains("含公式"));
    assert!(p.body.contains("身份证号被存成了数字"));

    // 100,000 empty rows after the data (a file grown by formatting): ignored, the rows read.
    let mut many: Vec<Vec<V>> = vec![good_row(7)];
    many.extend((0..100_000).map(|_| vec![s(""); 3]));
    let p = upload(&app, &mut head, &xlsx("儿童名单", &HEADERS, &many)).await;
    assert_eq!(dd(&p.body, "rows-total"), 1, "empty rows are not rows");

    // Too large: refused before it is read to the end, with the limit named.
    let big = vec![b'x'; 10 * 1024 * 1024 + 1];
    let p = upload(&app, &mut head, &big).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("文件超过 10 MB"), "{}", p.body);
    assert_eq!(
        count_children(&t),
        before,
        "nothing imported by any bad file"
    );
}

#[actix_web::test]
async fn only_a_head_imports_and_only_into_their_institution() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for who in ["supervisor.cc", "social.cc", "caregiver.cc"] {
        let mut b = login(&app, who).await;
        assert_eq!(b.get(&app, "/oversight/import").await.status, 403, "{who}");
        assert_eq!(
            b.fetch(&app, "/oversight/import/template").await.status,
            403
        );
    }
    let mut head = login(&app, "head.cc").await;
    let tpl = head.fetch(&app, "/oversight/import/template").await;
    assert_eq!(tpl.status, 200);
    let sheets = xlsx_sheets(&tpl.bytes);
    assert_eq!(sheets[0].0, "儿童名单");
    assert_eq!(sheets[0].1[0][0], "姓名*");
    assert_eq!(sheets[1].0, "说明");
    // The template, filled in with one row, passes.
    let p = upload(
        &app,
        &mut head,
        &xlsx("儿童名单", &HEADERS, &[good_row(11)]),
    )
    .await;
    assert_eq!(dd(&p.body, "rows-good"), 1);
    let path = p
        .body
        .split("action=\"/oversight/import/")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .map(|id| format!("/oversight/import/{id}"))
        .unwrap();
    // Another institution's head: 404 for the report and the import.
    let mut other = login(&app, "head.na").await;
    assert_eq!(other.get(&app, &path).await.status, 404);
    assert_eq!(other.post(&app, &path, &[]).await.status, 404);
    // Without the CSRF token the upload is refused before the file is read.
    let (ctype, body) = multipart("wrong", b"x");
    let req = test::TestRequest::post()
        .uri("/oversight/import")
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            head.cookie.clone().unwrap(),
        ))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request();
    assert_eq!(send(&app, req).await.status, 403);
}
