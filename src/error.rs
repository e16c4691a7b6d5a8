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
    /// The operating system refused a file operation.
    Io,
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
    #[error("数据库错误：{0}")]
    Database(#[from] rusqlite::Error),
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

    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().display().to_string(), source }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::NewerVersion(_) => ErrorCode::NewerVersion,
            Error::UnreadableFile(_) => ErrorCode::UnreadableFile,
            Error::Io { .. } => ErrorCode::Io,
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

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
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
