//! 工作台, 自查 and 评分 commands: the dashboard, the year's check under a profile, the score sheet,
//! ticking manual items, and the profiles to choose from.

use tauri::State;
use zhibu_core::app::standards::{
    self as app, CheckReport, CheckScreen, Dashboard, Mark, MarkInput, ProfileReceipt, ProfileSummary, ScoreSheet,
};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>, org_id: i64) -> Reply<Dashboard> {
    state.with(|l| app::dashboard(l, org_id, today()))
}

/// The whole check of one organisation (a branch's evidence on the 各支部 screen); the 自查 screen
/// takes `self_check_screen`, its cut.
#[tauri::command]
#[specta::specta]
pub async fn self_check(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    profile: Option<String>,
) -> Reply<CheckReport> {
    state.with(|l| app::self_check(l, org_id, year, profile.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn self_check_screen(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    profile: Option<String>,
) -> Reply<CheckScreen> {
    state.with(|l| app::self_check_screen(l, org_id, year, profile.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn score_sheet(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    profile: Option<String>,
) -> Reply<ScoreSheet> {
    state.with(|l| app::score(l, org_id, year, profile.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn set_check_mark(state: State<'_, AppState>, input: MarkInput) -> Reply<Mark> {
    state.with(|l| app::mark(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn standard_profiles(state: State<'_, AppState>) -> Reply<Vec<ProfileSummary>> {
    state.with(app::profiles)
}

#[tauri::command]
#[specta::specta]
pub async fn standard_profile_json(state: State<'_, AppState>, id: String) -> Reply<String> {
    state.with(|l| app::profile_json(l, &id))
}

#[tauri::command]
#[specta::specta]
pub async fn copy_standard_profile(
    state: State<'_, AppState>,
    from: String,
    new_id: String,
    title: String,
) -> Reply<ProfileSummary> {
    state.with(|l| app::copy(l, &from, &new_id, &title))
}

#[tauri::command]
#[specta::specta]
pub async fn save_standard_profile(state: State<'_, AppState>, id: String, json: String) -> Reply<ProfileSummary> {
    state.with(|l| app::save(l, &id, &json))
}

#[tauri::command]
#[specta::specta]
pub async fn export_standard_profile(state: State<'_, AppState>, id: String, path: String) -> Reply<ProfileSummary> {
    state.with(|l| app::export_profile(l, &id, std::path::Path::new(&path)))
}

#[tauri::command]
#[specta::specta]
pub async fn import_standard_profile(state: State<'_, AppState>, path: String) -> Reply<ProfileReceipt> {
    state.with(|l| app::import_profile(l, std::path::Path::new(&path)))
}
