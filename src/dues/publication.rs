//! The record that the branch published its dues collection to its members (date and how), which
//! the yearly profile counts: at least once a year (`national-rules.md` §3). A period is a year
//! (`2026`), a half year (`2026-H1`, `2026-H2`) or a quarter (`2026-Q1` … `2026-Q4`). What was
//! published is the 党费收缴使用情况 or the 经费使用情况 (涪陵: 定期公开经费使用情况).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a publication made known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PublicationSubject {
    /// 党费收缴使用情况
    #[default]
    Dues,
    /// 党建工作经费使用情况
    Funds,
}

impl PublicationSubject {
    pub fn code(self) -> &'static str {
        match self {
            PublicationSubject::Dues => "dues",
            PublicationSubject::Funds => "funds",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PublicationSubject::Dues => "党费收缴使用情况",
            PublicationSubject::Funds => "经费使用情况",
        }
    }

    pub fn parse(text: &str) -> Option<PublicationSubject> {
        let t = text.trim();
        [PublicationSubject::Dues, PublicationSubject::Funds].into_iter().find(|s| s.code() == t || s.label() == t)
    }
}

use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::store::{audit, Ledger};

/// Longest 公示方式 text accepted, in characters.
const HOW_MAX_CHARS: usize = 100;

/// One recorded publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuesPublication {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// `2026`, `2026-H1` or `2026-Q2`.
    pub period: String,
    /// `2026年`, `2026年上半年`, `2026年第二季度`.
    pub period_label: String,
    pub published_on: NaiveDate,
    /// 公示方式, e.g. 支部公示栏张贴.
    pub how: String,
    /// What was published.
    pub subject: PublicationSubject,
    /// `党费收缴使用情况` or `经费使用情况`.
    pub subject_label: String,
}

/// A publication period: its first and last month and its Chinese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: Month,
    pub last: Month,
}

impl Period {
    /// Parses `2026`, `2026-H1`/`H2`, `2026-Q1`…`Q4` (surrounding spaces and lower case accepted).
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim().to_ascii_uppercase();
        let (year, part) = match t.split_once('-') {
            Some((y, p)) => (y, Some(p)),
            None => (t.as_str(), None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok().filter(|y| (2008..=2100).contains(y))?;
        let (first, last) = match part {
            None => (1, 12),
            Some("H1") => (1, 6),
            Some("H2") => (7, 12),
            Some(q) if q.len() == 2 && q.starts_with('Q') => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
                (n * 3 - 2, n * 3)
            }
            _ => return None,
        };
        Some(Period { first: Month { year, month: first }, last: Month { year, month: last } })
    }

    /// The canonical code: `2026`, `2026-H1`, `2026-Q2`.
    pub fn code(self) -> String {
        let y = self.first.year;
        match (self.first.month, self.last.month) {
            (1, 12) => format!("{y}"),
            (1, 6) => format!("{y}-H1"),
            (7, 12) => format!("{y}-H2"),
            (m, _) => format!("{y}-Q{}", m.div_ceil(3)),
        }
    }

    /// `2026年`, `2026年上半年`, `2026年第二季度`.
    pub fn label(self) -> String {
        let y = self.first.year;
        match (self.first.month, self.last.month) {
            (1, 12) => format!("{y}年"),
            (1, 6) => format!("{y}年上半年"),
            (7, 12) => format!("{y}年下半年"),
            (m, _) => format!("{y}年第{}季度", ["一", "二", "三", "四"][(m.div_ceil(3) - 1) as usize]),
        }
    }
}

/// Records that `org_id` published its dues collection for `period` on `published_on`, and how.
pub fn record_publication(
    ledger: &Ledger,
    org_id: i64,
    period: &str,
    published_on: NaiveDate,
    how: &str,
) -> Result<DuesPublication> {
    record_publication_of(ledger, org_id, PublicationSubject::Dues, period, published_on, how)
}

/// Records that `org_id` published `subject` for `period` on `published_on`, and how.
pub fn record_publication_of(
    ledger: &Ledger,
    org_id: i64,
    subject: PublicationSubject,
    period: &str,
    published_on: NaiveDate,
    how: &str,
) -> Result<DuesPublication> {
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, org_id)?;
        let mut problems = Vec::new();
        let parsed = Period::parse(period);
        match parsed {
            None => problems.push(Problem::new(
                "period",
                format!(
                    "公示期间应为年度（2026）、半年（2026-H1、2026-H2）或季度（2026-Q1 至 2026-Q4），现为“{period}”"
                ),
            )),
            Some(p) if published_on < p.first.first_day() => problems.push(Problem::new(
                "published_on",
                format!("公示日期 {published_on} 早于所公示期间（{}）的开始", p.label()),
            )),
            Some(_) => {}
        }
        let how = how.trim();
        if how.is_empty() {
            problems.push(Problem::new("how", "公示方式不能为空（例如：支部公示栏张贴、党员微信群公布）"));
        } else if how.chars().count() > HOW_MAX_CHARS {
            problems.push(Problem::new("how", format!("公示方式过长：最多 {HOW_MAX_CHARS} 个字")));
        }
        let Some(p) = parsed.filter(|_| problems.is_empty()) else { return Err(Error::Invalid(problems)) };
        tx.execute(
            "INSERT INTO dues_publications(org_id, period, published_on, how, subject) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![org_id, p.code(), published_on, how, subject.code()],
        )?;
        let id = tx.last_insert_rowid();
        let what = match subject {
            PublicationSubject::Dues => "党费收缴情况",
            PublicationSubject::Funds => "经费使用情况",
        };
        let text = format!("{org}公示{}{what}（{published_on}，{how}）", p.label());
        audit::record(tx, "新增", "dues_publication", Some(id), &text, None)?;
        Ok(DuesPublication {
            id,
            org_id,
            period: p.code(),
            period_label: p.label(),
            published_on,
            how: how.to_string(),
            subject,
            subject_label: subject.label().to_string(),
        })
    })
}

/// A publication row as stored (also what the recycle bin keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PublicationRow {
    id: i64,
    org_id: i64,
    period: String,
    published_on: NaiveDate,
    how: String,
    subject: String,
}

const BIN_ENTITY: &str = "dues_publication";

fn publication_row(conn: &rusqlite::Connection, id: i64) -> Result<PublicationRow> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT id, org_id, period, published_on, how, subject FROM dues_publications WHERE id = ?1",
        [id],
        |r| {
            Ok(PublicationRow {
                id: r.get(0)?,
                org_id: r.get(1)?,
                period: r.get(2)?,
                published_on: r.get(3)?,
                how: r.get(4)?,
                subject: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "公示记录", key: id.to_string() })
}

/// `…2026年第三季度经费使用情况公示（2026年10月8日，公示栏）` of a stored row (the bin's and the audit's).
fn row_summary(conn: &rusqlite::Connection, row: &PublicationRow) -> Result<String> {
    let org = crate::store::orgs::name_of(conn, row.org_id)?;
    let period = Period::parse(&row.period).map_or_else(|| row.period.clone(), Period::label);
    let subject = PublicationSubject::parse(&row.subject).unwrap_or_default().label();
    let on = crate::model::dates::chinese_date(row.published_on);
    Ok(format!("{org}{period}{subject}公示（{on}，{}）", row.how))
}

/// Moves a publication recorded by mistake into the recycle bin; returns the bin entry. The rule
/// that asks for the publication counts it no more until it is restored.
pub fn delete_publication(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let row = publication_row(tx, id)?;
        let summary = row_summary(tx, &row)?;
        let bin_id = crate::store::bin::put(tx, BIN_ENTITY, id, &summary, &row)?;
        tx.execute("DELETE FROM dues_publications WHERE id = ?1", [id])?;
        audit::record(tx, "删除", BIN_ENTITY, Some(id), &summary, None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted publication back.
pub fn restore_publication(ledger: &Ledger, bin_id: i64) -> Result<DuesPublication> {
    let (org_id, id) = ledger.write(|tx| {
        let row: PublicationRow = crate::store::bin::take(tx, bin_id, BIN_ENTITY, "公示记录")?;
        let summary = row_summary(tx, &row)?;
        // Under its id unless a later publication took it.
        tx.execute(
            "INSERT INTO dues_publications(id, org_id, period, published_on, how, subject)
             VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM dues_publications WHERE id = ?1) THEN NULL ELSE ?1 END),
                     ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![row.id, row.org_id, row.period, row.published_on, row.how, row.subject],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(tx, "恢复", BIN_ENTITY, Some(id), &format!("恢复{summary}"), None)?;
        Ok((row.org_id, id))
    })?;
    publications(ledger, org_id)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound { what: "公示记录", key: id.to_string() })
}

/// The publications recorded for `org_id`, oldest first.
pub fn publications(ledger: &Ledger, org_id: i64) -> Result<Vec<DuesPublication>> {
    let conn = ledger.conn();
    crate::store::orgs::name_of(conn, org_id)?;
    let mut stmt = conn.prepare(
        "SELECT id, period, published_on, how, subject FROM dues_publications WHERE org_id = ?1 ORDER BY published_on, id",
    )?;
    let rows = stmt.query_map([org_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, period, published_on, how, subject) = row?;
        let period_label = Period::parse(&period).map_or_else(|| period.clone(), Period::label);
        let subject = PublicationSubject::parse(&subject).unwrap_or_default();
        out.push(DuesPublication {
            id,
            org_id,
            period,
            period_label,
            published_on,
            how,
            subject,
            subject_label: subject.label().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_name_themselves() {
        let table = [
            ("2026", "2026", "2026年"),
            ("2026-h1", "2026-H1", "2026年上半年"),
            (" 2026-H2 ", "2026-H2", "2026年下半年"),
            ("2026-Q2", "2026-Q2", "2026年第二季度"),
            ("2026-Q4", "2026-Q4", "2026年第四季度"),
        ];
        for (text, code, label) in table {
            let p = Period::parse(text).unwrap();
            assert_eq!((p.code().as_str(), p.label().as_str()), (code, label), "{text}");
        }
        for bad in ["", "26", "2026-Q5", "2026-H3", "2026-07", "2007", "2026-Q", "二〇二六"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2026-Q3").unwrap().first, Month { year: 2026, month: 7 });
    }
}
