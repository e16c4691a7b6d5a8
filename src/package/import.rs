//! Importing a package: validate everything first, then write in one transaction, all-or-nothing and
//! idempotent (a record equal to what is stored is not touched: no new timestamp, no audit entry).
//!
//! Ids of new records are handed out before writing, in package order, so every reference (forward
//! ones included) resolves up front; foreign keys are checked at commit (`defer_foreign_keys`).
//! Records absent from the package are never deleted; only the child lists of a record in the package
//! (positions, attendance, types, dues bases, steps, votes) are replaced, and only when they differ.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::format::Package;
use super::keys::{Kind, KnownRecords, NewRecords};
use crate::error::{Error, Result};
use crate::store::{audit, meta, Ledger};

mod activities;
mod development;
mod extensions;
mod members;
mod orgs;
mod records;
mod templates;

/// How many records of each kind an import created or updated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindCounts {
    pub organizations: u32,
    pub groups: u32,
    pub members: u32,
    pub activities: u32,
    pub dues_payments: u32,
    pub trainings: u32,
    pub evaluations: u32,
    pub development: u32,
    pub dues_rules: u32,
    pub dues_publications: u32,
    pub meeting_templates: u32,
    pub dues_remittances: u32,
    pub fund_spending: u32,
    pub care_visits: u32,
    pub plan_items: u32,
    pub fund_budget_lines: u32,
    pub fund_income: u32,
    pub hardship: u32,
}

impl KindCounts {
    pub fn total(&self) -> u32 {
        self.organizations
            + self.groups
            + self.members
            + self.activities
            + self.dues_payments
            + self.trainings
            + self.evaluations
            + self.development
            + self.dues_rules
            + self.dues_publications
            + self.meeting_templates
            + self.dues_remittances
            + self.fund_spending
            + self.care_visits
            + self.plan_items
            + self.fund_budget_lines
            + self.fund_income
            + self.hardship
    }

    fn bump(&mut self, kind: Counted) {
        *match kind {
            Counted::Organization => &mut self.organizations,
            Counted::Group => &mut self.groups,
            Counted::Member => &mut self.members,
            Counted::Activity => &mut self.activities,
            Counted::DuesPayment => &mut self.dues_payments,
            Counted::Training => &mut self.trainings,
            Counted::Evaluation => &mut self.evaluations,
            Counted::Development => &mut self.development,
            Counted::DuesRules => &mut self.dues_rules,
            Counted::DuesPublication => &mut self.dues_publications,
            Counted::Template => &mut self.meeting_templates,
            Counted::Remittance => &mut self.dues_remittances,
            Counted::Spending => &mut self.fund_spending,
            Counted::CareVisit => &mut self.care_visits,
            Counted::PlanItem => &mut self.plan_items,
            Counted::BudgetLine => &mut self.fund_budget_lines,
            Counted::Income => &mut self.fund_income,
            Counted::Hardship => &mut self.hardship,
        } += 1;
    }
}

/// What an import did. `unchanged` counts records of every kind that were already as in the package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    pub created: KindCounts,
    pub updated: KindCounts,
    pub unchanged: u32,
}

impl ImportReport {
    /// True when the import wrote anything.
    pub fn changed(&self) -> bool {
        self.created.total() + self.updated.total() > 0
    }

    /// One Chinese sentence for people.
    pub fn summary(&self) -> String {
        format!(
            "新增 {} 条，更新 {} 条，未变 {} 条（党员新增 {}、更新 {}；活动新增 {}、更新 {}）",
            self.created.total(),
            self.updated.total(),
            self.unchanged,
            self.created.members,
            self.updated.members,
            self.created.activities,
            self.updated.activities
        )
    }

    fn count(&mut self, kind: Counted, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created.bump(kind),
            Outcome::Updated => self.updated.bump(kind),
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Counted {
    Organization,
    Group,
    Member,
    Activity,
    DuesPayment,
    Training,
    Evaluation,
    Development,
    DuesRules,
    DuesPublication,
    Template,
    Remittance,
    Spending,
    CareVisit,
    PlanItem,
    BudgetLine,
    Income,
    Hardship,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Outcome {
    /// A stored record whose extension data changed is updated too.
    fn with_extras(self, extras_changed: bool) -> Outcome {
        if self == Outcome::Unchanged && extras_changed {
            Outcome::Updated
        } else {
            self
        }
    }

    fn of_change(changed: bool) -> Outcome {
        if changed {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        }
    }
}

/// Imports a parsed package into the ledger: validates all of it, then writes all of it, or nothing.
/// Re-importing the same package changes nothing. `today` bounds dates that cannot be in the future.
pub fn import_package(ledger: &Ledger, pkg: &Package, today: NaiveDate) -> Result<ImportReport> {
    super::check_header(&pkg.format, u64::from(pkg.version))?;
    ledger.write(|tx| import_into(tx, pkg, today))
}

/// `import_package` inside the caller's write transaction (a 报送 file's import and its bookkeeping
/// commit together, or not at all).
pub fn import_into(tx: &Connection, pkg: &Package, today: NaiveDate) -> Result<ImportReport> {
    super::check_header(&pkg.format, u64::from(pkg.version))?;
    {
        let was_empty = !tx.query_row("SELECT EXISTS(SELECT 1 FROM organizations)", [], |r| r.get::<_, bool>(0))?;
        let own_id = meta::ledger_id(tx)?;
        // An empty ledger receiving a package *becomes* that ledger, moved here: it adopts its id, so
        // keys are kept as they are and its next export carries the same source.
        let adopt = was_empty && !pkg.organizations.is_empty() && pkg.source != own_id;
        let same_ledger = adopt || pkg.source == own_id;
        let known = KnownRecords::load(tx, &pkg.source, same_ledger)?;
        let problems = super::validate::check(pkg, &known, today);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        if adopt {
            meta::adopt_ledger_id(tx, &pkg.source)?;
        }
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let mut writer = Writer::plan(tx, pkg, known, same_ledger, today)?;
        let links = orgs::write(&mut writer, pkg)?;
        members::write(&mut writer, pkg)?;
        orgs::write_links(&writer, links)?;
        // Many activities: index them for search in one rebuild instead of row by row.
        let bulk = pkg.activities.len() >= crate::meetings::search::BULK_ACTIVITIES;
        if bulk {
            crate::meetings::search::pause_index(tx)?;
        }
        activities::write(&mut writer, pkg)?;
        if bulk {
            let r = &writer.report;
            crate::meetings::search::resume_index(tx, r.created.activities + r.updated.activities > 0)?;
        }
        records::write(&mut writer, pkg)?;
        development::write(&mut writer, pkg)?;
        templates::write(&mut writer, pkg)?;
        extensions::write_top(&mut writer, pkg)?;
        let report = writer.report;
        if report.changed() {
            let detail = serde_json::to_string(&report).ok();
            audit::record(
                tx,
                "导入",
                "package",
                None,
                &format!("导入数据包（来源 {}）：{}", pkg.source, report.summary()),
                detail.as_deref(),
            )?;
        }
        Ok(report)
    }
}

/// Where a keyed record of the package goes: its local id, and the key column value when it is new.
#[derive(Debug, Clone)]
struct Slot {
    id: i64,
    new_key: Option<String>,
}

/// The state of one import while it writes.
struct Writer<'a> {
    conn: &'a Connection,
    source: &'a str,
    same_ledger: bool,
    today: NaiveDate,
    now: String,
    /// Package key → local id for every keyed record the package may reference.
    ids: HashMap<Kind, HashMap<String, i64>>,
    /// Per kind, the slot of each package record, in package order.
    slots: HashMap<Kind, Vec<Slot>>,
    report: ImportReport,
}

impl<'a> Writer<'a> {
    fn plan(
        conn: &'a Connection,
        pkg: &'a Package,
        known: KnownRecords,
        same_ledger: bool,
        today: NaiveDate,
    ) -> Result<Writer<'a>> {
        let mut w = Writer {
            conn,
            source: &pkg.source,
            same_ledger,
            today,
            now: crate::store::now_stamp(),
            ids: HashMap::new(),
            slots: HashMap::new(),
            report: ImportReport::default(),
        };
        let groups: Vec<&str> =
            pkg.organizations.iter().flat_map(|o| o.groups.iter().map(|g| g.key.as_str())).collect();
        let lists: [(Kind, Vec<&str>); 5] = [
            (Kind::Organization, pkg.organizations.iter().map(|o| o.key.as_str()).collect()),
            (Kind::Group, groups),
            (Kind::Member, pkg.members.iter().map(|m| m.key.as_str()).collect()),
            (Kind::Activity, pkg.activities.iter().map(|a| a.key.as_str()).collect()),
            (Kind::Development, pkg.development.iter().map(|d| d.key.as_str()).collect()),
        ];
        for (kind, keys) in lists {
            let mut ids = known.map(kind).clone();
            let mut new = NewRecords::new(conn, kind, w.source)?;
            let mut slots = Vec::with_capacity(keys.len());
            for key in keys {
                let slot = match ids.get(key) {
                    Some(&id) => Slot { id, new_key: None },
                    None => Slot { id: new.id(), new_key: Some(new.key(key)) },
                };
                ids.insert(key.to_string(), slot.id);
                slots.push(slot);
            }
            w.ids.insert(kind, ids);
            w.slots.insert(kind, slots);
        }
        Ok(w)
    }

    /// The local id of a validated reference.
    fn id(&self, kind: Kind, key: &str) -> Result<i64> {
        self.ids
            .get(&kind)
            .and_then(|m| m.get(key))
            .copied()
            .ok_or_else(|| Error::Internal(format!("数据包引用未解析：{} {key}", kind.code())))
    }

    fn opt_id(&self, kind: Kind, key: Option<&String>) -> Result<Option<i64>> {
        key.map(|k| self.id(kind, k)).transpose()
    }

    fn slots(&self, kind: Kind) -> Vec<Slot> {
        self.slots.get(&kind).cloned().unwrap_or_default()
    }

    /// Remembers which local record a package key became (not needed for the ledger's own packages).
    fn remember(&self, kind: Kind, package_key: &str, local_id: i64) -> Result<()> {
        if !self.same_ledger {
            self.conn
                .prepare_cached(
                    "INSERT INTO import_keys(source, kind, key, local_id) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(source, kind, key) DO UPDATE SET local_id = excluded.local_id",
                )?
                .execute(rusqlite::params![self.source, kind.code(), package_key, local_id])?;
        }
        Ok(())
    }
}

/// `YYYY-MM-DD`, the form every date column holds.
fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(d: Option<NaiveDate>) -> Option<String> {
    d.map(day)
}
