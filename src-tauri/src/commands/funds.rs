//! 经费 commands: the year's money ledger, 党费上缴, uses of money, 走访慰问, the funds settings, the
//! work funds (budget lines, income), 公示 and the 公示表, the 困难党员 marks.

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::funds::{
    self as funds, BudgetLine, BudgetYear, CareVisit, DecisionMeeting, DuesPublication, FundsSettings,
    FundsSettingsInput, FundsYear, HardshipMark, Income, NewBudgetLine, NewCareVisit, NewIncome, NewRemittance,
    NewSpending, PublicationSubject, Receipt, Remittance, Spending, YearBudget,
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

#[tauri::command]
#[specta::specta]
pub async fn budget_year(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<BudgetYear> {
    state.with(|l| funds::budget_year(l, org_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn save_budget_line(state: State<'_, AppState>, input: NewBudgetLine) -> Reply<BudgetLine> {
    state.with(|l| funds::save_budget_line(l, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_budget_line(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state.with(|l| funds::delete_budget_line(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_income(state: State<'_, AppState>, input: NewIncome) -> Reply<Income> {
    state.with(|l| funds::record_income(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_income(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| funds::delete_income(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn funds_publications(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<DuesPublication>> {
    state.with(|l| funds::publications(l, org_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_funds_publication(
    state: State<'_, AppState>,
    org_id: i64,
    subject: PublicationSubject,
    period: String,
    published_on: NaiveDate,
    how: String,
) -> Reply<DuesPublication> {
    state.with(|l| funds::record_publication(l, org_id, subject, &period, published_on, &how))
}

/// Moves a publication (either subject) into the recycle bin; returns the bin entry.
#[tauri::command]
#[specta::specta]
pub async fn delete_funds_publication(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| funds::delete_publication(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn suggest_funds_publication_docx_file_name(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
) -> Reply<String> {
    state.with(|l| funds::funds_publication_docx_file_name(l, org_id, year, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn export_funds_publication(
    state: State<'_, AppState>,
    org_id: i64,
    year: i32,
    path: String,
) -> Reply<String> {
    state.with(|l| funds::export_funds_publication(l, org_id, year, &path, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn hardship_marks(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<HardshipMark>> {
    state.with(|l| funds::hardship_marks(l, Some(org_id)))
}

#[tauri::command]
#[specta::specta]
pub async fn mark_hardship(state: State<'_, AppState>, member_id: i64, reason: Option<String>) -> Reply<()> {
    state.with(|l| funds::mark_hardship(l, member_id, reason.as_deref(), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn spending_receipts(state: State<'_, AppState>, spending_id: i64) -> Reply<Vec<Receipt>> {
    state.with(|l| funds::receipts(l, spending_id))
}

#[tauri::command]
#[specta::specta]
pub async fn attach_receipt(state: State<'_, AppState>, spending_id: i64, path: String) -> Reply<Receipt> {
    state.with(|l| funds::attach_receipt(l, spending_id, std::path::Path::new(&path)))
}
