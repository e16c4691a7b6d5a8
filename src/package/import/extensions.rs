//! Importing the extension fields and records (`docs/data-package-extensions.md`).
//!
//! - A scalar extension field that is omitted (or `null`) keeps what the ledger holds: packages written
//!   before the extension never blank a local 籍贯 or 民族.
//! - Extension child lists (status events, development documents and overrides, dues publications) are
//!   merged: a row is added when the ledger does not hold it yet (counting duplicates), and nothing is
//!   ever deleted.
//! - Dues rules versions are replaced by `from_year`.
//!
//! The meetings extensions (activity talk trigger, observers, celebrants, attachments) are written by
//! `activities.rs`, meeting templates by `templates.rs`.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::{day, opt_day, Counted, Outcome, Writer};
use crate::dues::brackets::DuesRules;
use crate::dues::publication::Period;
use crate::error::{Error, Result};
use crate::package::format::{AttachmentRecord, DevelopmentRecord, MemberRecord, Package};
use crate::package::keys::Kind;
use crate::package::validate::member_fields;

/// The rows of `wanted` that `stored` lacks, in `wanted` order, duplicates counted.
fn missing<T: Eq + Hash + Clone>(stored: &[T], wanted: &[T]) -> Vec<T> {
    let mut have: HashMap<&T, usize> = HashMap::new();
    for x in stored {
        *have.entry(x).or_default() += 1;
    }
    let mut out = Vec::new();
    for x in wanted {
        match have.get_mut(x) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(x.clone()),
        }
    }
    out
}

/// Adds to the use of money `spending_id` the receipts of `files` it does not hold yet (by name,
/// SHA-256 and size, duplicates counted), stored where `meetings::attachments` would put the files
/// (which are not in the package); true when any was added. Nothing is removed.
fn add_receipts(w: &Writer, spending_id: i64, files: &[AttachmentRecord], now: &str) -> Result<bool> {
    use crate::funds::receipts::{insert, receipts_of, Receipt};
    let stored: Vec<(String, String, i64)> =
        receipts_of(w.conn, spending_id)?.into_iter().map(|r| (r.file_name, r.sha256, r.size_bytes)).collect();
    let wanted: Vec<(String, String, i64)> =
        files.iter().map(|f| (f.file_name.clone(), f.sha256.clone(), f.size_bytes)).collect();
    let add = missing(&stored, &wanted);
    for (file_name, sha256, size_bytes) in &add {
        let stored_path = crate::meetings::attachments::stored_path_for(file_name, sha256);
        let r = Receipt {
            id: 0,
            spending_id,
            file_name: file_name.clone(),
            sha256: sha256.clone(),
            size_bytes: *size_bytes,
            stored_path,
            added_at: now.to_string(),
        };
        insert(w.conn, &r)?;
    }
    Ok(!add.is_empty())
}

/// Trimmed text, `None` when blank.
fn text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// The package value when given, else the stored one.
fn or_stored<T: Clone>(given: Option<T>, stored: &Option<T>) -> Option<T> {
    given.or_else(|| stored.clone())
}

fn touch(w: &Writer, table: &str, id: i64) -> Result<()> {
    w.conn.prepare_cached(&format!("UPDATE {table} SET updated_at = ?2 WHERE id = ?1"))?.execute(params![id, w.now])?;
    Ok(())
}

/// Groups `(parent, row)` pairs of existing parents by parent.
fn by_parent<T>(rows: Vec<(i64, T)>, existing: &HashSet<i64>) -> HashMap<i64, Vec<T>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for (parent, row) in rows.into_iter().filter(|(p, _)| existing.contains(p)) {
        out.entry(parent).or_default().push(row);
    }
    out
}

fn existing(w: &Writer, kind: Kind) -> HashSet<i64> {
    w.slots(kind).iter().filter(|s| s.new_key.is_none()).map(|s| s.id).collect()
}

// ---- members ----

/// 固定电话, 籍贯, 参加工作日期, 学位, 单位及职务, 备注.
type Locals = [Option<String>; 6];
/// (on, event, detail, letter_no)
type EventRow = (String, String, Option<String>, Option<String>);

/// What the ledger holds of the members' extension data, for the members that already exist.
#[derive(Default)]
pub(super) struct MemberExtras {
    locals: HashMap<i64, Locals>,
    events: HashMap<i64, Vec<EventRow>>,
}

impl MemberExtras {
    pub(super) fn load(w: &Writer) -> Result<MemberExtras> {
        let existing = existing(w, Kind::Member);
        if existing.is_empty() {
            return Ok(MemberExtras::default());
        }
        let mut stmt = w
            .conn
            .prepare("SELECT id, landline, native_place, work_started_on, degree, unit_title, remark FROM members")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))?;
        let locals = rows.collect::<rusqlite::Result<Vec<(i64, Locals)>>>()?;
        let mut stmt =
            w.conn.prepare("SELECT member_id, on_date, event, detail, letter_no FROM member_events ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))))?;
        let events = by_parent(rows.collect::<rusqlite::Result<_>>()?, &existing);
        Ok(MemberExtras { locals: locals.into_iter().filter(|(id, _)| existing.contains(id)).collect(), events })
    }

    /// Writes the local fields and status events of member `id`; true when a stored member changed.
    /// A member created by this import gets its events here (the caller writes none when the package
    /// carries them).
    pub(super) fn write(&mut self, w: &Writer, id: i64, m: &MemberRecord, new: bool) -> Result<bool> {
        let f = member_fields(m);
        let given: Locals = [f.landline, f.native_place, opt_day(f.work_started_on), f.degree, f.unit_title, f.remark];
        let stored = self.locals.remove(&id).unwrap_or_default();
        let next: Locals = std::array::from_fn(|i| or_stored(given[i].clone(), &stored[i]));
        let locals_changed = next != stored;
        if locals_changed {
            w.conn
                .prepare_cached(
                    "UPDATE members SET landline = ?2, native_place = ?3, work_started_on = ?4, degree = ?5,
                     unit_title = ?6, remark = ?7 WHERE id = ?1",
                )?
                .execute(params![id, next[0], next[1], next[2], next[3], next[4], next[5]])?;
        }
        let wanted: Vec<EventRow> = m
            .events
            .iter()
            .map(|e| (day(e.on), e.event.code().to_string(), text(&e.detail), text(&e.letter_no)))
            .collect();
        let add = missing(&self.events.remove(&id).unwrap_or_default(), &wanted);
        for (on, event, detail, letter_no) in &add {
            w.conn
                .prepare_cached(
                    "INSERT INTO member_events(member_id, on_date, event, detail, letter_no, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, on, event, detail, letter_no, w.now])?;
        }
        let changed = !new && (locals_changed || !add.is_empty());
        if changed {
            touch(w, "members", id)?;
        }
        Ok(changed)
    }
}

/// 民族, 学历, 工作单位及职务, date the extension was decided.
type PersonExtras = [Option<String>; 4];
/// (kind, received on, period, number, note)
type DocumentRow = (String, String, Option<String>, Option<String>, Option<String>);
/// (step, check, rules, message, reason, recorded at)
type OverrideRow = (Option<i64>, String, String, String, String, String);

#[derive(Default)]
pub(super) struct DevelopmentExtras {
    people: HashMap<i64, PersonExtras>,
    documents: HashMap<i64, Vec<DocumentRow>>,
    overrides: HashMap<i64, Vec<OverrideRow>>,
}

impl DevelopmentExtras {
    pub(super) fn load(w: &Writer) -> Result<DevelopmentExtras> {
        let existing = existing(w, Kind::Development);
        if existing.is_empty() {
            return Ok(DevelopmentExtras::default());
        }
        let mut stmt = w
            .conn
            .prepare("SELECT id, ethnicity, education, unit_title, probation_extended_on FROM development_people")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])))?;
        let people = rows
            .collect::<rusqlite::Result<Vec<(i64, PersonExtras)>>>()?
            .into_iter()
            .filter(|(id, _)| existing.contains(id))
            .collect();
        let mut stmt = w.conn.prepare(
            "SELECT person_id, kind, received_on, period, number, note FROM development_documents ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))))?;
        let documents = by_parent(rows.collect::<rusqlite::Result<_>>()?, &existing);
        let mut stmt = w.conn.prepare(
            "SELECT person_id, step, \"check\", rules, message, reason, recorded_at FROM development_overrides
             ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))))?;
        let overrides = by_parent(rows.collect::<rusqlite::Result<_>>()?, &existing);
        Ok(DevelopmentExtras { people, documents, overrides })
    }

    /// Writes the 花名册 details, documents and overrides of person `id`; true when a stored person changed.
    pub(super) fn write(&mut self, w: &Writer, id: i64, d: &DevelopmentRecord, new: bool) -> Result<bool> {
        let given: PersonExtras =
            [text(&d.ethnicity), text(&d.education), text(&d.unit_title), opt_day(d.probation_extended_on)];
        let stored = self.people.remove(&id).unwrap_or_default();
        let next: PersonExtras = std::array::from_fn(|i| or_stored(given[i].clone(), &stored[i]));
        let person_changed = next != stored;
        if person_changed {
            w.conn
                .prepare_cached(
                    "UPDATE development_people SET ethnicity = ?2, education = ?3, unit_title = ?4,
                     probation_extended_on = ?5 WHERE id = ?1",
                )?
                .execute(params![id, next[0], next[1], next[2], next[3]])?;
        }
        let documents: Vec<DocumentRow> = d
            .documents
            .iter()
            .map(|x| {
                let period = text(&x.period).map(|p| Period::parse(&p).map_or(p, Period::code));
                (x.kind.code().to_string(), day(x.received_on), period, text(&x.number), text(&x.note))
            })
            .collect();
        let add_documents = missing(&self.documents.remove(&id).unwrap_or_default(), &documents);
        for (kind, received_on, period, number, note) in &add_documents {
            w.conn
                .prepare_cached(
                    "INSERT INTO development_documents(person_id, kind, received_on, period, number, note, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![id, kind, received_on, period, number, note, w.now])?;
        }
        let overrides: Vec<OverrideRow> = d
            .overrides
            .iter()
            .map(|o| {
                (
                    o.step.map(i64::from),
                    o.check.clone(),
                    o.rules.clone(),
                    o.message.clone(),
                    o.reason.trim().to_string(),
                    o.recorded_at.clone(),
                )
            })
            .collect();
        let add_overrides = missing(&self.overrides.remove(&id).unwrap_or_default(), &overrides);
        for (step, check, rules, message, reason, recorded_at) in &add_overrides {
            w.conn
                .prepare_cached(
                    "INSERT INTO development_overrides(person_id, step, \"check\", rules, message, reason, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![id, step, check, rules, message, reason, recorded_at])?;
        }
        let changed = !new && (person_changed || !add_documents.is_empty() || !add_overrides.is_empty());
        if changed {
            touch(w, "development_people", id)?;
        }
        Ok(changed)
    }
}

// ---- top level ----

/// Dues rules versions and dues publications.
pub(super) fn write_top(w: &mut Writer, pkg: &Package) -> Result<()> {
    // 记账起始: taken when the ledger has none (a ledger moved by a full package), otherwise the
    // ledger keeps its own: a committee's ledger receiving a branch keeps judging as it did.
    if let Some(start) = pkg.start_month.as_deref().and_then(crate::model::dates::Month::parse) {
        if crate::store::meta::start_month(w.conn)?.is_none() {
            crate::store::meta::set_start_month(w.conn, Some(start))?;
        }
    }
    dues_rules(w, pkg)?;
    dues_publications(w, pkg)?;
    funds_settings(w, pkg)?;
    budget_lines(w, pkg)?;
    money(w, pkg)?;
    income(w, pkg)?;
    hardship(w, pkg)?;
    plan_items(w, pkg)
}

/// The 年度计划 (issue 16): one plan per organisation and year. A plan the package holds replaces the
/// ledger's plan of that organisation and year when they differ (the package is the later word, as
/// a branch's 报送 is); an equal plan is unchanged; plans the package does not hold are kept.
fn plan_items(w: &mut Writer, pkg: &Package) -> Result<()> {
    use crate::plan::store::{load_items, unit_of, write_items};
    use crate::plan::{PlanItem, PlanKind};
    // (organisation id, year) → the items with their 党小组 id, in package order.
    type Rows = Vec<(PlanItem, Option<i64>)>;
    let mut plans: Vec<((i64, i32), Rows)> = Vec::new();
    for r in &pkg.plan_items {
        let org_id = w.id(Kind::Organization, &r.org)?;
        let group_id = w.opt_id(Kind::Group, r.group.as_ref())?;
        let item = PlanItem {
            kind: PlanKind::from_code(&r.kind).unwrap_or(PlanKind::Meeting),
            types: r.types.iter().filter_map(|t| crate::model::ActivityType::from_code(t)).collect(),
            group: None,
            group_name: None,
            unit: unit_of(&r.unit),
            planned_on: r.planned_on,
            topic: r.topic.trim().to_string(),
            note: r.note.trim().to_string(),
            rule: text(&r.rule),
            subject: text(&r.subject),
        };
        match plans.iter_mut().find(|(k, _)| *k == (org_id, r.year)) {
            Some((_, rows)) => rows.push((item, group_id)),
            None => plans.push(((org_id, r.year), vec![(item, group_id)])),
        }
    }
    for ((org_id, year), rows) in plans {
        let groups: Vec<(String, i64)> =
            crate::store::orgs::groups(w.conn, org_id)?.into_iter().map(|g| (g.key, g.id)).collect();
        let stored: Vec<(PlanItem, Option<i64>)> = load_items(w.conn, org_id, year)?
            .into_iter()
            .map(|mut i| {
                let g = i.group.take().and_then(|k| groups.iter().find(|(g, _)| *g == k)).map(|(_, id)| *id);
                i.group_name = None;
                (i, g)
            })
            .collect();
        let outcome = if stored == rows {
            Outcome::Unchanged
        } else {
            write_items(w.conn, org_id, year, &rows)?;
            if stored.is_empty() {
                Outcome::Created
            } else {
                Outcome::Updated
            }
        };
        for _ in &rows {
            w.report.count(Counted::PlanItem, outcome);
        }
    }
    Ok(())
}

/// 党费上缴, uses of money and 走访慰问 (issue 18): merged like the publications — a record is added
/// when the ledger does not hold an equal one yet; nothing is deleted.
fn money(w: &mut Writer, pkg: &Package) -> Result<()> {
    use crate::funds::store as funds;
    if pkg.dues_remittances.is_empty() && pkg.fund_spending.is_empty() && pkg.care_visits.is_empty() {
        return Ok(());
    }
    let all = funds::scope_ids(w.conn, None)?;
    let (first, last) = crate::funds::store::ALL_DAYS;
    let now = crate::store::now_stamp();

    type RemitKey = (i64, String, String, NaiveDate, i64, Option<String>, Option<String>, Option<String>);
    let stored: Vec<RemitKey> = funds::remittances(w.conn, &all, "0000-01", "9999-12")?
        .into_iter()
        .map(|r| (r.org_id, r.from_month, r.to_month, r.remitted_on, r.amount_fen, r.receipt_no, r.handed_by, r.note))
        .collect();
    let wanted: Vec<RemitKey> = pkg
        .dues_remittances
        .iter()
        .map(|r| {
            let month = |m: &str| crate::model::dates::Month::parse(m).map_or_else(|| m.to_string(), |m| m.to_string());
            Ok((
                w.id(Kind::Organization, &r.org)?,
                month(&r.from_month),
                month(&r.to_month),
                r.remitted_on,
                r.amount_fen,
                text(&r.receipt_no),
                text(&r.handed_by),
                text(&r.note),
            ))
        })
        .collect::<Result<_>>()?;
    let add = missing(&stored, &wanted);
    for (org_id, from_month, to_month, remitted_on, amount_fen, receipt_no, handed_by, note) in add.iter().cloned() {
        let row = funds::RemittanceRow {
            id: 0,
            org_id,
            remitted_on,
            from_month,
            to_month,
            amount_fen,
            receipt_no,
            handed_by,
            note,
            created_at: now.clone(),
        };
        funds::insert_remittance(w.conn, &row)?;
        w.report.count(Counted::Remittance, Outcome::Created);
    }
    for _ in add.len()..wanted.len() {
        w.report.count(Counted::Remittance, Outcome::Unchanged);
    }

    type SpendKey = (i64, NaiveDate, i64, String, String, Option<String>, Option<i64>, Option<String>);
    let spend_key = |s: crate::funds::Spending| -> SpendKey {
        let (source, purpose) = (s.source.code().to_string(), s.purpose.code().to_string());
        (s.org_id, s.spent_on, s.amount_fen, source, purpose, s.payee, s.approved_by, s.note)
    };
    let stored: Vec<SpendKey> = funds::spendings(w.conn, &all, first, last)?.into_iter().map(spend_key).collect();
    // The budget line and receipt of each wanted use (not part of what makes two uses the same).
    // (budget line, receipt number)
    type SpendExtra = (Option<i64>, Option<String>);
    let mut extra: HashMap<SpendKey, Vec<SpendExtra>> = HashMap::new();
    let wanted: Vec<SpendKey> = pkg
        .fund_spending
        .iter()
        .map(|s| {
            Ok((
                w.id(Kind::Organization, &s.org)?,
                s.spent_on,
                s.amount_fen,
                s.source.trim().to_string(),
                s.purpose.trim().to_string(),
                text(&s.payee),
                w.opt_id(Kind::Activity, s.approved_by.as_ref())?,
                text(&s.note),
            ))
        })
        .collect::<Result<_>>()?;
    for (key, s) in wanted.iter().zip(&pkg.fund_spending) {
        let line = match text(&s.budget_item) {
            Some(item) => funds::budget_line_by_item(w.conn, key.0, s.spent_on.year(), &item)?.map(|l| l.id),
            None => None,
        };
        extra.entry(key.clone()).or_default().push((line, text(&s.receipt_no)));
    }
    for v in extra.values_mut() {
        v.reverse();
    }
    let add = missing(&stored, &wanted);
    let mut created = HashSet::new();
    for key in add.iter().cloned() {
        let (budget_line_id, receipt_no) = extra.get_mut(&key).and_then(Vec::pop).unwrap_or((None, None));
        let (org_id, spent_on, amount_fen, source, purpose, payee, approved_by, note) = key;
        let row = funds::SpendingRow {
            id: 0,
            org_id,
            spent_on,
            amount_fen,
            source,
            purpose,
            payee,
            approved_by,
            note,
            created_at: now.clone(),
            budget_line_id,
            receipt_no,
            receipts: Vec::new(),
        };
        created.insert(funds::insert_spending(w.conn, &row)?);
    }
    // Each use of the package is the next stored one with its key (in id order), then gets the
    // receipts it lacks.
    let mut ids: HashMap<SpendKey, std::collections::VecDeque<i64>> = HashMap::new();
    let mut now_stored = funds::spendings(w.conn, &all, first, last)?;
    now_stored.sort_by_key(|s| s.id);
    for s in now_stored {
        let id = s.id;
        ids.entry(spend_key(s)).or_default().push_back(id);
    }
    for (key, s) in wanted.iter().zip(&pkg.fund_spending) {
        let id = ids
            .get_mut(key)
            .and_then(|q| q.pop_front())
            .ok_or_else(|| Error::Internal(format!("导入后未找到支出记录（{}，{} 分）", s.spent_on, s.amount_fen)))?;
        let added = add_receipts(w, id, &s.receipts, &now)?;
        let outcome = if created.contains(&id) { Outcome::Created } else { Outcome::Unchanged.with_extras(added) };
        w.report.count(Counted::Spending, outcome);
    }

    type VisitKey = (i64, NaiveDate, String, String, Option<String>, Option<i64>, Option<String>);
    let stored: Vec<VisitKey> = funds::visits(w.conn, &all, first, last)?
        .into_iter()
        .map(|v| {
            (v.member_id, v.visited_on, v.occasion.code().to_string(), v.visitors, v.given, v.amount_fen, v.follow_up)
        })
        .collect();
    let wanted: Vec<VisitKey> = pkg
        .care_visits
        .iter()
        .map(|v| {
            Ok((
                w.id(Kind::Member, &v.member)?,
                v.visited_on,
                v.occasion.trim().to_string(),
                v.visitors.trim().to_string(),
                text(&v.given),
                v.amount_fen,
                text(&v.follow_up),
            ))
        })
        .collect::<Result<_>>()?;
    let linked: HashSet<VisitKey> =
        wanted.iter().zip(&pkg.care_visits).filter(|(_, v)| v.with_spending).map(|(k, _)| k.clone()).collect();
    let add = missing(&stored, &wanted);
    for (member_id, visited_on, occasion, visitors, given, amount_fen, follow_up) in add.iter().cloned() {
        let org_id = crate::store::members::get(w.conn, member_id)?.fields.org_id;
        let key =
            (member_id, visited_on, occasion.clone(), visitors.clone(), given.clone(), amount_fen, follow_up.clone());
        // The use of money the visit's 慰问金 was recorded as: same organisation, day and amount,
        // purpose care_visit, not yet linked to a visit.
        let spending_id = match (linked.contains(&key), amount_fen) {
            (true, Some(fen)) => funds::unlinked_care_spending(w.conn, org_id, visited_on, fen)?,
            _ => None,
        };
        let row = funds::VisitRow {
            id: 0,
            org_id,
            member_id,
            visited_on,
            occasion,
            visitors,
            given,
            amount_fen,
            spending_id,
            follow_up,
            created_at: now.clone(),
        };
        funds::insert_visit(w.conn, &row)?;
        w.report.count(Counted::CareVisit, Outcome::Created);
    }
    for _ in add.len()..wanted.len() {
        w.report.count(Counted::CareVisit, Outcome::Unchanged);
    }
    Ok(())
}

fn dues_rules(w: &mut Writer, pkg: &Package) -> Result<()> {
    for r in &pkg.dues_rules {
        let rules: DuesRules = serde_json::from_value(serde_json::Value::Object(r.rules.clone()))
            .map_err(|e| Error::Internal(format!("党费规则已校验却无法读取：{e}")))?;
        let json = serde_json::to_string(&rules).map_err(|e| Error::Internal(e.to_string()))?;
        let before: Option<String> = w
            .conn
            .prepare_cached("SELECT rules_json FROM dues_rules WHERE from_year = ?1")?
            .query_row([r.from_year], |row| row.get(0))
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        // Compare as rules, not text: a ledger may hold the same rules written differently.
        let same = before.as_deref().and_then(|b| serde_json::from_str::<DuesRules>(b).ok()).as_ref() == Some(&rules);
        let outcome = match (&before, same) {
            (_, true) => Outcome::Unchanged,
            (None, _) => {
                w.conn
                    .prepare_cached("INSERT INTO dues_rules(from_year, rules_json) VALUES (?1, ?2)")?
                    .execute(params![r.from_year, json])?;
                Outcome::Created
            }
            (Some(_), false) => {
                w.conn
                    .prepare_cached("UPDATE dues_rules SET rules_json = ?2 WHERE from_year = ?1")?
                    .execute(params![r.from_year, json])?;
                Outcome::Updated
            }
        };
        w.report.count(Counted::DuesRules, outcome);
    }
    Ok(())
}

/// (org, period, published on, how)
type PublicationRow = (i64, String, String, String, String);

fn dues_publications(w: &mut Writer, pkg: &Package) -> Result<()> {
    if pkg.dues_publications.is_empty() {
        return Ok(());
    }
    let mut stmt =
        w.conn.prepare("SELECT org_id, period, published_on, how, subject FROM dues_publications ORDER BY id")?;
    let stored = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<PublicationRow>>>()?;
    let wanted: Vec<PublicationRow> = pkg
        .dues_publications
        .iter()
        .map(|p| {
            let period = Period::parse(&p.period).map_or_else(|| p.period.clone(), Period::code);
            let subject = p
                .subject
                .as_deref()
                .and_then(crate::dues::PublicationSubject::parse)
                .unwrap_or_default()
                .code()
                .to_string();
            Ok((w.id(Kind::Organization, &p.org)?, period, day(p.published_on), p.how.trim().to_string(), subject))
        })
        .collect::<Result<_>>()?;
    let add = missing(&stored, &wanted);
    for (org, period, published_on, how, subject) in &add {
        w.conn
            .prepare_cached(
                "INSERT INTO dues_publications(org_id, period, published_on, how, subject) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![org, period, published_on, how, subject])?;
        w.report.count(Counted::DuesPublication, Outcome::Created);
    }
    for _ in add.len()..wanted.len() {
        w.report.count(Counted::DuesPublication, Outcome::Unchanged);
    }
    Ok(())
}

/// The funds settings of a package: taken by a ledger that has not set them (a committee's ledger
/// receiving a branch keeps its own); an organisation's opening balance and year figures likewise.
fn funds_settings(w: &mut Writer, pkg: &Package) -> Result<()> {
    let Some(f) = &pkg.funds_settings else { return Ok(()) };
    let stored = crate::funds::store::settings(w.conn)?;
    let set = |name: String, value: String| -> Result<()> {
        if !stored.contains_key(&name) {
            crate::store::meta::set_setting(w.conn, &name, &value)?;
        }
        Ok(())
    };
    // What the ledger already works with (its setting or the default) is not written again.
    let current = crate::funds::settings::read(w.conn)?;
    if f.approval_threshold_fen != current.approval_threshold_fen {
        set("funds.approval_threshold_fen".into(), f.approval_threshold_fen.to_string())?;
    }
    if f.retain_permille.min(1000) != current.retain_permille {
        set("funds.retain_permille".into(), f.retain_permille.min(1000).to_string())?;
    }
    for o in &f.opening_dues {
        set(format!("funds.opening_dues_fen.{}", w.id(Kind::Organization, &o.org)?), o.amount_fen.to_string())?;
    }
    for y in &f.years {
        let org = w.id(Kind::Organization, &y.org)?;
        if let Some(fen) = y.payroll_fen {
            set(format!("funds.payroll_fen.{org}.{}", y.year), fen.to_string())?;
        }
        if let Some(fen) = y.budget_fen {
            set(format!("funds.budget_fen.{org}.{}", y.year), fen.to_string())?;
        }
    }
    Ok(())
}

/// Budget lines: a line the ledger lacks is added; one with another amount takes the package's.
fn budget_lines(w: &mut Writer, pkg: &Package) -> Result<()> {
    use crate::funds::store as funds;
    for l in &pkg.fund_budget_lines {
        let org_id = w.id(Kind::Organization, &l.org)?;
        let item = l.item.trim().to_string();
        let row =
            funds::BudgetLineRow { id: 0, org_id, year: l.year, item, amount_fen: l.amount_fen, note: text(&l.note) };
        let outcome = match funds::budget_line_by_item(w.conn, org_id, l.year, &row.item)? {
            None => Outcome::Created,
            Some(have) if have.amount_fen == row.amount_fen && have.note == row.note => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            funds::upsert_budget_line(w.conn, &row)?;
        }
        w.report.count(Counted::BudgetLine, outcome);
    }
    Ok(())
}

/// Income of the work funds, merged like the remittances.
fn income(w: &mut Writer, pkg: &Package) -> Result<()> {
    use crate::funds::store as funds;
    if pkg.fund_income.is_empty() {
        return Ok(());
    }
    let all = funds::scope_ids(w.conn, None)?;
    let (first, last) = funds::ALL_DAYS;
    type IncomeKey = (i64, NaiveDate, i64, String, Option<String>);
    let stored: Vec<IncomeKey> = funds::incomes(w.conn, &all, first, last)?
        .into_iter()
        .map(|i| (i.org_id, i.received_on, i.amount_fen, i.kind, i.note))
        .collect();
    let wanted: Vec<IncomeKey> = pkg
        .fund_income
        .iter()
        .map(|i| {
            let kind =
                crate::funds::IncomeKind::parse(&i.kind).map_or_else(|| i.kind.clone(), |k| k.code().to_string());
            Ok((w.id(Kind::Organization, &i.org)?, i.received_on, i.amount_fen, kind, text(&i.note)))
        })
        .collect::<Result<_>>()?;
    let add = missing(&stored, &wanted);
    let now = crate::store::now_stamp();
    for (org_id, received_on, amount_fen, kind, note) in add.iter().cloned() {
        let row = funds::IncomeRow { id: 0, org_id, received_on, amount_fen, kind, note, created_at: now.clone() };
        funds::insert_income(w.conn, &row)?;
        w.report.count(Counted::Income, Outcome::Created);
    }
    for _ in add.len()..wanted.len() {
        w.report.count(Counted::Income, Outcome::Unchanged);
    }
    Ok(())
}

/// 困难党员 marks: the package's reason replaces another.
fn hardship(w: &mut Writer, pkg: &Package) -> Result<()> {
    if pkg.hardship.is_empty() {
        return Ok(());
    }
    let stored = crate::funds::store::hardship_marks(w.conn)?;
    for h in &pkg.hardship {
        let member = w.id(Kind::Member, &h.member)?;
        let reason = h.reason.trim();
        let outcome = match stored.get(&member) {
            None => Outcome::Created,
            Some((r, on)) if r == reason && *on == h.marked_on => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            crate::funds::store::set_hardship(w.conn, member, Some((reason, h.marked_on)))?;
        }
        w.report.count(Counted::Hardship, outcome);
    }
    Ok(())
}
