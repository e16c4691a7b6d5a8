//! Every SQL statement of the plan: the saved items (`plan_items`), the year's sittings the plan is
//! compared with, and the days last year's 主题党日 fell on.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use super::actual::HeldSitting;
use super::{PeriodUnit, PlanItem, PlanKind};
use crate::error::{Error, Problem, Result};
use crate::model::ActivityType;
use crate::store::{audit, Ledger};

/// Longest 主题 and 备注 accepted.
pub const TOPIC_MAX_CHARS: usize = 200;
pub const NOTE_MAX_CHARS: usize = 500;

pub fn unit_code(u: PeriodUnit) -> &'static str {
    match u {
        PeriodUnit::Month => "month",
        PeriodUnit::Quarter => "quarter",
        PeriodUnit::HalfYear => "half_year",
        PeriodUnit::Year => "year",
    }
}

/// The unit of a stored code (a month for anything else).
pub fn unit_of(code: &str) -> PeriodUnit {
    match code {
        "quarter" => PeriodUnit::Quarter,
        "half_year" => PeriodUnit::HalfYear,
        "year" => PeriodUnit::Year,
        _ => PeriodUnit::Month,
    }
}

pub fn types_text(types: &[ActivityType]) -> String {
    types.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")
}

fn types_of(text: &str) -> Vec<ActivityType> {
    text.split(',').filter_map(ActivityType::from_code).collect()
}

/// The saved items of `org_id`'s plan for `year`, in the order saved (date order).
pub fn load_items(conn: &Connection, org_id: i64, year: i32) -> Result<Vec<PlanItem>> {
    let mut stmt = conn.prepare(
        "SELECT p.kind, p.types, g.key, g.name, p.unit, p.planned_on, p.topic, p.note, p.rule, p.subject
         FROM plan_items p LEFT JOIN party_groups g ON g.id = p.group_id
         WHERE p.org_id = ?1 AND p.year = ?2 ORDER BY p.position, p.id",
    )?;
    let rows = stmt.query_map(params![org_id, year], |r| {
        let kind: String = r.get(0)?;
        let types: String = r.get(1)?;
        let unit: String = r.get(4)?;
        Ok(PlanItem {
            kind: PlanKind::from_code(&kind).unwrap_or(PlanKind::Meeting),
            types: types_of(&types),
            group: r.get(2)?,
            group_name: r.get(3)?,
            unit: unit_of(&unit),
            planned_on: r.get(5)?,
            topic: r.get(6)?,
            note: r.get(7)?,
            rule: r.get(8)?,
            subject: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `org_id` has a saved plan for `year`.
pub fn has_plan(conn: &Connection, org_id: i64, year: i32) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM plan_items WHERE org_id = ?1 AND year = ?2",
        params![org_id, year],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Problems of `items` as a plan of `year` for an organisation with the 党小组 `groups` (key, id).
pub fn validate(items: &[PlanItem], year: i32, groups: &[(String, i64)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let at = |field: &str| format!("items[{i}].{field}");
        if item.planned_on.year() != year {
            problems.push(Problem::new(
                at("planned_on"),
                format!("第{n}项：计划日期{}不在{year}年内", crate::model::dates::chinese_date(item.planned_on)),
            ));
        }
        if item.kind.is_sitting() && item.types.is_empty() {
            problems.push(Problem::new(at("types"), format!("第{n}项：请选择会议类型")));
        }
        if let Some(g) = &item.group {
            if !groups.iter().any(|(k, _)| k == g) {
                problems.push(Problem::new(at("group"), format!("第{n}项：党小组“{g}”不属于本组织")));
            }
        }
        if item.topic.chars().count() > TOPIC_MAX_CHARS {
            problems.push(Problem::new(at("topic"), format!("第{n}项：主题不能超过{TOPIC_MAX_CHARS}字")));
        }
        if item.note.chars().count() > NOTE_MAX_CHARS {
            problems.push(Problem::new(at("note"), format!("第{n}项：备注不能超过{NOTE_MAX_CHARS}字")));
        }
    }
    problems
}

/// Replaces `org_id`'s plan for `year` with `items` (sorted by date), all or nothing; an empty list
/// deletes the plan. Returns the number of items saved.
pub fn save_items(ledger: &Ledger, org_id: i64, year: i32, items: &[PlanItem]) -> Result<usize> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("year", format!("年度“{year}”应在2000到2100之间")));
    }
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, org_id)?;
        let groups: Vec<(String, i64)> =
            crate::store::orgs::groups(tx, org_id)?.into_iter().map(|g| (g.key, g.id)).collect();
        let problems = validate(items, year, &groups);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut items = items.to_vec();
        super::propose::sort_items(&mut items);
        let rows: Vec<(PlanItem, Option<i64>)> = items
            .into_iter()
            .map(|item| {
                let group_id = item.group.as_ref().and_then(|k| groups.iter().find(|(g, _)| g == k)).map(|(_, id)| *id);
                (item, group_id)
            })
            .collect();
        write_items(tx, org_id, year, &rows)?;
        let summary = format!("保存{org}{year}年度计划（{}项）", rows.len());
        audit::record(tx, "修改", "plan", Some(org_id), &summary, None)?;
        Ok(rows.len())
    })
}

/// Replaces the stored items of `org_id`'s `year` with `rows` (item, 党小组 id), in their order.
pub fn write_items(conn: &Connection, org_id: i64, year: i32, rows: &[(PlanItem, Option<i64>)]) -> Result<()> {
    conn.execute("DELETE FROM plan_items WHERE org_id = ?1 AND year = ?2", params![org_id, year])?;
    let now = crate::store::now_stamp();
    for (position, (item, group_id)) in rows.iter().enumerate() {
        conn.execute(
                "INSERT INTO plan_items(org_id, year, position, kind, types, group_id, unit, planned_on, topic, note, rule, subject, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    org_id,
                    year,
                    position as i64,
                    item.kind.code(),
                    types_text(&item.types),
                    *group_id,
                    unit_code(item.unit),
                    item.planned_on,
                    item.topic.trim(),
                    item.note.trim(),
                    item.rule,
                    item.subject,
                    now
                ],
            )?;
    }
    Ok(())
}

/// One stored item with its organisation, year and 党小组 id (the data package's view).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub org_id: i64,
    pub year: i32,
    pub group_id: Option<i64>,
    pub item: PlanItem,
}

/// Every stored item of the organisations `in_scope`, by organisation, year and position.
pub fn all_items(conn: &Connection, in_scope: &dyn Fn(i64) -> bool) -> Result<Vec<StoredItem>> {
    let mut stmt = conn.prepare("SELECT DISTINCT org_id, year FROM plan_items ORDER BY org_id, year")?;
    let pairs: Vec<(i64, i32)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (org_id, year) in pairs.into_iter().filter(|(o, _)| in_scope(*o)) {
        let groups: Vec<(String, i64)> =
            crate::store::orgs::groups(conn, org_id)?.into_iter().map(|g| (g.key, g.id)).collect();
        for item in load_items(conn, org_id, year)? {
            let group_id = item.group.as_ref().and_then(|k| groups.iter().find(|(g, _)| g == k)).map(|(_, id)| *id);
            out.push(StoredItem { org_id, year, group_id, item });
        }
    }
    Ok(out)
}

/// The sittings of `org_id` itself in `year` (recycle bin excluded), by date.
pub fn sittings_of(conn: &Connection, org_id: i64, year: i32) -> Result<Vec<HeldSitting>> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let mut stmt = conn.prepare(
        "SELECT a.key, a.date, a.topic, g.key,
                (SELECT group_concat(t.type) FROM activity_types t WHERE t.activity_id = a.id)
         FROM activities a LEFT JOIN party_groups g ON g.id = a.group_id
         WHERE a.org_id = ?1 AND a.deleted_at IS NULL AND a.date BETWEEN ?2 AND ?3
         ORDER BY a.date, a.start_time, a.id",
    )?;
    let rows = stmt.query_map(params![org_id, first, last], |r| {
        let types: Option<String> = r.get(4)?;
        let mut types = types_of(&types.unwrap_or_default());
        types.sort();
        Ok(HeldSitting { key: r.get(0)?, date: r.get(1)?, topic: r.get(2)?, group: r.get(3)?, types })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The days of the month `org_id`'s 主题党日 of `year` were held on.
pub fn theme_days_of(conn: &Connection, org_id: i64, year: i32) -> Result<Vec<u32>> {
    Ok(sittings_of(conn, org_id, year)?
        .into_iter()
        .filter(|s| s.types.contains(&ActivityType::ThemeDay))
        .map(|s| s.date.day())
        .collect())
}
