//! The slow-statement log: with `FUYU_SLOW_QUERY_MS=N` set, every statement that takes N ms or more is
//! logged (level warn) with its time and its SQL text — never its bound values, which can be a child's
//! name or ID number (children's data stays out of the logs). Off when the variable is unset; it is how
//! the benchmark's slow routes are taken apart (docs/benchmarks.md).

use diesel::connection::{Instrumentation, InstrumentationEvent};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static LIMIT: OnceLock<Duration> = OnceLock::new();

struct SlowStatements {
    limit: Duration,
    started: Option<Instant>,
}

impl Instrumentation for SlowStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => self.started = Some(Instant::now()),
            InstrumentationEvent::FinishQuery { query, .. } => {
                let Some(took) = self.started.take().map(|t| t.elapsed()) else {
                    return;
                };
                if took >= self.limit {
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
    LIMIT.get().map(|&limit| {
        Box::new(SlowStatements {
            limit,
            started: None,
        }) as Box<dyn Instrumentation>
    })
}

/// Turn the log on for the connections made from now on when `FUYU_SLOW_QUERY_MS` holds a number.
pub fn install_from_env() {
    let Some(ms) = std::env::var("FUYU_SLOW_QUERY_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    else {
        return;
    };
    if LIMIT.set(Duration::from_millis(ms)).is_ok()
        && diesel::connection::set_default_instrumentation(make).is_err()
    {
        log::warn!("the slow-statement log could not be installed");
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
