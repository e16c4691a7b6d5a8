//! Timing for the benchmarks (`benches/startup.sh`, `benches/screens.sh`): the 工作台 tells the shell
//! when it first shows data, and the shell writes the time since the process started into the file
//! named by `ZHIBU_STARTUP_REPORT`; every later screen the person opens tells how long it took from the
//! click to its data painted, and the shell appends a line to the file named by `ZHIBU_SCREEN_REPORT`.
//! Without those variables nothing is written.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub struct StartupClock {
    started: Instant,
    reported: AtomicBool,
}

impl StartupClock {
    pub fn start() -> StartupClock {
        StartupClock { started: Instant::now(), reported: AtomicBool::new(false) }
    }

    /// Records the first screen with data, once; later calls do nothing.
    pub fn first_screen_shown(&self) {
        if self.reported.swap(true, Ordering::SeqCst) {
            return;
        }
        let Some(path) = std::env::var_os("ZHIBU_STARTUP_REPORT").filter(|p| !p.is_empty()) else {
            return;
        };
        let ms = self.started.elapsed().as_millis();
        // A benchmark aid: a failed write shows as a missing figure in the benchmark, never in the app.
        let _ = std::fs::write(path, format!("{{\"first_screen_ms\":{ms},\"pid\":{}}}\n", std::process::id()));
    }

    /// Records one screen opened: its name and the milliseconds from the click to its data painted.
    pub fn screen_shown(&self, screen: &str, ms: u32) {
        let Some(path) = std::env::var_os("ZHIBU_SCREEN_REPORT").filter(|p| !p.is_empty()) else {
            return;
        };
        let line = serde_json::json!({ "screen": screen, "ms": ms, "pid": std::process::id() });
        // A benchmark aid, as above: a failed write only loses a figure.
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(f, "{line}");
        }
    }
}
