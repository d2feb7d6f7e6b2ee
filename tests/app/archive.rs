//! The per-child archive end to end: intake rules, scope and permission, history, discharge, documents,
//! search, restricted views, borrowing, completeness, print and the API.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::archive::rules::id_check_char;
use fuyu::db::schema::{audit_log as a, child_changes, child_documents, children};

fn id_for(region: &str, birth: &str, seq3: &str) -> String {
    let first = format!("{region}{birth}{seq3}");
    format!("{first}{}", id_check_char(&first).unwrap())
}

/// A valid intake of 张小明 (born 2020-05-01, male, abandoned, found 2026-11-01).
fn intake_fields(id_number: &str) -> Vec<(&'static str, String)> {
    vec![
        ("intake_date", "2026-11-20".into()),
        ("intake_category", "lt-unfindable".into()),
        ("case_type", "abandoned".into()),
        ("legal_name", "张小明".into()),
        ("sex", "M".into()),
        ("birth_date", "2020-05-01".into()),
        ("ethnicity", "汉族".into()),
        ("id_number", id_number.into()),
        ("hukou_status", "registered".into()),
        ("hukou_place", "长春市二道区".into()),
        ("found_date", "2026-11-01".into()),
        ("found_place", "长春站候车室".into()),
        ("found_by", "站前派出所".into()),
        ("police_report_no", "捡字〔2026〕17号".into()),
        ("guardian_department", "长春市民政局".into()),
        ("allowance_category", "de-facto-unsupported".into()),
        ("wc_de_facto", "1".into()),
    ]
}

fn with(fields: &[(&'static str, String)], key: &str, value: &str) -> Vec<(&'static str, String)> {
    let mut v: Vec<_> = fields.iter().filter(|(k, _)| *k != key).cloned().collect();
    if let Some(k) = fields.iter().find(|(k, _)| *k == key).map(|(k, _)| *k) {
        v.push((k, value.to_string()));
    }
    v
}

fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

fn count_children(t: &TestApp) -> i64 {
    children::table.count().get_result(&mut t.conn()).unwrap()
}

fn child_id(t: &TestApp, name: &str) -> i64 {
    children::table
        .filter(children::legal_name.eq(name))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

fn other_institution_child(t: &TestApp, code: &str) -> i64 {
    use fuyu::db::schema::institutions as i;
    children::table
        .inner_join(i::table)
        .filter(i::code.eq(code))
        .filter(children::status.eq("active"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn intake_assigns_archive_number_and_audits() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    let good = intake_fields(&id_for("220102", "20200501", "123"));
    let p = s.post(&app, "/children", &refs(&good)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = child_id(&t, "张小明");
    let no: String = children::table
        .find(id)
        .select(children::archive_no)
        .first(&mut t.conn())
        .unwrap();
    assert!(no.starts_with("CC-CWI-2026-"), "{no}");
    let page = s.get(&app, &format!("/children/{id}")).await;
    assert!(
        page.body.contains(&no) && page.body.contains("长期监护：查找不到父母或其他监护人 · A")
    );
    assert!(
        page.body.contains("✗ 捡拾报案证明"),
        "required documents listed as missing"
    );
    let views: i64 = a::table
        .filter(a::action.eq("view"))
        .filter(a::record_id.eq(id.to_string()))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(views, 1, "viewing is audited");
    // (The adulthood demo admits its young people through the intake, audited too: count this child's.)
    let creates: i64 = a::table
        .filter(a::action.eq("create"))
        .filter(a::resource_type.eq("child"))
        .filter(a::record_id.eq(id.to_string()))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(creates, 1);
    // The audit detail never carries the name or the ID number.
    let details: Vec<String> = a::table.select(a::detail).load(&mut t.conn()).unwrap();
    assert!(details
        .iter()
        .all(|d| !d.contains("张小明") && !d.contains("220102")));
}

#[actix_web::test]
async fn bad_intakes_are_refused_with_messages_and_nothing_written() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    let before = count_children(&t);
    let good_id = id_for("220102", "20200501", "123");
    let mut wrong_check = good_id.clone();
    wrong_check.replace_range(17..18, if good_id.ends_with('0') { "1" } else { "0" });
    let cases: Vec<(Vec<(&'static str, String)>, &str)> = vec![
        (
            with(&intake_fields(&good_id), "id_number", &wrong_check),
            "校验码不正确",
        ),
        (
            with(&intake_fields(&good_id), "birth_date", "2020-05-02"),
            "出生日期不一致",
        ),
        (with(&intake_fields(&good_id), "sex", "F"), "性别不一致"),
        (
            with(&intake_fields(""), "birth_date", "2027-01-01"),
            "不能是将来",
        ),
        (
            with(&intake_fields(""), "intake_date", "2020-01-01"),
            "不能晚于入院日期",
        ),
        (
            with(&intake_fields(""), "intake_category", "2018-unidentified"),
            "不适用",
        ),
        (
            with(&intake_fields(""), "case_type", "parents-dead"),
            "不一致",
        ),
        (
            with(
                &with(&intake_fields(""), "case_type", "street-child"),
                "found_date",
                "2026-09-01",
            ),
            "超过 3 个月",
        ),
    ];
    for (fields, msg) in cases {
        let p = s.post(&app, "/children", &refs(&fields)).await;
        assert_eq!(p.status, 422, "expected refusal: {msg}");
        assert!(p.body.contains(msg), "message {msg}");
        assert!(p.body.contains("value=\"张小明\""), "input kept");
    }
    assert_eq!(count_children(&t), before, "nothing written");
}

#[actix_web::test]
async fn categories_switch_on_the_revision_date() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    let base = intake_fields("");
    let old = with(
        &with(&base, "intake_date", "2026-03-31"),
        "intake_category",
        "2018-unidentified",
    );
    let old = with(&old, "found_date", "2026-03-20");
    assert_eq!(
        s.post(&app, "/children", &refs(&old)).await.status,
        303,
        "2018 category on 31 March 2026"
    );
    let new_on_old_day = with(
        &with(&base, "intake_date", "2026-03-31"),
        "found_date",
        "2026-03-20",
    );
    assert_eq!(
        s.post(&app, "/children", &refs(&new_on_old_day))
            .await
            .status,
        422,
        "revised category before 1 April"
    );
    let old_on_new_day = with(
        &with(&base, "intake_date", "2026-04-01"),
        "intake_category",
        "2018-unidentified",
    );
    let old_on_new_day = with(&old_on_new_day, "found_date", "2026-03-20");
    assert_eq!(
        s.post(&app, "/children", &refs(&old_on_new_day))
            .await
            .status,
        422,
        "2018 category from 1 April"
    );
}

#[actix_web::test]
async fn roles_and_scopes() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = other_institution_child(&t, "CC-CWI");
    let jl = other_institution_child(&t, "JL-CWI");
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/children/new").await.status, 403);
    assert_eq!(
        care.post(&app, "/children", &[("legal_name", "x")])
            .await
            .status,
        403
    );
    assert_eq!(
        care.post(
            &app,
            &format!("/children/{cc}/discharge"),
            &[("discharge_reason", "death"), ("version", "1")]
        )
        .await
        .status,
        403
    );
    assert_eq!(
        care.get(&app, &format!("/children/{cc}")).await.status,
        200,
        "caregivers read their institution's archives"
    );
    assert_eq!(
        care.get(&app, &format!("/children/{jl}")).await.status,
        404,
        "another institution's child does not exist for them"
    );
    assert_eq!(
        care.get(&app, &format!("/children/{jl}/archive.pdf"))
            .await
            .status,
        403
    );
    let mut head_jl = login(&app, "head.jl").await;
    assert_eq!(
        head_jl.get(&app, &format!("/children/{cc}")).await.status,
        404
    );
    assert_eq!(
        head_jl
            .get(&app, &format!("/children/{cc}/archive.pdf"))
            .await
            .status,
        404
    );
    assert_eq!(
        head_jl
            .get(&app, &format!("/children/{cc}/edit"))
            .await
            .status,
        404
    );
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, &format!("/children/{cc}")).await.status, 200);
    assert_eq!(
        sup.get(&app, &format!("/children/{jl}")).await.status,
        404,
        "outside the supervisor's division"
    );
    assert_eq!(
        sup.get(&app, &format!("/children/{cc}/edit")).await.status,
        403,
        "supervisors only read"
    );
    let mut admin = login(&app, "admin").await;
    assert_eq!(
        admin.get(&app, "/children").await.status,
        403,
        "the system admin sees no children's data"
    );
    let list = care.get(&app, "/children?status=all&per_page=200").await;
    assert!(!list.body.contains("JL-CWI-"), "lists are scoped");
}

#[actix_web::test]
async fn edits_keep_history_need_reasons_and_carry_the_version() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut s = login(&app, "social.cc").await;
    let form = s.get(&app, &format!("/children/{id}/edit")).await;
    assert_eq!(form.status, 200);
    let field = |name: &str| -> String {
        let Some(i) = form.body.find(&format!("name=\"{name}\"")) else {
            return String::new();
        };
        let tag = &form.body[i..i + form.body[i..].find('>').unwrap()];
        tag.find("value=\"")
            .map(|j| tag[j + 7..].split('"').next().unwrap().to_string())
            .unwrap_or_default()
    };
    let mut fields: Vec<(&'static str, String)> = [
        "legal_name",
        "former_names",
        "birth_date",
        "ethnicity",
        "id_number",
        "hukou_place",
        "found_date",
        "found_place",
        "found_by",
        "police_report_no",
        "disability_type",
        "disability_grade",
        "disability_cert_no",
        "guardian_department",
        "version",
    ]
    .iter()
    .map(|k| (*k, field(k)))
    .collect();
    let sel = |name: &str| -> String {
        let start = form.body.find(&format!("name=\"{name}\"")).unwrap();
        let seg = &form.body[start..];
        let end = seg.find("</select>").unwrap();
        let seg = &seg[..end];
        seg.find("\" selected")
            .map(|i| seg[..i].rsplit('"').next().unwrap().to_string())
            .unwrap_or_default()
    };
    for cb in [
        "name_provisional",
        "birth_date_estimated",
        "wc_orphan",
        "wc_de_facto",
        "wc_tekun",
        "wc_difficulty",
    ] {
        let i = form.body.find(&format!("name=\"{cb}\"")).unwrap();
        let tag = &form.body[i..i + form.body[i..].find('>').unwrap()];
        if tag.contains("checked") {
            fields.push((cb, "1".into()));
        }
    }
    let ta = form.body.find("name=\"health_at_intake\"").unwrap();
    let after = &form.body[ta..];
    let content = &after[after.find('>').unwrap() + 1..after.find("</textarea>").unwrap()];
    fields.push(("health_at_intake", content.to_string()));
    fields.push(("sex", sel("sex")));
    fields.push(("hukou_status", sel("hukou_status")));
    fields.push(("allowance_category", sel("allowance_category")));
    let changed = with(&fields, "ethnicity", "满族");
    let p = s
        .post(&app, &format!("/children/{id}"), &refs(&changed))
        .await;
    assert_eq!(p.status, 422, "correcting a recorded value needs a reason");
    assert!(
        p.body.contains("请说明理由"),
        "{}",
        p.body
            .split("field-error")
            .skip(1)
            .map(|x| x.chars().take(40).collect::<String>())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let mut with_reason = changed.clone();
    with_reason.push(("reason", "户口簿登记为满族".into()));
    let p = s
        .post(&app, &format!("/children/{id}"), &refs(&with_reason))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let hist = s.get(&app, &format!("/children/{id}?tab=history")).await;
    assert!(
        hist.body.contains("满族")
            && hist.body.contains("户口簿登记为满族")
            && hist.body.contains("陈社工")
    );
    let n: i64 = child_changes::table
        .filter(child_changes::child_id.eq(id))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1);
    // The same form again carries a stale version now.
    let again = with(&with_reason, "ethnicity", "回族");
    let p = s
        .post(&app, &format!("/children/{id}"), &refs(&again))
        .await;
    assert_eq!(p.status, 409);
    assert!(
        p.body.contains("id=\"stale\"") && p.body.contains("value=\"满族\""),
        "the current data is shown, not the stale input"
    );
    let eth: String = children::table
        .find(id)
        .select(children::ethnicity)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(eth, "满族", "stale edit wrote nothing");
}

#[actix_web::test]
async fn discharge_closes_the_archive() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    s.post(&app, "/children", &refs(&intake_fields(""))).await;
    let id = child_id(&t, "张小明");
    let overview = s.get(&app, &format!("/children/{id}")).await;
    // Discharge is its own page, linked from the archive, stating what it does.
    assert!(overview
        .body
        .contains(&format!("href=\"/children/{id}/discharge\"")));
    assert!(!overview.body.contains("id=\"discharge-form\""));
    let form = s.get(&app, &format!("/children/{id}/discharge")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("封存为只读") && form.body.contains("name=\"confirm\""));
    // Without the confirmation nothing happens, and what was typed stays.
    let p = s
        .post(
            &app,
            &format!("/children/{id}/discharge"),
            &[
                ("discharge_reason", "guardianship-restored"),
                ("discharge_date", "2026-11-22"),
                ("discharge_note", "父母恢复监护"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("请勾选确认"), "{}", p.body);
    assert!(p.body.contains("value=\"父母恢复监护\""));
    assert!(p.body.contains("value=\"guardianship-restored\" selected"));
    let p = s
        .post(
            &app,
            &format!("/children/{id}/discharge"),
            &[
                ("discharge_reason", "adult-placed"),
                ("discharge_date", "2026-11-23"),
                ("version", "1"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("年满18周岁"));
    let p = s
        .post(
            &app,
            &format!("/children/{id}/discharge"),
            &[
                ("discharge_reason", "guardianship-restored"),
                ("discharge_date", "2026-11-22"),
                ("version", "1"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = s.get(&app, &format!("/children/{id}")).await;
    assert!(page.body.contains("档案已封存") && !page.body.contains("id=\"edit-child\""));
    // The result is said once, at the top of the page it lands on.
    assert!(page.body.contains("id=\"flash\"") && page.body.contains("已办理离院"));
    let again = s.get(&app, &format!("/children/{id}")).await;
    assert!(
        !again.body.contains("id=\"flash\""),
        "a flash message shows once"
    );
    assert_eq!(
        s.get(&app, &format!("/children/{id}/edit")).await.status,
        400
    );
    let p = s
        .post(
            &app,
            &format!("/children/{id}"),
            &[("legal_name", "张小明"), ("version", "2")],
        )
        .await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("已离院封存"));
    let active = s.get(&app, "/children?q=zxm").await;
    assert!(
        !active.body.contains(&format!("/children/{id}\"")),
        "not in the active list"
    );
    let all = s.get(&app, "/children?q=zxm&status=all").await;
    assert!(all.body.contains(&format!("/children/{id}\"")));
}

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----fuyutestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, ctype, bytes)) = file {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload<S, B>(
    app: &S,
    b: &Browser,
    child: i64,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> Page
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (ctype, body) = multipart(fields, file);
    let req = test::TestRequest::post()
        .uri(&format!(
            "/children/{child}/documents?csrf_token={}",
            b.csrf
        ))
        .cookie(actix_web::cookie::Cookie::new(
            "fuyu_session",
            b.cookie.clone().unwrap(),
        ))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request();
    send(app, req).await
}

fn sample_pdf() -> Vec<u8> {
    let mut d = fuyu::pdf::Document::new("捡拾报案证明");
    d.push(fuyu::pdf::Block::Paragraph("测试".into()));
    fuyu::pdf::render(&d).unwrap()
}

#[actix_web::test]
async fn documents_are_checked_by_content_and_superseded_never_deleted() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut s = login(&app, "social.cc").await;
    s.get(&app, &format!("/children/{id}?tab=documents")).await;
    let docs = |t: &TestApp| -> i64 {
        child_documents::table
            .filter(child_documents::child_id.eq(id))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    let before = docs(&t);
    let pdf = sample_pdf();
    let meta = [
        ("section", "intake"),
        ("doc_type", "police-found-report"),
        ("title", "捡拾报案证明"),
        ("doc_date", "2026-11-01"),
        ("issuing_body", "站前派出所"),
    ];
    let p = upload(
        &app,
        &s,
        id,
        &meta,
        Some(("report.pdf", "application/pdf", &pdf)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(docs(&t), before + 1);
    let (new_id, sha): (i64, String) = child_documents::table
        .filter(child_documents::child_id.eq(id))
        .order(child_documents::id.desc())
        .select((child_documents::id, child_documents::sha256))
        .first(&mut t.conn())
        .unwrap();
    assert!(
        t.state
            .settings
            .uploads_dir()
            .join(&sha[..2])
            .join(&sha)
            .exists(),
        "stored by SHA-256"
    );
    // Download returns the same bytes and is audited.
    let got = s
        .get(&app, &format!("/children/{id}/documents/{new_id}"))
        .await;
    assert_eq!(got.status, 200);
    // Refusals: PNG bytes claiming to be a PDF; text; a path in the name; oversize.
    let png = fuyu::archive::demo::PNG_1X1;
    for (name, ctype, bytes, msg) in [
        (
            "report.pdf",
            "application/pdf",
            png,
            "内容与其声明的类型不符",
        ),
        (
            "notes.txt",
            "text/plain",
            b"hello world".as_slice(),
            "只接受 PDF、JPEG 或 PNG",
        ),
        (
            "../../etc/passwd.pdf",
            "application/pdf",
            pdf.as_slice(),
            "路径分隔符",
        ),
    ] {
        let p = upload(&app, &s, id, &meta, Some((name, ctype, bytes))).await;
        assert_eq!(p.status, 422, "{name}");
        assert!(p.body.contains(msg), "{msg}");
    }
    {
        let mut c = t.conn();
        fuyu::policy::insert(
            &mut c,
            "archive.upload_max_mb",
            "CN",
            "1",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            "test",
            true,
            None,
            start_time(),
        )
        .unwrap();
    }
    let mut big = pdf.clone();
    big.extend(std::iter::repeat_n(b' ', 1024 * 1024 + 10));
    let p = upload(
        &app,
        &s,
        id,
        &meta,
        Some(("big.pdf", "application/pdf", &big)),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("不能超过 1 MB"));
    assert_eq!(docs(&t), before + 1, "no refused file was recorded");
    // Supersede with a reason: the old one stays, marked.
    let replace = [
        ("section", "intake"),
        ("doc_type", "police-found-report"),
        ("title", "捡拾报案证明（更正）"),
        ("replaces", &new_id.to_string()),
        ("replace_reason", "原件日期有误"),
    ];
    let replace: Vec<(&str, &str)> = replace.iter().map(|(a, b)| (*a, *b)).collect();
    let p = upload(
        &app,
        &s,
        id,
        &replace,
        Some(("report2.pdf", "application/pdf", &pdf)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(docs(&t), before + 2, "nothing deleted");
    let reason: Option<String> = child_documents::table
        .find(new_id)
        .select(child_documents::superseded_reason)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(reason.as_deref(), Some("原件日期有误"));
    let page = s.get(&app, &format!("/children/{id}?tab=documents")).await;
    assert!(page.body.contains("已替换") && page.body.contains("原件日期有误"));
}

#[actix_web::test]
async fn search_by_characters_pinyin_initials_archive_and_id_number() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    let idn = id_for("220102", "20200501", "123");
    assert_eq!(
        s.post(&app, "/children", &refs(&intake_fields(&idn)))
            .await
            .status,
        303
    );
    let id = child_id(&t, "张小明");
    let no: String = children::table
        .find(id)
        .select(children::archive_no)
        .first(&mut t.conn())
        .unwrap();
    let enc = |q: &str| serde_urlencoded::to_string([("q", q)]).unwrap();
    for q in [
        "张小明",
        "小明",
        "zxm",
        "zhangxiaoming",
        "ZhangXiaoMing",
        no.as_str(),
        idn.as_str(),
    ] {
        let p = s.get(&app, &format!("/children?{}", enc(q))).await;
        assert!(
            p.body.contains(&format!("/children/{id}\"")),
            "found by {q}"
        );
    }
    let p = s.get(&app, &format!("/children?{}", enc("qqqqq"))).await;
    assert!(p.body.contains("共 0 名儿童"));
    let p = s.get(&app, "/children?age_band=6-11&per_page=200").await;
    assert!(
        p.body.contains(&format!("/children/{id}\"")),
        "aged 6 is in 6-11"
    );
    let p = s.get(&app, "/children?age_band=3-5&per_page=200").await;
    assert!(!p.body.contains(&format!("/children/{id}\"")));
    let p = s
        .get(&app, "/children?category=A&sort=name&per_page=5&page=2")
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("第 2 页"));
}

#[actix_web::test]
async fn restricted_sections_need_an_allowed_role_and_a_stated_purpose() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut head = login(&app, "head.cc").await;
    head.get(&app, &format!("/children/{id}")).await;
    let p = head
        .post(
            &app,
            &format!("/children/{id}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "收养保密")],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut care = login(&app, "caregiver.cc").await;
    let page = care
        .get(&app, &format!("/children/{id}?tab=documents"))
        .await;
    assert!(
        page.body.contains("本分区受限") && !page.body.contains("说明用途并查阅"),
        "caregivers cannot unlock"
    );
    let p = care
        .post(
            &app,
            &format!("/children/{id}/restricted"),
            &[("purpose", "好奇")],
        )
        .await;
    assert_eq!(p.status, 403);
    // adoption-secrecy opens to the head and the registrar (issue 13 point 5; docs/adoption.md).
    let mut s = login(&app, "head.cc").await;
    let page = s.get(&app, &format!("/children/{id}?tab=documents")).await;
    assert!(page.body.contains("说明用途并查阅"));
    let p = s
        .post(
            &app,
            &format!("/children/{id}/restricted"),
            &[("purpose", ""), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = s
        .post(
            &app,
            &format!("/children/{id}/restricted"),
            &[("purpose", "收养回访核对材料"), ("tab", "documents")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("本分区受限"));
    let detail: String = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("success"))
        .select(a::detail)
        .first(&mut t.conn())
        .unwrap();
    let denied: i64 = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("denied"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(denied, 1, "the refused attempt is audited");
    assert!(
        detail.contains("收养回访核对材料"),
        "the purpose is audited: {detail}"
    );
    // Restricted documents cannot be fetched around the purpose form.
    let doc: i64 = child_documents::table
        .filter(child_documents::child_id.eq(id))
        .filter(child_documents::section.eq("intake"))
        .select(child_documents::id)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        care.get(&app, &format!("/children/{id}/documents/{doc}"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn borrowing_requests_are_decided_by_the_head() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut s = login(&app, "social.cc").await;
    s.get(&app, &format!("/children/{id}?tab=access")).await;
    let p = s
        .post(
            &app,
            &format!("/children/{id}/requests"),
            &[("kind", "copy"), ("purpose", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = s
        .post(
            &app,
            &format!("/children/{id}/requests"),
            &[("kind", "copy"), ("purpose", "办理入学需复印户籍材料")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("等待院长审批"));
    assert_eq!(s.get(&app, "/archive/requests").await.status, 200);
    let mut head = login(&app, "head.cc").await;
    let list = head.get(&app, "/archive/requests").await;
    assert!(list.body.contains("办理入学需复印户籍材料"));
    let rid: i64 = fuyu::db::schema::archive_requests::table
        .select(fuyu::db::schema::archive_requests::id)
        .first(&mut t.conn())
        .unwrap();
    let p = s
        .post(
            &app,
            &format!("/archive/requests/{rid}"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(p.status, 403, "only the head decides");
    let p = head
        .post(
            &app,
            &format!("/archive/requests/{rid}"),
            &[
                ("decision", "approve"),
                ("note", "同意"),
                ("valid_until", "2026-11-30"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = head
        .post(
            &app,
            &format!("/archive/requests/{rid}"),
            &[("decision", "refuse")],
        )
        .await;
    assert_eq!(p.status, 409, "decided once");
    let n: i64 = a::table
        .filter(a::resource_type.eq("archive_request"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 2);
}

#[actix_web::test]
async fn quality_page_and_tasks_for_the_social_worker() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    let q = s.get(&app, "/archive/quality").await;
    assert_eq!(q.status, 200);
    assert!(q.body.contains("CC-CWI-") && !q.body.contains("JL-CWI-"));
    // The list is paged (issue 11): a count, page 1 of N; a page past the end is empty, an odd page
    // number shows the first page.
    let rows = |b: &str| b.matches("<tr><td><a href=\"/children/").count();
    assert!(q.body.contains("第 1 页，共 1 页"), "pager");
    assert!(rows(&q.body) > 0 && rows(&q.body) <= 100);
    let past = s.get(&app, "/archive/quality?page=9").await;
    assert_eq!((past.status, rows(&past.body)), (200, 0));
    let odd = s.get(&app, "/archive/quality?page=abc").await;
    assert_eq!((odd.status, rows(&odd.body)), (200, rows(&q.body)));
    let home = s.get(&app, "/").await;
    assert!(
        home.body.contains("补齐档案材料或关键信息"),
        "the daily pass gave the social worker tasks"
    );
    // Archives opened years ago are one counted backlog, not dozens of red alarms; each task names
    // the child and has a button to the archive.
    let body = &home.body;
    assert!(body.contains("id=\"backlog\"") && body.contains("积压待办"));
    let count_at = body.find("id=\"backlog-count\">").unwrap() + "id=\"backlog-count\">".len();
    let backlog: usize = body[count_at..]
        .split('<')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(backlog > 0);
    let overdue = body.matches("class=\"task task-overdue\"").count();
    assert!(
        overdue < backlog,
        "{overdue} overdue alarms, {backlog} in backlog"
    );
    assert!(body.contains("class=\"button\" href=\"/children/"));
    let mut care = login(&app, "caregiver.cc").await;
    assert!(!care
        .get(&app, "/")
        .await
        .body
        .contains("补齐档案材料或关键信息"));
}

#[actix_web::test]
async fn archive_pdf_has_cover_contents_facts_and_history() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    s.get(&app, "/children/new").await;
    s.post(&app, "/children", &refs(&intake_fields(""))).await;
    let id = child_id(&t, "张小明");
    let f = s.fetch(&app, &format!("/children/{id}/archive.pdf")).await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let bytes = f.bytes;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pdf"), &bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg(dir.path().join("a.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for s in [
        "儿童档案",
        "张小明",
        "CC-CWI-2026-",
        "目录",
        "入院",
        "社会工作",
        "基本情况",
        "修改记录摘要",
        "长春市儿童福利院",
    ] {
        assert!(text.contains(s), "{s} in PDF: {text}");
    }
    let prints: i64 = a::table
        .filter(a::action.eq("print"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(prints, 1);
}

#[actix_web::test]
async fn api_children_same_rules_scopes_and_audit() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (_, b) = api_token(&app, "social.cc", PW).await;
    let tok = b["token"].as_str().unwrap().to_string();
    let mut form: serde_json::Map<String, serde_json::Value> =
        intake_fields(&id_for("220102", "20200501", "123"))
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
            .collect();
    let post = |body: serde_json::Value, tok: &str| {
        test::TestRequest::post()
            .uri("/api/v1/children")
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .set_json(body)
            .to_request()
    };
    form.insert("birth_date".into(), "2020-05-02".into());
    let p = send(&app, post(serde_json::Value::Object(form.clone()), &tok)).await;
    assert_eq!(p.status, 422);
    let e: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(e["error"]["code"], "validation_failed");
    assert!(e["error"]["fields"]["id_number"].is_string());
    form.insert("birth_date".into(), "2020-05-01".into());
    let p = send(&app, post(serde_json::Value::Object(form.clone()), &tok)).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let child: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let id = child["id"].as_i64().unwrap();
    let (s, list) = api_get(&app, "/api/v1/children?q=zxm&per_page=5", &tok).await;
    assert_eq!(s, 200);
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id));
    let (s, one) = api_get(&app, &format!("/api/v1/children/{id}"), &tok).await;
    assert_eq!(
        (
            s,
            one["archive_no"].as_str().map(|s| s.starts_with("CC-CWI-"))
        ),
        (200, Some(true))
    );
    // Update with the version; then the same version again is stale.
    let mut upd = form.clone();
    upd.insert("version".into(), "1".into());
    upd.insert("former_names".into(), "小明".into());
    let put = |body: serde_json::Value| {
        test::TestRequest::put()
            .uri(&format!("/api/v1/children/{id}"))
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .set_json(body)
            .to_request()
    };
    assert_eq!(
        send(&app, put(serde_json::Value::Object(upd.clone())))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&app, put(serde_json::Value::Object(upd))).await.status,
        409
    );
    // Documents by multipart, and the PDF.
    let (ctype, body) = multipart(
        &[
            ("section", "medical"),
            ("title", "体检报告"),
            ("doc_type", "health-check"),
        ],
        Some(("exam.pdf", "application/pdf", &sample_pdf())),
    );
    let req = test::TestRequest::post()
        .uri(&format!("/api/v1/children/{id}/documents"))
        .insert_header(("Authorization", format!("Bearer {tok}")))
        .insert_header(("content-type", ctype))
        .set_payload(body)
        .to_request();
    assert_eq!(send(&app, req).await.status, 201);
    let (s, docs) = api_get(&app, &format!("/api/v1/children/{id}/documents"), &tok).await;
    assert_eq!(s, 200);
    assert_eq!(docs.as_array().unwrap().len(), 1);
    let req = test::TestRequest::get()
        .uri(&format!("/api/v1/children/{id}/archive.pdf"))
        .insert_header(("Authorization", format!("Bearer {tok}")))
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), 200);
    assert!(test::read_body(resp).await.starts_with(b"%PDF"));
    // Scope and permission.
    let jl = other_institution_child(&t, "JL-CWI");
    let (s, e) = api_get(&app, &format!("/api/v1/children/{jl}"), &tok).await;
    assert_eq!((s, e["error"]["code"].as_str()), (404, Some("not_found")));
    let (_, b) = api_token(&app, "caregiver.cc", PW).await;
    let care = b["token"].as_str().unwrap().to_string();
    assert_eq!(
        send(&app, post(serde_json::Value::Object(form), &care))
            .await
            .status,
        403
    );
    let views: i64 = a::table
        .filter(a::record_id.eq(id.to_string()))
        .filter(a::action.eq("view"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(views >= 2, "API reads are audited");
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    for p in [
        "/api/v1/children",
        "/api/v1/children/{id}",
        "/api/v1/children/{id}/documents",
        "/api/v1/children/{id}/archive.pdf",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p} described");
    }
}

#[actix_web::test]
async fn admins_define_restriction_kinds() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut admin = login(&app, "admin").await;
    let page = admin.get(&app, "/admin/restrictions").await;
    assert!(
        page.body.contains("adoption-secrecy"),
        "the built-in kind is listed"
    );
    let p = admin
        .post(
            &app,
            "/admin/restrictions",
            &[
                ("code", "health-privacy"),
                ("name", "病案保密"),
                ("hidden_sections", "medical, nowhere"),
                ("allowed_roles", "medical"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("value=\"病案保密\""));
    let p = admin
        .post(
            &app,
            "/admin/restrictions",
            &[
                ("code", "health-privacy"),
                ("name", "病案保密"),
                ("hidden_sections", "medical,rehab"),
                ("allowed_roles", "medical,head"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let id = other_institution_child(&t, "CC-CWI");
    let mut head = login(&app, "head.cc").await;
    head.get(&app, &format!("/children/{id}")).await;
    head.post(
        &app,
        &format!("/children/{id}/restrictions"),
        &[("kind", "health-privacy"), ("reason", "病情隐私")],
    )
    .await;
    let mut s = login(&app, "social.cc").await;
    let docs = s.get(&app, &format!("/children/{id}?tab=documents")).await;
    assert!(
        docs.body.contains("本分区受限"),
        "social workers are not in this kind's roles"
    );
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/admin/restrictions").await.status, 403);
}

#[actix_web::test]
async fn every_archive_route_hides_other_institutions_children() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = other_institution_child(&t, "CC-CWI");
    let doc: i64 = child_documents::table
        .filter(child_documents::child_id.eq(cc))
        .select(child_documents::id)
        .first(&mut t.conn())
        .unwrap();
    let mut head = login(&app, "head.jl").await;
    for path in [
        format!("/children/{cc}"),
        format!("/children/{cc}?tab=history"),
        format!("/children/{cc}/edit"),
        format!("/children/{cc}/archive.pdf"),
        format!("/children/{cc}/documents/{doc}"),
    ] {
        assert_eq!(head.get(&app, &path).await.status, 404, "GET {path}");
    }
    for (path, fields) in [
        (
            format!("/children/{cc}"),
            vec![("legal_name", "x"), ("version", "1")],
        ),
        (
            format!("/children/{cc}/discharge"),
            vec![
                ("discharge_reason", "death"),
                ("discharge_date", "2026-11-23"),
                ("version", "1"),
            ],
        ),
        (format!("/children/{cc}/restricted"), vec![("purpose", "x")]),
        (
            format!("/children/{cc}/restrictions"),
            vec![("kind", "adoption-secrecy"), ("reason", "x")],
        ),
        (
            format!("/children/{cc}/requests"),
            vec![("kind", "borrow"), ("purpose", "x")],
        ),
    ] {
        assert_eq!(
            head.post(&app, &path, &fields).await.status,
            404,
            "POST {path}"
        );
    }
    let p = upload(
        &app,
        &head,
        cc,
        &[("section", "medical"), ("title", "x")],
        Some(("a.pdf", "application/pdf", &sample_pdf())),
    )
    .await;
    assert_eq!(p.status, 404, "upload");
    let (_, b) = api_token(&app, "head.jl", PW).await;
    let tok = b["token"].as_str().unwrap().to_string();
    for path in [
        format!("/api/v1/children/{cc}"),
        format!("/api/v1/children/{cc}/documents"),
        format!("/api/v1/children/{cc}/archive.pdf"),
    ] {
        assert_eq!(api_get(&app, &path, &tok).await.0, 404, "API {path}");
    }
    let versions: i32 = children::table
        .find(cc)
        .select(children::version)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(versions, 1, "nothing changed");
}

#[actix_web::test]
async fn the_photo_appears_on_the_pdf_cover() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut s = login(&app, "social.cc").await;
    s.get(&app, &format!("/children/{id}?tab=documents")).await;
    let p = upload(
        &app,
        &s,
        id,
        &[
            ("section", "basic"),
            ("doc_type", "photo"),
            ("title", "近照"),
        ],
        Some(("photo.png", "image/png", fuyu::archive::demo::PNG_1X1)),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let bytes = s
        .fetch(&app, &format!("/children/{id}/archive.pdf"))
        .await
        .bytes;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pdf"), &bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdfimages"))
        .arg("-list")
        .arg(dir.path().join("a.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.lines().count() >= 3,
        "the photo is drawn on the cover: {list}"
    );
}

/// The archive's status change (for foster care): history row, audit row, version bump; out-of-scope
/// children are 404; a discharged archive refuses; discharge itself is not a status change.
#[actix_web::test]
async fn status_changes_through_the_interface_leave_history_and_audit() {
    use fuyu::archive::{set_status, ChildStatus};
    use fuyu::error::AppError;
    let t = TestApp::new();
    let head_cc = who(&t, "head.cc");
    let head_na = who(&t, "head.na");
    let mut c = t.conn();
    let (kid, version): (fuyu::archive::ChildId, i32) = children::table
        .filter(children::institution_id.eq(head_cc.user.institution_id.unwrap()))
        .filter(children::status.eq(ChildStatus::Active))
        // A child whose status never changed (the merged demo data move some through foster care).
        .filter(diesel::dsl::not(
            children::id.eq_any(
                child_changes::table
                    .filter(child_changes::field.eq("status"))
                    .select(child_changes::child_id),
            ),
        ))
        .order(children::id.asc())
        .select((children::id, children::version))
        .first(&mut c)
        .unwrap();
    // Another institution's head cannot touch it, and learns nothing about it.
    assert!(matches!(
        set_status(
            &mut c,
            &op(&t, &head_na),
            kid,
            ChildStatus::InFosterCare,
            "寄养"
        ),
        Err(AppError::NotFound)
    ));
    assert!(set_status(&mut c, &op(&t, &head_cc), kid, ChildStatus::Discharged, "x").is_err());
    set_status(
        &mut c,
        &op(&t, &head_cc),
        kid,
        ChildStatus::InFosterCare,
        "家庭寄养安置",
    )
    .unwrap();
    let (status, v2): (ChildStatus, i32) = children::table
        .find(kid)
        .select((children::status, children::version))
        .first(&mut c)
        .unwrap();
    assert_eq!(status, ChildStatus::InFosterCare);
    assert_eq!(v2, version + 1);
    let change: (String, String, String) = child_changes::table
        .filter(child_changes::child_id.eq(kid))
        .filter(child_changes::field.eq("status"))
        // The latest: the merged demo data give some children earlier status changes (a foster
        // placement that ended), and PostgreSQL returns unordered rows in any order.
        .order(child_changes::id.desc())
        .select((
            child_changes::old_value,
            child_changes::new_value,
            child_changes::reason,
        ))
        .first(&mut c)
        .unwrap();
    assert_eq!(
        change,
        (
            "active".into(),
            "in-foster-care".into(),
            "家庭寄养安置".into()
        )
    );
    let audited: i64 = a::table
        .filter(a::action.eq("status_change"))
        .filter(a::resource_type.eq("child"))
        .filter(a::record_id.eq(kid.to_string()))
        .count()
        .get_result(&mut c)
        .unwrap();
    assert_eq!(audited, 1);
    // Setting the same status again changes nothing.
    set_status(
        &mut c,
        &op(&t, &head_cc),
        kid,
        ChildStatus::InFosterCare,
        "again",
    )
    .unwrap();
    let v3: i32 = children::table
        .find(kid)
        .select(children::version)
        .first(&mut c)
        .unwrap();
    assert_eq!(v3, v2);
    // A discharged archive is sealed.
    diesel::update(children::table.find(kid))
        .set(children::status.eq(ChildStatus::Discharged))
        .execute(&mut c)
        .unwrap();
    assert!(matches!(
        set_status(&mut c, &op(&t, &head_cc), kid, ChildStatus::Active, "back"),
        Err(AppError::Conflict(_))
    ));
}

/// The upload page's form: the token travels as the first multipart field (never in the address
/// bar), one select picks the section and a type that section holds (no default), and a refused
/// upload keeps what was typed and says why at the form, which is at the top of the documents tab.
#[actix_web::test]
async fn the_upload_form_files_by_section_and_keeps_the_token_out_of_the_url() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = other_institution_child(&t, "CC-CWI");
    let mut s = login(&app, "social.cc").await;
    let page = s.get(&app, &format!("/children/{id}?tab=documents")).await;
    assert!(
        !page.body.contains("documents?csrf_token="),
        "no token in the form's URL"
    );
    let form_at = page.body.find("id=\"upload-form\"").unwrap();
    let first_section = page.body.find("id=\"section-intake\"").unwrap();
    assert!(form_at < first_section, "the upload form leads the tab");
    assert!(page
        .body
        .contains("<option value=\"\">— 请选择分区和文件类型 —</option>"));
    let count = |t: &TestApp| -> i64 {
        child_documents::table
            .filter(child_documents::child_id.eq(id))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    let before = count(&t);
    let pdf = sample_pdf();
    let post = |fields: Vec<(&'static str, String)>, cookie: String| {
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (ctype, body) = multipart(&refs, Some(("photo.pdf", "application/pdf", &pdf)));
        test::TestRequest::post()
            .uri(&format!("/children/{id}/documents"))
            .cookie(actix_web::cookie::Cookie::new("fuyu_session", cookie))
            .insert_header(("content-type", ctype))
            .set_payload(body)
            .to_request()
    };
    let cookie = s.cookie.clone().unwrap();
    let token = s.csrf.clone();
    // No token, or a wrong one: refused before anything is stored.
    for fields in [
        vec![
            ("filing", "basic/photo".to_string()),
            ("title", "x".to_string()),
        ],
        vec![
            ("csrf_token", "forged".to_string()),
            ("filing", "basic/photo".to_string()),
            ("title", "x".to_string()),
        ],
    ] {
        let p = send(&app, post(fields, cookie.clone())).await;
        assert_eq!(p.status, 403);
    }
    assert_eq!(count(&t), before);
    // No section/type chosen: nothing filed as an intake form by default; the title stays.
    let p = send(
        &app,
        post(
            vec![
                ("csrf_token", token.clone()),
                ("filing", String::new()),
                ("title", "生日活动照片".to_string()),
            ],
            cookie.clone(),
        ),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("请选择文件存放的分区和类型"));
    assert!(p.body.contains("value=\"生日活动照片\""));
    // A type the section does not hold.
    let p = send(
        &app,
        post(
            vec![
                ("csrf_token", token.clone()),
                ("filing", "social-work/intake-registration".to_string()),
                ("title", "生日活动照片".to_string()),
            ],
            cookie.clone(),
        ),
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("该分区不存放这类文件"));
    assert_eq!(count(&t), before);
    // Filed as a photo under social work, and said so at the top of the page it lands on.
    let p = send(
        &app,
        post(
            vec![
                ("csrf_token", token.clone()),
                ("filing", "social-work/photo".to_string()),
                ("title", "生日活动照片".to_string()),
            ],
            cookie.clone(),
        ),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (section, doc_type): (String, String) = child_documents::table
        .filter(child_documents::child_id.eq(id))
        .order(child_documents::id.desc())
        .select((child_documents::section, child_documents::doc_type))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (section.as_str(), doc_type.as_str()),
        ("social-work", "photo")
    );
    s.jar.extend(
        p.cookies
            .iter()
            .filter_map(|c| actix_web::cookie::Cookie::parse(c.clone()).ok())
            .filter(|c| c.name() == "fuyu_flash")
            .map(|c| (c.name().to_string(), c.value().to_string())),
    );
    let landed = s.get(&app, &format!("/children/{id}?tab=documents")).await;
    assert!(landed.body.contains("文件已上传"));
}

/// Text a database cannot hold (PostgreSQL refuses a NUL character) is the user's input: a clear 400,
/// never a 500, and nothing saved — in a form and in a search alike.
#[actix_web::test]
async fn a_nul_character_is_refused_as_input_never_an_internal_error() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut s = login(&app, "social.cc").await;
    let before: i64 = children::table.count().get_result(&mut t.conn()).unwrap();
    s.get(&app, "/children/new").await;
    let fields = with(&intake_fields(""), "found_place", "长春站\u{0}候车室");
    let p = s.post(&app, "/children", &refs(&fields)).await;
    // Refused (the form again with a message, or the input error page) on both backends.
    assert!(matches!(p.status, 400 | 422), "{}: {}", p.status, p.body);
    let after: i64 = children::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(after, before, "nothing half-written");
    let search = s.get(&app, "/children?q=%E5%BC%A0%00").await;
    assert_ne!(search.status, 500, "{}", search.body);
    if !t.is_sqlite() {
        assert_eq!(search.status, 400, "{}", search.body);
        assert!(search.body.contains("NUL"), "{}", search.body);
    }
}
