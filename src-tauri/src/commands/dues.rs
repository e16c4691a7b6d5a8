//! 党费 commands: the year's table, bases, payments, publication records, payroll import, workbooks.

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::dues::{
    self as dues, BasesSummary, DuesPublication, DuesRules, DuesYear, MonthAllPaid, PaymentEntry, PaymentsSummary,
    PayrollPreview, PayrollRequest,
};
use zhibu_core::app::dues::{self as dues_actions, DuePreview, RangePaidInput, RangePaidSummary, RulesInForce};
use zhibu_core::Problem;

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn dues_year(state: State<'_, AppState>, org_id: i64, year: i32) -> Reply<DuesYear> {
    state.with(|l| dues::year_report(l, year, Some(org_id), today()))
}

#[tauri::command]
#[specta::specta]
pub async fn set_dues_base(
    state: State<'_, AppState>,
    member_id: i64,
    from_month: String,
    base_fen: i64,
) -> Reply<bool> {
    state.with(|l| dues_actions::set_member_base(l, member_id, &from_month, base_fen))
}

#[tauri::command]
#[specta::specta]
pub async fn set_dues_fixed_amount(state: State<'_, AppState>, member_id: i64, fixed_fen: Option<i64>) -> Reply<bool> {
    state.with(|l| dues::set_fixed_amount(l, member_id, fixed_fen))
}

#[tauri::command]
#[specta::specta]
pub async fn record_dues_payments(
    state: State<'_, AppState>,
    month: String,
    entries: Vec<PaymentEntry>,
) -> Reply<PaymentsSummary> {
    state.with(|l| dues_actions::record_month_payments(l, &month, &entries))
}

#[tauri::command]
#[specta::specta]
pub async fn record_dues_month_all_paid(
    state: State<'_, AppState>,
    org_id: i64,
    month: String,
    paid_on: NaiveDate,
) -> Reply<MonthAllPaid> {
    state.with(|l| dues_actions::month_all_paid(l, org_id, &month, paid_on, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_dues_range_paid(state: State<'_, AppState>, input: RangePaidInput) -> Reply<RangePaidSummary> {
    state.with(|l| dues_actions::range_paid(l, &input, today()))
}

/// The warnings (not refusals) about a base before it is saved: empty, or ask 确认保存？ first.
#[tauri::command]
#[specta::specta]
pub async fn check_dues_base(
    state: State<'_, AppState>,
    member_id: i64,
    from_month: String,
    base_fen: i64,
) -> Reply<Vec<Problem>> {
    state.with(|l| dues_actions::check_member_base(l, member_id, &from_month, base_fen))
}

/// The warnings about a member's own fixed amount before it is saved.
#[tauri::command]
#[specta::specta]
pub async fn check_dues_fixed_amount(fixed_fen: Option<i64>) -> Reply<Vec<Problem>> {
    Ok(dues_actions::check_member_fixed_amount(fixed_fen))
}

/// The warnings about payments before they are saved.
#[tauri::command]
#[specta::specta]
pub async fn check_dues_payments(
    state: State<'_, AppState>,
    month: String,
    entries: Vec<PaymentEntry>,
) -> Reply<Vec<Problem>> {
    state.with(|l| dues_actions::check_month_payments(l, &month, &entries, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_dues_payment(state: State<'_, AppState>, member_id: i64, month: String) -> Reply<i64> {
    state.with(|l| dues_actions::delete_month_payment(l, member_id, &month))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_dues_payment(state: State<'_, AppState>, bin_id: i64) -> Reply<()> {
    state.with(|l| dues::restore_payment(l, bin_id))
}

#[tauri::command]
#[specta::specta]
pub async fn dues_publications(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<DuesPublication>> {
    state.with(|l| dues::publications(l, org_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_dues_publication(
    state: State<'_, AppState>,
    org_id: i64,
    period: String,
    published_on: NaiveDate,
    how: String,
) -> Reply<DuesPublication> {
    state.with(|l| dues::record_publication(l, org_id, &period, published_on, &how))
}

#[tauri::command]
#[specta::specta]
pub async fn preview_payroll_import(state: State<'_, AppState>, request: PayrollRequest) -> Reply<PayrollPreview> {
    state.with(|l| dues::preview_payroll(l, &request))
}

#[tauri::command]
#[specta::specta]
pub async fn import_payroll(state: State<'_, AppState>, request: PayrollRequest) -> Reply<BasesSummary> {
    state.with(|l| dues::import_payroll(l, &request))
}

#[tauri::command]
#[specta::specta]
pub async fn preview_dues_due(
    state: State<'_, AppState>,
    member_id: i64,
    month: String,
    base_fen: Option<i64>,
) -> Reply<DuePreview> {
    state.with(|l| dues_actions::preview_due(l, member_id, &month, base_fen))
}

#[tauri::command]
#[specta::specta]
pub async fn dues_rules(state: State<'_, AppState>, year: i32) -> Reply<RulesInForce> {
    state.with(|l| dues_actions::rules_in_force(l, year))
}

#[tauri::command]
#[specta::specta]
pub async fn save_dues_rules(state: State<'_, AppState>, from_year: i32, rules: DuesRules) -> Reply<RulesInForce> {
    state.with(|l| dues_actions::save_rules(l, from_year, &rules))
}
