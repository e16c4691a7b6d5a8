//! Times the year's dues report for the large demo (~2,500 members, ten years of payments) in a ledger
//! file, then back-filling January–November for the whole 党委 in one action (`record_range_paid`) and
//! the plausibility check of one payment. Run in release: `cargo run --release -p zhibu --example bench_dues`.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::dues::{record_range_paid, year_report, PaymentEntry, RangePaid};
use zhibu_core::model::dates::Month;
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

    let root: i64 =
        ledger.conn().query_row("SELECT id FROM organizations WHERE parent_id IS NULL", [], |r| r.get(0))?;
    let one = r.members.first().ok_or("no member")?;
    let entries = [PaymentEntry { member_id: one.member_id, paid_fen: 123_456, paid_on: today }];
    let t = Instant::now();
    let warnings =
        zhibu_core::dues::plausible::check_payments(&ledger, Month { year: 2026, month: 11 }, &entries, today)?;
    println!("check one payment: {:.1} ms ({} warning)", t.elapsed().as_secs_f64() * 1e3, warnings.len());

    let month = |m| Month { year: 2026, month: m };
    let req = RangePaid { org_id: root, from: month(1), to: month(11), member_ids: None, paid_on: Some(today) };
    let t = Instant::now();
    let s = record_range_paid(&ledger, &req, today)?;
    println!(
        "range 2026-01..11, whole 党委: {:.1} ms ({} member-months recorded, {} already paid, {} without a base)",
        t.elapsed().as_secs_f64() * 1e3,
        s.recorded,
        s.already_paid,
        s.no_base.len()
    );
    let t = Instant::now();
    let again = record_range_paid(&ledger, &req, today)?;
    println!("the same range again: {:.1} ms ({} recorded)", t.elapsed().as_secs_f64() * 1e3, again.recorded);
    Ok(())
}
