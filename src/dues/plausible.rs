//! Plausibility of typed money: values that are allowed but unusual (a base above 100,000 元, a due
//! above 1,000 元, a payment far from the due) are returned as warnings by the check calls, which
//! write nothing; the window shows them and asks 确认保存？ before calling the save action. The
//! thresholds and the reasons for them are in `brackets.rs` (`PLAUSIBLE_*`).
//!
//! A warning is a `Problem` located like a refusal (`base_fen`, `entries[0].paid_fen`) so the form
//! marks the same field.

use chrono::NaiveDate;

use super::bases::{category_and_fixed, payer};
use super::brackets::{PLAUSIBLE_BASE_MAX_FEN, PLAUSIBLE_DUE_MAX_FEN, PLAUSIBLE_PAYMENT_FACTOR};
use super::explain::yuan;
use super::payments::PaymentEntry;
use crate::error::{Problem, Result};
use crate::model::dates::Month;
use crate::store::Ledger;

/// The warnings about a base and the due it gives (`due_fen` None: unknown, e.g. a fixed category).
pub fn base_warnings(at: &str, base_fen: i64, due_fen: Option<i64>) -> Vec<Problem> {
    let mut out = Vec::new();
    if base_fen > PLAUSIBLE_BASE_MAX_FEN {
        out.push(Problem::new(
            format!("{at}base_fen"),
            format!(
                "基数 {} 元/月 超过 {} 元/月，很少见，请核对是否多输了数字",
                yuan(base_fen),
                yuan(PLAUSIBLE_BASE_MAX_FEN)
            ),
        ));
    }
    if let Some(w) = due_warning(&format!("{at}due_fen"), due_fen) {
        out.push(w);
    }
    out
}

/// The warning about a monthly due above the plausible maximum.
pub fn due_warning(at: &str, due_fen: Option<i64>) -> Option<Problem> {
    let due = due_fen.filter(|d| *d > PLAUSIBLE_DUE_MAX_FEN)?;
    Some(Problem::new(
        at,
        format!("每月应缴 {} 元，超过 {} 元/月，很少见，请核对基数或金额", yuan(due), yuan(PLAUSIBLE_DUE_MAX_FEN)),
    ))
}

/// The warning about one month's payment of `paid_fen` against `due_fen` (None: unknown), when the
/// member's arrears in the months before (`arrears_before_fen`) do not explain it.
pub fn payment_warning(at: &str, paid_fen: i64, due_fen: Option<i64>, arrears_before_fen: i64) -> Option<Problem> {
    let message = match due_fen {
        None | Some(0) => (paid_fen > PLAUSIBLE_DUE_MAX_FEN).then(|| {
            format!("实缴 {} 元，超过 {} 元/月，很少见，请核对金额", yuan(paid_fen), yuan(PLAUSIBLE_DUE_MAX_FEN))
        }),
        Some(due) if paid_fen > due * PLAUSIBLE_PAYMENT_FACTOR => {
            // A 补缴 of several months paid at once: up to this month's due plus the arrears before it.
            (paid_fen > due + arrears_before_fen.max(0)).then(|| {
                format!(
                    "实缴 {} 元，是应缴 {} 元的 {} 倍以上，请核对金额（补缴多个月的，建议在各月分别登记）",
                    yuan(paid_fen),
                    yuan(due),
                    PLAUSIBLE_PAYMENT_FACTOR
                )
            })
        }
        Some(due) if paid_fen * PLAUSIBLE_PAYMENT_FACTOR < due => {
            Some(format!("实缴 {} 元，不到应缴 {} 元的三分之一，请核对金额", yuan(paid_fen), yuan(due)))
        }
        Some(_) => None,
    }?;
    Some(Problem::new(at, message))
}

/// The warnings about saving `base_fen` for the member from `from_month` on (nothing is written).
/// Refusals (a negative base, a month not owed) are not repeated here: the save reports them.
pub fn check_base(ledger: &Ledger, member_id: i64, from_month: Month, base_fen: i64) -> Result<Vec<Problem>> {
    let conn = ledger.conn();
    let (category, fixed) = category_and_fixed(conn, member_id)?;
    let rules = super::rules_for_year(conn, from_month.year)?;
    let due = super::monthly_due(&rules, category, fixed, Some(base_fen));
    // A member with a fixed amount does not pay from the base: only the base itself is judged.
    let due_fen = if due.is_fixed() { None } else { due.due_fen };
    Ok(base_warnings("", base_fen, due_fen))
}

/// The warnings about a fixed monthly amount (nothing is written).
pub fn check_fixed_amount(fixed_fen: Option<i64>) -> Vec<Problem> {
    due_warning("dues_fixed_fen", fixed_fen).into_iter().collect()
}

/// The warnings about recording `entries` for `month` (nothing is written): each payment against the
/// member's due for the month and their arrears in the months of the year before it, as on `today`.
pub fn check_payments(
    ledger: &Ledger,
    month: Month,
    entries: &[PaymentEntry],
    today: NaiveDate,
) -> Result<Vec<Problem>> {
    let conn = ledger.conn();
    let mut out = Vec::new();
    let mut reports = std::collections::HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        // Unknown members are refused by the save; nothing to warn about here.
        if payer(conn, e.member_id)?.is_none() {
            continue;
        }
        let org_id: i64 = conn.query_row("SELECT org_id FROM members WHERE id = ?1", [e.member_id], |r| r.get(0))?;
        let report = match reports.entry(org_id) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(super::ledger::assemble(conn, month.year, Some(org_id), today)?)
            }
        };
        let Some(line) = report.members.iter().find(|m| m.member_id == e.member_id) else { continue };
        let key = month.to_string();
        let Some(md) = line.months.iter().find(|x| x.month == key) else { continue };
        let arrears: i64 = line
            .months
            .iter()
            .filter(|x| x.month < key && !x.future && !x.pending && !x.before_start)
            .map(|x| (x.due_fen.unwrap_or(0) - x.paid_fen).max(0))
            .sum();
        if let Some(w) = payment_warning(&format!("entries[{i}].paid_fen"), e.paid_fen, md.due_fen, arrears) {
            out.push(Problem::new(w.at, format!("{}：{}", line.name, w.message)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thresholds_are_exclusive() {
        assert!(base_warnings("", PLAUSIBLE_BASE_MAX_FEN, None).is_empty());
        assert_eq!(base_warnings("", PLAUSIBLE_BASE_MAX_FEN + 1, None)[0].at, "base_fen");
        assert!(due_warning("d", Some(PLAUSIBLE_DUE_MAX_FEN)).is_none());
        assert!(due_warning("d", Some(PLAUSIBLE_DUE_MAX_FEN + 1)).is_some());
        assert!(payment_warning("p", 3000, Some(1000), 0).is_none(), "exactly 3× is not asked");
        assert!(payment_warning("p", 3001, Some(1000), 0).is_some());
        assert!(payment_warning("p", 334, Some(1000), 0).is_none());
        assert!(payment_warning("p", 333, Some(1000), 0).is_some(), "less than a third");
        assert!(payment_warning("p", 6000, Some(1000), 5000).is_none(), "a 补缴 of five months before");
        assert!(payment_warning("p", 6001, Some(1000), 5000).is_some(), "more than the arrears explain");
        assert!(payment_warning("p", 100_000, None, 0).is_none());
        assert!(payment_warning("p", 100_001, None, 0).is_some(), "no due: only the absolute maximum");
    }
}
