//! 党费上缴、使用 and the branch's money (issue 18): remittances of collected dues to the 党委, uses of
//! retained 党费 and of the work funds (with the meeting that approved them), 走访慰问, and the year's
//! money ledger: collected (from the dues engine: `dues::ledger`, never recomputed here) − remitted =
//! retained; retained − used = balance, per month and for the year.
//!
//! - `records`: the record types, purposes and sources, and what each form field must hold.
//! - `store`: every SQL statement of the funds tables (`migrations/0006_funds.sql`).
//! - `remit`, `spend`, `visits`: the actions, each one transaction with one audit entry; a refusal
//!   names the field and changes nothing.
//! - `ledger`: the year's money ledger (`zhibu funds --json`).
//! - `budget`: the work funds of a year: budget lines, income, uses against the lines, the SOE 1%.
//! - `hardship`: the roster's 困难党员 mark and its reason.
//! - `receipts`: scans of the 票据 of a use of money, stored like a meeting's attachments.
//! - `settings`: the approval threshold, the share of dues a branch keeps, the opening balance.
//!
//! Money is integer 分 throughout, with checked arithmetic.

pub mod budget;
pub mod hardship;
pub mod ledger;
pub mod receipts;
pub mod records;
pub mod remit;
pub mod settings;
pub mod spend;
pub mod store;
pub mod visits;

pub use budget::{
    budget_year, delete_budget_line, delete_income, record_income, restore_income, save_budget_line, BudgetYear,
};
pub use hardship::{hardship_marks, mark_hardship, HardshipMark};
pub use ledger::{year_ledger, FundsMonth, FundsTotals, FundsYear};
pub use records::{
    BudgetLine, CareVisit, FundSource, Income, IncomeKind, NewBudgetLine, NewCareVisit, NewIncome, NewRemittance,
    NewSpending, Occasion, Purpose, Remittance, Spending,
};
pub use remit::{delete_remittance, record_remittance, restore_remittance};
pub use settings::{
    funds_settings, set_funds_settings, set_year_budget, year_budget, FundsSettings, FundsSettingsInput, YearBudget,
};
pub use spend::{check_spending, delete_spending, record_spending, restore_spending};
pub use visits::{delete_visit, record_visit, restore_visit, visits_of_year};
