//! Embedded schema migrations, applied all-or-nothing in one transaction.
//!
//! `PRAGMA user_version` holds the number of applied migrations. A database with a higher number was
//! written by a newer zhibu and is refused untouched. Never edit a released migration; add a file to
//! `migrations/` and a line to `MIGRATIONS` (the test `schema_only_grows` checks nothing is dropped).

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/0001_ledger.sql")),
    M::up(include_str!("../../migrations/0002_meetings.sql")),
    M::up(include_str!("../../migrations/0003_development.sql")),
    M::up(include_str!("../../migrations/0004_profiles.sql")),
    M::up(concat!(
        include_str!("../../migrations/0005_meeting_votes.sql"),
        include_str!("../development/link_votes.sql")
    )),
    M::up(include_str!("../../migrations/0006_funds.sql")),
    M::up(include_str!("../../migrations/0007_branch_reports.sql")),
    M::up(include_str!("../../migrations/0008_plans.sql")),
    M::up(include_str!("../../migrations/0009_funds_budget.sql")),
    M::up(include_str!("../../migrations/0010_transfer_resolutions.sql")),
];

/// Number of migrations this build knows (the schema version it writes).
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Refuses a file that is not a SQLite database, a SQLite database that is not a zhibu ledger, and a
/// ledger written by a newer zhibu. Only reads.
pub fn refuse_foreign_or_newer(conn: &Connection, path: &Path) -> Result<()> {
    let version = user_version(conn).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::UnreadableFile(format!("{} 不是 zhibu 台账文件（无法作为数据库打开）", path.display()))
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            Error::Damaged(crate::error::damaged_message(Some(path)))
        }
        other => Error::from(other),
    })?;
    if version > latest_version() {
        return Err(Error::NewerVersion(format!(
            "台账文件 {} 由更新版本的 zhibu 创建（数据版本 {version}，本程序支持到 {}）。为保护数据，本程序不会打开或修改它，请升级 zhibu。",
            path.display(),
            latest_version()
        )));
    }
    if version == 0 {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(Error::UnreadableFile(format!(
                "{} 是一个数据库文件，但不是 zhibu 台账，不会修改它",
                path.display()
            )));
        }
    }
    Ok(())
}

/// An in-memory database with the first `version` migrations applied: what a ledger at that
/// version must hold (the one definition restore and the start-up check compare against).
pub fn schema_at(version: i64) -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    let v = usize::try_from(version).ok().filter(|v| (1..=MIGRATIONS.len()).contains(v));
    let v = v.ok_or_else(|| Error::Internal(format!("未知的数据版本 {version}")))?;
    Migrations::from_slice(MIGRATIONS).to_version(&mut conn, v)?;
    Ok(conn)
}

/// Applies every pending migration in one transaction.
pub fn apply(conn: &mut Connection) -> Result<()> {
    Migrations::from_slice(MIGRATIONS).to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// table → columns (name, type), index names, for one applied prefix of the chain.
    fn schema(conn: &Connection) -> BTreeMap<String, Vec<(String, String)>> {
        let mut out = BTreeMap::new();
        let mut stmt =
            conn.prepare("SELECT name, type FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
        let objects: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        for (name, kind) in objects {
            let cols = if kind == "table" {
                let mut c = conn.prepare(&format!("PRAGMA table_info(\"{name}\")")).unwrap();
                c.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect()
            } else {
                vec![]
            };
            out.insert(format!("{kind}:{name}"), cols);
        }
        out
    }

    #[test]
    fn every_migration_applies_to_a_real_file_and_schema_only_grows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let mut conn = Connection::open(&path).unwrap();
        let migrations = Migrations::from_slice(MIGRATIONS);
        migrations.validate().unwrap();
        let mut previous = schema(&conn);
        for v in 1..=MIGRATIONS.len() {
            migrations.to_version(&mut conn, v).unwrap();
            let now = schema(&conn);
            for (object, cols) in &previous {
                let after = now.get(object).unwrap_or_else(|| panic!("migration {v} dropped or renamed {object}"));
                for col in cols {
                    assert!(after.contains(col), "migration {v} dropped or changed column {col:?} of {object}");
                }
            }
            previous = now;
        }
        assert_eq!(user_version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 99;").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = crate::store::connection::open(&path, false).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NewerVersion);
        assert!(err.to_string().contains("更新版本"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_non_database_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "这不是数据库".repeat(200)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = crate::store::connection::open(&path, false).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnreadableFile, "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_foreign_sqlite_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = crate::store::connection::open(&path, false).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnreadableFile);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
