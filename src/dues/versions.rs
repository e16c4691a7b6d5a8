//! The dues rules stored in the ledger, versioned by the year they apply from (`dues_rules`).
//!
//! The rules for year Y are the version with the greatest `from_year` ≤ Y, else the built-in national
//! default. Saving a version for a year leaves every earlier year as it was, so last year's ledger
//! reads the same after a province changes its table.

use rusqlite::{params, Connection, OptionalExtension};

use super::brackets::DuesRules;
use crate::error::{Error, Result};

/// The first year the 2008 党费 rules applied (collection began 2008-04-01).
pub const FIRST_RULES_YEAR: i32 = 2008;
const LAST_RULES_YEAR: i32 = 2100;

/// One stored version of the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesVersion {
    pub from_year: i32,
    pub rules: DuesRules,
}

/// Every stored version, oldest first.
pub fn rules_versions(conn: &Connection) -> Result<Vec<RulesVersion>> {
    let mut stmt = conn.prepare("SELECT from_year, rules_json FROM dues_rules ORDER BY from_year")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (from_year, json) = row?;
        out.push(RulesVersion { from_year, rules: parse(from_year, &json)? });
    }
    Ok(out)
}

/// The version in force in `year` among `versions` (oldest first): its `from_year` (None for the
/// built-in national default) and the rules.
pub fn in_force(versions: &[RulesVersion], year: i32) -> (Option<i32>, DuesRules) {
    match versions.iter().rev().find(|v| v.from_year <= year) {
        Some(v) => (Some(v.from_year), v.rules.clone()),
        None => (None, DuesRules::national()),
    }
}

/// The rules in force in `year`.
pub fn rules_for_year(conn: &Connection, year: i32) -> Result<DuesRules> {
    let stored: Option<(i32, String)> = conn
        .query_row(
            "SELECT from_year, rules_json FROM dues_rules WHERE from_year <= ?1 ORDER BY from_year DESC LIMIT 1",
            [year],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match stored {
        Some((from_year, json)) => parse(from_year, &json),
        None => Ok(DuesRules::national()),
    }
}

/// Saves the rules in force from `from_year` on (replacing that year's version if there is one),
/// after checking them. Years before `from_year` keep the rules they had.
pub fn set_rules(conn: &Connection, from_year: i32, rules: &DuesRules) -> Result<()> {
    let mut problems = rules.check();
    if !(FIRST_RULES_YEAR..=LAST_RULES_YEAR).contains(&from_year) {
        problems.insert(
            0,
            crate::Problem::new(
                "from_year",
                format!("党费规则起始年份：应在 {FIRST_RULES_YEAR} 至 {LAST_RULES_YEAR} 年之间，现为 {from_year}"),
            ),
        );
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let json = serde_json::to_string(rules).map_err(|e| Error::Internal(e.to_string()))?;
    let before: Option<String> = conn
        .query_row("SELECT rules_json FROM dues_rules WHERE from_year = ?1", [from_year], |r| r.get(0))
        .optional()?;
    if before.as_deref() == Some(json.as_str()) {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO dues_rules(from_year, rules_json) VALUES (?1, ?2)
         ON CONFLICT(from_year) DO UPDATE SET rules_json = excluded.rules_json",
        params![from_year, json],
    )?;
    crate::store::audit::record(
        conn,
        "修改",
        "dues_rules",
        Some(i64::from(from_year)),
        &format!("设置 {from_year} 年起适用的党费比例表和取整方式"),
        before.as_deref(),
    )?;
    Ok(())
}

fn parse(from_year: i32, json: &str) -> Result<DuesRules> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("{from_year} 年起适用的党费规则在数据库中已损坏：{e}")))
}
