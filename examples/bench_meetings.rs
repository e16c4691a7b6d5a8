//! Times the 组织生活 reads on the large demo (~34k activities, ~755k attendance rows) in a ledger file:
//! listing a year (whole ledger and one branch), the month calendar, search (trigram and the short-query
//! fallback), the yearly 学时/rates report and attendance matrix of the branch closest to 100 members,
//! and recording one meeting. Run in release: `cargo run --release -p zhibu --example bench_meetings`.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::meetings::{
    activity_calendar, activity_detail, attendance_matrix, list_activities, record_activity, search_activities,
    study_hours, ActivityFilter, StudyHoursParams,
};
use zhibu_core::Ledger;

/// Best of `n` runs, in milliseconds, and the last result.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        out = Some(r);
    }
    (best, out.expect("n > 0"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let ledger = Ledger::open_or_create(&dir.path().join("bench.zhibu"))?;
    let t = Instant::now();
    load_demo(&ledger, DemoScale::Large, today)?;
    println!("load large demo (import incl. search index): {:.2} s", t.elapsed().as_secs_f64());
    let conn = ledger.conn();
    let (activities, attendance): (i64, i64) =
        conn.query_row("SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM attendance)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    println!("{activities} activities, {attendance} attendance rows");
    // The branch whose roll in 2026 is closest to 100 members.
    let (branch, size): (i64, i64) = conn.query_row(
        "SELECT org_id, count(*) AS n FROM members
         WHERE joined_on <= '2026-12-31' AND (left_on IS NULL OR left_on > '2026-01-01')
         GROUP BY org_id ORDER BY abs(n - 100), org_id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;

    let year = ActivityFilter { year: 2026, ..Default::default() };
    let (ms, rows) = best(5, || list_activities(&ledger, &year));
    println!("list 2026, whole ledger: {ms:.1} ms ({} rows)", rows?.len());
    let (ms, rows) = best(5, || list_activities(&ledger, &ActivityFilter { year: 2025, ..Default::default() }));
    println!("list 2025, whole ledger: {ms:.1} ms ({} rows)", rows?.len());
    let one = ActivityFilter { org_id: Some(branch), ..year.clone() };
    let (ms, rows) = best(5, || list_activities(&ledger, &one));
    let rows = rows?;
    println!("list 2026, one branch ({size} members): {ms:.1} ms ({} rows)", rows.len());
    let (ms, days) = best(5, || activity_calendar(&ledger, &ActivityFilter { month: Some(6), ..year.clone() }));
    println!("calendar 2026-06, whole ledger: {ms:.1} ms ({} days)", days?.len());
    let (ms, d) = best(5, || activity_detail(&ledger, rows[rows.len() / 2].id));
    println!("open one activity (detail with names): {ms:.2} ms ({} present)", d?.present.len());
    for q in ["组织生活会", "党费", "学"] {
        let (ms, hits) = best(5, || search_activities(&ledger, q, None, 200));
        println!(
            "search “{q}” ({} chars), whole ledger, first 200: {ms:.1} ms ({} hits)",
            q.chars().count(),
            hits?.len()
        );
    }
    // The same 3+ character lookups as a plain LIKE scan of every activity, for comparison.
    for q in ["组织生活会", "廉政教育"] {
        let like = format!("%{q}%");
        let (ms, n) = best(5, || {
            conn.query_row(
                "SELECT count(*) FROM activities WHERE deleted_at IS NULL
                 AND (topic LIKE ?1 OR content LIKE ?1 OR decisions LIKE ?1)",
                [&like],
                |r| r.get::<_, i64>(0),
            )
        });
        let (fts_ms, hits) = best(5, || search_activities(&ledger, q, None, 100_000));
        println!(
            "all matches of “{q}”: LIKE scan {ms:.1} ms ({} rows), search_activities {fts_ms:.1} ms ({} hits)",
            n?,
            hits?.len()
        );
    }
    let (ms, report) = best(5, || study_hours(&ledger, Some(branch), 2026, StudyHoursParams::default(), today));
    let report = report?;
    println!(
        "学时 and rates 2026, branch of {} members: {ms:.1} ms ({} short of 32/56)",
        report.members.len(),
        report.short
    );
    let (ms, matrix) = best(5, || attendance_matrix(&ledger, branch, 2026));
    let matrix = matrix?;
    println!(
        "attendance matrix 2026, branch: {ms:.1} ms ({} members × {} meetings)",
        matrix.members.len(),
        matrix.meetings.len()
    );
    let (ms, all) = best(3, || study_hours(&ledger, None, 2026, StudyHoursParams::default(), today));
    println!("学时 and rates 2026, whole ledger: {ms:.1} ms ({} members)", all?.members.len());
    let detail = activity_detail(&ledger, rows[0].id)?;
    let mut form = detail.fields;
    form.topic = "基准测试新增的会议".to_string();
    let t = Instant::now();
    record_activity(&ledger, form, today)?;
    println!("record one meeting (file ledger, one transaction): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
