//! Files a person hands us (workbooks, data packages): the one guarded way to open them.
//!
//! Every reader of a user file goes through here, so that no input can hang, abort or exhaust the
//! machine (issue 14, `docs/robustness.md`):
//! - `open` refuses anything that is not a regular file (folder, FIFO, device, socket) from its
//!   metadata, before opening it (so a FIFO cannot block), and a file larger than its kind allows;
//! - `read_all` reads at most the cap, even if the file grows while it is read;
//! - `check_xlsx` walks the zip before the parser sees it: entry count, and the *actual* decompressed
//!   size of every entry counted while streaming (declared sizes are not trusted), the shared strings,
//!   the longest piece of XML text;
//! - `check_ods` measures the grid an `.ods` would be laid out as (repeated rows and cells);
//! - `check_xls` walks the OLE container and the BIFF records cheaply, refusing what would make the
//!   parser allocate without bound (cycles in sector chains, huge declared extents);
//! - `contain` runs a third-party parser and turns a panic into a Chinese refusal naming the file.
//!
//! All refusals are `Error::UnreadableFile` (a refusal, CLI exit code 1), and name the file.

mod cfb_check;
mod ods_check;
mod zip_check;

use std::cell::Cell;
use std::fs::File;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

pub use cfb_check::check_xls;
pub use ods_check::check_ods;
pub use zip_check::check_xlsx;

use crate::error::{Error, Result};

/// What kind of file is being opened: decides the size cap and the words of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An Excel workbook (`.xlsx`, `.xls`): roster, payroll.
    Workbook,
    /// A data package (JSON).
    Package,
}

/// The largest `.xlsx` accepted (the zip itself; its content is bounded by `check_xlsx`).
pub const MAX_XLSX_BYTES: u64 = 64 * 1024 * 1024;
/// The largest `.xls` accepted: the parser holds the whole container and every sheet in memory.
pub const MAX_XLS_BYTES: u64 = 32 * 1024 * 1024;
/// The largest data package accepted (the large demo's package, 2,735 members and 34,127 records,
/// is 118 MB). Its parsed size is bounded as well: see `package::read_package_file`.
pub const MAX_PACKAGE_BYTES: u64 = 128 * 1024 * 1024;

impl FileKind {
    pub fn max_bytes(self) -> u64 {
        match self {
            FileKind::Workbook => MAX_XLSX_BYTES.max(MAX_XLS_BYTES),
            FileKind::Package => MAX_PACKAGE_BYTES,
        }
    }

    fn what(self) -> &'static str {
        match self {
            FileKind::Workbook => "Excel 工作簿",
            FileKind::Package => "数据包",
        }
    }
}

/// The file name as people see it in messages.
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Opens a user's file for reading after checking, from its metadata, that it is a regular file no
/// larger than `kind` allows. Returns the file and its size.
pub fn open(path: &Path, kind: FileKind) -> Result<(File, u64)> {
    let name = display_name(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::UnreadableFile(format!("找不到文件“{}”，请确认文件没有被移动或删除", path.display())))
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_dir() {
        return Err(Error::UnreadableFile(format!("“{name}”是文件夹，不是{}文件，请选择文件本身", kind.what())));
    }
    if !meta.is_file() {
        return Err(Error::UnreadableFile(format!(
            "“{name}”不是普通文件（是设备、管道或套接字），不能作为{}导入",
            kind.what()
        )));
    }
    check_size(&name, meta.len(), kind.max_bytes(), kind)?;
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    // The path may have been replaced between the two looks: check what was actually opened.
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::UnreadableFile(format!("“{name}”不是普通文件，不能作为{}导入", kind.what())));
    }
    check_size(&name, meta.len(), kind.max_bytes(), kind)?;
    Ok((file, meta.len()))
}

/// Refuses a folder, FIFO, device or socket at `path` from its metadata, without opening it. A path
/// that cannot be looked at is left to the caller's own open (and its error). For files that are
/// only copied, not parsed (attachments).
pub fn ensure_regular(path: &Path, what: &str) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    let name = display_name(path);
    if meta.is_dir() {
        return Err(Error::UnreadableFile(format!("“{name}”是文件夹，不是{what}文件，请选择文件本身")));
    }
    if !meta.is_file() {
        return Err(Error::UnreadableFile(format!("“{name}”不是普通文件（是设备、管道或套接字），不能作为{what}")));
    }
    Ok(())
}

/// Refuses a file larger than `max` bytes.
pub fn check_size(name: &str, len: u64, max: u64, kind: FileKind) -> Result<()> {
    if len > max {
        return Err(Error::UnreadableFile(format!(
            "“{name}”太大（{}），超过可导入的{}上限 {}，请确认选对了文件",
            megabytes(len),
            kind.what(),
            megabytes(max)
        )));
    }
    Ok(())
}

fn megabytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{n} 字节")
    }
}

/// The whole content of a user's file, read through `open` and never more than the kind's cap.
pub fn read_all(path: &Path, kind: FileKind) -> Result<Vec<u8>> {
    let (file, len) = open(path, kind)?;
    let max = kind.max_bytes();
    let mut bytes = Vec::with_capacity(len.min(max) as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    check_size(&display_name(path), bytes.len() as u64, max, kind)?;
    Ok(bytes)
}

thread_local! {
    /// True while this thread runs a contained parser: its panics are reported as refusals, not printed.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
    /// Where the last contained panic happened (`xlsx/mod.rs:3097`), for the refusal's message.
    static PANIC_AT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs (once) a panic hook that stays silent for panics inside `contain` and passes every other
/// panic to the hook that was there before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(Cell::get) {
                let at = info.location().map(|l| format!("{}:{}", short_path(l.file()), l.line())).unwrap_or_default();
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs a third-party parser on a user's file; a panic in it becomes a Chinese refusal naming the
/// file. The parser's own errors pass through unchanged.
pub fn contain<T>(file_name: &str, parse: impl FnOnce() -> Result<T>) -> Result<T> {
    install_quiet_hook();
    let was = CONTAINED.with(|c| c.replace(true));
    let outcome = catch_unwind(AssertUnwindSafe(parse));
    CONTAINED.with(|c| c.set(was));
    match outcome {
        Ok(result) => result,
        Err(_) => Err(parser_failed(file_name, &PANIC_AT.with(|p| std::mem::take(&mut *p.borrow_mut())))),
    }
}

/// A source path from the crate's folder on: `calamine-0.38.0/src/xlsx/mod.rs`.
fn short_path(file: &str) -> &str {
    match file.rfind("/registry/src/") {
        Some(i) => file[i + "/registry/src/".len()..].split_once('/').map_or(file, |(_, rest)| rest),
        None => file,
    }
}

/// The refusal for a file the parser could not cope with (`at`: where it failed, for a bug report).
pub fn parser_failed(file_name: &str, at: &str) -> Error {
    let at = if at.is_empty() { String::new() } else { format!("：{at}") };
    Error::UnreadableFile(format!(
        "“{file_name}”已损坏或格式不受支持，无法读取（解析器出错{at}）。请在 Excel/WPS 中打开检查，另存为 .xlsx 后再导入"
    ))
}

/// The refusal for a workbook whose structure is damaged, with what was found.
pub(crate) fn damaged(file_name: &str, what: &str) -> Error {
    Error::UnreadableFile(format!(
        "“{file_name}”已损坏或不完整，无法读取（{what}）。请在 Excel/WPS 中打开检查，另存为 .xlsx 后再导入"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_contain_is_a_refusal_naming_the_file() {
        let e = contain::<()>("坏.xlsx", || panic!("boom")).unwrap_err();
        assert!(matches!(e, Error::UnreadableFile(_)));
        assert!(e.to_string().contains("坏.xlsx"), "{e}");
        assert!(e.to_string().contains("解析器出错：src/input/mod.rs:"), "{e}");
        // The flag is reset: a later panic outside is not contained.
        assert!(!CONTAINED.with(Cell::get));
    }

    #[test]
    fn errors_pass_through_contain() {
        let e = contain::<()>("a.xlsx", || Err(Error::Internal("x".into()))).unwrap_err();
        assert!(matches!(e, Error::Internal(_)));
    }

    #[test]
    fn folders_and_missing_files_are_refused_before_opening() {
        let dir = tempfile::tempdir().unwrap();
        let e = open(dir.path(), FileKind::Package).unwrap_err();
        assert!(e.to_string().contains("文件夹"), "{e}");
        let e = open(&dir.path().join("none.json"), FileKind::Package).unwrap_err();
        assert!(e.to_string().contains("找不到文件"), "{e}");
    }
}
