//! `zhibu backups` and `zhibu restore`: the backup folder's list, a backup now, a restore's preview
//! and the restore.

use std::path::Path;

use super::output::json_out;
use super::security::Target;
use crate::app::backups::{self, BackupInfo};
use crate::error::Result;

/// Lists the backups (after making one with `now`). Listing does not open the ledger for writing,
/// so it works for a damaged ledger (the way to find the backup to restore).
pub(super) fn backups(target: &Target, now: bool, json: bool) -> Result<()> {
    let (db, key) = (target.db.as_path(), target.password.as_ref());
    if now {
        let made = backups::back_up_now(&target.open()?, backups::system_now())?;
        if !json {
            println!("已备份到 {}", made.path);
        }
    }
    let list = backups::list_for_path(db, key)?;
    if json {
        return json_out(&list);
    }
    let dir = backups::backup_dir_for_path(db, key);
    if list.is_empty() {
        println!("备份位置 {} 中还没有备份", dir.display());
        return Ok(());
    }
    println!("备份位置：{}（共 {} 个备份）", dir.display(), list.len());
    for b in &list {
        println!("{}", line(b));
    }
    Ok(())
}

fn line(b: &BackupInfo) -> String {
    let what = match (&b.counts, &b.damaged) {
        (_, Some(reason)) => format!("已损坏的台账（{reason}）"),
        (Some(c), None) => {
            format!("党员 {} 人，组织生活记录 {} 条，附件 {} 个", c.members, c.meetings, b.attachment_files)
        }
        (None, None) => String::new(),
    };
    let other = if b.this_ledger { String::new() } else { format!("（另一台账 {}）", b.ledger_file) };
    format!("{}\t{}\t{}\t{}{other}\t{}", b.created_at, b.kind_label, size_text(b.size_bytes), what, b.id)
}

/// Bytes in words: `850 KB`, `12.3 MB`.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Restores the ledger from a backup file or folder, or with `preview` only says what would change.
pub(super) fn restore(target: &Target, from: &Path, preview: bool, json: bool) -> Result<()> {
    let (db, key) = (target.db.as_path(), target.password.as_ref());
    if preview {
        let p = backups::preview_restore(db, from, key)?;
        if json {
            return json_out(&p);
        }
        let when = p.backup_time.as_deref().map(|t| format!("（{t} 的备份）")).unwrap_or_default();
        println!("从 {}{when} 恢复后：", p.backup_path);
        if let Some(problem) = &p.current_problem {
            println!("{problem}");
        }
        if !p.same_ledger {
            println!("注意：这是另一个台账的备份");
        }
        for c in &p.changes {
            let now = c.now.map(|n| n.to_string()).unwrap_or_else(|| "—".to_string());
            println!("{}：现在 {now}，恢复后 {}", c.what, c.backup);
        }
        return Ok(());
    }
    let outcome = backups::restore(db, from, backups::system_now(), key)?;
    if json {
        return json_out(&outcome);
    }
    println!("已从 {} 恢复台账 {}", from.display(), db.display());
    if let Some(k) = &outcome.kept {
        println!("原台账已另存为备份 {}", k.path);
    }
    if outcome.attachments_copied > 0 {
        println!("已从备份取回附件 {} 个", outcome.attachments_copied);
    }
    Ok(())
}
