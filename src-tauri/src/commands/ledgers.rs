//! Which ledger the window works on: another ledger file (打开其他台账 / 新建台账文件), the demo ledger
//! (a file of its own, never the person's), and back to the person's own ledger.

use std::path::PathBuf;

use serde::Serialize;
use tauri::State;
use zhibu_core::app as actions;

use super::{today, Reply};
use crate::state::AppState;

/// Where the window is: the file, whether it is the demo ledger, whether it is the one it started with.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LedgerPlace {
    pub path: String,
    /// The demo ledger: its people and records are made up (the window says so on every screen).
    pub is_demo: bool,
    /// The ledger the window started with (the person's own).
    pub is_home: bool,
    pub home_path: String,
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_place(state: State<'_, AppState>) -> Reply<LedgerPlace> {
    let path = state.path();
    Ok(LedgerPlace {
        is_demo: path == actions::roster::demo_ledger_path(),
        is_home: path == state.home(),
        path: path.display().to_string(),
        home_path: state.home().display().to_string(),
    })
}

/// Opens the ledger file at `path` (a new, empty ledger when there is no file yet).
#[tauri::command]
#[specta::specta]
pub async fn open_ledger_file(state: State<'_, AppState>, path: String) -> Reply<()> {
    state.switch_to(PathBuf::from(path))
}

/// Opens the demo ledger, making it first when there is none.
#[tauri::command]
#[specta::specta]
pub async fn open_demo_ledger(state: State<'_, AppState>) -> Reply<()> {
    let demo = actions::roster::demo_ledger_path();
    actions::roster::prepare_demo_ledger(&demo, today())?;
    state.switch_to(demo)
}

#[tauri::command]
#[specta::specta]
pub async fn return_to_own_ledger(state: State<'_, AppState>) -> Reply<()> {
    state.switch_to(state.home().to_path_buf())
}
