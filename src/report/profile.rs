//! 下发标准 (issue 15): the committee's standard profile (a copy with its own numbers) written as one
//! file a branch imports, so the branch checks itself against the rules the committee scores with.
//!
//! `{ "format": "zhibu-profile", "version": 1, "from": "<the committee>", "ledger_id": "…",
//!    "exported_at": "<RFC 3339>", "profile": { …the profile, as `assets/profiles` and the editor… } }`

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::{self, FileKind};
use crate::standards::{receive_profile, Profile, ProfileReceived};
use crate::store::{meta, Ledger};

pub const PROFILE_FORMAT: &str = "zhibu-profile";
pub const PROFILE_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    format: String,
    version: u32,
    /// The organisation that sent it down.
    from: String,
    ledger_id: String,
    exported_at: DateTime<FixedOffset>,
    profile: serde_json::Value,
}

/// What a profile file held and what receiving it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileReceipt {
    pub id: String,
    pub title: String,
    /// The organisation that sent it down.
    pub from: String,
    pub received: ProfileReceived,
}

/// Writes profile `id` of the ledger, sent down by `from`, to `out`.
pub fn write_profile_file(
    ledger: &Ledger,
    id: &str,
    from: &str,
    now: DateTime<FixedOffset>,
    out: &Path,
) -> Result<Profile> {
    let profile = crate::standards::load_profile(ledger.conn(), id)?;
    let file = ProfileFile {
        format: PROFILE_FORMAT.into(),
        version: PROFILE_VERSION,
        from: from.to_string(),
        ledger_id: meta::ledger_id(ledger.conn())?,
        exported_at: now,
        profile: serde_json::to_value(&profile).map_err(|e| Error::Internal(e.to_string()))?,
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| Error::Internal(e.to_string()))?;
    crate::store::ensure_parent(out)?;
    std::fs::write(out, text).map_err(|e| Error::io(out, e))?;
    Ok(profile)
}

/// Reads a profile file (through the input guards) and stores its profile in the ledger
/// (`standards::receive_profile`: added, updated or unchanged). A bad file changes nothing.
pub fn read_profile_file(ledger: &Ledger, path: &Path) -> Result<ProfileReceipt> {
    let name = input::display_name(path);
    let named = |what: String| Error::UnreadableFile(format!("“{name}”{what}"));
    let bytes = input::read_all(path, FileKind::Package)?;
    let text = String::from_utf8(bytes).map_err(|_| named("不是 UTF-8 文本，不是标准方案文件".to_string()))?;
    let file: ProfileFile = input::contain(&name, || {
        serde_json::from_str::<ProfileFile>(&text).map_err(|e| {
            if e.is_eof() {
                named("内容不完整（文件意外结束），请让上级重新下发".to_string())
            } else {
                named(format!("不是本程序能读的标准方案文件：第 {} 行第 {} 列内容有误", e.line(), e.column()))
            }
        })
    })?;
    if file.format != PROFILE_FORMAT {
        return Err(named(format!("不是标准方案文件：format 应为“{PROFILE_FORMAT}”，现为“{}”", file.format)));
    }
    if file.version > PROFILE_VERSION || file.version == 0 {
        return Err(Error::NewerVersion(format!(
            "“{name}”由更新版本的 zhibu 下发（标准方案文件版本 {}），请先升级 zhibu 再导入",
            file.version
        )));
    }
    let json = serde_json::to_string(&file.profile).map_err(|e| Error::Internal(e.to_string()))?;
    let (profile, received) = receive_profile(ledger, &json)?;
    Ok(ProfileReceipt { id: profile.id, title: profile.title, from: file.from, received })
}
