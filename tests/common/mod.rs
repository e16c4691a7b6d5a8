//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod golden;
pub mod ledger_fixture;

use zhibu_core::Ledger;

/// Every row of every table, as text: "the ledger is unchanged" means this is equal.
pub fn dump(ledger: &Ledger) -> String {
    let conn = ledger.conn();
    let tables: Vec<String> = conn
        // Ordinary tables only: FTS virtual tables and their shadow tables are derived indexes.
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap();
        for row in rows {
            out.push_str(&format!("{t}: {}\n", row.unwrap()));
        }
    }
    out
}
