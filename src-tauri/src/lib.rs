//! The desktop shell: opens the ledger, registers the IPC commands, and starts the window.
//! Business logic lives in the core (`zhibu_core`); commands here only adapt it to IPC.

mod autobackup;
pub mod bindings;
mod commands;
mod memory;
mod startup;
mod state;

pub fn run() {
    let clock = startup::StartupClock::start();
    memory::limit_heaps();
    let builder = bindings::builder();
    let state = state::AppState::open(zhibu_core::app::default_ledger_path());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(clock)
        .invoke_handler(builder.invoke_handler())
        .setup(|app| {
            memory::document_viewer_caches(app.handle());
            autobackup::start(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("failed to start the zhibu window");
}
