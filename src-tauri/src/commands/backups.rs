//! 备份与恢复 commands: the list of backups, a backup now, what a restore would change, the restore
//! itself (the window's handle is closed, the file replaced, the ledger opened again) — also from
//! the recovery page, when the ledger is damaged and not open.

use std::path::Path;

use tauri::State;
use zhibu_core::app::backups::{self, BackupInfo, RestoreOutcome, RestorePreview};
use zhibu_core::app::settings::{self, LedgerSettings};

use super::{today, Reply};
use crate::state::AppState;

/// The backups of the ledger, newest first; works while the ledger is damaged (recovery page).
#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    backups::list_for_path(&state.path(), state.password().as_ref()).map_err(Into::into)
}

/// The backup the recovery page offers: the newest that passes every check a restore makes.
#[tauri::command]
#[specta::specta]
pub async fn newest_good_backup(state: State<'_, AppState>) -> Reply<Option<BackupInfo>> {
    backups::newest_good_backup(&state.path(), state.password().as_ref()).map_err(Into::into)
}

#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupInfo> {
    state.with(|l| backups::back_up_now(l, backups::system_now()))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_backup(state: State<'_, AppState>, id: String) -> Reply<()> {
    state.with(|l| backups::remove_backup(l, &id))
}

#[tauri::command]
#[specta::specta]
pub async fn preview_restore(state: State<'_, AppState>, backup: String) -> Reply<RestorePreview> {
    backups::preview_restore(&state.path(), Path::new(&backup), state.password().as_ref()).map_err(Into::into)
}

#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, backup: String) -> Reply<RestoreOutcome> {
    state.with_closed(|path, key| backups::restore(path, Path::new(&backup), backups::system_now(), key))
}

/// Sets the folder backups are kept in (null or blank: `备份` beside the ledger file).
#[tauri::command]
#[specta::specta]
pub async fn set_backup_dir(state: State<'_, AppState>, dir: Option<String>) -> Reply<LedgerSettings> {
    state.with(|l| settings::set_backup_dir(l, dir.as_deref(), today()))
}
