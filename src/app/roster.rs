//! The user actions of the app, each one core call and one transaction. The Tauri commands in
//! `src-tauri/` and the CLI call these; neither holds business logic of its own.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::model::{Leaving, Member, MemberFields, OrgFields, OrgKind, Organization, PositionFields, Sector};
use crate::store::audit::{self, AuditEntry};
pub use crate::store::members::MemberFilter;
use crate::store::members::{self, MemberEvent};
use crate::store::{orgs, Ledger};

/// The date business logic treats as today: `ZHIBU_TODAY` (YYYY-MM-DD, for tests and demos) or the
/// system's local date. Only the outer layers (CLI, shell) call this; logic takes `today` as an argument.
pub fn system_today() -> NaiveDate {
    std::env::var("ZHIBU_TODAY")
        .ok()
        .and_then(|t| crate::model::dates::parse_date(&t))
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The ledger file: `ZHIBU_DB`, else `zhibu/ledger.db` in the user's data folder.
pub fn default_ledger_path() -> PathBuf {
    if let Some(p) = std::env::var_os("ZHIBU_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    data_folder().join("ledger.db")
}

/// The demo ledger's file: a ledger of its own in the data folder, so fake people never enter the
/// person's real ledger (the window's 示例台账).
pub fn demo_ledger_path() -> PathBuf {
    data_folder().join("示例台账.db")
}

/// Makes the demo ledger at `path` when there is none yet (the small demo as on `today`); an existing
/// demo ledger is kept as it is (what the person tried in it stays).
pub fn prepare_demo_ledger(path: &Path, today: NaiveDate) -> Result<()> {
    if matches!(super::backups::health(path, None), super::backups::LedgerHealth::New) {
        let ledger = Ledger::open_or_create(path)?;
        load_small_demo(&ledger, today)?;
    }
    Ok(())
}

/// The user's zhibu data folder (`~/.local/share/zhibu`, `%APPDATA%\zhibu`), whatever file is open.
pub fn data_folder() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("zhibu")
}

/// What the app shows about the open ledger.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerInfo {
    pub path: String,
    pub ledger_id: String,
    /// No organisation yet: the app offers a demo ledger or a new one.
    pub is_empty: bool,
    pub today: NaiveDate,
    pub organizations: Vec<Organization>,
    /// 记账起始 `YYYY-MM`; null when not set.
    pub start_month: Option<String>,
}

pub fn ledger_info(ledger: &Ledger, today: NaiveDate) -> Result<LedgerInfo> {
    Ok(LedgerInfo {
        path: ledger.path().map(|p| p.display().to_string()).unwrap_or_default(),
        ledger_id: ledger.ledger_id()?,
        is_empty: ledger.is_empty()?,
        today,
        organizations: orgs::list(ledger.conn())?,
        start_month: crate::store::meta::start_month(ledger.conn())?.map(|m| m.to_string()),
    })
}

/// How many changes the open ledger has taken since it was opened: a screen compares it with the
/// revision it last read at, and reads again only when something changed (the 工作台 stays live).
pub fn ledger_revision(ledger: &Ledger) -> u32 {
    ledger.revision()
}

/// The first-run form: the organisation the new ledger is for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewLedger {
    pub name: String,
    pub kind: OrgKind,
    pub sector: Sector,
    /// 记账起始 `YYYY-MM`: the month the ledger's records start (nothing before it is judged
    /// missing); omitted or blank: none, everything is judged.
    #[serde(default)]
    pub start_month: Option<String>,
    /// The standard its superior checks it by (`national`, `fuling-2017`, …); omitted: 全国基本要求.
    #[serde(default)]
    pub profile: Option<String>,
}

/// Starts an empty ledger with its one organisation. Refused when the ledger already has one.
/// The start month is checked against the system date (`init_ledger_on` takes the day).
pub fn init_ledger(ledger: &Ledger, new: &NewLedger) -> Result<i64> {
    init_ledger_on(ledger, new, system_today())
}

/// `init_ledger` as seen on `today`: a start month after `today`'s month is refused.
pub fn init_ledger_on(ledger: &Ledger, new: &NewLedger, today: NaiveDate) -> Result<i64> {
    let start = match new.start_month.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(super::settings::parse_start_month("start_month", text, today)?),
        None => None,
    };
    if !ledger.is_empty()? {
        return Err(Error::Conflict("台账中已有组织，不能重复初始化".to_string()));
    }
    let profile = new.profile.as_deref().map(str::trim).filter(|p| !p.is_empty() && *p != "national");
    if let Some(id) = profile {
        crate::standards::custom::load_profile(ledger.conn(), id)
            .map_err(|_| Error::invalid("profile", format!("没有编号为“{id}”的标准方案")))?;
    }
    ledger.write(|tx| {
        if start.is_some() {
            crate::store::meta::set_start_month(tx, start)?;
        }
        let mut fields = OrgFields::new(&new.name, new.kind, new.sector);
        fields.profile = profile.map(str::to_string);
        let id = orgs::insert(tx, &fields, None)?;
        audit::record(tx, "新建", "organization", Some(id), &format!("新建台账：{}", new.name.trim()), None)?;
        Ok(id)
    })
}

pub fn list_members(ledger: &Ledger, filter: &MemberFilter) -> Result<Vec<Member>> {
    members::list(ledger.conn(), filter)
}

/// A member with their status history and the audit entries about them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberDetail {
    pub member: Member,
    pub events: Vec<MemberEvent>,
    pub changes: Vec<AuditEntry>,
}

pub fn member_detail(ledger: &Ledger, id: i64) -> Result<MemberDetail> {
    Ok(MemberDetail {
        member: members::get(ledger.conn(), id)?,
        events: members::events(ledger.conn(), id)?,
        changes: audit::recent(ledger.conn(), Some(("member", id)), 50)?,
    })
}

/// The form's live check: every problem with the fields, including clashes with the ledger, without
/// saving anything. `id` is the member being edited, None for a new one.
pub fn check_member(ledger: &Ledger, id: Option<i64>, fields: MemberFields, today: NaiveDate) -> Result<Vec<Problem>> {
    let tx = ledger.write_transaction()?;
    let outcome = match id {
        None => members::insert(&tx, fields, None, today).map(|_| ()),
        Some(id) => members::update(&tx, id, fields, today).map(|_| ()),
    };
    // Always roll back: this only asks whether the save would succeed.
    drop(tx);
    match outcome {
        Ok(()) => Ok(vec![]),
        Err(Error::Invalid(problems)) => Ok(problems),
        Err(other) => Err(other),
    }
}

pub fn add_member(ledger: &Ledger, fields: MemberFields, today: NaiveDate) -> Result<Member> {
    let id = ledger.write(|tx| members::insert(tx, fields, None, today))?;
    members::get(ledger.conn(), id)
}

pub fn update_member(ledger: &Ledger, id: i64, fields: MemberFields, today: NaiveDate) -> Result<Member> {
    ledger.write(|tx| members::update(tx, id, fields, today))?;
    members::get(ledger.conn(), id)
}

pub fn record_leaving(ledger: &Ledger, id: i64, leaving: Leaving, today: NaiveDate) -> Result<Member> {
    ledger.write(|tx| members::record_leaving(tx, id, leaving, today))?;
    members::get(ledger.conn(), id)
}

pub fn cancel_leaving(ledger: &Ledger, id: i64, today: NaiveDate) -> Result<Member> {
    ledger.write(|tx| members::cancel_leaving(tx, id, today))?;
    members::get(ledger.conn(), id)
}

pub fn add_group(ledger: &Ledger, org_id: i64, name: &str) -> Result<Organization> {
    ledger.write(|tx| {
        let id = orgs::add_group(tx, org_id, name)?;
        audit::record(tx, "新增", "party_group", Some(id), &format!("新增党小组 {}", name.trim()), None)
    })?;
    orgs::get(ledger.conn(), org_id)
}

/// Changes an organisation's particulars (组织全称, 简称, 类别, 上级组织, 成立日期, 本届选举日期, 任期).
pub fn update_org(ledger: &Ledger, id: i64, fields: &OrgFields) -> Result<Organization> {
    ledger.write(|tx| {
        orgs::update(tx, id, fields)?;
        audit::record(tx, "修改", "organization", Some(id), &format!("修改组织信息 {}", fields.name.trim()), None)
    })?;
    orgs::get(ledger.conn(), id)
}

/// 登记委员: records who holds which committee post from when.
pub fn add_position(ledger: &Ledger, org_id: i64, position: &PositionFields) -> Result<Organization> {
    ledger.write(|tx| {
        let id = orgs::add_position(tx, org_id, position)?;
        let name = members::get(tx, position.member_id)?.fields.name;
        let summary = format!("登记{name}任{}（自{}）", position.role.label(), position.from);
        audit::record(tx, "新增", "org_position", Some(id), &summary, None)
    })?;
    orgs::get(ledger.conn(), org_id)
}

/// 免职/届满: the holder is in office through `to`.
pub fn end_position(ledger: &Ledger, position_id: i64, to: NaiveDate) -> Result<Organization> {
    let org_id = ledger.write(|tx| {
        let (org_id, summary) = orgs::end_position(tx, position_id, to)?;
        audit::record(tx, "修改", "org_position", Some(position_id), &summary, None)?;
        Ok(org_id)
    })?;
    orgs::get(ledger.conn(), org_id)
}

/// Removes a committee position entered by mistake.
pub fn delete_position(ledger: &Ledger, position_id: i64) -> Result<Organization> {
    let org_id = ledger.write(|tx| {
        let (org_id, summary) = orgs::delete_position(tx, position_id)?;
        audit::record(tx, "删除", "org_position", Some(position_id), &summary, None)?;
        Ok(org_id)
    })?;
    orgs::get(ledger.conn(), org_id)
}

/// Recent changes across the ledger, newest first.
pub fn recent_changes(ledger: &Ledger, limit: u32) -> Result<Vec<AuditEntry>> {
    audit::recent(ledger.conn(), None, limit)
}

/// Resolves `--org KEY` (or the first top-level organisation when None) to an id.
pub fn org_id_for(ledger: &Ledger, key: Option<&str>) -> Result<i64> {
    match key {
        Some(k) => orgs::id_by_key(ledger.conn(), k),
        None => orgs::first_top(ledger.conn())?
            .ok_or_else(|| Error::Conflict("台账中还没有组织：请先用 init、import 或 demo 建立台账".to_string())),
    }
}

pub use crate::store::ensure_parent;
pub use crate::workbooks::roster::roster_file_name;

pub use crate::import::roster::{
    BranchChoice, BranchMatch, ExportSummary, RosterImportRequest, RosterImportSummary, RosterPreview, ValueOverride,
};

/// The organisation a roster import puts members in when the file names none: `--org KEY`, else the
/// ledger's only 党支部 when it has exactly one, else the first top-level organisation.
pub fn roster_import_org(ledger: &Ledger, key: Option<&str>) -> Result<i64> {
    if key.is_none() {
        let branches: Vec<Organization> = orgs::list(ledger.conn())?
            .into_iter()
            .filter(|o| matches!(o.fields.kind, OrgKind::Branch | OrgKind::JointBranch | OrgKind::TemporaryBranch))
            .collect();
        if let [only] = branches.as_slice() {
            return Ok(only.id);
        }
    }
    org_id_for(ledger, key)
}

/// Fills an empty ledger with a demo; returns how many members and activities it holds.
pub fn load_demo(ledger: &Ledger, scale: crate::demo::DemoScale, today: NaiveDate) -> Result<(u32, u32)> {
    crate::demo::load_demo(ledger, scale, today)?;
    crate::store::meta::counts(ledger.conn())
}

/// Fills an empty ledger with the small demo (the welcome screen's offer).
pub fn load_small_demo(ledger: &Ledger, today: NaiveDate) -> Result<()> {
    crate::demo::load_demo(ledger, crate::demo::DemoScale::Small, today).map(drop)
}

/// The roster import's preview: sheets, header row, column mapping, rows with their problems.
pub fn preview_roster_import(
    ledger: &Ledger,
    request: &RosterImportRequest,
    today: NaiveDate,
) -> Result<RosterPreview> {
    crate::import::roster::preview_import(ledger, request, today)
}

/// Imports a roster workbook: all or nothing; with `request.keep_good`, the rows without problems,
/// the others written to a file to fix (`RosterImportSummary::rejects_path`). `request.overrides`
/// carry the values fixed in the preview, `request.branch_map` the organisations chosen for
/// 所在党支部 names (remembered).
pub fn import_roster(ledger: &Ledger, request: &RosterImportRequest, today: NaiveDate) -> Result<RosterImportSummary> {
    crate::import::roster::import(ledger, request, today)
}
