//! A second writer waits for the first (and is told plainly when it waited too long), a full disk
//! says so in Chinese with exit 1, files are created readable by their owner only, and an old value
//! does not linger in the file after an update.

use std::path::Path;
use std::time::{Duration, Instant};

use zhibu_core::app::{self, backups};
use zhibu_core::{ErrorCode, Ledger};

use super::at;
use crate::support::cli::{demo_ledger, run};
use crate::support::{d, TODAY};

/// Holds the ledger's write lock from another connection for `hold`, then commits.
fn hold_write_lock(db: &Path, hold: Duration) -> (std::thread::JoinHandle<()>, std::sync::mpsc::Receiver<()>) {
    let (locked, wait) = std::sync::mpsc::channel();
    let db = db.to_path_buf();
    let handle = std::thread::spawn(move || {
        let first = Ledger::open(&db).unwrap();
        first
            .write(|tx| {
                zhibu_core::store::meta::set_setting(tx, "first-writer", "yes")?;
                locked.send(()).unwrap();
                std::thread::sleep(hold);
                Ok(())
            })
            .unwrap();
    });
    (handle, wait)
}

#[test]
fn a_second_writer_waits_for_the_first_and_then_succeeds() {
    let (_dir, db) = demo_ledger();
    let second = Ledger::open(&db).unwrap();
    // The second connection has read before (an open read snapshot would make a DEFERRED
    // transaction fail at once on its upgrade).
    assert!(!second.is_empty().unwrap());
    let (first, locked) = hold_write_lock(&db, Duration::from_millis(1200));
    locked.recv().unwrap();
    let started = Instant::now();
    app::settings::set_start_month(&second, Some("2025-01"), d(TODAY)).unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(800), "did not wait: {waited:?}");
    first.join().unwrap();
    // Both actions are in the ledger; the CLI, as another process would, also waits.
    let (first, locked) = hold_write_lock(&db, Duration::from_millis(800));
    locked.recv().unwrap();
    assert_eq!(run(&db, &["settings", "--collection-day", "10", "--today", TODAY]), 0);
    first.join().unwrap();
    let ledger = Ledger::open(&db).unwrap();
    assert_eq!(zhibu_core::store::meta::setting(ledger.conn(), "first-writer").unwrap().as_deref(), Some("yes"));
    let s = app::settings::ledger_settings(&ledger, d(TODAY)).unwrap();
    assert_eq!((s.start_month.as_deref(), s.collection_day), (Some("2025-01"), Some(10)));
}

#[test]
fn a_writer_that_waits_too_long_is_told_what_to_do_with_exit_1() {
    let (_dir, db) = demo_ledger();
    let before = super::content(&db);
    let (first, locked) = hold_write_lock(&db, Duration::from_millis(6500));
    locked.recv().unwrap();
    let second = Ledger::open(&db).unwrap();
    let err = app::settings::set_start_month(&second, Some("2025-01"), d(TODAY)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("另一个程序正在写入台账") && err.to_string().contains("请稍后再试"), "{err}");
    assert!(err.is_refusal(), "exit code 1");
    first.join().unwrap();
    drop(second);
    let after = super::content(&db);
    assert_ne!(before, after, "the first writer's action is saved");
    assert!(!after.contains("2025-01"), "the second writer's action is not");
}

#[test]
fn a_full_disk_is_said_in_chinese_with_exit_1_and_nothing_changes() {
    let (dir, db) = demo_ledger();
    let before = super::content(&db);
    let ledger = Ledger::open(&db).unwrap();
    // The ledger may not grow: SQLite reports SQLITE_FULL as on a full disk.
    let pages: i64 = ledger.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    let _: i64 = ledger.conn().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| r.get(0)).unwrap();
    let pkg = dir.path().join("p.json");
    assert_eq!(run(&db, &["export-package", pkg.to_str().unwrap()]), 0);
    let mut package = zhibu_core::package::parse_package(&std::fs::read_to_string(&pkg).unwrap()).unwrap();
    package.source = "zhibu-another-ledger".to_string();
    let err = zhibu_core::package::import_package(&ledger, &package, d(TODAY)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err}");
    assert!(err.to_string().contains("磁盘空间不足"), "{err}");
    assert!(err.is_refusal(), "exit code 1");
    drop(ledger);
    assert_eq!(super::content(&db), before);
    // A file written on a full device (ENOSPC) says the same, exit 1.
    if Path::new("/dev/full").exists() {
        assert_eq!(run(&db, &["export-package", "/dev/full"]), 1);
        let e = zhibu_core::Error::io("/dev/full", std::io::Error::from_raw_os_error(28));
        assert!(e.to_string().contains("磁盘空间不足"), "{e}");
        assert!(e.is_refusal());
    }
}

#[cfg(unix)]
#[test]
fn the_ledger_its_journal_and_backups_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (dir, db) = demo_ledger();
    assert_eq!(mode(&db), 0o600);
    let ledger = Ledger::open(&db).unwrap();
    ledger.write(|tx| zhibu_core::store::meta::set_setting(tx, "x", "y")).unwrap();
    for side in zhibu_core::store::backup::sidecars(&db) {
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    let single = dir.path().join("copy.db");
    assert_eq!(run(&db, &["backup", single.to_str().unwrap()]), 0);
    assert_eq!(mode(&single), 0o600);
    let made = backups::back_up_now(&ledger, at("2026-11-22 09:00:00")).unwrap();
    assert_eq!(mode(Path::new(&made.path)), 0o700);
    for file in ["ledger.db", "manifest.json"] {
        assert_eq!(mode(&Path::new(&made.path).join(file)), 0o600, "{file}");
    }
    assert_eq!(mode(&dir.path().join("备份")), 0o700);
    drop(ledger);
    let kept = backups::restore(&db, &single, at("2026-11-22 10:00:00"), None).unwrap().kept.unwrap();
    assert_eq!(mode(&Path::new(&kept.path).join("ledger.db")), 0o600);
    assert_eq!(mode(&db), 0o600);
    // Restored into a new place: created owner-only too.
    // A ledger left readable by everyone (an older zhibu, a copy) is made owner-only when opened.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Ledger::open(&db).unwrap());
    assert_eq!(mode(&db), 0o600, "an existing 0644 ledger is tightened on open");
    let elsewhere = dir.path().join("new").join("ledger.db");
    backups::restore(&elsewhere, &single, at("2026-11-22 10:00:00"), None).unwrap();
    assert_eq!(mode(&elsewhere), 0o600);
}

#[test]
fn an_old_phone_number_does_not_remain_in_the_file_after_an_update() {
    let (_dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    let secure: i64 = ledger.conn().query_row("PRAGMA secure_delete", [], |r| r.get(0)).unwrap();
    assert_eq!(secure, 1);
    let member = app::list_members(&ledger, &Default::default()).unwrap().remove(0);
    let mut fields = member.fields.clone();
    let old = "13987654321";
    fields.phone = Some(old.into());
    app::update_member(&ledger, member.id, fields.clone(), d(TODAY)).unwrap();
    drop(ledger);
    let in_file = |needle: &str| {
        let bytes = std::fs::read(&db).unwrap();
        bytes.windows(needle.len()).filter(|w| *w == needle.as_bytes()).count()
    };
    assert_eq!(in_file(old), 1);
    // A longer row (a remark added): it moves within its page and the old cell becomes free space.
    let ledger = Ledger::open(&db).unwrap();
    fields.phone = Some("13711112222".into());
    fields.remark = Some("2026年11月更换了手机号码，已核实".into());
    app::update_member(&ledger, member.id, fields, d(TODAY)).unwrap();
    ledger.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    // The 修改记录 keeps the values before each edit (by design); nowhere else may the old number be.
    let in_audit: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE instr(detail, ?1) > 0", [old], |r| r.get(0))
        .unwrap();
    assert_eq!(in_audit, 1);
    assert_eq!(in_file(old), 1, "the old phone number lingers outside the 修改记录");
    drop(ledger);
    assert_eq!(in_file(old), 1);
}

#[test]
fn a_ledger_path_that_cannot_be_opened_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a-folder.db");
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(run(&folder, &["about"]), 1);
    assert_eq!(run(&folder, &["demo", "--scale", "small"]), 1);
    let err = Ledger::open(&folder).err().unwrap();
    assert!(err.is_refusal(), "{err}");
    assert!(matches!(backups::health(&folder, None), backups::LedgerHealth::Foreign { .. }));
}
