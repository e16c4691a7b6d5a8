//! The demo's organisations: one 机关 branch (small), or a 镇党委 with 50 branches of every sector
//! (large), each with a fixed 主题党日 day, 党小组 and a committee whose terms go back over the years.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};

use super::random::Rng;
use super::words::CITY;
use super::{DemoScale, Window};
use crate::model::{OrgKind, Role, Sector};
use crate::package::format::{GroupRecord, MemberRecord, OrgRecord, PositionRecord, TermRecord};

/// What a branch is before its people exist.
pub(super) struct BranchSpec {
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    pub sector: Sector,
    /// Members on the roll today (roughly).
    pub size: usize,
    pub groups: usize,
    /// Day of the month of the 主题党日.
    pub theme_day: u32,
}

/// The large demo's units other than communities and villages: (name after 中共, short name,
/// kind, sector, base size).
const UNITS: &[(&str, &str, OrgKind, Sector, usize)] = &[
    ("江北市临江镇机关第一支部委员会", "镇机关一支部", OrgKind::Branch, Sector::Government, 38),
    ("江北市临江镇机关第二支部委员会", "镇机关二支部", OrgKind::Branch, Sector::Government, 38),
    ("江北市临江镇机关第三支部委员会", "镇机关三支部", OrgKind::Branch, Sector::Government, 38),
    ("江北市临江镇卫生院支部委员会", "卫生院支部", OrgKind::Branch, Sector::Institution, 30),
    ("江北市临江镇农业综合服务中心支部委员会", "农业服务中心支部", OrgKind::Branch, Sector::Institution, 30),
    ("江北市临江镇文化综合服务站支部委员会", "文化站支部", OrgKind::Branch, Sector::Institution, 30),
    ("江北市临江镇财政所支部委员会", "财政所支部", OrgKind::Branch, Sector::Institution, 30),
    ("江北市临江镇中心小学支部委员会", "中心小学支部", OrgKind::Branch, Sector::School, 36),
    ("江北市临江中学支部委员会", "临江中学支部", OrgKind::Branch, Sector::School, 36),
    ("江北市临江镇第二小学支部委员会", "第二小学支部", OrgKind::Branch, Sector::School, 36),
    ("江北市临江镇中心幼儿园支部委员会", "中心幼儿园支部", OrgKind::Branch, Sector::School, 36),
    ("国网江北市供电公司临江供电所支部委员会", "供电所支部", OrgKind::Branch, Sector::Soe, 30),
    ("江北市城投集团临江安置房项目临时支部委员会", "安置房项目临时支部", OrgKind::TemporaryBranch, Sector::Soe, 15),
    ("江北市恒达机械有限公司支部委员会", "恒达机械支部", OrgKind::Branch, Sector::PrivateEnterprise, 30),
    ("江北市绿源食品有限公司支部委员会", "绿源食品支部", OrgKind::Branch, Sector::PrivateEnterprise, 30),
    ("江北市临江纺织有限公司支部委员会", "临江纺织支部", OrgKind::Branch, Sector::PrivateEnterprise, 30),
    (
        "江北市临江镇非公企业第一联合支部委员会",
        "非公企业第一联合支部",
        OrgKind::JointBranch,
        Sector::PrivateEnterprise,
        25,
    ),
    (
        "江北市临江镇非公企业第二联合支部委员会",
        "非公企业第二联合支部",
        OrgKind::JointBranch,
        Sector::PrivateEnterprise,
        25,
    ),
    ("江北市临江镇社会组织联合支部委员会", "社会组织联合支部", OrgKind::JointBranch, Sector::SocialOrg, 20),
    ("江北市临江镇商会支部委员会", "商会支部", OrgKind::Branch, Sector::SocialOrg, 22),
];

const COMMUNITIES: &[&str] = &["滨江", "新华", "学府", "光明", "朝阳", "长青", "胜利", "建设", "南门", "北湖"];

const VILLAGES: &[&str] = &[
    "东岗", "西岭", "南塘", "北坪", "上湾", "下湾", "石桥", "杨柳", "桃花", "竹林", "枫树", "白沙", "青石", "龙潭",
    "凤岭", "新田", "大坪", "小河", "黄泥", "红星",
];

pub(super) fn branch_specs(scale: DemoScale, rng: &mut Rng) -> Vec<BranchSpec> {
    if scale == DemoScale::Small {
        return vec![BranchSpec {
            name: format!("中共{CITY}教育局机关第一支部委员会"),
            short_name: "教育局机关一支部".to_string(),
            kind: OrgKind::Branch,
            sector: Sector::Government,
            size: 22,
            groups: 3,
            theme_day: 15,
        }];
    }
    let communities = COMMUNITIES.iter().map(|c| {
        (format!("{CITY}临江镇{c}社区支部委员会"), format!("{c}社区支部"), OrgKind::Branch, Sector::UrbanCommunity, 58)
    });
    let villages = VILLAGES
        .iter()
        .map(|v| (format!("{CITY}临江镇{v}村支部委员会"), format!("{v}村支部"), OrgKind::Branch, Sector::Village, 50));
    UNITS
        .iter()
        .map(|&(name, short, kind, sector, size)| (name.to_string(), short.to_string(), kind, sector, size))
        .chain(communities)
        .chain(villages)
        .map(|(name, short_name, kind, sector, size)| {
            let size = size + rng.below(12) as usize;
            BranchSpec {
                name: format!("中共{name}"),
                short_name,
                kind,
                sector,
                size,
                groups: if size > 45 { 3 } else { 2 },
                theme_day: 5 + rng.below(16) as u32,
            }
        })
        .collect()
}

/// The 党委 above the branches (large demo only).
pub(super) fn committee(key: String) -> OrgRecord {
    OrgRecord {
        key,
        name: format!("中共{CITY}临江镇委员会"),
        short_name: Some("临江镇党委".to_string()),
        kind: OrgKind::Committee,
        sector: Sector::Government,
        parent: None,
        founded_on: NaiveDate::from_ymd_opt(1956, 3, 1),
        term: None,
        profile: Some("national".to_string()),
        positions: Vec::new(),
        groups: Vec::new(),
    }
}

/// Terms of 3 years (村/社区: 5), the current one elected within the last term.
pub(super) fn term(spec: &BranchSpec, w: &Window, rng: &mut Rng) -> TermRecord {
    let years = if matches!(spec.sector, Sector::Village | Sector::UrbanCommunity) { 5 } else { 3 };
    let months_ago = 2 + rng.below(u64::from(years) * 12 - 4) as u32;
    let elected = w.today.checked_sub_months(Months::new(months_ago)).unwrap_or(w.today);
    let elected = elected.with_day(1 + rng.below(25) as u32).unwrap_or(elected).min(w.today);
    TermRecord { elected_on: elected, years }
}

/// A branch founded before the demo's years begin (its records never predate it).
pub(super) fn branch_record(
    spec: &BranchSpec,
    key: String,
    parent: Option<String>,
    term: TermRecord,
    w: &Window,
    rng: &mut Rng,
) -> OrgRecord {
    let year = rng.range(1952, i64::from(w.first_year) - 1) as i32;
    OrgRecord {
        key,
        name: spec.name.clone(),
        short_name: Some(spec.short_name.clone()),
        kind: spec.kind,
        sector: spec.sector,
        parent,
        founded_on: NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32),
        term: Some(term),
        profile: Some("national".to_string()),
        positions: Vec::new(),
        groups: Vec::new(),
    }
}

pub(super) fn group_names(n: usize) -> Vec<GroupRecord> {
    ["第一党小组", "第二党小组", "第三党小组"]
        .iter()
        .take(n)
        .map(|name| GroupRecord { key: String::new(), name: name.to_string(), leader: None })
        .collect()
}

pub(super) const ROLES: [Role; 5] =
    [Role::Secretary, Role::DeputySecretary, Role::Organization, Role::Propaganda, Role::Discipline];

/// Committee positions over the terms that reach back to the window's start: mostly re-elected,
/// sometimes a new holder. The current committee is members 0..5 (the generator makes them eligible).
pub(super) fn positions(members: &[MemberRecord], term: &TermRecord, w: &Window, rng: &mut Rng) -> Vec<PositionRecord> {
    let mut starts = vec![term.elected_on];
    while let Some(&s) = starts.last().filter(|s| **s > w.start()) {
        starts.push(s.checked_sub_months(Months::new(term.years * 12)).unwrap_or(s));
    }
    let can_hold = |i: usize, on: NaiveDate| {
        let m = &members[i];
        m.full_member_on.is_some_and(|f| f <= on)
            && m.left.is_none()
            && !m.attendance_exempt
            && m.lost_contact_since.is_none()
            && m.outflow_to.is_none()
    };
    let mut out = Vec::new();
    // Earlier holders come from outside the current committee, one role each per term.
    let mut replacements: HashSet<(NaiveDate, usize)> = HashSet::new();
    for (r, role) in ROLES.iter().enumerate() {
        // Walk back from the current term: (term start, holder), newest first.
        let mut holders: Vec<(NaiveDate, usize)> = vec![(starts[0], r)];
        for &start in &starts[1..] {
            let current = holders.last().map_or(r, |h| h.1);
            let next = if rng.percent(75) && can_hold(current, start) {
                Some(current)
            } else {
                let pool = members.len() as u64 - 5;
                let pick = (0..10)
                    .map(|_| 5 + rng.below(pool) as usize)
                    .find(|&i| can_hold(i, start) && !replacements.contains(&(start, i)));
                pick.inspect(|&i| {
                    replacements.insert((start, i));
                })
            };
            match next {
                Some(i) => holders.push((start, i)),
                None => break,
            }
        }
        holders.reverse();
        let mut runs: Vec<(NaiveDate, usize)> = Vec::new();
        for (start, i) in holders {
            if runs.last().is_none_or(|run| run.1 != i) {
                runs.push((start, i));
            }
        }
        for (n, &(from, i)) in runs.iter().enumerate() {
            let to = runs.get(n + 1).map(|next| next.0);
            out.push(PositionRecord { member: members[i].key.clone(), role: *role, from: Some(from), to });
        }
    }
    out
}

/// Who held a committee position on `date`.
pub(super) fn committee_on(positions: &[PositionRecord], date: NaiveDate) -> impl Iterator<Item = &PositionRecord> {
    positions.iter().filter(move |p| p.from.is_none_or(|f| f <= date) && p.to.is_none_or(|t| date < t))
}
