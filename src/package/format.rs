//! The serde types of data package v1, field for field as in `data-package.md`, plus the optional
//! extensions of `docs/data-package-extensions.md` (marked `// Extensions` below).
//!
//! Field order here is the order of the JSON output, so keep it stable: export→import→export must give
//! the same bytes. Every struct denies unknown fields. When a field is added here, add it to the
//! matching table in `schema.rs` too (the diagnostics walker); the tests fail if the two disagree.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::{
    ActivityType, AttendanceStatus, Category, Gender, Grade, LeftReason, MemberStatus, OrgKind, ReviewResult, Role,
    Sector, Standing, TalkTrigger,
};

mod extensions;
mod scalars;

pub use extensions::{
    BudgetLineRecord, CareVisitRecord, DevDocumentRecord, DuesPublicationRecord, DuesRulesRecord, FundsSettingsRecord,
    FundsYearRecord, HardshipRecord, IncomeRecord, MemberEventRecord, OpeningDuesRecord, OverrideRecord,
    PlanItemRecord, RemittanceRecord, SpendingRecord,
};
pub use scalars::Hours;
pub(crate) use scalars::{date, opt_date};

/// The value of the top-level `format` field.
pub const FORMAT: &str = "zhibu-package";
/// The newest package version this build reads and the one it writes.
pub const VERSION: u32 = 1;

/// A whole data package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<FixedOffset>,
    /// The stable id of the ledger that produced the package.
    pub source: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organizations: Vec<OrgRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub members: Vec<MemberRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub activities: Vec<ActivityRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub dues_payments: Vec<DuesPaymentRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub trainings: Vec<TrainingRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub evaluations: Vec<EvaluationRecord>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub development: Vec<DevelopmentRecord>,
    // Extensions (docs/data-package-extensions.md): optional, omitted when empty.
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub dues_rules: Vec<DuesRulesRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub dues_publications: Vec<DuesPublicationRecord>,
    /// Extension (optional, absent from older packages): templates for recurring meetings.
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub meeting_templates: Vec<TemplateRecord>,
    /// Extension (optional): 党费上缴, uses of money and 走访慰问 (issue 18).
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub dues_remittances: Vec<RemittanceRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub fund_spending: Vec<SpendingRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub care_visits: Vec<CareVisitRecord>,
    /// Extension (optional): the organisations' 年度"三会一课"计划 (issue 16).
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub plan_items: Vec<PlanItemRecord>,
    /// Extension (optional): the work funds — budget lines and income — and the 困难党员 marks.
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub fund_budget_lines: Vec<BudgetLineRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub fund_income: Vec<IncomeRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub hardship: Vec<HardshipRecord>,
    /// Extension (optional): the funds settings; whole-ledger exports only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_settings: Option<FundsSettingsRecord>,
    /// Extension (optional): the ledger's start month (记账起始, `YYYY-MM`); whole-ledger exports only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_month: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRecord {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub kind: OrgKind,
    pub sector: Sector,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub founded_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<TermRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<PositionRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermRecord {
    #[serde(with = "date")]
    pub elected_on: NaiveDate,
    pub years: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionRecord {
    pub member: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub to: Option<NaiveDate>,
}

/// 党小组. Group keys are unique across the whole package (members name a group without its org).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    pub key: String,
    pub org: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub gender: Gender,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(with = "date")]
    pub birth_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<String>,
    pub status: MemberStatus,
    #[serde(with = "date")]
    pub joined_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub full_member_on: Option<NaiveDate>,
    pub category: Category,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(
        default = "normal_standing",
        deserialize_with = "null_as_normal",
        skip_serializing_if = "is_normal_standing"
    )]
    pub standing: Standing,
    /// 失去联系日期, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_contact_since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outflow_to: Option<String>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "is_false")]
    pub attendance_exempt: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<LeftRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub dues_bases: Vec<DuesBaseRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dues_fixed_fen: Option<i64>,
    // Extensions: local roster fields and the status history.
    /// 固定电话.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landline: Option<String>,
    /// 籍贯.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_place: Option<String>,
    /// 参加工作日期.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub work_started_on: Option<NaiveDate>,
    /// 学位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// 单位及职务.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_title: Option<String>,
    /// 备注.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<MemberEventRecord>,
}

impl MemberRecord {
    /// On the roll on `date` (`model::roll::on_roll`).
    pub fn on_roll(&self, date: chrono::NaiveDate) -> bool {
        crate::model::roll::on_roll(self.joined_on, self.left.as_ref().map(|l| l.on), date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftRecord {
    #[serde(with = "date")]
    pub on: NaiveDate,
    pub reason: LeftReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuesBaseRecord {
    /// `YYYY-MM`: the base applies from this month on.
    pub from: String,
    pub base_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    pub key: String,
    pub org: String,
    /// One type; `types` instead when one sitting served several purposes (exactly one of the two).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub activity_type: Option<ActivityType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<ActivityType>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub place: String,
    pub topic: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lecturer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub attendance: Vec<AttendanceRecord>,
    /// Extension: the "五个必谈" occasion of a 谈心谈话.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_trigger: Option<TalkTrigger>,
    /// Extension: 列席人员 (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observers: Option<String>,
    /// Extension: members whose 政治生日 the activity celebrated.
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub celebrants: Vec<String>,
    /// Extension: the attached files' metadata (the files themselves travel beside the package, if at all).
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRecord>,
    /// Extension: the 表决 items of a 党员大会 (支部大会), in order.
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<MeetingVoteRecord>,
}

/// One 表决 item of a 党员大会: what was voted on and the 有表决权 figures (docs/data-package-extensions.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingVoteRecord {
    pub subject: crate::model::VoteSubject,
    /// The development record the item is about (admission, conversion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// What was voted on (other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub eligible: u32,
    pub present: u32,
    pub in_favour: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstain: Option<u32>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub written: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One attached file: original name, SHA-256 (lowercase hex) and size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRecord {
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: i64,
}

/// A template for recurring meetings, keyed by (org, name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRecord {
    pub org: String,
    pub name: String,
    pub types: Vec<ActivityType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lecturer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
}

impl ActivityRecord {
    /// The types of the record, whichever of `type` / `types` carries them.
    pub fn all_types(&self) -> Vec<ActivityType> {
        match (&self.activity_type, &self.types) {
            (Some(t), _) => vec![*t],
            (None, Some(ts)) => ts.clone(),
            (None, None) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRecord {
    pub member: String,
    pub status: AttendanceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuesPaymentRecord {
    pub member: String,
    /// `YYYY-MM`: the month the payment is for.
    pub month: String,
    pub paid_fen: i64,
    #[serde(with = "date")]
    pub paid_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRecord {
    pub member: String,
    #[serde(with = "date")]
    pub date: NaiveDate,
    pub title: String,
    pub hours: Hours,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRecord {
    pub member: String,
    pub year: u32,
    pub grade: Grade,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevelopmentRecord {
    pub key: String,
    pub org: String,
    pub name: String,
    pub gender: Gender,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(with = "date")]
    pub birth_date: NaiveDate,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<VoteRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<DevTrainingRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub political_review: Option<ReviewResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probation_extension_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    // Extensions: the 花名册 details and records of schema v3.
    /// 民族.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    /// 学历.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<String>,
    /// 工作单位及职务.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_title: Option<String>,
    /// The day the 预备期 extension was decided.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub probation_extended_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DevDocumentRecord>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub step: u32,
    #[serde(with = "date")]
    pub date: NaiveDate,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRecord {
    pub step: u32,
    pub eligible: u32,
    pub present: u32,
    pub in_favour: u32,
}

/// 集中培训 before step 11.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevTrainingRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
}

/// "Optional fields may be omitted or `null`": a `null` list or flag reads as its default.
fn null_as_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn null_as_normal<'de, D: Deserializer<'de>>(d: D) -> Result<Standing, D::Error> {
    Ok(Option::<Standing>::deserialize(d)?.unwrap_or(Standing::Normal))
}

fn normal_standing() -> Standing {
    Standing::Normal
}

fn is_normal_standing(s: &Standing) -> bool {
    *s == Standing::Normal
}

fn is_false(b: &bool) -> bool {
    !*b
}
