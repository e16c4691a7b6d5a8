//! The 党费上缴、使用 and 走访慰问 screen (经费): the year's money ledger, recording remittances, uses
//! of money and visits, the questions asked before saving, deleting into the recycle bin, and the
//! funds settings. Everything is the funds domain's own actions, one transaction each.

use chrono::NaiveDate;

pub use crate::dues::{DuesPublication, PublicationSubject};
use crate::error::{Error, Result};
pub use crate::funds::budget::BudgetYear;
pub use crate::funds::hardship::HardshipMark;
pub use crate::funds::receipts::{attach_receipt, receipt_path, record_spending_with_receipts, Receipt};
pub use crate::funds::records::{
    BudgetLine, CareVisit, FundSource, Income, IncomeKind, NewBudgetLine, NewCareVisit, NewIncome, NewRemittance,
    NewSpending, Occasion, Purpose, Remittance, Spending,
};
pub use crate::funds::settings::{FundsSettings, FundsSettingsInput, YearBudget};
pub use crate::funds::{
    budget_year, check_spending, delete_budget_line, delete_income, delete_remittance, delete_spending, delete_visit,
    funds_settings, hardship_marks, mark_hardship, record_income, record_remittance, record_spending, record_visit,
    restore_income, restore_remittance, restore_spending, restore_visit, save_budget_line, set_funds_settings,
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

/// The id of the budget line `item` of `org_id`'s `year` (the CLI's `--budget-line`), or a refusal.
pub fn budget_line_id_by_item(ledger: &Ledger, org_id: i64, year: i32, item: &str) -> Result<i64> {
    crate::funds::store::budget_line_by_item(ledger.conn(), org_id, year, item.trim())?.map(|l| l.id).ok_or_else(|| {
        Error::invalid(
            "--budget-line",
            format!("{year}年经费预算中没有预算项目“{}”（先用 zhibu budget --item 录入）", item.trim()),
        )
    })
}

/// Records that `org_id` published `subject` (党费收缴使用情况 or 经费使用情况) for `period`.
pub fn record_publication(
    ledger: &Ledger,
    org_id: i64,
    subject: PublicationSubject,
    period: &str,
    published_on: NaiveDate,
    how: &str,
) -> Result<DuesPublication> {
    crate::dues::record_publication_of(ledger, org_id, subject, period, published_on, how)
}

/// Moves a publication recorded by mistake into the recycle bin (restored from there); returns the
/// bin entry.
pub fn delete_publication(ledger: &Ledger, id: i64) -> Result<i64> {
    crate::dues::delete_publication(ledger, id)
}

/// Puts a deleted publication back (the 回收站 does the same through `app::bin`).
pub fn restore_publication(ledger: &Ledger, bin_id: i64) -> Result<DuesPublication> {
    crate::dues::restore_publication(ledger, bin_id)
}

/// The publications recorded for `org_id` (both subjects), oldest first.
pub fn publications(ledger: &Ledger, org_id: i64) -> Result<Vec<DuesPublication>> {
    crate::dues::publications(ledger, org_id)
}

/// Writes the year's 党费收缴使用情况公示表 of `org_id` to `path`: Word when it ends in `.docx`,
/// Excel when `.xlsx`.
pub fn export_funds_publication(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    path: &str,
    today: NaiveDate,
) -> Result<String> {
    let p = std::path::Path::new(path);
    match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("docx") => crate::workbooks::funds::write_funds_publication_docx(ledger, org_id, year, today, p)?,
        Some("xlsx") => crate::workbooks::funds::write_funds_publication(ledger, org_id, year, today, p)?,
        _ => return Err(Error::invalid("path", format!("保存位置应以 .docx 或 .xlsx 结尾，现为“{path}”"))),
    }
    Ok(p.display().to_string())
}

/// The suggested file name of the Word 公示表.
pub fn funds_publication_docx_file_name(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<String> {
    let org = crate::store::orgs::get(ledger.conn(), org_id)?;
    Ok(crate::workbooks::funds::publication_file_name(&org, year, today).replace(".xlsx", ".docx"))
}

/// The receipts (票据 scans) of a use of money.
pub fn receipts(ledger: &Ledger, spending_id: i64) -> Result<Vec<Receipt>> {
    crate::funds::receipts::receipts_of(ledger.conn(), spending_id)
}
