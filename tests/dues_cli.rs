//! `zhibu dues` (`cli.md`): runs in-process through `zhibu_core::cli::run`; reading the dues never
//! changes the ledger file, and an unknown organisation is refused with exit code 1.

use std::ffi::OsString;
use std::path::Path;

const TODAY: &str = "2026-11-22";

fn run(db: &Path, args: &[&str]) -> i32 {
    let mut argv: Vec<OsString> = vec!["zhibu".into(), "--db".into(), db.as_os_str().to_owned()];
    argv.extend(args.iter().map(OsString::from));
    zhibu_core::cli::run(argv)
}

#[test]
fn dues_reads_the_year_and_refuses_an_unknown_org() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    assert_eq!(run(&db, &["demo", "--scale", "small", "--today", TODAY]), 0);
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&db, &["dues", "--year", "2026", "--today", TODAY, "--json"]), 0);
    assert_eq!(run(&db, &["dues", "--year", "2026", "--org", "o-1", "--today", TODAY]), 0);
    assert_eq!(run(&db, &["dues", "--year", "2026", "--org", "no-such-org", "--json"]), 1);
    assert_eq!(run(&db, &["dues", "--json"]), 2, "--year is required");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
