//! The optional records added to package v1 after its first release (`docs/data-package-extensions.md`):
//! dues rules and publications, member status events, and the documents and rule overrides of a
//! development record (the meetings extensions — templates, attachments — are in `format.rs`). Every
//! one is optional, so a package written before them reads unchanged, and `version` stays 1.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date;
use crate::development::record::DocumentKind;
use crate::model::MemberEventKind;

/// One stored version of the 党费 rules, in force from `from_year` on. `rules` is the rules object
/// exactly as the ledger keeps it (`DuesRules`); it is checked on import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuesRulesRecord {
    pub from_year: u32,
    pub rules: serde_json::Map<String, serde_json::Value>,
}

/// 党费收缴情况公示: the organisation, the period (`2026`, `2026-H1`, `2026-Q1`), when and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuesPublicationRecord {
    pub org: String,
    pub period: String,
    #[serde(with = "date")]
    pub published_on: NaiveDate,
    pub how: String,
    /// What was published: `dues` (党费收缴使用情况, the default, omitted) or `funds` (经费使用情况).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// 党费上缴 (issue 18): the months covered, the day, the amount, the receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemittanceRecord {
    pub org: String,
    pub from_month: String,
    pub to_month: String,
    #[serde(with = "date")]
    pub remitted_on: NaiveDate,
    pub amount_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A use of retained 党费 (`source` `dues`) or of the work funds (`funds`), with the purpose code and
/// the key of the 支委会 / 党员大会 that decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendingRecord {
    pub org: String,
    #[serde(with = "date")]
    pub spent_on: NaiveDate,
    pub amount_fen: i64,
    pub source: String,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A use of work funds: the item of its budget line (`fund_budget_lines` of the same org and year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
    /// The scans of its receipts (票据): metadata only, as an activity's `attachments` (the files travel
    /// beside the package, if at all).
    #[serde(default, deserialize_with = "super::null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<super::AttachmentRecord>,
}

/// 走访慰问 of a member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareVisitRecord {
    pub member: String,
    #[serde(with = "date")]
    pub visited_on: NaiveDate,
    pub occasion: String,
    pub visitors: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// The money given was recorded as a use of money: the `fund_spending` record of the member's
    /// organisation on the visit's day, of `amount_fen`, purpose `care_visit`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_spending: bool,
}

/// A line of an organisation's budget of work funds for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineRecord {
    pub org: String,
    pub year: i32,
    pub item: String,
    pub amount_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Money received into the work funds: `kind` `allocation`, `retained_dues` or `refund`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeRecord {
    pub org: String,
    #[serde(with = "date")]
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A member marked 困难党员, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardshipRecord {
    pub member: String,
    pub reason: String,
    #[serde(with = "date")]
    pub marked_on: NaiveDate,
}

/// An organisation's figures of a year for the 1% rule: payroll and, without budget lines, the budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsYearRecord {
    pub org: String,
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payroll_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_fen: Option<i64>,
}

/// An organisation's opening balance of retained dues (before the ledger's records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningDuesRecord {
    pub org: String,
    pub amount_fen: i64,
}

/// The funds settings: the 大额支出 threshold, the share of dues kept, opening balances, the years'
/// payroll. Taken by a ledger that has not set them itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsSettingsRecord {
    pub approval_threshold_fen: i64,
    pub retain_permille: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opening_dues: Vec<OpeningDuesRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<FundsYearRecord>,
}

/// One entry of a member's status history (入党, 转正, 转入/转出 with 介绍信编号 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberEventRecord {
    #[serde(with = "date")]
    pub on: NaiveDate,
    pub event: MemberEventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_no: Option<String>,
}

/// A document received from a person on the way to membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevDocumentRecord {
    pub kind: DocumentKind,
    #[serde(with = "date")]
    pub received_on: NaiveDate,
    /// 思想汇报: the quarter it covers, `YYYY-Qn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// 入党志愿书 编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule warning the secretary overrode at entry time, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    pub check: String,
    pub rules: String,
    pub message: String,
    pub reason: String,
    /// RFC 3339.
    pub recorded_at: String,
}

/// One item of an organisation's 年度"三会一课"计划 (issue 16): `kind` and `unit` are the ledger's codes
/// (`meeting`, `dues_publication`, `term_renewal`, `probation`, `document`; `month`, `quarter`,
/// `half_year`, `year`), `types` activity type codes, `group` a 党小组 key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemRecord {
    pub org: String,
    pub year: i32,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub unit: String,
    #[serde(with = "date")]
    pub planned_on: NaiveDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}
