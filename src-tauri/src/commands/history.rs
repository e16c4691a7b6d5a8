//! 从 Excel 导入历史记录 commands: preview and import of 三会一课, 党费, 发展党员, 民主评议 and 培训 files.

use tauri::State;
use zhibu_core::app::history::{self, HistoryImportRequest, HistoryImportSummary, HistoryPreview};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn preview_history_import(
    state: State<'_, AppState>,
    request: HistoryImportRequest,
) -> Reply<HistoryPreview> {
    state.with(|l| history::preview_history_import(l, &request, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn import_history(state: State<'_, AppState>, request: HistoryImportRequest) -> Reply<HistoryImportSummary> {
    state.with(|l| history::import_history(l, &request, today()))
}
