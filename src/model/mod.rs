//! The domain model: what the ledger keeps, with the checks each record must pass. No storage here.

pub mod citation;
pub mod codes;
pub mod dates;
pub mod id_number;
pub mod member;
pub mod money;
pub mod organization;
pub mod quota;
pub mod roll;
pub mod vote;

pub use codes::*;
pub use member::{Leaving, Member, MemberFields};
pub use organization::{OrgFields, Organization, PartyGroup, Position, PositionFields, Term};
