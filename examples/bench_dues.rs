//! Times the year's dues report for the large demo (~2,500 members, ten years of payments) in a ledger
//! file. Run in release: `cargo run --release -p zhibu --example bench_dues`.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::dues::year_report;
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let ledger = Ledger::open_or_create(&dir.path().join("bench.zhibu"))?;
    let t = Instant::now();
    load_demo(&ledger, DemoScale::Large, today)?;
    println!("load large demo: {:.2} s", t.elapsed().as_secs_f64());

    let mut best = f64::MAX;
    let mut report = None;
    for _ in 0..5 {
        let t = Instant::now();
        let r = year_report(&ledger, 2026, None, today)?;
        best = best.min(t.elapsed().as_secs_f64());
        report = Some(r);
    }
    let r = report.ok_or("no report")?;
    let months: usize = r.members.iter().map(|m| m.months.len()).sum();
    println!(
        "year_report 2026: {:.1} ms best of 5 ({} members, {} member-months, {} with a streak, {} at the 6-month threshold)",
        best * 1e3,
        r.members.len(),
        months,
        r.totals.members_with_streak,
        r.totals.members_at_threshold
    );
    let t = Instant::now();
    let json = serde_json::to_string(&r)?;
    println!("to JSON: {:.1} ms ({:.1} MB)", t.elapsed().as_secs_f64() * 1e3, json.len() as f64 / 1e6);
    Ok(())
}
