//! 党费: the monthly dues of each member from their base, bracket and rate (or a fixed amount), the
//! payments against them, arrears and the unpaid streak (`national-rules.md` §3, `cli.md` `dues`).
//!
//! - `brackets`: the rule set (bracket tables by category, fixed amounts, rounding) and its checks.
//! - `versions`: the rule sets stored in the ledger, by the year they apply from.
//! - `compute`: the pure arithmetic (bracket, rounding, owed months, base in force, streak).
//! - `explain`: why an amount is what it is, in Chinese.
//! - `plausible`: warnings about unusual money (asked about before saving, never refused).
//! - `report` + `ledger`: the year's report (`zhibu dues --json`) read from the store.
//!
//! Money is integer 分 throughout; rates are integer ‰.

pub mod bases;
pub mod brackets;
pub mod compute;
pub mod explain;
pub mod ledger;
pub mod payments;
pub mod payroll;
pub mod plausible;
pub mod publication;
pub mod report;
pub mod versions;

pub use bases::{set_base, set_bases_bulk, set_fixed_amount, BaseRow, BasesSummary};
pub use brackets::{BracketTable, DuesBracket, DuesRules, Rounding};
pub use compute::{monthly_due, DueBasis, MonthlyDue};
pub use explain::explain;
pub use ledger::year_report;
pub use payments::{
    delete_payment, record_month_all_paid, record_payments, record_range_paid, restore_payment, MonthAllPaid,
    PaymentEntry, PaymentsSummary, RangePaid, RangePaidSummary, SkippedMember, SkippedMonths, RANGE_MAX_MONTHS,
};
pub use payroll::{import_payroll, preview_payroll, PayrollColumn, PayrollPreview, PayrollRequest, PayrollRow};
pub use publication::{
    delete_publication, publications, record_publication, record_publication_of, restore_publication, DuesPublication,
    Period, PublicationSubject,
};
pub use report::{DuesTotals, DuesYear, MemberDues, MonthDues, SELF_LAPSE_MONTHS};
pub use versions::{rules_for_year, set_rules, RulesVersion};
