//! The printed handover list (移交清单) as a county officer would sign it, read back with pdftotext:
//! the formal reference number and its series, each child's identity, the running header on
//! continuation pages, the signature block kept with the end of the table, the 未完成 mark on an
//! unfinished list, labels in one language only, and a distinct file name per batch and per child.

use crate::support::*;
use actix_web::test as awt;
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::archive::ChildId;
use fuyu::db::schema::{
    child_documents, children, institutions, transfer_batches as tb, transfer_children as tcs,
    transfer_items as ti, users,
};
use fuyu::platform::i18n::{catalogue, Lang};
use fuyu::transfer::model::BatchId;
use fuyu::transfer::rules::{BatchAction, ItemAction};
use fuyu::transfer::service::{self, ItemInput, Plan};

const PLAN: Plan<'static> = Plan {
    adaptation_plan: "移交前两次探访，由原护理员陪同",
    special_needs: "",
    sibling_note: "无兄弟姐妹",
    child_opinion: "愿意去长春",
    hukou_moved: true,
    hukou_new_place: "长春市二道区",
    hukou_keep_reason: "",
    new_school: "长春市二道区实验小学",
    allowance_from_month: "2027-01",
};
const NOTE: &str = "已清点";

/// Children in care at the institution and in no open transfer, by id.
pub(crate) fn kids_of(t: &TestApp, code: &str) -> Vec<ChildId> {
    let inst: fuyu::org::InstitutionId = institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let busy: Vec<Option<ChildId>> = tcs::table
        .filter(tcs::open_child_id.is_not_null())
        .select(tcs::open_child_id)
        .load(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::id)
        .select(children::id)
        .load::<ChildId>(&mut t.conn())
        .unwrap()
        .into_iter()
        .filter(|k| !busy.contains(&Some(*k)))
        .collect()
}

fn version(t: &TestApp, b: BatchId) -> i32 {
    tb::table
        .find(b)
        .select(tb::version)
        .first(&mut t.conn())
        .unwrap()
}

pub(crate) fn reference(t: &TestApp, b: BatchId) -> Option<String> {
    tb::table
        .find(b)
        .select(tb::reference)
        .first(&mut t.conn())
        .unwrap()
}

pub(crate) fn act(t: &TestApp, w: &Who, b: BatchId, a: BatchAction, reason: &str) {
    service::act(&mut t.conn(), &op(t, w), b, a, reason, version(t, b)).unwrap();
}

/// A draft from `officer`'s institution with the given children; returns the batch and its
/// transfer-child ids.
pub(crate) fn draft(t: &TestApp, officer: &Who, kids: &[ChildId]) -> (BatchId, Vec<i64>) {
    use fuyu::clock::Clock;
    let planned = t.clock.today() + chrono::Duration::days(20);
    let mut c = t.conn();
    let b = service::create(&mut c, &op(t, officer), None, "", planned).unwrap();
    let tcids = kids
        .iter()
        .map(|k| service::add_child(&mut c, &op(t, officer), b, *k).unwrap())
        .collect();
    (b, tcids)
}

fn items_of(t: &TestApp, tcid: i64) -> Vec<(i64, i32)> {
    ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .order(ti::id)
        .select((ti::id, ti::version))
        .load(&mut t.conn())
        .unwrap()
}

/// The sender plans and hands everything over, the receiver receives it all; with `complete`, the
/// receiving head completes the child's handover.
fn hand_over(t: &TestApp, b: BatchId, tcid: i64, complete: bool) {
    let (officer, head) = (who(t, "transfer.na"), who(t, "head.cc"));
    let mut c = t.conn();
    service::save_plan(&mut c, &op(t, &officer), b, tcid, &PLAN).unwrap();
    for (side, action) in [
        (&officer, ItemAction::HandOver),
        (&head, ItemAction::Receive),
    ] {
        for (id, v) in items_of(t, tcid) {
            let input = ItemInput {
                note: NOTE,
                quantity: "1",
                amount: "",
                version: v,
            };
            service::item_act(&mut c, &op(t, side), b, id, action, &input).unwrap();
        }
    }
    if complete {
        service::complete_child(&mut c, &op(t, &head), b, tcid, None).unwrap();
    }
}

/// A batch of `n` 农安 children, submitted and accepted by 长春; `complete` of them handed over.
fn accepted(t: &TestApp, n: usize, complete: usize) -> (BatchId, Vec<i64>) {
    let kids = kids_of(t, "NA-CWI");
    assert!(kids.len() >= n, "the demo has {} 农安 children", kids.len());
    let (officer, head) = (who(t, "transfer.na"), who(t, "head.cc"));
    let (b, tcids) = draft(t, &officer, &kids[..n]);
    act(t, &officer, b, BatchAction::Submit, "");
    act(t, &head, b, BatchAction::Accept, "");
    for (i, tc) in tcids.iter().enumerate() {
        hand_over(t, b, *tc, i < complete);
    }
    (b, tcids)
}

/// The PDF's text in drawing order (`-raw`), one string per page: the watermark, the running header
/// and the page number come first, then the body.
fn pages(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("h.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\x0c').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Each page without whitespace (pdftotext puts spaces between CJK characters of separate runs).
fn flat(pages: &[String]) -> Vec<String> {
    pages.iter().map(|p| squeeze(p)).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// GET a PDF as this browser: its pages and the file name it is offered under.
async fn fetch_pdf<S, B>(app: &S, b: &Browser, uri: &str) -> (Vec<String>, String)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut req = awt::TestRequest::get().uri(uri);
    if let Some(c) = &b.cookie {
        req = req.cookie(actix_web::cookie::Cookie::new("fuyu_session", c.clone()));
    }
    let resp = awt::call_service(app, req.to_request()).await;
    assert_eq!(resp.status().as_u16(), 200, "{uri}");
    let cd = resp
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = awt::read_body(resp).await;
    (pages(&bytes), file_name(&cd))
}

/// The UTF-8 file name of a `Content-Disposition` header (`filename*=UTF-8''…`), decoded.
fn file_name(cd: &str) -> String {
    let enc = cd
        .split("filename*=UTF-8''")
        .nth(1)
        .unwrap_or_else(|| panic!("no UTF-8 file name in {cd:?}"));
    let mut bytes = Vec::new();
    let mut it = enc.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: String = [it.next().unwrap(), it.next().unwrap()]
                .iter()
                .map(|&c| c as char)
                .collect();
            bytes.push(u8::from_str_radix(&hex, 16).unwrap());
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// (archive number, name, sex code, birth date, ID number) of a transfer child.
fn identity(t: &TestApp, tcid: i64) -> (String, String, String, NaiveDate, Option<String>) {
    tcs::table
        .inner_join(children::table)
        .filter(tcs::id.eq(tcid))
        .select((
            children::archive_no,
            children::legal_name,
            children::sex,
            children::birth_date,
            children::id_number,
        ))
        .first(&mut t.conn())
        .unwrap()
}

/// Strings that are data, not labels: printed as recorded in either language.
fn data_values(t: &TestApp, b: BatchId, tcids: &[i64]) -> Vec<String> {
    let mut c = t.conn();
    let mut v: Vec<String> = institutions::table
        .select(institutions::name)
        .load(&mut c)
        .unwrap();
    v.extend(reference(t, b));
    for tc in tcids {
        let (no, name, _, _, id) = identity(t, *tc);
        v.extend([no, name]);
        v.extend(id);
        let child: ChildId = tcs::table
            .find(tc)
            .select(tcs::child_id)
            .first(&mut c)
            .unwrap();
        v.extend(
            child_documents::table
                .filter(child_documents::child_id.eq(child))
                .select(child_documents::title)
                .load::<String>(&mut c)
                .unwrap(),
        );
    }
    v.extend(
        [
            PLAN.adaptation_plan,
            PLAN.sibling_note,
            PLAN.child_opinion,
            PLAN.hukou_new_place,
            PLAN.new_school,
            NOTE,
        ]
        .map(String::from),
    );
    v.into_iter().map(|s| squeeze(&s)).collect()
}

/// Runs of characters of one script (`pick`) in the text that are not part of any data value (a run
/// ends at any other character, whitespace included).
fn stray(text: &str, data: &[String], pick: fn(char) -> bool) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    for ch in text.chars().chain(std::iter::once(' ')) {
        if pick(ch) {
            cur.push(ch);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    runs.retain(|r| !data.iter().any(|d| d.contains(r.as_str())));
    runs
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

#[actix_web::test]
async fn a_finished_list_names_each_child_and_is_signed_with_the_end_of_the_table() {
    let t = TestApp::new();
    let (b, tcids) = accepted(&t, 3, 3);
    let ids: Vec<_> = tcids.iter().map(|tc| identity(&t, *tc)).collect();
    let no_id = ids.iter().position(|i| i.4.is_none());
    // One child with an ID number on record, whatever the demo has.
    let id_number = "220122201903040021";
    diesel::update(children::table.filter(children::archive_no.eq(&ids[0].0)))
        .set(children::id_number.eq(id_number))
        .execute(&mut t.conn())
        .unwrap();
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let head = login(&app, "head.cc").await;
    let r = reference(&t, b).expect("numbered on submission");
    let page = head.clone().get(&app, &format!("/transfers/{b}")).await;
    assert!(page.body.contains(&r), "the batch page shows the reference");

    let (raw, name) = fetch_pdf(&app, &head, &format!("/transfers/{b}/handover.pdf")).await;
    let p = flat(&raw);
    assert_eq!(name, format!("{r}-移交清单.pdf"));
    assert!(p.len() >= 3, "long enough to continue: {} pages", p.len());
    assert!(p[0].contains("儿童移交清单") && p[0].contains(&squeeze(&r)));
    assert!(
        !p[0].contains("（续）"),
        "no running header on the first page"
    );
    for (n, text) in p.iter().enumerate().skip(1) {
        assert!(
            text.starts_with(&format!("{r}儿童移交清单（续）")),
            "page {}: {text}",
            n + 1
        );
    }
    // Each child's identity: in the list of children and in the child's own section, whose
    // continuation pages name the child in the header.
    let all = p.concat();
    for (no, name, sex, birth, id) in &ids {
        let sex = if sex == "M" { "男" } else { "女" };
        let row = format!("{name}{sex}{birth}");
        assert!(all.contains(&row), "{row} in the list of children");
        assert!(all.contains(&format!("姓名{name}")) && all.contains(&format!("档案号{no}")));
        assert!(all.contains(&format!("性别{sex}")) && all.contains(&format!("出生日期{birth}")));
        let shown = id.as_deref().unwrap_or("未登记");
        let shown = if no == &ids[0].0 { id_number } else { shown };
        assert!(all.contains(&format!("公民身份号码{shown}")), "{shown}");
    }
    if let Some(i) = no_id.filter(|i| *i > 0) {
        assert!(all.contains("公民身份号码未登记"), "child {i} has none");
    }
    let headed: Vec<_> = p
        .iter()
        .filter(|x| x.contains(&format!("（续）{}（档案号{}）", ids[1].1, ids[1].0)))
        .collect();
    assert!(!headed.is_empty(), "a page continues the second child");
    // The signature block: only on the last page, with the end of the last child's table.
    let last = p.last().unwrap();
    assert_eq!(p.iter().filter(|x| x.contains("签字：")).count(), 1);
    assert!(last.contains("签字：") && last.contains("盖章：") && last.contains("监督民政部门"));
    let (code, label): (String, String) = ti::table
        .filter(ti::transfer_child_id.eq(tcids[2]))
        .order(ti::id.desc())
        .select((ti::code, ti::label))
        .first(&mut t.conn())
        .unwrap();
    let zh = catalogue(Lang::Zh);
    let label = fuyu::transfer::rules::template::builtin_label(zh, &code).unwrap_or(label);
    let start: String = label.chars().take(4).collect();
    assert!(
        last.contains(&squeeze(&start)) && last.contains("已接收"),
        "the last item ({label}) is on the page with the signatures: {last}"
    );
    assert!(
        !all.contains("未完成"),
        "a finished list has no 未完成 mark"
    );

    // One child's list: its own file name, the child in the header, signed too (handed over).
    let uri = format!("/transfers/{b}/children/{}/handover.pdf", tcids[1]);
    let (c, child_name) = fetch_pdf(&app, &head, &uri).await;
    let c = flat(&c);
    assert_eq!(child_name, format!("{r}-移交清单-{}.pdf", ids[1].0));
    assert_ne!(child_name, name);
    let one = c.concat();
    assert!(one.contains(&ids[1].1) && !one.contains(&format!("姓名{}", ids[0].1)));
    assert!(c.last().unwrap().contains("签字："));
    for text in c.iter().skip(1) {
        assert!(text.starts_with(&format!("{r}儿童移交清单（续）{}", ids[1].1)));
    }
    let other = format!("/transfers/{b}/children/{}/handover.pdf", tcids[0]);
    assert_ne!(fetch_pdf(&app, &head, &other).await.1, child_name);
}

#[actix_web::test]
async fn an_unfinished_list_is_marked_on_every_page_and_has_no_signature_block() {
    let t = TestApp::new();
    // Two children: the first handed over, the second still in handover.
    let (b, tcids) = accepted(&t, 2, 1);
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let head = login(&app, "head.cc").await;
    for uri in [
        format!("/transfers/{b}/handover.pdf"),
        format!("/transfers/{b}/children/{}/handover.pdf", tcids[1]),
    ] {
        let p = flat(&fetch_pdf(&app, &head, &uri).await.0);
        assert!(p[0].contains("未完成：移交尚未完成"), "banner: {}", p[0]);
        for (n, text) in p.iter().enumerate() {
            assert!(text.starts_with("未完成"), "{uri} page {} is marked", n + 1);
        }
        let all = p.concat();
        for s in ["签字：", "盖章：", "监督民政部门", "当面交接无误"] {
            assert!(!all.contains(s), "{uri} has no {s}");
        }
    }
    // The child already handed over has a finished list of its own.
    let done = format!("/transfers/{b}/children/{}/handover.pdf", tcids[0]);
    let p = flat(&fetch_pdf(&app, &head, &done).await.0);
    assert!(p.concat().contains("签字：") && !p.concat().contains("未完成"));
    // A draft: not numbered yet, unfinished, offered under a name of its own.
    let officer = who(&t, "transfer.na");
    let (d, _) = draft(&t, &officer, &kids_of(&t, "NA-CWI")[..1]);
    let na = login(&app, "transfer.na").await;
    let (p, name) = fetch_pdf(&app, &na, &format!("/transfers/{d}/handover.pdf")).await;
    let p = flat(&p);
    assert!(p[0].contains(&format!("未编号（提交时编号，系统编号{d}）")));
    assert!(p[0].contains("未完成") && !p.concat().contains("签字："));
    assert_eq!(name, format!("未编号{d}-移交清单.pdf"));
    // A child that is not in the batch is not found.
    let f = na
        .fetch(
            &app,
            &format!("/transfers/{d}/children/{}/handover.pdf", tcids[0]),
        )
        .await;
    assert_eq!(f.status, 404);
}

#[actix_web::test]
async fn each_list_has_labels_in_the_readers_language_only() {
    let t = TestApp::new();
    let (b, tcids) = accepted(&t, 2, 2);
    let (u, _) = accepted(&t, 1, 0);
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let mut data = data_values(&t, b, &tcids);
    data.extend(reference(&t, u));
    let zh = login(&app, "head.cc").await;
    let (raw, _) = fetch_pdf(&app, &zh, &format!("/transfers/{b}/handover.pdf")).await;
    let latin = stray(&raw.concat(), &data, |c| c.is_ascii_alphabetic());
    assert!(latin.is_empty(), "English on the Chinese list: {latin:?}");

    diesel::update(users::table.filter(users::username.eq("social.cc")))
        .set(users::language.eq("en"))
        .execute(&mut t.conn())
        .unwrap();
    let en = login(&app, "social.cc").await;
    let (raw, name) = fetch_pdf(&app, &en, &format!("/transfers/{b}/handover.pdf")).await;
    let r = reference(&t, b).unwrap();
    assert_eq!(name, format!("{r}-handover-list.pdf"));
    let chinese = stray(&raw.concat(), &data, is_cjk);
    let p = flat(&raw);
    let all = p.concat();
    assert!(
        chinese.is_empty(),
        "Chinese labels on the English list: {chinese:?}"
    );
    for s in [
        "Handoverlist",
        "Sendinginstitution",
        "Dateofbirth",
        "ResidentIDnumber",
        "Signature:",
        "Seal:",
        "Page1of",
        "Thechildinperson",
    ] {
        assert!(all.contains(s), "{s} on the English list");
    }
    assert!(p[1].starts_with(&format!("{r}·Handoverlist(continued)")));
    let p = flat(
        &fetch_pdf(&app, &en, &format!("/transfers/{u}/handover.pdf"))
            .await
            .0,
    );
    assert!(p.iter().all(|x| x.starts_with("UNFINISHED")));
    assert!(!p.concat().contains("Signature:"));
}
