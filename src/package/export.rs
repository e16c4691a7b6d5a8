//! Exporting the ledger, or one organisation's subtree, as a package.
//!
//! Output is deterministic: records in id order (an import creates ids in package order, so a package
//! imported into an empty ledger exports byte-identically), child lists in a fixed order. A subtree
//! export stays self-contained: members outside the subtree that its records name (a 党委 lecturer,
//! a visiting attendee) come along with their organisation, which is cut loose from its own parent.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;

use super::format::{
    ActivityRecord, AttachmentRecord, AttendanceRecord, DuesPaymentRecord, EvaluationRecord, Hours, MeetingVoteRecord,
    Package, TemplateRecord, TrainingRecord, FORMAT, VERSION,
};
use crate::error::Result;
use crate::model::ActivityType;
use crate::store::{meta, orgs, Ledger};

mod extensions;
mod people;
mod tree;

/// The ledger (or, with `org_key`, that organisation and everything under it) as a package.
pub fn export_package(ledger: &Ledger, org_key: Option<&str>, exported_at: DateTime<FixedOffset>) -> Result<Package> {
    // One read transaction: a consistent snapshot even if the app writes meanwhile.
    ledger.read(|tx| {
        let conn: &Connection = tx;
        let scope: Option<HashSet<i64>> = match org_key {
            Some(key) => Some(orgs::subtree_ids(conn, orgs::id_by_key(conn, key)?)?.into_iter().collect()),
            None => None,
        };
        let in_scope = |org: i64| scope.as_ref().is_none_or(|s| s.contains(&org));
        let tree = tree::Tree::load(conn)?;
        let mut members = people::load_members(conn, &tree)?;
        let member_key: HashMap<i64, String> = members.iter().map(|m| (m.id, m.record.key.clone())).collect();
        let (activities, named_in_activities) = activities(conn, &in_scope, &member_key, &tree)?;
        let (development, named_in_development) = people::development(conn, &in_scope, &member_key, &tree)?;
        let (meeting_templates, named_in_templates) = templates(conn, &in_scope, &member_key, &tree)?;
        let activity_keys: HashSet<String> = activities.iter().map(|a| a.key.clone()).collect();
        let money = extensions::money(conn, &in_scope, &tree, &activity_keys)?;

        // Who must be in the package: the scope's members and everyone its records name.
        let mut wanted: HashSet<i64> = members.iter().filter(|m| in_scope(m.org_id)).map(|m| m.id).collect();
        wanted.extend(tree.named_members(&in_scope));
        wanted.extend(named_in_activities);
        wanted.extend(named_in_development);
        wanted.extend(named_in_templates);
        wanted.extend(money.visited.iter().copied());
        members.retain(|m| wanted.contains(&m.id));
        let carried: HashMap<i64, String> = members.iter().map(|m| (m.id, m.record.key.clone())).collect();
        let hardship = extensions::hardship(conn, &carried)?;
        let mut org_ids: HashSet<i64> = tree.ids().filter(|&id| in_scope(id)).collect();
        org_ids.extend(members.iter().map(|m| m.org_id));
        let payers: HashSet<i64> = members.iter().filter(|m| in_scope(m.org_id)).map(|m| m.id).collect();
        Ok(Package {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at,
            source: meta::ledger_id(conn)?,
            organizations: tree.records(&org_ids, &wanted, &member_key),
            members: members.into_iter().map(|m| m.record).collect(),
            activities,
            dues_payments: dues(conn, &payers, &member_key)?,
            trainings: trainings(conn, &payers, &member_key)?,
            evaluations: evaluations(conn, &payers, &member_key)?,
            development,
            // The rules are the ledger's own setting: only a whole-ledger export carries them.
            dues_rules: if scope.is_none() { extensions::dues_rules(conn)? } else { Vec::new() },
            dues_publications: extensions::dues_publications(conn, &in_scope, &tree)?,
            meeting_templates,
            dues_remittances: money.remittances,
            fund_spending: money.spending,
            care_visits: money.visits,
            plan_items: extensions::plan_items(conn, &in_scope, &tree)?,
            fund_budget_lines: money.budget_lines,
            fund_income: money.income,
            hardship,
            // The settings are the ledger's own, like the rules.
            funds_settings: if scope.is_none() { extensions::funds_settings(conn, &tree)? } else { None },
            // Like the rules, the start month is the ledger's: only a whole-ledger export carries it.
            start_month: if scope.is_none() { meta::start_month(conn)?.map(|m| m.to_string()) } else { None },
        })
    })
}

/// The activities of the scope (not those in the recycle bin), and the members they name.
fn activities(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    member_key: &HashMap<i64, String>,
    tree: &tree::Tree,
) -> Result<(Vec<ActivityRecord>, HashSet<i64>)> {
    let mut types: HashMap<i64, Vec<ActivityType>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT activity_id, type FROM activity_types")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        types.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let key = |id: i64| member_key.get(&id).cloned().unwrap_or_default();
    let mut named = HashSet::new();
    let mut out: Vec<ActivityRecord> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, key, org_id, group_id, date, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
                content, decisions, hours_tenths, talk_trigger, observers
         FROM activities WHERE deleted_at IS NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, org): (i64, i64) = (r.get(0)?, r.get(2)?);
        if !in_scope(org) {
            continue;
        }
        let people: [Option<i64>; 3] = [r.get(9)?, r.get(10)?, r.get(11)?];
        named.extend(people.iter().flatten());
        let mut all_types = types.remove(&id).unwrap_or_default();
        all_types.sort();
        // A record saved without a type still makes a valid package.
        if all_types.is_empty() {
            all_types.push(ActivityType::Other);
        }
        let group: Option<i64> = r.get(3)?;
        let hours: Option<i64> = r.get(14)?;
        index.insert(id, out.len());
        out.push(ActivityRecord {
            key: r.get(1)?,
            org: tree.org_key(org),
            activity_type: (all_types.len() == 1).then(|| all_types[0]),
            types: (all_types.len() > 1).then_some(all_types),
            group: group.and_then(|g| tree.group_key(g)),
            date: r.get(4)?,
            start: r.get(5)?,
            end: r.get(6)?,
            place: r.get(7)?,
            topic: r.get(8)?,
            host: people[0].map(key),
            recorder: people[1].map(key),
            lecturer: people[2].map(key),
            content: r.get(12)?,
            decisions: r.get(13)?,
            hours: hours.map(|t| Hours::from_tenths(t.max(0) as u32)),
            attendance: Vec::new(),
            talk_trigger: r.get(15)?,
            observers: r.get(16)?,
            celebrants: Vec::new(),
            attachments: Vec::new(),
            votes: Vec::new(),
        });
    }
    let mut stmt =
        conn.prepare("SELECT activity_id, member_id FROM activity_celebrants ORDER BY activity_id, member_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (activity, member): (i64, i64) = (r.get(0)?, r.get(1)?);
        if let Some(&i) = index.get(&activity) {
            named.insert(member);
            out[i].celebrants.push(key(member));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT activity_id, file_name, sha256, size_bytes FROM attachments WHERE activity_id IS NOT NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            out[i].attachments.push(AttachmentRecord {
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                size_bytes: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare(
        "SELECT v.activity_id, v.subject, d.key, v.title, v.eligible, v.present, v.in_favour, v.against, v.abstain,
                v.written
         FROM meeting_votes v LEFT JOIN development_people d ON d.id = v.person_id ORDER BY v.activity_id, v.position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            out[i].votes.push(MeetingVoteRecord {
                subject: r.get(1)?,
                person: r.get(2)?,
                title: r.get(3)?,
                eligible: r.get(4)?,
                present: r.get(5)?,
                in_favour: r.get(6)?,
                against: r.get(7)?,
                abstain: r.get(8)?,
                written: r.get(9)?,
            });
        }
    }
    let mut stmt =
        conn.prepare("SELECT activity_id, member_id, status, reason FROM attendance ORDER BY activity_id, member_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (activity, member): (i64, i64) = (r.get(0)?, r.get(1)?);
        if let Some(&i) = index.get(&activity) {
            named.insert(member);
            out[i].attendance.push(AttendanceRecord { member: key(member), status: r.get(2)?, reason: r.get(3)? });
        }
    }
    Ok((out, named))
}

/// The meeting templates of the scope, and the members they name.
fn templates(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    member_key: &HashMap<i64, String>,
    tree: &tree::Tree,
) -> Result<(Vec<TemplateRecord>, HashSet<i64>)> {
    let key = |id: i64| member_key.get(&id).cloned().unwrap_or_default();
    let mut named = HashSet::new();
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT org_id, name, types, group_id, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
                content, decisions, hours_tenths
         FROM meeting_templates ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let org: i64 = r.get(0)?;
        if !in_scope(org) {
            continue;
        }
        let people: [Option<i64>; 3] = [r.get(8)?, r.get(9)?, r.get(10)?];
        named.extend(people.iter().flatten());
        let types: String = r.get(2)?;
        let group: Option<i64> = r.get(3)?;
        let hours: Option<i64> = r.get(13)?;
        out.push(TemplateRecord {
            org: tree.org_key(org),
            name: r.get(1)?,
            types: crate::meetings::templates::parse_codes(&types),
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

fn dues(conn: &Connection, payers: &HashSet<i64>, key: &HashMap<i64, String>) -> Result<Vec<DuesPaymentRecord>> {
    let mut stmt =
        conn.prepare("SELECT member_id, month, paid_fen, paid_on FROM dues_payments ORDER BY member_id, month")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        if payers.contains(&member) {
            out.push(DuesPaymentRecord {
                member: key[&member].clone(),
                month: r.get(1)?,
                paid_fen: r.get(2)?,
                paid_on: r.get(3)?,
            });
        }
    }
    Ok(out)
}

fn trainings(conn: &Connection, payers: &HashSet<i64>, key: &HashMap<i64, String>) -> Result<Vec<TrainingRecord>> {
    let mut stmt = conn.prepare(
        "SELECT member_id, date, title, hours_tenths, organizer FROM trainings ORDER BY member_id, date, title",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        if payers.contains(&member) {
            let tenths: i64 = r.get(3)?;
            out.push(TrainingRecord {
                member: key[&member].clone(),
                date: r.get(1)?,
                title: r.get(2)?,
                hours: Hours::from_tenths(tenths.max(0) as u32),
                organizer: r.get(4)?,
            });
        }
    }
    Ok(out)
}

fn evaluations(conn: &Connection, payers: &HashSet<i64>, key: &HashMap<i64, String>) -> Result<Vec<EvaluationRecord>> {
    let mut stmt = conn.prepare("SELECT member_id, year, grade FROM evaluations ORDER BY member_id, year")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        if payers.contains(&member) {
            out.push(EvaluationRecord { member: key[&member].clone(), year: r.get(1)?, grade: r.get(2)? });
        }
    }
    Ok(out)
}
