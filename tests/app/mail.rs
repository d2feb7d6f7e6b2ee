//! Mail: real SMTP delivery to a server process on 127.0.0.1, the offline .eml folder, and retries that
//! never undo the business change.

use crate::support::*;
use diesel::prelude::*;
use fuyu::clock::Clock;
use fuyu::db::schema::{institutions, mail_outbox as m};
use fuyu::mail::{self, Mailer};

/// A real SMTP server process (Debian's python3-aiosmtpd) writing to a maildir.
struct SmtpServer {
    child: std::process::Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_smtp() -> SmtpServer {
    let python = require_tool("python3");
    let ok = std::process::Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .unwrap();
    assert!(
        ok.success(),
        "python3-aiosmtpd is not installed (run scripts/install-deps.sh)"
    );
    let maildir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = SmtpServer {
        child: std::process::Command::new(&python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("box"))
            .spawn()
            .unwrap(),
        port,
        maildir,
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("SMTP server did not start");
}

fn read_maildir(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            for e in rd {
                out.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
            }
        }
    }
    out
}

fn decode_body(raw: &str) -> String {
    // lettre sends non-ASCII bodies base64- or quoted-printable-encoded; decode with the same library family.
    let parsed = raw.replace("\r\n", "\n");
    let body = parsed
        .split("\n\n")
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n\n");
    if parsed
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        use std::io::Read;
        let cleaned: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64_decode(&cleaned);
        let mut s = String::new();
        std::io::Cursor::new(bytes).read_to_string(&mut s).unwrap();
        s
    } else {
        body
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = table.iter().position(|t| *t == c).expect("base64") as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

#[test]
fn delivers_chinese_mail_through_a_real_smtp_server() {
    let server = start_smtp();
    let t = TestApp::with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_tls = fuyu::config::SmtpTls::None;
    });
    let mut settings = (*t.state.settings).clone();
    settings.smtp_port = server.port;
    let now = t.clock.now();
    let mut c = t.conn();
    // Start from an empty outbox (the demo seed queues notices of its own).
    diesel::delete(m::table).execute(&mut c).unwrap();
    // The outbox row is written in the same transaction as the change that causes it.
    fuyu::db::write_tx(&mut c, |c| -> diesel::QueryResult<()> {
        diesel::update(institutions::table.filter(institutions::code.eq("NA-CWI")))
            .set(institutions::bed_capacity.eq(41))
            .execute(c)?;
        mail::enqueue(
            c,
            "head.cc@fuyu.invalid",
            "移交申请已提交：农安县儿童福利院",
            "王院长您好：\n农安县儿童福利院提交了儿童移交申请，请及时审核。",
            now,
        )?;
        Ok(())
    })
    .unwrap();
    let mailer = Mailer::from_settings(&settings).unwrap();
    let r = mail::deliver_due(&mut c, &mailer, &settings, now).unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    let mut msgs = Vec::new();
    for _ in 0..50 {
        msgs = read_maildir(&server.maildir.path().join("box"));
        if !msgs.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(msgs.len(), 1);
    let raw = &msgs[0];
    assert!(raw.contains("head.cc@fuyu.invalid"), "recipient");
    assert!(
        raw.contains("Subject: =?utf-8?") || raw.contains("Subject: =?UTF-8?"),
        "encoded Chinese subject: {raw}"
    );
    let body = decode_body(raw);
    assert!(
        body.contains("农安县儿童福利院提交了儿童移交申请"),
        "Chinese body intact: {body}"
    );
    let sent: Option<chrono::NaiveDateTime> = m::table.select(m::sent_at).first(&mut c).unwrap();
    assert!(sent.is_some());
}

#[test]
fn failed_sends_retry_with_backoff_and_keep_the_change() {
    let t = TestApp::with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = free_port(); // nothing listens here
        s.smtp_tls = fuyu::config::SmtpTls::None;
        s.mail_max_attempts = 2;
    });
    let settings = (*t.state.settings).clone();
    let now = t.clock.now();
    let mut c = t.conn();
    // Start from an empty outbox (the demo seed queues notices of its own).
    diesel::delete(m::table).execute(&mut c).unwrap();
    fuyu::db::write_tx(&mut c, |c| -> diesel::QueryResult<()> {
        diesel::update(institutions::table.filter(institutions::code.eq("NA-CWI")))
            .set(institutions::bed_capacity.eq(42))
            .execute(c)?;
        mail::enqueue(c, "x@fuyu.invalid", "主题", "正文", now)?;
        Ok(())
    })
    .unwrap();
    let mailer = Mailer::from_settings(&settings).unwrap();
    let r = mail::deliver_due(&mut c, &mailer, &settings, now).unwrap();
    assert_eq!(r.retried, 1);
    let (attempts, next): (i32, chrono::NaiveDateTime) = m::table
        .select((m::attempts, m::next_attempt_at))
        .first(&mut c)
        .unwrap();
    assert_eq!(attempts, 1);
    assert!(next > now);
    assert_eq!(
        mail::deliver_due(&mut c, &mailer, &settings, now).unwrap(),
        mail::DeliveryReport::default(),
        "not due yet"
    );
    let r = mail::deliver_due(&mut c, &mailer, &settings, next).unwrap();
    assert_eq!(r.failed, 1, "gives up after max attempts");
    let beds: i32 = institutions::table
        .filter(institutions::code.eq("NA-CWI"))
        .select(institutions::bed_capacity)
        .first(&mut c)
        .unwrap();
    assert_eq!(beds, 42, "the business change stands");
    let summary = fuyu::jobs::run(&mut c, t.clock.today(), t.clock.now()).unwrap();
    assert!(
        summary.opened >= 1,
        "a task tells the admin about the failed mail"
    );
}

#[test]
fn without_smtp_messages_become_eml_files() {
    let t = TestApp::new();
    let settings = (*t.state.settings).clone();
    let mut c = t.conn();
    // Start from an empty outbox (the demo seed queues notices of its own).
    diesel::delete(m::table).execute(&mut c).unwrap();
    mail::enqueue(
        &mut c,
        "head.na@fuyu.invalid",
        "演示邮件",
        "离线演示：邮件写入数据目录。",
        t.clock.now(),
    )
    .unwrap();
    let mailer = Mailer::from_settings(&settings).unwrap();
    assert_eq!(
        mail::deliver_due(&mut c, &mailer, &settings, t.clock.now())
            .unwrap()
            .sent,
        1
    );
    let files: Vec<_> = std::fs::read_dir(settings.mail_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(raw.contains("head.na@fuyu.invalid"));
    assert!(decode_body(&raw).contains("离线演示"));
}
