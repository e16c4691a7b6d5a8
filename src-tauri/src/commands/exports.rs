//! Export commands: the catalogue of Excel ledgers, writing a chosen set into a folder, and one meeting's record.

use tauri::State;
use zhibu_core::app::exports::{self, BranchBooks, ExportEntry, ExportedFile};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn export_catalog() -> Reply<Vec<ExportEntry>> {
    Ok(exports::catalog())
}

/// The keys the export dialog ticks: the workbooks that apply to the organisation and its profile.
#[tauri::command]
#[specta::specta]
pub async fn export_defaults(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<String>> {
    state.with(|l| exports::default_keys(l, org_id))
}

#[tauri::command]
#[specta::specta]
pub async fn export_workbooks(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    keys: Vec<String>,
    dir: String,
    mask_ids: bool,
) -> Reply<Vec<ExportedFile>> {
    let options = exports::ExportOptions { mask_ids };
    state.with(|l| exports::export_workbooks(l, org_id, year, &keys, std::path::Path::new(&dir), today(), options))
}

/// 导出各支部自查表/评分表: each branch of `org_ids` (the window passes a few at a time, for its
/// progress bar) gets its 自查表 and, where its standard scores, its 评分表 in `dir`.
#[tauri::command]
#[specta::specta]
pub async fn export_branch_books(
    state: State<'_, AppState>,
    org_ids: Vec<i64>,
    year: i32,
    dir: String,
    mask_ids: bool,
) -> Reply<Vec<BranchBooks>> {
    let options = exports::ExportOptions { mask_ids };
    state.with(|l| {
        exports::export_per_branch(l, &org_ids, year, &[], std::path::Path::new(&dir), today(), options, |_, _| {})
    })
}

#[tauri::command]
#[specta::specta]
pub async fn suggest_meeting_record_file_name(state: State<'_, AppState>, activity_id: i64) -> Reply<String> {
    state.with(|l| exports::meeting_record_file_name(l, activity_id, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn export_meeting_record(state: State<'_, AppState>, activity_id: i64, path: String) -> Reply<String> {
    state.with(|l| exports::export_meeting_record(l, activity_id, &path, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn suggest_meeting_record_docx_file_name(state: State<'_, AppState>, activity_id: i64) -> Reply<String> {
    state.with(|l| exports::meeting_record_docx_file_name(l, activity_id, today()))
}

/// 导出Word: one meeting's record as a Word document.
#[tauri::command]
#[specta::specta]
pub async fn export_meeting_record_docx(state: State<'_, AppState>, activity_id: i64, path: String) -> Reply<String> {
    state.with(|l| exports::export_meeting_record_docx(l, activity_id, &path, today()))
}

/// The folder the export dialog last wrote to, while it exists.
#[tauri::command]
#[specta::specta]
pub async fn export_folder(state: State<'_, AppState>) -> Reply<Option<String>> {
    state.with(exports::export_folder)
}

/// Remembers the folder an export went to.
#[tauri::command]
#[specta::specta]
pub async fn remember_export_folder(state: State<'_, AppState>, dir: String) -> Reply<()> {
    state.with(|l| exports::remember_export_folder(l, &dir))
}

/// 打开所在文件夹: the folder (or the folder holding a file) in the system's file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_folder(path: String) -> Reply<()> {
    exports::open_folder(&path).map_err(Into::into)
}
