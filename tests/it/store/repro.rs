use crate::support::cli::{demo_ledger, run};

#[test]
fn repro_defects() {
    let (dir, db) = demo_ledger();
    // meta-only
    let meta = dir.path().join("meta.db");
    let c = rusqlite::Connection::open(&meta).unwrap();
    c.execute_batch("CREATE TABLE ledger_meta(name TEXT PRIMARY KEY, value TEXT); PRAGMA user_version=4;").unwrap();
    drop(c);
    let target = dir.path().join("t.db");
    std::fs::copy(&db, &target).unwrap();
    eprintln!("meta-only restore: {}", run(&target, &["restore", meta.to_str().unwrap()]));
    eprintln!("dues after: {}", run(&target, &["dues", "--year", "2026"]));
    let trunc = dir.path().join("trunc.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&trunc, &bytes[..bytes.len() / 2]).unwrap();
    eprintln!("truncated restore: {}", run(&db, &["restore", trunc.to_str().unwrap()]));
    let hdr = dir.path().join("hdr.db");
    std::fs::write(&hdr, &bytes[..100]).unwrap();
    eprintln!("header restore: {}", run(&db, &["restore", hdr.to_str().unwrap()]));
    let b = dir.path().join("b.db");
    assert_eq!(run(&db, &["backup", b.to_str().unwrap()]), 0);
    eprintln!("restore 1: {}", run(&db, &["restore", b.to_str().unwrap()]));
    eprintln!("restore 2: {}", run(&db, &["restore", b.to_str().unwrap()]));
    use std::os::unix::fs::PermissionsExt;
    eprintln!("mode {:o}", std::fs::metadata(&db).unwrap().permissions().mode());
    // locked
    let l = zhibu_core::Ledger::open(&db).unwrap();
    let tx = l.conn().unchecked_transaction().unwrap();
    tx.execute("UPDATE ledger_meta SET value=value WHERE name='ledger_id'", []).unwrap();
    let t0 = std::time::Instant::now();
    eprintln!("second writer: {} after {:?}", run(&db, &["settings", "--start-month", "2025-01", "--today", "2026-06-01"]), t0.elapsed());
    drop(tx);
    // full
    let l2 = zhibu_core::Ledger::open(&db).unwrap();
    let pages: i64 = l2.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    l2.conn().query_row(&format!("PRAGMA max_page_count={pages}"), [], |r| r.get::<_, i64>(0)).unwrap();
    let pkg = dir.path().join("p.json");
    assert_eq!(run(&db, &["export-package", pkg.to_str().unwrap()]), 0);
    let r = zhibu_core::app::load_demo(&zhibu_core::Ledger::in_memory().unwrap(), zhibu_core::demo::DemoScale::Small, chrono::NaiveDate::from_ymd_opt(2026,6,1).unwrap());
    eprintln!("{:?}", r.map(|_|()));
    let res = l2.write(|tx| { for i in 0..100000 { tx.execute("INSERT INTO settings(name,value) VALUES (?1, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')", [format!("k{i}")])?; } Ok(()) });
    eprintln!("full: {:?}", res.err().map(|e| (e.to_string(), e.is_refusal())));
}
