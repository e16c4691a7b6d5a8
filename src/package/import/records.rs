//! Importing the keyless records: dues payments by (member, month), trainings by (member, date, title),
//! evaluations by (member, year). An existing row is updated only when it differs.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::{day, Counted, Outcome, Writer};
use crate::error::Result;
use crate::package::format::Package;
use crate::package::keys::Kind;

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    // Rows can only exist already for members that existed before this import.
    let new: HashSet<i64> = w.slots(Kind::Member).iter().filter(|s| s.new_key.is_some()).map(|s| s.id).collect();
    let existing: HashSet<i64> = w.ids[&Kind::Member].values().filter(|id| !new.contains(id)).copied().collect();
    dues(w, pkg, &existing)?;
    trainings(w, pkg, &existing)?;
    evaluations(w, pkg, &existing)
}

fn dues(w: &mut Writer, pkg: &Package, existing: &HashSet<i64>) -> Result<()> {
    let mut stored: HashMap<(i64, String), (i64, String)> = HashMap::new();
    if !existing.is_empty() {
        let mut stmt = w.conn.prepare("SELECT member_id, month, paid_fen, paid_on FROM dues_payments")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let member: i64 = r.get(0)?;
            if existing.contains(&member) {
                stored.insert((member, r.get(1)?), (r.get(2)?, r.get(3)?));
            }
        }
    }
    for d in &pkg.dues_payments {
        let member = w.id(Kind::Member, &d.member)?;
        let row = (d.paid_fen, day(d.paid_on));
        let outcome = match stored.get(&(member, d.month.clone())) {
            None => {
                w.conn
                    .prepare_cached(
                        "INSERT INTO dues_payments(member_id, month, paid_fen, paid_on) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![member, d.month, row.0, row.1])?;
                Outcome::Created
            }
            Some(before) if *before != row => {
                w.conn
                    .prepare_cached(
                        "UPDATE dues_payments SET paid_fen = ?3, paid_on = ?4 WHERE member_id = ?1 AND month = ?2",
                    )?
                    .execute(params![member, d.month, row.0, row.1])?;
                Outcome::Updated
            }
            Some(_) => Outcome::Unchanged,
        };
        w.report.count(Counted::DuesPayment, outcome);
    }
    Ok(())
}

fn trainings(w: &mut Writer, pkg: &Package, existing: &HashSet<i64>) -> Result<()> {
    let mut stored: HashMap<(i64, String, String), (i64, Option<String>)> = HashMap::new();
    if !existing.is_empty() {
        let mut stmt = w.conn.prepare("SELECT member_id, date, title, hours_tenths, organizer FROM trainings")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let member: i64 = r.get(0)?;
            if existing.contains(&member) {
                stored.insert((member, r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
            }
        }
    }
    for t in &pkg.trainings {
        let member = w.id(Kind::Member, &t.member)?;
        let key = (member, day(t.date), t.title.clone());
        let row = (i64::from(t.hours.tenths()), t.organizer.clone());
        let outcome = match stored.get(&key) {
            None => {
                w.conn
                    .prepare_cached(
                        "INSERT INTO trainings(member_id, date, title, hours_tenths, organizer) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![key.0, key.1, key.2, row.0, row.1])?;
                Outcome::Created
            }
            Some(before) if *before != row => {
                w.conn
                    .prepare_cached(
                        "UPDATE trainings SET hours_tenths = ?4, organizer = ?5 WHERE member_id = ?1 AND date = ?2 AND title = ?3",
                    )?
                    .execute(params![key.0, key.1, key.2, row.0, row.1])?;
                Outcome::Updated
            }
            Some(_) => Outcome::Unchanged,
        };
        w.report.count(Counted::Training, outcome);
    }
    Ok(())
}

fn evaluations(w: &mut Writer, pkg: &Package, existing: &HashSet<i64>) -> Result<()> {
    let mut stored: HashMap<(i64, u32), String> = HashMap::new();
    if !existing.is_empty() {
        let mut stmt = w.conn.prepare("SELECT member_id, year, grade FROM evaluations")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let member: i64 = r.get(0)?;
            if existing.contains(&member) {
                stored.insert((member, r.get(1)?), r.get(2)?);
            }
        }
    }
    for e in &pkg.evaluations {
        let member = w.id(Kind::Member, &e.member)?;
        let grade = e.grade.code();
        let outcome = match stored.get(&(member, e.year)) {
            None => {
                w.conn
                    .prepare_cached("INSERT INTO evaluations(member_id, year, grade) VALUES (?1, ?2, ?3)")?
                    .execute(params![member, e.year, grade])?;
                Outcome::Created
            }
            Some(before) if before != grade => {
                w.conn
                    .prepare_cached("UPDATE evaluations SET grade = ?3 WHERE member_id = ?1 AND year = ?2")?
                    .execute(params![member, e.year, grade])?;
                Outcome::Updated
            }
            Some(_) => Outcome::Unchanged,
        };
        w.report.count(Counted::Evaluation, outcome);
    }
    Ok(())
}
