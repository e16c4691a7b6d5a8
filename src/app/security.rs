//! 密码与加密: the optional password of a ledger — the lock screen (is the file encrypted? open it with
//! the password), setting, changing and removing the password, the recovery file for a USB stick, and
//! how long the window may stay idle before it locks again. `zhibu encrypt`, `decrypt`,
//! `change-password` and the global `--password-file` call the same functions.
//!
//! A lost password cannot be recovered: the ledger's contents are encrypted with a key derived from it
//! (SQLCipher). The window says so before a password is set and offers `write_recovery_file`.
//!
//! `encrypt`, `decrypt` and `change_password` rewrite the ledger file: the caller closes its own
//! handle on the ledger first and opens it again afterwards (with the new password). Backups made
//! before a password was set stay as they were (plain); backups made after are encrypted with the
//! password in force when they were made.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::cipher;
pub use crate::store::cipher::Password;
use crate::store::{audit, meta, Ledger};

/// The idle time before the window locks when nothing was chosen (minutes).
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 15;
/// The longest idle time that may be chosen (minutes): one working day.
pub const MAX_LOCK_AFTER_MINUTES: u32 = 8 * 60;
const LOCK_AFTER_SETTING: &str = "lock_after_minutes";

/// The password state of the open ledger, for the 密码 settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecurityStatus {
    /// True when the ledger file is encrypted (a password is set).
    pub encrypted: bool,
    /// `已设置密码（台账文件和备份均已加密）` / `未设置密码`.
    pub label: String,
    /// Minutes without use after which the window locks (0: never); only meaningful when encrypted.
    pub lock_after_minutes: u32,
}

/// Whether the ledger file at `path` is encrypted: the window shows the lock screen before opening
/// it. A missing file is not encrypted.
pub fn is_encrypted(ledger_path: &Path) -> Result<bool> {
    cipher::is_encrypted(ledger_path)
}

/// Opens the ledger with the password typed on the lock screen. `Error::WrongPassword` when it does
/// not open it (ask again); a plain ledger opens as it is.
pub fn unlock(ledger_path: &Path, password: &Password) -> Result<Ledger> {
    Ledger::open_with(ledger_path, Some(password))
}

/// The open ledger's password state.
pub fn status(ledger: &Ledger) -> Result<SecurityStatus> {
    let encrypted = ledger.is_encrypted();
    Ok(SecurityStatus {
        encrypted,
        label: if encrypted { "已设置密码（台账文件和备份均已加密）" } else { "未设置密码" }.to_string(),
        lock_after_minutes: lock_after_minutes(ledger)?,
    })
}

/// Sets a password on a plain ledger: the file is rewritten encrypted and replaces the plain one.
/// Refused when the ledger already has a password (use `change_password`).
pub fn encrypt(ledger_path: &Path, new_password: &Password) -> Result<SecurityStatus> {
    if cipher::is_encrypted(ledger_path)? {
        return Err(Error::Conflict(format!(
            "台账 {} 已经设置了密码；要更换密码请用“修改密码”（命令行：zhibu change-password）",
            ledger_path.display()
        )));
    }
    let ledger = Ledger::open(ledger_path)?;
    cipher::rewrite_with_key(ledger.into_connection(), ledger_path, Some(new_password))?;
    after_rewrite(ledger_path, Some(new_password), "设置台账密码（台账文件已加密）")
}

/// Removes the password: the file is rewritten plain. Refused when the ledger has no password, and
/// with `Error::WrongPassword` when `password` does not open it.
pub fn decrypt(ledger_path: &Path, password: &Password) -> Result<SecurityStatus> {
    if !cipher::is_encrypted(ledger_path)? {
        return Err(Error::Conflict(format!("台账 {} 没有设置密码，无需解除", ledger_path.display())));
    }
    let ledger = Ledger::open_with(ledger_path, Some(password))?;
    cipher::rewrite_with_key(ledger.into_connection(), ledger_path, None)?;
    after_rewrite(ledger_path, None, "解除台账密码（台账文件不再加密）")
}

/// Changes the password: the file is rewritten under the new one. Refused when the ledger has no
/// password (use `encrypt`), when the new password is the old one, and with `Error::WrongPassword`
/// when `old` does not open it.
pub fn change_password(ledger_path: &Path, old: &Password, new: &Password) -> Result<SecurityStatus> {
    if !cipher::is_encrypted(ledger_path)? {
        return Err(Error::Conflict(format!(
            "台账 {} 没有设置密码；要设置密码请用“设置密码”（命令行：zhibu encrypt）",
            ledger_path.display()
        )));
    }
    if old == new {
        return Err(Error::invalid("new_password", "新密码与原密码相同"));
    }
    let ledger = Ledger::open_with(ledger_path, Some(old))?;
    cipher::rewrite_with_key(ledger.into_connection(), ledger_path, Some(new))?;
    after_rewrite(ledger_path, Some(new), "修改台账密码")
}

/// Opens the rewritten file through the normal path (the key works, the schema is current) and
/// records the change in the 修改记录.
fn after_rewrite(ledger_path: &Path, key: Option<&Password>, summary: &str) -> Result<SecurityStatus> {
    let ledger = Ledger::open_with(ledger_path, key)?;
    ledger.write(|tx| audit::record(tx, "修改", "ledger", None, summary, None))?;
    status(&ledger)
}

/// Minutes without use after which the window locks an encrypted ledger (0: never).
pub fn lock_after_minutes(ledger: &Ledger) -> Result<u32> {
    Ok(meta::setting(ledger.conn(), LOCK_AFTER_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|m| *m <= MAX_LOCK_AFTER_MINUTES)
        .unwrap_or(DEFAULT_LOCK_AFTER_MINUTES))
}

/// Sets the idle time before the window locks (0: never; at most `MAX_LOCK_AFTER_MINUTES`).
pub fn set_lock_after_minutes(ledger: &Ledger, minutes: u32) -> Result<SecurityStatus> {
    if minutes > MAX_LOCK_AFTER_MINUTES {
        return Err(Error::invalid(
            "lock_after_minutes",
            format!("自动锁定时间最长 {MAX_LOCK_AFTER_MINUTES} 分钟（填 0 表示不自动锁定），现为 {minutes}"),
        ));
    }
    ledger.write(|tx| meta::set_setting(tx, LOCK_AFTER_SETTING, &minutes.to_string()))?;
    status(ledger)
}

/// Writes the recovery file for a USB stick: a short text in Chinese with the ledger's name, the day,
/// and the password. Checked first: the password must open the (encrypted) ledger, so the file never
/// records a wrong one. The file is readable by its owner only; an existing file is replaced.
pub fn write_recovery_file(out: &Path, ledger_path: &Path, password: &Password, today: NaiveDate) -> Result<String> {
    if !cipher::is_encrypted(ledger_path)? {
        return Err(Error::Conflict(format!("台账 {} 没有设置密码，无需密码恢复文件", ledger_path.display())));
    }
    drop(Ledger::open_with(ledger_path, Some(password))?);
    crate::store::ensure_parent(out)?;
    let text = recovery_text(ledger_path, password, today);
    // A recovery file written again (a new password) replaces the old one at the same place.
    cipher::remove_if_exists(out)?;
    let mut file = crate::store::create_private_file(out)?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| Error::io(out, e))?;
    Ok(out.display().to_string())
}

fn recovery_text(ledger_path: &Path, password: &Password, today: NaiveDate) -> String {
    let name = ledger_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    format!(
        "党支部工作台账（zhibu）密码恢复文件\r\n\
         \r\n\
         台账文件：{name}（{path}）\r\n\
         写于：{date}\r\n\
         \r\n\
         密码是下面两条横线之间的一整行（区分大小写，包括其中的空格）：\r\n\
         ----------------\r\n\
         {password}\r\n\
         ----------------\r\n\
         \r\n\
         这份文件能打开台账，请像保管公章一样保管它：\r\n\
         1. 存放在 U 盘等移动存储上，锁在安全的地方；不要和台账放在同一台电脑上，不要通过微信、邮件发送。\r\n\
         2. 密码遗失后，台账和备份中的数据任何人都无法找回；这份文件是唯一的补救办法。\r\n\
         3. 修改密码后，这份文件就作废了，请重新写一份并销毁旧的。\r\n\
         4. 打开台账时，在密码框中输入上面的密码；命令行可把密码单独存成一个文本文件，用 --password-file 指定。\r\n",
        path = ledger_path.display(),
        date = today.format("%Y年%m月%d日"),
        password = password.expose(),
    )
}
