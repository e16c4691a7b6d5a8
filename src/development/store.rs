//! Reading development records from the ledger into `DevelopmentPerson`s.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::record::{
    DevelopmentDocument, DevelopmentPerson, DocumentKind, RecordedStep, RuleOverride, StepPerson, Vote,
};
use crate::error::{Error, Result};
use crate::meetings::votes::votes_of_activity;
use crate::model::VoteSubject;

const PERSON_COLUMNS: &str = "p.id, p.key, p.org_id, o.key, o.name, p.name, p.gender, p.id_number, p.birth_date,
    p.ethnicity, p.education, p.unit_title, p.training_days, p.training_hours, p.political_review,
    p.probation_extension_months, p.probation_extended_on, p.member_id";

fn person_row(r: &rusqlite::Row) -> rusqlite::Result<DevelopmentPerson> {
    let ext: Option<i64> = r.get(15)?;
    Ok(DevelopmentPerson {
        id: r.get(0)?,
        key: r.get(1)?,
        org_id: r.get(2)?,
        org_key: r.get(3)?,
        org_name: r.get(4)?,
        name: r.get(5)?,
        gender: r.get(6)?,
        id_number: r.get(7)?,
        birth_date: r.get(8)?,
        ethnicity: r.get(9)?,
        education: r.get(10)?,
        unit_title: r.get(11)?,
        training_days: r.get(12)?,
        training_hours: r.get(13)?,
        political_review: r.get(14)?,
        probation_extension_months: ext.map(|n| n.clamp(0, i64::from(u32::MAX)) as u32),
        probation_extended_on: r.get(16)?,
        member_id: r.get(17)?,
        steps: Vec::new(),
        votes: Vec::new(),
        documents: Vec::new(),
        overrides: Vec::new(),
    })
}

/// The people of the given organisations (each with its whole record), by org then application
/// date then id. An empty `org_ids` means every organisation.
pub fn load_people(conn: &Connection, org_ids: &[i64]) -> Result<Vec<DevelopmentPerson>> {
    let filter = if org_ids.is_empty() {
        String::new()
    } else {
        format!("WHERE p.org_id IN ({})", org_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
    };
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM development_people p JOIN organizations o ON o.id = p.org_id {filter}
         ORDER BY p.org_id, (SELECT date FROM development_steps s WHERE s.person_id = p.id AND s.step = 1), p.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut people: Vec<DevelopmentPerson> = stmt.query_map([], person_row)?.collect::<rusqlite::Result<_>>()?;
    fill(conn, &mut people)?;
    Ok(people)
}

/// One person's whole record.
pub fn load_person(conn: &Connection, id: i64) -> Result<DevelopmentPerson> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM development_people p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?1"
    );
    let person = conn
        .query_row(&sql, [id], person_row)
        .optional()?
        .ok_or(Error::NotFound { what: "发展对象记录", key: id.to_string() })?;
    let mut people = vec![person];
    fill(conn, &mut people)?;
    Ok(people.remove(0))
}

/// The id of the person with this key.
pub fn id_by_key(conn: &Connection, key: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM development_people WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "发展对象记录", key: key.to_string() })
}

fn in_list(people: &[DevelopmentPerson]) -> String {
    people.iter().map(|p| p.id.to_string()).collect::<Vec<_>>().join(",")
}

fn fill(conn: &Connection, people: &mut [DevelopmentPerson]) -> Result<()> {
    if people.is_empty() {
        return Ok(());
    }
    let ids = in_list(people);
    let index: HashMap<i64, usize> = people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();

    let mut named: HashMap<(i64, u8), Vec<StepPerson>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT sp.person_id, sp.step, m.id, m.key, m.name, m.joined_on, m.full_member_on, m.status, m.left_on
         FROM development_step_people sp JOIN members m ON m.id = sp.member_id
         WHERE sp.person_id IN ({ids}) ORDER BY sp.person_id, sp.step, sp.position"
    ))?;
    let mut rows = stmt.query([])?;
    let mut member_ids = Vec::new();
    while let Some(r) = rows.next()? {
        let status: String = r.get(7)?;
        let full_member_on: Option<NaiveDate> = r.get(6)?;
        let sp = StepPerson {
            member_id: r.get(2)?,
            key: r.get(3)?,
            name: r.get(4)?,
            joined_on: r.get(5)?,
            full_without_date: status == "full" && full_member_on.is_none(),
            full_member_on,
            left_on: r.get(8)?,
            suspended: Vec::new(),
        };
        member_ids.push(sp.member_id);
        named.entry((r.get(0)?, r.get(1)?)).or_default().push(sp);
    }
    let suspensions = suspensions(conn, &member_ids)?;
    for list in named.values_mut() {
        for sp in list {
            sp.suspended = suspensions.get(&sp.member_id).cloned().unwrap_or_default();
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT person_id, step, date, note, activity_id FROM development_steps WHERE person_id IN ({ids})
         ORDER BY person_id, step"
    ))?;
    let mut rows = stmt.query([])?;
    let mut sittings: Vec<(i64, u8, i64)> = Vec::new();
    while let Some(r) = rows.next()? {
        let (pid, step): (i64, u8) = (r.get(0)?, r.get(1)?);
        let people_at = named.remove(&(pid, step)).unwrap_or_default();
        people[index[&pid]].steps.push(RecordedStep { step, date: r.get(2)?, note: r.get(3)?, people: people_at });
        if let (15 | 23, Some(activity)) = (step, r.get::<_, Option<i64>>(4)?) {
            sittings.push((pid, step, activity));
        }
    }

    // The vote of a step that points at a sitting is the sitting's item about the person.
    for (pid, step, activity) in sittings {
        let subject = if step == 15 { VoteSubject::Admission } else { VoteSubject::Conversion };
        let item =
            votes_of_activity(conn, activity)?.into_iter().find(|v| v.person_id == Some(pid) && v.subject == subject);
        if let Some(v) = item {
            let f = v.figures;
            people[index[&pid]].votes.push(Vote {
                step,
                eligible: f.eligible,
                present: f.present,
                in_favour: f.in_favour,
                against: f.against,
                abstain: f.abstain,
                written: f.written,
                activity_id: Some(activity),
                problems: v.problems.into_iter().map(|p| p.message).collect(),
            });
        }
    }

    // Figures kept on the step: no 党员大会 of that day to check them against.
    let mut stmt = conn.prepare(&format!(
        "SELECT person_id, step, eligible, present, in_favour FROM development_votes WHERE person_id IN ({ids})
         ORDER BY person_id, step"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let pid: i64 = r.get(0)?;
        let count =
            |i: usize| -> rusqlite::Result<u32> { Ok(r.get::<_, i64>(i)?.clamp(0, i64::from(u32::MAX)) as u32) };
        let mut vote = Vote::figures_only(r.get(1)?, count(2)?, count(3)?, count(4)?);
        let person = &mut people[index[&pid]];
        if let Some(on_meeting) = person.votes.iter_mut().find(|v| v.step == vote.step) {
            // Figures kept beside the sitting's (an imported package said otherwise): the sitting's
            // stand, the difference is flagged.
            if (on_meeting.eligible, on_meeting.present, on_meeting.in_favour)
                != (vote.eligible, vote.present, vote.in_favour)
            {
                on_meeting.problems.push(format!(
                    "发展记录另记有应到{}人、实到{}人、赞成{}票，与支部大会记录不一致",
                    vote.eligible, vote.present, vote.in_favour
                ));
            }
            continue;
        }
        vote.problems.push(
            "未找到当日本支部的党员大会记录，表决人数无法与会议考勤核对，请补登该次支部大会并填写表决情况".into(),
        );
        person.votes.push(vote);
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT person_id, id, kind, received_on, period, number, note FROM development_documents
         WHERE person_id IN ({ids}) ORDER BY person_id, received_on, id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let pid: i64 = r.get(0)?;
        let kind: String = r.get(2)?;
        let kind = DocumentKind::from_code(&kind)
            .ok_or_else(|| Error::Internal(format!("development_documents 中有未知的材料类别 {kind}")))?;
        people[index[&pid]].documents.push(DevelopmentDocument {
            id: r.get(1)?,
            kind,
            received_on: r.get(3)?,
            period: r.get(4)?,
            number: r.get(5)?,
            note: r.get(6)?,
        });
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT person_id, step, \"check\", rules, message, reason, recorded_at FROM development_overrides
         WHERE person_id IN ({ids}) ORDER BY person_id, id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let pid: i64 = r.get(0)?;
        people[index[&pid]].overrides.push(RuleOverride {
            step: r.get(1)?,
            check: r.get(2)?,
            rules: r.get(3)?,
            message: r.get(4)?,
            reason: r.get(5)?,
            recorded_at: r.get(6)?,
        });
    }
    Ok(())
}

/// 停止党籍 periods: (from, restored on).
type Suspensions = Vec<(NaiveDate, Option<NaiveDate>)>;

/// The 停止党籍 periods of these members, from their history.
fn suspensions(conn: &Connection, member_ids: &[i64]) -> Result<HashMap<i64, Suspensions>> {
    let mut out: HashMap<i64, Suspensions> = HashMap::new();
    if member_ids.is_empty() {
        return Ok(out);
    }
    let ids = member_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT member_id, on_date, event FROM member_events WHERE member_id IN ({ids})
         AND event IN ('suspended','restored') ORDER BY member_id, on_date, id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (mid, on, event): (i64, NaiveDate, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let list = out.entry(mid).or_default();
        if event == "suspended" {
            list.push((on, None));
        } else if let Some(open) = list.last_mut().filter(|(_, until)| until.is_none()) {
            open.1 = Some(on);
        }
    }
    Ok(out)
}

/// 有表决权的正式党员 of the organisation on `date` (`store::roll::voters_on`): the secretary's
/// starting point for 应到人数 at steps 15 and 23.
pub fn eligible_voters(conn: &Connection, org_id: i64, date: NaiveDate) -> Result<u32> {
    crate::store::roll::voters_on(conn, org_id, date)
}

/// The roster facts of these members, in the order given; `None` for an id not on the roster.
pub fn step_people(conn: &Connection, member_ids: &[i64]) -> Result<Vec<Option<StepPerson>>> {
    let suspended = suspensions(conn, member_ids)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, name, joined_on, full_member_on, status, left_on FROM members WHERE id = ?1",
    )?;
    let mut out = Vec::new();
    for id in member_ids {
        let row = stmt
            .query_row([id], |r| {
                let status: String = r.get(5)?;
                let full_member_on: Option<NaiveDate> = r.get(4)?;
                Ok(StepPerson {
                    member_id: r.get(0)?,
                    key: r.get(1)?,
                    name: r.get(2)?,
                    joined_on: r.get(3)?,
                    full_without_date: status == "full" && full_member_on.is_none(),
                    full_member_on,
                    left_on: r.get(6)?,
                    suspended: suspended.get(id).cloned().unwrap_or_default(),
                })
            })
            .optional()?;
        out.push(row);
    }
    Ok(out)
}

/// Settings key of `CheckOptions::activist_year_from_step`.
pub const ACTIVIST_FROM_SETTING: &str = "development.activist_year_from_step";

/// The local conventions the checks follow (the 积极分子's year from step 3 or 4).
pub fn check_options(conn: &Connection) -> Result<super::checks::CheckOptions> {
    let v: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT value FROM settings WHERE name = ?1",
        [ACTIVIST_FROM_SETTING],
        |r| r.get(0),
    ))?;
    Ok(match v.as_deref() {
        Some("4") => super::checks::CheckOptions { activist_year_from_step: 4 },
        _ => super::checks::CheckOptions::default(),
    })
}

/// Each step's vote as the ledger has it, `(person_id, step, eligible, present, in_favour)` by person
/// and step: the figures kept on the step, else those of the 表决 item about the person on the live
/// sitting the step points at.
pub const EFFECTIVE_VOTES_SQL: &str = "
    SELECT person_id, step, eligible, present, in_favour FROM development_votes
    UNION ALL
    SELECT st.person_id, st.step, m.eligible, m.present, m.in_favour
    FROM development_steps st
    JOIN activities a ON a.id = st.activity_id AND a.deleted_at IS NULL
    JOIN meeting_votes m ON m.activity_id = st.activity_id AND m.person_id = st.person_id
        AND m.subject = CASE st.step WHEN 15 THEN 'admission' ELSE 'conversion' END
    WHERE st.step IN (15, 23)
      AND NOT EXISTS (SELECT 1 FROM development_votes v WHERE v.person_id = st.person_id AND v.step = st.step)
    ORDER BY 1, 2";

/// Moves votes kept on steps 15/23 onto the 党员大会 of the person's organisation held that day and
/// links the steps to their sittings (`link_votes.sql`, the statements schema migration 5 ran). Creates
/// no meeting; a vote without a sitting stays on its step. Idempotent.
pub fn link_votes(conn: &Connection) -> Result<()> {
    conn.execute_batch(include_str!("link_votes.sql"))?;
    Ok(())
}
