//! Counts the 工作台 lines of the large demo's 党委 (50 branches) and of one branch, and prints the
//! first lines of each list: `cargo run -p zhibu --example dash_lines`.

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::Ledger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let ledger = Ledger::in_memory()?;
    load_demo(&ledger, DemoScale::Large, today)?;
    let (root, branch): (i64, i64) = {
        let conn = ledger.conn();
        let root = conn.query_row("SELECT id FROM organizations WHERE parent_id IS NULL", [], |r| r.get(0))?;
        let branch = conn.query_row("SELECT max(id) FROM organizations", [], |r| r.get(0))?;
        (root, branch)
    };
    for (what, org) in [("党委", root), ("支部", branch)] {
        let t = std::time::Instant::now();
        let d = zhibu_core::app::standards::dashboard(&ledger, org, today)?;
        let members: usize = d.overdue.iter().chain(&d.due_this_month).map(|l| l.items.len().max(1)).sum();
        println!(
            "{what}: 已逾期 {} lines, 本月待办 {} lines, 近期提醒 {}, items behind the lines {members} ({:.0} ms)",
            d.overdue.len(),
            d.due_this_month.len(),
            d.upcoming.len(),
            t.elapsed().as_secs_f64() * 1e3
        );
        for (list, lines) in [("已逾期", &d.overdue), ("本月待办", &d.due_this_month)] {
            for l in lines.iter().take(12) {
                println!("  {list}: {} | {} | {} items | {}", l.message, l.title, l.items.len(), l.source);
                for i in l.items.iter().take(2) {
                    println!("      {} {} {}", i.org, i.name, i.detail);
                }
            }
        }
        for u in d.upcoming.iter().take(6) {
            println!("  近期: {} {} ({} items)", u.date, u.title, u.items.len());
            for i in u.items.iter().take(2) {
                println!("      {} {} {}", i.org, i.name, i.detail);
            }
        }
    }
    Ok(())
}
