//! Full-text search over topics, minutes (内容) and decisions. Three characters or more go through the
//! SQLite FTS5 trigram index (kept in step by triggers, see migration 0002); one or two characters —
//! shorter than a trigram, and common in Chinese (“党费”, “学习”) — fall back to a LIKE scan.

use serde::{Deserialize, Serialize};

use super::list::{row_from, ActivityRow, ROW_SELECT};
use crate::error::{Error, Result};
use crate::store::{orgs, Ledger};

/// One activity found, with the text around the first match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub row: ActivityRow,
    /// `topic`, `content` or `decisions`.
    pub field: String,
    /// Up to 20 characters either side of the match.
    pub snippet: String,
}

/// Activities (not in the recycle bin) whose topic, minutes or decisions contain `query`, newest first.
pub fn search_activities(ledger: &Ledger, query: &str, org_id: Option<i64>, limit: u32) -> Result<Vec<SearchHit>> {
    let conn = ledger.conn();
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::invalid("query", "搜索：请输入要查找的文字"));
    }
    let mut sql = format!("{ROW_SELECT} WHERE a.deleted_at IS NULL");
    // The trigram index (3+ characters) narrows the rows; LIKE confirms each (the index keeps no
    // positions) and is the whole search for shorter queries.
    if q.chars().count() >= 3 {
        sql.push_str(" AND a.id IN (SELECT rowid FROM activity_search WHERE activity_search MATCH ?3)");
    }
    sql.push_str(
        " AND (a.topic LIKE ?1 ESCAPE '\\' OR a.content LIKE ?1 ESCAPE '\\' OR a.decisions LIKE ?1 ESCAPE '\\')",
    );
    if let Some(org) = org_id {
        orgs::name_of(conn, org)?;
        let ids: Vec<String> = orgs::subtree_ids(conn, org)?.iter().map(|i| i.to_string()).collect();
        sql.push_str(&format!(" AND a.org_id IN ({})", ids.join(",")));
    }
    sql.push_str(" ORDER BY a.date DESC, a.id DESC LIMIT ?2");
    let like = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let mut args: Vec<rusqlite::types::Value> = vec![like.into(), i64::from(limit).into()];
    if q.chars().count() >= 3 {
        args.push(trigram_query(q).into());
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows: Vec<ActivityRow> =
        stmt.query_map(rusqlite::params_from_iter(args), row_from)?.collect::<rusqlite::Result<_>>()?;
    let mut text = conn.prepare_cached("SELECT topic, content, decisions FROM activities WHERE id = ?1")?;
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let (topic, content, decisions): (String, Option<String>, Option<String>) =
            text.query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let found = [("topic", Some(topic)), ("content", content), ("decisions", decisions)]
            .into_iter()
            .find_map(|(field, t)| t.and_then(|t| snippet(&t, q).map(|s| (field, s))));
        let (field, snippet) = found.unwrap_or(("topic", row.topic.clone()));
        hits.push(SearchHit { row, field: field.to_string(), snippet });
    }
    Ok(hits)
}

/// Up to 20 characters either side of the first case-insensitive occurrence of `q` in `text`.
fn snippet(text: &str, q: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(&q.to_lowercase())?;
    let chars_before = lower[..at].chars().count();
    let chars: Vec<char> = text.chars().collect();
    let start = chars_before.saturating_sub(20);
    let end = (chars_before + q.chars().count() + 20).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    Some(s)
}

/// The index query for a text of 3+ characters: its trigrams joined by AND (an index without positions
/// takes no phrases). Windows every third character plus the last cover every character of the text.
fn trigram_query(q: &str) -> String {
    let chars: Vec<char> = q.chars().collect();
    let last = chars.len() - 3;
    let mut starts: Vec<usize> = (0..=last).step_by(3).collect();
    if starts.last() != Some(&last) {
        starts.push(last);
    }
    let terms: Vec<String> = starts
        .into_iter()
        .map(|i| format!("\"{}\"", chars[i..i + 3].iter().collect::<String>().replace('"', "\"\"")))
        .collect();
    terms.join(" AND ")
}

/// From this many activities on, an import rebuilds the search index once instead of row by row.
pub(crate) const BULK_ACTIVITIES: usize = 1000;

/// Stops the search-index triggers until `resume_index` (inside one transaction: a bulk import).
pub(crate) fn pause_index(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO ledger_meta(name, value) VALUES ('search_index_paused', '1')", [])?;
    Ok(())
}

/// Restarts the triggers; rebuilds the index from the activities when any changed while paused.
pub(crate) fn resume_index(conn: &rusqlite::Connection, changed: bool) -> Result<()> {
    if conn.execute("DELETE FROM ledger_meta WHERE name = 'search_index_paused'", [])? > 0 && changed {
        conn.execute("INSERT INTO activity_search(activity_search) VALUES ('rebuild')", [])?;
    }
    Ok(())
}
