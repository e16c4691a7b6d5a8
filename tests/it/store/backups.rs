//! Backup folders: what a backup holds (a consistent copy, the attachments, a manifest with counts),
//! the list, the automatic backup's "due" rule and rotation, and the chosen backup folder.

use std::path::Path;

use zhibu_core::app::backups::{self, BackupKind, BackupReason};
use zhibu_core::app::settings;
use zhibu_core::store::backup::content_digest;
use zhibu_core::Ledger;

use super::at;

use crate::support::cli::{demo_ledger, run};
use crate::support::today;

#[test]
fn a_backup_lists_its_time_size_and_counts_and_carries_the_attachments() {
    let (dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    let activity: i64 = ledger.conn().query_row("SELECT min(id) FROM activities", [], |r| r.get(0)).unwrap();
    let photo = dir.path().join("会议照片.jpg");
    std::fs::write(&photo, b"\xff\xd8 a photo of the meeting").unwrap();
    let attachment = zhibu_core::app::meetings::add_attachment(&ledger, activity, &photo).unwrap();

    let made = backups::back_up_now(&ledger, at("2026-11-22 09:30:00")).unwrap();
    assert_eq!(made.id, "20261122-093000");
    assert_eq!(Path::new(&made.path), dir.path().join("备份").join("20261122-093000"));
    let list = backups::list(&ledger).unwrap();
    assert_eq!(list, vec![made.clone()]);
    let b = &list[0];
    assert_eq!((b.kind, b.kind_label.as_str(), b.this_ledger), (BackupKind::Manual, "手动", true));
    assert_eq!(b.created_at, "2026-11-22 09:30:00");
    let counts = b.counts.unwrap();
    let (members, meetings) = zhibu_core::store::meta::counts(ledger.conn()).unwrap();
    assert_eq!((counts.members, counts.meetings, counts.attachments), (members, meetings, 1));
    assert_eq!(b.attachment_files, 1);
    let db_len = std::fs::metadata(Path::new(&b.path).join("ledger.db")).unwrap().len();
    assert!(b.size_bytes > db_len, "{} vs {db_len}", b.size_bytes);
    let stored = Path::new(&b.path).join("attachments").join(&attachment.stored_path);
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&photo).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let in_ledger = zhibu_core::app::meetings::attachment_path(&ledger, attachment.id).unwrap();
        for file in [&stored, &in_ledger] {
            assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600, "{}", file.display());
        }
    }

    // The ledger's attachments folder is lost; restoring the backup brings the file back.
    let files = zhibu_core::meetings::attachments::files_dir(&ledger).unwrap();
    drop(ledger);
    std::fs::remove_dir_all(&files).unwrap();
    let outcome = backups::restore(&db, Path::new(&b.path), at("2026-11-22 10:00:00"), None).unwrap();
    assert_eq!(outcome.attachments_copied, 1);
    let ledger = Ledger::open(&db).unwrap();
    assert!(zhibu_core::meetings::attachments::verify_attachment(&ledger, attachment.id).unwrap().ok);

    // The CLI lists them (the backup and the ledger kept before the restore).
    assert_eq!(run(&db, &["backups"]), 0);
    assert_eq!(run(&db, &["backups", "--json"]), 0);
    assert_eq!(backups::list(&ledger).unwrap().len(), 2);
    // A second backup hard-links the unchanged attachment instead of copying it again.
    let second = backups::back_up_now(&ledger, at("2026-11-22 11:00:00")).unwrap();
    let again = Path::new(&second.path).join("attachments").join(&attachment.stored_path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(std::fs::metadata(&again).unwrap().ino(), std::fs::metadata(&stored).unwrap().ino());
    }
    assert!(again.exists());
}

#[test]
fn a_backup_is_a_consistent_copy_while_another_connection_writes() {
    let (_dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    let writer = std::thread::spawn({
        let db = db.clone();
        move || {
            let other = Ledger::open(&db).unwrap();
            for i in 0..40 {
                other
                    .write(|tx| {
                        zhibu_core::store::meta::set_setting(tx, &format!("probe-{i}"), "x")?;
                        zhibu_core::store::meta::set_setting(tx, "probe-last", &i.to_string())
                    })
                    .unwrap();
            }
        }
    });
    let mut made = Vec::new();
    for s in 0..5 {
        made.push(backups::back_up_now(&ledger, at(&format!("2026-11-22 09:00:0{s}"))).unwrap());
    }
    writer.join().unwrap();
    for b in made {
        // Each copy holds whole actions: probe-N present exactly up to probe-last.
        let copy = Ledger::open(&Path::new(&b.path).join("ledger.db")).unwrap();
        let last: Option<String> = zhibu_core::store::meta::setting(copy.conn(), "probe-last").unwrap();
        let probes: i64 = copy
            .conn()
            .query_row("SELECT count(*) FROM settings WHERE name GLOB 'probe-[0-9]*'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(probes, last.map(|l| l.parse::<i64>().unwrap() + 1).unwrap_or(0));
    }
}

#[test]
fn an_automatic_backup_is_due_when_the_content_changed() {
    let (_dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    let start = at("2026-11-22 08:00:00");
    // No backup yet: due at start.
    let first = backups::auto_backup_if_due(&ledger, start, BackupReason::Start, None).unwrap().unwrap();
    assert_eq!(first.kind, BackupKind::Auto);
    // Nothing changed: not due, at start or on the timer.
    assert!(backups::auto_backup_if_due(&ledger, at("2026-11-22 09:00:00"), BackupReason::Start, None)
        .unwrap()
        .is_none());
    assert!(!backups::changed_since_last_backup(&ledger).unwrap());
    // A change by another program counts; the timer waits for 15 quiet minutes.
    assert_eq!(run(&db, &["settings", "--collection-day", "10", "--today", crate::support::TODAY]), 0);
    assert!(backups::changed_since_last_backup(&ledger).unwrap());
    let last_write = Some(at("2026-11-22 09:50:00"));
    let early = backups::auto_backup_if_due(&ledger, at("2026-11-22 10:00:00"), BackupReason::AfterChanges, last_write);
    assert!(early.unwrap().is_none());
    let due = backups::auto_backup_if_due(&ledger, at("2026-11-22 10:05:00"), BackupReason::AfterChanges, last_write);
    let second = due.unwrap().unwrap();
    assert_eq!(second.id, "20261122-100500");
    // The digest is the ledger's content: the copy's equals the ledger's.
    let copy = Ledger::open(&Path::new(&second.path).join("ledger.db")).unwrap();
    assert_eq!(content_digest(copy.conn()).unwrap(), content_digest(ledger.conn()).unwrap());
    // A manual backup of the same content makes the next automatic one not due either.
    assert_eq!(run(&db, &["settings", "--collection-day", "12", "--today", crate::support::TODAY]), 0);
    backups::back_up_now(&ledger, at("2026-11-22 11:00:00")).unwrap();
    assert!(backups::auto_backup_if_due(&ledger, at("2026-11-22 12:00:00"), BackupReason::Start, None)
        .unwrap()
        .is_none());
}

#[test]
fn automatic_backups_are_rotated_and_manual_ones_kept() {
    let (_dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    backups::back_up_now(&ledger, at("2026-11-01 08:00:00")).unwrap();
    for i in 0..13 {
        ledger.write(|tx| zhibu_core::store::meta::set_setting(tx, "probe", &i.to_string())).unwrap();
        let now = at(&format!("2026-11-22 09:{:02}:00", i * 2));
        assert!(backups::auto_backup_if_due(&ledger, now, BackupReason::Start, None).unwrap().is_some());
    }
    let list = backups::list(&ledger).unwrap();
    let autos: Vec<&str> = list.iter().filter(|b| b.kind == BackupKind::Auto).map(|b| b.id.as_str()).collect();
    assert_eq!(autos.len(), 10, "{autos:?}");
    assert_eq!(autos[0], "20261122-092400");
    assert_eq!(autos[9], "20261122-090600");
    let manual = list.iter().find(|b| b.kind == BackupKind::Manual).unwrap();
    // Deleted by hand, by its id; anything else is refused.
    backups::remove_backup(&ledger, &manual.id).unwrap();
    assert!(!Path::new(&manual.path).exists());
    assert_eq!(backups::list(&ledger).unwrap().len(), 10);
    for wrong in ["..", "", "../备份", &manual.id] {
        assert!(backups::remove_backup(&ledger, wrong).is_err(), "{wrong}");
    }
}

#[test]
fn the_backup_folder_can_be_chosen_in_the_settings() {
    let (dir, db) = demo_ledger();
    let stick = dir.path().join("U盘").join("zhibu备份");
    assert_eq!(run(&db, &["settings", "--backup-dir", stick.to_str().unwrap()]), 0);
    let ledger = Ledger::open(&db).unwrap();
    let s = settings::ledger_settings(&ledger, today()).unwrap();
    assert_eq!((s.backup_folder.as_str(), s.backup_folder_chosen), (stick.to_str().unwrap(), true));
    let made = backups::back_up_now(&ledger, at("2026-11-22 09:00:00")).unwrap();
    assert!(Path::new(&made.path).starts_with(&stick));
    assert_eq!(backups::list_for_path(&db, None).unwrap().len(), 1);
    // A relative path is refused; going back to the default folder.
    let err = settings::set_backup_dir(&ledger, Some("相对/路径"), today()).unwrap_err();
    assert!(err.to_string().contains("完整路径"), "{err}");
    let s = settings::set_backup_dir(&ledger, None, today()).unwrap();
    assert_eq!(Path::new(&s.backup_folder), dir.path().join("备份"));
    assert!(!s.backup_folder_chosen);
}
