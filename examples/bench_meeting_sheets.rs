//! Times the year's 组织生活 export set (the eight workbooks of `meeting_sheets`) for one branch of the
//! demo ledger. Run in release:
//! `cargo run --release -p zhibu --example bench_meeting_sheets -- [small|large] [OUT_DIR]`
//! (default large; without OUT_DIR the workbooks go to a temp folder). The branch is the one with the
//! most members on the roll.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::workbooks::meetings::{write_export, MeetingExport};
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scale = match args.first().map(String::as_str) {
        Some("small") => DemoScale::Small,
        _ => DemoScale::Large,
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let out = args.get(1).map(std::path::PathBuf::from).unwrap_or_else(|| dir.path().join("out"));
    std::fs::create_dir_all(&out)?;
    let ledger = Ledger::open_or_create(&dir.path().join("bench.zhibu"))?;
    let t = Instant::now();
    load_demo(&ledger, scale, today)?;
    println!("load demo: {:.2} s", t.elapsed().as_secs_f64());
    let (org_id, members): (i64, i64) = ledger.conn().query_row(
        "SELECT o.id, count(m.id) FROM organizations o JOIN members m ON m.org_id = o.id AND m.left_on IS NULL
         WHERE o.kind = 'branch' GROUP BY o.id ORDER BY count(m.id) DESC, o.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let org = zhibu_core::store::orgs::get(ledger.conn(), org_id)?;
    println!("branch: {} ({members} members on the roll)", org.fields.name);
    let mut best = f64::MAX;
    for round in 0..3 {
        let all = Instant::now();
        for export in MeetingExport::ALL {
            let t = Instant::now();
            let path = out.join(export.output_name(&ledger, &org, 2026, today)?);
            let s = write_export(&ledger, export, org_id, 2026, today, &path)?;
            if round == 0 {
                let size = std::fs::metadata(&path)?.len();
                println!(
                    "  {:<10} {:>7.1} ms  {:>4} rows  {:>5} KiB  {}",
                    export.key(),
                    t.elapsed().as_secs_f64() * 1e3,
                    s.rows,
                    size / 1024,
                    export.label()
                );
            }
        }
        best = best.min(all.elapsed().as_secs_f64());
    }
    println!("whole 2026 set for the branch: {:.1} ms (best of 3)", best * 1e3);
    Ok(())
}
