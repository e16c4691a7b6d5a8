//! Times the large demo: generation, import into a fresh ledger file, export, JSON, parse, and an
//! idempotent re-import. Run in release: `cargo run --release -p zhibu --example bench_package`.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{demo_package, DemoScale};
use zhibu_core::package::{export_package, import_package, parse_package, to_json};
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.zhibu");
    let ledger = Ledger::open_or_create(&path)?;

    let t = Instant::now();
    let mut pkg = demo_package(DemoScale::Large, today);
    pkg.source = ledger.ledger_id()?;
    let attendance: usize = pkg.activities.iter().map(|a| a.attendance.len()).sum();
    println!(
        "generate: {:>7.2} s  ({} orgs, {} members, {} activities, {} attendance rows, {} dues payments, {} trainings, {} evaluations, {} development)",
        t.elapsed().as_secs_f64(),
        pkg.organizations.len(),
        pkg.members.len(),
        pkg.activities.len(),
        attendance,
        pkg.dues_payments.len(),
        pkg.trainings.len(),
        pkg.evaluations.len(),
        pkg.development.len()
    );

    let t = Instant::now();
    let report = import_package(&ledger, &pkg, today)?;
    println!("import:   {:>7.2} s  ({})", t.elapsed().as_secs_f64(), report.summary());

    let t = Instant::now();
    let exported = export_package(&ledger, None, pkg.exported_at)?;
    println!("export:   {:>7.2} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let text = to_json(&exported);
    println!("to_json:  {:>7.2} s  ({:.1} MB)", t.elapsed().as_secs_f64(), text.len() as f64 / 1e6);

    let t = Instant::now();
    let parsed = parse_package(&text)?;
    println!("parse:    {:>7.2} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let again = import_package(&ledger, &parsed, today)?;
    println!("re-import:{:>7.2} s  (changed: {})", t.elapsed().as_secs_f64(), again.changed());

    // A second ledger's package landing beside the first (a committee gathering its branches).
    let mut other = parsed;
    other.source = "zhibu-00000000000000b2".to_string();
    let t = Instant::now();
    let beside = import_package(&ledger, &other, today)?;
    println!("import beside another source: {:.2} s ({})", t.elapsed().as_secs_f64(), beside.summary());

    let t = Instant::now();
    let branch = exported.organizations.get(1).map(|o| o.key.clone()).ok_or("no branch")?;
    let part = export_package(&ledger, Some(&branch), pkg.exported_at)?;
    println!(
        "export one branch: {:.2} s ({} members, {} activities)",
        t.elapsed().as_secs_f64(),
        part.members.len(),
        part.activities.len()
    );
    println!("ledger file: {:.1} MB", std::fs::metadata(&path)?.len() as f64 / 1e6);
    Ok(())
}
