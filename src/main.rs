//! Thin binary: parse the command line and hand over to the library.

/// mimalloc rather than glibc's malloc: per-thread free lists without the arena locking and chunk
/// consolidation that took a fifth of the server's CPU under many connections (docs/benchmarks.md,
/// session 9).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(fuyu::cli::main());
}
