//! The 涪陵 100-point table scored from the findings where the ledger can tell and from the
//! secretary's marks where it cannot, with ▲ items enforced; and the 景德镇 48-item checklist.
//!
//! Scoring rules (stated to the user beside each item through `PartialCredit::explain`):
//! - pro rata: each rule of the item carries its points; it scores points × met ÷ decided findings
//!   (periods, or members for per-member rules); pending findings are left out; a rule with no
//!   findings for the organisation (it does not apply, e.g. no 党小组) scores in full;
//! - all or nothing: full points when every finding is met, none when one is unmet;
//! - manual: the points the secretary entered, or full points when only ticked as met.
//!
//! Verdict: ≥ pass (80) 合格, ≥ basic (60) 基本合格, below 不合格; any ▲ item not met caps the verdict
//! below 合格 (基本合格 at most). A ▲ item is met when none of its findings is unmet (auto) or when
//! it is ticked (manual). The verdict is provisional while items are pending or not yet scored.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::finding::{CheckReport, Finding, Status, StatusCounts};
use super::marks::{self, Mark};
use super::profile::{PartialCredit, Profile};
use crate::error::{Error, Result};

/// 合格 · 基本合格 · 不合格
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Qualified,
    BasicallyQualified,
    Unqualified,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Qualified => "合格",
            Verdict::BasicallyQualified => "基本合格",
            Verdict::Unqualified => "不合格",
        }
    }
}

/// One scored line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoredItem {
    pub id: String,
    pub section: String,
    pub text: String,
    pub points: f64,
    pub mandatory: bool,
    /// Points scored (0 while nothing is decided).
    pub score: f64,
    /// met · unmet · pending · manual, for the item as a whole.
    pub status: Status,
    /// A ▲ item that is not met.
    pub mandatory_unmet: bool,
    pub partial: PartialCredit,
    /// The stated partial-credit rule.
    pub partial_rule: String,
    /// How the score came about, e.g. `党员大会 3/3 期达标；支委会 10/11 期达标`.
    pub basis: String,
    pub counts: StatusCounts,
    pub rules: Vec<String>,
    /// Activity keys and record references behind the score.
    pub evidence: Vec<String>,
    pub note: Option<String>,
}

/// Points per section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionScore {
    pub section: String,
    pub points: f64,
    pub score: f64,
}

/// The scored table of one organisation and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreSheet {
    pub org: String,
    pub year: i32,
    pub profile: String,
    pub today: NaiveDate,
    pub total: f64,
    pub score: f64,
    pub verdict: Verdict,
    /// `合格`, `基本合格（▲项未达标）`, `基本合格（暂定）` …
    pub verdict_label: String,
    /// ▲ items not met (their ids).
    pub mandatory_unmet: Vec<String>,
    /// Items pending or not yet scored by a person: the verdict is provisional.
    pub open_items: u32,
    pub sections: Vec<SectionScore>,
    pub items: Vec<ScoredItem>,
}

/// Scores `profile` for one organisation: runs `check` for it alone (with `extra_findings`) and reads
/// the secretary's marks. Refused for a profile without a scoring table.
pub fn score_sheet(
    conn: &Connection,
    org_id: i64,
    year: i32,
    profile: &Profile,
    today: NaiveDate,
    extra_findings: Vec<Finding>,
) -> Result<ScoreSheet> {
    let report = super::check::check(conn, Some(org_id), year, profile, today, extra_findings)?;
    score_checked(conn, org_id, year, profile, &report)
}

/// Scores `profile` for one organisation from a check already made of it under that profile (its
/// subtree's report: only the organisation's own findings count) and the secretary's marks.
pub fn score_checked(
    conn: &Connection,
    org_id: i64,
    year: i32,
    profile: &Profile,
    report: &CheckReport,
) -> Result<ScoreSheet> {
    let org = crate::store::orgs::get(conn, org_id)?;
    let own = CheckReport {
        findings: report.findings.iter().filter(|f| f.org == org.key).cloned().collect(),
        ..report.clone_empty()
    };
    let marks = marks::for_year(conn, &[org_id], year, &profile.id)?;
    score_report(profile, &own, &org.key, &marks)
}

/// The pure scoring of a check report's findings for organisation `org_key`.
pub fn score_report(profile: &Profile, report: &CheckReport, org_key: &str, marks: &[Mark]) -> Result<ScoreSheet> {
    let scoring = profile
        .scoring
        .as_ref()
        .ok_or_else(|| Error::invalid("profile", format!("标准方案“{}”没有评分表", profile.title)))?;
    let mut items = Vec::with_capacity(scoring.items.len());
    for item in &scoring.items {
        let per_rule: Vec<(&str, f64, Vec<&Finding>)> = item
            .rules
            .iter()
            .map(|r| {
                let pts = profile.rule(r).and_then(|x| x.points).unwrap_or(item.points / item.rules.len() as f64);
                let fs = report.findings.iter().filter(|f| f.org == org_key && &f.rule == r).collect();
                (r.as_str(), pts, fs)
            })
            .collect();
        let all: Vec<&Finding> = per_rule.iter().flat_map(|x| x.2.iter().copied()).collect();
        let counts = StatusCounts::of(all.iter().copied());
        let mark = marks.iter().find(|m| item.rules.contains(&m.rule));
        let (score, status, basis) = match item.partial {
            PartialCredit::Manual => manual_score(item.points, mark),
            PartialCredit::ProRata => pro_rata(profile, &per_rule),
            PartialCredit::AllOrNothing => all_or_nothing(item.points, &counts),
        };
        let mandatory_unmet = item.mandatory
            && match item.partial {
                PartialCredit::Manual => !mark.is_some_and(|m| m.ticked),
                _ => counts.unmet > 0,
            };
        let mut evidence: Vec<String> = all.iter().flat_map(|f| f.evidence.iter().cloned()).collect();
        evidence.dedup();
        items.push(ScoredItem {
            id: item.id.clone(),
            section: item.section.clone(),
            text: item.text.clone(),
            points: item.points,
            mandatory: item.mandatory,
            score: round1(score),
            status,
            mandatory_unmet,
            partial: item.partial,
            partial_rule: item.partial.explain().to_string(),
            basis,
            counts,
            rules: item.rules.clone(),
            evidence,
            note: mark.and_then(|m| m.note.clone()),
        });
    }
    let score = round1(items.iter().map(|i| i.score).sum());
    let mandatory_unmet: Vec<String> = items.iter().filter(|i| i.mandatory_unmet).map(|i| i.id.clone()).collect();
    let open_items = items.iter().filter(|i| matches!(i.status, Status::Pending | Status::Manual)).count() as u32;
    let by_score = if score >= scoring.pass {
        Verdict::Qualified
    } else if score >= scoring.basic {
        Verdict::BasicallyQualified
    } else {
        Verdict::Unqualified
    };
    let capped = by_score == Verdict::Qualified && !mandatory_unmet.is_empty();
    let verdict = if capped { Verdict::BasicallyQualified } else { by_score };
    let mut verdict_label = verdict.label().to_string();
    if capped {
        verdict_label.push_str(&format!("（{}个▲项未达标，不能评为合格）", mandatory_unmet.len()));
    }
    if open_items > 0 {
        verdict_label.push_str(&format!("（暂定：{open_items}项未到期或待评分）"));
    }
    let mut sections: Vec<SectionScore> = Vec::new();
    for i in &items {
        match sections.iter_mut().find(|s| s.section == i.section) {
            Some(s) => {
                s.points += i.points;
                s.score = round1(s.score + i.score);
            }
            None => sections.push(SectionScore { section: i.section.clone(), points: i.points, score: i.score }),
        }
    }
    Ok(ScoreSheet {
        org: org_key.to_string(),
        year: report.year,
        profile: profile.id.clone(),
        today: report.today,
        total: scoring.total,
        score,
        verdict,
        verdict_label,
        mandatory_unmet,
        open_items,
        sections,
        items,
    })
}

fn manual_score(points: f64, mark: Option<&Mark>) -> (f64, Status, String) {
    match mark {
        Some(m) if m.score.is_some() || m.ticked => {
            let s = m.score.unwrap_or(points);
            let status = if s >= points && m.ticked { Status::Met } else { Status::Unmet };
            (s, status, format!("书记评分{}分", super::rules_num(s)))
        }
        _ => (0.0, Status::Manual, "待书记对照佐证评分".to_string()),
    }
}

fn pro_rata(profile: &Profile, per_rule: &[(&str, f64, Vec<&Finding>)]) -> (f64, Status, String) {
    let mut score = 0.0;
    let mut parts = Vec::new();
    let mut any_decided = false;
    let mut any_unmet = false;
    for (rule, pts, fs) in per_rule {
        let c = StatusCounts::of(fs.iter().copied());
        let decided = c.met + c.unmet;
        let title = profile.rule(rule).map(|r| r.title.as_str()).unwrap_or(rule);
        if fs.is_empty() {
            score += pts;
            any_decided = true;
            parts.push(format!("{title}：不适用，计满分"));
        } else if decided == 0 {
            parts.push(format!("{title}：未到期"));
        } else {
            any_decided = true;
            any_unmet |= c.unmet > 0;
            score += pts * c.met as f64 / decided as f64;
            parts.push(format!("{title}：{}/{decided}达标", c.met));
        }
    }
    let status = if !any_decided {
        Status::Pending
    } else if any_unmet {
        Status::Unmet
    } else {
        Status::Met
    };
    (score, status, parts.join("；"))
}

fn all_or_nothing(points: f64, c: &StatusCounts) -> (f64, Status, String) {
    if c.unmet > 0 {
        (0.0, Status::Unmet, format!("{}项未达标", c.unmet))
    } else if c.pending > 0 || c.manual > 0 {
        (0.0, Status::Pending, format!("{}项未到期", c.pending + c.manual))
    } else {
        (points, Status::Met, if c.met == 0 { "不适用，计满分".to_string() } else { "全部达标".to_string() })
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// One line of a checklist (景德镇 48 items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistRow {
    pub no: u32,
    pub section: String,
    pub text: String,
    /// unmet if any finding is unmet, else manual, else pending, else met.
    pub status: Status,
    pub counts: StatusCounts,
    /// The messages of unmet findings (first few).
    pub problems: Vec<String>,
    pub evidence: Vec<String>,
}

/// The checklist of `profile` for organisation `org_key` from a check report (empty when the
/// profile has no checklist).
pub fn checklist(profile: &Profile, report: &CheckReport, org_key: &str) -> Vec<ChecklistRow> {
    let Some(list) = &profile.checklist else { return Vec::new() };
    list.items
        .iter()
        .map(|item| {
            let fs: Vec<&Finding> =
                report.findings.iter().filter(|f| f.org == org_key && item.rules.contains(&f.rule)).collect();
            let counts = StatusCounts::of(fs.iter().copied());
            let status = if counts.unmet > 0 {
                Status::Unmet
            } else if counts.manual > 0 {
                Status::Manual
            } else if counts.pending > 0 {
                Status::Pending
            } else {
                Status::Met
            };
            ChecklistRow {
                no: item.no,
                section: item.section.clone(),
                text: item.text.clone(),
                status,
                counts,
                problems: fs.iter().filter(|f| f.status == Status::Unmet).take(5).map(|f| f.message.clone()).collect(),
                evidence: fs.iter().flat_map(|f| f.evidence.iter().cloned()).take(20).collect(),
            }
        })
        .collect()
}

/// What the app calls for the 景德镇-style checklist of one organisation: the profile by id (the
/// organisation's own when None), in one read transaction.
pub fn checklist_for(
    ledger: &crate::store::Ledger,
    org_id: i64,
    year: i32,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn super::check::FindingsProvider,
) -> Result<Vec<ChecklistRow>> {
    ledger.read(|conn| {
        let org = crate::store::orgs::get(conn, org_id)?;
        let profile = super::check::profile_for(conn, Some(org_id), profile_id)?;
        let extra = provider.findings(conn, &[org_id], year, today)?;
        let report = super::check::check(conn, Some(org_id), year, &profile, today, extra)?;
        Ok(checklist(&profile, &report, &org.key))
    })
}
