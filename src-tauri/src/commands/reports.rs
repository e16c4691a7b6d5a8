//! 报送上级 / 接收报送 / the committee table (issue 15).

use std::path::PathBuf;

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::reports::{
    self, BranchMatrix, BranchRow, LastReport, Manifest, OpenTransfer, ReceiveReport, TransferSettled,
};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn export_report(
    state: State<'_, AppState>,
    org_key: Option<String>,
    period: Option<String>,
    path: String,
) -> Reply<Manifest> {
    state.with(|l| reports::export_report(l, &PathBuf::from(&path), org_key.as_deref(), period.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn receive_reports(state: State<'_, AppState>, paths: Vec<String>, preview: bool) -> Reply<ReceiveReport> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    state.with(|l| reports::receive(l, &paths, preview, today(), |_, _| {}))
}

#[tauri::command]
#[specta::specta]
pub async fn receive_report_into(
    state: State<'_, AppState>,
    path: String,
    org_key: String,
    preview: bool,
) -> Reply<ReceiveReport> {
    state.with(|l| reports::receive_into(l, &PathBuf::from(&path), &org_key, preview, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn last_reports(state: State<'_, AppState>) -> Reply<Vec<LastReport>> {
    state.with(reports::last_reports)
}

#[tauri::command]
#[specta::specta]
pub async fn branches_table(state: State<'_, AppState>, year: i32, profile: Option<String>) -> Reply<Vec<BranchRow>> {
    state.with(|l| reports::branches_table(l, year, today(), profile.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub async fn branch_matrix(state: State<'_, AppState>, year: i32, profile: Option<String>) -> Reply<BranchMatrix> {
    state.with(|l| reports::branch_matrix(l, year, today(), profile.as_deref()))
}

/// The open 组织关系转接 (各支部: 待核实的转接).
#[tauri::command]
#[specta::specta]
pub async fn open_transfers(state: State<'_, AppState>) -> Reply<Vec<OpenTransfer>> {
    state.with(|l| reports::open_transfers(l, today()))
}

/// Settles a transfer: the person of record `member` is now in `org_key`; the other records leave (转出)
/// on `on` (None: the suggested day).
#[tauri::command]
#[specta::specta]
pub async fn settle_transfer(
    state: State<'_, AppState>,
    member: String,
    org_key: String,
    on: Option<NaiveDate>,
) -> Reply<TransferSettled> {
    state.with(|l| reports::settle_transfer(l, &member, &org_key, on, today()))
}
