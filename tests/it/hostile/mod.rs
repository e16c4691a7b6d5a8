//! Importers that cannot be knocked over (issue 14, `docs/robustness.md`): hand-made bad files for
//! every reader of a user's file (`cases.rs`), and a bounded mutation fuzzer run in a child process
//! so that an abort is caught and its input kept (`fuzz.rs`). Every bad input must be refused with
//! a Chinese message of the refusal class (CLI exit code 1), never a panic or an abort, and leave
//! the ledger unchanged.

mod cases;
mod fuzz;
pub mod make;

use std::path::Path;

use serde_json::json;
use zhibu_core::app::roster::{import_roster, RosterImportRequest};
use zhibu_core::dues::{import_payroll, PayrollRequest};
use zhibu_core::package::{import_package, parse_package, read_package_file};
use zhibu_core::{Error, ErrorCode, Ledger};

use crate::support::{dump, today};

/// The readers of a user's file, each run as the app runs it (preview, then all-or-nothing import).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Roster,
    Payroll,
    Package,
}

pub const WORKBOOK_READERS: [Reader; 2] = [Reader::Roster, Reader::Payroll];

/// A small ledger: one branch `o-1` and three members with ID numbers.
pub fn ledger() -> Ledger {
    let m = |key: &str, name: &str, id: &str| {
        json!({ "key": key, "org": "o-1", "name": name, "gender": "男", "birth_date": "1980-01-01",
                "id_number": id, "status": "full", "joined_on": "2000-07-01", "full_member_on": "2001-07-01",
                "category": "employed", "dues_bases": [{ "from": "2026-01", "base_fen": 500000 }] })
    };
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "hostile",
        "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government" }],
        "members": [m("m-1", "张三", "110105198001010016"), m("m-2", "李四", "110105198001010032")]
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    ledger
}

/// Runs one reader on `path` against `ledger`.
pub fn read(ledger: &Ledger, reader: Reader, path: &Path) -> Result<(), Error> {
    let org_id = crate::support::org(ledger);
    let path_text = path.display().to_string();
    match reader {
        Reader::Roster => {
            let req = RosterImportRequest { path: path_text, sheet: None, org_id, ..Default::default() };
            import_roster(ledger, &req, today()).map(drop)
        }
        Reader::Payroll => {
            let req = PayrollRequest {
                path: path_text,
                sheet: None,
                amount_column: None,
                from_month: "2026-11".into(),
                org_id,
            };
            import_payroll(ledger, &req).map(drop)
        }
        Reader::Package => {
            let pkg = read_package_file(path)?;
            import_package(ledger, &pkg, today()).map(drop)
        }
    }
}

/// The reader refuses `path` as a person's mistake (not an internal fault), in Chinese, and the
/// ledger is unchanged. Returns the message.
pub fn assert_refused(ledger: &Ledger, reader: Reader, path: &Path) -> String {
    let before = dump(ledger);
    let err = match read(ledger, reader, path) {
        Ok(()) => panic!("{reader:?} accepted {}", path.display()),
        Err(e) => e,
    };
    assert_refusal(&err, reader, path);
    assert_eq!(dump(ledger), before, "{reader:?} on {}: a refused import changed the ledger", path.display());
    err.to_string()
}

/// A refusal of the exit-1 class with a Chinese message.
pub fn assert_refusal(err: &Error, reader: Reader, path: &Path) {
    assert!(
        err.is_refusal() && err.code() != ErrorCode::Internal,
        "{reader:?} on {}: not a refusal: {err:?}",
        path.display()
    );
    let message = err.to_string();
    assert!(
        message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{reader:?} on {}: the message is not Chinese: {message}",
        path.display()
    );
}
