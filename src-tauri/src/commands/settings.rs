//! 台账设置 commands: the ledger's start month (记账起始) and the dues collection day.

use tauri::State;
use zhibu_core::app::settings::{self, LedgerSettings};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn ledger_settings(state: State<'_, AppState>) -> Reply<LedgerSettings> {
    state.with(|l| settings::ledger_settings(l, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn set_start_month(state: State<'_, AppState>, start_month: Option<String>) -> Reply<LedgerSettings> {
    state.with(|l| settings::set_start_month(l, start_month.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn set_collection_day(state: State<'_, AppState>, day: Option<u32>) -> Reply<LedgerSettings> {
    state.with(|l| settings::set_collection_day(l, day, today()))
}
