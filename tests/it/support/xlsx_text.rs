//! Renders an `.xlsx` as reviewable text for the golden files: the document title, the list of
//! parts, a legend of the cell formats in use, then per sheet its column widths, view, merged
//! ranges, print setup and one line per row with each cell's value, type and format.
//!
//! Cells: `A1 s"text"` (shared string), `i"text"` (inline string), `n12.5` (number), `d2026-01-05`
//! (a number under a date format), `b1` (boolean), `e#N/A` (error), `f=SUM(A1:A3)=n6` (formula and
//! its cached result); a number or date shown otherwise under its format adds what it shows
//! (`n5280 →5,280.00`, `d2026-01-05 →2026年1月5日`); ` #3` names the cell format from the legend. Consecutive blank cells with
//! the same format are one range: `B1:V1 #1`. Rows: `3 ht=33.75: …`.
//!
//! Left out on purpose: the `docProps/core.xml` timestamps (volatile), `docProps/app.xml` (it only
//! repeats the sheet names), the theme, the content types and the relationships (fixed boilerplate
//! of the writer; their names still appear in `parts:`), a sheet's `dimension` (derived from the
//! cells) and its `selection`s (where the cursor is). Anything else the renderer does not know is
//! printed generically as `tag: attr=value …`, so nothing written to a sheet goes unseen.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use super::xml::{parse, Element};

/// Every part of the zip: its name and, for the XML parts, its text.
pub(super) fn parts(path: &Path) -> BTreeMap<String, Option<String>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        let xml = f.name().ends_with(".xml") || f.name().ends_with(".rels");
        out.insert(f.name().to_string(), if xml { Some(String::from_utf8(bytes).unwrap()) } else { None });
    }
    out
}

pub(super) fn xml(parts: &BTreeMap<String, Option<String>>, name: &str) -> Option<Element> {
    parts.get(name).and_then(|p| p.as_deref()).map(parse)
}

/// `0` → `A`, `27` → `AB`.
fn column_name(mut n: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            return s;
        }
        n = n / 26 - 1;
    }
}

/// `AB12` → (27, 12).
fn cell_ref(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    (col, r[letters.len()..].parse().unwrap())
}

/// `key=value` for every attribute but those in `skip`, in document order.
fn attrs(el: &Element, skip: &[&str]) -> String {
    el.attrs
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An element the renderer has no special form for: its attributes, text and children, one line each.
fn generic(el: &Element, indent: &str, out: &mut String) {
    let mut line = format!("{indent}{}:", el.name);
    let a = attrs(el, &["r:id"]);
    if !a.is_empty() {
        write!(line, " {a}").unwrap();
    }
    if !el.text.trim().is_empty() {
        write!(line, " {:?}", el.text).unwrap();
    }
    writeln!(out, "{line}").unwrap();
    for c in &el.children {
        generic(c, &format!("{indent}  "), out);
    }
}

/// The cell formats (`cellXfs`), described from their number format, font, fill, border and alignment.
pub(super) struct Styles {
    pub(super) formats: BTreeMap<u32, String>,
    /// The number format id of each cell format.
    pub(super) xf_num_fmt: Vec<u32>,
    described: Vec<String>,
    date_formats: BTreeSet<u32>,
}

fn is_date_format(id: u32, code: Option<&str>) -> bool {
    match code {
        None => matches!(id, 14..=22 | 45..=47),
        Some(code) => {
            // Letters outside quoted text and [brackets] decide: y, m, d, h, s make it a date or time.
            let mut quoted = false;
            let mut bracket = false;
            code.chars().any(|c| {
                match c {
                    '"' => quoted = !quoted,
                    '[' if !quoted => bracket = true,
                    ']' if !quoted => bracket = false,
                    _ => {}
                }
                !quoted && !bracket && matches!(c.to_ascii_lowercase(), 'y' | 'm' | 'd' | 'h' | 's')
            })
        }
    }
}

impl Styles {
    pub(super) fn read(styles: Option<Element>) -> Styles {
        let mut s = Styles {
            formats: BTreeMap::new(),
            xf_num_fmt: Vec::new(),
            described: Vec::new(),
            date_formats: BTreeSet::new(),
        };
        let Some(styles) = styles else { return s };
        if let Some(n) = styles.child("numFmts") {
            for f in n.all("numFmt") {
                s.formats
                    .insert(f.attr("numFmtId").unwrap().parse().unwrap(), f.attr("formatCode").unwrap().to_string());
            }
        }
        let list = |name: &str, item: &'static str| -> Vec<&Element> {
            styles.child(name).map(|l| l.all(item).collect()).unwrap_or_default()
        };
        let fonts = list("fonts", "font");
        let fills = list("fills", "fill");
        let borders = list("borders", "border");
        for (i, xf) in list("cellXfs", "xf").into_iter().enumerate() {
            let id = |k: &str| -> usize { xf.attr(k).map_or(0, |v| v.parse().unwrap()) };
            let mut parts = Vec::new();
            let fmt = id("numFmtId") as u32;
            s.xf_num_fmt.push(fmt);
            let code = s.formats.get(&fmt).cloned();
            if is_date_format(fmt, code.as_deref()) {
                s.date_formats.insert(i as u32);
            }
            if fmt != 0 {
                parts.push(match code {
                    Some(code) => format!("numfmt {code:?}"),
                    None => format!("numfmt #{fmt}"),
                });
            }
            parts.push(font(fonts[id("fontId")]));
            if let Some(f) = fill(fills[id("fillId")]) {
                parts.push(f);
            }
            if let Some(b) = border(borders[id("borderId")]) {
                parts.push(b);
            }
            if let Some(a) = xf.child("alignment") {
                let words: Vec<String> = a
                    .attrs
                    .iter()
                    .map(|(k, v)| match (k.as_str(), v.as_str()) {
                        ("horizontal", v) => format!("h={v}"),
                        ("vertical", v) => format!("v={v}"),
                        ("wrapText", "1") => "wrap".to_string(),
                        ("shrinkToFit", "1") => "shrink".to_string(),
                        (k, v) => format!("{k}={v}"),
                    })
                    .collect();
                parts.push(format!("align {}", words.join(" ")));
            }
            if let Some(p) = xf.child("protection") {
                parts.push(format!("protection {}", attrs(p, &[])));
            }
            s.described.push(parts.join("; "));
        }
        s
    }
}

fn font(f: &Element) -> String {
    let val = |name: &str| f.child(name).and_then(|e| e.attr("val")).unwrap_or("");
    let mut s = format!("font {} {}", val("name"), val("sz"));
    for (flag, word) in [("b", "bold"), ("i", "italic"), ("strike", "strike")] {
        if f.child(flag).is_some_and(|e| e.attr("val") != Some("0")) {
            write!(s, " {word}").unwrap();
        }
    }
    if let Some(u) = f.child("u") {
        write!(s, " underline{}", u.attr("val").map(|v| format!("={v}")).unwrap_or_default()).unwrap();
    }
    if let Some(rgb) = f.child("color").and_then(|c| c.attr("rgb")) {
        write!(s, " color {rgb}").unwrap();
    }
    if let Some(v) = f.child("vertAlign").and_then(|c| c.attr("val")) {
        write!(s, " {v}").unwrap();
    }
    s
}

fn fill(f: &Element) -> Option<String> {
    let p = f.child("patternFill")?;
    let pattern = p.attr("patternType").unwrap_or("none");
    if pattern == "none" || pattern == "gray125" {
        return None;
    }
    let color = |name: &str| p.child(name).and_then(|c| c.attr("rgb")).map(|c| format!(" {c}")).unwrap_or_default();
    Some(format!("fill {pattern}{}", color("fgColor")))
}

fn border(b: &Element) -> Option<String> {
    let sides: Vec<(&str, String)> = ["left", "right", "top", "bottom", "diagonal"]
        .iter()
        .filter_map(|side| {
            let e = b.child(side)?;
            let style = e.attr("style")?;
            let color = e.child("color").and_then(|c| c.attr("rgb")).map(|c| format!(" {c}")).unwrap_or_default();
            Some((*side, format!("{style}{color}")))
        })
        .collect();
    if sides.is_empty() {
        return None;
    }
    if sides.len() == 4 && sides[0].0 == "left" && sides.iter().all(|(_, s)| *s == sides[0].1) {
        return Some(format!("border {}", sides[0].1));
    }
    Some(format!("border {}", sides.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")))
}

/// Days since 1899-12-30 as a date, with the time when there is one.
fn excel_date(serial: &str) -> String {
    let v: f64 = serial.parse().unwrap();
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let t = base + chrono::Duration::milliseconds((v * 86_400_000.0).round() as i64);
    if v.fract() == 0.0 {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn cell_value(c: &Element, shared: &[String], styles: &Styles) -> Option<String> {
    let v = c.child("v").map(|v| v.text.as_str());
    let t = c.attr("t").unwrap_or("n");
    let value = match (t, v) {
        ("s", Some(i)) => Some(format!("s{:?}", shared[i.parse::<usize>().unwrap()])),
        ("inlineStr", _) => c.child("is").map(|is| format!("i{:?}", is.deep_text())),
        ("str", Some(v)) => Some(format!("{v:?}")),
        ("b", Some(v)) => Some(format!("b{v}")),
        ("e", Some(v)) => Some(format!("e{v}")),
        ("n", Some(v)) => {
            let is_date = c.attr("s").is_some_and(|s| styles.date_formats.contains(&s.parse().unwrap()));
            let raw = if is_date { excel_date(v) } else { v.to_string() };
            let shown = super::xlsx_shown::shown_number(v.parse().unwrap(), c.attr("s"), styles);
            let kind = if is_date { 'd' } else { 'n' };
            Some(if shown == raw { format!("{kind}{raw}") } else { format!("{kind}{raw} →{shown}") })
        }
        (_, None) => None,
        (t, Some(v)) => Some(format!("{t}?{v:?}")),
    };
    match c.child("f") {
        Some(f) => {
            let extra = attrs(f, &[]);
            let extra = if extra.is_empty() { String::new() } else { format!("[{extra}]") };
            Some(format!("f{extra}={}={}", f.text, value.unwrap_or_default()))
        }
        None => value,
    }
}

fn style_suffix(el: &Element, used: &mut BTreeSet<u32>) -> String {
    match el.attr("s").map(|s| s.parse::<u32>().unwrap()) {
        Some(s) if s != 0 => {
            used.insert(s);
            format!(" #{s}")
        }
        _ => String::new(),
    }
}

fn render_row(row: &Element, shared: &[String], styles: &Styles, used: &mut BTreeSet<u32>) -> String {
    let mut line = row.attr("r").unwrap().to_string();
    let extra = attrs(row, &["r", "spans", "customHeight", "s", "customFormat", "x14ac:dyDescent"]);
    if !extra.is_empty() {
        write!(line, " {extra}").unwrap();
    }
    if row.attr("customFormat") == Some("1") {
        write!(line, " row{}", style_suffix(row, used)).unwrap();
    }
    line.push(':');
    // A run of blank cells with one format: (first, last, format).
    let mut blank: Option<(String, String, String)> = None;
    let flush = |blank: &mut Option<(String, String, String)>, line: &mut String| {
        if let Some((a, b, s)) = blank.take() {
            let range = if a == b { a } else { format!("{a}:{b}") };
            write!(line, "  {range}{s}").unwrap();
        }
    };
    let mut last_col: Option<u32> = None;
    for c in row.all("c") {
        let r = c.attr("r").unwrap();
        let (col, _) = cell_ref(r);
        let s = style_suffix(c, used);
        let adjacent = last_col.is_some_and(|l| l + 1 == col);
        last_col = Some(col);
        match cell_value(c, shared, styles) {
            Some(v) => {
                flush(&mut blank, &mut line);
                write!(line, "  {r} {v}{s}").unwrap();
            }
            None => match &mut blank {
                Some((_, b, bs)) if *bs == s && adjacent => *b = r.to_string(),
                _ => {
                    flush(&mut blank, &mut line);
                    blank = Some((r.to_string(), r.to_string(), s));
                }
            },
        }
    }
    flush(&mut blank, &mut line);
    line
}

fn render_columns(cols: &Element, used: &mut BTreeSet<u32>) -> String {
    let list: Vec<String> = cols
        .all("col")
        .map(|c| {
            let min: u32 = c.attr("min").unwrap().parse().unwrap();
            let max: u32 = c.attr("max").unwrap().parse().unwrap();
            let range = if min == max {
                column_name(min - 1)
            } else {
                format!("{}:{}", column_name(min - 1), column_name(max - 1))
            };
            let mut s = format!("{range} {}", c.attr("width").unwrap_or("default"));
            let extra = attrs(c, &["min", "max", "width", "customWidth", "style"]);
            if !extra.is_empty() {
                write!(s, " {extra}").unwrap();
            }
            s.push_str(&style_suffix(c, used));
            s
        })
        .collect();
    format!("  columns: {}", list.join(" | "))
}

fn render_sheet(
    sheet: &Element,
    name: &str,
    print_names: &[String],
    shared: &[String],
    styles: &Styles,
    used: &mut BTreeSet<u32>,
) -> String {
    let mut out = String::new();
    for el in &sheet.children {
        match el.name.as_str() {
            "dimension" => {}
            "cols" => writeln!(out, "{}", render_columns(el, used)).unwrap(),
            "sheetViews" => {
                for v in el.all("sheetView") {
                    let mut line = format!("  view: {}", attrs(v, &["workbookViewId"]));
                    if let Some(p) = v.child("pane") {
                        write!(line, " pane {}", attrs(p, &["activePane"])).unwrap();
                    }
                    writeln!(out, "{}", line.trim_end()).unwrap();
                    for other in v.children.iter().filter(|c| c.name != "pane" && c.name != "selection") {
                        generic(other, "  ", &mut out);
                    }
                }
            }
            "mergeCells" => {
                let refs: Vec<&str> = el.all("mergeCell").map(|m| m.attr("ref").unwrap()).collect();
                writeln!(out, "  merged: {}", refs.join(" ")).unwrap();
            }
            "headerFooter" => {
                for part in &el.children {
                    writeln!(out, "  {}: {:?}", part.name, part.text).unwrap();
                }
            }
            "rowBreaks" | "colBreaks" => {
                let ids: Vec<&str> = el.all("brk").map(|b| b.attr("id").unwrap()).collect();
                writeln!(out, "  {}: {}", el.name, ids.join(" ")).unwrap();
            }
            "sheetData" => {
                writeln!(out, "  rows:").unwrap();
                for row in el.all("row") {
                    writeln!(out, "  {}", render_row(row, shared, styles, used)).unwrap();
                }
            }
            _ => generic(el, "  ", &mut out),
        }
    }
    for p in print_names {
        writeln!(out, "  {p}").unwrap();
    }
    format!("sheet {name:?}\n{out}")
}

/// The text rendering of the workbook at `path` (see the module doc).
pub fn render(path: &Path) -> String {
    render_parts(&parts(path))
}

/// The rendering of a workbook given as its parts (name → XML text; `None` for binary parts).
pub fn render_parts(parts: &BTreeMap<String, Option<String>>) -> String {
    let mut out = String::new();
    if let Some(core) = xml(parts, "docProps/core.xml") {
        for p in core.children.iter().filter(|c| !matches!(c.name.as_str(), "dcterms:created" | "dcterms:modified")) {
            writeln!(out, "{}: {:?}", p.name, p.text).unwrap();
        }
    }
    writeln!(out, "parts: {}", parts.keys().cloned().collect::<Vec<_>>().join(" ")).unwrap();

    let shared: Vec<String> =
        xml(parts, "xl/sharedStrings.xml").map(|s| s.all("si").map(Element::deep_text).collect()).unwrap_or_default();
    let styles = Styles::read(xml(parts, "xl/styles.xml"));
    let workbook = xml(parts, "xl/workbook.xml").expect("xl/workbook.xml");
    let rels = xml(parts, "xl/_rels/workbook.xml.rels").expect("xl/_rels/workbook.xml.rels");
    let target = |id: &str| -> String {
        let rel = rels.all("Relationship").find(|r| r.attr("Id") == Some(id)).unwrap();
        format!("xl/{}", rel.attr("Target").unwrap().trim_start_matches("/xl/"))
    };

    let mut names: BTreeMap<Option<usize>, Vec<String>> = BTreeMap::new();
    if let Some(defined) = workbook.child("definedNames") {
        for n in defined.all("definedName") {
            let local = n.attr("localSheetId").map(|i| i.parse().unwrap());
            names.entry(local).or_default().push(format!("defined {}: {}", n.attr("name").unwrap(), n.text));
        }
    }
    for n in names.get(&None).into_iter().flatten() {
        writeln!(out, "{n}").unwrap();
    }

    let mut used = BTreeSet::new();
    let mut sheets = String::new();
    for (i, s) in workbook.child("sheets").unwrap().all("sheet").enumerate() {
        let part = target(s.attr("r:id").unwrap());
        let sheet = xml(parts, &part).unwrap_or_else(|| panic!("missing {part}"));
        let local = names.get(&Some(i)).cloned().unwrap_or_default();
        sheets.push('\n');
        sheets.push_str(&render_sheet(&sheet, s.attr("name").unwrap(), &local, &shared, &styles, &mut used));
        let extra = attrs(s, &["name", "sheetId", "r:id"]);
        if !extra.is_empty() {
            writeln!(sheets, "  sheet: {extra}").unwrap();
        }
    }
    writeln!(out, "formats:").unwrap();
    for i in used {
        writeln!(out, "  #{i} {}", styles.described[i as usize]).unwrap();
    }
    out.push_str(&sheets);
    out
}
