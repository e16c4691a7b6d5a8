//! Documents as data: a template is a short text file, one block of the document a line, each line
//! starting with what the block is, its text holding `{{字段}}` where a fact of the ledger goes:
//!
//! ```text
//! # 说明（以 # 开头的行不印出）
//! 标题：关于接收{{姓名}}同志为中共预备党员的决议
//! 空行
//! 段落：{{大会日期}}，{{支部}}召开支部大会……
//! 顶格：联系人：{{联系人}}
//! 落款：{{支部}}
//! 分页
//! ```
//!
//! Blocks: 标题 (centred, 宋体 bold 二号), 段落 (仿宋 三号, first line indented), 顶格 (flush left),
//! 落款 (the signing block, right-aligned), 空行, 分页 — the blocks of `docx::WordDocument`, so a
//! template changes the words and their order, never the page (A4, the official margins and faces).
//!
//! The built-in templates are in `assets/templates/` (embedded); a file of the same name
//! (`<code>.txt` or the document's Chinese name `.txt`) in the folder `<台账文件名>-模板` beside the
//! ledger replaces the built-in one (`override_dir`). A template naming a field the document does
//! not supply is refused, naming the field, the line and the template; a field the ledger does not
//! hold is printed as its blank (`＿`) and listed in `Rendered::missing`, never left out silently.
//! A small parser of our own (about a hundred lines) rather than a templating crate: the block lines
//! are the format, the field names are Chinese, and the two checks above (unknown field refused,
//! missing field listed) are what the crates' lenient or stop-at-first-error modes do not give.

use std::path::{Path, PathBuf};

use super::docx::WordDocument;
use crate::error::{Error, Result};

/// The largest template file read (a page of text is a few kilobytes).
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// What a line of a template makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Paragraph,
    Plain,
    Signature,
    Blank,
    PageBreak,
}

impl BlockKind {
    const WORDS: [(&'static str, BlockKind); 6] = [
        ("标题", BlockKind::Title),
        ("段落", BlockKind::Paragraph),
        ("顶格", BlockKind::Plain),
        ("落款", BlockKind::Signature),
        ("空行", BlockKind::Blank),
        ("分页", BlockKind::PageBreak),
    ];
}

/// One line of a template: the block and its text, with the fields it names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    kind: BlockKind,
    /// Literal text and field names, alternating: `Part::Text`, `Part::Field`.
    parts: Vec<Part>,
    /// The line in the template file (from 1).
    line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The document's Chinese name, as messages name the template.
    pub name: String,
    /// Where it was read from: None for the built-in one.
    pub file: Option<PathBuf>,
    blocks: Vec<Block>,
}

/// A fact for a field: its text, or — the ledger does not hold it — what is printed in its place
/// (a blank line `＿`, or a sentence with blanks in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Missing(String),
}

/// The fields a document supplies, by name, in the order they are named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    /// A field the ledger holds.
    pub fn text(mut self, name: &'static str, text: impl Into<String>) -> Fields {
        self.0.push((name, Value::Text(text.into())));
        self
    }

    /// A field the ledger does not hold, printed as `shown`.
    pub fn missing(mut self, name: &'static str, shown: impl Into<String>) -> Fields {
        self.0.push((name, Value::Missing(shown.into())));
        self
    }

    /// A field the ledger may hold: its text, or `blank` chars of `＿` (an empty text counts as not held).
    pub fn or_blank(self, name: &'static str, text: Option<&str>, blank: usize) -> Fields {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => self.text(name, t),
            None => self.missing(name, super::docx::blank(blank)),
        }
    }

    /// A field given as a value.
    pub fn value(mut self, name: &'static str, value: Value) -> Fields {
        self.0.push((name, value));
        self
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The names, for a message.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|(n, _)| *n).collect()
    }
}

/// A document rendered from a template: the document and the fields it printed as blanks.
pub struct Rendered {
    pub doc: WordDocument,
    /// The fields the template names that the ledger does not hold, each once, in order of use.
    pub missing: Vec<String>,
}

impl Template {
    /// Parses `text`; `name` and `file` say which template it is in messages.
    pub fn parse(name: &str, file: Option<&Path>, text: &str) -> Result<Template> {
        let whose = describe(name, file);
        let mut blocks = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            let at = i + 1;
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let (word, rest) = match line.split_once('：').or_else(|| line.split_once(':')) {
                Some((w, r)) => (w.trim(), r),
                None => (line.trim(), ""),
            };
            let Some(kind) = BlockKind::WORDS.iter().find(|(w, _)| *w == word).map(|(_, k)| *k) else {
                let words: Vec<&str> = BlockKind::WORDS.iter().map(|(w, _)| *w).collect();
                return Err(Error::invalid(
                    "模板",
                    format!("{whose}第{at}行应以{}之一开头，现为“{line}”", words.join("、")),
                ));
            };
            let parts = parse_parts(rest).map_err(|m| Error::invalid("模板", format!("{whose}第{at}行{m}")))?;
            blocks.push(Block { kind, parts, line: at });
        }
        if blocks.is_empty() {
            return Err(Error::invalid("模板", format!("{whose}没有内容")));
        }
        Ok(Template { name: name.to_string(), file: file.map(Path::to_path_buf), blocks })
    }

    /// The fields the template names, each once, in order.
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for b in &self.blocks {
            for p in &b.parts {
                if let Part::Field(f) = p {
                    if !out.contains(&f.as_str()) {
                        out.push(f);
                    }
                }
            }
        }
        out
    }

    /// The document with `fields` filled in, added to `doc`. Refused when the template names a
    /// field `fields` does not have.
    pub fn render(&self, fields: &Fields, mut doc: WordDocument) -> Result<Rendered> {
        for b in &self.blocks {
            for p in &b.parts {
                if let Part::Field(f) = p {
                    if fields.get(f).is_none() {
                        return Err(Error::invalid(
                            "模板",
                            format!(
                                "{}第{}行的字段“{{{{{f}}}}}”不是此文书的字段；可用的字段：{}",
                                describe(&self.name, self.file.as_deref()),
                                b.line,
                                fields.names().join("、")
                            ),
                        ));
                    }
                }
            }
        }
        let mut missing: Vec<String> = Vec::new();
        for b in &self.blocks {
            let mut text = String::new();
            for p in &b.parts {
                match p {
                    Part::Text(t) => text.push_str(t),
                    Part::Field(f) => match fields.get(f) {
                        Some(Value::Text(t)) => text.push_str(t),
                        Some(Value::Missing(shown)) => {
                            text.push_str(shown);
                            if !missing.contains(f) {
                                missing.push(f.clone());
                            }
                        }
                        None => unreachable!("checked above"),
                    },
                }
            }
            // A field of several lines (a list of entries) prints one block per line.
            for text in text.split('\n') {
                doc = match b.kind {
                    BlockKind::Title => doc.title(text),
                    BlockKind::Paragraph => doc.paragraph(text),
                    BlockKind::Plain => doc.plain(text),
                    BlockKind::Signature => doc.signature(&[text]),
                    BlockKind::Blank => doc.blank_line(),
                    BlockKind::PageBreak => doc.page_break(),
                };
            }
        }
        Ok(Rendered { doc, missing })
    }
}

/// `模板“接收预备党员的支部大会决议”` or `模板文件 /…/x.txt`.
fn describe(name: &str, file: Option<&Path>) -> String {
    match file {
        Some(f) => format!("模板“{name}”（{}）", f.display()),
        None => format!("内置模板“{name}”"),
    }
}

/// `前{{a}}后` → Text, Field, Text; an unclosed `{{` or an empty name refused.
fn parse_parts(text: &str) -> std::result::Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return Err(format!("的“{{{{”没有对应的“}}}}”：{text}"));
        };
        let name = after[..close].trim();
        if name.is_empty() || name.contains("{{") {
            return Err(format!("有空的或不完整的字段：{text}"));
        }
        parts.push(Part::Field(name.to_string()));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Ok(parts)
}

/// The folder whose templates replace the built-in ones for the ledger at `ledger_path`:
/// `<ledger dir>/<ledger stem>-模板` (beside the `-files` folder of attachments).
pub fn override_dir_of(ledger_path: &Path) -> PathBuf {
    let stem = ledger_path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "ledger".to_string());
    ledger_path.parent().unwrap_or(Path::new(".")).join(format!("{stem}-模板"))
}

/// A built-in template: its code (the file name in `assets/templates/`), the document's Chinese
/// name, and its text.
#[derive(Debug, Clone, Copy)]
pub struct BuiltIn {
    pub code: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

/// The template of `builtin` for a ledger at `ledger_path`: the file `<code>.txt` or `<name>.txt` in
/// its override folder when there is one, else the built-in text.
pub fn load(builtin: &BuiltIn, ledger_path: Option<&Path>) -> Result<Template> {
    if let Some(dir) = ledger_path.map(override_dir_of) {
        for file in [format!("{}.txt", builtin.name), format!("{}.txt", builtin.code)] {
            let path = dir.join(file);
            if path.is_file() {
                let size = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
                if size > MAX_TEMPLATE_BYTES {
                    return Err(Error::invalid(
                        "模板",
                        format!("模板“{}”（{}）太大（{size} 字节），不是模板文件", builtin.name, path.display()),
                    ));
                }
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::invalid(
                        "模板",
                        format!(
                            "模板“{}”（{}）不是 UTF-8 编码的文本，请用记事本另存为 UTF-8",
                            builtin.name,
                            path.display()
                        ),
                    )
                })?;
                return Template::parse(builtin.name, Some(&path), text.trim_start_matches('\u{feff}'));
            }
        }
    }
    Template::parse(builtin.name, None, builtin.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_and_unknown_blocks_refused() {
        let t =
            Template::parse("测试", None, "# 说明\n标题：关于{{姓名}}的{{事项}}\n空行\n段落：{{姓名}}同志").unwrap();
        assert_eq!(t.fields(), ["姓名", "事项"]);
        let err = Template::parse("测试", None, "正文：x").unwrap_err().to_string();
        assert!(err.contains("第1行") && err.contains("标题"), "{err}");
        let err = Template::parse("测试", None, "段落：{{姓名").unwrap_err().to_string();
        assert!(err.contains("没有对应"), "{err}");
        assert!(Template::parse("测试", None, "# 只有说明").is_err());
    }

    #[test]
    fn an_unknown_field_is_refused_and_a_missing_one_listed() {
        let t = Template::parse("测试", None, "段落：{{姓名}}，{{民族}}，{{籍贯}}").unwrap();
        let fields = Fields::new().text("姓名", "张三").or_blank("民族", None, 3);
        let err = t.render(&fields, WordDocument::new()).err().unwrap().to_string();
        assert!(err.contains("“{{籍贯}}”") && err.contains("内置模板“测试”") && err.contains("姓名、民族"), "{err}");
        let t = Template::parse("测试", None, "段落：{{姓名}}，{{民族}}，{{民族}}").unwrap();
        let r = t.render(&fields, WordDocument::new()).unwrap();
        assert_eq!(r.missing, ["民族"]);
    }
}
