//! How package keys become local ids: the records of a source already in the ledger, and the choice of
//! the `key` column and id for a record an import creates.
//!
//! A package from this ledger itself (same `source`) maps by the `key` column; a package from another
//! ledger maps through `import_keys(source, kind, key)`, so two sources may use the same keys.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::error::Result;

/// The keyed kinds, as named in `import_keys.kind`, with their table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Organization,
    Group,
    Member,
    Activity,
    Development,
}

impl Kind {
    pub(super) fn code(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Group => "group",
            Kind::Member => "member",
            Kind::Activity => "activity",
            Kind::Development => "development",
        }
    }

    pub(super) fn table(self) -> &'static str {
        match self {
            Kind::Organization => "organizations",
            Kind::Group => "party_groups",
            Kind::Member => "members",
            Kind::Activity => "activities",
            Kind::Development => "development_people",
        }
    }
}

/// Records of the package's source already in the ledger: package key → local id, per kind.
#[derive(Debug, Default)]
pub(super) struct KnownRecords {
    pub orgs: HashMap<String, i64>,
    pub groups: HashMap<String, i64>,
    pub members: HashMap<String, i64>,
    pub activities: HashMap<String, i64>,
    pub development: HashMap<String, i64>,
    /// Local group id → local org id, for every group of the ledger.
    pub group_org: HashMap<i64, i64>,
}

impl KnownRecords {
    /// `same_ledger`: the package came from this ledger (or the ledger was empty and adopts it).
    pub(super) fn load(conn: &Connection, source: &str, same_ledger: bool) -> Result<KnownRecords> {
        let mut known = KnownRecords::default();
        for kind in [Kind::Organization, Kind::Group, Kind::Member, Kind::Activity, Kind::Development] {
            let map = if same_ledger {
                let sql = format!("SELECT key, id FROM {}", kind.table());
                collect_pairs(conn, &sql, &[])?
            } else {
                // A mapping whose record is gone is ignored: the record is created again.
                let sql = format!(
                    "SELECT k.key, k.local_id FROM import_keys k JOIN {} t ON t.id = k.local_id
                     WHERE k.source = ?1 AND k.kind = ?2",
                    kind.table()
                );
                collect_pairs(conn, &sql, &[source, kind.code()])?
            };
            *known.map_mut(kind) = map;
        }
        let mut stmt = conn.prepare("SELECT id, org_id FROM party_groups")?;
        known.group_org = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(known)
    }

    pub(super) fn map(&self, kind: Kind) -> &HashMap<String, i64> {
        match kind {
            Kind::Organization => &self.orgs,
            Kind::Group => &self.groups,
            Kind::Member => &self.members,
            Kind::Activity => &self.activities,
            Kind::Development => &self.development,
        }
    }

    fn map_mut(&mut self, kind: Kind) -> &mut HashMap<String, i64> {
        match kind {
            Kind::Organization => &mut self.orgs,
            Kind::Group => &mut self.groups,
            Kind::Member => &mut self.members,
            Kind::Activity => &mut self.activities,
            Kind::Development => &mut self.development,
        }
    }
}

fn collect_pairs(conn: &Connection, sql: &str, args: &[&str]) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Hands out ids and `key` column values for the records an import creates in one table.
pub(super) struct NewRecords {
    next_id: i64,
    taken: HashSet<String>,
    /// Keep the package key when free (same ledger: always free, since it is not in the table).
    suffix: String,
}

impl NewRecords {
    pub(super) fn new(conn: &Connection, kind: Kind, source: &str) -> Result<NewRecords> {
        let table = kind.table();
        let next_id: i64 =
            conn.query_row(&format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"), [], |r| r.get(0))?;
        let mut stmt = conn.prepare(&format!("SELECT key FROM {table}"))?;
        let taken = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(NewRecords { next_id, taken, suffix: short_source(source) })
    }

    /// The next id (ids follow package order, so an export lists records in the same order).
    pub(super) fn id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The package key if no record has it yet, else `{key}@{short source}` (made unique).
    pub(super) fn key(&mut self, package_key: &str) -> String {
        let mut key = package_key.to_string();
        if self.taken.contains(&key) {
            key = format!("{package_key}@{}", self.suffix);
            let mut n = 2;
            while self.taken.contains(&key) {
                key = format!("{package_key}@{}-{n}", self.suffix);
                n += 1;
            }
        }
        self.taken.insert(key.clone());
        key
    }
}

/// A short, readable form of a source id for key suffixes: `zhibu-1a2b3c4d…` → `1a2b3c4d`.
fn short_source(source: &str) -> String {
    let s = source.strip_prefix("zhibu-").unwrap_or(source);
    s.chars().filter(|c| !c.is_whitespace()).take(8).collect()
}
