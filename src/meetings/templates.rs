//! Templates for recurring meetings (每月支委会, 主题党日 …): a named prefill of the record form, per
//! organisation. Applying one gives the form for a date; nothing is recorded until the form is saved.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::fields::{parse_time, ActivityFields, MAX_ACTIVITY_TENTHS};
use crate::error::{Error, Problem, Result};
use crate::model::ActivityType;
use crate::store::bin;
use crate::store::{audit, Ledger};

/// The template form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TemplateFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// 模板名称, unique within the organisation.
    pub name: String,
    pub types: Vec<ActivityType>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub host_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub recorder_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub lecturer_id: Option<i64>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub decisions: Option<String>,
    #[serde(default)]
    pub hours_tenths: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingTemplate {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub fields: TemplateFields,
}

const BIN_ENTITY: &str = "meeting_template";

/// Saves a new template (`id` None) or replaces one; returns it.
pub fn save_template(ledger: &Ledger, id: Option<i64>, fields: TemplateFields) -> Result<MeetingTemplate> {
    let f = normalized(fields);
    let id = ledger.write(|tx| {
        let problems = check(tx, &f)?;
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let clash: Option<i64> = tx
            .query_row(
                "SELECT id FROM meeting_templates WHERE org_id = ?1 AND name = ?2",
                params![f.org_id, f.name],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() && clash != id {
            return Err(Error::invalid("name", format!("模板名称：本组织已有名为“{}”的模板", f.name)));
        }
        let now = crate::store::now_stamp();
        let types = codes(&f.types);
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO meeting_templates(org_id, name, types, group_id, start_time, end_time, place, topic,
                         host_id, recorder_id, lecturer_id, content, decisions, hours_tenths, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                    params![
                        f.org_id,
                        f.name,
                        types,
                        f.group_id,
                        f.start_time,
                        f.end_time,
                        f.place,
                        f.topic,
                        f.host_id,
                        f.recorder_id,
                        f.lecturer_id,
                        f.content,
                        f.decisions,
                        f.hours_tenths,
                        now
                    ],
                )?;
                let id = tx.last_insert_rowid();
                audit::record(tx, "新增", BIN_ENTITY, Some(id), &format!("新增会议模板“{}”", f.name), None)?;
                id
            }
            Some(id) => {
                get(tx, id)?;
                tx.execute(
                    "UPDATE meeting_templates SET org_id = ?2, name = ?3, types = ?4, group_id = ?5, start_time = ?6,
                         end_time = ?7, place = ?8, topic = ?9, host_id = ?10, recorder_id = ?11, lecturer_id = ?12,
                         content = ?13, decisions = ?14, hours_tenths = ?15, updated_at = ?16
                     WHERE id = ?1",
                    params![
                        id,
                        f.org_id,
                        f.name,
                        types,
                        f.group_id,
                        f.start_time,
                        f.end_time,
                        f.place,
                        f.topic,
                        f.host_id,
                        f.recorder_id,
                        f.lecturer_id,
                        f.content,
                        f.decisions,
                        f.hours_tenths,
                        now
                    ],
                )?;
                audit::record(tx, "修改", BIN_ENTITY, Some(id), &format!("修改会议模板“{}”", f.name), None)?;
                id
            }
        };
        Ok(id)
    })?;
    get(ledger.conn(), id)
}

/// The templates of an organisation, by name.
pub fn list_templates(ledger: &Ledger, org_id: i64) -> Result<Vec<MeetingTemplate>> {
    let mut stmt = ledger.conn().prepare(&format!("{SELECT} WHERE org_id = ?1 ORDER BY name, id"))?;
    let rows = stmt.query_map([org_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The record form prefilled from a template for `date`: everyone expected present, no marks yet.
pub fn apply_template(ledger: &Ledger, id: i64, date: NaiveDate) -> Result<ActivityFields> {
    let t = get(ledger.conn(), id)?.fields;
    Ok(ActivityFields {
        org_id: t.org_id,
        types: t.types,
        group_id: t.group_id,
        date,
        start_time: t.start_time,
        end_time: t.end_time,
        place: t.place.unwrap_or_default(),
        topic: t.topic.unwrap_or_default(),
        host_id: t.host_id,
        recorder_id: t.recorder_id,
        lecturer_id: t.lecturer_id,
        content: t.content,
        decisions: t.decisions,
        hours_tenths: t.hours_tenths,
        observers: None,
        talk_trigger: None,
        celebrant_ids: Vec::new(),
        attendees: None,
        marks: Vec::new(),
        votes: Vec::new(),
    })
}

/// Moves a template into the recycle bin; returns the bin id for `restore_template`.
pub fn delete_template(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let t = get(tx, id)?;
        let summary = format!("会议模板“{}”", t.fields.name);
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &t)?;
        tx.execute("DELETE FROM meeting_templates WHERE id = ?1", [id])?;
        audit::record(tx, "删除", BIN_ENTITY, Some(id), &format!("删除{summary}，已移入回收站"), None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted template back. Refused when its name has been taken meanwhile.
pub fn restore_template(ledger: &Ledger, bin_id: i64) -> Result<MeetingTemplate> {
    let id = ledger.write(|tx| {
        let t: MeetingTemplate = bin::take(tx, bin_id, BIN_ENTITY, "回收站中的会议模板")?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM meeting_templates WHERE org_id = ?1 AND name = ?2)",
            params![t.fields.org_id, t.fields.name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::Conflict(format!("已有名为“{}”的模板，不能恢复；请先改名", t.fields.name)));
        }
        let f = &t.fields;
        tx.execute(
            "INSERT INTO meeting_templates(id, org_id, name, types, group_id, start_time, end_time, place, topic,
                 host_id, recorder_id, lecturer_id, content, decisions, hours_tenths, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            params![
                t.id,
                f.org_id,
                f.name,
                codes(&f.types),
                f.group_id,
                f.start_time,
                f.end_time,
                f.place,
                f.topic,
                f.host_id,
                f.recorder_id,
                f.lecturer_id,
                f.content,
                f.decisions,
                f.hours_tenths,
                crate::store::now_stamp()
            ],
        )?;
        audit::record(tx, "恢复", BIN_ENTITY, Some(t.id), &format!("从回收站恢复会议模板“{}”", f.name), None)?;
        Ok(t.id)
    })?;
    get(ledger.conn(), id)
}

const SELECT: &str = "SELECT id, org_id, name, types, group_id, start_time, end_time, place, topic, host_id,
    recorder_id, lecturer_id, content, decisions, hours_tenths FROM meeting_templates";

fn from_row(r: &Row) -> rusqlite::Result<MeetingTemplate> {
    let types: String = r.get(3)?;
    Ok(MeetingTemplate {
        id: r.get(0)?,
        fields: TemplateFields {
            org_id: r.get(1)?,
            name: r.get(2)?,
            types: parse_codes(&types),
            group_id: r.get(4)?,
            start_time: r.get(5)?,
            end_time: r.get(6)?,
            place: r.get(7)?,
            topic: r.get(8)?,
            host_id: r.get(9)?,
            recorder_id: r.get(10)?,
            lecturer_id: r.get(11)?,
            content: r.get(12)?,
            decisions: r.get(13)?,
            hours_tenths: r.get(14)?,
        },
    })
}

fn get(conn: &Connection, id: i64) -> Result<MeetingTemplate> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "会议模板", key: id.to_string() })
}

/// Type codes as stored: separated by spaces.
pub(crate) fn codes(types: &[ActivityType]) -> String {
    types.iter().map(|t| t.code()).collect::<Vec<_>>().join(" ")
}

pub(crate) fn parse_codes(text: &str) -> Vec<ActivityType> {
    text.split_whitespace().filter_map(ActivityType::from_code).collect()
}

fn normalized(mut f: TemplateFields) -> TemplateFields {
    let opt = |s: Option<String>| s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    f.name = f.name.trim().to_string();
    f.start_time = opt(f.start_time);
    f.end_time = opt(f.end_time);
    f.place = opt(f.place);
    f.topic = opt(f.topic);
    f.content = opt(f.content);
    f.decisions = opt(f.decisions);
    f.types.sort();
    f.types.dedup();
    f
}

fn check(conn: &Connection, f: &TemplateFields) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if f.name.is_empty() {
        p.push(Problem::new("name", "模板名称：不能为空"));
    }
    if f.types.is_empty() {
        p.push(Problem::new("types", "类型：请至少选择一种活动类型"));
    }
    for (field, label, t) in [("start_time", "开始时间", &f.start_time), ("end_time", "结束时间", &f.end_time)]
    {
        if let Some(t) = t {
            if parse_time(t).is_none() {
                p.push(Problem::new(field, format!("{label}：“{t}”不是有效时间，应为 时:分，如 14:30")));
            }
        }
    }
    if f.hours_tenths.is_some_and(|h| h > MAX_ACTIVITY_TENTHS) {
        p.push(Problem::new("hours_tenths", "学时：超过一天"));
    }
    let org: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM organizations WHERE id = ?1)", [f.org_id], |r| r.get(0))?;
    if !org {
        p.push(Problem::new("org_id", format!("组织：未找到编号为 {} 的组织", f.org_id)));
    }
    if let Some(g) = f.group_id {
        let owner: Option<i64> =
            conn.query_row("SELECT org_id FROM party_groups WHERE id = ?1", [g], |r| r.get(0)).optional()?;
        if owner != Some(f.org_id) {
            p.push(Problem::new("group_id", "党小组：不是本组织的党小组"));
        }
    }
    for (field, label, id) in [
        ("host_id", "主持人", f.host_id),
        ("recorder_id", "记录人", f.recorder_id),
        ("lecturer_id", "讲课人", f.lecturer_id),
    ] {
        if let Some(id) = id {
            let found: bool =
                conn.query_row("SELECT EXISTS(SELECT 1 FROM members WHERE id = ?1)", [id], |r| r.get(0))?;
            if !found {
                p.push(Problem::new(field, format!("{label}：未找到编号为 {id} 的党员")));
            }
        }
    }
    Ok(p)
}
