//! Test support: fresh databases (copied from a migrated, demo-seeded template), a fixed clock, and a
//! browser-like client that keeps the session cookie and scrapes CSRF tokens from pages.

#![allow(dead_code)]

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use chrono::{NaiveDate, NaiveDateTime};
use fuyu::clock::FixedClock;
use fuyu::config::Settings;
use fuyu::db::{self, DbConn, DbPool};
use fuyu::platform::AppState;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

pub const PW: &str = fuyu::demo::DEMO_PASSWORD;

pub fn start_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
}

/// Which backend this run uses.
pub fn pg_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static TEMPLATE: OnceLock<String> = OnceLock::new();
static PG_CREATE: Mutex<()> = Mutex::new(());

/// Demo documents are content-addressed; every test's data folder gets the same files.
pub fn demo_uploads() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("fuyu-test-uploads-{}", std::process::id()))
}

fn seed_into(url: &str) {
    let pool = db::connect(url, 2).expect("connect template");
    let mut c = pool.get().unwrap();
    db::migrate(&mut c).expect("migrate template");
    fuyu::policy::ensure_defaults(&mut c, start_time()).unwrap();
    fuyu::demo::seed(&mut c, &demo_uploads(), start_time()).expect("seed template");
}

pub fn pg_admin_exec(base: &str, sql: &str) {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let mut c = diesel::PgConnection::establish(base).expect("connect to TEST_DATABASE_URL");
    // One statement at a time: CREATE/DROP DATABASE cannot run inside a (implicit) transaction block.
    for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        c.batch_execute(stmt)
            .unwrap_or_else(|e| panic!("{stmt}: {e}"));
    }
}

fn pg_db_url(base: &str, name: &str) -> String {
    let cut = base
        .rfind('/')
        .expect("TEST_DATABASE_URL has a database name");
    format!("{}/{}", &base[..cut], name)
}

/// A fresh database URL holding the demo data set, never shared with another test.
pub fn fresh_database(dir: &std::path::Path) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let pid = std::process::id();
    match pg_url() {
        Some(base) => {
            let _g = PG_CREATE.lock().unwrap_or_else(|e| e.into_inner());
            let tpl = TEMPLATE.get_or_init(|| {
                let name = format!("fuyu_tpl_{pid}");
                pg_admin_exec(
                    &base,
                    &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"),
                );
                seed_into(&pg_db_url(&base, &name));
                name
            });
            let name = format!("fuyu_t_{pid}_{n}");
            pg_admin_exec(
                &base,
                &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} TEMPLATE {tpl}"),
            );
            pg_db_url(&base, &name)
        }
        None => {
            let tpl = TEMPLATE.get_or_init(|| {
                let dir = std::env::temp_dir().join(format!("fuyu-test-tpl-{pid}"));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).unwrap();
                let work = dir.join("work.sqlite3");
                let url = format!("sqlite://{}", work.display());
                seed_into(&url);
                // A single-file consistent copy (no -wal beside it) to copy per test.
                let snap = dir.join("template.sqlite3");
                let pool = db::connect(&url, 1).unwrap();
                let mut c = pool.get().unwrap();
                use diesel::connection::SimpleConnection;
                c.batch_execute(&format!("VACUUM INTO '{}'", snap.display()))
                    .unwrap();
                snap.display().to_string()
            });
            let file = dir.join(format!("t{n}.sqlite3"));
            std::fs::copy(tpl, &file).unwrap();
            format!("sqlite://{}", file.display())
        }
    }
}

/// One test's world: its database, data folder, clock and settings.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
}

impl TestApp {
    pub fn new() -> TestApp {
        Self::with(|_| {})
    }

    pub fn with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let _ = env_logger::builder()
            .is_test(true)
            .filter_level(log::LevelFilter::Warn)
            .try_init();
        let dir = tempfile::tempdir().unwrap();
        let url = fresh_database(dir.path());
        // From here on every write must run in a versioned transaction (db::version): a write that
        // bypasses it would let the dashboard serve stale kept figures.
        db::version::require_versioned_writes();
        let mut s = Settings::defaults();
        s.database_url = url;
        s.data_dir = dir.path().join("data");
        adjust(&mut s);
        let s = s.finish().expect("settings");
        copy_dir(&demo_uploads(), &s.uploads_dir());
        let clock = Arc::new(FixedClock::new(start_time()));
        let state = fuyu::cli::prepare(&s, clock.clone()).expect("prepare");
        TestApp { dir, state, clock }
    }

    pub fn data(&self) -> actix_web::web::Data<AppState> {
        actix_web::web::Data::new(self.state.clone())
    }

    /// A connection to the test's database, after every view record queued so far is written.
    pub fn conn(&self) -> db::PooledConn {
        self.state.views.flush();
        self.state.pool.get().unwrap()
    }

    pub fn pool(&self) -> &DbPool {
        &self.state.pool
    }

    pub fn is_sqlite(&self) -> bool {
        db::is_sqlite(&self.conn())
    }
}

/// A logged-in browser: the session cookie and the CSRF token from the last page.
#[derive(Clone, Debug)]
pub struct Browser {
    pub cookie: Option<String>,
    pub csrf: String,
    /// Other cookies the server set (e.g. the flash message), kept like a browser would.
    pub jar: std::collections::BTreeMap<String, String>,
}

pub struct Fetched {
    pub status: u16,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub set_cookie: Option<String>,
    /// Every `Set-Cookie` header, as sent.
    pub cookies: Vec<String>,
}

pub async fn send<S, B>(app: &S, req: Request) -> Page
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let resp = test::call_service(app, req).await;
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let cookies: Vec<String> = resp
        .headers()
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    let set_cookie = cookies
        .iter()
        .find(|v| v.starts_with("fuyu_session="))
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim_start_matches("fuyu_session=")
                .to_string()
        });
    let body = String::from_utf8_lossy(&test::read_body(resp).await).to_string();
    Page {
        status,
        location,
        body,
        set_cookie,
        cookies,
    }
}

pub fn csrf_in(body: &str) -> Option<String> {
    let i = body.find("name=\"csrf_token\" value=\"")?;
    let rest = &body[i + 25..];
    Some(rest[..rest.find('"')?].to_string())
}

impl Browser {
    pub fn anonymous() -> Browser {
        Browser {
            cookie: None,
            csrf: String::new(),
            jar: Default::default(),
        }
    }

    fn with_cookie(&self, r: test::TestRequest) -> test::TestRequest {
        let mut r = match &self.cookie {
            Some(c) => r.cookie(actix_web::cookie::Cookie::new("fuyu_session", c.clone())),
            None => r,
        };
        for (k, v) in &self.jar {
            r = r.cookie(actix_web::cookie::Cookie::new(k.clone(), v.clone()));
        }
        r
    }

    /// Keep or drop the non-session cookies a response set (a removal has an empty value).
    fn remember(&mut self, p: &Page) {
        for raw in &p.cookies {
            let Ok(c) = actix_web::cookie::Cookie::parse(raw.clone()) else {
                continue;
            };
            if c.name() == "fuyu_session" {
                continue;
            }
            if c.value().is_empty() {
                self.jar.remove(c.name());
            } else {
                self.jar.insert(c.name().to_string(), c.value().to_string());
            }
        }
    }

    pub async fn get<S, B>(&mut self, app: &S, path: &str) -> Page
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let p = send(
            app,
            self.with_cookie(test::TestRequest::get().uri(path))
                .to_request(),
        )
        .await;
        self.remember(&p);
        if let Some(t) = csrf_in(&p.body) {
            self.csrf = t;
        }
        p
    }

    /// GET a file (PDF, CSV, a document) with this browser's session: status, content type and bytes.
    pub async fn fetch<S, B>(&self, app: &S, path: &str) -> Fetched
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let resp = test::call_service(
            app,
            self.with_cookie(test::TestRequest::get().uri(path))
                .to_request(),
        )
        .await;
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Fetched {
            status: resp.status().as_u16(),
            content_type,
            bytes: test::read_body(resp).await.to_vec(),
        }
    }

    /// POST a form, adding this browser's CSRF token.
    pub async fn post<S, B>(&mut self, app: &S, path: &str, fields: &[(&str, &str)]) -> Page
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = self.csrf.clone();
        if !token.is_empty() {
            all.push(("csrf_token", &token));
        }
        self.post_raw(app, path, &all).await
    }

    /// POST exactly these fields (no CSRF token added).
    pub async fn post_raw<S, B>(&mut self, app: &S, path: &str, fields: &[(&str, &str)]) -> Page
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = self
            .with_cookie(test::TestRequest::post().uri(path))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request();
        let p = send(app, req).await;
        self.remember(&p);
        if let Some(t) = csrf_in(&p.body) {
            self.csrf = t;
        }
        p
    }
}

/// Log in through the form like a person would; panics unless it succeeds.
pub async fn login<S, B>(app: &S, username: &str) -> Browser
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut b = Browser::anonymous();
    let p = b
        .post_raw(app, "/login", &[("username", username), ("password", PW)])
        .await;
    assert_eq!(p.status, 303, "login of {username} failed: {}", p.body);
    b.cookie = p.set_cookie.clone();
    assert!(b.cookie.is_some(), "no session cookie");
    let home = b.get(app, "/").await;
    assert_eq!(home.status, 200);
    b
}

pub async fn api_token<S, B>(app: &S, username: &str, password: &str) -> (u16, serde_json::Value)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let req = test::TestRequest::post()
        .uri("/api/v1/login")
        .set_json(serde_json::json!({"username": username, "password": password}))
        .to_request();
    let p = send(app, req).await;
    (
        p.status,
        serde_json::from_str(&p.body).unwrap_or(serde_json::Value::Null),
    )
}

pub async fn api_get<S, B>(app: &S, path: &str, token: &str) -> (u16, serde_json::Value)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let req = test::TestRequest::get()
        .uri(path)
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    let p = send(app, req).await;
    (
        p.status,
        serde_json::from_str(&p.body).unwrap_or(serde_json::Value::Null),
    )
}

/// Count audit rows matching an action and outcome.
pub fn audit_count(conn: &mut DbConn, action: &str, outcome: &str) -> i64 {
    use diesel::prelude::*;
    use fuyu::db::schema::audit_log as a;
    a::table
        .filter(a::action.eq(action))
        .filter(a::outcome.eq(outcome))
        .count()
        .get_result(conn)
        .unwrap()
}

/// Find a tool or fail loudly: tests that need one must not pass silently without it.
pub fn require_tool(name: &str) -> String {
    for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
        let p = format!("{dir}/{name}");
        if std::path::Path::new(&p).exists() {
            return p;
        }
    }
    panic!("required tool `{name}` is not installed (run scripts/install-deps.sh)");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    let Ok(rd) = std::fs::read_dir(from) else {
        return;
    };
    std::fs::create_dir_all(to).unwrap();
    for e in rd {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A demo user acting at the service layer.
pub struct Who {
    pub user: fuyu::auth::model::User,
    pub actor: fuyu::audit::Actor,
}

pub fn who(t: &TestApp, username: &str) -> Who {
    let user = fuyu::auth::model::by_username(&mut t.conn(), username)
        .unwrap()
        .unwrap();
    let actor = fuyu::audit::Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "test".into(),
    };
    Who { user, actor }
}

pub fn op<'a>(t: &TestApp, w: &'a Who) -> fuyu::platform::Op<'a> {
    fuyu::platform::Op::now(
        fuyu::platform::i18n::catalogue(fuyu::platform::i18n::Lang::Zh),
        &w.user,
        &w.actor,
        t.clock.as_ref(),
    )
}

/// An XLSX download read back by a real reader (calamine): every sheet's name and its cells as text —
/// dates as `yyyy-mm-dd`, numbers as written, text as stored (so an ID number that became a number
/// would show as one).
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Data, DataType, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .expect("an XLSX file");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::DateTime(_) => {
                                c.as_date().map(|d| d.to_string()).unwrap_or_default()
                            }
                            Data::Float(f) => format!("{f}"),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

/// A PDF's text as a real reader extracts it (`pdftotext -raw`, in reading order); fails loudly if the
/// tool is missing (`require_tool`).
pub fn pdf_raw_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("document.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

/// CC-CWI's active children in archive-number order (the care and archive tests' demo children).
pub fn cc_cwi_in_care(t: &TestApp) -> Vec<i64> {
    use diesel::prelude::*;
    use fuyu::db::schema::{children, institutions};
    let inst: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::archive_no.asc())
        .select(children::id)
        .load(&mut t.conn())
        .unwrap()
}

/// CC-CWI's active children, youngest first, with their birth dates (the care tests' demo children).
pub fn cc_cwi_in_care_youngest_first(t: &TestApp) -> Vec<(i64, NaiveDate)> {
    use diesel::prelude::*;
    use fuyu::db::schema::{children, institutions};
    let inst: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::birth_date.desc())
        .select((children::id, children::birth_date))
        .load(&mut t.conn())
        .unwrap()
}
