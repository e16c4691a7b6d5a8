//! The extension records as the export reads them (`docs/data-package-extensions.md`): the dues rules
//! versions and publications. (The meetings extensions are read in `export.rs`.)

use rusqlite::Connection;

use super::tree::Tree;
use crate::dues::brackets::DuesRules;
use crate::error::{Error, Result};
use crate::package::format::{DuesPublicationRecord, DuesRulesRecord};

/// Every stored version of the dues rules, oldest first, as the canonical rules object.
pub(super) fn dues_rules(conn: &Connection) -> Result<Vec<DuesRulesRecord>> {
    let mut stmt = conn.prepare("SELECT from_year, rules_json FROM dues_rules ORDER BY from_year")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (from_year, json): (u32, String) = (r.get(0)?, r.get(1)?);
        let rules: DuesRules = serde_json::from_str(&json)
            .map_err(|e| Error::Internal(format!("{from_year} 年起的党费规则无法读取：{e}")))?;
        match serde_json::to_value(&rules).map_err(|e| Error::Internal(e.to_string()))? {
            serde_json::Value::Object(rules) => out.push(DuesRulesRecord { from_year, rules }),
            other => return Err(Error::Internal(format!("党费规则应为对象，现为 {other}"))),
        }
    }
    Ok(out)
}

/// The dues publications of the organisations in scope, in id order.
pub(super) fn dues_publications(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    tree: &Tree,
) -> Result<Vec<DuesPublicationRecord>> {
    let mut stmt = conn.prepare("SELECT org_id, period, published_on, how FROM dues_publications ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let org: i64 = r.get(0)?;
        if in_scope(org) {
            out.push(DuesPublicationRecord {
                org: tree.org_key(org),
                period: r.get(1)?,
                published_on: r.get(2)?,
                how: r.get(3)?,
            });
        }
    }
    Ok(out)
}
