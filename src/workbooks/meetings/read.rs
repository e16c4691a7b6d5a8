//! The small read queries behind the 组织生活 workbooks: a year's activities of an organisation (and
//! everything under it) with their types and attendance, the members on the roll during the year,
//! their trainings, 民主评议 grades and committee posts. Deleted activities (`deleted_at` set) are
//! never read.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::meetings::hours::credited_tenths;
use crate::model::{ActivityType, AttendanceStatus, Grade, TalkTrigger};
use crate::store::roll::{RollOrder, RollScope};

/// One member's line in a meeting's attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub member_id: i64,
    pub name: String,
    pub status: AttendanceStatus,
    pub reason: Option<String>,
}

/// A meeting or activity as the workbooks need it: names instead of ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The organisation's short name (`OrgFields::short`), for a column naming each row's.
    pub org_short: String,
    pub group_name: Option<String>,
    pub date: NaiveDate,
    pub start: Option<String>,
    pub end: Option<String>,
    pub place: String,
    pub topic: String,
    pub host_id: Option<i64>,
    pub host: Option<String>,
    pub recorder: Option<String>,
    pub lecturer: Option<String>,
    pub content: Option<String>,
    pub decisions: Option<String>,
    pub hours_tenths: Option<i64>,
    /// 必谈情形 of a 谈心谈话.
    pub talk_trigger: Option<TalkTrigger>,
    /// 列席人员 (free text).
    pub observers: Option<String>,
    /// Members whose 政治生日 the activity celebrated, in member order.
    pub celebrants: Vec<String>,
    /// In the order of `ActivityType` (党员大会 first).
    pub types: Vec<ActivityType>,
    /// Expected members (those listed), in member order.
    pub attendance: Vec<Attendee>,
    /// The 表决 items of a 党员大会, in order, judged against the attendance (`meetings::votes`).
    pub votes: Vec<crate::meetings::SittingVote>,
}

impl Meeting {
    pub fn has(&self, t: ActivityType) -> bool {
        self.types.contains(&t)
    }

    /// Members listed with this status.
    pub fn with_status(&self, s: AttendanceStatus) -> impl Iterator<Item = &Attendee> {
        self.attendance.iter().filter(move |a| a.status == s)
    }

    pub fn count(&self, s: AttendanceStatus) -> usize {
        self.with_status(s).count()
    }

    /// The 学时 the activity credits to each member present (`meetings::credited_tenths`: stored
    /// hours, else a study-kind sitting's duration), in tenths.
    pub fn credited_tenths(&self) -> u32 {
        credited_tenths(&self.types, self.hours_tenths, self.start.as_deref(), self.end.as_deref())
    }

    /// `党员大会、党课`
    pub fn type_labels(&self) -> String {
        self.types.iter().map(|t| t.label()).collect::<Vec<_>>().join("、")
    }

    /// `14:30—16:30`, `14:30` or empty.
    pub fn time_span(&self) -> String {
        match (&self.start, &self.end) {
            (Some(s), Some(e)) => format!("{s}—{e}"),
            (Some(s), None) => s.clone(),
            (None, Some(e)) => format!("—{e}"),
            (None, None) => String::new(),
        }
    }
}

pub use crate::store::roll::RollMember;

const SUBTREE: &str =
    "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM organizations o JOIN t ON o.parent_id = t.id)";

fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// Which organisations' records to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The organisation only.
    Own,
    /// The organisation and every organisation under it.
    Subtree,
}

fn org_filter(scope: Scope) -> &'static str {
    match scope {
        Scope::Own => "= ?1",
        Scope::Subtree => "IN (SELECT id FROM t)",
    }
}

/// The year's activities of `org_id` (or its subtree), by date and start time.
pub fn meetings(conn: &Connection, org_id: i64, year: i32, scope: Scope) -> Result<Vec<Meeting>> {
    let (from, to) = year_bounds(year);
    let filter = org_filter(scope);
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE}
         SELECT a.id, a.org_id, o.name, g.name, a.date, a.start_time, a.end_time, a.place, a.topic,
                h.name, r.name, l.name, a.content, a.decisions, a.hours_tenths, a.host_id,
                a.talk_trigger, a.observers, coalesce(nullif(trim(o.short_name), ''), o.name)
         FROM activities a JOIN organizations o ON o.id = a.org_id
         LEFT JOIN party_groups g ON g.id = a.group_id
         LEFT JOIN members h ON h.id = a.host_id
         LEFT JOIN members r ON r.id = a.recorder_id
         LEFT JOIN members l ON l.id = a.lecturer_id
         WHERE a.deleted_at IS NULL AND a.org_id {filter} AND a.date BETWEEN ?2 AND ?3
         ORDER BY a.date, coalesce(a.start_time, ''), a.id"
    ))?;
    let mut list: Vec<Meeting> = stmt
        .query_map(params![org_id, from, to], |r| {
            Ok(Meeting {
                id: r.get(0)?,
                org_id: r.get(1)?,
                org_name: r.get(2)?,
                org_short: r.get(18)?,
                group_name: r.get(3)?,
                date: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
                place: r.get(7)?,
                topic: r.get(8)?,
                host_id: r.get(15)?,
                host: r.get(9)?,
                recorder: r.get(10)?,
                lecturer: r.get(11)?,
                content: r.get(12)?,
                decisions: r.get(13)?,
                hours_tenths: r.get(14)?,
                talk_trigger: r.get(16)?,
                observers: r.get(17)?,
                celebrants: Vec::new(),
                types: Vec::new(),
                attendance: Vec::new(),
                votes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = list.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let activity_filter = format!(
        "SELECT a.id FROM activities a WHERE a.deleted_at IS NULL AND a.org_id {filter} AND a.date BETWEEN ?2 AND ?3"
    );
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT activity_id, type FROM activity_types WHERE activity_id IN ({activity_filter})"
    ))?;
    let rows =
        stmt.query_map(params![org_id, from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, ActivityType>(1)?)))?;
    for row in rows {
        let (id, t) = row?;
        if let Some(&i) = index.get(&id) {
            list[i].types.push(t);
        }
    }
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT t.activity_id, m.id, m.name, t.status, t.reason
         FROM attendance t JOIN members m ON m.id = t.member_id
         WHERE t.activity_id IN ({activity_filter})
         ORDER BY t.activity_id, coalesce(m.group_id, 0), m.joined_on, m.id"
    ))?;
    let rows = stmt.query_map(params![org_id, from, to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Attendee { member_id: r.get(1)?, name: r.get(2)?, status: r.get(3)?, reason: r.get(4)? },
        ))
    })?;
    for row in rows {
        let (id, a) = row?;
        if let Some(&i) = index.get(&id) {
            list[i].attendance.push(a);
        }
    }
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT c.activity_id, m.name FROM activity_celebrants c JOIN members m ON m.id = c.member_id
         WHERE c.activity_id IN ({activity_filter}) ORDER BY c.activity_id, m.joined_on, m.id"
    ))?;
    let rows = stmt.query_map(params![org_id, from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, name) = row?;
        if let Some(&i) = index.get(&id) {
            list[i].celebrants.push(name);
        }
    }
    for m in &mut list {
        m.types.sort();
    }
    let orgs: std::collections::BTreeSet<i64> = list.iter().map(|m| m.org_id).collect();
    for org in orgs {
        for v in crate::meetings::votes::votes_of_org(conn, org)? {
            if let Some(&i) = index.get(&v.activity_id) {
                list[i].votes.push(v);
            }
        }
    }
    Ok(list)
}

/// One activity by id (deleted ones are not found).
pub fn meeting(conn: &Connection, activity_id: i64) -> Result<Meeting> {
    let (org_id, date): (i64, NaiveDate) = conn
        .query_row("SELECT org_id, date FROM activities WHERE id = ?1 AND deleted_at IS NULL", [activity_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                crate::error::Error::NotFound { what: "组织生活记录", key: activity_id.to_string() }
            }
            e => e.into(),
        })?;
    use chrono::Datelike;
    let all = meetings(conn, org_id, date.year(), Scope::Own)?;
    all.into_iter()
        .find(|m| m.id == activity_id)
        .ok_or(crate::error::Error::NotFound { what: "组织生活记录", key: activity_id.to_string() })
}

/// Members of `org_id` (or its subtree) on the roll at some time in `year` (`store::roll`), in
/// roster order (organisation, 党小组, joining date); `org_name` is the organisation's short name
/// (`OrgFields::short`), as the sheets' 所在支部 columns print it.
pub fn roll(conn: &Connection, org_id: i64, year: i32, scope: Scope) -> Result<Vec<RollMember>> {
    let (from, to) = crate::meetings::hours::year_span(year)?;
    let scope = match scope {
        Scope::Own => RollScope::Own(org_id),
        Scope::Subtree => RollScope::Subtree(org_id),
    };
    let mut roll = crate::store::roll::members_between(conn, scope, from, to, RollOrder::Roster)?;
    let shorts = crate::store::orgs::short_names(conn)?;
    for m in &mut roll {
        if let Some(s) = shorts.get(&m.org_id) {
            m.org_name.clone_from(s);
        }
    }
    Ok(roll)
}

/// What the evidence keys of a year's findings name (`a-78`, `training-5`, `document-3`): the
/// activities' ids by key, the trainings' date and title by id, the documents' titles by id, for
/// `org_id` (or its subtree) in `year`. Deleted activities are not named.
#[derive(Debug, Default)]
pub struct EvidenceNames {
    pub activities: HashMap<String, i64>,
    pub trainings: HashMap<i64, (NaiveDate, String)>,
    pub documents: HashMap<i64, String>,
    /// Attached files by id: their file names.
    pub attachments: HashMap<i64, String>,
}

pub fn evidence_names(conn: &Connection, org_id: i64, year: i32, scope: Scope) -> Result<EvidenceNames> {
    let (from, to) = year_bounds(year);
    let filter = org_filter(scope);
    let mut names = EvidenceNames::default();
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT a.key, a.id FROM activities a
         WHERE a.deleted_at IS NULL AND a.key IS NOT NULL AND a.org_id {filter} AND a.date BETWEEN ?2 AND ?3"
    ))?;
    for row in stmt.query_map(params![org_id, from, to], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (key, id) = row?;
        names.activities.insert(key, id);
    }
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT t.id, t.date, t.title FROM trainings t JOIN members m ON m.id = t.member_id
         WHERE m.org_id {filter} AND t.date BETWEEN ?2 AND ?3"
    ))?;
    for row in stmt.query_map(params![org_id, from, to], |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?))))? {
        let (id, t) = row?;
        names.trainings.insert(id, t);
    }
    let mut stmt = conn
        .prepare(&format!("{SUBTREE} SELECT d.id, d.title FROM documents d WHERE d.org_id {filter} AND d.year = ?2"))?;
    for row in stmt.query_map(params![org_id, year], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, title) = row?;
        names.documents.insert(id, title);
    }
    // An attachment belongs to an activity or a document of the organisation.
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE} SELECT f.id, f.file_name FROM attachments f
         LEFT JOIN activities a ON a.id = f.activity_id LEFT JOIN documents d ON d.id = f.document_id
         WHERE coalesce(a.org_id, d.org_id) {filter}"
    ))?;
    for row in stmt.query_map(params![org_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        names.attachments.insert(id, name);
    }
    Ok(names)
}

/// One external training of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub member_id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub hours_tenths: i64,
    pub organizer: Option<String>,
}

/// The year's trainings of the members of `org_id` (or its subtree).
pub fn trainings(conn: &Connection, org_id: i64, year: i32, scope: Scope) -> Result<Vec<Training>> {
    let (from, to) = year_bounds(year);
    let filter = org_filter(scope);
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE}
         SELECT t.member_id, t.date, t.title, t.hours_tenths, t.organizer
         FROM trainings t JOIN members m ON m.id = t.member_id
         WHERE m.org_id {filter} AND t.date BETWEEN ?2 AND ?3 ORDER BY t.member_id, t.date, t.title"
    ))?;
    let rows = stmt.query_map(params![org_id, from, to], |r| {
        Ok(Training {
            member_id: r.get(0)?,
            date: r.get(1)?,
            title: r.get(2)?,
            hours_tenths: r.get(3)?,
            organizer: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The year's 民主评议 grade of each member of `org_id` (or its subtree) who has one.
pub fn grades(conn: &Connection, org_id: i64, year: i32, scope: Scope) -> Result<HashMap<i64, Grade>> {
    let filter = org_filter(scope);
    let mut stmt = conn.prepare(&format!(
        "{SUBTREE}
         SELECT e.member_id, e.grade FROM evaluations e JOIN members m ON m.id = e.member_id
         WHERE m.org_id {filter} AND e.year = ?2"
    ))?;
    let rows = stmt.query_map(params![org_id, year], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Grade>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members holding a committee post (书记, 委员 …) in any organisation at some time in `year`, with the
/// post's label (the first one held, by start date). A post ends the day before its `to_date`, as in
/// `meetings` (who is on the committee, and who must reach the committee's 学时).
pub fn committee_posts(conn: &Connection, year: i32) -> Result<HashMap<i64, String>> {
    let (from, to) = year_bounds(year);
    let mut stmt = conn.prepare(
        "SELECT member_id, role FROM org_positions
         WHERE (from_date IS NULL OR from_date <= ?2) AND (to_date IS NULL OR to_date > ?1)
         ORDER BY coalesce(from_date, ''), id",
    )?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, crate::model::Role>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (member, role) = row?;
        out.entry(member).or_insert_with(|| role.label().to_string());
    }
    Ok(out)
}
