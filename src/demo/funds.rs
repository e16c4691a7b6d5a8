//! The demo's money side, recorded through the funds actions after the package is imported: each
//! branch keeps 10% of its dues and remits the rest every quarter (within ten days of the quarter's
//! end), subscribes to the 党报党刊 each January, visits its oldest members at the Spring Festival
//! and 重阳节 with a 慰问金, and spends from the work funds on an activity decided by its 支委会 — plus
//! one larger spend without a decision, a breach `check` finds under the 涪陵 profile.

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::funds::records::{FundSource, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose};
use crate::funds::settings::FundsSettingsInput;
use crate::model::dates::Month;
use crate::model::{Category, OrgKind};
use crate::store::members::{MemberFilter, Presence};
use crate::store::Ledger;

/// Branches of the large demo given money records (the small demo's one branch always is).
const LARGE_BRANCHES: usize = 3;

pub(super) fn record(ledger: &Ledger, first_year: i32, today: NaiveDate) -> Result<()> {
    let input = FundsSettingsInput { retain_permille: Some(100), ..Default::default() };
    crate::funds::set_funds_settings(ledger, &input)?;
    let branches: Vec<_> = crate::store::orgs::list(ledger.conn())?
        .into_iter()
        .filter(|o| !matches!(o.fields.kind, OrgKind::Committee | OrgKind::GeneralBranch))
        .take(LARGE_BRANCHES)
        .collect();
    // The large demo records its last two years only: enough for the screens, quick to build.
    let first_year = first_year.max(today.year() - 1);
    for org in &branches {
        for year in first_year..=today.year() {
            branch_year(ledger, org.id, year, today)?;
        }
    }
    Ok(())
}

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).expect("valid day")
}

fn branch_year(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<()> {
    for q in 0..4u32 {
        let (from, to) = (Month { year, month: q * 3 + 1 }, Month { year, month: q * 3 + 3 });
        let on = to.next().first_day() + chrono::Days::new(7);
        if on > today {
            break;
        }
        let open = ledger.read(|conn| crate::funds::remit::unremitted(conn, org_id, from, to, today))?;
        let amount = open.available - open.available / 10;
        if amount <= 0 {
            continue;
        }
        let input = NewRemittance {
            org_id,
            remitted_on: on,
            from_month: from.to_string(),
            to_month: to.to_string(),
            amount_fen: amount,
            receipt_no: Some(format!("DF{year}{:02}{}", q + 1, org_id)),
            handed_by: Some("组织委员".to_string()),
            note: None,
        };
        crate::funds::record_remittance(ledger, &input, today)?;
    }
    let spend = |on: NaiveDate, fen: i64, source, purpose, payee: &str, approved_by: Option<i64>| -> Result<()> {
        if on > today {
            return Ok(());
        }
        let input = NewSpending {
            org_id,
            spent_on: on,
            amount_fen: fen,
            source,
            purpose: Some(purpose),
            payee: Some(payee.to_string()),
            approved_by,
            note: None,
        };
        // A use the retained dues cannot cover yet is left out (early in the first year).
        match crate::funds::record_spending(ledger, &input, today) {
            Err(crate::error::Error::Invalid(_)) => Ok(()),
            other => other.map(drop),
        }
    };
    spend(day(year, 4, 20), 36_000, FundSource::Dues, Purpose::Publications, "邮政局报刊发行部", None)?;
    let decided = ledger
        .read(|conn| crate::funds::store::decision_meetings(conn, org_id, day(year, 6, 20)))?
        .first()
        .map(|m| m.id);
    spend(day(year, 6, 25), 260_000, FundSource::Funds, Purpose::Activity, "红色教育基地", decided)?;
    spend(day(year, 11, 8), 150_000, FundSource::Funds, Purpose::Training, "市委党校", None)?;
    let elderly: Vec<_> = {
        let filter = MemberFilter { org_id: Some(org_id), presence: Presence::Current, ..Default::default() };
        let mut all = crate::store::members::list(ledger.conn(), &filter)?;
        all.sort_by_key(|m| m.fields.birth_date);
        all.into_iter().filter(|m| m.fields.category == Category::Retired).take(2).collect()
    };
    for (m, (occasion, on)) in
        elderly.iter().zip([(Occasion::SpringFestival, day(year, 1, 25)), (Occasion::DoubleNinth, day(year, 10, 11))])
    {
        if on > today || on < m.fields.joined_on {
            continue;
        }
        let input = NewCareVisit {
            member_id: m.id,
            visited_on: on,
            occasion,
            visitors: "支部书记、组织委员".to_string(),
            given: Some("米、油".to_string()),
            amount_fen: Some(30_000),
            source: FundSource::Funds,
            approved_by: None,
            follow_up: Some("身体状况良好，定期电话联系".to_string()),
        };
        crate::funds::record_visit(ledger, &input, today)?;
    }
    Ok(())
}
