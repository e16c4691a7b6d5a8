//! 票据: scans or photos of the receipts of a use of money, copied into the ledger's files folder the
//! way a meeting's attachments are (`meetings::attachments::store_file`: content-addressed, readable
//! by the owner only); the record keeps the original name, size and SHA-256. Deleting the use moves
//! its receipts into the recycle bin with it.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{audit, Ledger};

/// One receipt of a use of money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Receipt {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub spending_id: i64,
    /// The original file name.
    pub file_name: String,
    pub sha256: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size_bytes: i64,
    /// Relative to the ledger's files folder.
    pub stored_path: String,
    pub added_at: String,
}

const SELECT: &str = "SELECT id, spending_id, file_name, sha256, size_bytes, stored_path, added_at FROM fund_receipts";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Receipt> {
    Ok(Receipt {
        id: r.get(0)?,
        spending_id: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        size_bytes: r.get(4)?,
        stored_path: r.get(5)?,
        added_at: r.get(6)?,
    })
}

/// The receipts of a use of money, in the order they were added.
pub fn receipts_of(conn: &Connection, spending_id: i64) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE spending_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([spending_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes a receipt row back (restoring a use of money from the recycle bin), under its id.
pub(crate) fn insert(conn: &Connection, r: &Receipt) -> Result<()> {
    conn.execute(
        "INSERT INTO fund_receipts(id, spending_id, file_name, sha256, size_bytes, stored_path, added_at)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
        params![r.id, r.spending_id, r.file_name, r.sha256, r.size_bytes, r.stored_path, r.added_at],
    )?;
    Ok(())
}

pub(crate) fn delete_of(conn: &Connection, spending_id: i64) -> Result<()> {
    conn.execute("DELETE FROM fund_receipts WHERE spending_id = ?1", [spending_id])?;
    Ok(())
}

/// Copies `source` into the ledger's folder and attaches it to the use of money `spending_id`.
pub fn attach_receipt(ledger: &Ledger, spending_id: i64, source: &Path) -> Result<Receipt> {
    super::store::spending_row(ledger.conn(), spending_id)?;
    let f = crate::meetings::attachments::store_file(ledger, source, "票据")?;
    let id = ledger.write(|tx| {
        let s = super::store::spending_row(tx, spending_id)?;
        let r = Receipt {
            id: 0,
            spending_id,
            file_name: f.file_name.clone(),
            sha256: f.sha256.clone(),
            size_bytes: f.size,
            stored_path: f.stored_path.clone(),
            added_at: crate::store::now_stamp(),
        };
        insert(tx, &r)?;
        let id = tx.last_insert_rowid();
        let text =
            format!("支出（{}，{} 元）添加票据 {}", s.spent_on, crate::model::money::yuan(s.amount_fen), f.file_name);
        audit::record(tx, "新增", "fund_spending", Some(spending_id), &text, None)?;
        Ok(id)
    })?;
    ledger
        .conn()
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "票据", key: id.to_string() })
}

/// Records a use of money with the scans of its receipts, as one action: every file is copied into
/// the ledger's folder first (a file that cannot be read refuses the whole, nothing recorded), then the
/// use and its receipts are written in one transaction.
pub fn record_spending_with_receipts(
    ledger: &Ledger,
    input: &super::records::NewSpending,
    files: &[PathBuf],
    today: chrono::NaiveDate,
) -> Result<super::records::Spending> {
    let stored = files
        .iter()
        .map(|f| crate::meetings::attachments::store_file(ledger, f, "票据"))
        .collect::<Result<Vec<_>>>()?;
    ledger.write(|tx| {
        let s = super::spend::record_in(tx, input, today)?;
        for f in &stored {
            let r = Receipt {
                id: 0,
                spending_id: s.id,
                file_name: f.file_name.clone(),
                sha256: f.sha256.clone(),
                size_bytes: f.size,
                stored_path: f.stored_path.clone(),
                added_at: crate::store::now_stamp(),
            };
            insert(tx, &r)?;
        }
        Ok(s)
    })
}

/// Where the stored copy of a receipt is, for opening it.
pub fn receipt_path(ledger: &Ledger, id: i64) -> Result<PathBuf> {
    let r = ledger
        .conn()
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "票据", key: id.to_string() })?;
    Ok(crate::meetings::attachments::files_dir(ledger)?.join(r.stored_path))
}
