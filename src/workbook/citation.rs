//! A rule's source as a sheet cites it: the same plain text as the screens show
//! (`model::citation::plain`: caveats about the text and documentation references dropped).

/// `source` as a cell shows it, e.g. `《细则》（2026年5月修订，据报道，官方文本未核实）第七条` →
/// `《细则》（2026年5月修订）第七条`.
pub fn for_sheet(source: &str) -> String {
    crate::model::citation::plain(source)
}
