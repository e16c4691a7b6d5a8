//! The ledger a command works on (its file and password: `--password-file` or `ZHIBU_PASSWORD`) and
//! the password commands `encrypt`, `decrypt`, `change-password`.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::app::security::{self, Password};
use crate::error::{Error, Result};
use crate::store::Ledger;

/// The longest password file read (a password is one short line).
const MAX_PASSWORD_FILE_BYTES: u64 = 4096;

/// The ledger file and the password given for it, if any.
pub(super) struct Target {
    pub db: PathBuf,
    pub password: Option<Password>,
}

impl Target {
    /// `--password-file` when given, else the value of `ZHIBU_PASSWORD` (`env`) when set and not
    /// empty, else none.
    pub fn resolve(db: PathBuf, password_file: Option<&Path>, env: Option<OsString>) -> Result<Target> {
        let password = match (password_file, env.filter(|v| !v.is_empty())) {
            (Some(f), _) => Some(read_password_file(f, "--password-file")?),
            (None, Some(value)) => {
                let text = value
                    .into_string()
                    .map_err(|_| Error::invalid("ZHIBU_PASSWORD", "环境变量 ZHIBU_PASSWORD 不是有效的文字（UTF-8）"))?;
                Some(Password::new(text).map_err(|_| {
                    Error::invalid("ZHIBU_PASSWORD", "环境变量 ZHIBU_PASSWORD 中的密码不能包含换行等控制字符")
                })?)
            }
            (None, None) => None,
        };
        Ok(Target { db, password })
    }

    /// Opens the existing ledger (an encrypted one with the password).
    pub fn open(&self) -> Result<Ledger> {
        Ledger::open_with(&self.db, self.password.as_ref())
    }

    /// Opens the ledger, creating it when missing (encrypted when a password is given).
    pub fn open_or_create(&self) -> Result<Ledger> {
        Ledger::open_or_create_with(&self.db, self.password.as_ref())
    }

    /// The password a password command needs (`what`: 新密码 / 原密码).
    fn required(&self, what: &str) -> Result<&Password> {
        self.password.as_ref().ok_or_else(|| {
            Error::invalid("--password-file", format!("请用 --password-file 或环境变量 ZHIBU_PASSWORD 给出{what}"))
        })
    }
}

/// A password from a text file: its first line (a trailing line break and a byte-order mark are not
/// part of it). Only a small regular file is read.
pub(super) fn read_password_file(path: &Path, option: &str) -> Result<Password> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound { what: "密码文件", key: path.display().to_string() },
        _ => Error::io(path, e),
    })?;
    if !meta.is_file() || meta.len() > MAX_PASSWORD_FILE_BYTES {
        return Err(Error::invalid(option, format!("{} 不是密码文件（应是只含一行密码的小文本文件）", path.display())));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PASSWORD_FILE_BYTES).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::invalid(option, format!("密码文件 {} 不是 UTF-8 文本", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(text);
    Password::new(line.to_string()).map_err(|e| match e {
        Error::Invalid(mut problems) => {
            for p in &mut problems {
                p.at = option.to_string();
                p.message = format!("密码文件 {}：{}", path.display(), p.message);
            }
            Error::Invalid(problems)
        }
        other => other,
    })
}

const LOST_PASSWORD_WARNING: &str = "请牢记密码：密码遗失后，台账和此后的备份中的数据无法找回。";

pub(super) fn encrypt(target: &Target, recovery_file: Option<&Path>, today: chrono::NaiveDate) -> Result<()> {
    let password = target.required("新密码")?;
    security::encrypt(&target.db, password)?;
    println!("已为台账 {} 设置密码，台账文件已加密。", target.db.display());
    println!("{LOST_PASSWORD_WARNING}");
    recovery(target, password, recovery_file, today)?;
    println!("此前做的备份没有加密；如不再需要，请删除。");
    Ok(())
}

pub(super) fn decrypt(target: &Target) -> Result<()> {
    security::decrypt(&target.db, target.required("原密码")?)?;
    println!("已解除台账 {} 的密码，台账文件不再加密。", target.db.display());
    Ok(())
}

pub(super) fn change_password(
    target: &Target,
    new_password_file: &Path,
    recovery_file: Option<&Path>,
    today: chrono::NaiveDate,
) -> Result<()> {
    let old = target.required("原密码")?;
    let new = read_password_file(new_password_file, "--new-password-file")?;
    security::change_password(&target.db, old, &new)?;
    println!("已修改台账 {} 的密码。", target.db.display());
    println!("{LOST_PASSWORD_WARNING}此前的备份仍用原密码打开。");
    recovery(target, &new, recovery_file, today)
}

fn recovery(target: &Target, password: &Password, out: Option<&Path>, today: chrono::NaiveDate) -> Result<()> {
    match out {
        Some(out) => {
            let written = security::write_recovery_file(out, &target.db, password, today)?;
            println!("密码恢复文件已写到 {written}，请把它存到 U 盘等安全的地方。");
        }
        None => println!("建议用 --recovery-file 写一份密码恢复文件，存到 U 盘等安全的地方。"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_wins_over_the_environment_and_an_empty_variable_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw.txt");
        std::fs::write(&file, "\u{feff}文件里的 密码\r\n").unwrap();
        let db = PathBuf::from("l.db");
        let t = Target::resolve(db.clone(), Some(&file), Some("环境".into())).unwrap();
        assert_eq!(t.password.unwrap().expose(), "文件里的 密码");
        let t = Target::resolve(db.clone(), None, Some("环境 变量".into())).unwrap();
        assert_eq!(t.password.unwrap().expose(), "环境 变量");
        assert!(Target::resolve(db.clone(), None, Some("".into())).unwrap().password.is_none());
        assert!(Target::resolve(db.clone(), None, None).unwrap().password.is_none());
        let err = Target::resolve(db.clone(), None, Some("a\nb".into())).err().unwrap();
        assert_eq!(err.problems()[0].at, "ZHIBU_PASSWORD");
    }

    #[test]
    fn a_password_file_is_one_line_of_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let two_lines = dir.path().join("two.txt");
        std::fs::write(&two_lines, "a\nb\n").unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "\n").unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(5000)).unwrap();
        for (file, word) in [(&two_lines, "控制字符"), (&empty, "不能为空"), (&big, "不是密码文件")] {
            let err = read_password_file(file, "--password-file").err().unwrap();
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
            assert!(err.to_string().contains(word), "{err}");
        }
        let err = read_password_file(dir.path(), "--password-file").err().unwrap();
        assert!(err.to_string().contains("不是密码文件"), "a folder: {err}");
        let err = read_password_file(&dir.path().join("none"), "--password-file").err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }
}
