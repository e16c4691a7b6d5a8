//! The dues actions as the app's dues screen calls them: months arrive as `YYYY-MM` text from the form
//! and are checked here with the form field named; everything else is the dues module's own functions.

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::dues::*;
use crate::error::{Error, Result};
use crate::model::dates::Month;
use crate::store::Ledger;
pub use crate::workbooks::dues_collection::DuesSheetSummary;

/// `YYYY-MM` from a form field, or a message naming the field.
pub fn parse_month(field: &str, text: &str) -> Result<Month> {
    Month::parse(text).ok_or_else(|| Error::invalid(field, format!("月份应为“年-月”，如 2026-03，现为“{text}”")))
}

/// Sets a member's base from a month on (the base table's cell).
pub fn set_member_base(ledger: &Ledger, member_id: i64, from_month: &str, base_fen: i64) -> Result<bool> {
    set_base(ledger, member_id, parse_month("from_month", from_month)?, base_fen)
}

/// Records exceptions, arrears or advance payments for one month.
pub fn record_month_payments(ledger: &Ledger, month: &str, entries: &[PaymentEntry]) -> Result<PaymentsSummary> {
    record_payments(ledger, parse_month("month", month)?, entries)
}

/// Everyone who owes the month and has not paid: paid exactly the due on `paid_on`.
pub fn month_all_paid(
    ledger: &Ledger,
    org_id: i64,
    month: &str,
    paid_on: NaiveDate,
    today: NaiveDate,
) -> Result<MonthAllPaid> {
    record_month_all_paid(ledger, org_id, parse_month("month", month)?, paid_on, today)
}

/// Moves a payment to the recycle bin; returns the bin entry for undoing.
pub fn delete_month_payment(ledger: &Ledger, member_id: i64, month: &str) -> Result<i64> {
    delete_payment(ledger, member_id, parse_month("month", month)?)
}

/// The due a base would give a member in a month, shown beside the base while it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuePreview {
    pub rate_permille: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub due_fen: Option<i64>,
    pub explanation: String,
}

/// What `base_fen` from `month` on would make the member's monthly due (nothing is written).
pub fn preview_due(ledger: &Ledger, member_id: i64, month: &str, base_fen: Option<i64>) -> Result<DuePreview> {
    let month = parse_month("from_month", month)?;
    let conn = ledger.conn();
    let (category, fixed) = crate::dues::bases::category_and_fixed(conn, member_id)?;
    let rules = crate::dues::rules_for_year(conn, month.year)?;
    let due = crate::dues::monthly_due(&rules, category, fixed, base_fen);
    Ok(DuePreview {
        rate_permille: due.rate_permille(),
        due_fen: due.due_fen,
        explanation: crate::dues::explain(&rules, category, &due),
    })
}

/// The rules in force for a year and the year they were set from (None: the national default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RulesInForce {
    pub year: i32,
    pub from_year: Option<i32>,
    pub rules: crate::dues::DuesRules,
    pub national: crate::dues::DuesRules,
}

pub fn rules_in_force(ledger: &Ledger, year: i32) -> Result<RulesInForce> {
    let versions = crate::dues::versions::rules_versions(ledger.conn())?;
    let (from_year, rules) = crate::dues::versions::in_force(&versions, year);
    Ok(RulesInForce { year, from_year, rules, national: crate::dues::DuesRules::national() })
}

/// Saves the bracket table, fixed amounts and rounding in force from `from_year` on, as one action.
pub fn save_rules(ledger: &Ledger, from_year: i32, rules: &crate::dues::DuesRules) -> Result<RulesInForce> {
    ledger.write(|tx| crate::dues::set_rules(tx, from_year, rules))?;
    rules_in_force(ledger, from_year)
}
