//! 关于 and start-up commands: the program's version, where its data lives, when it first showed data.

use tauri::State;
use zhibu_core::app::about::{self, About};

use super::Reply;
use crate::startup::StartupClock;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn about_app(state: State<'_, AppState>) -> Reply<About> {
    state.with(about::about)
}

/// The 工作台 has shown its first data (start-up benchmark; see `startup.rs`).
#[tauri::command]
#[specta::specta]
pub async fn first_screen_shown(clock: State<'_, StartupClock>) -> Reply<()> {
    clock.first_screen_shown();
    Ok(())
}

/// A screen has shown its data `ms` after it was chosen (screen benchmark; see `startup.rs`).
#[tauri::command]
#[specta::specta]
pub async fn screen_shown(clock: State<'_, StartupClock>, screen: String, ms: u32) -> Reply<()> {
    clock.screen_shown(&screen, ms);
    Ok(())
}
