//! Who is expected at a sitting (应到人员): the members of the organisation (and the organisations under
//! it) on the roll that day — joined on or before it, not left by it; for a 党小组会 that group's
//! members; for a 支委会 the committee in office that day (the roll is `store::roll`). Members exempt from attendance (年老体弱 …)
//! and members whose 党籍 is suspended are not expected: they are listed apart, with why.
//!
//! When one sitting has several types, the widest audience wins: any branch-wide type makes it the
//! whole branch; otherwise a 支委会 and a 党小组会 together expect both sets. 谈心谈话 and 志愿服务
//! expect only the people named on the record.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{ActivityType, Standing};
use crate::store::roll::{self, RollMember, RollOrder, RollScope};
use crate::store::{orgs, Ledger};

/// Whom a set of activity types expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every member of the organisation.
    Branch,
    /// The committee in office (支委会).
    Committee,
    /// One 党小组's members.
    Group,
    /// The committee and one 党小组 (a sitting that was both).
    CommitteeAndGroup,
    /// Only the people named on the record (谈心谈话, 志愿服务).
    Named,
}

impl Audience {
    pub fn of(types: &[ActivityType]) -> Audience {
        let committee = types.contains(&ActivityType::CommitteeMeeting);
        let group = types.contains(&ActivityType::GroupMeeting);
        let branch = types.iter().any(|t| {
            !matches!(
                t,
                ActivityType::CommitteeMeeting
                    | ActivityType::GroupMeeting
                    | ActivityType::HeartTalk
                    | ActivityType::Volunteer
            )
        });
        match (branch, committee, group) {
            (true, _, _) => Audience::Branch,
            (false, true, true) => Audience::CommitteeAndGroup,
            (false, true, false) => Audience::Committee,
            (false, false, true) => Audience::Group,
            (false, false, false) => Audience::Named,
        }
    }
}

/// One member expected at the sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExpectedMember {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
}

/// A member of the audience who is not expected, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApartMember {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    /// 免于参加组织生活 / 停止党籍.
    pub reason: String,
}

/// The 应到 set of a sitting, in roster order, and those shown apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExpectedAttendees {
    pub audience: Audience,
    pub expected: Vec<ExpectedMember>,
    pub apart: Vec<ApartMember>,
}

/// Who is expected at a sitting of `org_id` with these types on `date` (`group_id` for a 党小组会).
/// For a `Named` audience both lists are empty: the record names its people.
pub fn expected_attendees(
    ledger: &Ledger,
    org_id: i64,
    types: &[ActivityType],
    group_id: Option<i64>,
    date: NaiveDate,
) -> Result<ExpectedAttendees> {
    expected_in(ledger.conn(), org_id, types, group_id, date)
}

pub(crate) fn expected_in(
    conn: &Connection,
    org_id: i64,
    types: &[ActivityType],
    group_id: Option<i64>,
    date: NaiveDate,
) -> Result<ExpectedAttendees> {
    orgs::name_of(conn, org_id)?;
    let audience = Audience::of(types);
    let candidates = match audience {
        Audience::Named => Vec::new(),
        Audience::Branch => branch_members(conn, org_id, date)?,
        Audience::Committee => committee(conn, org_id, date)?,
        Audience::Group => group_members(conn, group_id, date)?,
        Audience::CommitteeAndGroup => {
            let mut all = committee(conn, org_id, date)?;
            for m in group_members(conn, group_id, date)? {
                if !all.iter().any(|x| x.id == m.id) {
                    all.push(m);
                }
            }
            all.sort_by_key(|m| m.id);
            all
        }
    };
    let mut out = ExpectedAttendees { audience, expected: Vec::new(), apart: Vec::new() };
    for c in candidates {
        let reason = if c.standing == Standing::Suspended {
            Some("停止党籍")
        } else if c.attendance_exempt {
            Some("免于参加组织生活（年老体弱等）")
        } else {
            None
        };
        match reason {
            Some(r) => out.apart.push(ApartMember { member_id: c.id, name: c.name, reason: r.to_string() }),
            None => out.expected.push(ExpectedMember { member_id: c.id, name: c.name, group_name: c.group_name }),
        }
    }
    Ok(out)
}

fn branch_members(conn: &Connection, org_id: i64, date: NaiveDate) -> Result<Vec<RollMember>> {
    roll::members_on(conn, RollScope::Subtree(org_id), date, RollOrder::Entered)
}

fn group_members(conn: &Connection, group_id: Option<i64>, date: NaiveDate) -> Result<Vec<RollMember>> {
    let Some(group_id) = group_id else { return Ok(Vec::new()) };
    roll::members_on(conn, RollScope::Group(group_id), date, RollOrder::Entered)
}

/// The committee in office on `date` (`model::roll::in_office`), once each.
fn committee(conn: &Connection, org_id: i64, date: NaiveDate) -> Result<Vec<RollMember>> {
    roll::members_on(conn, RollScope::Committee(org_id), date, RollOrder::Entered)
}
