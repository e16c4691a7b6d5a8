//! `kill -9` during a package import and a roster import: the ledger must pass `integrity_check`
//! and hold exactly what it held before or after the import (each table's row count), never a part.
//!
//! The child is this test binary re-run on this one test with `ZHIBU_KILL_CHILD` set; the parent
//! kills it at moments drawn from a fixed seed over the import's measured duration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use zhibu_core::{app, Ledger};

use crate::support::cli::run;
use crate::support::{today, TODAY};

const TEST: &str = "store::kill::kill_9_during_imports_leaves_the_ledger_as_before_or_after";
const CHILD: &str = "ZHIBU_KILL_CHILD";
const TRIALS_PER_IMPORT: usize = 20;

#[derive(Clone, Copy, Debug)]
enum Job {
    /// Only opens the ledger: how long the child takes before an import starts.
    Open,
    Package,
    Roster,
}

/// In the child: runs one import to its end (unless killed).
fn child(spec: &str) {
    let [job, db, input]: [&str; 3] = spec.split('\t').collect::<Vec<_>>().try_into().unwrap();
    let ledger = Ledger::open(Path::new(db)).unwrap();
    match job {
        "Open" => {}
        "Package" => {
            let pkg = zhibu_core::package::parse_package(&std::fs::read_to_string(input).unwrap()).unwrap();
            zhibu_core::package::import_package(&ledger, &pkg, today()).unwrap();
        }
        "Roster" => {
            let org_id = app::org_id_for(&ledger, None).unwrap();
            let request =
                app::RosterImportRequest { path: input.to_string(), sheet: None, org_id, ..Default::default() };
            app::import_roster(&ledger, &request, today()).unwrap();
        }
        other => panic!("unknown job {other}"),
    }
}

/// Each table's row count: what "before" and "after" are compared by.
fn signature(db: &Path) -> BTreeMap<String, i64> {
    let conn = Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|t| (t.clone(), conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap()))
        .collect()
}

fn integrity(db: &Path) -> String {
    Connection::open(db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// Starts the child on a fresh copy of `base` at `db`.
fn spawn(job: Job, base: &Path, db: &Path, input: &Path) -> std::process::Child {
    for stale in [db.to_path_buf(), db.with_extension("db-wal"), db.with_extension("db-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    std::fs::copy(base, db).unwrap();
    Command::new(std::env::current_exe().unwrap())
        .args([TEST, "--exact", "--test-threads=1"])
        .env(CHILD, format!("{job:?}\t{}\t{}", db.display(), input.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn kill_9_during_imports_leaves_the_ledger_as_before_or_after() {
    if let Ok(spec) = std::env::var(CHILD) {
        return child(&spec);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| -> PathBuf { dir.path().join(name) };
    // Inputs: the small demo as a package and as a roster workbook.
    let demo = path("demo.db");
    assert_eq!(run(&demo, &["demo", "--scale", "small", "--today", TODAY]), 0);
    let package = path("demo.json");
    assert_eq!(run(&demo, &["export-package", package.to_str().unwrap()]), 0);
    let roster = path("花名册.xlsx");
    {
        let ledger = Ledger::open(&demo).unwrap();
        let org = app::org_id_for(&ledger, None).unwrap();
        zhibu_core::workbooks::roster::export(&ledger, org, &roster, today(), false).unwrap();
    }
    // Bases: an empty ledger for the package, the demo's organisations alone for the roster.
    let package_base = path("package-base.db");
    drop(Ledger::open_or_create(&package_base).unwrap());
    let roster_base = path("roster-base.db");
    let orgs_only = path("orgs.json");
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&package).unwrap()).unwrap();
    for (key, field) in value.as_object_mut().unwrap() {
        if key != "organizations" && field.is_array() {
            *field = serde_json::Value::Array(vec![]);
        }
    }
    for org in value["organizations"].as_array_mut().unwrap() {
        for (key, field) in org.as_object_mut().unwrap() {
            if key == "groups" {
                // The 党小组 stay (the 花名册 names each member's), without leaders (members to come).
                for g in field.as_array_mut().unwrap() {
                    g.as_object_mut().unwrap().remove("leader");
                }
            } else if field.is_array() {
                *field = serde_json::Value::Array(vec![]);
            }
        }
    }
    std::fs::write(&orgs_only, value.to_string()).unwrap();
    assert_eq!(run(&roster_base, &["import", orgs_only.to_str().unwrap(), "--today", TODAY]), 0);

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut tally = Vec::new();
    for (job, base, input) in [(Job::Package, &package_base, &package), (Job::Roster, &roster_base, &roster)] {
        let db = path(&format!("{job:?}.db"));
        let before = signature(base);
        // How long the child takes to start and open the ledger, and to run the import to its end
        // (which gives the "after" state); the kills fall between the two, and a little after.
        let timed = |job: Job| {
            let started = Instant::now();
            let status = spawn(job, base, &db, input).wait().unwrap();
            assert!(status.success(), "{job:?}: the uninterrupted child failed");
            started.elapsed()
        };
        let (opened, span) = (timed(Job::Open), timed(job));
        let after = signature(&db);
        assert_ne!(before, after, "{job:?}: the import changed nothing");
        let from = opened.as_micros() as u64 * 9 / 10;
        let width = (span.as_micros() as u64 * 11 / 10).saturating_sub(from).max(1);
        let (mut as_before, mut as_after, mut journal_written) = (0, 0, 0);
        for trial in 0..TRIALS_PER_IMPORT {
            let delay = Duration::from_micros(from + next() % width);
            let mut child = spawn(job, base, &db, input);
            std::thread::sleep(delay);
            let _ = child.kill(); // SIGKILL on unix
            child.wait().unwrap();
            // Killed while writing: the WAL holds frames not yet checkpointed.
            if std::fs::metadata(db.with_extension("db-wal")).is_ok_and(|m| m.len() > 0) {
                journal_written += 1;
            }
            assert_eq!(integrity(&db), "ok", "{job:?} trial {trial} killed after {delay:?}");
            let now = signature(&db);
            if now == before {
                as_before += 1;
            } else if now == after {
                as_after += 1;
            } else {
                panic!("{job:?} trial {trial} killed after {delay:?}: a partial state {now:?}");
            }
            // The ledger opens normally afterwards.
            drop(Ledger::open(&db).unwrap());
        }
        tally.push(format!(
            "{job:?}: opened after {opened:?}, done after {span:?}; {as_before} as before, {as_after} as after, \
             {journal_written} killed with a written WAL"
        ));
    }
    eprintln!("kill -9 trials: {}", tally.join("; "));
}
