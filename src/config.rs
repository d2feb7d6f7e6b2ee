//! Typed settings: defaults → optional `fuyu.toml` → `FUYU_*` environment variables → command-line flags.
//! A bad setting stops the program at start with a message naming it.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Which SMTP security mode to use for outgoing mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

/// A string that never appears in logs or Debug output.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub session_idle_minutes: i64,
    pub lockout_threshold: i32,
    pub lockout_minutes: i64,
    /// Failed logins one client address may make within `login_address_window_minutes` before its
    /// further attempts are refused with 429 (issue 10 point 4); successful logins do not count.
    pub login_address_failures: u64,
    pub login_address_window_minutes: u64,
    /// Reverse proxies whose `X-Forwarded-For` (client address) and `X-Forwarded-Proto` (https → HSTS)
    /// are believed. Empty by default: then the peer address is the client and the scheme is the
    /// connection's own.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub api_token_hours: i64,
    pub max_form_bytes: usize,
    pub cookie_secure: bool,
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    pub mail_from: String,
    pub mail_poll_seconds: u64,
    pub mail_max_attempts: i32,
    pub workers: usize,
    /// Archive pages' reads kept between views while the data version, the day and the minute stand
    /// (issue 11, `archive::handlers::child_load`); 0 reads every view afresh.
    pub kept_pages: usize,
    /// Rows read by id kept while the data version stands (`platform::kept_rows`); 0 keeps none.
    pub kept_rows: usize,
}

/// Error naming the setting that is wrong.
#[derive(Debug, thiserror::Error)]
#[error("configuration error in {setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        message: message.into(),
    }
}

/// The optional file layer. Unknown keys are an error so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    bind: Option<String>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    session_idle_minutes: Option<i64>,
    lockout_threshold: Option<i32>,
    lockout_minutes: Option<i64>,
    login_address_failures: Option<u64>,
    login_address_window_minutes: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    api_token_hours: Option<i64>,
    max_form_bytes: Option<usize>,
    cookie_secure: Option<bool>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_tls: Option<String>,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    mail_from: Option<String>,
    mail_poll_seconds: Option<u64>,
    mail_max_attempts: Option<i32>,
    workers: Option<usize>,
    kept_pages: Option<usize>,
    kept_rows: Option<usize>,
}

impl Settings {
    pub fn defaults() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: String::new(),
            data_dir: PathBuf::from("./data"),
            session_idle_minutes: 30,
            lockout_threshold: 5,
            lockout_minutes: 15,
            login_address_failures: 10,
            login_address_window_minutes: 15,
            trusted_proxies: Vec::new(),
            api_token_hours: 12,
            max_form_bytes: 64 * 1024,
            cookie_secure: false,
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::StartTls,
            smtp_username: None,
            smtp_password: None,
            mail_from: "Fuyu 抚育 <noreply@fuyu.invalid>".into(),
            mail_poll_seconds: 10,
            mail_max_attempts: 8,
            workers: 2,
            kept_pages: 1024,
            kept_rows: 5000,
        }
    }

    /// Load from the default places: `FUYU_CONFIG` or `./fuyu.toml` if present, then the environment.
    pub fn load(config_path: Option<&Path>) -> Result<Self, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(config_path, &env)
    }

    /// Load with an explicit environment (tests pass their own).
    pub fn load_from(
        config_path: Option<&Path>,
        env: &[(String, String)],
    ) -> Result<Self, ConfigError> {
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut s = Settings::defaults();
        let explicit = config_path
            .map(Path::to_path_buf)
            .or_else(|| get("FUYU_CONFIG").map(PathBuf::from));
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("fuyu.toml"));
        if explicit.is_some() || path.exists() {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                bad(
                    "FUYU_CONFIG",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            let layer: FileLayer = toml::from_str(&text)
                .map_err(|e| bad(&path.display().to_string(), e.message().to_string()))?;
            s.apply_file(layer)?;
        }
        s.apply_env(&get)?;
        Ok(s)
    }

    fn apply_file(&mut self, f: FileLayer) -> Result<(), ConfigError> {
        macro_rules! take { ($($k:ident),*) => { $( if let Some(v) = f.$k { self.$k = v; } )* } }
        take!(
            bind,
            database_url,
            data_dir,
            session_idle_minutes,
            lockout_threshold,
            lockout_minutes,
            login_address_failures,
            login_address_window_minutes,
            api_token_hours,
            max_form_bytes,
            cookie_secure,
            smtp_port,
            mail_from,
            mail_poll_seconds,
            mail_max_attempts,
            workers,
            kept_pages,
            kept_rows
        );
        if f.smtp_host.is_some() {
            self.smtp_host = f.smtp_host;
        }
        if f.smtp_username.is_some() {
            self.smtp_username = f.smtp_username;
        }
        if let Some(p) = f.smtp_password {
            self.smtp_password = Some(Secret(p));
        }
        if let Some(list) = f.trusted_proxies {
            self.trusted_proxies =
                parse_proxies("trusted_proxies", list.iter().map(String::as_str))?;
        }
        if let Some(t) = f.smtp_tls {
            self.smtp_tls = parse_tls("smtp_tls", &t)?;
        }
        Ok(())
    }

    fn apply_env(&mut self, get: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn num<T: std::str::FromStr>(name: &str, v: String) -> Result<T, ConfigError> {
            v.trim()
                .parse()
                .map_err(|_| bad(name, format!("not a valid number: {v:?}")))
        }
        if let Some(v) = get("FUYU_BIND") {
            self.bind = v;
        }
        if let Some(v) = get("DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("FUYU_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("FUYU_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("FUYU_SESSION_IDLE_MINUTES") {
            self.session_idle_minutes = num("FUYU_SESSION_IDLE_MINUTES", v)?;
        }
        if let Some(v) = get("FUYU_LOCKOUT_THRESHOLD") {
            self.lockout_threshold = num("FUYU_LOCKOUT_THRESHOLD", v)?;
        }
        if let Some(v) = get("FUYU_LOCKOUT_MINUTES") {
            self.lockout_minutes = num("FUYU_LOCKOUT_MINUTES", v)?;
        }
        if let Some(v) = get("FUYU_LOGIN_ADDRESS_FAILURES") {
            self.login_address_failures = num("FUYU_LOGIN_ADDRESS_FAILURES", v)?;
        }
        if let Some(v) = get("FUYU_LOGIN_ADDRESS_WINDOW_MINUTES") {
            self.login_address_window_minutes = num("FUYU_LOGIN_ADDRESS_WINDOW_MINUTES", v)?;
        }
        if let Some(v) = get("FUYU_TRUSTED_PROXIES") {
            self.trusted_proxies = parse_proxies(
                "FUYU_TRUSTED_PROXIES",
                v.split(',').map(str::trim).filter(|p| !p.is_empty()),
            )?;
        }
        if let Some(v) = get("FUYU_API_TOKEN_HOURS") {
            self.api_token_hours = num("FUYU_API_TOKEN_HOURS", v)?;
        }
        if let Some(v) = get("FUYU_MAX_FORM_BYTES") {
            self.max_form_bytes = num("FUYU_MAX_FORM_BYTES", v)?;
        }
        if let Some(v) = get("FUYU_COOKIE_SECURE") {
            self.cookie_secure = match v.as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => return Err(bad("FUYU_COOKIE_SECURE", "expected true or false")),
            };
        }
        if let Some(v) = get("FUYU_SMTP_HOST") {
            self.smtp_host = Some(v).filter(|h| !h.is_empty());
        }
        if let Some(v) = get("FUYU_SMTP_PORT") {
            self.smtp_port = num("FUYU_SMTP_PORT", v)?;
        }
        if let Some(v) = get("FUYU_SMTP_TLS") {
            self.smtp_tls = parse_tls("FUYU_SMTP_TLS", &v)?;
        }
        if let Some(v) = get("FUYU_SMTP_USERNAME") {
            self.smtp_username = Some(v);
        }
        if let Some(v) = get("FUYU_SMTP_PASSWORD") {
            self.smtp_password = Some(Secret(v));
        }
        if let Some(v) = get("FUYU_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = get("FUYU_MAIL_POLL_SECONDS") {
            self.mail_poll_seconds = num("FUYU_MAIL_POLL_SECONDS", v)?;
        }
        if let Some(v) = get("FUYU_MAIL_MAX_ATTEMPTS") {
            self.mail_max_attempts = num("FUYU_MAIL_MAX_ATTEMPTS", v)?;
        }
        if let Some(v) = get("FUYU_WORKERS") {
            self.workers = num("FUYU_WORKERS", v)?;
        }
        if let Some(v) = get("FUYU_KEPT_PAGES") {
            self.kept_pages = num("FUYU_KEPT_PAGES", v)?;
        }
        if let Some(v) = get("FUYU_KEPT_ROWS") {
            self.kept_rows = num("FUYU_KEPT_ROWS", v)?;
        }
        Ok(())
    }

    /// Fill derived defaults and check every value; called once after all layers and flags.
    pub fn finish(mut self) -> Result<Self, ConfigError> {
        if self.database_url.is_empty() {
            self.database_url =
                format!("sqlite://{}", self.data_dir.join("fuyu.sqlite3").display());
        }
        crate::db::DbKind::from_url(&self.database_url).map_err(|m| bad("database_url", m))?;
        self.bind
            .parse::<std::net::SocketAddr>()
            .map_err(|_| bad("bind", format!("not an address:port: {:?}", self.bind)))?;
        if self.session_idle_minutes < 1 {
            return Err(bad("session_idle_minutes", "must be at least 1"));
        }
        if self.lockout_threshold < 1 {
            return Err(bad("lockout_threshold", "must be at least 1"));
        }
        if self.lockout_minutes < 1 {
            return Err(bad("lockout_minutes", "must be at least 1"));
        }
        if self.login_address_failures < 1 {
            return Err(bad("login_address_failures", "must be at least 1"));
        }
        if self.login_address_window_minutes < 1 {
            return Err(bad("login_address_window_minutes", "must be at least 1"));
        }
        if self.api_token_hours < 1 {
            return Err(bad("api_token_hours", "must be at least 1"));
        }
        if self.max_form_bytes < 1024 {
            return Err(bad("max_form_bytes", "must be at least 1024"));
        }
        if self.workers == 0 {
            return Err(bad("workers", "must be at least 1"));
        }
        if self.mail_max_attempts < 1 {
            return Err(bad("mail_max_attempts", "must be at least 1"));
        }
        self.mail_from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| bad("mail_from", format!("not a mail address: {e}")))?;
        Ok(self)
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}

fn parse_proxies<'a>(
    name: &str,
    list: impl Iterator<Item = &'a str>,
) -> Result<Vec<std::net::IpAddr>, ConfigError> {
    list.map(|p| {
        p.parse()
            .map_err(|_| bad(name, format!("not an IP address: {p:?}")))
    })
    .collect()
}

fn parse_tls(name: &str, v: &str) -> Result<SmtpTls, ConfigError> {
    match v {
        "none" => Ok(SmtpTls::None),
        "starttls" => Ok(SmtpTls::StartTls),
        "tls" => Ok(SmtpTls::Tls),
        _ => Err(bad(name, "expected none, starttls or tls")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }
    #[test]
    fn defaults_put_sqlite_under_data_dir() {
        let s = Settings::load_from(None, &env(&[("FUYU_DATA_DIR", "/tmp/x")]))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(s.database_url, "sqlite:///tmp/x/fuyu.sqlite3");
        assert_eq!(s.session_idle_minutes, 30);
    }
    #[test]
    fn bad_scheme_names_setting() {
        let e = Settings::load_from(None, &env(&[("DATABASE_URL", "mysql://x")]))
            .unwrap()
            .finish()
            .unwrap_err();
        assert_eq!(e.setting, "database_url");
    }
    #[test]
    fn bad_number_names_variable() {
        let e = Settings::load_from(None, &env(&[("FUYU_LOCKOUT_MINUTES", "ten")])).unwrap_err();
        assert_eq!(e.setting, "FUYU_LOCKOUT_MINUTES");
    }
    #[test]
    fn unreadable_file_is_error_and_unknown_key_named() {
        let e = Settings::load_from(Some(Path::new("/nonexistent/fuyu.toml")), &[]).unwrap_err();
        assert!(e.message.contains("cannot read"));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.toml");
        std::fs::write(&p, "bindd = \"x\"\n").unwrap();
        let e = Settings::load_from(Some(&p), &[]).unwrap_err();
        assert!(e.message.contains("bindd"), "{}", e.message);
        std::fs::write(&p, "session_idle_minutes = 5\n").unwrap();
        let s = Settings::load_from(Some(&p), &env(&[("FUYU_LOCKOUT_THRESHOLD", "3")])).unwrap();
        assert_eq!((s.session_idle_minutes, s.lockout_threshold), (5, 3));
        std::fs::write(&p, "trusted_proxies = [\"127.0.0.1\", \"::1\"]\n").unwrap();
        let s = Settings::load_from(Some(&p), &[]).unwrap();
        assert_eq!(s.trusted_proxies.len(), 2);
        let e =
            Settings::load_from(None, &env(&[("FUYU_TRUSTED_PROXIES", "proxy.lan")])).unwrap_err();
        assert_eq!(e.setting, "FUYU_TRUSTED_PROXIES");
    }
}
