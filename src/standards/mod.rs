//! 标准方案 and the rule engine: standard profiles as data (`assets/profiles`), user copies stored in
//! the ledger, `check` producing the findings of `zhibu check --json`, manual marks, the 涪陵
//! 100-point score and the 景德镇 checklist, the dashboard, and the 自查表 / 评分表 / 备案登记表 workbooks.
//!
//! - `profile`: the profile and rule types, validation, the built-in profiles.
//! - `custom`: copies of profiles stored in the ledger.
//! - `period`, `facts`, `rules/*`, `check`: the engine (one module per rule kind).
//! - `marks`: a person's answers to manual items.

pub mod check;
pub mod custom;
pub mod dashboard;
pub mod facts;
pub mod finding;
pub mod marks;
pub mod period;
pub mod profile;
mod rules;
pub mod scoring;
mod summary;

pub use check::{check, check_ledger, profile_for, FindingsProvider, NoExtraFindings};
pub use custom::{
    copy_profile, delete_profile, list_profiles, load_profile, receive_profile, restore_profile, save_profile,
    ProfileReceived,
};
pub use dashboard::{
    dashboard, dashboard_for, DashLine, Dashboard, GlanceCell, GlanceRow, LineItem, PlanGlance, Upcoming, UpcomingKind,
};
pub use finding::{CheckReport, Finding, Status, StatusCounts};
pub use marks::{set_mark, Mark, MarkInput};
pub use profile::{Profile, ProfileSummary, Rule, RuleSpec};
pub use scoring::{checklist, checklist_for, score_report, score_sheet, ChecklistRow, ScoreSheet, ScoredItem, Verdict};

/// `12.5` or `12`, for messages.
pub(crate) fn rules_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}
