//! `fuyu bench-data --children N` (a realistic large data set of archives) and `fuyu bench` (measured
//! figures for docs/benchmarks.md). Speed is measured here, never asserted in timed tests.

pub mod http;

use crate::archive::model::{self, ChildFields, IntakeFacts};
use crate::archive::rules;
use crate::archive::ChildId;
use crate::db::schema::{child_documents, child_entries, children, institutions};
use crate::db::DbConn;
use crate::platform::AppState;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN1: &[&str] = &[
    "小", "晓", "子", "浩", "欣", "宇", "梓", "俊", "思", "雨", "佳", "博", "一", "天", "安", "嘉",
    "明", "诗", "志", "春",
];
const GIVEN2: &[&str] = &[
    "明", "红", "涵", "然", "怡", "轩", "萱", "杰", "远", "桐", "文", "诺", "佑", "琪", "豪", "强",
    "燕", "生", "民", "梅",
];

#[derive(Insertable)]
#[diesel(table_name = child_documents)]
struct DocRow {
    child_id: ChildId,
    section: String,
    doc_type: String,
    title: String,
    doc_date: Option<NaiveDate>,
    issuing_body: String,
    sha256: String,
    mime: String,
    size_bytes: i64,
    original_name: String,
    uploaded_by: crate::auth::UserId,
    uploaded_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = child_entries)]
struct EntryRow {
    child_id: ChildId,
    section: String,
    entry_date: NaiveDate,
    kind: String,
    summary: String,
    module: String,
    created_at: NaiveDateTime,
}

/// Generate `n` children spread over the demo's welfare institutions, each with ~6 documents and ~4
/// entries (N = 100,000 gives about 1,000,000 rows), plus one child with 100 documents for the PDF bench.
pub fn generate(conn: &mut DbConn, st: &AppState, n: usize) -> Result<String, String> {
    let now = st.clock.now();
    let today = st.clock.today();
    let insts: Vec<(crate::org::InstitutionId, String)> = institutions::table
        .filter(institutions::kind.eq_any(["city-welfare", "county-welfare"]))
        // City institutions first: the 100-document child goes to the first, the one `bench` measures.
        .order((institutions::kind.asc(), institutions::id.asc()))
        .select((institutions::id, institutions::code))
        .load(conn)
        .map_err(|e| e.to_string())?;
    if insts.is_empty() {
        return Err("no welfare institutions: run `fuyu seed-demo` first".into());
    }
    let admin: crate::auth::UserId = crate::db::schema::users::table
        .select(crate::db::schema::users::id)
        .first(conn)
        .map_err(|e| e.to_string())?;
    let pdf = crate::pdf::render(&crate::pdf::Document::new("基准测试材料"))?;
    let file =
        crate::archive::demo::store(&st.settings.uploads_dir(), &pdf).map_err(|e| e.to_string())?;
    let revised = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or(today);
    let mut seed: u64 = 42;
    let mut rnd = move |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m.max(1)
    };
    let mut done = 0usize;
    let mut pdf_child = ChildId(0);
    let batch = 2000usize;
    while done < n {
        let take = batch.min(n - done);
        crate::db::write_tx(conn, |c| -> QueryResult<()> {
            let mut docs = Vec::with_capacity(take * 7);
            let mut entries = Vec::with_capacity(take * 4);
            for k in 0..take {
                let (inst_id, code) = &insts[(done + k) % insts.len()];
                let name = format!(
                    "{}{}{}",
                    SURNAMES[rnd(20) as usize],
                    GIVEN1[rnd(20) as usize],
                    GIVEN2[rnd(20) as usize]
                );
                let (py, ini) = crate::archive::names::pinyin_forms(&name);
                let birth = today - Duration::days(30 + rnd(17 * 365) as i64);
                let intake =
                    birth + Duration::days(rnd((today - birth).num_days().max(1) as u64) as i64);
                let case = rules::ALL_CASE_TYPES[rnd(7) as usize];
                let cat = rules::categories_on(intake, revised)
                    .into_iter()
                    .find(|x| x.archive_class() == case.archive_class())
                    .unwrap_or(rules::IntakeCategory::TekunMinor);
                let fields = ChildFields {
                    legal_name: name,
                    name_provisional: false,
                    former_names: String::new(),
                    name_pinyin: py,
                    name_initials: ini,
                    sex: if rnd(2) == 0 { "M".into() } else { "F".into() },
                    birth_date: birth,
                    birth_date_estimated: false,
                    found_place: String::new(),
                    found_date: None,
                    found_by: String::new(),
                    police_report_no: String::new(),
                    ethnicity: "汉族".into(),
                    hukou_status: "pending".into(),
                    hukou_place: String::new(),
                    id_number: bench_id_number(done + k, birth),
                    disability_type: String::new(),
                    disability_grade: None,
                    disability_cert_no: String::new(),
                    health_at_intake: "良好".into(),
                    guardian_department: "民政局".into(),
                    welfare_categories: String::new(),
                    allowance_category: "none".into(),
                    ..ChildFields::default()
                };
                let facts = IntakeFacts {
                    archive_no: format!("{code}-B{:07}", done + k),
                    institution_id: *inst_id,
                    status: model::ChildStatus::Active,
                    intake_category: cat.code().into(),
                    archive_class: cat.archive_class().to_string(),
                    case_type: case.code().into(),
                    intake_date: intake,
                    admitted_by: admin,
                    responsible_user_id: None,
                    discharge_note: String::new(),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                let id = model::insert_child(c, &facts, &fields)?;
                let ndocs = if done + k == 0 { 100 } else { 6 };
                if done + k == 0 {
                    pdf_child = id;
                }
                for d in 0..ndocs {
                    let section = rules::SECTIONS[d % rules::SECTIONS.len()];
                    docs.push(DocRow {
                        child_id: id,
                        section: section.into(),
                        doc_type: rules::DOCUMENT_TYPES[d % rules::DOCUMENT_TYPES.len()].into(),
                        title: format!("材料{d}"),
                        doc_date: Some(intake),
                        issuing_body: "基准".into(),
                        sha256: file.0.clone(),
                        mime: file.1.clone(),
                        size_bytes: file.2,
                        original_name: "bench.pdf".into(),
                        uploaded_by: admin,
                        uploaded_at: now,
                    });
                }
                for e in 0..4 {
                    entries.push(EntryRow {
                        child_id: id,
                        section: rules::SECTIONS[(e * 2) % 8].into(),
                        entry_date: intake,
                        kind: "bench".into(),
                        summary: format!("记录{e}"),
                        module: "bench".into(),
                        created_at: now,
                    });
                }
            }
            match c {
                DbConn::Sqlite(s) => {
                    for chunk in docs.chunks(500) {
                        diesel::insert_into(child_documents::table)
                            .values(chunk)
                            .execute(s)?;
                    }
                    for chunk in entries.chunks(500) {
                        diesel::insert_into(child_entries::table)
                            .values(chunk)
                            .execute(s)?;
                    }
                }
                DbConn::Pg(p) => {
                    for chunk in docs.chunks(500) {
                        diesel::insert_into(child_documents::table)
                            .values(chunk)
                            .execute(p)?;
                    }
                    for chunk in entries.chunks(500) {
                        diesel::insert_into(child_entries::table)
                            .values(chunk)
                            .execute(p)?;
                    }
                }
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        done += take;
    }
    if let DbConn::Sqlite(_) = conn {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("ANALYZE").map_err(|e| e.to_string())?;
    }
    let total: i64 = children::table
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "generated {n} children (total now {total}); child {pdf_child} has 100 documents"
    ))
}

/// A valid 18-digit ID number for every tenth bench child (so the ID-number search shape finds rows):
/// the area code and sequence are taken from the child's index, so no two collide.
fn bench_id_number(i: usize, birth: NaiveDate) -> Option<String> {
    if !i.is_multiple_of(10) {
        return None;
    }
    let n = i / 10;
    let first17 = format!(
        "{}{}{:03}",
        220101 + (n / 1000) % 900,
        birth.format("%Y%m%d"),
        n % 1000
    );
    rules::id_check_char(&first17).map(|c| format!("{first17}{c}"))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn p95(v: &[f64]) -> f64 {
    v.get((v.len() * 95 / 100).min(v.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0)
}

/// Measure through the real application in-process (routing, session, scope, query, template, audit).
/// The account the benchmarks log in as: a head of the institution with the most children.
pub struct BenchHead {
    pub institution_id: crate::org::InstitutionId,
    pub institution_code: String,
    pub username: &'static str,
    pub password: &'static str,
}

/// Create (once) the benchmark head account of the institution with the most children.
pub fn ensure_head(conn: &mut DbConn, state: &AppState) -> Result<BenchHead, String> {
    // The institution of the child with the most documents (bench-data gives one child 100): the
    // institution bench-data filled, whatever other bench rows (transfer batches) add elsewhere.
    use crate::db::schema::child_documents;
    let most: crate::archive::ChildId = child_documents::table
        .group_by(child_documents::child_id)
        .select(child_documents::child_id)
        .order(diesel::dsl::count_star().desc())
        .first(conn)
        .map_err(|e| format!("no documents: run bench-data first ({e})"))?;
    let (institution_id, institution_code): (crate::org::InstitutionId, String) = children::table
        .inner_join(institutions::table)
        .filter(children::id.eq(most))
        .select((institutions::id, institutions::code))
        .get_result(conn)
        .map_err(|e| format!("no children: run bench-data first ({e})"))?;
    let (username, password) = ("bench.head", "bench-password-1");
    if crate::auth::model::by_username(conn, username)
        .map_err(|e| e.to_string())?
        .is_none()
    {
        let hash = crate::auth::password::hash(password)?;
        let acc = crate::auth::users_admin::NewAccount {
            username: username.into(),
            display_name: "基准院长".into(),
            role: "head".into(),
            institution: institution_code.clone(),
            password: password.into(),
            ..Default::default()
        };
        let cat = crate::platform::catalogue(crate::platform::Lang::Zh);
        let actor = crate::audit::Actor::system("bench");
        crate::auth::users_admin::create_account(conn, cat, &acc, &hash, state.clock.now(), &actor)
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{:?}", e.fields()))?;
    }
    Ok(BenchHead {
        institution_id,
        institution_code,
        username,
        password,
    })
}

pub fn run(state: AppState, rounds: usize) -> Result<String, String> {
    actix_web::rt::System::new().block_on(async move {
        use actix_web::test;
        let data = actix_web::web::Data::new(state.clone());
        let app = test::init_service(crate::build_app(data)).await;
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        let BenchHead { institution_id: inst_id, institution_code: inst_code, username, password } =
            ensure_head(&mut conn, &state)?;
        let kids: i64 = children::table.filter(children::institution_id.eq(inst_id)).count().get_result(&mut conn).map_err(|e| e.to_string())?;
        let all: i64 = children::table.count().get_result(&mut conn).map_err(|e| e.to_string())?;
        let samples: Vec<(String, String, String)> = children::table
            .filter(children::institution_id.eq(inst_id))
            .select((children::legal_name, children::name_pinyin, children::name_initials))
            .limit(50)
            .load(&mut conn)
            .map_err(|e| e.to_string())?;
        let pdf_child: i64 = child_documents::table
            .group_by(child_documents::child_id)
            .select(child_documents::child_id)
            .order(diesel::dsl::count_star().desc())
            .first(&mut conn)
            .map_err(|e| e.to_string())?;
        let pdf_docs: i64 = child_documents::table.filter(child_documents::child_id.eq(pdf_child)).count().get_result(&mut conn).map_err(|e| e.to_string())?;
        drop(conn);
        let req = test::TestRequest::post()
            .uri("/login")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!("username={username}&password={password}"))
            .to_request();
        let resp = test::call_service(&app, req).await;
        let cookie = resp.response().cookies().find(|c| c.name() == crate::auth::session::COOKIE).map(|c| c.value().to_string()).ok_or("bench login failed")?;
        let get = |uri: String| test::TestRequest::get().uri(&uri).cookie(actix_web::cookie::Cookie::new(crate::auth::session::COOKIE, cookie.clone())).to_request();
        let measure = |label: &str, make: &dyn Fn(usize) -> String, n: usize| {
            let label = label.to_string();
            let reqs: Vec<String> = (0..n).map(make).collect();
            (label, reqs)
        };
        let enc = |q: &str| serde_urlencoded::to_string([("q", q)]).unwrap_or_default();
        let mut lines = vec![format!("data: {all} children in total; the measured head's institution {inst_code} holds {kids}; PDF child has {pdf_docs} documents"), String::new(), "| measurement | runs | median ms | p95 ms |".into(), "|---|---|---|---|".into()];
        let sets = vec![
            measure("children list, name filter (characters)", &|i| format!("/children?{}", enc(&samples[i % samples.len()].0)), rounds),
            measure("children list, full pinyin filter", &|i| format!("/children?{}", enc(&samples[i % samples.len()].1)), rounds),
            measure("children list, initials filter", &|i| format!("/children?{}", enc(&samples[i % samples.len()].2)), rounds),
            measure("children list, no filter (page 1)", &|_| "/children".to_string(), rounds),
            measure("archive PDF, child with 100 documents", &|_| format!("/children/{pdf_child}/archive.pdf"), rounds.min(30)),
        ];
        for (label, reqs) in sets {
            let mut times = Vec::new();
            for uri in reqs {
                let t0 = std::time::Instant::now();
                let resp = test::call_service(&app, get(uri)).await;
                let _ = test::read_body(resp).await;
                times.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            let n = times.len();
            let m = median(&mut times);
            lines.push(format!("| {label} | {n} | {m:.1} | {:.1} |", p95(&times)));
        }
        Ok(lines.join("\n"))
    })
}

/// `n` plain active children at an institution (for other modules' benchmarks), returning their ids.
pub fn plain_children(
    conn: &mut DbConn,
    institution_id: crate::org::InstitutionId,
    n: usize,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<ChildId>, String> {
    use crate::db::schema::users;
    let code: String = institutions::table
        .find(institution_id)
        .select(institutions::code)
        .first(conn)
        .map_err(|e| e.to_string())?;
    let before: i64 = children::table
        .filter(children::institution_id.eq(institution_id))
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    crate::db::write_tx(conn, |c| -> QueryResult<()> {
        let admin: crate::auth::UserId = users::table.select(users::id).first(c)?;
        for k in 0..n {
            let fields = ChildFields {
                legal_name: format!("移交{k}"),
                name_pinyin: format!("yijiao{k}"),
                name_initials: "yj".into(),
                sex: "M".into(),
                birth_date: today - Duration::days(2000),
                ethnicity: "汉族".into(),
                hukou_status: "pending".into(),
                allowance_category: "none".into(),
                ..Default::default()
            };
            let facts = IntakeFacts {
                archive_no: format!("{code}-T{before:06}-{k}"),
                institution_id,
                status: model::ChildStatus::Active,
                intake_category: "lt-unfindable".into(),
                archive_class: "A".into(),
                case_type: "abandoned".into(),
                intake_date: today - Duration::days(100),
                admitted_by: admin,
                responsible_user_id: None,
                discharge_note: String::new(),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            model::insert_child(c, &facts, &fields)?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    children::table
        .filter(children::archive_no.like(format!("{code}-T{before:06}-%")))
        .order(children::id.asc())
        .select(children::id)
        .load(conn)
        .map_err(|e| e.to_string())
}
