//! Automatic backups while the window is open: one at start (when the ledger changed since its newest
//! backup) and one `QUIET_MINUTES` after the last write. The rule (`is_due`), the backup itself and
//! the rotation are the core's (`app::backups`); here is only the timer. Backups run on their own
//! thread with a second handle on the ledger, so the window never waits for one.

use std::time::Duration;

use chrono::NaiveDateTime;
use tauri::{AppHandle, Manager};
use zhibu_core::app::backups::{self, BackupReason};

use crate::state::AppState;

/// How often the timer looks whether the ledger was written.
const TICK: Duration = Duration::from_secs(20);
/// The start backup waits this long, so it does not slow the first screen.
const AFTER_START: Duration = Duration::from_secs(10);

pub fn start(app: &AppHandle) {
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("zhibu-autobackup".into()).spawn(move || run(app));
    if let Err(e) = spawned {
        eprintln!("自动备份未能启动：{e}");
    }
}

fn run(app: AppHandle) {
    let state = app.state::<AppState>();
    std::thread::sleep(AFTER_START);
    back_up(&state, BackupReason::Start, None);
    let mut seen = state.write_mark();
    // The time of the first write not yet in a backup; None: nothing waits.
    let mut pending: Option<NaiveDateTime> = None;
    loop {
        std::thread::sleep(TICK);
        let mark = state.write_mark();
        let now = backups::system_now();
        if mark.is_some() && mark != seen {
            seen = mark;
            pending = Some(now);
        }
        if let Some(last_write) = pending {
            if backups::is_due(BackupReason::AfterChanges, true, Some(last_write), now) {
                back_up(&state, BackupReason::AfterChanges, Some(last_write));
                pending = None;
            }
        }
    }
}

/// Makes the backup when it is due. A failure is reported on stderr and tried again at the next
/// occasion: an automatic backup never interrupts the person's work (the page lists what exists).
fn back_up(state: &AppState, reason: BackupReason, last_write: Option<NaiveDateTime>) {
    let Some(ledger) = state.second_handle() else { return };
    if let Err(e) = backups::auto_backup_if_due(&ledger, backups::system_now(), reason, last_write) {
        eprintln!("自动备份失败：{e}");
    }
}
