//! The extension records as the export reads them (`docs/data-package-extensions.md`): the dues rules
//! versions and publications. (The meetings extensions are read in `export.rs`.)

use rusqlite::Connection;

use super::tree::Tree;
use crate::dues::brackets::DuesRules;
use crate::error::{Error, Result};
use crate::package::format::{
    CareVisitRecord, DuesPublicationRecord, DuesRulesRecord, RemittanceRecord, SpendingRecord,
};

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

/// The money records of the organisations in scope (issue 18), and the members visited.
pub(super) struct Money {
    pub remittances: Vec<RemittanceRecord>,
    pub spending: Vec<SpendingRecord>,
    pub visits: Vec<CareVisitRecord>,
    pub visited: Vec<i64>,
}

/// Remittances, uses of money (a deciding meeting kept when the package carries it) and 走访慰问 of
/// the organisations in scope, each in id order.
pub(super) fn money(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    tree: &Tree,
    activity_keys: &std::collections::HashSet<String>,
) -> Result<Money> {
    let ids: Vec<i64> = crate::funds::store::scope_ids(conn, None)?.into_iter().filter(|&id| in_scope(id)).collect();
    let (first, last) = crate::funds::store::ALL_DAYS;
    let mut remittances = crate::funds::store::remittances(conn, &ids, "0000-01", "9999-12")?;
    remittances.sort_by_key(|r| r.id);
    let mut spending = crate::funds::store::spendings(conn, &ids, first, last)?;
    spending.sort_by_key(|s| s.id);
    let mut visits = crate::funds::store::visits(conn, &ids, first, last)?;
    visits.sort_by_key(|v| v.id);
    Ok(Money {
        remittances: remittances
            .into_iter()
            .map(|r| RemittanceRecord {
                org: tree.org_key(r.org_id),
                from_month: r.from_month,
                to_month: r.to_month,
                remitted_on: r.remitted_on,
                amount_fen: r.amount_fen,
                receipt_no: r.receipt_no,
                handed_by: r.handed_by,
                note: r.note,
            })
            .collect(),
        spending: spending
            .into_iter()
            .map(|s| SpendingRecord {
                org: tree.org_key(s.org_id),
                spent_on: s.spent_on,
                amount_fen: s.amount_fen,
                source: s.source.code().to_string(),
                purpose: s.purpose.code().to_string(),
                payee: s.payee,
                approved_by: s.approved_by_key.filter(|k| activity_keys.contains(k)),
                note: s.note,
            })
            .collect(),
        visited: visits.iter().map(|v| v.member_id).collect(),
        visits: visits
            .into_iter()
            .map(|v| CareVisitRecord {
                member: v.member,
                visited_on: v.visited_on,
                occasion: v.occasion.code().to_string(),
                visitors: v.visitors,
                given: v.given,
                amount_fen: v.amount_fen,
                follow_up: v.follow_up,
            })
            .collect(),
    })
}

/// The 年度计划 items of the organisations in scope (issue 16), by organisation, year and position.
pub(super) fn plan_items(
    conn: &Connection,
    in_scope: &dyn Fn(i64) -> bool,
    tree: &Tree,
) -> Result<Vec<crate::package::format::PlanItemRecord>> {
    use crate::plan::store::{all_items, unit_code};
    Ok(all_items(conn, in_scope)?
        .into_iter()
        .map(|s| crate::package::format::PlanItemRecord {
            org: tree.org_key(s.org_id),
            year: s.year,
            kind: s.item.kind.code().to_string(),
            types: s.item.types.iter().map(|t| t.code().to_string()).collect(),
            group: s.group_id.and_then(|g| tree.group_key(g)),
            unit: unit_code(s.item.unit).to_string(),
            planned_on: s.item.planned_on,
            topic: s.item.topic,
            note: s.item.note,
            rule: s.item.rule,
            subject: s.item.subject,
        })
        .collect())
}
