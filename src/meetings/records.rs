//! External trainings (外出培训: who, when, what, hours, organiser) and 民主评议 results per member per
//! year — the `trainings` and `evaluations` tables the data package fills, written by user actions.
//! Rule checks (the 优秀 cap, 32/56 学时) are reported elsewhere and never refuse a record.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::fields::roll;
use super::hours::{hours_text, year_span};
use crate::error::{Error, Problem, Result};
use crate::model::Grade;
use crate::store::bin;
use crate::store::roll::{members_between, RollOrder, RollScope};
use crate::store::{audit, orgs, Ledger};

/// The most 学时 one training entry may credit (1,000 hours), in tenths.
const MAX_TRAINING_TENTHS: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrainingFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub hours_tenths: u32,
    /// 主办单位.
    #[serde(default)]
    pub organizer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrainingRow {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub fields: TrainingFields,
}

const TRAINING_BIN_ENTITY: &str = "training";

pub fn add_training(ledger: &Ledger, fields: TrainingFields, today: NaiveDate) -> Result<i64> {
    let f = normalized(fields);
    ledger.write(|tx| {
        let (id, name) = insert_training(tx, &f, today)?;
        let text = format!("登记{name} {} 培训“{}”{} 学时", f.date, f.title, hours_text(f.hours_tenths.into()));
        audit::record(tx, "新增", TRAINING_BIN_ENTITY, Some(id), &text, None)?;
        Ok(id)
    })
}

pub fn update_training(ledger: &Ledger, id: i64, fields: TrainingFields, today: NaiveDate) -> Result<()> {
    let f = normalized(fields);
    ledger.write(|tx| {
        let before = training(tx, id)?;
        let name = check_training(tx, &f, Some(id), today)?;
        if before.fields == f {
            return Ok(());
        }
        tx.execute(
            "UPDATE trainings SET member_id = ?2, date = ?3, title = ?4, hours_tenths = ?5, organizer = ?6 WHERE id = ?1",
            params![id, f.member_id, f.date, f.title, f.hours_tenths, f.organizer],
        )?;
        let detail = serde_json::json!({ "before": before.fields, "after": f }).to_string();
        let text = format!("修改{name} {} 培训“{}”", f.date, f.title);
        audit::record(tx, "修改", TRAINING_BIN_ENTITY, Some(id), &text, Some(&detail))?;
        Ok(())
    })
}

/// Moves a training entry into the recycle bin; returns the bin id.
pub fn delete_training(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let t = training(tx, id)?;
        let summary = format!("{} {} 培训“{}”", t.name, t.fields.date, t.fields.title);
        let bin_id = bin::put(tx, TRAINING_BIN_ENTITY, id, &summary, &t)?;
        tx.execute("DELETE FROM trainings WHERE id = ?1", [id])?;
        audit::record(tx, "删除", TRAINING_BIN_ENTITY, Some(id), &format!("删除{summary}，已移入回收站"), None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted training entry back; refused when the same entry was recorded again meanwhile.
pub fn restore_training(ledger: &Ledger, bin_id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let t: TrainingRow = bin::take(tx, bin_id, TRAINING_BIN_ENTITY, "回收站中的培训记录")?;
        let f = &t.fields;
        let clash: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM trainings WHERE member_id = ?1 AND date = ?2 AND title = ?3)",
            params![f.member_id, f.date, f.title],
            |r| r.get(0),
        )?;
        if clash {
            return Err(Error::Conflict(format!("{} {} 已有培训“{}”，不能恢复", t.name, f.date, f.title)));
        }
        tx.execute(
            "INSERT INTO trainings(id, member_id, date, title, hours_tenths, organizer) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![t.id, f.member_id, f.date, f.title, f.hours_tenths, f.organizer],
        )?;
        let text = format!("从回收站恢复{} {} 培训“{}”", t.name, f.date, f.title);
        audit::record(tx, "恢复", TRAINING_BIN_ENTITY, Some(t.id), &text, None)?;
        Ok(t.id)
    })
}

/// The trainings of a year for the members of `org_id`'s subtree (None: all), by date.
pub fn list_trainings(ledger: &Ledger, org_id: Option<i64>, year: i32) -> Result<Vec<TrainingRow>> {
    let conn = ledger.conn();
    let (from, to) = year_span(year)?;
    let filter = org_filter(conn, org_id)?;
    let mut stmt = conn
        .prepare(&format!("{TRAINING_SELECT} WHERE t.date BETWEEN ?1 AND ?2 {filter} ORDER BY t.date, m.id, t.id"))?;
    let rows = stmt.query_map(params![from, to], training_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const TRAINING_SELECT: &str = "SELECT t.id, m.name, t.member_id, t.date, t.title, t.hours_tenths, t.organizer
    FROM trainings t JOIN members m ON m.id = t.member_id";

fn training_from_row(r: &rusqlite::Row) -> rusqlite::Result<TrainingRow> {
    Ok(TrainingRow {
        id: r.get(0)?,
        name: r.get(1)?,
        fields: TrainingFields {
            member_id: r.get(2)?,
            date: r.get(3)?,
            title: r.get(4)?,
            hours_tenths: r.get(5)?,
            organizer: r.get(6)?,
        },
    })
}

fn training(conn: &Connection, id: i64) -> Result<TrainingRow> {
    conn.query_row(&format!("{TRAINING_SELECT} WHERE t.id = ?1"), [id], training_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "培训记录", key: id.to_string() })
}

fn normalized(mut f: TrainingFields) -> TrainingFields {
    f.title = f.title.trim().to_string();
    f.organizer = f.organizer.map(|o| o.trim().to_string()).filter(|o| !o.is_empty());
    f
}

/// Checks and stores a training inside the caller's transaction, without an audit entry; returns
/// its id and the member's name.
pub(crate) fn insert_training(tx: &Connection, f: &TrainingFields, today: NaiveDate) -> Result<(i64, String)> {
    let f = normalized(f.clone());
    let name = check_training(tx, &f, None, today)?;
    tx.execute(
        "INSERT INTO trainings(member_id, date, title, hours_tenths, organizer) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![f.member_id, f.date, f.title, f.hours_tenths, f.organizer],
    )?;
    Ok((tx.last_insert_rowid(), name))
}

/// The 学时 (tenths) of the member's training of that date and title, if one is recorded: the
/// natural key of an imported training.
pub fn training_tenths(conn: &Connection, member_id: i64, date: NaiveDate, title: &str) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT hours_tenths FROM trainings WHERE member_id = ?1 AND date = ?2 AND title = ?3",
            params![member_id, date, title.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

/// The member's name when the form is right.
fn check_training(conn: &Connection, f: &TrainingFields, own: Option<i64>, today: NaiveDate) -> Result<String> {
    let mut p = Vec::new();
    let member = roll(conn, f.member_id)?;
    if member.is_none() {
        p.push(Problem::new("member_id", format!("党员：未找到编号为 {} 的党员", f.member_id)));
    }
    if f.date > today {
        p.push(Problem::new("date", format!("日期：{} 晚于今天 {today}", f.date)));
    }
    if f.title.is_empty() {
        p.push(Problem::new("title", "培训名称：不能为空"));
    }
    if f.hours_tenths == 0 {
        p.push(Problem::new("hours_tenths", "学时：应大于 0"));
    } else if f.hours_tenths > MAX_TRAINING_TENTHS {
        p.push(Problem::new("hours_tenths", format!("学时：{} 超过 1000", hours_text(f.hours_tenths.into()))));
    }
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM trainings WHERE member_id = ?1 AND date = ?2 AND title = ?3",
            params![f.member_id, f.date, f.title],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() && clash != own {
        p.push(Problem::new("title", "培训名称：该党员同一天已登记同名培训"));
    }
    if !p.is_empty() {
        return Err(Error::Invalid(p));
    }
    Ok(member.map(|m| m.name).unwrap_or_default())
}

/// One member's 民主评议 result to record (None: not yet rated — removes a stored grade into the bin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvaluationEntry {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub grade: Grade,
}

/// A member on the year's 民主评议 list, with the grade if recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvaluationRow {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub grade: Option<Grade>,
}

const EVALUATION_BIN_ENTITY: &str = "evaluation";

/// Records the year's grades (adding or replacing one per member); returns how many changed.
pub fn set_evaluations(ledger: &Ledger, year: i32, entries: &[EvaluationEntry], today: NaiveDate) -> Result<u32> {
    ledger.write(|tx| set_evaluations_in(tx, year, entries, today))
}

/// `set_evaluations` inside the caller's transaction (an import of several years).
pub(crate) fn set_evaluations_in(
    tx: &Connection,
    year: i32,
    entries: &[EvaluationEntry],
    today: NaiveDate,
) -> Result<u32> {
    {
        let (from, to) = year_span(year)?;
        let mut p = Vec::new();
        if year > today.year() {
            p.push(Problem::new("year", format!("年度：{year} 年还未到")));
        }
        let mut names = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let at = format!("entries[{i}].member_id");
            match roll(tx, e.member_id)? {
                None => p.push(Problem::new(at, format!("党员：未找到编号为 {} 的党员", e.member_id))),
                Some(r) if r.joined_on > to || r.left_on.is_some_and(|l| l <= from) => {
                    p.push(Problem::new(at, format!("党员：{} 在 {year} 年不在党员名册中", r.name)))
                }
                Some(r) => names.push(r.name),
            }
            if entries[..i].iter().any(|x| x.member_id == e.member_id) {
                p.push(Problem::new(format!("entries[{i}].member_id"), "党员：重复登记"));
            }
        }
        if !p.is_empty() {
            return Err(Error::Invalid(p));
        }
        let mut changed = Vec::new();
        for (e, name) in entries.iter().zip(&names) {
            let before = grade(tx, e.member_id, year)?;
            if before == Some(e.grade) {
                continue;
            }
            tx.execute(
                "INSERT INTO evaluations(member_id, year, grade) VALUES (?1, ?2, ?3)
                 ON CONFLICT(member_id, year) DO UPDATE SET grade = excluded.grade",
                params![e.member_id, year, e.grade],
            )?;
            changed.push(format!("{name}：{}", e.grade.label()));
        }
        if !changed.is_empty() {
            let text = format!("登记 {year} 年民主评议结果 {} 人（{}）", changed.len(), changed.join("、"));
            let id = (entries.len() == 1).then(|| entries[0].member_id);
            audit::record(tx, "登记", EVALUATION_BIN_ENTITY, id, &text, None)?;
        }
        Ok(changed.len() as u32)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeletedEvaluation {
    member_id: i64,
    name: String,
    year: i32,
    grade: Grade,
}

/// Moves a member's grade for a year into the recycle bin; returns the bin id.
pub fn remove_evaluation(ledger: &Ledger, member_id: i64, year: i32) -> Result<i64> {
    ledger.write(|tx| {
        let name = roll(tx, member_id)?
            .map(|r| r.name)
            .ok_or(Error::NotFound { what: "党员", key: member_id.to_string() })?;
        let g = grade(tx, member_id, year)?
            .ok_or_else(|| Error::NotFound { what: "民主评议结果", key: format!("{name} {year} 年") })?;
        let summary = format!("{name} {year} 年民主评议结果（{}）", g.label());
        let row = DeletedEvaluation { member_id, name, year, grade: g };
        let bin_id = bin::put(tx, EVALUATION_BIN_ENTITY, member_id, &summary, &row)?;
        tx.execute("DELETE FROM evaluations WHERE member_id = ?1 AND year = ?2", params![member_id, year])?;
        audit::record(
            tx,
            "删除",
            EVALUATION_BIN_ENTITY,
            Some(member_id),
            &format!("删除{summary}，已移入回收站"),
            None,
        )?;
        Ok(bin_id)
    })
}

/// Puts a removed grade back; refused when a grade was recorded again meanwhile.
pub fn restore_evaluation(ledger: &Ledger, bin_id: i64) -> Result<()> {
    ledger.write(|tx| {
        let row: DeletedEvaluation = bin::take(tx, bin_id, EVALUATION_BIN_ENTITY, "回收站中的民主评议结果")?;
        if grade(tx, row.member_id, row.year)?.is_some() {
            return Err(Error::Conflict(format!("{} {} 年已有新的评议结果，不能恢复", row.name, row.year)));
        }
        tx.execute(
            "INSERT INTO evaluations(member_id, year, grade) VALUES (?1, ?2, ?3)",
            params![row.member_id, row.year, row.grade],
        )?;
        let text = format!("从回收站恢复{} {} 年民主评议结果（{}）", row.name, row.year, row.grade.label());
        audit::record(tx, "恢复", EVALUATION_BIN_ENTITY, Some(row.member_id), &text, None)?;
        Ok(())
    })
}

/// The members of `org_id`'s subtree (None: all) on the roll at some time in `year`, with their grades.
pub fn evaluations_for_year(ledger: &Ledger, org_id: Option<i64>, year: i32) -> Result<Vec<EvaluationRow>> {
    let conn = ledger.conn();
    let (from, to) = year_span(year)?;
    let scope = match org_id {
        Some(o) => {
            crate::store::orgs::name_of(conn, o)?;
            RollScope::Subtree(o)
        }
        None => RollScope::All,
    };
    let mut stmt = conn.prepare_cached("SELECT grade FROM evaluations WHERE member_id = ?1 AND year = ?2")?;
    let mut out = Vec::new();
    for m in members_between(conn, scope, from, to, RollOrder::Entered)? {
        let grade = stmt.query_row(params![m.id, year], |r| r.get(0)).optional()?;
        out.push(EvaluationRow { member_id: m.id, name: m.name, group_name: m.group_name, grade });
    }
    Ok(out)
}

/// The member's recorded grade for the year.
pub fn grade(conn: &Connection, member_id: i64, year: i32) -> Result<Option<Grade>> {
    Ok(conn
        .query_row("SELECT grade FROM evaluations WHERE member_id = ?1 AND year = ?2", params![member_id, year], |r| {
            r.get(0)
        })
        .optional()?)
}

/// `AND m.org_id IN (…)` for the subtree of `org_id`, or nothing.
fn org_filter(conn: &Connection, org_id: Option<i64>) -> Result<String> {
    Ok(match org_id {
        Some(o) => {
            orgs::name_of(conn, o)?;
            let ids: Vec<String> = orgs::subtree_ids(conn, o)?.iter().map(|i| i.to_string()).collect();
            format!("AND m.org_id IN ({})", ids.join(","))
        }
        None => String::new(),
    })
}
