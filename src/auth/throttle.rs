//! Per-client-address throttling of failed logins (issue 10 point 4).
//!
//! The per-account lock (`session::login`) stops guessing one account's password, but anyone who
//! knows a username can use it to lock the owner out, and one address can try many accounts. This
//! throttle counts the failed logins of each client address (peer address, or the address a
//! configured trusted proxy forwards, see `web::client_addr`) in a fixed window
//! (`login_address_failures` per `login_address_window_minutes`, from the settings); past it, further
//! attempts from that address are refused with 429 before any password is checked. A successful
//! login gives its count back, so a busy office behind one address that logs in correctly is never
//! throttled. The counts live in memory (actix-extensible-rate-limit's fixed-window store, MIT/Apache):
//! they are per server process and start empty after a restart, which is acceptable for a limit
//! measured in minutes.

use crate::config::Settings;
use actix_extensible_rate_limit::backend::memory::InMemoryBackend;
use actix_extensible_rate_limit::backend::{Backend, SimpleInput};
use actix_extensible_rate_limit::HeaderCompatibleOutput;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The shared failure counts of one application (all workers); cheap to clone.
#[derive(Clone, Default)]
pub struct LoginThrottle {
    // Built on first use, inside the server's runtime (the store starts its own clean-up task). The
    // store itself is never cloned: dropping a clone of it would stop that task.
    store: Arc<OnceLock<InMemoryBackend>>,
}

/// Whether an attempt from this address may go on to the password check.
pub enum Gate {
    /// Go on; hand the ticket back with [`LoginThrottle::succeeded`] if the login succeeds.
    Open(Ticket),
    /// Too many failures from this address: refused for about this many more minutes.
    Refused { minutes: u64 },
}

/// One counted attempt, given back when it turns out not to be a failure.
pub struct Ticket(String);

impl LoginThrottle {
    fn store(&self) -> &InMemoryBackend {
        self.store
            .get_or_init(|| InMemoryBackend::builder().build())
    }

    /// Count an attempt from `addr` and say whether it may proceed.
    pub async fn enter(&self, settings: &Settings, addr: &str) -> Gate {
        let input = SimpleInput {
            interval: Duration::from_secs(settings.login_address_window_minutes * 60),
            max_requests: settings.login_address_failures,
            key: format!("login:{addr}"),
        };
        match self.store().request(input).await {
            Ok((decision, _, key)) if decision.is_allowed() => Gate::Open(Ticket(key)),
            Ok((_, out, _)) => Gate::Refused {
                minutes: out.seconds_until_reset().div_ceil(60).max(1),
            },
            Err(never) => match never {},
        }
    }

    /// The attempt succeeded: it does not count as a failure of its address.
    pub async fn succeeded(&self, ticket: Ticket) {
        match self.store().rollback(ticket.0).await {
            Ok(()) => {}
            Err(never) => match never {},
        }
    }
}
