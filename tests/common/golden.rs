//! Golden-file comparison of `.xlsx` workbooks: unzip, drop the volatile timestamps, compare every XML
//! part with `tests/golden/<dir>/`. `UPDATE_GOLDEN=1` rewrites the golden files.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

pub fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().to_string(), s);
    }
    parts
}

/// Drops the `<dcterms:created>`/`<dcterms:modified>` stamps (fixed by `today`, volatile by nature).
fn strip_timestamps(xml: &str) -> String {
    let mut s = xml.to_string();
    for tag in ["dcterms:created", "dcterms:modified"] {
        if let (Some(a), Some(b)) = (s.find(&format!("<{tag}")), s.find(&format!("</{tag}>"))) {
            s.replace_range(a..b + tag.len() + 3, "");
        }
    }
    s
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect_files(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

pub fn assert_matches_golden(path: &Path, golden_dir: &str) {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(golden_dir);
    let parts = unzip(path);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, xml) in &parts {
        let xml = if name == "docProps/core.xml" { strip_timestamps(xml) } else { xml.clone() };
        let file = golden.join(name);
        if update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &xml).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("missing golden file {golden_dir}/{name}"));
        if want != xml {
            let at = want.bytes().zip(xml.bytes()).position(|(a, b)| a != b).unwrap_or(want.len().min(xml.len()));
            let from = at.saturating_sub(80);
            panic!(
                "{golden_dir}/{name} differs from the golden file at byte {at}:\n want: {}\n got:  {}",
                String::from_utf8_lossy(&want.as_bytes()[from..(at + 80).min(want.len())]),
                String::from_utf8_lossy(&xml.as_bytes()[from..(at + 80).min(xml.len())])
            );
        }
    }
    if !update {
        let mut expected = Vec::new();
        collect_files(&golden, &golden, &mut expected);
        expected.sort();
        assert_eq!(expected, parts.keys().cloned().collect::<Vec<_>>(), "parts differ from the golden set");
    }
}
