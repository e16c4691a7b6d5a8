//! Plan against actual.
//!
//! **Matching.** A planned sitting (a 会议 item, a 换届 or a 转正 item) is fulfilled by a held sitting
//! of the same organisation that (1) has every type of the item (a sitting recorded as 主题党日 and
//! 党课 fulfils a 主题党日 item and a 党课 item), (2) is of the item's 党小组 when the item names one,
//! and (3) was held within the item's period — the month, quarter, half-year or year (the item's
//! `unit`) containing its planned date; no ±N days window: the period is what the standard counts.
//! A sitting fulfils at most one item of each kind and type set. Items are matched in date order,
//! each taking the unused sitting nearest to its planned date (the earlier on a tie).
//!
//! A 党费公示 or document item has no sitting: the year's `check` finding of its rule and period
//! says whether it was done (met: held; unmet: missed; pending: upcoming). An item of that kind
//! added by hand has no finding and is `unchecked`.
//!
//! Status: held; missed when not fulfilled and its period has ended before `today`; upcoming
//! otherwise. Held sittings that fulfil no item are listed as held unplanned, except 谈心谈话 and
//! 志愿服务 alone: they are recorded one by one (a round of talks is many records), so only
//! whether a planned round was held is shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{PlanItem, PlanKind};
use crate::model::ActivityType;
use crate::standards::finding::Status;

/// A sitting as the plan sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldSitting {
    /// Activity key.
    pub key: String,
    pub date: NaiveDate,
    pub topic: String,
    /// 党小组 key.
    pub group: Option<String>,
    pub types: Vec<ActivityType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// 已按计划开展.
    Held,
    /// 计划未开展 (the period has ended).
    Missed,
    /// 尚未到期.
    Upcoming,
    /// 无法核对: an item added by hand the ledger holds no record kind for.
    Unchecked,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Held => "已开展",
            PlanStatus::Missed => "未开展",
            PlanStatus::Upcoming => "待开展",
            PlanStatus::Unchecked => "无法核对",
        }
    }
}

/// One planned item and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanLine {
    pub item: PlanItem,
    /// What the item is, for people (`主题党日`, `收支公示`).
    pub what: String,
    /// The item's period code (`2026-03`) and label (`2026年3月`).
    pub period: String,
    pub period_label: String,
    pub status: PlanStatus,
    /// The sitting that fulfilled it.
    pub held: Option<HeldSitting>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanCounts {
    pub planned: u32,
    pub held: u32,
    pub missed: u32,
    pub upcoming: u32,
    pub unchecked: u32,
    pub unplanned: u32,
}

/// The plan of an organisation's year against what was held, as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanVsActual {
    pub org: String,
    pub org_name: String,
    pub year: i32,
    pub today: NaiveDate,
    /// False when no plan is saved for the year (every sitting is then unplanned).
    pub saved: bool,
    pub lines: Vec<PlanLine>,
    /// Held sittings no item planned.
    pub unplanned: Vec<HeldSitting>,
    pub counts: PlanCounts,
}

impl PlanVsActual {
    /// `计划48项：已开展20项，未开展3项，待开展25项；计划外开展2次`.
    pub fn summary_text(&self) -> String {
        if !self.saved {
            return format!("{}年度尚未制定计划", self.year);
        }
        let c = &self.counts;
        let mut text = format!("计划{}项：已开展{}项，未开展{}项，待开展{}项", c.planned, c.held, c.missed, c.upcoming);
        if c.unchecked > 0 {
            text.push_str(&format!("，无法核对{}项", c.unchecked));
        }
        text.push_str(&format!("；计划外开展{}次", c.unplanned));
        text
    }
}

/// Plan against actual: `items` against `sittings`; the status of a 党费公示 or document item from
/// `finding_status(rule, period)`.
pub fn classify(
    items: &[PlanItem],
    sittings: &[HeldSitting],
    finding_status: &dyn Fn(&str, &str) -> Option<Status>,
    today: NaiveDate,
) -> (Vec<PlanLine>, Vec<HeldSitting>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].planned_on, i));
    // (sitting index, item kind, item types) already used.
    let mut used: Vec<(usize, PlanKind, Vec<ActivityType>)> = Vec::new();
    let mut matched = vec![None; items.len()];
    for &i in &order {
        let item = &items[i];
        if !item.kind.is_sitting() || item.types.is_empty() {
            continue;
        }
        let span = item.span();
        let mut types = item.types.clone();
        types.sort();
        let best = sittings
            .iter()
            .enumerate()
            .filter(|(_, s)| span.contains(s.date))
            .filter(|(_, s)| types.iter().all(|t| s.types.contains(t)))
            .filter(|(_, s)| item.group.is_none() || s.group == item.group)
            .filter(|(j, _)| !used.iter().any(|(u, k, t)| u == j && *k == item.kind && *t == types))
            .min_by_key(|(_, s)| ((s.date - item.planned_on).num_days().abs(), s.date));
        if let Some((j, _)) = best {
            used.push((j, item.kind, types));
            matched[i] = Some(j);
        }
    }
    let lines = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let span = item.span();
            let status = if matched[i].is_some() {
                PlanStatus::Held
            } else if item.kind.is_sitting() {
                if span.last < today {
                    PlanStatus::Missed
                } else {
                    PlanStatus::Upcoming
                }
            } else {
                match item.rule.as_deref().and_then(|r| finding_status(r, &span.code)) {
                    Some(Status::Met) => PlanStatus::Held,
                    Some(Status::Unmet) => PlanStatus::Missed,
                    Some(Status::Pending) => PlanStatus::Upcoming,
                    _ => PlanStatus::Unchecked,
                }
            };
            PlanLine {
                item: item.clone(),
                what: item.what(),
                period: span.code.clone(),
                period_label: span.label.clone(),
                status,
                held: matched[i].map(|j| sittings[j].clone()),
            }
        })
        .collect();
    let one_by_one = [ActivityType::HeartTalk, ActivityType::Volunteer];
    let unplanned = sittings
        .iter()
        .enumerate()
        .filter(|(j, _)| !used.iter().any(|(u, _, _)| u == j))
        .filter(|(_, s)| !s.types.iter().all(|t| one_by_one.contains(t)))
        .map(|(_, s)| s.clone())
        .collect();
    (lines, unplanned)
}

/// Counts of `lines` and `unplanned`.
pub fn counts(lines: &[PlanLine], unplanned: &[HeldSitting]) -> PlanCounts {
    let n = |s: PlanStatus| lines.iter().filter(|l| l.status == s).count() as u32;
    PlanCounts {
        planned: lines.len() as u32,
        held: n(PlanStatus::Held),
        missed: n(PlanStatus::Missed),
        upcoming: n(PlanStatus::Upcoming),
        unchecked: n(PlanStatus::Unchecked),
        unplanned: unplanned.len() as u32,
    }
}

/// The plan of `org` against what it held in the year.
#[allow(clippy::too_many_arguments)]
pub fn plan_vs_actual(
    org: &str,
    org_name: &str,
    year: i32,
    saved: bool,
    items: &[PlanItem],
    sittings: &[HeldSitting],
    finding_status: &dyn Fn(&str, &str) -> Option<Status>,
    today: NaiveDate,
) -> PlanVsActual {
    let (lines, unplanned) = classify(items, sittings, finding_status, today);
    let counts = counts(&lines, &unplanned);
    PlanVsActual { org: org.to_string(), org_name: org_name.to_string(), year, today, saved, lines, unplanned, counts }
}
