//! Times `check` for one year of the whole large demo (a 党委 with 50 branches, ~2,500 members) in a
//! ledger file, under the national profile and the 涪陵 scoring profile. Run in release:
//! `cargo run --release -p zhibu --example bench_check`.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::standards::{check_ledger, NoExtraFindings};
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let ledger = Ledger::open_or_create(&dir.path().join("bench.zhibu"))?;
    let t = Instant::now();
    load_demo(&ledger, DemoScale::Large, today)?;
    println!("load large demo: {:.2} s", t.elapsed().as_secs_f64());

    for (profile, year) in [("national", 2026), ("national", 2025), ("fuling-2017", 2025), ("jingdezhen-2020", 2025)] {
        let mut best = f64::MAX;
        let mut report = None;
        for _ in 0..5 {
            let t = Instant::now();
            let r = check_ledger(&ledger, None, year, Some(profile), today, &NoExtraFindings)?;
            best = best.min(t.elapsed().as_secs_f64());
            report = Some(r);
        }
        let r = report.ok_or("no report")?;
        let c = r.counts();
        let orgs: std::collections::HashSet<&str> = r.findings.iter().map(|f| f.org.as_str()).collect();
        println!(
            "check {year} {profile}: {:.1} ms best of 5 ({} organisations, {} findings: {} met, {} unmet, {} pending, {} manual)",
            best * 1e3,
            orgs.len(),
            r.findings.len(),
            c.met,
            c.unmet,
            c.pending,
            c.manual
        );
        let t = Instant::now();
        let json = serde_json::to_string_pretty(&r)?;
        println!("  as JSON: {:.1} ms ({:.1} MB)", t.elapsed().as_secs_f64() * 1e3, json.len() as f64 / 1e6);
    }
    Ok(())
}
