//! The extension records as the export reads them (`docs/data-package-extensions.md`): an activity's
//! 政治生日 celebrants and attachment metadata, the dues rules versions and publications, and the
//! meeting templates.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::tree::Tree;
use crate::dues::brackets::DuesRules;
use crate::error::{Error, Result};
use crate::meetings::templates::parse_codes;
use crate::package::format::{
    ActivityRecord, AttachmentRecord, DuesPublicationRecord, DuesRulesRecord, Hours, MeetingTemplateRecord,
};

/// Adds celebrants and attachments to the exported activities (`index`: activity id → position) and
/// returns the members the celebrants name.
pub(super) fn activity_children(
    conn: &Connection,
    out: &mut [ActivityRecord],
    index: &HashMap<i64, usize>,
    member_key: &HashMap<i64, String>,
) -> Result<HashSet<i64>> {
    let mut named = HashSet::new();
    let mut stmt =
        conn.prepare("SELECT activity_id, member_id FROM activity_celebrants ORDER BY activity_id, member_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (activity, member): (i64, i64) = (r.get(0)?, r.get(1)?);
        if let (Some(&i), Some(key)) = (index.get(&activity), member_key.get(&member)) {
            named.insert(member);
            out[i].celebrants.push(key.clone());
        }
    }
    let mut stmt = conn.prepare(
        "SELECT activity_id, file_name, sha256, size_bytes, added_at FROM attachments
         WHERE activity_id IS NOT NULL ORDER BY activity_id, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let activity: i64 = r.get(0)?;
        if let Some(&i) = index.get(&activity) {
            out[i].attachments.push(AttachmentRecord {
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                size_bytes: r.get(3)?,
                added_at: r.get(4)?,
            });
        }
    }
    Ok(named)
}

/// Every stored version of the dues rules, oldest first, as the canonical rules object.
pub(super) fn dues_rules(conn: &Connection) -> Result<Vec<DuesRulesRecord>> {
    let mut stmt = conn.prepare("SELECT from_year, rules_json FROM dues_rules ORDER BY from_year")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (from_year, json): (u32, String) = (r.get(0)?, r.get(1)?);
        let rules: DuesRules = serde_json::from_str(&json)
            .map_err(|e| Error::Internal(format!("{from_year} 年起的党费规则无法读取：{e}")))?;
        match serde_json::to_value(&rules).map_err(|e| Error::Internal(e.to_string()))? {
            serde_json::Value::Object(rules) => out.push(DuesRulesRecord { from_year, rules }),
            other => return Err(Error::Internal(format!("党费规则应为对象，现为 {other}"))),
        }
    }
    Ok(out)
}

/// The dues publications of the organisations in scope, in id order.
pub(super) fn dues_publications(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    tree: &Tree,
) -> Result<Vec<DuesPublicationRecord>> {
    let mut stmt = conn.prepare("SELECT org_id, period, published_on, how FROM dues_publications ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let org: i64 = r.get(0)?;
        if in_scope(org) {
            out.push(DuesPublicationRecord {
                org: tree.org_key(org),
                period: r.get(1)?,
                published_on: r.get(2)?,
                how: r.get(3)?,
            });
        }
    }
    Ok(out)
}

/// The meeting templates of the organisations in scope, in id order, and the members they name.
pub(super) fn meeting_templates(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    tree: &Tree,
    member_key: &HashMap<i64, String>,
) -> Result<(Vec<MeetingTemplateRecord>, HashSet<i64>)> {
    let key = |id: i64| member_key.get(&id).cloned().unwrap_or_default();
    let mut stmt = conn.prepare(
        "SELECT org_id, name, types, group_id, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
                content, decisions, hours_tenths
         FROM meeting_templates ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut named = HashSet::new();
    while let Some(r) = rows.next()? {
        let org: i64 = r.get(0)?;
        if !in_scope(org) {
            continue;
        }
        let types: String = r.get(2)?;
        let mut types = parse_codes(&types);
        types.sort();
        let group: Option<i64> = r.get(3)?;
        let people: [Option<i64>; 3] = [r.get(8)?, r.get(9)?, r.get(10)?];
        named.extend(people.iter().flatten());
        let hours: Option<i64> = r.get(13)?;
        out.push(MeetingTemplateRecord {
            org: tree.org_key(org),
            name: r.get(1)?,
            types,
            group: group.and_then(|g| tree.group_key(g)),
            start: r.get(4)?,
            end: r.get(5)?,
            place: r.get(6)?,
            topic: r.get(7)?,
            host: people[0].map(key),
            recorder: people[1].map(key),
            lecturer: people[2].map(key),
            content: r.get(11)?,
            decisions: r.get(12)?,
            hours: hours.map(|t| Hours::from_tenths(t.max(0) as u32)),
        });
    }
    Ok((out, named))
}
