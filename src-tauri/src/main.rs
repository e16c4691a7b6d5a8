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
    zhibu_app::run();
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
