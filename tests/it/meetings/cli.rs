//! The 组织生活 CLI commands on the small demo: `meetings`, `search` (incl. a 2-character query) and
//! `hours`, their JSON, and refusals with exit code 1.

use crate::support::cli::{demo_ledger, run};

#[test]
fn meetings_search_and_hours_run_on_the_demo_and_refuse_bad_arguments() {
    let (_dir, db) = demo_ledger();
    assert_eq!(run(&db, &["meetings", "--year", "2026"]), 0);
    assert_eq!(run(&db, &["meetings", "--year", "2026", "--quarter", "2", "--json"]), 0);
    assert_eq!(run(&db, &["search", "党费"]), 0);
    assert_eq!(run(&db, &["search", "组织生活会", "--json"]), 0);
    assert_eq!(run(&db, &["hours", "--year", "2026", "--committee", "56"]), 0);
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&db, &["meetings", "--year", "2026", "--quarter", "5"]), 1);
    assert_eq!(run(&db, &["meetings", "--year", "2026", "--org", "no-such-org"]), 1);
    assert_eq!(run(&db, &["search", " "]), 1);
    assert_eq!(run(&db, &["hours", "--year", "2026", "--required=-3"]), 1);
    assert_eq!(run(&db, &["hours", "--year", "2026", "--required", "-3"]), 2, "clap: wrong usage");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
