//! Record keys: every table's rows carry a stable text key (`m-12`, `a-7`, `d-3`) that the data package,
//! the findings and the workbooks name them by. The one generator.

use rusqlite::{params, Connection};

use crate::error::Result;

/// Gives a newly inserted row the key `{prefix}-{id}`, or a suffixed one if an import already took it.
pub fn assign_key(conn: &Connection, table: &str, prefix: &str, id: i64) -> Result<String> {
    let mut key = format!("{prefix}-{id}");
    let mut n = 1;
    loop {
        let taken: bool =
            conn.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE key = ?1)"), [&key], |r| r.get(0))?;
        if !taken {
            break;
        }
        n += 1;
        key = format!("{prefix}-{id}-{n}");
    }
    conn.execute(&format!("UPDATE {table} SET key = ?1 WHERE id = ?2"), params![key, id])?;
    Ok(key)
}
