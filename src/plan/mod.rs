//! 年度"三会一课"计划 (issue 16): the year's schedule an organisation proposes from the profile in
//! force, edits and saves, and compares with what was held.
//!
//! - `propose`: the schedule from the profile — the required counts come from `standards::check`
//!   itself (one finding per rule, period and 党小组 states what the year requires), so the plan and
//!   the check can never disagree on what is required; 转正 due dates from the development engine.
//! - `store`: the saved plan (`plan_items`) and the sittings it is compared with.
//! - `actual`: plan against actual — which planned item a held sitting fulfils.
//! - `ics`: the plan as an RFC 5545 calendar file.

pub mod actual;
pub mod ics;
pub mod propose;
pub mod store;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::ActivityType;
use crate::standards::period::{spans, Span};
pub use crate::standards::profile::PeriodUnit;

pub use actual::{classify, counts, plan_vs_actual, HeldSitting, PlanCounts, PlanLine, PlanStatus, PlanVsActual};
pub use propose::{propose, ThemeDay};
pub use store::{has_plan, load_items, save_items, sittings_of};

/// What a planned item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// A sitting of `types` (党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议, 谈心谈话 …).
    Meeting,
    /// 党费收缴情况公示.
    DuesPublication,
    /// 换届选举 (the term ends).
    TermRenewal,
    /// A 预备党员's 预备期 ends: the 支部大会 discusses 转正.
    Probation,
    /// A document the profile asks for by a day (工作计划, 工作总结, 年报).
    Document,
}

impl PlanKind {
    pub const ALL: [PlanKind; 5] =
        [PlanKind::Meeting, PlanKind::DuesPublication, PlanKind::TermRenewal, PlanKind::Probation, PlanKind::Document];

    pub fn code(self) -> &'static str {
        match self {
            PlanKind::Meeting => "meeting",
            PlanKind::DuesPublication => "dues_publication",
            PlanKind::TermRenewal => "term_renewal",
            PlanKind::Probation => "probation",
            PlanKind::Document => "document",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Meeting => "组织生活",
            PlanKind::DuesPublication => "党费收缴公示",
            PlanKind::TermRenewal => "换届选举",
            PlanKind::Probation => "预备党员转正",
            PlanKind::Document => "计划总结",
        }
    }

    /// Whether a held sitting fulfils the item (else the check's finding for its rule and period does).
    pub fn is_sitting(self) -> bool {
        matches!(self, PlanKind::Meeting | PlanKind::TermRenewal | PlanKind::Probation)
    }
}

/// One planned item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanItem {
    pub kind: PlanKind,
    /// The sitting's types (a 主题党日 held with a 党课: both); empty for a publication or document.
    #[serde(default)]
    pub types: Vec<ActivityType>,
    /// 党小组 key (a 党小组会 is planned per group).
    #[serde(default)]
    pub group: Option<String>,
    /// 党小组 name (filled when read; ignored when saved).
    #[serde(default)]
    pub group_name: Option<String>,
    /// The period the item belongs to: the `unit` containing `planned_on` (a monthly 支委会 moved
    /// from the 5th to the 28th still counts for its month).
    pub unit: PeriodUnit,
    pub planned_on: NaiveDate,
    /// 主题 / 内容.
    #[serde(default)]
    pub topic: String,
    /// 备注.
    #[serde(default)]
    pub note: String,
    /// The profile rule the item was proposed for (None: added by hand).
    #[serde(default)]
    pub rule: Option<String>,
    /// The 发展党员 person key of a 转正 item.
    #[serde(default)]
    pub subject: Option<String>,
}

impl PlanItem {
    /// The period the item belongs to.
    pub fn span(&self) -> Span {
        let year = chrono::Datelike::year(&self.planned_on);
        spans(self.unit, year).into_iter().find(|s| s.contains(self.planned_on)).expect("a date lies in a period")
    }

    /// `党员大会` · `主题党日、党课` · `党费收缴公示`: what the item is, for people.
    pub fn what(&self) -> String {
        if self.types.is_empty() || self.kind != PlanKind::Meeting {
            return self.kind.label().to_string();
        }
        let names: Vec<&str> = self.types.iter().map(|t| t.label()).collect();
        names.join("、")
    }
}

/// An organisation's plan for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    /// Organisation key.
    pub org: String,
    pub org_name: String,
    pub year: i32,
    /// True when read from the ledger; false for a proposal not yet saved.
    pub saved: bool,
    /// The 主题党日 day the proposal used and where it comes from.
    pub theme_day: ThemeDay,
    /// In date order.
    pub items: Vec<PlanItem>,
}
