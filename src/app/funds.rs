//! The 党费上缴、使用 and 走访慰问 screen (经费): the year's money ledger, recording remittances, uses
//! of money and visits, the questions asked before saving, deleting into the recycle bin, and the
//! funds settings. Everything is the funds domain's own actions, one transaction each.

use chrono::NaiveDate;

use crate::error::{Error, Result};
pub use crate::funds::records::{
    CareVisit, FundSource, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose, Remittance, Spending,
};
pub use crate::funds::settings::{FundsSettings, FundsSettingsInput};
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

/// The id of the meeting record with `key` (the CLI's `--approved-by`), or a refusal naming `field`.
pub fn meeting_id_by_key(ledger: &Ledger, field: &str, key: &str) -> Result<i64> {
    crate::funds::store::meeting_id_by_key(ledger.conn(), key)?
        .ok_or_else(|| Error::invalid(field, format!("未找到会议记录“{key}”（应为支委会或党员大会记录的编号）")))
}
