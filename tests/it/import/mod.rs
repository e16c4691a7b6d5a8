//! Imports of the files a secretary already has (issue 13): `messy` writes realistic files of every
//! shape, `roster_shapes` imports each one and says how it behaved; `history` the registers (三会一课,
//! 党费, 发展党员, 民主评议, 培训); `history_mapping` their columns mapped by hand and remembered,
//! and a 党委's register routed to its branches.

mod history;
mod history_mapping;
pub mod messy;
mod roster_shapes;
