//! The records of the money side: remittances (上缴), spending (使用) and 走访慰问, their closed code
//! lists with Chinese labels, and the forms that create them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What retained 党费 or the work funds may be used for (`zhibu spend --purpose KEY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 党员教育培训
    Training,
    /// 订阅党报党刊
    Publications,
    /// 表彰先进
    Commendation,
    /// 慰问困难党员、老党员
    CareVisit,
    /// 党组织活动
    Activity,
    /// 其他（须写明用途）
    Other,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::Training,
        Purpose::Publications,
        Purpose::Commendation,
        Purpose::CareVisit,
        Purpose::Activity,
        Purpose::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Training => "training",
            Purpose::Publications => "publications",
            Purpose::Commendation => "commendation",
            Purpose::CareVisit => "care_visit",
            Purpose::Activity => "activity",
            Purpose::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Purpose::Training => "党员教育培训",
            Purpose::Publications => "订阅党报党刊",
            Purpose::Commendation => "表彰先进",
            Purpose::CareVisit => "慰问困难党员、老党员",
            Purpose::Activity => "党组织活动",
            Purpose::Other => "其他",
        }
    }

    /// By code or Chinese label.
    pub fn parse(text: &str) -> Option<Purpose> {
        let t = text.trim();
        Purpose::ALL.into_iter().find(|p| p.code() == t || p.label() == t)
    }
}

/// Whose money a use is: retained 党费 or the 党建工作经费.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FundSource {
    /// 留存党费
    #[default]
    Dues,
    /// 党建工作经费
    Funds,
}

impl FundSource {
    pub fn code(self) -> &'static str {
        match self {
            FundSource::Dues => "dues",
            FundSource::Funds => "funds",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FundSource::Dues => "留存党费",
            FundSource::Funds => "党建工作经费",
        }
    }

    pub fn parse(text: &str) -> Option<FundSource> {
        [FundSource::Dues, FundSource::Funds].into_iter().find(|s| s.code() == text.trim() || s.label() == text.trim())
    }
}

/// The occasion of a 走访慰问: the major holidays the 涪陵 standard names, or another reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    /// 春节
    SpringFestival,
    /// 七一
    PartyDay,
    /// 中秋节
    MidAutumn,
    /// 国庆节
    NationalDay,
    /// 重阳节
    DoubleNinth,
    /// 生病住院
    Illness,
    /// 其他（生活困难、家庭变故等）
    Other,
}

impl Occasion {
    pub const ALL: [Occasion; 7] = [
        Occasion::SpringFestival,
        Occasion::PartyDay,
        Occasion::MidAutumn,
        Occasion::NationalDay,
        Occasion::DoubleNinth,
        Occasion::Illness,
        Occasion::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Occasion::SpringFestival => "spring_festival",
            Occasion::PartyDay => "party_day",
            Occasion::MidAutumn => "mid_autumn",
            Occasion::NationalDay => "national_day",
            Occasion::DoubleNinth => "double_ninth",
            Occasion::Illness => "illness",
            Occasion::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Occasion::SpringFestival => "春节",
            Occasion::PartyDay => "七一",
            Occasion::MidAutumn => "中秋节",
            Occasion::NationalDay => "国庆节",
            Occasion::DoubleNinth => "重阳节",
            Occasion::Illness => "生病住院",
            Occasion::Other => "其他",
        }
    }

    /// A major holiday (重大节假日) in the sense of the 涪陵 standard.
    pub fn is_holiday(self) -> bool {
        !matches!(self, Occasion::Illness | Occasion::Other)
    }

    pub fn parse(text: &str) -> Option<Occasion> {
        let t = text.trim();
        Occasion::ALL.into_iter().find(|o| o.code() == t || o.label() == t)
    }
}

/// One remittance of collected dues to the 党委.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Remittance {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// The organisation's key.
    pub org: String,
    pub remitted_on: NaiveDate,
    /// `YYYY-MM`: the first month of dues it covers.
    pub from_month: String,
    /// `YYYY-MM`: the last month it covers; the ledger counts the remittance in this month.
    pub to_month: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub receipt_no: Option<String>,
    /// Who handed it over.
    pub handed_by: Option<String>,
    pub note: Option<String>,
}

/// The form of 登记上缴.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewRemittance {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub remitted_on: NaiveDate,
    /// `YYYY-MM`.
    pub from_month: String,
    /// `YYYY-MM`.
    pub to_month: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub receipt_no: Option<String>,
    pub handed_by: Option<String>,
    pub note: Option<String>,
}

/// One use of retained 党费 or of the work funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Spending {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub org: String,
    pub spent_on: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub source: FundSource,
    pub purpose: Purpose,
    /// The purpose in words (其他: with the note).
    pub purpose_label: String,
    pub payee: Option<String>,
    /// The 支委会 / 党员大会 that decided it.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub approved_by: Option<i64>,
    /// That meeting's key.
    pub approved_by_key: Option<String>,
    /// That meeting in words: `2026-03-10 支委会“…”`.
    pub approval: Option<String>,
    /// The meeting cited has since been deleted (in the recycle bin): no decision on record.
    pub approval_in_bin: bool,
    pub note: Option<String>,
    /// The budget line of work funds it counts against.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub budget_line_id: Option<i64>,
    /// That line's item (预算项目).
    pub budget_item: Option<String>,
    /// The number of the receipt (票据编号).
    pub receipt_no: Option<String>,
    /// How many scans of its receipts are kept (`receipts`).
    pub receipt_files: u32,
}

/// The form of 登记支出.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewSpending {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub spent_on: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub source: FundSource,
    /// Null: refused (a use needs its purpose).
    pub purpose: Option<Purpose>,
    pub payee: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub approved_by: Option<i64>,
    pub note: Option<String>,
    /// A use of work funds: the budget line it counts against (same organisation and year).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub budget_line_id: Option<i64>,
    #[serde(default)]
    pub receipt_no: Option<String>,
    /// The person confirmed a use larger than what its budget line has left (asked by `check_spending`).
    #[serde(default)]
    pub confirmed: bool,
}

/// Where money received into the work funds came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IncomeKind {
    /// 单位拨付
    Allocation,
    /// 留存党费转入 (counts as a use of retained dues in the dues ledger)
    RetainedDues,
    /// 上级党组织返还
    Refund,
}

impl IncomeKind {
    pub const ALL: [IncomeKind; 3] = [IncomeKind::Allocation, IncomeKind::RetainedDues, IncomeKind::Refund];

    pub fn code(self) -> &'static str {
        match self {
            IncomeKind::Allocation => "allocation",
            IncomeKind::RetainedDues => "retained_dues",
            IncomeKind::Refund => "refund",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncomeKind::Allocation => "单位拨付",
            IncomeKind::RetainedDues => "留存党费",
            IncomeKind::Refund => "上级返还",
        }
    }

    pub fn parse(text: &str) -> Option<IncomeKind> {
        let t = text.trim();
        IncomeKind::ALL.into_iter().find(|k| k.code() == t || k.label() == t)
    }
}

/// Money received into the work funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Income {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub received_on: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub kind: IncomeKind,
    pub kind_label: String,
    pub note: Option<String>,
}

/// The form of 登记经费收入.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewIncome {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub received_on: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub kind: IncomeKind,
    pub note: Option<String>,
}

/// One line of a year's budget of work funds, with what was spent against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BudgetLine {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub year: i32,
    /// 预算项目, e.g. 党员教育培训.
    pub item: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub note: Option<String>,
    /// Uses of money counted against the line.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub spent_fen: i64,
    /// amount − spent (negative: overspent).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub left_fen: i64,
}

/// The form of 预算项目: an item and its amount for the year (an existing item gets the new amount).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewBudgetLine {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub year: i32,
    pub item: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub amount_fen: i64,
    pub note: Option<String>,
}

/// One 走访慰问.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CareVisit {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub org: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub member_name: String,
    pub visited_on: NaiveDate,
    pub occasion: Occasion,
    /// Who went, in words.
    pub visitors: String,
    /// What was given (慰问品、慰问金).
    pub given: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub amount_fen: Option<i64>,
    /// The spending record of the money given.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub spending_id: Option<i64>,
    pub follow_up: Option<String>,
}

/// The form of 登记走访慰问.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewCareVisit {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub visited_on: NaiveDate,
    pub occasion: Occasion,
    pub visitors: String,
    pub given: Option<String>,
    /// Money given: recorded as a spending (慰问困难党员、老党员) from `source` as well.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub amount_fen: Option<i64>,
    /// Where the money came from (default 留存党费).
    #[serde(default)]
    pub source: FundSource,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub approved_by: Option<i64>,
    pub follow_up: Option<String>,
    /// Money from the work funds: the budget line it counts against.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub budget_line_id: Option<i64>,
    /// The person confirmed money larger than what the budget line has left.
    #[serde(default)]
    pub confirmed: bool,
}

/// Trimmed text, None when empty.
pub(crate) fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Longest free text accepted in a field, in characters.
pub(crate) const TEXT_MAX_CHARS: usize = 200;
