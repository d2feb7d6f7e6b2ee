//! View records written in batches. A view (or a failed login — any event recorded "alone", with no
//! change of its own) used to cost its own write transaction; under load those transactions queued
//! behind each other. Now a request hands such an event to one writer thread, which appends every event
//! waiting at that moment to the hash chain in one transaction. Changes are not affected: their audit
//! rows stay in the same transaction as the change (`audit::record`).
//!
//! Guarantees (docs/decisions.md "Performance (issue 11)"): the writer commits at most every `PACE`
//! (200 ms) and then takes everything queued, so an event waits at most that plus one write
//! transaction (far under the one second a crash may lose); a clean shutdown (`ViewLog::shutdown`, called by `serve` after the server
//! stops) writes everything queued before returning; the chain is appended under the same lock as any
//! other writer, so `audit-verify` holds.

use super::{Actor, Event};
use crate::db::DbPool;
use chrono::NaiveDateTime;
use std::cell::RefCell;
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Most events appended in one transaction (a bound on how long one commit holds the write lock).
const MAX_BATCH: usize = 2000;

struct Owned {
    at: NaiveDateTime,
    actor: Actor,
    action: String,
    resource_type: String,
    record_id: Option<String>,
    outcome: String,
    detail: String,
}

enum Msg {
    Event(Box<Owned>),
    Flush(Sender<()>),
}

/// The handle the application state keeps; cheap to clone.
#[derive(Clone)]
pub struct ViewLog {
    inner: Arc<Inner>,
}

struct Inner {
    tx: Mutex<Option<Sender<Msg>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// The writer, woken early only by a flush or the shutdown (see `write_loop`).
    thread: Option<std::thread::Thread>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        shut(self);
    }
}

fn shut(inner: &Inner) {
    // Dropping the sender ends the writer's loop after it has written everything queued.
    drop(inner.tx.lock().unwrap_or_else(|e| e.into_inner()).take());
    if let Some(t) = &inner.thread {
        t.unpark();
    }
    if let Some(h) = inner
        .writer
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        let _ = h.join();
    }
}

impl ViewLog {
    /// Start the writer thread on this pool.
    pub fn start(pool: DbPool) -> ViewLog {
        let (tx, rx) = channel();
        let writer = std::thread::Builder::new()
            .name("audit-views".into())
            .spawn(move || write_loop(pool, rx))
            .ok();
        ViewLog {
            inner: Arc::new(Inner {
                tx: Mutex::new(writer.as_ref().map(|_| tx)),
                thread: writer.as_ref().map(|h| h.thread().clone()),
                writer: Mutex::new(writer),
            }),
        }
    }

    /// Wait until every event handed over before this call is in the database.
    pub fn flush(&self) {
        let (ack, done) = channel();
        if self.send(Msg::Flush(ack)).is_ok() {
            if let Some(t) = &self.inner.thread {
                t.unpark();
            }
            let _ = done.recv();
        }
    }

    /// Write everything queued and stop the writer; later events are written synchronously.
    pub fn shutdown(&self) {
        shut(&self.inner);
    }

    fn send(&self, m: Msg) -> Result<(), Msg> {
        match self
            .inner
            .tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            Some(tx) => tx.send(m).map_err(|e| e.0),
            None => Err(m),
        }
    }
}

thread_local! {
    /// The view log of the request running on this thread (set by `AppState::db`).
    static SINK: RefCell<Option<ViewLog>> = const { RefCell::new(None) };
}

/// Run `f` with `log` as this thread's sink for events recorded alone.
pub fn with_sink<T>(log: &ViewLog, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<ViewLog>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            SINK.with(|s| *s.borrow_mut() = prev);
        }
    }
    let prev = SINK.with(|s| s.borrow_mut().replace(log.clone()));
    let _reset = Reset(prev);
    f()
}

/// Hand the event to this thread's view log, if there is one; `false` means "write it yourself".
pub(super) fn defer(at: NaiveDateTime, actor: &Actor, ev: &Event<'_>) -> bool {
    let Some(log) = SINK.with(|s| s.borrow().clone()) else {
        return false;
    };
    let owned = Owned {
        at,
        actor: actor.clone(),
        action: ev.action.to_string(),
        resource_type: ev.resource_type.to_string(),
        record_id: ev.record_id.clone(),
        outcome: ev.outcome.to_string(),
        detail: ev.detail.clone(),
    };
    log.send(Msg::Event(Box::new(owned))).is_ok()
}

/// The least time between two commits of view records. Every commit on SQLite in WAL mode resets the
/// page cache of every other connection at its next read, so a writer that commits the moment anything
/// is queued keeps every reader re-reading its pages (measured: a fifth of a list request's time went
/// to the allocator and the copies behind those re-reads). Five commits a second at most keeps the
/// caches warm; an event waits at most this long plus one commit, far under the one second a crash
/// may lose; a flush (shutdown, the audit page, tests) is served at once.
const PACE: Duration = Duration::from_millis(200);

fn write_loop(pool: DbPool, rx: Receiver<Msg>) {
    let mut last_commit = Instant::now() - PACE;
    // Blocks until there is work; ends when every sender is gone and the queue is empty.
    while let Ok(first) = rx.recv() {
        let mut events = Vec::new();
        let mut waiting = Vec::new();
        let take = |m: Msg, events: &mut Vec<Box<Owned>>, waiting: &mut Vec<_>| match m {
            Msg::Event(e) => events.push(e),
            Msg::Flush(ack) => waiting.push(ack),
        };
        take(first, &mut events, &mut waiting);
        let deadline = last_commit + PACE;
        // Gather until the pace allows a commit, a flush asks for one, or the batch is full. The
        // writer sleeps (parked) rather than waiting on the channel: a receiver waiting on it is
        // woken by every send, and at thousands of views a second those wake-ups cost each request
        // a system call and the writer a context switch (issue 11, session 11). A flush and the
        // shutdown unpark it.
        loop {
            let mut gone = false;
            while events.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(m) => take(m, &mut events, &mut waiting),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        gone = true;
                        break;
                    }
                }
            }
            let now = Instant::now();
            if gone || !waiting.is_empty() || events.len() >= MAX_BATCH || now >= deadline {
                break;
            }
            std::thread::park_timeout(deadline - now);
        }
        if !events.is_empty() {
            write_batch(&pool, &events);
            last_commit = Instant::now();
        }
        for ack in waiting {
            let _ = ack.send(());
        }
    }
}

fn write_batch(pool: &DbPool, events: &[Box<Owned>]) {
    for attempt in 1..=5u64 {
        let written = pool.get().map_err(|e| e.to_string()).and_then(|mut c| {
            crate::db::write_tx_unversioned(&mut c, |c| {
                // One read of the chain's head per batch; each row chains onto the one before.
                let mut prev = super::lock_head(c)?;
                for e in events {
                    let ev = Event {
                        action: &e.action,
                        resource_type: &e.resource_type,
                        record_id: e.record_id.clone(),
                        outcome: &e.outcome,
                        detail: e.detail.clone(),
                    };
                    prev = super::append(c, &prev, e.at, &e.actor, &ev)?;
                }
                Ok::<_, diesel::result::Error>(())
            })
            .map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => return,
            // The error names no person: it is a database or pool error.
            Err(e) => log::warn!(
                "audit view batch of {} not written (attempt {attempt}): {e}",
                events.len()
            ),
        }
        std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
    }
    log::error!(
        "audit view batch of {} events lost after 5 attempts",
        events.len()
    );
}
