//! A text rendering of a `.docx` for golden files: the page (size and margins in mm), then each
//! block of the body in order — a paragraph as `[字体 字号 粗 对齐] text`, a table row as
//! `| cell | cell |` (a cell's paragraphs joined by `／`), a tab as `⇥`. Read with the test's own XML reader, not
//! with the library that wrote the file.

use std::io::Read;
use std::path::Path;

use super::xml::{parse, Element};

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", path.display())).read_to_string(&mut s).unwrap();
    s
}

fn find<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    if e.name == name {
        return Some(e);
    }
    e.children.iter().find_map(|c| find(c, name))
}

/// The text of the runs under `e`; a tab in a run as `⇥` (a tab stop's definition is no text).
fn texts(e: &Element, out: &mut String) {
    if e.name == "w:r" {
        for c in &e.children {
            match c.name.as_str() {
                "w:t" => out.push_str(&c.text),
                "w:tab" => out.push('⇥'),
                _ => {}
            }
        }
        return;
    }
    for c in &e.children {
        texts(c, out);
    }
}

fn paragraph_text(p: &Element) -> String {
    let mut s = String::new();
    texts(p, &mut s);
    s
}

/// `[仿宋 16pt 两端]`: the first run's face, size and weight, the paragraph's alignment.
fn paragraph_style(p: &Element) -> String {
    let rpr = p.all("w:r").find(|r| r.child("w:t").is_some()).and_then(|r| r.child("w:rPr"));
    let face = rpr.and_then(|r| r.child("w:rFonts")).and_then(|f| f.attr("w:eastAsia")).unwrap_or("默认");
    let size = rpr.and_then(|r| r.child("w:sz")).and_then(|s| s.attr("w:val")).unwrap_or("默认");
    let size = size.parse::<f64>().map(|h| format!("{}pt", h / 2.0)).unwrap_or_else(|_| size.to_string());
    let bold = if rpr.and_then(|r| r.child("w:b")).is_some() { " 粗" } else { "" };
    let align = match p.child("w:pPr").and_then(|p| p.child("w:jc")).and_then(|j| j.attr("w:val")) {
        Some("center") => " 居中",
        Some("right") | Some("end") => " 居右",
        _ => "",
    };
    format!("[{face} {size}{bold}{align}]")
}

fn mm(twips: &str) -> String {
    format!("{:.0}", twips.parse::<f64>().unwrap() * 25.4 / 1440.0)
}

pub fn render(path: &Path) -> String {
    let doc = parse(&part(path, "word/document.xml"));
    let body = find(&doc, "w:body").expect("a body");
    let mut out = String::new();
    if let Some(sect) = body.child("w:sectPr") {
        let size = sect.child("w:pgSz").unwrap();
        let m = sect.child("w:pgMar").unwrap();
        out.push_str(&format!(
            "页面 {}×{} 毫米；页边距 上{} 下{} 左{} 右{} 毫米\n",
            mm(size.attr("w:w").unwrap()),
            mm(size.attr("w:h").unwrap()),
            mm(m.attr("w:top").unwrap()),
            mm(m.attr("w:bottom").unwrap()),
            mm(m.attr("w:left").unwrap()),
            mm(m.attr("w:right").unwrap()),
        ));
    }
    for block in &body.children {
        match block.name.as_str() {
            "w:p" => {
                let text = paragraph_text(block);
                if text.is_empty() {
                    out.push_str("¶\n");
                } else {
                    out.push_str(&format!("{} {text}\n", paragraph_style(block)));
                }
            }
            "w:tbl" => {
                for row in block.all("w:tr") {
                    let cells: Vec<String> = row
                        .all("w:tc")
                        .map(|c| c.all("w:p").map(paragraph_text).collect::<Vec<_>>().join("／"))
                        .collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
            }
            _ => {}
        }
    }
    out
}
