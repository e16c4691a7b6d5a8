//! The organisation tree as the export reads it: organisations, their positions and 党小组.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::Role;
use crate::package::format::{GroupRecord, OrgRecord, PositionRecord, TermRecord};

struct StoredOrg {
    id: i64,
    parent_id: Option<i64>,
    /// Without parent, positions and groups: those depend on what else the package holds.
    record: OrgRecord,
}

/// (member, role, from, to)
type StoredPosition = (i64, Role, Option<NaiveDate>, Option<NaiveDate>);

struct StoredGroup {
    id: i64,
    key: String,
    name: String,
    leader_id: Option<i64>,
}

pub(super) struct Tree {
    orgs: Vec<StoredOrg>,
    org_keys: HashMap<i64, String>,
    positions: HashMap<i64, Vec<StoredPosition>>,
    groups: HashMap<i64, Vec<StoredGroup>>,
    group_keys: HashMap<i64, String>,
}

impl Tree {
    pub(super) fn load(conn: &Connection) -> Result<Tree> {
        let mut stmt = conn.prepare(
            "SELECT id, key, parent_id, name, short_name, kind, sector, founded_on, term_elected_on, term_years, profile
             FROM organizations ORDER BY id",
        )?;
        let orgs = stmt
            .query_map([], |r| {
                let elected_on: Option<NaiveDate> = r.get(8)?;
                let years: Option<u32> = r.get(9)?;
                Ok(StoredOrg {
                    id: r.get(0)?,
                    parent_id: r.get(2)?,
                    record: OrgRecord {
                        key: r.get(1)?,
                        name: r.get(3)?,
                        short_name: r.get(4)?,
                        kind: r.get(5)?,
                        sector: r.get(6)?,
                        parent: None,
                        founded_on: r.get(7)?,
                        term: elected_on.zip(years).map(|(elected_on, years)| TermRecord { elected_on, years }),
                        profile: r.get(10)?,
                        positions: Vec::new(),
                        groups: Vec::new(),
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let org_keys = orgs.iter().map(|o| (o.id, o.record.key.clone())).collect();

        let mut positions: HashMap<i64, Vec<_>> = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT org_id, member_id, role, from_date, to_date FROM org_positions ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            positions.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        }

        let mut groups: HashMap<i64, Vec<StoredGroup>> = HashMap::new();
        let mut group_keys = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, org_id, key, name, leader_member_id FROM party_groups ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let g = StoredGroup { id: r.get(0)?, key: r.get(2)?, name: r.get(3)?, leader_id: r.get(4)? };
            group_keys.insert(g.id, g.key.clone());
            groups.entry(r.get(1)?).or_default().push(g);
        }
        Ok(Tree { orgs, org_keys, positions, groups, group_keys })
    }

    pub(super) fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.orgs.iter().map(|o| o.id)
    }

    pub(super) fn org_key(&self, id: i64) -> String {
        self.org_keys.get(&id).cloned().unwrap_or_default()
    }

    pub(super) fn group_key(&self, id: i64) -> Option<String> {
        self.group_keys.get(&id).cloned()
    }

    /// Members named by the positions and group leaders of the organisations in scope.
    pub(super) fn named_members(&self, in_scope: &dyn Fn(i64) -> bool) -> HashSet<i64> {
        let mut named = HashSet::new();
        for org in self.orgs.iter().filter(|o| in_scope(o.id)) {
            named.extend(self.positions.get(&org.id).into_iter().flatten().map(|p| p.0));
            named.extend(self.groups.get(&org.id).into_iter().flatten().filter_map(|g| g.leader_id));
        }
        named
    }

    /// The records of `org_ids`, in id order. A parent, position or leader outside the package is
    /// left out so that the package stays self-contained.
    pub(super) fn records(
        &self,
        org_ids: &HashSet<i64>,
        members: &HashSet<i64>,
        member_key: &HashMap<i64, String>,
    ) -> Vec<OrgRecord> {
        let key = |id: &i64| member_key.get(id).filter(|_| members.contains(id)).cloned();
        let mut out = Vec::new();
        for org in self.orgs.iter().filter(|o| org_ids.contains(&o.id)) {
            let mut record = org.record.clone();
            record.parent = org.parent_id.filter(|p| org_ids.contains(p)).map(|p| self.org_key(p));
            record.positions = self
                .positions
                .get(&org.id)
                .into_iter()
                .flatten()
                .filter_map(|(m, role, from, to)| {
                    Some(PositionRecord { member: key(m)?, role: *role, from: *from, to: *to })
                })
                .collect();
            record.groups = self
                .groups
                .get(&org.id)
                .into_iter()
                .flatten()
                .map(|g| GroupRecord {
                    key: g.key.clone(),
                    name: g.name.clone(),
                    leader: g.leader_id.as_ref().and_then(key),
                })
                .collect();
            out.push(record);
        }
        out
    }
}
