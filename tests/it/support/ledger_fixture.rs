//! A hand-built ledger for rule tests: rows inserted directly into the real schema (all migrations),
//! so each test states exactly the records a rule sees.

use chrono::NaiveDate;
use rusqlite::params;
use zhibu_core::Ledger;

use super::d;

pub struct Fixture {
    pub ledger: Ledger,
    next: i64,
}

const STAMP: &str = "2020-01-01T00:00:00Z";

impl Fixture {
    pub fn new() -> Fixture {
        Fixture { ledger: Ledger::in_memory().unwrap(), next: 0 }
    }

    fn key(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{}", self.next)
    }

    /// An organisation; returns its id.
    pub fn org(&mut self, kind: &str, sector: &str, parent: Option<i64>, term: Option<(&str, u32)>) -> i64 {
        let key = self.key("o");
        self.ledger
            .conn()
            .execute(
                "INSERT INTO organizations(key, parent_id, name, kind, sector, term_elected_on, term_years, profile, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'national', ?8, ?8)",
                params![key, parent, format!("测试{key}支部"), kind, sector, term.map(|t| t.0), term.map(|t| t.1), STAMP],
            )
            .unwrap();
        self.ledger.conn().last_insert_rowid()
    }

    pub fn org_key(&self, id: i64) -> String {
        self.ledger.conn().query_row("SELECT key FROM organizations WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    }

    pub fn group(&mut self, org: i64) -> i64 {
        let key = self.key("g");
        self.ledger
            .conn()
            .execute(
                "INSERT INTO party_groups(key, org_id, name) VALUES (?1, ?2, ?3)",
                params![key, org, format!("{key}党小组")],
            )
            .unwrap();
        self.ledger.conn().last_insert_rowid()
    }

    /// A 正式党员 who joined on `joined` (转正 a year later).
    pub fn member(&mut self, org: i64, joined: &str) -> i64 {
        let full = zhibu_core::model::dates::add_months(d(joined), 12);
        self.member_with(org, joined, Some(full), "employed", false, None)
    }

    pub fn member_with(
        &mut self,
        org: i64,
        joined: &str,
        full_on: Option<NaiveDate>,
        category: &str,
        exempt: bool,
        group: Option<i64>,
    ) -> i64 {
        let key = self.key("m");
        let status = if full_on.is_some() { "full" } else { "probationary" };
        self.ledger
            .conn()
            .execute(
                "INSERT INTO members(key, org_id, group_id, name, gender, birth_date, status, joined_on, full_member_on, category, attendance_exempt, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '男', '1980-01-01', ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![key, org, group, format!("党员{key}"), status, joined, full_on, category, exempt, STAMP],
            )
            .unwrap();
        self.ledger.conn().last_insert_rowid()
    }

    pub fn member_key(&self, id: i64) -> String {
        self.ledger.conn().query_row("SELECT key FROM members WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    }

    pub fn position(&mut self, org: i64, member: i64, role: &str, from: &str) {
        self.ledger
            .conn()
            .execute(
                "INSERT INTO org_positions(org_id, member_id, role, from_date) VALUES (?1, ?2, ?3, ?4)",
                params![org, member, role, from],
            )
            .unwrap();
    }

    /// A sitting of `types` with everyone in `present` present; returns its key.
    pub fn sitting(&mut self, org: i64, date: &str, types: &[&str], present: &[i64]) -> String {
        self.sitting_full(org, date, types, present, None, None, None)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn sitting_full(
        &mut self,
        org: i64,
        date: &str,
        types: &[&str],
        present: &[i64],
        group: Option<i64>,
        lecturer: Option<i64>,
        hours_tenths: Option<i64>,
    ) -> String {
        let key = self.key("a");
        let conn = self.ledger.conn();
        conn.execute(
            "INSERT INTO activities(key, org_id, group_id, date, place, topic, lecturer_id, hours_tenths, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '活动室', '测试', ?5, ?6, ?7, ?7)",
            params![key, org, group, date, lecturer, hours_tenths, STAMP],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        for t in types {
            conn.execute("INSERT INTO activity_types(activity_id, type) VALUES (?1, ?2)", params![id, t]).unwrap();
        }
        for m in present {
            conn.execute(
                "INSERT INTO attendance(activity_id, member_id, status) VALUES (?1, ?2, 'present')",
                params![id, m],
            )
            .unwrap();
        }
        key
    }

    pub fn training(&mut self, member: i64, date: &str, tenths: i64) {
        self.ledger
            .conn()
            .execute(
                "INSERT INTO trainings(member_id, date, title, hours_tenths) VALUES (?1, ?2, ?3, ?4)",
                params![member, date, format!("培训{date}"), tenths],
            )
            .unwrap();
    }

    pub fn grade(&mut self, member: i64, year: i32, grade: &str) {
        self.ledger
            .conn()
            .execute(
                "INSERT INTO evaluations(member_id, year, grade) VALUES (?1, ?2, ?3)",
                params![member, year, grade],
            )
            .unwrap();
    }

    pub fn document(&mut self, org: i64, year: i32, kind: &str, recorded_on: &str) -> i64 {
        self.ledger
            .conn()
            .execute(
                "INSERT INTO documents(org_id, year, kind, title, created_at) VALUES (?1, ?2, ?3, '计划', ?4)",
                params![org, year, kind, format!("{recorded_on}T08:00:00Z")],
            )
            .unwrap();
        self.ledger.conn().last_insert_rowid()
    }

    pub fn publication(&mut self, org: i64, period: &str, on: &str) {
        self.ledger
            .conn()
            .execute(
                "INSERT INTO dues_publications(org_id, period, published_on, how) VALUES (?1, ?2, ?3, '公示栏')",
                params![org, period, on],
            )
            .unwrap();
    }
}
