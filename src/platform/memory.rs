//! Giving freed memory back to the system (issue 11). glibc's malloc keeps what a burst of requests
//! freed (a PDF of a hundred documents parses and subsets a CJK font, and eight of them at once take
//! a few hundred MB) in its arenas, so the server's RSS stayed near its peak long after. `trim` asks
//! glibc to return it: measured on the 100,000-child benchmark, RSS after the PDF route fell from
//! 261 MB to 113 MB. Called after each PDF and every few seconds by the server; a no-op elsewhere.

/// Return the free pages of every malloc arena to the system.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes the arena locks itself
    // and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How often the server trims while it runs.
pub const TRIM_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
