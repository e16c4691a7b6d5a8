//! The 党费上缴、使用 and 走访慰问 screen (经费): the year's money ledger, recording remittances, uses
//! of money and visits, the questions asked before saving, deleting into the recycle bin, and the
//! funds settings. Everything is the funds domain's own actions, one transaction each.

use chrono::NaiveDate;

use crate::error::{Error, Result};
pub use crate::funds::records::{
    CareVisit, FundSource, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose, Remittance, Spending,
};
pub use crate::funds::settings::{FundsSettings, FundsSettingsInput, YearBudget};
pub use crate::funds::{
    check_spending, delete_remittance, delete_spending, delete_visit, funds_settings, record_remittance,
    record_spending, record_visit, restore_remittance, restore_spending, restore_visit, set_funds_settings,
    visits_of_year, FundsMonth, FundsTotals, FundsYear,
};
use crate::store::Ledger;

/// The year's money ledger of an organisation's subtree (None: the whole ledger).
pub fn funds_year(ledger: &Ledger, year: i32, org_id: Option<i64>, today: NaiveDate) -> Result<FundsYear> {
    crate::funds::year_ledger(ledger, year, org_id, today)
}

/// An organisation's payroll and 党组织工作经费 budget of a year (the SOE 1% rule's inputs).
pub fn year_budget(ledger: &Ledger, org_id: i64, year: i32) -> Result<YearBudget> {
    crate::store::orgs::name_of(ledger.conn(), org_id)?;
    crate::funds::year_budget(ledger.conn(), org_id, year)
}

/// Records an organisation's payroll and/or budget of a year.
pub fn save_year_budget(ledger: &Ledger, org_id: i64, year: i32, input: YearBudget) -> Result<YearBudget> {
    crate::funds::set_year_budget(ledger, org_id, year, input)
}

/// The id of the meeting record with `key` (the CLI's `--approved-by`), or a refusal naming `field`.
pub fn meeting_id_by_key(ledger: &Ledger, field: &str, key: &str) -> Result<i64> {
    crate::funds::store::meeting_id_by_key(ledger.conn(), key)?
        .ok_or_else(|| Error::invalid(field, format!("未找到会议记录“{key}”（应为支委会或党员大会记录的编号）")))
}

/// A meeting the 登记支出 form offers as the collective decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionMeeting {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    pub date: NaiveDate,
    /// `2026-03-05 支委会“研究党费使用”`.
    pub label: String,
}

/// The 支委会 and 党员大会 of the organisation (and those above it) up to `until`, newest first.
pub fn decision_meetings(ledger: &Ledger, org_id: i64, until: NaiveDate) -> Result<Vec<DecisionMeeting>> {
    let meetings = crate::funds::store::decision_meetings(ledger.conn(), org_id, until)?;
    Ok(meetings
        .into_iter()
        .map(|m| {
            let types: Vec<&str> = m.types.iter().map(|t| t.label()).collect();
            DecisionMeeting {
                id: m.id,
                key: m.key,
                date: m.date,
                label: format!("{} {}“{}”", m.date, types.join("·"), m.topic),
            }
        })
        .collect())
}
