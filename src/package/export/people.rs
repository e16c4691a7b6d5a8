//! Members and development records as the export reads them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::tree::Tree;
use crate::error::Result;
use crate::package::format::{
    DevDocumentRecord, DevTrainingRecord, DevelopmentRecord, DuesBaseRecord, Hours, LeftRecord, MemberEventRecord,
    MemberRecord, OverrideRecord, StepRecord, VoteRecord,
};

pub(super) struct StoredMember {
    pub id: i64,
    pub org_id: i64,
    pub record: MemberRecord,
}

/// Every member, in id order, with dues bases.
pub(super) fn load_members(conn: &Connection, tree: &Tree) -> Result<Vec<StoredMember>> {
    let mut bases: HashMap<i64, Vec<DuesBaseRecord>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT member_id, from_month, base_fen FROM dues_bases ORDER BY member_id, from_month")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        bases.entry(r.get(0)?).or_default().push(DuesBaseRecord { from: r.get(1)?, base_fen: r.get(2)? });
    }
    let mut events: HashMap<i64, Vec<MemberEventRecord>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT member_id, on_date, event, detail, letter_no FROM member_events ORDER BY member_id, id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let event = MemberEventRecord { on: r.get(1)?, event: r.get(2)?, detail: r.get(3)?, letter_no: r.get(4)? };
        events.entry(r.get(0)?).or_default().push(event);
    }
    let mut stmt = conn.prepare(
        "SELECT id, key, org_id, group_id, name, gender, ethnicity, id_number, birth_date, education, status, joined_on,
                full_member_on, category, post, phone, address, standing, lost_contact_since, outflow_to,
                attendance_exempt, left_on, left_reason, left_to, dues_fixed_fen,
                landline, native_place, work_started_on, degree, unit_title, remark
         FROM members ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, org_id): (i64, i64) = (r.get(0)?, r.get(2)?);
        let group: Option<i64> = r.get(3)?;
        let left_on: Option<NaiveDate> = r.get(21)?;
        let left = match left_on {
            Some(on) => Some(LeftRecord { on, reason: r.get(22)?, to: r.get(23)? }),
            None => None,
        };
        let record = MemberRecord {
            key: r.get(1)?,
            org: tree.org_key(org_id),
            name: r.get(4)?,
            group: group.and_then(|g| tree.group_key(g)),
            gender: r.get(5)?,
            ethnicity: r.get(6)?,
            id_number: r.get(7)?,
            birth_date: r.get(8)?,
            education: r.get(9)?,
            status: r.get(10)?,
            joined_on: r.get(11)?,
            full_member_on: r.get(12)?,
            category: r.get(13)?,
            post: r.get(14)?,
            phone: r.get(15)?,
            address: r.get(16)?,
            standing: r.get(17)?,
            lost_contact_since: r.get(18)?,
            outflow_to: r.get(19)?,
            attendance_exempt: r.get(20)?,
            left,
            dues_bases: bases.remove(&id).unwrap_or_default(),
            dues_fixed_fen: r.get(24)?,
            landline: r.get(25)?,
            native_place: r.get(26)?,
            work_started_on: r.get(27)?,
            degree: r.get(28)?,
            unit_title: r.get(29)?,
            remark: r.get(30)?,
            events: events.remove(&id).unwrap_or_default(),
        };
        out.push(StoredMember { id, org_id, record });
    }
    Ok(out)
}

/// The development records of the scope, in id order, and the members they name.
pub(super) fn development(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    member_key: &HashMap<i64, String>,
    tree: &Tree,
) -> Result<(Vec<DevelopmentRecord>, HashSet<i64>)> {
    let key = |id: i64| member_key.get(&id).cloned().unwrap_or_default();
    let mut named = HashSet::new();
    let mut people: HashMap<(i64, u32), Vec<String>> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT person_id, step, member_id FROM development_step_people ORDER BY person_id, step, position")?;
    let mut rows = stmt.query([])?;
    let mut named_by_person: HashMap<i64, Vec<i64>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (person, member): (i64, i64) = (r.get(0)?, r.get(2)?);
        named_by_person.entry(person).or_default().push(member);
        people.entry((person, r.get(1)?)).or_default().push(key(member));
    }
    let mut steps: HashMap<i64, Vec<StepRecord>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT person_id, step, date, note FROM development_steps ORDER BY person_id, step")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (person, step): (i64, u32) = (r.get(0)?, r.get(1)?);
        let who = people.remove(&(person, step)).unwrap_or_default();
        steps.entry(person).or_default().push(StepRecord { step, date: r.get(2)?, people: who, note: r.get(3)? });
    }
    let mut votes: HashMap<i64, Vec<VoteRecord>> = HashMap::new();
    // The v1 field carries each step's vote as the ledger has it: the sitting's figures, or those kept
    // on the step; the full 表决 items travel on the activities.
    let mut stmt = conn.prepare(crate::development::EFFECTIVE_VOTES_SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let vote = VoteRecord { step: r.get(1)?, eligible: r.get(2)?, present: r.get(3)?, in_favour: r.get(4)? };
        votes.entry(r.get(0)?).or_default().push(vote);
    }
    let mut documents: HashMap<i64, Vec<DevDocumentRecord>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT person_id, kind, received_on, period, number, note FROM development_documents ORDER BY person_id, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        let kind = crate::development::record::DocumentKind::from_code(&kind)
            .ok_or_else(|| crate::Error::Internal(format!("development_documents 中有未知的材料类别 {kind}")))?;
        let doc =
            DevDocumentRecord { kind, received_on: r.get(2)?, period: r.get(3)?, number: r.get(4)?, note: r.get(5)? };
        documents.entry(r.get(0)?).or_default().push(doc);
    }
    let mut overrides: HashMap<i64, Vec<OverrideRecord>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT person_id, step, \"check\", rules, message, reason, recorded_at FROM development_overrides
         ORDER BY person_id, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let o = OverrideRecord {
            step: r.get(1)?,
            check: r.get(2)?,
            rules: r.get(3)?,
            message: r.get(4)?,
            reason: r.get(5)?,
            recorded_at: r.get(6)?,
        };
        overrides.entry(r.get(0)?).or_default().push(o);
    }
    let mut stmt = conn.prepare(
        "SELECT id, key, org_id, name, gender, id_number, birth_date, training_days, training_hours, political_review,
                probation_extension_months, member_id, ethnicity, education, unit_title, probation_extended_on
         FROM development_people ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, org): (i64, i64) = (r.get(0)?, r.get(2)?);
        if !in_scope(org) {
            continue;
        }
        let member: Option<i64> = r.get(11)?;
        named.extend(member);
        named.extend(named_by_person.remove(&id).unwrap_or_default());
        let days: Option<f64> = r.get(7)?;
        let hours: Option<f64> = r.get(8)?;
        let hours = hours.map(|h| Hours::from_tenths((h * 10.0).round().max(0.0) as u32));
        out.push(DevelopmentRecord {
            key: r.get(1)?,
            org: tree.org_key(org),
            name: r.get(3)?,
            gender: r.get(4)?,
            id_number: r.get(5)?,
            birth_date: r.get(6)?,
            steps: steps.remove(&id).unwrap_or_default(),
            votes: votes.remove(&id).unwrap_or_default(),
            training: (days.is_some() || hours.is_some()).then_some(DevTrainingRecord { days, hours }),
            political_review: r.get(9)?,
            probation_extension_months: r.get(10)?,
            member: member.map(key),
            ethnicity: r.get(12)?,
            education: r.get(13)?,
            unit_title: r.get(14)?,
            probation_extended_on: r.get(15)?,
            documents: documents.remove(&id).unwrap_or_default(),
            overrides: overrides.remove(&id).unwrap_or_default(),
        });
    }
    Ok((out, named))
}
