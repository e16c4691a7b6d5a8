//! The board: everyone on the way, grouped by stage, each with the current step, the next step and
//! the date it is due (or the earliest date it may happen), and the reminders that apply today.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::checks::{evaluate, CheckOptions, CheckStatus};
use super::record::DevelopmentPerson;
use super::reminders::{reminders_for, Reminder};
use super::rules::version_on;
use super::steps::{step_name, Stage, STEP_COUNT};
use super::store;
use crate::error::Result;
use crate::model::dates::add_months;
use crate::model::Gender;

/// A recorded step on a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepRef {
    pub step: u8,
    pub name: String,
    pub date: NaiveDate,
}

/// The next step and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextStep {
    pub step: u8,
    pub name: String,
    /// The deadline, when a rule sets one.
    pub due: Option<NaiveDate>,
    /// The earliest date it may happen (a minimum period), when a rule sets one.
    pub earliest: Option<NaiveDate>,
    /// The deadline passed on `today`.
    pub overdue: bool,
}

/// One person on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BoardCard {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub key: String,
    pub name: String,
    pub gender: Gender,
    pub org_name: String,
    pub stage: Stage,
    pub current: Option<StepRef>,
    pub next: Option<NextStep>,
    /// Checks unmet / pending today.
    pub unmet: u32,
    pub pending: u32,
    pub reminders: Vec<Reminder>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub member_id: Option<i64>,
}

/// One column of the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BoardColumn {
    pub stage: Stage,
    pub label: String,
    pub people: Vec<BoardCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentBoard {
    pub today: NaiveDate,
    /// Five columns, 入党申请人 → 正式党员, always present (possibly empty).
    pub columns: Vec<BoardColumn>,
}

/// The next step after the highest recorded one, with its deadline or earliest date.
pub fn next_step(p: &DevelopmentPerson, today: NaiveDate, options: &CheckOptions) -> Option<NextStep> {
    let n = p.highest_step().map_or(1, |h| h + 1);
    if n > STEP_COUNT {
        return None;
    }
    let mut due = None;
    let mut earliest = None;
    match n {
        2 => due = p.date(1).map(|d| add_months(d, version_on(d).talk_months)),
        7 => {
            let from = if options.activist_year_from_step == 4 { p.date(4).or(p.date(3)) } else { p.date(3) };
            earliest = from.map(|d| add_months(d, version_on(d).activist_min_months));
        }
        17 => due = p.date(15).map(|d| add_months(d, version_on(d).approval_months)),
        22 | 23 => {
            let end = p.date(15).and_then(|d| p.probation_end(version_on(d).probation_months));
            if n == 23 {
                earliest = end;
            }
            due = end;
        }
        24 => due = p.date(23).map(|d| add_months(d, version_on(d).conversion_approval_months)),
        _ => {}
    }
    Some(NextStep { step: n, name: step_name(n).to_string(), due, earliest, overdue: due.is_some_and(|d| today > d) })
}

/// A person's card (pure).
pub fn card(p: &DevelopmentPerson, today: NaiveDate, options: &CheckOptions) -> BoardCard {
    let results = evaluate(p, today, options);
    let current = p.highest_step().and_then(|h| p.step(h)).map(|s| StepRef {
        step: s.step,
        name: step_name(s.step).to_string(),
        date: s.date,
    });
    BoardCard {
        person_id: p.id,
        key: p.key.clone(),
        name: p.name.clone(),
        gender: p.gender,
        org_name: p.org_name.clone(),
        stage: p.stage(),
        current,
        next: next_step(p, today, options),
        unmet: results.iter().filter(|r| r.status == CheckStatus::Unmet).count() as u32,
        pending: results.iter().filter(|r| r.status == CheckStatus::Pending).count() as u32,
        reminders: reminders_for(p, today, options),
        member_id: p.member_id,
    }
}

/// Whether a 正式党员 still shows on the board: materials not yet archived (step 25), or approved
/// within the last year.
fn still_on_board(p: &DevelopmentPerson, today: NaiveDate) -> bool {
    match (p.date(24), p.date(25)) {
        (None, _) => true,
        (Some(_), None) => true,
        (Some(s24), Some(_)) => add_months(s24, 12) >= today,
    }
}

/// The board of the people of `org_ids` (all when empty).
pub fn board_of(people: &[DevelopmentPerson], today: NaiveDate, options: &CheckOptions) -> DevelopmentBoard {
    let columns = Stage::ALL
        .iter()
        .map(|stage| BoardColumn {
            stage: *stage,
            label: stage.label().to_string(),
            people: people
                .iter()
                .filter(|p| p.stage() == *stage && still_on_board(p, today))
                .map(|p| card(p, today, options))
                .collect(),
        })
        .collect();
    DevelopmentBoard { today, columns }
}

pub fn development_board(conn: &Connection, org_ids: &[i64], today: NaiveDate) -> Result<DevelopmentBoard> {
    let options = super::store::check_options(conn)?;
    let people = store::load_people(conn, org_ids)?;
    Ok(board_of(&people, today, &options))
}
