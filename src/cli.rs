//! Command line: serve, demo, seed-demo, migrate, check-config, audit-verify, backup, restore,
//! create-user, list-institutions, run-jobs.

mod backup;

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db;
use crate::platform::AppState;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "fuyu",
    version,
    about = "Fuyu 抚育 — child-welfare institution operations"
)]
pub struct Cli {
    /// Settings file (default: ./fuyu.toml when present, or $FUYU_CONFIG).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://… (overrides settings and environment).
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run pending migrations, then serve.
    Serve {
        #[arg(long)]
        bind: Option<String>,
    },
    /// Create the database if needed, seed it when empty, print the demo accounts, serve.
    Demo {
        #[arg(long)]
        bind: Option<String>,
    },
    /// Load the demo data set into an empty database.
    SeedDemo,
    /// Run pending migrations.
    Migrate,
    /// Check the settings and the database connection.
    CheckConfig,
    /// Verify the audit hash chain; exits non-zero at the first broken row.
    AuditVerify,
    /// Consistent copy of the database and the document store into a new folder, with a manifest of
    /// SHA-256s (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Check a backup's manifest, then put its database and documents back (stop the service first).
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
    /// Create an account.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_file: PathBuf,
        /// admin, head, caregiver, social-worker, medical, transfer-officer, registrar, supervisor
        #[arg(long)]
        role: String,
        #[arg(long, conflicts_with = "division")]
        institution: Option<String>,
        #[arg(long)]
        division: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// One line per institution: CODE, KIND, NAME, DIVISION separated by tabs.
    ListInstitutions,
    /// Run the daily job pass now.
    RunJobs,
    /// Generate a large realistic data set (children, documents, entries) for benchmarks.
    BenchData {
        #[arg(long)]
        children: usize,
        /// Also this many submitted transfer batches (one child each) from the demo county.
        #[arg(long, default_value_t = 0)]
        transfer_batches: usize,
    },
    /// Measure a transfer batch: completing N children with M items each, and the batch PDF.
    BenchTransfer {
        #[arg(long, default_value_t = 500)]
        children: usize,
        #[arg(long, default_value_t = 40)]
        items: usize,
    },
    /// Measure list and PDF latency through the real application; prints a Markdown table.
    Bench {
        #[arg(long, default_value_t = 200)]
        rounds: usize,
        /// Print the login and sample ids/search terms scripts/bench-http.sh loads, instead of measuring.
        #[arg(long)]
        http_sample: bool,
    },
}

/// Entry point used by `main`; returns the process exit code.
pub fn main() -> i32 {
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,actix_server=warn"),
    )
    .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("fuyu: {msg}");
            1
        }
    }
}

fn settings(cli: &Cli, bind: Option<&String>) -> Result<Settings, String> {
    let mut s = Settings::load(cli.config.as_deref()).map_err(|e| e.to_string())?;
    if let Some(u) = &cli.database_url {
        s.database_url = u.clone();
    }
    if let Some(b) = bind {
        s.bind = b.clone();
    }
    s.finish().map_err(|e| e.to_string())
}

/// Connect, migrate, seed policy defaults: what every command that touches data does first.
pub fn prepare(s: &Settings, clock: Arc<dyn Clock>) -> Result<AppState, String> {
    let pool = db::connect(&s.database_url, (s.workers as u32 * 2 + 4).max(6))
        .map_err(|e| e.to_string())?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    let applied = db::migrate(&mut conn).map_err(|e| e.to_string())?;
    for m in &applied {
        log::info!("applied migration {m}");
    }
    // Every module's reference data (policy defaults, built-in restriction kinds, checklist template).
    for m in crate::modules::ALL {
        if let Some(setup) = m.setup {
            setup(&mut conn, clock.now()).map_err(|e| e.to_string())?;
        }
    }
    db::refresh_statistics(&mut conn).map_err(|e| e.to_string())?;
    drop(conn);
    Ok(AppState {
        db_gate: Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize)),
        views: crate::audit::batch::ViewLog::start(pool.clone()),
        pool,
        settings: Arc::new(s.clone()),
        clock,
        login_throttle: Default::default(),
        running: Default::default(),
        kept: Default::default(),
        kept_pages: crate::platform::figures::KeptFigures::with_capacity(s.kept_pages),
        kept_rows: crate::platform::kept_rows::KeptRows::with_capacity(s.kept_rows),
    })
}

fn conn(state: &AppState) -> Result<db::PooledConn, String> {
    state
        .pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))
}

fn run(cli: Cli) -> Result<i32, String> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match &cli.command {
        Command::Serve { bind } => {
            let s = settings(&cli, bind.as_ref())?;
            let state = prepare(&s, clock)?;
            serve(state)
        }
        Command::Demo { bind } => {
            let s = settings(&cli, bind.as_ref())?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            if crate::demo::is_empty(&mut c).map_err(|e| e.to_string())? {
                println!("正在载入演示数据 Loading demo data…");
                crate::demo::seed(&mut c, &state.settings.uploads_dir(), state.clock.now())
                    .map_err(|e| e.to_string())?;
            }
            drop(c);
            crate::demo::print_accounts();
            println!("\n打开 Open http://{}/", s.bind);
            serve(state)
        }
        Command::SeedDemo => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            if !crate::demo::is_empty(&mut c).map_err(|e| e.to_string())? {
                return Err(
                    "the database is not empty; seed-demo only loads into an empty database".into(),
                );
            }
            crate::demo::seed(&mut c, &state.settings.uploads_dir(), state.clock.now())
                .map_err(|e| e.to_string())?;
            crate::demo::print_accounts();
            Ok(0)
        }
        Command::Migrate => {
            let s = settings(&cli, None)?;
            prepare(&s, clock)?;
            println!("migrations up to date");
            Ok(0)
        }
        Command::CheckConfig => {
            let s = settings(&cli, None)?;
            println!("bind = {}", s.bind);
            println!("database = {}", redact_url(&s.database_url));
            println!("data_dir = {}", s.data_dir.display());
            println!("session_idle_minutes = {}", s.session_idle_minutes);
            println!(
                "lockout = {} failures → {} minutes",
                s.lockout_threshold, s.lockout_minutes
            );
            println!(
                "mail = {}",
                s.smtp_host
                    .as_deref()
                    .map(|h| format!("smtp {h}:{}", s.smtp_port))
                    .unwrap_or_else(|| format!("files in {}", s.mail_dir().display()))
            );
            let pool = db::connect(&s.database_url, 1).map_err(|e| e.to_string())?;
            pool.get()
                .map_err(|e| format!("cannot connect to the database: {e}"))?;
            println!("configuration OK");
            Ok(0)
        }
        Command::AuditVerify => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            match crate::audit::verify(&mut c).map_err(|e| e.to_string())? {
                crate::audit::Verify::Intact { rows } => {
                    println!("audit chain intact: {rows} rows");
                    Ok(0)
                }
                crate::audit::Verify::Broken { row_id, reason } => {
                    eprintln!("audit chain BROKEN at row {row_id}: {reason}");
                    Ok(2)
                }
            }
        }
        Command::Backup { to } => {
            let s = settings(&cli, None)?;
            backup::backup(&s, to)
        }
        Command::Restore { from, force } => {
            let s = settings(&cli, None)?;
            backup::restore(&s, from, *force)
        }
        Command::CreateUser {
            username,
            password_file,
            role,
            institution,
            division,
            display_name,
        } => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let password = std::fs::read_to_string(password_file).map_err(|e| {
                format!("cannot read password file {}: {e}", password_file.display())
            })?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            crate::auth::password::check_strength(&password).map_err(|k| {
                crate::platform::catalogue(crate::platform::Lang::En)
                    .t(k)
                    .to_string()
            })?;
            let hash = crate::auth::password::hash(&password)?;
            let account = crate::auth::users_admin::NewAccount {
                username: username.clone(),
                display_name: display_name.clone().unwrap_or_else(|| username.clone()),
                role: role.clone(),
                institution: institution.clone().unwrap_or_default(),
                division: division.clone().unwrap_or_default(),
                password,
                ..Default::default()
            };
            let mut c = conn(&state)?;
            let tr = crate::platform::catalogue(crate::platform::Lang::En);
            let actor = crate::audit::Actor::system("cli");
            match crate::auth::users_admin::create_account(
                &mut c,
                tr,
                &account,
                &hash,
                state.clock.now(),
                &actor,
            )
            .map_err(|e| e.to_string())?
            {
                Ok(id) => {
                    println!("created user {username} (id {id}, role {role})");
                    Ok(0)
                }
                Err(errors) => {
                    for f in errors.fields() {
                        eprintln!("{f}: {}", errors.msg(f));
                    }
                    Ok(1)
                }
            }
        }
        Command::ListInstitutions => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            let rows = crate::org::model::list_in_scope(
                &mut c,
                &crate::auth::scope::InstitutionScope::All,
            )
            .map_err(|e| e.to_string())?;
            for (i, d) in rows {
                println!("{}\t{}\t{}\t{}", i.code, i.kind, i.name, d.name);
            }
            Ok(0)
        }
        Command::BenchData {
            children,
            transfer_batches,
        } => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            let t0 = std::time::Instant::now();
            let mut msg = crate::archive::bench::generate(&mut c, &state, *children)?;
            if *transfer_batches > 0 {
                msg.push_str("; ");
                msg.push_str(&crate::transfer::bench::batches(&state, *transfer_batches)?);
            }
            // A million new rows: statistics for the planner now, not at the next start.
            if db::is_sqlite(&c) {
                use diesel::connection::SimpleConnection;
                c.batch_execute("ANALYZE").map_err(|e| e.to_string())?;
            }
            // The day's pass over the new children now, so a server started on this data meets it in
            // its normal state (not opening hundreds of thousands of tasks while a benchmark runs).
            let r = crate::jobs::run(&mut c, state.clock.today(), state.clock.now())
                .map_err(|e| e.to_string())?;
            msg.push_str(&format!("; daily pass: {} tasks opened", r.opened));
            println!("{msg} in {:.1} s", t0.elapsed().as_secs_f64());
            Ok(0)
        }
        Command::BenchTransfer { children, items } => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            println!(
                "{}",
                crate::transfer::bench::transfer(&state, *children, *items)?
            );
            Ok(0)
        }
        Command::Bench {
            rounds,
            http_sample,
        } => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            if *http_sample {
                println!("{}", crate::archive::bench::http::sample(state)?);
                return Ok(0);
            }
            println!("{}", crate::archive::bench::run(state, *rounds)?);
            Ok(0)
        }
        Command::RunJobs => {
            let s = settings(&cli, None)?;
            let state = prepare(&s, clock)?;
            let mut c = conn(&state)?;
            let r = crate::jobs::run(&mut c, state.clock.today(), state.clock.now())
                .map_err(|e| e.to_string())?;
            println!(
                "tasks opened {}, closed {}, open now {}",
                r.opened, r.closed, r.open_total
            );
            Ok(0)
        }
    }
}

fn redact_url(u: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    match (u.find("://"), u.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &u[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &u[..s + 3], &creds[..c], &u[at..]),
                None => u.to_string(),
            }
        }
        _ => u.to_string(),
    }
}

/// Serve until stopped; runs the job pass at start and daily, and the mail worker.
pub fn serve(state: AppState) -> Result<i32, String> {
    let bind = state.settings.bind.clone();
    let workers = state.settings.workers;
    actix_web::rt::System::new().block_on(async move {
        let data = actix_web::web::Data::new(state);
        crate::mail::spawn_worker(data.clone());
        spawn_daily_jobs(data.clone());
        spawn_memory_trim();
        let d2 = data.clone();
        let server = actix_web::HttpServer::new(move || crate::build_app(d2.clone()))
            .workers(workers)
            .bind(&bind)
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        log::info!("listening on http://{bind}/");
        let stopped = server.run().await.map_err(|e| e.to_string());
        // A clean stop loses no view record: write what the batch writer still holds.
        data.views.shutdown();
        stopped?;
        Ok(0)
    })
}

/// Give memory freed by a burst back to the system every few seconds (`platform::memory`).
fn spawn_memory_trim() {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(crate::platform::memory::TRIM_EVERY);
        loop {
            tick.tick().await;
            let _ = actix_web::rt::task::spawn_blocking(crate::platform::memory::trim).await;
        }
    });
}

fn spawn_daily_jobs(state: actix_web::web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        // Started again on a day whose pass already ran (a restart, or data seeded today): not again.
        let st = state.clone();
        let mut last_day = actix_web::web::block(move || {
            let today = st.clock.today();
            let mut c = st.pool.get().ok()?;
            crate::jobs::ran_on(&mut c, today)
                .ok()
                .filter(|ran| *ran)
                .map(|_| today)
        })
        .await
        .ok()
        .flatten();
        loop {
            tick.tick().await;
            let today = state.clock.today();
            if last_day == Some(today) {
                continue;
            }
            let st = state.clone();
            let r = actix_web::web::block(move || -> Result<crate::jobs::RunSummary, String> {
                let mut c = st.pool.get().map_err(|e| e.to_string())?;
                crate::jobs::run(&mut c, st.clock.today(), st.clock.now())
                    .map_err(|e| e.to_string())
            })
            .await;
            match r {
                Ok(Ok(s)) => {
                    log::info!("daily jobs: opened {} closed {}", s.opened, s.closed);
                    last_day = Some(today);
                }
                Ok(Err(e)) => log::warn!("daily jobs failed: {e}"),
                Err(e) => log::warn!("daily jobs failed: {e}"),
            }
        }
    });
}
