//! End to end in headless Chromium: the real binary (`fuyu demo`), every demo role logs in and sees its
//! own home page; a caregiver is refused the admin pages.

use crate::support::*;
use fantoccini::{ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_port(port: u16) {
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("nothing listening on {port}");
}

#[tokio::test(flavor = "current_thread")]
async fn every_demo_role_in_headless_chromium() {
    let chromedriver = require_tool("chromedriver");
    let chromium = if std::path::Path::new("/usr/lib/chromium/chromium").exists() {
        "/usr/lib/chromium/chromium".to_string()
    } else {
        require_tool("chromium")
    };
    let dir = tempfile::tempdir().unwrap();
    // A fresh, empty database: `fuyu demo` creates, seeds and serves it like a newcomer's first run.
    let url = match pg_url() {
        Some(base) => {
            let name = format!("fuyu_e2e_{}", std::process::id());
            pg_admin_exec(
                &base,
                &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}"),
            );
            format!("{}/{}", &base[..base.rfind('/').unwrap()], name)
        }
        None => format!(
            "sqlite://{}",
            dir.path().join("data/fuyu.sqlite3").display()
        ),
    };
    let port = free_port();
    let _server = Killed(
        Command::new(env!("CARGO_BIN_EXE_fuyu"))
            .args([
                "demo",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &url,
            ])
            .env("FUYU_DATA_DIR", dir.path().join("data"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let wd_port = free_port();
    let _driver = Killed(
        Command::new(chromedriver)
            .arg(format!("--port={wd_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_port(port);
    wait_port(wd_port);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-extensions", "--disable-sync", "--no-first-run", "--disable-component-update",
            "--window-size=390,844", format!("--user-data-dir={}", dir.path().join("chrome").display())]}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{wd_port}"))
        .await
        .expect("chromedriver session");
    let base = format!("http://127.0.0.1:{port}");
    let result = async {
        for (user, display, _, _, _) in fuyu::demo::ACCOUNTS {
            client.goto(&format!("{base}/login")).await?;
            assert!(
                client.source().await?.contains("登录"),
                "Chinese login page"
            );
            client
                .find(Locator::Id("username"))
                .await?
                .send_keys(user)
                .await?;
            client
                .find(Locator::Id("password"))
                .await?
                .send_keys(PW)
                .await?;
            client
                .find(Locator::Id("login-submit"))
                .await?
                .click()
                .await?;
            let title = client
                .wait()
                .for_element(Locator::Id("home-title"))
                .await?
                .text()
                .await?;
            assert_eq!(title, "我的工作台", "{user}");
            let who = client.find(Locator::Id("who")).await?.text().await?;
            assert!(who.contains(display), "{user} sees own name: {who}");
            if *user == "caregiver.cc" {
                client.goto(&format!("{base}/admin/users")).await?;
                let body = client.source().await?;
                assert!(
                    body.contains("403") && body.contains("无权"),
                    "caregiver refused admin pages"
                );
                client.goto(&format!("{base}/")).await?;
                client.wait().for_element(Locator::Id("logout")).await?;
            }
            client.find(Locator::Id("logout")).await?.click().await?;
            client
                .wait()
                .for_element(Locator::Id("login-submit"))
                .await?;
        }
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    result.expect("browser flow");
}
