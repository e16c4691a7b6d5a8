//! 困难党员: the roster's mark of a member in difficulty, with the reason (生活困难、大病、家庭变故…).
//! The 走访慰问台账 names them and the 成都 rule 定期开展困难党员走访慰问 checks each one was visited.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::records::TEXT_MAX_CHARS;
use crate::error::{Error, Problem, Result};
use crate::store::{audit, Ledger};

/// A member marked 困难党员.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HardshipMark {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    /// The member's key.
    pub member: String,
    pub member_name: String,
    pub reason: String,
    pub marked_on: NaiveDate,
}

/// Marks a member as 困难党员 with the reason (a second mark replaces the reason), or, with no
/// reason, removes the mark. One transaction with one audit entry.
pub fn mark_hardship(ledger: &Ledger, member_id: i64, reason: Option<&str>, today: NaiveDate) -> Result<()> {
    ledger.write(|tx| {
        let member = crate::store::members::get(tx, member_id)?;
        let reason = reason.map(str::trim);
        match reason {
            Some("") => {
                return Err(Error::Invalid(vec![Problem::new(
                    "reason",
                    "请写明困难情况（例如：生活困难、大病住院、家庭变故）",
                )]))
            }
            Some(r) if r.chars().count() > TEXT_MAX_CHARS => {
                return Err(Error::invalid("reason", format!("困难情况过长：最多 {TEXT_MAX_CHARS} 个字")))
            }
            _ => {}
        }
        super::store::set_hardship(tx, member_id, reason.map(|r| (r, today)))?;
        let text = match reason {
            Some(r) => format!("标记{}为困难党员（{r}）", member.fields.name),
            None => format!("取消{}的困难党员标记", member.fields.name),
        };
        audit::record(tx, "修改", "member", Some(member_id), &text, None)?;
        Ok(())
    })
}

/// The members of `org_id`'s subtree (the whole ledger when None) marked 困难党员, by name.
pub fn hardship_marks(ledger: &Ledger, org_id: Option<i64>) -> Result<Vec<HardshipMark>> {
    ledger.read(|conn| {
        let scope = super::store::scope_ids(conn, org_id)?;
        let mut out = Vec::new();
        for (member_id, (reason, marked_on)) in super::store::hardship_marks(conn)? {
            let m = crate::store::members::get(conn, member_id)?;
            if scope.contains(&m.fields.org_id) {
                out.push(HardshipMark { member_id, member: m.key, member_name: m.fields.name, reason, marked_on });
            }
        }
        out.sort_by(|a, b| a.member_name.cmp(&b.member_name).then(a.member_id.cmp(&b.member_id)));
        Ok(out)
    })
}

/// The reasons of the marked members, by member id (the rule 定期开展困难党员走访慰问; the roster reads
/// the same mark with each member, `store::members`).
pub fn hardship_reasons(conn: &rusqlite::Connection) -> Result<HashMap<i64, String>> {
    Ok(super::store::hardship_marks(conn)?.into_iter().map(|(id, (reason, _))| (id, reason)).collect())
}
