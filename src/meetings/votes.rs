//! 表决 at a 党员大会 (支部大会): the items voted on at the sitting, with 有表决权 应到/实到 and 赞成/反对/
//! 弃权 (written opinions of absent voters counted, 细则 Art 21). The vote belongs to the meeting: a
//! 发展党员 step 15 or 23 points at the sitting (`development_steps.activity_id`) and reads its figures
//! from the item about the person. Whether the attendance supports the figures is `model::vote`; here
//! the sitting's facts are gathered for it (who has a vote: `store::roll::voter_ids_on`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::fields::ActivityFields;
use crate::error::{Problem, Result};
use crate::model::vote::{self, Sitting, VoteFigures, VoteProblem};
use crate::model::{ActivityType, AttendanceStatus, VoteSubject};

/// One 表决 item as the meeting form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VoteItem {
    pub subject: VoteSubject,
    /// The 发展党员 the item is about (接收预备党员, 预备党员转正).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub person_id: Option<i64>,
    /// What was voted on (其他事项).
    #[serde(default)]
    pub title: Option<String>,
    pub figures: VoteFigures,
}

/// One stored 表决 item with what the ledger says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SittingVote {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub activity_id: i64,
    pub date: NaiveDate,
    pub position: u32,
    pub subject: VoteSubject,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub person_id: Option<i64>,
    /// 接收张三为预备党员 / 张三预备党员转正 / the title.
    pub title: String,
    pub figures: VoteFigures,
    /// 有表决权的正式党员 on the roll, and of them present at the sitting.
    pub voters_on_roll: u32,
    pub voters_present: u32,
    /// Figures the attendance cannot support (empty: plausible).
    pub problems: Vec<VoteProblem>,
    /// 实到 more than half of 应到.
    pub quorate: bool,
    /// 赞成 more than half of 应到.
    pub passes: bool,
}

/// The sitting's facts: voters on the roll that day, and of them those `present` names. `subject`: the
/// member a 转正 is about — a 预备党员 until it is decided, though their 正式 date, counted from the end
/// of the 预备期, may lie before the sitting — who has no vote on it.
pub fn sitting_facts(
    conn: &Connection,
    org_id: i64,
    date: NaiveDate,
    present: &[i64],
    subject: Option<i64>,
) -> Result<Sitting> {
    let mut voters = crate::store::roll::voter_ids_on(conn, org_id, date)?;
    if let Some(m) = subject {
        voters.remove(&m);
    }
    let voters_present = present.iter().filter(|m| voters.contains(m)).count() as u32;
    Ok(Sitting { voters_on_roll: voters.len() as u32, voters_present })
}

/// The form's 表决 items against the sitting: only on a 党员大会, each about a person of the branch
/// (or titled), once per person and subject, figures the attendance supports. `present`: the members
/// the save will record present.
pub(crate) fn check_votes(conn: &Connection, f: &ActivityFields, present: &[i64]) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if f.votes.is_empty() {
        return Ok(p);
    }
    if !f.types.contains(&ActivityType::PartyCongress) {
        p.push(Problem::new("votes", "表决情况：只有党员大会（支部大会）记录表决情况"));
        return Ok(p);
    }
    let mut seen: HashMap<(VoteSubject, i64), usize> = HashMap::new();
    for (i, v) in f.votes.iter().enumerate() {
        let at = |field: &str| format!("votes[{i}].{field}");
        let n = i + 1;
        let mut person_name = None;
        let mut subject_member = None;
        match (v.subject, v.person_id) {
            (VoteSubject::Other, _) => {
                if v.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    p.push(Problem::new(at("title"), format!("表决第{n}项：请填写表决事项")));
                }
                if v.person_id.is_some() {
                    p.push(Problem::new(at("person_id"), format!("表决第{n}项：其他事项不选择发展对象")));
                }
            }
            (_, None) => {
                p.push(Problem::new(at("person_id"), format!("表决第{n}项：请选择{}的人员", v.subject.label())));
            }
            (subject, Some(id)) => {
                let row: Option<(String, i64, Option<i64>)> = conn
                    .prepare_cached("SELECT name, org_id, member_id FROM development_people WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .ok();
                match row {
                    None => p.push(Problem::new(at("person_id"), format!("表决第{n}项：未找到编号为 {id} 的发展对象"))),
                    Some((name, org, _)) if org != f.org_id => {
                        p.push(Problem::new(at("person_id"), format!("表决第{n}项：{name} 不是本支部的发展对象")))
                    }
                    Some((name, _, member)) => {
                        person_name = Some(name);
                        subject_member = member.filter(|_| subject == VoteSubject::Conversion);
                    }
                }
                if let Some(first) = seen.insert((subject, id), i) {
                    p.push(Problem::new(at("person_id"), format!("表决第{n}项：与第{}项重复", first + 1)));
                }
            }
        }
        let name = vote::title(v.subject, person_name.as_deref(), v.title.as_deref());
        let sitting = sitting_facts(conn, f.org_id, f.date, present, subject_member)?;
        for problem in vote::problems(&v.figures, &sitting) {
            p.push(Problem::new(at(&format!("figures.{}", problem.field)), format!("表决“{name}”{}", problem.message)));
        }
    }
    Ok(p)
}

/// Stores the items in order (the activity's earlier items removed first).
pub(crate) fn write_votes(conn: &Connection, activity_id: i64, votes: &[VoteItem]) -> Result<()> {
    conn.execute("DELETE FROM meeting_votes WHERE activity_id = ?1", [activity_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO meeting_votes(activity_id, position, subject, person_id, title, eligible, present, in_favour,
             against, abstain, written) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, v) in votes.iter().enumerate() {
        let person = if v.subject == VoteSubject::Other { None } else { v.person_id };
        let title = v.title.as_deref().map(str::trim).filter(|t| !t.is_empty() && v.subject == VoteSubject::Other);
        let f = &v.figures;
        stmt.execute(params![
            activity_id,
            i as i64 + 1,
            v.subject,
            person,
            title,
            f.eligible,
            f.present,
            f.in_favour,
            f.against,
            f.abstain,
            f.written
        ])?;
    }
    Ok(())
}

/// The items of one activity as the form shows them.
pub fn items_of(conn: &Connection, activity_id: i64) -> Result<Vec<VoteItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT subject, person_id, title, eligible, present, in_favour, against, abstain, written
         FROM meeting_votes WHERE activity_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([activity_id], |r| {
        Ok(VoteItem { subject: r.get(0)?, person_id: r.get(1)?, title: r.get(2)?, figures: figures(r, 3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn figures(r: &rusqlite::Row, at: usize) -> rusqlite::Result<VoteFigures> {
    Ok(VoteFigures {
        eligible: r.get(at)?,
        present: r.get(at + 1)?,
        in_favour: r.get(at + 2)?,
        against: r.get(at + 3)?,
        abstain: r.get(at + 4)?,
        written: r.get(at + 5)?,
    })
}

const SITTING_SELECT: &str = "SELECT v.activity_id, a.date, v.position, v.subject, v.person_id,
        (SELECT d.name FROM development_people d WHERE d.id = v.person_id), v.title,
        v.eligible, v.present, v.in_favour, v.against, v.abstain, v.written, a.org_id,
        CASE v.subject WHEN 'conversion' THEN (SELECT d.member_id FROM development_people d WHERE d.id = v.person_id) END
     FROM meeting_votes v JOIN activities a ON a.id = v.activity_id AND a.deleted_at IS NULL";

/// Stored items with their judgement, for the rows `filter` selects (over `v`, `a`, parameter ?1).
fn sitting_votes(conn: &Connection, filter: &str, param: i64) -> Result<Vec<SittingVote>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SITTING_SELECT} WHERE {filter} ORDER BY a.date, v.activity_id, v.position"))?;
    let rows = stmt.query_map([param], |r| {
        let name: Option<String> = r.get(5)?;
        let title: Option<String> = r.get(6)?;
        let subject: VoteSubject = r.get(3)?;
        Ok((
            SittingVote {
                activity_id: r.get(0)?,
                date: r.get(1)?,
                position: r.get(2)?,
                subject,
                person_id: r.get(4)?,
                title: vote::title(subject, name.as_deref(), title.as_deref()),
                figures: figures(r, 7)?,
                voters_on_roll: 0,
                voters_present: 0,
                problems: Vec::new(),
                quorate: false,
                passes: false,
            },
            r.get::<_, i64>(13)?,
            r.get::<_, Option<i64>>(14)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut facts: HashMap<(i64, Option<i64>), Sitting> = HashMap::new();
    for row in rows {
        let (mut v, org_id, subject) = row?;
        let sitting = match facts.get(&(v.activity_id, subject)) {
            Some(s) => *s,
            None => {
                let present = present_of(conn, v.activity_id)?;
                let s = sitting_facts(conn, org_id, v.date, &present, subject)?;
                facts.insert((v.activity_id, subject), s);
                s
            }
        };
        v.voters_on_roll = sitting.voters_on_roll;
        v.voters_present = sitting.voters_present;
        v.problems = vote::problems(&v.figures, &sitting);
        v.quorate = v.figures.quorate();
        v.passes = v.figures.passes();
        out.push(v);
    }
    Ok(out)
}

fn present_of(conn: &Connection, activity_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT member_id FROM attendance WHERE activity_id = ?1 AND status = ?2")?;
    let rows = stmt.query_map(params![activity_id, AttendanceStatus::Present], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The 表决 items of one sitting, judged.
pub fn votes_of_activity(conn: &Connection, activity_id: i64) -> Result<Vec<SittingVote>> {
    sitting_votes(conn, "v.activity_id = ?1", activity_id)
}

/// Every item about a 发展党员, judged (admission and conversion, at live sittings).
pub fn votes_about_person(conn: &Connection, person_id: i64) -> Result<Vec<SittingVote>> {
    sitting_votes(conn, "v.person_id = ?1", person_id)
}

/// Every item at the live sittings of an organisation, judged.
pub fn votes_of_org(conn: &Connection, org_id: i64) -> Result<Vec<SittingVote>> {
    sitting_votes(conn, "a.org_id = ?1", org_id)
}

/// A 党员大会 a 发展党员 step can point at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SittingChoice {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub activity_id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub votes: Vec<SittingVote>,
}

/// The 党员大会 of `org_id` within `days` of `date` (nearest first), with their 表决 items.
pub fn party_congresses_near(conn: &Connection, org_id: i64, date: NaiveDate, days: u32) -> Result<Vec<SittingChoice>> {
    let from = date - chrono::Days::new(u64::from(days));
    let to = date + chrono::Days::new(u64::from(days));
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.date, a.topic FROM activities a
         JOIN activity_types t ON t.activity_id = a.id AND t.type = 'party_congress'
         WHERE a.org_id = ?1 AND a.deleted_at IS NULL AND a.date BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![org_id, from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (activity_id, d, topic): (i64, NaiveDate, String) = row?;
        out.push(SittingChoice { activity_id, date: d, topic, votes: votes_of_activity(conn, activity_id)? });
    }
    out.sort_by_key(|c| ((c.date - date).num_days().abs(), c.activity_id));
    Ok(out)
}

/// The figures a new 表决 item on the form starts from: 应到 the voters on the roll that day, 实到
/// those of them the form's attendance records present, all in favour.
pub fn vote_defaults(ledger: &crate::store::Ledger, fields: ActivityFields) -> Result<VoteFigures> {
    let conn = ledger.conn();
    let f = super::fields::normalized(fields);
    let mut ids: Vec<i64> = match &f.attendees {
        Some(list) => list.clone(),
        None => super::expected::expected_in(conn, f.org_id, &f.types, f.group_id, f.date)?
            .expected
            .iter()
            .map(|m| m.member_id)
            .collect(),
    };
    for m in &f.marks {
        match m.status {
            AttendanceStatus::Present => ids.push(m.member_id),
            _ => ids.retain(|&id| id != m.member_id),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let s = sitting_facts(conn, f.org_id, f.date, &ids, None)?;
    Ok(VoteFigures {
        eligible: s.voters_on_roll,
        present: s.voters_present,
        in_favour: s.voters_present,
        against: Some(0),
        abstain: Some(0),
        written: 0,
    })
}

/// A 发展党员 a 表决 item can be about, with the subject their stage suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VoteCandidate {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub name: String,
    /// The highest step recorded (0: none).
    pub highest_step: u8,
    /// 接收预备党员 for a 发展对象 (steps 7–14 recorded), 预备党员转正 for a 预备党员 (15–22).
    pub suggested: Option<VoteSubject>,
}

/// The 发展党员 of `org_id`, for the meeting form's 表决 items.
pub fn vote_candidates(conn: &Connection, org_id: i64) -> Result<Vec<VoteCandidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, coalesce((SELECT max(s.step) FROM development_steps s WHERE s.person_id = p.id), 0)
         FROM development_people p WHERE p.org_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([org_id], |r| {
        let highest: u8 = r.get(2)?;
        Ok(VoteCandidate {
            person_id: r.get(0)?,
            name: r.get(1)?,
            highest_step: highest,
            suggested: match highest {
                7..=14 => Some(VoteSubject::Admission),
                15..=22 => Some(VoteSubject::Conversion),
                _ => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
