//! The one `zhibu` binary: no arguments opens the window; a subcommand runs the CLI of the core.
#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() > 1 {
        #[cfg(target_os = "windows")]
        attach_parent_console();
        #[cfg(unix)]
        die_quietly_on_closed_pipe();
        std::process::exit(zhibu_core::cli::run(args));
    }
    #[cfg(target_os = "linux")]
    lighter_webkit_renderer();
    zhibu_app::run();
}

/// WebKitGTK's DMA-BUF renderer costs the web process about 100 MB more than the older path
/// (docs/benchmarks.md: 370 vs 510 MB in all on the large demo) and is what blanks windows on some
/// graphics drivers, so the window uses the older path unless the person chose otherwise.
/// Not under WebDriver automation: there, WebKit's screenshot request never answers once the page
/// is idle in this mode (seen with WebKitGTK 2.50 under Xvfb), and the e2e tests take screenshots.
#[cfg(target_os = "linux")]
fn lighter_webkit_renderer() {
    const KEY: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(KEY).is_none() && std::env::var_os("TAURI_AUTOMATION").is_none() {
        // Set before the window (and any other thread) starts.
        std::env::set_var(KEY, "1");
    }
}

/// A GUI-subsystem program on Windows has no console; attach to the one that started us so CLI output shows.
#[cfg(target_os = "windows")]
fn attach_parent_console() {
    extern "system" {
        fn AttachConsole(pid: u32) -> i32;
    }
    // ATTACH_PARENT_PROCESS = -1
    unsafe {
        AttachConsole(u32::MAX);
    }
}

/// `zhibu dues --json | head` must stop quietly when the reader goes away, as other Unix tools do,
/// instead of panicking on the failed write: restore the default SIGPIPE action Rust turns off.
#[cfg(unix)]
fn die_quietly_on_closed_pipe() {
    // SAFETY: setting a signal disposition at startup, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
