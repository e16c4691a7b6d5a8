//! IPC commands: typed input → one core call → typed output. Errors cross as `ErrorPayload`.

use tauri::State;
use zhibu_core::app::roster::{RosterImportRequest, RosterImportSummary, RosterPreview};
use zhibu_core::app::{self as actions, LedgerInfo, MemberDetail, MemberFilter, NewLedger};
use zhibu_core::model::{Leaving, Member, MemberFields, OrgFields, Organization, PositionFields};
use zhibu_core::{ErrorPayload, Problem};

use crate::state::AppState;

pub(crate) type Reply<T> = Result<T, ErrorPayload>;

pub(crate) fn today() -> chrono::NaiveDate {
    actions::system_today()
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_info(state: State<'_, AppState>) -> Reply<LedgerInfo> {
    state.with(|l| actions::ledger_info(l, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_revision(state: State<'_, AppState>) -> Reply<u32> {
    state.with(|l| Ok(actions::ledger_revision(l)))
}

#[tauri::command]
#[specta::specta]
pub async fn init_ledger(state: State<'_, AppState>, request: NewLedger) -> Reply<LedgerInfo> {
    state.with(|l| actions::init_ledger(l, &request).and_then(|_| actions::ledger_info(l, today())))
}

#[tauri::command]
#[specta::specta]
pub async fn list_members(state: State<'_, AppState>, filter: MemberFilter) -> Reply<Vec<Member>> {
    state.with(|l| actions::list_members(l, &filter))
}

#[tauri::command]
#[specta::specta]
pub async fn member_detail(state: State<'_, AppState>, id: i64) -> Reply<MemberDetail> {
    state.with(|l| actions::member_detail(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn check_member(state: State<'_, AppState>, id: Option<i64>, fields: MemberFields) -> Reply<Vec<Problem>> {
    state.with(|l| actions::check_member(l, id, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn add_member(state: State<'_, AppState>, fields: MemberFields) -> Reply<Member> {
    state.with(|l| actions::add_member(l, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_member(state: State<'_, AppState>, id: i64, fields: MemberFields) -> Reply<Member> {
    state.with(|l| actions::update_member(l, id, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_leaving(state: State<'_, AppState>, id: i64, leaving: Leaving) -> Reply<Member> {
    state.with(|l| actions::record_leaving(l, id, leaving, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_leaving(state: State<'_, AppState>, id: i64) -> Reply<Member> {
    state.with(|l| actions::cancel_leaving(l, id, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn add_group(state: State<'_, AppState>, org_id: i64, name: String) -> Reply<Organization> {
    state.with(|l| actions::add_group(l, org_id, &name))
}

#[tauri::command]
#[specta::specta]
pub async fn update_org(state: State<'_, AppState>, id: i64, fields: OrgFields) -> Reply<Organization> {
    state.with(|l| actions::update_org(l, id, &fields))
}

#[tauri::command]
#[specta::specta]
pub async fn add_position(state: State<'_, AppState>, org_id: i64, position: PositionFields) -> Reply<Organization> {
    state.with(|l| actions::add_position(l, org_id, &position))
}

#[tauri::command]
#[specta::specta]
pub async fn end_position(state: State<'_, AppState>, position_id: i64, to: chrono::NaiveDate) -> Reply<Organization> {
    state.with(|l| actions::end_position(l, position_id, to))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_position(state: State<'_, AppState>, position_id: i64) -> Reply<Organization> {
    state.with(|l| actions::delete_position(l, position_id))
}

#[tauri::command]
#[specta::specta]
pub async fn preview_roster_import(state: State<'_, AppState>, request: RosterImportRequest) -> Reply<RosterPreview> {
    state.with(|l| actions::preview_roster_import(l, &request, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn import_roster(state: State<'_, AppState>, request: RosterImportRequest) -> Reply<RosterImportSummary> {
    state.with(|l| actions::import_roster(l, &request, today()))
}

mod dues;
pub use dues::*;

mod history;
pub use history::*;
mod funds;
pub use funds::*;
mod plan;
pub use plan::*;
mod reports;
pub use reports::*;

mod meetings;
pub use meetings::*;

mod exports;
pub use exports::*;

mod development;
pub use development::*;

mod standards;
pub use standards::*;

mod bin;
pub use bin::*;

mod about;
pub use about::*;

mod settings;
pub use settings::*;

mod backups;
pub use backups::*;

mod security;
pub use security::*;

mod ledgers;
pub use ledgers::*;
