//! The extension records as the export reads them (`docs/data-package-extensions.md`): the dues rules
//! versions and publications. (The meetings extensions are read in `export.rs`.)

use rusqlite::Connection;

use super::tree::Tree;
use crate::dues::brackets::DuesRules;
use crate::error::{Error, Result};
use crate::package::format::{
    AttachmentRecord, BudgetLineRecord, CareVisitRecord, DuesPublicationRecord, DuesRulesRecord, FundsSettingsRecord,
    FundsYearRecord, HardshipRecord, IncomeRecord, OpeningDuesRecord, RemittanceRecord, SpendingRecord,
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
    let mut stmt =
        conn.prepare("SELECT org_id, period, published_on, how, subject FROM dues_publications ORDER BY id")?;
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
                subject: Some(r.get::<_, String>(4)?).filter(|s| s != "dues"),
            });
        }
    }
    Ok(out)
}

/// The receipts (票据 scans) of a use of money, as their metadata (like an activity's attachments).
fn receipts_of(conn: &Connection, spending_id: i64) -> Result<Vec<AttachmentRecord>> {
    Ok(crate::funds::receipts::receipts_of(conn, spending_id)?
        .into_iter()
        .map(|r| AttachmentRecord { file_name: r.file_name, sha256: r.sha256, size_bytes: r.size_bytes })
        .collect())
}

/// The money records of the organisations in scope (issue 18), and the members visited.
pub(super) struct Money {
    pub remittances: Vec<RemittanceRecord>,
    pub spending: Vec<SpendingRecord>,
    pub visits: Vec<CareVisitRecord>,
    pub visited: Vec<i64>,
    pub budget_lines: Vec<BudgetLineRecord>,
    pub income: Vec<IncomeRecord>,
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
            .map(|s| {
                Ok(SpendingRecord {
                    receipts: receipts_of(conn, s.id)?,
                    org: tree.org_key(s.org_id),
                    spent_on: s.spent_on,
                    amount_fen: s.amount_fen,
                    source: s.source.code().to_string(),
                    purpose: s.purpose.code().to_string(),
                    payee: s.payee,
                    approved_by: s.approved_by_key.filter(|k| activity_keys.contains(k)),
                    note: s.note,
                    budget_item: s.budget_item,
                    receipt_no: s.receipt_no,
                })
            })
            .collect::<Result<_>>()?,
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
                with_spending: v.spending_id.is_some(),
            })
            .collect(),
        budget_lines: crate::funds::store::all_budget_lines(conn)?
            .into_iter()
            .filter(|l| in_scope(l.org_id))
            .map(|l| BudgetLineRecord {
                org: tree.org_key(l.org_id),
                year: l.year,
                item: l.item,
                amount_fen: l.amount_fen,
                note: l.note,
            })
            .collect(),
        income: crate::funds::store::incomes(conn, &ids, first, last)?
            .into_iter()
            .map(|i| IncomeRecord {
                org: tree.org_key(i.org_id),
                received_on: i.received_on,
                amount_fen: i.amount_fen,
                kind: i.kind,
                note: i.note,
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

/// The 困难党员 marks of the members the package carries.
pub(super) fn hardship(
    conn: &Connection,
    carried: &std::collections::HashMap<i64, String>,
) -> Result<Vec<HardshipRecord>> {
    let mut out: Vec<HardshipRecord> = crate::funds::store::hardship_marks(conn)?
        .into_iter()
        .filter_map(|(id, (reason, marked_on))| {
            carried.get(&id).map(|key| HardshipRecord { member: key.clone(), reason, marked_on })
        })
        .collect();
    out.sort_by(|a, b| a.member.cmp(&b.member));
    Ok(out)
}

/// The funds settings of the whole ledger, when it has set any (None: nothing to carry).
pub(super) fn funds_settings(conn: &Connection, tree: &Tree) -> Result<Option<FundsSettingsRecord>> {
    let stored = crate::funds::store::settings(conn)?;
    if stored.is_empty() {
        return Ok(None);
    }
    let s = crate::funds::settings::read(conn)?;
    let mut opening: Vec<OpeningDuesRecord> = s
        .opening_dues_fen
        .iter()
        .map(|(&org, &fen)| OpeningDuesRecord { org: tree.org_key(org), amount_fen: fen })
        .collect();
    opening.sort_by(|a, b| a.org.cmp(&b.org));
    let mut years: Vec<FundsYearRecord> = Vec::new();
    for name in stored.keys() {
        // funds.payroll_fen.<org>.<year> / funds.budget_fen.<org>.<year>
        let Some(rest) = name.strip_prefix("funds.payroll_fen.").or_else(|| name.strip_prefix("funds.budget_fen."))
        else {
            continue;
        };
        let Some((org, year)) = rest.split_once('.') else { continue };
        let (Ok(org), Ok(year)) = (org.parse::<i64>(), year.parse::<i32>()) else { continue };
        if years.iter().any(|y| y.org == tree.org_key(org) && y.year == year) {
            continue;
        }
        let get = |what: &str| stored.get(&format!("funds.{what}.{org}.{year}")).and_then(|v| v.parse().ok());
        years.push(FundsYearRecord {
            org: tree.org_key(org),
            year,
            payroll_fen: get("payroll_fen"),
            budget_fen: get("budget_fen"),
        });
    }
    years.sort_by(|a, b| (a.org.as_str(), a.year).cmp(&(b.org.as_str(), b.year)));
    Ok(Some(FundsSettingsRecord {
        approval_threshold_fen: s.approval_threshold_fen,
        retain_permille: s.retain_permille,
        opening_dues: opening,
        years,
    }))
}
