//! The dues actions as the app's dues screen calls them: months arrive as `YYYY-MM` text from the form
//! and are checked here with the form field named; everything else is the dues module's own functions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::dues::*;
use crate::error::{Error, Problem, Result};
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

/// The form of 登记多月缴纳: a range of months for everyone of `org_id`'s subtree, or the chosen members.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RangePaidInput {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// `YYYY-MM`, the first month.
    pub from_month: String,
    /// `YYYY-MM`, the last month (not after today's month).
    pub to_month: String,
    /// Only these members; null: everyone who owes a month of the range.
    #[cfg_attr(feature = "specta", specta(type = Option<Vec<specta_typescript::Number>>))]
    pub member_ids: Option<Vec<i64>>,
    /// The day everything was paid (补缴 collected on one day); null: each month on its own collection
    /// deadline (payments made on time, entered afterwards).
    pub paid_on: Option<NaiveDate>,
}

/// Everyone (or the chosen members) paid the due for each month of the range they have not paid yet:
/// one action, all or nothing; months already paid are left as they are.
pub fn range_paid(ledger: &Ledger, input: &RangePaidInput, today: NaiveDate) -> Result<RangePaidSummary> {
    let from = parse_month("from_month", &input.from_month);
    let to = parse_month("to_month", &input.to_month);
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            return Err(Error::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let req =
        RangePaid { org_id: input.org_id, from, to, member_ids: input.member_ids.clone(), paid_on: input.paid_on };
    record_range_paid(ledger, &req, today)
}

/// The warnings (not refusals) about saving a base: above the plausible base, or a due above the
/// plausible due. Empty: save without asking; else show them and ask 确认保存？ first.
pub fn check_member_base(ledger: &Ledger, member_id: i64, from_month: &str, base_fen: i64) -> Result<Vec<Problem>> {
    plausible::check_base(ledger, member_id, parse_month("from_month", from_month)?, base_fen)
}

/// The warnings about a member's own fixed amount (a due above the plausible due).
pub fn check_member_fixed_amount(fixed_fen: Option<i64>) -> Vec<Problem> {
    plausible::check_fixed_amount(fixed_fen)
}

/// The warnings about payments for a month: each far from the member's due and not explained by
/// their arrears (a 补缴 of several months).
pub fn check_month_payments(
    ledger: &Ledger,
    month: &str,
    entries: &[PaymentEntry],
    today: NaiveDate,
) -> Result<Vec<Problem>> {
    plausible::check_payments(ledger, parse_month("month", month)?, entries, today)
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
