//! 组织关系转接 to settle (issue 15): after a 接收报送 two organisations of the committee's ledger hold a
//! record of the same person (the same ID number, both still 在册) — the person moved and one branch
//! has not recorded it yet. The committee chooses where the person is now; every other record leaves
//! its roll the roster's one way (`store::members::record_leaving`, 转出 to the chosen organisation,
//! with its status-history event and audit entry): nothing is deleted. The choice is remembered
//! (`transfer_resolutions`) so a later 报送 that still lists the person does not undo it
//! (`kept_leavings`, used by the receive).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::dates::chinese_date;
use crate::model::id_number::mask;
use crate::model::{Leaving, LeftReason};
use crate::package::format::LeftRecord;
use crate::package::Package;
use crate::store::{self, transfers::Holder};

/// One organisation's record of a person in an open transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TransferRecord {
    /// The member record's key (`zhibu transfers --resolve KEY`).
    pub member: String,
    pub name: String,
    /// The organisation holding the record (key and name).
    pub org: String,
    pub org_name: String,
    pub joined_on: NaiveDate,
    /// The record's latest 转入 in its status history.
    pub transfer_in: Option<NaiveDate>,
    /// The day the other records leave (转出) when this organisation is chosen, unless another is
    /// given: this record's 转入 when it has one the others can leave on, else `today`.
    pub leave_on: NaiveDate,
}

/// A person two (or more) organisations hold at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenTransfer {
    pub name: String,
    /// The ID number, masked (`110105********002X`).
    pub id_number: String,
    pub records: Vec<TransferRecord>,
}

/// What settling a transfer did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TransferSettled {
    pub name: String,
    pub id_number: String,
    /// The organisation the person is in now.
    pub holder: String,
    /// The organisations whose records left (转出).
    pub left: Vec<String>,
    pub on: NaiveDate,
}

/// An open transfer with the ids of its records (for the receive and `settle`).
struct Open {
    view: OpenTransfer,
    member_ids: Vec<i64>,
    org_ids: Vec<i64>,
}

fn open_all(conn: &Connection, today: NaiveDate) -> Result<Vec<Open>> {
    let holders = store::transfers::shared_id_holders(conn)?;
    let keys = store::orgs::keys(conn)?;
    let names: HashMap<i64, String> =
        store::reports::org_parents(conn)?.into_iter().map(|(id, _, name)| (id, name)).collect();
    let mut out: Vec<Open> = Vec::new();
    for group in holders.chunk_by(|a, b| a.id_number == b.id_number) {
        let leave_on = |h: &Holder| {
            h.transfer_in
                .filter(|d| *d <= today && group.iter().all(|o| o.member_id == h.member_id || o.joined_on <= *d))
                .unwrap_or(today)
        };
        let records = group
            .iter()
            .map(|h| TransferRecord {
                member: h.key.clone(),
                name: h.name.clone(),
                org: keys.get(&h.org_id).cloned().unwrap_or_default(),
                org_name: names.get(&h.org_id).cloned().unwrap_or_default(),
                joined_on: h.joined_on,
                transfer_in: h.transfer_in,
                leave_on: leave_on(h),
            })
            .collect();
        out.push(Open {
            view: OpenTransfer { name: group[0].name.clone(), id_number: mask(&group[0].id_number), records },
            member_ids: group.iter().map(|h| h.member_id).collect(),
            org_ids: group.iter().map(|h| h.org_id).collect(),
        });
    }
    Ok(out)
}

/// Every open transfer: a person whose ID number records of two organisations still hold.
pub fn open_transfers(conn: &Connection, today: NaiveDate) -> Result<Vec<OpenTransfer>> {
    Ok(open_all(conn, today)?.into_iter().map(|o| o.view).collect())
}

/// The open transfers one of whose records an organisation of `branch` holds (a branch and those
/// under it, just received), each as a receipt's line: the branch's record and the organisation
/// holding the other.
pub fn open_for(
    conn: &Connection,
    branch: &std::collections::HashSet<i64>,
    today: NaiveDate,
) -> Result<Vec<super::TransferConflict>> {
    let mut out = Vec::new();
    for o in open_all(conn, today)? {
        let Some(mine) = o.org_ids.iter().position(|id| branch.contains(id)) else { continue };
        let here = &o.view.records[mine];
        for (i, other) in o.view.records.iter().enumerate() {
            if branch.contains(&o.org_ids[i]) {
                continue;
            }
            out.push(super::TransferConflict {
                name: if other.name == here.name {
                    here.name.clone()
                } else {
                    format!("{}（本台账记为{}）", here.name, other.name)
                },
                other_org: other.org_name.clone(),
                id_number: o.view.id_number.clone(),
            });
        }
    }
    Ok(out)
}

/// Settles the open transfer that the record `member_key` belongs to: the person is now in
/// organisation `org_key`; every other record leaves its roll (转出 to that organisation) on `on`
/// (default: the chosen record's `leave_on`), with its history event and audit entry; the choice is
/// remembered and audited. Refused when the record is in no open transfer or `org_key` holds none
/// of its records.
pub fn settle(
    conn: &Connection,
    member_key: &str,
    org_key: &str,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<TransferSettled> {
    let open = open_all(conn, today)?;
    let Some(o) = open.iter().find(|o| o.view.records.iter().any(|r| r.member == member_key)) else {
        return Err(Error::Conflict(format!("编号为“{member_key}”的党员没有待核实的组织关系转接")));
    };
    let Some(kept) = o.view.records.iter().position(|r| r.org == org_key) else {
        let places: Vec<String> = o.view.records.iter().map(|r| format!("“{}”（{}）", r.org_name, r.org)).collect();
        return Err(Error::invalid("--to", format!("{}现在所在的组织应是{}之一", o.view.name, places.join("、"))));
    };
    let holder = &o.view.records[kept];
    let on = on.unwrap_or(holder.leave_on);
    let mut left = Vec::new();
    for (i, r) in o.view.records.iter().enumerate().filter(|(i, _)| *i != kept) {
        let leaving = Leaving { on, reason: LeftReason::TransferOut, to: Some(holder.org_name.clone()) };
        store::members::record_leaving(conn, o.member_ids[i], leaving, today)?;
        store::transfers::record(conn, o.member_ids[kept], o.member_ids[i], on, &holder.org_name)?;
        left.push(r.org_name.clone());
    }
    store::audit::record(
        conn,
        "核实转接",
        "member",
        Some(o.member_ids[kept]),
        &format!(
            "核实组织关系转接：{}（身份证号 {}）现在在“{}”，“{}”的记录于{}转出",
            o.view.name,
            o.view.id_number,
            holder.org_name,
            left.join("”“"),
            chinese_date(on)
        ),
        None,
    )?;
    Ok(TransferSettled {
        name: o.view.name.clone(),
        id_number: o.view.id_number.clone(),
        holder: holder.org_name.clone(),
        left,
        on,
    })
}

/// The package with the settled leavings kept: a member of `pkg` that is a record which left in a
/// settled transfer (still standing) and that the package lists as 在册 is received as having left
/// the same way. None when no member of the package is such a record (the package as it is).
pub fn kept_leavings(conn: &Connection, pkg: &Package, same_ledger: bool) -> Result<Option<Package>> {
    let standing = store::transfers::standing(conn)?;
    if standing.is_empty() {
        return Ok(None);
    }
    let mut patched: Option<Package> = None;
    for (i, m) in pkg.members.iter().enumerate().filter(|(_, m)| m.left.is_none()) {
        let local = if same_ledger {
            store::members::id_by_key(conn, &m.key)?
        } else {
            store::reports::imported_id(conn, &pkg.source, "member", &m.key)?
        };
        if let Some((on, to)) = local.and_then(|id| standing.get(&id)) {
            let p = patched.get_or_insert_with(|| pkg.clone());
            p.members[i].left = Some(LeftRecord { on: *on, reason: LeftReason::TransferOut, to: Some(to.clone()) });
        }
    }
    Ok(patched)
}
