//! Importing development records (发展党员): the person, the 25 steps with their people, and votes.

use std::collections::HashMap;

use rusqlite::params;

use super::{day, Counted, Outcome, Writer};
use crate::error::Result;
use crate::model::id_number::IdNumber;
use crate::package::format::{DevelopmentRecord, Package};
use crate::package::keys::Kind;

#[derive(Debug, PartialEq)]
struct PersonRow {
    org_id: i64,
    name: String,
    gender: String,
    id_number: Option<String>,
    birth_date: String,
    training_days: Option<f64>,
    training_hours: Option<f64>,
    political_review: Option<String>,
    probation_extension_months: Option<i64>,
    member_id: Option<i64>,
}

/// (step, date, note, people in order)
type StepRow = (i64, String, Option<String>, Vec<i64>);
/// (step, eligible, present, in_favour)
type VoteRow = (i64, i64, i64, i64);

const COLUMNS: &str = "org_id, name, gender, id_number, birth_date, training_days, training_hours, political_review,
    probation_extension_months, member_id";

impl PersonRow {
    fn of(w: &Writer, d: &DevelopmentRecord) -> Result<PersonRow> {
        let id_number = d.id_number.as_deref().map(|t| match IdNumber::parse(t) {
            Ok(id) => id.as_str().to_string(),
            Err(_) => t.trim().to_string(),
        });
        Ok(PersonRow {
            org_id: w.id(Kind::Organization, &d.org)?,
            name: d.name.trim().to_string(),
            gender: d.gender.code().to_string(),
            id_number,
            birth_date: day(d.birth_date),
            training_days: d.training.as_ref().and_then(|t| t.days),
            training_hours: d.training.as_ref().and_then(|t| t.hours).map(|h| h.as_f64()),
            political_review: d.political_review.map(|r| r.code().to_string()),
            probation_extension_months: d.probation_extension_months.map(i64::from),
            member_id: w.opt_id(Kind::Member, d.member.as_ref())?,
        })
    }

    fn params(&self) -> [&dyn rusqlite::ToSql; 10] {
        [
            &self.org_id,
            &self.name,
            &self.gender,
            &self.id_number,
            &self.birth_date,
            &self.training_days,
            &self.training_hours,
            &self.political_review,
            &self.probation_extension_months,
            &self.member_id,
        ]
    }
}

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    let slots = w.slots(Kind::Development);
    let mut stored = if slots.iter().any(|s| s.new_key.is_none()) { load(w)? } else { Stored::default() };
    let insert_sql = format!(
        "INSERT INTO development_people(id, key, {COLUMNS}, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
    );
    let update_sql = format!(
        "UPDATE development_people SET ({COLUMNS}, updated_at) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         WHERE id = ?1"
    );
    let mut extras = super::extensions::DevelopmentExtras::load(w)?;
    for (d, slot) in pkg.development.iter().zip(slots) {
        let row = PersonRow::of(w, d)?;
        let mut steps: Vec<StepRow> = d
            .steps
            .iter()
            .map(|s| {
                let people = s.people.iter().map(|p| w.id(Kind::Member, p)).collect::<Result<Vec<_>>>()?;
                Ok((i64::from(s.step), day(s.date), s.note.clone(), people))
            })
            .collect::<Result<_>>()?;
        steps.sort();
        let mut votes: Vec<VoteRow> = d
            .votes
            .iter()
            .map(|v| (i64::from(v.step), i64::from(v.eligible), i64::from(v.present), i64::from(v.in_favour)))
            .collect();
        votes.sort();
        let outcome = if let Some(key) = &slot.new_key {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id, key];
            args.extend(row.params());
            args.push(&w.now);
            w.conn.prepare_cached(&insert_sql)?.execute(args.as_slice())?;
            w.remember(Kind::Development, &d.key, slot.id)?;
            write_steps(w, slot.id, &steps)?;
            write_votes(w, slot.id, &votes)?;
            Outcome::Created
        } else {
            let row_changed = stored.people.remove(&slot.id).as_ref() != Some(&row);
            let steps_changed = stored.steps.remove(&slot.id).unwrap_or_default() != steps;
            // The votes live on the 党员大会 records (`activities[].votes`); a record without the v1
            // field keeps what the ledger holds, one with it is compared with each step's vote.
            let stored_votes = stored.votes.remove(&slot.id).unwrap_or_default();
            let votes_changed = !votes.is_empty() && stored_votes != votes;
            if row_changed || steps_changed || votes_changed {
                let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id];
                args.extend(row.params());
                args.push(&w.now);
                w.conn.prepare_cached(&update_sql)?.execute(args.as_slice())?;
            }
            if steps_changed {
                w.conn
                    .prepare_cached("DELETE FROM development_step_people WHERE person_id = ?1")?
                    .execute([slot.id])?;
                w.conn.prepare_cached("DELETE FROM development_steps WHERE person_id = ?1")?.execute([slot.id])?;
                write_steps(w, slot.id, &steps)?;
            }
            if votes_changed {
                w.conn.prepare_cached("DELETE FROM development_votes WHERE person_id = ?1")?.execute([slot.id])?;
                // The package's figures differ from the sitting's: the step is linked again below, to
                // the sitting when it holds the package's figures, else they stay on the step (flagged).
                w.conn
                    .prepare_cached("UPDATE development_steps SET activity_id = NULL WHERE person_id = ?1")?
                    .execute([slot.id])?;
                write_votes(w, slot.id, &votes)?;
            }
            Outcome::of_change(row_changed || steps_changed || votes_changed)
        };
        let extras_changed = extras.write(w, slot.id, d, slot.new_key.is_some())?;
        w.report.count(Counted::Development, outcome.with_extras(extras_changed));
    }
    // Votes kept on the steps (an older package's) move onto the 党员大会 of that day.
    crate::development::link_votes(w.conn)
}

fn write_steps(w: &Writer, person: i64, steps: &[StepRow]) -> Result<()> {
    for (step, date, note, people) in steps {
        w.conn
            .prepare_cached("INSERT INTO development_steps(person_id, step, date, note) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![person, step, date, note])?;
        for (position, member) in people.iter().enumerate() {
            w.conn
                .prepare_cached(
                    "INSERT INTO development_step_people(person_id, step, position, member_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![person, step, position as i64, member])?;
        }
    }
    Ok(())
}

fn write_votes(w: &Writer, person: i64, votes: &[VoteRow]) -> Result<()> {
    for (step, eligible, present, in_favour) in votes {
        w.conn
            .prepare_cached(
                "INSERT INTO development_votes(person_id, step, eligible, present, in_favour) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![person, step, eligible, present, in_favour])?;
    }
    Ok(())
}

#[derive(Default)]
struct Stored {
    people: HashMap<i64, PersonRow>,
    steps: HashMap<i64, Vec<StepRow>>,
    votes: HashMap<i64, Vec<VoteRow>>,
}

fn load(w: &Writer) -> Result<Stored> {
    let mut s = Stored::default();
    let mut stmt = w.conn.prepare(&format!("SELECT id, {COLUMNS} FROM development_people"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let row = PersonRow {
            org_id: r.get(1)?,
            name: r.get(2)?,
            gender: r.get(3)?,
            id_number: r.get(4)?,
            birth_date: r.get(5)?,
            training_days: r.get(6)?,
            training_hours: r.get(7)?,
            political_review: r.get(8)?,
            probation_extension_months: r.get(9)?,
            member_id: r.get(10)?,
        };
        s.people.insert(r.get(0)?, row);
    }
    let mut people: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    let mut stmt = w
        .conn
        .prepare("SELECT person_id, step, member_id FROM development_step_people ORDER BY person_id, step, position")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        people.entry((r.get(0)?, r.get(1)?)).or_default().push(r.get(2)?);
    }
    let mut stmt =
        w.conn.prepare("SELECT person_id, step, date, note FROM development_steps ORDER BY person_id, step")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (person, step): (i64, i64) = (r.get(0)?, r.get(1)?);
        let who = people.remove(&(person, step)).unwrap_or_default();
        s.steps.entry(person).or_default().push((step, r.get(2)?, r.get(3)?, who));
    }
    let mut stmt = w.conn.prepare(crate::development::EFFECTIVE_VOTES_SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        s.votes.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    Ok(s)
}
