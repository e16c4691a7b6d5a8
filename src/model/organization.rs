//! Party organisations (党委 → 总支 → 支部), their 党小组, terms and committee positions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{OrgKind, Role, Sector};
use crate::error::Problem;

/// The current term of the organisation's committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Term {
    pub elected_on: NaiveDate,
    pub years: u32,
}

impl Term {
    pub fn ends_on(&self) -> NaiveDate {
        crate::model::dates::add_months(self.elected_on, self.years * 12)
    }
}

/// What a person enters for an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrgFields {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    pub sector: Sector,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub parent_id: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub term: Option<Term>,
    pub profile: Option<String>,
}

impl OrgFields {
    /// The name printed where space is short (file names, a column naming each row's 支部): the
    /// 简称 when one is set, else the full name.
    pub fn short(&self) -> &str {
        self.short_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(&self.name)
    }

    pub fn new(name: &str, kind: OrgKind, sector: Sector) -> OrgFields {
        OrgFields {
            name: name.trim().to_string(),
            short_name: None,
            kind,
            sector,
            parent_id: None,
            founded_on: None,
            term: None,
            profile: Some("national".to_string()),
        }
    }

    pub fn check(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        if self.name.trim().is_empty() {
            p.push(Problem::new("name", "组织名称：不能为空"));
        }
        if let Some(t) = &self.term {
            if !(1..=10).contains(&t.years) {
                p.push(Problem::new("term.years", "任期年限：应在1到10年之间"));
            }
        }
        p
    }
}

/// 党小组
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartyGroup {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub leader_id: Option<i64>,
}

/// A committee position held over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Position {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member_name: String,
    pub role: Role,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What a person enters to record a committee position (登记委员): who, which post, from when (and,
/// for a past term, until when).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PositionFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub role: Role,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// An organisation as stored, with its groups and positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Organization {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    pub fields: OrgFields,
    pub groups: Vec<PartyGroup>,
    pub positions: Vec<Position>,
}
