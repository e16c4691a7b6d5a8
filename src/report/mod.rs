//! 报送上级 (issue 15): a branch's 报送 file — its subtree's data package plus a manifest — and a
//! committee ledger receiving such files.
//!
//! The file is one JSON object `{ "format": "zhibu-report", "version": 1, "manifest": {…}, "package": {…} }`
//! (`docs/reports.md`). `manifest.digest` is the SHA-256 of the package as `package::to_json` writes it
//! (the package's canonical text), so any change to the package inside the file is detected.
//!
//! Receiving one file is one transaction: the branch is found in the committee's tree (by the ledger id
//! and org key it reported under before, else by the same tolerant name match the roster import uses;
//! never guessed), the package is imported (records are merged, never deleted), the branch is put back
//! under its parent, and a `branch_reports` row records what was received. Any refusal leaves the
//! ledger as it was.

pub mod profile;
pub mod transfers;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::import::roster::core_name;
use crate::input::{self, FileKind};
use crate::package::{self, ImportReport, Package};
use crate::store::reports::{self as stored, BranchReportRow};
use crate::store::{meta, orgs, Ledger};

/// The value of a 报送 file's `format` field.
pub const REPORT_FORMAT: &str = "zhibu-report";
/// The 报送 file version this build reads and writes.
pub const REPORT_VERSION: u32 = 1;

/// A 报送 file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    pub format: String,
    pub version: u32,
    pub manifest: Manifest,
    pub package: Package,
}

/// What a 报送 file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manifest {
    /// The branch's key in the exporting ledger (the package's root organisation).
    pub org_key: String,
    pub org_name: String,
    /// The exporting ledger's stable id (the package's `source`).
    pub ledger_id: String,
    /// `YYYY`, `YYYY-H1`/`H2` or `YYYY-Q1`…`Q4`.
    pub period: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub counts: ReportCounts,
    /// SHA-256 (lowercase hex) of `package::to_json(package)`.
    pub digest: String,
    pub zhibu_version: String,
    pub created_at: DateTime<FixedOffset>,
}

/// Counts of the branch's records in the package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportCounts {
    /// Members of the branch and the organisations under it.
    pub members: u32,
    pub meetings: u32,
    pub payments: u32,
    pub development: u32,
}

/// A reporting period: `YYYY`, `YYYY-Hn` or `YYYY-Qn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Parses `YYYY`, `YYYY-H1`/`H2`, `YYYY-Q1`…`Q4`; `at` names the field in the message.
    pub fn parse(at: &str, text: &str) -> Result<Period> {
        let bad =
            || Error::invalid(at, format!("报送期间“{text}”应写作 2025、2025-H1（上半年）或 2025-Q3（第三季度）"));
        let t = text.trim().to_uppercase();
        let (year, part) = match t.split_once('-') {
            Some((y, p)) => (y, Some(p)),
            None => (t.as_str(), None),
        };
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(bad)?;
        let (first, last) = match part {
            None => (1, 12),
            Some("H1") => (1, 6),
            Some("H2") => (7, 12),
            Some(q) if q.len() == 2 && q.starts_with('Q') => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n)).ok_or_else(bad)?;
                (n * 3 - 2, n * 3)
            }
            Some(_) => return Err(bad()),
        };
        let from = NaiveDate::from_ymd_opt(year, first, 1).ok_or_else(bad)?;
        let to =
            NaiveDate::from_ymd_opt(if last == 12 { year + 1 } else { year }, if last == 12 { 1 } else { last + 1 }, 1)
                .and_then(|d| d.pred_opt())
                .ok_or_else(bad)?;
        Ok(Period { label: t, from, to })
    }

    /// The calendar year of `today`.
    pub fn year_of(today: NaiveDate) -> Period {
        Period::parse("period", &today.year().to_string()).expect("a calendar year is a period")
    }
}

/// SHA-256 of the package's canonical text, lowercase hex.
pub fn package_digest(pkg: &Package) -> String {
    hex(&Sha256::digest(package::to_json(pkg).as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The keys of the organisation `root` and of every organisation under it, within the package.
fn subtree_keys(pkg: &Package, root: &str) -> HashSet<String> {
    let mut keys: HashSet<String> = HashSet::from([root.to_string()]);
    loop {
        let before = keys.len();
        for o in &pkg.organizations {
            if o.parent.as_ref().is_some_and(|p| keys.contains(p)) {
                keys.insert(o.key.clone());
            }
        }
        if keys.len() == before {
            return keys;
        }
    }
}

/// A branch's 报送 file: the subtree of `org_key` (default: the ledger's top organisation).
pub fn build_report(
    ledger: &Ledger,
    org_key: Option<&str>,
    period: &Period,
    now: DateTime<FixedOffset>,
) -> Result<ReportFile> {
    let key = match org_key {
        Some(k) => k.to_string(),
        None => {
            let top = orgs::first_top(ledger.conn())?
                .ok_or_else(|| Error::Conflict("台账中还没有组织，无法报送".to_string()))?;
            orgs::get(ledger.conn(), top)?.key
        }
    };
    let pkg = package::export_package(ledger, Some(&key), now)?;
    let root = pkg
        .organizations
        .iter()
        .find(|o| o.key == key)
        .ok_or_else(|| Error::Internal(format!("数据包中缺少报送组织 {key}")))?;
    let scope = subtree_keys(&pkg, &key);
    let counts = ReportCounts {
        members: pkg.members.iter().filter(|m| scope.contains(&m.org)).count() as u32,
        meetings: pkg.activities.len() as u32,
        payments: pkg.dues_payments.len() as u32,
        development: pkg.development.len() as u32,
    };
    let manifest = Manifest {
        org_key: key.clone(),
        org_name: root.name.clone(),
        ledger_id: pkg.source.clone(),
        period: period.label.clone(),
        period_from: period.from,
        period_to: period.to,
        counts,
        digest: package_digest(&pkg),
        zhibu_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: now,
    };
    Ok(ReportFile { format: REPORT_FORMAT.to_string(), version: REPORT_VERSION, manifest, package: pkg })
}

/// The file's text (pretty JSON, manifest first).
pub fn report_json(file: &ReportFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("a report always serializes");
    text.push('\n');
    text
}

/// Reads and checks a 报送 file someone hands us: size and shape guards of `input`, the format and
/// version, the package header, the digest and that the manifest agrees with the package. Nothing is
/// written. Every message names the file.
pub fn read_report_file(path: &Path) -> Result<ReportFile> {
    let name = input::display_name(path);
    let named = |what: String| Error::UnreadableFile(format!("“{name}”{what}"));
    let bytes = input::read_all(path, FileKind::Package)?;
    let text = String::from_utf8(bytes).map_err(|_| named("不是 UTF-8 文本，不是报送文件".to_string()))?;
    let estimate = package::parsed_size_estimate(text.as_bytes());
    if estimate > 800 * 1024 * 1024 {
        return Err(named(format!("包含的记录太多（读入需要约 {} MB 内存），无法接收", estimate >> 20)));
    }
    let file: ReportFile = input::contain(&name, || {
        serde_json::from_str::<ReportFile>(&text).map_err(|e| {
            if e.is_eof() {
                named("内容不完整（文件意外结束），可能没有复制完整，请让支部重新报送".to_string())
            } else if e.is_syntax() {
                named(format!("不是有效的 JSON（第 {} 行第 {} 列），不是报送文件", e.line(), e.column()))
            } else {
                named(format!("不是本程序能读的报送文件：第 {} 行第 {} 列内容有误（{e}）", e.line(), e.column()))
            }
        })
    })?;
    if file.format != REPORT_FORMAT {
        return Err(named(format!("不是报送文件：format 应为“{REPORT_FORMAT}”，现为“{}”", file.format)));
    }
    if file.version > REPORT_VERSION || file.version == 0 {
        return Err(Error::NewerVersion(format!(
            "“{name}”由更新版本的 zhibu 报送（报送文件版本 {}），请先升级 zhibu 再接收",
            file.version
        )));
    }
    package::parse_header(&file.package).map_err(|e| named(format!("中的数据包有误：{e}")))?;
    if package_digest(&file.package) != file.manifest.digest.to_lowercase() {
        return Err(named("校验不符：数据包内容与报送时的摘要不一致，文件可能被改动或损坏，未接收".to_string()));
    }
    let m = &file.manifest;
    if m.ledger_id != file.package.source {
        return Err(named("的台账标识与其中数据包的来源不一致，未接收".to_string()));
    }
    if !file.package.organizations.iter().any(|o| o.key == m.org_key) {
        return Err(named(format!("的数据包中没有报送组织“{}”，未接收", m.org_name)));
    }
    Ok(file)
}

/// How the branch of a file was found in the committee's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// It reported before under the same ledger id and key.
    Earlier,
    /// The package comes from this very ledger: by key.
    Key,
    /// By the organisation's name (tolerant: 中共/委员会/党/第 ignored).
    Name,
    /// Chosen by the person receiving (a branch the name did not match).
    Chosen,
}

/// A member of the branch whose ID number a record of another organisation still holds too (a
/// transfer one of them has not recorded yet): listed until the committee settles it
/// (`transfers::settle`), never merged or guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TransferConflict {
    pub name: String,
    /// The organisation the ledger already has the person in.
    pub other_org: String,
    /// The ID number, with the middle digits masked.
    pub id_number: String,
}

/// What receiving one file did (or, previewed, would do) for its branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchReceipt {
    pub org_key: String,
    pub org_name: String,
    pub matched_by: MatchedBy,
    pub period: String,
    pub counts: ReportCounts,
    /// When the branch's previous report was made (`YYYY-MM-DD`), if any.
    pub previous_report: Option<String>,
    /// True when this very file (same digest) was received before: nothing changed.
    pub same_as_before: bool,
    /// Names of members listed now and not in the previous report (all of them on a first report).
    pub members_in: Vec<String>,
    /// Names of members in the previous report and not in this one: kept in the ledger, not deleted.
    pub members_out: Vec<String>,
    pub meetings_added: u32,
    pub payments_added: u32,
    pub import: ImportReport,
    pub conflicts: Vec<TransferConflict>,
}

/// Receives one checked file into the committee ledger, in one transaction; with `preview` the
/// transaction is rolled back. `received_at` is recorded as given.
pub fn receive_file(
    ledger: &Ledger,
    file_name: &str,
    file: &ReportFile,
    preview: bool,
    today: NaiveDate,
    received_at: &str,
    map_to: Option<i64>,
) -> Result<BranchReceipt> {
    let tx = ledger.write_transaction()?;
    let receipt = receive_in(&tx, file_name, file, today, received_at, map_to)?;
    if !preview {
        tx.commit()?;
    }
    Ok(receipt)
}

fn receive_in(
    conn: &Connection,
    file_name: &str,
    file: &ReportFile,
    today: NaiveDate,
    received_at: &str,
    map_to: Option<i64>,
) -> Result<BranchReceipt> {
    let m = &file.manifest;
    let pkg = &file.package;
    let own_id = meta::ledger_id(conn)?;
    let same_ledger = pkg.source == own_id;
    let all = stored::org_parents(conn)?;
    let (org_id, matched_by) = match map_to {
        Some(id) => chosen_branch(conn, id, &all)?,
        None => find_branch(conn, file_name, m, same_ledger, &all)?,
    };
    let (_, parent, local_name) = all.iter().find(|(id, _, _)| *id == org_id).cloned().expect("matched org exists");
    let previous = stored::last_for(conn, org_id)?;
    if let Some(prev) = &previous {
        let prev_at = DateTime::parse_from_rfc3339(&prev.exported_at).ok();
        if prev_at.is_some_and(|p| p > m.created_at) {
            return Err(Error::Conflict(format!(
                "“{file_name}”是{}的较早报送（{}），本台账已收到该支部 {} 的报送，未接收",
                local_name,
                m.created_at.format("%Y年%-m月%-d日"),
                prev_at.map(|p| p.format("%Y年%-m月%-d日").to_string()).unwrap_or_default()
            )));
        }
    }
    if let Some(prev) = previous.as_ref().filter(|p| p.digest == m.digest) {
        // This very file was received before: nothing to import, nothing to record.
        let reported_on =
            DateTime::parse_from_rfc3339(&prev.exported_at).ok().map(|d| d.format("%Y-%m-%d").to_string());
        return Ok(BranchReceipt {
            org_key: orgs::get(conn, org_id)?.key,
            org_name: local_name,
            matched_by,
            period: m.period.clone(),
            counts: m.counts.clone(),
            previous_report: reported_on,
            same_as_before: true,
            members_in: Vec::new(),
            members_out: Vec::new(),
            meetings_added: 0,
            payments_added: 0,
            import: ImportReport::default(),
            conflicts: Vec::new(),
        });
    }
    let scope = subtree_keys(pkg, &m.org_key);
    if !same_ledger {
        stored::map_key(conn, &pkg.source, "organization", &m.org_key, org_id)?;
        match_sub_orgs(conn, pkg, &scope, &m.org_key, org_id, &all)?;
    }
    let outside = outside_orgs(conn, pkg, &scope, same_ledger, org_id, &all)?;
    // The 班子 of an organisation outside the branch is the committee's own record: the branch's
    // package holds only the part its records name, which must not replace it.
    let kept: Vec<(i64, Vec<stored::PositionRow>)> =
        outside.values().map(|(id, _)| Ok((*id, stored::positions_of(conn, *id)?))).collect::<Result<_>>()?;
    // So is the organisation itself (its name, kind, term): the committee's spelling stays.
    stored::keep_orgs(conn, &outside.values().map(|(id, _)| *id).collect::<Vec<_>>())?;
    // A transfer the committee settled stays settled when the branch still lists the person.
    let kept_leavings = transfers::kept_leavings(conn, pkg, same_ledger)?;
    let import = package::import_into(conn, kept_leavings.as_ref().unwrap_or(pkg), today)?;
    stored::restore_orgs(conn)?;
    // The package carries the branch (and the organisations outside it that its records name) cut
    // loose from their parents: they stay where the committee has them.
    stored::set_parent(conn, org_id, parent)?;
    for (id, parent) in outside.values() {
        stored::set_parent(conn, *id, *parent)?;
    }
    for (id, rows) in &kept {
        stored::restore_positions(conn, *id, rows)?;
    }

    let branch: HashSet<i64> = orgs::subtree_ids(conn, org_id)?.into_iter().collect();
    let conflicts = transfers::open_for(conn, &branch, today)?;
    let now_members: BTreeMap<String, String> =
        pkg.members.iter().filter(|x| scope.contains(&x.org)).map(|x| (x.key.clone(), x.name.clone())).collect();
    let before: BTreeMap<String, String> =
        previous.as_ref().and_then(|p| serde_json::from_str(&p.member_keys).ok()).unwrap_or_default();
    let members_in = now_members.iter().filter(|(k, _)| !before.contains_key(*k)).map(|(_, n)| n.clone()).collect();
    let members_out = before.iter().filter(|(k, _)| !now_members.contains_key(*k)).map(|(_, n)| n.clone()).collect();
    stored::insert(
        conn,
        &BranchReportRow {
            org_id,
            ledger_id: m.ledger_id.clone(),
            org_key: m.org_key.clone(),
            org_name: m.org_name.clone(),
            file_name: file_name.to_string(),
            received_at: received_at.to_string(),
            exported_at: m.created_at.to_rfc3339(),
            period: m.period.clone(),
            digest: m.digest.clone(),
            members: i64::from(m.counts.members),
            meetings: i64::from(m.counts.meetings),
            payments: i64::from(m.counts.payments),
            development: i64::from(m.counts.development),
            member_keys: serde_json::to_string(&now_members).map_err(|e| Error::Internal(e.to_string()))?,
        },
    )?;
    crate::store::audit::record(
        conn,
        "接收报送",
        "organization",
        Some(org_id),
        &format!("接收{local_name}的报送（{}，{}）：{}", m.period, file_name, import.summary()),
        None,
    )?;
    Ok(BranchReceipt {
        org_key: orgs::get(conn, org_id)?.key,
        org_name: local_name,
        matched_by,
        period: m.period.clone(),
        counts: m.counts.clone(),
        previous_report: previous
            .as_ref()
            .and_then(|p| DateTime::parse_from_rfc3339(&p.exported_at).ok())
            .map(|d| d.format("%Y-%m-%d").to_string()),
        same_as_before: false,
        members_in,
        members_out,
        meetings_added: import.created.activities,
        payments_added: import.created.dues_payments,
        import,
        conflicts,
    })
}

/// The organisation the person receiving chose for a file (an organisation under a top one); the
/// choice is remembered with the report (`branch_reports`), so the branch's next file is matched.
fn chosen_branch(conn: &Connection, id: i64, all: &[(i64, Option<i64>, String)]) -> Result<(i64, MatchedBy)> {
    match all.iter().find(|(o, _, _)| *o == id) {
        Some((_, Some(_), _)) => Ok((id, MatchedBy::Chosen)),
        Some((_, None, name)) => Err(Error::Conflict(format!("“{name}”是本台账的上级组织，不能作为报送的支部"))),
        None => {
            orgs::name_of(conn, id)?;
            Err(Error::NotFound { what: "组织", key: id.to_string() })
        }
    }
}

/// The committee's organisation a file reports for; an unmatched or ambiguous branch is refused.
fn find_branch(
    conn: &Connection,
    file_name: &str,
    m: &Manifest,
    same_ledger: bool,
    all: &[(i64, Option<i64>, String)],
) -> Result<(i64, MatchedBy)> {
    if let Some(id) = stored::mapped_org(conn, &m.ledger_id, &m.org_key)? {
        return Ok((id, MatchedBy::Earlier));
    }
    if same_ledger {
        if let Ok(id) = orgs::id_by_key(conn, &m.org_key) {
            return Ok((id, MatchedBy::Key));
        }
    } else if let Some(id) = stored::imported_id(conn, &m.ledger_id, "organization", &m.org_key)? {
        if all.iter().any(|(o, _, _)| *o == id) {
            return Ok((id, MatchedBy::Earlier));
        }
    }
    let wanted = core_name(&m.org_name);
    let found: Vec<i64> = all.iter().filter(|(_, _, n)| core_name(n) == wanted).map(|(id, _, _)| *id).collect();
    match found.as_slice() {
        [one] => Ok((*one, MatchedBy::Name)),
        [] => Err(Error::Conflict(format!(
            "“{file_name}”报送的组织“{}”不在本台账的组织中，未接收（请先在组织中建立该支部，或核对支部名称）",
            m.org_name
        ))),
        _ => Err(Error::Conflict(format!(
            "“{file_name}”报送的组织“{}”与本台账中 {} 个组织名称相同，无法确定是哪一个，未接收",
            m.org_name,
            found.len()
        ))),
    }
}

/// Organisations under the reporting organisation in the package (a 总支's branches) that the
/// committee already has under it: each one not mapped before is matched by the tolerant name among
/// the committee's organisations under the branch (unique, and not already taken by another of the
/// package's), so its records land there instead of in a second copy. Others are created by the
/// import, under the branch.
fn match_sub_orgs(
    conn: &Connection,
    pkg: &Package,
    scope: &HashSet<String>,
    root_key: &str,
    branch_id: i64,
    all: &[(i64, Option<i64>, String)],
) -> Result<()> {
    let under: HashSet<i64> = orgs::subtree_ids(conn, branch_id)?.into_iter().filter(|id| *id != branch_id).collect();
    if under.is_empty() {
        return Ok(());
    }
    let subs: Vec<_> = pkg.organizations.iter().filter(|o| o.key != root_key && scope.contains(&o.key)).collect();
    let mut taken: HashSet<i64> = HashSet::new();
    let mut open = Vec::new();
    for o in subs {
        match stored::imported_id(conn, &pkg.source, "organization", &o.key)?.filter(|id| under.contains(id)) {
            Some(id) => {
                taken.insert(id);
            }
            None => open.push(o),
        }
    }
    for o in open {
        let wanted = core_name(&o.name);
        let found: Vec<i64> = all
            .iter()
            .filter(|(id, _, n)| under.contains(id) && !taken.contains(id) && core_name(n) == wanted)
            .map(|(id, _, _)| *id)
            .collect();
        if let [one] = found.as_slice() {
            stored::map_key(conn, &pkg.source, "organization", &o.key, *one)?;
            taken.insert(*one);
        }
    }
    Ok(())
}

/// Organisations outside the branch that the package carries because its records name their people
/// (a 党委 lecturer): package key → (local id, local parent) for each one the committee already has —
/// mapped before, by key from this very ledger, or by a unique tolerant name match. Others are left
/// to the import (created cut loose).
fn outside_orgs(
    conn: &Connection,
    pkg: &Package,
    scope: &HashSet<String>,
    same_ledger: bool,
    branch_id: i64,
    all: &[(i64, Option<i64>, String)],
) -> Result<HashMap<String, (i64, Option<i64>)>> {
    let branch: HashSet<i64> = orgs::subtree_ids(conn, branch_id)?.into_iter().collect();
    let parent_of: HashMap<i64, Option<i64>> = all.iter().map(|(id, p, _)| (*id, *p)).collect();
    let mut out = HashMap::new();
    for o in pkg.organizations.iter().filter(|o| !scope.contains(&o.key)) {
        let local = if same_ledger {
            orgs::id_by_key(conn, &o.key).ok()
        } else if let Some(id) =
            stored::imported_id(conn, &pkg.source, "organization", &o.key)?.filter(|id| parent_of.contains_key(id))
        {
            Some(id)
        } else {
            let wanted = core_name(&o.name);
            let found: Vec<i64> = all
                .iter()
                .filter(|(id, _, n)| !branch.contains(id) && core_name(n) == wanted)
                .map(|(id, _, _)| *id)
                .collect();
            match found.as_slice() {
                [one] => {
                    stored::map_key(conn, &pkg.source, "organization", &o.key, *one)?;
                    Some(*one)
                }
                _ => None,
            }
        };
        if let Some(id) = local {
            out.insert(o.key.clone(), (id, parent_of.get(&id).copied().flatten()));
        }
    }
    Ok(out)
}
