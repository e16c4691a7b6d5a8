//! The 发展党员 checks as findings of `zhibu check` and the self-check: the standards engine asks this
//! provider for them and lists them with `kind: "development"`, the person's key as `subject` and the
//! check's code as `check` (`cli.md`).

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::development::{development_findings, CheckStatus};
use crate::error::Result;
use crate::standards::{Finding, FindingsProvider, Status};

/// Supplies the development findings of the organisations checked.
pub struct DevelopmentFindings;

impl FindingsProvider for DevelopmentFindings {
    fn findings(&self, conn: &Connection, org_ids: &[i64], year: i32, today: NaiveDate) -> Result<Vec<Finding>> {
        Ok(development_findings(conn, org_ids, Some(year), today)?
            .into_iter()
            .map(|f| {
                let status = match f.status {
                    CheckStatus::Met => Status::Met,
                    CheckStatus::Unmet => Status::Unmet,
                    CheckStatus::Pending => Status::Pending,
                };
                Finding {
                    rule: f.rule,
                    kind: f.kind,
                    org: f.org,
                    activity: None,
                    member: None,
                    measure: None,
                    subject: Some(f.subject),
                    check: Some(f.check.code().to_string()),
                    period: f.period.unwrap_or_else(|| year.to_string()),
                    required: 1.0,
                    actual: if status == Status::Met { 1.0 } else { 0.0 },
                    status,
                    message: f.message,
                    source: f.source,
                    evidence: f.evidence,
                    title: format!("发展党员：{}", f.check.label()),
                    warning: None,
                    due: f.due,
                }
            })
            .collect())
    }
}
