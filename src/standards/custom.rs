//! Profiles a user copied from a standard one and changed (numbers, items) without code. They are
//! stored in the ledger as validated JSON in the shape of `assets/profiles`; built-in ids are
//! read-only. Deleting a copy moves it to the recycle bin, from where it can be restored.

use rusqlite::{params, Connection, OptionalExtension};

use super::profile::{built_in, built_ins, Profile, ProfileSummary, BUILT_IN};
use crate::error::{Error, Result};
use crate::store::{audit, Ledger};

const BIN_ENTITY: &str = "standard_profile";

/// Built-in profiles first (in `cli.md` order), then the ledger's copies by id.
pub fn list_profiles(conn: &Connection) -> Result<Vec<ProfileSummary>> {
    let mut out: Vec<ProfileSummary> = built_ins().iter().map(|p| p.summary(true)).collect();
    for p in stored(conn)? {
        out.push(p.summary(false));
    }
    Ok(out)
}

/// A profile by id: built-in, or a copy stored in the ledger.
pub fn load_profile(conn: &Connection, id: &str) -> Result<Profile> {
    if let Some(p) = built_in(id) {
        return Ok(p);
    }
    let json: Option<String> =
        conn.query_row("SELECT profile_json FROM standard_profiles WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    match json {
        Some(text) => {
            Profile::from_json(&text).map_err(|e| Error::Internal(format!("台账中保存的标准方案“{id}”已损坏：{e}")))
        }
        None => Err(Error::NotFound { what: "标准方案", key: id.to_string() }),
    }
}

fn stored(conn: &Connection) -> Result<Vec<Profile>> {
    let mut stmt = conn.prepare("SELECT id, profile_json FROM standard_profiles ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, text) = row?;
        out.push(
            Profile::from_json(&text).map_err(|e| Error::Internal(format!("台账中保存的标准方案“{id}”已损坏：{e}")))?,
        );
    }
    Ok(out)
}

/// Copies profile `from` as a new profile `new_id` titled `title`, stored in the ledger.
pub fn copy_profile(ledger: &Ledger, from: &str, new_id: &str, title: &str) -> Result<Profile> {
    let mut p = load_profile(ledger.conn(), from)?;
    p.based_on = Some(p.based_on.clone().unwrap_or_else(|| from.to_string()));
    p.id = new_id.trim().to_string();
    p.title = title.trim().to_string();
    // A copy has a title of its own; the original's short title would name the original.
    p.short_title = None;
    let json = serde_json::to_string_pretty(&p).map_err(|e| Error::Internal(e.to_string()))?;
    save_new(ledger, &json)
}

fn save_new(ledger: &Ledger, json: &str) -> Result<Profile> {
    let p = Profile::from_json(json)?;
    ledger.write(|tx| insert_new(tx, &p))
}

fn insert_new(tx: &Connection, p: &Profile) -> Result<Profile> {
    if built_in(&p.id).is_some() || exists(tx, &p.id)? {
        return Err(Error::Conflict(format!("标准方案编号“{}”已被使用，请换一个编号", p.id)));
    }
    let now = crate::store::now_stamp();
    tx.execute(
        "INSERT INTO standard_profiles(id, based_on, profile_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![p.id, p.based_on.as_deref().unwrap_or(""), canonical(p)?, now],
    )?;
    audit::record(tx, "新建", BIN_ENTITY, None, &format!("新建标准方案“{}”（{}）", p.title, p.id), None)?;
    Ok(p.clone())
}

/// Replaces a stored copy with edited JSON (validated; problems located by JSON path). The id in
/// the JSON must be the copy's id; built-in profiles cannot be changed.
pub fn save_profile(ledger: &Ledger, id: &str, json: &str) -> Result<Profile> {
    if built_in(id).is_some() {
        return Err(Error::Conflict(format!("“{id}”是内置标准方案，不能修改；请先复制一份再改")));
    }
    let mut p = Profile::from_json(json)?;
    if p.id != id {
        return Err(Error::invalid("id", format!("方案编号应为“{id}”，不能在编辑时更改")));
    }
    ledger.write(|tx| {
        let based_on: String = tx
            .query_row("SELECT based_on FROM standard_profiles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { what: "标准方案", key: id.to_string() })?;
        p.based_on = Some(based_on);
        tx.execute(
            "UPDATE standard_profiles SET profile_json = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, canonical(&p)?, crate::store::now_stamp()],
        )?;
        audit::record(tx, "修改", BIN_ENTITY, None, &format!("修改标准方案“{}”（{}）", p.title, p.id), None)?;
        Ok(p.clone())
    })
}

/// Moves a stored copy to the recycle bin; returns the bin entry's id.
pub fn delete_profile(ledger: &Ledger, id: &str) -> Result<i64> {
    if BUILT_IN.iter().any(|(b, _)| *b == id) {
        return Err(Error::Conflict(format!("“{id}”是内置标准方案，不能删除")));
    }
    ledger.write(|tx| {
        let json: String = tx
            .query_row("SELECT profile_json FROM standard_profiles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { what: "标准方案", key: id.to_string() })?;
        let summary = format!("标准方案“{id}”");
        let bin = crate::store::bin::put_json(tx, BIN_ENTITY, 0, &summary, &json)?;
        tx.execute("DELETE FROM standard_profiles WHERE id = ?1", [id])?;
        audit::record(tx, "删除", BIN_ENTITY, None, &format!("删除{summary}，已移入回收站"), None)?;
        Ok(bin)
    })
}

/// Restores a deleted copy from the recycle bin (refused when its id was taken meanwhile).
pub fn restore_profile(ledger: &Ledger, bin_id: i64) -> Result<Profile> {
    ledger.write(|tx| {
        let json = crate::store::bin::take_json(tx, bin_id, BIN_ENTITY, "回收站中的标准方案")?;
        let p = Profile::from_json(&json)?;
        let p = insert_new(tx, &p)?;
        Ok(p)
    })
}

/// What receiving a profile sent down by the committee did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProfileReceived {
    /// A new profile in this ledger.
    Added,
    /// The ledger's copy with the same id replaced by the committee's newer text.
    Updated,
    /// The ledger already had exactly this profile (or it is a built-in one).
    Unchanged,
}

/// Stores a profile the committee sent down (validated like an edited copy): added, or replacing
/// the ledger's copy of the same id — the committee's profile is the committee's, a branch does not
/// keep its own edits of it. A built-in id changes nothing.
pub fn receive_profile(ledger: &Ledger, json: &str) -> Result<(Profile, ProfileReceived)> {
    let p = Profile::from_json(json)?;
    if let Some(b) = built_in(&p.id) {
        return Ok((b, ProfileReceived::Unchanged));
    }
    ledger.write(|tx| {
        let old: Option<String> = tx
            .query_row("SELECT profile_json FROM standard_profiles WHERE id = ?1", [&p.id], |r| r.get(0))
            .optional()?;
        let text = canonical(&p)?;
        match old {
            None => Ok((insert_new(tx, &p)?, ProfileReceived::Added)),
            Some(old) if old == text => Ok((p, ProfileReceived::Unchanged)),
            Some(_) => {
                tx.execute(
                    "UPDATE standard_profiles SET based_on = ?2, profile_json = ?3, updated_at = ?4 WHERE id = ?1",
                    params![p.id, p.based_on.as_deref().unwrap_or(""), text, crate::store::now_stamp()],
                )?;
                audit::record(
                    tx,
                    "修改",
                    BIN_ENTITY,
                    None,
                    &format!("按上级下发的文件更新标准方案“{}”（{}）", p.title, p.id),
                    None,
                )?;
                Ok((p, ProfileReceived::Updated))
            }
        }
    })
}

fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM standard_profiles WHERE id = ?1)", [id], |r| r.get(0))?)
}

fn canonical(p: &Profile) -> Result<String> {
    serde_json::to_string_pretty(p).map_err(|e| Error::Internal(e.to_string()))
}
