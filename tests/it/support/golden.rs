//! Golden-file comparison of `.xlsx` workbooks through their text rendering (`xlsx_text`): the
//! workbook written by the test must render exactly as `tests/golden/<name>.txt`.
//!
//! `ZHIBU_BLESS=1 cargo test -p zhibu --test it` rewrites the golden files from the current code;
//! review the diff before committing it.

use std::path::{Path, PathBuf};

use super::xlsx_text;

pub fn assert_matches_golden(path: &Path, name: &str) {
    assert_text_matches_golden(&xlsx_text::render(path), name);
}

/// A Word document through its text rendering (`docx_text`).
pub fn assert_docx_matches_golden(path: &Path, name: &str) {
    assert_text_matches_golden(&super::docx_text::render(path), name);
}

fn assert_text_matches_golden(got: &str, name: &str) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{name}.txt"));
    if std::env::var_os("ZHIBU_BLESS").is_some() {
        std::fs::write(&file, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file)
        .unwrap_or_else(|_| panic!("missing golden file tests/golden/{name}.txt (run with ZHIBU_BLESS=1 to write it)"));
    if want != got {
        panic!(
            "{name}: the workbook differs from tests/golden/{name}.txt (- golden, + now; ZHIBU_BLESS=1 accepts it):\n{}",
            diff(&want, got)
        );
    }
}

/// A line diff (longest common subsequence) with two lines of context around each change.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near = |k: usize| ops[k.saturating_sub(2)..(k + 3).min(ops.len())].iter().any(|(op, _)| *op != ' ');
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("  …\n");
                skipped = false;
            }
            out.push_str(&format!("{op} {line}\n"));
        } else {
            skipped = true;
        }
    }
    out
}
