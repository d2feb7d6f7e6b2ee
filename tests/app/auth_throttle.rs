//! Issue 10 points 3, 4 and 9: the account lock counts parallel guesses atomically, failed logins are
//! throttled per client address, an admin can end a lock (audited), HSTS behind a trusted TLS proxy,
//! and idle API tokens expire like idle web sessions.

use crate::support::*;
use actix_web::test;
use chrono::Duration;
use std::net::SocketAddr;

/// A login form post from `peer`, optionally through a proxy that adds `X-Forwarded-For`.
fn login_req(peer: &str, forwarded: Option<&str>, user: &str, pw: &str) -> actix_http::Request {
    let body = serde_urlencoded::to_string([("username", user), ("password", pw)]).unwrap();
    let mut r = test::TestRequest::post()
        .uri("/login")
        .peer_addr(format!("{peer}:40000").parse::<SocketAddr>().unwrap())
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    if let Some(f) = forwarded {
        r = r.insert_header(("x-forwarded-for", f));
    }
    r.to_request()
}

fn failed_logins(t: &TestApp, username: &str) -> i32 {
    fuyu::auth::model::by_username(&mut t.conn(), username)
        .unwrap()
        .unwrap()
        .failed_logins
}

/// Point 3: 40 parallel wrong passwords. Before the fix the counter was read before the transaction,
/// so most attempts saw the same count and were all checked; now exactly `lockout_threshold` are.
#[actix_web::test]
async fn parallel_wrong_passwords_are_counted_atomically() {
    let t = TestApp::with(|s| {
        s.login_address_failures = 1000;
        s.workers = 8;
    });
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let attempts = (0..40).map(|i| {
        send(
            &app,
            login_req(&format!("10.1.0.{i}"), None, "social.cc", "wrong-password"),
        )
    });
    let pages = futures_util::future::join_all(attempts).await;
    assert!(pages
        .iter()
        .all(|p| p.status == 401 && p.set_cookie.is_none()));
    let locked = pages.iter().filter(|p| p.body.contains("已锁定")).count();
    assert_eq!(locked, 40 - 4, "only the first four say 'wrong password'");
    let mut c = t.conn();
    let checked = audit_count(&mut c, "login", "failure");
    assert_eq!(checked, 5, "exactly the threshold of attempts was checked");
    assert_eq!(
        failed_logins(&t, "social.cc") as i64,
        checked,
        "counter = attempts checked"
    );
    assert_eq!(audit_count(&mut c, "lockout", "success"), 1);
    assert_eq!(
        audit_count(&mut c, "login", "denied"),
        35,
        "every attempt after the threshold refused unchecked"
    );
    drop(c);
    // The right password is refused too while locked, and works once the lock has run out.
    let p = send(&app, login_req("10.1.1.1", None, "social.cc", PW)).await;
    assert_eq!(p.status, 401);
    t.clock.advance(Duration::minutes(16));
    let p = send(&app, login_req("10.1.1.1", None, "social.cc", PW)).await;
    assert_eq!(p.status, 303);
    assert_eq!(failed_logins(&t, "social.cc"), 0);
}

/// Point 4: after N failures from one address its further attempts are refused (429, translated)
/// before any password check, whatever account they name; another address is held only by the
/// account lock. Forged `X-Forwarded-For` from an untrusted peer changes nothing; a trusted proxy's
/// does.
#[actix_web::test]
async fn failed_logins_are_throttled_per_address_not_per_account() {
    let t = TestApp::with(|s| {
        s.login_address_failures = 3;
        s.lockout_threshold = 4;
        s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    });
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // Successful logins never count: a busy office behind one address is not throttled.
    for _ in 0..5 {
        let p = send(&app, login_req("10.2.0.1", None, "head.cc", PW)).await;
        assert_eq!(p.status, 303);
    }
    for i in 0..3 {
        let forged = format!("192.0.2.{i}");
        let p = send(
            &app,
            login_req("10.2.0.1", Some(&forged), "head.cc", "wrong-password"),
        )
        .await;
        assert_eq!(p.status, 401, "failure {i}");
    }
    let mut c = t.conn();
    let checked = audit_count(&mut c, "login", "failure");
    drop(c);
    for user in ["head.cc", "social.cc"] {
        let p = send(&app, login_req("10.2.0.1", Some("192.0.2.77"), user, PW)).await;
        assert_eq!(p.status, 429, "{user}: the address is throttled");
        assert!(p.body.contains("此网络地址登录失败次数过多"), "{}", p.body);
        assert!(p.set_cookie.is_none());
    }
    assert_eq!(
        audit_count(&mut t.conn(), "login", "failure"),
        checked,
        "no password checked for a throttled address"
    );
    // Another address: head.cc is not locked (3 of 4 failures), and logs in.
    let p = send(&app, login_req("10.2.0.2", None, "head.cc", PW)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Through the trusted proxy each forwarded client counts apart; the account lock still holds.
    for i in 0..4 {
        let client = format!("10.3.0.{i}");
        let p = send(
            &app,
            login_req("127.0.0.1", Some(&client), "social.cc", "wrong-password"),
        )
        .await;
        assert_eq!(p.status, 401, "client {i}");
    }
    let p = send(
        &app,
        login_req("127.0.0.1", Some("10.3.0.9"), "social.cc", PW),
    )
    .await;
    assert_eq!(p.status, 401, "locked by the account lock, not the address");
    assert!(p.body.contains("已锁定"), "{}", p.body);
    // The API refuses a throttled address with JSON.
    let req = test::TestRequest::post()
        .uri("/api/v1/login")
        .peer_addr("10.2.0.1:40001".parse::<SocketAddr>().unwrap())
        .set_json(serde_json::json!({"username": "head.cc", "password": PW}))
        .to_request();
    let p = send(&app, req).await;
    let e: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(
        (p.status, e["error"]["code"].as_str()),
        (429, Some("too_many_attempts"))
    );
}

/// Point 4: a locked account's owner gets in through the admin: unlocking needs the confirmation,
/// ends the lock at once, shows a message and is in the audit log.
#[actix_web::test]
async fn admin_unlock_ends_a_lock_and_is_audited() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for _ in 0..5 {
        send(&app, login_req("10.4.0.1", None, "medical.cc", "nope-nope")).await;
    }
    let p = send(&app, login_req("10.4.0.2", None, "medical.cc", PW)).await;
    assert!(p.body.contains("已锁定"));
    let id = fuyu::auth::model::by_username(&mut t.conn(), "medical.cc")
        .unwrap()
        .unwrap()
        .id;
    let path = format!("/admin/users/{id}");
    let mut admin = login(&app, "admin").await;
    let page = admin.get(&app, &path).await;
    assert!(page.body.contains("锁定至") && page.body.contains("name=\"confirm\""));
    let p = admin.post(&app, &path, &[("action", "unlock")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("请勾选确认后再提交"));
    assert_eq!(audit_count(&mut t.conn(), "unlock", "success"), 0);
    let p = admin
        .post(&app, &path, &[("action", "unlock"), ("confirm", "yes")])
        .await;
    assert_eq!(
        (p.status, p.location.as_deref()),
        (303, Some(path.as_str()))
    );
    let page = admin.get(&app, &path).await;
    assert!(page.body.contains("账户已解锁"), "flash shown");
    assert!(!page.body.contains("锁定至"));
    assert_eq!(audit_count(&mut t.conn(), "unlock", "success"), 1);
    let p = send(&app, login_req("10.4.0.2", None, "medical.cc", PW)).await;
    assert_eq!(p.status, 303, "the owner logs in at once");
}

/// Point 9: HSTS only when the request came over TLS, which Fuyu learns from a trusted proxy's
/// `X-Forwarded-Proto` (the same header from anyone else is ignored).
#[actix_web::test]
async fn hsts_only_over_tls_as_a_trusted_proxy_reports_it() {
    let t = TestApp::with(|s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]);
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let hsts = |peer: &str, proto: Option<&str>| {
        let mut r = test::TestRequest::get()
            .uri("/login")
            .peer_addr(format!("{peer}:40000").parse::<SocketAddr>().unwrap());
        if let Some(p) = proto {
            r = r.insert_header(("x-forwarded-proto", p));
        }
        r.to_request()
    };
    for (peer, proto, expected) in [
        ("127.0.0.1", Some("https"), Some("max-age=31536000")),
        ("127.0.0.1", Some("http"), None),
        ("127.0.0.1", None, None),
        ("10.5.0.1", Some("https"), None),
    ] {
        let resp = test::call_service(&app, hsts(peer, proto)).await;
        assert_eq!(
            resp.headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            expected,
            "{peer} {proto:?}"
        );
    }
}

/// Point 9: an API token unused for `session_idle_minutes` ends like a web session; one in use lasts.
#[actix_web::test]
async fn idle_api_tokens_expire_like_web_sessions() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (_, body) = api_token(&app, "head.cc", PW).await;
    let busy = body["token"].as_str().unwrap().to_string();
    let (_, body) = api_token(&app, "social.cc", PW).await;
    let idle = body["token"].as_str().unwrap().to_string();
    for _ in 0..6 {
        t.clock.advance(Duration::minutes(20));
        assert_eq!(api_get(&app, "/api/v1/me", &busy).await.0, 200, "in use");
    }
    let (s, e) = api_get(&app, "/api/v1/me", &idle).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("unauthorized")),
        "two idle hours"
    );
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        api_get(&app, "/api/v1/me", &busy).await.0,
        200,
        "29 minutes"
    );
    t.clock.advance(Duration::minutes(30));
    assert_eq!(
        api_get(&app, "/api/v1/me", &busy).await.0,
        401,
        "30 minutes"
    );
}
