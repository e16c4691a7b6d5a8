//! The one place a rule's source becomes text a person reads. Sources are written with the profiles:
//! they may carry caveats about the text itself (`据报道，官方文本未核实`) or point into the project's
//! own documentation (`national-rules.md §7`). Neither belongs on a screen (工作台, 自查) or in an
//! official sheet, so a source passes through `plain` on its way to either (`workbook::citation` for
//! cells); `check --json` and the profile files keep the full text.

/// Words that mark a note about the source rather than the source: a note in brackets holding one
/// of them is dropped (only that clause when the brackets hold several, separated by `，`).
const NOTE_MARKS: [&str; 5] = ["未核实", "据报道", "待核实", ".md", "§"];

fn is_note(clause: &str) -> bool {
    NOTE_MARKS.iter().any(|m| clause.contains(m))
}

fn char_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

/// `source` as a screen or a sheet shows it: bracketed notes about the text and references to documentation
/// removed, e.g. `《细则》（2026年5月修订，据报道，官方文本未核实）第七条` → `《细则》（2026年5月修订）第七条`.
pub fn plain(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(open) = rest.find(['（', '(']) {
        out.push_str(&rest[..open]);
        let after = &rest[open + char_len(&rest[open..])..];
        let Some(close) = after.find(['）', ')']) else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let kept: Vec<&str> = after[..close].split(['，', ',']).filter(|c| !is_note(c)).collect();
        if !kept.is_empty() {
            out.push('（');
            out.push_str(&kept.join("，"));
            out.push('）');
        }
        rest = &after[close + char_len(&after[close..])..];
    }
    out.push_str(rest);
    // A note outside brackets (`……；见 national-rules.md §2`) is cut at its clause.
    out.split('；').filter(|c| !is_note(c)).collect::<Vec<_>>().join("；").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caveats_and_documentation_references_are_dropped() {
        assert_eq!(
            plain("《中国共产党发展党员工作细则》（2026年5月修订，据报道，官方文本未核实）第七条"),
            "《中国共产党发展党员工作细则》（2026年5月修订）第七条"
        );
        assert_eq!(plain("共产党员网《民主评议党员》专题（national-rules.md §7）"), "共产党员网《民主评议党员》专题");
        assert_eq!(
            plain("《中国共产党支部工作条例（试行）》（2018）（谈心谈话制度，national-rules.md §2）"),
            "《中国共产党支部工作条例（试行）》（2018）（谈心谈话制度）"
        );
        assert_eq!(plain("《中国共产党党员教育管理工作条例》第十七条"), "《中国共产党党员教育管理工作条例》第十七条");
    }
}
