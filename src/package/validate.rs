//! The checks a well-formed package must pass before anything is written: unique keys, references that
//! resolve (to the package or to records of the same source already in the ledger), valid ID numbers
//! agreeing with birth date and gender, and values that cannot be right as data.
//!
//! Breaches of the standards (a late talk, a vote without quorum) are *not* checked here: the data is
//! kept and the rule engine reports them. Every problem names its JSON path; all are collected.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};

use super::format::{MemberRecord, OrgRecord, Package};
use super::keys::{Kind, KnownRecords};
use crate::error::Problem;
use crate::model::dates::Month;
use crate::model::{Leaving, MemberFields, OrgFields, Term};

mod extensions;
mod records;

/// Collected problems, capped so a thoroughly wrong package still gives a readable answer.
pub(super) struct Problems {
    list: Vec<Problem>,
    omitted: usize,
}

impl Problems {
    const MAX: usize = 1000;

    pub(super) fn add(&mut self, at: impl Into<String>, message: impl Into<String>) {
        if self.list.len() < Self::MAX {
            self.list.push(Problem::new(at, message));
        } else {
            self.omitted += 1;
        }
    }

    fn finish(mut self) -> Vec<Problem> {
        if self.omitted > 0 {
            self.list.push(Problem::new("", format!("……另有 {} 处问题未列出", self.omitted)));
        }
        self.list
    }
}

/// What a reference may point to: keys of the package and keys already in the ledger from its source.
pub(super) struct Refs<'a> {
    known: &'a KnownRecords,
    orgs: HashMap<&'a str, &'a OrgRecord>,
    /// Group key → org key, for the groups of the package.
    group_org: HashMap<&'a str, &'a str>,
    members: HashMap<&'a str, &'a MemberRecord>,
}

impl<'a> Refs<'a> {
    pub(super) fn exists(&self, kind: Kind, key: &str) -> bool {
        let in_package = match kind {
            Kind::Organization => self.orgs.contains_key(key),
            Kind::Group => self.group_org.contains_key(key),
            Kind::Member => self.members.contains_key(key),
            Kind::Activity | Kind::Development => false,
        };
        in_package || self.known.map(kind).contains_key(key)
    }

    /// Adds a problem when `key` names no record of `kind` (`at` is only built then: this runs for
    /// every attendance row).
    pub(super) fn check(&self, p: &mut Problems, kind: Kind, key: &str, at: impl FnOnce() -> String) {
        if !self.exists(kind, key) {
            let what = match kind {
                Kind::Organization => "组织",
                Kind::Group => "党小组",
                Kind::Member => "党员",
                Kind::Activity => "活动",
                Kind::Development => "发展对象",
            };
            p.add(at(), format!("引用的{what}“{key}”不存在（数据包和台账中都没有）"));
        }
    }

    /// Whether the group (by key) belongs to the organisation (by key), where both can be resolved.
    pub(super) fn group_in_org(&self, group: &str, org: &str) -> bool {
        if let Some(g_org) = self.group_org.get(group) {
            return *g_org == org;
        }
        match (self.known.groups.get(group), self.known.orgs.get(org)) {
            (Some(g), Some(o)) => self.known.group_org.get(g) == Some(o),
            // The group's org is in the ledger, the member's org only in the package: different.
            (Some(_), None) => false,
            // Dangling group: reported by `check`.
            (None, _) => true,
        }
    }
}

/// Every problem of the package; empty when it may be imported.
pub(super) fn check(pkg: &Package, known: &KnownRecords, today: NaiveDate) -> Vec<Problem> {
    let mut p = Problems { list: Vec::new(), omitted: 0 };
    if pkg.source.trim().is_empty() {
        p.add("source", "来源（source）不能为空");
    }
    let refs = Refs {
        known,
        orgs: unique_keys(&mut p, "organizations", pkg.organizations.iter().map(|o| o.key.as_str()))
            .into_iter()
            .map(|(k, i)| (k, &pkg.organizations[i]))
            .collect(),
        group_org: unique_group_keys(&mut p, pkg),
        members: unique_keys(&mut p, "members", pkg.members.iter().map(|m| m.key.as_str()))
            .into_iter()
            .map(|(k, i)| (k, &pkg.members[i]))
            .collect(),
    };
    unique_keys(&mut p, "activities", pkg.activities.iter().map(|a| a.key.as_str()));
    unique_keys(&mut p, "development", pkg.development.iter().map(|d| d.key.as_str()));
    for (i, org) in pkg.organizations.iter().enumerate() {
        check_org(&mut p, &refs, i, org);
    }
    check_org_cycles(&mut p, pkg);
    for (i, m) in pkg.members.iter().enumerate() {
        check_member(&mut p, &refs, i, m, today);
    }
    check_duplicate_id_numbers(&mut p, pkg);
    records::check_activities(&mut p, &refs, pkg);
    records::check_dues(&mut p, &refs, pkg);
    records::check_trainings(&mut p, &refs, pkg);
    records::check_evaluations(&mut p, &refs, pkg, today);
    records::check_development(&mut p, &refs, pkg, today);
    records::check_templates(&mut p, &refs, pkg);
    extensions::check_members(&mut p, pkg, today);
    extensions::check_development(&mut p, pkg, today);
    extensions::check_dues(&mut p, &refs, pkg);
    extensions::check_meeting_votes(&mut p, &refs, pkg);
    p.finish()
}

/// Key → index of the first record with it; reports empty and repeated keys.
fn unique_keys<'a>(p: &mut Problems, list: &str, keys: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut seen = HashMap::new();
    for (i, key) in keys.enumerate() {
        if key.trim().is_empty() {
            p.add(format!("{list}[{i}].key"), "key 不能为空");
        } else if let Some(first) = seen.get(key) {
            p.add(format!("{list}[{i}].key"), format!("key“{key}”重复（与 {list}[{first}] 相同）"));
        } else {
            seen.insert(key, i);
        }
    }
    seen
}

fn unique_group_keys<'a>(p: &mut Problems, pkg: &'a Package) -> HashMap<&'a str, &'a str> {
    let mut seen: HashMap<&str, (&str, String)> = HashMap::new();
    for (i, org) in pkg.organizations.iter().enumerate() {
        for (j, g) in org.groups.iter().enumerate() {
            let at = format!("organizations[{i}].groups[{j}]");
            if g.key.trim().is_empty() {
                p.add(format!("{at}.key"), "key 不能为空");
            } else if let Some((_, first)) = seen.get(g.key.as_str()) {
                p.add(format!("{at}.key"), format!("党小组 key“{}”重复（与 {first} 相同）", g.key));
            } else {
                seen.insert(&g.key, (&org.key, at));
            }
        }
    }
    seen.into_iter().map(|(k, (org, _))| (k, org)).collect()
}

pub(super) fn not_blank(p: &mut Problems, text: &str, at: impl FnOnce() -> String, label: &str) {
    if text.trim().is_empty() {
        p.add(at(), format!("{label}不能为空"));
    }
}

pub(super) fn check_month(p: &mut Problems, text: &str, at: impl FnOnce() -> String) -> Option<Month> {
    let month = Month::parse(text).filter(|_| text.len() == 7);
    if month.is_none() {
        p.add(at(), format!("“{text}”不是有效年月，应写成如 2024-03"));
    }
    month
}

pub(super) fn check_time(p: &mut Problems, text: &str, at: impl FnOnce() -> String) -> Option<NaiveTime> {
    let time = NaiveTime::parse_from_str(text, "%H:%M").ok().filter(|_| text.len() == 5);
    if time.is_none() {
        p.add(at(), format!("“{text}”不是有效时间，应写成如 14:30"));
    }
    time
}

pub(super) fn check_fen(p: &mut Problems, fen: i64, at: impl FnOnce() -> String) {
    if let Some(why) = crate::model::money::amount_problem(fen) {
        p.add(at(), why);
    }
}

fn check_org(p: &mut Problems, refs: &Refs, i: usize, org: &OrgRecord) {
    let at = format!("organizations[{i}]");
    let fields = OrgFields {
        name: org.name.clone(),
        short_name: org.short_name.clone(),
        kind: org.kind,
        sector: org.sector,
        parent_id: None,
        founded_on: org.founded_on,
        term: org.term.as_ref().map(|t| Term { elected_on: t.elected_on, years: t.years }),
        profile: org.profile.clone(),
    };
    for problem in fields.check() {
        p.add(format!("{at}.{}", problem.at), problem.message);
    }
    if let Some(parent) = &org.parent {
        refs.check(p, Kind::Organization, parent, || format!("{at}.parent"));
    }
    for (j, pos) in org.positions.iter().enumerate() {
        refs.check(p, Kind::Member, &pos.member, || format!("{at}.positions[{j}].member"));
        if let (Some(from), Some(to)) = (pos.from, pos.to) {
            if to < from {
                p.add(format!("{at}.positions[{j}].to"), "任职结束日期不能早于开始日期");
            }
        }
    }
    for (j, g) in org.groups.iter().enumerate() {
        not_blank(p, &g.name, || format!("{at}.groups[{j}].name"), "党小组名称");
        if let Some(leader) = &g.leader {
            refs.check(p, Kind::Member, leader, || format!("{at}.groups[{j}].leader"));
        }
    }
}

/// A parent chain that comes back to itself cannot be a tree.
fn check_org_cycles(p: &mut Problems, pkg: &Package) {
    let parent: HashMap<&str, &str> =
        pkg.organizations.iter().filter_map(|o| Some((o.key.as_str(), o.parent.as_deref()?))).collect();
    for (i, org) in pkg.organizations.iter().enumerate() {
        let mut at = org.key.as_str();
        for _ in 0..=pkg.organizations.len() {
            match parent.get(at) {
                Some(&next) if next == org.key => {
                    p.add(format!("organizations[{i}].parent"), "上级组织形成循环（组织不能是自己的上级）");
                    break;
                }
                Some(&next) => at = next,
                None => break,
            }
        }
    }
}

/// The model's own member checks, with field names turned into JSON paths.
fn check_member(p: &mut Problems, refs: &Refs, i: usize, m: &MemberRecord, today: NaiveDate) {
    let at = format!("members[{i}]");
    refs.check(p, Kind::Organization, &m.org, || format!("{at}.org"));
    if let Some(group) = &m.group {
        refs.check(p, Kind::Group, group, || format!("{at}.group"));
        if refs.exists(Kind::Organization, &m.org) && !refs.group_in_org(group, &m.org) {
            p.add(format!("{at}.group"), format!("党小组“{group}”不属于该党员所在的组织“{}”", m.org));
        }
    }
    let fields = member_fields(m);
    for problem in fields.check(today) {
        p.add(format!("{at}.{}", problem.at), problem.message);
    }
    if let Some(left) = &m.left {
        let leaving = Leaving { on: left.on, reason: left.reason, to: left.to.clone() };
        for problem in leaving.check(m.joined_on, today) {
            p.add(format!("{at}.{}", problem.at), problem.message);
        }
    }
    let mut months = HashSet::new();
    for (j, base) in m.dues_bases.iter().enumerate() {
        if check_month(p, &base.from, || format!("{at}.dues_bases[{j}].from")).is_some() && !months.insert(&base.from) {
            p.add(format!("{at}.dues_bases[{j}].from"), format!("{} 的党费基数重复", base.from));
        }
        check_fen(p, base.base_fen, || format!("{at}.dues_bases[{j}].base_fen"));
    }
    if let Some(fixed) = m.dues_fixed_fen {
        check_fen(p, fixed, || format!("{at}.dues_fixed_fen"));
    }
}

/// The member's package fields as the model's form fields (org and group are resolved later).
pub(super) fn member_fields(m: &MemberRecord) -> MemberFields {
    MemberFields {
        org_id: 0,
        group_id: None,
        name: m.name.clone(),
        gender: m.gender,
        ethnicity: m.ethnicity.clone(),
        id_number: m.id_number.clone(),
        birth_date: m.birth_date,
        education: m.education.clone(),
        status: m.status,
        joined_on: m.joined_on,
        full_member_on: m.full_member_on,
        category: m.category,
        post: m.post.clone(),
        phone: m.phone.clone(),
        landline: m.landline.clone(),
        address: m.address.clone(),
        standing: m.standing,
        lost_contact_since: m.lost_contact_since.clone(),
        outflow_to: m.outflow_to.clone(),
        attendance_exempt: m.attendance_exempt,
        native_place: m.native_place.clone(),
        work_started_on: m.work_started_on,
        degree: m.degree.clone(),
        unit_title: m.unit_title.clone(),
        remark: m.remark.clone(),
    }
    .normalized()
}

/// Two members on the roster at once cannot be the same person.
fn check_duplicate_id_numbers(p: &mut Problems, pkg: &Package) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, m) in pkg.members.iter().enumerate().filter(|(_, m)| m.left.is_none()) {
        let Some(id) = m.id_number.as_deref().and_then(|t| crate::model::id_number::IdNumber::parse(t).ok()) else {
            continue;
        };
        if let Some(first) = seen.insert(id.as_str().to_string(), i) {
            p.add(format!("members[{i}].id_number"), format!("公民身份证号与在册党员 members[{first}] 重复"));
        }
    }
}
