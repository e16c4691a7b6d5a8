//! The optional password (`app::security`, `zhibu encrypt`/`decrypt`/`change-password`, the global
//! `--password-file`): with a password set no name, ID number or phone can be read from the ledger
//! file, its WAL or a backup; a missing or wrong password is refused with exit 1 and nothing changes;
//! encrypting and decrypting keep every row; plain ledgers work as before; files are owner-only.

use std::path::{Path, PathBuf};

use zhibu_core::app::security::{self, Password};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::cli::{demo_ledger, run};
use crate::support::{dump_rows, TODAY};

fn pw(text: &str) -> Password {
    Password::new(text.to_string()).unwrap()
}

/// A password file holding `text` (with the trailing line break an editor adds).
fn password_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{text}\n")).unwrap();
    path
}

/// Every member's and development person's name, ID number and phone, as the bytes a `strings`
/// scan would look for.
fn personal_data(ledger: &Ledger) -> Vec<String> {
    let conn = ledger.conn();
    let mut out = Vec::new();
    for sql in [
        "SELECT name FROM members UNION SELECT id_number FROM members UNION SELECT phone FROM members",
        "SELECT name FROM development_people UNION SELECT id_number FROM development_people",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let values: Vec<Option<String>> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        out.extend(values.into_iter().flatten().filter(|v| !v.is_empty()));
    }
    assert!(out.len() > 50, "the demo has people: {}", out.len());
    out
}

/// The personal data readable in `file`'s bytes.
fn readable_in(file: &Path, needles: &[String]) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    needles.iter().filter(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes())).cloned().collect()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

#[test]
fn with_a_password_no_name_id_number_or_phone_is_readable_in_the_ledger_its_wal_or_a_backup() {
    let (dir, db) = demo_ledger();
    let needles = personal_data(&Ledger::open(&db).unwrap());
    // The scan finds them in a plain ledger (the test can fail).
    assert!(readable_in(&db, &needles).len() > needles.len() / 2);

    let secret = password_file(dir.path(), "pw.txt", "党支部 2026！");
    assert_eq!(run(&db, &["encrypt", "--password-file", secret.to_str().unwrap()]), 0);
    assert_eq!(readable_in(&db, &needles), Vec::<String>::new(), "the ledger file");

    // A change while the ledger is open sits in the WAL: encrypted too.
    let new_phone = "13912345678".to_string();
    let ledger = Ledger::open_with(&db, Some(&pw("党支部 2026！"))).unwrap();
    ledger.write(|tx| Ok(tx.execute("UPDATE members SET phone = ?1", [&new_phone])?)).unwrap();
    let wal = with_suffix(&db, "-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the WAL holds the change");
    let mut wal_needles = needles.clone();
    wal_needles.push(new_phone.clone());
    assert_eq!(readable_in(&wal, &wal_needles), Vec::<String>::new(), "the WAL");

    let backup = dir.path().join("backup.db");
    assert_eq!(run(&db, &["backup", backup.to_str().unwrap(), "--password-file", secret.to_str().unwrap()]), 0);
    assert_eq!(readable_in(&backup, &wal_needles), Vec::<String>::new(), "the backup");
    assert!(security::is_encrypted(&backup).unwrap());
    drop(ledger);

    // The same change on a plain ledger is readable in its WAL (the scan of a WAL can fail).
    let (_plain_dir, plain) = demo_ledger();
    let ledger = Ledger::open(&plain).unwrap();
    ledger.write(|tx| Ok(tx.execute("UPDATE members SET phone = ?1", [&new_phone])?)).unwrap();
    assert!(readable_in(&with_suffix(&plain, "-wal"), &[new_phone]).len() == 1);
}

#[test]
fn a_missing_or_wrong_password_is_refused_with_exit_1_and_changes_nothing() {
    let (dir, db) = demo_ledger();
    security::encrypt(&db, &pw("right")).unwrap();
    let before = std::fs::read(&db).unwrap();

    let err = Ledger::open(&db).err().unwrap();
    assert_eq!(err.code(), ErrorCode::Locked);
    assert!(
        err.to_string().starts_with("台账已加密，请用 --password-file 或环境变量 ZHIBU_PASSWORD 提供密码"),
        "{err}"
    );
    let err = Ledger::open_with(&db, Some(&pw("wrong"))).err().unwrap();
    assert_eq!(err.code(), ErrorCode::WrongPassword);
    assert!(err.to_string().starts_with("密码不正确"), "{err}");
    assert!(err.is_refusal());

    let wrong = password_file(dir.path(), "wrong.txt", "wrong");
    let out = dir.path().join("out");
    for args in [
        vec!["about"],
        vec!["check", "--year", "2026", "--today", TODAY],
        vec!["export", "--year", "2026", "--out", out.to_str().unwrap(), "--today", TODAY],
        vec!["backup", dir.path().join("b.db").to_str().unwrap()],
        vec!["decrypt"],
    ] {
        assert_eq!(run(&db, &args), 1, "{args:?} without a password");
        let mut with_wrong = args.clone();
        with_wrong.extend(["--password-file", wrong.to_str().unwrap()]);
        assert_eq!(run(&db, &with_wrong), 1, "{args:?} with a wrong password");
    }
    assert!(!out.exists() && !dir.path().join("b.db").exists());
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let right = password_file(dir.path(), "right.txt", "right");
    assert_eq!(run(&db, &["about", "--password-file", right.to_str().unwrap()]), 0);
}

#[test]
fn encrypt_then_decrypt_keeps_every_row_and_the_search_index() {
    let (dir, db) = demo_ledger();
    let rows = |l: &Ledger| -> Vec<String> {
        dump_rows(l).into_iter().filter(|r| !r.starts_with("audit_log:")).collect::<Vec<_>>()
    };
    let hits = |l: &Ledger| zhibu_core::app::meetings::search_activities(l, "学习", None, 1000).unwrap().len();
    let (before, before_hits) = {
        let l = Ledger::open(&db).unwrap();
        (rows(&l), hits(&l))
    };
    assert!(before_hits > 0);

    let status = security::encrypt(&db, &pw("一二三 'a\"b;c")).unwrap();
    assert!(status.encrypted);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "ledger.db")
        .collect();
    assert_eq!(leftovers, Vec::<String>::new(), "no temporary, -wal or -shm file is left");
    {
        let l = security::unlock(&db, &pw("一二三 'a\"b;c")).unwrap();
        assert!(l.is_encrypted());
        assert_eq!(rows(&l), before);
        assert_eq!(hits(&l), before_hits);
        assert_eq!(zhibu_core::app::about::about(&l).unwrap().schema_version, l.schema_version().unwrap());
        assert!(zhibu_core::store::audit::recent(l.conn(), None, 10)
            .unwrap()
            .iter()
            .any(|e| e.summary.contains("设置台账密码")));
    }

    let status = security::decrypt(&db, &pw("一二三 'a\"b;c")).unwrap();
    assert!(!status.encrypted);
    assert_eq!(&std::fs::read(&db).unwrap()[..16], b"SQLite format 3\0");
    let l = Ledger::open(&db).unwrap();
    assert!(!l.is_encrypted());
    assert_eq!(rows(&l), before);
    assert_eq!(hits(&l), before_hits);
}

#[test]
fn the_password_can_be_changed_and_each_operation_refuses_the_wrong_state() {
    let (dir, db) = demo_ledger();
    let unchanged = |f: &dyn Fn() -> zhibu_core::Result<security::SecurityStatus>, code: ErrorCode| {
        let before = std::fs::read(&db).unwrap();
        let err = f().err().unwrap();
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
        err.to_string()
    };
    let msg = unchanged(&|| security::decrypt(&db, &pw("x")), ErrorCode::Conflict);
    assert!(msg.contains("没有设置密码"), "{msg}");
    unchanged(&|| security::change_password(&db, &pw("x"), &pw("y")), ErrorCode::Conflict);

    security::encrypt(&db, &pw("old")).unwrap();
    let msg = unchanged(&|| security::encrypt(&db, &pw("other")), ErrorCode::Conflict);
    assert!(msg.contains("已经设置了密码"), "{msg}");
    unchanged(&|| security::change_password(&db, &pw("wrong"), &pw("new")), ErrorCode::WrongPassword);
    unchanged(&|| security::change_password(&db, &pw("old"), &pw("old")), ErrorCode::InvalidInput);
    unchanged(&|| security::decrypt(&db, &pw("wrong")), ErrorCode::WrongPassword);

    let old = password_file(dir.path(), "old.txt", "old");
    let new = password_file(dir.path(), "new.txt", "新 密码");
    let recovery = dir.path().join("U盘").join("密码恢复.txt");
    let args =
        ["change-password", "--password-file", old.to_str().unwrap(), "--new-password-file", new.to_str().unwrap()];
    let mut with_recovery = args.to_vec();
    with_recovery.extend(["--recovery-file", recovery.to_str().unwrap()]);
    assert_eq!(run(&db, &with_recovery), 0);
    assert_eq!(Ledger::open_with(&db, Some(&pw("old"))).err().unwrap().code(), ErrorCode::WrongPassword);
    assert!(Ledger::open_with(&db, Some(&pw("新 密码"))).unwrap().is_encrypted());
    let text = std::fs::read_to_string(&recovery).unwrap();
    assert!(text.lines().any(|l| l == "新 密码") && text.contains("无法找回"), "{text}");

    // A recovery file is written only for the password that opens the ledger.
    let err = security::write_recovery_file(&dir.path().join("r.txt"), &db, &pw("old"), crate::support::today())
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::WrongPassword);
    assert!(!dir.path().join("r.txt").exists());

    assert_eq!(run(&db, &["decrypt", "--password-file", new.to_str().unwrap()]), 0);
    assert!(!security::is_encrypted(&db).unwrap());
}

#[test]
fn the_password_is_not_set_while_another_program_has_the_ledger_open() {
    let (_dir, db) = demo_ledger();
    let window = Ledger::open(&db).unwrap();
    window.write(|tx| Ok(tx.execute("UPDATE members SET phone = '13900000000' WHERE id = 1", [])?)).unwrap();
    let err = security::encrypt(&db, &pw("pw")).err().unwrap();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("另一个程序"), "{err}");
    assert!(!security::is_encrypted(&db).unwrap());
    // The open handle still works, and once it is closed the password can be set.
    window.write(|tx| Ok(tx.execute("UPDATE members SET phone = '13900000001' WHERE id = 1", [])?)).unwrap();
    drop(window);
    security::encrypt(&db, &pw("pw")).unwrap();
    let l = Ledger::open_with(&db, Some(&pw("pw"))).unwrap();
    let phone: String = l.conn().query_row("SELECT phone FROM members WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(phone, "13900000001");
}

#[test]
fn a_plain_ledger_stays_plain_and_a_new_one_made_with_a_password_is_encrypted() {
    let (dir, db) = demo_ledger();
    let secret = password_file(dir.path(), "pw.txt", "pw");
    let before = dump_rows(&Ledger::open(&db).unwrap());
    // A password given for a plain ledger is not used: it opens, stays plain, and so do its backups.
    assert_eq!(run(&db, &["about", "--password-file", secret.to_str().unwrap()]), 0);
    let backup = dir.path().join("plain-backup.db");
    assert_eq!(run(&db, &["backup", backup.to_str().unwrap(), "--password-file", secret.to_str().unwrap()]), 0);
    for file in [&db, &backup] {
        assert_eq!(&std::fs::read(file).unwrap()[..16], b"SQLite format 3\0");
    }
    let l = Ledger::open_with(&db, Some(&pw("pw"))).unwrap();
    assert!(!l.is_encrypted());
    assert_eq!(dump_rows(&l), before);
    assert!(!zhibu_core::app::about::about(&l).unwrap().encrypted);

    let fresh = dir.path().join("fresh.db");
    let args = ["demo", "--scale", "small", "--today", TODAY, "--password-file", secret.to_str().unwrap()];
    assert_eq!(run(&fresh, &args), 0);
    assert!(security::is_encrypted(&fresh).unwrap());
    assert_eq!(Ledger::open(&fresh).err().unwrap().code(), ErrorCode::Locked);
    let l = Ledger::open_with(&fresh, Some(&pw("pw"))).unwrap();
    assert_eq!(dump_rows(&l).iter().filter(|r| r.starts_with("members:")).count(), 26);
}

#[test]
fn an_encrypted_backup_restores_only_with_its_password() {
    let (dir, db) = demo_ledger();
    security::encrypt(&db, &pw("pw")).unwrap();
    let secret = password_file(dir.path(), "pw.txt", "pw");
    let backup = dir.path().join("backup.db");
    assert_eq!(run(&db, &["backup", backup.to_str().unwrap(), "--password-file", secret.to_str().unwrap()]), 0);
    let before = dump_rows(&Ledger::open_with(&db, Some(&pw("pw"))).unwrap());

    // Decrypted meanwhile, then the encrypted backup restored: the ledger is encrypted again, complete.
    security::decrypt(&db, &pw("pw")).unwrap();
    let plain_bytes = std::fs::read(&db).unwrap();
    let now = |t: &str| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
    let err = zhibu_core::app::backups::restore(&db, &backup, now("2026-11-22 10:00:00"), None).err().unwrap();
    assert_eq!(err.code(), ErrorCode::Locked);
    assert_eq!(std::fs::read(&db).unwrap(), plain_bytes, "a refused restore changes nothing");
    assert_eq!(run(&db, &["restore", backup.to_str().unwrap(), "--password-file", secret.to_str().unwrap()]), 0);
    assert!(security::is_encrypted(&db).unwrap());
    let restored: Vec<String> = dump_rows(&Ledger::open_with(&db, Some(&pw("pw"))).unwrap())
        .into_iter()
        .filter(|r| !r.starts_with("audit_log:"))
        .collect();
    let wanted: Vec<String> = before.into_iter().filter(|r| !r.starts_with("audit_log:")).collect();
    assert_eq!(restored, wanted);

    // Encrypted over encrypted (the pages copied in place), and the kept copy of the replaced ledger
    // is encrypted as it was.
    let outcome = zhibu_core::app::backups::restore(&db, &backup, now("2026-11-22 10:05:00"), Some(&pw("pw"))).unwrap();
    let kept = std::path::Path::new(&outcome.kept.unwrap().path).join("ledger.db");
    assert!(security::is_encrypted(&kept).unwrap() && security::is_encrypted(&db).unwrap());
    let again: Vec<String> = dump_rows(&Ledger::open_with(&db, Some(&pw("pw"))).unwrap())
        .into_iter()
        .filter(|r| !r.starts_with("audit_log:"))
        .collect();
    assert_eq!(again, wanted);
}

#[cfg(unix)]
#[test]
fn the_encrypted_ledger_its_backup_and_the_recovery_file_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = demo_ledger();
    let secret = password_file(dir.path(), "pw.txt", "pw");
    let recovery = dir.path().join("recovery.txt");
    let args = ["encrypt", "--password-file", secret.to_str().unwrap(), "--recovery-file", recovery.to_str().unwrap()];
    assert_eq!(run(&db, &args), 0);
    let backup = dir.path().join("b.db");
    assert_eq!(run(&db, &["backup", backup.to_str().unwrap(), "--password-file", secret.to_str().unwrap()]), 0);
    for file in [&db, &backup, &recovery] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn the_idle_lock_time_is_a_setting_of_the_ledger() {
    let ledger = Ledger::in_memory().unwrap();
    assert_eq!(security::status(&ledger).unwrap().lock_after_minutes, security::DEFAULT_LOCK_AFTER_MINUTES);
    assert_eq!(security::set_lock_after_minutes(&ledger, 5).unwrap().lock_after_minutes, 5);
    assert_eq!(security::set_lock_after_minutes(&ledger, 0).unwrap().lock_after_minutes, 0);
    let err = security::set_lock_after_minutes(&ledger, 10_000).err().unwrap();
    assert_eq!(err.problems()[0].at, "lock_after_minutes");
    assert_eq!(security::lock_after_minutes(&ledger).unwrap(), 0);
}

#[test]
fn an_encrypted_ledger_is_checked_at_start_with_its_password_and_its_backup_folders_are_encrypted() {
    use zhibu_core::app::backups::{self, LedgerHealth};
    let (_dir, db) = demo_ledger();
    security::encrypt(&db, &pw("pw")).unwrap();
    assert!(matches!(backups::health(&db, None), LedgerHealth::Locked { .. }));
    assert!(matches!(backups::health(&db, Some(&pw("wrong"))), LedgerHealth::Locked { .. }));
    assert!(matches!(backups::health(&db, Some(&pw("pw"))), LedgerHealth::Ok { .. }));
    let ledger = Ledger::open_with(&db, Some(&pw("pw"))).unwrap();
    let made = backups::back_up_now(&ledger, backups::system_now()).unwrap();
    drop(ledger);
    let copy = std::path::Path::new(&made.path).join("ledger.db");
    assert!(security::is_encrypted(&copy).unwrap(), "the backup folder's copy is encrypted");
    assert_eq!(made.counts.unwrap().members, 26);
    let listed = backups::list_for_path(&db, Some(&pw("pw"))).unwrap();
    assert!(listed.iter().any(|b| b.id == made.id && b.this_ledger));
    assert_eq!(backups::newest_good_backup(&db, Some(&pw("pw"))).unwrap().unwrap().id, made.id);
}
