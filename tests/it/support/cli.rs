//! The CLI run in-process through `zhibu_core::cli::run`, as `zhibu --db <db> <args…>`.

use std::ffi::OsString;
use std::path::Path;

/// Runs `zhibu --db <db> <args…>` and returns its exit code.
pub fn run(db: &Path, args: &[&str]) -> i32 {
    let mut argv: Vec<OsString> = vec!["zhibu".into(), "--db".into(), db.as_os_str().to_owned()];
    argv.extend(args.iter().map(OsString::from));
    zhibu_core::cli::run(argv)
}

/// A fresh ledger file in a temporary folder with the small demo loaded on [`super::TODAY`].
pub fn demo_ledger() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    assert_eq!(run(&db, &["demo", "--scale", "small", "--today", super::TODAY]), 0);
    (dir, db)
}
