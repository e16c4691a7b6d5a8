//! What `check` reports: one finding per rule × period (× member, group or subject), in the exact
//! shape of `check --json` (`cli.md`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use crate::model::ActivityType;

/// met · unmet · pending (period or deadline not passed on `today`, not yet met) · manual (needs a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Unmet,
    Pending,
    Manual,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "达标",
            Status::Unmet => "未达标",
            Status::Pending => "未到期",
            Status::Manual => "待人工核对",
        }
    }
}

/// One rule evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// The rule id of the profile (development findings: the check's rule id).
    pub rule: String,
    /// frequency · quota · cap · deadline · structure · manual · development
    pub kind: String,
    /// Organisation key.
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityType>,
    /// Member key (per-member rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// training_hours, heart_talks, volunteer_services, dues_unpaid_streak, excellent_share …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Development key (development findings) or 党小组 key (per-group rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Development check code (development findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// `2026` · `2026-H1` · `2026-Q2` · `2026-05`.
    pub period: String,
    #[serde(serialize_with = "whole_as_integer")]
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub required: f64,
    #[serde(serialize_with = "whole_as_integer")]
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub actual: f64,
    pub status: Status,
    /// Chinese, for people.
    pub message: String,
    /// Document and clause.
    pub source: String,
    /// Activity keys and record references behind the finding.
    pub evidence: Vec<String>,
    /// The rule's title (what it asks).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// A breach that is not a failure (主题党日 not on its fixed day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The date the finding falls due (the period's end or the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

fn whole_as_integer<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64((x * 10.0).round() / 10.0)
    }
}

/// The whole answer of `check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckReport {
    pub year: i32,
    pub profile: String,
    pub today: NaiveDate,
    pub findings: Vec<Finding>,
    /// The ledger's start month (记账起始, `YYYY-MM`) when set: periods that ended before it are not
    /// evaluated, periods straddling it are judged on the part from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_month: Option<String>,
}

/// Counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusCounts {
    pub met: u32,
    pub unmet: u32,
    pub pending: u32,
    pub manual: u32,
}

impl StatusCounts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Met => self.met += 1,
            Status::Unmet => self.unmet += 1,
            Status::Pending => self.pending += 1,
            Status::Manual => self.manual += 1,
        }
    }

    /// One state for them all: unmet when any is, else pending, else manual, else met; None when
    /// there are none.
    pub fn overall(&self) -> Option<Status> {
        if self.unmet > 0 {
            Some(Status::Unmet)
        } else if self.pending > 0 {
            Some(Status::Pending)
        } else if self.manual > 0 {
            Some(Status::Manual)
        } else if self.met > 0 {
            Some(Status::Met)
        } else {
            None
        }
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> StatusCounts {
        let mut c = StatusCounts::default();
        for f in findings {
            c.add(f.status);
        }
        c
    }
}

impl CheckReport {
    pub fn counts(&self) -> StatusCounts {
        StatusCounts::of(&self.findings)
    }

    /// The same report without its findings.
    pub fn clone_empty(&self) -> CheckReport {
        CheckReport {
            year: self.year,
            profile: self.profile.clone(),
            today: self.today,
            findings: Vec::new(),
            start_month: self.start_month.clone(),
        }
    }
}

impl Finding {
    /// Overdue on `today` (the 工作台's 已逾期): unmet, and its period or deadline has passed.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status == Status::Unmet && self.due.is_none_or(|d| d < today)
    }
}
