//! Keeping the window's memory low: the app process gives its freed memory back to the system (glibc on
//! Linux), and the web view keeps the caches of a document viewer, not a browser's.
//!
//! A command on a large ledger (a 党委's 自查, its dues year) allocates tens of megabytes it frees at
//! once; glibc keeps freed memory in its heaps, one heap per thread that ever allocated, so the window's
//! process grew with every screen opened (docs/benchmarks.md). The window's process uses two heaps, and after a command that ran long
//! enough to have allocated much, returns what its heaps hold free.

use std::time::{Duration, Instant};

/// A command that ran at least this long is followed by a trim (a trim itself takes about a millisecond).
const TRIM_AFTER: Duration = Duration::from_millis(40);

/// At start, before the window's threads exist: at most two malloc heaps (glibc's default is eight per
/// core, each keeping its own free memory).
pub fn limit_heaps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; called once before other threads allocate.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Runs `call`; when it took long, returns the free memory of the heaps to the system afterwards.
pub fn trimmed<T>(call: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = call();
    if started.elapsed() >= TRIM_AFTER {
        give_back();
    }
    out
}

fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim is thread-safe and only releases memory no allocation holds.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The window shows the ledger's own pages and never browses: WebKit's cache model for a viewer of
/// local documents keeps no memory cache of earlier pages and no back-forward cache, where the
/// default (a web browser's) sizes its caches by the machine's memory.
pub fn document_viewer_caches(app: &tauri::AppHandle) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        for window in app.webview_windows().values() {
            // A window whose WebKit view cannot be reached keeps the default caches: only memory is lost.
            let _ = window.with_webview(|view| {
                if let Some(context) = view.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
