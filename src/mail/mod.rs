//! Mail outbox (发件箱). Modules call [`enqueue`] inside the transaction of the change that causes the
//! message; a worker delivers later with lettre and retries with backoff. A failed send never undoes the
//! business change. Without SMTP settings, messages are written as `.eml` files under `data/mail`.

use crate::config::{Settings, SmtpTls};
use crate::db::schema::mail_outbox;
use crate::db::DbConn;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{FileTransport, SmtpTransport, Transport};

/// Put a message in the outbox. Call it inside the caller's transaction.
pub fn enqueue(
    conn: &mut DbConn,
    to: &str,
    subject: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::recipient.eq(to),
            mail_outbox::subject.eq(subject),
            mail_outbox::body.eq(body),
            mail_outbox::created_at.eq(now),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Where messages go.
pub enum Mailer {
    Smtp(SmtpTransport),
    Files(FileTransport, std::path::PathBuf),
}

impl Mailer {
    pub fn from_settings(s: &Settings) -> Result<Mailer, String> {
        let Some(host) = s.smtp_host.clone() else {
            let dir = s.mail_dir();
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            return Ok(Mailer::Files(FileTransport::new(&dir), dir));
        };
        let builder = match s.smtp_tls {
            SmtpTls::None => SmtpTransport::builder_dangerous(&host),
            SmtpTls::StartTls => SmtpTransport::starttls_relay(&host).map_err(|e| e.to_string())?,
            SmtpTls::Tls => SmtpTransport::relay(&host).map_err(|e| e.to_string())?,
        };
        let mut builder = builder
            .port(s.smtp_port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(u), Some(p)) = (&s.smtp_username, &s.smtp_password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.0.clone()));
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    fn send(&self, msg: &Message) -> Result<(), String> {
        match self {
            Mailer::Smtp(t) => t.send(msg).map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Files(t, _) => t.send(msg).map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Backoff before attempt `n+1`: 1, 2, 4, … minutes, capped at 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    Duration::minutes(minutes.min(360))
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Deliver every due message once. Each row is updated on its own: one bad address never holds up the rest.
pub fn deliver_due(
    conn: &mut DbConn,
    mailer: &Mailer,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<DeliveryReport> {
    let due: Vec<OutboxRow> = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::failed_at.is_null())
        .filter(mail_outbox::next_attempt_at.le(now))
        .order(mail_outbox::id.asc())
        .limit(100)
        .select(OutboxRow::as_select())
        .load(conn)?;
    let mut report = DeliveryReport::default();
    let from: Mailbox = match settings.mail_from.parse() {
        Ok(m) => m,
        Err(_) => return Ok(report),
    };
    for row in due {
        let result = build(&from, &row).and_then(|m| mailer.send(&m));
        let attempts = row.attempts + 1;
        let target = mail_outbox::table.find(row.id);
        match result {
            Ok(()) => {
                diesel::update(target)
                    .set((
                        mail_outbox::sent_at.eq(Some(now)),
                        mail_outbox::attempts.eq(attempts),
                        mail_outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                report.sent += 1;
            }
            Err(e) if attempts >= settings.mail_max_attempts => {
                log::warn!(
                    "mail {} failed permanently after {attempts} attempts",
                    row.id
                );
                diesel::update(target)
                    .set((
                        mail_outbox::failed_at.eq(Some(now)),
                        mail_outbox::attempts.eq(attempts),
                        mail_outbox::last_error.eq(Some(e)),
                    ))
                    .execute(conn)?;
                report.failed += 1;
            }
            Err(e) => {
                log::info!("mail {} attempt {attempts} failed; will retry", row.id);
                diesel::update(target)
                    .set((
                        mail_outbox::attempts.eq(attempts),
                        mail_outbox::next_attempt_at.eq(now + backoff(attempts)),
                        mail_outbox::last_error.eq(Some(e)),
                    ))
                    .execute(conn)?;
                report.retried += 1;
            }
        }
    }
    Ok(report)
}

fn build(from: &Mailbox, row: &OutboxRow) -> Result<Message, String> {
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(row.body.clone())
        .map_err(|e| e.to_string())
}

/// The background worker: every `mail_poll_seconds`, deliver what is due.
pub fn spawn_worker(state: actix_web::web::Data<crate::platform::AppState>) {
    let mailer = match Mailer::from_settings(&state.settings) {
        Ok(m) => std::sync::Arc::new(m),
        Err(e) => {
            log::error!("mail worker not started: {e}");
            return;
        }
    };
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(
            state.settings.mail_poll_seconds.max(1),
        ));
        loop {
            tick.tick().await;
            let (st, m) = (state.clone(), mailer.clone());
            let r = actix_web::web::block(move || -> Result<DeliveryReport, String> {
                let mut c = st.pool.get().map_err(|e| e.to_string())?;
                deliver_due(&mut c, &m, &st.settings, st.clock.now()).map_err(|e| e.to_string())
            })
            .await;
            if let Ok(Err(e)) = r {
                log::warn!("mail worker pass failed: {e}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(super::backoff(1).num_minutes(), 2);
        assert_eq!(super::backoff(3).num_minutes(), 8);
        assert_eq!(super::backoff(30).num_minutes(), 360);
    }
}
