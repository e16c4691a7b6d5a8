//! `zhibu dues` (`cli.md`): runs in-process through `zhibu_core::cli::run`; reading the dues never
//! changes the ledger file, and an unknown organisation is refused with exit code 1.

use crate::support::cli::{demo_ledger, run};
use crate::support::TODAY;

#[test]
fn dues_reads_the_year_and_refuses_an_unknown_org() {
    let (_dir, db) = demo_ledger();
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&db, &["dues", "--year", "2026", "--today", TODAY, "--json"]), 0);
    assert_eq!(run(&db, &["dues", "--year", "2026", "--org", "o-1", "--today", TODAY]), 0);
    assert_eq!(run(&db, &["dues", "--year", "2026", "--org", "no-such-org", "--json"]), 1);
    assert_eq!(run(&db, &["dues", "--json"]), 2, "--year is required");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
