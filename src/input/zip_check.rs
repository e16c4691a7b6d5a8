//! The pre-pass over an `.xlsx` (a zip) before calamine opens it.
//!
//! calamine trusts the file: it loads the shared strings at open (reserving as many as the file
//! claims), and the zip crate decompresses whatever an entry holds. Here every entry is streamed once
//! and its *actual* decompressed size counted (a zip bomb is stopped at the cap, whatever it declares),
//! and in the XML parts the longest run of bytes between two `<` is measured: the XML parser buffers one
//! such run at a time, so bounding it bounds the parser's memory whatever the part's size.

use std::io::{Read, Seek};

use super::damaged;
use crate::error::{Error, Result};

/// Entries in the zip (a workbook with a few sheets has about 15).
pub const MAX_ENTRIES: usize = 10_000;
/// The decompressed size of one entry (a 100,000-row sheet is about 150 MB of XML).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// The decompressed size of all entries together.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// The shared strings, which calamine holds in memory (a 100,000-member roster needs about 20 MB).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// The other parts calamine loads whole at open (workbook, styles, relationships, content types),
/// each a few kilobytes in real files.
pub const MAX_LOADED_PART_BYTES: u64 = 32 * 1024 * 1024;
/// The number of shared strings the file may declare (calamine reserves room for them at open).
pub const MAX_SHARED_STRINGS: u64 = 4_000_000;
/// The longest run of XML between two `<` (one cell holds at most 32,767 characters).
pub const MAX_XML_RUN: u64 = 2 * 1024 * 1024;

/// Walks the zip; Ok when calamine may open it.
pub fn check_xlsx<R: Read + Seek>(reader: R, file_name: &str) -> Result<()> {
    let mut zip = zip9::ZipArchive::new(reader).map_err(|e| damaged(file_name, &format!("不是完整的 zip：{e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(damaged(file_name, &format!("包含 {} 个部件，超过上限 {MAX_ENTRIES}", zip.len())));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(zip9::result::ZipError::UnsupportedArchive(m)) if m.contains("ncrypt") || m.contains("assword") => {
                return Err(encrypted(file_name))
            }
            Err(e) => return Err(damaged(file_name, &format!("第 {} 个部件无法读取：{e}", i + 1))),
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        let is_xml = name.ends_with(".xml") || name.ends_with(".rels");
        let shared = name.ends_with("sharedstrings.xml");
        let loaded = name.ends_with("workbook.xml")
            || name.ends_with("styles.xml")
            || name.ends_with(".rels")
            || name == "[content_types].xml";
        let cap = if shared {
            MAX_SHARED_STRINGS_BYTES
        } else if loaded {
            MAX_LOADED_PART_BYTES
        } else {
            MAX_ENTRY_BYTES
        };
        let mut scan = XmlScan::default();
        let mut size: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(damaged(file_name, &format!("部件“{name}”解压失败：{e}"))),
            };
            size += n as u64;
            total += n as u64;
            if size > cap {
                let what = if shared { "共享字符串" } else { "部件" };
                // (the workbook, styles and relationships are loaded whole: their cap is lower)
                return Err(too_big(file_name, &format!("{what}“{name}”解压后超过 {} MB", cap >> 20)));
            }
            if total > MAX_TOTAL_BYTES {
                return Err(too_big(file_name, &format!("解压后合计超过 {} MB", MAX_TOTAL_BYTES >> 20)));
            }
            if is_xml {
                scan.feed(&buf[..n]);
                if scan.longest > MAX_XML_RUN {
                    return Err(damaged(
                        file_name,
                        &format!("部件“{name}”中有一段超过 {} MB 的连续内容", MAX_XML_RUN >> 20),
                    ));
                }
                if scan.markup_declaration {
                    return Err(damaged(file_name, &format!("部件“{name}”含有 Excel 不会写入的 XML 声明（<!…>）")));
                }
            }
        }
        if shared {
            if let Some(n) = scan.unique_count.filter(|n| *n > MAX_SHARED_STRINGS) {
                return Err(too_big(file_name, &format!("声明了 {n} 个共享字符串，超过上限 {MAX_SHARED_STRINGS}")));
            }
        }
    }
    Ok(())
}

fn too_big(file_name: &str, what: &str) -> Error {
    Error::UnreadableFile(format!(
        "“{file_name}”的内容过大，无法导入（{what}）。请确认选对了文件，或只保留需要导入的工作表后另存再导入"
    ))
}

fn encrypted(file_name: &str) -> Error {
    Error::UnreadableFile(format!("“{file_name}”设置了打开密码，无法读取：请在 Excel/WPS 中取消密码后另存，再导入"))
}

/// What the pre-pass learns from an XML part's bytes as they stream by.
#[derive(Default)]
struct XmlScan {
    /// Bytes since the last `<`.
    run: u64,
    longest: u64,
    /// The previous byte was `<`.
    after_lt: bool,
    /// `<!` seen: CDATA, a comment or a DOCTYPE, which the parser reads as one piece.
    markup_declaration: bool,
    /// The first bytes, to find `uniqueCount` of the shared strings.
    head: Vec<u8>,
    unique_count: Option<u64>,
}

const HEAD_BYTES: usize = 4096;

impl XmlScan {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.after_lt && b == b'!' {
                self.markup_declaration = true;
            }
            self.after_lt = b == b'<';
            if b == b'<' {
                self.run = 0;
            } else {
                self.run += 1;
                self.longest = self.longest.max(self.run);
            }
        }
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..take]);
            if self.head.len() == HEAD_BYTES || take == bytes.len() {
                self.unique_count = unique_count(&self.head);
            }
        }
    }
}

/// The `uniqueCount="N"` attribute of `<sst>`, as a number (saturating), when present.
fn unique_count(head: &[u8]) -> Option<u64> {
    let key = b"uniqueCount=";
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = head.get(at + 1..)?;
    let digits: Vec<u8> = rest.iter().take_while(|b| b.is_ascii_digit()).copied().collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_run_between_tags_is_measured_across_chunks() {
        let mut s = XmlScan::default();
        s.feed(b"<a>12345");
        s.feed(b"678</a>");
        assert_eq!(s.longest, 10); // "a>12345678"
        assert!(!s.markup_declaration);
        s.feed(b"<");
        s.feed(b"![CDATA[x]]>");
        assert!(s.markup_declaration);
    }

    #[test]
    fn unique_count_is_read_saturating() {
        assert_eq!(unique_count(br#"<sst count="3" uniqueCount="2">"#), Some(2));
        assert_eq!(unique_count(br#"<sst uniqueCount='99999999999999999999999999'>"#), Some(u64::MAX));
        assert_eq!(unique_count(b"<sst>"), None);
    }
}
