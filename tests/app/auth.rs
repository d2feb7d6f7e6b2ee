//! Accounts, sessions, lockout, CSRF, headers, roles and scopes, bearer tokens.

use crate::support::*;
use actix_web::test;
use chrono::Duration;

#[actix_web::test]
async fn every_demo_role_logs_in_and_sees_its_home() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    for (user, display, role, _, _) in fuyu::demo::ACCOUNTS {
        let mut b = login(&app, user).await;
        let home = b.get(&app, "/").await;
        assert!(home.body.contains("我的工作台"), "{user}: {}", home.body);
        assert!(home.body.contains(display), "{user} sees own name");
        let label = fuyu::platform::i18n::catalogue(fuyu::platform::i18n::Lang::Zh)
            .t(&format!("role.{role}"))
            .to_string();
        assert!(home.body.contains(&label), "{user} sees role {label}");
    }
    let mut c = t.conn();
    assert_eq!(
        audit_count(&mut c, "login", "success"),
        fuyu::demo::ACCOUNTS.len() as i64
    );
}

#[actix_web::test]
async fn wrong_password_is_refused_audited_and_locks_after_five() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = Browser::anonymous();
    for i in 1..=4 {
        let p = b
            .post_raw(
                &app,
                "/login",
                &[("username", "social.cc"), ("password", "wrong-password")],
            )
            .await;
        assert_eq!(p.status, 401, "attempt {i}");
        assert!(p.body.contains("用户名或密码错误"), "message in Chinese");
        assert!(p.body.contains("value=\"social.cc\""), "username kept");
    }
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", "social.cc"), ("password", "wrong-password")],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.body.contains("已锁定"), "fifth failure locks: {}", p.body);
    // Even the right password is refused while locked.
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", "social.cc"), ("password", PW)],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.set_cookie.is_none());
    {
        let mut c = t.conn();
        assert_eq!(audit_count(&mut c, "login", "failure"), 5);
        assert_eq!(audit_count(&mut c, "lockout", "success"), 1);
        assert_eq!(audit_count(&mut c, "login", "denied"), 1);
    }
    // After the lockout period (15 minutes by default) the right password works again.
    t.clock.advance(Duration::minutes(16));
    login(&app, "social.cc").await;
}

#[actix_web::test]
async fn lockout_threshold_and_period_are_configurable() {
    let t = TestApp::with(|s| {
        s.lockout_threshold = 2;
        s.lockout_minutes = 60;
    });
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = Browser::anonymous();
    b.post_raw(
        &app,
        "/login",
        &[("username", "head.cc"), ("password", "nope-nope-nope")],
    )
    .await;
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", "head.cc"), ("password", "nope-nope-nope")],
        )
        .await;
    assert!(p.body.contains("已锁定"));
    t.clock.advance(Duration::minutes(30));
    let p = b
        .post_raw(&app, "/login", &[("username", "head.cc"), ("password", PW)])
        .await;
    assert_eq!(p.status, 401, "still locked at 30 of 60 minutes");
}

#[actix_web::test]
async fn unknown_user_and_control_characters_get_a_clear_message() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = Browser::anonymous();
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", "nobody"), ("password", "whatever-123")],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.body.contains("用户名或密码错误"));
    let p = b
        .post_raw(
            &app,
            "/login",
            &[
                ("username", "bad\u{7}\u{1b}name"),
                ("password", "whatever-123"),
            ],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(
        !p.body.contains('\u{7}'),
        "control characters are not echoed"
    );
    let long = "x".repeat(500);
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", &long), ("password", "whatever-123")],
        )
        .await;
    assert_eq!(p.status, 401);
}

#[actix_web::test]
async fn logout_and_admin_revocation_take_effect_at_once() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "caregiver.cc").await;
    let old = b.clone();
    let p = b.post(&app, "/logout", &[]).await;
    assert_eq!(p.status, 303);
    let mut o = old.clone();
    let p = o.get(&app, "/").await;
    assert_eq!(
        (p.status, p.location.as_deref()),
        (303, Some("/login")),
        "old cookie no longer works"
    );

    let mut victim = login(&app, "medical.cc").await;
    let mut admin = login(&app, "admin").await;
    let users = admin.get(&app, "/admin/users").await;
    let id = users
        .body
        .split("/admin/users/")
        .filter_map(|s| s.split('"').next())
        .find(|s| {
            s.parse::<i64>().is_ok()
                && users
                    .body
                    .contains(&format!("/admin/users/{s}\">medical.cc"))
        });
    let id = id.expect("medical.cc in list");
    let p = admin
        .post(
            &app,
            &format!("/admin/users/{id}"),
            &[("action", "revoke-sessions")],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let p = victim.get(&app, "/").await;
    assert_eq!(p.status, 303, "revoked session refused");
}

#[actix_web::test]
async fn idle_sessions_expire_and_session_id_is_new_at_each_login() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let a = login(&app, "head.cc").await;
    let b = login(&app, "head.cc").await;
    assert_ne!(a.cookie, b.cookie);
    let mut a2 = a.clone();
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        a2.get(&app, "/").await.status,
        200,
        "29 idle minutes: still in"
    );
    t.clock.advance(Duration::minutes(30));
    assert_eq!(a2.get(&app, "/").await.status, 303, "30 idle minutes: out");
}

#[actix_web::test]
async fn csrf_token_is_required_on_session_posts() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "admin").await;
    let p = b
        .post_raw(&app, "/account/language", &[("language", "en")])
        .await;
    assert_eq!(p.status, 403);
    assert!(p.body.contains("表单已过期"));
    let p = b
        .post_raw(
            &app,
            "/account/language",
            &[("language", "en"), ("csrf_token", "0000")],
        )
        .await;
    assert_eq!(p.status, 403);
    let me = b.get(&app, "/account").await;
    assert!(me.body.contains("lang=\"zh-CN\""), "nothing changed");
    let p = b
        .post(&app, "/account/language", &[("language", "en")])
        .await;
    assert_eq!(p.status, 303);
    let me = b.get(&app, "/account").await;
    assert!(
        me.body.contains("lang=\"en\"") && me.body.contains("My account"),
        "English now"
    );
}

#[actix_web::test]
async fn security_headers_on_every_page() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let resp = test::call_service(&app, test::TestRequest::get().uri("/login").to_request()).await;
    let h = resp.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("referrer-policy").is_some());
}

#[actix_web::test]
async fn oversize_form_is_refused_with_a_clear_page() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "admin").await;
    let big = "x".repeat(10 * 1024 * 1024);
    let p = b.post(&app, "/admin/institutions", &[("name", &big)]).await;
    assert_eq!(p.status, 413);
    assert!(p.body.contains("提交的内容过大"));
    let p = b
        .post_raw(&app, "/login", &[("username", &big), ("password", "x")])
        .await;
    assert_eq!(p.status, 413);
}

#[actix_web::test]
async fn caregiver_is_refused_admin_pages_and_supervisor_is_scoped() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut c = login(&app, "caregiver.cc").await;
    for path in [
        "/admin/users",
        "/admin/institutions",
        "/admin/audit",
        "/admin/users/new",
        "/institutions",
    ] {
        assert_eq!(c.get(&app, path).await.status, 403, "{path}");
    }
    assert_eq!(
        c.post(&app, "/admin/policy", &[("key", "foster.max_children")])
            .await
            .status,
        403
    );
    let mut s = login(&app, "supervisor.cc").await;
    let list = s.get(&app, "/institutions").await;
    assert!(list.body.contains("长春市儿童福利院") && list.body.contains("农安县儿童福利院"));
    assert!(
        !list.body.contains("吉林市儿童福利院"),
        "another city's institution is outside the scope"
    );
    let mut h = login(&app, "head.na").await;
    let list = h.get(&app, "/institutions").await;
    assert!(list.body.contains("农安县儿童福利院") && !list.body.contains("长春市儿童福利院"));
    // A row outside the scope answers 404, as if it did not exist.
    let jl_id = {
        let mut conn = t.conn();
        fuyu::org::model::by_code(&mut conn, "JL-CWI")
            .unwrap()
            .unwrap()
            .id
    };
    let cc_id = {
        let mut conn = t.conn();
        fuyu::org::model::by_code(&mut conn, "CC-CWI")
            .unwrap()
            .unwrap()
            .id
    };
    assert_eq!(
        s.get(&app, &format!("/institutions/{jl_id}")).await.status,
        404
    );
    assert_eq!(
        s.get(&app, &format!("/institutions/{cc_id}")).await.status,
        200
    );
}

#[actix_web::test]
async fn password_change_checks_and_ends_other_sessions() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "social.cc").await;
    let mut other = login(&app, "social.cc").await;
    let p = a
        .post(
            &app,
            "/account/password",
            &[
                ("current", "bad"),
                ("new_password", "short"),
                ("confirm", "different"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("当前密码不正确")
            && p.body.contains("至少需要 10 个字符")
            && p.body.contains("不一致")
    );
    let p = a
        .post(
            &app,
            "/account/password",
            &[
                ("current", PW),
                ("new_password", "a-much-longer-one"),
                ("confirm", "a-much-longer-one"),
            ],
        )
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(a.get(&app, "/").await.status, 200, "current session stays");
    assert_eq!(
        other.get(&app, "/").await.status,
        303,
        "other session ended"
    );
    let mut b = Browser::anonymous();
    let p = b
        .post_raw(
            &app,
            "/login",
            &[("username", "social.cc"), ("password", "a-much-longer-one")],
        )
        .await;
    assert_eq!(p.status, 303);
}

#[actix_web::test]
async fn admin_creates_user_with_errors_per_field_then_succeeds() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.get(&app, "/admin/users/new").await;
    let p = a
        .post(
            &app,
            "/admin/users",
            &[
                ("username", "x y"),
                ("display_name", "新护理员"),
                ("role", "caregiver"),
                ("institution", ""),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("用户名须为")
            && p.body.contains("请选择所属机构")
            && p.body.contains("至少需要 10 个字符")
    );
    assert!(p.body.contains("value=\"新护理员\""), "input kept");
    let p = a
        .post(
            &app,
            "/admin/users",
            &[
                ("username", "caregiver2.cc"),
                ("display_name", "新护理员"),
                ("role", "caregiver"),
                ("institution", "CC-CWI"),
                ("password", "initial-pass-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut b = Browser::anonymous();
    let p = b
        .post_raw(
            &app,
            "/login",
            &[
                ("username", "caregiver2.cc"),
                ("password", "initial-pass-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    // Disabling stops the account at once.
    let list = a.get(&app, "/admin/users").await;
    let id = list
        .body
        .split("/admin/users/")
        .filter_map(|s| s.split('"').next())
        .find(|s| {
            list.body
                .contains(&format!("/admin/users/{s}\">caregiver2.cc"))
        })
        .unwrap()
        .to_string();
    a.post(
        &app,
        &format!("/admin/users/{id}"),
        &[("action", "disable")],
    )
    .await;
    let p = b
        .post_raw(
            &app,
            "/login",
            &[
                ("username", "caregiver2.cc"),
                ("password", "initial-pass-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 401);
    assert!(p.body.contains("已停用"));
}

#[actix_web::test]
async fn api_tokens_expire_and_can_be_revoked() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (s, body) = api_token(&app, "admin", "wrong").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (s, body) = api_token(&app, "admin", PW).await;
    assert_eq!(s, 200);
    let token = body["token"].as_str().unwrap().to_string();
    let (s, me) = api_get(&app, "/api/v1/me", &token).await;
    assert_eq!((s, me["role"].as_str()), (200, Some("admin")));
    let (s, users) = api_get(&app, "/api/v1/users", &token).await;
    assert_eq!(s, 200);
    assert!(users.as_array().unwrap().len() >= fuyu::demo::ACCOUNTS.len());
    assert!(
        users[0].get("password_hash").is_none(),
        "hashes never leave the server"
    );
    // A session cookie is not a bearer token.
    let (s, e) = api_get(&app, "/api/v1/me", "not-a-token").await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    // Revoke.
    let req = test::TestRequest::post()
        .uri("/api/v1/logout")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    assert_eq!(send(&app, req).await.status, 204);
    assert_eq!(api_get(&app, "/api/v1/me", &token).await.0, 401);
    // Expiry (12 hours by default).
    let (_, body) = api_token(&app, "head.cc", PW).await;
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(api_get(&app, "/api/v1/me", &token).await.0, 200);
    t.clock.advance(Duration::hours(13));
    assert_eq!(api_get(&app, "/api/v1/me", &token).await.0, 401);
}

#[actix_web::test]
async fn api_scopes_roles_and_json_errors() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (_, b) = api_token(&app, "caregiver.cc", PW).await;
    let care = b["token"].as_str().unwrap().to_string();
    let (s, e) = api_get(&app, "/api/v1/users", &care).await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("forbidden")));
    let (_, b) = api_token(&app, "supervisor.cc", PW).await;
    let sup = b["token"].as_str().unwrap().to_string();
    let (s, list) = api_get(&app, "/api/v1/institutions", &sup).await;
    assert_eq!(s, 200);
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"CC-CWI") && codes.contains(&"NA-CWI") && !codes.contains(&"JL-CWI"),
        "{codes:?}"
    );
    let (s, e) = api_get(&app, "/api/v1/nothing-here", &sup).await;
    assert_eq!((s, e["error"]["code"].as_str()), (404, Some("not_found")));
    let req = test::TestRequest::post()
        .uri("/api/v1/login")
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json")
        .to_request();
    let p = send(&app, req).await;
    let e: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(
        (p.status, e["error"]["code"].as_str()),
        (400, Some("bad_json"))
    );
    let (s, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    assert_eq!(s, 200);
    for path in [
        "/api/v1/login",
        "/api/v1/logout",
        "/api/v1/me",
        "/api/v1/institutions",
        "/api/v1/users",
        "/api/v1/openapi.json",
        "/healthz",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} described");
    }
    let p = send(&app, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(p.status, 200);
}

/// Issue 10 point 9 (in part): pages and JSON with personal data are never cached; the stylesheet is.
#[actix_web::test]
async fn personal_pages_and_json_are_not_cached() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let _ = login(&app, "head.cc").await;
    for (uri, expected) in [
        ("/login", "no-store"),
        ("/api/v1/me", "no-store"),
        ("/static/app.css", "public, max-age=3600"),
    ] {
        let resp = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
        let got = resp
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert_eq!(got, expected, "{uri}");
    }
}

/// Issue 10 point 5: a login form posted from another site is refused (login CSRF), and logging in
/// over an existing session ends that session (no session swap).
#[actix_web::test]
async fn login_from_another_site_is_refused_and_a_new_login_ends_the_old_session() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let body = serde_urlencoded::to_string([("username", "head.cc"), ("password", PW)]).unwrap();
    let foreign = send(
        &app,
        test::TestRequest::post()
            .uri("/login")
            .insert_header(("origin", "https://evil.example"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body.clone())
            .to_request(),
    )
    .await;
    assert_eq!(foreign.status, 403);
    assert!(
        foreign.set_cookie.is_none(),
        "no session for a foreign form"
    );
    let ours = send(
        &app,
        test::TestRequest::post()
            .uri("/login")
            .insert_header(("origin", "http://localhost:8080"))
            .insert_header(("host", "localhost:8080"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request(),
    )
    .await;
    assert_eq!(ours.status, 303, "{}", ours.body);
    // A browser logged in as head.cc logs in as social.cc: head.cc's session is over.
    let mut first = login(&app, "head.cc").await;
    let old = first.cookie.clone().unwrap();
    let p = first
        .post_raw(
            &app,
            "/login",
            &[("username", "social.cc"), ("password", PW)],
        )
        .await;
    assert_eq!(p.status, 303);
    let new = p.set_cookie.clone().unwrap();
    assert_ne!(old, new);
    let mut with_old = Browser::anonymous();
    with_old.cookie = Some(old);
    let page = with_old.get(&app, "/").await;
    assert_eq!(page.status, 303, "the previous session no longer works");
    assert_eq!(page.location.as_deref(), Some("/login"));
    let mut with_new = Browser::anonymous();
    with_new.cookie = Some(new);
    assert_eq!(with_new.get(&app, "/").await.status, 200);
}
