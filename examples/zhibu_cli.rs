//! The `zhibu` command line without the window (no Tauri): the same `zhibu_core::cli::run` as the
//! shipped binary's subcommands. For measuring the CLI on the core alone (benches/hostile.sh).
fn main() {
    std::process::exit(zhibu_core::cli::run(std::env::args_os().collect()));
}
