//! 关于: what the program is and where its data lives — the window's About dialog and `zhibu about`.

use serde::Serialize;

use crate::error::Result;
use crate::store::Ledger;

/// The program's version, the one definition (`zhibu --version` prints the same).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The licence the program is distributed under (Cargo.toml `license`).
pub const LICENCE: &str = env!("CARGO_PKG_LICENSE");

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct About {
    pub version: String,
    /// The open ledger file; empty for an in-memory ledger.
    pub ledger_path: String,
    pub ledger_id: String,
    /// The ledger file's schema version (one step per migration).
    pub schema_version: i64,
    /// True when the ledger file is encrypted (a password is set).
    pub encrypted: bool,
    /// The newest schema this program writes.
    pub latest_schema_version: i64,
    /// The user's zhibu data folder: the ledger file is kept there unless another is named (`ZHIBU_DB`, `--db`).
    pub data_folder: String,
    pub licence: String,
}

pub fn about(ledger: &Ledger) -> Result<About> {
    Ok(About {
        version: VERSION.to_string(),
        ledger_path: ledger.path().map(|p| p.display().to_string()).unwrap_or_default(),
        ledger_id: ledger.ledger_id()?,
        schema_version: ledger.schema_version()?,
        encrypted: ledger.is_encrypted(),
        latest_schema_version: crate::store::migrations::latest_version(),
        data_folder: super::roster::data_folder().display().to_string(),
        licence: LICENCE.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_ledger_is_at_the_latest_schema_and_names_the_version() {
        let ledger = Ledger::in_memory().unwrap();
        let a = about(&ledger).unwrap();
        assert_eq!(a.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(a.schema_version, a.latest_schema_version);
        assert!(a.schema_version > 0);
        assert_eq!(a.licence, "MIT");
        assert!(a.ledger_path.is_empty());
    }
}
