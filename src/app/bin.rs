//! 回收站: every deleted record, whatever its kind, listed and restored in one place. The registry
//! below names, for each kind the domains put into the bin, the action that puts it back; a kind
//! without one cannot be deleted (a test keeps every `store::bin::put` caller registered).

use crate::error::{Error, Result};
use crate::store::bin;
pub use crate::store::bin::BinEntry;
use crate::store::Ledger;

type Restore = fn(&Ledger, i64) -> Result<()>;

/// Each kind of record the bin holds, its Chinese name, and how it is restored.
pub const RESTORERS: &[(&str, &str, Restore)] = &[
    ("activity", "组织生活记录", |l, id| crate::meetings::restore_activity(l, id).map(drop)),
    ("attachment", "附件", |l, id| crate::meetings::restore_attachment(l, id).map(drop)),
    ("meeting_template", "会议模板", |l, id| crate::meetings::restore_template(l, id).map(drop)),
    ("training", "培训记录", |l, id| crate::meetings::restore_training(l, id).map(drop)),
    ("evaluation", "民主评议结果", crate::meetings::restore_evaluation),
    ("dues_payment", "党费缴纳记录", crate::dues::restore_payment),
    ("standard_profile", "标准方案", |l, id| crate::standards::restore_profile(l, id).map(drop)),
    ("development_step", "发展党员步骤", |l, id| super::development::restore_step(l, id).map(drop)),
    ("dues_remittance", "党费上缴记录", |l, id| crate::funds::restore_remittance(l, id).map(drop)),
    ("fund_spending", "支出记录", |l, id| crate::funds::restore_spending(l, id).map(drop)),
    ("care_visit", "走访慰问记录", |l, id| crate::funds::restore_visit(l, id).map(drop)),
    ("fund_income", "经费收入记录", |l, id| crate::funds::restore_income(l, id).map(drop)),
    ("dues_publication", "公示记录", |l, id| crate::dues::restore_publication(l, id).map(drop)),
];

/// The recycle bin, newest first.
pub fn recycle_bin(ledger: &Ledger) -> Result<Vec<BinEntry>> {
    bin::entries(ledger.conn())
}

/// Restores any entry of the bin, whatever its kind.
pub fn restore_from_bin(ledger: &Ledger, bin_id: i64) -> Result<()> {
    let entity = bin::entity_of(ledger.conn(), bin_id)?;
    match RESTORERS.iter().find(|(kind, _, _)| *kind == entity) {
        Some((_, _, restore)) => restore(ledger, bin_id),
        None => Err(Error::Conflict(format!("回收站中的“{entity}”记录无法恢复"))),
    }
}
