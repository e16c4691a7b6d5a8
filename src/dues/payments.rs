//! Recording payments: by hand for a month (exceptions, arrears, advance payments, each against the
//! month it is for), everyone-paid-the-due for a month in one action, the same for a range of months
//! and everyone or chosen members (back-filling, `record_range_paid`), and deleting a payment into the
//! recycle bin (never silently: the row and its content stay recoverable with `restore_payment`).
//!
//! Each action is one transaction with one audit entry; a refused action changes nothing and names
//! the field (`entries[2].paid_fen`, `month`, `paid_on`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::bases::{payer, payer_or_not_found};
use super::explain::yuan;
use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::store::{audit, Ledger};

/// One member's payment for the month being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaymentEntry {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_fen: i64,
    pub paid_on: NaiveDate,
}

/// What recording payments did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaymentsSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// A member left out of "everyone paid", and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedMember {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub name: String,
}

/// What "everyone paid the due" recorded for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthAllPaid {
    /// `YYYY-MM`.
    pub month: String,
    /// Members recorded as paid exactly their due.
    pub recorded: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub recorded_fen: i64,
    /// Members who already had a payment for the month (left as they were).
    pub already_paid: u32,
    /// Members whose due is 0 (approved exemption): nothing to record.
    pub exempt: u32,
    /// Members whose due is unknown (no base for the month): not recorded, to be fixed by hand.
    pub no_base: Vec<SkippedMember>,
}

/// Records payments for `month`, one per member (replacing that member's payment for the month).
pub fn record_payments(ledger: &Ledger, month: Month, entries: &[PaymentEntry]) -> Result<PaymentsSummary> {
    ledger.write(|tx| {
        let mut problems = Vec::new();
        let mut names = Vec::with_capacity(entries.len());
        let mut seen: HashMap<i64, usize> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let at = |field: &str| format!("entries[{i}].{field}");
            let Some(p) = payer(tx, e.member_id)? else {
                problems.push(Problem::new(at("member_id"), format!("未找到编号为 {} 的党员", e.member_id)));
                continue;
            };
            if let Some(why) = p.not_owed(month, "缴费月份") {
                problems.push(Problem::new(at("member_id"), why));
            }
            if e.paid_fen < 0 {
                problems
                    .push(Problem::new(at("paid_fen"), format!("实缴金额不能为负数（现为 {} 元）", yuan(e.paid_fen))));
            } else if let Some(why) = crate::model::money::amount_problem(e.paid_fen) {
                problems.push(Problem::new(at("paid_fen"), format!("实缴金额：{why}")));
            }
            if e.paid_on < p.joined_on {
                problems.push(Problem::new(
                    at("paid_on"),
                    format!("缴纳日期 {} 早于{}入党的日期 {}", e.paid_on, p.name, p.joined_on),
                ));
            }
            if let Some(first) = seen.insert(e.member_id, i) {
                problems.push(Problem::new(
                    at("member_id"),
                    format!("与 entries[{first}] 重复：同一党员同一月份只能登记一条缴费"),
                ));
            }
            names.push(p.name);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut summary = PaymentsSummary::default();
        let mut changes = Vec::new();
        let mut total: i64 = 0;
        let mut changed_names: Vec<&str> = Vec::new();
        for (e, name) in entries.iter().zip(&names) {
            match upsert_payment(tx, e.member_id, month, e.paid_fen, e.paid_on)? {
                None => summary.unchanged += 1,
                Some(before) => {
                    if before.is_some() {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                    total = total.saturating_add(e.paid_fen);
                    changed_names.push(name);
                    changes.push(serde_json::json!({
                        "member_id": e.member_id, "paid_fen": e.paid_fen, "paid_on": e.paid_on,
                        "before": before.map(|(fen, on)| serde_json::json!({ "paid_fen": fen, "paid_on": on }))
                    }));
                }
            }
        }
        if !changes.is_empty() {
            let who = match changed_names.as_slice() {
                [one] => one.to_string(),
                many => format!("{} 人", many.len()),
            };
            let text = format!(
                "登记 {month} 党费缴纳：{who}，共 {} 元（新增 {} 条，修改 {} 条）",
                yuan(total),
                summary.added,
                summary.updated
            );
            let id = (changes.len() == 1).then(|| changes[0]["member_id"].as_i64()).flatten();
            audit::record(tx, "登记", "dues_payment", id, &text, Some(&serde_json::Value::Array(changes).to_string()))?;
        }
        Ok(summary)
    })
}

/// Records every member of `org_id`'s subtree who owes `month` and has no payment for it yet as
/// having paid exactly the due the engine computes, on `paid_on`. Members with a payment are left
/// as they are; members whose due is unknown (no base) are skipped and listed. A range of one month
/// (`record_range_paid`), reported per member.
pub fn record_month_all_paid(
    ledger: &Ledger,
    org_id: i64,
    month: Month,
    paid_on: NaiveDate,
    today: NaiveDate,
) -> Result<MonthAllPaid> {
    let req = RangePaid { org_id, from: month, to: month, member_ids: None, paid_on: Some(paid_on) };
    let r = record_range_paid(ledger, &req, today).map_err(|e| match e {
        Error::Invalid(problems) => Error::Invalid(
            problems
                .into_iter()
                .map(|p| if p.at.ends_with("_month") { Problem::new("month", p.message) } else { p })
                .collect(),
        ),
        other => other,
    })?;
    Ok(MonthAllPaid {
        month: month.to_string(),
        recorded: r.recorded,
        recorded_fen: r.recorded_fen,
        already_paid: r.already_paid,
        exempt: r.exempt,
        no_base: r
            .no_base
            .into_iter()
            .map(|s| SkippedMember { member_id: s.member_id, member: s.member, name: s.name })
            .collect(),
    })
}

/// A member left out of a range for want of a base, and the months left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedMonths {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub name: String,
    /// `YYYY-MM`, in order.
    pub months: Vec<String>,
}

/// What "paid the due for a range of months" should record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangePaid {
    /// The organisation whose subtree is recorded.
    pub org_id: i64,
    pub from: Month,
    pub to: Month,
    /// Only these members (ids); None: everyone of the subtree who owes a month of the range.
    pub member_ids: Option<Vec<i64>>,
    /// The day every payment was made (a 补缴 collected on one day); None: each month on its own
    /// collection deadline (entering payments that were made on time), never after `today`.
    pub paid_on: Option<NaiveDate>,
}

/// What recording a range did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RangePaidSummary {
    /// `YYYY-MM`.
    pub from_month: String,
    pub to_month: String,
    /// Member-months recorded as paid exactly their due.
    pub recorded: u32,
    /// Members with at least one month recorded.
    pub recorded_members: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub recorded_fen: i64,
    /// Of `recorded`, member-months recorded as paid after their collection deadline (补缴).
    pub recorded_late: u32,
    /// Member-months that already had a payment (left exactly as they were).
    pub already_paid: u32,
    /// Member-months whose due is 0 (approved exemption): nothing to record.
    pub exempt: u32,
    /// Members with months whose due is unknown (no base): not recorded, to be fixed first.
    pub no_base: Vec<SkippedMonths>,
}

/// The longest range recorded in one action (five years).
pub const RANGE_MAX_MONTHS: u32 = 60;

/// Records every member of the subtree (or the chosen ones) as having paid exactly their due for each
/// month of `from..=to` they owe and have no payment for yet, as one action: one transaction, one
/// audit entry, all or nothing. Months that already have a payment are left as they are, so running
/// the same range again records nothing new (idempotent); exempt months and months without a base are
/// skipped and counted. Refused (nothing written) when the range is reversed, longer than
/// `RANGE_MAX_MONTHS`, reaches past today's month, the day is after today or before the joining day
/// of a member it would record, or a chosen member is not found or owes none of the range's months
/// in this organisation.
pub fn record_range_paid(ledger: &Ledger, req: &RangePaid, today: NaiveDate) -> Result<RangePaidSummary> {
    let mut problems = Vec::new();
    if req.from > req.to {
        problems.push(Problem::new("from_month", format!("起始月份 {} 晚于结束月份 {}", req.from, req.to)));
    } else if months_in(req.from, req.to).len() as u32 > RANGE_MAX_MONTHS {
        problems.push(Problem::new(
            "from_month",
            format!("一次最多登记 {RANGE_MAX_MONTHS} 个月（{} 至 {} 超过了）", req.from, req.to),
        ));
    }
    if req.to > Month::of(today) {
        problems
            .push(Problem::new("to_month", format!("{} 还未到（今天是 {today}）：提前缴纳的党费请逐人登记", req.to)));
    }
    if let Some(on) = req.paid_on.filter(|on| *on > today) {
        problems.push(Problem::new("paid_on", format!("缴纳日期 {on} 晚于今天 {today}")));
    }
    if req.member_ids.as_ref().is_some_and(|ids| ids.is_empty()) {
        problems.push(Problem::new("member_ids", "请至少选择一名党员"));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, req.org_id)?;
        let months = months_in(req.from, req.to);
        let chosen: Option<std::collections::HashSet<i64>> = req.member_ids.as_ref().map(|ids| ids.iter().copied().collect());
        // Every year's report first: the checks below see the whole range before anything is written.
        let mut reports = Vec::new();
        for year in req.from.year..=req.to.year {
            reports.push(super::ledger::assemble(tx, year, Some(req.org_id), today)?);
        }
        let mut owing: std::collections::HashSet<i64> = std::collections::HashSet::new();
        for r in &reports {
            for m in &r.members {
                if m.months.iter().any(|x| months.iter().any(|k| k.to_string() == x.month)) {
                    owing.insert(m.member_id);
                }
            }
        }
        let mut problems = Vec::new();
        for (i, id) in req.member_ids.iter().flatten().enumerate() {
            if owing.contains(id) {
                continue;
            }
            let message = match payer(tx, *id)? {
                None => format!("未找到编号为 {id} 的党员"),
                Some(p) => format!("{} 在 {} 至 {} 期间不在{org}缴纳党费", p.name, req.from, req.to),
            };
            problems.push(Problem::new(format!("member_ids[{i}]"), message));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        let mut out = RangePaidSummary {
            from_month: req.from.to_string(),
            to_month: req.to.to_string(),
            ..RangePaidSummary::default()
        };
        let mut members_recorded = std::collections::HashSet::new();
        let mut no_base: Vec<SkippedMonths> = Vec::new();
        for r in &reports {
            let collection_day = r.rules.collection_day;
            for m in r.members.iter().filter(|m| chosen.as_ref().is_none_or(|c| c.contains(&m.member_id))) {
                for md in &m.months {
                    let Some(month) = Month::parse(&md.month).filter(|k| *k >= req.from && *k <= req.to) else {
                        continue;
                    };
                    if md.paid_on.is_some() {
                        out.already_paid += 1;
                        continue;
                    }
                    match md.due_fen {
                        None => match no_base.iter_mut().find(|s| s.member_id == m.member_id) {
                            Some(s) => s.months.push(md.month.clone()),
                            None => no_base.push(SkippedMonths {
                                member_id: m.member_id,
                                member: m.member.clone(),
                                name: m.name.clone(),
                                months: vec![md.month.clone()],
                            }),
                        },
                        Some(0) => out.exempt += 1,
                        Some(due) => {
                            let on = match req.paid_on {
                                Some(on) => {
                                    let p = payer_or_not_found(tx, m.member_id)?;
                                    if on < p.joined_on {
                                        // Refused like a payment by hand (`record_payments`); returning
                                        // the error rolls back what this action wrote so far.
                                        return Err(Error::invalid(
                                            "paid_on",
                                            format!("缴纳日期 {on} 早于{}入党的日期 {}", p.name, p.joined_on),
                                        ));
                                    }
                                    on
                                }
                                // On time: the month's deadline, but not before the member joined
                                // (a collection day before the joining day) nor after today.
                                None => {
                                    let joined = payer_or_not_found(tx, m.member_id)?.joined_on;
                                    super::compute::collection_deadline(month, collection_day).min(today).max(joined)
                                }
                            };
                            upsert_payment(tx, m.member_id, month, due, on)?;
                            out.recorded += 1;
                            out.recorded_fen = out.recorded_fen.saturating_add(due);
                            out.recorded_late += u32::from(super::compute::paid_late(month, collection_day, on));
                            members_recorded.insert(m.member_id);
                        }
                    }
                }
            }
        }
        out.recorded_members = members_recorded.len() as u32;
        out.no_base = no_base;
        if out.recorded > 0 {
            let how = match req.paid_on {
                Some(on) => format!("{on} 缴纳"),
                None => "按各月收缴期限缴纳".to_string(),
            };
            let mut text = format!(
                "{org} {} 至 {} 党费按应缴金额登记（{how}）：{} 人 {} 个月次，共 {} 元，其中补缴 {} 个月次；已有缴费记录的 {} 个月次未改动",
                req.from,
                req.to,
                out.recorded_members,
                out.recorded,
                yuan(out.recorded_fen),
                out.recorded_late,
                out.already_paid
            );
            if !out.no_base.is_empty() {
                let names: Vec<&str> = out.no_base.iter().map(|s| s.name.as_str()).collect();
                text.push_str(&format!("；未设置基数未登记 {} 人：{}", names.len(), names.join("、")));
            }
            let detail = serde_json::json!({
                "from_month": out.from_month, "to_month": out.to_month, "member_ids": req.member_ids,
                "paid_on": req.paid_on
            });
            audit::record(tx, "登记", "dues_payment", None, &text, Some(&detail.to_string()))?;
        }
        Ok(out)
    })
}

/// The months from `from` through `to`, in order (empty when `to` is before `from`).
fn months_in(from: Month, to: Month) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to && out.len() <= RANGE_MAX_MONTHS as usize {
        out.push(m);
        m = m.next();
    }
    out
}

/// The content of a deleted payment kept in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DeletedPayment {
    member_id: i64,
    member: String,
    name: String,
    month: String,
    paid_fen: i64,
    paid_on: NaiveDate,
}

const BIN_ENTITY: &str = "dues_payment";

/// Deletes the member's payment for `month` by moving it into the recycle bin (with its full
/// content). Returns the recycle-bin id, for `restore_payment`.
pub fn delete_payment(ledger: &Ledger, member_id: i64, month: Month) -> Result<i64> {
    ledger.write(|tx| {
        let p = payer_or_not_found(tx, member_id)?;
        let key: String = tx.query_row("SELECT key FROM members WHERE id = ?1", [member_id], |r| r.get(0))?;
        let (paid_fen, paid_on) = payment(tx, member_id, month)?
            .ok_or_else(|| Error::NotFound { what: "党费缴纳记录", key: format!("{} {month}", p.name) })?;
        let row = DeletedPayment {
            member_id,
            member: key,
            name: p.name.clone(),
            month: month.to_string(),
            paid_fen,
            paid_on,
        };
        let summary = format!("{} {month} 党费缴纳记录（{} 元，{paid_on} 缴纳）", p.name, yuan(paid_fen));
        let payload = serde_json::to_string(&row).map_err(|e| Error::Internal(e.to_string()))?;
        let bin_id = crate::store::bin::put_json(tx, BIN_ENTITY, member_id, &summary, &payload)?;
        tx.execute("DELETE FROM dues_payments WHERE member_id = ?1 AND month = ?2", params![member_id, row.month])?;
        audit::record(
            tx,
            "删除",
            "dues_payment",
            Some(member_id),
            &format!("删除{summary}，已移入回收站"),
            Some(&payload),
        )?;
        Ok(bin_id)
    })
}

/// Puts a deleted payment back from the recycle bin. Refused when the month has a payment again.
pub fn restore_payment(ledger: &Ledger, bin_id: i64) -> Result<()> {
    ledger.write(|tx| {
        let payload = crate::store::bin::take_json(tx, bin_id, BIN_ENTITY, "回收站中的党费缴纳记录")?;
        let row: DeletedPayment =
            serde_json::from_str(&payload).map_err(|e| Error::Internal(format!("回收站记录 {bin_id} 已损坏：{e}")))?;
        let month = Month::parse(&row.month)
            .ok_or_else(|| Error::Internal(format!("回收站记录 {bin_id} 的月份“{}”有误", row.month)))?;
        let p = payer(tx, row.member_id)?
            .ok_or_else(|| Error::Conflict(format!("{} 已不在台账中，不能恢复其党费缴纳记录", row.name)))?;
        if payment(tx, row.member_id, month)?.is_some() {
            return Err(Error::Conflict(format!(
                "{} {month} 已有新的缴纳记录，不能恢复；如需更正请直接修改该月的缴纳记录",
                p.name
            )));
        }
        upsert_payment(tx, row.member_id, month, row.paid_fen, row.paid_on)?;
        let text = format!("从回收站恢复{} {month} 党费缴纳记录（{} 元）", p.name, yuan(row.paid_fen));
        audit::record(tx, "恢复", "dues_payment", Some(row.member_id), &text, Some(&payload))?;
        Ok(())
    })
}

pub(crate) fn payment(conn: &Connection, member_id: i64, month: Month) -> Result<Option<(i64, NaiveDate)>> {
    Ok(conn
        .prepare_cached("SELECT paid_fen, paid_on FROM dues_payments WHERE member_id = ?1 AND month = ?2")?
        .query_row(params![member_id, month.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Stores the payment; `None` when exactly this was already stored, else `Some(what was stored before)`.
pub(crate) fn upsert_payment(
    conn: &Connection,
    member_id: i64,
    month: Month,
    paid_fen: i64,
    paid_on: NaiveDate,
) -> Result<Option<Option<(i64, NaiveDate)>>> {
    let before = payment(conn, member_id, month)?;
    if before == Some((paid_fen, paid_on)) {
        return Ok(None);
    }
    conn.prepare_cached(
        "INSERT INTO dues_payments(member_id, month, paid_fen, paid_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(member_id, month) DO UPDATE SET paid_fen = excluded.paid_fen, paid_on = excluded.paid_on",
    )?
    .execute(params![member_id, month.to_string(), paid_fen, paid_on])?;
    Ok(Some(before))
}
