//! Work a request started and left running (issue 17 point 5: an import of thousands of rows), and how
//! far it is, for the page that shows it. In memory, per application (`AppState::running`): the work
//! itself is one database transaction, so nothing of it is visible in the database until it ends — the
//! counter is the only way to show progress, and it need not survive a restart (a restarted server has
//! rolled the transaction back, and the page shows the stored state again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Where a piece of work is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` steps are done.
    Running { done: usize, total: usize },
    /// It ended; the message (in the starter's language) is shown once, then forgotten.
    Ended { ok: bool, message: String },
}

/// The running work of one application; cheap to clone (all clones share it).
#[derive(Clone, Default)]
pub struct Running {
    work: Arc<Mutex<HashMap<String, Progress>>>,
}

impl Running {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Progress>> {
        // A panic while holding the lock leaves a counter, not a broken invariant: keep going.
        self.work.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Start `key` with `total` steps; false if it is already running (a second click).
    pub fn start(&self, key: &str, total: usize) -> bool {
        let mut w = self.lock();
        if matches!(w.get(key), Some(Progress::Running { .. })) {
            return false;
        }
        w.insert(key.to_string(), Progress::Running { done: 0, total });
        true
    }
    /// `done` of `total` steps of `key` are done (the total known at the start may change once the
    /// work knows better).
    pub fn advance(&self, key: &str, done: usize, total: usize) {
        if let Some(Progress::Running { done: d, total: t }) = self.lock().get_mut(key) {
            (*d, *t) = (done, total);
        }
    }
    /// `key` ended, with the message to show once.
    pub fn end(&self, key: &str, ok: bool, message: String) {
        self.lock()
            .insert(key.to_string(), Progress::Ended { ok, message });
    }
    /// Where `key` is; an ended piece of work is returned once and forgotten.
    pub fn take(&self, key: &str) -> Option<Progress> {
        let mut w = self.lock();
        match w.get(key) {
            Some(Progress::Ended { .. }) => w.remove(key),
            other => other.cloned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_once_counts_up_and_its_end_is_shown_once() {
        let r = Running::default();
        assert_eq!(r.take("import:1"), None);
        assert!(r.start("import:1", 10));
        assert!(!r.start("import:1", 10), "a second start while running");
        r.advance("import:1", 4, 12);
        assert_eq!(
            r.clone().take("import:1"),
            Some(Progress::Running { done: 4, total: 12 }),
            "clones share the work"
        );
        assert_eq!(r.take("import:2"), None, "another key");
        r.end("import:1", true, "done".into());
        r.advance("import:1", 9, 12);
        assert_eq!(
            r.take("import:1"),
            Some(Progress::Ended {
                ok: true,
                message: "done".into()
            })
        );
        assert_eq!(r.take("import:1"), None, "shown once");
        assert!(r.start("import:1", 3), "may run again once ended");
    }
}
