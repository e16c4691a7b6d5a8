//! Imports of the files a secretary already has (issue 13): `messy` writes realistic files of every
//! shape, `roster_shapes` imports each one and says how it behaved.

pub mod messy;
mod roster_shapes;
