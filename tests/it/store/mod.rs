//! Keeping the ledger safe: backups and their folder, restore and its refusals, the start-up check,
//! write locks, a full disk, file modes, and `kill -9` during imports.

mod backups;
mod kill;
mod restore;
mod safety;

use std::path::{Path, PathBuf};

use zhibu_core::Ledger;

/// A fixed local time for backups made by tests.
pub fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// A single-file copy of the ledger at `db` (`zhibu backup OUT`).
pub fn copy_of(db: &Path, name: &str) -> PathBuf {
    let out = db.with_file_name(name);
    zhibu_core::app::backups::copy_to_file(&Ledger::open(db).unwrap(), &out).unwrap();
    out
}

/// The ledger's members, meetings and dump, for "same content" comparisons.
pub fn content(db: &Path) -> String {
    crate::support::dump(&Ledger::open(db).unwrap())
}
