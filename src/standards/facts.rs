//! What the rules read from the ledger for one year and a set of organisations, loaded with a few
//! whole-table queries in one pass (the large demo's 50 branches in one go).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection};

use super::marks::{self, Mark};
use super::period::Span;
use crate::dues::publication::Period as DuesPeriod;
use crate::error::Result;
use crate::meetings::hours::{study_year, MemberStudyHours, StudyEvidence, StudyHoursParams};
use crate::model::{ActivityType, AttendanceStatus, Grade, Member, MemberStatus, Organization, Role};
use crate::store::members::{MemberFilter, Presence};

/// One sitting.
#[derive(Debug, Clone)]
pub struct Sitting {
    pub id: i64,
    pub key: String,
    pub org_id: i64,
    pub group_id: Option<i64>,
    pub date: NaiveDate,
    pub types: Vec<ActivityType>,
    pub lecturer_id: Option<i64>,
    pub hours_tenths: Option<i64>,
    /// The 学时 the sitting credits to each member present (`meetings::hours::credited_tenths`).
    pub credited_tenths: u32,
}

#[derive(Debug, Clone)]
pub struct Training {
    pub id: i64,
    pub member_id: i64,
    pub hours_tenths: i64,
}

#[derive(Debug, Clone)]
pub struct Publication {
    pub id: i64,
    pub org_id: i64,
    pub period: Option<DuesPeriod>,
    pub subject: crate::dues::PublicationSubject,
    pub published_on: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub rule_ref: Option<String>,
    /// The day the document was recorded.
    pub recorded_on: Option<NaiveDate>,
}

/// Everything the rules read.
#[derive(Debug, Default)]
pub struct Facts {
    pub year: i32,
    /// In tree order (parents before children).
    pub orgs: Vec<Organization>,
    /// All members ever on the roll of the organisations, by org.
    pub members: HashMap<i64, Vec<Member>>,
    /// Everyone holding or having held a committee position in the organisations (they may belong
    /// to another branch, as a 党委's members do), by member id.
    pub position_holders: HashMap<i64, Member>,
    /// Sittings of the year, by org, in date order.
    pub sittings: HashMap<i64, Vec<Sitting>>,
    /// Sittings each member was present at: member → sitting ids.
    pub present: HashMap<i64, Vec<i64>>,
    pub sitting_by_id: HashMap<i64, (i64, usize)>,
    pub trainings: HashMap<i64, Vec<Training>>,
    pub grades: HashMap<i64, Grade>,
    pub publications: HashMap<i64, Vec<Publication>>,
    pub documents: HashMap<i64, Vec<Document>>,
    /// Manual marks for (org, rule) of the profile and year.
    pub marks: HashMap<(i64, String), Mark>,
    /// Unpaid dues streak in months, by member id (when a rule needs it).
    pub dues_streaks: HashMap<i64, u32>,
    /// Each member's year of 学时 (`meetings::hours::study_year`, when a rule needs it), by member id.
    pub study: HashMap<i64, MemberStudyHours>,
    /// The records behind each member's 学时.
    pub study_evidence: StudyEvidence,
    /// Committee roles each member held in any organisation of the ledger during the year.
    pub roles_held: HashMap<i64, Vec<Role>>,
    /// The first day of the ledger's start month (记账起始), when set.
    pub start: Option<NaiveDate>,
    /// Uses of money in the year, by org (when a funds rule needs them).
    pub spending: HashMap<i64, Vec<crate::funds::Spending>>,
    /// 走访慰问 in the year, by org (when a funds rule needs them).
    pub visits: HashMap<i64, Vec<crate::funds::CareVisit>>,
    /// The ledger's 大额支出 threshold (`funds::settings`).
    pub approval_threshold_fen: i64,
    /// Each organisation's payroll and 党组织工作经费 budget of the year (`funds::settings`).
    pub budgets: HashMap<i64, crate::funds::YearBudget>,
    /// Members marked 困难党员 on the roster: id → reason (`funds::hardship`).
    pub hardship: HashMap<i64, String>,
}

impl Facts {
    pub fn sitting(&self, id: i64) -> Option<&Sitting> {
        let (org, i) = self.sitting_by_id.get(&id)?;
        self.sittings.get(org)?.get(*i)
    }

    pub fn org_members(&self, org_id: i64) -> &[Member] {
        self.members.get(&org_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Members of the organisation and everything under it.
    pub fn subtree_members(&self, org_id: i64) -> Vec<&Member> {
        let mut ids = HashSet::from([org_id]);
        for o in &self.orgs {
            if o.fields.parent_id.is_some_and(|p| ids.contains(&p)) {
                ids.insert(o.id);
            }
        }
        self.orgs.iter().filter(|o| ids.contains(&o.id)).flat_map(|o| self.org_members(o.id)).collect()
    }
}

/// On the roll on `day`.
pub fn on_roll(m: &Member, day: NaiveDate) -> bool {
    crate::model::roll::on_roll(m.fields.joined_on, m.left.as_ref().map(|l| l.on), day)
}

/// A 正式党员 on `day`.
pub fn full_on(m: &Member, day: NaiveDate) -> bool {
    match m.fields.full_member_on {
        Some(d) => d <= day,
        None => m.fields.status == MemberStatus::Full,
    }
}

/// The holder of `role` in the organisation on `day`.
pub fn holder(org: &Organization, role: Role, day: NaiveDate) -> Option<i64> {
    org.positions.iter().find(|p| p.role == role && in_office(p.from, p.to, day)).map(|p| p.member_id)
}

pub use crate::model::roll::in_office;

/// Distinct committee members in office on `day`.
pub fn committee_on(org: &Organization, day: NaiveDate) -> Vec<i64> {
    let mut ids: Vec<i64> =
        org.positions.iter().filter(|p| in_office(p.from, p.to, day)).map(|p| p.member_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Roles a member held in the organisation at some time within `span`.
pub fn held_roles(org: &Organization, member_id: i64, span: &Span) -> Vec<Role> {
    org.positions
        .iter()
        .filter(|p| {
            p.member_id == member_id && crate::model::roll::in_office_between(p.from, p.to, span.first, span.last)
        })
        .map(|p| p.role)
        .collect()
}

/// Organisations of the subtree under `root` (itself first), or the whole ledger.
pub fn subtree_ids(conn: &Connection, root: Option<i64>) -> Result<Vec<i64>> {
    let ids = match root {
        Some(id) => conn
            .prepare(
                "WITH RECURSIVE t(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT x.id, t.depth + 1 FROM organizations x JOIN t ON x.parent_id = t.id)
                 SELECT id FROM t ORDER BY depth, id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?,
        None => conn
            .prepare(
                "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM organizations WHERE parent_id IS NULL UNION ALL SELECT x.id, t.depth + 1 FROM organizations x JOIN t ON x.parent_id = t.id)
                 SELECT id FROM t ORDER BY depth, id",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?,
    };
    Ok(ids)
}

/// What to load besides the always-needed records.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    pub dues_streaks: bool,
    /// The 学时 requirements when a rule reads 学时.
    pub study_hours: Option<StudyHoursParams>,
    /// A rule reads the money records (spending, 走访慰问).
    pub funds: bool,
}

/// Loads the year's facts of `org_ids` (tree order) for `profile_id`'s marks.
pub fn load(
    conn: &Connection,
    org_ids: &[i64],
    year: i32,
    profile_id: &str,
    today: NaiveDate,
    needs: Needs,
) -> Result<Facts> {
    let mut f = Facts {
        year,
        start: crate::store::meta::start_month(conn)?.map(crate::model::dates::Month::first_day),
        ..Facts::default()
    };
    for &id in org_ids {
        f.orgs.push(crate::store::orgs::get(conn, id)?);
    }
    let set: HashSet<i64> = org_ids.iter().copied().collect();
    for root in f.orgs.iter().filter(|o| o.fields.parent_id.is_none_or(|p| !set.contains(&p))) {
        let filter = MemberFilter { org_id: Some(root.id), presence: Presence::All, ..MemberFilter::default() };
        for m in crate::store::members::list(conn, &filter)? {
            if set.contains(&m.fields.org_id) {
                f.members.entry(m.fields.org_id).or_default().push(m);
            }
        }
    }
    for id in f.orgs.iter().flat_map(|o| o.positions.iter().map(|p| p.member_id)).collect::<HashSet<_>>() {
        f.position_holders.insert(id, crate::store::members::get(conn, id)?);
    }
    let in_list = org_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    load_sittings(conn, &mut f, &in_list, &first, &last)?;

    let mut stmt = conn.prepare(&format!(
        "SELECT t.id, t.member_id, t.hours_tenths FROM trainings t JOIN members m ON m.id = t.member_id
         WHERE m.org_id IN ({in_list}) AND t.date BETWEEN ?1 AND ?2 ORDER BY t.date, t.id"
    ))?;
    let rows = stmt.query_map([&first, &last], |r| {
        Ok(Training { id: r.get(0)?, member_id: r.get(1)?, hours_tenths: r.get(2)? })
    })?;
    for t in rows {
        let t = t?;
        f.trainings.entry(t.member_id).or_default().push(t);
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT e.member_id, e.grade FROM evaluations e JOIN members m ON m.id = e.member_id WHERE m.org_id IN ({in_list}) AND e.year = ?1"
    ))?;
    for row in stmt.query_map([year], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Grade>(1)?)))? {
        let (m, g) = row?;
        f.grades.insert(m, g);
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT id, org_id, period, subject, published_on FROM dues_publications WHERE org_id IN ({in_list}) AND period LIKE ?1 ORDER BY published_on, id"
    ))?;
    let rows = stmt.query_map([format!("{year:04}%")], |r| {
        Ok(Publication {
            id: r.get(0)?,
            org_id: r.get(1)?,
            period: DuesPeriod::parse(&r.get::<_, String>(2)?),
            subject: crate::dues::PublicationSubject::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
            published_on: r.get(4)?,
        })
    })?;
    for p in rows {
        let p = p?;
        f.publications.entry(p.org_id).or_default().push(p);
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT id, org_id, kind, rule_ref, created_at FROM documents WHERE org_id IN ({in_list}) AND year = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([year], |r| {
        let created: String = r.get(4)?;
        Ok(Document {
            id: r.get(0)?,
            org_id: r.get(1)?,
            kind: r.get(2)?,
            rule_ref: r.get(3)?,
            recorded_on: created.get(..10).and_then(crate::model::dates::parse_date),
        })
    })?;
    for d in rows {
        let d = d?;
        f.documents.entry(d.org_id).or_default().push(d);
    }

    for m in marks::for_year(conn, org_ids, year, profile_id)? {
        f.marks.insert((m.org_id, m.rule.clone()), m);
    }

    let (first_day, last_day) = crate::meetings::hours::year_span(year)?;
    f.roles_held = crate::store::roll::roles_held_between(conn, first_day, last_day)?;
    // 学时 and dues streaks are computed per member from whole-year passes over the ledger: for
    // several roots (a committee's branches) one pass over the whole ledger, not one per root.
    let roots: Vec<i64> =
        f.orgs.iter().filter(|o| o.fields.parent_id.is_none_or(|p| !set.contains(&p))).map(|o| o.id).collect();
    let scopes: Vec<Option<i64>> = match roots.as_slice() {
        [one] => vec![Some(*one)],
        [] => Vec::new(),
        _ => vec![None],
    };
    if let Some(params) = needs.study_hours {
        for &scope in &scopes {
            let (report, evidence) = study_year(conn, scope, year, params, today)?;
            f.study.extend(report.members.into_iter().map(|m| (m.member_id, m)));
            f.study_evidence.extend(evidence);
        }
    }
    if needs.funds {
        let (first_day, last_day) = crate::meetings::hours::year_span(year)?;
        for s in crate::funds::store::spendings(conn, org_ids, first_day, last_day)? {
            f.spending.entry(s.org_id).or_default().push(s);
        }
        for v in crate::funds::store::visits(conn, org_ids, first_day, last_day)? {
            f.visits.entry(v.org_id).or_default().push(v);
        }
        f.approval_threshold_fen = crate::funds::settings::read(conn)?.approval_threshold_fen;
        for &id in org_ids {
            f.budgets.insert(id, crate::funds::year_budget(conn, id, year)?);
        }
        f.hardship = crate::funds::hardship::hardship_reasons(conn)?;
    }
    if needs.dues_streaks {
        for &scope in &scopes {
            let report = crate::dues::ledger::assemble(conn, year, scope, today)?;
            for line in report.members {
                f.dues_streaks.insert(line.member_id, line.unpaid_streak_months);
            }
        }
    }
    Ok(f)
}

fn load_sittings(conn: &Connection, f: &mut Facts, in_list: &str, first: &str, last: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.key, a.org_id, a.group_id, a.date, a.lecturer_id, a.hours_tenths,
                (SELECT group_concat(type, ',') FROM activity_types t WHERE t.activity_id = a.id),
                a.start_time, a.end_time
         FROM activities a WHERE a.deleted_at IS NULL AND a.org_id IN ({in_list}) AND a.date BETWEEN ?1 AND ?2
         ORDER BY a.date, a.id"
    ))?;
    let rows = stmt.query_map([first, last], |r| {
        let types: Vec<ActivityType> =
            r.get::<_, Option<String>>(7)?.unwrap_or_default().split(',').filter_map(ActivityType::from_code).collect();
        let hours_tenths: Option<i64> = r.get(6)?;
        let (start, end): (Option<String>, Option<String>) = (r.get(8)?, r.get(9)?);
        let credited_tenths =
            crate::meetings::hours::credited_tenths(&types, hours_tenths, start.as_deref(), end.as_deref());
        Ok(Sitting {
            id: r.get(0)?,
            key: r.get(1)?,
            org_id: r.get(2)?,
            group_id: r.get(3)?,
            date: r.get(4)?,
            lecturer_id: r.get(5)?,
            hours_tenths,
            credited_tenths,
            types,
        })
    })?;
    let mut ids = Vec::new();
    for s in rows {
        let s = s?;
        ids.push(s.id);
        let list = f.sittings.entry(s.org_id).or_default();
        f.sitting_by_id.insert(s.id, (s.org_id, list.len()));
        list.push(s);
    }
    if ids.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT t.activity_id, t.member_id, t.status FROM attendance t JOIN activities a ON a.id = t.activity_id
         WHERE a.deleted_at IS NULL AND a.org_id IN ({in_list}) AND a.date BETWEEN ?1 AND ?2"
    ))?;
    let rows = stmt.query_map(params_from_iter([first, last]), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, AttendanceStatus>(2)?))
    })?;
    for row in rows {
        let (a, m, status) = row?;
        if status == AttendanceStatus::Present {
            f.present.entry(m).or_default().push(a);
        }
    }
    Ok(())
}
