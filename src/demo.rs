//! `zhibu demo`: a realistic synthetic ledger for trying the app and for benchmarks, built
//! deterministically (a fixed seed; only `today` moves the dates) as a data package and imported.
//!
//! Small: one 机关 branch, ~25 members in 3 党小组, two years of records. Large: a 镇党委 with 50
//! branches of every sector, ~2,500 members, ten years. Dates are consistent (joined after the 18th
//! birthday, 转正 a year after joining, nothing after `today`) and every record passes the package
//! validation; rule breaches a real ledger has (a late talk, an unpaid month) are there on purpose.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use crate::error::{Error, Result};
use crate::model::OrgKind;
use crate::package::format::{Package, PositionRecord, TermRecord, FORMAT, VERSION};
use crate::package::{import_package, ImportReport};
use crate::store::Ledger;

mod development;
mod funds;
mod meetings;
mod money;
mod orgs;
mod people;
mod random;
mod words;

/// How much the demo holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// One branch, ~25 members, this year and last.
    Small,
    /// One 党委, 50 branches, ~2,500 members, ten years.
    Large,
}

impl DemoScale {
    pub fn from_code(code: &str) -> Option<DemoScale> {
        match code {
            "small" => Some(DemoScale::Small),
            "large" => Some(DemoScale::Large),
            _ => None,
        }
    }

    fn years(self) -> i32 {
        match self {
            DemoScale::Small => 2,
            DemoScale::Large => 10,
        }
    }

    fn seed(self) -> u64 {
        match self {
            DemoScale::Small => 0x5A4B_1921_0701_0001,
            DemoScale::Large => 0x5A4B_1921_0701_0002,
        }
    }
}

/// The demo's time span: 1 January of `first_year` to `today`.
#[derive(Debug, Clone, Copy)]
struct Window {
    today: NaiveDate,
    first_year: i32,
}

impl Window {
    fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.first_year, 1, 1).expect("valid year")
    }
}

/// The demo ledger as a package (source `zhibu-demo-small` / `zhibu-demo-large`).
pub fn demo_package(scale: DemoScale, today: NaiveDate) -> Package {
    let w = Window { today, first_year: today.year() - scale.years() + 1 };
    let mut b = Builder {
        rng: random::Rng::new(scale.seed()),
        w,
        pkg: Package {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at: exported_at(today),
            source: format!("zhibu-demo-{}", if scale == DemoScale::Small { "small" } else { "large" }),
            organizations: Vec::new(),
            members: Vec::new(),
            activities: Vec::new(),
            dues_payments: Vec::new(),
            trainings: Vec::new(),
            evaluations: Vec::new(),
            development: Vec::new(),
            dues_rules: Vec::new(),
            dues_publications: Vec::new(),
            meeting_templates: Vec::new(),
            dues_remittances: Vec::new(),
            fund_spending: Vec::new(),
            care_visits: Vec::new(),
            plan_items: Vec::new(),
            fund_budget_lines: Vec::new(),
            fund_income: Vec::new(),
            hardship: Vec::new(),
            funds_settings: None,
            start_month: None,
        },
        counters: [0; 5],
        id_numbers: HashSet::new(),
    };
    let specs = orgs::branch_specs(scale, &mut b.rng);
    let parent = (scale == DemoScale::Large).then(|| {
        let key = b.key(Prefix::Org);
        b.pkg.organizations.push(orgs::committee(key.clone()));
        key
    });
    for (i, spec) in specs.iter().enumerate() {
        b.branch(spec, parent.clone());
        if i == 0 && parent.is_some() {
            b.committee_positions();
        }
    }
    b.funds();
    b.pkg
}

/// Fills an empty ledger with the demo. The records belong to this ledger (its own id is the source).
pub fn load_demo(ledger: &Ledger, scale: DemoScale, today: NaiveDate) -> Result<ImportReport> {
    if !ledger.is_empty()? {
        return Err(Error::Conflict("台账中已有数据，演示数据只能载入空台账（请新建一个台账文件）".to_string()));
    }
    let mut pkg = demo_package(scale, today);
    pkg.source = ledger.ledger_id()?;
    let report = import_package(ledger, &pkg, today)?;
    // The share of dues the branches keep: a setting of the ledger, not of the package.
    ledger.write(|tx| crate::funds::settings::set_retain_permille(tx, funds::RETAIN_PERMILLE))?;
    Ok(report)
}

fn exported_at(today: NaiveDate) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    today.and_hms_opt(9, 0, 0).expect("valid time").and_local_timezone(offset).single().expect("fixed offset")
}

#[derive(Debug, Clone, Copy)]
enum Prefix {
    Org,
    Group,
    Member,
    Activity,
    Development,
}

/// The package under construction, with the generator's state.
struct Builder {
    rng: random::Rng,
    w: Window,
    pkg: Package,
    counters: [u32; 5],
    id_numbers: HashSet<String>,
}

impl Builder {
    /// Keys like the ledger's own (`m-12`), numbered in package order.
    fn key(&mut self, prefix: Prefix) -> String {
        let (i, p) = match prefix {
            Prefix::Org => (0, "o"),
            Prefix::Group => (1, "g"),
            Prefix::Member => (2, "m"),
            Prefix::Activity => (3, "a"),
            Prefix::Development => (4, "d"),
        };
        self.counters[i] += 1;
        format!("{p}-{}", self.counters[i])
    }

    fn branch(&mut self, spec: &orgs::BranchSpec, parent: Option<String>) {
        let term = orgs::term(spec, &self.w, &mut self.rng);
        let key = self.key(Prefix::Org);
        let mut org = orgs::branch_record(spec, key, parent, term.clone(), &self.w, &mut self.rng);
        org.groups = orgs::group_names(spec.groups);
        for g in &mut org.groups {
            g.key = self.key(Prefix::Group);
        }
        let mut members = self.members(spec, &org);
        let development = self.development(spec, &org, &mut members);
        org.positions = orgs::positions(&members, &term, &self.w, &mut self.rng);
        for g in &mut org.groups {
            // The leader: a full member of the group on the roll, not on the committee if possible.
            g.leader = members
                .iter()
                .skip(5)
                .chain(members.iter().take(5))
                .find(|m| m.group.as_deref() == Some(&g.key) && people::settled_full_member(m, self.w.today))
                .map(|m| m.key.clone());
        }
        // The 党委 secretary gives a 党课 in every branch each September (large demo).
        let guest = self.pkg.organizations.first().filter(|o| o.kind == OrgKind::Committee).and_then(|c| {
            let key = &c.positions.first()?.member;
            self.pkg.members.iter().find(|m| &m.key == key).cloned()
        });
        self.meetings(spec, &org, &members, &development, guest.as_ref());
        self.money(&org, &members);
        self.pkg.organizations.push(org);
        self.pkg.members.extend(members);
        self.pkg.development.extend(development);
    }

    /// 党委 committee: five seasoned members of the first branch (机关第一支部), past its own committee.
    fn committee_positions(&mut self) {
        let Some(branch) = self.pkg.organizations.get(1).map(|o| o.key.clone()) else { return };
        let elected = NaiveDate::from_ymd_opt(self.w.today.year() - 2, 9, 20).expect("valid date");
        let holders: Vec<String> = self
            .pkg
            .members
            .iter()
            .filter(|m| m.org == branch && people::settled_full_member(m, elected) && !m.attendance_exempt)
            .skip(5)
            .take(5)
            .map(|m| m.key.clone())
            .collect();
        let committee = &mut self.pkg.organizations[0];
        committee.term = Some(TermRecord { elected_on: elected, years: 5 });
        committee.positions = orgs::ROLES
            .iter()
            .zip(holders)
            .map(|(role, member)| PositionRecord { member, role: *role, from: Some(elected), to: None })
            .collect();
    }
}
