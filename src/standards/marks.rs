//! A person's answer to a manual item: ticked as met, the day it was done (dated deadlines such as
//! the yearly plan), a note, references to the evidence (attachments, documents, file names) and,
//! where the profile scores, the points given. Stored per organisation, year, profile and rule.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::profile::{Profile, RuleSpec};
use crate::error::{Error, Problem, Result};
use crate::store::{audit, Ledger};

/// Longest note accepted, in characters.
const NOTE_MAX_CHARS: usize = 500;

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Mark {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub year: i32,
    pub profile: String,
    pub rule: String,
    pub ticked: bool,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    /// `attachment-12`, `document-3`, or a file name / description.
    pub evidence: Vec<String>,
    /// Points given (scoring profiles).
    pub score: Option<f64>,
    pub updated_at: String,
}

/// What a person enters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MarkInput {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub year: i32,
    pub profile: String,
    pub rule: String,
    pub ticked: bool,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub score: Option<f64>,
}

/// Records a person's answer to a manual item (or the done date of a deadline) in one transaction.
/// Refuses a rule that is not manual or deadline, a score above the rule's points, and evidence
/// references to attachments or documents that do not exist.
pub fn set_mark(ledger: &Ledger, input: &MarkInput, today: NaiveDate) -> Result<Mark> {
    let profile = super::custom::load_profile(ledger.conn(), &input.profile)?;
    ledger.write(|tx| {
        let problems = input_problems(tx, &profile, input, today)?;
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let note = input.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let evidence: Vec<String> =
            input.evidence.iter().map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
        let evidence_json = serde_json::to_string(&evidence).map_err(|e| Error::Internal(e.to_string()))?;
        tx.execute(
            "INSERT INTO check_marks(org_id, year, profile, rule, ticked, done_on, note, evidence_json, score_tenths, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(org_id, year, profile, rule) DO UPDATE SET ticked = ?5, done_on = ?6, note = ?7,
               evidence_json = ?8, score_tenths = ?9, updated_at = ?10",
            params![
                input.org_id,
                input.year,
                input.profile,
                input.rule,
                input.ticked,
                input.done_on,
                note,
                evidence_json,
                input.score.map(|s| (s * 10.0).round() as i64),
                crate::store::now_stamp()
            ],
        )?;
        let title = profile.rule(&input.rule).map(|r| r.title.as_str()).unwrap_or_default();
        let state = if input.ticked { "已确认达标" } else { "取消确认" };
        audit::record(
            tx,
            "check_mark",
            "organizations",
            Some(input.org_id),
            &format!("{}年自查：{}（{}）", input.year, title, state),
            note,
        )?;
        get(tx, input.org_id, input.year, &input.profile, &input.rule)?
            .ok_or_else(|| Error::Internal("mark not stored".into()))
    })
}

fn input_problems(conn: &Connection, profile: &Profile, input: &MarkInput, today: NaiveDate) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    crate::store::orgs::name_of(conn, input.org_id)?;
    match profile.rule(&input.rule) {
        None => p.push(Problem::new("rule", format!("标准方案“{}”中没有规则“{}”", profile.id, input.rule))),
        Some(rule) => {
            if !matches!(rule.spec, RuleSpec::Manual { .. } | RuleSpec::Deadline { .. }) {
                p.push(Problem::new("rule", "该规则由台账数据自动核对，不能人工勾选"));
            }
            if let Some(score) = input.score {
                let max = rule.points.unwrap_or(0.0);
                if !(0.0..=max).contains(&score) {
                    p.push(Problem::new("score", format!("得分应在0到{max}分之间")));
                }
            }
        }
    }
    if !(2000..=2100).contains(&input.year) {
        p.push(Problem::new("year", "年度应在2000到2100之间"));
    }
    if input.done_on.is_some_and(|d| d > today) {
        p.push(Problem::new("done_on", "完成日期不能晚于今天"));
    }
    if input.note.as_deref().is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
        p.push(Problem::new("note", format!("说明不能超过{NOTE_MAX_CHARS}字")));
    }
    for (i, e) in input.evidence.iter().enumerate() {
        let e = e.trim();
        for (prefix, table) in [("attachment-", "attachments"), ("document-", "documents")] {
            if let Some(id) = e.strip_prefix(prefix) {
                let exists = match id.parse::<i64>() {
                    Ok(id) => conn
                        .query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |_| Ok(()))
                        .optional()?
                        .is_some(),
                    Err(_) => false,
                };
                if !exists {
                    p.push(Problem::new(format!("evidence[{i}]"), format!("佐证材料“{e}”不存在")));
                }
            }
        }
    }
    Ok(p)
}

/// One stored answer.
pub fn get(conn: &Connection, org_id: i64, year: i32, profile: &str, rule: &str) -> Result<Option<Mark>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM check_marks WHERE org_id = ?1 AND year = ?2 AND profile = ?3 AND rule = ?4"
            ),
            params![org_id, year, profile, rule],
            mark_from_row,
        )
        .optional()?)
}

/// The answers of `profile` for `year` of the organisations.
pub fn for_year(conn: &Connection, org_ids: &[i64], year: i32, profile: &str) -> Result<Vec<Mark>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let in_list = org_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM check_marks WHERE org_id IN ({in_list}) AND year = ?1 AND profile = ?2 ORDER BY org_id, rule"
    ))?;
    let rows = stmt.query_map(params![year, profile], mark_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const COLUMNS: &str = "org_id, year, profile, rule, ticked, done_on, note, evidence_json, score_tenths, updated_at";

fn mark_from_row(r: &rusqlite::Row) -> rusqlite::Result<Mark> {
    let evidence: String = r.get(7)?;
    Ok(Mark {
        org_id: r.get(0)?,
        year: r.get(1)?,
        profile: r.get(2)?,
        rule: r.get(3)?,
        ticked: r.get(4)?,
        done_on: r.get(5)?,
        note: r.get(6)?,
        evidence: serde_json::from_str(&evidence).unwrap_or_default(),
        score: r.get::<_, Option<i64>>(8)?.map(|t| t as f64 / 10.0),
        updated_at: r.get(9)?,
    })
}
