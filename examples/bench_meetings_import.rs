//! How much the 组织生活 schema (search index triggers, extra indexes) adds to importing the large demo.
//! `cargo run --release -p zhibu --example bench_meetings_import -- [drop-fts] [drop-indexes] [rebuild]`:
//! the first two remove those parts before the import, for comparison; `rebuild` times rebuilding the
//! search index afterwards.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{demo_package, DemoScale};
use zhibu_core::package::import_package;
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let ledger = Ledger::open_or_create(&dir.path().join("bench.zhibu"))?;
    if args.iter().any(|a| a == "drop-fts") {
        ledger.conn().execute_batch(
            "DROP TRIGGER activity_search_insert; DROP TRIGGER activity_search_delete; DROP TRIGGER activity_search_update;",
        )?;
    }
    if args.iter().any(|a| a == "drop-indexes") {
        ledger.conn().execute_batch(
            "DROP INDEX IF EXISTS attendance_member_activity; DROP INDEX IF EXISTS attendance_activity_status;
             DROP INDEX IF EXISTS activities_date; DROP INDEX IF EXISTS trainings_member_date;",
        )?;
    }
    let pkg = demo_package(DemoScale::Large, today);
    let t = Instant::now();
    import_package(&ledger, &pkg, today)?;
    println!("import large demo {args:?}: {:.2} s", t.elapsed().as_secs_f64());
    if args.iter().any(|a| a == "rebuild") {
        let t = Instant::now();
        ledger.conn().execute_batch("INSERT INTO activity_search(activity_search) VALUES ('rebuild')")?;
        println!("rebuild the search index from scratch: {:.2} s", t.elapsed().as_secs_f64());
    }
    Ok(())
}
