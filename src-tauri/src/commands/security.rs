//! 密码保护 commands: unlocking and locking the window, setting, changing and removing the password
//! (each closes the ledger, rewrites the file and opens it again), the idle lock, the recovery file.

use std::path::Path;

use tauri::State;
use zhibu_core::app::security::{self, Password, SecurityStatus};
use zhibu_core::app::LedgerInfo;
use zhibu_core::ErrorPayload;

use super::{today, Reply};
use crate::state::AppState;
use zhibu_core::app as actions;

fn password(text: String) -> Result<Password, ErrorPayload> {
    Password::new(text).map_err(ErrorPayload::from)
}

/// The lock page's 解锁: opens the encrypted ledger with the password typed.
#[tauri::command]
#[specta::specta]
pub async fn unlock_ledger(state: State<'_, AppState>, password_text: String) -> Reply<LedgerInfo> {
    state.unlock(password(password_text)?).and_then(|_| state.with(|l| actions::ledger_info(l, today())))
}

/// 锁定 (or the idle time passed): closes the ledger until the password is typed again.
#[tauri::command]
#[specta::specta]
pub async fn lock_ledger(state: State<'_, AppState>) -> Reply<()> {
    state.lock()
}

#[tauri::command]
#[specta::specta]
pub async fn security_status(state: State<'_, AppState>) -> Reply<SecurityStatus> {
    state.with(security::status)
}

#[tauri::command]
#[specta::specta]
pub async fn set_password(state: State<'_, AppState>, new_password: String) -> Reply<SecurityStatus> {
    let new = password(new_password)?;
    state.rekey(|path, _| security::encrypt(path, &new).map(|s| (s, Some(new.clone()))))
}

#[tauri::command]
#[specta::specta]
pub async fn change_password(
    state: State<'_, AppState>,
    old_password: String,
    new_password: String,
) -> Reply<SecurityStatus> {
    let (old, new) = (password(old_password)?, password(new_password)?);
    state.rekey(|path, _| security::change_password(path, &old, &new).map(|s| (s, Some(new.clone()))))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_password(state: State<'_, AppState>, old_password: String) -> Reply<SecurityStatus> {
    let old = password(old_password)?;
    state.rekey(|path, _| security::decrypt(path, &old).map(|s| (s, None)))
}

#[tauri::command]
#[specta::specta]
pub async fn set_lock_after(state: State<'_, AppState>, minutes: u32) -> Reply<SecurityStatus> {
    state.with(|l| security::set_lock_after_minutes(l, minutes))
}

/// Writes the password recovery file (for a USB stick) after checking the password opens the ledger.
#[tauri::command]
#[specta::specta]
pub async fn write_recovery_file(state: State<'_, AppState>, path: String, password_text: String) -> Reply<String> {
    let pw = password(password_text)?;
    security::write_recovery_file(Path::new(&path), &state.path(), &pw, today()).map_err(Into::into)
}
