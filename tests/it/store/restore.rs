//! `restore` refuses anything that is not a complete zhibu ledger of a known schema version, with
//! exit code 1, a Chinese message and nothing changed; kept copies never collide; a damaged ledger is
//! found at start and restored from its newest good backup.

use std::path::Path;

use rusqlite::Connection;
use zhibu_core::app::backups::{self, BackupKind, LedgerHealth};
use zhibu_core::ErrorCode;

use super::{at, content, copy_of};
use crate::support::cli::{demo_ledger, run};

/// Every file in the ledger's folder with its bytes (the ledger, its backups, anything new).
fn folder_state(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.push((entry.display().to_string(), std::fs::read(&entry).unwrap()));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// The bad backups: (what, file), all made in `dir` from a good copy `good`.
fn bad_backups(dir: &Path, good: &Path) -> Vec<(&'static str, std::path::PathBuf)> {
    let bytes = std::fs::read(good).unwrap();
    let mut out = Vec::new();
    let meta_only = dir.join("meta-only.db");
    Connection::open(&meta_only)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE ledger_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO ledger_meta VALUES ('ledger_id', 'zhibu-x'); PRAGMA user_version = {};",
            zhibu_core::store::migrations::latest_version()
        ))
        .unwrap();
    out.push(("meta only", meta_only));
    let truncated = dir.join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    out.push(("truncated", truncated));
    let header = dir.join("header.db");
    std::fs::write(&header, &bytes[..100]).unwrap();
    out.push(("bare header", header));
    let newer = dir.join("newer.db");
    std::fs::copy(good, &newer).unwrap();
    Connection::open(&newer).unwrap().execute_batch("PRAGMA user_version = 99;").unwrap();
    out.push(("newer version", newer));
    let random = dir.join("random.db");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    // Not whole 512-byte pages: whole pages of noise cannot be told from an encrypted backup without
    // its password (refused as locked: tests/it/security.rs).
    let noise: Vec<u8> = (0..64 * 1024 + 100)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    std::fs::write(&random, noise).unwrap();
    out.push(("random bytes", random));
    let missing = dir.join("missing-table.db");
    std::fs::copy(good, &missing).unwrap();
    Connection::open(&missing).unwrap().execute_batch("DROP TABLE dues_rules;").unwrap();
    out.push(("missing table", missing));
    let missing_column = dir.join("missing-column.db");
    std::fs::copy(good, &missing_column).unwrap();
    Connection::open(&missing_column).unwrap().execute_batch("ALTER TABLE members DROP COLUMN remark;").unwrap();
    out.push(("missing column", missing_column));
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    out.push(("empty file", empty));
    let folder = dir.join("not-a-backup");
    std::fs::create_dir(&folder).unwrap();
    out.push(("folder without ledger.db", folder));
    out
}

#[test]
fn restore_refuses_what_is_not_a_complete_ledger_with_exit_1_and_changes_nothing() {
    let (dir, db) = demo_ledger();
    let bad_dir = tempfile::tempdir().unwrap();
    let good = copy_of(&db, "good.db");
    let bad = bad_backups(bad_dir.path(), &good);
    std::fs::remove_file(&good).unwrap();
    let before = folder_state(dir.path());
    for (what, file) in &bad {
        assert_eq!(run(&db, &["restore", file.to_str().unwrap()]), 1, "{what}");
        assert_eq!(folder_state(dir.path()), before, "{what}: something changed");
        let err = backups::restore(&db, file, at("2026-11-22 10:00:00"), None).unwrap_err();
        let want = if *what == "newer version" { ErrorCode::NewerVersion } else { ErrorCode::UnreadableFile };
        assert_eq!(err.code(), want, "{what}: {err}");
        assert!(err.to_string().contains("台账没有改动"), "{what}: {err}");
        assert_eq!(folder_state(dir.path()), before, "{what}: something changed");
        assert!(backups::preview_restore(&db, file, None).is_err(), "{what}");
    }
    let said = |what: &str| {
        let file = &bad.iter().find(|b| b.0 == what).unwrap().1;
        backups::restore(&db, file, at("2026-11-22 10:00:00"), None).unwrap_err().to_string()
    };
    assert!(said("meta only").contains("缺少数据表"), "{}", said("meta only"));
    assert!(said("missing table").contains("数据表 dues_rules"), "{}", said("missing table"));
    assert!(said("missing column").contains("members 表的 remark 列"), "{}", said("missing column"));
    assert!(said("truncated").contains("不完整或已损坏"), "{}", said("truncated"));
    assert!(said("newer version").contains("更新版本"), "{}", said("newer version"));
    // The ledger still works.
    assert_eq!(run(&db, &["dues", "--year", "2026", "--today", crate::support::TODAY]), 0);
}

#[test]
fn two_restores_in_the_same_second_keep_both_replaced_ledgers() {
    let (_dir, db) = demo_ledger();
    let copy = copy_of(&db, "copy.db");
    let now = at("2026-11-22 10:00:00");
    let first = backups::restore(&db, &copy, now, None).unwrap().kept.unwrap();
    let second = backups::restore(&db, &copy, now, None).unwrap().kept.unwrap();
    assert_eq!(first.id, "20261122-100000");
    assert_eq!(second.id, "20261122-100000-2");
    assert!(first.kind == BackupKind::BeforeRestore && second.kind == BackupKind::BeforeRestore);
    // And through the CLI, at the system's time, twice at once.
    assert_eq!(run(&db, &["restore", copy.to_str().unwrap()]), 0);
    assert_eq!(run(&db, &["restore", copy.to_str().unwrap()]), 0);
    assert_eq!(backups::list_for_path(&db, None).unwrap().len(), 4);
}

#[test]
fn a_restore_keeps_the_replaced_ledger_as_a_backup_that_can_be_restored() {
    let (_dir, db) = demo_ledger();
    let copy = copy_of(&db, "copy.db");
    let original = content(&db);
    assert_eq!(run(&db, &["settings", "--start-month", "2025-01", "--today", crate::support::TODAY]), 0);
    let changed = content(&db);
    assert_ne!(original, changed);
    let preview = backups::preview_restore(&db, &copy, None).unwrap();
    assert!(preview.same_ledger && preview.current_problem.is_none());
    assert_eq!(preview.changes.iter().find(|c| c.what == "党员").map(|c| (c.now, c.backup)), Some((Some(26), 26)));
    let outcome = backups::restore(&db, &copy, at("2026-11-22 10:00:00"), None).unwrap();
    assert_eq!(content(&db), original);
    let kept = outcome.kept.unwrap();
    backups::restore(&db, Path::new(&kept.path), at("2026-11-22 10:01:00"), None).unwrap();
    assert_eq!(content(&db), changed);
}

#[test]
fn the_start_up_check_finds_damage_and_the_newest_good_backup_restores_it() {
    let (dir, db) = demo_ledger();
    assert!(matches!(backups::health(&db, None), LedgerHealth::Ok { .. }));
    assert_eq!(backups::health(&dir.path().join("none.db"), None), LedgerHealth::New);
    let ledger = zhibu_core::Ledger::open(&db).unwrap();
    let good = backups::back_up_now(&ledger, at("2026-11-22 09:00:00")).unwrap();
    drop(ledger);
    let original = content(&db);
    let bytes = std::fs::read(&db).unwrap();

    // Truncated, a bare header, noise: damaged, said in Chinese, never a panic.
    for (what, damaged) in
        [("truncated", &bytes[..bytes.len() / 3]), ("header", &bytes[..100]), ("noise", &[7u8; 9000][..])]
    {
        std::fs::write(&db, damaged).unwrap();
        match backups::health(&db, None) {
            LedgerHealth::Damaged { message } => assert!(message.contains("已损坏"), "{what}: {message}"),
            other => panic!("{what}: {other:?}"),
        }
        // Every command refuses it with exit 1 and a Chinese message.
        assert_eq!(run(&db, &["dues", "--year", "2026"]), 1, "{what}");
        let err = zhibu_core::Ledger::open(&db).err().unwrap();
        assert!(matches!(err.code(), ErrorCode::Damaged | ErrorCode::UnreadableFile), "{what}: {err}");
        assert!(!err.to_string().contains("malformed"), "{what}: {err}");
    }
    // The way out, from the command line: list the backups (without opening the ledger) and restore.
    assert_eq!(run(&db, &["backups"]), 0);
    let offer = backups::newest_good_backup(&db, None).unwrap().unwrap();
    assert_eq!(offer.id, good.id);
    assert_eq!(run(&db, &["restore", &offer.path, "--preview"]), 0);
    let outcome = backups::restore(&db, Path::new(&offer.path), at("2026-11-22 10:00:00"), None).unwrap();
    assert_eq!(content(&db), original);
    assert!(matches!(backups::health(&db, None), LedgerHealth::Ok { .. }));
    // The damaged file was kept as it was, and is not offered again.
    let kept = outcome.kept.unwrap();
    assert!(kept.damaged.is_some());
    assert_eq!(std::fs::read(Path::new(&kept.path).join("ledger.db")).unwrap(), vec![7u8; 9000]);
    assert_eq!(backups::newest_good_backup(&db, None).unwrap().unwrap().id, good.id);

    // Newer and foreign files are reported, not damaged.
    let newer = dir.path().join("newer.db");
    Connection::open(&newer).unwrap().execute_batch("CREATE TABLE x(y); PRAGMA user_version = 99;").unwrap();
    assert!(matches!(backups::health(&newer, None), LedgerHealth::Newer { .. }));
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE x(y);").unwrap();
    assert!(matches!(backups::health(&foreign, None), LedgerHealth::Foreign { .. }));
}

#[test]
fn a_backup_of_an_older_schema_is_restored_and_brought_up_to_date() {
    let (dir, db) = demo_ledger();
    let latest = zhibu_core::store::migrations::latest_version();
    let older = dir.path().join("older.db");
    let conn = zhibu_core::store::migrations::schema_at(latest - 1).unwrap();
    conn.execute("INSERT INTO ledger_meta(name, value) VALUES ('ledger_id', 'zhibu-older')", []).unwrap();
    conn.backup(rusqlite::MAIN_DB, &older, None).unwrap();
    let preview = backups::preview_restore(&db, &older, None).unwrap();
    assert_eq!(preview.backup_schema_version, latest - 1);
    assert!(!preview.same_ledger, "another ledger's backup is said so");
    let outcome = backups::restore(&db, &older, at("2026-11-22 10:00:00"), None).unwrap();
    assert_eq!(outcome.kept.unwrap().counts.unwrap().members, 26);
    let ledger = zhibu_core::Ledger::open(&db).unwrap();
    assert_eq!(ledger.schema_version().unwrap(), latest);
    assert_eq!(ledger.ledger_id().unwrap(), "zhibu-older");
    assert!(ledger.is_empty().unwrap());
}
