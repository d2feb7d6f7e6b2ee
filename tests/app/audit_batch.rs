//! Views recorded in batches (issue 11): none lost under concurrency, none lost at a clean shutdown, and
//! the hash chain still verifies.

use crate::support::*;
use diesel::prelude::*;
use fuyu::audit::{self, Actor, Event, Verify};
use fuyu::db::schema::audit_log as a;
use std::io::{Read, Write};

fn views(c: &mut fuyu::db::DbConn) -> i64 {
    a::table
        .filter(a::action.eq("view_list"))
        .count()
        .get_result(c)
        .unwrap()
}

#[actix_web::test]
async fn concurrent_views_are_all_recorded_and_the_chain_holds() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let b = login(&app, "head.cc").await;
    let before = views(&mut t.conn());
    let mut browsers: Vec<Browser> = (0..64).map(|_| b.clone()).collect();
    let gets = browsers.iter_mut().map(|b| b.get(&app, "/children"));
    for page in futures_util::future::join_all(gets).await {
        assert_eq!(page.status, 200);
    }
    let mut c = t.conn(); // flushes the view writer first
    assert_eq!(views(&mut c) - before, 64);
    assert!(matches!(
        audit::verify(&mut c).unwrap(),
        Verify::Intact { .. }
    ));
}

#[test]
fn shutdown_writes_every_queued_view() {
    let t = TestApp::new();
    let before = views(&mut t.conn());
    let actor = Actor::system("test");
    let at = fuyu::clock::Clock::now(t.clock.as_ref());
    // Queue far more than the writer can have written by the time shutdown is called.
    fuyu::audit::batch::with_sink(&t.state.views, || {
        let mut c = t.state.pool.get().unwrap();
        for i in 0..3000 {
            let ev = Event::ok("view_list", "child", i);
            audit::record_alone(&mut c, at, &actor, &ev).unwrap();
        }
    });
    t.state.views.shutdown();
    let mut c = t.state.pool.get().unwrap();
    assert_eq!(views(&mut c) - before, 3000);
    assert!(matches!(
        audit::verify(&mut c).unwrap(),
        Verify::Intact { .. }
    ));
    // After shutdown an event is written at once, in its own transaction.
    fuyu::audit::batch::with_sink(&t.state.views, || {
        audit::record_alone(&mut c, at, &actor, &Event::ok("view_list", "child", 0)).unwrap();
    });
    assert_eq!(views(&mut c) - before, 3001);
}

fn http(port: u16, req: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// The real server: views over HTTP, then SIGTERM; every view is in the database after it exits.
#[test]
fn a_stopped_server_has_written_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path());
    let before = views(&mut fuyu::db::connect(&url, 2).unwrap().get().unwrap());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_fuyu"))
        .args(["serve", "--database-url", &url])
        .env("FUYU_DATA_DIR", dir.path().join("data"))
        .env("FUYU_BIND", format!("127.0.0.1:{port}"))
        .env_remove("FUYU_DATABASE_URL")
        .spawn()
        .unwrap();
    let up = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "server did not start");
    let body = format!(r#"{{"username":"head.cc","password":"{PW}"}}"#);
    let login = http(port, &format!("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
    let token = login
        .split("\"token\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no token: {login}"))
        .to_string();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let token = token.clone();
            std::thread::spawn(move || {
                for _ in 0..10 {
                    let r = http(port, &format!("GET /api/v1/children HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"));
                    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    let pid = server.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(server.wait().unwrap().success());
    let mut c = fuyu::db::connect(&url, 2).unwrap().get().unwrap();
    assert_eq!(views(&mut c) - before, 80);
    assert!(matches!(
        audit::verify(&mut c).unwrap(),
        Verify::Intact { .. }
    ));
}
