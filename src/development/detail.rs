//! One person's page: the record, every check today, the next step, the reminders and the changes.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::board::{next_step, NextStep};
use super::checks::{evaluate, CheckResult};
use super::record::DevelopmentPerson;
use super::reminders::{reminders_for, Reminder};
use super::store;
use crate::error::Result;
use crate::store::audit::{self, AuditEntry};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentDetail {
    pub person: DevelopmentPerson,
    pub stage_label: String,
    pub checks: Vec<CheckResult>,
    pub next: Option<NextStep>,
    pub reminders: Vec<Reminder>,
    pub changes: Vec<AuditEntry>,
}

pub fn development_detail(conn: &Connection, person_id: i64, today: NaiveDate) -> Result<DevelopmentDetail> {
    let options = super::store::check_options(conn)?;
    let person = store::load_person(conn, person_id)?;
    Ok(DevelopmentDetail {
        stage_label: person.stage().label().to_string(),
        checks: evaluate(&person, today, &options),
        next: next_step(&person, today, &options),
        reminders: reminders_for(&person, today, &options),
        changes: audit::recent(conn, Some(("development_person", person_id)), 50)?,
        person,
    })
}
