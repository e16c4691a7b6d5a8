//! The core's error type and the closed set of codes that cross the IPC boundary.
//!
//! Every error carries a Chinese message for the person using the app, naming *where* the problem is
//! (sheet/row/column, JSON path, form field). `ErrorCode` is the closed enum the UI branches on; add a
//! variant only together with UI handling for it.

use serde::{Deserialize, Serialize};

/// The closed set of error codes the UI and scripts may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input (form, file, package, argument) was refused; nothing changed.
    InvalidInput,
    /// A referenced record does not exist.
    NotFound,
    /// The action conflicts with the ledger's state (duplicate, already left, …).
    Conflict,
    /// The database was written by a newer zhibu, or a package has a newer version.
    NewerVersion,
    /// The file is not a ledger / workbook / package we can read.
    UnreadableFile,
    /// The operating system refused a file operation (including a full disk).
    Io,
    /// The ledger file is damaged (corrupt, truncated, not a database): the window offers the recovery
    /// page (restore the newest good backup).
    Damaged,
    /// The ledger is encrypted and no password was given: show the unlock screen.
    Locked,
    /// The password given does not open the ledger (or the backup): ask again.
    WrongPassword,
    /// An internal fault: a bug or a damaged database.
    Internal,
}

/// One problem found in input, with its location (e.g. `members[3].id_number`, `花名册!C7`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// Where: JSON path, `sheet!cell`, or form field name.
    pub at: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl Problem {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { at: at.into(), message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}：{}", self.at, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input refused; one or more problems, each with its location.
    #[error("{}", format_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("未找到{what}：{key}")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NewerVersion(String),
    #[error("{0}")]
    UnreadableFile(String),
    #[error("台账已加密，请用 --password-file 或环境变量 ZHIBU_PASSWORD 提供密码（{path}）")]
    Locked { path: String },
    #[error("密码不正确，无法打开 {path}（请注意大小写和输入法；密码遗失后无法找回）")]
    WrongPassword { path: String },
    #[error("文件操作失败（{path}）：{source}")]
    Io { path: String, source: std::io::Error },
    /// Another program holds the ledger's write lock beyond the busy timeout; nothing was saved.
    #[error("{0}")]
    Busy(String),
    /// The disk (or the allowed size) is full; nothing was saved.
    #[error("{0}")]
    DiskFull(String),
    /// The ledger file is damaged; says what and how to recover.
    #[error("{0}")]
    Damaged(String),
    #[error("数据库错误：{0}")]
    Database(rusqlite::Error),
    #[error("内部错误：{0}")]
    Internal(String),
}

fn format_problems(problems: &[Problem]) -> String {
    match problems {
        [] => "输入有误".to_string(),
        [one] => one.to_string(),
        many => {
            let mut s = format!("发现 {} 处问题：", many.len());
            for p in many.iter().take(50) {
                s.push_str("\n  ");
                s.push_str(&p.to_string());
            }
            if many.len() > 50 {
                s.push_str(&format!("\n  ……另有 {} 处", many.len() - 50));
            }
            s
        }
    }
}

impl Error {
    pub fn invalid(at: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![Problem::new(at, message)])
    }

    /// A failed file operation on `path`; a full disk is said so in plain words.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        let path = path.as_ref().display().to_string();
        if source.kind() == std::io::ErrorKind::StorageFull || source.kind() == std::io::ErrorKind::QuotaExceeded {
            return Error::DiskFull(format!("磁盘空间不足，无法写入 {path}；请清理磁盘空间或换一个位置后再试"));
        }
        Error::Io { path, source }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::NewerVersion(_) => ErrorCode::NewerVersion,
            Error::UnreadableFile(_) => ErrorCode::UnreadableFile,
            Error::Io { .. } | Error::DiskFull(_) => ErrorCode::Io,
            Error::Busy(_) => ErrorCode::Conflict,
            Error::Damaged(_) => ErrorCode::Damaged,
            Error::Locked { .. } => ErrorCode::Locked,
            Error::WrongPassword { .. } => ErrorCode::WrongPassword,
            Error::Database(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Problems with locations, when the error is an input refusal.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid(p) => p,
            _ => &[],
        }
    }

    /// True when the refusal is the user's input or the ledger's state (CLI exit code 1),
    /// false for internal faults.
    pub fn is_refusal(&self) -> bool {
        !matches!(self.code(), ErrorCode::Internal)
    }
}

/// What a person is told when another program kept the ledger's write lock past the busy timeout.
pub const BUSY_MESSAGE: &str = "另一个程序正在写入台账（可能是另一个 zhibu 窗口或正在运行的导入），等了 5 秒仍未结束；本次操作没有保存，台账保持原样。请稍后再试，或关闭另一个窗口后再试。";

/// What a person is told when the disk is full during a write.
pub const DISK_FULL_MESSAGE: &str =
    "磁盘空间不足，台账无法写入；本次操作没有保存，台账保持原样。请清理磁盘空间后再试。";

/// SQLite failures a person can act on get a plain Chinese message (busy, disk full, damaged file);
/// the rest stay database faults.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy(BUSY_MESSAGE.to_string()),
            Some(C::DiskFull) => Error::DiskFull(DISK_FULL_MESSAGE.to_string()),
            Some(C::DatabaseCorrupt | C::NotADatabase) => Error::Damaged(damaged_message(None)),
            _ => Error::Database(e),
        }
    }
}

/// The message for a damaged ledger file (`path` when known).
pub fn damaged_message(path: Option<&std::path::Path>) -> String {
    let which = path.map(|p| format!(" {}", p.display())).unwrap_or_default();
    format!("台账文件{which}已损坏（数据库结构或内容不完整），无法读取。请用“备份与恢复”中最近的备份恢复台账（命令行：zhibu backups 查看备份，zhibu restore 恢复）。")
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        if let rusqlite_migration::Error::RusqliteError { err, .. } = e {
            return match Error::from(err) {
                Error::Database(err) => Error::Internal(format!("数据库迁移失败：{err}")),
                plain => plain,
            };
        }
        Error::Internal(format!("数据库迁移失败：{e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The error as it crosses the IPC boundary: a closed code, a Chinese message, and located problems.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<Problem>,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        ErrorPayload { code: e.code(), message: e.to_string(), problems: e.problems().to_vec() }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        ErrorPayload::from(&e)
    }
}
