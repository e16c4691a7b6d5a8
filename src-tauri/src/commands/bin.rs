//! 回收站 commands: every deleted record, listed and restored whatever its kind.

use tauri::State;
use zhibu_core::app::bin::{self, BinEntry};

use super::Reply;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn recycle_bin(state: State<'_, AppState>) -> Reply<Vec<BinEntry>> {
    state.with(bin::recycle_bin)
}

#[tauri::command]
#[specta::specta]
pub async fn restore_from_bin(state: State<'_, AppState>, bin_id: i64) -> Reply<()> {
    state.with(|l| bin::restore_from_bin(l, bin_id))
}
