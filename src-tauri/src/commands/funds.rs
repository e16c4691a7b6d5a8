//! 经费 commands: the year's money ledger, 党费上缴, uses of money, 走访慰问, the funds settings.

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::funds::{
    self as funds, CareVisit, DecisionMeeting, FundsSettings, FundsSettingsInput, FundsYear, NewCareVisit,
    NewRemittance, NewSpending, Remittance, Spending, YearBudget,
};
use zhibu_core::Problem;

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn funds_year(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<FundsYear> {
    state.with(|l| funds::funds_year(l, year, Some(org_id), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_remittance(state: State<'_, AppState>, input: NewRemittance) -> Reply<Remittance> {
    state.with(|l| funds::record_remittance(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_remittance(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| funds::delete_remittance(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn check_spending(state: State<'_, AppState>, input: NewSpending) -> Reply<Vec<Problem>> {
    state.with(|l| funds::check_spending(l, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn record_spending(state: State<'_, AppState>, input: NewSpending) -> Reply<Spending> {
    state.with(|l| funds::record_spending(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_spending(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| funds::delete_spending(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn decision_meetings(
    state: State<'_, AppState>,
    org_id: i64,
    until: NaiveDate,
) -> Reply<Vec<DecisionMeeting>> {
    state.with(|l| funds::decision_meetings(l, org_id, until))
}

#[tauri::command]
#[specta::specta]
pub async fn care_visits(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<Vec<CareVisit>> {
    state.with(|l| funds::visits_of_year(l, Some(org_id), year))
}

#[tauri::command]
#[specta::specta]
pub async fn record_care_visit(state: State<'_, AppState>, input: NewCareVisit) -> Reply<CareVisit> {
    state.with(|l| funds::record_visit(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_care_visit(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| funds::delete_visit(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn funds_settings(state: State<'_, AppState>) -> Reply<FundsSettings> {
    state.with(funds::funds_settings)
}

#[tauri::command]
#[specta::specta]
pub async fn save_funds_settings(state: State<'_, AppState>, input: FundsSettingsInput) -> Reply<FundsSettings> {
    state.with(|l| funds::set_funds_settings(l, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn year_budget(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<YearBudget> {
    state.with(|l| funds::year_budget(l, org_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn save_year_budget(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    input: YearBudget,
) -> Reply<YearBudget> {
    state.with(|l| funds::save_year_budget(l, org_id, year, input))
}
