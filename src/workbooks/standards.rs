//! The workbooks of the standards: the 自查表 (every finding of the year under a profile), the 评分表
//! (the scoring table with each item's points, score, how it was scored and its evidence, the total
//! and the verdict) and the 成都 备案登记表 (附件3: one row per branch under a 党委/总支). Built on
//! the shared print layout (`roster::ledger_sheet`).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, XlsxError};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{OrgKind, Organization, Role, Sector};
use crate::standards::check::{check_ledger, FindingsProvider};
use crate::standards::finding::{CheckReport, Finding, Status};
use crate::standards::profile::Profile;
use crate::standards::rules_num;
use crate::standards::scoring::ScoreSheet;
use crate::store::members::{MemberFilter, Presence};
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::citation;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn, HEAD_ROWS};
use crate::workbooks::meetings::month_day;
use crate::workbooks::meetings::read::{self, Scope};
use crate::workbooks::meetings::records::{record_number, record_numbers};

pub const SELF_CHECK_SHEET: &str = "自查表";
/// A committee's 自查表, second sheet: each rule judged per member, one row per branch.
pub const SELF_CHECK_MEMBERS_SHEET: &str = "党员指标";

/// Names of unmet members shown per branch before “等N人”.
const NAMES_SHOWN: usize = 10;
pub const SCORE_SHEET: &str = "评分表";
pub const FILING_SHEET: &str = "备案登记表";

/// Evidence references shown per row before “等N项”.
const EVIDENCE_SHOWN: usize = 8;

const SELF_CHECK_COLUMNS: [TableColumn; 11] = [
    TableColumn::centered("序号"),
    TableColumn::left("组织", 16.0),
    TableColumn::left("要求", 30.0),
    TableColumn::centered("类别"),
    TableColumn::centered("周期"),
    TableColumn::centered("应达"),
    TableColumn::centered("实际"),
    TableColumn::centered("结果"),
    TableColumn::left("说明", 40.0),
    TableColumn::left("依据", 30.0),
    TableColumn::left("佐证", 24.0),
];

/// A committee's 自查表, first sheet: each rule judged per organisation, one row per organisation and
/// rule, its periods (12 months, 4 quarters …) and subjects (党小组, 发展对象) counted.
const SELF_CHECK_COMMITTEE_COLUMNS: [TableColumn; 11] = [
    TableColumn::centered("序号"),
    TableColumn::left("组织", 16.0),
    TableColumn::left("要求", 30.0),
    TableColumn::centered("类别"),
    TableColumn::centered("周期"),
    TableColumn::centered("应达标项数"),
    TableColumn::centered("达标项数"),
    TableColumn::centered("结果"),
    TableColumn::left("说明", 40.0),
    TableColumn::left("依据", 30.0),
    TableColumn::left("佐证", 24.0),
];

const SELF_CHECK_MEMBER_COLUMNS: [TableColumn; 10] = [
    TableColumn::centered("序号"),
    TableColumn::left("所在支部", 14.0),
    TableColumn::left("要求", 34.0),
    TableColumn::centered("周期"),
    TableColumn::centered("应达标人数"),
    TableColumn::centered("达标人数"),
    TableColumn::centered("达标率"),
    TableColumn::centered("未达标人数"),
    TableColumn::left("未达标党员", 36.0),
    TableColumn::left("依据", 40.0),
];

const SCORE_COLUMNS: [TableColumn; 9] = [
    TableColumn::centered("序号"),
    TableColumn::left("评分项目", 12.0),
    TableColumn::left("评分标准", 50.0),
    TableColumn::centered("分值"),
    TableColumn::centered("得分"),
    TableColumn::centered("▲"),
    TableColumn::left("计分办法", 22.0),
    TableColumn::left("得分依据", 30.0),
    TableColumn::left("佐证", 22.0),
];

const FILING_COLUMNS: [TableColumn; 8] = [
    TableColumn::centered("序号"),
    TableColumn::left("党组织名称", 36.0),
    TableColumn::centered("类型"),
    TableColumn::centered("党员人数"),
    TableColumn::centered("覆盖群众"),
    TableColumn::centered("党组织负责人"),
    TableColumn::centered("联系电话"),
    TableColumn::left("地址", 30.0),
];

/// What a written workbook holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StandardsSheetSummary {
    pub path: String,
    pub rows: u32,
    pub profile: String,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "frequency" => "频次",
        "quota" => "人均",
        "cap" => "比例",
        "deadline" => "时限",
        "structure" => "设置",
        "manual" => "人工",
        "development" => "发展党员",
        "funds" => "经费",
        _ => "其他",
    }
}

/// The evidence of findings as a reviewer finds it in what was printed: a 会议记录 by its 编号
/// (`记录2026-003`), any other activity by date and kind (`3月5日谈心谈话`), a training by date and
/// title, a 党费公示 by its period, a document by its title. Findings carry database keys (`a-78`,
/// `training-5`; `check --json` reports them so); no sheet shows one.
struct EvidenceRefs {
    activities: HashMap<String, String>,
    trainings: HashMap<i64, String>,
    documents: HashMap<i64, String>,
    attachments: HashMap<i64, String>,
    publications: HashMap<i64, String>,
}

impl EvidenceRefs {
    fn load(ledger: &Ledger, org_id: i64, year: i32) -> Result<EvidenceRefs> {
        let conn = ledger.conn();
        let names = read::evidence_names(conn, org_id, year, Scope::Subtree)?;
        let meetings = read::meetings(conn, org_id, year, Scope::Subtree)?;
        let numbers = record_numbers(&meetings);
        let by_id: HashMap<i64, &read::Meeting> = meetings.iter().map(|m| (m.id, m)).collect();
        let activities = names
            .activities
            .into_iter()
            .filter_map(|(key, id)| {
                let m = by_id.get(&id)?;
                let shown = match numbers.get(&id) {
                    Some(n) => format!("记录{}", record_number(m.date, *n)),
                    None => format!("{}{}", month_day(m.date), m.type_labels()),
                };
                Some((key, shown))
            })
            .collect();
        let trainings = names
            .trainings
            .into_iter()
            .map(|(id, (date, title))| (id, format!("{}培训“{title}”", month_day(date))))
            .collect();
        let documents = names.documents.into_iter().map(|(id, title)| (id, format!("“{title}”"))).collect();
        let attachments = names.attachments.into_iter().map(|(id, name)| (id, format!("附件“{name}”"))).collect();
        let mut publications = HashMap::new();
        for id in crate::standards::facts::subtree_ids(conn, Some(org_id))? {
            for p in crate::dues::publication::publications(ledger, id)? {
                let what = match p.subject {
                    crate::dues::PublicationSubject::Dues => "党费公示",
                    crate::dues::PublicationSubject::Funds => "经费使用情况公示",
                };
                publications.insert(p.id, format!("{}{what}（{}）", p.period_label, month_day(p.published_on)));
            }
        }
        Ok(EvidenceRefs { activities, trainings, documents, attachments, publications })
    }

    /// How one piece of evidence is shown; `None` for a key that names nothing printed.
    fn show(&self, evidence: &str) -> Option<String> {
        let id_after = |prefix: &str| evidence.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok());
        if let Some(shown) = self.activities.get(evidence) {
            return Some(shown.clone());
        }
        if let Some(id) = id_after("training-") {
            return self.trainings.get(&id).cloned();
        }
        if let Some(id) = id_after("document-") {
            return self.documents.get(&id).cloned();
        }
        if let Some(id) = id_after("attachment-") {
            return self.attachments.get(&id).cloned();
        }
        if let Some(id) = id_after("dues_publication-") {
            return self.publications.get(&id).cloned();
        }
        (!looks_like_key(evidence)).then(|| evidence.to_string())
    }

    /// The 佐证 cell: the first `EVIDENCE_SHOWN` references, then “等N项”.
    fn text(&self, evidence: &[String]) -> String {
        self.text_up_to(evidence, EVIDENCE_SHOWN)
    }

    /// The 佐证 cell: the first `limit` references, then “等N项”.
    fn text_up_to(&self, evidence: &[String], limit: usize) -> String {
        let mut shown: Vec<String> = Vec::new();
        for e in evidence {
            if let Some(s) = self.show(e).filter(|s| !shown.contains(s)) {
                shown.push(s);
            }
        }
        let total = shown.len();
        let mut s = shown.into_iter().take(limit).collect::<Vec<_>>().join("、");
        if total > limit {
            s.push_str(&format!("等{total}项"));
        }
        s
    }
}

/// A database key (`a-78`, `m-3-2`, `training-5`): lowercase ASCII letters, a dash and digits.
fn looks_like_key(text: &str) -> bool {
    let Some((prefix, rest)) = text.split_once('-') else { return false };
    !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// `一支部2026年自查表（全国基本要求）-20261122.xlsx`: the profile named by its short title.
pub fn self_check_file_name(org: &Organization, year: i32, profile: &Profile, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年自查表（{}）", profile.short_label()), today)
}

/// `一支部2026年评分表（涪陵国企百分制）-20261122.xlsx`
pub fn score_file_name(org: &Organization, year: i32, profile: &Profile, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年评分表（{}）", profile.short_label()), today)
}

/// `临江镇党委蓉城先锋示范建设备案登记表-20261122.xlsx`
pub fn filing_file_name(org: &Organization, today: NaiveDate) -> String {
    super::file_name(org, "蓉城先锋示范建设备案登记表", today)
}

/// Writes the 自查表 of `org_id`'s subtree for `year` under `profile_id` (the organisation's own
/// when None), as seen on `today`, with `provider`'s development findings.
pub fn write_self_check(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let org = crate::store::orgs::get(ledger.conn(), org_id)?;
    let report = check_ledger(ledger, Some(&org.key), year, profile_id, today, provider)?;
    write_checked_self_check(ledger, org_id, year, &report, today, path)
}

/// Writes the 自查表 of `org_id` from its check already made (`report`: the organisation's subtree
/// under one profile, as `check_ledger` gives it).
pub fn write_checked_self_check(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    report: &CheckReport,
    today: NaiveDate,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::get(conn, org_id)?;
    let profile = crate::standards::custom::load_profile(conn, &report.profile)?;
    let refs = EvidenceRefs::load(ledger, org_id, year)?;
    let names = crate::store::orgs::short_names_by_key(conn)?;
    // A committee (an organisation with branches under it) files one row per branch for each rule
    // judged per member; a branch's own 自查表 keeps a row per member (its secretary needs the names).
    let committee = crate::standards::facts::subtree_ids(conn, Some(org_id))?.len() > 1;
    let row_of = |i: usize, f: &Finding| {
        let mut message = f.message.clone();
        if let Some(w) = &f.warning {
            message.push_str(&format!("（提示：{w}）"));
        }
        vec![
            Cell::count(i + 1),
            Cell::text(names.get(&f.org).cloned().unwrap_or_else(|| f.org.clone())),
            Cell::text(rule_title(f)),
            Cell::text(kind_label(&f.kind)),
            Cell::text(f.period.as_str()),
            Cell::Number(f.required),
            Cell::Number(f.actual),
            Cell::text(f.status.label()),
            Cell::text(message),
            Cell::text(citation::for_sheet(&f.source)),
            Cell::text(refs.text(&f.evidence)),
        ]
    };
    let (own, per_member): (Vec<&Finding>, Vec<&Finding>) =
        report.findings.iter().partition(|f| !committee || f.member.is_none());
    let rows: Vec<Vec<Cell>> = if committee {
        let group_names: HashMap<String, String> = crate::store::orgs::list(conn)?
            .into_iter()
            .flat_map(|o| o.groups.into_iter().map(|g| (g.key, g.name)))
            .collect();
        org_rule_groups(&own)
            .iter()
            .enumerate()
            .map(|(i, g)| committee_row(i, g, &names, &group_names, &refs))
            .collect()
    } else {
        own.iter().enumerate().map(|(i, f)| row_of(i, f)).collect()
    };
    let groups = member_rule_groups(&per_member);
    let member_rows = if groups.is_empty() {
        Vec::new()
    } else {
        let members: HashMap<String, String> =
            crate::store::members::list(conn, &MemberFilter { presence: Presence::All, ..Default::default() })?
                .into_iter()
                .map(|m| (m.key, m.fields.name))
                .collect();
        groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let f = g.findings[0];
                let unmet: Vec<&str> = g
                    .findings
                    .iter()
                    .filter(|f| f.status == Status::Unmet)
                    .map(|f| {
                        let key = f.member.as_deref().unwrap_or_default();
                        members.get(key).map_or(key, String::as_str)
                    })
                    .collect();
                let met = g.findings.iter().filter(|f| f.status == Status::Met).count();
                let open = g.findings.len() - met - unmet.len();
                let mut shown = unmet.iter().take(NAMES_SHOWN).copied().collect::<Vec<_>>().join("、");
                if unmet.len() > NAMES_SHOWN {
                    shown.push_str(&format!("等{}人", unmet.len()));
                }
                if open > 0 {
                    if !shown.is_empty() {
                        shown.push('；');
                    }
                    shown.push_str(&format!("另有{open}人未到期或待人工核对"));
                }
                let total = g.findings.len();
                vec![
                    Cell::count(i + 1),
                    Cell::text(names.get(&f.org).cloned().unwrap_or_else(|| f.org.clone())),
                    Cell::text(rule_title(f)),
                    Cell::text(f.period.as_str()),
                    Cell::count(total),
                    Cell::count(met),
                    Cell::RowRate {
                        numerator: 5,
                        denominator: 4,
                        value: crate::meetings::hours::rate_permille(
                            u32::try_from(met).unwrap_or(u32::MAX),
                            u32::try_from(total).unwrap_or(u32::MAX),
                        ),
                    },
                    Cell::count(unmet.len()),
                    Cell::text(shown),
                    Cell::text(citation::for_sheet(&f.source)),
                ]
            })
            .collect()
    };
    let c = report.counts();
    let title = format!("{}{year}年度党建工作自查表", org.fields.name);
    let mut subtitle = format!(
        "标准：{}　核对日期：{}　共{}项：达标{}，未达标{}，未到期{}，待人工核对{}",
        profile.title,
        chinese_date(today),
        report.findings.len(),
        c.met,
        c.unmet,
        c.pending,
        c.manual
    );
    let mut notes = Vec::new();
    if committee {
        notes.push(format!("按组织和要求汇总为{}行", rows.len()));
    }
    if !member_rows.is_empty() {
        notes.push(format!("按党员逐人核对的{}项按支部汇总见“{SELF_CHECK_MEMBERS_SHEET}”表", per_member.len()));
    }
    if !notes.is_empty() {
        subtitle.push_str(&format!("（{}）", notes.join("；")));
    }
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: SELF_CHECK_SHEET,
            title: title.clone(),
            subtitle: subtitle.clone(),
            columns: if committee { &SELF_CHECK_COMMITTEE_COLUMNS } else { &SELF_CHECK_COLUMNS },
            rows: &rows,
            unit: &org.fields.name,
            date: today,
            freeze_columns: 3,
        },
    )?;
    if !member_rows.is_empty() {
        ledger_sheet::add_table(
            &mut wb,
            &LedgerTable {
                sheet_name: SELF_CHECK_MEMBERS_SHEET,
                title: format!("{}{year}年度党员个人指标自查汇总表", org.fields.name),
                subtitle: format!(
                    "标准：{}　核对日期：{}　按支部汇总，共{}行（逐人明细见各支部自查表）",
                    profile.title,
                    chinese_date(today),
                    member_rows.len()
                ),
                columns: &SELF_CHECK_MEMBER_COLUMNS,
                rows: &member_rows,
                unit: &org.fields.name,
                date: today,
                freeze_columns: 3,
            },
        )?;
    }
    ledger_sheet::save(&mut wb, path)?;
    let written = rows.len() + member_rows.len();
    Ok(StandardsSheetSummary { path: path.display().to_string(), rows: written as u32, profile: profile.id })
}

/// The findings of one rule for one organisation: its periods of the year and, for rules judged per
/// 党小组 or per 发展对象, its subjects.
struct OrgRuleGroup<'a> {
    findings: Vec<&'a Finding>,
}

/// Per-organisation findings grouped by organisation, rule and measure, in the order `check`
/// reports them (a group's place is its first finding's).
fn org_rule_groups<'a>(findings: &[&'a Finding]) -> Vec<OrgRuleGroup<'a>> {
    let mut index: HashMap<(&str, &str, Option<&str>), usize> = HashMap::new();
    let mut groups: Vec<OrgRuleGroup> = Vec::new();
    for f in findings {
        let key = (f.org.as_str(), f.rule.as_str(), f.measure.as_deref());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(OrgRuleGroup { findings: Vec::new() });
            groups.len() - 1
        });
        groups[i].findings.push(f);
    }
    groups
}

/// The 周期 of a committee's row: the period of its one finding, else what its periods are
/// (`2026年每月`, `2026年每季度`, `2026年每半年`, or the year when the rule is judged yearly per subject).
pub fn committee_period(periods: &[&str]) -> String {
    let Some(first) = periods.first() else { return String::new() };
    if periods.iter().all(|p| p == first) {
        return first.to_string();
    }
    let year = first.get(..4).unwrap_or(first);
    let unit = |p: &str| match p.get(4..) {
        Some(rest) if rest.starts_with("-Q") => "季度",
        Some(rest) if rest.starts_with("-H") => "半年",
        Some(rest) if rest.starts_with('-') => "月",
        _ => "年",
    };
    let units: Vec<&str> = periods.iter().map(|p| unit(p)).collect();
    if units.iter().all(|u| *u == units[0]) {
        format!("{year}年每{}", units[0])
    } else {
        format!("{year}年各期")
    }
}

/// A period as a committee row lists it: `3月`, `第二季度`, `上半年`; nothing for the whole year.
fn short_period(code: &str) -> String {
    let label = crate::standards::period::label_of(code);
    match label.split_once('年') {
        Some((_, rest)) => rest.to_string(),
        None => label,
    }
}

/// Evidence references shown per row of a committee's first sheet (a rule's whole year) before “等N项”.
const COMMITTEE_EVIDENCE_SHOWN: usize = 3;

/// Missed (or open) items shown per row before “等N项”.
const MISSES_SHOWN: usize = 12;

/// One row of a committee's first sheet: an organisation's rule over the year, with how many of its
/// periods and subjects were judged and met, the result (未达标 when any is, else 待人工核对, else
/// 未到期 while one is open, else 达标) and which ones were not met or are still open.
fn committee_row(
    i: usize,
    g: &OrgRuleGroup,
    names: &HashMap<String, String>,
    group_names: &HashMap<String, String>,
    refs: &EvidenceRefs,
) -> Vec<Cell> {
    let f = g.findings[0];
    let count = |st: Status| g.findings.iter().filter(|f| f.status == st).count();
    let (met, unmet, pending, manual) =
        (count(Status::Met), count(Status::Unmet), count(Status::Pending), count(Status::Manual));
    let status = if unmet > 0 {
        Status::Unmet
    } else if manual > 0 {
        Status::Manual
    } else if pending > 0 {
        Status::Pending
    } else {
        Status::Met
    };
    let message = if g.findings.len() == 1 {
        let mut m = f.message.clone();
        if let Some(w) = &f.warning {
            m.push_str(&format!("（提示：{w}）"));
        }
        m
    } else {
        // Each item named by its period and 党小组 (`第二党小组3月`), else by its own message
        // (a 发展对象's finding starts with the name).
        let item = |f: &Finding| {
            let group = f.subject.as_ref().and_then(|k| group_names.get(k)).cloned().unwrap_or_default();
            let short = format!("{group}{}", short_period(&f.period));
            let plain = f.subject.is_none() || !group.is_empty();
            if plain && !short.is_empty() {
                short
            } else {
                f.message.clone()
            }
        };
        let list = |st: Status| {
            let items: Vec<String> = g.findings.iter().filter(|f| f.status == st).map(|f| item(f)).collect();
            let mut s = items.iter().take(MISSES_SHOWN).cloned().collect::<Vec<_>>().join("、");
            if items.len() > MISSES_SHOWN {
                s.push_str(&format!("等{}项", items.len()));
            }
            s
        };
        let periods: Vec<&str> = g.findings.iter().map(|f| f.period.as_str()).collect();
        let unit = match committee_period(&periods).rsplit_once('每') {
            Some((_, "月")) if f.subject.is_none() => "个月",
            Some((_, "季度")) if f.subject.is_none() => "个季度",
            Some((_, "半年")) if f.subject.is_none() => "个半年",
            _ => "项",
        };
        let mut parts = vec![format!("{}{unit}中达标{met}{unit}", g.findings.len())];
        for (st, n) in [(Status::Unmet, unmet), (Status::Pending, pending), (Status::Manual, manual)] {
            if n > 0 {
                parts.push(format!("{}：{}", st.label(), list(st)));
            }
        }
        let warned: Vec<String> = g.findings.iter().filter(|f| f.warning.is_some()).map(|f| item(f)).collect();
        if let Some(w) = g.findings.iter().find_map(|f| f.warning.as_ref()) {
            let first = w.split_once('，').map_or(w.as_str(), |(rule, _)| rule);
            parts.push(format!("提示：{}（{first}）", warned.join("、")));
        }
        parts.join("；")
    };
    let periods: Vec<&str> = g.findings.iter().map(|f| f.period.as_str()).collect();
    let evidence: Vec<String> = g.findings.iter().flat_map(|f| f.evidence.iter().cloned()).collect();
    vec![
        Cell::count(i + 1),
        Cell::text(names.get(&f.org).cloned().unwrap_or_else(|| f.org.clone())),
        Cell::text(rule_title(f)),
        Cell::text(kind_label(&f.kind)),
        Cell::text(committee_period(&periods)),
        Cell::count(g.findings.len()),
        Cell::count(met),
        Cell::text(status.label()),
        Cell::text(message),
        Cell::text(citation::for_sheet(&f.source)),
        Cell::text(refs.text_up_to(&evidence, COMMITTEE_EVIDENCE_SHOWN)),
    ]
}

fn rule_title(f: &Finding) -> String {
    if f.title.is_empty() {
        f.rule.clone()
    } else {
        f.title.clone()
    }
}

/// The findings of one rule and period for the members of one branch.
struct MemberRuleGroup<'a> {
    findings: Vec<&'a Finding>,
}

/// Per-member findings grouped by rule, period and branch, in the order `check` reports them
/// (a group's place is its first finding's).
fn member_rule_groups<'a>(findings: &[&'a Finding]) -> Vec<MemberRuleGroup<'a>> {
    let mut index: HashMap<(&str, &str, &str, Option<&str>), usize> = HashMap::new();
    let mut groups: Vec<MemberRuleGroup> = Vec::new();
    for f in findings {
        let key = (f.rule.as_str(), f.period.as_str(), f.org.as_str(), f.measure.as_deref());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(MemberRuleGroup { findings: Vec::new() });
            groups.len() - 1
        });
        groups[i].findings.push(f);
    }
    groups
}

/// The profile a 评分表 uses: `profile_id`, else the organisation's own when it scores, else the
/// only built-in scoring table (`fuling-2017`).
pub fn scoring_profile(ledger: &Ledger, org_id: i64, profile_id: Option<&str>) -> Result<Profile> {
    let conn = ledger.conn();
    if let Some(id) = profile_id {
        return crate::standards::custom::load_profile(conn, id);
    }
    let own = crate::standards::check::profile_for(conn, Some(org_id), None)?;
    if own.scoring.is_some() {
        Ok(own)
    } else {
        crate::standards::custom::load_profile(conn, "fuling-2017")
    }
}

/// Scores `org_id` alone for `year` under `profile` (marks included).
pub fn score_org(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile: &Profile,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
) -> Result<ScoreSheet> {
    ledger.write(|conn| {
        let extra = provider.findings(conn, &[org_id], year, today)?;
        crate::standards::scoring::score_sheet(conn, org_id, year, profile, today, extra)
    })
}

/// Writes the 评分表 of `org_id` for `year` (see `scoring_profile` for the profile).
pub fn write_score_sheet(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let profile = scoring_profile(ledger, org_id, profile_id)?;
    let sheet = score_org(ledger, org_id, year, &profile, today, provider)?;
    write_scored(ledger, org_id, year, &profile, &sheet, today, path)
}

/// Writes the 评分表 of `org_id` scored under `profile`: from its check already made under that
/// profile (`report`), else scored here as `write_score_sheet` does.
pub fn write_score_sheet_checked(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    report: Option<&CheckReport>,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let profile = scoring_profile(ledger, org_id, None)?;
    match report.filter(|r| r.profile == profile.id) {
        Some(r) => {
            let sheet = crate::standards::scoring::score_checked(ledger.conn(), org_id, year, &profile, r)?;
            write_scored(ledger, org_id, year, &profile, &sheet, today, path)
        }
        None => write_score_sheet(ledger, org_id, year, Some(&profile.id), today, provider, path),
    }
}

/// Writes a 评分表 already scored.
fn write_scored(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile: &Profile,
    sheet: &ScoreSheet,
    today: NaiveDate,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let org = crate::store::orgs::get(ledger.conn(), org_id)?;
    let refs = EvidenceRefs::load(ledger, org_id, year)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut last_section = String::new();
    for (i, item) in sheet.items.iter().enumerate() {
        let section = if item.section != last_section { item.section.clone() } else { String::new() };
        last_section = item.section.clone();
        let mut basis = item.basis.clone();
        if let Some(note) = &item.note {
            basis.push_str(&format!("；说明：{note}"));
        }
        let score = match item.status {
            Status::Pending | Status::Manual if item.score == 0.0 => Cell::text("待定"),
            _ => Cell::Number(item.score),
        };
        rows.push(vec![
            Cell::count(i + 1),
            Cell::text(section),
            Cell::text(item.text.as_str()),
            Cell::Number(item.points),
            score,
            Cell::text(mandatory_mark(item)),
            Cell::text(item.partial_rule.as_str()),
            Cell::text(basis),
            Cell::text(refs.text(&item.evidence)),
        ]);
    }
    // The profile's items add up to its total (checked when a profile is loaded).
    let sum = |x: f64| Cell::ColumnSum(Box::new(Cell::Number(x)));
    rows.push(vec![
        Cell::text("合计"),
        Cell::Empty,
        Cell::text(format!("结论：{}", sheet.verdict_label)),
        sum(sheet.total),
        sum(sheet.score),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]);
    let scoring = profile.scoring.as_ref().ok_or_else(|| Error::Internal("scoring profile without table".into()))?;
    let title = format!("{}{year}年度党组织规范化建设评分表", org.fields.name);
    let subtitle = format!(
        "标准：{}　评分日期：{}　得分：{}分　结论：{}",
        profile.title,
        chinese_date(today),
        rules_num(sheet.score),
        sheet.verdict_label
    );
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: SCORE_SHEET,
            title,
            subtitle,
            columns: &SCORE_COLUMNS,
            rows: &rows,
            unit: &org.fields.name,
            date: today,
            freeze_columns: 0,
        },
    )?;
    let note = format!(
        "注：考评得分在{}分以上为合格，{}—{}分为基本合格，{}分以下为不合格。标▲的项目没有达标，即为不合格或者基本合格。\
         能从台账核对的项目按“计分办法”自动计分，其余项目由书记对照佐证材料评分。",
        rules_num(scoring.pass),
        rules_num(scoring.basic),
        rules_num(scoring.pass),
        rules_num(scoring.basic)
    );
    let ws = wb.worksheet_from_name(SCORE_SHEET).map_err(xlsx)?;
    let row = HEAD_ROWS + rows.len() as u32 + 1;
    (|| -> Result<(), XlsxError> {
        let text = Format::new().set_font_name("宋体").set_font_size(11).set_text_wrap().set_align(FormatAlign::Top);
        ws.merge_range(row, 0, row, SCORE_COLUMNS.len() as u16 - 1, &note, &text)?;
        ws.set_row_height(row, 36)?;
        Ok(())
    })()
    .map_err(xlsx)?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(StandardsSheetSummary {
        path: path.display().to_string(),
        rows: sheet.items.len() as u32,
        profile: profile.id.clone(),
    })
}

/// The ▲ column: ▲ met, ▲未达标, or ▲待评 for a manual item not yet ticked.
fn mandatory_mark(item: &crate::standards::scoring::ScoredItem) -> &'static str {
    match (item.mandatory, item.mandatory_unmet, item.status) {
        (false, _, _) => "",
        (true, false, _) => "▲",
        (true, true, Status::Manual) => "▲待评",
        (true, true, _) => "▲未达标",
    }
}

/// 附件3 类型 of a sector.
fn filing_type(sector: Sector) -> &'static str {
    match sector {
        Sector::UrbanCommunity => "城镇社区",
        Sector::Village => "农村",
        Sector::Government => "机关",
        Sector::Institution | Sector::School => "事业单位",
        Sector::Soe => "国企",
        Sector::PrivateEnterprise => "非公有制企业",
        Sector::SocialOrg => "社会组织",
    }
}

/// Writes the 成都 备案登记表: one row per branch under `org_id` (the organisation itself when it is
/// a branch). 覆盖群众 and 地址 are not kept in the ledger and are left to fill in by hand.
pub fn write_filing_register(
    ledger: &Ledger,
    org_id: i64,
    today: NaiveDate,
    path: &Path,
) -> Result<StandardsSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::get(conn, org_id)?;
    let ids = crate::standards::facts::subtree_ids(conn, Some(org_id))?;
    let mut rows = Vec::new();
    for id in ids {
        let o = crate::store::orgs::get(conn, id)?;
        let is_branch = matches!(o.fields.kind, OrgKind::Branch | OrgKind::JointBranch | OrgKind::TemporaryBranch);
        if !is_branch {
            continue;
        }
        let members = crate::store::roll::count_on(conn, crate::store::roll::RollScope::Own(id), today)?;
        let secretary = crate::standards::facts::holder(&o, Role::Secretary, today)
            .map(|m| crate::store::members::get(conn, m))
            .transpose()?;
        rows.push(vec![
            Cell::count(rows.len() + 1),
            Cell::text(o.fields.name.as_str()),
            Cell::text(filing_type(o.fields.sector)),
            Cell::Count(members.into()),
            Cell::Empty,
            Cell::text(secretary.as_ref().map(|m| m.fields.name.clone()).unwrap_or_default()),
            Cell::text(secretary.and_then(|m| m.fields.phone).unwrap_or_default()),
            Cell::Empty,
        ]);
    }
    let title = "“蓉城先锋”基层党组织示范建设备案登记表".to_string();
    let subtitle =
        format!("填报单位：{}　填报日期：{}　共{}个党组织", org.fields.name, chinese_date(today), rows.len());
    let branches = rows.len();
    if branches > 1 {
        let members: i64 = rows
            .iter()
            .map(|r| match r[3] {
                Cell::Count(n) => n,
                _ => 0,
            })
            .sum();
        let mut total =
            vec![Cell::text("合计"), Cell::Empty, Cell::Empty, Cell::ColumnSum(Box::new(Cell::Count(members)))];
        total.resize(FILING_COLUMNS.len(), Cell::Empty);
        rows.push(total);
    }
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: FILING_SHEET,
            title,
            subtitle,
            columns: &FILING_COLUMNS,
            rows: &rows,
            unit: &org.fields.name,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(StandardsSheetSummary {
        path: path.display().to_string(),
        rows: branches as u32,
        profile: "chengdu-2020".into(),
    })
}

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}
