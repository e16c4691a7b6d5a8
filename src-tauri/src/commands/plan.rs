//! 年度计划 commands: propose, read and save the year's plan, plan against actual, exports, the
//! 工作总结 draft.

use tauri::State;
use zhibu_core::app::plan::{self as plan, Plan, PlanExport, PlanSave, PlanVsActual, WorkSummary};

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn propose_plan(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<Plan> {
    state.with(|l| plan::propose_plan(l, org_id, year, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn year_plan(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<Plan> {
    state.with(|l| plan::year_plan(l, org_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn save_plan(state: State<'_, AppState>, input: PlanSave) -> Reply<Plan> {
    state.with(|l| plan::save_plan(l, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn plan_vs_actual(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<PlanVsActual> {
    state.with(|l| plan::plan_vs_actual(l, org_id, year, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn export_plan(state: State<'_, AppState>, org_id: i64, year: i32, path: String) -> Reply<PlanExport> {
    state.with(|l| plan::export_plan(l, org_id, year, today(), std::path::Path::new(&path)))
}

#[tauri::command]
#[specta::specta]
pub async fn export_work_summary(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    half: Option<u8>,
    path: String,
) -> Reply<WorkSummary> {
    state.with(|l| plan::export_work_summary(l, org_id, year, half, today(), std::path::Path::new(&path)))
}
