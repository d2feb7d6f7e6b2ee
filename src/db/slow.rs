//! The slow-statement log: with `FUYU_SLOW_QUERY_MS=N` set, every statement that takes N ms or more is
//! logged (level warn) with its time and its SQL text — never its bound values, which can be a child's
//! name or ID number (children's data stays out of the logs). Off when the variable is unset; it is how
//! the benchmark's slow routes are taken apart (docs/benchmarks.md).
//!
//! The same instrumentation checks, while `db::version::require_versioned_writes` is on (the test
//! suite), that every write runs inside a versioned transaction.

use diesel::connection::{Instrumentation, InstrumentationEvent};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static LIMIT: OnceLock<Duration> = OnceLock::new();

struct SlowStatements {
    limit: Option<Duration>,
    started: Option<Instant>,
}

impl Instrumentation for SlowStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                if super::version::strict() {
                    super::version::check_statement(&query.to_string());
                }
                self.started = Some(Instant::now());
            }
            InstrumentationEvent::FinishQuery { query, .. } => {
                let (Some(limit), Some(took)) =
                    (self.limit, self.started.take().map(|t| t.elapsed()))
                else {
                    return;
                };
                if took >= limit {
                    log::warn!(
                        "slow statement ({} ms): {}",
                        took.as_millis(),
                        sql_only(&query.to_string())
                    );
                }
            }
            _ => {}
        }
    }
}

/// The statement without diesel's ` -- binds: [...]` tail.
fn sql_only(text: &str) -> &str {
    text.split(" -- binds:").next().unwrap_or("")
}

fn make() -> Option<Box<dyn Instrumentation>> {
    let limit = LIMIT.get().copied();
    if limit.is_none() && !super::version::strict() {
        return None;
    }
    Some(Box::new(SlowStatements {
        limit,
        started: None,
    }) as Box<dyn Instrumentation>)
}

/// Install the instrumentation for the connections made from now on (idempotent).
pub(crate) fn install() {
    if diesel::connection::set_default_instrumentation(make).is_err() {
        log::warn!("the statement instrumentation could not be installed");
    }
}

/// Turn the log on for the connections made from now on when `FUYU_SLOW_QUERY_MS` holds a number.
pub fn install_from_env() {
    let Some(ms) = std::env::var("FUYU_SLOW_QUERY_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    else {
        return;
    };
    if LIMIT.set(Duration::from_millis(ms)).is_ok() {
        install();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bound_values_are_cut_off() {
        assert_eq!(
            super::sql_only("SELECT 1 FROM children WHERE legal_name = ? -- binds: [\"张三\"]"),
            "SELECT 1 FROM children WHERE legal_name = ?"
        );
        assert_eq!(super::sql_only("SELECT 1"), "SELECT 1");
    }
}
