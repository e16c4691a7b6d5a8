//! What a sitting's record may lack without being wrong: nobody present, no 主持人, no 内容/纪要. The
//! form asks 确认保存？ before saving such a record (the same pattern as the dues' plausibility
//! checks, `dues::plausible`): `meeting_warnings` writes nothing and returns the warnings; an empty
//! list saves without asking. 谈心谈话 and 志愿服务 (their own forms, named people) are not asked.

use chrono::NaiveDate;

use super::expected::{expected_in, Audience};
use super::fields::{normalized, ActivityFields};
use crate::error::{Problem, Result};
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::Ledger;

/// The warnings (not refusals) about a sitting's record before it is saved.
pub fn meeting_warnings(ledger: &Ledger, fields: ActivityFields, _today: NaiveDate) -> Result<Vec<Problem>> {
    let f = normalized(fields);
    let audience = Audience::of(&f.types);
    if audience == Audience::Named || f.types.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let expected: Vec<i64> = match &f.attendees {
        Some(list) => list.clone(),
        None => expected_in(ledger.conn(), f.org_id, &f.types, f.group_id, f.date)?
            .expected
            .iter()
            .map(|m| m.member_id)
            .collect(),
    };
    let status_of = |id: i64| f.marks.iter().find(|m| m.member_id == id).map(|m| m.status);
    let present = expected.iter().filter(|&&id| status_of(id).is_none_or(|s| s == AttendanceStatus::Present)).count()
        + f.marks.iter().filter(|m| m.status == AttendanceStatus::Present && !expected.contains(&m.member_id)).count();
    if expected.is_empty() && matches!(audience, Audience::Committee | Audience::CommitteeAndGroup) {
        out.push(Problem::new(
            "attendees",
            "支委会应到0人：本支部在该日没有登记在任的支部委员（可在“组织与党小组”中登记委员）",
        ));
    } else if present == 0 {
        out.push(Problem::new("attendees", "没有登记出席人员（实到0人）"));
    }
    let kind = f.types.iter().find(|t| **t != ActivityType::Other).unwrap_or(&f.types[0]).label();
    if f.host_id.is_none() {
        out.push(Problem::new("host_id", format!("{kind}未填写主持人")));
    }
    if f.content.is_none() {
        out.push(Problem::new("content", format!("{kind}未填写会议内容或纪要")));
    }
    Ok(out)
}
