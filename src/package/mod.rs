//! The data package v1 (`data-package.md`): full-fidelity JSON import and export.
//!
//! - `parse_package` reads the text: bad JSON, a foreign `format`, a newer `version`, and every shape
//!   problem (unknown/missing field, wrong type, bad date or code) are refused with the JSON path.
//! - `import_package` validates keys, references and values, then writes all of it in one transaction,
//!   idempotently (see `import.rs`).
//! - `export_package` + `to_json` write the ledger, or a subtree, deterministically.
//!
//! To add a field: add it to the serde type in `format.rs` *and* to the table in `schema.rs`, read and
//! write it in `export/` and `import/`, and extend the round-trip test data (the demo) to use it.

pub mod format;

mod export;
mod import;
mod keys;
mod schema;
mod validate;

pub use export::export_package;
pub use format::{Hours, Package, FORMAT, VERSION};
pub use import::{import_into, import_package, ImportReport, KindCounts};

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Problem, Result};
use crate::input::{self, FileKind};

/// Reads a package file a person hands us: a regular file within `input::MAX_PACKAGE_BYTES`, UTF-8,
/// then `parse_package`. Nothing is imported.
pub fn read_package_file(path: &Path) -> Result<Package> {
    let name = input::display_name(path);
    let bytes = input::read_all(path, FileKind::Package)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Error::UnreadableFile(format!("“{name}”不是 UTF-8 文本，不是数据包")))?;
    let estimate = parsed_size_estimate(text.as_bytes());
    if estimate > MAX_PARSED_BYTES {
        return Err(Error::UnreadableFile(format!(
            "“{name}”包含的记录太多（读入需要约 {} MB 内存，上限 {} MB），无法一次导入，请按组织分别导出后再导入",
            estimate >> 20,
            MAX_PARSED_BYTES >> 20
        )));
    }
    input::contain(&name, || parse_package(&text))
}

/// The memory a package may take once parsed (measured: the large demo's package estimates 760 MB
/// and takes about 270 MB; a package of 900,000 bare members estimates 940 MB and takes 880 MB).
const MAX_PARSED_BYTES: u64 = 800 * 1024 * 1024;

/// An over-estimate of the memory the typed parse of `text` takes, from one pass over the bytes: 512
/// bytes per object, 56 bytes plus its length per string value (keys are not kept), 16 per other
/// value. A package of millions of tiny values (`["a","a",…]`) estimates far above its size.
pub fn parsed_size_estimate(text: &[u8]) -> u64 {
    let (mut total, mut i) = (0u64, 0usize);
    while i < text.len() {
        match text[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                let len = (i.min(text.len()) - start) as u64;
                i += 1;
                let mut j = i;
                while j < text.len() && text[j].is_ascii_whitespace() {
                    j += 1;
                }
                if text.get(j) != Some(&b':') {
                    total += 56 + len;
                }
                continue;
            }
            b'{' => total += 512,
            b'[' => total += 24,
            b',' => total += 16,
            _ => {}
        }
        i += 1;
    }
    total
}

/// The most memory the shape walk's `Value` tree may take (estimated from the text), so that a
/// package of millions of tiny values is refused with serde's location instead of walked.
const MAX_WALK_BYTES: usize = 256 * 1024 * 1024;

/// Reads a package from its JSON text. Nothing is imported: see `import_package`.
pub fn parse_package(text: &str) -> Result<Package> {
    match serde_json::from_str::<Package>(text) {
        Ok(pkg) => {
            check_header(&pkg.format, u64::from(pkg.version))?;
            Ok(pkg)
        }
        Err(e) if e.is_syntax() || e.is_eof() => Err(Error::UnreadableFile(not_json(&e))),
        Err(e) => Err(explain(text, &e)),
    }
}

/// The package as pretty-printed JSON; the same package always gives the same text.
pub fn to_json(pkg: &Package) -> String {
    let mut text = serde_json::to_string_pretty(pkg).expect("a package always serializes");
    text.push('\n');
    text
}

/// Refuses a file that is not a zhibu package, or one written by a newer zhibu.
fn check_header(format: &str, version: u64) -> Result<()> {
    if format != FORMAT {
        return Err(Error::UnreadableFile(format!("这不是 zhibu 数据包：format 应为“{FORMAT}”，现为“{format}”")));
    }
    if version > u64::from(VERSION) {
        return Err(Error::NewerVersion(format!(
            "该数据包由更新版本的 zhibu 导出（数据包版本 {version}，本程序支持到 {VERSION}），请先升级 zhibu 再导入。"
        )));
    }
    if version == 0 {
        return Err(Error::invalid("version", "数据包版本应为 1 或以上的整数"));
    }
    Ok(())
}

fn not_json(e: &serde_json::Error) -> String {
    let what = if e.is_eof() { "内容不完整（文件意外结束）" } else { "格式错误" };
    format!("数据包不是有效的 JSON：第 {} 行第 {} 列{what}（{e}）", e.line(), e.column())
}

/// Turns a failed typed parse into located problems: header first (a foreign or newer package is
/// refused as such, not field by field), then the shape walk.
fn explain(text: &str, typed_error: &serde_json::Error) -> Error {
    // About 80 bytes of tree per value; values are counted by their separators.
    let values = text.bytes().filter(|b| matches!(b, b',' | b':' | b'[' | b'{')).count() + 1;
    if values.saturating_mul(80) > MAX_WALK_BYTES {
        return located(typed_error);
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Error::UnreadableFile(not_json(&e)),
    };
    let Some(top) = value.as_object() else {
        return Error::UnreadableFile("这不是 zhibu 数据包：顶层应为 JSON 对象（{…}）".to_string());
    };
    match top.get("format").and_then(Value::as_str) {
        Some(format) => {
            if let Err(e) = check_header(format, top.get("version").and_then(Value::as_u64).unwrap_or(1)) {
                return e;
            }
        }
        None => {
            return Error::UnreadableFile(format!("这不是 zhibu 数据包：缺少 format 字段（应为“{FORMAT}”）"));
        }
    }
    let problems = schema::walk_package(&value);
    if problems.is_empty() {
        // The walk and the serde types disagree: still refuse, with serde's own location.
        return located(typed_error);
    }
    Error::Invalid(problems)
}

fn located(typed_error: &serde_json::Error) -> Error {
    Error::Invalid(vec![Problem::new(
        format!("第 {} 行第 {} 列", typed_error.line(), typed_error.column()),
        format!("数据包内容有误：{typed_error}"),
    )])
}

#[cfg(test)]
mod tests;

/// Refuses a parsed package that is not a zhibu package or is from a newer zhibu (as `parse_package`).
pub fn parse_header(pkg: &Package) -> Result<()> {
    check_header(&pkg.format, u64::from(pkg.version))
}
